"""Names the trained model after its inputs, so `make` retrains only when they change.

`python -m bot.tooling.fingerprint path|link` is what `make model` and `make run` call: the same
as `python -m bot model path|link` without importing every command's modules (Rasa, scikit-learn,
the cluster, ...), which cost about 2.5 s of CPU per call, twice on every start."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import yaml

from bot.settings import CURRENT_MODEL, PROJECT_ROOT
from bot.yaml_text import safe_load

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
    "bot/safeguards/urgent_taught.yml",
    "bot/safeguards/vocabulary.py",
    "bot/safeguards/safeguarding_terms.txt",
    "bot/tooling/domain.py",
    "bot/dialogue/coverage_component.py",
    "bot/dialogue/coverage.py",
    "bot/dialogue/intent_opinion.py",
    "bot/dialogue/intent_examples.py",
    "bot/nlu_examples.py",
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
        parsed = safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return path.read_bytes()
    return json.dumps(parsed, sort_keys=True, default=str).encode()


def content_digest(path: Path) -> str:
    """A file's content digest, blind to YAML comments and layout (like the model's inputs):
    what a generated file records of the files it was made from, to know when it is stale."""
    return hashlib.sha256(_content(path)).hexdigest()[:16]


def model_fingerprint(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256(f"rasa {metadata.version('rasa')}".encode())
    for path in training_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(_content(path))
    return digest.hexdigest()[:16]


def model_path(root: Path = PROJECT_ROOT) -> Path:
    return MODEL_DIR / f"rpa-{model_fingerprint(root)}.tar.gz"


def link_current_model(root: Path = PROJECT_ROOT) -> Path:
    """Points models/current.tar.gz at the model for the current data: the units name the
    link, so after a retraining restarting the instances is enough. FileNotFoundError when
    that model is not trained."""
    target = root / model_path(root)
    if not target.exists():
        raise FileNotFoundError(f"{target}: no trained model; run `make model`")
    temporary = CURRENT_MODEL.with_name(f".{CURRENT_MODEL.name}.{os.getpid()}")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target.name)
    temporary.replace(CURRENT_MODEL)  # atomic: a starting instance never finds no link
    return target


def main(argv: Sequence[str]) -> int:
    if list(argv) == ["path"]:
        print(model_path())
        return 0
    if list(argv) == ["link"]:
        try:
            target = link_current_model()
        except FileNotFoundError as missing:
            print(missing, file=sys.stderr)
            return 1
        print(f"{CURRENT_MODEL.relative_to(PROJECT_ROOT)} -> {target.name}")
        return 0
    print("usage: python -m bot.tooling.fingerprint path|link", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
