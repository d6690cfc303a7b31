"""The environment the cluster's units run with: systemd's base, then the environment files
rpa.env, local.env and secrets.env, whose secrets are generated once and kept."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from bot.settings import (
    ENV_ACTION_TOKEN,
    ENV_REDIS_PASSWORD,
    ENV_REST_TOKEN,
    ENV_SESSION_SECRET,
    ENV_TRAINER_PASSWORD_HASH,
)
from bot.tooling import envfile
from bot.tooling.cluster.config import LOCAL

SECRETS = ("PGPASSWORD", ENV_REDIS_PASSWORD, ENV_ACTION_TOKEN, ENV_SESSION_SECRET)
"""The role's password (libpq reads PGPASSWORD), Redis's, the token Rasa sends the action
servers (bot/tooling/action_server.py) and the trainer sessions' secret, one for every
instance: 48 hex characters each. The deployer adds RPA_REST_TOKEN and
RPA_TRAINER_PASSWORD_HASH; a line is only ever added, never rewritten."""
SECRETS_HEADER = (
    "# Secrets of this deployment (mode 600). bot/tooling/cluster/ adds a generated secret\n"
    f"# when it is missing and never rewrites a line; add {ENV_REST_TOKEN} and\n"
    f"# {ENV_TRAINER_PASSWORD_HASH} (quoted or not: systemd and --env-file read it alike)."
)
ENV_FILES = ("rpa.env", LOCAL, "secrets.env")
"""The units' EnvironmentFile= lines, in order: later files win."""
SERVICE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
"""The PATH systemd gives a service."""


def service_environment() -> dict[str, str]:
    """What systemd starts a service with before its EnvironmentFile= lines: nothing of the
    caller's (a setting only in the shell that ran `make cluster` would be lost on a server)."""
    kept = {name: os.environ[name] for name in ("HOME", "LANG") if name in os.environ}
    return {"PATH": SERVICE_PATH, **kept}


def cluster_secrets(conf_dir: Path) -> dict[str, str]:
    """secrets.env: the database and Redis passwords and the action servers' token, each
    made the first time it is missing and kept (the database's role has the password)."""
    path = conf_dir / "secrets.env"
    kept = envfile.read(path) if path.exists() else {}
    made = {name: secrets.token_hex(24) for name in SECRETS if name not in kept}
    if made:
        path.parent.mkdir(parents=True, exist_ok=True)
        new = not path.exists()
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if new or os.fstat(descriptor).st_mode & 0o037:  # at most the group may read
            os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as file:
            ends_open = not new and not path.read_bytes().endswith(b"\n")
            lines = [SECRETS_HEADER] if new else [""] if ends_open else []
            file.write("\n".join(lines + [f"{k}={v}" for k, v in made.items()]) + "\n")
    return {**kept, **made}


def units_environment(conf_dir: Path) -> dict[str, str]:
    """What the units' processes get: systemd's base, then rpa.env, local.env and
    secrets.env, read as systemd reads them."""
    environment = service_environment()
    envfile.load((conf_dir / name for name in ENV_FILES if (conf_dir / name).exists()), environment)
    return environment
