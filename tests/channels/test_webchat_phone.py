"""The web chat as people hold it: a phone, a keyboard and a screen reader, in headless Chromium
against the real servers (issue 24). Every turn of one conversation through every kind of
reply (greeting, answer, button, route finder, long route, handout, thanks, urgent advice) is
checked for what a person sees and where focus is; screenshots go to results/webchat/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.channels.webchat_page import (
    ANSWER_TIMEOUT_MS,
    NOTICE,
    ask,
    axe_violations,
    bot_messages,
    open_chat,
    screenshot,
    user_messages,
)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# Where the newest reply starts, the input and the log, in CSS px of the viewport.
LAYOUT = """() => {
    const log = document.querySelector('.rpa-log');
    const messages = [...log.querySelectorAll('.rpa-message')];
    const lastUser = messages.map(m => m.classList.contains('rpa-message--user')).lastIndexOf(true);
    const first = messages[lastUser + 1] || messages[messages.length - 1];
    const line = first.querySelector('.rpa-text > *').getBoundingClientRect();
    const box = log.getBoundingClientRect();
    const input = document.querySelector('.rpa-input').getBoundingClientRect();
    const header = document.querySelector('.rpa-page-header').getBoundingClientRect();
    return {lineTop: line.top, logTop: box.top, logBottom: box.bottom, logHeight: box.height,
            inputTop: input.top, inputBottom: input.bottom, headerHeight: header.height,
            viewport: window.innerHeight, pageScroll: document.documentElement.scrollHeight};
}"""
# The controls a Tab can reach in the newest reply (buttons and links of its bot messages).
REPLY_CONTROLS = """() => {
    const messages = [...document.querySelectorAll('.rpa-log .rpa-message')];
    const lastUser = messages.map(m => m.classList.contains('rpa-message--user')).lastIndexOf(true);
    return messages.slice(lastUser + 1)
        .flatMap(m => [...m.querySelectorAll('button, a[href]')])
        .filter(el => !el.closest('[hidden]')).length;
}"""
ONLY_NEWEST_BUTTONS = """() => {
    const messages = [...document.querySelectorAll('.rpa-log .rpa-message')];
    const lastUser = messages.map(m => m.classList.contains('rpa-message--user')).lastIndexOf(true);
    return [...document.querySelectorAll('.rpa-log .rpa-buttons')]
        .every(group => messages.indexOf(group.closest('.rpa-message')) > lastUser);
}"""
FOCUS = """() => {
    const el = document.activeElement;
    return {input: el.classList.contains('rpa-input'),
            bot: el.classList.contains('rpa-message--bot'), tag: el.tagName,
            text: (el.textContent || '').trim().slice(0, 40)};
}"""


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, bypass_csp=True, has_touch=True)
    tab = context.new_page()
    yield tab
    context.close()


def newest_reply_in_view(page: Page, name: str) -> dict[str, Any]:
    """The first line of the newest answer and the input are on screen together."""
    page.wait_for_timeout(100)  # scrolling after the reply is rendered
    layout = page.evaluate(LAYOUT)
    screenshot(page, name)
    assert layout["logTop"] - 1 <= layout["lineTop"] <= layout["logBottom"] - 20, (name, layout)
    assert layout["inputTop"] >= 0, (name, layout)
    assert layout["inputBottom"] <= layout["viewport"], (name, layout)
    assert layout["pageScroll"] <= layout["viewport"] + 1, (name, layout)  # the page never scrolls
    return layout


def tabs_to_input(page: Page, limit: int = 30) -> int:
    """Tab presses from where focus is to the input (0 when it is there already)."""
    for presses in range(limit + 1):
        if page.evaluate(FOCUS)["input"]:
            return presses
        page.keyboard.press("Tab")
    raise AssertionError(f"the input was not reached in {limit} Tabs")


def reply_after(page: Page, count_before: int) -> None:
    expect(bot_messages(page)).not_to_have_count(count_before, timeout=ANSWER_TIMEOUT_MS)
    expect(page.get_by_role("status")).to_have_text("", timeout=ANSWER_TIMEOUT_MS)


def say(page: Page, text: str) -> None:
    before = bot_messages(page).count()
    ask(page, text)
    reply_after(page, before)
    assert page.evaluate(FOCUS)["input"], "focus stays on the input after typing"


def press(page: Page, title: str) -> None:
    before = bot_messages(page).count()
    button = page.get_by_role("log").get_by_role("button", name=title)
    expect(button).to_have_count(1)  # earlier replies' buttons are gone
    button.focus()
    page.keyboard.press("Enter")
    reply_after(page, before)
    focus = page.evaluate(FOCUS)
    assert focus["bot"], f"after a button, focus moves to the answer: {focus}"
    expect(user_messages(page).last).to_contain_text(title)


def press_first(page: Page) -> None:
    """Presses the newest reply's first button (a quiz option, a walk-through choice)."""
    title = page.locator(".rpa-log .rpa-buttons button").first.text_content() or ""
    press(page, title.strip())


