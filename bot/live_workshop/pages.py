"""What every workshop page shares: where the pages and their assets live, the page frame
(the trainer stylesheet with the workshop's on top), the headers, a checkbox, the links to a
case's handouts, and the error page. The pages themselves, built with the trainer pages'
escaping element builder (no HTML is ever parsed from data): trainer_pages.py (the start page
and the presenter's shell), participant_pages.py (joining and answering) and printable_results.py.
"""

from __future__ import annotations

from bot.web.components import layout, signed_in_header, site_header
from bot.web.html import STYLESHEET, Child, Markup, element
from bot.web.urls import HandoutKind, handout_path

BASE = "/workshop"
WORKSHOP_CSS = "workshop.css"
PRESENTER_JS = "presenter.js"
PARTICIPANT_JS = "participant.js"
SITE_NAME = "Reflective practice assistant: workshop"


def page_layout(
    title: str, body_class: str, header: Child, *main: Child, script: str | None = None
) -> str:
    """A workshop page: the trainer stylesheet, the workshop's on top, and its script if any."""
    return layout(
        title,
        f"{BASE}/{STYLESHEET}",
        f"page {body_class}",
        *main,
        header=header,
        head=(
            element("link", {"rel": "stylesheet", "href": f"{BASE}/{WORKSHOP_CSS}"}),
            element("script", {"src": f"{BASE}/{script}", "defer": True}) if script else None,
        ),
    )


def public_header() -> Markup:
    return site_header(SITE_NAME)


def checkbox(name: str, label: str, value: str = "yes", checked: bool = False) -> Markup:
    field_id = f"{name}-{value}".replace(" ", "-").lower()
    return element(
        "div",
        {"class": "choice"},
        element(
            "input",
            {"type": "checkbox", "id": field_id, "name": name, "value": value, "checked": checked},
        ),
        element("label", {"for": field_id}, label),
    )


def handout_links(case_id: str) -> Markup:
    """The case's handout (with the results of the last workshop the trainer published), as
    a page and as a PDF: two links with words between them, never run together."""
    page_link, pdf_link = (
        element(
            "a",
            {"class": "handout-link", "href": handout_path(HandoutKind.CASE, case_id, pdf=pdf)},
            label,
        )
        for pdf, label in ((False, "Case handout"), (True, "Case handout as PDF"))
    )
    return element("span", {"class": "handout-links"}, page_link, " or ", pdf_link)


def error_page(title: str, message: str, public: bool = True) -> str:
    return page_layout(
        f"{title}: workshop",
        "page--narrow",
        public_header() if public else signed_in_header(BASE),
        element("h1", None, title),
        element("p", None, message),
    )
