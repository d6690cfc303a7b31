"""The form's actions (actions/escalation.py), run as the action server runs them, with the
guide read from a freshly loaded database of their own (tests/actions/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import core
from actions import escalation as escalation_actions
from bot.dialogue.escalation.replies import after_first_step
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import Settings
from tests.actions import trackers
from tests.support import all_text, run_action

SITUATION, TRIED, FAILURES = "escalation_situation", "escalation_tried", "escalation_failures"
DOMAIN: dict[str, Any] = {
    "slots": {SITUATION: {}, TRIED: {}},
    "forms": {"escalation_form": {"required_slots": [SITUATION, TRIED]}},
}


def tracker(
    text: str,
    intent: str,
    slots: dict[str, Any] | None = None,
    active: bool = True,
    entities: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    **parse: Any,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
        **parse,
    }
    loop = {"name": "escalation_form"} if active else {}
    return Tracker(
        "practitioner", slots or {}, latest, events or [], False, None, loop, "action_listen"
    )


def run(action: Action, current: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    return run_action(action, current, DOMAIN)


def slots_of(events: list[Any]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def test_the_guide_is_read_once_and_again_after_a_knowledge_load(settings: Settings) -> None:
    first = escalation_actions.guide()
    assert first.route("network-stuck") is not None
    assert escalation_actions.guide() is first  # not rebuilt per question
    path = settings.knowledge_dir / "escalation_steps.yml"
    path.write_text(path.read_text().replace("Say what is stuck", "Say first what is stuck"))
    load_knowledge(settings, environ={})  # `make knowledge` while the server runs
    steps = escalation_actions.guide().route("network-stuck").steps
    assert steps[0].what.startswith("Say first what is stuck")


def validate(current: Tracker) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    messages, events = run(escalation_actions.ValidateEscalationForm(), current)
    return messages, slots_of(events)


def test_a_typed_situation_is_validated_to_its_route() -> None:
    _, slots = validate(
        tracker(
            "the family won't engage, nothing changes",
            "ask_learning",
            slots={"requested_slot": SITUATION},
        )
    )
    assert slots == {SITUATION: "family-not-engaging", FAILURES: 0}


def test_the_first_message_can_already_name_the_situation() -> None:
    _, slots = validate(
        tracker(
            "adult mental health haven't replied to my requests", "how_to_escalate", active=False
        )
    )
    assert slots == {SITUATION: "adult-mental-health-not-responding", FAILURES: 0}
    _, slots = validate(
        tracker(
            "I need to escalate a concern about another agency", "how_to_escalate", active=False
        )
    )
    assert slots == {}


def test_a_button_payload_is_validated_as_an_id() -> None:
    current = tracker(
        '/choose_tried{"escalation_tried":"manager-involved"}',
        "choose_tried",
        slots={
            "requested_slot": TRIED,
            SITUATION: "agency-not-responding",
            TRIED: "manager-involved",
        },
        events=[
            {"event": "user", "text": "/choose_tried"},
            {"event": "slot", "name": TRIED, "value": "manager-involved"},
        ],
    )
    _, slots = validate(current)
    assert slots[TRIED] == "manager-involved"


def test_invalid_input_counts_failures_and_the_question_explains_then_offers_a_way_out() -> None:
    _, slots = validate(tracker("asdfgh", "nlu_fallback", slots={"requested_slot": SITUATION}))
    assert slots == {SITUATION: None, FAILURES: 1}
    _, slots = validate(
        tracker("qwerty", "nlu_fallback", slots={"requested_slot": SITUATION, FAILURES: 1})
    )
    assert slots == {SITUATION: None, FAILURES: 2}
    once, _ = run(
        escalation_actions.ActionAskEscalationSituation(),
        tracker("", "nlu_fallback", slots={FAILURES: 1}),
    )
    assert "couldn't match that to a situation" in once[0]["text"]
    assert "Stop" not in [b["title"] for b in once[0]["buttons"]]
    twice, _ = run(
        escalation_actions.ActionAskEscalationSituation(),
        tracker("", "nlu_fallback", slots={FAILURES: 2}),
    )
    titles = [b["title"] for b in twice[0]["buttons"]]
    assert titles[-2:] == ["Show all escalation routes", "Stop"]


def test_gibberish_the_model_files_as_a_question_is_asked_again() -> None:
    ranking = {
        "ask_learning": {
            "ranking": [{"intent_response_key": "ask_learning/chronic-neglect", "confidence": 0.05}]
        }
    }
    _, slots = validate(
        tracker(
            "asdfgh qwerty",
            "ask_learning",
            slots={"requested_slot": SITUATION},
            response_selector=ranking,
        )
    )
    assert slots == {SITUATION: None, FAILURES: 1}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how should I record a childs wishes and feelings", "ask_learning"),
        ("never mind", "stop"),
        ("change my answer", "change_answer"),
        ("she says he will hurt her tonight", "immediate_risk"),
        ("what's the weather like", "out_of_scope"),
    ],
)
def test_other_intents_pass_to_their_rules(text: str, intent: str) -> None:
    ranking = {
        "ask_learning": {
            "ranking": [
                {"intent_response_key": "ask_learning/disguised-compliance", "confidence": 0.9}
            ]
        }
    }
    _, slots = validate(
        tracker(text, intent, slots={"requested_slot": SITUATION}, response_selector=ranking)
    )
    assert slots == {}


def test_identifying_details_in_an_answer_get_a_warning_with_the_next_question() -> None:
    """The validation says nothing of its own; the form's next question is the turn's reply,
    and carries the warning (bot/dialogue/identifiers_warning.py)."""
    typed = "Amelia Smith's mum won't engage"
    messages, slots = validate(
        tracker(typed, "share_personal_details", slots={"requested_slot": SITUATION})
    )
    assert slots[SITUATION] == "family-not-engaging" and messages == []
    asked, _ = run(
        escalation_actions.ActionAskEscalationTried(),
        tracker(typed, "share_personal_details", slots={SITUATION: "family-not-engaging"}),
    )
    assert asked[0]["text"].startswith("Please do not include names")
    assert "a name" in asked[0]["text"] and "Amelia" not in all_text(asked)
    assert len(asked) > 1 and "tried" in all_text(asked[1:]).lower()


def test_identifying_details_in_an_answer_the_form_cannot_read_still_get_a_warning() -> None:
    """An answer that matches no situation: the form asks again, with the warning first."""
    typed = "re Jayden Okoro DOB 03/04/2014, not sure really"
    _, slots = validate(
        tracker(typed, "share_personal_details", slots={"requested_slot": SITUATION})
    )
    assert slots.get(SITUATION) is None
    asked, _ = run(escalation_actions.ActionAskEscalationSituation(), tracker(typed, "deny"))
    assert asked[0]["text"].startswith("Please do not include names")
    assert "date of birth" in asked[0]["text"] and len(asked) > 1


def test_the_route_after_identifying_details_carries_the_warning() -> None:
    typed = "Amelia Smith's school keeps ignoring my emails"
    messages, _ = run(
        escalation_actions.ActionEscalationRoute(),
        tracker(
            typed,
            "share_personal_details",
            slots={SITUATION: "agency-not-responding", TRIED: "nothing"},
            active=False,
        ),
    )
    assert messages[0]["text"].startswith("Please do not include names")
    assert "Amelia" not in all_text(messages) and len(messages) > 1


def test_the_form_takes_a_correction_as_the_new_situation_not_as_an_answer() -> None:
    _, slots = validate(
        tracker(
            "actually no, it's more that they aren't replying to our emails",
            "deny",
            slots={"requested_slot": TRIED, SITUATION: "care-plan-not-progressing"},
        )
    )
    assert slots == {SITUATION: "agency-not-responding", FAILURES: 0}


def test_the_first_question_gives_the_short_answer_before_asking() -> None:
    messages, _ = run(
        escalation_actions.ActionAskEscalationSituation(),
        tracker("how do I escalate", "how_to_escalate"),
    )
    text = messages[0]["text"]
    assert "Raise it with your manager" in text
    assert "Escalate under the partnership's escalation policy" in text
    assert "what is wrong?" in text


def test_a_route_asked_with_risk_told_keeps_the_urgent_line_first(
    loaded_store: KnowledgeStore,
) -> None:
    messages, _ = run(
        escalation_actions.ActionAskEscalationSituation(),
        tracker(
            "her stepdad hit her last night and social care won't take the referral, what now",
            "how_to_escalate",
            risk_mentioned=True,
        ),
    )
    text = messages[0]["text"]
    assert text.startswith("**If a child is in immediate danger, call 999.**")
    assert "what is wrong?" in text
    quiet, _ = run(
        escalation_actions.ActionAskEscalationSituation(),
        tracker("how do I escalate", "how_to_escalate"),
    )
    assert "999" not in quiet[0]["text"]


def test_the_tried_question_confirms_the_situation() -> None:
    messages, _ = run(
        escalation_actions.ActionAskEscalationTried(),
        tracker("", "choose_situation", slots={SITUATION: "adult-mental-health-not-responding"}),
    )
    assert "ELFT Named Professional" in messages[0]["text"]
    # the route in short comes first (who, in order), then the offer to tailor it
    assert messages[0]["text"].index("Who to go to, in order:") < messages[0]["text"].index(
        "what have you tried"
    )
    assert [b["title"] for b in messages[0]["buttons"]][:2] == [
        "Not yet",
        "My manager is already involved",
    ]


def test_the_route_names_the_manager_and_the_independent_chair_then_clears_the_answers() -> None:
    messages, events = run(
        escalation_actions.ActionEscalationRoute(),
        tracker(
            "/choose_tried",
            "choose_tried",
            active=False,
            slots={SITUATION: "agency-not-responding", TRIED: "nothing-yet"},
        ),
    )
    text = all_text(messages)
    assert (
        "Raise it with your manager" in text
        and "Independent Chair of the CHSCB (as of the 2016-17 audit" in text
    )
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[:2] == ["Reflective prompts", "Handout of this route"]
    assert events == [SlotSet(SITUATION, None), SlotSet(TRIED, None), SlotSet(FAILURES, 0)]


def test_change_keeps_the_other_answer_from_earlier_in_the_conversation() -> None:
    history = [
        {"event": "slot", "name": SITUATION, "value": "network-stuck"},
        {"event": "slot", "name": TRIED, "value": "nothing-yet"},
        {"event": "slot", "name": SITUATION, "value": None},
        {"event": "slot", "name": TRIED, "value": None},
    ]
    _, events = run(
        escalation_actions.ActionChangeEscalationAnswer(),
        tracker("I want to change what I've tried", "change_answer", active=False, events=history),
    )
    assert slots_of(events) == {TRIED: None, FAILURES: 0, SITUATION: "network-stuck"}
    _, events = run(
        escalation_actions.ActionChangeEscalationAnswer(),
        tracker(
            "/change_answer",
            "change_answer",
            slots={"requested_slot": TRIED, SITUATION: "network-stuck"},
            entities=[{"entity": "escalation_slot", "value": SITUATION}],
        ),
    )
    assert slots_of(events)[SITUATION] is None


def test_stop_says_so_and_clears_but_stays_quiet_after_urgent_advice() -> None:
    messages, events = run(escalation_actions.ActionStopEscalation(), tracker("never mind", "stop"))
    assert "stopped the escalation route" in all_text(messages)
    assert slots_of(events) == {SITUATION: None, TRIED: None, FAILURES: 0}
    messages, _ = run(
        escalation_actions.ActionStopEscalation(), tracker("he will hurt her", "immediate_risk")
    )
    assert messages == []


def test_handout_and_prompts_follow_the_button_or_the_last_route() -> None:
    messages, _ = run(
        escalation_actions.ActionEscalationHandout(),
        tracker(
            "/escalation_handout",
            "escalation_handout",
            active=False,
            slots={SITUATION: "missed-appointments", TRIED: "manager-involved"},
        ),
    )
    assert "# Escalation route: A pattern of missed appointments" in messages[0]["text"]
    history = [{"event": "slot", "name": SITUATION, "value": "family-not-engaging"}]
    messages, _ = run(
        escalation_actions.ActionEscalationPrompts(),
        tracker(
            "reflective prompts about escalating",
            "escalation_prompts",
            active=False,
            events=history,
        ),
    )
    assert "Do you flag disguised compliance in supervision?" in messages[0]["text"]


def test_show_all_routes_needs_no_form() -> None:
    messages, events = run(
        escalation_actions.ActionEscalationOverview(),
        tracker("show me all the escalation routes", "show_escalation_routes", active=False),
    )
    assert "The escalation routes, by situation" in messages[0]["text"] and events == []


def test_yes_back_to_my_route_is_not_read_as_an_answer() -> None:
    history = [
        {"event": "user", "text": "what is the weather"},
        {"event": "action", "name": "utter_out_of_scope"},
        {"event": "action", "name": "utter_ask_continue_escalation"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "yes"},
    ]
    _, slots = validate(
        tracker("yes", "affirm", slots={"requested_slot": SITUATION}, events=history)
    )
    assert slots == {SITUATION: None}


def test_the_action_server_registers_every_action() -> None:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert {
        "validate_escalation_form",
        "action_escalation_route",
        "action_escalation_handout",
        "action_escalation_prompts",
        "action_stop_escalation",
    } <= set(executor.actions)


def test_the_escalate_button_starts_the_route_finder_whose_route_cites_the_policy() -> None:
    """How do I escalate? now starts escalation_form (tests/dialogue/escalation/ covers it);
    its route for a stuck care plan still ends with the Independent Chair and cites Adam."""
    messages, _ = run(
        escalation_actions.ActionEscalationRoute(),
        tracker(
            "/choose_tried",
            "choose_tried",
            slots={
                "escalation_situation": "care-plan-not-progressing",
                "escalation_tried": "nothing-yet",
            },
        ),
    )
    text = all_text(messages)
    assert "Independent Chair" in text
    assert "SEND audit 2016-17, Case 1 (Adam)" in text


@pytest.mark.parametrize(
    "text", ["then what", "and if that doesn't get anywhere", "and if they still don't respond?"]
)
def test_asking_what_comes_next_gets_the_later_steps_not_a_failed_match(text: str) -> None:
    messages, slots = validate(tracker(text, "follow_up", slots={"requested_slot": SITUATION}))
    assert slots == {SITUATION: None}  # no failure counted: the question is asked again
    said = all_text(messages)
    assert "Independent Chair of the CHSCB" in said and "escalation policy" in said
    assert "Call a professionals meeting" in said


@pytest.mark.parametrize("text", ["and who's after them if that fails?", "then who"])
def test_asking_who_next_when_asked_what_was_tried_gets_the_whole_route(text: str) -> None:
    """The route in short was given and the form asks what was tried: "who next?" is no
    failed match but the route from its start, every step in order."""
    _, slots = validate(
        tracker(
            text,
            "ask_learning",
            slots={"requested_slot": TRIED, SITUATION: "adult-mental-health-not-responding"},
        )
    )
    assert slots == {TRIED: "nothing-yet", FAILURES: 0}


def test_a_link_asked_while_the_situation_is_asked_gets_the_links_and_counts_a_failure() -> None:
    """The routes in short were given: "got a link for the policy?" gets the policy's link (or
    that it is blank), then the question again; a failure is counted, so links asked over and
    over still end with the way out."""
    messages, slots = validate(
        tracker("got a link for the policy?", "ask_learning", slots={"requested_slot": SITUATION})
    )
    assert slots == {SITUATION: None, FAILURES: 1}
    said = all_text(messages)
    assert said.startswith("Links for the escalation routes:")
    assert "No link yet for: CHSCB escalation policy" in said


def test_a_link_asked_while_what_was_tried_is_asked_gets_that_routes_links() -> None:
    messages, slots = validate(
        tracker(
            "any website for that?",
            "ask_learning",
            slots={"requested_slot": TRIED, SITUATION: "adult-mental-health-not-responding"},
        )
    )
    assert slots == {TRIED: None, FAILURES: 1}
    assert all_text(messages).startswith("Links for your route (Adult mental health")


def _after_the_route(text: str, route_given: bool = True) -> str:
    """What `text` gets right after a turn that gave the professional-disagreement route."""
    history: list[dict[str, Any]] = [
        {"event": "user", "text": "we disagree with the decision", "parse_data": {}},
        {"event": "slot", "name": SITUATION, "value": "professional-disagreement"},
        {"event": "slot", "name": TRIED, "value": "nothing-yet"},
        {
            "event": "action",
            "name": "action_escalation_route" if route_given else "action_answer_learning",
        },
        {"event": "bot", "text": "Your escalation route: ..."},
        {"event": "slot", "name": SITUATION, "value": None},
    ]
    dispatcher = CollectingDispatcher()
    events = escalation_actions.after_route(dispatcher, trackers.tracker(text, events=history))
    # a reply is given with events, so the moves chained after it do not answer again
    assert bool(events) is bool(dispatcher.messages)
    return all_text(dispatcher.messages)


@pytest.mark.parametrize("text", ["and after that?", "where's the policy then", "then what"])
def test_after_a_route_what_comes_after_is_the_step_it_ends_with(text: str) -> None:
    reply = _after_the_route(text)
    assert reply.startswith("Your route (Professionals disagree about a decision")
    assert "escalation policy" in reply


def test_after_anything_else_the_route_end_is_not_given() -> None:
    assert _after_the_route("and after that?", route_given=False) == ""
    assert _after_the_route("what about young carers") == ""


@pytest.mark.parametrize("text", ["got a link for that policy", "website for it?"])
def test_after_a_route_a_link_asked_gets_the_routes_links_as_configured(text: str) -> None:
    reply = _after_the_route(text)
    assert reply.startswith("Links for your route (Professionals disagree about a decision")
    # the policy's link is blank in links.yml: said so, never made up
    assert "No link yet for: CHSCB escalation policy" in reply


@pytest.mark.parametrize(
    "text",
    [
        "how does that link to the SEND audit?",
        "is there a link between neglect and school exclusion",
        "can you link me to the learning on self-harm",
        "mum now has a link worker through the GP",
    ],
)
def test_after_a_route_a_link_not_asked_for_gets_no_links(text: str) -> None:
    assert not _after_the_route(text).startswith("Links")


def test_a_link_asked_right_after_the_steps_the_routes_take_gets_their_links() -> None:
    """ "and if that doesn't work?" outside the route finder gave the steps the routes take:
    "link to the policy?" is its link (blank, so said to be), not an unclear message."""
    steps = after_first_step(escalation_actions.guide())[0].text
    history: list[dict[str, Any]] = [
        {"event": "user", "text": "and if that doesnt work?", "parse_data": {}},
        {"event": "bot", "text": steps},
    ]
    dispatcher = CollectingDispatcher()
    current = trackers.tracker("any link for the policy?", events=history)
    assert escalation_actions.after_route(dispatcher, current)
    said = all_text(dispatcher.messages)
    assert said.startswith("Links for the escalation routes:")
    assert "No link yet for: CHSCB escalation policy" in said


def test_which_case_while_the_situation_is_asked_after_an_answer_is_the_case_it_cites() -> None:
    """ "Which case this?" after an answer and the routes in short, the route finder asking
    what is stuck: the case the answer cites (Adam's short breaks), no failure counted."""
    messages, slots = validate(
        tracker(
            "Which case this?",
            "ask_detail",
            slots={"requested_slot": SITUATION, "key_message": "access-to-services"},
        )
    )
    assert slots == {SITUATION: None}
    assert "Case 1 (Adam)" in all_text(messages)


@pytest.mark.parametrize(
    "action",
    [
        escalation_actions.ActionAskEscalationSituation(),
        escalation_actions.ActionAskEscalationTried(),
    ],
)
@pytest.mark.parametrize(
    "text",
    [
        "social care shut the case too soon, who should I talk to, he's got a black eye",
        "the MASH closed it and it should be open, who do I go to, she is bleeding",
    ],
)
def test_a_disputed_closure_with_danger_possible_gets_999_before_the_question(
    loaded_store: KnowledgeStore, action: Action, text: str
) -> None:
    """A disputed closure goes to the route finder; danger told beside it (the safety step
    marks it possible) gets 999 and the number that applies now first (review of route27)."""
    messages, _ = run(action, tracker(text, "how_to_escalate", danger_possible=True))
    assert messages[0]["text"].startswith("**If a child is in immediate danger, call 999.**")
    quiet, _ = run(action, tracker(text, "how_to_escalate"))
    assert "999" not in quiet[0]["text"]


def test_where_the_policy_is_while_the_situation_is_asked_is_its_link() -> None:
    """Issue 19 (round 40): inside the route finder, "where do I find the policy" asks where
    the escalation policy is (its link, blank so said to be), not an unclear situation."""
    messages, _ = validate(
        tracker(
            "where do I find that policy", "ask_escalation", slots={"requested_slot": SITUATION}
        )
    )
    said = all_text(messages)
    assert "escalation policy" in said and "couldn't match" not in said


@pytest.mark.parametrize("text", ["and who sits at the top of it?", "who's at the end of the line"])
def test_after_a_route_the_top_of_it_is_its_last_step(text: str) -> None:
    """Issue 19 (round 40): "the top of it" after a route is the step it ends with."""
    reply = _after_the_route(text)
    assert reply.startswith("Your route (Professionals disagree about a decision")


def test_a_word_of_starting_again_asked_of_a_route_is_read_with_it() -> None:
    """Issue 19 (round 40): the classifier hears "from the top" in "who sits at the top of it":
    read with the route before it, that is the route's last step; starting again in its own
    words still starts again."""
    history: list[dict[str, Any]] = [
        {"event": "user", "text": "we disagree with the decision", "parse_data": {}},
        {"event": "slot", "name": SITUATION, "value": "professional-disagreement"},
        {"event": "slot", "name": TRIED, "value": "nothing-yet"},
        {"event": "action", "name": "action_escalation_route"},
        {"event": "bot", "text": "Your escalation route: ..."},
        {"event": "slot", "name": SITUATION, "value": None},
    ]
    for text, route in (("and who sits at the top of it?", True), ("start over please", False)):
        current = trackers.tracker(text, "start_again", events=history)
        messages, _ = run_action(core.ActionStartAgain(), current, trackers.DOMAIN)
        said = all_text(messages)
        assert said.startswith("Your route (Professionals") is route, said
