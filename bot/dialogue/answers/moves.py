"""Replies to conversation moves (bot.dialogue.moves): one detail of the last answer, the last
topic's steps that fit a follow-up, what a term stands for, "what's happening?", and the
choices a correction leaves."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.dialogue.answers.activities import walkthrough_button
from bot.dialogue.answers.core import ESCALATE_BUTTON, TOPICS_BUTTON
from bot.dialogue.answers.learning import follow_up_buttons, learning_button
from bot.dialogue.answers.safety import contact_lines
from bot.dialogue.case_focus import CaseAsk, case_ask
from bot.dialogue.follow_ups import matching_lines, message_lines, sentences
from bot.dialogue.moves import FUNCTION_WORDS, Detail, asks_what_next
from bot.dialogue.replies import Button, Reply, bullets, payload
from bot.dialogue.terms import Term
from bot.dialogue.understanding import stem, topic_stems
from bot.knowledge.citations import (
    CITED,
    PRINTED_TO_CONFIRM,
    WHERE_TO_LOOK,
    attribution,
    case_label,
    citation,
    contact_details,
    message_citation,
    no_contact_yet,
    service_citation,
    service_line,
)
from bot.knowledge.escalation.guide import Route
from bot.knowledge.models import Case, KeyMessage, Service, Source, UrgentContact
from bot.knowledge.schema import AREAS
from bot.names import (
    HELP_INTENT,
    IMMEDIATE_RISK_INTENT,
    KEY_MESSAGE_SLOT,
    MORE_ACTIONS_INTENT,
    WORKSHOP_INTENT,
)
from bot.safeguards.areas import areas_in
from bot.safeguards.safety import contacts_named

MAX_TERM_BUTTONS = 3
MAX_TERM_CASES = 3
"""A term many cases use (CP, CSC) names the first few, so the answer stays short on a phone."""


def contacts_of_term(term: Term, contacts: Sequence[UrgentContact]) -> list[UrgentContact]:
    """The urgent contacts (knowledge/contacts.yml) a glossary term is the name of, read as the
    safety rules read a contact named in a message (CONTACT_NAMES): "EDT", "MASH", "FAST" or
    what they stand for. One rule for every term, so a term added to the glossary for a
    contact gets its number with no code change."""
    named = contacts_named(" ".join([term.term, term.stands_for or "", *term.expansions]))
    return [contact for contact in contacts if contact.id in named]


def _term_text(term: Term, service: Service | None, contacts: Sequence[UrgentContact]) -> str:
    opening = (
        f"**{term.term}** stands for {term.stands_for}." if term.stands_for else f"**{term.term}**"
    )
    parts = [opening]
    if term.meaning:
        parts.append(term.meaning)
    elif service is not None:
        parts.append(f"{service.name}: {service.offers}")
    called = contacts_of_term(term, contacts)
    if called:
        # a contact service typed alone ("EDT", "mash") is asked for its number as often as
        # for its meaning (set S): the number as the contacts file has it, never another
        parts.append(contact_lines(called))
    parts.append(f"Source: {term.source}.")
    return "\n\n".join(parts)


def term_answer(
    asked: Sequence[tuple[Term, Service | None]],
    cases: Sequence[Case],
    used_in: Sequence[KeyMessage],
    contacts: Sequence[UrgentContact],
    *,
    in_practice: bool = False,
) -> list[Reply]:
    """What each term asked stands for, as the source says it (or, for a local service, what
    the audit says it offers), the number of an urgent contact the term names (`contacts`:
    knowledge/contacts.yml), the source, the cases whose summaries use it, and the learning
    where the audits use it one tap away. `in_practice`: the term was asked about in practice
    ("would a TAC help with ..."), so the first learning that uses it is told too."""
    parts = [_term_text(term, service, contacts) for term, service in asked]
    buttons = tuple(learning_button(message) for message in used_in[:MAX_TERM_BUTTONS])
    if in_practice and used_in:
        # the learning in place of the cases' list, so the answer still fits a phone screen
        first = used_in[0]
        citation = message_citation(first).removeprefix("Source: ").rstrip(".")
        parts.append(f"Where the audits use it, **{first.title}**: {first.summary} ({citation}.)")
        return [Reply("\n\n".join(parts), buttons)]
    if cases:
        named = [attribution(case.source, [case]) for case in cases[:MAX_TERM_CASES]]
        more = len(cases) - MAX_TERM_CASES
        parts.append(
            "The audits' cases that use it:\n\n"
            + bullets(named + ([f"and {more} more"] if more > 0 else []))
        )
    if used_in:
        parts.append("Where the audits use it:")
    return [Reply("\n\n".join(parts), buttons or (TOPICS_BUTTON,))]


MAX_TERM_USES = 4
"""Lines shown of where a term is used: a phone screen."""


TERM_USES_OPENING = "Where the audits use "
"""How the reply listing who used a term opens: "and which one had it just finalised" then
asks of the same term (actions.last_turn)."""


def term_users(
    terms: Sequence[str], found: Sequence[tuple[str, Source, Sequence[Case]]]
) -> list[Reply]:
    """Who used a term just explained: each line of the audits that uses it, with its source
    (the case, else the audit), so "who used HARK" shows the GP using it in Barak's case."""
    lines = [
        f"{line} (Source: {attribution(source, list(cases))}.)"
        for line, source, cases in found[:MAX_TERM_USES]
    ]
    return [Reply(f"{TERM_USES_OPENING}{' and '.join(terms)}:\n\n" + bullets(lines))]


