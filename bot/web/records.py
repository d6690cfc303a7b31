"""What the trainer pages and the workshop doors remember, in the assistant's own database, so
every instance behind the load balancer sees the same and a restart forgets nothing:

- the trainer sessions (who, which role, until when, signed out or not): sign-out on one
  instance ends the session on all of them, even if its cookie was copied;
- failed attempts per client address and door (trainer sign-in, workshop join), so guessing is
  slowed for the client guessing and nobody else;
- who started, ended or published what, for the learning lead's record.

Times are Unix seconds (float), from the wall clock all instances share.
"""

from __future__ import annotations

import enum
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from bot.db import Base, prepare

Clock = Callable[[], float]


class Role(enum.Enum):
    """What a signed-in person may open: a trainer runs workshops; the learning lead also sees
    insights and signs off. The shared password is the learning lead's (a small deployment has
    one person doing both)."""

    TRAINER = "trainer"
    LEARNING_LEAD = "learning lead"

    def allows(self, needed: Role) -> bool:
        return self is Role.LEARNING_LEAD or needed is Role.TRAINER


NAME_LENGTH = 200
CLIENT_LENGTH = 64


class TrainerSession(Base):
    """A signed-in trainer; the cookie carries its id, signed."""

    __tablename__ = "trainer_sessions"

    id: str = Column(String(64), primary_key=True)
    name: str = Column(String(NAME_LENGTH), nullable=False)
    role: str = Column(String(32), nullable=False)
    expires_at: float = Column(Float, nullable=False, index=True)
    signed_out: bool = Column(Boolean, nullable=False, default=False)


class FailedAttempt(Base):
    """One wrong password or join code, from one client address, at one door."""

    __tablename__ = "failed_attempts"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    door: str = Column(String(32), nullable=False)
    client: str = Column(String(CLIENT_LENGTH), nullable=False)
    at: float = Column(Float, nullable=False, index=True)


class TrainerAction(Base):
    """Who started, ended or published what (a workshop session, by id)."""

    __tablename__ = "trainer_actions"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    at: datetime = Column(DateTime, nullable=False)
    who: str = Column(String(NAME_LENGTH), nullable=False)
    role: str = Column(String(32), nullable=False)
    action: str = Column(String(64), nullable=False)
    subject: str = Column(Text, nullable=False)


def private_engine() -> Engine:
    """A database of this process only, for a TrainerAuth made without one (the tests of one
    page); deployments always pass the assistant's database."""
    return create_engine(
        "sqlite://", future=True, poolclass=StaticPool, connect_args={"check_same_thread": False}
    )


def prepared(engine: Engine | None) -> Engine:
    return prepare(private_engine() if engine is None else engine)


@dataclass(frozen=True)
class Signed:
    """Who a valid session belongs to."""

    session_id: str
    name: str
    role: str
    expires_at: float


class SessionRecords:
    def __init__(self, engine: Engine, clock: Clock = time.time) -> None:
        self.engine = engine
        self.clock = clock

    def open(self, name: str, role: str, lifetime: int) -> Signed:
        session_id = secrets.token_urlsafe(16)
        expires = float(int(self.clock()) + lifetime)
        with Session(self.engine, future=True) as session, session.begin():
            session.execute(delete(TrainerSession).where(TrainerSession.expires_at < self.clock()))
            session.add(
                TrainerSession(
                    id=session_id, name=name[:NAME_LENGTH], role=role, expires_at=expires
                )
            )
        return Signed(session_id, name, role, expires)

    def find(self, session_id: str) -> Signed | None:
        with Session(self.engine, future=True) as session:
            row = session.get(TrainerSession, session_id)
            if row is None or row.signed_out or row.expires_at <= self.clock():
                return None
            return Signed(row.id, row.name, row.role, row.expires_at)

    def sign_out(self, session_id: str) -> None:
        with Session(self.engine, future=True) as session, session.begin():
            row = session.get(TrainerSession, session_id)
            if row is not None:
                row.signed_out = True


class Throttle:
    """At most `limit` failures per `window` seconds from one client at one door; then that
    client waits until the oldest of them is `window` old. Other clients are not affected."""

    def __init__(
        self, engine: Engine, door: str, limit: int, window: float, clock: Clock = time.time
    ) -> None:
        self.engine = engine
        self.door = door
        self.limit = limit
        self.window = window
        self.clock = clock

    def _recent(self, client: str) -> list[float]:
        with self.engine.connect() as connection:
            return list(
                connection.scalars(
                    select(FailedAttempt.at)
                    .where(
                        FailedAttempt.door == self.door,
                        FailedAttempt.client == client[:CLIENT_LENGTH],
                        FailedAttempt.at > self.clock() - self.window,
                    )
                    .order_by(FailedAttempt.__table__.c.at.desc())
                    .limit(self.limit)
                )
            )

    def seconds_left(self, client: str) -> float:
        recent = self._recent(client)
        if len(recent) < self.limit:
            return 0.0
        return max(0.0, min(recent) + self.window - self.clock())

    def failed(self, client: str) -> None:
        now = self.clock()
        with Session(self.engine, future=True) as session, session.begin():
            session.execute(
                delete(FailedAttempt).where(
                    FailedAttempt.door == self.door, FailedAttempt.at <= now - self.window
                )
            )
            session.add(FailedAttempt(door=self.door, client=client[:CLIENT_LENGTH], at=now))

    def succeeded(self, client: str) -> None:
        with Session(self.engine, future=True) as session, session.begin():
            session.execute(
                delete(FailedAttempt).where(
                    FailedAttempt.door == self.door, FailedAttempt.client == client[:CLIENT_LENGTH]
                )
            )


def record_action(engine: Engine, who: str, role: str, action: str, subject: str) -> None:
    """Adds a line to the record of who did what."""
    with Session(engine, future=True) as session, session.begin():
        session.add(
            TrainerAction(
                at=datetime.now(timezone.utc).replace(tzinfo=None),
                who=who[:NAME_LENGTH],
                role=role,
                action=action,
                subject=subject,
            )
        )


@dataclass(frozen=True)
class Recorded:
    """One line of the record: when (UTC), who, in which role, did what to what."""

    at: datetime
    who: str
    role: str
    action: str
    subject: str


def recorded(engine: Engine) -> list[Recorded]:
    """The record, oldest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                TrainerAction.at,
                TrainerAction.who,
                TrainerAction.role,
                TrainerAction.action,
                TrainerAction.subject,
            ).order_by(TrainerAction.id)
        )
        return [Recorded(row.at, row.who, row.role, row.action, row.subject) for row in rows]


def actions(engine: Engine) -> list[tuple[str, str, str, str]]:
    """The record, oldest first: (who, role, action, subject)."""
    return [(line.who, line.role, line.action, line.subject) for line in recorded(engine)]
