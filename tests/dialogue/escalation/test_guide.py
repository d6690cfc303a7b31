"""The guide: the routes' data, how it is validated, and how it reaches the guide."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialogue.escalation.replies import route_reply
from bot.knowledge.escalation.guide import Guide
from bot.knowledge.escalation.matching import normalise
from bot.knowledge.validation import KnowledgeInvalid, check_knowledge
from bot.settings import Settings
from tests.support import loaded_guide


def test_every_situation_the_issue_names_has_a_route(guide: Guide) -> None:
    assert {route.id for route in guide.routes} == {
        "care-plan-not-progressing",
        "agency-not-responding",
        "adult-mental-health-not-responding",
        "professional-disagreement",
        "family-not-engaging",
        "missed-appointments",
        "network-stuck",
    }
    assert all(route.steps and all(step.citation for step in route.steps) for route in guide.routes)


def test_a_broken_step_reference_is_a_clear_error(knowledge_dir: Path) -> None:
    path = knowledge_dir / "escalation.yml"
    text = path.read_text()
    path.write_text(
        text.replace(
            "steps: [raise-with-manager, seek-resolution-with-agency, "
            "escalate-to-independent-chair]",
            "steps: [raise-with-manager, seek-resolution-with-agnecy, "
            "escalate-to-independent-chair]",
        )
    )
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    assert any(
        error.startswith("knowledge/escalation.yml:")
        and "escalation route 'agency-not-responding', "
        "field 'steps': unknown escalation step 'seek-resolution-with-agnecy'"
        in error
        for error in raised.value.errors
    ), raised.value.errors


def test_missing_fields_unknown_services_and_links_are_reported(knowledge_dir: Path) -> None:
    path = knowledge_dir / "escalation_steps.yml"
    text = path.read_text()
    text = text.replace('    who: "Your manager"\n', "", 1)
    text = text.replace("services: [elft-named-professional]", "services: [elft-named-profesional]")
    text = text.replace(
        "reference_link: london-safeguarding-children-procedures-conflict-resolution",
        "reference_link: london-procedures",
    )
    path.write_text(text)
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    errors = "\n".join(raised.value.errors)
    assert "escalation step 'raise-with-manager': missing required field 'who'" in errors
    assert (
        "escalation step 'escalate-to-elft-named-professional', field 'services': "
        "unknown service 'elft-named-profesional'" in errors
    )
    assert (
        "escalation step 'resolve-within-time-frame', field 'reference_link': "
        "unknown link 'london-procedures'" in errors
    )


def test_too_few_words_and_unknown_key_messages_in_a_route(knowledge_dir: Path) -> None:
    path = knowledge_dir / "escalation.yml"
    path.write_text(
        path.read_text().replace(
            "key_messages: [disguised-compliance, calling-professionals-meetings]",
            "key_messages: [disguised-complience]\n    colour: red",
        )
    )
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    errors = "\n".join(raised.value.errors)
    assert "escalation route 'family-not-engaging': unknown field 'colour'" in errors
    assert "field 'key_messages': unknown key message 'disguised-complience'" in errors


def test_a_step_must_cite_exactly_one_source(knowledge_dir: Path) -> None:
    path = knowledge_dir / "escalation_steps.yml"
    path.write_text(
        path.read_text().replace("    key_message: adult-mental-health-escalation\n", "", 1)
    )
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    assert len(raised.value.errors) == 1
    assert raised.value.errors[0].startswith("knowledge/escalation_steps.yml:")
    assert (
        "escalation step 'escalate-to-elft-named-professional': cite exactly one source"
        in raised.value.errors[0]
    )


def test_a_step_citing_two_sources_or_a_link_without_reference_is_reported(
    knowledge_dir: Path,
) -> None:
    path = knowledge_dir / "escalation_steps.yml"
    text = path.read_text()
    text = text.replace(
        "    key_message: adult-mental-health-escalation\n",
        '    key_message: adult-mental-health-escalation\n    reference: "ELFT policy"\n',
        1,
    )
    text = text.replace(
        "    key_message: disguised-compliance\n",
        "    key_message: disguised-compliance\n    reference_link: escalation-policy\n",
        1,
    )
    path.write_text(text)
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    errors = raised.value.errors
    assert len(errors) == 2, errors
    assert all(error.startswith("knowledge/escalation_steps.yml:") for error in errors)
    assert (
        "escalation step 'escalate-to-elft-named-professional': cite exactly one source"
        in errors[0]
    )
    assert errors[1].endswith(
        "escalation step 'flag-in-supervision': 'reference_link' needs a 'reference'"
    )


def test_the_cited_source_error_names_the_line_of_the_step(knowledge_dir: Path) -> None:
    path = knowledge_dir / "escalation_steps.yml"
    text = path.read_text()
    path.write_text(text.replace("    key_message: disguised-compliance\n", "", 1))
    line = text.splitlines().index("  - id: flag-in-supervision") + 1
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    assert raised.value.errors == [
        f"knowledge/escalation_steps.yml:{line}: escalation step 'flag-in-supervision': "
        "cite exactly one source, either 'key_message' (an audit's key message) or "
        "'reference' (e.g. a procedures chapter)"
    ]


def test_no_step_repeats_its_title(guide: Guide) -> None:
    steps = {step.id: step for route in guide.routes for step in route.steps}
    for step in steps.values():
        assert not normalise(step.what).startswith(normalise(step.title)), step.id


def test_a_step_changed_in_the_data_changes_every_route_that_uses_it(settings: Settings) -> None:
    path = settings.knowledge_dir / "escalation_steps.yml"
    path.write_text(
        path.read_text().replace(
            "Say what is stuck", "Talk to your line manager first: say what is stuck"
        )
    )
    changed = loaded_guide(settings)
    for route_id in ("agency-not-responding", "care-plan-not-progressing"):
        text = route_reply(changed.route(route_id), None)[0].text
        assert "Talk to your line manager first" in text


def test_links_set_by_the_deployment_reach_the_route(settings: Settings) -> None:
    url = "https://partnership.example/escalation"
    loaded = loaded_guide(
        settings,
        environ={
            "RPA_LINK_ESCALATION_POLICY": url,
            "RPA_LINK_LONDON_SAFEGUARDING_CHILDREN_PROCEDURES_CONFLICT_RESOLUTION": "https://procedures.example/conflict",
        },
    )
    text = route_reply(loaded.route("professional-disagreement"), None)[0].text
    assert (
        "CHSCB escalation policy (as named in the 2016-17 audit; the current policy to be "
        f"confirmed by the partnership): {url}"
    ) in text
    assert "(para 1.4) (https://procedures.example/conflict)" in text
