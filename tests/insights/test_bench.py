"""The insights benchmark (`make bench`: insights_100k_events) runs, on a smaller year."""

from __future__ import annotations

from collections import Counter

from bot.tooling import bench


def test_synthetic_events_are_a_plausible_year() -> None:
    key_messages = [("first", "theme-a"), ("second", "theme-b")]
    rows = bench.synthetic_events(5000, key_messages, ["route"])
    assert rows == bench.synthetic_events(5000, key_messages, ["route"])
    assert {len(row) for row in rows} == {12}  # one INSERT for all rows
    assert {row["hour"].year for row in rows} == {bench.INSIGHTS_YEAR}
    kinds = Counter(row["kind"] for row in rows)
    assert kinds.most_common(2) == [
        ("answered", kinds["answered"]),
        ("unanswered", kinds["unanswered"]),
    ]
    answered = Counter(row["key_message_id"] for row in rows if row["kind"] == "answered")
    assert answered["first"] > answered["second"] > 0
    texts = {row["text"] for row in rows if row["kind"] == "unanswered"}
    assert not any("Jayden" in text for text in texts)  # stored as the actions store them


def test_the_insights_page_is_timed_on_the_real_knowledge() -> None:
    timings = bench.measure_insights_page(count=2000)
    assert 0 < timings["compute_s"] <= timings["page_s"]
