"""A short message answered from what the turn before it showed (bot.dialogue.turn_before):
the case of the learning just given or of an earlier topic, another case with learning like
it, its practical steps, which cases the audit summarises when one just named is doubted, and
the learning of the case just discussed. Never on a first message, a button, nor a message
the safety rules marked for risk or danger (answer_learning puts the 999 line first)."""

from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.common import context_is, escalation_guide, glossary, log_event, send, store
from actions.details import repeated_detail_replies, service_detail_replies, shown_services
from actions.safety import marks_risk
from bot.dialogue.answers.cases import case_description
from bot.dialogue.answers.learning import key_message_answer
from bot.dialogue.answers.moves import (
    cases_of_answer,
    detail_values,
    named_services,
    repeated,
    service_answer,
)
from bot.dialogue.case_facts import cases_saying, which_cases_reply
from bot.dialogue.case_focus import (
    bot_texts,
    case_ask,
    case_detail,
    case_findings,
    cases_said,
    detail_reply,
    label,
    lines_shown,
    named_in,
)
from bot.dialogue.context import (
    Context,
    context_before,
    is_button,
    offered_in,
    previous_turn,
    topic_left_open,
    turns_before,
)
from bot.dialogue.escalation.replies import route_shown, steps_shown
from bot.dialogue.follow_ups import case_lines, matching_lines, message_lines, sentences
from bot.dialogue.moves import (
    Detail,
    asks_to_escalate,
    asks_what_if,
    asks_what_next,
    asks_whose_detail,
    detail_asked,
    leans_on_last_turn,
    points_back,
    repeated_detail,
)
from bot.dialogue.replies import Reply
from bot.dialogue.turn_before import (
    answered_earlier,
    asks_case_like_it,
    asks_learning_of_it,
    asks_other_case_alike,
    asks_practical_steps,
    asks_who_did_it,
    case_discussed,
    cases_summarised,
    challenges_cases_counted,
    key_message_set,
    lines_on_detail,
    next_case_number,
    other_cases_alike,
    other_cases_on,
    other_learning_alike,
    practical_steps,
    service_asked_of,
    which_case_asked,
)
from bot.dialogue.understanding import mentioned_source
from bot.insights.events import Event, EventKind
from bot.knowledge.citations import CITED
from bot.knowledge.models import KeyMessage
from bot.names import AUDIT_SLOT, KEY_MESSAGE_SLOT


