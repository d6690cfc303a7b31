"""The sign-off sheet as a page and a PDF for the safeguarding lead: the same `Sheet` as the
Markdown (`bot.knowledge.sign_off.markdown`), rendered with the handouts' escaped builder and
print stylesheet and printed by the handouts' Chromium, so the lead signs what the assistant
says, on paper if they wish, with a signature block under every section.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.handouts.pages import STYLESHEET, section
from bot.handouts.pdf import print_pdf
from bot.knowledge.sign_off import HEADER, SIGNATURE_LINES, Sheet, SheetItem, sign_command
from bot.knowledge.signatures import SignState
from bot.web.components import layout
from bot.web.html import Markup, element

TITLE = "Sign-off sheet: reflective practice assistant"


def _says(item: SheetItem) -> Markup:
    return element(
        "dl",
        {"class": "sign-off-says"},
        *(
            (element("dt", None, label), element("dd", None, *_lines(text)))
            for label, text in item.says
            if text
        ),
    )


def _lines(text: str) -> list[Markup | str]:
    parts: list[Markup | str] = []
    for number, line in enumerate(text.split("\n")):
        if number:
            parts.append(element("br"))
        parts.append(line)
    return parts


def _rows(items: Sequence[SheetItem]) -> Markup:
    head = element(
        "thead",
        None,
        element(
            "tr",
            None,
            *(
                element("th", {"scope": "col"}, name)
                for name in ("id", "what the assistant says", "source", "status", "sign-off")
            ),
        ),
    )
    body = element(
        "tbody",
        None,
        *(
            element(
                "tr",
                {"class": "changed" if item.sign_state is SignState.CHANGED else None},
                element(
                    "th",
                    {"scope": "row"},
                    element("code", None, item.id),
                    element("br"),
                    item.where,
                ),
                element("td", None, _says(item)),
                element("td", None, item.source),
                element(
                    "td",
                    None,
                    item.status,
                    (" ", element("strong", None, item.review)) if item.review else None,
                ),
                element(
                    "td",
                    None,
                    item.signed_text,
                    element("br"),
                    element("code", None, item.fingerprint),
                ),
            )
            for item in items
        ),
    )
    return element("div", {"class": "table-wrap"}, element("table", None, head, body))


def _signature_block(section_id: str) -> Markup:
    return element(
        "div",
        {"class": "signature-block"},
        *(element("p", None, line) for line in SIGNATURE_LINES),
        element(
            "p",
            {"class": "citation"},
            "To record it: ",
            element("code", None, sign_command(section_id)),
        ),
    )


def sheet_body(
    sheet: Sheet, signature_block: Callable[[str], Markup] = _signature_block
) -> list[Markup]:
    """Everything under the title: the counts, what changed since signed, then each section
    with its items and `signature_block(section id)` (on paper, lines to sign and the command
    that records it; on the learning lead's page, the form that signs it)."""
    unsigned = sheet.needing_signature()
    body = [
        element(
            "p", {"class": "lede"}, f"Written {sheet.written.isoformat()} from knowledge/. {HEADER}"
        ),
        element(
            "p",
            None,
            f"{sum(1 for _ in sheet.items)} items; {len(unsigned)} not signed as they are now "
            f"({len(sheet.changed)} changed since signed).",
        ),
    ]
    if sheet.changed:
        body.append(section("changed", "Changed since signed", _rows(sheet.changed)))
    body += [
        section(
            part.id,
            part.title,
            element("p", None, "Section id: ", element("code", None, part.id)),
            _rows(part.items),
            signature_block(part.id),
        )
        for part in sheet.sections
    ]
    return body


def render_sheet(sheet: Sheet, stylesheet: str = STYLESHEET) -> str:
    return layout(
        TITLE, stylesheet, "page handout sign-off", element("h1", None, TITLE), *sheet_body(sheet)
    )


def sheet_pdf(sheet: Sheet) -> bytes:
    """The page printed by Chromium (bot.handouts.pdf), A4 landscape by the print stylesheet."""
    return print_pdf(render_sheet(sheet))
