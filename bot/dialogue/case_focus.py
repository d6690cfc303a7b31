"""Questions about the case the last turn showed: "what went wrong", "what should they have
done", "what went well", "tell me more about her", "and the learning from it?".

Once a case is on screen (its description, its good practice, or the answer to "which case
was that"), such a question has no topic of its own: it is about that case, whatever its words.
Two kinds of evidence decide, never a list of sentences: the case the assistant's previous
turn named (exactly one, by the citation it printed), and the shape of the message (its only
topic words are words of asking about a case). The knowledge then answers: the case's
strengths, its key messages' findings, their steps, or the case's own summary.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from enum import Enum
from typing import Any

from bot.dialogue.answers.learning import learning_button
from bot.dialogue.case_recall import REMEMBERED
from bot.dialogue.follow_ups import (
    ABBREVIATION,
    MAX_LINES,
    case_lines,
    matching_lines,
    sentences,
    word_stem,
)
from bot.dialogue.moves import (
    FUNCTION_WORDS,
    SOURCE_WORDS,
    acknowledgement_intent,
    shaped_within,
    topic_words,
)
from bot.dialogue.replies import Reply, bullets
from bot.dialogue.terms import MEANING_ASKED
from bot.dialogue.understanding import (
    case_number,
    mentioned_case,
    mentioned_source,
    named_topic,
    stem,
)
from bot.knowledge.citations import case_label, citation
from bot.knowledge.models import Case, Source
from bot.safeguards.safety import within_one_edit
from bot.safeguards.vocabulary import dictionary_words

_WORD = re.compile(r"[a-z]+")


class CaseAsk(str, Enum):
    """What a question about the case in focus asks for."""

    STRENGTHS = "strengths"
    """What went well: the case's strengths."""
    FINDINGS = "findings"
    """What went wrong, the learning: its key messages and what each found."""
    STEPS = "steps"
    """What should have happened: its key messages' steps."""
    ABOUT = "about"
    """Tell me more: the case itself."""
    OUTCOME = "outcome"
    """How it ended: where the case stood when audited, and what came of the work."""
    BRIEF = "brief"
    """The case in a few words ("case 3 in one line?", "sum Barak up in a sentence"): its
    summary's first sentences, which say who the child was and what brought them in."""


_STRENGTH_WORDS = frozenset(
    "well good strength strengths positive positives worked right helped".split()
)
_STEP_WORDS = frozenset(
    """should done differently better improve improved instead ought needed need have
    happened""".split()
)
_FINDING_WORDS = frozenset(
    """wrong learning learn learnt learned lessons lesson came come out found finding findings
    gaps gap issues issue problems problem concerns concern key messages message
    messages went gone takeaway takeaways didn didnt wasn wasnt badly main biggest overall
    points point less""".split()
)
"""Words of asking what a case taught: "what went wrong", "biggest lesson?", "key points",
"anything that went less well"."""
_GAP_WORDS = frozenset("missed overlooked weakness weaknesses failings shortcomings".split())
"""Words of asking what went wrong ("what was missed"), kept out of ASKING_WORDS, which are
also left out when telling a case by its words: "missed" shares its stem with "missing"
("the learning on kids missing from home, from case 3")."""
_NOT_SO_WELL = frozenset("wrong better differently didn didnt less".split())
"""Words beside a word of good practice that ask what did not go well ("what went less well",
"what didnt go well")."""
_BETTER_WORDS = frozenset("better improve improved improvement improvements".split())
"""Words of asking what could have gone better: what should have happened, unless they ask
what went better ("what went better than expected" has "went" and no asking of a change)."""
_ABOUT_WORDS = frozenset(
    "more tell about know background story detail details remind reminder recap".split()
)
_OUTCOME_WORDS = frozenset(
    """end ended ending eventually finally ultimately afterwards after later since outcome
    outcomes result results resulted turn turned became become now nowadays today
    currently anymore things ever work success successful succeed succeeded effective""".split()
)
"""Words of asking how a case ended ("how did she do in the end", "what happened to him
after", "how is she now"): time after the work, or its result."""
_POINTING_AT_CASE = frozenset("he she him her his they them their family case child it".split())
_AT_THE_END = re.compile(
    r"\bin the end\b|\bend(?:ed)? up\b|\bended\b|\beventually\b|\bfinally\b|\bultimately\b"
    r"|\bever\b",
    re.IGNORECASE,
)
"""Words that ask about the end of a story whatever else the question says: "did they manage
to meet him in the end", "was he eventually diagnosed" ask how the case ended."""
MAX_WORDS_BESIDE_END = 2
"""How many words of its own a question about the end may carry ("meet", "diagnosed")."""
_CASE_WORDS = frozenset(
    """case cases family child kid young person audit them they professionals agencies
    else anything from please pls plz practice practise practices""".split()
)
"""Words of any question about a case. "Practice" is how a case's work is spoken of ("what
was good practice", "any good practice in case 3"): it tells neither which case nor what in
it is asked, so "good practice" asks its strengths as "what went well" does."""
ASKING_WORDS = (
    _STRENGTH_WORDS
    | _STEP_WORDS
    | _FINDING_WORDS
    | _BETTER_WORDS
    | _ABOUT_WORDS
    | _CASE_WORDS
    | _OUTCOME_WORDS
)
"""Every word a question about the case in focus may carry besides function words."""


_AS_A_RESULT = re.compile(
    r"\b(?:as\s+a\s+(?:result|consequence)|in\s+light\s+of\s+(?:it|this|that))\b", re.I
)
"""Linking words, not a question about a case's result: "what should I do differently as a
result?" asks for its learning."""


_OUGHT_WORDS = frozenset({"should", "ought", "differently", "instead"})
"""Words of asking what should have happened ("who should they have told")."""
_PEOPLE_IN_A_CASE = frozenset(
    """worker workers practitioner practitioners professional staff social team teams school
    schools teacher teachers gp gps doctor doctors nurse nurses health visitor visitors police
    officer officers camhs csc manager managers agency services service someone anyone
    everyone""".split()
)
"""Who acts in a case: "what should the worker have done" asks the case's steps, whoever it
names as acting."""
_TURNING_TO_WORDS = frozenset(
    """gone go went turn turned told tell informed inform contacted contact referred refer
    escalated escalate asked ask called call rang ring involved involve spoke speak spoken
    raised raise flagged flag shared share done acted act been""".split()
)
"""What someone in a case does about a worry ("who should the worker have gone to")."""


def _asks_what_should_have_happened(words: set[str], every: set[str]) -> bool:
    """ "so who should the worker have gone to?", "what should the school have done": what
    ought to have happened, asked of the people in the case, in no words of another topic.
    Kept out of ASKING_WORDS, which tell a case by what happened in it ("the case where the
    GP used HARK": "gp" is telling there)."""
    return bool(every & _OUGHT_WORDS) and words <= (
        ASKING_WORDS | _PEOPLE_IN_A_CASE | _TURNING_TO_WORDS
    )