def read_with_turn_before(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """The message answered from the turn before it, when it is one of these shapes; None
    otherwise, and always for a first message, a button or a message marked for risk."""
    latest = tracker.latest_message
    if is_button(latest) or marks_risk(latest) or not turns_before(tracker.events):
        return None
    return (
        detail_owner(dispatcher, tracker)
        or service_detail(dispatcher, tracker)
        # before a case's detail: a service detail's reply cites the case it comes from
        or service_asked_about(dispatcher, tracker)
        or who_did_it_in_case(dispatcher, tracker)
        or detail_of_case_just_shown(dispatcher, tracker)
        or case_of_topic_said(dispatcher, tracker)
        or other_case_alike(dispatcher, tracker)
        or other_cases_saying(dispatcher, tracker)
        or practical_steps_of_topic(dispatcher, tracker)
        or cases_summarised_doubted(dispatcher, tracker)
        or learning_of_case_discussed(dispatcher, tracker)
    )


def _topic_recalled(session: Session, tracker: Tracker, words: set[str]) -> KeyMessage | None:
    """The most recent key message answered in this session whose own lines say the words
    of the topic recalled ("the parents thing")."""
    for key in answered_earlier(tracker.events):
        message = store().key_message(session, key)
        if message is not None and matching_lines(
            " ".join(sorted(words)), [message.title, *message_lines(message)]
        ):
            return message
    return None


def _answer_shown(session: Session, tracker: Tracker) -> KeyMessage | None:
    """The key message the last turn answered, or whose learning the escalation route the
    last turn gave follows; None after anything else (a case's line, candidates: their own
    which-case replies know what was shown), nor after an answer and then a case's line."""
    last = turns_before(tracker.events)[0]
    if sum(CITED in text for text in bot_texts(last)) > 1:
        return None  # an answer, then a case's own line: the case cited last is asked of
    key = key_message_set(last)
    if key is not None:
        return store().key_message(session, key)
    route = route_shown(bot_texts(last), escalation_guide())
    if route is not None and len(route.key_messages) == 1:
        return store().key_message(session, route.key_messages[0].id)
    return None


def case_of_topic_said(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "Which case says that", "Which case this?" right after an answer (or the route its
    learning gives): the case that learning cites, not the first case nor the route finder;
    "and back to the parents thing - which case was it?": the case of the earlier topic whose
    lines say those words. None when the message asks no such thing, or (urgent advice open)
    recalls no earlier topic: urgent follow-ups stay urgent."""
    text = str(tracker.latest_message.get("text") or "")
    words = which_case_asked(text, bot_texts(previous_turn(tracker.events)))
    if words is None:
        return None
    if not words and context_before(tracker.events) is Context.URGENT:
        return None
    with store().session() as session:
        message = (
            _topic_recalled(session, tracker, words) if words else _answer_shown(session, tracker)
        )
        if message is None and not words and asks_case_like_it(text):
            # "which case had carers like those" after a follow-up on the answer: its case
            message = _open_message(session, tracker)
        if message is None:
            return None
        key = _send_cases_of(dispatcher, tracker, message)
    # the answer just shown stays open without being set again: set again, the turn would read
    # as an answer and the case just named not as what "tell me more about her" asks of
    recalled = [SlotSet(KEY_MESSAGE_SLOT, key)] if key != tracker.get_slot(KEY_MESSAGE_SLOT) else []
    return [*recalled, context_is(Context.ANSWERED)]


def _send_cases_of(dispatcher: CollectingDispatcher, tracker: Tracker, message: KeyMessage) -> str:
    """The cases a key message comes from, sent and logged; its id."""
    send(dispatcher, cases_of_answer(message))
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason="which_case"))
    return message.id


def send_case_of_open_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "Which case this?" while the route finder asks what is stuck, after an answer: the case
    that answer cites, sent (True); False, nothing sent, for any other message, one marked for
    risk, or with no answer open."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if (
        is_button(latest)
        or marks_risk(latest)
        or which_case_asked(text, bot_texts(previous_turn(tracker.events))) != set()
    ):
        return False
    key = tracker.get_slot(KEY_MESSAGE_SLOT)
    with store().session() as session:
        message = store().key_message(session, key) if key else None
        if message is None:
            return False
        _send_cases_of(dispatcher, tracker, message)
    return True


def _open_message(session: Session, tracker: Tracker) -> KeyMessage | None:
    """The key message the conversation left open, answered (not only offered)."""
    if context_before(tracker.events) is Context.URGENT:
        return None
    left_open = topic_left_open(tracker.events)
    if left_open is None or left_open.offered or left_open.key_message_id is None:
        return None
    return store().key_message(session, left_open.key_message_id)


def other_case_alike(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "And the other case with similar learning?" after an answer or its case: the cases of
    the learning related to it or on its theme, other than those just named. None when the
    message asks no such thing, no answer is open, or no other case has such learning."""
    text = str(tracker.latest_message.get("text") or "")
    if not asks_other_case_alike(text):
        return None
    with store().session() as session:
        message = _open_message(session, tracker)
        if message is None:
            return None
        shown = cases_said(bot_texts(turns_before(tracker.events)[0]), store().cases(session))
        alike = other_learning_alike(message, store().key_messages(session), shown)
        if not alike:
            return None
        send(dispatcher, other_cases_alike(message, alike))
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason="other_case_alike"))
    return [context_is(Context.ANSWERED)]


