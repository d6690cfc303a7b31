"""The figures the partnership's learning lead reads, computed from the usage events of a
date range: the same Insights feed the page, the CSV files and the terminal summary.

Definitions (tests/insights/test_report.py checks each):

- The range runs from the start of `start` to the end of `end`, in UTC days, since events
  are stored by UTC hour.
- A *question* is an event of a kind in `QUESTION_KINDS`: a key message answered, a question
  not understood, a case or audit described, good practice given, or the escalation route
  finder started. Feedback and the route finder's later steps follow a question; they are
  not questions of their own.
- Weeks are ISO weeks, named by their Monday; a week cut by the range counts only its days
  inside it.
- Everything is counted by SQL (GROUP BY, per day at the finest), so a year of 100,000 events
  is as quick as a week; only unanswered questions and typed reasons are read one by one, as
  they are texts to group or to read.
- What the knowledge no longer holds (a key message, theme or route removed since the event)
  is shown by its id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Date, and_, cast, func, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.dialogue.answers.learning import FEEDBACK_REASONS
from bot.dialogue.names import ESCALATION_SITUATION_SLOT, ESCALATION_TRIED_SLOT
from bot.insights.events import EventKind, UsageEvent
from bot.insights.grouping import UnansweredGroup, group_questions
from bot.knowledge.models import EscalationRoute
from bot.knowledge.store import KnowledgeStore

QUESTION_KINDS: tuple[EventKind, ...] = (
    EventKind.ANSWERED,
    EventKind.UNANSWERED,
    EventKind.CASE_DESCRIBED,
    EventKind.AUDIT_DESCRIBED,
    EventKind.GOOD_PRACTICE,
    EventKind.ESCALATION_STARTED,
)
"""The events that are a question asked, each counted once."""

NOT_UNDERSTOOD = "Not understood"
CASES_AND_AUDITS = "Cases and audits"
ESCALATION_ROUTES = "Escalation routes"
KIND_TOPICS = {
    EventKind.UNANSWERED: NOT_UNDERSTOOD,
    EventKind.CASE_DESCRIBED: CASES_AND_AUDITS,
    EventKind.AUDIT_DESCRIBED: CASES_AND_AUDITS,
    EventKind.GOOD_PRACTICE: CASES_AND_AUDITS,
    EventKind.ESCALATION_STARTED: ESCALATION_ROUTES,
}
"""What a question that is not a key message answered is counted under, week by week; an
answered question is counted under its key message's theme."""

STEP_LABELS = {
    ESCALATION_SITUATION_SLOT: "What is wrong",
    ESCALATION_TRIED_SLOT: "What you have tried",
}
"""The route finder's questions, in the order it asks them."""
NO_STEP = "No question open"
"""Stopped when the route finder was not asking anything (its form was not active)."""
TYPED_REASON = "Typed"
UNKNOWN_CHANNEL = "unknown"
NO_KEY_MESSAGE = "(no key message recorded)"
TOP_KEY_MESSAGES = 10

EVENTS = UsageEvent.__table__.c
"""The usage events' columns as SQL expressions (the model's annotations give their Python
types, which know nothing of `in_` or `desc`)."""


@dataclass(frozen=True)
class WeekThemeCount:
    week: date
    """The Monday of the ISO week."""
    theme: str
    """A theme title, or "Not understood", "Cases and audits", "Escalation routes"."""
    questions: int


@dataclass(frozen=True)
class KeyMessageCount:
    key_message_id: str
    title: str
    theme: str
    answered: int


@dataclass(frozen=True)
class WeekRate:
    week: date
    questions: int
    unanswered: int

    @property
    def rate(self) -> float:
        return self.unanswered / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class Helpfulness:
    key_message_id: str
    title: str
    helpful: int
    not_helpful: int
    reasons: tuple[tuple[str, int], ...]
    """(reason label, count), most given first; typed reasons are counted as "Typed"."""
    typed_reasons: tuple[str, ...]


@dataclass(frozen=True)
class Funnel:
    started: int
    situation_known: int
    completed: int
    stopped_at: tuple[tuple[str, int], ...]
    """(the question the route finder was asking, how many stopped there)."""
    completed_by_route: tuple[tuple[str, int], ...]
    """(route title, completed)."""


@dataclass(frozen=True)
class ThemeGap:
    theme: str
    questions: int
    share: float
    helpful: int
    not_helpful: int


