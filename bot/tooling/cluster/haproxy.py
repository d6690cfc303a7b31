"""The balancer's admin socket: its view of every server, and waiting until all are in service."""

from __future__ import annotations

import csv
import io
import socket
import time

from bot.tooling.cluster.config import ClusterConfig


def haproxy_command(config: ClusterConfig, command: str) -> str:
    """A command on HAProxy's admin socket (`show stat`, `disable server rasa/...`)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as admin:
        admin.settimeout(5)
        admin.connect(str(config.haproxy_run_dir / "admin.sock"))
        admin.sendall(command.encode() + b"\n")
        chunks = []
        while chunk := admin.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode()


def server_stats(config: ClusterConfig) -> dict[str, dict[str, str]]:
    """The balancer's statistics of every server, by "backend/server" ("rasa/rasa_5011"):
    its `status` ("UP", "DOWN", ...), `stot` (requests sent to it so far), ..."""
    rows = csv.DictReader(io.StringIO(haproxy_command(config, "show stat").lstrip("# ")))
    return {
        f"{row['pxname']}/{row['svname']}": row
        for row in rows
        if row["svname"] not in ("FRONTEND", "BACKEND")
    }


def server_states(config: ClusterConfig) -> dict[str, str]:
    return {name: stats["status"] for name, stats in server_stats(config).items()}


def wait_until_balanced(config: ClusterConfig, timeout: float = 30.0) -> None:
    """Until the balancer's health checks put every server in service."""
    deadline = time.monotonic() + timeout
    while True:
        states = server_states(config)
        if all(state == "UP" for state in states.values()):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"balancer servers not all up: {states}")
        time.sleep(0.3)
