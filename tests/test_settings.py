"""One settings module: every `RPA_*` variable is named (and so read) in bot/settings.py only,
each with a docstring saying why, and the README's configuration table lists exactly those
(structure review 1a, "A new environment variable").

Code elsewhere names a variable through settings' constants and accessors; docstrings and
comments may mention one by name, since that is documentation, not a read."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

import bot.settings
from bot.settings import PROJECT_ROOT

SETTINGS = PROJECT_ROOT / "bot" / "settings.py"
SOURCES = (PROJECT_ROOT / "bot", PROJECT_ROOT / "actions")
NAME = re.compile(r"RPA_[A-Z0-9_]*")
README_NAME = re.compile(r"`(RPA_[A-Z0-9_]*)(?:<ID>)?`")


def names_in_code(source: str) -> Iterator[tuple[int, str]]:
    """(line, name) for every RPA_ name in a string of the code, docstrings left out."""
    tree = ast.parse(source)
    documentation = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in documentation
        ):
            for match in NAME.finditer(node.value):
                yield node.lineno, match.group()


def settings_variables() -> dict[str, str]:
    """Each variable bot/settings.py names, by the constant that names it."""
    return {
        name: value
        for name, value in vars(bot.settings).items()
        if name.startswith("ENV_") and isinstance(value, str)
    }


def configuration_table() -> set[str]:
    """The RPA_ variables in the first column of the README's configuration table."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in README_NAME.findall(row.split(" | ")[0])}


def test_the_scanner_finds_a_read_and_leaves_documentation_alone() -> None:
    source = '"""Reads RPA_A."""\nimport os\nX = os.environ.get("RPA_B")\n"""RPA_C."""\n'
    source += 'def f() -> str:\n    """RPA_D"""\n    return f"set {X} or RPA_E"  # RPA_F\n'
    assert list(names_in_code(source)) == [(3, "RPA_B"), (7, "RPA_E")]


def test_no_module_but_settings_names_an_rpa_variable() -> None:
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{line}: {name}"
        for folder in SOURCES
        for path in sorted(folder.rglob("*.py"))
        if path != SETTINGS
        for line, name in names_in_code(path.read_text(encoding="utf-8"))
    ]
    assert not found, "name these through bot/settings.py:\n" + "\n".join(found)


def test_every_setting_says_why() -> None:
    body = ast.parse(SETTINGS.read_text(encoding="utf-8")).body
    undocumented = [
        target.id
        for statement, following in zip(body, [*body[1:], None], strict=False)
        if isinstance(statement, ast.Assign)
        for target in statement.targets
        if isinstance(target, ast.Name) and target.id.startswith("ENV_")
        if not (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        )
    ]
    assert undocumented == []


def test_the_readme_table_lists_every_setting_and_nothing_else() -> None:
    settings = set(settings_variables().values())
    table = configuration_table()
    assert sorted(settings - table) == [], "add these to the README's configuration table"
    assert sorted(table - settings) == [], "no setting in bot/settings.py reads these"
