"""The escalation route finder: routes data, matching, replies and the form's actions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from actions import actions as base_actions
from actions import escalation as escalation_actions
from bot.dialogue import escalation
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.knowledge.validation import KnowledgeInvalid, check_knowledge
from bot.settings import ENV_DATABASE_URL, PROJECT_ROOT, Settings
from tests.support import all_text, run_action

SITUATION, TRIED, FAILURES = "escalation_situation", "escalation_tried", "escalation_failures"
DOMAIN: dict[str, Any] = {
    "slots": {SITUATION: {}, TRIED: {}},
    "forms": {"escalation_form": {"required_slots": [SITUATION, TRIED]}},
}


def loaded_guide(settings: Settings, environ: dict[str, str] | None = None) -> escalation.Guide:
    """Loads the knowledge into the settings' database and reads the guide back, as the
    action server does."""
    load_knowledge(settings, environ=environ or {})
    store = KnowledgeStore.from_settings(settings)
    try:
        return escalation.load_guide(store)
    finally:
        store.engine.dispose()


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> escalation.Guide:
    database = tmp_path_factory.mktemp("escalation") / "knowledge.db"
    return loaded_guide(Settings(f"sqlite:///{database}", PROJECT_ROOT / "knowledge", None))


@pytest.fixture(autouse=True)
def fresh_guide(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The actions read the guide from a freshly loaded database, once per test."""
    load_knowledge(settings, environ={})
    monkeypatch.setenv(ENV_DATABASE_URL, settings.database_url)
    base_actions.store.cache_clear()
    escalation_actions.guide.cache_clear()
    yield
    escalation_actions.guide.cache_clear()
    base_actions.store.cache_clear()


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


# --- data ---------------------------------------------------------------------------------


def test_every_situation_the_issue_names_has_a_route(guide: escalation.Guide) -> None:
    assert {route.id for route in guide.routes} == {
        "care-plan-not-progressing",
        "agency-not-responding",
        "adult-mental-health-not-responding",
        "professional-disagreement",
        "family-not-engaging",
        "missed-appointments",
        "network-stuck",
    }
    assert all(route.steps and all(step.citation for step in route.steps) for route in guide.routes)


def test_a_broken_step_reference_is_a_clear_error(knowledge_dir: Path) -> None:
    path = knowledge_dir / "escalation.yml"
    text = path.read_text()
    path.write_text(
        text.replace(
            "steps: [raise-with-manager, seek-resolution-with-agency, escalate-to-independent-chair]",
            "steps: [raise-with-manager, seek-resolution-with-agnecy, escalate-to-independent-chair]",
        )
    )
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    assert any(
        error.startswith("knowledge/escalation.yml:")
        and "escalation route 'agency-not-responding', "
        "field 'steps': unknown escalation step 'seek-resolution-with-agnecy'"
        in error
        for error in raised.value.errors
    ), raised.value.errors


def test_missing_fields_unknown_services_and_links_are_reported(knowledge_dir: Path) -> None:
    path = knowledge_dir / "escalation_steps.yml"
    text = path.read_text()
    text = text.replace('    who: "Your manager"\n', "", 1)
    text = text.replace("services: [elft-named-professional]", "services: [elft-named-profesional]")
    text = text.replace(
        "reference_link: london-safeguarding-children-procedures-conflict-resolution",
        "reference_link: london-procedures",
    )
    path.write_text(text)
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    errors = "\n".join(raised.value.errors)
    assert "escalation step 'raise-with-manager': missing required field 'who'" in errors
    assert (
        "escalation step 'escalate-to-elft-named-professional', field 'services': unknown service 'elft-named-profesional'"
        in errors
    )
    assert (
        "escalation step 'resolve-within-time-frame', field 'reference_link': unknown link 'london-procedures'"
        in errors
    )


def test_too_few_words_and_unknown_key_messages_in_a_route(knowledge_dir: Path) -> None:
    path = knowledge_dir / "escalation.yml"
    path.write_text(
        path.read_text().replace(
            "key_messages: [disguised-compliance, calling-professionals-meetings]",
            "key_messages: [disguised-complience]\n    colour: red",
        )
    )
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    errors = "\n".join(raised.value.errors)
    assert "escalation route 'family-not-engaging': unknown field 'colour'" in errors
    assert "field 'key_messages': unknown key message 'disguised-complience'" in errors


def test_a_step_must_cite_exactly_one_source(knowledge_dir: Path) -> None:
    path = knowledge_dir / "escalation_steps.yml"
    path.write_text(
        path.read_text().replace("    key_message: adult-mental-health-escalation\n", "", 1)
    )
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    assert len(raised.value.errors) == 1
    assert raised.value.errors[0].startswith("knowledge/escalation_steps.yml:")
    assert (
        "escalation step 'escalate-to-elft-named-professional': cite exactly one source"
        in raised.value.errors[0]
    )


