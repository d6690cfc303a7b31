"""Cases and audits (actions/cases.py)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import activities, browse, cases, coverage, fallback, learning, moves
from actions.common import store
from bot.dialogue.answers.browse import theme_findings
from bot.dialogue.answers.learning import FIRST_MESSAGE_WORDS, word_count
from bot.dialogue.identifiers_warning import is_warning
from tests.actions.trackers import ranking, run, says_999, tracker, turn
from tests.support import all_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tell me about the Erika case", "Source: SEND audit 2016-17, Case 5 (Erika)."),
        (
            "what did the audit find in deshawns case",
            "Source: SEND audit 2016-17, Case 4 (Deshawn).",
        ),
        (
            "summary of mental health audit case three please",
            "Source: Mental health audit 2019/20, Case 3.",
        ),
        ("tell me about case 2 in the MH audit", "Source: Mental health audit 2019/20, Case 2."),
    ],
)
def test_cases_are_found_by_name_or_number(text: str, expected: str) -> None:
    messages, _ = run(cases.ActionDescribeCase(), tracker(text, "ask_case"))
    assert expected in all_text(messages)


def test_an_ambiguous_case_number_lists_the_cases() -> None:
    messages, _ = run(cases.ActionDescribeCase(), tracker("tell me about case 2", "ask_case"))
    assert all_text(messages).startswith("Which case?")


def test_audit_description_names_its_cases() -> None:
    messages, _ = run(
        cases.ActionDescribeAudit(), tracker("what did the SEND audit find", "ask_audit")
    )
    text = all_text(messages)
    assert "Case 1 (Adam), Case 2 (Barak), Case 3 (Caryn), Case 4 (Deshawn), Case 5 (Erika)" in text
    assert len(messages[0]["buttons"]) == 15


def _described(text: str) -> list[dict[str, Any]]:
    """The events of a turn that described the case the text names."""
    messages, events = run(cases.ActionDescribeCase(), tracker(text, "ask_case"))
    return turn(text, messages, events)


@pytest.mark.parametrize(
    ("text", "intent", "action", "expected"),
    [
        # what went wrong: the case's key messages and what the audit found
        ("what went wrong", "nlu_fallback", fallback.ActionOfferCandidates, "mixed messages"),
        ("and the learning from it?", "ask_audit", cases.ActionDescribeAudit, "mixed messages"),
        # what should have happened: their steps
        (
            "what should they have done",
            "ask_learning",
            learning.ActionAnswerLearning,
            "information sharing between professionals is normal practice",
        ),
        # what the people in it ought to have done, named by their role (set Q: declined)
        (
            "so who ought the professionals to have told",
            "nlu_fallback",
            fallback.ActionOfferCandidates,
            "information sharing between professionals is normal practice",
        ),
    ],
)
def test_a_question_about_the_case_just_shown_is_answered_from_that_case(
    text: str, intent: str, action: type, expected: str
) -> None:
    history = _described("tell me about the erika case")
    messages, _ = run(action(), tracker(text, intent, events=history))
    reply = all_text(messages)
    assert "Case 5 (Erika)" in reply
    assert expected in reply


def test_a_detail_of_the_case_just_shown_asked_with_a_pronoun_is_its_line() -> None:
    history = _described("what happened in case 2 in the mental health audit?")
    messages, _ = run(
        learning.ActionAnswerLearning(),
        tracker(
            "how did they get the mother on board",
            "ask_learning",
            events=history,
            # the words alone are sure of another topic: the case is what they point at
            response_selector=ranking(("disguised-compliance", 0.95), ("young-carers", 0.01)),
        ),
    )
    reply = all_text(messages)
    assert "Case 2" in reply
    assert "interpreting service" in reply


def test_good_practice_after_a_case_is_that_cases_strengths_that_fit() -> None:
    history = _described("tell me about case 3 in the mh audit")
    messages, _ = run(
        browse.ActionGoodPractice(),
        tracker("what did police do well", "good_practice", events=history),
    )
    reply = all_text(messages)
    assert "locate young person when missing" in reply
    assert "Barak" not in reply


def test_without_a_case_in_focus_the_question_is_not_taken_as_one() -> None:
    messages, _ = run(learning.ActionAnswerLearning(), tracker("what went wrong", "ask_learning"))
    assert "What the audit learned from" not in all_text(messages)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the mh audit case with the unexplained pain and missing school - what was the outcome",
            "What came of Case 1",
        ),
        (
            "the SEND audit case where the GP used HARK - which one was that",
            "SEND audit 2016-17, Case 2 (Barak)",
        ),
    ],
)
def test_a_case_is_found_by_what_happened_in_it(text: str, expected: str) -> None:
    messages, _ = run(cases.ActionDescribeCase(), tracker(text, "ask_case"))
    assert all_text(messages).startswith(expected)


def test_a_question_that_does_not_speak_of_a_case_is_not_matched_to_one() -> None:
    messages, _ = run(
        fallback.ActionOfferCandidates(),
        tracker(
            "lone working policy for evening home visits, anything in the audits", "nlu_fallback"
        ),
    )
    assert "Case 5 (Erika)" not in all_text(messages)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what was the learning from caryn", "What the audit learned from Case 3 (Caryn)"),
        ("summary of caryn please", "SEND audit 2016-17, Case 3 (Caryn)"),
    ],
)
def test_a_practice_question_that_names_a_case_is_answered_from_it(
    text: str, expected: str
) -> None:
    messages, _ = run(learning.ActionAnswerLearning(), tracker(text))
    assert all_text(messages).startswith(expected)


def test_the_askers_own_case_described_is_not_taken_for_an_audited_one() -> None:
    text = "case closed to csc 6 months ago, neglect still there and getting worse. what do i do"
    messages, _ = run(
        learning.ActionAnswerLearning(),
        tracker(text, response_selector=ranking(("chronic-neglect", 0.95))),
    )
    assert "**Chronic Neglect**" in all_text(messages)
    assert "Case 3 (Caryn)" not in all_text(messages).split("Source")[0]


def test_where_a_term_just_explained_is_used_is_the_case_its_answer_cited() -> None:
    question = "TAC?"
    explained, returned = run(moves.ActionExplainTerm(), tracker(question, "ask_term"))
    assert "Case 5 (Erika)" in all_text(explained)
    current = tracker(
        "Used where in the audits", "ask_audit", events=turn(question, explained, returned)
    )
    messages, _ = run(cases.ActionDescribeAudit(), current)
    said = all_text(messages)
    assert "Case 5 (Erika)" in said
    assert "I hold the learning from these audits" not in said


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in the Adam case, why couldn't he get short breaks?", "immigration status"),
        ("Erika: anything on the DNAs?", "not being brought to appointments"),
        ("what about caryn's siblings", "Caryn's siblings"),
    ],
)
@pytest.mark.parametrize("action", [learning.ActionAnswerLearning, cases.ActionDescribeCase])
def test_a_question_naming_a_case_gets_the_lines_of_it_that_answer_it(
    text: str, expected: str, action: type[Any]
) -> None:
    intent = "ask_case" if action is cases.ActionDescribeCase else "ask_learning"
    messages, _ = run(action(), tracker(text, intent))
    said = all_text(messages)
    assert said.startswith("From Case")
    assert expected in said
    assert "Source: SEND audit 2016-17, Case" in said


def test_a_case_named_with_nothing_more_asked_is_described() -> None:
    messages, _ = run(
        cases.ActionDescribeCase(), tracker("what did the audit find in deshawns case", "ask_case")
    )
    assert all_text(messages).startswith("SEND audit 2016-17, Case 4 (Deshawn)")


def test_a_case_number_both_audits_use_is_the_case_whose_lines_answer_the_question() -> None:
    text = "in case 2 was an interpreting service used for the mother?"
    messages, _ = run(cases.ActionDescribeCase(), tracker(text, "ask_case"))
    said = all_text(messages)
    assert said.startswith("From Case 2")
    assert "interpreting service" in said
    assert "Source: Mental health audit 2019/20, Case 2." in said


def test_a_case_number_both_audits_use_with_nothing_asked_lists_the_cases() -> None:
    messages, _ = run(cases.ActionDescribeCase(), tracker("case 2 please", "ask_case"))
    assert all_text(messages).startswith("Which case?")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the primary-aged girl whose SEND assessment stalled because she had never been seen",
            "SEND audit 2016-17, Case 5 (Erika)\n\nErika is a primary aged girl",
        ),
        (
            "the young person who kept turning up at the GP with pain that had no medical "
            "explanation, and missed school",
            "Mental health audit 2019/20, Case 1\n\nYoung person",
        ),
    ],
)
def test_a_case_described_in_words_its_lines_do_not_use_is_found_by_meaning(
    text: str, expected: str
) -> None:
    messages, _ = run(cases.ActionDescribeCase(), tracker(text, "ask_case"))
    assert all_text(messages).startswith(expected)


def test_a_request_for_the_list_of_cases_is_not_taken_for_one_case() -> None:
    messages, _ = run(cases.ActionDescribeCase(), tracker("which cases are there", "ask_case"))
    assert all_text(messages).startswith("Which case?")


def test_a_practice_question_describing_a_case_of_a_named_audit_gets_that_case() -> None:
    text = "mh audit - the case of the teenager who was assaulted and then went missing, remind me"
    messages, _ = run(learning.ActionAnswerLearning(), tracker(text))
    assert all_text(messages).startswith("Mental health audit 2019/20, Case 3")


@pytest.mark.parametrize(
    ("text", "key_message"),
    [
        (
            "what does the SEND audit say about escalating when a parent keeps missing"
            " appointments",
            "not-brought-to-appointments",
        ),
        # the words of an audit's full title alone ("Multi-Agency Case Audits") name no audit
        (
            "should a multi-agency strategy meeting be held for a CIN case like mine",
            "calling-professionals-meetings",
        ),
    ],
)
def test_a_practice_question_on_a_topic_of_a_named_audit_is_not_taken_for_a_case(
    text: str, key_message: str
) -> None:
    messages, _ = run(
        learning.ActionAnswerLearning(),
        tracker(text, response_selector=ranking((key_message, 0.95))),
    )
    assert "audit 2016-17, Case" not in all_text(messages).split("Source")[0]
    assert "audit 2019/20, Case" not in all_text(messages).split("Source")[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SEND audit 2016-17 case 4: what went well?", "Good practice"),
        ("mental health 2019-20, case 2 - the outcome", "What came of"),
    ],
)
def test_a_case_named_by_audit_years_and_number_gets_the_facet_asked(
    text: str, expected: str
) -> None:
    """The audit's years are not the case's number ("2016-17 case 4" is case 4, not 17), and
    they are no word of asking: what is asked of the case is still answered."""
    messages, _ = run(learning.ActionAnswerLearning(), tracker(text))
    assert expected in all_text(messages)
    assert ("Case 4 (Deshawn)" if "SEND" in text else "Case 2") in all_text(messages)


def test_a_story_told_of_someone_in_an_audit_finds_the_case_its_summary_says() -> None:
    """Told by who it is about, in words its other lines share with other cases ("adult
    services", "plans"), the case whose summary says who it is about is found."""
    text = (
        "a young person with a rare condition in an audit, looked after at times, now in adult"
        " services - summary please"
    )
    messages, _ = run(learning.ActionAnswerLearning(), tracker(text))
    assert "Case 3 (Caryn)" in all_text(messages)


def test_that_case_after_an_answer_and_a_case_line_is_the_case_shown_last() -> None:
    """An answer citing one case, then another case's own line: "that case" is the one
    shown last (set R: the answer's topic again, as no single case was named)."""
    shown = [
        {"text": "**Non-attendance at services**\n\nSource: SEND audit 2016-17, Case 5 (Erika)."},
        {"text": "**A case audited**\nYoung person repeatedly presenting at health services."},
        {"text": "Source: Mental health audit 2019/20, Case 1."},
    ]
    question = "a teen always in clinic with pains and off school"
    history = turn(
        question,
        shown,
        [{"event": "slot", "name": "key_message", "value": "not-brought-to-appointments"}],
    )
    current = tracker(
        "so what went well in that case?",
        slots={"key_message": "not-brought-to-appointments"},
        events=history,
    )
    said = all_text(run(learning.ActionAnswerLearning(), current)[0])
    assert said.startswith("Good practice in Mental health audit 2019/20, Case 1")


def test_a_question_about_the_askers_own_case_is_answered_from_the_learning() -> None:
    """Heard as a question about a case, "thinking about a case" is the asker's: its words
    would otherwise describe whichever audited case shares most of them."""
    messages, _ = run(
        cases.ActionDescribeCase(),
        tracker(
            "just been thinking about a case, any learning on a gran helping with the safety plan",
            "ask_case",
        ),
    )
    assert not all_text(messages).startswith(("SEND audit", "Mental health audit"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # its story in one sentence, what is asked of it in the next
        (
            "remember the case about a young adult with a rare condition who moved into adult "
            "services. what should have happened?",
            "What the audit says should happen, from Case 3 (Caryn)",
        ),
        # the case told of by its kind, then what is asked
        (
            "the sexual assault case with the paediatrician - what went well?",
            "Good practice in Mental health audit 2019/20, Case 3",
        ),
        # "one" said for the case, and an agency's part in it
        (
            "there was one about a boy with a learning disability whose mum got help from "
            "DVIP. what did the school do?",
            "proactive practice by the school",
        ),
    ],
)
def test_a_case_told_by_its_story_gets_what_is_asked_of_it(text: str, expected: str) -> None:
    for action, intent in (
        (cases.ActionDescribeCase, "ask_case"),
        (learning.ActionAnswerLearning, "ask_learning"),
    ):
        messages, _ = run(action(), tracker(text, intent))
        assert expected in all_text(messages), (intent, all_text(messages)[:200])


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        (
            "Case 3 in the mental health audit: how did the police do?",
            "CSC and Police",
            "paediatrician",
        ),
        ("Barak - the GP's role?", "HARK", "DVIP"),
    ],
)
def test_an_agencys_part_in_a_named_case_is_its_lines_naming_the_agency(
    text: str, expected: str, not_expected: str
) -> None:
    """A GP is two letters, which topic words leave out: the agency is read apart."""
    said = all_text(run(cases.ActionDescribeCase(), tracker(text, "ask_case"))[0])
    assert expected in said and not_expected not in said


