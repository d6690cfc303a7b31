"""What bot/tooling/rasa_server.py changes in Rasa does what Rasa does: the faster load of the
TensorFlow models predicts exactly what Rasa's own load predicts, and so does the pipeline run
in the parsing threads."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
import rasa.shared.utils.common
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.utils.common import all_subclasses
from rasa.utils.tensorflow.models import RasaModel

from bot.settings import PROJECT_ROOT
from bot.tooling import rasa_server
from bot.tooling.evaluation import load_questions
from bot.tooling.fingerprint import model_path

QUESTIONS = [q.text for q in load_questions(PROJECT_ROOT / "tests/eval/questions.yml")][::6]


def put_back_after_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """What rasa_server.install() replaces."""
    monkeypatch.setattr(RasaModel, "load", RasaModel.load)
    monkeypatch.setattr(
        RemoteAction, "_validate_action_result", RemoteAction._validate_action_result
    )
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(Event.resolve_by_type))
    monkeypatch.setattr(MessageProcessor, "parse_message", MessageProcessor.parse_message)


def parsed(agent: Agent) -> list[dict[str, Any]]:
    return [
        {
            key: value
            for key, value in asyncio.run(agent.parse_message(text)).items()
            if key in ("intent", "intent_ranking", "response_selector")
        }
        for text in [*QUESTIONS, "hello", "ok thanks"]
    ]


@pytest.mark.model
def test_the_faster_load_predicts_to_the_last_bit_what_rasa_s_load_predicts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = str(PROJECT_ROOT / model_path())
    rasa_s = parsed(Agent.load(model))
    put_back_after_the_test(monkeypatch)
    rasa_server.install()
    assert RasaModel.load.__func__ is rasa_server._load  # type: ignore[attr-defined]
    assert MessageProcessor.parse_message is rasa_server._parse_message
    assert parsed(Agent.load(model)) == rasa_s


REPLIES: list[Any] = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "key_message", "value": "km-1", "timestamp": None}],
        "responses": [{"text": "hello", "buttons": [{"title": "a", "payload": "/a"}]}],
    },
    {"events": [{"event": "slot"}], "responses": []},
    {"events": [{"event": "no_such_event"}]},
    {"events": "not a list"},
    {"responses": ["not an object"]},
    "not an object",
]


def _checked(action: RemoteAction, reply: Any) -> bool | str:
    try:
        return action._validate_action_result(reply)
    except ValidationError as error:
        return f"{error.message} at {list(error.absolute_path)}"


def test_action_replies_are_checked_as_rasa_checks_them(monkeypatch: pytest.MonkeyPatch) -> None:
    action = RemoteAction("action_answer_learning", None)
    rasa_s = [_checked(action, reply) for reply in REPLIES]
    assert rasa_s[:2] == [True, True] and all(isinstance(seen, str) for seen in rasa_s[2:])
    put_back_after_the_test(monkeypatch)
    rasa_server.install()
    assert RemoteAction._validate_action_result is rasa_server._validate_action_result
    assert [_checked(action, reply) for reply in REPLIES] == rasa_s


def _resolved(type_name: str, default: type[Event] | None = None) -> type[Event] | None | str:
    try:
        return Event.resolve_by_type(type_name, default)
    except ValueError as error:
        return str(error)


def test_event_classes_are_found_by_name_as_rasa_finds_them_without_walking_them_each_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = sorted({cls.type_name for cls in all_subclasses(Event)})
    asked = [(name, None) for name in [*names, "topic", "no_such_event"]]
    asked += [("no_such_event", UserUttered), ("topic", UserUttered)]
    rasa_s = [_resolved(name, default) for name, default in asked]
    assert len(names) > 20 and rasa_s[-1] is None and rasa_s[-2] is UserUttered
    assert rasa_s[-3] == "Unknown event name 'no_such_event'."
    put_back_after_the_test(monkeypatch)
    rasa_server.install()
    assert [_resolved(name, default) for name, default in asked] == rasa_s
    walks: list[object] = []
    monkeypatch.setattr(
        rasa.shared.utils.common,
        "all_subclasses",
        lambda cls: walks.append(cls) or all_subclasses(cls),
    )
    events = [{"event": "user", "text": "hi", "parse_data": {}}, {"event": "action", "name": "a"}]
    assert [type(Event.from_parameters(event)) for event in events * 50] == [
        UserUttered,
        ActionExecuted,
    ] * 50
    assert walks == []


def test_two_conversations_messages_are_parsed_at_once_off_the_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each parse waits for the other to start: run one after the other on the event loop,
    as Rasa runs them, the first would wait in vain and the barrier break."""
    both_started = threading.Barrier(2, timeout=10)
    threads: list[str] = []

    def pipeline(message: UserMessage, tracker: Any, only_output: bool) -> dict[str, Any]:
        threads.append(threading.current_thread().name)
        both_started.wait()
        return {"text": message.text, "intent": {"name": "greet", "confidence": 1.0}}

    processor = object.__new__(MessageProcessor)
    processor.http_interpreter = None
    monkeypatch.setattr(processor, "_parse_message_with_graph", pipeline, raising=False)
    monkeypatch.setattr(processor, "_check_for_unseen_features", lambda parse_data: None)
    put_back_after_the_test(monkeypatch)
    rasa_server.install()

    async def two_conversations() -> list[dict[str, Any]]:
        loop_thread = threading.current_thread().name
        parsed = await asyncio.gather(
            *(processor.parse_message(UserMessage(text, sender_id=text)) for text in ("a", "b"))
        )
        assert loop_thread not in threads
        return parsed

    assert [p["text"] for p in asyncio.run(two_conversations())] == ["a", "b"]
    assert len(set(threads)) == 2 and all(name.startswith("rpa-parse") for name in threads)
