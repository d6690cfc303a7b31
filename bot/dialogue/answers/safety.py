"""Urgent advice and the privacy warning: what must come before any learning.

The first urgent message is short enough to read on a phone at 2am without scrolling: 999,
then the one local number that answers now; the other contacts are one tap away.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.dialogue.replies import CALL_999, Button, Reply, bullets, payload
from bot.dialogue.urgent_contacts import Applicable, applicable, describe_moment, hours_of
from bot.knowledge.hours import Kind
from bot.knowledge.models import KeyMessage, UrgentContact
from bot.knowledge.schema import BOTH_AREAS
from bot.names import (
    ALL_URGENT_CONTACTS_INTENT,
    HELP_INTENT,
    KEY_MESSAGE_SLOT,
    LEARNING_INTENT,
    NOT_URGENT_INTENT,
)

TO_BE_CONFIRMED = "(to be confirmed by the partnership)"
CANNOT_CONTACT = "This assistant cannot contact anyone for you."
ALL_CONTACTS_BUTTON = Button("All urgent contacts", payload(ALL_URGENT_CONTACTS_INTENT))
NOT_URGENT_BUTTON = Button("It's not urgent: answer my question", payload(NOT_URGENT_INTENT))
URGENT_BUTTONS = (ALL_CONTACTS_BUTTON, NOT_URGENT_BUTTON)
REPORT_NOW = "To report a concern now"
STILL_URGENT = "This still sounds urgent."
URGENT_LINE_START = f"**{CALL_999}** {REPORT_NOW}"
"""How the one line of urgent advice before an answer begins (the evaluation counts it)."""


def _short_name(contact: UrgentContact) -> str:
    """The name up to its first comma: "Hackney Multi-Agency Safeguarding Hub (MASH)"."""
    return contact.name.split(",")[0]


def _number(contact: UrgentContact, confirm: bool = True) -> str:
    """`confirm`: say after the number when it is unconfirmed; False when the message says it
    once for all its numbers (_confirm_note)."""
    note = f" {TO_BE_CONFIRMED}" if confirm and contact.unconfirmed else ""
    return f"{_short_name(contact)}: **{contact.phone}**{note}"


def _confirm_note(contacts: Sequence[UrgentContact]) -> str:
    """Once for every number of a message, not after each: a phone shows the numbers."""
    return f"\n\nLocal numbers {TO_BE_CONFIRMED}." if any(c.unconfirmed for c in contacts) else ""


def _applicable_lines(found: Sequence[Applicable], moment: datetime) -> str:
    """ "Now (Saturday 11:05, out of hours), for a child in Hackney: ..." or one line per
    area when the areas' numbers differ."""
    if not found:
        return ""
    out_of_hours = all(item.out_of_hours for item in found)
    when = describe_moment(moment, out_of_hours)
    contacts = list(dict.fromkeys(item.contact.id for item in found))
    areas = " or the ".join(item.area for item in found).replace("the Hackney", "Hackney")
    if len(contacts) == 1:
        return f"({when}) for a child in {areas}: {_number(found[0].contact)}"
    return f"({when}):\n\n" + bullets([_with_area(item) for item in found])


def _with_area(item: Applicable, confirm: bool = True) -> str:
    """ "City of London: <number>", unless the contact's name already says the area."""
    named = _short_name(item.contact)
    prefix = "" if item.area.lower() in named.lower() else f"{item.area}: "
    return f"{prefix}{_number(item.contact, confirm)}"


def urgent_advice(
    contacts: Sequence[UrgentContact],
    moment: datetime,
    areas: Sequence[str] = (),
    asked: bool = False,
) -> list[Reply]:
    """The first urgent message: 999, then the number that applies for the area now, or at
    the moment the message `asked` about ("on sunday", "at 2am"), saying which it used."""
    lines = _applicable_lines(applicable(contacts, moment, areas), moment)
    when = "At the time you asked" if asked else REPORT_NOW
    text = f"**{CALL_999}**\n\n{when} {lines}\n\n{CANNOT_CONTACT}"
    return [Reply(text, URGENT_BUTTONS)]


