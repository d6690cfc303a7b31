"""The step of an answer a question asks about is shown first (bot/dialogue/answers/learning.py)."""

from __future__ import annotations

from bot.dialogue.answers.learning import (
    ASKED_STEP_MARGIN,
    asked_step,
    key_message_answer,
    steps_in_order,
)
from bot.knowledge.models import KeyMessage, Source
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import Settings

STEPS = ["first", "second", "third", "fourth", "fifth"]


def test_a_late_step_clearly_nearest_the_question_comes_first() -> None:
    assert asked_step([0.15, 0.39, 0.14, 0.38, 0.59]) == 4
    assert steps_in_order(STEPS, [0.15, 0.39, 0.14, 0.38, 0.59]) == [
        "fifth",
        "first",
        "second",
        "third",
        "fourth",
    ]


def test_the_audits_order_stays_when_no_late_step_is_clearly_asked_about() -> None:
    # the nearest step is one shown anyway
    assert asked_step([0.6, 0.2, 0.1, 0.3, 0.2]) is None
    # a late step near, but not clearly nearer than the first steps
    assert asked_step([0.45, 0.2, 0.1, 0.45 + ASKED_STEP_MARGIN / 2, 0.2]) is None
    # nothing near enough to be what the question asks about
    assert asked_step([0.1, 0.1, 0.1, 0.35, 0.1]) is None
    assert steps_in_order(STEPS, [0.1, 0.1, 0.1, 0.35, 0.1]) == STEPS


def test_without_a_similarity_for_each_step_the_order_is_the_audits() -> None:
    assert steps_in_order(STEPS, []) == STEPS
    assert steps_in_order(STEPS, [0.0, 0.0, 0.9]) == STEPS
    assert asked_step([0.1, 0.9]) is None


ESCALATING = [
    "Raise it with your supervisor first.",
    "Agree a plan with the other agency.",
    "If that fails, use the partnership's escalation policy.",
]


def test_a_step_said_to_have_failed_goes_last_and_the_steps_after_it_come_first() -> None:
    assert steps_in_order(ESCALATING, (), "what if my supervisor won't act on it") == [
        ESCALATING[1],
        ESCALATING[2],
        ESCALATING[0],
    ]


def test_a_failing_role_no_step_names_or_no_failure_keeps_the_audits_order() -> None:
    # the manager is named as failing, but no step of this answer goes to a manager
    assert steps_in_order(ESCALATING, (), "and if my manager can't sort it") == ESCALATING
    # the supervisor is named, nothing said to fail
    assert steps_in_order(ESCALATING, (), "should my supervisor know") == ESCALATING


def test_a_second_step_asked_about_comes_first_when_a_long_first_step_leaves_no_room() -> None:
    # the first screen fits one step in the audit's order: the second is not "shown anyway"
    assert asked_step([0.3, 0.62, 0.2, 0.1], shown=1) == 1
    assert asked_step([0.3, 0.62, 0.2, 0.1]) is None  # two fit: the second is shown anyway
    assert asked_step([0.55, 0.62, 0.2, 0.1], shown=1) is None  # not clearly nearer


def test_the_step_asked_about_is_on_the_first_screen_though_the_first_step_is_long() -> None:
    long_first = " ".join(["word"] * 40) + "."
    asked = "Consider checks on social media at a strategy meeting."
    message = KeyMessage(
        id="a-topic",
        title="A topic",
        summary="A summary of the topic.",
        source=Source(short_title="SEND audit 2016-17"),
        actions=[long_first, " ".join(["other"] * 30) + " " + asked, "A third step."],
    )
    text = key_message_answer(message, "social media checks", asked=[0.3, 0.7, 0.1])[0].text
    assert asked in text
    assert asked not in key_message_answer(message, "social media checks")[0].text


def test_a_dna_question_sees_was_not_brought_on_the_first_screen(settings: Settings) -> None:
    """Non-attendance's headline is that 'did not attend' means children are not being brought: its
    first screen says it whatever step is asked ("we logged it as a DNA, is that ok?"), not only
    the audit's hostility finding."""
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        message = next(
            m for m in store.key_messages(session) if m.title == "Non-attendance at services"
        )
        for question in ("we logged it as a DNA, is that ok?", "parents hostile to every service"):
            first = key_message_answer(message, question)[0].text
            assert "children are not being brought to appointments" in first
            assert "Source: SEND audit 2016-17" in first


def test_asked_whether_to_record_a_concern_the_recording_step_comes_first() -> None:
    """Holding Difficult Conversations asks whether unconfirmed family issues are recorded on
    file, in supervision or with partner agencies, as its fourth step: a question asking
    whether to write a concern down or take it further sees that step first."""
    steps = [
        "Engage parents in difficult conversations.",
        "Use routine enquiry.",
        "Challenge parents where necessary.",
        "Consider whether you record any unconfirmed family issues on file, in supervision or "
        "with the relevant partner agencies.",
        "Access the training programme for support.",
    ]
    for question in (
        "only second-hand so far, do we put it on the file",
        "do I take this to my supervisor even though nothing is proven",
        "dad hinted at something then laughed it off, do I log it",
        "should I pass it on to other agencies",
        "is it alright to jot that down when she later denied saying it",
        "not sure whether to flag this with the health visitor",
        "must the stalled plan be taken up with my supervisor",
        "should we be bringing the stop-start engagement to supervision",
    ):
        assert steps_in_order(steps, (), question)[0] == steps[3], question
    # asked how to hold the conversation: the audit's order
    assert steps_in_order(steps, (), "how do I bring up a hard subject with parents") == steps
    # a supervisor, a recording or the records only mentioned: nothing asked about recording
    for question in (
        "in supervision I was told I shy away from challenging dad, is that fair",
        "the father filmed and recorded the whole visit on his phone, how do I handle that",
        "our records show dad nods along in every meeting, yet the plan never moves",
        "supervision keeps telling me to be more curious with parents, what does that mean",
    ):
        assert steps_in_order(steps, (), question) == steps, question
