"""Topics the audits do not cover are recognised by their own words, and only by them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.coverage import declined, uncovered_topic, uncovered_topics
from bot.dialogue.coverage_component import CoverageFlagger
from bot.settings import PROJECT_ROOT
from bot.tooling.evaluation import load_questions

KNOWLEDGE = PROJECT_ROOT / "knowledge"
TOPICS = uncovered_topics(KNOWLEDGE)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("lone working policy for evening home visits", "lone-working"),
        ("FGM what should a school nurse do", "fgm"),
        ("how do I spot radicalisation online", "radicalisation"),
        ("think my yr 9 is being drawn into County-Lines, who do I tell", "criminal-exploitation"),
        ("the aunt has had him 3 months now, is he privately fostered?", "private-fostering"),
        ("worried a girl is going to be forced to marry abroad", "forced-marriage"),
        ("Do I need to refer to LADO about a colleague", "allegations-against-staff"),
        ("bruise on a non mobile baby what's the procedure", "non-mobile-bruising"),
    ],
)
def test_a_question_naming_an_uncovered_topic_gets_that_topic(question: str, topic: str) -> None:
    found = uncovered_topic(question, TOPICS)
    assert found is not None and found.id == topic


def test_no_question_of_our_own_sets_about_covered_learning_is_taken_for_an_uncovered_topic() -> (
    None
):
    covered = [
        q.text
        for q in load_questions(PROJECT_ROOT / "tests" / "eval" / "questions.yml")
        if q.kind != "out_of_coverage"
    ]
    assert len(covered) > 100
    assert [q for q in covered if uncovered_topic(q, TOPICS)] == []


def test_no_term_of_an_uncovered_topic_appears_in_what_the_audits_cover() -> None:
    """The key messages, cases, services and glossary: a term found there would decline
    something the audits do cover."""
    found = [
        (path.name, topic.id, match.group(0))
        for path in sorted(KNOWLEDGE.rglob("*.yml"))
        if path.name not in ("uncovered_topics.yml", "links.yml")
        for topic in TOPICS
        for match in topic.pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_decline_says_plainly_the_audits_do_not_cover_it_and_where_to_look() -> None:
    reply = declined("female genital mutilation (FGM)", None)
    assert "the audits do not cover female genital mutilation (FGM)" in reply.text
    assert "London Safeguarding Children Procedures" in reply.text
    assert "City & Hackney Safeguarding Children Partnership" in reply.text
    assert "http" not in reply.text  # no link until the partnership sets one
    assert "999" in reply.text
    linked = declined("private fostering", "https://example.org/procedures")
    assert "London Safeguarding Children Procedures (https://example.org/procedures)" in linked.text


def _message(text: str, intent: str) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.9})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.9}])
    return message


def test_the_pipeline_step_overrides_the_guess_and_names_the_topic() -> None:
    flagger = CoverageFlagger(TOPICS)
    (fgm,) = flagger.process([_message("FGM what should a school nurse do", "ask_learning")])
    assert fgm.get(INTENT)["name"] == "outside_coverage"
    assert fgm.get(INTENT_RANKING_KEY)[1]["name"] == "ask_learning"
    assert [(e["entity"], e["value"]) for e in fgm.get(ENTITIES)] == [("coverage_topic", "fgm")]
    kept = flagger.process(
        [
            _message("we never thought about county lines", "workshop_answer"),
            _message('/ask_learning{"key_message":"young-carers"}', "ask_learning"),
            _message("what does the audit say about young carers", "ask_learning"),
        ]
    )
    assert [m.get(INTENT)["name"] for m in kept] == [
        "workshop_answer",
        "ask_learning",
        "ask_learning",
    ]


def test_danger_stays_danger_and_its_uncovered_topic_is_named_too() -> None:
    """Whether the classifier or the safety step saw the danger first, the urgent advice can
    then say the audits do not cover the topic."""
    (risk,) = CoverageFlagger(TOPICS).process(
        [_message("she is being taken abroad for FGM tomorrow, what do we do", "immediate_risk")]
    )
    assert risk.get(INTENT)["name"] == "immediate_risk"
    assert [(e["entity"], e["value"]) for e in risk.get(ENTITIES)] == [("coverage_topic", "fgm")]


def test_a_knowledge_folder_without_the_topics_file_declines_nothing(tmp_path: Path) -> None:
    assert uncovered_topics(tmp_path) == []
