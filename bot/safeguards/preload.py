"""The word lists the identifier checks read, read when a server starts rather than in the
first message: both servers check every message (Rasa's tracker store and log filter, the
action server's actions), and each list was read the first time a message needed it. The
first person to write after a start waited for them, about 1.5 s of CPU of that turn (Rasa
0.7 s, the action server 0.8 s; measured 2026-12-05), and the turns arriving meanwhile queued
behind it. Its own module, outside the model's fingerprint (bot/tooling/fingerprint.py): it
changes when the servers read the lists, not what the model learns."""

from __future__ import annotations

from bot.safeguards import vocabulary
from bot.safeguards.privacy import words


def read_word_lists() -> None:
    """Every cached list the checks read (the others are made of these)."""
    for read in (
        vocabulary.known_words,  # own words, first names, surnames, dictionary, frequent words
        vocabulary.storable_words,
        vocabulary.knowledge_proper_nouns,
        vocabulary.service_phone_numbers,
        words.common_words,
        words.very_common_words,
    ):
        read()
