"""A case's good practice with a practice answer (bot/dialogue/case_practice.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.dialogue.case_practice import (
    ASKS_WHAT_HAPPENED_MARGIN,
    CASE_LINE_MARGIN,
    CASE_LINE_SIMILARITY,
    CaseLine,
    CaseLineFinder,
    asks_what_happened,
    load_taught_case_lines,
)
from bot.encoder import shared_encoder

LINES = [
    CaseLine(
        "mh-case-2",
        "Engagement: Use of family therapist from the same cultural background to engage family "
        "and online interpreting service to ensure mother understood conversations.",
        True,
        2,
    ),
    CaseLine(
        "mh-case-3",
        "Multi-agency working: Good multi-agency working between CSC and Police to locate young "
        "person when missing.",
        True,
        1,
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


@pytest.mark.parametrize(
    "text",
    [
        "is there a good example in the audits of a referral for a parent actually working",
        "any examples of escalation in the audit",
        "some example in audit?",
        "what helped parents actually get their kids to appointments",
        "what worked in the audit for a young person with loads of hospital attendances",
        "what went well between police and CSC?",
        "which case was that and what made it work?",
        "what did the family support service actually do in the mental health audit?",
        "what did the school do",
        "did the audit find it helpful?",
        "was the supervision useful",
        "does the audit say anything about hospital teams helping with the move?",
    ],
)
def test_asking_what_happened_in_a_case(text: str) -> None:
    assert asks_what_happened(text)


@pytest.mark.parametrize(
    "text",
    [
        "what does the school nursing service do",
        "how should I escalate, for example to the head of service",
        "what should we do when a parent refuses",
        "what is the learning on chronic neglect",
        # useful or helpful asked of practice, not in the past tense of the audit
        "any helpful ideas for getting a reluctant father involved",
        "what would be useful to say to a teenager who won't talk",
        "is a chronology helpful when neglect is drifting",
        "useful questions for a strategy discussion?",
    ],
)
def test_asking_what_practice_should_be(text: str) -> None:
    """What a service does, or should do, asks the learning; "for example" asks nothing."""
    assert not asks_what_happened(text)


def test_asked_what_happened_the_words_a_case_line_says_count_too() -> None:
    """A key message line exactly as near keeps the answer alone, unless the question asks
    what happened in a case and the line says its words: then the case's fact is given too."""
    finder = CaseLineFinder(LINES, encode)
    text = "what helped when mum barely spoke english, was the family therapist useful"
    question = encode([text])[0]
    nearest = finder.nearest(question)
    assert nearest is not None and nearest.similarity >= CASE_LINE_SIMILARITY
    assert finder.match(question, nearest.similarity) is None
    found = finder.match_asked(question, text, lambda term: 1.0, nearest.similarity)
    assert found is not None and found.line == LINES[0]
    assert found.similarity == pytest.approx(nearest.similarity)
    # no word of the question said: by meaning alone, not the margin above an equal line
    assert finder.match_asked(question, text, lambda term: 0.0, nearest.similarity) is None
    assert (
        finder.match_asked(question, text, lambda term: 0.0, nearest.similarity - 0.1) is not None
    )
    assert ASKS_WHAT_HAPPENED_MARGIN < 0.1


def test_a_question_near_no_case_line_gets_none() -> None:
    finder = CaseLineFinder(LINES, encode)
    question = encode(["what time does the office open on saturdays"])[0]
    assert finder.match(question, key_message_similarity=0.0) is None


def test_a_line_is_found_by_the_questions_it_alone_answered_too() -> None:
    """A case line is a statement; a question about it in other words is found through the
    released questions only that line answered (taught_case_lines.yml)."""
    question = encode(
        ["our family do not trust us and mum needs translating, how do we win them over"]
    )[0]
    untaught = CaseLineFinder(LINES, encode)
    taught = CaseLineFinder(
        LINES, encode, {("mh-case-2", 2): ["parents speak little english, how to engage them"]}
    )
    before, after = untaught.nearest(question), taught.nearest(question)
    assert before is not None and after is not None
    assert after.line == LINES[0]
    assert after.similarity > before.similarity + 0.1
    # a taught question names a line by case and place: one no line has teaches nothing
    assert CaseLineFinder(LINES, encode, {("mh-case-9", 2): ["x"]}).vectors.shape == (
        untaught.vectors.shape
    )


def test_the_taught_case_lines_are_read_and_a_bad_entry_is_named(tmp_path: Path) -> None:
    path = tmp_path / "taught_case_lines.yml"
    assert load_taught_case_lines(path) == {}
    path.write_text("sets:\n  A:\n  - {q: how, case: mh-case-2, line: 2}\n", encoding="utf-8")
    assert load_taught_case_lines(path) == {("mh-case-2", 2): ["how"]}
    path.write_text("sets:\n  A:\n  - {q: how, case: mh-case-2, line: second}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"set A, item 1: field 'line'"):
        load_taught_case_lines(path)


def test_which_case_a_message_describes_is_judged_on_the_cases_own_words() -> None:
    """A taught question says which line answers it, not which case a message describes: "what
    did the audit find" taught to one case's line must not make every such message that case."""
    question = encode(["what did the audit find"])[0]
    taught = CaseLineFinder(LINES, encode, {("mh-case-3", 1): ["what did the audit find"]})
    assert taught.nearest(question) is not None
    assert taught.described_case(question, {"mh-case-2", "mh-case-3"}) == (
        CaseLineFinder(LINES, encode).described_case(question, {"mh-case-2", "mh-case-3"})
    )
    assert taught.described_case(question, {"mh-case-2", "mh-case-3"}) is None


def test_the_line_of_one_case_nearest_a_question_is_found_among_that_case_only() -> None:
    """A presentation told names the case (bot/dialogue/told_presentations.py): which of its
    lines the question asks is judged among that case's lines alone."""
    finder = CaseLineFinder(LINES, encode)
    question = "mother barely speaks english, would a therapist who shares her culture help"
    vector = encode([question])[0]
    found = finder.nearest_of_case(vector, question, lambda _: 1.0, "mh-case-3")
    assert found is not None and found.case_id == "mh-case-3"
    assert finder.nearest_of_case(vector, question, lambda _: 1.0, "mh-case-2") == LINES[0]
    assert finder.nearest_of_case(vector, question, lambda _: 1.0, "send-adam") is None
