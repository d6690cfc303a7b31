"""What the action server loads: its actions build links to the trainer pages (bot/web/urls.py)
without loading the pages, whose channels bring in Rasa's own server code (69 modules), and
without the developers' tooling."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LOADED = """
import importlib, json, pkgutil, sys
import actions
for module in pkgutil.iter_modules(actions.__path__):
    importlib.import_module(f"actions.{module.name}")
print(json.dumps(sorted(sys.modules)))
"""


def test_importing_every_action_module_loads_no_rasa_channel() -> None:
    # In a fresh interpreter: this test process has imported Rasa already.
    done = subprocess.run(
        [sys.executable, "-c", LOADED], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "bot.web.urls" in loaded
    assert [name for name in loaded if name.startswith("rasa.core.channels")] == []
    assert [name for name in loaded if name == "rasa" or name.startswith("rasa.")] == []
    # nor the developers' tooling: what a server learns from the blind sets is committed
    # (bot/dialogue/taught.yml), never labelled from tests/ at run time
    assert [name for name in loaded if name.startswith("bot.tooling")] == []
