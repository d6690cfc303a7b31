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
  is shown by its id; feedback naming a key message that the knowledge never held and that
  was never given as an answer (a forged id) is left out.
- A question the audits do not cover, told so plainly (DECLINED), is a question, counted
  under its topic; it is neither answered nor "not understood".
- A conversation turn (an acknowledgement, a correction, a workshop answer, a quiz letter, a
  typed reason an answer did not help) is not a question. Versions before the
  CONVERSATION_TURN event stored such texts as unanswered questions: they are recognised
  (bot/insights/turns.py) and counted as turns.
- A rate is shown only out of at least `MIN_FOR_RATE`; below that, the counts with a caution.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Date, and_, case, cast, func, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.insights.events import EventKind, UsageEvent
from bot.insights.grouping import MAX_EXAMPLES, UnansweredGroup, group_questions
from bot.insights.turns import COUNTED_AS, MOVE_LABELS, Move, conversation_move
from bot.knowledge.models import EscalationRoute
from bot.knowledge.store import KnowledgeStore
from bot.names import ESCALATION_SITUATION_SLOT, ESCALATION_TRIED_SLOT, FEEDBACK_REASONS
from bot.settings import DEFAULT_INSIGHTS_LOW_CONFIDENCE as DEFAULT_LOW_CONFIDENCE
from bot.yaml_text import safe_load

QUESTION_KINDS: tuple[EventKind, ...] = (
    EventKind.ANSWERED,
    EventKind.UNANSWERED,
    EventKind.CASE_DESCRIBED,
    EventKind.AUDIT_DESCRIBED,
    EventKind.GOOD_PRACTICE,
    EventKind.ESCALATION_STARTED,
    EventKind.DECLINED,
)
"""The events that are a question asked, each counted once."""

