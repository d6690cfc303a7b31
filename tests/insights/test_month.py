"""A month of mixed traffic on the real knowledge, recorded as the actions record it (through
`record`, so every text is minimised), including what older versions stored: the learning
lead's figures must count each question once, under what happened to it, and never count a
conversation turn as a question.

The traffic is random but seeded, and every expected figure is tallied as it is generated,
never read back from the events table. This is the report's arithmetic over thirty days and
what older versions stored; the conversations themselves are played through the real
assistant in test_month_assistant.py.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest

from bot.insights import export
from bot.insights.events import Event, EventKind, record, stored_text
from bot.insights.report import NOT_COVERED, Insights, compute
from bot.insights.turns import MOVE_LABELS, Move
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import PROJECT_ROOT, Settings

START = date(2026, 5, 1)
DAYS = 30
END = START + timedelta(days=DAYS - 1)
LOW = 0.5
QUESTIONS = (
    "mum cancels every appointment",
    "what about lone working policy for evening home visits",
    "signs of county lines",
    "signs of FGM in a baby girl",
    "how do I spot radicalisation online",
    "private fostering notification",
)
"""Not understood by the older assistant: real questions, which must be grouped."""
DECLINED = {
    "fgm": ("FGM what should a school nurse do", "female genital mutilation duty to report"),
    "radicalisation": ("how do I spot radicalisation online", "prevent referral for a pupil"),
    "lone-working": ("lone working policy for evening home visits", "lone worker safety"),
}
"""Questions the assistant declines, by topic id, as the understanding step records them."""
LEGACY_TURNS = {
    Move.ACKNOWLEDGEMENT: ("ok", "ok thanks", "im fine", "fine", "no not really", "cool"),
    Move.CORRECTION: ("no I meant the other one", "thats not what I asked", "wrong answer"),
    Move.WORKSHOP_ANSWER: ("answer: I would call a strategy meeting", "my answer is escalate"),
    Move.QUIZ_LETTER: ("b", "A", "option c"),
}
"""What versions before the CONVERSATION_TURN event stored as unanswered questions."""
TYPED_REASONS = ("too general for a school nurse", "wanted the phone number")


@dataclass
class Expected:
    questions: int = 0
    answered: int = 0
    low_confidence: int = 0
    not_understood: Counter[str] = field(default_factory=Counter)
    declined: Counter[str] = field(default_factory=Counter)
    turns: Counter[str] = field(default_factory=Counter)


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Insights, Expected]]:
    folder = tmp_path_factory.mktemp("month")
    settings = Settings(f"sqlite:///{folder / 'month.db'}", PROJECT_ROOT / "knowledge", None)
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    try:
        expected = play_a_month(store, random.Random(25))
        yield compute(store, START, END, LOW, {"fgm": "female genital mutilation"}), expected
    finally:
        store.engine.dispose()


def play_a_month(store: KnowledgeStore, rng: random.Random) -> Expected:
    with store.session() as session:
        messages = [(m.id, m.theme_id) for m in store.key_messages(session)]
    expected = Expected()
    for _ in range(400):
        when = datetime.combine(START, datetime.min.time()) + timedelta(
            days=rng.randrange(DAYS), hours=rng.randrange(8, 19)
        )
        channel = rng.choice(("webchat", "teams"))

        def log(event: Event, at: datetime = when) -> None:
            record(store, event, at)

        kind = rng.choice(("answer", "answer", "unclear", "declined", "turn", "legacy", "reason"))
        if kind == "answer":
            key_message_id, theme_id = rng.choice(messages)
            confidence = rng.choice((0.25, 0.45, 0.7, 0.95, None))
            log(Event(EventKind.ANSWERED, channel, key_message_id, theme_id, confidence=confidence))
            expected.questions += 1
            expected.answered += 1
            expected.low_confidence += confidence is not None and confidence < LOW
            if rng.random() < 0.3:
                log(Event(EventKind.FEEDBACK, channel, key_message_id, helpful=rng.random() < 0.6))
            if rng.random() < 0.05:  # a forged id, written before the actions refused them
                log(Event(EventKind.FEEDBACK, channel, "junk-" + str(rng.random()), helpful=True))
        elif kind == "unclear":
            text = rng.choice(QUESTIONS)
            log(Event(EventKind.UNANSWERED, channel, text=text))
            expected.questions += 1
            expected.not_understood[str(stored_text(text))] += 1
        elif kind == "declined":
            topic = rng.choice(sorted(DECLINED))
            log(Event(EventKind.DECLINED, channel, topic=topic, text=rng.choice(DECLINED[topic])))
            expected.questions += 1
            expected.declined[topic] += 1
        elif kind == "turn":  # as the moves and workshop steps record a turn now
            move = rng.choice(list(Move))
            log(Event(EventKind.CONVERSATION_TURN, channel, reason=move.value))
            expected.turns[MOVE_LABELS[move]] += 1
        elif kind == "legacy":
            move = rng.choice(sorted(LEGACY_TURNS))
            log(Event(EventKind.UNANSWERED, channel, text=rng.choice(LEGACY_TURNS[move])))
            expected.turns[MOVE_LABELS[move]] += 1
        else:  # a typed reason, which older versions also stored as unanswered
            key_message_id, _theme_id = rng.choice(messages)
            text = rng.choice(TYPED_REASONS)
            log(Event(EventKind.FEEDBACK_REASON, channel, key_message_id, text=text))
            log(Event(EventKind.UNANSWERED, channel, text=text))
            expected.turns[MOVE_LABELS[Move.FEEDBACK_REASON]] += 1
    return expected


def test_every_question_is_counted_once_under_what_happened_to_it(
    month: tuple[Insights, Expected],
) -> None:
    insights, expected = month
    outcomes = insights.outcomes
    assert insights.questions == expected.questions
    assert (outcomes.all_answered, outcomes.low_confidence) == (
        expected.answered,
        expected.low_confidence,
    )
    assert outcomes.declined == sum(expected.declined.values())
    assert insights.unanswered == outcomes.not_understood == sum(expected.not_understood.values())
    assert sum(count for _, count in insights.channels) == expected.questions


def test_no_acknowledgement_correction_workshop_answer_or_reason_is_a_question(
    month: tuple[Insights, Expected],
) -> None:
    insights, expected = month
    assert dict(insights.outcomes.turns) == dict(expected.turns)
    grouped = Counter(example for group in insights.unanswered_groups for example in group.examples)
    assert set(grouped) <= set(expected.not_understood), "a turn was grouped as a question"
    sizes = sum(group.size for group in insights.unanswered_groups)
    assert sizes + insights.unanswered_ungrouped == sum(expected.not_understood.values())
    labels = {group.label.lower() for group in insights.unanswered_groups}
    assert not labels & {"ok", "fine", "im", "come", "answer", "b", "thanks"}


def test_every_declined_question_appears_under_its_topic(month: tuple[Insights, Expected]) -> None:
    insights, expected = month
    shown = {topic.topic: topic.questions for topic in insights.declined_topics}
    assert shown == {
        "female genital mutilation": expected.declined["fgm"],
        "radicalisation": expected.declined["radicalisation"],
        "lone working": expected.declined["lone-working"],
    }
    lone = next(t for t in insights.declined_topics if t.topic == "lone working")
    assert "lone working policy for evening home visits" in lone.examples, "topic word kept"
    gaps = {gap.theme: gap.questions for gap in insights.practice_gaps if gap.kind == NOT_COVERED}
    assert gaps == shown
    rows = export.TABLES["declined_topics"](insights)
    assert {str(row[0]): row[1] for row in rows[1:]} == shown


def test_groups_keep_topics_apart_and_feedback_names_only_real_key_messages(
    month: tuple[Insights, Expected],
) -> None:
    insights, _expected = month
    for group in insights.unanswered_groups:
        topics = {
            word
            for example in group.examples
            for word in ("county", "FGM", "radicalisation", "fostering", "lone", "appointment")
            if word in example
        }
        assert len(topics) <= 1, (group.label, group.examples)
    assert not [row for row in insights.helpfulness if row.key_message_id.startswith("junk-")]
