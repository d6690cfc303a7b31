"""Short messages that lean on what the last turn showed (actions/last_turn.py): a position
in its list, "where then?" after a decline, "whats the number" after an answer; each answered
whichever intent the NLU gave it."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import browse, cases, core, coverage, fallback, last_turn, learning, moves, safety
from actions.common import store
from actions.escalation import guide
from bot.dialogue.escalation import replies as escalation_replies
from bot.dialogue.understanding import mentioned_source
from tests.actions.trackers import answered, ranking, run, says_999, tracker, turn, urgent_turn
from tests.support import all_text

NIA_PHONE = "020 7683 1270"


def _after(action: object, question: str, intent: str, **parse: object) -> list[dict[str, object]]:
    messages, events = run(action, tracker(question, intent, **parse))  # type: ignore[arg-type]
    return turn(question, messages, events)


def test_the_first_one_after_the_list_of_audits_describes_that_audit() -> None:
    listed = _after(cases.ActionDescribeAudit(), "what audits do you know about", "ask_audit")
    current = tracker("Tell me more about the first one", "ask_more", events=listed)
    messages, _ = run(moves.ActionConversationMove(), current)
    said = all_text(messages)
    assert said.startswith("Multi-Agency Case Audits")
    assert "Mental Health" in said.split("\n")[0]


def test_number_4_after_the_list_of_cases_describes_the_fourth_case() -> None:
    listed = _after(cases.ActionDescribeCase(), "tell me about a case", "ask_case")
    assert all_text(listed[2:3]).startswith("Which case?")
    # the NLU may read "number 4" as a case, a phone number or nothing: each action picks it
    for action in (
        cases.ActionDescribeCase(),
        learning.ActionAnswerLearning(),
        core.ActionOutOfScope(),
        moves.ActionConversationMove(),
    ):
        messages, _ = run(action, tracker("number 4", "ask_case", events=listed))
        assert all_text(messages).startswith("Mental health audit 2019/20, Case 4"), action


def test_the_second_after_candidates_answers_the_second_topic_offered() -> None:
    buttons = [
        {"title": "How do I escalate?", "payload": "/how_to_escalate"},
        {"title": "Young carers", "payload": '/ask_learning{"key_message":"young-carers"}'},
        {
            "title": "Domestic abuse",
            "payload": '/ask_learning{"key_message":"children-witnessing-domestic-abuse"}',
        },
    ]
    offered = turn("a question", [{"text": "Did you mean one of these?", "buttons": buttons}], [])
    messages, _ = run(
        moves.ActionConversationMove(), tracker("the second one", "follow_up", events=offered)
    )
    assert "**Children who witness Domestic Abuse**" in all_text(messages)


def test_where_then_after_a_decline_says_where_to_look_again() -> None:
    declined = _after(
        coverage.ActionDeclineUncovered(),
        "fgm learning in the audits?",
        "outside_coverage",
        entities=[{"entity": "coverage_topic", "value": "fgm"}],
    )
    # the NLU reads it as asking for an answer's services
    current = tracker("ok where do I look then", "show_services", events=declined)
    messages, _ = run(learning.ActionShowServices(), current)
    said = all_text(messages)
    assert "London Safeguarding Children Procedures" in said and "999" in said


def test_where_without_a_decline_before_is_not_where_to_look() -> None:
    history = answered("young-carers")
    current = tracker(
        "where do I look then",
        "show_services",
        slots={"key_message": "young-carers"},
        events=history,
    )
    messages, _ = run(learning.ActionShowServices(), current)
    assert "London Safeguarding Children Procedures" not in all_text(messages)


def test_whats_the_number_after_an_answer_is_its_services_number_not_urgent_advice() -> None:
    key = "children-witnessing-domestic-abuse"
    current = tracker(
        "whats the number", "ask_urgent_contacts", slots={"key_message": key}, events=answered(key)
    )
    messages, _ = run(safety.ActionUrgentAdvice(), current)
    said = all_text(messages)
    assert NIA_PHONE in said
    assert "020 8356 5500" not in said  # not the MASH


MEETINGS = "calling-professionals-meetings"


@pytest.mark.parametrize(
    ("asked", "key", "expected"),
    [
        ("whats the mash number", "children-witnessing-domestic-abuse", "020 8356 5500"),
        # "who do I tell" after an answer is its next step (conv10), but not when the person
        # it would go to is not there: someone else to reach, the contacts
        ("who do i tell about it, my dsl is off", MEETINGS, "To report a concern now"),
    ],
)
def test_whom_to_call_after_an_answer_is_still_urgent_advice(
    asked: str, key: str, expected: str
) -> None:
    current = tracker(
        asked, "ask_urgent_contacts", slots={"key_message": key}, events=answered(key)
    )
    messages, _ = run(safety.ActionUrgentAdvice(), current)
    said = all_text(messages)
    assert said.startswith("**If a child is in immediate danger, call 999.**")
    assert expected in said
    assert "Source:" not in said  # not the answer's steps


def test_a_pronoun_question_the_nlu_thought_out_of_scope_after_an_answer_is_about_it() -> None:
    key = "calling-professionals-meetings"
    current = tracker(
        "when is it worth it", "out_of_scope", slots={"key_message": key}, events=answered(key)
    )
    messages, _ = run(core.ActionOutOfScope(), current)
    assert "Calling Professionals Meetings" in all_text(messages)


def test_out_of_scope_with_nothing_answered_stays_out_of_scope() -> None:
    messages, _ = run(core.ActionOutOfScope(), tracker("is it raining", "out_of_scope"))
    assert "Calling Professionals Meetings" not in all_text(messages)
    assert messages  # the out-of-scope reply


def test_a_correction_of_the_area_after_urgent_contacts_gives_that_areas_contact() -> None:
    question = "who do i ring at the front door"
    asked = _after(safety.ActionUrgentAdvice(), question, "ask_urgent_contacts")
    current = tracker("sorry I'm City of London not Hackney", "correction", events=asked)
    messages, _ = run(moves.ActionConversationMove(), current)
    said = all_text(messages)
    assert "for a child in City of London" in said  # that area's number at this hour
    assert "Hackney Multi-Agency Safeguarding Hub" not in said


def test_an_audit_named_after_which_case_gives_that_audits_case_of_that_number() -> None:
    question = "can you describe case 1"
    listed = _after(cases.ActionDescribeCase(), question, "ask_case")
    assert all_text(listed[2:3]).startswith("Which case?")
    current = tracker("the 2019 audit, not SEND", "ask_audit", events=listed)
    messages, _ = run(cases.ActionDescribeAudit(), current)
    assert all_text(messages).startswith("Mental health audit 2019/20, Case 1")


def _unclear_after(key: str, text: str, *scored: tuple[str, float]) -> list[dict[str, object]]:
    current = tracker(
        text,
        "nlu_fallback",
        slots={"key_message": key},
        events=answered(key),
        intent_ranking=[{"name": "nlu_fallback", "confidence": 0.4}],
        response_selector=ranking(*scored),
    )
    messages, _ = run(fallback.ActionOfferCandidates(), current)
    return messages


def test_what_about_after_an_answer_gets_the_closest_topic_on_its_theme() -> None:
    messages = _unclear_after(
        "transition-to-adulthood",
        "what about the mum, she's used to being in every conversation",
        ("holistic-transition-planning", 0.3),
        ("wider-family-network", 0.2),
    )
    said = all_text(messages)
    assert said.startswith("**Transition planning**")
    assert "Did you mean" not in said


def test_what_about_read_as_a_follow_up_gets_the_side_of_the_theme_it_is_nearest() -> None:
    key = "transition-to-adulthood"
    current = tracker(
        "and how about dad, he has always spoken for her",
        "follow_up",
        slots={"key_message": key},
        events=answered(key),
        response_selector=ranking(("holistic-transition-planning", 0.3), (key, 0.2)),
    )
    said = all_text(run(moves.ActionConversationMove(), current)[0])
    assert said.startswith("**Transition planning**"), said[:200]
    # nearest to the answer open: that answer's own lines
    current = tracker(
        "what about the partner agencies",
        "follow_up",
        slots={"key_message": key},
        events=answered(key),
        response_selector=ranking((key, 0.3), ("holistic-transition-planning", 0.2)),
    )
    said = all_text(run(moves.ActionConversationMove(), current)[0])
    assert not said.startswith("**Transition planning**"), said[:200]


def test_what_about_another_theme_after_an_answer_still_offers_the_closest() -> None:
    messages = _unclear_after(
        "transition-to-adulthood",
        "what about young carers looking after a parent",
        ("young-carers", 0.3),
        ("wider-family-network", 0.2),
    )
    assert "**Consideration of Young Carers**" not in all_text(messages)


def test_cases_an_audit_lists_in_a_line_are_chosen_by_number_then_the_next() -> None:
    question = "list the cases in the send audit"
    described = _after(cases.ActionDescribeAudit(), question, "ask_audit")
    messages, events = run(
        cases.ActionDescribeCase(), tracker("number 4", "ask_case", events=described)
    )
    assert all_text(messages).startswith("SEND audit 2016-17, Case 4 (Deshawn)")
    history = [*described, *turn("number 4", messages, events)]
    messages, _ = run(
        learning.ActionAnswerLearning(), tracker("and 5", "ask_learning", events=history)
    )
    assert all_text(messages).startswith("SEND audit 2016-17, Case 5 (Erika)")


def test_ok_where_then_after_a_decline_says_where_to_look() -> None:
    declined = _after(
        coverage.ActionDeclineUncovered(),
        "anything on lone working for home visits",
        "outside_coverage",
        entities=[{"entity": "coverage_topic", "value": "lone-working"}],
    )
    messages, _ = run(
        core.ActionAcknowledge(), tracker("ok where then", "acknowledge", events=declined)
    )
    assert "London Safeguarding Children Procedures" in all_text(messages)


def _not_helpful_after(key: str, text: str, *scored: tuple[str, float]) -> list[dict[str, object]]:
    current = tracker(
        text,
        "feedback_not_helpful",
        slots={"key_message": key},
        events=answered(key),
        response_selector=ranking(*scored),
    )
    messages, _ = run(learning.ActionRecordFeedback(), current)
    return messages


def test_not_helpful_that_says_what_was_meant_answers_that_at_once() -> None:
    messages = _not_helpful_after(
        "disguised-compliance",
        "wrong answer, I'm asking about young carers looking after mum",
        ("young-carers", 0.8),
        ("wider-family-network", 0.05),
    )
    assert all_text(messages).startswith("**Consideration of Young Carers**")


def test_a_bare_not_helpful_asks_what_was_missing() -> None:
    messages = _not_helpful_after(
        "disguised-compliance", "that's not what I asked", ("young-carers", 0.8)
    )
    assert "What were you looking for?" in all_text(messages)


def test_the_other_audit_named_after_an_audits_cases_is_that_audits_description() -> None:
    described = _after(cases.ActionDescribeAudit(), "what cases are in the send audit", "ask_audit")
    assert "Case 5 (Erika)" in all_text(described[2:3])
    # "MH" is also a glossary term: after an audit, the audit it abbreviates
    for action in (moves.ActionExplainTerm(), cases.ActionDescribeAudit()):
        messages, _ = run(action, tracker("and the mh one?", "ask_term", events=described))
        said = all_text(messages)
        assert said.startswith("Multi-Agency Case Audits"), action
        assert "Mental Health" in said.split("\n")[0]
        assert "Case 3" in said


def test_how_many_cases_is_of_the_audit_in_hand() -> None:
    messages, _ = run(
        learning.ActionAnswerLearning(),
        tracker("and how many cases were there?", slots={"audit": "mental-health-2019-20"}),
    )
    text = all_text(messages)
    assert text.startswith("The Mental health audit 2019/20 audited three cases: Case 1")


def test_how_many_cases_with_no_audit_in_hand_is_not_answered_as_a_count() -> None:
    messages, _ = run(learning.ActionAnswerLearning(), tracker("how many cases?"))
    assert "audited" not in all_text(messages)


def test_who_supports_them_after_an_answer_gives_its_services_not_a_case() -> None:
    """ "any local help for her?" leans on the topic open: the services it names (set Q: the
    case's lines instead), whichever intent the NLU gave it."""
    history = answered("children-witnessing-domestic-abuse")
    for action in (learning.ActionAnswerLearning(), moves.ActionConversationMove()):
        current = tracker(
            "any local help for her?",
            slots={"key_message": "children-witnessing-domestic-abuse"},
            events=history,
        )
        messages, _ = run(action, current)
        assert "where to go" in all_text(messages), action
        assert "Nia Project" in all_text(messages), action


def _term_explained(question: str) -> list[dict[str, Any]]:
    """The events of a turn whose term question was answered by action_explain_term."""
    messages, events = run(moves.ActionExplainTerm(), tracker(question, "ask_term"))
    explained = turn(question, messages, events)
    explained.insert(2, {"event": "action", "name": "action_explain_term"})
    return explained


def test_who_used_a_term_gives_the_lines_that_use_it_with_their_case() -> None:
    """ "which agencies used that" right after a term's answer: the audits' lines using it,
    each with its case (set Q: declined as not covered)."""
    question = "what's a TAC"
    explained = _term_explained(question)
    current = tracker("which agencies used that", "nlu_fallback", events=explained)
    said = all_text(run(fallback.ActionOfferCandidates(), current)[0])
    assert said.startswith("Where the audits use TAC")
    assert "Case 5 (Erika)" in said


def test_why_a_term_comes_up_gives_the_learning_that_uses_it_before_a_cases_line() -> None:
    """ "how come the audits mention it" right after a term's answer asks why the audits use
    it: the learning's lines that use it (a case's line using it is who used it)."""
    explained = _term_explained("what is ELFT")
    replies = {
        asked: all_text(run(fallback.ActionOfferCandidates(), tracker(asked, events=explained))[0])
        for asked in ("who used it", "how come the audits mention it", "why does it appear there")
    }
    assert "Barak" in replies.pop("who used it")
    for asked, said in replies.items():
        assert said.startswith("Where the audits use ELFT"), (asked, said[:200])
        assert "Named Professional for Safeguarding Children" in said and "Barak" not in said


def test_who_had_the_thing_a_term_names_gives_the_cases_that_had_it() -> None:
    question = "EHCP meaning?"
    explained = _term_explained(question)
    for asked in ("which kids got one", "so who was on one"):
        current = tracker(asked, "nlu_fallback", events=explained)
        said = all_text(run(fallback.ActionOfferCandidates(), current)[0])
        assert "Case 1 (Adam)" in said and "Case 4 (Deshawn)" in said, asked


def test_which_case_of_an_audit_was_at_the_stage_a_term_names_is_its_case_using_it() -> None:
    explained = _term_explained("what's LAC short for")
    for asked in ("which MH case was at that stage", "which mental health case went through that"):
        current = tracker(asked, "nlu_fallback", events=explained)
        said = all_text(run(fallback.ActionOfferCandidates(), current)[0])
        assert said.startswith("Where the audits use"), (asked, said[:200])
        assert "Case 3" in said and "Adam" not in said, asked


def test_who_used_it_without_a_term_before_is_not_about_a_term() -> None:
    history = answered("young-carers")
    current = tracker("who used it", "nlu_fallback", events=history)
    said = all_text(run(fallback.ActionOfferCandidates(), current)[0])
    assert not said.startswith("Where the audits use")


def _follow_up_said(key_message: str, text: str) -> str:
    """What a typed follow-up right after this key message's answer gets."""
    events = answered(key_message)
    current = tracker(text, "follow_up", slots={"key_message": key_message}, events=events)
    return all_text(run(moves.ActionConversationMove(), current)[0])


def test_how_to_word_it_after_an_answer_gives_its_lines_on_wording() -> None:
    said = _follow_up_said(
        "non-compliant-parents-information-sharing", "how would you phrase it better in my notes"
    )
    assert said.startswith("What the audit says about the wording")
    assert "rephrased for clarity" in said


def test_wording_asked_of_a_topic_saying_nothing_on_it_is_no_wording_move() -> None:
    assert "about the wording" not in _follow_up_said("young-carers", "better wording?")


def test_which_of_the_terms_a_named_case_used_comes_from_its_own_lines() -> None:
    question = "cin or cp?"
    messages, events = run(moves.ActionExplainTerm(), tracker(question, "ask_term"))
    explained = turn(question, messages, events)
    current = tracker("so which did case 3 of the mh audit have", "ask_detail", events=explained)
    said = all_text(run(moves.ActionConversationMove(), current)[0])
    assert said.startswith("Mental health audit 2019/20, Case 3: the audit's text of this case")
    assert "CIN plan" in said
    assert "It does not use CP." in said


def test_an_audit_named_after_the_themes_narrows_them_to_that_audit() -> None:
    question = "what topics run through both reports"
    listed = turn(question, *run(browse.ActionBrowseTopics(), tracker(question, "browse_topics")))
    said = all_text(listed[2:3])
    assert said.startswith("Themes both audits share") and "Information sharing" in said
    current = tracker("only the mental health one", "ask_audit", events=listed)
    narrowed = all_text(run(cases.ActionDescribeAudit(), current)[0])
    assert narrowed.startswith("Themes of the Mental health audit 2019/20, with its key")
    assert "Autism" in narrowed
    assert "Transition" not in narrowed


def test_one_audit_or_both_after_an_answer_says_its_audit_where_and_the_other_audits() -> None:
    # the NLU may read it as the audits' list, a follow-up or nothing: each action answers it
    for action, intent in (
        (cases.ActionDescribeAudit(), "ask_audit"),
        (moves.ActionConversationMove(), "follow_up"),
        (fallback.ActionCoreFallback(), "nlu_fallback"),
    ):
        events = answered("autism-early-identification")
        current = tracker("was that found in all the audits?", intent, events=events)
        said = all_text(run(action, current)[0])
        assert "is the learning of one audit: the Mental health audit 2019/20" in said, action
        assert "City of London and Hackney" in said
        assert "The SEND audit 2016-17 has learning on the same theme" in said


def test_one_audit_or_both_says_where_from_its_title_when_no_line_names_an_area() -> None:
    events = answered("young-carers")
    current = tracker("hackney only or city as well", "follow_up", events=events)
    said = all_text(run(moves.ActionConversationMove(), current)[0])
    assert "Where: Hackney, as the audit's title says" in said
    assert "The other audit has no key message on" in said


def test_an_abbreviation_and_a_word_after_a_case_is_that_cases_lines_on_it() -> None:
    described = _after(cases.ActionDescribeCase(), "tell me about barak", "ask_case")
    current = tracker("and the gp bit", "nlu_fallback", events=described)
    said = all_text(run(fallback.ActionCoreFallback(), current)[0])
    assert said.startswith("From Case 2 (Barak):")
    assert "GP knew the family" in said


def test_what_went_wrong_after_an_answer_is_what_the_audit_found() -> None:
    said = _follow_up_said("young-carers", "what was missed?")
    assert said.startswith("What the audit found, on **Consideration of Young Carers**")
    assert "Case 2 highlighted" in said


def test_two_contact_terms_compared_keep_their_numbers() -> None:
    """ "what's the difference" after EDT and MASH were explained: both meanings side by side,
    each with the number the contacts file gives it, as when each was asked alone."""
    question = "edt or mash?"
    explained = _term_explained(question)
    current = tracker("what's the difference", "nlu_fallback", events=explained)
    said = all_text(run(fallback.ActionOfferCandidates(), current)[0])
    assert "Emergency Duty Team" in said and "Multi-Agency Safeguarding Hub" in said
    assert "020 8356 2710" in said and "020 8356 5500" in said


def test_how_many_cases_in_each_then_one_audits_gives_its_cases_to_choose_from() -> None:
    """ "how many cases does each have" after the audits' list: each audit's count; "only
    the mental health ones please" then lists that audit's cases (set T: declined, then a
    case of the other audit)."""
    listed = _after(cases.ActionDescribeAudit(), "which reports have you got", "ask_audit")
    counted = "and how many cases does each have"
    messages, events = run(learning.ActionAnswerLearning(), tracker(counted, events=listed))
    text = all_text(messages)
    assert "The SEND audit 2016-17 audited five cases" in text
    assert "The Mental health audit 2019/20 audited three cases" in text
    history = [*listed, *turn(counted, messages, events)]
    for action in (cases.ActionDescribeCase(), learning.ActionAnswerLearning()):
        current = tracker("only the mental health ones please", "ask_case", events=history)
        messages, _ = run(action, current)
        text = all_text(messages)
        assert text.startswith("Which case?"), action
        assert "Mental health audit 2019/20, Case 1" in text, action
        assert "Adam" not in text, action


def test_one_audits_cases_after_an_answer_is_not_a_list_of_cases() -> None:
    """After an answer, "the mental health one" corrects it: never a list of cases."""
    messages, _ = run(
        moves.ActionConversationMove(),
        tracker(
            "no, the mental health one",
            "correction",
            slots={"key_message": "transition-to-adulthood"},
            events=answered("transition-to-adulthood"),
        ),
    )
    assert not all_text(messages).startswith("Which case?")


def test_a_correction_to_an_audit_without_the_theme_gets_its_good_practice_on_it() -> None:
    history = answered("voice-of-non-verbal-child", "how do we hear kids who can't speak")
    current = tracker(
        "no, i meant the mental health audit one",
        "correction",
        events=history,
        slots={"key_message": "voice-of-non-verbal-child", "audit": "send-2016-17"},
    )
    said = all_text(run(moves.ActionConversationMove(), current)[0])
    assert said.startswith("Good practice the audits found on that"), said[:200]
    assert "Mental health audit 2019/20, Case 1" in said


@pytest.mark.parametrize(
    ("intent", "action"),
    [
        ("explain_term", moves.ActionExplainTerm),
        ("ask_learning", learning.ActionAnswerLearning),
        ("follow_up", moves.ActionConversationMove),
    ],
)
def test_an_audit_named_alone_after_an_answer_is_that_audits_learning_on_it(
    intent: str, action: type
) -> None:
    history = answered("young-carers", "a pupil who looks after her dad")
    said = all_text(
        run(action(), tracker("what about the SEND one then", intent, events=history))[0]
    )
    # the SEND audit has no key message on families and carers: none of its own, never the term
    assert "stands for" not in said
    same = answered("voice-of-non-verbal-child", "hearing non-verbal children")
    said = all_text(run(action(), tracker("and the send one?", intent, events=same))[0])
    assert "**The voice of the child or young person**" in said, said[:200]


@pytest.mark.parametrize(
    "text", ["ok back to it, could you add a case study", "any real case examples?"]
)
def test_a_case_example_asked_once_a_topic_is_open_is_its_case_even_after_an_aside(
    text: str,
) -> None:
    history = answered("young-carers", "a pupil who looks after her dad") + urgent_turn()
    for action, intent in (
        (core.ActionAcknowledge, "acknowledge"),
        (learning.ActionAnswerLearning, "ask_learning"),
    ):
        said = all_text(run(action(), tracker(text, intent, events=history))[0])
        assert said.startswith("Mental health audit 2019/20, Case 2"), (intent, said[:200])


def test_one_area_asked_of_after_an_answer_says_the_partnership_covers_both() -> None:
    """ "is that hackney-specific?" once an answer is open (set V: the answer again): the
    audit is the City & Hackney partnership's, whatever area its title names."""
    events = answered("young-carers")
    for text in ("is that hackney-specific?", "does this apply to the City of London as well"):
        current = tracker(text, "follow_up", events=events)
        said = all_text(run(moves.ActionConversationMove(), current)[0])
        assert "Where: Hackney, as the audit's title says" in said, text
        assert "the partnership for the City of London and Hackney" in said, text


@pytest.mark.parametrize(
    "text",
    ["was there a case like this in the audits", "any examples?", "which case resembles that"],
)
def test_a_case_like_the_topic_open_is_its_case_even_after_the_escalation_steps(text: str) -> None:
    history = answered("young-carers", "a pupil who looks after her dad")
    messages, events = run(
        moves.ActionConversationMove(),
        tracker("and if they still say no?", "follow_up", events=history),
    )
    history += turn("and if they still say no?", messages, events)
    for action, intent in (
        (moves.ActionConversationMove, "ask_detail"),
        (learning.ActionAnswerLearning, "ask_learning"),
        (cases.ActionDescribeAudit, "ask_audit"),
    ):
        said = all_text(run(action(), tracker(text, intent, events=history))[0])
        assert said.startswith("Mental health audit 2019/20, Case 2"), (intent, said[:200])


def test_which_audit_after_an_answer_and_the_escalation_steps_says_both_sources() -> None:
    """The steps after the first cite a case of their own; the advice asked about, the answer
    before them (set X: only the steps' case was said)."""
    history = answered("young-carers", "a pupil who looks after her dad")
    messages, events = run(
        moves.ActionConversationMove(),
        tracker("and if that doesn't work?", "follow_up", events=history),
    )
    assert all_text(messages).startswith("If that doesn't resolve it")
    history += turn("and if that doesn't work?", messages, events)
    current = tracker(
        "which audit was that from?",
        "ask_detail",
        slots={"key_message": "young-carers"},
        events=history,
    )
    said = all_text(run(moves.ActionConversationMove(), current)[0])
    assert said.startswith("The escalation steps: Source: SEND audit 2016-17"), said[:200]
    assert "Consideration of Young Carers: Source: Mental health audit 2019/20" in said


def test_which_audit_after_a_route_is_the_learning_the_route_follows() -> None:
    route = guide().route("adult-mental-health-not-responding")
    assert route is not None
    shown = [{"text": reply.text} for reply in escalation_replies.route_reply(route, None)]
    history = turn("adult mental health never reply, what's the route", shown, [])
    current = tracker("Which audit was that from?", "ask_detail", events=history)
    said = all_text(run(moves.ActionConversationMove(), current)[0])
    assert said.startswith("The route (Adult mental health are not responding"), said[:200]
    assert "Mental health audit 2019/20" in said
    # every key message the route follows, not only the first
    for message in route.key_messages:
        assert message.citation in said, message.id


@pytest.mark.parametrize(
    ("route_id", "question"),
    [
        ("adult-mental-health-not-responding", "which audit is this route based on?"),
        ("adult-mental-health-not-responding", "what audit did that come from"),
    ],
)
def test_which_audit_after_a_route_cites_each_of_its_key_messages(
    route_id: str, question: str
) -> None:
    route = guide().route(route_id)
    assert route is not None and len(route.key_messages) > 1
    shown = [{"text": reply.text} for reply in escalation_replies.route_reply(route, None)]
    history = turn("what's the route when they never call back", shown, [])
    current = tracker(question, "ask_detail", events=history)
    said = all_text(run(moves.ActionConversationMove(), current)[0])
    assert all(message.citation in said for message in route.key_messages), said[:400]


def test_who_had_a_term_narrowed_by_what_happened_to_it_then_asked_again() -> None:
    """After "EHCP meaning?", "which child got one transferred" is Adam's line, and then "and
    who had it recently finalized" Deshawn's (the users just listed name the term)."""
    history = _term_explained("EHCP meaning?")
    current = tracker("which child got one transferred", "nlu_fallback", events=history)
    messages, events = run(fallback.ActionOfferCandidates(), current)
    said = all_text(messages)
    assert "Case 1 (Adam)" in said and "Deshawn" not in said, said[:300]
    history += turn("which child got one transferred", messages, events)
    current = tracker("and who had it recently finalized", "nlu_fallback", events=history)
    said = all_text(run(fallback.ActionOfferCandidates(), current)[0])
    assert "Case 4 (Deshawn)" in said and "Adam" not in said, said[:300]


def test_what_about_someone_after_the_answers_case_is_the_side_of_the_theme_saying_it() -> None:
    """ "how about the parents - what's different for them" after "Transitioning into
    Adulthood" and then its case: "Transition planning", whose lines speak of the parent,
    not the case's line that does (set V)."""
    slots = {"key_message": "transition-to-adulthood"}
    history = answered("transition-to-adulthood")
    asked = "which case was that"
    messages, events = run(
        moves.ActionConversationMove(), tracker(asked, "ask_detail", slots, events=history)
    )
    assert "comes from" in all_text(messages)
    history += turn(asked, messages, events)
    followed = "how about the parents - what's different for them"
    for action, intent in (
        (moves.ActionConversationMove, "follow_up"),
        (learning.ActionAnswerLearning, "ask_learning"),
    ):
        current = tracker(followed, intent, slots, events=history)
        said = all_text(run(action(), current)[0])
        assert "**Transition planning**" in said, (intent, said[:300])


def test_an_example_asked_after_a_cases_good_practice_is_that_case() -> None:
    """ "any example of this in the audits?" after a case's own line answered the question:
    that case described, not the list of audits (set V)."""
    messages = [
        {
            "text": "**Good practice the audit found in a case**\nA line.\n\n"
            "Source: Mental health audit 2019/20, Case 2."
        }
    ]
    history = turn("a question", messages, [])
    current = tracker("any example of this in the audits?", "ask_audit", events=history)
    said = all_text(run(cases.ActionDescribeAudit(), current)[0])
    assert said.startswith("Mental health audit 2019/20, Case 2"), said[:200]


def test_a_difference_with_what_a_terms_entry_names_explains_the_term() -> None:
    said = all_text(run(moves.ActionExplainTerm(), tracker("statement vs EHCP?", "ask_term"))[0])
    assert "Education, Health and Care Plan" in said


def test_a_subject_asked_of_the_other_audit_gets_that_audits_learning_saying_it() -> None:
    """ "what's in the other report on siblings" after an answer of one audit: the other
    audit's key messages whose lines say the subject, each with its case, whatever intent."""
    for action, intent in (
        (learning.ActionAnswerLearning(), "ask_learning"),
        (moves.ActionConversationMove(), "follow_up"),
    ):
        events = answered("gp-information-looked-after-children")
        current = tracker("whats in the other report on siblings?", intent, events=events)
        said = all_text(run(action, current)[0])
        assert said.startswith("In the Mental health audit 2019/20, on siblings:"), action
        assert "Wider family" in said


def test_a_subject_the_other_audit_never_names_gets_its_closest_learning_to_choose() -> None:
    events = answered("gp-information-looked-after-children")
    current = tracker(
        "does the other audit have anything for dentists",
        events=events,
        response_selector=ranking(("records-outside-caseload", 0.4), ("young-carers", 0.2)),
    )
    messages, _ = run(learning.ActionAnswerLearning(), current)
    said = all_text(messages)
    assert said.startswith("The Mental health audit 2019/20 has no key message that names")
    titles = [button["title"] for button in messages[0]["buttons"]]
    assert titles[0] == "Information Sharing: records outside your caseload"


@pytest.mark.parametrize(
    "said", ["what did the other report suggest doing?", "how does the other audit compare"]
)
def test_a_question_asked_of_the_other_audit_is_no_subject_it_names(said: str) -> None:
    events = answered("gp-information-looked-after-children")
    messages, _ = run(learning.ActionAnswerLearning(), tracker(said, events=events))
    assert "no key message that names" not in all_text(messages)


def test_the_other_audit_alone_is_still_a_correction_not_a_subject() -> None:
    events = answered("autism-early-identification")
    said = all_text(
        run(
            moves.ActionConversationMove(),
            tracker("no the other audit", "correction", events=events),
        )[0]
    )
    assert "no key message that names" not in said


def test_correcting_to_the_audit_the_answer_was_from_says_so_with_its_other_messages() -> None:
    """ "no, I meant SEND rather than the mental health one" when the answer was the SEND
    audit's already: that it was, with its case, and that audit's other key messages on the
    theme the question asked, each with its case."""
    question = "key messages on information sharing"
    events = answered("non-compliant-parents-information-sharing", question)
    current = tracker(
        "sorry i meant SEND rather than the mental health one", "correction", events=events
    )
    said = all_text(run(moves.ActionConversationMove(), current)[0])
    assert said.startswith("That answer is from the SEND audit 2016-17, Case 5 (Erika).")
    assert "normal practice" in said  # its own first steps again
    assert "Its other key messages on Information sharing" in said
    assert "Case 1 (Adam)" in said


def test_a_refusal_that_goes_on_gets_the_topics_own_line_on_refusing_first() -> None:
    """ "and what if they won't let us" after an answer whose steps say what to do when
    parents refuse: those steps, not the escalation routes."""
    events = answered("non-compliant-parents-information-sharing")
    for text in ("what if they still won't let us", "and if they refuse?"):
        said = all_text(
            run(moves.ActionConversationMove(), tracker(text, "follow_up", events=events))[0]
        )
        assert "explore the reasons for any refusal" in said, text


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("sorry, SEND rather than the mental health one", "send-2016-17"),
        ("i meant the MH audit, not SEND", "mental-health-2019-20"),
        ("not the send one, the mh one", "mental-health-2019-20"),
        ("DNA vs not brought in the SEND audit", "send-2016-17"),  # no audit set aside
        ("is that in the SEND audit", "send-2016-17"),
    ],
)
def test_an_audit_named_only_to_be_set_aside_is_not_the_one_meant(text: str, named: str) -> None:
    with store().session() as session:
        source = mentioned_source(text, store().sources(session))
    assert source is not None and source.id == named


