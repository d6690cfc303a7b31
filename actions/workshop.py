"""What a trainer uses in the chat (data/workshop/): case walk-throughs, quizzes, discussion
questions, handouts and what to offer a workshop on an audit. The walk-through or quiz in
progress is kept in the workshop slot as ids, so the person can ask something else in between
and carry on with "next" (or any button still on screen, which carries its own ids)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.common import context_is, glossary, send, store
from bot.dialogue import understanding
from bot.dialogue.answers import workshop as answers
from bot.dialogue.answers.workshop import QUIZ, WALKTHROUGH, Activity
from bot.dialogue.context import Context
from bot.dialogue.replies import Reply
from bot.knowledge.models import Case, QuizQuestion, Source, WalkthroughStage
from bot.names import (
    ACTION_CHOOSE_OPTION,
    ACTION_DISCUSSION_QUESTIONS,
    ACTION_HANDOUT,
    ACTION_NEXT_STEP,
    ACTION_PLAN_WORKSHOP,
    ACTION_QUIZ,
    ACTION_WALK_THROUGH_CASE,
    AUDIT_SLOT,
    CASE_ENTITY,
    HANDOUT_KIND_ENTITY,
    KEY_MESSAGE_SLOT,
    OPTION_ENTITY,
    QUIZ_QUESTION_ENTITY,
    STAGE_ENTITY,
    THEME_ENTITY,
    WORKSHOP_SLOT,
)
from bot.web.urls import HandoutKind

_BRIEFING = ("brief", "7 min", "7-min", "seven min", "7min")


def _text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def _entity(tracker: Tracker, name: str) -> str | None:
    return understanding.entity_value(tracker.latest_message, name)


def _activity(tracker: Tracker) -> Activity | None:
    return Activity.from_slot(tracker.get_slot(WORKSHOP_SLOT))


def keep_activity(activity: Activity | None) -> list[EventType]:
    return [
        SlotSet(WORKSHOP_SLOT, activity.to_slot() if activity else None),
        context_is(Context.WORKSHOP if activity else Context.NEUTRAL),
    ]


def _named_case(session: Session, tracker: Tracker) -> Case | None:
    cases = store().cases(session)
    case_id = _entity(tracker, CASE_ENTITY)
    if case_id:
        return next((case for case in cases if case.id == case_id), None)
    return understanding.mentioned_case(
        _text(tracker), cases, store().sources(session), tracker.get_slot(AUDIT_SLOT)
    )


def _named_source(session: Session, tracker: Tracker) -> Source | None:
    sources = store().sources(session)
    source_id = _entity(tracker, AUDIT_SLOT)
    if source_id:
        return next((source for source in sources if source.id == source_id), None)
    return understanding.mentioned_source(_text(tracker), sources)


def _walkable(session: Session, source: Source | None = None) -> list[Case]:
    """The cases with a walk-through, of one audit or all."""
    return [
        case
        for case in store().cases(session)
        if (source is None or case.source_id == source.id) and store().walkthrough(session, case.id)
    ]


# --- walk-throughs -----------------------------------------------------------------------------


def _show_stage(
    stages: list[WalkthroughStage], number: int, session: Session
) -> tuple[list[Reply], Activity | None]:
    """Stage `number` of the walk-through, or its end when there is none."""
    if number > len(stages):
        case, source = stages[0].case, stages[0].source
        has_quiz = bool(store().quiz_questions(session, source_id=source.id))
        return answers.walkthrough_finished(case, source, has_quiz), None
    stage = stages[number - 1]
    return answers.stage_question(stage, len(stages)), Activity(
        WALKTHROUGH, case=stage.case_id, stage=number
    )


def _stage_by_id(session: Session, stage_id: str) -> tuple[list[WalkthroughStage], int] | None:
    stage = session.get(WalkthroughStage, stage_id)
    if stage is None:
        return None
    stages = store().walkthrough(session, stage.case_id)
    return stages, stage.stage


def _reveal(
    stages: list[WalkthroughStage], number: int, chosen: int | None
) -> tuple[list[Reply], Activity]:
    stage = stages[number - 1]
    return answers.stage_reveal(stage, chosen, len(stages)), Activity(
        WALKTHROUGH, case=stage.case_id, stage=number, waiting=False
    )


class ActionWalkThroughCase(Action):
    def name(self) -> str:
        return ACTION_WALK_THROUGH_CASE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        with store().session() as session:
            case = _named_case(session, tracker)
            if case is None:
                source = _named_source(session, tracker)
                send(dispatcher, answers.which_walkthrough(_walkable(session, source)))
                return []
            stages = store().walkthrough(session, case.id)
            if not stages:
                send(dispatcher, answers.no_walkthrough(case, _walkable(session, case.source)))
                return []
            replies, activity = _show_stage(stages, 1, session)
            send(dispatcher, replies)
            return [*keep_activity(activity), SlotSet(AUDIT_SLOT, case.source_id)]


# --- quizzes -----------------------------------------------------------------------------------


QUIZ_REQUEST_WORDS = ("quiz", "question", "questions", "test", "testing")
"""Words of the request itself, not of its topic."""


def _quiz_questions(session: Session, tracker: Tracker) -> list[QuizQuestion] | None:
    """The questions the message asks for: an audit's, a case's key messages', or a topic's;
    None when it names none of them."""
    source = _named_source(session, tracker)
    if source is not None:
        return store().quiz_questions(session, source_id=source.id)
    case = _named_case(session, tracker)
    if case is not None:
        on_case = {message.id for message in case.key_messages}
        return [
            q
            for q in store().quiz_questions(session, source_id=case.source_id)
            if q.key_message_id in on_case
        ]
    key_message_id = _entity(tracker, KEY_MESSAGE_SLOT)
    if key_message_id is None:
        ranking = understanding.key_message_ranking(tracker.latest_message)
        if understanding.is_clear(ranking):
            key_message_id = ranking[0].key_message_id
    if key_message_id is None:
        messages = {m.id: [m.title, *m.example_questions] for m in store().key_messages(session)}
        key_message_id = understanding.named_topic(
            _text(tracker), messages, glossary(), request_words=QUIZ_REQUEST_WORDS
        )
    if key_message_id is not None:
        return store().quiz_questions(session, key_message_id=key_message_id) or None
    return None


def _question(session: Session, question_id: str) -> QuizQuestion | None:
    return next((q for q in store().quiz_questions(session) if q.id == question_id), None)


def _show_question(session: Session, activity: Activity) -> list[Reply] | None:
    if activity.index >= len(activity.questions):
        return None
    by_id = {q.id: q for q in store().quiz_questions(session)}
    question = by_id.get(activity.questions[activity.index])
    if question is None:
        return None
    # A quiz on one topic says which, so the person sees the topic was understood.
    topics = {by_id[q].key_message_id for q in activity.questions if q in by_id}
    return answers.quiz_question_reply(
        question, activity.index + 1, len(activity.questions), on_topic=len(topics) == 1
    )


class ActionQuiz(Action):
    def name(self) -> str:
        return ACTION_QUIZ

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        with store().session() as session:
            return _start_quiz(dispatcher, session, _quiz_questions(session, tracker))


def _start_quiz(
    dispatcher: CollectingDispatcher, session: Session, questions: list[QuizQuestion] | None
) -> list[EventType]:
    """The quiz's first question, or which audit to be quizzed on when there is none."""
    if not questions:
        send(dispatcher, answers.which_quiz(store().sources(session)))
        return []
    activity = Activity(QUIZ, questions=tuple(q.id for q in questions))
    send(dispatcher, _show_question(session, activity) or [])
    return [*keep_activity(activity), SlotSet(AUDIT_SLOT, questions[0].source_id)]


