"""Which urgent contact applies now: the area a message names (Hackney, the City of London, or
neither: then both) and the contact open at that moment, from the hours in
knowledge/contacts.yml.

At 2am the only local number that answers is the Emergency Duty Team's, so it must come
first, not last in a list of four.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.knowledge.hours import DAYS, Hours, Kind, bank_holiday_named, is_bank_holiday, parse_hours
from bot.knowledge.models import UrgentContact
from bot.knowledge.schema import ANY_AREA, AREAS, BOTH_AREAS
from bot.safeguards.safety import without_interjections


@dataclass(frozen=True)
class Applicable:
    """The local contact that answers at a moment for one area."""

    area: str
    contact: UrgentContact
    out_of_hours: bool


def _serves(contact: UrgentContact, area: str) -> bool:
    return contact.area in (area, BOTH_AREAS)


def hours_of(contact: UrgentContact) -> Hours:
    return parse_hours(contact.hours)


def emergency_contact(contacts: Sequence[UrgentContact]) -> UrgentContact | None:
    """The number for any area at any time (999)."""
    return next(
        (c for c in contacts if c.area == ANY_AREA and hours_of(c).kind is Kind.ALWAYS), None
    )


def applicable(
    contacts: Sequence[UrgentContact], moment: datetime, areas: Sequence[str] = ()
) -> list[Applicable]:
    """For each area (both when none is named), the local contact that answers at `moment`:
    an office-hours contact that is open, else the out-of-hours one."""
    found = []
    for area in areas or AREAS:
        local = [c for c in contacts if _serves(c, area)]
        open_office = [
            c for c in local if hours_of(c).kind is Kind.OFFICE and hours_of(c).open_at(moment)
        ]
        if open_office:
            found.append(Applicable(area, open_office[0], out_of_hours=False))
            continue
        fallback = [c for c in local if hours_of(c).kind in (Kind.OUT_OF_HOURS, Kind.ALWAYS)]
        if fallback:
            found.append(Applicable(area, fallback[0], out_of_hours=True))
    return found


def describe_moment(moment: datetime, out_of_hours: bool) -> str:
    """ "Saturday 11:05, out of hours" as the person would say it."""
    clock = moment.strftime("%H:%M")
    day = DAYS[moment.weekday()].capitalize()
    if is_bank_holiday(moment.date()):
        day += " (bank holiday)"
    return f"{day} {clock}, {'out of hours' if out_of_hours else 'office hours'}"


_HOUR = re.compile(
    r"\b(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)"
    r"|\b(?P<h24>[01]?\d|2[0-3])[:.](?P<m24>\d{2})\b"
    # the 24-hour clock without a colon, said as one: "at 0300", "0200hrs" (not a phone number)
    r"|(?:\bat\s+)(?P<h4>[01]\d|2[0-3])(?P<m4>[0-5]\d)\b(?!\s*\d)"
    r"|\b(?P<h4hrs>[01]\d|2[0-3])(?P<m4hrs>[0-5]\d)\s*(?:hrs|hours|h)\b",
    re.IGNORECASE,
)
_PARTS_OF_DAY = (
    (re.compile(r"\bmidnight\b", re.I), time(0, 0)),
    (re.compile(r"\b(?:middle of the night|overnight|at night|in the night)\b", re.I), time(2)),
    (re.compile(r"\b(?:tonight|this evening|eve?ning|after work|after 5)\b", re.I), time(19)),
    (re.compile(r"\bnight(?:\s*time)?\b", re.I), time(22)),
    (re.compile(r"\bnoon|midday|lunchtime\b", re.I), time(12)),
    (re.compile(r"\bmorning\b", re.I), time(10)),
    (re.compile(r"\bafternoon\b", re.I), time(15)),
    # "outside office hours" before "office hours", which it contains; "out-of-hours",
    # "out of hrs", "after hours": the same moment in the words people type
    (
        re.compile(
            r"\b(?:out[\s-]+of[\s-]+(?:hours|hrs)|ooh|after[\s-]+(?:hours|hrs)"
            r"|(?:outside|after)\s+(?:normal\s+|usual\s+)?(?:office|working|normal)\s+(?:hours|hrs))\b",
            re.I,
        ),
        time(20),
    ),
    (
        re.compile(r"\b(?:office hours|working hours|in hours|daytime|during the day)\b", re.I),
        time(11),
    ),
)
_WORKING_DAY = _PARTS_OF_DAY[-1][0]
"""Asked "in office hours" with no day: the next working day, not a Saturday's 11am."""
_WEEKEND = re.compile(r"\bweekends?\b", re.IGNORECASE)
_BANK_HOLIDAY = re.compile(r"\bbank\s+hol(?:iday)?s?\b", re.IGNORECASE)
_TOMORROW = re.compile(r"\b(?:tomorrow|tmrw|tmr|tomoz|2moro)\b", re.IGNORECASE)
_DAY_NAMES = re.compile(r"\b(" + "|".join(DAYS) + r")\b", re.IGNORECASE)


