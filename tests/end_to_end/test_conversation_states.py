"""Every turn gets a reply, in every state (issue 8): acknowledgements, thanks, "start again"
and typed feedback sent over the real REST channel at the start, after an answer, after
urgent advice, after the candidates, inside the route finder and after its question to go
back, inside a case walk-through and a quiz; then a practice question, which must still be
answered (the conversation is alive)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from bot.tooling.conversation_eval import MAX_MESSAGES
from bot.tooling.evaluation import ask, reply_text
from tests.support import Assistant

Send = Callable[[str], list[dict[str, Any]]]

STATES: dict[str, list[str]] = {
    "at the start": [],
    "after an answer": ["what is disguised compliance"],
    "after urgent advice": ["he told me his mum's boyfriend burns him with cigarettes"],
    "after the candidates": ["hmm blah"],
    "inside the route finder": ["how do I escalate"],
    "after the question to go back": ["how do I escalate", "what is disguised compliance"],
    "after not helpful": ["what is disguised compliance", "not really helpful"],
    "inside a case walk-through": ["walk me through the Erika case"],
    "inside a quiz": ["quiz me on the SEND audit"],
}
ACKNOWLEDGEMENTS = (
    "ok",
    "yes",
    "no",
    "thanks",
    "cool",
    "right",
    "got it",
    "start again",
    "not really helpful",
)
FOLLOW_UP = "what does the audit say about young carers"


def conversation(url: str) -> Send:
    sender = uuid.uuid4().hex
    return lambda text: ask(url, text, sender=sender)


def assert_one_good_reply(messages: list[dict[str, Any]], said: str) -> None:
    assert messages, f"no reply to {said!r}"
    assert len(messages) <= MAX_MESSAGES, (said, messages)
    texts = [m.get("text") for m in messages if m.get("text")]
    assert len(texts) == len(set(texts)), f"a message is repeated after {said!r}: {texts}"


@pytest.mark.parametrize("state", STATES)
def test_every_acknowledgement_in_every_state_gets_one_reply_and_the_chat_goes_on(
    assistant: Assistant, state: str
) -> None:
    for acknowledgement in ACKNOWLEDGEMENTS:
        send = conversation(assistant.url)
        for text in STATES[state]:
            assert_one_good_reply(send(text), text)
        assert_one_good_reply(send(acknowledgement), f"{acknowledgement} {state}")
        after = send(FOLLOW_UP)
        assert_one_good_reply(after, FOLLOW_UP)
        if state != "inside the route finder" or acknowledgement == "start again":
            assert "young carer" in reply_text(after), (state, acknowledgement, after)


def test_a_bare_ok_never_loops_and_restart_still_works(assistant: Assistant) -> None:
    send = conversation(assistant.url)
    for _ in range(3):
        assert_one_good_reply(send("ok"), "ok")
    send("/restart")  # Rasa's own restart answers nothing, but must not break the chat
    assert "disguised compliance" in reply_text(send("what is disguised compliance"))


def test_after_urgent_advice_follow_ups_stay_urgent_until_a_separate_question(
    assistant: Assistant,
) -> None:
    send = conversation(assistant.url)
    assert "999" in reply_text(send("he told me his mum's boyfriend burns him with cigarettes"))
    # "right" gets the short 999 reminder; a question gets the number again (the shared
    # servers' clock is a weekday morning: the front door's number).
    for follow_up, number in (
        ("right", False),
        ("what do I do now", True),
        ("school finishes in 20 mins, do i let him go home??", True),
    ):
        reply = reply_text(send(follow_up))
        assert "999" in reply and ("020 8356 5500" in reply) is number, (follow_up, reply)
        assert "case recording" not in reply
    reply = reply_text(send("separate question - what does the audit say about young carers"))
    assert "young carer" in reply and "this still sounds urgent" not in reply


def test_a_correction_in_the_route_finder_changes_the_situation(assistant: Assistant) -> None:
    send = conversation(assistant.url)
    send("how do I escalate")
    assert "tried" in reply_text(
        send('/choose_situation{"escalation_situation":"care-plan-not-progressing"}')
    )
    reply = reply_text(send("actually no, it's more that they aren't replying to our emails"))
    assert "not responding to information requests" in reply and "tried" in reply
    route = reply_text(send("rang them twice, emailed, nothing"))
    assert "your escalation route" in route
    assert "already done, so skipped: seek resolution with the relevant agency" in route


def test_a_free_text_request_for_the_route_is_answered_first(assistant: Assistant) -> None:
    send = conversation(assistant.url)
    reply = reply_text(
        send(
            "Team manager here. We have a professional disagreement with CAMHS about a case. "
            "What's the escalation route?"
        )
    )
    assert "who to go to, in order" in reply
    assert "independent chair" in reply and "manager" in reply
    assert "access to services" not in reply


def test_typed_not_helpful_asks_what_was_missing_and_offers_others(assistant: Assistant) -> None:
    send = conversation(assistant.url)
    send("what is disguised compliance")
    messages = send("not really helpful")
    assert "what were you looking for" in reply_text(messages)
    assert len(messages[-1]["buttons"]) >= 2


def test_no_access_to_records(assistant: Assistant) -> None:
    reply = reply_text(conversation(assistant.url)("can you look the family up on mosaic for me"))
    assert "no access to records" in reply


def test_first_message_of_an_answer_fits_a_phone(assistant: Assistant) -> None:
    messages = conversation(assistant.url)(
        "parents keep not bringing him to his hospital appointments"
    )
    assert len(messages) == 1
    assert len(messages[0]["text"].split()) <= 90
    assert "source:" in messages[0]["text"].lower()


MATRIX_STATES: dict[str, list[str]] = {
    "after a topic answer": ["what is disguised compliance"],
    "after the candidates": ["hmm blah"],
    "after a case": ["tell me about the Erika case"],
    "at a walk-through stage": ["walk me through the Erika case"],
    "at a quiz question": ["quiz me on the SEND audit"],
    "after a poll": ["run a live poll on the SEND audit in my workshop"],
    "inside the route finder": ["how do I escalate"],
    "after urgent advice": ["he told me his mum's boyfriend burns him with cigarettes"],
    "after the privacy warning": ["Jane Smith, 12 Mare Street E8, what is disguised compliance"],
    "after a decline": ["what do the audits say about FGM"],
}
"""Issue 19 item 3: the states a move can meet, each reached by one message."""
MATRIX_MOVES = ("ok", "yes", "no", "thanks", "help", "?", "next", "back", "stop")
RUNNING = frozenset({"at a walk-through stage", "at a quiz question"})
PROGRESSING = frozenset({"next"})
"""Moves that must move the conversation on: never the reply before them again."""
NOTHING_RUNNING = "no walk-through or quiz in progress"


@pytest.mark.parametrize("state", MATRIX_STATES)
def test_every_move_in_every_state_gets_a_sensible_reply(assistant: Assistant, state: str) -> None:
    """One conversation a move: the state, then the move. Every move gets a reply that is not
    the one before it when it should progress, "next" inside a walk-through or quiz is never
    told nothing is running, and thanks get the 999 reminder only after urgent advice."""
    for move in MATRIX_MOVES:
        send = conversation(assistant.url)
        before: list[dict[str, Any]] = []
        for text in MATRIX_STATES[state]:
            before = send(text)
            assert_one_good_reply(before, text)
        reply = send(move)
        said = f"{move!r} {state}"
        assert_one_good_reply(reply, said)
        text = reply_text(reply)
        if state in RUNNING:
            assert NOTHING_RUNNING not in text, said
        if move in PROGRESSING:
            assert text != reply_text(before), said
            again = reply_text(send(move))
            assert again != text, f"{said}, twice"
        if move == "thanks" and state != "after urgent advice":
            assert "999" not in text, said
