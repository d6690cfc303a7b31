"""Unanswered questions grouped by what they ask about, so a content owner sees which new
content would answer most of them: FGM asked five ways is one group of five, not five
questions.

How: each stored (minimised) question becomes a TF-IDF vector of its topic words
(placeholders and common words left out, the rest reduced to a crude stem so that
"radicalised" and "radicalisation" are one word). Each word's weight is then scaled by how
rare it is in everyday English (wordfreq, installed for the privacy checks): a month of
questions is too few for IDF alone to tell a topic word ("FGM") from a generic one ("signs"),
and a person grouping questions goes by the topic word. Questions are merged by
average-linkage agglomerative clustering on cosine distance until two groups are less alike
than `MAX_DISTANCE`. Average linkage judges a merge by every pair of questions across two
groups, so one shared generic word does not chain topics together as single linkage would.
The same questions always give the same groups, labels and examples.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import diags
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize
from wordfreq import zipf_frequency

MAX_DISTANCE = 0.88
"""Cosine distance (1 - similarity), averaged over the questions of two groups, above which
they stay apart. Chosen on the practitioner phrasings of tests/insights/test_grouping.py,
where the groups are the ones a person makes from 0.84 to 0.92: at 0.82 the Prevent
questions stay apart from the radicalisation ones (at 0.76 FGM questions split too); at 0.94
the exploitation questions join Prevent through "referral". 0.88 is the middle."""
MAX_EXAMPLES = 5
MAX_LABEL_WORDS = 3
MAX_CLUSTERED = 2000
"""Distinct questions clustered pairwise (memory grows with the square: 2,000 take 32 MB).
The rarer ones beyond it join the group they are nearest, if near enough, or stand alone."""
STEM_CHARS = 6
"""Words are cut to this many characters once plural and -ing/-ed endings are off: a
truncation stemmer, since no stemmer ships with the installed packages and none may be
downloaded. Six keeps "police" and "policy" apart while "exploitation" and "exploited" meet."""
ZIPF_CEILING = 9.0
"""wordfreq's Zipf scale is log10 of a word's frequency per billion words, so 9 - Zipf is
the information a word carries (-log10 of its probability): 1.3 for "the", 4.3 for "signs",
6 for "FGM", 9 for a word wordfreq has never seen."""

_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
"""What minimisation puts for identifiers and unknown words ("[removed]", "[name removed]"):
nothing about the topic."""
_WORD = re.compile(r"[^\W_]+")
QUESTION_WORDS = frozenset(
    "worried worry worries concern concerned concerns help need know tell advice child "
    "children young person people please hi hello thanks thank does did doing ok".split()
)
"""Words nearly every practitioner question has that say nothing of its topic, left out with
scikit-learn's English stop words."""
CONVERSATIONAL_WORDS = frozenset(
    "come came coming fine im ive id okay yes yeah yep no nope nah cool great good sure right "
    "sorry mean meant actually got cheers hey just really want like think say said ask asked "
    "question questions answer thing things way going confused ah oh um hmm lol".split()
)
"""Words of talk rather than of a topic ("how come", "im fine", "sorry I meant"): never a
topic word, so no group is named "come", "fine" or "im"."""
_IGNORED = ENGLISH_STOP_WORDS | QUESTION_WORDS | CONVERSATIONAL_WORDS
GENERIC_WORDS = frozenset(
    "sign signs spot spotting identify indicator indicators symptom symptoms referral referrals "
    "refer referring report reporting policy policies procedure procedures process guidance "
    "training support risk risks safeguarding issue issues information contact call phone "
    "number online school home worker workers professional professionals".split()
)
"""Words a question on any topic may use ("the signs of...", "a referral for..."): weighed at
`GENERIC_WEIGHT`, so that questions on two topics sharing only such a word stay apart ("signs
of county lines", "signs of FGM"), while a group whose questions all share one still shows it
in its label ("prevent referral")."""
GENERIC_WEIGHT = 0.2


@dataclass(frozen=True)
class UnansweredGroup:
    label: str
    """The words the group's questions share most."""
    size: int
    examples: tuple[str, ...]
    """Minimised questions, most typical first, at most five."""


def stem(word: str) -> str:
    """A lower-case word's crude stem: plural, then -ing or -ed, off; then cut short."""
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    return word[:STEM_CHARS]


def topic_words(text: str) -> list[tuple[str, str]]:
    """(stem, word as typed) for each word that may say what a question is about: not a
    placeholder, stop word, single letter or bare number."""
    return [
        (stem(word.lower()), word)
        for word in _WORD.findall(_PLACEHOLDER.sub(" ", text))
        if len(word) > 1 and not word.isdigit() and word.lower() not in _IGNORED
    ]


def _stems(text: str) -> list[str]:
    return [word_stem for word_stem, _ in topic_words(text)]


