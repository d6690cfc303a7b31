"""A case remembered by what it was about, in the asker's words: "the non speaking college lad
whose GP knew the family", "the little primary girl whose assessment got stuck".

A practitioner remembers a case by who it was about (a girl, a primary child, a teenager) and a
detail or two (non-verbal, pain nobody could explain), rarely in the words of its lines; and a
detail may be shared by two cases (both SEND boys' GPs knew their families). So each clause of
the message that tells a detail is matched by meaning against each case's `about` phrases
(knowledge/: short phrases from the audit's text), and who it is about against the case's
summary ("a primary aged girl"): a case whose summary says otherwise (a secondary aged boy for
"the college lad") is not the one. The case recalled is the one with clearly the most evidence.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bot.dialogue.follow_ups import word_stem
from bot.dialogue.moves import topic_words
from bot.dialogue.retrieval import Encode, FloatArray
from bot.knowledge.models import Case

DETAIL_SIMILARITY = 0.5
"""A clause tells one of a case's `about` phrases from this cosine similarity ("non speaking"
and "non-verbal" 0.69, "nobody had actually seen her" and "she had not been seen" 0.76)."""
MIN_EVIDENCE = 2
"""Who it is about and the details told that fit the case: one alone ("the child who was not
brought to appointments") is a topic, not a case remembered."""
WHICH_CASE_DETAILS = 2
"""A case asked for by its features ("which audit case looks like this"): two details told
that fit it; one and "a girl" or "a boy" is any case of a girl or a boy."""

_BANDS: dict[str, frozenset[str]] = {
    r"primary": frozenset({"primary"}),
    r"little|infant|reception|year\s*[1-6]": frozenset({"primary"}),
    r"secondary|high\s+school|year\s*(?:[7-9]|1[01])": frozenset({"secondary"}),
    r"teen\w*|adolescent": frozenset({"secondary", "college"}),
    r"college|sixth\s+form|young\s+adult|adult|year\s*1[23]": frozenset({"college"}),
}
"""Words of age or school phase, and the bands they allow (a teenager may be at college)."""
_AGE = re.compile(
    r"\b(\d{1,2})\s*-?\s*(?:yo|y/o|yrs?(?!\s+ago)(?:\s*-?\s*old)?|years?\s*-?\s*old)\b",
    re.IGNORECASE,
)
"""An age told in years ("13yo", "7 year old", "14 yr old"), not a school year ("yr 11")."""


def age_bands(age: int) -> frozenset[str]:
    """The bands a child of that age may be in: primary to 11, secondary 11 to 16, college
    from 16."""
    bands = set()
    if age <= 11:
        bands.add("primary")
    if 11 <= age <= 16:
        bands.add("secondary")
    if age >= 16:
        bands.add("college")
    return frozenset(bands)


_SUMMARY_BANDS = {
    "primary aged": "primary",
    "secondary aged": "secondary",
    "college aged": "college",
    "young adult": "college",
}
"""How the audits' summaries say a child's age."""
_MALE = re.compile(r"\b(?:boy|lad|son|young\s+man|man|male|he|his|him)\b", re.IGNORECASE)
_FEMALE = re.compile(r"\b(?:girl|daughter|young\s+woman|woman|female|she|her)\b", re.IGNORECASE)
_PERSON = (
    r"(?:girl|boy|lad|son|daughter|young\s+(?:man|woman|person|people|adult)|man|woman|teen"
    r"|teenager|adolescent|child|kid|yp|person|student|pupil|toddler|baby)"
)
_SOMEONE = re.compile(rf"\b{_PERSON}\b", re.IGNORECASE)
REMEMBERED = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|hi|hey|also|what\s+about|remember|remind\s+me\s+(?:about|of)"
    rf"|tell\s+me\s+(?:more\s+)?about)\W+)*(?:the|that)\s+(?:[\w-]+\s+){{0,4}}?{_PERSON}"
    r"\s+(?:who|whose|with|w|at|in|from|that|where|after|on)\b",
    re.IGNORECASE,
)
"""Someone said first and pointed at, then told of ("the non speaking college lad whose ..."):
up to four words of who they were, then who or what they had; "the child misses every
appointment" tells of the asker's child now."""
_POINTED_AGAIN = re.compile(
    r"^\W*(?:(?:no|nope|sorry|oops|actually|i\s+meant|i\s+mean|meant|not\s+(?:him|her|them"
    r"|that\s+one|this\s+one)|and|so|ok|okay|oh|also|what\s+about|how\s+about)\W+)*"
    rf"(?P<told>(?:the|that)\s+(?:[\w-]+\s+){{0,4}}?(?:{_PERSON}|one)"
    r"(?:\W*$|\W+(?:who|whose|whos|with|w|at|in|from|that|where|after|on|which|did)\b).*)$",
    re.IGNORECASE | re.DOTALL,
)
"""A case pointed at again by who it was about or by "one", after a correction or "and"
("Sorry, I meant the looked-after boy", "and the one that did GCSEs at home?", "no, the
girl with the rare condition"): the words that tell of it follow. Who is said last or
followed by who or what they had: "the girl I saw today has pain", "the girl is missing
again", "the one thing I want to know" tell of the asker's own child or ask, not a case."""


