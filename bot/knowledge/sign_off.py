"""The sign-off sheet a safeguarding lead reads before go-live: every urgent contact, link and
escalation step with where it comes from and whether it is confirmed, and every key message
with the date it was last reviewed against its audit. Written from the loaded database, so
it shows exactly what the assistant says (deployment links and confirmations included).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from sqlalchemy import select

from bot.dialogue.escalation.guide import load_guide
from bot.knowledge.docs import markdown_table
from bot.knowledge.models import Link, UrgentContact
from bot.knowledge.store import KnowledgeStore
from bot.settings import ENV_MAX_CONTENT_AGE_DAYS

DEFAULT_MAX_AGE_DAYS = 365
"""Content reviewed longer ago than this is listed as due for review."""


def max_content_age(environ: Mapping[str, str]) -> int:
    """The deployment may review more or less often than DEFAULT_MAX_AGE_DAYS."""
    return int(environ.get(ENV_MAX_CONTENT_AGE_DAYS) or DEFAULT_MAX_AGE_DAYS)


def due_for_review(reviewed: datetime.date, today: datetime.date, max_age_days: int) -> bool:
    return (today - reviewed).days > max_age_days


def _contact_status(contact: UrgentContact) -> str:
    if contact.confirmed_by:
        return f"confirmed by {contact.confirmed_by} on {contact.confirmed_on}"
    return "NOT CONFIRMED" if contact.review_before_go_live else "no confirmation needed"


def sheet(
    store: KnowledgeStore, today: datetime.date, max_age_days: int = DEFAULT_MAX_AGE_DAYS
) -> str:
    """The sign-off sheet as Markdown."""
    with store.session() as session:
        contacts = store.urgent_contacts(session)
        links = list(session.scalars(select(Link).order_by(Link.id)))
        messages = store.key_messages(session)
        for message in messages:
            _ = message.source  # loaded while the session is open
    guide = load_guide(store)
    stale = {m.id for m in messages if due_for_review(m.reviewed, today, max_age_days)}
    lines = [
        "# Sign-off sheet: reflective practice assistant",
        "",
        f"Written {today.isoformat()} from the loaded knowledge base. Every fact the assistant "
        "gives comes from the two audits or the named source below; nothing marked NOT "
        "CONFIRMED or NOT SET should go live unchecked.",
        "",
        "## Urgent contacts",
        "",
        *markdown_table(
            ("id", "name", "phone", "when", "source", "status"),
            ((c.id, c.name, c.phone, c.when, c.source, _contact_status(c)) for c in contacts),
        ),
        "",
        "## Links the audits leave blank",
        "",
        *markdown_table(
            ("id", "URL", "status"),
            ((link.id, link.url or "", "set" if link.url else "NOT SET") for link in links),
        ),
        "",
        "## Escalation routes",
        "",
    ]
    for route in guide.routes:
        lines += [f"### {route.title}", ""]
        lines += markdown_table(
            ("step", "who", "basis and source"),
            ((f"{n}. {step.title}", step.who, step.basis) for n, step in enumerate(route.steps, 1)),
        )
        lines.append("")
    lines += [
        f"## Key messages (due for review after {max_age_days} days)",
        "",
        *markdown_table(
            ("id", "title", "audit", "reviewed", "status"),
            (
                (
                    m.id,
                    m.title,
                    m.source.short_title,
                    m.reviewed.isoformat(),
                    "DUE FOR REVIEW" if m.id in stale else "current",
                )
                for m in messages
            ),
        ),
        "",
    ]
    return "\n".join(lines)
