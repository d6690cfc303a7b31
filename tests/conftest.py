"""Shared fixtures: a private copy of knowledge/ and a database in a temporary folder."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT, Settings

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A copy of the real knowledge base that a test may break or extend."""
    target = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", target)
    return target


@pytest.fixture
def settings(tmp_path: Path, knowledge_dir: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'knowledge.db'}",
        knowledge_dir=knowledge_dir,
        links_file=None,
    )