def phrase_users(
    phrase: str, found: Sequence[tuple[str, Source, Sequence[Case]]], terms: Sequence[Term]
) -> list[Reply]:
    """What the audits say where they use a phrase a term was asked with ("CAMHS complex
    care forum"): each line that says it, with its source, then what the term stands for."""
    lines = [
        f"{line} (Source: {attribution(source, list(cases))}.)"
        for line, source, cases in found[:MAX_TERM_USES]
    ]
    spelt = [f"**{t.term}** stands for {t.stands_for}." for t in terms if t.stands_for]
    text = f'What the audits say where they use "{phrase}":\n\n' + bullets(lines)
    return [Reply("\n\n".join([text, *spelt]))]


DANGER_BUTTON = Button("A child is in danger now", payload(IMMEDIATE_RISK_INTENT))


def what_is_happening(topic: KeyMessage | None) -> list[Reply]:
    """A bare "help me with this": what is going on, and the main choices. No 999 line: the
    person has said nothing urgent (issue 20), and "A child is in danger now" is one tap away."""
    buttons: list[Button] = []
    if topic is not None:
        steps = payload(MORE_ACTIONS_INTENT, **{KEY_MESSAGE_SLOT: topic.id})
        buttons.append(Button(f"What to do on {topic.title}", steps))
    buttons += [
        DANGER_BUTTON,
        TOPICS_BUTTON,
        ESCALATE_BUTTON,
        Button("Plan a workshop or quiz", payload(WORKSHOP_INTENT)),
        Button("What can you do?", payload(HELP_INTENT)),
    ]
    return [
        Reply(
            "What's happening? Tell me in a few words, without names or anything that could "
            "identify a child or family, and I'll find the audits' learning that fits. Or choose:",
            tuple(buttons),
        )
    ]


def which_topic() -> list[Reply]:
    """A move that leans on a last answer when there is none."""
    return [
        Reply(
            "Which topic do you mean? Ask me in your own words, or browse the topics.",
            (TOPICS_BUTTON, ESCALATE_BUTTON),
        )
    ]