_A_SURGERY = re.compile(r"\b(gps?|general|doctors?'?s?|dental|medical)\s+practices?\b", re.I)
"""A practice that is a place ("Deshawn - GP practice points?" asks about the surgery), not
how a case's work is spoken of."""


MIN_SLIP_WORD = 6
"""Shorter words are too near others to read a one-letter slip as a word of asking."""
_EARLIER_WORDS = frozenset(
    """before earlier sooner prior beforehand previously leading led start started starting
    beginning began initially""".split()
)
"""Words of asking what came before the part of the story just told ("what went wrong before
that" after how a case ended, "how did it start", "what led up to it"): the case itself or
what the audit found, the story before its end. Kept out of ASKING_WORDS, which tell a case by
what happened in it."""
_ASKING_OF_A_CASE = ASKING_WORDS | _GAP_WORDS | _EARLIER_WORDS
"""Every word a question about the case in focus may carry, in case_ask."""
_SLIP_TARGETS = tuple(sorted(word for word in _ASKING_OF_A_CASE if len(word) >= MIN_SLIP_WORD))


def _slips_mended(text: str) -> str:
    """The message with a word of asking typed one letter out mended ("what happend to her",
    "what went wrnog" stays: too short): a hurried or dyslexic practitioner's question about
    the case is still that question. Only words that are not words of asking already, and
    only into one, so a topic word stays a topic word."""

    def mended(found: re.Match[str]) -> str:
        word = found.group(0)
        lowered = word.lower()
        if len(lowered) < MIN_SLIP_WORD or lowered in _ASKING_OF_A_CASE | FUNCTION_WORDS:
            return word
        if _known_word(lowered):
            return word  # "worker" is one letter from "worked", and a word of its own
        return next((t for t in _SLIP_TARGETS if within_one_edit(lowered, t)), word)

    return re.sub(r"[A-Za-z]+", mended, text)


_INFLECTIONS = ("s", "es", "ed", "ing", "er", "ers")


def _known_word(word: str) -> bool:
    """A dictionary word, or one inflected ("tissues", "workers"): never a slip."""
    known = dictionary_words()
    return word in known or any(
        word.endswith(ending) and word[: -len(ending)] in known for ending in _INFLECTIONS
    )


_HAPPENED_TO = re.compile(
    r"\bhappen(?:ed|s)?\s+(?:to|with)\s+(?:him|her|them|he|she|they|the\s+\w+(?:\s+\w+)?)\W*$",
    re.IGNORECASE,
)
"""What happened to someone already spoken of ("what happened to her", "whatever happened
with the family"): how their story went on, the case's outcome."""


_WHAT_WAS_MISSING = re.compile(
    r"\bwhat\s+(?:was|is|were|'?s)\s+(?:missing|lacking)\b", re.IGNORECASE
)
"""What was missing in a case is what went wrong ("what was missed"), not someone missing."""


_IN_BRIEF = re.compile(
    r"\bin\s+(?:just\s+)?(?:a|an|one|1|two|2|three|3|four|4|five|5|ten|twenty|a\s+few|few"
    r"|\d{1,2})"
    r"\s+(?:short\s+)?(?:lines?|sentences?|words?|bullets?)\b"
    r"|\bone[-\s]?liner\b|\bnutshell\b|\bbriefly\b|\btl;?\s?dr\b|\bshort\s+version\b"
    r"|\b(?:quick|short|brief|one[-\s]line)\s+(?:summary|overview|version|description)\b"
    r"|\bsum(?:med|ming)?\s+(?:it|(?:him|her|them|this|that)(?:\s+\w+)?)?\s*up\b"
    # "in short" ending a clause ("the learning in short, please"), never a noun's
    # ("respite in short stays", "a child in short-term placements")
    r"|\bin\s+short(?:\s+form)?(?=\s*(?:[,.;:!?)]|$|(?:please|pls|plz)\b))",
    re.IGNORECASE,
)
"""Asking for a case in few words: "in one line", "in 2 sentences", "in a nutshell", "a quick
summary", "sum her up", "in short"."""
_BRIEF_WORDS = frozenset(
    """line lines sentence sentences word words bullet bullets liner nutshell briefly brief
    short quick summary overview version description sum summed summing just few tldr one two
    three four five ten twenty""".split()
)
_SUMMING_WORDS = frozenset("summarise summarize give describe explain put happened story".split())
_SENTENCE_COUNT = re.compile(
    r"\b(two|2|three|3|four|4|five|5)\s+(?:short\s+)?(?:lines?|sentences?)\b", re.IGNORECASE
)
_COUNTS = {"two": 2, "2": 2, "three": 3, "3": 3, "four": 4, "4": 4, "five": 5, "5": 5}


def asks_in_brief(text: str) -> bool:
    """The case in few words, and nothing else asked of it ("and case 3 in one line?",
    "summarise Caryn in a sentence"; not "the learning from case 3 in one line", which asks
    its learning)."""
    if _IN_BRIEF.search(text) is None:
        return False
    return not topic_words(text) - _BRIEF_WORDS - _CASE_WORDS - _ABOUT_WORDS - _SUMMING_WORDS


def says_briefly(text: str) -> bool:
    """Whether the message asks for whatever it asks in few words ("the key messages again in
    short", "the learning in a nutshell")."""
    return _IN_BRIEF.search(text) is not None


def without_brevity(text: str) -> str:
    """The message without its words of asking for few words: what it asks, to be read as
    any message is ("and the learning points again, in short please": "and the learning
    points again, please")."""
    return _IN_BRIEF.sub(" ", text)


def brief_lines(case: Case, text: str) -> list[str]:
    """A case's summary cut to what was asked: its first sentence (who the child was and
    what brought them to services), or as many as the lines or sentences asked for."""
    asked = _SENTENCE_COUNT.search(text)
    count = _COUNTS[asked.group(1).lower()] if asked else 1
    return sentences(case.summary)[:count]


def case_in_brief(case: Case, text: str) -> list[Reply]:
    """A case in a line or a few (bot.dialogue.case_focus.brief_lines), named and cited."""
    body = " ".join(brief_lines(case, text))
    reply = f"{case.source.short_title}, {case_label(case)}, in brief: {body}\n\n"
    reply += citation(case.source, [case])
    return [Reply(reply, tuple(learning_button(message) for message in case.key_messages))]


_PARTS = re.compile(r"\band\b|\bbut\b|\balso\b|[,;?.]", re.IGNORECASE)
_NOT_WELL = re.compile(r"\b(?:less|not|didn|didnt|wasn|wasnt|wrong|badly)\b|n't\b", re.IGNORECASE)


def asks_well_and_less_well(text: str) -> bool:
    """Asking both what went well and what did not ("what went well and what went less
    well"): one part of the message with "well" and no word of it going badly, another
    with one ("less well", "didn't", "wrong")."""
    parts = _PARTS.split(text)
    good = any(re.search(r"\bwell\b", part, re.I) and not _NOT_WELL.search(part) for part in parts)
    return good and any(_NOT_WELL.search(part) for part in parts)


