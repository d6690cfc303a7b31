"""What an abbreviation or local name stands for: "what is FAST?", "what does TAC stand for",
"CIN?". The answer is the glossary's (knowledge/glossary.yml), which says where it comes from;
a question is about a term when, the term taken out, only the words of asking what something
means are left, so "what does the audit say about CIN" stays a practice question."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge.schema import GLOSSARY
from bot.knowledge.validation import check_knowledge


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    stands_for: str | None
    meaning: str | None
    source: str
    expansions: tuple[str, ...] = ()

    @classmethod
    def from_entry(cls, entry: Mapping[str, Any]) -> Term:
        return cls(
            id=str(entry["id"]),
            term=str(entry["term"]),
            stands_for=entry.get("stands_for"),
            meaning=entry.get("meaning"),
            source=str(entry["source"]),
            expansions=tuple(str(e) for e in entry.get("expansions") or ()),
        )


def load_terms(knowledge_dir: Path) -> list[Term]:
    return [Term.from_entry(entry) for entry in check_knowledge(knowledge_dir).of(GLOSSARY)]


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
ASKING_WORDS = frozenset(
    """what whats what's wot wat is are does do did a an the stand stands standing for mean
    means meaning meant of define definition explain short abbreviation acronym full form name
    please pls plz again exactly by you that this term word is it it's its hmm sorry sry and
    who which tell me about btw anyway again quick q one more ok so then""".split()
)
"""The words of asking what something is: with the term taken out, nothing else may be left."""
KIND_WORDS = frozenset(
    """meeting meetings plan plans process unit panel review reviews team service referral
    referrals letter letters enquiry enquiries tool assessment""".split()
)
"""What a term is attached to ("a TAC meeting", "a CIN plan"): still a question about the term."""


def _pattern(form: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(word) for word in form.split())
    # "DNAs", "EHCP's": plurals and possessives.
    return re.compile(rf"(?<![\w-]){words}(?:s|'s|\u2019s)?(?![\w-])", re.IGNORECASE)


_CLAUSE = re.compile(r"\s*(?:[,;:.!]|\s-+\s|\?(?=.))\s*")
CUES = frozenset("what whats what's wot wat stand stands mean means meaning define explain".split())
"""Words that ask what something is; a clause that is the term alone asks it too when it
ends the message ("one more - PLO", "and CIN?")."""


def _term_of_clause(clause: str, terms: Sequence[Term]) -> Term | None:
    for term in sorted(terms, key=lambda t: len(t.term), reverse=True):
        match = _pattern(term.term).search(clause)
        if match is None:
            continue
        rest = set(_WORD.findall((clause[: match.start()] + " " + clause[match.end() :]).lower()))
        if rest <= ASKING_WORDS | KIND_WORDS:
            return term
    return None


def asked_term(text: str, terms: Sequence[Term]) -> Term | None:
    """The term a message asks about: one of its clauses only asks what the term is ("whats an
    ehcp again, new sendco asked me"), or its last clause is the term alone; the longest term
    wins ("CP plan" over "CP")."""
    clauses = [clause for clause in _CLAUSE.split(text) if _WORD.search(clause.lower())]
    for position, clause in enumerate(clauses):
        term = _term_of_clause(clause, terms)
        if term is None:
            continue
        words = set(_WORD.findall(clause.lower()))
        if len(clauses) == 1 or words & CUES or position == len(clauses) - 1:
            return term
    return None


def uses_term(text: str, term: Term) -> bool:
    """The text uses the term as written (capitals matter: "SEND" is not "send") or spelt out."""
    if re.search(rf"(?<![\w-]){re.escape(term.term)}(?:s|'s)?(?![\w-])", text):
        return True
    spelt = [form for form in (term.stands_for, *term.expansions) if form]
    return any(_pattern(form).search(text) for form in spelt)


def texts_using(term: Term, texts: Iterable[tuple[str, str]]) -> list[str]:
    """The ids of the (id, text) pairs that use the term, in their order."""
    return [item_id for item_id, text in texts if uses_term(text, term)]
