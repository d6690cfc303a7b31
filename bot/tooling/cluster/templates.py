"""deploy/'s files filled in for one cluster (@NAME@ placeholders: ports and paths only), and
what a systemd unit among them runs."""

from __future__ import annotations

import hashlib
import os
import pwd
import re
import shlex
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.settings import ENV_REDIS_PASSWORD, PROJECT_ROOT
from bot.tooling import envfile
from bot.tooling.cluster.config import DEPLOY, LOCAL, ClusterConfig
from bot.tooling.cluster.environment import cluster_secrets, units_environment
from bot.tooling.cluster.programs import program, run
from bot.tooling.serve import credentials_file

RENDERED = (
    "haproxy.cfg",
    "systemd/haproxy.service.d/rpa.conf",
    "systemd/rpa-backup.service",
    "systemd/rpa-backup.timer",
    "redis.conf",
    "postgresql.conf",
    "rpa.env",
    "systemd/rpa-rasa@.service",
    "systemd/rpa-actions@.service",
)
"""The deploy/ files with @...@ placeholders, owned by the tools: written again by every
`cluster config` and `make cluster`. postgres-init.sql has none and is run as it is."""
PRIVATE = frozenset({"redis.conf", "secrets.env"})
"""Rendered files holding a secret or its hash: readable by their owner only."""
PLACEHOLDER = re.compile(r"@([A-Z0-9_]+)@")
REPEATED = ("RASA_PORT", "ACTIONS_PORT")
"""A template line holding one of these is written once per instance."""


def render(
    template: str, values: Mapping[str, str | None], repeated: Mapping[str, Sequence[int]]
) -> str:
    """Fills a deploy/ template: @NAME@ from `values`; a line holding a repeated name is written
    once per value; a line holding a name whose value is None is left out (HAProxy's chroot and
    user, which only root may use). A placeholder left unfilled is an error, never a broken
    file."""
    lines = []
    for line in template.splitlines():
        names = [name for name in REPEATED if f"@{name}@" in line]
        copies = (
            [line.replace(f"@{names[0]}@", str(v)) for v in repeated[names[0]]] if names else [line]
        )
        for copy in copies:
            if any(values.get(name, "") is None for name in PLACEHOLDER.findall(copy)):
                continue
            filled = PLACEHOLDER.sub(lambda m: _value_or_itself(values, m), copy)
            unfilled = PLACEHOLDER.findall(filled)
            if unfilled:
                raise KeyError(f"no value for @{unfilled[0]}@ in: {line.strip()}")
            lines.append(filled)
    return "\n".join(lines) + "\n"


def _value_or_itself(values: Mapping[str, str | None], match: re.Match[str]) -> str:
    value = values.get(match.group(1))
    return match.group(0) if value is None else value


def template_values(config: ClusterConfig, model: Path) -> dict[str, str | None]:
    redis_password = cluster_secrets(config.conf_dir)[ENV_REDIS_PASSWORD]
    root = os.geteuid() == 0
    return {
        "PROJECT_ROOT": str(PROJECT_ROOT),
        "PYTHON": sys.executable,
        "MODEL": str(model),
        "CREDENTIALS": str(credentials_file(units_environment(config.conf_dir), config.conf_dir)),
        "CONF_DIR": str(config.conf_dir),
        "RUN_DIR": str(config.run_dir),
        "HAPROXY_RUN_DIR": str(config.haproxy_run_dir),
        # HAProxy drops root for its own user in a chroot; a cluster started by another
        # user cannot (and need not: it has nothing to drop).
        "HAPROXY_USER": "haproxy" if root else None,
        "HAPROXY_CHROOT": "/var/lib/haproxy" if root else None,
        "PUBLIC_ADDRESS": config.public_address,
        "HTTPS_PORT": str(config.https_port),
        "HTTP_PORT": str(config.http_port),
        "CERTIFICATE": str(config.certificate_file),
        "PUBLIC_URL": config.public_url,
        "MODE": config.mode,
        "SERVICE_USER": pwd.getpwuid(os.geteuid()).pw_name if not root else "rpa",
        "REDIS_DIR": str(config.redis_dir or config.data_dir / "redis"),
        "BALANCER_PORT": str(config.balancer_port),
        "ACTIONS_BALANCER_PORT": str(config.actions_balancer_port),
        "POSTGRES_PORT": str(config.postgres_port),
        "REDIS_PORT": str(config.redis_port),
        "REDIS_PASSWORD_SHA256": hashlib.sha256(redis_password.encode()).hexdigest(),
    }


