"""Handouts as print-ready HTML pages, built with the trainer pages' escaped builder.

Every value from the knowledge base or a workshop's results goes through `element`, so a key
message holding markup is shown as text. The pages run no script and load only our
stylesheets (`handouts.css`, which imports the trainer pages' `trainer.css`), so they live
under the trainer pages' strict Content-Security-Policy. `handouts.css` holds the print rules:
A4, no navigation, and the 7-minute briefing on one page.

The functions are pure: the same handout gives the same HTML, which is what the PDF cache keys
on (`pdf.PdfCache`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from urllib.parse import urlsplit

from bot.handouts.content import Catalogue, Contact, Entry, Handout, Kind, Learning, ServiceEntry
from bot.handouts.results import QuestionResult, SessionResults
from bot.knowledge.schema import ANY_AREA
from bot.web import components
from bot.web.components import data_table, site_header
from bot.web.html import Child, Markup, element, fragment
from bot.web.urls import HANDOUTS_PATH, handout_path

BASE = HANDOUTS_PATH
STYLESHEET = "handouts.css"
SITE_NAME = "City & Hackney reflective practice: handouts"
DANGER = "If a child is in immediate danger, call 999."


def stylesheet_href() -> str:
    return f"{BASE}/{STYLESHEET}"


def safe_url(url: str) -> str | None:
    """Only http(s) links become links: a deployment's link file cannot inject a scheme."""
    return url if urlsplit(url).scheme in ("http", "https") else None


def header(pdf_href: str | None) -> Markup:
    """Screen-only navigation (print CSS hides it): back to the index, and the PDF."""
    items = [element("li", None, element("a", {"href": f"{BASE}/"}, "All handouts"))]
    if pdf_href:
        items.append(element("li", None, element("a", {"href": pdf_href}, "Download as PDF")))
    return site_header(
        SITE_NAME,
        element("nav", {"aria-label": "Handouts"}, element("ul", {"class": "handout-nav"}, *items)),
        css="site-header handout-header",
    )


def layout(title: str, stylesheet: str, main_class: str, pdf_href: str | None, *main: Child) -> str:
    return components.layout(
        title, stylesheet, f"page handout {main_class}", *main, header=header(pdf_href)
    )


def section(key: str, heading: str, *body: Child, css: str = "handout-section") -> Markup:
    return element(
        "section",
        {"class": css, "aria-labelledby": f"{key}-heading"},
        element("h2", {"id": f"{key}-heading"}, heading),
        *body,
    )


def citation(text: str) -> Markup:
    return element("p", {"class": "citation"}, text)


def items(values: Sequence[Child], ordered: bool = False) -> Markup:
    return element("ol" if ordered else "ul", None, *(element("li", None, v) for v in values))


def service_item(service: ServiceEntry, brief: bool = False) -> Markup:
    """A service, its contact (or why there is none) and its source; `brief` (the one-page
    briefing) leaves out what it offers, which the case handout gives in full."""
    url = safe_url(service.url)
    return element(
        "li",
        None,
        element("strong", None, service.name),
        ": " if not brief else ". ",
        None if brief else (service.offers, " "),
        service.contact,
        (" ", element("a", {"href": url}, url)) if url else None,
        " ",
        element("span", {"class": "citation"}, service.source),
    )


def services_list(services: Sequence[ServiceEntry], brief: bool = False) -> Markup:
    if not services:
        return element("p", None, "The audit names no service for this learning.")
    return element("ul", {"class": "services"}, *(service_item(s, brief) for s in services))


def _area(contact: Contact, brief: bool) -> str:
    """Where a number applies, left out for 999, which applies anywhere (content review M19)."""
    return "" if brief or contact.area == ANY_AREA else f"; {contact.area}"


