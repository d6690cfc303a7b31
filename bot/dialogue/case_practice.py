"""A case's own line (its good practice, its summary) offered with a practice answer when the
question is about that line rather than any key message.

Key messages hold the audits' learning, but some of what practitioners ask is only in a case:
"mum speaks little English, ideas?" is answered by Case 2's family therapist from the same
cultural background, not by any key message. On the released blind sets A-F, 120 of the 159
learning questions no key message's answer holds expect words one case line holds
(`python -m bot nlu case-lines`).

A line is offered when the question's sentence vector is near one of its sentences
(CASE_LINE_SIMILARITY) and nearer than to any key message's own lines by CASE_LINE_MARGIN: a
question a key message covers keeps its answer alone. Both were chosen on A-F, each set
held out in turn (the README, "Case lines").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.dialogue.follow_ups import sentences
from bot.dialogue.retrieval import (
    STEP_WORDS_WEIGHT,
    Encode,
    FloatArray,
    Ranker,
    highest,
    shared_words,
    taught_entries,
    without_role,
)
from bot.dialogue.told_presentations import asks_how_it_turned_out, line_told, tells_an_outcome
from bot.knowledge.models import Case

CASE_LINE_SIMILARITY = 0.525
"""A case line is a neighbour of the question from this cosine similarity."""
CASE_LINE_MARGIN = 0.07
"""... and only when at least this much nearer than the nearest key message line."""
MIN_PIECE_WORDS = 10
"""A shorter sentence is matched only within its line: "A home visit was also able to be
undertaken." alone was nearest to "lone working policy for evening home visits"."""
TOLD_SIMILARITY = 1.0
"""A line found by the presentation a question tells in the audit's words: as sure as a
question in its own words."""
CASE_DESCRIBED_SIMILARITY = 0.5
CASE_DESCRIBED_MARGIN = 0.1
"""A case asked about in other words ("the primary girl nobody had seen for her assessment")
is the case with the nearest line from this similarity, when no other case's line comes
within the margin. On the released sets' case questions that name no case and share too few
words with any (A-F), this found 4 more right and 1 wrong; below the margin was a looked
after boy described as well as Barak (0.57) as Adam (0.48)."""
ASKS_WHAT_HAPPENED_MARGIN = 0.05
"""A question asking what happened in the audited cases (`asks_what_happened`) gets the case
line whose similarity, with the question's own words the line says (STEP_WORDS_WEIGHT of their
idf-weighted share, as for an answer's steps), is this much above the nearest key message line:
it asks for a case's fact, which no key message holds even when one speaks of the same thing
("is there a good example in the audits of a DV referral for a parent actually working").
Chosen on A-W's topic and practice questions of that shape, each line matched by the cases'
own words only (no taught question): by meaning alone, margin 0.07 / 0.0 gave 12 / 24 lines
holding every word expected and 0 / 6 holding none; with the words, 0.07 / 0.05 / 0.03 gave
22 / 24 / 26 and 2 / 3 / 6 (README, "Cases asked for an example")."""
_ASKS_WHAT_HAPPENED = re.compile(
    r"\bexamples?\b(?<!\bfor\sexample)"
    r"|\bwhat\s+(?:\w+\s+){0,2}?(?:worked|helped|went\s+well|made\s+(?:it|that|this)\s+work)\b"
    r"|\bwhat\s+did\s+(?:the\s+)?(?:[\w'\u2019&-]+\s+){1,4}?(?:actually\s+|really\s+)?do\b"
    r"|\b(?:was|were|found|find)\b[^?.!]{0,40}\b(?:useful|helpful)\b"
    r"|\bsa(?:y|ys|id)\s+anything\s+about\b",
    re.IGNORECASE,
)
"""Asking for an example ("is there an example in the audits of ...", "some example in
audit?"), for what worked or helped ("what helped parents actually get their kids to
appointments"), what a service did ("what did the family support service actually do"), whether
something was found useful (asked in the past tense of the audit: "any helpful tips" asks
practice), or whatever the audit said about something: what happened in a case, not
only what practice should be ("for example" gives one, it asks none)."""


def asks_what_happened(text: str) -> bool:
    """Whether the question asks what happened in the audited cases (_ASKS_WHAT_HAPPENED)."""
    return _ASKS_WHAT_HAPPENED.search(text) is not None


_THEME_PREFIX = re.compile(r"^[A-Z][\w -]{2,30}: ")
"""The mental health audit heads each strength with its theme ("Engagement: ...")."""


