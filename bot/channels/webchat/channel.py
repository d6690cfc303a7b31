"""Web chat channel: serves the chat page, the embeddable widget and the JSON webhook it posts to.

Rasa mounts a channel's blueprint at `urljoin("/webhooks/", url_prefix())`; an absolute prefix
replaces the path, so "/chat" puts the page at http://<host>:5005/chat/ and the webhook at
/chat/webhook. Load it from credentials.yml as `bot.channels.webchat.channel.WebChatInput:`.

The webhook is REST-like ({"sender", "message"} in, [{"text", "buttons"}] out) but stricter than
the REST channel: the sender must be the widget's random 128-bit id, metadata from the browser
is never stored (RedactingTrackerStore scrubs event text, not metadata) and the user's text is
never logged, since it may hold identifiers despite the privacy notice. Messages go through the
limits every channel shares (bot/web/limits.py, turns.py).

Browsers send a cross-site `text/plain` POST without asking first (no CORS preflight), so CORS
alone does not stop another site from posting through a visitor's browser: the webhook only
takes `application/json` (415 otherwise), and a request with an `Origin` header only from the
origins in RPA_CORS_ORIGINS, compared as exact strings (403 otherwise). Requests without an
`Origin` do not come from a web page (curl, the tests).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.turns import collected_turn
from bot.dialogue.replies import FOLLOW_WORKSHOP, FOLLOWED_FROM
from bot.live_workshop.followers import marker_in
from bot.safeguards import log_privacy
from bot.settings import ENV_CORS_ORIGINS, ConfigurationError, cors_origins
from bot.web.guards import GuardedBlueprint
from bot.web.limits import BadRequest, json_object, user_text
from bot.web.security import literal_origins

log_privacy.install()  # Rasa's warnings quote typed text; rewrite them from the start

STATIC_DIR = Path(__file__).parent / "static"
# Only these files of static/ are served: nothing else (the channel code, package.json,
# node_modules) is reachable, whatever path a request asks for.
STATIC_FILES: Mapping[str, str] = {
    "widget.js": "text/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
}
# The widget's session id: 16 bytes from crypto.getRandomValues, hex encoded. Refusing anything
# else keeps guessable ids ("me", "user1") from reading or joining another person's tracker.
SENDER_ID = re.compile(r"[0-9a-f]{32}")
# The page runs only our own script and style and talks only to this server, so injected
# markup could neither run nor send anything elsewhere even if the widget had a bug.
PAGE_SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# Static files are embedded by intranet pages, so they carry no frame or connect restrictions.
STATIC_HEADERS: Mapping[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
}
WEBHOOK_HEADERS: Mapping[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def parse_request(body: bytes | None) -> tuple[str, str]:
    """The sender id and message of a webhook request body, or BadRequest saying what is wrong."""
    request = json_object(body)
    sender = request.get("sender")
    if not isinstance(sender, str) or not SENDER_ID.fullmatch(sender):
        raise BadRequest("sender must be 32 lowercase hex characters")
    return sender, user_text(request.get("message"))


def is_json(request: Request) -> bool:
    media_type = (request.headers.get("content-type") or "").split(";")[0]
    return media_type.strip().lower() == "application/json"


def widget_messages(collected: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Only the text and buttons the widget renders, as plain strings.

    Rasa's dicts also carry recipient_id, images and custom payloads; the widget shows none
    of them, so they are not sent to the browser, except the live workshop to follow.
    """
    messages: list[dict[str, Any]] = []
    for message in collected:
        text = message.get("text")
        buttons = [
            {
                "title": str(button.get("title") or button.get("payload")),
                "payload": str(button.get("payload") or button.get("title")),
            }
            for button in message.get("buttons") or []
            if isinstance(button, dict) and (button.get("title") or button.get("payload"))
        ]
        if text or buttons:
            messages.append({"text": str(text or ""), "buttons": buttons})
        follow = following(message)
        if follow is not None:
            custom = message["custom"]
            shown = marker_in(custom.get(FOLLOWED_FROM))
            messages.append({"text": "", "buttons": [], "follow": follow, "shown": shown})
    return messages


def following(message: dict[str, Any]) -> str | None:
    """The live workshop code a reply tells the widget to follow ("" to stop), or None: the
    widget then asks for each next question itself (bot/dialogue/answers/live_workshop.py)."""
    custom = message.get("custom")
    code = custom.get(FOLLOW_WORKSHOP) if isinstance(custom, dict) else None
    return code if isinstance(code, str) and (code == "" or code.isdigit()) else None


def refuse(reason: str, status: int = 400) -> HTTPResponse:
    return response.json({"error": reason}, status=status, headers=dict(WEBHOOK_HEADERS))


class WebChatInput(InputChannel):
    """The browser chat: page and widget at /chat/, JSON webhook at /chat/webhook."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WebChatInput:
        """The allowed origins are RPA_CORS_ORIGINS, the list `--cors` gives the whole server."""
        origins = cors_origins()
        try:
            return cls(literal_origins(origins.split()))
        except ConfigurationError as error:
            raise RasaException(str(error)) from error

    def __init__(self, origins: Iterable[str]) -> None:
        self.origins = frozenset(origins)

    def origin_allowed(self, request: Request) -> bool:
        origin = request.headers.get("origin")
        return origin is None or origin.strip().lower() in self.origins

    def url_prefix(self) -> str:
        return "/chat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webchat = GuardedBlueprint("webchat", __name__)

        @webchat.route("", methods=["GET"], strict_slashes=True)
        async def page_without_slash(_request: Request) -> HTTPResponse:
            """The page's relative URLs (widget.js, webhook) only resolve under /chat/."""
            return response.redirect("/chat/")

        @webchat.route("/", methods=["GET"], strict_slashes=True)
        async def page(_request: Request) -> HTTPResponse:
            return await response.file(
                STATIC_DIR / "index.html",
                mime_type="text/html; charset=utf-8",
                headers=dict(PAGE_SECURITY_HEADERS),
            )

        @webchat.route("/<name:str>", methods=["GET"])
        async def static(_request: Request, name: str) -> HTTPResponse:
            if name not in STATIC_FILES:
                return response.json({"error": "not found"}, status=404)
            return await response.file(
                STATIC_DIR / name, mime_type=STATIC_FILES[name], headers=dict(STATIC_HEADERS)
            )

        @webchat.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.origin_allowed(request):
                return refuse(f"origin not allowed; add it to {ENV_CORS_ORIGINS}", 403)
            if not is_json(request):
                return refuse("send the message as Content-Type: application/json", 415)
            try:
                sender, text = parse_request(request.body)
            except BadRequest as error:
                return refuse(str(error))
            replies = await collected_turn(on_new_message, request, sender, text, self.name())
            return response.json(widget_messages(replies), headers=dict(WEBHOOK_HEADERS))

        return webchat
