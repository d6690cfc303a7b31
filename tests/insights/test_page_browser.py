"""The insights page in headless Chromium, served by the real Rasa server from credentials.yml,
with usage events seeded into its database and one question asked through the REST channel.

Nothing here is skipped: without Chromium or axe-core the tests fail and say which make target
installs them. Only the axe scans bypass the page's Content-Security-Policy (axe is injected as
an inline script); the sign-in test runs under the policy and fails on any violation.
Screenshots go to results/insights/, axe's findings to results/insights/axe.json.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.insights.events import Event, EventKind, record
from bot.knowledge.store import KnowledgeStore
from bot.names import ESCALATION_SITUATION_SLOT, ESCALATION_TRIED_SLOT, FEEDBACK_REASONS
from bot.settings import (
    ENV_DATABASE_URL,
    ENV_SESSION_SECRET,
    ENV_TRAINER_PASSWORD_HASH,
    PROJECT_ROOT,
    Settings,
)
from bot.tooling.serve import Servers
from bot.web.trainer import hash_password
from tests.browser import AXE, CHROMIUM, new_page, policy_refusals, wait_for_styles
from tests.support import servers_in

pytestmark = pytest.mark.model  # servers of its own (`insights`), on a seeded database

SCREENSHOTS = PROJECT_ROOT / "results" / "insights"
PASSWORD = "three random words for the test"
UNANSWERED = [
    "what are the signs of fgm",
    "fgm signs in primary school",
    "how do i make a prevent referral",
    "prevent referral for radicalisation",
    "<script>alert(1)</script> private fostering rules",
    "private fostering notification",
]
DECLINED = {
    "lone-working": ["lone working policy for evening home visits", "lone worker safety"],
    "fgm": ["FGM what should a school nurse do"],
}
"""Questions outside the audits' coverage, by topic id, as the assistant records them."""
STORED_TURNS = ["ok thanks", "im fine", "no I meant the other one", "answer: call a meeting", "b"]
"""What older versions stored as unanswered questions: conversation turns, not questions."""
SEEDED_QUESTIONS = 41 + len(UNANSWERED) + 2 + 5 + 3
"""Key messages answered, unanswered, one case described, one good practice, five route finder
conversations started, three declined (see `seed`)."""
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@dataclass(frozen=True)
class Insights:
    url: str
    questions: int


def seed(store: KnowledgeStore, now: datetime) -> None:
    """Four weeks of anonymous events over real key messages, themes and routes."""
    with store.session() as session:
        messages = [(m.id, m.theme_id) for m in store.key_messages(session)]
        routes = [route.id for route in store.escalation_routes(session)]
    for i in range(41):
        key_message_id, theme_id = messages[(i * 7) % min(len(messages), 12)]
        when = now - timedelta(days=(i * 5) % 27, hours=i % 5)
        channel = "teams" if i % 3 == 0 else "webchat"
        record(store, Event(EventKind.ANSWERED, channel, key_message_id, theme_id), when)
        if i % 2 == 0:
            feedback = Event(EventKind.FEEDBACK, channel, key_message_id, helpful=i % 4 == 0)
            record(store, feedback, when)
        if i % 4 == 2:
            reason = list(FEEDBACK_REASONS)[i % len(FEEDBACK_REASONS)]
            record(store, Event(EventKind.FEEDBACK_REASON, channel, key_message_id, reason=reason))
    record(store, Event(EventKind.FEEDBACK_REASON, "webchat", messages[0][0], text="too long"))
    for i, text in enumerate(UNANSWERED):
        record(
            store, Event(EventKind.UNANSWERED, "webchat", text=text), now - timedelta(days=i * 4)
        )
    for topic, texts in DECLINED.items():
        for text in texts:
            record(store, Event(EventKind.DECLINED, "webchat", topic=topic, text=text), now)
    for text in STORED_TURNS:
        record(store, Event(EventKind.UNANSWERED, "teams", text=text), now - timedelta(days=2))
    record(store, Event(EventKind.CONVERSATION_TURN, "webchat", reason="acknowledgement"), now)
    record(store, Event(EventKind.FEEDBACK, "webchat", "forged-id", helpful=False), now)
    record(store, Event(EventKind.CASE_DESCRIBED, "webchat"), now - timedelta(days=3))
    record(store, Event(EventKind.GOOD_PRACTICE, "teams"), now - timedelta(days=9))
    for i in range(5):
        when = now - timedelta(days=i * 5)
        record(store, Event(EventKind.ESCALATION_STARTED, "webchat"), when)
        if i < 4:
            record(
                store, Event(EventKind.ESCALATION_SITUATION, "webchat", route_id=routes[i]), when
            )
        if i < 2:
            record(
                store, Event(EventKind.ESCALATION_COMPLETED, "webchat", route_id=routes[i]), when
            )
        elif i < 4:
            record(store, Event(EventKind.ESCALATION_STOPPED, step=ESCALATION_TRIED_SLOT), when)
        else:
            record(store, Event(EventKind.ESCALATION_STOPPED, step=ESCALATION_SITUATION_SLOT), when)


