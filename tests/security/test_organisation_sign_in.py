"""Named trainers signed in through the organisation, against a REAL OpenID Connect provider
started here (the certified `oidc-provider` from npm, tests/oidc/, `make oidc-deps`) and the
real servers (Rasa from credentials.yml, the action server, a fresh database), in headless
Chromium: a trainer signs in at the provider, runs a workshop, is recorded as having started,
ended and published it, cannot open insights or the content sign-off (learning lead only), and
signs out, of the provider too (the next sign-in asks the provider again); the learning lead
opens insights and signs a section of the content sign-off in their own name; a forged or
replayed callback signs nobody in."""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, Page, expect

from bot.db import shared_engine
from bot.knowledge.signatures import read_signatures
from bot.settings import OidcSettings, now
from bot.web import login
from bot.web.oidc import OidcClient
from bot.web.records import actions, prepared
from tests.browser import new_page
from tests.channels.webchat_page import axe_violations
from tests.security.conftest import CLIENT_ID, CLIENT_SECRET, CONFIRMATIONS, Deployment
from tests.support import free_port


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
    page.goto(f"{deployment.url}/workshop/s/{session_id}/results")
    page.get_by_role("button", name="Publish on the case's handouts").click()
    expect(page.get_by_role("button", name="Take them off the handouts")).to_be_visible()
    # a trainer is not the learning lead: insights and the sign-off stay closed to them
    for closed in ("/insights/", "/insights/sign-off"):
        assert page.goto(f"{deployment.url}{closed}").status == 403  # type: ignore[union-attr]
    page.goto(f"{deployment.url}/workshop/")
    sign_out_everywhere(page, deployment)
    page.goto(f"{deployment.url}/workshop/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    record = actions(shared_engine(deployment.database_url))
    assert [(who, role, action) for who, role, action, _ in record[-3:]] == [
        ("Test trainer-ana", "trainer", "started"),
        ("Test trainer-ana", "trainer", "ended"),
        ("Test trainer-ana", "trainer", "published"),
    ]
    assert all(subject.startswith(f"workshop session {session_id}") for *_, subject in record[-3:])


def sign_out_everywhere(page: Page, deployment: Deployment) -> None:
    """Sign out of our pages, which ends the provider's session too (it asks first): the next
    sign-in through the organisation asks who you are again, not only on this site."""
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(re.escape(deployment.issuer) + "/session/end"))
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert page.url.startswith(f"{deployment.url}/workshop/login")
    page.get_by_role("link", name="Sign in with your organisation account").click()
    expect(page).to_have_url(re.compile(re.escape(deployment.issuer) + "/interaction/"))
    expect(page.locator("input[name=login]")).to_be_visible()


def test_the_learning_lead_opens_insights_and_an_account_without_a_role_opens_nothing(
    browser: Browser, deployment: Deployment
) -> None:
    lead = new_page(browser, 1280, 800, bypass_csp=True)  # for axe's script only
    sign_in_at_the_provider(lead, deployment, "/insights/", "lead-bea")
    expect(lead.get_by_role("heading", level=1)).to_contain_text("Insights")
    # the content sign-off: the lead signs the glossary in their own name
    lead.get_by_role("link", name="Content sign-off").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Content sign-off")
    assert axe_violations(lead) == []
    glossary = lead.locator("section[aria-labelledby='glossary-heading']")
    expect(glossary).to_contain_text("NOT SIGNED")
    glossary.get_by_role("button", name=re.compile("Sign off this section")).click()
    expect(lead.get_by_role("status")).to_have_text("Signed: section glossary.")
    today = now().date().isoformat()
    expect(glossary).to_contain_text(f"signed by Test lead-bea, learning lead, {today}")
    expect(glossary).not_to_contain_text("NOT SIGNED")
    signed = read_signatures(Path(deployment.folder) / CONFIRMATIONS)
    assert signed and {key.split("/")[0] for key in signed} == {"glossary"}
    record = actions(shared_engine(deployment.database_url))
    assert record[-1][:3] == ("Test lead-bea", "learning lead", "signed off")
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


def test_the_providers_sign_out_address_is_given_once_and_only_for_its_sessions(
    deployment: Deployment,
) -> None:
    oidc = OidcClient(OidcSettings(deployment.issuer, CLIENT_ID, CLIENT_SECRET), prepared(None))
    oidc.remember("a-session", "the-id-token", time.time() + 60)
    back = f"{deployment.url}/workshop/login"
    address = oidc.sign_out_address("a-session", back)
    assert address is not None
    parts = urlsplit(address)
    assert address.startswith(f"{deployment.issuer}/session/end?")
    assert parse_qs(parts.query) == {
        "id_token_hint": ["the-id-token"],
        "post_logout_redirect_uri": [back],
        "client_id": [CLIENT_ID],
    }
    assert oidc.sign_out_address("a-session", back) is None  # used once
    assert oidc.sign_out_address("a-password-session", back) is None


def test_a_provider_out_of_reach_at_sign_out_still_leaves_the_person_signed_out_here() -> None:
    unreachable = OidcSettings(f"http://127.0.0.1:{free_port()}", CLIENT_ID, CLIENT_SECRET)
    oidc = OidcClient(unreachable, prepared(None))
    oidc.remember("a-session", "the-id-token", time.time() + 60)
    back = "http://127.0.0.1/workshop/login"
    # in a thread of its own: this module's browser keeps an event loop running in this one
    with ThreadPoolExecutor(1) as thread:
        signing_out = login._sign_out_at_provider(oidc, "a-session", back)
        assert thread.submit(asyncio.run, signing_out).result() is None
