"""Unclear messages and turns no rule fits (data/fallback/): the closest key messages, never
silence and never a loop."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.cases import asked_about_case, case_told_again, cases_with_detail, follow_up_on_case
from actions.last_turn import on_last_turn
from actions.learning import answer_learning, offer_candidates, opinion
from actions.safety import urgent_follow_up
from actions.typed_reason import note_typed_reason
from bot.dialogue.conversation import unclear_asks_learning
from bot.names import ACTION_CORE_FALLBACK, ACTION_OFFER_CANDIDATES


class ActionOfferCandidates(Action):
    def name(self) -> str:
        return ACTION_OFFER_CANDIDATES

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        urgent = urgent_follow_up(dispatcher, tracker)
        if urgent is not None:
            return urgent
        # a case asked about, named or in focus, is clear whatever the classifier made of it
        on_case = (
            cases_with_detail(dispatcher, tracker)
            or on_last_turn(dispatcher, tracker)
            or case_told_again(dispatcher, tracker)
            or follow_up_on_case(dispatcher, tracker)
            or asked_about_case(dispatcher, tracker)
        )
        if on_case is not None:
            return on_case
        parse_data = tracker.latest_message
        if unclear_asks_learning(parse_data, lambda: opinion(parse_data).confident):
            # the intent hesitated: a key message needs the opinions to be sure, or a clear one
            return answer_learning(dispatcher, tracker)
        note_typed_reason(tracker)
        return offer_candidates(dispatcher, tracker)


class ActionCoreFallback(ActionOfferCandidates):
    """What the rules run when none of them fits the conversation: the same as an unclear
    message, and a rule (data/fallback/rules.yml) then always waits for the user, so this
    can never repeat itself within a turn."""

    def name(self) -> str:
        return ACTION_CORE_FALLBACK
