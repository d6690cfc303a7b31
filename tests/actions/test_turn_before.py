"""A short message answered from what the turn before it showed (actions/turn_before.py):
which case the learning just given cites, another case with learning like it, its practical
steps, the cases an audit summarises when one is doubted, the learning of a case discussed;
never on a first message nor a message marked for risk."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

from actions import (
    activities,
    cases,
    coverage,
    escalation,
    fallback,
    learning,
    moves,
    safety,
    turn_before,
)
from actions.common import escalation_guide, store
from bot.dialogue.answers.cases import case_line_answer
from bot.dialogue.case_focus import detail_reply
from bot.dialogue.case_practice import CaseLine
from bot.dialogue.escalation.replies import after_first_step
from bot.dialogue.turn_before import asks_where_or_any, next_case_number, which_case_asked
from bot.knowledge.citations import PRINTED_TO_CONFIRM
from bot.settings import ENV_CLOCK
from tests.actions.trackers import answered, run, tracker, turn
from tests.support import all_text
from tests.urgent_clock import EDT, MASH, WEEKDAY_10AM


def _after(action: Action, question: str, intent: str, events: list | None = None) -> list:
    messages, done = run(action, tracker(question, intent, events=events))
    return [*(events or []), *turn(question, messages, done)]


def test_which_case_says_that_after_an_answer_is_the_case_it_cites() -> None:
    history = answered("disability-masking-abuse", "autistic girl, sexualised behaviour")
    for action in (cases.ActionDescribeCase(), learning.ActionAnswerLearning()):
        messages, _ = run(action, tracker("which case says that", "ask_case", events=history))
        said = all_text(messages)
        assert "Caryn" in said and "Adam" not in said, action


def test_which_case_of_an_earlier_topic_recalled_by_its_words() -> None:
    history = answered("non-compliant-parents-information-sharing", "parents hop services")
    history += answered("social-media-footprint", "social media")
    current = tracker(
        "and back to the parents thing - which case was it?", "ask_case", events=history
    )
    messages, _ = run(cases.ActionDescribeCase(), current)
    assert "Erika" in all_text(messages)


def test_which_case_had_a_detail_is_still_a_search_of_the_cases() -> None:
    history = answered("non-compliant-parents-information-sharing", "parents hop services")
    current = tracker("which case had a parent in prison", "ask_case", events=history)
    messages, _ = run(cases.ActionDescribeCase(), current)
    assert "Erika" not in all_text(messages)


def test_the_other_case_with_similar_learning_is_another_case_on_its_theme() -> None:
    history = answered("complex-health-needs-safeguarding", "sympathy for mum")
    history = _after(moves.ActionConversationMove(), "which case was that", "ask_detail", history)
    assert "Barak" in all_text(history[-3:])
    current = tracker("and the other case with similar learning?", "ask_follow_up", events=history)
    messages, _ = run(moves.ActionConversationMove(), current)
    said = all_text(messages)
    assert "Caryn" in said and "Barak" not in said.split("\n\n", 1)[1]


def test_what_do_i_do_now_practically_after_a_discussion_is_its_steps() -> None:
    history = answered("disability-masking-abuse", "autistic girl, sexualised behaviour")
    current = tracker("what do i do now practically", "need_help", events=history)
    messages, _ = run(moves.ActionConversationMove(), current)
    said = all_text(messages)
    assert "sexualised behaviours are not a feature" in said
    assert "what's happening" not in said.lower()


def test_only_three_cases_summarised_says_which_are_summarised_and_which_mentioned() -> None:
    history = _after(
        cases.ActionDescribeCase(),
        "Which case in the mental health audit raised social media footprint?",
        "ask_case",
    )
    current = tracker("But there are only three cases summarised?", "out_of_scope", events=history)
    messages, _ = run(learning.ActionAnswerLearning(), current)
    said = all_text(messages)
    assert "summarises 3 cases" in said and "Case 4" in said


def test_the_actual_learning_after_a_case_discussed_is_its_key_message() -> None:
    history = _after(cases.ActionDescribeCase(), "tell me about mh case 4", "ask_case")
    history += turn("hmm ok whatever", [{"text": "Could you say it another way?"}], [])
    current = tracker("Fine - what's the actual learning then?", "ask_learning", events=history)
    messages, _ = run(learning.ActionAnswerLearning(), current)
    assert "Social Media Footprint" in all_text(messages)


def test_no_shape_of_these_reads_a_first_message() -> None:
    for text in (
        "which case says that",
        "what do i do now practically",
        "Fine - what's the actual learning then?",
        "But there are only three cases summarised?",
    ):
        messages, _ = run(learning.ActionAnswerLearning(), tracker(text))
        said = all_text(messages)
        assert "comes from:" not in said and "In practice, on" not in said, text


def test_a_message_marked_for_risk_is_never_answered_by_these() -> None:
    history = answered("disability-masking-abuse", "autistic girl, sexualised behaviour")
    current = tracker(
        "what do i do now practically", "ask_learning", events=history, risk_mentioned=True
    )
    messages, _ = run(learning.ActionAnswerLearning(), current)
    assert "In practice, on" not in all_text(messages)


def test_a_detail_of_the_case_just_shown_is_its_line_though_a_word_is_no_audit_word() -> None:
    history = _after(cases.ActionDescribeCase(), "tell me about MH audit case 1", "ask_case")
    current = tracker("how did they keep her education goin", "ask_learning", events=history)
    messages, done = run(learning.ActionAnswerLearning(), current)
    said = all_text(messages)
    assert "home education" in said and "Case 1" in said and "Barak" not in said
    history += turn("how did they keep her education goin", messages, done)
    current = tracker("did she get any gcses in the end", "ask_learning", events=history)
    messages, _ = run(learning.ActionAnswerLearning(), current)
    assert "GCSEs" in all_text(messages)


def test_a_services_number_then_its_website_after_its_answer_whatever_the_intent() -> None:
    history = answered("children-witnessing-domestic-abuse", "child witnessed domestic abuse")
    for intent in ("ask_learning", "nlu_fallback", "ask_follow_up"):
        current = tracker("what was that number again", intent, events=history)
        messages, done = run(learning.ActionAnswerLearning(), current)
        assert "020 7683 1270" in all_text(messages), intent
    history += turn("what was that number again", messages, done)
    messages, _ = run(learning.ActionAnswerLearning(), tracker("and the website", events=history))
    said = all_text(messages)
    assert "www.niaendingviolence.org.uk" in said and "020 7683 1270" not in said


def test_a_website_a_service_does_not_have_is_said_plainly() -> None:
    history = answered("chronic-neglect", "neglect")
    messages, _ = run(learning.ActionAnswerLearning(), tracker("and the website?", events=history))
    said = all_text(messages)
    assert "Sample chronology template: the audit gives no website" in said
    assert "left blank" in said


def test_which_case_after_an_answer_and_a_cases_line_is_left_to_the_case_cited_last() -> None:
    """An answer, then a case's own line with its source: "Which case?" asks of the case cited
    last, which the source move answers (actions/moves.py: `_last_case_cited`), not of the
    answer's own case."""
    history = answered(
        "fast-closure-letters", "what did the SEND audit say about the virtual school"
    )
    history[3:3] = [
        {"event": "bot", "text": "**Good practice the audit found in a case**\nVirtual School."},
        {"event": "bot", "text": "Source: SEND audit 2016-17, Case 1 (Adam)."},
    ]
    dispatcher = CollectingDispatcher()
    current = tracker("Which case?", "ask_detail", events=history)
    assert turn_before.read_with_turn_before(dispatcher, current) is None
    assert not dispatcher.messages


