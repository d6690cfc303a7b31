"""Which audited case had a detail told in words no line of it shares, by meaning over every
line of each case (bot/dialogue/case_meaning.py), with the real knowledge and encoder."""

from __future__ import annotations

import numpy as np
import pytest

from bot.dialogue.case_facts import asks_several, asks_which_audited_case, detail_told
from bot.dialogue.case_meaning import CaseMeaning, meaning_lines, parts_asked
from bot.encoder import shared_encoder
from bot.knowledge.models import Case
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import Settings


def encode(texts: list[str]) -> np.ndarray:
    return shared_encoder().encode(texts)


@pytest.fixture
def cases(settings: Settings) -> list[Case]:
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        found = store.cases(session)
        for case in found:
            meaning_lines(case)  # its key messages, read while the session is open
        return found


@pytest.fixture
def meaning(cases: list[Case]) -> CaseMeaning:
    return CaseMeaning(cases, encode)


def _named(meaning: CaseMeaning, text: str) -> list[str]:
    assert asks_which_audited_case(text), text
    found = meaning.cases_meaning(detail_told(text), encode, plural=asks_several(text))
    return [match.case_id for match in found]


@pytest.mark.parametrize(
    ("text", "case_id"),
    [
        # its audit: "foster carers who really love him"
        ("which case had a child whose foster parents really loved him", "send-adam"),
        # "their named person is informed to ensure consistency of care"
        (
            "which case had the sexual health clinic keep one contact person for the girl",
            "mh-case-3",
        ),
        # "foster carers seen by professionals as experts"
        (
            "which case had professionals treat the foster parents as the experts on the child",
            "send-adam",
        ),
    ],
)
def test_a_case_told_in_other_words_is_found_by_meaning(
    meaning: CaseMeaning, text: str, case_id: str
) -> None:
    assert _named(meaning, text) == [case_id]


@pytest.mark.parametrize(
    "text",
    [
        "which case had a dad in jail",
        "which case had a child who was trafficked",
        "which case had a forced marriage",
        # near foster care, and no case is clearly meant
        "which case was privately fostered",
        "which cases had a baby with a head injury",
    ],
)
def test_a_detail_no_case_has_names_none(meaning: CaseMeaning, text: str) -> None:
    assert _named(meaning, text) == []


def test_the_case_is_named_with_a_whole_line_of_its_own_not_a_phrase(
    meaning: CaseMeaning, cases: list[Case]
) -> None:
    text = "which case had the sexual health clinic name a single worker to stay with the girl"
    [found] = meaning.cases_meaning(detail_told(text), encode)
    case = next(case for case in cases if case.id == found.case_id)
    # the sentence its `about` phrase was taken from, as the audit gives it
    assert found.line in case.strengths and "sexual health clinic" in found.line


def test_cases_asked_for_each_side_of_or(meaning: CaseMeaning) -> None:
    assert parts_asked("a parent in prison or a child adopted", plural=True) == [
        "a parent in prison",
        "a child adopted",
    ]
    assert parts_asked("a parent in prison or a child adopted", plural=False) == [
        "a parent in prison or a child adopted"
    ]
    text = "which cases had a dad in jail or moved on to grown-up services"
    assert "send-caryn" in _named(meaning, text)


def test_good_practice_asked_looks_only_at_the_cases_strengths(
    meaning: CaseMeaning, cases: list[Case]
) -> None:
    detail = "a therapist who shared the family's culture"
    found = meaning.cases_meaning(detail, encode, strengths_only=True)
    assert [match.case_id for match in found] == ["mh-case-2"]
    strengths = {line for case in cases for line in case.strengths}
    assert all(match.line in strengths for match in found)
    # of one audit's cases only: the mental health audit's case is not among the SEND audit's
    assert meaning.cases_meaning(detail, encode, source_id="send-2016-17") == []


@pytest.mark.parametrize(
    "text",
    [
        "is there a case where the school nurse was never told",
        "was there a case in which a child went missing",
        "are there any cases with a young carer",
    ],
)
def test_is_there_a_case_where_asks_which_case(text: str) -> None:
    assert asks_which_audited_case(text)


def test_a_phrase_of_a_word_or_three_names_no_case(meaning: CaseMeaning) -> None:
    """ "siblings" alone is near any sentence about brothers and sisters, whoever did what."""
    assert _named(meaning, "is there a case where a brother abused his sibling") == []
    assert all(line.shown or len(line.text.split()) >= 4 for line in meaning.lines)
