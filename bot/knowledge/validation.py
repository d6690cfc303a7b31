"""Reads `knowledge/` and checks it against the schema, collecting every error at once.

An editor fixing content wants all problems in one run, each naming file and line, and the
item id and field, so nothing is raised until the whole folder has been read.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.knowledge.schema import (
    COLLECTIONS,
    COLLECTIONS_BY_KEY,
    CONTACT_KEYS,
    ID_PATTERN,
    LINKS_FILE,
    LINKS_KEY,
    CollectionSpec,
    FieldSpec,
    FieldType,
    Marks,
)
from bot.knowledge.yaml_source import LineDict, YamlFileError, read_yaml

_UNREADABLE = object()


class KnowledgeInvalid(Exception):
    """The knowledge folder has errors; `errors` holds one readable line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Located:
    """An item with the file and line it came from."""

    data: LineDict
    file: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.data.line}"


@dataclass
class KnowledgeSet:
    """Validated content: items per collection key, in file order, plus the links."""

    items: dict[str, list[Located]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)

    def of(self, key: str) -> list[LineDict]:
        return [located.data for located in self.items.get(key, [])]


def _files(root: Path, pattern: str) -> list[Path]:
    return sorted(path for path in root.glob(pattern) if path.is_file())


def _display(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


class _Checker:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def read(self, path: Path) -> Any:
        """The parsed file, or _UNREADABLE after recording why."""
        name = _display(self.root, path)
        try:
            return read_yaml(path, name)
        except YamlFileError as problem:
            self.errors.append(str(problem))
            return _UNREADABLE

    def collection(self, spec: CollectionSpec) -> list[Located]:
        found: list[Located] = []
        for path in _files(self.root, spec.pattern):
            name = _display(self.root, path)
            document = self.read(path)
            if document is _UNREADABLE:
                continue
            if not isinstance(document, LineDict) or set(document) != {spec.key}:
                self.error(
                    f"{name}:1", f"expected a mapping with the single top-level key '{spec.key}'"
                )
                continue
            entries = document[spec.key]
            if not isinstance(entries, list):
                self.error(f"{name}:{document.line}", f"'{spec.key}' must be a list")
                continue
            for index, entry in enumerate(entries, start=1):
                if not isinstance(entry, LineDict):
                    self.error(name, f"{spec.label} number {index} is not a mapping")
                    continue
                found.append(Located(entry, name))
        return found

    def links(self) -> dict[str, str]:
        path = self.root / LINKS_FILE
        if not path.exists():
            return {}
        document = self.read(path)
        name = _display(self.root, path)
        if document is _UNREADABLE:
            return {}
        if not isinstance(document, dict) or not isinstance(document.get(LINKS_KEY), dict):
            self.error(f"{name}:1", f"expected a mapping '{LINKS_KEY}' of link id to URL")
            return {}
        links: dict[str, str] = {}
        for link_id, url in document[LINKS_KEY].items():
            if not isinstance(link_id, str) or not ID_PATTERN.match(link_id):
                self.error(name, f"link id {link_id!r} is not a lower-case hyphenated id")
            elif url is not None and not isinstance(url, str):
                self.error(name, f"link '{link_id}': the URL must be text (or \"\")")
            else:
                links[link_id] = url or ""
        return links

    def item_fields(self, spec: CollectionSpec, item: Located) -> None:
        item_id = item.data.get("id")
        label = f"{spec.label} '{item_id}'" if isinstance(item_id, str) else spec.label
        self.mapping_fields(spec.fields, item.data, label, item.file)

    def mapping_fields(
        self, fields: tuple[FieldSpec, ...], data: LineDict, label: str, file: str
    ) -> None:
        """An item's fields, and those of each mapping of its lists of mappings (a question's
        options), which are reported at their own line."""
        where = f"{file}:{data.line}"
        names = {field_spec.name for field_spec in fields}
        for name in data:
            if name not in names:
                self.error(where, f"{label}: unknown field '{name}'")
        for field_spec in fields:
            if field_spec.name not in data or data[field_spec.name] is None:
                if field_spec.required:
                    self.error(where, f"{label}: missing required field '{field_spec.name}'")
                continue
            value = data[field_spec.name]
            problem = _type_problem(field_spec, value)
            if problem:
                self.error(where, f"{label}, field '{field_spec.name}': {problem}")
            elif field_spec.type is FieldType.ITEMS:
                for index, element in enumerate(value, start=1):
                    self.mapping_fields(
                        field_spec.fields,
                        element,
                        f"{label}, field '{field_spec.name}', item {index}",
                        file,
                    )


def _type_problem(spec: FieldSpec, value: Any) -> str | None:
    kind = spec.type
    if kind is FieldType.ID:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            return f"{value!r} is not a lower-case hyphenated id"
    elif kind is FieldType.TEXT:
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            return "must be text"
        if not str(value).strip():
            return "is empty"
        if spec.check is not None:
            try:
                spec.check(str(value))
            except ValueError as problem:
                return str(problem)
    elif kind in (FieldType.TEXT_LIST, FieldType.ID_LIST, FieldType.ITEMS):
        if not isinstance(value, list):
            return f"must be a {kind.value}"
        for index, element in enumerate(value, start=1):
            if kind is FieldType.ITEMS:
                if not isinstance(element, LineDict):
                    return f"item {index} is not a mapping"
                continue
            if kind is FieldType.ID_LIST and (
                not isinstance(element, str) or not ID_PATTERN.match(element)
            ):
                return f"item {index} ({element!r}) is not a lower-case hyphenated id"
            if not isinstance(element, str) or not element.strip():
                return f"item {index} is empty"
            if spec.check is not None:
                try:
                    spec.check(element)
                except ValueError as problem:
                    return f"item {index}: {problem}"
        if len(value) < spec.min_items:
            return f"needs at least {spec.min_items} items, has {len(value)}"
        if spec.max_items is not None and len(value) > spec.max_items:
            return f"takes at most {spec.max_items} items, has {len(value)}"
    elif kind is FieldType.INTEGER:
        if not isinstance(value, int) or isinstance(value, bool):
            return "must be a whole number"
    elif kind is FieldType.BOOLEAN:
        if not isinstance(value, bool):
            return "must be true or false"
    elif kind is FieldType.URL:
        if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https"):
            return f"{value!r} is not a web address starting http:// or https://"
        if not urlsplit(value).netloc:
            return f"{value!r} has no host name"
    elif kind is FieldType.DATE:
        if not isinstance(value, datetime.date):
            return "must be a date written YYYY-MM-DD"
    elif kind is FieldType.CONTACT:
        if not isinstance(value, dict):
            return f"must be a {kind.value}"
        unknown = sorted(set(value) - set(CONTACT_KEYS))
        if unknown:
            return f"unknown contact detail {', '.join(map(repr, unknown))}"
        if any(not isinstance(detail, str) or not detail.strip() for detail in value.values()):
            return "every contact detail must be non-empty text"
    return None


def _label(collection_key: str | None) -> str:
    spec = COLLECTIONS_BY_KEY.get(collection_key or "")
    return spec.label if spec else "link"


def _references(spec: FieldSpec, value: Any) -> list[str]:
    if spec.refers_to is None or value is None:
        return []
    if spec.type is FieldType.ID_LIST and isinstance(value, list):
        return [element for element in value if isinstance(element, str)]
    return [value] if isinstance(value, str) else []


def _rule_problems(spec: CollectionSpec, item: LineDict) -> list[str]:
    """What one field cannot say on its own: exactly one of some fields, a field that needs
    another, a list that takes its ids from another list of the item."""
    label = f"{spec.label} '{item.get('id')}'"
    problems = []
    if spec.one_of and sum(bool(item.get(name)) for name in spec.one_of.fields) != 1:
        problems.append(f"{label}: {spec.one_of.rule}")
    for field_spec in spec.fields:
        if field_spec.needs and item.get(field_spec.name) and not item.get(field_spec.needs):
            problems.append(f"{label}: '{field_spec.name}' needs a '{field_spec.needs}'")
        if field_spec.within:
            outside = _ids(item.get(field_spec.name)) - _ids(item.get(field_spec.within))
            problems += [
                f"{label}, field '{field_spec.name}': '{value}' is not one of its "
                f"{field_spec.within}"
                for value in sorted(outside)
            ]
        if field_spec.type is FieldType.ITEMS:
            problems += [
                f"{label}, field '{field_spec.name}': {problem}"
                for problem in _mappings_problems(field_spec, item.get(field_spec.name))
            ]
    return problems


def _mappings_problems(spec: FieldSpec, value: Any) -> list[str]:
    """What a list of mappings says as a whole: how many of them set a mark (exactly one
    correct option), and that no two give the same text, ignoring case."""
    mappings = [
        (index, element)
        for index, element in enumerate(value if isinstance(value, list) else [], start=1)
        if isinstance(element, dict)  # anything else is a type error, reported with the item
    ]
    problems = []
    for field_spec in spec.fields:
        name = field_spec.name
        if field_spec.marks is not None:
            marked = [index for index, mapping in mappings if mapping.get(name) is True]
            allowed = (1,) if field_spec.marks is Marks.EXACTLY_ONE else (0, 1)
            if len(marked) not in allowed:
                # Only none, or two or more, break a rule.
                on = (
                    f"items {', '.join(map(str, marked[:-1]))} and {marked[-1]}"
                    if marked
                    else "no item"
                )
                problems.append(
                    f"'{name}: true' is on {on}; it must be on {field_spec.marks.value}"
                )
        if field_spec.distinct:
            first: dict[str, int] = {}
            for index, mapping in mappings:
                text = mapping.get(name)
                if not isinstance(text, str):
                    continue
                folded = " ".join(text.casefold().split())
                if folded in first:
                    problems.append(
                        f"items {first[folded]} and {index} give the same '{name}' (ignoring "
                        f"case): {text!r}"
                    )
                first.setdefault(folded, index)
    return problems


def _ids(value: Any) -> set[str]:
    """The ids of a list field, whatever else a broken file puts there (reported elsewhere)."""
    return (
        {element for element in value if isinstance(element, str)}
        if isinstance(value, list)
        else set()
    )


def _cross_item_problems(knowledge: KnowledgeSet) -> list[tuple[str, str]]:
    """The rules that read other items, as (where, message): a reference that must agree with
    the item it names, text quoted from the items an item names, a collection every item of
    which must be named, and items numbered in file order."""
    by_id = {
        key: {item.data["id"]: item for item in located if isinstance(item.data.get("id"), str)}
        for key, located in knowledge.items.items()
    }
    problems: list[tuple[str, str]] = []
    for spec in COLLECTIONS:
        items = knowledge.items[spec.key]
        for field_spec in spec.fields:
            named = by_id.get(field_spec.refers_to or "", {})
            if field_spec.agrees_on:
                problems += _disagreeing(spec, field_spec, field_spec.agrees_on, items, named)
            if field_spec.quoted_from:
                problems += _unquoted(spec, field_spec.name, field_spec.quoted_from, items, by_id)
            if field_spec.covers:
                problems += _uncovered(spec, field_spec, items, named)
            if field_spec.counts_within:
                problems += _misnumbered(spec, field_spec.name, field_spec.counts_within, items)
    return problems


def _where_and_label(spec: CollectionSpec, item: Located, field_name: str) -> tuple[str, str]:
    return item.where, f"{spec.label} '{item.data.get('id')}', field '{field_name}'"


def _disagreeing(
    spec: CollectionSpec,
    field_spec: FieldSpec,
    agrees_on: str,
    items: list[Located],
    named: Mapping[str, Located],
) -> list[tuple[str, str]]:
    problems = []
    for item in items:
        where, label = _where_and_label(spec, item, field_spec.name)
        ours = item.data.get(agrees_on)
        for reference in _references(field_spec, item.data.get(field_spec.name)):
            theirs = named[reference].data.get(agrees_on) if reference in named else ours
            if theirs != ours:
                problems.append(
                    (
                        where,
                        f"{label}: {_label(field_spec.refers_to)} '{reference}' has {agrees_on} "
                        f"'{theirs}', not '{ours}'",
                    )
                )
    return problems


def _unquoted(
    spec: CollectionSpec,
    field_name: str,
    quoted_from: tuple[str, str],
    items: list[Located],
    by_id: Mapping[str, Mapping[str, Located]],
) -> list[tuple[str, str]]:
    by, quoted = quoted_from
    by_spec = spec.field(by)
    named = by_id.get(by_spec.refers_to or "", {}) if by_spec else {}
    problems = []
    for item in items:
        where, label = _where_and_label(spec, item, field_name)
        ids = item.data.get(by)
        sources = sorted(_ids([ids] if isinstance(ids, str) else ids) & named.keys())
        allowed = {text for source in sources for text in named[source].data.get(quoted) or []}
        value = item.data.get(field_name)
        values = [value] if isinstance(value, str) else value
        problems += [
            (
                where,
                f"{label}: item {index} is not, verbatim, one of the {quoted} of its {by} "
                f"({', '.join(sources) or 'none'}): {text!r}",
            )
            for index, text in enumerate(values if isinstance(values, list) else [], start=1)
            if isinstance(text, str) and text not in allowed
        ]
    return problems


def _uncovered(
    spec: CollectionSpec, field_spec: FieldSpec, items: list[Located], named: Mapping[str, Located]
) -> list[tuple[str, str]]:
    """Every item of the collection the field names that no item names, reported where that
    item is: a key message without a quiz question is found where it was added."""
    covered = {
        reference
        for item in items
        for reference in _references(field_spec, item.data.get(field_spec.name))
    }
    return [
        (
            located.where,
            f"{_label(field_spec.refers_to)} '{item_id}': no {spec.label} ({spec.pattern}) names "
            f"it in its field '{field_spec.name}'",
        )
        for item_id, located in named.items()
        if item_id not in covered
    ]


def _misnumbered(
    spec: CollectionSpec, field_name: str, within: str, items: list[Located]
) -> list[tuple[str, str]]:
    """Each item's number must follow the previous one of its group (1 for the first), so
    one missing or repeated number is one error, not one per item after it."""
    previous: dict[str, int] = {}
    problems = []
    for item in items:
        group, number = item.data.get(within), item.data.get(field_name)
        if not isinstance(group, str) or not isinstance(number, int) or isinstance(number, bool):
            continue  # a type error, reported with the item's fields
        expected = previous.get(group, 0) + 1
        if number != expected:
            where, label = _where_and_label(spec, item, field_name)
            problems.append(
                (
                    where,
                    f"{label}: is {number}, expected {expected}: the {spec.label}s of {within} "
                    f"'{group}' are numbered 1, 2, 3, ... in file order",
                )
            )
        previous[group] = number
    return problems


_checked: dict[Path, tuple[bytes, KnowledgeSet]] = {}
"""The last valid check of each folder in this process, by a digest of its files' contents."""


def _contents_digest(root: Path) -> bytes:
    digest = hashlib.sha256()
    for path in sorted(path for path in root.rglob("*") if path.is_file()):
        digest.update(f"{path.relative_to(root)}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())
    return digest.digest()


def check_knowledge(root: Path) -> KnowledgeSet:
    """Reads and validates the whole folder; raises KnowledgeInvalid listing every error.

    A folder whose files hold the same bytes as at this process's last valid check of it is not
    parsed again: a copy of that check is returned (a caller may change its copy). Starting the
    servers checked the same folder six times in `make knowledge` and two or three in each
    server, 0.35 s of CPU each (2026-12-05); reading the bytes takes milliseconds."""
    if not root.is_dir():
        raise KnowledgeInvalid([f"{root}: knowledge folder not found"])
    contents = _contents_digest(root)
    known = _checked.get(root)
    if known is None or known[0] != contents:
        known = _checked[root] = (contents, _check_knowledge(root))
    return copy.deepcopy(known[1])


def _check_knowledge(root: Path) -> KnowledgeSet:
    checker = _Checker(root)
    knowledge = KnowledgeSet(links=checker.links())
    for spec in COLLECTIONS:
        knowledge.items[spec.key] = checker.collection(spec)

    ids: dict[str, set[str]] = {LINKS_KEY: set(knowledge.links)}
    for spec in COLLECTIONS:
        seen: dict[str, str] = {}
        for item in knowledge.items[spec.key]:
            checker.item_fields(spec, item)
            item_id = item.data.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                checker.error(
                    item.where,
                    f"duplicate {spec.label} id '{item_id}' (first defined at {seen[item_id]})",
                )
            seen[item_id] = item.where
        ids[spec.key] = set(seen)

    for spec in COLLECTIONS:
        for item in knowledge.items[spec.key]:
            for field_spec in spec.fields:
                for reference in _references(field_spec, item.data.get(field_spec.name)):
                    if reference not in ids.get(field_spec.refers_to or "", set()):
                        checker.error(
                            item.where,
                            f"{spec.label} '{item.data.get('id')}', field '{field_spec.name}': "
                            f"unknown {_label(field_spec.refers_to)} '{reference}'",
                        )

    for spec in COLLECTIONS:
        for item in knowledge.items[spec.key]:
            for problem in _rule_problems(spec, item.data):
                checker.error(item.where, problem)
    for where, problem in _cross_item_problems(knowledge):
        checker.error(where, problem)

    if checker.errors:
        raise KnowledgeInvalid(checker.errors)
    return knowledge