def test_the_cases_asked_of_by_one_area_is_where_the_learning_was_found() -> None:
    """ "were they all City cases?" after an answer: where its audit looked, never a case's
    line that says "all" (the fallback tries the cases' details first)."""
    events = answered("young-carers")
    current = tracker("were they all City cases?", "nlu_fallback", events=events)
    said = all_text(run(fallback.ActionCoreFallback(), current)[0])
    assert "Where: Hackney, as the audit's title says" in said


def _answer_then_case_line(key_message: str, line: str, cited: str) -> list[dict[str, Any]]:
    """An answer, then a case's own line cited by its case (how a practice question's reply
    ends when a case says more of it)."""
    events = answered(key_message)
    case_line = {
        "event": "bot",
        "text": f"**Good practice the audit found in a case**\n{line}\nSource: {cited}.",
        "data": {"buttons": []},
    }
    return [*events, case_line]


PAEDIATRICIAN = (
    "Multi-agency working: Confidence that allegations of assaults have been responded to "
    "line with standard procedures. Case reviewed at the Extra Familial Risk Panel and MAP "
    "meetings. Young person was also seen with a paediatrician (not normal practice for over "
    "13s)."
)


@pytest.mark.parametrize("text", ["is that usual?", "is this normal practice", "is it routine?"])
def test_whether_it_is_usual_is_the_line_shown_remarking_on_it(text: str) -> None:
    events = _answer_then_case_line(
        "siblings-lived-experience", PAEDIATRICIAN, "Mental health audit 2019/20, Case 3"
    )
    current = tracker(
        text, "follow_up", slots={"key_message": "siblings-lived-experience"}, events=events
    )
    said = all_text(run(moves.ActionConversationMove(), current)[0])
    assert said.startswith("On whether that is usual, the audit says:")
    assert "not normal practice for over 13s" in said and "Case 3" in said