FOLLOW_UP_STEPS = 3
_DID_NOT_WORK = re.compile(
    r"\bif\b.*\b(?:can'?t|cannot|won'?t|doesn'?t|don'?t|didn'?t|isn'?t|not|no|refuses?|fails?)\b",
    re.IGNORECASE,
)
"""A follow-up about a step that did not work: "and if my manager can't sort it"."""
_WHERE_TO_GO = re.compile(
    r"\brefer(?:ral|red|ring)?\b|\bget (?:\w+ )?(?:support|help)\b"
    r"|\bwho (?:do|can|should) (?:i|we) (?:contact|call|ring|go to|speak to|talk to)\b"
    r"|\bwhere (?:do|can|should) (?:i|we|they) (?:go|get|find)\b",
    re.IGNORECASE,
)
"""A follow-up asking where to take it: "how do i get him support", "who do I refer to"."""


def on_topic(message: KeyMessage, question: str) -> list[Reply]:
    """A follow-up on the last topic ("how would I set one up?"): its steps and services that
    share words with the question; the first steps and a service when none does."""
    if case_ask(question) is CaseAsk.FINDINGS and message.found:
        # "gaps?", "what went wrong" after an answer: what the audit found, not its steps
        found = [
            f"What the audit found, on **{message.title}**:",
            bullets(sentences(message.found)),
        ]
        text = "\n\n".join([*found, message_citation(message)])
        return [Reply(text, follow_up_buttons(message, 0))]
    wanted = topic_stems(question)
    steps = [step for step in message.actions if wanted & topic_stems(step)]
    if steps and (_DID_NOT_WORK.search(question) or asks_what_next(question)):
        # "and if my manager can't sort it", "who is next after my manager": the steps after
        # the one it names
        after = message.actions[message.actions.index(steps[0]) + 1 :]
        steps = after or steps
    where = [
        service
        for service in message.signposts
        if wanted & topic_stems(" ".join([service.name, service.offers, service.audience]))
    ]
    if not where and _WHERE_TO_GO.search(question):
        where = list(message.signposts)
    if not steps and not where:
        # "whos the named professional": the lines of the whole answer that say it
        steps = matching_lines(question, message_lines(message))
    if not steps and not where:
        steps, where = list(message.actions[:FOLLOW_UP_STEPS]), list(message.signposts[:1])
    parts = [f"On **{message.title}**, the audit says:"]
    if steps:
        parts.append(bullets(steps[:FOLLOW_UP_STEPS]))
    if where:
        parts.append(f"Where to go:\n\n{bullets([service_line(s) for s in where])}")
    parts.append(message_citation(message))
    return [Reply("\n\n".join(parts), follow_up_buttons(message, 0))]


def lines_of_topic(message: KeyMessage, lines: Sequence[str]) -> list[Reply]:
    """Lines of the topic left open that answer a follow-up on it, cited like its answer:
    whether someone must agree (bot.dialogue.follow_ups.consent_lines), what to take into
    account (contents_lines)."""
    parts = [
        f"On **{message.title}**, the audit says:",
        bullets(list(lines)),
        message_citation(message),
    ]
    return [Reply("\n\n".join(parts), follow_up_buttons(message, 0))]


def on_usual(lines: Sequence[str], case: Case | None, message: KeyMessage | None) -> list[Reply]:
    """Whether what the last answer said is usual practice, from its own line that remarks on
    it (bot.dialogue.follow_ups.usual_lines), cited by the case it is of, else its topic;
    no reply ([]) when there is neither to cite: every answer names where it comes from."""
    if case is None and message is None:
        return []
    parts = ["On whether that is usual, the audit says:", bullets(list(lines))]
    if case is not None:
        parts.append(citation(case.source, [case]))
    elif message is not None:
        parts.append(message_citation(message))
    buttons = follow_up_buttons(message, 0) if message is not None else ()
    return [Reply("\n\n".join(parts), buttons)]