def ask_through_rest(rasa_url: str) -> None:
    """A real question, so the page is shown to count what the assistant itself recorded."""
    body = json.dumps(
        {"sender": "insights-test", "message": "mum keeps cancelling the appointments"}
    )
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as reply:
        assert json.load(reply), "the assistant did not answer"


@pytest.fixture(scope="module")
def insights(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Insights]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: run `make browser-deps` to install Debian's chromium")
    if not AXE.exists():
        pytest.fail(
            f"{AXE} not found: run `make webchat-deps` (npm ci --prefix bot/channels/webchat)"
        )
    folder = tmp_path_factory.mktemp("insights-servers")
    config = servers_in(
        folder,
        {
            ENV_TRAINER_PASSWORD_HASH: hash_password(PASSWORD),
            ENV_SESSION_SECRET: "a session secret only this test knows",
        },
    )
    settings = Settings(config.extra_env[ENV_DATABASE_URL], PROJECT_ROOT / "knowledge", None)
    store = KnowledgeStore.from_settings(settings)
    try:
        seed(store, datetime.now(timezone.utc))
    finally:
        store.engine.dispose()
    with Servers(config, log_dir=folder / "logs"):
        ask_through_rest(config.rasa_url)
        yield Insights(f"{config.rasa_url}/insights/", SEEDED_QUESTIONS + 1)


