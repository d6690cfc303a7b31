"""What the partnership confirms before go-live (issue 9): unconfirmed contacts are listed,
fail the release check and are never presented as verified; the routes say no more than
their sources."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from bot.dialogue.answers.safety import all_urgent_contacts, urgent_advice
from bot.dialogue.escalation.replies import route_reply
from bot.knowledge.citations import message_citation
from bot.knowledge.escalation.guide import load_guide
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.knowledge.validation import KnowledgeInvalid
from bot.settings import ENV_CLOCK, PROJECT_ROOT, Settings, now
from tests.support import run_cli
from tests.urgent_clock import TWO_AM

CONTACTS = PROJECT_ROOT / "knowledge" / "contacts.yml"


def marked_for_review() -> list[str]:
    contacts = yaml.safe_load(CONTACTS.read_text(encoding="utf-8"))["urgent_contacts"]
    return [c["id"] for c in contacts if c["review_before_go_live"] and not c.get("confirmed_by")]


def suggested_steps() -> list[str]:
    routes = yaml.safe_load((PROJECT_ROOT / "knowledge" / "escalation.yml").read_text())[
        "escalation_routes"
    ]
    return [
        f"{route['id']}/{step}" for route in routes for step in route.get("suggested_steps") or []
    ]


def test_check_lists_every_unconfirmed_contact_and_release_fails(
    knowledge_dir: Path, tmp_path: Path
) -> None:
    result = run_cli("knowledge", "check", knowledge_dir=knowledge_dir, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    for contact_id in marked_for_review():
        assert f"urgent contact '{contact_id}'" in result.stdout
    for key in suggested_steps():
        assert f"to be confirmed as '{key}'" in result.stdout
    release = run_cli(
        "knowledge", "check", "--release", knowledge_dir=knowledge_dir, tmp_path=tmp_path
    )
    assert release.returncode == 1 and "release check failed" in release.stderr


def confirmations_file(tmp_path: Path, ids: list[str]) -> Path:
    path = tmp_path / "confirmations.yml"
    path.write_text(
        yaml.safe_dump(
            {
                "confirmations": {
                    contact_id: {"by": "J. Doe, CHSCP business manager", "on": "2026-12-01"}
                    for contact_id in ids
                }
            }
        ),
        encoding="utf-8",
    )
    return path


def test_confirming_every_contact_in_configuration_passes_the_release_check(
    knowledge_dir: Path, tmp_path: Path
) -> None:
    path = confirmations_file(tmp_path, marked_for_review() + suggested_steps())
    os.environ["RPA_CONFIRMATIONS_FILE"] = str(path)
    try:
        # Every item must be signed off too (tests/knowledge/test_sign_off.py).
        signed = run_cli(
            "knowledge",
            "sign",
            "--by",
            "J. Doe, lead",
            knowledge_dir=knowledge_dir,
            tmp_path=tmp_path,
        )
        assert signed.returncode == 0, signed.stderr
        release = run_cli(
            "knowledge", "check", "--release", knowledge_dir=knowledge_dir, tmp_path=tmp_path
        )
    finally:
        del os.environ["RPA_CONFIRMATIONS_FILE"]
    assert release.returncode == 0, release.stdout + release.stderr
    assert "still to be confirmed" not in release.stdout


def test_a_bad_confirmation_names_file_id_and_field(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "confirmations.yml"
    path.write_text(
        "confirmations:\n  hackney-mash: {by: ''}\n  no-such-contact: {by: x, on: 2026-12-01}\n"
    )
    with pytest.raises(KnowledgeInvalid) as raised:
        load_knowledge(
            Settings(settings.database_url, settings.knowledge_dir, None, path), environ={}
        )
    errors = "\n".join(raised.value.errors)
    assert f"{path}:2: confirmation 'hackney-mash', field 'by'" in errors
    assert "confirmation 'hackney-mash', field 'on'" in errors
    assert (
        "confirmation 'no-such-contact': not an urgent contact id nor a suggested route step"
        in errors
    )


def test_a_confirmation_written_as_the_readme_shows_it_is_read(
    fixture_settings: Settings, tmp_path: Path
) -> None:
    """YAML 1.1 reads the unquoted `on` key of `{by: ..., on: ...}` as true."""
    path = tmp_path / "confirmations.yml"
    path.write_text(
        "confirmations:\n"
        '  fixture-front-door: {by: "J. Doe, CHSCP business manager", on: 2026-12-01}\n'
    )
    confirmed = Settings(fixture_settings.database_url, fixture_settings.knowledge_dir, None, path)
    load_knowledge(confirmed, environ={})
    store = KnowledgeStore.from_settings(confirmed)
    with store.session() as session:
        contact = next(c for c in store.urgent_contacts(session) if c.id == "fixture-front-door")
        assert (contact.confirmed_by, str(contact.confirmed_on)) == (
            "J. Doe, CHSCP business manager",
            "2026-12-01",
        )
        assert not contact.unconfirmed


def urgent_text(settings: Settings) -> str:
    """Every contact, as one tap under the urgent advice shows them."""
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        return all_urgent_contacts(store.urgent_contacts(session))[0].text


def first_urgent_text(settings: Settings) -> str:
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        return urgent_advice(store.urgent_contacts(session), now({ENV_CLOCK: TWO_AM}))[0].text


def test_unconfirmed_numbers_say_where_they_come_from_and_confirmed_ones_do_not(
    settings: Settings, tmp_path: Path
) -> None:
    load_knowledge(settings, environ={})
    assert "not yet confirmed them for this assistant, so check them on its website" in urgent_text(
        settings
    )
    assert "(to be confirmed by the partnership)" in first_urgent_text(settings)
    confirmed = Settings(
        settings.database_url,
        settings.knowledge_dir,
        None,
        confirmations_file(tmp_path, marked_for_review()),
    )
    load_knowledge(confirmed, environ={})
    assert "not yet confirmed" not in urgent_text(confirmed)
    assert "to be confirmed" not in first_urgent_text(confirmed)


def test_urgent_advice_gives_office_hours_and_out_of_hours_for_each_area(
    settings: Settings,
) -> None:
    load_knowledge(settings, environ={})
    text = urgent_text(settings)
    for area in ("Hackney", "City of London"):
        lines = [line for line in text.splitlines() if area in line]
        assert any("Monday to Friday, 9am-5pm (not bank holidays)" in line for line in lines)
        assert any("evenings, nights, weekends and bank holidays" in line for line in lines)
    # The council's page names the Hackney number the First Access and Screening Team; the
    # audit only mentions FAST, so it is not cited for it (content review M18).
    assert "First Access and Screening Team (FAST)" in text and "hackney.gov.uk" in text
    assert "the 2019/20 audit calls" not in text


def test_missed_appointments_route_says_no_more_than_the_audit(settings: Settings) -> None:
    load_knowledge(settings, environ={})
    guide = load_guide(KnowledgeStore.from_settings(settings))
    route = guide.route("missed-appointments")
    assert route is not None
    assert "escalate-to-independent-chair" not in [step.id for step in route.steps]
    re_referral = next(step for step in route.steps if "re-refer" in step.title.lower())
    assert "question" in re_referral.what and re_referral.what.endswith("?")
    dna = next(step for step in route.steps if step.id == "escalate-dna-pattern")
    assert "escalation policy" not in dna.what.lower()
    assert not any(contact.name.endswith("escalation policy") for contact in dna.contacts)


def test_a_suggested_step_says_so_until_the_partnership_confirms_it(
    settings: Settings, tmp_path: Path
) -> None:
    load_knowledge(settings, environ={})
    guide = load_guide(KnowledgeStore.from_settings(settings))
    route = guide.route("adult-mental-health-not-responding")
    assert route is not None
    text = route_reply(route, None)[0].text
    assert "Its place in this route is suggested, to be confirmed by the partnership." in text
    elft = next(step for step in route.steps if "ELFT" in step.title)
    assert not elft.suggested and elft.basis.startswith("audit: ")
    confirmed = Settings(
        settings.database_url,
        settings.knowledge_dir,
        None,
        confirmations_file(tmp_path, ["adult-mental-health-not-responding/raise-with-manager"]),
    )
    load_knowledge(confirmed, environ={})
    route = load_guide(KnowledgeStore.from_settings(confirmed)).route(
        "adult-mental-health-not-responding"
    )
    assert route is not None
    manager = route.steps[0]
    assert (
        not manager.suggested
        and "confirmed by J. Doe, CHSCP business manager, 2026-12-01" in manager.basis
    )


def test_professional_disagreement_starts_where_the_london_procedures_start(
    settings: Settings,
) -> None:
    load_knowledge(settings, environ={})
    route = load_guide(KnowledgeStore.from_settings(settings)).route("professional-disagreement")
    assert route is not None
    assert (
        route.steps[0].title == "Resolve it within a working week" and not route.steps[0].from_audit
    )


def test_a_suggested_step_that_is_not_in_its_route_is_an_error(knowledge_dir: Path) -> None:
    from bot.knowledge.validation import check_knowledge

    path = knowledge_dir / "escalation.yml"
    path.write_text(
        path.read_text().replace(
            "suggested_steps: [call-professionals-meeting]", "suggested_steps: [re-refer-to-csc]", 1
        )
    )
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    assert any(
        "field 'suggested_steps': 're-refer-to-csc' is not one of its steps" in e
        for e in raised.value.errors
    )


def test_citations_say_which_case_and_explain_a_case_only_referred_to(settings: Settings) -> None:
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        for message in store.key_messages(session):
            full = store.key_message(session, message.id)
            assert full is not None
            cited = message_citation(full)
            if full.case_note:
                assert full.case_note in cited and "all the cases" not in cited
            for case in full.cases:
                if case.referred_only:
                    # The audit only says what the case highlighted (review M14).
                    assert f"Case {case.number}, which the audit refers to but does not " in cited