def _usual_after_shown(text: str, shown: str) -> tuple[str, list[Any]]:
    """What "is that usual?"-like `text` gets after a turn that showed `shown` with no
    citation and no answer left open (a case described on its own)."""
    events = turn("tell me about that case", [{"text": shown}], [])
    messages, returned = run(
        moves.ActionConversationMove(), tracker(text, "follow_up", events=events)
    )
    return all_text(messages), returned


@pytest.mark.parametrize("text", ["is that usual?", "is this normal practice", "is it routine?"])
def test_usual_of_a_sentence_within_a_case_line_is_cited_by_that_case(text: str) -> None:
    said, returned = _usual_after_shown(text, f"**Case 3**\n- {PAEDIATRICIAN}")
    assert said.startswith("On whether that is usual, the audit says:"), said
    assert "not normal practice for over 13s" in said and "Case 3" in said
    assert returned  # it replied: never [] ("not handled" to the next move)


@pytest.mark.parametrize(
    "shown",
    [
        "That was not normal practice for the team.",
        "- Visits like this were not usual practice then.",
        "(Not routine practice in that borough.)",
    ],
)
def test_usual_with_nothing_to_cite_gets_no_uncited_usual_reply(shown: str) -> None:
    said, _ = _usual_after_shown("is that usual?", shown)
    assert "whether that is usual" not in said


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("(not normal practice)", "(not normal practice)"),
        ('"Seen" is not a visit', '"Seen" is not a visit'),
        ("- a bullet", "a bullet"),
        ("  \u2022 a dot", "a dot"),
        ("* a star", "a star"),
    ],
)
def test_only_a_bullet_is_cut_from_a_line_shown(line: str, kept: str) -> None:
    assert last_turn._BULLET.sub("", line) == kept


