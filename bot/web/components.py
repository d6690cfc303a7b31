"""The parts every page of ours is built from, written once: the layout, the site header, the
data table under each chart, and a form field. Insights, the live workshop, the handouts and
the sign-in pages all use these, so they look and behave alike (and are tested alike).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from bot.web.html import AttributeValue, Child, Markup, element, page

TRAINER_SITE = "Reflective practice assistant: trainer pages"


def layout(
    title: str,
    stylesheet: str,
    main_class: str,
    *main: Child,
    header: Child = None,
    head: Sequence[Child] = (),
    main_attributes: Mapping[str, AttributeValue] | None = None,
) -> str:
    """A whole page: `head` (more stylesheets, scripts) and the site header before the one
    <main id="main"> the skip link jumps to."""
    return page(
        title,
        stylesheet,
        *head,
        header,
        element("main", {"id": "main", "class": main_class, **(main_attributes or {})}, *main),
    )


def site_header(name: str, *extra: Child, css: str = "site-header") -> Markup:
    """The banner of a page: the site's name, then what the area adds (sign-out, navigation)."""
    return element("header", {"class": css}, element("p", {"class": "site-name"}, name), *extra)


def signed_in_header(base: str) -> Markup:
    """The banner of every signed-in trainer page, with its sign-out button."""
    return site_header(
        TRAINER_SITE,
        element(
            "form",
            {"method": "post", "action": f"{base}/logout", "class": "sign-out"},
            element("button", {"type": "submit", "class": "button button--secondary"}, "Sign out"),
        ),
    )


def data_table(
    caption: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Child]],
    numeric: frozenset[int] = frozenset(),
) -> Markup:
    """The accessible table of a chart's numbers: the first cell of a row heads it, `numeric`
    columns are right-aligned (so digits line up). Scrollable on its own when wider than the
    screen, so the page never scrolls sideways; focusable, so the keyboard can scroll it. The
    region is named "<caption>, table": the section around it already bears the caption's
    words, and two regions of one name confuse navigation."""

    def css(index: int) -> str | None:
        return "num" if index in numeric else None

    def cell(index: int, value: Child) -> Markup:
        if index == 0:
            return element("th", {"scope": "row", "class": css(index)}, value)
        return element("td", {"class": css(index)}, value)

    return element(
        "div",
        {"class": "table-wrap", "role": "region", "aria-label": f"{caption}, table", "tabindex": 0},
        element(
            "table",
            None,
            element("caption", None, caption),
            element(
                "thead",
                None,
                element(
                    "tr",
                    None,
                    *(
                        element("th", {"scope": "col", "class": css(i)}, name)
                        for i, name in enumerate(header)
                    ),
                ),
            ),
            element(
                "tbody",
                None,
                *(element("tr", None, *(cell(i, v) for i, v in enumerate(row))) for row in rows),
            ),
        ),
    )


def field(
    label: str,
    attributes: Mapping[str, AttributeValue],
    error: str = "",
    *,
    error_id: str | None = None,
) -> Markup:
    """A labelled input. With an error, the input is marked invalid and tied to the words of
    the error (role=alert, so it is announced): shown above the input, or, given `error_id`,
    elsewhere on the page (one message for a group of fields)."""
    field_id = str(attributes["id"])
    own_error = bool(error) and error_id is None
    described_by = error_id or f"{field_id}-error"
    input_attributes = dict(attributes)
    if error:
        input_attributes.update({"aria-invalid": "true", "aria-describedby": described_by})
    return element(
        "div",
        {"class": "field" + (" field--error" if own_error else "")},
        element("label", {"for": field_id}, label),
        element("p", {"id": described_by, "class": "error", "role": "alert"}, error)
        if own_error
        else None,
        element("input", input_attributes),
    )
