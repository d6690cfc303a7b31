"""A SQL tracker store that never writes identifying details about children or families.

Practitioners sometimes type names, dates of birth or addresses despite the warning. The live
turn is answered from the message as typed, but what is stored (and streamed to any event
broker) is a minimised copy (bot.safeguards.minimise): identifiers replaced by placeholders and
every word the assistant does not know removed, so a name nobody detected still cannot be stored.

What the conversation needs to go on is kept: intents, entities and slots that are ids, the
form's state, the assistant's own messages and buttons, and the user's words the assistant
knows.

Load it from endpoints.yml:

    tracker_store:
      type: bot.safeguards.tracker_store.RedactingTrackerStore
      dialect: sqlite
      db: rasa.db

or with a database URL (endpoints-cluster.yml: `url: postgresql://...`).

Conversations are also kept no longer than needed (UK GDPR storage limitation): every
conversation whose last event is older than RPA_RETENTION_DAYS (30 by default) is deleted, by
the store itself once an hour while the assistant runs (purge_conversations; the command is
`python -m bot retention purge`). Feedback and usage events live in the knowledge database and
have their own retention.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import logging
import re
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.db import pooled_sqlite, write_ahead_log
from bot.encoder import MESSAGE_VECTOR
from bot.safeguards import log_privacy, vocabulary
from bot.safeguards.minimise import minimise
from bot.safeguards.privacy import NAME, find_identifiers, placeholder, redact
from bot.settings import conversation_retention_days

# Rasa loads this module at start-up: from then on, no log record carries what a user typed.
log_privacy.install()

# Every save redacts the whole conversation again, and the assistant's long answers recur turn
# after turn, so their redaction is remembered. Only the assistant's own texts are cached:
# what a user typed is never kept beyond the request.
_redact_assistant_text = lru_cache(maxsize=4096)(redact)

_USER = "user"
_BOT = "bot"
_SLOT = "slot"
_ENTITIES = "entities"
_MODEL_OUTPUT = frozenset({"intent", "intent_ranking", "response_selector"})
"""Parse data the model computed from labels, not from the user's words: kept as it is."""
# Shorter fragments (initials, "Jo") would remove ordinary words from unrelated text.
_MIN_FRAGMENT_LENGTH = 3


logger = logging.getLogger(__name__)

PURGE_INTERVAL_SECONDS = 3600.0
"""How often a running store purges: a conversation outlives its retention by an hour at most."""
PURGE_LOCK_KEY = int.from_bytes(b"RPAPURGE", "big")
"""PostgreSQL advisory lock key: when several Rasa instances share the database, one purges at a
time and the others skip that round (two deletes of the same rows could deadlock)."""
_EVENTS = SQLTrackerStore.SQLEvent.__table__


@dataclass(frozen=True)
class Purged:
    conversations: int
    events: int
    skipped: bool = False
    """Another instance was purging at that moment (PostgreSQL): this round deleted nothing."""


def purge_conversations(engine: sa.engine.Engine, days: int, now: float | None = None) -> Purged:
    """Deletes every conversation whose last event is more than `days` days before `now` (Unix
    time, default now), all its sessions with it; a conversation still going on is kept whole,
    however long ago it started. One transaction, so a conversation is gone entirely or not."""
    cutoff = (time.time() if now is None else now) - days * 86400
    expired = (
        sa.select(_EVENTS.c.sender_id)
        .group_by(_EVENTS.c.sender_id)
        .having(sa.func.max(_EVENTS.c.timestamp) < cutoff)
    )
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql" and not connection.scalar(
            sa.text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": PURGE_LOCK_KEY}
        ):
            return Purged(0, 0, skipped=True)
        conversations = connection.scalar(
            sa.select(sa.func.count()).select_from(expired.subquery())
        )
        deleted = connection.execute(sa.delete(_EVENTS).where(_EVENTS.c.sender_id.in_(expired)))
        return Purged(int(conversations or 0), int(deleted.rowcount))


class RedactingTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose every write goes through bot.safeguards.minimise, and which deletes
    conversations past their retention period while it runs."""

    engine: sa.engine.Engine

    def __init__(
        self,
        *args: Any,
        retention_days: int | None = None,
        purge_interval_seconds: float = PURGE_INTERVAL_SECONDS,
        **kwargs: Any,
    ) -> None:
        """`retention_days` defaults to RPA_RETENTION_DAYS; both options may also be set in
        endpoints.yml."""
        super().__init__(*args, **kwargs)
        if pooled := pooled_sqlite(self.engine.url):  # Rasa's opens a connection per session
            self.engine.dispose()
            self.engine = sa.create_engine(self.engine.url, **pooled)
            self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)
        write_ahead_log(self.engine)
        self.retention_days = retention_days or conversation_retention_days()
        self.purge_interval_seconds = purge_interval_seconds
        self._purging: asyncio.Task[None] | None = None
        # `rasa run` makes the store in its event loop: purging runs there from now on. A store
        # made outside a loop (a script, a test) purges only when asked to.
        with contextlib.suppress(RuntimeError):
            self._purging = asyncio.get_running_loop().create_task(self._purge_periodically())

    async def _purge_periodically(self) -> None:
        while True:
            try:
                purged = await asyncio.to_thread(
                    purge_conversations, self.engine, self.retention_days
                )
                if purged.conversations:
                    logger.info(
                        "Deleted %d conversation(s) older than %d days",
                        purged.conversations,
                        self.retention_days,
                    )
            except Exception:
                # The database may be away for a moment: the next round tries again.
                logger.exception("Purging old conversations failed")
            await asyncio.sleep(self.purge_interval_seconds)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store a minimised copy; the caller's tracker is left as it was.

        Rasa's own save, in one transaction that counts the stored events once: Rasa's counted
        them again in a second session of its own, the same query twice in every turn (with
        the session around it, 5% of Rasa's CPU under the bench's 10 people, py-spy,
        2026-12-05). The rows are Rasa's (tests/safeguards/test_tracker_store.py compares)."""
        with self.session_scope() as session:
            stored = self._event_query(
                session, tracker.sender_id, fetch_events_from_all_sessions=False
            ).count()
            redacted = self._redacted(tracker, stored)
            # an event broker is sent what the store has not yet got, so before the rows go in
            await self.stream_events(redacted)
            session.add_all(
                self._row(tracker.sender_id, event)
                for event in itertools.islice(redacted.events, stored, None)
            )
            session.commit()

    def _row(self, sender_id: str, event: Event) -> Any:
        """The row Rasa's SQLTrackerStore.save writes for an event."""
        data = event.as_dict()
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    def _redacted(self, tracker: DialogueStateTracker, stored: int = 0) -> DialogueStateTracker:
        """The tracker with its events from `stored` on minimised. The earlier ones are the
        store's own (the tracker was retrieved from it), so the cost of a save does not grow
        with the length of the conversation: they are passed on as they are, and no event is
        replayed, since only the events are read from here on (by the save, and by an event
        broker's difference); replaying a whole conversation's events into a tracker nobody
        asks the state of took a fifth of a save's time under the bench's 10 people (py-spy,
        2026-12-05)."""
        events = list(tracker.events)
        new = [event.as_dict() for event in events[stored:]]
        scrub = _Scrubber(_user_texts(new))
        redacted = DialogueStateTracker(tracker.sender_id, self.domain.slots)
        redacted.events = deque(
            events[:stored] + deserialise_events([_redact_event(event, scrub) for event in new])
        )
        return redacted


class _Scrubber:
    """Redacts a string, and also removes identifiers the user typed earlier in the conversation.

    An entity or slot may hold a fragment of what the user typed ("Amelia" from "Amelia Smith")
    that would not be recognised on its own, and a bot message may echo it back.
    """

    def __init__(self, user_texts: Iterable[str]) -> None:
        known: dict[str, str] = {}
        for text in user_texts:
            for ident in find_identifiers(text):
                known[ident.text] = ident.kind
                if ident.kind == NAME:
                    known.update({word: NAME for word in ident.text.split()})
        fragments = sorted(
            (f for f in known if len(f) >= _MIN_FRAGMENT_LENGTH), key=len, reverse=True
        )
        self._kinds = {fragment.lower(): kind for fragment, kind in known.items()}
        self._pattern = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(map(re.escape, fragments)) + r")(?!\w)", re.IGNORECASE
            )
            if fragments
            else None
        )

    def assistant_text(self, text: str) -> str:
        return self._fragments(_redact_assistant_text(text))

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            return value if _is_known_id(value) and redact(value) == value else self._text(value)
        if isinstance(value, list):
            return [self(item) for item in value]
        if isinstance(value, dict):
            return {
                self(key) if isinstance(key, str) else key: self(item)
                for key, item in value.items()
            }
        return value

    def _text(self, text: str) -> str:
        # Known fragments first, so that a name seen earlier keeps its kind ("[name removed]").
        return minimise(self._fragments(text))

    def _fragments(self, redacted: str) -> str:
        if self._pattern is None:
            return redacted
        return self._pattern.sub(lambda m: placeholder(self._kinds[m.group().lower()]), redacted)


_ID = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def _is_known_id(value: str) -> bool:
    """An id made of known words ("agency-not-responding", "send-2016-17"): a slot or entity
    value the assistant set or offered, kept as it is so the conversation can go on."""
    return _ID.fullmatch(value) is not None and all(
        vocabulary.is_storable(part) for part in re.findall(r"[a-z]+", value)
    )


def _user_texts(events: list[dict[str, Any]]) -> list[str]:
    return [event["text"] for event in events if event.get("event") == _USER and event.get("text")]


def _redact_event(event: dict[str, Any], scrub: _Scrubber) -> dict[str, Any]:
    """Redact only the fields that carry free text or extracted values; keep the rest intact."""
    redacted = copy.deepcopy(event)
    kind = redacted.get("event")
    if kind == _USER and isinstance(redacted.get("text"), str):
        redacted["text"] = scrub(redacted["text"])
    if kind == _BOT and isinstance(redacted.get("text"), str):
        redacted["text"] = scrub.assistant_text(redacted["text"])
    if kind == _USER:
        # Whatever a channel passes along (a browser's or an API caller's metadata) is not
        # needed by the conversation, so none of it is kept.
        redacted["metadata"] = {}
    if kind == _USER and isinstance(redacted.get("parse_data"), dict):
        parse_data = redacted["parse_data"]
        # The sentence vector was for this turn's action server only (bot/encoder.py): a
        # representation of the words is not kept, and the stored event does not grow by 2 KB.
        parse_data.pop(MESSAGE_VECTOR, None)
        for key, item in parse_data.items():
            if key not in _MODEL_OUTPUT:  # text, entities, metadata: anything from the user
                parse_data[key] = scrub(item)
    if kind in (_USER, _ENTITIES):
        _redact_entities(redacted.get(_ENTITIES), scrub)
    if kind == _SLOT:
        redacted["value"] = scrub(redacted.get("value"))
    return redacted


def _redact_entities(entities: Any, scrub: _Scrubber) -> None:
    for entity in entities or []:
        if isinstance(entity, dict):
            for key in ("value", "text"):
                if key in entity:
                    entity[key] = scrub(entity[key])
