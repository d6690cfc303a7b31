"""The reply the assistant gives a question on a first turn, built in this process from the
same bot/dialogue code the actions send it with, so `python -m bot nlu loso` scores what a
practitioner is told and not only which key message was chosen (issue 19: a case question is
answered by a case's line, a term by the glossary, a service by its detail, an escalation by
the route finder; round 40 found about 340 of loso's 523 misses answered right that way).

The routes followed, by the model's intent, as the actions take them on a first turn:
- outside_coverage: declined (actions/coverage.py);
- ask_term: the glossary's answer (actions/moves.py, ActionExplainTerm), else as a question;
- ask_detail: the detail of the services or urgent contacts the question names
  (actions/details.py), else which service or answer is meant (actions/moves.py);
- how_to_escalate: the route finder's first question, which situation or what was tried
  (actions/escalation.py);
- nlu_fallback: as ActionOfferCandidates decides (actions/fallback.py): as a question when the
  intent under it was ask_learning and the key message is sure, else a case's line or
  candidates;
- ask_learning: answer_learning (actions/learning.py): the key message answered (with the
  runner-up offered beside it, or a case line after it), else a case's line, else candidates;
- any other intent: whatever its rule runs (data/*/rules.yml: the urgent advice, the privacy
  warning, a case described, a quiz, ...), not built here: counted apart, never as right.
Left out: the urgent lines a risk or danger puts first (they add, never take away, and
safety has its own measures), a case named outright, the transition learning beside an
answer, and everything that leans on an earlier turn (a left-out question is a first turn).
ActionAnswerLearning's and offer_candidates' exits before the answer are not built either,
though some can take a first turn: a case asked about with a detail (cases_with_detail), a
case's story told or asked about (asked_about_case, case_told_again), a follow-up on a case
(follow_up_on_case), and a bare "what now?" (what_is_happening).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from bot.dialogue import understanding
from bot.dialogue.answers.cases import case_line_answer
from bot.dialogue.answers.learning import answer_or, candidates, key_message_answer
from bot.dialogue.answers.moves import (
    named_contacts,
    named_detail,
    named_services,
    no_detail,
    term_answer,
)
from bot.dialogue.case_practice import CaseLineFinder, case_line_for
from bot.dialogue.conversation import unclear_asks_learning
from bot.dialogue.escalation import form, replies
from bot.dialogue.moves import detail_meant
from bot.dialogue.replies import Reply
from bot.dialogue.retrieval import Opinion, Ranker
from bot.dialogue.terms import Term
from bot.dialogue.terms_asked import phrase_used, terms_asked, where_used
from bot.knowledge.escalation.guide import Guide
from bot.knowledge.escalation.matching import describes_situation
from bot.knowledge.models import Case, KeyMessage, Service, UrgentContact
from bot.names import (
    DETAIL_INTENT,
    ESCALATION_SITUATION_SLOT,
    FALLBACK_INTENT,
    HOW_TO_ESCALATE_INTENT,
    LEARNING_INTENT,
    OUT_OF_COVERAGE_INTENT,
    TERM_ENTITY,
    TERM_INTENT,
)
from bot.tooling.evaluation import reply_text
from bot.tooling.rules import rule_handlers


class Route(str, Enum):
    """Which answer a first turn got."""

    DECLINED = "declined as outside the audits"
    TERM = "glossary term"
    DETAIL = "service or contact detail"
    NO_DETAIL = "which service or answer is meant"
    ESCALATION = "route finder's question"
    ANSWER = "key message answer"
    ANSWER_AND_LINE = "key message answer and a case line"
    CASE_LINE = "case line"
    CANDIDATES = "candidates"
    OTHER_ACTION = "another action's reply (not built here)"

    @property
    def answers(self) -> bool:
        """An answer given as the learning's (what an out-of-coverage question must not get)."""
        return self in (Route.ANSWER, Route.ANSWER_AND_LINE, Route.CASE_LINE)


@dataclass(frozen=True)
class Knowledge:
    """What the replies are built from, read once from the knowledge database."""

    messages: Mapping[str, KeyMessage]
    cases: Sequence[Case]
    services: Sequence[Service]
    terms: Sequence[Term]
    contacts: Sequence[UrgentContact]
    guide: Guide


@dataclass(frozen=True)
class FirstReply:
    """The reply a left-out question gets on a first turn, and which route built it."""

    route: Route
    text: str
    """As `bot eval` reads a reply (evaluation.reply_text): texts and button titles, lower-cased."""
    action: str | None = None
    """With Route.OTHER_ACTION: what the intent's rule runs (its reply is not built here)."""


def first_actions() -> dict[str, str]:
    """What the rules run first for each intent (data/*/rules.yml)."""
    return {intent: action for intent, action, _file in rule_handlers()}


_LEARNING_AFTER = frozenset({LEARNING_INTENT, TERM_INTENT})
"""Intents answered as a question of the learning: ask_learning, and ask_term when the glossary
finds no term asked."""


def as_read(found: Sequence[Reply]) -> str:
    """Replies as `bot eval` reads them from the REST channel."""
    return reply_text(
        [{"text": r.text, "buttons": [{"title": b.title} for b in r.buttons]} for r in found]
    )


