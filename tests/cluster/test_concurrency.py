"""Two messages of one conversation sent at the same moment (a double click, two tabs) are
processed one after the other: the stored conversation is the one of either order, with no
event lost or written twice."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bot.tooling.cluster import Cluster
from bot.tooling.evaluation import ask
from tests.cluster.support import shape, stored

FIRST = "what does disguised compliance look like"
SECOND = "I need to escalate a concern about another agency"
ATTEMPTS = 10
"""Sent straight to two instances at once, such pairs came out inconsistent 2 times in 20 on a
busy machine and 10 in 20 on a quiet one (Rasa issue 9213): ten attempts catch a balancer that
stopped keeping conversations on one instance; test_continuity checks its choice directly."""


def in_order(cluster: Cluster, *texts: str) -> list[tuple[str, ...]]:
    sender = uuid.uuid4().hex
    for text in texts:
        ask(cluster.config.balancer_url, text, sender=sender)
    return shape(stored(cluster, sender))


def test_two_messages_at_the_same_moment_leave_a_consistent_conversation(cluster: Cluster) -> None:
    either_order = [in_order(cluster, FIRST, SECOND), in_order(cluster, SECOND, FIRST)]
    for _attempt in range(ATTEMPTS):
        sender = uuid.uuid4().hex
        together = threading.Barrier(2)

        def send(text: str, sender: str = sender, together: threading.Barrier = together) -> Any:
            together.wait()
            return ask(cluster.config.balancer_url, text, sender=sender)

        with ThreadPoolExecutor(max_workers=2) as pool:
            replies = list(pool.map(send, (FIRST, SECOND)))
        assert all(replies)
        assert shape(stored(cluster, sender)) in either_order
