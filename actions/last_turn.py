"""Short messages that only make sense against what the assistant's last turn showed, answered
before any action reads them as a question of their own: a choice by position from its list
("number 4", "the first one": bot.dialogue.list_choice), "where then?" after it said the
audits do not cover something (bot.dialogue.where_to_look), "and one on young carers"
after a handout, a quiz or a group's questions, and a move inside the walk-through or quiz
in progress ("go back", "what's the learning from it")."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.activities import (
    another_of_the_same,
    case_quiz_answers_again,
    handout_shortened,
    within_activity,
    within_poll,
)
from actions.common import context_is, glossary, log_event, send, store, terms
from actions.escalation import after_route, guide
from actions.safety import marks_risk
from actions.turn_before import next_case_by_number, read_with_turn_before
from bot.dialogue import understanding
from bot.dialogue.activity import Activity
from bot.dialogue.answers.browse import (
    THEMES_OF,
    THEMES_OVERVIEW,
    THEMES_SHARED,
    good_practice,
    themes_of_audit,
)
from bot.dialogue.answers.cases import (
    CASE_LINE_HEADINGS,
    CASES_AUDITED,
    WHICH_CASE,
    audit_description,
    case_description,
    case_list,
    cases_counted,
    cases_named,
)
from bot.dialogue.answers.learning import (
    INSIGHTS_PAGE,
    insights_views,
    key_message_answer,
    services,
)
from bot.dialogue.answers.moves import (
    COMES_FROM,
    TERM_USES_OPENING,
    already_in_audit,
    audits_found,
    cases_of_answer,
    lines_of_topic,
    on_usual,
    on_wording,
    same_topic_other_audit,
    subject_said_in_audit,
    term_answer,
    term_users,
    terms_of_case,
    which_topic,
)
from bot.dialogue.case_focus import bot_texts, cases_said, named_in
from bot.dialogue.context import (
    Context,
    context_before,
    earlier_user_parses,
    is_button,
    previous_turn,
    previous_user_parse,
    topic_left_open,
    turns_before,
)
from bot.dialogue.coverage import PROCEDURES_LINK
from bot.dialogue.escalation import replies as escalation_replies
from bot.dialogue.follow_ups import (
    as_typed,
    asks_consent,
    asks_contents,
    asks_usual,
    asks_wording,
    case_lines,
    consent_lines,
    contents_lines,
    matching_lines,
    message_lines,
    other_audit_subject,
    sentences,
    stems_said,
    usual_lines,
    wording_lines,
)
from bot.dialogue.lead_requests import asks_over_insights
from bot.dialogue.list_choice import Item, item_at, item_named, listed_items, position_chosen
from bot.dialogue.moves import (
    Move,
    asks_for_services,
    asks_to_escalate,
    asks_top_of_escalation,
    asks_what_about,
    asks_which_audits_found,
    asks_why_used,
    corrects,
    corrects_with_one,
    names_failing_step,
    shaped_within,
    topic_words,
    who_uses_narrowed,
)
from bot.dialogue.replies import Reply
from bot.dialogue.simpler import asks_simpler, said_simply
from bot.dialogue.terms import Term, uses_term
from bot.dialogue.where_to_look import asks_where_instead, said_where_to_look, where_to_look_again
from bot.insights.events import Event, EventKind
from bot.knowledge.models import KeyMessage, Source
from bot.names import ACTION_EXPLAIN_TERM, ACTIVITY_SLOT, AUDIT_SLOT, KEY_MESSAGE_SLOT


def on_last_turn(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """A choice from the last turn's list, where to look after a decline, the step a route
    ends with after the route, the same activity again on something else, or a move inside
    the activity in progress, or a part of the poll just given; None when the message is none
    of them."""
    return (
        within_poll(dispatcher, tracker)
        or next_case_by_number(dispatcher, tracker)
        or read_with_turn_before(dispatcher, tracker)
        or cases_of_audit_named(dispatcher, tracker)
        or chosen_from_list(dispatcher, tracker)
        or case_in_audit_named(dispatcher, tracker)
        or where_instead(dispatcher, tracker)
        or after_route(dispatcher, tracker)
        or other_audit_after_audit(dispatcher, tracker)
        or themes_in_audit_named(dispatcher, tracker)
        or topic_in_audit_named(dispatcher, tracker)
        or subject_in_other_audit(dispatcher, tracker)
        or case_example_of_topic(dispatcher, tracker)
        or side_after_its_cases(dispatcher, tracker)
        or another_of_the_same(dispatcher, tracker)
        or case_quiz_answers_again(dispatcher, tracker)
        or handout_shortened(dispatcher, tracker)
        or within_activity(dispatcher, tracker)
        or cases_in_the_audit(dispatcher, tracker)
        or cases_said_again(dispatcher, tracker)
        or consent_on_topic(dispatcher, tracker)
        or wording_on_topic(dispatcher, tracker)
        or contents_on_topic(dispatcher, tracker)
        or usual_of_last_turn(dispatcher, tracker)
        or audits_of_topic(dispatcher, tracker)
        or services_on_topic(dispatcher, tracker)
        or case_with_every_term(dispatcher, tracker)
        or users_of_term(dispatcher, tracker)
        or terms_in_case(dispatcher, tracker)
        or terms_compared(dispatcher, tracker)
        or audits_by_date(dispatcher, tracker)
        or escalate_next(dispatcher, tracker)
        or over_the_insights(dispatcher, tracker)
        or said_more_simply(dispatcher, tracker)
    )


_AFTER_NAMED = re.compile(r"\bafter\s+(?:my|the|our|a|an)\s+\w+", re.IGNORECASE)
"""Naming the step tried ("who is next after my manager"): the topic's own steps after it,
when the topic has one like it."""


_NOTHING_TO_ESCALATE = frozenset({Context.START, Context.URGENT, Context.ACTIVITY})
"""Where "who next" is not escalating: nothing said yet, urgent advice (its own follow-ups),
or a walk-through or quiz running."""


def escalate_next(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "who next", "and if the manager still refuses", "who sits highest up it" (right after
    escalating was spoken of) outside urgent advice and any activity: the escalation steps
    after the first, whatever the topic (a topic's own steps stop where the people asked
    still say no); the routes to choose from if those were just given, never the
    same reply twice. None for any other message, or when the open topic's own steps name
    what the message names ("who is next after my manager": its steps after that one)."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    context = context_before(tracker.events)
    top = asks_top_of_escalation(text) and _escalating_spoken_of(tracker)
    if context in _NOTHING_TO_ESCALATE or not (asks_to_escalate(text) or top):
        # "who sits highest up the ladder" only right after escalating was spoken of
        return None
    if Activity.from_slot(tracker.get_slot(ACTIVITY_SLOT)) is not None:
        return None
    key_message_id = tracker.get_slot(KEY_MESSAGE_SLOT)
    ranking = understanding.key_message_ranking(latest)
    if understanding.is_clear(ranking) and ranking[0].key_message_id != key_message_id:
        return None  # "AMH not responding. escalate to who?": that topic's own route
    named_step = _AFTER_NAMED.search(text) is not None or names_failing_step(text)
    wanted = understanding.topic_stems(text) if named_step else set()
    with store().session() as session:
        message = store().key_message(session, key_message_id) if key_message_id else None
        if message is not None and any(
            wanted & understanding.topic_stems(step) for step in message.actions
        ):
            return None
    replies = escalation_replies.after_first_step(guide())
    if not replies or replies[0].text in bot_texts(previous_turn(tracker.events)):
        replies = escalation_replies.overview(guide())
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.FOLLOW_UP.value))
    send(dispatcher, replies)
    return [context_is(Context.NEUTRAL)]


_ESCALATING = "escalat"


def _escalating_spoken_of(tracker: Tracker) -> bool:
    """Whether the last reply spoke of escalating, or the answer it gave has a step that
    escalates (shown or behind its "all steps" button)."""
    said = " ".join(bot_texts(previous_turn(tracker.events))).lower()
    if _ESCALATING in said:
        return True
    key_message_id = tracker.get_slot(KEY_MESSAGE_SLOT)
    with store().session() as session:
        message = store().key_message(session, key_message_id) if key_message_id else None
        return message is not None and any(_ESCALATING in step.lower() for step in message.actions)


def over_the_insights(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "Any patterns in those?", "what would help us close those gaps?" right after the
    insights page was named: the page's views that group what it holds; None for any other
    message or after any other reply."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or not asks_over_insights(text):
        return None
    if not any(INSIGHTS_PAGE in said for said in bot_texts(previous_turn(tracker.events))):
        return None
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.FOLLOW_UP.value))
    send(dispatcher, insights_views())
    return [context_is(Context.NEUTRAL)]


def said_more_simply(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "I not understand, more simple please": the gist of the last reply, in the context it
    left open (its "ok" and "go on" still carry on); None for any other message or when
    nothing was said yet."""
    latest = tracker.latest_message
    if is_button(latest) or not asks_simpler(str(latest.get("text") or "")):
        return None
    gist = said_simply(bot_texts(previous_turn(tracker.events)))
    if gist is None:
        return None
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.MORE.value))
    send(dispatcher, [Reply(gist)])
    context = context_before(tracker.events)
    return [] if context is Context.START else [context_is(context)]


