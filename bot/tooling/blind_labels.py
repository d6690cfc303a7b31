"""The key message each question of a released blind set is about, found by machine: the one
key message whose answer holds every group of the words the question expects (the check
`make eval` makes of a reply). A question two key messages answer, or none, says nothing
certain and is left out. Nobody labels a blind question by hand: a person reading them would
tune to them.

Only sets the manifest marks `released: true` are read: a set still blind must not inform
anything the assistant learns from (`released_questions` refuses the others).
What is labelled is committed as bot/dialogue/taught.yml, and the out-of-coverage and learning
questions as bot/dialogue/coverage_examples.yml (`python -m bot nlu teach`), so the running
assistant reads neither tests/ nor this package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.dialogue import coverage
from bot.dialogue.case_practice import CaseLine, LineRef
from bot.dialogue.subjects import names_subject, subjects_of
from bot.knowledge.models import KeyMessage
from bot.settings import PROJECT_ROOT
from bot.tooling.blind import BLIND_DIR, MANIFEST, BlindSet
from bot.tooling.compare import LEARNING_KINDS, AnswerTexts, answer_holds
from bot.tooling.conversation_eval import is_conversation_file
from bot.tooling.evaluation import Question, load_questions, passes


@dataclass(frozen=True)
class Labelled:
    set_id: str
    question: Question
    key_message_id: str


def label(
    question: Question, messages: Mapping[str, KeyMessage], answers: AnswerTexts | None = None
) -> str | None:
    """The only key message whose answer holds what the question expects, or None; also None
    when it is a key message of one subject the question does not name (bot/dialogue/subjects.py):
    it is never answered for such a question, so teaching it one only pulls it nearer words
    that are not its own ("does it cover the City of London too?" held by autism's "in both City
    of London and Hackney")."""
    holding = [k for k, message in messages.items() if answer_holds(question, message, answers)]
    if len(holding) != 1:
        return None
    [key] = holding
    return key if names_subject(key, question.text, subjects_of([messages[key]])) else None


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


@dataclass(frozen=True)
class CaseLineLabelled:
    set_id: str
    question: Question
    line: CaseLine


def case_line_label(
    question: Question,
    messages: Mapping[str, KeyMessage],
    lines: Sequence[CaseLine],
    answers: AnswerTexts | None = None,
) -> CaseLine | None:
    """The only case line holding what the question expects when no key message's answer
    does (the learning only a case has: bot/dialogue/case_practice.py), or None."""
    if any(answer_holds(question, message, answers) for message in messages.values()):
        return None
    holding = [line for line in lines if passes(question, line.text.lower())]
    return holding[0] if len(holding) == 1 else None


def case_line_labelled(
    sets: Sequence[BlindSet], messages: Mapping[str, KeyMessage], lines: Sequence[CaseLine]
) -> list[CaseLineLabelled]:
    """The released sets' learning questions only one case line answers, each with it."""
    found = []
    answers: AnswerTexts = {}
    for set_id, question in released_questions(sets):
        line = case_line_label(question, messages, lines, answers)
        if line is not None:
            found.append(CaseLineLabelled(set_id, question, line))
    return found


def taught_case_lines(labelled: Iterable[CaseLineLabelled]) -> dict[LineRef, list[str]]:
    """The labelled questions as extra lines the case lines are found by."""
    taught: dict[LineRef, list[str]] = {}
    for item in labelled:
        taught.setdefault((item.line.case_id, item.line.place), []).append(item.question.text)
    return taught


def taught_case_lines_text(
    sets: Sequence[BlindSet],
    messages: Mapping[str, KeyMessage],
    lines: Sequence[CaseLine],
    blind_dir: Path = BLIND_DIR,
) -> str:
    """bot/dialogue/taught_case_lines.yml for these sets: each released set's questions only
    one case line answers, in file order, with that line's case and place."""
    labelled = case_line_labelled(sets, messages, lines)
    read = [blind_set.id for blind_set in sets if blind_set.released]
    document = {
        "sets": {
            set_id: [
                {"q": item.question.text, "case": item.line.case_id, "line": item.line.place}
                for item in labelled
                if item.set_id == set_id
            ]
            for set_id in read
        }
    }
    header = (
        "# The released blind sets' questions no key message's answer holds and one case line\n"
        "# does, each under that line: its case and place (0 the summary, n its n-th strength).\n"
        "# The case lines are found by them too (bot/dialogue/case_practice.py). Labelled by\n"
        "# machine (bot/tooling/blind_labels.py) by `python -m bot nlu teach` from the released\n"
        f"# sets {', '.join(read) or 'none'} of {_shown(blind_dir / MANIFEST)}.\n"
        "# Do not edit: a test fails when relabelling the released sets would change it.\n"
    )
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=1000)


