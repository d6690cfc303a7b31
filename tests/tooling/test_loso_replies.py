"""Leaving one set out scores the reply a question would get as `bot eval` scores a reply:
every expected group held, whatever key message was chosen."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.dialogue.answers.moves import no_detail
from bot.dialogue.replies import Button, Reply
from bot.dialogue.retrieval import Opinion, Ranked
from bot.tooling.evaluation import Question, reply_text
from bot.tooling.first_replies import FirstReply, FirstTurn, Knowledge, Route, as_read
from bot.tooling.loso import Item, Outcome, cached_parses, score, score_reply, total

# Synthetic items in words of their own: a practice question about a made-up advocacy scheme.
ASKED = Question(
    "topic", "who speaks up for a looked after teenager?", (("advocate",), ("pledge",)), 1
)
AWAY = Question(
    "out_of_coverage", "what is the parking policy at the civic centre?", (("not cover",),), 2
)


def _item(question: Question, set_id: str = "S", holding: Sequence[str] = ("km-a",)) -> Item:
    covered = question.kind != "out_of_coverage"
    return Item(set_id, question, frozenset(holding if covered else ()), None)


def test_a_reply_missing_an_expected_group_fails() -> None:
    outcome = Outcome(replied=True)
    reply = FirstReply(Route.CASE_LINE, "the case gave her an advocate early on.")
    score_reply(outcome, _item(ASKED), reply, "km-a")
    assert outcome.reply_right == 0
    assert [miss.question for miss in outcome.reply_misses] == [ASKED]
    assert outcome.reply_misses[0].chosen == "km-a"


def test_a_reply_holding_every_expected_group_passes() -> None:
    outcome = Outcome(replied=True)
    reply = FirstReply(Route.TERM, "an advocate, as the council's pledge to children in care says.")
    score_reply(outcome, _item(ASKED), reply, None)
    assert outcome.reply_right == 1
    assert outcome.reply_misses == []


def test_an_out_of_coverage_question_answered_with_the_learning_is_counted_against() -> None:
    outcome = Outcome(replied=True)
    score_reply(outcome, _item(AWAY), FirstReply(Route.CASE_LINE, "a case line"), None)
    score_reply(outcome, _item(AWAY), FirstReply(Route.DECLINED, ""), None)
    score_reply(outcome, _item(AWAY), FirstReply(Route.CANDIDATES, "did you mean"), None)
    assert outcome.out_answered_by_reply == 1
    assert outcome.reply_right == 0 and outcome.reply_misses == []


def test_the_reply_can_be_right_when_the_key_message_chosen_is_not() -> None:
    """The key message figure and the reply figure are kept side by side, per set and in all."""
    wrong = Opinion([Ranked("km-b", 0.9)], confident=True)

    def holds(item: Item, _found: Opinion) -> FirstReply:
        return FirstReply(Route.ANSWER_AND_LINE, "ask for an advocate; the pledge says so.")

    outcomes = [
        score(lambda _text, _selector: wrong, [_item(ASKED, set_id)], {ASKED.text: {}}, holds)
        for set_id in ("S", "T")
    ]
    for outcome in outcomes:
        assert (outcome.right, outcome.wrong, outcome.reply_right) == (0, 1, 1)
    summed = total(outcomes)
    assert (summed.wrong, summed.reply_right, summed.total) == (2, 2, 2)
    assert "right by the reply 2/2 (100.0%)" in summed.row()


def test_without_replies_the_row_is_todays() -> None:
    found = Opinion([Ranked("km-a", 0.9)], confident=True)
    outcome = score(lambda _text, _selector: found, [_item(ASKED)], {ASKED.text: {}})
    assert outcome.right == 1
    assert "by the reply" not in outcome.row()


def test_replies_are_read_as_bot_eval_reads_the_rest_channel() -> None:
    replies = [
        Reply("**Advocacy**\nAsk early.", (Button("Or: Pledge", "/x"),)),
        Reply("Source: A."),
    ]
    served = [
        {"text": "**Advocacy**\nAsk early.", "buttons": [{"title": "Or: Pledge", "payload": "/x"}]},
        {"text": "Source: A."},
    ]
    assert as_read(replies) == reply_text(served)


def test_a_question_the_model_declines_gets_no_answer() -> None:
    confident = Opinion([Ranked("km-a", 0.9)], confident=True)
    parsed = {"intent": "outside_coverage"}
    turn = FirstTurn(None, None, None)  # type: ignore[arg-type]
    reply = turn.reply(AWAY.text, parsed, confident)
    assert reply.route is Route.DECLINED and not reply.route.answers


def test_an_intent_another_rule_answers_is_sent_there_and_never_scored() -> None:
    """A question the model gives an intent of its own (urgent, a case, a quiz) gets that
    action's reply, not the learning's: counted apart, neither right nor a miss."""
    turn = FirstTurn(None, None, None)  # type: ignore[arg-type]
    sure = Opinion([Ranked("km-a", 0.9)], confident=True)
    urgent = turn.reply(ASKED.text, {"intent": "immediate_risk"}, sure)
    case = turn.reply(ASKED.text, {"intent": "ask_case"}, sure)
    assert (urgent.route, urgent.action) == (Route.OTHER_ACTION, "action_urgent_advice")
    assert (case.route, case.action) == (Route.OTHER_ACTION, "action_describe_case")
    outcome = Outcome(replied=True)
    for reply in (urgent, case):
        score_reply(outcome, _item(ASKED), reply, "km-a")
    assert outcome.reply_right == 0 and outcome.reply_misses == []
    summed = total([outcome, outcome])
    assert (
        sorted(summed.sent_elsewhere) == ["action_describe_case"] * 2 + ["action_urgent_advice"] * 2
    )
    assert "4 sent to another action" in summed.row()


class _Routes(FirstTurn):
    """Which of the learning's two replies a first turn took, without building either."""

    def _learning_reply(self, text: str, parsed: object, found: Opinion) -> FirstReply:
        return FirstReply(Route.ANSWER, "learning")

    def _offered(self, text: str, parsed: object, found: Opinion) -> FirstReply:
        return FirstReply(Route.CANDIDATES, "offered")


