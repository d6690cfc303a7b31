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

KEY_MESSAGE_SLOT = "key_message"
"""The key message the conversation is about; also the entity that buttons carry."""
THEME_ENTITY = "theme"

ESCALATION_POLICY_SERVICE = "escalation-policy"
"""The service id of the partnership's escalation policy, which escalation advice gathers."""

ACTION_FOR_INTENT = {
    LEARNING_INTENT: "action_answer_learning",
    ASK_CASE_INTENT: "action_describe_case",
    ASK_AUDIT_INTENT: "action_describe_audit",
    BROWSE_INTENT: "action_browse_topics",
    "good_practice": "action_good_practice",
    HOW_TO_ESCALATE_INTENT: "action_escalation_advice",
}
"""What the rules run for each intent answered by a custom action, so the privacy warning can
hand over to it (tests/test_actions.py checks this against data/*/rules.yml)."""