def on_wording(message: KeyMessage, lines: Sequence[str]) -> list[Reply]:
    """How to put what the topic left open says, from its own lines on wording
    (bot.dialogue.follow_ups.wording_lines), cited like its answer: the audit's words, never
    wording of the assistant's own."""
    parts = [
        f"What the audit says about the wording, on **{message.title}**:",
        bullets(list(lines)),
        message_citation(message),
    ]
    return [Reply("\n\n".join(parts), follow_up_buttons(message, 0))]


def _distinctive(service: Service) -> set[str]:
    generic = {"the", "and", "of", "for", "hackney", "city", "london", "project", "service"}
    generic |= {"case", "review", "serious", "child", "children", "young", "people", "team"}
    # "Things You Should Know" is not named by "can you repeat that number"
    generic |= FUNCTION_WORDS
    words = {stem(word) for word in service.name.lower().replace("/", " ").split()}
    return words - {stem(word) for word in generic}


def named_services(text: str, services: Sequence[Service]) -> list[Service]:
    """The services a message names by a distinctive word of their name ("nia number")."""
    wanted = {stem(word) for word in re.findall(r"[a-z]+", text.lower())}
    shared = [(len(_distinctive(service) & wanted), service) for service in services]
    best = max((count for count, _ in shared), default=0)
    return [service for count, service in shared if best and count == best]


_CONTACT_GENERIC = frozenset(
    "the of and or in a an for hackney city london team children families front door audit "
    "calls police ambulance emergency".split()
)


def named_contacts(
    text: str, contacts: Sequence[UrgentContact], terms: Sequence[Term]
) -> list[UrgentContact]:
    """The urgent contacts a message names: by a word of their name ("MASH") or by a glossary
    term spelt out in it ("EDT", the Emergency Duty Team)."""
    words = set(re.findall(r"[a-z0-9]+", text.lower()))
    named = []
    for contact in contacts:
        # words of two letters or more: the "s" of "Hackney's" is not a name ("what's")
        own = set(re.findall(r"[a-z0-9]{2,}", contact.name.lower())) - _CONTACT_GENERIC
        spelt = {
            term.term.lower()
            for term in terms
            if term.stands_for and term.stands_for.lower() in contact.name.lower()
        }
        if words & (own | spelt):
            named.append(contact)
    return named


def contact_numbers(contacts: Sequence[UrgentContact]) -> list[Reply]:
    """Only the numbers asked for, with where they come from."""
    return [Reply(contact_lines(contacts))]


def _phone(service: Service) -> str:
    return (
        f"{service.name}: {service.phone}"
        if service.phone
        else f"{service.name}: the audit gives no phone number ({_others(service)})"
    )


def _email(service: Service) -> str:
    return (
        f"{service.name}: {service.email}"
        if service.email
        else f"{service.name}: the audit gives no email ({_others(service)})"
    )


def _website(service: Service) -> str:
    """A service's website and the link the partnership set for it, as configured; said
    plainly when it has neither (nothing is invented)."""
    link = service.link.url if service.link is not None and service.link.url else None
    sites = [site for site in dict.fromkeys((service.website, link)) if site]
    return (
        f"{service.name}: {', '.join(sites)}"
        if sites
        else f"{service.name}: the audit gives no website ({_others(service)})"
    )


def _others(service: Service) -> str:
    details = contact_details(service)
    return ", ".join(details) if details else no_contact_yet(service).rstrip(".")


_SHOWN_DETAIL = {
    Detail.PHONE: re.compile(
        r"(?<![\d.])(?:0|\+44\s?)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)|\b999\b"
    ),
    Detail.EMAIL: re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    Detail.LINK: re.compile(r"https?://\S+|\bwww\.\S+|\]\((?!#)[^)]+\)"),
    Detail.SOURCE: re.compile(r"^\W*source\b", re.IGNORECASE),
}
"""How each detail looks in the text of a reply: a UK number, an email, a link, a source line."""
MAX_REPEATED = 4


