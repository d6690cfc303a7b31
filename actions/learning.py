"""The key messages and their follow-ups (data/learning/): the answer, reflective questions,
steps, services, links, related messages and feedback."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.case_lines import CASE_LINES, question_vector
from actions.cases import (
    answered_in,
    asked_about_case,
    case_in_focus,
    case_line_cited_last,
    case_told_again,
    cases_with_detail,
    detail_of_case_in_its_topic,
    follow_up_on_case,
    named_case,
)
from actions.common import context_is, current_key_message, glossary, log_event, send, store
from actions.escalation import guide as escalation_guide
from actions.last_turn import answer_offered, on_last_turn, side_of_theme_saying
from actions.safety import calls_off_urgent_advice, urgent_follow_up, without_risk_marks
from actions.typed_reason import is_typed_reason, note_typed_reason
from bot.dialogue import feedback, understanding
from bot.dialogue.answers.cases import case_description, case_line_answer
from bot.dialogue.answers.learning import (
    all_actions,
    answer_or,
    candidates,
    feedback_thanks,
    key_message_answer,
    links,
    more_prompts,
    not_helpful,
    ratings_on_insights,
    reason_thanks,
    related_messages,
    services,
)
from bot.dialogue.answers.moves import on_topic, what_is_happening
from bot.dialogue.answers.safety import urgent_line
from bot.dialogue.case_focus import bot_texts, case_ask, case_detail, more_of_case, named_in
from bot.dialogue.case_practice import case_line_for
from bot.dialogue.coming_of_age import transition_learning
from bot.dialogue.context import Context, context_before, is_button, previous_turn, topic_left_open
from bot.dialogue.follow_ups import asks_within, case_lines, message_lines, words_shared
from bot.dialogue.moves import (
    Move,
    acknowledgement_intent,
    asks_a_question,
    asks_and_about,
    asks_what_about,
    asks_what_if,
    asks_what_next,
    leans_on_last_turn,
    points_back,
    topic_words,
)
from bot.dialogue.relied_on import TRIANGULATING_KEY_MESSAGE, tells_carer_relied_on
from bot.dialogue.replies import Reply
from bot.dialogue.retrieval import ENCODED_DIR, Opinion, Ranker, assistant_ranker
from bot.dialogue.turn_before import next_case_number, said_lately
from bot.dialogue.understanding import Ranked
from bot.insights.events import Event, EventKind
from bot.knowledge.escalation.matching import describes_situation
from bot.knowledge.models import Case, KeyMessage
from bot.knowledge.reloading import FollowsLoads
from bot.knowledge.schema import GLOSSARY
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.validation import check_knowledge
from bot.names import (
    ACTION_ANSWER_LEARNING,
    ACTION_MORE_ACTIONS,
    ACTION_MORE_PROMPTS,
    ACTION_RECORD_FEEDBACK,
    ACTION_RECORD_REASON,
    ACTION_RELATED_MESSAGES,
    ACTION_SHOW_LINKS,
    ACTION_SHOW_SERVICES,
    AUDIT_SLOT,
    DANGER_POSSIBLE,
    FEEDBACK_HELPFUL_INTENT,
    FEEDBACK_REASONS,
    HOW_TO_ESCALATE_INTENT,
    KEY_MESSAGE_SLOT,
    REASON_ENTITY,
    RISK_MENTIONED,
    UTTER_ASK_REPHRASE,
)
from bot.safeguards.areas import areas_in
from bot.settings import load_settings, now


def _build_ranker(loaded: KnowledgeStore) -> Ranker:
    with loaded.session() as session:
        messages = loaded.key_messages(session)
        terms = check_knowledge(load_settings().knowledge_dir).of(GLOSSARY)
        return assistant_ranker(messages, terms, ENCODED_DIR)


_RANKER = FollowsLoads(_build_ranker)


def case_practice(
    parse_data: Mapping[str, Any], choices: Sequence[KeyMessage] = ()
) -> tuple[list[Reply], Case] | None:
    """A case's line the typed question is about (bot/dialogue/case_practice.py), as a reply
    naming its audit and case; None for a button or when no case line is near enough."""
    text = parse_data.get("text") or ""
    if is_button(parse_data) or not text.strip():
        return None
    found = case_line_for(
        text, _RANKER.get(store()), CASE_LINES.get(store()), question_vector(parse_data, text)
    )
    if found is None:
        return None
    with store().session() as session:
        case = store().case(session, found.line.case_id)
        if case is None:
            return None
        return case_line_answer(found.line, case, choices), case


def opinion(parse_data: Mapping[str, Any]) -> Opinion:
    """The response selector's ranking with BM25 and the nearest example as second opinions,
    weighed by the learned fusion."""
    ranking = understanding.key_message_ranking(parse_data)
    text = parse_data.get("text") or ""
    return _RANKER.get(store()).opinion(
        text,
        ranking,
        understanding.is_confident(ranking),
        # the NLU pipeline's vector of this text: the text is not encoded twice
        question_vector(parse_data, text),
    )


def asked_steps(parse_data: Mapping[str, Any], message: KeyMessage) -> list[float]:
    """The typed question's similarity to each of the answer's steps (the one it asks about
    is shown first: bot/dialogue/answers/learning.py, asked_step); none for a button."""
    text = parse_data.get("text") or ""
    if is_button(parse_data) or not text.strip():
        return []
    return _RANKER.get(store()).similarities_to(
        text, message.id, message.actions, question_vector(parse_data, text)
    )


def ranked_messages(
    parse_data: Mapping[str, Any], leave_out: str | None = None, found: Opinion | None = None
) -> list[KeyMessage]:
    ranking = (found or opinion(parse_data)).ranking
    with store().session() as session:
        messages = [store().key_message(session, ranked.key_message_id) for ranked in ranking]
    return [m for m in messages if m is not None and m.id != leave_out][: understanding.CANDIDATES]


def on_last_topic(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """An unclear message of few words of its own that leans on what the conversation left
    open ("is there a template for that", "whos the named professional", "what about his
    birth family") is answered from that: the case the last turn showed, else the key message
    last answered; None otherwise, and for a reason typed after "not helpful", which is
    feedback on that answer, not a question leaning on it."""
    if is_typed_reason(tracker):
        return None
    in_its_topic = detail_of_case_in_its_topic(dispatcher, tracker)
    if in_its_topic is not None:
        return in_its_topic  # "and the interpreting?" after a case, then one of its topics
    text = str(tracker.latest_message.get("text") or "")
    # "and who is next after my manager": the step after one the answer gave
    leans = points_back(text) or leans_on_last_turn(text) or asks_what_next(text)
    with store().session() as session:
        case = case_in_focus(tracker, store().cases(session))
        about_case = (
            more_of_case(case, text, said_lately(tracker.events))
            or case_detail(case, text, glossary())
            if case is not None
            else None
        )
        left_open = topic_left_open(tracker.events)
        key_message_id = (
            None if left_open is None or left_open.offered else left_open.key_message_id
        )
        message = store().key_message(session, key_message_id) if key_message_id else None
        if case is None and message is not None:
            # "who did the GP refer to" after an answer and a case's line: the case its last
            # citation names, when its lines say more of the question than the answer's (a
            # line of it shown, not the answer's own Source naming it)
            cited = case_line_cited_last(tracker, store().cases(session))
            said = words_shared(text, case_lines(cited)) if cited is not None else 0
            if (
                cited is not None
                and said >= MIN_WORDS_OF_A_FACT
                and said > words_shared(text, message_lines(message))
            ):
                case, about_case = cited, case_detail(cited, text, glossary())
        leans = (
            leans
            # a case the last turn showed, not one an answer cited ("case" is then in the
            # message): whatever its lines say most of is asked about it ("what did the
            # school do when dad rang" after Barak's case)
            or (case is not None and about_case is not None and case_shown_last(tracker, case))
            or (case is not None and asks_within(text, case_lines(case)))
            or (message is not None and asks_within(text, message_lines(message)))
        )
        if not leans:
            return None
        if case is not None and about_case is not None:
            send(dispatcher, about_case)
            events: list[EventType] = [SlotSet(AUDIT_SLOT, case.source_id)]
        elif message is not None:
            side = _side_asked(session, message, text)
            if side is not None:
                return answer_offered(dispatcher, tracker, side, text)
            send(dispatcher, on_topic(message, text))
            events = [SlotSet(KEY_MESSAGE_SLOT, message.id), context_is(Context.ANSWERED)]
        else:
            return None
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.FOLLOW_UP.value))
    return events


def _side_asked(session: Session, message: KeyMessage, text: str) -> str | None:
    """ "what about health side" after "Transitioning into Adulthood": the other side of its
    theme whose lines say it ("Consider both health (medical) and social elements"), when
    the answer's own lines say none of it; None when the message asks no "what about"."""
    if not (asks_what_about(text) or asks_and_about(text)):
        return None
    return side_of_theme_saying(message, store().key_messages(session), text)


MIN_WORDS_OF_A_FACT = 2
"""Words of a follow-up a cited case's line must say for the case to be asked, not the
answer: "who did the GP refer to" (the GP, the referral), never "how do I evidence it" after a
case line saying "this case evidenced ..."."""


def case_shown_last(tracker: Tracker, case: Case) -> bool:
    """Whether the assistant's last turn showed this case (named it, answering no key
    message), so a question leaning on it needs no pronoun; a case the message itself names
    was not shown."""
    turn = previous_turn(tracker.events)
    return not answered_in(turn) and named_in(bot_texts(turn), [case]) is case


def _neighbour_of_last_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, choices: Sequence[KeyMessage]
) -> list[EventType] | None:
    """ "what about the mum, ..." right after an answer, unclear on its own: the closest key
    message when it is on the theme just answered (another side of that topic, "Transition
    planning" after "Transitioning into Adulthood"); None otherwise."""
    text = str(tracker.latest_message.get("text") or "")
    if context_before(tracker.events) is not Context.ANSWERED or not asks_what_about(text):
        return None
    last_id = tracker.get_slot(KEY_MESSAGE_SLOT)
    with store().session() as session:
        last = store().key_message(session, last_id) if last_id else None
        closest = choices[0] if choices else None
        if last is None or closest is None or closest.theme_id != last.theme_id:
            return None
        if closest.id == last.id:
            side = _side_asked(session, last, text)
            if side is not None:
                return answer_offered(dispatcher, tracker, side, text)
            send(dispatcher, on_topic(last, text))
        else:
            send(dispatcher, key_message_answer(closest, text))
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.FOLLOW_UP.value))
    return [SlotSet(KEY_MESSAGE_SLOT, closest.id), context_is(Context.ANSWERED)]


