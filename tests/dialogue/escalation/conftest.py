"""The escalation guide loaded once per test module, from a database of its own."""

from __future__ import annotations

import pytest

from bot.knowledge.escalation.guide import Guide
from bot.settings import PROJECT_ROOT, Settings
from tests.support import loaded_guide


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Guide:
    database = tmp_path_factory.mktemp("escalation") / "knowledge.db"
    return loaded_guide(Settings(f"sqlite:///{database}", PROJECT_ROOT / "knowledge", None))
