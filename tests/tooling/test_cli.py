"""The command line exits non-zero with a readable message on bad knowledge."""

from __future__ import annotations

from pathlib import Path

from bot.tooling.serve import CREDENTIALS, credentials_file
from tests.support import run_cli


def test_check_passes_on_valid_knowledge(knowledge_dir: Path, tmp_path: Path) -> None:
    result = run_cli("knowledge", "check", knowledge_dir=knowledge_dir, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "26 key messages" in result.stdout


def test_check_fails_with_file_and_line(knowledge_dir: Path, tmp_path: Path) -> None:
    (knowledge_dir / "themes.yml").write_text("themes:\n  - id: a\n    title: [x\n")
    result = run_cli("knowledge", "check", knowledge_dir=knowledge_dir, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "knowledge is invalid" in result.stderr
    assert "knowledge/themes.yml:4: invalid YAML" in result.stderr


def test_load_writes_the_configured_database(knowledge_dir: Path, tmp_path: Path) -> None:
    result = run_cli("knowledge", "load", knowledge_dir=knowledge_dir, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cli.db").stat().st_size > 0


def test_teams_credentials_are_added_only_when_configured(tmp_path: Path) -> None:
    assert credentials_file({}, tmp_path) == CREDENTIALS
    merged = credentials_file({"TEAMS_APP_ID": "00000000-0000-0000-0000-000000000000"}, tmp_path)
    text = merged.read_text()
    assert text.startswith(CREDENTIALS.read_text())
    assert "bot.channels.teams.channel.TeamsInput:" in text and "${TEAMS_APP_PASSWORD}" in text