def test_an_unclear_message_is_answered_only_when_the_fallback_action_would() -> None:
    """nlu_fallback: the question answered only when the intent under it asked the learning
    and the key message is sure; else the candidates, however sure the ranking."""
    turn = _Routes(None, None, None)  # type: ignore[arg-type]
    sure = Opinion([Ranked("km-a", 0.9)], confident=True)
    unsure = Opinion([Ranked("km-a", 0.3)], confident=False)

    def under(intent: str) -> dict[str, object]:
        return {
            "intent": "nlu_fallback",
            "intent_ranking": [{"name": "nlu_fallback"}, {"name": intent}],
        }

    assert turn.reply(ASKED.text, under("ask_learning"), sure).text == "learning"
    assert turn.reply(ASKED.text, under("ask_learning"), unsure).text == "offered"
    assert turn.reply(ASKED.text, under("ask_case"), sure).text == "offered"
    assert turn.reply(ASKED.text, {"intent": "ask_learning"}, unsure).text == "learning"


def test_a_detail_asked_of_nothing_named_asks_which_service_is_meant() -> None:
    """ask_detail on a first turn with no service or contact named: the conversation move's
    "which service or answer do you mean?", never the learning's answer."""
    known = Knowledge({}, [], [], [], [], None)  # type: ignore[arg-type]
    turn = FirstTurn(None, None, known)  # type: ignore[arg-type]
    sure = Opinion([Ranked("km-a", 0.9)], confident=True)
    reply = turn.reply("what's their phone number?", {"intent": "ask_detail"}, sure)
    assert reply.route is Route.NO_DETAIL
    assert reply.text == as_read(no_detail())


def test_a_parse_kept_before_the_replies_read_entities_is_parsed_again_once(tmp_path: Path) -> None:
    """An old cache kept only the intent and the selector: such a text is parsed again (the
    replies read its entities and intent ranking), kept, and not parsed a third time."""
    kept = tmp_path / "parses.json"
    kept.write_text(json.dumps({"old q": {"intent": "ask_learning", "response_selector": {}}}))
    parsed: list[str] = []

    def parser() -> Callable[[str], dict[str, Any]]:
        def parse(text: str) -> dict[str, Any]:
            parsed.append(text)
            return {"intent": {"name": "ask_term"}, "intent_ranking": [], "entities": []}

        return parse

    found = cached_parses(["old q", "new q"], parser, kept)
    assert parsed == ["old q", "new q"]
    assert found["old q"]["intent"] == "ask_term" and "entities" in found["old q"]
    parsed.clear()
    cached_parses(["old q", "new q"], parser, kept)
    assert parsed == []


def test_a_sure_key_message_the_knowledge_no_longer_holds_gets_the_candidates() -> None:
    """As the action: a ranking sure of a key message the store lacks offers candidates,
    never a KeyError."""
    turn = _Routes(None, None, Knowledge({}, [], [], [], [], None))  # type: ignore[arg-type]
    gone = Opinion([Ranked("km-gone", 0.9)], confident=True)
    reply = FirstTurn._learning_reply(turn, ASKED.text, {"intent": "ask_learning"}, gone)
    assert reply.text == "offered"
