"""The process supervision `make run` and `make cluster` share (bot/tooling/processes.py), on
real processes: private logs, a stop that ends in SIGKILL, pid files that never point at a
stranger, and readiness that reports a process that died."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.tooling.processes import PidFiles, spawn, stop_groups, wait_until_ready

IGNORES_SIGTERM = [
    sys.executable,
    "-c",
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('up', flush=True);"
    " time.sleep(60)",
]


def test_a_child_that_ignores_its_stop_signal_is_killed_and_its_log_is_private(
    tmp_path: Path,
) -> None:
    log = tmp_path / "child.log"
    child = spawn(IGNORES_SIGTERM, cwd=tmp_path, environment=os.environ, log=log)
    try:
        wait_until_ready(
            {"child": lambda: "up" in log.read_text(encoding="utf-8")},
            lambda _waiting: None,
            timeout=30,
            pause=0.1,
        )
        assert os.getpgid(child.pid) == child.pid  # its own session and process group
        stop_groups([child.pid], signal.SIGTERM, lambda _pid: child.poll() is not None, 0.5)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_a_pid_file_is_only_trusted_while_its_program_runs(tmp_path: Path) -> None:
    pid_files = PidFiles(tmp_path)
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; print('up', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE,
    )
    try:
        # Until the child has exec'd, /proc shows the forked test runner's command line.
        assert child.stdout is not None and child.stdout.readline() == b"up\n"
        pid_files.write("ours", child, sys.executable)
        pid_files.write("reused", child, "/usr/bin/some-other-program")
        assert pid_files.running({}) == {"ours": child.pid}
        assert pid_files.running({"ours": child}) == {"ours": child.pid}
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    assert pid_files.running({"ours": child}) == {}
    pid_files.remove("ours")
    assert not pid_files.path("ours").exists()


def test_waiting_stops_at_a_process_that_exited_or_names_what_never_got_ready() -> None:
    with pytest.raises(RuntimeError, match="rasa exited"):
        wait_until_ready({"rasa": lambda: False}, lambda waiting: f"{waiting[0]} exited", 5, 0.01)
    with pytest.raises(TimeoutError, match="not ready after 0s: slow"):
        wait_until_ready({"fast": lambda: True, "slow": lambda: False}, lambda _w: None, 0, 0.01)
