"""The guide: the escalation routes and the "what have you tried" answers, built once from
the knowledge store's rows into plain frozen values that matching and replies can use
without a database session."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.knowledge.citations import attribution, contact_details
from bot.knowledge.models import (
    EscalationRoute,
    EscalationStep,
    EscalationTried,
    KeyMessage,
    Service,
)

if TYPE_CHECKING:
    from bot.knowledge.store import KnowledgeStore


@dataclass(frozen=True)
class Contact:
    name: str
    details: tuple[str, ...]
    """phone, email, website and the link's URL (as the deployment set it); empty if none."""
    has_link: bool
    """The service has a link id (used when its URL is blank)."""
    phone: str | None = None
    """The number the audit gives for it, if any (a number asked after a route)."""

    @property
    def link_blank(self) -> bool:
        """Its link was left blank in the audit and the deployment has not set it."""
        return self.has_link and not self.details

    def line(self) -> str:
        """Name and details; a blank link is said once per answer (blank_links_note), not here."""
        if self.details:
            return f"{self.name}: {', '.join(self.details)}"
        if self.has_link:
            return self.name
        return f"{self.name} (the audit gives no contact details)"


def blank_links_note(contacts: Iterable[Contact]) -> str | None:
    """One sentence for every blank link of an answer: a route repeats the same contact at
    several steps, and the same note after each made a long answer longer on a phone."""
    names = list(dict.fromkeys(contact.name for contact in contacts if contact.link_blank))
    if not names:
        return None
    return f"No link yet for: {'; '.join(names)}. The audit left it blank and it is not set yet."


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    who: str
    what: str
    contacts: tuple[Contact, ...]
    citation: str
    from_audit: bool = True
    """Cites an audit's key message; otherwise a named reference (the London procedures)."""
    suggested: bool = False
    """Its place in this route is the assistant's suggestion, not yet confirmed."""
    confirmed_by: str | None = None
    """Who in the partnership confirmed a suggested place, and when."""

    @property
    def basis(self) -> str:
        """Where the step comes from, as shown to the practitioner and on the sign-off sheet."""
        source = f"{'audit' if self.from_audit else 'procedures'}: {self.citation}"
        if self.suggested:
            return f"suggested here, to be confirmed by the partnership ({source})"
        if self.confirmed_by:
            return f"{source}; its place here confirmed by {self.confirmed_by}"
        return source


@dataclass(frozen=True)
class KeyMessageRef:
    id: str
    title: str
    reflective_questions: tuple[str, ...]
    citation: str


@dataclass(frozen=True)
class Route:
    id: str
    title: str
    button: str
    summary: str
    words: tuple[str, ...]
    refines: str | None
    key_messages: tuple[KeyMessageRef, ...]
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Tried:
    id: str
    label: str
    words: tuple[str, ...]
    done_steps: frozenset[str]


@dataclass(frozen=True)
class Guide:
    routes: tuple[Route, ...]
    tried: tuple[Tried, ...]

    def route(self, route_id: str | None) -> Route | None:
        return next((route for route in self.routes if route.id == route_id), None)

    def answer(self, tried_id: str | None) -> Tried | None:
        return next((tried for tried in self.tried if tried.id == tried_id), None)


def _contact(service: Service) -> Contact:
    """The contact line's parts, composed as the key message answers compose a signpost."""
    return Contact(
        service.name, tuple(contact_details(service)), service.link_id is not None, service.phone
    )


def _message_citation(message: KeyMessage) -> str:
    source = attribution(message.source, message.cases, message.case_note)
    return f"{source}, key message '{message.title}'"


def _reference_citation(step: EscalationStep) -> str:
    link = step.reference_link
    if link is None:
        return str(step.reference)
    return f"{step.reference} ({link.url})" if link.url else f"{step.reference} (link not set yet)"


def _step(step: EscalationStep) -> Step:
    # The validator guarantees exactly one source: a key message or a reference.
    citation = (
        _message_citation(step.key_message)
        if step.key_message is not None
        else _reference_citation(step)
    )
    return Step(
        step.id,
        step.title,
        step.who,
        step.what,
        tuple(_contact(service) for service in step.services),
        citation,
        step.key_message is not None,
    )


def _key_message(message: KeyMessage) -> KeyMessageRef:
    return KeyMessageRef(
        message.id,
        message.title,
        tuple(question.text for question in message.reflective_questions),
        _message_citation(message),
    )


def build_guide(routes: Sequence[EscalationRoute], tried: Sequence[EscalationTried]) -> Guide:
    """The guide from the store's rows (`KnowledgeStore.escalation_routes` and
    `escalation_tried`, which load every relation used here), in their order."""
    return Guide(
        tuple(
            Route(
                route.id,
                route.title,
                route.button,
                route.summary or "",
                tuple(route.words),
                route.refines_id,
                tuple(_key_message(message) for message in route.key_messages),
                tuple(
                    replace(
                        _step(step),
                        suggested=step.id in (route.suggested_steps or []),
                        confirmed_by=(route.confirmed_steps or {}).get(step.id),
                    )
                    for step in route.steps
                ),
            )
            for route in routes
        ),
        tuple(
            Tried(
                answer.id,
                answer.label,
                tuple(answer.words),
                frozenset(step.id for step in answer.done_steps),
            )
            for answer in tried
        ),
    )


def load_guide(store: KnowledgeStore) -> Guide:
    """The guide as loaded into the database by `python -m bot knowledge load`."""
    with store.session() as session:
        return build_guide(store.escalation_routes(session), store.escalation_tried(session))