def named_contacts_advice(
    named: Sequence[UrgentContact],
    contacts: Sequence[UrgentContact],
    moment: datetime,
    areas: Sequence[str] = (),
    not_held: str | None = None,
) -> list[Reply]:
    """A contact asked for by name ("number for EDT hackney", "what time does the EDT
    start?"): that one first with when it answers, from knowledge/contacts.yml, whatever the
    clock says; then the one that answers now, when that is another. `not_held`: a detail
    asked for that the contacts do not hold ("the MASH email"), said to be missing first, so
    the number is not taken for it."""
    lines = [f"{_number(c, confirm=False)}, for {c.when}{_outside(c, contacts)}." for c in named]
    if not_held is not None:
        names = " or ".join(_short_name(c) for c in named)
        lines.insert(0, f"I hold no {not_held} for {names}, only the phone number:")
    now = applicable(contacts, moment, areas)
    given = list(named)
    if now and not {item.contact.id for item in now} & {contact.id for contact in named}:
        lines.append(_now_line(now))
        given += [item.contact for item in now]
    text = f"**{CALL_999}**\n\n" + "\n\n".join(lines) + _confirm_note(given)
    return [Reply(text, URGENT_BUTTONS)]


def _now_line(now: Sequence[Applicable]) -> str:
    """After a contact asked for by name, the one that answers now, on one line: its name when
    one contact answers for every area, else each area's number (the names are one tap away),
    so the number asked for and the one for now both fit on a phone (60 words)."""
    contacts = list({item.contact.id: item.contact for item in now}.values())
    if len(contacts) == 1:
        return f"Now: {_number(contacts[0], confirm=False)}."
    return "Now: " + "; ".join(f"{item.area} **{item.contact.phone}**" for item in now) + "."


def _outside(contact: UrgentContact, contacts: Sequence[UrgentContact]) -> str:
    """An out-of-hours contact's hours, as the hours of the office-hours contacts it stands in
    for: " (outside Monday-Friday 09:00-17:00, not bank holidays)"."""
    if hours_of(contact).kind is not Kind.OUT_OF_HOURS:
        return ""
    office = dict.fromkeys(
        other.hours
        for other in contacts
        if hours_of(other).kind is Kind.OFFICE
        and (contact.area == BOTH_AREAS or other.area == contact.area)
    )
    return f" (outside {' and '.join(office)})" if office else ""


def contacts_at(
    contacts: Sequence[UrgentContact], moment: datetime, areas: Sequence[str] = ()
) -> list[Reply]:
    """ "which one do I ring at 2am": the one that answers then."""
    lines = _applicable_lines(applicable(contacts, moment, areas), moment)
    text = f"Then {lines}\n\n{CALL_999}"
    return [Reply(text, URGENT_BUTTONS)]


def school_holiday_note(contacts: Sequence[UrgentContact]) -> Reply:
    """Half term or the school holidays asked about: the services' hours do not follow the
    schools', so a holiday weekday is office hours and its evening the out-of-hours line's
    (issue 20: "at half term when the school is shut, who do parents or staff ring")."""
    office = " and ".join(
        dict.fromkeys(c.hours for c in contacts if hours_of(c).kind is Kind.OFFICE)
    )
    after = next((_short_name(c) for c in contacts if hours_of(c).kind is Kind.OUT_OF_HOURS), None)
    later = f"; evenings, weekends and bank holidays, the {after}" if after else ""
    return Reply(
        f"School holidays and half term do not change these hours: a weekday in the holidays "
        f"is office hours ({office}){later}."
    )


def urgent_acknowledged(thanked: bool = False) -> list[Reply]:
    """ "ok cheers" after urgent advice: no second block, the 999 reminder only, taken as the
    thanks or the sign-off it is ("OK." alone read as if the thanks went unheard). The
    reminder after every urgent block, a number asked for as much as a danger described
    (issue 20, item 4): whoever asked for the number may be about to need it."""
    opening = "You're welcome. Take care." if thanked else "Take care."
    return [Reply(f"{opening} {CALL_999}", (ALL_CONTACTS_BUTTON,))]


