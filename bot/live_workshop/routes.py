"""The workshop pages and API at /workshop/, served by Rasa itself (a channel in
credentials.yml, like the insights page), so workshops need no other server. The pages and
forms are here; the JSON and the live updates are api.py's.

Trainer (behind the trainer credential): `/workshop/` start a session, `/workshop/s/<id>/` the
presenter, `.../events` its live updates (Server-Sent Events), `.../control` and `.../show`
its buttons and keys, `.../qr.svg`, `.../results` and `.../results/<table>.csv`.
Participants (the code is all they need): `/workshop/join` and `/workshop/answer`, plain forms
for any phone, and `/workshop/api/{join,question,answer}` in JSON for other clients.

State is only in the database (how the live updates follow it: api.py).
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

import segno
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.knowledge.citations import case_label
from bot.knowledge.store import KnowledgeStore, shared_store
from bot.live_workshop import pages, participant_pages, printable_results, trainer_pages
from bot.live_workshop.api import (
    PARTICIPANT_COOKIE,
    ROOM_FULL,
    WorkshopApi,
    from_this_site,
    join_url,
)
from bot.live_workshop.join_guard import TOO_MANY, JoinGuard, typed_code
from bot.live_workshop.pages import BASE, PARTICIPANT_JS, PRESENTER_JS, WORKSHOP_CSS
from bot.live_workshop.plan import build_plan
from bot.live_workshop.results import CSV_TABLES, csv_text, results
from bot.live_workshop.service import Outcome, RoomFull, Workshops, stored_workshops, team_name
from bot.live_workshop.streams import StreamSlots
from bot.live_workshop.trainer_pages import CaseChoice
from bot.web import login
from bot.web.guards import GuardedBlueprint
from bot.web.heap import settle_heap
from bot.web.html import PAGE_HEADERS
from bot.web.limits import whole_number
from bot.web.responses import csv_download, html, static_file
from bot.web.security import TEXT_HEADERS, cross_site_refusal, is_https, same_origin
from bot.web.trainer import TrainerAuth, shared_auth, trainer_only

WORKSHOP_STATIC = Path(__file__).parent / "static"
PRESENTER_HEADERS: Mapping[str, str] = {
    **PAGE_HEADERS,
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
        "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}
STARTED = "started"
PUBLISHED = "published"
WITHDRAWN = "unpublished"
"""What the record of trainers' actions says (records.TrainerAction)."""
PARTICIPANT_HEADERS: Mapping[str, str] = PRESENTER_HEADERS
"""The participant's page runs participant.js (its question follows the trainer's), and works
without it as a plain form."""
STATIC_FILES = {
    WORKSHOP_CSS: "text/css; charset=utf-8",
    PRESENTER_JS: "text/javascript; charset=utf-8",
    PARTICIPANT_JS: "text/javascript; charset=utf-8",
}
MAX_ROOM = 500
"""The largest room size a trainer can set."""


def room_size(typed: str | None) -> int | None:
    """The trainer's room size from the start form: None (no cap) when left empty; ValueError
    for anything but a whole number from 1 to MAX_ROOM."""
    if not typed or not typed.strip():
        return None
    size = int(typed.strip())
    if not 1 <= size <= MAX_ROOM:
        raise ValueError(f"the room size is from 1 to {MAX_ROOM}")
    return size