def sign_in(page: Page, insights: Insights) -> None:
    """Through the form, as a trainer would: the page sends us to sign in and back."""
    page.goto(insights.url)
    expect(page).to_have_url(f"{insights.url}login?next=%2Finsights%2F")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Trainer password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(insights.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Insights for the partnership")
    wait_for_styles(page)


def table_rows(page: Page, caption: str) -> dict[str, list[str]]:
    """{row header: the other cells' text} of the table with this caption."""
    rows = page.evaluate(
        """caption => {
            const table = [...document.querySelectorAll('table')]
                .find(t => t.caption.textContent === caption);
            return [...table.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim()));
        }""",
        caption,
    )
    return {row[0]: row[1:] for row in rows}


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def axe(page: Page, name: str, folder: Path = SCREENSHOTS) -> list[tuple[str, str, list[Any]]]:
    """Runs axe-core; keeps the whole result in <folder>/axe.json (results/insights/ unless
    another page's tests say) by scan name."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    folder.mkdir(parents=True, exist_ok=True)
    saved = folder / "axe.json"
    scans = json.loads(saved.read_text()) if saved.exists() else {}
    scans[name] = {
        "passes": len(result["passes"]),
        # What axe could not decide, with its reason (e.g. no contrast for SVG text).
        "incomplete": {
            v["id"]: sorted({n["any"][0]["message"] for n in v["nodes"] if n["any"]})
            for v in result["incomplete"]
        },
        "violations": [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]
        ],
    }
    saved.write_text(json.dumps(scans, indent=2) + "\n")
    return [(v["impact"], v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


def test_sign_in_and_page_run_under_the_content_security_policy(
    browser: Browser, insights: Insights
) -> None:
    page = new_page(browser, 1920, 1080)
    refused = policy_refusals(page)
    sign_in(page, insights)
    expect(page.locator(".chart").first).to_be_visible()
    assert (
        page.evaluate("() => getComputedStyle(document.body).marginTop") == "0px"
    ), "trainer.css did not load"
    assert refused == []
    page.context.close()


def test_the_page_at_1920_px_shows_every_view_and_passes_axe(
    browser: Browser, insights: Insights
) -> None:
    page = new_page(browser, 1920, 1080, bypass_csp=True)
    page.goto(f"{insights.url}login")
    screenshot(page, "sign-in-1920px")
    assert [v for v in axe(page, "sign-in-1920px") if v[0] in ("serious", "critical")] == []
    sign_in(page, insights)
    summary = page.locator(".summary")
    expect(summary).to_contain_text(f"{insights.questions} questions")
    headings = page.get_by_role("heading", level=2)
    expect(headings).to_have_count(10)
    expect(page.get_by_role("img")).to_have_count(10)
    for name in ("Questions per week by theme", "Practice gaps by theme", "Questions by channel"):
        expect(page.get_by_role("table", name=name)).to_be_visible()
    channels = table_rows(page, "Questions by channel")
    assert channels["REST (tests, tools)"][0] == "1", "the question asked through REST"
    assert sum(int(cells[0]) for cells in channels.values()) == insights.questions
    funnel = table_rows(page, "Escalation route funnel")
    assert [funnel[stage][0] for stage in ("Started", "Situation known", "Completed")] == [
        "5",
        "4",
        "2",
    ]
    assert funnel["Stopped at: What you have tried"][0] == "2"
    groups = table_rows(page, "Unanswered questions by group")
    assert sum(int(cells[0]) for cells in groups.values()) == len(UNANSWERED)
    assert page.locator("main script, main img").count() == 0
    screenshot(page, "insights-1920px")
    report = axe(page, "insights-1920px")
    print("axe violations at 1920 px:", report or "none")
    assert [v for v in report if v[0] in ("serious", "critical")] == []
    page.context.close()


def test_the_page_reflows_at_320_px_and_passes_axe(browser: Browser, insights: Insights) -> None:
    """320 CSS px is a 1280 px window at 400% zoom (WCAG 1.4.10 Reflow): the page itself never
    scrolls sideways; a wide table scrolls inside its own focusable region."""
    page = new_page(browser, 320, 640, bypass_csp=True)
    sign_in(page, insights)
    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, view: window.innerWidth,"
        " charts: [...document.querySelectorAll('svg.chart')]"
        ".map(el => el.getBoundingClientRect().right),"
        " controls: [...document.querySelectorAll('input, button')]"
        ".map(el => el.getBoundingClientRect().right)})"
    )
    assert widths["page"] <= widths["view"], widths
    assert max(widths["charts"] + widths["controls"]) <= widths["view"], widths
    screenshot(page, "insights-320px")
    report = axe(page, "insights-320px")
    print("axe violations at 320 px:", report or "none")
    assert [v for v in report if v[0] in ("serious", "critical")] == []
    page.context.close()


def test_keyboard_reaches_the_controls_with_a_visible_focus(
    browser: Browser, insights: Insights
) -> None:
    page = new_page(browser, 1280, 900)
    sign_in(page, insights)
    reached: list[str] = []
    for _ in range(24):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                return {name: el.tagName + ':' + (el.textContent || el.name || '').trim(),
                        visible: style.outlineStyle !== 'none'
                            && parseFloat(style.outlineWidth) >= 2};
            }"""
        )
        assert stop["visible"], f"no visible focus on {stop}"
        reached.append(stop["name"][:40])
    for expected in ("A:Skip to main content", "BUTTON:Sign out", "INPUT:from", "BUTTON:Show"):
        assert expected in reached, (expected, reached)
    page.context.close()


