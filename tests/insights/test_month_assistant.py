"""The conversation part of a month of traffic, played through the real assistant (the session's
servers: model, actions, REST channel, and a live workshop in their database): questions it
answers, questions it declines as outside the audits, and the turns around them (thanks, a
correction, a quiz letter, a typed reason after "not helpful", workshop reflections). What
the learning lead sees must count each question once, under what happened to it, and never a
turn as a question. The servers' database is shared by the session, so the figures are
compared before and after this traffic.

What older versions stored (turns kept as unanswered questions, forged key-message ids) cannot
be produced by today's assistant: test_month.py records those, with the report's arithmetic
over thirty days.
"""

from __future__ import annotations

import urllib.error
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

from bot.insights.report import Insights, compute, uncovered_topic_labels
from bot.insights.turns import MOVE_LABELS, Move
from bot.knowledge.store import KnowledgeStore
from bot.live_workshop.plan import Kind
from bot.live_workshop.service import Control
from bot.settings import PROJECT_ROOT, Settings
from bot.tooling.evaluation import ask
from tests.live_workshop.live import started_workshop
from tests.support import Assistant

ANSWERED = ("what is disguised compliance?", "how do I escalate when a social worker won't act")
DECLINED = {
    "fgm": "FGM what should a school nurse do",
    "radicalisation": "how do I spot radicalisation online",
    "lone-working": "lone working policy for evening home visits",
}
"""The issue's three questions that got confident, unrelated answers."""
REFLECTIONS = ("answer: I would call a strategy meeting", "I would ask the school nurse first")
TURN_TEXTS = ("ok thanks", "no I meant the other one", "b", *REFLECTIONS)
"""Never a question: the correction and the quiz letter need not be named as turns either."""
TURN_TIMEOUT_S = 60.0
WARM_UP_ATTEMPTS = 4


HEARD: list[str] = []
"""Every turn and the start of its reply, for the message of a failed assertion."""


class Conversation:
    def __init__(self, assistant: Assistant) -> None:
        self.url = assistant.url
        self.sender = uuid.uuid4().hex
        self.said: list[tuple[str, list[dict[str, Any]]]] = []

    def __call__(self, text: str) -> list[dict[str, Any]]:
        replies = ask(self.url, text, self.sender, timeout=TURN_TIMEOUT_S)
        assert replies, f"no reply to {text!r}"
        self.said.append((text, replies))
        HEARD.append(f"{text!r} -> {' | '.join((r.get('text') or '')[:70] for r in replies)}")
        return replies


def button(replies: list[dict[str, Any]], words: str) -> str:
    titles = [b for r in replies for b in r.get("buttons") or []]
    found = [b["payload"] for b in titles if words in b["title"].lower()]
    assert found, (words, [b["title"] for b in titles])
    return str(found[0])


def warm_up(assistant: Assistant) -> None:
    """The first question to a fresh server loads the action server's encoder, which on a
    loaded machine can outlast the web server's 60 s response timeout (a 503): asked again,
    as the same sender, it waits for the first to finish. Before the figures are taken."""
    sender = uuid.uuid4().hex
    for _ in range(WARM_UP_ATTEMPTS):
        try:
            ask(assistant.url, ANSWERED[0], sender, timeout=TURN_TIMEOUT_S)
            return
        except (urllib.error.HTTPError, TimeoutError):
            continue
    raise AssertionError("the assistant never answered a first question")


def insights_now(store: KnowledgeStore) -> Insights:
    today = datetime.now(timezone.utc).date()
    labels = uncovered_topic_labels(PROJECT_ROOT / "knowledge")
    return compute(store, today - timedelta(days=1), today + timedelta(days=1), topic_labels=labels)


def play(assistant: Assistant) -> tuple[int, Counter[str]]:
    """Plays the conversations; how many questions they ask, and the turns they hold that
    insights names (by label)."""
    questions = 0
    turns: Counter[str] = Counter()
    for question in ANSWERED:
        Conversation(assistant)(question)
        questions += 1
    thanks = Conversation(assistant)
    thanks(ANSWERED[0])
    thanks("ok thanks")
    questions += 1
    turns[MOVE_LABELS[Move.ACKNOWLEDGEMENT]] += 1
    correcting = Conversation(assistant)
    correcting(ANSWERED[0])
    correcting("no I meant the other one")
    questions += 1
    for question in DECLINED.values():
        Conversation(assistant)(question)
        questions += 1
    quiz = Conversation(assistant)
    quiz("quiz me on the SEND audit")
    quiz("b")
    unhelped = Conversation(assistant)
    asked = unhelped(ANSWERED[0])
    unhelped(button(asked, "not helpful"))
    # "What were you looking for?": what is typed now is asked again, so it is a question
    unhelped("too general for a school nurse")
    questions += 2

    workshops, session_id, code = started_workshop(assistant)
    snapshot = workshops.snapshot(session_id)
    assert snapshot is not None
    reflect = next(i for i, step in enumerate(snapshot.steps) if step.kind is Kind.REFLECT)
    for _ in range(reflect):
        workshops.control(session_id, Control.NEXT)
    in_the_room = [Conversation(assistant) for _ in REFLECTIONS]
    for person in in_the_room:
        person(f"join {code}")
    workshops.control(session_id, Control.OPEN)
    for person, reflection in zip(in_the_room, REFLECTIONS, strict=True):
        assert "Your answer is in" in " ".join(r.get("text") or "" for r in person(reflection))
        turns[MOVE_LABELS[Move.WORKSHOP_ANSWER]] += 1
    workshops.control(session_id, Control.END)
    counted = workshops.snapshot(session_id)
    assert counted is not None and len(counted.texts) == len(REFLECTIONS)
    return questions, turns


def test_a_month_of_conversations_counts_questions_once_and_turns_never(
    assistant: Assistant,
) -> None:
    # from_settings creates the usage events' table, which the action server makes on first use
    settings = Settings(f"sqlite:///{assistant.knowledge_db}", PROJECT_ROOT / "knowledge", None)
    store = KnowledgeStore.from_settings(settings)
    warm_up(assistant)
    before = insights_now(store)
    questions, intended_turns = play(assistant)
    after = insights_now(store)

    heard = "\n".join(HEARD) + f"\nbefore: {before.outcomes}\nafter: {after.outcomes}"
    assert after.questions - before.questions == questions, heard
    assert after.outcomes.declined - before.outcomes.declined == len(DECLINED), heard
    assert after.outcomes.not_understood == before.outcomes.not_understood, heard
    declined_before = {t.topic: t.questions for t in before.declined_topics}
    declined = {
        t.topic: t.questions - declined_before.get(t.topic, 0)
        for t in after.declined_topics
        if t.questions != declined_before.get(t.topic, 0)
    }
    labels = uncovered_topic_labels(PROJECT_ROOT / "knowledge")
    assert declined == {labels[topic]: 1 for topic in DECLINED}
    turns = Counter(dict(after.outcomes.turns))
    turns.subtract(Counter(dict(before.outcomes.turns)))
    assert +turns & intended_turns == intended_turns, heard  # thanks counted as acknowledgement
    assert sum((+turns).values()) <= len(TURN_TEXTS), heard

    unanswered = {e for g in after.unanswered_groups for e in g.examples}
    assert not unanswered & set(TURN_TEXTS), "a turn was counted as a question"
    store.engine.dispose()
