"""Checks for every request to the Rasa server, whichever channel or route it is for.

Rasa builds its Sanic app itself; the channels in credentials.yml are the only code of ours it
loads into that app. Each of our channels therefore builds its routes on a GuardedBlueprint,
which, when Rasa mounts it, sets on the whole app (once):

- a body-size limit well above the message limit (limits.MAX_BODY_BYTES; Sanic answers 413
  while reading, before any handler runs);
- a refusal of compressed bodies (415): nothing of ours decompresses, and a decompressing
  handler would turn a small body into an unbounded one;
- an answer to `GET /` that does not disclose the Rasa version (Rasa's says "Hello from Rasa:
  3.6.21", telling an attacker which published vulnerabilities to try);
- a Host allow-list (settings.allowed_hosts): a DNS-rebinding page reaches us under a name of
  its own, which is refused (421);
- CORS only on the web chat's webhook. Rasa's `--cors` answers credentialed requests on every
  route, which let a script on an allowed intranet page read the trainer pages with a visiting
  trainer's cookie; the widget never sends credentials, so none are allowed anywhere.
"""

from __future__ import annotations

from typing import Any

from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import BaseHTTPResponse, HTTPResponse

from bot.settings import allowed_hosts, trusted_proxies
from bot.web.limits import MAX_BODY_BYTES
from bot.web.proxies import host_allowed

ROOT_TEXT = "Reflective practice assistant"
CORS_PATHS = frozenset({"/chat/webhook"})
"""The only route another site's page may read: the web chat widget's webhook."""
_INSTALLED = "rpa_server_guards"


def refuse_compressed(request: Request) -> HTTPResponse | None:
    encoding = request.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        return None
    return response.json(
        {"error": f"compressed request bodies ({encoding}) are not accepted"}, status=415
    )


def answer_root(request: Request) -> HTTPResponse | None:
    if request.path != "/" or request.method not in ("GET", "HEAD"):
        return None
    return response.text(ROOT_TEXT)


def refuse_unknown_host(request: Request) -> HTTPResponse | None:
    if host_allowed(request):
        return None
    return response.text("Unknown host.", status=421, headers={"Cache-Control": "no-store"})


def limit_cors(request: Request, reply: BaseHTTPResponse) -> None:
    """Runs after sanic-cors (see install): takes its headers off every other route, and the
    credentials permission off every route."""
    headers = getattr(reply, "headers", None)
    if headers is None:
        return
    headers.pop("access-control-allow-credentials", None)
    if request.path not in CORS_PATHS:
        for name in [key for key in headers if key.lower().startswith("access-control-")]:
            headers.pop(name, None)


def no_foreign_preflight(request: Request) -> HTTPResponse | None:
    """sanic-cors answers every OPTIONS preflight itself, before any response middleware;
    this runs before it and answers those of other routes without permission."""
    if request.method != "OPTIONS" or request.path in CORS_PATHS:
        return None
    return response.empty(status=204, headers={"Cache-Control": "no-store"})


def install(app: Sanic) -> None:
    """Adds the guards to the whole app; safe to call once per channel."""
    if getattr(app.ctx, _INSTALLED, False):
        return
    setattr(app.ctx, _INSTALLED, True)
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    app.register_middleware(refuse_compressed, "request")
    app.register_middleware(answer_root, "request")
    # Read once now, so that a malformed setting stops the start and says which it is.
    trusted_proxies()
    allowed_hosts()
    app.register_middleware(refuse_unknown_host, "request")

    async def cors_last(started: Sanic, _loop: object) -> None:
        # sanic-cors appends its response middleware when the server starts; Rasa configures
        # it before mounting the channels, so this listener runs after it, and this last.
        started.response_middleware.append(limit_cors)
        started.request_middleware.appendleft(no_foreign_preflight)

    app.register_listener(cors_last, "before_server_start")


class GuardedBlueprint(Blueprint):
    """A channel's blueprint that guards the whole app it is mounted in."""

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        install(app)
        super().register(app, options)
