"""The addresses of the assistant's own pages (bot/web/urls.py)."""

from __future__ import annotations

import pytest

from bot.settings import ENV_PUBLIC_URL, public_url
from bot.web.urls import HandoutKind, handout_links, workshop_link


def test_links_are_relative_without_a_public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_PUBLIC_URL, raising=False)
    assert handout_links(HandoutKind.CASE, "send-adam") == (
        "/handouts/case/send-adam",
        "/handouts/case/send-adam.pdf",
    )
    assert handout_links(HandoutKind.BRIEFING, "send-erika").page == "/handouts/briefing/send-erika"
    assert workshop_link() == "/workshop/"


def test_links_are_absolute_with_a_public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_PUBLIC_URL, "https://assistant.example.org/rpa/")
    assert handout_links(HandoutKind.AUDIT, "send-2016-17").pdf == (
        "https://assistant.example.org/rpa/handouts/audit/send-2016-17.pdf"
    )
    assert handout_links(HandoutKind.THEME, "neglect").page == (
        "https://assistant.example.org/rpa/handouts/theme/neglect"
    )
    assert workshop_link() == "https://assistant.example.org/rpa/workshop/"


@pytest.mark.parametrize(
    "value", ["assistant.example.org", "ftp://example.org", "https://x.org/?a=1", "https:///"]
)
def test_a_public_url_that_is_not_a_web_address_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match=ENV_PUBLIC_URL):
        public_url({ENV_PUBLIC_URL: value})


def test_an_id_cannot_leave_its_path() -> None:
    assert handout_links(HandoutKind.CASE, "../x", base="").page == "/handouts/case/..%2Fx"