_EVERY_AUDIT = r"(?:each|every|both|all|the\s+two|the)\s+(?:of\s+the\s+)?(?:two\s+)?audits"
_HOW_MANY_CASES = re.compile(
    r"^\W*(?:(?:and|so|ok|okay)\W+)*how\s+many\s+cases?\b(?:\s+(?:are|were|is|did)\b)?"
    r"(?:\s+(?:there|in\s+(?:it|that|this|the\s+\S+(?:\s+audit)?)|it\s+(?:have|look\s+at|audit)"
    r"|(?:in|from|for)\s+the\s+(?:\S+\s+){0,3}?audit|(?:does|did)\s+the\s+(?:\S+\s+){0,3}?audit"
    r"(?:\s+(?:have|look\s+at|cover))?"
    r"|they\s+(?:audit|look\s+at)|per\s+(?:audit|report)"
    r"|(?:in|per|for|from|across)\s+(?:each|every|both)(?:\s+(?:one|audit|report|of\s+them))?"
    r"|(?:do|did|does)\s+(?:they\s+)?(?:each|both)(?:\s+(?:have|look\s+at|audit|cover))?"
    r"|each(?:\s+(?:one|audit|report))?(?:\s+(?:has|had|have|looked\s+at|audited|covered))?"
    rf"|(?:in|across|for|from)\s+{_EVERY_AUDIT}))*"
    r"(?:\W+(?:and\s+)?(?:who|which|what)\s+(?:are|were|r)\s+(?:they|them|those|the\s+cases)"
    r"(?:\s+(?:called|named))?|\W+(?:and\s+)?(?:what\s+(?:are|were|r)\s+)?(?:their|the)\s+names"
    r"|\W+(?:and\s+)?(?:which|what)\s+ones?|\W+(?:and\s+)?(?:name|list)\s+them)?\W*$",
    re.IGNORECASE,
)
"""How many cases an audit has, asked alone or with who they are ("how many cases in the SEND
audit and who are they?", "... and what are they called", "... and their names", "how many
cases does the mental health audit have")."""
_EACH_AUDIT = re.compile(rf"\b(?:each|every|per|both)\b|\b{_EVERY_AUDIT}\b", re.I)
"""The count asked of every audit at once: "how many cases in each audit", "how many cases in
each", "how many cases do they each have" (in a message asking how many cases)."""