NOT_UNDERSTOOD = "Not understood"
CASES_AND_AUDITS = "Cases and audits"
ESCALATION_ROUTES = "Escalation routes"
OUTSIDE_COVERAGE = "Outside the audits' coverage"
NO_TOPIC = "(no topic recorded)"
KIND_TOPICS = {
    EventKind.DECLINED: OUTSIDE_COVERAGE,
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
MIN_FOR_RATE = 10
"""A percentage is shown only out of at least this many (ratings, questions): "100%" from one
rating, or "0%" from none, misleads. Below it the counts are shown, with a caution."""

THEME, NOT_UNDERSTOOD_GAP, NOT_COVERED = "theme", "not understood", "not covered"
"""What a practice-gaps row is: a theme of the audits, the questions not understood, or a
topic the audits do not cover."""


def enough_for_a_rate(whole: int) -> bool:
    return whole >= MIN_FOR_RATE


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
    declined: int = 0

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
    """Of all the questions in the view: answered, not understood and declined."""
    helpful: int
    not_helpful: int
    kind: str = THEME

    @property
    def rated(self) -> int:
        return self.helpful + self.not_helpful


@dataclass(frozen=True)
class DeclinedTopic:
    """Questions on a topic the audits do not cover: what the next audit could look at."""

    topic: str
    questions: int
    examples: tuple[str, ...]
    """Minimised questions, most asked first, at most five."""


@dataclass(frozen=True)
class Outcomes:
    """What happened to the questions, and the turns that were not questions."""

    answered: int = 0
    """Key messages given with confidence (or chosen from a button): not the low-confidence
    ones."""
    low_confidence: int = 0
    declined: int = 0
    not_understood: int = 0
    other: int = 0
    """Cases and audits described, good practice, the route finder started."""
    turns: tuple[tuple[str, int], ...] = ()
    """(what kind of turn, how many), most first: not counted as questions."""

    @property
    def all_answered(self) -> int:
        return self.answered + self.low_confidence

    @property
    def conversation_turns(self) -> int:
        return sum(count for _, count in self.turns)


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
    outcomes: Outcomes = field(default_factory=Outcomes)
    declined_topics: tuple[DeclinedTopic, ...] = ()
    """Most asked first, ties by topic."""
    low_confidence_below: float = DEFAULT_LOW_CONFIDENCE

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


def compute(
    store: KnowledgeStore,
    start: date,
    end: date,
    low_confidence: float = DEFAULT_LOW_CONFIDENCE,
    topic_labels: Mapping[str, str] | None = None,
) -> Insights:
    """The insights for the UTC days from `start` to `end`, both included. An answer with a
    confidence below `low_confidence` is counted apart; a declined question's topic is shown
    by its label in `topic_labels` (its id otherwise)."""
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
        answered_rows = session.execute(
            select(
                EVENTS.key_message_id,
                EVENTS.theme_id,
                func.count(),
                func.count(case((EVENTS.confidence < low_confidence, 1))),
            )
            .where(in_range, EVENTS.kind == EventKind.ANSWERED.value)
            .group_by(EVENTS.key_message_id, EVENTS.theme_id)
        ).all()
        answered = [(key, theme, count) for key, theme, count, _low in answered_rows]
        low = sum(low for *_, low in answered_rows)
        typed_reasons = session.execute(
            select(EVENTS.key_message_id, EVENTS.text, EVENTS.hour, EVENTS.channel)
            .where(
                in_range, EVENTS.kind == EventKind.FEEDBACK_REASON.value, EVENTS.text.is_not(None)
            )
            .order_by(EVENTS.hour.desc(), EVENTS.id.desc())
        ).all()
        helpfulness = _helpfulness(session, in_range, knowledge, answered, typed_reasons)
        funnel = _funnel(session, in_range, knowledge)
        channels = session.execute(
            select(EVENTS.channel, func.count())
            .where(in_range, is_question)
            .group_by(EVENTS.channel)
        ).all()
        stored_unanswered = session.execute(
            select(EVENTS.hour, EVENTS.channel, EVENTS.text)
            .where(in_range, EVENTS.kind == EventKind.UNANSWERED.value, EVENTS.text.is_not(None))
            .order_by(EVENTS.hour.desc(), EVENTS.id.desc())
        ).all()
        turns = session.execute(
            select(EVENTS.reason, func.count())
            .where(in_range, EVENTS.kind == EventKind.CONVERSATION_TURN.value)
            .group_by(EVENTS.reason)
        ).all()
        declined = session.execute(
            select(EVENTS.topic, EVENTS.text, func.count())
            .where(in_range, EVENTS.kind == EventKind.DECLINED.value)
            .group_by(EVENTS.topic, EVENTS.text)
        ).all()
    turns_found = _turns_among(stored_unanswered, typed_reasons)
    questions_by_day = _without_turns(questions_by_day, turns_found.by_day)
    unanswered_texts = turns_found.questions
    groups = group_questions(unanswered_texts)
    themes_of = _themes_of(answered, knowledge)
    declined_topics = _declined_topics(declined, topic_labels or {})
    by_kind: Counter[str] = Counter()
    for _when, kind, _theme_id, count in questions_by_day:
        by_kind[kind] += count
    outcomes = Outcomes(
        answered=by_kind[EventKind.ANSWERED.value] - low,
        low_confidence=low,
        declined=by_kind[EventKind.DECLINED.value],
        not_understood=by_kind[EventKind.UNANSWERED.value],
        other=sum(by_kind.values())
        - sum(by_kind[kind.value] for kind in (EventKind.ANSWERED, EventKind.DECLINED))
        - by_kind[EventKind.UNANSWERED.value],
        turns=_most_first(
            [(_turn_label(reason), count) for reason, count in turns]
            + [(MOVE_LABELS[move], count) for move, count in turns_found.moves.items()]
        ),
    )
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
        channels=_most_first(
            (channel or UNKNOWN_CHANNEL, count - turns_found.by_channel[channel])
            for channel, count in channels
            if count > turns_found.by_channel[channel]
        ),
        practice_gaps=_practice_gaps(
            answered, helpfulness, themes_of, knowledge, outcomes.not_understood, declined_topics
        ),
        unanswered_ungrouped=len(unanswered_texts) - sum(group.size for group in groups),
        outcomes=outcomes,
        declined_topics=declined_topics,
        low_confidence_below=low_confidence,
    )


@dataclass(frozen=True)
class _TurnsFound:
    """Stored unanswered texts sorted into questions and conversation turns."""

    questions: list[str]
    """The texts that are questions, most recent first."""
    moves: Counter[Move]
    by_day: Counter[date]
    by_channel: Counter[str | None]


def _turns_among(stored_unanswered: Iterable[Any], typed_reasons: Iterable[Any]) -> _TurnsFound:
    """Which stored unanswered texts are turns: a typed reason an answer did not help (the
    same text, hour and channel as a FEEDBACK_REASON event: older versions stored both), or
    a text the turn recogniser knows."""
    reasons = Counter((hour, channel, text) for _key, text, hour, channel in typed_reasons)
    found = _TurnsFound([], Counter(), Counter(), Counter())
    for hour, channel, text in stored_unanswered:
        move = None
        if reasons[hour, channel, text] > 0:
            reasons[hour, channel, text] -= 1
            move = Move.FEEDBACK_REASON
        else:
            move = conversation_move(text)
        if move is None:
            found.questions.append(text)
        else:
            found.moves[move] += 1
            found.by_day[hour.date()] += 1
            found.by_channel[channel] += 1
    return found


def _without_turns(rows: Iterable[Any], turns_by_day: Counter[date]) -> list[tuple[Any, ...]]:
    """The questions per day, kind and theme, less the unanswered texts that were turns."""
    kept = []
    for day, kind, theme_id, count in rows:
        if kind == EventKind.UNANSWERED.value:
            count -= turns_by_day[day]
        if count > 0:
            kept.append((day, kind, theme_id, count))
    return kept


