"""What a request for an activity names: a case, an audit, the quiz questions asked for, a
handout's theme. A button carries ids as entities; typed words are matched against the
knowledge. No Rasa: the message is the parse data, as a mapping."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from itertools import zip_longest
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from bot.dialogue import understanding
from bot.dialogue.family_words import FAMILY_ADULT
from bot.dialogue.lead_requests import names_the_audits
from bot.dialogue.moves import topic_words
from bot.dialogue.retrieval import ROLES
from bot.knowledge.models import Case, KeyMessage, QuizQuestion, Source, Theme
from bot.knowledge.store import KnowledgeStore
from bot.names import AUDIT_SLOT, CASE_ENTITY, KEY_MESSAGE_SLOT, THEME_ENTITY

# the safety step's Damerau distance 1, shared rather than copied (it stays in safety.py, whose
# changes retrain the model)
from bot.safeguards.safety import within_one_edit

QUIZ_REQUEST_WORDS = ("quiz", "question", "questions", "test", "testing")
"""Words of the request itself, not of its topic."""
ACTIVITY_REQUEST_WORDS = (
    *QUIZ_REQUEST_WORDS,
    *"handout handouts hand print printable pdf page briefing walk through walkthrough"
    " workshop live poll vote votes voting session training learning".split(),
)
"""The words of any activity request ("a handout on ...", "walk us through the relevant case
on ..."), left out when the rest of the message is read as a topic."""

_HANDOUT = re.compile(
    r"\bhand[\s-]?outs?\b|\bprint(?:able|[\s-]?outs?|[\s-]?friendly|[\s-]?off)\b"
    r"|\b(?:7|seven)[\s-]?min(?:ute)?s?\s+brief(?:ing)?s?\b|\bone[\s-]?pag(?:e|er)\b"
    # "any briefing?", "is there a briefing on it": the briefing alone, on what is in hand
    r"|^\W*(?:(?:and|so|ok|any|a|the|is\s+there|got|have\s+you\s+got)\s+)*(?:a\s+|any\s+)?"
    r"briefings?(?:\s+(?:on|for|of|about)\s+(?:it|this|that|them))?\W*(?:please|pls)?\W*$",
    re.IGNORECASE,
)
_ONE_PAGE = re.compile(
    r"\bone[\s-]?pag(?:e|er)\b|\b(?:single|1)[\s-]?page\b|\bon\s+(?:a|one)\s+page\b", re.IGNORECASE
)


def asks_one_page(text: str) -> bool:
    """A handout asked for on one page ("a one page handout", "a one-pager")."""
    return _ONE_PAGE.search(text) is not None


_AS_A_FILE = re.compile(
    r"\b(?:as|in|into)\s+(?:a\s+|an\s+)?(?:pdf|printable|print[\s-]?out|word\s+doc(?:ument)?"
    r"|document|doc|file|download)\b"
    r"|\b(?:pdf|printable|print|downloadable)\s+(?:version|copy|format)\b"
    r"|\b(?:print|download|save|export)\s+(?:it|that|this|them|these)\b"
    r"|\bpdf\s+of\s+(?:it|that|this|them|these)\b|^\W*(?:a\s+|the\s+)?pdf\W*(?:please|pls)?\W*$",
    re.IGNORECASE,
)
""""as a pdf", "a printable version", "can I print it": the thing in hand as a handout."""
_FILE_WORDS = frozenset(
    """pdf printable print printout version copy copies download downloadable save export
    document doc file word format please pls send email team group staff room""".split()
)
MAX_OWN_WORDS_OF_A_FILE = 1
"""At most one word of its own, a name ("the erika one as a pdf"): "mum sent the letter as a
pdf" tells of a file, it does not ask for one."""
_THROUGH = r"(?:through|thru|thro)"
_PIECEMEAL = r"(?:stage|step|bit|part|piece)[\s-]by[\s-](?:stage|step|bit|part|piece)"
""""stage by stage", "step by step", "bit by bit": a case taken in its stages."""
_WALKTHROUGH = re.compile(
    r"\bwalk-?(?:throughs?|thrus?)\b|\b(?:walk|step)\s+" + _THROUGH + r"\s+(?:\w+\s+){0,3}?cases?\b"
    r"|\b(?:walk|talk|take|step|go)\s+(?:me|us|them|you|(?:the|my|our|your|a)\s+(?:\w+\s+){0,2}?"
    r"(?:group|team|room|staff|trainees|class|learners|colleagues|students|delegates|cohort"
    r"|people|attendees|participants|nurses|workers|practitioners|session|starters))\s+"
    + _THROUGH
    + r"\b"
    # "walk thru caryn for our induction", "step through the Deshawn case": one name, then
    # whom it is for or nothing
    r"|\b(?:walk|step)\s+" + _THROUGH + r"\s+(?:the\s+)?(?!(?:it|this|that|them|what|how)\b)[\w']+"
    r"(?=\s*(?:$|[,.;:?!(]|\s(?:case|for|with|please|pls|from|of|step|stage|bit|one)\b))"
    # "stage by stage" alone; "step by step" explains anything, so only "through" a case
    r"|\b(?:stage[\s-]by[\s-]stage|bit[\s-]by[\s-]bit)\b|\bstep[\s-]by[\s-]step\s+"
    + _THROUGH
    + r"\b|\bone\s+(?:stage|case)\s+at\s+a\s+time\b"
    # "a step by step on the adam case", "case 2 step by step": a case taken in its stages
    r"|\b" + _PIECEMEAL + r"\s+(?:on|of|for|through|with)\s+(?:the\s+|a\s+)?(?:[\w']+\s+){0,3}?"
    r"cases?\b|\bcases?\b(?:\s+[\w']+){0,2}?\s+" + _PIECEMEAL + r"\b",
    re.IGNORECASE,
)
_PIECEMEAL_WORDS = re.compile(rf"\b{_PIECEMEAL}\b", re.IGNORECASE)
_NOT_A_CASE = re.compile(
    r"\bescalat|\broutes?\b|\breferr|\brefer\b|\bprocedures?\b|\bprocess\b|\bpolicy\b"
    r"|\bhow\s+(?:to|do|does|can|should)\b"
    r"|\bsteps?\b(?!\s*" + _THROUGH + r"\b)"
    r"|\bwhat\s+(?:happened|went\s+on|was\s+found|to\s+do)\b",
    re.IGNORECASE,
)
_LIVE_WORKSHOP = re.compile(
    r"\blive\s+(?:workshop|poll|polling|session|vote|voting)s?\b"
    r"|\bvot(?:e|es|ing)\b.{0,40}\b(?:phones?|mobiles?|devices?)\b"
    r"|\bpoll(?:ing)?\s+(?:the\s+)?(?:room|group|audience)\b"
    # "a quick poll about young carers", "the room voting on something about neglect"
    r"|\bpolls?\s+(?:on|about|for|around|covering|re|idea|ideas|question|questions)\b"
    r"|\b(?:room|group|audience|delegates|attendees|participants|staff|everyone|team)\s+"
    r"vot(?:e|es|ing)\b"
    # "start a workshop on Erika", "workshop for DSLs on the Caryn case", "live workshop: erika"
    r"|\b(?:start|run|set\s+up|setup|do|hold|host|launch|open|create|begin)\s+"
    r"(?:a\s+|an\s+|the\s+|my\s+|our\s+)?(?:\w+\s+){0,2}?(?:workshop|poll)s?\b"
    r"|^\W*(?:(?:a|an|live|quick|short)\s+)*workshops?\s*(?:on|about|for|using|with|around"
    r"|covering|:|-)\s"
    # "something interactive where people vote", "an interactive session on Deshawn"
    r"|\binteractive\s+(?:session|workshop|training|poll|vote|voting|please|pls)\b"
    r"|\bsomething\s+interactive\b"
    r"|\b(?:session|workshop|training)\b.{0,30}\binteractive\b"
    r"|\b(?:people|they|the\s+room|staff|participants|everyone|audience|delegates|attendees)"
    r"\s+(?:can\s+|could\s+|will\s+|to\s+|get\s+to\s+)?vote\b",
    re.IGNORECASE,
)
_GATHERING = (
    r"(?:group|room|team|class|trainees|learners|delegates|participants|attendees|cohort"
    r"|conference|meeting|panel|core\s+group|network|supervisees?|colleagues)"
)
"""Whom a group's questions are put to: a training room, or a chair's conference or meeting."""
_DISCUSSION = re.compile(
    r"\b(?:reflective|reflection|discussion|supervision|group|debrief|talking)\s+"
    r"(?:questions?|prompts?|points?|qs)\b"
    r"|\b(?:questions?|prompts?|qs)\s+(?:\w+\s+){0,3}?(?:ask|put|pose|raise|use|give)\s+"
    rf"(?:to\s+|with\s+)?(?:the|my|our|this|a|your)\s+(?:\w+\s+)?{_GATHERING}\b"
    r"|\b(?:questions?|prompts?|points?)\s+for\s+(?:a\s+|the\s+)?(?:group|team)\s+"
    r"(?:discussion|reflection|supervision)\b"
    r"|\bquestions?\s+to\s+go\s+with\b"
    # "any questions to reflect on", "prompts for us to think about": to reflect on, not to ask
    r"|\b(?:questions?|prompts?|qs)\s+(?:for\s+(?:me|us|them|you|the\s+\w+)\s+)?to\s+"
    r"(?:reflect|think\s+(?:about|over|through)|ponder|mull\s+over)\b"
    # "what would you ask the group here": the questions, asked as what to ask
    r"|\bwhat\s+(?:would|should|could|can|do|might|shall)\s+(?:you|i|we)\s+(?:ask|put\s+to"
    rf"|pose\s+to)\s+(?:the|my|our|this|a|your)\s+(?:\w+\s+)?{_GATHERING}\b",
    re.IGNORECASE,
)
_ESCALATION = re.compile(r"\bescalat|\broutes?\b", re.IGNORECASE)


_CHAIRS_MEETING = re.compile(
    r"\b(?:conference|meeting|panel|core\s+group|network|strategy)\b", re.IGNORECASE
)
_FAMILY_PERSON = re.compile(
    rf"\b(?:{FAMILY_ADULT}|brother|sister|siblings?|partner|boyfriend|girlfriend|baby|toddler|son"
    r"|daughter)['\u2019]?s?\b",
    re.IGNORECASE,
)
"""A person of the family a chair's meeting is about ("the conference about dad"): a real
case's question, not a training room's."""


_ASKS_THE_AUDITS_LEARNING = re.compile(
    r"\bwhat(?:['\u2019]?s|\s+is|\s+are)\s+(?:the\s+)?(?:audits?['\u2019]?s?\s+)?"
    r"(?:line|learning|key\s+messages?|lessons?|message)\b"
    r"|\bwhat\s+(?:does|do|did)\s+(?:the\s+)?audits?\s+(?:say|find|tell|teach)\b",
    re.IGNORECASE,
)
"""Asking what the audits' learning on something is ("what's the audit line?", "what does the
audit say"), not for an activity."""


def names_an_audited_case(text: str, case_names: Collection[str]) -> bool:
    """The message names one of the audited cases, by its number ("case 2", "the third case")
    or its name (`case_names`: the cases' names, lower case)."""
    if understanding.case_number(text) is not None:
        return True
    words = set(re.findall(r"[a-z]+", text.lower()))
    return any(name in words for name in case_names)


def asks_learning_for_discussion(text: str, case_names: Collection[str] = ()) -> bool:
    """A discussion question asked for with a situation and what the audits learnt from it
    ("a discussion prompt on ... where ... was missed: what's the learning?"): the trainer
    writes the question from the audits' learning on that situation, which the learning's
    answer gives with its reflective questions; asking which case to discuss would ignore the
    situation told. A group's questions asked for alone stay a discussion, and so do those on
    an audited case named (`case_names`, lower case): the case's own questions, whose learning
    the discussion gives."""
    return (
        _DISCUSSION.search(text) is not None
        and _ASKS_THE_AUDITS_LEARNING.search(text) is not None
        and not names_an_audited_case(text, case_names)
    )


def asks_for_discussion(text: str, case_names: Collection[str] = ()) -> bool:
    """Questions for a group to discuss, asked for in a sentence: "what questions should I
    pose to the room at this point", "and a few reflective questions to go with it",
    "reflective questions on information sharing for supervision training"; never the
    escalation route's own prompts ("reflective questions before I escalate"), nor a chair's
    questions on a person of the family ("what questions should I put to the conference about
    dad": a real case, asked of the learning), nor one asked with the audits' learning on a
    situation told (asks_learning_for_discussion; `case_names`: the audited cases' names, lower
    case)."""
    if _DISCUSSION.search(text) is None or _ESCALATION.search(text) is not None:
        return False
    if asks_learning_for_discussion(text, case_names):
        return False
    return _CHAIRS_MEETING.search(text) is None or _FAMILY_PERSON.search(text) is None


_CASE_STUDY = re.compile(r"\bcase[\s-]?stud(?:y|ies)\b|\bvignettes?\b", re.IGNORECASE)
_ITS_QUESTIONS = re.compile(
    r"\b(?:with|plus|and|\+|&)\s+(?:[\w-]+\s+){0,3}?(?:questions?|prompts?|qs)\b", re.IGNORECASE
)
""""with 3 questions to discuss", "and some prompts": the questions a case study comes with."""
_QUESTIONS = re.compile(r"\b(?:questions?|prompts?|qs)\b", re.IGNORECASE)
_ASKED_FOR = re.compile(
    r"\b(?:give|write|make|create|draft|prepare|send|produce|generate|suggest|need|want"
    r"|i['\u2019]?d\s+like|(?:can|could|may)\s+(?:i|we)\s+(?:have|get)|(?:can|could|would|will)"
    r"\s+you)\b",
    re.IGNORECASE,
)


def asks_for_case_study(text: str) -> bool:
    """A case told for a group to discuss, with its questions ("a short case study on Adam
    with 3 questions to discuss", "case study of Erika plus some prompts"): the case first,
    then its questions. The questions are asked for (a count, a request, "with questions"):
    "I have questions about the case study of Erika" and "the key points of the case study"
    ask about the case, not for a group's questions."""
    if _CASE_STUDY.search(text) is None or _QUESTIONS.search(text) is None:
        return False
    return (
        _ITS_QUESTIONS.search(text) is not None
        or asked_count(text) is not None
        or _ASKED_FOR.search(text) is not None
    )


_SCENARIO = re.compile(
    r"\b(?:scenarios?|vignettes?|case[\s-]?stud(?:y|ies)|role[\s-]?plays?)\b", re.IGNORECASE
)
_FOR_A_ROOM = re.compile(
    r"\b(?:exercises?|activity|activities)\b|\bscenario[\s-]+based\b|\bbased\s+on\b"
    r"|\b(?:kick\s+off|start|open)\s+(?:a|the|my|our)\s+(?:session|workshop|training)\b"
    r"|\bfor\s+(?:a\s+|the\s+|my\s+|our\s+)?(?:small\s+)?(?:group|room|team|staff|training"
    r"|session|workshop|discussion|course|delegates|trainees|learners)\b",
    re.IGNORECASE,
)
_NOT_A_SCENARIO = re.compile(r"\bnot\s+(?:a\s+)?(?:training\s+)?scenario\b", re.IGNORECASE)
_WHAT_TO_DO_NOW = re.compile(
    r"\b(?:who|how|where|when)\s+(?:do|should|can|shall|would|must)\s+(?:i|we)\b"
    r"|\bwhat\s+(?:do|should|shall|can|must)\s+(?:i|we)\b|\b(?:should|shall|must)\s+(?:i|we)\b"
    r"|\b(?:today|tonight|yesterday|this\s+(?:morning|afternoon|evening|week)"
    r"|last\s+(?:night|week|month|weekend|time)|earlier\s+today|just\s+now|right\s+now)\b",
    re.IGNORECASE,
)
"""A message asking what I or we should do ("who do I contact?") or telling when it happened
("last week"): a real situation told, whatever "scenario" or "based on" it says."""


def asks_for_scenario(text: str) -> bool:
    """A scenario for a room to work through ("scenario exercise on escalation - who to go to,
    in what order", "a short scenario based on Adam for small group work"): a case told, or
    (on escalation) a situation from the audits with its route to reveal; never a question on
    the learning that mentions a scenario ("building a scenario on neglect ... what are the key
    learning points?"), nor a real situation said not to be one, nor one that asks what I or we
    should do or tells when it happened ("in this scenario based on a home visit ... who do I
    contact?")."""
    return (
        _SCENARIO.search(text) is not None
        and _FOR_A_ROOM.search(text) is not None
        and _ASKS_THE_LEARNING.search(text) is None
        and _NOT_A_SCENARIO.search(text) is None
        and _WHAT_TO_DO_NOW.search(text) is None
    )


def on_escalation(text: str) -> bool:
    """ "on escalation", "the escalation policy", "routes": the escalation routes' subject."""
    return _ESCALATION.search(text) is not None


_ANOTHER = re.compile(
    r"^\W*(?:(?:and|also|now|ok|okay|great|thanks|cheers|then|so|right)\W+)*"
    r"(?:(?:can|could|will|would)\s+(?:you|i|we)\s+(?:please\s+)?(?:do|have|get|make|give\s+me)\s+"
    r"|(?:please\s+)?(?:do|make|give\s+me|i['\u2019]?d\s+like|i\s+want|i\s+need|now)\s+)?"
    r"(?:one|another(?:\s+one)?|one\s+more|the\s+same|same(?:\s+again|\s+thing)?"
    # "a couple more on escalation", "few more about consent", "some more qs on it for them"
    r"|(?:(?:a\s+)?(?:couple|few)(?:\s+of)?|some|any|two|three|four|five|\d+)\s+more"
    r"(?:\s+(?:questions?|qs|ones?|of\s+(?:those|these|them)))?)\s+"
    r"(?:on|for|about|covering|with|around)\s+(?!(?:that|this|it|them|those|these)\b)\S",
    re.IGNORECASE,
)


def asks_for_another(text: str) -> bool:
    """ "and one on young carers", "can you do one for the SEND audit too", "same for Adam",
    "a couple more on escalation": the activity just given (a handout, a quiz, a group's
    questions) again, on what the message names (never "more on that": more of the same);
    only the turn before says which activity "one" is."""
    return _ANOTHER.search(text) is not None


DISCUSSION_REQUEST_WORDS = (
    *ACTIVITY_REQUEST_WORDS,
    *"reflective reflection discussion discuss supervision group prompts points team ask pose"
    " put use using case cases".split(),
)
"""The words of asking for a group's questions, left out when the rest names a topic ("on
young carers, using Adam as the case")."""

WALKTHROUGH_REQUEST_WORDS = (*ACTIVITY_REQUEST_WORDS, "case", "cases", "relevant")
"""A walk-through is of a case: "the relevant case on was not brought"."""

_ON_A_TOPIC = re.compile(
    r"\b(?:on|about|around|covering|re)\s+(?P<topic>.+?)"
    r"(?=\s+(?:for|to|with|at|in)\s+(?:a|an|the|my|our|some|new|\d+)\b|[,;:?!()]|\s+-\s|$)",
    re.IGNORECASE,
)


def topic_phrase(text: str) -> str | None:
    """What a request is on, without whom it is for: "handout on young carers for school
    staff" -> "young carers"; None when it names nothing after "on" or "about"."""
    phrases = topic_phrases(text)
    return phrases[-1] if phrases else None  # the first named: topic_phrases lists it last


def topic_phrases(text: str) -> list[str]:
    """Every phrase a request says it is on, the last first: "reflective questions about
    self-harm in looked after children for a group ... questions from the audits on sharing
    safety plans" asks last what the questions are on, after the group's subject."""
    return [match.group("topic") for match in _ON_A_TOPIC.finditer(text)][::-1]


_SUBJECTS = re.compile(
    r"(?<!['\u2019])\b(?:on|about|around|covering|re)\s+(?P<subjects>[^.?!;:()]+)", re.IGNORECASE
)
"""What a request is on, to the end of its sentence: "on info sharing - LAC plans and adult
mental health", "about services for children who see domestic abuse, from the SEND audit"."""
_BETWEEN_SUBJECTS = re.compile(
    r"\s*(?:,|&|\+|\s/\s|\s-+\s|\s\u2013\s|\band\b|\bplus\b|\bthen\b|\bas\s+well\s+as\b)\s*",
    re.IGNORECASE,
)
_UNTIL_AUDIENCE = re.compile(
    r"\s+(?:for|to|with|at|in)\s+(?:(?:a|an|the|my|our|some|new|\d+)\b|(?:\w+\s+){0,2}?"
    r"(?:staff|colleagues|teams?|leaders|managers|starters|workers|professionals|practitioners"
    r"|trainees|students)\b).*$",
    re.IGNORECASE,
)
"""Whom the material is for, after its subjects: "for new starters", "for school staff"."""
_QUOTED = re.compile(r"['\"\u2018\u201c](?P<phrase>[^'\"\u2019\u201d]{3,60})['\"\u2019\u201d]")
"""A phrase quoted in a request ("the phrase 'did not attend'"): words the learning itself
uses, which name the key message that says them."""


def subject_parts(text: str) -> tuple[list[str], str]:
    """The subjects a request names one by one, in its order, and the rest of the request:
    "a quiz on young carers and the school nursing service for new starters" -> ["young
    carers", "the school nursing service"]; "a plan on info sharing - LAC plans and adult
    mental health" -> ["info sharing", "LAC plans", "adult mental health"]; none when it says
    no "on" or "about" (the rest is then the whole request). The rest is what its sentence
    says before them ("a handout from the MH audit about ...")."""
    said = without_audience(text)
    match = _SUBJECTS.search(said)
    if match is None:
        return [], said
    phrase = _UNTIL_AUDIENCE.sub("", match.group("subjects"))
    parts = [part.strip() for part in _BETWEEN_SUBJECTS.split(phrase) if part and part.strip()]
    # the rest of the same sentence: an audit another sentence names is another question's
    opening = max(said.rfind(stop, 0, match.start()) for stop in ".?!")
    return parts, said[opening + 1 : match.start()]


def quoted_topic(text: str, messages: Sequence[KeyMessage]) -> KeyMessage | None:
    """The key message whose own words (title, summary, actions) hold the phrase a request
    quotes ("a poll about the phrase 'did not attend'": non-attendance, which says "'Did not
    attend' (DNAs) really mean that children are not being brought"), word for word whatever
    the punctuation; None unless one does."""
    for match in _QUOTED.finditer(text):
        saying = [
            m
            for m in messages
            if _says(match.group("phrase"), " ".join([m.title, m.summary, *m.actions]))
        ]
        if len(saying) == 1:
            return saying[0]
    return None


def says_what_is_quoted(text: str, said: str) -> bool:
    """`said` holds, word for word, a phrase `text` quotes ("a poll on the phrase 'parents
    seem to engage'": the quiz question that asks about it)."""
    return any(_says(match.group("phrase"), said) for match in _QUOTED.finditer(text))


def _says(phrase: str, said: str) -> bool:
    """`said` holds the phrase's words in order, whatever the punctuation between them (a
    phrase quoted whole, "'parents seem to engage'", is found where the audit quotes part of
    it, "parents 'seem to engage'"), its last word with a plural ending or none ("'expert'"
    in "'experts'", never in "expertise")."""
    words = re.findall(r"[a-z0-9]+", phrase.lower())
    if not words:
        return False
    pattern = r"\b" + r"\W+".join(map(re.escape, words)) + r"(?:s|es)?\b"
    return re.search(pattern, said.lower().replace("\u2019", "'")) is not None


_AUDIENCE = re.compile(
    r"\b(?:for|to|with)\s+(?:(?:a|an|the|my|our|some|\d+)\s+)?"
    r"(?:(?:room|group|team|class|bunch|cohort|roomful|session|meeting)\s+(?:of|for|with)\s+)?"
    r"(?:(?:new|newly\s+qualified|student|trainee|local|hackney|senior|junior|qualified)\s+)?"
    rf"(?:{ROLES})(?:s|es)?\b"
    # "for health staff", "with social care colleagues": a sector's people
    r"|\b(?:for|to|with)\s+(?:(?:a|an|the|my|our|some)\s+)?(?:mixed\s+)?(?:health|social\s+care"
    r"|schools?|education|police|nhs|council|frontline|early\s+help|multi[\s-]?agency)\s+"
    r"(?:staff|colleagues|teams?|professionals|practitioners|workers|audiences?)\b"
    # "mixed audience (health, schools, social care)", "audience: health and police"
    r"|\baudiences?\s*(?:\([^)]*\)?|:[^.?!]*)",
    re.IGNORECASE,
)
"""Whom a session is for ("for a room of health visitors", "to a group of GPs", "for school
nurses", "for health staff", "mixed audience (health, schools)"): who listens, not what the
activity is on."""


_FOR_WHOM = re.compile(
    r"^\W*(?:(?:the|a|an|its|their|this)\s+)*(?:for|to|aimed\s+at)\b", re.IGNORECASE
)
"""What is left of a subject once its audit's words are gone, when it starts with whom the
material is for ("the SEND audit for foster carers" -> "the for foster carers")."""


def without_audience(text: str) -> str:
    """The request without whom it is for: "health" in "a poll for health visitors" names
    no audit (the mental health audit's title says "health"), and a role with its own key
    message (school nursing) is not the topic asked."""
    return _AUDIENCE.sub(" ", text)


_HANDOUT_WORDS = ("handout", "handouts")
_OTHER_WORDS_NEAR = frozenset({"hangout", "hangouts", "handsout"})
"""Real words one slip from "handout", never read as it."""
MIN_TYPO_WORD = 6
"""Shorter words are too near others to read a one-letter slip as "handout"."""


def _handout_typed(text: str) -> bool:
    """ "handot on send audit pls", "hnadout", "handuot": the word handout typed with one
    letter missed, added, changed or two swapped, as a hurried or dyslexic trainer types it."""
    return any(
        len(word) >= MIN_TYPO_WORD
        and word not in _OTHER_WORDS_NEAR
        and any(within_one_edit(word, t) for t in _HANDOUT_WORDS)
        for word in re.findall(r"[a-z]+", text.lower())
    )


def asks_for_handout(text: str) -> bool:
    """A handout asked for in a sentence, whatever its topic: "I'm training CAMHS staff -
    handout on young carers learning?", "a one page summary of the Caryn case to print", or
    the thing in hand as a file ("can I get that as a pdf", "printable version?")."""
    if _HANDOUT.search(text) is not None or _handout_typed(text):
        return True
    own = topic_words(text) - _FILE_WORDS
    return _AS_A_FILE.search(text) is not None and len(own) <= MAX_OWN_WORDS_OF_A_FILE


_WHAT_IS_IN_HAND = re.compile(
    r"\b(?:go\s+with|goes\s+with|going\s+with|accompany|match)\s+"
    r"(?:it|that|this|them|those|these)\b(?!\s+(?:audit|case|child|family)\b)"
    r"|\b(?:that|this|the\s+same|the\s+new)\s+(?:section|bit|part|segment|slot|topic)\b"
    r"|\b(?:turn|make|put|convert|change|transform|write\s+up|do)\s+(?:it|that|this|them|those"
    r"|these)(?:\s+(?:one|up|poll|plan|session))?\s+(?:into|in|to|as)\b",
    re.IGNORECASE,
)


def names_what_is_in_hand(text: str) -> bool:
    """ "a handout to go with that section", "one on that bit", "can you make this into a
    sheet": material on what the last turn gave, not on a topic the response selector reads
    into the rest of the words ("turn" is no word of transitions)."""
    return _WHAT_IS_IN_HAND.search(text) is not None


def without_what_is_in_hand(text: str) -> str:
    """The message without its words pointing at what the last turn gave: "make this into"
    says "into", a word of a title ("Transitioning into Adulthood"), of no topic."""
    return _WHAT_IS_IN_HAND.sub(" ", text)


def asks_for_walkthrough(text: str) -> bool:
    """A case walked through, stage by stage: "can you walk us through the relevant case?",
    "walk-through of case 2"; never a route or a procedure walked through ("walk me through
    how to escalate"), which is the escalation route finder's, nor what happened in a case
    ("walk me through what happened"), which is the case's own account."""
    return (
        _WALKTHROUGH.search(text) is not None
        and _NOT_A_CASE.search(_PIECEMEAL_WORDS.sub(" ", text)) is None
    )


_PLANNING = re.compile(
    r"\b(?:i['\u2019]?m|i\s+am|we['\u2019]?re|we\s+are|i['\u2019]?ve\s+got\s+to|i\s+have\s+to)\s+"
    r"(?:running|doing|delivering|leading|facilitating|planning|hosting|giving|run|do|deliver|lead"
    r"|facilitate|host|give)\s+(?:a|an|our|my|the)\s+(?:[\w/-]+\s+){0,4}?(?:session|training"
    r"|lunch[\s-]+(?:and|&|n)[\s-]+learn|learning\s+(?:event|lunch|hour)|workshop|briefing"
    r"|away[\s-]?day|inset|seminar|teaching)\b",
    re.IGNORECASE,
)


_ASKS_THE_LEARNING = re.compile(
    r"\b(?:what|which|how)\b.{0,40}\b(?:audits?|learning|say|said|says|found|find|mean|means)\b"
    r"|\b(?:learning|lessons?|key\s+messages?)\s+(?:on|about|from|for)\b|\bexactly\b",
    re.IGNORECASE,
)
"""A session mentioned while asking the audits' learning: the question is answered."""


def plans_a_session(text: str) -> bool:
    """A trainer preparing a session on something, with no activity named ("I'm running a
    30 min lunch and learn on neglect, what can I use?"): what the chat offers for it; never
    a question on the learning that mentions a session ("I'm running a session on ..., what
    did the audit say?")."""
    return _PLANNING.search(text) is not None and _ASKS_THE_LEARNING.search(text) is None


_A_SESSION = re.compile(
    r"\b(?:sessions?|training|train|trainer|workshops?|briefings?|seminars?|teach\w*|lunch"
    r"|away[\s-]?day|inset|groups?|team|room|audience|delegates|participants|slides?|polls?"
    r"|vot\w*|quiz\w*|handouts?|walk[\s-]?through|activit\w*|exercises?|present\w*|run|running"
    r"|facilitat\w*|deliver\w*)\b",
    re.IGNORECASE,
)
"""Words of a session, its room or what is done in it."""


_TRAINING = re.compile(r"\btrain\w*", re.IGNORECASE)


def names_no_session(text: str) -> bool:
    """No word of a session, its room or an activity, training aside: "training - where is it"
    after an answer that signposts the training programme asks where that is, not to plan
    one."""
    return _A_SESSION.search(_TRAINING.sub(" ", text)) is None


def asks_learning_of_no_session(text: str) -> bool:
    """ "missing episodes for a 15yo, currently located. what worked in the audit?": the
    audits' learning asked, with no word of a session, its room or an activity in it; never
    a workshop to plan, whatever word made it sound like one ("live", "worked")."""
    return _ASKS_THE_LEARNING.search(text) is not None and _A_SESSION.search(text) is None


def asks_for_live_workshop(text: str) -> bool:
    """A workshop where the room answers on their phones: "set up a live workshop on ...",
    "can they vote on their phones?"."""
    return _LIVE_WORKSHOP.search(text) is not None


_NAMING_AN_AUDIT_ONLY = frozenset(
    understanding.stem(word)
    for word in (
        *ACTIVITY_REQUEST_WORDS,
        *"key messages findings lessons themes please pls plz thanks".split(),
    )
)
"""Words that leave a phrase naming an audit as a whole ("the SEND audit's key messages",
"the mental health audit learning pls")."""


def _audit_alone(part: str, sources: Sequence[Source]) -> Source | None:
    """The audit a subject names with nothing else ("from the SEND audit"); never one whose
    words belong to a topic ("adult mental health" is a key message, not the audit)."""
    source = understanding.mentioned_source(part, sources)
    if source is None:
        return None
    rest = understanding.topic_stems(understanding.without_source_words(part, source))
    return source if not rest - _NAMING_AN_AUDIT_ONLY - {"audit"} else None


Item = TypeVar("Item")


def taken_in_turn(items: Sequence[Item], group: Callable[[Item], str]) -> list[Item]:
    """The items, one of each group in turn (in the order groups first appear), then the next
    of each: material "from both audits" shows both from its first items."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(group(item), []).append(item)
    return [item for tier in zip_longest(*groups.values()) for item in tier if item is not None]


_LISTED = re.compile(r"[,;&/+]|\b(?:and|plus|then|with|vs)\b", re.IGNORECASE)
"""Where one case named in a list ends and the next begins."""


class Request:
    """One message, read against the knowledge in one store session; `audit_in_context` is
    the audit the conversation is on, for a case named by its number only."""

    def __init__(
        self,
        store: KnowledgeStore,
        session: Session,
        message: Mapping[str, Any],
        audit_in_context: str | None = None,
    ) -> None:
        self.store = store
        self.session = session
        self.message = message
        self.audit_in_context = audit_in_context

    @property
    def text(self) -> str:
        return str(self.message.get("text") or "")

    def entity(self, name: str) -> str | None:
        return understanding.entity_value(self.message, name)

    def case(self) -> Case | None:
        cases = self.store.cases(self.session)
        case_id = self.entity(CASE_ENTITY)
        if case_id:
            return next((case for case in cases if case.id == case_id), None)
        return understanding.mentioned_case(
            self.text, cases, self.store.sources(self.session), self.audit_in_context
        )

    def cases_named(self) -> list[Case]:
        """Every case the message names, by pseudonym or by number, in the order it names them
        ("a session on Deshawn and Barak", "case 2 and case 4 of the SEND audit": on both): a
        request on several cases, each part of its list read as one case is."""
        cases, sources = self.store.cases(self.session), self.store.sources(self.session)
        source = understanding.mentioned_source(self.text, sources)
        audit = source.id if source is not None else self.audit_in_context
        named = (
            understanding.mentioned_case(part, cases, sources, audit)
            for part in _LISTED.split(self.text)
        )
        return list(dict.fromkeys(case for case in named if case is not None))

    def source(self) -> Source | None:
        sources = self.store.sources(self.session)
        source_id = self.entity(AUDIT_SLOT)
        if source_id:
            return next((source for source in sources if source.id == source_id), None)
        return understanding.mentioned_source(without_audience(self.text), sources)

    def quiz_questions(self, glossary: Mapping[str, Sequence[str]]) -> list[QuizQuestion] | None:
        """The questions asked for: those of the topics named one by one, an audit's, a
        case's key messages', a topic's, or a theme's ("quiz my team on escalation": its key
        messages', across the audits); None when the message names none of them."""
        store, session = self.store, self.session
        topics = self.topics_named(glossary)
        if topics:
            # "a quiz on young carers and the school nursing service": each one's questions
            return [
                q
                for topic in topics
                for q in store.quiz_questions(session, key_message_id=topic.id)
            ] or None
        source = self.source()
        if source is not None:
            return store.quiz_questions(session, source_id=source.id)
        case = self.case()
        if case is not None:
            on_case = {message.id for message in case.key_messages}
            return [
                q
                for q in store.quiz_questions(session, source_id=case.source_id)
                if q.key_message_id in on_case
            ]
        key_message_id = self.topic_id(glossary, QUIZ_REQUEST_WORDS)
        if key_message_id is not None:
            return store.quiz_questions(session, key_message_id=key_message_id) or None
        theme = self.theme()
        if theme is not None:
            on_theme = {message.id for message in theme.key_messages}
            asked = [q for q in store.quiz_questions(session) if q.key_message_id in on_theme]
            if names_the_audits(self.text):
                # "quiz qs on escalation from both audits": each audit's questions in turn, so
                # the first ones already come from both (not the first audit's quiz)
                asked = taken_in_turn(asked, lambda question: question.source_id)
            return asked or None
        return None

    def topic_id(
        self,
        glossary: Mapping[str, Sequence[str]],
        request_words: Sequence[str] = ACTIVITY_REQUEST_WORDS,
        ranked: bool = True,
        audience: bool = False,
    ) -> str | None:
        """The key message the request is on: its button, else the one its topic words name
        once the request's own words ("handout", "training") are left out, else (`ranked`)
        the response selector's clear choice (which those words dilute). `audience`: whom it
        is for may name the topic ("a session plan for school nurses")."""
        key_message_id = self.entity(KEY_MESSAGE_SLOT)
        if key_message_id is None:
            # "a poll about the phrase 'did not attend'": the key message that says it
            quoted = quoted_topic(self.text, self.store.key_messages(self.session))
            key_message_id = quoted.id if quoted is not None else None
        if key_message_id is None:
            messages = {
                m.id: [m.title, *m.example_questions] for m in self.store.key_messages(self.session)
            }
            # whom it is for is left out of the topic's own phrase too ("quiz on self-harm
            # for school nurses" is on self-harm, not school nursing)
            audience_left_out = self.text if audience else without_audience(self.text)
            for words in (*topic_phrases(audience_left_out), audience_left_out):
                key_message_id = understanding.named_topic(
                    words, messages, glossary, request_words=request_words, titled=True
                )
                if key_message_id is not None:
                    break
        if key_message_id is None and ranked:
            ranking = understanding.key_message_ranking(self.message)
            if understanding.is_clear(ranking):
                key_message_id = ranking[0].key_message_id
        return key_message_id

    def topics_named(self, glossary: Mapping[str, Sequence[str]]) -> list[KeyMessage]:
        """The key messages a request names one by one, within the audit it names if it names
        one: several ("a quiz on young carers and the school nursing service"), or one of the
        audit named ("a handout about services for children who see domestic abuse, from the
        SEND audit"), so the material is on exactly those; empty when it names fewer, or a
        case or a key message by its button: the request is then on one subject, as read by
        source(), case() and topic()."""
        if self.entity(KEY_MESSAGE_SLOT) or self.entity(CASE_ENTITY) or self.case() is not None:
            return []
        sources = self.store.sources(self.session)
        parts, rest = subject_parts(self.text)
        # the audit named around the subjects ("a handout from the MH audit about ...") or
        # as one of them ("..., from the SEND audit")
        audits = {source.id: source for part in parts if (source := _audit_alone(part, sources))}
        around = understanding.mentioned_source(rest, sources) if parts else None
        if around is not None:
            audits[around.id] = around
        within = next(iter(audits.values())) if len(audits) == 1 else None
        messages = [
            m
            for m in self.store.key_messages(self.session)
            if within is None or m.source_id == within.id
        ]
        lines = {m.id: [m.title, *m.example_questions] for m in messages}
        titles = {m.id: understanding.topic_stems(m.title) for m in messages}
        named: list[str] = []
        in_its_audit: set[str] = set()
        by_id = {m.id: m for m in messages}
        for part in parts:
            if _audit_alone(part, sources) is not None:
                continue
            # "adult mental health": "adult" is the topic's word, "mental health" the audit's
            audit = understanding.mentioned_source(part, sources)
            words = understanding.without_source_words(part, audit) if audit else part
            if audit is not None and _FOR_WHOM.match(words):
                # "on the SEND audit for parents": whom the audit's material is for, read
                # before any topic ("parents" is no topic of the audit here)
                continue
            key_message_id = understanding.named_topic(
                words, lines, glossary, request_words=ACTIVITY_REQUEST_WORDS, titled=True
            )
            # named by a word of its title ("young carers", "LAC plans"), never by words its
            # example questions happen to share ("with answers", "mixed audience")
            if (
                key_message_id is not None
                and key_message_id not in named
                and understanding.topic_stems(words, glossary) & titles[key_message_id]
            ):
                named.append(key_message_id)
                if audit is not None and by_id[key_message_id].source_id == audit.id:
                    # "on transition to adult services using the SEND cases": a topic of the
                    # audit its own words name, not the audit as a whole
                    in_its_audit.add(key_message_id)
        if len(named) < 2 and (within is None or not named) and not in_its_audit:
            return []
        return [by_id[key_message_id] for key_message_id in named]

    def topic(
        self,
        glossary: Mapping[str, Sequence[str]],
        request_words: Sequence[str] = ACTIVITY_REQUEST_WORDS,
        ranked: bool = True,
        audience: bool = False,
    ) -> KeyMessage | None:
        key_message_id = self.topic_id(glossary, request_words, ranked, audience)
        if key_message_id is None:
            return None
        return self.store.key_message(self.session, key_message_id)

    def theme(self, topic: KeyMessage | None = None) -> Theme | None:
        """The theme named, else the theme of `topic`, the key message the message is on."""
        themes = self.store.themes(self.session)
        theme_id = self.entity(THEME_ENTITY)
        if theme_id:
            theme = next((t for t in themes if t.id == theme_id), None)
        else:
            theme = understanding.mentioned_theme(self.text.lower(), themes)
        if theme is None and topic is not None:
            theme = next((t for t in themes if t.id == topic.theme_id), None)
        return theme


# --- what a request asks of the activity: its length, how many questions, with answers --------

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "forty-five": 45, "sixty": 60, "ninety": 90,
}  # fmt: skip
_NUMBER = (
    r"(?P<number>\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
)
MINUTES_IN_AN_HOUR = 60
HALF_DAY = 180
"""A half day's session: three hours, a morning or an afternoon."""
FULL_DAY = 360
_HALF_DAY = re.compile(
    r"\bhalf[\s-]?(?:a[\s-]?)?day\b|\b(?:morning|afternoon)\s+(?:session|workshop|training)\b",
    re.IGNORECASE,
)
_FULL_DAY = re.compile(r"\b(?:full|whole|all|one)[\s-]day\b|\ba\s+day['\u2019]?s\b", re.IGNORECASE)
_HOUR_AND_A_HALF = re.compile(
    r"\b(?:an?|one|1)\s+hour\s+(?:and\s+a\s+half|30)\b|\b1\.5\s*(?:hours?|hrs?)\b", re.IGNORECASE
)
_HALF_AN_HOUR = re.compile(r"\bhalf\s+(?:an?\s+)?hour\b", re.IGNORECASE)
_LENGTH = re.compile(
    rf"\b{_NUMBER}\s*(?:-|\s)?(?P<unit>days?|hours?|hrs?|h|minutes?|mins?|m)\b(?!\s*(?:old|ago))",
    re.IGNORECASE,
)


def _number(word: str) -> float:
    return float(word) if word[0].isdigit() else _NUMBER_WORDS[word.lower()]


def asked_minutes(text: str) -> int | None:
    """How long the session asked for is, in minutes: "half day" (three hours), "90 mins",
    "an hour and a half", "2hr", "a 20-minute slot", "2 days" (two of six hours); None when
    it names no length. A plan fits it to what a plan can be (workshop_plan.fitted_length)."""
    if _HALF_DAY.search(text):
        return HALF_DAY
    if _FULL_DAY.search(text):
        return FULL_DAY
    if _HOUR_AND_A_HALF.search(text):
        return 90
    if _HALF_AN_HOUR.search(text):
        return 30
    match = _LENGTH.search(text)
    if match is None:
        return None
    number, unit = _number(match.group("number")), match.group("unit").lower()
    per_unit = FULL_DAY if unit.startswith("d") else MINUTES_IN_AN_HOUR if unit[0] == "h" else 1
    minutes = int(number * per_unit)
    return minutes if minutes > 0 else None


_COUNT = re.compile(
    rf"\b{_NUMBER}\s*(?:-|\s)?(?:(?:quiz|multiple[\s-]choice|mcq|poll|reflective|discussion"
    r"|short|quick|true[\s-]or[\s-]false|true\s*/\s*false|t\s*/\s*f)\s+)?"
    r"(?:questions?|qs?|items?|mcqs?|statements?|prompts?)\b(?!\s+(?:at\s+a\s+time|by\s+one|each))"
    rf"|\b(?:quiz|test)\s+(?:of|with)\s+{_NUMBER.replace('number', 'count')}\b",
    re.IGNORECASE,
)


def asked_count(text: str) -> int | None:
    """How many questions a request asks for: "a 6 question quiz", "give me five questions",
    "a quiz of 10", "6 statements" (true or false); None when it says no number ("a quiz"
    alone, "a group of 20")."""
    match = _COUNT.search(text)
    if match is None:
        return None
    word = match.group("number") or match.group("count")
    if word.lower() in ("a", "an"):  # "a quiz question on ...": the topic's questions
        return None
    count = int(_number(word))
    return count if count > 0 else None


_TRUE_OR_FALSE = re.compile(
    r"\btrue\s*(?:or|/|and|-)\s*false\b|\bt\s*/\s*f\b|\bfact\s+or\s+(?:fiction|myth)\b"
    r"|\bmyths?\s+(?:or|and|vs\.?)\s+facts?\b",
    re.IGNORECASE,
)


def names_true_or_false(text: str) -> bool:
    """A quiz asked for as statements to judge ("true or false quiz about escalation, 6
    statements", "a T/F quiz", "myth or fact"): each statement a quiz question's option."""
    return _TRUE_OR_FALSE.search(text) is not None


_STATEMENTS_ASKED = re.compile(
    r"\b(?:quiz\w*|statements?|questions?|qs|icebreakers?|ice[\s-]breakers?|rounds?|games?"
    r"|warm[\s-]?ups?|starters?|activity|exercises?)\b"
    r"|(?:false|fiction|myths?|facts?)\s+(?:on|about|around|covering|re)\s",
    re.IGNORECASE,
)


_JUDGED = re.compile(
    r"\b(?:can|could|must|should|do|may|shall|am)\s+(?:i|we)\b"
    r"|\b(?:false|fiction|myth|fact)\s+(?:question|statement|one)\s*[:?\-\u2013]\s*"
    r"(?!(?:on|about|around|covering|re|for)\b)\w",
    re.IGNORECASE,
)
"""A question of one's own ("true or false question: can I share without consent?") or a
claim given to be judged ("fact or myth question: DNA means did not attend")."""


def asks_for_a_true_or_false_round(text: str) -> bool:
    """A true-or-false round asked for with no word "quiz" ("icebreaker: true/false on the
    acronyms", "6 true or false statements about young carers"): the quiz's, not a claim
    asked to be judged ("is it true that ...", "fact or myth question: ...") nor a question
    of one's own ("can I ...")."""
    return (
        names_true_or_false(text)
        and _STATEMENTS_ASKED.search(text) is not None
        and _JUDGED.search(text) is None
    )


_WITH_ANSWERS = re.compile(
    r"\b(?:with|and|plus|incl(?:uding|\.)?|inc)\s+(?:the\s+|their\s+|its\s+)?"
    r"(?:answers?|answer\s+(?:sheet|key)|solutions?|correct\s+answers?)\b"
    r"|\banswers?\s+(?:included|underneath|below|at\s+the\s+(?:end|bottom)|too|as\s+well)\b"
    r"|\banswer\s+(?:sheet|key)\b",
    re.IGNORECASE,
)
_WITHOUT_ANSWERS = re.compile(
    r"\b(?:without|no|minus|not\s+the)\s+(?:the\s+)?answers?\b", re.IGNORECASE
)


def with_answers(text: str) -> bool:
    """A quiz asked for with its answers ("6 questions on the SEND audit, with answers", "a
    quiz plus answer sheet"): given whole, as a sheet, not one question at a time."""
    return _WITH_ANSWERS.search(text) is not None and _WITHOUT_ANSWERS.search(text) is None


# A request, not a mention: "the answers are b and c" or "not sure of the answers" in a quiz
# is someone answering, and must not hand out the whole sheet.
_THE_ANSWERS = re.compile(
    r"\b(?:can|could|may)\s+(?:i|we|you)\s+(?:please\s+)?(?:have|get|see|give|show|send)\b"
    r"[^.?!]{0,40}?\banswers\b"
    r"|\b(?:give|show|send|tell|list)\s+(?:me|us)\b[^.?!]{0,30}?\banswers\b"
    r"|\bwhat\s+(?:are|were)\s+the\s+(?:(?:correct|right)\s+)?answers\b"
    r"|\banswers\s+(?:pls|please|plz|sheet|key)\b|\banswer\s+(?:sheet|key)\b",
    re.IGNORECASE,
)
_REFUSED = re.compile(
    r"\b(?:don'?t|dont|do\s+not|never)\s+(?:\w+\s+)?(?:give|show|send|tell)\b", re.IGNORECASE
)


_JUST_ANSWERS = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|and|right)\W+)?(?:(?:now|then)\s+)?(?:the\s+|all\s+(?:the\s+)?)?"
    r"answers(?:\s+(?:now|then|please|pls|plz))?\W*$",
    re.IGNORECASE,
)


