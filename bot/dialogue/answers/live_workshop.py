"""Taking part in a workshop from the chat: what the assistant says, and how a message names
a code or an answer. The actions (actions/live_workshop.py) pass these to the Workshops service.

The next question reaches a chat participant unasked: the web chat follows the session (the
FOLLOW_WORKSHOP reply) and asks for it; Teams posts it to the conversation (a proactive
message, bot/channels/teams/channel.py); a REST client gets the same FOLLOW_WORKSHOP reply and
can follow /workshop/follow as the web chat does (README, "Live workshops"). "Current
question" stays as a way to ask again.

A chat participant is found again by its conversation id, through the keyed hash the service
keeps; the conversation itself keeps only the join code in a slot.
"""

from __future__ import annotations

import re

from bot.dialogue.options import typed_option
from bot.dialogue.replies import Button, Reply, payload
from bot.live_workshop.plan import option_label
from bot.live_workshop.service import Outcome, Snapshot
from bot.live_workshop.tables import CODE_DIGITS
from bot.names import (
    JOIN_WORKSHOP_INTENT,
    LEAVE_WORKSHOP_INTENT,
    WORKSHOP_ANSWER_INTENT,
    WORKSHOP_CHOICE_ENTITY,
    WORKSHOP_STEP_ENTITY,
)
from bot.web.limits import whole_number

CODE = re.compile(rf"(?<!\d)\d{{{CODE_DIGITS}}}(?!\d)")
ANSWER_PREFIX = re.compile(r"^\s*(?:my\s+)?answer(?:\s+is)?\s*[:\-\u2013]?\s*", re.IGNORECASE)
CURRENT = Button("Current question", payload(JOIN_WORKSHOP_INTENT))
LEAVE = Button("Leave the workshop", payload(LEAVE_WORKSHOP_INTENT))


def code_in(text: str) -> str | None:
    """The join code in a message ("join 48213307", "I'm joining session 48213307")."""
    found = CODE.search(text)
    return found.group() if found else None


def typed_answer(text: str) -> str:
    """A typed free-text answer without its "answer:" at the start."""
    return ANSWER_PREFIX.sub("", text, count=1).strip()


def typed_choice(text: str, count: int) -> int | None:
    """The option a typed message picks ("a", "B", "option 2"), or None."""
    chosen = typed_option(typed_answer(text), count)
    return chosen if isinstance(chosen, int) else None


def _number(entities: list[dict[str, object]], name: str) -> int | None:
    for entity in entities:
        value = entity.get("value")
        if entity.get("entity") == name and isinstance(value, str | int):
            return whole_number(str(value))
    return None


def choice_in(entities: list[dict[str, object]]) -> int | None:
    """The option a workshop button carries, or None (a typed answer)."""
    return _number(entities, WORKSHOP_CHOICE_ENTITY)


def step_in(entities: list[dict[str, object]]) -> int | None:
    """The step a workshop button was for, or None (typed: the current step)."""
    return _number(entities, WORKSHOP_STEP_ENTITY)


def which_workshop() -> list[Reply]:
    return [
        Reply(
            f"Which workshop? Type “join” and the {CODE_DIGITS}-digit code on the trainer's "
            "screen, for example “join 48213307”."
        )
    ]


def too_many_codes(wait: int) -> list[Reply]:
    return [
        Reply(
            "That is too many codes that do not match a running workshop. Check the code on "
            f"the trainer's screen and try again in {wait} seconds."
        )
    ]


def no_workshop(code: str) -> list[Reply]:
    return [
        Reply(
            f"No workshop is running with the code {code}. Check the code on the screen; codes "
            "stop working when the session ends."
        )
    ]


def room_full() -> list[Reply]:
    return [Reply("This workshop is full: the trainer set the room's size. Ask the trainer.")]


def not_in_a_workshop() -> list[Reply]:
    return [Reply("You are not in a workshop now. " + which_workshop()[0].text)]


def question(snapshot: Snapshot, joined: bool = False) -> list[Reply]:
    """The question the workshop is on, with an answer button per option when voting is open."""
    step = snapshot.step
    welcome = (
        f"You have joined “{snapshot.title}”. Your answers are anonymous.\n\n" if joined else ""
    )
    if snapshot.ended:
        return [Reply(welcome + "This workshop has ended. Thank you for taking part.")]
    known = f"{step.known}\n\n" if step.known else ""
    text = f"{welcome}**{step.heading}**\n\n{known}{step.prompt}"
    if not snapshot.voting_open:
        return [
            Reply(
                text + "\n\nVoting is not open yet: the question comes back here when the "
                "trainer opens it.",
                (CURRENT, LEAVE),
            )
        ]
    if step.free_text:
        return [
            Reply(
                text + "\n\nType your answer here. Please leave out names and details of a "
                "family.",
                (CURRENT, LEAVE),
            )
        ]
    buttons = tuple(
        Button(
            option_label(i, option),
            payload(
                WORKSHOP_ANSWER_INTENT,
                **{WORKSHOP_CHOICE_ENTITY: str(i), WORKSHOP_STEP_ENTITY: str(snapshot.step_index)},
            ),
        )
        for i, option in enumerate(step.options)
    )
    return [Reply(text + "\n\nPress a button, or type its letter.", buttons)]


def answered(outcome: Outcome) -> list[Reply]:
    said = {
        Outcome.RECORDED: "Your answer is in. The next question comes here when the trainer "
        "moves on.",
        Outcome.CLOSED: "That question is not open for answers now.",
        Outcome.ENDED: "This workshop has ended. Thank you for taking part.",
        Outcome.INVALID: "That is not an answer to the current question: press one of its "
        "buttons or type its letter.",
        Outcome.STALE: "That button was for an earlier question, so it was not counted.",
        Outcome.NOT_FOUND: not_in_a_workshop()[0].text,
    }[outcome]
    return [Reply(said, (CURRENT, LEAVE) if outcome is not Outcome.ENDED else ())]


def left() -> list[Reply]:
    return [Reply("You have left the workshop. Your answers stay in its anonymous counts.")]
