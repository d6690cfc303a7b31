"""The audited cases and what each audit found."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from bot.dialogue.answers.learning import learning_button
from bot.dialogue.case_practice import CaseLine
from bot.dialogue.replies import Reply, bullets
from bot.dialogue.understanding import mentioned_case, mentioned_source
from bot.knowledge.citations import case_label, citation
from bot.knowledge.models import Case, KeyMessage, Source


def case_description(case: Case) -> list[Reply]:
    parts = [f"{case.source.short_title}, {case_label(case)}", case.summary]
    if case.strengths:
        parts.append(f"Strengths:\n{bullets(case.strengths)}")
    if case.key_messages:
        parts.append("Key messages from this case are below.")
    parts.append(citation(case.source, [case]))
    return [Reply("\n\n".join(parts), tuple(learning_button(m) for m in case.key_messages))]


WHICH_CASE = "Which case? The audits cover:"
CASES_AUDITED = "Cases audited:"
"""How an audit's description lists its cases, in one line (bot.dialogue.list_choice)."""


def case_list(cases: Sequence[Case]) -> list[Reply]:
    return [
        Reply(
            f"{WHICH_CASE}\n"
            + bullets([f"{case.source.short_title}, {case_label(case)}" for case in cases])
        )
    ]


CASES_NAMED = "The cases it names:"


def cases_named(cases: Sequence[Case]) -> list[Reply]:
    """The cases the last reply named, again as a list: "which case had one" after a term's
    cases, so "the second one" can then pick one."""
    return [
        Reply(
            f"{CASES_NAMED}\n"
            + bullets([f"{case.source.short_title}, {case_label(case)}" for case in cases])
        )
    ]


def several_cases_say(count: int) -> list[Reply]:
    """Which case had it, when more cases say it equally than a reply names ("which cases
    involved the school"): so said, and more asked of what is sought, in words of its own (the
    asker's are never echoed)."""
    return [
        Reply(
            f"Several of the audited cases mention that ({count} of them), so it doesn't tell "
            "one case from another. Could you say a bit more about the case you mean: which "
            "audit, who was involved or what happened?"
        )
    ]


def audit_description(source: Source) -> list[Reply]:
    audited = [case for case in source.cases if not case.referred_only]
    parts = [
        f"{source.title} ({source.partnership}, {source.borough} {source.year}).",
        f"Theme: {source.theme}. {CASES_AUDITED} "
        + ", ".join(case_label(case) for case in audited)
        + ".",
    ]
    if source.overview:
        parts.append(source.overview)
    parts.append(f"Its key messages are below. Source: {source.short_title}.")
    return [Reply("\n\n".join(parts), tuple(learning_button(m) for m in source.key_messages))]


_NUMBER_WORDS = "no one two three four five six seven eight nine ten".split()


def cases_counted(source: Source) -> list[Reply]:
    """ "How many cases?" of an audit: how many it audited, and which."""
    audited = [case for case in source.cases if not case.referred_only]
    count = len(audited)
    number = _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else str(count)
    labels = ", ".join(case_label(case) for case in audited)
    return [
        Reply(
            f"The {source.short_title} audited {number} case{'s' if count != 1 else ''}: "
            f"{labels}. Source: {source.short_title}.",
            tuple(learning_button(m) for m in source.key_messages[:3]),
        )
    ]


def audit_list(sources: Sequence[Source]) -> list[Reply]:
    return [
        Reply(
            "I hold the learning from these audits:\n"
            + bullets([f"{source.short_title}: {source.theme}" for source in sources])
        )
    ]


class Described(NamedTuple):
    replies: list[Reply]
    source_id: str | None
    """The audit the replies are about, if one."""
    case_id: str | None


def case_or_audit(
    text: str,
    cases: Sequence[Case],
    sources: Sequence[Source],
    prefer_cases: bool,
    audit_in_context: str | None = None,
    found: Case | None = None,
) -> Described:
    """A named case (or the one `found` by what the message describes), else a named audit,
    else the list the question was closest to; with the audit the replies are about ("and
    case 4?" means the audit just discussed)."""
    case = found or mentioned_case(text, cases, sources, audit_in_context)
    if case is not None:
        return Described(case_description(case), case.source_id, case.id)
    source = mentioned_source(text, sources)
    if source is not None:
        return Described(audit_description(source), source.id, None)
    return Described(case_list(cases) if prefer_cases else audit_list(sources), None, None)


CASE_LINE_HEADINGS = ("**Good practice the audit found in a case**", "**A case audited**")
"""How a case's own line given as an answer opens: "is there an example?" then is that case."""


def case_line_answer(line: CaseLine, case: Case, choices: Sequence[KeyMessage] = ()) -> list[Reply]:
    """A case's own line, named by its audit and case like every answer: what a practice
    question was about when no key message says it (bot/dialogue/case_practice.py), with
    the closest key messages a tap away when it answers alone."""
    heading = CASE_LINE_HEADINGS[0] if line.good_practice else CASE_LINE_HEADINGS[1]
    text = f"{heading}\n{line.text}\n\n{citation(case.source, [case])}"
    return [Reply(text, tuple(learning_button(message) for message in choices))]
