"""Starts the action server and the Rasa server together and keeps them running, as `make run`
and the tests need.

One supervisor for both means one Ctrl-C stops both, and tests and benchmarks start the
very same processes a user does. A child that exits is started again, after a pause that
doubles from RESTART_FIRST_SECONDS to RESTART_MAX_SECONDS while it keeps failing and starts
again from the first once it has stayed up STABLE_SECONDS: a crash costs seconds, and a child
that cannot start does not spin. Meanwhile the channels tell people the assistant cannot
answer (bot/channels/turns.py), and conversations live in the SQL tracker store, so nothing is
lost by a restart.

Safe defaults for a deployment: Rasa listens on 127.0.0.1 unless RPA_BIND names the interface
a reverse proxy reaches it on, the action server only ever on 127.0.0.1 and only for requests
carrying RPA_ACTION_TOKEN (made up for each run when unset), the Rasa HTTP API is never
enabled, RPA_MODE=production closes the REST channel to callers without RPA_REST_TOKEN, and
everything the processes write (logs, databases, var/) is readable by this user only.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.settings import (
    DEFAULT_BIND,
    ENV_ACTION_ENDPOINT_URL,
    ENV_ACTION_TOKEN,
    ENV_BIND,
    ENV_CORS_ORIGINS,
    ENV_MODE,
    ENV_PUBLIC_URL,
    ENV_REST_TOKEN,
    ENV_TRACKER_DB,
    PROJECT_ROOT,
    ConfigurationError,
    Mode,
    action_token,
    bind_address,
    cors_origins,
    load_settings,
    public_url,
    rest_token,
    shared_secret,
    tracker_store,
)
from bot.tooling import deployment_check, processes
from bot.tooling.fingerprint import model_path
from bot.tooling.processes import PRIVATE_UMASK, READY_TIMEOUT_SECONDS, responds
from bot.web.security import literal_origins

logger = logging.getLogger(__name__)

RASA_SERVER = "bot.tooling.rasa_server"
"""`python -m rasa`, its models loaded faster: what `bot serve` starts, and the cluster's
units too (deploy/systemd/rpa-rasa@.service), so a server runs the Rasa a developer runs."""
ONE_BLAS_THREAD = {"OPENBLAS_NUM_THREADS": "1"}
"""The sentence encoder's matrices are small (a sentence by 384 or 1,536): numpy's OpenBLAS
spreading each product over every core only makes the threads wait for one another while the
other server and TensorFlow want the same two cores (one encoding: median 16 ms either way,
90th percentile 17 ms on one thread and 95 ms on two with another process busy). A deployer
may still set it."""

CREDENTIALS = PROJECT_ROOT / "credentials.yml"
TEAMS_CREDENTIALS = PROJECT_ROOT / "credentials-teams.yml"
ENV_TEAMS_APP_ID = "TEAMS_APP_ID"
RESTART_FIRST_SECONDS = 1.0
RESTART_MAX_SECONDS = 30.0
STABLE_SECONDS = 60.0
STOP_SECONDS = 20.0
"""How long a child has to stop on SIGTERM before it is killed."""
POLL_SECONDS = 0.2


def credentials_file(environ: Mapping[str, str], generated_dir: Path) -> Path:
    """credentials.yml, plus the Teams channel when the deployment configures it.

    Rasa refuses unset variables in credentials, so the Teams block is only added when
    TEAMS_APP_ID is set; both files are plain top-level mappings, so they concatenate.
    """
    if not environ.get(ENV_TEAMS_APP_ID):
        return CREDENTIALS
    if not public_url(environ):
        logger.warning(
            "%s is not set: Teams cannot open the relative links the chat gives to the "
            "handouts and the workshop page; set it to the assistant's public https address",
            ENV_PUBLIC_URL,
        )
    generated_dir.mkdir(parents=True, exist_ok=True)
    merged = generated_dir / "credentials-with-teams.yml"
    merged.write_text(
        CREDENTIALS.read_text(encoding="utf-8")
        + "\n"
        + TEAMS_CREDENTIALS.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    return merged


def _action_token() -> str:
    """The deployment's RPA_ACTION_TOKEN, else a fresh one: only our two processes know it."""
    return action_token() or secrets.token_urlsafe(32)


