"""The Rasa process settles its heap once it is up (bot/web/heap.py), so the first votes
of a fresh server's first workshop wait for no full garbage collection over the model's
objects. How much that saves is measured by `make bench` (`..._fresh_server`), not here."""

from __future__ import annotations

import gc
import re
import time

import pytest

from bot.web.heap import settle_heap
from tests.support import Assistant

SETTLED = re.compile(r"heap settled in [\d.]+ s: (\d+) objects frozen")


def test_settling_freezes_what_is_alive_once() -> None:
    settle_heap()
    assert gc.get_freeze_count() > 0
    assert settle_heap() == 0.0  # once per process


@pytest.mark.parametrize("server", ["rasa", "actions"])
def test_the_running_assistant_froze_what_it_built_at_start_once_it_was_up(
    assistant: Assistant, server: str
) -> None:
    """Rasa's: the model's objects; the action server's: the ranker's, terms' and case lines'
    (bot/tooling/action_server.py builds them before it listens)."""
    log = assistant.folder / "logs" / f"{server}.log"
    deadline = time.monotonic() + 30
    while not (found := SETTLED.findall(log.read_text(encoding="utf-8", errors="replace"))):
        assert time.monotonic() < deadline, f"the {server} server never settled its heap"
        time.sleep(0.5)
    [frozen] = found
    assert int(frozen) > 100_000  # what start-up built, not a handful