def test_usual_asked_with_no_line_on_it_is_no_usual_move() -> None:
    said = _follow_up_said("young-carers", "is that usual?")
    assert "whether that is usual" not in said


def _after_answer_and_case_line(text: str, line: str, cited: str) -> str:
    """What a follow-up gets after the domestic abuse answer and a case's line."""
    key_message = "children-witnessing-domestic-abuse"
    events = _answer_then_case_line(key_message, line, cited)
    current = tracker(text, "follow_up", slots={"key_message": key_message}, events=events)
    return all_text(run(learning.ActionAnswerLearning(), current)[0])


def test_a_fact_of_the_case_whose_line_followed_the_answer_is_from_that_case() -> None:
    line = (
        "The GP was also seen to make use of the HARK (a Domestic Violence) assessment tool and "
        "referred in a timely manner to East London NHS Foundation Trust."
    )
    said = _after_answer_and_case_line(
        "who did the GP refer to", line, "SEND audit 2016-17, Case 2 (Barak)"
    )
    assert "East London NHS Foundation Trust" in said and "Barak" in said
    # one word of the case's line is no fact of it: the answer's topic is followed up
    said = _after_answer_and_case_line(
        "how do i evidence it",
        "This case evidenced close links between CSC and CAMHS.",
        "SEND audit 2016-17, Case 3 (Caryn)",
    )
    assert "Caryn" not in said