def urgent_reminder(
    contacts: Sequence[UrgentContact],
    moment: datetime,
    areas: Sequence[str] = (),
    meant: KeyMessage | None = None,
) -> list[Reply]:
    """A typed follow-up while it is still urgent: the number again, shorter, with the
    learning it may have meant one tap away."""
    now = _applicable_lines(applicable(contacts, moment, areas), moment)
    text = (
        f"{STILL_URGENT} **If the child is in danger now, call 999.** Otherwise "
        f"report your concern by phone now {now}"
    )
    learning = (
        (
            Button(
                f"Not urgent: {meant.title}",
                payload(LEARNING_INTENT, **{KEY_MESSAGE_SLOT: meant.id}),
            ),
        )
        if meant
        else ()
    )
    return [Reply(text, learning + URGENT_BUTTONS)]


def repeat_avoided(
    contacts: Sequence[UrgentContact], moment: datetime, areas: Sequence[str] = ()
) -> list[Reply]:
    """What is said instead of the same urgent message twice in a row: shorter, the number
    still there."""
    numbers = "; ".join(
        dict.fromkeys(_number(item.contact) for item in applicable(contacts, moment, areas))
    )
    return [Reply(f"{CALL_999} The number for now: {numbers}.", URGENT_BUTTONS)]


def urgent_line(
    contacts: Sequence[UrgentContact], moment: datetime, areas: Sequence[str] = ()
) -> Reply:
    """One line before the answer to a practice question that mentions risk."""
    found = applicable(contacts, moment, areas)
    numbers = "; ".join(dict.fromkeys(_number(item.contact) for item in found))
    return Reply(f"{URGENT_LINE_START}: {numbers}.", (ALL_CONTACTS_BUTTON,))


def _widest(sources: Iterable[str]) -> list[str]:
    """Each source once, leaving out one that another already says in full: the City's page is
    named within the Hackney front door's source, which names both pages."""
    unique = list(dict.fromkeys(sources))
    return [s for s in unique if not any(s != other and s in other for other in unique)]


def contact_lines(contacts: Sequence[UrgentContact]) -> str:
    """The numbers with when each answers, then where the unconfirmed ones come from: a number
    copied from a public page is never presented as verified."""
    lines = bullets([f"{contact.name}: {contact.phone} ({contact.when})" for contact in contacts])
    sources = _widest(contact.source for contact in contacts if contact.unconfirmed)
    if sources:
        lines += (
            f"\n\nThe local numbers are from the {' and the '.join(sources)}; the partnership "
            "has not yet confirmed them for this assistant, so check them on its website."
        )
    return lines


def all_urgent_contacts(contacts: Sequence[UrgentContact]) -> list[Reply]:
    """Every contact with when it answers."""
    return [Reply(contact_lines(contacts), (NOT_URGENT_BUTTON,))]


def contacts_handout(contacts: Sequence[UrgentContact]) -> list[Reply]:
    """A printed contacts list for a training pack or new starters: every number with when it
    answers, 999 first, never a key message's handout instead."""
    return [
        Reply(
            f"Urgent contacts, to print or copy into a handout. **{CALL_999}**\n\n"
            + contact_lines(contacts)
        )
    ]


def nothing_to_answer() -> list[Reply]:
    """ "It's not urgent" after asking only for the contacts: nothing else was asked."""
    return [
        Reply(
            "OK. Ask me about the learning from the audits whenever you are ready.",
            (Button("What can you do?", payload(HELP_INTENT)),),
        )
    ]


WARNING_OPENING = "Please do not include names or other details that could identify a child"
"""How the identifying-details warning begins, whatever follows (a turn warned is not warned
again: bot/dialogue/identifiers_warning.py)."""


def privacy_note(kinds: str) -> str:
    """Not to share identifying details, and that those typed are not kept."""
    return (
        f"{WARNING_OPENING} or family. Your message seemed to include {kinds}. Identifying "
        f"details are removed before anything is stored."
    )


def privacy_warning(kinds: str) -> Reply:
    return Reply(f"{privacy_note(kinds)} Here is the learning that fits your question.")
