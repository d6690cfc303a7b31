"""Benchmarks against real servers: latency under concurrency, start-up, training, memory.

Numbers, not pass/fail: they go to results/bench.json and into the issue notes. Timed
assertions would make the test suite flaky on a shared 2-core machine.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bot.insights.events import EventKind, UsageEvent, stored_text
from bot.insights.page import render_page
from bot.insights.report import compute
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.names import ESCALATION_SITUATION_SLOT, ESCALATION_TRIED_SLOT, FEEDBACK_REASONS
from bot.settings import ENV_TRAINER_PASSWORD_HASH, PROJECT_ROOT, Settings
from bot.tooling.cluster import Cluster, ClusterConfig, scratch_root
from bot.tooling.evaluation import ask, load_questions
from bot.tooling.load import LoadRun, answered_failure, ratio, run_load
from bot.tooling.processes import responds
from bot.tooling.serve import ServerConfig, Servers
from bot.tooling.workshop_bench import (
    PHONES,
    VOTE_LOAD,
    measure_phones_follow,
    measure_vote_to_chart,
)
from bot.web.limits import MAX_MESSAGE_CHARS
from bot.web.trainer import hash_password

BENCH_RASA_PORT = 5105
BENCH_ACTIONS_PORT = 5155


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


def _cpu_seconds(pid: int) -> float:
    """CPU time (user and system) a process and its live descendants have used so far."""
    ticks, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
        pending += [int(child) for child in children]
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Load:
    """Simulated practitioners over REST, action server and tracker store included: each
    reads the answer and types the next question (`think_seconds`, as people do), or fires
    back-to-back (None), which measures the servers saturated and gives the throughput."""

    people: int
    turns: int | None
    """Questions each asks; None: until `seconds` have passed."""
    think_seconds: tuple[float, float] | None
    seconds: float | None = None


LOADS = {
    "latency_with_think_time": Load(10, 15, (1.0, 3.0)),
    "latency_saturated": Load(10, 15, None),
    # issue 14: a workshop of 30 asking every 5-15 s for two minutes, and a burst
    "workshop_30_people_2_min": Load(30, None, (5.0, 15.0), 120.0),
    "burst_50_conversations_x6": Load(50, 6, None),
}


def measure_load(rasa_url: str, texts: list[str], load: Load) -> dict[str, float]:
    deadline = time.monotonic() + load.seconds if load.seconds else None
    run = LoadRun()

    def person(index: int) -> None:
        pause = random.Random(index)
        sender = f"bench-{uuid.uuid4().hex}"
        if load.think_seconds:  # people do not all press Enter in the same millisecond
            time.sleep(pause.uniform(0, load.think_seconds[1]))
        turn = 0
        while (load.turns is None or turn < load.turns) and (
            deadline is None or time.monotonic() < deadline
        ):
            text = texts[(index * 97 + turn) % len(texts)]
            started = time.perf_counter()
            try:
                failure = answered_failure(ask(rasa_url, text, sender=sender))
            except OSError as error:  # HTTP errors and timeouts alike
                failure = type(error).__name__
            if failure:
                run.errors.append(f"{sender} turn {turn + 1}: {failure}")
            else:
                run.latencies_ms.append((time.perf_counter() - started) * 1000)
            turn += 1
            if load.think_seconds:
                time.sleep(pause.uniform(*load.think_seconds))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=load.people) as pool:
        list(pool.map(person, range(load.people)))
    run.seconds = time.perf_counter() - started
    return run.summary()


def measure_scale_out(
    texts: list[str], conversations: int = 50, turns: int = 6, rasa_instances: int = 2
) -> dict[str, Any]:
    """Throughput and p95 latency of one Rasa instance and of the cluster, in the same run on
    the same engines: `conversations` x `turns` questions with no pause, first straight to one
    instance, then through the balancer to all of them; then 10 people reading and typing, the
    same two ways. The action servers and databases are the cluster's in both, so the ratios
    are what more Rasa instances buy on this machine: one instance answers one message at a
    time (its NLU holds the event loop), so people who ask at the same moment wait for one
    another there, and the p95 is that wait."""
    scripts = [
        [texts[(index * turns + turn) % len(texts)] for turn in range(turns)]
        for index in range(conversations)
    ]
    root = scratch_root("rpa-bench-cluster-")
    try:
        with Cluster(ClusterConfig.on_free_ports(root, rasa_instances)) as cluster:
            for url in cluster.config.rasa_urls:  # the first answers of an instance are slow
                run_load(url, [texts[:3]] * 4, prefix="warm-up")
            single = run_load(cluster.config.rasa_urls[0], scripts, prefix="bench-single")
            clustered = run_load(cluster.config.balancer_url, scripts, prefix="bench-cluster")
            reading = LOADS["latency_with_think_time"]
            reading_single = measure_load(cluster.config.rasa_urls[0], texts, reading)
            reading_cluster = measure_load(cluster.config.balancer_url, texts, reading)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    one, many = single.summary(), clustered.summary()
    return {
        "conversations": conversations,
        "turns": turns,
        "rasa_instances": rasa_instances,
        "single": one,
        "cluster": many,
        "first_errors": (single.errors + clustered.errors)[:3],
        "throughput_ratio": ratio(many["requests_per_s"], one["requests_per_s"]),
        "p95_ratio": ratio(many["p95_ms"], one["p95_ms"]),
        "latency_with_think_time": {"single": reading_single, "cluster": reading_cluster},
    }


def measure_largest_message(rasa_url: str) -> dict[str, float]:
    """The worst single request the size limit allows (the longest message, of made-up
    lower-case words, the slowest shape measured), and what a "hello" sent meanwhile from
    another conversation waits: one event loop serves both."""
    words = random.Random(14)
    letters = "abcdefghijklmnopqrstuvwxyz"
    text = ""
    while len(text) < MAX_MESSAGE_CHARS - 12:
        text += "".join(words.choice(letters) for _ in range(words.randint(3, 9))) + " "
    text = text[:MAX_MESSAGE_CHARS]

    def timed(message: str, delay: float) -> float:
        time.sleep(delay)
        started = time.perf_counter()
        ask(rasa_url, message, sender=f"bench-{uuid.uuid4().hex}")
        return round((time.perf_counter() - started) * 1000, 1)

    alone = timed("hello", 0)
    with ThreadPoolExecutor(max_workers=2) as pool:
        largest = pool.submit(timed, text, 0)
        hello = pool.submit(timed, "hello", 0.05)
        return {
            "chars": len(text),
            "largest_message_ms": largest.result(),
            "concurrent_hello_ms": hello.result(),
            "hello_alone_ms": alone,
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


INSIGHTS_EVENTS = 100_000
INSIGHTS_YEAR = 2025
EVENT_MIX = {
    EventKind.ANSWERED: 50,
    EventKind.UNANSWERED: 12,
    EventKind.FEEDBACK: 10,
    EventKind.ESCALATION_STARTED: 5,
    EventKind.ESCALATION_SITUATION: 4,
    EventKind.CASE_DESCRIBED: 4,
    EventKind.ESCALATION_COMPLETED: 3,
    EventKind.GOOD_PRACTICE: 3,
    EventKind.FEEDBACK_REASON: 3,
    EventKind.AUDIT_DESCRIBED: 2,
    EventKind.ESCALATION_STOPPED: 2,
    EventKind.WORKSHOP_USED: 2,
    EventKind.CONVERSATION_TURN: 6,
    EventKind.DECLINED: 3,
}
"""How often each kind of event comes, out of 100: answers most, then what is not understood."""
CHANNEL_MIX = {"webchat": 60, "teams": 30, "rest": 8, None: 2}
UNANSWERED_TOPICS = (
    "FGM",
    "county lines",
    "private fostering",
    "a prevent referral",
    "radicalisation",
    "criminal exploitation",
    "forced marriage",
    "self harm",
    "an eating disorder",
    "online safety",
    "a young carer",
    "a missing child",
    "elective home education",
    "modern slavery",
    "bruising in a baby",
    "the LADO",
    "a strategy meeting",
    "the threshold document",
    "an early help assessment",
    "supervision",
)
UNANSWERED_FRAMES = (
    "what are the signs of {}",
    "who do I call about {}",
    "how do I make a referral for {}",
    "is there a policy on {}",
    "worried about {} what do I do",
    "any training on {}",
    "what does the partnership say about {}",
    "Jayden's mum asked me about {}",
    "{} at a home visit",
    "{} in a primary school",
)
UNANSWERED_CONTEXTS = ("", " for a 15 year old", " out of hours", " as a health visitor", " today")
OPTIONAL_COLUMNS = (
    "key_message_id",
    "theme_id",
    "route_id",
    "step",
    "helpful",
    "reason",
    "topic",
    "confidence",
    "text",
)
"""Every row names them all: one INSERT statement is then executed for all the rows."""
TYPED_REASONS = ("it was too long", "wanted a phone number", "not about my question", "=1+1")
DECLINED_TOPICS = ("fgm", "radicalisation", "lone-working", "criminal-exploitation")
STORED_TURNS = ("ok", "ok thanks", "im fine", "no I meant the other one", "answer: call", "b")
"""Turns older versions stored as unanswered questions: one unanswered text in ten."""
TURN_REASONS = ("acknowledgement", "correction", "workshop_answer", "quiz_letter")


def synthetic_events(
    count: int, key_messages: list[tuple[str, str]], routes: list[str]
) -> list[dict[str, Any]]:
    """A year of events as practitioners would make them: weekdays and office hours mostly,
    a few key messages asked far more than the rest, unanswered questions stored minimised
    (each phrasing minimised once), the same random sequence every time."""
    rng = random.Random(INSIGHTS_YEAR)
    first_day = date(INSIGHTS_YEAR, 1, 1)
    days = [first_day + timedelta(days=offset) for offset in range(365)]
    day_weights = [5 if day.weekday() < 5 else 1 for day in days]
    texts = [
        stored_text(frame.format(topic) + context)
        for topic in UNANSWERED_TOPICS
        for frame in UNANSWERED_FRAMES
        for context in UNANSWERED_CONTEXTS
    ]
    popularity = [1 / rank for rank in range(1, len(key_messages) + 1)]  # Zipf's law
    kinds = rng.choices(list(EVENT_MIX), weights=list(EVENT_MIX.values()), k=count)
    rows = []
    for kind, day in zip(kinds, rng.choices(days, weights=day_weights, k=count), strict=True):
        hour = rng.choice(range(8, 19)) if rng.random() < 0.9 else rng.randrange(24)
        key_message_id, theme_id = rng.choices(key_messages, weights=popularity)[0]
        row: dict[str, Any] = dict.fromkeys(OPTIONAL_COLUMNS) | {
            "hour": datetime.combine(day, datetime.min.time()) + timedelta(hours=hour),
            "kind": kind.value,
            "channel": rng.choices(list(CHANNEL_MIX), weights=list(CHANNEL_MIX.values()))[0],
        }
        if kind is EventKind.ANSWERED:
            row |= {"key_message_id": key_message_id, "theme_id": theme_id}
            row["confidence"] = round(rng.uniform(0.2, 1.0), 3)
        elif kind is EventKind.UNANSWERED:
            row["text"] = rng.choice(STORED_TURNS if rng.random() < 0.1 else texts)
        elif kind is EventKind.DECLINED:
            row |= {"topic": rng.choice(DECLINED_TOPICS), "text": rng.choice(texts)}
        elif kind is EventKind.CONVERSATION_TURN:
            row["reason"] = rng.choice(TURN_REASONS)
        elif kind is EventKind.FEEDBACK:
            row |= {"key_message_id": key_message_id, "helpful": rng.random() < 0.7}
        elif kind is EventKind.FEEDBACK_REASON:
            row["key_message_id"] = key_message_id
            if rng.random() < 0.6:
                row["reason"] = rng.choice(list(FEEDBACK_REASONS))
            else:
                row["text"] = rng.choice(TYPED_REASONS)
        elif kind in (EventKind.ESCALATION_SITUATION, EventKind.ESCALATION_COMPLETED):
            row["route_id"] = rng.choice(routes)
        elif kind is EventKind.ESCALATION_STOPPED:
            row["step"] = rng.choice((ESCALATION_SITUATION_SLOT, ESCALATION_TRIED_SLOT, None))
        rows.append(row)
    return rows


def measure_insights_page(count: int = INSIGHTS_EVENTS) -> dict[str, float]:
    """Seconds to compute a whole year's insights over `count` events, and to render the
    page from the database (what a trainer waits for), medians of 3, on SQLite with the real
    knowledge loaded."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite:///{Path(folder) / 'insights.db'}",
            knowledge_dir=PROJECT_ROOT / "knowledge",
            links_file=None,
        )
        load_knowledge(settings, environ={})
        store = KnowledgeStore.from_settings(settings)
        try:
            with store.session() as session:
                key_messages = [(m.id, m.theme_id) for m in store.key_messages(session)]
                routes = [route.id for route in store.escalation_routes(session)]
            with store.session() as session, session.begin():
                session.execute(insert(UsageEvent), synthetic_events(count, key_messages, routes))
            computing, rendering = [], []
            for _ in range(3):
                started = time.perf_counter()
                insights = compute(store, date(INSIGHTS_YEAR, 1, 1), date(INSIGHTS_YEAR, 12, 31))
                computed = time.perf_counter()
                render_page(insights)
                computing.append(computed - started)
                rendering.append(time.perf_counter() - started)
        finally:
            store.engine.dispose()
    return {
        "compute_s": round(statistics.median(computing), 3),
        "page_s": round(statistics.median(rendering), 3),
    }