def _slots(events: list) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


_ACTIONS = {
    "ask_learning": learning.ActionAnswerLearning,
    "nlu_fallback": fallback.ActionOfferCandidates,
    "ask_detail": moves.ActionConversationMove,
    "ask_link": learning.ActionShowLinks,
}


def _said_after(history: list, asked: str, *intents: str) -> list[tuple[str, str]]:
    """What each intent's action says to the message after these turns, by intent."""
    said = []
    for intent in intents:
        current = tracker(asked, intent, slots=_slots(history), events=history)
        said.append((intent, all_text(run(_ACTIONS[intent](), current)[0])))
    return said


def _next(action: Action, text: str, intent: str, history: list) -> tuple[list, list]:
    """The next turn with the slots the turns before set, as the tracker holds them."""
    messages, done = run(action, tracker(text, intent, slots=_slots(history), events=history))
    return messages, [*history, *turn(text, messages, done)]


def test_the_case_just_named_is_what_the_next_follow_up_asks_of() -> None:
    """ "Which case is it from?" after an answer names its case without setting the answer
    again: "tell me more about her" then asks of that case, not of the answer."""
    for which, more in (
        ("what case is this from", "tell me more about her"),
        ("and which case was it", "what were the strengths there"),
    ):
        history = answered("disability-masking-abuse", "autistic girl, sexualised behaviour")
        messages, history = _next(cases.ActionDescribeCase(), which, "ask_detail", history)
        assert "Caryn" in all_text(messages)
        for action, intent in (
            (moves.ActionConversationMove(), "ask_more"),
            (fallback.ActionOfferCandidates(), "nlu_fallback"),
            (learning.ActionAnswerLearning(), "ask_learning"),
        ):
            messages, _ = _next(action, more, intent, history)
            assert "Case 3 (Caryn)" in messages[0]["text"].splitlines()[0], (which, intent)


