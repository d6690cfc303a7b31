"""Every intent, entity, slot, form, response and action name of the domain, once, grouped by
the feature that declares it (data/<feature>/domain.yml), so Python never spells a name twice
and a test checks that this module and the domain agree both ways."""

from __future__ import annotations

# The assistant as a whole (domain.yml).
CONTEXT_SLOT = "context"
"""What the assistant's last turn left open (bot.dialogue.context.Context), set by actions."""
REQUESTED_SLOT = "requested_slot"
"""Rasa's own slot: which slot an active form asks for."""
ACTION_LISTEN = "action_listen"
"""Rasa's own action: wait for the user."""
FALLBACK_INTENT = "nlu_fallback"
"""Rasa's own intent, set by the FallbackClassifier (config.yml) when no intent is clear."""
IDENTIFIER_KINDS = "identifier_kinds"
"""In the NLU parse output: the kinds of identifier a message held (never their text)."""

# core: greetings, help, thanks, acknowledgements, starting again, out of scope.
GREET_INTENT = "greet"
GOODBYE_INTENT = "goodbye"
THANK_INTENT = "thank"
HELP_INTENT = "help"
OUT_OF_SCOPE_INTENT = "out_of_scope"
ACKNOWLEDGE_INTENT = "acknowledge"
"""ok, cool, right, got it: answered in the context of the assistant's last turn."""
AFFIRM_INTENT = "affirm"
DENY_INTENT = "deny"
START_AGAIN_INTENT = "start_again"
RECORDS_INTENT = "ask_records"
"""A request to look up or check records, which the assistant has no access to."""
ACTION_ACKNOWLEDGE = "action_acknowledge"
ACTION_OUT_OF_SCOPE = "action_out_of_scope"
# A safeguarding question the audits do not cover (knowledge/uncovered_topics.yml): set by
# bot.dialogue.coverage_component, never learnt, so it has no NLU examples.
OUT_OF_COVERAGE_INTENT = "outside_coverage"
COVERAGE_TOPIC_ENTITY = "coverage_topic"
ACTION_DECLINE_UNCOVERED = "action_decline_uncovered"
ACTION_START_AGAIN = "action_start_again"
UTTER_GREET = "utter_greet"
UTTER_HELP = "utter_help"
UTTER_OUT_OF_SCOPE = "utter_out_of_scope"
UTTER_GOODBYE = "utter_goodbye"
UTTER_THANK = "utter_thank"
UTTER_NO_RECORDS = "utter_no_records"

# learning: the key messages and their follow-ups.
LEARNING_INTENT = "ask_learning"
"""The retrieval intent: one response key per key message (see learning_label)."""
MORE_PROMPTS_INTENT = "more_prompts"
MORE_ACTIONS_INTENT = "more_actions"
SERVICES_INTENT = "show_services"
LINK_INTENT = "ask_link"
RELATED_INTENT = "related_messages"
FEEDBACK_HELPFUL_INTENT = "feedback_helpful"
FEEDBACK_NOT_HELPFUL_INTENT = "feedback_not_helpful"
FEEDBACK_REASON_INTENT = "feedback_reason"
"""Why an answer did not help, from a reason button only (bot.dialogue.answers.learning)."""
REASON_ENTITY = "reason"
KEY_MESSAGE_SLOT = "key_message"
"""The key message the conversation is about; also the entity that buttons carry."""
THEME_ENTITY = "theme"
ACTION_ANSWER_LEARNING = "action_answer_learning"
ACTION_MORE_PROMPTS = "action_more_prompts"
ACTION_MORE_ACTIONS = "action_more_actions"
ACTION_SHOW_SERVICES = "action_show_services"
ACTION_SHOW_LINKS = "action_show_links"
ACTION_RELATED_MESSAGES = "action_related_messages"
ACTION_RECORD_FEEDBACK = "action_record_feedback"
ACTION_RECORD_REASON = "action_record_reason"

# browse: the topics and good practice.
BROWSE_INTENT = "browse_topics"
GOOD_PRACTICE_INTENT = "good_practice"
ACTION_BROWSE_TOPICS = "action_browse_topics"
ACTION_GOOD_PRACTICE = "action_good_practice"