def test_a_step_citing_two_sources_or_a_link_without_reference_is_reported(
    knowledge_dir: Path,
) -> None:
    path = knowledge_dir / "escalation_steps.yml"
    text = path.read_text()
    text = text.replace(
        "    key_message: adult-mental-health-escalation\n",
        '    key_message: adult-mental-health-escalation\n    reference: "ELFT policy"\n',
        1,
    )
    text = text.replace(
        "    key_message: disguised-compliance\n",
        "    key_message: disguised-compliance\n    reference_link: escalation-policy\n",
        1,
    )
    path.write_text(text)
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    errors = raised.value.errors
    assert len(errors) == 2, errors
    assert all(error.startswith("knowledge/escalation_steps.yml:") for error in errors)
    assert (
        "escalation step 'escalate-to-elft-named-professional': cite exactly one source"
        in errors[0]
    )
    assert errors[1].endswith(
        "escalation step 'flag-in-supervision': 'reference_link' needs a 'reference'"
    )


def test_the_cited_source_error_names_the_line_of_the_step(knowledge_dir: Path) -> None:
    path = knowledge_dir / "escalation_steps.yml"
    text = path.read_text()
    path.write_text(text.replace("    key_message: disguised-compliance\n", "", 1))
    line = text.splitlines().index("  - id: flag-in-supervision") + 1
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    assert raised.value.errors == [
        f"knowledge/escalation_steps.yml:{line}: escalation step 'flag-in-supervision': cite exactly "
        "one source, either 'key_message' (an audit's key message) or 'reference' (e.g. a procedures chapter)"
    ]


def test_no_step_repeats_its_title(guide: escalation.Guide) -> None:
    steps = {step.id: step for route in guide.routes for step in route.steps}
    for step in steps.values():
        assert not escalation.normalise(step.what).startswith(
            escalation.normalise(step.title)
        ), step.id


def test_a_step_changed_in_the_data_changes_every_route_that_uses_it(settings: Settings) -> None:
    path = settings.knowledge_dir / "escalation_steps.yml"
    path.write_text(
        path.read_text().replace(
            "Say what is stuck", "Talk to your line manager first: say what is stuck"
        )
    )
    changed = loaded_guide(settings)
    for route_id in ("agency-not-responding", "care-plan-not-progressing"):
        text = escalation.route_reply(changed.route(route_id), None)[0].text
        assert "Talk to your line manager first" in text


def test_links_set_by_the_deployment_reach_the_route(settings: Settings) -> None:
    url = "https://partnership.example/escalation"
    loaded = loaded_guide(
        settings,
        environ={
            "RPA_LINK_ESCALATION_POLICY": url,
            "RPA_LINK_LONDON_SAFEGUARDING_CHILDREN_PROCEDURES_CONFLICT_RESOLUTION": "https://procedures.example/conflict",
        },
    )
    text = escalation.route_reply(loaded.route("professional-disagreement"), None)[0].text
    assert f"CHSCP escalation policy (the 2016-17 audit: CHSCB): {url}" in text
    assert "professional conflict resolution chapter (https://procedures.example/conflict)" in text


def test_the_action_server_reads_the_guide_from_the_database_once(settings: Settings) -> None:
    first = escalation_actions.guide()
    assert first.route("network-stuck") is not None
    path = settings.knowledge_dir / "escalation_steps.yml"
    path.write_text(path.read_text().replace("Say what is stuck", "Say first what is stuck"))
    load_knowledge(settings, environ={})
    assert escalation_actions.guide() is first  # cached for the server's life
    escalation_actions.guide.cache_clear()  # as a restart after `make run` reloads
    steps = escalation_actions.guide().route("network-stuck").steps
    assert steps[0].what.startswith("Say first what is stuck")


# --- matching -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("the plan isn't progressing", "care-plan-not-progressing"),
        ("services refused because of immigration status", "care-plan-not-progressing"),
        (
            "adult mental health haven't replied to my requests",
            "adult-mental-health-not-responding",
        ),
        ("CMHT not responding", "adult-mental-health-not-responding"),
        ("the school haven't replied to my info request", "agency-not-responding"),
        ("the other agency won't change its decision", "professional-disagreement"),
        ("we all disagree about this family", "professional-disagreement"),
        ("the family aren't engaging", "family-not-engaging"),
        ("mum keeps cancelling appointments", "missed-appointments"),
        ("need a fuller picture of this family", "network-stuck"),
        ("3", "adult-mental-health-not-responding"),
        ("I need to escalate a concern about another agency", None),
        ("asdfgh", None),
    ],
)
def test_situations_are_matched_with_the_words_in_the_data(
    guide: escalation.Guide, text: str, route: str | None
) -> None:
    assert escalation.match_situation(guide, text) == route


@pytest.mark.parametrize(
    ("text", "tried"),
    [
        ("not yet", "nothing-yet"),
        ("no", "nothing-yet"),
        ("my manager knows", "manager-involved"),
        ("I've emailed them twice", "agency-contacted"),
        ("both", "manager-and-agency"),
        ("told my manager and chased the agency", "manager-and-agency"),
        ("we had a professionals meeting", "professionals-meeting-held"),
        ("blah", None),
        ("rang them twice, emailed, nothing", "agency-contacted"),
        ("phoned and left a voicemail, heard nothing back", "agency-contacted"),
    ],
)
def test_what_was_tried_is_matched(guide: escalation.Guide, text: str, tried: str | None) -> None:
    assert escalation.match_tried(guide, text) == tried


