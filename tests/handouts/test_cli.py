"""`python -m bot handout <kind> <id> --out FILE` for trainers preparing offline: a PDF (or the
page with its stylesheets), from the loaded knowledge; exit 2 naming an unknown id."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import KNOWLEDGE_FIXTURE, run_cli


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the fixture knowledge, loaded once by `knowledge load` into its cli.db,
    which the handouts only read (a load per test cost a command's start and load each)."""
    folder = tmp_path_factory.mktemp("handouts-cli")
    shutil.copytree(KNOWLEDGE_FIXTURE, folder / "knowledge")
    load = run_cli("knowledge", "load", knowledge_dir=folder / "knowledge", tmp_path=folder)
    assert load.returncode == 0, load.stderr
    return folder


def handout(loaded: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return run_cli("handout", *arguments, knowledge_dir=loaded / "knowledge", tmp_path=loaded)


def test_writes_a_briefing_pdf(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "offline" / "adam.pdf"
    result = handout(loaded, "briefing", "send-adam", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"written to {out}" in result.stdout
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "7-minute briefing: Case 1 (Adam)" in text
    assert "Do you flag disguised compliance in supervision?" in text


def test_writes_the_page_with_its_stylesheets(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "page" / "theme.html"
    result = handout(loaded, "theme", "engaging-families", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Theme handout: Engaging families" in out.read_text()
    assert (out.parent / "handouts.css").exists() and (out.parent / "trainer.css").exists()


def test_an_unknown_id_exits_2_naming_it(loaded: Path, tmp_path: Path) -> None:
    result = handout(loaded, "audit", "send-1999", "--out", str(tmp_path / "x.pdf"))
    assert result.returncode == 2
    assert "There is no audit with the id “send-1999”." in result.stderr
    assert not (tmp_path / "x.pdf").exists()
