"""The workshop's pages, built with the trainer pages' escaping element builder (no HTML is
ever parsed from data): the trainer's start page, the presenter's shell (its live content is
drawn by presenter.js from JSON, as text), the participants' join and answer pages (plain
forms, no script, so any phone can take part) and the printable results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge.models import UrgentContact
from bot.live_workshop.plan import Step, option_label
from bot.live_workshop.results import CSV_TABLES, HELD_REASON, Results, StepResult
from bot.live_workshop.service import AGENCIES, MAX_TEXT_CHARS, TABLE_NAMES, Chosen, Snapshot
from bot.live_workshop.tables import CODE_DIGITS
from bot.web.charts import Bar, bar_chart
from bot.web.components import data_table, field, layout, signed_in_header, site_header
from bot.web.html import STYLESHEET, AttributeValue, Child, Markup, element
from bot.web.urls import HandoutKind, handout_path

BASE = "/workshop"
WORKSHOP_CSS = "workshop.css"
PRESENTER_JS = "presenter.js"
PARTICIPANT_JS = "participant.js"
SITE_NAME = "Reflective practice assistant: workshop"


@dataclass(frozen=True)
class CaseChoice:
    case_id: str
    label: str
    stages: int
    quiz_ids: tuple[str, ...]
    """The quiz questions on the key messages the case's stages lead to."""