# cases: the audited cases and what each audit found.
ASK_CASE_INTENT = "ask_case"
ASK_AUDIT_INTENT = "ask_audit"
CASE_ENTITY = "case"
"""A case id, carried by the good-practice buttons."""
AUDIT_SLOT = "audit"
"""The audit the conversation last described, so "and case 4?" needs no audit name."""
ACTION_DESCRIBE_CASE = "action_describe_case"
ACTION_DESCRIBE_AUDIT = "action_describe_audit"

# fallback: unclear messages, and turns no rule fits.
NONE_OF_THESE_INTENT = "none_of_these"
ACTION_OFFER_CANDIDATES = "action_offer_candidates"
ACTION_CORE_FALLBACK = "action_core_fallback"
UTTER_ASK_REPHRASE = "utter_ask_rephrase"

# safety: immediate risk, and identifying details shared by mistake.
IMMEDIATE_RISK_INTENT = "immediate_risk"
IDENTIFIERS_INTENT = "share_personal_details"
ACTION_URGENT_ADVICE = "action_urgent_advice"
ACTION_PRIVACY_WARNING = "action_privacy_warning"
URGENT_CONTACTS_INTENT = "ask_urgent_contacts"
"""Asking whom to call now (set by the safety rules, not the model): the same first message
as immediate risk, the number that applies now."""
URGENT_INTENTS = frozenset({IMMEDIATE_RISK_INTENT, URGENT_CONTACTS_INTENT})
"""What the urgent advice answers, before anything an open activity or question would."""
ALL_URGENT_CONTACTS_INTENT = "all_urgent_contacts"
NOT_URGENT_INTENT = "not_urgent"
ACTION_ALL_URGENT_CONTACTS = "action_all_urgent_contacts"
ACTION_NOT_URGENT = "action_not_urgent"
DANGER_POSSIBLE = "danger_possible"
"""Set in the parse output when the rules, the model over danger examples or the classifier
see some sign of danger, even too little for the urgent advice: a message the assistant cannot
place gets the 999 line only then, and a message after urgent advice stays urgent."""
RISK_MENTIONED = "risk_mentioned"
"""Set in the parse output when a practice question mentions risk: its answer comes with one
line of urgent advice before it."""

# insights: what practitioners ask is for the insights page, not the chat.
INSIGHTS_INTENT = "ask_insights"
UTTER_ASK_INSIGHTS = "utter_ask_insights"

# escalation: the route finder.
ESCALATION_FORM = "escalation_form"
HOW_TO_ESCALATE_INTENT = "how_to_escalate"
SHOW_ROUTES_INTENT = "show_escalation_routes"
CHOOSE_SITUATION_INTENT = "choose_situation"
CHOOSE_TRIED_INTENT = "choose_tried"
CHANGE_ANSWER_INTENT = "change_answer"
STOP_INTENT = "stop"
HANDOUT_INTENT = "escalation_handout"
ROUTE_PROMPTS_INTENT = "escalation_prompts"
ESCALATION_SITUATION_SLOT = "escalation_situation"
"""An escalation route id; also the entity that the situation buttons carry."""
ESCALATION_TRIED_SLOT = "escalation_tried"
"""An escalation_tried id (what the practitioner has already done); also a button entity."""
ESCALATION_FAILURES_SLOT = "escalation_failures"
"""How many answers in a row the form could not understand."""
ESCALATION_CHANGE_ENTITY = "escalation_slot"
"""Which answer a change button resets: the name of one of the two slots above."""
ACTION_VALIDATE_ESCALATION_FORM = "validate_escalation_form"
ACTION_ASK_ESCALATION_SITUATION = "action_ask_escalation_situation"
ACTION_ASK_ESCALATION_TRIED = "action_ask_escalation_tried"
ACTION_ESCALATION_ROUTE = "action_escalation_route"
ACTION_STOP_ESCALATION = "action_stop_escalation"
ACTION_CHANGE_ESCALATION_ANSWER = "action_change_escalation_answer"
ACTION_ESCALATION_OVERVIEW = "action_escalation_overview"
ACTION_ESCALATION_HANDOUT = "action_escalation_handout"
ACTION_ESCALATION_PROMPTS = "action_escalation_prompts"
UTTER_ASK_CONTINUE_ESCALATION = "utter_ask_continue_escalation"

