"""Measure identifier detection against the labelled practitioner messages.

The partnership needs evidence that the assistant does not store identifying details, so the
figures are computed from a labelled set rather than asserted. An annotated identifier counts
as caught only when one detected span covers its whole text: a half-redacted name still leaks.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.privacy import Identifier, find_identifiers

DEFAULT_CASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "privacy_cases.yml"


def recall_report(path: Path = DEFAULT_CASES) -> dict[str, Any]:
    """Recall over annotated identifiers and the share of negative messages wrongly flagged.

    Also lists what was missed and what was falsely flagged, so a failing figure can be acted on.
    """
    cases = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["cases"]
    expected = caught = negatives = false_positives = 0
    missed: list[dict[str, str]] = []
    flagged: list[dict[str, Any]] = []
    per_kind: dict[str, dict[str, int]] = {}
    for case in cases:
        text: str = case["text"]
        found = find_identifiers(text)
        if not case["identifiers"]:
            negatives += 1
            if found:
                false_positives += 1
                flagged.append({"text": text, "found": [(i.kind, i.text) for i in found]})
            continue
        for annotation in case["identifiers"]:
            tally = per_kind.setdefault(annotation["kind"], {"expected": 0, "caught": 0})
            expected += 1
            tally["expected"] += 1
            if _covered(text, str(annotation["text"]), found):
                caught += 1
                tally["caught"] += 1
            else:
                missed.append({"text": text, "kind": annotation["kind"], "identifier": str(annotation["text"])})
    return {
        "messages": len(cases),
        "identifiers": expected,
        "recall": caught / expected if expected else 1.0,
        "negatives": negatives,
        "false_positive_messages": false_positives,
        "false_positive_rate": false_positives / negatives if negatives else 0.0,
        "per_kind": per_kind,
        "missed": missed,
        "false_positives": flagged,
    }


def _covered(text: str, identifier: str, found: list[Identifier]) -> bool:
    start = text.find(identifier)
    if start < 0:
        raise ValueError(f"annotated identifier {identifier!r} is not in {text!r}")
    end = start + len(identifier)
    return any(span.start <= start and end <= span.end for span in found)
