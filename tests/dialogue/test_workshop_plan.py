"""A session's timed plan and its change of length (bot.dialogue.workshop_plan)."""

from __future__ import annotations

import pytest

from bot.dialogue.workshop_plan import (
    MIN_CASE_SHARE,
    MIN_DISCUSSION_MINUTES,
    Part,
    asks_for_timings,
    changed_length,
    fitted_length,
    session_plan,
    swapped_parts,
)
from bot.knowledge.models import Case


def cases(count: int) -> list[Case]:
    return [Case(id=f"case-{n}", number=n, referred_only=False) for n in range(1, count + 1)]


@pytest.mark.parametrize("minutes", [20, 45, 60, 90, 120, 180, 360])
def test_the_parts_add_up_to_the_length_asked(minutes: int) -> None:
    plan = session_plan(minutes, cases(5), {"case-1", "case-2"}, quiz_count=10)
    assert sum(segment.minutes for segment in plan) == minutes
    assert plan[0].part is Part.OPENING and plan[-1].part is Part.CLOSE
    assert (Part.BREAK in {s.part for s in plan}) == (minutes >= 150)


@pytest.mark.parametrize("asked", [1, 5, 14, 15, 361, 480, 720])
def test_a_length_no_plan_can_have_is_fitted_and_its_parts_still_add_up(asked: int) -> None:
    """Under 15 minutes there is no room for an opening, key messages and a close; a plan
    runs a day at most."""
    length = fitted_length(asked)
    assert length == min(max(asked, 15), 360)
    plan = session_plan(length, cases(5), {"case-1"}, quiz_count=10)
    assert sum(segment.minutes for segment in plan) == length


def test_a_longer_session_holds_more_cases_walked_through_where_it_can() -> None:
    walkable = {"case-1", "case-2", "case-3"}
    short = [s for s in session_plan(60, cases(5), walkable, 5) if s.part is Part.CASE]
    long = [s for s in session_plan(180, cases(5), walkable, 5) if s.part is Part.CASE]
    assert len(short) < len(long)
    assert [s.walked for s in long][:3] == [True, True, True]
    assert not any(s.walked for s in long[3:])
    # no quiz to give: no quiz in the plan
    assert Part.QUIZ not in {s.part for s in session_plan(90, cases(2), set(), 0)}


@pytest.mark.parametrize(
    ("said", "current", "expected"),
    [
        ("can we bring it down to 40 minutes", 90, 40),
        ("make it 2 hrs", 60, 120),
        ("bit shorter please", 90, 60),
        ("could it be longer", 60, 90),
        ("an hour and a half?", 180, 90),
        ("what about the other audit", 90, None),
        ("and who can call a professionals meeting, we meet for 30 minutes weekly", 90, None),
    ],
)
def test_a_change_of_length_after_a_plan(said: str, current: int, expected: int | None) -> None:
    from bot.dialogue.activity_requests import asked_minutes

    assert changed_length(said, asked_minutes(said), current) == expected


@pytest.mark.parametrize(
    ("said", "parts"),
    [
        (
            "can you replace the case recording part with something about young carers",
            ("case recording", "young carers"),
        ),
        ("do neglect instead of the autism section", ("autism", "neglect")),
        ("instead of escalation, cover information sharing", ("escalation", "information sharing")),
        ("drop the siblings bit and add one on self-harm", ("siblings", "self-harm")),
        ("switch it to an hour", None),
        ("how will that change when he moves over to adult services", None),
        ("why do we say was not brought instead of did not attend", None),
        ("parents keep switching GP, dentist, now want to change school again", None),
    ],
)
def test_a_part_of_the_plan_swapped(said: str, parts: tuple[str, str] | None) -> None:
    assert swapped_parts(said) == parts


@pytest.mark.parametrize(
    ("said", "timed"),
    [
        ("what about timings", True),
        ("how long for each bit?", True),
        ("can you put minutes per section", True),
        ("timetable please", True),
        ("swap the neglect bit for young carers", False),
        ("great, thanks", False),
        ("how many minutes per part", True),
        # how long or when something else is, asked after a plan
        ("how long should a strategy discussion last", False),
        ("how long has the LA got to finish an assessment?", False),
        ("how do we schedule a TAC meeting?", False),
        ("how much time do I get to write the court report?", False),
        ("what's the timetable for a child protection conference after strategy?", False),
    ],
)
def test_the_timings_of_the_plan_asked_for(said: str, timed: bool) -> None:
    """Read only right after a plan: its lines say each part's minutes."""
    assert asks_for_timings(said) is timed


@pytest.mark.parametrize(("minutes", "named", "held"), [(60, 2, 2), (60, 3, 2), (45, 3, 1)])
def test_cases_named_share_the_time_before_the_quiz_each_a_discussion(
    minutes: int, named: int, held: int
) -> None:
    """Cases the trainer named that do not fit as usual: the quiz gives way, each held case
    has at least MIN_CASE_SHARE minutes, the discussion keeps its own, the rest are dropped."""
    plan = session_plan(minutes, cases(named), {"case-1"}, quiz_count=6, every_case=True)
    shared = [s for s in plan if s.part is Part.CASE]
    assert len(shared) == held
    assert all(s.minutes >= MIN_CASE_SHARE for s in shared)
    assert Part.QUIZ not in {s.part for s in plan}
    discussion = next(s for s in plan if s.part is Part.DISCUSSION)
    assert discussion.minutes >= MIN_DISCUSSION_MINUTES
    assert sum(s.minutes for s in plan) == minutes


def test_cases_named_that_fit_as_usual_keep_the_quiz() -> None:
    plan = session_plan(120, cases(2), {"case-1"}, quiz_count=6, every_case=True)
    assert [s.walked for s in plan if s.part is Part.CASE] == [True, False]
    assert Part.QUIZ in {s.part for s in plan}