def test_how_many_cases_an_audit_named_in_several_words_has_and_who() -> None:
    said = all_text(
        run(
            learning.ActionAnswerLearning(),
            tracker("how many cases does the mental health audit have, which ones", "ask_learning"),
        )[0]
    )
    assert said.startswith("The Mental health audit 2019/20 audited")


def test_the_case_a_quoted_idea_comes_from_is_told_even_in_a_quiz_request() -> None:
    said = all_text(
        run(
            activities.ActionQuiz(),
            tracker(
                "for my quiz: 'parents hop between services'. which case is that from?", "quiz_me"
            ),
        )[0]
    )
    assert "Case 5 (Erika)" in said and not said.startswith("Which audit")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the part of the story before the end just told: what went wrong there
        ("and what had gone wrong earlier on?", "mixed messages"),
        # or the case itself, from its start
        ("what happened before that", "Erika is a primary aged girl"),
    ],
)
def test_what_came_before_how_a_case_ended_is_that_case_before_its_end(
    text: str, expected: str
) -> None:
    history = _described("tell me about the erika case")
    ended = "how did things turn out for her"
    messages, events = run(fallback.ActionOfferCandidates(), tracker(ended, events=history))
    assert "What came of Case 5 (Erika)" in all_text(messages)
    history += turn(ended, messages, events)
    messages, _ = run(
        fallback.ActionOfferCandidates(), tracker(text, "nlu_fallback", events=history)
    )
    reply = all_text(messages)
    assert "Case 5 (Erika)" in reply
    assert expected in reply


