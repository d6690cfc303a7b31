"""Measure identifier detection against the labelled practitioner messages.

The partnership needs evidence that the assistant does not store identifying details, so the
figures are computed from a labelled set rather than asserted. An annotated identifier counts
as caught only when one detected span covers its whole text: a half-redacted name still leaks.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot.safeguards.minimise import minimise
from bot.safeguards.privacy import Identifier, find_identifiers
from bot.yaml_text import safe_load


def recall_report(path: Path) -> dict[str, Any]:
    """Recall over annotated identifiers and the share of negative messages wrongly flagged.

    Also lists what was missed and what was falsely flagged, so a failing figure can be acted on.
    """
    cases = _cases(path)
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
                missed.append(
                    {
                        "text": text,
                        "kind": annotation["kind"],
                        "identifier": str(annotation["text"]),
                    }
                )
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


_STORED_WORD = re.compile(r"[^\W\d_]+|\d+")
# Parts of an identifier that say nothing on their own ("Mrs", "Road", "Primary").
_GENERIC_PARTS = frozenset(
    """mr mrs ms miss dr mx st saint the of and road rd street lane avenue ave estate close grove
    crescent gardens terrace walk square way place mews drive flat house primary academy school
    college nursery secondary infants juniors day c e""".split()
)


def storage_report(path: Path) -> dict[str, Any]:
    """What would be stored of each labelled message (bot.safeguards.minimise): identifiers that
    reach the store whole, identifiers of which any distinctive word survives, and how many words of
    the messages without identifiers are removed (the cost to answers and insights)."""
    cases = _cases(path)
    identifiers = whole = partial = 0
    words = removed = 0
    leaks: list[dict[str, str]] = []
    for case in cases:
        stored = minimise(case["text"])
        stored_words = {word.lower() for word in _STORED_WORD.findall(stored)}
        if not case["identifiers"]:
            original = _STORED_WORD.findall(case["text"])
            words += len(original)
            kept = [word.lower() for word in _STORED_WORD.findall(stored)]
            removed += max(0, len(original) - len([w for w in kept if w != "removed"]))
            continue
        for annotation in case["identifiers"]:
            identifier = str(annotation["text"])
            identifiers += 1
            if re.search(rf"(?<!\w){re.escape(identifier)}(?!\w)", stored, re.IGNORECASE):
                whole += 1
                leaks.append({"identifier": identifier, "stored": stored})
                continue
            parts = {
                w.lower()
                for w in _STORED_WORD.findall(identifier)
                if len(w) > 2 or (w.isalpha() and len(w) > 1)
            } - _GENERIC_PARTS
            if parts & stored_words:
                partial += 1
                leaks.append({"identifier": identifier, "stored": stored})
    return {
        "identifiers": identifiers,
        "stored_whole": whole,
        "stored_in_part": partial,
        "negative_words": words,
        "negative_words_removed": removed,
        "leaks": leaks,
    }


def _cases(path: Path) -> list[dict[str, Any]]:
    return safe_load(Path(path).read_text(encoding="utf-8"))["cases"]
