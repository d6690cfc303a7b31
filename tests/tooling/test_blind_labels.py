"""Released blind questions are labelled by machine and taught to the second opinions; a set
still blind is never read, and each candidate is scored only on a set it did not learn from."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.dialogue.case_practice import (
    TAUGHT_CASE_LINES_FILE,
    load_taught_case_lines,
    practice_lines,
)
from bot.dialogue.coverage import EXAMPLES_FILE
from bot.dialogue.retrieval import (
    FEATURES,
    FUSION_FILE,
    TAUGHT_FILE,
    LearnedFusion,
    Opinion,
    load_taught,
)
from bot.dialogue.understanding import Ranked
from bot.knowledge.models import KeyMessage, Source
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.safeguards.urgent_retrieval import TAUGHT, Label, read_taught
from bot.settings import Settings
from bot.tooling import loso
from bot.tooling.blind import BLIND_DIR, load_manifest
from bot.tooling.blind_labels import (
    case_line_label,
    coverage_examples_text,
    label,
    labelled_questions,
    taught_case_lines_text,
    taught_examples,
    taught_text,
    urgent_taught_text,
    write_generated,
)
from bot.tooling.compare import AnswerTexts, answer_holds
from bot.tooling.evaluation import Question
from bot.tooling.fingerprint import model_path

CARER = "my year 9 does all the shopping and cooking because her dad is too ill to"
OTHER = "a question from a set nobody may learn from yet about carers at home"


def _sets(directory: Path) -> Path:
    for set_id, question in (("R", CARER), ("U", OTHER)):
        (directory / set_id).mkdir(parents=True)
        (directory / set_id / "questions.yml").write_text(
            f'- {{kind: topic, q: "{question}", expect: [["young carer"]]}}\n'
            f'- {{kind: topic, q: "{question} 2", expect: [["audit"]]}}\n',
            encoding="utf-8",
        )
    entries = "".join(
        f"  - id: {set_id}\n"
        "    written_by: a persona\n"
        "    written_from: the two audits\n"
        "    written: 2026-12-01\n"
        "    files: [questions.yml]\n"
        f"    released: {released}\n"
        for set_id, released in (("R", "true"), ("U", "false"))
    )
    (directory / "manifest.yml").write_text(f"sets:\n{entries}", encoding="utf-8")
    return directory


def test_released_questions_are_labelled_by_the_one_answer_holding_them_and_blind_ones_never_read(
    settings: Settings, tmp_path: Path
) -> None:
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        by_id = {message.id: message for message in store.key_messages(session)}
        sets = load_manifest(_sets(tmp_path / "blind"))
        found = labelled_questions(sets, by_id)
        # "audit" is in every answer: two or more hold it, so it teaches nothing
        assert [(item.set_id, item.key_message_id) for item in found] == [("R", "young-carers")]
        assert label(Question("topic", "x", (("audit",),), 1), by_id) is None
        assert taught_examples(found) == {"young-carers": [CARER]}
        text = taught_text(sets, by_id)
    taught = tmp_path / "taught.yml"
    assert write_generated(text, taught) and not write_generated(text, taught)
    assert load_taught(taught, known=by_id) == {"young-carers": [CARER]}
    assert "from\n# the released sets R of " in text and OTHER not in text


def test_a_key_message_of_one_subject_is_taught_only_questions_naming_it(
    settings: Settings,
) -> None:
    """Autism's answer says "in both City of London and Hackney": the only one holding the
    place, but a question on the audits' reach is no autism question."""
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        by_id = {message.id: message for message in store.key_messages(session)}
    place = (("city of london",),)
    assert (
        label(Question("topic", "do the audits cover the City of London", place, 1), by_id) is None
    )
    named = Question("topic", "was autism picked up late in the City of London", place, 1)
    assert label(named, by_id) == "autism-early-identification"


