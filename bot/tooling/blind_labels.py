"""The key message each question of a released blind set is about, found by machine: the one
key message whose answer holds every group of the words the question expects (the check
`make eval` makes of a reply). A question two key messages answer, or none, says nothing
certain and is left out. Nobody labels a blind question by hand: a person reading them would
tune to them.

Only sets the manifest marks `released: true` are read: a set still blind must not inform
anything the assistant learns from (`released_questions` refuses the others).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.dialogue.answers.learning import key_message_answer, service_line
from bot.dialogue.retrieval import Ranker, knowledge_ranker, load_fusion
from bot.knowledge.models import KeyMessage
from bot.tooling.blind import BlindSet, load_manifest
from bot.tooling.compare import LEARNING_KINDS, AnswerTexts, answer_holds
from bot.tooling.conversation_eval import is_conversation_file
from bot.tooling.evaluation import Question, load_questions


@dataclass(frozen=True)
class Labelled:
    set_id: str
    question: Question
    key_message_id: str


def label(
    question: Question, messages: Mapping[str, KeyMessage], answers: AnswerTexts | None = None
) -> str | None:
    """The only key message whose answer holds what the question expects, or None."""
    holding = [k for k, message in messages.items() if answer_holds(question, message, answers)]
    return holding[0] if len(holding) == 1 else None


def released_questions(sets: Iterable[BlindSet]) -> list[tuple[str, Question]]:
    """(set id, question) for the learning questions of the released sets only."""
    return [
        (blind_set.id, question)
        for blind_set in sets
        if blind_set.released
        for path in blind_set.files
        if not is_conversation_file(path)
        for question in load_questions(path)
        if question.kind in LEARNING_KINDS
    ]


def labelled_questions(
    sets: Sequence[BlindSet], messages: Mapping[str, KeyMessage]
) -> list[Labelled]:
    """The released sets' learning questions that one key message answers, each with it."""
    found = []
    answers: AnswerTexts = {}
    for set_id, question in released_questions(sets):
        key = label(question, messages, answers)
        if key is not None:
            found.append(Labelled(set_id, question, key))
    return found


def taught_examples(labelled: Iterable[Labelled]) -> dict[str, list[str]]:
    """The labelled questions as extra example lines, under their key messages."""
    lines: dict[str, list[str]] = {}
    for item in labelled:
        lines.setdefault(item.key_message_id, []).append(item.question.text)
    return lines


def taught_lines(
    sets: Sequence[BlindSet], messages: Sequence[KeyMessage], cache_dir: Path
) -> dict[str, list[str]]:
    """`taught_examples` of the released sets, kept in `cache_dir` by everything a label
    depends on (the released files, each answer and the services it may name), so a server's
    first answer does not parse and label a thousand questions (`knowledge load` fills it)."""
    released = [path for blind_set in sets if blind_set.released for path in blind_set.files]
    parts = [path.read_text(encoding="utf-8") for path in released]
    for message in messages:
        parts.append(json.dumps([r.text for r in key_message_answer(message)]))
        parts += [f"{s.id}|{s.name}|{service_line(s)}" for s in message.signposts]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]
    path = cache_dir / f"taught-{digest}.json"
    if path.exists():
        cached: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
        return cached
    lines = taught_examples(labelled_questions(sets, {m.id: m for m in messages}))
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(lines), encoding="utf-8")
    partial.replace(path)
    return lines


def assistant_ranker(
    messages: Sequence[KeyMessage],
    glossary: Sequence[Mapping[str, Any]],
    cache_dir: Path,
    sets: Sequence[BlindSet] | None = None,
) -> Ranker:
    """The ranker the assistant answers with: the knowledge's lines, the released sets'
    labelled questions as more examples, and the learned fusion (measured leaving one set
    out: config.yml, the README)."""
    taught = taught_lines(load_manifest() if sets is None else sets, messages, cache_dir)
    return knowledge_ranker(messages, glossary, cache_dir, taught, load_fusion())