VOTE_TO_CHART = f"workshop_vote_to_chart_{VOTE_LOAD.participants}_in_{VOTE_LOAD.seconds:g}s"
FRESH = "_fresh_server"
"""The same measure as the first thing a newly started server does (a trainer's first
workshop after a restart), before anything has warmed it."""


def _trainer_servers(
    rasa_port: int = BENCH_RASA_PORT, actions_port: int = BENCH_ACTIONS_PORT
) -> tuple[ServerConfig, str]:
    """The bench's servers, with a trainer password of this run."""
    trainer_password = secrets.token_urlsafe(16)
    config = ServerConfig(
        rasa_port=rasa_port,
        actions_port=actions_port,
        extra_env={ENV_TRAINER_PASSWORD_HASH: hash_password(trainer_password)},
    )
    return config, trainer_password


def run_workshop_benchmarks() -> dict[str, Any]:
    """Only the workshop's measures (`python -m bot bench --workshop-only`): votes to the
    chart on a fresh server, then again, then phones following the trainer."""
    config, trainer_password = _trainer_servers()
    with Servers(config):
        return {
            VOTE_TO_CHART + FRESH: measure_vote_to_chart(config.rasa_url, trainer_password),
            VOTE_TO_CHART: measure_vote_to_chart(config.rasa_url, trainer_password),
            f"workshop_phones_follow_trainer_{PHONES}": measure_phones_follow(
                config.rasa_url, trainer_password
            ),
        }


