"""The training data's example sentences, read one way for every step that learns from them
(the urgent model's background, the intent's second opinion, the blind sets' leak check), so
a change to how Rasa's format is read is made once."""

from __future__ import annotations

import re
from pathlib import Path

from bot.yaml_text import safe_load

ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
"""An entity annotation, "[Hackney](area)" or "[x]{...}": what a person types is its text."""
NLU_FILES = "**/nlu.yml"


def nlu_examples(folder: Path) -> list[tuple[str, str]]:
    """(intent, example) for every example of the nlu.yml files under `folder`, files in name
    order, annotations unwrapped. Items that are no intent (a synonym, a lookup table) or not a
    mapping at all are passed over: Rasa's own validation reports those, and a server reading
    the same files must start whatever they hold."""
    found = []
    for path in sorted(folder.glob(NLU_FILES)):
        document = safe_load(path.read_text(encoding="utf-8")) or {}
        items = document.get("nlu") if isinstance(document, dict) else None
        for item in items or []:
            if not isinstance(item, dict) or not item.get("intent"):
                continue
            for line in str(item.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    found.append((str(item["intent"]), ANNOTATION.sub(r"\1", line[2:]).strip()))
    return found
