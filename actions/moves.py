"""Conversation moves and local terms (data/moves/): thin adapters over bot.dialogue.moves,
which decides what a move gets where the conversation is, and bot.dialogue.terms."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.activities import correct_activity, go_on, keep_activity, walk_in_audit_named
from actions.cases import (
    agency_role_in_case,
    case_in_focus,
    case_told_again,
    cases_with_detail,
    detail_of_case_in_its_topic,
    follow_up_on_case,
    named_case,
    what_followed_in_case,
)
from actions.common import context_is, glossary, log_event, send, store, terms
from actions.details import repeated_detail_replies, service_detail_replies
from actions.escalation import after_route, guide
from actions.last_turn import answer_offered, on_last_turn, practice_on_theme, side_of_theme_saying
from actions.learning import answer_learning, opinion, ranked_messages
from actions.safety import reply_context, urgent_follow_up
from bot.dialogue import feedback, understanding
from bot.dialogue.activity import QUIZ, Activity
from bot.dialogue.answers import moves as answers
from bot.dialogue.answers.cases import audit_description, case_description, case_list
from bot.dialogue.answers.learning import (
    all_actions,
    key_message_answer,
    more_prompts,
    other_learning,
    related_messages,
    services,
)
from bot.dialogue.case_focus import bot_texts, case_by_content, named_in
from bot.dialogue.context import (
    Context,
    OpenTopic,
    context_before,
    earlier_user_parses,
    is_button,
    previous_turn,
    previous_user_parse,
    topic_left_open,
)
from bot.dialogue.escalation.replies import route_shown, steps_shown
from bot.dialogue.moves import (
    MOVE_OF_INTENT,
    Detail,
    Move,
    Reply,
    Target,
    asks_for_more,
    asks_for_other_things,
    asks_what_about,
    asks_what_next,
    asks_which_case,
    correction_target,
    detail_meant,
    leans_on_last_turn,
    points_to_another,
    resolve,
    topic_words,
)
from bot.dialogue.replies import Reply as Message
from bot.dialogue.terms import Term
from bot.dialogue.terms_asked import phrase_used, terms_asked, where_used
from bot.insights.events import Event, EventKind
from bot.knowledge.citations import CITED, case_label
from bot.knowledge.models import Case, KeyMessage, Source
from bot.names import (
    ACTION_CONVERSATION_MOVE,
    ACTION_EXPLAIN_TERM,
    ACTION_MORE_ACTIONS,
    ACTION_MORE_PROMPTS,
    ACTION_NEXT_STEP,
    ACTION_RELATED_MESSAGES,
    ACTION_SHOW_SERVICES,
    ACTIVITY_SLOT,
    ANSWER_PART_SLOT,
    ASK_CASE_INTENT,
    AUDIT_SLOT,
    FALLBACK_INTENT,
    KEY_MESSAGE_SLOT,
    LEARNING_INTENT,
    TERM_ENTITY,
)
from bot.safeguards.areas import areas_in

PARTS = (
    (ACTION_MORE_ACTIONS, all_actions),
    (ACTION_MORE_PROMPTS, more_prompts),
    (ACTION_SHOW_SERVICES, services),
    (ACTION_RELATED_MESSAGES, related_messages),
)
"""The parts of an answer in the order "more on that" gives them."""


def _last_action(tracker: Tracker) -> str | None:
    """The assistant's last action before the latest message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") != "action_listen":
            return str(event.get("name"))
    return None


_MOVE_ACTIONS = frozenset({ACTION_CONVERSATION_MOVE, ACTION_NEXT_STEP})
"""The actions that give an answer's next part: "next" with no activity running is handed
from the activity's action to the conversation move (actions.activities.ActionNextStep)."""


def _next_part(tracker: Tracker, message: KeyMessage, text: str) -> tuple[int, list[Message]]:
    """The part of the answer after the last one given; "what else" when the last turn showed
    every one of its steps (the answer fitted them all on one screen) gets the learning the
    audits link to it, something other than the answer ("more on that" gets the steps again,
    with the summary they come from)."""
    last = _last_action(tracker)
    names = [name for name, _ in PARTS]
    if last in names:
        index = names.index(last) + 1
    elif last in _MOVE_ACTIONS and tracker.get_slot(ANSWER_PART_SLOT) is not None:
        index = int(tracker.get_slot(ANSWER_PART_SLOT)) + 1
    else:
        index = 0
    index %= len(PARTS)
    shown = " ".join(bot_texts(previous_turn(tracker.events)))
    if (
        PARTS[index][0] == ACTION_MORE_ACTIONS
        and asks_for_other_things(text)
        and message.related
        and all(step in shown for step in message.actions)
    ):
        return index, other_learning(message)
    return index, PARTS[index][1](message)


