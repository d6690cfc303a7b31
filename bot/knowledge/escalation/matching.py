"""Typed text against the words the data gives: which situation a message describes, what
the practitioner has tried, and whether a message asks outright for the escalation route.
Pure text matching, so the same rules serve the form and the NLU pipeline."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from bot.knowledge.escalation.guide import Guide

_CONTRACTED_NOT = re.compile(r"\b(are|is|was|were|do|does|did|have|has|had|should|could|would)nt\b")
_IRREGULAR_NOT = {"wont": "will not", "cant": "can not", "cannot": "can not", "aint": "is not"}


def normalise(text: str) -> str:
    """Lower case, apostrophes dropped, "n't" spelt out (aren't -> are not, so "not replying"
    matches "they aren't replying"), other punctuation as spaces."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    text = _CONTRACTED_NOT.sub(r"\1 not", text)
    words = re.sub(r"[^a-z0-9*]+", " ", text).split()
    return " ".join(_IRREGULAR_NOT.get(word, word) for word in words)


def _pattern(word: str) -> re.Pattern[str]:
    phrase = normalise(word)
    stem = phrase.endswith("*")
    body = re.escape(phrase.rstrip("*").strip())
    return re.compile(rf"\b{body}" + ("" if stem else r"\b"))


_NEGATIONS = frozenset(
    "not no never doesnt dont didnt hasnt havent isnt wasnt wont cant yet".split()
)
"""Words that, right before or after an answer phrase, say it has NOT happened ("my manager
doesn't know", "haven't told my manager", "yet to contact them")."""
_NEGATION_REACH = 2


def _negated(text: str, span: tuple[int, int]) -> bool:
    before = text[: span[0]].split()[-_NEGATION_REACH:]
    after = text[span[1] :].split()[:_NEGATION_REACH]
    return bool(_NEGATIONS & set(before + after))


def _score(text: str, words: Iterable[str], negatable: bool = False) -> tuple[int, int]:
    """Words matched, counting a phrase inside a longer matched phrase only once; with
    `negatable`, phrases negated around them are counted apart: (matched, negated)."""
    taken: list[tuple[int, int]] = []
    score = negated = 0
    for word in sorted(words, key=lambda w: -len(normalise(w))):
        for match in _pattern(word).finditer(text):
            span = match.span()
            if any(start < span[1] and span[0] < end for start, end in taken):
                continue
            taken.append(span)
            if negatable and _negated(text, span):
                negated += 1
            else:
                score += len(normalise(word).split())
    return score, negated


def _matched_chars(text: str, words: Iterable[str]) -> int:
    return sum(len(match.group()) for word in words for match in _pattern(word).finditer(text))


def _best(scores: Mapping[str, int]) -> str | None:
    top = max(scores.values(), default=0)
    winners = [key for key, score in scores.items() if score == top]
    return winners[0] if top > 0 and len(winners) == 1 else None


class RouteWords(Protocol):
    """What matching needs of a route: its id, the words that recognise its situation, and
    the more general route it refines (a guide's Route, or the YAML's words alone)."""

    @property
    def id(self) -> str: ...

    @property
    def words(self) -> tuple[str, ...]: ...

    @property
    def refines(self) -> str | None: ...


def match_situation(guide: Guide, text: str) -> str | None:
    """The route whose words fit the text best, or None when none or several fit equally."""
    return situation_of(guide.routes, text)


def situation_of(routes: Sequence[RouteWords], text: str) -> str | None:
    """match_situation over routes given by their words alone."""
    clean = normalise(text)
    if not clean:
        return None
    if clean.isdigit() and 1 <= int(clean) <= len(routes):
        return routes[int(clean) - 1].id
    scores = {route.id: _score(clean, route.words)[0] for route in routes}
    for route in routes:  # a special case takes over from the route it refines, and
        if route.refines and scores[route.id] and scores.get(route.refines):  # its words
            scores[route.id] += scores[route.refines]
            scores[route.refines] = 0
    best = _best(scores)
    if best is None and any(scores.values()):
        # A tie: the route whose matched words are longer (more specific) wins, e.g.
        # "disagree" over "plan" in "we disagree with them about the plan".
        top = max(scores.values())
        tied = {
            route.id: _matched_chars(clean, route.words)
            for route in routes
            if scores[route.id] == top
        }
        best = _best(tied)
    return best