def contacts_box(contacts: Sequence[Contact], brief: bool = False) -> Markup:
    """Who to call now, with where each number comes from and whether the partnership has
    confirmed it (a number copied from a public page is never presented as verified)."""
    unconfirmed = list(dict.fromkeys(c.source for c in contacts if c.unconfirmed))
    return element(
        "div",
        None,
        element("p", None, element("strong", None, DANGER), " To report a concern about a child:"),
        items([f"{c.name}: {c.phone} ({c.when}{_area(c, brief)})" for c in contacts]),
        citation(
            f"Source: the {' and the '.join(unconfirmed)}; not yet confirmed by the "
            "partnership, so check them on its website."
        )
        if unconfirmed
        else citation(
            "Source: "
            + "; ".join(dict.fromkeys(c.source for c in contacts))
            + ", confirmed by the partnership."
        )
        if contacts
        else None,
    )


def learning_block(item: Learning) -> Markup:
    """One key message in full, for the case, audit and theme handouts."""
    return element(
        "article",
        {"class": "learning", "aria-labelledby": f"km-{item.id}"},
        element("h3", {"id": f"km-{item.id}"}, item.title),
        citation(f"{item.citation} Theme: {item.theme}."),
        element("h4", None, "What the audit found"),
        element("p", None, item.found),
        element("h4", None, "Key message"),
        element("p", None, item.summary),
        element("h4", None, "What to do"),
        items(item.actions),
        element("h4", None, "Reflective questions"),
        element("ul", {"class": "questions"}, *(element("li", None, q) for q in item.questions))
        if item.questions
        else element("p", None, "The audit gives no reflective question for this key message."),
    )


def percent(share: float | None) -> str:
    return "not asked" if share is None else f"{share:.0%}"


def result_table(index: int, result: QuestionResult, held_on: date) -> Markup:
    """One question's answers before and after the discussion, as the pages' accessible
    table, and the shift towards the answer the audit supports."""
    again = result.asked_again
    before_total, after_total = result.total(), result.total(after=True)

    def cell(count: int | None, total: int) -> str:
        if count is None:
            return "not asked"
        return f"{count} ({count / total:.0%})" if total else str(count)

    table = data_table(
        f"Question {index}: {result.question}",
        ("Answer", "Before", "After") if again else ("Answer", "Before"),
        tuple(
            (
                answer.answer + (" (the answer the audit supports)" if answer.supported else ""),
                cell(answer.before, before_total),
                *((cell(answer.after, after_total),) if again else ()),
            )
            for answer in result.answers
        ),
        frozenset({1, 2}),
    )
    before, after = result.supported_share(), result.supported_share(after=True)
    shift = (
        f"Chose the answer the audit supports: {percent(before)} before the discussion, "
        f"{percent(after)} after"
        + (
            f" ({(after - before) * 100:+.0f} points)."
            if before is not None and after is not None
            else "."
        )
        if again
        else f"Chose the answer the audit supports: {percent(before)}."
    )
    return fragment(table, element("p", None, shift) if before is not None else None)


def results_section(results: SessionResults) -> Markup:
    held = f"{results.held_on.day} {results.held_on:%B %Y}"
    return section(
        "session",
        "Results of the workshop session",
        element(
            "p",
            None,
            f"{results.title}, {held}: {results.participants} taking part. Counts of the "
            "answers chosen; nobody is named.",
        ),
        *(result_table(i, r, results.held_on) for i, r in enumerate(results.questions, start=1)),
        css="handout-section results-section",
    )


def sources_section(handout: Handout) -> Markup:
    return section(
        "sources",
        "Sources",
        element(
            "p",
            None,
            "Everything in this handout is published learning from the partnership's "
            "multi-agency case audits:",
        ),
        items(handout.audits),
        element(
            "p",
            None,
            "Links the audits leave blank stay blank until the partnership sets them: "
            "nothing is invented.",
        ),
    )


