"""The content review of December 2026 (issue 21): what the assistant says in its own words
must not say more than the audits. Each test names the finding it closes and fails on the
content as it was before the fix."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from bot.handouts.content import Handouts, Kind
from bot.knowledge.citations import stage_citation
from bot.knowledge.schema import (
    ESCALATION_ROUTES,
    ESCALATION_STEPS,
    KEY_MESSAGES,
    QUIZ_QUESTIONS,
    SERVICES,
    WALKTHROUGH_STAGES,
)
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.validation import KnowledgeSet, check_knowledge
from bot.settings import PROJECT_ROOT, Settings
from tests.handouts.conftest import loaded

TO_CONFIRM = "to be confirmed by the partnership"


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeSet:
    return check_knowledge(PROJECT_ROOT / "knowledge")


def by_id(knowledge: KnowledgeSet, key: str) -> dict[str, Any]:
    return {item["id"]: item for item in knowledge.of(key)}


def correct_option(question: dict[str, Any]) -> str:
    return next(option["text"] for option in question["options"] if option.get("correct"))


def what_the_assistant_tells_as_right(knowledge: KnowledgeSet) -> Iterator[str]:
    """Every text the assistant gives as what to do (wrong quiz and walk-through options are
    offered as wrong, and services' `offers` quote the audit)."""
    for step in knowledge.of(ESCALATION_STEPS):
        yield f"{step['title']} {step['who']} {step['what']}"
    for service in knowledge.of(SERVICES):
        yield service["name"]
    for message in knowledge.of(KEY_MESSAGES):
        yield message["summary"]
        yield from message["actions"]
    for question in knowledge.of(QUIZ_QUESTIONS):
        yield correct_option(question)
        yield question["explanation"]


def test_s1_the_independent_chair_is_never_given_as_the_current_route(
    knowledge: KnowledgeSet,
) -> None:
    """Neither audit says who the last rung of the current escalation policy is: wherever the
    assistant gives the 2016-17 audit's Independent Chair of the CHSCB, it says the current
    route is to be confirmed by the partnership, and never that the CHSCP has the Chair."""
    named = [t for t in what_the_assistant_tells_as_right(knowledge) if "Independent Chair" in t]
    assert named
    for text in named:
        assert TO_CONFIRM in text, text
        assert "2016-17" in text or "CHSCB" in text, text
        assert "now the CHSCP" not in text and "CHSCP has replaced" not in text, text
    steps = by_id(knowledge, ESCALATION_STEPS)
    for route in knowledge.of(ESCALATION_ROUTES):
        last = steps[route["steps"][-1]]
        if "CHSCB" in f"{last['who']} {last['what']}":
            assert last["who"].startswith("To be confirmed by the partnership"), route["id"]


def test_s1_the_handouts_carry_the_same_caveat(tmp_path: Any) -> None:
    handouts: Handouts = loaded(
        Settings(f"sqlite:///{tmp_path / 'k.db'}", PROJECT_ROOT / "knowledge", None)
    )
    try:
        briefing = handouts.build(Kind.BRIEFING, "send-adam")
        said = [a for learning in briefing.learning for a in learning.actions]
        said += [service.name for service in briefing.services()]
        chair = [text for text in said if "Independent Chair" in text]
        assert chair and all(TO_CONFIRM in text for text in chair), chair
    finally:
        handouts.store.engine.dispose()


def test_s2_and_m7_a_question_the_audit_asks_stays_a_question(knowledge: KnowledgeSet) -> None:
    """ "Do you re-refer families to CSC ...?" and "Do you record any unconfirmed family issues
    ...?" are the audit's questions: no action, right answer or explanation makes them rules."""
    rules = ("Re-refer", "Record any unconfirmed", "Record them on file")
    for text in what_the_assistant_tells_as_right(knowledge):
        for sentence in re.split(r"(?<=[.:;])\s+", text):
            assert not sentence.startswith(rules), sentence
    quizzes = by_id(knowledge, QUIZ_QUESTIONS)
    universal = quizzes["quiz-disguised-compliance-universal-services"]
    assert "known to CSC" in universal["question"]
    assert "consider" in universal["question"]
    assert correct_option(universal).startswith("Whether")
    assert "consider" in quizzes["quiz-unconfirmed-family-issues"]["question"]


def test_m2_m3_m4_the_walkthroughs_state_no_more_than_the_audit(knowledge: KnowledgeSet) -> None:
    stages = by_id(knowledge, WALKTHROUGH_STAGES)
    barak = stages["send-barak-stage-2"]
    assert "health needs are complex" not in f"{barak['known']} {barak['question']}"
    adam = stages["send-adam-stage-2"]
    foster = next(o for o in adam["options"] if "foster carers" in o["text"])
    assert not foster.get("happened"), "the audit says GPs are often updated this way, in general"
    erika = [s for s in knowledge.of(WALKTHROUGH_STAGES) if s["case"] == "send-erika"]
    tac = next(s["stage"] for s in erika if "Team Around the Child" in s["found"])
    referral = next(s["stage"] for s in erika if "After recent referral" in s["found"])
    assert tac < referral, "the TAC meeting came first and helped escalate the case"
    fss = stages["mh-case-2-stage-2"]
    assert "Family Support Service" not in fss["known"]


def test_m8_m9_m10_no_intention_or_currency_the_audit_does_not_state(
    knowledge: KnowledgeSet,
) -> None:
    for text in what_the_assistant_tells_as_right(knowledge):
        assert "partnership wants" not in text and "partnership is exploring" not in text, text
        assert "Procedures now say" not in text, text
        assert "updated only by" not in text, text


def test_m5_a_stage_says_when_its_key_message_is_not_from_its_case(tmp_path: Any) -> None:
    handouts = loaded(Settings(f"sqlite:///{tmp_path / 'k.db'}", PROJECT_ROOT / "knowledge", None))
    store: KnowledgeStore = handouts.store
    try:
        with store.session() as session:
            (first, *_rest) = store.walkthrough(session, "mh-case-1")
            cited = stage_citation(first)
            adam = store.walkthrough(session, "send-adam")[0]
            assert stage_citation(adam) == "Source: SEND audit 2016-17, Case 1 (Adam)."
    finally:
        store.engine.dispose()
    assert cited.startswith("Source: Mental health audit 2019/20, Case 1.")
    assert "is not one the audit attributes to this case" in cited
    assert "drawn from all the cases audited" in cited


def test_m15_the_nia_projects_2016_17_details_say_they_are_to_be_confirmed(tmp_path: Any) -> None:
    handouts = loaded(Settings(f"sqlite:///{tmp_path / 'k.db'}", PROJECT_ROOT / "knowledge", None))
    try:
        briefing = handouts.build(Kind.BRIEFING, "send-barak")
        nia = next(s for s in briefing.services() if s.name.startswith("Nia Project"))
    finally:
        handouts.store.engine.dispose()
    assert "020 7683 1270" in nia.contact and TO_CONFIRM in nia.contact
