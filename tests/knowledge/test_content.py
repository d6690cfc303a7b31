"""The real knowledge base holds both audits completely and invents nothing.

These check what knowledge/ says, so they name the two audits' cases and questions; what they
count comes from the files, so adding the next audit breaks none of them.
"""

from __future__ import annotations

import pytest

from bot.knowledge.schema import CASES, KEY_MESSAGES, SERVICES, SOURCES
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
