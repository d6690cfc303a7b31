"""What the audits do not cover: safeguarding topics named in knowledge/uncovered_topics.yml.

A question on FGM or county lines used to get the nearest key message, confidently and
wrongly; a trained classifier cannot know what it was never shown, so the topics the audits
leave out are named in data, and a question naming one is declined plainly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.dialogue.answers.core import TOPICS_BUTTON
from bot.dialogue.replies import CALL_999, Reply
from bot.knowledge.schema import UNCOVERED_TOPICS
from bot.knowledge.validation import check_knowledge

PROCEDURES = "the London Safeguarding Children Procedures"
PARTNERSHIP = "the City & Hackney Safeguarding Children Partnership (CHSCP) website"
PROCEDURES_LINK = "london-child-protection-procedures"
"""The audits' own link to the London procedures (knowledge/links.yml): shown once the
partnership sets it, never invented. The partnership's site has no link id yet: named only."""


@dataclass(frozen=True)
class UncoveredTopic:
    id: str
    label: str
    pattern: re.Pattern[str]


def _pattern(terms: Sequence[str]) -> re.Pattern[str]:
    """Whole words, any case, any spacing or hyphen between words, a plural "s" allowed."""
    alternatives = sorted(
        (
            r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", term.strip()))
            for term in terms
        ),
        key=len,
        reverse=True,
    )
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?:s|'s)?(?![\w-])", re.IGNORECASE)


def uncovered_topics(knowledge_dir: Path) -> list[UncoveredTopic]:
    return [
        UncoveredTopic(str(entry["id"]), str(entry["label"]), _pattern(entry["terms"]))
        for entry in check_knowledge(knowledge_dir).of(UNCOVERED_TOPICS)
    ]


def uncovered_topic(text: str, topics: Sequence[UncoveredTopic]) -> UncoveredTopic | None:
    """The topic the message names first, if it names one."""
    found = [(match.start(), topic) for topic in topics if (match := topic.pattern.search(text))]
    return min(found, key=lambda pair: pair[0])[1] if found else None


def where_to_look(procedures_url: str | None) -> str:
    """Where to look for what the audits do not cover."""
    procedures = f"{PROCEDURES} ({procedures_url})" if procedures_url else PROCEDURES
    return (
        f"Look in {procedures} and on {PARTNERSHIP}, or ask your organisation's safeguarding lead."
    )


def declined(topic_label: str, procedures_url: str | None, after_urgent: bool = False) -> Reply:
    """Plain about the gap, and where to look instead; the topic is named so the person
    knows they were understood. After urgent advice (`after_urgent`) the 999 line is not
    said twice."""
    gap = f"the audits do not cover {topic_label}, so I have no learning to give on it"
    if after_urgent:
        return Reply(f"For the practice question: {gap}. {where_to_look(procedures_url)}")
    return Reply(
        f"Sorry, {gap} and I won't guess. {where_to_look(procedures_url)} {CALL_999}",
        (TOPICS_BUTTON,),
    )
