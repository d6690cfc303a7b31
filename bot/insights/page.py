"""The insights page for the partnership's learning lead, served by Rasa itself at /insights/.

What practitioners ask, what goes unanswered and what helps, for a date range: each view is a
server-rendered SVG chart with the same numbers in a table below it and a CSV download of that
table. The figures come from `bot.insights.report.compute` over the anonymous usage events,
so nothing on the page can identify a practitioner, a child or a family; the only typed text
shown is the minimised unanswered questions and feedback reasons, always escaped.

The views are views.py's table and the date range date_range.py's; this module renders them
(the layout, the range form, a section per view, each table with its CSV download), and
routes.py serves the page (from credentials.yml as
`bot.insights.routes.InsightsInput:`), behind the trainer credential (bot/web/trainer.py).
`render_page` is a pure function of an `Insights`, so `make bench` can time it alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from bot.insights.date_range import day, range_query
from bot.insights.report import Insights
from bot.insights.sign_off import PATH as SIGN_OFF_PATH
from bot.insights.views import VIEWS, Table, View, count
from bot.web import components
from bot.web.components import data_table, field, signed_in_header
from bot.web.html import STYLESHEET, Child, Markup, element

BASE = "/insights"

Report = Callable[[date, date], Insights]
"""The figures for an inclusive date range."""


def range_form(start: str, end: str, error: str = "") -> Markup:
    """The date range form (GET, so a range can be bookmarked and shared); one error message
    for both dates."""

    def date_field(name: str, label: str, value: str) -> Markup:
        attributes = {
            "id": name,
            "name": name,
            "type": "date",
            "value": value,
            "class": "input input--date",
        }
        return field(label, attributes, error, error_id="range-error")

    return element(
        "form",
        {"method": "get", "action": f"{BASE}/", "class": "range"},
        element(
            "fieldset",
            None,
            element("legend", None, "Date range"),
            element("p", {"id": "range-error", "class": "error", "role": "alert"}, error)
            if error
            else None,
            element(
                "div",
                {"class": "range-fields"},
                date_field("from", "From", start),
                date_field("to", "To (included)", end),
                element("button", {"type": "submit", "class": "button"}, "Show"),
            ),
        ),
    )


def table(spec: Table, start: date, end: date) -> Markup:
    """A view's table (components.data_table), with its CSV download below."""
    return element(
        "div",
        {"class": "table-block"},
        data_table(spec.caption, spec.header, spec.rows, spec.numeric),
        element(
            "p",
            {"class": "download"},
            element(
                "a",
                {"href": f"{BASE}/csv/{spec.key}.csv?{range_query(start, end)}", "download": True},
                f"Download “{spec.csv_title or spec.caption}” as CSV",
            ),
        )
        if spec.csv
        else None,
    )


def section(
    key: str, heading: str, explanation: str, body: Sequence[Child], empty: str | None = None
) -> Markup:
    """One view: heading, what it means, then chart and table (or why there is nothing)."""
    return element(
        "section",
        {"class": "view", "aria-labelledby": f"{key}-heading"},
        element("h2", {"id": f"{key}-heading"}, heading),
        element("p", {"class": "explain"}, explanation),
        element("p", {"class": "empty"}, empty) if empty else body,
    )


def views(insights: Insights) -> list[Markup]:
    def body(view: View) -> list[Child]:
        chart, *tables = view.build(insights)
        return [chart, *(table(each, insights.start, insights.end) for each in tables)]

    return [
        section(
            view.key,
            view.title,
            view.explanation,
            body(view) if view.has_figures(insights) else [],
            None if view.has_figures(insights) else view.empty,
        )
        for view in VIEWS
    ]


def layout(title: str, *main: Child) -> str:
    return components.layout(
        title,
        f"{BASE}/{STYLESHEET}",
        "page",
        element("h1", None, "Insights for the partnership"),
        element("p", None, element("a", {"href": f"{BASE}{SIGN_OFF_PATH}"}, "Content sign-off")),
        *main,
        header=signed_in_header(BASE),
    )


def render_page(insights: Insights) -> str:
    """The whole insights page for one range: a pure function, timed by `make bench`."""
    period = f"{day(insights.start)} to {day(insights.end)}"
    return layout(
        f"Insights, {period}: reflective practice assistant",
        range_form(insights.start.isoformat(), insights.end.isoformat()),
        element(
            "p",
            {"class": "summary"},
            f"{period}: {count(insights.questions)} questions. Only anonymous counts are kept: "
            "nothing here identifies a practitioner, a child or a family.",
        ),
        element(
            "nav",
            {"aria-label": "Views on this page"},
            element(
                "ul",
                {"class": "contents"},
                *(
                    element("li", None, element("a", {"href": f"#{view.key}-heading"}, view.title))
                    for view in VIEWS
                ),
            ),
        ),
        *views(insights),
    )


def render_range_error(message: str, start: str, end: str) -> str:
    """The form again with what is wrong, for a range that cannot be shown."""
    return layout(
        "Error: date range, insights: reflective practice assistant",
        range_form(start[:40], end[:40], message),
    )