def test_a_new_range_and_a_csv_download_from_the_page(browser: Browser, insights: Insights) -> None:
    page = new_page(browser, 1280, 900)
    sign_in(page, insights)
    today = datetime.now(timezone.utc).date()
    start = today - timedelta(days=6)
    page.get_by_label("From", exact=True).fill(start.isoformat())
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{insights.url}?from={start.isoformat()}&to={today.isoformat()}")
    expect(page.get_by_label("From", exact=True)).to_have_value(start.isoformat())
    with page.expect_download() as download:
        page.get_by_role("link", name="Download “Questions by channel” as CSV").click()
    assert download.value.suggested_filename == (
        f"insights-channels-{start.isoformat()}-{today.isoformat()}.csv"
    )
    text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert text.startswith("channel,questions\r\n") and "rest,1" in text
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto(insights.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.context.close()


def test_a_wrong_password_is_announced_on_the_field_at_320_px(
    browser: Browser, insights: Insights
) -> None:
    page = new_page(browser, 320, 640, bypass_csp=True)
    page.goto(f"{insights.url}login")
    field = page.get_by_label("Trainer password")
    field.fill("not the trainer password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("That password is not right.")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description("That password is not right.")
    expect(page).to_have_title("Error: Sign in: trainer pages")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "sign-in-error-320px")
    report = axe(page, "sign-in-error-320px")
    assert [v for v in report if v[0] in ("serious", "critical")] == []
    page.context.close()


def test_what_happened_to_questions_is_told_apart_where_the_learning_lead_reads_it(
    browser: Browser, insights: Insights
) -> None:
    """Declined questions under their topic, turns apart from questions, no junk row from a
    forged key-message id, and no percentage from too few; axe finds nothing at all."""
    page = new_page(browser, 1280, 900, bypass_csp=True)
    sign_in(page, insights)
    outcomes = table_rows(page, "What happened to questions")
    assert outcomes["Outside the audits' coverage: told so plainly"][0] == "3"
    assert outcomes["Not understood: offered the closest key messages"][0] == str(len(UNANSWERED))
    turns = table_rows(page, "Not counted as questions")
    assert sum(int(cells[0]) for cells in turns.values()) == len(STORED_TURNS) + 1
    topics = table_rows(page, "Questions outside the audits' coverage, by topic")
    # Each topic under its label in knowledge/uncovered_topics.yml.
    lone, fgm = "lone working and staff safety on visits", "female genital mutilation (FGM)"
    assert {topic: cells[0] for topic, cells in topics.items()} == {lone: "2", fgm: "1"}
    assert "lone working policy for evening home visits" in topics[lone][1]
    gaps = table_rows(page, "Practice gaps by theme")
    assert gaps[lone][:2] == ["Not covered by the audits", "2"]
    assert gaps["Not understood"][:2] == ["Questions not understood", str(len(UNANSWERED))]
    rates = [cells[-1] for cells in gaps.values()]
    assert "0%" not in rates and "100%" not in rates, rates  # at most 3 ratings a theme
    groups = table_rows(page, "Unanswered questions by group")
    assert sum(int(cells[0]) for cells in groups.values()) == len(UNANSWERED)
    shown = " ".join(cells[1] for cells in groups.values())
    assert not any(turn in shown for turn in ("ok thanks", "im fine", "I meant", "answer:"))
    helpfulness = table_rows(page, "Helpfulness per key message")
    assert "forged-id" not in helpfulness
    screenshot(page, "insights-outcomes-1280px")
    page.get_by_role(
        "heading", name="Topics outside the audits' coverage"
    ).scroll_into_view_if_needed()
    screenshot(page, "insights-declined-topics-1280px")
    assert axe(page, "insights-outcomes-1280px") == []
    page.context.close()
