"""Which kind of answer would have held what a missed question expected (`nlu loso`'s reply
misses): a case's line, a glossary term, a service's detail, an escalation route's steps, a
key message's own text beyond its first answer, or nothing the knowledge says. Grouped by
the piece that holds it, the commonest groups are the content or routing to fix next."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from bot.dialogue.answers.moves import named_services, service_answer, term_answer
from bot.dialogue.case_practice import CaseLine
from bot.dialogue.escalation.replies import route_reply
from bot.dialogue.follow_ups import sentences
from bot.dialogue.terms import terms_named
from bot.tooling.evaluation import Question, passes
from bot.tooling.first_replies import FirstReply, Knowledge, as_read


class Kind(str, Enum):
    """The kind of answer a missed question's words are in: what would have to answer it."""

    CASE_LINE = "case line"
    TERM = "term"
    SERVICE = "service"
    STEP = "step"
    KEY_MESSAGE_TEXT = "key message text"
    NOWHERE = "nowhere"


@dataclass(frozen=True)
class Holder:
    """The one piece of the knowledge that holds every group a missed question expects."""

    kind: Kind
    id: str
    """The case line (case:place, 0 the summary), term, service, route or key message."""


@dataclass(frozen=True)
class ReplyMiss:
    """A question whose first-turn reply missed a group it expects, kept with that reply so
    the misses can be grouped by the answer given and by the piece that would hold them."""

    set_id: str
    question: Question
    reply: FirstReply
    chosen: str | None
    """The key message the ranking put first."""


class Holders:
    """Every piece an answer can show, as `bot eval` would read it."""

    def __init__(self, known: Knowledge, lines: Sequence[CaseLine]) -> None:
        self.known = known
        services = {service.id: service for service in known.services}
        self.pieces: dict[Kind, list[tuple[str, str]]] = {
            Kind.TERM: [
                (
                    term.id,
                    as_read(
                        term_answer(
                            [(term, services.get(term.service or ""))], [], [], known.contacts
                        )
                    ),
                )
                for term in known.terms
            ],
            Kind.SERVICE: [
                (
                    service.id,
                    as_read(
                        service_answer(service, sentences(service.offers), service.source, None)
                    ),
                )
                for service in known.services
            ],
            Kind.STEP: [
                (route.id, as_read(route_reply(route, None))) for route in known.guide.routes
            ],
            Kind.CASE_LINE: [(f"{line.case_id}:{line.place}", line.text.lower()) for line in lines],
            Kind.KEY_MESSAGE_TEXT: [
                (
                    message.id,
                    " ".join(
                        [
                            message.title,
                            message.summary,
                            message.found,
                            *message.actions,
                            *(q.text for q in message.reflective_questions),
                        ]
                    ).lower(),
                )
                for message in known.messages.values()
            ],
        }

    def holder(self, miss: ReplyMiss) -> Holder:
        """The first piece holding every expected group: a term or a service the question
        names first, then a case line, the chosen key message's own text, any key message's,
        a route's steps, any term, any service."""
        question = miss.question
        first: list[Kind] = []
        if terms_named(question.text, self.known.terms):
            first.append(Kind.TERM)
        if named_services(question.text, self.known.services):
            first.append(Kind.SERVICE)
        order = [*first, Kind.CASE_LINE, Kind.KEY_MESSAGE_TEXT, Kind.STEP, Kind.TERM, Kind.SERVICE]
        for kind in dict.fromkeys(order):
            pieces = self.pieces[kind]
            if kind is Kind.KEY_MESSAGE_TEXT and miss.chosen is not None:
                # the key message answered first: its own text left out of its answer
                pieces = sorted(pieces, key=lambda piece: piece[0] != miss.chosen)
            for piece_id, text in pieces:
                if passes(question, text):
                    return Holder(kind, piece_id)
        return Holder(Kind.NOWHERE, miss.chosen or "-")


def format_misses(misses: Sequence[ReplyMiss], holders: Holders, commonest: int = 20) -> str:
    """The reply misses by kind, by the route their reply took, the commonest groups, then
    each miss."""
    held = [(miss, holders.holder(miss)) for miss in misses]
    kinds = Counter(holder.kind.value for _miss, holder in held)
    routes = Counter(miss.reply.route.value for miss, _holder in held)
    groups = Counter((holder.kind.value, holder.id) for _miss, holder in held)
    lines = [f"reply misses: {len(misses)}", "  by the kind of answer that holds the words:"]
    lines += _counted(kinds.most_common())
    lines.append("  by the answer given:")
    lines += _counted(routes.most_common())
    lines.append(f"  the {commonest} commonest groups (kind, piece):")
    lines += _counted((f"{kind} {piece}", n) for (kind, piece), n in groups.most_common(commonest))
    lines.append("  each miss (set, kind, piece, answer given, key message first: question):")
    lines += [
        f"    {miss.set_id} {holder.kind.value} {holder.id} [{miss.reply.route.value}, "
        f"{miss.chosen}]: {miss.question.text}"
        for miss, holder in held
    ]
    return "\n".join(lines)


def format_elsewhere(actions: Sequence[str]) -> str:
    """The in-coverage questions sent to another action than the learning's, by that action:
    what an intent took away from the answer, whether or not that action's reply helps."""
    lines = [f"sent to another action (not scored): {len(actions)}"]
    return "\n".join(lines + _counted(Counter(actions).most_common()))


def _counted(pairs: Iterable[tuple[str, int]]) -> list[str]:
    return [f"    {n:>4}  {name}" for name, n in pairs]
