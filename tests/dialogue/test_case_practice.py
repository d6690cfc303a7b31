"""A case's good practice with a practice answer (bot/dialogue/case_practice.py)."""

from __future__ import annotations

import numpy as np

from bot.dialogue.case_practice import (
    CASE_LINE_MARGIN,
    CASE_LINE_SIMILARITY,
    CaseLine,
    CaseLineFinder,
)
from bot.encoder import shared_encoder

LINES = [
    CaseLine(
        "mh-case-2",
        "Engagement: Use of family therapist from the same cultural background to engage family "
        "and online interpreting service to ensure mother understood conversations.",
        True,
    ),
    CaseLine(
        "mh-case-3",
        "Multi-agency working: Good multi-agency working between CSC and Police to locate young "
        "person when missing.",
        True,
    ),
]


def encode(texts: list[str]) -> np.ndarray:
    return shared_encoder().encode(texts)


def test_a_question_about_one_case_line_finds_that_line() -> None:
    finder = CaseLineFinder(LINES, encode)
    question = encode(
        ["mother barely speaks english, would a therapist who shares her culture help"]
    )[0]
    found = finder.match(question, key_message_similarity=0.2)
    assert found is not None
    assert found.line.case_id == "mh-case-2"
    assert found.similarity >= CASE_LINE_SIMILARITY


def test_the_theme_heading_is_not_matched_alone() -> None:
    """ "Engagement:" heads a line but says nothing a question asks about."""
    finder = CaseLineFinder(LINES, encode)
    assert all(not piece.startswith("Engagement") for piece in _pieces_of(finder))


def _pieces_of(finder: CaseLineFinder) -> list[str]:
    from bot.dialogue.case_practice import _pieces

    return [piece for line in finder.lines for piece in _pieces(line.text)]


def test_a_question_a_key_message_says_as_well_keeps_its_answer_alone() -> None:
    finder = CaseLineFinder(LINES, encode)
    question = encode(
        ["mother barely speaks english, would a therapist who shares her culture help"]
    )[0]
    nearest = finder.nearest(question)
    assert nearest is not None
    # a key message line about as near as the case line: no case line
    assert finder.match(question, nearest.similarity - CASE_LINE_MARGIN / 2) is None
    assert finder.match(question, nearest.similarity - 2 * CASE_LINE_MARGIN) is not None


def test_a_question_near_no_case_line_gets_none() -> None:
    finder = CaseLineFinder(LINES, encode)
    question = encode(["what time does the office open on saturdays"])[0]
    assert finder.match(question, key_message_similarity=0.0) is None
