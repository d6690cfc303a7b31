"""Custom actions, run with rasa-sdk's real dispatcher and tracker against a loaded database."""
from __future__ import annotations

from typing import Any, Iterator

import pytest
from rasa_sdk import Action, Tracker
import yaml
from rasa_sdk.events import SlotSet

from actions import actions
from bot.names import ACTION_FOR_INTENT
from bot.settings import ENV_DATABASE_URL, PROJECT_ROOT, Settings
from bot.store import KnowledgeStore, load_knowledge
from support import all_text, run_action

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


def tracker(text: str, intent: str = "ask_learning", slots: dict[str, Any] | None = None,
            entities: list[dict[str, Any]] | None = None, **parse: Any) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "intent_ranking": parse.pop("intent_ranking", [{"name": intent, "confidence": 1.0}]),
        "entities": entities or [],
        **parse,
    }
    return Tracker("practitioner", slots or {}, latest, [], False, None, {}, "action_listen")


def run(action: Action, current: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    return run_action(action, current, DOMAIN)


def test_a_confident_question_gets_the_key_message_prompts_signposts_and_source() -> None:
    messages, events = run(
        actions.ActionAnswerLearning(),
        tracker("mum says yes to everything but nothing changes",
                response_selector=ranking(("disguised-compliance", 0.61), ("chronic-neglect", 0.1))),
    )
    text = all_text(messages)
    assert "Disguised Compliance" in text
    assert "Do you flag disguised compliance in supervision?" in text
    assert "Source: SEND audit 2016-17, Case 3 (Caryn)." in text
    assert "Where to go:" in text
    titles = [button["title"] for button in messages[-1]["buttons"]]
    assert titles[0] == "More reflective prompts"
    assert "How do I escalate?" in titles
    assert "Was this helpful? Yes" in titles
    assert messages[-1]["buttons"][0]["payload"] == '/more_prompts{"key_message":"disguised-compliance"}'
    assert events == [SlotSet("key_message", "disguised-compliance")]


def test_signposts_carry_contact_details_exactly() -> None:
    messages, _ = run(
        actions.ActionAnswerLearning(),
        tracker("x", entities=[{"entity": "key_message", "value": "children-witnessing-domestic-abuse"}]),
    )
    text = all_text(messages)
    assert "phone 020 7683 1270" in text
    assert "email info@niaendingviolence.org.uk" in text
    assert "Source: SEND audit 2016-17, Case 2 (Barak)." in text


def test_low_confidence_offers_the_top_candidates_as_buttons() -> None:
    messages, events = run(
        actions.ActionAnswerLearning(),
        tracker("hmm appointments", response_selector=ranking(
            ("not-brought-to-appointments", 0.12), ("disguised-compliance", 0.11),
            ("chronic-neglect", 0.1), ("young-carers", 0.05))),
    )
    assert events == []
    assert "can't help" in messages[0]["text"]
    assert 'The closest is "Non-attendance at services": ' in messages[0]["text"]
    assert [b["title"] for b in messages[0]["buttons"]] == [
        "Non-attendance at services", "Disguised Compliance and Chaotic Families",
        "Chronic Neglect", "None of these",
    ]
    assert messages[0]["buttons"][0]["payload"] == '/ask_learning{"key_message":"not-brought-to-appointments"}'


def test_more_prompts_gives_the_questions_not_yet_shown() -> None:
    messages, _ = run(actions.ActionMorePrompts(), tracker("/more_prompts", "more_prompts",
                                                           slots={"key_message": "disguised-compliance"}))
    text = all_text(messages)
    assert "Are you confident in challenging parents around engagement with services?" in text
    assert "Do you re-refer families to CSC when they are not engaging with universal services?" in text
    assert "Do you flag disguised compliance in supervision?" not in text


def test_feedback_is_stored_anonymously_with_the_key_message(loaded_store: KnowledgeStore) -> None:
    run(actions.ActionRecordFeedback(), tracker(
        "/feedback_helpful", "feedback_helpful",
        entities=[{"entity": "key_message", "value": "young-carers"}]))
    run(actions.ActionRecordFeedback(), tracker("/feedback_not_helpful", "feedback_not_helpful",
                                                slots={"key_message": "young-carers"}))
    with loaded_store.session() as session:
        assert loaded_store.feedback_counts(session) == {"young-carers": (1, 1)}


def test_urgent_advice_gives_999_and_the_configured_contacts() -> None:
    messages, _ = run(actions.ActionUrgentAdvice(), tracker("she's scared to go home tonight", "immediate_risk"))
    text = all_text(messages)
    assert text.startswith("If a child is in immediate danger, call 999 now.")
    assert "020 8356 5500" in text and "020 8356 2710" in text and "020 7332 3621" in text


def test_identifying_details_get_a_warning_then_the_answer() -> None:
    messages, events = run(
        actions.ActionPrivacyWarning(),
        tracker(
            "Amelia Smith DOB 14/02/2015 - her dad won't let us share info",
            "share_personal_details",
            intent_ranking=[{"name": "share_personal_details", "confidence": 1.0},
                            {"name": "ask_learning", "confidence": 0.9}],
            response_selector=ranking(("non-compliant-parents-information-sharing", 0.7)),
        ),
    )
    assert "Please do not include names" in messages[0]["text"]
    assert "a name and a date of birth" in messages[0]["text"]
    assert "Amelia" not in all_text(messages)
    assert "information sharing between professionals is normal practice" in all_text(messages[1:])
    assert events == [SlotSet("key_message", "non-compliant-parents-information-sharing")]


def test_identifying_details_with_a_case_question_describe_the_case() -> None:
    messages, _ = run(actions.ActionPrivacyWarning(), tracker(
        "re Jamie Okafor - tell me about the Erika case", "share_personal_details",
        intent_ranking=[{"name": "share_personal_details", "confidence": 1.0},
                        {"name": "ask_case", "confidence": 0.9}]))
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
    messages, _ = run(actions.ActionPrivacyWarning(), tracker(
        "hi I'm calling about Leah Brown", "share_personal_details",
        intent_ranking=[{"name": "share_personal_details", "confidence": 1.0},
                        {"name": "greet", "confidence": 0.8}]))
    assert "Please do not include names" in messages[0]["text"]
    assert messages[1]["response"] == "utter_greet"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tell me about the Erika case", "Source: SEND audit 2016-17, Case 5 (Erika)."),
        ("what did the audit find in deshawns case", "Source: SEND audit 2016-17, Case 4 (Deshawn)."),
        ("summary of mental health audit case three please", "Source: Mental health audit 2019/20, Case 3."),
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
    messages, _ = run(actions.ActionDescribeAudit(), tracker("what did the SEND audit find", "ask_audit"))
    text = all_text(messages)
    assert "Case 1 (Adam), Case 2 (Barak), Case 3 (Caryn), Case 4 (Deshawn), Case 5 (Erika)" in text
    assert len(messages[0]["buttons"]) == 15


def test_browse_lists_themes_then_a_theme_lists_its_messages() -> None:
    overview, _ = run(actions.ActionBrowseTopics(), tracker("show me the topics", "browse_topics"))
    assert len(overview[0]["buttons"]) == 10
    theme, _ = run(actions.ActionBrowseTopics(), tracker(
        "/browse_topics", "browse_topics", entities=[{"entity": "theme", "value": "neglect"}]))
    assert [b["title"] for b in theme[0]["buttons"]] == ["Chronic Neglect"]


def test_the_escalate_button_starts_the_route_finder_whose_route_cites_the_policy() -> None:
    """How do I escalate? now starts escalation_form (tests/test_escalation.py covers it);
    its route for a stuck care plan still ends with the Independent Chair and cites Adam."""
    from actions.escalation import ActionEscalationRoute, guide

    guide.cache_clear()
    messages, _ = run(ActionEscalationRoute(), tracker(
        "/choose_tried", "choose_tried",
        slots={"escalation_situation": "care-plan-not-progressing", "escalation_tried": "nothing-yet"}))
    text = all_text(messages)
    assert "Independent Chair" in text
    assert "SEND audit 2016-17, Case 1 (Adam)" in text


def test_identifying_details_with_an_escalation_question_give_the_routes_overview() -> None:
    messages, _ = run(actions.ActionPrivacyWarning(), tracker(
        "Jamie Okafor's social worker won't reply, how do I escalate", "share_personal_details",
        intent_ranking=[{"name": "share_personal_details", "confidence": 1.0},
                        {"name": "how_to_escalate", "confidence": 0.9}]))
    assert "Please do not include names" in messages[0]["text"]
    assert "Independent Chair" in all_text(messages[1:])


def test_fallback_with_a_named_case_describes_the_case() -> None:
    messages, _ = run(actions.ActionOfferCandidates(), tracker(
        "what was the adam case in the send audit about?", "nlu_fallback",
        intent_ranking=[{"name": "nlu_fallback", "confidence": 0.4},
                        {"name": "ask_audit", "confidence": 0.38}],
        response_selector=ranking(("recording-wishes-and-feelings", 0.1))))
    assert "Source: SEND audit 2016-17, Case 1 (Adam)." in all_text(messages)


def test_fallback_answers_when_only_the_intent_hesitated() -> None:
    clear = ranking(("young-carers", 0.8), ("wider-family-network", 0.05))
    messages, events = run(actions.ActionOfferCandidates(), tracker(
        "13 yr old does all the caring for mum", "nlu_fallback",
        intent_ranking=[{"name": "nlu_fallback", "confidence": 0.4},
                        {"name": "ask_learning", "confidence": 0.38}],
        response_selector=clear))
    assert events == [SlotSet("key_message", "young-carers")]
    hesitant = ranking(("young-carers", 0.3), ("wider-family-network", 0.25))
    messages, events = run(actions.ActionOfferCandidates(), tracker(
        "caring", "nlu_fallback",
        intent_ranking=[{"name": "nlu_fallback", "confidence": 0.4},
                        {"name": "ask_learning", "confidence": 0.38}],
        response_selector=hesitant))
    assert events == [] and messages[0]["buttons"][-1]["title"] == "None of these"
