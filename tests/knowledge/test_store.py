"""Loading knowledge into SQL: queryable, atomic, configurable links, feedback kept.

The machinery is tested on the small fixture knowledge set, whose contents the tests can
count; the real knowledge/ is checked to load completely, whatever it holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from bot.dialogue.escalation.replies import route_reply
from bot.knowledge.escalation.guide import load_guide
from bot.knowledge.models import (
    COLLECTION_MODELS,
    EscalationTried,
    Feedback,
    KeyMessage,
    ReflectiveQuestion,
)
from bot.knowledge.schema import (
    ESCALATION_ROUTES,
    ESCALATION_TRIED,
    KEY_MESSAGES,
    QUIZ_QUESTIONS,
    URGENT_CONTACTS,
    WALKTHROUGH_STAGES,
)
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.knowledge.validation import KnowledgeInvalid
from bot.settings import Settings
from tests.support import add_extra_key_message


def open_store(settings: Settings) -> KnowledgeStore:
    return KnowledgeStore.from_settings(settings)


def database_rows(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted: what the database holds, to compare before and after."""
    database = settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        tables = [
            name
            for (name,) in connection.execute("select name from sqlite_master where type='table'")
        ]
        return {
            table: sorted(connection.execute(f'select * from "{table}"').fetchall(), key=repr)
            for table in tables
        }


@contextmanager
def failing_insert(model: type, item_id: str) -> Iterator[None]:
    """Makes writing one item fail, as a full disk would, half way through a load."""

    def fail(_mapper: object, _connection: object, target: Any) -> None:
        if target.id == item_id:
            raise RuntimeError("disk full")

    event.listen(model, "before_insert", fail)
    try:
        yield
    finally:
        event.remove(model, "before_insert", fail)


def test_load_makes_key_messages_queryable_with_their_relations(fixture_settings: Settings) -> None:
    load_knowledge(fixture_settings, environ={})
    knowledge = open_store(fixture_settings)
    with knowledge.session() as session:
        assert [m.id for m in knowledge.key_messages(session)] == [
            "disguised-compliance",
            "children-witnessing-domestic-abuse",
            "calling-professionals-meetings",
        ]
        message = knowledge.key_message(session, "children-witnessing-domestic-abuse")
        assert message is not None
        assert message.source.short_title == "SEND audit 2016-17"
        assert [case.name for case in message.cases] == ["Barak"]
        nia = next(s for s in message.signposts if s.id == "nia-project")
        assert (nia.phone, nia.email) == ("020 7683 1270", "info@niaendingviolence.org.uk")
        assert message.reflective_questions == []
        assert [related.id for related in message.related] == []
        meetings = knowledge.key_message(session, "calling-professionals-meetings")
        assert meetings is not None
        assert [q.text for q in meetings.reflective_questions] == [
            "Who else holds part of the picture?",
            "Would a professionals meeting help?",
        ]
        assert (meetings.cases, meetings.case_note) == ([], "an audited case it does not name")
        assert [related.id for related in meetings.related] == ["disguised-compliance"]
        assert session.scalar(select(func.count()).select_from(ReflectiveQuestion)) == 3
        assert [(c.number, c.name, c.referred_only) for c in knowledge.cases(session)] == [
            (1, "Adam", False),
            (2, "Barak", False),
            (3, None, True),
        ]


