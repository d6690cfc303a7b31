"""How replies look in Teams: Markdown text, hero card HTML and payload-carrying buttons."""

from __future__ import annotations

import asyncio

from rasa.core.channels.channel import UserMessage

from bot.channels.teams.formatting import card_action, hero_card, hero_card_html, teams_markdown
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


def test_structured_text_on_a_card_is_escaped_html_with_lists_and_line_breaks() -> None:
    async def answer(message: UserMessage) -> None:
        await message.output_channel.send_text_with_buttons(
            message.sender_id,
            STRUCTURED,
            [{"title": "More reflective prompts", "payload": "/more"}],
        )

    async def scenario() -> None:
        async with harness(answer) as h:
            activity = teams_message(h.microsoft.service_url)
            assert await h.post(activity, bot_framework_token(h.microsoft.service_url)) == 200
            [(_, _, reply)] = h.microsoft.replies
            assert "text" not in reply and "textFormat" not in reply
            [card] = reply["attachments"]
            assert card["content"]["text"] == (
                "<strong>Disguised compliance</strong><br>"
                "A parent appears to cooperate to deflect concern.<br><br>"
                "What to do:"
                "<ul><li>Check what has actually changed &lt;b&gt;x&lt;/b&gt;</li>"
                "<li>Keep the child in focus "
                "<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong></li></ul>"
                "<ol><li>Children's social care<br>Contact: 020 8356 5500, "
                '<a href="https://example.org/csc?a=1&amp;b=2">'
                "https://example.org/csc?a=1&amp;b=2</a>.</li>"
                "<li>Your safeguarding lead</li></ol>"
                "Source: SEND audit 2016-17"
            )
            assert [b["title"] for b in card["content"]["buttons"]] == ["More reflective prompts"]

    asyncio.run(scenario())


def test_only_the_text_format_subset_is_interpreted() -> None:
    plain = "a * b, snake_case, 2 ** 3 and **unclosed, [link](https://example.org) # not a heading"
    assert teams_markdown(plain) == plain
    assert hero_card_html(plain) == (
        'a * b, snake_case, 2 ** 3 and **unclosed, [link](<a href="https://example.org">'
        "https://example.org</a>) # not a heading"
    )
    # A paragraph is a list only if every line is an item; a list may start at any number.
    assert hero_card_html("Steps:\n- one") == "Steps:<br>- one"
    assert hero_card_html("3. three\n4. four") == '<ol start="3"><li>three</li><li>four</li></ol>'
    assert (
        hero_card_html("javascript:alert(1) ftp://example.org")
        == "javascript:alert(1) ftp://example.org"
    )
    assert teams_markdown("one\r\ntwo\n\n\n\nthree") == "one  \ntwo\n\nthree"


def test_card_actions_carry_payloads_and_urls_open() -> None:
    assert card_action({"title": "How do I escalate?", "payload": "/how_to_escalate"}) == {
        "type": "messageBack",
        "title": "How do I escalate?",
        "displayText": "How do I escalate?",
        "text": "/how_to_escalate",
        "value": {"payload": "/how_to_escalate"},
    }
    assert card_action(
        {"title": "Procedures", "type": "web_url", "url": "https://example.org/p"}
    ) == {"type": "openUrl", "title": "Procedures", "value": "https://example.org/p"}
    card = hero_card("Pick one", [{"title": "A", "payload": "/a"}, {"title": "B", "payload": "/b"}])
    assert [b["value"]["payload"] for b in card["content"]["buttons"]] == ["/a", "/b"]