def _layout(
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


def _public_header() -> Markup:
    return site_header(SITE_NAME)


def _checkbox(name: str, label: str, value: str = "yes", checked: bool = False) -> Markup:
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


def start_page(cases: Sequence[CaseChoice], error: str = "") -> str:
    """Choose a case and what the session includes, then start it."""
    return _layout(
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
                _checkbox(
                    "checks", "The before/after check (opens and closes the session)", checked=True
                ),
                _checkbox("quiz", "Quiz questions on the case's key messages", checked=True),
                _checkbox("teams", "Team mode: one device answers for each mixed-agency table"),
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
            *(_checkbox("agency", agency, agency) for agency in AGENCIES),
        )
        if team_mode_for
        else None
    )
    return _layout(
        ("Error: " if error else "") + "Join a workshop: reflective practice assistant",
        "page--narrow participant",
        _public_header(),
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
    return _layout(
        f"{step.heading}: workshop",
        "page--narrow participant",
        _public_header(),
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


def _step_section(result: StepResult, show_held: bool = False) -> Markup:
    step = result.step
    key = f"step-{result.index + 1}"
    parts: list[Child] = [
        element("h3", {"id": f"{key}-heading"}, f"{result.index + 1}. {step.heading}"),
        element("p", None, step.prompt),
    ]
    if step.options:
        marks = ["the audit's answer" if i == step.answer else "" for i in range(len(step.options))]
        parts += [
            bar_chart(
                f"{key}-chart",
                step.heading,
                f"Answers per option, {result.answered} in all; the table below has the numbers.",
                [
                    Bar(option, count, str(count))
                    for option, count in zip(step.options, result.counts, strict=True)
                ],
            ),
            data_table(
                step.heading,
                ("Option", "Answers", "Note"),
                [
                    (option, count, mark)
                    for option, count, mark in zip(step.options, result.counts, marks, strict=True)
                ],
            ),
        ]
    else:
        parts.append(
            element(
                "ul", {"class": "cell-list"}, *(element("li", None, text) for text in result.texts)
            )
            if result.texts
            else element("p", None, "No answers." if not result.held else "No other answers.")
        )
    if result.held:
        parts.append(_held_answers(result, key, show_held))
    return element("section", {"class": "view", "aria-labelledby": f"{key}-heading"}, *parts)


def _held_answers(result: StepResult, key: str, show: bool) -> Markup:
    """The answers to a step held back as possible disclosures: how many and why; their words
    only when the trainer asked for them (this page may be on the projector)."""
    count = len(result.held)
    heading = "1 answer held back" if count == 1 else f"{count} answers held back"
    if show:
        words: Child = element(
            "div",
            None,
            element("ul", {"class": "cell-list"}, *(element("li", None, t) for t in result.held)),
            element("a", {"href": f"?#{key}-held"}, "Hide the held answers' words"),
        )
    else:
        words = element(
            "a",
            {"href": f"?held=show#{key}-held"},
            "Show the held answers' words (not on a shared screen)",
        )
    return element(
        "div",
        {"class": "held", "id": f"{key}-held"},
        element("h4", None, heading),
        element("p", None, f"Not counted with the others: {HELD_REASON}."),
        element(
            "p",
            None,
            "If a child may be at risk, follow your own organisation's safeguarding procedure; "
            "if a child is in immediate danger, call 999.",
        ),
        words,
    )


def _score(value: float | None, scale: bool) -> str:
    if value is None:
        return "no answers"
    return f"{value:.1f}" if scale else f"{value:.0%}"


def _publish_form(figures: Results) -> Markup:
    """The trainer decides whether the case's handouts show this session's counts (never the
    free text); a practice run stays off them unless published."""
    if figures.ended is None:
        said = "The counts can go on the case's handouts once the session has ended."
        return element("p", {"class": "publish"}, said)
    said = (
        "The counts are on the case's handouts (never the typed answers)."
        if figures.published
        else "The counts are not on the case's handouts: publish them only for a real session."
    )
    return element(
        "form",
        {"method": "post", "action": f"{BASE}/s/{figures.session_id}/publish", "class": "publish"},
        element("p", None, said),
        element(
            "input",
            {"type": "hidden", "name": "publish", "value": "no" if figures.published else "yes"},
        ),
        element(
            "button",
            {
                "type": "submit",
                "class": "button" + (" button--secondary" if figures.published else ""),
            },
            "Take them off the handouts" if figures.published else "Publish on the case's handouts",
        ),
    )


def results_page(figures: Results, show_held: bool = False) -> str:
    """Printable: the shift first (what the session changed), then every step's answers; the
    words of answers held back as possible disclosures only when the trainer asks
    (`show_held`)."""
    shifts = figures.shifts
    base = f"{BASE}/s/{figures.session_id}"
    return _layout(
        f"Results: {figures.title}: workshop",
        "results",
        signed_in_header(BASE),
        element("h1", None, f"Workshop results: {figures.title}"),
        element(
            "p",
            {"class": "summary"},
            f"Started {figures.started:%d %B %Y %H:%M} UTC"
            + (f", ended {figures.ended:%H:%M} UTC" if figures.ended else ", still running")
            + f". {figures.participants} devices joined. Only anonymous counts and "
            "minimised free text are kept.",
        ),
        element(
            "p",
            {"class": "download"},
            *(
                element(
                    "a",
                    {"href": f"{base}/results/{name}.csv", "download": True, "class": "csv-link"},
                    f"Download the {name} as CSV",
                )
                for name in CSV_TABLES
            ),
            handout_links(figures.case_id),
        ),
        _publish_form(figures),
        element(
            "section",
            {"class": "view", "aria-labelledby": "shift-heading"},
            element("h2", {"id": "shift-heading"}, "Before and after"),
            data_table(
                "Before and after",
                ("Question", "Measure", "Before", "After", "Answers before", "Answers after"),
                [
                    (
                        shift.before.step.prompt,
                        shift.measure,
                        _score(shift.score(shift.before), shift.before.step.scale),
                        _score(shift.score(shift.after), shift.before.step.scale),
                        sum(shift.before.counts),
                        sum(shift.after.counts),
                    )
                    for shift in shifts
                ],
            )
            if shifts
            else element("p", None, "This session had no before/after check."),
        ),
        element(
            "section",
            {"class": "view", "aria-labelledby": "answers-heading"},
            element("h2", {"id": "answers-heading"}, "Every question"),
            *(_step_section(result, show_held) for result in figures.steps),
        ),
    )


def error_page(title: str, message: str, public: bool = True) -> str:
    return _layout(
        f"{title}: workshop",
        "page--narrow",
        _public_header() if public else signed_in_header(BASE),
        element("h1", None, title),
        element("p", None, message),
    )
