"""What the rules (data/<feature>/rules.yml) send each intent to, read from the rules
themselves: the names test checks bot/names.py against it, and `nlu loso --replies` counts a
question whose intent another action answers apart. Kept out of bot/tooling/domain.py, which
is one of the model's training inputs (bot/tooling/fingerprint.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from bot.settings import PROJECT_ROOT
from bot.tooling.domain import FEATURES_DIR

RULES_FILE = "rules.yml"


def rule_handlers(root: Path = PROJECT_ROOT) -> Iterator[tuple[str, str, str]]:
    """(intent, what the rule runs first, rules file) for every unconditional rule that starts
    on an intent: what a first message of that intent is sent to."""
    for path in sorted((root / FEATURES_DIR).glob(f"*/{RULES_FILE}")):
        for rule in yaml.safe_load(path.read_text())["rules"]:
            steps = rule["steps"]
            if rule.get("condition") or len(steps) < 2:
                continue
            if "intent" in steps[0] and "action" in steps[1]:
                yield steps[0]["intent"], steps[1]["action"], path.name