_SCHOOL_HOLIDAY = re.compile(
    r"\bhalf[\s-]*terms?\b|\binset\s+days?\b|\bterm\s+break\b"
    r"|\b(?:school|summer|easter|christmas|xmas|october|february|may)\s+(?:holidays?|hols|break)\b"
    r"|\bschools?\s+(?:is\s+|are\s+|s\s+)?(?:shut|closed|out|off)\b",
    re.IGNORECASE,
)
"""A school holiday named: half term, the summer holidays, an INSET day, "when the school is
shut". The services keep their own hours: a school holiday's weekday is a working day."""


def names_school_holiday(text: str) -> bool:
    """Whether the message asks about a school holiday, which does not change who answers
    (only a bank holiday does, and bank_holiday_named reads those)."""
    return _SCHOOL_HOLIDAY.search(text) is not None


def moment_asked(text: str, now: datetime, ahead: bool = True) -> datetime | None:
    """The moment a message asks about ("which one at 2am", "what about the weekend",
    "saturday morning", "easter monday"), the next such moment from `now`; None when it
    names none. A time told as the time it is (`ahead` False: "it's 9am" at 09:45) is today's,
    never moved to the next day: the services open now are the ones to call."""
    text = without_interjections(text)
    day = _day_asked(text, now)
    at = _time_asked(text)
    if day is None and at is None:
        return None
    if at is None:
        at = time(11)  # a day named on its own: the middle of its working day
    start = now.date() if day is None else day
    moment = datetime.combine(start, at, tzinfo=now.tzinfo)
    if ahead and day is None and moment < now - timedelta(minutes=30):
        moment += timedelta(days=1)  # "at 2am" asked at 11pm: the coming night
    if ahead and day is None and _WORKING_DAY.search(text) and not _HOUR.search(text):
        while moment.weekday() >= 5 or is_bank_holiday(moment.date()):
            moment += timedelta(days=1)
    return moment


def _day_asked(text: str, now: datetime) -> date | None:
    today = now.date()
    holiday = bank_holiday_named(text, today)
    if holiday is not None:
        return holiday
    if _BANK_HOLIDAY.search(text):
        day = today
        while not is_bank_holiday(day):
            day += timedelta(days=1)
        return day
    if _WEEKEND.search(text):
        days_ahead = (5 - today.weekday()) % 7 if today.weekday() != 6 else 0
        return today + timedelta(days=days_ahead)
    named = _DAY_NAMES.search(text)
    if named:
        days_ahead = (DAYS.index(named.group(1).lower()) - today.weekday()) % 7
        return today + timedelta(days=days_ahead)
    if _TOMORROW.search(text):
        return today + timedelta(days=1)
    return None


_SPOKEN_HOUR = re.compile(
    r"\b(?:(?P<past>half|quarter)\s+(?:past\s+)?)?(?P<hour>\d{1,2})\s+"
    r"(?:in\s+the\s+(?P<part>morning|afternoon|evening)|(?P<night>at\s+night)|(?P<tonight>tonight))\b",
    re.IGNORECASE,
)
"""An hour said with the part of the day: "half 1 in the morning", "10 at night", "11 tonight"."""


def _spoken_hour(text: str) -> time | None:
    match = _SPOKEN_HOUR.search(text)
    if match is None or int(match["hour"]) > 12:
        return None
    hour = int(match["hour"]) % 12
    if ((match["night"] or match["tonight"]) and hour >= 6) or (match["part"] or "").lower() in (
        "afternoon",
        "evening",
    ):
        hour += 12
    minute = {"half": 30, "quarter": 15}.get((match["past"] or "").lower(), 0)
    return time(hour, minute)


def _time_asked(text: str) -> time | None:
    spoken = _spoken_hour(text)
    if spoken is not None:
        return spoken
    match = _HOUR.search(text)
    if match and match["hour"]:
        hour, minute = int(match["hour"]) % 12, int(match["minute"] or 0)
        if match["half"].lower().startswith("p"):
            hour += 12
        if minute < 60:
            return time(hour, minute)
    if match and match["h24"]:
        return time(int(match["h24"]), int(match["m24"]) % 60)
    if match and (match["h4"] or match["h4hrs"]):
        return time(int(match["h4"] or match["h4hrs"]), int(match["m4"] or match["m4hrs"]))
    for pattern, at in _PARTS_OF_DAY:
        if pattern.search(text):
            return at
    return None