@pytest.mark.parametrize(
    "text", ["and the home visit?", "what about the home visits", "who did the home visit"]
)
def test_an_answers_own_citation_of_a_case_shows_no_line_to_ask_a_fact_of(text: str) -> None:
    """The answer cites Erika's case in its own Source line, but no line of hers was shown:
    a fact question follows up the answer, never her case's line."""
    key_message = "non-compliant-parents-information-sharing"
    events = answered(key_message)
    assert any("Erika" in str(event.get("text")) for event in events)
    current = tracker(text, "follow_up", slots={"key_message": key_message}, events=events)
    said = all_text(run(learning.ActionAnswerLearning(), current)[0])
    assert not said.startswith("From Case 5 (Erika)"), said


@pytest.mark.parametrize(
    "text",
    [
        "how many cases in the SEND audit and what were they called",
        "how many cases in the send audit and their names?",
    ],
)
def test_how_many_cases_and_what_they_are_called_is_the_count_and_the_list(text: str) -> None:
    said = all_text(run(learning.ActionAnswerLearning(), tracker(text))[0])
    assert said.startswith("The SEND audit 2016-17 audited five cases: Case 1 (Adam)")
    assert "Case 5 (Erika)" in said


def test_a_case_asked_in_one_line_is_its_summarys_first_sentence() -> None:
    said = all_text(
        run(cases.ActionDescribeCase(), tracker("mh audit case 3 in one line?", "ask_case"))[0]
    )
    assert "in brief: Young person presented to health services following sexual assault." in said
    assert "PLO" not in said


