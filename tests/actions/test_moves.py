"""Conversation moves and local terms (actions/moves.py), answered by what the last turn left
open, on a freshly loaded knowledge database."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import activities, browse, cases, common, fallback, moves
from bot.dialogue.activity import Activity
from bot.dialogue.retrieval import Opinion
from bot.insights.events import UsageEvent
from bot.tooling.evaluation import reply_text
from bot.tooling.first_replies import FirstTurn, Knowledge, Route
from tests.actions.trackers import answered, ranking, run, tracker, turn
from tests.support import all_text

NIA_PHONE = "020 7683 1270"


def _titles(messages: list[dict[str, Any]]) -> list[str]:
    return [button["title"] for message in messages for button in message.get("buttons") or []]


def _after(key_message: str, text: str, intent: str, **parse: Any) -> list[dict[str, Any]]:
    current = tracker(
        text, intent, slots={"key_message": key_message}, events=answered(key_message), **parse
    )
    messages, _ = run(moves.ActionConversationMove(), current)
    return messages


def test_a_services_number_alone_after_an_answer() -> None:
    messages = _after(
        "children-witnessing-domestic-abuse", "the nia project's phone?", "ask_detail"
    )
    text = all_text(messages)
    assert NIA_PHONE in text
    # the number alone, with where the answer it belongs to comes from (its source line)
    assert "What to do" not in text and text.count("Source:") == 1
    assert len(messages) == 1


def test_the_source_alone_after_an_answer() -> None:
    messages = _after("young-carers", "what report is that in?", "ask_detail")
    assert all_text(messages).startswith("Source: Mental health audit 2019/20")


def test_the_source_of_learning_citing_procedures_names_them_with_the_audit() -> None:
    """ "Source for that?" after the social media learning: the audit's case, and the London
    procedures the audit cites for it (set Y: the audit alone)."""
    said = all_text(_after("social-media-footprint", "Source for that?", "ask_detail"))
    assert said.startswith("Source: Mental health audit 2019/20")
    assert "It also refers to: London Child Protection Procedures" in said


def test_a_detail_with_nothing_to_attach_to_asks_which() -> None:
    messages, _ = run(moves.ActionConversationMove(), tracker("their number?", "ask_detail"))
    assert "Which service or answer do you mean?" in all_text(messages)


def test_more_gives_the_next_part_of_the_answer_then_the_one_after() -> None:
    first = _after("disguised-compliance", "say more", "ask_more")
    assert "what to do" in all_text(first)
    events = [
        *answered("disguised-compliance"),
        *turn("say more", first, [{"event": "slot", "name": "answer_part", "value": 0.0}]),
        {"event": "action", "name": "action_conversation_move"},
    ]
    current = tracker(
        "and?",
        "ask_more",
        slots={"key_message": "disguised-compliance", "answer_part": 0.0},
        events=events,
    )
    # the assistant's last action is the move: its part is in the slot, so the next comes
    second, _ = run(moves.ActionConversationMove(), current)
    assert "questions to reflect on" in all_text(second)


def test_what_else_once_every_step_is_on_screen_is_the_linked_learning() -> None:
    """An answer whose steps all fit its first screen: "anything else?" gets the learning the
    audits link to it (set T: the same three steps again), "go on" its steps with their
    summary as before (set C wanted them)."""
    first = answered("transition-to-adulthood")
    assert "Start transition planning early" in " ".join(str(e.get("text")) for e in first)
    other = all_text(_after("transition-to-adulthood", "anything else?", "ask_more"))
    assert other.startswith("Also linked to Transitioning into Adulthood")
    assert "holistic view" in other
    assert "what to do" in all_text(_after("transition-to-adulthood", "go on", "ask_more"))


def test_a_follow_up_with_a_pronoun_stays_on_the_topic() -> None:
    messages = _after("young-carers", "how would I find one?", "follow_up")
    text = all_text(messages)
    assert "On **Consideration of Young Carers**" in text
    assert "Source: Mental health audit 2019/20" in text


def test_the_other_audit_after_an_answer_offers_its_messages_on_the_theme() -> None:
    messages = _after("records-outside-caseload", "wrong audit", "correction")
    assert "SEND audit 2016-17" in all_text(messages) or "other audit has no key message" in (
        all_text(messages)
    )


def test_the_other_audit_in_a_quiz_starts_the_other_audits_quiz() -> None:
    started, events = run(activities.ActionQuiz(), tracker("quiz me on the SEND audit", "quiz_me"))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    current = tracker(
        "no, the other audit", "correction", slots=slots, events=turn("quiz", started, events)
    )
    messages, returned = run(moves.ActionConversationMove(), current)
    activity = Activity.from_slot(next(e["value"] for e in returned if e.get("name") == "activity"))
    assert activity is not None and activity.kind == "quiz"
    assert activity.questions != Activity.from_slot(slots["activity"]).questions  # type: ignore[union-attr]
    assert "Question 1" in all_text(messages) or "?" in all_text(messages)


def test_a_bare_request_for_help_asks_what_is_happening_with_the_main_choices() -> None:
    messages, _ = run(moves.ActionConversationMove(), tracker("help me out here", "need_help"))
    assert "What's happening?" in all_text(messages)
    titles = _titles(messages)
    assert "A child is in danger now" in titles and "Show me the topics" in titles


def test_moves_are_recorded_as_conversation_turns_not_unanswered(loaded_store: Any) -> None:
    _after("young-carers", "tell me more", "ask_more")
    with loaded_store.session() as session:
        kinds = [(e.kind, e.reason) for e in session.scalars(select(UsageEvent))]
    assert ("conversation_turn", "more") in kinds
    assert all(kind != "unanswered" for kind, _ in kinds)


def test_a_term_is_explained_with_its_source_and_the_learning_that_uses_it() -> None:
    messages, _ = run(moves.ActionExplainTerm(), tracker("what's TAC?", "ask_term"))
    text = all_text(messages)
    assert "**TAC** stands for Team Around the Child." in text
    assert "Source: SEND audit 2016-17, Case 5 (Erika)." in text


def test_a_local_service_is_explained_from_its_description_with_the_learning_naming_it() -> None:
    asked = tracker("what is wiki in this context", "ask_term")
    messages, _ = run(moves.ActionExplainTerm(), asked)
    text = all_text(messages)
    assert "an online multi-media advocacy programme" in text
    assert "Source: SEND audit 2016-17, Case 4 (Deshawn)." in text
    assert "The voice of the child or young person" in _titles(messages)


def test_several_terms_asked_at_once_are_each_explained_with_where_the_audits_use_them() -> None:
    messages, _ = run(moves.ActionExplainTerm(), tracker("whats tac vs ehcp", "ask_term"))
    text = all_text(messages)
    assert "Team Around the Child" in text and "Education, Health and Care Plan" in text
    assert "SEND audit 2016-17, Case 1 (Adam)" in text and "Case 5 (Erika)" in text
    assert "Where the audits use it:" in text and _titles(messages)


@pytest.mark.parametrize(
    ("typed", "number", "other"),
    [
        ("whats edt", "020 8356 2710", "020 8356 5500"),
        ("MASH?", "020 8356 5500", "020 8356 2710"),
        ("what does FAST stand for", "020 8356 5500", "020 8356 2710"),
    ],
)
def test_a_term_that_names_an_urgent_contact_gives_its_number_from_the_contacts(
    typed: str, number: str, other: str
) -> None:
    """The glossary term of a contact service gives that contact's number, as
    knowledge/contacts.yml has it, with its hours and that it is unconfirmed; not another's."""
    messages, _ = run(moves.ActionExplainTerm(), tracker(typed, "ask_term"))
    text = all_text(messages)
    assert "stands for" in text and number in text and other not in text
    assert "not yet confirmed" in text


