"""Nothing identifying is written anywhere (issue 13): labelled practitioner messages go
through the running assistant by REST and by the web chat, then every file the assistant
wrote (the conversation and knowledge databases, every log) is searched for every
identifier. Typed payloads that forge feedback are refused and never stored."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.tooling.evaluation import ask, reply_text
from tests.support import DATA, Assistant

SETS = ("privacy_cases.yml", "privacy_heldout.yml")


def labelled() -> list[dict[str, Any]]:
    cases = []
    for name in SETS:
        cases += [
            c
            for c in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["cases"]
            if c["identifiers"]
        ]
    return cases


def web_chat(url: str, sender: str, text: str) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        f"{url}/chat/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json", "Origin": "http://localhost:5005"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def everything_written(folder: Path) -> str:
    """Every byte the assistant wrote, databases read row by row as text."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".db":
            with sqlite3.connect(path) as connection:
                tables = [
                    r[0]
                    for r in connection.execute("select name from sqlite_master where type='table'")
                ]
                for table in tables:
                    parts += [
                        " ".join(map(str, row))
                        for row in connection.execute(f'select * from "{table}"')
                    ]
        else:
            parts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(parts)


def test_no_identifier_reaches_any_file_from_rest_or_the_web_chat(assistant: Assistant) -> None:
    cases = labelled()
    rest_sender, chat_sender = uuid.uuid4().hex, uuid.uuid4().hex
    for case in cases:
        assert ask(assistant.url, case["text"], sender=rest_sender), case["text"]
        assert web_chat(assistant.url, chat_sender, case["text"]), case["text"]
    written = everything_written(assistant.folder)
    assert rest_sender in written and chat_sender in written  # both conversations were written
    found = [
        identifier["text"]
        for case in cases
        for identifier in case["identifiers"]
        if re.search(rf"(?<!\w){re.escape(str(identifier['text']))}(?!\w)", written, re.IGNORECASE)
    ]
    assert found == []


@pytest.mark.parametrize("intent", ["feedback_helpful", "feedback_not_helpful"])
def test_forged_feedback_payloads_are_refused_and_not_stored(
    assistant: Assistant, intent: str
) -> None:
    sender = uuid.uuid4().hex
    before = feedback_rows(assistant.knowledge_db)
    ask(assistant.url, '/ask_learning{"key_message":"young-carers"}', sender=sender)
    for forged in ("<script>x</script>", "disguised-compliance", "no-such-message"):
        reply = reply_text(
            ask(assistant.url, f'/{intent}{{"key_message": "{forged}"}}', sender=sender)
        )
        assert reply and "recorded" not in reply
    assert feedback_rows(assistant.knowledge_db) == before
    # the key message this conversation was answered with is still accepted
    assert reply_text(
        ask(assistant.url, f'/{intent}{{"key_message": "young-carers"}}', sender=sender)
    )
    assert len(feedback_rows(assistant.knowledge_db)) == len(before) + 1


def feedback_rows(database: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(database) as connection:
        return list(connection.execute("select id, key_message_id, helpful from feedback"))
