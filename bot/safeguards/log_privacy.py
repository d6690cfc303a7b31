"""Keeps what a person typed out of the logs.

Rasa logs the user's message at DEBUG ("Received user message ..."), and quotes it whole when
a message starting with "/" is not a command it knows ("Failed to parse arguments in line
'/ ...'"): through the `warnings` module, which writes to stderr without passing through
logging, so warnings are routed into logging here. Rasa's structlog renders exceptions with
every frame's local variables, and a traceback may quote what was typed; sanic and rasa-sdk
may log request bodies. Every log record is rewritten when it is created: identifiers are
always replaced, and every unknown word too (as in the conversation store) at DEBUG, in the
warnings that quote a message and in anything carrying a traceback.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from bot.safeguards.minimise import minimise
from bot.safeguards.privacy import redact

_INSTALLED = "_rpa_private_logs"
_busy = threading.local()
_QUOTES_WHAT_WAS_TYPED = (
    "Failed to parse arguments in line",
    "message.parsing.failed",
    "user_text",
    # A traceback: the stdlib's, rich's, or structlog's dict of frames and their locals.
    "Traceback (most recent call last)",
    '"exc_type"',
)


SOFTWARE_NAMES = re.compile(
    r"\b(Rasa|Sanic|SQLAlchemy|TensorFlow|PostgreSQL|Redis|HAProxy|Chromium|Uvicorn)\b"
)
"""The software's own names, which its INFO and WARNING lines say ("Starting Rasa server")
and which look like people's names ("Rasa" is one): kept in a line that quotes nothing typed.
A line that may quote what was typed is minimised whole, these names too."""


def _redact_around_software_names(message: str) -> str:
    pieces = SOFTWARE_NAMES.split(message)
    # split() with one group: the names are at the odd positions, the text around them even.
    return "".join(piece if index % 2 else redact(piece) for index, piece in enumerate(pieces))


def private_message(record: logging.LogRecord) -> str:
    try:
        message = record.getMessage()
    except Exception:  # a malformed format call must not break the caller
        message = str(record.msg)
    if record.levelno <= logging.DEBUG or any(w in message for w in _QUOTES_WHAT_WAS_TYPED):
        return minimise(message)
    return _redact_around_software_names(message)


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
    logging.captureWarnings(True)
