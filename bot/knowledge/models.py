"""SQL tables for the knowledge base and anonymous feedback.

Written in SQLAlchemy 2.0 style on 1.4 (Rasa pins 1.4), so an upgrade is a version bump.
Content tables are replaced as a whole on every load; feedback is never touched by a load.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import relationship

from bot.db import Base
from bot.knowledge.schema import (
    CASES,
    CHECK_QUESTIONS,
    ESCALATION_ROUTES,
    ESCALATION_STEPS,
    ESCALATION_TRIED,
    KEY_MESSAGES,
    QUIZ_QUESTIONS,
    SERVICES,
    SOURCES,
    THEMES,
    URGENT_CONTACTS,
    WALKTHROUGH_STAGES,
)

ID_LENGTH = 80

key_message_cases = Table(
    "key_message_cases",
    Base.metadata,
    Column("key_message_id", String(ID_LENGTH), ForeignKey("key_messages.id"), primary_key=True),
    Column("case_id", String(ID_LENGTH), ForeignKey("cases.id"), primary_key=True),
    Column("position", Integer, nullable=False),
)

key_message_signposts = Table(
    "key_message_signposts",
    Base.metadata,
    Column("key_message_id", String(ID_LENGTH), ForeignKey("key_messages.id"), primary_key=True),
    Column("service_id", String(ID_LENGTH), ForeignKey("services.id"), primary_key=True),
    Column("position", Integer, nullable=False),
)

key_message_related = Table(
    "key_message_related",
    Base.metadata,
    Column("key_message_id", String(ID_LENGTH), ForeignKey("key_messages.id"), primary_key=True),
    Column("related_id", String(ID_LENGTH), ForeignKey("key_messages.id"), primary_key=True),
    Column("position", Integer, nullable=False),
)


class Source(Base):
    __tablename__ = "sources"

    id: str = Column(String(ID_LENGTH), primary_key=True)
    title: str = Column(Text, nullable=False)
    short_title: str = Column(Text, nullable=False)
    partnership: str = Column(Text, nullable=False)
    borough: str = Column(Text, nullable=False)
    year: str = Column(String(20), nullable=False)
    theme: str = Column(Text, nullable=False)
    overview: str | None = Column(Text)
    aliases: list[str] = Column(JSON, nullable=False, default=list)

    cases = relationship("Case", back_populates="source", order_by="Case.number", viewonly=True)
    key_messages = relationship(
        "KeyMessage", back_populates="source", order_by="KeyMessage.position", viewonly=True
    )


class Theme(Base):
    __tablename__ = "themes"

    id: str = Column(String(ID_LENGTH), primary_key=True)
    title: str = Column(Text, nullable=False)
    description: str | None = Column(Text)
    position: int = Column(Integer, nullable=False)

    key_messages = relationship(
        "KeyMessage", back_populates="theme", order_by="KeyMessage.position", viewonly=True
    )


class Case(Base):
    __tablename__ = "cases"

    id: str = Column(String(ID_LENGTH), primary_key=True)
    source_id: str = Column(String(ID_LENGTH), ForeignKey("sources.id"), nullable=False)
    number: int = Column(Integer, nullable=False)
    name: str | None = Column(Text)
    summary: str = Column(Text, nullable=False)
    strengths: list[str] = Column(JSON, nullable=False, default=list)
    about: list[str] = Column(JSON, nullable=False, default=list)
    quiz_facts: list[str] = Column(JSON, nullable=False, default=list)
    referred_only: bool = Column(Boolean, nullable=False, default=False)

    source = relationship("Source", back_populates="cases", viewonly=True)
    key_messages = relationship(
        "KeyMessage", secondary=key_message_cases, order_by="KeyMessage.position", viewonly=True
    )


class Service(Base):
    __tablename__ = "services"

    id: str = Column(String(ID_LENGTH), primary_key=True)
    name: str = Column(Text, nullable=False)
    offers: str = Column(Text, nullable=False)
    audience: str = Column(Text, nullable=False)
    phone: str | None = Column(Text)
    email: str | None = Column(Text)
    website: str | None = Column(Text)
    link_id: str | None = Column(String(ID_LENGTH), ForeignKey("links.id"))
    source_id: str = Column(String(ID_LENGTH), ForeignKey("sources.id"), nullable=False)
    to_confirm: str | None = Column(Text)

    link = relationship("Link", viewonly=True)
    source = relationship("Source", viewonly=True)
    """The audit that lists the service: where a detail of it comes from."""


class Link(Base):
    """A URL the deploying partnership sets; empty where the audits left it blank."""

    __tablename__ = "links"

    id: str = Column(String(ID_LENGTH), primary_key=True)
    url: str = Column(Text, nullable=False, default="")


class KeyMessage(Base):
    __tablename__ = "key_messages"

    id: str = Column(String(ID_LENGTH), primary_key=True)
    position: int = Column(Integer, nullable=False)
    title: str = Column(Text, nullable=False)
    theme_id: str = Column(String(ID_LENGTH), ForeignKey("themes.id"), nullable=False)
    source_id: str = Column(String(ID_LENGTH), ForeignKey("sources.id"), nullable=False)
    summary: str = Column(Text, nullable=False)
    found: str = Column(Text, nullable=False)
    actions: list[str] = Column(JSON, nullable=False)
    example_questions: list[str] = Column(JSON, nullable=False)
    reviewed: date = Column(Date, nullable=False)
    named_by: list[str] = Column(JSON, nullable=False, default=list)
    """The words a question names its subject by, for a key message of one subject (none for
    the others): bot/dialogue/subjects.py."""
    case_note: str | None = Column(Text)
    """Where the audit names no case: which case(s) it means, in its own terms."""

    source = relationship("Source", back_populates="key_messages", viewonly=True)
    theme = relationship("Theme", back_populates="key_messages", viewonly=True)
    reflective_questions = relationship(
        "ReflectiveQuestion", order_by="ReflectiveQuestion.position", viewonly=True
    )
    cases = relationship(
        "Case", secondary=key_message_cases, order_by=key_message_cases.c.position, viewonly=True
    )
    signposts = relationship(
        "Service",
        secondary=key_message_signposts,
        order_by=key_message_signposts.c.position,
        viewonly=True,
    )
    related = relationship(
        "KeyMessage",
        secondary=key_message_related,
        primaryjoin=id == key_message_related.c.key_message_id,
        secondaryjoin=id == key_message_related.c.related_id,
        order_by=key_message_related.c.position,
        viewonly=True,
    )
    stages = relationship(
        "WalkthroughStage",
        secondary="walkthrough_stage_key_messages",
        order_by="WalkthroughStage.position",
        viewonly=True,
    )
    """The case walk-through stages that reveal this message (their reflective questions are
    the ones a room is asked at that point)."""


class ReflectiveQuestion(Base):
    __tablename__ = "reflective_questions"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    key_message_id: str = Column(String(ID_LENGTH), ForeignKey("key_messages.id"), nullable=False)
    position: int = Column(Integer, nullable=False)
    text: str = Column(Text, nullable=False)


class UrgentContact(Base):
    __tablename__ = "urgent_contacts"

    id: str = Column(String(ID_LENGTH), primary_key=True)
    position: int = Column(Integer, nullable=False)
    name: str = Column(Text, nullable=False)
    phone: str = Column(Text, nullable=False)
    when: str = Column(Text, nullable=False)
    hours: str = Column(Text, nullable=False)
    area: str = Column(Text, nullable=False)
    source: str = Column(Text, nullable=False)
    source_url: str | None = Column(Text)
    copied_on: date | None = Column(Date)
    review_before_go_live: bool = Column(Boolean, nullable=False)
    confirmed_by: str | None = Column(Text)
    confirmed_on: date | None = Column(Date)

    @property
    def unconfirmed(self) -> bool:
        """Marked for review before go-live and not yet confirmed by the partnership."""
        return self.review_before_go_live and not self.confirmed_by


escalation_step_services = Table(
    "escalation_step_services",
    Base.metadata,
    Column("step_id", String(ID_LENGTH), ForeignKey("escalation_steps.id"), primary_key=True),
    Column("service_id", String(ID_LENGTH), ForeignKey("services.id"), primary_key=True),
    Column("position", Integer, nullable=False),
)

escalation_route_key_messages = Table(
    "escalation_route_key_messages",
    Base.metadata,
    Column("route_id", String(ID_LENGTH), ForeignKey("escalation_routes.id"), primary_key=True),
    Column("key_message_id", String(ID_LENGTH), ForeignKey("key_messages.id"), primary_key=True),
    Column("position", Integer, nullable=False),
)

escalation_route_steps = Table(
    "escalation_route_steps",
    Base.metadata,
    Column("route_id", String(ID_LENGTH), ForeignKey("escalation_routes.id"), primary_key=True),
    Column("step_id", String(ID_LENGTH), ForeignKey("escalation_steps.id"), primary_key=True),
    Column("position", Integer, nullable=False),
)

escalation_tried_steps = Table(
    "escalation_tried_steps",
    Base.metadata,
    Column("tried_id", String(ID_LENGTH), ForeignKey("escalation_tried.id"), primary_key=True),
    Column("step_id", String(ID_LENGTH), ForeignKey("escalation_steps.id"), primary_key=True),
    Column("position", Integer, nullable=False),
)


class EscalationStep(Base):
    """One step of the escalation routes, shared by every route that lists it.

    It cites exactly one source (the validator checks it): an audit's key message, or a
    named reference with an optional link.
    """

    __tablename__ = "escalation_steps"

    id: str = Column(String(ID_LENGTH), primary_key=True)
    position: int = Column(Integer, nullable=False)
    title: str = Column(Text, nullable=False)
    who: str = Column(Text, nullable=False)
    what: str = Column(Text, nullable=False)
    key_message_id: str | None = Column(String(ID_LENGTH), ForeignKey("key_messages.id"))
    reference: str | None = Column(Text)
    reference_link_id: str | None = Column(String(ID_LENGTH), ForeignKey("links.id"))
    source_url: str | None = Column(Text)
    copied_on: date | None = Column(Date)
    to_confirm: str | None = Column(Text)

    key_message = relationship("KeyMessage", viewonly=True)
    reference_link = relationship("Link", viewonly=True)
    services = relationship(
        "Service",
        secondary=escalation_step_services,
        order_by=escalation_step_services.c.position,
        viewonly=True,
    )


class EscalationRoute(Base):
    """What to do, step by step, in one situation where a case is stuck."""

    __tablename__ = "escalation_routes"

    id: str = Column(String(ID_LENGTH), primary_key=True)
    position: int = Column(Integer, nullable=False)
    title: str = Column(Text, nullable=False)
    button: str = Column(Text, nullable=False)
    summary: str | None = Column(Text)
    words: list[str] = Column(JSON, nullable=False)
    refines_id: str | None = Column(String(ID_LENGTH), ForeignKey("escalation_routes.id"))
    suggested_steps: list[str] = Column(JSON, nullable=False, default=list)
    """Steps whose place in this route the assistant suggests, not yet confirmed."""
    confirmed_steps: dict[str, str] = Column(JSON, nullable=False, default=dict)
    """Suggested steps the partnership has confirmed: step id -> "by, on"."""

    key_messages = relationship(
        "KeyMessage",
        secondary=escalation_route_key_messages,
        order_by=escalation_route_key_messages.c.position,
        viewonly=True,
    )
    steps = relationship(
        "EscalationStep",
        secondary=escalation_route_steps,
        order_by=escalation_route_steps.c.position,
        viewonly=True,
    )


class EscalationTried(Base):
    """An answer to "what have you tried so far?" and the steps it makes unnecessary."""

    __tablename__ = "escalation_tried"

    id: str = Column(String(ID_LENGTH), primary_key=True)
    position: int = Column(Integer, nullable=False)
    label: str = Column(Text, nullable=False)
    words: list[str] = Column(JSON, nullable=False)

    done_steps = relationship(
        "EscalationStep",
        secondary=escalation_tried_steps,
        order_by=escalation_tried_steps.c.position,
        viewonly=True,
    )


walkthrough_stage_key_messages = Table(
    "walkthrough_stage_key_messages",
    Base.metadata,
    Column("stage_id", String(ID_LENGTH), ForeignKey("walkthrough_stages.id"), primary_key=True),
    Column("key_message_id", String(ID_LENGTH), ForeignKey("key_messages.id"), primary_key=True),
    Column("position", Integer, nullable=False),
)


class WalkthroughStage(Base):
    """One decision point of a case's walk-through for a workshop: what was known, the
    question and its options, then the reveal (the audit's finding, the key messages it links
    to and their reflective questions). A case's stages are numbered from 1 in `stage`."""

    __tablename__ = "walkthrough_stages"

    id: str = Column(String(ID_LENGTH), primary_key=True)
    position: int = Column(Integer, nullable=False)
    case_id: str = Column(String(ID_LENGTH), ForeignKey("cases.id"), nullable=False)
    source_id: str = Column(String(ID_LENGTH), ForeignKey("sources.id"), nullable=False)
    stage: int = Column(Integer, nullable=False)
    known: str = Column(Text, nullable=False)
    question: str = Column(Text, nullable=False)
    found: str = Column(Text, nullable=False)
    reflective_questions: list[str] = Column(JSON, nullable=False)
    """Verbatim from the linked key messages' own (the validator checks it)."""

    case = relationship("Case", viewonly=True)
    source = relationship("Source", viewonly=True)
    options = relationship(
        "WalkthroughOption", order_by="WalkthroughOption.position", viewonly=True
    )
    key_messages = relationship(
        "KeyMessage",
        secondary=walkthrough_stage_key_messages,
        order_by=walkthrough_stage_key_messages.c.position,
        viewonly=True,
    )