DESCRIBED = 2
"""A message describes a stuck case when one route's words score at least this ("plan" and
"going nowhere"; one word such as "plan" alone is any question about a plan)."""


def describes_situation(guide: Guide, text: str) -> bool:
    """The message describes one of the routes' situations in more than one word: when the
    question is otherwise unclear, the route finder is one of the choices."""
    clean = normalise(text)
    return bool(clean) and any(_score(clean, route.words)[0] >= DESCRIBED for route in guide.routes)


def match_tried(guide: Guide, text: str) -> str | None:
    """What the practitioner has tried; equal fits combine when one answer covers them all."""
    clean = normalise(text)
    if not clean:
        return None
    if clean.isdigit() and 1 <= int(clean) <= len(guide.tried):
        return guide.tried[int(clean) - 1].id
    scored = {tried.id: _score(clean, tried.words, negatable=True) for tried in guide.tried}
    scores = {key: matched for key, (matched, _negated_count) in scored.items()}
    best = _best(scores)
    if best is None and not any(scores.values()) and any(n for _m, n in scored.values()):
        # Only denials ("my manager doesn't know"): nothing has been done yet.
        return next((tried.id for tried in guide.tried if not tried.done_steps), None)
    if best is not None or not any(scores.values()):
        return best
    top = max(scores.values())
    union = frozenset().union(*(t.done_steps for t in guide.tried if scores[t.id] == top))
    return next((tried.id for tried in guide.tried if tried.done_steps == union), None)


_CORRECTION = re.compile(
    r"\b(actually|sorry|i meant|i mean|rather|its more|more that|more like|not that|wrong one"
    r"|instead|its that)\b"
)


def reads_as_situation(guide: Guide, text: str) -> bool:
    """The text says what is wrong rather than what was tried: it corrects itself ("actually
    it's more that...") or a situation's words fit it better than any answer's."""
    clean = normalise(text)
    if _CORRECTION.search(clean):
        return True
    situation_score = max(_score(clean, route.words)[0] for route in guide.routes)
    tried_score = max(_score(clean, tried.words, negatable=True)[0] for tried in guide.tried)
    return situation_score > tried_score


_ORDER = r"(?:order|sequence|ladder|chain|hierarchy|stages?|levels?|steps?|rungs?)"
"""The escalation route asked as its order: "the order of escalation", "escalation ladder"."""
_OF_HARM = (
    r"(?!(?: \w+){0,3}? (?:violen\w*|risk\w*|behaviou?r\w*|harm\w*|abus\w*|aggressi\w*"
    r"|exploit\w*|conflict\w*|danger\w*|threat\w*|self harm\w*|incidents?)\b)"
)
"""No harm named just after: "escalating levels of violence", "stages of escalation in a
child's behaviour", "levels of escalating risk" tell of harm growing, not the route."""
_ROUTE_REQUEST = re.compile(
    r"\b(?:how (?:do|can|should|would|to) (?:(?:i|we|you) )?escalat\w*"
    r"|escalat\w* (?:route|process|procedure|policy|path)"
    rf"|escalat\w* {_ORDER}{_OF_HARM}"
    rf"|{_ORDER} (?:of|for|in) (?:the |an |our )?escalat\w*{_OF_HARM}"
    r"|(?:what|which) order (?:do|should|would|can|to|does|is) (?:(?:i|we|you|it) )?"
    r"(?:escalat\w*|take it|raise it)"
    r"|(?:whats|what is|what s) the (?:escalation|route)"
    r"|who (?:do|should|can) (?:i|we) (?:go|escalate|take (?:it|this)|turn) to"
    r"|who (?:do|should|can) (?:i|we) escalate"
    r"|escalate (?:this|it|a concern|my concern)"
    r"|take (?:it|this) (?:higher|further))\b"
)


