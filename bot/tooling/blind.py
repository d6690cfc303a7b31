"""Blind evaluation sets (tests/eval/blind/): sentences written from the audits and a persona
only, scored once on first contact, and kept out of the training data until released.

A sentence the model was trained on measures memory, not understanding: the manifest says
which sets are still blind, and `leaked_sentences` finds any of their sentences in the
training data (hand-written and generated NLU, the knowledge's example questions).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.dialogue import coverage, retrieval
from bot.knowledge.schema import KEY_MESSAGES
from bot.knowledge.validation import check_knowledge
from bot.knowledge.yaml_source import read_yaml
from bot.nlu_examples import ANNOTATION
from bot.settings import PROJECT_ROOT
from bot.tooling.conversation_eval import is_conversation_file, load_conversations
from bot.tooling.evaluation import QuestionFileError, load_questions

BLIND_DIR = PROJECT_ROOT / "tests" / "eval" / "blind"
MANIFEST = "manifest.yml"
REQUIRED_FIELDS = ("id", "written_by", "written_from", "written", "files", "released")
MIN_WORDS = 4
"""Shorter turns ("ok", "cheers", "what else", "deshawn case") are what anyone types: finding
one in the training data says nothing about a leak, and they are the words of the moves the
assistant must understand however they are written."""


@dataclass(frozen=True)
class FirstContact:
    """The figures of the one run before anything was tuned to the set."""

    scored: date
    figures: dict[str, str]


@dataclass(frozen=True)
class BlindSet:
    id: str
    written_by: str
    written_from: str
    written: date
    files: tuple[Path, ...]
    released: bool
    first_contact: FirstContact | None
    coincident: frozenset[str] = frozenset()
    """Sentences the set's writer and the team each wrote without seeing the other's (found by
    the leak check, declared in the manifest): not leaks, but not blind either."""


def _date(value: Any, where: str, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise QuestionFileError(f"{where}: field '{name}' must be a date (YYYY-MM-DD)") from error


def _first_contact(value: Any, where: str) -> FirstContact | None:
    if value is None:
        return None
    figures = value.get("figures") if isinstance(value, dict) else None
    if not isinstance(figures, dict) or not figures:
        raise QuestionFileError(
            f"{where}: field 'first_contact' needs 'scored' (a date) and 'figures' (a mapping)"
        )
    return FirstContact(
        _date(value.get("scored"), where, "first_contact.scored"),
        {str(name): str(figure) for name, figure in figures.items()},
    )


def load_manifest(directory: Path = BLIND_DIR) -> list[BlindSet]:
    """Every blind set the manifest lists; a malformed entry names file, line and field, and a
    listed file that is missing is an error (a set that is not scored is not blind either)."""
    path = directory / MANIFEST
    document = read_yaml(path)
    entries = document.get("sets") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise QuestionFileError(f"{path}: expected a mapping with a list 'sets'")
    sets = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}:{getattr(entry, 'line', '?')} (set {number})"
        if not isinstance(entry, dict):
            raise QuestionFileError(f"{where}: not a mapping")
        for name in REQUIRED_FIELDS:
            if entry.get(name) in (None, ""):
                raise QuestionFileError(f"{where}: field '{name}' is missing")
        if not isinstance(entry["released"], bool):
            raise QuestionFileError(f"{where}: field 'released' must be true or false")
        files = entry["files"]
        if not isinstance(files, list) or not files:
            raise QuestionFileError(f"{where}: field 'files' must be a non-empty list")
        paths = tuple(directory / str(entry["id"]) / str(name) for name in files)
        for file in paths:
            if not file.is_file():
                raise QuestionFileError(f"{where}: field 'files': {file} does not exist")
        sets.append(
            BlindSet(
                id=str(entry["id"]),
                written_by=str(entry["written_by"]),
                written_from=str(entry["written_from"]),
                written=_date(entry["written"], where, "written"),
                files=paths,
                released=entry["released"],
                first_contact=_first_contact(entry.get("first_contact"), where),
                coincident=frozenset(normalised(str(c)) for c in entry.get("coincident") or []),
            )
        )
    return sets


def normalised(sentence: str) -> str:
    """Case and spacing do not make a sentence new."""
    return " ".join(sentence.lower().split())


def set_sentences(blind_set: BlindSet) -> list[tuple[str, str]]:
    """Every sentence a person types in the set (questions and conversation turns), each with
    where it is."""
    found = []
    for path in blind_set.files:
        if is_conversation_file(path):
            for conversation in load_conversations(path):
                found += [
                    (turn.say, f"{path}:{turn.line}")
                    for turn in conversation.turns
                    if turn.say is not None
                ]
        else:
            found += [(q.text, f"{path}:{q.line}") for q in load_questions(path)]
    return found


def _nlu_examples(path: Path) -> Iterable[str]:
    document = read_yaml(path)
    for block in (document or {}).get("nlu") or []:
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                yield ANNOTATION.sub(r"\1", line[2:])


def training_sentences(root: Path = PROJECT_ROOT) -> set[str]:
    """Every sentence the assistant learns from, normalised: data/**/nlu.yml (generated files
    included), the example questions in knowledge/, the taught lines (taught.yml) and the
    coverage judge's examples (coverage_examples.yml)."""
    sentences = {
        normalised(example)
        for path in sorted((root / "data").rglob("nlu.yml"))
        for example in _nlu_examples(path)
    }
    for message in check_knowledge(root / "knowledge").of(KEY_MESSAGES):
        sentences.update(normalised(example) for example in message["example_questions"])
    taught = retrieval.load_taught(root / retrieval.TAUGHT_FILE.relative_to(PROJECT_ROOT))
    sentences.update(normalised(line) for lines in taught.values() for line in lines)
    examples = coverage.load_examples(root / coverage.EXAMPLES_FILE.relative_to(PROJECT_ROOT))
    sentences.update(normalised(line) for line in (*examples.uncovered, *examples.learning))
    return sentences


def leaked_sentences(
    sets: Iterable[BlindSet], training: set[str] | None = None
) -> list[tuple[str, str, str]]:
    """(set id, where, sentence) for every sentence of a not yet released set, of MIN_WORDS
    words or more, that is in the training data."""
    training = training_sentences() if training is None else training
    return [
        (blind_set.id, where, sentence)
        for blind_set in sets
        if not blind_set.released
        for sentence, where in set_sentences(blind_set)
        if len(sentence.split()) >= MIN_WORDS
        and normalised(sentence) in training
        and normalised(sentence) not in blind_set.coincident
    ]
