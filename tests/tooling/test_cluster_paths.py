"""make cluster in the checkout, as root: PostgreSQL runs as its own user, and the project's var/
is private (umask 077), so folders of the project above its data must let it pass."""

from __future__ import annotations

import shutil
import stat
import tempfile
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.tooling.cluster import open_the_way, write_file


def test_folders_of_the_project_above_the_data_may_be_entered_not_listed() -> None:
    private = Path(tempfile.mkdtemp(prefix="test-cluster-", dir=PROJECT_ROOT))
    outside = Path(tempfile.mkdtemp(prefix="test-cluster-"))
    try:
        data = private / "cluster" / "data" / "postgres"
        data.mkdir(parents=True, mode=0o700)
        for folder in (private, private / "cluster", private / "cluster" / "data"):
            folder.chmod(0o700)
        secret = private / "knowledge.db"
        secret.write_text("x")
        secret.chmod(0o600)
        open_the_way(data)
        for folder in (private, private / "cluster", private / "cluster" / "data"):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o701, folder
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        outside.chmod(0o700)
        open_the_way(outside / "data")  # not the project's: left as it is
        assert stat.S_IMODE(outside.stat().st_mode) == 0o700
    finally:
        shutil.rmtree(private)
        shutil.rmtree(outside)


def test_a_secret_file_written_again_is_private_even_if_it_was_not(tmp_path: Path) -> None:
    secrets = tmp_path / "conf" / "secrets.env"
    secrets.parent.mkdir()
    secrets.write_text("PGPASSWORD=old\n")
    secrets.chmod(0o644)
    write_file(secrets, "PGPASSWORD=new\n", private=True)
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
    assert secrets.read_text() == "PGPASSWORD=new\n"
