"""The model is retrained when training inputs change, and only then."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.tooling.fingerprint import TRAINING_INPUTS, model_fingerprint


def project_copy(tmp_path: Path) -> Path:
    for name in ("config.yml", "domain.yml"):
        shutil.copy(PROJECT_ROOT / name, tmp_path / name)
    shutil.copytree(PROJECT_ROOT / "data", tmp_path / "data")
    shutil.copytree(PROJECT_ROOT / "bot" / "safeguards", tmp_path / "bot" / "safeguards")
    return tmp_path


def test_comments_and_layout_do_not_change_the_fingerprint(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    before = model_fingerprint(root)
    config = root / "config.yml"
    config.write_text("# a new comment\n" + config.read_text() + "\n\n")
    assert model_fingerprint(root) == before


def test_a_new_training_example_changes_the_fingerprint(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    before = model_fingerprint(root)
    nlu = root / "data" / "core" / "nlu.yml"
    nlu.write_text(nlu.read_text().replace("    - hiya\n", "    - hiya\n    - howdy\n"))
    assert model_fingerprint(root) != before
    assert "data/**/*.yml" in TRAINING_INPUTS


def test_a_change_to_the_pipeline_components_changes_the_fingerprint(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    before = model_fingerprint(root)
    masker = root / "bot" / "safeguards" / "nlu_components.py"
    masker.write_text(masker.read_text() + "\n# a changed line\n")
    assert model_fingerprint(root) != before


def test_make_model_s_light_entry_point_prints_what_the_command_line_prints() -> None:
    """`make model` and `make run` ask `python -m bot.tooling.fingerprint path`, which imports
    none of the command line's modules (Rasa, scikit-learn: rasa is not imported at all)."""

    def run(*arguments: str) -> str:
        return subprocess.run(
            [sys.executable, *arguments],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    light = run(
        "-c",
        "import sys; from bot.tooling.fingerprint import main; main(['path']);"
        " print(sorted(m for m in ('rasa', 'sklearn', 'tensorflow') if m in sys.modules))",
    )
    assert light.splitlines() == [run("-m", "bot", "model", "path").strip(), "[]"]
