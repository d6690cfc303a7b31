"""Markdown from the knowledge: knowledge/README.md's tables, rendered from the schema, and the
table format the sign-off sheet shares.

Content editors read the README, the validator reads the schema: rendering one from the other
means the README cannot promise a field the validator rejects. `python -m bot knowledge docs`
rewrites each table between its markers and leaves the prose around them alone; a test fails
when the README is stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from bot.knowledge.schema import (
    COLLECTIONS,
    COLLECTIONS_BY_KEY,
    LINKS_DESCRIPTION,
    LINKS_FILE,
    LINKS_KEY,
    CollectionSpec,
    FieldSpec,
    FieldType,
)
from bot.knowledge.validation import KnowledgeInvalid

LAYOUT = "layout"
"""The block naming every file and its top-level key; the others are named by collection key."""


def _begin(block: str) -> str:
    return f"<!-- begin {block} (generated: python -m bot knowledge docs) -->"


def _end(block: str) -> str:
    return f"<!-- end {block} -->"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "/").replace("\n", " ") for cell in cells) + " |"


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """The table's lines; a `|` or line break in a cell would end it, so it becomes `/` or
    a space."""
    return [_row(header), _row(["---"] * len(header)), *(_row(row) for row in rows)]


def _named(refers_to: str) -> str:
    if refers_to == LINKS_KEY:
        return f"`{LINKS_FILE}` key"
    return f"{COLLECTIONS_BY_KEY[refers_to].label} id"


def _type(spec: FieldSpec) -> str:
    if spec.type is FieldType.ID_LIST and spec.refers_to:
        kind = f"list of {_named(spec.refers_to)}s"
    elif spec.type is FieldType.ID and spec.refers_to:
        kind = _named(spec.refers_to)
    else:
        kind = spec.type.value
    if spec.max_items is not None:
        return f"{kind}, {spec.min_items} to {spec.max_items}"
    return f"{kind}, at least {spec.min_items}" if spec.min_items else kind


def _required(collection: CollectionSpec, spec: FieldSpec) -> str:
    if collection.one_of and spec.name in collection.one_of.fields:
        return "one of " + ", ".join(f"`{name}`" for name in collection.one_of.fields)
    if spec.needs:
        return f"no (only with `{spec.needs}`)"
    if spec.marks:
        return f"true on {spec.marks.value}"
    return "yes" if spec.required else "no"


def _meaning(collection: CollectionSpec, spec: FieldSpec) -> str:
    """The description, and the rules the validator applies to the field in the editor's
    terms, so the README cannot leave one out."""
    rules = []
    if spec.distinct:
        rules.append("no two alike, ignoring case")
    if spec.agrees_on:
        rules.append(f"with the same `{spec.agrees_on}` as the {collection.label}")
    if spec.quoted_from:
        by, quoted = spec.quoted_from
        rules.append(f"each verbatim one of the `{quoted}` of its `{by}`")
    if spec.covers and spec.refers_to:
        named = COLLECTIONS_BY_KEY[spec.refers_to].label
        rules.append(f"every {named} needs at least one {collection.label}")
    if spec.counts_within:
        rules.append(f"1, 2, 3, ... in file order for each `{spec.counts_within}`")
    return spec.description + "".join(f" ({rule})" for rule in rules)


def _rows(
    collection: CollectionSpec, fields: tuple[FieldSpec, ...], prefix: str = ""
) -> Iterator[tuple[str, str, str, str]]:
    """A row per field, and after a list of mappings a row per field of its mappings,
    named `list[].field`."""
    for spec in fields:
        yield (
            prefix + spec.name,
            _required(collection, spec),
            _type(spec),
            _meaning(collection, spec),
        )
        yield from _rows(collection, spec.fields, f"{prefix}{spec.name}[].")


def field_table(collection: CollectionSpec) -> str:
    return "\n".join(
        markdown_table(
            ("field", "required", "type", "meaning"), _rows(collection, collection.fields)
        )
    )


def layout_table() -> str:
    return "\n".join(
        markdown_table(
            ("path", "top-level key", "holds"),
            [
                *((f"`{spec.pattern}`", f"`{spec.key}`", spec.description) for spec in COLLECTIONS),
                (f"`{LINKS_FILE}`", f"`{LINKS_KEY}`", LINKS_DESCRIPTION),
            ],
        )
    )


def tables() -> dict[str, str]:
    """Every generated table, by the name of its block."""
    return {LAYOUT: layout_table(), **{spec.key: field_table(spec) for spec in COLLECTIONS}}


def render(readme: str, name: str = "README.md") -> str:
    """The README with every table replaced by the schema's; a block it lacks is an error,
    so a new collection cannot go undocumented."""
    missing = []
    for block, table in tables().items():
        begin, end = _begin(block) + "\n", _end(block)
        start = readme.find(begin)
        stop = readme.find(end, start)
        if start < 0 or stop < 0:
            missing.append(f"{name}: no block '{begin.strip()}' ... '{end}' for the {block} table")
            continue
        readme = readme[: start + len(begin)] + table + "\n" + readme[stop:]
    if missing:
        raise KnowledgeInvalid(missing)
    return readme


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise KnowledgeInvalid([f"{path}: cannot read: {error.strerror}"]) from error


def write(path: Path) -> bool:
    """Rewrites the README's tables; whether anything changed."""
    text = _read(path)
    rendered = render(text, str(path))
    if rendered != text:
        path.write_text(rendered, encoding="utf-8")
    return rendered != text


def is_stale(path: Path) -> bool:
    text = _read(path)
    return render(text, str(path)) != text