def case_ask(text: str) -> CaseAsk | None:
    """What the message asks about a case, when asking about a case is all it does. Asked in
    few words, it is what the rest asks ("what did they do well, in one line": its strengths)
    and the case in brief only when the rest asks nothing more of it ("and in one line?")."""
    if asks_in_brief(text):
        rest = case_ask(_IN_BRIEF.sub(" ", text))
        return rest if rest not in (None, CaseAsk.ABOUT) else CaseAsk.BRIEF
    text = _slips_mended(_A_SURGERY.sub(r"\1 surgery", _AS_A_RESULT.sub(" ", text)))
    text = _WHAT_WAS_MISSING.sub("what was missed", text)
    words = topic_words(text)
    every = set(_WORD.findall(text.lower()))
    beside_end = len(words - _ASKING_OF_A_CASE) <= MAX_WORDS_BESIDE_END
    earlier = bool(every & _EARLIER_WORDS)
    if (
        beside_end
        and not earlier
        and _AT_THE_END.search(text)
        and acknowledgement_intent(text) is None
    ):
        return CaseAsk.OUTCOME
    if not words <= _ASKING_OF_A_CASE and _asks_what_should_have_happened(words, every):
        return CaseAsk.STEPS
    if not words <= _ASKING_OF_A_CASE or not (every & _ASKING_OF_A_CASE):
        return None
    if acknowledgement_intent(text) is not None:
        return None  # "that helped", "good": said of the reply, not asked of the case
    if not earlier and (
        asks_outcome(every) or (_HAPPENED_TO.search(text) and not every & _OUGHT_WORDS)
    ):
        return CaseAsk.OUTCOME
    if every & _STRENGTH_WORDS and not every & _NOT_SO_WELL:
        return CaseAsk.STRENGTHS
    if every & _OUGHT_WORDS or every & _BETTER_WORDS:
        return CaseAsk.STEPS
    if words & (_FINDING_WORDS | _GAP_WORDS):
        return CaseAsk.FINDINGS
    if earlier or every & (_ABOUT_WORDS | {"her", "him", "them", "family"}):
        return CaseAsk.ABOUT
    return None


_CLAUSE = re.compile(r"\s+[-\u2013\u2014]\s+|[,;:]\s*|(?<=[.?!])\s+")
"""Where a message's clauses part: a dash, a comma or colon, or the end of a sentence ("there
was a case about a boy whose ... . what was the learning?" asks in its last sentence)."""


def clause_ask(text: str) -> CaseAsk | None:
    """What the last clause asking something of a case asks, when a message names and
    describes a case in other clauses ("Adam, the boy in foster care: what went badly": its
    findings, not the line its description matches)."""
    clauses = [part for part in _CLAUSE.split(text) if part.strip()]
    if len(clauses) < 2:
        return None
    return next((ask for ask in map(case_ask, reversed(clauses)) if ask is not None), None)


_AUDIT_YEARS = re.compile(r"\b(?:\d{2}|\d{4})\s*[/\-\u2013]\s*\d{2}\b|\b\d{4}\b")


def without_naming(text: str, case: Case) -> str:
    """The message without the words that name the case: its pseudonym, its audit's short
    title and aliases, and the audit's years, so that what is asked of it stays ("MH audit
    2019/20 case 1 outcomes" asks for its outcome: "2019/20" is not a word of asking)."""
    names = [case.name or ""]
    if case.source is not None:
        names += [case.source.short_title, *case.source.aliases]
    text = _AUDIT_YEARS.sub(" ", text)
    for name in sorted(filter(None, names), key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}(?:'?s)?\b", " ", text, flags=re.IGNORECASE)
    return text


_STORY = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|hi|hey|also)\W+)*"
    r"(?:(?:can\s+you\s+|could\s+you\s+)?(?:tell|remind)\s+me\s+(?:\w+\s+)?"
    r"|what\s+happened\s+(?:to|with|in)\s+)?"
    r"the\s+(?:\w+\s+){0,2}?(?:who|whose|where|with\s+(?:the|a|an|lots|many))\b",
    re.IGNORECASE,
)
_CASE_STORY = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|hi|hey|also)\W+)*"
    r"(?:(?:there['\u2019]?s|there\s+is|there\s+was|is\s+there|was\s+there)\s+one\s+"
    r"|(?:the|that)\s+one\s+"
    r"|(?:(?:there['\u2019]?s|there\s+is|there\s+was|is\s+there|was\s+there|which\s+is"
    r"|(?:do\s+you\s+)?remember)\s+)?"
    r"(?:(?:a|one)\s+case|(?:the|that)\s+(?:[\w-]+\s+){0,2}?case)\s+)"
    r"(?:about|of|with|where|after|in\s+which)\s+(?:the|a|an)\s+\w+",
    re.IGNORECASE,
)
"""A case pointed at by the word itself and a someone it is about ("there's a case about a
girl who ...", "the case of the teen after ..."): someone the audit tells of, with an article,
so "a case of neglect" (a kind of concern) is not one. Also the case told by its kind ("the
self harm case after an injury"), and "one" said for the case ("there's one about a young man
at a specialist college ...")."""
_AUDITED_SOMEONE = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|hi|hey|also)\W+)*"
    r"(?:(?:there'?s|there\s+is|there\s+was|is\s+there|was\s+there|remember)\s+)?"
    r"(?:a|an|the|that)\s+(?:\w+\s+){0,2}?"
    r"(?:girl|boy|woman|man|teen|teenager|child|kid|person|yp|baby|lad|student|pupil|toddler)\b"
    r"[^.?!]{0,80}?\b(?:in|from)\s+(?:one\s+of\s+)?(?:the|an?)\s+(?:\w+\s+)?audits?\b",
    re.IGNORECASE,
)
"""Someone told of as being in an audit, said first ("there was a young woman with a rare
condition in one of the audits who ...", "the boy from the SEND audit whose ..."): the
audit's case, not the asker's."""
_RELATIVE = re.compile(
    r"\bthe\s+(?:\w+\s+)?(?:mum|mom|mother|dad|father|brother|sister|sibling|siblings|grandma"
    r"|grandad|grandmother|grandfather|nan|parents?|carers?|uncle|aunt|auntie|stepdad|stepmum)\b",
    re.IGNORECASE,
)
"""A relative in "the little brother who ..." is someone in the asker's family, not a case."""
_FIRST_PERSON = re.compile(r"\b(?:i|i'?ve|i'?m|we|we'?ve|my|our|us)\b", re.IGNORECASE)
_GOING_ON_NOW = re.compile(r"\b(?:is|are|keeps?)\s+\w+ing\b|\bkeeps\b", re.IGNORECASE)
"""A child described as doing something now ("the 14yo with a learning disability is showing
sexualised behaviour") is the asker's own case: an audit's case is told in the past."""


