"""Side by side on the same questions: the response selector alone, BM25 alone, the nearest
example alone, and their fusions (`python -m bot nlu compare`, run by `make eval`).

A method is right on a question when the answer of the key message it puts first holds the
words the question expects (the same check `make eval` makes of a reply). Only questions
about the learning (kinds topic and risk_practice) are counted.
"""

from __future__ import annotations

import asyncio
import json
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from bot.dialogue import understanding
from bot.dialogue.answers.learning import key_message_answer, mentions_service, steps_in_order
from bot.dialogue.retrieval import Ranker, fused
from bot.dialogue.understanding import Ranked
from bot.knowledge.models import KeyMessage
from bot.tooling.evaluation import Question, load_questions, passes

LEARNING_KINDS = ("topic", "risk_practice")
METHODS = (
    "selector",
    "bm25",
    "nearest",
    "selector+bm25",
    "selector+nearest",
    "all three",
    "used (learned fusion)",
)


def rankings(text: str, selector: Sequence[Ranked], ranker: Ranker) -> dict[str, list[Ranked]]:
    bm25, nearest = ranker.second_opinions(text)
    return {
        "selector": list(selector),
        "bm25": bm25,
        "nearest": nearest,
        "selector+bm25": fused([selector, bm25]),
        "selector+nearest": fused([selector, nearest]),
        "all three": fused([selector, bm25, nearest]),
        "used (learned fusion)": ranker.opinion(
            text, selector, understanding.is_confident(selector)
        ).ranking,
    }


AnswerTexts = dict[tuple[str, tuple[str, ...], tuple[str, ...]], str]
"""Answers already built, by key message, the services the question names and the order of
the steps it chooses (the parts of an answer that depend on the question; a step it asks
about by meaning needs the encoder, which labelling does not use)."""


def answer_holds(
    question: Question, message: KeyMessage, answers: AnswerTexts | None = None
) -> bool:
    named = tuple(s.id for s in message.signposts if mentions_service(question.text, s))
    # the question can also choose which steps come first ("if my manager can't sort it")
    key = (message.id, named, tuple(steps_in_order(message.actions, (), question.text)))
    answers = {} if answers is None else answers
    if key not in answers:
        replies = key_message_answer(message, question.text)
        text = " ".join(r.text + " " + " ".join(b.title for b in r.buttons) for r in replies)
        answers[key] = text.lower()
    return passes(question, answers[key])


def score(
    questions: Iterable[Question],
    parse: Callable[[str], Mapping[str, Any]],
    ranker: Ranker,
    messages: Mapping[str, KeyMessage],
) -> dict[str, tuple[int, int]]:
    """Per method: questions whose first key message is right, of the learning questions."""
    right = dict.fromkeys(METHODS, 0)
    total = 0
    for question in questions:
        if question.kind not in LEARNING_KINDS:
            continue
        total += 1
        selector = understanding.key_message_ranking(parse(question.text))
        for method, ranking in rankings(question.text, selector, ranker).items():
            if ranking and answer_holds(question, messages[ranking[0].key_message_id]):
                right[method] += 1
    return {method: (count, total) for method, count in right.items()}


def format_scores(name: str, scores: Mapping[str, tuple[int, int]]) -> str:
    lines = [f"{name}: right key message first, by method"]
    for method, (right, total) in scores.items():
        share = f"{right / total:.1%}" if total else "-"
        lines.append(f"  {method:<18} {right}/{total} ({share})")
    return "\n".join(lines)


def model_parser(model: Path) -> Callable[[str], Mapping[str, Any]]:
    """Parses with the trained model in this process (the REST channel hides the ranking)."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    def parse(text: str) -> Mapping[str, Any]:
        return asyncio.run(agent.parse_message(text))

    return parse


def served_parser(url: str) -> Callable[[str], Mapping[str, Any]]:
    """Parses with a running assistant's NLU (`make run`; /model/parse keeps the ranking)."""

    def parse(text: str) -> Mapping[str, Any]:
        request = urllib.request.Request(
            f"{url.rstrip('/')}/model/parse",
            data=json.dumps({"text": text}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            parsed: Mapping[str, Any] = json.load(response)
        return parsed

    return parse


def compare_files(
    files: Sequence[Path],
    parse: Callable[[str], Mapping[str, Any]],
    ranker: Ranker,
    messages: Mapping[str, KeyMessage],
) -> str:
    return "\n".join(
        format_scores(str(path), score(load_questions(path), parse, ranker, messages))
        for path in files
    )