def run_load_benchmarks(
    questions: Path, names: list[str], rasa_port: int, actions_port: int
) -> dict[str, Any]:
    """Only the named loads (`python -m bot bench --loads latency_with_think_time`), on fresh
    servers on the given ports, and the servers' peak memory: one step of a speed-up measured
    in a minute, beside other people's servers."""
    texts = [question.text for question in load_questions(questions)]
    config, _password = _trainer_servers(rasa_port, actions_port)
    results: dict[str, Any] = {}
    with Servers(config) as servers:
        ask(config.rasa_url, "hello", sender=f"bench-{uuid.uuid4().hex}")
        for name in names:
            before = [_cpu_seconds(process.pid) for process in servers.processes]
            measured: dict[str, Any] = measure_load(config.rasa_url, texts, LOADS[name])
            used = [
                _cpu_seconds(process.pid) - cpu
                for process, cpu in zip(servers.processes, before, strict=True)
            ]
            # CPU per request: what a turn costs, however busy the rest of the machine is
            measured["cpu_ms_per_request"] = {
                server: round(seconds * 1000 / max(measured["requests"], 1), 1)
                for server, seconds in zip(("actions", "rasa"), used, strict=False)
            }
            results[name] = measured
        results["peak_memory_mb"] = {
            name: round(_peak_rss_mb(process.pid), 1)
            for name, process in zip(("actions", "rasa"), servers.processes, strict=False)
        }
    return results


