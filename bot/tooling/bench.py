"""Benchmarks against real servers: latency under concurrency, start-up, training, memory.

Numbers, not pass/fail: they go to results/bench.json and into the issue notes. Timed
assertions would make the test suite flaky on a shared 2-core machine.
"""

from __future__ import annotations

import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bot.settings import PROJECT_ROOT
from bot.tooling.evaluation import ask, load_questions
from bot.tooling.serve import ServerConfig, Servers, responds

CONVERSATIONS = 10
TURNS_PER_CONVERSATION = 15
THINK_SECONDS = (1.0, 3.0)
BENCH_RASA_PORT = 5105
BENCH_ACTIONS_PORT = 5155


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and all its descendants."""
    total_kb = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                total_kb += int(line.split()[1])
        pending += [int(child) for child in children]
    return total_kb / 1024


def measure_latency(
    rasa_url: str, texts: list[str], think_seconds: tuple[float, float] | None
) -> dict[str, float]:
    """Ten conversations at once over REST, action server and tracker store included.

    With think time each simulated practitioner reads the answer and types the next question
    (seconds, as people do); without it every client fires back-to-back, which measures the
    servers saturated and gives the throughput.
    """

    def conversation(index: int) -> list[float]:
        pause = random.Random(index)
        sender = f"bench-{uuid.uuid4().hex}"
        timings = []
        if think_seconds:  # people do not all press Enter in the same millisecond
            time.sleep(pause.uniform(0, think_seconds[1]))
        for turn in range(TURNS_PER_CONVERSATION):
            text = texts[(index * TURNS_PER_CONVERSATION + turn) % len(texts)]
            started = time.perf_counter()
            ask(rasa_url, text, sender=sender)
            timings.append((time.perf_counter() - started) * 1000)
            if think_seconds:
                time.sleep(pause.uniform(*think_seconds))
        return timings

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CONVERSATIONS) as pool:
        latencies = [
            ms for timings in pool.map(conversation, range(CONVERSATIONS)) for ms in timings
        ]
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(_percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
        "requests_per_s": round(len(latencies) / elapsed, 1),
    }


def measure_start_to_first_answer() -> float:
    """Seconds from `make run` to the first answer, with the model already trained."""
    started = time.monotonic()
    process = subprocess.Popen(
        [
            "make",
            "--no-print-directory",
            "run",
            f"RASA_PORT={BENCH_RASA_PORT}",
            f"ACTIONS_PORT={BENCH_ACTIONS_PORT}",
        ],
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{BENCH_RASA_PORT}"
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError("make run exited before answering")
            if responds(f"{url}/") and ask(url, "hello"):
                return round(time.monotonic() - started, 1)
            time.sleep(0.2)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=60)


def measure_training() -> float:
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        subprocess.run(
            ["rasa", "train", "--force", "--out", out],
            cwd=PROJECT_ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"},
        )
        return round(time.monotonic() - started, 1)


def run_benchmarks(questions: Path, include_training: bool = True) -> dict[str, Any]:
    texts = [question.text for question in load_questions(questions)]
    results: dict[str, Any] = {"start_to_first_answer_s": measure_start_to_first_answer()}
    config = ServerConfig(rasa_port=BENCH_RASA_PORT, actions_port=BENCH_ACTIONS_PORT)
    with Servers(config) as servers:
        results["latency_with_think_time"] = measure_latency(config.rasa_url, texts, THINK_SECONDS)
        results["latency_saturated"] = measure_latency(config.rasa_url, texts, None)
        results["peak_memory_mb"] = {
            name: round(_peak_rss_mb(process.pid), 1)
            for name, process in zip(("actions", "rasa"), servers.processes, strict=False)
        }
    if include_training:
        results["training_s"] = measure_training()
    results["machine"] = {"cpus": os.cpu_count()}
    return results


def write(results: dict[str, Any], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