def _turn_label(reason: str | None) -> str:
    if reason in COUNTED_AS:
        return MOVE_LABELS[COUNTED_AS[reason]]
    try:
        return MOVE_LABELS[Move(reason)]
    except ValueError:
        return reason or "Other turns"


UNCOVERED_TOPICS_FILE = "uncovered_topics.yml"
"""Where the knowledge names the topics the audits do not cover (id and label)."""


def uncovered_topic_labels(knowledge_dir: Path) -> dict[str, str]:
    """{topic id: label} from the knowledge, or {} without the file: a declined question is
    then shown by its topic's id, which is never a reason to fail the page."""
    try:
        document = safe_load((knowledge_dir / UNCOVERED_TOPICS_FILE).read_text("utf-8"))
        topics = document.get("uncovered_topics") or []
        return {str(topic["id"]): str(topic["label"]) for topic in topics}
    except (OSError, yaml.YAMLError, AttributeError, KeyError, TypeError):
        return {}


def topic_label(topic: str | None, labels: Mapping[str, str]) -> str:
    if not topic:
        return NO_TOPIC
    return labels.get(topic) or topic.replace("-", " ").replace("_", " ")


def _declined_topics(rows: Iterable[Any], labels: Mapping[str, str]) -> tuple[DeclinedTopic, ...]:
    """Per topic: how many were declined, and the commonest of their texts."""
    counts: Counter[str] = Counter()
    texts: dict[str, Counter[str]] = {}
    for topic, text, count in rows:
        label = topic_label(topic, labels)
        counts[label] += count
        if text:
            texts.setdefault(label, Counter())[text] += count
    return tuple(
        DeclinedTopic(
            topic=label,
            questions=count,
            examples=tuple(
                text
                for text, _ in sorted(
                    texts.get(label, Counter()).items(), key=lambda item: (-item[1], item[0])
                )[:MAX_EXAMPLES]
            ),
        )
        for label, count in _most_first(counts.items())
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
    declined: Counter[date] = Counter()
    for day, kind, _theme_id, count in rows:
        week = week_of(day)
        questions[week] += count
        if kind == EventKind.UNANSWERED.value:
            unanswered[week] += count
        elif kind == EventKind.DECLINED.value:
            declined[week] += count
    weeks = range(0, (week_of(end) - week_of(start)).days + 1, 7)
    return tuple(
        WeekRate(week, questions[week], unanswered[week], declined[week])
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
    session: Session,
    in_range: ColumnElement,
    knowledge: _Knowledge,
    answered: Iterable[Any],
    typed_reasons: Iterable[Any],
) -> tuple[Helpfulness, ...]:
    """Per key message with any feedback: helpful and not, and why not (reason buttons by
    their label, typed reasons counted as "Typed" and listed, newest first). Least helpful
    first: most "not helpful", then fewest "helpful", then title. Feedback naming a key
    message neither in the knowledge nor ever given as an answer is a forged id: left out."""
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
    typed = [(key_message_id, text) for key_message_id, text, *_ in typed_reasons]
    real = {"", *knowledge.key_message_titles, *(key for key, *_ in answered)}
    named = {row[0] or "" for rows in (votes, reasons, typed) for row in rows}
    if named - real:  # given before the range, or forged: only the first are kept
        real |= set(
            session.scalars(
                select(EVENTS.key_message_id)
                .where(
                    EVENTS.kind == EventKind.ANSWERED.value,
                    EVENTS.key_message_id.in_(sorted(named - real)),
                )
                .distinct()
            )
        )
    votes = [row for row in votes if (row[0] or "") in real]
    reasons = [row for row in reasons if (row[0] or "") in real]
    typed = [row for row in typed if (row[0] or "") in real]
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
    not_understood: int,
    declined: Iterable[DeclinedTopic],
) -> tuple[ThemeGap, ...]:
    """Every theme of the knowledge, and any other that questions were answered under, with
    the questions not understood and each topic the audits do not cover beside them: how
    many questions each had, their share of all of them, and the feedback on a theme's key
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
    declined = tuple(declined)
    total = sum(asked.values()) + not_understood + sum(topic.questions for topic in declined)
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
    gaps.append(
        ThemeGap(
            NOT_UNDERSTOOD,
            not_understood,
            not_understood / total if total else 0.0,
            0,
            0,
            NOT_UNDERSTOOD_GAP,
        )
    )
    gaps += [
        ThemeGap(topic.topic, topic.questions, topic.questions / total, 0, 0, NOT_COVERED)
        for topic in declined
    ]
    return tuple(sorted(gaps, key=lambda gap: (-gap.questions, gap.theme)))
