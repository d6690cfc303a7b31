"""The topics by theme and the examples of good practice in the audited cases."""

from __future__ import annotations

from collections.abc import Sequence

from bot.dialogue.answers.learning import RELATED_BUTTONS, learning_button
from bot.dialogue.replies import Button, Reply, bullets, payload
from bot.knowledge.citations import attribution, case_label, citation
from bot.knowledge.models import Case, Theme
from bot.names import BROWSE_INTENT, CASE_ENTITY, GOOD_PRACTICE_INTENT, THEME_ENTITY


def themes_overview(themes: Sequence[Theme]) -> list[Reply]:
    lines = [
        f"{theme.title}: {', '.join(message.title for message in theme.key_messages)}"
        for theme in themes
        if theme.key_messages
    ]
    return [
        Reply(
            "The audits' key messages, by theme. Pick a theme or ask in your own words.\n"
            f"{bullets(lines)}",
            tuple(
                Button(theme.title, payload(BROWSE_INTENT, **{THEME_ENTITY: theme.id}))
                for theme in themes
                if theme.key_messages
            ),
        )
    ]


def theme_messages(theme: Theme) -> list[Reply]:
    return [
        Reply(
            f"{theme.title}: key messages from the audits."
            + (f"\n{theme.description}" if theme.description else ""),
            tuple(learning_button(message) for message in theme.key_messages),
        )
    ]


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
