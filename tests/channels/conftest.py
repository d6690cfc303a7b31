"""The web chat's servers and tab, shared by its browser tests (tests/channels/webchat_page.py)."""

from tests.channels.webchat_page import chat_url, intranet, page  # noqa: F401  (fixtures)
