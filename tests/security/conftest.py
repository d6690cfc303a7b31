"""The real servers the security tests probe, started once for the whole folder: Rasa from
credentials.yml with every channel, the action server, a fresh database, the shared trainer
password AND sign-in through a real OpenID Connect provider (the certified `oidc-provider`
from npm, tests/oidc/, `make oidc-deps`), and the workshop database fixtures of tests/workshop
for the tests that mount one channel in-process."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.settings import (
    ENV_CONFIRMATIONS_FILE,
    ENV_DATABASE_URL,
    ENV_OIDC_CLIENT_ID,
    ENV_OIDC_CLIENT_SECRET,
    ENV_OIDC_ISSUER,
    ENV_SESSION_SECRET,
    ENV_TRAINER_PASSWORD_HASH,
    PROJECT_ROOT,
)
from bot.tooling.serve import Servers
from bot.web.trainer import hash_password
from tests.browser import CHROMIUM
from tests.live_workshop.conftest import clock, started, store, workshops
from tests.support import free_port, servers_in

__all__ = ["clock", "started", "store", "workshops"]

PROVIDER = PROJECT_ROOT / "tests" / "oidc" / "provider.mjs"
CLIENT_ID = "reflective-practice-assistant"
CLIENT_SECRET = "a client secret only these tests know, never deployed"
PASSWORD = "three random words for the security tests"
CONFIRMATIONS = "confirmations.yml"
"""The deployment's confirmations file (in its folder), where the sign-off page signs."""


@dataclass(frozen=True)
class Deployment:
    url: str
    issuer: str
    database_url: str
    folder: str


@pytest.fixture(scope="session")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: run `make browser-deps` to install Debian's chromium")
    if not (PROVIDER.parent / "node_modules" / "oidc-provider").exists():
        pytest.fail("the OpenID provider is not installed: run `make oidc-deps`")
    folder = tmp_path_factory.mktemp("security")
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    config = servers_in(
        folder,
        {
            ENV_OIDC_ISSUER: issuer,
            ENV_OIDC_CLIENT_ID: CLIENT_ID,
            ENV_OIDC_CLIENT_SECRET: CLIENT_SECRET,
            ENV_TRAINER_PASSWORD_HASH: hash_password(PASSWORD),
            ENV_SESSION_SECRET: "a session secret only these tests know",
            ENV_CONFIRMATIONS_FILE: str(folder / CONFIRMATIONS),
        },
    )
    callbacks = [f"{config.rasa_url}/{base}/oidc/callback" for base in ("workshop", "insights")]
    signed_out = [f"{config.rasa_url}/{base}/login" for base in ("workshop", "insights")]
    with subprocess.Popen(
        ["node", str(PROVIDER), str(port), CLIENT_ID, CLIENT_SECRET, *callbacks, "--", *signed_out],
        stdout=subprocess.PIPE,
        stderr=(folder / "provider.log").open("wb"),
        text=True,
    ) as provider:
        try:
            assert provider.stdout is not None
            ready = provider.stdout.readline()
            assert ready.startswith("ready "), f"the provider did not start: {ready!r}"
            with Servers(config, log_dir=folder / "logs"):
                yield Deployment(
                    config.rasa_url, issuer, config.extra_env[ENV_DATABASE_URL], str(folder)
                )
        finally:
            provider.terminate()
            provider.wait(timeout=10)
