"""Conversations that follow a live workshop from a channel that can be written to unasked
(Teams: a proactive message through the Bot Connector): who follows which session, and which of
them are due the next question because the trainer moved on.

Only the channel's conversation reference is kept (serviceUrl, conversation id, the bot's own
account), never the user's id, and not linked to a participant, so answers stay anonymous; the
row goes once the session's end has been posted. Several Rasa instances may poll the same
database: a follower is claimed by a compare-and-set on its marker, so only one of them posts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, select, update

from bot.live_workshop.service import Position, Workshops, stored_workshops
from bot.live_workshop.tables import WorkshopFollower, WorkshopSession

MARKER = re.compile(r"\d{1,4}/[01]/[01]")


def conversation_key(conversation_id: str) -> str:
    return hashlib.sha256(conversation_id.encode()).hexdigest()


def position_marker(position: Position) -> str:
    """Where a session is, as far as a follower is concerned: the step, whether voting is
    open, whether it ended (a reveal or other people's votes change nothing)."""
    return f"{position.step}/{int(position.voting_open)}/{int(position.ended)}"


def marker_in(value: object) -> str | None:
    """A position_marker carried in a reply (FOLLOWED_FROM), or None when it is not one."""
    return value if isinstance(value, str) and MARKER.fullmatch(value) else None


def is_news(before: str, now: str) -> bool:
    """Whether a follower is posted the question again: a new step, voting opened, the end.
    Voting closing (or the reveal, which closes it) is not: it is only noted."""
    step, _open, ended = before.split("/")
    new_step, new_open, new_ended = now.split("/")
    return new_step != step or new_ended != ended or new_open == "1"


@dataclass(frozen=True)
class Due:
    """A conversation to post the current question to, claimed for this instance."""

    session_id: int
    address: Mapping[str, Any]
    ended: bool


class Followers:
    """The followers of every live workshop, in the workshops' database."""

    def __init__(self, workshops: Workshops) -> None:
        self.workshops = workshops

    def follow(
        self, code: str, conversation_id: str, address: Mapping[str, Any], shown: str | None = None
    ) -> bool:
        """This conversation follows the live session with this code from `shown`, where the
        session was in the question just shown (position_marker), or else from where it is
        now, so that a move made in between is still posted; False when no session is live."""
        session_id = self.workshops.live_session_id(code)
        position = None if session_id is None else self.workshops.position(session_id)
        if session_id is None or position is None:
            return False
        key = conversation_key(conversation_id)
        with self.workshops.session() as session, session.begin():
            row = session.scalar(
                select(WorkshopFollower).where(
                    WorkshopFollower.session_id == session_id,
                    WorkshopFollower.conversation_key == key,
                )
            )
            if row is None:
                row = WorkshopFollower(session_id=session_id, conversation_key=key)
                session.add(row)
            row.address, row.marker = dict(address), shown or position_marker(position)
        return True

    def unfollow(self, conversation_id: str) -> None:
        """The conversation left the workshop: nothing more is posted to it."""
        with self.workshops.engine.begin() as connection:
            connection.execute(
                delete(WorkshopFollower).where(
                    WorkshopFollower.conversation_key == conversation_key(conversation_id)
                )
            )

    def claim_due(self) -> list[Due]:
        """The followers whose session moved on (is_news) since they were last written to,
        each claimed (its marker moved on) by this call only; the rows of ended sessions are
        deleted."""
        with self.workshops.engine.connect() as connection:
            rows = connection.execute(
                select(
                    WorkshopFollower.id,
                    WorkshopFollower.session_id,
                    WorkshopFollower.address,
                    WorkshopFollower.marker,
                ).join(WorkshopSession, WorkshopSession.id == WorkshopFollower.session_id)
            ).all()
        positions: dict[int, Position | None] = {}
        claimed = []
        for follower_id, session_id, address, marker in rows:
            if session_id not in positions:
                positions[session_id] = self.workshops.position(session_id)
            position = positions[session_id]
            if position is None:
                continue
            now = position_marker(position)
            if now == marker:
                continue
            with self.workshops.engine.begin() as connection:
                if position.ended:
                    taken = connection.execute(
                        delete(WorkshopFollower).where(
                            WorkshopFollower.id == follower_id, WorkshopFollower.marker == marker
                        )
                    )
                else:
                    taken = connection.execute(
                        update(WorkshopFollower)
                        .where(
                            WorkshopFollower.id == follower_id, WorkshopFollower.marker == marker
                        )
                        .values(marker=now)
                    )
            if taken.rowcount == 1 and is_news(marker, now):
                claimed.append(Due(session_id, address, position.ended))
        return claimed


@lru_cache(maxsize=1)
def stored_followers() -> Followers:
    """This server's followers, in its workshops' database (opened on first use)."""
    return Followers(stored_workshops())