def tells_of_a_story(text: str) -> bool:
    """A message pointing at a case it tells of ("remind me about the boy whose foster carers
    knew him best", "the one where mum had an interpreter", "is there a case about a boy
    whose ..."): "the" someone who or where, "a case about" someone, or someone "in one of the
    audits", said first, and none
    of the asker's own ("I have a boy who ..." is their own case, and so is a child said to be
    doing something now)."""
    story = _STORY.search(text) or _CASE_STORY.search(text) or _AUDITED_SOMEONE.search(text)
    if story is None or _FIRST_PERSON.search(text) or _GOING_ON_NOW.search(text):
        return False
    return _RELATIVE.search(text, story.start(), story.end()) is None


def remembers_someone(text: str) -> bool:
    """A message that starts by pointing at someone it goes on to tell of ("the teen with pain
    nobody could explain ..."), none of the asker's own: a case remembered, when one fits
    (bot.dialogue.case_recall)."""
    found = REMEMBERED.search(text)
    if found is None or _FIRST_PERSON.search(text) or _GOING_ON_NOW.search(text):
        return False
    return _RELATIVE.search(text, found.start(), found.end()) is None


_WHICH_CASE_FROM = re.compile(
    r"\b(?:which|what)\s+(?:audit(?:ed)?\s+)?case\b[^.?!]{0,40}?\b(?:from|(?:is|was)\s+(?:that|this|it))\b"
    r"|\bfrom\s+which\s+(?:audit(?:ed)?\s+)?case\b",
    re.IGNORECASE,
)


def asks_which_case_from(text: str) -> bool:
    """ "'Diagnosis can be a distraction.' Which audit case is that from?": the case an idea
    or a quote comes from, whatever else the message asks for (a quiz, a handout)."""
    return _WHICH_CASE_FROM.search(text) is not None


_ASKERS_CASE = re.compile(
    r"\b(?:my|our)\s+(?:\w+\s+)?case\b"
    r"|\b(?:think\w*\s+(?:about|of|over|back\s+(?:on|over|to))|work\w*\s+on|ha(?:ve|d|s)|got"
    r"|hold\w*|review\w*|plan\w*\s+for|cover\w*|manag\w*|allocated)\s+(?:a|one)\s+case\b",
    re.IGNORECASE,
)
"""The asker's own case, the one they are working on: "just thinking about a case", "I've got
a case where ...", "on my caseload" is not one (a case is a word of its own)."""


def speaks_of_own_case(text: str) -> bool:
    """A message about the asker's own case ("just thinking about a case, do the audits say
    anything about ..."), not one of the audits' ("the case where the GP used HARK", "is there
    a case about a boy who ..."): its words ask for learning, and would otherwise describe
    whichever audited case shares the most of them."""
    return _ASKERS_CASE.search(text) is not None and not tells_of_a_story(text)


_OUTCOME_ALONE = frozenset({"now", "after", "things", "work", "ever"})
"""Outcome words that ask how a case ended only beside a word pointing at it: "what now?"
asks for help, "how is she now" for the case."""


def asks_outcome(words: Collection[str]) -> bool:
    """Whether a message's words ask how the case ended: a word of its end or result, or
    "now"/"after" beside one pointing at the case ("what happened to him after")."""
    found = set(words) & _OUTCOME_WORDS
    if not found:
        return False
    return bool(found - _OUTCOME_ALONE) or bool(set(words) & _POINTING_AT_CASE)


_RESULT = re.compile(
    r"\b(?:now|currently|subsequently|later|recently|since|resulted|results?|outcomes?"
    r"|achiev\w*|transition\w*|progress\w*)\b",
    re.IGNORECASE,
)
"""What the lines that say what came of a case use ("Erika now attends a special school",
"Achieving outcomes: ... plans to attend college", "a care package ... currently in place")."""


def outcome_lines(case: Case) -> list[str]:
    """Where a case stood when audited and what came of the work: the summary's sentences
    after the first (which says who the child is), then the strengths that speak of a result;
    the whole summary when it has one sentence and no strength speaks of one."""
    summary = sentences(case.summary)
    results = [line for line in case.strengths if _RESULT.search(line)]
    later = summary[1:]
    return [*later, *results] or summary


def case_outcome(case: Case) -> list[Reply]:
    """How a case ended, from its own lines (bot.dialogue.case_focus.outcome_lines)."""
    text = "\n\n".join(
        [
            f"What came of {case_label(case)}, as the audit found it:",
            bullets(outcome_lines(case)),
            citation(case.source, [case]),
        ]
    )
    return [Reply(text, tuple(learning_button(message) for message in case.key_messages))]


def label(case: Case) -> str:
    """How replies name a case: its audit and its label, as citations print them."""
    return f"{case.source.short_title}, {case_label(case)}".lower()


def named_in(texts: Sequence[str], cases: Sequence[Case]) -> Case | None:
    """The one case these replies name (None when they name none or several)."""
    said = " ".join(texts).lower()
    named = [case for case in cases if label(case) in said]
    return named[0] if len(named) == 1 else None


def cases_said(texts: Sequence[str], cases: Sequence[Case]) -> list[Case]:
    """The cases these replies name, by the label citations print ("SEND audit 2016-17, Case
    1 (Adam)"), or by their own label in a reply that names their audit ("The SEND audit
    2016-17 audited five cases: Case 1 (Adam), ...")."""
    lowered = [text.lower() for text in texts]
    return [
        case
        for case in cases
        if any(
            label(case) in text
            or (case.source.short_title.lower() in text and case_label(case).lower() in text)
            for text in lowered
        )
    ]


def bot_texts(turn: Sequence[Mapping[str, Any]]) -> list[str]:
    """What the assistant said in one turn's events."""
    return [str(event.get("text") or "") for event in turn if event.get("event") == "bot"]


MAX_STEPS_EACH = 2


def case_findings(case: Case, in_short: bool = False) -> list[Reply]:
    """The learning from a case: each of its key messages and what the audit found; asked
    `in_short`, the key messages' titles alone (each is a button for the whole of it)."""
    if in_short:
        lines = [message.title for message in case.key_messages]
        return _about_messages(case, f"The key messages from {case_label(case)}, in short:", lines)
    lines = [f"**{message.title}**: {message.summary}" for message in case.key_messages]
    return _about_messages(case, f"What the audit learned from {case_label(case)}:", lines)


def case_steps(case: Case) -> list[Reply]:
    """What should have happened: the steps of the case's key messages."""
    lines = [
        f"**{message.title}**: " + " ".join(message.actions[:MAX_STEPS_EACH])
        for message in case.key_messages
    ]
    opening = f"What the audit says should happen, from {case_label(case)}:"
    return _about_messages(case, opening, lines)


def _about_messages(case: Case, opening: str, lines: list[str]) -> list[Reply]:
    if not lines:
        return [
            Reply(
                f"{case_label(case)}: the audit names no key message of its own for this case. "
                f"{case.summary} {citation(case.source, [case])}"
            )
        ]
    text = "\n\n".join([opening, bullets(lines), citation(case.source, [case])])
    return [Reply(text, tuple(learning_button(message) for message in case.key_messages))]


