"""The content answers cite is read once per knowledge load, not once per question: what the
store returns is what the database holds, every relation can be followed after the session
closes, and a load is served at the next question."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from bot.knowledge.models import Case, KeyMessage, Service, Source, Theme, UrgentContact
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import Settings
from tests.knowledge.test_reloading import first_key_message
from tests.support import LoadedKnowledge


def key_message_facts(message: KeyMessage) -> tuple[Any, ...]:
    """A key message as an answer cites it, relations included."""
    return (
        message.id,
        message.title,
        message.summary,
        message.source.short_title,
        message.theme.title,
        [question.text for question in message.reflective_questions],
        [(case.id, case.source.short_title) for case in message.cases],
        [(service.id, service.link.url if service.link else None) for service in message.signposts],
        [related.id for related in message.related],
    )


def facts(store: KnowledgeStore, session: Session) -> dict[str, Any]:
    return {
        "key_messages": [key_message_facts(m) for m in store.key_messages(session)],
        "themes": [(t.id, [m.id for m in t.key_messages]) for t in store.themes(session)],
        "sources": [
            (s.id, [c.id for c in s.cases], [m.id for m in s.key_messages])
            for s in store.sources(session)
        ],
        "cases": [
            (c.id, c.summary, c.source.id, [m.id for m in c.key_messages])
            for c in store.cases(session)
        ],
        "services": [
            (s.id, s.name, s.link.url if s.link else None) for s in store.services(session)
        ],
        "contacts": [(c.id, c.phone, c.hours) for c in store.urgent_contacts(session)],
    }


def database_facts(session: Session) -> dict[str, Any]:
    """The same facts read straight from the database, each relation loaded when followed."""
    messages = session.scalars(select(KeyMessage).order_by(KeyMessage.position))
    themes = session.scalars(select(Theme).order_by(Theme.position))
    sources = session.scalars(select(Source).order_by(Source.id))
    cases = session.scalars(select(Case).order_by(Case.source_id, Case.number))
    services = session.scalars(select(Service).order_by(Service.id))
    contacts = session.scalars(select(UrgentContact).order_by(UrgentContact.position))
    return {
        "key_messages": [key_message_facts(m) for m in messages],
        "themes": [(t.id, [m.id for m in t.key_messages]) for t in themes],
        "sources": [
            (s.id, [c.id for c in s.cases], [m.id for m in s.key_messages]) for s in sources
        ],
        "cases": [(c.id, c.summary, c.source.id, [m.id for m in c.key_messages]) for c in cases],
        "services": [(s.id, s.name, s.link.url if s.link else None) for s in services],
        "contacts": [(c.id, c.phone, c.hours) for c in contacts],
    }


def test_the_store_returns_what_the_database_holds(
    loaded_knowledge: LoadedKnowledge, settings: Settings
) -> None:
    loaded_knowledge.copy_to(settings)
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        cached = facts(store, session)
    with Session(store.engine, future=True) as session:
        assert cached == database_facts(session)
    assert cached["key_messages"] and cached["cases"] and cached["contacts"]
    with store.session() as session:
        message = store.key_messages(session)[-1]
        assert store.key_message(session, message.id) is message
        assert store.key_message(session, "no-such-message") is None
        case = store.cases(session)[-1]
        assert store.case(session, case.id) is case
        assert store.case(session, "no-such-case") is None


def test_every_relation_is_loaded_and_followed_after_the_session_closes(
    loaded_knowledge: LoadedKnowledge, settings: Settings
) -> None:
    """An answer follows relations of what it was given after the question's session has
    closed; a relation left unloaded would raise there, in front of a practitioner."""
    loaded_knowledge.copy_to(settings)
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        content = store.content(session)
    pending: list[object] = [
        *content.key_messages,
        *content.themes,
        *content.sources,
        *content.cases,
        *content.services,
        *content.urgent_contacts,
    ]
    seen: set[int] = set()
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        state = inspect(item)
        assert state.detached and not state.unloaded, (type(item).__name__, state.unloaded)
        for relation in state.mapper.relationships:
            value = getattr(item, relation.key)
            pending += value if isinstance(value, list) else [value] if value is not None else []
    assert len(seen) > len(content.key_messages)


def test_content_is_read_once_per_load_and_again_after_a_load(fixture_settings: Settings) -> None:
    load_knowledge(fixture_settings, environ={})
    store = KnowledgeStore.from_settings(fixture_settings)
    with store.session() as session:
        first = store.content(session)
    with KnowledgeStore(store.engine).session() as session:  # another store on the engine
        assert store.content(session) is first
    path, title = first_key_message(fixture_settings.knowledge_dir)
    path.write_text(path.read_text().replace(title, f"{title} (revised)", 1))
    with store.session() as session:
        assert store.content(session) is first  # a question's session began before the load
        load_knowledge(fixture_settings, environ={})
        assert store.content(session) is first
    with store.session() as session:
        titles = [message.title for message in store.key_messages(session)]
        assert f"{title} (revised)" in titles and title not in titles
        assert store.content(session).generation == first.generation + 1
    with store.session() as session, Session(store.engine, future=True) as other:
        assert facts(store, session) == database_facts(other)


def test_a_store_on_another_database_reads_its_own_content(
    fixture_settings: Settings, loaded_knowledge: LoadedKnowledge, settings: Settings
) -> None:
    load_knowledge(fixture_settings, environ={})
    loaded_knowledge.copy_to(settings)
    small, real = (
        KnowledgeStore.from_settings(fixture_settings),
        KnowledgeStore.from_settings(settings),
    )
    with small.session() as session, real.session() as other:
        assert small.content(session).generation == real.content(other).generation == 1
        assert len(small.key_messages(session)) < len(real.key_messages(other))
