"""The live workshop's JSON and live updates at /workshop/: the presenter's state and its
events stream (Server-Sent Events), its controls and keys, a phone's events stream, the web
chat's follow stream, and `/workshop/api/{join,question,answer}` for other clients. The pages
and forms are routes.py's; WorkshopInput (routes.py) serves both.

State is only in the database: an instance's events stream polls the session's version every
POLL_SECONDS, so an answer taken by another instance behind the load balancer reaches the
projector within that time.
"""

from __future__ import annotations

import asyncio
import functools
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.knowledge.store import KnowledgeStore
from bot.live_workshop.join_guard import JoinGuard, too_many_joins, typed_code
from bot.live_workshop.pages import BASE
from bot.live_workshop.service import (
    Control,
    Outcome,
    Position,
    RoomFull,
    Snapshot,
    Workshops,
    team_name,
)
from bot.live_workshop.streams import StreamSlots
from bot.safeguards.safety import assess_immediate_risk
from bot.web.limits import BadRequest, json_object, user_text, whole_number
from bot.web.proxies import client_address
from bot.web.security import same_origin, site_origin
from bot.web.trainer import Route, TrainerAuth, trainer_only

Marker = TypeVar("Marker")
"""What an events stream polls: the presenter's version, a phone's position."""
PARTICIPANT_COOKIE = "rpa_workshop"
POLL_SECONDS = 0.3
KEEP_ALIVE_SECONDS = 15.0
STREAM_SECONDS = 600.0
"""An events stream ends after this; the browser's EventSource reconnects by itself."""
ENDED = "ended"
"""What the record of trainers' actions says when a session ends (records.TrainerAction)."""
ROOM_FULL = "This session is full: the trainer set the room's size. Ask the trainer."


