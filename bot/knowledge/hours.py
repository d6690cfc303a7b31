"""When an urgent contact answers, written in knowledge/contacts.yml as the partnership can
change it: `always`, `out of hours`, or days and times such as
`Monday-Friday 09:00-17:00, not bank holidays`.

Bank holidays are England and Wales's, from the maintained `holidays` package rather than a
hand-written list that would go stale; times are UK time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum
from functools import lru_cache

import holidays

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ALWAYS = "always"
OUT_OF_HOURS = "out of hours"
NOT_BANK_HOLIDAYS = "not bank holidays"
_TIMES = re.compile(
    r"^(?P<first>[a-z]+)(?:\s*-\s*(?P<last>[a-z]+))?\s+"
    r"(?P<opens>\d{1,2}:\d{2})\s*-\s*(?P<closes>\d{1,2}:\d{2})"
    r"(?:\s*,\s*(?P<bank>not bank holidays))?$"
)
FORMS = (
    f"`{ALWAYS}`, `{OUT_OF_HOURS}` or days and times such as "
    f"`Monday-Friday 09:00-17:00, {NOT_BANK_HOLIDAYS}`"
)


class Kind(Enum):
    ALWAYS = "always"
    OFFICE = "office"
    """Open on the days and times given."""
    OUT_OF_HOURS = "out of hours"
    """Open whenever the area's office-hours contact is closed."""


@dataclass(frozen=True)
class Hours:
    kind: Kind
    days: frozenset[int] = frozenset()
    """Weekday numbers, Monday 0."""
    opens: time = time(0)
    closes: time = time(0)
    closed_on_bank_holidays: bool = False

    def open_at(self, moment: datetime) -> bool:
        """Whether an office-hours contact answers at `moment` (UK time); the other kinds
        are decided by the caller: always open, or open when the office is not."""
        if self.kind is Kind.ALWAYS:
            return True
        if self.kind is Kind.OUT_OF_HOURS:
            return False
        if moment.weekday() not in self.days:
            return False
        if self.closed_on_bank_holidays and is_bank_holiday(moment.date()):
            return False
        return self.opens <= moment.time() < self.closes


def parse_hours(text: str) -> Hours:
    """The hours a contact's `hours` field gives; ValueError says what is wrong."""
    value = " ".join(text.strip().lower().split())
    if value == ALWAYS:
        return Hours(Kind.ALWAYS)
    if value == OUT_OF_HOURS:
        return Hours(Kind.OUT_OF_HOURS)
    match = _TIMES.match(value)
    if match is None:
        raise ValueError(f"{text!r} is not one of {FORMS}")
    first, last = match["first"], match["last"] or match["first"]
    for day in (first, last):
        if day not in DAYS:
            raise ValueError(f"{text!r}: {day!r} is not a day of the week")
    opens, closes = _time(match["opens"], text), _time(match["closes"], text)
    if closes <= opens:
        raise ValueError(f"{text!r}: closes before it opens")
    start, end = DAYS.index(first), DAYS.index(last)
    days = range(start, end + 1) if start <= end else [*range(start, 7), *range(0, end + 1)]
    return Hours(Kind.OFFICE, frozenset(days), opens, closes, match["bank"] is not None)


def _time(value: str, text: str) -> time:
    hour, minute = (int(part) for part in value.split(":"))
    if hour > 23 or minute > 59:
        raise ValueError(f"{text!r}: {value} is not a time of day")
    return time(hour, minute)


@lru_cache(maxsize=8)
def _bank_holidays(year: int) -> holidays.HolidayBase:
    # England's bank holidays are also Wales's (the package lists them under subdivision ENG).
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def bank_holiday_named(text: str, start: date) -> date | None:
    """The first bank holiday from `start` whose name the text gives ("easter monday",
    "boxing day", "new year's day"), by the package's own names."""
    said = " ".join(text.lower().replace("\u2019", "").replace("'", "").split())
    named = [
        day
        for year in (start.year, start.year + 1)
        for day, name in _bank_holidays(year).items()
        if day >= start and name.split(" (")[0].lower().replace("'", "") in said
    ]
    return min(named, default=None)
