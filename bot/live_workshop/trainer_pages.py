"""The trainer's workshop pages: the start page (a case, its checks and quiz, teams or not)
and the presenter's shell, whose live content presenter.js draws from JSON, as text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge.models import UrgentContact
from bot.live_workshop.pages import (
    BASE,
    PRESENTER_JS,
    WORKSHOP_CSS,
    checkbox,
    handout_links,
    page_layout,
)
from bot.web.components import layout, signed_in_header
from bot.web.html import STYLESHEET, Markup, element


@dataclass(frozen=True)
class CaseChoice:
    case_id: str
    label: str
    stages: int
    quiz_ids: tuple[str, ...]
    """The quiz questions on the key messages the case's stages lead to."""


def start_page(cases: Sequence[CaseChoice], error: str = "") -> str:
    """Choose a case and what the session includes, then start it."""
    return page_layout(
        ("Error: " if error else "") + "Start a workshop: reflective practice assistant",
        "",
        signed_in_header(BASE),
        element("h1", None, "Start a workshop"),
        element("p", {"class": "error", "role": "alert"}, error) if error else None,
        element(
            "p",
            None,
            "Choose a case. The room joins with a code from the web chat, Teams or a phone, "
            "and answers anonymously.",
        ),
        element(
            "form",
            {"method": "post", "action": f"{BASE}/sessions", "class": "start"},
            element(
                "div",
                {"class": "field"},
                element("label", {"for": "case"}, "Case"),
                element(
                    "select",
                    {"id": "case", "name": "case", "class": "input"},
                    *(
                        element(
                            "option",
                            {"value": case.case_id},
                            f"{case.label} ({case.stages} stages)",
                        )
                        for case in cases
                    ),
                ),
            ),
            element(
                "fieldset",
                None,
                element("legend", None, "Include"),
                checkbox(
                    "checks", "The before/after check (opens and closes the session)", checked=True
                ),
                checkbox("quiz", "Quiz questions on the case's key messages", checked=True),
                checkbox("teams", "Team mode: one device answers for each mixed-agency table"),
            ),
            element(
                "div",
                {"class": "field"},
                element("label", {"for": "room"}, "Room size (optional)"),
                element(
                    "p",
                    {"class": "hint", "id": "room-hint"},
                    "The most devices that can join: one more is told the room is full.",
                ),
                element(
                    "input",
                    {
                        "id": "room",
                        "name": "room",
                        "class": "input input--code",
                        "inputmode": "numeric",
                        "pattern": "[0-9]*",
                        "aria-describedby": "room-hint",
                    },
                ),
            ),
            element("button", {"type": "submit", "class": "button"}, "Start the session"),
        ),
    )


PRESENTER_CONTROLS = (
    ("back", "Back", "B or ←"),
    ("open", "Open voting", "O"),
    ("close", "Close voting", "C"),
    ("results", "Show or hide results", "H"),
    ("reveal", "Reveal", "R"),
    ("next", "Next", "N or →"),
    ("show", "Show next answer", "S"),
    ("end", "End session", "E"),
)


def _qr(session_id: int, css_class: str, size: int) -> Markup:
    return element(
        "img",
        {
            "class": css_class,
            "src": f"{BASE}/s/{session_id}/qr.svg",
            "alt": "QR code: opens the join page with this session's code",
            "width": size,
            "height": size,
        },
    )


def _held_alert(urgent: Sequence[UrgentContact]) -> Markup:
    """What the trainer does about a reflection held back as a possible disclosure; its words
    are never on this page, which may be on the projector."""
    return element(
        "section",
        {"id": "held", "class": "held", "role": "alert", "hidden": True},
        element("h2", {"id": "held-heading"}, "An answer is held back"),
        element(
            "p",
            None,
            "It may say that a child is at immediate risk, so it is not shown and cannot be. "
            "The person who wrote it was given the urgent contacts.",
        ),
        element(
            "p",
            None,
            "What to do: at a break, remind the room that this workshop cannot take referrals. "
            "If a child is in immediate danger, call 999. To report a concern now:",
        ),
        element(
            "ul", None, *(element("li", None, f"{c.name}: {c.phone} ({c.when})") for c in urgent)
        ),
        element("p", None, "Then follow your own organisation's safeguarding procedure."),
    )


def presenter_page(session_id: int, case_id: str, urgent: Sequence[UrgentContact] = ()) -> str:
    """The projector view for the back of a room: a lobby with the code and QR code large,
    then each question with its options on the bars (counts and shares), the reveal beside
    them; every control a button with its key. presenter.js draws it from JSON, as text."""
    return layout(
        "Workshop presenter: reflective practice assistant",
        f"{BASE}/{STYLESHEET}",
        "presenter",
        element(
            "p",
            {"id": "connection", "class": "connection", "role": "status"},
            "Connecting to the session…",
        ),
        element(
            "section",
            {"id": "lobby", "class": "lobby", "aria-labelledby": "lobby-heading"},
            element("h1", {"id": "lobby-heading"}, "Join the workshop"),
            element(
                "div",
                {"class": "lobby-body"},
                _qr(session_id, "qr qr--large", 480),
                element(
                    "div",
                    None,
                    element("p", {"class": "lobby-url", "id": "lobby-url"}),
                    element("p", {"class": "lobby-code-label"}, "Code"),
                    element("p", {"class": "lobby-code", "id": "lobby-code"}),
                    element("p", {"class": "lobby-chat"}, "In the chat: type “join” and the code."),
                    element("p", {"class": "lobby-count", "id": "lobby-count"}),
                ),
            ),
        ),
        element(
            "div",
            {"class": "join-panel", "id": "join-panel"},
            element("p", {"class": "join-line", "id": "join-line"}, "Loading the session…"),
            element("p", {"class": "join-code", "id": "join-code"}),
            _qr(session_id, "qr", 160),
        ),
        element(
            "section",
            {"id": "question", "class": "question"},
            element("h1", {"id": "heading"}, "Workshop"),
            element("p", {"class": "known", "id": "known"}),
            element("h2", {"class": "prompt", "id": "prompt"}),
            element("p", {"class": "status", "id": "status", "role": "status"}),
            element(
                "div",
                {"class": "stage-grid"},
                element("div", {"id": "chart", "class": "live-chart"}),
                element("section", {"id": "reveal", "class": "reveal", "hidden": True}),
            ),
            element("div", {"id": "texts", "class": "texts"}),
        ),
        _held_alert(urgent),
        element(
            "details",
            {"class": "waiting", "id": "waiting-panel"},
            element("summary", {"id": "waiting-summary"}, "Answers waiting to be shown"),
            element("ul", {"id": "waiting"}),
        ),
        element(
            "nav",
            {"class": "controls", "aria-label": "Session controls"},
            *(
                element(
                    "button",
                    {
                        "type": "button",
                        "class": "button" + (" button--secondary" if key == "end" else ""),
                        "data-action": key,
                        "aria-keyshortcuts": keys.split(" ")[0],
                    },
                    f"{label} ({keys})",
                )
                for key, label, keys in PRESENTER_CONTROLS
            ),
            element(
                "a", {"class": "results-link", "href": f"{BASE}/s/{session_id}/results"}, "Results"
            ),
            handout_links(case_id),
        ),
        head=(
            element("link", {"rel": "stylesheet", "href": f"{BASE}/{WORKSHOP_CSS}"}),
            element("script", {"src": f"{BASE}/{PRESENTER_JS}", "defer": True}),
        ),
        main_attributes={"data-session": session_id},
    )
