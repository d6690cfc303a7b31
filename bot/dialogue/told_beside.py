"""A practice question told beside a topic the audits do not cover: "mother has postnatal
depression ... older girl 11 years do a lot at home. what should I think about?" names
perinatal mental health, which the audits leave out, and a child's caring, which Young
Carers answers. Both fit: the answer the rest of the message asks for is given, and the
topic's gap is named after it with where to look, instead of a decline alone. No Rasa here."""

from __future__ import annotations

from bot.dialogue.coverage import UncoveredTopic, content_words, where_to_look
from bot.dialogue.follow_ups import sentences
from bot.dialogue.replies import Reply

MIN_PART_WORDS = 4
"""Words that may tell a topic the rest of the message needs to be asked on its own: "what
should I think about?" (two) asks nothing apart from the topic; "older girl 11 years do a
lot at home" (five) does."""


def part_beside(topic: UncoveredTopic, text: str) -> str | None:
    """The sentences of the message that do not name the topic, when only sentences before
    the one that asks name it (the last with a question mark, else the last: "... LADO
    threshold?", "is there guidance for children of prisoners" ask about the topic itself) and
    the rest says enough to be ranked on its own (`MIN_PART_WORDS` content words); None
    otherwise (the topic is the question)."""
    told = sentences(text)
    asking = ([place for place, part in enumerate(told) if "?" in part] or [len(told) - 1])[-1]
    if topic.pattern.search(" ".join(told[asking:])) is not None:
        return None
    rest = [sentence for sentence in told if topic.pattern.search(sentence) is None]
    if len(rest) == len(told):
        return None
    part = " ".join(rest)
    return part if len(content_words(part)) >= MIN_PART_WORDS else None


def gap_beside_answer(topic_label: str, procedures_url: str | None) -> Reply:
    """After the answer to the rest of the question: the topic named as one the audits do not
    cover, and where to look for it."""
    return Reply(
        f"The audits do not cover {topic_label}, so that part of your question has no learning"
        f" here. {where_to_look(procedures_url)}"
    )
