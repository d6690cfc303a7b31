"""The handouts, served by Rasa itself at /handouts/, loaded from credentials.yml as
`bot.handouts.routes.HandoutsInput:` (like the insights page, it receives no messages).

    /handouts/                          the index: every audit, case, briefing and theme
    /handouts/case/<case id>            e.g. /handouts/case/send-erika
    /handouts/audit/<source id>         e.g. /handouts/audit/send-2016-17
    /handouts/theme/<theme id>          e.g. /handouts/theme/engaging-families
    /handouts/briefing/<case id>        the one-page 7-minute briefing of a case
    ... and each of those with `.pdf` appended, for its PDF (A4).

Handouts hold only the published audit content, so they need no credential. An unknown kind
or id gets a 404 page naming what was not found. The pages carry the trainer pages' strict
headers (`PAGE_HEADERS`: no script, our stylesheets only). Reading the store and printing a
PDF run in worker threads, a print with a timeout, so the chat is never held up; a PDF that
cannot be made gets a 503 page that says why and links to the printable page.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.handouts.content import Handout, Handouts, Kind, NotFound
from bot.handouts.live_results import latest_results_for
from bot.handouts.pages import (
    BASE,
    STYLESHEET,
    handout_path,
    render_handout,
    render_index,
    render_not_found,
    render_pdf_failed,
)
from bot.handouts.pdf import STATIC_DIR, PdfCache, PdfFailed
from bot.handouts.results import SessionResults
from bot.knowledge.store import shared_store
from bot.web.guards import GuardedBlueprint
from bot.web.responses import html as page
from bot.web.responses import serve_trainer_stylesheet, static_file

logger = logging.getLogger(__name__)

ResultsFor = Callable[[Kind, str], "SessionResults | None"]
"""The live sessions' hook: the results to show on a handout, or None (the default)."""


def no_results(_kind: Kind, _handout_id: str) -> SessionResults | None:
    return None


def _handouts() -> Handouts:
    """On the process's shared store, opened on the first request, not when Rasa loads the
    channel."""
    return Handouts(shared_store())


def pdf_filename(kind: Kind, handout_id: str) -> str:
    return f"handout-{kind.value}-{handout_id}.pdf"


class HandoutsInput(InputChannel):
    """Handout pages and PDFs at /handouts/; open to anyone who can reach the server."""

    def __init__(
        self,
        handouts: Callable[[], Handouts] = _handouts,
        results_for: ResultsFor = no_results,
        pdfs: PdfCache | None = None,
    ) -> None:
        self.handouts = handouts
        self.results_for = results_for
        self.pdfs = pdfs or PdfCache()

    @classmethod
    def name(cls) -> str:
        return "handouts"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> HandoutsInput:
        """Nothing to configure: the store comes from RPA_DATABASE_URL, the printer from
        RPA_CHROMIUM (default /usr/bin/chromium). A case's handouts show the results of the
        last workshop on the case that ended (bot/handouts/live_results.py)."""
        return cls(results_for=latest_results_for)

    def url_prefix(self) -> str:
        return BASE

    def _build(self, kind: Kind, handout_id: str) -> tuple[Handout, SessionResults | None]:
        return self.handouts().build(kind, handout_id), self.results_for(kind, handout_id)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handouts = GuardedBlueprint("handouts", __name__)

        @handouts.route("", methods=["GET"], strict_slashes=True)
        async def handouts_without_slash(_request: Request) -> HTTPResponse:
            return response.redirect(f"{BASE}/")

        @handouts.route("/", methods=["GET"], strict_slashes=True)
        async def handouts_index(_request: Request) -> HTTPResponse:
            catalogue = await asyncio.to_thread(lambda: self.handouts().catalogue())
            return page(render_index(catalogue))

        @handouts.route(f"/{STYLESHEET}", methods=["GET"])
        async def handouts_stylesheet(_request: Request) -> HTTPResponse:
            return await static_file(STATIC_DIR / STYLESHEET)

        serve_trainer_stylesheet(handouts)

        @handouts.route("/<kind_name:str>/<name:str>", methods=["GET"])
        async def handout(request: Request, kind_name: str, name: str) -> HTTPResponse:
            kinds = {kind.value: kind for kind in Kind}
            kind = kinds.get(kind_name)
            if kind is None:
                return page(
                    render_not_found(
                        f"There is no kind of handout called “{kind_name[:80]}”: there are "
                        + ", ".join(kinds)
                        + "."
                    ),
                    404,
                )
            name = unquote(name)  # Sanic leaves path parameters quoted; handout_path quotes
            wants_pdf = name.endswith(".pdf")
            handout_id = name.removesuffix(".pdf")
            try:
                built, results = await asyncio.to_thread(self._build, kind, handout_id[:200])
            except NotFound as missing:
                return page(render_not_found(str(missing)), 404)
            if not wants_pdf:
                pdf_href = handout_path(kind, built.id, pdf=True)
                return page(render_handout(built, pdf_href=pdf_href, results=results))
            html = render_handout(built, stylesheet=STYLESHEET, results=results)
            try:
                key, pdf = await self.pdfs.get(html)
            except PdfFailed as failed:
                logger.warning("handout PDF %s/%s failed: %s", kind.value, built.id, failed)
                return page(render_pdf_failed(str(failed), handout_path(kind, built.id)), 503)
            etag = f'"{key[:32]}"'
            if request.headers.get("if-none-match") == etag:
                return response.empty(status=304, headers={"ETag": etag})
            return response.raw(
                pdf,
                content_type="application/pdf",
                headers={
                    "X-Content-Type-Options": "nosniff",
                    "Cache-Control": "no-cache",
                    "ETag": etag,
                    "Content-Disposition": f'inline; filename="{pdf_filename(kind, built.id)}"',
                },
            )

        return handouts
