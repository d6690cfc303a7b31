"""The insights page's views, as one table (VIEWS): for each, its title, what it means, what it
says when the range holds nothing for it, and the builder of its chart and tables from an
`Insights`. The figures are written here as the reader sees them (counts, rates, weeks);
page.py renders the views.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.insights.report import (
    MIN_FOR_RATE,
    NOT_COVERED,
    NOT_UNDERSTOOD_GAP,
    THEME,
    Helpfulness,
    Insights,
    ThemeGap,
    enough_for_a_rate,
)
from bot.web.charts import Bar, Columns, Pair, bar_chart, column_chart, paired_chart
from bot.web.html import Child, Markup, element

CHANNEL_NAMES = {"webchat": "Web chat", "teams": "Microsoft Teams", "rest": "REST (tests, tools)"}


@dataclass(frozen=True)
class Table:
    """A table of the page: what it is called, its header row and its body rows."""

    key: str
    """Its id on the page and, when `csv` is set, its CSV file: /insights/csv/<key>.csv."""
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Child, ...], ...]
    numeric: frozenset[int] = frozenset()
    """The columns holding numbers (right-aligned, so digits line up)."""
    csv: bool = True
    """False for a table whose numbers are in another table's CSV file."""
    csv_title: str = ""
    """What the CSV file holds, when it is more than this table."""


def count(value: int) -> str:
    return f"{value:,}"


TOO_FEW = "too few for a rate"


def rate(part: int, whole: int) -> str:
    """A percentage out of enough (report.MIN_FOR_RATE), else the counts with a caution:
    "100%" from one rating, or "0%" from none, would mislead."""
    if enough_for_a_rate(whole):
        return "under 1%" if 0 < part / whole < 0.005 else f"{part / whole:.0%}"
    return f"{count(part)} of {count(whole)}, {TOO_FEW}" if whole else "none yet"


def rate_value(part: int, whole: int) -> float:
    """What a rate's bar is drawn at: nothing when there are too few to tell."""
    return part / whole if enough_for_a_rate(whole) else 0.0


def week(monday: date) -> str:
    """Week commencing, as the partnership writes it."""
    return f"w/c {monday.day} {monday:%b %Y}"


def listing(items: Sequence[str]) -> Child:
    if not items:
        return "None"
    return element("ul", {"class": "cell-list"}, *(element("li", None, item) for item in items))


def questions_by_week(insights: Insights) -> tuple[Markup, Table]:
    weeks = sorted({item.week for item in insights.questions_by_week_and_theme})
    counts: dict[str, dict[date, int]] = {}
    for item in insights.questions_by_week_and_theme:
        counts.setdefault(item.theme, {})[item.week] = item.questions
    themes = sorted(counts, key=lambda theme: (-sum(counts[theme].values()), theme))
    totals = {w: sum(counts[t].get(w, 0) for t in themes) for w in weeks}
    busiest = max(weeks, key=lambda w: totals[w]) if weeks else insights.start
    chart = column_chart(
        "questions-by-week-chart",
        "Questions per week by theme",
        f"One row of weekly columns per theme, on one scale, most asked theme first: "
        f"{themes[0] if themes else 'none'}. The busiest week was {week(busiest)} with "
        f"{count(totals.get(busiest, 0))} questions. The table below gives every number.",
        [Columns("All questions", tuple(totals[w] for w in weeks))]
        + [Columns(theme, tuple(counts[theme].get(w, 0) for w in weeks)) for theme in themes],
        f"Tallest column: {count(totals.get(busiest, 0))} questions, {week(busiest)}.",
        week(weeks[0]) if weeks else "",
        week(weeks[-1]) if len(weeks) > 1 else "",
    )
    rows = [
        (
            theme,
            *(count(counts[theme].get(w, 0)) for w in weeks),
            count(sum(counts[theme].values())),
        )
        for theme in themes
    ]
    rows.append(("All questions", *(count(totals[w]) for w in weeks), count(sum(totals.values()))))
    return chart, Table(
        "questions_by_week_and_theme",
        "Questions per week by theme",
        ("Theme", *(week(w) for w in weeks), "Total"),
        tuple(rows),
        frozenset(range(1, len(weeks) + 2)),
    )