def test_the_real_knowledge_loads_completely_and_verbatim(settings: Settings) -> None:
    """Whatever knowledge/ holds: a row per item, and every list (reflective questions, cases,
    signposts, route steps) exactly as written, in order."""
    knowledge_set = load_knowledge(settings, environ={})
    knowledge = open_store(settings)
    with knowledge.session() as session:
        for key, model in COLLECTION_MODELS.items():
            count = session.scalar(select(func.count()).select_from(model))
            assert count == len(knowledge_set.of(key)), key
        for item in knowledge_set.of(KEY_MESSAGES):
            message = knowledge.key_message(session, item["id"])
            assert message is not None
            assert [q.text for q in message.reflective_questions] == item["reflective_questions"]
            assert [case.id for case in message.cases] == item["cases"]
            assert [s.id for s in message.signposts] == (item.get("signposts") or [])
            assert [m.id for m in message.related] == (item.get("related") or [])
        routes = {route.id: route for route in knowledge.escalation_routes(session)}
        for item in knowledge_set.of(ESCALATION_ROUTES):
            route = routes[item["id"]]
            assert [step.id for step in route.steps] == item["steps"]
            assert [m.id for m in route.key_messages] == item["key_messages"]
        tried = {answer.id: answer for answer in knowledge.escalation_tried(session)}
        for item in knowledge_set.of(ESCALATION_TRIED):
            assert [step.id for step in tried[item["id"]].done_steps] == item["done_steps"]
        contacts = [contact.id for contact in knowledge.urgent_contacts(session)]
        assert contacts == [item["id"] for item in knowledge_set.of(URGENT_CONTACTS)]
        stages = knowledge_set.of(WALKTHROUGH_STAGES)
        for case in {item["case"] for item in stages}:
            written = [item for item in stages if item["case"] == case]
            stored = knowledge.walkthrough(session, case)
            assert [stage.id for stage in stored] == [item["id"] for item in written]
            for stage, item in zip(stored, written, strict=True):
                assert (stage.known, stage.question, stage.found) == (
                    item["known"],
                    item["question"],
                    item["found"],
                )
                assert [(o.text, o.supported, o.happened) for o in stage.options] == [
                    (o["text"], o.get("supported", False), o.get("happened", False))
                    for o in item["options"]
                ]
                assert [m.id for m in stage.key_messages] == item["key_messages"]
                assert stage.reflective_questions == item["reflective_questions"]
        questions = knowledge.quiz_questions(session)
        assert [q.id for q in questions] == [
            item["id"] for item in knowledge_set.of(QUIZ_QUESTIONS)
        ]
        for question, item in zip(questions, knowledge_set.of(QUIZ_QUESTIONS), strict=True):
            assert (question.key_message_id, question.question, question.explanation) == (
                item["key_message"],
                item["question"],
                item["explanation"],
            )
            assert [(o.text, o.correct) for o in question.options] == [
                (o["text"], o.get("correct", False)) for o in item["options"]
            ]


def test_a_new_key_message_file_is_queryable_without_code_change(
    fixture_settings: Settings,
) -> None:
    add_extra_key_message(fixture_settings.knowledge_dir)
    load_knowledge(fixture_settings, environ={})
    knowledge = open_store(fixture_settings)
    with knowledge.session() as session:
        message = knowledge.key_message(session, "fixture-new-audit-message")
        assert message is not None
        assert [q.text for q in message.reflective_questions] == [
            "Does adding a file make this queryable?"
        ]
        assert [related.id for related in message.related] == ["disguised-compliance"]
        theme = next(t for t in knowledge.themes(session) if t.id == "information-sharing")
        assert "fixture-new-audit-message" in [m.id for m in theme.key_messages]
        assert len(knowledge.key_messages(session)) == 4
        (question,) = knowledge.quiz_questions(session, key_message_id="fixture-new-audit-message")
        assert question.id == "quiz-fixture-new-audit-message"


def test_invalid_knowledge_leaves_the_previous_database_intact(fixture_settings: Settings) -> None:
    load_knowledge(fixture_settings, environ={})
    before = database_rows(fixture_settings)
    broken = fixture_settings.knowledge_dir / "key_messages" / "broken.yml"
    broken.write_text("key_messages:\n  - id: broken\n")
    with pytest.raises(KnowledgeInvalid):
        load_knowledge(fixture_settings, environ={})
    assert database_rows(fixture_settings) == before
    knowledge = open_store(fixture_settings)
    with knowledge.session() as session:
        assert len(knowledge.key_messages(session)) == 3


def test_a_failure_half_way_through_writing_rolls_everything_back(
    fixture_settings: Settings,
) -> None:
    load_knowledge(fixture_settings, environ={})
    before = database_rows(fixture_settings)
    add_extra_key_message(fixture_settings.knowledge_dir)
    with (
        failing_insert(KeyMessage, "fixture-new-audit-message"),
        pytest.raises(RuntimeError, match="disk full"),
    ):
        load_knowledge(fixture_settings, environ={})
    assert database_rows(fixture_settings) == before
    assert len(before["key_messages"]) == 3


def test_reload_keeps_feedback(fixture_settings: Settings) -> None:
    load_knowledge(fixture_settings, environ={})
    open_store(fixture_settings).record_feedback("disguised-compliance", helpful=True)
    open_store(fixture_settings).record_feedback("disguised-compliance", helpful=False)
    load_knowledge(fixture_settings, environ={})
    knowledge = open_store(fixture_settings)
    with knowledge.session() as session:
        assert knowledge.feedback_counts(session) == {"disguised-compliance": (1, 1)}
        rows = session.scalars(select(Feedback)).all()
        assert {column.name for column in Feedback.__table__.columns} == {
            "id",
            "key_message_id",
            "helpful",
            "created_at",
        }
        assert len(rows) == 2


