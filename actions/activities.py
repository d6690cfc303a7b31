"""What a trainer uses in the chat (data/activities/): case walk-throughs, quizzes, discussion
questions, handouts and what to offer a workshop on an audit. Thin: the walk-through or quiz in
progress and its transitions are bot.dialogue.activity; these actions read the tracker, call it
and send what it says, keeping the activity in the activity slot."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.common import context_is, escalation_guide, glossary, send, store
from actions.safety import ActionUrgentAdvice, marks_risk, urgent_follow_up
from actions.turn_before import next_case_by_number, read_with_turn_before
from bot.dialogue import activity as steps
from bot.dialogue import true_false, understanding
from bot.dialogue import workshop_plan as plans
from bot.dialogue.activity import QUIZ, Activity, Material, Said, Step
from bot.dialogue.activity_requests import (
    ACTIVITY_REQUEST_WORDS,
    DISCUSSION_REQUEST_WORDS,
    WALKTHROUGH_REQUEST_WORDS,
    Request,
    asked_bullets,
    asked_count,
    asked_minutes,
    asks_for_a_plan,
    asks_for_another,
    asks_for_case_study,
    asks_for_glossary_quiz,
    asks_for_live_workshop,
    asks_for_scenario,
    asks_for_the_answers,
    asks_for_walkthrough,
    asks_of_the_whole_audit,
    asks_one_page,
    asks_to_shorten,
    names_a_session_length,
    names_no_session,
    names_true_or_false,
    names_what_is_in_hand,
    on_escalation,
    says_answers,
    says_what_is_quoted,
    taken_in_turn,
    topic_phrase,
    with_answers,
    without_what_is_in_hand,
)
from bot.dialogue.answers import activities as answers
from bot.dialogue.answers import safety as safety_answers
from bot.dialogue.answers.cases import audit_description
from bot.dialogue.answers.learning import more_prompts
from bot.dialogue.audiences import key_messages_for, learning_audience
from bot.dialogue.case_focus import (
    ASKING_WORDS,
    asks_which_case_from,
    bot_texts,
    case_findings,
    named_in,
    says_briefly,
    without_brevity,
    without_naming,
)
from bot.dialogue.case_quiz import CaseQuestion, asks_for_case_quiz, case_questions
from bot.dialogue.context import (
    Context,
    context_before,
    is_button,
    previous_turn,
    previous_user_parse,
    topic_left_open,
)
from bot.dialogue.escalation.replies import scenario_exercise
from bot.dialogue.lead_requests import names_the_audits
from bot.dialogue.moves import topic_words
from bot.dialogue.options import letter
from bot.dialogue.terms import Term
from bot.dialogue.turn_before import key_message_set
from bot.dialogue.workshop_requests import (
    PLAN_LOOK_BACK,
    asks_for_poll,
    names_a_topic_besides_the_poll,
    plan_in_hand,
    poll_asked_again,
    poll_in_hand,
    poll_part,
    running_request,
    workshop_offered,
)
from bot.knowledge.citations import case_label, citation
from bot.knowledge.escalation.matching import match_situation
from bot.knowledge.models import Case, KeyMessage, QuizQuestion, Source, WalkthroughStage
from bot.names import (
    ACTION_CHOOSE_OPTION,
    ACTION_DISCUSSION_QUESTIONS,
    ACTION_HANDOUT,
    ACTION_NEXT_STEP,
    ACTION_PLAN_WORKSHOP,
    ACTION_QUIZ,
    ACTION_WALK_THROUGH_CASE,
    ACTIVITY_SLOT,
    AUDIT_SLOT,
    HANDOUT_KIND_ENTITY,
    KEY_MESSAGE_SLOT,
    OPTION_ENTITY,
    QUIZ_QUESTION_ENTITY,
    STAGE_ENTITY,
)
from bot.safeguards.contact_requests import (
    asks_for_contacts,
    contacts_come_first,
    names_the_contacts,
)
from bot.web.urls import HandoutKind

_BRIEFING = ("brief", "7 min", "7-min", "seven min", "7min")


def _text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def _entity(tracker: Tracker, name: str) -> str | None:
    return understanding.entity_value(tracker.latest_message, name)


def _said(tracker: Tracker) -> Said:
    return Said(
        text=_text(tracker),
        stage=_entity(tracker, STAGE_ENTITY),
        question=_entity(tracker, QUIZ_QUESTION_ENTITY),
        option=_entity(tracker, OPTION_ENTITY),
    )


def _activity(tracker: Tracker) -> Activity | None:
    return Activity.from_slot(tracker.get_slot(ACTIVITY_SLOT))


def _material(session: Session) -> Material:
    return Material(store(), session)


def keep_activity(activity: Activity | None) -> list[EventType]:
    return [
        SlotSet(ACTIVITY_SLOT, activity.to_slot() if activity else None),
        context_is(Context.ACTIVITY if activity else Context.NEUTRAL),
    ]


def _request(session: Session, tracker: Tracker) -> Request:
    return Request(store(), session, tracker.latest_message, tracker.get_slot(AUDIT_SLOT))


# --- walk-throughs and quizzes -----------------------------------------------------------------


def _walk(
    dispatcher: CollectingDispatcher,
    material: Material,
    case: Case,
    stages: list[WalkthroughStage] | None = None,
) -> list[EventType]:
    """The walk-through of `case` (which has one), at its first stage."""
    replies, activity = steps.show_stage(material, stages or material.stages(case.id), 1)
    send(dispatcher, replies)
    return [*keep_activity(activity), SlotSet(AUDIT_SLOT, case.source_id)]


class DangerLineFirst(Action, ABC):
    """An activity's action whose answer to a message with a sign of danger in it opens with
    999 and the number for now, as a learning answer does: "case 4 please, the toddler has
    stopped breathing" gets the case walked only after it (review of conv41)."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        from actions.learning import put_danger_line_first  # imports this module

        sent = len(dispatcher.messages)
        events = await self.answer(dispatcher, tracker, domain)
        put_danger_line_first(dispatcher, tracker.latest_message, sent)
        return events

    @abstractmethod
    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """The action's own answer, before the danger line is put first."""


class ActionWalkThroughCase(DangerLineFirst):
    def name(self) -> str:
        return ACTION_WALK_THROUGH_CASE

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if not is_button(tracker.latest_message) and not asks_for_walkthrough(_text(tracker)):
            # "now case 3" right after a case was shown: the next case, not its walk-through
            shown = next_case_by_number(dispatcher, tracker)
            if shown is not None:
                return shown
        with store().session() as session:
            material, request = _material(session), _request(session, tracker)
            case = request.case() or _case_on_topic(material, request)
            if case is None:
                source = request.source()
                send(dispatcher, answers.which_walkthrough(material.walkable(source)))
                return []
            stages = material.stages(case.id)
            if not stages:
                send(dispatcher, answers.no_walkthrough(case, material.walkable(case.source)))
                return []
            return _walk(dispatcher, material, case, stages)