def test_the_committed_taught_lines_are_what_labelling_the_released_sets_gives_now(
    settings: Settings,
) -> None:
    """Stale when a set is released, a question file or an answer changes: run
    `python -m bot nlu fit-fusion` (or `nlu teach`) and commit bot/dialogue/taught.yml."""
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        by_id = {message.id: message for message in store.key_messages(session)}
        text = taught_text(load_manifest(BLIND_DIR), by_id)
    assert (
        TAUGHT_FILE.read_text(encoding="utf-8") == text
    ), f"{TAUGHT_FILE} is stale: run `python -m bot nlu teach`"


def test_the_committed_taught_case_lines_are_what_labelling_the_released_sets_gives_now(
    settings: Settings,
) -> None:
    """Stale when a set is released, a question file, a case or an answer changes: run
    `python -m bot nlu teach` and commit bot/dialogue/taught_case_lines.yml."""
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        by_id = {message.id: message for message in store.key_messages(session)}
        lines = practice_lines(store.cases(session))
        text = taught_case_lines_text(load_manifest(BLIND_DIR), by_id, lines)
    assert (
        TAUGHT_CASE_LINES_FILE.read_text(encoding="utf-8") == text
    ), f"{TAUGHT_CASE_LINES_FILE} is stale: run `python -m bot nlu teach`"
    taught = load_taught_case_lines()
    assert taught and all(
        any((line.case_id, line.place) == ref for line in lines) for ref in taught
    )


def test_a_question_only_one_case_line_answers_is_labelled_with_that_line(
    settings: Settings,
) -> None:
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        by_id = {message.id: message for message in store.key_messages(session)}
        lines = practice_lines(store.cases(session))
    therapist = Question("topic", "x", (("family therapist",),), 1)
    line = case_line_label(therapist, by_id, lines)
    assert line is not None and line.case_id == "mh-case-2" and "family therapist" in line.text
    # a key message's answer holds it: the key message teaches it, not a case line
    assert case_line_label(Question("topic", "x", (("young carer",),), 1), by_id, lines) is None
    # no line, or two, hold it
    assert case_line_label(Question("topic", "x", (("zebra",),), 1), by_id, lines) is None
    assert case_line_label(Question("topic", "x", (("case",),), 1), by_id, lines) is None


def _item(set_id: str) -> loso.Item:
    return loso.Item(set_id, Question("topic", f"q{set_id}", (("x",),), 1), frozenset({"k"}), "k")


def test_each_set_is_scored_only_by_what_learnt_from_the_other_sets() -> None:
    every = [_item(set_id) for set_id in "ABC"]
    learnt_from: dict[str, list[str]] = {}

    def build(train: Sequence[loso.Item]) -> loso.Decide:
        seen = sorted(item.set_id for item in train)

        def decide(text: str, _selector: list[Ranked]) -> Opinion:
            learnt_from[text] = seen
            return Opinion([Ranked("k", 1.0)], True)

        return decide

    parses = {item.question.text: {} for item in every}
    table = loso.leave_one_set_out({"any": build}, every, parses)
    assert learnt_from == {"qA": ["B", "C"], "qB": ["A", "C"], "qC": ["A", "B"]}
    assert {set_id: outcome.right for set_id, outcome in table["any"].items()} == {
        "A": 1,
        "B": 1,
        "C": 1,
    }


