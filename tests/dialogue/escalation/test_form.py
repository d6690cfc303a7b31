"""How the form reads a message: corrections, and the digressions the rules answer."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from bot.dialogue.escalation.form import (
    DIGRESSION_INTENTS,
    Reading,
    corrected_situation,
    read_message,
    route_from_start,
)
from bot.knowledge.escalation.guide import Guide
from bot.names import (
    ESCALATION_FORM,
    ESCALATION_TRIED_SLOT,
    LEARNING_INTENT,
    UTTER_ASK_CONTINUE_ESCALATION,
)
from bot.settings import PROJECT_ROOT

RULES = PROJECT_ROOT / "data" / "escalation" / "rules.yml"


@pytest.mark.parametrize(
    ("text", "current", "corrected"),
    [
        (
            "actually no, it's more that they aren't replying to our emails",
            "care-plan-not-progressing",
            "agency-not-responding",
        ),
        (
            "sorry, actually it's that we disagree with them about the plan",
            "agency-not-responding",
            "professional-disagreement",
        ),
        ("rang them twice, emailed, nothing", "agency-not-responding", None),
        ("my manager knows", "agency-not-responding", None),
        ("not yet", "care-plan-not-progressing", None),
    ],
)
def test_a_correction_while_asked_what_was_tried_is_a_new_situation(
    guide: Guide, text: str, current: str, corrected: str | None
) -> None:
    assert corrected_situation(guide, text, current, "ask_learning") == corrected


@pytest.mark.parametrize("text", ["and who's after them if they don't help?", "then who"])
def test_asking_who_next_while_asked_what_was_tried_is_read_as_an_answer(
    guide: Guide, text: str
) -> None:
    """Asked what was tried right after the route in short, "who next?" wants the whole
    route in order: read as an answer (the validation gives the route from its start)."""
    reading = read_message(guide, ESCALATION_TRIED_SLOT, text, LEARNING_INTENT)
    assert reading is Reading.ANSWER
    start = guide.answer(route_from_start(guide))
    assert start is not None and not start.done_steps


def _is_digression(rule: dict[str, Any]) -> bool:
    """A rule for while the form is active that answers an intent, then asks whether to go
    back to the route."""
    steps = rule["steps"]
    return (
        {"active_loop": ESCALATION_FORM} in rule.get("condition", [])
        and "intent" in steps[0]
        and steps[-1] == {"action": UTTER_ASK_CONTINUE_ESCALATION}
    )


def test_every_digression_intent_has_a_digression_rule_and_no_other_intent_does() -> None:
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))["rules"]
    in_rules = {rule["steps"][0]["intent"] for rule in rules if _is_digression(rule)}
    without_rule = sorted(DIGRESSION_INTENTS - in_rules)
    assert without_rule == [], "the form passes these on, but no rule answers them"
    not_passed_on = sorted(in_rules - DIGRESSION_INTENTS)
    assert not_passed_on == [], "these have a digression rule, but the form reads them as answers"
