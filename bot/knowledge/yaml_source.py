"""Reads YAML while keeping line numbers, so every content error can point at file and line.

Parsed by libyaml when PyYAML has it (bot/yaml_text.py): the same values and lines as PyYAML's
own Python parser. The taught questions alone (182 kB) took 30% of `knowledge prepare`'s CPU,
which `make run` waits for, and are read again by both servers as they start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.yaml_text import FAST_SAFE_LOADER, load_with


class LineDict(dict):
    """A mapping that remembers the line it started on (1-based)."""

    line: int = 0


class YamlFileError(Exception):
    """A file that is not valid YAML; the message names the file and line."""


def _line_mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(yaml.constructor.SafeConstructor.construct_mapping(loader, node))
    mapping.line = node.start_mark.line + 1
    return mapping


class _LineLoader(yaml.SafeLoader):
    pass


class _FastLineLoader(FAST_SAFE_LOADER):
    pass


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _line_mapping)


def read_yaml(path: Path, display_name: str | None = None) -> Any:
    """Parses one file; mappings come back as LineDict."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise YamlFileError(f"{name}: not UTF-8 text ({error.reason})") from error
    try:
        return load_with(text, _FastLineLoader, _LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = error.problem or error.context or "invalid YAML"
        raise YamlFileError(f"{name}{line}: invalid YAML: {problem}") from error
    except yaml.YAMLError as error:
        raise YamlFileError(f"{name}: invalid YAML: {error}") from error