def test_a_detail_after_a_cases_topic_that_the_topic_does_not_say_is_the_cases_line() -> None:
    """ "and the interpreting?" after case 2 and then its young carers learning (set T: the
    young carers steps again): the case's line that says it."""
    history = _described("what happened in case 2 in the mental health audit?")
    asked = "what was the young carer part"
    messages, events = run(
        moves.ActionConversationMove(), tracker(asked, "follow_up", events=history)
    )
    assert "Young Carers" in all_text(messages)
    history += turn(asked, messages, events)
    for text in ("and the interpreting?", "what about interpreters"):
        for action, intent in (
            (moves.ActionConversationMove(), "follow_up"),
            (learning.ActionAnswerLearning(), "ask_learning"),
        ):
            current = tracker(text, intent, slots={"key_message": "young-carers"}, events=history)
            reply = all_text(run(action, current)[0])
            assert "Case 2" in reply, (text, action)
            assert "online interpreting service" in reply, (text, action)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a detail Barak's lines share (his GP knew the family), but a lad at college who does
        # not speak is Deshawn; what was missing is what went wrong
        (
            "the lad at college who couldn't speak, whose GP surgery had known his family for "
            "years - what was missing?",
            "What the audit learned from Case 4 (Deshawn)",
        ),
        (
            "the young person whose aches no doctor could explain, who missed lots of school. "
            "where did things end up?",
            "What came of Case 1",
        ),
    ],
)
def test_a_case_remembered_by_who_and_a_detail_gets_what_is_asked_of_it(
    text: str, expected: str
) -> None:
    for action, intent in (
        (cases.ActionDescribeCase, "ask_case"),
        (learning.ActionAnswerLearning, "ask_learning"),
    ):
        messages, _ = run(action(), tracker(text, intent))
        assert expected in all_text(messages), (intent, all_text(messages)[:200])


