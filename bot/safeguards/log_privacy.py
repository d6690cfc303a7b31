"""Keeps what a person typed out of the logs.

Rasa logs the user's message at DEBUG ("Received user message ..."), and at WARNING when a
message starting with "/" cannot be parsed; sanic and rasa-sdk may log request bodies.
Every log record is rewritten when it is created: identifiers are always replaced, and at
DEBUG (where messages are logged whole) every unknown word too, as in the conversation store.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from bot.safeguards.minimise import minimise
from bot.safeguards.privacy import redact

_INSTALLED = "_rpa_private_logs"
_busy = threading.local()
_WHOLE_MESSAGE_WARNINGS = (
    "Failed to parse arguments in line",
    "message.parsing.failed",
    "user_text",
)


def private_message(record: logging.LogRecord) -> str:
    try:
        message = record.getMessage()
    except Exception:  # a malformed format call must not break the caller
        message = str(record.msg)
    if record.levelno <= logging.DEBUG or any(w in message for w in _WHOLE_MESSAGE_WARNINGS):
        return minimise(message)
    return redact(message)


def install() -> None:
    """Wraps the log record factory once per process, whatever configures the handlers."""
    original = logging.getLogRecordFactory()
    if getattr(original, _INSTALLED, False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = original(*args, **kwargs)
        if not getattr(_busy, "active", False):  # a record logged while loading the word lists
            _busy.active = True
            try:
                record.msg, record.args = private_message(record), None
                if record.exc_info:  # an exception's message may quote what was typed
                    record.exc_text = minimise(logging.Formatter().formatException(record.exc_info))
                    record.exc_info = None
            finally:
                _busy.active = False
        return record

    setattr(factory, _INSTALLED, True)
    minimise("")  # load the word lists now, not inside the first log record
    logging.setLogRecordFactory(factory)
