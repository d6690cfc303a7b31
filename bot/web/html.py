"""HTML for the trainer pages, built so that data can only ever be text.

Pages are assembled from `element` calls: a plain `str` child or attribute value is escaped
with `html.escape`, and only what `element` itself returned (`Markup`) is inserted as markup.
A question a practitioner typed is therefore escaped wherever it is placed, without relying on
each call site to remember to do it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
STYLESHEET = "trainer.css"
"""The one stylesheet of every trainer page (static/), served by each page's blueprint."""

# The pages run no script at all and load only our stylesheet; forms post only to us. With
# `same-origin` referrers, a form post still carries its Origin (`no-referrer` would turn it
# into "null", and the login's CSRF check would refuse every sign-in).
PAGE_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

VOID_ELEMENTS = frozenset({"br", "input", "link", "meta"})
NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")

AttributeValue = str | int | float | bool | None
Child = str | int | float | None | Iterable["Child"]


class Markup(str):
    """A string that is already HTML: only `element`, `fragment` and `page` make one."""


def text(value: str | int | float) -> Markup:
    """A value as HTML text: escaped, quotes included, so it is safe in any position."""
    return Markup(html.escape(str(value), quote=True))


def fragment(*children: Child) -> Markup:
    """Children joined as HTML: strings and numbers escaped, Markup kept, lists flattened."""
    parts: list[str] = []
    for child in children:
        if child is None:
            continue
        if isinstance(child, Markup):
            parts.append(child)
        elif isinstance(child, str | int | float):
            parts.append(text(child))
        else:
            parts.append(fragment(*child))
    return Markup("".join(parts))


def element(
    name: str, attributes: Mapping[str, AttributeValue] | None = None, *children: Child
) -> Markup:
    """`<name attributes>children</name>`. Names come from code and are checked; attribute
    values are escaped; True is a bare boolean attribute, None and False leave it out."""
    for key in (name, *(attributes or {})):
        if not NAME.fullmatch(key):
            raise ValueError(f"not an HTML name: {key!r}")
    rendered = "".join(
        f" {key}" if value is True else f' {key}="{text(value)}"'
        for key, value in (attributes or {}).items()
        if value is not None and value is not False
    )
    if name in VOID_ELEMENTS:
        if children:
            raise ValueError(f"<{name}> cannot have children")
        return Markup(f"<{name}{rendered}>")
    return Markup(f"<{name}{rendered}>{fragment(*children)}</{name}>")


def page(title: str, stylesheet_href: str, *body: Child) -> str:
    """A whole trainer page: language, viewport for phones, our stylesheet, a skip link."""
    return "<!doctype html>\n" + element(
        "html",
        {"lang": "en-GB"},
        element(
            "head",
            None,
            element("meta", {"charset": "utf-8"}),
            element("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
            element("title", None, title),
            element("link", {"rel": "stylesheet", "href": stylesheet_href}),
        ),
        element(
            "body",
            None,
            element("a", {"class": "skip-link", "href": "#main"}, "Skip to main content"),
            *body,
        ),
    )
