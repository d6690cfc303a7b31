"""The Rasa process settles its heap once it is up (bot/web/heap.py), so the first votes
of a fresh server's first workshop wait for no full garbage collection over the model's
objects. How much that saves is measured by `make bench` (`..._fresh_server`), not here."""

from __future__ import annotations

import gc
import re
import time

from bot.web.heap import settle_heap
from tests.support import Assistant

SETTLED = re.compile(r"heap settled in [\d.]+ s: (\d+) objects frozen")


def test_settling_freezes_what_is_alive_once() -> None:
    settle_heap()
    assert gc.get_freeze_count() > 0
    assert settle_heap() == 0.0  # once per process


def test_the_running_assistant_froze_the_models_objects_once_it_was_up(
    assistant: Assistant,
) -> None:
    log = assistant.folder / "logs" / "rasa.log"
    deadline = time.monotonic() + 30
    while not (found := SETTLED.findall(log.read_text(encoding="utf-8", errors="replace"))):
        assert time.monotonic() < deadline, "the Rasa server never settled its heap"
        time.sleep(0.5)
    [frozen] = found
    assert int(frozen) > 100_000  # the model's objects, not a handful