def says_answers(text: str) -> bool:
    """ "answers", "now the answers": a quiz's own prompt (Say "answers") said back, right
    after a quiz that asks for it."""
    return _JUST_ANSWERS.search(text) is not None


def asks_for_the_answers(text: str) -> bool:
    """The answers of a quiz asked for as a whole ("can I have the answers", "all the answers
    pls", "answer key"): its answers sheet, not one question's answer. Asked for, never only
    named ("I'm not great at guessing the answers") nor refused ("dont give me the answers")."""
    asked = _THE_ANSWERS.search(text) is not None or with_answers(text)
    refused = _WITHOUT_ANSWERS.search(text) is not None or _REFUSED.search(text) is not None
    return asked and not refused


_GLOSSARY_QUIZ = re.compile(
    r"\b(?:acronyms?|abbreviations?|initialisms?|jargon|glossary|terminology|initials"
    r"|(?:key\s+)?terms)\b",
    re.IGNORECASE,
)


def asks_for_glossary_quiz(text: str) -> bool:
    """A quiz on the audits' abbreviations ("quiz on the acronyms in the audits", "test the
    team on the jargon"): what each stands for, from the glossary."""
    return _GLOSSARY_QUIZ.search(text) is not None


_SESSION_WORDS = (
    r"(?:workshop|session|training|lunch[\s-]+(?:and|&|n)[\s-]+learn|seminar|away[\s-]?day"
    r"|teaching\s+session|briefing\s+session)s?"
)
_MATERIAL = (
    r"(?:scenarios?|vignettes?|case[\s-]?stud(?:y|ies)|role[\s-]?plays?|quiz\w*|handouts?|polls?"
    r"|questions?|qs|exercises?|icebreakers?)"
)
"""Material asked for in a session ("give me a short scenario for staff training"): what is
made, the session only whom it is for."""
_MATERIAL_FOR = rf"{_MATERIAL}\s+(?:[\w/.-]+\s+){{0,2}}?(?:for|in|at)\b"
"""Material as what is made, the session after it only where it is used ("a scenario for
staff training", "a quiz to use in the session"); material before the session word and no
"for" ("a role play training session on ...", "a case study session on ...") is the kind of
session, and the plan is asked."""
_A_PLAN = re.compile(
    r"\b(?:plan|design|put\s+together|draft|outline|structure|map\s+out|prepare|build"
    r"|create|make\s+me|give\s+me|suggest)\s+(?:me\s+|us\s+)?(?:a|an|the|my|our)\s+"
    rf"(?:(?!{_MATERIAL_FOR})[\w/.-]+\s+){{0,4}}?{_SESSION_WORDS}\b"
    r"|^\W*(?:a\s+|my\s+|the\s+)?(?:workshop|session)\s+plan\b"
    r"|\b(?:need|want|like|give\s+me|make\s+me|write\s+me|draft)\s+(?:a|an)\s+(?:workshop|session)"
    r"\s+plan\b"
    r"|\b(?:plan|agenda|running\s+order|timetable|outline|structure|programme|program)\s+"
    r"(?:for|of)\s+(?:a|an|the|my|our)\s+"
    rf"(?:[\w/.-]+\s+){{0,4}}?(?:{_SESSION_WORDS}|morning|afternoon)\b",
    re.IGNORECASE,
)
_WHAT_A_SESSION_HOLDS = re.compile(
    # "what should a workshop on escalation include", "what would you cover in a session on
    # neglect", "what goes in a training session about young carers": its plan
    r"\bwhat\s+(?:should|would|could|might|must|do(?:es)?|can)\s+(?:a|an|the|my|our|this)\s+"
    rf"(?:[\w/.-]+\s+){{0,6}}?{_SESSION_WORDS}\b.{{0,80}}?\b(?:include|cover|contain|have\s+in"
    r"|look\s+like)\b"
    r"|\bwhat\s+(?:(?:(?:should|would|could|do|can|shall)\s+(?:i|we|you)\s+|to\s+)"
    r"(?:include|cover|put)|goes|(?:should|would|could)\s+go)\s+(?:in|into)\s+"
    r"(?:a|an|the|my|our|this)\s+"
    rf"(?:[\w/.-]+\s+){{0,6}}?{_SESSION_WORDS}\b",
    re.IGNORECASE,
)
_TRAINING_WORD = re.compile(
    r"\b(?:workshop|training|teaching|briefing|seminar|lunch[\s-]+(?:and|&|n)[\s-]+learn|cpd"
    r"|away[\s-]?day|team\s+(?:day|session))s?\b",
    re.IGNORECASE,
)
_PRACTICE_SESSION = re.compile(
    r"\b(?:supervision|therapy|therapeutic|direct[\s-]+work|1:1|1-1|one[\s-]+to[\s-]+one|first"
    r"|return[\s-]+home(?:\s+interview)?|play|counselling|family)\s+session"
    r"|\bsession\s+(?:with|for)\s+(?:(?:a|an|the|my|this|our|her|his|their)\s+)?"
    r"(?:\d+\s*(?:year|yr)s?[\s-]+old|child|children|kid|young\s+(?:person|people|carer)|teen"
    r"|parent|mum|dad|mother|father|family|carer|manager|boy|girl|pupil|student|sibling)",
    re.IGNORECASE,
)
"""A session in the work with a family or in supervision ("a direct work session with a 10 year
old", "a supervision session"): what it should cover is a practice question, not a plan."""
_LENGTH_OF_A_SESSION = re.compile(
    r"(?:\b(?:min(?:ute)?s?|hours?|hrs?|h|day)\b|\d(?:h|hrs?|mins?))[\s-]+(?:long\s+)?"
    r"(?:(?:training|teaching|team|group|staff|briefing)\s+)?"
    r"(?:workshop|session|training|seminar|lunch[\s-]+(?:and|&|n)[\s-]+learn)s?\b",
    re.IGNORECASE,
)
"""A session named with its length before it: "a 2 hour workshop", "half day training"."""


