"""The escalation route finder: routes from the knowledge base, free-text matching, and the replies.

The routes, their steps and the "what have you tried" answers are data
(knowledge/escalation.yml, escalation_steps.yml, escalation_tried.yml), validated and loaded
into the database with the rest of the knowledge; this module turns the stored rows into a
guide, recognises a typed situation or answer with the words the data gives,
and composes every reply of the form, so the actions in actions/escalation.py stay thin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

from bot.dialogue import answers
from bot.dialogue.names import (
    ASK_AUDIT_INTENT,
    ASK_CASE_INTENT,
    BROWSE_INTENT,
    CHANGE_ANSWER_INTENT,
    CHOOSE_SITUATION_INTENT,
    CHOOSE_TRIED_INTENT,
    ESCALATION_CHANGE_ENTITY,
    ESCALATION_SITUATION_SLOT,
    ESCALATION_TRIED_SLOT,
    GOOD_PRACTICE_INTENT,
    GOODBYE_INTENT,
    HANDOUT_INTENT,
    HELP_INTENT,
    IMMEDIATE_RISK_INTENT,
    KEY_MESSAGE_SLOT,
    LEARNING_INTENT,
    OUT_OF_SCOPE_INTENT,
    RECORDS_INTENT,
    ROUTE_PROMPTS_INTENT,
    SHOW_ROUTES_INTENT,
    START_AGAIN_INTENT,
    STOP_INTENT,
)
from bot.dialogue.replies import Button, Reply, bullets, payload
from bot.knowledge.models import (
    EscalationRoute,
    EscalationStep,
    EscalationTried,
    KeyMessage,
    Service,
)

if TYPE_CHECKING:
    from bot.knowledge.store import KnowledgeStore

MAX_FAILURES_BEFORE_WAY_OUT = 2
"""After this many answers in a row that cannot be understood, the way out is offered."""

# Intents the form never reads as an answer: their own rules handle them (cancel, change,
# urgent advice, goodbye) while the form is active. how_to_escalate is not one: "the plan
# isn't progressing" starts the form, and answers its first question too.
CONTROL_INTENTS = frozenset(
    {STOP_INTENT, CHANGE_ANSWER_INTENT, IMMEDIATE_RISK_INTENT, GOODBYE_INTENT, START_AGAIN_INTENT}
)
# Intents answered in the middle of the form, then "shall we go back to your route?",
# unless the message also describes the situation or answer the form asked for.
DIGRESSION_INTENTS = frozenset(
    {
        LEARNING_INTENT,
        OUT_OF_SCOPE_INTENT,
        HELP_INTENT,
        BROWSE_INTENT,
        ASK_CASE_INTENT,
        ASK_AUDIT_INTENT,
        GOOD_PRACTICE_INTENT,
        SHOW_ROUTES_INTENT,
        HANDOUT_INTENT,
        ROUTE_PROMPTS_INTENT,
        RECORDS_INTENT,
    }
)


# --- the guide: routes built from the knowledge base ------------------------------------


@dataclass(frozen=True)
class Contact:
    name: str
    details: tuple[str, ...]
    """phone, email, website and the link's URL (as the deployment set it); empty if none."""
    has_link: bool
    """The service has a link id (used when its URL is blank)."""

    def line(self) -> str:
        if self.details:
            return f"{self.name}: {', '.join(self.details)}"
        if self.has_link:
            return f"{self.name} (link left blank in the audit; not set yet)"
        return f"{self.name} (the audit gives no contact details)"


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
        service.name, tuple(answers.contact_details(service)), service.link_id is not None
    )


def _message_citation(message: KeyMessage) -> str:
    return f"{answers.attribution(message.source, message.cases, message.case_note)}, key message '{message.title}'"


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


# --- understanding typed answers --------------------------------------------------------


_CONTRACTED_NOT = re.compile(r"\b(are|is|was|were|do|does|did|have|has|had|should|could|would)nt\b")
_IRREGULAR_NOT = {"wont": "will not", "cant": "can not", "cannot": "can not", "aint": "is not"}


