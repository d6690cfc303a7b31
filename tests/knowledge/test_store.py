"""Loading knowledge into SQL: queryable, atomic, configurable links, feedback kept."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot.knowledge import store as store_module
from bot.knowledge.models import Feedback
from bot.knowledge.schema import KEY_MESSAGES
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.knowledge.validation import KnowledgeInvalid, check_knowledge
from bot.settings import Settings
from tests.support import FIXTURES

FIXTURE = FIXTURES / "extra_key_message.yml"


def open_store(settings: Settings) -> KnowledgeStore:
    return KnowledgeStore.from_settings(settings)


def test_load_makes_key_messages_queryable_with_their_relations(settings: Settings) -> None:
    load_knowledge(settings, environ={})
    knowledge = open_store(settings)
    with knowledge.session() as session:
        message = knowledge.key_message(session, "children-witnessing-domestic-abuse")
        assert message is not None
        assert message.source.short_title == "SEND audit 2016-17"
        assert [case.name for case in message.cases] == ["Barak"]
        nia = next(s for s in message.signposts if s.id == "nia-project")
        assert (nia.phone, nia.email) == ("020 7683 1270", "info@niaendingviolence.org.uk")
        assert message.reflective_questions == []
        in_yaml = check_knowledge(settings.knowledge_dir).of(KEY_MESSAGES)
        assert knowledge.count_reflective_questions(session) == sum(
            len(m["reflective_questions"]) for m in in_yaml
        )
        assert len(knowledge.key_messages(session)) == len(in_yaml)


def test_a_new_key_message_file_is_queryable_without_code_change(settings: Settings) -> None:
    shutil.copy(FIXTURE, settings.knowledge_dir / "key_messages" / "next-audit.yml")
    load_knowledge(settings, environ={})
    knowledge = open_store(settings)
    with knowledge.session() as session:
        message = knowledge.key_message(session, "fixture-new-audit-message")
        assert message is not None
        assert [q.text for q in message.reflective_questions] == [
            "Does adding a file make this queryable?"
        ]
        assert [related.id for related in message.related] == ["disguised-compliance"]
        theme = next(t for t in knowledge.themes(session) if t.id == "information-sharing")
        assert "fixture-new-audit-message" in [m.id for m in theme.key_messages]


def test_invalid_knowledge_leaves_the_previous_database_intact(settings: Settings) -> None:
    load_knowledge(settings, environ={})
    broken = settings.knowledge_dir / "key_messages" / "broken.yml"
    broken.write_text("key_messages:\n  - id: broken\n")
    with pytest.raises(KnowledgeInvalid):
        load_knowledge(settings, environ={})
    knowledge = open_store(settings)
    with knowledge.session() as session:
        assert len(knowledge.key_messages(session)) == 26


def test_a_failure_half_way_through_writing_rolls_everything_back(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_knowledge(settings, environ={})
    before = open_store(settings).content_hash()
    shutil.copy(FIXTURE, settings.knowledge_dir / "key_messages" / "next-audit.yml")
    original = store_module.KeyMessage

    def failing_key_message(**fields: object) -> object:
        if fields.get("id") == "fixture-new-audit-message":
            raise RuntimeError("disk full")
        return original(**fields)

    monkeypatch.setattr(store_module, "KeyMessage", failing_key_message)
    with pytest.raises(RuntimeError, match="disk full"):
        load_knowledge(settings, environ={})
    monkeypatch.undo()
    database = settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        count = connection.execute("select count(*) from key_messages").fetchone()[0]
        ids = {row[0] for row in connection.execute("select id from key_messages")}
    assert count == 26
    assert "fixture-new-audit-message" not in ids
    assert open_store(settings).content_hash() == before


def test_reload_keeps_feedback(settings: Settings) -> None:
    load_knowledge(settings, environ={})
    open_store(settings).record_feedback("disguised-compliance", helpful=True)
    open_store(settings).record_feedback("disguised-compliance", helpful=False)
    load_knowledge(settings, environ={})
    knowledge = open_store(settings)
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
    settings: Settings, tmp_path: Path
) -> None:
    deployment = tmp_path / "deployment-links.yml"
    deployment.write_text(
        "links:\n  escalation-policy: https://partnership.example/escalation\n"
        "  chronology-template: https://partnership.example/chronology\n"
    )
    configured = Settings(settings.database_url, settings.knowledge_dir, deployment)
    load_knowledge(
        configured, environ={"RPA_LINK_CHRONOLOGY_TEMPLATE": "https://intranet.example/chronology"}
    )
    knowledge = open_store(configured)
    with knowledge.session() as session:
        message = knowledge.key_message(session, "chronic-neglect")
        assert message is not None
        links = {s.id: s.link.url for s in message.signposts if s.link is not None}
        assert links["chronology-template"] == "https://intranet.example/chronology"
        escalation = knowledge.key_messages_signposting(session, "escalation-policy")
        assert escalation
        policy = next(s for s in escalation[0].signposts if s.id == "escalation-policy")
        assert policy.link.url == "https://partnership.example/escalation"


def test_unknown_link_in_the_deployment_file_is_an_error(
    settings: Settings, tmp_path: Path
) -> None:
    deployment = tmp_path / "links.yml"
    deployment.write_text("links:\n  escalation-polcy: https://x.example\n")
    with pytest.raises(KnowledgeInvalid, match="unknown link id\\(s\\): escalation-polcy"):
        load_knowledge(
            Settings(settings.database_url, settings.knowledge_dir, deployment), environ={}
        )


def test_load_makes_the_escalation_routes_queryable_in_order(settings: Settings) -> None:
    load_knowledge(settings, environ={})
    knowledge = open_store(settings)
    with knowledge.session() as session:
        routes = knowledge.escalation_routes(session)
        assert [route.id for route in routes][:3] == [
            "care-plan-not-progressing",
            "agency-not-responding",
            "adult-mental-health-not-responding",
        ]
        assert len(routes) == 7
        by_id = {route.id: route for route in routes}
        disagreement = by_id["professional-disagreement"]
        in_yaml = next(
            item
            for item in yaml.safe_load(
                (settings.knowledge_dir / "escalation.yml").read_text(encoding="utf-8")
            )["escalation_routes"]
            if item["id"] == "professional-disagreement"
        )
        assert [step.id for step in disagreement.steps] == in_yaml["steps"]  # the file's order
        assert [m.id for m in disagreement.key_messages] == [
            "calling-professionals-meetings",
            "access-to-services",
        ]
        assert "disagree*" in disagreement.words
        assert by_id["adult-mental-health-not-responding"].refines_id == "agency-not-responding"
        chair = disagreement.steps[-1]
        assert [s.id for s in chair.services] == ["independent-chair", "escalation-policy"]
        assert chair.key_message.source.short_title == "SEND audit 2016-17"
        time_frame = next(
            step for step in disagreement.steps if step.id == "resolve-within-time-frame"
        )
        assert time_frame.key_message is None
        assert time_frame.reference.startswith("London Safeguarding Children Procedures")
        assert (
            time_frame.reference_link.id
            == "london-safeguarding-children-procedures-conflict-resolution"
        )
        tried = knowledge.escalation_tried(session)
        assert [t.id for t in tried][:2] == ["nothing-yet", "manager-involved"]
        assert tried[0].done_steps == []
        assert [s.id for s in tried[1].done_steps] == ["raise-with-manager", "flag-in-supervision"]


def test_a_failed_reload_keeps_the_escalation_routes(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_knowledge(settings, environ={})
    path = settings.knowledge_dir / "escalation_steps.yml"
    path.write_text(path.read_text().replace("Say what is stuck", "Say first what is stuck"))
    original = store_module.EscalationTried

    def failing_tried(**fields: object) -> object:
        if fields.get("id") == "professionals-meeting-held":
            raise RuntimeError("disk full")
        return original(**fields)

    monkeypatch.setattr(store_module, "EscalationTried", failing_tried)
    with pytest.raises(RuntimeError, match="disk full"):
        load_knowledge(settings, environ={})
    monkeypatch.undo()
    path.write_text(path.read_text().replace("    key_message: disguised-compliance\n", "", 1))
    with pytest.raises(KnowledgeInvalid, match="cite exactly one source"):
        load_knowledge(settings, environ={})
    knowledge = open_store(settings)
    with knowledge.session() as session:
        routes = knowledge.escalation_routes(session)
        assert len(routes) == 7
        assert routes[0].steps[0].what.startswith("Say what is stuck")
        assert len(knowledge.escalation_tried(session)) == 5
    database = settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        assert connection.execute("select count(*) from escalation_route_steps").fetchone()[0] == 26


def test_a_deployment_link_for_a_step_contact_reaches_the_route_text(settings: Settings) -> None:
    from bot.dialogue import escalation

    url = "https://partnership.example/professionals-meetings"
    load_knowledge(settings, environ={"RPA_LINK_PROFESSIONALS_MEETING_GUIDANCE": url})
    guide = escalation.load_guide(open_store(settings))
    text = escalation.route_reply(guide.route("network-stuck"), None)[0].text
    assert f"Contact: CHSCP guidance on calling a professionals meeting: {url}" in text
    assert (
        "CHSCP escalation policy (the 2016-17 audit: CHSCB) (link left blank in the audit; not set yet)"
        in text
    )


def test_a_route_may_refine_one_defined_after_it(settings: Settings) -> None:
    path = settings.knowledge_dir / "escalation.yml"
    path.write_text(
        path.read_text().replace(
            "  - id: care-plan-not-progressing\n",
            "  - id: care-plan-not-progressing\n    refines: network-stuck\n",
            1,
        )
    )
    load_knowledge(settings, environ={})
    knowledge = open_store(settings)
    with knowledge.session() as session:
        first = knowledge.escalation_routes(session)[0]
        assert (first.id, first.refines_id) == ("care-plan-not-progressing", "network-stuck")