def test_a_term_that_names_no_urgent_contact_gives_no_number() -> None:
    messages, _ = run(moves.ActionExplainTerm(), tracker("what's TAC?", "ask_term"))
    assert "020 " not in all_text(messages)


def test_a_term_no_source_spells_out_says_what_the_source_says() -> None:
    messages, _ = run(moves.ActionExplainTerm(), tracker("MAP?", "ask_term"))
    text = all_text(messages)
    assert "stands for" not in text
    assert "does not spell MAP out" in text
    assert _titles(messages)  # the learning that uses it, or the topics


def test_a_term_the_audit_leaves_unexplained_is_spelt_out_from_a_named_public_source() -> None:
    """CYPS: the SEND audit does not spell it out; Hackney Council's own pages do."""
    messages, _ = run(moves.ActionExplainTerm(), tracker("CYPS?", "ask_term"))
    text = all_text(messages)
    assert "**CYPS** stands for Children and Young People's Services." in text
    assert "does not spell CYPS out" in text and "London Borough of Hackney" in text


def test_the_difference_between_two_terms_explains_both() -> None:
    messages, _ = run(
        moves.ActionExplainTerm(), tracker("whats the diff between ICPC and CIN", "ask_term")
    )
    text = all_text(messages)
    assert "Initial child protection conference" in text and "Child in need" in text