def _detail_of_activity(tracker: Tracker) -> list[Message] | None:
    """ "Which audit is that from?" in a quiz or walk-through: its audit and case."""
    activity = Activity.from_slot(tracker.get_slot(ACTIVITY_SLOT))
    if activity is None:
        return None
    with store().session() as session:
        if activity.kind == QUIZ and activity.questions:
            question = next(
                (q for q in store().quiz_questions(session) if q.id in activity.questions), None
            )
            return [Message(f"Source: {question.source.short_title}.")] if question else None
        case = store().case(session, activity.case) if activity.case else None
        if case is None:
            return None
        return [Message(f"Source: {case.source.short_title}, {case_label(case)}.")]


def _topic_open(tracker: Tracker, messages: Sequence[KeyMessage]) -> tuple[str | None, OpenTopic]:
    """The key message a move leans on, and how it was left open: the last one a turn
    answered or offered as the closest candidate, whatever turns came after it."""
    open_topic = topic_left_open(tracker.events)
    if open_topic is None:
        return tracker.get_slot(KEY_MESSAGE_SLOT), OpenTopic()
    if open_topic.key_message_id is not None:
        return open_topic.key_message_id, open_topic
    title = (open_topic.title or "").lower()
    found = next((m for m in messages if m.title.lower() == title), None)
    if found is None:
        return tracker.get_slot(KEY_MESSAGE_SLOT), OpenTopic()
    return found.id, open_topic


def _other_side_of_theme(
    key_message_id: str | None, ranking: Sequence[understanding.Ranked], text: str
) -> str | None:
    """The key message the message is nearest to among those on the theme of this one, when
    it is another than this one: nearest as ranked, else the one other on the theme whose
    lines say the message's words when this one's say none ("what about the parents" meets
    "a change in dynamics between the parent and young person"); None when this one is
    nearest, or none on the theme is ranked or says them."""
    with store().session() as session:
        messages = {message.id: message for message in store().key_messages(session)}
    last = messages.get(key_message_id or "")
    if last is None:
        return None
    on_theme = (
        ranked.key_message_id
        for ranked in ranking
        if ranked.key_message_id in messages
        and messages[ranked.key_message_id].theme_id == last.theme_id
    )
    nearest = next(on_theme, None)
    if nearest is not None and nearest != last.id:
        return nearest
    return side_of_theme_saying(last, list(messages.values()), text)


def _source_outside_answer(tracker: Tracker) -> list[Message] | None:
    """ "Which audit is that from?" about what is not a key message's answer: the quiz or
    walk-through in progress, else the escalation route on screen, else the one case the last
    turn showed ("tell me about Adam")."""
    in_activity = _detail_of_activity(tracker)
    if in_activity is not None:
        return in_activity
    if context_before(tracker.events) is Context.ANSWERED:
        # after an answer, its citation says more than its case alone, unless a case's own
        # line came after it: "which case was that" asks where the last thing said is from
        return _last_case_cited(tracker)
    route = route_shown(bot_texts(previous_turn(tracker.events)), guide())
    if route is not None and route.key_messages:
        # "which audit was that from?" after a route: the learning it follows, not the case
        # one of its steps cites (each step names its own source)
        return answers.route_sources(route)
    with store().session() as session:
        case = case_in_focus(tracker, store().cases(session))
        if case is None:
            return None
        said = f"Source: {case.source.short_title}, {case_label(case)}."
        topic = _topic_before_steps(tracker, session)
        if topic is None or case in topic.cases:
            return [Message(said)]
        # "which audit was that from?" after an answer and then the escalation steps
        return answers.steps_and_learning_sources(said, topic)


def _topic_before_steps(tracker: Tracker, session: Session) -> KeyMessage | None:
    """The key message answered before the escalation steps the last turn gave ("and if that
    doesn't work?" after an answer); None when the last turn gave no such steps."""
    said = bot_texts(previous_turn(tracker.events))
    key_message_id = tracker.get_slot(KEY_MESSAGE_SLOT)
    if not key_message_id or not steps_shown(said):
        return None
    return store().key_message(session, key_message_id)


