"""Every message the escalation route finder sends, with its buttons: the form's two
questions, the route itself, its handout and reflective prompts, the overview of every route,
and the notes on privacy and stopping."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.dialogue.escalation.form import MAX_FAILURES_BEFORE_WAY_OUT
from bot.dialogue.replies import Button, Reply, bullets, payload
from bot.knowledge.citations import citation, message_citation
from bot.knowledge.escalation.guide import Contact, Guide, Route, Step, Tried, blank_links_note
from bot.knowledge.models import KeyMessage
from bot.names import (
    CHANGE_ANSWER_INTENT,
    CHOOSE_SITUATION_INTENT,
    CHOOSE_TRIED_INTENT,
    ESCALATION_CHANGE_ENTITY,
    ESCALATION_SITUATION_SLOT,
    ESCALATION_TRIED_SLOT,
    HANDOUT_INTENT,
    KEY_MESSAGE_SLOT,
    LEARNING_INTENT,
    ROUTE_PROMPTS_INTENT,
    SHOW_ROUTES_INTENT,
    STOP_INTENT,
)


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
            "can give you the right route: choose a button, or describe it in a few words, "
            f"{examples}."
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


def _commonest(steps: list[Step]) -> Step:
    return max(steps, key=lambda step: sum(s.id == step.id for s in steps))


def general_route(guide: Guide) -> str:
    """The first and last steps most routes share: the short answer before the situation is
    known, said only as far as the routes in the knowledge base say it."""
    firsts = [route.steps[0] for route in guide.routes if route.steps]
    lasts = [route.steps[-1] for route in guide.routes if route.steps]
    if not firsts:
        return ""
    first, last = _commonest(firsts), _commonest(lasts)
    return (
        f"In short, most escalation routes start with: {first.title} ({first.who}), and end "
        f"with: {last.title} ({last.who}). The steps between depend on what is wrong."
    )


ROUTES_GO_ON = "If that doesn't resolve it, the routes go on"
"""How the escalation steps after the first open: their sources are the steps', not the
learning answered before them."""


def after_first_step(guide: Guide) -> list[Reply]:
    """ "And if that doesn't get anywhere?" before the situation is known: the steps the
    routes take after their first, in the order they usually come, and the last one in full
    with its contacts and source; then the question that tailors it."""
    later: dict[str, tuple[Step, list[float]]] = {}
    for route in guide.routes:
        for position, step in enumerate(route.steps[1:], start=1):
            later.setdefault(step.id, (step, []))[1].append(position / len(route.steps))
    if not later:
        return []
    first = _commonest([route.steps[0] for route in guide.routes if route.steps])
    last = _commonest([route.steps[-1] for route in guide.routes if route.steps])
    ordered = sorted(later.values(), key=lambda kept: sum(kept[1]) / len(kept[1]))
    between = [step.title for step, _ in ordered if step.id not in (first.id, last.id)]
    text = (
        f"{ROUTES_GO_ON}, depending on what is stuck: "
        + " -> ".join(dict.fromkeys(between))
        + ".\n\nMost end with:\n\n"
        + _step_text(1, last).split(" ", 1)[1]
        + "\n\nTell me what is stuck and I'll give you the exact route."
    )
    return [Reply(text)]


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


def route_heading(route: Route) -> str:
    """How a route given in full opens: which route is on screen is read from it."""
    return f"Your escalation route: {route.title}."


def route_shown(said: Sequence[str], guide: Guide) -> Route | None:
    """The route a turn's texts (`said`) gave in full, if they gave one."""
    return next(
        (
            route
            for route in guide.routes
            if any(text.startswith(route_heading(route)) for text in said)
        ),
        None,
    )


def steps_shown(said: Sequence[str]) -> bool:
    """Whether a turn's texts gave the escalation steps after the first (after an answer)."""
    return any(text.startswith(ROUTES_GO_ON) for text in said)


def route_reply(route: Route, tried: Tried | None) -> list[Reply]:
    """The route, step by step, starting after the steps already done."""
    done, remaining = _remaining(route, tried)
    parts = [route_heading(route)]
    if done:
        parts.append("Already done, so skipped: " + "; ".join(s.title for s in done) + ".")
    if remaining:
        parts.append("\n".join(_step_text(n, s) for n, s in enumerate(remaining, start=1)))
        blank = blank_links_note(contact for step in remaining for contact in step.contacts)
        if blank:
            parts.append(blank)
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


def last_step(route: Route, tried: Tried | None) -> list[Reply]:
    """ "And after that?", "where do I find the policy" once the route is on screen: the step
    it ends with, in full with its contacts and source (no route goes further)."""
    if not route.steps:
        return []
    text = (
        f"Your route ({route.title}) ends with:\n\n"
        + _step_text(len(route.steps), route.steps[-1]).split(" ", 1)[1]
        + "\n\nIf it is still not resolved after that, talk to your manager about the "
        "partnership's escalation policy. If a child is in immediate danger, call 999."
    )
    return [Reply(text, route_buttons(route, tried))]


_WORD = re.compile(r"[a-z]+")
_NOT_NAMING = frozenset(
    "the a an of to for on and or link links url website page copy where find get is there"
    " it its that this as in by with".split()
)
"""Words that name no contact of a route: "link to the policy?" names the policy."""


def _contacts_of(steps: Sequence[Step]) -> list[Contact]:
    return list({contact.name: contact for step in steps for contact in step.contacts}.values())