def test_a_term_asked_about_in_practice_gives_the_term_and_the_learning_using_it() -> None:
    current = tracker("would a TAC be any good for a family we cant reach", "ask_term")
    messages, _ = run(moves.ActionExplainTerm(), current)
    text = all_text(messages)
    assert "**TAC** stands for Team Around the Child." in text
    assert "Where the audits use it, **" in text and "(SEND audit 2016-17" in text
    assert len(messages) == 1 and _titles(messages)


def test_a_local_name_asked_in_practice_is_explained_before_an_acronym_inside_it() -> None:
    current = tracker("would the CAMHS complex care forum help with a stuck case", "ask_term")
    messages, _ = run(moves.ActionExplainTerm(), current)
    assert all_text(messages).startswith("**complex care forum**")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("can u say that number again", NIA_PHONE),
        ("what was the email again?", "info@niaendingviolence.org.uk"),
        ("whats the name of that service again", "Nia Project / Hackney Play Therapy Service"),
    ],
)
def test_a_detail_of_the_last_answer_is_repeated_as_it_was_given(typed: str, expected: str) -> None:
    question = "the nia project, how do i contact them"
    shown = [
        {"text": f"**Nia Project**\n\n- phone: {NIA_PHONE}\n- email: info@niaendingviolence.org.uk"}
    ]
    current = tracker(
        typed,
        "ask_detail",
        slots={"key_message": "children-witnessing-domestic-abuse"},
        events=[*answered("children-witnessing-domestic-abuse"), *turn(question, shown, [])],
    )
    messages, _ = run(moves.ActionConversationMove(), current)
    text = all_text(messages)
    assert expected in text and "Things You Should Know" not in text


def test_a_term_question_without_a_term_is_answered_as_a_practice_question() -> None:
    current = tracker(
        "what is disguised compliance",
        "ask_term",
        entities=[{"entity": "key_message", "value": "disguised-compliance"}],
    )
    messages, _ = run(moves.ActionExplainTerm(), current)
    assert "Disguised" in all_text(messages)


def test_an_urgent_contacts_number_alone_with_where_it_comes_from() -> None:
    messages, _ = run(moves.ActionConversationMove(), tracker("edt phone no?", "ask_detail"))
    text = all_text(messages)
    assert "Emergency Duty Team: 020 8356 2710" in text
    assert "020 8356 5500" not in text


def test_the_other_audit_with_nothing_open_describes_the_audit_not_talked_about() -> None:
    current = tracker("no, I meant the other audit", "correction", slots={"audit": "send-2016-17"})
    messages, _ = run(moves.ActionConversationMove(), current)
    assert "Mental health audit 2019/20" in all_text(messages) or "Mental Health" in all_text(
        messages
    )