def test_the_urgent_model_learns_each_released_question_under_its_writers_kind(
    tmp_path: Path,
) -> None:
    """Emergencies as danger, contact requests as contacts, everything else as practice; a
    set still blind is never read, and a held-out set is left out when the model reads it."""
    blind_dir = _sets(tmp_path / "blind")
    (blind_dir / "R" / "questions.yml").write_text(
        '- {kind: emergency, q: "smoke from the flat, toddler at the window", '
        'expect: [["999"]]}\n'
        '- {kind: urgent_contact, q: "out of hours number please", expect: [["edt"]]}\n'
        '- {kind: risk_practice, q: "15yo self harming, who else to involve", '
        'expect: [["self harm"]]}\n'
        f'- {{kind: topic, q: "{CARER}", expect: [["young carer"]]}}\n',
        encoding="utf-8",
    )
    taught = tmp_path / "urgent_taught.yml"
    taught.write_text(urgent_taught_text(load_manifest(blind_dir), blind_dir), encoding="utf-8")
    assert read_taught(taught) == [
        {
            Label.DANGER: ["smoke from the flat, toddler at the window"],
            Label.CONTACTS: ["out of hours number please"],
            Label.PRACTICE: ["15yo self harming, who else to involve", CARER],
        }
    ]
    assert OTHER not in taught.read_text(encoding="utf-8")
    assert read_taught(taught, held_out=frozenset({"R"})) == []


def test_a_bad_urgent_taught_file_is_an_error_naming_its_set_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "urgent_taught.yml"
    for text, named in (
        ("[]\n", "field 'sets' must map"),
        ("sets: {A: [x]}\n", "set A: must map labels"),
        ("sets: {A: {danger: 'x'}}\n", "set A: 'danger' must be a list"),
    ):
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(ValueError, match=named):
            read_taught(bad)
    assert read_taught(tmp_path / "none.yml") == []


def test_the_committed_urgent_examples_are_what_the_released_sets_give_now() -> None:
    """Stale when a set is released or its question files change: run `python -m bot nlu teach`
    and commit bot/safeguards/urgent_taught.yml (then `make model`: it is a training input)."""
    assert TAUGHT.read_text(encoding="utf-8") == urgent_taught_text(
        load_manifest(BLIND_DIR)
    ), f"{TAUGHT} is stale: run `python -m bot nlu teach`"


def test_the_committed_coverage_examples_are_what_the_released_sets_give_now() -> None:
    """Stale when a set is released or its question files change: run `python -m bot nlu teach`
    and commit bot/dialogue/coverage_examples.yml."""
    assert EXAMPLES_FILE.read_text(encoding="utf-8") == coverage_examples_text(
        load_manifest(BLIND_DIR)
    ), f"{EXAMPLES_FILE} is stale: run `python -m bot nlu teach`"


def test_the_committed_fusion_was_fitted_with_the_current_model_and_taught_lines() -> None:
    """Stale when the model is retrained (its selector scores are what the fusion weighs) or
    the taught lines change: run `make model`, then `python -m bot nlu fit-fusion`, and
    commit bot/dialogue/fusion.yml (a refit takes minutes, so this test only compares)."""
    recorded = yaml.safe_load(FUSION_FILE.read_text(encoding="utf-8")).get("fitted_with")
    assert recorded == loso.fitted_with(model_path()), (
        f"{FUSION_FILE} is stale: fitted with {recorded}, the current model and taught lines "
        f"are {loso.fitted_with(model_path())}: run `make model`, then "
        "`python -m bot nlu fit-fusion`"
    )


def test_a_fusion_records_the_model_and_a_taught_digest_blind_to_comments(tmp_path: Path) -> None:
    taught = tmp_path / "taught.yml"
    taught.write_text("sets: {A: [{q: one, key_message: k}]}\n", encoding="utf-8")
    model = Path("models/rpa-0123456789abcdef.tar.gz")
    before = loso.fitted_with(model, taught)
    taught.write_text("# regenerated\nsets:\n  A: [{q: one, key_message: k}]\n", encoding="utf-8")
    assert loso.fitted_with(model, taught) == before
    assert before["model"] == "rpa-0123456789abcdef.tar.gz"
    taught.write_text("sets: {A: [{q: two, key_message: k}]}\n", encoding="utf-8")
    assert loso.fitted_with(model, taught) != before
    written = tmp_path / "fusion.yml"
    loso.write_fusion(LearnedFusion((1.0,) * len(FEATURES), 0.0, 0.5), written, ["A"], model)
    recorded = yaml.safe_load(written.read_text(encoding="utf-8"))["fitted_with"]
    assert recorded == loso.fitted_with(model)


