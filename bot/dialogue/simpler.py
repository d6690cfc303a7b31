"""Saying the last reply again in fewer, plainer words: "I not understand, more simple please",
"too complicated", "in plain English?".

A person who did not follow an answer needs its gist, not the same block again nor a new
topic: the first sentences of what was just said that carry something (not a heading, not a
list's lead-in), cut to a phone's glance. Judged by the message's shape only (the words of not
following or of asking for simpler words, and no topic of its own), never by a list of
sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.dialogue.follow_ups import sentences
from bot.dialogue.moves import topic_words

_SIMPLER = re.compile(
    r"\b(?:simpler|more simpl[ey]|simply|simple (?:words|english|terms|language|version|way)"
    r"|in simple|plain (?:english|words|language|terms)|easier (?:words|english|way|version)"
    r"|(?:don'?t|dont|do not|not|didn'?t|didnt|did not|can'?t|cant|cannot) (?:\w+ )?"
    r"(?:understand|follow|get it|get that)|too (?:complicated|complex|long|hard|difficult|wordy"
    r"|technical)|lost me|confus(?:ed|ing)|what does (?:that|it|this|all that) mean"
    r"|say (?:it|that) (?:again )?(?:simpl\w*|differently))\b",
    re.IGNORECASE,
)
SIMPLER_WORDS = frozenset(
    """understand simple simpler simply please pls plain english words easier easy version
    follow complicated complex long hard difficult wordy technical lost confused confusing
    explain again differently language terms sorry really very much bit little mean didnt
    dont cant cannot didn don doesn""".split()
)
"""The words of asking for simpler words: any other word is a topic of its own ("I don't
understand disguised compliance" asks about it)."""
MAX_SIMPLE_WORDS = 30
_MARKUP = re.compile(r"[*_#`]+")
_ASIDE = re.compile(r"\s*\([^()]*\)")
"""A bracketed aside ("(to be confirmed by the partnership)"): detail a gist leaves out."""


def _plain(text: str) -> str:
    text = _MARKUP.sub("", text)
    while _ASIDE.search(text):
        text = _ASIDE.sub("", text)
    return text


def asks_simpler(text: str) -> bool:
    """The person did not follow the last reply, or asks for it in simpler words, and names
    nothing else."""
    plain = text.replace("\u2019", "'")
    return _SIMPLER.search(plain) is not None and not topic_words(plain) - SIMPLER_WORDS


def said_simply(texts: Sequence[str]) -> str | None:
    """The gist of the last reply: its first sentences that say something, at most
    MAX_SIMPLE_WORDS words; None when it said nothing to simplify."""
    kept: list[str] = []
    count = 0
    for text in texts:
        for line in _plain(text).splitlines():
            for sentence in sentences(line.strip(" -\u2022")):
                words = sentence.split()
                if (
                    len(words) < 4
                    or sentence.endswith(":")
                    or sentence.lower().startswith("source")
                ):
                    continue
                if kept and count + len(words) > MAX_SIMPLE_WORDS:
                    break
                kept.append(sentence)
                count += len(words)
            if count >= MAX_SIMPLE_WORDS // 2:
                break
        if kept:
            break
    if not kept:
        return None
    words = " ".join(kept).split()
    gist = " ".join(words[:MAX_SIMPLE_WORDS]) + (" ..." if len(words) > MAX_SIMPLE_WORDS else "")
    return f"Put simply: {gist} Ask me about any word you don't know."
