"""An instance dies under load (SIGKILL, as in a crash): the balancer sends its conversations
to the other instance, retrying the turns it was processing, and no conversation loses a turn,
its place in the route finder, or anything else it stored."""

from __future__ import annotations

import threading
import uuid

import pytest

from bot.tooling.cluster import Cluster
from bot.tooling.evaluation import ask, reply_text
from bot.tooling.load import run_load
from tests.cluster.support import ESCALATION, is_route, served, shape, stored

CONVERSATIONS = 20
SCRIPT = (
    *ESCALATION,
    "what does disguised compliance look like",
    "thanks",
    "what should I do if a young carer is missing school",
)
KILL_AFTER_SECONDS = 3.0


@pytest.mark.kills_an_instance
def test_killing_an_instance_under_load_loses_no_turn(cluster: Cluster) -> None:
    reference = uuid.uuid4().hex
    for text in SCRIPT:
        ask(cluster.config.balancer_url, text, sender=reference)
    expected = shape(stored(cluster, reference))
    port = cluster.config.rasa_ports[-1]
    before = served(cluster)[f"rasa_{port}"]
    killer = threading.Timer(KILL_AFTER_SECONDS, cluster.kill, args=(f"rasa-{port}",))
    killer.start()
    load = run_load(cluster.config.balancer_url, [SCRIPT] * CONVERSATIONS, prefix="failover")
    killer.join()
    print(f"\nfailover: {load.summary()}")  # the figures for the issue notes (pytest -s)
    assert served(cluster)[f"rasa_{port}"] > before  # it had conversations when it died
    assert cluster.server_states()[f"rasa/rasa_{port}"].startswith("DOWN")
    assert load.errors == []
    for sender, replies in load.replies.items():
        assert is_route(reply_text(replies[len(ESCALATION) - 1])), sender
        assert shape(stored(cluster, sender)) == expected, sender
