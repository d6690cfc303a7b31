"""An NLU step that declines what the audits do not cover, whatever the model guessed.

It runs after the classifiers and before the safety step, so a message suggesting
immediate risk still gets urgent advice first, and identifying details still get the warning.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.coverage import (
    ASIDE_MARGIN,
    MEANING_MARGIN,
    CoverageJudge,
    UncoveredTopic,
    asks_to_write_for_them,
    knowledge_judge,
)
from bot.encoder import FloatArray
from bot.names import (
    CHOOSE_OPTION_INTENT,
    COVERAGE_TOPIC_ENTITY,
    FALLBACK_INTENT,
    HOW_TO_ESCALATE_INTENT,
    IDENTIFIERS_INTENT,
    IMMEDIATE_RISK_INTENT,
    JOIN_WORKSHOP_INTENT,
    LEARNING_INTENT,
    LEAVE_WORKSHOP_INTENT,
    OUT_OF_COVERAGE_INTENT,
    OUT_OF_SCOPE_INTENT,
    WORKSHOP_ANSWER_INTENT,
)
from bot.safeguards.nlu_components import (
    ORIGINAL_TEXT,
    RuleComponent,
    is_payload,
    message_vector,
    override_intent,
)
from bot.settings import load_settings

KEPT_INTENTS = frozenset(
    {
        IMMEDIATE_RISK_INTENT,
        IDENTIFIERS_INTENT,
        WORKSHOP_ANSWER_INTENT,
        JOIN_WORKSHOP_INTENT,
        LEAVE_WORKSHOP_INTENT,
        CHOOSE_OPTION_INTENT,
    }
)
"""A workshop participant's reflection or a quiz answer may name any topic: it stays one."""
BY_MEANING = frozenset(
    {LEARNING_INTENT, FALLBACK_INTENT, HOW_TO_ESCALATE_INTENT, OUT_OF_SCOPE_INTENT}
)
"""A practice question, nothing the model could place, or what it read as out of scope:
meaning alone may decline it. A safeguarding worry is never out of scope ("her brothers will
punish her for shaming the family" read as out of scope got "I can only help with the
learning"): near a topic the audits leave out, it is declined naming the topic and where to
look; far from every topic (`MEANING_FLOOR`), or not clearly nearer one than the audits
(`ASIDE_MARGIN`), "what time does the canteen open" keeps its out-of-scope reply. Any
other intent is a move on the last turn, a request for contacts or a case, or danger, and only
a topic's own words decline it ("how do I claim mileage on the council expenses system" is not
about voluntary accommodation; "whats the out of hours number" is not about timescales; a
danger description near safe sleep gets urgent advice, not "the audits do not cover safe
sleep"). Leaving one set out on sets A-E (python -m bot nlu coverage-loso, 2026-12-05),
meaning beyond these intents declined 7 more of 280 held-out out-of-coverage questions (each
read as danger after the safety step, whose intent that measure sees) but wrongly 6 more
topic, case and risk-practice questions and conversation turns, and 90 more contact requests
and danger descriptions."""


def judged_topic(
    judge: CoverageJudge, text: str, intent: str | None, vector: FloatArray | None = None
) -> UncoveredTopic | None:
    """The topic the coverage step names for a message the model gave `intent` (the step
    itself and `python -m bot nlu coverage-loso` both ask this)."""
    if intent in KEPT_INTENTS and intent not in NAMED_WITH:
        return None
    margin = ASIDE_MARGIN if intent == OUT_OF_SCOPE_INTENT else MEANING_MARGIN
    return judge.topic(text, intent in BY_MEANING, vector, margin)


COVERAGE_SAW = "rpa_coverage_intent"
"""The intent the coverage step judged by, in the parse output: the steps after it (the safety
step) may override the intent again, and `python -m bot nlu coverage-loso` must replay the
coverage step's own decision ("what is Clare's Law" read as a name by the safety step is a
share_personal_details parse, but the coverage step saw ask_learning)."""
NAMED_WITH = frozenset({IMMEDIATE_RISK_INTENT})
"""Danger stays danger, but its topic is named too: the urgent advice is followed by the
decline (actions/safety.py), whichever step saw the danger first."""


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CoverageFlagger(RuleComponent, IntentClassifier):
    """Overrides the intent with outside_coverage, and names the topic as an entity, when
    the message is about a topic of knowledge/uncovered_topics.yml (read when Rasa starts;
    the sentence vectors of the topics and of the audits' lines come from var/encoded)."""

    def __init__(self, topics: list[UncoveredTopic] | None = None) -> None:
        self.judge = knowledge_judge(load_settings().knowledge_dir, topics)

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(ORIGINAL_TEXT) or message.get(TEXT) or ""
            intent = (message.get(INTENT) or {}).get("name")
            message.set(COVERAGE_SAW, intent, add_to_output=True)
            if is_payload(text) or (intent in KEPT_INTENTS and intent not in NAMED_WITH):
                continue
            if intent not in NAMED_WITH and asks_to_write_for_them(text):
                # a cover letter or a poem: "I can't help with that", whatever it names
                override_intent(message, OUT_OF_SCOPE_INTENT)
                continue
            # the safety step after this one reads the same vector when the text is the same
            # (no identifier masked): a message is encoded once
            vector = message_vector(message, text)
            topic = judged_topic(self.judge, text, intent, vector)
            if topic is None:
                continue
            if intent not in NAMED_WITH:
                override_intent(message, OUT_OF_COVERAGE_INTENT)
            entity = {
                "entity": COVERAGE_TOPIC_ENTITY,
                "value": topic.id,
                "extractor": type(self).__name__,
            }
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages
