"""The participants' pages: joining with the code, and answering each question. Plain forms
and no script, so any phone can take part."""

from __future__ import annotations

from collections.abc import Sequence

from bot.knowledge.models import UrgentContact
from bot.live_workshop.pages import BASE, PARTICIPANT_JS, checkbox, page_layout, public_header
from bot.live_workshop.plan import Step, option_label
from bot.live_workshop.service import AGENCIES, MAX_TEXT_CHARS, TABLE_NAMES, Chosen, Snapshot
from bot.live_workshop.tables import CODE_DIGITS
from bot.web.components import field
from bot.web.html import AttributeValue, Child, Markup, element


def join_page(code: str = "", error: str = "", team_mode_for: str = "") -> str:
    """Join by code; in team mode, then the table or its agencies (never a person's name)."""
    code_field: dict[str, AttributeValue] = {
        "id": "code",
        "name": "code",
        "class": "input input--code",
        "inputmode": "numeric",
        "autocomplete": "off",
        "pattern": f"[0-9]{{{CODE_DIGITS}}}",
        "maxlength": str(CODE_DIGITS),
        "required": True,
        "value": code,
    }
    team = (
        element(
            "fieldset",
            None,
            element("legend", None, "Your table answers together: choose its name or its agencies"),
            element(
                "div",
                {"class": "field"},
                element("label", {"for": "table"}, "Table"),
                element(
                    "select",
                    {"id": "table", "name": "table", "class": "input"},
                    element("option", {"value": ""}, "Choose agencies below instead"),
                    *(element("option", {"value": name}, name) for name in TABLE_NAMES),
                ),
            ),
            *(checkbox("agency", agency, agency) for agency in AGENCIES),
        )
        if team_mode_for
        else None
    )
    return page_layout(
        ("Error: " if error else "") + "Join a workshop: reflective practice assistant",
        "page--narrow participant",
        public_header(),
        element("h1", None, "Join a workshop"),
        element(
            "p",
            None,
            f"Type the {CODE_DIGITS}-digit code on the screen. Your answers are anonymous: nothing "
            "about you is stored.",
        ),
        element(
            "form",
            {"method": "post", "action": f"{BASE}/join"},
            field("Session code", code_field, error),
            team,
            element("button", {"type": "submit", "class": "button"}, "Join"),
        ),
    )


def _radio(
    name: str, index: int, label: str, required: bool = True, checked: bool = False
) -> Markup:
    field_id = f"{name}-{index}"
    return element(
        "div",
        {"class": "choice"},
        element(
            "input",
            {
                "type": "radio",
                "id": field_id,
                "name": name,
                "value": index,
                "required": required,
                "checked": checked,
            },
        ),
        element("label", {"for": field_id}, label),
    )


def _your_answer(step: Step, chosen: Chosen | None) -> Markup | None:
    """What this participant chose, so the page after voting is not the same empty form."""
    if chosen is None:
        return None
    said = (
        option_label(chosen.choice, step.options[chosen.choice])
        if chosen.choice is not None and 0 <= chosen.choice < len(step.options)
        else chosen.text or ""
    )
    return element("p", {"class": "your-answer"}, element("strong", None, "Your answer: "), said)


def _step_form(step: Step, step_index: int, chosen: Chosen | None = None) -> Markup:
    if step.free_text:
        body: Child = element(
            "div",
            {"class": "field"},
            element("label", {"for": "text"}, "Your answer (no names or details of a family)"),
            element(
                "textarea",
                {
                    "id": "text",
                    "name": "text",
                    "class": "input",
                    "rows": 4,
                    "maxlength": MAX_TEXT_CHARS,
                    "required": True,
                },
            ),
        )
    else:
        body = element(
            "fieldset",
            None,
            element("legend", None, "Your answer"),
            *(
                _radio(
                    "choice",
                    i,
                    option_label(i, option),
                    checked=chosen is not None and chosen.choice == i,
                )
                for i, option in enumerate(step.options)
            ),
        )
    return element(
        "form",
        {"method": "post", "action": f"{BASE}/answer"},
        element("input", {"type": "hidden", "name": "step", "value": step_index}),
        body,
        element(
            "button",
            {"type": "submit", "class": "button"},
            "Change my answer" if chosen is not None else "Send my answer",
        ),
    )


def _live_controls() -> Markup:
    """Shown by participant.js only: the question follows the trainer by itself, and can be
    paused (WCAG 2.2.2) while someone is still reading or typing."""
    return element(
        "div",
        {"class": "live", "id": "live", "hidden": True},
        element(
            "p",
            {"id": "live-status", "class": "live-status", "role": "status"},
            "This page follows the trainer: the next question appears by itself.",
        ),
        element(
            "button",
            {
                "type": "button",
                "class": "button button--secondary",
                "id": "pause",
                "aria-pressed": "false",
            },
            "Pause updates",
        ),
    )


def answer_page(
    snapshot: Snapshot,
    notice: str = "",
    urgent: Sequence[UrgentContact] = (),
    chosen: Chosen | None = None,
) -> str:
    """The current question for a participant (with what they chose), or what to wait for;
    participant.js replaces the question in place when the trainer moves on."""
    step = snapshot.step
    if snapshot.ended:
        body: list[Child] = [
            element("h1", None, "The session has ended"),
            element("p", None, "Thank you for taking part."),
        ]
    else:
        body = [
            element("p", {"class": "session-title"}, snapshot.title),
            element("h1", None, step.heading),
            element("p", {"class": "known"}, step.known) if step.known else None,
            element("h2", {"class": "prompt"}, step.prompt),
            _your_answer(step, chosen),
            _step_form(step, snapshot.step_index, chosen)
            if snapshot.voting_open
            else element("p", None, "Voting is closed for now: wait for the trainer."),
        ]
    return page_layout(
        f"{step.heading}: workshop",
        "page--narrow participant",
        public_header(),
        _urgent(urgent) if urgent else None,
        element("p", {"class": "notice", "role": "status"}, notice) if notice else None,
        element(
            "div",
            {
                "id": "question",
                "data-step": snapshot.step_index,
                "data-open": "yes" if snapshot.voting_open else "no",
            },
            *body,
        ),
        _live_controls(),
        element(
            "p",
            {"class": "check"},
            element("a", {"href": f"{BASE}/answer"}, "Check for the next question"),
        ),
        script=PARTICIPANT_JS,
    )


def _urgent(contacts: Sequence[UrgentContact]) -> Markup:
    return element(
        "section",
        {"class": "urgent", "role": "alert", "aria-labelledby": "urgent-heading"},
        element("h2", {"id": "urgent-heading"}, "If a child is in immediate danger, call 999 now."),
        element(
            "p", None, "This workshop cannot take referrals. To report a concern about a child now:"
        ),
        element(
            "ul",
            None,
            *(
                element("li", None, f"{contact.name}: {contact.phone} ({contact.when})")
                for contact in contacts
            ),
        ),
    )
