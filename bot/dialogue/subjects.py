"""Key messages of one subject, answered only when the question names it.

A few key messages are found by words every situation shares: Autism's lines tell of
self-harm ("the impact ASD may have ... in the context of self-harming behaviour"), so a
self-harm history told before any ask ("yr 11 lad self harmed last year, seems stable now, how
do we keep an eye") is nearest them by meaning and by words, though it says nothing of autism;
Social Media Footprint's tell of young people's vulnerabilities, Young Carers' of a young
person's mental health and of being "looked after". Every released question whose answer is
one of them (labelled in taught.yml) names its subject in one of these words, bar two autism
answers to questions on the audits' reach; so a question that names none is not asked about
them, however near it is, and the next candidate is weighed in its place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.dialogue.understanding import Ranked

NAMED_BY: dict[str, re.Pattern[str]] = {
    "autism-early-identification": re.compile(
        r"\b(?:autis\w*|asperg\w*|asd|asc|on\s+the\s+spectrum|spectrum\s+disorder|neuro\w*|\w*diagnos\w*"
        r"|dx|adhd|literal|eye\s+contact|meltdowns?|sensory|quirky|traits?|routines?|special\s+interests?"
        r"|overwhelmed\s+by\s+(?:the\s+)?noise|stim(?:s|med|ming)|masking|non-?\s?verbal|common\s+(?:factor"
        r"|theme)|briefings?|newsletters?|sign\s+up|keep\s+up\s+with|things\s+you\s+should\s+know)"
        r"\b",
        re.IGNORECASE,
    ),
    "social-media-footprint": re.compile(
        r"\b(?:social\s+media|online|internet|web|tiktok|insta\w*|snap\w*|facebook|twitter|x\.com"
        r"|youtube|whatsapp|discord|gaming|apps?|footprint|posts?|posted|posting|profiles?"
        r"|accounts?|socials|pics|pictures?|photos|selfies?|images|nudes|sexting|group\s+chats?|publicly|messag\w*|phones?|digital|google\w*|search\w*|content|grooming|groomed"
        r"|case\s+(?:4|four)|county\s+lines|exploit\w*|older\s+(?:men|boys|males)|missing)\b",
        re.IGNORECASE,
    ),
    "young-carers": re.compile(
        r"\b(?:\w*carers?|caring|looks?\s+after|looking\s+after|take\s+care|takes\s+care"
        r"|taking\s+care|cared?\s+for|cares\s+for|meds|(?:her|his|their)\s+care|housework|chores"
        r"|cook\w*|shopping|school\s+runs?|runs?\s+the\s+(?:house|home|household)|running\s+the"
        r"\s+(?:house|home|household)|household|(?:does|do|doing|did)\s+(?:\w+\s+)?(?:everything|a\s+lot"
        r"|loads|lots|all|most)|helps?\s+(?:her|him|them|mum|dad|his|her)|siblings?|brothers?"
        r"|sisters?|responsibilit\w*|nans?|nanna|gran|granny|grand(?:ma|pa|ad|dad|mother|father|parent)s?"
        r"|medication|main\s+support|mums?|mum's|mother\w*|dads?|dad's|father\w*|parents?|parent's)\b",
        re.IGNORECASE,
    ),
}
"""The words that name each such key message's subject, read from every released question
answered by it: autism's and its briefing's; social media's, and the exploitation its case
line tells of; a child's caring at home, or the parent they may care for ("15yo self harming,
mum has bipolar"): a young person in care with no parent told is not one."""


def names_subject(key_message_id: str, text: str) -> bool:
    """Whether the question names the key message's subject (always, for a key message
    of no single subject)."""
    named_by = NAMED_BY.get(key_message_id)
    return named_by is None or named_by.search(text) is not None


def named_subjects_first(ranking: Sequence[Ranked], text: str) -> list[Ranked]:
    """The ranking with the first key message whose subject the question names moved to the
    front, the rest in their order, each keeping its likelihood: one it does not name is never
    answered (so one left first is answered no more surely), but stays among those offered."""
    named = next((ranked for ranked in ranking if names_subject(ranked.key_message_id, text)), None)
    if named is None:
        return list(ranking)
    return [named, *(ranked for ranked in ranking if ranked is not named)]
