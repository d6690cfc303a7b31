"""Which audited case had a detail, and a detail of one case, found in the cases' own text
(no Rasa): bot.dialogue.case_facts and the case lines of bot.dialogue.case_focus."""

from __future__ import annotations

import re

import pytest

from bot.dialogue.case_facts import (
    asks_strengths,
    asks_which_audited_case,
    cases_saying,
    findings_across_cases,
    findings_reply,
    no_case_says,
    too_many,
    which_cases_reply,
)
from bot.dialogue.case_focus import (
    LEGAL_STANDING,
    asked_of_case,
    case_detail,
    case_or_cases_asked,
    line_stems,
    numbered_cases_saying,
    without_asides,
)
from bot.dialogue.follow_ups import word_stem
from bot.dialogue.understanding import mentioned_source
from bot.knowledge.nlu_data import glossary_forms
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import Settings


@pytest.fixture
def store(settings: Settings) -> KnowledgeStore:
    """The knowledge loaded into a store of its own."""
    load_knowledge(settings, environ={})
    return KnowledgeStore.from_settings(settings)


@pytest.fixture
def glossary(settings: Settings) -> dict[str, list[str]]:
    return glossary_forms(settings.knowledge_dir)


@pytest.mark.parametrize(
    "text",
    [
        "which of the send cases had a looked after child in it",
        "what mh case involved the police looking for a missing young person",
        "in which case was a wiki used by the school",
        "any cases where the gp knew the family well?",
        "which audited cases had an interpreter",
    ],
)
def test_which_audited_case_had_a_detail_is_asked_in_many_words(text: str) -> None:
    assert asks_which_audited_case(text)


@pytest.mark.parametrize(
    "text",
    [
        # the case an answer comes from, asking nothing of its own: the last turn answers it
        "which case was that",
        "which case is that learning from",
        "which case was like that",
        "which cases use that",
        # practice or a session, not what the audited cases had
        "which cases should go to the panel",
        "what cases does the mash take",
        "what case types go to marac",
        "which send case is best for a 20 min discussion on neglect",
        # "which one" is a case only once cases were just named
        "which one had the tac meeting",
    ],
)
def test_a_question_with_nothing_of_its_own_or_on_practice_is_not_which_case(text: str) -> None:
    assert not asks_which_audited_case(text)


def test_which_one_is_a_case_once_cases_were_just_named() -> None:
    assert asks_which_audited_case("and which one had the tac meeting", cases_just_named=True)
    assert not asks_which_audited_case("and which one had the tac meeting", cases_just_named=False)


@pytest.mark.parametrize(
    "text",
    [
        # what practice should do, even once cases were just named
        "which cases should go to the extra familial risk panel",
        "which cases need a child protection conference",
        "which cases need an interpreter",
        "which cases should I flag in supervision",
        "in which cases should the GP be involved",
        "which ones must be stepped up to CSC",
        # cases in general, in the present tense
        "which cases go to the MASH?",
        "what cases are discussed at MARAC?",
        "what cases are referred to CAMHS",
        "which cases are stepped down to early help",
        "what cases are suitable for a TAC",
        "which cases get a child protection conference",
        "what case goes to the strategy meeting",
    ],
)
def test_a_question_on_practice_never_asks_which_audited_case(text: str) -> None:
    assert not asks_which_audited_case(text, cases_just_named=True, case_names=["barak"])


@pytest.mark.parametrize(
    "text",
    [
        # an audit or a case named: the audited cases, in the present tense too
        "which cases in the audit are referred to CAMHS",
        "which audited cases get a child protection conference",
        "which send cases are stepped down to early help",
        "which cases go to the panel in the mh audit",
        "which cases are like barak's with the dv referral",
        # and in the past tense, as before
        "which cases went to the extra familial risk panel",
        "which cases needed an interpreter",
    ],
)
def test_cases_of_the_audits_in_the_present_tense_ask_which_audited_case(text: str) -> None:
    assert asks_which_audited_case(text, case_names=["barak"])


def _named(facts: list) -> list[str]:  # type: ignore[type-arg]
    return [fact.case.id for fact in facts]


