"""Urgent advice and the privacy warning: what must come before any learning."""

from __future__ import annotations

from collections.abc import Sequence

from bot.dialogue.names import HELP_INTENT, KEY_MESSAGE_SLOT, LEARNING_INTENT
from bot.dialogue.replies import Button, Reply, bullets, payload
from bot.knowledge.models import KeyMessage, UrgentContact


def _contact_lines(contacts: Sequence[UrgentContact]) -> str:
    """The numbers, then where the unconfirmed ones come from: a number copied from a public
    page is never presented as verified."""
    lines = bullets([f"{contact.name}: {contact.phone} ({contact.when})" for contact in contacts])
    sources = list(dict.fromkeys(contact.source for contact in contacts if contact.unconfirmed))
    if sources:
        lines += (
            f"\n\nThe local numbers are from the {' and the '.join(sources)}; the partnership "
            "has not yet confirmed them for this assistant, so check them on its website."
        )
    return lines


def urgent_advice(contacts: Sequence[UrgentContact]) -> list[Reply]:
    text = (
        "**If a child is in immediate danger, call 999 now.** This assistant cannot take "
        "referrals or raise an alarm.\n\n"
        "To report a concern about a child now:\n\n"
        f"{_contact_lines(contacts)}"
    )
    return [Reply(text, URGENT_BUTTONS)]


def urgent_follow_up(
    contacts: Sequence[UrgentContact], meant: KeyMessage | None = None
) -> list[Reply]:
    """After urgent advice, whatever the follow-up, the person still needs the numbers: a
    question in the middle of an emergency is not the time for the audits' learning."""
    text = (
        "This still sounds urgent. **If the child is in danger now, call 999.** "
        "Otherwise report your concern by phone now; do not wait for this chat. I cannot "
        "contact anyone for you.\n\n"
        f"{_contact_lines(contacts)}"
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


URGENT_BUTTONS = (Button("It's not urgent: back to the learning", payload(HELP_INTENT)),)


def privacy_warning(kinds: str) -> Reply:
    return Reply(
        f"Please do not include names or other details that could identify a child or "
        f"family. Your message seemed to include {kinds}. Identifying details are removed "
        f"before anything is stored. Here is the learning that fits your question."
    )