class WalkthroughOption(Base):
    """An answer to a stage's question: exactly one of a stage's is the one the audit
    supports, and at most one the one it shows was done."""

    __tablename__ = "walkthrough_options"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    stage_id: str = Column(String(ID_LENGTH), ForeignKey("walkthrough_stages.id"), nullable=False)
    position: int = Column(Integer, nullable=False)
    text: str = Column(Text, nullable=False)
    supported: bool = Column(Boolean, nullable=False)
    happened: bool = Column(Boolean, nullable=False)


class QuizQuestion(Base):
    """A multiple-choice question on one key message, which is also its citation."""

    __tablename__ = "quiz_questions"

    id: str = Column(String(ID_LENGTH), primary_key=True)
    position: int = Column(Integer, nullable=False)
    source_id: str = Column(String(ID_LENGTH), ForeignKey("sources.id"), nullable=False)
    key_message_id: str = Column(String(ID_LENGTH), ForeignKey("key_messages.id"), nullable=False)
    question: str = Column(Text, nullable=False)
    explanation: str = Column(Text, nullable=False)

    source = relationship("Source", viewonly=True)
    key_message = relationship("KeyMessage", viewonly=True)
    options = relationship("QuizOption", order_by="QuizOption.position", viewonly=True)


class QuizOption(Base):
    """An answer to a quiz question; exactly one of a question's is correct."""

    __tablename__ = "quiz_options"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    question_id: str = Column(String(ID_LENGTH), ForeignKey("quiz_questions.id"), nullable=False)
    position: int = Column(Integer, nullable=False)
    text: str = Column(Text, nullable=False)
    correct: bool = Column(Boolean, nullable=False)


