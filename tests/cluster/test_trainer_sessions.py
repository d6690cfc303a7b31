"""Security review findings 4 and 7 on the cluster: the trainer sessions and the failed
sign-ins are in PostgreSQL, so signing out on one Rasa instance ends the session on the other,
and wrong passwords sent to both instances count against one limit per client address."""

from __future__ import annotations

import http.client
import urllib.parse
from urllib.parse import urlsplit

from bot.tooling.cluster import Cluster
from bot.tooling.workshop_bench import Trainer
from bot.web.trainer import MAX_FAILURES
from tests.cluster.support import TRAINER_PASSWORD

GUESSER = "127.0.0.3"
"""A loopback address of its own, so its wait holds up no other test's sign-in."""


def status_of(trainer: Trainer, path: str) -> int:
    reply = trainer._send(path)
    status = int(getattr(reply, "status", None) or reply.code)
    reply.close()
    return status


def sign_in_from(url: str, password: str, source: str, origin: str) -> int:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname or "", parts.port, timeout=60, source_address=(source, 0)
    )
    try:
        connection.request(
            "POST",
            "/workshop/login",
            body=urllib.parse.urlencode({"password": password}),
            headers={"Origin": origin, "Content-Type": "application/x-www-form-urlencoded"},
        )
        return connection.getresponse().status
    finally:
        connection.close()


def test_signing_out_on_one_instance_ends_the_session_on_the_other(cluster: Cluster) -> None:
    first, second = cluster.config.rasa_urls[:2]
    trainer = Trainer.sign_in(first, TRAINER_PASSWORD, origin=cluster.config.public_url)
    elsewhere = trainer.at(second)
    assert status_of(elsewhere, "/workshop/") == 200
    reply = trainer._send("/workshop/logout", {})
    assert reply.code == 303
    assert status_of(elsewhere, "/workshop/") == 303  # to the sign-in page
    assert status_of(trainer, "/workshop/") == 303


def test_wrong_passwords_on_every_instance_count_against_one_limit(cluster: Cluster) -> None:
    first, second = cluster.config.rasa_urls[:2]
    origin = cluster.config.public_url
    statuses = [
        sign_in_from((first, second)[i % 2], f"wrong guess {i}", GUESSER, origin)
        for i in range(MAX_FAILURES + 1)
    ]
    assert statuses == [401] * MAX_FAILURES + [429]
    assert sign_in_from(second, TRAINER_PASSWORD, GUESSER, origin) == 429
    assert sign_in_from(second, TRAINER_PASSWORD, "127.0.0.1", origin) == 303  # others too
