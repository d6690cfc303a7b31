"""Helpers shared by the tests that start real servers."""
from __future__ import annotations

import socket


def free_port() -> int:
    """A port nothing listens on now, on the loopback interface only."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
