"""Workshop sessions in the database: start, join by code, answer, the trainer's controls.

Every change is one short transaction that first moves the session's `version` on: the
presenters of every instance see the change at their next poll, and on SQLite the update takes
the write lock first, so concurrent answers queue instead of failing on a lock upgrade.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select, Update

from bot.db import prepare
from bot.knowledge.store import shared_store
from bot.live_workshop.plan import Kind, Step
from bot.live_workshop.tables import (
    CODE_DIGITS,
    WorkshopAnswer,
    WorkshopParticipant,
    WorkshopSession,
)
from bot.safeguards.minimise import minimise
from bot.settings import workshop_code_hours

MAX_TEXT_CHARS = 500
"""A reflection fits a projector slide; longer is cut before it is minimised and stored."""
TABLE_NAMES = tuple(f"Table {number}" for number in range(1, 13))
AGENCIES = (
    "Social care",
    "Health",
    "Education",
    "Police",
    "Mental health",
    "Early help",
    "Voluntary sector",
)
"""Team mode: a table answers as "Table 3" or as its mix of agencies, never a person's name."""
CODE_ATTEMPTS = 50
NOT_ENDED = WorkshopSession.__table__.c.ended_at.is_(None)


def utc_now() -> datetime:
    """Naive UTC, as the tables store it (SQLite keeps no time zone)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def team_name(table: str | None = None, agencies: Sequence[str] = ()) -> str:
    """The team's name from the fixed lists; ValueError for anything else (a typed name)."""
    if table:
        if table not in TABLE_NAMES:
            raise ValueError("choose a table from the list")
        return table
    chosen = [agency for agency in AGENCIES if agency in agencies]
    if not chosen or len(chosen) != len(set(agencies)):
        raise ValueError("choose a table or the agencies at it, from the lists")
    return " + ".join(chosen)


class Control(enum.Enum):
    """What the trainer can do; the presenter's keys map onto these."""

    NEXT = "next"
    BACK = "back"
    OPEN = "open"
    CLOSE = "close"
    REVEAL = "reveal"
    RESULTS = "results"
    """Shows or hides the counts on the projector before the reveal."""
    END = "end"


class Outcome(enum.Enum):
    RECORDED = "recorded"
    CLOSED = "voting is not open"
    ENDED = "the session has ended"
    NOT_FOUND = "no such participant"
    INVALID = "not an answer to this question"
    STALE = "the question has moved on"
    """The answer was given to an earlier step (a button or page left from before)."""


class RoomFull(Exception):
    """The session has as many devices as the trainer said the room holds."""


@dataclass(frozen=True)
class Joined:
    token: str
    session_id: int
    title: str
    team: str | None


@dataclass(frozen=True)
class TextAnswer:
    id: int
    text: str
    shown: bool
    held: bool = False
    """It may describe a child at immediate risk: never shown."""


class Position(NamedTuple):
    """Where a session is: what a participant's page follows."""

    step: int
    voting_open: bool
    revealed: bool
    ended: bool


@dataclass(frozen=True)
class Chosen:
    """What one participant answered to the current step, so their page can show it."""

    choice: int | None
    text: str | None


@dataclass(frozen=True)
class Snapshot:
    """A session as the presenter and the participants see it now."""

    session_id: int
    code: str
    title: str
    case_id: str
    version: int
    step_index: int
    steps: tuple[Step, ...]
    voting_open: bool
    revealed: bool
    team_mode: bool
    ended: bool
    expires_at: datetime
    participants: int
    counts: tuple[int, ...]
    """Answers per option of the current step."""
    texts: tuple[TextAnswer, ...]
    """The current step's free-text answers, minimised, oldest first."""
    teams: tuple[str, ...] = ()
    """In team mode, the teams that have joined, by name from the fixed lists."""
    results_visible: bool = True
    """Whether the projector shows the counts now (always once revealed)."""
    published: bool = False
    max_participants: int | None = None

    @property
    def step(self) -> Step:
        return self.steps[self.step_index]

    @property
    def position(self) -> Position:
        return Position(self.step_index, self.voting_open, self.revealed, self.ended)

    @property
    def answered(self) -> int:
        return sum(self.counts) if self.counts else len(self.texts)

    @property
    def held(self) -> int:
        return sum(1 for text in self.texts if text.held)

    @property
    def lobby(self) -> bool:
        """Before the first question was opened: the projector shows how to join, large."""
        return (
            self.step_index == 0
            and not self.voting_open
            and not self.revealed
            and (not self.answered)
        )