def _quiz_feedback(
    session: Session, activity: Activity | None, question: QuizQuestion, chosen: int | None
) -> tuple[list[Reply], Activity | None]:
    """Feedback on an answer; counted when it answers the question the quiz is waiting on."""
    current = (
        activity is not None
        and activity.kind == QUIZ
        and activity.waiting
        and activity.index < len(activity.questions)
        and activity.questions[activity.index] == question.id
    )
    if not current or activity is None:
        return answers.quiz_feedback(question, chosen, 0, 0, has_next=False)[:1], activity
    right = chosen is not None and question.options[chosen].correct
    updated = Activity(
        QUIZ,
        questions=activity.questions,
        index=activity.index,
        waiting=False,
        correct=activity.correct + int(right),
        answered=activity.answered + int(chosen is not None),
    )
    has_next = activity.index + 1 < len(activity.questions)
    replies = answers.quiz_feedback(
        question, chosen, updated.correct, updated.answered, has_next=has_next
    )
    return replies, updated if has_next else None


# --- answers, next and stop --------------------------------------------------------------------


def _answer(
    session: Session, tracker: Tracker, activity: Activity | None
) -> tuple[list[Reply], Activity | None]:
    stage_id = _entity(tracker, STAGE_ENTITY)
    question_id = _entity(tracker, QUIZ_QUESTION_ENTITY)
    option = _entity(tracker, OPTION_ENTITY)
    if stage_id:
        found = _stage_by_id(session, stage_id)
        if found is None:
            return answers.nothing_in_progress(), activity
        stages, number = found
        chosen = answers.chosen_option(option, len(stages[number - 1].options))
        return _reveal(stages, number, _position(chosen))
    if question_id:
        question = _question(session, question_id)
        if question is None:
            return answers.nothing_in_progress(), activity
        chosen = answers.chosen_option(option, len(question.options))
        return _quiz_feedback(session, activity, question, _position(chosen))
    # Typed: "b", "option 2", "skip", answering what the activity in progress asked.
    if activity is None or not activity.waiting:
        return (answers.nothing_in_progress() if activity is None else _say_next()), activity
    if activity.kind == WALKTHROUGH and activity.case:
        stages = store().walkthrough(session, activity.case)
        if not stages or activity.stage > len(stages):
            return answers.nothing_in_progress(), None
        typed = answers.typed_option(_text(tracker), len(stages[activity.stage - 1].options))
        if typed is None:
            return _pick_one(), activity
        return _reveal(stages, activity.stage, _position(typed))
    question = _question(session, activity.questions[activity.index])
    if question is None:
        return answers.nothing_in_progress(), None
    typed = answers.typed_option(_text(tracker), len(question.options))
    if typed is None:
        return _pick_one(), activity
    return _quiz_feedback(session, activity, question, _position(typed))