def test_the_other_audit_with_nothing_open_is_not_the_one_the_question_before_named() -> None:
    question = "what went well in the mental health audit?"
    shown, returned = run(browse.ActionGoodPractice(), tracker(question, "good_practice"))
    current = tracker("and the other audit?", "correction", events=turn(question, shown, returned))
    messages, _ = run(moves.ActionConversationMove(), current)
    assert "Source: SEND audit 2016-17." in all_text(messages)


def test_an_agencys_part_in_the_case_shown_is_its_lines_not_the_glossary() -> None:
    question = "tell me about case 2 in the MH audit"
    shown, returned = run(cases.ActionDescribeCase(), tracker(question, "ask_case"))
    term = [{"entity": "term", "value": "camhs"}]
    current = tracker(
        "what did CAMHS do there", "ask_term", entities=term, events=turn(question, shown, returned)
    )
    messages, _ = run(moves.ActionExplainTerm(), current)
    said = all_text(messages)
    assert "complex care forum" in said
    assert "stands for" not in said


@pytest.mark.parametrize(
    "text",
    [
        "sorry, what did you say CAMHS was",
        "who are CAMHS and what did they do",
        "what's CAMHS and what was its part there",
    ],
)
def test_what_an_agency_is_after_a_case_is_the_glossary_not_a_case_line(text: str) -> None:
    question = "tell me about case 2 in the MH audit"
    shown, returned = run(cases.ActionDescribeCase(), tracker(question, "ask_case"))
    term = [{"entity": "term", "value": "camhs"}]
    current = tracker(text, "ask_term", entities=term, events=turn(question, shown, returned))
    messages, _ = run(moves.ActionExplainTerm(), current)
    assert "stands for" in all_text(messages)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In Erika's case, what was the GP's role?", "Case 5 (Erika)"),
        ("what is CAMHS", "stands for"),
    ],
)
def test_an_agencys_part_in_a_case_named_or_its_letters(text: str, expected: str) -> None:
    messages, _ = run(moves.ActionExplainTerm(), tracker(text, "ask_term"))
    assert expected in all_text(messages)


def test_a_follow_up_naming_a_case_by_name_is_about_that_case() -> None:
    messages = _after(
        "gp-information-looked-after-children", "the deshawn one, in more detail", "ask_more"
    )
    assert "Case 4 (Deshawn)" in all_text(messages)


@pytest.mark.parametrize(
    "text", ["the deshawn one, in more detail", "more on deshawn please", "deshawn - more detail"]
)
def test_a_case_named_by_name_in_a_follow_up_is_looked_up_once(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = cases.understanding.mentioned_case
    calls: list[str] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0])
        return found(*args, **kwargs)

    key_message = "gp-information-looked-after-children"
    current = tracker(
        text, "ask_more", slots={"key_message": key_message}, events=answered(key_message)
    )
    monkeypatch.setattr(cases.understanding, "mentioned_case", counted)
    dispatcher = CollectingDispatcher()
    assert cases.follow_up_on_case(dispatcher, current) is not None
    assert "Case 4 (Deshawn)" in all_text(dispatcher.messages)
    assert len(calls) == 1


def test_a_follow_up_finds_the_service_that_answers_it() -> None:
    messages = _after("young-carers", "how old do they have to be, what ages", "follow_up")
    assert "Hackney Young Carers Project" in all_text(messages)


def test_an_unclear_message_pointing_back_at_the_answer_is_a_follow_up_on_it() -> None:
    current = tracker(
        "what ages do they work with",
        "nlu_fallback",
        slots={"key_message": "young-carers"},
        events=answered("young-carers"),
    )
    messages, _ = run(fallback.ActionOfferCandidates(), current)
    text = all_text(messages)
    assert "On **Consideration of Young Carers**" in text
    assert "8-18" in text


def test_an_unclear_question_for_the_next_step_after_an_answer_stays_on_its_topic() -> None:
    current = tracker(
        "ok so who do I go to after the team manager",
        "nlu_fallback",
        slots={"key_message": "access-to-services"},
        events=answered("access-to-services"),
    )
    messages, _ = run(fallback.ActionOfferCandidates(), current)
    text = all_text(messages)
    assert "On **Access to Services**" in text or "On **Access to services**" in text
    assert "What's happening?" not in text