def cases_in_the_audit(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "how many cases?" with no audit of its own, after one was described: the audit the
    conversation is on; asked of each audit, every audit's; None when the message is not
    that or no audit is in hand."""
    text = str(tracker.latest_message.get("text") or "")
    if _HOW_MANY_CASES.search(text) is None:
        return None
    with store().session() as session:
        sources = store().sources(session)
        if _EACH_AUDIT.search(text) is not None:
            for each in sources:
                send(dispatcher, cases_counted(each))
            return [context_is(Context.NEUTRAL)]
        source = understanding.mentioned_source(text, sources) or next(
            (s for s in sources if s.id == tracker.get_slot(AUDIT_SLOT)), None
        )
        if source is None:
            return None
        send(dispatcher, cases_counted(source))
    return [SlotSet(AUDIT_SLOT, source.id), context_is(Context.NEUTRAL)]


_WHICH_CASES = re.compile(
    r"\b(?:which|what)\s+(?:of\s+the\s+)?(?:cases?|child(?:ren)?|famil(?:y|ies)|reviews?"
    r"|kids?|young\s+people|young\s+person)\b",
    re.IGNORECASE,
)
_ASKING_WHICH_CASES_WORDS = frozenset(
    """case cases child children family families review reviews kid kids young people person
    audit audits had have has one ones used use uses using mentioned mention featured feature
    features involved came come from""".split()
)
MAX_CASES_OWN_WORDS = 1


def cases_said_again(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "which case had one", "which cases?" right after a turn that named several cases (a
    term's cases, good practice from several cases): those cases as a list to choose from;
    None when the message asks more than that or the last turn named fewer than two cases
    (one case is its source: the detail move says it), or answered a key message."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or _WHICH_CASES.search(text) is None:
        return None
    own = topic_words(text) - _ASKING_WHICH_CASES_WORDS
    if len(own) > MAX_CASES_OWN_WORDS:
        return None
    turn = previous_turn(tracker.events)
    if _answered(turn):
        return None  # after an answer, "which case" asks where it comes from: its citation
    if own and _terms_of_last_turn(turn):
        return None  # "which child got one transferred" after a term: its users who say it
    with store().session() as session:
        named = cases_said(bot_texts(turn), store().cases(session))
        if len(named) < MIN_CASES_LISTED:
            return None
        send(dispatcher, cases_named(named))
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.DETAIL.value))
    return [context_is(Context.NEUTRAL)]


MIN_CASES_LISTED = 2


_NARROWING_TO_CASES_WORDS = frozenset(
    """only just list show give tell name names ones one cases case audit report please pls
    which are were those them""".split()
)
"""Words of narrowing the cases just named to one audit's ("list the send ones", "just the
mental health cases please"), not a topic of their own."""


def cases_of_audit_named(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "list the send ones", "just the MH cases" right after a turn that named cases of more
    than one audit (each audit's count of cases, cases from both audits): that audit's cases
    as a list to choose from; None when the message names no audit, or a case, or says more,
    or the last turn named the cases of one audit or none."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or understanding.case_number(text) is not None:
        return None  # "which did case 3 of the mh audit have": one case, named
    turn = previous_turn(tracker.events)
    said = bot_texts(turn)
    if _answered(turn) or corrects_with_one(text) or any(t.startswith(WHICH_CASE) for t in said):
        # "the mental health one" after an answer, or "no, the mental health one" after
        # "Which case?": a correction, to its learning or to the case asked for
        return None
    with store().session() as session:
        named = cases_said(said, store().cases(session))
        if len({case.source_id for case in named}) < MIN_CASES_LISTED:
            return None
        source = understanding.mentioned_source(text, store().sources(session))
        if source is None:
            return None
        naming = " ".join([source.short_title, source.title, *source.aliases]).lower()
        if topic_words(text) - topic_words(naming) - _NARROWING_TO_CASES_WORDS:
            return None
        send(dispatcher, case_list([case for case in named if case.source_id == source.id]))
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.FOLLOW_UP.value))
    return [SlotSet(AUDIT_SLOT, source.id), context_is(Context.NEUTRAL)]


_EXPLAINED = re.compile(r"^\*\*([^*]+)\*\*(?: stands for\b|\s*$)", re.MULTILINE)
"""How a term's answer opens (bot.dialogue.answers.moves.term_answer): what it stands for,
else the term alone on its line ("**HARK**", which no source spells out)."""
_DIFFERENCE = re.compile(
    r"\bdiff(?:erence|erent|erences)?\b|\bcompare\w*\b|\bvs\.?\b|\bversus\b" r"|\bsame\s+thing\b",
    re.IGNORECASE,
)
_DIFFERENCE_WORDS = frozenset(
    """difference differences different diff compare compared comparing versus same thing
    between them two both those these terms""".split()
)
TURNS_BACK_FOR_TERMS = 3
"""How many turns back the terms compared may have been explained ("CIN?", "and CP?")."""


def terms_compared(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "what is difference?", "are they the same thing" after two terms were explained in
    the last turns: both terms' meanings side by side, from the glossary; None when the
    message asks more, or fewer than two terms were explained."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or _DIFFERENCE.search(text) is None:
        return None
    if topic_words(text) - _DIFFERENCE_WORDS:
        return None
    compared = _terms_explained(tracker)[-2:]
    if len(compared) < 2:
        return None
    with store().session() as session:
        contacts = store().urgent_contacts(session)
        send(dispatcher, term_answer([(term, None) for term in compared], [], [], contacts))
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.TERM.value))
    return [context_is(Context.NEUTRAL)]


_CASE_NAMING_WORDS = frozenset(
    """case cases child family audit audits send mental health one ones which was were had
    has have under put kind type plan plans both either neither""".split()
)
"""Words of asking which of the terms a named case was under, not a topic of their own."""
MAX_TERMS_IN_CASE_OWN_WORDS = 1


def terms_in_case(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "which one was case 1 mh on" after CIN and CP were explained: which of the terms just
    explained the named case's own text uses, with its lines that use each; None when the
    message names no case, says more, or no term was explained in the last turns."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest):
        return None
    explained = _terms_explained(tracker)
    if not explained:
        return None
    words = {word for word in topic_words(text) if not word.isdigit()} - _CASE_NAMING_WORDS
    own = {word for word in words if not any(uses_term(word.upper(), t) for t in explained)}
    if len(own) > MAX_TERMS_IN_CASE_OWN_WORDS:
        return None
    with store().session() as session:
        sources = store().sources(session)
        case = understanding.mentioned_case(
            text, store().cases(session), sources, tracker.get_slot(AUDIT_SLOT)
        )
        if case is None:
            return None
        lines = case_lines(case)
        found = [
            (term.term, [line for line in lines if uses_term(line, term)]) for term in explained
        ]
        send(dispatcher, terms_of_case(case, found))
        source_id = case.source_id
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.TERM.value))
    return [SlotSet(AUDIT_SLOT, source_id), context_is(Context.NEUTRAL)]


_EVERY_ONE = re.compile(r"\b(?:all|both|every|each)\b", re.IGNORECASE)
"""Asking for what has every one of several things ("all three", "both of them")."""
_EVERY_TERM_WORDS = _CASE_NAMING_WORDS | frozenset(
    """all every each two three four going together same time once them those these feature
    featured features featuring involve involved involving mention mentioned mentions use used
    uses using show showed shows appear appeared appears""".split()
)
"""Words of asking which case had every term just explained, not a topic of their own."""


