"""What one request works out once: the actions of an action server request between them, and
the NLU pipeline's safety step for one message.

The actions of one turn asked the database its load count a dozen times (every value that
follows loads checks it: 13 queries an answer, 0.24 ms each, measured 2026-12-07), and the
ranking and the case lines each wanted the message's vector when the NLU pipeline carried
none. The action server starts a memo per request (bot/tooling/action_server.py) and ends it
with the answer, so nothing a person typed outlives their request, a load counted meanwhile
is seen from the next request on (one answer never mixes two loads), and a script or a test,
outside any request, works everything out each time. The safety rules normalise a message's
text once within a request (bot/safeguards/safety.py): in the action server's, and in the Rasa
server's per message (`one_request()` around the safety step).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any, TypeVar

T = TypeVar("T")
_MEMO: ContextVar[dict[Hashable, Any] | None] = ContextVar("rpa_one_request", default=None)


def start_one_request() -> Token[dict[Hashable, Any] | None]:
    return _MEMO.set({})


def end_one_request(started: Token[dict[Hashable, Any] | None]) -> None:
    _MEMO.reset(started)


@contextmanager
def one_request() -> Iterator[None]:
    started = start_one_request()
    try:
        yield
    finally:
        end_one_request(started)


def once_per_request(key: Hashable, work: Callable[[], T]) -> T:
    """`work()`, done once per request for `key` (every time outside a request)."""
    memo = _MEMO.get()
    if memo is None:
        return work()
    if key not in memo:
        memo[key] = work()
    result: T = memo[key]
    return result