INSIGHTS_NAMED = (
    "Usage figures are on the partnership's insights page, /insights/ on this assistant's address."
)


@pytest.mark.parametrize(
    "text", ["can you group them by theme", "do they have anything in common?"]
)
def test_what_the_insights_hold_asked_right_after_them_names_the_grouped_views(text: str) -> None:
    shown = turn("which questions went unanswered this month", [{"text": INSIGHTS_NAMED}], [])
    # whatever the NLU made of it: nothing the audits say is near it
    messages, _ = run(fallback.ActionOfferCandidates(), tracker(text, "nlu_fallback", events=shown))
    said = all_text(messages)
    assert "Unanswered questions, grouped" in said and "by topic" in said
    assert not any(character.isdigit() for character in said)  # no figures in the chat


def test_the_same_words_after_anything_else_are_not_about_the_insights() -> None:
    shown = turn("what is a core group", [{"text": "A core group is ..."}], [])
    current = tracker("do they have anything in common?", "nlu_fallback", events=shown)
    assert last_turn.over_the_insights(CollectingDispatcher(), current) is None


def test_which_case_had_every_term_just_explained_names_the_case_using_them_all() -> None:
    """ "which mh case had all three going on" after PLO, LAC and CIN were explained one by
    one: the case whose own text uses every one (set Y: a young carer's line instead)."""
    history = [
        event
        for question in ("what does PLO stand for", "and LAC?", "CIN?")
        for event in _term_explained(question)
    ]
    for action, intent in (
        (moves.ActionExplainTerm(), "ask_term"),
        (cases.ActionDescribeCase(), "ask_case"),
    ):
        current = tracker("which mh case had all three going on", intent, events=history)
        said = all_text(run(action, current)[0])
        assert "Case 3" in said, (action, said[:200])
        assert "Case 2" not in said
    # "which case featured both" after HARK and DVIP (set P): Barak's, which names both
    both = [e for q in ("What is HARK?", "And DVIP?") for e in _term_explained(q)]
    current = tracker("Which case featured both?", "follow_up", events=both)
    said = all_text(run(moves.ActionConversationMove(), current)[0])
    assert "Case 2 (Barak)" in said, said[:200]
    # one term explained: nothing to have "all" of
    alone = tracker("which case had all of it", "ask_case", events=_term_explained("CIN?"))
    assert last_turn.case_with_every_term(CollectingDispatcher(), alone) is None


