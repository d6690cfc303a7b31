"""A whole workshop in headless Chromium against the real servers (Rasa from credentials.yml,
the action server, a fresh database): the trainer signs in and starts a session on a case,
30 participants join by code over the JSON API and one from the chat (REST channel, through
the model and the actions), the live chart shows the right counts, a free-text answer with a
name reaches the projector minimised and only after "show", the trainer reveals the audit's
finding, runs the quiz and the after questions, ends the session and downloads the CSV.
axe-core scans the presenter at 1920x1080 and the participant pages at 320 px.

Only the axe scans bypass the pages' Content-Security-Policy (axe is injected inline); the
workshop itself runs under the policy and fails on any violation.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.channels.trainer.auth import ENV_PASSWORD_HASH, ENV_SESSION_SECRET, hash_password
from bot.handouts.content import Handouts, Kind
from bot.knowledge.store import KnowledgeStore
from bot.settings import ENV_DATABASE_URL, PROJECT_ROOT, Settings
from bot.tooling.serve import Servers
from tests.browser import AXE, CHROMIUM, new_page
from tests.channels.trainer.test_insights_browser import AXE_TAGS
from tests.focus import tab_stops
from tests.handouts.test_pdf import normalised, words
from tests.support import servers_in

RESULTS = PROJECT_ROOT / "results" / "workshop"
PASSWORD = "three random words for the workshop"
PARTICIPANTS = 30
NAMED_ANSWER = "I would ask Jayden Okafor's foster carer and then the school"


@dataclass(frozen=True)
class Server:
    url: str
    database_url: str


def post_json(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, json.load(reply)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def chat(server: Server, sender: str, message: str) -> list[dict[str, Any]]:
    status, replies = post_json(
        f"{server.url}/webhooks/rest/webhook", {"sender": sender, "message": message}
    )
    assert status == 200
    return replies  # type: ignore[return-value]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: run `make browser-deps` to install Debian's chromium")
    if not AXE.exists():
        pytest.fail(f"{AXE} not found: run `make webchat-deps`")
    folder = tmp_path_factory.mktemp("workshop-servers")
    config = servers_in(
        folder,
        {
            ENV_PASSWORD_HASH: hash_password(PASSWORD),
            ENV_SESSION_SECRET: "a session secret only this test knows",
        },
    )
    with Servers(config, log_dir=folder / "logs"):
        yield Server(config.rasa_url, config.extra_env[ENV_DATABASE_URL])


def sign_in(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/workshop/")
    page.get_by_label("Trainer password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a workshop")


def axe(page: Page, name: str) -> list[tuple[str, str, list[Any]]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    saved = RESULTS / "axe.json"
    scans = json.loads(saved.read_text()) if saved.exists() else {}
    scans[name] = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]
    saved.write_text(json.dumps(scans, indent=2) + "\n")
    page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
    return [(v["impact"], v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


def state(page: Page) -> dict[str, Any]:
    return dict(
        page.evaluate(
            "() => fetch(location.pathname + 'state', {credentials: 'same-origin'})"
            ".then(r => r.json())"
        )
    )


def counts_in_table(page: Page) -> list[int]:
    return [int(cell) for cell in page.locator("#chart tbody td:nth-child(2)").all_inner_texts()]


def go_to(page: Page, kind: str) -> dict[str, Any]:
    """Presses N until the session is on the first step of this kind."""
    current = state(page)
    while current["kind"] != kind:
        index = current["index"]
        page.keyboard.press("n")
        expect(page.locator("#status")).to_contain_text(f"Step {index + 2} of")
        current = state(page)
    return current


def vote(server: Server, tokens: list[str], choices: list[int]) -> None:
    def one(pair: tuple[str, int]) -> int:
        status, _ = post_json(
            f"{server.url}/workshop/api/answer", {"token": pair[0], "choice": pair[1]}
        )
        return status

    with ThreadPoolExecutor(max_workers=10) as pool:
        assert set(pool.map(one, zip(tokens, choices, strict=True))) == {200}


def test_a_whole_workshop(browser: Browser, server: Server) -> None:
    page = new_page(browser, 1920, 1080)
    refused: list[str] = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, server)
    page.get_by_label("Case", exact=True).select_option("send-adam")
    page.get_by_role("button", name="Start the session").click()
    expect(page.locator("#join-line")).to_contain_text("with code")
    current = state(page)
    code = current["code"]
    assert current["kind"] == "before" and current["total"] > 8
    assert page.locator("img.qr").evaluate("img => img.naturalWidth") > 0

    # 30 participants join by code; one more from the chat, through the model and the actions
    def join(_: int) -> str:
        status, joined = post_json(f"{server.url}/workshop/api/join", {"code": code})
        assert status == 200
        return str(joined["token"])

    with ThreadPoolExecutor(max_workers=10) as pool:
        tokens = list(pool.map(join, range(PARTICIPANTS)))
    chat_replies = chat(server, "workshop-e2e", f"I'm joining session {code}")
    assert "You have joined" in chat_replies[0]["text"]
    expect(page.locator("#status")).to_contain_text(f"{PARTICIPANTS + 1} joined")

    # a confidence question before: the chart and its table count every vote
    page.keyboard.press("o")
    expect(page.locator("#status")).to_contain_text("Voting is open")
    vote(server, tokens, [i % 3 for i in range(PARTICIPANTS)])
    buttons = chat(server, "workshop-e2e", "/join_workshop")[0]["buttons"]
    said = chat(server, "workshop-e2e", buttons[4]["payload"])
    assert "Your answer is in" in said[0]["text"]
    expect(page.locator("#status")).to_contain_text(f"{PARTICIPANTS + 1} answered")
    assert counts_in_table(page) == [10, 10, 10, 0, 1]
    assert page.locator("#chart svg rect").count() == 5

    # the first stage: vote, reveal the audit's finding
    stage = go_to(page, "stage")
    page.keyboard.press("o")
    expect(page.locator("#status")).to_contain_text("Voting is open")
    vote(server, tokens, [1] * 20 + [0] * 10)
    expect(page.locator("#status")).to_contain_text(f"{PARTICIPANTS} answered")
    assert counts_in_table(page)[:2] == [10, 20]
    page.keyboard.press("r")
    reveal = page.locator("#reveal")
    expect(reveal).to_be_visible()
    expect(reveal).to_contain_text("What the audit found")
    expect(reveal).to_contain_text("Source: SEND audit 2016-17")
    assert stage["reveal"] is None  # nothing of the reveal was sent before it

    # the reflection: a free-text answer with a name waits, minimised, for "show"
    go_to(page, "reflect")
    page.keyboard.press("o")
    expect(page.locator("#status")).to_contain_text("Voting is open")
    status, _ = post_json(
        f"{server.url}/workshop/api/answer", {"token": tokens[0], "text": NAMED_ANSWER}
    )
    assert status == 200
    expect(page.locator("#waiting-summary")).to_contain_text("(1)")
    expect(page.locator("#texts")).to_contain_text("None shown yet.")
    assert "Jayden" not in page.content() and "Okafor" not in page.content()
    page.keyboard.press("s")
    expect(page.locator("#texts .shown li")).to_have_count(1)
    shown = page.locator("#texts .shown li").inner_text()
    assert "carer and then the school" in shown and "[name removed]" in shown
    assert "Jayden" not in shown and "Okafor" not in shown

    # the quiz, and the same questions after
    quiz = go_to(page, "quiz")
    page.keyboard.press("o")
    expect(page.locator("#status")).to_contain_text("Voting is open")
    vote(server, tokens, [0] * PARTICIPANTS)
    expect(page.locator("#status")).to_contain_text(f"{PARTICIPANTS} answered")
    page.keyboard.press("r")
    expect(page.locator("#reveal")).to_contain_text("Correct:")
    assert quiz["options"]
    go_to(page, "after")
    page.keyboard.press("o")
    expect(page.locator("#status")).to_contain_text("Voting is open")
    vote(server, tokens, [4] * PARTICIPANTS)
    expect(page.locator("#status")).to_contain_text(f"{PARTICIPANTS} answered")

    # the end: the code stops working, results and CSV
    page.keyboard.press("e")
    expect(page.locator("#status")).to_contain_text("Session ended")
    status, _ = post_json(f"{server.url}/workshop/api/join", {"code": code})
    assert status == 404
    page.get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Workshop results")
    shift = page.get_by_role("table", name="Before and after")
    expect(shift).to_contain_text("mean confidence (1-5)")
    expect(shift.locator("tbody tr").first).to_contain_text("2.1")  # (10*1+10*2+10*3+5)/31
    expect(shift.locator("tbody tr").first).to_contain_text("5.0")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the answers as CSV").click()
    text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert text.startswith("step,kind,heading,question,option,answers,audit_answer")
    assert "carer and then the school" in text and "Jayden" not in text

    # the case's handout as a PDF, from the results page: every reflective question of the case
    pdf_href = page.get_by_role("link", name="Handout (PDF)").get_attribute("href")
    assert pdf_href == "/handouts/case/send-adam.pdf"
    printed = page.context.request.get(f"{server.url}{pdf_href}", timeout=60_000)
    assert printed.ok and printed.headers["content-type"] == "application/pdf"
    pdf = RESULTS / "handout-send-adam.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(printed.body())
    read_back = normalised(words(pdf))
    knowledge = Settings(server.database_url, PROJECT_ROOT / "knowledge", None)
    store = KnowledgeStore.from_settings(knowledge)
    questions = [q for q, _ in Handouts(store).build(Kind.CASE, "send-adam").questions()]
    store.engine.dispose()
    assert questions
    for question in questions:
        assert normalised(question) in read_back, question
    assert refused == []
    page.context.close()


def test_presenter_at_1920_and_participant_at_320_pass_axe(
    browser: Browser, server: Server
) -> None:
    presenter = new_page(browser, 1920, 1080, bypass_csp=True)
    sign_in(presenter, server)
    presenter.get_by_label("Case", exact=True).select_option("send-erika")
    presenter.get_by_role("button", name="Start the session").click()
    expect(presenter.locator("#join-line")).to_contain_text("with code")
    code = state(presenter)["code"]
    go_to(presenter, "stage")
    presenter.keyboard.press("o")
    expect(presenter.locator("#status")).to_contain_text("Voting is open")

    phone = new_page(browser, 320, 640, bypass_csp=True)
    phone.goto(f"{server.url}/workshop/join?code={code}")
    expect(phone.get_by_label("Session code")).to_have_value(code)
    report = axe(phone, "join-320px")
    assert report == [], report
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_role("radio")).to_have_count(len(state(presenter)["options"]))
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    report = axe(phone, "answer-320px")
    assert report == [], report
    phone.get_by_role("radio").first.check()
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_role("status")).to_have_text("Your answer is in.")

    expect(presenter.locator("#status")).to_contain_text("1 answered")
    presenter.keyboard.press("r")
    expect(presenter.locator("#reveal")).to_be_visible()
    report = axe(presenter, "presenter-1920px")
    assert report == [], report
    reached = tab_stops(presenter, 12)
    for control in ("BUTTON:Back (B or ←)", "BUTTON:Next (N or →)", "BUTTON:End session (E)"):
        assert control in reached, (control, reached)
    for page in (presenter, phone):
        page.context.close()