@dataclass
class ServerConfig:
    rasa_port: int = 5005
    actions_port: int = 5055
    tracker_db: Path = PROJECT_ROOT / "var" / "conversations.db"
    model: Path = field(default_factory=lambda: PROJECT_ROOT / model_path())
    cors: str = field(default_factory=cors_origins)
    extra_env: Mapping[str, str] = field(default_factory=dict)
    bind: str = field(default_factory=bind_address)
    """The interface Rasa listens on; the action server always listens on 127.0.0.1."""
    action_token: str = field(default_factory=_action_token, repr=False)

    @property
    def rasa_url(self) -> str:
        """Where this machine reaches Rasa: a wildcard bind is reached on the loopback."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(self.bind, self.bind)
        return f"http://{f'[{host}]' if ':' in host else host}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    def origins(self) -> list[str]:
        """The browser origins allowed to use the web chat: RPA_CORS_ORIGINS (or --cors) and
        this server's own chat page on the local machine."""
        own = [f"http://localhost:{self.rasa_port}", f"http://127.0.0.1:{self.rasa_port}"]
        return list(dict.fromkeys([*literal_origins(self.cors.split()), *own]))

    def environment(self) -> dict[str, str]:
        return {
            **ONE_BLAS_THREAD,
            **os.environ,
            ENV_ACTION_ENDPOINT_URL: f"{self.actions_url}/webhook",
            ENV_ACTION_TOKEN: self.action_token,
            ENV_CORS_ORIGINS: " ".join(self.origins()),
            **tracker_store(self.tracker_db),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            # The action server refuses compressed bodies; Rasa's default is not to send them.
            "COMPRESS_ACTION_SERVER_REQUEST": "false",
            **self.extra_env,
        }

    def mode(self) -> Mode:
        """The mode the children run in; raises ConfigurationError for an unsafe set-up."""
        environ = self.environment()
        shared_secret(environ, ENV_ACTION_TOKEN)
        rest_token(environ)
        refused = deployment_check.refusal(environ)
        if refused:
            raise ConfigurationError(refused)
        return Mode.from_environment(environ)

    def private_paths(self) -> list[Path]:
        """The SQLite databases the assistant writes, whose folder and files are made private."""
        environ = self.environment()
        paths = [Path(environ[ENV_TRACKER_DB])]
        url = make_url(load_settings(environ).database_url)
        if url.drivername.startswith("sqlite") and url.database:
            paths.append(Path(url.database))
        return paths


def make_private(paths: list[Path]) -> None:
    """Folders 0700 and files 0600, for state created before the umask was set."""
    for path in paths:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.chmod(0o700)
        if path.exists():
            path.chmod(0o600)


@dataclass
class Backoff:
    """The pause before restarting a child that exited."""

    first: float = RESTART_FIRST_SECONDS
    most: float = RESTART_MAX_SECONDS
    stable: float = STABLE_SECONDS
    _next: float = RESTART_FIRST_SECONDS

    def __post_init__(self) -> None:
        self._next = self.first

    def after_exit(self, uptime: float) -> float:
        """`first` after a run of at least `stable` seconds; otherwise the last pause doubled,
        up to `most`."""
        if uptime >= self.stable:
            self._next = self.first
        pause = self._next
        self._next = min(self._next * 2, self.most)
        return pause


@dataclass
class Child:
    """One supervised process: how to start it, and when it last started or should restart."""

    name: str
    arguments: list[str]
    backoff: Backoff = field(default_factory=Backoff)
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restart_at: float | None = None
    restarts: int = 0


