"""What the actions of one request work out once, and forget with its answer."""

from __future__ import annotations

from functools import partial

from bot.one_request import end_one_request, once_per_request, start_one_request


def test_within_a_request_the_work_is_done_once_per_key_and_forgotten_with_it() -> None:
    done: list[str] = []

    def work(key: str) -> str:
        done.append(key)
        return key.upper()

    started = start_one_request()
    try:
        assert [once_per_request(key, partial(work, key)) for key in "aab"] == list("AAB")
        assert done == ["a", "b"]
    finally:
        end_one_request(started)
    assert once_per_request("a", lambda: work("a")) == "A"
    assert done == ["a", "b", "a"]


def test_outside_a_request_the_work_is_done_every_time() -> None:
    done: list[int] = []
    for _ in range(3):
        once_per_request("same", lambda: done.append(1))
    assert len(done) == 3


def test_the_next_request_starts_with_nothing_remembered() -> None:
    for expected in ("first", "second"):
        started = start_one_request()
        try:
            assert once_per_request("words", partial(str, expected)) == expected
        finally:
            end_one_request(started)
