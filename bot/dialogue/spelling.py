"""Words misspelt by one slip, read as the audits' word they were meant to be, before keyword
and meaning retrieval look at a question.

BM25 matches whole (stemmed) words, and the sentence encoder splits an unknown word into
pieces that carry little of its meaning: "when shuold we start planing for ... adult servises"
shares "adult" alone with the transition lines, "dad sais we are not aloud to share anyting
with the GP or the helth team" loses "health". A word is corrected only when it is rare in
English (so an ordinary word is never changed into another: "aloud", "rite" stay), is no word
of the lines the ranker matches against, and is one slip (a letter left out, added, changed,
or two swapped) from a word those lines use: the correction can only ever be a word of the
audits' own vocabulary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from bot.safeguards.safety import within_one_edit

RARE_ZIPF = 3.0
"""Words rarer than this in English (wordfreq's Zipf scale: 3 is about once per million
words) may be slips: "sais" 2.7, "planing" 2.8, "anyting" 1.7; "aloud" 3.5 and "rite" 3.6 are
words in their own right and stay."""
MIN_CORRECTED = 4
"""Shorter words ("teh", "hv") are too often an abbreviation one slip from many words; a
longer one practitioners type ("appt", "paeds") is kept because `also_known` holds it."""
_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


class Speller:
    """Corrects a question's slips towards the words of the knowledge's own `lines` (spelt as
    the audits spell them); a word any of `also_known` says (the taught questions, typed by
    practitioners, "paeds", "appts") is matched as it is and never corrected."""

    def __init__(self, lines: Iterable[str], also_known: Iterable[str] = ()) -> None:
        self.counts = Counter(word.lower() for line in lines for word in _WORD.findall(line))
        self.known = frozenset(self.counts) | {
            word.lower() for line in also_known for word in _WORD.findall(line)
        }
        self.by_length: dict[int, list[str]] = {}
        for word in self.counts:
            self.by_length.setdefault(len(word), []).append(word)

    def _meant(self, word: str) -> str | None:
        """The vocabulary's word a slip was meant to be, the most used of them; None when the
        word is known, ordinary, short, or near no word of the lines."""
        lowered = word.lower()
        if len(lowered) < MIN_CORRECTED or lowered in self.known or _zipf(lowered) >= RARE_ZIPF:
            return None
        near = self._near_length(len(lowered))
        found = sorted(known for known in near if within_one_edit(lowered, known))
        if not found:
            return None
        return max(found, key=lambda candidate: self.counts[candidate])

    def _near_length(self, length: int) -> list[str]:
        """The vocabulary's words a slip can reach: one letter shorter, as long, one longer."""
        return [w for n in (length - 1, length, length + 1) for w in self.by_length.get(n, ())]

    def corrected(self, text: str) -> str:
        """The text with each slip replaced by the word meant (the rest as typed)."""
        return _WORD.sub(lambda match: self._meant(match.group()) or match.group(), text)
