"""The workshop database fixtures, shared with tests/workshop."""

from tests.workshop.conftest import clock, started, store, workshops

__all__ = ["clock", "started", "store", "workshops"]