def _last_case_cited(tracker: Tracker) -> list[Message] | None:
    """The case the last of the last turn's citations names, when the turn cited more than
    once (a key message's answer, then good practice from a case); None when it cited once
    (the answer's own citation then says it) or its last citation names no single case."""
    cited = [text for text in bot_texts(previous_turn(tracker.events)) if CITED in text]
    if len(cited) < 2:
        return None
    with store().session() as session:
        case = named_in(cited[-1:], store().cases(session))
        if case is None:
            return None
        return [Message(f"{CITED} {case.source.short_title}, {case_label(case)}.")]


LOOK_BACK = 3
"""How many messages back a correction looks for the question it corrects."""
QUESTION_INTENTS = frozenset({LEARNING_INTENT, ASK_CASE_INTENT, FALLBACK_INTENT})
"""What a message a correction re-reads was: a practice question, a case asked for, or unclear."""


def _intent_of(parse_data: Mapping[str, Any]) -> str | None:
    return (parse_data.get("intent") or {}).get("name")


def _theme_in(key_message_id: str | None, source_id: str) -> bool:
    """Whether the audit has a key message on the theme of this one."""
    with store().session() as session:
        message = store().key_message(session, key_message_id) if key_message_id else None
        if message is None:
            return False
        return any(
            m.theme_id == message.theme_id and m.source_id == source_id
            for m in store().key_messages(session)
        )


def _other_audit(key_message_id: str | None) -> str | None:
    """The audit that is not the one this key message comes from."""
    with store().session() as session:
        message = store().key_message(session, key_message_id) if key_message_id else None
        if message is None:
            return None
        others = [s.id for s in store().sources(session) if s.id != message.source_id]
    return others[0] if len(others) == 1 else None


def _asked_again_in(
    dispatcher: CollectingDispatcher, tracker: Tracker, source_id: str
) -> list[EventType] | None:
    """The message before, in one audit: the case it named by number, else its best-ranked
    key message from that audit; None when it has neither."""
    before = next(
        (
            parse
            for parse in earlier_user_parses(tracker.events)[:LOOK_BACK]
            if _intent_of(parse) in QUESTION_INTENTS and not is_button(parse)
        ),
        {},
    )
    text = str(before.get("text") or "")
    if not text:
        return None
    with store().session() as session:
        cases_there = [c for c in store().cases(session) if c.source_id == source_id]
        case = named_case(text, cases_there, source_id)
        if case is not None:
            send(dispatcher, case_description(case))
            return [SlotSet(AUDIT_SLOT, source_id)]
        ranked = (store().key_message(session, r.key_message_id) for r in opinion(before).ranking)
        best = next((m for m in ranked if m is not None and m.source_id == source_id), None)
        if best is None:
            return None
        send(dispatcher, key_message_answer(best, text))
        event = Event(EventKind.ANSWERED, key_message_id=best.id, theme_id=best.theme_id)
    log_event(tracker, event)
    return [SlotSet(KEY_MESSAGE_SLOT, best.id), context_is(Context.ANSWERED)]