def _position(chosen: int | str | None) -> int | None:
    """An option's position, or None for a skip."""
    return chosen if isinstance(chosen, int) else None


def _pick_one() -> list[Reply]:
    return [Reply('Pick one of the options with its button or letter, or say "skip".')]


def _say_next() -> list[Reply]:
    return [Reply('Say "next" to go on, or "stop" to finish.')]


def go_on(session: Session, tracker: Tracker) -> tuple[list[Reply], Activity | None]:
    """The reveal or answer if one is waiting, else the next stage or question; a button
    names the stage or question it follows, so an old button still goes to the right one."""
    activity = _activity(tracker)
    stage_id = _entity(tracker, STAGE_ENTITY)
    question_id = _entity(tracker, QUIZ_QUESTION_ENTITY)
    if stage_id:
        found = _stage_by_id(session, stage_id)
        if found is None:
            return answers.nothing_in_progress(), activity
        stages, number = found
        return _show_stage(stages, number + 1, session)
    if question_id and activity is not None and question_id in activity.questions:
        activity = Activity(
            QUIZ,
            questions=activity.questions,
            index=activity.questions.index(question_id),
            waiting=False,
            correct=activity.correct,
            answered=activity.answered,
        )
    if activity is None:
        return answers.nothing_in_progress(), None
    if activity.kind == WALKTHROUGH and activity.case:
        stages = store().walkthrough(session, activity.case)
        if not stages:
            return answers.nothing_in_progress(), None
        if activity.waiting and activity.stage <= len(stages):
            return _reveal(stages, activity.stage, None)
        return _show_stage(stages, activity.stage + 1, session)
    if activity.waiting:
        question = _question(session, activity.questions[activity.index])
        if question is not None:
            return _quiz_feedback(session, activity, question, None)
    following = Activity(
        QUIZ,
        questions=activity.questions,
        index=activity.index + 1,
        correct=activity.correct,
        answered=activity.answered,
    )
    shown = _show_question(session, following)
    if shown is None:
        question = _question(session, activity.questions[-1])
        if question is None:
            return answers.nothing_in_progress(), None
        return [answers.quiz_score(activity.correct, activity.answered, question.source)], None
    return shown, following


class ActionChooseOption(Action):
    def name(self) -> str:
        return ACTION_CHOOSE_OPTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        with store().session() as session:
            replies, activity = _answer(session, tracker, _activity(tracker))
            send(dispatcher, replies)
        return keep_activity(activity)


class ActionNextStep(Action):
    def name(self) -> str:
        return ACTION_NEXT_STEP

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        with store().session() as session:
            replies, activity = go_on(session, tracker)
            send(dispatcher, replies)
        return keep_activity(activity)


