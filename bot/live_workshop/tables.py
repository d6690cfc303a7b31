"""The workshop tables, in the assistant's own database (SQLite, or PostgreSQL in production).

Everything a session is lives here, not in a process: several Rasa instances behind a load
balancer serve one workshop, and each presenter's live chart polls `version`, which every
change of the session moves on. Nothing here identifies a person: a participant is a random
token of this session only; a chat participant is found again by an HMAC of the channel's
sender id keyed with the session's own random salt, so the sender id is never stored and the
same person cannot be followed from one session to the next.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.schema import UniqueConstraint

from bot.db import Base
from bot.knowledge.models import ID_LENGTH

CODE_DIGITS = 8
"""100 million codes: with wrong codes throttled per client (join_guard.py), guessing a live
session's code within its four hours is hopeless (security review finding 1)."""
TOKEN_LENGTH = 43
"""secrets.token_urlsafe(32)."""
TEAM_LENGTH = 80


class WorkshopSession(Base):
    """One workshop run: its plan of questions (content copied in at the start, so a
    knowledge reload mid-session changes nothing on the projector), where it is, and its
    join code while it lasts."""

    __tablename__ = "workshop_sessions"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    code: str = Column(String(CODE_DIGITS), nullable=False, index=True)
    salt: str = Column(String(TOKEN_LENGTH), nullable=False)
    source_id: str = Column(String(ID_LENGTH), nullable=False)
    case_id: str = Column(String(ID_LENGTH), nullable=False)
    title: str = Column(Text, nullable=False)
    plan: list[dict[str, Any]] = Column(JSON, nullable=False)
    step: int = Column(Integer, nullable=False, default=0)
    voting_open: bool = Column(Boolean, nullable=False, default=False)
    revealed: bool = Column(Boolean, nullable=False, default=False)
    team_mode: bool = Column(Boolean, nullable=False, default=False)
    version: int = Column(Integer, nullable=False, default=1)
    max_participants: int | None = Column(Integer)
    """The room's size, set by the trainer: a device beyond it is told the room is full."""
    results_visible: bool | None = Column(Boolean)
    """Whether the projector shows this step's counts before the reveal; None: the step's
    default (hidden for "what would you do next?", shown otherwise)."""
    published: bool = Column(Boolean, nullable=False, default=False)
    """Whether the case's handouts show this session's counts: only when the trainer says so."""
    created_at: datetime = Column(DateTime, nullable=False)
    expires_at: datetime = Column(DateTime, nullable=False)
    ended_at: datetime | None = Column(DateTime)


class WorkshopParticipant(Base):
    """A device taking part: a person, or in team mode a mixed-agency table (its team name
    from a fixed list, never a person's name)."""

    __tablename__ = "workshop_participants"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    session_id: int = Column(Integer, ForeignKey("workshop_sessions.id"), nullable=False)
    token: str = Column(String(TOKEN_LENGTH), nullable=False, unique=True)
    sender_key: str | None = Column(String(64), index=True)
    team: str | None = Column(String(TEAM_LENGTH))
    joined_at: datetime = Column(DateTime, nullable=False)


class WorkshopAnswer(Base):
    """A participant's answer to one step of the plan; answering again replaces it. `text` is
    the minimised copy of a free-text answer, `shown` whether the trainer put it on screen."""

    __tablename__ = "workshop_answers"
    __table_args__ = (UniqueConstraint("participant_id", "step"),)

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    session_id: int = Column(Integer, ForeignKey("workshop_sessions.id"), nullable=False)
    participant_id: int = Column(
        Integer, ForeignKey("workshop_participants.id"), nullable=False, index=True
    )
    step: int = Column(Integer, nullable=False)
    choice: int | None = Column(Integer)
    text: str | None = Column(Text)
    shown: bool = Column(Boolean, nullable=False, default=False)
    held: bool = Column(Boolean, nullable=False, default=False)
    """It may describe a child at immediate risk: never shown, flagged to the trainer."""
    answered_at: datetime = Column(DateTime, nullable=False)


class WorkshopFollower(Base):
    """A Teams conversation that joined a live session: where the bot posts the next question
    when the trainer moves on (the Bot Connector's serviceUrl and the conversation), and what
    it last posted there. Kept only while the session lasts (deleted once its end is posted),
    and never linked to a participant or an answer: the user's id is not stored."""

    __tablename__ = "workshop_followers"
    __table_args__ = (UniqueConstraint("session_id", "conversation_key"),)

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    session_id: int = Column(Integer, ForeignKey("workshop_sessions.id"), nullable=False)
    conversation_key: str = Column(String(64), nullable=False)
    """SHA-256 of the conversation id: what a join again or a leave finds the row by."""
    address: dict[str, Any] = Column(JSON, nullable=False)
    """serviceUrl, conversation id, the bot's account: a conversation reference."""
    marker: str = Column(String(40), nullable=False)
    """Where the session was when this conversation last got its question (position_marker)."""


TABLES = (
    WorkshopSession.__table__,
    WorkshopParticipant.__table__,
    WorkshopAnswer.__table__,
    WorkshopFollower.__table__,
)