def test_a_services_detail_says_it_is_to_be_confirmed_and_where_the_answer_comes_from() -> None:
    """A phone number, email or website the audit printed years ago says it is to be
    confirmed, and with an answer open, the answer's source."""
    history = answered("children-witnessing-domestic-abuse", "child saw domestic violence")
    for asked, given in (
        ("and their phone number?", "020 7683 1270"),
        ("email for them?", "info@niaendingviolence.org.uk"),
        ("the website for it please", "www.niaendingviolence.org.uk"),
    ):
        for intent, said in _said_after(history, asked, "ask_learning", "ask_detail"):
            assert given in said and PRINTED_TO_CONFIRM in said, (asked, intent)
            assert "Source: SEND audit 2016-17" in said, (asked, intent)


def test_an_urgent_contacts_number_after_an_answer_naming_a_service_is_that_contacts() -> None:
    """SAFETY: "and MASH's number?" after the answer naming the Nia Project is MASH's number,
    never the Nia Project's: the one detail path checks the urgent contacts named first."""
    history = answered("children-witnessing-domestic-abuse", "child saw domestic violence")
    for asked, number in (
        ("the number for the mash?", "020 8356 5500"),
        ("and the mash number?", "020 8356 5500"),
        ("what's the EDT's number", "020 8356 2710"),
        ("edt number?", "020 8356 2710"),
    ):
        for intent, said in _said_after(
            history, asked, "ask_learning", "nlu_fallback", "ask_detail"
        ):
            assert number in said and "020 7683 1270" not in said, (asked, intent)


def _route_given() -> list:
    """The turn that gave the route for a disagreement the manager is already involved in:
    the answers chosen, the route action, its reply."""
    chosen = {
        "escalation_situation": "professional-disagreement",
        "escalation_tried": "manager-involved",
    }
    messages, done = run(
        escalation.ActionEscalationRoute(),
        tracker("/choose_tried", "choose_tried", active=False, slots=chosen),
    )
    given = turn("/choose_tried", messages, done)
    answers = [{"event": "slot", "name": name, "value": value} for name, value in chosen.items()]
    action = {"event": "action", "name": "action_escalation_route"}
    return [given[0], *answers, action, *given[2:]]