def group_questions(texts: Sequence[str]) -> tuple[UnansweredGroup, ...]:
    """The questions in groups, largest first (ties by label).

    Identical questions are clustered once and counted as often as they were asked. A
    question with no topic word left ("what is [removed]") is in no group: the caller
    counts those as the difference. Texts are expected most recent first: beyond
    `MAX_CLUSTERED` distinct questions, the most asked and then the most recent are the
    ones clustered.
    """
    counts = Counter({text: times for text, times in Counter(texts).items() if _stems(text)})
    if not counts:
        return ()
    # Stable sort: most asked first, then in first-seen (most recent) order.
    distinct = sorted(counts, key=lambda text: -counts[text])
    asked = np.array([counts[text] for text in distinct])
    vectorizer = TfidfVectorizer(analyzer=_stems, sublinear_tf=True, norm=None)
    tfidf = vectorizer.fit_transform(distinct)
    stems = list(vectorizer.get_feature_names_out())
    spellings = _spellings(distinct, asked)
    generic = _generic_stems()
    information = [
        (ZIPF_CEILING - max(zipf_frequency(word, "en") for word in spellings[word_stem]))
        * (GENERIC_WEIGHT if word_stem in generic else 1.0)
        for word_stem in stems
    ]
    vectors = normalize(tfidf @ diags(information))
    clustered = _cluster(vectors[:MAX_CLUSTERED])
    numbers = np.concatenate([clustered, _assign(vectors[len(clustered) :], vectors, clustered)])
    shown = [spellings[word_stem].most_common(1)[0][0] for word_stem in stems]
    groups = []
    for number in np.unique(numbers):
        members = np.flatnonzero(numbers == number)
        groups.append(
            _group(
                [distinct[i] for i in members],
                asked[members],
                vectors[members].toarray(),
                stems,
                shown,
            )
        )
    return tuple(sorted(groups, key=lambda group: (-group.size, group.label)))


@lru_cache(maxsize=1)
def _generic_stems() -> frozenset[str]:
    return frozenset(stem(word) for word in GENERIC_WORDS)


def _spellings(texts: list[str], asked: np.ndarray) -> dict[str, Counter[str]]:
    """How each stem was typed, and how often: a label shows the commonest spelling."""
    spellings: dict[str, Counter[str]] = {}
    for text, times in zip(texts, asked, strict=True):
        for word_stem, word in topic_words(text):
            spellings.setdefault(word_stem, Counter())[word] += int(times)
    # most_common keeps first-seen order among equals; sorting first makes ties alphabetical.
    return {key: Counter(dict(sorted(counter.items()))) for key, counter in spellings.items()}


def _cluster(vectors: Any) -> np.ndarray:
    """Group numbers of the first distinct questions, by average linkage."""
    if vectors.shape[0] == 1:
        return np.ones(1, dtype=int)
    distance = np.clip(1.0 - (vectors @ vectors.T).toarray(), 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return np.asarray(fcluster(tree, t=MAX_DISTANCE, criterion="distance"), dtype=int)


def _assign(rest: Any, vectors: Any, clustered: np.ndarray) -> np.ndarray:
    """Group numbers of the questions beyond `MAX_CLUSTERED`: the group whose centroid is
    nearest if near enough, else a new group of their own."""
    if rest.shape[0] == 0:
        return np.zeros(0, dtype=int)
    numbers = np.unique(clustered)
    centroids = normalize(
        np.vstack(
            [np.asarray(vectors[np.flatnonzero(clustered == n)].mean(axis=0)) for n in numbers]
        )
    )
    similarity = np.asarray(rest @ centroids.T)
    nearest = similarity.argmax(axis=1)
    near_enough = similarity[np.arange(len(nearest)), nearest] >= 1.0 - MAX_DISTANCE
    alone = clustered.max() + 1 + np.arange(len(nearest))
    return np.where(near_enough, numbers[nearest], alone)


def _group(
    texts: list[str], asked: np.ndarray, vectors: np.ndarray, stems: list[str], shown: list[str]
) -> UnansweredGroup:
    """A group's label, size and examples, each question weighted by how often it was asked.

    The most typical examples are the questions nearest the group's centroid, then the most
    asked. The label is the highest-weight words (in the centroid) that at least half of
    the questions hold, at most three, or if no word is that common the highest-weight
    words; put in the order the most typical example has them ("county lines", never
    "lines, county").
    """
    size = int(asked.sum())
    centroid = asked @ vectors
    typicality = vectors @ centroid
    order = sorted(range(len(texts)), key=lambda i: (-typicality[i], -asked[i], texts[i]))
    holding = (vectors > 0).T @ asked  # how many of the group's questions hold each word
    ranked = sorted(np.flatnonzero(centroid), key=lambda t: (-centroid[t], shown[t]))
    chosen = ([t for t in ranked if holding[t] >= max(min(2, size), size / 2)] or ranked)[
        :MAX_LABEL_WORDS
    ]
    typical = _stems(texts[order[0]])
    chosen.sort(key=lambda t: typical.index(stems[t]) if stems[t] in typical else len(typical))
    return UnansweredGroup(
        label=" ".join(shown[t] for t in chosen),
        size=size,
        examples=tuple(texts[i] for i in order[:MAX_EXAMPLES]),
    )
