"""`python -m bot handout <kind> <id> --out FILE` for trainers preparing offline: a PDF (or the
page with its stylesheets), from the loaded knowledge; exit 2 naming an unknown id."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support import run_cli


@pytest.fixture
def loaded(fixture_knowledge_dir: Path, tmp_path: Path) -> Path:
    load = run_cli("knowledge", "load", knowledge_dir=fixture_knowledge_dir, tmp_path=tmp_path)
    assert load.returncode == 0, load.stderr
    return fixture_knowledge_dir


def test_writes_a_briefing_pdf(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "offline" / "adam.pdf"
    result = run_cli(
        "handout",
        "briefing",
        "send-adam",
        "--out",
        str(out),
        knowledge_dir=loaded,
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert f"written to {out}" in result.stdout
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "7-minute briefing: Case 1 (Adam)" in text
    assert "Do you flag disguised compliance in supervision?" in text


def test_writes_the_page_with_its_stylesheets(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "page" / "theme.html"
    result = run_cli(
        "handout",
        *("theme", "engaging-families", "--out", str(out)),
        knowledge_dir=loaded,
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Theme handout: Engaging families" in out.read_text()
    assert (out.parent / "handouts.css").exists() and (out.parent / "trainer.css").exists()


def test_an_unknown_id_exits_2_naming_it(loaded: Path, tmp_path: Path) -> None:
    result = run_cli(
        "handout",
        "audit",
        "send-1999",
        "--out",
        str(tmp_path / "x.pdf"),
        knowledge_dir=loaded,
        tmp_path=tmp_path,
    )
    assert result.returncode == 2
    assert "There is no audit with the id “send-1999”." in result.stderr
    assert not (tmp_path / "x.pdf").exists()