def test_a_link_after_a_route_is_the_routes_own_links() -> None:
    """ "Link?" after an escalation route: the route's links and the procedures' chapter it
    cites (actions/escalation.py after_route), not a list of services' missing websites."""
    history = _route_given()
    for asked in ("link?", "got a website for that?", "url for it please"):
        for intent, said in _said_after(history, asked, "ask_link", "ask_learning"):
            assert said.startswith("Links for your route"), (asked, intent)
            assert "Resolving Professional Differences" in said, (asked, intent)


def test_a_word_several_services_share_picks_the_one_just_shown() -> None:
    """ "Guidance link?" after the answer naming the professionals meeting guidance: that
    guidance, not another service whose name shares the word."""
    history = answered("calling-professionals-meetings", "can a school call a network meeting")
    for asked in ("guidance link?", "the guidance website please", "link for the guidance"):
        [(_, said)] = _said_after(history, asked, "ask_learning")
        assert "professionals meeting" in said and "sharing" not in said.lower(), asked


def test_a_service_a_case_mentions_is_not_one_shown_to_ring() -> None:
    """ "Their number?" after a case whose story mentions a service (Barak's mother and DVIP):
    not that service's details, as if the case had signposted it."""
    history = _after(cases.ActionDescribeCase(), "tell me about barak", "ask_case")
    assert "Domestic Violence Intervention Project" in all_text(
        [{"text": e.get("text")} for e in history if e.get("event") == "bot"]
    )
    for asked in ("their number?", "and the phone number", "website?"):
        for intent, said in _said_after(history, asked, "ask_learning", "ask_detail"):
            assert "Intervention Project (DVIP):" not in said, (asked, intent)


def test_words_of_recalling_a_topic_are_not_words_of_the_topic() -> None:
    """ "Going back to ...", "the earlier ...", "the first ..." recall a topic: only the words
    left name it."""
    assert which_case_asked("going back to the parents thing, which case was it") == {"parents"}
    assert which_case_asked("which case was that earlier bit on parents") == {"parents"}
    assert which_case_asked("which case was the first question from") == set()
    history = answered("non-compliant-parents-information-sharing", "parents hop services")
    history += answered("social-media-footprint", "social media")
    for asked in (
        "going back to the parents one - which case was it?",
        "parents earlier, which case?",
    ):
        messages, _ = run(cases.ActionDescribeCase(), tracker(asked, "ask_case", events=history))
        assert "Erika" in all_text(messages), asked


def test_a_link_after_the_steps_the_routes_take_is_their_links() -> None:
    """ "Link?" after the steps the routes take after an answer: the links of the contacts
    the steps name (actions/escalation.py), not a service's detail read with the turn."""
    history = answered("calling-professionals-meetings", "can a school call a network meeting")
    steps = [{"text": reply.text} for reply in after_first_step(escalation_guide())]
    history += turn("and if that doesnt sort it out?", steps, [])
    for asked in ("link?", "have you a website for that"):
        for intent, said in _said_after(history, asked, "ask_link", "ask_learning"):
            assert said.startswith("Links for the escalation routes"), (asked, intent)


