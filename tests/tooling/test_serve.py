"""The supervisor's decisions, without starting Rasa: restart pauses, configuration refused
before anything starts, and what the children are given."""

from __future__ import annotations

import logging
import stat
import time
from pathlib import Path

import pytest

from bot.settings import ConfigurationError, Mode
from bot.tooling import deployment_check
from bot.tooling.serve import Backoff, Child, ServerConfig, Servers, describe_mode, make_private
from bot.web.trainer import hash_password

TOKEN = "k" * 40


def config(tmp_path: Path, **env: str) -> ServerConfig:
    return ServerConfig(
        rasa_port=5105, actions_port=5155, tracker_db=tmp_path / "conversations.db", extra_env=env
    )


def test_restart_pauses_double_to_thirty_seconds_and_reset_after_a_stable_run() -> None:
    backoff = Backoff()
    quick = [backoff.after_exit(uptime=2) for _ in range(7)]
    assert quick == [1, 2, 4, 8, 16, 30, 30]
    assert backoff.after_exit(uptime=60) == 1
    assert backoff.after_exit(uptime=5) == 2


def test_a_child_that_exits_is_restarted_after_its_pause_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.tooling.serve")
    servers = Servers(config(tmp_path), log_dir=tmp_path / "logs")
    child = Child("broken", ["bot.tooling.no_such_module"])
    servers.children[child.name] = child
    try:
        servers._spawn(child)
        assert child.process is not None
        child.process.wait(timeout=30)
        now = time.monotonic()
        servers.check_children(now)
        assert child.restart_at == pytest.approx(now + 1)
        servers.check_children(now + 0.5)
        assert child.restarts == 0
        servers.check_children(now + 1)
        assert child.restarts == 1
        child.process.wait(timeout=30)
        now = time.monotonic()
        servers.check_children(now)
        assert child.restart_at == pytest.approx(now + 2)
    finally:
        servers.stop()
    assert "broken exited with code 1 after 0 s; restarting in 1 s" in caplog.text
    assert "restarting in 2 s" in caplog.text and "broken restarted" in caplog.text
    assert (tmp_path / "logs" / "broken.log").stat().st_mode & 0o777 == 0o600


def test_production_needs_a_rest_token_before_anything_starts(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="RPA_REST_TOKEN"):
        config(tmp_path, RPA_MODE="production").mode()
    complete = {
        "RPA_REST_TOKEN": TOKEN,
        "RPA_TRAINER_PASSWORD_HASH": hash_password("a trainer password"),
        "RPA_SESSION_SECRET": TOKEN,
        "RPA_PUBLIC_URL": "https://assistant.example.org",
    }
    assert config(tmp_path, RPA_MODE="production", **complete).mode() is Mode.PRODUCTION
    with pytest.raises(ConfigurationError, match="RPA_SESSION_SECRET"):
        config(tmp_path, RPA_MODE="production", **{**complete, "RPA_SESSION_SECRET": ""}).mode()
    assert config(tmp_path, RPA_MODE="").mode() is Mode.DEVELOPMENT
    with pytest.raises(ConfigurationError, match="RPA_MODE"):
        config(tmp_path, RPA_MODE="prod").mode()


def test_tokens_must_be_long(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="RPA_ACTION_TOKEN"):
        config(tmp_path, RPA_ACTION_TOKEN="short").mode()
    with pytest.raises(ConfigurationError, match="RPA_REST_TOKEN"):
        config(tmp_path, RPA_MODE="production", RPA_REST_TOKEN="short").mode()


def test_each_run_makes_up_an_action_token_unless_one_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RPA_ACTION_TOKEN", raising=False)
    first, second = config(tmp_path), config(tmp_path)
    assert first.action_token != second.action_token and len(first.action_token) >= 32
    assert first.environment()["RPA_ACTION_TOKEN"] == first.action_token
    monkeypatch.setenv("RPA_ACTION_TOKEN", TOKEN)
    assert config(tmp_path).action_token == TOKEN


def test_children_are_told_not_to_compress_and_where_the_action_server_is(tmp_path: Path) -> None:
    environment = config(tmp_path).environment()
    assert environment["COMPRESS_ACTION_SERVER_REQUEST"] == "false"
    assert environment["RPA_ACTION_ENDPOINT_URL"] == "http://127.0.0.1:5155/webhook"
    assert environment["OPENBLAS_NUM_THREADS"] == "1"


def test_browser_origins_are_exact_and_include_the_servers_own_page(tmp_path: Path) -> None:
    served = config(tmp_path)
    served.cors = "https://intranet.example.org"
    assert served.origins() == [
        "https://intranet.example.org",
        "http://localhost:5105",
        "http://127.0.0.1:5105",
    ]
    assert served.environment()["RPA_CORS_ORIGINS"].split() == served.origins()
    for bad in ("https://*.example.org", "*", "https://intranet.example.org/chat", "intranet"):
        served.cors = bad
        with pytest.raises(ConfigurationError, match="exact origin"):
            served.mode()


def test_rasa_binds_to_the_loopback_unless_the_deployment_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RPA_BIND", raising=False)
    assert config(tmp_path).bind == "127.0.0.1"
    monkeypatch.setenv("RPA_BIND", "0.0.0.0")
    behind_proxy = config(tmp_path)
    assert behind_proxy.bind == "0.0.0.0"
    assert behind_proxy.rasa_url == "http://127.0.0.1:5105"
    assert behind_proxy.actions_url == "http://127.0.0.1:5155"


def test_the_mode_is_said_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RPA_REST_TOKEN", raising=False)
    development = describe_mode(Mode.DEVELOPMENT, config(tmp_path))
    assert development.startswith("Mode: development") and "REST is open" in development
    production = describe_mode(Mode.PRODUCTION, config(tmp_path, RPA_REST_TOKEN=TOKEN))
    assert production.startswith("Mode: production") and "Bearer $RPA_REST_TOKEN" in production


def test_a_rest_token_set_in_development_is_said_to_be_enforced(tmp_path: Path) -> None:
    """The channel enforces a token set in any mode, so `make run` with one must not say
    that REST is open (deployment review P18)."""
    said = describe_mode(Mode.DEVELOPMENT, config(tmp_path, RPA_REST_TOKEN=TOKEN))
    assert "REST is open" not in said and "Bearer $RPA_REST_TOKEN" in said
    assert "Bearer $RPA_REST_TOKEN" in deployment_check.describe({"RPA_REST_TOKEN": TOKEN})


def test_state_is_made_private(tmp_path: Path) -> None:
    state = tmp_path / "var"
    state.mkdir(mode=0o755)
    database = state / "conversations.db"
    database.write_text("")
    database.chmod(0o644)
    make_private([database, state / "knowledge.db"])
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