def case_with_every_term(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "which mh case had all three going on" after PLO, LAC and CIN were explained in the
    last turns, "which case had both": the cases (of the audit named) whose own text uses every
    one of those terms, each with its lines that use each; None when the message asks more,
    fewer than two terms were explained, no case uses them all, or the message shows risk or
    danger (answer_learning puts the 999 line first)."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or _EVERY_ONE.search(text) is None or "which" not in text.lower():
        return None
    if marks_risk(latest):
        return None
    explained = _terms_explained(tracker)
    if len(explained) < 2:
        return None
    with store().session() as session:
        source = understanding.mentioned_source(text, store().sources(session))
        kept = understanding.without_source_words(text, source) if source else text
        if {w for w in topic_words(kept) if not w.isdigit()} - _EVERY_TERM_WORDS:
            return None
        found = [
            (
                case,
                [(t.term, [ln for ln in case_lines(case) if uses_term(ln, t)]) for t in explained],
            )
            for case in store().cases(session)
            if source is None or case.source_id == source.id
        ]
        having = [(case, uses) for case, uses in found if all(lines for _, lines in uses)]
        if not having:
            return None
        send(dispatcher, [reply for case, uses in having for reply in terms_of_case(case, uses)])
        audits = {case.source_id for case, _ in having}
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.TERM.value))
    return [
        SlotSet(AUDIT_SLOT, audits.pop() if len(audits) == 1 else None),
        context_is(Context.NEUTRAL),
    ]


def _terms_explained(tracker: Tracker) -> list[Term]:
    """The glossary's terms explained in the last turns, in the order they were explained."""
    explained: list[str] = []
    for turn in turns_before(tracker.events)[:TURNS_BACK_FOR_TERMS]:
        for said in reversed(bot_texts(turn)):
            for name in reversed(_EXPLAINED.findall(said)):
                if name not in explained:
                    explained.append(name)
    by_name = {term.term: term for term in terms()}
    return [by_name[name] for name in reversed(explained) if name in by_name]


def users_of_term(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "who used it", "which cases use that" right after a term was explained (or its users
    listed: "and which one had it just finalised"): the lines of the audits' cases that use
    the term, each with its case (who used it, and how), else the key messages' lines that
    do; a few words of its own ("which case had one transferred over") keep the lines that say
    them. None when the message asks something else, the last turn neither explained a term
    nor listed its users, or no line uses it (and says those words)."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest):
        return None
    explained = _terms_of_last_turn(previous_turn(tracker.events))
    if not explained:
        return None
    with store().session() as session:
        # "which mental health case was at that stage": that audit's cases only
        source = understanding.mentioned_source(text, store().sources(session))
        if source is not None:
            text = understanding.without_source_words(text, source)
        own = who_uses_narrowed(text)
        if own is None:
            return None
        in_cases = [
            (line, case.source, [case])
            for case in store().cases(session)
            for line in dict.fromkeys(case_lines(case))
            if any(uses_term(line, term) for term in explained)
            and (source is None or case.source_id == source.id)
        ]
        in_learning = [
            (line, message.source, list(message.cases))
            for message in store().key_messages(session)
            for line in dict.fromkeys(message_lines(message))
            if any(uses_term(line, term) for term in explained)
            and (source is None or message.source_id == source.id)
        ]
        # "so why do the audits talk about this one": the learning that uses it says why; who used
        # it, the cases' own lines
        found = (in_learning or in_cases) if asks_why_used(text) else (in_cases or in_learning)
        if own:
            saying = matching_lines(" ".join(sorted(own)), [line for line, _, _ in found])
            found = [use for use in found if use[0] in saying]
        if not found:
            return None
        send(dispatcher, term_users([term.term for term in explained], found))
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.TERM.value))
    return [context_is(Context.NEUTRAL)]


def _terms_of_last_turn(turn: Sequence[Mapping[str, Any]]) -> list[Term]:
    """The terms the turn explained (its action explained terms) or listed the users of."""
    said = " ".join(bot_texts(turn))
    if any(e.get("event") == "action" and e.get("name") == ACTION_EXPLAIN_TERM for e in turn):
        return [term for term in terms() if f"**{term.term}**" in said]
    listed = _USERS_LISTED.search(said)
    if listed is None:
        return []
    names = set(listed.group(1).split(" and "))
    return [term for term in terms() if term.term in names]


_USERS_LISTED = re.compile(rf"^{re.escape(TERM_USES_OPENING)}(.+?):", re.MULTILINE)
"""How the reply listing a term's users opens (bot.dialogue.answers.moves.term_users)."""


_BY_DATE = re.compile(
    r"\b(?:newer|newest|older|oldest|latest|earliest|recent|first|last|up\s+to\s+date|current)\b",
    re.IGNORECASE,
)
_DATE_WORDS = frozenset(
    """newer newest older oldest latest earliest recent more most first last date current
    one ones audit audits report reports came out done published""".split()
)
_YEAR = re.compile(r"\d{4}")


def audits_by_date(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "which one is newer?" after a turn that named the audits: them in order of date,
    the newest first; None when the message asks more or the last turn named fewer than two
    audits."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if (
        is_button(latest)
        or _BY_DATE.search(text) is None
        or not re.search(r"\bwhich\b", text, re.I)
    ):
        return None
    if topic_words(text) - _DATE_WORDS:
        return None
    said = " ".join(bot_texts(previous_turn(tracker.events))).lower()
    with store().session() as session:
        named = [s for s in store().sources(session) if s.short_title.lower() in said]
        dated = [(found.group(), s) for s in named if (found := _YEAR.search(s.year or s.title))]
        if len(dated) < MIN_CASES_LISTED:
            return None
        dated.sort(key=lambda pair: pair[0], reverse=True)
        lines = [f"{s.short_title}: {s.title} ({s.year})" for _, s in dated]
        send(
            dispatcher,
            [Reply("The audits, the newest first:\n" + "\n".join(f"- {line}" for line in lines))],
        )
        newest = dated[0][1].id
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.DETAIL.value))
    return [SlotSet(AUDIT_SLOT, newest), context_is(Context.NEUTRAL)]


_CONSENT_CONTEXTS = frozenset({Context.ANSWERED, Context.NEUTRAL, Context.CANDIDATES})