def test_a_number_after_a_route_is_the_routes_or_that_it_has_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "What number do I ring tonight" right after a route got "Which service or answer do
    you mean?": the route's contacts have no number in the audits, for that time or any
    other, so it says so, then who answers at that time (knowledge/contacts.yml)."""
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    history = _route_given()
    for asked in ("what number do I ring tonight", "number for out of hours?"):
        for intent, said in _said_after(history, asked, "ask_detail", "ask_learning"):
            assert "Which service or answer" not in said, (asked, intent)
            assert said.startswith("The audits give no phone number for your route's contacts")
            assert "for that time or any other" in said and "Source: " in said
            assert EDT in said and MASH not in said, (asked, intent)
    for intent, said in _said_after(history, "whats their number", "ask_detail", "ask_learning"):
        assert said.startswith("The audits give no phone number") and EDT not in said, intent


def test_an_urgent_contacts_number_after_a_route_is_that_contacts() -> None:
    history = _route_given()
    for intent, said in _said_after(history, "and the mash number?", "ask_detail"):
        assert MASH in said and "route" not in said, intent


def test_a_services_detail_with_no_answer_open_cites_the_audit_listing_it() -> None:
    """ "number for nia?" then "and the website" with no answer open: the detail still says
    where it comes from."""
    first, events = run(
        safety.ActionUrgentAdvice(), tracker("number for nia?", "ask_urgent_contacts")
    )
    assert "Source: SEND audit 2016-17" in all_text(first)
    history = turn("number for nia?", first, events, intent={"name": "ask_urgent_contacts"})
    for intent, said in _said_after(history, "and the website", "ask_detail", "ask_learning"):
        assert "www.niaendingviolence.org.uk" in said, intent
        assert "Source: SEND audit 2016-17" in said, intent


def test_a_number_after_a_route_read_as_urgent_contacts_gets_the_urgent_advice_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The NLU reads "what number do I ring now / tonight" as asking for the urgent contacts:
    right after a route the urgent advice (999, the front door) always comes first; the
    route's line, that the audits give it no number for then, follows a time asked alone,
    not "now", an emergency or a danger."""
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    history = _route_given()

    def urgent_action_says(text: str, intent: str) -> str:
        current = tracker(text, intent, slots=_slots(history), events=history)
        return all_text(run(safety.ActionUrgentAdvice(), current)[0])

    for asked in (
        "what number do I ring now",
        "what's the number to ring right now",
        "what number do i ring in an emergency",
        "what number do I ring tonight",
        "number for tonight? he's threatening to take the baby",
    ):
        said = urgent_action_says(asked, "ask_urgent_contacts")
        assert said.startswith("**If a child is in immediate danger, call 999.**"), asked
        assert MASH in said or EDT in said, asked
        if "now" in asked or "emergency" in asked:
            assert "your route" not in said, asked
    tonight = urgent_action_says("what number do I ring tonight", "ask_urgent_contacts")
    route_line = tonight.index("The audits give no phone number for your route's contacts")
    assert route_line > tonight.index("999") and EDT in tonight
    assert "working hours" not in tonight and "urgent contacts below" not in tonight
    danger = urgent_action_says(
        "what number tonight, dad is hitting her right now", "immediate_risk"
    )
    assert danger.startswith("**If a child is in immediate danger, call 999.**")


# Round 39: a service, a case, the audits and a topic's other side, read with the turn before


def _reply_after(key_message: str, words: str, intent: str, action: Action, **given: Any) -> str:
    """What the action says to `words` right after an answer with this key message."""
    current = tracker(words, intent, events=answered(key_message), **given)
    messages, _ = run(action, current)
    return all_text(messages)


def test_whether_one_can_contact_a_service_oneself_is_its_line_on_self_referral() -> None:
    for words in ("could the mother get in touch herself", "can dad self refer to them"):
        said = _reply_after(
            "children-witnessing-domestic-abuse",
            words,
            "ask_follow_up",
            moves.ActionConversationMove(),
        )
        assert "self-refer" in said and "Nia Project" in said, words
        assert "Source: SEND audit 2016-17" in said


def test_whom_a_service_takes_is_answered_from_its_lines_not_declined() -> None:
    """A question about the service just shown, near an uncovered topic by its words."""
    said = _reply_after(
        "young-carers",
        "would it cover young people caring for a relative who misuses alcohol",
        "outside_coverage",
        coverage.ActionDeclineUncovered(),
        entities=[{"entity": "coverage_topic", "value": "parental-substance-misuse"}],
    )
    assert "substance misuse" in said and "Young Carers Project" in said
    assert "do not cover" not in said


def test_a_service_the_answer_signposts_asked_where_is_that_service() -> None:
    workshop = activities.ActionPlanWorkshop()
    said = _reply_after(
        "difficult-conversations", "any training for that?", "plan_workshop", workshop
    )
    assert "multi-agency training programme" in said and "Which audit" not in said
    # a workshop asked is still planned; what a service is stays the glossary's
    said = _reply_after(
        "difficult-conversations", "a workshop on the training", "plan_workshop", workshop
    )
    assert "On **CHSCB multi-agency training programme**" not in said
    assert not asks_where_or_any("the wiki, what's that") and asks_where_or_any(
        "is there any toolkit for this"
    )


