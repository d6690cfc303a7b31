"""The report's figures, table by table, on a fortnight of events worked out by hand
(tests/insights/usage.py): what a question is, the ISO weeks, the range's edges, and the
knowledge's titles with ids for what it no longer holds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from bot.insights.events import EventKind
from bot.insights.report import (
    NOT_COVERED,
    NOT_UNDERSTOOD_GAP,
    QUESTION_KINDS,
    DeclinedTopic,
    Funnel,
    Helpfulness,
    Insights,
    KeyMessageCount,
    ThemeGap,
    WeekRate,
    WeekThemeCount,
    compute,
)
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import Settings
from tests.insights.usage import (
    DISGUISED,
    END,
    FORTNIGHT,
    START,
    WEEKS,
    WITNESSING,
    add_events,
    answered,
    at,
    kind,
    unanswered,
)

MONDAY_2, MONDAY_9, MONDAY_16 = WEEKS


@pytest.fixture
def store(fixture_settings: Settings) -> Iterator[KnowledgeStore]:
    load_knowledge(fixture_settings, environ={})
    store = KnowledgeStore.from_settings(fixture_settings)
    yield store
    store.engine.dispose()


@pytest.fixture
def fortnight(store: KnowledgeStore) -> Insights:
    add_events(store, FORTNIGHT)
    return compute(store, START, END)


def test_a_question_is_an_answer_a_miss_a_case_or_audit_or_the_route_finder() -> None:
    assert sorted(kind.value for kind in QUESTION_KINDS) == [
        "answered",
        "audit_described",
        "case_described",
        "declined",
        "escalation_started",
        "good_practice",
        "unanswered",
    ]


def test_questions_are_counted_per_iso_week_and_theme_inside_the_range(fortnight: Insights) -> None:
    assert (fortnight.start, fortnight.end, fortnight.questions) == (START, END, 17)
    assert fortnight.questions_by_week_and_theme == (
        WeekThemeCount(MONDAY_2, "Engaging families", 2),
        WeekThemeCount(MONDAY_2, "Cases and audits", 1),
        WeekThemeCount(MONDAY_2, "Not understood", 1),
        WeekThemeCount(MONDAY_9, "Escalation routes", 3),
        WeekThemeCount(MONDAY_9, "Cases and audits", 2),
        WeekThemeCount(MONDAY_9, "Not understood", 2),
        WeekThemeCount(MONDAY_9, "Engaging families", 1),
        WeekThemeCount(MONDAY_9, "Escalation and multi-agency working", 1),
        WeekThemeCount(MONDAY_9, "Information sharing", 1),
        WeekThemeCount(MONDAY_9, "retired-theme", 1),
        WeekThemeCount(MONDAY_16, "Engaging families", 1),
        WeekThemeCount(MONDAY_16, "Not understood", 1),
    )


def test_top_key_messages_most_answered_first_then_by_title(fortnight: Insights) -> None:
    assert fortnight.top_key_messages == (
        KeyMessageCount("disguised-compliance", "Disguised compliance", "Engaging families", 4),
        KeyMessageCount(
            "calling-professionals-meetings",
            "Calling professionals meetings",
            "Escalation and multi-agency working",
            1,
        ),
        KeyMessageCount(
            "children-witnessing-domestic-abuse",
            "Children who witness domestic abuse",
            "Information sharing",
            1,
        ),
        KeyMessageCount("retired-message", "retired-message", "retired-theme", 1),
    )


def test_unanswered_rate_per_week(fortnight: Insights) -> None:
    assert fortnight.unanswered_by_week == (
        WeekRate(MONDAY_2, 4, 1),
        WeekRate(MONDAY_9, 11, 2),
        WeekRate(MONDAY_16, 2, 1),
    )
    assert [week.rate for week in fortnight.unanswered_by_week] == [0.25, 2 / 11, 0.5]
    assert (fortnight.unanswered, fortnight.unanswered_rate) == (4, 4 / 17)


def test_unanswered_questions_are_grouped_and_placeholders_only_are_counted_apart(
    fortnight: Insights,
) -> None:
    (group,) = fortnight.unanswered_groups
    assert (group.label, group.size) == ("FGM", 3)
    assert sorted(group.examples) == [
        "mum asked me about FGM for her daughter",
        "what are the signs of FGM",
        "who do I tell about suspected FGM",
    ]
    assert fortnight.unanswered_ungrouped == 1


def test_helpfulness_least_helpful_first_with_reason_labels_and_typed_reasons(
    fortnight: Insights,
) -> None:
    assert fortnight.helpfulness == (
        Helpfulness(
            "disguised-compliance",
            "Disguised compliance",
            helpful=2,
            not_helpful=2,
            reasons=(("Not enough detail", 2), ("Typed", 2)),
            typed_reasons=("=wanted a phone number", "too long to read"),
        ),
        Helpfulness(
            "children-witnessing-domestic-abuse",
            "Children who witness domestic abuse",
            helpful=0,
            not_helpful=1,
            reasons=(("It seems out of date", 1),),
            typed_reasons=(),
        ),
        Helpfulness(
            "retired-message",
            "retired-message",
            helpful=0,
            not_helpful=0,
            reasons=(("retired-reason", 1),),
            typed_reasons=(),
        ),
    )


def test_a_typed_reason_without_a_key_message_is_kept(store: KnowledgeStore) -> None:
    add_events(store, [(at(5), "webchat", kind(EventKind.FEEDBACK_REASON, text="too vague"))])
    assert compute(store, START, END).helpfulness == (
        Helpfulness("", "(no key message recorded)", 0, 0, (("Typed", 1),), ("too vague",)),
    )


def test_escalation_funnel_with_steps_labelled_and_routes_titled(fortnight: Insights) -> None:
    assert fortnight.funnel == Funnel(
        started=3,
        situation_known=2,
        completed=2,
        stopped_at=(("What is wrong", 1), ("What you have tried", 1), ("No question open", 1)),
        completed_by_route=(
            ("A family is not engaging, or engagement seems disguised", 1),
            ("retired-route", 1),
        ),
    )


def test_questions_per_channel(fortnight: Insights) -> None:
    assert fortnight.channels == (("webchat", 11), ("teams", 4), ("rest", 1), ("unknown", 1))


def test_practice_gaps_every_theme_and_not_understood_most_asked_first(fortnight: Insights) -> None:
    assert fortnight.practice_gaps == (
        ThemeGap("Engaging families", 4, 4 / 11, helpful=2, not_helpful=2),
        ThemeGap("Not understood", 4, 4 / 11, 0, 0, NOT_UNDERSTOOD_GAP),
        ThemeGap("Escalation and multi-agency working", 1, 1 / 11, helpful=0, not_helpful=0),
        ThemeGap("Information sharing", 1, 1 / 11, helpful=0, not_helpful=1),
        ThemeGap("retired-theme", 1, 1 / 11, helpful=0, not_helpful=0),
    )


def test_practice_gaps_put_the_least_asked_themes_last(store: KnowledgeStore) -> None:
    add_events(
        store,
        [(at(5), "webchat", answered(WITNESSING))] * 3 + [(at(5), "webchat", answered(DISGUISED))],
    )
    gaps = compute(store, START, END).practice_gaps
    assert [(gap.theme, gap.questions, gap.share) for gap in gaps] == [
        ("Information sharing", 3, 0.75),
        ("Engaging families", 1, 0.25),
        ("Escalation and multi-agency working", 0, 0.0),
        ("Not understood", 0, 0.0),
    ]


def test_one_day_range_takes_its_first_and_last_hour_only(store: KnowledgeStore) -> None:
    add_events(store, FORTNIGHT)
    first = compute(store, START, START)
    assert (first.questions, [week.week for week in first.unanswered_by_week]) == (2, [MONDAY_2])
    last = compute(store, END, END)
    assert (last.questions, last.unanswered) == (1, 1)
    day_before = compute(store, date(2026, 3, 3), date(2026, 3, 3))
    assert day_before.top_key_messages[0].key_message_id == "children-witnessing-domestic-abuse"
    assert day_before.questions == 1


def test_a_range_without_events_lists_every_week_and_theme_at_nought(store: KnowledgeStore) -> None:
    empty = compute(store, date(2026, 1, 1), date(2026, 1, 12))
    assert empty.questions == 0
    assert empty.unanswered_by_week == (
        WeekRate(date(2025, 12, 29), 0, 0),
        WeekRate(date(2026, 1, 5), 0, 0),
        WeekRate(date(2026, 1, 12), 0, 0),
    )
    assert [(gap.theme, gap.questions, gap.share) for gap in empty.practice_gaps] == [
        ("Engaging families", 0, 0.0),
        ("Escalation and multi-agency working", 0, 0.0),
        ("Information sharing", 0, 0.0),
        ("Not understood", 0, 0.0),
    ]
    assert empty.funnel.stopped_at == (("What is wrong", 0), ("What you have tried", 0))
    assert (empty.questions_by_week_and_theme, empty.helpfulness, empty.channels) == ((), (), ())
    assert (empty.unanswered_groups, empty.unanswered_rate) == ((), 0.0)


def test_a_range_ending_before_it_starts_is_refused(store: KnowledgeStore) -> None:
    with pytest.raises(ValueError, match="ends"):
        compute(store, END, START)


def test_declined_questions_are_questions_under_their_topic_and_a_view_of_their_own(
    store: KnowledgeStore,
) -> None:
    add_events(
        store,
        [
            (at(5), "webchat", kind(EventKind.DECLINED, topic="fgm", text="FGM school nurse")),
            (at(5), "webchat", kind(EventKind.DECLINED, topic="fgm", text="FGM school nurse")),
            (at(6), "teams", kind(EventKind.DECLINED, topic="lone-working", text="lone working")),
            (at(6), "teams", kind(EventKind.DECLINED, topic=None, text=None)),
            (at(6), "teams", answered(DISGUISED)),
        ],
    )
    insights = compute(store, START, END, topic_labels={"fgm": "female genital mutilation"})
    assert (insights.questions, insights.unanswered) == (5, 0)
    assert insights.outcomes.declined == 4
    assert insights.declined_topics == (
        DeclinedTopic("female genital mutilation", 2, ("FGM school nurse",)),
        DeclinedTopic("(no topic recorded)", 1, ()),
        DeclinedTopic("lone working", 1, ("lone working",)),
    )
    assert insights.unanswered_by_week[0].declined == 4
    covered = [
        (gap.theme, gap.questions) for gap in insights.practice_gaps if gap.kind == NOT_COVERED
    ]
    assert covered == [
        ("female genital mutilation", 2),
        ("(no topic recorded)", 1),
        ("lone working", 1),
    ]
    assert [row.theme for row in insights.questions_by_week_and_theme] == [
        "Outside the audits' coverage",
        "Engaging families",
    ]


def test_answers_below_the_confidence_setting_are_counted_apart(store: KnowledgeStore) -> None:
    add_events(
        store,
        [
            (at(5), "webchat", answered(DISGUISED) | {"confidence": 0.31}),
            (at(5), "webchat", answered(DISGUISED) | {"confidence": 0.95}),
            (at(5), "webchat", answered(WITNESSING) | {"confidence": 0.6}),
            (at(5), "webchat", answered(WITNESSING)),  # older versions recorded no confidence
        ],
    )
    assert compute(store, START, END).outcomes.low_confidence == 1
    outcomes = compute(store, START, END, low_confidence=0.7).outcomes
    assert (outcomes.all_answered, outcomes.low_confidence, outcomes.answered) == (4, 2, 2)


STORED_TURNS = [
    "ok",
    "OK thanks",
    "im fine",
    "no not really",
    "thats not what I asked",
    "no I meant the other one",
    "answer: I would call a strategy meeting first",
    "b",
    "option C",
]


def test_turns_stored_as_unanswered_by_older_versions_are_not_questions(
    store: KnowledgeStore,
) -> None:
    events = [(at(5, 9 + i), "webchat", unanswered(text)) for i, text in enumerate(STORED_TURNS)]
    events += [
        # A typed reason: older versions stored it twice, as a reason and as unanswered.
        (
            at(6),
            "teams",
            kind(
                EventKind.FEEDBACK_REASON, key_message_id=DISGUISED[0], text="wanted phone numbers"
            ),
        ),
        (at(6), "teams", unanswered("wanted phone numbers")),
        # The same words an hour later, with no reason beside them, are a question.
        (at(6, 11), "teams", unanswered("wanted phone numbers")),
        (at(6, 12), "webchat", unanswered("lone working policy for evening visits")),
        (at(6, 12), "webchat", kind(EventKind.CONVERSATION_TURN, reason="acknowledgement")),
        (at(6, 12), "webchat", kind(EventKind.CONVERSATION_TURN, reason="workshop_answer")),
    ]
    add_events(store, events)
    insights = compute(store, START, END)
    assert (insights.questions, insights.unanswered) == (2, 2)
    assert insights.channels == (("teams", 1), ("webchat", 1))
    assert sorted(
        example for group in insights.unanswered_groups for example in group.examples
    ) == ["lone working policy for evening visits", "wanted phone numbers"]
    assert dict(insights.outcomes.turns) == {
        "Acknowledgements (“ok”, “thanks”, “no”)": 5,
        "Corrections (“no, I meant…”)": 2,
        "Workshop answers and reflections": 2,
        "Quiz and walk-through options typed (“b”)": 2,
        "Typed reasons an answer did not help": 1,
    }
    assert insights.unanswered_by_week[0] == WeekRate(MONDAY_2, 2, 2)


def test_feedback_on_a_forged_key_message_id_is_left_out(store: KnowledgeStore) -> None:
    add_events(
        store,
        [
            (at(5), "webchat", kind(EventKind.FEEDBACK, key_message_id="x' OR 1=1", helpful=True)),
            (at(5), "webchat", kind(EventKind.FEEDBACK_REASON, key_message_id="junk", reason="a")),
            (at(5), "webchat", kind(EventKind.FEEDBACK_REASON, key_message_id="junk", text="t")),
            (at(5), "webchat", kind(EventKind.FEEDBACK, key_message_id=DISGUISED[0], helpful=True)),
            # a key message no longer in the knowledge, but once given: kept, by its id
            (at(1), "webchat", answered(("retired-message", "retired-theme"))),
            (
                at(5),
                "webchat",
                kind(EventKind.FEEDBACK, key_message_id="retired-message", helpful=False),
            ),
        ],
    )
    assert [row.key_message_id for row in compute(store, START, END).helpfulness] == [
        "retired-message",
        "disguised-compliance",
    ]
