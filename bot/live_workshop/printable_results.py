"""A session's printable results page: each question's answers before and after, the held
answers, the scores, and the form that publishes the results on the case's handouts."""

from __future__ import annotations

from bot.live_workshop.pages import BASE, handout_links, page_layout
from bot.live_workshop.results import CSV_TABLES, HELD_REASON, Results, StepResult
from bot.web.charts import Bar, bar_chart
from bot.web.components import data_table, signed_in_header
from bot.web.html import Child, Markup, element


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
    return page_layout(
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