@dataclass(frozen=True)
class Insights:
    start: date
    end: date
    """Inclusive."""
    questions: int
    questions_by_week_and_theme: tuple[WeekThemeCount, ...]
    top_key_messages: tuple[KeyMessageCount, ...]
    unanswered_by_week: tuple[WeekRate, ...]
    unanswered_groups: tuple[UnansweredGroup, ...]
    helpfulness: tuple[Helpfulness, ...]
    funnel: Funnel
    channels: tuple[tuple[str, int], ...]
    practice_gaps: tuple[ThemeGap, ...]
    unanswered_ungrouped: int = 0
    """Unanswered questions in no group: minimisation left no topic word to group them by."""

    @property
    def unanswered(self) -> int:
        return sum(week.unanswered for week in self.unanswered_by_week)

    @property
    def unanswered_rate(self) -> float:
        return self.unanswered / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class _Knowledge:
    """The titles events are shown by, read once per report."""

    key_message_titles: Mapping[str, str]
    key_message_themes: Mapping[str, str]
    theme_titles: Mapping[str, str]
    route_titles: Mapping[str, str]

    def theme(self, theme_id: str | None) -> str:
        return self.theme_titles.get(theme_id or "", theme_id or "")

    def key_message(self, key_message_id: str | None) -> str:
        if not key_message_id:
            return NO_KEY_MESSAGE
        return self.key_message_titles.get(key_message_id, key_message_id)


def _read_knowledge(store: KnowledgeStore, session: Session) -> _Knowledge:
    key_messages = store.key_messages(session)
    routes = session.execute(select(EscalationRoute.id, EscalationRoute.title)).all()
    return _Knowledge(
        key_message_titles={message.id: message.title for message in key_messages},
        key_message_themes={message.id: message.theme_id for message in key_messages},
        theme_titles={theme.id: theme.title for theme in store.themes(session)},
        route_titles={route_id: title for route_id, title in routes},
    )


def week_of(day: date) -> date:
    """The Monday of the ISO week holding the day."""
    return day - timedelta(days=day.weekday())


def _day(dialect: str) -> ColumnElement:
    """An event's UTC day in SQL, read back as a date. SQLite stores datetimes as text, where
    CAST AS DATE would keep only the year: its date() gives the day."""
    if dialect == "sqlite":
        return type_coerce(func.date(EVENTS.hour), Date)
    return cast(EVENTS.hour, Date)


def compute(store: KnowledgeStore, start: date, end: date) -> Insights:
    """The insights for the UTC days from `start` to `end`, both included."""
    if end < start:
        raise ValueError(f"the range ends ({end}) before it starts ({start})")
    in_range = and_(
        EVENTS.hour >= datetime.combine(start, time()),
        EVENTS.hour < datetime.combine(end + timedelta(days=1), time()),
    )
    is_question = EVENTS.kind.in_([kind.value for kind in QUESTION_KINDS])
    with store.session() as session:
        knowledge = _read_knowledge(store, session)
        day = _day(store.engine.dialect.name)
        questions_by_day = session.execute(
            select(day, EVENTS.kind, EVENTS.theme_id, func.count())
            .where(in_range, is_question)
            .group_by(day, EVENTS.kind, EVENTS.theme_id)
        ).all()
        answered = session.execute(
            select(EVENTS.key_message_id, EVENTS.theme_id, func.count())
            .where(in_range, EVENTS.kind == EventKind.ANSWERED.value)
            .group_by(EVENTS.key_message_id, EVENTS.theme_id)
        ).all()
        helpfulness = _helpfulness(session, in_range, knowledge)
        funnel = _funnel(session, in_range, knowledge)
        channels = session.execute(
            select(EVENTS.channel, func.count())
            .where(in_range, is_question)
            .group_by(EVENTS.channel)
        ).all()
        unanswered_texts = list(
            session.scalars(
                select(EVENTS.text)
                .where(
                    in_range, EVENTS.kind == EventKind.UNANSWERED.value, EVENTS.text.is_not(None)
                )
                .order_by(EVENTS.hour.desc(), EVENTS.id.desc())
            )
        )
    groups = group_questions(unanswered_texts)
    themes_of = _themes_of(answered, knowledge)
    return Insights(
        start=start,
        end=end,
        questions=sum(count for *_, count in questions_by_day),
        questions_by_week_and_theme=_by_week(questions_by_day, knowledge),
        top_key_messages=_top_key_messages(answered, themes_of, knowledge),
        unanswered_by_week=_unanswered_by_week(questions_by_day, start, end),
        unanswered_groups=groups,
        helpfulness=helpfulness,
        funnel=funnel,
        channels=_most_first((channel or UNKNOWN_CHANNEL, count) for channel, count in channels),
        practice_gaps=_practice_gaps(answered, helpfulness, themes_of, knowledge),
        unanswered_ungrouped=len(unanswered_texts) - sum(group.size for group in groups),
    )


