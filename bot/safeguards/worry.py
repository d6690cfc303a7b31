"""A worry told, not a child in danger now: how a message is told, beside what it tells.

The rules (bot.safeguards.safety) and the urgent model (bot.safeguards.urgent_retrieval) read
what a message describes: self-harm, a child missing, a teacher who hits. A practitioner also
says how they tell it, and that decides whether the urgent block (999 and the number to call
now, instead of the answer) helps or only hides the answer (issue 20):

- the stance of a worry noted or reflected on: "heads up", "just noting it", "feels off",
  "looking back", "in hindsight";
- a question about what was done in the past (an audit's case, an event told as over): "did
  they involve her family", "did anyone tell the school";
- a worry about a professional's conduct, which goes to the LADO, not to 999: "the coach keeps
  messaging one of the girls", "a TA grabbed him";

Each is read only when nothing in the message tells a danger happening now (a word of now or a
time beside a danger the rules see): "heads up, dad is outside with a knife" stays an
emergency. A message so read gets one line of urgent advice and its answer, or the decline of
a topic the audits do not cover, never the urgent block alone (bot.safeguards.nlu_components).
"""

from __future__ import annotations

import re

from bot.safeguards.safety import (
    _DANGER_NOW_SIGN,
    _PRESENT,
    _RECENTLY,
    assess_immediate_risk,
    danger_told_now_besides_denial,
    normalise,
    without_denials,
)

_TOLD_AS_A_WORRY = re.compile(
    r"\b(?:heads\s+up|fyi|for\s+(?:info|information|your\s+information|the\s+record|awareness)"
    r"|just\s+(?:noting|flagging|mentioning|logging|sharing|letting\s+(?:you|u)\s+know"
    r"|so\s+(?:you|u)\s+know|a\s+thought)"
    r"|(?:noting|flagging|mentioning|logging)\s+(?:it|this|that)"
    r"|(?:feels|felt|seems|seemed)\s+(?:a\s+(?:bit|little)\s+|really\s+|quite\s+|a\s+bit\s+)?"
    r"(?:off|odd|fishy|dodgy)"
    r"|(?:doesnt|does\s+not|didnt|did\s+not|dont|do\s+not)\s+(?:quite\s+)?sit\s+right"
    r"|gut\s+(?:feeling|instinct)|niggl\w*|cant\s+put\s+my\s+finger\s+on"
    r"|probably\s+nothing|(?:not\s+sure|unsure)\s+(?:if|whether)\s+(?:its|it\s+is|this\s+is)\s+anything"
    r"|reflecting|on\s+reflection|looking\s+back|in\s+hindsight"
    r"|(?:out\s+of|for)\s+(?:interest|curiosity)|just\s+(?:curious|wondering))\b"
)
"""How a worry is told rather than an alarm raised: noted in passing, flagged, felt to be off,
reflected on afterwards. Over the released sets A-Q no emergency and no request for the urgent
contacts is told so; practice questions that mention risk and topics the audits do not cover
are."""

_WHAT_WAS_DONE = re.compile(
    r"\b(?:did|didnt|had|hadnt)\s+(?:they|anyone|anybody|someone|somebody|professionals"
    r"|services|agencies|(?:the|her|his|their)\s+(?:\w+\s+)?(?:professionals?|workers?|services?"
    r"|agenc(?:y|ies)|team|school|police|social\s+workers?|sw|nurse|gp|hospital|camhs|csc"
    r"|social\s+care|health\s+visitor|network|auditors?|reviewers?))\b"
    r"|\bwhat\s+(?:happened|did\s+(?:they|the\s+\w+)\s+do)\b"
)
"""A question about what was done, in the past: an audit's case ("the girl who went missing,
did they involve her family") or an event told as over ("did anyone tell the school nurse")."""
_NOT_ONLY_PAST = re.compile(
    rf"{_DANGER_NOW_SIGN.pattern}|{_PRESENT.pattern}"
    r"|\b(?:is|are|am|im|hes|shes|theyre|its|has|have|hasnt|havent|isnt|arent|cant|wont|will"
    r"|gonna|keeps?|still)\b"
)
"""What places a message outside the past: a word of now or of a recent time, a present or
perfect tense."""

