"""The action server: rasa-sdk's, with the checks rasa-sdk 3.6 does not make.

`python -m rasa_sdk` listens on every interface (0.0.0.0) and runs any action for whoever
posts a tracker to /webhook: a crafted tracker naming `action_record_feedback` wrote a
feedback row. It also inflates `Content-Encoding: deflate` bodies without a limit, allows
every browser origin, and answers a failed action with the request body (the tracker, the
person's words) echoed back. This entry point serves the same actions, but:

- binds to the interface it is given (127.0.0.1 unless a deployment says otherwise);
- answers /webhook and /actions only with `Authorization: Bearer <RPA_ACTION_TOKEN>`
  (compared in constant time); Rasa sends it from endpoints.yml. It refuses to start without
  the token, which `bot serve` makes up for each run when the deployment sets none;
- refuses compressed bodies (415) and bodies over ACTION_BODY_MAX_BYTES (413);
- sends no CORS headers: only Rasa calls it, never a browser;
- answers a failed action with a plain error. /health stays open for the supervisor.

Run: `python -m bot.tooling.action_server --port 5055 [--interface 127.0.0.1]`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from typing import Any

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.dialogue.identifiers_warning import identifier_kinds, with_identifiers_warning
from bot.knowledge.reloading import build_all
from bot.knowledge.store import shared_store
from bot.one_request import end_one_request, start_one_request
from bot.safeguards.preload import read_word_lists
from bot.settings import ENV_ACTION_TOKEN, ConfigurationError, shared_secret
from bot.web.guards import refuse_compressed
from bot.web.heap import settle_heap
from bot.web.security import bearer_matches

logger = logging.getLogger(__name__)

ACTION_BODY_MAX_BYTES = 16 * 1024 * 1024
"""Rasa posts the whole tracker of the current session; a long session is a few hundred kB."""
OPEN_PATHS = frozenset({"/health"})
WEBHOOK_PATH = "/webhook"


def checked_result(action_call: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """An action's result as rasa-sdk answers it, its messages passed through the
    identifying-details check with the tracker it was run on."""
    tracker = action_call.get("tracker") or {}
    messages = with_identifiers_warning(
        tracker.get("latest_message") or {},
        tracker.get("events") or [],
        result.get("responses") or [],
        result.get("events") or [],
    )
    return {**result, "responses": messages}


def guarded_app(token: str, actions_package: str = "actions") -> Sanic:
    """rasa-sdk's app for `actions_package`, answering only requests that carry `token`."""
    app = create_app(actions_package, cors_origins=None)
    app.config.REQUEST_MAX_SIZE = ACTION_BODY_MAX_BYTES

    @app.middleware("request")
    async def guard(request: Request) -> HTTPResponse | None:
        refused = refuse_compressed(request)
        if refused is not None:
            return refused
        if request.path in OPEN_PATHS or bearer_matches(
            request.headers.get("authorization"), token
        ):
            # the actions of one turn ask the safety rules of the same words again and again
            # and work some things out once between them (bot/one_request.py)
            request.ctx.one_request = start_one_request()
            return None
        return response.json({"error": "unauthorized"}, status=401)

    @app.middleware("response")
    async def warn_of_identifiers(request: Request, answer: HTTPResponse) -> HTTPResponse | None:
        """Every action's messages pass the identifying-details check here, so no path of
        the actions can answer a message holding a child's details without the warning."""
        if request.path != WEBHOOK_PATH or answer.status != 200 or not answer.body:
            return None
        action_call = request.json or {}
        latest = (action_call.get("tracker") or {}).get("latest_message") or {}
        if not identifier_kinds(latest):
            return None  # the usual message: the answer is sent as the action gave it
        return response.json(checked_result(action_call, json.loads(answer.body)))

    @app.middleware("response")
    async def forget(request: Request, _response: HTTPResponse) -> None:
        """A connection kept alive serves its next request in the same context: the words
        of this one are forgotten with its answer."""
        counted = getattr(request.ctx, "one_request", None)
        if counted is not None:
            end_one_request(counted)

    @app.exception(Exception)
    async def failed(_request: Request, exception: Exception) -> HTTPResponse:
        """Replaces rasa-sdk's handler, which echoes the request body (the tracker)."""
        status = getattr(exception, "status_code", 500)
        if status >= 500:
            logger.error("action request failed", exc_info=exception)
        return response.json({"error": type(exception).__name__}, status=status)

    return app


def prepare() -> None:
    """What the first question would otherwise wait for, done before the server listens: the
    word lists and the values built from the knowledge, then the heap settled (bot/web/heap.py:
    the ranker, the terms and the case lines are about 500,000 objects, and each full
    collection walked them all, 1.2-1.4 s holding every action, until frozen). A failure
    leaves them to be built on first use, as before (a database not loaded yet says so in the
    first answer)."""
    read_word_lists()
    store = shared_store()
    try:
        build_all(store)
    except Exception:
        logger.warning("values from the knowledge not built at start", exc_info=True)
    finally:
        store.engine.dispose()  # no connection opened here outlives a fork into workers
    settle_heap()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--interface", default="127.0.0.1")
    parser.add_argument("--actions", default="actions", help="package holding the actions")
    args = parser.parse_args(argv)
    try:
        token = shared_secret(os.environ, ENV_ACTION_TOKEN)
    except ConfigurationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if token is None:
        print(f"error: set {ENV_ACTION_TOKEN} (Rasa sends it; see endpoints.yml)", file=sys.stderr)
        return 2
    utils.configure_colored_logging(logging.INFO)
    utils.update_sanic_log_level()
    app = guarded_app(token, args.actions)
    prepare()
    logger.info("Action server on http://%s:%d", args.interface, args.port)
    app.run(args.interface, args.port, workers=utils.number_of_sanic_workers(), access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