def asks_for_a_plan(text: str) -> bool:
    """A session's plan asked for in so many words ("plan a half day workshop on the SEND
    audit", "session plan: 1 hour on chronic neglect", "put together a 90 minute session on
    young carers"), or what a session should include, unless it is a session in the work
    with a family or in supervision (no training word and "a session with a child"); never a
    plan in the work with a family ("a safety plan", "the CIN plan") nor a school's lesson
    plan."""
    if _A_PLAN.search(text) is not None:
        return True
    return _WHAT_A_SESSION_HOLDS.search(text) is not None and (
        _TRAINING_WORD.search(text) is not None or _PRACTICE_SESSION.search(text) is None
    )


def names_a_session_length(text: str) -> bool:
    """A session asked for with its length ("a 20 minute session on neglect for my team",
    "half day training on the SEND audit"), with no other activity asked for: its plan."""
    return (
        asked_minutes(text) is not None
        and _LENGTH_OF_A_SESSION.search(text) is not None
        and _ASKS_THE_LEARNING.search(text) is None
    )


_WHOLE_AUDIT = re.compile(
    r"\b(?:key\s+messages?|learning|findings|lessons|themes)\b", re.IGNORECASE
)


def asks_of_the_whole_audit(text: str) -> bool:
    """ "reflective questions from the mental health audit key messages": the audit's learning
    as a whole, not one of its cases."""
    return _WHOLE_AUDIT.search(text) is not None


