"""A hand-built Insights for the page tests: every number distinct (three digits, none a part
of another), so a test can find each one in the rendered tables and know where it came from."""

from __future__ import annotations

from datetime import date

from bot.insights.report import (
    NOT_COVERED,
    NOT_UNDERSTOOD_GAP,
    DeclinedTopic,
    Funnel,
    Helpfulness,
    Insights,
    KeyMessageCount,
    Outcomes,
    ThemeGap,
    UnansweredGroup,
    WeekRate,
    WeekThemeCount,
)

SCRIPT = "<script>window.__xss = 1</script>"
IMG = '<img src=x onerror="window.__xss = 2">'

WEEK_1, WEEK_2 = date(2025, 3, 3), date(2025, 3, 10)

INSIGHTS = Insights(
    start=date(2025, 3, 3),
    end=date(2025, 3, 16),
    questions=911,
    questions_by_week_and_theme=(
        WeekThemeCount(WEEK_1, "Engaging families", 301),
        WeekThemeCount(WEEK_1, "Not understood", 102),
        WeekThemeCount(WEEK_2, "Engaging families", 203),
        WeekThemeCount(WEEK_2, "Information sharing", 305),
    ),
    top_key_messages=(
        KeyMessageCount("disguised-compliance", "Disguised compliance", "Engaging families", 404),
        KeyMessageCount("sharing-records", "Sharing records", "Information sharing", 202),
    ),
    unanswered_by_week=(WeekRate(WEEK_1, 403, 102, 269), WeekRate(WEEK_2, 508, 127, 271)),
    unanswered_groups=(
        UnansweredGroup("fgm signs", 117, (f"what are fgm signs {SCRIPT}", "fgm [removed]")),
        UnansweredGroup("prevent referral", 112, (IMG, "prevent referral how")),
    ),
    helpfulness=(
        Helpfulness(
            "disguised-compliance",
            "Disguised compliance",
            helpful=131,
            not_helpful=137,
            reasons=(("Not enough detail", 139), ("Typed", 141)),
            typed_reasons=(f"too long {SCRIPT}",),
        ),
        Helpfulness("sharing-records", "Sharing records", 149, 0, (), ()),
        Helpfulness("rarely-rated", "Rarely rated", 1, 0, (), ()),
    ),
    funnel=Funnel(
        started=157,
        situation_known=151,
        completed=113,
        stopped_at=(("What is wrong", 163), ("What you have tried", 167)),
        completed_by_route=(("Professional disagreement", 173),),
    ),
    channels=(("webchat", 719), ("teams", 192)),
    practice_gaps=(
        ThemeGap("Engaging families", 504, 0.5, 131, 137),
        ThemeGap("Information sharing", 305, 0.3, 149, 0),
        ThemeGap("Not understood", 229, 0.2, 0, 0, NOT_UNDERSTOOD_GAP),
        ThemeGap("lone working", 251, 0.2, 0, 0, NOT_COVERED),
        ThemeGap("Neglect", 3, 0.0, 1, 0),
        ThemeGap("Online safety", 0, 0.0, 0, 0),
    ),
    unanswered_ungrouped=179,
    outcomes=Outcomes(
        answered=607,
        low_confidence=211,
        declined=223,
        not_understood=229,
        other=233,
        turns=(("Acknowledgements", 239), ("Workshop answers and reflections", 241)),
    ),
    declined_topics=(
        DeclinedTopic("lone working", 251, ("lone working policy for visits", IMG)),
        DeclinedTopic("(no topic recorded)", 113, ()),
    ),
)