def no_learning(handout: Handout) -> Markup:
    """Said where a case has no key message of its own: the audit's learning names no case."""
    if handout.kind is Kind.CASE and handout.cases:
        return element(
            "p",
            None,
            "The audit attributes no key message to this case: its learning is in ",
            element(
                "a",
                {"href": handout_path(Kind.AUDIT, handout.cases[0].source_id)},
                "the audit's handout",
            ),
            ".",
        )
    return element("p", None, "No key message yet.")


def render_full(
    handout: Handout, stylesheet: str, pdf_href: str | None, results: SessionResults | None
) -> str:
    """A case, audit or theme handout: the case(s), every key message in full, services and
    contacts, workshop results when given, sources."""
    case_heading = "The case" if len(handout.cases) == 1 else "The cases"
    return layout(
        f"{handout.title}: reflective practice handout",
        stylesheet,
        f"handout--{handout.kind.value}",
        pdf_href,
        element("h1", None, handout.title),
        element("p", {"class": "lede"}, handout.about),
        element("p", {"class": "danger"}, DANGER),
        section(
            "cases",
            case_heading,
            *(
                element(
                    "article",
                    {"class": "case", "aria-labelledby": f"case-{case.id}"},
                    element("h3", {"id": f"case-{case.id}"}, case.label),
                    element("p", None, case.summary),
                    element("h4", None, "What went well") if case.strengths else None,
                    items(case.strengths) if case.strengths else None,
                    citation(case.citation),
                )
                for case in handout.cases
            ),
        )
        if handout.cases
        else None,
        section("learning", "Key messages", *(learning_block(item) for item in handout.learning))
        if handout.learning
        else section("learning", "Key messages", no_learning(handout)),
        section("services", "Services and contacts", services_list(handout.services())),
        results_section(results) if results else None,
        section("urgent", "Worried about a child now?", contacts_box(handout.contacts)),
        sources_section(handout),
    )


def distinct_citations(learning: Sequence[Learning]) -> Markup | None:
    """The sources of a briefing box's facts, each once (none when the box is empty)."""
    if not learning:
        return None
    return citation(" ".join(dict.fromkeys(item.citation for item in learning)))


def render_briefing(
    handout: Handout, stylesheet: str, pdf_href: str | None, results: SessionResults | None
) -> str:
    """The 7-minute briefing: the partnerships' fixed one-page format, seven numbered boxes."""
    case = handout.cases[0]
    learning = handout.learning
    boxes: list[tuple[str, str, list[Child]]] = [
        (
            "background",
            "Background: what happened",
            [element("p", None, case.summary), citation(case.citation)],
        ),
        (
            "found",
            "What the audit found",
            [
                *(
                    element("p", None, element("strong", None, f"{item.title}: "), item.found)
                    for item in learning
                ),
                distinct_citations(learning),
            ],
        ),
        (
            "learning",
            "Key learning",
            [items([item.summary for item in learning]), distinct_citations(learning)],
        ),
        (
            "actions",
            "What to do",
            [
                items([action for item in learning for action in item.actions]),
                distinct_citations(learning),
            ],
        ),
        (
            "questions",
            "Questions for your team",
            [
                element(
                    "ol",
                    {"class": "questions"},
                    *(element("li", None, question) for question, _ in handout.team_questions()),
                )
                if handout.team_questions()
                else element("p", None, "The audit gives no reflective question for this case."),
                distinct_citations([item for _, item in handout.team_questions()]),
            ],
        ),
        ("services", "Services and contacts", [services_list(handout.services(), brief=True)]),
        ("urgent", "Worried about a child now?", [contacts_box(handout.contacts, brief=True)]),
    ]
    return layout(
        f"{handout.title}: reflective practice handout",
        stylesheet,
        "handout--briefing",
        pdf_href,
        element("h1", None, handout.title),
        element(
            "p",
            {"class": "lede"},
            f"For a team meeting: read it together (seven minutes), then discuss the questions. "
            f"From the {handout.audits[0]}.",
        ),
        element(
            "ol",
            {"class": "briefing-boxes"},
            *(
                element(
                    "li",
                    {"class": f"briefing-box briefing-box--{key}"},
                    section(f"b-{key}", heading, *body, css="briefing-section"),
                )
                for key, heading, body in boxes
            ),
        ),
        results_section(results) if results else None,
    )


