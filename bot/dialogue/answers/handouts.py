"""The addresses of the assistant's own pages for trainers: printable handouts and the live
workshop page. Built here only, from ids in knowledge/: relative by default, absolute when
RPA_PUBLIC_URL is set (Teams cannot follow a relative link)."""

from __future__ import annotations

from typing import NamedTuple

from bot.handouts.content import Kind as HandoutKind
from bot.handouts.render import handout_path
from bot.settings import public_url

WORKSHOP_PATH = "/workshop/"


def absolute(path: str, base: str | None = None) -> str:
    """The path on this assistant, prefixed with the public URL when one is configured."""
    root = public_url() if base is None else base.rstrip("/")
    return f"{root}{path}" if root else path


class HandoutLinks(NamedTuple):
    page: str
    pdf: str


def handout_links(kind: HandoutKind, item_id: str, base: str | None = None) -> HandoutLinks:
    """The handout's page and its PDF twin, as the handouts channel serves them."""
    return HandoutLinks(
        absolute(handout_path(kind, item_id), base),
        absolute(handout_path(kind, item_id, pdf=True), base),
    )


def workshop_link(base: str | None = None) -> str:
    return absolute(WORKSHOP_PATH, base)