def _case_described(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> list[EventType] | None:
    """ "No, the other one, the one with the stomach aches" after a case or a question about
    one: the case its words describe, when a case was on screen; None otherwise."""
    shown = " ".join(bot_texts(previous_turn(tracker.events)))
    if not points_to_another(text) or not _SHOWED_CASE.search(shown):
        return None
    return _show_case(
        dispatcher,
        tracker,
        lambda cases, sources: case_by_content(
            text, cases, sources, glossary(), speaks_of_case=True
        ),
    )


def _case_named(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> list[EventType] | None:
    """ "Sorry, I meant Erika", "not that one, the Adam case": a correction naming a case by
    name or number gets that case, whatever was shown; None when it names none."""
    audit = tracker.get_slot(AUDIT_SLOT)
    return _show_case(
        dispatcher,
        tracker,
        lambda cases, sources: understanding.mentioned_case(text, cases, sources, audit),
    )


def _show_case(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    find: Callable[[Sequence[Case], Sequence[Source]], Case | None],
) -> list[EventType] | None:
    """The description of the case `find` picks from all cases, recorded; None for none."""
    with store().session() as session:
        case = find(store().cases(session), store().sources(session))
        if case is None:
            return None
        send(dispatcher, case_description(case))
        event = Event(EventKind.CASE_DESCRIBED, case_id=case.id, source_id=case.source_id)
        source_id = case.source_id
    log_event(tracker, event)
    return [SlotSet(AUDIT_SLOT, source_id)]


_SHOWED_CASE = re.compile(r"\bcases?\b", re.IGNORECASE)
"""A turn that named a case, listed the cases, or asked which case or audit was meant."""


class ActionConversationMove(Action):
    """More on that, a follow-up, a correction, one detail, "what now?": answered by what the
    last turn left open (bot.dialogue.moves.resolve)."""

    def name(self) -> str:
        return ACTION_CONVERSATION_MOVE

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
        move: Move | None = None,
    ) -> list[EventType]:
        """`move`: the move another action has already recognised ("next" with no activity
        in progress is more of whatever is open)."""
        latest = tracker.latest_message
        text = str(latest.get("text") or "")
        move = move or MOVE_OF_INTENT.get(
            str((latest.get("intent") or {}).get("name")), Move.FOLLOW_UP
        )
        context = reply_context(tracker)
        if context is Context.URGENT and move is Move.CORRECTION and areas_in(text):
            # "sorry I'm City of London not Hackney" after urgent contacts: that area's
            return urgent_follow_up(dispatcher, tracker) or []
        if context is not Context.URGENT:
            chosen = (
                cases_with_detail(dispatcher, tracker)
                or on_last_turn(dispatcher, tracker)
                or case_told_again(dispatcher, tracker)
            )
            if chosen is not None:
                return chosen
        with store().session() as session:
            key_message_id, left_open = _topic_open(tracker, store().key_messages(session))
        ranking = understanding.key_message_ranking(latest)
        if move is Move.CORRECTION:
            # "sorry, I meant young carers": the words after the correction name the topic.
            clear_new_topic = (
                understanding.is_confident(ranking)
                and ranking[0].key_message_id != key_message_id
                and bool(topic_words(text))
            )
        else:
            # A follow-up is on the last topic unless it clearly names another one.
            clear_new_topic = (
                understanding.is_clear(ranking)
                and ranking[0].key_message_id != key_message_id
                and not leans_on_last_turn(text)
            )
        in_activity = Activity.from_slot(tracker.get_slot(ACTIVITY_SLOT)) is not None
        if (
            move is Move.MORE
            and clear_new_topic
            and not asks_for_more(text)
            and context is not Context.ACTIVITY
            and not in_activity
        ):
            # "ok fair. whats the learning on neglect then", taken for "more": more is asked
            # in words of going on, not of another topic, which is a new question
            move = Move.FOLLOW_UP
        target = correction_target(text)
        with store().session() as session:
            named = understanding.mentioned_source(text, store().sources(session))
        if (
            move is Move.CORRECTION
            and named is not None
            and named.id != tracker.get_slot(AUDIT_SLOT)
        ):
            target = Target.OTHER_AUDIT
        if move is Move.CORRECTION and named is not None and not in_activity:
            # "not that one, the mental health one" after "which case shall we walk through?"
            walked = walk_in_audit_named(dispatcher, tracker, named.id)
            if walked is not None:
                return walked
        if move is Move.CORRECTION and not in_activity:
            described = _case_named(dispatcher, tracker, text) or _case_described(
                dispatcher, tracker, text
            )
            if described is not None:
                return described
        if (
            move is Move.CORRECTION
            and named is not None
            and not in_activity
            and (
                context in (Context.CANDIDATES, Context.NEUTRAL)
                or not _theme_in(key_message_id, named.id)
            )
        ):
            # "no, the mental health one" after a list of cases or candidates: the question
            # before, asked again in the audit now named; after an answer on a theme that
            # audit has no key message on, its good practice on the theme, if it has some
            asked_again = (
                None
                if context in (Context.CANDIDATES, Context.NEUTRAL)
                else practice_on_theme(dispatcher, key_message_id, named.id)
            ) or _asked_again_in(dispatcher, tracker, named.id)
            if asked_again is not None:
                return asked_again
        other = _other_audit(key_message_id) if named is None else None
        if (
            move is Move.CORRECTION
            and target is Target.OTHER_AUDIT
            and other is not None
            and not in_activity
            and not _theme_in(key_message_id, other)
        ):
            # "sorry, I meant the other audit" when that audit has nothing on this answer's
            # theme: the answer was likely wrong, so the question before, asked in that audit
            asked_again = _asked_again_in(dispatcher, tracker, other)
            if asked_again is not None:
                return asked_again
        reply = resolve(
            move,
            context,
            has_topic=key_message_id is not None and context is not Context.ACTIVITY,
            in_activity=in_activity,
            clear_new_topic=clear_new_topic,
            target=target,
            asks_next=asks_what_next(text),
        )
        if reply is Reply.URGENT:
            return urgent_follow_up(dispatcher, tracker) or []
        if move in (Move.MORE, Move.FOLLOW_UP):
            on_case = follow_up_on_case(dispatcher, tracker) or detail_of_case_in_its_topic(
                dispatcher, tracker
            )
            if on_case is not None:
                return on_case
        if reply is Reply.NEW_ANSWER:
            return answer_learning(dispatcher, tracker)
        if left_open.offered and reply in (Reply.NEXT_PART, Reply.ON_TOPIC):
            # "go on" after "did you mean one of these? The closest is ...": that one's answer
            return answer_offered(dispatcher, tracker, key_message_id, text)
        if reply is Reply.ON_TOPIC and context is Context.ANSWERED and asks_what_about(text):
            # "what about his mum? she's used to doing everything for him" after "Transitioning
            # into Adulthood": another side of the theme, which "Transition planning" holds
            side = _other_side_of_theme(key_message_id, ranking, text)
            if side is not None:
                return answer_offered(dispatcher, tracker, side, text)
        log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=move.value))
        if reply is Reply.WORKSHOP_ON:
            with store().session() as session:
                replies, activity = go_on(session, tracker)
                send(dispatcher, replies)
            return keep_activity(activity)
        if reply in (Reply.OTHER_AUDIT, Reply.OTHER_CASE) and (
            context is Context.ACTIVITY or (in_activity and key_message_id is None)
        ):
            corrected = correct_activity(dispatcher, tracker, reply is Reply.OTHER_AUDIT)
            if corrected is not None:
                return corrected
        if reply is Reply.DETAIL:
            # "what number do I ring tonight" right after a route: the route's numbers, or
            # that it has none, not "which service do you mean?"
            routed = after_route(dispatcher, tracker)
            if routed is not None:
                return routed
        return self._about_topic(dispatcher, tracker, reply, move, key_message_id, text, left_open)

    @staticmethod
    def _about_topic(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        reply: Reply,
        move: Move,
        key_message_id: str | None,
        text: str,
        left_open: OpenTopic,
    ) -> list[EventType]:
        events: list[EventType] = []
        with store().session() as session:
            message = store().key_message(session, key_message_id) if key_message_id else None
            replies: list[Message] | None = None
            if reply is Reply.WHAT_IS_HAPPENING:
                answered = context_before(tracker.events) is Context.ANSWERED
                replies = answers.what_is_happening(message if answered else None)
            elif reply is Reply.DETAIL:
                detail = detail_meant(text)
                replies = _source_outside_answer(tracker) if detail is Detail.SOURCE else None
                # "can you repeat that number": the detail as the last reply gave it
                replies = repeated_detail_replies(session, tracker, text) or replies
                if (
                    replies is None
                    and detail is Detail.SOURCE
                    and message is not None
                    and not left_open.offered
                    and asks_which_case(text)
                ):
                    # "which case" after an answer (or its audit): the case it comes from,
                    # with who the case is about, not its citation again
                    replies = answers.cases_of_answer(message)
                if replies is None and detail is Detail.SOURCE and left_open.choices:
                    # "which case?" when only candidates were offered: each one's source
                    offered = [store().key_message(session, key) for key in left_open.choices]
                    replies = answers.offered_sources([m for m in offered if m is not None])
                if replies is None:
                    replies = service_detail_replies(session, tracker, text, detail, message)
            elif message is not None and reply is Reply.NEXT_PART:
                index, replies = _next_part(tracker, message, text)
                events.append(SlotSet(ANSWER_PART_SLOT, float(index)))
            elif message is not None and reply is Reply.ON_TOPIC:
                replies = answers.on_topic(message, text)
            elif message is not None and reply is Reply.OTHER_AUDIT:
                others = [
                    m
                    for m in store().key_messages(session)
                    if m.theme_id == message.theme_id and m.source_id != message.source_id
                ]
                replies = answers.same_topic_other_audit(message, others)
            elif reply is Reply.OTHER_AUDIT:
                # Nothing on screen to switch: the audit that is not the one last talked about,
                # or named in the question before ("what went well in the mental health
                # audit?" then "what about the other audit?")
                sources = store().sources(session)
                before = str(previous_user_parse(tracker.events).get("text") or "")
                named_before = understanding.mentioned_source(before, sources)
                last = tracker.get_slot(AUDIT_SLOT) or (named_before.id if named_before else None)
                unnamed = [x for x in sources if x.id != last]
                audit = understanding.mentioned_source(text, sources) or next(iter(unnamed), None)
                replies = audit_description(audit) if audit else None
            elif reply is Reply.OTHER_CASE:
                replies = case_list(store().cases(session))
            elif message is not None and reply is Reply.ALTERNATIVES:
                question = feedback.question_answered(tracker.events, message.id)
                replies = answers.alternatives(ranked_messages(question, leave_out=message.id))
            replies = replies or (
                answers.no_detail() if move is Move.DETAIL else answers.which_topic()
            )
            if replies[0].text in bot_texts(previous_turn(tracker.events)):
                # never the same reply twice in a row ("next", "next" with nothing open): ask
                # what is happening, with the main choices, instead
                replies = answers.what_is_happening(message)
            send(dispatcher, replies)
        if message is not None and reply in (Reply.NEXT_PART, Reply.ON_TOPIC, Reply.DETAIL):
            events.append(context_is(Context.ANSWERED))
        return events