def test_someone_described_now_is_not_taken_for_a_remembered_case() -> None:
    text = "the young person has aches no doctor can explain and misses lots of school, advice?"
    said = all_text(run(learning.ActionAnswerLearning(), tracker(text, "ask_learning"))[0])
    assert "What came of" not in said and not said.startswith(("SEND audit", "Mental health"))


@pytest.mark.parametrize(
    ("before", "text", "expected"),
    [
        # a correction telling the case by who it was about: what was asked, of that case
        (
            "what did the audit learn from Erika",
            "no sorry, the lad in foster care",
            "Case 1 (Adam)",
        ),
        ("what went well for Barak", "i meant the young adult with the rare condition", "Case 3"),
        ("what went well for Barak", "oops - the non-verbal young man at college", "Case 4"),
        ("tell me about Adam", "and the one that completed GCSEs at home?", "Case 1."),
    ],
)
def test_a_case_told_again_by_who_or_a_detail_after_a_case_is_that_case(
    before: str, text: str, expected: str
) -> None:
    shown = _described(before)
    for action, intent in (
        (moves.ActionConversationMove, "correction"),
        (learning.ActionAnswerLearning, "ask_learning"),
        (cases.ActionDescribeCase, "ask_case"),
    ):
        said = all_text(run(action(), tracker(text, intent, events=shown))[0])
        assert expected in said, (intent, said[:300])