def walk_in_audit_named(
    dispatcher: CollectingDispatcher, tracker: Tracker, source_id: str
) -> list[EventType] | None:
    """ "not that one, the mental health one" after "Which case shall we walk through?": the
    case the request before named by number, walked through in the audit now named; None
    when the last turn asked no such thing or that audit has no such case to walk."""
    asked = any(
        e.get("event") == "action" and e.get("name") == ACTION_WALK_THROUGH_CASE
        for e in previous_turn(tracker.events)
    )
    if not asked:
        return None
    before = str(previous_user_parse(tracker.events).get("text") or "")
    with store().session() as session:
        material = _material(session)
        there = [case for case in store().cases(session) if case.source_id == source_id]
        case = understanding.mentioned_case(before, there, store().sources(session), source_id)
        if case is None or not material.stages(case.id):
            return None
        return _walk(dispatcher, material, case)


def _case_on_topic(material: Material, request: Request) -> Case | None:
    """The case to walk through for a topic ("walk us through the relevant case on 'was not
    brought'"): the one case with a walk-through that its key message cites; None when the
    request names an audit, or no topic, or the topic's cases leave a choice."""
    if request.source() is not None:
        return None
    topic = request.topic(glossary(), WALKTHROUGH_REQUEST_WORDS)
    walkable = [case for case in topic.cases if material.stages(case.id)] if topic else []
    return walkable[0] if len(walkable) == 1 else None


class ActionQuiz(Action):
    def name(self) -> str:
        return ACTION_QUIZ

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return quiz(dispatcher, tracker)