def qr_svg(url: str) -> str:
    """The join address as a QR code (SVG, dark on white, with a quiet zone)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=4, xmldecl=False)
    return buffer.getvalue().decode("utf-8")


def case_choices(store: KnowledgeStore) -> list[CaseChoice]:
    """Every case with a walk-through, and the quiz questions on its key messages."""
    with store.session() as session:
        choices = []
        for case in store.cases(session):
            stages = store.walkthrough(session, case.id)
            if not stages:
                continue
            messages = {message.id for stage in stages for message in stage.key_messages}
            quizzes = store.quiz_questions(session, case.source_id)
            choices.append(
                CaseChoice(
                    case.id,
                    f"{case.source.short_title}: {case_label(case)}",
                    len(stages),
                    tuple(quiz.id for quiz in quizzes if quiz.key_message_id in messages),
                )
            )
        return choices


def no_such_session() -> HTTPResponse:
    page = pages.error_page("No such session", "There is no session here.", False)
    return html(page, status=404)


class WorkshopInput(WorkshopApi, InputChannel):
    """The workshop pages; like the insights page it receives no chat messages itself."""

    def __init__(
        self,
        auth: TrainerAuth,
        store: Callable[[], KnowledgeStore] = shared_store,
        workshops: Callable[[], Workshops] = stored_workshops,
    ) -> None:
        self.auth = auth
        self.store = store
        self.workshops = workshops
        self._guard: JoinGuard | None = None
        self._streams = StreamSlots()

    @classmethod
    def name(cls) -> str:
        return "workshop"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WorkshopInput:
        """Configured by environment (the trainer credential, RPA_DATABASE_URL,
        RPA_WORKSHOP_CODE_HOURS), never in credentials.yml."""
        return cls(shared_auth())

    def url_prefix(self) -> str:
        return BASE

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        workshop = GuardedBlueprint("workshop", __name__)

        @workshop.listener("after_server_start")
        async def settle(_app: Any, _loop: Any) -> None:
            """Once the model is loaded (Rasa loads it before the server starts): so the first
            votes of the first workshop wait for no full garbage collection (heap.py)."""
            settle_heap()

        login.add_routes(self.auth, workshop, BASE)
        self._trainer_routes(workshop)
        self._participant_routes(workshop)
        self._api_routes(workshop)

        @workshop.route("/<filename:str>", methods=["GET"])
        async def workshop_static(_request: Request, filename: str) -> HTTPResponse:
            if filename not in STATIC_FILES:
                return response.text("Not found.", status=404, headers=dict(TEXT_HEADERS))
            return await static_file(WORKSHOP_STATIC / filename, STATIC_FILES[filename])

        return workshop

    def _trainer_routes(self, workshop: Blueprint) -> None:
        auth = self.auth

        @workshop.route("", methods=["GET"], strict_slashes=True)
        async def workshop_without_slash(_request: Request) -> HTTPResponse:
            return response.redirect(f"{BASE}/")

        @workshop.route("/", methods=["GET"], strict_slashes=True)
        @trainer_only(auth, BASE, page=True)
        async def start_page(request: Request) -> HTTPResponse:
            choices = await self._run(case_choices, self.store())
            return html(trainer_pages.start_page(choices))

        @workshop.route("/sessions", methods=["POST"])
        @trainer_only(auth, BASE)
        async def start_session(request: Request) -> HTTPResponse:
            if not same_origin(request):
                return cross_site_refusal()
            form = request.form
            choices = {c.case_id: c for c in await self._run(case_choices, self.store())}
            choice = choices.get(form.get("case") or "")
            if choice is None:
                page = trainer_pages.start_page(list(choices.values()), "Choose one of the cases.")
                return html(page, status=400)
            quiz_ids = choice.quiz_ids if form.get("quiz") else ()
            try:
                size = room_size(form.get("room"))
            except ValueError:
                page = trainer_pages.start_page(
                    list(choices.values()), f"Give the room size as a number from 1 to {MAX_ROOM}."
                )
                return html(page, status=400)
            started = await self._run(
                self._start,
                choice.case_id,
                quiz_ids,
                bool(form.get("checks")),
                bool(form.get("teams")),
                size,
            )
            auth.record(request, STARTED, f"workshop session {started}: {choice.label}")
            return response.redirect(f"{BASE}/s/{started}/", status=303)

        @workshop.route("/s/<session_id:int>/", methods=["GET"])
        @trainer_only(auth, BASE, page=True)
        async def presenter(request: Request, session_id: int) -> HTTPResponse:
            snapshot = await self._run(self.workshops().snapshot, session_id)
            if snapshot is None:
                return no_such_session()
            contacts = await self._run(self._urgent_contacts)
            page = trainer_pages.presenter_page(session_id, snapshot.case_id, contacts)
            return response.html(page, headers=dict(PRESENTER_HEADERS))

        @workshop.route("/s/<session_id:int>/publish", methods=["POST"])
        @trainer_only(auth, BASE)
        @from_this_site
        async def publish(request: Request, session_id: int) -> HTTPResponse:
            """The results page's form: put the session's counts on its case's handouts."""
            wanted = request.form.get("publish") == "yes"
            done = await self._run(self.workshops().publish, session_id, wanted)
            if not done:
                page = pages.error_page(
                    "Not published", "Only a session that has ended can be published.", False
                )
                return html(page, status=409)
            auth.record(
                request, PUBLISHED if wanted else WITHDRAWN, f"workshop session {session_id}"
            )
            return response.redirect(f"{BASE}/s/{session_id}/results", status=303)

        @workshop.route("/s/<session_id:int>/qr.svg", methods=["GET"])
        @trainer_only(auth, BASE)
        async def qr(request: Request, session_id: int) -> HTTPResponse:
            snapshot = await self._run(self.workshops().snapshot, session_id)
            if snapshot is None:
                return response.text("No such session.", status=404, headers=dict(TEXT_HEADERS))
            return response.text(
                qr_svg(join_url(request, snapshot.code)),
                content_type="image/svg+xml",
                headers=dict(TEXT_HEADERS),
            )

        @workshop.route("/s/<session_id:int>/results", methods=["GET"])
        @trainer_only(auth, BASE, page=True)
        async def results_page(request: Request, session_id: int) -> HTTPResponse:
            figures = await self._run(results, self.workshops(), session_id)
            if figures is None:
                return no_such_session()
            page = printable_results.results_page(figures, request.args.get("held") == "show")
            return html(page)

        @workshop.route("/s/<session_id:int>/results/<filename:str>", methods=["GET"])
        @trainer_only(auth, BASE)
        async def results_csv(request: Request, session_id: int, filename: str) -> HTTPResponse:
            table = filename.removesuffix(".csv")
            figures = await self._run(results, self.workshops(), session_id)
            if not filename.endswith(".csv") or table not in CSV_TABLES or figures is None:
                return response.text("Not found.", status=404, headers=dict(TEXT_HEADERS))
            name = f"workshop-{session_id}-{table}.csv"
            return csv_download(name, csv_text(figures, table))

    def _start(
        self,
        case_id: str,
        quiz_ids: tuple[str, ...],
        with_checks: bool,
        team_mode: bool,
        size: int | None = None,
    ) -> int:
        store = self.store()
        with store.session() as session:
            source, title, steps = build_plan(store, session, case_id, quiz_ids, with_checks)
        return self.workshops().start(source, case_id, title, steps, team_mode, size).id

    def _participant_routes(self, workshop: Blueprint) -> None:
        @workshop.route("/join", methods=["GET"])
        async def join_form(request: Request) -> HTTPResponse:
            code = typed_code(request.args.get("code"))
            if await self._already_in(request, code):  # the QR code scanned again
                return response.redirect(f"{BASE}/answer", status=303)
            return html(participant_pages.join_page(code))

        @workshop.route("/join", methods=["POST"])
        async def join(request: Request) -> HTTPResponse:
            form = request.form
            code = typed_code(form.get("code"))
            wait = await self._run(self._join_guard().wait, request)
            if wait:
                page = participant_pages.join_page(code, TOO_MANY.format(wait))
                return html(page, status=429, headers={"Retry-After": str(wait)})
            snapshot = await self._run(self._live_snapshot, code)
            if snapshot is None:
                await self._run(self._join_guard().wrong_code, request)
                page = participant_pages.join_page(
                    code, "There is no session with that code running now."
                )
                return html(page, status=400)
            team = None
            if snapshot.team_mode:
                try:
                    team = team_name(form.get("table"), form.getlist("agency") or [])
                except ValueError:
                    page = participant_pages.join_page(
                        code, "Choose your table, or the agencies at it.", team_mode_for=code
                    )
                    return html(page, status=400)
            device = request.cookies.get(PARTICIPANT_COOKIE)
            try:
                joined = await self._run(self.workshops().join, code, None, team, device)
            except RoomFull:
                page = participant_pages.join_page(code, ROOM_FULL)
                return html(page, status=409)
            if joined is None:  # ended between the two reads
                page = participant_pages.join_page(
                    code, "There is no session with that code running now."
                )
                return html(page, status=400)
            reply = response.redirect(f"{BASE}/answer", status=303, headers=dict(TEXT_HEADERS))
            reply.cookies[PARTICIPANT_COOKIE] = joined.token
            cookie = reply.cookies[PARTICIPANT_COOKIE]
            cookie["path"], cookie["httponly"], cookie["samesite"] = BASE, True, "Strict"
            lifetime = snapshot.expires_at - self.workshops().clock()
            cookie["max-age"] = max(0, int(lifetime.total_seconds()))
            if is_https(request):
                cookie["secure"] = True
            return reply

        @workshop.route("/answer", methods=["GET"])
        async def question(request: Request) -> HTTPResponse:
            token = request.cookies.get(PARTICIPANT_COOKIE)
            snapshot = await self._participant(token)
            if snapshot is None or token is None:
                return response.redirect(f"{BASE}/join", status=303)
            notice = "Your answer is in." if request.args.get("sent") else ""
            chosen = await self._run(self.workshops().chosen, token)
            page = participant_pages.answer_page(snapshot, notice, chosen=chosen)
            return response.html(page, headers=dict(PARTICIPANT_HEADERS))

        @workshop.route("/answer", methods=["POST"])
        async def answer_form(request: Request) -> HTTPResponse:
            token = request.cookies.get(PARTICIPANT_COOKIE) or ""
            form = request.form
            choice = form.get("choice")
            outcome, urgent = await self._answer(
                token, whole_number(choice), form.get("text"), form.get("step")
            )
            snapshot = await self._participant(token)
            if snapshot is None:
                return response.redirect(f"{BASE}/join", status=303)
            if outcome is Outcome.RECORDED and not urgent:
                return response.redirect(f"{BASE}/answer?sent=1", status=303)
            contacts = await self._run(self._urgent_contacts) if urgent else ()
            notice = "Your answer is in." if outcome is Outcome.RECORDED else _said(outcome)
            chosen = await self._run(self.workshops().chosen, token)
            page = participant_pages.answer_page(snapshot, notice, contacts, chosen)
            return response.html(page, headers=dict(PARTICIPANT_HEADERS))


def _said(outcome: Outcome) -> str:
    return {
        Outcome.CLOSED: "That question is closed now: here is the current one.",
        Outcome.STALE: "The trainer has moved on, so that answer was not counted: here is "
        "the current question.",
        Outcome.ENDED: "The session has ended.",
        Outcome.INVALID: "Choose one of the options (or type an answer) and send it again.",
        Outcome.NOT_FOUND: "Join the session again with its code.",
        Outcome.RECORDED: "Your answer is in.",
    }[outcome]
