"""Safeguarding questions the audits do not cover (data/coverage/): declined plainly, with
where to look instead, and counted for insights under the topic's fixed label."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.activities import within_poll
from actions.cases import (
    case_told_again,
    cases_with_detail,
    detail_of_case_shown,
    follow_up_on_case,
)
from actions.common import log_event, send, store
from actions.learning import danger_line_first, on_last_topic, urgent_line_first, with_first
from actions.safety import calls_off_urgent_advice, urgent_follow_up
from actions.turn_before import read_with_turn_before
from actions.typed_reason import note_typed_reason
from bot.dialogue.context import Context, context_before
from bot.dialogue.coverage import PROCEDURES_LINK, declined, uncovered_topics
from bot.dialogue.moves import leans_on_last_turn, points_back
from bot.dialogue.understanding import entity_value
from bot.insights.events import Event, EventKind
from bot.knowledge.reloading import FollowsLoads
from bot.names import ACTION_DECLINE_UNCOVERED, COVERAGE_TOPIC_ENTITY
from bot.settings import load_settings

_TOPICS = FollowsLoads(lambda _loaded: uncovered_topics(load_settings().knowledge_dir))


def decline_uncovered(
    dispatcher: CollectingDispatcher, tracker: Tracker, after_urgent: bool = False
) -> bool:
    """Declines the topic the latest message names as not covered, and records it; False
    when it names none. After urgent advice the decline follows it, so a question on FGM or
    forced marriage that also describes danger gets both."""
    topic_id = entity_value(tracker.latest_message, COVERAGE_TOPIC_ENTITY)
    topic = next((t for t in _TOPICS.get(store()) if t.id == topic_id), None)
    text = str(tracker.latest_message.get("text") or "")
    if after_urgent and (topic is None or not topic.pattern.search(text)):
        # danger in words merely near a topic's meaning ("smoke coming out" near burns and
        # scalds) names nothing the audits do not cover: the urgent advice is the whole reply
        return False
    with store().session() as session:
        url = store().link_url(session, PROCEDURES_LINK)
    label = topic.label if topic is not None else "this"
    # a practice question that also mentions risk, or any sign of danger ("is there a case
    # where a lad is driven off by older men every night"): one line of urgent advice first
    line = (
        None
        if after_urgent or calls_off_urgent_advice(tracker)
        else urgent_line_first(tracker.latest_message) or danger_line_first(tracker.latest_message)
    )
    send(dispatcher, with_first(line, [declined(label, url, after_urgent)]))
    log_event(
        tracker,
        Event(
            EventKind.DECLINED,
            topic=topic.id if topic is not None else None,
            text=tracker.latest_message.get("text"),
        ),
    )
    return True


class ActionDeclineUncovered(Action):
    def name(self) -> str:
        return ACTION_DECLINE_UNCOVERED

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        urgent = urgent_follow_up(dispatcher, tracker)
        if urgent is not None:
            return urgent
        polled = within_poll(dispatcher, tracker)  # "what would the question be"
        if polled is not None:
            return polled
        # "biggest lesson?", "which meeting was it at" after a case: a question about the case
        # in focus (answered from its lines), whatever uncovered topic it fell near by meaning
        on_case = (
            cases_with_detail(dispatcher, tracker)
            or case_told_again(dispatcher, tracker)
            or follow_up_on_case(dispatcher, tracker)
            or detail_of_case_shown(dispatcher, tracker)
        )
        if on_case is not None:
            return on_case
        # "would it take a child looking after a dad who drinks" after the Young Carers Project:
        # a question about what was just shown, near an uncovered topic by its words only
        leaning = read_with_turn_before(dispatcher, tracker)
        if leaning is not None:
            return leaning
        if _leans_on_answer(tracker):
            # "what does the partnership suggest" after an answer: a follow-up on it, near an
            # uncovered topic ("the Family Nurse Partnership") by meaning only
            followed_up = on_last_topic(dispatcher, tracker)
            if followed_up is not None:
                return followed_up
        note_typed_reason(tracker)  # "nothing about FGM" after "not helpful" is feedback too
        decline_uncovered(dispatcher, tracker)
        return []


def _leans_on_answer(tracker: Tracker) -> bool:
    """Right after an answer, a message of few words of its own that does not name the
    uncovered topic it was put near (its terms are not in it)."""
    if context_before(tracker.events) is not Context.ANSWERED:
        return False
    text = str(tracker.latest_message.get("text") or "")
    topic_id = entity_value(tracker.latest_message, COVERAGE_TOPIC_ENTITY)
    topic = next((t for t in _TOPICS.get(store()) if t.id == topic_id), None)
    named = topic is not None and topic.pattern.search(text) is not None
    return not named and (points_back(text) or leans_on_last_turn(text))
