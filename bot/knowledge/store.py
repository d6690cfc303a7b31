"""Writes validated knowledge into the SQL database and reads it back for answers.

A load replaces all content in one transaction, so a failure leaves the previous content
in place and a running action server never sees half a knowledge base.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, inspect, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, selectinload

from bot.db import make_engine, prepare, shared_engine
from bot.knowledge.go_live import (
    Confirmation,
    confirmable_ids,
    confirmed_contacts,
    read_confirmations,
    read_deployment_file,
    route_step_key,
)
from bot.knowledge.models import (
    COLLECTION_MODELS,
    CONTENT_TABLES,
    Base,
    Case,
    CheckQuestion,
    EscalationRoute,
    EscalationStep,
    EscalationTried,
    Feedback,
    KeyMessage,
    KnowledgeLoad,
    Link,
    QuizQuestion,
    Service,
    Source,
    Theme,
    UrgentContact,
    WalkthroughStage,
)
from bot.knowledge.schema import (
    COLLECTIONS,
    CONTACT_KEYS,
    LINKS_KEY,
    URGENT_CONTACTS,
    CollectionSpec,
    FieldSpec,
    FieldType,
)
from bot.knowledge.validation import KnowledgeInvalid, KnowledgeSet, check_knowledge
from bot.one_request import once_per_request
from bot.settings import Settings, link_override, load_settings


def resolve_links(
    links: Mapping[str, str], links_file: Path | None, environ: Mapping[str, str]
) -> dict[str, str]:
    """Applies the deployment's links: a links file first, then one variable per link."""
    resolved = dict(links)
    if links_file is not None:
        overrides = read_deployment_file(links_file, LINKS_KEY, "links")
        unknown = sorted(set(overrides) - set(resolved))
        if unknown:
            raise KnowledgeInvalid(
                [f"{links_file}: unknown link id(s): {', '.join(map(str, unknown))}"]
            )
        resolved.update({key: str(value or "") for key, value in overrides.items()})
    for link_id in resolved:
        value = link_override(link_id, environ)
        if value is not None:
            resolved[link_id] = value
    return resolved


def _column_value(spec: FieldSpec, value: Any) -> Any:
    """YAML may read text as a number (`year: 2016`) and leaves optional fields out."""
    if spec.type is FieldType.TEXT:
        return None if value is None else str(value)
    if spec.type in (FieldType.TEXT_LIST, FieldType.ID_LIST):
        return list(value or [])
    if spec.type is FieldType.BOOLEAN:
        return bool(value)
    return value


def _list_relations(spec: CollectionSpec, model: type[Base]) -> dict[str, Any]:
    """The list fields kept as rows of another table rather than as a column: read from the
    model's relationships, so a new list of ids needs a relationship and no code here."""
    relations = inspect(model).relationships
    return {
        field_spec.name: relations[field_spec.name]
        for field_spec in spec.fields
        if field_spec.name in relations and relations[field_spec.name].uselist
    }


def _columns(
    spec: CollectionSpec, lists: Mapping[str, Any], item: Mapping[str, Any]
) -> dict[str, Any]:
    """The item's own columns (see COLLECTION_MODELS). A reference to an item of the same
    collection is left out: that item may come later, so it is set once all are written."""
    columns: dict[str, Any] = {}
    for field_spec in spec.fields:
        value = item.get(field_spec.name)
        if field_spec.type is FieldType.CONTACT:
            columns.update({key: (value or {}).get(key) for key in CONTACT_KEYS})
        elif field_spec.type is FieldType.ID and field_spec.refers_to:
            if field_spec.refers_to != spec.key:
                columns[f"{field_spec.name}_id"] = value
        elif field_spec.name not in lists:
            columns[field_spec.name] = _column_value(field_spec, value)
    return columns


def _list_rows(
    session: Session, spec: CollectionSpec, lists: Mapping[str, Any], item: Mapping[str, Any]
) -> None:
    """An association row per id, a row per text (a key message's questions, in `text`) or a
    row per mapping (a question's options, a column per field), each with its position;
    written once every item is, since a list may name any item."""
    for name, relation in lists.items():
        values = item.get(name) or []
        if not values:
            continue
        ((_, owner),) = relation.synchronize_pairs
        if relation.secondary is None:
            table = relation.mapper.local_table
            rows = [_element_columns(spec.field(name), value) for value in values]
        else:
            ((_, target),) = relation.secondary_synchronize_pairs
            table, rows = relation.secondary, [{target.name: value} for value in values]
        session.execute(
            insert(table),
            [
                {owner.name: item["id"], "position": position, **row}
                for position, row in enumerate(rows)
            ],
        )


