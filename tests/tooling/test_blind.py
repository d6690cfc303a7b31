"""Blind sets stay blind: none of their sentences may be trained on before they are released."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialogue.retrieval import load_taught
from bot.knowledge.schema import KEY_MESSAGES
from bot.knowledge.validation import check_knowledge
from bot.settings import PROJECT_ROOT
from bot.tooling.blind import (
    BLIND_DIR,
    MIN_WORDS,
    leaked_sentences,
    load_manifest,
    training_sentences,
)
from bot.tooling.evaluation import QuestionFileError, format_summary


def test_no_sentence_of_an_unreleased_blind_set_is_in_the_training_data() -> None:
    leaks = leaked_sentences(load_manifest(BLIND_DIR))
    assert leaks == [], "blind sentences in the training data:\n" + "\n".join(
        f"set {set_id} {where}: {sentence!r}" for set_id, where, sentence in leaks
    )


def _write_set(directory: Path, released: bool, question: str, say: str) -> Path:
    (directory / "X").mkdir(parents=True)
    (directory / "X" / "questions.yml").write_text(
        f'- {{kind: topic, q: "{question}", expect: [["x"]]}}\n', encoding="utf-8"
    )
    (directory / "X" / "conversations.yml").write_text(
        f'- id: c1\n  turns:\n    - {{say: "a turn nobody trained on"}}\n    - {{say: "{say}"}}\n',
        encoding="utf-8",
    )
    (directory / "manifest.yml").write_text(
        "sets:\n"
        "  - id: X\n"
        "    written_by: a school DSL persona\n"
        "    written_from: the two audits\n"
        "    written: 2026-12-01\n"
        "    files: [questions.yml, conversations.yml]\n"
        "    first_contact: {scored: 2026-12-02, figures: {questions: 1/1}}\n"
        f"    released: {'true' if released else 'false'}\n",
        encoding="utf-8",
    )
    return directory


def _trained() -> tuple[str, str]:
    """A knowledge example question and a hand-written NLU example, as the model sees them."""
    messages = check_knowledge(PROJECT_ROOT / "knowledge").of(KEY_MESSAGES)
    example = messages[0]["example_questions"][0]
    nlu = (PROJECT_ROOT / "data" / "core" / "nlu.yml").read_text(encoding="utf-8")
    hand_written = next(
        line.strip()[2:]
        for line in nlu.splitlines()
        if line.strip().startswith("- ")
        and "[" not in line
        and "intent:" not in line
        and len(line.split()) > MIN_WORDS
    )
    return example, hand_written


def test_a_trained_sentence_in_an_unreleased_set_is_found_whatever_its_case_and_spacing(
    tmp_path: Path,
) -> None:
    example, hand_written = _trained()
    shouted = "  " + example.upper().replace(" ", "   ") + " "
    sets = load_manifest(_write_set(tmp_path, False, shouted, hand_written.title()))
    leaks = leaked_sentences(sets, training_sentences())
    assert [(set_id, sentence) for set_id, _where, sentence in leaks] == [
        ("X", shouted),
        ("X", hand_written.title()),
    ]
    assert leaks[0][1].endswith("questions.yml:1")


def test_a_taught_line_in_an_unreleased_set_is_found(tmp_path: Path) -> None:
    """bot/dialogue/taught.yml is learnt from too: a set it holds a sentence of must be released."""
    taught = next(line for lines in load_taught().values() for line in lines)
    sets = load_manifest(_write_set(tmp_path, False, taught, "a turn nobody trained on either"))
    assert [sentence for _set_id, _where, sentence in leaked_sentences(sets)] == [taught]


def test_a_released_set_may_be_trained_on(tmp_path: Path) -> None:
    example, hand_written = _trained()
    assert leaked_sentences(load_manifest(_write_set(tmp_path, True, example, hand_written))) == []


def test_the_manifest_records_who_wrote_a_set_when_and_its_first_contact_figures(
    tmp_path: Path,
) -> None:
    (blind_set,) = load_manifest(_write_set(tmp_path, False, "a new question", "a new turn"))
    assert (blind_set.id, blind_set.written_by, str(blind_set.written)) == (
        "X",
        "a school DSL persona",
        "2026-12-01",
    )
    assert blind_set.first_contact is not None
    assert blind_set.first_contact.figures == {"questions": "1/1"}
    assert str(blind_set.first_contact.scored) == "2026-12-02"


def test_a_manifest_entry_without_a_field_or_with_a_missing_file_is_named(tmp_path: Path) -> None:
    directory = _write_set(tmp_path, False, "q", "s")
    manifest = directory / "manifest.yml"
    manifest.write_text(manifest.read_text().replace("    written_by: a school DSL persona\n", ""))
    with pytest.raises(QuestionFileError, match=r"manifest.yml:2 \(set 1\): field 'written_by'"):
        load_manifest(directory)
    (directory / "X" / "questions.yml").unlink()
    manifest.write_text(
        manifest.read_text().replace("    written_from:", "    written_by: x\n    written_from:")
    )
    with pytest.raises(QuestionFileError, match="questions.yml does not exist"):
        load_manifest(directory)


def test_the_summary_gives_each_set_and_kind() -> None:
    summary = format_summary(
        {
            "tests/eval/questions.yml": {"topic": (9, 10), "case": (1, 1)},
            "blind set A (not released)": {"topic": (3, 4), "conversation": (1, 2)},
        }
    )
    assert "tests/eval/questions.yml: 10/11 (90.9%)" in summary
    assert "blind set A (not released): 4/6 (66.7%)" in summary
    assert "  conversation    1/2" in summary


def test_a_short_turn_is_no_leak_and_a_declared_coincidence_is_not_one_either(
    tmp_path: Path,
) -> None:
    example, hand_written = _trained()
    directory = _write_set(tmp_path, False, "ok thanks", hand_written)
    assert [s for _i, _w, s in leaked_sentences(load_manifest(directory))] == [hand_written]
    manifest = directory / "manifest.yml"
    manifest.write_text(
        manifest.read_text() + f"    coincident: [{hand_written.upper()!r}]\n", encoding="utf-8"
    )
    assert leaked_sentences(load_manifest(directory)) == []
