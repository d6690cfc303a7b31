"""Usage events keep nothing that identifies anyone, and go when the retention period ends."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from bot.insights.events import Event, EventKind, UsageEvent, purge, record, this_hour
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import Settings


def stored(store: KnowledgeStore) -> list[UsageEvent]:
    with store.session() as session:
        return list(session.scalars(select(UsageEvent).order_by(UsageEvent.id)))


def test_an_event_keeps_the_hour_and_a_minimised_text_only(fixture_settings: Settings) -> None:
    load_knowledge(fixture_settings, environ={})
    store = KnowledgeStore.from_settings(fixture_settings)
    moment = datetime(2026, 3, 4, 15, 47, 12, tzinfo=timezone.utc)
    record(
        store,
        Event(
            EventKind.UNANSWERED,
            channel="webchat",
            text="Jamie Okafor DOB 14/02/2015 at E8 1DY keeps running away, what do I do",
        ),
        now=moment,
    )
    (event,) = stored(store)
    assert event.hour == datetime(2026, 3, 4, 15, 0)
    assert (event.kind, event.channel) == ("unanswered", "webchat")
    assert event.text is not None
    for identifier in ("Jamie", "Okafor", "14/02/2015", "E8 1DY"):
        assert identifier not in event.text
    assert "running away" in event.text


def test_blank_text_is_not_stored_and_long_text_is_cut(fixture_settings: Settings) -> None:
    load_knowledge(fixture_settings, environ={})
    store = KnowledgeStore.from_settings(fixture_settings)
    record(store, Event(EventKind.FEEDBACK_REASON, text="   "))
    record(store, Event(EventKind.FEEDBACK_REASON, text="the school nurse said " * 60))
    record(store, Event(EventKind.UNANSWERED, text="<script>alert(1)</script> private fostering"))
    blank, long, markup = stored(store)
    assert blank.text is None
    assert long.text is not None and len(long.text) <= 300
    assert markup.text is not None and "<" not in markup.text and "fostering" in markup.text


def test_purge_deletes_only_events_older_than_the_retention_period(
    fixture_settings: Settings,
) -> None:
    load_knowledge(fixture_settings, environ={})
    store = KnowledgeStore.from_settings(fixture_settings)
    now = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
    record(store, Event(EventKind.ANSWERED), now=datetime(2025, 11, 1, tzinfo=timezone.utc))
    record(store, Event(EventKind.ANSWERED), now=datetime(2026, 11, 1, tzinfo=timezone.utc))
    assert purge(store, retention_days=365, now=now) == 1
    assert [event.hour for event in stored(store)] == [datetime(2026, 11, 1)]
    assert this_hour(now) == datetime(2026, 11, 25, 12)


def test_an_event_under_a_made_up_key_message_is_refused(fixture_settings: Settings) -> None:
    """Security review finding 8: only real key message ids reach the insights."""
    load_knowledge(fixture_settings, environ={})
    store = KnowledgeStore.from_settings(fixture_settings)
    with store.session() as session:
        real = store.key_messages(session)[0].id
    for forged in ("sec-probe <i>=1+1</i>", "[removed] <i>=1+1</i>", real + "-not"):
        assert not record(store, Event(EventKind.FEEDBACK_REASON, key_message_id=forged, text="x"))
    assert stored(store) == []
    assert record(store, Event(EventKind.FEEDBACK_REASON, key_message_id=real, text="too long"))
    assert [event.key_message_id for event in stored(store)] == [real]
