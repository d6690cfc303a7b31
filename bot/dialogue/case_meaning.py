"""Which audited case had a detail the asker tells in words of their own: "which case had a
boy whose foster parents adored him" (its audit's phrase: "foster carers who really love him"),
"which case had the clinic give the girl one worker throughout" (the named person informed at
the sexual health clinic).

`case_facts.cases_saying` finds a case by the question's own words on one of its lines, at
least two thirds of them; told in other words, no line has them and the reply was that no case
says it. So, only after the words found nothing, the question (without its asking which case)
is matched by meaning against every line the audit gives about each case: its summary, its
strengths, what its key messages found in it, its `about` phrases and quiz facts (short phrases
from the audit's text) and the titles of its key messages. A case is named when one of its
lines is near enough (CASE_MEANING_SIMILARITY) and clearly nearer than every other case's
(CASE_MEANING_MARGIN); a question asking for "cases" names every case near enough and within
PLURAL_BAND of the nearest, and each part of "X or Y" is matched on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.dialogue.case_focus import case_own_lines
from bot.dialogue.retrieval import Encode, FloatArray
from bot.knowledge.models import Case

CASE_MEANING_SIMILARITY = 0.6
"""A line tells the detail asked from this cosine similarity. On the released sets A-AC's
"which case" questions no case's words answer, the right case's nearest line was 0.68-0.85
(a young person examined by a hospital doctor, a GP left out of a child in care's plan); of
twenty details
no case has (a parent in prison, trafficking, forced marriage, a child adopted), the nearest
line of any case was at most 0.60 ("privately fostered": "in foster care")."""
CASE_MEANING_MARGIN = 0.08
"""... and at least this much nearer than any other case's nearest line: a detail two cases
tell alike names neither ("privately fostered": Adam's foster care 0.60, and no lead)."""
MIN_PHRASE_WORDS = 4
"""An `about` phrase or a title shorter than this is not matched: a phrase of a word or three
("siblings", "a child in care", "self-harm") is near any sentence on its subject, whoever in
it had it ("a sister abused by her brother", "the mother hurting herself"); whole lines, and
phrases long enough to tell what happened, are matched. On the review's probes (2026-12-08)
this left out three wrong cases and none of fifteen right ones. A floor on the shown line's
own similarity was weighed and left out: a quiz fact's whole sentence may say much more than
the detail asked (the young person not retelling her story: the fact 0.80, its sentence under
0.40)."""
PLURAL_BAND = 0.1
"""Asked for "cases", every case near enough whose nearest line is within this of the nearest
case's: "which cases moved into adult services" names Caryn (0.85) and Deshawn (0.78)."""


@dataclass(frozen=True)
class CaseByMeaning:
    """A case whose lines tell what was asked in other words, and its own line nearest it."""

    case_id: str
    line: str
    similarity: float


@dataclass(frozen=True)
class _Line:
    case_id: str
    source_id: str
    text: str
    strength: bool
    shown: bool
    """One of the case's own lines (`case_own_lines`), which its answer may show."""


def meaning_lines(case: Case) -> list[str]:
    """Every line the audit gives about one case, as matched: its own lines (shown when it is
    named), its `about` phrases and quiz facts, and the titles of its key messages."""
    titles = [message.title for message in case.key_messages]
    return list(dict.fromkeys([*case_own_lines(case), *case.about, *case.quiz_facts, *titles]))


_EITHER = re.compile(r"\s+(?:or|and/or)\s+", re.IGNORECASE)
"""Where a question for several cases asks two details, either of which a case may have
("late autism diagnosis or transition to adult services")."""


def parts_asked(detail: str, plural: bool) -> list[str]:
    """The details asked: for several cases, each side of "or" on its own; else the whole."""
    if not plural:
        return [detail]
    return [part for part in _EITHER.split(detail) if part.strip()] or [detail]


class CaseMeaning:
    """Every case's lines (`meaning_lines`), encoded once, and the cases a detail told in other
    words is about."""

    def __init__(self, cases: Sequence[Case], encode_lines: Encode) -> None:
        self.lines = [
            _Line(
                case.id, case.source_id, line, line in case.strengths, line in case_own_lines(case)
            )
            for case in cases
            if not case.referred_only
            for line in meaning_lines(case)
            if line in case_own_lines(case) or len(line.split()) >= MIN_PHRASE_WORDS
        ]
        self.vectors = (
            encode_lines([line.text for line in self.lines]) if self.lines else np.zeros((0, 1))
        )

    def cases_meaning(
        self,
        detail: str,
        encode: Encode,
        plural: bool = False,
        source_id: str | None = None,
        strengths_only: bool = False,
    ) -> list[CaseByMeaning]:
        """The cases (of `source_id`, else both audits) the detail asked is about by meaning:
        the one clearly nearest, or, with `plural`, every case near enough of each part asked
        (`parts_asked`); none when no line is near enough or two cases are as near.
        `strengths_only`: good practice asked ("a case where someone did well despite ..."),
        the cases' strengths only."""
        parts = parts_asked(detail, plural)
        if not self.lines or not parts:
            return []
        allowed = [
            (source_id is None or line.source_id == source_id)
            and (not strengths_only or line.strength)
            for line in self.lines
        ]
        found: dict[str, CaseByMeaning] = {}
        for similarities in (self.vectors @ encode(parts).T).T:
            for match in self._nearest_cases(similarities, allowed, plural):
                if match.case_id not in found or found[match.case_id].similarity < match.similarity:
                    found[match.case_id] = match
        return sorted(found.values(), key=lambda match: -match.similarity)

    def _nearest_cases(
        self, similarities: FloatArray, allowed: Sequence[bool], plural: bool
    ) -> list[CaseByMeaning]:
        best: dict[str, float] = {}
        for line, similarity, ok in zip(self.lines, similarities, allowed, strict=True):
            if ok:
                best[line.case_id] = max(best.get(line.case_id, -1.0), float(similarity))
        ranked = sorted(best.items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < CASE_MEANING_SIMILARITY:
            return []
        if plural:
            chosen = [
                (case_id, similarity)
                for case_id, similarity in ranked
                if similarity >= max(CASE_MEANING_SIMILARITY, ranked[0][1] - PLURAL_BAND)
            ]
        elif len(ranked) > 1 and ranked[0][1] - ranked[1][1] < CASE_MEANING_MARGIN:
            return []
        else:
            chosen = ranked[:1]
        return [
            CaseByMeaning(case_id, self._shown_line(case_id, similarities, allowed), similarity)
            for case_id, similarity in chosen
        ]

    def _shown_line(self, case_id: str, similarities: FloatArray, allowed: Sequence[bool]) -> str:
        """The case's own line (a full sentence of its audit) that holds the line nearest the
        detail: that line itself, or, for a short `about` phrase or a title, the own line
        nearest it in meaning (the sentence the phrase was taken from)."""
        rows = [row for row, line in enumerate(self.lines) if line.case_id == case_id]
        nearest = max((row for row in rows if allowed[row]), key=lambda row: similarities[row])
        shown = [row for row in rows if self.lines[row].shown and allowed[row]]
        if not shown:
            return ""
        closest = self.vectors[shown] @ self.vectors[nearest]
        return self.lines[shown[int(np.argmax(closest))]].text
