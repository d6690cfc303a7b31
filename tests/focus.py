"""Keyboard checks shared by the browser tests of the server-rendered pages."""

from __future__ import annotations

from playwright.sync_api import Page

FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {name: el.tagName + ':' + el.textContent.trim(),
            visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
}"""


def tab_stops(page: Page, presses: int) -> list[str]:
    """What Tab reaches, up to `presses` times or past the last control, each as
    "TAG:text"; fails on a stop whose focus is not visible (WCAG 2.4.7)."""
    reached: list[str] = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["name"].startswith("BODY:"):
            break
        assert stop["visible"], f"no visible focus on {stop}"
        reached.append(stop["name"])
    return reached
