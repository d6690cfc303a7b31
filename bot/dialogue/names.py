"""Intent, slot, entity and action names shared by the NLU component, actions and tests."""

from __future__ import annotations

LEARNING_INTENT = "ask_learning"
"""The retrieval intent: one response key per key message, `ask_learning/<key message id>`."""
IMMEDIATE_RISK_INTENT = "immediate_risk"
IDENTIFIERS_INTENT = "share_personal_details"
FALLBACK_INTENT = "nlu_fallback"
MORE_PROMPTS_INTENT = "more_prompts"
RELATED_INTENT = "related_messages"
FEEDBACK_HELPFUL_INTENT = "feedback_helpful"
FEEDBACK_NOT_HELPFUL_INTENT = "feedback_not_helpful"
NONE_OF_THESE_INTENT = "none_of_these"
HOW_TO_ESCALATE_INTENT = "how_to_escalate"
BROWSE_INTENT = "browse_topics"
ASK_CASE_INTENT = "ask_case"
ASK_AUDIT_INTENT = "ask_audit"
AFFIRM_INTENT = "affirm"
DENY_INTENT = "deny"
ACKNOWLEDGE_INTENT = "acknowledge"
"""ok, cool, right, got it: answered in the context of the assistant's last turn."""
START_AGAIN_INTENT = "start_again"
RECORDS_INTENT = "ask_records"
"""A request to look up or check records, which the assistant has no access to."""
MORE_ACTIONS_INTENT = "more_actions"
SERVICES_INTENT = "show_services"
LINK_INTENT = "ask_link"
GREET_INTENT = "greet"
THANK_INTENT = "thank"

KEY_MESSAGE_SLOT = "key_message"
"""The key message the conversation is about; also the entity that buttons carry."""
THEME_ENTITY = "theme"
CASE_ENTITY = "case"
"""A case id, carried by the good-practice buttons."""
AUDIT_SLOT = "audit"
"""The audit the conversation last described, so "and case 4?" needs no audit name."""
IDENTIFIER_KINDS = "identifier_kinds"
"""In the NLU parse output: the kinds of identifier a message held (never their text)."""
CONTEXT_SLOT = "context"
"""What the assistant's last turn left open (bot.dialogue.context.Context), set by the actions."""

ACTION_ANSWER_LEARNING = "action_answer_learning"
ACTION_OFFER_CANDIDATES = "action_offer_candidates"
ACTION_CORE_FALLBACK = "action_core_fallback"
ACTION_ACKNOWLEDGE = "action_acknowledge"
ACTION_URGENT_ADVICE = "action_urgent_advice"
ACTION_OUT_OF_SCOPE = "action_out_of_scope"
ACTION_START_AGAIN = "action_start_again"
ACTION_RECORD_FEEDBACK = "action_record_feedback"


# The escalation route finder (bot/dialogue/escalation.py, actions/escalation.py, data/escalation/).
ESCALATION_FORM = "escalation_form"
ESCALATION_SITUATION_SLOT = "escalation_situation"
"""An escalation route id; also the entity that the situation buttons carry."""
ESCALATION_TRIED_SLOT = "escalation_tried"
"""An escalation_tried id (what the practitioner has already done); also a button entity."""
ESCALATION_FAILURES_SLOT = "escalation_failures"
"""How many answers in a row the form could not understand."""
ESCALATION_CHANGE_ENTITY = "escalation_slot"
"""Which answer a change button resets: the name of one of the two slots above."""
REQUESTED_SLOT = "requested_slot"
CHOOSE_SITUATION_INTENT = "choose_situation"
CHOOSE_TRIED_INTENT = "choose_tried"
CHANGE_ANSWER_INTENT = "change_answer"
STOP_INTENT = "stop"
GOODBYE_INTENT = "goodbye"
SHOW_ROUTES_INTENT = "show_escalation_routes"
HANDOUT_INTENT = "escalation_handout"
ROUTE_PROMPTS_INTENT = "escalation_prompts"
OUT_OF_SCOPE_INTENT = "out_of_scope"
HELP_INTENT = "help"
GOOD_PRACTICE_INTENT = "good_practice"
ACTION_VALIDATE_ESCALATION_FORM = "validate_escalation_form"
ACTION_ASK_ESCALATION_SITUATION = "action_ask_escalation_situation"
ACTION_ASK_ESCALATION_TRIED = "action_ask_escalation_tried"
ACTION_ESCALATION_ROUTE = "action_escalation_route"
ACTION_STOP_ESCALATION = "action_stop_escalation"
ACTION_CHANGE_ESCALATION_ANSWER = "action_change_escalation_answer"
ACTION_ESCALATION_OVERVIEW = "action_escalation_overview"
ACTION_ESCALATION_HANDOUT = "action_escalation_handout"
ACTION_ESCALATION_PROMPTS = "action_escalation_prompts"

ACTION_FOR_INTENT = {
    LEARNING_INTENT: ACTION_ANSWER_LEARNING,
    OUT_OF_SCOPE_INTENT: ACTION_OUT_OF_SCOPE,
    AFFIRM_INTENT: ACTION_ACKNOWLEDGE,
    DENY_INTENT: ACTION_ACKNOWLEDGE,
    ACKNOWLEDGE_INTENT: ACTION_ACKNOWLEDGE,
    THANK_INTENT: ACTION_ACKNOWLEDGE,
    ASK_CASE_INTENT: "action_describe_case",
    ASK_AUDIT_INTENT: "action_describe_audit",
    BROWSE_INTENT: "action_browse_topics",
    GOOD_PRACTICE_INTENT: "action_good_practice",
    HOW_TO_ESCALATE_INTENT: ESCALATION_FORM,
    SHOW_ROUTES_INTENT: ACTION_ESCALATION_OVERVIEW,
}
"""What the rules run for each intent answered by a custom action, so the privacy warning can
hand over to it (tests/test_actions.py checks this against data/*/rules.yml)."""
