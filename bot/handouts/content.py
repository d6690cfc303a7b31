"""What a handout says, assembled from the KnowledgeStore: plain frozen values, no HTML.

Every fact carries where it comes from, in the words every answer of the assistant uses
(`bot.knowledge.citations`): a key message names its audit and cases, a case its audit,
a service the audit that names it, an urgent contact the page it was copied from. A link the
audits leave blank is whatever the load resolved it to (`RPA_LINKS_FILE`, `RPA_LINK_<ID>`),
so it stays blank, and says so, until the partnership sets it: nothing is invented.

Briefings are per case. The SEND audit 2016-17 is written case by case (each case's story,
then the learning it gave), which is the one story a 7-minute briefing tells on one page; an
audit's whole learning (15 or 11 key messages) cannot fit one page and is its own handout. A
case to which the audit attributes no learning of its own (mental health Case 1, whose
audit-wide learning names no case) has no briefing: asking for one says so and points to the
audit's handout.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.knowledge.citations import (
    attribution,
    case_label,
    contact_details,
    message_citation,
    no_contact_yet,
)
from bot.knowledge.models import Case, KeyMessage, Service, Source
from bot.knowledge.store import KnowledgeStore
from bot.web.urls import HandoutKind as Kind

BRIEFING_QUESTIONS = 3
"""The 7-minute briefing's fixed format: three questions for the team to discuss."""


class NotFound(LookupError):
    """No handout of that kind and id; the message names what was not found, for the reader."""


@dataclass(frozen=True)
class ServiceEntry:
    """A service an audit points to: what it offers, how to reach it, which audit names it."""

    name: str
    offers: str
    contact: str
    """"phone ..., email ..., <link>" or, where the audit leaves it blank, why there is none."""
    url: str
    """The deployment's URL for the audit's link, "" while it is not set."""
    source: str


@dataclass(frozen=True)
class Learning:
    """One key message: what the audit found, the learning, what to do, questions, services."""

    id: str
    title: str
    theme: str
    found: str
    summary: str
    actions: tuple[str, ...]
    questions: tuple[str, ...]
    services: tuple[ServiceEntry, ...]
    citation: str
    """"Source: SEND audit 2016-17, Case 5 (Erika).\""""


@dataclass(frozen=True)
class CaseStory:
    """A case as the audit tells it: its summary and what went well, with its audit."""

    id: str
    label: str
    summary: str
    strengths: tuple[str, ...]
    citation: str
    source_id: str


@dataclass(frozen=True)
class Contact:
    """An urgent contact, for the "worried about a child now?" box of every handout."""

    name: str
    phone: str
    when: str
    area: str
    source: str
    unconfirmed: bool


@dataclass(frozen=True)
class Handout:
    """Everything one handout says; `render` decides the layout from `kind`."""

    kind: Kind
    id: str
    title: str
    about: str
    """A paragraph saying what this handout covers (the audit's overview, the theme's scope)."""
    cases: tuple[CaseStory, ...]
    learning: tuple[Learning, ...]
    contacts: tuple[Contact, ...]
    audits: tuple[str, ...]
    """The full titles of the audits it draws on, with their partnership."""

    def questions(self) -> list[tuple[str, Learning]]:
        """Every reflective question, with the key message it belongs to, in order."""
        return [(question, item) for item in self.learning for question in item.questions]

    def services(self) -> list[ServiceEntry]:
        """Each service once, in the order the key messages name them."""
        return list(
            {service.name: service for item in self.learning for service in item.services}.values()
        )

    def team_questions(self, limit: int = BRIEFING_QUESTIONS) -> list[tuple[str, Learning]]:
        """The briefing's questions for the team: the first question of each key message in
        turn, then the second, ..., so they cover as much of the learning as they can. Where
        the audit gives fewer than `limit`, fewer are given: none is made up."""
        chosen: list[tuple[str, Learning]] = []
        depth = max((len(item.questions) for item in self.learning), default=0)
        for index in range(depth):
            for item in self.learning:
                if index < len(item.questions) and len(chosen) < limit:
                    chosen.append((item.questions[index], item))
        return chosen


@dataclass(frozen=True)
class Entry:
    """One line of the index: a handout's kind, id and title, and whether it has a briefing."""

    kind: Kind
    id: str
    title: str
    note: str = ""
    briefing: bool = False


@dataclass(frozen=True)
class Catalogue:
    """Every handout there is, for the index page: audits, cases (by audit), themes."""

    audits: tuple[Entry, ...]
    cases: tuple[Entry, ...]
    themes: tuple[Entry, ...]


def _service(service: Service, sources: dict[str, Source]) -> ServiceEntry:
    url = service.link.url if service.link is not None and service.link.url else ""
    details = contact_details(service)
    source = sources.get(service.source_id)
    # The URL is given apart, as a link; the rest as the assistant's answers say it.
    shown = [detail for detail in details if detail != url]
    if shown:
        contact = f"Contact: {', '.join(shown)}."
    elif url:
        contact = "Contact:"
    else:
        contact = no_contact_yet(service)
    return ServiceEntry(
        name=service.name,
        offers=service.offers,
        contact=contact,
        url=url,
        source=f"Source: {source.short_title if source else service.source_id}.",
    )


def _learning(message: KeyMessage, sources: dict[str, Source]) -> Learning:
    return Learning(
        id=message.id,
        title=message.title,
        theme=message.theme.title if message.theme is not None else message.theme_id,
        found=message.found,
        summary=message.summary,
        actions=tuple(message.actions),
        questions=tuple(question.text for question in message.reflective_questions),
        services=tuple(_service(service, sources) for service in message.signposts),
        citation=message_citation(message),
    )


