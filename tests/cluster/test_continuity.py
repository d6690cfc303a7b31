"""Any Rasa instance carries on any conversation: the tracker store and the locks are shared.
The balancer still keeps each conversation on one instance (deploy/haproxy.cfg), so these tests
send turns straight to the instances to move a conversation on purpose."""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
import uuid

from bot.tooling.cluster import Cluster
from bot.tooling.evaluation import ask, reply_text
from tests.cluster.support import ESCALATION, instances_used, is_route, served, shape, stored


def test_the_route_finder_completes_when_every_turn_goes_to_another_instance(
    cluster: Cluster,
) -> None:
    urls = cluster.config.rasa_urls
    moving, staying = uuid.uuid4().hex, uuid.uuid4().hex
    replies = [
        reply_text(ask(urls[turn % len(urls)], text, sender=moving))
        for turn, text in enumerate(ESCALATION)
    ]
    assert is_route(replies[-1]), replies[-1]
    for text in ESCALATION:
        ask(urls[0], text, sender=staying)
    assert shape(stored(cluster, moving)) == shape(stored(cluster, staying))


def test_a_conversation_moved_off_the_balancers_choice_goes_on(cluster: Cluster) -> None:
    sender = uuid.uuid4().hex
    before = served(cluster)
    ask(cluster.config.balancer_url, ESCALATION[0], sender=sender)
    (chosen,) = instances_used(cluster, before)
    other = next(port for port in cluster.config.rasa_ports if chosen != f"rasa_{port}")
    replies = [
        reply_text(ask(f"http://127.0.0.1:{other}", text, sender=sender)) for text in ESCALATION[1:]
    ]
    assert is_route(replies[-1]), replies[-1]


def test_the_balancer_keeps_each_conversation_on_one_instance(cluster: Cluster) -> None:
    used: set[str] = set()
    for _ in range(12):
        sender = uuid.uuid4().hex
        before = served(cluster)
        for text in ESCALATION:
            ask(cluster.config.balancer_url, text, sender=sender)
        instances = instances_used(cluster, before)
        assert len(instances) == 1, instances
        used |= instances
    assert len(used) == len(cluster.config.rasa_ports)  # and the conversations are spread


def post(url: str, body: dict[str, object]) -> None:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    # No Teams credentials here, so Rasa refuses it: only where the balancer sent it matters.
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=30).close()


def test_teams_activities_are_kept_together_by_their_sender(cluster: Cluster) -> None:
    """Teams keys a conversation by the activity's from.id (bot/channels/teams/channel.py)."""
    url = f"{cluster.config.balancer_url}/webhooks/teams/webhook"
    used: set[str] = set()
    for _ in range(12):
        user = f"29:{uuid.uuid4().hex}"
        before = served(cluster)
        for _turn in range(3):
            activity = {"type": "message", "text": "hello", "from": {"id": user}}
            post(url, {**activity, "conversation": {"id": f"a:{uuid.uuid4().hex}"}})
        instances = instances_used(cluster, before)
        assert len(instances) == 1, instances
        used |= instances
    assert len(used) == len(cluster.config.rasa_ports)
