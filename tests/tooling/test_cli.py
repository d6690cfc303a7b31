"""The command line exits non-zero with a readable message on bad knowledge.

The knowledge commands run on the small fixture knowledge set, so their output can be counted.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.dialogue.retrieval import TAUGHT_FILE
from bot.settings import PROJECT_ROOT
from bot.tooling.cli import COMMANDS, build_parser, chosen_command
from bot.tooling.serve import CREDENTIALS, credentials_file
from bot.web.trainer import verify_password
from tests.support import run_cli


def test_check_passes_on_valid_knowledge(fixture_knowledge_dir: Path, tmp_path: Path) -> None:
    result = run_cli("knowledge", "check", knowledge_dir=fixture_knowledge_dir, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "knowledge OK: 1 sources, 3 themes, 3 cases, 3 services, 3 key messages, "
        "2 urgent contacts, 1 glossary, 1 uncovered topics, 4 escalation steps, "
        "3 escalation tried, 3 escalation routes, 4 walkthrough stages, 3 quiz questions, "
        "3 check questions, 3 links"
    )


def test_check_fails_with_file_and_line(fixture_knowledge_dir: Path, tmp_path: Path) -> None:
    (fixture_knowledge_dir / "themes.yml").write_text("themes:\n  - id: a\n    title: [x\n")
    result = run_cli("knowledge", "check", knowledge_dir=fixture_knowledge_dir, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "knowledge is invalid" in result.stderr
    assert "knowledge/themes.yml:4: invalid YAML" in result.stderr


def test_load_writes_the_configured_database(fixture_knowledge_dir: Path, tmp_path: Path) -> None:
    result = run_cli("knowledge", "load", knowledge_dir=fixture_knowledge_dir, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "cli.db") as connection:
        assert connection.execute("select count(*) from key_messages").fetchone() == (3,)
    # the configured one is named as it is; only the default is called make run's
    assert f"loaded into sqlite:///{tmp_path / 'cli.db'}\n" in result.stdout


def test_prepare_checks_generates_and_loads_in_one_process(
    knowledge_dir: Path, tmp_path: Path
) -> None:
    """`make knowledge`: what `knowledge check`, `nlu generate` and `knowledge load` print, in
    that order, and the database loaded."""
    result = run_cli("knowledge", "prepare", knowledge_dir=knowledge_dir, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    checked = next(i for i, line in enumerate(lines) if line.startswith("knowledge OK: "))
    generated = lines.index("NLU data up to date")
    loaded = next(i for i, line in enumerate(lines) if "loaded into sqlite:///" in line)
    assert checked < generated < loaded
    with sqlite3.connect(tmp_path / "cli.db") as connection:
        assert connection.execute("select count(*) from key_messages").fetchone()[0] > 3


def test_prepare_stops_at_invalid_knowledge(fixture_knowledge_dir: Path, tmp_path: Path) -> None:
    (fixture_knowledge_dir / "themes.yml").write_text("themes:\n  - id: a\n    title: [x\n")
    result = run_cli("knowledge", "prepare", knowledge_dir=fixture_knowledge_dir, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "knowledge/themes.yml:4: invalid YAML" in result.stderr
    assert "NLU data" not in result.stdout and not (tmp_path / "cli.db").exists()


def test_every_command_writes_its_files_private_to_their_owner(
    fixture_knowledge_dir: Path, tmp_path: Path
) -> None:
    """Security review finding 18: `make knowledge` left the database readable by all until
    the server started."""
    result = run_cli("knowledge", "load", knowledge_dir=fixture_knowledge_dir, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cli.db").stat().st_mode & 0o777 == 0o600


def test_docs_rewrites_only_the_tables_of_a_stale_readme(
    knowledge_dir: Path, tmp_path: Path
) -> None:
    readme = knowledge_dir / "README.md"
    current = readme.read_text(encoding="utf-8")
    fresh = run_cli("knowledge", "docs", "--check", knowledge_dir=knowledge_dir, tmp_path=tmp_path)
    assert fresh.returncode == 0, fresh.stderr
    readme.write_text(
        current.replace("| short_title | yes |", "| short_title | no |", 1).replace(
            "## Layout", "## Layout (edited)", 1
        ),
        encoding="utf-8",
    )
    stale = run_cli("knowledge", "docs", "--check", knowledge_dir=knowledge_dir, tmp_path=tmp_path)
    assert stale.returncode == 1 and "README.md is stale" in stale.stderr
    written = run_cli("knowledge", "docs", knowledge_dir=knowledge_dir, tmp_path=tmp_path)
    assert written.returncode == 0, written.stderr
    assert readme.read_text(encoding="utf-8") == current.replace(
        "## Layout", "## Layout (edited)", 1
    )


def test_teams_credentials_are_added_only_when_configured(tmp_path: Path) -> None:
    assert credentials_file({}, tmp_path) == CREDENTIALS
    merged = credentials_file({"TEAMS_APP_ID": "00000000-0000-0000-0000-000000000000"}, tmp_path)
    text = merged.read_text()
    assert text.startswith(CREDENTIALS.read_text())
    assert "bot.channels.teams.channel.TeamsInput:" in text and "${TEAMS_APP_PASSWORD}" in text


def test_teams_without_a_public_url_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    teams = {"TEAMS_APP_ID": "00000000-0000-0000-0000-000000000000"}
    credentials_file(teams, tmp_path)
    assert "RPA_PUBLIC_URL is not set" in caplog.text
    caplog.clear()
    credentials_file({**teams, "RPA_PUBLIC_URL": "https://assistant.example.org"}, tmp_path)
    assert "RPA_PUBLIC_URL" not in caplog.text


def test_trainer_password_prints_a_hash_that_verifies_and_refuses_a_short_one(
    knowledge_dir: Path, tmp_path: Path
) -> None:
    good = run_cli(
        "trainer-password",
        knowledge_dir=knowledge_dir,
        tmp_path=tmp_path,
        stdin="a long trainer passphrase\n",
    )
    assert good.returncode == 0, good.stderr
    assert verify_password("a long trainer passphrase", good.stdout.strip())
    assert "a long trainer passphrase" not in good.stdout
    short = run_cli(
        "trainer-password", knowledge_dir=knowledge_dir, tmp_path=tmp_path, stdin="short\n"
    )
    assert short.returncode == 2 and "at least" in short.stderr


def test_teaching_refuses_a_database_knowledge_was_never_loaded_into(
    fixture_knowledge_dir: Path, tmp_path: Path
) -> None:
    """Labelling released questions against no key messages would rewrite the committed
    taught lines as nothing (it did, in a new worktree whose database was empty)."""
    taught = TAUGHT_FILE.read_text(encoding="utf-8")
    result = run_cli("nlu", "teach", knowledge_dir=fixture_knowledge_dir, tmp_path=tmp_path)
    assert result.returncode == 1
    assert f"no key messages in the knowledge database (sqlite:///{tmp_path / 'cli.db'})" in (
        result.stderr
    )
    assert "python -m bot knowledge load" in result.stderr
    assert TAUGHT_FILE.read_text(encoding="utf-8") == taught


def test_a_command_imports_only_its_own_module() -> None:
    """`knowledge prepare`, `db upgrade` and `serve` start `make run`'s servers: they must not
    first pay for the TensorFlow that `nlu` and `bench` import (about 5 s of CPU; `knowledge
    prepare` paid 3 s of it for the intent examples' Rasa component until round 32)."""
    probe = (
        "import sys\n"
        "from bot.tooling import cli\n"
        "for command in (['db', 'upgrade'], ['--env-file', 'nlu', 'serve', '--port', '1'],\n"
        "                ['knowledge', 'prepare']):\n"
        "    cli.build_parser(command)\n"
        "print('tensorflow' in sys.modules, 'bot.tooling.commands.nlu' in sys.modules)\n"
        "print(len(cli.build_parser([]).format_help()) > 0, 'tensorflow' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["False", "False", "True", "True"], result.stderr


def test_chosen_command_skips_options_and_their_values() -> None:
    assert chosen_command(["--env-file", "db", "serve", "--port", "1"]) == "serve"
    assert chosen_command(["--help"]) is None
    parser = build_parser(["db", "upgrade"])
    assert parser.parse_args(["db", "upgrade"]).handler.__module__ == "bot.tooling.schema"
    with pytest.raises(SystemExit):
        parser.parse_args(["nlu", "generate"])  # its options were never added


def test_every_command_module_is_found_and_handles_its_command_only() -> None:
    for name, _module, _help in COMMANDS:
        parser = build_parser([name])
        commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        handled = {
            command for command, sub in commands.choices.items() if sub.get_default("handler")
        }
        assert handled == {name}