def _element_columns(spec: FieldSpec | None, value: Any) -> dict[str, Any]:
    if spec is not None and spec.type is FieldType.ITEMS:
        return {field.name: _column_value(field, value.get(field.name)) for field in spec.fields}
    return {"text": value}


def _route_steps(
    route: Mapping[str, Any], confirmations: Mapping[str, Confirmation]
) -> dict[str, Any]:
    """A route's suggested steps, less those the partnership has confirmed, which it keeps
    with who confirmed them and when."""
    suggested = route.get("suggested_steps") or []
    confirmed = {step: confirmations.get(route_step_key(route["id"], step)) for step in suggested}
    return {
        "suggested_steps": [step for step in suggested if confirmed[step] is None],
        "confirmed_steps": {
            step: f"{confirmation.by}, {confirmation.on.isoformat()}"
            for step, confirmation in confirmed.items()
            if confirmation is not None
        },
    }


def _write(
    session: Session,
    knowledge: KnowledgeSet,
    links: Mapping[str, str],
    confirmations: Mapping[str, Confirmation],
) -> None:
    _empty_content_tables(session.connection())
    session.add_all(Link(id=link_id, url=url) for link_id, url in links.items())
    items: dict[str, Sequence[Mapping[str, Any]]] = {
        spec.key: knowledge.of(spec.key) for spec in COLLECTIONS
    }
    items[URGENT_CONTACTS] = confirmed_contacts(knowledge, confirmations)
    stored = [
        (spec, model, _list_relations(spec, model))
        for spec in COLLECTIONS
        if (model := COLLECTION_MODELS.get(spec.key)) is not None
    ]
    # In schema order, which puts every collection after the ones it names.
    for spec, model, lists in stored:
        rows = []
        for position, item in enumerate(items[spec.key]):
            columns = _columns(spec, lists, item)
            if "position" in model.__table__.c:
                columns["position"] = position
            if model is EscalationRoute:
                columns.update(_route_steps(item, confirmations))
            rows.append(model(**columns))
        session.add_all(rows)
        session.flush()  # relationships are view-only, so parents are flushed before children
        for field_spec in spec.fields:
            if field_spec.type is FieldType.ID and field_spec.refers_to == spec.key:
                for row, item in zip(rows, items[spec.key], strict=True):
                    setattr(row, f"{field_spec.name}_id", item.get(field_spec.name))
    for spec, _model, lists in stored:
        for item in items[spec.key]:
            _list_rows(session, spec, lists, item)


def _empty_content_tables(connection: Connection) -> None:
    """Rows are deleted and written again, in the load's transaction, so a running server
    reading meanwhile sees the old content or the new, never a missing table. Only when the
    models' columns changed (a new field) are the tables dropped and created again."""
    existing = inspect(connection)
    unchanged = all(
        existing.has_table(table.name)
        and {column["name"] for column in existing.get_columns(table.name)}
        == {column.name for column in table.columns}
        for table in CONTENT_TABLES
    )
    if unchanged:
        for table in CONTENT_TABLES:  # children first
            connection.execute(table.delete())
        return
    Base.metadata.drop_all(connection, tables=list(CONTENT_TABLES))
    Base.metadata.create_all(connection, tables=list(CONTENT_TABLES))


def _count_load(session: Session) -> None:
    load = session.get(KnowledgeLoad, 1)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    if load is None:
        session.add(KnowledgeLoad(id=1, generation=1, loaded_at=now))
    else:
        load.generation, load.loaded_at = load.generation + 1, now


def load_knowledge(
    settings: Settings | None = None, environ: Mapping[str, str] | None = None
) -> KnowledgeSet:
    """Validates `knowledge/` and replaces the database content with it, atomically."""
    settings = settings or load_settings()
    knowledge = check_knowledge(settings.knowledge_dir)
    links = resolve_links(
        knowledge.links, settings.links_file, os.environ if environ is None else environ
    )
    confirmations = read_confirmations(settings.confirmations_file, confirmable_ids(knowledge))
    engine = prepare(make_engine(settings.database_url))
    try:
        with Session(engine, future=True) as session, session.begin():
            _write(session, knowledge, links, confirmations)
            _count_load(session)
    finally:
        engine.dispose()
    return knowledge


def _citing() -> tuple[object, ...]:
    """Loader options for citing a key message: its audit and cases (new ones per use)."""
    return selectinload(KeyMessage.source), selectinload(KeyMessage.cases)


