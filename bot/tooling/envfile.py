"""Environment files read exactly as systemd's `EnvironmentFile=` reads them.

The deployment's settings (rpa.env, local.env, secrets.env) are read by the systemd units, by
`make cluster` and by every command given `--env-file`. A shell's `source` reads the same file
differently (a `$` in the trainer's password hash is expanded, a space in RPA_CORS_ORIGINS ends
the value and runs the rest as a command), so nothing here uses one: this parser follows
systemd's own (src/basic/env-file.c, the same in Debian 12's systemd 252 and later):

- `#` or `;` first on a line starts a comment; blank lines are skipped;
- spaces around the name, and before and after the value, are dropped;
- a value starting with `'` is literal up to the next `'` (no escapes), and may span lines;
- a value starting with `"` runs to the next unescaped `"`; in it `\\"`, `\\\\`, `\\``,
  `\\$` stand for the character, a backslash before a line break joins the lines, and any other
  backslash is kept;
- an unquoted value keeps its inner spaces and its quotes; a backslash keeps the next character
  and a backslash at the end of a line joins the next line;
- `$` is never expanded.

Where systemd would only log a warning and go on (a name that is not a variable name, a line
without `=`, a comment ending in a backslash, which systemd 252 and 254 read differently), this
parser refuses the file, naming its line: a deployer's typo must not pass silently.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, MutableMapping
from pathlib import Path

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
WHITESPACE = " \t"
NEWLINE = "\n\r"
DOUBLE_QUOTE_ESCAPES = '"\\`$'


class EnvironmentFileError(ValueError):
    """A file that systemd would read differently from what its writer meant."""

    def __init__(self, path: Path | str, line: int, problem: str) -> None:
        super().__init__(f"{path}, line {line}: {problem}")


def parse(text: str, path: Path | str = "<text>") -> dict[str, str]:
    """The variables `text` sets, in systemd's reading; later settings win."""
    values: dict[str, str] = {}
    position, line = 0, 1
    while position < len(text):
        character = text[position]
        if character in NEWLINE or character in WHITESPACE:
            line += character == "\n"
            position += 1
        elif character in "#;":
            end = text.find("\n", position)
            comment = text[position : len(text) if end < 0 else end].rstrip(WHITESPACE + "\r")
            if comment.endswith("\\"):
                raise EnvironmentFileError(
                    path, line, "a comment ends in a backslash (systemd versions disagree on it)"
                )
            position = len(text) if end < 0 else end
        else:
            start_line = line
            end_of_name = _end_of_name(text, position)
            if end_of_name < 0:
                raise EnvironmentFileError(path, line, "no '=': write NAME=value")
            name = text[position:end_of_name].strip(WHITESPACE)
            if not NAME.fullmatch(name):
                raise EnvironmentFileError(
                    path, line, f"{name!r} is not a variable name (letters, digits, _)"
                )
            value, position, line = _value(text, end_of_name + 1, line, path)
            if position < 0:
                raise EnvironmentFileError(path, start_line, f"{name}: a quote is never closed")
            values[name] = value
    return values


def _end_of_name(text: str, position: int) -> int:
    """Where the name's `=` is, or -1 when the line has none."""
    equals = text.find("=", position)
    line_end = min((i for i in (text.find(c, position) for c in NEWLINE) if i >= 0), default=-1)
    if equals < 0 or (0 <= line_end < equals):
        return -1
    return equals


def _value(text: str, position: int, line: int, path: Path | str) -> tuple[str, int, int]:
    """The value starting at `position`: (value, where the next line starts, line number).
    The position is -1 when a quote is left open."""
    value: list[str] = []
    quoted_up_to = 0  # trailing spaces are dropped only after the last quoted part
    state = "before"
    while position < len(text):
        character = text[position]
        position += 1
        if state in ("before", "unquoted"):
            if character in NEWLINE:
                return _chomp(value, quoted_up_to), position, line + (character == "\n")
            if character == "\\":
                following = text[position : position + 1]
                position += 1
                if following in NEWLINE and following:
                    line += following == "\n"
                elif following:
                    value.append(following)
                state = "unquoted"
                quoted_up_to = len(value)
            elif state == "before" and character in "'\"":
                state = character
            elif state == "before" and character in WHITESPACE:
                continue
            else:
                value.append(character)
                state = "unquoted"
        elif state == "'":
            if character == "'":
                state, quoted_up_to = "before", len(value)
            else:
                line += character == "\n"
                value.append(character)
        else:  # inside double quotes
            if character == '"':
                state, quoted_up_to = "before", len(value)
            elif character == "\\":
                following = text[position : position + 1]
                position += 1
                if following == "\n":
                    line += 1
                elif following in DOUBLE_QUOTE_ESCAPES and following:
                    value.append(following)
                else:
                    value.append("\\" + following)
            else:
                line += character == "\n"
                value.append(character)
    if state in ("'", '"'):
        return "", -1, line
    return _chomp(value, quoted_up_to), position, line


def _chomp(value: list[str], keep: int) -> str:
    """An unquoted value loses its trailing spaces, never what was quoted or escaped."""
    return "".join(value[:keep]) + "".join(value[keep:]).rstrip(WHITESPACE)


def read(path: Path) -> dict[str, str]:
    """The variables a file sets; EnvironmentFileError names the line systemd would misread."""
    return parse(path.read_text(encoding="utf-8"), path)


def load(paths: Iterable[Path], into: MutableMapping[str, str] | None = None) -> list[Path]:
    """Sets every file's variables in `into` (the process environment by default), in order,
    later files winning, as a unit's EnvironmentFile= lines do; returns the files read."""
    target = os.environ if into is None else into
    read_files = []
    for path in paths:
        target.update(read(path))
        read_files.append(path)
    return read_files