def pointed_again(text: str) -> str | None:
    """The words telling of someone a message points at (without "sorry, I meant", "and"
    before them), when that is how it starts; None otherwise."""
    found = _POINTED_AGAIN.search(text)
    return found.group("told") if found is not None else None


_SENTENCE = re.compile(r"\s*(?:[,;:.?!()]|\s[-\u2013\u2014]\s)\s*")
"""Where a message's parts end: a question about the case is a part of its own ("..., what
was missing")."""
_CLAUSE = re.compile(
    r"\s*(?<![\w-])(?:who|whose|where|with|w|because|cos|and|after|then|that|but|which|when|at)"
    r"(?![\w-])\s*",
    re.IGNORECASE,
)
"""Where the details of a remembered case part: "the teen | pain nobody could explain | who
stopped going to school"; never inside a hyphened word ("the looked-after boy")."""
_WHO_WORDS = re.compile(
    rf"\b(?:the|that|a|an|aged|{_PERSON}|" + "|".join(_BANDS) + r")\b", re.IGNORECASE
)
_ASKING = re.compile(
    r"^\W*(?:(?:and|so|but)\s+)?(?:what|how|which|why|did|was|were|is|are|do|does|can|could"
    r"|tell|any)\b",
    re.IGNORECASE,
)
"""A part that asks of the case ("what was missing"), not one that tells of it ("who missed
school", "where mum had an interpreter")."""


@dataclass(frozen=True)
class Who:
    """Who a case is about: boy or girl, and the age bands it allows (None: not said)."""

    gender: str | None
    bands: frozenset[str] | None

    def agrees(self, other: Who) -> int | None:
        """How many of both said agree (0-2), or None when one contradicts the other."""
        agreed = 0
        for mine, theirs in ((self.gender, other.gender), (self.bands, other.bands)):
            if mine is None or theirs is None:
                continue
            if isinstance(mine, frozenset) and isinstance(theirs, frozenset):
                if not mine & theirs:
                    return None
            elif mine != theirs:
                return None
            agreed += 1
        return agreed


def _gender(text: str) -> str | None:
    male, female = _MALE.search(text), _FEMALE.search(text)
    if bool(male) == bool(female):
        return None
    return "male" if male else "female"


def who_told(head: str) -> Who:
    """Who the words pointing at someone say they are ("the little primary girl")."""
    bands: frozenset[str] | None = None
    age = _AGE.search(head)
    if age is not None:
        bands = age_bands(int(age.group(1)))
    for pattern, allowed in _BANDS.items():
        if re.search(rf"\b(?:{pattern})\b", head, re.IGNORECASE):
            bands = allowed if bands is None else bands & allowed
    return Who(_gender(head), bands)


def who_of(case: Case) -> Who:
    """Who a case is about, as its summary says ("a primary aged girl", "young person")."""
    summary = case.summary.lower()
    band = next((b for words, b in _SUMMARY_BANDS.items() if words in summary), None)
    return Who(_gender(case.summary), frozenset({band}) if band else None)


