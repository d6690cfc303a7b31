"""A practice question told beside a topic the audits do not cover (bot/dialogue/told_beside.py)."""

from __future__ import annotations

import pytest

from bot.dialogue.coverage import uncovered_topics
from bot.dialogue.told_beside import gap_beside_answer, part_beside
from bot.settings import PROJECT_ROOT

TOPICS = {topic.id: topic for topic in uncovered_topics(PROJECT_ROOT / "knowledge")}
PERINATAL = TOPICS["perinatal-mental-health"]


@pytest.mark.parametrize(
    ("text", "part"),
    [
        (
            "Mum has post-natal depression. The 12yo gets his brothers up and does school runs."
            " What now?",
            "The 12yo gets his brothers up and does school runs. What now?",
        ),
        (
            "baby is 3 months, mum has postnatal depression! eldest girl misses school to help at"
            " home",
            "eldest girl misses school to help at home",
        ),
    ],
)
def test_the_sentences_that_do_not_name_the_topic_are_the_part_beside_it(
    text: str, part: str
) -> None:
    assert part_beside(PERINATAL, text) == part


@pytest.mark.parametrize(
    "text",
    [
        # the topic is the whole question, or what is left asks nothing of its own
        "what do the audits say on postnatal depression and the baby",
        "Mum has postnatal depression. What should I do?",
        "Mum has postnatal depression. Baby is fine. Any thoughts?",
        # the sentence that asks names the topic: the topic is what is asked
        "Mum has postnatal depression. The older boy does everything. Is it perinatal MH?",
        "My 10 year old nephew does the cooking at home. Is postnatal depression in the audits",
        # the topic named by no word of it (meaning only): no sentence is apart from it
        "mum has been very low since the birth. the older boy does everything at home",
    ],
)
def test_no_part_is_beside_a_topic_that_is_the_whole_question(text: str) -> None:
    assert part_beside(PERINATAL, text) is None


def test_the_gap_names_the_topic_and_where_to_look_and_no_999() -> None:
    text = gap_beside_answer("perinatal mental health", None).text
    assert "do not cover perinatal mental health" in text
    assert "London Safeguarding Children Procedures" in text
    assert "999" not in text