_FINDING_CASE = re.compile(r"\bcases?\b", re.IGNORECASE)
_NAMING_WORDS = (
    ASKING_WORDS
    | FUNCTION_WORDS
    | frozenset(
        """which one was what happened show showed mention mentioned say said send mental health
        mh outcome summary been had did used using going keep keeps last time where""".split()
    )
)
"""Words of asking which case, not of what happened in it."""


def case_by_content(
    text: str,
    cases: Sequence[Case],
    sources: Sequence[Source],
    glossary: Mapping[str, Sequence[str]] | None = None,
    speaks_of_case: bool = False,
    by_who_it_is_about: bool = False,
) -> Case | None:
    """The case a message describes without naming it ("the SEND audit case where the GP
    used HARK", "the mh audit case with the unexplained pain"): the one whose summary,
    strengths and key messages share clearly the most telling words with it. Only for a
    message that speaks of a case ("anything in the audits on lone working" is not one), or
    that the caller knows is about one (`speaks_of_case`: "no, the other one, the one with
    the stomach aches" right after a case). `by_who_it_is_about`: the words of each case's
    summary, which says who the case is about, count twice ("a young woman with a rare
    condition who had been in care")."""
    if not speaks_of_case and _FINDING_CASE.search(text) is None:
        return None
    source = mentioned_source(text, sources)
    cases = [case for case in cases if source is None or case.source_id == source.id]
    contents = {
        case.id: [
            case.summary,
            *case.strengths,
            *(f"{message.title}. {message.summary}" for message in case.key_messages),
            *(action for message in case.key_messages for action in message.actions),
        ]
        for case in cases
        if not case.referred_only
    }
    found = named_topic(
        text, contents, glossary, request_words=_NAMING_WORDS, titled=by_who_it_is_about
    )
    return next((case for case in cases if case.id == found), None)


def case_detail(
    case: Case, question: str, glossary: Mapping[str, Sequence[str]] | None = None
) -> list[Reply] | None:
    """One detail of the case in focus ("what about his birth family"): the lines of the case
    that say it; else those saying most of what is asked in the words the audits write it
    ("was there a DV referral in that case too?": "a timely referral ... to the Domestic
    Violence Intervention Project", "which team holds him now": the service named, when a
    line says at least MIN_SHARE_SAID of it); None otherwise."""
    lines = matching_lines(question, case_lines(case))
    if not lines:
        wanted = asked_words(case, question)
        best, said = lines_saying_most(wanted, case_own_lines(case), glossary or {})
        lines = said if best >= MIN_SHARE_SAID * len(wanted) else []
    return detail_reply(case, lines) if lines else None


_MORE = re.compile(
    r"\b(?:what|anything|something|any|much)\s+(?:else|more)\b"
    r"(?!\s+(?:can|could|should|would|might|must|shall|will)\b)|^\W*(?:(?:and|so|ok|okay)\W+)*(?:(?:tell|show|give)\s+(?:me|us)\s+|say\s+)?(?:some\s+)?more\b",
    re.IGNORECASE,
)
"""Asking for more: "what else", "anything more", "tell me more" (never "another question",
"other cases", "what other agencies", nor "what more could the GP do": those ask something
new)."""
_INTO_CASE = re.compile(
    r"\b(?:in|within)\s+(?:there|it|that\s+one|the\s+(?:case|story))\b"
    r"|\b(?:from|about|of)\s+(?:there|it|that|this|(?:that|this|the)\s+(?:case|one|family|story))\b"
    r"|\b(?:did|does)\s+(?:that|this)\s+(?:one|case|family)\b",
    re.IGNORECASE,
)
"""Pointing into the case just shown: "in there", "from that case", "did that one" (not "in
that case", which only means "then")."""
MORE_WORDS = _CASE_WORDS | frozenset(
    """more something much tell show give say says said there one did does have had happen
    happened""".split()
)
"""Words of asking for more of the case just shown, not a topic of their own."""
MAX_WORDS_INTO_CASE = 2
"""How many words of its own a request pointing into the case may carry ("and what else in
there about the police": what to look for)."""
MORE_LINES = 2
"""How many more lines of a case "what else did that one have" gives (the rest a tap away)."""


def asks_more_of_case(text: str) -> bool:
    """ "What else?", "anything more from that case", "and what else in there on the GP": more
    of the case just shown, in no words of a topic of its own, or in a couple when it points
    into the case; "what else can I do as a school nurse", "tell me more about risk
    assessment in general" or "are there other cases like this?" ask something new."""
    if shaped_within(_MORE, text, MORE_WORDS):
        return True
    beside = topic_words(text) - MORE_WORDS
    return (
        _MORE.search(text) is not None
        and _INTO_CASE.search(text) is not None
        and len(beside) <= MAX_WORDS_INTO_CASE
    )


def more_of_case(case: Case, question: str, shown: str) -> list[Reply] | None:
    """ "What else did that one show about the school", "any more in there on the GP":
    the case's lines the last reply (`shown`) did not give, those saying what is asked first,
    else its good practice under the same heading as a line shown ("Multi-agency working"),
    else the rest of its good practice; None when the message asks for nothing more or the
    reply gave none of the case's lines."""
    if not asks_more_of_case(question):
        return None
    lines = case_lines(case)
    given = lines_shown(lines, [shown])
    if not given:
        return None
    rest = [line for line in lines if line not in given]
    wanted = topic_words(question) - MORE_WORDS
    headings = {line.split(":", 1)[0] for line in given if ":" in line}
    more = (
        (matching_lines(" ".join(sorted(wanted)), rest) if wanted else [])
        or [line for line in case.strengths if line in rest and line.split(":", 1)[0] in headings]
        or [line for line in case.strengths if line in rest]
    )
    return detail_reply(case, more[:MORE_LINES]) if more else None


SHOWN_PREFIX = 60
"""How much of a line's start a reply must say for the line to count as shown (a reply may
shorten a long line)."""


def lines_shown(lines: Sequence[str], shown: Sequence[str]) -> list[str]:
    """Those of a case's lines the replies `shown` gave (its own words, lowercased or not)."""
    said = " ".join(shown).lower()
    return [line for line in lines if line.lower()[:SHOWN_PREFIX] in said]


MIN_SHARE_SAID = 2 / 3
"""The share of what is asked a case's best line must say for the case to have it: one detail
of two ("a parent in prison": "parent") is not the case asked for, nor "escalate ... close ...
early" a line saying only that a case was closed."""


def detail_reply(case: Case, lines: list[str], with_audit: bool = False) -> list[Reply]:
    """The case's lines under its label; `with_audit`: its audit named first ("From the Mental
    health audit 2019/20, Case 3"), where another audit has a case of that number."""
    label = f"the {case.source.short_title}, {case_label(case)}" if with_audit else case_label(case)
    text = "\n\n".join([f"From {label}:", bullets(lines), citation(case.source, [case])])
    return [Reply(text, tuple(learning_button(message) for message in case.key_messages))]


