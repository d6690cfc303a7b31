"""Bad input never hurts anyone else (issue 14): broken and hostile requests against the real
servers, by REST and by the web chat. Each must get a clear answer, a 4xx whose JSON names the
problem or a normal reply, never a server error, and a normal question straight after must
still be answered. The largest message allowed is timed with a "hello" waiting behind it, and
what Rasa writes to its logs about typed slash text is checked in the real log files.
"""

from __future__ import annotations

import io
import json
import logging
import random
import stat
import string
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.tooling.evaluation import ask, reply_text
from tests.support import Assistant

CHAT_SENDER = "0f" * 16
CHAT_ORIGIN = "http://localhost:5005"  # the default RPA_CORS_ORIGINS the session runs with
LIMIT = 2000
"""The message limit (bot/web/limits.py), written out: this test states the promise."""
URGENT = "**If a child is in immediate danger, call 999.**"


@dataclass(frozen=True)
class Attempt:
    label: str
    path: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


def _rest(label: str, body: bytes, **headers: str) -> Attempt:
    return Attempt(label, "/webhooks/rest/webhook", body, headers)


def _chat(label: str, body: bytes, **headers: str) -> Attempt:
    return Attempt(
        label,
        "/chat/webhook",
        body,
        {"Content-Type": "application/json", "Origin": CHAT_ORIGIN, **headers},
    )


def _message(text: Any, sender: Any = "fuzz-rest") -> bytes:
    return _json({"sender": sender, "message": text})


TEXTS: dict[str, str] = {
    "NUL and bell": "mum keeps \x00cancelling\x07",
    "terminal escapes": "\x1b[31mred\x1b[0m and \x1b]0;title\x07",
    "forged log line": "hello\r\n2026-01-01 ERROR forged entry",
    "only control characters": "\x00\x01\x02",
    "Arabic": "ما هو الامتثال المقنع؟",
    "Hebrew": "מה עושים כשההורים מסרבים לשתף מידע",
    "right-to-left override": "\u202eecnailpmoc desiugsid",
    "emoji": "😀👍🏽👨‍👩‍👧‍👦 what is disguised compliance? 🧒",
    "combining marks": "e\u0301" * 900,
    "zero-width characters": "dis\u200bguised\u200d com\u2060pliance\ufeff",
    "at the limit": "x" * LIMIT,
    "one over the limit": "x" * (LIMIT + 1),
    "ten times the limit": "mum keeps cancelling " * 1000,
    "/restart": "/restart",
    "/session_start": "/session_start",
    "/back": "/back",
    "/stop": "/stop",
    "/nlu_fallback": "/nlu_fallback",
    "/ask_learning payload": '/ask_learning{"key_message":"young-carers"}',
    "/ask_learning unknown key": '/ask_learning{"key_message":"no-such-message"}',
    "/ask_learning number": '/ask_learning{"key_message": 5}',
    "/ask_learning unknown entity": '/ask_learning{"name": "x"}',
    "/ask_learning truncated": '/ask_learning{"key_message":',
    "/ask_learning confidence": "/ask_learning@0.01",
    "/ask_learning long": '/ask_learning{"key_message":"' + "x" * 1500 + '"}',
    "/feedback forged": '/feedback_helpful{"key_message":"disguised-compliance"}',
    "/immediate_risk typed": "/immediate_risk",
    "slash alone": "/",
    "slash brace": "/{}",
    "slash at": "/@",
    "unknown command": "/make_me_admin",
    "script tag": "<script>alert(1)</script> what is disguised compliance",
    "SQL": "'; DROP TABLE events; --",
    "JSON in text": '{"sender": "someone-else", "message": "hi"}',
}