def consent_on_topic(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "do I need mum to agree?" after an answer (or its service's contact): what the topic
    left open says about consent or agreement ("With parental consent, refer ...", "they can
    also self-refer"); None when the message asks something else, nothing is open, or the
    topic says nothing about who must agree."""
    return _lines_on_topic(
        dispatcher, tracker, lambda text, _lines: asks_consent(text), consent_lines, lines_of_topic
    )


def wording_on_topic(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "alternative wording?", "how should I word it in my report" after an answer: what the
    topic left open says about the words to use or avoid ("be wary of the narrative that
    parents 'seem to engage' ... rephrased for clarity"); None when the message asks
    something else, nothing is open, or the topic says nothing about wording."""
    return _lines_on_topic(dispatcher, tracker, asks_wording, wording_lines, on_wording)


_BULLET = re.compile(r"^\s*(?:[-\u2022*]\s*)?")


def contents_on_topic(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "what must it contain" after an answer: what the audit says to take into account,
    from the topic left open or the learning on its theme."""
    glossary_terms = terms()
    return _lines_on_topic(
        dispatcher,
        tracker,
        lambda text, lines: asks_contents(text, lines, glossary_terms),
        contents_lines,
        lines_of_topic,
        on_theme=True,
    )


def usual_of_last_turn(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "is that usual?", "is that normal practice" after an answer: the line of what the last
    turn showed (or of the topic it left open) remarking on what is usual ("seen with a
    paediatrician (not normal practice for over 13s)"), cited by its case or topic; None when
    the message asks something else or no such line was open."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest):
        return None
    shown = [
        sentence
        for said in bot_texts(previous_turn(tracker.events))
        for line in said.splitlines()
        for sentence in sentences(_BULLET.sub("", line.replace("*", "")))
    ]
    key_message_id = _answer_left_open(tracker)
    with store().session() as session:
        message = store().key_message(session, key_message_id) if key_message_id else None
        lines = [*shown, *(message_lines(message) if message is not None else [])]
        usual = usual_lines(lines)
        if not usual or not asks_usual(text, lines):
            return None
        # `usual` holds sentences cut from the lines shown: one is of a case when it is
        # within one of the case's lines, not only when it is a whole line
        case = next(
            (
                c
                for c in store().cases(session)
                if any(u in line for u in usual for line in case_lines(c))
            ),
            None,
        )
        replies = on_usual(usual, case, message)
        if not replies:
            return None
        send(dispatcher, replies)
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.FOLLOW_UP.value))
    # never [] once it replied: in on_last_turn's `or` chain [] reads as "not handled"
    return [context_is(context_before(tracker.events))]


def _answer_left_open(tracker: Tracker) -> str | None:
    """The key message an answer left open for a follow-up on it (not one only offered as a
    candidate), where nothing else is waiting for an answer; None otherwise."""
    if context_before(tracker.events) not in _CONSENT_CONTEXTS:
        return None
    left_open = topic_left_open(tracker.events)
    if left_open is None or left_open.offered:
        return None
    return left_open.key_message_id


def _lines_on_topic(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    asks: Callable[[str, Sequence[str]], bool],
    select: Callable[[Sequence[str]], list[str]],
    compose: Callable[[KeyMessage, Sequence[str]], list[Reply]],
    on_theme: bool = False,
) -> list[EventType] | None:
    """The lines of the topic left open that `select` picks, when the message `asks` for
    them (it may read the lines: their words are not its own), or (`on_theme`) of the other
    learning on its theme when it has none; None when nothing is open, no such line, or the
    message asks something else."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    key_message_id = None if is_button(latest) else _answer_left_open(tracker)
    if key_message_id is None:
        return None
    with store().session() as session:
        message = store().key_message(session, key_message_id)
        lines = select(message_lines(message)) if message is not None else []
        if message is not None and not lines and on_theme:
            # "what must it contain" after "Transitioning into Adulthood": the learning on
            # its theme that says what to consider ("Transition planning")
            message, lines = next(
                (
                    (other, select(message_lines(other)))
                    for other in store().key_messages(session)
                    if other.theme_id == message.theme_id
                    and other.id != message.id
                    and select(message_lines(other))
                ),
                (message, []),
            )
        if message is None or not lines or not asks(text, lines):
            return None
        send(dispatcher, compose(message, lines))
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.FOLLOW_UP.value))
    return [SlotSet(KEY_MESSAGE_SLOT, message.id), context_is(Context.ANSWERED)]


def audits_of_topic(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "both audits or just one", "Hackney only or City too?" once an answer is open: the
    audit its learning comes from, where, and the other audit's learning on the same theme;
    None when the message asks something else or no answer is open."""
    latest = tracker.latest_message
    if is_button(latest) or not asks_which_audits_found(str(latest.get("text") or "")):
        return None
    open_id = _answer_left_open(tracker)
    with store().session() as session:
        message = store().key_message(session, open_id) if open_id else None
        if message is None:
            return None
        others = [
            m
            for m in store().key_messages(session)
            if m.theme_id == message.theme_id and m.source_id != message.source_id
        ]
        send(dispatcher, audits_found(message, others))
        key_message_id = message.id
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.DETAIL.value))
    return [SlotSet(KEY_MESSAGE_SLOT, key_message_id), context_is(Context.ANSWERED)]


MAX_SERVICE_REPLIES = 2
"""A case's key messages' services, at most this many replies (a phone screen each)."""


def services_on_topic(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "and who supports him locally?", "any local help for the family" once a topic is open:
    the services of the key message last answered (a case's lines name the person, its key
    message the service: after "which case?" the answer's services still); when the last turn
    showed a case whose key messages do not include that one, the services its key messages
    name. None when the message asks something else, nothing is open, or no service is named."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or not asks_for_services(text):
        return None
    if context_before(tracker.events) in _NOTHING_TO_ESCALATE:
        return None
    left_open = topic_left_open(tracker.events)
    open_id = None if left_open is None or left_open.offered else left_open.key_message_id
    turn = previous_turn(tracker.events)
    with store().session() as session:
        shown = None if _answered(turn) else named_in(bot_texts(turn), store().cases(session))
        messages: list[KeyMessage]
        if shown is not None and open_id not in {m.id for m in shown.key_messages}:
            messages = [m for m in shown.key_messages if m.signposts]
        else:
            message = store().key_message(session, open_id) if open_id else None
            messages = [message] if message is not None and message.signposts else []
        if not messages:
            return None
        for message in messages[:MAX_SERVICE_REPLIES]:
            send(dispatcher, services(message))
        last = messages[:MAX_SERVICE_REPLIES][-1].id
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.DETAIL.value))
    return [SlotSet(KEY_MESSAGE_SLOT, last), context_is(Context.ANSWERED)]


_NEGATED = re.compile(r"\bnot\s+(?:the\s+|in\s+)?[\w/-]+(?:\s+(?:audit|one|report))?", re.I)


def case_in_audit_named(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "the 2019 audit, not SEND" after "Which case?": the case the message before named
    by number, in the audit now named; None when the last turn did not ask which case, or
    the message names no audit or the one before no case there."""
    latest = tracker.latest_message
    if is_button(latest):
        return None
    if not any(text.startswith(WHICH_CASE) for text in bot_texts(previous_turn(tracker.events))):
        return None
    text = _NEGATED.sub(" ", str(latest.get("text") or ""))
    before = str(previous_user_parse(tracker.events).get("text") or "")
    with store().session() as session:
        sources = store().sources(session)
        source = understanding.mentioned_source(text, sources)
        if source is None:
            return None
        there = [case for case in store().cases(session) if case.source_id == source.id]
        case = understanding.mentioned_case(f"{before} {text}", there, sources, source.id)
        if case is None:
            return None
        send(dispatcher, case_description(case))
    log_event(tracker, Event(EventKind.CASE_DESCRIBED, case_id=case.id, source_id=source.id))
    return [SlotSet(AUDIT_SLOT, source.id), context_is(Context.NEUTRAL)]


MAX_WORDS_NAMING_AUDIT = 2


def other_audit_after_audit(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "and the mh one?" right after an audit's description: that audit's description; None
    when the last turn described no audit or the message names none, or says more."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or len(topic_words(text)) > MAX_WORDS_NAMING_AUDIT:
        return None
    if not any(CASES_AUDITED in said for said in bot_texts(previous_turn(tracker.events))):
        return None
    with store().session() as session:
        source = understanding.mentioned_source(text, store().sources(session))
        if source is None:
            return None
        send(dispatcher, audit_description(source))
    log_event(tracker, Event(EventKind.AUDIT_DESCRIBED, source_id=source.id))
    return [SlotSet(AUDIT_SLOT, source.id), context_is(Context.NEUTRAL)]


def practice_on_theme(
    dispatcher: CollectingDispatcher, key_message_id: str | None, source_id: str
) -> list[EventType] | None:
    """The good practice the audit's cases found on the theme of this key message, in every
    word of the theme's title ("Voice of the child: the young person is able to express
    insight ..."); None when no strength says them all."""
    with store().session() as session:
        message = store().key_message(session, key_message_id) if key_message_id else None
        if message is None or message.theme is None:
            return None
        title = message.theme.title
        cases = [case for case in store().cases(session) if case.source_id == source_id]
        matches = understanding.strengths_about(title, cases, glossary())
        wanted = understanding.topic_stems(title, glossary())
        if not matches or not wanted <= understanding.topic_stems(matches[0][1], glossary()):
            return None
        send(dispatcher, good_practice(matches, cases))
    return [SlotSet(AUDIT_SLOT, source_id), context_is(Context.NEUTRAL)]


_NAMING_AN_AUDIT_WORDS = frozenset(
    """one ones audit report just only what about how please pls instead then""".split()
)
"""Words beside an audit's name that ask for nothing but that audit ("and the send one?",
"what about the mental health audit then")."""
_RELATING = re.compile(
    r"\b(?P<word>link|linked|linking|relate|relates|related|connect|connects|connected|tie"
    r"|ties|tied|fit|fits)\s+(?:in\s+|up\s+)?(?:to|with)\b(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
"""Words asking how the answer open stands to the audit named after them ("how does that
link to the SEND audit?", "how does it relate to the MH audit"): that audit's learning on its
theme, and when the answer is that audit's own, that it is, with its case. Not the noun
("links for the send audit", "any links in the SEND audit?"), nor the audit related to
something else ("is the SEND audit connected to this")."""


def _relating_words(text: str, source: Source) -> set[str]:
    """The words of relating the answer to `source` (`_RELATING`): each followed by "to" or
    "with" and then that audit's name."""
    return {
        found.group("word").lower()
        for found in _RELATING.finditer(text)
        if understanding.mentioned_source(found.group("rest"), [source]) is not None
    }


def topic_in_audit_named(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "ok and the send one?", "what about the MH audit" once an answer is open (and maybe
    another audit's good practice on it since): what the audit named has on the answer's
    theme: the answer itself when it is that audit's, that audit's key message on the theme
    (several: to choose from), else its cases' good practice on the theme. None when the
    message says more than an audit's name, or no answer is open; "how does that link to
    ..." too when the message shows risk or danger."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or corrects_with_one(text):
        return None  # "no, the mh one": a correction (actions.moves), which weighs the turn
    if context_before(tracker.events) in _NOTHING_TO_ESCALATE:
        return None
    left_open = topic_left_open(tracker.events)
    if left_open is None or left_open.offered or left_open.key_message_id is None:
        return None
    with store().session() as session:
        source = understanding.mentioned_source(text, store().sources(session))
        message = store().key_message(session, left_open.key_message_id)
        if source is None or message is None:
            return None
        naming = " ".join([source.short_title, source.title, *source.aliases]).lower()
        kept = understanding.without_audit_set_aside(text)
        own = topic_words(kept) - topic_words(naming) - _NAMING_AN_AUDIT_WORDS
        if own - _relating_words(kept, source) or (own and marks_risk(latest)):
            return None  # how it links, asked with a sign of danger: answer_learning's 999
        key_message_id = message.id
        if message.source_id == source.id:
            # the answer was that audit's already; "no, I meant the SEND audit not the MH
            # one" and "how does that link to the SEND audit?" are told so, with its case
            # and what else that audit has on the theme asked
            replies = (
                _already_in_audit(session, tracker, message)
                if corrects(latest) or own
                else key_message_answer(message, text)
            )
        else:
            there = [
                m
                for m in store().key_messages(session)
                if m.theme_id == message.theme_id and m.source_id == source.id
            ]
            if not there:
                return practice_on_theme(dispatcher, message.id, source.id)
            if len(there) > 1:
                replies = same_topic_other_audit(message, there)
            else:
                replies = key_message_answer(there[0], text)
                key_message_id = there[0].id
        send(dispatcher, replies)
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.FOLLOW_UP.value))
    return [
        SlotSet(KEY_MESSAGE_SLOT, key_message_id),
        SlotSet(AUDIT_SLOT, source.id),
        context_is(Context.ANSWERED),
    ]


MAX_CLOSEST = 3


def subject_in_other_audit(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "and is there anything for GPs in the other audit?", "what does the other report say
    on interpreters" once an answer is open: that audit's key messages whose lines say the
    subject, else that it names none and its closest learning (on the answer's theme first);
    None when the message names no subject of its own ("the other audit" alone is a
    correction) or no answer is open."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or Activity.from_slot(tracker.get_slot(ACTIVITY_SLOT)) is not None:
        return None
    subject = other_audit_subject(text)
    open_id = _answer_left_open(tracker)
    if not subject or open_id is None:
        return None
    ranked = [r.key_message_id for r in understanding.key_message_ranking(latest)]
    with store().session() as session:
        message = store().key_message(session, open_id)
        others = [s for s in store().sources(session) if message and s.id != message.source_id]
        if message is None or len(others) != 1:
            return None
        there = [m for m in store().key_messages(session) if m.source_id == others[0].id]
        # the closest: on the open answer's theme first, then as the classifier ranks them
        there.sort(
            key=lambda m: (
                m.theme_id != message.theme_id,
                ranked.index(m.id) if m.id in ranked else len(ranked),
            )
        )
        wanted = {understanding.stem(word) for word in subject}
        saying = [m for m in there if wanted <= stems_said(message_lines(m))]
        send(
            dispatcher,
            subject_said_in_audit(
                others[0], as_typed(text, subject), saying[:MAX_CLOSEST], there[:MAX_CLOSEST]
            ),
        )
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.FOLLOW_UP.value))
    return [SlotSet(AUDIT_SLOT, others[0].id), context_is(Context.NEUTRAL)]


def _already_in_audit(session: Session, tracker: Tracker, message: KeyMessage) -> list[Reply]:
    """That the answer was the audit's named already, and the audit's other key messages on
    the theme the question before named (else on the answer's theme)."""
    before = str(previous_user_parse(tracker.events).get("text") or "")
    theme = understanding.mentioned_theme(before, store().themes(session)) or message.theme
    others = [
        m
        for m in store().key_messages(session)
        if theme is not None
        and m.source_id == message.source_id
        and m.id != message.id
        and m.theme_id == theme.id
    ]
    return already_in_audit(message, theme.title if theme is not None else "", others)


def side_of_theme_saying(
    message: KeyMessage, messages: Sequence[KeyMessage], text: str
) -> str | None:
    """The one other key message on this one's theme whose lines say the follow-up's words,
    when this one's say none ("what about the parents" after "Transitioning into Adulthood"
    meets "Transition planning": "a change in dynamics between the parent and young person"),
    else the one learning the audits link to it that says them ("and his sisters?" after
    "Wider family"); None otherwise."""
    if matching_lines(text, message_lines(message)):
        return None
    related = {other.id for other in message.related}
    for alike in (
        lambda other: other.theme_id == message.theme_id,
        lambda other: other.id in related,
    ):
        saying = [
            other.id
            for other in messages
            if alike(other)
            and other.id != message.id
            and matching_lines(text, message_lines(other))
        ]
        if saying:
            return saying[0] if len(saying) == 1 else None
    return None


def side_after_its_cases(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "what about the parents - how does it change for them" right after the cases an
    answer comes from were named ("which cases was that in"): the topic is still in hand, not
    the case, so another side of its theme whose lines say it; None when the message asks
    no "what about", the last turn named no answer's cases, or no other side says it."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or not asks_what_about(text):
        return None
    if not any(COMES_FROM in said for said in bot_texts(previous_turn(tracker.events))):
        return None
    open_id = _answer_left_open(tracker)
    with store().session() as session:
        messages = store().key_messages(session)
        message = next((m for m in messages if m.id == open_id), None)
        side_id = side_of_theme_saying(message, messages, text) if message else None
    return answer_offered(dispatcher, tracker, side_id, text) if side_id else None


def answer_offered(
    dispatcher: CollectingDispatcher, tracker: Tracker, key_message_id: str | None, text: str
) -> list[EventType]:
    """This key message's answer, recorded as answered (what to choose from, if none)."""
    with store().session() as session:
        message = store().key_message(session, key_message_id) if key_message_id else None
        if message is None:
            send(dispatcher, which_topic())
            return []
        send(dispatcher, key_message_answer(message, text))
        event = Event(EventKind.ANSWERED, key_message_id=message.id, theme_id=message.theme_id)
    log_event(tracker, event)
    return [SlotSet(KEY_MESSAGE_SLOT, key_message_id), context_is(Context.ANSWERED)]


_CASE_EXAMPLE = re.compile(
    r"\b(?:case\s+(?:examples?|stud(?:y|ies)|vignettes?|illustrations?)"
    r"|examples?\s+(?:from|of|in)\s+(?:a|an|the|one\s+of\s+the)\s+(?:real\s+)?(?:case|audit)s?"
    r"|real(?:-life|\s+life)?\s+(?:case|example)s?|(?:an?\s+)?(?:audit(?:ed)?|actual)\s+case)\b"
    # an example asked for in words of its own only ("There is example in the audits?", "any
    # examples?"), or a case like what is open ("which case was like that", "was there a case
    # like this", "has this happened in any of the cases")
    r"|\bexamples?\b"
    r"|\bcases?\s+(?:(?:was|were|is|are|that\s+(?:was|is))\s+)?(?:\w+\s+)?(?:like|similar\s+to"
    r"|resembl\w*)\s+(?:this|that|it|these|those|mine|ours)\b"
    r"|\b(?:like|similar\s+to)\s+(?:this|that)\s+in\s+(?:the|any\s+of\s+the)\s+(?:audits?|cases?)\b"
    r"|\b(?:happen(?:ed|s)?|c[oa]me\s+up|seen|found)\s+in\s+(?:a|an|any|one)\s+(?:of\s+the\s+)?"
    r"(?:audit(?:ed)?\s+)?(?:cases?|audits?)\b",
    re.IGNORECASE,
)
_CASE_EXAMPLE_WORDS = frozenset(
    """case cases example examples study studies vignette vignettes illustration real life
    actual audit audits audited add include give show use need want could would please pls one
    back like similar resemble resembles resembling happen happened happens came come seen
    found good anything most closest nearest""".split()
)
"""Words of asking for a case to illustrate what is open ("ok back to it, can you add a case
example", "any real case examples?", "which case was like that"), not a topic of their own."""


def case_example_of_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "can you add a case example", "is there a real case for this", "which case was like
    that" once a topic is open (answered, or its questions given, even with an urgent aside or
    the escalation steps since): the case it comes from, described; its cases, when several.
    None when the message asks more, a walk-through or quiz is running, no topic is open, or
    the topic names no case."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or not shaped_within(_CASE_EXAMPLE, text, _CASE_EXAMPLE_WORDS):
        return None
    if context_before(tracker.events) is Context.ACTIVITY:
        return None  # a walk-through is a case already, a quiz question its own audit's
    line_shown = [
        said
        for said in bot_texts(previous_turn(tracker.events))
        if said.startswith(CASE_LINE_HEADINGS)
    ]
    left_open = topic_left_open(tracker.events)
    with store().session() as session:
        # a case's own line just given (its good practice): the example is that case
        shown = named_in(line_shown, store().cases(session)) if line_shown else None
        if shown is not None:
            send(dispatcher, case_description(shown))
            source_id = shown.source_id
            log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.DETAIL.value))
            return [SlotSet(AUDIT_SLOT, source_id), context_is(Context.NEUTRAL)]
    if left_open is None or left_open.offered or left_open.key_message_id is None:
        return None
    with store().session() as session:
        message = store().key_message(session, left_open.key_message_id)
        cases, sources = store().cases(session), store().sources(session)
        if message is None or not message.cases:
            return None
        if understanding.mentioned_case(text, cases, sources) is not None:
            return None  # "MH audit case 3. What happened": the case named
        cases = list(message.cases)
        send(
            dispatcher, case_description(cases[0]) if len(cases) == 1 else cases_of_answer(message)
        )
        source_id = message.source_id
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.DETAIL.value))
    return [SlotSet(AUDIT_SLOT, source_id), context_is(Context.NEUTRAL)]


_THEMES_LISTED = (THEMES_SHARED, THEMES_OF, THEMES_OVERVIEW)
"""How the replies that list the themes open (bot.dialogue.answers.browse)."""
_NARROWING_WORDS = frozenset("only just audit report themes theme topics key messages list".split())
"""Words of narrowing a list to one audit ("just the SEND one", "only the MH audit's")."""


def themes_in_audit_named(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "just the SEND one", "and the mental health one" right after the themes were listed:
    the same list narrowed to the audit named, and to the theme the question before named
    when that audit has key messages on it ("the key messages on information sharing" then
    "no, the mental health one"); None when the last turn listed no themes, or the message
    names no audit or says more."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest):
        return None
    said = bot_texts(previous_turn(tracker.events))
    if not any(said_text.startswith(_THEMES_LISTED) for said_text in said):
        return None
    with store().session() as session:
        source = understanding.mentioned_source(text, store().sources(session))
        if source is None:
            return None
        naming = " ".join([source.short_title, source.title, *source.aliases]).lower()
        own = topic_words(text) - topic_words(naming) - _NARROWING_WORDS
        if len(own) > MAX_WORDS_NAMING_AUDIT:
            return None
        themes = store().themes(session)
        before = str(previous_user_parse(tracker.events).get("text") or "")
        theme = understanding.mentioned_theme(before, themes)
        if theme is not None and any(m.source_id == source.id for m in theme.key_messages):
            themes = [theme]
        send(dispatcher, themes_of_audit(themes, source))
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.FOLLOW_UP.value))
    return [SlotSet(AUDIT_SLOT, source.id), context_is(Context.NEUTRAL)]


