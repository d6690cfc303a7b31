"""The knowledge base's own proper nouns (bot/safeguards/vocabulary.py) are read from knowledge/:
case pseudonyms and service names are never taken for identifiers, and a new audit's are not
either once its YAML is added, with no code change."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge.schema import CASES, SERVICES
from bot.knowledge.validation import check_knowledge
from bot.safeguards import minimise, vocabulary
from bot.safeguards.privacy import NAME, find_identifiers, names, words
from bot.settings import ENV_KNOWLEDGE_DIR, PROJECT_ROOT
from tests.support import FIXTURES

KNOWLEDGE = check_knowledge(PROJECT_ROOT / "knowledge")
CASE_NAMES = [case["name"] for case in KNOWLEDGE.of(CASES) if case.get("name")]
SERVICE_NAMES = [service["name"] for service in KNOWLEDGE.of(SERVICES)]
CASE_QUESTIONS = (
    "what did the audit find about {name}?",
    "{name} was not brought to appointments, what was learned?",
    "How did {name}'s school share information?",
    "what went well for {name} and {name}'s mum?",
)
SERVICE_QUESTIONS = ("how do I refer a family to the {name}?", "What does {name} offer?")
REAL_NAME = "Sandra Kowalski"
NEW_PSEUDONYM = "Florin"


def names_in(text: str) -> list[str]:
    return [ident.text for ident in find_identifiers(text) if ident.kind == NAME]


def clear_word_lists() -> None:
    for module in (vocabulary, names, words):
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()


@pytest.fixture
def fresh_word_lists(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The word lists are read once per process; a test that changes the knowledge folder reads
    them again, and leaves none of its own behind for the tests after it."""
    monkeypatch.delenv(ENV_KNOWLEDGE_DIR, raising=False)
    clear_word_lists()
    yield
    clear_word_lists()


def test_the_real_knowledge_has_case_names_and_services() -> None:
    assert CASE_NAMES and SERVICE_NAMES


@pytest.mark.parametrize("name", CASE_NAMES)
def test_a_case_pseudonym_in_a_question_is_not_an_identifier(name: str) -> None:
    for question in CASE_QUESTIONS:
        text = question.format(name=name)
        assert find_identifiers(text) == [], text


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_a_service_name_in_a_question_is_not_an_identifier(name: str) -> None:
    for question in SERVICE_QUESTIONS:
        text = question.format(name=name)
        assert find_identifiers(text) == [], text


@pytest.mark.parametrize("name", CASE_NAMES)
def test_a_real_name_beside_a_case_pseudonym_is_still_caught(name: str) -> None:
    assert names_in(f"{name}'s mum {REAL_NAME} came to the meeting") == [REAL_NAME]


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_a_real_name_beside_a_service_name_is_still_caught(name: str) -> None:
    assert names_in(f"{REAL_NAME} from the {name} rang me") == [REAL_NAME]


def test_a_new_case_pseudonym_needs_only_its_yaml(
    knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch, fresh_word_lists: None
) -> None:
    question = f"How did {NEW_PSEUDONYM}'s school share information?"
    assert names_in(f"How was {NEW_PSEUDONYM}'s mum supported?") == [NEW_PSEUDONYM]
    assert NEW_PSEUDONYM not in minimise.minimise(question)

    shutil.copy(FIXTURES / "extra_case.yml", knowledge_dir / "cases")
    assert NEW_PSEUDONYM in [case.get("name") for case in check_knowledge(knowledge_dir).of(CASES)]
    monkeypatch.setenv(ENV_KNOWLEDGE_DIR, str(knowledge_dir))
    clear_word_lists()

    for template in CASE_QUESTIONS:
        text = template.format(name=NEW_PSEUDONYM)
        assert find_identifiers(text) == [], text
    assert minimise.minimise(question) == question
    assert names_in(f"{NEW_PSEUDONYM}'s mum {REAL_NAME} came") == [REAL_NAME]
