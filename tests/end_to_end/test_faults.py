"""Faults (issue 14, part 3), with real processes: the action server killed in the middle of
an escalation, the supervisor bringing it back, and a restart of everything; the person is told
plainly while the assistant cannot answer, and the half-finished escalation form carries on."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.settings import PROJECT_ROOT
from bot.tooling.evaluation import ask, reply_text
from bot.tooling.processes import responds
from bot.tooling.serve import Servers
from tests.support import servers_in

pytestmark = pytest.mark.model  # every test starts servers of its own

Send = Callable[[str], list[dict[str, Any]]]
SITUATION = '/choose_situation{"escalation_situation":"care-plan-not-progressing"}'


def wait_for(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_a_killed_action_server_is_restarted_and_the_conversation_carries_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.tooling.serve")
    config = servers_in(tmp_path)
    sender = uuid.uuid4().hex

    def send(text: str) -> str:
        return reply_text(ask(config.rasa_url, text, sender=sender))

    with Servers(config, log_dir=tmp_path / "logs") as servers:
        assert "escalation route" in send("how do I escalate")
        actions = servers.children["actions"]
        assert actions.process is not None
        os.killpg(actions.process.pid, signal.SIGKILL)  # nothing supervises yet
        actions.process.wait()

        for text in (SITUATION, "she is in danger right now", "hello"):
            reply = send(text)
            assert "can't answer right now" in reply and "call 999" in reply, text

        with servers.supervising():
            wait_for(lambda: actions.restarts == 1, 10)
            wait_for(lambda: "can't answer" not in send("hello"), 60)
            # The message refused while the server was down was not half-processed:
            # the form asks for the situation again, and takes it.
            assert "tried" in send(SITUATION)
    assert "actions exited with code -9" in caplog.text
    assert "restarting in 1 s" in caplog.text
    assert "actions restarted" in caplog.text

    # Everything stops (a reboot, a deployment) and starts again on the same databases.
    restarted = servers_in(tmp_path)
    with Servers(restarted, log_dir=tmp_path / "logs"):
        route = reply_text(ask(restarted.rasa_url, "not yet", sender=sender))
    assert "your escalation route" in route, route


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def test_bot_serve_says_its_mode_and_outlives_its_action_server(tmp_path: Path) -> None:
    """`make run` runs `python -m bot serve`: it used to stop everything when a child exited."""
    config = servers_in(tmp_path)
    output: list[str] = []
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot",
            "serve",
            "--rasa-port",
            str(config.rasa_port),
            "--actions-port",
            str(config.actions_port),
            "--model",
            str(config.model),
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, **config.extra_env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert serve.stdout is not None
    reader = threading.Thread(target=lambda: output.extend(serve.stdout or []), daemon=True)
    reader.start()
    try:
        wait_for(lambda: any(line.startswith("Ready in") for line in output), 180)
        assert any(line.startswith("Mode: development") for line in output), output
        [actions] = [
            pid for pid in _children(serve.pid) if "bot.tooling.action_server" in _command_line(pid)
        ]
        os.kill(actions, signal.SIGKILL)
        wait_for(lambda: "restarted" in "".join(output), 15)
        health = f"{config.actions_url}/health"
        wait_for(lambda: responds(health), 60)
        assert serve.poll() is None
        assert reply_text(ask(config.rasa_url, "hello"))
    finally:
        serve.send_signal(signal.SIGINT)
        assert serve.wait(timeout=60) == 0
    assert not responds(f"{config.rasa_url}/") and not responds(health)