class CheckQuestion(Base):
    """A before/after question of a workshop on the audit: a confidence rating of one of its
    key message's actions (`confidence`), or one of the quiz questions (`quiz_question`)."""

    __tablename__ = "check_questions"

    id: str = Column(String(ID_LENGTH), primary_key=True)
    position: int = Column(Integer, nullable=False)
    source_id: str = Column(String(ID_LENGTH), ForeignKey("sources.id"), nullable=False)
    key_message_id: str = Column(String(ID_LENGTH), ForeignKey("key_messages.id"), nullable=False)
    confidence: str | None = Column(Text)
    quiz_question_id: str | None = Column(String(ID_LENGTH), ForeignKey("quiz_questions.id"))

    key_message = relationship("KeyMessage", viewonly=True)
    quiz_question = relationship("QuizQuestion", viewonly=True)


class Feedback(Base):
    """An anonymous 'was this helpful?' answer: no sender, no text, only the key message."""

    __tablename__ = "feedback"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    key_message_id: str = Column(String(ID_LENGTH), nullable=False, index=True)
    helpful: bool = Column(Boolean, nullable=False)
    created_at: datetime = Column(DateTime, nullable=False)


class KnowledgeLoad(Base):
    """One row, counting the loads: a running action server compares the count to tell that
    `make knowledge` loaded new content, and rebuilds what it derived from the old."""

    __tablename__ = "knowledge_load"

    id: int = Column(Integer, primary_key=True)
    generation: int = Column(Integer, nullable=False)
    loaded_at: datetime = Column(DateTime, nullable=False)


