"""The open question policy (bot/dialogue/open_questions.py): a typed reflection while a live
workshop's free-text question is open, or a typed letter while options wait, goes to the
answering action whatever the model made of it; anything else is left to the rules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue.open_questions import OpenQuestionPolicy, answering_action
from bot.dialogue.workshop_requests import PLAN_HEADING
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.live_workshop import service
from bot.live_workshop.plan import Kind, build_plan
from bot.live_workshop.service import Control, Workshops
from bot.names import (
    ACTION_CHOOSE_OPTION,
    ACTION_PLAN_WORKSHOP,
    ACTION_WORKSHOP_ANSWER,
    ACTIVITY_SLOT,
    DANGER_POSSIBLE,
    IMMEDIATE_RISK_INTENT,
    WORKSHOP_CODE_SLOT,
)
from bot.settings import ENV_DATABASE_URL, Settings

SENDER = "conversation-in-the-room"
DOMAIN = Domain.from_dict(
    {
        "intents": ["ask_learning", "acknowledge", "join_workshop", "choose_option"],
        "slots": {
            WORKSHOP_CODE_SLOT: {"type": "text", "mappings": [{"type": "custom"}]},
            ACTIVITY_SLOT: {"type": "any", "mappings": [{"type": "custom"}]},
        },
        "actions": [ACTION_WORKSHOP_ANSWER, ACTION_CHOOSE_OPTION, "action_answer_learning"],
    }
)


@pytest.fixture
def live(
    fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Workshops, int, str]]:
    load_knowledge(fixture_settings, environ={})
    monkeypatch.setenv(ENV_DATABASE_URL, fixture_settings.database_url)
    workshops = service.stored_workshops()
    store = KnowledgeStore.from_settings(fixture_settings)
    with store.session() as session:
        source, title, steps = build_plan(store, session, "send-adam")
    started = workshops.start(source, "send-adam", title, steps, team_mode=False)
    workshops.join(started.code, sender=SENDER)
    yield workshops, started.id, started.code


def policy(tmp_path: Path) -> OpenQuestionPolicy:
    return OpenQuestionPolicy(
        OpenQuestionPolicy.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("open_questions"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def conversation(
    text: str, intent: str, sender: str = SENDER, **slots: Any
) -> DialogueStateTracker:
    events = [SlotSet(name, value) for name, value in slots.items()]
    events += [
        ActionExecuted(ACTION_LISTEN_NAME),
        UserUttered(text, {"name": intent, "confidence": 0.9}),
    ]
    return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)


def predicted(tmp_path: Path, tracker: DialogueStateTracker) -> str | None:
    prediction = policy(tmp_path).predict_action_probabilities(tracker, DOMAIN)
    if not any(prediction.probabilities):
        return None
    best = max(range(len(prediction.probabilities)), key=prediction.probabilities.__getitem__)
    return DOMAIN.action_names_or_texts[best]


def open_step(workshops: Workshops, session_id: int, kind: Kind) -> None:
    snapshot = workshops.snapshot(session_id)
    assert snapshot is not None
    target = next(i for i, step in enumerate(snapshot.steps) if step.kind is kind)
    for _ in range(target):
        workshops.control(session_id, Control.NEXT)
    workshops.control(session_id, Control.OPEN)


def test_a_reflection_typed_while_the_free_text_question_is_open_is_an_answer(
    tmp_path: Path, live: tuple[Workshops, int, str]
) -> None:
    workshops, session_id, code = live
    typed = "I would check what the school nurse knew"
    slots = {WORKSHOP_CODE_SLOT: code}
    assert predicted(tmp_path, conversation(typed, "ask_learning", **slots)) is None  # closed
    open_step(workshops, session_id, Kind.REFLECT)
    assert predicted(tmp_path, conversation(typed, "ask_learning", **slots)) == (
        ACTION_WORKSHOP_ANSWER
    )
    assert predicted(tmp_path, conversation(f"answer: {typed}", "nlu_fallback", **slots)) == (
        ACTION_WORKSHOP_ANSWER
    )
    # Not for "ok", the workshop's own commands, a button, another conversation, or no code.
    assert predicted(tmp_path, conversation("ok", "acknowledge", **slots)) is None
    assert predicted(tmp_path, conversation("current question", "join_workshop", **slots)) is None
    assert predicted(tmp_path, conversation("/join_workshop", "join_workshop", **slots)) is None
    assert predicted(tmp_path, conversation(typed, "ask_learning", "someone-else", **slots)) is None
    assert predicted(tmp_path, conversation(typed, "ask_learning")) is None


def test_a_typed_letter_answers_open_options_and_then_the_conversation_waits(
    tmp_path: Path, live: tuple[Workshops, int, str]
) -> None:
    workshops, session_id, code = live
    open_step(workshops, session_id, Kind.STAGE)
    slots = {WORKSHOP_CODE_SLOT: code}
    assert predicted(tmp_path, conversation("a", "nlu_fallback", **slots)) == ACTION_WORKSHOP_ANSWER
    assert (
        predicted(tmp_path, conversation("what is a chronology", "ask_learning", **slots)) is None
    )
    answered = conversation("A", "nlu_fallback", **slots)
    answered.update(ActionExecuted(ACTION_WORKSHOP_ANSWER, policy="policy_0_OpenQuestionPolicy"))
    assert predicted(tmp_path, answered) == ACTION_LISTEN_NAME


def test_a_lone_letter_answers_a_chat_quiz_or_walk_through_question(tmp_path: Path) -> None:
    waiting = {"kind": "quiz", "questions": ["quiz-1"], "index": 0, "waiting": True}
    assert predicted(tmp_path, conversation("a", "nlu_fallback", activity=waiting)) == (
        ACTION_CHOOSE_OPTION
    )
    assert predicted(tmp_path, conversation("B", "greet", activity=waiting)) == ACTION_CHOOSE_OPTION
    revealed = {**waiting, "waiting": False}
    assert predicted(tmp_path, conversation("a", "nlu_fallback", activity=revealed)) is None
    assert predicted(tmp_path, conversation("a", "nlu_fallback")) is None


def after_a_plan(text: str, intent: str, danger: bool = False) -> DialogueStateTracker:
    """The latest message right after the assistant gave a 90-minute session plan, marked
    by the safety step as possible danger or not."""
    read = {"name": intent, "confidence": 0.9}
    parse = {"text": text, "intent": read, DANGER_POSSIBLE: True} if danger else None
    events = [
        ActionExecuted(ACTION_LISTEN_NAME),
        UserUttered("plan a workshop on the SEND audit", {"name": "ask_workshop"}),
        ActionExecuted(ACTION_PLAN_WORKSHOP),
        BotUttered(f"{PLAN_HEADING}90-minute workshop on the SEND audit 2016-17: ..."),
        ActionExecuted(ACTION_LISTEN_NAME),
        UserUttered(text, read, parse_data=parse),
    ]
    return DialogueStateTracker.from_events(SENDER, events, DOMAIN.slots)


def test_a_change_of_length_right_after_a_plan_re_times_it() -> None:
    assert answering_action(after_a_plan("shorten it to 60 mins", "ask_learning")) == (
        ACTION_PLAN_WORKSHOP
    )


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("can we swap the autism section for one on young carers", ACTION_PLAN_WORKSHOP),
        ("do neglect instead of the case recording bit", ACTION_PLAN_WORKSHOP),
        ("why do we say was not brought instead of did not attend", None),
    ],
)
def test_a_part_swapped_right_after_a_plan_changes_it(text: str, action: str | None) -> None:
    """Whatever the model made of the topics it names, a swap is the plan's to make."""
    assert answering_action(after_a_plan(text, "ask_learning")) == action


@pytest.mark.parametrize(
    "text", ["he's been missing for 3 hours", "dad is hitting her, cut it short"]
)
def test_danger_told_after_a_plan_is_left_to_the_urgent_advice(text: str) -> None:
    """A length or "cut" in a message about a child in danger is no change to the plan."""
    assert answering_action(after_a_plan(text, IMMEDIATE_RISK_INTENT)) is None
    assert answering_action(after_a_plan(text, "ask_learning", danger=True)) is None