def step_number(value: object) -> int | None:
    """The step a participant's form or button names (a number, or its digits); None when it
    names none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return whole_number(value) if isinstance(value, str) else None


def event(name: str, data: Mapping[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n"


def join_url(request: Request, code: str) -> str:
    """The join page with the code filled in, on this site (RPA_PUBLIC_URL, or as the
    trainer's browser reached it; forwarded headers only from a trusted proxy)."""
    return f"{site_origin(request)}{BASE}/join?{urlencode({'code': code})}"


def _json(data: Mapping[str, Any], status: int = 200) -> HTTPResponse:
    return response.json(data, status=status, headers={"Cache-Control": "no-store"})


def from_this_site(route: Route) -> Route:
    """A presenter's control (from a signed-in trainer, so under `trainer_only`): run only
    when sent by this site's own page, else 403."""

    @functools.wraps(route)
    async def checked(request: Request, *args: Any, **kwargs: Any) -> Any:
        if not same_origin(request):
            return _json({"error": "not sent from this site"}, 403)
        return await route(request, *args, **kwargs)

    return cast(Route, checked)


def presenter_state(snapshot: Snapshot, join_url: str) -> Mapping[str, object]:
    """The JSON presenter.js draws from; the reveal only once the trainer revealed it, the
    counts only while the room may see them, and of a held answer only that there is one."""
    step = snapshot.step
    return {
        "version": snapshot.version,
        "code": snapshot.code,
        "joinUrl": join_url,
        "title": snapshot.title,
        "index": snapshot.step_index,
        "total": len(snapshot.steps),
        "kind": step.kind.value,
        "heading": step.heading,
        "known": step.known,
        "prompt": step.prompt,
        "options": list(step.options),
        "freeText": step.free_text,
        "votingOpen": snapshot.voting_open,
        "revealed": snapshot.revealed,
        "ended": snapshot.ended,
        "teamMode": snapshot.team_mode,
        "teams": list(snapshot.teams),
        "participants": snapshot.participants,
        "maxParticipants": snapshot.max_participants,
        "lobby": snapshot.lobby,
        "answered": snapshot.answered,
        "resultsVisible": snapshot.results_visible,
        "counts": list(snapshot.counts) if snapshot.results_visible else [],
        "shown": [{"id": t.id, "text": t.text} for t in snapshot.texts if t.shown],
        "waiting": [
            {"id": t.id, "text": t.text} for t in snapshot.texts if not t.shown and not t.held
        ],
        "held": snapshot.held,
        "reveal": {
            "answer": step.answer,
            "happened": step.happened,
            "text": step.reveal,
            "keyMessages": list(step.key_messages),
            "source": step.source,
            "reflectiveQuestions": list(step.reflective_questions),
        }
        if snapshot.revealed
        else None,
    }


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


class WorkshopApi:
    """The JSON routes and live updates of WorkshopInput (routes.py), and what they share with
    its pages: the join guard, a participant's session, recording an answer."""

    auth: TrainerAuth
    store: Callable[[], KnowledgeStore]
    workshops: Callable[[], Workshops]
    _guard: JoinGuard | None
    _streams: StreamSlots

    async def _run(self, function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.to_thread(function, *args)

    def _api_routes(self, workshop: Blueprint) -> None:
        auth = self.auth

        @workshop.route("/s/<session_id:int>/state", methods=["GET"])
        @trainer_only(auth, BASE)
        async def state(request: Request, session_id: int) -> HTTPResponse:
            snapshot = await self._run(self.workshops().snapshot, session_id)
            if snapshot is None:
                return _json({"error": "no such session"}, 404)
            return _json(presenter_state(snapshot, join_url(request, snapshot.code)))

        @workshop.route("/s/<session_id:int>/events", methods=["GET"])
        @trainer_only(auth, BASE)
        async def events(request: Request, session_id: int) -> HTTPResponse | None:
            client = client_address(request)
            if not self._streams.take(client):
                return _json({"error": "too many live views open; close one first"}, 429)

            async def state_now(_version: int) -> tuple[str, Mapping[str, Any], bool]:
                snapshot: Snapshot = await self._run(self.workshops().snapshot, session_id)
                data = presenter_state(snapshot, join_url(request, snapshot.code))
                return "state", data, snapshot.ended

            try:
                # while the trainer stays signed in: checked at every poll, so a stream ends
                # with its session
                await self._stream(
                    request,
                    lambda: self.workshops().version(session_id)
                    if self.auth.signed_in(request)
                    else None,
                    state_now,
                )
            finally:
                self._streams.give_back(client)
            return None

        @workshop.route("/s/<session_id:int>/control", methods=["POST"])
        @trainer_only(auth, BASE)
        @from_this_site
        async def control(request: Request, session_id: int) -> HTTPResponse:
            try:
                body = json_object(request.body)
                action = Control(body.get("action"))
            except (BadRequest, ValueError) as error:
                return _json({"error": str(error)}, 400)
            done = await self._run(self.workshops().control, session_id, action)
            if done and action is Control.END:
                auth.record(request, ENDED, f"workshop session {session_id}")
            return _json({"done": done}, 200 if done else 409)

        @workshop.route("/s/<session_id:int>/show", methods=["POST"])
        @trainer_only(auth, BASE)
        @from_this_site
        async def show(request: Request, session_id: int) -> HTTPResponse:
            try:
                answer = json_object(request.body).get("answer")
            except BadRequest as error:
                return _json({"error": str(error)}, 400)
            if not isinstance(answer, int) or isinstance(answer, bool):
                return _json({"error": "answer must be the id of an answer"}, 400)
            done = await self._run(self.workshops().show, session_id, answer)
            return _json({"done": done}, 200 if done else 404)

        @workshop.route("/answer/events", methods=["GET"])
        async def question_events(request: Request) -> HTTPResponse | None:
            """Where the session is, each time the trainer moves it: the phone's page then
            fetches its question again, in place (participant.js)."""
            token = request.cookies.get(PARTICIPANT_COOKIE) or ""
            session_id = await self._run(self.workshops().session_id_for, token)
            if session_id is None:
                return _json({"error": "no such participant"}, 404)
            await self._follow(request, session_id)
            return None

        @workshop.route("/follow", methods=["GET"])
        async def follow(request: Request) -> HTTPResponse | None:
            """Where the live session with this code is, each time it moves: what the web chat
            follows to ask for the next question by itself (the code is on the screen, and the
            step number is all this says)."""
            code = typed_code(request.args.get("code"))
            session_id = await self._run(self.workshops().live_session_id, code)
            if session_id is None:
                return _json({"error": "no session with that code is running"}, 404)
            await self._follow(request, session_id)
            return None

        @workshop.route("/api/join", methods=["POST"])
        async def api_join(request: Request) -> HTTPResponse:
            try:
                body = json_object(request.body)
                code = typed_code(user_text(body.get("code"), "code"))
                wait = await self._run(self._join_guard().wait, request)
                if wait:
                    return too_many_joins(wait)
                snapshot = await self._run(self._live_snapshot, code)
                if snapshot is None:
                    await self._run(self._join_guard().wrong_code, request)
                    return _json({"error": "no session with that code is running"}, 404)
                agencies = body.get("agencies") or []
                team = (
                    team_name(body.get("table"), agencies if isinstance(agencies, list) else [])
                    if snapshot.team_mode
                    else None
                )
            except (BadRequest, ValueError) as error:
                return _json({"error": str(error)}, 400)
            try:
                joined = await self._run(
                    self.workshops().join, code, None, team, _text_or_none(body.get("token"))
                )
            except RoomFull:
                return _json({"error": ROOM_FULL}, 409)
            if joined is None:
                return _json({"error": "no session with that code is running"}, 404)
            return _json({"token": joined.token, "title": joined.title, "team": joined.team})

        @workshop.route("/api/question", methods=["GET"])
        async def api_question(request: Request) -> HTTPResponse:
            snapshot = await self._participant(request.args.get("token"))
            if snapshot is None:
                return _json({"error": "no such participant"}, 404)
            step = snapshot.step
            return _json(
                {
                    "step": snapshot.step_index,
                    "heading": step.heading,
                    "prompt": step.prompt,
                    "options": list(step.options),
                    "freeText": step.free_text,
                    "votingOpen": snapshot.voting_open,
                    "ended": snapshot.ended,
                }
            )

        @workshop.route("/api/answer", methods=["POST"])
        async def api_answer(request: Request) -> HTTPResponse:
            try:
                body = json_object(request.body)
                token = user_text(body.get("token"), "token")
                choice, text = body.get("choice"), body.get("text")
                if choice is not None and (not isinstance(choice, int) or isinstance(choice, bool)):
                    raise BadRequest("choice must be the number of an option, from 0")
                if text is not None:
                    text = user_text(text, "text")
            except BadRequest as error:
                return _json({"error": str(error)}, 400)
            outcome, urgent = await self._answer(token, choice, text, body.get("step"))
            status = {Outcome.RECORDED: 200, Outcome.NOT_FOUND: 404}.get(outcome, 409)
            reply: dict[str, Any] = {"status": outcome.name.lower(), "detail": outcome.value}
            if urgent:
                contacts = await self._run(self._urgent_contacts)
                reply["urgent"] = [f"{c.name}: {c.phone} ({c.when})" for c in contacts]
            return _json(reply, status)

    def _join_guard(self) -> JoinGuard:
        """Made on the first join, on the workshops' database (not when Rasa loads us)."""
        if self._guard is None:
            self._guard = JoinGuard(self.workshops().engine)
        return self._guard

    async def _follow(self, request: Request, session_id: int) -> None:
        """A participant's events stream: where the session is (step, voting open, revealed,
        ended) each time the trainer moves it; other people's votes do not move it."""

        async def said(position: Position) -> tuple[str, Mapping[str, Any], bool]:
            data = {
                "step": position.step,
                "votingOpen": position.voting_open,
                "revealed": position.revealed,
                "ended": position.ended,
            }
            return "position", data, position.ended

        await self._stream(request, lambda: self.workshops().position(session_id), said)

    async def _stream(
        self,
        request: Request,
        marker: Callable[[], Marker | None],
        said: Callable[[Marker], Awaitable[tuple[str, Mapping[str, Any], bool]]],
    ) -> None:
        """An events stream: polls `marker` (None once the session is gone) every
        POLL_SECONDS and, each time it changes, sends what `said` makes of it (the event's
        name, its data, whether the session has ended); a keep-alive meanwhile. It ends with
        the session, or after STREAM_SECONDS (the browser then reconnects by itself)."""
        stream = await request.respond(
            content_type="text/event-stream; charset=utf-8",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
        last: Marker | None = None
        sent_at, opened = 0.0, time.monotonic()
        while time.monotonic() - opened < STREAM_SECONDS:
            current: Marker | None = await self._run(marker)
            now = time.monotonic()
            if current is None:
                break
            if current != last:
                name, data, ended = await said(current)
                await stream.send(event(name, data))
                last, sent_at = current, now
                if ended:
                    break
            elif now - sent_at > KEEP_ALIVE_SECONDS:
                await stream.send(": keep-alive\n\n")
                sent_at = now
            await asyncio.sleep(POLL_SECONDS)
        await stream.eof()

    async def _already_in(self, request: Request, code: str) -> bool:
        """Whether this device's cookie is already a participant of the live session with
        this code."""
        token = request.cookies.get(PARTICIPANT_COOKIE)
        if not token or not code:
            return False
        session_id = await self._run(self.workshops().session_id_for, token)
        live = await self._run(self.workshops().live_session_id, code)
        return session_id is not None and session_id == live

    def _live_snapshot(self, code: str) -> Snapshot | None:
        session_id = self.workshops().live_session_id(code)
        return None if session_id is None else self.workshops().snapshot(session_id)

    async def _participant(self, token: str | None) -> Snapshot | None:
        if not token:
            return None
        session_id = await self._run(self.workshops().session_id_for, token)
        if session_id is None:
            return None
        snapshot: Snapshot | None = await self._run(self.workshops().snapshot, session_id)
        return snapshot

    async def _answer(
        self, token: str, choice: int | None, text: str | None, step: object
    ) -> tuple[Outcome, bool]:
        """Records an answer, for the step the participant saw when one is named (a page left
        open over a step change must not answer the next question); and whether it suggests
        a child is at immediate risk, which gets urgent advice before anything else."""
        urgent = bool(text) and assess_immediate_risk(text or "").at_risk
        outcome: Outcome = await self._run(
            self.workshops().answer, token, choice, text, step_number(step), urgent
        )
        return outcome, urgent

    def _urgent_contacts(self) -> list[Any]:
        store = self.store()
        with store.session() as session:
            return store.urgent_contacts(session)