def test_a_case_told_again_asks_what_the_question_before_asked() -> None:
    shown = _described("What went well for Deshawn?")
    said = all_text(
        run(moves.ActionConversationMove(), tracker("no, the LAC boy", "correction", events=shown))[
            0
        ]
    )
    assert said.startswith("Good practice in SEND audit 2016-17, Case 1 (Adam)"), said[:200]


def test_a_case_number_after_cases_of_both_audits_is_the_one_named_with_it() -> None:
    named = turn(
        "which cases had good escalation",
        [
            {
                "text": "- Escalation: challenge. Source: Mental health audit 2019/20, Case 2.\n"
                "- Escalation: contingencies. Source: Mental health audit 2019/20, Case 1."
            }
        ],
        [],
    )
    said = all_text(
        run(
            moves.ActionConversationMove(),
            tracker("More on case 2, please.", "ask_more", events=named),
        )[0]
    )
    assert said.startswith("Mental health audit 2019/20, Case 2"), said[:200]


def test_what_an_agency_did_well_in_the_case_shown_is_its_strengths_naming_it() -> None:
    shown = _described("tell me about Barak")
    for text in ("what else did the school do well there", "what did school do right in it"):
        said = all_text(
            run(learning.ActionAnswerLearning(), tracker(text, "ask_learning", events=shown))[0]
        )
        assert said.startswith("Good practice in SEND audit 2016-17, Case 2 (Barak)"), said[:200]
    assert "proactive practice by the school" in said and "HARK" not in said


def test_which_case_had_a_detail_names_the_cases_whose_text_says_it() -> None:
    messages, events = run(
        cases.ActionDescribeCase(),
        tracker("which of the SEND cases was moved to the Disabled Children's Service", "ask_case"),
    )
    reply = all_text(messages)
    assert "Case 2 (Barak)" in reply and "Disabled Children's Service" in reply
    assert {"event": "slot", "name": "audit", "value": "send-2016-17"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]
    # none says it: said plainly, never the audit's cases or a handout
    messages, _ = run(
        cases.ActionDescribeCase(), tracker("which case had a parent in prison", "ask_case")
    )
    assert all_text(messages).startswith("None of the audited cases says that")
    # no one case says it, but the audit found it across all its cases: that finding, cited
    said, _ = _said(cases.ActionDescribeCase(), "which of the cases had ASD identified too late")
    assert said.startswith("Not one case alone"), said[:200]
    assert "Mental health audit 2019/20, drawn from all the cases audited" in said