def test_links_come_from_the_links_file_then_the_environment(
    fixture_settings: Settings, tmp_path: Path
) -> None:
    deployment = tmp_path / "deployment-links.yml"
    deployment.write_text(
        "links:\n  escalation-policy: https://partnership.example/escalation\n"
        "  professionals-meeting-guidance: https://partnership.example/meetings\n"
    )
    configured = Settings(fixture_settings.database_url, fixture_settings.knowledge_dir, deployment)
    load_knowledge(
        configured,
        environ={"RPA_LINK_PROFESSIONALS_MEETING_GUIDANCE": "https://intranet.example/meetings"},
    )
    knowledge = open_store(configured)
    with knowledge.session() as session:
        meetings = knowledge.key_message(session, "calling-professionals-meetings")
        compliance = knowledge.key_message(session, "disguised-compliance")
        assert meetings is not None and compliance is not None
        assert [s.link.url for s in meetings.signposts] == ["https://intranet.example/meetings"]
        assert [s.link.url for s in compliance.signposts] == [
            "https://partnership.example/escalation"
        ]


def test_unknown_link_in_the_deployment_file_is_an_error(
    fixture_settings: Settings, tmp_path: Path
) -> None:
    deployment = tmp_path / "links.yml"
    deployment.write_text("links:\n  escalation-polcy: https://x.example\n")
    with pytest.raises(KnowledgeInvalid, match="unknown link id\\(s\\): escalation-polcy"):
        load_knowledge(
            Settings(fixture_settings.database_url, fixture_settings.knowledge_dir, deployment),
            environ={},
        )


def test_load_makes_the_escalation_routes_queryable_in_order(fixture_settings: Settings) -> None:
    load_knowledge(fixture_settings, environ={})
    knowledge = open_store(fixture_settings)
    with knowledge.session() as session:
        routes = knowledge.escalation_routes(session)
        assert [route.id for route in routes] == [
            "family-not-engaging",
            "professional-disagreement",
            "network-stuck",
        ]
        by_id = {route.id: route for route in routes}
        disagreement = by_id["professional-disagreement"]
        # The route's order, not the order of escalation_steps.yml.
        assert [step.id for step in disagreement.steps] == [
            "resolve-within-time-frame",
            "raise-with-manager",
            "call-professionals-meeting",
        ]
        assert [m.id for m in disagreement.key_messages] == [
            "calling-professionals-meetings",
            "disguised-compliance",
        ]
        assert "disagree*" in disagreement.words
        assert (disagreement.suggested_steps, disagreement.confirmed_steps) == (
            ["raise-with-manager"],
            {},
        )
        assert by_id["network-stuck"].refines_id == "professional-disagreement"
        assert by_id["family-not-engaging"].refines_id is None
        meeting = disagreement.steps[-1]
        assert [s.id for s in meeting.services] == [
            "professionals-meeting-guidance",
            "escalation-policy",
        ]
        assert meeting.key_message.source.short_title == "SEND audit 2016-17"
        time_frame = disagreement.steps[0]
        assert time_frame.key_message is None
        assert time_frame.reference.startswith("London Safeguarding Children Procedures")
        assert time_frame.reference_link.id == "conflict-resolution-procedures"
        tried = knowledge.escalation_tried(session)
        assert [t.id for t in tried] == [
            "nothing-yet",
            "manager-involved",
            "professionals-meeting-held",
        ]
        assert tried[0].done_steps == []
        assert [s.id for s in tried[1].done_steps] == ["raise-with-manager", "flag-in-supervision"]


def test_a_failed_reload_keeps_the_escalation_routes(fixture_settings: Settings) -> None:
    load_knowledge(fixture_settings, environ={})
    before = database_rows(fixture_settings)
    path = fixture_settings.knowledge_dir / "escalation_steps.yml"
    path.write_text(path.read_text().replace("Say what is stuck", "Say first what is stuck"))
    with (
        failing_insert(EscalationTried, "professionals-meeting-held"),
        pytest.raises(RuntimeError, match="disk full"),
    ):
        load_knowledge(fixture_settings, environ={})
    path.write_text(path.read_text().replace("    key_message: disguised-compliance\n", "", 1))
    with pytest.raises(KnowledgeInvalid, match="cite exactly one source"):
        load_knowledge(fixture_settings, environ={})
    assert database_rows(fixture_settings) == before
    knowledge = open_store(fixture_settings)
    with knowledge.session() as session:
        routes = knowledge.escalation_routes(session)
        assert len(routes) == 3
        manager = next(step for step in routes[1].steps if step.id == "raise-with-manager")
        assert manager.what.startswith("Say what is stuck")
        assert len(knowledge.escalation_tried(session)) == 3
    assert len(before["escalation_route_steps"]) == 8


def test_a_deployment_link_for_a_step_contact_reaches_the_route_text(
    fixture_settings: Settings,
) -> None:
    url = "https://partnership.example/professionals-meetings"
    load_knowledge(fixture_settings, environ={"RPA_LINK_PROFESSIONALS_MEETING_GUIDANCE": url})
    guide = load_guide(open_store(fixture_settings))
    text = route_reply(guide.route("network-stuck"), None)[0].text
    assert f"Contact: Guidance on calling a professionals meeting: {url}" in text
    assert "No link yet for: Fixture escalation policy." in text


