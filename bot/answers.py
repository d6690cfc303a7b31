"""Composes every answer from the knowledge base, so all channels say the same thing.

Each answer cites its audit and case: practitioners and trainers need to know where a
message comes from before they rely on it.
"""
from __future__ import annotations

import re
from typing import Sequence

from bot.models import Case, KeyMessage, Service, Source, Theme, UrgentContact
from bot.names import (
    FEEDBACK_HELPFUL_INTENT,
    FEEDBACK_NOT_HELPFUL_INTENT,
    HOW_TO_ESCALATE_INTENT,
    KEY_MESSAGE_SLOT,
    LEARNING_INTENT,
    MORE_PROMPTS_INTENT,
    NONE_OF_THESE_INTENT,
    THEME_ENTITY,
    BROWSE_INTENT,
)
from bot.replies import Button, Reply, bullets, payload
from bot.understanding import mentioned_case, mentioned_source

PROMPTS_IN_ANSWER = 2
RELATED_BUTTONS = 2


def case_label(case: Case) -> str:
    return f"Case {case.number} ({case.name})" if case.name else f"Case {case.number}"


def attribution(source: Source, cases: Sequence[Case]) -> str:
    """The audit and its cases, e.g. "SEND audit 2016-17, Case 1 (Adam)"."""
    if not cases:
        return f"{source.short_title}, drawn from all the cases audited"
    return f"{source.short_title}, {', '.join(case_label(case) for case in cases)}"


def citation(source: Source, cases: Sequence[Case]) -> str:
    return f"Source: {attribution(source, cases)}."


def contact_details(service: Service) -> list[str]:
    """Phone, email, website and the deployment's URL for the link, as far as they are set."""
    return [
        detail
        for detail in (
            f"phone {service.phone}" if service.phone else "",
            f"email {service.email}" if service.email else "",
            f"website {service.website}" if service.website else "",
            service.link.url if service.link is not None and service.link.url else "",
        )
        if detail
    ]


def service_line(service: Service) -> str:
    details = contact_details(service)
    contact = f" Contact: {', '.join(details)}." if details else ""
    return f"{service.name}: {service.offers}{contact}"


def learning_button(message: KeyMessage) -> Button:
    return Button(message.title, payload(LEARNING_INTENT, **{KEY_MESSAGE_SLOT: message.id}))


def follow_up_buttons(message: KeyMessage) -> tuple[Button, ...]:
    key = {KEY_MESSAGE_SLOT: message.id}
    return (
        Button("More reflective prompts", payload(MORE_PROMPTS_INTENT, **key)),
        *(learning_button(related) for related in message.related[:RELATED_BUTTONS]),
        Button("How do I escalate?", payload(HOW_TO_ESCALATE_INTENT)),
        Button("Was this helpful? Yes", payload(FEEDBACK_HELPFUL_INTENT, **key)),
        Button("No, not helpful", payload(FEEDBACK_NOT_HELPFUL_INTENT, **key)),
    )


def key_message_answer(message: KeyMessage) -> list[Reply]:
    """The key message, what to do, prompts to reflect on, signposts and source."""
    parts = [
        f"{message.title}\n{message.summary}",
        f"What to do:\n{bullets(message.actions)}",
    ]
    prompts = [question.text for question in message.reflective_questions[:PROMPTS_IN_ANSWER]]
    if prompts:
        parts.append(f"Questions to reflect on:\n{bullets(prompts)}")
    if message.signposts:
        parts.append(f"Where to go:\n{bullets([service_line(s) for s in message.signposts])}")
    parts.append(citation(message.source, message.cases))
    return [Reply("\n\n".join(parts), follow_up_buttons(message))]


def more_prompts(message: KeyMessage) -> list[Reply]:
    """The prompts not shown yet; when none are left, the related messages' prompts."""
    remaining = [question.text for question in message.reflective_questions[PROMPTS_IN_ANSWER:]]
    if remaining:
        text = (
            f"More questions to reflect on ({message.title}):\n{bullets(remaining)}\n\n"
            f"{citation(message.source, message.cases)}"
        )
        return [Reply(text, tuple(learning_button(r) for r in message.related[:RELATED_BUTTONS]))]
    sections = [
        f"From {related.title}:\n{bullets([q.text for q in related.reflective_questions])}\n"
        f"{citation(related.source, related.cases)}"
        for related in message.related
        if related.reflective_questions
    ]
    intro = f"That is every question the audit asks on {message.title}."
    if sections:
        intro += " Related messages ask:"
    return [Reply("\n\n".join([intro, *sections]), (
        Button("How do I escalate?", payload(HOW_TO_ESCALATE_INTENT)),
    ))]


