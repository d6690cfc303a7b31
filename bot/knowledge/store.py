"""Writes validated knowledge into the SQL database and reads it back for answers.

A load replaces all content in one transaction, so a failure leaves the previous content
in place and a running action server never sees half a knowledge base.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Table, create_engine, event, func, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, selectinload

from bot.knowledge.go_live import (
    Confirmation,
    confirmable_ids,
    confirmed_contacts,
    read_confirmations,
    read_deployment_file,
    route_step_key,
)
from bot.knowledge.models import (
    CONTENT_TABLES,
    Base,
    Case,
    EscalationRoute,
    EscalationStep,
    EscalationTried,
    Feedback,
    KeyMessage,
    KnowledgeVersion,
    Link,
    ReflectiveQuestion,
    Service,
    Source,
    Theme,
    UrgentContact,
    escalation_route_key_messages,
    escalation_route_steps,
    escalation_step_services,
    escalation_tried_steps,
    key_message_cases,
    key_message_related,
    key_message_signposts,
)
from bot.knowledge.schema import (
    CASES,
    ESCALATION_ROUTES,
    ESCALATION_STEPS,
    ESCALATION_TRIED,
    KEY_MESSAGES,
    LINKS_KEY,
    SERVICES,
    SOURCES,
    THEMES,
)
from bot.knowledge.validation import KnowledgeInvalid, KnowledgeSet, check_knowledge
from bot.settings import Settings, link_override_variable, load_settings


def make_engine(database_url: str) -> Engine:
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(database_url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
    return engine


def _configure_sqlite(connection: object, _record: object) -> None:
    """Foreign keys on, and transactions under SQLAlchemy's control so DDL is atomic too."""
    connection.isolation_level = None  # type: ignore[attr-defined]
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def create_schema(engine: Engine) -> None:
    Base.metadata.create_all(engine)


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
        value = environ.get(link_override_variable(link_id))
        if value is not None:
            resolved[link_id] = value
    return resolved


def _positioned(ids: list[str] | None) -> Iterator[tuple[int, str]]:
    return enumerate(ids or [])


def _insert_positioned(
    session: Session, table: Table, owner: tuple[str, str], column: str, ids: list[str] | None
) -> None:
    """The rows of an ordered association table for one owner, e.g. a route's steps."""
    owner_column, owner_id = owner
    rows = [
        {owner_column: owner_id, column: target, "position": position}
        for position, target in _positioned(ids)
    ]
    if rows:
        session.execute(insert(table), rows)


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


def _write_escalation(
    session: Session, knowledge: KnowledgeSet, confirmations: Mapping[str, Confirmation]
) -> None:
    """The escalation steps, routes and "what have you tried" answers; key messages, services
    and links are already flushed."""
    steps = knowledge.of(ESCALATION_STEPS)
    session.add_all(
        EscalationStep(
            id=item["id"],
            position=index,
            title=str(item["title"]),
            who=str(item["who"]),
            what=str(item["what"]),
            key_message_id=item.get("key_message"),
            reference=_optional_text(item.get("reference")),
            reference_link_id=item.get("reference_link"),
        )
        for index, item in enumerate(steps)
    )
    routes = knowledge.of(ESCALATION_ROUTES)
    written = {
        item["id"]: EscalationRoute(
            id=item["id"],
            position=index,
            title=str(item["title"]),
            button=str(item["button"]),
            summary=_optional_text(item.get("summary")),
            words=list(item["words"]),
            suggested_steps=[
                step
                for step in item.get("suggested_steps") or []
                if route_step_key(item["id"], step) not in confirmations
            ],
            confirmed_steps={
                step: f"{confirmation.by}, {confirmation.on.isoformat()}"
                for step in item.get("suggested_steps") or []
                if (confirmation := confirmations.get(route_step_key(item["id"], step)))
            },
        )
        for index, item in enumerate(routes)
    }
    session.add_all(written.values())
    tried = knowledge.of(ESCALATION_TRIED)
    session.add_all(
        EscalationTried(
            id=item["id"], position=index, label=str(item["label"]), words=list(item["words"])
        )
        for index, item in enumerate(tried)
    )
    session.flush()
    for item in routes:  # a route may refine one written after it, so this waits for all
        written[item["id"]].refines_id = item.get("refines")
    for item in steps:
        _insert_positioned(
            session,
            escalation_step_services,
            ("step_id", item["id"]),
            "service_id",
            item.get("services"),
        )
    for item in routes:
        owner = ("route_id", item["id"])
        _insert_positioned(
            session, escalation_route_key_messages, owner, "key_message_id", item["key_messages"]
        )
        _insert_positioned(session, escalation_route_steps, owner, "step_id", item["steps"])
    for item in tried:
        _insert_positioned(
            session, escalation_tried_steps, ("tried_id", item["id"]), "step_id", item["done_steps"]
        )


