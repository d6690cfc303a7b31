"""Questions about what a glossary term is, told from practice questions that use it."""

from __future__ import annotations

import pytest

from bot.dialogue.terms import Term, asked_term, asked_terms, load_terms, uses_term
from bot.settings import PROJECT_ROOT

TERMS = load_terms(PROJECT_ROOT / "knowledge")


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("what does EDT stand for?", "EDT"),
        ("whats a tac meeting", "TAC"),
        ("ELFT??", "ELFT"),
        ("sorry, what's CYPS", "CYPS"),
        ("meaning of PLO", "PLO"),
        ("what is a CP plan", "CP plan"),
        ("explain DNAs", "DNA"),
        ("who are DVIP", "DVIP"),
        ("quick q - what does LAC mean, our new starter wondered", "LAC"),
        ("last one: SEN", "SEN"),
        ("ok and NFA?", "NFA"),
        ("send - what does it stand for exactly", "SEND"),
        ("tell me what nia is", "Nia"),
        ("what's case fc about", "Case FC"),
        ("whats the wiki profile thing you mentioned", "Wiki"),
        ("who are the children and families team", "Children and Families Team"),
        ("what's the complex care forum and when was it used", "complex care forum"),
    ],
)
def test_asking_what_a_term_is(text: str, term: str) -> None:
    found = asked_term(text, TERMS)
    assert found is not None and found.term == term


@pytest.mark.parametrize(
    "text",
    [
        "what does the audit say about CIN plans",
        "should I refer to MASH or call the police",
        "what is disguised compliance",
        "how fast should I refer",
        "send me the handout",
        "MASH, should I ring them today?",
        "TAC meeting keeps getting cancelled, what now",
        "whats the number for the nia project",
        "which case had the gp using hark, whats the learning",
        "what's the learning on online safety for teenagers",
    ],
)
def test_a_question_that_uses_a_term_is_not_about_the_term(text: str) -> None:
    assert asked_term(text, TERMS) is None


def test_a_term_is_used_as_written_or_spelt_out() -> None:
    send = next(term for term in TERMS if term.term == "SEND")
    assert uses_term("the SEND audit", send)
    assert uses_term("Special Educational Needs and Disabilities", send)
    assert not uses_term("please send the letter", send)


def test_every_term_says_what_it_stands_for_or_what_its_source_or_service_says() -> None:
    for term in TERMS:
        assert isinstance(term, Term)
        assert term.stands_for or term.meaning or term.service, term.id
        assert term.source.strip(), term.id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("whats cin vs cp again", ["CIN", "CP"]),
        ("What is CSC and CIN and LAC, I must explain to new staff", ["CSC", "CIN", "LAC"]),
        ("difference between a CP plan and a CIN plan?", ["CP plan", "CIN"]),
    ],
)
def test_a_message_asking_several_terms_gets_each_in_its_order(
    text: str, expected: list[str]
) -> None:
    assert [term.term for term in asked_terms(text, TERMS)] == expected
