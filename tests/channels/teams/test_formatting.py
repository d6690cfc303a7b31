"""How replies look in Teams: Markdown text, Adaptive Cards and payload-carrying buttons."""

from __future__ import annotations

import asyncio

from rasa.core.channels.channel import UserMessage

from bot.channels.teams.formatting import adaptive_card, card_action, card_body, teams_markdown
from tests.channels.teams.fake_microsoft import bot_framework_token, harness, teams_message

# An answer in the assistant's text format: bold title, line break, bulleted and numbered
# lists (with a continuation line), a bare URL, and markup that must stay literal text.
STRUCTURED = (
    "**Disguised compliance**\n"
    "A parent appears to cooperate to deflect concern.\n\n"
    "What to do:\n\n"
    "- Check what has actually changed <b>x</b>\n"
    "- Keep the child in focus **<script>alert(1)</script>**\n\n"
    "1. Children's social care\n"
    "   Contact: 020 8356 5500, https://example.org/csc?a=1&b=2.\n"
    "2. Your safeguarding lead\n\n"
    "Source: SEND audit 2016-17"
)


def test_structured_text_is_posted_as_markdown_with_its_line_breaks_kept() -> None:
    async def answer(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, STRUCTURED)

    async def scenario() -> None:
        async with harness(answer) as h:
            activity = teams_message(h.microsoft.service_url)
            assert await h.post(activity, bot_framework_token(h.microsoft.service_url)) == 200
            [(_, _, reply)] = h.microsoft.replies
            assert reply["type"] == "message"
            assert reply["textFormat"] == "markdown"
            assert "attachments" not in reply
            # Unchanged but for two spaces before each "\n" that is a line break, not a new item.
            assert reply["text"] == (
                "**Disguised compliance**  \n"
                "A parent appears to cooperate to deflect concern.\n\n"
                "What to do:\n\n"
                "- Check what has actually changed <b>x</b>\n"
                "- Keep the child in focus **<script>alert(1)</script>**\n\n"
                "1. Children's social care  \n"
                "   Contact: 020 8356 5500, https://example.org/csc?a=1&b=2.\n"
                "2. Your safeguarding lead\n\n"
                "Source: SEND audit 2016-17"
            )

    asyncio.run(scenario())


def test_structured_text_on_a_card_is_a_text_block_a_line_in_the_cards_markdown() -> None:
    async def answer(message: UserMessage) -> None:
        await message.output_channel.send_text_with_buttons(
            message.sender_id,
            "# Escalation route: x\n\n" + STRUCTURED,
            [{"title": "More reflective prompts", "payload": "/more"}],
        )

    async def scenario() -> None:
        async with harness(answer) as h:
            activity = teams_message(h.microsoft.service_url)
            assert await h.post(activity, bot_framework_token(h.microsoft.service_url)) == 200
            [(_, _, reply)] = h.microsoft.replies
            assert "text" not in reply and "textFormat" not in reply
            [card] = reply["attachments"]
            assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
            content = card["content"]
            assert (content["type"], content["version"]) == ("AdaptiveCard", "1.4")
            blocks = [(b["text"], b.get("spacing"), b.get("weight")) for b in content["body"]]
            assert (
                blocks
                == [
                    ("Escalation route: x", None, "Bolder"),  # a heading: a bold line, no "#"
                    ("**Disguised compliance**", None, None),
                    ("A parent appears to cooperate to deflect concern.", "None", None),
                    ("What to do:", None, None),
                    ("- Check what has actually changed <b>x</b>", None, None),
                    ("- Keep the child in focus **<script>alert(1)</script>**", "None", None),
                    ("**1.** Children's social care", None, None),
                    (
                        "Contact: 020 8356 5500, "
                        "[https://example.org/csc?a=1&b=2](https://example.org/csc?a=1&b=2).",
                        "None",
                        None,
                    ),
                    ("**2.** Your safeguarding lead", "None", None),
                    ("Source: SEND audit 2016-17", None, None),
                ]
            )
            assert all(b["wrap"] for b in content["body"])
            assert [a["title"] for a in content["actions"]] == ["More reflective prompts"]

    asyncio.run(scenario())


def test_only_the_text_format_subset_is_interpreted() -> None:
    plain = "a * b, snake_case, 2 ** 3 and **unclosed, [link](https://example.org) # not a heading"
    assert teams_markdown(plain) == plain
    assert [b["text"] for b in card_body(plain)] == [plain]
    assert teams_markdown("## Steps\n\n1. one") == "**Steps**\n\n1. one"
    assert [b["text"] for b in card_body("see https://example.org/a.")] == [
        "see [https://example.org/a](https://example.org/a)."
    ]
    assert [b["text"] for b in card_body("javascript:alert(1) ftp://example.org")] == [
        "javascript:alert(1) ftp://example.org"
    ]
    assert teams_markdown("one\r\ntwo\n\n\n\nthree") == "one  \ntwo\n\nthree"


def test_card_actions_carry_payloads_and_urls_open() -> None:
    assert card_action({"title": "How do I escalate?", "payload": "/how_to_escalate"}) == {
        "type": "Action.Submit",
        "title": "How do I escalate?",
        "data": {
            "msteams": {
                "type": "messageBack",
                "displayText": "How do I escalate?",
                "text": "/how_to_escalate",
            },
            "payload": "/how_to_escalate",
        },
    }
    assert card_action(
        {"title": "Procedures", "type": "web_url", "url": "https://example.org/p"}
    ) == {"type": "Action.OpenUrl", "title": "Procedures", "url": "https://example.org/p"}
    card = adaptive_card(
        "Pick one", [{"title": "A", "payload": "/a"}, {"title": "B", "payload": "/b"}]
    )
    assert [a["data"]["payload"] for a in card["content"]["actions"]] == ["/a", "/b"]
