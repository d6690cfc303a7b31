"""Second opinions on which key message a question is about, beside the response selector:
BM25 keyword retrieval and the nearest example by sentence encoder, over the knowledge's
own example questions, titles and actions.

Each ranks key messages by their best-matching line; `fused` combines rankings by
reciprocal rank, so a key message that several methods put near the top wins even when no
single method is sure.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.dialogue.follow_ups import sentences
from bot.dialogue.spelling import Speller
from bot.dialogue.stopwords import STOPWORDS
from bot.dialogue.subjects import Subjects, named_subjects_first, names_subject, subjects_of
from bot.dialogue.understanding import Ranked, stem
from bot.encoder import ENCODED_DIR as ENCODED_DIR  # where its callers look
from bot.encoder import FloatArray, cached_encode, shared_encoder
from bot.knowledge.models import KeyMessage
from bot.knowledge.nlu_data import with_glossary_variants
from bot.yaml_text import safe_load

_LOG = logging.getLogger(__name__)

_WORD = re.compile(r"[a-z0-9]+")
K1 = 1.2
B = 0.75


def terms(text: str) -> list[str]:
    return [stem(word) for word in _WORD.findall(text.lower()) if word not in STOPWORDS]


@dataclass(frozen=True)
class Line:
    key_message_id: str
    text: str


def knowledge_lines(messages: Mapping[str, Sequence[str]]) -> list[Line]:
    return [Line(key, text) for key, texts in messages.items() for text in texts]


class KeyIndex:
    """Which key message each line belongs to, as arrays: a ranking takes each key message's
    best line in numpy (a Python loop over every line, twice an answer, was a third of the
    action server's CPU for a question)."""

    def __init__(self, lines: Sequence[Line]) -> None:
        first: dict[str, int] = {}  # key messages in the order of their first line: ties keep it
        of_line = np.array(
            [first.setdefault(line.key_message_id, len(first)) for line in lines], dtype=np.intp
        )
        self.keys = list(first)
        self.order = np.argsort(of_line, kind="stable")  # the lines grouped by key message
        self.starts = np.searchsorted(of_line[self.order], np.arange(len(self.keys)))

    def best(self, scores: FloatArray) -> list[Ranked]:
        """Key messages by their best line's score, highest first (ties: the first line's
        order)."""
        if not self.keys:
            return []
        best = np.maximum.reduceat(scores[self.order], self.starts)
        return [Ranked(self.keys[i], float(best[i])) for i in np.argsort(-best, kind="stable")]


def highest(scores: FloatArray) -> float:
    """The best score, 0.0 when there is none."""
    return float(scores.max()) if len(scores) else 0.0


class BM25:
    """Okapi BM25 with each line a document; a key message scores its best line."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = list(lines)
        self.index = KeyIndex(self.lines)
        self.docs = [Counter(terms(line.text)) for line in self.lines]
        self.lengths = [sum(doc.values()) for doc in self.docs]
        self.average = sum(self.lengths) / max(len(self.docs), 1)
        frequency = Counter(term for doc in self.docs for term in doc)
        count = len(self.docs)
        self.idf = {t: math.log(1 + (count - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}
        # each term's lines and its count in each: a question's few terms touch only their own
        # lines (ten times faster than scoring every line for every term, the same sums)
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for index, doc in enumerate(self.docs):
            for term, tf in doc.items():
                found = postings.setdefault(term, ([], []))
                found[0].append(index)
                found[1].append(tf)
        self.norms = np.array([K1 * (1 - B + B * length / self.average) for length in self.lengths])
        self.postings = {
            t: (np.array(i, dtype=np.intp), np.array(f, dtype=np.float64))
            for t, (i, f) in postings.items()
        }

    def idf_of(self, term: str) -> float:
        """How telling a term is among the lines: a term no line holds, the most."""
        known = self.idf.get(term)
        return known if known is not None else math.log(1 + (len(self.docs) + 0.5) / 0.5)

    def scores(self, text: str) -> FloatArray:
        """Each line's score, in the order of the lines."""
        scores = np.zeros(len(self.docs))
        for t in set(terms(text)):
            if t in self.postings:
                index, tf = self.postings[t]
                scores[index] += self.idf[t] * tf * (K1 + 1) / (tf + self.norms[index])
        return scores

    def rank(self, text: str) -> list[Ranked]:
        return self.ranked(self.scores(text))

    def ranked(self, scores: FloatArray) -> list[Ranked]:
        return [ranked for ranked in self.index.best(scores) if ranked.confidence > 0]


STEP_WORDS_WEIGHT = 0.2
"""How much the question's own words a step says add to its similarity by meaning, when
choosing the step asked about: "re-referring to social care if the family won't engage" is
nearer "challenge parents around engagement" by meaning alone (0.44), and names Disguised
Compliance's fifth step, "consider re-referring families ... to CSC" (0.39), in its own words.
Chosen over 0.1 and 0.3 on the answers the assistant gives the released sets' questions (A-R):
with 0.2, 8 answers' first screens newly hold what the question expects, 2 no longer do (0.1:
3 and 0; 0.3: 9 and 3); no set's choice changes when it is left out."""


def shared_words(question: str, line: str, idf: Callable[[str], float]) -> float:
    """The share of the question's terms, each weighed by how telling it is (`idf`), that the
    line says too (0.0 to 1.0)."""
    asked = set(terms(question))
    weight = sum(idf(term) for term in asked)
    if not weight:
        return 0.0
    return sum(idf(term) for term in asked & set(terms(line))) / weight


Encode = Callable[[list[str]], np.ndarray]
MIN_SIMILARITY = 0.35
"""Below this cosine similarity a line is not a neighbour at all (unrelated sentences score
about 0.0 to 0.2 with this encoder)."""


class NearestExample:
    """The key message of the most similar line, by cosine similarity of sentence vectors."""

    def __init__(self, lines: Sequence[Line], encode: Encode, encode_lines: Encode) -> None:
        self.lines = list(lines)
        self.index = KeyIndex(self.lines)
        self.encode = encode
        self.vectors = encode_lines([line.text for line in self.lines])

    def scores(self, text: str, vector: FloatArray | None = None) -> FloatArray:
        """Each line's cosine similarity to the text, in the order of the lines; `vector`: the
        text's sentence vector when the caller already has it."""
        return self.vectors @ (self.encode([text])[0] if vector is None else vector)

    def rank(self, text: str, vector: FloatArray | None = None) -> list[Ranked]:
        return self.ranked(self.scores(text, vector))

    def ranked(self, scores: FloatArray) -> list[Ranked]:
        return [ranked for ranked in self.index.best(scores) if ranked.confidence >= MIN_SIMILARITY]


RRF_K = 10
"""Reciprocal rank fusion's damping: small, so the first places count most."""


def fused(
    rankings: Sequence[Sequence[Ranked]], weights: Sequence[float] | None = None
) -> list[Ranked]:
    """Key messages by the weighted sum of 1 / (RRF_K + rank) over the rankings."""
    weights = weights or [1.0] * len(rankings)
    score: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for position, ranked in enumerate(ranking, start=1):
            score[ranked.key_message_id] = score.get(ranked.key_message_id, 0.0) + weight / (
                RRF_K + position
            )
    return sorted(
        (Ranked(k, s) for k, s in score.items()), key=lambda r: r.confidence, reverse=True
    )


def agreed_top(rankings: Sequence[Sequence[Ranked]], top: str) -> int:
    """How many of the rankings put this key message first."""
    return sum(1 for ranking in rankings if ranking and ranking[0].key_message_id == top)


AGREEMENT = 2
"""Answer when at least this many of the three opinions put the fused top first."""


KNOWN_SIMILARITY = 0.5
KNOWN_BM25 = 10.0
"""A question is near what the audits say when its nearest example line is at least this
similar, or its best BM25 line scores at least this. Measured on blind sets A and B and our own
set (2026-12-05): below both, 19 of the 34 out-of-coverage questions that name no listed topic,
and 18 of 381 topic and practice questions (none of our own); so below both, the candidates
say the audits may not cover it (a question for the candidates only, never a refusal)."""


@dataclass(frozen=True)
class Opinion:
    """The fused ranking and whether it is sure enough to answer without asking."""

    ranking: list[Ranked]
    confident: bool
    agreeing: int = 0
    """How many of the three opinions put the fused top first."""
    near_knowledge: bool = True
    """Whether the question is near anything the audits say (KNOWN_SIMILARITY, KNOWN_BM25)."""
    second: Ranked | None = None
    """The runner-up, when the answer is given and it comes close (LearnedFusion.runner_up):
    offered beside the answer ("Or: ...") rather than left out of a wrong single answer."""


ROLES = """school nurse|health visitor|hv|gp|doctor|social worker|sw|student social worker|
teacher|class teacher|head teacher|headteacher|head of year|teaching assistant|senco|dsl|
designated safeguarding lead|safeguarding lead|midwife|police officer|officer|camhs clinician|
camhs worker|clinician|youth worker|early help worker|family support worker|nursery manager|
nursery worker|paediatrician|nurse|psychologist|therapist|speech and language therapist|
occupational therapist|learning lead|trainer|manager|team manager|practitioner|housing officer|
youth offending worker|yot worker|probation officer|counsellor|mentor|support worker""".replace(
    "\n", ""
)
_ROLE_INTRO = re.compile(
    rf"^\W*(?:(?:i'?m|i am|as)\s+(?:an?\s+|the\s+)?)?(?:{ROLES})"
    r"(?:\s+here)?\s*(?:[-:,.;]+|\bhere\b)\s*",
    re.IGNORECASE,
)
MIN_WORDS_AFTER_ROLE = 4


def without_role(text: str) -> str:
    """The question without the asker's introduction ("school nurse - ...", "I'm a GP, ...",
    "hv here ..."): who asks is not what they ask about, and a role with its own key message
    (school nursing) would otherwise pull the keyword and meaning matches towards it."""
    match = _ROLE_INTRO.match(text)
    if match is None:
        return text
    rest = text[match.end() :]
    return rest if len(rest.split()) >= MIN_WORDS_AFTER_ROLE else text


_CLAUSE_BREAK = re.compile(r"\s+[-\u2013\u2014]+\s+|[:;,]\s*")
_ASKING = re.compile(
    r"^\W*(?:(?:so|but|and|just|ok|okay|also|then|now|basically|honestly|really)\W+)*"
    r"(?:what|whats|how|hows|who|whom|whose|which|where|when|why|should|shall|is|are|was|were"
    r"|can|could|do|does|did|would|will|may|might|must|any|anything|anyone|has|have|am|wondering"
    r"|want\s+to\s+know|need\s+to\s+know|tell\s+me|advice|learning|guidance)\b",
    re.IGNORECASE,
)
MIN_ASK_TERMS = 2
"""An ask of fewer telling words ("is she right?", "learning?") points nowhere on its own."""


def ask_clause(text: str) -> str:
    """What a message asks, apart from the history told before it: the last sentence that
    asks (a question mark, else the last sentence), from its last clause opening as a question
    ("her 2 kids - what should I be sharing with children's services and how?"). Empty when
    the ask is the whole message (nothing told before it) or too short to point anywhere
    (MIN_ASK_TERMS). Taught lines tell situations under the key message their own ask was
    about, so the history's words meet a neighbouring topic's situation; the ask, ranked
    apart, is weighed by the learned fusion (ASK_OPINIONS)."""
    told = sentences(text)
    asking = [part for part in told if "?" in part] or told
    if not asking:
        return ""
    clauses = [part for part in _CLAUSE_BREAK.split(asking[-1]) if part.strip()]
    opening = next((i for i in range(len(clauses) - 1, -1, -1) if _ASKING.match(clauses[i])), None)
    ask = " ".join(clauses[opening:] if opening is not None else clauses).strip()
    if len(terms(ask)) < MIN_ASK_TERMS or len(terms(ask)) >= len(terms(text)):
        return ""
    return ask


FUSION_TOP = 5
"""The key messages the learned fusion weighs: each opinion's first five (and the fused five)."""
FEATURES = (
    *(
        f"{opinion} {what}"
        for opinion in ("selector", "bm25", "nearest")
        for what in ("score", "1/(1+place)", "score/first's")
    ),
    "selector's first score",
    "log(1 + bm25's first score)",
    "nearest's first score",
    "reciprocal rank fusion",
    "opinions putting it first",
    *(
        f"{opinion} {what}"
        for opinion in ("selector", "bm25", "nearest")
        for what in ("lead over the best other", "first")
    ),
    *(
        f"{opinion} {what}"
        for opinion in ("ask bm25", "ask nearest")
        for what in ("score", "1/(1+place)", "score/first's", "lead over the best other", "first")
    ),
)
"""What the learned fusion knows of a key message, from the three opinions' rankings. Each
opinion's lead (its score less the best other key message's, negative when behind) and
whether it puts the key message first tell a clear first from one of several close: leaving
one released set out (A-G), they answered 1,428 right and 160 wrong where the features
without them answered 1,389 and 155 (not sure 243 -> 199)."""


OPINIONS = 3
"""The selector, BM25 and the nearest example: the opinions on the whole question. Rankings
after them are the ask's (ask_clause), by BM25 and the nearest example (ASK_OPINIONS)."""
ASK_OPINIONS = 2


def candidate_features(rankings: Sequence[Sequence[Ranked]]) -> tuple[list[str], np.ndarray]:
    """The key messages any opinion ranks near the top, and a row of FEATURES for each; the
    rankings of the ask apart (after the first OPINIONS, empty when not given) add theirs."""
    opinions = list(rankings[:OPINIONS])
    asks = [*rankings[OPINIONS:], *[[]] * ASK_OPINIONS][:ASK_OPINIONS]
    fusion = fused(opinions)
    keys: list[str] = []
    for ranking in (*opinions, fusion, *asks):
        keys += [r.key_message_id for r in ranking[:FUSION_TOP] if r.key_message_id not in keys]
    firsts = [ranking[0].confidence if ranking else 0.0 for ranking in opinions]
    fused_score = {r.key_message_id: r.confidence for r in fusion}
    rows = []
    for key in keys:
        row: list[float] = []
        for ranking in opinions:
            row += _placed(ranking, key)
        row += [firsts[0], math.log1p(firsts[1]), firsts[2]]
        row += [fused_score.get(key, 0.0), float(agreed_top(opinions, key))]
        for ranking in opinions:
            row += _lead(ranking, key)
        for ranking in asks:
            row += [*_placed(ranking, key), *_lead(ranking, key)]
        rows.append(row)
    return keys, np.array(rows, dtype=np.float64).reshape(len(keys), len(FEATURES))


def _placed(ranking: Sequence[Ranked], key: str) -> list[float]:
    """The key message's score in one ranking, 1/(1 + its place) and its score over the
    first's (0, 0, 0 when the ranking leaves it out)."""
    place = next((i for i, r in enumerate(ranking) if r.key_message_id == key), None)
    score = ranking[place].confidence if place is not None else 0.0
    first = ranking[0].confidence if ranking else 0.0
    return [
        score,
        1.0 / (1 + place) if place is not None else 0.0,
        score / first if first > 0 else 0.0,
    ]


def _lead(ranking: Sequence[Ranked], key: str) -> list[float]:
    """The key message's score less the best other's in one ranking, and 1.0 when it is
    first (0, 0 when the ranking leaves it out)."""
    place = next((i for i, r in enumerate(ranking) if r.key_message_id == key), None)
    if place is None:
        return [0.0, 0.0]
    others = [r.confidence for i, r in enumerate(ranking) if i != place]
    return [ranking[place].confidence - max(others, default=0.0), float(place == 0)]


@dataclass(frozen=True)
class LearnedFusion:
    """A logistic regression over FEATURES: how likely each candidate key message is the one
    asked about, fitted on the released blind sets (`python -m bot nlu fit-fusion`); the
    assistant answers when the likeliest reaches `threshold`, chosen on the same sets."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    second_margin: float = 0.0
    """How close the runner-up's likelihood must come to the first's to be offered beside the
    answer; chosen with the threshold, on the released sets (`fit-fusion`); 0: never."""

    def ranking(self, rankings: Sequence[Sequence[Ranked]]) -> list[Ranked]:
        keys, rows = candidate_features(rankings)
        if not keys:
            return []
        likelihood = 1.0 / (1.0 + np.exp(-(rows @ np.array(self.weights) + self.bias)))
        order = np.argsort(-likelihood, kind="stable")
        return [Ranked(keys[i], float(likelihood[i])) for i in order]

    def runner_up(self, ranking: Sequence[Ranked]) -> Ranked | None:
        """The second key message when the first is answered and the second is within
        `second_margin` of it: two fit and the fusion cannot tell them apart."""
        return runner_up(ranking, self.threshold, self.second_margin)


def runner_up(ranking: Sequence[Ranked], threshold: float, margin: float) -> Ranked | None:
    """The second of `ranking` when the first reaches `threshold` and the second is within
    `margin` of it (never when `margin` is 0)."""
    if margin <= 0 or len(ranking) < 2 or ranking[0].confidence < threshold:
        return None
    return ranking[1] if ranking[0].confidence - ranking[1].confidence <= margin else None


class Ranker:
    """The response selector's ranking with BM25 and the nearest example as second opinions
    (measured on blind set A: see config.yml and the README).

    `taught` lines (released blind questions, each under the key message that answers it)
    join the knowledge's own in both second opinions, but whether a question is near what
    the audits say is judged on the knowledge's own lines alone."""

    def __init__(
        self,
        messages: Mapping[str, Sequence[str]],
        encode: Encode,
        encode_lines: Encode | None = None,
        taught: Mapping[str, Sequence[str]] | None = None,
        fusion: LearnedFusion | None = None,
        subjects: Subjects | None = None,
    ) -> None:
        """`subjects`: the key messages of one subject and what names each (subjects.py)."""
        known = knowledge_lines(messages)
        lines = known + knowledge_lines(taught or {})
        self.known = len(known)
        self.bm25 = BM25(lines)
        self.known_bm25 = BM25(known) if len(lines) > len(known) else self.bm25
        self.nearest = NearestExample(lines, encode, encode_lines or encode)
        self.fusion = fusion
        self.subjects: Subjects = dict(subjects or {})
        self.speller = Speller((line.text for line in known), (line.text for line in lines))

    def about(self, text: str) -> str:
        """What the question asks, as BM25 and the nearest example read it: without its asker
        (without_role), its slips read as the lines' words they were meant to be (Speller)."""
        return self.speller.corrected(without_role(text))

    def second_opinions(
        self, text: str, vector: FloatArray | None = None
    ) -> tuple[list[Ranked], list[Ranked]]:
        """BM25's and the nearest example's rankings, of the question without its asker.
        `vector`: the sentence vector of `text` when the caller has it (the NLU pipeline's),
        used when no asker is left out."""
        about = self.about(text)
        return self.bm25.rank(about), self.nearest.rank(about, vector if about == text else None)

    def similarities_to(
        self, text: str, key_message_id: str, lines: Sequence[str], vector: FloatArray | None = None
    ) -> list[float]:
        """The question's similarity to each of a key message's own `lines` (its steps: the
        answer shows the one asked about first): by meaning, the vectors the ranker already
        holds (0.0 for a line it does not hold), and by the question's own words a line says
        (`STEP_WORDS_WEIGHT`, shared_words). `vector`: as for `opinion`."""
        about = self.about(text)
        scores = self.nearest.scores(about, vector if about == text else None)
        held = {
            line.text: float(score)
            for line, score in zip(
                self.nearest.lines[: self.known], scores[: self.known], strict=True
            )
            if line.key_message_id == key_message_id
        }
        idf = self.known_bm25.idf_of
        return [
            held.get(line, 0.0) + STEP_WORDS_WEIGHT * shared_words(about, line, idf)
            for line in lines
        ]

    def opinion(
        self,
        text: str,
        selector: Sequence[Ranked],
        selector_sure: bool,
        vector: FloatArray | None = None,
    ) -> Opinion:
        """`vector`: the sentence vector of `text` when the caller has it (the NLU pipeline's),
        used when no asker is left out."""
        rankings, near = self.rankings(text, selector, vector)
        if self.fusion is not None:
            return fused_opinion(self.fusion, rankings, near, self.about(text), self.subjects)
        rankings = rankings[:OPINIONS]
        ranking = fused(rankings)
        if not ranking:
            return Opinion([], False, near_knowledge=near)
        top_id = ranking[0].key_message_id
        agreeing = agreed_top(rankings, top_id)
        selector_top = bool(selector) and selector[0].key_message_id == top_id
        confident = agreeing >= AGREEMENT or (selector_sure and selector_top)
        return Opinion(ranking, confident, agreeing, near)

    def rankings(
        self, text: str, selector: Sequence[Ranked], vector: FloatArray | None = None
    ) -> tuple[list[list[Ranked]], bool]:
        """The three opinions' rankings of the question (BM25 and the nearest example without
        its asker), then BM25's and the nearest example's of its ask apart (ask_clause; empty
        when the ask is the whole question), and whether it is near what the audits say;
        `vector`: as for `opinion`."""
        about = self.about(text)
        similarities = self.nearest.scores(about, vector if about == text else None)
        bm25 = self.bm25.scores(about)
        # near the knowledge's own lines: the same scores when nothing is taught
        known = bm25 if self.known_bm25 is self.bm25 else self.known_bm25.scores(about)
        near = highest(similarities[: self.known]) >= KNOWN_SIMILARITY or (
            highest(known) >= KNOWN_BM25
        )
        ask = ask_clause(about)
        asked: list[list[Ranked]] = (
            [self.bm25.rank(ask), self.nearest.rank(ask)] if ask else [[], []]
        )
        opinions = [list(selector), self.bm25.ranked(bm25), self.nearest.ranked(similarities)]
        return [*opinions, *asked], near


def fused_opinion(
    fusion: LearnedFusion,
    rankings: Sequence[Sequence[Ranked]],
    near: bool,
    text: str | None = None,
    subjects: Subjects | None = None,
) -> Opinion:
    """What the learned fusion makes of the three opinions' rankings: its likeliest key
    message, answered when it reaches the threshold, with a close runner-up beside it; given the
    question (`text`) and the key messages of one subject (`subjects`), one it does not name
    is never answered, nor the runner-up, but stays among those offered
    (bot/dialogue/subjects.py)."""
    ranking = fusion.ranking(rankings)
    answerable = ranking
    if text is not None and subjects:
        ranking = named_subjects_first(ranking, text, subjects)
        answerable = [r for r in ranking if names_subject(r.key_message_id, text, subjects)]
    if not ranking:
        return Opinion([], False, near_knowledge=near)
    top = ranking[0]
    confident = top.confidence >= fusion.threshold and bool(answerable) and top is answerable[0]
    agreeing = agreed_top(rankings[:OPINIONS], top.key_message_id)
    return Opinion(ranking, confident, agreeing, near, fusion.runner_up(answerable))


def message_texts(
    messages: Sequence[KeyMessage], glossary: Sequence[Mapping[str, Any]]
) -> dict[str, list[str]]:
    """What each key message is found by: its example questions (with every form of the
    glossary terms in them), its title and its actions, in the audit's own words."""
    return {
        message.id: [
            *(
                v
                for example in message.example_questions
                for v in with_glossary_variants(example, glossary)
            ),
            message.title,
            *message.actions,
        ]
        for message in messages
    }


FUSION_FILE = Path(__file__).with_name("fusion.yml")
"""The learned fusion's weights and threshold, written by `python -m bot nlu fit-fusion`."""


def load_fusion(path: Path = FUSION_FILE) -> LearnedFusion | None:
    """The fitted fusion, or None (two of three agreeing) when there is none; a file that does
    not fit FEATURES is an error naming it."""
    if not path.exists():
        return None
    document = safe_load(path.read_text(encoding="utf-8")) or {}
    weights = document.get("weights")
    if not isinstance(weights, dict) or list(weights) != list(FEATURES):
        raise ValueError(f"{path}: field 'weights' must give one weight per feature, {FEATURES}")
    return LearnedFusion(
        tuple(float(w) for w in weights.values()),
        float(document["bias"]),
        float(document["threshold"]),
        float(document.get("second_margin") or 0.0),
    )


TAUGHT_FILE = Path(__file__).with_name("taught.yml")
"""The released blind sets' questions, each under the one key message whose answer holds what
it expects: generated by `python -m bot nlu teach` (which `fit-fusion` runs), never by hand."""


def taught_entries(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Each entry of a taught file (a question under what answers it, by released set) with
    where it is for an error ("<file>: set A, item 3"); none without the file; a file not
    shaped so, or an entry without its question, is an error naming the file, set and item."""
    if not path.exists():
        return []
    document = safe_load(path.read_text(encoding="utf-8")) or {}
    sets = document.get("sets") if isinstance(document, dict) else None
    if not isinstance(sets, dict):
        raise ValueError(f"{path}: field 'sets' must map each set id to its questions")
    entries = []
    for set_id, items in sets.items():
        if not isinstance(items, list):
            raise ValueError(f"{path}: set {set_id}: must be a list of questions")
        for number, item in enumerate(items, start=1):
            where = f"{path}: set {set_id}, item {number}"
            if not isinstance(item, dict) or not isinstance(item.get("q"), str) or not item["q"]:
                raise ValueError(f"{where}: field 'q' must be the question's text")
            entries.append((where, item))
    return entries


def load_taught(
    path: Path = TAUGHT_FILE, known: Collection[str] | None = None
) -> dict[str, list[str]]:
    """The taught lines by key message ({} without the file); an entry that is not a question
    under a key message (one of `known`, when given) is an error naming the file, set and item."""
    lines: dict[str, list[str]] = {}
    for where, item in taught_entries(path):
        key = item.get("key_message")
        if not isinstance(key, str) or (known is not None and key not in known):
            raise ValueError(f"{where}: field 'key_message' {key!r} is no key message")
        lines.setdefault(key, []).append(item["q"])
    return lines


def assistant_ranker(
    messages: Sequence[KeyMessage], glossary: Sequence[Mapping[str, Any]], cache_dir: Path
) -> Ranker:
    """The ranker the assistant answers with: the knowledge's lines, the released sets'
    taught questions as more examples, and the learned fusion (measured leaving one set
    out: config.yml, the README)."""
    known = {message.id for message in messages}
    taught = load_taught()
    unknown = sorted(set(taught) - known)
    if unknown:
        # Knowledge without some key messages the sets were labelled with (a retired one, a
        # test's small knowledge): their lines are left out, not the server stopped; the
        # staleness test names the file to regenerate.
        _LOG.warning(
            "%s: %d taught lines name key messages not in the knowledge (%s): left out; run "
            "`python -m bot nlu teach`",
            TAUGHT_FILE,
            sum(len(taught[key]) for key in unknown),
            ", ".join(unknown[:3]) + (", ..." if len(unknown) > 3 else ""),
        )
    taught = {key: lines for key, lines in taught.items() if key in known}
    return knowledge_ranker(messages, glossary, cache_dir, taught, load_fusion())


def knowledge_ranker(
    messages: Sequence[KeyMessage],
    glossary: Sequence[Mapping[str, Any]],
    cache_dir: Path,
    taught: Mapping[str, Sequence[str]] | None = None,
    fusion: LearnedFusion | None = None,
) -> Ranker:
    """The ranker the actions use: the shared encoder, the knowledge's vectors from disk."""
    return Ranker(
        message_texts(messages, glossary),
        lambda texts: shared_encoder().encode(texts),  # the weights load on first use
        lambda texts: cached_encode(texts, cache_dir),
        taught,
        fusion,
        subjects_of(messages),
    )