def quiz(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """A quiz on what the message names, from its first question; a quiz idea asked back
    ("'Diagnosis can be a distraction.' Which audit case is that from?"): that case."""
    text = _text(tracker)
    if asks_which_case_from(text) and not is_button(tracker.latest_message):
        from actions.cases import case_from, told_case_replies  # its imports reach this module

        with store().session() as session:
            case = case_from(text, store().cases(session))
            if case is not None:
                send(dispatcher, told_case_replies(case, text))
                return [SlotSet(AUDIT_SLOT, case.source_id)]
    if asks_for_glossary_quiz(text) and not is_button(tracker.latest_message):
        terms = _terms_to_quiz(text)
        if names_true_or_false(text):
            # "icebreaker: true/false on the acronyms": each term with its own or another's,
            # another taken from outside the round so no true one gives it away
            statements = true_false.term_statements(terms, _glossary_terms())
            send(dispatcher, answers.glossary_true_false(statements))
        else:
            send(dispatcher, answers.glossary_quiz(terms))
        return []
    again = case_quiz_answers_again(dispatcher, tracker)
    if again is not None:
        return again
    with store().session() as session:
        request = _request(session, tracker)
        if (
            asks_for_case_quiz(text)
            and request.case() is None
            and not is_button(tracker.latest_message)
        ):
            # "a 4 question quiz on the SEND audit cases": which case each fact is from
            asked = _case_quiz(session, request)
            if asked:
                send(dispatcher, answers.case_quiz(*asked, with_answers(text)))
                source = request.source()
                return [SlotSet(AUDIT_SLOT, source.id)] if source is not None else []
        questions = request.quiz_questions(glossary())
        case = request.case() if request.source() is None else None
        heading = plan_in_hand(tracker.events)
        if not questions and heading is not None:
            # "and a short quiz to finish" after a session's plan: on what the plan is on
            planned = _planned_subject(session, heading)
            source = planned if isinstance(planned, Source) else None
            questions = store().quiz_questions(session, source_id=source.id) if source else None
        count = asked_count(text)
        typed = not is_button(tracker.latest_message)
        if questions and typed and names_true_or_false(text):
            # "true or false quiz about escalation, 6 statements": the quiz's own options
            said = true_false.statements(_spread(questions, len(questions)), count)
            send(dispatcher, answers.true_false_sheet(said, _quizzed_on(questions, case)))
            return [SlotSet(AUDIT_SLOT, questions[0].source_id)]
        if questions and count:
            # "a 6 question quiz on the SEND audit": that many, over as many topics as it can
            questions = _spread(questions, count)
        if questions and with_answers(text) and typed:
            send(dispatcher, answers.quiz_sheet(questions, _quizzed_on(questions, case)))
            return [SlotSet(AUDIT_SLOT, questions[0].source_id)]
        return _start_quiz(dispatcher, session, questions, case)


def _case_quiz(session: Session, request: Request) -> tuple[list[CaseQuestion], str] | None:
    """The questions of a quiz on the cases of the audit named (else of every audit), as
    many as asked, and what it is on; None when the cases give no fact to ask."""
    source = request.source()
    cases = [c for c in store().cases(session) if source is None or c.source_id == source.id]
    questions = case_questions(cases, asked_count(request.text))
    if not questions:
        return None
    return questions, (f"the {source.short_title}" if source is not None else THE_AUDITS)


def case_quiz_answers_again(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "Now give me the answers with a line of explanation each" right after a quiz on the
    cases: its answers, the quiz read again from the request that made it; None otherwise."""
    text = _text(tracker)
    if is_button(tracker.latest_message) or not (asks_for_the_answers(text) or says_answers(text)):
        return None
    turn = previous_turn(tracker.events)
    if not any(text.startswith(answers.CASE_QUIZ_HEADING) for text in bot_texts(turn)):
        return None
    with store().session() as session:
        before = previous_user_parse(tracker.events)
        asked = _case_quiz(session, Request(store(), session, before, None))
        if asked is None:
            return None
        send(dispatcher, answers.case_quiz_answers(asked[0]))
        sources = {q.case.source_id for q in asked[0]}
    # never empty: an empty list is falsy, and the replies after it in a chain would follow
    return [
        context_is(Context.NEUTRAL),
        *(SlotSet(AUDIT_SLOT, s) for s in sources if len(sources) == 1),
    ]


def _quizzed_on(questions: list[QuizQuestion], case: Case | None) -> str:
    """What a quiz given whole is on: the case asked for, else the few key messages its
    questions are on, else their audit (or the audits)."""
    if case is not None:
        return _subject_title(case)
    topics = list({q.key_message_id: q.key_message for q in questions}.values())
    if len(topics) <= answers.MAX_NAMED_TOPICS:
        return answers.on_topics(topics)
    sources = tuple({q.source_id: q.source for q in questions}.values())
    return _subject_title(sources if len(sources) > 1 else sources[0])


DEFAULT_GLOSSARY_QUESTIONS = 10


def _glossary_terms() -> list[Term]:
    from actions.moves import terms  # imports this module

    return list(terms())


def _terms_to_quiz(text: str) -> list[Term]:
    """The abbreviations a glossary quiz asks: those the message names first, then the
    others the glossary spells out, as many as asked (ten unless it says)."""
    spelt = [term for term in _glossary_terms() if term.stands_for]
    words = set(re.findall(r"[a-z0-9]+", text.lower()))
    named = [term for term in spelt if term.term.lower() in words]
    ordered = [*named, *(term for term in spelt if term not in named)]
    return ordered[: asked_count(text) or max(DEFAULT_GLOSSARY_QUESTIONS, len(named))]


def _spread(questions: list[QuizQuestion], count: int) -> list[QuizQuestion]:
    """`count` of the questions, one per key message first (in order), then the others."""
    firsts: dict[str, QuizQuestion] = {}
    for question in questions:
        firsts.setdefault(question.key_message_id, question)
    chosen = list(firsts.values())
    chosen += [q for q in questions if q not in chosen]
    return chosen[:count]


def _start_quiz(
    dispatcher: CollectingDispatcher,
    session: Session,
    questions: list[QuizQuestion] | None,
    case: Case | None = None,
) -> list[EventType]:
    """The quiz's first question, or which audit to be quizzed on when there is none; a quiz
    asked for on a case says it is on that case's key messages."""
    if not questions:
        send(dispatcher, answers.which_quiz(store().sources(session)))
        return []
    replies, activity = steps.start_quiz(_material(session), questions)
    if case is not None:
        replies = answers.on_case(case, replies)
    send(dispatcher, replies)
    return [*keep_activity(activity), SlotSet(AUDIT_SLOT, questions[0].source_id)]


class ActionChooseOption(DangerLineFirst):
    def name(self) -> str:
        return ACTION_CHOOSE_OPTION

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        urgent = urgent_follow_up(dispatcher, tracker)  # "its 11pm" after urgent advice
        if urgent is not None:
            return urgent
        within = within_activity(dispatcher, tracker)  # "skip to the outcome"
        if within is not None:
            return within
        if _activity(tracker) is None and not is_button(tracker.latest_message):
            # "the second one please" with no quiz running: a choice from the list the last
            # turn gave (the cases a term names, the steps of a route), if it gave one
            from actions.last_turn import on_last_turn  # imports this module

            chosen = on_last_turn(dispatcher, tracker)
            if chosen is not None:
                return chosen
            text = _text(tracker)
            if not steps.only_an_activity_move(topic_words(text) - ASKING_WORDS):
                # "which team do I pass a concern to tonight": a word of a quiz's move in a
                # message that says more, and no quiz to move in; understood as any message
                return await _understood_anew(dispatcher, tracker, domain, text)
        with store().session() as session:
            replies, activity = steps.answer(_material(session), _said(tracker), _activity(tracker))
            send(dispatcher, replies)
        return keep_activity(activity)


async def _understood_anew(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], text: str
) -> list[EventType]:
    """A message taken for an activity's move with none running: the urgent contacts if it
    asks for them, else the learning its words find (or the closest to choose from)."""
    if asks_for_contacts(text):
        return await ActionUrgentAdvice().run(dispatcher, tracker, domain)
    from actions.learning import answer_learning  # imports this module

    return answer_learning(dispatcher, tracker)


def go_on(session: Session, tracker: Tracker) -> Step:
    """ "next", "ok", "go on": the walk-through or quiz in progress goes on."""
    return steps.go_on(_material(session), _said(tracker), _activity(tracker))


class ActionNextStep(DangerLineFirst):
    def name(self) -> str:
        return ACTION_NEXT_STEP

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        urgent = urgent_follow_up(dispatcher, tracker)  # "its 11pm" after urgent advice
        if urgent is not None:
            return urgent
        within = within_activity(dispatcher, tracker)  # "go back to the start"
        if within is not None:
            return within
        if _activity(tracker) is None and not is_button(tracker.latest_message):
            # "next", "who next" with no walk-through or quiz running: more of what is open
            # (the answer's next part, the escalation step after this one), never "there is
            # no walk-through in progress" to someone who never started one
            from actions.moves import ActionConversationMove  # imports this module
            from bot.dialogue.moves import Move

            return await ActionConversationMove().run(dispatcher, tracker, domain, Move.MORE)
        with store().session() as session:
            replies, activity = go_on(session, tracker)
            send(dispatcher, replies)
        return keep_activity(activity)


def within_activity(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """A move inside the walk-through or quiz in progress: one more, back a stage, back to the
    start, on to the outcome, or its learning ("what's the key learning I should end on" on the
    case walked; "just list the key messages" stops a quiz for its audit's); None when
    nothing is in progress, the turn before was not the activity's, or the message makes no
    such move."""
    activity = _activity(tracker)
    if activity is None or is_button(tracker.latest_message):
        return None
    if context_before(tracker.events) is not Context.ACTIVITY:
        return None
    text = _text(tracker)
    if activity.kind == QUIZ and activity.questions and asks_for_the_answers(text):
        # "can I have the answers with a line from the audit for each": the quiz's answers,
        # each with its key message and case; the quiz goes on where it was
        with store().session() as session:
            material = _material(session)
            asked = [material.question(question_id) for question_id in activity.questions]
            found = [question for question in asked if question is not None]
            if found:
                send(dispatcher, answers.quiz_answers(found))
                return keep_activity(activity)
    # "and the learning points again, in short please": the move its other words make, briefly
    in_short = says_briefly(text)
    moving = without_brevity(text) if in_short else text
    move = steps.move_within(moving, topic_words(moving) - ASKING_WORDS)
    if move is None:
        return _answered_in_words(dispatcher, text, activity)
    with store().session() as session:
        if move is steps.Within.NEXT:
            replies, following = go_on(session, tracker)
            send(dispatcher, replies)
            return keep_activity(following)
        material = _material(session)
        if move is steps.Within.REVEAL:
            replies, following = steps.reveal_answer(material, activity)
            send(dispatcher, replies)
            return keep_activity(following)
        if move is steps.Within.SCORE:
            send(dispatcher, steps.score_so_far(material, activity))
            return keep_activity(activity)
        if activity.kind == steps.WALKTHROUGH and activity.case:
            stages = material.stages(activity.case)
            if not stages:
                return None
            if move is steps.Within.LEARNING:
                send(dispatcher, case_findings(stages[0].case, in_short))
                return keep_activity(activity)
            number = {
                steps.Within.START: 1,
                steps.Within.BACK: max(1, activity.stage - 1),
                steps.Within.OUTCOME: len(stages),
            }[move]
            replies, shown = steps.show_stage(material, stages, number)
            send(dispatcher, replies)
            return keep_activity(shown)
        if move in (steps.Within.START, steps.Within.BACK):
            back = steps.quiz_back(material, activity, to_start=move is steps.Within.START)
            if back is None:
                return None
            send(dispatcher, back[0])
            return keep_activity(back[1])
        question = material.question(activity.questions[0]) if activity.questions else None
        if move is not steps.Within.LEARNING or question is None:
            return None
        send(dispatcher, [*steps.stopped(material, activity), *audit_description(question.source)])
        return [*keep_activity(None), SlotSet(AUDIT_SLOT, question.source_id)]


def _answered_in_words(
    dispatcher: CollectingDispatcher, text: str, activity: Activity
) -> list[EventType] | None:
    """An answer to the options in words ("escalate it to my manager"): the option they say."""
    with store().session() as session:
        material = _material(session)
        position = steps.worded_option(text, steps.waiting_options(material, activity))
        if position is None:
            return None
        replies, following = steps.answer(material, Said(text=letter(position)), activity)
        send(dispatcher, replies)
    return keep_activity(following)


def stop_activity(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """Stops the walk-through or quiz in progress (a quiz gives its score); None when there is
    none, so "stop" means what else it may (the escalation route finder)."""
    activity = _activity(tracker)
    if activity is None:
        return None
    with store().session() as session:
        send(dispatcher, steps.stopped(_material(session), activity))
    return keep_activity(None)


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
        material = _material(session)
        if activity.kind == QUIZ:
            named = None if other_audit else _request(session, tracker).quiz_questions(glossary())
            return _start_quiz(dispatcher, session, steps.quiz_instead(material, activity, named))
        case = None if other_audit else _request(session, tracker).case()
        instead = steps.walk_instead(material, activity, case, other_audit)
        if isinstance(instead, Case):
            return _walk(dispatcher, material, instead)
        send(dispatcher, answers.which_walkthrough(instead))
        return keep_activity(activity)


# --- discussion, handouts, planning a workshop ----------------------------------------------


def _case_walked(session: Session, tracker: Tracker) -> Case | None:
    """The case of the walk-through in progress: "what could I ask the group at this point?"
    is on it."""
    activity = _activity(tracker)
    if activity is None or activity.kind != steps.WALKTHROUGH or activity.case is None:
        return None
    return session.get(Case, activity.case)


def _quizzed_audit(session: Session, tracker: Tracker) -> Source | None:
    """The audit of the quiz in progress."""
    activity = _activity(tracker)
    if activity is None or activity.kind != QUIZ or not activity.questions:
        return None
    question = _material(session).question(activity.questions[0])
    return question.source if question is not None else None


class ActionDiscussionQuestions(Action):
    def name(self) -> str:
        return ACTION_DISCUSSION_QUESTIONS

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return discussion_questions(dispatcher, tracker)


def discussion_questions(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """A group's questions on what the trainer is on: the case named, else the walk-through's
    case, else the topics named one by one, else the topic named ("reflective questions on
    information sharing"), else the topic just answered or handed out, else the one case the
    last turn showed ("and a few reflective questions to go with it" after a case's handout);
    else which case. A sign of danger in the message gets 999 and the number for now first,
    as a learning answer does."""
    from actions.learning import danger_line_first  # imports this module

    before = danger_line_first(tracker.latest_message)
    if before is not None:
        send(dispatcher, [before])
    with store().session() as session:
        request = _request(session, tracker)
        case = request.case() or _case_walked(session, tracker)
        scenario = asks_for_scenario(request.text) and not is_button(tracker.latest_message)
        if scenario and case is None and on_escalation(request.text):
            # "scenario exercise on escalation - who to go to, in what order"
            return _escalation_scenario(dispatcher, session, request.text)
        topics = request.topics_named(glossary()) if case is None else []
        if len(topics) > 1:
            # "reflective questions on young carers and siblings": each topic's, in turn
            shown = topics[: answers.MAX_NAMED_TOPICS]
            send(dispatcher, [r for t in shown for r in more_prompts(t)])
            return [SlotSet(KEY_MESSAGE_SLOT, shown[-1].id), context_is(Context.ANSWERED)]
        topic = topics[0] if topics else None
        if case is None and topic is None:
            # the response selector's choice only for a topic of its own ("on information
            # sharing"), never for "questions to go with it"
            phrase = topic_phrase(request.text)
            topic = request.topic(glossary(), DISCUSSION_REQUEST_WORDS, ranked=phrase is not None)
            if topic is None and phrase is not None and request.theme() is None:
                # a theme named ("on information sharing") gets its topics' questions
                topic = _topic_meant(session, tracker, phrase)
            left = topic_left_open(tracker.events)
            in_hand = (
                store().key_message(session, left.key_message_id)
                if left is not None and left.key_message_id and not left.offered
                else None
            )
            if phrase is None and topic is not None and in_hand is not None:
                # "what questions should I put to my conference" after an answer and a word on
                # its case: the topic in hand, unless the message names another by a word of
                # its title
                said = understanding.topic_stems(request.text, glossary())
                titled = said & understanding.topic_stems(topic.title)
                topic = topic if titled else in_hand
        source = request.source()
        whole = case is None and topic is None and asks_of_the_whole_audit(request.text)
        if whole and source is not None:
            # "reflective questions from the mental health audit key messages"
            send(dispatcher, answers.audit_questions(source, asked_minutes(request.text)))
            return [SlotSet(AUDIT_SLOT, source.id)]
        if case is None and topic is None:
            topic = _topic_in_context(session, tracker)
        if case is None and topic is None:
            case = named_in(bot_texts(previous_turn(tracker.events)), store().cases(session))
        told = [c for c in topic.cases if not c.referred_only] if topic is not None else []
        if scenario and told and topic is not None:
            # "a scenario-based question about DNAs": the topic's case, with its questions
            count = asked_count(request.text)
            send(dispatcher, answers.case_topic_questions(told[0], topic, count, scenario=True))
            return [SlotSet(AUDIT_SLOT, topic.source_id), SlotSet(KEY_MESSAGE_SLOT, topic.id)]
        if topic is not None:
            send(dispatcher, more_prompts(topic))
            return [SlotSet(KEY_MESSAGE_SLOT, topic.id), context_is(Context.ANSWERED)]
        theme = request.theme() if case is None else None
        if theme is not None:
            send(dispatcher, answers.theme_questions(theme))
            return []
        # the topic the request names besides the case, read without the case's name
        steering = (
            Request(
                store(), session, {**request.message, "text": without_naming(request.text, case)}
            ).topic(glossary(), DISCUSSION_REQUEST_WORDS, ranked=False)
            if case is not None and topic is None
            else None
        )
        if case is not None and steering is not None:
            # "discussion questions on disability masking abuse, using caryn as the case"
            count = asked_count(request.text)
            send(dispatcher, answers.case_topic_questions(case, steering, count, scenario))
            return [SlotSet(AUDIT_SLOT, case.source_id), SlotSet(KEY_MESSAGE_SLOT, steering.id)]
        if case is not None:
            stages = store().walkthrough(session, case.id)
            text = request.text
            study = asks_for_case_study(text) or scenario
            send(dispatcher, answers.discussion_questions(case, stages, asked_count(text), study))
            return [SlotSet(AUDIT_SLOT, case.source_id)]
        cases = [
            case
            for case in store().cases(session)
            if not case.referred_only and (source is None or case.source_id == source.id)
        ]
        send(dispatcher, answers.which_discussion(cases, source))
        return [SlotSet(AUDIT_SLOT, source.id)] if source else []


def _escalation_scenario(
    dispatcher: CollectingDispatcher, session: Session, text: str
) -> list[EventType]:
    """A scenario on escalation for a room: the route its words describe (else the first,
    the audit's own), told by the audited case of its first key message, the route to reveal."""
    routes = escalation_guide()
    route = routes.route(match_situation(routes, text)) or routes.routes[0]
    first = route.key_messages[0].id if route.key_messages else None
    message = store().key_message(session, first) if first else None
    send(dispatcher, scenario_exercise(route, message))
    return [SlotSet(AUDIT_SLOT, message.source_id)] if message else []


def _topic_meant(session: Session, tracker: Tracker, phrase: str) -> KeyMessage | None:
    """The key message a request's topic is about in everyday words ("about parents refusing
    info sharing"): the learning's own judgement of those words alone (selector, BM25 and the
    nearest example), when it is sure; the request's other words ("20 mins with health
    visitors") would pull it elsewhere."""
    from actions.learning import opinion  # imports this module

    found = opinion({**tracker.latest_message, "text": phrase})
    if not found.confident or not found.ranking:
        return None
    return store().key_message(session, found.ranking[0].key_message_id)


def _topic_in_context(session: Session, tracker: Tracker) -> KeyMessage | None:
    """The topic the last turn answered or handed out, when it is still the one in hand."""
    if context_before(tracker.events) != Context.ANSWERED:
        return None
    key_message_id = tracker.get_slot(KEY_MESSAGE_SLOT)
    return store().key_message(session, key_message_id) if key_message_id else None


class ActionHandout(Action):
    def name(self) -> str:
        return ACTION_HANDOUT

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return handout(dispatcher, tracker)


def _asks_for_briefing(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _BRIEFING)


def handout(
    dispatcher: CollectingDispatcher, tracker: Tracker, message: Mapping[str, Any] | None = None
) -> list[EventType]:
    """The handout the message asks for: a case's (or its 7-minute briefing), an audit's, a
    theme's on the topic named. Naming none ("can I have that as a pdf"), it is the handout
    just given, else the topic just answered, else the one case the last turn showed; else
    which handout. `message`: the request read instead of the latest one."""
    asked = tracker.latest_message if message is None else message
    text = str(asked.get("text") or "").lower()
    kind = understanding.entity_value(asked, HANDOUT_KIND_ENTITY)
    with store().session() as session:
        request = Request(store(), session, asked, tracker.get_slot(AUDIT_SLOT))
        case = request.case()
        if case is not None and kind != HandoutKind.AUDIT.value:
            briefing = kind == HandoutKind.BRIEFING.value or (
                kind is None and _asks_for_briefing(text)
            )
            send(dispatcher, answers.case_handout(case, briefing))
            return [SlotSet(AUDIT_SLOT, case.source_id)]
        if contacts_come_first(text) or (
            names_the_contacts(text)
            and (topic_phrase(text) is None or request.topic_id(glossary(), ranked=False) is None)
        ):
            # "a contacts sheet for new starters", "one page with the key numbers": the urgent
            # numbers, a printed list asked for in any words ("a list I can print"), not an
            # audit's handout ("a handout on young carers with the contacts" is on young carers)
            send(dispatcher, safety_answers.contacts_handout(store().urgent_contacts(session)))
            return []
        source = request.source()
        audience = learning_audience(text)
        if audience is not None:
            # "key messages slide for GPs from both audits": every audit's, for them
            sources = [source] if source is not None else store().sources(session)
            chosen = key_messages_for(audience, store().key_messages(session))
            send(dispatcher, answers.audience_key_messages(audience, sources, chosen))
            return []
        if (
            source is None
            and names_the_audits(text)
            and request.theme() is None
            and request.topic_id(glossary(), ranked=False) is None
        ):
            # "a one page handout with the key messages from both audits": each audit's (a
            # theme's across both, "on escalation learning across both audits", is the theme's)
            send(dispatcher, answers.audits_handout(store().sources(session), asks_one_page(text)))
            return []
        topics = request.topics_named(glossary())
        if topics:
            # "a handout about services for children who see domestic abuse, from the SEND
            # audit", "on young carers and school nursing": those topics, not the whole audit
            send(dispatcher, answers.topics_handouts(topics))
            return [SlotSet(KEY_MESSAGE_SLOT, topics[0].id), context_is(Context.ANSWERED)]
        if source is not None:
            send(dispatcher, answers.audit_handout(source))
            return [SlotSet(AUDIT_SLOT, source.id)]
        named = request.topic(glossary(), ranked=False) if message is None else None
        titled = named is not None and bool(
            understanding.topic_stems(without_what_is_in_hand(text), glossary())
            & understanding.topic_stems(named.title)
        )
        if message is None and names_what_is_in_hand(text) and not titled:
            # "and a handout to go with that section": the topic just given, unless the
            # message names another by a word of its title
            again = _handout_in_hand(dispatcher, tracker, session)
            if again is not None:
                return again
        topic = request.topic(glossary())
        theme = request.theme(topic)
        if theme is not None:
            send(dispatcher, answers.theme_handout(theme, topic))
            if topic is None or topic.theme_id != theme.id:
                return []
            # its summary given, "which case is that from?" and "more" are on the topic
            return [SlotSet(KEY_MESSAGE_SLOT, topic.id), context_is(Context.ANSWERED)]
        if message is None:
            again = _handout_in_hand(dispatcher, tracker, session)
            if again is not None:
                return again
        send(dispatcher, answers.which_handout(store().sources(session), store().cases(session)))
        return []


def _handout_in_hand(
    dispatcher: CollectingDispatcher, tracker: Tracker, session: Session
) -> list[EventType] | None:
    """The handout a request naming nothing is about: the one just given (its request read
    again), the topic just answered, the case walked through or the audit quizzed on, or the
    one case the last turn showed."""
    turn = previous_turn(tracker.events)
    if any(e.get("event") == "action" and e.get("name") == ACTION_HANDOUT for e in turn):
        return handout(dispatcher, tracker, previous_user_parse(tracker.events))
    topic = _topic_in_context(session, tracker)
    if topic is not None and topic.cases and _asks_for_briefing(_text(tracker)):
        # "any briefing" after an answer: the 7-minute briefing of the case it comes from
        case = topic.cases[0]
        send(dispatcher, answers.case_handout(case, True))
        return [SlotSet(AUDIT_SLOT, case.source_id)]
    if topic is not None:
        send(dispatcher, answers.theme_handout(topic.theme, topic))
        return [SlotSet(KEY_MESSAGE_SLOT, topic.id), context_is(Context.ANSWERED)]
    heading = plan_in_hand(tracker.events, PLAN_LOOK_BACK)
    planned = _planned_subject(session, heading) if heading is not None else None
    if planned is not None:
        # "a sheet to accompany that" after a plan (and a change asked of it): the plan's subject
        return _subject_handout(dispatcher, session, planned)
    case = _case_walked(session, tracker)
    if case is None:
        quizzed = _quizzed_audit(session, tracker)
        if quizzed is not None:
            # "can I have it as a pdf" in a quiz: its audit's key messages; the quiz goes on
            send(dispatcher, answers.audit_handout(quizzed))
            return [SlotSet(AUDIT_SLOT, quizzed.id)]
        case = named_in(bot_texts(turn), store().cases(session))
    if case is None:
        return None
    send(dispatcher, answers.case_handout(case, False))
    return [SlotSet(AUDIT_SLOT, case.source_id)]


def _subject_handout(
    dispatcher: CollectingDispatcher, session: Session, subject: Subject
) -> list[EventType]:
    """The handout on what a session plan is on: its topic's or topics', its case's, its
    audit's, or the audits' together."""
    if isinstance(subject, KeyMessage):
        send(dispatcher, answers.theme_handout(subject.theme, subject))
        return [SlotSet(KEY_MESSAGE_SLOT, subject.id), context_is(Context.ANSWERED)]
    if isinstance(subject, Case):
        send(dispatcher, answers.case_handout(subject, False))
        return [SlotSet(AUDIT_SLOT, subject.source_id)]
    if isinstance(subject, Source):
        send(dispatcher, answers.audit_handout(subject))
        return [SlotSet(AUDIT_SLOT, subject.id)]
    topics = _topics(subject)
    if topics:
        send(dispatcher, answers.topics_handouts(topics))
        return [SlotSet(KEY_MESSAGE_SLOT, topics[0].id), context_is(Context.ANSWERED)]
    send(dispatcher, answers.audits_handout(store().sources(session)))
    return []


def handout_shortened(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "Make it shorter, five bullets max" right after a topic's handout, or "shorter for the
    team" right after a topic's answer: the topic in that many bullets, in its own words;
    None when the last turn gave neither or the message asks nothing shorter."""
    text = _text(tracker)
    latest = tracker.latest_message
    if is_button(latest) or marks_risk(latest) or not asks_to_shorten(text):
        return None
    turn = previous_turn(tracker.events)
    count = asked_bullets(text) or SHORT_HANDOUT
    if not any(e.get("event") == "action" and e.get("name") == ACTION_HANDOUT for e in turn):
        answered = key_message_set(turn)
        if answered is None:
            return None
        with store().session() as session:
            topic = store().key_message(session, answered)
            if topic is None:
                return None
            send(dispatcher, answers.handout_in_short(topic, count))
        return [SlotSet(KEY_MESSAGE_SLOT, topic.id), context_is(Context.ANSWERED)]
    with store().session() as session:
        before = Request(
            store(), session, previous_user_parse(tracker.events), tracker.get_slot(AUDIT_SLOT)
        )
        topics = before.topics_named(glossary()) or [
            topic for topic in [_topic_in_context(session, tracker)] if topic is not None
        ]
        if topics:
            # a handout on several topics: each of them shorter, not only the first
            send(dispatcher, [r for t in topics for r in answers.handout_in_short(t, count)])
            return [SlotSet(KEY_MESSAGE_SLOT, topics[0].id), context_is(Context.ANSWERED)]
        case, source = before.case(), before.source()
        if case is not None:
            named = f"{case.source.short_title}, {case_label(case)}"
            send(
                dispatcher,
                answers.what_can_be_shorter(
                    named, case.key_messages, citation(case.source, [case])
                ),
            )
            return [SlotSet(AUDIT_SLOT, case.source_id)]
        if source is not None:
            send(
                dispatcher,
                answers.what_can_be_shorter(
                    f"the {source.short_title}", source.key_messages, citation(source, [])
                ),
            )
            return [SlotSet(AUDIT_SLOT, source.id)]
        return None


SHORT_HANDOUT = answers.SLIDE_BULLETS
"""Bullets of a handout asked for shorter with no number: a slide's."""


def another_of_the_same(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "and one on young carers", "can you do one for the SEND audit too" right after a
    handout, a quiz or a group's questions: the same again, on what the message names; after
    a poll in hand (given a turn or two before: "another one" may have come between), a poll
    on it. None when the message is not so shaped or none of them was just given."""
    if is_button(tracker.latest_message) or not asks_for_another(_text(tracker)):
        return None
    turn = previous_turn(tracker.events)
    done = {e.get("name") for e in turn if e.get("event") == "action"}
    again = next((give for name, give in _AGAIN.items() if name in done), None)
    if again is None and poll_asked_again(tracker.events, _text(tracker)):
        again = _poll_again
    return again(dispatcher, tracker) if again is not None else None


def _poll_again(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """ "another one on disguised compliance" right after a poll: a poll on that topic (or
    the theme's key message its words name)."""
    with store().session() as session:
        request = _request(session, tracker)
        topic = request.topic(glossary()) or _theme_topic(session, request)
        if topic is None:
            send(dispatcher, answers.which_workshop(store().sources(session), poll=True))
            return []
        return _topic_poll(dispatcher, session, topic)


_AGAIN: dict[str, Callable[[CollectingDispatcher, Tracker], list[EventType]]] = {
    ACTION_HANDOUT: handout,
    ACTION_QUIZ: quiz,
    ACTION_DISCUSSION_QUESTIONS: discussion_questions,
}


class ActionPlanWorkshop(Action):
    def name(self) -> str:
        return ACTION_PLAN_WORKSHOP

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = _text(tracker)
        if not is_button(tracker.latest_message) and names_no_session(text):
            # "training - where is it" after an answer that signposts a training programme
            leaning = read_with_turn_before(dispatcher, tracker)
            if leaning is not None:
                return leaning
        asked = running_request(text, after_offer=workshop_offered(tracker.events))
        if asked is not None and not is_button(tracker.latest_message):
            send(dispatcher, answers.running_workshop(asked))
            return []
        with store().session() as session:
            request = _request(session, tracker)
            source = request.source()
            case = request.case()
            topic = request.topic(glossary()) if case is None and source is None else None
            changed = _plan_changed(dispatcher, tracker, session, request)
            if changed is not None:
                return changed
            # "on info sharing - LAC plans and adult mental health": those topics only
            topics = request.topics_named(glossary())
            planned = asks_for_a_plan(text) or names_a_session_length(text)
            if planned and not is_button(tracker.latest_message):
                # "plan a half day workshop on the SEND audit": its parts, timed
                named: Subject | None = tuple(topics) if len(topics) > 1 else None
                several = request.cases_named()
                if len(several) > 1:
                    named = tuple(several)  # "... - Deshawn and Barak": those cases together
                named = named or (topics[0] if topics else case or topic or source)
                subject = _planned_on(session, request, named)
                if subject is not None:
                    return _plan(dispatcher, session, subject, asked_minutes(text))
            if topics and asks_for_poll(text):
                # "a poll about LAC reviews and foster carers": one on each, as many as fit
                polled = [_topic_poll(dispatcher, session, t) for t in topics[:POLLS_AT_ONCE]]
                return polled[-1]
            if source is None:
                on = case or topic
                source = on.source if on is not None else None
            if topic is None and case is None and source is None and asks_for_poll(text):
                # "a poll on escalation": a theme's, on its key message with a question
                topic = _theme_topic(session, request)
            if topic is not None and asks_for_poll(text):
                # "set up a poll on professionals meetings": the poll on that topic, its
                # audit the topic's, not the audit's whole workshop menu
                return _topic_poll(dispatcher, session, topic, text)
            count = asked_count(text)
            if source is not None and case is None and count and asks_for_poll(text):
                # "3 poll questions for mentimeter on the mental health audit": so many polls,
                # each on another of its key messages
                questions = store().quiz_questions(session, source_id=source.id)
                if questions:
                    send(dispatcher, answers.audit_polls(source, _spread(questions, count)))
                    return [SlotSet(AUDIT_SLOT, source.id)]
            if source is None:
                send(
                    dispatcher,
                    answers.which_workshop(store().sources(session), asks_for_poll(text)),
                )
                return []
            quiz = store().quiz_questions(session, source_id=source.id)
            walkable = _material(session).walkable(source)
            offer = answers.workshop_offer(source, walkable, len(quiz))
            if case is not None and asks_for_live_workshop(text):
                # "a live workshop on the Caryn case": how to run it on that case first
                offer = [answers.live_workshop_on(case), *offer]
            elif topic is not None:
                # "a lunch and learn on young carers": the topic's own activities too
                offer = [*offer, answers.topic_activities(topic)]
            send(dispatcher, offer)
            return [SlotSet(AUDIT_SLOT, source.id)]


POLLS_AT_ONCE = 2
"""Polls given for one request naming several topics: two polls are four messages, which
fit a phone; more topics are asked for one by one ("another one on ...")."""

Subject = (
    Source | Case | KeyMessage | tuple[Source, ...] | tuple[KeyMessage, ...] | tuple[Case, ...]
)
"""What a session is on: an audit, one of its cases, a topic (a key message), the audits
together, topics named one by one, or cases named together."""
THE_AUDITS = "the audits together"


def _topics(subject: Subject | None) -> tuple[KeyMessage, ...] | None:
    """The topics a session is on, when it is on topics named one by one."""
    if isinstance(subject, tuple) and all(isinstance(s, KeyMessage) for s in subject):
        return tuple(s for s in subject if isinstance(s, KeyMessage))
    return None


def _cases(subject: Subject | None) -> tuple[Case, ...] | None:
    """The cases a session is on, when it is on cases named together."""
    if isinstance(subject, tuple) and subject and all(isinstance(s, Case) for s in subject):
        return tuple(s for s in subject if isinstance(s, Case))
    return None


def _subject_title(subject: Subject) -> str:
    topics = _topics(subject)
    if topics is not None:
        return answers.on_topics(topics)
    cases = _cases(subject)
    if cases is not None:
        audits = dict.fromkeys(case.source.short_title for case in cases)
        return " and ".join(case_label(case) for case in cases) + ", " + " and ".join(audits)
    if isinstance(subject, tuple):
        return THE_AUDITS
    if isinstance(subject, Source):
        return f"the {subject.short_title}"
    if isinstance(subject, Case):
        return f"{case_label(subject)}, {subject.source.short_title}"
    return answers.on_topics([subject])


def _plan(
    dispatcher: CollectingDispatcher,
    session: Session,
    subject: Subject,
    minutes: int | None,
    swapped: tuple[KeyMessage, KeyMessage] | None = None,
) -> list[EventType]:
    """A session's timed plan on an audit, a case, a topic or the audits together, `minutes`
    long (a common slot when the request names no length): the cases it can hold, walked
    through where they have a walk-through, its quiz and the room's discussion, and the key
    messages it covers named (a topic's own summary leads its plan instead). `swapped`: a
    key message taken out and the one put in its place, whose summary leads and whose cases
    come first."""
    summary = None
    covered: list[str] = []
    topics = _topics(subject)
    together = _cases(subject)
    sources = [subject.source] if isinstance(subject, Case | KeyMessage) else []
    if together is not None:
        # cases named together: each in turn, the key messages of them all
        cases = list(together)
        sources = list({c.source_id: c.source for c in cases}.values())
        source = sources[0]
        covered = list(dict.fromkeys(m.title for c in cases for m in c.key_messages))
        on_cases = {m.id for c in cases for m in c.key_messages}
        quiz_count = sum(q.key_message_id in on_cases for q in store().quiz_questions(session))
    elif topics is not None:
        # topics named one by one: their cases, their quiz questions; the title names them
        cases = list({c.id: c for t in topics for c in t.cases if not c.referred_only}.values())
        quiz_count = sum(len(store().quiz_questions(session, key_message_id=t.id)) for t in topics)
        sources = list({t.source_id: t.source for t in topics}.values())
        source = sources[0]
        summary = "\n\n".join(f"{t.title}: {t.summary}" for t in topics)
    elif isinstance(subject, tuple):
        # the audits together: their cases taken in turn, one from each
        sources = [s for s in subject if isinstance(s, Source)]
        audited = [c for s in sources for c in s.cases if not c.referred_only]
        cases = taken_in_turn(audited, lambda case: case.source_id)
        quiz_count = len(store().quiz_questions(session))
        source = sources[0]
        themes = ", ".join(theme.title.lower() for theme in store().themes(session))
        summary = f"Their themes: {themes}."
        covered = [message.title for s in sources for message in s.key_messages]
    elif isinstance(subject, Source):
        cases = [case for case in subject.cases if not case.referred_only]
        quiz_count = len(store().quiz_questions(session, source_id=subject.id))
        source, sources = subject, [subject]
        covered = [message.title for message in subject.key_messages]
    elif isinstance(subject, Case):
        cases, source = [subject], subject.source
        covered = [message.title for message in subject.key_messages]
        on_case = {message.id for message in subject.key_messages}
        quiz_count = sum(
            q.key_message_id in on_case
            for q in store().quiz_questions(session, source_id=subject.source_id)
        )
    else:
        cases = [case for case in subject.cases if not case.referred_only]
        quiz_count = len(store().quiz_questions(session, key_message_id=subject.id))
        source, summary = subject.source, f"{subject.title}: {subject.summary}"
    cited = sources
    if swapped is not None:
        out, put_in = swapped
        covered = [put_in.title, *(title for title in covered if title != out.title)]
        taken_out = {case.id for case in out.cases} - {case.id for case in put_in.cases}
        brought = [case for case in put_in.cases if not case.referred_only]
        cases = [*brought, *(c for c in cases if c.id not in taken_out and c not in brought)]
        # a message from the other audit: the plan credits and names that audit too
        other = put_in.source_id not in {s.id for s in sources}
        named = f" ({put_in.source.short_title})" if other else ""
        cited = [*sources, put_in.source] if other else sources
        summary = f"{put_in.title}{named} in place of {out.title}: {put_in.summary}"
    asked = minutes or plans.DEFAULT_MINUTES
    length = plans.fitted_length(asked)
    walkable = {case.id for case in _material(session).walkable()}
    segments = plans.session_plan(
        length, cases, walkable, quiz_count, every_case=together is not None
    )
    title = _subject_title(subject)
    held = tuple(segment.case for segment in segments if segment.case is not None)
    left_out = [case for case in together or () if case not in held]
    if left_out and held:
        # cases named that did not fit: the plan is titled on those it holds, their learning
        title = _subject_title(held)
        covered = list(dict.fromkeys(m.title for c in held for m in c.key_messages))
    elif left_out:
        title = _subject_title(sources[0] if len(sources) == 1 else tuple(sources))
    replies = answers.workshop_plan(
        title, cited, length, segments, quiz_count, summary, asked, covered, left_out
    )
    send(dispatcher, replies)
    events: list[EventType] = [] if len(sources) > 1 else [SlotSet(AUDIT_SLOT, source.id)]
    if swapped is not None:
        # "and a handout to go with that section": the topic just put in
        events += [SlotSet(KEY_MESSAGE_SLOT, swapped[1].id), context_is(Context.ANSWERED)]
    elif isinstance(subject, KeyMessage):
        events.append(SlotSet(KEY_MESSAGE_SLOT, subject.id))
    return events


def _planned_on(session: Session, request: Request, named: Subject | None) -> Subject | None:
    """What a plan asked for is on: the audits together ("using both audits"), else the
    audit, case or topic named, else a theme's topic ("on escalation"), else a topic named by
    whom the session is for ("for school nurses")."""
    if names_the_audits(request.text) and not isinstance(named, Source | Case):
        return tuple(store().sources(session))
    if isinstance(named, Source):
        # "a session on transition to adult services using the SEND cases": the audit's
        # learning on the theme its other words name, not the whole audit
        return _theme_of_audit(session, request.text, named) or named
    if named is not None:
        return named
    return _theme_topic(session, request) or request.topic(glossary(), audience=True)


def _theme_of_audit(session: Session, text: str, source: Source) -> Subject | None:
    """The key messages of `source` on the theme a request's subject names besides the
    audit's own words ("on transition to adult services using the SEND cases": its two on
    transitions to adulthood), one alone or several; None when it names no theme."""
    phrase = topic_phrase(text)
    if phrase is None:
        return None
    words = understanding.without_source_words(phrase, source)
    theme = understanding.mentioned_theme(words, store().themes(session))
    own = [m for m in theme.key_messages if m.source_id == source.id] if theme else []
    if len(own) > 1:
        return tuple(own)
    return own[0] if own else None


def _plan_changed(
    dispatcher: CollectingDispatcher, tracker: Tracker, session: Session, request: Request
) -> list[EventType] | None:
    """ "shorten it to 90 mins", "make it longer", "same for the mental health audit" right
    after a plan: the plan again, at the new length or on what the message names; None when
    no plan was just given or the message changes neither."""
    heading = plan_in_hand(tracker.events)
    if heading is None or is_button(tracker.latest_message):
        return None
    text = _text(tracker)
    current = asked_minutes(heading) or plans.DEFAULT_MINUTES
    planned = _planned_subject(session, heading)
    swapped = _swapped(session, text, planned) if planned is not None else None
    if swapped is not None and planned is not None:
        # "swap the domestic abuse bit for something on DNAs": the same plan, that topic in
        return _plan(dispatcher, session, planned, current, swapped)
    named = request.case() or request.source()
    length = plans.changed_length(text, asked_minutes(text), current)
    if planned is not None and named is None and length is None and plans.asks_for_timings(text):
        # "what about timings": the same plan, its minutes part by part
        return _plan(dispatcher, session, planned, current)
    if (
        planned is not None
        and named is None
        and length is None
        and plans.swapped_parts(text) is not None
    ):
        # "swap the quiz for a role play", "change the audience to GPs": a change asked of
        # the plan that names neither its topics nor a length ("change the length to 45
        # minutes" is a length); what can be swapped, not "which audit?"
        on_plan = _covered(planned)
        others = [m for m in store().key_messages(session) if m not in on_plan]
        send(dispatcher, answers.which_part_to_swap(on_plan, others[0] if others else None))
        return []
    if length is None and (
        named is None or not (asks_for_another(text) or plans.changes_plan(text))
    ):
        return None
    subject = named or _planned_subject(session, heading)
    if subject is None:
        return None
    return _plan(dispatcher, session, subject, length or current)


def _swapped(session: Session, text: str, planned: Subject) -> tuple[KeyMessage, KeyMessage] | None:
    """The key messages a change of the plan just given takes out (one of those the plan is
    on) and puts in (any) ("swap the domestic abuse bit for something on DNAs"), each named
    by its words or a glossary term; None unless both are named and differ."""
    parts = plans.swapped_parts(text)
    if parts is None:
        return None
    messages = store().key_messages(session)
    on_plan = _covered(planned)
    by_id = {m.id: m for m in messages}
    found = [
        understanding.named_topic(
            part,
            {m.id: [m.title, *m.example_questions] for m in among},
            glossary(),
            request_words=ACTIVITY_REQUEST_WORDS,
            titled=True,
        )
        for part, among in zip(parts, (on_plan, messages), strict=True)
    ]
    out, put_in = (by_id.get(key_message_id or "") for key_message_id in found)
    return (out, put_in) if out is not None and put_in is not None and out != put_in else None


def _covered(planned: Subject) -> list[KeyMessage]:
    """The key messages a plan is on: its audits', its case's, its topics or its topic."""
    if isinstance(planned, KeyMessage):
        return [planned]
    if isinstance(planned, Source | Case):
        return list(planned.key_messages)
    return [m for s in planned for m in (s.key_messages if isinstance(s, Source | Case) else [s])]


def _planned_subject(session: Session, heading: str) -> Subject | None:
    """What the plan with this heading is on, read back from its title."""
    candidates: list[Subject] = [
        *store().cases(session),
        *store().key_messages(session),
        *store().sources(session),
        tuple(store().sources(session)),
    ]
    named = next((c for c in candidates if f" on {_subject_title(c)}:" in heading), None)
    if named is not None:
        return named
    # cases named together: those its title names, in its order
    title = heading.split(":", 1)[0]
    together = tuple(
        sorted(
            (
                c
                for c in store().cases(session)
                if case_label(c) in title and c.source.short_title in title
            ),
            key=lambda c: title.index(case_label(c)),
        )
    )
    if len(together) > 1 and f" on {_subject_title(together)}:" in heading:
        return together
    # topics named one by one: the key messages whose titles it names, in its order
    titled = [m for m in store().key_messages(session) if m.title in heading]
    topics = tuple(
        sorted(
            (m for m in titled if not any(m.title in o.title and m != o for o in titled)),
            key=lambda m: heading.index(m.title),
        )
    )
    return topics if topics and f" on {_subject_title(topics)}:" in heading else None


def _poll_question(session: Session, topic: KeyMessage, text: str = "") -> QuizQuestion | None:
    """The question a topic's poll puts to the vote: of its quiz's, the first that asks about
    the phrase the request `text` quotes, else its first; None when it has none."""
    questions = store().quiz_questions(session, key_message_id=topic.id)
    quoting = [q for q in questions if says_what_is_quoted(text, q.question)]
    return next(iter(quoting or questions), None)


def _theme_topic(session: Session, request: Request) -> KeyMessage | None:
    """The key message a poll on a theme is on: of the theme's key messages with a quiz
    question (the vote's question), the one whose words share most with what the poll is
    asked on ("a poll on escalation": the one about escalating, not the theme's first), else
    its first; None when the message names no theme."""
    theme = request.theme()
    if theme is None or not theme.key_messages:
        return None
    asked = understanding.topic_stems(topic_phrase(request.text) or request.text, glossary())
    polled = [m for m in theme.key_messages if _poll_question(session, m) is not None]
    if not polled:
        return theme.key_messages[0]
    return max(polled, key=lambda m: len(asked & _own_stems(m)))  # the first of equals


def _own_stems(message: KeyMessage) -> set[str]:
    """The stems of a key message's own words: its title, summary and actions."""
    return understanding.topic_stems(" ".join([message.title, message.summary, *message.actions]))


def _topic_poll(
    dispatcher: CollectingDispatcher, session: Session, topic: KeyMessage, text: str = ""
) -> list[EventType]:
    """A poll on a topic: its question (on the phrase the request `text` quotes, if one of
    the topic's asks it), the answer to reveal and how the room votes; the topic stays in
    hand, so "what does the audit say" after it is the topic's."""
    walkable = [case for case in topic.cases if _material(session).stages(case.id)]
    question = _poll_question(session, topic, text)
    send(dispatcher, answers.topic_poll(topic, question, walkable))
    return [
        SlotSet(KEY_MESSAGE_SLOT, topic.id),
        SlotSet(AUDIT_SLOT, topic.source_id),
        context_is(Context.ANSWERED),
    ]


def within_poll(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "what would the question be", "what's the right answer to discuss", "and what does
    the audit actually say so I can reveal it after" while a topic's poll is in hand: that
    part of it; None when no poll is in hand or the message asks none of its parts."""
    if is_button(tracker.latest_message) or not poll_in_hand(tracker.events):
        return None
    part = poll_part(_text(tracker))
    key_message_id = tracker.get_slot(KEY_MESSAGE_SLOT)
    if part is None or not key_message_id:
        return None
    with store().session() as session:
        topic = store().key_message(session, key_message_id)
        if topic is None or _names_its_own(session, tracker):
            return None
        send(dispatcher, answers.poll_part_reply(part, topic, _poll_question(session, topic)))
    return [context_is(Context.ANSWERED)]


def _names_its_own(session: Session, tracker: Tracker) -> bool:
    """A topic or case the message names of its own ("the learning to share with my team about
    case recording", "what learning came after the deshawn review"): not the poll's part."""
    if names_a_topic_besides_the_poll(_text(tracker)):
        return True
    return _request(session, tracker).case() is not None
