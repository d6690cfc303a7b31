"""How many presenter event streams this process keeps open: each polls the database every
POLL_SECONDS on the thread pool that handouts and answers also use, so a signed-in browser
(or a script with a trainer's cookie) opening hundreds would starve them. A presenter needs
one or two (the projector and a laptop)."""

from __future__ import annotations

from collections import Counter

MAX_STREAMS_PER_CLIENT = 4
MAX_STREAMS = 32


class StreamSlots:
    def __init__(self, per_client: int = MAX_STREAMS_PER_CLIENT, total: int = MAX_STREAMS) -> None:
        self.per_client = per_client
        self.total = total
        self._open: Counter[str] = Counter()

    def take(self, client: str) -> bool:
        """A slot for one more stream from `client`, or False when it or the process is full."""
        if self._open[client] >= self.per_client or sum(self._open.values()) >= self.total:
            return False
        self._open[client] += 1
        return True

    def give_back(self, client: str) -> None:
        self._open[client] -= 1
        if self._open[client] <= 0:
            del self._open[client]