def repeated(
    detail: Detail, shown: Sequence[str], services: Sequence[Service]
) -> list[Reply] | None:
    """ "Can you repeat that number": the lines of the last reply (`shown`) that gave the detail,
    as they were given, or the names of the services it gave (`services`); None when the last
    reply gave no such detail, so the detail is looked up instead."""
    if detail is Detail.NAME:
        lines = [service.name for service in services]
    else:
        pattern = _SHOWN_DETAIL[detail]
        lines = [
            line.strip().lstrip("-*• ").strip()
            for text in shown
            for line in text.splitlines()
            if pattern.search(line.strip())
        ]
    if not lines:
        return None
    return [Reply("From my last answer:\n\n" + bullets(lines[:MAX_REPEATED]), (TOPICS_BUTTON,))]


def services_shown(shown: str, services: Sequence[Service]) -> list[Service]:
    """The services a reply's text names: by their full name, or one of its names ("Nia
    Project / Hackney Play Therapy Service" shown as "the Nia Project")."""
    text = shown.lower()
    return [
        service
        for service in services
        if any(name.strip() and name.strip() in text for name in service.name.lower().split("/"))
    ]


_REVIEW_WORD = r"\breview\b"
_REVIEW = re.compile(_REVIEW_WORD, re.IGNORECASE)
"""A signpost that is another review the audit ties the same learning to (a local or Serious
Case Review): whether the learning was found in other places is answered with it."""
_CITED_DOCUMENT = re.compile(rf"{_REVIEW_WORD}|\bprocedures?\b", re.IGNORECASE)
"""A signpost the audit cites for its learning (a Serious Case Review, the London Child
Protection Procedures), named with the source; a page or a service is one of its links."""
_FOUND_AGAIN = re.compile(r"\balso\s+(?:identified|found|seen|noted|highlighted)\b", re.IGNORECASE)
"""The audit saying a review found the same learning ("also identified in ... Review Rachel"),
not recalling a review's learning as a reminder (the SEND audit on Case FC)."""


def _review_sentence(message: KeyMessage, review_name: str) -> str:
    """How the audit ties its learning to another review, as its `found` words it."""
    told = " ".join(line for line in sentences(message.found) if _REVIEW.search(line))
    if _FOUND_AGAIN.search(told):
        return f"The audit found it in another review too: {review_name}."
    return f"The audit recalls the learning of another review: {review_name}."


def named_detail(
    detail: Detail,
    message: KeyMessage | None,
    named: Sequence[Service],
    contacts: Sequence[UrgentContact],
) -> list[Reply] | None:
    """The detail asked of what a message names: the urgent contacts' numbers when only they
    are named and a number is asked (never a service's number for one), else the services' or
    the answer's (`message`) detail; None when it has nothing to attach to, and the caller asks
    which service or answer is meant (no_detail) or reads the message another way."""
    if contacts and not named and detail is Detail.PHONE:
        return contact_numbers(contacts)
    return detail_answer(detail, message, named)


def detail_answer(
    detail: Detail, message: KeyMessage | None, services: Sequence[Service]
) -> list[Reply] | None:
    """Only the detail asked for: a service's number or email, the answer's source or its
    links; None when the detail has nothing to attach to."""
    buttons = follow_up_buttons(message, 0) if message is not None else (TOPICS_BUTTON,)
    if detail is Detail.SOURCE:
        if message is None:
            return None
        # "which review was that in", "source for that?": the reviews and procedures the
        # message points to (the audit cites them for its learning), with the source.
        reviews = [s.name for s in message.signposts if _CITED_DOCUMENT.search(s.name)]
        also = f" It also refers to: {', '.join(reviews)}." if reviews else ""
        return [Reply(message_citation(message) + also, buttons)]
    chosen = list(services) or (list(message.signposts) if message is not None else [])
    if not chosen:
        return None
    printed = {Detail.PHONE: _phone, Detail.EMAIL: _email, Detail.LINK: _website}.get(detail)
    if printed is None:
        lines = [f"{service.name}: {_others(service)}" for service in chosen]
        return [Reply(bullets(lines), buttons)]
    # the detail alone still says what an answer does: printed years ago, to be confirmed;
    # where the answer it belongs to comes from
    lines = [_to_confirm(service, printed(service)) for service in chosen]
    return [Reply("\n\n".join([bullets(lines), *_detail_citations(message, chosen)]), buttons)]