def test_a_route_may_refine_one_defined_after_it(fixture_settings: Settings) -> None:
    path = fixture_settings.knowledge_dir / "escalation.yml"
    path.write_text(
        path.read_text().replace(
            "  - id: family-not-engaging\n",
            "  - id: family-not-engaging\n    refines: network-stuck\n",
            1,
        )
    )
    load_knowledge(fixture_settings, environ={})
    knowledge = open_store(fixture_settings)
    with knowledge.session() as session:
        first = knowledge.escalation_routes(session)[0]
        assert (first.id, first.refines_id) == ("family-not-engaging", "network-stuck")


def test_a_case_walkthrough_is_read_in_order_with_all_its_reveal_needs(
    fixture_settings: Settings,
) -> None:
    load_knowledge(fixture_settings, environ={})
    knowledge = open_store(fixture_settings)
    with knowledge.session() as session:
        stages = knowledge.walkthrough(session, "send-adam")
        referred_only = knowledge.walkthrough(session, "send-case-3")
    # Read once the session is closed: a workshop reply needs nothing loaded later.
    assert referred_only == []
    assert [(stage.id, stage.stage) for stage in stages] == [("send-adam-1", 1), ("send-adam-2", 2)]
    first, second = stages
    assert (first.case.name, first.source.short_title) == ("Adam", "SEND audit 2016-17")
    assert first.question == "What would you do next?"
    assert [(o.text, o.supported, o.happened) for o in first.options] == [
        ("Rely on what the family reports.", False, True),
        ("Check what the family reports with other agencies.", True, False),
        ("Close the case.", False, False),
    ]
    assert first.found == "The audit found patterns of engagement and non-engagement."
    assert [m.id for m in second.key_messages] == [
        "calling-professionals-meetings",
        "disguised-compliance",
    ]
    meetings, compliance = second.key_messages
    assert (meetings.source.short_title, meetings.cases) == ("SEND audit 2016-17", [])
    assert [case.name for case in compliance.cases] == ["Adam"]
    assert second.reflective_questions == [
        "Would a professionals meeting help?",
        "Do you flag disguised compliance in supervision?",
    ]


def test_quiz_questions_are_read_by_audit_or_key_message_with_their_citation(
    fixture_settings: Settings,
) -> None:
    load_knowledge(fixture_settings, environ={})
    knowledge = open_store(fixture_settings)
    with knowledge.session() as session:
        every = knowledge.quiz_questions(session)
        on_the_audit = knowledge.quiz_questions(session, source_id="send-2016-17")
        on_a_message = knowledge.quiz_questions(
            session, key_message_id="children-witnessing-domestic-abuse"
        )
        on_both = knowledge.quiz_questions(
            session, source_id="send-2016-17", key_message_id="disguised-compliance"
        )
        on_another_audit = knowledge.quiz_questions(session, source_id="mental-health-2019-20")
    in_file_order = [
        "quiz-disguised-compliance",
        "quiz-children-witnessing-domestic-abuse",
        "quiz-calling-professionals-meetings",
    ]
    assert [q.id for q in every] == [q.id for q in on_the_audit] == in_file_order
    assert [q.id for q in on_both] == ["quiz-disguised-compliance"]
    assert on_another_audit == []
    (question,) = on_a_message
    assert [(o.text, o.correct) for o in question.options] == [
        ("Only the parent.", False),
        ("The child as well as the parent.", True),
        ("Only the police.", False),
        ("No one once it has stopped.", False),
    ]
    assert question.explanation.startswith("The key message:")
    assert question.source.short_title == "SEND audit 2016-17"
    assert question.key_message.title == "Children who witness domestic abuse"
    assert question.key_message.source.short_title == "SEND audit 2016-17"
    assert [case.name for case in question.key_message.cases] == ["Barak"]


def test_before_after_questions_are_read_by_audit_with_their_quiz_question(
    fixture_settings: Settings,
) -> None:
    load_knowledge(fixture_settings, environ={})
    knowledge = open_store(fixture_settings)
    with knowledge.session() as session:
        checks = knowledge.check_questions(session, "send-2016-17")
        none = knowledge.check_questions(session, "mental-health-2019-20")
    assert [check.id for check in checks] == [
        "check-fixture-triangulate",
        "check-fixture-support-the-child",
        "check-fixture-quiz",
    ]
    assert checks[0].confidence == "Triangulate what the family tells you."
    assert checks[0].quiz_question is None
    assert checks[2].quiz_question.id == "quiz-disguised-compliance"
    assert sum(option.correct for option in checks[2].quiz_question.options) == 1
    assert none == []
