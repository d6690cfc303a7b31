"""A running server serves what `make knowledge` loaded, without a restart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text

from bot.knowledge import reloading
from bot.knowledge.models import Feedback
from bot.knowledge.reloading import FollowsLoads, build_all
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.one_request import end_one_request, start_one_request
from bot.settings import Settings


def first_key_message(knowledge_dir: Path) -> tuple[Path, str]:
    path = next((knowledge_dir / "key_messages").glob("*.yml"))
    title = next(
        line.split("title:", 1)[1].strip().strip("\"'")
        for line in path.read_text().splitlines()
        if line.strip().startswith("title:")
    )
    return path, title


def titles(store: KnowledgeStore) -> list[str]:
    with store.session() as session:
        return [message.title for message in store.key_messages(session)]


def test_each_load_counts_and_the_same_store_reads_the_new_content(
    fixture_settings: Settings,
) -> None:
    load_knowledge(fixture_settings, environ={})
    store = KnowledgeStore.from_settings(fixture_settings)
    assert store.generation() == 1
    path, title = first_key_message(fixture_settings.knowledge_dir)
    path.write_text(path.read_text().replace(title, f"{title} (revised)", 1))
    load_knowledge(fixture_settings, environ={})
    assert store.generation() == 2
    assert f"{title} (revised)" in titles(store)


def test_derived_values_are_rebuilt_only_after_a_load(fixture_settings: Settings) -> None:
    load_knowledge(fixture_settings, environ={})
    store = KnowledgeStore.from_settings(fixture_settings)
    builds: list[int] = []

    def build(loaded: KnowledgeStore) -> list[str]:
        builds.append(loaded.generation())
        return titles(loaded)

    derived = FollowsLoads(build)
    first = derived.get(store)
    assert derived.get(store) is first and builds == [1]
    load_knowledge(fixture_settings, environ={})
    assert derived.get(store) == first and builds == [1, 2]


def test_a_reload_keeps_feedback_and_a_changed_table_is_rebuilt(fixture_settings: Settings) -> None:
    load_knowledge(fixture_settings, environ={})
    store = KnowledgeStore.from_settings(fixture_settings)
    with store.session() as session:
        key_message = store.key_messages(session)[0].id
    store.record_feedback(key_message, True)
    with store.engine.begin() as connection:  # a table as an older version created it
        connection.execute(text("ALTER TABLE key_messages ADD COLUMN retired TEXT"))
    load_knowledge(fixture_settings, environ={})
    with store.engine.connect() as connection:
        columns = {row[1] for row in connection.execute(text("PRAGMA table_info(key_messages)"))}
        assert "retired" not in columns
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Feedback)) == 1
    assert titles(store)


def test_a_server_builds_every_derived_value_before_its_first_question(
    fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The action server calls build_all at start (bot/tooling/action_server.py): the first
    question then finds every value built, and a later load still rebuilds them."""
    monkeypatch.setattr(reloading, "_EVERY", [])
    load_knowledge(fixture_settings, environ={})
    store = KnowledgeStore.from_settings(fixture_settings)
    builds: list[str] = []

    def builder(name: str) -> Callable[[KnowledgeStore], list[str]]:
        def build(loaded: KnowledgeStore) -> list[str]:
            builds.append(name)
            return titles(loaded)

        return build

    derived = [FollowsLoads(builder(name)) for name in ("ranker", "guide")]
    build_all(store)
    assert builds == ["ranker", "guide"]
    assert [value.get(store) for value in derived] == [titles(store)] * 2
    assert builds == ["ranker", "guide"]
    load_knowledge(fixture_settings, environ={})
    build_all(store)
    assert builds == ["ranker", "guide"] * 2


def test_one_request_reads_the_load_count_once_and_the_next_sees_a_new_load(
    fixture_settings: Settings,
) -> None:
    """The action server reads the count once per request (its request middleware), so every
    value that follows loads costs no query after the first; a load counted meanwhile is
    served from the next request on, never half-way through an answer."""
    load_knowledge(fixture_settings, environ={})
    store = KnowledgeStore.from_settings(fixture_settings)
    assert titles(store)  # the content of load 1, read once per process
    counts: list[str] = []
    event.listen(
        store.engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_rest: counts.append(statement)
        if "knowledge_load" in statement
        else None,
    )
    started = start_one_request()
    try:
        assert [store.generation() for _ in range(5)] == [1] * 5
        assert titles(store)
        assert len(counts) == 1
        load_knowledge(fixture_settings, environ={})
        assert store.generation() == 1
    finally:
        end_one_request(started)
    assert store.generation() == 2
    assert store.generation() == 2 and len(counts) >= 3  # outside a request, every call reads
