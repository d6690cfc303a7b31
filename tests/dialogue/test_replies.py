"""The emergency sentence is the same wherever the assistant describes itself."""

from __future__ import annotations

from bot.channels.webchat.channel import STATIC_DIR
from bot.dialogue.answers.core import welcome
from bot.dialogue.replies import CALL_999
from bot.names import UTTER_HELP
from bot.tooling.domain import load_domain


def test_the_help_the_welcome_and_the_web_chat_notice_say_call_999_alike() -> None:
    help_text = load_domain().responses[UTTER_HELP][0]["text"]
    widget = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    assert CALL_999 in help_text
    assert CALL_999 in welcome()[0].text
    assert CALL_999.lower() in widget.lower()