# activities: what a trainer uses, in the chat: case walk-throughs, quizzes, discussion
# questions, handouts and what to offer a workshop on an audit.
WALKTHROUGH_INTENT = "walk_through_case"
QUIZ_INTENT = "quiz_me"
CHOOSE_OPTION_INTENT = "choose_option"
"""An answer to a walk-through stage's or a quiz question's options (a button, or typed "b")."""
NEXT_STEP_INTENT = "next_step"
"""Go on with the walk-through or quiz: the reveal or answer if one is waiting, else the next."""
DISCUSSION_INTENT = "discussion_questions"
WORKSHOP_INTENT = "plan_workshop"
ASK_HANDOUT_INTENT = "ask_handout"
ACTIVITY_SLOT = "activity"
"""The walk-through or quiz in progress (bot.dialogue.activity.Activity, as a dict)."""
STAGE_ENTITY = "stage"
"""A walk-through stage id, carried by its option buttons."""
QUIZ_QUESTION_ENTITY = "quiz_question"
"""A quiz question id, carried by its option buttons."""
OPTION_ENTITY = "option"
"""An option's letter (A, B, ...) or "skip", carried by the option buttons."""
HANDOUT_KIND_ENTITY = "handout"
"""Which handout a button asks for (bot.web.urls.HandoutKind)."""
ACTION_WALK_THROUGH_CASE = "action_walk_through_case"
ACTION_QUIZ = "action_quiz"
ACTION_CHOOSE_OPTION = "action_choose_option"
ACTION_NEXT_STEP = "action_next_step"
ACTION_DISCUSSION_QUESTIONS = "action_discussion_questions"
ACTION_PLAN_WORKSHOP = "action_plan_workshop"
ACTION_HANDOUT = "action_handout"

# moves: conversation moves that lean on the last turn (bot/dialogue/moves.py), and what a
# local term stands for (bot/dialogue/terms.py).
MORE_INTENT = "ask_more"
"""More on that, go on, what else: the next part of whatever the last turn left open."""
DETAIL_INTENT = "ask_detail"
"""One detail of the last answer: a number, an email, the source."""
FOLLOW_UP_INTENT = "follow_up"
"""A pronoun, "one", "and if ...", "what about ...": a question on the last topic."""
CORRECTION_INTENT = "correction"
"""Sorry I meant ..., no the other one, the other audit."""
NEED_HELP_INTENT = "need_help"
"""A bare request for help ("what now?"): asked what is happening, with the main choices."""
TERM_INTENT = "ask_term"
"""What an abbreviation or local name stands for (knowledge/glossary.yml)."""
TERM_ENTITY = "term"
"""A glossary id, carried by a button."""
ANSWER_PART_SLOT = "answer_part"
"""Which part of the last answer "more on that" gave last (actions.moves.PARTS, by index)."""
ACTION_CONVERSATION_MOVE = "action_conversation_move"
ACTION_EXPLAIN_TERM = "action_explain_term"

# live_workshop: taking part in a live workshop by its code (bot/live_workshop/).
JOIN_WORKSHOP_INTENT = "join_workshop"
"""Also what the "Current question" button sends: the question the workshop is on now."""
WORKSHOP_ANSWER_INTENT = "workshop_answer"
LEAVE_WORKSHOP_INTENT = "leave_workshop"
WORKSHOP_CHOICE_ENTITY = "workshop_choice"
"""The option a workshop answer button carries, numbered from 0."""
WORKSHOP_STEP_ENTITY = "workshop_step"
"""The step a workshop answer button was for: an old button never answers a later step."""
WORKSHOP_CODE_SLOT = "workshop_code"
"""The join code of the workshop this conversation takes part in (no person is in it)."""
ACTION_JOIN_WORKSHOP = "action_join_workshop"
ACTION_WORKSHOP_ANSWER = "action_workshop_answer"
ACTION_LEAVE_WORKSHOP = "action_leave_workshop"


LEARNING_LABEL_PREFIX = f"{LEARNING_INTENT}/"


def learning_label(key_message_id: str) -> str:
    """A key message's retrieval label, as the NLU data and the response selector name it."""
    return LEARNING_LABEL_PREFIX + key_message_id


def key_message_of(label: str) -> str | None:
    """The key message id a retrieval label names, or None for any other label."""
    return (
        label.removeprefix(LEARNING_LABEL_PREFIX)
        if label.startswith(LEARNING_LABEL_PREFIX)
        else None
    )