def test_which_case_told_in_other_words_is_the_case_its_lines_mean() -> None:
    # no line says most of its words: by meaning, with the case's own line that holds it; on
    # a first message "that" points at nothing before
    said, _ = _said(
        cases.ActionDescribeCase(),
        "which case had the sexual health clinic name a single worker to stay with the girl, "
        "which is not often done",
    )
    assert "Mental health audit 2019/20, Case 3" in said, said[:300]
    assert "sexual health clinic" in said
    # nothing any case has, told in any words: still said plainly
    said, _ = _said(cases.ActionDescribeCase(), "which case had a child who was trafficked")
    assert said.startswith("None of the audited cases says that"), said[:200]


def _said(action: Any, text: str, intent: str = "ask_case") -> tuple[str, list[dict[str, Any]]]:
    """What the action says to `text` asked as `intent`, and its messages."""
    messages, _ = run(action, tracker(text, intent))
    return all_text(messages), messages


def test_which_one_after_cases_were_named_is_one_of_the_cases() -> None:
    history = _described("tell me about the adam case")
    messages, _ = run(
        learning.ActionAnswerLearning(),
        tracker("and which one got its EHCP finalised", "ask_learning", events=history),
    )
    assert "Case 4 (Deshawn)" in all_text(messages)


def test_a_detail_of_the_case_shown_in_the_audits_words() -> None:
    history = _described("tell me about the barak case")
    messages, _ = run(
        fallback.ActionOfferCandidates(),
        tracker("did he get a DV referral", "nlu_fallback", events=history),
    )
    assert "Domestic Violence Intervention Project" in all_text(messages)


def test_cases_of_both_audits_are_one_reply_and_nothing_after_it() -> None:
    messages, _ = run(cases.ActionDescribeCase(), tracker("which cases escalated well", "ask_case"))
    assert len(messages) == 1
    assert "Mental health audit 2019/20, Case 2" in messages[0]["text"]
    assert "Case 5 (Erika)" in messages[0]["text"]


@pytest.mark.parametrize(
    ("text", "private"),
    [
        ("which case had tyrone in prison", "tyrone"),
        ("which case had a dad in prison near st ambrose", "ambrose"),
        ("which cases had a parent called marguerite in prison", "marguerite"),
        ("any cases where kwabena's uncle went to prison", "kwabena"),
    ],
)
def test_no_case_saying_it_never_echoes_the_askers_words(text: str, private: str) -> None:
    # the stored reply is redacted only for identifiers the detector finds: a name or a school
    # it missed must not come back in the assistant's words
    # (a name the detector finds gets the warning first, as every reply to it does)
    messages, _ = run(cases.ActionDescribeCase(), tracker(text, "ask_case"))
    reply = all_text([message for message in messages if not is_warning(message)])
    assert reply.startswith("None of the audited cases says that"), reply[:200]
    assert private not in all_text(messages).lower()


_PRACTICE_ASKED = [
    "which cases should go to the extra familial risk panel",
    "which cases need a child protection conference",
    "which cases need an interpreter",
    "which cases should I flag in supervision",
    "in which cases should the GP be involved",
]


@pytest.mark.parametrize("text", _PRACTICE_ASKED)
@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (learning.ActionAnswerLearning, "ask_learning"),
        (moves.ActionConversationMove, "follow_up"),
        (fallback.ActionOfferCandidates, "nlu_fallback"),
        (coverage.ActionDeclineUncovered, "out_of_scope"),
    ],
)
def test_which_cases_should_is_practice_not_the_audited_cases(
    text: str, action: type, intent: str
) -> None:
    # one test of "which audited case" for every action that tries it first: what practice
    # should do is the learning, never the lines of the cases that mention its words
    messages, _ = run(action(), tracker(text, intent))
    reply = all_text(messages)
    assert not reply.startswith(("The cases whose audit says so", "From Case")), reply[:200]