def test_how_the_answer_links_to_its_own_audit_says_it_is_from_it_with_its_case() -> None:
    """ "How does that link to the SEND audit?" after Case FC's learning, a SEND key message:
    that it is the SEND audit's, from Adam's case (set Y: the answer's links instead)."""
    history = answered("triangulating-information", "What was Case FC about?")
    for action, intent in (
        (moves.ActionConversationMove(), "follow_up"),
        (learning.ActionAnswerLearning(), "ask_learning"),
    ):
        current = tracker(
            "How does that link to the SEND audit?",
            intent,
            slots={"key_message": "triangulating-information"},
            events=history,
        )
        said = all_text(run(action, current)[0])
        assert "That answer is from the SEND audit 2016-17" in said, said[:200]
        assert "Adam" in said


def test_an_audit_corrected_to_after_the_themes_is_that_audits_learning_on_the_theme() -> None:
    """ "no sorry i meant the other audit, the mental health one" after the key messages on
    information sharing were listed by theme: that audit's on information sharing, not the
    one line of the list that says "mental health" (set Y: the SEND audit's Case FC)."""
    question = "what are the key messages on information sharing"
    listed = _after(browse.ActionBrowseTopics(), question, "browse_topics")
    current = tracker(
        "no sorry i meant the other audit, the mental health one", "correction", events=listed
    )
    said = all_text(run(moves.ActionConversationMove(), current)[0])
    assert said.startswith("Themes of the Mental health audit 2019/20"), said[:200]
    assert "sharing safety plans" in said
    assert "Case FC" not in said and "Engaging families" not in said


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("which of them had all three going on", "danger_possible"),
        ("which of them had all three going on", "risk_mentioned"),
        ("which of those had all of them", "danger_possible"),
    ],
)
def test_which_case_had_every_term_with_a_sign_of_danger_is_left_to_answer_learning(
    text: str, mark: str
) -> None:
    """The safety rules marked the message: no case named for the terms, so answer_learning
    puts the 999 line first (review of conv26)."""
    history = [
        event
        for question in ("what does PLO stand for", "and LAC?", "CIN?")
        for event in _term_explained(question)
    ]
    current = tracker(text, "ask_learning", events=history, **{mark: True})
    assert last_turn.case_with_every_term(CollectingDispatcher(), current) is None
    assert says_999(current)


