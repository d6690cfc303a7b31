"""Slips read as the words of the lines retrieval matches against (bot/dialogue/spelling.py)."""

from __future__ import annotations

import numpy as np
import pytest

from bot.dialogue.retrieval import BM25, Line, Ranker
from bot.dialogue.spelling import Speller
from bot.safeguards.safety import within_one_edit

VOCABULARY = [
    "who can I ask about a child's hospital appointments",
    "information sharing with the school and the safeguarding lead",
    "planning the move to adult services",
]


@pytest.mark.parametrize(
    ("typed", "word", "slip"),
    [
        ("apointments", "appointments", True),  # a letter left out
        ("hosspital", "hospital", True),  # one added
        ("sharong", "sharing", True),  # one changed
        ("shcool", "school", True),  # two neighbours swapped
        ("schl", "school", False),  # two left out
        ("school", "school", True),  # the word itself (the speller corrects unknown words only)
    ],
)
def test_a_slip_is_one_letter_left_out_added_changed_or_two_swapped(
    typed: str, word: str, slip: bool
) -> None:
    assert within_one_edit(typed, word) is slip


def test_slips_become_the_lines_words_and_ordinary_words_stay_as_typed() -> None:
    speller = Speller(VOCABULARY)
    typed = "Can teh safegaurding leed see her hospitel apointments? I read it aloud"
    # "teh" is too short to correct; "aloud" is a word of its own, whatever was meant
    assert speller.corrected(typed) == (
        "Can teh safeguarding lead see her hospital appointments? I read it aloud"
    )
    assert speller.corrected("planing the move") == "planning the move"


def test_a_word_near_no_line_is_left_as_typed() -> None:
    assert Speller(VOCABULARY).corrected("zxqwerty thngs") == "zxqwerty thngs"


def test_keyword_retrieval_reads_a_misspelt_question_as_the_lines_words() -> None:
    lines = [Line("services", "planning the move to adult services")]
    typed = "when do we start planing for adult servises"
    corrected = Speller(VOCABULARY).corrected(typed)
    assert BM25(lines).scores(typed)[0] < BM25(lines).scores(corrected)[0]
    ranker = Ranker({"services": [lines[0].text]}, lambda texts: np.ones((len(texts), 2)))
    assert ranker.about(typed) == "when do we start planning for adult services"