def _top(first: float, second: float, right: tuple[bool, bool]) -> loso.Top:
    return loso.Top([Ranked("a", first), Ranked("b", second)], list(right))


def test_the_runner_up_margin_is_the_one_that_turns_wrong_answers_right_net_of_needless_ones() -> (
    None
):
    close_wrong = [_top(0.6, 0.585, (False, True))] * 3
    needless = [_top(0.9, 0.7, (True, False))] * 2
    # within 0.02, three wrong answers get the right one beside them; within 0.2 two right
    # answers would get a needless second too (net 3 - 1), and within 0.3 more than that
    assert loso.second_margin([*close_wrong, *needless], threshold=0.5) == 0.02
    assert loso.second_margin([*close_wrong, *needless * 7], threshold=0.5) == 0.02
    # a second that is never the right one is never offered
    assert loso.second_margin([_top(0.6, 0.585, (False, False)), *needless], 0.5) == 0.0


def test_a_wrong_answer_with_the_right_one_offered_beside_it_is_counted_apart() -> None:
    every = [_item(set_id) for set_id in "AB"]

    def build(_train: Sequence[loso.Item]) -> loso.Decide:
        return lambda text, _s: Opinion(
            [Ranked("w", 0.6), Ranked("k", 0.55)], True, second=Ranked("k", 0.55)
        )

    table = loso.leave_one_set_out({"any": build}, every, {i.question.text: {} for i in every})
    outcome = table["any"]["A"]
    assert (outcome.right, outcome.second, outcome.wrong, outcome.total) == (0, 1, 0, 1)
    assert "right as the second offered" in outcome.row()


class _RecordingRanker:
    """A ranker that puts the selector's first key message first in every opinion and
    records which sets taught it, for `quick_leave_one_set_out`."""

    def __init__(self, taught: Sequence[loso.Item], seen_by: dict[str, list[str]]) -> None:
        self.taught = sorted({item.set_id for item in taught})
        self.seen_by = seen_by
        self.subjects: dict[str, Any] = {}

    def rankings(self, text: str, selector: Sequence[Ranked]) -> tuple[list[list[Ranked]], bool]:
        self.seen_by[text] = self.taught
        return [list(selector), list(selector), list(selector)], True

    def about(self, text: str) -> str:
        return f"about {text}"


def _four_questions_a_set(
    set_ids: str,
) -> tuple[list[loso.Item], dict[str, Any], dict[str, list[Ranked]]]:
    """Four questions of each set, their parses and the selector's rankings: right for half
    the questions, so the fusion has both outcomes to learn from."""
    every = [
        loso.Item(set_id, Question("topic", f"q{set_id}{n}", (("x",),), 1), frozenset({"k"}), "k")
        for set_id in set_ids
        for n in range(4)
    ]
    parses = {item.question.text: {"response_selector": {}, "intent": "ask"} for item in every}
    rankings = {
        item.question.text: [Ranked("k", 0.9), Ranked("w", 0.1)]
        if n % 2
        else [Ranked("w", 0.9), Ranked("k", 0.1)]
        for n, item in enumerate(every)
    }
    return every, parses, rankings


