"""The insights page as HTML, from a hand-built Insights: numbers, escaping, charts, structure."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from datetime import date
from typing import Any

import pytest

from bot.insights import export
from bot.insights.date_range import BadRange, parse_range
from bot.insights.page import render_page, render_range_error
from bot.insights.report import Funnel, Insights, ThemeGap
from bot.web.charts import Bar, bar_chart
from tests.insights.sample import IMG, INSIGHTS, SCRIPT
from tests.web.dom import Node, parse, rows, tables

EMPTY = Insights(
    start=date(2025, 3, 3),
    end=date(2025, 3, 16),
    questions=0,
    questions_by_week_and_theme=(),
    top_key_messages=(),
    unanswered_by_week=(),
    unanswered_groups=(),
    helpfulness=(),
    funnel=Funnel(0, 0, 0, (), ()),
    channels=(),
    practice_gaps=(),
)


@pytest.fixture(scope="module")
def document() -> Node:
    return parse(render_page(INSIGHTS))


def numbers_in(value: Any) -> list[int]:
    """Every whole number an Insights holds, however deep."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if dataclasses.is_dataclass(value):
        return [
            n for item in dataclasses.fields(value) for n in numbers_in(getattr(value, item.name))
        ]
    if isinstance(value, tuple):
        return [n for item in value for n in numbers_in(item)]
    return []


def test_every_number_of_the_insights_is_in_a_table(document: Node) -> None:
    """The sample's figures are distinct three-digit numbers, so each can only be found where
    the page put it; smaller ones (0, ...) are checked by the tests of each table below."""
    table_text = " ".join(table.words() for table in document.find_all("table"))
    figures = [n for n in numbers_in(INSIGHTS) if n >= 100]
    assert len(figures) > 30
    missing = [n for n in figures if not re.search(rf"(?<!\d){n}(?!\d)", table_text)]
    assert missing == []


def test_questions_table_has_a_row_per_theme_a_column_per_week_and_totals(document: Node) -> None:
    table = tables(document)["Questions per week by theme"]
    header = [cell.text() for cell in table.find("thead").find_all("th")]
    assert header == ["Theme", "w/c 3 Mar 2025", "w/c 10 Mar 2025", "Total"]
    assert rows(table) == [
        ["Engaging families", "301", "203", "504"],
        ["Information sharing", "0", "305", "305"],
        ["Not understood", "102", "0", "102"],
        ["All questions", "403", "508", "911"],
    ]


def test_the_other_tables_hold_the_figures_in_order(document: Node) -> None:
    found = tables(document)
    assert rows(found["Top key messages"]) == [
        ["Disguised compliance", "Engaging families", "404"],
        ["Sharing records", "Information sharing", "202"],
    ]
    assert rows(found["Unanswered rate per week"]) == [
        ["w/c 3 Mar 2025", "403", "102", "25%", "269"],
        ["w/c 10 Mar 2025", "508", "127", "25%", "271"],
    ]
    assert rows(found["Unanswered questions by group"]) == [
        ["fgm signs", "117", f"what are fgm signs {SCRIPT} fgm [removed]"],
        ["prevent referral", "112", f"{IMG} prevent referral how"],
        ["In no group (no topic word was left once minimised)", "179", "None"],
    ]
    assert rows(found["Helpfulness per key message"]) == [
        [
            "Disguised compliance",
            "131",
            "137",
            "49%",
            "Not enough detail: 139 Typed: 141",
            f"too long {SCRIPT}",
        ],
        ["Sharing records", "149", "0", "100%", "None", "None"],
        ["Rarely rated", "1", "0", "1 of 1, too few for a rate", "None", "None"],
    ]
    assert rows(found["Escalation route funnel"]) == [
        ["Started", "157", "100%"],
        ["Situation known", "151", "96%"],
        ["Completed", "113", "72%"],
        ["Stopped at: What is wrong", "163", "104%"],
        ["Stopped at: What you have tried", "167", "106%"],
    ]
    assert rows(found["Escalation routes completed"]) == [["Professional disagreement", "173"]]
    assert rows(found["Questions by channel"]) == [
        ["Web chat", "719", "79%"],
        ["Microsoft Teams", "192", "21%"],
    ]
    assert rows(found["Practice gaps by theme"]) == [
        ["Engaging families", "Audit theme", "504", "39%", "131", "137", "49%"],
        ["Information sharing", "Audit theme", "305", "24%", "149", "0", "100%"],
        ["lone working", "Not covered by the audits", "251", "19%", *["not rated"] * 3],
        ["Not understood", "Questions not understood", "229", "18%", *["not rated"] * 3],
        ["Neglect", "Audit theme", "3", "under 1%", "1", "0", "1 of 1, too few for a rate"],
        ["Online safety", "Audit theme", "0", "0%", "0", "0", "none yet"],
    ]