def related_messages(message: KeyMessage) -> list[Reply]:
    if not message.related:
        return [Reply(f"The audits link no other key message to {message.title}.")]
    return [Reply(
        f"Key messages related to {message.title}:",
        tuple(learning_button(related) for related in message.related),
    )]


def first_sentence(text: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    return sentence if sentence.endswith((".", "!", "?")) else f"{sentence}."


def candidates(messages: Sequence[KeyMessage]) -> list[Reply]:
    """The first stage of the fallback: the closest key messages as readable buttons, with
    the closest one summarised so the practitioner can tell whether it fits."""
    text = (
        "I'm not sure what you mean, and I can't help with anything outside the audits' "
        "learning. Did you mean one of these?"
    )
    if messages:
        closest = messages[0]
        text += f"\nThe closest is \"{closest.title}\": {first_sentence(closest.summary)}"
    buttons = tuple(learning_button(message) for message in messages)
    return [Reply(text, (*buttons, Button("None of these", payload(NONE_OF_THESE_INTENT))))]


def urgent_advice(contacts: Sequence[UrgentContact]) -> list[Reply]:
    lines = [f"{contact.name}: {contact.phone} ({contact.when})" for contact in contacts]
    text = (
        "If a child is in immediate danger, call 999 now. This assistant cannot take "
        "referrals or raise an alarm.\n"
        "To report a concern about a child:\n"
        f"{bullets(lines)}"
    )
    return [Reply(text)]


def privacy_warning(kinds: str) -> Reply:
    return Reply(
        f"Please do not include names or other details that could identify a child or "
        f"family. Your message seemed to include {kinds}. Identifying details are removed "
        f"before anything is stored. Here is the learning that fits your question."
    )


def themes_overview(themes: Sequence[Theme]) -> list[Reply]:
    lines = [
        f"{theme.title}: {', '.join(message.title for message in theme.key_messages)}"
        for theme in themes
        if theme.key_messages
    ]
    return [Reply(
        "The audits' key messages, by theme. Pick a theme or ask in your own words.\n"
        f"{bullets(lines)}",
        tuple(
            Button(theme.title, payload(BROWSE_INTENT, **{THEME_ENTITY: theme.id}))
            for theme in themes
            if theme.key_messages
        ),
    )]


def theme_messages(theme: Theme) -> list[Reply]:
    return [Reply(
        f"{theme.title}: key messages from the audits."
        + (f"\n{theme.description}" if theme.description else ""),
        tuple(learning_button(message) for message in theme.key_messages),
    )]


def case_description(case: Case) -> list[Reply]:
    parts = [f"{case.source.short_title}, {case_label(case)}", case.summary]
    if case.strengths:
        parts.append(f"Strengths:\n{bullets(case.strengths)}")
    if case.key_messages:
        parts.append("Key messages from this case are below.")
    parts.append(citation(case.source, [case]))
    return [Reply("\n\n".join(parts), tuple(learning_button(m) for m in case.key_messages))]


def case_list(cases: Sequence[Case]) -> list[Reply]:
    return [Reply(
        "Which case? The audits cover:\n"
        + bullets([f"{case.source.short_title}, {case_label(case)}" for case in cases])
    )]


def audit_description(source: Source) -> list[Reply]:
    audited = [case for case in source.cases if not case.referred_only]
    parts = [
        f"{source.title} ({source.partnership}, {source.borough} {source.year}).",
        f"Theme: {source.theme}. Cases audited: "
        + ", ".join(case_label(case) for case in audited) + ".",
    ]
    if source.overview:
        parts.append(source.overview)
    parts.append(f"Its key messages are below. Source: {source.short_title}.")
    return [Reply("\n\n".join(parts), tuple(learning_button(m) for m in source.key_messages))]


def audit_list(sources: Sequence[Source]) -> list[Reply]:
    return [Reply(
        "I hold the learning from these audits:\n"
        + bullets([f"{source.short_title}: {source.theme}" for source in sources])
    )]


def case_or_audit(
    text: str, cases: Sequence[Case], sources: Sequence[Source], prefer_cases: bool
) -> list[Reply]:
    """A named case, else a named audit, else the list the question was closest to."""
    case = mentioned_case(text, cases, sources)
    if case is not None:
        return case_description(case)
    source = mentioned_source(text, sources)
    if source is not None:
        return audit_description(source)
    return case_list(cases) if prefer_cases else audit_list(sources)


def good_practice(cases: Sequence[Case]) -> list[Reply]:
    sections = [
        f"{case.source.short_title}, {case_label(case)}:\n{bullets(case.strengths)}"
        for case in cases
        if case.strengths
    ]
    return [Reply("Good practice the audits found:\n\n" + "\n\n".join(sections))]