@pytest.mark.parametrize(
    "text",
    [
        "which cases go to the extra familial risk panel?",
        "what cases are moved to the disabled children's service",
        "which cases get a dv referral",
    ],
)
def test_which_cases_in_the_present_tense_is_practice_unless_the_audits_are_named(
    text: str,
) -> None:
    messages, _ = run(learning.ActionAnswerLearning(), tracker(text, "ask_learning"))
    assert not all_text(messages).startswith(("The cases whose audit says so", "From Case"))
    named = f"{text.rstrip('?')} in the audits"
    messages, _ = run(learning.ActionAnswerLearning(), tracker(named, "ask_learning"))
    assert all_text(messages).startswith(("The cases whose audit says so", "From Case"))


@pytest.mark.parametrize(
    "text",
    [
        "how do I escalate if CSC close a case too early?",
        "what do I do if social care close the case before the child is safe",
        "who do I tell if the school excludes a child with an EHCP",
    ],
)
@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (learning.ActionAnswerLearning, "ask_learning"),
        (fallback.ActionOfferCandidates, "nlu_fallback"),
        (moves.ActionConversationMove, "follow_up"),
    ],
)
def test_a_practice_question_after_a_case_is_not_a_line_saying_half_of_it(
    text: str, action: type, intent: str
) -> None:
    # a line of the case shown saying half of what is asked is not what was asked of it
    history = _described("tell me about the barak case")
    messages, _ = run(action(), tracker(text, intent, events=history))
    assert not all_text(messages).startswith("From Case 2 (Barak)"), all_text(messages)[:200]


@pytest.mark.parametrize(
    "text",
    [
        "which cases involved the school",
        "which cases had a plan",
        "which of the cases involved services",
    ],
)
def test_more_cases_saying_it_than_a_reply_names_is_not_none_saying_it(text: str) -> None:
    messages, _ = run(cases.ActionDescribeCase(), tracker(text, "ask_case"))
    reply = all_text(messages)
    assert not reply.startswith("None of the audited cases"), reply[:200]
    assert reply.startswith("Several of the audited cases mention that"), reply[:200]
    assert "a bit more" in reply


def test_what_happened_after_an_event_of_the_case_just_named_is_its_line_saying_it() -> None:
    """ "What happened after the TAC?" after "which case used one?" named Erika: her line
    that says the TAC, claiming no order her bullets do not give (set Y: the TAC's meaning
    again; review of conv26: the core group is another bullet, not what came next)."""
    named = _after_which_case("And which case in the audits used a TAC?")
    for action, intent in (
        (moves.ActionExplainTerm(), "ask_term"),
        (moves.ActionConversationMove(), "follow_up"),
        (cases.ActionDescribeCase(), "ask_case"),
    ):
        current = tracker("What happened after the TAC?", intent, events=named)
        said = all_text(run(action, current)[0])
        assert said.startswith("What the audit says about"), (action, said[:200])
        assert "helping to escalate the case" in said and "core group" not in said
        assert "stands for" not in said


def test_and_the_one_with_another_detail_after_a_which_case_question_asks_it_again() -> None:
    """ "and the one with home education" right after "which mh case had home tuition" named
    case 2: the same question with that detail, case 1; then its outcome (set Y: case 2)."""
    named = _after_which_case("which mh case had home tuition")
    assert "Case 2" in all_text(named[2:3])
    current = tracker("and the one with home education", "follow_up", events=named)
    messages, events = run(moves.ActionConversationMove(), current)
    said = all_text(messages)
    assert "Case 1" in said and "home education" in said, said[:200]
    after = named + turn("and the one with home education", messages, events)
    outcome = tracker("what were the outcomes", "ask_case", events=after)
    assert "GCSEs" in all_text(run(cases.ActionDescribeCase(), outcome)[0])


