"""Custom actions, run with rasa-sdk's real dispatcher and tracker against a loaded database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet

from actions import actions
from bot.dialogue import answers
from bot.dialogue.names import ACTION_FOR_INTENT
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import ENV_DATABASE_URL, PROJECT_ROOT, Settings
from tests.support import all_text, run_action

DOMAIN: dict[str, Any] = {"responses": {"utter_greet": [{"text": "hello"}]}}


@pytest.fixture(autouse=True)
def loaded_store(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[KnowledgeStore]:
    load_knowledge(settings, environ={})
    monkeypatch.setenv(ENV_DATABASE_URL, settings.database_url)
    actions.store.cache_clear()
    yield actions.store()
    actions.store.cache_clear()


def ranking(*scored: tuple[str, float]) -> dict[str, Any]:
    return {
        "ask_learning": {
            "ranking": [
                {"intent_response_key": f"ask_learning/{key}", "confidence": confidence}
                for key, confidence in scored
            ]
        }
    }


def tracker(
    text: str,
    intent: str = "ask_learning",
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    **parse: Any,
) -> Tracker:
    """The tracker as the action server receives it: `events` are the turns before this one,
    and the latest message is appended as the last user event."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "intent_ranking": parse.pop("intent_ranking", [{"name": intent, "confidence": 1.0}]),
        "entities": entities or [],
        **parse,
    }
    history = [*(events or []), {"event": "user", "text": text, "parse_data": latest}]
    return Tracker("practitioner", slots or {}, latest, history, False, None, {}, "action_listen")


def turn(
    text: str, messages: list[dict[str, Any]], events: list[Any], **parse: Any
) -> list[dict[str, Any]]:
    """One earlier turn as tracker events: the user's message, the assistant's messages (with
    their buttons) and the events its actions returned."""
    user = {"event": "user", "text": text, "parse_data": {"text": text, **parse}}
    bot = [
        {"event": "bot", "text": m.get("text"), "data": {"buttons": m.get("buttons") or []}}
        for m in messages
    ]
    slots = [
        {"event": "slot", "name": e["name"], "value": e["value"]}
        for e in events
        if e.get("event") == "slot"
    ]
    return [user, {"event": "action", "name": "action_listen"}, *bot, *slots]


