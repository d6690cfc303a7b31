"""How the assistant's replies look in Teams: Markdown text, hero cards and their buttons.

The assistant's text carries a little structure (paragraphs, "- " and "1. " lists, **bold**,
bare URLs; see bot/channels/webchat/widget.js). Teams renders it from Markdown in text messages,
but a hero card's text is a subset of HTML with no Markdown, and neither keeps a single "\n" as
a line break: see teams_markdown() and hero_card_html(). Buttons become messageBack actions, so
Teams sends back our `/intent{...}` payload rather than the button's title.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

_HERO_CARD = "application/vnd.microsoft.card.hero"

# The structure in the assistant's text, as the web chat widget reads it.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_BULLET_ITEM = re.compile(r"- ")
_NUMBERED_ITEM = re.compile(r"(\d{1,9})\. ")
_CONTINUATION = re.compile(r" {3}(?=\S)")
_BOLD = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")  # "2 ** 3" is not bold
_URL = re.compile(r"https?://[^\s<>\"']+")
_TRAILING_PUNCTUATION = re.compile(r"[.,;:!?)\]]+$")
# Markdown joins lines that end in a single "\n"; two trailing spaces make a hard line break.
_MARKDOWN_HARD_BREAK = "  \n"


def card_action(button: Mapping[str, Any]) -> dict[str, Any]:
    """messageBack shows the title in the chat but sends us the payload, so Rasa skips NLU."""
    title = str(button.get("title") or button.get("payload") or "")
    if button.get("type") == "web_url" and button.get("url"):
        return {"type": "openUrl", "title": title, "value": button["url"]}
    payload = str(button.get("payload") or title)
    return {
        "type": "messageBack",
        "title": title,
        "displayText": title,
        "text": payload,
        "value": {"payload": payload},
    }


def _paragraphs(text: str) -> list[list[str]]:
    """The text's paragraphs (blank-line separated), each as its lines."""
    blocks = _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [block.strip("\n").split("\n") for block in blocks if block.strip()]


def _is_bullet_list(lines: list[str]) -> bool:
    return all(_BULLET_ITEM.match(line) for line in lines)


def _numbered_list_start(lines: list[str]) -> int | None:
    """The first item's number if the lines are numbered items (with continuation lines)."""
    first = _NUMBERED_ITEM.match(lines[0])
    if first and all(_NUMBERED_ITEM.match(line) or _CONTINUATION.match(line) for line in lines):
        return int(first.group(1))
    return None


def teams_markdown(text: str) -> str:
    """The text for a message with textFormat markdown: unchanged but for hard line breaks.

    Teams reads "- " and "1. " paragraphs as lists and **bold** as bold already, but joins a
    single "\n" into the line before it (MicrosoftDocs/msteams-docs#740), so every line break
    that does not start a list item gets Markdown's two trailing spaces. A numbered item's
    continuation line ("   Contact: ...") thereby stays inside the item, on its own line.
    """
    paragraphs = []
    for lines in _paragraphs(text):
        joined = lines[0]
        for line in lines[1:]:
            starts_item = _BULLET_ITEM.match(line) or _NUMBERED_ITEM.match(line)
            joined = joined.rstrip(" ") + ("\n" if starts_item else _MARKDOWN_HARD_BREAK) + line
        paragraphs.append(joined)
    return "\n\n".join(paragraphs)


def _html_inline(line: str) -> str:
    """One line as escaped HTML: **bold** as <strong>, bare http(s) URLs as links."""

    def linked(text: str) -> str:
        parts, last = [], 0
        for match in _URL.finditer(text):
            url = _TRAILING_PUNCTUATION.sub("", match.group())
            parts.append(html.escape(text[last : match.start()], quote=False))
            parts.append(f'<a href="{html.escape(url)}">{html.escape(url, quote=False)}</a>')
            last = match.start() + len(url)
        parts.append(html.escape(text[last:], quote=False))
        return "".join(parts)

    parts, last = [], 0
    for match in _BOLD.finditer(line):
        parts.append(linked(line[last : match.start()]))
        parts.append(f"<strong>{linked(match.group(1))}</strong>")
        last = match.end()
    parts.append(linked(line[last:]))
    return "".join(parts)


def hero_card_html(text: str) -> str:
    """The text for a hero card, whose `text` Teams renders as a subset of HTML, not Markdown.

    Microsoft documents <strong>, <ul>, <ol>, <li> and <a> for hero and thumbnail cards, and a
    "\n" there is not shown as a line break (microsoft/botframework-sdk#3182), so lines are
    joined with <br>. Everything else is escaped: "<b>" in the text stays "<b>" on screen.
    """
    blocks: list[tuple[str, str]] = []
    for lines in _paragraphs(text):
        if _is_bullet_list(lines):
            items = "".join(
                f"<li>{_html_inline(_BULLET_ITEM.sub('', line, 1))}</li>" for line in lines
            )
            blocks.append(("list", f"<ul>{items}</ul>"))
        elif (start := _numbered_list_start(lines)) is not None:
            numbered: list[list[str]] = []
            for line in lines:
                if _NUMBERED_ITEM.match(line):
                    numbered.append([_NUMBERED_ITEM.sub("", line, 1)])
                else:
                    numbered[-1].append(_CONTINUATION.sub("", line, 1))
            items = "".join(
                "<li>" + "<br>".join(_html_inline(part) for part in item) + "</li>"
                for item in numbered
            )
            opening = "<ol>" if start == 1 else f'<ol start="{start}">'
            blocks.append(("list", f"{opening}{items}</ol>"))
        else:
            blocks.append(("text", "<br>".join(_html_inline(line) for line in lines)))
    rendered = ""
    for index, (kind, block) in enumerate(blocks):
        # Lists are blocks that bring their own spacing; paragraphs need an empty line.
        if index and kind == "text" and blocks[index - 1][0] == "text":
            rendered += "<br><br>"
        rendered += block
    return rendered


def hero_card(text: str, buttons: list[dict[str, Any]]) -> dict[str, Any]:
    """A hero card attachment; `text` (not Rasa's `subtitle`) because Teams wraps it in full."""
    return {
        "contentType": _HERO_CARD,
        "content": {
            "text": hero_card_html(text),
            "buttons": [card_action(button) for button in buttons],
        },
    }


def image_card(url: str) -> dict[str, Any]:
    """A hero card attachment that shows only the image at url."""
    return {"contentType": _HERO_CARD, "content": {"images": [{"url": url}]}}