def check_turn(page: Page, name: str) -> None:
    newest_reply_in_view(page, f"phone-{name}")
    controls = page.evaluate(REPLY_CONTROLS)
    assert tabs_to_input(page) <= 1 + controls, name
    # Only the newest reply's buttons are left to Tab through or to list.
    assert page.evaluate(ONLY_NEWEST_BUTTONS), f"{name}: an older button group is still live"


def test_every_turn_on_a_phone_keeps_the_answer_start_and_the_input_in_view(
    phone: Page, chat_url: str
) -> None:
    open_chat(phone, chat_url)
    layout = newest_reply_in_view(phone, "phone-greeting")
    assert layout["headerHeight"] <= 40, "the page header is one line on a phone"
    assert layout["logHeight"] >= 0.6 * layout["viewport"], layout
    notice = phone.locator(".rpa-notice")
    expect(notice.locator(".rpa-notice-short")).to_be_visible()
    assert notice.bounding_box()["height"] <= 64, "the notice is one line (two at most)"  # type: ignore[index]
    phone.get_by_role("button", name="Hide this notice").click()
    expect(phone.locator(".rpa-notice")).to_have_count(0)
    layout = newest_reply_in_view(phone, "phone-notice-hidden")
    assert layout["logHeight"] >= 0.7 * layout["viewport"], layout
    # The full notice stays the input's description for a screen reader.
    expect(phone.get_by_label("Your question")).to_have_accessible_description(
        f"{NOTICE}. This is not a place to report a concern: if a child is in immediate danger, "
        "call 999."
    )

    say(phone, "mum keeps cancelling the appointments")
    check_turn(phone, "answer")
    press(phone, "Services and contacts")
    check_turn(phone, "button")
    expect(phone.locator(".rpa-chosen").last).to_have_text("You chose: Services and contacts")
    say(phone, "how do I escalate")
    check_turn(phone, "route-finder")
    press(phone, "An agency isn't responding")
    check_turn(phone, "route-tried")
    press(phone, "Not yet")
    check_turn(phone, "route")
    route = bot_messages(phone).last
    more = route.get_by_role("button", name="Show the rest")
    expect(more).to_have_attribute("aria-expanded", "false")
    # What to do now (the first step) is shown; the later steps are one tap away, numbered on.
    expect(route.locator(".rpa-text > ol")).to_contain_text("Raise it with your manager")
    expect(route.locator(".rpa-rest")).to_be_hidden()
    expect(route.locator(".rpa-rest ol")).to_have_attribute("start", "2")
    more.click()
    expect(route.locator(".rpa-rest")).to_be_visible()
    expect(route.locator(".rpa-rest")).to_be_focused()
    say(phone, "thanks")
    check_turn(phone, "thanks")
    say(phone, "quiz me on the SEND audit")
    check_turn(phone, "quiz")
    press_first(phone)
    check_turn(phone, "quiz-answer")
    say(phone, "walk me through the Adam case")
    check_turn(phone, "walk-through")
    press_first(phone)
    check_turn(phone, "walk-through-choice")
    say(phone, "a child is in immediate danger right now")
    check_turn(phone, "urgent")
    assert "999" in " ".join(bot_messages(phone).all_text_contents()[-3:])

    # Reloaded from this tab's history: the same single set of live buttons.
    choices = phone.locator(".rpa-log .rpa-buttons button").count()
    phone.reload()
    expect(bot_messages(phone).first).to_be_visible()
    assert phone.locator(".rpa-log .rpa-buttons button").count() == choices


