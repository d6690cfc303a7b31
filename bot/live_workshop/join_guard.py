"""Joining a workshop cannot be used to guess codes: wrong codes are counted per client
address in the database (records.Throttle), so every instance behind the balancer counts
together; after MAX_FAILED_JOINS in a minute that client waits, and everyone else joins as
before. With eight-digit codes (tables.CODE_DIGITS) that allows one client about 2,400
guesses in a session's four hours against 100 million codes."""

from __future__ import annotations

import hashlib

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.engine import Engine

from bot.live_workshop.tables import CODE_DIGITS
from bot.web.proxies import client_address
from bot.web.records import Throttle, prepared

JOIN_DOOR = "workshop join"
MAX_FAILED_JOINS = 10
JOIN_WINDOW_SECONDS = 60.0
TOO_MANY = "Too many codes that do not match a running session. Try again in {} seconds."


class JoinGuard:
    def __init__(self, engine: Engine) -> None:
        self.throttle = Throttle(prepared(engine), JOIN_DOOR, MAX_FAILED_JOINS, JOIN_WINDOW_SECONDS)

    def wait(self, request: Request) -> int:
        return self.wait_for(client_address(request))

    def wrong_code(self, request: Request) -> None:
        self.throttle.failed(client_address(request))

    def wait_for(self, client: str) -> int:
        """Whole seconds this client must wait before trying another code; 0 when it may."""
        left = self.throttle.seconds_left(client)
        return int(left) + 1 if left > 0 else 0


def chat_client(sender_id: str) -> str:
    """A chat participant as the throttle counts them: a hash of the channel's sender id, so
    the id itself (a Teams user's, say) is never stored."""
    return "chat:" + hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:40]


def typed_code(value: object) -> str:
    """The code as typed, without spaces (a code may be read out in two halves)."""
    return "".join(str(value or "").split())[:CODE_DIGITS]


def too_many_joins(wait: int) -> HTTPResponse:
    headers = {"Retry-After": str(wait), "Cache-Control": "no-store"}
    return response.json({"error": TOO_MANY.format(wait)}, status=429, headers=headers)
