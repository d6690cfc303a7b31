"""A presentation a practitioner tells in everyday words, read as the audit's words for it, so
the case line that says them is found: a girl whose tummy aches the doctors cannot account
for is the mental health audit's "medically unexplained pain", a boy back on the ward for the
third time after cutting his arms its "self-harming behaviours and multiple hospital
attendances", a teenager made to go through her account again for one more worker the young
person who did not have to "retell their story".

By meaning alone such a question sits between several key messages (non-attendance, autism,
school nursing) and below the case line's similarity (bot/dialogue/case_practice.py): the
everyday words of a symptom, of a visit repeated and of school missed are each far from the
audit's short phrase. A reading found bypasses that similarity, so each one needs every part
of what it tells, and told of the child: a question naming one part ("missing school"), a
parent's pain or a worker retelling a case is left to the ranking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.dialogue.family_words import FAMILY_ADULT

if TYPE_CHECKING:  # case_practice reads the presentations told
    from bot.dialogue.case_practice import CaseLine

_SYMPTOM = re.compile(
    r"\b(?:pains?|aches?|aching|headaches?|migraines?|tummy|stomach|belly|abdo(?:minal)?"
    r"|physical\s+symptoms?|somatic\w*|dizz\w*|faint\w*|nausea)\b",
    re.IGNORECASE,
)
"""A bodily complaint, as told."""
_PERSON = re.compile(
    rf"\b(?:(?P<adult>(?<!young\s)(?:{FAMILY_ADULT}|famil(?:y|ies)|partner|adults?))"
    r"|(?P<writer>i|we|me|us)(?!\s+(?:see|saw|know|support|work|worked|'m\s+working)\b)"
    r"|she|shes|he|hes|they|her|his|their|child\w*|kids?|boy|girl|son|daughter|pupil|student"
    r"|teen\w*|lad|young\s+person|yp|victim|survivor|baby|toddler|infant"
    r"|\d+\s*(?:yo|y/o|years?\s+old))"
    r"(?:'s)?\b",
    re.IGNORECASE,
)
"""A person a symptom or a telling can belong to: a parent, the family or another adult, the one
writing (not "a girl I work with"), or the child."""
_OWNER_REACH = 5
"""How many words before a symptom its owner is looked for."""
_NO_CAUSE = re.compile(
    r"\b(?:unexplained|no\s+(?:\w+\s+)?(?:cause|reason|explanation|diagnosis)"
    r"|nothing\s+(?:\w+\s+){0,2}(?:found|wrong|showing|shows?)"
    r"(?!\s+(?:with|in|at|about)\s+(?:the|their|our|this)\b)"
    r"|(?:can'?t|cannot|couldn'?t|could\s+not|unable\s+to)\s+(?:\w+\s+){0,2}(?:explain|find)"
    r"|(?:nobody|no\s*one)\s+(?:can|could|has|have)\s+(?:\w+\s+){0,2}(?:explain|find)"
    r"|(?:tests?|investigations?|bloods?|scans?|ix)\W+(?:\w+\W+){0,2}"
    r"(?:clear|normal|negative|fine)"
    r"|no\s+(?:medical|physical|organic)\s+\w+)\b",
    re.IGNORECASE,
)
"""That nobody finds a medical cause for it (not that nothing is wrong with the home)."""
_CAUSE_REACH = 8
"""How many words may stand between a symptom and the words saying no cause is found."""
_AGAIN = re.compile(
    r"\b(?:keeps?|kept)\s+(?:\w+\s+){0,3}?(?:coming|going|turning|presenting|attending"
    r"|ending|complaining|getting|having|being)"
    r"|\brepeat(?:ed|edly|s)?\b|\brecurr\w*|\bfrequent\w*|\bmultiple\b|\bagain\b"
    r"|\b(?:\d+|two|three|four|five|several|many)\s*(?:times|x)\b"
    r"|\b(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth)\s+(?:time|admission|attendance)",
    re.IGNORECASE,
)
"""That it happens again and again."""
_MISSES_SCHOOL = re.compile(
    r"\b(?:miss(?:es|ed|ing)?\s+(?:\w+\s+){0,2}(?:school|lessons|classes)"
    r"|off\s+school|attendance|absen\w+|school\s+refus\w*|out\s+of\s+school"
    r"|(?:not|barely|hardly|rarely)\s+(?:\w+\s+){0,2}(?:in|at|to)\s+school)\b",
    re.IGNORECASE,
)
"""That the child misses school."""
_SELF_HARM = re.compile(
    r"\b(?:self[\s-]?harm\w*|overdos\w*|od'd|od'?ed|ligatures?"
    r"|cut(?:s|ting)?\s+(?:(?:her|him|them|your|my)sel\w+"
    r"|(?:on\s+|to\s+)?(?:her|his|their|your|my)\s+(?:\w+\s+)?"
    r"(?:(?:fore)?arms?|wrists?|legs?|thighs?|skin|body|stomach|hands?))"
    r"|cutting(?=\s*(?:[.,;:!?)-]|$)|\s+(?:again|for|and|at|in|this|last|since)\b))\b",
    re.IGNORECASE,
)
"""That the child harms themself: cutting said of themself, of their body or with no object
("15yo cutting, back in A&E"), not cutting contact or food."""
_AT_HOSPITAL = re.compile(
    r"(?:\ba\s*&\s*e\b|\ba\s*(?:and|n)\s*e\b|\bemergency\b|\bhospital\w*|\bwalk[\s-]?in\b"
    r"|\burgent\s+care\b|\bpaeds\b|\badmi(?:ssions?|tted)\b|\bward\b|\bfrequent\s+attender"
    r"|\b(?:self[\s-]?harm\w*|repeat(?:ed)?)\s+attendances?\b"
    r"|\b(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth)\s+attendance\b)",
    re.IGNORECASE,
)
"""That the child is seen at hospital: a hospital named, or attendances said of self-harm or
counted ("4th attendance"), not a school's attendance."""
_INJURY = re.compile(
    r"\b(?:injur(?:y|ies|ed)|(?:a|the|after\s+a|with\s+a)\s+fall(?!\s+of\b)"
    r"|fell(?!\s+(?:out|behind|for|apart|asleep|ill|sick|pregnant|silent|quiet)\b)"
    r"|fracture[sd]?|sprain\w*"
    r"|(?:an|the|after\s+an|in\s+an)\s+accident(?!\s+(?:and|&|n)\s+emergency)"
    r"|broken\s+(?:arm|wrist|leg|ankle|bones?|nose|fingers?|toes?|collarbone|ribs?))\b",
    re.IGNORECASE,
)
"""A physical injury the child was seen for, as told ("came in after a fall", "a broken wrist")."""


