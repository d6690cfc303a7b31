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