def test_a_question_of_no_service_words_after_a_service_is_not_its_lines() -> None:
    said = _reply_after(
        "children-witnessing-domestic-abuse",
        "and what about the school",
        "ask_follow_up",
        moves.ActionConversationMove(),
    )
    assert "On **Nia Project" not in said


def test_which_case_had_people_like_that_is_the_case_of_the_answer() -> None:
    assert which_case_asked("in which case were the carers like those?") == set()
    said = _reply_after(
        "non-compliant-parents-information-sharing",
        "in which case were the carers like those?",
        "ask_case",
        cases.ActionDescribeCase(),
    )
    assert "Erika" in said


@pytest.mark.parametrize(
    "text",
    [
        "which case had a parent in prison, such a shame",
        "which case had a father with a knife like that",
        "which case had autism such as this",
    ],
)
def test_which_case_with_a_detail_of_its_own_is_no_pointer_at_the_answer(text: str) -> None:
    """ "such" said of a feeling, or a detail the answer shown never said beside "like that":
    a case searched for, not the case of the topic just shown."""
    assert which_case_asked(text, ["Parents who did not engage with the plan"]) != set()
    assert which_case_asked("which case had autism like that", ["Autism was missed"]) == set()


def test_learning_found_elsewhere_names_the_review_it_was_also_found_in() -> None:
    said = _reply_after(
        "wider-family-network",
        "did this come up elsewhere",
        "ask_detail",
        moves.ActionConversationMove(),
    )
    assert "Local Review Rachel" in said and "Mental health audit 2019/20" in said
    assert "found it in another review too" in said and "Case 3" in said


def test_a_review_recalled_as_a_reminder_is_not_said_to_have_found_the_learning() -> None:
    """The SEND audit recalls Case FC's learning as a reminder: the reply says so, with the
    answer's audit and case, without the review's description again."""
    said = _reply_after(
        "triangulating-information",
        "has that been raised elsewhere",
        "ask_detail",
        moves.ActionConversationMove(),
    )
    assert "Case FC" in said and "found it in another review" not in said
    assert "Source: SEND audit 2016-17, Case" in said
    assert "ulterior motives" not in said  # named, not described again


def test_an_area_asked_of_the_audits_says_where_they_were() -> None:
    said = _reply_after(
        "recording-wishes-and-feelings",
        "is the City included in the audits",
        "ask_detail",
        moves.ActionConversationMove(),
    )
    assert "City of London" in said


def test_the_cases_asked_for_with_no_audit_are_listed() -> None:
    said = _reply_after(
        "young-carers", "so which cases do you have", "ask_audit", cases.ActionDescribeAudit()
    )
    assert "Barak" in said and "Erika" in said


def test_and_a_subject_the_related_learning_says_is_that_learning() -> None:
    said = _reply_after(
        "wider-family-network",
        "and her brothers?",
        "ask_follow_up",
        learning.ActionAnswerLearning(),
    )
    assert "lived experience of siblings" in said.lower()


def test_what_a_plan_should_include_is_the_theme_line_on_what_to_consider() -> None:
    said = _reply_after(
        "transition-to-adulthood",
        "what would it need to contain",
        "ask_follow_up",
        moves.ActionConversationMove(),
    )
    assert "medical and social elements" in said and "Deshawn" in said


