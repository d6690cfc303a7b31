"""Finds the acronyms the audits and the knowledge use, so a test can hold the glossary to
explaining every one of them: a practitioner who meets "FAST" or "TAC" in an answer can ask
what it is."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from bot.yaml_text import safe_load

ACRONYM = re.compile(r"(?<![\w&])(?:[A-Z]{2,}[a-z]?|s47)(?![\w&])")
"""Two or more capitals (with a plural or possessive letter: "DNAs"), or "s47"."""

QUESTION_FIELDS = frozenset({"example_questions"})
"""Practitioners' own words, written by the team: their shorthand is not the audits'."""

NOT_TERMS: Mapping[str, str] = {
    "GP": "national, everyday: every practitioner knows a general practitioner",
    "NHS": "national, everyday: the National Health Service",
    "UK": "a country",
    "GCSE": "national exams everyone knows",
    "HERE": "the audits' link text ([HERE](#)), not a term",
    "FC": "the name of a case (Serious Case Review (Case FC)), not an abbreviation",
    "README": "a file name in the knowledge's comments",
    "URL": "a web address, in the knowledge's comments",
    "ID": "an identifier, in the knowledge's comments",
}
"""Capitalised words that need no glossary entry, each with the reason."""


LOCAL_NAME = re.compile(
    r"(?<![\w-])(?:[A-Z][\w'&-]*\s+(?:(?:and|for|of|&)\s+)?){1,6}"
    r"(?:Service|Services|Team|Teams|Panel|Project|Forum|Trust|School|Hub|Procedures|Board"
    r"|Partnership|Review|Conference|Unit)\b"
    r"|\b(?:(?!(?:the|a|an|at|to|of|in|and|or)\s)[a-z]+\s+){1,3}"
    r"(?:forum|conference|panel|group|meeting)\b"
)
"""A local name: capitalised words ending in a kind of body ("Disabled Children's Service",
"Extra Familial Risk Panel"), or a few words before a forum, conference, panel, group or
meeting as the audits write them ("the complex care forum", "a core group")."""


def local_names_in(text: str) -> set[str]:
    return {" ".join(match.group(0).split()) for match in LOCAL_NAME.finditer(text)}


def singular(acronym: str) -> str:
    """ "DNAs" -> "DNA", "GCSEs" -> "GCSE"."""
    return acronym[:-1] if len(acronym) > 2 and acronym[-1].islower() else acronym


def acronyms_in(text: str) -> set[str]:
    return {singular(match.group(0)) for match in ACRONYM.finditer(text)}


def _texts(document: Any) -> Iterator[str]:
    if isinstance(document, str):
        yield document
    elif isinstance(document, Mapping):
        for key, value in document.items():
            if key not in QUESTION_FIELDS:
                yield from _texts(value)
    elif isinstance(document, list):
        for item in document:
            yield from _texts(item)


NOT_THE_ASSISTANTS_WORDS = frozenset({"glossary.yml", "uncovered_topics.yml"})
"""The glossary itself, and the words that recognise a topic the audits do not cover (CSE,
FGM, LADO, ...): the assistant declines those questions, so it explains none of their terms."""


def acronyms_used(knowledge_dir: Path, audit_texts: Iterable[Path] = ()) -> dict[str, set[str]]:
    """Each acronym with the files that use it: the knowledge's own text (its quotes of the
    audits, the contacts, the escalation steps; not NOT_THE_ASSISTANTS_WORDS, not the example
    questions) and the audits' text files where they are at hand."""
    found: dict[str, set[str]] = {}
    paths = sorted(
        p for p in knowledge_dir.rglob("*.yml") if p.name not in NOT_THE_ASSISTANTS_WORDS
    )
    for path in paths:
        document = safe_load(path.read_text(encoding="utf-8"))
        for text in _texts(document):
            for acronym in acronyms_in(text):
                found.setdefault(acronym, set()).add(str(path.relative_to(knowledge_dir)))
    for path in audit_texts:
        for acronym in acronyms_in(path.read_text(encoding="utf-8")):
            found.setdefault(acronym, set()).add(path.name)
    return found


LOCAL_NAME_FILES = ("contacts.yml", "escalation_steps.yml")
"""The knowledge whose local names the glossary explains beside the audits': whom to call and
whom to escalate to (the rest of the knowledge quotes the audits or describes their services)."""

GENERAL_NAMES: Mapping[str, str] = {
    "professionals meeting": "a practice the learning explains (Calling Professionals Meetings)",
    "Adult Services": "adult services in general, not a local name",
    "Hospital Services": "hospital services in general, not a local name",
    "Serious Case Review": "a kind of review; the one the audit names is the glossary's Case FC",
}
"""Names the local-name pattern finds that need no glossary entry, each with the reason."""


def local_names_used(knowledge_dir: Path, audit_texts: Iterable[Path] = ()) -> dict[str, set[str]]:
    """Each local name (LOCAL_NAME) with the files that use it: the audits' text where it is at
    hand, and the values of LOCAL_NAME_FILES (not their comments)."""
    found: dict[str, set[str]] = {}
    for name in LOCAL_NAME_FILES:
        document = safe_load((knowledge_dir / name).read_text(encoding="utf-8"))
        for text in _texts(document):
            for local in local_names_in(text):
                found.setdefault(local, set()).add(name)
    for path in audit_texts:
        for local in local_names_in(path.read_text(encoding="utf-8")):
            found.setdefault(local, set()).add(path.name)
    return found
