"""Acknowledgements and starting again (actions/core.py), in the context of the last turn."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import AllSlotsReset

from actions import activities, core, fallback
from tests.actions.trackers import answered, ranking, run, tracker, turn
from tests.support import all_text


@pytest.mark.parametrize(
    ("intent", "history", "expected"),
    [
        ("acknowledge", [], "Ask me a practice question"),
        ("affirm", [], "Ask me a practice question"),
        ("deny", "answered", "What were you looking for?"),
        ("affirm", "answered", "Thank you, your feedback has been recorded anonymously."),
        ("acknowledge", "answered", "Anything else on Consideration of Young Carers?"),
        ("affirm", "candidates", "Which one?"),
        ("deny", "candidates", "utter_ask_rephrase"),
        ("acknowledge", "neutral", "Ask me another practice question"),
    ],
)
def test_acknowledgements_are_answered_in_context(intent: str, history: Any, expected: str) -> None:
    events: list[dict[str, Any]] = []
    slots: dict[str, Any] = {}
    if history == "answered":
        events, slots = answered("young-carers"), {"key_message": "young-carers"}
    elif history == "candidates":
        messages, returned = run(
            fallback.ActionOfferCandidates(),
            tracker(
                "hmm",
                "nlu_fallback",
                response_selector=ranking(("young-carers", 0.1), ("chronic-neglect", 0.09)),
            ),
        )
        events = turn("hmm", messages, returned, response_selector=ranking(("young-carers", 0.1)))
    elif history == "neutral":
        events = turn("hello", [{"text": "Hello."}], [])
    messages, _ = run(core.ActionAcknowledge(), tracker("yes", intent, slots=slots, events=events))
    # after "not helpful", the reasons to choose from come as a second message
    assert len(messages) == (2 if expected == "What were you looking for?" else 1)
    assert expected in (messages[0].get("text") or messages[0].get("response") or "")


def test_start_again_forgets_everything() -> None:
    messages, events = run(core.ActionStartAgain(), tracker("start again", "start_again"))
    assert "start again" in all_text(messages)
    assert events == [AllSlotsReset()]


@pytest.mark.parametrize(
    "text", ["take us back to the beginning", "back to the very top please", "go back to the start"]
)
def test_back_to_the_start_inside_a_quiz_starts_again(text: str) -> None:
    """Review of round 40: "back to the beginning" is starting again (as the training data's
    "go back to the start" is), in a quiz as anywhere, not the quiz's first question."""
    asked = "quiz me on the SEND audit"
    quiz, done = run(activities.ActionQuiz(), tracker(asked, "quiz_me"))
    slots = {e["name"]: e["value"] for e in done if e.get("event") == "slot"}
    messages, events = run(
        core.ActionStartAgain(),
        tracker(text, "start_again", slots=slots, events=turn(asked, quiz, done)),
    )
    assert "start again" in all_text(messages)
    assert events == [AllSlotsReset()]
