"""Urgent advice and the privacy warning (actions/safety.py)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet

from actions import safety
from bot.safeguards.privacy import find_identifiers, kinds_of, mask
from bot.settings import ENV_CLOCK
from tests.actions.trackers import answered, ranking, run, tracker, turn
from tests.support import all_text
from tests.urgent_clock import (
    CITY,
    EDT,
    MASH,
    MAX_FIRST_MESSAGE_WORDS,
    ROWS,
    SATURDAY_MORNING,
    TWO_AM,
    WEEKDAY_10AM,
    Row,
    check_first_message,
    local_numbers_in,
    words,
)


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_the_first_urgent_message_gives_999_then_the_number_that_applies_now(
    row: Row, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_CLOCK, row.clock)
    messages, events = run(safety.ActionUrgentAdvice(), tracker(row.message, row.intent))
    assert len(messages) == 1
    text = messages[0]["text"]
    assert text.startswith("**If a child is in immediate danger, call 999.**")
    check_first_message(row, text)
    assert "(to be confirmed by the partnership)" in text
    titles = [button["title"] for button in messages[0]["buttons"]]
    assert titles == ["All urgent contacts", "It's not urgent: answer my question"]
    assert events == [SlotSet("context", "urgent")]


def test_every_contact_is_one_tap_away_with_when_it_answers() -> None:
    messages, events = run(
        safety.ActionAllUrgentContacts(), tracker("/all_urgent_contacts", "all_urgent_contacts")
    )
    text = all_text(messages)
    assert local_numbers_in(text) == (MASH, CITY, EDT) and "999" in text
    assert "evenings, nights, weekends and bank holidays" in text
    assert "not yet confirmed" in text
    assert events == [SlotSet("context", "urgent")]


def test_a_school_holiday_is_said_not_to_change_the_hours(monkeypatch: pytest.MonkeyPatch) -> None:
    """Half term is no bank holiday: the number for now, then that the holidays keep the
    services' hours, in a message of its own so the first stays within 60 words."""
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    asked = "over the summer holidays who do our staff phone"
    messages, _ = run(safety.ActionUrgentAdvice(), tracker(asked, "ask_urgent_contacts"))
    assert MASH in messages[0]["text"] and words(messages[0]["text"]) <= MAX_FIRST_MESSAGE_WORDS
    assert "half term do not change these hours" in messages[1]["text"]
    assert "Emergency Duty Team" in messages[1]["text"]


