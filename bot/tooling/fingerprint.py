"""Names the trained model after its inputs, so `make` retrains only when they change."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

import yaml

from bot.settings import PROJECT_ROOT

TRAINING_INPUTS = (
    "config.yml",
    "domain.yml",
    "data/**/*.yml",
    # The pipeline's own components (config.yml), what they use to find identifiers and risk,
    # and the importer that merges the domain: the masker changes the text the model learns.
    "bot/safeguards/nlu_components.py",
    "bot/safeguards/privacy/*.py",
    "bot/safeguards/safety.py",
    "bot/safeguards/urgent_retrieval.py",
    "bot/safeguards/urgent_examples.yml",
    "bot/safeguards/vocabulary.py",
    "bot/safeguards/safeguarding_terms.txt",
    "bot/tooling/domain.py",
    "bot/dialogue/coverage_component.py",
    "bot/dialogue/coverage.py",
)
MODEL_DIR = Path("models")


def training_files(root: Path = PROJECT_ROOT) -> list[Path]:
    files: set[Path] = set()
    for pattern in TRAINING_INPUTS:
        files.update(path for path in root.glob(pattern) if path.is_file())
    return sorted(files)


def _content(path: Path) -> bytes:
    """The parsed YAML, so comments and layout do not cause a retrain; raw bytes otherwise."""
    if path.suffix != ".yml":
        return path.read_bytes()
    try:
        parsed = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return path.read_bytes()
    return json.dumps(parsed, sort_keys=True, default=str).encode()


def model_fingerprint(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256(f"rasa {metadata.version('rasa')}".encode())
    for path in training_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(_content(path))
    return digest.hexdigest()[:16]


def model_path(root: Path = PROJECT_ROOT) -> Path:
    return MODEL_DIR / f"rpa-{model_fingerprint(root)}.tar.gz"
