"""The real knowledge base holds both audits completely and invents nothing.

These check what knowledge/ says, so they name the two audits' cases and questions; what they
count comes from the files, so adding the next audit breaks none of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from bot.knowledge.schema import (
    CASES,
    CHECK_QUESTIONS,
    KEY_MESSAGES,
    QUIZ_QUESTIONS,
    SERVICES,
    SOURCES,
    WALKTHROUGH_STAGES,
)
from bot.knowledge.validation import KnowledgeSet, check_knowledge
from bot.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeSet:
    return check_knowledge(PROJECT_ROOT / "knowledge")


def test_every_reflective_question_is_a_question_not_a_finding(knowledge: KnowledgeSet) -> None:
    """A finding the audit writes with a question mark ("This highlighted whether ...?")
    belongs in `found`, not among the questions a practitioner is asked."""
    questions = [q for m in knowledge.of(KEY_MESSAGES) for q in m["reflective_questions"]]
    assert len(questions) == len(set(questions))
    for message in knowledge.of(KEY_MESSAGES):
        for question in message["reflective_questions"]:
            assert question.endswith("?"), question
            assert question not in message["found"], question
    for verbatim in (
        "Do you triangulate this with colleagues in other organisations?",
        "Do you flag disguised compliance in supervision?",
        "Do you consider the lived experience of siblings and how the current experiences "
        "may impact them in later life?",
        "When transition planning \u2013 do you consider both health and social elements?",
    ):
        assert verbatim in questions


def test_all_cases_are_there(knowledge: KnowledgeSet) -> None:
    cases = {case["id"]: case for case in knowledge.of(CASES)}
    send_names = {c["name"] for c in cases.values() if c["source"] == "send-2016-17"}
    assert send_names == {"Adam", "Barak", "Caryn", "Deshawn", "Erika"}
    mental_health = sorted(
        (c["number"], bool(c.get("referred_only")))
        for c in cases.values()
        if c["source"] == "mental-health-2019-20"
    )
    assert mental_health == [(1, False), (2, False), (3, False), (4, True)]


def test_every_audit_has_its_cases_and_key_messages(knowledge: KnowledgeSet) -> None:
    sources = {source["id"] for source in knowledge.of(SOURCES)}
    assert {"send-2016-17", "mental-health-2019-20"} <= sources
    for source in sources:
        assert any(case["source"] == source for case in knowledge.of(CASES)), source
        assert any(message["source"] == source for message in knowledge.of(KEY_MESSAGES)), source


def test_key_messages_cite_cases_of_their_own_audit(knowledge: KnowledgeSet) -> None:
    audit_of = {case["id"]: case["source"] for case in knowledge.of(CASES)}
    for message in knowledge.of(KEY_MESSAGES):
        for case in message["cases"]:
            assert audit_of[case] == message["source"], (message["id"], case)


def test_nia_contact_details_exactly_as_the_audit_gives_them(knowledge: KnowledgeSet) -> None:
    nia = next(s for s in knowledge.of(SERVICES) if s["id"] == "nia-project")
    assert nia["contact"] == {
        "phone": "020 7683 1270",
        "email": "info@niaendingviolence.org.uk",
        "website": "www.niaendingviolence.org.uk",
    }


def test_links_the_audits_leave_blank_stay_blank(knowledge: KnowledgeSet) -> None:
    assert knowledge.links
    assert set(knowledge.links.values()) == {""}


def _sentences(text: str) -> list[str]:
    return [sentence for sentence in re.split(r"(?<=[.?!])\s+", text.strip()) if sentence]


def _audit_words(knowledge: KnowledgeSet, source: str) -> str:
    """The audit's own words as knowledge/ holds them: its case summaries and strengths, what
    its key messages found and ask, and what its services offer."""
    return "\n".join(
        [
            *(
                text
                for case in knowledge.of(CASES)
                if case["source"] == source
                for text in [case["summary"], *(case.get("strengths") or [])]
            ),
            *(
                text
                for message in knowledge.of(KEY_MESSAGES)
                if message["source"] == source
                for text in [message["found"], *message["reflective_questions"]]
            ),
            *(s["offers"] for s in knowledge.of(SERVICES) if s["source"] == source),
        ]
    )


def _stages_by_case(knowledge: KnowledgeSet) -> dict[str, list[Mapping[str, Any]]]:
    stages: dict[str, list[Mapping[str, Any]]] = {}
    for stage in knowledge.of(WALKTHROUGH_STAGES):
        stages.setdefault(stage["case"], []).append(stage)
    return stages


def test_every_audited_case_has_a_walkthrough_of_two_to_four_stages(
    knowledge: KnowledgeSet,
) -> None:
    """A case the audit only refers to was not audited, so there is nothing to walk through."""
    stages = _stages_by_case(knowledge)
    for case in knowledge.of(CASES):
        if case.get("referred_only"):
            assert case["id"] not in stages, case["id"]
        else:
            assert 2 <= len(stages.get(case["id"], [])) <= 4, case["id"]


def test_every_stage_has_one_option_the_audit_supports(knowledge: KnowledgeSet) -> None:
    for stage in knowledge.of(WALKTHROUGH_STAGES):
        options = stage["options"]
        assert 3 <= len(options) <= 4, stage["id"]
        assert sum(bool(option.get("supported")) for option in options) == 1, stage["id"]
        assert sum(bool(option.get("happened")) for option in options) <= 1, stage["id"]


def test_a_walkthroughs_reflective_questions_are_verbatim_from_its_key_messages(
    knowledge: KnowledgeSet,
) -> None:
    messages = {message["id"]: message for message in knowledge.of(KEY_MESSAGES)}
    for stage in knowledge.of(WALKTHROUGH_STAGES):
        asked = [q for m in stage["key_messages"] for q in messages[m]["reflective_questions"]]
        assert stage["reflective_questions"], stage["id"]
        for question in stage["reflective_questions"]:
            assert question in asked, (stage["id"], question)


def test_a_walkthrough_cites_its_own_audits_case_and_key_messages(knowledge: KnowledgeSet) -> None:
    """Each file holds one audit's walk-throughs (walkthroughs/<audit>.yml)."""
    sources = {source["id"] for source in knowledge.of(SOURCES)}
    cases = {case["id"]: case for case in knowledge.of(CASES)}
    messages = {message["id"]: message for message in knowledge.of(KEY_MESSAGES)}
    for located in knowledge.items[WALKTHROUGH_STAGES]:
        stage = located.data
        assert stage["source"] in sources and Path(located.file).stem == stage["source"]
        assert cases[stage["case"]]["source"] == stage["source"], stage["id"]
        for message in stage["key_messages"]:
            assert messages[message]["source"] == stage["source"], (stage["id"], message)