MAX_WORDS_OF_A_NEW_FACT = 5


def _same_situation(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    choices: Sequence[KeyMessage],
    near_knowledge: bool = True,
) -> list[EventType] | None:
    """A short message right after an answer, unclear on its own, with the answer just given
    among its closest key messages (the candidates it would be offered): a new fact about
    the same situation ("dad has since said no as well", "she's moved school now though") or a
    narrower ask of it, answered from that topic's lines, never the same topic offered back
    as a candidate; None otherwise. When the message is near nothing the audits say
    (`near_knowledge` False), its few words are too few to place among all the key messages
    but not among the answer's lines: it is read against the answer just given rather than
    declined as "the audits may not cover it"."""
    text = str(tracker.latest_message.get("text") or "")
    if context_before(tracker.events) is not Context.ANSWERED or is_button(tracker.latest_message):
        return None
    last_id = tracker.get_slot(KEY_MESSAGE_SLOT)
    last = next((choice for choice in choices if choice.id == last_id), None)
    if last is None and not near_knowledge and last_id:
        with store().session() as session:
            last = store().key_message(session, last_id)
    if last is None or not 0 < len(topic_words(text)) <= MAX_WORDS_OF_A_NEW_FACT:
        return None
    send(dispatcher, on_topic(last, text))
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.FOLLOW_UP.value))
    return [SlotSet(KEY_MESSAGE_SLOT, last.id), context_is(Context.ANSWERED)]