_PROFESSIONAL = (
    r"(?:teachers?|teaching\s+assistants?|ta|tas|tutors?|coach(?:es)?|youth\s+workers?"
    r"|(?:staff|team)\s+members?|members?\s+of\s+staff|colleagues?|volunteers?|childminders?"
    r"|nursery\s+(?:workers?|staff|nurses?)|foster\s+carers?|care\s+workers?|support\s+workers?"
    r"|residential\s+workers?|key\s+workers?|(?:scout|club|youth|group|cub|brownie|guide|sports)"
    r"\s+leaders?|instructors?|imams?|priests?|pastors?|vicars?|caretakers?|lifeguards?"
    r"|(?:minibus|bus|taxi)\s+drivers?|escorts?|doctors?|nurses?|social\s+workers?"
    r"|police\s+officers?|(?:head|deputy\s+head|headteacher|head\s+teacher))"
)
_CONDUCT = (
    r"(?:hits?|hitting|smack\w*|slap\w*|grab\w*|push(?:es|ed|ing)?|shov\w*|kick(?:s|ed|ing)?"
    r"|punch\w*|beat(?:s|ing)?|hurt(?:s|ing)?|shout\w*|scream(?:s|ed)?\s+at|swear\w*|rough\w*"
    r"|messag\w*|text(?:s|ed|ing)|dms?|dming|dmd|snapchat\w*|whatsapp\w*|touch\w*|kiss\w*"
    r"|groom\w*|cuddl\w*|lifts?|gifts?|presents|buy(?:s|ing)?|bought|alone\s+with|too\s+close"
    r"|inappropriate\w*|sexual\w*|photos?|pictures?|restrain\w*|drunk|abus\w*|flirt\w*"
    r"|follow(?:s|ed|ing)?|add(?:s|ed)?\s+(?:her|him|them|kids|children|pupils))"
)
_REPORTED_BY = (
    r"(?:says?|said|saying|told|tells|rang|rung|phoned|called|reports?|reported|asked|asks"
    r"|thinks?|thought|worried|noticed|noticing|saw|seen|sees|heard|hears|found|finds|emailed"
    r"|showed|shown|forwarded|explained|disclosed|mentioned)"
)
_PROFESSIONALS_CONDUCT = re.compile(
    rf"\b{_PROFESSIONAL}\b(?:\s+(?!{_REPORTED_BY}\b|and\b|but\b|so\b)[\w&,]+){{0,8}}?\s+{_CONDUCT}\b"
)
"""A professional as the one who does something to children ("one of the youth workers been
messaging a 14yo", "the teacher at their weekend school hits them", "a TA grabbed her son"),
not as the one who reports it ("foster carer rang saying the 12yo has climbed out")."""

_HARM_A_PROFESSIONAL_CAN_BE_TOLD_OF = frozenset({"being_hurt", "sexual_abuse", "immediate_danger"})
"""The rules' kinds of danger a worry about a professional's conduct can name without telling
a danger now; any other (a child missing, a weapon, a threat to kill) keeps the urgent block."""


def tells_a_worry(text: str) -> bool:
    """Told as a worry noted, flagged or reflected on (_TOLD_AS_A_WORRY), and nothing in it
    tells a danger now (a danger the rules see, with a word placing it now)."""
    normalised = normalise(text)
    return bool(_TOLD_AS_A_WORRY.search(normalised)) and not danger_told_now_besides_denial(
        normalised
    )


def asks_what_was_done(text: str) -> bool:
    """A question about what professionals did, told in the past only: no word of now or of a
    recent time, no present or perfect tense ("she has gone missing, did anyone call the
    police" is a scene now)."""
    normalised = without_denials(normalise(text))
    return bool(_WHAT_WAS_DONE.search(normalised)) and not _NOT_ONLY_PAST.search(normalised)


def tells_of_a_professionals_conduct(text: str) -> bool:
    """A worry about a professional's conduct towards children (the LADO's), and the rules see
    at most being hurt or abused, with no word placing anything now (the model over examples
    may see a danger the rules do not: "the coach is hitting a boy right now"): a topic the
    audits do not cover, declined after one urgent line, not an emergency."""
    normalised = normalise(text)
    if not _PROFESSIONALS_CONDUCT.search(normalised):
        return False
    matched = set(assess_immediate_risk(text).matched)
    if not matched <= _HARM_A_PROFESSIONAL_CAN_BE_TOLD_OF:
        return False
    remainder = without_denials(normalised)
    return not (_DANGER_NOW_SIGN.search(remainder) or _PRESENT.search(remainder))


