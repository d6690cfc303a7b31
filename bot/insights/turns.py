"""Which stored texts are conversation turns rather than questions: an acknowledgement, a
correction, a workshop reflection or a quiz letter.

Versions before the CONVERSATION_TURN event stored these as unanswered questions, and the
insights must not count them as such. The report reads them with the recognisers the dialogue
uses where it has one on text (the workshop's "answer:" prefix, a quiz's typed option), and
otherwise with the words of the assistant's own training examples for acknowledging: a text
made only of those words ("ok", "fine thanks", "no not really") says nothing about a topic.
Everything else is a question, so a real question is never hidden.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache
from pathlib import Path

from bot.dialogue.moves import Move as Said
from bot.names import (
    ACKNOWLEDGE_INTENT,
    AFFIRM_INTENT,
    DENY_INTENT,
    GOODBYE_INTENT,
    GREET_INTENT,
    START_AGAIN_INTENT,
    THANK_INTENT,
)
from bot.settings import PROJECT_ROOT
from bot.yaml_text import safe_load


class Move(str, Enum):
    """A conversation turn's `reason`, as the actions record it."""

    ACKNOWLEDGEMENT = "acknowledgement"
    CORRECTION = "correction"
    FEEDBACK_REASON = "feedback_reason"
    WORKSHOP_ANSWER = "workshop_answer"
    QUIZ_LETTER = "quiz_letter"


MOVE_LABELS = {
    Move.ACKNOWLEDGEMENT: "Acknowledgements (“ok”, “thanks”, “no”)",
    Move.CORRECTION: "Corrections (“no, I meant…”)",
    Move.FEEDBACK_REASON: "Typed reasons an answer did not help",
    Move.WORKSHOP_ANSWER: "Workshop answers and reflections",
    Move.QUIZ_LETTER: "Quiz and walk-through options typed (“b”)",
}
"""How each move is named on the page; a reason recorded by a newer version is shown as is."""
COUNTED_AS = {Said.THANKS.value: Move.ACKNOWLEDGEMENT}
"""Reasons the conversation moves record under a name of their own (bot/dialogue/moves.py)
that the page counts with one of these: a "thanks" is an acknowledgement, so it is not a line
of its own, named by its bare reason."""

CORE_NLU = PROJECT_ROOT / "data" / "core" / "nlu.yml"
ACKNOWLEDGING_INTENTS = frozenset(
    {
        ACKNOWLEDGE_INTENT,
        AFFIRM_INTENT,
        DENY_INTENT,
        THANK_INTENT,
        GREET_INTENT,
        GOODBYE_INTENT,
        START_AGAIN_INTENT,
    }
)
SPOKEN_FILLERS = frozenset("im i m am its it s thats that ta cheers lol so very much oh".split())
"""Spellings of the same acknowledgements the training examples write out in full ("im fine")."""
CORRECTION_WORDS = frozenset(
    "meant mean wrong asked ask answer question other one different not that what the a it is "
    "was sorry actually instead about".split()
)
"""What a correction says besides acknowledging ("no, that's not what I asked")."""
_CORRECTION_CUE = re.compile(
    r"\b(?:i meant|i mean|wrong|not what i|other one|different one|instead|actually)\b"
)
_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=4)
def acknowledging_words(nlu_file: Path = CORE_NLU) -> frozenset[str]:
    """Every word of the training examples of the acknowledging intents."""
    document = safe_load(nlu_file.read_text(encoding="utf-8")) or {}
    words: set[str] = set()
    for block in document.get("nlu") or []:
        if block.get("intent") in ACKNOWLEDGING_INTENTS:
            words |= set(_WORD.findall(str(block.get("examples") or "").lower()))
    return frozenset(words)


def _only(words: list[str], allowed: frozenset[str]) -> bool:
    return bool(words) and all(word in allowed for word in words)


@lru_cache(maxsize=8192)
def conversation_move(text: str) -> Move | None:
    """The move a stored text is, or None for a question (or anything not recognised)."""
    # Imported here: the workshop answers (and the workshop chat, which reads them) import the
    # handouts, which import the insights page. Layering these is issue 22's work.
    from bot.dialogue.answers.live_workshop import ANSWER_PREFIX
    from bot.dialogue.options import LETTERS, typed_option

    answer = ANSWER_PREFIX.match(text)
    # "answer: ..." or "my answer is ...", not "answers to ..."
    if (
        answer is not None
        and text[answer.end() :].strip()
        and not text[answer.end() - 1 : answer.end() + 1].isalpha()
    ):
        return Move.WORKSHOP_ANSWER
    if isinstance(typed_option(text, len(LETTERS)), int):
        return Move.QUIZ_LETTER
    lowered = text.lower().replace("\u2019", "'")
    words = _WORD.findall(lowered.replace("'", ""))
    acknowledging = acknowledging_words() | SPOKEN_FILLERS
    if _only(words, acknowledging):
        return Move.ACKNOWLEDGEMENT
    if _CORRECTION_CUE.search(lowered.replace("'", "")) and _only(
        words, acknowledging | CORRECTION_WORDS
    ):
        return Move.CORRECTION
    return None
