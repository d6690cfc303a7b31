"""Released blind questions are labelled by machine and taught to the second opinions; a set
still blind is never read, and each candidate is scored only on a set it did not learn from."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.dialogue.retrieval import Opinion
from bot.dialogue.understanding import Ranked
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import Settings
from bot.tooling import blind_labels, loso
from bot.tooling.blind import load_manifest
from bot.tooling.blind_labels import (
    Labelled,
    label,
    labelled_questions,
    taught_examples,
    taught_lines,
)
from bot.tooling.evaluation import Question

CARER = "my year 9 does all the shopping and cooking because her dad is too ill to"
OTHER = "a question from a set nobody may learn from yet about carers at home"


def _sets(directory: Path) -> Path:
    for set_id, question in (("R", CARER), ("U", OTHER)):
        (directory / set_id).mkdir(parents=True)
        (directory / set_id / "questions.yml").write_text(
            f'- {{kind: topic, q: "{question}", expect: [["young carer"]]}}\n'
            f'- {{kind: topic, q: "{question} 2", expect: [["audit"]]}}\n',
            encoding="utf-8",
        )
    entries = "".join(
        f"  - id: {set_id}\n"
        "    written_by: a persona\n"
        "    written_from: the two audits\n"
        "    written: 2026-12-01\n"
        "    files: [questions.yml]\n"
        f"    released: {released}\n"
        for set_id, released in (("R", "true"), ("U", "false"))
    )
    (directory / "manifest.yml").write_text(f"sets:\n{entries}", encoding="utf-8")
    return directory


def test_released_questions_are_labelled_by_the_one_answer_holding_them_and_blind_ones_never_read(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        by_id = {message.id: message for message in store.key_messages(session)}
        found = labelled_questions(load_manifest(_sets(tmp_path / "blind")), by_id)
        # "audit" is in every answer: two or more hold it, so it teaches nothing
        assert [(item.set_id, item.key_message_id) for item in found] == [("R", "young-carers")]
        assert label(Question("topic", "x", (("audit",),), 1), by_id) is None
        assert taught_examples(found) == {"young-carers": [CARER]}
        sets = load_manifest(tmp_path / "blind")
        messages = store.key_messages(session)
        assert taught_lines(sets, messages, tmp_path / "cache") == {"young-carers": [CARER]}
        # kept by content: the same files and answers are not labelled again
        monkeypatch.setattr(blind_labels, "labelled_questions", _never)
        assert taught_lines(sets, messages, tmp_path / "cache") == {"young-carers": [CARER]}
        (tmp_path / "blind" / "R" / "questions.yml").write_text(
            f'- {{kind: topic, q: "{CARER} now", expect: [["young carer"]]}}\n', encoding="utf-8"
        )
        with pytest.raises(AssertionError, match="labelled again"):
            taught_lines(sets, messages, tmp_path / "cache")


def _never(*_args: object) -> list[Labelled]:
    raise AssertionError("labelled again")


def _item(set_id: str) -> loso.Item:
    return loso.Item(set_id, Question("topic", f"q{set_id}", (("x",),), 1), frozenset({"k"}), "k")


def test_each_set_is_scored_only_by_what_learnt_from_the_other_sets() -> None:
    every = [_item(set_id) for set_id in "ABC"]
    learnt_from: dict[str, list[str]] = {}

    def build(train: Sequence[loso.Item]) -> loso.Decide:
        seen = sorted(item.set_id for item in train)

        def decide(text: str, _selector: list[Ranked]) -> Opinion:
            learnt_from[text] = seen
            return Opinion([Ranked("k", 1.0)], True)

        return decide

    parses = {item.question.text: {} for item in every}
    table = loso.leave_one_set_out({"any": build}, every, parses)
    assert learnt_from == {"qA": ["B", "C"], "qB": ["A", "C"], "qC": ["A", "B"]}
    assert {set_id: outcome.right for set_id, outcome in table["any"].items()} == {
        "A": 1,
        "B": 1,
        "C": 1,
    }