_SHOULD = r"(?:should|shud|shld|shoud|sould|needs? to|ought to|must)"
"""Should, as it is typed in a hurry."""
_DECISION_AGAINST = re.compile(
    r"\b(?:(?:does|did|do|will|would) not|never|not|wont) meet (?:the |their |our |a )?"
    r"(?:\w+ )?thresholds?"
    r"|\b(?:below|under) (?:the |their )?(?:\w+ )?thresholds?"
    r"|\b(?:turned|knocked) (?:it |us |this |the referral )?(?:down|back)"
    r"|\bscreened (?:it )?out|\bclosed (?:it|the case|the referral) (?:down )?without"
    r"|\b(?:disagree|not agree|not happy|unhappy) with (?:the |their |this |that |a )?"
    r"(?:decision|threshold|outcome)"
    # the decision said to be wrong: "CSC got it wrong closing this", "the wrong call", "should
    # not have closed it", "stepped down too soon"
    r"|\b(?:got|get|getting|gotten) (?:it|this|that|the (?:\w+ )?(?:decision|threshold|call)) "
    r"(?:\w+ )?wrong"
    r"|\b(?:wrong|bad|poor|unsafe|premature) (?:decision|call|closure|outcome|step down)"
    r"|\bshould (?:not|never) have (?:been )?(?:closed|closing|stepped|step|nfa\w*|screened|turned"
    r"|refused|discharged|ended)"
    r"|\b(?:closed|closing|close|shut|shutting|stepped|stepping|step|discharged|discharging|ended"
    r"|dropped|dropping) (?:\w+ ){0,3}?(?:(?:far|way|much) )?(?:too (?:early|soon|quickly|fast)"
    r"|prematurely)"
    # the case the agency closes said to need to stay open, as typed in a hurry: "CSC closin a
    # case i think shud stay open"
    rf"|\b{_SHOULD} (?:(?:stay|remain|be kept|be left|still be|keep)|have (?:stayed|remained"
    r"|been kept|been left)) open"
    rf"|\b{_SHOULD} (?:not|never) (?:be )?(?:closed|closing|clos)\b"
)
_ASKED_WHETHER_IT_NEEDS = re.compile(
    r"\b(?:does|do|did|will|would|is|are)\s+(?:\w+\s+){0,4}?(?:needs?|have|has)\s+to\s+"
    r"(?:stay|remain|be kept|be left|still be|keep)\s+open"
    r"|\bmust\s+(?:\w+\s+){1,4}?(?:stay|remain|be kept|be left|still be|keep)\s+open"
)
"""Whether a case needs to stay open, asked ("does a case need to stay open if the family
moves"): a practice question, no decision said to be wrong ("it needs to stay open" is)."""
_STILL_WORRIED = re.compile(
    r"\b(?:still |really |very |so )?(?:worried|concerned|uneasy|not comfortable|not happy)\b"
    r"|\bwhat (?:can|could|should|do|would) (?:i|we) do\b|\bwhat are my options\b"
    r"|\bwhere do (?:i|we) go\b|\bchallenge\b|\bwhat now\b|\bnext step"
    # whom to take the decision to, not whom to ask about something else ("who should I speak to
    # about early help for the family")
    r"|\bwho (?:do|should|can|could) (?:i|we) (?:go|turn|speak|talk) to\b"
    r"(?! about (?!(?:it|this|that|the decision|their decision|them)\b))"
    # the asker sure of the need the agency refuses: "kid clearly needs it", "i think is needed"
    r"|\b(?:think|feel|believe|know|clearly|obviously|definitely|really)\s+(?:\w+\s+){0,2}?"
    r"(?:is\s+|are\s+)?(?:needed|needs?\s+(?:it|this|that|one|help|support|a\s+service))\b"
)