def test_outcomes_tell_answers_low_confidence_declined_and_not_understood_apart(
    document: Node,
) -> None:
    found = tables(document)
    assert rows(found["What happened to questions"]) == [
        ["Answered with a key message", "607", "67%"],
        ["Answered, with low confidence (below 50%): the answer may be wrong", "211", "23%"],
        ["Outside the audits' coverage: told so plainly", "223", "24%"],
        ["Not understood: offered the closest key messages", "229", "25%"],
        ["Cases, audits, good practice or the route finder", "233", "26%"],
    ]
    assert rows(found["Not counted as questions"]) == [
        ["Acknowledgements", "239"],
        ["Workshop answers and reflections", "241"],
    ]
    assert rows(found["Questions outside the audits' coverage, by topic"]) == [
        ["lone working", "251", f"lone working policy for visits {IMG}"],
        ["(no topic recorded)", "113", "None"],
    ]


@pytest.mark.parametrize(("helped", "rated"), [(0, 0), (1, 1), (0, 1), (9, 9)])
def test_a_rate_from_too_few_is_shown_as_counts_with_a_caution(helped: int, rated: int) -> None:
    """ "0%" for a theme nobody rated, or "100%" from one rating, misleads."""
    gap = ThemeGap("Neglect", 5, 1.0, helped, rated - helped)
    few = dataclasses.replace(INSIGHTS, practice_gaps=(gap,))
    (row,) = rows(tables(parse(render_page(few)))["Practice gaps by theme"])
    assert not row[-1].endswith("%")
    assert row[-1] == ("none yet" if not rated else f"{helped} of {rated}, too few for a rate")


def test_typed_text_is_shown_as_text_and_never_becomes_markup(document: Node) -> None:
    markup = render_page(INSIGHTS)
    assert "<script" not in markup and "<img" not in markup
    assert "&lt;script&gt;" in markup
    assert document.find_all("script") == [] and document.find_all("img") == []
    examples = [item.text() for item in document.find_all("li")]
    assert f"what are fgm signs {SCRIPT}" in examples and IMG in examples


def test_the_page_has_no_inline_script_or_style_for_the_policy_to_block(document: Node) -> None:
    attributes = {name for node in document.walk() for name in node.attrs}
    assert "style" not in attributes
    assert not [name for name in attributes if name.startswith("on")]
    assert document.find_all("style") == []
    [stylesheet] = document.find_all("link")
    assert stylesheet.attrs == {"rel": "stylesheet", "href": "/insights/trainer.css"}


def chart(document: Node, chart_id: str) -> Node:
    [svg] = [
        svg
        for svg in document.find_all("svg")
        if svg.find("title").attrs["id"] == f"{chart_id}-title"
    ]
    return svg


def widths(svg: Node, class_: str = "chart-bar") -> list[float]:
    return [float(str(rect.attrs["width"]).rstrip("%")) for rect in svg.find_all("rect", class_)]


def test_bar_widths_are_proportional_to_the_values(document: Node) -> None:
    assert widths(chart(document, "top-key-messages-chart")) == [100, 50]  # 404, 202
    assert widths(chart(document, "channels-chart")) == pytest.approx(
        [100, 100 * 192 / 719], abs=1e-3
    )
    assert widths(chart(document, "unanswered-groups-chart")) == pytest.approx(
        [100 * 117 / 179, 100 * 112 / 179, 100], abs=1e-3
    )
    # A rate fills the width at 100%, on a track showing the full width.
    helpfulness = chart(document, "helpfulness-chart")
    assert widths(helpfulness) == pytest.approx([100 * 131 / 268, 100, 0], abs=1e-3)
    assert widths(helpfulness, "chart-track") == [100, 100, 100]
    # The funnel is scaled to its largest stage.
    assert widths(chart(document, "escalation-chart")) == pytest.approx(
        [100 * n / 167 for n in (157, 151, 113, 163, 167)], abs=1e-3
    )