def test_the_source_with_nothing_answered_asks_which_and_lists_no_service() -> None:
    messages, _ = run(moves.ActionConversationMove(), tracker("which case", "ask_detail"))
    assert "Which service or answer do you mean?" in all_text(messages)
    assert "Serious Case Review" not in all_text(messages)


def test_a_number_asked_after_a_term_is_the_number_of_what_the_term_named() -> None:
    question = "what does MASH stand for"
    asked, returned = run(moves.ActionExplainTerm(), tracker(question, "ask_term"))
    current = tracker("whats their number", "ask_detail", events=turn(question, asked, returned))
    messages, _ = run(moves.ActionConversationMove(), current)
    assert "020 8356 5500" in all_text(messages)


OFFERED = (
    "I'm not sure what you mean. Did you mean one of these?\n"
    'The closest is "Consideration of Young Carers": all young carers are entitled to one.'
)


def _offered_then(*between: list[dict[str, Any]]) -> list[dict[str, Any]]:
    buttons = [
        {"title": key, "payload": f'/ask_learning{{"key_message":"{key}"}}'}
        for key in ("young-carers", "children-witnessing-domestic-abuse")
    ]
    offered = turn(
        "a question",
        [{"text": OFFERED, "buttons": buttons}],
        [{"event": "slot", "name": "context", "value": "candidates"}],
    )
    return [*offered, *(event for events in between for event in events)]


def test_go_on_after_candidates_answers_the_closest_one() -> None:
    current = tracker("go on", "ask_more", events=_offered_then())
    messages, events = run(moves.ActionConversationMove(), current)
    assert "**Consideration of Young Carers**" in all_text(messages)
    assert {"event": "slot", "name": "key_message", "value": "young-carers"} in [
        {"event": e["event"], "name": e["name"], "value": e["value"]} for e in events
    ]


def test_a_turn_that_left_nothing_open_does_not_erase_the_closest_topic() -> None:
    acknowledged = turn("ok", [{"text": "OK. Ask me another practice question."}], [])
    current = tracker("which audit was that from", "ask_detail", events=_offered_then(acknowledged))
    messages, _ = run(moves.ActionConversationMove(), current)
    assert "Consideration of Young Carers: Mental health audit 2019/20" in all_text(messages)


def test_which_case_after_candidates_gives_where_each_offered_one_comes_from() -> None:
    current = tracker("which case", "ask_detail", events=_offered_then())
    messages, _ = run(moves.ActionConversationMove(), current)
    said = all_text(messages)
    assert "Consideration of Young Carers: Mental health audit 2019/20" in said
    assert "Children who witness Domestic Abuse: SEND audit 2016-17, Case 2 (Barak)" in said


def test_the_source_of_a_case_just_described() -> None:
    described = tracker("tell me about Adam", "ask_case")
    messages, events = run(cases.ActionDescribeCase(), described)
    current = tracker(
        "which audit was that from",
        "ask_detail",
        events=turn("tell me about Adam", messages, events),
    )
    said, _ = run(moves.ActionConversationMove(), current)
    assert all_text(said) == "Source: SEND audit 2016-17, Case 1 (Adam)."


def test_their_email_after_a_reply_that_named_the_service() -> None:
    shown = turn(
        "the play therapy number?",
        [{"text": f"- Nia Project / Hackney Play Therapy Service: {NIA_PHONE}"}],
        [],
    )
    current = tracker("and an email?", "ask_detail", events=shown)
    messages, _ = run(moves.ActionConversationMove(), current)
    assert "info@niaendingviolence.org.uk" in all_text(messages)


def test_their_number_after_an_answer_is_its_services_not_one_the_question_named() -> None:
    events = answered("children-witnessing-domestic-abuse", "at a DV job in hackney, kids saw it")
    current = tracker(
        "what's their number",
        "ask_detail",
        slots={"key_message": "children-witnessing-domestic-abuse"},
        events=events,
    )
    messages, _ = run(moves.ActionConversationMove(), current)
    assert NIA_PHONE in all_text(messages)


