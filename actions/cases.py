"""The audited cases and what each audit found (data/cases/)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import log_event, send, store
from bot.dialogue.answers.cases import case_or_audit
from bot.insights.events import Event, EventKind
from bot.names import ACTION_DESCRIBE_AUDIT, ACTION_DESCRIBE_CASE, AUDIT_SLOT


class _DescribeCaseOrAudit(Action, ABC):
    """Questions about a case and about an audit overlap ("mental health audit case 1"),
    so both intents look for a named case first, then a named audit."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        with store().session() as session:
            described = case_or_audit(
                text,
                store().cases(session),
                store().sources(session),
                self.prefer_cases,
                tracker.get_slot(AUDIT_SLOT),
            )
            send(dispatcher, described.replies)
        if described.source_id is None:
            return []
        kind = EventKind.CASE_DESCRIBED if described.case_id else EventKind.AUDIT_DESCRIBED
        log_event(tracker, Event(kind, case_id=described.case_id, source_id=described.source_id))
        return [SlotSet(AUDIT_SLOT, described.source_id)]

    @property
    @abstractmethod
    def prefer_cases(self) -> bool:
        """What to list when neither a case nor an audit is named."""


class ActionDescribeCase(_DescribeCaseOrAudit):
    prefer_cases = True

    def name(self) -> str:
        return ACTION_DESCRIBE_CASE


class ActionDescribeAudit(_DescribeCaseOrAudit):
    prefer_cases = False

    def name(self) -> str:
        return ACTION_DESCRIBE_AUDIT