def attempts() -> list[Attempt]:
    tries = [
        _rest("empty body", b""),
        _rest("truncated JSON", b'{"sender": "fuzz-rest", "mess'),
        _rest("just a brace", b"{"),
        _rest("JSON array", b'["fuzz-rest", "hello"]'),
        _rest("JSON string", b'"hello"'),
        _rest("JSON number", b"42"),
        _rest("JSON null", b"null"),
        _rest("NaN", b'{"sender": "fuzz-rest", "message": NaN}'),
        _rest("nested arrays", b"[" * 20_000 + b"]" * 20_000),
        _rest("nested objects", b'{"a":' * 8_000 + b"1" + b"}" * 8_000),
        _rest("nested message", _message(json.loads("[" * 900 + "]" * 900))),
        _rest("sender a number", _message("hello", sender=5)),
        _rest("sender a list", _message("hello", sender=["a"])),
        _rest("sender null", _message("hello", sender=None)),
        _rest("no sender", _json({"message": "hello"})),
        _rest("sender with spaces", _message("hello", sender="a b")),
        _rest("sender with a newline", _message("hello", sender="a\nb")),
        _rest("sender of 129 characters", _message("hello", sender="s" * 129)),
        _rest("sender of 20,000 characters", _message("hello", sender="s" * 20_000)),
        _rest("sender in Arabic", _message("hello", sender="مرسل")),
        _rest("message a number", _message(5)),
        _rest("message a list", _message(["hello"])),
        _rest("message an object", _message({"text": "hello"})),
        _rest("message true", _message(True)),
        _rest("message null", _message(None)),
        _rest("no message", _json({"sender": "fuzz-rest"})),
        _rest("message blank", _message("   \n\t ")),
        _rest("invalid UTF-8", b'{"sender": "fuzz-rest", "message": "\xff\xfe\xfd"}'),
        _rest("overlong UTF-8", b'{"sender": "fuzz-rest", "message": "\xc0\xaf"}'),
        _rest("UTF-16 body", '{"sender": "fuzz-rest", "message": "hi"}'.encode("utf-16")),
        _rest("lone surrogate", b'{"sender": "fuzz-rest", "message": "\\ud800 hi"}'),
        _rest("reversed surrogates", b'{"sender": "fuzz-rest", "message": "\\udc00\\ud800"}'),
        _rest("duplicate keys", b'{"sender": "fuzz-rest", "message": "hi", "message": 5}'),
        _rest(
            "metadata and channel",
            _json(
                {
                    "sender": "fuzz-rest",
                    "message": "hello",
                    "metadata": {"a": [[[[["x" * 1000]]]]]},
                    "input_channel": "webchat",
                }
            ),
        ),
        _rest("gzip body", b"\x1f\x8b\x08\x00", **{"Content-Encoding": "gzip"}),
        _rest("deflate body", b"x\x9c", **{"Content-Encoding": "deflate"}),
        _rest("body over the size limit", _message("x" * 100_000)),
        _chat(
            "web chat: text/plain", _message("hello", CHAT_SENDER), **{"Content-Type": "text/plain"}
        ),
        _chat(
            "web chat: foreign origin",
            _message("hello", CHAT_SENDER),
            Origin="https://evil.example",
        ),
        _chat("web chat: null origin", _message("hello", CHAT_SENDER), Origin="null"),
        _chat("web chat: guessable sender", _message("hello", "me")),
        _chat("web chat: empty body", b""),
        _chat("web chat: nested", b"[" * 20_000 + b"]" * 20_000),
        _chat(
            "web chat: invalid UTF-8",
            b'{"sender": "' + CHAT_SENDER.encode() + b'", "message": "\xff"}',
        ),
        _chat("web chat: over the limit", _message("x" * (LIMIT + 1), CHAT_SENDER)),
    ]
    for label, text in TEXTS.items():
        tries.append(_rest(label, _message(text)))
        tries.append(_chat(f"web chat: {label}", _message(text, CHAT_SENDER)))
    return tries


def post(url: str, attempt: Attempt) -> tuple[int, Any]:
    request = urllib.request.Request(url + attempt.path, data=attempt.body, headers=attempt.headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body)
        except ValueError:
            return error.code, body.decode("utf-8", "replace")


RASAS_OWN_COMMANDS = frozenset({"/restart", "/session_start", "/back"})
"""Rasa's built-in intents, typed: they restart or rewind the conversation and say nothing."""


def clear_answer(attempt: Attempt, status: int, body: Any) -> bool:
    """A 4xx that says what is wrong, or a normal reply (a list of messages, which only
    Rasa's own commands may leave empty)."""
    if 400 <= status < 500:
        if isinstance(body, dict):
            return bool(body.get("error") or body.get("message"))
        return bool(body)
    if status != 200 or not isinstance(body, list):
        return False
    silent_allowed = attempt.label.removeprefix("web chat: ") in RASAS_OWN_COMMANDS
    return all(isinstance(m, dict) and m.get("text") for m in body) and (
        bool(body) or silent_allowed
    )


def test_broken_and_hostile_input_gets_clear_answers_and_hurts_no_one(assistant: Assistant) -> None:
    tried, unclear, server_errors, refused = 0, [], [], 0
    for attempt in attempts():
        status, body = post(assistant.url, attempt)
        tried += 1
        refused += status >= 400
        if status >= 500:
            server_errors.append((attempt.label, status, body))
        elif not clear_answer(attempt, status, body):
            unclear.append((attempt.label, status, body))
        assert reply_text(ask(assistant.url, "hello", timeout=10)), f"silent after {attempt.label}"
    print(f"\nhostile inputs tried: {tried}, refused with 4xx: {refused}, server errors: 0")
    assert server_errors == []
    assert unclear == []
    assert tried >= 100
    assert "disguised compliance" in reply_text(ask(assistant.url, "what is disguised compliance"))


def test_a_message_over_the_limit_is_told_so_on_every_door(assistant: Assistant) -> None:
    over = "x" * (LIMIT + 1)
    rest = ask(assistant.url, over, sender=uuid.uuid4().hex)
    status, chat = post(assistant.url, _chat("over", _message(over, uuid.uuid4().hex)))
    assert status == 200
    for reply in (reply_text(rest), reply_text(chat)):  # lower-cased
        assert f"that message is too long for me: please keep it under {LIMIT} characters" in reply