_ESCALATED_TO = (
    r"(?:(?:my|our|the) (?:line )?(?:manager|supervisor|team lead\w*|senior|head of \w+|head|dsl)s?"
    r"|(?:the |their )?(?:other |partner )?agency|(?:their|its) (?:manager|team))"
)
_ENDS_ITS_CLAUSE = (
    # the failed step ends its clause ("haven't worked. what's the next step", "has not moved on
    # it despite"), not a practice question about something else ("my manager's advice hasn't
    # helped the family engage", "no joy finding the early help form")
    r"(?:\s+(?:it|this|that|anything|yet|on it|either|so far|at all|again|twice))*"
    r"\s*(?=$|\s(?:and|but|so|whats|what|where|who|how|any|despite|even|now)\b)"
)
_CAME_TO_NOTHING = (
    r"(?:to no avail|no joy|no luck|(?:got|gets|get|getting|went|goes|going) nowhere"
    r"|(?:and )?(?:nothing|nobody|no one) (?:\w+ ){0,3}?(?:happened|happening|changed|changing"
    r"|moved|moving|done|acted|c[oa]me of it)|(?:and|but) (?:still )?nothing"
    r"|(?:still |got |had |getting )?no (?:response|reply|progress|action|movement)"
    r"|still not (?:moving|progressing|heard back|acted on))"
)
"""What a step taken came to: nothing ("got nowhere", "nothing has happened", "no reply")."""
_STEP_FAILED = re.compile(
    # a step of escalating taken, then said not to have worked: "my manager's attempts to
    # resolve it with the other agency haven't worked", "raised it with their manager, got
    # nowhere", "escalated to my supervisor to no avail"
    rf"\b{_ESCALATED_TO} (?:\w+ ){{0,9}}?(?:has|have|had|did|does|do) not (?:\w+ )?"
    # worked as a step that failed, not a place or people worked with ("has not worked with")
    r"(?:(?:worked|work)(?! (?:with|in|at|for|on|as|there|here)\b)"
    r"|helped|help|resolved|resolve|sorted|sort|moved|changed|shifted|got anywhere|get anywhere"
    r"|made a difference|made any difference)"
    + _ENDS_ITS_CLAUSE
    + r"|\b(?:escalat\w*|raised|raising|took|taken|flagged|chased|spoke|spoken|gone|went|tried)"
    rf" (?:\w+ ){{0,3}}?(?:to|with) {_ESCALATED_TO} (?:\w+ ){{0,6}}?{_CAME_TO_NOTHING}"
    + _ENDS_ITS_CLAUSE
)
"""A step of escalating taken (the asker's manager, or the other agency) that did not work."""
_ASKS_NEXT = re.compile(
    r"\b(?:whats|what is|what are|what s) (?:the |my |our )?next steps?"
    r"|\bwhat (?:next|now)\b|\bwhere (?:do|can|should) (?:i|we) go (?:from here|next|now)"
    r"|\bwho (?:next|now)\b|\bwho (?:do|should|can) (?:i|we) go to (?:next|now)"
    r"|\bwhat else (?:can|could|should) (?:i|we) do\b"
    r"|\bwhat (?:do|should|can|could) (?:i|we) do (?:now|next)\b|\bhow do (?:i|we) take it further"
)
"""The step after the one taken, asked: "what's the next step", "where do I go from here"."""


_RAISED_AGAIN = re.compile(
    # the asker raised it (I, we, or no subject before the verb), by a channel of raising a
    # concern, not by telling or calling ("dad told us twice", "she called the police"), then
    # more than once, then nothing came of it
    r"(?:^|\b(?:i|we|ive|weve|i have|we have|i had|we had|id|wed)(?: \w+)?? )"
    r"(?:raised|reported|flagged|referred|re referred|escalated|chased|emailed|phoned"
    r"|(?:made|sent|done) (?:\w+ ){0,2}?referrals?)"
    r" (?:\w+ ){0,8}?(?:twice|(?:two|three|four|five|several|many|multiple|\d+) times"
    r"|more than once|again and again|repeatedly|over and over|a second time"
    r"|(?:second|third|fourth) (?:time|referral|email|call))\b"
    rf" (?:\w+ ){{0,9}}?{_CAME_TO_NOTHING}\b"
    r"|(?:^|\b(?:i|we|ive|weve|i have|we have|i had|we had)(?: \w+)?? )"
    r"(?:made|sent|done)(?: in)? (?:two|three|four|several|many|multiple|\d+|a second|another)"
    r" referrals?"
    rf" (?:\w+ ){{0,9}}?{_CAME_TO_NOTHING}\b"
)
"""A concern the asker raised more than once that nothing came of: "I've flagged it to the
team three times and nothing is happening", "made two referrals, no response"."""