def ranking(
    key: str,
    caption: str,
    explained: str,
    bars: Sequence[Bar],
    unit: str,
    header: tuple[str, ...],
    rows: tuple[tuple[Child, ...], ...],
    numeric: int,
) -> tuple[Markup, Table]:
    """A view of items counted and ranked, most first: a bar each, the first named in the
    chart's description, and the table of the same items."""
    chart = bar_chart(
        f"{key.replace('_', '-')}-chart",
        caption,
        explained + (f": {bars[0].label}, {bars[0].note}{unit}." if bars else "."),
        bars,
    )
    return chart, Table(key, caption, header, rows, frozenset({numeric}))


def top_key_messages(insights: Insights) -> tuple[Markup, Table]:
    items = insights.top_key_messages
    return ranking(
        "top_key_messages",
        "Top key messages",
        "Bars show how many times each key message was given as an answer, most first",
        [Bar(item.title, item.answered, count(item.answered)) for item in items],
        " times",
        ("Key message", "Theme", "Times given"),
        tuple((item.title, item.theme, count(item.answered)) for item in items),
        2,
    )


def unanswered_by_week(insights: Insights) -> tuple[Markup, Table]:
    items = insights.unanswered_by_week
    rated = [item for item in items if enough_for_a_rate(item.questions)]
    worst = max(rated, key=lambda item: item.rate) if rated else None
    chart = column_chart(
        "unanswered-by-week-chart",
        "Unanswered rate per week",
        "One column per week; its height is the share of questions the assistant could not "
        f"understand; a week of fewer than {MIN_FOR_RATE} questions has no column (too few "
        "for a rate)"
        + (f". The highest was {worst.rate:.0%} in the {week(worst.week)}." if worst else "."),
        [
            Columns(
                "Share of questions not understood",
                tuple(rate_value(item.unanswered, item.questions) for item in items),
            )
        ],
        f"Tallest column: {worst.rate:.0%}, {week(worst.week)}." if worst else "",
        week(items[0].week) if items else "",
        week(items[-1].week) if len(items) > 1 else "",
        band_px=120,
    )
    return chart, Table(
        "unanswered_by_week",
        "Unanswered rate per week",
        ("Week", "Questions", "Not understood", "Not understood rate", "Outside the audits"),
        tuple(
            (
                week(item.week),
                count(item.questions),
                count(item.unanswered),
                rate(item.unanswered, item.questions),
                count(item.declined),
            )
            for item in items
        ),
        frozenset({1, 2, 3, 4}),
    )


NO_GROUP = "In no group (no topic word was left once minimised)"


def unanswered_groups(insights: Insights) -> tuple[Markup, Table]:
    """The groups, largest first, then the questions no group holds, so every unanswered
    question is counted somewhere."""
    rows = [(group.label, group.size, group.examples) for group in insights.unanswered_groups]
    if insights.unanswered_ungrouped:
        rows.append((NO_GROUP, insights.unanswered_ungrouped, ()))
    chart = bar_chart(
        "unanswered-groups-chart",
        "Unanswered questions by group",
        "Bars show how many unanswered questions each group holds, largest group first"
        + (f" (“{rows[0][0]}”, {count(rows[0][1])})" if rows else "")
        + "; questions in no group last.",
        [Bar(label, size, count(size)) for label, size, _ in rows],
    )
    return chart, Table(
        "unanswered_groups",
        "Unanswered questions by group",
        ("Group (the words its questions share)", "Questions", "Examples, as stored"),
        tuple((label, count(size), listing(examples)) for label, size, examples in rows),
        frozenset({1}),
    )


