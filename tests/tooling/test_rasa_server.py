"""The faster load of Rasa's TensorFlow models (bot/tooling/rasa_server.py) predicts exactly what
Rasa's own load predicts."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import rasa.shared.utils.common
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
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
