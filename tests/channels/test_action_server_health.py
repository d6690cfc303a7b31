"""The action server's /health as a turn asks it (bot/channels/turns.py) while the servers are
busy: a busy action server, or a Rasa whose event loop is running other turns, is not a
server that is down. The single-instance cluster burst (`make bench`) answered 13 of 300
turns "can't answer right now" with every server up: the check's 2 s ran out in both ways."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

from bot.channels.turns import action_server_up

BUSY_SECONDS = 2.5
"""Longer than the check's former limit (2 s), far shorter than a turn may take under load."""


@contextmanager
def health_server(delay: float = 0.0, status: int = 200) -> Iterator[tuple[object, list[str]]]:
    """An action server's /health on its own thread, answering after `delay` seconds; yields
    an agent pointing at it and the paths it was asked."""
    asked: list[str] = []

    class Health(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            time.sleep(delay)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    agent = SimpleNamespace(action_endpoint=SimpleNamespace(url=f"http://127.0.0.1:{port}/webhook"))
    try:
        yield agent, asked
    finally:
        server.shutdown()
        server.server_close()


def test_a_check_made_while_other_turns_hold_the_event_loop_sees_the_server_up() -> None:
    """Rasa runs a turn's NLU on its event loop: a check must not count that time against the
    action server, which answered at once."""

    async def scenario() -> bool:
        with health_server() as (agent, asked):
            check = asyncio.ensure_future(action_server_up(agent))
            await asyncio.sleep(0)  # the check is under way
            time.sleep(BUSY_SECONDS)  # other turns' NLU, on this loop
            up = await check
            assert asked == ["/health"]
            return up

    assert asyncio.run(scenario())


def test_a_busy_action_server_is_up_and_turns_at_the_same_moment_share_one_check() -> None:
    async def scenario() -> list[bool]:
        with health_server(delay=BUSY_SECONDS) as (agent, asked):
            answers = await asyncio.gather(*(action_server_up(agent) for _ in range(20)))
            assert asked == ["/health"]
            return answers

    assert asyncio.run(scenario()) == [True] * 20


def test_each_turn_alone_asks_again_and_an_unwell_or_gone_server_is_down() -> None:
    async def scenario() -> None:
        with health_server(status=503) as (agent, asked):
            assert [await action_server_up(agent) for _ in range(2)] == [False, False]
            assert asked == ["/health", "/health"]
        with health_server() as (agent, asked):
            assert [await action_server_up(agent) for _ in range(2)] == [True, True]
            assert asked == ["/health", "/health"]  # no answer is kept for a later turn
        started = time.monotonic()
        assert not await action_server_up(agent)  # nothing listens there any more
        assert time.monotonic() - started < 1.0

    asyncio.run(scenario())
