"""Many conversations at once over REST, for the bench and the cluster's failover test.

One place computes the figures (requests/s, p50, p95, max, errors) so that the single server's
and the cluster's numbers in `make bench` are comparable by construction.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from bot.channels.turns import REQUEST_ID_HEADER, UNAVAILABLE_REPLY
from bot.tooling.evaluation import ask

HTTP_TIMEOUT_SECONDS = 60.0
"""A turn may wait for a lock left by a dead instance (TICKET_LOCK_LIFETIME), then be answered."""


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile; 0.0 for no values, so an all-errors run still reports."""
    ordered = sorted(values) or [0.0]
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


@dataclass
class LoadRun:
    """What a load run saw: every turn's latency, every failed turn, and the replies."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    replies: dict[str, list[list[dict[str, Any]]]] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> dict[str, float]:
        return {
            "requests": len(self.latencies_ms) + len(self.errors),
            "errors": len(self.errors),
            "requests_per_s": round(len(self.latencies_ms) / self.seconds, 2)
            if self.seconds
            else 0.0,
            "p50_ms": round(percentile(self.latencies_ms, 0.50), 1),
            "p95_ms": round(percentile(self.latencies_ms, 0.95), 1),
            "max_ms": round(max(self.latencies_ms, default=0.0), 1),
        }


def answered_failure(reply: list[dict[str, Any]]) -> str | None:
    """Why a reply counts as a failed turn: none at all, or the servers' "can't answer right
    now" (it comes fast, and would otherwise pass for throughput)."""
    if not reply:
        return "no reply"
    if any(message.get("text") == UNAVAILABLE_REPLY for message in reply):
        return "answered 'can't answer right now'"
    return None


def ratio(numerator: float, denominator: float) -> float | None:
    """None when there is nothing to compare with (every turn of a run failed)."""
    return round(numerator / denominator, 2) if denominator else None


def run_load(
    url: str | Callable[[int], str],
    scripts: Sequence[Sequence[str]],
    prefix: str = "load",
    timeout: float = HTTP_TIMEOUT_SECONDS,
) -> LoadRun:
    """Every conversation at once, each sending its turns back to back with no pause: the
    servers are saturated, which measures throughput. `url` may pick the server per turn. A
    failed turn is counted and the conversation goes on, as a person would send again."""
    load = LoadRun()
    senders = [f"{prefix}-{uuid.uuid4().hex}" for _ in scripts]

    def converse(index: int) -> None:
        replies = load.replies.setdefault(senders[index], [])
        for turn, text in enumerate(scripts[index]):
            target = url(turn) if callable(url) else url
            started = time.perf_counter()
            # an id per turn, as the balancer adds one: the same work whichever way it goes
            request_id = {REQUEST_ID_HEADER: f"load-{uuid.uuid4().hex}"}
            reply: list[dict[str, Any]] = []
            failure: str | None
            try:
                reply = ask(target, text, senders[index], timeout, headers=request_id)
            except OSError as error:
                failure = str(error)
            else:
                failure = answered_failure(reply)
            replies.append(reply)
            if failure:
                load.errors.append(f"{senders[index]} turn {turn + 1}: {failure}")
            else:
                load.latencies_ms.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(scripts)) as pool:
        list(pool.map(converse, range(len(scripts))))
    load.seconds = time.perf_counter() - started
    return load