_SELF_INFLICTED = re.compile(r"\bself[\s-]?inflicted\b", re.IGNORECASE)
"""An injury told as self-harm itself, not as an injury before it."""
_LATER = re.compile(
    r"\b(?:later|afterwards?|after\s+(?:that|this|it)|since\s+then|subsequently|then"
    r"|(?:days?|weeks?|months?|years?)\s+(?:on|later|after)|over\s+the\s+(?:next|following)"
    r"|by\s+the\s+(?:autumn|spring|summer|winter|end|new\s+year|next|following))\b",
    re.IGNORECASE,
)
"""Time passing between two things told ("months later", "by the autumn", "a year on"), not
when the first was ("last week")."""
_INFLICTED_REACH = 40
"""How many characters either side of an injury "self-inflicted" makes it self-harm itself."""


def _injury_then_self_harm(text: str) -> bool:
    """A physical injury of the child's first, self-harm told after it with time passing
    between: the pattern over months of Case 2 of the mental health audit ("physical injury
    ... subsequent self-harming behaviours"). Not an injury a parent or the one writing had
    (its nearest person before, _OWNER_REACH words), one told as self-inflicted, nor one with
    no time said between ("fell over last week and self-harms"); self-harm told first is left
    to the ranking."""
    for injury in _INJURY.finditer(text):
        owner = _owner(text, injury.start(), _OWNER_REACH)
        if owner is not None and (owner.group("adult") or owner.group("writer")):
            continue
        near = text[max(0, injury.start() - _INFLICTED_REACH) : injury.end() + _INFLICTED_REACH]
        if _SELF_INFLICTED.search(near):
            continue
        harm = _SELF_HARM.search(text, injury.end())
        if harm is not None and _LATER.search(text, injury.end(), harm.start()):
            return True
    return False


_NEGLECT_NOT_MEANT = re.compile(
    r"\bneglect\w*\s+(?:\w+\s+){0,3}?(?:on\s+purpose|deliberately|wil+ful+y|intentionally"
    r"|knowingly)\b"
    r"|\b(?:on\s+purpose|deliberately|wil+ful+y|intentionally|knowingly)\s+(?:\w+\s+){0,2}?"
    r"neglect\w*"
    r"|\b(?:not|no|isn['\u2019]?t|aren['\u2019]?t|never)\s+(?:\w+\s+){0,2}?(?:wil+ful|deliberate"
    r"|intentional)\s+neglect\w*",
    re.IGNORECASE,
)
"""Neglect told as not meant: "not neglecting her on purpose", "it isn't wilful neglect"."""
_DENIED = re.compile(
    r"\b(?:not|no|isn['\u2019]?t|aren['\u2019]?t|never|don['\u2019]?t|doesn['\u2019]?t)\b",
    re.IGNORECASE,
)


