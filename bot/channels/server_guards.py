"""Checks for every request to the Rasa server, whichever channel or route it is for.

Rasa builds its Sanic app itself; the channels in credentials.yml are the only code of ours it
loads into that app. Each of our channels therefore builds its routes on a GuardedBlueprint,
which, when Rasa mounts it, sets on the whole app (once):

- a body-size limit well above the message limit (limits.MAX_BODY_BYTES; Sanic answers 413
  while reading, before any handler runs);
- a refusal of compressed bodies (415): nothing of ours decompresses, and a decompressing
  handler would turn a small body into an unbounded one;
- an answer to `GET /` that does not disclose the Rasa version (Rasa's says "Hello from Rasa:
  3.6.21", telling an attacker which published vulnerabilities to try).
"""

from __future__ import annotations

from typing import Any

from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.limits import MAX_BODY_BYTES

ROOT_TEXT = "Reflective practice assistant"
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


def install(app: Sanic) -> None:
    """Adds the guards to the whole app; safe to call once per channel."""
    if getattr(app.ctx, _INSTALLED, False):
        return
    setattr(app.ctx, _INSTALLED, True)
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    app.register_middleware(refuse_compressed, "request")
    app.register_middleware(answer_root, "request")


class GuardedBlueprint(Blueprint):
    """A channel's blueprint that guards the whole app it is mounted in."""

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        install(app)
        super().register(app, options)