def test_which_case_after_an_answer_keeps_the_reviews_it_refers_to() -> None:
    messages = _after("triangulating-information", "what's case FC", "ask_detail")
    assert "Serious Case Review (Case FC)" in all_text(messages)


def test_a_correction_naming_an_audit_asks_the_question_before_again_in_it() -> None:
    listed = turn(
        "tell me about case 2",
        [{"text": "Which case? The audits cover: ..."}],
        [],
        intent={"name": "ask_case", "confidence": 0.9},
    )
    current = tracker("no, the mental health one", "correction", events=listed)
    messages, events = run(moves.ActionConversationMove(), current)
    assert all_text(messages).startswith("Mental health audit 2019/20, Case 2")
    assert {"event": "slot", "name": "audit", "value": "mental-health-2019-20"} in [
        {"event": e["event"], "name": e["name"], "value": e["value"]} for e in events
    ]


def test_a_second_correction_looks_back_to_the_question_it_corrects() -> None:
    asked = turn(
        "what did the audit say about info sharing",
        [{"text": OFFERED}],
        [{"event": "slot", "name": "context", "value": "candidates"}],
        intent={"name": "ask_learning", "confidence": 0.5},
    )
    first = tracker("no i meant the send audit", "correction", events=asked)
    messages, events = run(moves.ActionConversationMove(), first)
    assert "Source: SEND audit 2016-17" in all_text(messages)
    corrected = turn(
        "no i meant the send audit",
        messages,
        events,
        intent={"name": "correction", "confidence": 0.9},
    )
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    second = tracker(
        "ok and the mental health one", "correction", slots=slots, events=[*asked, *corrected]
    )
    messages, _ = run(moves.ActionConversationMove(), second)
    assert "Mental health audit 2019/20" in all_text(messages)


def test_a_term_many_cases_use_names_the_first_few() -> None:
    messages, _ = run(moves.ActionExplainTerm(), tracker("whats cin vs cp", "ask_term"))
    text = all_text(messages)
    assert "Child in need" in text and "Child protection" in text
    assert text.count("\n- ") <= 4 and "more" in text


def test_asking_how_to_get_support_gives_the_answers_services() -> None:
    messages = _after("young-carers", "how do i get him support", "follow_up")
    assert "Where to go" in all_text(messages)
    assert "Hackney Young Carers Project" in all_text(messages)


def test_a_correction_describing_the_other_case_gets_the_case_it_describes() -> None:
    shown = turn(
        "tell me about case 1",
        [{"text": "Which case? The audits cover: SEND audit 2016-17, Case 1 (Adam); ..."}],
        [],
        intent={"name": "ask_case", "confidence": 0.9},
    )
    current = tracker(
        "not that, the other one - where the boy used makaton", "correction", events=shown
    )
    messages, events = run(moves.ActionConversationMove(), current)
    assert "Deshawn" in all_text(messages).split("\n")[0]
    assert {"event": "slot", "name": "audit", "value": "send-2016-17"} in [
        {"event": e["event"], "name": e["name"], "value": e["value"]} for e in events
    ]


def test_the_other_audit_with_nothing_on_the_theme_asks_the_question_again_in_it() -> None:
    # chronic neglect (SEND) answered a question about sharing records; the mental health
    # audit has no key message on neglect, so "the other audit" re-reads the question there
    asked = answered(
        "chronic-neglect",
        "what does the audit say about passing on records",
        intent={"name": "ask_learning", "confidence": 0.6},
        response_selector=ranking(
            ("chronic-neglect", 0.4),
            ("records-outside-caseload", 0.3),
            ("fast-closure-letters", 0.2),
        ),
    )
    current = tracker(
        "wrong one, the other audit please",
        "correction",
        slots={"key_message": "chronic-neglect"},
        events=asked,
    )
    messages, events = run(moves.ActionConversationMove(), current)
    assert "Source: Mental health audit 2019/20" in all_text(messages)
    assert {"event": "slot", "name": "key_message", "value": "records-outside-caseload"} in [
        {"event": e["event"], "name": e["name"], "value": e["value"]} for e in events
    ]