def _neglect_not_meant(text: str) -> bool:
    """A family told as not neglecting the child wilfully, the professional challenge Case 3 of
    the mental health audit names: the words of neglect not meant, in a clause that denies it
    ("neglecting on purpose" alone is no such telling)."""
    return any(
        _DENIED.search(text, max(0, found.start() - 30), found.end()) is not None
        for found in _NEGLECT_NOT_MEANT.finditer(text)
    )


_CANNOT_KEEP_TO_PLAN = re.compile(
    r"\b(?:can['\u2019]?t|cant|cannot|couldn['\u2019]?t|unable\s+to|not\s+able\s+to|struggl\w+\s+to"
    r"|fail\w*\s+to|not|isn['\u2019]?t|aren['\u2019]?t|never)\s+(?:\w+\s+){0,2}?"
    r"(?:keep(?:ing)?\s+up\s+with|keep(?:ing)?\s+to|stick(?:ing)?\s+to|follow(?:ing)?"
    r"|engag(?:e|ing)\s+with|manag(?:e|ing))\s+(?:the\s+|their\s+|her\s+|his\s+|our\s+)?"
    r"(?:\w+\s+)?plan\b",
    re.IGNORECASE,
)
"""A plan the family cannot keep to, as told ("can't keep up with the plan", "not following
the CIN plan")."""
_TRYING = re.compile(
    r"\b(?:trying|tries|try\s+(?:their|her|his)\s+best|doing\s+(?:their|her|his)\s+best|loving"
    r"|means?\s+well|engag\w+|not\s+(?:\w+\s+){0,2}on\s+purpose)\b",
    re.IGNORECASE,
)
"""That the family means well: trying, doing their best, engaging."""
_POSSESSIVE = frozenset({"her", "his", "their"})
"""Words _PERSON finds that own something rather than do it ("doing his best")."""


def _family_trying_but_not_keeping_to_plan(text: str) -> bool:
    """A family who means well but cannot keep to the plan, the professional challenge Case 3
    of the mental health audit names (the parent's strengths, how far they can consistently
    engage with the plan): a parent or the family the one not keeping to the plan, and their
    trying told outside those words ("not engaging with the plan" is no trying; a worker or a
    school not following a plan is no family's)."""
    for plan in _CANNOT_KEEP_TO_PLAN.finditer(text):
        subject = _owner(text, plan.start(), _TELLER_REACH, skipping=_POSSESSIVE)
        if subject is None or subject.group("adult") is None:
            continue
        if _TRYING.search(text[: plan.start()] + " . " + text[plan.end() :]):
            return True
    return False


_RETELLING = re.compile(
    r"(?P<keeps>\bkeep(?:s|ing)?\s+(?:on\s+|having\s+to\s+)?)?"
    r"\b(?P<verb>re-?tell\w*|tell|telling|told|repeat\w*|go(?:ing)?\s+(?:over|through)"
    r"|explain\w*|recount\w*|reliv\w*)"
    r"\s+(?:(?P<it>it(?:\s+all)?|everything)|(?:\w+\s+){0,2}?(?:story|stories|account"
    r"|what\s+happened))\b"
    r"(?P<again>[^.?!]{0,40}?\b(?:again|over\s+and\s+over|every|each|yet\s+another|another"
    r"|different|so\s+many|many\s+times?))?",
    re.IGNORECASE,
)
"""Telling one's story, account or what happened (or "it"), said as kept on or again, to
each one."""
_TELLER_REACH = 12
"""How many words before a telling its teller is looked for."""


def _owner(
    text: str, at: int, reach: int, skipping: frozenset[str] = frozenset()
) -> re.Match[str] | None:
    """The person nearest before `at`, within `reach` words (None when nobody is named), not
    one of the words `skipping` (lower case)."""
    before = " ".join(text[:at].split()[-reach:])
    owners = [owner for owner in _PERSON.finditer(before) if owner.group().lower() not in skipping]
    return owners[-1] if owners else None