_DETAIL_NAMES = {Detail.PHONE: "phone number", Detail.EMAIL: "email", Detail.LINK: "link"}


def detail_values(service: Service, detail: Detail) -> list[str]:
    """A service's values of one kind of detail as configured (its number; its email; its
    website and link), the empty ones left out."""
    values = {
        Detail.PHONE: [service.phone],
        Detail.EMAIL: [service.email],
        Detail.LINK: [service.website, service.link.url if service.link is not None else None],
    }.get(detail, [])
    return [value for value in values if value]


def audit_details(detail: Detail, source: Source, services: Sequence[Service]) -> list[Reply]:
    """The numbers (emails, links) an audit prints, each with the service it belongs to, as
    configured and to be confirmed; said plainly when it prints none (nothing is invented)."""
    own = [service for service in services if service.source_id == source.id]
    given = [service for service in own if detail_values(service, detail)]
    if not given:
        return [
            Reply(
                f"The {source.short_title} gives no {_DETAIL_NAMES[detail]} for the services it "
                f"names. {CITED} {source.short_title}.",
                (TOPICS_BUTTON,),
            )
        ]
    return detail_answer(detail, None, given) or []


def _detail_citations(message: KeyMessage | None, services: Sequence[Service]) -> list[str]:
    """Where a detail comes from: the open answer's source when it names every service
    given, else the audit listing each ("and the website" after a service's number asked by
    name, with no answer open, said no source)."""
    if message is not None and all(service in message.signposts for service in services):
        return [message_citation(message)]
    return list(dict.fromkeys(service_citation(service) for service in services))


def service_answer(
    service: Service, lines: Sequence[str], source: Source, message: KeyMessage | None
) -> list[Reply]:
    """What the audit says of the service asked about, with its contact as configured (said
    plainly when none) and where it comes from: the answer that signposts it, else its audit."""
    details = contact_details(service)
    contact = f"Contact: {', '.join(details)}." if details else no_contact_yet(service)
    cited = (
        message_citation(message)
        if message is not None and service in message.signposts
        else f"{CITED} {source.short_title}."
    )
    text = "\n\n".join(
        [f"On **{service.name}**, the audit says:", bullets(list(lines)), contact, cited]
    )
    buttons = follow_up_buttons(message, 0) if message is not None else ()
    return [Reply(text, buttons)]


def _to_confirm(service: Service, line: str) -> str:
    """A detail the audit printed (`to_confirm`) says it is to be confirmed; a detail it gave
    none of already says what the service has (with the note)."""
    given = service.to_confirm and not line.startswith(f"{service.name}: the audit gives no")
    return f"{line} ({PRINTED_TO_CONFIRM})" if given else line


COMES_FROM = "comes from:"
"""How the reply naming the cases an answer comes from goes on after its title."""


def cases_of_answer(message: KeyMessage) -> list[Reply]:
    """ "Which case?" after an answer: the case or cases it comes from, each with who the
    case is about (its summary's first sentence), or what the audit says instead when it
    names no case."""
    if not message.cases:
        return [
            Reply(
                f"{message_citation(message)} The audit names no single case for it.",
                follow_up_buttons(message, 0),
            )
        ]
    lines = [
        f"{attribution(case.source, [case])}: {next(iter(sentences(case.summary)), case.summary)}"
        for case in message.cases
    ]
    text = f"**{message.title}** {COMES_FROM}\n\n" + bullets(lines)
    return [Reply(text, follow_up_buttons(message, 0))]