def taught_text(
    sets: Sequence[BlindSet], messages: Mapping[str, KeyMessage], blind_dir: Path = BLIND_DIR
) -> str:
    """bot/dialogue/taught.yml for these sets (of `blind_dir`'s manifest): each released set's
    labelled questions, in file order, under the key message that answers each."""
    labelled = labelled_questions(sets, messages)
    read = [blind_set.id for blind_set in sets if blind_set.released]
    document = {
        "sets": {
            set_id: [
                {"q": item.question.text, "key_message": item.key_message_id}
                for item in labelled
                if item.set_id == set_id
            ]
            for set_id in read
        }
    }
    header = (
        "# The released blind sets' questions the assistant learns from, each under the one key\n"
        "# message whose answer holds every group of words it expects (labelled by machine,\n"
        "# bot/tooling/blind_labels.py; a question two answers or none hold is left out).\n"
        "# Generated by `python -m bot nlu teach` (run by `python -m bot nlu fit-fusion`) from\n"
        f"# the released sets {', '.join(read) or 'none'} of {_shown(blind_dir / MANIFEST)}.\n"
        "# Do not edit: a test fails when relabelling the released sets would change it.\n"
    )
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=1000)


def coverage_examples_text(sets: Sequence[BlindSet], blind_dir: Path = BLIND_DIR) -> str:
    """bot/dialogue/coverage_examples.yml for these sets (of `blind_dir`'s manifest): each
    released set's out-of-coverage questions and the questions its learning answers, in file
    order, for the coverage judge (bot/dialogue/coverage.py)."""
    read = [blind_set for blind_set in sets if blind_set.released]
    by_set: dict[str, dict[str, list[str]]] = {}
    for blind_set in read:
        questions = [
            question
            for path in blind_set.files
            if not is_conversation_file(path)
            for question in load_questions(path)
        ]
        by_set[blind_set.id] = {
            "uncovered": [q.text for q in questions if q.kind == "out_of_coverage"],
            "learning": [q.text for q in questions if q.kind in coverage.LEARNING_KINDS],
        }
    return _generated(
        "# The released blind sets' questions the coverage judge compares a question with: those\n"
        "# the audits do not cover, and those their learning answers (bot/dialogue/coverage.py).\n",
        by_set,
        blind_dir,
    )


def _generated(what: str, by_set: dict[str, dict[str, list[str]]], blind_dir: Path) -> str:
    """A generated file of the released sets' questions, by set, under a header saying `what`
    they are and where they come from."""
    header = (
        f"{what}# Generated by `python -m bot nlu teach` from the released sets "
        f"{', '.join(by_set) or 'none'}\n# of {_shown(blind_dir / MANIFEST)}.\n"
        "# Do not edit: a test fails when the released sets would give another file.\n"
    )
    return header + yaml.safe_dump(
        {"sets": by_set}, sort_keys=False, allow_unicode=True, width=1000
    )


URGENT_LABELS = {"emergency": "danger", "urgent_contact": "contacts"}
"""The urgent model's label of each kind of blind question; every other kind is practice."""


def urgent_labelled(files: Iterable[Path]) -> dict[str, list[str]]:
    """The questions of these files (conversations aside) by the urgent model's label."""
    labelled: dict[str, list[str]] = {"danger": [], "contacts": [], "practice": []}
    for path in files:
        if is_conversation_file(path):
            continue
        for question in load_questions(path):
            labelled[URGENT_LABELS.get(question.kind, "practice")].append(question.text)
    return labelled


def urgent_taught_text(sets: Sequence[BlindSet], blind_dir: Path = BLIND_DIR) -> str:
    """bot/safeguards/urgent_taught.yml for these sets (of `blind_dir`'s manifest): each
    released set's questions, in file order, under the label the urgent model learns them as
    (bot/safeguards/urgent_retrieval.py): the writers' emergencies as danger, their requests
    for the urgent contacts as contacts, everything else (practice questions that mention
    risk among them) as practice."""
    by_set = {s.id: urgent_labelled(s.files) for s in sets if s.released}
    return _generated(
        "# The released blind sets' questions the urgent model learns from, under the label\n"
        "# their writers gave them: emergencies as danger, requests for the urgent contacts as\n"
        "# contacts, every other question as practice (bot/safeguards/urgent_retrieval.py).\n",
        by_set,
        blind_dir,
    )


def _shown(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def write_generated(text: str, path: Path) -> bool:
    """Writes a generated file; False when the file already held that text."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