def _most_first(counts: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """(label, count) summed per label, most first, ties by label."""
    totals: Counter[str] = Counter()
    for label, count in counts:
        totals[label] += count
    return tuple(sorted(totals.items(), key=lambda item: (-item[1], item[0])))


def _topic(kind: str, theme_id: str | None, knowledge: _Knowledge) -> str:
    if kind == EventKind.ANSWERED.value:
        return knowledge.theme(theme_id)
    return KIND_TOPICS[EventKind(kind)]


def _by_week(rows: Iterable[Any], knowledge: _Knowledge) -> tuple[WeekThemeCount, ...]:
    """Questions per ISO week and topic, by week, then most asked, then topic."""
    counts: Counter[tuple[date, str]] = Counter()
    for day, kind, theme_id, count in rows:
        counts[week_of(day), _topic(kind, theme_id, knowledge)] += count
    return tuple(
        WeekThemeCount(week, theme, count)
        for (week, theme), count in sorted(
            counts.items(), key=lambda item: (item[0][0], -item[1], item[0][1])
        )
    )


def _unanswered_by_week(rows: Iterable[Any], start: date, end: date) -> tuple[WeekRate, ...]:
    """Every week of the range, a week without questions too, so a trend has no gaps."""
    questions: Counter[date] = Counter()
    unanswered: Counter[date] = Counter()
    for day, kind, _theme_id, count in rows:
        week = week_of(day)
        questions[week] += count
        if kind == EventKind.UNANSWERED.value:
            unanswered[week] += count
    weeks = range(0, (week_of(end) - week_of(start)).days + 1, 7)
    return tuple(
        WeekRate(week, questions[week], unanswered[week])
        for week in (week_of(start) + timedelta(days=days) for days in weeks)
    )


def _themes_of(answered: Iterable[Any], knowledge: _Knowledge) -> dict[str, str]:
    """Each key message's theme: the knowledge's, or for a key message no longer there the
    theme it was answered under most."""
    seen: dict[str, Counter[str]] = {}
    for key_message_id, theme_id, count in answered:
        seen.setdefault(key_message_id or "", Counter())[theme_id or ""] += count
    answered_under = {key: themes.most_common(1)[0][0] for key, themes in seen.items()}
    return answered_under | dict(knowledge.key_message_themes)


def _top_key_messages(
    answered: Iterable[Any], themes_of: Mapping[str, str], knowledge: _Knowledge
) -> tuple[KeyMessageCount, ...]:
    """The most answered key messages, at most `TOP_KEY_MESSAGES`, ties by title."""
    counts: Counter[str] = Counter()
    for key_message_id, _theme_id, count in answered:
        counts[key_message_id or ""] += count
    top = sorted(counts.items(), key=lambda item: (-item[1], knowledge.key_message(item[0])))
    return tuple(
        KeyMessageCount(
            key_message_id=key_message_id,
            title=knowledge.key_message(key_message_id),
            theme=knowledge.theme(themes_of[key_message_id]),
            answered=count,
        )
        for key_message_id, count in top[:TOP_KEY_MESSAGES]
    )


def _helpfulness(
    session: Session, in_range: ColumnElement, knowledge: _Knowledge
) -> tuple[Helpfulness, ...]:
    """Per key message with any feedback: helpful and not, and why not (reason buttons by
    their label, typed reasons counted as "Typed" and listed, newest first). Least helpful
    first: most "not helpful", then fewest "helpful", then title."""
    votes = session.execute(
        select(EVENTS.key_message_id, EVENTS.helpful, func.count())
        .where(in_range, EVENTS.kind == EventKind.FEEDBACK.value)
        .group_by(EVENTS.key_message_id, EVENTS.helpful)
    ).all()
    reasons = session.execute(
        select(EVENTS.key_message_id, EVENTS.reason, func.count())
        .where(in_range, EVENTS.kind == EventKind.FEEDBACK_REASON.value, EVENTS.reason.is_not(None))
        .group_by(EVENTS.key_message_id, EVENTS.reason)
    ).all()
    typed = session.execute(
        select(EVENTS.key_message_id, EVENTS.text)
        .where(in_range, EVENTS.kind == EventKind.FEEDBACK_REASON.value, EVENTS.text.is_not(None))
        .order_by(EVENTS.hour.desc(), EVENTS.id.desc())
    ).all()
    helpful: Counter[str] = Counter()
    not_helpful: Counter[str] = Counter()
    for key_message_id, was_helpful, count in votes:
        if was_helpful is not None:
            (helpful if was_helpful else not_helpful)[key_message_id or ""] += count
    labelled: dict[str, list[tuple[str, int]]] = {}
    for key_message_id, reason, count in reasons:
        label = FEEDBACK_REASONS.get(reason, reason)
        labelled.setdefault(key_message_id or "", []).append((label, count))
    texts: dict[str, list[str]] = {}
    for key_message_id, text in typed:
        texts.setdefault(key_message_id or "", []).append(text)
    for key_message_id, given in texts.items():
        labelled.setdefault(key_message_id, []).append((TYPED_REASON, len(given)))
    rows = [
        Helpfulness(
            key_message_id=key_message_id,
            title=knowledge.key_message(key_message_id),
            helpful=helpful[key_message_id],
            not_helpful=not_helpful[key_message_id],
            reasons=_most_first(labelled.get(key_message_id, ())),
            typed_reasons=tuple(texts.get(key_message_id, ())),
        )
        for key_message_id in {*helpful, *not_helpful, *labelled}
    ]
    return tuple(sorted(rows, key=lambda row: (-row.not_helpful, row.helpful, row.title)))


def _funnel(session: Session, in_range: ColumnElement, knowledge: _Knowledge) -> Funnel:
    """The escalation route finder: started, situation known, completed (in all and by
    route, most first), and where people stopped: each of its questions, in the order it
    asks them, then anything else. Counts are of events: a person who corrects the situation
    makes it known twice."""
    kinds = (
        EventKind.ESCALATION_STARTED,
        EventKind.ESCALATION_SITUATION,
        EventKind.ESCALATION_COMPLETED,
        EventKind.ESCALATION_STOPPED,
    )
    rows = session.execute(
        select(EVENTS.kind, EVENTS.step, EVENTS.route_id, func.count())
        .where(in_range, EVENTS.kind.in_([kind.value for kind in kinds]))
        .group_by(EVENTS.kind, EVENTS.step, EVENTS.route_id)
    ).all()
    totals: Counter[str] = Counter()
    stopped: Counter[str] = Counter()
    completed: list[tuple[str, int]] = []
    for kind, step, route_id, count in rows:
        totals[kind] += count
        if kind == EventKind.ESCALATION_STOPPED.value:
            stopped[STEP_LABELS.get(step, step) if step else NO_STEP] += count
        elif kind == EventKind.ESCALATION_COMPLETED.value:
            completed.append((knowledge.route_titles.get(route_id, route_id or ""), count))
    asked = [(label, stopped.pop(label, 0)) for label in STEP_LABELS.values()]
    return Funnel(
        started=totals[EventKind.ESCALATION_STARTED.value],
        situation_known=totals[EventKind.ESCALATION_SITUATION.value],
        completed=totals[EventKind.ESCALATION_COMPLETED.value],
        stopped_at=(*asked, *_most_first(stopped.items())),
        completed_by_route=_most_first(completed),
    )


def _practice_gaps(
    answered: Iterable[Any],
    helpfulness: Iterable[Helpfulness],
    themes_of: Mapping[str, str],
    knowledge: _Knowledge,
) -> tuple[ThemeGap, ...]:
    """Every theme of the knowledge, and any other that questions were answered under: how
    many were answered there, their share of all answered, and the feedback on its key
    messages. Most asked first, ties by title: the last are the gap."""
    asked: Counter[str] = Counter({theme_id: 0 for theme_id in knowledge.theme_titles})
    for _key_message_id, theme_id, count in answered:
        asked[theme_id or ""] += count
    helpful: Counter[str] = Counter()
    not_helpful: Counter[str] = Counter()
    for row in helpfulness:
        theme_id = themes_of.get(row.key_message_id)
        if theme_id is not None:
            helpful[theme_id] += row.helpful
            not_helpful[theme_id] += row.not_helpful
    total = sum(asked.values())
    gaps = [
        ThemeGap(
            theme=knowledge.theme(theme_id),
            questions=count,
            share=count / total if total else 0.0,
            helpful=helpful[theme_id],
            not_helpful=not_helpful[theme_id],
        )
        for theme_id, count in asked.items()
    ]
    return tuple(sorted(gaps, key=lambda gap: (-gap.questions, gap.theme)))