def test_a_correction_naming_a_case_gets_that_case_whatever_was_shown() -> None:
    question = "tell me about the Caryn case"
    shown, returned = run(cases.ActionDescribeCase(), tracker(question, "ask_case"))
    current = tracker(
        "oops wrong one - Barak", "correction", events=turn(question, shown, returned)
    )
    messages, _ = run(moves.ActionConversationMove(), current)
    assert "Case 2 (Barak)" in all_text(messages).split("\n")[0]


def test_a_term_only_one_key_message_uses_leaves_that_message_open_for_a_follow_up() -> None:
    """ "what does FAST stand for" then "and what goes in the letters": the one key message
    using the term is what a short follow-up leans on, so it is left open, as after an answer."""
    asked = tracker("what does FAST stand for", "ask_term")
    _, events = run(moves.ActionExplainTerm(), asked)
    assert events[-1] == {
        "event": "slot",
        "timestamp": None,
        "name": "context",
        "value": "answered",
    }
    assert len([e for e in events if e.get("name") == "key_message"]) == 1


def test_which_child_after_an_answer_names_its_case_and_who_it_is_about() -> None:
    """Not its citation again (set R: "which case" after "which audit" repeated the citation,
    so it asked what was happening instead)."""
    text = all_text(
        _after("wider-family-network", "and which young person was that?", "ask_detail")
    )
    # named as citations name it, so "tell me more about her" then finds the case
    assert "Mental health audit 2019/20, Case 3: " in text
    assert "sexual assault" in text


def test_a_local_name_inside_a_phrase_with_an_acronym_is_explained_itself() -> None:
    """ "The CSC family support service" is the Family Support Service, a glossary term of its
    own: the most specific term named is explained, not CSC and the words beside it."""
    asked = tracker("what's the CSC family support service in the audits", "ask_term")
    text = all_text(run(moves.ActionExplainTerm(), asked)[0])
    assert text.startswith("**Family Support Service**")
    assert "Case 2" in text


def test_a_term_asked_with_words_of_its_own_gives_where_the_audits_say_them() -> None:
    asked = tracker("what is the CAMHS family therapist in the audit", "ask_term")
    text = all_text(run(moves.ActionExplainTerm(), asked)[0])
    assert text.startswith('What the audits say where they use "family therapist"')
    assert "**CAMHS** stands for" in text


def test_the_reply_measure_gives_a_term_asked_with_words_of_its_own_as_the_action_does() -> None:
    """`nlu loso --replies` builds the glossary's answer from the same bot/dialogue code: a term
    asked with words beside it is where the audits say them, as the action sends it."""
    text = "what is the CAMHS family therapist in the audit"
    sent, _ = run(moves.ActionExplainTerm(), tracker(text, "ask_term"))
    with common.store().session() as session:
        known = Knowledge(
            {m.id: m for m in common.store().key_messages(session)},
            common.store().cases(session),
            common.store().services(session),
            common.terms(),
            common.store().urgent_contacts(session),
            None,  # type: ignore[arg-type]
        )
        turn = FirstTurn(None, None, known)  # type: ignore[arg-type]
        reply = turn.reply(text, {"intent": "ask_term"}, Opinion([], confident=False))
    assert reply.route is Route.TERM
    assert reply.text == reply_text(sent)
    assert 'what the audits say where they use "family therapist"' in reply.text


def test_another_topic_taken_for_more_is_answered_as_a_new_question() -> None:
    """ "fine. and whats the learning on chronic neglect" taken for "more" after an answer: more
    is asked in words of going on; a clear other topic is a new question, not the next part."""
    current = tracker(
        "fine. and whats the learning on chronic neglect",
        "ask_more",
        events=answered("young-carers"),
        response_selector=ranking(("chronic-neglect", 0.9), ("young-carers", 0.02)),
    )
    said = all_text(run(moves.ActionConversationMove(), current)[0])
    assert said.startswith("**Chronic Neglect**")