def helpfulness(insights: Insights) -> tuple[Markup, Table]:
    items = insights.helpfulness

    def note(item: Helpfulness) -> str:
        rated = rate(item.helpful, item.helpful + item.not_helpful)
        return f"{count(item.helpful)} helped, {count(item.not_helpful)} did not ({rated})"

    chart = bar_chart(
        "helpfulness-chart",
        "Helpfulness per key message",
        "Each bar is the share of ratings of a key message's answer that said it helped; the "
        f"full width is 100%. A key message rated fewer than {MIN_FOR_RATE} times has no bar "
        "(too few for a rate). The counts of each rating are in the labels and the table.",
        [
            Bar(item.title, rate_value(item.helpful, item.helpful + item.not_helpful), note(item))
            for item in items
        ],
        maximum=1.0,
        track=True,
    )
    return chart, Table(
        "helpfulness",
        "Helpfulness per key message",
        (
            "Key message",
            "Helped",
            "Did not help",
            "Helped rate",
            "Reasons it did not help",
            "Typed reasons, as stored",
        ),
        tuple(
            (
                item.title,
                count(item.helpful),
                count(item.not_helpful),
                rate(item.helpful, item.helpful + item.not_helpful),
                listing([f"{reason}: {count(n)}" for reason, n in item.reasons]),
                listing(item.typed_reasons),
            )
            for item in items
        ),
        frozenset({1, 2, 3}),
    )


def escalation(insights: Insights) -> tuple[Markup, Table, Table]:
    funnel = insights.funnel
    stages = [
        ("Started", funnel.started),
        ("Situation known", funnel.situation_known),
        ("Completed", funnel.completed),
        *((f"Stopped at: {step}", n) for step, n in funnel.stopped_at),
    ]
    chart = bar_chart(
        "escalation-chart",
        "Escalation route funnel",
        f"Of {count(funnel.started)} route finder conversations started, "
        f"{count(funnel.situation_known)} got as far as knowing the situation and "
        f"{count(funnel.completed)} were completed. Bars are scaled to those started; where "
        "people stopped follows.",
        [Bar(name, n, f"{count(n)} ({rate(n, funnel.started)})") for name, n in stages],
        maximum=max(funnel.started, *(n for _, n in stages)),
    )
    stage_table = Table(
        "escalation_funnel",
        "Escalation route funnel",
        ("Stage", "Conversations", "Share of those started"),
        tuple((name, count(n), rate(n, funnel.started)) for name, n in stages),
        frozenset({1, 2}),
        csv_title="Escalation route funnel and routes completed",
    )
    route_table = Table(
        "escalation_routes",
        "Escalation routes completed",
        ("Route", "Completed"),
        tuple((route, count(n)) for route, n in funnel.completed_by_route),
        frozenset({1}),
        csv=False,
    )
    return chart, stage_table, route_table


def channels(insights: Insights) -> tuple[Markup, Table]:
    total = sum(n for _, n in insights.channels)
    named = [(CHANNEL_NAMES.get(name, name), n) for name, n in insights.channels]
    chart = bar_chart(
        "channels-chart",
        "Questions by channel",
        "Bars show how many questions came by each channel, out of "
        f"{count(total)}, most used first.",
        [Bar(name, n, f"{count(n)} ({rate(n, total)})") for name, n in named],
    )
    return chart, Table(
        "channels",
        "Questions by channel",
        ("Channel", "Questions", "Share"),
        tuple((name, count(n), rate(n, total)) for name, n in named),
        frozenset({1, 2}),
    )


GAP_KINDS = {
    NOT_UNDERSTOOD_GAP: "Questions not understood",
    NOT_COVERED: "Not covered by the audits",
}
"""How a practice-gaps row that is not one of the audits' themes is described."""
NOT_RATED = "not rated"
"""No answer of the audits was given, so there is nothing to rate."""