def _after_which_case(question: str) -> list[dict[str, Any]]:
    messages, events = run(cases.ActionDescribeCase(), tracker(question, "ask_case"))
    return turn(question, messages, events)


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("What happened after the TAC? the boy in front of me says his dad hit him", "danger"),
        ("what came next after the TAC, mum has just told me he is choking her", "danger"),
        ("what happened after the home visit? im worried a baby here has a burn", "risk"),
    ],
)
def test_what_followed_an_event_with_a_sign_of_danger_is_answered_with_999(
    text: str, marks: str
) -> None:
    """A sequel of the case just named asked with danger in the same message: no case story
    before answer_learning, which puts the 999 line first (review of conv26)."""
    named = _after_which_case("And which case in the audits used a TAC?")
    mark = {"danger_possible": True} if marks == "danger" else {"risk_mentioned": True}
    current = tracker(text, "ask_learning", events=named, **mark)
    assert cases.what_followed_in_case(CollectingDispatcher(), current) is None
    assert cases.follow_up_on_case(CollectingDispatcher(), current) is None
    assert says_999(current)


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("and the one with home education? he's hitting her", "danger_possible"),
        ("and the one with home education? she's not safe", "danger_possible"),
        ("and the one with home education and abuse", "risk_mentioned"),
    ],
)
def test_and_the_one_with_a_detail_with_a_sign_of_danger_is_answered_with_999(
    text: str, mark: str
) -> None:
    """ "and the one with ..." after a which-case question, with danger in the same message:
    not the case named again, but answer_learning with the 999 line (review of conv26)."""
    named = _after_which_case("which mh case had home tuition")
    current = tracker(text, "ask_learning", events=named, **{mark: True})
    assert cases.cases_with_detail(CollectingDispatcher(), current) is None
    assert says_999(current)


@pytest.mark.parametrize(
    "text",
    [
        "what happens after a core group?",
        "what should happen after a TAC in my case",
        "what normally happens after a child protection conference",
    ],
)
def test_what_happens_after_an_event_in_general_is_not_the_case_just_named(text: str) -> None:
    """Asked in general after a case was named: not that case's line (review of conv26)."""
    named = _after_which_case("And which case in the audits used a TAC?")
    current = tracker(text, "ask_learning", events=named)
    assert cases.what_followed_in_case(CollectingDispatcher(), current) is None


def test_a_theme_named_whole_gets_what_the_audits_found_on_it_not_the_list_of_audits() -> None:
    """A question that names no audit but a theme whole, asking where the audits found it
    wanting: what was found on it, with where it comes from, and each key message a tap away."""
    said, messages = _said(
        cases.ActionDescribeAudit(),
        "where was the voice of the child missing, according to the audits",
        "ask_audit",
    )
    assert said.startswith("What the audits found on voice of the child"), said[:200]
    assert "SEND audit 2016-17, Case 2 (Barak)" in said
    assert {button["title"] for button in messages[0]["buttons"]} == {
        "The voice of the child or young person",
        "Case Recording",
    }
    assert "I hold the learning from these audits" not in said
    # no theme named: the audits, as before
    messages, _ = run(cases.ActionDescribeAudit(), tracker("which audits do you hold", "ask_audit"))
    assert all_text(messages).startswith("I hold the learning from these audits")


def test_what_was_found_on_a_theme_fits_the_first_message_and_offers_the_rest() -> None:
    """Information sharing has seven key messages (337 words of findings): the first message
    shows the findings that fit a phone screen and offers every key message as a button."""
    with store().session() as session:
        themes = store().themes(session)
    largest = max(themes, key=lambda theme: len(theme.key_messages))
    assert len(largest.key_messages) >= 7
    for theme in themes:
        if not theme.key_messages:
            continue
        (reply,) = theme_findings(theme)
        assert word_count(reply.text) <= FIRST_MESSAGE_WORDS, (theme.id, reply.text)
        assert {button.title for button in reply.buttons} == {
            message.title for message in theme.key_messages
        }
    (reply,) = theme_findings(largest)
    assert "Tap below for the rest (" in reply.text


@pytest.mark.parametrize(
    "text",
    [
        # no case says it
        "is there a case where a lad keeps being driven off by grown men every evening",
        # a case says it
        "which mh case had home tuition? her stepdad is hitting her as we speak",
    ],
)
def test_a_which_case_question_with_a_sign_of_danger_gets_999_first(text: str) -> None:
    flagged, _ = run(cases.ActionDescribeCase(), tracker(text, "ask_case", danger_possible=True))
    assert str(flagged[0]["text"]).startswith("**If a child is in immediate danger, call 999.**")
    plain, _ = run(cases.ActionDescribeCase(), tracker(text, "ask_case"))
    assert "999" not in all_text(plain)
    assert all_text(plain) in all_text(flagged)