def where_instead(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "ok where do I look then" right after the audits were said not to cover a question:
    the places to look, again (the NLU reads it as asking for an answer's services)."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or not asks_where_instead(text):
        return None
    if not said_where_to_look(bot_texts(previous_turn(tracker.events))):
        return None
    with store().session() as session:
        url = store().link_url(session, PROCEDURES_LINK)
    send(dispatcher, [where_to_look_again(url)])
    log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.FOLLOW_UP.value))
    return [context_is(Context.NEUTRAL)]


def chosen_from_list(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """The item of the last turn's list a short message picks by position: its case, audit
    or key message; None when the message picks none or the last turn listed none of these."""
    latest = tracker.latest_message
    if is_button(latest) or context_before(tracker.events) is Context.ACTIVITY:
        return None  # a quiz's or walk-through's own choices are theirs to read
    text = str(latest.get("text") or "")
    position = position_chosen(text)
    with store().session() as session:
        if position is None and corrects(latest) and _names_an_audit(session, text):
            # "no sorry, the mental health one" after a list: the audit, not a line saying it
            return None
        turn = list_turn(tracker.events)
        items = listed_items(turn)
        item = item_named(text, items) if position is None else item_at(items, position)
        if item is None:
            return None
        events = None if item.step else _answer_item(dispatcher, session, item)
    if events is None and not _answered(turn):
        # a step of a route or a line of a list that is neither a case, an audit nor a
        # topic ("and the last?" after the escalation steps): that line again, on its own
        send(dispatcher, [Reply(item.text)])
        events = [context_is(Context.NEUTRAL)]
    if events is not None:
        log_event(tracker, Event(EventKind.CONVERSATION_TURN, reason=Move.FOLLOW_UP.value))
    return events


def _names_an_audit(session: Session, text: str) -> bool:
    """Whether the message names an audit ("no sorry, the mental health one"), read with the
    caller's session."""
    return understanding.mentioned_source(text, store().sources(session)) is not None


def _answered(turn: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the turn answered a key message: its bullet lines are that answer's steps."""
    return any(
        event.get("event") == "slot" and event.get("name") == KEY_MESSAGE_SLOT for event in turn
    )


MAX_AUDIT_LINE_WORDS = 15
"""A listed line this short that names an audit is the audit ("Mental health audit 2019/20:
Children and Young People with Mental Health Issues"); a longer one is a step that mentions it."""


def list_turn(events: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The turn whose list a position points into: the last one, or the one before it when
    the last message was itself a choice from a list ("number 4", then "and 5")."""
    earlier = earlier_user_parses(events)
    chose_before = bool(earlier) and position_chosen(str(earlier[0].get("text") or "")) is not None
    turns = turns_before(events)
    if chose_before and len(turns) > 1:
        return turns[1]
    return turns[0] if turns else []


def _answer_item(
    dispatcher: CollectingDispatcher, session: Session, item: Item
) -> list[EventType] | None:
    """The case, key message or audit a listed line names, answered; None when it names
    none of them."""
    key_message_id = item.key_message_id
    if key_message_id is None:
        sources = store().sources(session)
        case = understanding.mentioned_case(item.text, store().cases(session), sources)
        if case is not None:
            send(dispatcher, case_description(case))
            return [SlotSet(AUDIT_SLOT, case.source_id), context_is(Context.NEUTRAL)]
        titled = [m for m in store().key_messages(session) if m.title.lower() in item.text.lower()]
        if titled:
            key_message_id = max(titled, key=lambda m: len(m.title)).id
        else:
            source = understanding.mentioned_source(item.text, sources)
            if source is None or len(item.text.split()) > MAX_AUDIT_LINE_WORDS:
                return None
            send(dispatcher, audit_description(source))
            return [SlotSet(AUDIT_SLOT, source.id), context_is(Context.NEUTRAL)]
    message = store().key_message(session, key_message_id)
    if message is None:
        return None
    send(dispatcher, key_message_answer(message, item.text))
    return [SlotSet(KEY_MESSAGE_SLOT, message.id), context_is(Context.ANSWERED)]