def test_the_numbers_an_audit_prints_then_whose_number_it_is() -> None:
    """Issue 19 (round 40): the phone numbers of an audit named are those it prints, each
    with its service; "and who has that number" then is that service, not the urgent block
    (nothing in it is danger)."""
    asked = "which telephone numbers does the SEND report give"
    messages, done = run(cases.ActionDescribeAudit(), tracker(asked, "ask_audit"))
    text = all_text(messages)
    assert "020 7683 1270" in text and "Nia Project" in text and "999" not in text
    history = turn(asked, messages, done)
    for action in (safety.ActionUrgentAdvice(), learning.ActionAnswerLearning()):
        who, _ = run(
            action, tracker("and who has that number", "ask_urgent_contacts", events=history)
        )
        said = all_text(who)
        assert "Nia Project" in said and "MASH" not in said, action
    none, _ = run(cases.ActionDescribeAudit(), tracker("any emails in the mental health audit"))
    assert "gives no email" in all_text(none)
    # a count asked of the audit is not its services' numbers
    count, _ = run(
        cases.ActionDescribeAudit(),
        tracker("numbers of pupils in the SEND report with a plan", "ask_audit"),
    )
    assert "020 7683 1270" not in all_text(count)


def test_whose_number_with_a_danger_told_besides_keeps_the_urgent_block_first() -> None:
    """Review of round 40: after an audit's numbers, whose a number is asked together with a
    danger in words no rule marks: the urgent block comes first, never the service alone;
    the ownership question by itself is still the service."""
    asked = "which telephone numbers does the SEND report give"
    messages, done = run(cases.ActionDescribeAudit(), tracker(asked, "ask_audit"))
    history = turn(asked, messages, done)
    for text, urgent in (
        ("who is that number for, she's shut in", True),
        ("who owns this number? baby's not waking", True),
        ("that number belongs to whom?", False),
    ):
        said, _ = run(
            safety.ActionUrgentAdvice(),
            tracker(text, "ask_urgent_contacts", events=history, danger_possible=False),
        )
        first = said[0].get("text") or ""
        assert ("999" in first) is urgent, text
        assert ("Nia Project" in all_text(said)) is not urgent, text


def test_who_did_the_good_practice_just_shown_is_its_line_naming_them() -> None:
    """Issue 19 (round 40): a case's good practice shown, then "what team was doing that":
    the line naming who did it, under the case and its source, not the list of audits."""
    with store().session() as session:
        case = next(c for c in store().cases(session) if c.id == "mh-case-3")
        line = CaseLine(case.id, case.strengths[0], good_practice=True, place=1)
        shown = case_line_answer(line, case)
    history = turn(
        "a teen repeating her account to every clinician", [{"text": r.text} for r in shown], []
    )
    for action in (cases.ActionDescribeAudit(), learning.ActionAnswerLearning()):
        messages, _ = run(action, tracker("and what agency ran it?", events=history))
        text = all_text(messages)
        assert "sexual health clinic" in text and "Case 3" in text, action
        assert "I hold the learning" not in text


def test_the_other_cases_on_a_topic_after_one_case_are_those_whose_lines_say_it() -> None:
    """Issue 19 (round 40): one case's line on a topic shown, then "and the rest of the SEND
    cases on moving to adult services?": the other cases saying it, not the same case again."""
    with store().session() as session:
        case = next(c for c in store().cases(session) if c.id == "send-barak")
        shown = detail_reply(case, [case.key_messages[0].found])
    history = turn("what did his case say on growing up", [{"text": r.text} for r in shown], [])
    asked = "and the remaining SEND cases about adult services?"
    for action in (cases.ActionDescribeCase(), learning.ActionAnswerLearning()):
        messages, _ = run(action, tracker(asked, "ask_case", events=history))
        text = all_text(messages)
        assert "Caryn" in text and "Barak" not in text, action