def tells_own_concern_stalled(text: str) -> bool:
    """The asker's concern raised more than once with nothing since: the next step up, the
    escalation route, whatever history of the child is told beside it. A family member or a
    child telling something more than once, or a case in the audits referred again, is not
    the asker's concern stalled (_RAISED_AGAIN)."""
    return _RAISED_AGAIN.search(normalise(text)) is not None


def asks_past_a_failed_step(text: str) -> bool:
    """A stuck case told with the escalation already tried, and what comes next asked ("my
    manager's attempts to resolve it with the other agency haven't worked. What's the next
    step?", set Z, answered with a key message): the route, whose steps go on past it."""
    clean = normalise(text)
    return _STEP_FAILED.search(clean) is not None and _ASKS_NEXT.search(clean) is not None


def disputes_a_decision(text: str) -> bool:
    """Another agency's decision reported, or its refusal to act ("camhs won't take our
    referral"), with worry or a request for what to do ("MASH said it doesn't meet threshold
    but I'm really worried, what can I do"): a professional disagreement or a stuck case, which
    the route finder answers step by step."""
    clean = normalise(text)
    told = _ASKED_WHETHER_IT_NEEDS.sub(" ", clean)
    against = _DECISION_AGAINST.search(told) is not None or _REFUSES.search(clean) is not None
    return against and _STILL_WORRIED.search(clean) is not None


DISAGREEMENT_ROUTE = "professional-disagreement"
"""The route for professionals who disagree (knowledge/escalation.yml): a disagreement told in
its words, with a request for the way through, asks for that route."""