def _urgent_turn(text: str, intent: str = "immediate_risk", **parse: Any) -> list[dict[str, Any]]:
    messages, events = run(safety.ActionUrgentAdvice(), tracker(text, intent, **parse))
    return turn(text, messages, events, intent={"name": intent}, **parse)


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("which one do i ring at 2am", EDT),
        ("and what about saturday morning?", EDT),
        ("who do I call on monday at 11am", MASH),
        ("which number on the bank holiday", EDT),
        ("what about tonight", EDT),
    ],
)
def test_which_one_at_a_time_gets_the_one_that_answers_then(
    asked: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    earlier = _urgent_turn("worried about a child in hackney who do i call", "ask_urgent_contacts")
    messages, events = run(
        safety.ActionUrgentAdvice(), tracker(asked, "ask_urgent_contacts", events=earlier)
    )
    assert local_numbers_in(all_text(messages)) == (expected,)
    assert "999" in all_text(messages)
    assert events == [SlotSet("context", "urgent")]


@pytest.mark.parametrize(
    ("asked", "intent", "action", "expected"),
    [
        # read by the model as a glossary question or a step of a quiz: still the emergency's
        ("and the mash in the daytime", "ask_term", "term", MASH),
        ("its 2am by the way", "choose_option", "option", EDT),
        ("its 2am by the way", "next_step", "next", EDT),
    ],
)
def test_a_follow_up_of_urgent_advice_read_as_another_intent_gets_the_number_then(
    asked: str, intent: str, action: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from actions.activities import ActionChooseOption, ActionNextStep
    from actions.moves import ActionExplainTerm

    actions = {"term": ActionExplainTerm, "option": ActionChooseOption, "next": ActionNextStep}
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    earlier = _urgent_turn("who do i call about a child in hackney", "ask_urgent_contacts")
    messages, events = run(actions[action](), tracker(asked, intent, events=earlier))
    assert local_numbers_in(all_text(messages))[0] == expected
    assert events == [SlotSet("context", "urgent")]


def test_a_contact_named_in_an_urgent_follow_up_comes_first_with_its_hours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    earlier = _urgent_turn("toddler with burns, parents trying to take him out of the ward")
    messages, _ = run(
        safety.ActionUrgentAdvice(),
        tracker(
            "security have them. hackney. the EDT number?", "ask_urgent_contacts", events=earlier
        ),
    )
    assert local_numbers_in(all_text(messages)) == (EDT, MASH)
    assert "evenings, nights, weekends" in all_text(messages)


@pytest.mark.parametrize(
    "thanks",
    ["ok cheers", "got it thanks", "thank you", "ok", "ok done, thanks", "perfect, thanks"],
)
def test_thanks_after_urgent_advice_gets_a_short_999_reminder(
    thanks: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_CLOCK, SATURDAY_MORNING)
    earlier = _urgent_turn("the kids are home alone and mum is passed out")
    messages, _ = run(safety.ActionUrgentAdvice(), tracker(thanks, "thank", events=earlier))
    text = all_text(messages)
    assert "999" in text and not local_numbers_in(text)
    assert "Take care." in text, text  # the thanks heard, not a bare "OK."
    assert len(text.split()) <= 15


@pytest.mark.parametrize(
    ("said", "intent", "welcomed"),
    [("cheers", "thank", True), ("ta", "thank", True), ("ok", "acknowledge", False)],
)
def test_thanks_after_urgent_advice_are_answered_as_thanks(
    said: str, intent: str, welcomed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_CLOCK, SATURDAY_MORNING)
    earlier = _urgent_turn("the kids are home alone and mum is passed out")
    messages, _ = run(safety.ActionUrgentAdvice(), tracker(said, intent, events=earlier))
    text = all_text(messages)
    assert ("welcome" in text.lower()) is welcomed and "999" in text


def test_the_same_urgent_message_is_never_given_twice_in_a_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_CLOCK, SATURDAY_MORNING)
    earlier = _urgent_turn("the kids are home alone and mum is passed out")
    history = earlier
    previous = earlier[2]["text"]
    for text in ("he is hitting her now", "she is still crying", "please help"):
        messages, events = run(
            safety.ActionUrgentAdvice(), tracker(text, "immediate_risk", events=history)
        )
        assert messages[0]["text"] != previous and "999" in messages[0]["text"]
        previous = messages[0]["text"]
        history = [*history, *turn(text, messages, events, intent={"name": "immediate_risk"})]


def test_what_to_do_next_after_urgent_advice_offers_its_learning_one_tap_away(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A practice question typed while it is still urgent: the number again, shorter, and
    the learning it asks about as a button, never the same block twice."""
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    earlier = _urgent_turn("a girl says her stepdad will beat her when she gets home tonight")
    asked = "what should i do next, write down what she told me?"
    messages, events = run(
        safety.ActionUrgentAdvice(),
        tracker(
            asked, "ask_learning", events=earlier, response_selector=ranking(("young-carers", 0.9))
        ),
    )
    (message,) = messages
    assert message["text"] != earlier[2]["text"] and "999" in message["text"]
    titles = [button["title"] for button in message["buttons"]]
    assert titles[0].startswith("Not urgent: ") and "All urgent contacts" in titles
    assert events == [SlotSet("context", "urgent")]


SELF_HARM_QUESTION = (
    "15yo self harming, mum has bipolar and is under adult MH but not well at the moment. "
    "who else should I be involving?"
)


@pytest.mark.parametrize(
    "not_urgent",
    [
        ("/not_urgent", "not_urgent", safety.ActionNotUrgent()),
        ("it's not urgent", "ask_learning", safety.ActionUrgentAdvice()),
        ("no this isnt an emergency", "nlu_fallback", safety.ActionUrgentAdvice()),
    ],
)
def test_not_urgent_answers_the_question_first_asked(not_urgent: tuple[str, str, Any]) -> None:
    text, intent, action = not_urgent
    earlier = _urgent_turn(SELF_HARM_QUESTION, response_selector=ranking(("young-carers", 0.8)))
    messages, events = run(action, tracker(text, intent, events=earlier))
    assert "young carer" in all_text(messages).lower()
    assert SlotSet("context", "answered") in events


def test_not_urgent_after_asking_only_for_the_numbers_says_what_else_it_does() -> None:
    earlier = _urgent_turn("out of hours number", "ask_urgent_contacts")
    messages, events = run(
        safety.ActionNotUrgent(), tracker("/not_urgent", "not_urgent", events=earlier)
    )
    assert "learning" in all_text(messages) and not local_numbers_in(all_text(messages))
    assert events == [SlotSet("context", "neutral")]


def test_identifying_details_get_a_warning_then_the_answer() -> None:
    messages, events = run(
        safety.ActionPrivacyWarning(),
        tracker(
            "Amelia Smith DOB 14/02/2015 - her dad won't let us share info",
            "share_personal_details",
            intent_ranking=[
                {"name": "share_personal_details", "confidence": 1.0},
                {"name": "ask_learning", "confidence": 0.9},
            ],
            response_selector=ranking(("non-compliant-parents-information-sharing", 0.7)),
        ),
    )
    assert "Please do not include names" in messages[0]["text"]
    assert "a name and a date of birth" in messages[0]["text"]
    # the action server's check sees the privacy action's own warning: once a turn
    assert all_text(messages).count("Please do not include names") == 1
    assert "Amelia" not in all_text(messages)
    assert "information sharing between professionals is normal practice" in all_text(messages[1:])
    assert events == [
        SlotSet("key_message", "non-compliant-parents-information-sharing"),
        SlotSet("context", "answered"),
    ]


def test_identifying_details_with_a_case_question_describe_the_case() -> None:
    messages, _ = run(
        safety.ActionPrivacyWarning(),
        tracker(
            "re Jamie Okafor - tell me about the Erika case",
            "share_personal_details",
            intent_ranking=[
                {"name": "share_personal_details", "confidence": 1.0},
                {"name": "ask_case", "confidence": 0.9},
            ],
        ),
    )
    assert "Please do not include names" in messages[0]["text"]
    assert "Source: SEND audit 2016-17, Case 5 (Erika)." in all_text(messages[1:])


def test_identifying_details_with_a_greeting_still_get_the_greeting() -> None:
    messages, _ = run(
        safety.ActionPrivacyWarning(),
        tracker(
            "hi I'm calling about Leah Brown",
            "share_personal_details",
            intent_ranking=[
                {"name": "share_personal_details", "confidence": 1.0},
                {"name": "greet", "confidence": 0.8},
            ],
        ),
    )
    assert "Please do not include names" in messages[0]["text"]
    assert messages[1]["response"] == "utter_greet"


def test_identifying_details_with_an_escalation_question_give_the_routes_overview() -> None:
    messages, _ = run(
        safety.ActionPrivacyWarning(),
        tracker(
            "Jamie Okafor's social worker won't reply, how do I escalate",
            "share_personal_details",
            intent_ranking=[
                {"name": "share_personal_details", "confidence": 1.0},
                {"name": "how_to_escalate", "confidence": 0.9},
            ],
        ),
    )
    assert "Please do not include names" in messages[0]["text"]
    assert "escalation policy" in all_text(messages[1:])


@pytest.mark.parametrize(
    ("asked", "first"),
    [
        ("number for EDT hackney", EDT),
        ("number for the emergency duty team please, I'm in the city", EDT),
        ("what time does the EDT start?", EDT),
        ("whats the number for the children and families team", CITY),
        ("EDT number", EDT),
    ],
)
def test_a_contact_asked_for_by_name_comes_first_with_its_hours_whatever_the_clock(
    asked: str, first: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 10:30 on a weekday the number that answers now is MASH's or the City's; asked for
    by name, the Emergency Duty Team's still comes first, with its hours from
    knowledge/contacts.yml (the office hours it stands outside of, never a made-up time)."""
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    messages, events = run(safety.ActionUrgentAdvice(), tracker(asked, "ask_urgent_contacts"))
    text = all_text(messages)
    assert local_numbers_in(text)[0] == first
    assert "999" in text
    if first == EDT:
        assert "evenings, nights, weekends and bank holidays" in text
        assert "outside Monday-Friday 09:00-17:00, not bank holidays" in text
    assert "(to be confirmed by the partnership)" in text
    assert words(text) <= MAX_FIRST_MESSAGE_WORDS, (words(text), text)
    assert events == [SlotSet("context", "urgent")]


@pytest.mark.parametrize(("clock", "now"), [(WEEKDAY_10AM, (MASH, CITY)), (TWO_AM, ())])
def test_a_contact_asked_for_by_name_then_the_one_for_now_fits_a_phone(
    clock: str, now: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "EDT number" at 10:30 with no area: the EDT with its hours, then each area's number
    for now, on one line, the confirmation said once (it was 80 words, in a list); at 2am the
    EDT is the one for now, and said once."""
    monkeypatch.setenv(ENV_CLOCK, clock)
    messages, _ = run(safety.ActionUrgentAdvice(), tracker("EDT number", "ask_urgent_contacts"))
    text = all_text(messages)
    assert local_numbers_in(text) == (EDT, *now)
    assert text.count("to be confirmed by the partnership") == 1
    assert words(text) <= MAX_FIRST_MESSAGE_WORDS, (words(text), text)


NIA_PHONE = "020 7683 1270"


@pytest.mark.parametrize("asked", ["whats the number", "number for nia?", "their number pls"])
def test_a_number_asked_for_after_an_answer_is_the_answers_service(asked: str) -> None:
    """The NLU reads a bare "the number" as asking for the urgent contacts; just after an
    answer that gave a service, it is that service's number (issue 20, set G)."""
    key = "children-witnessing-domestic-abuse"
    current = tracker(
        asked, "ask_urgent_contacts", slots={"key_message": key}, events=answered(key)
    )
    messages, events = run(safety.ActionUrgentAdvice(), current)
    text = all_text(messages)
    assert NIA_PHONE in text and "999" not in text and not local_numbers_in(text)
    assert events == [SlotSet("context", "answered")]


@pytest.mark.parametrize(
    ("asked", "danger_possible"),
    [
        ("out of hours number", False),
        ("MASH number", False),
        ("number for tonight", False),
        ("number, she's not safe at home", False),
        ("whats the number", True),  # the model over danger examples saw a sign of danger
    ],
)
def test_a_number_for_now_after_an_answer_still_gets_the_urgent_contacts(
    asked: str, danger_possible: bool
) -> None:
    key = "children-witnessing-domestic-abuse"
    current = tracker(
        asked,
        "ask_urgent_contacts",
        slots={"key_message": key},
        events=answered(key),
        danger_possible=danger_possible,
    )
    messages, events = run(safety.ActionUrgentAdvice(), current)
    assert "999" in all_text(messages) and local_numbers_in(all_text(messages))
    assert events == [SlotSet("context", "urgent")]


def test_a_service_named_with_a_number_asked_gets_its_number_whatever_came_before() -> None:
    """ "number for nia?" after urgent advice (set F: the answer before was the urgent line):
    the Nia Project's number; "whats the number" there is still the urgent contacts."""
    earlier = _urgent_turn("the kids are home alone and mum is passed out")
    messages, _ = run(
        safety.ActionUrgentAdvice(),
        tracker("number for nia?", "ask_urgent_contacts", events=earlier),
    )
    assert NIA_PHONE in all_text(messages) and not local_numbers_in(all_text(messages))
    messages, _ = run(
        safety.ActionUrgentAdvice(),
        tracker("whats the number", "ask_urgent_contacts", events=earlier),
    )
    assert local_numbers_in(all_text(messages))


@pytest.mark.parametrize(
    ("text", "intent", "kinds"),
    [
        (
            "Sam Okafor from Daneford School says his uncle is waiting outside with a knife",
            "immediate_risk",
            "a name and a school",
        ),
        (
            "who do i ring right now about a girl at 41 Kenworthy Road",
            "ask_urgent_contacts",
            "an address",
        ),
    ],
)
def test_urgent_advice_typed_with_identifying_details_still_warns_not_to_share_them(
    text: str, intent: str, kinds: str
) -> None:
    """The safety step decides before identifiers are looked for: the urgent advice comes
    first, within its 60 words, and the warning after it, without promising an answer."""
    messages, _ = run(safety.ActionUrgentAdvice(), tracker(text, intent))
    assert messages[0]["text"].startswith("**If a child is in immediate danger, call 999.**")
    assert words(messages[0]["text"]) <= MAX_FIRST_MESSAGE_WORDS
    warning = messages[1]["text"]
    assert "Please do not include names" in warning and kinds in warning
    assert "Here is the learning" not in warning


def test_urgent_advice_without_identifying_details_has_no_warning() -> None:
    messages, _ = run(
        safety.ActionUrgentAdvice(),
        tracker("a boy says his uncle is outside with a knife", "immediate_risk"),
    )
    assert "Please do not include" not in all_text(messages)


def test_what_if_the_call_fails_after_urgent_advice_gets_the_numbers_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "and what if they don't answer" goes on about the emergency: the numbers again, never
    "what's happening?" as if nothing had been said."""
    from actions.learning import ActionAnswerLearning

    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    earlier = _urgent_turn("who do i call about a child in hackney", "ask_urgent_contacts")
    messages, events = run(
        ActionAnswerLearning(),
        tracker("and what if they don't answer", "follow_up", events=earlier),
    )
    assert MASH in local_numbers_in(all_text(messages))
    assert "what's happening" not in all_text(messages).lower()
    assert events == [SlotSet("context", "urgent")]


def _contacts_asked_after_young_carers(said: str) -> list[dict[str, Any]]:
    """The urgent action's messages for `said`, taken for a request for contacts, right
    after the young carers answer."""
    messages, _ = run(
        safety.ActionUrgentAdvice(),
        tracker(
            said,
            "ask_urgent_contacts",
            slots={"key_message": "young-carers"},
            events=answered("young-carers"),
        ),
    )
    return messages


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("so who do we inform", "young carer"),
        ("who should i send them to", "young carer"),
        ("and if they still won't help, who then", "escalation"),
    ],
)
def test_whom_to_tell_right_after_an_answer_is_answered_on_its_topic(
    said: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 19 item 3: a few words asking whom to tell after an answer lean on it; one line
    of urgent advice first, never the urgent block instead of the answer."""
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    messages = _contacts_asked_after_young_carers(said)
    text = all_text(messages)
    assert "999" in messages[0]["text"] and "It's not urgent" not in text
    assert expected in text.lower(), text


def test_whom_to_call_with_an_area_after_an_answer_still_gets_the_contacts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    messages = _contacts_asked_after_young_carers("who do i call in hackney")
    assert MASH in local_numbers_in(all_text(messages))


@pytest.mark.parametrize(
    "asked",
    [
        "how can we reach the young carers project in hackney",
        "how do I get hold of the nia project in the city",
    ],
)
def test_a_service_named_with_an_area_is_reached_through_that_service(asked: str) -> None:
    """The area says where the service is, not that the front door is wanted: taken for a
    request for the contacts, the named service's own way in, never the urgent block."""
    messages, _ = run(safety.ActionUrgentAdvice(), tracker(asked, "ask_urgent_contacts"))
    text = all_text(messages)
    assert not local_numbers_in(text) and "999" not in text, text
    assert "Young Carers" in text or "Nia" in text, text


@pytest.mark.parametrize(
    "asked",
    [
        "how can we get in touch with childrens services in the City",
        "how do I reach the duty team, phone or email?",
    ],
)
def test_how_to_reach_the_front_door_by_its_role_is_the_urgent_contacts(asked: str) -> None:
    """Not a service that shares a word with the message ("services", "care")."""
    messages, _ = run(safety.ActionUrgentAdvice(), tracker(asked, "ask_urgent_contacts"))
    text = all_text(messages)
    assert "999" in text
    assert "the audit gives no phone number" not in text


WARNING = "Please do not include names"


def _warnings(messages: list[dict[str, Any]]) -> int:
    return sum(str(message.get("text") or "").startswith(WARNING) for message in messages)


def _as_parsed(typed: str) -> dict[str, Any]:
    """The message as the actions receive it: its identifiers masked out of the text, their
    kinds beside it (bot.safeguards.nlu_components)."""
    return {"text": mask(typed), "identifier_kinds": kinds_of(find_identifiers(typed))}


def test_whom_to_tell_after_an_answer_typed_with_identifying_details_warns_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Set AA's class: a name and a date of birth with whom to call, right after an answer,
    got the urgent line and the answer (whom_after_answer) without the warning. 999 first,
    then the warning, then the answer."""
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    said = _as_parsed("Sade Quist dob 03/05/2013 - who should I phone")
    messages, _ = run(
        safety.ActionUrgentAdvice(),
        tracker(
            said.pop("text"),
            "ask_urgent_contacts",
            slots={"key_message": "young-carers"},
            events=answered("young-carers"),
            **said,
        ),
    )
    assert "999" in messages[0]["text"] and _warnings(messages) == 1
    assert messages[1]["text"].startswith(WARNING) and "date of birth" in messages[1]["text"]
    assert "young carer" in all_text(messages[2:]).lower()
    assert "Quist" not in all_text(messages)


def test_an_urgent_follow_up_typed_with_identifying_details_warns_after_the_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A follow-up of urgent advice (urgent_follow_up) returns before the urgent advice's
    own path: the number that applies then, and the warning after it."""
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    earlier = _urgent_turn("he burns him with cigarettes")
    said = _as_parsed("which one at 2am, its for Tiwa Ogundipe")
    messages, events = run(
        safety.ActionUrgentAdvice(),
        tracker(said.pop("text"), "ask_urgent_contacts", events=earlier, **said),
    )
    assert EDT in local_numbers_in(messages[0]["text"])
    assert messages[1]["text"].startswith(WARNING) and _warnings(messages) == 1
    assert events == [SlotSet("context", "urgent")]


def test_a_number_asked_for_after_an_answer_with_identifying_details_warns_first() -> None:
    """number_of_the_last_answer: the service's number, not urgent advice, so the warning
    leads."""
    key = "children-witnessing-domestic-abuse"
    said = _as_parsed("whats the number, mum is Grace Adeyemi-Holt")
    current = tracker(
        said.pop("text"),
        "ask_urgent_contacts",
        slots={"key_message": key},
        events=answered(key),
        **said,
    )
    messages, _ = run(safety.ActionUrgentAdvice(), current)
    assert messages[0]["text"].startswith(WARNING) and _warnings(messages) == 1
    assert NIA_PHONE in all_text(messages[1:])


@pytest.mark.parametrize(
    ("message", "first"),
    [
        ("lad of 15 sat in our lobby refusing to go back to his flat, it is 8pm, who to ring", EDT),
        ("dad is drunk and shouting at the kids, today is a bank holiday", EDT),
        # a time of what happened is no moment to call: reported now, office hours
        ("found a 9yo alone at the bus stop at 6am, he is with me now", MASH),
    ],
)
def test_a_danger_gets_the_number_for_the_time_the_asker_says_it_is(
    message: str, first: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Set AC: a teenager who would not go home, an evening hour told, got the office-hours
    number by the server's clock (a weekday morning here): the time told decides."""
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    messages, _ = run(safety.ActionUrgentAdvice(), tracker(message, "immediate_risk"))
    assert local_numbers_in(messages[0]["text"])[0] == first


@pytest.mark.parametrize(
    ("message", "clock", "first"),
    [
        # the time it is, told a little before the clock, is today's: MASH is open
        (
            "its 9am, a girl has come into the office with marks on her neck",
            "2026-12-04T09:45",
            MASH,
        ),
        ("it's 10:15 and a boy in reception says his dad burnt him", "2026-12-04T10:50", MASH),
        # a call time beside a danger now is no reason to wait: out of hours now, EDT
        (
            "mum just slapped him and he is here with me, scared, can i ring on monday",
            "2026-12-05T21:00",
            EDT,
        ),
        ("dad is hitting her now, should i wait and report it on tuesday", "2026-12-05T21:00", EDT),
    ],
)
def test_the_time_it_is_is_today_and_a_danger_is_reported_now(
    message: str, clock: str, first: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review of round 41: "it's 9am" told at 09:45 was moved to the next day (Saturday, out
    of hours, EDT only); "call on Monday" beside a danger now gave Monday's office hours."""
    monkeypatch.setenv(ENV_CLOCK, clock)
    messages, _ = run(safety.ActionUrgentAdvice(), tracker(message, "immediate_risk"))
    assert local_numbers_in(messages[0]["text"])[0] == first


@pytest.mark.parametrize(
    ("message", "clock"),
    [
        # Saturday 09:00 from Friday evening
        ("who should we phone at 9am on saturday", "2026-12-04T18:00"),
        # 22:00 from a weekday morning
        ("who do i ring at 10 tonight if he turns up drunk to collect her", WEEKDAY_10AM),
    ],
)
def test_a_call_time_asked_with_no_danger_now_looks_ahead(
    message: str, clock: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A time to call, no danger told now: the next such moment, out of hours here."""
    monkeypatch.setenv(ENV_CLOCK, clock)
    messages, _ = run(safety.ActionUrgentAdvice(), tracker(message, "urgent_contacts"))
    assert local_numbers_in(messages[0]["text"])[0] == EDT