def _retells(text: str) -> bool:
    """The young person telling what happened to them again, to each new person: the nearest
    person before is not a parent or the one writing ("I had to go over the story again"),
    and "it" told, or a bare retelling, needs the young person named as the teller ("mum
    keeps telling it", "how to retell a child's story" are not the presentation)."""
    for telling in _RETELLING.finditer(text):
        teller = _owner(text, telling.start(), _TELLER_REACH)
        if teller is not None and (teller.group("adult") or teller.group("writer")):
            continue
        if teller is None and telling.group("it"):
            continue
        if telling.group("keeps") or telling.group("again"):
            return True
        if teller is not None and telling.group("verb").lower().startswith(("retell", "re-tell")):
            return True
    return False


def _child_symptoms(text: str) -> list[re.Match[str]]:
    """The symptoms told of the child: a symptom whose nearest person before it (within
    _OWNER_REACH words) is a parent or other adult is theirs ("dad's back pain")."""
    found = []
    for symptom in _SYMPTOM.finditer(text):
        owner = _owner(text, symptom.start(), _OWNER_REACH)
        if owner is None or owner.group("adult") is None:
            found.append(symptom)
    return found


def _words_between(text: str, first: re.Match[str], second: re.Match[str]) -> int:
    """How many words stand between two matches, in either order."""
    earlier, later = sorted((first, second), key=lambda match: match.start())
    return len(text[earlier.end() : later.start()].split())


def _unexplained_symptom(text: str) -> bool:
    """A symptom of the child's, told within a few words of nobody finding its cause."""
    causes = list(_NO_CAUSE.finditer(text))
    return any(
        _words_between(text, symptom, cause) <= _CAUSE_REACH
        for symptom in _child_symptoms(text)
        for cause in causes
    )


def _child_symptom(text: str) -> bool:
    """A symptom of the child's (not a parent's)."""
    return bool(_child_symptoms(text))


@dataclass(frozen=True)
class Presentation:
    """A presentation told: every one of `told` finds a part of it in the message, and
    `audit_words` are the audit's words for it, which the line answering it says."""

    told: tuple[Callable[[str], object], ...]
    audit_words: str


PRESENTATIONS = (
    Presentation((_unexplained_symptom,), "medically unexplained pain"),
    Presentation(
        (_child_symptom, _AGAIN.search, _MISSES_SCHOOL.search), "medically unexplained pain"
    ),
    Presentation(
        (_SELF_HARM.search, _AGAIN.search, _AT_HOSPITAL.search), "multiple hospital attendances"
    ),
    Presentation((_retells,), "retell their story"),
    Presentation((_injury_then_self_harm,), "physical injury"),
    Presentation((_neglect_not_meant,), "willfully neglecting"),
    Presentation((_family_trying_but_not_keeping_to_plan,), "consistently engage with the plan"),
)
"""The presentations read, each with the audit's words for it (a case line says them)."""


_ASKS_HOW_IT_TURNED_OUT = re.compile(
    r"\bturn(?:ed|s)?\s+out\b|\boutcomes?\b|\bend(?:ed)?\s+up\b"
    r"|\bhow\s+did\s+(?:it|that|things|they|she|he|the\s+\w+)\s+(?:go|end|get\s+on|do)\b"
    r"|\bwhat\s+happened\b[^.?!]*\bcase\b|\bcase\b[^.?!]*\bwhat\s+happened\b",
    re.IGNORECASE,
)
"""Asking how the audited case like it turned out ("where did things end up for that young
person?", "the outcome in the audit's version"), not what to do now."""
OUTCOME_HEADING = "Achieving outcomes:"
"""The mental health audit's heading of a strength telling where the young person got to."""


def asks_how_it_turned_out(text: str) -> bool:
    """Whether the question asks how the case like the one told turned out
    (_ASKS_HOW_IT_TURNED_OUT)."""
    return _ASKS_HOW_IT_TURNED_OUT.search(text) is not None


def tells_an_outcome(line: CaseLine) -> bool:
    """A case line telling where the young person got to (OUTCOME_HEADING)."""
    return line.text.startswith(OUTCOME_HEADING)


def audit_words_told(text: str) -> str | None:
    """The audit's words for the first presentation the message tells all of, or None."""
    for presentation in PRESENTATIONS:
        if all(part(text) for part in presentation.told):
            return presentation.audit_words
    return None


def line_told(text: str, lines: Sequence[CaseLine]) -> CaseLine | None:
    """The case line saying the audit's words for the presentation the message tells (a case's
    summary before its strengths, the order `lines` keep); None when it tells none or no line
    says them."""
    words = audit_words_told(text)
    if words is None:
        return None
    return next((line for line in lines if words in line.text.lower()), None)
