"""What the partnership must confirm or set before the assistant goes live.

`review_before_go_live` marks a contact the assistant cannot vouch for: a number copied from a
public page, not from the audits. It stays unconfirmed (and every answer says so) until the
partnership confirms it, in knowledge/contacts.yml (`confirmed_by`, `confirmed_on`) or in the
deployment's confirmations file (RPA_CONFIRMATIONS_FILE):

    confirmations:
      hackney-mash: {by: "Jo Bloggs, CHSCP business manager", on: 2026-12-01}
      professional-disagreement/raise-with-manager: {by: "...", on: 2026-12-01}

The second form confirms a step whose place in a route the assistant only suggests
(`suggested_steps` in knowledge/escalation.yml).

`python -m bot knowledge check` lists what is left; `--release` fails while anything is.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge.schema import ESCALATION_ROUTES, URGENT_CONTACTS
from bot.knowledge.validation import KnowledgeInvalid, KnowledgeSet
from bot.knowledge.yaml_source import YamlFileError, read_yaml

CONFIRMATIONS_KEY = "confirmations"
SIGN_OFFS_KEY = "sign_offs"
"""The signed sign-off sheets, kept in the same file (bot/knowledge/signatures.py)."""


@dataclass(frozen=True)
class Confirmation:
    by: str
    on: datetime.date


def read_deployment_file(
    path: Path, key: str, what: str, beside: str | None = None
) -> dict[Any, Any]:
    """The one top-level mapping of a file the deployment writes (links, confirmations); a
    file holding only `beside` (the confirmations file's signed sheets) has none."""
    try:
        document = read_yaml(path)
    except (OSError, YamlFileError) as error:
        raise KnowledgeInvalid([f"{path}: cannot read {what} file: {error}"]) from error
    if beside and isinstance(document, dict) and key not in document and beside in document:
        return {}
    entries = document.get(key) if isinstance(document, dict) else None
    if not isinstance(entries, dict):
        raise KnowledgeInvalid([f"{path}:1: expected a mapping '{key}'"])
    return entries


def route_step_key(route_id: str, step_id: str) -> str:
    return f"{route_id}/{step_id}"


def confirmable_ids(knowledge: KnowledgeSet) -> set[str]:
    """Urgent contacts, and the suggested steps of each route as "route/step"."""
    ids = {str(item["id"]) for item in knowledge.of(URGENT_CONTACTS)}
    for route in knowledge.of(ESCALATION_ROUTES):
        ids |= {
            route_step_key(str(route["id"]), step) for step in route.get("suggested_steps") or []
        }
    return ids


def read_confirmations(path: Path | None, contact_ids: set[str]) -> dict[str, Confirmation]:
    """The deployment's confirmations; every problem names the file, line, id and field."""
    if path is None:
        return {}
    entries = read_deployment_file(path, CONFIRMATIONS_KEY, "confirmations", SIGN_OFFS_KEY)
    errors, confirmations = [], {}
    for contact_id, entry in entries.items():
        line = getattr(entry, "line", getattr(entries, "line", 1))
        where = f"{path}:{line}: confirmation '{contact_id}'"
        if contact_id not in contact_ids:
            errors.append(f"{where}: not an urgent contact id nor a suggested route step")
            continue
        if not isinstance(entry, dict):
            errors.append(f"{where}: expected a mapping with 'by' and 'on'")
            continue
        # YAML 1.1 reads an unquoted `on` key as true: the form this module's doc shows.
        by, on = entry.get("by"), read_date(entry.get("on", entry.get(True)))
        if not isinstance(by, str) or not by.strip():
            errors.append(f"{where}, field 'by': who confirmed it (text) is missing")
        if not isinstance(on, datetime.date):
            errors.append(f"{where}, field 'on': the date (YYYY-MM-DD) is missing or invalid")
        if isinstance(by, str) and by.strip() and isinstance(on, datetime.date):
            confirmations[contact_id] = Confirmation(by.strip(), on)
    if errors:
        raise KnowledgeInvalid(errors)
    return confirmations


def read_date(value: Any) -> datetime.date | None:
    """A YAML date, or the same written in quotes."""
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def confirmed_contacts(
    knowledge: KnowledgeSet, confirmations: Mapping[str, Confirmation]
) -> list[dict[str, Any]]:
    """The urgent contacts with the deployment's confirmations applied."""
    contacts = []
    for item in knowledge.of(URGENT_CONTACTS):
        contact = dict(item)
        confirmation = confirmations.get(str(item["id"]))
        if confirmation is not None:
            contact.update(confirmed_by=confirmation.by, confirmed_on=confirmation.on)
        contacts.append(contact)
    return contacts


def still_to_confirm(
    knowledge: KnowledgeSet, confirmations: Mapping[str, Confirmation]
) -> list[str]:
    """Each contact marked for review and each suggested route step that nobody has
    confirmed yet, with where it is."""
    located = {
        str(item.data["id"]): item.where for item in knowledge.items.get(URGENT_CONTACTS, [])
    }
    lines = [
        f"{located[str(contact['id'])]}: urgent contact '{contact['id']}' ({contact['name']}, "
        f"{contact['phone']}) is marked review_before_go_live and not confirmed"
        for contact in confirmed_contacts(knowledge, confirmations)
        if contact.get("review_before_go_live") and not contact.get("confirmed_by")
    ]
    for route in knowledge.items.get(ESCALATION_ROUTES, []):
        route_id = str(route.data["id"])
        lines += [
            f"{route.where}: route '{route_id}', step '{step}' is suggested by the assistant, "
            f"to be confirmed as '{route_step_key(route_id, step)}'"
            for step in route.data.get("suggested_steps") or []
            if route_step_key(route_id, step) not in confirmations
        ]
    return lines


def links_to_set(links: Mapping[str, str]) -> list[str]:
    """Links the audits leave blank and the deployment has not set."""
    return [f"link '{link_id}' has no URL yet" for link_id, url in links.items() if not url]