def practice_gaps(insights: Insights) -> tuple[Markup, Table]:
    gaps = sorted(insights.practice_gaps, key=lambda gap: (-gap.questions, gap.theme))
    total = sum(gap.questions for gap in gaps)

    def helped(gap: ThemeGap) -> str:
        if gap.kind != THEME:
            return GAP_KINDS[gap.kind].lower()
        return f"{rate(gap.helpful, gap.rated)} helped" if gap.rated else "no ratings"

    chart = paired_chart(
        "practice-gaps-chart",
        "Practice gaps: themes asked most and least, and how often the answer helped",
        "Themes, questions not understood and topics the audits do not cover, from most to "
        "least asked. Left bars: questions, scaled to the most asked. Right bars: the share "
        f"of rated answers that helped, out of 100%, for a theme rated at least {MIN_FOR_RATE} "
        "times.",
        ("Questions", "Answer helped"),
        [
            Pair(
                gap.theme,
                gap.questions,
                gap.helpful / gap.rated if enough_for_a_rate(gap.rated) else None,
                f"{count(gap.questions)} questions ({rate(gap.questions, total)}), {helped(gap)}",
            )
            for gap in gaps
        ],
        max((gap.questions for gap in gaps), default=0),
    )
    return chart, Table(
        "practice_gaps",
        "Practice gaps by theme",
        (
            "Theme or topic",
            "What it is",
            "Questions",
            "Share of questions",
            "Helped",
            "Did not help",
            "Helped rate",
        ),
        tuple(
            (
                gap.theme,
                GAP_KINDS.get(gap.kind, "Audit theme"),
                count(gap.questions),
                rate(gap.questions, total),
                count(gap.helpful) if gap.kind == THEME else NOT_RATED,
                count(gap.not_helpful) if gap.kind == THEME else NOT_RATED,
                rate(gap.helpful, gap.rated) if gap.kind == THEME else NOT_RATED,
            )
            for gap in gaps
        ),
        frozenset({2, 3, 4, 5, 6}),
    )


def outcomes(insights: Insights) -> tuple[Markup, Table, Table]:
    """What happened to the questions, each counted once, and apart from them the turns that
    were not questions."""
    done = insights.outcomes
    rows = [
        ("Answered with a key message", done.answered),
        (
            f"Answered, with low confidence (below {insights.low_confidence_below:.0%}): "
            "the answer may be wrong",
            done.low_confidence,
        ),
        ("Outside the audits' coverage: told so plainly", done.declined),
        ("Not understood: offered the closest key messages", done.not_understood),
        ("Cases, audits, good practice or the route finder", done.other),
    ]
    chart = bar_chart(
        "outcomes-chart",
        "What happened to questions",
        f"Bars show how each of the {count(insights.questions)} questions was met, most "
        "common first in the table's order. Conversation turns are not questions: they are "
        "counted below the table.",
        [Bar(name, n, f"{count(n)} ({rate(n, insights.questions)})") for name, n in rows],
    )
    question_table = Table(
        "outcomes",
        "What happened to questions",
        ("Outcome", "Questions", "Share"),
        tuple((name, count(n), rate(n, insights.questions)) for name, n in rows),
        frozenset({1, 2}),
        csv_title="What happened to questions, and the turns that were not questions",
    )
    turn_table = Table(
        "conversation_turns",
        "Not counted as questions",
        ("Conversation turn", "Turns"),
        tuple((name, count(n)) for name, n in done.turns) or (("None", "0"),),
        frozenset({1}),
        csv=False,
    )
    return chart, question_table, turn_table


def declined_topics(insights: Insights) -> tuple[Markup, Table]:
    items = insights.declined_topics
    return ranking(
        "declined_topics",
        "Questions outside the audits' coverage, by topic",
        "Bars show how many questions on each topic the assistant told plainly the audits do "
        "not cover, most asked first",
        [Bar(item.topic, item.questions, count(item.questions)) for item in items],
        "",
        ("Topic", "Questions", "Examples, as stored"),
        tuple((item.topic, count(item.questions), listing(item.examples)) for item in items),
        1,
    )


