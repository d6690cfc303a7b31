"""bot.names and the Rasa domain and rules agree, both ways: a name used in Python but
missing from the domain, or declared in the domain but spelt out by hand, fails here."""

from __future__ import annotations

import pytest
import yaml
from rasa.shared.core.constants import DEFAULT_INTENTS
from rasa.shared.core.domain import Domain

from bot import names
from bot.names import (
    ACTION_FOR_INTENT,
    ESCALATION_FORM,
    FALLBACK_INTENT,
    NOT_HANDED_OVER,
    key_message_of,
    learning_label,
)
from bot.tooling.domain import domain_files, load_domain
from bot.tooling.rules import rule_handlers

RASA_OWN = {names.REQUESTED_SLOT, names.ACTION_LISTEN, FALLBACK_INTENT}


@pytest.fixture(scope="module")
def domain() -> Domain:
    return load_domain()


def constants(*suffixes: str, prefix: str = "") -> set[str]:
    return {
        value
        for name, value in vars(names).items()
        if isinstance(value, str)
        and name.isupper()
        and name.startswith(prefix)
        and name.endswith(suffixes)
    } - RASA_OWN


def test_every_intent_has_a_constant_and_every_constant_an_intent(domain: Domain) -> None:
    rasa_own = set(DEFAULT_INTENTS)
    assert constants("_INTENT") - rasa_own == set(domain.intents) - rasa_own


def test_every_action_and_form_has_a_constant(domain: Domain) -> None:
    declared = set(domain.user_actions) - set(domain.responses) | set(domain.form_names)
    assert constants("", prefix="ACTION_") | constants("_FORM") == declared


def test_every_slot_entity_and_response_has_a_constant(domain: Domain) -> None:
    slots = {slot.name for slot in domain.slots if not slot.name.startswith("session_")}
    assert constants("_SLOT") == slots - RASA_OWN
    assert constants("_ENTITY", "_SLOT") & set(domain.entities) == set(domain.entities)
    assert constants("", prefix="UTTER_") == set(domain.responses)


def test_each_feature_declares_its_own_names() -> None:
    """A name is declared once: two features declaring the same intent would hide a mistake."""
    seen: dict[str, str] = {}
    for path in domain_files():
        content = yaml.safe_load(path.read_text())
        for key in ("intents", "entities", "actions"):
            for name in content.get(key, []):
                assert name not in seen, f"{name}: declared in {seen.get(name)} and {path}"
                seen[name] = str(path)


def test_the_privacy_hand_over_matches_the_rules() -> None:
    handlers = {intent: action for intent, action, _ in rule_handlers()}
    for intent, action in ACTION_FOR_INTENT.items():
        assert handlers.get(intent) == action, intent


def test_every_rule_intent_is_handed_over_or_left_out_on_purpose() -> None:
    assert not set(ACTION_FOR_INTENT) & NOT_HANDED_OVER
    for intent, action, rules_file in rule_handlers():
        custom = action.startswith("action_") or action == ESCALATION_FORM
        if custom:
            assert intent in ACTION_FOR_INTENT or intent in NOT_HANDED_OVER, (
                f"{rules_file}: {intent} runs {action}: add it to ACTION_FOR_INTENT or "
                "NOT_HANDED_OVER in bot/names.py"
            )
        else:
            assert action == f"utter_{intent}" or intent in NOT_HANDED_OVER, (intent, action)


def test_a_learning_label_names_its_key_message() -> None:
    assert key_message_of(learning_label("young-carers")) == "young-carers"
    assert key_message_of("ask_case") is None
