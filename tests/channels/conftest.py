"""The web chat's page and tab, shared by its browser tests (tests/channels/webchat_page.py)."""

from tests.channels.webchat_page import chat_url, page  # noqa: F401  (fixtures)