@dataclass(frozen=True)
class View:
    """One section of the page: its chart and tables, what they mean, and what it says when
    the range holds nothing for it."""

    key: str
    title: str
    explanation: str
    build: Callable[[Insights], tuple[Markup, Table] | tuple[Markup, Table, Table]]
    """The chart, then its tables."""
    has_figures: Callable[[Insights], object]
    empty: str


NO_QUESTIONS = "No questions were asked in this range."

VIEWS = (
    View(
        "outcomes",
        "What happened to questions",
        "Each question once: answered (and whether the model was unsure, so the answer may "
        "be wrong), outside what the audits cover, or not understood. Acknowledgements, "
        "corrections, workshop and quiz answers and typed reasons are conversation turns, "
        "not questions: they are counted apart and in no other view.",
        outcomes,
        lambda insights: insights.questions or insights.outcomes.turns,
        NO_QUESTIONS,
    ),
    View(
        "questions-by-week",
        "Questions per week by theme",
        "How many questions practitioners asked each week, by the theme of the answer "
        "they got. Questions the assistant could not place are under “Not understood”.",
        questions_by_week,
        lambda insights: insights.questions,
        NO_QUESTIONS,
    ),
    View(
        "top-key-messages",
        "Top key messages",
        "The key messages given as answers most often: the learning practitioners reach for.",
        top_key_messages,
        lambda insights: insights.top_key_messages,
        "No key message was given in this range.",
    ),
    View(
        "unanswered-by-week",
        "Unanswered rate over time",
        "The share of questions each week that the assistant could not match to any "
        "learning. A rising rate means practitioners ask about things the audits do not "
        "cover, or ask in words the assistant does not know yet.",
        unanswered_by_week,
        lambda insights: insights.unanswered_by_week,
        NO_QUESTIONS,
    ),
    View(
        "unanswered-groups",
        "Unanswered questions, grouped",
        "Unanswered questions grouped by the words they share, largest group first, with "
        "examples. Questions are stored minimised: names and any word not known to be "
        "safe are replaced by “[removed]” before they are written.",
        unanswered_groups,
        lambda insights: insights.unanswered,
        "No unanswered questions in this range.",
    ),
    View(
        "declined-topics",
        "Topics outside the audits' coverage",
        "Safeguarding questions the audits do not cover, which the assistant said so "
        "plainly, by topic, with examples. The topics asked most are candidates for the "
        "next audit, or for pointing practitioners elsewhere.",
        declined_topics,
        lambda insights: insights.declined_topics,
        "No question outside the audits' coverage in this range.",
    ),
    View(
        "helpfulness",
        "Helpfulness per key message",
        "How often practitioners said an answer helped, per key message, with the reasons "
        "given when it did not. A low rate points at a key message to rewrite.",
        helpfulness,
        lambda insights: insights.helpfulness,
        "No answer was rated in this range.",
    ),
    View(
        "escalation",
        "Escalation route funnel",
        "How far practitioners got with the escalation route finder: started, told it the "
        "situation, completed the route, or stopped (and at which question).",
        escalation,
        lambda insights: insights.funnel.started,
        "The route finder was not used in this range.",
    ),
    View(
        "channels",
        "Channels",
        "Where questions came from: the intranet web chat or Microsoft Teams.",
        channels,
        lambda insights: insights.channels,
        NO_QUESTIONS,
    ),
    View(
        "practice-gaps",
        "Practice gaps: choosing the next audit's focus",
        "Every theme from most to least asked, beside how often its answers helped, with "
        "the questions not understood and each topic the audits do not cover. A theme "
        "asked often whose answers seldom help, a topic outside the audits asked often, "
        "or a theme rarely asked about although it matters locally, is a candidate for "
        f"the next audit's focus. A rate needs at least {MIN_FOR_RATE} answers: fewer are "
        "shown as counts.",
        practice_gaps,
        lambda insights: insights.practice_gaps,
        "No themes to compare in this range.",
    ),
)
