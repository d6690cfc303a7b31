"""A timed plan for a session a trainer runs on an audit, a case or a topic: its parts fitted
to the length asked ("a half day workshop on the SEND audit", then "shorten it to 90 mins"),
from what the chat has for it (the cases with their walk-throughs, the quiz, the key messages'
reflective questions). Minutes only, no words: the reply is bot.dialogue.answers.activities'.
No Rasa here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from bot.knowledge.models import Case

DEFAULT_MINUTES = 90
"""A session asked for with no length: a common training slot."""
WALKTHROUGH_MINUTES = 25
"""A case walked through with the room voting at each stage, and its reveal discussed."""
CASE_DISCUSSION_MINUTES = 15
"""A case without a walk-through, discussed with its reflective questions."""
MIN_DISCUSSION_MINUTES = 10
"""What is left for the room's own discussion of the key messages, at least."""
BREAK_FROM_MINUTES = 150
BREAK_MINUTES = 15
SHORTER = 2 / 3
LONGER = 3 / 2
"""A session made shorter or longer with no length named: by a third, or by half again."""
SHORTEST, LONGEST = 15, 360
LENGTH_ALONE = 6
"""A length said alone after a plan ("90 mins?", "an hour then") changes it; in a longer
message it is the length of something else."""


class Part(str, Enum):
    """A part of a session, in the order it is run."""

    OPENING = "opening"
    KEY_MESSAGES = "key_messages"
    CASE = "case"
    BREAK = "break"
    QUIZ = "quiz"
    DISCUSSION = "discussion"
    CLOSE = "close"


@dataclass(frozen=True)
class Segment:
    part: Part
    minutes: int
    case: Case | None = None
    walked: bool = False
    """The case is walked through stage by stage (it has a walk-through)."""


def _opening(minutes: int) -> int:
    return 5 if minutes < 60 else 10


def _close(minutes: int) -> int:
    return 5 if minutes < 120 else 10


def _key_messages(minutes: int) -> int:
    return 5 if minutes < 45 else 10 if minutes < 120 else 20


def _quiz(minutes: int, quiz_count: int) -> int:
    if not quiz_count or minutes < 30:
        return 0
    return 10 if minutes < 90 else 15


def fitted_length(asked: int) -> int:
    """The length of the plan made for a session asked to last `asked` minutes: under 15
    minutes leaves no room for its opening, key messages and close, and a programme longer
    than a day is planned a day at a time."""
    return min(max(asked, SHORTEST), LONGEST)


MIN_CASE_SHARE = 10
"""The fewest minutes a case the trainer named gets when the named cases share the time: less
is a mention, not a discussion."""