def other_cases_saying(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "And the remaining mental health cases on home tuition" after one case was discussed: the
    cases besides it whose own lines say the topic (of the audit named, else of the case's
    audit), each with its line. None when the message asks no such thing, no case was
    discussed, or no other case says it."""
    text = str(tracker.latest_message.get("text") or "")
    if not other_cases_on(text) or context_before(tracker.events) is Context.URGENT:
        return None
    with store().session() as session:
        cases = store().cases(session)
        discussed = named_in(bot_texts(turns_before(tracker.events)[0]), cases)
        if discussed is None:
            return None
        source = mentioned_source(text, store().sources(session)) or discussed.source
        others = [case for case in cases if case != discussed]
        facts = cases_saying(text, others, glossary(), source)
        if not facts:
            return None
        send(dispatcher, which_cases_reply(facts))
        source_id = source.id
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason="other_cases_saying"))
    return [SlotSet(AUDIT_SLOT, source_id)]


def practical_steps_of_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "What do I do now practically" after a discussion of a key message (its answer, its
    case): that key message's steps, not the bare "what's happening?". None when the message
    asks no such thing or no answer is open."""
    text = str(tracker.latest_message.get("text") or "")
    if not asks_practical_steps(text):
        return None
    with store().session() as session:
        message = _open_message(session, tracker)
        if message is None:
            return None
        send(dispatcher, practical_steps(message))
        key = message.id
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason="practical_steps"))
    return [SlotSet(KEY_MESSAGE_SLOT, key), context_is(Context.ANSWERED)]


