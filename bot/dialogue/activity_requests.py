"""What a request for an activity names: a case, an audit, the quiz questions asked for, a
handout's theme. A button carries ids as entities; typed words are matched against the
knowledge. No Rasa: the message is the parse data, as a mapping."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from bot.dialogue import understanding
from bot.knowledge.models import Case, QuizQuestion, Source, Theme
from bot.knowledge.store import KnowledgeStore
from bot.names import AUDIT_SLOT, CASE_ENTITY, KEY_MESSAGE_SLOT, THEME_ENTITY

QUIZ_REQUEST_WORDS = ("quiz", "question", "questions", "test", "testing")
"""Words of the request itself, not of its topic."""


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
        """The questions asked for: an audit's, a case's key messages', or a topic's; None
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
        key_message_id = self.entity(KEY_MESSAGE_SLOT)
        if key_message_id is None:
            ranking = understanding.key_message_ranking(self.message)
            if understanding.is_clear(ranking):
                key_message_id = ranking[0].key_message_id
        if key_message_id is None:
            messages = {m.id: [m.title, *m.example_questions] for m in store.key_messages(session)}
            key_message_id = understanding.named_topic(
                self.text, messages, glossary, request_words=QUIZ_REQUEST_WORDS
            )
        if key_message_id is not None:
            return store.quiz_questions(session, key_message_id=key_message_id) or None
        return None

    def theme(self) -> Theme | None:
        """The theme named, else the theme of the key message the message clearly asks about."""
        themes = self.store.themes(self.session)
        theme_id = self.entity(THEME_ENTITY)
        if theme_id:
            theme = next((t for t in themes if t.id == theme_id), None)
        else:
            theme = understanding.mentioned_theme(self.text.lower(), themes)
        if theme is None:
            ranking = understanding.key_message_ranking(self.message)
            if understanding.is_clear(ranking):
                message = self.store.key_message(self.session, ranking[0].key_message_id)
                theme = next((t for t in themes if message and t.id == message.theme_id), None)
        return theme