def run_benchmarks(questions: Path, include_training: bool = True) -> dict[str, Any]:
    texts = [question.text for question in load_questions(questions)]
    results: dict[str, Any] = {"start_to_first_answer_s": measure_start_to_first_answer()}
    config, trainer_password = _trainer_servers()
    with Servers(config) as servers:
        results[VOTE_TO_CHART + FRESH] = measure_vote_to_chart(config.rasa_url, trainer_password)
        for name, load in LOADS.items():
            results[name] = measure_load(config.rasa_url, texts, load)
        results[VOTE_TO_CHART] = measure_vote_to_chart(config.rasa_url, trainer_password)
        results[f"workshop_phones_follow_trainer_{PHONES}"] = measure_phones_follow(
            config.rasa_url, trainer_password
        )
        results["largest_message"] = measure_largest_message(config.rasa_url)
        results["peak_memory_mb"] = {
            name: round(_peak_rss_mb(process.pid), 1)
            for name, process in zip(("actions", "rasa"), servers.processes, strict=False)
        }
    results["scale_out"] = measure_scale_out(texts)
    if include_training:
        results["training_s"] = measure_training()
    results["insights_100k_events"] = measure_insights_page()
    return results


# A load average above this, per core, means something else shares the CPUs: round 27's after-run
# measured a p95 four times the real one that way, and the figure was nearly believed.
BUSY_LOAD_PER_CPU = 0.5


def machine_load() -> dict[str, float]:
    """The cores and the 1-minute load average before the bench starts its own servers, kept
    beside the figures they explain."""
    return {"cpus": float(os.cpu_count() or 1), "load_1min": round(os.getloadavg()[0], 2)}


def busy_warning(machine: dict[str, float]) -> str | None:
    """A warning when the machine was busy: figures measured then are not comparable."""
    if machine["load_1min"] <= BUSY_LOAD_PER_CPU * machine["cpus"]:
        return None
    return (
        f"warning: the load average was {machine['load_1min']} on {machine['cpus']:.0f} cores; "
        "something else is running, so these figures are not comparable with a quiet run"
    )


def write(results: dict[str, Any], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
