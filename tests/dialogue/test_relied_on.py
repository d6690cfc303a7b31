"""A carer relied on for what professionals know of a child (bot/dialogue/relied_on.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialogue.relied_on import TRIANGULATING_KEY_MESSAGE, tells_carer_relied_on
from bot.yaml_text import safe_load


@pytest.mark.parametrize(
    "text",
    [
        "for how the twins are doing, our team depends almost wholly on grandma's reports",
        "the SENCO has been relying on the stepdad for feedback on her sleep",
        "we lean heavily on his nan to tell us how he is getting on at home",
        "school only ever gets information through the foster mum, child in care after neglect",
        "the paediatrician takes the carer's word on how she is doing, is that ok",
        "practice nurse relies on them for updates, the foster carers are lovely",
    ],
)
def test_a_carer_relied_on_for_what_is_known_is_told(text: str) -> None:
    assert tells_carer_relied_on(text)


@pytest.mark.parametrize(
    "text",
    [
        # relied on for care, not for what professionals know
        "the boy relies on his mum to get him washed and dressed",
        # nobody relied on
        "foster carer asking for an update on the LAC review",
        "GP never hears about the child's plan after LAC reviews",
        # relying on a service, not a carer
        "we rely on the school nurse for updates on her weight",
        # relied on for something else, with a word of knowing elsewhere in the message
        "we depend on the carers' agreement to the referral, and the school reports she's quiet",
        "mum relies on her aunt for lifts to clinic and told the HV she is worn out",
        "grandad leans on his sister a lot; the nursery reports no concerns",
        # a family member relying, not professionals
        "the girl relies on her foster mum for news of her brother",
    ],
)
def test_no_carer_relied_on_is_told(text: str) -> None:
    assert not tells_carer_relied_on(text)


def test_the_learning_offered_beside_is_a_key_message_of_the_knowledge() -> None:
    """The id names the SEND audit's learning on carers seen as experts (Case FC)."""
    knowledge = Path(__file__).resolve().parents[2] / "knowledge" / "key_messages"
    document = safe_load((knowledge / "send-2016-17.yml").read_text(encoding="utf-8"))
    titles = {m["id"]: m["title"] for m in document["key_messages"]}
    assert "Case FC" in titles[TRIANGULATING_KEY_MESSAGE]