def run(action: Action, current: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    return run_action(action, current, DOMAIN)


def test_a_confident_question_gets_a_short_answer_with_the_rest_one_tap_away() -> None:
    messages, events = run(
        actions.ActionAnswerLearning(),
        tracker(
            "mum says yes to everything but nothing changes",
            response_selector=ranking(("disguised-compliance", 0.61), ("chronic-neglect", 0.1)),
        ),
    )
    assert len(messages) == 1
    text = messages[0]["text"]
    assert text.startswith("**Disguised Compliance")
    assert "What to do:" in text
    assert text.endswith("Source: SEND audit 2016-17, Case 3 (Caryn).")
    assert answers.word_count(text) <= answers.FIRST_MESSAGE_WORDS + 10
    # the reflective questions and services are behind buttons, not in the first message
    assert "Do you flag disguised compliance in supervision?" not in text
    titles = [button["title"] for button in messages[0]["buttons"]]
    assert (
        titles[:2] == ["Reflective questions", "Services and contacts"]
        or "Reflective questions" in titles
    )
    assert {"How do I escalate?", "Was this helpful? Yes", "No, not helpful"} <= set(titles)
    payloads = {b["title"]: b["payload"] for b in messages[0]["buttons"]}
    assert payloads["Reflective questions"] == '/more_prompts{"key_message":"disguised-compliance"}'
    assert events == [
        SlotSet("key_message", "disguised-compliance"),
        SlotSet("context", "answered"),
    ]


def test_services_button_gives_contact_details_exactly() -> None:
    messages, _ = run(
        actions.ActionShowServices(),
        tracker(
            "/show_services",
            "show_services",
            entities=[{"entity": "key_message", "value": "children-witnessing-domestic-abuse"}],
        ),
    )
    text = all_text(messages)
    assert "phone 020 7683 1270" in text
    assert "email info@niaendingviolence.org.uk" in text
    assert "Source: SEND audit 2016-17, Case 2 (Barak)." in text


def test_all_steps_button_gives_every_action() -> None:
    with actions.store().session() as session:
        message = actions.store().key_message(session, "access-to-services")
        assert message is not None
        expected = list(message.actions)
    messages, _ = run(
        actions.ActionMoreActions(),
        tracker(
            "/more_actions",
            "more_actions",
            entities=[{"entity": "key_message", "value": "access-to-services"}],
        ),
    )
    for action in expected:
        assert action in all_text(messages)


def test_low_confidence_offers_the_top_candidates_as_buttons() -> None:
    messages, events = run(
        actions.ActionAnswerLearning(),
        tracker(
            "hmm appointments",
            response_selector=ranking(
                ("not-brought-to-appointments", 0.12),
                ("disguised-compliance", 0.11),
                ("chronic-neglect", 0.1),
                ("young-carers", 0.05),
            ),
        ),
    )
    assert events == [SlotSet("context", "candidates")]
    assert "can't help" in messages[0]["text"]
    assert 'The closest is "Non-attendance at services": ' in messages[0]["text"]
    assert [b["title"] for b in messages[0]["buttons"]] == [
        "Non-attendance at services",
        "Disguised Compliance and Chaotic Families",
        "Chronic Neglect",
        "None of these",
    ]
    assert (
        messages[0]["buttons"][0]["payload"]
        == '/ask_learning{"key_message":"not-brought-to-appointments"}'
    )


def test_reflective_questions_button_gives_every_question() -> None:
    messages, _ = run(
        actions.ActionMorePrompts(),
        tracker("/more_prompts", "more_prompts", slots={"key_message": "disguised-compliance"}),
    )
    text = all_text(messages)
    assert "Are you confident in challenging parents around engagement with services?" in text
    assert (
        "Do you re-refer families to CSC when they are not engaging with universal services?"
        in text
    )
    assert "Do you flag disguised compliance in supervision?" in text


def answered(key_message: str, question: str = "a question", **parse: Any) -> list[dict[str, Any]]:
    """The events of a turn in which the assistant answered with this key message."""
    messages, events = run(
        actions.ActionAnswerLearning(),
        tracker(question, entities=[{"entity": "key_message", "value": key_message}]),
    )
    return turn(question, messages, events, **parse)


def test_feedback_is_stored_anonymously_on_an_answered_key_message(
    loaded_store: KnowledgeStore,
) -> None:
    history = answered("young-carers")
    messages, _ = run(
        actions.ActionRecordFeedback(),
        tracker(
            "/feedback_helpful",
            "feedback_helpful",
            entities=[{"entity": "key_message", "value": "young-carers"}],
            events=history,
        ),
    )
    assert "recorded anonymously" in all_text(messages)
    run(
        actions.ActionRecordFeedback(),
        tracker(
            "not really helpful",
            "feedback_not_helpful",
            slots={"key_message": "young-carers"},
            events=history,
        ),
    )
    with loaded_store.session() as session:
        assert loaded_store.feedback_counts(session) == {"young-carers": (1, 1)}


@pytest.mark.parametrize("intent", ["feedback_helpful", "feedback_not_helpful"])
@pytest.mark.parametrize("key_message", ["<script>x</script>", "young-carers", "no-such-message"])
def test_forged_feedback_is_never_stored(
    loaded_store: KnowledgeStore, intent: str, key_message: str
) -> None:
    """Typed payloads can name anything; only a key message this conversation was answered
    with (here: disguised compliance) may be recorded."""
    history = answered("disguised-compliance")
    messages, _ = run(
        actions.ActionRecordFeedback(),
        tracker(
            f'/{intent}{{"key_message": "{key_message}"}}',
            intent,
            entities=[{"entity": "key_message", "value": key_message}],
            events=history,
        ),
    )
    assert messages, "feedback always gets a reply"
    assert "recorded" not in all_text(messages)
    with loaded_store.session() as session:
        assert loaded_store.feedback_counts(session) == {}


def test_not_helpful_asks_what_was_missing_and_offers_the_next_closest() -> None:
    question_ranking = ranking(
        ("young-carers", 0.5), ("siblings-lived-experience", 0.2), ("wider-family-network", 0.1)
    )
    history = answered(
        "young-carers", "child does all the caring at home", response_selector=question_ranking
    )
    messages, events = run(
        actions.ActionRecordFeedback(),
        tracker(
            "not really helpful",
            "feedback_not_helpful",
            slots={"key_message": "young-carers"},
            events=history,
        ),
    )
    assert "What were you looking for?" in messages[0]["text"]
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[:2] == ["Wider family: lived experience of siblings", "Wider family"]
    assert "Consideration of Young Carers" not in titles
    assert events == [SlotSet("context", "asked_what_missing")]


def test_urgent_advice_gives_999_and_the_configured_contacts() -> None:
    messages, events = run(
        actions.ActionUrgentAdvice(), tracker("she's scared to go home tonight", "immediate_risk")
    )
    text = all_text(messages)
    assert text.startswith("**If a child is in immediate danger, call 999 now.**")
    assert "020 8356 5500" in text and "020 8356 2710" in text and "020 7332 3621" in text
    assert events == [SlotSet("context", "urgent")]


def urgent_turn() -> list[dict[str, Any]]:
    messages, events = run(
        actions.ActionUrgentAdvice(), tracker("he burns him with cigarettes", "immediate_risk")
    )
    return turn("he burns him with cigarettes", messages, events)


@pytest.mark.parametrize(
    ("action", "text", "intent"),
    [
        (
            actions.ActionAnswerLearning(),
            "school finishes in 20 mins, do i let him go home??",
            "ask_learning",
        ),
        (actions.ActionOfferCandidates(), "what do I do now", "nlu_fallback"),
        (actions.ActionCoreFallback(), "what number do I call", "nlu_fallback"),
        (actions.ActionOutOfScope(), "what number do I call", "out_of_scope"),
        (actions.ActionAcknowledge(), "right", "acknowledge"),
        (actions.ActionAcknowledge(), "ok", "affirm"),
    ],
)
def test_after_urgent_advice_follow_ups_stay_urgent(action: Any, text: str, intent: str) -> None:
    messages, events = run(
        action,
        tracker(
            text,
            intent,
            events=urgent_turn(),
            response_selector=ranking(("recording-wishes-and-feelings", 0.6)),
        ),
    )
    reply = all_text(messages)
    assert "999" in reply and "020 8356 5500" in reply
    assert "Case Recording" not in reply
    assert events == [SlotSet("context", "urgent")]


def test_a_button_after_urgent_advice_moves_on() -> None:
    messages, _ = run(
        actions.ActionAnswerLearning(),
        tracker(
            '/ask_learning{"key_message":"young-carers"}',
            events=urgent_turn(),
            entities=[{"entity": "key_message", "value": "young-carers"}],
        ),
    )
    assert "Young Carers" in all_text(messages)
    assert "999" not in all_text(messages)


@pytest.mark.parametrize(
    ("intent", "history", "expected"),
    [
        ("acknowledge", [], "Ask me a practice question"),
        ("affirm", [], "Ask me a practice question"),
        ("deny", "answered", "What were you looking for?"),
        ("affirm", "answered", "Thank you, your feedback has been recorded anonymously."),
        ("acknowledge", "answered", "Anything else on Consideration of Young Carers?"),
        ("affirm", "candidates", "Which one?"),
        ("deny", "candidates", "utter_ask_rephrase"),
        ("acknowledge", "neutral", "Ask me another practice question"),
    ],
)
def test_acknowledgements_are_answered_in_context(intent: str, history: Any, expected: str) -> None:
    events: list[dict[str, Any]] = []
    slots: dict[str, Any] = {}
    if history == "answered":
        events, slots = answered("young-carers"), {"key_message": "young-carers"}
    elif history == "candidates":
        messages, returned = run(
            actions.ActionOfferCandidates(),
            tracker(
                "hmm",
                "nlu_fallback",
                response_selector=ranking(("young-carers", 0.1), ("chronic-neglect", 0.09)),
            ),
        )
        events = turn("hmm", messages, returned, response_selector=ranking(("young-carers", 0.1)))
    elif history == "neutral":
        events = turn("hello", [{"text": "Hello."}], [])
    messages, _ = run(
        actions.ActionAcknowledge(), tracker("yes", intent, slots=slots, events=events)
    )
    assert len(messages) == 1
    assert expected in (messages[0].get("text") or messages[0].get("response") or "")


def test_start_again_forgets_everything() -> None:
    messages, events = run(actions.ActionStartAgain(), tracker("start again", "start_again"))
    assert "start again" in all_text(messages)
    assert events == [AllSlotsReset()]


def test_good_practice_is_found_by_topic_with_its_case() -> None:
    messages, _ = run(
        actions.ActionGoodPractice(),
        tracker("any good practice on using interpreters", "good_practice"),
    )
    text = all_text(messages)
    assert "online interpreting service" in text
    assert "(Source: Mental health audit 2019/20, Case 2.)" in text


def test_good_practice_by_abbreviation_uses_the_glossary() -> None:
    messages, _ = run(
        actions.ActionGoodPractice(), tracker("examples of good practice with dv", "good_practice")
    )
    assert "Domestic Violence Intervention Project" in all_text(messages)


def test_good_practice_without_a_topic_offers_the_cases_not_a_wall_of_text() -> None:
    messages, _ = run(
        actions.ActionGoodPractice(), tracker("good practice examples", "good_practice")
    )
    assert answers.word_count(all_text(messages)) < 60
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "Case 5 (Erika), SEND audit 2016-17" in titles
    case_messages, _ = run(
        actions.ActionGoodPractice(),
        tracker(
            '/good_practice{"case":"send-erika"}',
            "good_practice",
            entities=[{"entity": "case", "value": "send-erika"}],
        ),
    )
    assert "Team Around the Child (TAC)" in all_text(case_messages)
    assert "Source: SEND audit 2016-17, Case 5 (Erika)." in all_text(case_messages)


def test_identifying_details_get_a_warning_then_the_answer() -> None:
    messages, events = run(
        actions.ActionPrivacyWarning(),
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
    assert "Amelia" not in all_text(messages)
    assert "information sharing between professionals is normal practice" in all_text(messages[1:])
    assert events == [
        SlotSet("key_message", "non-compliant-parents-information-sharing"),
        SlotSet("context", "answered"),
    ]


def test_identifying_details_with_a_case_question_describe_the_case() -> None:
    messages, _ = run(
        actions.ActionPrivacyWarning(),
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


def test_the_privacy_hand_over_matches_the_rules() -> None:
    rules = {}
    for path in (PROJECT_ROOT / "data").glob("*/rules.yml"):
        for rule in yaml.safe_load(path.read_text())["rules"]:
            steps = rule["steps"]
            if len(steps) >= 2 and "intent" in steps[0] and "action" in steps[1]:
                rules[steps[0]["intent"]] = steps[1]["action"]
    for intent, action in ACTION_FOR_INTENT.items():
        assert rules.get(intent) == action, intent


def test_identifying_details_with_a_greeting_still_get_the_greeting() -> None:
    messages, _ = run(
        actions.ActionPrivacyWarning(),
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
    messages, _ = run(actions.ActionDescribeCase(), tracker(text, "ask_case"))
    assert expected in all_text(messages)


def test_an_ambiguous_case_number_lists_the_cases() -> None:
    messages, _ = run(actions.ActionDescribeCase(), tracker("tell me about case 2", "ask_case"))
    assert all_text(messages).startswith("Which case?")


def test_audit_description_names_its_cases() -> None:
    messages, _ = run(
        actions.ActionDescribeAudit(), tracker("what did the SEND audit find", "ask_audit")
    )
    text = all_text(messages)
    assert "Case 1 (Adam), Case 2 (Barak), Case 3 (Caryn), Case 4 (Deshawn), Case 5 (Erika)" in text
    assert len(messages[0]["buttons"]) == 15


def test_browse_lists_themes_then_a_theme_lists_its_messages() -> None:
    overview, _ = run(actions.ActionBrowseTopics(), tracker("show me the topics", "browse_topics"))
    assert len(overview[0]["buttons"]) == 10
    theme, _ = run(
        actions.ActionBrowseTopics(),
        tracker(
            "/browse_topics", "browse_topics", entities=[{"entity": "theme", "value": "neglect"}]
        ),
    )
    assert [b["title"] for b in theme[0]["buttons"]] == ["Chronic Neglect"]


def test_the_escalate_button_starts_the_route_finder_whose_route_cites_the_policy() -> None:
    """How do I escalate? now starts escalation_form (tests/test_escalation.py covers it);
    its route for a stuck care plan still ends with the Independent Chair and cites Adam."""
    from actions.escalation import ActionEscalationRoute, guide

    guide.cache_clear()
    messages, _ = run(
        ActionEscalationRoute(),
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


def test_identifying_details_with_an_escalation_question_give_the_routes_overview() -> None:
    messages, _ = run(
        actions.ActionPrivacyWarning(),
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
    assert "Independent Chair" in all_text(messages[1:])


def test_fallback_with_a_named_case_describes_the_case() -> None:
    messages, _ = run(
        actions.ActionOfferCandidates(),
        tracker(
            "what was the adam case in the send audit about?",
            "nlu_fallback",
            intent_ranking=[
                {"name": "nlu_fallback", "confidence": 0.4},
                {"name": "ask_audit", "confidence": 0.38},
            ],
            response_selector=ranking(("recording-wishes-and-feelings", 0.1)),
        ),
    )
    assert "Source: SEND audit 2016-17, Case 1 (Adam)." in all_text(messages)


def test_fallback_answers_when_only_the_intent_hesitated() -> None:
    clear = ranking(("young-carers", 0.8), ("wider-family-network", 0.05))
    messages, events = run(
        actions.ActionOfferCandidates(),
        tracker(
            "13 yr old does all the caring for mum",
            "nlu_fallback",
            intent_ranking=[
                {"name": "nlu_fallback", "confidence": 0.4},
                {"name": "ask_learning", "confidence": 0.38},
            ],
            response_selector=clear,
        ),
    )
    assert events == [SlotSet("key_message", "young-carers"), SlotSet("context", "answered")]
    hesitant = ranking(("young-carers", 0.3), ("wider-family-network", 0.25))
    messages, events = run(
        actions.ActionOfferCandidates(),
        tracker(
            "caring",
            "nlu_fallback",
            intent_ranking=[
                {"name": "nlu_fallback", "confidence": 0.4},
                {"name": "ask_learning", "confidence": 0.38},
            ],
            response_selector=hesitant,
        ),
    )
    assert (
        events == [SlotSet("context", "candidates")]
        and messages[0]["buttons"][-1]["title"] == "None of these"
    )


def test_what_link_says_plainly_there_is_none_yet_and_invents_nothing() -> None:
    messages, _ = run(
        actions.ActionShowLinks(),
        tracker("what link?", "ask_link", slots={"key_message": "young-carers"}),
    )
    text = all_text(messages)
    assert (
        "Hackney Young Carers Project: No contact yet: its link was left blank in the audit" in text
    )
    assert "http" not in text
    messages, _ = run(
        actions.ActionShowLinks(),
        tracker(
            "what link?", "ask_link", slots={"key_message": "children-witnessing-domestic-abuse"}
        ),
    )
    assert "020 7683 1270" in all_text(messages)
