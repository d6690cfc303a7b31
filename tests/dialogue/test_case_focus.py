"""Questions about the case the last turn showed, recognised by their shape (no Rasa)."""

from __future__ import annotations

import pytest

from bot.dialogue.case_focus import (
    CaseAsk,
    asked_of_case,
    asks_agency_part,
    asks_more_of_case,
    asks_well_and_less_well,
    asks_where_it_is,
    brief_lines,
    case_after_event,
    case_ask,
    case_findings,
    case_in_brief,
    clause_ask,
    event_followed,
    lines_from_event,
    outcome_lines,
    says_briefly,
    speaks_of_own_case,
    tells_of_a_story,
    without_brevity,
)
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import Settings


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("what went well", CaseAsk.STRENGTHS),
        ("was anything done right?", CaseAsk.STRENGTHS),
        ("what went wrong", CaseAsk.FINDINGS),
        ("and the learning from it?", CaseAsk.FINDINGS),
        ("what else came out of that case", CaseAsk.FINDINGS),
        ("any lessons", CaseAsk.FINDINGS),
        ("what should have happened", CaseAsk.STEPS),
        ("what should they have done differently", CaseAsk.STEPS),
        ("tell me more about her", CaseAsk.ABOUT),
        ("more about the family?", CaseAsk.ABOUT),
        ("remind me what the strengths were in that case", CaseAsk.STRENGTHS),
        # the case's work spoken of as practice: which practice is asked, not a detail
        ("any good practice in it?", CaseAsk.STRENGTHS),
        ("what practice should have happened instead", CaseAsk.STEPS),
        ("can you recap the case", CaseAsk.ABOUT),
        # how it ended, in words that share nothing with the case's lines
        ("and eventually?", CaseAsk.OUTCOME),
        ("what was the result for the family", CaseAsk.OUTCOME),
        ("where is he now", CaseAsk.OUTCOME),
        ("how did things turn out for them", CaseAsk.OUTCOME),
        ("what became of the child", CaseAsk.OUTCOME),
        # the main point, what could improve, whether it worked, its end beside a detail
        ("biggest lesson?", CaseAsk.FINDINGS),
        ("overall takeaway pls", CaseAsk.FINDINGS),
        ("what could have gone better", CaseAsk.STEPS),
        ("anything to improve", CaseAsk.STEPS),
        ("was it successful", CaseAsk.OUTCOME),
        ("was he finally diagnosed", CaseAsk.OUTCOME),
        ("did they manage to meet him in the end", CaseAsk.OUTCOME),
        # what the people in the case ought to have done, whoever acts in it
        ("who ought the nurse to have told", CaseAsk.STEPS),
        ("should school have escalated it", CaseAsk.STEPS),
        ("what should the practitioners have flagged", CaseAsk.STEPS),
        # what happened to someone spoken of is how their story went on
        ("so what happened to the family", CaseAsk.OUTCOME),
        ("what should have happened to him", CaseAsk.STEPS),
        # a word of asking typed one letter out, as a hurried or dyslexic practitioner does
        ("what hapened to them", CaseAsk.OUTCOME),
        ("main lesons?", CaseAsk.FINDINGS),
        ("any strenghts", CaseAsk.STRENGTHS),
        # a word of its own one letter from a word of asking is not a slip
        ("who should the nurse have told", CaseAsk.STEPS),
        ("what should the workers have said", CaseAsk.STEPS),
        # what came before the part of the story just told (set T: declined)
        ("and what had gone wrong earlier on?", CaseAsk.FINDINGS),
        ("what led up to it", CaseAsk.ABOUT),
        ("how did it start", CaseAsk.ABOUT),
        ("what happened before the end", CaseAsk.ABOUT),
        ("what should they have done sooner, before that", CaseAsk.STEPS),
        # a detail asked of the case as a whole
        ("that one, in more detail", CaseAsk.ABOUT),
    ],
)
def test_a_question_about_the_case_in_focus_in_any_words(text: str, ask: CaseAsk) -> None:
    assert case_ask(text) is ask


@pytest.mark.parametrize(
    "text",
    [
        "what went wrong with the referral to camhs",  # a topic of its own
        "neglect?",
        "what should I do about disguised compliance",
        "ok thanks",
        "",
        "what now",  # a bare request for help, not the case's end
        "what happens after a referral",
        "what about end of life care",  # an end, not the case's
        "ok that worked, thanks",
        "should the school share a safety plan",  # a topic of its own, asked of someone
        "GP practice points?",  # a practice that is a place: the surgery's part in the case
    ],
)
def test_a_message_with_a_topic_of_its_own_is_not_about_the_case(text: str) -> None:
    assert case_ask(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Used where in the audits",
        "which case in the audits used one",
        "is that in one of the cases",
    ],
)
def test_asking_where_what_was_just_shown_comes_from(text: str) -> None:
    assert asks_where_it_is(text)