COLLECTION_MODELS: dict[str, type[Base]] = {
    SOURCES: Source,
    THEMES: Theme,
    CASES: Case,
    SERVICES: Service,
    KEY_MESSAGES: KeyMessage,
    URGENT_CONTACTS: UrgentContact,
    ESCALATION_STEPS: EscalationStep,
    ESCALATION_TRIED: EscalationTried,
    ESCALATION_ROUTES: EscalationRoute,
    WALKTHROUGH_STAGES: WalkthroughStage,
    QUIZ_QUESTIONS: QuizQuestion,
    CHECK_QUESTIONS: CheckQuestion,
}
"""The table each collection's items are stored in, one row each, in file order in `position`
where the table has one (the glossary only feeds the NLU data). A field is the column of the
same name; a reference to another item is `<field>_id`; a contact is one column per detail; a
list the model relates to (a key message's cases, a route's steps) is the rows of that
relationship's table, in order, and a list of mappings (a question's options) is a row per
mapping with a column per field."""

CONTENT_TABLES = (
    CheckQuestion.__table__,
    QuizOption.__table__,
    QuizQuestion.__table__,
    WalkthroughOption.__table__,
    walkthrough_stage_key_messages,
    WalkthroughStage.__table__,
    escalation_tried_steps,
    escalation_route_steps,
    escalation_route_key_messages,
    escalation_step_services,
    EscalationTried.__table__,
    EscalationRoute.__table__,
    EscalationStep.__table__,
    key_message_related,
    key_message_signposts,
    key_message_cases,
    ReflectiveQuestion.__table__,
    KeyMessage.__table__,
    Case.__table__,
    Service.__table__,
    Link.__table__,
    Theme.__table__,
    Source.__table__,
    UrgentContact.__table__,
)
"""Replaced on every load, children before parents; feedback and the load count are kept."""
