"""Browsing the topics and good practice (data/browse/)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.case_lines import CASE_LINES, question_vector
from actions.cases import case_in_focus, told_case_replies
from actions.common import glossary, log_event, send, store
from bot.dialogue import understanding
from bot.dialogue.answers.browse import (
    case_good_practice,
    good_practice,
    theme_messages,
    themes_across_audits,
    themes_of_audit,
    themes_overview,
)
from bot.dialogue.case_focus import CaseAsk, asks_well_and_less_well, case_ask
from bot.dialogue.lead_requests import asks_for_themes
from bot.insights.events import Event, EventKind
from bot.names import ACTION_BROWSE_TOPICS, ACTION_GOOD_PRACTICE, CASE_ENTITY


class ActionBrowseTopics(Action):
    def name(self) -> str:
        return ACTION_BROWSE_TOPICS

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        theme_id = understanding.requested_theme(tracker.latest_message)
        text = str(tracker.latest_message.get("text") or "")
        with store().session() as session:
            themes = store().themes(session)
            theme = next((theme for theme in themes if theme.id == theme_id), None)
            if theme is not None:
                send(dispatcher, theme_messages(theme))
            elif source := understanding.mentioned_source(text, store().sources(session)):
                # "key messages from the send audit?": that audit's, by theme
                send(dispatcher, themes_of_audit(themes, source))
            elif asks_for_themes(text):
                # "the common themes across both audits": what the audits share
                send(dispatcher, themes_across_audits(themes, store().sources(session)))
            else:
                send(dispatcher, themes_overview(themes))
        return []


class ActionGoodPractice(Action):
    """A case's strengths when a button or the message names the case, or the last turn
    showed one ("what did police do well" after a case: its strengths that fit, else all;
    "anything that went less well" there asks its findings instead, and with what went well
    its strengths and findings both);
    else the strengths on the topic asked about (in the audit it names, if it names one),
    else the cases to choose from."""

    def name(self) -> str:
        return ACTION_GOOD_PRACTICE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        case_id = understanding.entity_value(tracker.latest_message, CASE_ENTITY)
        with store().session() as session:
            cases = store().cases(session)
            chosen = next((case for case in cases if case.id == case_id), None)
            text = tracker.latest_message.get("text") or ""
            focus = case_in_focus(tracker, cases) if chosen is None else None
            if chosen is not None:
                send(dispatcher, case_good_practice(chosen))
            elif focus is not None and case_ask(text) not in (None, CaseAsk.STRENGTHS):
                # "anything that went less well" after a case's good practice: its findings;
                # "what went well and what went less well": its good practice, then those
                both = case_good_practice(focus) if asks_well_and_less_well(text) else []
                send(dispatcher, both + told_case_replies(focus, text))
                case_id, chosen = focus.id, focus
            elif focus is not None:
                fitting = understanding.strengths_about(text, [focus], glossary())
                fit = good_practice(fitting, cases) if fitting else case_good_practice(focus)
                send(dispatcher, fit)
                case_id, chosen = focus.id, focus
            else:
                # "what went well with police in the MH audit": that audit's cases only, and
                # its name is no topic of the strengths asked for
                audit = understanding.mentioned_source(text, store().sources(session))
                if audit is not None:
                    cases = [case for case in cases if case.source_id == audit.id]
                    text = understanding.without_source_words(text, audit)
                near = CASE_LINES.get(store()).strengths_near(
                    question_vector(tracker.latest_message, text)
                )
                matches = understanding.strengths_about(text, cases, glossary(), near)
                send(dispatcher, good_practice(matches, cases))
        log_event(tracker, Event(EventKind.GOOD_PRACTICE, case_id=case_id if chosen else None))
        return []