def _named(contacts: Sequence[Contact], text: str) -> list[Contact]:
    """The contacts the words name, by their names before any bracketed note: "link to the
    policy?" names the policy, "should they be involved" not each contact "to be confirmed"."""
    asked = set(_WORD.findall(text.lower())) - _NOT_NAMING
    return [
        contact
        for contact in contacts
        if asked & set(_WORD.findall(contact.name.split("(", 1)[0].lower()))
    ]


def _links(heading: str, steps: Sequence[Step], text: str) -> str:
    """The link of each contact of the steps the words name (every contact when they name
    none, with each procedure the steps cite), as the deployment set it; a link the audit left
    blank is said to be blank, never made up."""
    contacts = _contacts_of(steps)
    named = _named(contacts, text)
    chosen = named or contacts
    lines = [f"- {contact.line()}" for contact in chosen if not contact.link_blank]
    if not named:
        lines += [f"- {step.citation}" for step in steps if not step.from_audit]
    parts = [heading, "\n".join(dict.fromkeys(lines)), blank_links_note(chosen) or ""]
    return "\n\n".join(part for part in parts if part)


def route_links(route: Route, tried: Tried | None, text: str) -> list[Reply]:
    """ "Link to the policy?" once the route is on screen: its contacts' links."""
    text = _links(f"Links for your route ({route.title}):", route.steps, text)
    return [Reply(text, route_buttons(route, tried))]


def route_numbers(
    route: Route, tried: Tried | None, at_a_time: bool, urgent_above: bool = False
) -> list[Reply]:
    """ "What number do I ring tonight" once the route is on screen: the numbers the audits
    give for its contacts, or that they give none; asked `at_a_time` ("tonight", "at the
    weekend", "out of hours"), that they give none for then (the urgent contacts for that
    time follow, from actions/escalation.py, unless they are `urgent_above`: the urgent
    advice came first). Only what the audits say: no hours or ways of working they do not
    give. Never "which service do you mean?"."""
    contacts = _contacts_of(route.steps)
    phoned = [contact for contact in contacts if contact.phone]
    if phoned:
        lines = bullets([f"{contact.name}: {contact.phone}" for contact in phoned])
        head = f"Numbers for your route ({route.title}):\n\n{lines}"
        if at_a_time:
            head += "\n\nThe audits give no hours for them, and no number for that time."
    else:
        names = "; ".join(contact.name.split(" (")[0] for contact in contacts) or "its steps"
        when = ", for that time or any other" if at_a_time else ""
        head = f"The audits give no phone number for your route's contacts{when} ({names})."
    if at_a_time and not urgent_above:
        head += " If a child may be at risk then, the urgent contacts below answer."
    cited = [f"Source: {message.citation}." for message in route.key_messages[:1]]
    return [Reply("\n\n".join([head, *cited]), route_buttons(route, tried))]


def guide_links(guide: Guide, text: str) -> list[Reply]:
    """ "Link to the policy?" before the situation is known (the routes in short were given):
    the links of every route's contacts the words name, else of the step most routes end
    with."""
    steps = [step for route in guide.routes for step in route.steps]
    if not _named(_contacts_of(steps), text):
        ends = [route.steps[-1] for route in guide.routes if route.steps]
        steps = [_commonest(ends)] if ends else []  # no routes loaded: the heading alone
    return [Reply(_links("Links for the escalation routes:", steps, text))]


def route_prompts(route: Route) -> list[Reply]:
    sections = [
        f"{message.title}:\n{bullets(list(message.reflective_questions))}\n"
        f"Source: {message.citation}."
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


def scenario_exercise(route: Route, message: KeyMessage | None) -> list[Reply]:
    """A scenario for a room on escalation ("scenario exercise on escalation - who to go to,
    in what order"): the situation of the audited case of the route's first key message
    (`message`) with its citation, else the route's summary, and the question to put; then the
    route in order to reveal, what the audit found (which gives the route away, so never
    before the room has answered), its sources and the questions to discuss after."""
    told = [case for case in message.cases if not case.referred_only] if message else []
    if told and message is not None:
        case = told[0]
        situation = f"{case.summary}\n\n{citation(case.source or message.source, [case])}"
    elif message is not None:
        situation = f"{route.summary}\n\n{message_citation(message)}"
    else:
        situation = route.summary
    steps = "\n".join(f"{n}. {step.title} ({step.who})" for n, step in enumerate(route.steps, 1))
    found = f"\n\nWhat the audit found: {message.found}" if message is not None else ""
    sources = "; ".join(dict.fromkeys(step.citation for step in route.steps))
    questions = [q for m in route.key_messages for q in m.reflective_questions]
    after = f"\n\nTo discuss after:\n{bullets(list(dict.fromkeys(questions)))}" if questions else ""
    kept_route = {ESCALATION_SITUATION_SLOT: route.id}
    return [
        Reply(
            f"A scenario exercise on escalation: {route.title.lower()}.\n\n{situation}\n\n"
            "Ask the room: who would you go to, and in what order? Then reveal the route."
        ),
        Reply(
            f"The route, in order (to reveal):\n\n{steps}{found}\n\nSources: {sources}.{after}",
            (
                Button("Handout of this route", payload(HANDOUT_INTENT, **kept_route)),
                Button("All escalation routes", payload(SHOW_ROUTES_INTENT)),
            ),
        ),
    ]


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
    blank = blank_links_note(contact for step in route.steps for contact in step.contacts)
    if blank:
        lines += ["", blank]
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


def stopped() -> list[Reply]:
    return [
        Reply(
            'OK, I\'ve stopped the escalation route. Ask "how do I escalate" to start again, '
            "or ask me another practice question.",
            (Button("Show all escalation routes", payload(SHOW_ROUTES_INTENT)),),
        )
    ]
