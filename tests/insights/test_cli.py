"""`python -m bot insights` runs unattended: a readable summary and the CSV files, exit 0,
and exit 2 with the reason on a bad range; `insights purge` keeps to the retention period."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.insights.events import EventKind, UsageEvent, this_hour
from bot.insights.export import TABLES
from bot.knowledge.store import KnowledgeStore
from bot.settings import ENV_INSIGHTS_LOW_CONFIDENCE, ENV_INSIGHTS_RETENTION_DAYS, Settings
from tests.insights.usage import DISGUISED, FORTNIGHT, add_events, answered, at, kind, unanswered
from tests.support import KNOWLEDGE_FIXTURE, run_cli


def cli_store(knowledge_dir: Path, tmp_path: Path) -> KnowledgeStore:
    """The database `run_cli` points the command line at."""
    return KnowledgeStore.from_settings(
        Settings(f"sqlite:///{tmp_path / 'cli.db'}", knowledge_dir, None)
    )


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the fixture knowledge and the hand-made fortnight in the command line's
    database (its cli.db), loaded once: the summaries only read it."""
    folder = tmp_path_factory.mktemp("insights-cli")
    shutil.copytree(KNOWLEDGE_FIXTURE, folder / "knowledge")
    load = run_cli("knowledge", "load", knowledge_dir=folder / "knowledge", tmp_path=folder)
    assert load.returncode == 0, load.stderr
    store = cli_store(folder / "knowledge", folder)
    add_events(store, FORTNIGHT)
    store.engine.dispose()
    return folder