def test_a_long_route_is_announced_by_its_start_and_read_as_structure(
    phone: Page, chat_url: str
) -> None:
    open_chat(phone, chat_url)
    say(phone, "how do I escalate")
    press(phone, "An agency isn't responding")
    press(phone, "Not yet")
    log = phone.get_by_role("log", name="Conversation")
    expect(log).to_have_attribute("aria-live", "off")
    announced = phone.locator(".rpa-announcer").text_content() or ""
    assert announced.startswith("Assistant: Your escalation route"), announced
    assert len(announced) <= 360 and announced.endswith("More in the conversation."), announced
    assert "Escalate to the Independent Chair" not in announced

    cdp = phone.context.new_cdp_session(phone)
    tree = cdp.send("Accessibility.getFullAXTree")["nodes"]
    shown = [node for node in tree if not node.get("ignored")]
    buttons = [
        node["name"]["value"] for node in shown if node.get("role", {}).get("value") == "button"
    ]
    assert len(buttons) == len(set(buttons)), f"duplicate buttons for a screen reader: {buttons}"
    groups = [
        node["name"]["value"] for node in shown if node.get("role", {}).get("value") == "group"
    ]
    assert groups and all(name and name != "Suggested replies" for name in groups), groups
    texts = " ".join(node.get("name", {}).get("value", "") for node in shown if node.get("name"))
    assert "Contact the agency, set out the concern" not in texts  # step 2: behind "Show the rest"
    assert "what it means for the child" in texts  # step 1: what to do now

    press(phone, "Handout of this route")
    cdp = phone.context.new_cdp_session(phone)
    tree = cdp.send("Accessibility.getFullAXTree")["nodes"]
    bot_messages(phone).last.get_by_role("button", name="Show the rest").click()
    tree = cdp.send("Accessibility.getFullAXTree")["nodes"]
    headings = [
        node["name"]["value"]
        for node in tree
        if not node.get("ignored") and node.get("role", {}).get("value") == "heading"
    ]
    assert any(name.startswith("Escalation route:") for name in headings), headings
    assert "Steps" in headings and "Sources" in headings, headings
    static = [
        node.get("name", {}).get("value", "")
        for node in tree
        if node.get("role", {}).get("value") == "StaticText"
    ]
    assert not [text for text in static if text.lstrip().startswith("#")], "raw Markdown read out"
    screenshot(phone, "phone-handout")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390x844", "1280x800"])
def test_axe_finds_no_serious_or_critical_violations_on_a_route(
    browser: Browser, chat_url: str, size: dict[str, int]
) -> None:
    context = browser.new_context(viewport=size, bypass_csp=True)
    tab = context.new_page()
    try:
        open_chat(tab, chat_url)
        say(tab, "how do I escalate")
        press(tab, "An agency isn't responding")
        press(tab, "Not yet")
        newest_reply_in_view(tab, f"route-{size['width']}")
        report = [
            (v["impact"], v["id"], [n["target"] for n in v["nodes"]]) for v in axe_violations(tab)
        ]
        assert [v for v in report if v[0] in ("serious", "critical")] == [], report
    finally:
        context.close()