def test_the_cases_whose_own_text_says_it_are_named_with_their_lines(
    store: KnowledgeStore, glossary: dict[str, list[str]]
) -> None:
    with store.session() as session:
        cases, sources = store.cases(session), store.sources(session)
        asked = "which of the mh cases was taken to the panel for extra familial risk"
        facts = cases_saying(asked, cases, glossary, mentioned_source(asked, sources))
        assert _named(facts) == ["mh-case-3"]
        text = which_cases_reply(facts)[0].text
        assert "Extra Familial Risk Panel" in text and "Mental health audit 2019/20" in text
        # good practice asked: the cases' strengths only, every case that shows it
        good = cases_saying("which cases escalated well", cases, glossary)
        assert set(_named(good)) == {"mh-case-1", "mh-case-2", "mh-case-3", "send-erika"}
        assert "send-adam" not in _named(good)  # escalated too late: a finding, no strength
        several = which_cases_reply(good)[0].text
        assert "Case 1" in several and "Case 5 (Erika)" in several


def test_a_spelling_an_abbreviation_and_what_was_spoken_of_find_the_case(
    store: KnowledgeStore, glossary: dict[str, list[str]]
) -> None:
    with store.session() as session:
        cases = store.cases(session)
        # "finalised" meets "finalized"
        assert _named(cases_saying("which one got its plan finalised", cases, glossary)) == [
            "send-deshawn"
        ]
        # "dv" is what the audit writes as domestic violence
        assert _named(cases_saying("which case made a dv referral", cases, glossary)) == [
            "send-barak"
        ]
        # two cases had something transferred: the one the EHCP just spoken of names
        spoken = "is a statement the same thing as an EHCP"
        transferred = cases_saying("which case had one transferred", cases, glossary, None, spoken)
        assert _named(transferred) == ["send-adam"]


def test_no_case_saying_it_is_said_plainly(
    store: KnowledgeStore, glossary: dict[str, list[str]]
) -> None:
    with store.session() as session:
        asked = "which case had a parent in prison"
        assert cases_saying(asked, store.cases(session), glossary) == []
    text = no_case_says()[0].text
    # in words of its own: the asker's are never echoed (a name the redaction missed)
    assert "None of the audited cases" in text and "prison" not in text


@pytest.mark.parametrize(
    ("text", "case_id"),
    [
        ("which case is the chronic neglect one", "send-caryn"),
        ("what case is the looked after one with the special school", "send-adam"),
        ("which case is the young carers one?", "mh-case-2"),
    ],
)
def test_a_case_pointed_at_by_its_theme_is_an_audited_case(
    text: str, case_id: str, store: KnowledgeStore, glossary: dict[str, list[str]]
) -> None:
    """ "Which case is the <theme> one" points at an audited case by what it is about, not at
    cases in practice in the present tense ("which cases are discussed at the panel")."""
    assert asks_which_audited_case(text)
    with store.session() as session:
        assert _named(cases_saying(text, store.cases(session), glossary)) == [case_id]


@pytest.mark.parametrize(
    "text", ["which cases are discussed at the panel", "which case is suitable for early help"]
)
def test_cases_in_practice_in_the_present_tense_are_still_no_audited_case(text: str) -> None:
    assert not asks_which_audited_case(text)


def test_a_finding_drawn_from_all_an_audits_cases_answers_which_cases(
    store: KnowledgeStore, glossary: dict[str, list[str]]
) -> None:
    """No one case's lines say what the mental health audit found across all its cases (ASD
    identified late): "which cases ..." gets that finding, cited as drawn from all the cases, and
    a detail of one case, or of no case, gets none."""
    with store.session() as session:
        cases, messages = store.cases(session), store.key_messages(session)
        asked = "which of the cases had ASD identified too late"
        assert cases_saying(asked, cases, glossary) == []
        findings = findings_across_cases(asked, messages, glossary)
        assert [finding.message.id for finding in findings] == ["autism-early-identification"]
        reply = findings_reply(findings)[0]
        assert "late identification of ASD" in reply.text
        assert "drawn from all the cases audited" in reply.text
        assert reply.buttons
        assert findings_across_cases("which case had a parent in prison", messages, glossary) == []
        # a finding the audit attributes to an unnamed case (`case_note`) is no finding of all
        assert findings_across_cases("which cases had school nursing", messages, glossary) == []


