"""The figures the partnership's learning lead reads, computed from the usage events of a
date range: the same Insights feed the page, the CSV files and the terminal summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

QUESTION_KINDS = ()  # TODO(helper): the event kinds that count as a question asked


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
class UnansweredGroup:
    label: str
    """The words the group's questions share most."""
    size: int
    examples: tuple[str, ...]
    """Minimised questions, most typical first, at most five."""


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
