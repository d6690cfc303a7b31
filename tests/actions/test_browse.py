"""Topics and good practice (actions/browse.py)."""

from __future__ import annotations

import pytest

from actions import browse
from bot.dialogue.answers.learning import word_count
from tests.actions.trackers import run, tracker, turn
from tests.support import all_text


def test_good_practice_is_found_by_topic_with_its_case() -> None:
    messages, _ = run(
        browse.ActionGoodPractice(),
        tracker("any good practice on using interpreters", "good_practice"),
    )
    text = all_text(messages)
    assert "online interpreting service" in text
    assert "(Source: Mental health audit 2019/20, Case 2.)" in text


def test_good_practice_on_a_theme_in_other_words_is_the_strength_it_means() -> None:
    # by meaning, the interpreter's line, whatever lines its words meet
    messages, _ = run(
        browse.ActionGoodPractice(),
        tracker(
            "good practice when the parents need an interpreter for every conversation",
            "good_practice",
        ),
    )
    text = all_text(messages)
    assert "online interpreting service" in text, text[:300]
    assert "(Source: Mental health audit 2019/20, Case 2.)" in text


def test_good_practice_by_abbreviation_uses_the_glossary() -> None:
    messages, _ = run(
        browse.ActionGoodPractice(), tracker("examples of good practice with dv", "good_practice")
    )
    assert "Domestic Violence Intervention Project" in all_text(messages)


def test_good_practice_without_a_topic_offers_the_cases_not_a_wall_of_text() -> None:
    messages, _ = run(
        browse.ActionGoodPractice(), tracker("good practice examples", "good_practice")
    )
    assert word_count(all_text(messages)) < 60
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "Case 5 (Erika), SEND audit 2016-17" in titles
    case_messages, _ = run(
        browse.ActionGoodPractice(),
        tracker(
            '/good_practice{"case":"send-erika"}',
            "good_practice",
            entities=[{"entity": "case", "value": "send-erika"}],
        ),
    )
    assert "Team Around the Child (TAC)" in all_text(case_messages)
    assert "Source: SEND audit 2016-17, Case 5 (Erika)." in all_text(case_messages)


def test_browse_lists_themes_then_a_theme_lists_its_messages() -> None:
    overview, _ = run(browse.ActionBrowseTopics(), tracker("show me the topics", "browse_topics"))
    assert len(overview[0]["buttons"]) == 10
    theme, _ = run(
        browse.ActionBrowseTopics(),
        tracker(
            "/browse_topics", "browse_topics", entities=[{"entity": "theme", "value": "neglect"}]
        ),
    )
    assert [b["title"] for b in theme[0]["buttons"]] == ["Chronic Neglect"]


def test_good_practice_asked_of_one_audit_comes_from_its_cases_only() -> None:
    """The audit's name is no topic of the strengths: "in the SEND audit" keeps to its cases
    (set Q: another audit's good practice, then its cases for "which case")."""
    messages, _ = run(
        browse.ActionGoodPractice(),
        tracker("anything good done by schools in the SEND audit?", "good_practice"),
    )
    text = all_text(messages)
    assert "(Source: SEND audit 2016-17" in text
    assert "Mental health audit" not in text


def test_the_key_messages_of_a_named_audit_are_that_audits_by_theme() -> None:
    said = all_text(
        run(
            browse.ActionBrowseTopics(),
            tracker("list the mental health audit's key messages", "browse_topics"),
        )[0]
    )
    assert said.startswith("Themes of the Mental health audit 2019/20")
    assert "Wider family" in said and "Disguised Compliance" not in said


def test_what_went_less_well_after_a_cases_good_practice_is_its_findings() -> None:
    """ "anything that went less well" after Adam's good practice: what the audit found in
    his case (short breaks, the GP), not his good practice again (set Y)."""
    question = "good practice with foster carers in the audits?"
    messages, events = run(browse.ActionGoodPractice(), tracker(question, "good_practice"))
    assert "Adam" in all_text(messages)
    history = turn(question, messages, events)
    current = tracker("anything that went less well", "good_practice", events=history)
    said = all_text(run(browse.ActionGoodPractice(), current)[0])
    assert "Short breaks" in said, said[:200]
    assert not said.startswith("Good practice")


@pytest.mark.parametrize(
    "asked",
    [
        "what went well and what went less well",
        "so what went well, and what didn't?",
        "ok what worked well and what went wrong",
    ],
)
def test_what_went_well_and_less_well_after_good_practice_is_both(asked: str) -> None:
    """Both asked after Adam's good practice: his good practice and what the audit found in
    his case, not the findings alone (review of conv26)."""
    question = "good practice with foster carers in the audits?"
    messages, events = run(browse.ActionGoodPractice(), tracker(question, "good_practice"))
    history = turn(question, messages, events)
    current = tracker(asked, "good_practice", events=history)
    said = all_text(run(browse.ActionGoodPractice(), current)[0])
    assert "Short breaks" in said, said[:200]
    assert said.startswith("Good practice"), said[:200]