def test_a_detail_of_one_case_in_other_words(
    store: KnowledgeStore, glossary: dict[str, list[str]]
) -> None:
    with store.session() as session:
        caryn = store.case(session, "send-caryn")
        barak = store.case(session, "send-barak")
        assert caryn is not None and barak is not None
        # everyday words for the audit's: brothers and sisters are its siblings
        siblings = asked_of_case(caryn, "did her brothers come up in caryn's case", glossary)
        assert siblings is not None and "siblings" in siblings[0].text
        # the team a child is with now: the service its lines name
        team = case_detail(barak, "what team has him these days", glossary)
        assert team is not None and "Disabled Children's Service" in team[0].text
        dv = case_detail(barak, "any DV referral in his case?", glossary)
        assert dv is not None and "Domestic Violence Intervention Project" in dv[0].text


def test_the_askers_own_aside_is_not_asked_of_the_case() -> None:
    assert without_asides("what was mum like in barak's case? a bit like my family") == (
        "what was mum like in barak's case?"
    )
    # a clause that asks is kept, whoever it speaks of
    assert without_asides("in adam's case, what should we have done") == (
        "in adam's case, what should we have done"
    )


@pytest.mark.parametrize(
    "asked",
    [
        "how do I escalate if CSC close a case too early?",
        "what do I do if social care close the case before the child is safe",
        "when should I ring the LADO about a teacher",
        "who challenges social care when a transfer goes wrong",
        "how early should a secondary school refer",
        "who do I escalate to when CSC close too early",
    ],
)
def test_a_detail_of_one_case_is_a_line_saying_two_thirds_of_it(
    store: KnowledgeStore, glossary: dict[str, list[str]], asked: str
) -> None:
    with store.session() as session:
        barak = store.case(session, "send-barak")
        assert barak is not None
        assert case_detail(barak, asked, glossary) is None


@pytest.mark.parametrize(
    "asked",
    ["which cases involved the school", "which cases had a plan", "which cases involved services"],
)
def test_too_many_cases_saying_it_is_not_none_saying_it(
    store: KnowledgeStore, glossary: dict[str, list[str]], asked: str
) -> None:
    with store.session() as session:
        facts = cases_saying(asked, store.cases(session), glossary)
    assert too_many(facts)
    text = which_cases_reply(facts)[0].text
    assert text.startswith("Several of the audited cases mention that")
    assert not {"school", "plan", "services"} & set(text.split())  # the asker's words: never


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("finalized", "finalised"),
        ("organizing", "organising"),
        ("prioritization", "prioritisation"),
        ("brothers", "siblings"),
        ("referred", "referral"),
    ],
)
def test_a_case_line_and_a_follow_up_read_a_word_alike(one: str, other: str) -> None:
    assert line_stems(one) == line_stems(other)
    assert word_stem(one) == word_stem(other)


@pytest.mark.parametrize("word", ["size", "prize", "seize", "citizen"])
def test_a_word_ending_in_iz_that_is_no_american_spelling_keeps_it(word: str) -> None:
    # one -ize rule for case lines and follow-ups: only "-ize" after a word of its own
    assert line_stems(word) == {word_stem(word)}
    assert word_stem(word).startswith(word[:3]) and "is" not in word_stem(word)[-2:]


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        # which cases, plural: every case saying it, not the one saying it in most words
        ("which send audit cases involved looked after children", {"send-adam", "send-caryn"}),
        ("what cases had a child who was looked after", {"send-adam", "send-caryn"}),
        # something working is good practice asked: the strengths, in no word of their own
        (
            "which cases show escalation actually working?",
            {"mh-case-1", "mh-case-2", "mh-case-3", "send-erika"},
        ),
        ("in which cases did escalating concerns work successfully", None),
    ],
)
def test_which_cases_asks_for_every_case_saying_it(
    store: KnowledgeStore, glossary: dict[str, list[str]], asked: str, expected: set[str] | None
) -> None:
    with store.session() as session:
        cases, sources = store.cases(session), store.sources(session)
        facts = cases_saying(asked, cases, glossary, mentioned_source(asked, sources))
        named = set(_named(facts))
        if expected is None:
            assert "send-adam" not in named and named  # sooner is a finding, not a strength
        else:
            assert named == expected


def test_which_case_singular_still_tells_cases_apart_by_every_word(
    store: KnowledgeStore, glossary: dict[str, list[str]]
) -> None:
    """ "Which case had one transferred over" after the EHCP: the one it points back at."""
    with store.session() as session:
        cases = store.cases(session)
        facts = cases_saying(
            "which case had one transferred over",
            cases,
            glossary,
            spoken_of="what does it mean when a statement is transferred to an ehcp",
        )
        assert _named(facts) == ["send-adam"]


