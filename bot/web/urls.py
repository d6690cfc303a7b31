"""The addresses of the assistant's own pages for trainers: printable handouts and the live
workshop page. Built here only, from ids in knowledge/: relative by default, absolute when
RPA_PUBLIC_URL is set (Teams cannot follow a relative link).

Here, below both the chat and the pages, so the chat can link to a page without loading the
page's code (or Rasa's channels, which the pages load): the action server builds these too.
"""

from __future__ import annotations

import enum
from typing import NamedTuple
from urllib.parse import quote

from bot.settings import public_url

HANDOUTS_PATH = "/handouts"
WORKSHOP_PATH = "/workshop/"
WORKSHOP_JOIN_PATH = "/workshop/join"


class HandoutKind(enum.Enum):
    """The kinds of handout; the value is the URL segment and the CLI's word for it."""

    CASE = "case"
    AUDIT = "audit"
    THEME = "theme"
    BRIEFING = "briefing"


def handout_path(kind: HandoutKind, handout_id: str, *, pdf: bool = False) -> str:
    """The URL of a handout: /handouts/<kind>/<id>, and /handouts/<kind>/<id>.pdf for its PDF.
    Ids are the knowledge base's own (e.g. `send-erika`), quoted in case one ever needs it."""
    return f"{HANDOUTS_PATH}/{kind.value}/{quote(handout_id, safe='')}{'.pdf' if pdf else ''}"


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


def workshop_join_link(base: str | None = None) -> str:
    """Where the room joins a live workshop with its code (the lobby shows it, with a QR code)."""
    return absolute(WORKSHOP_JOIN_PATH, base)
