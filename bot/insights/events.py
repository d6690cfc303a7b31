"""Anonymous usage events, written by the actions as they answer.

An event says what happened (a key message answered, a question not understood, feedback, a
step of the escalation route finder), on which channel and in which hour: never who, never
the conversation, never what was typed except a minimised unanswered question or feedback
reason. No two events can be linked to one person, so the table is kept for the retention
period without any of the care a conversation needs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from datetime import datetime, timedelta, timezone
from enum import Enum

from sqlalchemy import Boolean, Column, DateTime, Float, Integer, String, Text, delete

from bot.db import Base
from bot.knowledge.models import ID_LENGTH, KeyMessage
from bot.knowledge.store import KnowledgeStore
from bot.safeguards.minimise import minimise

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 300
"""A minimised question or reason is cut here: enough to group it, never a case history."""


class EventKind(str, Enum):
    ANSWERED = "answered"
    """A key message was given (key_message_id, theme_id)."""
    CASE_DESCRIBED = "case_described"
    AUDIT_DESCRIBED = "audit_described"
    GOOD_PRACTICE = "good_practice"
    UNANSWERED = "unanswered"
    """The assistant could not tell what was asked and offered candidates (text)."""
    DECLINED = "declined"
    """A safeguarding question the audits do not cover, told so plainly (topic, text): the
    partnership's list of what the next audit could look at."""
    CONVERSATION_TURN = "conversation_turn"
    """Not a question: an acknowledgement, a correction, a follow-up on the last answer, a
    workshop reflection or a quiz letter (reason names which). Never counted as unanswered."""
    FEEDBACK = "feedback"
    """Was this helpful? (key_message_id, helpful)."""
    FEEDBACK_REASON = "feedback_reason"
    """Why an answer did not help: a reason button (reason) or typed (text)."""
    ESCALATION_STARTED = "escalation_started"
    ESCALATION_SITUATION = "escalation_situation"
    """The route finder knows the situation (route_id): the funnel's second step."""
    ESCALATION_COMPLETED = "escalation_completed"
    ESCALATION_STOPPED = "escalation_stopped"
    """Stopped on purpose, at `step` (the question it was asking)."""
    WORKSHOP_USED = "workshop_used"


class UsageEvent(Base):
    __tablename__ = "usage_events"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    hour: datetime = Column(DateTime, nullable=False, index=True)
    """When, to the hour (UTC): enough for trends, too coarse to follow one person."""
    kind: str = Column(String(32), nullable=False, index=True)
    channel: str | None = Column(String(32))
    key_message_id: str | None = Column(String(ID_LENGTH))
    theme_id: str | None = Column(String(ID_LENGTH))
    case_id: str | None = Column(String(ID_LENGTH))
    source_id: str | None = Column(String(ID_LENGTH))
    route_id: str | None = Column(String(ID_LENGTH))
    step: str | None = Column(String(ID_LENGTH))
    helpful: bool | None = Column(Boolean)
    reason: str | None = Column(String(ID_LENGTH))
    topic: str | None = Column(String(ID_LENGTH))
    """For a declined question: the safeguarding topic it was about (a fixed label)."""
    confidence: float | None = Column(Float)
    """For an answered question: how sure the model was (0-1), so low-confidence answers
    can be told apart from sure ones."""
    text: str | None = Column(Text)
    """Minimised (bot.safeguards.minimise) before it is written; only for unanswered
    questions, declined questions and typed feedback reasons."""


@dataclass(frozen=True)
class Event:
    kind: EventKind
    channel: str | None = None
    key_message_id: str | None = None
    theme_id: str | None = None
    case_id: str | None = None
    source_id: str | None = None
    route_id: str | None = None
    step: str | None = None
    helpful: bool | None = None
    reason: str | None = None
    topic: str | None = None
    confidence: float | None = None
    text: str | None = None


def this_hour(now: datetime | None = None) -> datetime:
    moment = now or datetime.now(timezone.utc)
    return moment.astimezone(timezone.utc).replace(minute=0, second=0, microsecond=0, tzinfo=None)


def stored_text(text: str | None) -> str | None:
    """What may be kept of typed text: identifiers and unknown words removed, then cut."""
    if not text or not text.strip():
        return None
    # markup is never needed to read a question, and no page or file should ever meet it
    unmarked = minimise(text.strip()).replace("<", " ").replace(">", " ").strip()
    return unmarked[:MAX_TEXT_CHARS] or None


def record(store: KnowledgeStore, event: Event, now: datetime | None = None) -> bool:
    """Stores the event; False, storing nothing, when it names a key message that does not
    exist: a slot any message can set must not put a made-up key message on the insights."""
    columns = {field.name: getattr(event, field.name) for field in fields(event)}
    columns["kind"] = event.kind.value
    columns["text"] = stored_text(event.text)
    with store.session() as session, session.begin():
        if (
            event.key_message_id is not None
            and session.get(KeyMessage, event.key_message_id) is None
        ):
            logger.warning("a %s event named no known key message: not recorded", event.kind.value)
            return False
        session.add(UsageEvent(hour=this_hour(now), **columns))
    return True


def purge(store: KnowledgeStore, retention_days: int, now: datetime | None = None) -> int:
    """Deletes the events older than the retention period; returns how many."""
    cutoff = this_hour(now) - timedelta(days=retention_days)
    with store.session() as session, session.begin():
        return int(session.execute(delete(UsageEvent).where(UsageEvent.hour < cutoff)).rowcount)