@dataclass(frozen=True)
class LoadedContent:
    """What answers cite, read once per knowledge load: the key messages with every relation
    (questions, signposts and their links, related messages, cases, audit, theme), the audits,
    themes, cases, services and urgent contacts, all read in one session so that every
    relation between them is loaded and can be followed after it closes. A turn read every
    case and audit and each key message's relations again (about a third of the action
    server's time per request, measured 2026-12-05); the content changes only by a load."""

    generation: int
    key_messages: tuple[KeyMessage, ...]
    by_id: Mapping[str, KeyMessage]
    themes: tuple[Theme, ...]
    sources: tuple[Source, ...]
    cases: tuple[Case, ...]
    services: tuple[Service, ...]
    urgent_contacts: tuple[UrgentContact, ...]


def _read_content(engine: Engine) -> LoadedContent:
    with Session(engine, future=True, expire_on_commit=False) as session, session.begin():
        generation = session.scalar(select(KnowledgeLoad.generation)) or 0
        key_messages = session.scalars(
            select(KeyMessage)
            .options(
                selectinload(KeyMessage.reflective_questions),
                selectinload(KeyMessage.signposts).options(
                    selectinload(Service.link), selectinload(Service.source)
                ),
                selectinload(KeyMessage.related),
                selectinload(KeyMessage.cases),
                selectinload(KeyMessage.source),
                selectinload(KeyMessage.theme),
                selectinload(KeyMessage.stages).options(
                    selectinload(WalkthroughStage.case),
                    selectinload(WalkthroughStage.source),
                    selectinload(WalkthroughStage.options),
                    selectinload(WalkthroughStage.key_messages),
                ),
            )
            .order_by(KeyMessage.position)
        ).all()
        themes = session.scalars(
            select(Theme).options(selectinload(Theme.key_messages)).order_by(Theme.position)
        ).all()
        sources = session.scalars(
            select(Source)
            .options(selectinload(Source.cases), selectinload(Source.key_messages))
            .order_by(Source.id)
        ).all()
        cases = session.scalars(
            select(Case)
            .options(selectinload(Case.source), selectinload(Case.key_messages))
            .order_by(Case.source_id, Case.number)
        ).all()
        services = session.scalars(
            select(Service)
            .options(selectinload(Service.link), selectinload(Service.source))
            .order_by(Service.id)
        ).all()
        contacts = session.scalars(select(UrgentContact).order_by(UrgentContact.position)).all()
    return LoadedContent(
        generation=generation,
        key_messages=tuple(key_messages),
        by_id={message.id: message for message in key_messages},
        themes=tuple(themes),
        sources=tuple(sources),
        cases=tuple(cases),
        services=tuple(services),
        urgent_contacts=tuple(contacts),
    )


_CONTENT_KEY = "rpa_loaded_content"
_CONTENTS: weakref.WeakKeyDictionary[Engine, LoadedContent] = weakref.WeakKeyDictionary()
_CONTENTS_LOCK = threading.Lock()


def loaded_content(engine: Engine, generation: int) -> LoadedContent:
    """The content of load `generation` on this engine's database, read again only when a
    load has counted since (every store on one engine shares it: shared_store() makes a new
    store per call)."""
    with _CONTENTS_LOCK:
        content = _CONTENTS.get(engine)
        if content is None or content.generation != generation:
            content = _CONTENTS[engine] = _read_content(engine)
        return content