def _story(case: Case) -> CaseStory:
    return CaseStory(
        id=case.id,
        label=case_label(case),
        summary=case.summary,
        strengths=tuple(case.strengths or ()),
        citation=f"Source: {attribution(case.source, [case])}.",
        source_id=case.source_id,
    )


def _audit_title(source: Source) -> str:
    return f"{source.title}, {source.partnership}"


class Handouts:
    """Builds handouts from the store, one short session each, so a knowledge reload is seen
    from the next request on."""

    def __init__(self, store: KnowledgeStore) -> None:
        self.store = store

    def _messages(self, session: Session, ids: Iterable[str]) -> list[KeyMessage]:
        """The key messages with everything a handout cites (the store's own query)."""
        return [
            message
            for key_message_id in ids
            if (message := self.store.key_message(session, key_message_id)) is not None
        ]

    def _contacts(self, session: Session) -> tuple[Contact, ...]:
        return tuple(
            Contact(c.name, c.phone, c.when, c.area, c.source, c.unconfirmed)
            for c in self.store.urgent_contacts(session)
        )

    def _sources(self, session: Session) -> dict[str, Source]:
        return {source.id: source for source in self.store.sources(session)}

    def build(self, kind: Kind, handout_id: str) -> Handout:
        """The handout of that kind and id; NotFound naming what is missing otherwise."""
        builders = {
            Kind.CASE: self._case,
            Kind.BRIEFING: self._briefing,
            Kind.AUDIT: self._audit,
            Kind.THEME: self._theme,
        }
        with self.store.session() as session:
            return builders[kind](session, handout_id)

    def _find_case(self, session: Session, case_id: str) -> Case:
        for case in self.store.cases(session):
            if case.id == case_id:
                return case
        raise NotFound(f"There is no case with the id “{case_id}” in the audits.")

    def _case_handout(self, session: Session, case: Case, kind: Kind) -> Handout:
        sources = self._sources(session)
        learning = tuple(
            _learning(message, sources)
            for message in self._messages(session, (m.id for m in case.key_messages))
        )
        prefix = "7-minute briefing" if kind is Kind.BRIEFING else "Case handout"
        return Handout(
            kind=kind,
            id=case.id,
            title=f"{prefix}: {case_label(case)}, {case.source.short_title}",
            about=(
                f"The learning the {case.source.short_title} drew from {case_label(case)}: "
                "what the audit found, what to do, questions to reflect on and the services "
                "it points to."
            ),
            cases=(_story(case),),
            learning=learning,
            contacts=self._contacts(session),
            audits=(_audit_title(case.source),),
        )

    def _case(self, session: Session, case_id: str) -> Handout:
        return self._case_handout(session, self._find_case(session, case_id), Kind.CASE)

    def _briefing(self, session: Session, case_id: str) -> Handout:
        case = self._find_case(session, case_id)
        if not case.key_messages:
            raise NotFound(
                f"{case_label(case)} of the {case.source.short_title} has no 7-minute "
                "briefing: the audit attributes no learning of its own to it. Its learning "
                f"is in the audit's handout (“{case.source_id}”)."
            )
        return self._case_handout(session, case, Kind.BRIEFING)

    def _audit(self, session: Session, source_id: str) -> Handout:
        sources = self._sources(session)
        source = sources.get(source_id)
        if source is None:
            raise NotFound(f"There is no audit with the id “{source_id}”.")
        return Handout(
            kind=Kind.AUDIT,
            id=source.id,
            title=f"Audit handout: {source.short_title}, {source.theme}",
            about=source.overview or source.title,
            cases=tuple(_story(case) for case in sorted(source.cases, key=lambda c: c.number)),
            learning=tuple(
                _learning(message, sources)
                for message in self._messages(session, (m.id for m in source.key_messages))
            ),
            contacts=self._contacts(session),
            audits=(_audit_title(source),),
        )

    def _theme(self, session: Session, theme_id: str) -> Handout:
        sources = self._sources(session)
        theme = next((t for t in self.store.themes(session) if t.id == theme_id), None)
        if theme is None:
            raise NotFound(f"There is no theme with the id “{theme_id}”.")
        messages = self._messages(session, (m.id for m in theme.key_messages))
        audits = dict.fromkeys(message.source_id for message in messages)
        return Handout(
            kind=Kind.THEME,
            id=theme.id,
            title=f"Theme handout: {theme.title}",
            about=theme.description or theme.title,
            cases=(),
            learning=tuple(_learning(message, sources) for message in messages),
            contacts=self._contacts(session),
            audits=tuple(_audit_title(sources[a]) for a in audits if a in sources),
        )

    def catalogue(self) -> Catalogue:
        """Every audit, case and theme with a handout; cases say whether they have a briefing."""
        with self.store.session() as session:
            sources = self.store.sources(session)
            cases = self.store.cases(session)
            themes = self.store.themes(session)
            return Catalogue(
                audits=tuple(
                    Entry(Kind.AUDIT, s.id, f"{s.short_title}: {s.theme}", s.partnership)
                    for s in sources
                ),
                cases=tuple(
                    Entry(
                        Kind.CASE,
                        case.id,
                        f"{case_label(case)}, {case.source.short_title}",
                        _count(len(case.key_messages)),
                        briefing=bool(case.key_messages),
                    )
                    for case in cases
                ),
                themes=tuple(
                    Entry(Kind.THEME, t.id, t.title, _count(len(t.key_messages)))
                    for t in themes
                    if t.key_messages
                ),
            )


def _count(messages: int) -> str:
    return f"{messages} key message{'' if messages == 1 else 's'}"


def kinds() -> Sequence[str]:
    """The kinds' words, for the CLI's choices and the routes."""
    return [kind.value for kind in Kind]
