"""The insights page's routes, served by Rasa itself at /insights/: the page, its CSV downloads,
the content sign-off page, and signing in (bot/web/login.py), all behind the trainer credential
(bot/web/trainer.py): without `RPA_TRAINER_PASSWORD_HASH` they answer 503.

Load it from credentials.yml as `bot.insights.routes.InsightsInput:`. The page is page.py's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timezone
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.insights import export
from bot.insights.date_range import BadRange, parse_range
from bot.insights.page import BASE, Report, render_page, render_range_error
from bot.insights.report import Insights, compute, uncovered_topic_labels
from bot.insights.sign_off import SignOffPage
from bot.knowledge.store import shared_store
from bot.settings import insights_low_confidence, load_settings
from bot.web import login
from bot.web.guards import GuardedBlueprint
from bot.web.responses import csv_download, html
from bot.web.security import TEXT_HEADERS
from bot.web.trainer import Role, TrainerAuth, shared_auth, trainer_only


def stored_report(start: date, end: date) -> Insights:
    return compute(
        shared_store(),
        start,
        end,
        insights_low_confidence(),
        uncovered_topic_labels(load_settings().knowledge_dir),
    )


def utc_today() -> date:
    """Events are stored by UTC hour, so ranges are UTC days."""
    return datetime.now(timezone.utc).date()


class InsightsInput(InputChannel):
    """The insights page at /insights/, behind the trainer credential. It receives no
    messages: Rasa's input channels are simply how a page is added to Rasa's own server."""

    def __init__(
        self, auth: TrainerAuth, report: Report, today: Callable[[], date] = utc_today
    ) -> None:
        self.auth = auth
        self.report = report
        self.today = today

    @classmethod
    def name(cls) -> str:
        return "insights"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InsightsInput:
        """Configured by environment (RPA_TRAINER_PASSWORD_HASH, RPA_SESSION_SECRET,
        RPA_DATABASE_URL), never in credentials.yml, which is in the repository."""
        return cls(shared_auth(), stored_report)

    def url_prefix(self) -> str:
        return BASE

    def _range(self, request: Request) -> tuple[date, date]:
        return parse_range(request.args.get("from"), request.args.get("to"), self.today())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # Guarded like every channel of ours: body limit, no compressed bodies (bot/web/guards.py).
        insights = GuardedBlueprint("trainer_insights", __name__)
        login.add_routes(self.auth, insights, BASE)
        SignOffPage(self.auth, BASE).add_routes(insights)

        @insights.route("", methods=["GET"], strict_slashes=True)
        async def insights_without_slash(_request: Request) -> HTTPResponse:
            return response.redirect(f"{BASE}/")

        @insights.route("/", methods=["GET"], strict_slashes=True)
        @trainer_only(self.auth, BASE, page=True, role=Role.LEARNING_LEAD)
        async def insights_page(request: Request) -> HTTPResponse:
            try:
                start, end = self._range(request)
            except BadRange as error:
                asked = (request.args.get("from") or "", request.args.get("to") or "")
                return html(render_range_error(str(error), *asked), status=400)
            figures = await asyncio.to_thread(self.report, start, end)
            return html(render_page(figures))

        @insights.route("/csv/<filename:str>", methods=["GET"])
        @trainer_only(self.auth, BASE, role=Role.LEARNING_LEAD)
        async def insights_csv(request: Request, filename: str) -> HTTPResponse:
            table_key = filename.removesuffix(".csv")
            if not filename.endswith(".csv") or table_key not in export.TABLES:
                return response.text("No such table.", status=404, headers=dict(TEXT_HEADERS))
            try:
                start, end = self._range(request)
            except BadRange as error:
                return response.text(str(error), status=400, headers=dict(TEXT_HEADERS))
            figures = await asyncio.to_thread(self.report, start, end)
            name = f"insights-{table_key}-{figures.start.isoformat()}-{figures.end.isoformat()}.csv"
            return csv_download(name, export.csv_text(figures, table_key))

        return insights
