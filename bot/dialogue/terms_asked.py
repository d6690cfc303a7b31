"""Which glossary terms a message asks about, and where the audits use them: what the
glossary's answer (actions/moves.py, ActionExplainTerm) is built from, shared with the
measure that builds the same answer in process (bot/tooling/first_replies.py), so the answer
scored is the answer given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.dialogue.answers.moves import phrase_users
from bot.dialogue.follow_ups import case_lines, lines_saying, message_lines
from bot.dialogue.replies import Reply
from bot.dialogue.terms import (
    Term,
    asked_terms,
    asks_for_updates,
    asks_term_in_practice,
    briefings,
    gatherings_asked,
    phrase_beside_terms,
    terms_named,
    uses_term,
)
from bot.knowledge.models import Case, KeyMessage


@dataclass(frozen=True)
class TermsAsked:
    """What the glossary's answer to a message explains, read once so the action and the
    reply measure explain the same terms the same way."""

    terms: list[Term]
    """The terms to explain (none: the message is answered as a practice question)."""
    in_practice: bool
    """Asked about in practice ("would a TAC help with ..."): the learning that uses it too."""
    phrase: list[str]
    """Words of its own beside a term named ("what is CAMHS complex care forum in the
    audit"): where the audits say them, when a line does."""


def terms_asked(text: str, glossary: Sequence[Term], named: Term | None) -> TermsAsked:
    """The terms `text` asks about (`named`: the term the NLU's entity names, if any)."""
    asked = (
        asked_terms(text, glossary)
        or ([named] if named else [])
        # "how do I keep up with updates": the briefings the audits name
        or (briefings(glossary) if asks_for_updates(text) else [])
        # "is there a panel for kids going missing": the panels the glossary says it of
        or gatherings_asked(text, glossary)
    )
    if asked:
        return TermsAsked(asked, False, [])
    # "would a TAC help with ...": the term, and the learning where the audits use it
    in_practice = asks_term_in_practice(text, glossary)
    # the term asked about in practice, else the most specific term named: "the CAMHS
    # complex care forum" is the forum
    used = terms_named(text, glossary)
    phrase = [] if in_practice else phrase_beside_terms(text, used)
    return TermsAsked((in_practice or used)[:1], bool(in_practice), phrase)


def uses(message: KeyMessage, term: Term) -> bool:
    """The key message uses the term in its words, or signposts the service the term is."""
    if term.service and any(service.id == term.service for service in message.signposts):
        return True
    return uses_term(" ".join([message.title, message.summary, *message.actions]), term)


def where_used(
    asked: Sequence[Term], cases: Sequence[Case], messages: Sequence[KeyMessage]
) -> tuple[list[Case], list[KeyMessage]]:
    """The cases whose summaries or strengths use the terms, and the key messages that do,
    then those of the cases (a case that uses the term offers its learning after them)."""
    using = [
        case
        for case in cases
        if any(uses_term(" ".join([case.summary, *case.strengths]), t) for t in asked)
    ]
    used_in = [message for message in messages if any(uses(message, t) for t in asked)]
    used_in += [m for case in using for m in case.key_messages if m not in used_in]
    return using, used_in


def phrase_used(
    phrase: Sequence[str],
    asked: Sequence[Term],
    cases: Sequence[Case],
    messages: Sequence[KeyMessage],
) -> list[Reply] | None:
    """A term asked with words of its own beside it ("what is CAMHS complex care forum in
    the audit"): the audits' lines that say those words, each with its case (the cases' lines
    first, else the key messages'), and what the term stands for; None when no line says them
    all."""
    found = [
        (line, case.source, [case])
        for case in cases
        for line in lines_saying(phrase, case_lines(case))
    ]
    if not found:
        found = [
            (line, message.source, list(message.cases))
            for message in messages
            for line in lines_saying(phrase, message_lines(message))
        ]
    return phrase_users(" ".join(phrase), found, asked) if found else None