def offer_candidates(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    parse_data: Mapping[str, Any] | None = None,
    before: Reply | None = None,
) -> list[EventType]:
    """The closest key messages, unless the message names a case outright: that is clear
    even when neither the intent nor the key message was; or unless it points back at the
    answer just given."""
    if parse_data is None or (parse_data is tracker.latest_message and before is None):
        followed_up = on_last_topic(dispatcher, tracker)
        if followed_up is not None:
            return followed_up
        if asks_what_next(str(tracker.latest_message.get("text") or "")):
            # a bare "what now?" with nothing open to go on from: what is happening
            send(dispatcher, what_is_happening(None))
            return [context_is(Context.NEUTRAL)]
    parse_data = tracker.latest_message if parse_data is None else parse_data
    text = parse_data.get("text") or ""
    with store().session() as session:
        case = named_case(text, store().cases(session), tracker.get_slot(AUDIT_SLOT))
        if case is not None:
            send(dispatcher, with_first(before, case_description(case)))
    if case is not None:
        log_event(
            tracker, Event(EventKind.CASE_DESCRIBED, case_id=case.id, source_id=case.source_id)
        )
        return [SlotSet(AUDIT_SLOT, case.source_id)]
    escalation = understanding.likely_intent(
        parse_data, HOW_TO_ESCALATE_INTENT
    ) or describes_situation(escalation_guide(), text)
    found = opinion(parse_data)
    choices = ranked_messages(parse_data, found=found)
    with store().session() as session:
        told = _transition_beside(choices, found.ranking, text, session)
    if told is not None:
        # a coming of age told: the transition learning first among the candidates, the
        # list no longer for it (a phone shows a few buttons, not a column of them)
        choices = [told, *choices][: understanding.CANDIDATES]
    if parse_data is tracker.latest_message and before is None:
        neighbour = _neighbour_of_last_answer(dispatcher, tracker, choices)
        if neighbour is not None:
            return neighbour
        same = _same_situation(dispatcher, tracker, choices, found.near_knowledge)
        if same is not None:
            return same
    practice = case_practice(parse_data, choices)
    if practice is not None:
        # no key message fits, but one case's good practice does: that line, its key
        # messages' closest a tap away
        replies, case = practice
        send(dispatcher, with_first(before, replies))
        log_event(
            tracker, Event(EventKind.CASE_DESCRIBED, case_id=case.id, source_id=case.source_id)
        )
        return [SlotSet(AUDIT_SLOT, case.source_id), context_is(Context.CANDIDATES)]
    closest = candidates(
        choices,
        offer_escalation=escalation,
        near_knowledge=found.near_knowledge or is_button(parse_data),
    )
    send(dispatcher, with_first(before or danger_line_first(parse_data), closest))
    if not is_button(parse_data) and not is_typed_reason(tracker):
        log_event(tracker, Event(EventKind.UNANSWERED, text=text))
    return [context_is(Context.CANDIDATES)]


