"""Questions about the case the last turn showed: "what went wrong", "what should they have
done", "what went well", "tell me more about her", "and the learning from it?".

Once a case is on screen (its description, its good practice, or the answer to "which case
was that"), such a question has no topic of its own: it is about that case, whatever its words.
Two kinds of evidence decide, never a list of sentences: the case the assistant's previous
turn named (exactly one, by the citation it printed), and the shape of the message (its only
topic words are words of asking about a case). The knowledge then answers: the case's
strengths, its key messages' findings, their steps, or the case's own summary.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from bot.dialogue.answers.learning import learning_button
from bot.dialogue.follow_ups import case_lines, matching_lines
from bot.dialogue.moves import FUNCTION_WORDS, SOURCE_WORDS, topic_words
from bot.dialogue.replies import Reply, bullets
from bot.dialogue.understanding import mentioned_source, named_topic
from bot.knowledge.citations import case_label, citation
from bot.knowledge.models import Case, Source

_WORD = re.compile(r"[a-z]+")


class CaseAsk(str, Enum):
    """What a question about the case in focus asks for."""

    STRENGTHS = "strengths"
    """What went well: the case's strengths."""
    FINDINGS = "findings"
    """What went wrong, the learning: its key messages and what each found."""
    STEPS = "steps"
    """What should have happened: its key messages' steps."""
    ABOUT = "about"
    """Tell me more: the case itself."""


_STRENGTH_WORDS = frozenset("well good strength strengths positive positives worked right".split())
_STEP_WORDS = frozenset(
    """should done differently better improve improved instead ought needed need have
    happened""".split()
)
_FINDING_WORDS = frozenset(
    """wrong learning learn learnt learned lessons lesson came come out found finding findings
    gaps gap issues issue problems problem concerns concern key messages message
    messages went takeaway takeaways""".split()
)
_ABOUT_WORDS = frozenset("more tell about know background story details".split())
_CASE_WORDS = frozenset(
    """case cases family child kid young person audit them they professionals agencies
    else anything from""".split()
)
ASKING_WORDS = _STRENGTH_WORDS | _STEP_WORDS | _FINDING_WORDS | _ABOUT_WORDS | _CASE_WORDS
"""Every word a question about the case in focus may carry besides function words."""


def case_ask(text: str) -> CaseAsk | None:
    """What the message asks about a case, when asking about a case is all it does."""
    words = topic_words(text)
    every = set(_WORD.findall(text.lower()))
    if not words <= ASKING_WORDS or not (every & ASKING_WORDS):
        return None
    if every & _STRENGTH_WORDS and not every & {"wrong", "better", "differently"}:
        return CaseAsk.STRENGTHS
    if every & {"should", "ought", "differently", "instead"}:
        return CaseAsk.STEPS
    if words & _FINDING_WORDS:
        return CaseAsk.FINDINGS
    if every & (_ABOUT_WORDS | {"her", "him", "them", "family"}):
        return CaseAsk.ABOUT
    return None


def label(case: Case) -> str:
    """How replies name a case: its audit and its label, as citations print them."""
    return f"{case.source.short_title}, {case_label(case)}".lower()


def named_in(texts: Sequence[str], cases: Sequence[Case]) -> Case | None:
    """The one case these replies name (None when they name none or several)."""
    said = " ".join(texts).lower()
    named = [case for case in cases if label(case) in said]
    return named[0] if len(named) == 1 else None


def bot_texts(turn: Sequence[Mapping[str, Any]]) -> list[str]:
    """What the assistant said in one turn's events."""
    return [str(event.get("text") or "") for event in turn if event.get("event") == "bot"]


MAX_STEPS_EACH = 2


def case_findings(case: Case) -> list[Reply]:
    """The learning from a case: each of its key messages and what the audit found."""
    lines = [f"**{message.title}**: {message.summary}" for message in case.key_messages]
    return _about_messages(case, f"What the audit learned from {case_label(case)}:", lines)


def case_steps(case: Case) -> list[Reply]:
    """What should have happened: the steps of the case's key messages."""
    lines = [
        f"**{message.title}**: " + " ".join(message.actions[:MAX_STEPS_EACH])
        for message in case.key_messages
    ]
    opening = f"What the audit says should happen, from {case_label(case)}:"
    return _about_messages(case, opening, lines)


def _about_messages(case: Case, opening: str, lines: list[str]) -> list[Reply]:
    if not lines:
        return [
            Reply(
                f"{case_label(case)}: the audit names no key message of its own for this case. "
                f"{case.summary} {citation(case.source, [case])}"
            )
        ]
    text = "\n\n".join([opening, bullets(lines), citation(case.source, [case])])
    return [Reply(text, tuple(learning_button(message) for message in case.key_messages))]


_FINDING_CASE = re.compile(r"\bcases?\b", re.IGNORECASE)
_NAMING_WORDS = (
    ASKING_WORDS
    | FUNCTION_WORDS
    | frozenset(
        """which one was what happened show showed mention mentioned say said send mental health
        mh outcome summary been had did used using going keep keeps last time where""".split()
    )
)
"""Words of asking which case, not of what happened in it."""


def case_by_content(
    text: str,
    cases: Sequence[Case],
    sources: Sequence[Source],
    glossary: Mapping[str, Sequence[str]] | None = None,
    speaks_of_case: bool = False,
) -> Case | None:
    """The case a message describes without naming it ("the SEND audit case where the GP
    used HARK", "the mh audit case with the unexplained pain"): the one whose summary,
    strengths and key messages share clearly the most telling words with it. Only for a
    message that speaks of a case ("anything in the audits on lone working" is not one), or
    that the caller knows is about one (`speaks_of_case`: "no, the other one, the one with
    the stomach aches" right after a case)."""
    if not speaks_of_case and _FINDING_CASE.search(text) is None:
        return None
    source = mentioned_source(text, sources)
    cases = [case for case in cases if source is None or case.source_id == source.id]
    contents = {
        case.id: [
            case.summary,
            *case.strengths,
            *(f"{message.title}. {message.summary}" for message in case.key_messages),
            *(action for message in case.key_messages for action in message.actions),
        ]
        for case in cases
        if not case.referred_only
    }
    found = named_topic(text, contents, glossary, request_words=_NAMING_WORDS)
    return next((case for case in cases if case.id == found), None)


def case_detail(case: Case, question: str) -> list[Reply] | None:
    """One detail of the case in focus ("what about his birth family"): the lines of the case
    that say it, or None when none shares a word with the question."""
    lines = matching_lines(question, case_lines(case))
    if not lines:
        return None
    text = "\n\n".join([f"From {case_label(case)}:", bullets(lines), citation(case.source, [case])])
    return [Reply(text, tuple(learning_button(message) for message in case.key_messages))]


_WHERE = re.compile(r"\bwhere\b|\bwhich\b|\bin (?:one|any) of\b", re.IGNORECASE)
_WHERE_WORDS = frozenset(
    """use used uses using mentioned mention mentions appear appears came come comes had
    have has from""".split()
)
_POINTING_BACK = frozenset("that it this one them those".split())


def asks_where_it_is(text: str) -> bool:
    """ "Used where in the audits", "which case in the audits used one", "is that in one of the
    cases": where what was just shown comes from, with no topic of its own."""
    own = topic_words(text) - SOURCE_WORDS - _WHERE_WORDS
    leaning = set(_WORD.findall(text.lower())) & (_WHERE_WORDS | _POINTING_BACK)
    return _WHERE.search(text) is not None and not own and bool(leaning)
