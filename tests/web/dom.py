"""A small element tree from Python's own HTML parser, so the page tests can ask what the
browser would build (which elements, which text) instead of searching the markup as text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset({"br", "input", "link", "meta", "img", "hr"})


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def find_all(self, tag: str, class_: str | None = None) -> list[Node]:
        return [
            node
            for node in self.walk()
            if node.tag == tag and (class_ is None or class_ in node.classes)
        ]

    def find(self, tag: str, class_: str | None = None) -> Node:
        [found] = self.find_all(tag, class_)[:1] or [None]
        assert found is not None, f"no <{tag} class={class_}>"
        return found

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    @property
    def elements(self) -> list[Node]:
        return [child for child in self.children if isinstance(child, Node)]

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def words(self) -> str:
        """The text with every element's text apart, as a reader would hear it."""
        parts = [child if isinstance(child, str) else child.words() for child in self.children]
        return " ".join(" ".join(parts).split())


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(markup: str) -> Node:
    builder = TreeBuilder()
    builder.feed(markup)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


def tables(document: Node) -> dict[str, Node]:
    """The page's tables by caption."""
    return {table.find("caption").text(): table for table in document.find_all("table")}


def rows(table: Node) -> list[list[str]]:
    """A table's body rows, each cell's text as a reader hears it."""
    return [[cell.words() for cell in row.elements] for row in table.find("tbody").find_all("tr")]
