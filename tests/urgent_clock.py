"""The clock table: at this UK time, for this message, the first local number the urgent
advice gives. Shared by the action tests and the REST, web chat and Teams tests, so every
channel is checked against the same clock (RPA_CLOCK), not around it."""

from __future__ import annotations

import re
from dataclasses import dataclass

MASH = "020 8356 5500"
CITY = "020 7332 3621"
EDT = "020 8356 2710"
LOCAL_NUMBERS = (MASH, CITY, EDT)
MAX_FIRST_MESSAGE_WORDS = 60


@dataclass(frozen=True)
class Row:
    clock: str
    """RPA_CLOCK: UK time."""
    message: str
    first: tuple[str, ...]
    """The local numbers the first message gives, in order; no other local number."""
    asked: str | None = None
    """The moment the message names ("on sunday"), as the first message must say it used."""

    @property
    def intent(self) -> str:
        """What the NLU makes of the message: a danger described, or asking for contacts."""
        return "immediate_risk" if self.message == DANGER else "ask_urgent_contacts"

    @property
    def id(self) -> str:
        return f"{self.clock} {self.message[:30]}"


HACKNEY = "worried about a child in Hackney, who do I call"
CITY_OF_LONDON = "who do I ring about a child in the City of London"
UNKNOWN = "who do i call if a child is not safe"
DANGER = "i can hear a toddler screaming behind a door and smoke coming out"

FALSE_ALARM = "she says her dad will hurt her tonight, she is a young carer for him, what do I do"
"""Danger words and a practice question: the urgent block, and a false alarm to undo."""
FALSE_ALARM_ANSWER = "young carer"
"""What the answer to FALSE_ALARM's question says."""
NOT_URGENT = "It's not urgent: answer my question"
"""The urgent block's button that undoes a false alarm."""
NOT_URGENT_TYPED = "it's not urgent"

WEEKDAY_10AM = "2026-12-02T10:30"  # a Wednesday
WEEKDAY_9AM = "2026-12-02T09:00"
WEEKDAY_501PM = "2026-12-02T17:01"
SATURDAY_MORNING = "2026-12-05T10:00"
BANK_HOLIDAY = "2026-08-31T11:00"  # the summer bank holiday, a Monday
BOXING_DAY_OBSERVED = "2026-12-28T11:00"  # a Monday, in lieu of Boxing Day
TWO_AM = "2026-12-03T02:00"

ROWS = (
    Row(WEEKDAY_10AM, HACKNEY, (MASH,)),
    Row(WEEKDAY_10AM, CITY_OF_LONDON, (CITY,)),
    Row(WEEKDAY_10AM, UNKNOWN, (MASH, CITY)),
    Row(WEEKDAY_9AM, HACKNEY, (MASH,)),
    Row(WEEKDAY_501PM, HACKNEY, (EDT,)),
    Row(WEEKDAY_501PM, CITY_OF_LONDON, (EDT,)),
    Row(WEEKDAY_501PM, UNKNOWN, (EDT,)),
    Row(SATURDAY_MORNING, HACKNEY, (EDT,)),
    Row(SATURDAY_MORNING, CITY_OF_LONDON, (EDT,)),
    Row(BANK_HOLIDAY, HACKNEY, (EDT,)),
    Row(BOXING_DAY_OBSERVED, UNKNOWN, (EDT,)),
    Row(TWO_AM, CITY_OF_LONDON, (EDT,)),
    Row(TWO_AM, UNKNOWN, (EDT,)),
    Row(TWO_AM, DANGER, (EDT,)),
    Row(WEEKDAY_10AM, DANGER, (MASH, CITY)),
    # A message that says when: the contact at that moment, and the moment said.
    Row(WEEKDAY_10AM, "who do I call about a child in Hackney on sunday", (EDT,), "Sunday 11:00"),
    Row(
        WEEKDAY_10AM,
        "who do i call for a child in the city of london at 2am",
        (EDT,),
        "Thursday 02:00",
    ),
    Row(SATURDAY_MORNING, "hackney front door number for monday at 10am", (MASH,), "Monday 10:00"),
    Row(WEEKDAY_10AM, "who do i ring on boxing day", (EDT,), "Saturday (bank holiday) 11:00"),
)


def local_numbers_in(text: str) -> tuple[str, ...]:
    """The local numbers a message gives, in the order it gives them."""
    found = sorted((text.index(number), number) for number in LOCAL_NUMBERS if number in text)
    return tuple(number for _, number in found)


def words(text: str) -> int:
    return len(re.findall(r"[\w'()]+", text))


def check_first_message(row: Row, text: str) -> None:
    """999 first, then exactly the row's numbers, in at most 60 words."""
    assert text.index("999") < min(text.index(n) for n in row.first), text
    assert local_numbers_in(text) == row.first, (row, text)
    assert words(text) <= MAX_FIRST_MESSAGE_WORDS, (words(text), text)
    if row.asked is not None:
        assert f"At the time you asked ({row.asked}" in text, (row, text)
    else:
        assert "To report a concern now (" in text, (row, text)
