"""A reason typed after "not helpful" ("What were you looking for?"): kept as feedback on the
answer, whichever action answers the message as well (the learning, a decline, the fallback or
the urgent advice): a reason that also reads as a request for contacts was lost."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.common import log_event
from bot.dialogue import feedback
from bot.dialogue.context import Context, context_before, is_button
from bot.insights.events import Event, EventKind
from bot.names import KEY_MESSAGE_SLOT


def is_typed_reason(tracker: Tracker) -> bool:
    """A message typed after "What were you looking for?" says why the answer did not help."""
    latest = tracker.latest_message
    return context_before(tracker.events) is Context.ASKED_WHAT_MISSING and not is_button(latest)


def note_typed_reason(tracker: Tracker) -> None:
    """A typed reason is kept (minimised) as the reason, and answered as the question it may
    also be; when no key message fits, it is not counted as an unanswered question too."""
    if not is_typed_reason(tracker):
        return
    latest = tracker.latest_message
    # The slot can be set by any message's entity: only a key message this conversation was
    # given (and asked about) may have a reason filed under it.
    key_message_id = tracker.get_slot(KEY_MESSAGE_SLOT)
    if key_message_id in feedback.answered_key_messages(tracker.events):
        log_event(
            tracker,
            Event(
                EventKind.FEEDBACK_REASON, key_message_id=key_message_id, text=latest.get("text")
            ),
        )