_ASKS_ADVICE_OR_ROUTE = re.compile(
    r"\b(?:what|whats|any)\s+(?:is\s+)?(?:the\s+)?(?:advice|guidance)\b|\badvice\s+(?:on|about|for)\b"
    r"|\bwhat\s+(?:do|should|can|would)\s+(?:i|we)\s+(?:tell|say\s+to|advise|recommend|suggest)\b"
    r"|\bwhere\s+(?:does|do|should|would|will)\s+(?:that|this|it)\s+go\b"
    r"|\bwhere\s+(?:do|should|would|can)\s+(?:i|we)\s+(?:report|refer|take|send|log|record)"
    r"\s+(?:that|this|it)\b"
    r"|\bhow\s+(?:do|should|would)\s+(?:i|we)\s+(?:report|refer|log|record|raise)\s+(?:that|this|it)\b"
)
"""A question about what advice to give or where the worry goes ("what advice", "where does
that go", "what do I tell the parents"): a worry to act on, not a danger to stop now. Not "what
do I do", which asks what to do now."""
_ACUTE_NOW = re.compile(
    rf"\b(?:{_RECENTLY}|right\s+now|as\s+we\s+speak|at\s+the\s+moment|currently|now|rn|mins?"
    r"|minutes|here|outside|inside|at\s+the\s+(?:door|gate)|on\s+the\s+(?:phone|line)"
    r"|on\s+(?:his|her|their|my)\s+way|about\s+to|(?:can|could)\s+(?:hear|see|smell)|heard"
    r"|screaming|crying|sobbing|shaking|terrified|panicking|scared|frightened|bleeding|blood"
    r"|unconscious|not\s+breathing|limp|floppy|collapsed|locked|barricaded|missing|smoke|fire"
    r"|overdosed?|swallowed|suicid\w*|goodbye|help|urgent|emergency|asap|please|pls|police"
    r"|ambulance|999|tonight|tomorrow|alone|blocking|wont\s+let"
    r"|just\s+(?:\w+\s+)?(?:texted|messaged|rang|called|phoned|told|sent|said))\b"
)
"""What tells a danger before someone now, or a plea: a time of now or of today, a place
(here, outside, at the door), someone on the line or who has just been in touch, a child in
distress, hurt, alone or kept in, a child missing, smoke, a goodbye."""


_A_STATE_NOW = re.compile(
    r"\b(?P<verb>is|are|was|were|has|have|had|hes|shes|theyre|its|been|live|lives|living)\s+now"
    r"(?=\s+(?!(?:here|outside|inside|at|on|in|with|alone|tonight|tomorrow)\b)\w)"
)
"""A "now" that tells a state reached, not a moment: "young boys are now using his flat", "she
is now living with a friend of the family" (not "he is now outside", "now at the door", "is
now in a car with", "now with the men", "now alone")."""


_A_THREAT = re.compile(
    r"\b(?:\w+ll|will|would|gonna|going\s+to|or\s+else)\s+(?:\w+\s+)?(?:kill|hurt|harm|stab|beat"
    r"|batter|burn|shoot|hit|attack|rape|cut|take)\s+(?:him|her|them|me|us|the\s+\w+)\b"
)
"""A threat to someone, in any tense the rules do not read ("or they'll hurt him", set F's
men holding a girl's brother for what she owes)."""


def tells_danger_before_someone_now(text: str) -> bool:
    """Something told before someone now (_ACUTE_NOW): a time of now or of today, a place (here,
    outside, at the door), someone on the line, a child in distress, missing or hurt, a plea, a
    threat (_A_THREAT);
    not a state a "now" says was reached (_A_STATE_NOW) nor anything a denial of danger now
    says (without_denials). What a topic the audits do not cover, told as a scene ("a family
    friend he has lived with for two months", "dealers using a vulnerable man's flat"), must
    say before its decline gives way to the urgent block (issue 19 item 5)."""
    normalised = _A_STATE_NOW.sub(r"\g<verb>", without_denials(normalise(text)))
    return _ACUTE_NOW.search(normalised) is not None or _A_THREAT.search(normalised) is not None


def reports_a_worry_to_act_on(text: str) -> bool:
    """A worry reported to act on: told as found out or as what someone said, or asked as
    what advice to give or where it goes; the rules see no danger in it, and nothing tells a
    danger before someone now (_ACUTE_NOW). Issue 19 item 5 and issue 20 item 1: the urgent
    model alone, reading what is told and not when, gave the urgent block instead of one urgent
    line and the answer or the decline to set R's "just found out a 15yo has been hiding her
    pregnancy", "girl says her brothers ... will 'punish' her" and "no window locks in the high
    flat ... what advice"."""
    normalised = normalise(text)
    if not _ASKS_ADVICE_OR_ROUTE.search(normalised):
        return False
    if assess_immediate_risk(text).at_risk:
        return False
    return _ACUTE_NOW.search(without_denials(normalised)) is None
