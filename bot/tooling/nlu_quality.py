"""The NLU quality gate: F1 per key message on questions the model never saw in training.

The held-out questions are our own evaluation set (the Makefile passes tests/eval/questions.yml),
written independently of the example questions in knowledge/, so the gate measures
generalisation.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.knowledge.nlu_data import examples_block, render
from bot.names import ASK_CASE_INTENT, IMMEDIATE_RISK_INTENT, OUT_OF_SCOPE_INTENT, learning_label
from bot.tooling.evaluation import load_questions_with_labels

MACRO_F1_THRESHOLD = 0.90
"""Measured 0.97 on the held-out questions (see the issue note); the gate allows for noise."""
INTENT_FOR_KIND = {
    "case": ASK_CASE_INTENT,
    "emergency": IMMEDIATE_RISK_INTENT,
    "out_of_scope": OUT_OF_SCOPE_INTENT,
}


def held_out_nlu(questions_file: Path) -> str:
    """Rasa NLU training-data YAML of the held-out questions, labelled by key message."""
    examples: dict[str, list[str]] = {}
    for question, key_message in load_questions_with_labels(questions_file):
        if key_message:
            label = learning_label(key_message)
        elif question.kind in INTENT_FOR_KIND:
            label = INTENT_FOR_KIND[question.kind]
        else:
            continue
        examples.setdefault(label, []).append(question.text)
    blocks = [examples_block(label, texts) for label, texts in examples.items()]
    return render({"nlu": blocks}, header=f"# Held out: generated from {questions_file}.\n")


def macro_f1(report_file: Path) -> float:
    report = json.loads(report_file.read_text(encoding="utf-8"))
    return float(report["macro avg"]["f1-score"])


def per_label_f1(report_file: Path) -> dict[str, float]:
    report = json.loads(report_file.read_text(encoding="utf-8"))
    return {
        label: float(scores["f1-score"])
        for label, scores in report.items()
        if isinstance(scores, dict)
        and "f1-score" in scores
        and label not in ("macro avg", "weighted avg", "micro avg")
    }
