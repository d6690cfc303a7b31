"""The Debian programs the cluster runs (PostgreSQL, Redis, HAProxy, openssl): where they are,
which are missing, and running a set-up step with them."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

from bot.tooling.cluster.config import POSTGRES_OS_USER
from bot.tooling.processes import as_user


def _find_postgres_tool(name: str) -> str | None:
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    return str(versions[-1]) if versions else shutil.which(name)


def postgres_tool(name: str) -> str:
    """A PostgreSQL program: Debian keeps the server's in /usr/lib/postgresql/<version>/bin,
    off PATH, so the newest version there first, then PATH."""
    found = _find_postgres_tool(name)
    if found is None:
        raise FileNotFoundError(f"{name}: PostgreSQL is not installed; run `make cluster-deps`")
    return found


def _find_program(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")


def program(name: str) -> str:
    found = _find_program(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed; run `make cluster-deps`")
    return found


def missing_packages() -> list[str]:
    """The Debian packages the cluster needs and this machine lacks (`make cluster-deps`)."""
    postgres = ("initdb", "postgres", "pg_isready", "psql", "pg_dump", "pg_restore")
    missing = [] if all(_find_postgres_tool(name) for name in postgres) else ["postgresql"]
    programs = ("redis-server", "haproxy", "openssl")
    return missing + [name for name in programs if _find_program(name) is None]


def postgres_os_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(POSTGRES_OS_USER)
    except KeyError as missing:
        raise RuntimeError(
            f"running as root, PostgreSQL needs the '{POSTGRES_OS_USER}' user: "
            "run `make cluster-deps` (Debian's postgresql package creates it)"
        ) from missing
    return POSTGRES_OS_USER


def run(
    command: list[str], stdin: str | None = None, user: str | None = None, hint: str = ""
) -> None:
    """Runs a set-up program; if it fails, says what it printed and what may be wrong."""
    finished = subprocess.run(
        command, input=stdin, text=True, capture_output=True, check=False, **as_user(user)
    )
    if finished.returncode != 0:
        output = (finished.stderr or finished.stdout).strip()
        because = f" ({hint})" if hint else ""
        raise RuntimeError(f"{Path(command[0]).name} failed: {output}{because}")
