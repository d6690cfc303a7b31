"""The REST channel: POST /webhooks/rest/webhook {"sender", "message"} -> [{"recipient_id", ...}].

It replaces Rasa's RestInput (load it from credentials.yml as `bot.channels.rest.RestChannel:`)
and keeps its URL and reply format, which `make eval`, the bench, the terminal chat and the
tests use. What Rasa's lacked:

- a body it cannot read is a 400 that says what is wrong (Rasa's gave 500), and every message
  goes through the limits every channel shares (limits.py, turns.py);
- in production (RPA_MODE=production) only callers with `Authorization: Bearer
  <RPA_REST_TOKEN>` are answered (401 otherwise, before the body is read), and Rasa refuses to
  start without the token;
- the caller's `metadata` and `input_channel` are not passed on (they would be stored as sent),
  sender ids are short plain identifiers, and `?stream=true` is not offered;
- the message text is never logged (Rasa's logs it on timeouts and failures).
"""

from __future__ import annotations

import os
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.turns import collected_turn
from bot.safeguards import log_privacy
from bot.settings import ConfigurationError, rest_token
from bot.web.guards import GuardedBlueprint
from bot.web.limits import BadRequest, json_object, user_text
from bot.web.security import bearer_matches

SENDER_ID = re.compile(r"[A-Za-z0-9_.:@-]{1,128}")
"""Conversation ids as API callers and our tools make them (uuid hex, "eval-<hex>"): short and
plain, so they fit the tracker store's column and cannot forge log lines."""

HEADERS: Mapping[str, str] = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}

log_privacy.install()  # Rasa's warnings quote typed text; rewrite them from the start


def parse_request(body: bytes | None) -> tuple[str, str]:
    """The sender id and message of a request body, or BadRequest naming what is wrong."""
    request = json_object(body)
    sender = request.get("sender")
    if not isinstance(sender, str) or not SENDER_ID.fullmatch(sender):
        raise BadRequest("sender must be 1 to 128 letters, digits or _ . : @ - (a conversation id)")
    return sender, user_text(request.get("message"))


def _error(status: int, reason: str, headers: Mapping[str, str] | None = None) -> HTTPResponse:
    return response.json({"error": reason}, status=status, headers={**HEADERS, **(headers or {})})


class RestChannel(InputChannel):
    """REST for evaluation, monitoring and integrations; open only in development."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> RestChannel:
        """Reads the mode and token from the environment, so no secret sits in credentials.yml."""
        try:
            return cls(rest_token(os.environ))
        except ConfigurationError as error:
            raise RasaException(str(error)) from error

    def __init__(self, token: str | None) -> None:
        self.token = token

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rest = GuardedBlueprint("rpa_rest", __name__)

        @rest.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if self.token is not None and not bearer_matches(
                request.headers.get("authorization"), self.token
            ):
                return _error(
                    401,
                    "this channel needs `Authorization: Bearer <token>`",
                    {"WWW-Authenticate": "Bearer"},
                )
            try:
                sender, text = parse_request(request.body)
            except BadRequest as error:
                return _error(400, str(error))
            replies = await collected_turn(on_new_message, request, sender, text, self.name())
            return response.json(replies, headers=dict(HEADERS))

        return rest
