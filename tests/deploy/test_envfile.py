"""One reading of the deployment's environment files: the project's parser against systemd's
own (load_env_file in Debian's libsystemd-shared, called directly), and the commands'
--env-file (deployment review P3, P6)."""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

import pytest

from bot.tooling import cli, envfile
from bot.tooling.envfile import EnvironmentFileError
from tests.support import run_bot

SYSTEMD_SHARED = sorted(Path("/usr/lib/x86_64-linux-gnu/systemd").glob("libsystemd-shared-*.so"))

HASH = "scrypt$32768$8$3$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNo"
CASES = {
    "quoted hash": f"RPA_TRAINER_PASSWORD_HASH='{HASH}'\n",
    "bare hash": f"RPA_TRAINER_PASSWORD_HASH={HASH}\n",
    "double-quoted hash, escaped $": 'H="scrypt\\$1\\$2"\n',
    "double-quoted, other escapes kept": 'H="a\\nb\\\\c\\"d"\n',
    "two origins": "RPA_CORS_ORIGINS=http://localhost:5080 https://intranet.example.org\n",
    "two origins, quoted": 'RPA_CORS_ORIGINS="http://a.example https://b.example"\n',
    "spaces around": "  KEY  =   value with  inner   spaces   \t\n",
    "comments": "# a comment\n; another\n\nA=1\n  # indented comment\nB=2 # not a comment\n",
    "continuation": "A=first \\\n  second\nB='multi\nline'\n",
    "escaped space kept": "A=value\\ \n",
    "quotes after the start kept": 'A=it\'s "fine"\n',
    "quoted then more": "A='one' \"two\"three\n",
    "empty": "A=\nB=''\nC=\"\"\n",
    "CRLF": "A=1\r\nB='x'\r\n",
    "later wins": "A=1\nA=2\n",
    "no final newline": "A=last",
    "dollar braces": "A=${HOME}/x $USER\n",
}


def systemd_reading(path: Path) -> dict[str, str]:
    """What systemd's own EnvironmentFile= parser makes of the file."""
    if not SYSTEMD_SHARED:
        pytest.fail("libsystemd-shared is missing: `apt-get install systemd`")
    library = ctypes.CDLL(str(SYSTEMD_SHARED[-1]))
    result = ctypes.POINTER(ctypes.c_char_p)()
    status = library.load_env_file(None, str(path).encode(), ctypes.byref(result))
    assert status >= 0, f"systemd could not read {path}: {status}"
    pairs = {}
    index = 0
    while result[index] is not None:
        name, _, value = result[index].decode().partition("=")
        pairs[name] = value
        index += 1
    return pairs


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_the_parser_reads_each_file_as_systemd_does(tmp_path: Path, text: str) -> None:
    path = tmp_path / "test.env"
    path.write_text(text, encoding="utf-8")
    assert envfile.read(path) == systemd_reading(path)


def test_the_trainer_hash_keeps_its_dollars_quoted_or_not(tmp_path: Path) -> None:
    for spelling in (HASH, f"'{HASH}'", '"' + HASH.replace("$", "\\$") + '"'):
        path = tmp_path / "secrets.env"
        path.write_text(f"RPA_TRAINER_PASSWORD_HASH={spelling}\n", encoding="utf-8")
        assert envfile.read(path) == {"RPA_TRAINER_PASSWORD_HASH": HASH}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("export A=1\n", "not a variable name"),
        ("A-B=1\n", "not a variable name"),
        ("just words\n", "line 1: no '='"),
        ("A=1\nB='open\n", "line 2: B: a quote is never closed"),
        ("# trailing backslash \\\nA=1\n", "comment ends in a backslash"),
    ],
)
def test_what_systemd_would_skip_is_refused_naming_the_line(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "bad.env"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EnvironmentFileError, match=problem) as raised:
        envfile.read(path)
    assert str(path) in str(raised.value)


def test_every_command_reads_env_files_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m bot --env-file F ...` sets F's variables for the command, quotes, `$` and
    spaces as systemd reads them; later files win, as in the units, and over the caller's."""
    first, second = tmp_path / "rpa.env", tmp_path / "local.env"
    first.write_text(
        f"RPA_DATABASE_URL=sqlite:///{tmp_path}/k.db\nRPA_TRAINER_PASSWORD_HASH='{HASH}'\n"
        "RPA_CORS_ORIGINS=http://localhost:5080\n",
        encoding="utf-8",
    )
    second.write_text("RPA_CORS_ORIGINS=https://a.example https://b.example\n", encoding="utf-8")
    for name in ("RPA_DATABASE_URL", "RPA_TRAINER_PASSWORD_HASH"):
        # set first, so that monkeypatch restores "unset" after cli.main has set them
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setenv("RPA_CORS_ORIGINS", "from the caller")
    assert cli.main(["--env-file", str(first), "--env-file", str(second), "model", "path"]) == 0
    assert os.environ["RPA_TRAINER_PASSWORD_HASH"] == HASH
    assert os.environ["RPA_CORS_ORIGINS"] == "https://a.example https://b.example"
    loaded = run_bot("--env-file", str(first), "knowledge", "load")
    assert loaded.returncode == 0 and f"loaded into sqlite:///{tmp_path}/k.db" in loaded.stdout


def test_a_bad_env_file_stops_the_command_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "rpa.env"
    bad.write_text("A=1\nB='open\n", encoding="utf-8")
    finished = run_bot("--env-file", str(bad), "model", "path")
    assert finished.returncode == 2
    assert f"{bad}, line 2" in finished.stderr and "Traceback" not in finished.stderr
