"""Signed sign-off sheets: who signed, when, and a fingerprint of every item they signed.

The partnership records a signature in its confirmations file (RPA_CONFIRMATIONS_FILE), beside
the contact confirmations, without touching knowledge/:

    sign_offs:
      - by: "J. Doe, CHSCP business manager"
        on: 2026-12-05
        sections: [key-messages-send-2016-17]
        items:
          key_messages/access-to-services: 3f9c0a6b2d1e4f58

`python -m bot knowledge sign --by ... [--section ...]` appends one for the sheet as it is now.
An item's fingerprint is a hash of everything the assistant can say from it, so an item edited
after it was signed is "changed since signed" until someone signs it again; `knowledge check
--release` fails while any item is unsigned or changed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.go_live import SIGN_OFFS_KEY, read_date
from bot.knowledge.validation import KnowledgeInvalid
from bot.knowledge.yaml_source import YamlFileError, read_yaml

DIGEST_LENGTH = 16
"""Hex characters kept of an item's SHA-256: enough to notice any edit, short enough to read."""
NOT_SAID = frozenset({"example_questions", "words", "named_by", "reviewed"})
"""Fields the assistant never says (training phrasings, matching words, the author's review
date): editing them does not undo a signature."""


def item_key(collection: str, item_id: str) -> str:
    return f"{collection}/{item_id}"


def digest(data: Mapping[str, Any]) -> str:
    """The fingerprint of what an item says: its fields, less NOT_SAID, in a canonical form."""
    said = {key: value for key, value in data.items() if key not in NOT_SAID}
    text = json.dumps(said, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


@dataclass(frozen=True)
class Signature:
    by: str
    on: datetime.date
    digest: str


class SignState(Enum):
    SIGNED = "signed"
    CHANGED = "changed since signed"
    UNSIGNED = "not signed"


def state(signature: Signature | None, current: str) -> SignState:
    if signature is None:
        return SignState.UNSIGNED
    return SignState.SIGNED if signature.digest == current else SignState.CHANGED


def read_signatures(path: Path | None) -> dict[str, Signature]:
    """The latest signature of each item in the file (a later sign-off replaces an earlier
    one); every problem names the file, line, sign-off and field."""
    if path is None:
        return {}
    try:
        document = read_yaml(path)
    except (OSError, YamlFileError) as error:
        raise KnowledgeInvalid([f"{path}: cannot read the confirmations file: {error}"]) from error
    entries = document.get(SIGN_OFFS_KEY) if isinstance(document, dict) else None
    if entries is None:
        return {}
    if not isinstance(entries, list):
        raise KnowledgeInvalid([f"{path}:1: '{SIGN_OFFS_KEY}' must be a list of sign-offs"])
    errors: list[str] = []
    latest: dict[str, Signature] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"{path}:{getattr(entry, 'line', 1)}: sign-off {number}"
        if not isinstance(entry, dict):
            errors.append(f"{where}: expected a mapping with 'by', 'on' and 'items'")
            continue
        # YAML 1.1 reads an unquoted `on` key as true.
        by, items = entry.get("by"), entry.get("items")
        on = read_date(entry.get("on", entry.get(True)))
        if not isinstance(by, str) or not by.strip():
            errors.append(f"{where}, field 'by': who signed (name and role) is missing")
        if on is None:
            errors.append(f"{where}, field 'on': the date (YYYY-MM-DD) is missing or invalid")
        if not isinstance(items, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in items.items()
        ):
            errors.append(f"{where}, field 'items': expected a mapping of item to fingerprint")
            continue
        if isinstance(by, str) and by.strip() and on is not None:
            for key, value in items.items():
                latest[key] = Signature(by.strip(), on, value)
    if errors:
        raise KnowledgeInvalid(errors)
    return latest


def sign_off_entry(
    by: str, on: datetime.date, sections: Sequence[str], items: Mapping[str, str]
) -> dict[str, Any]:
    return {"by": by, "on": on, "sections": list(sections), "items": dict(items)}


_TOP_LEVEL_KEY = re.compile(r"^[^\s#-][^:]*:", re.MULTILINE)


def append_sign_off(path: Path, entry: Mapping[str, Any]) -> None:
    """Adds a sign-off at the end of the file, keeping everything the partnership wrote in it
    (comments included). `sign_offs` must then be the file's last key, as this writes it."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = yaml.safe_dump([dict(entry)], sort_keys=False, allow_unicode=True, width=100)
    keys = [match.group(0)[:-1].strip() for match in _TOP_LEVEL_KEY.finditer(text)]
    if SIGN_OFFS_KEY not in keys:
        prefix = "" if not text or text.endswith("\n") else "\n"
        path.write_text(f"{text}{prefix}{SIGN_OFFS_KEY}:\n{block}", encoding="utf-8")
    elif keys[-1] != SIGN_OFFS_KEY:
        raise KnowledgeInvalid(
            [f"{path}: move '{SIGN_OFFS_KEY}' to the end of the file, so a sign-off can be added"]
        )
    else:
        listed = re.search(rf"^{SIGN_OFFS_KEY}:\s*\n(\s*)- ", text, re.MULTILINE)
        indent = listed.group(1) if listed else ""
        indented = "".join(
            f"{indent}{line}" if line.strip() else line for line in block.splitlines(True)
        )
        prefix = "" if text.endswith("\n") else "\n"
        path.write_text(f"{text}{prefix}{indented}", encoding="utf-8")
    read_signatures(path)  # what was written reads back


def chosen(sections: Iterable[str], wanted: Sequence[str]) -> list[str]:
    """The sections to sign: those asked for (every one must exist), or all."""
    known = list(sections)
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise KnowledgeInvalid(
            [f"unknown section(s): {', '.join(unknown)}; the sheet has: {', '.join(known)}"]
        )
    return list(wanted) or known