def _transition_beside(
    offered: Sequence[KeyMessage], ranking: Sequence[Ranked], text: str, session: Session
) -> KeyMessage | None:
    """The transition learning to offer beside an answer or candidates on something else
    (`offered`), when the question tells a young person's coming of age
    (bot/dialogue/coming_of_age.py); None when it tells none or one offered is already of it."""
    told = transition_learning(
        text, [r.key_message_id for r in ranking], store().key_messages(session)
    )
    if told is None or any(message.theme_id == told.theme_id for message in offered):
        return None
    return told


def _triangulation_beside(message: KeyMessage, text: str, session: Session) -> KeyMessage | None:
    """The learning on not relying on carers alone, beside an answer on something else, when
    the question tells a carer relied on for what is known of the child
    (bot/dialogue/relied_on.py)."""
    if message.id == TRIANGULATING_KEY_MESSAGE or not tells_carer_relied_on(text):
        return None
    return store().key_message(session, TRIANGULATING_KEY_MESSAGE)


def with_first(line: Reply | None, replies: list[Reply]) -> list[Reply]:
    """`line` at the top of the first reply, in the same message, its buttons after the
    reply's own."""
    if line is None or not replies:
        return replies
    first = replies[0]
    merged = Reply(f"{line.text}\n\n{first.text}", first.buttons + line.buttons)
    return [merged, *replies[1:]]


