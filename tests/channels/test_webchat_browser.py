"""The web chat in a real browser: headless Chromium against the real action server and Rasa.

Nothing here is skipped: without Chromium or axe-core the tests fail and say which make target
installs them. The browser context bypasses the page's Content-Security-Policy (axe is injected
as an inline script), so the XSS test proves the widget itself never runs injected markup, not
merely that the policy would block it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from playwright.sync_api import Page, Route, expect

from tests.channels.webchat_page import (
    ANSWER_TIMEOUT_MS,
    NOTICE,
    IntranetServer,
    ask,
    axe_violations,
    bot_messages,
    open_chat,
    screenshot,
    user_messages,
)

QUESTION = "mum keeps cancelling the appointments"
SOURCE = "Source: SEND audit 2016-17"
SCRIPT_ATTACK = "<script>window.__xss = 'script'</script>"
IMG_ATTACK = "<img src=x onerror=\"window.__xss = 'img'\">"
# A bot answer in the assistant's text format, with markup inside its structure that must be
# shown as typed: an alert() dialog would fail the test through the `page` fixture.
STRUCTURED = (
    "**Disguised compliance**\n"
    "A parent appears to cooperate to deflect concern.\n\n"
    "What to do:\n\n"
    "- Check what has **actually** changed\n"
    "- Talk to the child <b>x</b>\n"
    "- Keep **<script>alert(1)</script>** in mind\n\n"
    "1. Children's social care <img src=x onerror=alert(1)>\n"
    "   Contact: 020 8356 5500, https://example.org/csc?a=1.\n"
    "2. Your safeguarding lead\n\n"
    "Source: SEND audit 2016-17 * not_emphasis"
)
# Shaped like Rasa's REST reply; the widget uses only text and buttons.
STRUCTURED_REPLY = [
    {
        "recipient_id": "x",
        "text": STRUCTURED,
        "buttons": [{"title": "More reflective prompts", "payload": "/more_prompts"}],
    }
]


def test_question_is_answered_with_its_source_and_a_button_follows_up(
    page: Page, chat_url: str
) -> None:
    open_chat(page, chat_url)
    expect(page.locator(".rpa-notice")).to_contain_text(NOTICE)
    ask(page, QUESTION)
    expect(user_messages(page).last).to_contain_text(QUESTION)
    answer = bot_messages(page).filter(has_text=SOURCE)
    expect(answer).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    more = answer.get_by_role("button", name="Services and contacts")
    # The group is named by what it is for: the answer's title.
    expect(answer.get_by_role("group", name="Options: Non-attendance at services")).to_be_visible()
    screenshot(page, "answer-desktop")

    more.focus()
    page.keyboard.press("Enter")
    expect(user_messages(page).last).to_contain_text("Services and contacts")
    expect(bot_messages(page)).to_have_count(3, timeout=ANSWER_TIMEOUT_MS)
    expect(bot_messages(page).last).to_contain_text("Non-attendance at services")
    expect(page.get_by_role("log")).not_to_contain_text("/show_services")
    screenshot(page, "follow-up-desktop")


def test_history_survives_a_reload_but_not_a_new_tab_session(page: Page, chat_url: str) -> None:
    open_chat(page, chat_url)
    ask(page, "help")
    expect(bot_messages(page)).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
    state = json.loads(page.evaluate("() => sessionStorage.getItem('rpa-chat:v1')"))
    assert re.fullmatch(r"[0-9a-f]{32}", state["sessionId"])
    assert [m["from"] for m in state["messages"]] == ["bot", "user", "bot"]

    page.reload()
    expect(user_messages(page)).to_have_count(1)
    expect(bot_messages(page)).to_have_count(2)

    other = page.context.browser.new_context().new_page()  # type: ignore[union-attr]
    try:
        open_chat(other, chat_url)
        other_state = json.loads(other.evaluate("() => sessionStorage.getItem('rpa-chat:v1')"))
        assert other_state["sessionId"] != state["sessionId"]
        expect(user_messages(other)).to_have_count(0)
    finally:
        other.context.close()


def test_typing_indicator_shows_while_a_reply_is_on_its_way(page: Page, chat_url: str) -> None:
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route("**/chat/webhook", hold)
    page.goto(chat_url)
    typing = page.get_by_role("status")
    expect(typing).to_have_text("The assistant is typing")
    expect(page.get_by_role("button", name="Send")).to_have_attribute("aria-disabled", "true")
    held[0].fulfill(json=[{"text": "Hello.", "buttons": []}])
    expect(bot_messages(page)).to_have_text(["Assistant said: Hello."])
    expect(typing).to_have_text("")


def test_markup_from_the_bot_or_the_user_is_shown_as_text_and_never_run(
    page: Page, chat_url: str
) -> None:
    bot_text = f"{SCRIPT_ATTACK} {IMG_ATTACK} javascript:alert(1) see https://example.org/a?b=1."
    reply = [{"text": bot_text, "buttons": [{"title": IMG_ATTACK, "payload": "/help"}]}]
    page.route("**/chat/webhook", lambda route: route.fulfill(json=reply))
    page.goto(chat_url)
    expect(bot_messages(page).first).to_contain_text(SCRIPT_ATTACK)
    expect(bot_messages(page).first).to_contain_text(IMG_ATTACK)
    expect(page.get_by_role("button", name=IMG_ATTACK)).to_be_visible()
    links = page.locator(".rpa-chat a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://example.org/a?b=1")

    page.unroute("**/chat/webhook")
    ask(page, f"{SCRIPT_ATTACK}{IMG_ATTACK}")
    expect(user_messages(page).last).to_contain_text(f"{SCRIPT_ATTACK}{IMG_ATTACK}")
    expect(bot_messages(page)).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)

    page.reload()  # history is re-rendered from sessionStorage: the same rule must hold
    expect(user_messages(page).last).to_contain_text(f"{SCRIPT_ATTACK}{IMG_ATTACK}")
    page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert page.locator(".rpa-chat script, .rpa-chat img").count() == 0
    assert page.evaluate("() => window.__xss") is None


def open_structured_answer(page: Page, chat_url: str) -> Any:
    """Opens the chat with every webhook call answered by STRUCTURED_REPLY; its first bubble."""
    page.route("**/chat/webhook", lambda route: route.fulfill(json=STRUCTURED_REPLY))
    page.goto(chat_url)
    answer = bot_messages(page).first
    expect(answer).to_contain_text("Source: SEND audit 2016-17")
    return answer


def test_bot_text_structure_renders_as_paragraphs_lists_bold_and_links(
    page: Page, chat_url: str
) -> None:
    answer = open_structured_answer(page, chat_url)
    body = answer.locator(".rpa-text")
    expect(body.locator(":scope > *")).to_have_count(5)
    expect(body.locator(":scope > p")).to_have_text(
        [
            "Disguised compliance A parent appears to cooperate to deflect concern.",
            "What to do:",
            "Source: SEND audit 2016-17 * not_emphasis",
        ]
    )
    # A single "\n" is a line break inside the paragraph, not a new paragraph.
    assert body.locator("p").first.evaluate("p => p.innerText") == (
        "Disguised compliance\nA parent appears to cooperate to deflect concern."
    )
    expect(body.locator("strong")).to_have_text(
        ["Disguised compliance", "actually", "<script>alert(1)</script>"]
    )
    expect(body.locator(":scope > ul > li")).to_have_text(
        [
            "Check what has actually changed",
            "Talk to the child <b>x</b>",
            "Keep <script>alert(1)</script> in mind",
        ]
    )
    numbered = body.locator(":scope > ol > li")
    expect(numbered).to_have_text(
        [
            "Children's social care <img src=x onerror=alert(1)> "
            "Contact: 020 8356 5500, https://example.org/csc?a=1 (opens in a new tab).",
            "Your safeguarding lead",
        ]
    )
    # The continuation line stays in its item, on a line of its own.
    assert "\nContact: 020 8356 5500" in numbered.first.evaluate("li => li.innerText")
    link = numbered.first.get_by_role("link")
    expect(link).to_have_accessible_name("https://example.org/csc?a=1 (opens in a new tab)")
    expect(link).to_have_attribute("href", "https://example.org/csc?a=1")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(answer.get_by_role("button", name="More reflective prompts")).to_be_visible()
    # Only the structure became elements: the markup in the text did not.
    page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert page.locator(".rpa-chat b, .rpa-chat img, .rpa-chat script").count() == 0
    assert body.evaluate(
        "el => [...el.querySelectorAll('*')].map(n => n.tagName).sort().join()"
    ) == ("A,LI,LI,LI,LI,LI,OL,P,P,P,SPAN,STRONG,STRONG,STRONG,UL")
    screenshot(page, "structured-desktop")

    rendered = body.inner_html()
    page.reload()  # history is re-rendered from sessionStorage: it must come out the same
    expect(bot_messages(page)).to_have_count(1)
    assert bot_messages(page).first.locator(".rpa-text").inner_html() == rendered

    ask(page, "**not bold** - https://example.org/x")  # the user's text stays plain text
    mine = user_messages(page).last
    expect(mine).to_contain_text("**not bold** - https://example.org/x")
    expect(mine.locator("strong, a, ul, p")).to_have_count(0)
    expect(bot_messages(page)).to_have_count(2)


def test_paths_of_the_assistants_own_pages_link_to_its_host(page: Page, chat_url: str) -> None:
    """Handout and workshop links are relative when RPA_PUBLIC_URL is unset: the widget links
    them to the assistant's host, and only when they stand as words of their own."""
    text = (
        "Printable handout on SEND audit 2016-17, Case 1 (Adam):\n/handouts/case/send-adam\n"
        "PDF: /handouts/case/send-adam.pdf\n\nand/handouts/x stays text. Source: SEND audit 2016-17"
    )
    reply = [{"recipient_id": "x", "text": text}]
    page.route("**/chat/webhook", lambda route: route.fulfill(json=reply))
    page.goto(chat_url)
    answer = bot_messages(page).first
    expect(answer).to_contain_text("Source: SEND audit 2016-17")
    links = answer.get_by_role("link")
    expect(links).to_have_count(2)
    origin = chat_url.split("/chat/")[0]
    expect(links.first).to_have_attribute("href", f"{origin}/handouts/case/send-adam")
    expect(links.last).to_have_attribute("href", f"{origin}/handouts/case/send-adam.pdf")


