"""The date range the insights page shows: read from its form's from/to, with what is wrong
said in words the reader can act on, and written back into its links."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

DEFAULT_DAYS = 30
"""The range shown when none is asked for: the last 30 days, today included."""
MAX_DAYS = 5 * 366
"""Longer than events are kept (RPA_INSIGHTS_RETENTION_DAYS, two years by default), and short
enough that one request cannot ask for a table of thousands of weeks."""
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class BadRange(ValueError):
    """The date range asked for cannot be shown; the message says why, for the reader."""


def day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def parse_range(start: str | None, end: str | None, today: date) -> tuple[date, date]:
    """The inclusive range from the form's from/to (YYYY-MM-DD), defaulting to the last
    DEFAULT_DAYS days; BadRange says what is wrong in words the reader can act on."""

    def parse(value: str | None, name: str, default: date) -> date:
        if not value or not value.strip():
            return default
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise BadRange(
                f"The {name} date “{value.strip()[:40]}” is not a date: use the form "
                "YYYY-MM-DD, for example 2025-03-31."
            ) from None

    last = parse(end, "to", today)
    if not EARLIEST <= last <= LATEST:
        raise BadRange(f"Choose dates from {EARLIEST.year} to {LATEST.year}.")
    first = parse(start, "from", last - timedelta(days=DEFAULT_DAYS - 1))
    if not EARLIEST <= first <= LATEST:
        raise BadRange(f"Choose dates from {EARLIEST.year} to {LATEST.year}.")
    if first > last:
        raise BadRange(f"The from date ({day(first)}) is after the to date ({day(last)}).")
    if (last - first).days >= MAX_DAYS:
        raise BadRange(f"Choose a range of at most {MAX_DAYS} days (five years).")
    return first, last


def range_query(start: date, end: date) -> str:
    return urlencode({"from": start.isoformat(), "to": end.isoformat()})
