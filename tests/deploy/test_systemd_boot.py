"""deploy/'s HAProxy configuration and its drop-in under real systemd: a Debian 12 root built
with debootstrap from Debian's archive, booted with `systemd-nspawn --boot` on its own
network, Debian's haproxy.service started by systemd as on a server (deployment review P5).

What it shows: the runtime folder for the admin socket is made by the unit (and removed when
it stops), HAProxy starts as root and works as `haproxy` in its chroot, 443 answers TLS, 80
redirects, the REST channel is refused from outside, a restart works. The Rasa units need
Python 3.10, which Debian 12 does not have (deploy/README "The runtime"): they are checked
with `systemd-analyze verify` and run by tests/cluster/, not booted here.

The root is built once (about 4 minutes, 350 MB) into var/nspawn-debian12/ and reused.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from bot.tooling.cluster import self_signed_certificate
from tests.support import run_bot

HERE = Path(__file__).parent / "boot"
ROOT = PROJECT_ROOT / "var" / "nspawn-debian12"
NSPAWN = ["systemd-nspawn", "--quiet", "--register=no", "--keep-unit"]
"""Not registered with systemd-machined (none runs here), in this command's own unit."""
BOOT = [*NSPAWN, "--private-network"]
"""A booted root gets a network of its own: its 80 and 443 are not this machine's."""


def debian_root() -> Path:
    for program in ("debootstrap", "systemd-nspawn"):
        if shutil.which(program) is None:
            pytest.fail(f"{program} is missing: `apt-get install debootstrap systemd-container`")
    if not (ROOT / "usr/sbin/haproxy").exists():
        shutil.rmtree(ROOT, ignore_errors=True)
        ROOT.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "debootstrap",
                "--variant=minbase",
                "--include=systemd,systemd-sysv,dbus,haproxy,openssl,curl,procps",
                "bookworm",
                str(ROOT),
                "http://deb.debian.org/debian",
            ],
            check=True,
            capture_output=True,
            timeout=1800,
        )
    return ROOT


def test_haproxy_runs_the_shipped_configuration_under_systemd(tmp_path: Path) -> None:
    root = debian_root()
    certificate = tmp_path / "rpa.pem"
    self_signed_certificate(certificate)
    assert run_bot("cluster", "config", "--root", str(tmp_path)).returncode == 0
    conf = tmp_path / "conf"
    shutil.copy(conf / "haproxy.cfg", root / "etc/haproxy/haproxy.cfg")
    shutil.copy(certificate, root / "etc/haproxy/rpa.pem")
    (root / "etc/systemd/system/haproxy.service.d").mkdir(parents=True, exist_ok=True)
    shutil.copy(
        conf / "systemd/haproxy.service.d/rpa.conf",
        root / "etc/systemd/system/haproxy.service.d/rpa.conf",
    )
    shutil.copy(HERE / "rpa-check.sh", root / "root/rpa-check.sh")
    (root / "root/rpa-check.sh").chmod(0o755)
    shutil.copy(HERE / "rpa-check.service", root / "etc/systemd/system/rpa-check.service")
    wanted = root / "etc/systemd/system/multi-user.target.wants/rpa-check.service"
    wanted.unlink(missing_ok=True)
    wanted.symlink_to("/etc/systemd/system/rpa-check.service")
    output = root / "root/rpa-check.out"
    output.unlink(missing_ok=True)
    subprocess.run(
        [*BOOT, "--directory", str(root), "--boot"], capture_output=True, timeout=300, check=False
    )
    report = output.read_text(encoding="utf-8")
    assert "is-active: active" in report, report
    assert "runtime dir: root 700 /run/rpa-haproxy" in report
    assert "socket: root 600 socket /run/rpa-haproxy/admin.sock" in report
    assert "user haproxy root /var/lib/haproxy" in report
    assert "http /chat/: 301 https://127.0.0.1/chat/" in report
    assert "https /chat/: 503 hsts=max-age=31536000" in report  # no Rasa in the root
    assert "https REST: 404" in report
    assert "after restart: active /run/rpa-haproxy/admin.sock" in report
    assert "after stop, runtime dir: ls: cannot access" in report
