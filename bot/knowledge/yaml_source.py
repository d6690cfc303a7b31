"""Reads YAML while keeping line numbers, so every content error can point at file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class LineDict(dict):
    """A mapping that remembers the line it started on (1-based)."""

    line: int = 0


class YamlFileError(Exception):
    """A file that is not valid YAML; the message names the file and line."""


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        mapping = LineDict(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)


def read_yaml(path: Path, display_name: str | None = None) -> Any:
    """Parses one file; mappings come back as LineDict."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise YamlFileError(f"{name}: not UTF-8 text ({error.reason})") from error
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = error.problem or error.context or "invalid YAML"
        raise YamlFileError(f"{name}{line}: invalid YAML: {problem}") from error
    except yaml.YAMLError as error:
        raise YamlFileError(f"{name}: invalid YAML: {error}") from error