_AGENCY = (
    r"(?:csc|cscs|mash|fast|edt|social care|social services|childrens services"
    r"|childrens social care|social work(?:er|ers)?|the sw|police|camhs|the school|the gp"
    r"|the hospital|the nursery"
    r"|housing|health|early help|the (?:la|local authority|council)|another agency|other agency"
    r"|(?:the |a )?partner agenc(?:y|ies)|the network|(?:their|its) (?:manager|team))"
)
"""Another agency, as practitioners name it."""
_REFUSES = re.compile(
    rf"\b{_AGENCY} (?:\w+ ){{0,2}}?(?:will not|would not|did not|do not|does not|can not|have not"
    r"|has not|are not|is not|still not|keeps? refusing to|(?:are |is )?refusing to|refused to"
    r"|not willing to|unwilling to) (?:even )?(?:take|accept|pick up|progress|allocate|open"
    r"|assess|offer|provide|fund|act|move|budge|shift|step in|get involved|help|engage"
    r"|do anything)\b"
    # the referral refused by an agency named ("the referral was declined by camhs", "the
    # camhs referral got rejected"), never by a parent ("the early help referral was declined
    # by mum"): only bounced or sent back needs no agency, as no parent bounces a referral
    rf"|\breferral (?:was |has been |got |is being |keeps getting )?(?:refused|rejected|declined"
    rf"|bounced|sent back|knocked back|returned) by (?:the )?{_AGENCY}"
    rf"|\b{_AGENCY} referral (?:was |has been |got |is being |keeps getting )?(?:refused|rejected"
    r"|declined)(?! by)"
    r"|\breferral (?:was |has been |got |is being |keeps getting )?(?:bounced|sent back"
    r"|knocked back|returned)"
    r"|\b(?:no one|nobody) (?:is |will )?(?:doing anything|acting|taking it on|picking it up)"
    rf"|\bnothing (?:is |has )?(?:being |been )done by (?:the )?{_AGENCY}"
)
"""Another agency refusing to act, or a case nobody moves on ("camhs wont take our referral",
"another agency won't move on getting a service in place", "referral bounced back"): a parent
refusing ("mum won't take him") names no agency."""
_DISAGREES = re.compile(
    r"\b(?:disagree\w*|(?:do|does|did|can|could|will|would) not agree|at odds|overruled"
    r"|professional differences?"
    r"|(?:challenge|appeal|contest|dispute|query|question|push back on|pushback on) (?:the |their "
    r"|this |that |a |an |its |his |her )?"
    r"(?:\w+ ){0,2}(?:decision|threshold|outcome|closure|nfa|step down|refusal|rejection)"
    rf"|(?:challenge|appeal|contest|dispute|push back on|pushback on) {_AGENCY})\b"
)
"""Saying that professionals disagree, or that a decision or another agency is contested ("how
do I challenge CSC"): "challenge a parent" is a difficult conversation, not a disagreement
between professionals."""
_ASKS_THE_WAY_THROUGH = re.compile(
    r"\b(?:process|procedure|protocol|sequence|pathway|route|formal\w*|policy|policies"
    r"|(?:next|first) steps?|options"
    r"|how (?:do|can|should|would|to) (?:i |we |you )?(?:resolve|challenge|raise|take|push"
    r"|appeal|dispute|contest|sort|handle|deal|go|get|escalat)\w*"
    r"|what (?:can|should|could|do|would) (?:i|we) do|what now|what next"
    r"|where (?:do|does|can) (?:i|we|it|this) go|how far up"
    r"|who (?:do|should|can) (?:i|we) (?:go|push|take|turn|speak|talk|contact)"
    r"|take (?:it|this|that) (?:further|higher|up)|go above|over (?:their|her|his) head)\b"
)
"""Asking for the way through, not what a topic is: a process, steps, options, what to do."""


@dataclass(frozen=True)
class _Words:
    id: str
    words: tuple[str, ...]
    refines: str | None


@lru_cache(maxsize=1)
def _knowledge_routes() -> tuple[_Words, ...]:
    """The routes' words as knowledge/escalation.yml gives them (the NLU pipeline has no
    database session); read once per process."""
    from bot.knowledge.schema import ESCALATION_ROUTES
    from bot.knowledge.validation import check_knowledge
    from bot.settings import load_settings

    rows = check_knowledge(load_settings().knowledge_dir).of(ESCALATION_ROUTES)
    return tuple(
        _Words(str(row["id"]), tuple(row.get("words") or ()), row.get("refines")) for row in rows
    )


def asks_through_a_disagreement(text: str, routes: Sequence[RouteWords]) -> bool:
    """A disagreement between professionals, told in any words the disagreement route knows,
    with a request for the way through it ("if I disagree with a partner agency's decision, is
    there a formal process?"): the route for it, not a key message that mentions disagreeing."""
    clean = normalise(text)
    return (
        _DISAGREES.search(clean) is not None
        and _ASKS_THE_WAY_THROUGH.search(clean) is not None
        # no other route's words fit it better (a plan stuck, an agency not replying)
        and situation_of(routes, text) in (DISAGREEMENT_ROUTE, None)
    )


def asks_for_route(text: str, routes: Sequence[RouteWords] | None = None) -> bool:
    """The message asks outright who to escalate to, or how, disputes a decision another
    agency made, or asks the way through a disagreement between professionals: it gets the
    route finder, which answers first, even when its words also fit a key message about
    escalating. `routes`: the routes' words (knowledge/escalation.yml when not given)."""
    if (
        _ROUTE_REQUEST.search(normalise(text)) is not None
        or disputes_a_decision(text)
        or asks_past_a_failed_step(text)
        or tells_own_concern_stalled(text)
    ):
        return True
    return asks_through_a_disagreement(text, _knowledge_routes() if routes is None else routes)
