"""How the assistant's replies look in Teams: Markdown text, Adaptive Cards and their buttons.

The assistant's text carries a little structure (paragraphs, "- " and "1. " lists, **bold**,
"# " headings, bare URLs; see bot/channels/webchat/widget.js). A text message is sent as
Markdown, and Teams joins a single "\n" into the line before it: see teams_markdown(). Text
with buttons is an Adaptive Card (not a hero card, whose text is a subset of HTML that keeps no
line breaks), written in the Markdown subset Teams documents for cards: **bold**, "- " and
"1. " lists, [links](url); no headings, tables or HTML. Every card is checked with Microsoft's
own renderer (tests/channels/teams/test_cards_render.py). Buttons are Action.Submit with a
messageBack, so Teams shows the button's title in the chat and sends back our `/intent{...}`
payload rather than the title.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
ADAPTIVE_CARD_VERSION = "1.4"
"""The newest version every Teams client (desktop, web and mobile) renders."""
_ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
MAX_CARD_ACTIONS = 5
"""Actions a card's renderer shows in one set (the Adaptive Cards host default); the route
finder offers seven situations."""

# The structure in the assistant's text, as the web chat widget reads it.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_BULLET_ITEM = re.compile(r"- ")
_NUMBERED_ITEM = re.compile(r"(\d{1,9})\. ")
_CONTINUATION = re.compile(r" {3}(?=\S)")
_HEADING = re.compile(r"(#{1,3}) (\S.*)")
_URL = re.compile(r"https?://[^\s<>\"']+")
_TRAILING_PUNCTUATION = re.compile(r"[.,;:!?)\]]+$")
# Markdown joins lines that end in a single "\n"; two trailing spaces make a hard line break.
_MARKDOWN_HARD_BREAK = "  \n"


def card_action(button: Mapping[str, Any]) -> dict[str, Any]:
    """An Adaptive Card action: a link opens; any other button is a messageBack that shows
    its title in the chat and sends us the payload, so Rasa skips NLU."""
    title = str(button.get("title") or button.get("payload") or "")
    if button.get("type") == "web_url" and button.get("url"):
        return {"type": "Action.OpenUrl", "title": title, "url": str(button["url"])}
    payload = str(button.get("payload") or title)
    return {
        "type": "Action.Submit",
        "title": title,
        "data": {
            "msteams": {"type": "messageBack", "displayText": title, "text": payload},
            "payload": payload,
        },
    }


def _paragraphs(text: str) -> list[list[str]]:
    """The text's paragraphs (blank-line separated), each as its lines."""
    blocks = _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [block.strip("\n").split("\n") for block in blocks if block.strip()]


def teams_markdown(text: str) -> str:
    """The text for a message with textFormat markdown: unchanged but for hard line breaks.

    Teams reads "- " and "1. " paragraphs as lists and **bold** as bold already, but joins a
    single "\n" into the line before it (MicrosoftDocs/msteams-docs#740), so every line break
    that does not start a list item gets Markdown's two trailing spaces. A numbered item's
    continuation line ("   Contact: ...") thereby stays inside the item, on its own line.
    """
    paragraphs = []
    for lines in _paragraphs(text):
        # Teams renders no Markdown headings on every client: a heading is a bold line.
        lines = [
            f"**{heading.group(2)}**" if (heading := _HEADING.fullmatch(line)) else line
            for line in lines
        ]
        joined = lines[0]
        for line in lines[1:]:
            starts_item = _BULLET_ITEM.match(line) or _NUMBERED_ITEM.match(line)
            joined = joined.rstrip(" ") + ("\n" if starts_item else _MARKDOWN_HARD_BREAK) + line
        paragraphs.append(joined)
    return "\n\n".join(paragraphs)


def _card_inline(line: str) -> str:
    """One line in the cards' Markdown: bare URLs as [url](url), everything else as is."""

    def link(match: re.Match[str]) -> str:
        if line[: match.start()].endswith("]("):
            return match.group()  # already a Markdown link's address
        url = _TRAILING_PUNCTUATION.sub("", match.group())
        return f"[{url}]({url}){match.group()[len(url) :]}"

    return _URL.sub(link, line)


def _text_block(text: str, first_of_paragraph: bool, **style: Any) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "TextBlock", "text": text, "wrap": True, **style}
    if not first_of_paragraph:
        block["spacing"] = "None"  # lines of one paragraph sit together
    return block


def card_body(text: str) -> list[dict[str, Any]]:
    """The text as TextBlocks, one a line: a card keeps no single "\n" as a line break, so a
    route step's continuation lines ("   Contact: ...") each get a block of their own."""
    body: list[dict[str, Any]] = []
    for lines in _paragraphs(text):
        for index, line in enumerate(lines):
            first = index == 0
            heading = _HEADING.fullmatch(line)
            if heading:  # Teams cards have no headings: a heading is a bold, larger line
                body.append(_text_block(heading.group(2), first, weight="Bolder", size="Medium"))
            elif numbered := _NUMBERED_ITEM.match(line):
                # "**1.**" keeps the number without starting a one-item list at 1 each time
                item = line[numbered.end() :]
                body.append(_text_block(f"**{numbered.group(1)}.** {_card_inline(item)}", first))
            elif _CONTINUATION.match(line):
                body.append(_text_block(_card_inline(line.strip()), False))
            else:
                body.append(_text_block(_card_inline(line), first))
    return body or [_text_block(" ", True)]


def adaptive_card(text: str, buttons: list[dict[str, Any]]) -> dict[str, Any]:
    """An Adaptive Card attachment: the text and a button per action, full width in Teams."""
    content: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": _ADAPTIVE_CARD_SCHEMA,
        "version": ADAPTIVE_CARD_VERSION,
        "body": card_body(text),
        "msteams": {"width": "Full"},
    }
    actions = [card_action(button) for button in buttons]
    if len(actions) <= MAX_CARD_ACTIONS:
        if actions:
            content["actions"] = actions
    else:  # a renderer shows MAX_CARD_ACTIONS per set and drops the rest: sets in the body
        content["body"] += [
            {"type": "ActionSet", "actions": actions[start : start + MAX_CARD_ACTIONS]}
            for start in range(0, len(actions), MAX_CARD_ACTIONS)
        ]
    return {"contentType": _ADAPTIVE_CARD, "content": content}


def image_card(url: str) -> dict[str, Any]:
    """An Adaptive Card attachment that shows only the image at url."""
    return {
        "contentType": _ADAPTIVE_CARD,
        "content": {
            "type": "AdaptiveCard",
            "$schema": _ADAPTIVE_CARD_SCHEMA,
            "version": ADAPTIVE_CARD_VERSION,
            "body": [{"type": "Image", "url": url, "altText": "Image from the assistant"}],
        },
    }
