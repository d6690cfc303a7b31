"""An Ubuntu 22.04 LTS (jammy) server for tests/deploy/test_install_under_systemd.py: a root
built with debootstrap from Ubuntu's archive, with deploy/README step 1's packages and step
2's virtual environment made by jammy's own python3.10, then booted with
`systemd-nspawn --boot` on a network of its own.

Building it downloads about 1 GB and takes 10 minutes or more, so it is kept, in two layers
named by a fingerprint of what goes into each: the packages (`jammy-base-*`: the suite, the
mirror, step 1's package list) and the virtual environment (`jammy-venv-*`: the base, the
requirements and the Makefile's install recipe). A run whose inputs are unchanged reuses them;
a change rebuilds only the layer it touches, and older layers are removed. Each boot writes
to an overlay of its own in a scratch folder, never to the kept root. The folder is
var/nspawn/, or $RPA_DEPLOY_TEST_CACHE (CI keeps it outside its fresh clone, .ci/run).

What the test harness does instead of the README: `git clone` (step 1) is a copy of this
checkout's files (the working tree under test), and the model is copied in by its
fingerprint (models/) instead of trained inside (6 minutes on two cores): step 2's `make
model` then finds it up to date and only links it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

MIRROR = "http://archive.ubuntu.com/ubuntu"
SUITE = "jammy"
KEYRING_DEB = f"{MIRROR}/pool/main/u/ubuntu-keyring/ubuntu-keyring_2021.03.26_all.deb"
KEYRING_DEB_SHA256 = "0d0e7ed6b112f5d03eabf3c7eb01ebdacf9c57714b279e90495cfc58c8c4520f"
"""jammy's ubuntu-keyring package (Debian 12 has none): pinned, so a changed download is
refused. It holds the "Ubuntu Archive Automatic Signing Key (2018)",
F6ECB3762474EDA9D21B7022871920D1991BC93C, which signs jammy's Release files."""
SOURCES = "".join(
    f"deb {MIRROR} {suite} main universe\n"
    for suite in (SUITE, f"{SUITE}-updates", f"{SUITE}-security")
)
"""As a stock Ubuntu server has them (Redis is in universe), with the security updates."""
BOOTSTRAP = (
    "--variant=minbase",
    "--components=main,universe",
    "--include=systemd,systemd-sysv,dbus",
)
CHECK_TOOLS = ("curl", "socat", "procps")
"""What the test's checks use (not part of the install)."""
HOST_CA_BUNDLE = Path(
    os.environ.get("PIP_CERT")
    or os.environ.get("SSL_CERT_FILE")
    or "/etc/ssl/certs/ca-certificates.crt"
)
STAMP = ".venv/.installed-requirements"
"""The Makefile's mark that the virtual environment holds requirements.txt."""

NSPAWN = ["systemd-nspawn", "--quiet", "--register=no", "--keep-unit", "--timezone=off"]
"""Not registered with systemd-machined (none runs here), in this command's own unit."""
BOOT = [*NSPAWN, "--private-network"]
"""A booted root gets a network of its own: its 80, 443 and 5432 are not this machine's."""


def cache_dir() -> Path:
    return Path(os.environ.get("RPA_DEPLOY_TEST_CACHE") or PROJECT_ROOT / "var" / "nspawn")


