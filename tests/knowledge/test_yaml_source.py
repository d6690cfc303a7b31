"""YAML parsed by libyaml gives what PyYAML's Python parser gives: values, lines and errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge import yaml_source
from bot.knowledge.yaml_source import LineDict, YamlFileError, read_yaml
from bot.settings import PROJECT_ROOT
from bot.yaml_text import FAST_SAFE_LOADER, safe_load

PROJECT_YAML = sorted(
    path
    for folder in ("knowledge", "data", "bot/dialogue", "bot/safeguards")
    for path in (PROJECT_ROOT / folder).rglob("*.yml")
)
"""What the servers and `knowledge prepare` read: the knowledge, the NLU data, the taught
questions and the coverage and urgent examples."""


def lines(value: Any) -> Any:
    """Every mapping's line, beside its value."""
    if isinstance(value, dict):
        return (getattr(value, "line", None), {key: lines(item) for key, item in value.items()})
    if isinstance(value, list):
        return [lines(item) for item in value]
    return value


def test_libyaml_parses_the_project_s_files() -> None:
    assert yaml.__with_libyaml__ and FAST_SAFE_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("path", PROJECT_YAML, ids=lambda path: str(path.relative_to(PROJECT_ROOT)))
def test_the_same_values_and_lines_as_the_python_parser(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    python_s = yaml.load(text, Loader=yaml_source._LineLoader)  # the parser read_yaml had
    assert safe_load(text) == python_s  # a LineDict equals the dict of the same items
    ours = read_yaml(path)
    assert lines(ours) == lines(python_s)
    assert not isinstance(ours, dict) or isinstance(ours, LineDict)


INVALID = ("a: [1, 2\n", "a: b: c\n", "- a\nb: c\n", "a: 'x\n", "\tkey: value\n")


@pytest.mark.parametrize("text", INVALID)
def test_invalid_yaml_gets_the_python_parser_s_error(text: str, tmp_path: Path) -> None:
    with pytest.raises(yaml.YAMLError) as python_s:
        yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError) as ours:
        safe_load(text)
    assert str(ours.value) == str(python_s.value)
    path = tmp_path / "broken.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(YamlFileError, match=r"broken\.yml:\d+: invalid YAML: "):
        read_yaml(path)