_NUMBERS = frozenset("one two three four five first second third fourth fifth please".split())
_ANY_CHILD = frozenset("kids children people yp yps".split())
"""Words for whoever a case is about, as "child" and "young person" are: "the learning on kids
missing from home, from case 3" asks about missing from home, and "kids" read as the audits'
"children" would find a step about children at home instead."""


_THESE_DAYS = re.compile(r"\b(?:these\s+days|nowadays)\b", re.IGNORECASE)
"""Now, in other words: "what team has him these days" asks of the team only."""


def asked_words(case: Case | None, text: str) -> set[str]:
    """The words of a question about a case that ask about something in it: without the
    case's name and number, its audit, and the words of asking about a case; with its
    abbreviations of two letters ("was there a DV referral": "dv" is what is asked). No case:
    a question asked of every case ("which case ...")."""
    name = stem(case.name.lower()) if case is not None and case.name else None
    text = _STANDING_ASKED.sub(f" {LEGAL_STANDING} ", _THESE_DAYS.sub(" now ", text))
    abbreviations = {found.lower() for found in ABBREVIATION.findall(text)}
    return {
        word
        for word in topic_words(text) | (abbreviations - FUNCTION_WORDS)
        if word not in _NAMING_WORDS | SOURCE_WORDS | _NUMBERS | _ANY_CHILD
        and not word.isdigit()
        and stem(word) != name
    }


NAMED_SERVICE = "namedservice"
"""A line naming a team, service or panel ("the Disabled Children's Service", "the Extra
Familial Risk Panel"), said in one word, and what "which team", "what service" asks."""
_A_NAMED_SERVICE = re.compile(
    r"\b(?:[A-Z][\w'\u2019&-]*\s+){1,6}(?:Service|Services|Team|Unit|Project|Panel|Forum)\b"
)
_KIND_OF_SERVICE = frozenset(
    "team teams service services agency agencies unit project panel panels forum".split()
)
LEGAL_STANDING = "legalstanding"
"""A line naming a child's statutory plan, proceedings or care (a CIN or Child Protection
Plan, the PLO, Looked After), said in one word, and what "legal status" asks."""
_A_LEGAL_STANDING = re.compile(
    r"\b(?:CIN|child\s+in\s+need|child\s+protection|CP)\s+plans?\b|\bPLO\b|public\s+law\s+outline"
    r"|\blooked\s+after\b|\bLAC\b|\bcare\s+(?:orders?|proceedings)\b|\bsection\s+(?:20|31|47)\b",
    re.IGNORECASE,
)
_STANDING_ASKED = re.compile(
    r"\blegal(?:ly|\s+(?:status|standing))\b|\bstatutory\s+(?:status|orders?|plans?)\b",
    re.IGNORECASE,
)
"""Words asking a child's standing in law ("what was the legal status of case 3"), read as
LEGAL_STANDING: no case line says them; the plans and proceedings that are that standing do.
A bare "status" or "statutory" asks no such thing ("the status of the EHCP", "a statutory
assessment")."""


def line_stems(line: str) -> set[str]:
    """What a case's line says, as word_stem reads words, with its abbreviations of two letters
    ("the GP"), NAMED_SERVICE when it names a team, service or panel, and LEGAL_STANDING
    when it names a statutory plan, proceedings or care."""
    abbreviations = {found.lower() for found in ABBREVIATION.findall(line)} - FUNCTION_WORDS
    said = {word_stem(word) for word in topic_words(line)} | abbreviations
    said |= {LEGAL_STANDING} if _A_LEGAL_STANDING.search(line) else set()
    return said | {NAMED_SERVICE} if _A_NAMED_SERVICE.search(line) else said


def _forms(word: str, glossary: Mapping[str, Sequence[str]]) -> list[set[str]]:
    """The word's stem, and each glossary expansion of it as its stems ("dnas": did not
    attend, not brought to appointments; "dv": domestic violence), and for a kind of service
    ("which team") a line naming one: a line says the word when it holds one of them."""
    found = [{word_stem(word)}]
    for key in (word, word.removesuffix("s")):
        for form in glossary.get(key, ()):
            stems = {word_stem(w) for w in topic_words(form)}
            if stems:
                found.append(stems)
    if word in _KIND_OF_SERVICE:
        found.append({NAMED_SERVICE})
    if word == LEGAL_STANDING:
        found.append({LEGAL_STANDING})
    return found


AGENCIES: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "gp": r"\bgps?\b|\bsurgery\b|\bgeneral\s+practi\w*",
        "school": r"\bschools?\b|\bcolleges?\b|\bsenco\b",
        "police": r"\bpolice\b",
        "camhs": r"\bcamhs\b",
        "social care": r"\bcsc\b|\bsocial\s+(?:care|work\w*|services)\b|\bcin\s+unit\b",
        "hospital": r"\bhospitals?\b|\ba\s*&\s*e\b|\bsecondary\s+care\b|\bpaediatrician\w*",
        "health visitor": r"\bhealth\s+visit\w*",
        "nurse": r"\bnurs(?:e|es|ing)\b",
        "adult services": r"\badult\s+(?:services|mental\s+health|social\s+care)\b",
    }.items()
}
"""The agencies in a case, each by the words the audits and practitioners name it with ("GP",
"the surgery", "Hackney GPs"); a GP is two letters, which topic words leave out."""
_ROLE_WORDS = frozenset(
    """role roles part parts involvement involved job input contribution perform performed
    handle handled manage managed respond responded react reacted fare fared get got doing
    side bit""".split()
)
"""Words of asking an agency's part in a case ("how did the GP do", "the school's role")."""


_PART_WORDS = _ROLE_WORDS | {"did", "done"}
_WHAT_IT_IS = re.compile(
    r"\b(?:who|what)(?:'s|\u2019s|s|\s+is|\s+are|\s+was|\s+were)\s+(?:the\s+)?"
    r"([^?.!,;]+?)\s*(?:[?.!,;]|\band\b|$)",
    re.IGNORECASE,
)
"""A clause asking what something is ("who are CAMHS and ...", "whats CSC and ..."): its
subject, when nothing but its name, is asked what it is, not its part."""
_SAID = re.compile(r"\b(?:say|said|says)\b", re.IGNORECASE)
"""What the assistant said an agency was ("what did you say CAMHS was") asks its meaning again."""


def _asks_what_it_is(text: str) -> bool:
    return any(
        not set(re.findall(r"[a-z]+", found.group(1).lower())) & _PART_WORDS
        and len(found.group(1).split()) <= 3
        for found in _WHAT_IT_IS.finditer(text)
    )


