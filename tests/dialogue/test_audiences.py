"""Whom the audits' learning is asked for, and when a topic asked of them is the request's."""

from __future__ import annotations

import pytest

from bot.dialogue.audiences import learning_audience


@pytest.mark.parametrize(
    ("text", "audience"),
    [
        ("key messages slide for GPs from both audits", "gp"),
        ("key messages for HVs on a slide", "health visitor"),
        ("learning for school nurses from the audits, on one page", "school nurse"),
        # a role by its initials: the role in full, as the key messages name it
        ("key messages for SWs from both audits", "social worker"),
        ("the learning for sws as bullets", "social worker"),
        # a topic asked of the audience: the topic's learning, not the audience's slide
        ("the learning for social workers from the two audits about missed appointments", None),
        ("key messages for school nurses from these audits on young carers", None),
        ("what are the key points for GPs regarding consent? as bullets, on LAC plans", None),
        ("headlines for health visitors about safety plans in both audits", None),
        # the topic told before the request and pointed back at (round 39)
        ("mum had a violent ex years ago, any learning for HVs from the audits about that", None),
        (
            "two kids on CP plans for neglect. key messages for teachers in both audits on this?",
            None,
        ),
        # pointing at the material, or nothing told before: still the audience's learning
        ("key messages for GPs from both audits - can you put that on a slide", "gp"),
        ("ok so what's the learning for school nurses from the audits on this", "school nurse"),
        # words before the request that tell no situation (round 39's review): the audience's
        (
            "Doing a teaching slot at the surgery next week. Learning for GPs from the"
            " audits on this?",
            "gp",
        ),
        ("Cheers, very helpful. And the learning for GPs from the audits on that?", "gp"),
        (
            "Ahead of our away day: key messages for health visitors from the audits on this",
            ("health visitor"),
        ),
        (
            "Apologies, one last question - learning for social workers from the audits on that",
            ("social worker"),
        ),
        # a situation told in other words, then "on that": the situation's learning
        (
            "there was domestic violence at home when he was little. learning for GPs from the"
            " audits on that",
            None,
        ),
        (
            "the baby was neglected for months, what's the learning for HVs from the audits"
            " on this",
            None,
        ),
    ],
)
def test_the_audience_of_the_audits_learning(text: str, audience: str | None) -> None:
    assert learning_audience(text) == audience