def told_details(
    text: str, glossary: Mapping[str, Sequence[str]] | None = None
) -> tuple[str, list[str]]:
    """The words saying who the message is about, and each clause telling a detail: without
    the words of who, parts that ask ("what was missing"), and words telling nothing ("the
    one"); an abbreviation spelt out ("lac": looked after child)."""
    parts = [part for part in _SENTENCE.split(text) if part.strip() and not _ASKING.search(part)]
    clauses = [c for part in parts for c in _CLAUSE.split(part) if c and c.strip()]
    head = next((c for c in clauses if _SOMEONE.search(c)), "")
    details = []
    for clause in clauses:
        words = (_WHO_WORDS.sub(" ", clause) if clause is head else clause).split()
        words = [next(iter((glossary or {}).get(w.lower(), ())), w) for w in words]
        if {w.lower() for w in words} - _TELLING_NOTHING:
            details.append(" ".join(words))
    return head, details


_TELLING_NOTHING = frozenset(
    """the a an one case cases it that this there was is were in of on to audit audits send mh
    mental health end which""".split()
)
"""Words of a clause that tell no detail of a case."""


@dataclass(frozen=True)
class Recalled:
    case_id: str
    details: int
    """How many of its `about` phrases the message's clauses told (each phrase once)."""
    agreed: int
    """How much of who it is about agreed with its summary (0-2)."""
    similarity: float
    words_said: int = 0
    """The words of its `about` phrases the message says whole, every word of a phrase
    ("CAMHS child protection supervision"): a detail named as the audit names it."""

    @property
    def strength(self) -> tuple[int, int, int]:
        """Details first: who a case is about is shared by many ("the teen"); between cases
        as near by meaning, the one whose detail the message names in the audit's words."""
        return self.details, self.details + self.agreed, self.words_said


def words_said_whole(phrases: Sequence[str], said: Collection[str]) -> int:
    """How many words of these phrases the message says, counting only phrases it says every
    word of (`said`: the stems of its words)."""
    stems = [{word_stem(word) for word in topic_words(phrase)} for phrase in phrases]
    return sum(len(words) for words in stems if words and words <= set(said))


class CaseRecall:
    """The cases' `about` phrases, encoded once, and the case a message remembers."""

    def __init__(self, cases: Sequence[Case], encode_lines: Encode) -> None:
        self.cases = [case for case in cases if not case.referred_only and case.about]
        self.owners = [i for i, case in enumerate(self.cases) for _ in case.about]
        phrases = [phrase for case in self.cases for phrase in case.about]
        self.vectors = encode_lines(phrases) if phrases else np.zeros((0, 1))

    def ranked(
        self, text: str, encode: Encode, glossary: Mapping[str, Sequence[str]] | None = None
    ) -> list[Recalled]:
        """Every case the message may remember, most evidence first: none contradicting who
        it is about."""
        head, details = told_details(text, glossary)
        told = who_told(head)
        said = {word_stem(word) for word in topic_words(text)}
        similarities = (
            self.vectors @ encode(details).T if details and self.owners else np.zeros((0, 0))
        )
        found = []
        for index, case in enumerate(self.cases):
            agreed = told.agrees(who_of(case))
            if agreed is None:
                continue
            rows = [row for row, owner in enumerate(self.owners) if owner == index]
            if not rows or not len(similarities):
                continue  # no detail told, or none of the case to match it
            best: FloatArray = similarities[rows].max(axis=0)
            hit = best >= DETAIL_SIMILARITY
            # each phrase of the case counts once: two clauses saying one fact are one detail
            phrases = {int(row) for row in similarities[rows].argmax(axis=0)[hit]}
            if phrases:
                found.append(
                    Recalled(
                        case.id,
                        len(phrases),
                        agreed,
                        float(best[hit].sum()),
                        words_said_whole(case.about, said),
                    )
                )
        return sorted(found, key=lambda r: (r.strength, r.similarity), reverse=True)

    def recalled(
        self,
        text: str,
        encode: Encode,
        glossary: Mapping[str, Sequence[str]] | None = None,
        min_details: int = 0,
    ) -> str | None:
        """The case a message remembers: at least MIN_EVIDENCE fitting it, and more than any
        other case has; with `min_details`, at least that many details told that fit it (who it
        is about not counted)."""
        ranked = self.ranked(text, encode, glossary)
        if not ranked or ranked[0].strength[1] < MIN_EVIDENCE or ranked[0].details < min_details:
            return None
        if len(ranked) > 1 and ranked[1].strength >= ranked[0].strength:
            return None
        return ranked[0].case_id
