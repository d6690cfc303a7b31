"""A server's heap after start-up: loading the model leaves about 600,000 Python objects in the
Rasa process, building the ranker, terms and case lines about 500,000 in the action server's,
that live as long as the process. Until the garbage collector has seen them all once, its first
full collections each walk all of them, holding every request of the server meanwhile: on this
2-core machine 0.5-1.4 s each (3 s and more under load), in the first minutes of a fresh server,
which is when the first workshop's votes came late to the chart. Collected once and then frozen
(moved out of the collector's generations) once the server is up, they are never walked again."""

from __future__ import annotations

import gc
import logging
import time

logger = logging.getLogger(__name__)
_settled = False


def settle_heap() -> float:
    """Collects what start-up left behind and freezes the rest; once per process (later calls
    do nothing). Returns the seconds it took."""
    global _settled
    if _settled:
        return 0.0
    _settled = True
    started = time.perf_counter()
    gc.collect()
    gc.freeze()
    took = time.perf_counter() - started
    logger.info("heap settled in %.2f s: %d objects frozen", took, gc.get_freeze_count())
    return took
