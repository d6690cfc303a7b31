"""deploy/ as a server gets it (`python -m bot cluster config --root DIR`): units systemd
accepts, an HAProxy configuration HAProxy accepts, the deployer's files never rewritten, a
production start refused without its settings (deployment review P2, P4, P5, P12, P17)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from bot.tooling import deployment_check
from bot.tooling.cluster import LOCAL, Cluster, ClusterConfig, self_signed_certificate
from bot.tooling.serve import RASA_SERVER
from tests.support import run_bot

SERVER_UNITS = (
    "rpa-rasa@.service",
    "rpa-actions@.service",
    "rpa-backup.service",
    "rpa-backup.timer",
)


def configure(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_bot("cluster", "config", "--root", str(root), *extra)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """/etc/rpa as step 3 of deploy/README writes it, in a scratch folder."""
    root = tmp_path_factory.mktemp("etc-rpa")
    certificate = root / "rpa.pem"
    self_signed_certificate(certificate)
    finished = configure(root, "--certificate", str(certificate))
    assert finished.returncode == 0, finished.stderr
    return root / "conf"


def test_systemd_accepts_every_unit(server: Path, tmp_path: Path) -> None:
    """`systemd-analyze verify` prints nothing for a unit it accepts, and a warning for each
    line it would ignore (its exit status stays 0 for those, so the output is what counts)."""
    verify = shutil.which("systemd-analyze")
    if verify is None:
        pytest.fail("systemd-analyze is missing: `apt-get install systemd`")
    names = []
    for unit in SERVER_UNITS:
        name = unit.replace("@.", "@5011.")  # an instance of a template, as systemctl starts it
        shutil.copy(server / "systemd" / unit, tmp_path / name)
        names.append(str(tmp_path / name))
    finished = subprocess.run(
        [verify, "verify", "--man=no", *names], capture_output=True, text=True, check=False
    )
    assert finished.returncode == 0 and finished.stderr.strip() == "", finished.stderr


def test_the_rasa_unit_waits_for_what_it_uses_and_checks_the_mode(server: Path) -> None:
    unit = (server / "systemd/rpa-rasa@.service").read_text(encoding="utf-8")
    for needed in ("redis-server@rpa.service", "postgresql.service", "haproxy.service"):
        assert any(
            line.startswith(("After=", "Wants=")) and needed in line for line in unit.splitlines()
        ), needed
    assert any(
        line.startswith("ExecStartPre=")
        and line.endswith(" -m bot.tooling.service bot deployment check")
        for line in unit.splitlines()
    )
    assert f"--model {PROJECT_ROOT / 'models' / 'current.tar.gz'}" in unit
    # the Rasa `bot serve` starts (make run, tests, bench), its models loaded the faster way
    assert any(
        line.startswith("ExecStart=") and f" -m bot.tooling.service {RASA_SERVER} run " in line
        for line in unit.splitlines()
    )
    for file in ("rpa.env", LOCAL, "secrets.env"):
        assert f"EnvironmentFile={server}/{file}" in unit


def test_haproxy_accepts_the_server_configuration(server: Path) -> None:
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    config = server / "haproxy.cfg"
    finished = subprocess.run(
        [haproxy, "-c", "-f", str(config)], capture_output=True, text=True, check=False
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    text = config.read_text(encoding="utf-8")
    for line in (
        "user haproxy",
        "chroot /var/lib/haproxy",
        "stats socket /run/rpa-haproxy/admin.sock",
        "bind :443 ssl crt",
        "bind :80",
        "X-Forwarded-Proto https",
        "Strict-Transport-Security",
    ):
        assert line in text, line
    assert "/etc/" not in text.split("stats socket")[1].splitlines()[0]
    drop_in = (server / "systemd/haproxy.service.d/rpa.conf").read_text(encoding="utf-8")
    assert "RuntimeDirectory=rpa-haproxy" in drop_in


def test_rendering_again_keeps_the_deployers_files(tmp_path: Path) -> None:
    """local.env and secrets.env are the deployer's: a later `cluster config` (a new release)
    leaves every byte of them, and adds only a generated secret that is missing."""
    certificate = tmp_path / "rpa.pem"
    certificate.write_text("not read by config\n", encoding="utf-8")
    assert configure(tmp_path, "--certificate", str(certificate)).returncode == 0
    conf = tmp_path / "conf"
    local, secrets = conf / LOCAL, conf / "secrets.env"
    with local.open("a", encoding="utf-8") as file:
        file.write("RPA_DATABASE_URL=postgresql://rpa@127.0.0.1:5432/rpa_knowledge\n")
        file.write("RPA_CORS_ORIGINS=https://a.example https://intranet.example.org\n")
    text = secrets.read_text(encoding="utf-8").replace("RPA_SESSION_SECRET", "# RPA_SESSION_X")
    secrets.write_text(text + "RPA_TRAINER_PASSWORD_HASH='scrypt$1$2'", encoding="utf-8")
    before_local = local.read_bytes()
    before_secrets = secrets.read_bytes()
    again = configure(tmp_path, "--certificate", str(certificate))
    assert again.returncode == 0
    assert "kept as they were: local.env, secrets.env" in again.stdout
    assert local.read_bytes() == before_local
    after = secrets.read_bytes()
    assert after.startswith(before_secrets + b"\n") and after.count(b"RPA_SESSION_SECRET=") == 1
    assert oct(secrets.stat().st_mode & 0o777) == "0o600"


@pytest.mark.model  # Cluster.start looks for the model before it checks the settings
def test_a_production_start_without_its_settings_is_refused_before_anything_starts(
    tmp_path: Path,
) -> None:
    cluster = Cluster(ClusterConfig.on_free_ports(tmp_path, 1, 1))
    cluster.prepare()
    with (cluster.config.conf_dir / LOCAL).open("a", encoding="utf-8") as file:
        file.write("RPA_MODE=production\nRPA_PUBLIC_URL=\n")
    with pytest.raises(RuntimeError, match="production start refused") as refused:
        cluster.start()
    for missing in ("RPA_REST_TOKEN", "RPA_TRAINER_PASSWORD_HASH", "RPA_PUBLIC_URL"):
        assert missing in str(refused.value)
    assert cluster.running() == {}


@pytest.mark.parametrize(
    ("settings", "missing"),
    [
        (
            {},
            ["RPA_REST_TOKEN", "RPA_TRAINER_PASSWORD_HASH", "RPA_SESSION_SECRET", "RPA_PUBLIC_URL"],
        ),
        ({"RPA_TRAINER_PASSWORD_HASH": "'scrypt$quoted'"}, ["not a valid hash"]),
        ({"RPA_SESSION_SECRET": "short"}, ["RPA_SESSION_SECRET"]),
        ({"RPA_PUBLIC_URL": "assistant.example.org"}, ["RPA_PUBLIC_URL"]),
    ],
)
def test_the_check_names_what_production_lacks(
    settings: dict[str, str], missing: list[str]
) -> None:
    problems = "\n".join(
        deployment_check.production_problems({"RPA_MODE": "production", **settings})
    )
    for name in missing:
        assert name in problems
    assert deployment_check.production_problems({"RPA_MODE": "development"}) == []


def test_a_complete_production_environment_passes() -> None:
    from bot.web.trainer import hash_password

    environ = {
        "RPA_MODE": "production",
        "RPA_REST_TOKEN": "r" * 40,
        "RPA_TRAINER_PASSWORD_HASH": hash_password("a trainer password"),
        "RPA_SESSION_SECRET": "s" * 48,
        "RPA_PUBLIC_URL": "https://assistant.example.org",
    }
    assert deployment_check.production_problems(environ) == []
    assert deployment_check.describe(environ).startswith("Mode: production")


def test_the_runtime_requirements_hold_no_development_tool() -> None:
    runtime = (PROJECT_ROOT / "requirements.txt").read_text(encoding="utf-8").lower()
    development = (PROJECT_ROOT / "requirements-dev.txt").read_text(encoding="utf-8").lower()
    for tool in ("pytest", "playwright", "ruff", "mypy", "types-"):
        assert tool not in runtime, tool
        assert tool in development, tool
    assert "-r requirements.txt" in development


def test_no_documented_step_or_make_target_sources_an_env_file() -> None:
    """A shell reads `$` and spaces in these files differently from systemd (P3, P6)."""
    for path in (
        PROJECT_ROOT / "Makefile",
        PROJECT_ROOT / "deploy/README.md",
        PROJECT_ROOT / "README.md",
    ):
        text = path.read_text(encoding="utf-8")
        for pattern in ("set -a", ". /etc/rpa", ". $(CLUSTER_CONF)", "source /etc", "source var"):
            assert pattern not in text, f"{path.name}: {pattern}"


def test_make_clean_never_deletes_the_backups(tmp_path: Path) -> None:
    (tmp_path / "var/backups").mkdir(parents=True)
    (tmp_path / "var/backups/knowledge-1.dump").write_text("kept", encoding="utf-8")
    (tmp_path / "var/knowledge.db").write_text("removed", encoding="utf-8")
    (tmp_path / "results").mkdir()
    finished = subprocess.run(
        ["make", "-f", str(PROJECT_ROOT / "Makefile"), "clean", "VENV=venv-that-is-not-there"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    assert (tmp_path / "var/backups/knowledge-1.dump").read_text(encoding="utf-8") == "kept"
    assert not (tmp_path / "var/knowledge.db").exists() and not (tmp_path / "results").exists()


def test_find_python_names_a_supported_runtime_when_none_is_found(tmp_path: Path) -> None:
    finished = subprocess.run(
        ["bash", str(PROJECT_ROOT / ".ci/find-python")],
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 1
    assert "Ubuntu 22.04" in finished.stderr and "python3.10-venv" in finished.stderr
    assert "deploy/README.md" in finished.stderr


def test_db_create_makes_every_table_before_any_server(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "RPA_DATABASE_URL": f"sqlite:///{tmp_path}/knowledge.db",
        "RPA_TRACKER_URL": f"sqlite:///{tmp_path}/conversations.db",
    }
    finished = run_bot("db", "create", env=environment)
    assert finished.returncode == 0, finished.stderr
    for table in (
        "events",
        "usage_events",
        "feedback",
        "workshop_sessions",
        "trainer_sessions",
        "trainer_actions",
        "oidc_signed_in",
    ):
        assert f": {table}\n" in finished.stdout + "\n", table