@pytest.mark.parametrize(
    "text",
    [
        "which cases are there",
        "which case had the team around the child meeting",
        "where do i refer",
    ],
)
def test_a_list_or_a_topic_of_its_own_is_not_asking_where(text: str) -> None:
    assert not asks_where_it_is(text)


@pytest.fixture
def store(settings: Settings) -> KnowledgeStore:
    """The knowledge loaded into a store of its own."""
    load_knowledge(settings, environ={})
    return KnowledgeStore.from_settings(settings)


def test_a_case_named_and_described_gets_the_detail_asked_not_its_description_again(
    store: KnowledgeStore,
) -> None:
    with store.session() as session:
        case = store.case(session, "mh-case-1")
        assert case is not None
        asked = asked_of_case(
            case, "Case 1: young person with medically unexplained pain - what about their voice?"
        )
        assert asked is not None
        text = asked[0].text
        assert "insight into their condition" in text
        assert "medically unexplained pain" not in text
        # described and asked nothing more: the lines that say it, as before
        described = asked_of_case(case, "case 1, the one with medically unexplained pain")
        assert described is not None and "medically unexplained pain" in described[0].text


def test_how_a_case_ended_is_told_from_its_later_lines_not_who_the_child_is(
    store: KnowledgeStore,
) -> None:
    with store.session() as session:
        for case in store.cases(session):
            lines = outcome_lines(case)
            assert lines, case.id
        caryn = store.case(session, "send-caryn")
        assert caryn is not None
        lines = outcome_lines(caryn)
        # the summary's opening says who she is; its later sentence and the strength about
        # the care package say where things stood
        assert not any(line.startswith("Caryn is a young adult") for line in lines)
        assert any("support plan is currently in place" in line for line in lines)


def test_the_clause_that_asks_wins_over_the_clauses_that_describe() -> None:
    assert clause_ask("Adam, the boy in foster care: what went badly") is CaseAsk.FINDINGS
    assert clause_ask("the one with the stomach aches - how did it end") is CaseAsk.OUTCOME
    assert clause_ask("what went well") is None  # one clause: case_ask says it
    assert clause_ask("Erika - what did they say about hospital letters?") is None


@pytest.mark.parametrize(
    ("text", "story"),
    [
        ("remind me about the boy whose foster carers knew him best", True),
        ("what happened to the teenager with the overdoses", True),
        ("the one where mum had an interpreter", True),
        ("I have a girl who keeps missing clinic", False),  # the asker's own
        ("our school has a boy with autism", False),
        ("what should the GP do when the parents who refuse visits", False),
        ("and the older sister who does the caring", False),  # the asker's family
        ("tell me about the dad who keeps cancelling", False),
        ("the boy with cerebral palsy is refusing his feeds at school", False),  # happening now
        ("the girl who kept going to A&E with tummy pains", True),
        # a case named by the word and told of by who it is about
        ("is there a case about a boy whose dad was in prison", True),
        ("the case with the baby born early, what was learnt", True),
        ("which is the case where the girl stopped eating at school", True),
        ("a case of neglect that dragged on for years", False),  # a kind of concern
        ("I've got a case about a boy who won't speak to me", False),  # the asker's own
        ("the case of the dad who keeps missing visits", False),  # the asker's family
        # someone told of as being in an audit
        ("there was a boy in one of the audits whose foster carers did everything", True),
        ("the teenager from the SEND audit with the rare illness, remind me", True),
        ("is there an example of good practice in the audits on interpreters", False),
        ("I have a girl like the one in the audit, what should I do", False),
    ],
)
def test_a_case_told_of_by_its_story(text: str, story: bool) -> None:
    assert tells_of_a_story(text) is story


@pytest.mark.parametrize(
    "text",
    [
        "been thinking over a case, what do the audits say about sharing with the school nurse",
        "I've got a case where the parents won't let us talk to the GP",
        "reviewing a case, anything on chronologies?",
        "in my CIN case the dad keeps missing meetings",
    ],
)
def test_the_askers_own_case_is_not_an_audited_one(text: str) -> None:
    assert speaks_of_own_case(text)