def _write(
    session: Session,
    knowledge: KnowledgeSet,
    links: Mapping[str, str],
    confirmations: Mapping[str, Confirmation],
) -> None:
    # Content tables are rebuilt, not just emptied, so a schema change needs no migration.
    connection = session.connection()
    Base.metadata.drop_all(connection, tables=list(CONTENT_TABLES))
    Base.metadata.create_all(connection, tables=list(CONTENT_TABLES))
    session.add_all(Link(id=link_id, url=url) for link_id, url in links.items())
    session.add_all(
        Source(**{**item, "aliases": list(item.get("aliases") or [])})
        for item in knowledge.of(SOURCES)
    )
    session.add_all(
        Theme(position=index, **item) for index, item in enumerate(knowledge.of(THEMES))
    )
    session.flush()  # relationships are view-only, so parents are flushed before children
    for item in knowledge.of(CASES):
        session.add(
            Case(
                id=item["id"],
                source_id=item["source"],
                number=item["number"],
                name=item.get("name"),
                summary=item["summary"],
                strengths=list(item.get("strengths") or []),
                referred_only=bool(item.get("referred_only", False)),
            )
        )
    for item in knowledge.of(SERVICES):
        contact = item.get("contact") or {}
        session.add(
            Service(
                id=item["id"],
                name=item["name"],
                offers=item["offers"],
                audience=item["audience"],
                phone=contact.get("phone"),
                email=contact.get("email"),
                website=contact.get("website"),
                link_id=item.get("link"),
                source_id=item["source"],
            )
        )
    session.add_all(
        UrgentContact(position=index, **item)
        for index, item in enumerate(confirmed_contacts(knowledge, confirmations))
    )
    session.flush()
    messages = knowledge.of(KEY_MESSAGES)
    for index, item in enumerate(messages):
        session.add(
            KeyMessage(
                id=item["id"],
                position=index,
                title=item["title"],
                theme_id=item["theme"],
                source_id=item["source"],
                summary=item["summary"],
                found=item["found"],
                actions=list(item["actions"]),
                example_questions=list(item["example_questions"]),
                reviewed=item["reviewed"],
                case_note=_optional_text(item.get("case_note")),
            )
        )
    session.flush()
    for item in messages:
        message_id = item["id"]
        session.add_all(
            ReflectiveQuestion(key_message_id=message_id, position=position, text=text)
            for position, text in _positioned(item["reflective_questions"])
        )
        for table, column, ids in (
            (key_message_cases, "case_id", item["cases"]),
            (key_message_signposts, "service_id", item.get("signposts")),
            (key_message_related, "related_id", item.get("related")),
        ):
            _insert_positioned(session, table, ("key_message_id", message_id), column, ids)
    _write_escalation(session, knowledge, confirmations)
    session.add(
        KnowledgeVersion(
            id=1, content_hash=knowledge.content_hash, loaded_at=datetime.now(timezone.utc)
        )
    )


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
    engine = make_engine(settings.database_url)
    try:
        with Session(engine, future=True) as session, session.begin():
            Base.metadata.create_all(session.connection(), tables=[Feedback.__table__])
            _write(session, knowledge, links, confirmations)
    finally:
        engine.dispose()
    return knowledge


def _citing() -> tuple[object, ...]:
    """Loader options for citing a key message: its audit and cases (new ones per use)."""
    return selectinload(KeyMessage.source), selectinload(KeyMessage.cases)


class KnowledgeStore:
    """Read access for answers; one engine per process, one short session per question."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> KnowledgeStore:
        engine = make_engine((settings or load_settings()).database_url)
        create_schema(engine)
        return cls(engine)

    def session(self) -> Session:
        return Session(self.engine, future=True, expire_on_commit=False)

    def content_hash(self) -> str | None:
        with self.session() as session:
            return session.scalar(select(KnowledgeVersion.content_hash))

    def key_message(self, session: Session, key_message_id: str) -> KeyMessage | None:
        statement = (
            select(KeyMessage)
            .where(KeyMessage.id == key_message_id)
            .options(
                selectinload(KeyMessage.reflective_questions),
                selectinload(KeyMessage.signposts).selectinload(Service.link),
                selectinload(KeyMessage.related),
                selectinload(KeyMessage.cases).selectinload(Case.source),
                selectinload(KeyMessage.source),
            )
        )
        return session.scalar(statement)

    def key_messages(self, session: Session) -> list[KeyMessage]:
        return list(session.scalars(select(KeyMessage).order_by(KeyMessage.position)))

    def key_messages_signposting(self, session: Session, service_id: str) -> list[KeyMessage]:
        statement = (
            select(KeyMessage)
            .join(key_message_signposts, key_message_signposts.c.key_message_id == KeyMessage.id)
            .where(key_message_signposts.c.service_id == service_id)
            .options(selectinload(KeyMessage.source), selectinload(KeyMessage.cases))
            .order_by(KeyMessage.position)
        )
        return list(session.scalars(statement))

    def themes(self, session: Session) -> list[Theme]:
        statement = select(Theme).options(selectinload(Theme.key_messages)).order_by(Theme.position)
        return list(session.scalars(statement))

    def sources(self, session: Session) -> list[Source]:
        statement = select(Source).options(
            selectinload(Source.cases), selectinload(Source.key_messages)
        )
        return list(session.scalars(statement.order_by(Source.id)))

    def cases(self, session: Session) -> list[Case]:
        statement = select(Case).options(selectinload(Case.source), selectinload(Case.key_messages))
        return list(session.scalars(statement.order_by(Case.source_id, Case.number)))

    def urgent_contacts(self, session: Session) -> list[UrgentContact]:
        return list(session.scalars(select(UrgentContact).order_by(UrgentContact.position)))

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
                    selectinload(EscalationStep.services).selectinload(Service.link),
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

    def count_reflective_questions(self, session: Session) -> int:
        return session.scalar(select(func.count()).select_from(ReflectiveQuestion)) or 0

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
