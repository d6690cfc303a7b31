"""What every channel accepts from the outside, checked before Rasa sees anything.

A message is parsed by the NLU pipeline on Rasa's only event loop, so one huge message once
held every other conversation for minutes. Every door (REST, web chat, Teams, and the terminal
chat, which posts to REST) therefore applies the same message limit here, before the pipeline,
and answers the person plainly; the HTTP body limit (guards.py) sits well above it so
that only bodies no client of ours sends are refused outright (413).

A body that is not what a client sends (empty, not JSON, not UTF-8, nested too deeply, wrong
types) is a BadRequest whose message names what is wrong, answered with 400 instead of the
500 Rasa's own REST channel gave.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_MESSAGE_CHARS = 2000
"""Characters of one message. A practice question is a few sentences; 2,000 is the web chat's
limit since it was built, and the worst allowed message is measured in the end-to-end tests."""

MAX_BODY_BYTES = 64 * 1024
"""Bytes of one request body to Rasa. The largest message a client sends is 2,000 characters,
at most 12 bytes each as JSON escapes (24 kB), plus a Teams activity's envelope and its HTML
copy of the text; 64 kB leaves room for all of that and nothing like the 200,000-character
message that froze the server."""

TOO_LONG_REPLY = (
    f"That message is too long for me: please keep it under {MAX_MESSAGE_CHARS} characters."
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""C0 and C1 control characters other than tab, line feed and carriage return: nobody types
them, a database may refuse them (PostgreSQL rejects NUL) and they can forge log lines."""


class BadRequest(Exception):
    """The request is not one our clients send; the message says what is wrong (HTTP 400)."""


def json_object(body: bytes | None) -> dict[str, Any]:
    """The request body as a JSON object, or BadRequest naming what is wrong with it."""
    if not body:
        raise BadRequest("the body is empty: expected a JSON object")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"the body is not valid UTF-8 (byte {error.start})") from error
    try:
        parsed = json.loads(text)
    except RecursionError as error:
        raise BadRequest("the body's JSON is nested too deeply") from error
    except ValueError as error:
        raise BadRequest(f"the body is not valid JSON: {error}") from error
    if not isinstance(parsed, dict):
        raise BadRequest(f"expected a JSON object, got a JSON {_json_type(parsed)}")
    return parsed


def user_text(value: Any, field: str = "message") -> str:
    """A message as typed, made safe to process and store: control characters become spaces.

    Raises BadRequest when it is not text, is blank, or holds unpaired surrogates (JSON can
    encode them as escapes, but no database or log file can store them).
    """
    if not isinstance(value, str):
        raise BadRequest(f"{field} must be text, got {_json_type(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise BadRequest(f"{field} is not valid Unicode text") from error
    text = _CONTROL.sub(" ", value).strip()
    if not text:
        raise BadRequest(f"{field} must be non-empty text")
    return text


def whole_number(text: str | None) -> int | None:
    """A number typed in ASCII digits, or None: str.isdigit() also accepts "²" and other
    Unicode digits that int() refuses, which once gave a 500 to an anonymous form post."""
    if not text or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def too_long(text: str) -> bool:
    return len(text) > MAX_MESSAGE_CHARS


def _json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    names: dict[type, str] = {str: "string", list: "array", dict: "object"}
    return names.get(type(value), type(value).__name__)