_TOO_LONG = (
    r"(?:^\s*|\b(?:it|that|this|answer|reply|its|thats|it\s*'s|that\s*'s)"
    r"(?:\s+(?:is|was|seems|looks|feels|reads))?\s+)"
    r"(?:(?:way|far|much|still)\s+)?(?:too|very|(?:a\s+)?(?:bit|little)(?:\s+too)?)\s+long"
)
"""Too long, said of what was given ("that's a bit long", "too long for the students"), not of
anything else ("the session was too long")."""
_SHORTER = re.compile(
    r"\b(?:shorter|shorten(?:ed)?|(?:short|brief)\s+version|briefer|briefly|in\s+brief"
    r"|condensed?|trim(?:med)?|tighter"
    r"|concise|summar(?:y|ies|ise|ize|ised|ized)|sum\s+(?:it|that|this)\s+up|tl;?\s?dr"
    r"|(?:in\s+a\s+)?nutshell|cut[\s-]+down|cut\s+(?:it|that|this)\s+down"
    rf"|fewer\s+(?:bullets?|points|lines|words)|less\s+(?:text|wordy|words)|{_TOO_LONG})\b",
    re.IGNORECASE,
)
"""Asking for less of it, in any of the usual words: "shorter", "briefer", "a summary",
"sum it up", "tl;dr", "in a nutshell", "cut-down", "less text", "it's too long". Not a bare
"short" or "brief": "a short session", "brief the team", "short of staff" ask for no
shorter version."""
_BULLETS = re.compile(
    rf"\b{_NUMBER}\s*(?:-|\s)?(?:bullet(?:[\s-]?points?)?s?|points?|lines?)\b", re.IGNORECASE
)


