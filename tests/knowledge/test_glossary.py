"""Every acronym of the audits, the contacts and the escalation steps is in the glossary, with
its source (issue 19): a practitioner who meets it in an answer can ask what it is."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pytest

from bot.dialogue.terms import load_terms, uses_term
from bot.knowledge.acronyms import (
    GENERAL_NAMES,
    NOT_TERMS,
    acronyms_in,
    acronyms_used,
    local_names_in,
    local_names_used,
)
from bot.knowledge.schema import GLOSSARY, SERVICES, URGENT_CONTACTS
from bot.knowledge.validation import check_knowledge
from bot.settings import PROJECT_ROOT

KNOWLEDGE = PROJECT_ROOT / "knowledge"
AUDIT_TEXTS_ENV = "RPA_AUDIT_TEXTS"
"""A folder of the audits' text (../shared/seeds): read too when it is at hand."""


def _audit_texts() -> list[Path]:
    # ../shared/seeds from the project, or from a worktree's folder of worktrees
    candidates = [
        os.environ.get(AUDIT_TEXTS_ENV),
        PROJECT_ROOT.parent / "shared" / "seeds",
        PROJECT_ROOT.parent.parent / "shared" / "seeds",
    ]
    for folder in (Path(c) for c in candidates if c):
        if folder.is_dir():
            return sorted(folder.glob("*.txt"))
    return []


@lru_cache(maxsize=1)
def _glossary_terms() -> frozenset[str]:
    return frozenset(str(entry["term"]) for entry in check_knowledge(KNOWLEDGE).of(GLOSSARY))


def test_every_acronym_is_in_the_glossary_or_excluded_with_a_reason() -> None:
    used = acronyms_used(KNOWLEDGE, _audit_texts())
    missing = {
        acronym: sorted(files)
        for acronym, files in used.items()
        if acronym not in _glossary_terms() and acronym not in NOT_TERMS
    }
    assert missing == {}


def test_the_terms_practitioners_meet_first_are_explained() -> None:
    named = {"MASH", "FAST", "EDT", "CSC", "CHSCB", "CHSCP", "LAC", "EHCP", "TAC", "CIN", "CP"}
    named |= {"s47", "CAMHS", "ELFT", "DVIP", "HARK", "NFA", "SEND", "ASD"}
    assert named <= _glossary_terms()


def test_exclusions_are_few_and_each_has_a_reason() -> None:
    assert len(NOT_TERMS) <= 10
    assert all(reason.strip() for reason in NOT_TERMS.values())
    assert not set(NOT_TERMS) & _glossary_terms()


def test_acronyms_are_found_with_plurals_and_not_in_ordinary_words() -> None:
    assert acronyms_in("A pattern of DNAs; the TAC met; an s47 enquiry; Ok Then") == {
        "DNA",
        "TAC",
        "s47",
    }


def test_a_new_acronym_in_the_knowledge_is_found(tmp_path: Path) -> None:
    (tmp_path / "contacts.yml").write_text(
        "urgent_contacts:\n  - name: 'The LADO, office hours'\n", encoding="utf-8"
    )
    assert acronyms_used(tmp_path) == {"LADO": {"contacts.yml"}}


NOT_LOCAL_NAMES = {
    "escalation-policy": "a policy document; the glossary's CHSCB and CHSCP say whose it is",
    "professionals-meeting-guidance": "guidance on a practice the learning itself explains",
    "online-safety-page": "the page of the Online Safety Handbook, which the glossary explains",
    "domestic-abuse-information": "an information page, not a service",
    "chscb-training-programme": "a training programme; the glossary's CHSCB says whose",
    "chronology-template": "a template document",
    "information-sharing-guidance": "a guidance page on a practice the learning explains",
}
"""Services that are documents or pages, not local names a practitioner asks about."""


def test_every_local_service_and_contact_is_in_the_glossary() -> None:
    knowledge = check_knowledge(KNOWLEDGE)
    glossary = knowledge.of(GLOSSARY)
    named_services = {entry.get("service") for entry in glossary}
    services = {str(service["id"]) for service in knowledge.of(SERVICES)}
    assert services - named_services - set(NOT_LOCAL_NAMES) == set()
    assert set(NOT_LOCAL_NAMES) <= services
    terms = load_terms(KNOWLEDGE)
    unexplained = [
        contact["name"]
        for contact in knowledge.of(URGENT_CONTACTS)
        if contact["phone"] != "999" and not any(uses_term(contact["name"], t) for t in terms)
    ]
    assert unexplained == []


def test_every_local_name_of_the_audits_contacts_and_steps_is_in_the_glossary() -> None:
    """A team, panel, forum or conference the audits, the contacts or the escalation steps
    name ("Disabled Children's Service", "core group", "initial child protection conference")
    is explained by a glossary term, or is a general name excluded with its reason."""
    terms = load_terms(KNOWLEDGE)
    used = local_names_used(KNOWLEDGE, _audit_texts())
    unexplained = {
        name: sorted(files)
        for name, files in used.items()
        if name not in GENERAL_NAMES and not any(uses_term(name, term) for term in terms)
    }
    assert unexplained == {}
    assert all(reason.strip() for reason in GENERAL_NAMES.values())


def test_local_names_are_found_capitalised_or_before_a_forum_or_meeting() -> None:
    text = (
        "transferred to the Disabled Children's Service; CAMHS use of the complex care forum; "
        "progressed to a core group and initial child protection conference; at the meeting"
    )
    assert local_names_in(text) == {
        "Disabled Children's Service",
        "complex care forum",
        "core group",
        "initial child protection conference",
    }


def test_the_audits_are_read_when_at_hand() -> None:
    """Without the audits' text the two glossary tests above check only the knowledge."""
    if not _audit_texts():
        pytest.skip("the audits' text (../shared/seeds) is not at hand")
    assert "Disabled Children's Service" in local_names_used(KNOWLEDGE, _audit_texts())