def asks_agency_part(text: str) -> bool:
    """Whether a question naming an agency asks what it did ("what did CAMHS do in that one",
    "what was CAMHS's role?"), not what it is ("what is CAMHS", "what did CAMHS stand for
    again", "what did you say CAMHS was"): asked of a case, the first is the agency's part in
    it. Asked both ("who are CAMHS and what did they do"), what it is comes first: the
    glossary's entry, not a case line."""
    return (
        bool(set(re.findall(r"[a-z]+", text.lower())) & _PART_WORDS)
        and MEANING_ASKED.search(text) is None
        and _SAID.search(text) is None
        and not _asks_what_it_is(text)
    )


def agencies_asked(case: Case, text: str) -> list[str]:
    """The agencies whose part in the case a question asks, when that is all it asks ("how
    did the GP do in that one?", "Deshawn - the school's role?"); none otherwise."""
    found = [name for name, pattern in AGENCIES.items() if pattern.search(text)]
    if not found:
        return []
    rest = text
    for name in found:
        rest = AGENCIES[name].sub(" ", rest)
    return [] if asked_words(case, rest) - _ROLE_WORDS else found


def agency_part(case: Case, agencies: Collection[str]) -> list[Reply] | None:
    """An agency's part in a case: the case's lines (summary, strengths, what its key
    messages found there) that name it; None when none does."""
    lines = [
        line
        for line in dict.fromkeys(case_lines(case))
        if any(AGENCIES[name].search(line) for name in agencies)
    ]
    return detail_reply(case, lines[:MAX_LINES]) if lines else None


def agency_strengths(case: Case, text: str) -> list[Reply] | None:
    """ "what else did the school do well there", "what did the GP do right in that one": an
    agency's good practice in the case in focus, its strengths that name the agency; None when
    the message names no agency, asks more than what went well, or no strength names it."""
    found = [name for name, pattern in AGENCIES.items() if pattern.search(text)]
    rest = text
    for name in found:
        rest = AGENCIES[name].sub(" ", rest)
    if not found or case_ask(rest) is not CaseAsk.STRENGTHS:
        return None
    lines = [line for line in case.strengths if any(AGENCIES[n].search(line) for n in found)]
    if not lines:
        return None
    text = "\n\n".join(
        [
            f"Good practice in {case.source.short_title}, {case_label(case)}:",
            bullets(lines[:MAX_LINES]),
            citation(case.source, [case]),
        ]
    )
    return [Reply(text, tuple(learning_button(message) for message in case.key_messages))]


def asked_of_case(
    case: Case, text: str, glossary: Mapping[str, Sequence[str]] | None = None
) -> list[Reply] | None:
    """What a question naming a case asks about it ("in the Adam case why did the short
    breaks not happen", "Erika - what did they say about DNAs?", "Deshawn: how did the GP
    do?"): an agency's part, else the case's lines (summary, strengths, its key messages'
    findings and steps) saying most of what it asks; None when it asks nothing beyond the
    case, or no line says at least half of it."""
    text = without_asides(text)
    agencies = agencies_asked(case, text)
    if agencies:
        return agency_part(case, agencies)
    best, lines = _lines_asked(case, text, glossary or {}, describing_words(case, text))
    if not best:
        best, lines = _lines_asked(case, text, glossary or {})
    return detail_reply(case, lines) if best else None


_ASKERS_OWN = re.compile(r"\b(?:i|i'?ve|i'?m|we|we'?ve|my|mine|our|ours|us)\b", re.IGNORECASE)


def without_asides(text: str) -> str:
    """A question about a case without the clauses that speak of the asker's own work ("what
    were the parents like in erika's case? sounds similar to one of mine"): what is asked of
    the case is in the others, and a clause that asks is kept whoever it speaks of."""
    clauses = [part for part in _CLAUSE.split(text) if part.strip()]
    asked = [
        part
        for part in clauses
        if _ASKERS_OWN.search(part) is None or _ASKING_CLAUSE.search(part) is not None
    ]
    return " ".join(asked) if asked and len(asked) < len(clauses) else text


def asked_of_told_case(
    case: Case, text: str, glossary: Mapping[str, Sequence[str]] | None = None
) -> list[Reply] | None:
    """What a message telling of a case by its story asks of it in its last clause ("there's
    one about a young man at a specialist college who doesn't speak. how did the GP do in that
    one?"): its other clauses say which case, so only the last is asked; None when the message
    is one clause, its last tells more of the story rather than asking, or asks nothing the
    case's lines say."""
    clauses = [part for part in _CLAUSE.split(text) if part.strip()]
    if len(clauses) < 2 or _ASKING_CLAUSE.search(clauses[-1]) is None:
        return None
    return asked_of_case(case, clauses[-1], glossary)


_ASKING_CLAUSE = re.compile(
    r"\?\s*$|^\W*(?:(?:and|so|but)\s+)?(?:what|how|who|which|why|when|where|did|was|were|is|are"
    r"|do|does|can|could|tell)\b",
    re.IGNORECASE,
)
"""A clause that asks ("how did the GP do in that one?"), not one more of the story ("..., and
missed school")."""


def describing_words(case: Case, text: str) -> set[str]:
    """The words a question naming a case uses to describe it, when it asks something more
    ("Case 1: young person with medically unexplained pain - what about their voice?"): those
    the case's first sentence says too. They say which case, not what is asked about it, and
    would otherwise find that first sentence again rather than the detail asked."""
    opening = {stem(word) for word in topic_words(next(iter(sentences(case.summary)), ""))}
    wanted = asked_words(case, text)
    describing = {word for word in wanted if stem(word) in opening}
    return describing if describing != wanted else set()


_OF_THE_CASE = re.compile(r"\b(?:audited|this|that|the)\s+case\b", re.IGNORECASE)
"""How a key message's summary speaks of the case it came from."""


def case_own_lines(case: Case) -> list[str]:
    """What the audit says happened in one case: its own lines (summary, strengths, what its
    key messages found) and what each key message's summary says of the case itself ("in the
    audited case this could have been escalated sooner"); not their general advice."""
    summaries = [
        line
        for message in case.key_messages
        for line in sentences(message.summary)
        if _OF_THE_CASE.search(line) or (case.name and case.name.lower() in line.lower())
    ]
    return list(dict.fromkeys([*case_lines(case), *summaries]))


def lines_saying_most(
    wanted: Collection[str], lines: Sequence[str], glossary: Mapping[str, Sequence[str]]
) -> tuple[int, list[str]]:
    """How many of the words asked the best of these lines say, and those lines (0 and none
    when nothing is asked or no line says at least half of it)."""
    forms = {word: _forms(word, glossary) for word in wanted}
    scored = []
    for line in dict.fromkeys(lines):
        said = line_stems(line)
        scored.append((sum(any(f <= said for f in forms[w]) for w in wanted), line))
    best = max((score for score, _ in scored), default=0)
    if best == 0 or 2 * best < len(wanted):
        return 0, []
    return best, [line for score, line in scored if score == best][:MAX_LINES]


