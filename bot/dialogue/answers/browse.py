"""The topics by theme and the examples of good practice in the audited cases."""

from __future__ import annotations

from collections.abc import Sequence

from bot.dialogue.answers.learning import (
    FIRST_MESSAGE_WORDS,
    RELATED_BUTTONS,
    learning_button,
    word_count,
)
from bot.dialogue.follow_ups import sentences
from bot.dialogue.replies import Button, Reply, bullets, payload
from bot.knowledge.citations import attribution, case_label, citation
from bot.knowledge.models import Case, KeyMessage, Source, Theme
from bot.names import BROWSE_INTENT, CASE_ENTITY, GOOD_PRACTICE_INTENT, THEME_ENTITY

THEMES_OVERVIEW = "The audits' key messages, by theme"
"""How the list of every theme opens."""


def themes_overview(themes: Sequence[Theme]) -> list[Reply]:
    lines = [
        f"{theme.title}: {', '.join(message.title for message in theme.key_messages)}"
        for theme in themes
        if theme.key_messages
    ]
    return [
        Reply(
            f"{THEMES_OVERVIEW}. Pick a theme or ask in your own words.\n{bullets(lines)}",
            _theme_buttons(themes),
        )
    ]


THEMES_SHARED = "Themes both audits share"
THEMES_OF = "Themes of the "
"""How the replies listing the themes by audit open: "just the SEND one" then narrows them."""


def _counted(messages: Sequence[KeyMessage]) -> str:
    return f"{len(messages)} key message{'s' if len(messages) != 1 else ''}"


def themes_across_audits(themes: Sequence[Theme], sources: Sequence[Source]) -> list[Reply]:
    """ "What are the common themes across both audits?": the themes every audit has key
    messages on, with how many each has, then the themes only one audit has; each theme's
    messages one tap away (a phone screen, not every title)."""
    shared: list[str] = []
    single: list[str] = []
    for theme in themes:
        by_audit = [
            (source, [m for m in theme.key_messages if m.source_id == source.id])
            for source in sources
        ]
        present = [(source, found) for source, found in by_audit if found]
        if len(present) == len(sources) > 1:
            each = ", ".join(f"{_counted(found)} in the {s.short_title}" for s, found in present)
            shared.append(f"**{theme.title}**: {each}")
        elif present:
            single.append(f"{theme.title} ({present[0][0].short_title})")
    parts = [f"{THEMES_SHARED}:"]
    parts.append(bullets(shared) if shared else "None: each theme comes from one audit only.")
    if single:
        parts.append("In one audit only: " + ", ".join(single) + ".")
    return [Reply("\n\n".join(parts), _theme_buttons(themes))]


def themes_of_audit(themes: Sequence[Theme], source: Source) -> list[Reply]:
    """The themes of one audit, with its key messages on each: "just the SEND one" after the
    themes of both; its buttons, the first of those key messages (of the one theme, if one)."""
    found = {
        theme.title: [m for m in theme.key_messages if m.source_id == source.id] for theme in themes
    }
    lines = [
        f"**{title}**: " + "; ".join(message.title for message in listed)
        for title, listed in found.items()
        if listed
    ]
    shown = [m for listed in found.values() for m in listed] if len(themes) == 1 else []
    buttons = (shown or list(source.key_messages))[:RELATED_BUTTONS]
    text = f"{THEMES_OF}{source.short_title}, with its key messages:\n\n{bullets(lines)}"
    return [Reply(text, tuple(learning_button(m) for m in buttons))]


def _theme_buttons(themes: Sequence[Theme]) -> tuple[Button, ...]:
    return tuple(
        Button(theme.title, payload(BROWSE_INTENT, **{THEME_ENTITY: theme.id}))
        for theme in themes
        if theme.key_messages
    )


def theme_messages(theme: Theme) -> list[Reply]:
    return [
        Reply(
            f"{theme.title}: key messages from the audits."
            + (f"\n{theme.description}" if theme.description else ""),
            tuple(learning_button(message) for message in theme.key_messages),
        )
    ]


def theme_findings(theme: Theme) -> list[Reply]:
    """What the audits found on a theme (a theme named whole, asked where the audits found it
    wanting), not the list of audits: as many of its key messages as fit the phone-sized first
    message (`FIRST_MESSAGE_WORDS`), each with the first sentence of its finding and where it
    comes from; every key message of the theme a tap away, the ones not shown first."""
    heading = f"What the audits found on {theme.title.lower()}:"
    lines = [
        f"**{message.title}** ({attribution(message.source, message.cases, message.case_note)}): "
        f"{next(iter(sentences(message.found)), message.found)}"
        for message in theme.key_messages
    ]
    shown = 1
    while (
        shown < len(lines)
        and word_count(_findings_text(heading, lines[: shown + 1], theme.key_messages[shown + 1 :]))
        <= FIRST_MESSAGE_WORDS
    ):
        shown += 1
    rest = theme.key_messages[shown:]
    return [
        Reply(
            _findings_text(heading, lines[:shown], rest),
            tuple(learning_button(m) for m in [*rest, *theme.key_messages[:shown]]),
        )
    ]


def _findings_text(heading: str, lines: list[str], rest: Sequence[KeyMessage]) -> str:
    offer = f"\n\nTap below for the rest ({_counted(rest)})." if rest else ""
    return f"{heading}\n\n{bullets(lines)}{offer}"


GOOD_PRACTICE_SHOWN = 3


def good_practice_button(case: Case) -> Button:
    return Button(
        f"{case_label(case)}, {case.source.short_title}",
        payload(GOOD_PRACTICE_INTENT, **{CASE_ENTITY: case.id}),
    )


def good_practice(matches: Sequence[tuple[Case, str]], cases: Sequence[Case]) -> list[Reply]:
    """Good practice on the topic asked about, each with its case; without a topic, the
    cases to choose from (all 34 strengths at once would be a wall of text on a phone)."""
    if matches:
        lines = [
            f"{strength} (Source: {attribution(case.source, [case])}.)"
            for case, strength in matches[:GOOD_PRACTICE_SHOWN]
        ]
        shown_cases = list(dict.fromkeys(case.id for case, _ in matches[:GOOD_PRACTICE_SHOWN]))
        return [
            Reply(
                "Good practice the audits found on that:\n\n" + bullets(lines),
                tuple(
                    good_practice_button(c) for c in cases if c.id in shown_cases and c.strengths
                ),
            )
        ]
    with_strengths = [case for case in cases if case.strengths]
    return [
        Reply(
            "The audits found good practice in every case. Tell me a topic (for example "
            "interpreters, information sharing or transition), or choose a case:",
            tuple(good_practice_button(case) for case in with_strengths),
        )
    ]


def case_good_practice(case: Case) -> list[Reply]:
    text = "\n\n".join(
        [
            f"Good practice in {case.source.short_title}, {case_label(case)}:",
            bullets(list(case.strengths)),
            citation(case.source, [case]),
        ]
    )
    return [Reply(text, tuple(learning_button(m) for m in case.key_messages[:RELATED_BUTTONS]))]