SHORTER_WORDS = frozenset(
    """short shorter shorten shortened brief briefer briefly condense condensed concise trim
    trimmed tighter cut down fewer less text wordy long summary summaries summarise summarize
    summarised summarized sum tldr nutshell bullet bullets point points line lines max maximum
    most only please pls just make can could would you version give instead keep into one two
    three four five six seven eight nine ten bit little much more lot way thanks thank bulleted
    list slide handout words each side page sheet quick quicker""".split()
)
"""The words of asking for something shorter: any other word ("school has trimmed his
timetable ... dad who hit him") is a message of its own, never a handout cut down, unless it
says whom or what the shorter version is for (_AUDIENCE_WORDS)."""
_GROUP_WORDS = frozenset(
    """team teams staff colleagues group groups everyone people students governors board
    partners network agencies leads managers briefing huddle handover newsletter email emails
    text texts whatsapp chat screen phone phones poster noticeboard""".split()
)
"""Whom or where a shorter version is for ("shorter for the team", "brief version for the
huddle", "summary to email the governors"), besides the roles practitioners name. Not a
session, meeting, training, workshop or class: those are things to plan ("a short session
for the team"); not parents or carers: a summary for a family is writing of its own, not
the answer cut down."""
_AUDIENCE_WORDS = _GROUP_WORDS | {word for role in ROLES.split("|") for word in role.split()}


def _for_whom(word: str) -> bool:
    """A word naming an audience or a medium, in the singular or the plural."""
    return word in _AUDIENCE_WORDS or word.removesuffix("s") in _AUDIENCE_WORDS


def asks_to_shorten(text: str) -> bool:
    """ "Make it shorter, five bullets max", "can you trim it to 3 points", "shorter for the
    team", "a briefer version for the huddle": what was just given, in fewer lines, and
    nothing else said but whom or what it is for."""
    said = _SHORTER.search(text) is not None
    return said and all(_for_whom(word) for word in topic_words(text) - SHORTER_WORDS)


def asked_bullets(text: str) -> int | None:
    """How many bullets or points a request allows ("five bullets max", "in 3 points"); None
    when it names no number."""
    match = _BULLETS.search(text)
    if match is None or match.group("number").lower() in ("a", "an"):
        return None
    count = int(_number(match.group("number")))
    return count if count > 0 else None