def urgent_line_first(parse_data: Mapping[str, Any]) -> Reply | None:
    """One line of urgent advice when a practice question mentions risk (the safety rules
    mark it), before its answer."""
    if not parse_data.get(RISK_MENTIONED) or _only_acknowledges(parse_data):
        return None
    return urgent_line_for(parse_data.get("text") or "")


def _only_acknowledges(parse_data: Mapping[str, Any]) -> bool:
    """A message of acknowledgement words only ("great that will do for today") tells of no
    danger, whatever the urgent model near it made of it: a session closed gets no 999."""
    return acknowledgement_intent(str(parse_data.get("text") or "")) is not None


def danger_line_first(parse_data: Mapping[str, Any]) -> Reply | None:
    """999 and the number that applies now, without a button of their own, before whatever a
    typed message gets when anything saw a sign of danger in it: it may be danger in words
    nobody taught the assistant. Set C (2026-12-05): 8 of 9 danger descriptions missed got
    only candidates or "the audits may not cover it"; set H (2026-12-05): two got a confident
    answer once the ranking was surer ("injured non-verbal pupil, alleged abuser collecting
    now"). An ordinary question with no such sign ("writing my first CIN plan") gets none."""
    if is_button(parse_data) or not parse_data.get(DANGER_POSSIBLE):
        return None
    if _only_acknowledges(parse_data) or next_case_number(str(parse_data.get("text") or "")):
        # "and 4" after a case: a number and words of going on tell no danger, whatever the
        # examples model made of them
        return None
    return Reply(urgent_line_for(parse_data.get("text") or "").text)


def put_danger_line_first(
    dispatcher: CollectingDispatcher, parse_data: Mapping[str, Any], sent_before: int
) -> None:
    """danger_line_first's line at the top of what an action sent since `sent_before`
    messages, unless that already holds it: a walk-through, a quiz's choice or "next" answers
    a message saying a child is in danger now ("case 4 please, the toddler has stopped
    breathing") with 999 before anything else, as a learning answer does (review of conv41)."""
    line = danger_line_first(parse_data)
    sent = dispatcher.messages[sent_before:]
    if line is None or any(line.text in str(message.get("text") or "") for message in sent):
        return
    alone = CollectingDispatcher()  # the line as `send` makes a message, then put first
    send(alone, [line])
    dispatcher.messages[sent_before:sent_before] = alone.messages


def urgent_line_for(text: str) -> Reply:
    """999, then the number that applies now for the area the text names."""
    with store().session() as session:
        return urgent_line(store().urgent_contacts(session), now(), areas_in(text))


