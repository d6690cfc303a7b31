"""What is kept of what a person typed: identifiers replaced by placeholders, then every word
the assistant does not know replaced too.

Detection alone cannot promise that no name is stored: a name nobody listed, typed in lower
case, looks like any other word. So storage keeps only known words (bot.vocabulary: the
assistant's own vocabulary and frequent English words that are not names), and an unknown
word, whatever it is, never reaches the database, the logs or the insights. Questions stay
readable enough to improve the content: "jayden smith keeps turning up hungry to nursery"
is kept as "[name removed] keeps turning up hungry to nursery".
"""
from __future__ import annotations

import re

from bot import vocabulary
from bot.privacy import redact

UNKNOWN = "[removed]"
"""Stands for a run of words the assistant does not know."""
MAX_KEPT_DIGITS = 2
"""Numbers up to this many digits (ages, "yr 8", "20 mins") are kept; longer ones (years of
birth, house and reference numbers) are not."""
_PLACEHOLDER = r"\[[a-zA-Z ]*removed\]"
_TOKEN = re.compile(rf"{_PLACEHOLDER}|[^\W\d_]+(?:['’][^\W\d_]+)*|\d+")
_CONTRACTION = re.compile(r"(?:n['’]t|['’](?:s|re|ve|ll|d|m|t))$", re.IGNORECASE)


def _kept(token: str) -> bool:
    if token.startswith("["):
        return True
    if token.isdigit():
        return len(token) <= MAX_KEPT_DIGITS
    base = _CONTRACTION.sub("", token)
    return bool(base) and base.isascii() and vocabulary.is_known(base.replace("’", "").replace("'", ""))


def minimise(text: str) -> str:
    """The text as it may be stored: identifiers and unknown words replaced."""
    redacted = redact(text)
    pieces: list[str] = []
    position = 0
    for match in _TOKEN.finditer(redacted):
        if _kept(match.group()):
            continue
        gap = redacted[position:match.start()]
        if not (pieces and pieces[-1] == UNKNOWN and not gap.strip()):
            pieces += [gap, UNKNOWN]  # a run of unknown words becomes one placeholder
        position = match.end()
    pieces.append(redacted[position:])
    return "".join(pieces)
