"""Which urgent contact applies at a moment (bot/dialogue/urgent_contacts.py, bot/knowledge/
hours.py): office hours Monday to Friday 9am-5pm UK time except England and Wales bank
holidays, read from knowledge/contacts.yml; the area from the message."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.dialogue.urgent_contacts import applicable, moment_asked
from bot.knowledge.hours import Kind, is_bank_holiday, parse_hours
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.knowledge.validation import KnowledgeInvalid
from bot.safeguards.areas import areas_in
from bot.settings import ENV_CLOCK, UK_TIME, Settings, now

OFFICE = parse_hours("Monday-Friday 09:00-17:00, not bank holidays")


def at(text: str) -> datetime:
    return now({ENV_CLOCK: text})


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        ("2026-12-02T09:00", True),
        ("2026-12-02T16:59", True),
        ("2026-12-02T17:00", False),
        ("2026-12-02T17:01", False),
        ("2026-12-02T08:59", False),
        ("2026-12-05T11:00", False),  # Saturday
        ("2026-12-06T11:00", False),  # Sunday
        ("2026-08-31T11:00", False),  # summer bank holiday
        ("2026-12-28T11:00", False),  # Boxing Day, observed
        ("2027-03-26T11:00", False),  # Good Friday
        ("2026-12-29T11:00", True),
    ],
)
def test_office_hours_are_weekdays_9_to_5_except_bank_holidays(moment: str, open_: bool) -> None:
    assert OFFICE.open_at(at(moment)) is open_


def test_the_clock_setting_is_uk_time_unless_it_gives_an_offset() -> None:
    assert at("2026-07-01T09:30").utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert at("2026-07-01T08:30+00:00").hour == 9
    assert now({}).tzinfo is UK_TIME
    with pytest.raises(ValueError, match="RPA_CLOCK='tuesday'"):
        now({ENV_CLOCK: "tuesday"})


def test_bank_holidays_come_from_the_maintained_package() -> None:
    assert is_bank_holiday(datetime(2026, 5, 25).date())  # spring bank holiday
    assert not is_bank_holiday(datetime(2026, 3, 17).date())  # St Patrick's: not in England


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("office hours", "is not one of"),
        ("Monday-Funday 09:00-17:00", "'funday' is not a day"),
        ("Monday-Friday 17:00-09:00", "closes before it opens"),
        ("Monday-Friday 09:00-25:00", "is not a time of day"),
    ],
)
def test_hours_that_cannot_be_read_say_why(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_hours(text)
    assert parse_hours("always").kind is Kind.ALWAYS
    assert parse_hours("Out of hours").kind is Kind.OUT_OF_HOURS


def test_a_contact_with_unreadable_hours_or_area_is_reported_by_file_item_and_field(
    fixture_settings: Settings,
) -> None:
    path = fixture_settings.knowledge_dir / "contacts.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"Monday-Friday 09:00-17:00, not bank holidays"', '"weekdays"').replace(
            "area: Hackney", "area: Islington"
        ),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeInvalid) as raised:
        load_knowledge(fixture_settings, environ={})
    errors = str(raised.value)
    assert "contacts.yml:" in errors
    assert "urgent contact 'fixture-front-door', field 'hours': 'weekdays' is not one of" in errors
    assert "urgent contact 'fixture-front-door', field 'area': 'Islington'" in errors


@pytest.mark.parametrize(
    ("text", "areas"),
    [
        ("whats the number for hackney MASH", ("Hackney",)),
        ("child in the city of london needs a place of safety", ("City of London",)),
        ("late night worried about a child in the City", ("City of London",)),
        ("City one?", ("City of London",)),
        ("and for a city child", ("City of London",)),
        ("who do I ring", ()),
        ("City & Hackney safeguarding number", ()),
        ("hackney or city of london", ("Hackney", "City of London")),
        ("on a home visit in Clapton, dad is drunk", ("Hackney",)),
        ("a flat on the Golden Lane estate", ("City of London",)),
        ("outside St Paul's", ("City of London",)),
        ("sorry I'm City of London not Hackney", ("City of London",)),
        ("not in hackney, near the barbican", ("City of London",)),
        ("we're in Hackney rather than the City", ("Hackney",)),
    ],
)
def test_the_area_comes_from_the_message(text: str, areas: tuple[str, ...]) -> None:
    assert areas_in(text) == areas


def test_each_area_gets_the_contact_open_now(settings: Settings) -> None:
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        contacts = store.urgent_contacts(session)
        office = applicable(contacts, at("2026-12-02T10:00"))
        assert [(a.area, a.contact.id) for a in office] == [
            ("Hackney", "hackney-mash"),
            ("City of London", "city-of-london-children-and-families"),
        ]
        night = applicable(contacts, at("2026-12-02T23:00"), ("City of London",))
        assert [(a.contact.id, a.out_of_hours) for a in night] == [("emergency-duty-team", True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("which one do i ring at 2am", "2026-12-03T02:00"),  # asked at 23:00: the coming night
        ("what about at 10.30pm", "2026-12-02T22:30"),
        ("and on saturday morning", "2026-12-05T10:00"),
        ("what about the weekend", "2026-12-05T11:00"),
        ("on the bank holiday", "2026-12-25T11:00"),
        ("tomorrow at 9am", "2026-12-03T09:00"),
        ("at 14:00 on friday", "2026-12-04T14:00"),
        ("who is open on easter monday", "2027-03-29T11:00"),  # by the package's names
        ("on boxing day", "2026-12-26T11:00"),
        ("sunday night", "2026-12-06T22:00"),
        ("tmrw morning", "2026-12-03T10:00"),
        ("who do i call outside office hours", "2026-12-03T20:00"),
        ("Out-of-hours social care line?", "2026-12-03T20:00"),
        ("who covers after hours", "2026-12-03T20:00"),
        ("number for out of hrs", "2026-12-03T20:00"),
        ("its half 2 in the morning, who do i ring", "2026-12-03T02:30"),
        ("who covers at 10 at night", "2026-12-03T22:00"),
        ("4 in the afternoon on friday", "2026-12-04T16:00"),
        ("ringing after normal working hours", "2026-12-03T20:00"),
        ("who do I ring", None),
        ("ooh team number", "2026-12-03T20:00"),
        ("ooh what about the weekend", "2026-12-05T11:00"),  # "ooh" said, not the time
        ("oooh, what about siblings", None),
        ("who picks up a strategy discussion at 0300", "2026-12-03T03:00"),  # the 24-hour clock
        ("0115hrs, who", "2026-12-03T01:15"),
        ("who do i ring in the evning", "2026-12-03T19:00"),
        ("night time no. please", "2026-12-03T22:00"),
        ("ring 0300 123 4567", None),  # a phone number, no time
        ("ring the mash at 0207 356 5500", None),  # "at" before a phone number, no time
        ("who do we phone at 11 tonight", "2026-12-02T23:00"),  # "11 tonight" is pm
        ("which team at 2 tonight", "2026-12-03T02:00"),  # the small hours
    ],
)
def test_the_moment_a_follow_up_asks_about(text: str, expected: str | None) -> None:
    asked = moment_asked(text, at("2026-12-02T23:00"))
    assert (asked.isoformat()[:16] if asked else None) == expected


def test_office_hours_asked_at_the_weekend_are_the_next_working_day() -> None:
    asked = moment_asked("city of london contact in office hours", at("2026-12-05T10:00"))
    assert asked is not None and asked.isoformat()[:16] == "2026-12-07T11:00"


@pytest.mark.parametrize(
    ("told", "clock", "expected"),
    [
        # told a little before the clock: today's, never the next day's
        ("9am", "2026-12-04T09:45", "2026-12-04T09:00"),
        ("18:30", "2026-12-04T19:10", "2026-12-04T18:30"),
    ],
)
def test_the_time_told_as_now_is_today(told: str, clock: str, expected: str) -> None:
    """Review of round 41: "it's 9am" at 09:45 on a Friday was read as Saturday 09:00, out of
    hours, and MASH (open) was left out."""
    asked = moment_asked(told, at(clock), ahead=False)
    assert asked is not None and asked.isoformat()[:16] == expected
    # asked as a time to call, it is the next such moment
    ahead = moment_asked(told, at(clock))
    assert ahead is not None and ahead.isoformat()[:16] > expected