def insights(loaded: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot insights ...` on the loaded fortnight."""
    return run_cli("insights", *arguments, knowledge_dir=loaded / "knowledge", tmp_path=loaded)


def test_summary_and_csv_files_for_a_date_range(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = insights(loaded, "--since", "2026-03-04", "--until", "2026-03-17", "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:10] == [
        "Insights 2026-03-04 to 2026-03-17 (UTC days, both included)",
        "Questions: 17; not understood: 4 (23.5%)",
        "Answered: 7, of them with low confidence (below 0.5): 0; outside the audits' "
        "coverage: 0",
        "Not counted as questions (acknowledgements, corrections, workshop and quiz answers, "
        "typed reasons): 0",
        "Most answered key messages:",
        "       4  Disguised compliance (Engaging families)",
        "       1  Calling professionals meetings (Escalation and multi-agency working)",
        "       1  Children who witness domestic abuse (Information sharing)",
        "       1  retired-message (retired-theme)",
        "Largest groups of unanswered questions:",
    ]
    assert lines[10].startswith('       3  FGM: "') and lines[10].endswith('FGM"')
    assert lines[11:] == [
        "  and 1 with no word left to group by",
        "Topics outside the audits' coverage:",
        "  none",
        "Escalation route finder: 3 started, 2 situation known, 2 completed; stopped at "
        "What is wrong: 1, What you have tried: 1, No question open: 1",
        "Least asked themes:",
        "       1  retired-theme",
        "       1  Information sharing",
        "       1  Escalation and multi-agency working",
        f"{len(TABLES)} CSV files written to {out}",
    ]
    assert sorted(path.name for path in out.iterdir()) == sorted(f"{name}.csv" for name in TABLES)
    channels = (out / "channels.csv").read_text(encoding="utf-8-sig")
    assert channels.splitlines() == [
        "channel,questions",
        "webchat,11",
        "teams,4",
        "rest,1",
        "unknown,1",
    ]


def test_since_a_number_of_days_ends_on_until(loaded: Path, tmp_path: Path) -> None:
    result = insights(
        loaded, "--since", "14d", "--until", "2026-03-17", "--out", str(tmp_path / "out")
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "Insights 2026-03-04 to 2026-03-17 (UTC days, both included)",
        "Questions: 17; not understood: 4 (23.5%)",
    ]


def test_runs_on_a_schedule_before_anything_was_recorded(
    fixture_knowledge_dir: Path, tmp_path: Path
) -> None:
    result = run_cli(
        "insights",
        "--out",
        str(tmp_path / "out"),
        knowledge_dir=fixture_knowledge_dir,
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Questions: 0; not understood: 0 (0 of 0: too few for a rate)" in result.stdout
    assert "Most answered key messages:\n  none\n" in result.stdout
    with sqlite3.connect(tmp_path / "cli.db") as connection:
        assert connection.execute("select count(*) from usage_events").fetchone() == (0,)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--since", "30 days"), "'30 days': give a number of days such as 30d, or a date"),
        (("--since", "0d"), "'0d': give a number of days such as 30d"),
        (("--since", "2026-02-30"), "'2026-02-30': give a number of days such as 30d"),
        (("--until", "yesterday"), "'yesterday': give a date such as 2026-01-31"),
        (("--since", "2026-03-18", "--until", "2026-03-17"), "--since 2026-03-18 is after"),
    ],
)
def test_a_bad_range_exits_2_with_the_reason(
    arguments: tuple[str, ...], message: str, fixture_knowledge_dir: Path, tmp_path: Path
) -> None:
    result = run_cli(
        "insights",
        *arguments,
        "--out",
        str(tmp_path / "out"),
        knowledge_dir=fixture_knowledge_dir,
        tmp_path=tmp_path,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_purge_deletes_events_older_than_the_retention_period(
    fixture_knowledge_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = cli_store(fixture_knowledge_dir, tmp_path)
    now = this_hour()
    add_events(
        store,
        [
            (now - timedelta(days=31), "webchat", answered(("old", "theme"))),
            (now - timedelta(days=29), "webchat", answered(("recent", "theme"))),
        ],
    )
    monkeypatch.setenv(ENV_INSIGHTS_RETENTION_DAYS, "30")
    result = run_cli("insights", "purge", knowledge_dir=fixture_knowledge_dir, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "purged 1 usage event(s) older than 30 days\n"
    with store.session() as session:
        assert list(session.scalars(select(UsageEvent.key_message_id))) == ["recent"]
        assert session.scalar(select(func.count()).select_from(UsageEvent)) == 1
    store.engine.dispose()


def test_purge_refuses_a_bad_retention_period(
    fixture_knowledge_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_INSIGHTS_RETENTION_DAYS, "two years")
    result = run_cli("insights", "purge", knowledge_dir=fixture_knowledge_dir, tmp_path=tmp_path)
    assert result.returncode == 2
    assert "RPA_INSIGHTS_RETENTION_DAYS='two years'" in result.stderr


def test_declined_topics_low_confidence_and_turns_are_summarised_apart(
    fixture_knowledge_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load = run_cli("knowledge", "load", knowledge_dir=fixture_knowledge_dir, tmp_path=tmp_path)
    assert load.returncode == 0, load.stderr
    store = cli_store(fixture_knowledge_dir, tmp_path)
    add_events(
        store,
        [
            (at(5), "webchat", answered(DISGUISED) | {"confidence": 0.4}),
            (at(5), "webchat", answered(DISGUISED) | {"confidence": 0.9}),
            (at(5), "webchat", kind(EventKind.DECLINED, topic="lone-working", text="lone working")),
            (at(5), "webchat", unanswered("ok thanks")),
        ],
    )
    store.engine.dispose()
    monkeypatch.setenv(ENV_INSIGHTS_LOW_CONFIDENCE, "0.95")
    result = run_cli(
        "insights",
        *("--since", "2026-03-04", "--until", "2026-03-17", "--out", str(tmp_path / "out")),
        knowledge_dir=fixture_knowledge_dir,
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Questions: 3; not understood: 0 (0 of 3: too few for a rate)" in result.stdout
    assert (
        "Answered: 2, of them with low confidence (below 0.95): 2; outside the audits' "
        "coverage: 1" in result.stdout
    )
    assert "typed reasons): 1\n" in result.stdout
    assert "Topics outside the audits' coverage:\n       1  lone working\n" in result.stdout


def test_a_bad_low_confidence_setting_exits_2_with_the_reason(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_INSIGHTS_LOW_CONFIDENCE, "high")
    result = insights(loaded, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "RPA_INSIGHTS_LOW_CONFIDENCE='high': a number from 0 to 1" in result.stderr