def answer_learning(
    dispatcher: CollectingDispatcher, tracker: Tracker, parse_data: Mapping[str, Any] | None = None
) -> list[EventType]:
    """Answers with the chosen or best-ranked key message, or offers candidates; the
    question is the latest message's unless `parse_data` gives an earlier one."""
    note_typed_reason(tracker)
    parse_data = tracker.latest_message if parse_data is None else parse_data
    if parse_data is tracker.latest_message and calls_off_urgent_advice(tracker):
        # a false alarm called off after 999 was said: its question, without 999 again
        parse_data = without_risk_marks(parse_data)
    before = urgent_line_first(parse_data)
    if before is None and parse_data is tracker.latest_message:
        # an earlier message answered now ("It's not urgent" pressed) was already told
        before = danger_line_first(parse_data)
    chosen = understanding.requested_key_message(parse_data)
    confidence = None  # a button names its key message: no guess to record
    last = tracker.get_slot(KEY_MESSAGE_SLOT)
    just_answered = (
        parse_data is tracker.latest_message
        and context_before(tracker.events) is Context.ANSWERED
        and last is not None
    )
    # "and if mum says no?" right after an answer: a case of that answer, whatever topic its
    # few words might suggest on their own
    leaning = chosen is None and just_answered and asks_what_if(parse_data.get("text") or "")
    runner_up = None
    ranked: list[Ranked] = []
    if leaning:
        chosen = last
    elif chosen is None:
        found = opinion(parse_data)
        if found.confident:
            chosen = found.ranking[0].key_message_id
            confidence = understanding.selector_confidence(parse_data, chosen)
            runner_up = found.second.key_message_id if found.second else None
            ranked = found.ranking
    again = leaning or (confidence is not None and chosen == last and just_answered)
    text = parse_data.get("text") or ""
    with store().session() as session:
        message = store().key_message(session, chosen) if chosen else None
        second = store().key_message(session, runner_up) if runner_up else None
        if message is not None and second is None and not again and confidence is not None:
            # "care leaver with LD, 18 next month, who plans with him": the transition
            # learning beside the answer on the rest of what was told
            second = _transition_beside([message], ranked, text, session) or (
                _triangulation_beside(message, text, session)
            )
        if message is not None and again:
            # The topic just answered, asked again in other words ("and if my manager can't
            # sort it"): a follow-up on it, not the same answer twice.
            send(dispatcher, with_first(before, on_topic(message, text)))
        elif message is not None and second is not None:
            steps = asked_steps(parse_data, message)
            send(dispatcher, with_first(before, answer_or(message, second, text, steps)))
        elif message is not None:
            answer = key_message_answer(message, text, asked=asked_steps(parse_data, message))
            # a question nearer one case's good practice than any key message's words: that
            # line too, after the answer (chosen by a button: the answer alone)
            practice = case_practice(parse_data) if confidence is not None else None
            send(dispatcher, with_first(before, answer + (practice[0] if practice else [])))
    if message is None:
        return offer_candidates(dispatcher, tracker, parse_data, before)
    if again:
        log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.FOLLOW_UP.value))
        return [context_is(Context.ANSWERED)]
    log_event(
        tracker,
        Event(
            EventKind.ANSWERED,
            key_message_id=message.id,
            theme_id=message.theme_id,
            confidence=confidence,
        ),
    )
    return [SlotSet(KEY_MESSAGE_SLOT, message.id), context_is(Context.ANSWERED)]


class ActionAnswerLearning(Action):
    def name(self) -> str:
        return ACTION_ANSWER_LEARNING

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return (
            urgent_follow_up(dispatcher, tracker)
            or cases_with_detail(dispatcher, tracker)
            or on_last_turn(dispatcher, tracker)
            or case_told_again(dispatcher, tracker)
            or follow_up_on_case(dispatcher, tracker)
            or asked_about_case(dispatcher, tracker)
            or answer_learning(dispatcher, tracker)
        )