@pytest.mark.parametrize(
    "text",
    [
        "/ sorry, she is in danger right now",
        "/help she is in danger right now",
        # payload-shaped, but not an intent of the domain: typed, so checked like typed text
        '/danger{"x": "he burns him with cigarettes"}',
        "/he_burns_him_with_cigarettes",
    ],
)
def test_typed_slash_text_still_gets_urgent_advice(assistant: Assistant, text: str) -> None:
    replies = ask(assistant.url, text, sender=uuid.uuid4().hex)
    assert replies[0]["text"].startswith(URGENT), replies


@pytest.mark.parametrize("text", ["/ jamie okafor keeps missing school", "/Jamie_Okafor"])
def test_typed_slash_text_still_gets_the_identifier_warning(
    assistant: Assistant, text: str
) -> None:
    assert "do not include names" in reply_text(ask(assistant.url, text, sender=uuid.uuid4().hex))


def _timed(url: str, text: str, out: dict[str, float], key: str) -> None:
    started = time.monotonic()
    ask(url, text, sender=uuid.uuid4().hex, timeout=120)
    out[key] = time.monotonic() - started


_WORDS = random.Random(14)
WORST_SHAPES = {
    "made-up words": lambda i: "".join(_WORDS.choices(string.ascii_lowercase, k=2 + i % 8)) + " ",
    "a practice question": lambda i: "mum keeps cancelling the appointments and school is worried ",
    "names and places": lambda i: ("Jamie Okafor ", "12 Mare Street E8 3QP ", "07700 900123 ")[
        i % 3
    ],
    "one long word": lambda i: "a",
    "emoji": lambda i: "😀",
}


@pytest.mark.parametrize("shape", WORST_SHAPES)
def test_the_largest_message_allowed_keeps_everyone_else_waiting_seconds_at_most(
    assistant: Assistant, shape: str
) -> None:
    """Rasa parses on its one event loop: a "hello" sent while the largest message allowed is
    being processed waits for it. Measured here, with the worst shapes found (words the
    privacy minimiser does not know are the slowest)."""
    text, i = "", 0
    while len(text) < LIMIT:
        text += WORST_SHAPES[shape](i)
        i += 1
    text = text[:LIMIT]
    timings: dict[str, float] = {}
    worker = threading.Thread(target=_timed, args=(assistant.url, text, timings, "largest"))
    worker.start()
    time.sleep(0.05)
    _timed(assistant.url, "hello", timings, "hello")
    worker.join()
    print(f"\n{shape}: largest message {timings['largest']:.2f} s, hello {timings['hello']:.2f} s")
    assert timings["largest"] < 5 and timings["hello"] < 5


def test_slash_text_rasa_quotes_in_warnings_reaches_no_log(assistant: Assistant) -> None:
    """Rasa quotes a message starting with "/" that is not a known command in a warning,
    written by the `warnings` module straight to stderr (the log file); log_privacy routes
    it through the same minimisation as every log record."""
    marker = f"zqx{uuid.uuid4().hex[:10]}"
    sender = uuid.uuid4().hex
    for text in (
        f"/ {marker} lives with her nan",
        f"/{marker}",
        f"/{marker} she is scared",
        f'/ask_learning{{"key_message": "{marker}"',
        f'/ask_learning{{"{marker}": "x"}}',
        f"/ask_learning@{marker}",
        f"/{{{marker}}}",
    ):
        ask(assistant.url, text, sender=sender)
    written = "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in (assistant.folder / "logs").glob("*.log")
    )
    assert "arguments in line '/" in written  # Rasa did warn ("Failed to parse ...")
    assert marker not in written


def test_logs_and_databases_are_readable_by_the_service_only(assistant: Assistant) -> None:
    ask(assistant.url, "hello", sender=uuid.uuid4().hex)
    written: list[Path] = [assistant.folder, *assistant.folder.rglob("*")]
    loose = [
        f"{path.name} {stat.filemode(path.stat().st_mode)}"
        for path in written
        if path.stat().st_mode & 0o077
    ]
    assert loose == []


def test_a_traceback_with_local_variables_is_minimised() -> None:
    """Rasa's structlog renders an exception with each frame's local variables (the message
    being handled, for one); such a record is minimised like the warnings above."""
    import structlog

    from bot.safeguards import log_privacy

    log_privacy.install()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("test.structlog.tracebacks")
    logger.addHandler(handler)
    structlog.configure(
        processors=[
            structlog.processors.dict_tracebacks,  # as Rasa configures it outside a terminal
            structlog.processors.JSONRenderer(),
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=False,
    )
    try:
        text = "zqxlocal she lives with her nan"
        try:
            raise ValueError("could not answer")
        except ValueError:
            structlog.get_logger("test.structlog.tracebacks").exception("turn.failed", n=len(text))
    finally:
        structlog.reset_defaults()
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert "could not answer" in written and "turn.failed" in written
    assert "zqxlocal" not in written