MAX_LINES_PER_TERM = 2
PAIR = 2
"""Two terms used are "both"."""


def terms_of_case(case: Case, found: Sequence[tuple[str, Sequence[str]]]) -> list[Reply]:
    """Which of the terms just explained a case's own text uses ("which one was case 1 on",
    after CIN and CP), each with the case's lines that use it, and the ones it does not."""
    used = [(term, lines) for term, lines in found if lines]
    unused = [term for term, lines in found if not lines]
    label = f"{case.source.short_title}, {case_label(case)}"
    if not used:
        opening = f"{label}: the audit's text of this case uses none of {', '.join(unused)}."
        return [Reply(f"{opening}\n\n{case.summary}\n\n{citation(case.source, [case])}")]
    names = [term for term, _ in used]
    said = "both " + " and ".join(names) if len(names) == PAIR else ", ".join(names)
    parts = [f"{label}: the audit's text of this case uses {said}:"]
    parts.append(
        bullets([f"{term}: {line}" for term, lines in used for line in lines[:MAX_LINES_PER_TERM]])
    )
    if unused:
        parts.append(f"It does not use {', '.join(unused)}.")
    parts.append(citation(case.source, [case]))
    return [Reply("\n\n".join(parts))]


def offered_sources(messages: Sequence[KeyMessage]) -> list[Reply] | None:
    """ "Which case?" after candidates, not an answer: where each offered one comes from."""
    if not messages:
        return None
    lines = [
        f"{message.title}: {message_citation(message).removeprefix('Source: ')}"
        for message in messages
    ]
    return [
        Reply(
            "Those were the closest topics, not yet an answer. Where each comes from:\n\n"
            + bullets(lines),
            tuple(learning_button(message) for message in messages),
        )
    ]


def no_detail() -> list[Reply]:
    return [
        Reply(
            f"Which service or answer do you mean? I can give a service's contact or say which "
            f"audit an answer comes from; otherwise {WHERE_TO_LOOK}.",
            (TOPICS_BUTTON,),
        )
    ]


def same_topic_other_audit(message: KeyMessage, others: Sequence[KeyMessage]) -> list[Reply]:
    """ "The other audit" after an answer: that audit's messages on the same theme."""
    if not others:
        return [
            Reply(
                f"The other audit has no key message on {message.theme.title}. Browse its "
                "topics, or ask in your own words.",
                (TOPICS_BUTTON,),
            )
        ]
    return [
        Reply(
            f"In the {others[0].source.short_title}, on {message.theme.title}:",
            tuple(learning_button(other) for other in others),
        )
    ]


MAX_STEPS_RECALLED = 2


def _attributed(messages: Sequence[KeyMessage]) -> str:
    """Key messages listed each with its audit and case: a message is never given without
    where it comes from."""
    return bullets([f"{m.title}: {attribution(m.source, m.cases, m.case_note)}" for m in messages])


def already_in_audit(
    message: KeyMessage, theme_title: str, others: Sequence[KeyMessage]
) -> list[Reply]:
    """ "No, I meant the SEND audit" when the answer was that audit's already: say so, with
    its case and its first steps again, then that audit's other key messages on the theme
    asked, each with its case."""
    source = attribution(message.source, message.cases, message.case_note)
    said = f"That answer is from the {source}. What it says to do:\n\n"
    said += bullets(list(message.actions[:MAX_STEPS_RECALLED]))
    if not others:
        return [Reply(said, follow_up_buttons(message, MAX_STEPS_RECALLED))]
    text = f"{said}\n\nIts other key messages on {theme_title}:\n\n{_attributed(others)}"
    return [Reply(text, tuple(learning_button(m) for m in others))]


