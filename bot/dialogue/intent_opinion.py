"""A second opinion on the intent when the classifier hesitates: the nearest training example
by meaning (all-MiniLM-L6-v2, bot/encoder.py).

DIET's confidences on short messages sit near the FallbackClassifier's threshold (0.4), so a
retrain moves a few of them either side of it ("what audits do you know" was ask_audit at 0.65
with one model and fell back with the next). When the FallbackClassifier has given up, the
nearest example of data/**/nlu.yml decides: if it is close enough by meaning and its intent is
the one DIET itself ranked first, that intent is kept. It never picks an intent DIET did not
put first, and it never overrides a confident classifier: it only settles a hesitation.
Chosen by measurement on the released blind sets' short messages (README, "How it
understands"; config.yml has the figures).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.intent_examples import IntentExamples, Nearest, training_examples
from bot.names import FALLBACK_INTENT
from bot.safeguards.nlu_components import ORIGINAL_TEXT, RuleComponent, is_payload, message_vector

NEAR_ENOUGH = 0.6
"""The cosine similarity the nearest example needs to settle a hesitation (unrelated
sentences score about 0.0-0.2 with this encoder, paraphrases 0.7 and above)."""
DIET_PLACES = 1
"""How far down DIET's own ranking the nearest example's intent may be: 1, only DIET's
first. The nearest example alone chooses no intent the classifier did not put first."""


def settled_intent(ranking: Sequence[dict[str, Any]], nearest: Nearest | None) -> str | None:
    """The intent a hesitation settles on, or None to leave the fallback: the nearest example
    near enough, and its intent among DIET's first `DIET_PLACES` (the FallbackClassifier's
    own entry left out of the ranking)."""
    if nearest is None or nearest.similarity < NEAR_ENOUGH:
        return None
    diet = [entry.get("name") for entry in ranking if entry.get("name") != FALLBACK_INTENT]
    return nearest.intent if nearest.intent in diet[:DIET_PLACES] else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class NearestExampleIntent(RuleComponent, IntentClassifier):
    """Right after the FallbackClassifier: a message it gave up on keeps DIET's first intent
    when the nearest training example by meaning has that intent too."""

    def __init__(self, examples: IntentExamples | None = None) -> None:
        self.examples = examples or training_examples()

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if (message.get(INTENT) or {}).get("name") != FALLBACK_INTENT:
                continue
            text = message.get(ORIGINAL_TEXT) or message.get(TEXT) or ""
            if not text.strip() or is_payload(text):
                continue
            ranking = message.get(INTENT_RANKING_KEY) or []
            # the steps after this one read the same vector: a message is encoded once
            intent = settled_intent(ranking, self.examples.nearest(message_vector(message, text)))
            if intent is None:
                continue
            kept = next(entry for entry in ranking if entry.get("name") == intent)
            rest = [
                entry for entry in ranking if entry.get("name") not in (intent, FALLBACK_INTENT)
            ]
            message.set(INTENT, dict(kept), add_to_output=True)
            message.set(INTENT_RANKING_KEY, [dict(kept), *rest], add_to_output=True)
        return messages