def test_paired_bars_show_questions_beside_how_often_answers_helped(document: Node) -> None:
    gaps = chart(document, "practice-gaps-chart")
    questions = [
        rect
        for rect in gaps.find_all("rect", "chart-bar")
        if "chart-bar--second" not in rect.classes
    ]
    helped = gaps.find_all("rect", "chart-bar--second")
    assert [float(str(r.attrs["width"]).rstrip("%")) for r in questions] == pytest.approx(
        [48, 48 * 305 / 504, 48 * 251 / 504, 48 * 229 / 504, 48 * 3 / 504, 0], abs=1e-3
    )
    assert [float(str(r.attrs["width"]).rstrip("%")) for r in helped] == pytest.approx(
        [48 * 131 / 268, 48], abs=1e-3
    ), "no bar for a theme without ratings, or with too few"
    assert {r.attrs["x"] for r in helped} == {"52%"}


def test_column_heights_are_proportional_on_one_scale(document: Node) -> None:
    weekly = chart(document, "questions-by-week-chart")
    heights = [float(str(rect.attrs["height"])) for rect in weekly.find_all("rect", "chart-bar")]
    # Rows: all questions, then themes by total; the tallest column is the busiest week.
    counts = [403, 508, 301, 203, 0, 305, 102, 0]
    assert heights == pytest.approx([56 * n / 508 for n in counts], abs=0.01)
    rate = chart(document, "unanswered-by-week-chart")
    rate_heights = [float(str(r.attrs["height"])) for r in rate.find_all("rect", "chart-bar")]
    assert rate_heights == pytest.approx([120, 120 * (127 / 508) / (102 / 403)], abs=0.01)


def test_each_chart_is_an_image_named_by_its_title_and_followed_by_its_table(
    document: Node,
) -> None:
    svgs = document.find_all("svg")
    assert len(svgs) == 10
    for section in document.find_all("section"):
        children = section.elements
        for index, child in enumerate(children):
            if child.tag != "svg":
                continue
            assert child.attrs["role"] == "img"
            title_id, desc_id = str(child.attrs["aria-labelledby"]).split()
            assert child.find("title").attrs["id"] == title_id and child.find("title").text()
            assert child.find("desc").attrs["id"] == desc_id and child.find("desc").text()
            following = children[index + 1]
            assert "table-block" in following.classes and following.find_all("table")


def test_ids_are_unique_and_every_reference_resolves(document: Node) -> None:
    ids = Counter(node.attrs["id"] for node in document.walk() if "id" in node.attrs)
    assert [i for i, n in ids.items() if n > 1] == []
    references = [
        ref
        for node in document.walk()
        for name in ("aria-labelledby", "aria-describedby", "for")
        for ref in str(node.attrs.get(name) or "").split()
    ]
    references += [
        str(a.attrs["href"])[1:]
        for a in document.find_all("a")
        if str(a.attrs["href"]).startswith("#")
    ]
    assert [ref for ref in references if ref not in ids] == []


def test_headings_and_landmarks(document: Node) -> None:
    assert [h.text() for h in document.find_all("h1")] == ["Insights for the partnership"]
    assert len(document.find_all("h2")) == 10 == len(document.find_all("section"))
    assert document.find("html").attrs["lang"] == "en-GB"
    assert len(document.find_all("main")) == 1 and len(document.find_all("nav")) == 1
    for table in document.find_all("table"):
        assert table.find("caption").text()
        assert {th.attrs.get("scope") for th in table.find_all("th")} <= {"col", "row"}


def test_every_export_table_has_a_download_link_for_the_range(document: Node) -> None:
    links = [str(a.attrs["href"]) for a in document.find_all("a") if "csv" in str(a.attrs["href"])]
    assert sorted(links) == sorted(
        f"/insights/csv/{name}.csv?from=2025-03-03&to=2025-03-16" for name in export.TABLES
    )


