"""A hand-made fortnight of usage events on the fixture knowledge, with every figure the
report must give for it worked out by hand (tests/insights/test_report.py, test_cli.py).

The range is Wednesday 4 to Tuesday 17 March 2026: ISO weeks starting Monday 2, 9 and 16
March, the first and last cut by the range. Events an hour outside either end are left out.
Rows are written straight into the table (not through `record`) so that the hour is exact
and the texts are as stored, whatever minimisation keeps.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import insert

from bot.insights.events import EventKind, UsageEvent
from bot.knowledge.store import KnowledgeStore

START, END = date(2026, 3, 4), date(2026, 3, 17)
WEEKS = (date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16))

DISGUISED = ("disguised-compliance", "engaging-families")
WITNESSING = ("children-witnessing-domestic-abuse", "information-sharing")
MEETINGS = ("calling-professionals-meetings", "escalation-and-multi-agency-working")
RETIRED = ("retired-message", "retired-theme")
"""A key message and theme no longer in the knowledge: shown by their ids."""


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour)


def answered(key_message: tuple[str, str]) -> dict[str, Any]:
    return {
        "kind": EventKind.ANSWERED,
        "key_message_id": key_message[0],
        "theme_id": key_message[1],
    }


def unanswered(text: str) -> dict[str, Any]:
    return {"kind": EventKind.UNANSWERED, "text": text}


def kind(event_kind: EventKind, **columns: Any) -> dict[str, Any]:
    return {"kind": event_kind, **columns}


FORTNIGHT: list[tuple[datetime, str | None, dict[str, Any]]] = [
    # Outside the range by an hour at either end.
    (datetime(2026, 3, 3, 23), "webchat", answered(WITNESSING)),
    (datetime(2026, 3, 18, 0), "webchat", unanswered("what are the signs of FGM")),
    # Week of 2 March, from Wednesday 4.
    (datetime(2026, 3, 4, 0), "webchat", answered(DISGUISED)),
    (at(4), "teams", answered(DISGUISED)),
    (at(5, 9), "webchat", unanswered("what are the signs of FGM")),
    (at(5, 11), None, kind(EventKind.CASE_DESCRIBED, case_id="case-adam")),
    (at(6), "webchat", kind(EventKind.FEEDBACK, key_message_id=DISGUISED[0], helpful=True)),
    (at(6), "webchat", kind(EventKind.FEEDBACK, key_message_id=DISGUISED[0], helpful=True)),
    # Week of 9 March.
    (at(9, 9), "webchat", answered(WITNESSING)),
    (at(10), "rest", answered(MEETINGS)),
    (at(10, 11), "webchat", answered(DISGUISED)),
    (at(10, 12), "webchat", kind(EventKind.WORKSHOP_USED)),
    (at(10, 13), "webchat", kind(EventKind.FEEDBACK, key_message_id=DISGUISED[0], helpful=False)),
    (at(10, 13), "webchat", kind(EventKind.FEEDBACK, key_message_id=WITNESSING[0], helpful=False)),
    (
        at(10, 14),
        "webchat",
        kind(EventKind.FEEDBACK_REASON, key_message_id=DISGUISED[0], reason="not-enough-detail"),
    ),
    (
        at(10, 15),
        "webchat",
        kind(EventKind.FEEDBACK_REASON, key_message_id=DISGUISED[0], reason="not-enough-detail"),
    ),
    (
        at(10, 16),
        "webchat",
        kind(EventKind.FEEDBACK_REASON, key_message_id=DISGUISED[0], text="too long to read"),
    ),
    (
        at(11, 9),
        "webchat",
        kind(EventKind.FEEDBACK_REASON, key_message_id=DISGUISED[0], text="=wanted a phone number"),
    ),
    (
        at(10, 17),
        "teams",
        kind(EventKind.FEEDBACK_REASON, key_message_id=WITNESSING[0], reason="out-of-date"),
    ),
    (
        at(10, 17),
        "teams",
        kind(EventKind.FEEDBACK_REASON, key_message_id=RETIRED[0], reason="retired-reason"),
    ),
    (at(11), "webchat", unanswered("who do I tell about suspected FGM")),
    (at(11, 12), "webchat", unanswered("[removed] [removed]")),
    (at(12), "teams", kind(EventKind.AUDIT_DESCRIBED, source_id="send-2016-17")),
    (at(12, 11), "teams", kind(EventKind.GOOD_PRACTICE)),
    (at(12, 12), "teams", kind(EventKind.ESCALATION_STARTED)),
    (at(12, 12), "teams", kind(EventKind.ESCALATION_SITUATION, route_id="family-not-engaging")),
    (at(12, 13), "teams", kind(EventKind.ESCALATION_COMPLETED, route_id="family-not-engaging")),
    (at(13), "webchat", kind(EventKind.ESCALATION_STARTED)),
    (at(13), "webchat", kind(EventKind.ESCALATION_STOPPED, step="escalation_situation")),
    (at(13, 11), "webchat", kind(EventKind.ESCALATION_STARTED)),
    (
        at(13, 11),
        "webchat",
        kind(EventKind.ESCALATION_SITUATION, route_id="professional-disagreement"),
    ),
    (at(13, 12), "webchat", kind(EventKind.ESCALATION_STOPPED, step="escalation_tried")),
    (at(13, 13), "webchat", kind(EventKind.ESCALATION_STOPPED, step=None)),
    (at(14), "webchat", answered(RETIRED)),
    (at(14, 11), "webchat", kind(EventKind.ESCALATION_COMPLETED, route_id="retired-route")),
    # Week of 16 March, to Tuesday 17 at 23:00.
    (at(16), "webchat", answered(DISGUISED)),
    (at(16), "webchat", kind(EventKind.FEEDBACK, key_message_id=DISGUISED[0], helpful=False)),
    (datetime(2026, 3, 17, 23), "webchat", unanswered("mum asked me about FGM for her daughter")),
]


def add_events(
    store: KnowledgeStore, events: list[tuple[datetime, str | None, dict[str, Any]]]
) -> None:
    rows = [
        {"hour": hour, "channel": channel, **columns, "kind": columns["kind"].value}
        for hour, channel, columns in events
    ]
    with store.session() as session, session.begin():
        for row in rows:
            session.execute(insert(UsageEvent).values(**row))
