"""The results of a workshop: every answer's distribution and the before/after shift."""

from __future__ import annotations

import csv
import io

from bot.live_workshop.plan import Kind
from bot.live_workshop.printable_results import results_page
from bot.live_workshop.results import csv_text, results
from bot.live_workshop.service import Control, Workshops


def run_to(workshops: Workshops, session_id: int, index: int) -> None:
    snapshot = workshops.snapshot(session_id)
    assert snapshot is not None
    for _ in range(index - snapshot.step_index):
        workshops.control(session_id, Control.NEXT)
    workshops.control(session_id, Control.OPEN)


def test_results_give_every_distribution_and_the_shift(workshops: Workshops, started: int) -> None:
    snapshot = workshops.snapshot(started)
    assert snapshot is not None
    tokens = [workshops.join(snapshot.code) for _ in range(4)]
    steps = snapshot.steps
    first_confidence = 0
    first_after = next(i for i, step in enumerate(steps) if step.kind is Kind.AFTER)
    run_to(workshops, started, first_confidence)
    for joined, rating_index in zip(tokens, (0, 1, 1, 2), strict=True):
        workshops.answer(joined.token, choice=rating_index)  # type: ignore[union-attr]
    reflect = next(i for i, step in enumerate(steps) if step.kind is Kind.REFLECT)
    run_to(workshops, started, reflect)
    workshops.answer(tokens[0].token, text='=HYPERLINK("x") talk to the school')  # type: ignore[union-attr]
    run_to(workshops, started, first_after)
    for joined in tokens:
        workshops.answer(joined.token, choice=4)  # type: ignore[union-attr]
    workshops.control(started, Control.END)

    figures = results(workshops, started)
    assert figures is not None and figures.ended is not None
    assert figures.participants == 4
    assert figures.steps[0].counts == (1, 2, 1, 0, 0)
    (shift, *_others) = figures.shifts
    assert shift.score(shift.before) == 2.0 and shift.score(shift.after) == 5.0
    assert shift.change == 3.0
    assert len(figures.shifts) == 3

    answers = list(csv.reader(io.StringIO(csv_text(figures, "answers"))))
    assert answers[0][:2] == ["step", "kind"]
    typed = [row for row in answers if row[1] == "reflect"]
    assert typed and typed[0][4].startswith("'=")  # no formula reaches a spreadsheet
    shifted = list(csv.reader(io.StringIO(csv_text(figures, "shift"))))
    assert shifted[1][1:] == ["mean confidence (1-5)", "4", "4", "2.00", "5.00"]


def test_a_held_answer_is_on_the_results_as_held_with_why_and_its_words_only_when_asked(
    workshops: Workshops, started: int
) -> None:
    snapshot = workshops.snapshot(started)
    assert snapshot is not None
    reflect = next(i for i, step in enumerate(snapshot.steps) if step.kind is Kind.REFLECT)
    run_to(workshops, started, reflect)
    writer, other = workshops.join(snapshot.code), workshops.join(snapshot.code)
    assert writer is not None and other is not None
    workshops.answer(writer.token, text="her stepdad is hitting her tonight", held=True)
    workshops.answer(other.token, text="ask the school what they saw")
    workshops.control(started, Control.END)

    figures = results(workshops, started)
    assert figures is not None
    step = figures.steps[reflect]
    assert step.texts == ("ask the school what they saw",)
    assert step.held == ("her stepdad is hitting her tonight",)
    assert step.answered == 2

    page = results_page(figures)
    section = page[page.index(f'id="step-{reflect + 1}-held"') :]
    assert "1 answer held back" in section and "immediate risk" in section
    assert "hitting" not in page
    assert "?held=show" in section
    assert "hitting" in results_page(figures, show_held=True)

    answers = list(csv.reader(io.StringIO(csv_text(figures, "answers"))))
    held_rows = [row for row in answers if "held back" in row[4]]
    assert [row[5] for row in held_rows] == ["1"]
    assert "hitting" not in csv_text(figures, "answers")
