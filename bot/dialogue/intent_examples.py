"""The training examples the intent's second opinion reads (bot/dialogue/intent_opinion.py),
by meaning. Apart from the Rasa component that uses them, so `make knowledge` can encode them
before the servers start without importing Rasa and TensorFlow (3 s of CPU on every `make run`,
-X importtime, 2026-12-06)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.encoder import ENCODED_DIR, FloatArray, cached_encode
from bot.nlu_examples import nlu_examples
from bot.settings import PROJECT_ROOT


def intent_examples(root: Path = PROJECT_ROOT) -> list[tuple[str, str]]:
    """Every (intent, example) of the training data, a retrieval intent's examples under its
    base intent (ask_learning/young-carers is ask_learning); sorted and without repeats, so the
    same data always gives the same list (and the same cached vectors)."""
    return sorted({(intent.split("/")[0], text) for intent, text in nlu_examples(root / "data")})


@dataclass(frozen=True)
class Nearest:
    intent: str
    similarity: float


class IntentExamples:
    """The training examples' sentence vectors (kept by content in var/encoded: `make
    knowledge` encodes them before the servers start)."""

    def __init__(self, examples: Sequence[tuple[str, str]]) -> None:
        self.intents = [intent for intent, _ in examples]
        self.vectors = cached_encode([text for _, text in examples], ENCODED_DIR)

    def nearest(self, vector: FloatArray) -> Nearest | None:
        if not self.intents:
            return None
        similarities = self.vectors @ vector
        best = int(np.argmax(similarities))
        return Nearest(self.intents[best], float(similarities[best]))


@lru_cache(maxsize=1)
def training_examples() -> IntentExamples:
    return IntentExamples(intent_examples())
