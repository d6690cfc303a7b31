"""Composes every answer from the knowledge base, so all channels say the same thing.

Each answer cites its audit and case: practitioners and trainers need to know where a
message comes from before they rely on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.dialogue.names import (
    BROWSE_INTENT,
    CASE_ENTITY,
    FEEDBACK_HELPFUL_INTENT,
    FEEDBACK_NOT_HELPFUL_INTENT,
    GOOD_PRACTICE_INTENT,
    HELP_INTENT,
    HOW_TO_ESCALATE_INTENT,
    KEY_MESSAGE_SLOT,
    LEARNING_INTENT,
    MORE_ACTIONS_INTENT,
    MORE_PROMPTS_INTENT,
    NONE_OF_THESE_INTENT,
    RELATED_INTENT,
    SERVICES_INTENT,
    THEME_ENTITY,
)
from bot.dialogue.replies import CALL_999, Button, Reply, bullets, payload
from bot.dialogue.understanding import mentioned_case, mentioned_source
from bot.knowledge.models import Case, KeyMessage, Service, Source, Theme, UrgentContact

RELATED_BUTTONS = 2
FIRST_MESSAGE_WORDS = 80
"""The first message of an answer must read on a phone without scrolling far."""
MAX_ACTIONS_IN_ANSWER = 3
MIN_ACTIONS_IN_ANSWER = 2


def case_label(case: Case) -> str:
    label = f"Case {case.number} ({case.name})" if case.name else f"Case {case.number}"
    return (
        f"{label}, referred to in the audit but not one of the cases it audited"
        if case.referred_only
        else label
    )


ALL_CASES = "drawn from all the cases audited"


def attribution(source: Source, cases: Sequence[Case], case_note: str | None = None) -> str:
    """The audit and its cases, e.g. "SEND audit 2016-17, Case 1 (Adam)"; where the audit names
    no case, what it says instead (the key message's `case_note`)."""
    if not cases:
        return f"{source.short_title}, {case_note or ALL_CASES}"
    return f"{source.short_title}, {', '.join(case_label(case) for case in cases)}"


def citation(source: Source, cases: Sequence[Case], case_note: str | None = None) -> str:
    return f"Source: {attribution(source, cases, case_note)}."


def message_citation(message: KeyMessage) -> str:
    return citation(message.source, message.cases, message.case_note)


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


WHERE_TO_LOOK = "look on the partnership's website or ask your designated safeguarding lead"


def no_contact_yet(service: Service) -> str:
    """Said plainly where the audit promises a contact it leaves blank: nothing is invented."""
    gap = (
        "its link was left blank in the audit and is not set yet"
        if service.link_id
        else "the audit gives no contact details"
    )
    return f"No contact yet: {gap}, so {WHERE_TO_LOOK}."


def service_line(service: Service) -> str:
    details = contact_details(service)
    contact = f" Contact: {', '.join(details)}." if details else f" {no_contact_yet(service)}"
    return f"{service.name}: {service.offers}{contact}"


def links(message: KeyMessage) -> list[Reply]:
    """Asked "what link?": each signposted service's contact, or plainly that there is none
    yet; nothing is invented and the card is not repeated."""
    if not message.signposts:
        return [
            Reply(
                f"The audit gives no link or contact for {message.title}: {WHERE_TO_LOOK}.",
                feedback_buttons(message),
            )
        ]
    lines = [
        f"{service.name}: {', '.join(contact_details(service)) or no_contact_yet(service)}"
        for service in message.signposts
    ]
    return [
        Reply(
            f"Links and contacts for {message.title}:\n\n{bullets(lines)}",
            feedback_buttons(message),
        )
    ]


def learning_button(message: KeyMessage) -> Button:
    return Button(message.title, payload(LEARNING_INTENT, **{KEY_MESSAGE_SLOT: message.id}))


def feedback_buttons(message: KeyMessage) -> tuple[Button, ...]:
    key = {KEY_MESSAGE_SLOT: message.id}
    return (
        Button("Was this helpful? Yes", payload(FEEDBACK_HELPFUL_INTENT, **key)),
        Button("No, not helpful", payload(FEEDBACK_NOT_HELPFUL_INTENT, **key)),
    )


def follow_up_buttons(message: KeyMessage, shown_actions: int) -> tuple[Button, ...]:
    """The rest of the answer, one tap away: only the parts the first message left out."""
    key = {KEY_MESSAGE_SLOT: message.id}
    buttons = []
    if shown_actions < len(message.actions):
        buttons.append(
            Button(f"All {len(message.actions)} steps", payload(MORE_ACTIONS_INTENT, **key))
        )
    if message.reflective_questions:
        buttons.append(Button("Reflective questions", payload(MORE_PROMPTS_INTENT, **key)))
    if message.signposts:
        buttons.append(Button("Services and contacts", payload(SERVICES_INTENT, **key)))
    if message.related:
        buttons.append(Button("Related topics", payload(RELATED_INTENT, **key)))
    buttons.append(Button("How do I escalate?", payload(HOW_TO_ESCALATE_INTENT)))
    return (*buttons, *feedback_buttons(message))


def word_count(text: str) -> int:
    return len(re.findall(r"[\w'\u2019-]+", text))


def _heading(text: str) -> str:
    return f"**{text}**"


def key_message_answer(message: KeyMessage, question: str = "") -> list[Reply]:
    """A first message short enough for a phone: the key message, the most important steps
    that fit in about FIRST_MESSAGE_WORDS words, a service the question names, and the
    source; the rest behind buttons."""
    source = message_citation(message)
    named = [service for service in message.signposts if mentions_service(question, service)]
    where = f"Where to go:\n\n{bullets([service_line(s) for s in named])}" if named else ""
    fixed = word_count(message.title) + word_count(source) + word_count(where)
    summary = first_sentence(message.summary)
    shown = _actions_within(message.actions, FIRST_MESSAGE_WORDS - fixed - word_count(summary))
    if len(shown) < min(MIN_ACTIONS_IN_ANSWER, len(message.actions)):
        # The steps carry the message better than a summary that crowds them out.
        summary = ""
        shown = _actions_within(message.actions, FIRST_MESSAGE_WORDS - fixed)
    opening = f"{_heading(message.title)}\n{summary}" if summary else _heading(message.title)
    parts = [opening]
    if shown:
        parts += ["What to do:", bullets(shown)]
    if where:
        parts.append(where)
    parts.append(source)
    return [Reply("\n\n".join(parts), follow_up_buttons(message, len(shown)))]


_GENERIC_SERVICE_WORDS = frozenset(
    "the and of for hackney city london project service services team".split()
)


def mentions_service(question: str, service: Service) -> bool:
    """The question names the service by its distinctive words ("the young carers project")."""
    words = set(re.findall(r"[a-z]+", question.lower()))
    distinctive = set(re.findall(r"[a-z]+", service.name.lower())) - _GENERIC_SERVICE_WORDS
    return bool(distinctive) and distinctive <= words


def _actions_within(actions: Sequence[str], budget: int) -> list[str]:
    """The first steps, in the audit's order, that fit the word budget (at least one)."""
    shown: list[str] = []
    for action in actions[:MAX_ACTIONS_IN_ANSWER]:
        if shown and word_count(" ".join([*shown, action])) > budget:
            break
        shown.append(action)
    return shown


def all_actions(message: KeyMessage) -> list[Reply]:
    text = "\n\n".join(
        [
            f"{_heading(message.title)}: what to do",
            bullets(list(message.actions)),
            message_citation(message),
        ]
    )
    return [Reply(text, _after_follow_up(message))]


def services(message: KeyMessage) -> list[Reply]:
    if not message.signposts:
        text = f"The audit names no service to contact on {message.title}."
    else:
        text = "\n\n".join(
            [
                f"{_heading(message.title)}: where to go",
                bullets([service_line(s) for s in message.signposts]),
                message_citation(message),
            ]
        )
    return [Reply(text, _after_follow_up(message))]


def _after_follow_up(message: KeyMessage) -> tuple[Button, ...]:
    key = {KEY_MESSAGE_SLOT: message.id}
    buttons = []
    if message.reflective_questions:
        buttons.append(Button("Reflective questions", payload(MORE_PROMPTS_INTENT, **key)))
    if message.related:
        buttons.append(Button("Related topics", payload(RELATED_INTENT, **key)))
    return (*buttons, *feedback_buttons(message))


def more_prompts(message: KeyMessage) -> list[Reply]:
    """The audit's reflective questions; when it asks none, the related messages' ones."""
    questions = [question.text for question in message.reflective_questions]
    if questions:
        text = "\n\n".join(
            [
                f"{_heading(message.title)}: questions to reflect on",
                bullets(questions),
                message_citation(message),
            ]
        )
        return [Reply(text, tuple(learning_button(r) for r in message.related[:RELATED_BUTTONS]))]
    asking = [related for related in message.related if related.reflective_questions][
        :RELATED_BUTTONS
    ]
    sections = [
        f"From {related.title}:\n\n{bullets([q.text for q in related.reflective_questions])}\n\n"
        f"{message_citation(related)}"
        for related in asking
    ]
    intro = f"The audit asks no reflective question on {message.title}."
    if sections:
        intro += " Related messages ask:"
    return [
        Reply(
            "\n\n".join([intro, *sections]),
            (Button("How do I escalate?", payload(HOW_TO_ESCALATE_INTENT)),),
        )
    ]


def related_messages(message: KeyMessage) -> list[Reply]:
    if not message.related:
        return [Reply(f"The audits link no other key message to {message.title}.")]
    return [
        Reply(
            f"Key messages related to {message.title}:",
            tuple(learning_button(related) for related in message.related),
        )
    ]


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
        text += f'\nThe closest is "{closest.title}": {first_sentence(closest.summary)}'
    buttons = tuple(learning_button(message) for message in messages)
    return [Reply(text, (*buttons, Button("None of these", payload(NONE_OF_THESE_INTENT))))]


def _contact_lines(contacts: Sequence[UrgentContact]) -> str:
    """The numbers, then where the unconfirmed ones come from: a number copied from a public
    page is never presented as verified."""
    lines = bullets([f"{contact.name}: {contact.phone} ({contact.when})" for contact in contacts])
    sources = list(dict.fromkeys(contact.source for contact in contacts if contact.unconfirmed))
    if sources:
        lines += (
            f"\n\nThe local numbers are from the {' and the '.join(sources)}; the partnership "
            "has not yet confirmed them for this assistant, so check them on its website."
        )
    return lines


def urgent_advice(contacts: Sequence[UrgentContact]) -> list[Reply]:
    text = (
        "**If a child is in immediate danger, call 999 now.** This assistant cannot take "
        "referrals or raise an alarm.\n\n"
        "To report a concern about a child now:\n\n"
        f"{_contact_lines(contacts)}"
    )
    return [Reply(text, URGENT_BUTTONS)]


def urgent_follow_up(
    contacts: Sequence[UrgentContact], meant: KeyMessage | None = None
) -> list[Reply]:
    """After urgent advice, whatever the follow-up, the person still needs the numbers: a
    question in the middle of an emergency is not the time for the audits' learning."""
    text = (
        "This still sounds urgent. **If the child is in danger now, call 999.** "
        "Otherwise report your concern by phone now; do not wait for this chat. I cannot "
        "contact anyone for you.\n\n"
        f"{_contact_lines(contacts)}"
    )
    learning = (
        (
            Button(
                f"Not urgent: {meant.title}",
                payload(LEARNING_INTENT, **{KEY_MESSAGE_SLOT: meant.id}),
            ),
        )
        if meant
        else ()
    )
    return [Reply(text, learning + URGENT_BUTTONS)]


URGENT_BUTTONS = (Button("It's not urgent: back to the learning", payload(HELP_INTENT)),)


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


def case_description(case: Case) -> list[Reply]:
    parts = [f"{case.source.short_title}, {case_label(case)}", case.summary]
    if case.strengths:
        parts.append(f"Strengths:\n{bullets(case.strengths)}")
    if case.key_messages:
        parts.append("Key messages from this case are below.")
    parts.append(citation(case.source, [case]))
    return [Reply("\n\n".join(parts), tuple(learning_button(m) for m in case.key_messages))]


def case_list(cases: Sequence[Case]) -> list[Reply]:
    return [
        Reply(
            "Which case? The audits cover:\n"
            + bullets([f"{case.source.short_title}, {case_label(case)}" for case in cases])
        )
    ]


def audit_description(source: Source) -> list[Reply]:
    audited = [case for case in source.cases if not case.referred_only]
    parts = [
        f"{source.title} ({source.partnership}, {source.borough} {source.year}).",
        f"Theme: {source.theme}. Cases audited: "
        + ", ".join(case_label(case) for case in audited)
        + ".",
    ]
    if source.overview:
        parts.append(source.overview)
    parts.append(f"Its key messages are below. Source: {source.short_title}.")
    return [Reply("\n\n".join(parts), tuple(learning_button(m) for m in source.key_messages))]


def audit_list(sources: Sequence[Source]) -> list[Reply]:
    return [
        Reply(
            "I hold the learning from these audits:\n"
            + bullets([f"{source.short_title}: {source.theme}" for source in sources])
        )
    ]


def case_or_audit(
    text: str,
    cases: Sequence[Case],
    sources: Sequence[Source],
    prefer_cases: bool,
    audit_in_context: str | None = None,
) -> tuple[list[Reply], str | None]:
    """A named case, else a named audit, else the list the question was closest to; with the
    audit the replies are about ("and case 4?" means the audit just discussed)."""
    case = mentioned_case(text, cases, sources, audit_in_context)
    if case is not None:
        return case_description(case), case.source_id
    source = mentioned_source(text, sources)
    if source is not None:
        return audit_description(source), source.id
    return (case_list(cases) if prefer_cases else audit_list(sources)), None


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


TOPICS_BUTTON = Button("Show me the topics", payload(BROWSE_INTENT))
ESCALATE_BUTTON = Button("How do I escalate?", payload(HOW_TO_ESCALATE_INTENT))


def feedback_thanks(recorded: bool) -> list[Reply]:
    text = "Thank you, your feedback has been recorded anonymously." if recorded else "Thank you."
    return [Reply(f"{text} Ask me another practice question whenever you like.", (TOPICS_BUTTON,))]


def not_helpful(answered: KeyMessage | None, alternatives: Sequence[KeyMessage]) -> list[Reply]:
    """After "not helpful": what was missing, and the next closest answers to try."""
    text = "Sorry that didn't help. What were you looking for? Tell me in a few words"
    others = list(alternatives) or (
        list(answered.related[:CANDIDATES_AFTER_FEEDBACK]) if answered else []
    )
    text += ", or try one of these instead:" if others else ", or browse the topics."
    buttons = tuple(learning_button(message) for message in others[:CANDIDATES_AFTER_FEEDBACK])
    return [Reply(text, (*buttons, TOPICS_BUTTON))]


CANDIDATES_AFTER_FEEDBACK = 3


def which_candidate(messages: Sequence[KeyMessage]) -> list[Reply]:
    return [
        Reply(
            "Which one? Tap the closest topic, or say it another way.",
            (*(learning_button(message) for message in messages), TOPICS_BUTTON),
        )
    ]


def anything_else(message: KeyMessage) -> list[Reply]:
    return [
        Reply(
            f"Anything else on {message.title}? The rest of the answer is one tap away, or ask "
            "me another question.",
            follow_up_buttons(message, 0),
        )
    ]


def welcome() -> list[Reply]:
    return [
        Reply(
            "Hello. Ask me a practice question in your own words and I'll share the learning from "
            f"the City & Hackney multi-agency case audits. {CALL_999}",
            (TOPICS_BUTTON, ESCALATE_BUTTON),
        )
    ]


def carry_on() -> list[Reply]:
    return [
        Reply(
            "OK. Ask me another practice question whenever you like, or browse the topics.",
            (TOPICS_BUTTON, ESCALATE_BUTTON),
        )
    ]


def started_again() -> list[Reply]:
    return [
        Reply(
            "OK, let's start again. What would you like to know? Ask in your own words, or browse "
            "the topics.",
            (TOPICS_BUTTON, ESCALATE_BUTTON),
        )
    ]