@dataclass(frozen=True)
class FirstTurn:
    """What builds the replies of one held-out set: `ranker` and `finder` taught by the
    other sets only."""

    ranker: Ranker
    finder: CaseLineFinder
    known: Knowledge
    rules: Mapping[str, str] = field(default_factory=first_actions)
    """Intent -> what its rule runs first, for the intents whose replies are not built here."""

    def reply(self, text: str, parsed: Mapping[str, Any], found: Opinion) -> FirstReply:
        """The reply to `text` on a first turn: `parsed`, the model's parse; `found`, the
        ranking's opinion (the fusion fitted without the question's set)."""
        intent = parsed.get("intent")
        if intent == OUT_OF_COVERAGE_INTENT:
            return FirstReply(Route.DECLINED, "")
        if intent == TERM_INTENT:
            told = _term_reply(text, parsed, self.known)
            if told is not None:
                return FirstReply(Route.TERM, as_read(told))
        if intent == DETAIL_INTENT:
            return _detail_reply(text, self.known)
        if intent == HOW_TO_ESCALATE_INTENT:
            asked = _route_question(text, parsed, self.known.guide)
            return FirstReply(Route.ESCALATION, as_read(asked))
        if intent == FALLBACK_INTENT:
            if unclear_asks_learning(parsed, lambda: found.confident):
                return self._learning_reply(text, parsed, found)
            return self._offered(text, parsed, found)
        if intent not in _LEARNING_AFTER:
            return FirstReply(Route.OTHER_ACTION, "", self.rules.get(str(intent)))
        return self._learning_reply(text, parsed, found)

    def _learning_reply(self, text: str, parsed: Mapping[str, Any], found: Opinion) -> FirstReply:
        """actions/learning.py's answer_learning and offer_candidates on a first turn."""
        messages = self.known.messages
        # a key message the knowledge no longer holds: the candidates, as the action offers
        message = messages.get(found.ranking[0].key_message_id) if found.confident else None
        if message is not None:
            asked = self.ranker.similarities_to(text, message.id, message.actions)
            second = messages.get(found.second.key_message_id) if found.second else None
            if second is not None:
                return FirstReply(Route.ANSWER, as_read(answer_or(message, second, text, asked)))
            answer = key_message_answer(message, text, asked=asked)
            line = self._case_line(text, ())
            if line is None:
                return FirstReply(Route.ANSWER, as_read(answer))
            return FirstReply(Route.ANSWER_AND_LINE, as_read(answer + line))
        return self._offered(text, parsed, found)

    def _offered(self, text: str, parsed: Mapping[str, Any], found: Opinion) -> FirstReply:
        """offer_candidates on a first turn: a case's line, else the closest key messages."""
        messages = self.known.messages
        choices = [
            messages[r.key_message_id]
            for r in found.ranking[: understanding.CANDIDATES]
            if r.key_message_id in messages
        ]
        line = self._case_line(text, choices)
        if line is not None:
            return FirstReply(Route.CASE_LINE, as_read(line))
        escalation = understanding.likely_intent(
            parsed, HOW_TO_ESCALATE_INTENT
        ) or describes_situation(self.known.guide, text)
        offered = candidates(choices, escalation, found.near_knowledge)
        return FirstReply(Route.CANDIDATES, as_read(offered))

    def _case_line(self, text: str, choices: Sequence[KeyMessage]) -> list[Reply] | None:
        """case_practice on a first turn: the case line the other sets' finder picks for
        `text`, with `choices` a tap away; None when no line fits or its case is unknown."""
        found = case_line_for(text, self.ranker, self.finder)
        if found is None:
            return None
        case = next((case for case in self.known.cases if case.id == found.line.case_id), None)
        return None if case is None else case_line_answer(found.line, case, choices)


def _term_reply(text: str, parsed: Mapping[str, Any], known: Knowledge) -> list[Reply] | None:
    by_id = {term.id: term for term in known.terms}
    asked = terms_asked(
        text, known.terms, by_id.get(understanding.entity_value(parsed, TERM_ENTITY) or "")
    )
    if not asked.terms:
        return None
    if asked.phrase:
        # "what is CAMHS complex care forum in the audit": where the audits say it
        said = phrase_used(asked.phrase, asked.terms, known.cases, list(known.messages.values()))
        if said is not None:
            return said
    cases, used_in = where_used(asked.terms, known.cases, list(known.messages.values()))
    services = {service.id: service for service in known.services}
    explained = [(term, services.get(term.service or "")) for term in asked.terms]
    return term_answer(explained, cases, used_in, known.contacts, in_practice=asked.in_practice)


def _detail_reply(text: str, known: Knowledge) -> FirstReply:
    """ActionConversationMove's detail with nothing shown before (actions/details.py's
    service_detail_replies, nothing to repeat): the detail of what the message names, else
    which service or answer is meant."""
    named = named_services(text, known.services)
    contacts = named_contacts(text, known.contacts, known.terms)
    found = named_detail(detail_meant(text), None, named, contacts)
    return (
        FirstReply(Route.DETAIL, as_read(found))
        if found
        else FirstReply(Route.NO_DETAIL, as_read(no_detail()))
    )


def _route_question(text: str, parsed: Mapping[str, Any], guide: Guide) -> list[Reply]:
    """The route finder as it starts: what was tried, when the message told the situation;
    else which situation."""
    confident = understanding.is_confident(understanding.key_message_ranking(parsed))
    reading = form.read_message(
        guide, ESCALATION_SITUATION_SLOT, text, parsed.get("intent"), True, confident
    )
    situation = (
        form.resolve(guide, ESCALATION_SITUATION_SLOT, text)
        if reading is form.Reading.ANSWER
        else None
    )
    route = guide.route(situation) if situation else None
    return replies.ask_tried(guide, route) if route else replies.ask_situation(guide)
