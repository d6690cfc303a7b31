"""Leaving one set out for the coverage judge counts declines and wrong declines by kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from bot.dialogue.coverage import CoverageJudge, Examples, UncoveredTopic, _pattern
from bot.tooling.blind import BlindSet
from bot.tooling.conversation_eval import Turn
from bot.tooling.coverage_loso import (
    CONVERSATION_TURN,
    DECLINE_ACCEPTED,
    Message,
    _turn_kind,
    leave_one_set_out,
    messages,
    model_intent,
    score,
    summed,
)

WORDS = ["fgm", "cutting", "school", "nurse", "carer", "mum", "number", "call"]


def _encode(texts: list[str]) -> np.ndarray:
    """Words counted, normalised: enough meaning for a judge of eight words."""
    rows = np.array(
        [[float(text.lower().count(word)) + 0.01 for word in WORDS] for text in texts],
        dtype=np.float32,
    )
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_the_intent_is_the_classifiers_before_the_coverage_step_overrode_it() -> None:
    parse = {"intent_ranking": [{"name": "outside_coverage"}, {"name": "ask_learning"}]}
    assert model_intent(parse) == "ask_learning"
    assert model_intent({"intent_ranking": [{"name": "thank"}]}) == "thank"
    assert model_intent({}) is None


def test_the_intent_is_the_one_the_coverage_step_judged_by_not_the_safety_steps() -> None:
    """The safety step after the coverage step may override again ("what is Clare's Law" was
    read as a name): the measure replays the coverage step, so it reads what that step saw."""
    parse = {
        "rpa_coverage_intent": "ask_learning",
        "intent_ranking": [{"name": "share_personal_details"}, {"name": "outside_coverage"}],
    }
    assert model_intent(parse) == "ask_learning"
    assert model_intent({"rpa_coverage_intent": None, "intent_ranking": [{"name": "x"}]}) is None


def test_a_turn_that_may_be_declined_is_not_counted_as_in_coverage() -> None:
    declined = Turn(
        "does the audit say anything about county lines", None, (("not cover",),), (), 1
    )
    answered = Turn("tell me about young carers", None, (("young carer",),), (), 2)
    assert _turn_kind(declined) == DECLINE_ACCEPTED
    assert _turn_kind(answered) == CONVERSATION_TURN


def test_each_set_is_judged_with_the_other_sets_examples_only() -> None:
    topic = UncoveredTopic("fgm", "FGM", _pattern(["FGM"]), "FGM")
    messages = [
        Message("X", "out_of_coverage", "cutting"),
        Message("X", "topic", "school nurse carer"),
        Message("Y", "out_of_coverage", "mum cutting"),
        Message("Y", CONVERSATION_TURN, "call number"),
    ]
    examples = {"X": Examples(("cutting",), ()), "Y": Examples(("mum cutting",), ())}

    def judge(found: Examples) -> CoverageJudge:
        return CoverageJudge(
            [topic], ["school nurse carer", "call number"], _encode, _encode, found
        )

    asked = {message.text: "ask_learning" for message in messages}
    table = leave_one_set_out(judge, examples, messages, asked)
    # X's "cutting" is near Y's example "mum cutting", and Y's near X's: each declined, though
    # neither names the topic, and the learning questions are not
    assert (table["X"].declined, table["X"].out_total) == (1, 1)
    assert (table["Y"].declined, table["Y"].out_total) == (1, 1)
    assert table["X"].judged == {"topic": 1} and table["X"].wrong == {}
    alone = leave_one_set_out(judge, {"X": examples["X"], "Y": Examples()}, messages, asked)
    assert alone["X"].declined == 0  # Y teaches nothing: "cutting" is judged on its own
    thanked = {message.text: "thank" for message in messages}
    assert leave_one_set_out(judge, examples, messages, thanked)["X"].declined == 0


def test_an_off_topic_question_declined_as_a_safeguarding_topic_is_counted_wrong(
    tmp_path: Path,
) -> None:
    """ "what time does the canteen open" is about no learning of the audits, nor about a topic
    they leave out: a decline of it is counted with the wrong declines, as a floor is fitted."""
    questions = tmp_path / "questions.yml"
    questions.write_text(
        "- {kind: out_of_scope, q: mum cutting}\n"
        "- {kind: trainer, q: a quiz on fgm please, expect: [[quiz]]}\n"
        "- {kind: out_of_coverage, q: cutting, topic: fgm}\n",
        encoding="utf-8",
    )
    blind_set = BlindSet("X", "a helper", "the audits", date(2026, 12, 5), (questions,), True, None)
    found = messages([blind_set])
    assert [(m.kind, m.text) for m in found] == [
        ("out_of_scope", "mum cutting"),
        ("out_of_coverage", "cutting"),
    ]
    topic = UncoveredTopic("fgm", "FGM", _pattern(["FGM"]), "FGM")
    judge = CoverageJudge([topic], ["school nurse carer"], _encode, _encode, Examples(("cutting",)))
    outcome = score(judge, found, {m.text: "ask_learning" for m in found})
    assert (outcome.declined, outcome.out_total) == (1, 1)
    assert outcome.judged == {"out_of_scope": 1} and outcome.wrong == {"out_of_scope": 1}
    assert summed([outcome, outcome]).row() == (
        "declined 2/2; wrongly declined 2/2 (out_of_scope 2/2)"
    )
