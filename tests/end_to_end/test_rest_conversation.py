"""End to end over the real REST channel: Rasa, the action server, the SQL tracker store."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from bot.knowledge.store import KnowledgeStore
from bot.settings import Settings
from bot.tooling.evaluation import ask, reply_text
from tests.support import Assistant
from tests.urgent_clock import FALSE_ALARM, FALSE_ALARM_ANSWER, NOT_URGENT, NOT_URGENT_TYPED

IDENTIFIERS = ("Jamie", "Okafor", "12/03/2011", "E8 3QP", "07700 900123")


def test_identifiers_are_warned_about_answered_and_never_stored(assistant: Assistant) -> None:
    url, tracker_db = assistant.url, assistant.tracker_db
    sender = uuid.uuid4().hex
    first = reply_text(
        ask(
            url,
            "Jamie Okafor DOB 12/03/2011, E8 3QP - dad keeps missing his " "hospital appointments",
            sender=sender,
        )
    )
    assert "do not include names" in first
    assert "not being brought" in first
    second = reply_text(
        ask(
            url,
            "mum's mobile is 07700 900123 and she won't share information " "with the school",
            sender=sender,
        )
    )
    assert "do not include names" in second
    third = reply_text(ask(url, "what does disguised compliance look like", sender=sender))
    assert "disguised compliance" in third
    with sqlite3.connect(tracker_db) as connection:
        rows = connection.execute("select data from events where sender_id = ?", (sender,))
        stored = "\n".join(row[0] for row in rows)
    assert "disguised compliance" in stored  # the conversation was written
    for identifier in IDENTIFIERS:
        assert identifier not in stored, identifier


def test_immediate_risk_gets_urgent_advice_first(assistant: Assistant) -> None:
    url = assistant.url
    replies = ask(url, "she's scared to go home tonight because of her stepdad")
    assert replies[0]["text"].startswith("**If a child is in immediate danger, call 999.**")


@pytest.mark.parametrize("not_urgent", ["/not_urgent", NOT_URGENT_TYPED])
def test_not_urgent_pressed_or_typed_answers_the_question_asked(
    assistant: Assistant, not_urgent: str
) -> None:
    """Issue 20, item 5, through the real servers: the urgent block, then "It's not urgent"
    (the button's payload, or typed) answers the question that came with the danger."""
    sender = uuid.uuid4().hex
    first = reply_text(ask(assistant.url, FALSE_ALARM, sender=sender))
    assert "it's not urgent" in first  # the block, with its button
    answer = reply_text(ask(assistant.url, not_urgent, sender=sender))
    assert FALSE_ALARM_ANSWER in answer and "to report a concern now" not in answer, answer


def test_a_practice_question_that_mentions_risk_gets_one_urgent_line_and_its_answer(
    assistant: Assistant,
) -> None:
    """Issue 20, item 5, through the real servers: risk mentioned in a practice question gets
    one line of urgent advice (999, the number that applies now) and the answer with its
    source, in the same reply; never the urgent block, never the block alone."""
    asked = (
        "15yo self harming, mum has bipolar and is under adult MH but not well at the moment. "
        "who else should I be involving?"
    )
    replies = ask(assistant.url, asked, sender=uuid.uuid4().hex)
    first = replies[0]["text"]
    urgent_line, _, answer = first.partition("\n\n")
    assert "999" in urgent_line and "\n" not in urgent_line, first
    assert "Source:" in answer and "999" not in answer, first
    titles = [button["title"] for reply in replies for button in reply.get("buttons") or []]
    assert NOT_URGENT not in titles, titles  # the urgent block's button: not the block


def test_escalating_about_another_agency_reaches_the_manager_and_independent_chair(
    assistant: Assistant,
) -> None:
    url = assistant.url
    sender = uuid.uuid4().hex
    texts = [
        reply_text(ask(url, "I need to escalate a concern about another agency", sender=sender)),
        reply_text(
            ask(url, "they haven't replied to any of my information requests", sender=sender)
        ),
        reply_text(ask(url, "not yet", sender=sender)),
    ]
    route = texts[-1]
    assert "your escalation route" in route
    assert "manager" in route and "independent chair" in route


def test_feedback_is_stored_without_the_sender(assistant: Assistant) -> None:
    url, knowledge_db = assistant.url, assistant.knowledge_db
    sender = uuid.uuid4().hex
    store = KnowledgeStore.from_settings(
        Settings(f"sqlite:///{knowledge_db}", Path("knowledge"), None)
    )
    with store.session() as session:
        helpful, unhelpful = store.feedback_counts(session).get("young-carers", (0, 0))
    ask(url, '/ask_learning{"key_message":"young-carers"}', sender=sender)
    assert "feedback has been recorded" in reply_text(
        ask(url, '/feedback_helpful{"key_message":"young-carers"}', sender=sender)
    )
    with store.session() as session:  # the assistant is shared by the session's tests
        assert store.feedback_counts(session)["young-carers"] == (helpful + 1, unhelpful)
    with sqlite3.connect(knowledge_db) as connection:
        columns = [row[1] for row in connection.execute("pragma table_info(feedback)")]
    assert columns == ["id", "key_message_id", "helpful", "created_at"]
