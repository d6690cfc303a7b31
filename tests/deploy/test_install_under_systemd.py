"""deploy/README.md's installation followed under real systemd, then the assistant checked
through it (issue 26 part 6): a Debian 12 root (tests/deploy/test_systemd_boot.py builds it,
from Debian's archive) with PostgreSQL, Redis and HAProxy from Debian, booted with
`systemd-nspawn --boot` on its own network; tests/deploy/install/rpa-install.sh runs the
README's steps 1 and 3-10 as root at boot (the units as `rpa`, their EnvironmentFile=, the
ExecStartPre check, Restart=, the drop-in's RuntimeDirectory=, redis-server@rpa, the backup
service and timer), then checks the chat through HAProxy, REST refused without the token,
the trainer's sign-in on both instances, failover, backup and restore.

One stand-in: Debian 12 has no Python 3.10 (deploy/README "The runtime"), so step 2 (`make
model` with Ubuntu 22.04's python3.10) is not run; this checkout, its .venv, the models and
the Python 3.10 the .venv was made from are mounted read-only where the steps expect them.
Takes 5 to 10 minutes (two Rasa instances start inside).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bot.settings import PROJECT_ROOT
from tests.deploy.test_systemd_boot import BOOT, NSPAWN, debian_root

HERE = Path(__file__).parent / "install"
SERVER_PACKAGES = ("postgresql", "redis-server", "socat", "adduser")
STAND_IN_LIBRARIES = (
    "libsqlite3-0",
    "libffi8",
    "libssl3",
    "zlib1g",
    "libbz2-1.0",
    "liblzma5",
    "libreadline8",
    "libncursesw6",
    "libgdbm6",
    "libuuid1",
    "libexpat1",
)
"""What the stand-in Python 3.10 (built with pyenv on Debian 12) links to."""


def server_root(scratch: Path) -> Path:
    """A copy of the Debian root with the server's packages, made for this run (the steps
    change it: a user, /etc/rpa, the databases)."""
    base = debian_root()
    if not (base / "usr/bin/socat").exists() or not list(base.glob("usr/lib/*/libsqlite3.so.0")):
        subprocess.run(
            [
                *NSPAWN,
                "--directory",
                str(base),
                "--pipe",
                "/bin/sh",
                "-c",
                f"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
                f"{' '.join(SERVER_PACKAGES + STAND_IN_LIBRARIES)}",
            ],
            check=True,
            capture_output=True,
            timeout=1200,
        )
    root = scratch / "root"
    subprocess.run(["cp", "-a", str(base), str(root)], check=True)
    return root


def mounts() -> list[str]:
    """The checkout at /srv/rpa/app, and what its .venv and models links point at."""
    venv = (PROJECT_ROOT / ".venv").resolve()
    base_python = Path(sys.base_prefix).resolve()
    binds = [f"--bind-ro={PROJECT_ROOT}:/srv/rpa/app"]
    for path in {venv, (PROJECT_ROOT / "models").resolve(), base_python}:
        if PROJECT_ROOT not in path.parents and path != PROJECT_ROOT:
            binds.append(f"--bind-ro={path}")
    return binds


def test_the_documented_install_runs_under_systemd(tmp_path: Path) -> None:
    root = server_root(tmp_path)
    try:
        (root / "root").chmod(0o711)  # the stand-in Python lives under /root (pyenv)
        for path in ((PROJECT_ROOT / ".venv").resolve(), Path(sys.base_prefix).resolve()):
            (root / str(path).lstrip("/")).mkdir(parents=True, exist_ok=True)
        (root / str((PROJECT_ROOT / "models").resolve()).lstrip("/")).mkdir(
            parents=True, exist_ok=True
        )
        (root / "srv/rpa/app").mkdir(parents=True, exist_ok=True)
        wants = root / "etc/systemd/system/multi-user.target.wants"
        (wants / "rpa-check.service").unlink(missing_ok=True)
        shutil.copy(HERE / "rpa-install.service", root / "etc/systemd/system/")
        (wants / "rpa-install.service").symlink_to("/etc/systemd/system/rpa-install.service")
        subprocess.run(
            [*BOOT, "--directory", str(root), "--boot", *mounts()],
            capture_output=True,
            timeout=1800,
            check=False,
        )
        report = (root / "root/rpa-install.out").read_text(encoding="utf-8")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    results = [line for line in report.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert results and not [line for line in results if line.startswith("FAIL")], report
    assert len(results) >= 16, results
    assert "turns answered with rpa-rasa@5011 killed: 8 of 8" in report
    assert "== done" in report
