"""Shared fixtures: a private copy of knowledge/ and a database in a temporary folder."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import ENV_CLOCK, PROJECT_ROOT, Settings
from bot.tooling.serve import Servers
from tests.browser import browser  # noqa: F401  (the fixture, for every browser test)
from tests.channels.webchat_page import IntranetPage, IntranetServer
from tests.support import KNOWLEDGE_FIXTURE, Assistant, LoadedKnowledge, servers_in
from tests.urgent_clock import WEEKDAY_10AM

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A copy of the real knowledge base that a test may break or extend."""
    target = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", target)
    return target


@pytest.fixture
def settings(tmp_path: Path, knowledge_dir: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'knowledge.db'}",
        knowledge_dir=knowledge_dir,
        links_file=None,
    )


@pytest.fixture(scope="session")
def loaded_knowledge(tmp_path_factory: pytest.TempPathFactory) -> LoadedKnowledge:
    """The real knowledge/ loaded once per session; `copy_to(settings)` gives a test its own
    database with it (a file copy instead of a load: about 0.4 s of CPU less per test)."""
    return LoadedKnowledge.load(tmp_path_factory.mktemp("loaded-knowledge"))


@pytest.fixture
def fixture_knowledge_dir(tmp_path: Path) -> Path:
    """A copy of the small fixture knowledge set that a test may break or extend."""
    target = tmp_path / "fixture" / "knowledge"
    shutil.copytree(KNOWLEDGE_FIXTURE, target)
    return target


@pytest.fixture
def fixture_settings(tmp_path: Path, fixture_knowledge_dir: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'fixture.db'}",
        knowledge_dir=fixture_knowledge_dir,
        links_file=None,
    )


@pytest.fixture(scope="session")
def intranet() -> Iterator[IntranetServer]:
    """An intranet page that embeds the web chat (the README's snippet) from its own origin,
    which the session's servers allow. A real local server, not a Playwright route: Chromium's
    local-network protection blocks pages without an address (routed ones) from loading
    scripts from 127.0.0.1."""
    server = IntranetServer(("127.0.0.1", 0), IntranetPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def assistant(
    tmp_path_factory: pytest.TempPathFactory, intranet: IntranetServer
) -> Iterator[Assistant]:
    folder = tmp_path_factory.mktemp("assistant")
    # A fixed weekday morning: which urgent number comes first depends on the clock. In a file,
    # so the clock table's tests move it without servers of their own. Not in `folder`, whose
    # files are the servers' own, readable by them only (tests/end_to_end/test_hostile_input.py).
    clock = tmp_path_factory.mktemp("assistant-clock") / "clock.txt"
    clock.write_text(WEEKDAY_10AM, encoding="utf-8")
    config = servers_in(folder, extra_env={ENV_CLOCK: f"@{clock}"})
    config.cors = f"{config.cors} http://127.0.0.1:{intranet.server_port}"
    with Servers(config, log_dir=folder / "logs"):
        yield Assistant(config.rasa_url, folder, folder / "knowledge.db", config.tracker_db, clock)


@pytest.fixture(autouse=True)
def assistant_settings_unchanged() -> Iterator[None]:
    """A test that leaves an RPA_* variable behind changes every later test's servers (a
    leaked REST token closed the REST channel of three test directories in CI): fail the test
    that leaked it, by name, and put the variable back."""
    before = {name: value for name, value in os.environ.items() if name.startswith("RPA_")}
    yield
    after = {name: value for name, value in os.environ.items() if name.startswith("RPA_")}
    if after == before:
        return
    changed = sorted(set(before.items()) ^ set(after.items()))
    for name in {name for name, _ in changed}:
        if name in before:
            os.environ[name] = before[name]
        else:
            os.environ.pop(name, None)
    pytest.fail(f"the test left RPA_* settings changed: {sorted({n for n, _ in changed})}")
