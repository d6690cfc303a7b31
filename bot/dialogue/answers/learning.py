"""The answer to a practice question and its follow-ups: short first, the rest one tap away,
and the closest alternatives when the question was unclear or the answer did not help.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.dialogue.answers.core import ESCALATE_BUTTON, TOPICS_BUTTON
from bot.dialogue.coverage import where_to_look
from bot.dialogue.follow_ups import sentences
from bot.dialogue.moves import failing_step
from bot.dialogue.replies import Button, Reply, bullets, payload
from bot.knowledge.citations import (
    WHERE_TO_LOOK,
    case_label,
    contact_details,
    message_citation,
    no_contact_yet,
    service_line,
)
from bot.knowledge.models import KeyMessage, Service
from bot.names import (
    FEEDBACK_HELPFUL_INTENT,
    FEEDBACK_NOT_HELPFUL_INTENT,
    FEEDBACK_REASON_INTENT,
    FEEDBACK_REASONS,
    KEY_MESSAGE_SLOT,
    LEARNING_INTENT,
    MORE_ACTIONS_INTENT,
    MORE_PROMPTS_INTENT,
    NONE_OF_THESE_INTENT,
    REASON_ENTITY,
    RELATED_INTENT,
    SERVICES_INTENT,
)

RELATED_BUTTONS = 2


FIRST_MESSAGE_WORDS = 80
"""The first message of an answer must read on a phone without scrolling far."""


MAX_ACTIONS_IN_ANSWER = 3


MIN_ACTIONS_IN_ANSWER = 2


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
    buttons.append(ESCALATE_BUTTON)
    return (*buttons, *feedback_buttons(message))


def word_count(text: str) -> int:
    return len(re.findall(r"[\w'\u2019-]+", text))


def _heading(text: str) -> str:
    return f"**{text}**"


def key_message_answer(
    message: KeyMessage,
    question: str = "",
    words: int = FIRST_MESSAGE_WORDS,
    asked: Sequence[float] = (),
) -> list[Reply]:
    """A first message short enough for a phone: the key message, the most important steps
    that fit in about `words` words (the step the question asks about first: `asked`, the
    question's similarity to each step, asked_step), a service the question names, and the
    source; the rest behind buttons."""
    source = message_citation(message)
    named = [service for service in message.signposts if mentions_service(question, service)]
    where = f"Where to go:\n\n{bullets([service_line(s) for s in named])}" if named else ""
    fixed = word_count(message.title) + word_count(source) + word_count(where)
    summary, in_order = _first_screen(
        message.actions, words - fixed, first_sentence(message.summary)
    )
    # the steps the audit's order would show: the one asked about must be among them, or
    # come first (a long first step can leave room for no second)
    actions = steps_in_order(message.actions, asked, question, len(in_order))
    summary, shown = _first_screen(actions, words - fixed, first_sentence(message.summary))
    opening = f"{_heading(message.title)}\n{summary}" if summary else _heading(message.title)
    parts = [opening]
    if shown:
        parts += ["What to do:", bullets(shown)]
    if where:
        parts.append(where)
    parts.append(source)
    return [Reply("\n\n".join(parts), follow_up_buttons(message, len(shown)))]


def _first_screen(actions: Sequence[str], budget: int, summary: str) -> tuple[str, list[str]]:
    """The summary (or none) and the steps, in the order given, that fit `budget` words."""
    shown = _actions_within(actions, budget - word_count(summary))
    if len(shown) < min(MIN_ACTIONS_IN_ANSWER, len(actions)):
        # The steps carry the message better than a summary that crowds them out.
        return "", _actions_within(actions, budget)
    return summary, shown


_GENERIC_SERVICE_WORDS = frozenset(
    "the and of for hackney city london project service services team chscb chscp local".split()
)
"""Words of a service's name that say whose or where it is, not which it is: the boroughs, the
partnership's initials (CHSCB, CHSCP) and "local". "what's the Rachel review?" names "CHSCB Local
Review Rachel" as the audit's practitioners say it (on the released sets, only questions asking
for Local Review Rachel, the Online Safety Handbook or the guidance on calling a professionals
meeting newly name their service)."""


def answer_or(
    message: KeyMessage, second: KeyMessage, question: str = "", asked: Sequence[float] = ()
) -> list[Reply]:
    """Two key messages fit and the ranking cannot tell them apart: the likelier answered
    within the same phone-sized first message, then the other named with its source and one
    tap away ("Or: ..."), instead of a single answer that may be the wrong one."""
    offer = f"Or did you mean **{second.title}**? {message_citation(second)}"
    first, *rest = key_message_answer(
        message, question, FIRST_MESSAGE_WORDS - word_count(offer), asked
    )
    button = Button(f"{OR_PREFIX}{second.title}", learning_button(second).payload)
    return [Reply(f"{first.text}\n\n{offer}", (button, *first.buttons)), *rest]


OR_PREFIX = "Or: "


def mentions_service(question: str, service: Service) -> bool:
    """The question names the service by its distinctive words ("the young carers project"),
    or asks for one of its kind ("which local review also said to bring in the wider family":
    the answer's signposted review; "is there a toolkit for online risks": its handbook)."""
    words = set(re.findall(r"[a-z]+", question.lower()))
    distinctive = set(re.findall(r"[a-z]+", service.name.lower())) - _GENERIC_SERVICE_WORDS
    if distinctive and distinctive <= words:
        return True
    asked = {
        kind
        for found in _ASKS_FOR.finditer(question)
        for word in found.group(1).lower().split()
        for kind in _SAME_KIND.get(word.removesuffix("s"), {word.removesuffix("s")})
    }
    kinds = {word.removesuffix("s") for word in re.findall(r"[a-z]+", service.name.lower())}
    return bool(asked & kinds & _SERVICE_KINDS)


_ASKS_FOR = re.compile(
    r"\b(?:which|(?:is|are)\s+there\s+(?:like\s+)?(?:an?|any|some)?|any"
    r"|where\s+(?:can|do|would)\s+i\s+(?:find|get)(?:\s+(?:an?|the|any))?)"
    r"\s+((?:[a-z]+\s+){0,2}[a-z]+)",
    re.IGNORECASE,
)
"""The words after "which", "is there (a)", "any" or "where can I find": what kind of thing
is asked for ("which local review", "is there like a guide or toolkit")."""
_SAME_KIND = {
    "guide": {"guidance", "handbook"},
    "tool": {"tool", "handbook"},
    "toolkit": {"tool", "handbook"},
    "resource": {"handbook", "guidance", "tool", "template", "briefing", "page"},
}
"""A kind asked for in other words: a guide is the audits' guidance or handbook, a toolkit
their tool or handbook (as are "any tools": the handbook is "a range of tools"), a resource
any written one."""
_SERVICE_KINDS = frozenset(
    """review project handbook guidance tool policy panel forum template procedure programme
    briefing page""".split()
)
"""The words a service's name says what kind of resource it is with (singular)."""


ASKED_STEP_SIMILARITY = 0.4
"""A step the question is this near (cosine similarity of sentence vectors, plus a share for
the question's own words the step says: retrieval.STEP_WORDS_WEIGHT) may be the one it asks
about: unrelated sentences score about 0.0 to 0.2 with this encoder."""
ASKED_STEP_MARGIN = 0.1
"""... when it is this much nearer than every step the answer shows anyway."""


def asked_step(similarities: Sequence[float], shown: int = MIN_ACTIONS_IN_ANSWER) -> int | None:
    """The step a question asks about when the audit lists it too late to be shown ("when do
    I re-refer a family not engaging with universal services" is the fifth step of Disguised
    Compliance): the nearest step, near enough, and clearly nearer than the first steps.
    `shown`: how many steps the audit's order fits on the first screen; fewer than
    MIN_ACTIONS_IN_ANSWER when a long first step leaves room for no second (Social Media
    Footprint's strategy-meeting checks are its second step, after a 16-word first)."""
    anyway = max(1, min(shown, MIN_ACTIONS_IN_ANSWER))
    if len(similarities) <= anyway:
        return None
    best = max(range(len(similarities)), key=lambda i: similarities[i])
    shown_anyway = max(similarities[:anyway])
    if best < anyway or similarities[best] < ASKED_STEP_SIMILARITY:
        return None
    return best if similarities[best] - shown_anyway >= ASKED_STEP_MARGIN else None


_WANTS_TO_LEARN = re.compile(
    r"\b(?:train(?:ing|ings|ed)?|courses?|get(?:ting)?\s+better\s+at|improve\s+(?:my|our|at)"
    r"|upskill\w*|build\s+(?:my|our|up)\s+(?:\w+\s+)?(?:skills?|confidence)|more\s+confident"
    r"|(?:get|hear\s+about|receive|sign\s+up\s+(?:to|for)|find\s+out\s+about)\s+(?:\w+\s+)?updates?"
    r"|up\s+to\s+date|kept\s+informed|keep\s+(?:me|us)\s+(?:posted|informed)"
    r"|briefings?|newsletters?)\b",
    re.IGNORECASE,
)
"""A question asking how to learn more or keep up: "how do I get better at ...", "any
training", "how do I get updates on this"."""
_LEARNING_STEP = re.compile(r"\b(?:training|briefings?|programme)\b", re.IGNORECASE)
"""A step that points to training or a briefing the audit names."""


_ASKS_TO_RECORD = re.compile(
    r"\b(?:(?:do|does|should|shall|can|could|must|would|ought)\s+(?:i|we|you|it|this|that)"
    r"|(?:need|have|ought)\s+to|whether\s+(?:to|i|we|it|this|that)"
    r"|is\s+it\s+(?:ok|okay|alright|all\s+right|right|fine|appropriate)\s+to"
    r"|(?:should|must|can|could|would)(?:\s+\S+){1,5}?\s+be)\b"
    r"(?:\W+\w+){0,5}?\W+"
    r"(?:record(?:ed|ing)?|log(?:ged)?|note\s+(?:it|that|this|them|down)"
    r"|(?:write|jot|put|take)\s+(?:it|that|this|them|something|anything)\s+down"
    r"|(?:go|(?:put|write)\s+(?:\S+\s+){0,3}?)(?:on|in)\s+(?:the|our|my|their)\s+"
    r"(?:file|records?|notes|system)"
    r"|(?:bring\w*|brought|rais\w*|tak\w*|discuss\w*|mention\w*|flag\w*)\s+(?:\S+\s+){0,5}?"
    r"(?:in|to|at|into|with)\s+(?:(?:my|our|the|a|your)\s+)?supervis\w*"
    r"|(?:pass|share|flag)\s+(?:it|that|this|them)\s+(?:on|with)"
    r"|(?:tell|inform|involve)\s+(?:the\s+)?(?:other|partner)\s+agenc\w*)\b",
    re.IGNORECASE,
)
"""A question asking whether to write a concern down, keep it on file, take it to
supervision or pass it to other agencies ("do I log that", "do we put it on the file",
"do I take it to my supervisor", "must the stalled plan be taken up with my supervisor"): the
asking ("do I", "should we", "whether to", "should ... be") comes before the verb, so a
message that only mentions a supervisor or a record is not one."""
_RECORDING_STEP = re.compile(
    r"\b(?:record\w*|supervision|partner\s+agencies|on\s+file)\b", re.IGNORECASE
)
"""A step that says where a concern is written down or taken: on file, in supervision, to
the partner agencies (Holding Difficult Conversations' unconfirmed family issues)."""


def steps_in_order(
    actions: Sequence[str],
    asked: Sequence[float] = (),
    question: str = "",
    shown: int = MIN_ACTIONS_IN_ANSWER,
) -> list[str]:
    """The steps in the audit's order, the one the question asks about first: the training
    or briefing the audit names when the question asks how to learn more or keep up, the
    step on recording and supervision when it asks whether to write a concern down or take
    it further, else the nearest step by meaning (asked_step); when the question says a step
    did not work ("my manager can't sort it"), the steps after it, that one last."""
    failed = failing_step(question, actions)
    if failed is not None and failed + 1 < len(actions):
        return [*actions[failed + 1 :], *actions[: failed + 1]]
    for asks, says in ((_WANTS_TO_LEARN, _LEARNING_STEP), (_ASKS_TO_RECORD, _RECORDING_STEP)):
        if asks.search(question):
            first = [action for action in actions if says.search(action)]
            if first:
                return [*first, *(a for a in actions if a not in first)]
    step = asked_step(asked, shown) if len(asked) == len(actions) else None
    if step is None:
        return list(actions)
    return [actions[step], *(a for i, a in enumerate(actions) if i != step)]


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
    """The audit's reflective questions; when it asks none, what the audit says on the topic
    (a trainer can frame a question from it, and the asker gets the topic's learning, not only
    its neighbours'), then the questions the audit asks where a case's walk-through reaches the
    topic (they are about this topic in that case), then the related messages' others."""
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
    staged = list(dict.fromkeys(q for stage in message.stages for q in stage.reflective_questions))
    asking = [
        related
        for related in message.related
        if any(q.text not in staged for q in related.reflective_questions)
    ][: RELATED_BUTTONS if not staged else 1]
    sections = [
        f"From {related.title}:\n\n"
        f"{bullets([q.text for q in related.reflective_questions if q.text not in staged])}\n\n"
        f"{message_citation(related)}"
        for related in asking
    ]
    intro = (
        f"The audit asks no reflective question on {message.title} itself. Its key message: "
        f"{message.summary}\n\n{message_citation(message)}"
    )
    if staged:
        cases = ", ".join(dict.fromkeys(case_label(stage.case) for stage in message.stages))
        sections.insert(
            0, f"Asked where the walk-through of {cases} reaches it:\n\n{bullets(staged)}"
        )
    if sections:
        intro += "\n\nQuestions the audit asks on it elsewhere:"
    return [Reply("\n\n".join([intro, *sections]), (ESCALATE_BUTTON,))]


def related_messages(message: KeyMessage) -> list[Reply]:
    if not message.related:
        return [Reply(f"The audits link no other key message to {message.title}.")]
    return [
        Reply(
            f"Key messages related to {message.title}:",
            tuple(learning_button(related) for related in message.related),
        )
    ]


OTHER_LEARNING_SHOWN = 2
"""How many related key messages "what else" shows in words, each in its first sentence."""


def other_learning(message: KeyMessage) -> list[Reply]:
    """ "What else" once every step of an answer is on screen: the learning the audits link to
    it, each in its first sentence with its source, and one tap from its full answer."""
    shown = message.related[:OTHER_LEARNING_SHOWN]
    lines = [
        f"**{related.title}**: {first_sentence(related.summary)} {message_citation(related)}"
        for related in shown
    ]
    text = "\n\n".join([f"Also linked to {message.title}:", bullets(lines)])
    return [Reply(text, tuple(learning_button(related) for related in shown))]


def first_sentence(text: str) -> str:
    sentence = next(iter(sentences(text)), "")
    return sentence if sentence.endswith((".", "!", "?")) else f"{sentence}."


FAR_FROM_THE_AUDITS = (
    "I can't help with this from the audits' learning: I find nothing close to it, so the "
    f"audits may not cover it. {where_to_look(None)} If you meant one of these, choose it:"
)
"""When a question is near nothing the audits say (retrieval.Opinion.near_knowledge)."""


def candidates(
    messages: Sequence[KeyMessage], offer_escalation: bool = False, near_knowledge: bool = True
) -> list[Reply]:
    """The first stage of the fallback: the closest key messages as readable buttons, with
    the closest one summarised so the practitioner can tell whether it fits, and the route
    finder first when the message may have been asking for it. A question near nothing the
    audits say is told they may not cover it, and where to look."""
    text = (
        "I'm not sure what you mean, and I can't help with anything outside the audits' "
        "learning. Did you mean one of these?"
        if near_knowledge
        else FAR_FROM_THE_AUDITS
    )
    if messages:
        closest = messages[0]
        text += f'\nThe closest is "{closest.title}": {first_sentence(closest.summary)}'
    buttons = tuple(learning_button(message) for message in messages)
    if offer_escalation:
        buttons = (ESCALATE_BUTTON, *buttons)
    return [Reply(text, (*buttons, Button("None of these", payload(NONE_OF_THESE_INTENT))))]


def feedback_thanks(recorded: bool) -> list[Reply]:
    text = "Thank you, your feedback has been recorded anonymously." if recorded else "Thank you."
    return [Reply(f"{text} Ask me another practice question whenever you like.", (TOPICS_BUTTON,))]


def not_helpful(answered: KeyMessage | None, alternatives: Sequence[KeyMessage]) -> list[Reply]:
    """After "not helpful": what was missing, the next closest answers to try, and why it
    did not help, in a tap."""
    text = "Sorry that didn't help. What were you looking for? Tell me in a few words"
    others = list(alternatives) or (
        list(answered.related[:CANDIDATES_AFTER_FEEDBACK]) if answered else []
    )
    text += ", or try one of these instead:" if others else ", or browse the topics."
    buttons = tuple(learning_button(message) for message in others[:CANDIDATES_AFTER_FEEDBACK])
    reasons = tuple(
        Button(label, payload(FEEDBACK_REASON_INTENT, **{REASON_ENTITY: reason}))
        for reason, label in FEEDBACK_REASONS.items()
    )
    return [
        Reply(text, (*buttons, TOPICS_BUTTON)),
        Reply("Or tell me why, anonymously, so the partnership can improve it:", reasons),
    ]


INSIGHTS_PAGE = "insights page"
"""How every reply pointing to the insights names the page: a follow-up on it is read from it."""


def ratings_on_insights(word: str) -> list[Reply]:
    """ "What did people find helpful?": the ratings are on the insights page, said in the
    person's own word for it."""
    return [
        Reply(
            f"Which answers practitioners rated {word} or not {word}, with their feedback, what "
            f"they ask and what goes unanswered, are on the partnership's {INSIGHTS_PAGE}, "
            "/insights/ on this assistant's address, for trainers and the learning lead with "
            "the trainer sign-in. Ratings are anonymous and never name anyone.",
            (TOPICS_BUTTON,),
        )
    ]


def insights_views() -> list[Reply]:
    """ "Any patterns in those?" after the insights were named: which of the page's views
    groups what it holds, said without figures (the chat shows none)."""
    return [
        Reply(
            f"On the partnership's {INSIGHTS_PAGE} (/insights/), \"Unanswered questions, "
            'grouped" puts the questions the assistant could not understand together by the '
            'topic words they share, with up to five examples each; "Topics outside the '
            "audits' coverage\" counts the questions declined because the audits do not cover "
            'them, by topic; and "Practice gaps" sets every theme, from most to least asked, '
            "beside them, with the share of its rated answers that helped: the input to "
            "choosing the next audit's focus. Each table downloads as CSV. The figures are not "
            "shown in this chat.",
            (TOPICS_BUTTON,),
        )
    ]


def reason_thanks() -> list[Reply]:
    return [
        Reply(
            "Thank you, noted anonymously. Ask me another practice question whenever you like.",
            (TOPICS_BUTTON,),
        )
    ]


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