def _lines_asked(
    case: Case,
    text: str,
    glossary: Mapping[str, Sequence[str]],
    describing: Collection[str] = (),
    with_steps: bool = True,
) -> tuple[int, list[str]]:
    """How many of the words asked the case's best lines say, and those lines (0 and none
    when nothing is asked or no line says at least half of it); `describing`: words that say
    which case, not what is asked. Its key messages' steps count too (unless `with_steps` is
    false): "in the Adam case why did the short breaks not happen" may be answered by what
    should happen."""
    steps = (
        [action for message in case.key_messages for action in message.actions]
        if with_steps
        else []
    )
    wanted = asked_words(case, text) - set(describing)
    return lines_saying_most(wanted, [*case_own_lines(case), *steps], glossary)


def case_asked_about(
    text: str,
    cases: Sequence[Case],
    sources: Sequence[Source],
    audit_in_context: str | None = None,
    glossary: Mapping[str, Sequence[str]] | None = None,
) -> Case | None:
    """The case a message names, or of the cases sharing the number it gives without an
    audit ("in case 2, how did they engage mum who spoke little English"), the one whose
    lines say clearly most of what it asks."""
    return case_or_cases_asked(text, cases, sources, audit_in_context, glossary)[0]


def case_or_cases_asked(
    text: str,
    cases: Sequence[Case],
    sources: Sequence[Source],
    audit_in_context: str | None = None,
    glossary: Mapping[str, Sequence[str]] | None = None,
) -> tuple[Case | None, list[Reply]]:
    """The case a message asks about (case_asked_about), or, when it gives a number without
    naming an audit and each audit's case of that number says what it asks equally ("what was
    the legal status of case 3"), the replies giving each one's lines under its audit (the one
    meant is the asker's to tell); (None, []) when neither."""
    case = mentioned_case(text, cases, sources, audit_in_context)
    if case is not None or case_number(text) is None:
        return case, []
    saying = numbered_cases_saying(text, cases, glossary)
    if len(saying) == 1:
        return saying[0][0], []
    if not saying or mentioned_source(text, sources) is not None:
        return None, []
    return None, [
        reply for found, lines in saying for reply in detail_reply(found, lines, with_audit=True)
    ]


def numbered_cases_saying(
    text: str, cases: Sequence[Case], glossary: Mapping[str, Sequence[str]] | None = None
) -> list[tuple[Case, list[str]]]:
    """Of the cases sharing the number a message gives, those whose lines say most of what it
    asks, equally, each with those lines: one, or both audits' "case 3" when each says it
    ("what was the legal status of case 3": a PLO in one, Child Protection Plans in the
    other); none when no line says at least half of it. Of several cases, only what each
    says happened counts: a key message's step ("consider a professionals meeting") is no
    case's own answer to "was case 2 on a child protection plan?"."""
    number = case_number(text)
    numbered = [c for c in cases if c.number == number]
    own = len(numbered) > 1
    asked = [(_lines_asked(c, text, glossary or {}, with_steps=not own), c) for c in numbered]
    best = max((said for (said, _), _ in asked), default=0)
    return [(c, lines) for (said, lines), c in asked if best and said == best]


_WHERE = re.compile(r"\bwhere\b|\bwhich\b|\bin (?:one|any) of\b", re.IGNORECASE)
_WHERE_WORDS = frozenset(
    """use used uses using mentioned mention mentions appear appears came come comes had
    have has from""".split()
)
_POINTING_BACK = frozenset("that it this one them those".split())


def asks_where_it_is(text: str) -> bool:
    """ "Used where in the audits", "which case in the audits used one", "is that in one of the
    cases": where what was just shown comes from, with no topic of its own."""
    own = topic_words(text) - SOURCE_WORDS - _WHERE_WORDS
    leaning = set(_WORD.findall(text.lower())) & (_WHERE_WORDS | _POINTING_BACK)
    return _WHERE.search(text) is not None and not own and bool(leaning)


_WHAT_FOLLOWED = re.compile(
    r"\bwhat\s+(?:(?:then|next)\s+)?(?:happened|came|followed|changed)\s+(?:next\s+)?"
    r"(?:after|following|once|since)\s+(?P<after>[^?.!]+)"
    r"|\bwhat\s+did\s+(?P<led>[^?.!]+?)\s+lead\s+to\b",
    re.IGNORECASE,
)
"""What followed an event of a case ("what happened after the TAC?", "what came next after
the home visit", "what did the TAC lead to"): what the case's lines say of that event, not
what the event's name means nor how the case ended; "who next after my manager" asks a
route. Past tense only: "what happens after a core group?", "what should happen after a
TAC" ask what is done in general."""


def event_followed(case: Case, text: str) -> str | None:
    """The event of the case whose sequel a question asks ("the TAC" in "what happened after
    the TAC?"), in the question's words; None when it asks no sequel, or names no event but
    a pronoun ("what happened after that" asks how the case ended), or speaks of the asker's
    own case ("what happened after the TAC in my case")."""
    found = _WHAT_FOLLOWED.search(text)
    if found is None or speaks_of_own_case(text):
        return None
    event = found.group("after") or found.group("led") or ""
    return event.strip() if asked_words(case, event) else None


def lines_from_event(
    case: Case, event: str, glossary: Mapping[str, Sequence[str]] | None = None
) -> list[str]:
    """The sentence of the case's lines (its summary, then its strengths) that says most of
    the event, and the next sentence of the same line ("a TAC meeting helping to escalate the
    case"); never a sentence of another strength nor from the summary into the strengths:
    the strengths are bullets in no order, so which came next is not the audit's to say.
    What the audit found is learning, not the story. [] when no line says most of the
    event."""
    parts = [sentences(case.summary), *(sentences(strength) for strength in case.strengths)]
    wanted = asked_words(case, event)
    every = [sentence for part in parts for sentence in part]
    best, saying = lines_saying_most(wanted, every, glossary or {})
    if not best or MIN_SHARE_SAID * len(wanted) > best:
        return []
    part = next(part for part in parts if saying[0] in part)
    first = part.index(saying[0])
    return part[first : first + 2]


def _event_named(case: Case, lines: Sequence[str]) -> str | None:
    """What the case's own words call the event its line says: the first of its details
    ("Team Around the Child (TAC) meeting") the line says; None when it says none."""
    said = " ".join(lines[:1]).lower()
    return next((detail for detail in case.about if detail.lower() in said), None)


def case_after_event(case: Case, lines: Sequence[str]) -> list[Reply]:
    """What the audit says of an event of a case, from its own lines (`lines_from_event`),
    cited; headed with the case's words for it, never the question's, and claiming no order
    the audit does not give."""
    named = _event_named(case, lines)
    about = f' about "{named}"' if named else ""
    text = "\n\n".join(
        [
            f"What the audit says{about} in {case_label(case)}:",
            bullets(list(lines)),
            citation(case.source, [case]),
        ]
    )
    return [Reply(text, tuple(learning_button(message) for message in case.key_messages))]
