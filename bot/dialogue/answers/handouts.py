"""The addresses of the assistant's own pages for trainers: printable handouts and the live
workshop page. Built here only, from ids in knowledge/: relative by default, absolute when
RPA_PUBLIC_URL is set (Teams cannot follow a relative link)."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple
from urllib.parse import quote

from bot.settings import public_url


class HandoutKind(str, Enum):
    CASE = "case"
    """One case: what happened, what the audit found, its key messages and questions."""
    AUDIT = "audit"
    """One audit's key messages."""
    THEME = "theme"
    """The key messages of one theme, across audits."""
    BRIEFING = "briefing"
    """A 7-minute briefing on one case."""


WORKSHOP_PATH = "/workshop/"
HANDOUTS_PATH = "/handouts"


def absolute(path: str, base: str | None = None) -> str:
    """The path on this assistant, prefixed with the public URL when one is configured."""
    root = public_url() if base is None else base.rstrip("/")
    return f"{root}{path}" if root else path


class HandoutLinks(NamedTuple):
    page: str
    pdf: str


def handout_links(kind: HandoutKind, item_id: str, base: str | None = None) -> HandoutLinks:
    """/handouts/<kind>/<id> and its PDF twin, /handouts/<kind>/<id>.pdf."""
    path = f"{HANDOUTS_PATH}/{kind.value}/{quote(item_id, safe='')}"
    return HandoutLinks(absolute(path, base), absolute(path + ".pdf", base))


def workshop_link(base: str | None = None) -> str:
    return absolute(WORKSHOP_PATH, base)