def render_handout(
    handout: Handout,
    *,
    stylesheet: str | None = None,
    pdf_href: str | None = None,
    results: SessionResults | None = None,
) -> str:
    """The handout's whole page. `stylesheet` defaults to the served one (the PDF printer
    passes a relative one), `pdf_href` adds the screen-only PDF link, `results` adds the
    workshop session's results (the hook for live sessions)."""
    css = stylesheet or stylesheet_href()
    if handout.kind is Kind.BRIEFING:
        return render_briefing(handout, css, pdf_href, results)
    return render_full(handout, css, pdf_href, results)


def entry_links(entry: Entry) -> Markup:
    """An index line: the handout, its PDF and, for a case, its briefing and the briefing's."""

    def pair(kind: Kind, label: str) -> list[Child]:
        return [
            element("a", {"href": handout_path(kind, entry.id)}, label),
            " (",
            element(
                "a",
                {"href": handout_path(kind, entry.id, pdf=True)},
                "PDF",
                element("span", {"class": "visually-hidden"}, f": {label}"),
            ),
            ")",
        ]

    briefing = entry.briefing
    return element(
        "li",
        None,
        *pair(entry.kind, entry.title),
        f", {entry.note}" if entry.note else None,
        (
            element(
                "ul",
                None,
                element("li", None, *pair(Kind.BRIEFING, f"7-minute briefing: {entry.title}")),
            )
            if briefing
            else None
        ),
    )


def render_index(catalogue: Catalogue) -> str:
    """Every handout: audits, cases (with their briefings) and themes, each with its PDF."""
    return layout(
        "Handouts: reflective practice assistant",
        stylesheet_href(),
        "handout--index",
        None,
        element("h1", None, "Handouts"),
        element(
            "p",
            {"class": "lede"},
            "Print-ready handouts of the learning from the partnership's multi-agency case "
            "audits, for team meetings, supervision and workshops: per audit, per case, per "
            "theme, and a one-page 7-minute briefing per case. Each is a page to read or print, "
            "and a PDF (A4).",
        ),
        section(
            "audits",
            "Audits",
            element("ul", {"class": "index"}, *map(entry_links, catalogue.audits)),
        ),
        section(
            "cases",
            "Cases and their 7-minute briefings",
            element("ul", {"class": "index"}, *map(entry_links, catalogue.cases)),
            element(
                "p",
                None,
                "A case has a briefing when the audit attributes learning to it; an audit's "
                "learning that names no case is in the audit's handout.",
            ),
        ),
        section(
            "themes",
            "Themes",
            element("ul", {"class": "index"}, *map(entry_links, catalogue.themes)),
        ),
    )


def message_page(title: str, heading: str, *body: Child) -> str:
    """A page that only says something: not found, or the PDF failed."""
    return layout(
        f"{title}: reflective practice assistant",
        stylesheet_href(),
        "handout--error",
        None,
        element("h1", None, heading),
        *body,
    )


def render_not_found(message: str) -> str:
    """The 404 page: what was not found, and the way to every handout there is."""
    return message_page(
        "Handout not found",
        "Handout not found",
        element("p", None, message),
        element("p", None, element("a", {"href": f"{BASE}/"}, "See every handout")),
    )


def render_pdf_failed(reason: str, page_href: str) -> str:
    """The 503 page when the PDF cannot be made: the page itself still prints from a browser."""
    return message_page(
        "PDF not available",
        "The PDF could not be made just now",
        element("p", None, reason),
        element(
            "p",
            None,
            "Try again in a minute, or open ",
            element("a", {"href": page_href}, "the handout's page"),
            " and print it from your browser (it is laid out for A4).",
        ),
    )
