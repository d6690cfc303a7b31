"""The intent's second opinion: a hesitation the FallbackClassifier gave up on is settled by the
nearest training example, only towards an intent DIET itself ranked near the top, and only when
that example is near enough by meaning."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.intent_examples import Nearest, intent_examples
from bot.dialogue.intent_opinion import (
    DIET_PLACES,
    NEAR_ENOUGH,
    NearestExampleIntent,
    settled_intent,
)
from bot.encoder import MESSAGE_VECTOR, WIDTH, carried_vector
from bot.names import ASK_AUDIT_INTENT, FALLBACK_INTENT, LEARNING_INTENT, OUT_OF_SCOPE_INTENT


class _Examples:
    """Stands in for the encoded training examples: always the same nearest one."""

    def __init__(self, nearest: Nearest | None) -> None:
        self.found = nearest

    def nearest(self, vector: np.ndarray) -> Nearest | None:
        return self.found


def _ranking(*names: str) -> list[dict[str, object]]:
    return [{"name": name, "confidence": 0.3 - 0.05 * place} for place, name in enumerate(names)]


def _processed(nearest: Nearest | None, intent: str, ranking: list[dict[str, object]]) -> Message:
    text = "which audits are there"
    message = Message(data={TEXT: text})
    # the vector a step before would have carried: nothing is encoded in this test
    message.set(MESSAGE_VECTOR, carried_vector(text, np.zeros(WIDTH, dtype=np.float32)))
    message.set(INTENT, {"name": intent, "confidence": 0.4}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    NearestExampleIntent(_Examples(nearest)).process([message])  # type: ignore[arg-type]
    return message


def test_a_hesitation_keeps_diets_first_when_the_nearest_example_agrees() -> None:
    ranking = [
        {"name": FALLBACK_INTENT, "confidence": 0.4},
        *_ranking(ASK_AUDIT_INTENT, LEARNING_INTENT),
    ]
    message = _processed(Nearest(ASK_AUDIT_INTENT, NEAR_ENOUGH + 0.1), FALLBACK_INTENT, ranking)
    assert message.get(INTENT)["name"] == ASK_AUDIT_INTENT
    assert message.get(INTENT)["confidence"] == ranking[1]["confidence"]
    names = [entry["name"] for entry in message.get(INTENT_RANKING_KEY)]
    assert names == [ASK_AUDIT_INTENT, LEARNING_INTENT]


def test_a_far_example_leaves_the_fallback() -> None:
    ranking = [{"name": FALLBACK_INTENT, "confidence": 0.4}, *_ranking(ASK_AUDIT_INTENT)]
    message = _processed(Nearest(ASK_AUDIT_INTENT, NEAR_ENOUGH - 0.05), FALLBACK_INTENT, ranking)
    assert message.get(INTENT)["name"] == FALLBACK_INTENT


def test_the_nearest_example_chooses_no_intent_diet_ranked_low() -> None:
    names = [f"intent_{place}" for place in range(DIET_PLACES)]
    ranking = _ranking(*names, OUT_OF_SCOPE_INTENT)
    assert settled_intent(ranking, Nearest(OUT_OF_SCOPE_INTENT, 0.95)) is None
    assert settled_intent(ranking, Nearest(names[-1], 0.95)) == names[-1]
    assert settled_intent(ranking, None) is None


def test_a_confident_intent_is_left_alone() -> None:
    message = _processed(
        Nearest(ASK_AUDIT_INTENT, 0.99),
        LEARNING_INTENT,
        _ranking(LEARNING_INTENT, ASK_AUDIT_INTENT),
    )
    assert message.get(INTENT)["name"] == LEARNING_INTENT


def test_examples_fold_retrieval_intents_and_unwrap_annotations(tmp_path: Path) -> None:
    (tmp_path / "data" / "x").mkdir(parents=True)
    (tmp_path / "data" / "x" / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n'
        "- intent: ask_learning/young-carers\n  examples: |\n    - caring for a parent\n"
        "- intent: ask_case\n  examples: |\n    - tell me about [Adam](case_name)\n"
        "rules: []\n",
        encoding="utf-8",
    )
    assert intent_examples(tmp_path) == [
        ("ask_case", "tell me about Adam"),
        ("ask_learning", "caring for a parent"),
    ]
