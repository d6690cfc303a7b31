"""The figures `make bench` reports: a failed turn never counts as throughput."""

from __future__ import annotations

from bot.channels.turns import UNAVAILABLE_REPLY
from bot.tooling.load import LoadRun, answered_failure, percentile, ratio


def test_no_reply_and_the_cant_answer_reply_are_failures() -> None:
    assert answered_failure([]) == "no reply"
    assert answered_failure([{"recipient_id": "a", "text": UNAVAILABLE_REPLY}]) is not None
    assert answered_failure([{"recipient_id": "a", "text": "Hello"}]) is None


def test_the_summary_counts_errors_apart_from_latencies() -> None:
    run = LoadRun(latencies_ms=[100.0, 200.0, 300.0, 400.0], errors=["x turn 1: no reply"])
    run.seconds = 2.0
    summary = run.summary()
    assert summary["requests"] == 5 and summary["errors"] == 1
    assert summary["requests_per_s"] == 2.0
    assert (summary["p50_ms"], summary["p95_ms"], summary["max_ms"]) == (300.0, 400.0, 400.0)


def test_a_run_where_everything_failed_still_reports() -> None:
    run = LoadRun(errors=["x turn 1: timed out"])
    summary = run.summary()
    assert summary["requests_per_s"] == 0.0 and summary["p95_ms"] == 0.0
    assert percentile([], 0.95) == 0.0
    assert ratio(12.0, 0.0) is None and ratio(15.0, 12.0) == 1.25
