"""Each table of an Insights as a CSV file, for the learning lead's own spreadsheets.

Some cells hold what practitioners typed (minimised unanswered questions, typed feedback
reasons). A spreadsheet runs a cell that starts with "=", "+", "-" or "@" as a formula, so
such a cell is written with a leading apostrophe, which spreadsheets show as text (OWASP's
advice for CSV injection; tab and carriage return are treated the same way).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.insights.grouping import MAX_EXAMPLES
from bot.insights.report import Insights

Cell = str | int
Rows = list[Sequence[Cell]]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
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


def _unanswered_by_week(insights: Insights) -> Rows:
    return [("week", "questions", "unanswered", "unanswered_rate")] + [
        (row.week.isoformat(), row.questions, row.unanswered, f"{row.rate:.4f}")
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
    return [("theme", "questions", "share_of_answered", "helpful", "not_helpful")] + [
        (gap.theme, gap.questions, f"{gap.share:.4f}", gap.helpful, gap.not_helpful)
        for gap in insights.practice_gaps
    ]


TABLES: dict[str, Callable[[Insights], Rows]] = {
    "questions_by_week_and_theme": _questions_by_week_and_theme,
    "top_key_messages": _top_key_messages,
    "unanswered_by_week": _unanswered_by_week,
    "unanswered_groups": _unanswered_groups,
    "helpfulness": _helpfulness,
    "escalation_funnel": _escalation_funnel,
    "channels": _channels,
    "practice_gaps": _practice_gaps,
}
"""Each table by name; its file is the name with .csv."""


def _formula_like(value: str) -> bool:
    """Whether a spreadsheet could read the cell as a formula: also after the spaces it may
    skip, and with compatibility forms (fullwidth U+FF1D) folded to the ASCII ones."""
    if value.startswith(FORMULA_STARTS):
        return True
    return unicodedata.normalize("NFKC", value).lstrip(" ").startswith(FORMULA_STARTS)


def safe_cell(value: Cell) -> Cell:
    """A text cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and _formula_like(value):
        return "'" + value
    return value


def rows_csv(rows: Rows) -> str:
    """Rows as CSV text (RFC 4180 line ends), every text cell safe from formulas."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


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