def test_the_range_form_shows_the_range(document: Node) -> None:
    form = document.find("form", "range")
    assert form.attrs["method"] == "get"
    fields = {node.attrs["name"]: node.attrs["value"] for node in form.find_all("input")}
    assert fields == {"from": "2025-03-03", "to": "2025-03-16"}
    labels = {node.attrs["for"] for node in form.find_all("label")}
    assert labels == {"from", "to"}


def test_an_empty_range_says_so_instead_of_drawing_empty_charts() -> None:
    document = parse(render_page(EMPTY))
    assert document.find_all("svg") == [] and document.find_all("table") == []
    text = " ".join(document.text().split())
    assert "No questions were asked in this range." in text
    assert "No unanswered questions in this range." in text
    assert "The route finder was not used in this range." in text


def test_rendering_is_a_pure_function_of_the_insights() -> None:
    assert render_page(INSIGHTS) == render_page(INSIGHTS)


def test_the_default_range_is_the_last_30_days_today_included() -> None:
    assert parse_range(None, None, date(2025, 3, 31)) == (date(2025, 3, 2), date(2025, 3, 31))
    assert parse_range("", " ", date(2025, 3, 31)) == (date(2025, 3, 2), date(2025, 3, 31))
    assert parse_range(None, "2025-01-30", date(2025, 3, 31)) == (
        date(2025, 1, 1),
        date(2025, 1, 30),
    )
    assert parse_range("2025-03-05", "2025-03-05", date(2025, 3, 31)) == (
        date(2025, 3, 5),
        date(2025, 3, 5),
    )
    assert parse_range("2020-01-05", "2025-01-04", date(2025, 3, 31)) == (
        date(2020, 1, 5),
        date(2025, 1, 4),
    )


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2025-02-30", None, "The from date “2025-02-30” is not a date"),
        ("yesterday", None, "is not a date: use the form YYYY-MM-DD"),
        (None, "31/03/2025", "The to date “31/03/2025” is not a date"),
        ("2025-04-01", "2025-03-01", "The from date (1 April 2025) is after the to date"),
        (None, "0001-01-05", "Choose dates from 2000 to 2100."),
        ("2025-01-01", "9999-12-31", "Choose dates from 2000 to 2100."),
        ("2020-01-01", "2025-01-04", "Choose a range of at most 1830 days (five years)."),
    ],
)
def test_bad_ranges_are_refused_with_a_reason(
    start: str | None, end: str | None, message: str
) -> None:
    with pytest.raises(BadRange, match=re.escape(message)):
        parse_range(start, end, date(2025, 3, 31))


def test_a_range_error_is_shown_on_the_form_escaped() -> None:
    document = parse(render_range_error("The from date “<b>” is not a date.", "<b>", "2025-03-01"))
    error = document.find("p", "error")
    assert error.text() == "The from date “<b>” is not a date."
    assert document.find_all("b") == []
    inputs = document.find("form", "range").find_all("input")
    assert {node.attrs["aria-invalid"] for node in inputs} == {"true"}
    assert [node.attrs["value"] for node in inputs] == ["<b>", "2025-03-01"]


def test_a_long_label_is_cut_short_but_never_the_numbers() -> None:
    title = "Information Sharing: lack of response from adult mental health professionals"
    svg = parse(bar_chart("c", "t", "d", [Bar(title, 4, "0 helped, 4 did not (0%)")]))
    lines = [span.text() for span in svg.find_all("tspan")]
    assert lines[-1].endswith("0 helped, 4 did not (0%)") or lines[-2:] == [
        "0 helped, 4 did not",
        "(0%)",
    ]
    assert len(lines) == 3 and "…" in " ".join(lines)
    assert all(len(line) <= 34 for line in lines)


def test_column_charts_say_their_scale_in_words(document: Node) -> None:
    weekly = chart(document, "questions-by-week-chart")
    assert weekly.find("text").words() == "Tallest column: 508 questions, w/c 10 Mar 2025."
    rate = chart(document, "unanswered-by-week-chart")
    assert rate.find("text").words() == "Tallest column: 25%, w/c 3 Mar 2025."
