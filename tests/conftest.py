"""Shared fixtures: a private copy of knowledge/ and a database in a temporary folder; the
`model` mark and `--without-model`, which let `make test` run the tests that need no trained
model beside the training."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.settings import ENV_CLOCK, PROJECT_ROOT, Settings
from bot.tooling.fingerprint import MODEL_DIR
from bot.tooling.serve import Servers
from tests.browser import browser  # noqa: F401  (the fixture, for every browser test)
from tests.channels.webchat_page import IntranetPage, IntranetServer
from tests.support import KNOWLEDGE_FIXTURE, Assistant, LoadedKnowledge, servers_in
from tests.urgent_clock import WEEKDAY_10AM

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

MODEL = "model"
"""The mark of a test that needs the trained model: it starts the servers or the cluster, or
loads the model. `make test` runs the others (`--without-model`) beside the training, on the
core the training leaves free, and these once the model is trained (`-m model`)."""
WITHOUT_MODEL = "--without-model"
MODEL_FIXTURES = frozenset({"assistant", "deployment", "cluster"})
"""The shared fixtures that start servers (tests/conftest.py, tests/security/ and
tests/end_to_end/test_deployment.py, tests/cluster/): a test that uses one, directly or through
another fixture, is marked `model`. A module with servers of its own is marked by its
`pytestmark`; what neither marks fails under `--without-model` (`_refuse_the_model`)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        WITHOUT_MODEL,
        action="store_true",
        help="run only the tests not marked `model`, and fail any of them that starts the "
        "servers or loads the model (the model may not be trained yet)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MODEL}: needs the trained model (make test runs it after the training)"
    )
    if config.getoption(WITHOUT_MODEL):
        _refuse_the_project_s_model()


def _refuse_the_project_s_model() -> None:
    """Servers, the cluster and Rasa's Agent fail a test that gives them the model of models/.
    Deterministic on any machine: a missed mark fails whether or not a model of this data
    happens to be trained already (on a fresh clone it is being trained). A model a test
    trains itself (tests/tooling/test_repeatable_training.py) loads as before."""
    from rasa.core.agent import Agent  # imported only here: a second of imports

    from bot.tooling.cluster import Cluster

    start_rasa, start_cluster, load = Servers.start_rasa, Cluster.start, Agent.load

    def servers_start_rasa(self: Servers) -> None:
        _refuse(self.config.model)
        start_rasa(self)

    def cluster_start(self: Cluster) -> float:
        _refuse(self.model)
        return start_cluster(self)

    def agent_load(_cls: type[Agent], model_path: str | Path, *args: Any, **kwargs: Any) -> Agent:
        _refuse(Path(model_path))
        return load(model_path, *args, **kwargs)

    Servers.start_rasa = servers_start_rasa  # type: ignore[method-assign]
    Cluster.start = cluster_start  # type: ignore[method-assign]
    Agent.load = classmethod(agent_load)  # type: ignore[method-assign, assignment]


def _refuse(model: Path) -> None:
    if (PROJECT_ROOT / model).resolve().parent == (PROJECT_ROOT / MODEL_DIR).resolve():
        pytest.fail(
            f"this test needs the trained model ({model}), and {WITHOUT_MODEL} runs it before "
            f"the model is trained: mark it `{MODEL}` (or name its server fixture in "
            "MODEL_FIXTURES, tests/conftest.py)"
        )


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by mark
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(MODEL)
    if config.getoption(WITHOUT_MODEL):
        needing = [item for item in items if item.get_closest_marker(MODEL) is not None]
        config.hook.pytest_deselected(items=needing)
        items[:] = [item for item in items if item.get_closest_marker(MODEL) is None]


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