def cases_summarised_doubted(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "But there are only three cases summarised?" right after a turn that named a case of
    one audit (or with an audit in hand): which cases that audit summarises and which it only
    mentions. None when the message doubts no count or no audit is in hand."""
    text = str(tracker.latest_message.get("text") or "")
    if not challenges_cases_counted(text):
        return None
    with store().session() as session:
        named = cases_said(bot_texts(turns_before(tracker.events)[0]), store().cases(session))
        audits = {case.source_id for case in named} or {tracker.get_slot(AUDIT_SLOT)} - {None}
        if len(audits) != 1:
            return None
        audit = audits.pop()
        source = next((s for s in store().sources(session) if s.id == audit), None)
        if source is None:
            return None
        send(dispatcher, cases_summarised(source))
        source_id = source.id
    log_event(tracker, Event(EventKind.AUDIT_DESCRIBED, source_id=source_id))
    return [SlotSet(AUDIT_SLOT, source_id)]


def learning_of_case_discussed(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "Fine - what's the actual learning then?" after a case was discussed (a reply or two
    may have come between): its learning, the key message itself when it has one. None when
    the message asks no such thing or no case was discussed since the last answer."""
    text = str(tracker.latest_message.get("text") or "")
    if not asks_learning_of_it(text) or context_before(tracker.events) is Context.URGENT:
        return None
    with store().session() as session:
        case = case_discussed(tracker.events, store().cases(session))
        if case is None:
            return None
        only = case.key_messages[0] if len(case.key_messages) == 1 else None
        replies: list[Reply] = key_message_answer(only, text) if only else case_findings(case)
        send(dispatcher, replies)
        event = (
            Event(EventKind.ANSWERED, key_message_id=only.id, theme_id=only.theme_id)
            if only
            else Event(EventKind.CASE_DESCRIBED, case_id=case.id, source_id=case.source_id)
        )
        events: list[EventType] = [SlotSet(AUDIT_SLOT, case.source_id)]
        if only is not None:
            events += [SlotSet(KEY_MESSAGE_SLOT, only.id), context_is(Context.ANSWERED)]
    log_event(tracker, event)
    return events


def next_case_by_number(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "and 3", "now case 3" right after a case was shown (a reply opening with its label; no
    answer, no walk-through or quiz in progress): the case of that number in the audit of the
    case shown, described. None for any other message, after anything but one case shown
    (a case only cited, by a route's step or an answer, is not), when its audit has no
    case of that number, or when that case is the one just shown."""
    # Read even when the safety layer marked it (the examples model gave "and 3" a sign of
    # danger): a number and words of going on are all it says, which tell no danger.
    latest = tracker.latest_message
    number = next_case_number(str(latest.get("text") or ""))
    if number is None or is_button(latest) or not turns_before(tracker.events):
        return None
    if context_before(tracker.events) in (Context.URGENT, Context.ACTIVITY):
        return None
    last = turns_before(tracker.events)[0]
    if key_message_set(last) is not None:
        return None
    with store().session() as session:
        said = bot_texts(last)
        shown = named_in(said, store().cases(session))
        if shown is None or not any(text.lower().startswith(label(shown)) for text in said):
            return None
        case = next((c for c in shown.source.cases if c.number == number), None)
        if case is None or case.id == shown.id:
            # "and 2" on case 2 itself: no case next, the message is read as any other
            return None
        send(dispatcher, case_description(case))
        case_id, source_id = case.id, case.source_id
    log_event(tracker, Event(EventKind.CASE_DESCRIBED, case_id=case_id, source_id=source_id))
    return [SlotSet(AUDIT_SLOT, source_id)]


def who_did_it_in_case(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "Who ran that" right after a case's good practice: the lines of
    that case the reply gave, which name who did it, under the case's label and source (not
    the list of audits the classifier heard). None for any other message, after anything
    but one case's lines, or in urgent advice."""
    text = str(tracker.latest_message.get("text") or "")
    if not asks_who_did_it(text) or context_before(tracker.events) is Context.URGENT:
        return None
    said = bot_texts(turns_before(tracker.events)[0])
    with store().session() as session:
        case = named_in(said, store().cases(session))
        lines = lines_shown(case_lines(case), said) if case is not None else []
        if case is None or not lines:
            return None
        send(dispatcher, detail_reply(case, lines))
        case_id, source_id = case.id, case.source_id
    log_event(tracker, Event(EventKind.CASE_DESCRIBED, case_id=case_id, source_id=source_id))
    return [SlotSet(AUDIT_SLOT, source_id)]


def detail_of_case_just_shown(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "How did they keep her education goin" right after a case was shown: that case's lines
    on the detail, matched on the words the audits write (bot.dialogue.turn_before.
    lines_on_detail), never another case's good practice the words find by meaning. None
    when the message asks a case's strengths, steps or end (the case follow-ups answer those),
    points at nothing, the last turn showed no one case, or the usual match already finds the
    lines (the case follow-ups answer with them)."""
    text = str(tracker.latest_message.get("text") or "")
    if not points_back(text) or case_ask(text) is not None:
        return None
    if asks_what_next(text) or asks_to_escalate(text) or asks_what_if(text):
        return None  # "and if that doesnt work either?": the next step, not a line of the case
    with store().session() as session:
        last = turns_before(tracker.events)[0]
        answered = key_message_set(last) is not None
        case = None if answered else named_in(bot_texts(last), store().cases(session))
        if case is None or case_detail(case, text, glossary()) is not None:
            return None
        every = [line for c in store().cases(session) for line in case_lines(c)]
        every += [line for m in store().key_messages(session) for line in message_lines(m)]
        lines = lines_on_detail(text, case_lines(case), every)
        if not lines:
            return None
        send(dispatcher, detail_reply(case, lines))
        case_id, source_id = case.id, case.source_id
    log_event(tracker, Event(EventKind.CASE_DESCRIBED, case_id=case_id, source_id=source_id))
    return [SlotSet(AUDIT_SLOT, source_id)]


def detail_owner(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "Who does that number belong to", "which team is that link for" right after a reply that
    gave one: the service it belongs to and what it offers, with its source; for a detail
    of no service (an urgent contact's), the lines of the reply that gave it, each naming
    whose it is. None for any other message, in urgent advice (its follow-ups stay urgent),
    or when the last reply gave no such detail."""
    text = str(tracker.latest_message.get("text") or "")
    detail = asks_whose_detail(text)
    if detail is None or context_before(tracker.events) is Context.URGENT:
        return None
    said = bot_texts(turns_before(tracker.events)[0])
    shown = "\n".join(said)
    with store().session() as session:
        owners = [
            service
            for service in shown_services(session, tracker)
            if any(value and value in shown for value in detail_values(service, detail))
        ]
        if owners:
            service = owners[0]
            source = next(s for s in store().sources(session) if s.id == service.source_id)
            key = tracker.get_slot(KEY_MESSAGE_SLOT)
            message = store().key_message(session, key) if key else None
            replies = service_answer(service, sentences(service.offers)[:1], source, message)
        else:
            replies = repeated(detail, said, []) or []
        if not replies:
            return None
        send(dispatcher, replies)
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason="detail_owner"))
    return [context_is(Context.ANSWERED)]


_SERVICE_DETAILS = frozenset({Detail.PHONE, Detail.EMAIL, Detail.LINK})
_DETAIL_WORD = re.compile(
    r"\b(?:numbers?|phone|tel|telephone|e-?mail|email address|link|url|website|web\s?site)\b",
    re.IGNORECASE,
)
"""A word naming a service's detail ("no, the LAC boy" names none, though "no." is a number)."""


def service_detail(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "What was that number again", "and the website" right after a service was shown (an
    answer naming it, or its detail): that one detail of that service, as configured, and
    said plainly when it has none, whatever intent the words were given. None in urgent
    advice (its follow-ups stay urgent), for more words than a detail, or when the last turn
    showed no service and answered no key message with one."""
    text = str(tracker.latest_message.get("text") or "")
    detail = repeated_detail(text) or detail_asked(text)
    if (
        detail not in _SERVICE_DETAILS
        or _DETAIL_WORD.search(text) is None
        or not leans_on_last_turn(text)
        or context_before(tracker.events) is Context.URGENT
    ):
        return None
    last = turns_before(tracker.events)[0]
    said = bot_texts(last)
    if route_shown(said, escalation_guide()) is not None or steps_shown(said):
        return None  # "link?" after a route or its steps: their own links (after_route)
    with store().session() as session:
        key = key_message_set(last)
        message = store().key_message(session, key) if key else None
        named = named_services(text, store().services(session)) or shown_services(session, tracker)
        if not named and (message is None or not message.signposts):
            return None
        # the one detail path: an urgent contact named ("the EDT number?") before a service
        replies = repeated_detail_replies(session, tracker, text) or service_detail_replies(
            session, tracker, text, detail, message
        )
        if replies is None or replies[0].text in said:
            return None  # never the same reply twice: the moves path asks what is happening
        send(dispatcher, replies)
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason="service_detail"))
    return [context_is(Context.ANSWERED if message is not None else Context.NEUTRAL)]


def service_asked_about(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "Could mum get in touch with them herself" after the Nia Project, "would it take a child
    looking after a dad who drinks" after the Young Carers Project, "training - where is it"
    after an answer that signposts the training programme: what the service just shown (or the
    open answer's own) offers and whom it takes, in the lines that say the words asked, with its
    contact and source (bot.dialogue.turn_before.service_asked_of decides which). None in
    urgent advice, or when no such service is shown or no line of it says what is asked."""
    text = str(tracker.latest_message.get("text") or "")
    if context_before(tracker.events) is Context.URGENT:
        return None
    with store().session() as session:
        last = turns_before(tracker.events)[0]
        key = key_message_set(last)
        message = store().key_message(session, key) if key else _open_message(session, tracker)
        # a service named may be one the learning offered as a button signposts
        buttons = [store().key_message(session, key) for key in offered_in(last)]
        asked = service_asked_of(
            text,
            [*shown_services(session, tracker), *(message.signposts if message else [])],
            [service for button in buttons if button for service in button.signposts],
        )
        if asked is None:
            return None
        service, lines = asked
        source = next(s for s in store().sources(session) if s.id == service.source_id)
        # cited by the learning that signposts it: the answer's, else the button's
        signposting = next(
            (m for m in (message, *buttons) if m is not None and service in m.signposts), message
        )
        send(dispatcher, service_answer(service, lines, source, signposting))
        key_message_id = signposting.id if signposting is not None else None
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason="service_asked_about"))
    kept = [SlotSet(KEY_MESSAGE_SLOT, key_message_id)] if key_message_id else []
    return [*kept, context_is(Context.ANSWERED if key_message_id else Context.NEUTRAL)]