def write_configuration(config: ClusterConfig, model: Path) -> None:
    """deploy/'s files filled in for this cluster, in its conf/ folder; secrets.env and
    local.env only where something is missing; a TLS certificate for localhost when the
    configuration names none."""
    (config.conf_dir / "systemd").mkdir(parents=True, exist_ok=True)
    values = template_values(config, model)
    local = config.conf_dir / LOCAL
    if not local.exists():
        template = (DEPLOY / LOCAL).read_text(encoding="utf-8")
        write_file(local, render(template, values, {}))
    if config.certificate is None and not config.certificate_file.exists():
        self_signed_certificate(config.certificate_file)
    for name in RENDERED:
        target = config.conf_dir / name
        text = render(
            (DEPLOY / name).read_text(encoding="utf-8"),
            values,
            {"RASA_PORT": config.rasa_ports, "ACTIONS_PORT": config.actions_ports},
        )
        write_file(target, text, private=name in PRIVATE)


def write_file(path: Path, text: str, private: bool = False) -> None:
    """Writes the file with its mode set even when it existed (os.open's mode applies only to
    a new file, and an older secrets.env may have been readable by others)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = 0o600 if private else 0o644
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    os.fchmod(descriptor, mode)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)


def self_signed_certificate(path: Path) -> None:
    """A key and certificate for localhost in one PEM file (what HAProxy's `crt` reads), for
    the cluster on this machine; a server names the partnership's certificate instead."""
    with tempfile.TemporaryDirectory() as scratch:
        key, certificate = Path(scratch) / "key.pem", Path(scratch) / "certificate.pem"
        run(
            [
                program("openssl"),
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "365",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                str(key),
                "-out",
                str(certificate),
            ]
        )
        write_file(
            path,
            certificate.read_text(encoding="utf-8") + key.read_text(encoding="utf-8"),
            private=True,
        )


@dataclass(frozen=True)
class Unit:
    """What a systemd service unit of deploy/systemd/ runs: its command, working directory and
    environment files (a leading "-": optional, as in systemd). `User=` is the one line not
    applied: the cluster runs as its caller."""

    exec_start: str
    working_directory: Path
    environment_files: tuple[Path, ...]

    @classmethod
    def read(cls, path: Path) -> Unit:
        settings: dict[str, list[str]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            key, separator, value = line.partition("=")
            if separator and not line.startswith("#"):
                settings.setdefault(key.strip(), []).append(value.strip())
        return cls(
            exec_start=settings["ExecStart"][0],
            working_directory=Path(settings["WorkingDirectory"][0]),
            environment_files=tuple(
                Path(value.removeprefix("-")) for value in settings["EnvironmentFile"]
            ),
        )

    def environment(self, base: Mapping[str, str]) -> dict[str, str]:
        environment = dict(base)
        envfile.load((path for path in self.environment_files if path.exists()), environment)
        return environment

    def command(self, instance: str, environment: Mapping[str, str]) -> list[str]:
        """ExecStart as systemd expands it: %i is the instance, `$NAME` alone becomes the
        variable's words, `${NAME}` its whole value."""
        words = []
        for word in shlex.split(self.exec_start.replace("%i", instance)):
            if re.fullmatch(r"\$\w+", word):
                words += environment.get(word[1:], "").split()
            else:
                words.append(re.sub(r"\$\{(\w+)\}", lambda m: environment.get(m[1], ""), word))
        return words
