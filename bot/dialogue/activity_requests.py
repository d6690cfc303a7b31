"""What a request for an activity names: a case, an audit, the quiz questions asked for, a
handout's theme. A button carries ids as entities; typed words are matched against the
knowledge. No Rasa: the message is the parse data, as a mapping."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from bot.dialogue import understanding
from bot.knowledge.models import Case, KeyMessage, QuizQuestion, Source, Theme
from bot.knowledge.store import KnowledgeStore
from bot.names import AUDIT_SLOT, CASE_ENTITY, KEY_MESSAGE_SLOT, THEME_ENTITY

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
    r"|\b(?:7|seven)[\s-]?min(?:ute)?s?\s+brief(?:ing)?s?\b|\bone[\s-]?pag(?:e|er)\b",
    re.IGNORECASE,
)
_WALKTHROUGH = re.compile(
    r"\bwalk-?throughs?\b|\bwalk\s+through\s+(?:\w+\s+){0,3}?cases?\b"
    r"|\b(?:walk|talk|take|step)\s+(?:me|us|them|you|(?:the|my|our|your)\s+(?:\w+\s+){0,2}?"
    r"(?:group|team|room|staff|trainees|class|learners|colleagues|students|delegates|cohort"
    r"|people|attendees|participants|nurses|workers|practitioners|session))\s+through\b"
    r"|\bstage[\s-]by[\s-]stage\b",
    re.IGNORECASE,
)
_NOT_A_CASE = re.compile(
    r"\bescalat|\broutes?\b|\breferr|\brefer\b|\bprocedures?\b|\bprocess\b|\bpolicy\b"
    r"|\bhow\s+(?:to|do|does|can|should)\b|\bsteps?\b(?!\s+by)"
    r"|\bwhat\s+(?:happened|went\s+on|was\s+found)\b",
    re.IGNORECASE,
)
_LIVE_WORKSHOP = re.compile(
    r"\blive\s+(?:workshop|poll|polling|session|vote|voting)s?\b"
    r"|\bvot(?:e|es|ing)\b.{0,40}\b(?:phones?|mobiles?|devices?)\b"
    r"|\bpoll(?:ing)?\s+(?:the\s+)?(?:room|group|audience)\b",
    re.IGNORECASE,
)
_DISCUSSION = re.compile(
    r"\b(?:reflective|reflection|discussion|supervision|group|debrief|talking)\s+"
    r"(?:questions?|prompts?|points?|qs)\b"
    r"|\b(?:questions?|prompts?|qs)\s+(?:\w+\s+){0,3}?(?:ask|put|pose|raise|use|give)\s+"
    r"(?:to\s+|with\s+)?(?:the|my|our|this|a|your)\s+(?:\w+\s+)?"
    r"(?:group|room|team|class|trainees|learners|delegates|participants|attendees|cohort)\b"
    r"|\b(?:questions?|prompts?|points?)\s+for\s+(?:a\s+|the\s+)?(?:group|team)\s+"
    r"(?:discussion|reflection|supervision)\b"
    r"|\bquestions?\s+to\s+go\s+with\b",
    re.IGNORECASE,
)
_ESCALATION = re.compile(r"\bescalat|\broutes?\b", re.IGNORECASE)


def asks_for_discussion(text: str) -> bool:
    """Questions for a group to discuss, asked for in a sentence: "what questions should I
    pose to the room at this point", "and a few reflective questions to go with it",
    "reflective questions on information sharing for supervision training"; never the
    escalation route's own prompts ("reflective questions before I escalate")."""
    return _DISCUSSION.search(text) is not None and _ESCALATION.search(text) is None


_ANOTHER = re.compile(
    r"^\W*(?:(?:and|also|now|ok|okay|great|thanks|cheers|then|so|right)\W+)*"
    r"(?:(?:can|could|will|would)\s+(?:you|i|we)\s+(?:please\s+)?(?:do|have|get|make|give\s+me)\s+"
    r"|(?:please\s+)?(?:do|make|give\s+me|i['\u2019]?d\s+like|i\s+want|i\s+need|now)\s+)?"
    r"(?:one|another(?:\s+one)?|one\s+more|the\s+same|same(?:\s+again|\s+thing)?)\s+"
    r"(?:on|for|about|covering|with)\s+\S",
    re.IGNORECASE,
)


def asks_for_another(text: str) -> bool:
    """ "and one on young carers", "can you do one for the SEND audit too", "same for Adam":
    the activity just given (a handout, a quiz, a group's questions) again, on what the
    message names; only the turn before says which activity "one" is."""
    return _ANOTHER.search(text) is not None


DISCUSSION_REQUEST_WORDS = (
    *ACTIVITY_REQUEST_WORDS,
    *"reflective reflection discussion discuss supervision group prompts points team ask pose"
    " put use".split(),
)
"""The words of asking for a group's questions, left out when the rest names a topic."""

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
    match = _ON_A_TOPIC.search(text)
    return match.group("topic") if match else None


def asks_for_handout(text: str) -> bool:
    """A handout asked for in a sentence, whatever its topic: "I'm training CAMHS staff -
    handout on young carers learning?", "a one page summary of the Caryn case to print"."""
    return _HANDOUT.search(text) is not None


def asks_for_walkthrough(text: str) -> bool:
    """A case walked through, stage by stage: "can you walk us through the relevant case?",
    "walk-through of case 2"; never a route or a procedure walked through ("walk me through
    how to escalate"), which is the escalation route finder's, nor what happened in a case
    ("walk me through what happened"), which is the case's own account."""
    return _WALKTHROUGH.search(text) is not None and _NOT_A_CASE.search(text) is None


def asks_for_live_workshop(text: str) -> bool:
    """A workshop where the room answers on their phones: "set up a live workshop on ...",
    "can they vote on their phones?"."""
    return _LIVE_WORKSHOP.search(text) is not None


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

    def source(self) -> Source | None:
        sources = self.store.sources(self.session)
        source_id = self.entity(AUDIT_SLOT)
        if source_id:
            return next((source for source in sources if source.id == source_id), None)
        return understanding.mentioned_source(self.text, sources)

    def quiz_questions(self, glossary: Mapping[str, Sequence[str]]) -> list[QuizQuestion] | None:
        """The questions asked for: an audit's, a case's key messages', a topic's, or a
        theme's ("quiz my team on escalation": its key messages', across the audits); None
        when the message names none of them."""
        store, session = self.store, self.session
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
            return [
                q for q in store.quiz_questions(session) if q.key_message_id in on_theme
            ] or None
        return None

    def topic_id(
        self,
        glossary: Mapping[str, Sequence[str]],
        request_words: Sequence[str] = ACTIVITY_REQUEST_WORDS,
        ranked: bool = True,
    ) -> str | None:
        """The key message the request is on: its button, else the one its topic words name
        once the request's own words ("handout", "training") are left out, else (`ranked`)
        the response selector's clear choice (which those words dilute)."""
        key_message_id = self.entity(KEY_MESSAGE_SLOT)
        if key_message_id is None:
            messages = {
                m.id: [m.title, *m.example_questions] for m in self.store.key_messages(self.session)
            }
            phrase = topic_phrase(self.text)
            for words in (phrase, self.text) if phrase else (self.text,):
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

    def topic(
        self,
        glossary: Mapping[str, Sequence[str]],
        request_words: Sequence[str] = ACTIVITY_REQUEST_WORDS,
        ranked: bool = True,
    ) -> KeyMessage | None:
        key_message_id = self.topic_id(glossary, request_words, ranked)
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
