"""A concern raised more than once with nothing moving asks the escalation route
(bot/dialogue/escalation/stalled.py)."""

from __future__ import annotations

import pytest

from bot.dialogue.escalation.stalled import tells_concern_stalled


@pytest.mark.parametrize(
    "text",
    [
        "reported it to FAST three times about a girl who used to self-harm, still no progress",
        "made a second referral for the baby and nobody has done anything",
        "emailed the social worker 4 times, no response, the boy has a past overdose",
        "flagged to the team more than once and it's going nowhere, what now",
        "referred her twice, nothing appears to be happening at all",
    ],
)
def test_a_concern_raised_again_with_nothing_moving_is_stalled(text: str) -> None:
    assert tells_concern_stalled(text)


@pytest.mark.parametrize(
    "text",
    [
        # raised once, or again with an answer, or nothing said to be stuck
        "I raised it with CSC last week and nothing has happened yet",
        "reported twice and they opened an assessment straight away",
        "she has self-harmed three times and nothing seems to help her",
        "how do I make a referral to MASH",
    ],
)
def test_no_stalled_concern_is_told(text: str) -> None:
    assert not tells_concern_stalled(text)