def test_the_reveal_quotes_the_audit(knowledge: KnowledgeSet) -> None:
    """What a stage says the audit found is the audit's own words, sentence by sentence: a
    workshop must not put a finding in the audit's mouth."""
    for stage in knowledge.of(WALKTHROUGH_STAGES):
        words = _audit_words(knowledge, stage["source"])
        for sentence in _sentences(stage["found"]):
            assert sentence in words, (stage["id"], sentence)


def test_a_walkthrough_names_no_other_case(knowledge: KnowledgeSet) -> None:
    """Pseudonyms are the audit's own, each in its own case: a stage never borrows another."""
    names = {case["id"]: case.get("name") for case in knowledge.of(CASES)}
    for stage in knowledge.of(WALKTHROUGH_STAGES):
        text = " ".join(
            [stage["known"], stage["question"], stage["found"]]
            + [option["text"] for option in stage["options"]]
        ).casefold()
        for case, name in names.items():
            if name and case != stage["case"]:
                assert name.casefold() not in text, (stage["id"], name)


def test_every_key_message_has_a_quiz_question(knowledge: KnowledgeSet) -> None:
    tested = {question["key_message"] for question in knowledge.of(QUIZ_QUESTIONS)}
    for message in knowledge.of(KEY_MESSAGES):
        assert message["id"] in tested, message["id"]


def test_every_quiz_question_has_one_correct_option_among_distinct_ones(
    knowledge: KnowledgeSet,
) -> None:
    for question in knowledge.of(QUIZ_QUESTIONS):
        options = question["options"]
        assert 3 <= len(options) <= 4, question["id"]
        assert sum(bool(option.get("correct")) for option in options) == 1, question["id"]
        texts = [" ".join(option["text"].casefold().split()) for option in options]
        assert len(set(texts)) == len(texts), question["id"]
        assert question["explanation"].strip(), question["id"]


def test_a_quiz_question_cites_a_key_message_of_its_own_audit(knowledge: KnowledgeSet) -> None:
    """The key message is the question's citation, and through it its audit and cases; each
    file holds one audit's questions (quizzes/<audit>.yml)."""
    messages = {message["id"]: message for message in knowledge.of(KEY_MESSAGES)}
    for located in knowledge.items[QUIZ_QUESTIONS]:
        question = located.data
        assert Path(located.file).stem == question["source"], question["id"]
        assert messages[question["key_message"]]["source"] == question["source"], question["id"]


def test_every_audit_with_walkthroughs_has_three_to_five_before_after_questions(
    knowledge: KnowledgeSet,
) -> None:
    audits = {stage["source"] for stage in knowledge.of(WALKTHROUGH_STAGES)}
    for audit in audits:
        checks = [item for item in knowledge.of(CHECK_QUESTIONS) if item["source"] == audit]
        assert 3 <= len(checks) <= 5, audit
        assert any(item.get("confidence") for item in checks), audit


def test_the_non_attendance_quiz_asks_in_the_words_a_child_was_not_brought(
    knowledge: KnowledgeSet,
) -> None:
    """The audit: "'Did not attend' (DNAs) really mean that children are not being brought to
    appointments"; practitioners (and the escalation route) say the child "was not brought". A
    quiz asked for on "was not brought" shows that term in its question or answer."""
    questions = [
        question
        for question in knowledge.of(QUIZ_QUESTIONS)
        if question["key_message"] == "not-brought-to-appointments"
    ]
    assert questions
    for question in questions:
        correct = next(option["text"] for option in question["options"] if option.get("correct"))
        assert "not brought" in f"{question['question']} {correct}", question["id"]