def test_the_quick_way_ranks_each_question_once_by_the_other_sets_and_scores_every_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`nlu loso --quick`: a held-out set's questions are ranked exactly as `loso` ranks them
    (taught by the other sets only), once each, and every set gets its outcome."""
    every, parses, rankings = _four_questions_a_set("ABC")
    seen_by: dict[str, list[str]] = {}

    def ranker_for(taught: Sequence[loso.Item], _fusion: LearnedFusion | None) -> Any:
        return _RecordingRanker(taught, seen_by)

    monkeypatch.setattr(loso, "selector_of", lambda _parses, text: rankings[text])
    by_set = loso.quick_leave_one_set_out(every, parses, ranker_for)
    assert {text: taught for text, taught in seen_by.items() if text.startswith("qA")} == {
        f"qA{n}": ["B", "C"] for n in range(4)
    }
    assert len(seen_by) == len(every)
    assert sorted(by_set) == ["A", "B", "C"]
    assert all(outcome.total == 4 for outcome in by_set.values())
    assert loso.total(by_set.values()).total == len(every)


def test_the_quick_way_weighs_each_question_as_serving_reads_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fusion is given what the ranker reads the question to ask (Ranker.about: without
    its asker, its slips corrected), as Ranker.opinion gives it when serving (fix38d)."""
    every, parses, selected = _four_questions_a_set("AB")
    weighed: list[str | None] = []

    def fused(*args: Any) -> Opinion:
        weighed.append(args[3] if len(args) > 3 else None)
        return Opinion([Ranked("k", 0.9)], True)

    monkeypatch.setattr(loso, "selector_of", lambda _parses, text: selected[text])
    monkeypatch.setattr(loso.retrieval, "fused_opinion", fused)
    loso.quick_leave_one_set_out(every, parses, lambda taught, _f: _RecordingRanker(taught, {}))
    assert sorted(weighed) == sorted(f"about {item.question.text}" for item in every)


def test_labelling_builds_each_answer_with_the_steps_its_question_puts_first() -> None:
    """The answers are shared between questions while labelling: one built for another
    question hid the step after 'my manager can't sort it', so a question about the top of
    the ladder was labelled with the wrong key message."""
    ladder = KeyMessage(
        id="access-to-services",
        title="Access to services",
        summary="Escalate when a plan is stuck.",
        source=Source(short_title="SEND audit 2016-17"),
        actions=[
            "Escalate this to your manager.",
            "Seek resolution with the relevant agency.",
            "Agree who records the outcome.",
            "Then escalate to the Independent Chair.",
        ],
    )
    shared: AnswerTexts = {}
    plain = Question("topic", "my plan is stuck", (("independent chair",),), 1)
    failing = Question(
        "topic", "if my manager can't sort it, then what", (("independent chair",),), 2
    )
    assert not answer_holds(plain, ladder, shared)
    assert answer_holds(failing, ladder, shared)


def test_scoring_tells_a_right_closest_candidate_and_an_out_of_coverage_offer_apart() -> None:
    """Of the questions offered candidates, those whose closest is right (what a hedged answer
    could win) are counted apart; an out-of-coverage question given the candidates as near the
    audits is counted, one told they may not cover it is declined."""
    closest = loso.Item("A", Question("topic", "closest", (("x",),), 1), frozenset({"k"}), "k")
    listed = loso.Item("A", Question("topic", "listed", (("x",),), 1), frozenset({"k"}), "k")
    near = loso.Item("A", Question("out_of_coverage", "near", (), 1), frozenset(), None)
    far = loso.Item("A", Question("out_of_coverage", "far", (), 1), frozenset(), None)
    opinions = {
        "closest": Opinion([Ranked("k", 0.3), Ranked("w", 0.1)], False),
        "listed": Opinion([Ranked("w", 0.3), Ranked("k", 0.1)], False),
        "near": Opinion([Ranked("w", 0.3)], False),
        "far": Opinion([Ranked("w", 0.3)], False, near_knowledge=False),
    }
    every = [closest, listed, near, far]
    parses = {item.question.text: {} for item in every}
    outcome = loso.score(lambda text, _selector: opinions[text], every, parses)
    assert (outcome.offered, outcome.offered_closest) == (2, 1)
    assert (outcome.out_total, outcome.out_offered, outcome.out_declined) == (2, 1, 1)
    assert "2 offered (1 the closest)" in outcome.row()
    assert loso.total([outcome, outcome]).offered_closest == 2