@dataclass(frozen=True)
class CaseLine:
    case_id: str
    text: str
    good_practice: bool
    """A strength the audit found, rather than the case's summary."""
    place: int = 0
    """Where the line is in its case: 0 the summary, n its n-th strength (how taught questions
    name it, taught_case_lines.yml)."""


def practice_lines(cases: Sequence[Case]) -> list[CaseLine]:
    return [
        line
        for case in cases
        for line in (
            CaseLine(case.id, case.summary, False),
            *(
                CaseLine(case.id, strength, True, place)
                for place, strength in enumerate(case.strengths, start=1)
            ),
        )
    ]


LineRef = tuple[str, int]
"""A case line by its case and place (CaseLine.place)."""
TaughtLines = Mapping[LineRef, Sequence[str]]
"""Released blind questions only a case line answers, by the line they are about."""
TAUGHT_CASE_LINES_FILE = Path(__file__).with_name("taught_case_lines.yml")
"""The released sets' questions only a case line holds the answer to, each under that line:
generated by `python -m bot nlu teach`, never by hand."""


def load_taught_case_lines(path: Path = TAUGHT_CASE_LINES_FILE) -> dict[LineRef, list[str]]:
    """The taught questions by case line ({} without the file); an entry that is not a question
    under a case and place is an error naming the file, set and item."""
    taught: dict[LineRef, list[str]] = {}
    for where, item in taught_entries(path):
        if not isinstance(item.get("case"), str):
            raise ValueError(f"{where}: field 'case' must be a case id")
        place = item.get("line")
        if not isinstance(place, int) or isinstance(place, bool) or place < 0:
            raise ValueError(f"{where}: field 'line' must be 0 (the summary) or a strength's place")
        taught.setdefault((item["case"], place), []).append(item["q"])
    return taught


def _pieces(text: str) -> list[str]:
    """The line without its theme heading, and each of its sentences: a question is often
    about one sentence of a long line."""
    body = _THEME_PREFIX.sub("", text)
    return list(
        dict.fromkeys([body, *(s for s in sentences(body) if len(s.split()) >= MIN_PIECE_WORDS)])
    )


@dataclass(frozen=True)
class CaseMatch:
    line: CaseLine
    similarity: float


