"""Each table of an Insights as a CSV file, for the learning lead's own spreadsheets.

Some cells hold what practitioners typed (minimised unanswered questions, typed feedback
reasons): `rows_csv` (bot/web/responses.py) writes them so no spreadsheet runs one as a formula.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.insights.grouping import MAX_EXAMPLES
from bot.insights.report import Insights, enough_for_a_rate
from bot.web.responses import Rows, rows_csv

LIST_SEPARATOR = " | "
"""Between typed reasons in one cell."""


def _questions_by_week_and_theme(insights: Insights) -> Rows:
    return [("week", "theme", "questions")] + [
        (row.week.isoformat(), row.theme, row.questions)
        for row in insights.questions_by_week_and_theme
    ]


def _top_key_messages(insights: Insights) -> Rows:
    return [("rank", "key_message_id", "title", "theme", "answered")] + [
        (rank, row.key_message_id, row.title, row.theme, row.answered)
        for rank, row in enumerate(insights.top_key_messages, start=1)
    ]


def _rate(part: int, whole: int) -> str:
    """A rate for a spreadsheet, empty when too few to mean anything (report.MIN_FOR_RATE)."""
    return f"{part / whole:.4f}" if enough_for_a_rate(whole) else ""


def _unanswered_by_week(insights: Insights) -> Rows:
    return [("week", "questions", "unanswered", "unanswered_rate", "declined")] + [
        (
            row.week.isoformat(),
            row.questions,
            row.unanswered,
            _rate(row.unanswered, row.questions),
            row.declined,
        )
        for row in insights.unanswered_by_week
    ]


def _unanswered_groups(insights: Insights) -> Rows:
    examples = [f"example_{number}" for number in range(1, MAX_EXAMPLES + 1)]
    return [("label", "size", *examples)] + [
        (group.label, group.size, *group.examples, *[""] * (MAX_EXAMPLES - len(group.examples)))
        for group in insights.unanswered_groups
    ]


def _helpfulness(insights: Insights) -> Rows:
    return [("key_message_id", "title", "helpful", "not_helpful", "reasons", "typed_reasons")] + [
        (
            row.key_message_id,
            row.title,
            row.helpful,
            row.not_helpful,
            "; ".join(f"{label}: {count}" for label, count in row.reasons),
            LIST_SEPARATOR.join(row.typed_reasons),
        )
        for row in insights.helpfulness
    ]


def _escalation_funnel(insights: Insights) -> Rows:
    """One row per figure: the three stages, then where people stopped, then the routes
    completed; `detail` names the step or route."""
    funnel = insights.funnel
    return [
        ("measure", "detail", "count"),
        ("started", "", funnel.started),
        ("situation_known", "", funnel.situation_known),
        ("completed", "", funnel.completed),
        *[("stopped_at", step, count) for step, count in funnel.stopped_at],
        *[("completed_by_route", route, count) for route, count in funnel.completed_by_route],
    ]


def _channels(insights: Insights) -> Rows:
    return [("channel", "questions"), *insights.channels]


def _practice_gaps(insights: Insights) -> Rows:
    """Rates are empty below report.MIN_FOR_RATE: "0%" from no rating, or "100%" from one,
    would mislead a spreadsheet's reader as much as the page's."""
    total = sum(gap.questions for gap in insights.practice_gaps)
    return [
        (
            "theme",
            "kind",
            "questions",
            "share_of_questions",
            "helpful",
            "not_helpful",
            "helped_rate",
        )
    ] + [
        (
            gap.theme,
            gap.kind,
            gap.questions,
            _rate(gap.questions, total),
            gap.helpful,
            gap.not_helpful,
            _rate(gap.helpful, gap.rated),
        )
        for gap in insights.practice_gaps
    ]


def _outcomes(insights: Insights) -> Rows:
    """Each question once, by what happened to it, then the turns that were not questions."""
    done = insights.outcomes
    return [
        ("outcome", "count", "counted_as_question"),
        ("answered", done.answered, "yes"),
        ("answered_low_confidence", done.low_confidence, "yes"),
        ("declined_outside_coverage", done.declined, "yes"),
        ("not_understood", done.not_understood, "yes"),
        ("cases_audits_good_practice_route_finder", done.other, "yes"),
        *[(label, n, "no") for label, n in done.turns],
    ]


def _declined_topics(insights: Insights) -> Rows:
    examples = [f"example_{number}" for number in range(1, MAX_EXAMPLES + 1)]
    return [("topic", "questions", *examples)] + [
        (item.topic, item.questions, *item.examples, *[""] * (MAX_EXAMPLES - len(item.examples)))
        for item in insights.declined_topics
    ]


TABLES: dict[str, Callable[[Insights], Rows]] = {
    "outcomes": _outcomes,
    "questions_by_week_and_theme": _questions_by_week_and_theme,
    "top_key_messages": _top_key_messages,
    "unanswered_by_week": _unanswered_by_week,
    "unanswered_groups": _unanswered_groups,
    "declined_topics": _declined_topics,
    "helpfulness": _helpfulness,
    "escalation_funnel": _escalation_funnel,
    "channels": _channels,
    "practice_gaps": _practice_gaps,
}
"""Each table by name; its file is the name with .csv."""


def csv_text(insights: Insights, table: str) -> str:
    """One table as CSV text (a header row, then its rows)."""
    return rows_csv(TABLES[table](insights))


def csv_files(insights: Insights) -> dict[str, str]:
    """{file name: CSV text} for every table."""
    return {f"{table}.csv": csv_text(insights, table) for table in TABLES}


def write(insights: Insights, folder: Path) -> list[Path]:
    """Writes every table into the folder (created if need be), replacing earlier files.
    UTF-8 with a byte order mark, so that Excel reads titles with non-ASCII letters right."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in csv_files(insights).items():
        target = folder / name
        target.write_text(text, encoding="utf-8-sig", newline="")
        written.append(target)
    return written
