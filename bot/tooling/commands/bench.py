"""`python -m bot bench` (`make bench`): latency, start-up, training time and memory, written
to a JSON file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.tooling import bench


def run(args: argparse.Namespace) -> int:
    machine = bench.machine_load()
    warning = bench.busy_warning(machine)
    if warning:
        print(warning, file=sys.stderr)
    if args.workshop_only:
        results = bench.run_workshop_benchmarks()
    elif args.loads:
        results = bench.run_load_benchmarks(
            Path(args.questions), args.loads, args.rasa_port, args.actions_port
        )
    else:
        results = bench.run_benchmarks(
            Path(args.questions), include_training=not args.skip_training
        )
    results["machine_at_start"] = machine
    bench.write(results, Path(args.out))
    print(json.dumps(results, indent=2))
    if warning:  # again below the figures, where it is read
        print(warning, file=sys.stderr)
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `bench` command's options, for bot/tooling/cli.py."""
    parser.add_argument(
        "--questions", required=True, help="question file the simulated practitioners ask"
    )
    parser.add_argument("--out", default="results/bench.json")
    parser.add_argument("--skip-training", action="store_true")
    parser.add_argument(
        "--workshop-only",
        action="store_true",
        help="only the live workshop's measures, on a fresh server (votes to the chart, phones)",
    )
    parser.add_argument(
        "--loads",
        nargs="+",
        choices=list(bench.LOADS),
        help="only these simulated loads (e.g. latency_with_think_time: 10 people reading and "
        "typing), on fresh servers, with their peak memory",
    )
    parser.add_argument("--rasa-port", type=int, default=bench.BENCH_RASA_PORT)
    parser.add_argument("--actions-port", type=int, default=bench.BENCH_ACTIONS_PORT)