class CaseLineFinder:
    """The case line nearest a question, when it is nearer than every key message line.

    A line is found by its own words and by the `taught` questions it alone answered in the
    released blind sets: a case line is a statement ("Use of family therapist from the same
    cultural background") while key messages are found by questions too, so without them a
    question in other words ("mum speaks little English, how do we engage her") was nearer a
    key message's example question than the line that answers it."""

    def __init__(
        self, lines: Sequence[CaseLine], encode_lines: Encode, taught: TaughtLines | None = None
    ) -> None:
        self.lines = list(lines)
        owned = [(i, piece) for i, line in enumerate(self.lines) for piece in _pieces(line.text)]
        self.own = len(owned)
        """The pieces of the lines' own words (before the taught questions)."""
        taught = taught or {}
        owned += [
            (i, question)
            for i, line in enumerate(self.lines)
            for question in taught.get((line.case_id, line.place), ())
        ]
        self.owners = [i for i, _ in owned]
        self.pieces = [piece for _, piece in owned]
        self.vectors = encode_lines(self.pieces) if self.pieces else np.zeros((0, 1))

    def nearest(self, vector: FloatArray) -> CaseMatch | None:
        if not self.owners:
            return None
        similarities = self.vectors @ vector
        best = int(np.argmax(similarities))
        return CaseMatch(self.lines[self.owners[best]], float(similarities[best]))

    def strengths_near(self, vector: FloatArray) -> dict[str, float]:
        """Each strength's similarity to the question by meaning (its nearest piece of its own
        words): which good practice a question on a theme means (understanding.strengths_about)."""
        near: dict[str, float] = {}
        own = self.vectors[: self.own]
        for owner, similarity in zip(self.owners[: self.own], own @ vector, strict=True):
            line = self.lines[owner]
            if line.good_practice:
                near[line.text] = max(near.get(line.text, -1.0), float(similarity))
        return near

    def described_case(self, vector: FloatArray, case_ids: Collection[str]) -> str | None:
        """The one of `case_ids` a message describes in other words: the case with the
        nearest line, near enough and clearly nearer than every other case's lines."""
        nearest: dict[str, float] = {}
        # by the cases' own words: a taught question ("what did the SEND audit find") says
        # which line answers it, not which case a message describes
        own = self.vectors[: self.own]
        for owner, similarity in zip(self.owners[: self.own], own @ vector, strict=True):
            case_id = self.lines[owner].case_id
            if case_id in case_ids:
                nearest[case_id] = max(nearest.get(case_id, -1.0), float(similarity))
        ranked = sorted(nearest.items(), key=lambda found: -found[1])
        if not ranked or ranked[0][1] < CASE_DESCRIBED_SIMILARITY:
            return None
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < CASE_DESCRIBED_MARGIN:
            return None
        return ranked[0][0]

    def match(self, vector: FloatArray, key_message_similarity: float) -> CaseMatch | None:
        """The nearest case line if the question is about it: near enough, and nearer than
        the nearest key message line (`key_message_similarity`) by the margin."""
        found = self.nearest(vector)
        if found is None or found.similarity < CASE_LINE_SIMILARITY:
            return None
        if found.similarity - key_message_similarity < CASE_LINE_MARGIN:
            return None
        return found

    def _scores(
        self, vector: FloatArray, question: str, idf: Callable[[str], float]
    ) -> list[float]:
        """Each piece's similarity to the question with the question's own words it says."""
        return [
            float(similarity) + STEP_WORDS_WEIGHT * shared_words(question, piece, idf)
            for similarity, piece in zip(self.vectors @ vector, self.pieces, strict=True)
        ]

    def nearest_of_case(
        self,
        vector: FloatArray,
        question: str,
        idf: Callable[[str], float],
        case_id: str,
        among: Callable[[CaseLine], bool] = lambda _line: True,
    ) -> CaseLine | None:
        """The line of one case nearest the question, by meaning and by its words: which of
        the case's lines a question about that case asks (its outcome, its referral); only
        lines `among` keeps."""
        scored = [
            (score, self.lines[owner])
            for owner, score in zip(self.owners, self._scores(vector, question, idf), strict=True)
            if self.lines[owner].case_id == case_id and among(self.lines[owner])
        ]
        return max(scored, key=lambda found: found[0])[1] if scored else None

    def match_asked(
        self,
        vector: FloatArray,
        question: str,
        idf: Callable[[str], float],
        key_message_similarity: float,
    ) -> CaseMatch | None:
        """The case line a question asking what happened in a case is about: the nearest by
        meaning and by the question's own words it says (`idf` weighs each), near enough by
        meaning, and with its words ASKS_WHAT_HAPPENED_MARGIN above the nearest key message
        line."""
        if not self.owners:
            return None
        scores = self._scores(vector, question, idf)
        best = int(np.argmax(scores))
        found = CaseMatch(self.lines[self.owners[best]], float(self.vectors[best] @ vector))
        if found.similarity < CASE_LINE_SIMILARITY:
            return None
        if scores[best] - key_message_similarity < ASKS_WHAT_HAPPENED_MARGIN:
            return None
        return found


def case_line_for(
    text: str, ranker: Ranker, finder: CaseLineFinder, vector: FloatArray | None = None
) -> CaseMatch | None:
    """The case line a practice question is about, judged as the ranker judges key messages:
    on the question without its asker ("I'm a school nurse, ..."), by the same encoder; nearer
    than any key message line, by its words too when it asks what happened in a case
    (`asks_what_happened`); a presentation told in everyday words finds the case whose line
    says the audit's words for it (bot/dialogue/told_presentations.py), and of that case's
    lines the one nearest the question. `vector`: the text's
    sentence vector when the caller has it (the NLU pipeline's)."""
    about = without_role(text)
    if not about.strip():
        return None
    question = vector if vector is not None and about == text else ranker.nearest.encode([about])[0]
    nearest_known = highest(ranker.nearest.scores(about, question)[: ranker.known])
    if asks_what_happened(about):
        found = finder.match_asked(question, about, ranker.known_bm25.idf_of, nearest_known)
    else:
        found = finder.match(question, nearest_known)
    told = line_told(about, finder.lines)
    if told is None:
        return found
    if told.place == 0:
        # the case the presentation is, told by its summary: of its lines, the one the
        # question asks (one about her schooling finds its home education line)
        idf = ranker.known_bm25.idf_of
        # how the case like it turned out: the case's outcome line, when it has one
        outcome = (
            finder.nearest_of_case(question, about, idf, told.case_id, tells_an_outcome)
            if asks_how_it_turned_out(about)
            else None
        )
        asked = outcome or finder.nearest_of_case(question, about, idf, told.case_id)
        return CaseMatch(asked or told, TOLD_SIMILARITY)
    return CaseMatch(told, TOLD_SIMILARITY)
