"""Starting, watching and stopping the assistant's server processes, for `make run`
(bot/tooling/serve.py) and `make cluster` (bot/tooling/cluster/), written once.

Every process runs in its own session, so a signal to its group reaches everything it started
and a Ctrl-C in the caller's terminal reaches none of it; its output is appended to a log and
everything it writes is for this user only (logs and databases may hold minimised
conversations).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

PRIVATE_UMASK = 0o077
"""Files the assistant writes are for its own user only: logs and databases hold (minimised)
conversations."""
READY_TIMEOUT_SECONDS = 180.0
"""How long `make run` and the cluster wait for a server to answer after its start."""
STOP_POLL_SECONDS = 0.2


def responds(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def free_ports(count: int) -> list[int]:
    """Ports nothing listens on now, on the loopback interface, all different: each stays
    bound until all are found."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def as_user(user: str | None) -> dict[str, Any]:
    """subprocess's arguments that run a program as `user` (None: as ourselves)."""
    return {} if user is None else {"user": user, "group": user, "extra_groups": []}


def open_log(path: Path) -> int:
    """A log to append to, readable by this user only."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)


def spawn(
    command: Sequence[str],
    *,
    cwd: Path,
    environment: Mapping[str, str],
    log: Path | None,
    stdin: int | None = None,
    user: str | None = None,
) -> subprocess.Popen[bytes]:
    """Starts a process in its own session with the private umask, its output (and errors)
    appended to `log`, or left on ours when `log` is None."""
    output = None if log is None else open_log(log)
    try:
        return subprocess.Popen(
            list(command),
            cwd=cwd,
            env=dict(environment),
            stdin=stdin,
            stdout=output,
            stderr=subprocess.STDOUT if output is not None else None,
            start_new_session=True,
            umask=PRIVATE_UMASK,
            **as_user(user),
        )
    finally:
        if output is not None:
            os.close(output)  # the child has its own copy


def stop_groups(
    pids: Sequence[int], stop_signal: int, stopped: Callable[[int], bool], seconds: float
) -> None:
    """Sends `stop_signal` to each process's group, and SIGKILL to those that have not
    `stopped` after `seconds`."""
    for pid in pids:
        os.killpg(pid, stop_signal)
    deadline = time.monotonic() + seconds
    while not all(stopped(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(STOP_POLL_SECONDS)
    for pid in pids:
        if not stopped(pid):
            os.killpg(pid, signal.SIGKILL)


def wait_until_ready(
    checks: Mapping[str, Callable[[], bool]],
    exited: Callable[[Sequence[str]], str | None],
    timeout: float,
    pause: float,
    what: str = "",
) -> float:
    """Polls every check until all pass; returns the seconds it took. `exited` says why a
    process that is still waited for has gone (RuntimeError), or None; TimeoutError after
    `timeout` names the checks that never passed."""
    started = time.monotonic()
    waiting = list(checks)
    while waiting:
        gone = exited(waiting)
        if gone is not None:
            raise RuntimeError(gone)
        waiting = [name for name in waiting if not checks[name]()]
        if waiting and time.monotonic() - started > timeout:
            raise TimeoutError(f"{what}not ready after {timeout:.0f}s: {', '.join(waiting)}")
        time.sleep(pause)
    return time.monotonic() - started


class PidFiles:
    """The processes started by an earlier command, found again through their pid files: each
    holds the pid and the program that was started."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.pid"

    def write(self, name: str, process: subprocess.Popen[bytes], program: str) -> None:
        self.path(name).write_text(f"{process.pid}\n{program}\n", encoding="utf-8")

    def remove(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def running(self, children: Mapping[str, subprocess.Popen[bytes]]) -> dict[str, int]:
        """The live processes by name. Our own `children` are asked directly; another command's
        pid is only trusted while its process still runs the program that was started, so a
        stale file never points at someone else's process."""
        alive = {}
        for pid_file in sorted(self.folder.glob("*.pid")):
            pid_text, _, program = pid_file.read_text(encoding="utf-8").partition("\n")
            pid = int(pid_text)
            child = children.get(pid_file.stem)
            if child is not None:
                if child.poll() is None:
                    alive[pid_file.stem] = pid
                continue
            try:
                argv0 = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].split()
            except OSError:
                continue
            # Redis rewrites its argv[0] into a title ("/usr/bin/redis-server 127.0.0.1:6380").
            if argv0 and argv0[0].decode(errors="replace") == program.strip():
                alive[pid_file.stem] = pid
        return alive
