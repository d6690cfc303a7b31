"""Moves that lean on the last turn (issue 19 item 3), each in wordings of our own: an item of
the list just given by position or by a word of it, a step of a route, whether someone must
agree to what was just said, a step of escalating that fails, "as a result" as a linking
phrase, and how to learn more (training, briefings)."""

from __future__ import annotations

import pytest

from bot.dialogue.answers.learning import steps_in_order
from bot.dialogue.case_focus import CaseAsk, case_ask
from bot.dialogue.follow_ups import asks_consent, asks_contents, consent_lines
from bot.dialogue.lead_requests import asks_which_cases
from bot.dialogue.list_choice import LAST, Item, item_named, listed_items, position_chosen
from bot.dialogue.moves import asks_and_about, asks_to_escalate, asks_which_audits_found
from bot.dialogue.turn_before import asks_who_did_it, service_question


def _said(text: str, buttons: list[dict[str, str]] | None = None) -> dict[str, object]:
    return {"event": "bot", "text": text, "data": {"buttons": buttons or []}}


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("3rd one pls", 3),
        ("first one, explain", 1),
        ("fourth item", 4),
        ("ok and the very last", LAST),
    ],
)
def test_an_ordinal_with_one_and_no_article_picks_a_position(text: str, position: int) -> None:
    assert position_chosen(text) == position


def test_an_item_is_picked_by_a_word_of_it() -> None:
    items = [
        Item("Schools shared attendance worries early (Source: audit, Case 1)"),
        Item("A translator joined each family session (Source: audit, Case 2)"),
        Item("The GP wrote to the consultant (Source: audit, Case 3)"),
    ]
    assert item_named("go on about the translator one", items) == items[1]
    assert item_named("the GP bit please", items) == items[2]
    assert item_named("tell me about the other one", items) is None  # no word of its own
    assert item_named("the session one", items) == items[1]
    assert item_named("what about the Source one", items) is None  # in every item


def test_a_route_in_numbered_steps_is_a_list_of_its_steps() -> None:
    text = "Your route:\n\n1. Ask your lead\n   Say what is stuck.\n2. Ask the chair\n   Last."
    items = listed_items([_said(text)])
    assert [item.text for item in items] == [
        "Ask your lead Say what is stuck.",
        "Ask the chair Last.",
    ]
    assert all(item.step for item in items)


def test_a_route_in_one_line_is_a_list_of_its_steps() -> None:
    items = listed_items([_said("Who to go to, in order: Lead -> Agency -> Chair.")])
    assert [item.text for item in items] == ["Lead", "Agency", "Chair"]


def test_buttons_announced_below_are_the_list_not_the_bullets_above() -> None:
    buttons = [
        {"title": "Young carers", "payload": '/ask_learning{"key_message":"young-carers"}'},
        {"title": "Safety plans", "payload": '/ask_learning{"key_message":"safety-plans"}'},
    ]
    turn = [_said("Strengths:\n- one\n- two\n- three\n\nKey messages are below.", buttons)]
    assert listed_items(turn)[1] == Item("Safety plans", "safety-plans")


@pytest.mark.parametrize(
    "text",
    [
        "does dad have to say yes",
        "do we need the carers permission first",
        "is parental consent needed",
        "what if the teenager says don't share it",
        "do i need the family's ok",
        "and if they refuse?",
        "what if they still won't let us",
    ],
)
def test_asking_whether_someone_must_agree(text: str) -> None:
    assert asks_consent(text)


@pytest.mark.parametrize(
    "text",
    [
        "what if dad refuses to come to the meeting",
        "mum agreed at core group but nothing happened after the holidays",
        "is it ok",
        "can we share if the baby is at risk of significant harm tonight",
    ],
)
def test_other_messages_do_not_ask_for_consent(text: str) -> None:
    assert not asks_consent(text)


def test_the_lines_on_consent_are_those_saying_who_must_agree() -> None:
    lines = ["Refer with the parents' consent.", "Call a meeting.", "Families may self-refer."]
    assert consent_lines(lines) == [lines[0], lines[2]]


def test_the_lines_on_consent_include_what_to_do_when_refused_each_said_once() -> None:
    lines = [
        "Parents rarely say no, so explore the reasons for any refusal.",
        "Call a meeting.",
        "Remember: parents rarely say no, so explore the reasons for any refusal to allow it.",
    ]
    assert consent_lines(lines) == [lines[0]]


