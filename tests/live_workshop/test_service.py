"""Sessions in the database: codes, joining, answering, the trainer's controls, expiry."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import MetaData, Table, create_engine, select, text

from bot.live_workshop.plan import Kind as StepKind
from bot.live_workshop.service import Control, Joined, Outcome, RoomFull, Workshops, team_name
from bot.live_workshop.tables import CODE_DIGITS, TABLES, WorkshopAnswer, WorkshopParticipant
from tests.live_workshop.conftest import Clock

NEW_COLUMNS = {"max_participants", "results_visible", "published", "held"}
"""Columns added after the first workshops were run."""


def code_of(workshops: Workshops, session_id: int) -> str:
    snapshot = workshops.snapshot(session_id)
    assert snapshot is not None
    return snapshot.code


def test_participants_join_by_code_and_votes_are_counted_once_each(
    workshops: Workshops, started: int
) -> None:
    code = code_of(workshops, started)
    assert len(code) == CODE_DIGITS and code.isdigit()
    tokens = [workshops.join(code) for _ in range(5)]
    assert all(tokens)
    assert workshops.answer(tokens[0].token, choice=0) is Outcome.CLOSED  # type: ignore[union-attr]
    version = workshops.version(started)
    assert workshops.control(started, Control.OPEN)
    assert workshops.version(started) == (version or 0) + 1
    for index, joined in enumerate(tokens):
        assert joined is not None
        assert workshops.answer(joined.token, choice=index % 2) is Outcome.RECORDED
    assert workshops.answer(tokens[0].token, choice=4) is Outcome.RECORDED  # changed their mind
    assert workshops.answer(tokens[0].token, choice=5) is Outcome.INVALID
    assert workshops.answer(tokens[0].token, text="free text") is Outcome.INVALID
    assert workshops.answer("no-such-token", choice=0) is Outcome.NOT_FOUND
    snapshot = workshops.snapshot(started)
    assert snapshot is not None
    assert snapshot.participants == 5
    assert snapshot.counts == (2, 2, 0, 0, 1)  # a changed vote replaces the first
    assert snapshot.answered == 5


def joined_at_the_reflection(workshops: Workshops, started: int) -> Joined:
    """A participant, with the session on its first free-text question, open."""
    snapshot = workshops.snapshot(started)
    assert snapshot is not None
    reflect = next(i for i, step in enumerate(snapshot.steps) if step.free_text)
    for _ in range(reflect):
        workshops.control(started, Control.NEXT)
    workshops.control(started, Control.OPEN)
    joined = workshops.join(snapshot.code)
    assert joined is not None
    return joined


def test_free_text_is_minimised_and_hidden_until_shown(workshops: Workshops, started: int) -> None:
    joined = joined_at_the_reflection(workshops, started)
    typed = "I would speak to Jayden Smith's mum at 12 Mare Street first"
    assert workshops.answer(joined.token, choice=1) is Outcome.INVALID
    assert workshops.answer(joined.token, text=typed) is Outcome.RECORDED
    (answer,) = workshops.snapshot(started).texts  # type: ignore[union-attr]
    assert "Jayden" not in answer.text and "Mare" not in answer.text
    assert not answer.shown
    assert workshops.show(started, answer.id)
    assert workshops.snapshot(started).texts[0].shown  # type: ignore[union-attr]


def test_codes_expire_and_end_with_the_session(
    workshops: Workshops, started: int, clock: Clock
) -> None:
    code = code_of(workshops, started)
    joined = workshops.join(code)
    assert joined is not None
    workshops.control(started, Control.OPEN)
    clock.advance(hours=4, seconds=1)
    assert workshops.join(code) is None
    assert workshops.answer(joined.token, choice=0) is Outcome.ENDED
    clock.advance(hours=-1)
    assert workshops.control(started, Control.END)
    assert workshops.join(code) is None
    assert workshops.answer(joined.token, choice=0) is Outcome.ENDED
    assert not workshops.control(started, Control.NEXT)
    assert workshops.snapshot(started).ended  # type: ignore[union-attr]


def test_a_chat_sender_gets_the_same_token_and_its_id_is_never_stored(
    workshops: Workshops, started: int
) -> None:
    code = code_of(workshops, started)
    first = workshops.join(code, sender="teams:29:1AbCdEf")
    again = workshops.join(code, sender="teams:29:1AbCdEf")
    other = workshops.join(code, sender="webchat-abc")
    assert first is not None and again is not None and other is not None
    assert first.token == again.token != other.token
    with workshops.session() as session:
        keys = list(session.scalars(select(WorkshopParticipant.sender_key)))
        assert all("1AbCdEf" not in (key or "") for key in keys)
        assert session.scalar(select(WorkshopAnswer)) is None


def test_team_names_come_only_from_the_fixed_lists() -> None:
    assert team_name("Table 3") == "Table 3"
    assert team_name(agencies=["Police", "Health"]) == "Health + Police"
    with pytest.raises(ValueError):
        team_name("Sarah's table")
    with pytest.raises(ValueError):
        team_name(agencies=["Health", "Sarah"])


def test_steps_move_within_the_plan_and_close_voting(workshops: Workshops, started: int) -> None:
    workshops.control(started, Control.BACK)
    assert workshops.snapshot(started).step_index == 0  # type: ignore[union-attr]
    workshops.control(started, Control.OPEN)
    workshops.control(started, Control.NEXT)
    snapshot = workshops.snapshot(started)
    assert snapshot is not None
    assert snapshot.step_index == 1 and not snapshot.voting_open and not snapshot.revealed
    workshops.control(started, Control.REVEAL)
    assert workshops.snapshot(started).revealed  # type: ignore[union-attr]


def test_forty_participants_voting_at_once_are_all_counted(
    workshops: Workshops, started: int
) -> None:
    """Concurrent answers queue on the session's version update instead of failing on SQLite's
    lock upgrade."""
    code = code_of(workshops, started)
    tokens = [workshops.join(code) for _ in range(40)]
    workshops.control(started, Control.OPEN)
    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(
            pool.map(
                lambda pair: workshops.answer(pair[1].token, choice=pair[0] % 5), enumerate(tokens)
            )
        )
    assert set(outcomes) == {Outcome.RECORDED}
    snapshot = workshops.snapshot(started)
    assert snapshot is not None and snapshot.counts == (8, 8, 8, 8, 8)


def test_forty_participants_joining_at_once_all_join(workshops: Workshops, started: int) -> None:
    code = code_of(workshops, started)
    with ThreadPoolExecutor(max_workers=20) as pool:
        joined = list(pool.map(lambda _: workshops.join(code), range(40)))
    assert all(joined) and len({j.token for j in joined if j}) == 40
    assert workshops.snapshot(started).participants == 40  # type: ignore[union-attr]


def test_a_device_joining_again_is_the_same_participant_and_the_room_has_a_cap(
    store: object, workshops: Workshops, started: int
) -> None:
    code = code_of(workshops, started)
    phone = workshops.join(code)
    assert phone is not None
    again = workshops.join(code, device=phone.token)  # scanned the QR code again
    assert again is not None and again.token == phone.token
    chat = workshops.join(code, sender="conversation-1")
    assert chat == workshops.join(code, sender="conversation-1")
    snapshot = workshops.snapshot(started)
    assert snapshot is not None and snapshot.participants == 2
    full = workshops.start("send-2016-17", "send-adam", "Small room", snapshot.steps, False, 2)
    small = code_of(workshops, full.id)
    first, second = workshops.join(small), workshops.join(small)
    assert first and second
    with pytest.raises(RoomFull):
        workshops.join(small)
    assert workshops.join(small, device=first.token) == first  # already in: still welcome
    # A token of another session is not a way in.
    with pytest.raises(RoomFull):
        workshops.join(small, device=phone.token)


def test_an_answer_for_an_earlier_step_is_refused_not_counted_on_the_current_one(
    workshops: Workshops, started: int
) -> None:
    joined = workshops.join(code_of(workshops, started))
    assert joined is not None
    workshops.control(started, Control.OPEN)
    assert workshops.answer(joined.token, choice=0, step=0) is Outcome.RECORDED
    workshops.control(started, Control.NEXT)
    workshops.control(started, Control.OPEN)
    assert workshops.answer(joined.token, choice=3, step=0) is Outcome.STALE
    snapshot = workshops.snapshot(started)
    assert snapshot is not None and snapshot.answered == 0
    assert workshops.chosen(joined.token) is None
    assert workshops.answer(joined.token, choice=2, step=1) is Outcome.RECORDED
    chosen = workshops.chosen(joined.token)
    assert chosen is not None and chosen.choice == 2


def test_a_held_answer_is_never_shown_and_counted_for_the_trainer(
    workshops: Workshops, started: int
) -> None:
    joined = joined_at_the_reflection(workshops, started)
    assert workshops.answer(joined.token, text="a child is at risk tonight", held=True) is (
        Outcome.RECORDED
    )
    (answer,) = workshops.snapshot(started).texts  # type: ignore[union-attr]
    assert answer.held
    assert not workshops.show(started, answer.id)
    after = workshops.snapshot(started)
    assert after is not None and after.held == 1 and not after.texts[0].shown


def test_stage_counts_are_hidden_until_the_reveal_unless_the_trainer_shows_them(
    workshops: Workshops, started: int
) -> None:
    snapshot = workshops.snapshot(started)
    assert snapshot is not None
    stage = next(i for i, step in enumerate(snapshot.steps) if step.kind is StepKind.STAGE)
    assert snapshot.results_visible  # a before question: shown live
    for _ in range(stage):
        workshops.control(started, Control.NEXT)
    assert not workshops.snapshot(started).results_visible  # type: ignore[union-attr]
    workshops.control(started, Control.RESULTS)
    assert workshops.snapshot(started).results_visible  # type: ignore[union-attr]
    workshops.control(started, Control.RESULTS)
    workshops.control(started, Control.REVEAL)
    assert workshops.snapshot(started).results_visible  # type: ignore[union-attr]


def test_a_database_from_before_the_new_columns_gets_them_and_keeps_its_sessions(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}", future=True)
    with engine.begin() as connection:
        for table in TABLES:
            old = Table(
                table.name,
                MetaData(),
                *(column.copy() for column in table.columns if column.name not in NEW_COLUMNS),
            )
            old.create(connection)
        connection.execute(
            text(
                "INSERT INTO workshop_sessions (code, salt, source_id, case_id, title, plan, "
                "step, voting_open, revealed, team_mode, version, created_at, expires_at) "
                "VALUES ('1234', 's', 'a', 'c', 't', '[]', 0, 0, 0, 0, 1, "
                "'2026-11-26 09:00:00', '2026-11-26 13:00:00')"
            )
        )
    Workshops(engine, code_hours=4)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT published, max_participants FROM workshop_sessions")
        ).one()
    assert tuple(row) == (0, None)
