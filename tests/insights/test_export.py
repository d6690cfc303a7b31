"""Every table as a CSV file a spreadsheet opens safely: what practitioners typed can never
run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from bot.insights.events import stored_text
from bot.insights.export import csv_files, write
from bot.insights.grouping import UnansweredGroup
from bot.insights.report import (
    NOT_COVERED,
    DeclinedTopic,
    Funnel,
    Helpfulness,
    Insights,
    KeyMessageCount,
    Outcomes,
    ThemeGap,
    WeekRate,
    WeekThemeCount,
)
from bot.web.responses import safe_cell

MONDAY = date(2026, 3, 9)
INSIGHTS = Insights(
    start=date(2026, 3, 4),
    end=date(2026, 3, 17),
    questions=8,
    questions_by_week_and_theme=(
        WeekThemeCount(MONDAY, "Engaging families", 5),
        WeekThemeCount(MONDAY, "Not understood", 3),
    ),
    top_key_messages=(
        KeyMessageCount("disguised-compliance", "Disguised compliance", "Engaging families", 5),
    ),
    unanswered_by_week=(WeekRate(MONDAY, 8, 3),),
    unanswered_groups=(
        UnansweredGroup("FGM", 2, ('=HYPERLINK("http://x","FGM")', "what are the signs of FGM")),
        UnansweredGroup("@SUM(A1)", 1, ("+44 what now",)),
    ),
    helpfulness=(
        Helpfulness(
            "disguised-compliance",
            "Disguised compliance",
            helpful=1,
            not_helpful=2,
            reasons=(("Not enough detail", 1), ("Typed", 2)),
            typed_reasons=("-1 too long", 'wanted, a "number"'),
        ),
    ),
    funnel=Funnel(
        started=4,
        situation_known=3,
        completed=2,
        stopped_at=(("What is wrong", 1), ("What you have tried", 0)),
        completed_by_route=(("Professionals disagree about a decision", 2),),
    ),
    channels=(("webchat", 6), ("unknown", 2)),
    practice_gaps=(
        ThemeGap("Engaging families", 5, 1.0, helpful=1, not_helpful=2),
        ThemeGap("Information sharing", 0, 0.0, helpful=0, not_helpful=0),
        ThemeGap("lone working", 2, 0.2, 0, 0, NOT_COVERED),
    ),
    outcomes=Outcomes(
        answered=4, low_confidence=1, declined=2, not_understood=3, turns=(("Quiz letters", 5),)
    ),
    declined_topics=(DeclinedTopic("lone working", 2, ("lone working at night", "=1+1")),),
)


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_every_table_is_a_file_with_a_header_and_its_rows() -> None:
    files = {name: rows(text) for name, text in csv_files(INSIGHTS).items()}
    assert files == {
        "questions_by_week_and_theme.csv": [
            ["week", "theme", "questions"],
            ["2026-03-09", "Engaging families", "5"],
            ["2026-03-09", "Not understood", "3"],
        ],
        "top_key_messages.csv": [
            ["rank", "key_message_id", "title", "theme", "answered"],
            ["1", "disguised-compliance", "Disguised compliance", "Engaging families", "5"],
        ],
        "unanswered_by_week.csv": [
            ["week", "questions", "unanswered", "unanswered_rate", "declined"],
            ["2026-03-09", "8", "3", "", "0"],  # too few questions for a rate
        ],
        "unanswered_groups.csv": [
            ["label", "size", *(f"example_{n}" for n in range(1, 6))],
            ["FGM", "2", '\'=HYPERLINK("http://x","FGM")', "what are the signs of FGM", "", "", ""],
            ["'@SUM(A1)", "1", "'+44 what now", "", "", "", ""],
        ],
        "helpfulness.csv": [
            ["key_message_id", "title", "helpful", "not_helpful", "reasons", "typed_reasons"],
            [
                "disguised-compliance",
                "Disguised compliance",
                "1",
                "2",
                "Not enough detail: 1; Typed: 2",
                '\'-1 too long | wanted, a "number"',
            ],
        ],
        "escalation_funnel.csv": [
            ["measure", "detail", "count"],
            ["started", "", "4"],
            ["situation_known", "", "3"],
            ["completed", "", "2"],
            ["stopped_at", "What is wrong", "1"],
            ["stopped_at", "What you have tried", "0"],
            ["completed_by_route", "Professionals disagree about a decision", "2"],
        ],
        "channels.csv": [["channel", "questions"], ["webchat", "6"], ["unknown", "2"]],
        "practice_gaps.csv": [
            [
                "theme",
                "kind",
                "questions",
                "share_of_questions",
                "helpful",
                "not_helpful",
                "helped_rate",
            ],
            # 7 questions and 3 ratings: too few for a rate, so no "100%" or "0%"
            ["Engaging families", "theme", "5", "", "1", "2", ""],
            ["Information sharing", "theme", "0", "", "0", "0", ""],
            ["lone working", "not covered", "2", "", "0", "0", ""],
        ],
        "outcomes.csv": [
            ["outcome", "count", "counted_as_question"],
            ["answered", "4", "yes"],
            ["answered_low_confidence", "1", "yes"],
            ["declined_outside_coverage", "2", "yes"],
            ["not_understood", "3", "yes"],
            ["cases_audits_good_practice_route_finder", "0", "yes"],
            ["Quiz letters", "5", "no"],
        ],
        "declined_topics.csv": [
            ["topic", "questions", *(f"example_{n}" for n in range(1, 6))],
            ["lone working", "2", "lone working at night", "'=1+1", "", "", ""],
        ],
    }


def test_a_cell_that_would_run_as_a_formula_starts_with_an_apostrophe() -> None:
    for text in ("=1+1", "+44 20", "-2", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(text) == "'" + text
    for text in ("what is FGM", "", "1+1", "it's = fine"):
        assert safe_cell(text) == text
    assert safe_cell(-3) == -3  # numbers the report computed are written as numbers


def test_a_formula_behind_spaces_or_in_fullwidth_form_is_guarded_too() -> None:
    """Security review finding 14: "<=1+1" was stored as " =1+1"; "\uff1d1+1" passed as is."""
    for text in (" =1+1", "  +1", "\uff1d1+1", "\uff0bcmd"):
        assert safe_cell(text) == "'" + text
    assert stored_text("<=1+1") == "=1+1"


def test_files_are_written_for_a_spreadsheet(tmp_path: Path) -> None:
    written = write(INSIGHTS, tmp_path / "insights")
    assert sorted(path.name for path in written) == sorted(csv_files(INSIGHTS))
    raw = (tmp_path / "insights" / "channels.csv").read_bytes()
    assert raw == b"\xef\xbb\xbfchannel,questions\r\nwebchat,6\r\nunknown,2\r\n"