ACTION_FOR_INTENT = {
    LEARNING_INTENT: ACTION_ANSWER_LEARNING,
    OUT_OF_SCOPE_INTENT: ACTION_OUT_OF_SCOPE,
    OUT_OF_COVERAGE_INTENT: ACTION_DECLINE_UNCOVERED,
    AFFIRM_INTENT: ACTION_ACKNOWLEDGE,
    DENY_INTENT: ACTION_ACKNOWLEDGE,
    ACKNOWLEDGE_INTENT: ACTION_ACKNOWLEDGE,
    THANK_INTENT: ACTION_ACKNOWLEDGE,
    ASK_CASE_INTENT: ACTION_DESCRIBE_CASE,
    ASK_AUDIT_INTENT: ACTION_DESCRIBE_AUDIT,
    BROWSE_INTENT: ACTION_BROWSE_TOPICS,
    GOOD_PRACTICE_INTENT: ACTION_GOOD_PRACTICE,
    HOW_TO_ESCALATE_INTENT: ESCALATION_FORM,
    SHOW_ROUTES_INTENT: ACTION_ESCALATION_OVERVIEW,
    WALKTHROUGH_INTENT: ACTION_WALK_THROUGH_CASE,
    QUIZ_INTENT: ACTION_QUIZ,
    DISCUSSION_INTENT: ACTION_DISCUSSION_QUESTIONS,
    WORKSHOP_INTENT: ACTION_PLAN_WORKSHOP,
    ASK_HANDOUT_INTENT: ACTION_HANDOUT,
    # A workshop answer with identifying details is warned about, then recorded minimised.
    JOIN_WORKSHOP_INTENT: ACTION_JOIN_WORKSHOP,
    WORKSHOP_ANSWER_INTENT: ACTION_WORKSHOP_ANSWER,
    TERM_INTENT: ACTION_EXPLAIN_TERM,
    FOLLOW_UP_INTENT: ACTION_CONVERSATION_MOVE,
    CORRECTION_INTENT: ACTION_CONVERSATION_MOVE,
    NEED_HELP_INTENT: ACTION_CONVERSATION_MOVE,
}
"""After the privacy warning, the question is still answered: the custom action the rules run
for its intent (a response named utter_<intent> otherwise)."""
NOT_HANDED_OVER = frozenset(
    {
        IMMEDIATE_RISK_INTENT,  # outranks identifiers in the NLU pipeline: never gets here
        URGENT_CONTACTS_INTENT,  # so does asking whom to call now
        ALL_URGENT_CONTACTS_INTENT,  # buttons
        NOT_URGENT_INTENT,
        IDENTIFIERS_INTENT,
        FALLBACK_INTENT,  # nothing understood: the warning alone
        NONE_OF_THESE_INTENT,
        START_AGAIN_INTENT,
        RECORDS_INTENT,  # its response is utter_no_records, not utter_ask_records
        # Follow-ups of a key message or a route: their buttons carry no typed text, and typed
        # ones with identifying details are rare enough for the warning alone.
        MORE_PROMPTS_INTENT,
        MORE_ACTIONS_INTENT,
        SERVICES_INTENT,
        LINK_INTENT,
        RELATED_INTENT,
        FEEDBACK_HELPFUL_INTENT,
        FEEDBACK_NOT_HELPFUL_INTENT,
        FEEDBACK_REASON_INTENT,
        CHOOSE_SITUATION_INTENT,
        CHOOSE_TRIED_INTENT,
        CHANGE_ANSWER_INTENT,
        STOP_INTENT,
        HANDOUT_INTENT,
        ROUTE_PROMPTS_INTENT,
        CHOOSE_OPTION_INTENT,  # a letter or a button: nothing to answer after the warning
        NEXT_STEP_INTENT,
        LEAVE_WORKSHOP_INTENT,
        MORE_INTENT,  # leans on the last answer: nothing of its own to answer after a warning
        DETAIL_INTENT,
    }
)
"""Intents the privacy warning does not answer after it; a test checks that every intent a rule
answers is in one of these two tables or has a response named utter_<intent>."""

FEEDBACK_REASONS = {
    "not-what-i-asked": "It answered something else",
    "not-enough-detail": "Not enough detail",
    "out-of-date": "It seems out of date",
}
"""Why an answer did not help, as buttons: the partnership's learning lead sees the counts."""