def stop_activity(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """Stops the walk-through or quiz in progress (a quiz gives its score); None when there is
    none, so "stop" means what else it may (the escalation route finder)."""
    activity = _activity(tracker)
    if activity is None:
        return None
    with store().session() as session:
        source = None
        if activity.kind == QUIZ and activity.questions:
            question = _question(session, activity.questions[0])
            source = question.source if question else None
        send(dispatcher, answers.workshop_stopped(activity, source))
    return keep_activity(None)


# --- discussion, handouts, workshops ---------------------------------------------------------


class ActionDiscussionQuestions(Action):
    def name(self) -> str:
        return ACTION_DISCUSSION_QUESTIONS

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        with store().session() as session:
            case = _named_case(session, tracker)
            if case is not None:
                stages = store().walkthrough(session, case.id)
                send(dispatcher, answers.discussion_questions(case, stages))
                return [SlotSet(AUDIT_SLOT, case.source_id)]
            source = _named_source(session, tracker)
            cases = [
                case
                for case in store().cases(session)
                if not case.referred_only and (source is None or case.source_id == source.id)
            ]
            send(dispatcher, answers.which_discussion(cases, source))
            return [SlotSet(AUDIT_SLOT, source.id)] if source else []


class ActionHandout(Action):
    def name(self) -> str:
        return ACTION_HANDOUT

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = _text(tracker).lower()
        kind = _entity(tracker, HANDOUT_KIND_ENTITY)
        with store().session() as session:
            case = _named_case(session, tracker)
            if case is not None and kind != HandoutKind.AUDIT.value:
                briefing = kind == HandoutKind.BRIEFING.value or (
                    kind is None and any(w in text for w in _BRIEFING)
                )
                send(dispatcher, answers.case_handout(case, briefing))
                return [SlotSet(AUDIT_SLOT, case.source_id)]
            source = _named_source(session, tracker)
            if source is not None:
                send(dispatcher, answers.audit_handout(source))
                return [SlotSet(AUDIT_SLOT, source.id)]
            themes = store().themes(session)
            theme_id = _entity(tracker, THEME_ENTITY)
            theme = (
                next((t for t in themes if t.id == theme_id), None)
                if theme_id
                else understanding.mentioned_theme(text, themes)
            )
            if theme is None:
                ranking = understanding.key_message_ranking(tracker.latest_message)
                if understanding.is_clear(ranking):
                    message = store().key_message(session, ranking[0].key_message_id)
                    theme = next((t for t in themes if message and t.id == message.theme_id), None)
            if theme is not None:
                send(dispatcher, answers.theme_handout(theme))
                return []
            send(
                dispatcher, answers.which_handout(store().sources(session), store().cases(session))
            )
            return []


class ActionPlanWorkshop(Action):
    def name(self) -> str:
        return ACTION_PLAN_WORKSHOP

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        with store().session() as session:
            source = _named_source(session, tracker)
            if source is None:
                case = _named_case(session, tracker)
                source = case.source if case is not None else None
            if source is None:
                send(dispatcher, answers.which_workshop(store().sources(session)))
                return []
            quiz = store().quiz_questions(session, source_id=source.id)
            send(dispatcher, answers.workshop_offer(source, _walkable(session, source), len(quiz)))
            return [SlotSet(AUDIT_SLOT, source.id)]


def correct_activity(
    dispatcher: CollectingDispatcher, tracker: Tracker, other_audit: bool
) -> list[EventType] | None:
    """A correction in the middle of a quiz or walk-through ("no, the other audit", "I meant
    Barak"): the quiz or walk-through it names, else the same on the other audit's cases or
    questions; None when nothing is in progress."""
    activity = _activity(tracker)
    if activity is None:
        return None
    with store().session() as session:
        if activity.kind == QUIZ:
            current = _question(session, activity.questions[0]) if activity.questions else None
            questions = None if other_audit else _quiz_questions(session, tracker)
            if not questions or tuple(q.id for q in questions) == activity.questions:
                others = [
                    s
                    for s in store().sources(session)
                    if current is None or s.id != current.source_id
                ]
                questions = (
                    store().quiz_questions(session, source_id=others[0].id) if others else []
                )
            return _start_quiz(dispatcher, session, questions)
        case = None if other_audit else _named_case(session, tracker)
        if case is not None and case.id != activity.case:
            stages = store().walkthrough(session, case.id)
            if stages:
                replies, started_walk = _show_stage(stages, 1, session)
                send(dispatcher, replies)
                return [*keep_activity(started_walk), SlotSet(AUDIT_SLOT, case.source_id)]
        current_case = next((c for c in store().cases(session) if c.id == activity.case), None)
        choices = [
            c
            for c in _walkable(session)
            if c.id != activity.case
            and (not other_audit or current_case is None or c.source_id != current_case.source_id)
        ]
        if len(choices) == 1:
            replies, started_walk = _show_stage(
                store().walkthrough(session, choices[0].id), 1, session
            )
            send(dispatcher, replies)
            return [*keep_activity(started_walk), SlotSet(AUDIT_SLOT, choices[0].source_id)]
        send(dispatcher, answers.which_walkthrough(choices))
        return keep_activity(activity)
