"""The bench says when the machine was busy: figures measured beside other work are not
comparable with a quiet run (round 27's after-run read a p95 four times the real one)."""

from __future__ import annotations

import pytest

from bot.tooling.bench import busy_warning, machine_load


@pytest.mark.parametrize(
    ("load", "cpus", "busy"), [(0.3, 2, False), (1.0, 2, False), (1.4, 2, True), (3.9, 4, True)]
)
def test_a_load_above_half_a_core_each_is_reported_as_busy(
    load: float, cpus: int, busy: bool
) -> None:
    warning = busy_warning({"cpus": float(cpus), "load_1min": load})
    assert (warning is not None) is busy
    if warning:
        assert str(load) in warning and "not comparable" in warning


def test_the_machine_is_described_by_its_cores_and_load() -> None:
    machine = machine_load()
    assert machine["cpus"] >= 1 and machine["load_1min"] >= 0
