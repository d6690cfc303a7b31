"""Reads YAML while keeping line numbers, so every content error can point at file and line.

Parsed by libyaml (PyYAML's C loader) when PyYAML has it: the same values and lines as PyYAML's
own Python parser, about ten times faster. The taught questions alone (182 kB) took 30% of
`knowledge prepare`'s CPU, which `make run` waits for, and are read again by both servers
as they start. Invalid YAML is parsed again by the Python parser, so its error is worded as
before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


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


_FAST_SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLineLoader(_FAST_SAFE_LOADER):
    pass


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _line_mapping)


def _load(text: str, fast: type, slow: type) -> Any:
    try:
        return yaml.load(text, Loader=fast)  # safe loaders only
    except yaml.YAMLError:
        return yaml.load(text, Loader=slow)  # raises, in its own words


def safe_load(text: str) -> Any:
    """yaml.safe_load's value, and its error for invalid YAML, by libyaml when there is one."""
    return _load(text, _FAST_SAFE_LOADER, yaml.SafeLoader)


def read_yaml(path: Path, display_name: str | None = None) -> Any:
    """Parses one file; mappings come back as LineDict."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise YamlFileError(f"{name}: not UTF-8 text ({error.reason})") from error
    try:
        return _load(text, _FastLineLoader, _LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = error.problem or error.context or "invalid YAML"
        raise YamlFileError(f"{name}{line}: invalid YAML: {problem}") from error
    except yaml.YAMLError as error:
        raise YamlFileError(f"{name}: invalid YAML: {error}") from error