class Servers:
    """The action server and Rasa as supervised child processes; a context manager for tests."""

    def __init__(self, config: ServerConfig, log_dir: Path | None = None) -> None:
        self.config = config
        self.log_dir = log_dir
        self.children: dict[str, Child] = {}
        self._lock = threading.Lock()

    @property
    def processes(self) -> list[subprocess.Popen[bytes]]:
        """The running processes, the action server first."""
        return [child.process for child in self.children.values() if child.process is not None]

    def _log(self, name: str) -> Path | None:
        if self.log_dir is None:
            return None
        self.log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        return self.log_dir / f"{name}.log"

    def _spawn(self, child: Child) -> None:
        child.process = processes.spawn(
            [sys.executable, "-m", *child.arguments],
            cwd=PROJECT_ROOT,
            environment=self.config.environment(),
            log=self._log(child.name),
        )
        child.started_at, child.restart_at = time.monotonic(), None

    def _start(self, name: str, arguments: list[str]) -> None:
        child = Child(name, arguments)
        self.children[name] = child
        self._spawn(child)

    def start_actions(self) -> None:
        self._start(
            "actions",
            [
                "bot.tooling.action_server",
                "--port",
                str(self.config.actions_port),
                "--interface",
                "127.0.0.1",
            ],
        )

    def start_rasa(self) -> None:
        if not self.config.model.exists():
            raise FileNotFoundError(f"{self.config.model}: no trained model; run `make model`")
        self._start(
            "rasa",
            [
                RASA_SERVER,
                "run",
                "--model",
                str(self.config.model),
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                str(credentials_file(self.config.environment(), PROJECT_ROOT / "var")),
                "--interface",
                self.config.bind,
                "--port",
                str(self.config.rasa_port),
                "--cors",
                *self.config.origins(),
            ],
        )

    def wait_until_ready(self, timeout: float = READY_TIMEOUT_SECONDS) -> float:
        urls = [f"{self.config.actions_url}/health", f"{self.config.rasa_url}/"]
        return processes.wait_until_ready(
            {url: partial(responds, url) for url in urls},
            lambda _waiting: self._exited(),
            timeout,
            pause=0.2,
            what="servers ",
        )

    def _exited(self) -> str | None:
        for process in self.processes:
            if process.poll() is not None:
                return f"{process.args!r} exited with {process.returncode}"
        return None

    def _check_ports_free(self) -> None:
        for port in (self.config.actions_port, self.config.rasa_port):
            if processes.port_in_use(port):
                raise RuntimeError(f"port {port} is already in use: is the assistant running?")

    def start(self) -> float:
        self.config.mode()
        make_private(self.config.private_paths())
        self._check_ports_free()
        self.start_actions()
        self.start_rasa()
        return self.wait_until_ready()

    def check_children(self, now: float) -> None:
        """Schedules a restart for each child that exited, and restarts those that are due."""
        with self._lock:
            for child in self.children.values():
                if child.process is None:
                    continue
                code = child.process.poll()
                if code is not None and child.restart_at is None:
                    uptime = now - child.started_at
                    pause = child.backoff.after_exit(uptime)
                    child.restart_at = now + pause
                    logger.error(
                        "%s exited with code %s after %.0f s; restarting in %.0f s",
                        child.name,
                        code,
                        uptime,
                        pause,
                    )
                elif child.restart_at is not None and now >= child.restart_at:
                    self._spawn(child)
                    child.restarts += 1
                    logger.warning(
                        "%s restarted (pid %d, restart %d)",
                        child.name,
                        child.process.pid,
                        child.restarts,
                    )

    def supervise(self, stop: threading.Event) -> None:
        """Keeps the children running until `stop` is set."""
        while not stop.wait(POLL_SECONDS):
            self.check_children(time.monotonic())

    @contextmanager
    def supervising(self) -> Iterator[None]:
        """Supervises in a background thread for the duration of the block (for tests)."""
        stop = threading.Event()
        thread = threading.Thread(target=self.supervise, args=(stop,), daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()

    def stop(self) -> None:
        with self._lock:
            live = {process.pid: process for process in self.processes if process.poll() is None}
            processes.stop_groups(
                list(live), signal.SIGTERM, lambda pid: live[pid].poll() is not None, STOP_SECONDS
            )
            for process in self.processes:
                process.wait()
            self.children.clear()

    def __enter__(self) -> Servers:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _stop_on_signals() -> None:
    """Ctrl-C, a service manager's SIGTERM and a closed terminal's SIGHUP all stop the servers
    cleanly: they run in their own sessions, so nothing else would stop them (a background
    shell may have started us with SIGINT ignored, so it is set explicitly)."""

    def interrupt(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, interrupt)


def describe_mode(mode: Mode, config: ServerConfig) -> str:
    where = f"{config.bind}:{config.rasa_port}"
    rest = deployment_check.rest_door(config.environment())
    if mode is Mode.PRODUCTION:
        return (
            f"Mode: production ({ENV_MODE}). Rasa listens on {where} ({ENV_BIND}); the web chat "
            f"and Teams are the public doors; {rest}; the Rasa HTTP API is off."
        )
    return (
        f"Mode: development ({ENV_MODE} unset or 'development'). Rasa listens on {where} "
        f"({ENV_BIND}); {rest}; the Rasa HTTP API is off. "
        f"Set {ENV_MODE}=production and {ENV_REST_TOKEN} for a deployment."
    )


def _configure_logging() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s supervisor %(levelname)s %(message)s"
    )


def run_foreground(config: ServerConfig) -> int:
    os.umask(PRIVATE_UMASK)
    _configure_logging()
    _stop_on_signals()
    try:
        mode = config.mode()
    except ConfigurationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(describe_mode(mode, config), flush=True)
    servers = Servers(config)
    local = config.rasa_url.replace("127.0.0.1", "localhost")
    try:
        seconds = servers.start()
        print(
            f"\nReady in {seconds:.1f}s.\n"
            f"  Chat in your browser: {local}/chat/\n"
            f"  Handouts to print: {local}/handouts/\n"
            f"  REST channel: POST {local}/webhooks/rest/webhook"
            '  with JSON {"sender": "me", "message": "hello"}\n'
            "  Terminal chat: make shell\n"
            "A server that exits is restarted. Press Ctrl-C to stop.",
            flush=True,
        )
        servers.supervise(threading.Event())
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        servers.stop()


def run_shell(config: ServerConfig) -> int:
    """Chat in the terminal through the REST channel, so the shell has the same limits and
    safeguards as every other door. A developer's tool: its servers run in development mode
    on 127.0.0.1 whatever the deployment settings say."""
    from rasa.core.channels.console import record_messages

    os.umask(PRIVATE_UMASK)
    _stop_on_signals()
    config.bind = DEFAULT_BIND
    config.extra_env = {**config.extra_env, ENV_MODE: Mode.DEVELOPMENT.value}
    servers = Servers(config)
    try:
        servers.start()
        asyncio.run(
            record_messages(
                sender_id=uuid.uuid4().hex, server_url=config.rasa_url, use_response_stream=False
            )
        )
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        servers.stop()