def readme_packages() -> list[str]:
    """deploy/README step 1's `apt-get install -y ...` line: the server gets exactly those."""
    readme = (PROJECT_ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^\s*apt-get install -y (.+)$", readme, re.MULTILINE)
    assert found, "deploy/README.md step 1 has no `apt-get install -y` line"
    return found.group(1).split()


def fingerprint(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def install_recipe() -> str:
    """The Makefile's lines that make the virtual environment (pip, the encoder package, the
    Python it is made with): a change there rebuilds it, a change elsewhere does not."""
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    return "\n".join(
        line for line in makefile.splitlines() if re.search(r"pip|ENCODER|find-python|venv", line)
    )


def require_tools() -> None:
    for program in ("debootstrap", "systemd-nspawn", "dpkg-deb", "curl"):
        if shutil.which(program) is None:
            pytest.fail(f"{program} is missing: run `make deploy-test-deps`")


def keyring() -> Path:
    """Ubuntu's archive keyring, from the pinned ubuntu-keyring package."""
    target = cache_dir() / "ubuntu-archive-keyring.gpg"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        deb = Path(scratch) / "ubuntu-keyring.deb"
        subprocess.run(
            ["curl", "-fsS", "--retry", "3", "-o", str(deb), KEYRING_DEB], check=True, timeout=300
        )
        got = hashlib.sha256(deb.read_bytes()).hexdigest()
        assert got == KEYRING_DEB_SHA256, f"{KEYRING_DEB}: sha256 {got}, expected the pinned one"
        subprocess.run(["dpkg-deb", "-x", str(deb), f"{scratch}/x"], check=True)
        shutil.copy(f"{scratch}/x/usr/share/keyrings/ubuntu-archive-keyring.gpg", target)
    return target


def in_root(root: Path, script: str, *options: str, timeout: float = 3600) -> None:
    """A shell script in the root, not booted, on this machine's network (to download)."""
    finished = subprocess.run(
        [
            *NSPAWN,
            "--resolv-conf=replace-host",  # jammy's own points at systemd-resolved, not running
            "--directory",
            str(root),
            *options,
            "--pipe",
            "/bin/sh",
            "-ec",
            script,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert finished.returncode == 0, f"in {root}: {script}\n{finished.stdout}\n{finished.stderr}"


def checkout_files() -> list[str]:
    """The working tree under test: tracked files and new ones git does not ignore."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    )
    return [name for name in listed.stdout.decode().split("\0") if name]


def copy_checkout(app: Path) -> None:
    """What `git clone` would give `rpa` in /srv/rpa/app, without the .venv already there."""
    for entry in app.iterdir() if app.exists() else ():
        if entry.name != ".venv":
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    app.mkdir(parents=True, exist_ok=True)
    for name in checkout_files():
        source = PROJECT_ROOT / name
        if source.is_file():
            (app / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, app / name)


def owner(root: Path, user: str) -> tuple[int, int]:
    for line in (root / "etc/passwd").read_text(encoding="utf-8").splitlines():
        fields = line.split(":")
        if fields[0] == user:
            return int(fields[2]), int(fields[3])
    raise AssertionError(f"no user {user} in {root}")


def give_checkout(app: Path, ids: tuple[int, int]) -> None:
    """The checkout to `rpa`, as its `git clone` would be; the .venv (made as `rpa`) is left
    alone, so an overlay does not copy it up."""
    entries = [str(entry) for entry in app.iterdir() if entry.name != ".venv"]
    os.chown(app, *ids)
    subprocess.run(["chown", "-R", f"{ids[0]}:{ids[1]}", *entries], check=True)


def build(final: Path, make: Callable[[Path], None]) -> Path:
    """`make(partial)` fills a folder that becomes `final` only once complete; older layers of
    the same kind are removed."""
    if (final / ".complete").exists():
        return final
    kind = final.name.rsplit("-", 1)[0]
    for old in final.parent.glob(f"{kind}-*"):
        if old != final:
            shutil.rmtree(old, ignore_errors=True)
    partial = final.with_name(final.name + ".partial")
    make(partial)
    (partial / ".complete").touch()
    partial.rename(final)
    return final


def base_root() -> Path:
    """debootstrap's jammy with step 1's packages (and the checks' tools)."""
    packages = readme_packages()
    name = fingerprint(MIRROR, SUITE, *BOOTSTRAP, SOURCES, *packages, *CHECK_TOOLS)

    def make(root: Path) -> None:
        if not (root / ".bootstrapped").exists():  # else kept from an interrupted build
            shutil.rmtree(root, ignore_errors=True)
            subprocess.run(
                ["debootstrap", *BOOTSTRAP, f"--keyring={keyring()}", SUITE, str(root), MIRROR],
                check=True,
                capture_output=True,
                timeout=3600,
            )
            (root / ".bootstrapped").touch()
        (root / "etc/apt/sources.list").write_text(SOURCES, encoding="utf-8")
        in_root(
            root,
            "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
            f"{' '.join(packages + list(CHECK_TOOLS))} >/dev/null && apt-get clean",
        )

    return build(cache_dir() / f"jammy-base-{name}", make)


def server_root() -> Path:
    """The base with the service user (step 1) and the virtual environment step 2 makes:
    jammy's python3.10, requirements.txt only, installed from PyPI as rpa."""
    base = base_root()
    requirements = [
        (PROJECT_ROOT / name).read_bytes()
        for name in ("requirements.txt", "requirements.lock", ".ci/find-python")
    ]
    name = fingerprint(base.name, *requirements, install_recipe())
    pip_cache = cache_dir() / "pip"

    def make(root: Path) -> None:
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run(["cp", "-a", "--reflink=auto", str(base), str(root)], check=True)
        (root / ".complete").unlink()
        in_root(root, "adduser --system --group --home /srv/rpa --shell /usr/sbin/nologin rpa")
        app = root / "srv/rpa/app"
        copy_checkout(app)
        give_checkout(app, owner(root, "rpa"))
        pip_cache.mkdir(parents=True, exist_ok=True)
        pip_cache.chmod(0o777)
        in_root(
            root,
            "runuser -u rpa -- env PIP_CACHE_DIR=/var/cache/pip PIP_CERT=/var/cache/host-ca.crt "
            "make -C /srv/rpa/app setup REQUIREMENTS=requirements.txt PYTHON=/usr/bin/python3.10",
            f"--bind={pip_cache}:/var/cache/pip",
            # PyPI is reached as this machine reaches it (a proxy's CA may be in its trust)
            f"--bind-ro={HOST_CA_BUNDLE}:/var/cache/host-ca.crt",
            "--chdir=/srv/rpa/app",
        )

    return build(cache_dir() / f"jammy-venv-{name}", make)


@contextmanager
def overlay(lower: Path) -> Iterator[Path]:
    """A root that reads `lower` and writes to a scratch folder, removed afterwards."""
    scratch = Path(tempfile.mkdtemp(prefix="rpa-jammy-"))
    merged, upper, work = scratch / "root", scratch / "upper", scratch / "work"
    for folder in (merged, upper, work):
        folder.mkdir()
    subprocess.run(
        [
            "mount",
            "-t",
            "overlay",
            "overlay",
            "-o",
            f"lowerdir={lower},upperdir={upper},workdir={work}",
            str(merged),
        ],
        check=True,
    )
    try:
        yield merged
    finally:
        subprocess.run(["umount", "--lazy", str(merged)], check=False)
        shutil.rmtree(scratch, ignore_errors=True)


def current_model() -> Path:
    """The trained model of this checkout's data (`make model` names it by fingerprint)."""
    finished = subprocess.run(
        [str(PROJECT_ROOT / ".venv/bin/python"), "-m", "bot", "model", "path"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    model = Path(finished.stdout.strip())
    if not model.is_file():
        pytest.fail(f"{model} is not trained: run `make model` first")
    return model