def test_structured_answer_passes_axe_and_reflows_at_320_css_pixels(
    page: Page, chat_url: str
) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    answer = open_structured_answer(page, chat_url)
    expect(answer.locator("li")).to_have_count(5)
    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, view: window.innerWidth,"
        " items: [...document.querySelectorAll('.rpa-text li, .rpa-text p')]"
        ".map(el => el.getBoundingClientRect().right),"
        " log: document.querySelector('.rpa-log').scrollWidth"
        " - document.querySelector('.rpa-log').clientWidth})"
    )
    assert widths["page"] <= widths["view"], widths
    assert max(widths["items"]) <= widths["view"], widths
    assert widths["log"] == 0, widths
    screenshot(page, "structured-320px")
    violations = axe_violations(page)
    report = [(v["impact"], v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    assert report == []


def test_axe_finds_no_serious_or_critical_violations(page: Page, chat_url: str) -> None:
    open_chat(page, chat_url)
    ask(page, QUESTION)
    expect(bot_messages(page).filter(has_text=SOURCE)).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    violations = axe_violations(page)
    report = [(v["impact"], v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    print("axe violations:", report or "none")
    assert [v for v in report if v[0] in ("serious", "critical")] == []


def test_keyboard_alone_reaches_every_control_with_visible_focus(page: Page, chat_url: str) -> None:
    open_chat(page, chat_url)
    expect(bot_messages(page).first.get_by_role("button")).to_have_count(2)
    reached: list[str] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                const visible = el.matches(':focus-visible') && style.outlineStyle !== 'none'
                    && parseFloat(style.outlineWidth) >= 2;
                return {kind: el.className || el.tagName, label: el.textContent.trim(),
                        inWidget: el.closest('.rpa-chat') !== null, visible};
            }"""
        )
        if stop["inWidget"]:
            assert stop["visible"], f"no visible focus on {stop}"
        reached.append(f"{stop['kind']}:{stop['label'][:30]}")
    for expected in ("rpa-input", "rpa-send:Send", "rpa-button:What can you do?", "rpa-log"):
        assert any(stop.startswith(expected) for stop in reached), (expected, reached)

    page.get_by_role("button", name="What can you do?").focus()
    page.keyboard.press("Enter")
    expect(user_messages(page).last).to_contain_text("What can you do?")
    expect(bot_messages(page)).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
    screenshot(page, "keyboard-desktop")


def test_reflows_at_320_css_pixels_without_horizontal_scrolling(page: Page, chat_url: str) -> None:
    """320 CSS px is a 1280 px window at 400% zoom (WCAG 1.4.10 Reflow)."""
    page.set_viewport_size({"width": 320, "height": 640})
    open_chat(page, chat_url)
    ask(page, QUESTION)
    expect(bot_messages(page).filter(has_text=SOURCE)).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, view: window.innerWidth,"
        " controls: [...document.querySelectorAll('.rpa-chat input, .rpa-chat button')]"
        ".map(el => el.getBoundingClientRect().right)})"
    )
    assert widths["page"] <= widths["view"], widths
    assert max(widths["controls"]) <= widths["view"], widths
    screenshot(page, "answer-320px")
    violations = [v["id"] for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert violations == []


def test_the_readme_snippet_embeds_the_widget_only_on_allowed_origins(
    page: Page, chat_url: str, intranet: IntranetServer
) -> None:
    page.goto(f"http://127.0.0.1:{intranet.server_port}/")  # the origin CORS allows
    expect(bot_messages(page).first).to_contain_text(NOTICE, timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("link[data-rpa-chat-style]")).to_have_attribute(
        "href", f"{chat_url}widget.css"
    )
    ask(page, QUESTION)
    expect(bot_messages(page).filter(has_text=SOURCE)).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    # Security review finding 15: the intranet page's own scripts cannot read what was typed.
    assert page.evaluate("() => sessionStorage.length") == 0

    page.goto(f"http://localhost:{intranet.server_port}/")  # same page, an origin not allowed
    expect(bot_messages(page).first).to_contain_text("could not be reached")
    expect(bot_messages(page).first).to_contain_text("call 999")