@pytest.mark.parametrize(
    "text",
    [
        "is there a case about a boy whose foster carers knew him best",
        "tell me about a case where the GP used HARK",
        "walk me through a case",
        "a case of neglect, what do I do",
        "on my caseload there is a boy who self-harms",
    ],
)
def test_an_audited_case_or_a_kind_of_concern_is_not_the_askers_case(text: str) -> None:
    assert not speaks_of_own_case(text)


@pytest.mark.parametrize(
    "text",
    [
        "and in one line?",
        "in a sentence please",
        "in 10 words?",
        "sum her up in two sentences",
        "in three lines?",
        "can you sum it up briefly",
        "tldr?",
        "give me the short version",
        "what happened, in a nutshell",
        "quick summary of it",
    ],
)
def test_a_case_asked_in_few_words(text: str) -> None:
    assert case_ask(text) is CaseAsk.BRIEF


@pytest.mark.parametrize(
    "text",
    ["the learning in one line", "what went well, briefly", "the neglect learning in a nutshell"],
)
def test_something_else_asked_in_few_words_is_not_the_case_in_brief(text: str) -> None:
    assert case_ask(text) is not CaseAsk.BRIEF


def test_what_is_asked_in_few_words_is_what_is_asked() -> None:
    for text, asked in (
        ("what did they do well, in one line", CaseAsk.STRENGTHS),
        ("in a sentence, what did they do well", CaseAsk.STRENGTHS),
        ("what should I do, in a nutshell", CaseAsk.STEPS),
        ("what should they have done, briefly", CaseAsk.STEPS),
        ("in one line, what should I do", CaseAsk.STEPS),
        ("what did they do well in two sentences", CaseAsk.STRENGTHS),
        ("sum her up in ten words", CaseAsk.BRIEF),
        ("in twenty words?", CaseAsk.BRIEF),
    ):
        assert case_ask(text) is asked, text


def test_a_case_in_brief_is_its_summarys_first_sentences(store: KnowledgeStore) -> None:
    with store.session() as session:
        case = store.case(session, "mh-case-3")
        assert case is not None
        assert brief_lines(case, "in one line") == [
            "Young person presented to health services following sexual assault."
        ]
        assert len(brief_lines(case, "in two sentences")) == 2
        said = case_in_brief(case, "in one line")[0].text
        assert "sexual assault" in said and "Case 3" in said and "PLO" not in said


@pytest.mark.parametrize(
    ("text", "brief", "rest"),
    [
        ("remind me of the learning points, in short", True, "remind me of the learning points,"),
        ("so the main lessons, briefly?", True, "so the main lessons, ?"),
        ("what was the learning in short form", True, "what was the learning"),
        ("what was the learning", False, "what was the learning"),
        ("a short break then the quiz", False, "a short break then the quiz"),
        ("placements in short supply", False, "placements in short supply"),
        (
            "in short, what do the audits say on advocacy",
            True,
            ", what do the audits say on advocacy",
        ),
        ("the findings in short pls", True, "the findings pls"),
        ("is respite in short stays enough", False, "is respite in short stays enough"),
        ("a child in short-term placements", False, "a child in short-term placements"),
        ("a mum in short bursts of contact", False, "a mum in short bursts of contact"),
    ],
)
def test_few_words_asked_for_are_told_from_what_is_asked(text: str, brief: bool, rest: str) -> None:
    assert says_briefly(text) is brief
    assert " ".join(without_brevity(text).split()) == rest


def test_a_cases_learning_in_short_is_its_key_messages_titles(store: KnowledgeStore) -> None:
    with store.session() as session:
        case = store.case(session, "send-erika")
        assert case is not None
        short = case_findings(case, in_short=True)[0].text
        whole = case_findings(case)[0].text
        titles = [message.title for message in case.key_messages]
        assert titles and all(title in short for title in titles)
        assert case.key_messages[0].summary not in short and case.key_messages[0].summary in whole
        assert "Case 5 (Erika)" in short and len(short) < len(whole)


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("what did the police do in that one", True),
        ("and the GP's role?", True),
        ("how was the school involved", True),
        ("what was social care doing", True),
        ("what is CAMHS", False),
        ("what did CAMHS stand for again", False),
        ("what does MASH mean", False),
        ("in Adam's case what was the school's part?", True),
        ("what did CAMHS do there", True),
        ("In Erika's case, what was the GP's role?", True),
        ("what was the health visitor's part in it", True),
        # what the agency is, asked again or before its part: the glossary's entry
        ("sorry what did you say CSC was", False),
        ("what did you say CAMHS was, and its role there", False),
        ("who are the police and what did they do", False),
        ("what's CAMHS and what was its part", False),
        ("whats social care, and how were they involved", False),
        ("what is CAMHS short for again", False),
    ],
)
def test_an_agencys_part_is_told_from_what_its_letters_mean(text: str, part: bool) -> None:
    assert asks_agency_part(text) is part


