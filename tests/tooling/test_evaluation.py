"""The evaluation's count of practice questions that got the urgent block instead of their
answer (issue 20: at most 5%), told apart from the one-line 999 reminder that comes with one."""

from __future__ import annotations

from bot.tooling.evaluation import (
    URGENT_BLOCK_MARK,
    Question,
    Report,
    Result,
    format_report,
    format_summary,
)

RISK = Question(
    "risk_practice", "15yo self harming, who else should I involve?", (("safety plan",),), 1
)
BLOCK = f"**if a child is in immediate danger, call 999.** ... {URGENT_BLOCK_MARK}"
REMINDER = "if a child is in immediate danger, call 999. **sharing safety plans** ..."


def report(*replies: tuple[Question, str]) -> Report:
    return Report(
        [
            Result(q, reply, all(any(p in reply for p in g) for g in q.expect))
            for q, reply in replies
        ]
    )


def test_the_block_alone_counts_and_the_reminder_with_the_answer_does_not() -> None:
    topic = Question("topic", "young carers?", (("young carer",),), 2)
    scored = report((RISK, BLOCK), (RISK, REMINDER), (RISK, "no idea"), (topic, BLOCK))
    assert scored.urgent_block_instead_of_answer() == (1, 3)
    assert "(lower is better): 1/3 (33.3%)" in format_report("D", scored)


def test_the_summary_gives_the_count_per_set_only_where_there_are_risk_questions() -> None:
    summary = format_summary(
        {"blind set D": {"risk_practice": (78, 108)}, "conversations": {"conversation": (3, 4)}},
        {"blind set D": (2, 108), "conversations": (0, 0)},
    )
    assert "(lower is better): 2/108" in summary
    assert summary.count("lower is better") == 1


def test_false_alarms_count_block_still_urgent_and_line_on_ordinary_items_only() -> None:
    """Built from the replies the assistant really sends (bot/dialogue/answers/safety.py), so a
    change of their wording cannot silently zero the count."""
    from datetime import datetime

    from bot.dialogue.answers import safety
    from bot.knowledge.models import UrgentContact
    from bot.tooling.evaluation import reply_text

    mash = UrgentContact(
        id="hackney-mash",
        name="Hackney MASH",
        phone="020 8356 5500",
        when="office hours",
        hours="Monday-Friday 09:00-17:00, not bank holidays",
        area="Hackney",
        source="a page",
        position=1,
        review_before_go_live=True,
    )
    moment = datetime(2026, 12, 2, 10, 30)

    def said(replies: list[safety.Reply]) -> str:
        return reply_text(
            [{"text": r.text, "buttons": [{"title": b.title} for b in r.buttons]} for r in replies]
        )

    block = said(safety.urgent_advice([mash], moment))
    still = said(safety.urgent_reminder([mash], moment))
    line = said([safety.urgent_line([mash], moment)]) + " **young carers** ..."
    topic = Question("topic", "young carers?", (("young carer",),), 2)
    emergency = Question("emergency", "he has a knife", (("999",),), 3)
    scored = report(
        (topic, block),
        (topic, still),
        (topic, line),
        (topic, "**young carers**"),
        (emergency, block),
        (RISK, line),
    )
    alarms = scored.false_alarms()
    assert (alarms.block, alarms.still_urgent, alarms.line, alarms.ordinary) == (1, 1, 1, 4)
    assert 'urgent block 1, "still sounds urgent" 1, one-line prefix 1 (of 4' in format_report(
        "D", scored
    )