def test_good_practice_negated_asks_what_went_wrong_not_the_strengths() -> None:
    for text in (
        "which cases show the CIN plan not working",
        "which case had a plan that was not working",
        "where escalation never worked",
        "which plan failed to work well",
        "where did the plan stop working",
        "which case had a plan that wasnt working",
        "any cases where the TAC broke down and stopped working",
    ):
        assert not asks_strengths(text), text
    assert asks_strengths("which cases show escalation actually working?")
    assert asks_strengths("it was not a problem: which cases show good escalation")


def test_a_childs_legal_status_is_the_plan_or_proceedings_a_case_line_names(
    store: KnowledgeStore, glossary: dict[str, list[str]]
) -> None:
    """No line says "legal status": the CIN plan and PLO of the mental health audit's case 3
    and Caryn's (the SEND audit's case 3) Child Protection Plans do, each in its own case."""
    assert LEGAL_STANDING in line_stems("Case is managed under a CIN plan with a PLO process")
    assert LEGAL_STANDING not in line_stems("Good information sharing between CSC and CAMHS.")
    with store.session() as session:
        cases = store.cases(session)
        asked = "What was the legal status of case 3 at the time of the audit?"
        saying = {case.id: lines for case, lines in numbered_cases_saying(asked, cases, glossary)}
    assert set(saying) == {"mh-case-3", "send-caryn"}
    assert any("PLO" in line for line in saying["mh-case-3"])
    assert any("Child Protection Plans" in line for line in saying["send-caryn"])


def _said(store: KnowledgeStore, glossary: dict[str, list[str]], text: str) -> dict[str, list[str]]:
    with store.session() as session:
        cases = store.cases(session)
        return {case.id: lines for case, lines in numbered_cases_saying(text, cases, glossary)}


@pytest.mark.parametrize(
    "text",
    [
        "what's the status of the EHCP for case 1?",
        "case 1 - where had the EHCP got to, what was its status",
        "did case 4 ever get a statutory assessment",
    ],
)
def test_a_bare_status_or_statutory_asks_no_legal_standing(
    store: KnowledgeStore, glossary: dict[str, list[str]], text: str
) -> None:
    """ "The status of the EHCP", "a statutory assessment": no line is given for its plan,
    proceedings or care alone, only for what it says (fix38d)."""
    for lines in _said(store, glossary, text).values():
        standing = [line for line in lines if LEGAL_STANDING in line_stems(line)]
        assert all(re.search(r"status|statutory|EHCP", line) for line in standing), (text, lines)


@pytest.mark.parametrize(
    ("text", "case_id", "said"),
    [
        ("was case 1 legally in care, looked after?", "send-adam", "Looked After"),
        ("what statutory order was case 3 on", "mh-case-3", "PLO"),
        ("case 3's legal standing at the time?", "mh-case-3", "PLO"),
    ],
)
def test_legal_standing_asked_in_other_words(
    store: KnowledgeStore, glossary: dict[str, list[str]], text: str, case_id: str, said: str
) -> None:
    assert any(said in line for line in _said(store, glossary, text)[case_id]), text


def test_of_two_audits_cases_only_their_own_lines_answer(
    store: KnowledgeStore, glossary: dict[str, list[str]]
) -> None:
    """A case number with no audit: a key message's step ("consider a professionals
    meeting") is no case's own answer (fix38d)."""
    with store.session() as session:
        cases = store.cases(session)
        steps = {step for case in cases for m in case.key_messages for step in m.actions}
        for text in ("did case 2 have a child protection plan", "was case 2 ever on a CP plan"):
            for case, lines in numbered_cases_saying(text, cases, glossary):
                assert not set(lines) & steps, (text, case.id, lines)


def test_each_audits_case_of_a_number_is_headed_with_its_audit(
    store: KnowledgeStore, glossary: dict[str, list[str]]
) -> None:
    with store.session() as session:
        cases, sources = store.cases(session), store.sources(session)
        case, replies = case_or_cases_asked(
            "what legal status did case 3 have back then", cases, sources, None, glossary
        )
        assert case is None
        assert [reply.text.split("\n")[0] for reply in replies] == [
            "From the Mental health audit 2019/20, Case 3:",
            "From the SEND audit 2016-17, Case 3 (Caryn):",
        ]
        # with its audit named, or one case saying it: that case, no replies
        named = case_or_cases_asked("legal status of case 3 in the SEND audit", cases, sources)
        assert named[0] is not None and named[0].id == "send-caryn" and not named[1]
