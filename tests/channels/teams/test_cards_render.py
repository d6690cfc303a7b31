"""Every card the assistant can send to Teams, rendered by Microsoft's own Adaptive Cards
renderer (npm `adaptivecards`, pinned in bot/channels/webchat/package.json) in headless
Chromium: a card it rejects, warns about, or renders without all of its buttons fails.

The cards come from the assistant itself: every domain response with buttons, and every reply
with buttons that the real servers give while this test walks the conversation two buttons
deep from a set of openings (greeting, answers, the route finder, a route and its handout,
case walk-throughs, quizzes, urgent advice, a misunderstood message).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser

from bot.channels.teams.formatting import MAX_CARD_ACTIONS, adaptive_card
from bot.settings import PROJECT_ROOT
from bot.tooling.evaluation import ask
from tests.browser import CHROMIUM, new_page
from tests.support import Assistant

RENDERER = (
    PROJECT_ROOT
    / "bot"
    / "channels"
    / "webchat"
    / "node_modules"
    / "adaptivecards"
    / "dist"
    / "adaptivecards.min.js"
)
OPENINGS = (
    "hello",
    "what can you do",
    "mum keeps cancelling the appointments",
    "how do I escalate",
    "tell me about the Erika case",
    "walk me through the Adam case",
    "quiz me on the SEND audit",
    "I think a child is in immediate danger",
    "xq zzv blorp",
)
BRANCHES = 3
"""Buttons followed from each reply (two levels deep), each path replayed in a new chat."""

RENDER = """(cards) => cards.map((json) => {
    const card = new AdaptiveCards.AdaptiveCard();
    const context = new AdaptiveCards.SerializationContext();
    card.parse(json, context);
    const events = [];
    for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i).message);
    const failures = card.validateProperties().validationEvents.map((event) => event.message);
    const element = card.render();
    if (!element) return {events, failures, rendered: false, buttons: [], texts: []};
    document.body.appendChild(element);
    return {
        events, failures, rendered: true,
        buttons: [...element.querySelectorAll('button')].map((b) => b.textContent.trim()),
        texts: [...element.querySelectorAll('.ac-textBlock')].map((t) => t.textContent.trim()),
    };
})"""


def domain_cards() -> list[dict[str, Any]]:
    """Every response with buttons in the domain files (templates render with their slots)."""
    cards = []
    for path in [PROJECT_ROOT / "domain.yml", *sorted(PROJECT_ROOT.glob("data/*/domain.yml"))]:
        responses = (yaml.safe_load(path.read_text()) or {}).get("responses") or {}
        for variants in responses.values():
            for variant in variants:
                if variant.get("buttons"):
                    cards.append(adaptive_card(variant.get("text") or "", variant["buttons"]))
    return cards


def walk(assistant: Assistant) -> list[dict[str, Any]]:
    """The cards of every reply met on each path of up to two button presses."""
    cards: dict[str, dict[str, Any]] = {}
    paths: list[list[str]] = [[opening] for opening in OPENINGS]
    while paths:
        path = paths.pop()
        sender = f"cards-{uuid.uuid4().hex}"
        replies: list[dict[str, Any]] = []
        for message in path:
            replies = ask(assistant.url, message, sender=sender)
        buttons = [b for reply in replies for b in reply.get("buttons") or []]
        for reply in replies:
            if reply.get("buttons"):
                card = adaptive_card(str(reply.get("text") or ""), reply["buttons"])
                cards[json.dumps(card, sort_keys=True)] = card
        if len(path) <= 2:
            paths += [[*path, str(b["payload"])] for b in buttons[:BRANCHES] if b.get("payload")]
    return list(cards.values())


def render(browser: Browser, cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not CHROMIUM.exists() or not RENDERER.exists():
        pytest.fail("needs Debian's chromium and `make webchat-deps` (the Adaptive Cards renderer)")
    page = new_page(browser, 600, 800)
    try:
        page.set_content("<!doctype html><html lang='en'><body></body></html>")
        page.add_script_tag(path=str(RENDERER))
        return list(page.evaluate(RENDER, [card["content"] for card in cards]))
    finally:
        page.context.close()


def problems(cards: list[dict[str, Any]], rendered: list[dict[str, Any]]) -> list[str]:
    found = []
    for card, result in zip(cards, rendered, strict=True):
        content = card["content"]
        actions = content.get("actions", []) + [
            action
            for element in content["body"]
            if element["type"] == "ActionSet"
            for action in element["actions"]
        ]
        titles = [action["title"] for action in actions]
        first = next((b["text"] for b in content["body"] if b["type"] == "TextBlock"), "")[:50]
        if result["events"] or result["failures"] or not result["rendered"]:
            found.append(f"{first!r}: rejected: {result['events'] + result['failures']}")
        elif sorted(result["buttons"]) != sorted(titles):
            found.append(f"{first!r}: buttons {result['buttons']} rendered, {titles} sent")
        elif not all(result["texts"]):
            found.append(f"{first!r}: an empty text block")
    return found


def test_the_renderer_rejects_a_broken_card_and_drops_extra_buttons(browser: Browser) -> None:
    """The check itself can fail: a card with an unknown element, and a hand-made card with
    more buttons than a set shows, are both found."""
    broken = adaptive_card("Hello", [])
    broken["content"]["body"].append({"type": "NoSuchElement"})
    crowded = adaptive_card("Pick", [])
    crowded["content"]["actions"] = [
        {"type": "Action.Submit", "title": f"Option {n}", "data": {"payload": f"/{n}"}}
        for n in range(MAX_CARD_ACTIONS + 2)
    ]
    found = problems([broken, crowded], render(browser, [broken, crowded]))
    assert len(found) == 2, found


def test_every_domain_card_renders_with_all_its_buttons(browser: Browser) -> None:
    cards = domain_cards()
    assert len(cards) >= 5
    assert problems(cards, render(browser, cards)) == []


def test_every_card_met_in_conversation_renders_with_all_its_buttons(
    browser: Browser, assistant: Assistant
) -> None:
    cards = walk(assistant)
    assert len(cards) >= 20, f"only {len(cards)} cards met"
    assert any(
        element["type"] == "ActionSet" for card in cards for element in card["content"]["body"]
    ), "the route finder's seven situations were not met"
    assert problems(cards, render(browser, cards)) == []