def test_anything_more_from_the_case_just_shown_is_its_lines_not_yet_given() -> None:
    """Issue 19 (round 40): a case's line shown, then "and what else in there about the
    police?": the case's lines not given yet (no other line names the police: its good
    practice under the same heading), never the line again nor another key message's."""
    with store().session() as session:
        case = next(c for c in store().cases(session) if c.id == "mh-case-3")
        police = next(line for line in case.strengths if "Police" in line)
        shown = detail_reply(case, [police])
    history = turn("police and social care together", [{"text": r.text} for r in shown], [])
    # its source asked in between: the line is still what "else" goes past
    history += turn("where from", [{"text": "Source: Mental health audit 2019/20, Case 3."}], [])
    asked = "and what else in there about the police?"
    for action in (cases.ActionDescribeCase(), learning.ActionAnswerLearning()):
        messages, _ = run(action, tracker(asked, "ask_case", events=history))
        text = all_text(messages)
        assert "Extra Familial Risk Panel" in text and "locate young person" not in text, action
    # review of round 40: a new question with "else" or "more" in it is not more of the case
    for asked in (
        "what else should a social worker check on a home visit",
        "one more question - how do I approach a dad who won't engage",
    ):
        for action in (cases.ActionDescribeCase(), learning.ActionAnswerLearning()):
            messages, _ = run(action, tracker(asked, "ask_learning", events=history))
            assert not all_text(messages).startswith("From Case 3"), (asked, action)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("and 4", 4),
        ("then case two please", 2),
        ("next, case 3?", 3),
        ("ok 2", 2),
        ("number 2", None),
        ("2 more on neglect", None),
        ("and 20 minutes", None),
        ("and one", None),
        ("case 3 in the SEND audit", None),
        # a bare number picks a button of the reply before; "case" or a going-on word first
        ("4", None),
        ("3 please", None),
        ("case 5 next", 5),
        ("so, 5", 5),
    ],
)
def test_a_number_alone_asks_the_case_of_that_number(text: str, number: int | None) -> None:
    assert next_case_number(text) == number


def test_a_number_after_a_case_is_that_audits_case_of_the_number() -> None:
    """ "and 4" right after a case was shown: that audit's case 4, whichever action the NLU
    chose (an option with no quiz running, a walk-through, a case), never "no quiz in
    progress" nor a walk-through offer."""
    shown = _after(cases.ActionDescribeCase(), "send audit case 2 please", "ask_case")
    assert "Case 2 (Barak)" in all_text(shown[2:3])
    for action, intent in (
        (activities.ActionChooseOption(), "choose_option"),
        (activities.ActionWalkThroughCase(), "walk_through_case"),
        (learning.ActionAnswerLearning(), "ask_learning"),
    ):
        # the examples model may mark "and 4" a sign of danger: a number tells none
        current = tracker(
            "and 4", intent, events=shown, slots={"audit": "send-2016-17"}, danger_possible=True
        )
        said = all_text(run(action, current)[0])
        assert said.startswith("SEND audit 2016-17, Case 4 (Deshawn)"), (intent, said[:120])
        assert "stage 1" not in said and "in progress" not in said


def test_a_number_after_an_answer_or_a_case_only_cited_is_no_case() -> None:
    cited = [{"text": "Good practice: a line. (Source: SEND audit 2016-17, Case 1 (Adam).)"}]
    for history in (answered("young-carers"), turn("good practice on placements", cited, [])):
        dispatcher = CollectingDispatcher()
        current = tracker("and 2", events=history)
        assert turn_before.next_case_by_number(dispatcher, current) is None
        assert not dispatcher.messages


def test_the_number_of_the_case_just_shown_is_no_case_next() -> None:
    """ "and 2" after Case 2 itself shows it no second time (the message is read as any
    other); "and 5" after it shows Case 5."""
    shown = _after(cases.ActionDescribeCase(), "send audit case 2 please", "ask_case")
    same = CollectingDispatcher()
    assert turn_before.next_case_by_number(same, tracker("and 2", events=shown)) is None
    assert not same.messages
    other = CollectingDispatcher()
    assert turn_before.next_case_by_number(other, tracker("now case 5", events=shown))
    assert all_text(other.messages).startswith("SEND audit 2016-17, Case 5")


def test_a_bare_number_after_a_case_is_no_case_next() -> None:
    shown = _after(cases.ActionDescribeCase(), "send audit case 2 please", "ask_case")
    dispatcher = CollectingDispatcher()
    assert turn_before.next_case_by_number(dispatcher, tracker("4", events=shown)) is None
    assert not dispatcher.messages
