"""The faster load of Rasa's TensorFlow models (bot/tooling/rasa_server.py) predicts exactly what
Rasa's own load predicts."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa.core.agent import Agent
from rasa.utils.tensorflow.models import RasaModel

from bot.settings import PROJECT_ROOT
from bot.tooling import rasa_server
from bot.tooling.evaluation import load_questions
from bot.tooling.fingerprint import model_path

QUESTIONS = [q.text for q in load_questions(PROJECT_ROOT / "tests/eval/questions.yml")][::6]


def parsed(agent: Agent) -> list[dict[str, Any]]:
    return [
        {
            key: value
            for key, value in asyncio.run(agent.parse_message(text)).items()
            if key in ("intent", "intent_ranking", "response_selector")
        }
        for text in [*QUESTIONS, "hello", "ok thanks"]
    ]


def test_the_faster_load_predicts_to_the_last_bit_what_rasa_s_load_predicts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = str(PROJECT_ROOT / model_path())
    rasa_s = parsed(Agent.load(model))
    monkeypatch.setattr(RasaModel, "load", RasaModel.load)  # put back after the test
    rasa_server.install()
    assert RasaModel.load.__func__ is rasa_server._load  # type: ignore[attr-defined]
    assert parsed(Agent.load(model)) == rasa_s