class ActionExplainTerm(Action):
    """ "What is FAST?", "what does TAC stand for", "CIN?": the glossary's answer with its
    source, and the learning where the audits use the term."""

    def name(self) -> str:
        return ACTION_EXPLAIN_TERM

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        # "what about hackney MASH daytime" after urgent advice: its number then
        follow_up = urgent_follow_up(dispatcher, tracker)
        if follow_up is not None:
            return follow_up
        # "and the mh one?" after an audit's description: that audit, not the abbreviation
        chosen = on_last_turn(dispatcher, tracker)
        if chosen is not None:
            return chosen
        # "what did CAMHS do in that one" after a case: the agency's part in it, not what the
        # letters mean
        role = agency_role_in_case(dispatcher, tracker) or what_followed_in_case(
            dispatcher, tracker
        )
        if role is not None:
            return role
        latest = tracker.latest_message
        text = str(latest.get("text") or "")
        glossary = terms()
        by_id = {term.id: term for term in glossary}
        named = by_id.get(understanding.entity_value(latest, TERM_ENTITY) or "")
        found = terms_asked(text, glossary, named)
        asked = found.terms
        if asked and found.phrase:
            # "what is CAMHS complex care forum in the audit": where the audits say it
            said = _phrase_used(dispatcher, tracker, found.phrase, asked)
            if said is not None:
                return said
        if not asked:
            return answer_learning(dispatcher, tracker)
        with store().session() as session:
            services = {service.id: service for service in store().services(session)}
            cases, used_in = where_used(
                asked, store().cases(session), store().key_messages(session)
            )
            explained = [(term, services.get(term.service or "")) for term in asked]
            contacts = store().urgent_contacts(session)
            send(
                dispatcher,
                answers.term_answer(
                    explained, cases, used_in, contacts, in_practice=found.in_practice
                ),
            )
        log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.TERM.value))
        # Asked right after urgent advice, the urgent context is kept for the next message.
        urgent = context_before(tracker.events) is Context.URGENT
        if urgent:
            return [context_is(Context.URGENT)]
        if len(used_in) == 1:
            # the one key message that uses the term is what a short follow-up leans on
            # ("fast nfa letters?" then "what should go in them"): its lines answer it
            return [SlotSet(KEY_MESSAGE_SLOT, used_in[0].id), context_is(Context.ANSWERED)]
        return []


def _phrase_used(
    dispatcher: CollectingDispatcher, tracker: Tracker, phrase: Sequence[str], asked: Sequence[Term]
) -> list[EventType] | None:
    """A term asked with words of its own beside it: where the audits say them
    (terms_asked.phrase_used); None when no line says them all."""
    with store().session() as session:
        said = phrase_used(phrase, asked, store().cases(session), store().key_messages(session))
    if said is None:
        return None
    send(dispatcher, said)
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.TERM.value))
    return [context_is(Context.NEUTRAL)]