def subject_said_in_audit(
    source: Source, subject: str, saying: Sequence[KeyMessage], closest: Sequence[KeyMessage]
) -> list[Reply]:
    """ "Anything for GPs in the other audit?" after an answer: that audit's key messages whose
    lines say the subject, each with its case; when none does, that it names none and its
    closest learning to choose from."""
    if saying:
        text = f"In the {source.short_title}, on {subject}:\n\n{_attributed(saying)}"
        return [Reply(text, tuple(learning_button(m) for m in saying))]
    return [
        Reply(
            f"The {source.short_title} has no key message that names {subject}. Its closest "
            "learning:",
            tuple(learning_button(m) for m in closest) or (TOPICS_BUTTON,),
        )
    ]


_AUDITED = re.compile(r"\baudit\w*", re.IGNORECASE)
"""A line naming an area says where the audit looked only if it speaks of auditing ("the
cases audited (in both City of London and Hackney)"); "the Hackney Young Carers Project" is
a service."""


def audits_found(message: KeyMessage, others: Sequence[KeyMessage]) -> list[Reply]:
    """ "Both audits or just one?" after an answer: the one audit its learning comes from and
    where, in the audit's own words when a line of it names the areas audited, else as the
    audit's title places it; then what the other audit has on the same theme, or that it has
    nothing (an answer is one audit's key message: the other may say something alike)."""
    source = message.source
    lines = [*sentences(message.found), *sentences(message.summary)]
    placed = next((line for line in lines if areas_in(line) and _AUDITED.search(line)), None)
    where = (
        f'Where: the audit says "{placed}"'
        if placed
        else f"Where: {source.borough}, as the audit's title says ({source.title}). The audit "
        f"is the {source.partnership}'s, the partnership for the {' and '.join(reversed(AREAS))}."
    )
    parts = [f"**{message.title}** is the learning of one audit: the {source.short_title}.", where]
    parts += [
        _review_sentence(message, review.name)
        for review in message.signposts
        if _REVIEW.search(review.name)
    ]
    parts.append(message_citation(message))
    if others:
        parts.append(
            f"The {others[0].source.short_title} has learning on the same theme "
            f"({message.theme.title}):"
        )
        return [Reply("\n\n".join(parts), tuple(learning_button(other) for other in others))]
    parts.append(f"The other audit has no key message on {message.theme.title}.")
    return [Reply("\n\n".join(parts), follow_up_buttons(message, 0))]


def route_sources(route: Route) -> list[Reply]:
    """ "Which audit was that from?" after an escalation route: every key message it follows,
    each with its audit and case (a route's messages often come from different audits, so
    naming the first alone leaves out where half its learning is from)."""
    cited = [message.citation for message in route.key_messages]
    return [
        Reply(
            f"The route ({route.title}) comes from the {cited[0]}. Each of its steps names its "
            "own source."
            if len(cited) == 1
            else f"The route ({route.title}) follows this learning:\n{bullets(cited)}\n\n"
            "Each of its steps names its own source."
        )
    ]


def steps_and_learning_sources(steps_source: str, topic: KeyMessage) -> list[Reply]:
    """ "Which audit was that from?" after an answer and then the escalation steps: the steps
    cite a case of their own, the advice asked about comes from the answer."""
    return [
        Reply(
            f"The escalation steps: {steps_source}\n\nThe learning before them, "
            f"{topic.title}: {message_citation(topic)}"
        )
    ]


def which_case(cases: Sequence[Case]) -> list[Reply]:
    """ "No, the other case": the cases to choose from."""
    return [
        Reply(
            "Which case do you mean? These are the audited cases:",
            tuple(walkthrough_button(case) for case in cases),
        )
    ]


def alternatives(messages: Sequence[KeyMessage]) -> list[Reply]:
    """ "Sorry, I meant ..." without saying what: the next closest answers."""
    if not messages:
        return which_topic()
    return [
        Reply(
            "Sorry about that. Did you mean one of these? Or say it another way.",
            (*(learning_button(message) for message in messages), TOPICS_BUTTON),
        )
    ]