# --- replies --------------------------------------------------------------------------------


def test_a_route_skips_the_steps_already_done(guide: escalation.Guide) -> None:
    route = guide.route("agency-not-responding")
    fresh = escalation.route_reply(route, guide.answer("nothing-yet"))[0].text
    assert fresh.index("1. Raise it with your manager") < fresh.index(
        "3. Escalate to the Independent Chair"
    )
    assert (
        "1. Raise it with your manager (Your manager)\n"
        "   Say what is stuck, what it means for the child and what you have done so far.\n"
        "   Contact: CHSCP escalation policy (the 2016-17 audit: CHSCB) (link left blank in the audit; not set yet)\n"
    ) in fresh
    assert "Raise it with your manager:" not in fresh
    later = escalation.route_reply(route, guide.answer("manager-involved"))[0].text
    assert "Already done, so skipped: Raise it with your manager." in later
    assert "1. Seek resolution with the relevant agency" in later
    assert "Source: SEND audit 2016-17, Case 1 (Adam), key message 'Access to services'." in later


def test_adult_mental_health_goes_to_the_elft_named_professional(guide: escalation.Guide) -> None:
    text = escalation.route_reply(guide.route("adult-mental-health-not-responding"), None)[0].text
    assert "ELFT Named Professional for Safeguarding Children" in text
    assert "Mental health audit 2019/20, an audited case it does not name, key message" in text
    assert "(the audit gives no contact details)" in text


def test_disagreement_has_the_london_time_frame_and_the_professionals_meeting(
    guide: escalation.Guide,
) -> None:
    text = escalation.route_reply(guide.route("professional-disagreement"), None)[0].text
    assert (
        "within a working week, or within a timescale that protects the child, whichever is less"
        in text
    )
    assert (
        "London Safeguarding Children Procedures, professional conflict resolution chapter (link not set yet)"
        in text
    )
    assert "Any professional in the network who has concerns about a case can call one" in text


def test_the_handout_has_every_step_contact_and_source(guide: escalation.Guide) -> None:
    route = guide.route("care-plan-not-progressing")
    text = escalation.handout(route, guide.answer("manager-involved"))
    assert text.startswith("# Escalation route: A care plan is not progressing")
    assert (
        "1. **Raise it with your manager** (already done). Who: Your manager. Say what is stuck"
        in text
    )
    assert text.count("   - Source: ") == len(route.steps)
    assert (
        "## Sources" in text
        and "Independent Chair (the 2016-17 audit: of the CHSCB, now the CHSCP) (link left blank"
        in text
    )


def test_the_overview_lists_every_route_with_a_button(guide: escalation.Guide) -> None:
    reply = escalation.overview(guide)[0]
    assert all(route.title in reply.text for route in guide.routes)
    assert (
        reply.buttons[0].payload
        == '/choose_situation{"escalation_situation":"care-plan-not-progressing"}'
    )


# --- the form's actions -------------------------------------------------------------------


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


def test_identifying_details_in_an_answer_get_a_warning() -> None:
    messages, slots = validate(
        tracker(
            "Amelia Smith's mum won't engage",
            "share_personal_details",
            slots={"requested_slot": SITUATION},
        )
    )
    assert slots[SITUATION] == "family-not-engaging"
    assert "Please do not include names" in all_text(messages)


@pytest.mark.parametrize(
    ("text", "current", "corrected"),
    [
        (
            "actually no, it's more that they aren't replying to our emails",
            "care-plan-not-progressing",
            "agency-not-responding",
        ),
        (
            "sorry, actually it's that we disagree with them about the plan",
            "agency-not-responding",
            "professional-disagreement",
        ),
        ("rang them twice, emailed, nothing", "agency-not-responding", None),
        ("my manager knows", "agency-not-responding", None),
        ("not yet", "care-plan-not-progressing", None),
    ],
)
def test_a_correction_while_asked_what_was_tried_is_a_new_situation(
    guide: escalation.Guide, text: str, current: str, corrected: str | None
) -> None:
    assert escalation.corrected_situation(guide, text, current, "ask_learning") == corrected


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
    assert "Raise it with your manager" in text and "Escalate to the Independent Chair" in text
    assert "what is wrong?" in text


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
        and "Independent Chair (the 2016-17 audit: of the CHSCB" in text
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my manager doesn't know", "nothing-yet"),
        ("I haven't told my manager", "nothing-yet"),
        ("I've emailed them but my manager doesn't know yet", "agency-contacted"),
        ("I raised it with my manager to get advice", "manager-involved"),
        ("manager is aware", "manager-involved"),
    ],
)
def test_what_was_tried_respects_negation(
    guide: escalation.Guide, text: str, expected: str
) -> None:
    assert escalation.match_tried(guide, text) == expected