@pytest.mark.parametrize(
    "text", ["How does that link to the SEND audit?", "how does it tie in with the send audit"]
)
def test_how_the_answer_links_to_an_audit_with_a_sign_of_danger_gets_999(text: str) -> None:
    """ "How does that link to the SEND audit?" marked by the safety rules: not the audit's
    case, but answer_learning with the 999 line (review of conv26)."""
    history = answered("triangulating-information", "What was Case FC about?")
    current = tracker(
        text,
        "ask_learning",
        slots={"key_message": "triangulating-information"},
        events=history,
        danger_possible=True,
    )
    assert says_999(current)


@pytest.mark.parametrize(
    "text",
    [
        "links for the send audit",
        "any links in the SEND audit?",
        "is the SEND audit connected to this",
        "what links does the send audit have",
    ],
)
def test_links_of_an_audit_or_the_audit_related_to_something_is_not_how_it_links(text: str) -> None:
    """The noun "links", or the audit connected to something else: not "That answer is from
    the SEND audit" (review of conv26); relating words count only before to/with the audit."""
    history = answered("triangulating-information", "What was Case FC about?")
    current = tracker(
        text, "follow_up", slots={"key_message": "triangulating-information"}, events=history
    )
    said = all_text(run(moves.ActionConversationMove(), current)[0])
    assert "That answer is from the SEND audit" not in said, said[:200]


def test_the_questions_outside_the_audits_asked_after_the_insights_are_the_insights_views() -> None:
    """Issue 19 (round 40): the learning lead told what is asked most, then "and any the
    audits?": the insights page's view of the questions declined as outside the
    audits, not the list of audits the classifier heard."""
    pointer = (
        "What practitioners ask, what goes unanswered and which answers help are on the "
        "partnership's insights page, /insights/ on this assistant's address."
    )
    history = turn("what do staff look up most", [{"text": pointer}], [])
    for action in (cases.ActionDescribeAudit(), learning.ActionAnswerLearning()):
        messages, _ = run(action, tracker("and the ones outside the audits?", events=history))
        text = all_text(messages)
        assert "outside the audits' coverage" in text and "I hold the learning" not in text
    messages, _ = run(cases.ActionDescribeAudit(), tracker("and the ones outside the audits?"))
    assert "outside the audits' coverage" not in all_text(messages)


def test_the_top_of_escalating_after_an_answer_that_escalates_is_where_routes_end() -> None:
    """Issue 19 (round 40): an answer whose steps escalate, then "who has the final say
    then?" (the classifier may hear starting again): where the routes end, the Independent
    Chair the audit names; after an answer that escalates nothing, not so."""
    asked = "who has the final say then?"
    history = answered("disguised-compliance", "the family agree to every plan yet nothing moves")
    held = {"key_message": "disguised-compliance"}
    for action in (core.ActionStartAgain(), learning.ActionAnswerLearning()):
        messages, _ = run(action, tracker(asked, "start_again", slots=held, events=history))
        assert "Independent Chair" in all_text(messages), action
    other = answered("young-carers", "a child caring for mum")
    dispatcher = CollectingDispatcher()
    later = tracker(asked, slots={"key_message": "young-carers"}, events=other)
    last_turn.on_last_turn(dispatcher, later)
    assert "Independent Chair" not in all_text(dispatcher.messages)
