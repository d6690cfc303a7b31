"""Named trainers signed in through the organisation, against a REAL OpenID Connect provider
started here (the certified `oidc-provider` from npm, tests/oidc/, `make oidc-deps`) and the
real servers (Rasa from credentials.yml, the action server, a fresh database), in headless
Chromium: a trainer signs in at the provider, runs a workshop, is recorded as having started
and ended it, cannot open insights (learning lead only), and signs out; the learning lead opens
insights; a forged or replayed callback signs nobody in."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.channels.trainer.auth import ENV_SESSION_SECRET
from bot.channels.trainer.oidc import ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_ISSUER
from bot.channels.trainer.records import actions, database_engine
from bot.settings import ENV_DATABASE_URL, PROJECT_ROOT
from bot.tooling.serve import Servers
from tests.browser import CHROMIUM, new_page
from tests.support import free_port, servers_in

PROVIDER = PROJECT_ROOT / "tests" / "oidc" / "provider.mjs"
CLIENT_ID = "reflective-practice-assistant"
CLIENT_SECRET = "a client secret only these tests know, never deployed"
READY_SECONDS = 30


@dataclass(frozen=True)
class Deployment:
    url: str
    issuer: str
    database_url: str


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: run `make browser-deps` to install Debian's chromium")
    if not (PROVIDER.parent / "node_modules" / "oidc-provider").exists():
        pytest.fail("the OpenID provider is not installed: run `make oidc-deps`")
    folder = tmp_path_factory.mktemp("organisation-sign-in")
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    config = servers_in(
        folder,
        {
            ENV_ISSUER: issuer,
            ENV_CLIENT_ID: CLIENT_ID,
            ENV_CLIENT_SECRET: CLIENT_SECRET,
            ENV_SESSION_SECRET: "a session secret only this test knows",
        },
    )
    callbacks = [f"{config.rasa_url}/{base}/oidc/callback" for base in ("workshop", "insights")]
    with subprocess.Popen(
        ["node", str(PROVIDER), str(port), CLIENT_ID, CLIENT_SECRET, *callbacks],
        stdout=subprocess.PIPE,
        stderr=(folder / "provider.log").open("wb"),
        text=True,
    ) as provider:
        try:
            assert provider.stdout is not None
            ready = provider.stdout.readline()
            assert ready.startswith("ready "), f"the provider did not start: {ready!r}"
            with Servers(config, log_dir=folder / "logs"):
                yield Deployment(config.rasa_url, issuer, config.extra_env[ENV_DATABASE_URL])
        finally:
            provider.terminate()
            provider.wait(timeout=10)


def sign_in_at_the_provider(page: Page, deployment: Deployment, start: str, login: str) -> None:
    """From one of our trainer pages, through the provider's own sign-in and consent pages."""
    page.route("https://fonts.googleapis.com/**", lambda route: route.abort())
    page.goto(f"{deployment.url}{start}")
    page.get_by_role("link", name="Sign in with your organisation account").click()
    expect(page).to_have_url(re.compile(re.escape(deployment.issuer) + "/interaction/"))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("anything: the test provider checks no password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


def test_a_trainer_signs_in_through_the_organisation_runs_a_workshop_and_signs_out(
    browser: Browser, deployment: Deployment
) -> None:
    page = new_page(browser, 1280, 800)
    sign_in_at_the_provider(page, deployment, "/workshop/", "trainer-ana")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a workshop")
    page.get_by_role("button", name="Start the session").click()
    expect(page).to_have_url(re.compile(r"/workshop/s/\d+/$"))
    session_id = page.url.rstrip("/").split("/")[-1]
    ended = page.evaluate(
        "() => fetch('control', {method: 'POST', credentials: 'same-origin',"
        " headers: {'Content-Type': 'application/json'}, body: JSON.stringify({action: 'end'})})"
        ".then(r => r.status)"
    )
    assert ended == 200
    # a trainer is not the learning lead: insights stay closed to them
    assert page.goto(f"{deployment.url}/insights/").status == 403  # type: ignore[union-attr]
    page.goto(f"{deployment.url}/workshop/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto(f"{deployment.url}/workshop/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    record = actions(database_engine(deployment.database_url))
    assert [(who, role, action) for who, role, action, _ in record[-2:]] == [
        ("Test trainer-ana", "trainer", "started"),
        ("Test trainer-ana", "trainer", "ended"),
    ]
    assert all(subject.startswith(f"workshop session {session_id}") for *_, subject in record[-2:])


def test_the_learning_lead_opens_insights_and_an_account_without_a_role_opens_nothing(
    browser: Browser, deployment: Deployment
) -> None:
    lead = new_page(browser, 1280, 800)
    sign_in_at_the_provider(lead, deployment, "/insights/", "lead-bea")
    expect(lead.get_by_role("heading", level=1)).to_contain_text("Insights")
    nobody = new_page(browser, 1280, 800)
    sign_in_at_the_provider(nobody, deployment, "/workshop/", "visitor-cal")
    expect(nobody.get_by_role("alert")).to_contain_text("no trainer role")
    assert nobody.goto(f"{deployment.url}/workshop/").url.endswith(  # type: ignore[union-attr]
        "/workshop/login?next=%2Fworkshop%2F"
    )


def test_a_forged_callback_signs_nobody_in(deployment: Deployment) -> None:
    forged = f"{deployment.url}/workshop/oidc/callback?state=made-up&code=made-up"
    try:
        urllib.request.urlopen(forged, timeout=30)
        raise AssertionError("a forged callback was accepted")
    except urllib.error.HTTPError as error:
        assert error.code == 403
        assert "Set-Cookie" not in error.headers or "Max-Age=0" in error.headers["Set-Cookie"]


def test_the_provider_is_what_the_tests_say_it_is(deployment: Deployment) -> None:
    """A real provider, not a stand-in: its discovery document and signing keys."""
    with urllib.request.urlopen(
        f"{deployment.issuer}/.well-known/openid-configuration", timeout=30
    ) as reply:
        discovery = json.load(reply)
    assert discovery["issuer"] == deployment.issuer
    assert "S256" in discovery["code_challenge_methods_supported"]
    with urllib.request.urlopen(discovery["jwks_uri"], timeout=30) as reply:
        assert json.load(reply)["keys"]