class Workshops:
    """All workshop state, behind one engine (the knowledge database's)."""

    def __init__(
        self, engine: Engine, clock: Callable[[], datetime] = utc_now, code_hours: int | None = None
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.code_hours = workshop_code_hours() if code_hours is None else code_hours
        prepare(engine)

    def session(self) -> Session:
        return Session(self.engine, future=True, expire_on_commit=False)

    def _live(self, code: str) -> Select:
        return select(WorkshopSession).where(
            WorkshopSession.code == code, NOT_ENDED, WorkshopSession.expires_at > self.clock()
        )

    def live_session_id(self, code: str) -> int | None:
        with self.engine.connect() as connection:
            return connection.scalar(self._live(code.strip()).with_only_columns(WorkshopSession.id))

    def start(
        self,
        source_id: str,
        case_id: str,
        title: str,
        steps: Sequence[Step],
        team_mode: bool,
        max_participants: int | None = None,
    ) -> WorkshopSession:
        """A new session with a join code no live session has."""
        now = self.clock()
        with self.session() as session, session.begin():
            live = set(
                session.scalars(
                    select(WorkshopSession.code).where(NOT_ENDED, WorkshopSession.expires_at > now)
                )
            )
            for _ in range(CODE_ATTEMPTS):
                code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
                if code not in live:
                    break
            else:
                raise RuntimeError("no free join code: too many live sessions")
            row = WorkshopSession(
                code=code,
                salt=secrets.token_urlsafe(32),
                source_id=source_id,
                case_id=case_id,
                title=title,
                plan=[step.to_json() for step in steps],
                step=0,
                voting_open=False,
                revealed=False,
                team_mode=team_mode,
                max_participants=max_participants,
                published=False,
                version=1,
                created_at=now,
                expires_at=now + timedelta(hours=self.code_hours),
            )
            session.add(row)
        return row

    def join(
        self,
        code: str,
        sender: str | None = None,
        team: str | None = None,
        device: str | None = None,
    ) -> Joined | None:
        """Joins the live session with this code (None when there is none). The same device
        joining again gets the same participant back, so nobody is counted twice: a chat
        sender by the keyed hash of its id, a phone by the token its cookie already holds
        (`device`) when that token is of this session. A team name must come from
        team_name(). RoomFull when the room has as many devices as the trainer set."""
        live = self._live(code.strip())
        with self.session() as session, session.begin():
            # The version first, as in answer(): the write lock before any read.
            session_id = live.with_only_columns(WorkshopSession.id).scalar_subquery()
            if not session.execute(_bump(session_id)).rowcount:
                return None
            row = session.scalar(live)
            if row is None:
                return None
            key = _sender_key(row.salt, sender) if sender else None
            participant = _returning(session, row.id, key, device)
            if participant is None:
                if row.max_participants is not None and _joined(session, row.id) >= (
                    row.max_participants
                ):
                    raise RoomFull(row.code)
                participant = WorkshopParticipant(
                    session_id=row.id,
                    token=secrets.token_urlsafe(32),
                    sender_key=key,
                    team=team if row.team_mode else None,
                    joined_at=self.clock(),
                )
                session.add(participant)
            return Joined(participant.token, row.id, row.title, participant.team)

    def open_question(self, code: str, sender: str) -> Step | None:
        """The question a chat participant can answer now (voting open), or None: what
        decides that a typed message in the chat is a reflection, not a question."""
        live = self._live(code.strip())
        with self.session() as session:
            row = session.scalar(live)
            if row is None or not row.voting_open:
                return None
            key = _sender_key(row.salt, sender)
            if _returning(session, row.id, key, None) is None:
                return None
            return Step.from_json(row.plan[row.step])

    def answer(
        self,
        token: str,
        choice: int | None = None,
        text: str | None = None,
        step: int | None = None,
        held: bool = False,
    ) -> Outcome:
        """Records (or replaces) the participant's answer to the current step; STALE when
        `step` (the step the participant saw) is not the current one, checked in the same
        transaction, so an old button never counts on a later question. A `held` answer (it
        may describe a child at immediate risk) is kept from the projector."""
        now = self.clock()
        with self.session() as session, session.begin():
            # The version first: on SQLite this takes the write lock before anything is read.
            of_participant = (
                select(WorkshopParticipant.session_id)
                .where(WorkshopParticipant.token == token)
                .scalar_subquery()
            )
            if not session.execute(_bump(of_participant)).rowcount:
                known = session.scalar(select(of_participant))
                return Outcome.NOT_FOUND if known is None else Outcome.ENDED
            found = session.execute(
                select(WorkshopParticipant, WorkshopSession)
                .join(WorkshopSession, WorkshopSession.id == WorkshopParticipant.session_id)
                .where(WorkshopParticipant.token == token)
            ).one()
            participant, row = found
            if row.ended_at is not None or row.expires_at <= now:
                return Outcome.ENDED
            if step is not None and step != row.step:
                return Outcome.STALE
            if not row.voting_open:
                return Outcome.CLOSED
            current = Step.from_json(row.plan[row.step])
            if current.free_text:
                if choice is not None or not text or not text.strip():
                    return Outcome.INVALID
                stored_text, stored_choice = minimise(text.strip()[:MAX_TEXT_CHARS]), None
            else:
                if text is not None or choice is None or not 0 <= choice < len(current.options):
                    return Outcome.INVALID
                stored_text, stored_choice = None, choice
            previous = session.scalar(
                select(WorkshopAnswer).where(
                    WorkshopAnswer.participant_id == participant.id, WorkshopAnswer.step == row.step
                )
            )
            if previous is None:
                session.add(
                    WorkshopAnswer(
                        session_id=row.id,
                        participant_id=participant.id,
                        step=row.step,
                        choice=stored_choice,
                        text=stored_text,
                        shown=False,
                        held=held,
                        answered_at=now,
                    )
                )
            else:
                previous.choice, previous.text = stored_choice, stored_text
                previous.shown, previous.held, previous.answered_at = False, held, now
            return Outcome.RECORDED

    def control(self, session_id: int, action: Control) -> bool:
        """Applies a trainer's control; False when the session has ended (or never was)."""
        with self.session() as session, session.begin():
            if not session.execute(_bump(session_id)).rowcount:
                return False
            row = session.get(WorkshopSession, session_id)
            if row is None or row.ended_at is not None:
                return False
            if action in (Control.NEXT, Control.BACK):
                target = row.step + (1 if action is Control.NEXT else -1)
                if 0 <= target < len(row.plan):
                    row.step, row.voting_open, row.revealed = target, False, False
                    row.results_visible = None
            elif action is Control.OPEN:
                row.voting_open = True
            elif action is Control.CLOSE:
                row.voting_open = False
            elif action is Control.REVEAL:
                row.voting_open, row.revealed = False, True
            elif action is Control.RESULTS:
                row.results_visible = not _results_visible(row)
            elif action is Control.END:
                row.voting_open, row.ended_at = False, self.clock()
            return True

    def show(self, session_id: int, answer_id: int) -> bool:
        """Puts one free-text answer (already minimised) on the projector."""
        with self.session() as session, session.begin():
            if not session.execute(_bump(session_id)).rowcount:
                return False
            shown = session.execute(
                update(WorkshopAnswer)
                .where(
                    WorkshopAnswer.id == answer_id,
                    WorkshopAnswer.session_id == session_id,
                    WorkshopAnswer.__table__.c.held.is_(False),
                )
                .values(shown=True)
            )
            return bool(shown.rowcount)

    def publish(self, session_id: int, published: bool) -> bool:
        """Puts an ended session's counts on its case's handouts, or takes them off: only the
        trainer decides, so a practice run is never published by default."""
        with self.session() as session, session.begin():
            done = session.execute(
                update(WorkshopSession)
                .where(
                    WorkshopSession.id == session_id,
                    WorkshopSession.__table__.c.ended_at.is_not(None),
                )
                .values(published=published)
                .execution_options(synchronize_session=False)
            )
            return bool(done.rowcount)

    def chosen(self, token: str) -> Chosen | None:
        """The participant's answer to the current step, if any."""
        with self.engine.connect() as connection:
            found = connection.execute(
                select(WorkshopAnswer.choice, WorkshopAnswer.text)
                .join(WorkshopParticipant, WorkshopParticipant.id == WorkshopAnswer.participant_id)
                .join(WorkshopSession, WorkshopSession.id == WorkshopAnswer.session_id)
                .where(
                    WorkshopParticipant.token == token, WorkshopAnswer.step == WorkshopSession.step
                )
            ).first()
        return None if found is None else Chosen(found.choice, found.text)

    def latest_published(self, case_id: str) -> int | None:
        """The session on the case the trainer published that ended last, for its handouts."""
        with self.engine.connect() as connection:
            return connection.scalar(
                select(WorkshopSession.id)
                .where(
                    WorkshopSession.case_id == case_id,
                    WorkshopSession.__table__.c.ended_at.is_not(None),
                    WorkshopSession.__table__.c.published.is_(True),
                )
                .order_by(
                    WorkshopSession.__table__.c.ended_at.desc(),
                    WorkshopSession.__table__.c.id.desc(),
                )
                .limit(1)
            )

    def position(self, session_id: int) -> Position | None:
        """Where the session is (step, voting open, revealed, ended): what a participant's
        page follows, one indexed read, unmoved by other people's votes."""
        with self.engine.connect() as connection:
            found = connection.execute(
                select(
                    WorkshopSession.step,
                    WorkshopSession.voting_open,
                    WorkshopSession.revealed,
                    WorkshopSession.__table__.c.ended_at.is_not(None)
                    | (WorkshopSession.expires_at <= self.clock()),
                ).where(WorkshopSession.id == session_id)
            ).first()
        if found is None:
            return None
        return Position(int(found[0]), bool(found[1]), bool(found[2]), bool(found[3]))

    def version(self, session_id: int) -> int | None:
        """What the presenters poll: one indexed read."""
        with self.engine.connect() as connection:
            return connection.scalar(
                select(WorkshopSession.version).where(WorkshopSession.id == session_id)
            )

    def session_id_for(self, token: str) -> int | None:
        with self.engine.connect() as connection:
            return connection.scalar(
                select(WorkshopParticipant.session_id).where(WorkshopParticipant.token == token)
            )

    def snapshot(self, session_id: int) -> Snapshot | None:
        with self.session() as session:
            row = session.get(WorkshopSession, session_id)
            if row is None:
                return None
            steps = tuple(Step.from_json(step) for step in row.plan)
            participants = _joined(session, session_id)
            answers = session.execute(
                select(
                    WorkshopAnswer.id,
                    WorkshopAnswer.choice,
                    WorkshopAnswer.text,
                    WorkshopAnswer.shown,
                    WorkshopAnswer.held,
                )
                .where(WorkshopAnswer.session_id == session_id, WorkshopAnswer.step == row.step)
                .order_by(WorkshopAnswer.answered_at, WorkshopAnswer.id)
            ).all()
            teams = session.scalars(
                select(WorkshopParticipant.team)
                .where(
                    WorkshopParticipant.session_id == session_id,
                    WorkshopParticipant.__table__.c.team.is_not(None),
                )
                .distinct()
                .order_by(WorkshopParticipant.team)
            )
            step = steps[row.step]
            counts = tuple(
                sum(1 for answer in answers if answer.choice == index)
                for index in range(len(step.options))
            )
            texts = tuple(
                TextAnswer(answer.id, answer.text, answer.shown, answer.held)
                for answer in answers
                if answer.text is not None
            )
            return Snapshot(
                session_id=row.id,
                code=row.code,
                title=row.title,
                case_id=row.case_id,
                version=row.version,
                step_index=row.step,
                steps=steps,
                voting_open=row.voting_open,
                revealed=row.revealed,
                team_mode=row.team_mode,
                ended=row.ended_at is not None or row.expires_at <= self.clock(),
                expires_at=row.expires_at,
                participants=participants or 0,
                counts=counts,
                texts=texts,
                teams=tuple(team for team in teams if team),
                results_visible=row.revealed or _results_visible(row),
                published=row.published,
                max_participants=row.max_participants,
            )


def stored_workshops() -> Workshops:
    """This server's workshops, in the knowledge database (RPA_DATABASE_URL), on the process's
    one engine: opened on the first request, not when Rasa loads the channels."""
    return Workshops(shared_store().engine)


def _bump(session_id: object) -> Update:
    """Moves a live session's version on; matches no row once it has ended."""
    return (
        update(WorkshopSession)
        .where(WorkshopSession.id == session_id, NOT_ENDED)
        .values(version=WorkshopSession.version + 1)
        .execution_options(synchronize_session=False)
    )


def _joined(session: Session, session_id: int) -> int:
    count = session.scalar(select(func.count()).where(WorkshopParticipant.session_id == session_id))
    return count or 0


def _returning(
    session: Session, session_id: int, key: str | None, device: str | None
) -> WorkshopParticipant | None:
    """The participant this chat sender (by its keyed hash) or this device (by the token its
    cookie holds) already is in this session, if any."""
    if key:
        found = WorkshopParticipant.sender_key == key
    elif device:
        found = WorkshopParticipant.token == device
    else:
        return None
    return session.scalar(
        select(WorkshopParticipant).where(WorkshopParticipant.session_id == session_id, found)
    )


def _results_visible(row: WorkshopSession) -> bool:
    """The trainer's choice for this step, or its default: a stage's "what would you do
    next?" keeps the room's majority hidden until the reveal, so nobody just follows it."""
    if row.results_visible is not None:
        return row.results_visible
    return Step.from_json(row.plan[row.step]).kind is not Kind.STAGE


def _sender_key(salt: str, sender: str) -> str:
    """A chat sender as this session knows it: keyed with the session's own salt, so the
    conversation id is never stored and cannot be followed to another session."""
    return hmac.new(salt.encode(), sender.encode(), hashlib.sha256).hexdigest()