@pytest.mark.parametrize(
    "text",
    ["and if the team leader won't help?", "what if that doesn't get anywhere", "and if it fails"],
)
def test_a_step_of_escalating_that_fails_asks_for_the_next(text: str) -> None:
    assert asks_to_escalate(text)


def test_as_a_result_links_a_question_about_the_learning_of_a_case() -> None:
    assert case_ask("so what ought we do instead, as a result") is CaseAsk.STEPS
    assert case_ask("and the result for her?") is CaseAsk.OUTCOME


def test_asking_how_to_learn_more_puts_the_training_first() -> None:
    steps = ["Talk to parents.", "Use routine enquiry.", "Book onto the training programme."]
    assert steps_in_order(steps, (), "where can i go to improve at this")[0] == steps[2]
    assert steps_in_order(steps, (), "how do I keep up to date")[0] == steps[2]
    assert steps_in_order(steps, (), "what should I say to them") == steps


@pytest.mark.parametrize(
    ("text", "anew"),
    [
        ("sorry no, not urgent - a toddler whose mum keeps cancelling clinic visits", True),
        ("it's fine, not an emergency", False),
        ("not urgent, just want to ask a question", False),
    ],
)
def test_a_false_alarm_called_off_with_a_new_description(text: str, anew: bool) -> None:
    from actions.safety import describes_anew

    assert describes_anew(text) is anew


def test_the_shapes_read_with_the_turn_before_in_round_39() -> None:
    """Each shape reads its kind in other words, and never the neighbouring kinds."""
    assert asks_and_about("and her brothers?") and asks_and_about("also the dad")
    assert not any(map(asks_and_about, ("and if they refuse", "and the other one", "and then?")))
    assert asks_which_audits_found("did it come up anywhere else")
    assert asks_which_audits_found("is the square mile part of the audits")
    assert not asks_which_audits_found("anything else?")
    assert asks_which_cases("which cases have you got") and asks_which_cases("show me the cases")
    assert not asks_which_cases("which cases had a parent in prison")
    assert asks_contents("what goes in the plan") and not asks_contents("does it cover siblings")
    assert service_question("can dad contact them himself") == "dad refer self"


def test_contents_asked_only_of_what_the_last_answer_recommends() -> None:
    """What the last answer's thing should hold (a pronoun, the plan, a word its lines say);
    never what the audits, a report, the assistant or a glossary term cover or involve, which
    the audits list and the glossary answer."""
    from bot.dialogue.terms import load_terms
    from tests.dialogue.test_terms import PROJECT_ROOT

    glossary = load_terms(PROJECT_ROOT / "knowledge")
    lines = ["Closure letters contain enough detail for agencies to understand the rationale"]
    for asked in (
        "what must it contain",
        "what goes in the plan",
        "what should the letters contain",
    ):
        assert asks_contents(asked, lines, glossary), asked
    for other in (
        "what does the audit cover",
        "what do the audits cover",
        "what do you cover?",
        "what does it cover",
        "what does CSC involve",
        "what does FAST include",
        "what does section 47 involve",
        "what does the wiki contain",
        "what does the report include",
    ):
        assert not asks_contents(
            other, [*lines, "CSC, FAST and the wiki hold section 47"], glossary
        ), other


def test_the_learning_found_elsewhere_needs_the_learning_as_its_subject() -> None:
    """Whether the learning just given was found in other places, said of it ("has this been
    identified elsewhere"); a place to look asked for is no such question."""
    assert asks_which_audits_found("has this been identified elsewhere")
    assert asks_which_audits_found("did that show up elsewhere?")
    for other in ("anywhere else I should look?", "somewhere else to try?", "elsewhere?"):
        assert not asks_which_audits_found(other), other


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("which team led that?", True),
        ("who was doing this", True),
        ("what clinic offered it", True),
        ("who is that for", False),
        ("which service is this for", False),
    ],
)
def test_who_did_what_was_shown_needs_a_doing_verb(text: str, who: bool) -> None:
    """Review of round 40: "who is that for" asks whose something is, not who did it."""
    assert asks_who_did_it(text) is who