def normalise(text: str) -> str:
    """Lower case, apostrophes dropped, "n't" spelt out (aren't -> are not, so "not replying"
    matches "they aren't replying"), other punctuation as spaces."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    text = _CONTRACTED_NOT.sub(r"\1 not", text)
    words = re.sub(r"[^a-z0-9*]+", " ", text).split()
    return " ".join(_IRREGULAR_NOT.get(word, word) for word in words)


def _pattern(word: str) -> re.Pattern[str]:
    phrase = normalise(word)
    stem = phrase.endswith("*")
    body = re.escape(phrase.rstrip("*").strip())
    return re.compile(rf"\b{body}" + ("" if stem else r"\b"))


_NEGATIONS = frozenset(
    "not no never doesnt dont didnt hasnt havent isnt wasnt wont cant yet".split()
)
"""Words that, right before or after an answer phrase, say it has NOT happened ("my manager
doesn't know", "haven't told my manager", "yet to contact them")."""
_NEGATION_REACH = 2


def _negated(text: str, span: tuple[int, int]) -> bool:
    before = text[: span[0]].split()[-_NEGATION_REACH:]
    after = text[span[1] :].split()[:_NEGATION_REACH]
    return bool(_NEGATIONS & set(before + after))


def _score(text: str, words: Iterable[str], negatable: bool = False) -> tuple[int, int]:
    """Words matched, counting a phrase inside a longer matched phrase only once; with
    `negatable`, phrases negated around them are counted apart: (matched, negated)."""
    taken: list[tuple[int, int]] = []
    score = negated = 0
    for word in sorted(words, key=lambda w: -len(normalise(w))):
        for match in _pattern(word).finditer(text):
            span = match.span()
            if any(start < span[1] and span[0] < end for start, end in taken):
                continue
            taken.append(span)
            if negatable and _negated(text, span):
                negated += 1
            else:
                score += len(normalise(word).split())
    return score, negated


def match_situation(guide: Guide, text: str) -> str | None:
    """The route whose words fit the text best, or None when none or several fit equally."""
    clean = normalise(text)
    if not clean:
        return None
    if clean.isdigit() and 1 <= int(clean) <= len(guide.routes):
        return guide.routes[int(clean) - 1].id
    scores = {route.id: _score(clean, route.words)[0] for route in guide.routes}
    for route in guide.routes:  # a special case takes over from the route it refines, and
        if route.refines and scores[route.id] and scores.get(route.refines):  # its words
            scores[route.id] += scores[route.refines]
            scores[route.refines] = 0
    best = _best(scores)
    if best is None and any(scores.values()):
        # A tie: the route whose matched words are longer (more specific) wins, e.g.
        # "disagree" over "plan" in "we disagree with them about the plan".
        top = max(scores.values())
        tied = {
            route.id: _matched_chars(clean, route.words)
            for route in guide.routes
            if scores[route.id] == top
        }
        best = _best(tied)
    return best


_ROUTE_REQUEST = re.compile(
    r"\b(?:how (?:do|can|should|would|to) (?:i|we|you )?escalat\w*"
    r"|escalat\w* (?:route|process|procedure|policy|path|steps?|order)"
    r"|(?:whats|what is|what s) the (?:escalation|route)"
    r"|who (?:do|should|can) (?:i|we) (?:go|escalate|take (?:it|this)|turn) to"
    r"|who (?:do|should|can) (?:i|we) escalate"
    r"|escalate (?:this|it|a concern|my concern)"
    r"|take (?:it|this) (?:higher|further))\b"
)


def asks_for_route(text: str) -> bool:
    """The message asks outright who to escalate to, or how: it gets the route finder, which
    answers first, even when its words also fit a key message about escalating."""
    return _ROUTE_REQUEST.search(normalise(text)) is not None


def _matched_chars(text: str, words: Iterable[str]) -> int:
    return sum(len(match.group()) for word in words for match in _pattern(word).finditer(text))


_CORRECTION = re.compile(
    r"\b(actually|sorry|i meant|i mean|rather|its more|more that|more like|not that|wrong one|instead|its that)\b"
)


def corrected_situation(
    guide: Guide, text: str, current: str | None, intent: str | None
) -> str | None:
    """A new description of what is wrong, typed while the form asks what was tried ("actually
    it's more that they aren't replying"): the new route, or None if it is an answer."""
    if not text or text.startswith("/") or intent in CONTROL_INTENTS:
        return None
    situation = match_situation(guide, text)
    if situation is None or situation == current:
        return None
    clean = normalise(text)
    if _CORRECTION.search(clean):
        return situation
    situation_score = max(_score(clean, route.words)[0] for route in guide.routes)
    tried_score = max(_score(clean, tried.words, negatable=True)[0] for tried in guide.tried)
    return situation if situation_score > tried_score else None


def match_tried(guide: Guide, text: str) -> str | None:
    """What the practitioner has tried; equal fits combine when one answer covers them all."""
    clean = normalise(text)
    if not clean:
        return None
    if clean.isdigit() and 1 <= int(clean) <= len(guide.tried):
        return guide.tried[int(clean) - 1].id
    scored = {tried.id: _score(clean, tried.words, negatable=True) for tried in guide.tried}
    scores = {key: matched for key, (matched, _negated_count) in scored.items()}
    best = _best(scores)
    if best is None and not any(scores.values()) and any(n for _m, n in scored.values()):
        # Only denials ("my manager doesn't know"): nothing has been done yet.
        return next((tried.id for tried in guide.tried if not tried.done_steps), None)
    if best is not None or not any(scores.values()):
        return best
    top = max(scores.values())
    union = frozenset().union(*(t.done_steps for t in guide.tried if scores[t.id] == top))
    return next((tried.id for tried in guide.tried if tried.done_steps == union), None)


def _best(scores: Mapping[str, int]) -> str | None:
    top = max(scores.values(), default=0)
    winners = [key for key, score in scores.items() if score == top]
    return winners[0] if top > 0 and len(winners) == 1 else None


class Reading(Enum):
    """How the form treats the latest message for the question it asked."""

    ANSWER = "answer"
    """Read it as the answer (valid or not: validation decides and explains)."""
    PASS = "pass"
    """Not an answer: the form rejects, and a rule handles the message instead."""


def read_message(
    guide: Guide,
    slot: str,
    text: str,
    intent: str | None,
    activating: bool = False,
    confident_question: bool = True,
) -> Reading:
    """Whether the message answers the question `slot`, or belongs to another rule.

    Typed text that fits a situation or answer is an answer whatever the intent (a situation
    in everyday words often looks like a practice question). Otherwise control intents and
    unrelated questions pass to their rules; anything else is read as an answer, so that
    validation can explain what it expected. A practice question counts as one only when
    `confident_question` (the key message ranking is confident), so gibberish the model
    files under ask_learning is asked again. At activation only a fitting situation counts.
    """
    if not text or text.startswith("/") or intent in CONTROL_INTENTS:
        return Reading.PASS
    matcher = match_situation if slot == ESCALATION_SITUATION_SLOT else match_tried
    if matcher(guide, text) is not None:
        return Reading.ANSWER
    if activating:
        return Reading.PASS
    if intent in DIGRESSION_INTENTS and (intent != LEARNING_INTENT or confident_question):
        return Reading.PASS
    return Reading.ANSWER


def resolve(guide: Guide, slot: str, value: Any) -> str | None:
    """A slot value as an id: button payloads carry ids, typed answers are matched."""
    if not isinstance(value, str) or not value.strip():
        return None
    if slot == ESCALATION_SITUATION_SLOT:
        return value if guide.route(value) else match_situation(guide, value)
    return value if guide.answer(value) else match_tried(guide, value)


def slot_to_change(text: str, entity_value: str | None, requested: str | None) -> str:
    """Which answer "change my answer" means: the button's, the words', else the earlier one."""
    if entity_value in (ESCALATION_SITUATION_SLOT, ESCALATION_TRIED_SLOT):
        return entity_value
    clean = normalise(text)
    if re.search(r"\b(tried|done|did|manager|contacted|meeting)\b", clean):
        return ESCALATION_TRIED_SLOT
    if re.search(r"\b(situation|wrong|problem|issue|route)\b", clean):
        return ESCALATION_SITUATION_SLOT
    return ESCALATION_SITUATION_SLOT if requested in (None, ESCALATION_TRIED_SLOT) else requested


# --- replies ---------------------------------------------------------------------------


def _situation_button(route: Route) -> Button:
    return Button(
        route.button, payload(CHOOSE_SITUATION_INTENT, **{ESCALATION_SITUATION_SLOT: route.id})
    )


def _change_button(title: str, slot: str, **kept: str) -> Button:
    return Button(title, payload(CHANGE_ANSWER_INTENT, **{ESCALATION_CHANGE_ENTITY: slot}, **kept))


def _way_out() -> tuple[Button, ...]:
    return (
        Button("Show all escalation routes", payload(SHOW_ROUTES_INTENT)),
        Button("Stop", payload(STOP_INTENT)),
    )


def ask_situation(guide: Guide, failures: int = 0) -> list[Reply]:
    examples = 'for example "the plan isn\'t progressing" or "the family won\'t engage"'
    if failures >= MAX_FAILURES_BEFORE_WAY_OUT:
        text = (
            "I still can't match that to one of the situations the audits describe. Choose "
            "the closest one below, see every route at once, or stop here."
        )
        return [Reply(text, (*map(_situation_button, guide.routes), *_way_out()))]
    if failures:
        text = (
            "Sorry, I couldn't match that to a situation. I need to know what is stuck so I "
            f"can give you the right route: choose a button, or describe it in a few words, {examples}."
        )
    else:
        text = (
            f"{general_route(guide)}\n\n"
            "To give you the right escalation route: what is wrong? Choose the situation "
            f"closest to yours, or describe it in a few words, {examples}. You can say "
            '"stop" at any time.'
        )
    return [Reply(text, tuple(map(_situation_button, guide.routes)))]


def ask_tried(guide: Guide, route: Route | None, failures: int = 0) -> list[Reply]:
    buttons = tuple(
        Button(tried.label, payload(CHOOSE_TRIED_INTENT, **{ESCALATION_TRIED_SLOT: tried.id}))
        for tried in guide.tried
    )
    change = _change_button("Change what's wrong", ESCALATION_SITUATION_SLOT)
    if failures >= MAX_FAILURES_BEFORE_WAY_OUT:
        return [
            Reply(
                "I still can't tell what you've tried so far. Choose the closest answer below, "
                "see every route at once, or stop here.",
                (*buttons, change, *_way_out()),
            )
        ]
    parts = []
    if failures:
        parts.append(
            "Sorry, I couldn't tell what you've already tried. I ask so the route can skip "
            'steps you\'ve done: choose a button, or say e.g. "not yet" or "my manager knows".'
        )
    elif route is not None:
        parts.append(
            f"**Escalation route: {route.title}.**" + (f" {route.summary}" if route.summary else "")
        )
        parts.append(f"Who to go to, in order: {route_in_short(route)}.")
        parts.append("To tailor it: what have you tried so far?")
    return [
        Reply("\n\n".join(parts) if parts else "What have you tried so far?", (*buttons, change))
    ]


def route_in_short(route: Route) -> str:
    """Who to go to, in order, in one line: the answer first, before any tailoring."""
    return " -> ".join(f"{step.title} ({step.who})" for step in route.steps)


def general_route(guide: Guide) -> str:
    """The first and last steps most routes share: the short answer before the situation is
    known, said only as far as the routes in the knowledge base say it."""
    firsts = [route.steps[0] for route in guide.routes if route.steps]
    lasts = [route.steps[-1] for route in guide.routes if route.steps]
    if not firsts:
        return ""
    first = max(firsts, key=lambda step: sum(s.id == step.id for s in firsts))
    last = max(lasts, key=lambda step: sum(s.id == step.id for s in lasts))
    return (
        f"In short, most escalation routes start with: {first.title} ({first.who}), and end "
        f"with: {last.title} ({last.who}). The steps between depend on what is wrong."
    )


def _remaining(route: Route, tried: Tried | None) -> tuple[list[Step], list[Step]]:
    done = tried.done_steps if tried else frozenset()
    return [s for s in route.steps if s.id in done], [s for s in route.steps if s.id not in done]


def _step_text(number: int, step: Step) -> str:
    lines = [f"{number}. {step.title} ({step.who})", f"   {step.what}"]
    lines += [f"   Contact: {contact.line()}" for contact in step.contacts]
    lines.append(
        f"   Source: {step.citation}."
        if not step.suggested
        else (
            f"   Source: {step.citation}. Its place in this route is suggested, to be confirmed by "
            "the partnership."
        )
    )
    return "\n".join(lines)


def route_buttons(route: Route, tried: Tried | None) -> tuple[Button, ...]:
    kept_route = {ESCALATION_SITUATION_SLOT: route.id}
    both = {**kept_route, **({ESCALATION_TRIED_SLOT: tried.id} if tried else {})}
    return (
        Button("Reflective prompts", payload(ROUTE_PROMPTS_INTENT, **kept_route)),
        Button("Handout of this route", payload(HANDOUT_INTENT, **both)),
        _change_button(
            "Change what's wrong",
            ESCALATION_SITUATION_SLOT,
            **({ESCALATION_TRIED_SLOT: tried.id} if tried else {}),
        ),
        _change_button("Change what I've tried", ESCALATION_TRIED_SLOT, **kept_route),
        Button("All escalation routes", payload(SHOW_ROUTES_INTENT)),
    )


def route_reply(route: Route, tried: Tried | None) -> list[Reply]:
    """The route, step by step, starting after the steps already done."""
    done, remaining = _remaining(route, tried)
    parts = [f"Your escalation route: {route.title}."]
    if done:
        parts.append("Already done, so skipped: " + "; ".join(s.title for s in done) + ".")
    if remaining:
        parts.append("\n".join(_step_text(n, s) for n, s in enumerate(remaining, start=1)))
    else:
        parts.append(
            "You have done every step of this route. If it is still not resolved, talk to "
            "your manager about the partnership's escalation policy."
        )
    parts.append(
        "Each step names its source; this is not advice on your case. If a child is in "
        "immediate danger, call 999."
    )
    return [Reply("\n\n".join(parts), route_buttons(route, tried))]


def route_prompts(route: Route) -> list[Reply]:
    sections = [
        f"{message.title}:\n{bullets(list(message.reflective_questions))}\nSource: {message.citation}."
        for message in route.key_messages
        if message.reflective_questions
    ]
    text = (
        f"Questions to reflect on ({route.title}):\n\n" + "\n\n".join(sections)
        if sections
        else f"The audits ask no reflective questions on {route.title}."
    )
    buttons = tuple(
        Button(message.title, payload(LEARNING_INTENT, **{KEY_MESSAGE_SLOT: message.id}))
        for message in route.key_messages
    )
    return [Reply(text, buttons)]


def handout(route: Route, tried: Tried | None) -> str:
    """The whole route as markdown to copy: every step, contacts and sources."""
    done, _ = _remaining(route, tried)
    done_ids = {step.id for step in done}
    lines = [f"# Escalation route: {route.title}", ""]
    if route.summary:
        lines += [route.summary, ""]
    if tried:
        lines += [f"Already tried: {tried.label}.", ""]
    lines += ["## Steps", ""]
    for number, step in enumerate(route.steps, start=1):
        mark = " (already done)" if step.id in done_ids else ""
        lines.append(f"{number}. **{step.title}**{mark}. Who: {step.who}. {step.what}")
        for contact in step.contacts:
            lines.append(f"   - Contact: {contact.line()}")
        lines.append(f"   - Source: {step.basis}")
    sources = list(dict.fromkeys(step.citation for step in route.steps))
    lines += ["", "## Sources", "", *(f"- {source}" for source in sources), ""]
    lines.append(
        "From the City & Hackney multi-agency case audits' learning and the sources named under "
        "each step; not advice on a case. If a child is in immediate danger, call 999."
    )
    return "\n".join(lines)


def handout_reply(route: Route, tried: Tried | None) -> list[Reply]:
    return [
        Reply(
            "Here is your route as a handout to copy:\n\n" + handout(route, tried),
            (
                Button(
                    "Reflective prompts",
                    payload(ROUTE_PROMPTS_INTENT, **{ESCALATION_SITUATION_SLOT: route.id}),
                ),
            ),
        )
    ]


def overview(guide: Guide) -> list[Reply]:
    """Every route in a few lines, with a button to start each one."""
    sections = [
        f"{number}. {route.title}\n   " + " -> ".join(step.title for step in route.steps)
        for number, route in enumerate(guide.routes, start=1)
    ]
    return [
        Reply(
            "The escalation routes, by situation (who to go to, in order). Choose one to see "
            "each step with its contacts and sources.\n\n" + "\n".join(sections),
            tuple(map(_situation_button, guide.routes)),
        )
    ]


def privacy_note() -> Reply:
    return Reply(
        "Please do not include names or other details that could identify a child or family; "
        "they are removed before anything is stored."
    )


def stopped() -> list[Reply]:
    return [
        Reply(
            'OK, I\'ve stopped the escalation route. Ask "how do I escalate" to start again, '
            "or ask me another practice question.",
            (Button("Show all escalation routes", payload(SHOW_ROUTES_INTENT)),),
        )
    ]


def last_values(events: Sequence[Mapping[str, Any]], slots: Sequence[str]) -> dict[str, str]:
    """The latest non-empty value of each slot in the conversation, to keep on a change."""
    found: dict[str, str] = {}
    for event in reversed(events):
        name = event.get("name")
        if (
            event.get("event") == "slot"
            and name in slots
            and name not in found
            and event.get("value")
        ):
            found[name] = event["value"]
    return found


def previous_bot_action(events: Sequence[Mapping[str, Any]]) -> str | None:
    """The last action before the latest user message (action_listen aside)."""
    seen_user = False
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None
