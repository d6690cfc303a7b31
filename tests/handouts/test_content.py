"""What each kind of handout says, from the fixture knowledge set (exact) and the real
knowledge base (complete): every key message of a case, audit or theme, every reflective
question, each fact with its audit and case, blank links left blank, unknown ids refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.handouts.content import BRIEFING_QUESTIONS, Handouts, Kind, NotFound
from bot.settings import PROJECT_ROOT, Settings
from tests.handouts.conftest import loaded

KNOWLEDGE = PROJECT_ROOT / "knowledge"


def real_key_messages() -> list[dict]:
    return [
        message
        for path in sorted((KNOWLEDGE / "key_messages").glob("*.yml"))
        for message in yaml.safe_load(path.read_text())["key_messages"]
    ]


def real_cases() -> list[dict]:
    return [
        case
        for path in sorted((KNOWLEDGE / "cases").glob("*.yml"))
        for case in yaml.safe_load(path.read_text())["cases"]
    ]


def test_fixture_case_handout_holds_its_learning_with_sources(fixture_handouts: Handouts) -> None:
    handout = fixture_handouts.build(Kind.CASE, "send-adam")
    assert handout.title == "Case handout: Case 1 (Adam), SEND audit 2016-17"
    (case,) = handout.cases
    assert case.summary == "Adam is a Looked After Child at a special school."
    assert case.strengths == ("Very good multi-agency care.", "A stable placement.")
    assert case.citation == "Source: SEND audit 2016-17, Case 1 (Adam)."
    (learning,) = handout.learning
    assert learning.id == "disguised-compliance"
    assert learning.found == "The audit found patterns of engagement and non-engagement."
    assert learning.actions == ("Triangulate what the family tells you.", "Flag it in supervision.")
    assert learning.questions == ("Do you flag disguised compliance in supervision?",)
    assert learning.citation == "Source: SEND audit 2016-17, Case 1 (Adam)."
    assert learning.theme == "Engaging families"
    (service,) = handout.services()
    assert service.name == "Fixture escalation policy"
    assert service.source == "Source: SEND audit 2016-17."
    # The fixture's link is blank: it stays blank, and the handout says so.
    assert service.url == ""
    assert "its link was left blank in the audit and is not set yet" in service.contact
    assert handout.contacts[0].phone == "999"


def test_a_configured_link_is_used_and_only_then(fixture_settings: Settings) -> None:
    handouts = loaded(
        fixture_settings, environ={"RPA_LINK_ESCALATION_POLICY": "https://example.org/policy"}
    )
    try:
        (service,) = handouts.build(Kind.CASE, "send-adam").services()
        assert service.url == "https://example.org/policy"
        assert "left blank" not in service.contact
    finally:
        handouts.store.engine.dispose()


def test_fixture_audit_and_theme_handouts(fixture_handouts: Handouts) -> None:
    audit = fixture_handouts.build(Kind.AUDIT, "send-2016-17")
    assert [case.id for case in audit.cases] == ["send-adam", "send-barak", "send-case-3"]
    assert [item.id for item in audit.learning] == [
        "disguised-compliance",
        "children-witnessing-domestic-abuse",
        "calling-professionals-meetings",
    ]
    unnamed = audit.learning[2]
    assert unnamed.citation == "Source: SEND audit 2016-17, an audited case it does not name."
    assert [s.name for s in audit.services()] == [
        "Fixture escalation policy",
        "Nia Project",
        "Guidance on calling a professionals meeting",
    ]
    nia = audit.services()[1]
    assert nia.contact == (
        "Contact: phone 020 7683 1270, email info@niaendingviolence.org.uk, "
        "website www.niaendingviolence.org.uk."
    )
    theme = fixture_handouts.build(Kind.THEME, "engaging-families")
    assert theme.title == "Theme handout: Engaging families"
    assert [item.id for item in theme.learning] == ["disguised-compliance"]
    assert theme.audits and "SEND" in theme.audits[0]


def test_fixture_briefing_and_its_team_questions(fixture_handouts: Handouts) -> None:
    briefing = fixture_handouts.build(Kind.BRIEFING, "send-adam")
    assert briefing.kind is Kind.BRIEFING
    assert briefing.title.startswith("7-minute briefing: Case 1 (Adam)")
    # The audit gives one question for Adam: one is given, none made up.
    assert [q for q, _ in briefing.team_questions()] == [
        "Do you flag disguised compliance in supervision?"
    ]


def test_a_case_without_learning_of_its_own_has_no_briefing(fixture_handouts: Handouts) -> None:
    with pytest.raises(NotFound, match="no 7-minute briefing") as refused:
        fixture_handouts.build(Kind.BRIEFING, "send-case-3")
    assert "send-2016-17" in str(refused.value)
    # ...but it has a case handout, with its story.
    assert fixture_handouts.build(Kind.CASE, "send-case-3").learning == ()


@pytest.mark.parametrize(
    ("kind", "word"),
    [(Kind.CASE, "case"), (Kind.BRIEFING, "case"), (Kind.AUDIT, "audit"), (Kind.THEME, "theme")],
)
def test_an_unknown_id_is_named(fixture_handouts: Handouts, kind: Kind, word: str) -> None:
    with pytest.raises(NotFound) as refused:
        fixture_handouts.build(kind, "no-such-thing")
    assert str(refused.value) == (
        f"There is no {word} with the id “no-such-thing”"
        + (" in the audits." if word == "case" else ".")
    )


def test_fixture_catalogue(fixture_handouts: Handouts) -> None:
    catalogue = fixture_handouts.catalogue()
    assert [e.id for e in catalogue.audits] == ["send-2016-17"]
    assert [(e.id, e.briefing) for e in catalogue.cases] == [
        ("send-adam", True),
        ("send-barak", True),
        ("send-case-3", False),
    ]
    assert {e.id for e in catalogue.themes} == {
        "engaging-families",
        "information-sharing",
        "escalation-and-multi-agency-working",
    }


def test_every_real_case_handout_holds_all_its_learning(real_handouts: Handouts) -> None:
    messages = real_key_messages()
    for case in real_cases():
        handout = real_handouts.build(Kind.CASE, case["id"])
        expected = [m for m in messages if case["id"] in m["cases"]]
        assert [item.id for item in handout.learning] == [m["id"] for m in expected], case["id"]
        assert [q for q, _ in handout.questions()] == [
            q for m in expected for q in m["reflective_questions"]
        ]
        for item, message in zip(handout.learning, expected, strict=True):
            assert item.actions == tuple(message["actions"])
            assert item.citation.startswith("Source: ")
            assert f"Case {case['number']}" in item.citation
        assert handout.cases[0].summary == case["summary"]


def test_every_real_audit_and_theme_handout_is_complete(real_handouts: Handouts) -> None:
    messages = real_key_messages()
    catalogue = real_handouts.catalogue()
    assert len(catalogue.audits) == 2 and len(catalogue.cases) == len(real_cases())
    for entry in catalogue.audits:
        handout = real_handouts.build(Kind.AUDIT, entry.id)
        assert [i.id for i in handout.learning] == [
            m["id"] for m in messages if m["source"] == entry.id
        ]
    themed = {m["theme"] for m in messages}
    assert {e.id for e in catalogue.themes} == themed
    for theme in themed:
        handout = real_handouts.build(Kind.THEME, theme)
        assert {i.id for i in handout.learning} == {
            m["id"] for m in messages if m["theme"] == theme
        }


def test_real_briefings_one_per_case_with_learning(real_handouts: Handouts) -> None:
    messages = real_key_messages()
    for case in real_cases():
        own = [m for m in messages if case["id"] in m["cases"]]
        if not own:
            with pytest.raises(NotFound):
                real_handouts.build(Kind.BRIEFING, case["id"])
            continue
        briefing = real_handouts.build(Kind.BRIEFING, case["id"])
        questions = briefing.team_questions()
        available = [q for m in own for q in m["reflective_questions"]]
        assert len(questions) == min(BRIEFING_QUESTIONS, len(available)), case["id"]
        assert all(q in available for q, _ in questions)
        # They come from as many key messages as they can.
        with_questions = [m for m in own if m["reflective_questions"]]
        assert len({item.id for _, item in questions}) == min(len(questions), len(with_questions))


def test_real_services_keep_blank_links_blank(real_handouts: Handouts) -> None:
    links = yaml.safe_load((KNOWLEDGE / "links.yml").read_text())["links"]
    assert not any(links.values()), "this test expects the audits' links to be blank"
    for entry in real_handouts.catalogue().audits:
        for service in real_handouts.build(Kind.AUDIT, entry.id).services():
            assert service.url == ""
            assert service.source.startswith("Source: ")
            assert service.contact.startswith(("Contact: ", "No contact yet: "))


def test_knowledge_reload_is_seen_on_the_next_build(fixture_settings: Settings) -> None:
    handouts = loaded(fixture_settings)
    try:
        path = Path(fixture_settings.knowledge_dir) / "cases" / "send-2016-17.yml"
        path.write_text(path.read_text().replace("at a special school", "at a new school"))
        loaded(fixture_settings).store.engine.dispose()
        assert "at a new school" in handouts.build(Kind.CASE, "send-adam").cases[0].summary
    finally:
        handouts.store.engine.dispose()