def test_what_did_not_go_well_asks_the_cases_findings_not_its_strengths() -> None:
    assert case_ask("anything that went less well") is CaseAsk.FINDINGS
    assert case_ask("what went less well?") is CaseAsk.FINDINGS
    assert case_ask("what went well") is CaseAsk.STRENGTHS


def test_what_followed_an_event_is_what_the_case_says_of_that_event(store: KnowledgeStore) -> None:
    with store.session() as session:
        erika = store.case(session, "send-erika")
        assert erika is not None
        event = event_followed(erika, "What happened after the TAC?")
        assert event == "the TAC"
        lines = lines_from_event(erika, event, {"tac": ["team around the child"]})
        # its own strength only: the next bullet is no later event (review of conv26)
        assert len(lines) == 1 and "Team Around the Child (TAC) meeting" in lines[0]
        text = case_after_event(erika, lines)[0].text
        assert text.startswith(
            'What the audit says about "Team Around the Child (TAC) meeting" in Case 5 (Erika):'
        )
        assert "What happened after" not in text and "the TAC in" not in text
        assert event_followed(erika, "what did the home visit lead to") == "the home visit"
        # a pronoun names no event: how the case ended, asked elsewhere
        assert event_followed(erika, "what happened after that") is None
        assert event_followed(erika, "what happened to her in the end") is None
        # an event none of its lines tells of
        assert lines_from_event(erika, "the court hearing") == []


@pytest.mark.parametrize(
    ("asked", "says", "not_said"),
    [
        ("what happened after she started at the special school", "special school", "TAC"),
        ("what came next after the core group", "core group", "special school"),
        ("what happened after the core group?", "good information sharing", "TAC"),
        ("what happened next after the home visit", "home visit", "core group"),
    ],
)
def test_what_followed_an_event_crosses_to_no_other_line(
    store: KnowledgeStore, asked: str, says: str, not_said: str
) -> None:
    """The line saying the event and the next sentence of that same line only: no line of
    the summary then a strength, nor one strength then another, as if it came next."""
    with store.session() as session:
        erika = store.case(session, "send-erika")
        assert erika is not None
        event = event_followed(erika, asked)
        assert event is not None
        lines = lines_from_event(erika, event, {"tac": ["team around the child"]})
        said = " ".join(lines)
        assert says in said and not_said not in said, lines
        text = case_after_event(erika, lines)[0].text
        assert event not in text.split("\n")[0]


@pytest.mark.parametrize(
    "asked",
    [
        "what should happen after a TAC in my case",
        "what happens after a core group?",
        "what happens after an initial child protection conference?",
        "what usually happens after the home visit",
        "what comes next after the core group",
        "what happened after the TAC in my case",
        "what will come after the home visit",
    ],
)
def test_what_happens_after_an_event_in_general_is_no_sequel_of_the_case(
    store: KnowledgeStore, asked: str
) -> None:
    """Present tense, a word of what ought to be, or the asker's own case: what is done in
    general, not the story of the case just shown (review of conv26)."""
    with store.session() as session:
        erika = store.case(session, "send-erika")
        assert erika is not None
        assert event_followed(erika, asked) is None


def test_what_went_well_and_less_well_asks_both() -> None:
    assert asks_well_and_less_well("what went well and what went less well")
    assert asks_well_and_less_well("what went well, and what didn't")
    assert not asks_well_and_less_well("anything that went less well")
    assert not asks_well_and_less_well("what went well")
    assert not asks_well_and_less_well("what didn't go well")


@pytest.mark.parametrize(
    ("text", "more"),
    [
        ("and what else?", True),
        ("anything more from there", True),
        ("anything else from that case please", True),
        ("what else in it on the health visitor", True),
        ("one more question - how do I approach a dad who won't engage", False),
        ("do other cases show the same thing?", False),
        ("which other services could help a young carer", False),
        ("what else should a social worker check on a home visit", False),
        ("tell me more about chronologies generally", False),
        ("what more can the school do", False),
    ],
)
def test_more_of_the_case_shown_is_asked_only_leaning_back(text: str, more: bool) -> None:
    """Review of round 40: only a short request leaning back on the case gets more of its
    lines; a word of "other" or "more" in a new question never does."""
    assert asks_more_of_case(text) is more