def session_plan(
    minutes: int,
    cases: Sequence[Case],
    walkable: set[str],
    quiz_count: int,
    every_case: bool = False,
) -> list[Segment]:
    """The session's parts in order, their minutes adding up to `minutes`: an opening, the key
    messages, as many of `cases` as fit (walked through when their id is in `walkable`), a
    break in a long session, the quiz, the room's discussion and a close. `every_case`: the
    trainer named the cases, so when not all fit as usual the quiz gives way and the cases
    share the time above the discussion's, at least MIN_CASE_SHARE minutes each, as many as
    fit in that (the plan's reply says which did not)."""
    fixed = [
        Segment(Part.OPENING, _opening(minutes)),
        Segment(Part.KEY_MESSAGES, _key_messages(minutes)),
    ]
    quiz = _quiz(minutes, quiz_count)
    pause = BREAK_MINUTES if minutes >= BREAK_FROM_MINUTES else 0
    left = minutes - sum(s.minutes for s in fixed) - quiz - _close(minutes) - pause
    taken: list[Segment] = []
    for case in cases:
        # walked through when it has a walk-through and the time allows, else discussed
        walked = case.id in walkable and left - WALKTHROUGH_MINUTES >= MIN_DISCUSSION_MINUTES
        needed = WALKTHROUGH_MINUTES if walked else CASE_DISCUSSION_MINUTES
        if left - needed < MIN_DISCUSSION_MINUTES:
            break
        taken.append(Segment(Part.CASE, needed, case, walked))
        left -= needed
    if every_case and len(taken) < len(cases):
        # the named cases before the quiz: the time above the discussion's, shared
        left += sum(s.minutes for s in taken) + quiz
        quiz = 0
        held = min(len(cases), (left - MIN_DISCUSSION_MINUTES) // MIN_CASE_SHARE)
        share = (left - MIN_DISCUSSION_MINUTES) // held if held > 0 else 0
        taken = [Segment(Part.CASE, share, case) for case in cases[: max(held, 0)]]
        left -= share * len(taken)
    half = (len(taken) + 1) // 2
    middle = [*taken[:half], Segment(Part.BREAK, pause), *taken[half:]]
    discussion = Segment(Part.DISCUSSION, max(left, 0))
    ending = [Segment(Part.QUIZ, quiz), discussion, Segment(Part.CLOSE, _close(minutes))]
    return [s for s in (*fixed, *middle, *ending) if s.minutes > 0]


_PLAN_CHANGE = re.compile(
    r"\b(?:shorten|shorter|cut|trim|reduce|condense|compress|squeeze|shrink|less\s+time"
    r"|lengthen|longer|extend|expand|stretch|more\s+time|make\s+it|do\s+it\s+in|fit\s+(?:it\s+)?"
    r"into|(?:only|just)\s+(?:have|got)|(?:have|got)\s+(?:only|just)|instead|what\s+about"
    r"|how\s+about|can\s+(?:it|you\s+do\s+it)\s+be|change\s+it\s+to|same|swap|switch"
    r"|(?:bring|cut|get|take)\s+(?:it\s+)?(?:down|up)|down\s+to)\b",
    re.IGNORECASE,
)
_SHORTER = re.compile(
    r"\b(?:shorten|shorter|cut|trim|reduce|condense|compress|squeeze|shrink|less\s+time"
    r"|only|just|quicker|down)\b",
    re.IGNORECASE,
)
_LONGER = re.compile(r"\b(?:lengthen|longer|extend|expand|stretch|more\s+time)\b", re.IGNORECASE)


def changes_plan(text: str) -> bool:
    """ "instead", "make it", "what about": a change asked of the plan just given."""
    return _PLAN_CHANGE.search(text) is not None


def changed_length(text: str, asked: int | None, current: int) -> int | None:
    """The new length of the session just planned that a message asks for: the length it
    names ("shorten it to 90 mins", "make it an hour", "what about 45 minutes instead"), else
    a third shorter or half again longer ("can it be shorter", "make it longer"); None when
    the message changes no length. `asked` is the length the message names, if any."""
    if _PLAN_CHANGE.search(text) is None and (asked is None or len(text.split()) > LENGTH_ALONE):
        return None
    if asked is not None:
        return asked if asked != current else None
    if _LONGER.search(text):
        return min(LONGEST, round(current * LONGER / 5) * 5)
    if _SHORTER.search(text):
        return max(SHORTEST, round(current * SHORTER / 5) * 5)
    return None


_TIMINGS = re.compile(
    r"\btim(?:ings?|ed)\b|\btimes?\s+(?:slots?|allocations?|each|per|for\s+(?:each|every))\b"
    r"|\bmin(?:ute)?s\s+(?:each|per|for\s+(?:each|every))\b"
    # "how long for each bit", "how many minutes per section": each part's, never "how long
    # should a core group take"
    r"|\bhow\s+(?:long|much\s+time|many\s+min(?:ute)?s)\b[^.?!]{0,20}?\b(?:each|every|per)\b"
    # "timetable please", "a running order for it": the plan's, alone; never "how do I
    # schedule a professionals meeting?"
    r"|^\W*(?:(?:and|so|ok|okay|now|a|the|its|with|add|give\s+me|can\s+i\s+have|what\s+about)\s+)*"
    r"(?:timetable|schedule|running\s+order)(?:\s+(?:for|of)\s+(?:it|this|that|the\s+(?:plan"
    r"|session|workshop)))?\W*(?:please|pls)?\W*$",
    re.IGNORECASE,
)


def asks_for_timings(text: str) -> bool:
    """ "what about timings", "how long for each bit", "can you add times per section": the
    minutes of the plan just given, part by part (its lines say them); never how long or when
    something else is ("how long does CSC have to respond to a referral?")."""
    return _TIMINGS.search(text) is not None


_PART_WORDS = r"(?:bits?|parts?|sections?|segments?|slots?|sessions?|pieces?|stuff|ones?|topics?)"
_ASKING = (
    r"(?:^|[,.;:!?]\s*|\b(?:and|then|so|now|ok|okay|please|pls|can\s+(?:you|we|i)|could\s+(?:you"
    r"|we|i)|let'?s|i'?d\s+like\s+to|(?:i|we)\s+want\s+to|maybe)\s+)"
)
"""Where a change asked of the plan starts: a sentence, or a request's own words ("can you
swap ..."), never a verb inside a story ("how will that change when he moves over")."""
_SWAP = re.compile(
    _ASKING + r"(?:swap|switch|replace|exchange|change|trade)\s+(?:out\s+)?(?P<out>.+?)"
    r"\s+(?:for|with|to|into)\s+(?P<in>.+)$"
    r"|\b(?:instead\s+of|rather\s+than)\s+(?P<out2>.+?),?\s+(?:do|have|use|put\s+in|cover|add)"
    r"\s+(?P<in2>.+)$"
    r"|^\W*(?:(?:can|could)\s+(?:you|we)\s+)?(?:do|have|use|put\s+in|cover)\s+(?P<in3>.+?)\s+"
    r"(?:instead\s+of|in\s+place\s+of|rather\s+than)\s+(?P<out3>.+)$"
    r"|"
    + _ASKING
    + r"(?:drop|lose|remove|take\s+out)\s+(?P<out4>.+?),?\s+(?:and\s+)?(?:add|put\s+in"
    r"|bring\s+in|do|cover)\s+(?P<in4>.+)$",
    re.IGNORECASE,
)
MOST_WORDS_SWAPPED = 6
"""A part of a plan is named in a few words ("the domestic abuse bit"): a longer phrase is
a sentence of its own ("instead of just emailing everyone round in circles")."""
_CLAUSE_BREAK = re.compile(r"[,.;:!?]")
"""A part named runs to no comma or full stop: beyond one, the message goes on to more."""
_PRONOUN = re.compile(r"^(?:it|that|this|them|those|these|one)$", re.IGNORECASE)
_FILLER = re.compile(
    rf"^\W*(?:(?:the|a|an|that|this|some|something|anything|more|bit|stuff|one)\s+)*"
    rf"(?:(?:on|about|around|covering|re)\s+)?|\s+{_PART_WORDS}\b|\s+(?:please|pls|instead)\b"
    r"|\W+$",
    re.IGNORECASE,
)


def _bare(phrase: str) -> str:
    """A swap's phrase without its frame: "the domestic abuse bit" -> "domestic abuse",
    "something on DNAs" -> "DNAs"."""
    return _FILLER.sub(" ", phrase).strip()


def swapped_parts(text: str) -> tuple[str, str] | None:
    """What a change of the plan just given takes out and puts in, in the message's words:
    "swap the domestic abuse bit for something on DNAs" -> ("domestic abuse", "DNAs"), "do
    young carers instead of the case recording part", "replace X with Y", "drop X and add Y";
    None when the message swaps nothing."""
    match = _SWAP.search(text)
    if match is None:
        return None
    groups = match.groupdict()
    out = next(groups[name] for name in ("out", "out2", "out3", "out4") if groups[name])
    put_in = next(groups[name] for name in ("in", "in2", "in3", "in4") if groups[name])
    out, put_in = _bare(out), _bare(put_in)
    named = [
        part
        for part in (out, put_in)
        if part and not _PRONOUN.match(part) and not _CLAUSE_BREAK.search(part)
    ]
    if len(named) < 2 or any(len(part.split()) > MOST_WORDS_SWAPPED for part in named):
        return None
    return out, put_in