class KnowledgeStore:
    """Read access for answers; one engine per process, one short session per question."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> KnowledgeStore:
        """A store on an engine of its own, for a command that disposes of it when done."""
        return cls(prepare(make_engine((settings or load_settings()).database_url)))

    def session(self) -> Session:
        return Session(self.engine, future=True, expire_on_commit=False)

    def generation(self) -> int:
        """How many times knowledge was loaded: it changes exactly when the content may have."""
        with self.session() as session:
            return self._generation(session)

    def _generation(self, session: Session) -> int:
        """The load count, read in `session` unless this request has read it already."""
        return once_per_request(
            ("load count", str(self.engine.url)),
            lambda: session.scalar(select(KnowledgeLoad.generation)) or 0,
        )

    def content(self, session: Session) -> LoadedContent:
        """The loaded content as of this session: the load count is read once per session
        (one question's), the content only when a load has counted since."""
        content: LoadedContent | None = session.info.get(_CONTENT_KEY)
        if content is None:
            generation = self._generation(session)
            content = session.info[_CONTENT_KEY] = loaded_content(self.engine, generation)
        return content

    def key_message(self, session: Session, key_message_id: str) -> KeyMessage | None:
        return self.content(session).by_id.get(key_message_id)

    def link_url(self, session: Session, link_id: str) -> str | None:
        """The URL the partnership set for a link id, or None while it is blank."""
        link = session.get(Link, link_id)
        return link.url if link is not None and link.url else None

    def key_messages(self, session: Session) -> list[KeyMessage]:
        return list(self.content(session).key_messages)

    def themes(self, session: Session) -> list[Theme]:
        return list(self.content(session).themes)

    def sources(self, session: Session) -> list[Source]:
        return list(self.content(session).sources)

    def cases(self, session: Session) -> list[Case]:
        return list(self.content(session).cases)

    def case(self, session: Session, case_id: str) -> Case | None:
        return next((case for case in self.content(session).cases if case.id == case_id), None)

    def services(self, session: Session) -> list[Service]:
        return list(self.content(session).services)

    def urgent_contacts(self, session: Session) -> list[UrgentContact]:
        return list(self.content(session).urgent_contacts)

    def escalation_routes(self, session: Session) -> list[EscalationRoute]:
        """Every route in file order, with all the guide needs: steps, their services and
        links, and the key messages cited with their audits, cases and prompts."""
        statement = (
            select(EscalationRoute)
            .options(
                selectinload(EscalationRoute.key_messages).options(
                    *_citing(), selectinload(KeyMessage.reflective_questions)
                ),
                selectinload(EscalationRoute.steps).options(
                    selectinload(EscalationStep.services).options(
                        selectinload(Service.link), selectinload(Service.source)
                    ),
                    selectinload(EscalationStep.reference_link),
                    selectinload(EscalationStep.key_message).options(*_citing()),
                ),
            )
            .order_by(EscalationRoute.position)
        )
        return list(session.scalars(statement))

    def escalation_tried(self, session: Session) -> list[EscalationTried]:
        statement = (
            select(EscalationTried)
            .options(selectinload(EscalationTried.done_steps))
            .order_by(EscalationTried.position)
        )
        return list(session.scalars(statement))

    def walkthrough(self, session: Session, case_id: str) -> list[WalkthroughStage]:
        """A case's walk-through for a workshop, its stages in order, each with its options
        and the key messages its reveal links to, cited with their audits and cases; empty
        when the case has none (a case the audit only refers to)."""
        statement = (
            select(WalkthroughStage)
            .where(WalkthroughStage.case_id == case_id)
            .options(
                selectinload(WalkthroughStage.options),
                selectinload(WalkthroughStage.key_messages).options(*_citing()),
                selectinload(WalkthroughStage.case),
                selectinload(WalkthroughStage.source),
            )
            .order_by(WalkthroughStage.stage)
        )
        return list(session.scalars(statement))

    def quiz_questions(
        self, session: Session, source_id: str | None = None, key_message_id: str | None = None
    ) -> list[QuizQuestion]:
        """Quiz questions in file order, on one audit or one key message when given, each with
        its options and its key message, cited with its audit and cases."""
        statement = select(QuizQuestion).options(
            selectinload(QuizQuestion.options),
            selectinload(QuizQuestion.source),
            selectinload(QuizQuestion.key_message).options(*_citing()),
        )
        if source_id is not None:
            statement = statement.where(QuizQuestion.source_id == source_id)
        if key_message_id is not None:
            statement = statement.where(QuizQuestion.key_message_id == key_message_id)
        return list(session.scalars(statement.order_by(QuizQuestion.position)))

    def check_questions(self, session: Session, source_id: str) -> list[CheckQuestion]:
        """The before/after questions of a workshop on the audit, in file order, each with its
        key message and, for a knowledge question, the quiz question and its options."""
        statement = (
            select(CheckQuestion)
            .where(CheckQuestion.source_id == source_id)
            .options(
                selectinload(CheckQuestion.key_message),
                selectinload(CheckQuestion.quiz_question).selectinload(QuizQuestion.options),
            )
            .order_by(CheckQuestion.position)
        )
        return list(session.scalars(statement))

    def record_feedback(self, key_message_id: str, helpful: bool) -> None:
        with self.session() as session, session.begin():
            session.add(
                Feedback(
                    key_message_id=key_message_id,
                    helpful=helpful,
                    created_at=datetime.now(timezone.utc),
                )
            )

    def feedback_counts(self, session: Session) -> dict[str, tuple[int, int]]:
        """Per key message: (helpful, not helpful)."""
        rows = session.execute(
            select(Feedback.key_message_id, Feedback.helpful, func.count()).group_by(
                Feedback.key_message_id, Feedback.helpful
            )
        )
        counts: dict[str, tuple[int, int]] = {}
        for key_message_id, helpful, count in rows:
            yes, no = counts.get(key_message_id, (0, 0))
            counts[key_message_id] = (yes + count, no) if helpful else (yes, no + count)
        return counts


def shared_store() -> KnowledgeStore:
    """The store every action, page and channel of this process reads: on the process's one
    engine for RPA_DATABASE_URL (bot.db.shared_engine), opened on first use, not on import."""
    return KnowledgeStore(shared_engine(load_settings().database_url))