class _KeyMessageFollowUp(Action, ABC):
    """Shared by the follow-up buttons, which all act on the current key message."""

    @staticmethod
    @abstractmethod
    def compose(message: KeyMessage) -> list[Reply]:
        """The replies for this follow-up."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        typed = on_last_turn(dispatcher, tracker)
        if typed is not None:
            return typed
        key_message_id = current_key_message(tracker)
        with store().session() as session:
            message = store().key_message(session, key_message_id) if key_message_id else None
            if message is None:
                dispatcher.utter_message(response=UTTER_ASK_REPHRASE)
                return []
            send(dispatcher, self.compose(message))
        return [SlotSet(KEY_MESSAGE_SLOT, message.id), context_is(Context.ANSWERED)]


class ActionMorePrompts(_KeyMessageFollowUp):
    compose = staticmethod(more_prompts)

    def name(self) -> str:
        return ACTION_MORE_PROMPTS


class ActionMoreActions(_KeyMessageFollowUp):
    compose = staticmethod(all_actions)

    def name(self) -> str:
        return ACTION_MORE_ACTIONS


class ActionShowServices(_KeyMessageFollowUp):
    compose = staticmethod(services)

    def name(self) -> str:
        return ACTION_SHOW_SERVICES


class ActionShowLinks(_KeyMessageFollowUp):
    compose = staticmethod(links)

    def name(self) -> str:
        return ACTION_SHOW_LINKS


class ActionRelatedMessages(_KeyMessageFollowUp):
    compose = staticmethod(related_messages)

    def name(self) -> str:
        return ACTION_RELATED_MESSAGES


_COMPLAINT_WORDS = frozenset(
    """wrong answer answered asking asked ask helpful useful unhelpful useless wasn isn didn
    doesn meant looking wanted want question help helped rubbish""".split()
)
MIN_WORDS_MEANT = 2


def says_what_was_meant(tracker: Tracker, answered_id: str | None) -> bool:
    """A typed "not helpful" that also says what was asked ("wrong answer, I'm asking about
    the school nurse"), clearly another key message: recovered from at once, not asked again."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or len(topic_words(text) - _COMPLAINT_WORDS) < MIN_WORDS_MEANT:
        return False
    found = opinion(latest)
    return found.confident and found.ranking[0].key_message_id != answered_id


def record_feedback(
    dispatcher: CollectingDispatcher, tracker: Tracker, helpful: bool
) -> list[EventType]:
    """Records feedback only on a key message this conversation was answered with: a typed
    or forged payload can name anything, and nothing a user types may write arbitrary data."""
    key_message_id = current_key_message(tracker)
    recorded = False
    if key_message_id in feedback.answered_key_messages(tracker.events):
        with store().session() as session:
            message = store().key_message(session, key_message_id)
        if message is not None:
            store().record_feedback(message.id, helpful)
            log_event(
                tracker, Event(EventKind.FEEDBACK, key_message_id=message.id, helpful=helpful)
            )
            recorded = True
    if helpful:
        send(dispatcher, feedback_thanks(recorded))
        return []
    if says_what_was_meant(tracker, key_message_id):
        # "wrong answer, I'm asking about the school nurse": the question it corrects to
        return answer_learning(dispatcher, tracker)
    answered = None
    if key_message_id:
        with store().session() as session:
            answered = store().key_message(session, key_message_id)
    question = feedback.question_answered(tracker.events, key_message_id)
    alternatives = ranked_messages(question, leave_out=key_message_id)
    send(dispatcher, not_helpful(answered, alternatives))
    return [context_is(Context.ASKED_WHAT_MISSING)]


class ActionRecordReason(Action):
    """Records why an answer did not help, only as one of the offered reasons and only for a
    key message this conversation was answered with: a typed payload can name anything."""

    def name(self) -> str:
        return ACTION_RECORD_REASON

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reason = understanding.entity_value(tracker.latest_message, REASON_ENTITY)
        key_message_id = tracker.get_slot(KEY_MESSAGE_SLOT)
        if reason in FEEDBACK_REASONS and key_message_id in feedback.answered_key_messages(
            tracker.events
        ):
            log_event(
                tracker,
                Event(EventKind.FEEDBACK_REASON, key_message_id=key_message_id, reason=reason),
            )
        send(dispatcher, reason_thanks())
        return []


class ActionRecordFeedback(Action):
    def name(self) -> str:
        return ACTION_RECORD_FEEDBACK

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        if feedback.asks_about_ratings(text):
            # "what helped?" asks which answers help: the insights, not feedback on one
            send(dispatcher, ratings_on_insights(feedback.rating_word(text)))
            return []
        if asks_a_question(text):
            if case_ask(text) is not None:
                # "and what didn't?" after what went well in a case, "what helped in that
                # case": a question about the case in focus, not feedback on an answer
                on_case = follow_up_on_case(dispatcher, tracker)
                if on_case is not None:
                    return on_case
            # "who is that exactly" after an answer: a question leaning on it, not a rating
            followed_up = on_last_topic(dispatcher, tracker)
            if followed_up is not None:
                return followed_up
        helpful = tracker.latest_message.get("intent", {}).get("name") == FEEDBACK_HELPFUL_INTENT
        return record_feedback(dispatcher, tracker, helpful)
