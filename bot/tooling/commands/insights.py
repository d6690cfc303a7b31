"""`python -m bot insights [purge]` (`make insights`): what practitioners asked in a date
range, as a summary and CSV files; and the purge of usage events past their retention."""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from pathlib import Path

from bot.insights import events as usage_events
from bot.insights import export as insights_export
from bot.insights.report import THEME, Insights, enough_for_a_rate, uncovered_topic_labels
from bot.insights.report import compute as compute_insights
from bot.settings import (
    ENV_INSIGHTS_RETENTION_DAYS,
    insights_low_confidence,
    insights_retention_days,
    load_settings,
)
from bot.tooling.commands.database import knowledge_store


def since_value(value: str) -> int | datetime.date:
    """--since: a number of days ("30d") or a date ("2026-01-01")."""
    days = re.fullmatch(r"([1-9]\d*)d", value)
    if days:
        return int(days[1])
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r}: give a number of days such as 30d, or a date such as 2026-01-01"
        ) from None


def date_value(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: give a date such as 2026-01-31") from None


def _listed(heading: str, lines: list[str]) -> list[str]:
    return [heading, *(lines or ["  none"])]


def _rate(part: int, whole: int) -> str:
    """A percentage, or the counts with a caution when too few for one to mean much."""
    if enough_for_a_rate(whole):
        return f"{part / whole:.1%}"
    return f"{part:,} of {whole:,}: too few for a rate"


def insights_summary(insights: Insights, top_key_messages: int = 5, top_groups: int = 3) -> str:
    """What the learning lead reads first; the CSV files hold the rest."""
    funnel = insights.funnel
    outcomes = insights.outcomes
    stopped = ", ".join(f"{step}: {count:,}" for step, count in funnel.stopped_at)
    ungrouped = insights.unanswered_ungrouped
    themes = [gap for gap in insights.practice_gaps if gap.kind == THEME]
    return "\n".join(
        [
            f"Insights {insights.start} to {insights.end} (UTC days, both included)",
            f"Questions: {insights.questions:,}; not understood: {insights.unanswered:,} "
            f"({_rate(insights.unanswered, insights.questions)})",
            f"Answered: {outcomes.all_answered:,}, of them with low confidence (below "
            f"{insights.low_confidence_below:g}): {outcomes.low_confidence:,}; outside the "
            f"audits' coverage: {outcomes.declined:,}",
            f"Not counted as questions (acknowledgements, corrections, workshop and quiz "
            f"answers, typed reasons): {outcomes.conversation_turns:,}",
            *_listed(
                "Most answered key messages:",
                [
                    f"  {item.answered:6,}  {item.title} ({item.theme})"
                    for item in insights.top_key_messages[:top_key_messages]
                ],
            ),
            *_listed(
                "Largest groups of unanswered questions:",
                [
                    f'  {group.size:6,}  {group.label}: "{group.examples[0]}"'
                    for group in insights.unanswered_groups[:top_groups]
                ]
                + ([f"  and {ungrouped:,} with no word left to group by"] if ungrouped else []),
            ),
            *_listed(
                "Topics outside the audits' coverage:",
                [
                    f"  {topic.questions:6,}  {topic.topic}"
                    for topic in insights.declined_topics[:top_groups]
                ],
            ),
            f"Escalation route finder: {funnel.started:,} started, "
            f"{funnel.situation_known:,} situation known, {funnel.completed:,} completed; "
            f"stopped at {stopped}",
            *_listed(
                "Least asked themes:",
                [f"  {gap.questions:6,}  {gap.theme}" for gap in reversed(themes[-3:])],
            ),
        ]
    )


def cmd_insights(args: argparse.Namespace) -> int:
    """Computes the insights of the range, prints the summary and writes the CSV files."""
    until = args.until or datetime.datetime.now(datetime.timezone.utc).date()
    start = (
        until - datetime.timedelta(days=args.since - 1)
        if isinstance(args.since, int)
        else args.since
    )
    if start > until:
        print(f"--since {start} is after --until {until}", file=sys.stderr)
        return 2
    try:
        low_confidence = insights_low_confidence()
    except ValueError as refused:
        print(refused, file=sys.stderr)
        return 2
    labels = uncovered_topic_labels(load_settings().knowledge_dir)
    with knowledge_store() as store:
        insights = compute_insights(store, start, until, low_confidence, labels)
    print(insights_summary(insights))
    written = insights_export.write(insights, Path(args.out))
    print(f"{len(written)} CSV files written to {args.out}")
    return 0


def cmd_insights_purge(_args: argparse.Namespace) -> int:
    """Deletes the usage events older than the retention period (RPA_INSIGHTS_RETENTION_DAYS)."""
    try:
        days = insights_retention_days()
    except ValueError as bad_setting:
        print(bad_setting, file=sys.stderr)
        return 2
    with knowledge_store() as store:
        purged = usage_events.purge(store, days)
    print(f"purged {purged} usage event(s) older than {days} days")
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `insights` command's options and its `purge` action, for bot/tooling/cli.py."""
    parser.add_argument(
        "--since",
        type=since_value,
        default=30,
        help="a number of days ending on --until (30d, the default), or a first date",
    )
    parser.add_argument(
        "--until", type=date_value, help="the last date, included (default: today, UTC)"
    )
    parser.add_argument("--out", default="results/insights", help="folder for the CSV files")
    actions = parser.add_subparsers(dest="action")
    actions.add_parser(
        "purge", help=f"delete usage events older than {ENV_INSIGHTS_RETENTION_DAYS}"
    )


def run(args: argparse.Namespace) -> int:
    """Handler for `python -m bot insights` and `python -m bot insights purge`."""
    return cmd_insights_purge(args) if args.action == "purge" else cmd_insights(args)
