"""The audited cases and what each audit found (data/cases/)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.case_lines import CASE_LINES, CASE_MEANING, CASE_RECALL, question_vector
from actions.common import context_is, glossary, log_event, send, store
from actions.details import audit_detail_replies
from actions.last_turn import case_with_every_term, on_last_turn
from actions.safety import marks_risk
from bot.dialogue import case_facts, understanding
from bot.dialogue.answers.browse import case_good_practice, theme_findings
from bot.dialogue.answers.cases import case_description, case_list, case_or_audit
from bot.dialogue.case_facts import (
    CaseFact,
    asks_which_audited_case,
    asks_which_case_in_practice,
    cases_saying,
    findings_across_cases,
    findings_reply,
    no_case_says,
    too_many,
    which_cases_reply,
)
from bot.dialogue.case_focus import (
    CaseAsk,
    agencies_asked,
    agency_part,
    agency_strengths,
    asked_of_case,
    asked_of_told_case,
    asks_agency_part,
    asks_where_it_is,
    asks_which_case_from,
    bot_texts,
    case_after_event,
    case_ask,
    case_asked_about,
    case_by_content,
    case_detail,
    case_findings,
    case_in_brief,
    case_or_cases_asked,
    case_outcome,
    case_steps,
    cases_said,
    clause_ask,
    event_followed,
    lines_from_event,
    more_of_case,
    named_in,
    remembers_someone,
    speaks_of_own_case,
    tells_of_a_story,
    without_naming,
)
from bot.dialogue.case_recall import WHICH_CASE_DETAILS, pointed_again
from bot.dialogue.context import (
    Context,
    is_button,
    previous_turn,
    previous_user_parse,
    turns_before,
)
from bot.dialogue.follow_ups import case_lines, matching_lines, message_lines, shows_line_of
from bot.dialogue.lead_requests import asks_which_cases
from bot.dialogue.moves import asks_which_audits_found, points_back, topic_words
from bot.dialogue.replies import Reply
from bot.dialogue.turn_before import asks_case_like_it, said_lately, which_case_asked
from bot.encoder import shared_encoder
from bot.insights.events import Event, EventKind
from bot.knowledge.citations import CITED
from bot.knowledge.models import Case, Source
from bot.names import ACTION_DESCRIBE_AUDIT, ACTION_DESCRIBE_CASE, AUDIT_SLOT, KEY_MESSAGE_SLOT


def named_case(text: str, cases: Sequence[Case], audit_in_context: str | None) -> Case | None:
    """The case a message names by name or number, or describes by what happened in it (not
    the asker's own case: "just thinking about a case, ..." shares words with some audited
    case, and asks for learning)."""
    with store().session() as session:
        sources = store().sources(session)
        named = understanding.mentioned_case(text, cases, sources, audit_in_context)
        if named is not None or speaks_of_own_case(text):
            return named
        if asks_which_case_in_practice(text, case_names(cases)):
            # "which cases need an interpreter": the learning, not the case that had one
            return None
        return case_by_content(text, cases, sources, glossary())


def described_case(
    parse_data: dict[str, Any], cases: Sequence[Case], source_id: str | None
) -> Case | None:
    """The case a question about a case describes in words no case's lines share ("the
    primary girl nobody had seen for her assessment"), by meaning (of the audit it names)."""
    text = str(parse_data.get("text") or "")
    if not text.strip():
        return None
    ids = {c.id for c in cases if not c.referred_only and source_id in (None, c.source_id)}
    found = CASE_LINES.get(store()).described_case(question_vector(parse_data, text), ids)
    return next((c for c in cases if c.id == found), None)


def case_in_focus(tracker: Tracker, cases: Sequence[Case]) -> Case | None:
    """The case the message names, else (by number) the one of that number among the cases
    the assistant's last turn named, else the one case that turn named. After
    a key message's answer (the turn set the key message), its cited case is in focus only
    when the message says "case" or asks how things ended (a topic has no end, a case has):
    "what should I do?" there is about the topic, "what went wrong in that case?" and "what
    happened in the end?" the case."""
    text = str(tracker.latest_message.get("text") or "")
    named = named_case(text, cases, tracker.get_slot(AUDIT_SLOT))
    if named is not None:
        return named
    turn = previous_turn(tracker.events)
    number = understanding.case_number(text)
    if number is not None:
        # "more on case 2" after cases of both audits were named: the one of them numbered 2
        listed = [case for case in cases_said(bot_texts(turn), cases) if case.number == number]
        if len(listed) == 1:
            return listed[0]
    about_case = "case" in text.lower() or case_ask(text) is CaseAsk.OUTCOME
    if answered_in(turn) and not about_case:
        return None
    shown = named_in(bot_texts(turn), cases)
    if shown is None and about_case:
        # an answer, then a case's own line ("A case audited"): "that case" is the one
        # cited last, the case shown after the answer's
        shown = case_cited_last(tracker, cases)
    return shown


def case_cited_last(tracker: Tracker, cases: Sequence[Case]) -> Case | None:
    """The case the last citation of the assistant's last turn names (an answer, then a
    case's own line: that case)."""
    cited = [said for said in bot_texts(previous_turn(tracker.events)) if CITED in said]
    return named_in(cited[-1:], cases)


def case_line_cited_last(tracker: Tracker, cases: Sequence[Case]) -> Case | None:
    """The case cited last, when the message citing it shows one of the case's own lines (an
    answer, then "Good practice the audit found in a case"); None when only an answer's own
    Source line names it ("... Case 5 (Erika)"): no line of the case was shown to ask of."""
    cited = [said for said in bot_texts(previous_turn(tracker.events)) if CITED in said]
    case = named_in(cited[-1:], cases)
    if case is None or not shows_line_of(cited[-1], case_lines(case)):
        return None
    return case


def answered_in(turn: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the turn answered a key message (it set the key message slot)."""
    return any(
        event.get("event") == "slot" and event.get("name") == KEY_MESSAGE_SLOT for event in turn
    )


def _case_shown(tracker: Tracker, cases: Sequence[Case]) -> Case | None:
    """The one case the assistant's last turn showed (described, or a detail of), when that
    turn answered no key message."""
    turn = previous_turn(tracker.events)
    return None if answered_in(turn) else named_in(bot_texts(turn), cases)


def told_case_replies(case: Case, text: str) -> list[Reply]:
    """A case told of by its story, answered by what the message asks of it: its learning,
    strengths, steps or end, else the detail its last clause asks ("... how did the GP do in
    that one?"), else the case itself."""
    told = case_ask(text) or clause_ask(text)
    if told is not None:
        return _replies(told, case, "", text)
    return asked_of_told_case(case, text, glossary()) or _replies(CaseAsk.ABOUT, case, "")


def _replies(ask: CaseAsk, case: Case, shown: str, text: str = "") -> list[Reply]:
    """What is asked of a case (`text`, the message, says how brief), from its own lines."""
    if ask is CaseAsk.BRIEF:
        return case_in_brief(case, text)
    if ask is CaseAsk.STRENGTHS:
        return case_good_practice(case)
    if ask is CaseAsk.STEPS:
        return case_steps(case)
    if ask is CaseAsk.OUTCOME:
        return case_outcome(case)
    if ask is CaseAsk.ABOUT and case.summary not in shown:
        return case_description(case)
    return case_findings(case)


def asked_about_case(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """A practice question that names a case ("in caryn what did professionals miss", "what
    was the learning from case 3 in the mh audit") is about that case: answered from it (its
    findings, strengths, steps or summary, by what is asked); None when it names none."""
    text = str(tracker.latest_message.get("text") or "")
    if is_button(tracker.latest_message):
        return None
    with store().session() as session:
        # By name or number only: "case closed to csc, neglect getting worse" speaks of the
        # asker's own case, and its words would describe an audited one.
        case, each_audits = case_or_cases_asked(
            text,
            store().cases(session),
            store().sources(session),
            tracker.get_slot(AUDIT_SLOT),
            glossary(),
        )
        if case is None and asks_case_by_number_alone(text):
            # "case 2 pls" with no audit in hand: the audits' cases of that number, asked
            # which is meant (bot.dialogue.answers.cases.WHICH_CASE, which "the SEND one"
            # then answers: actions.last_turn.case_in_audit_named)
            number = understanding.case_number(text)
            numbered = [c for c in store().cases(session) if c.number == number]
            if len(numbered) > 1:
                send(dispatcher, case_list(numbered))
                return []
        if each_audits:
            # "what was the legal status of case 3": each audit's case 3 says it
            send(dispatcher, each_audits)
            return [SlotSet(AUDIT_SLOT, None)]
        if case is None:
            # described with the audit named ("the case in the mh audit where the kid kept
            # coming to hospital after self-harm"): the asker's own case names no audit
            described = audited_case_described(
                text, store().cases(session), store().sources(session)
            ) or story_told(tracker.latest_message, store().cases(session))
            if described is None:
                return None
            send(dispatcher, told_case_replies(described, text))
            case_id, source_id = described.id, described.source_id
        else:
            unnamed = without_naming(text, case)
            asked = case_ask(unnamed) or clause_ask(unnamed)
            detail = None if asked else asked_of_case(case, text, glossary())
            send(dispatcher, detail or _replies(asked or CaseAsk.ABOUT, case, "", unnamed))
            case_id, source_id = case.id, case.source_id
    log_event(tracker, Event(EventKind.CASE_DESCRIBED, case_id=case_id, source_id=source_id))
    return [SlotSet(AUDIT_SLOT, source_id)]


_NUMBERING_WORDS = frozenset(
    """case cases number please pls plz one the about tell more show give want see look
    talk""".split()
)
"""Words beside a case's number that ask for nothing more than that case."""


def asks_case_by_number_alone(text: str) -> bool:
    """ "case 2 pls", "tell me about the fourth case": a case by number and nothing else (no
    audit, no question about it)."""
    if understanding.case_number(text) is None:
        return False
    return not topic_words(text) - _NUMBERING_WORDS - _NUMBER_WORDS


_NUMBER_WORDS = frozenset("first second third fourth fifth two three four five".split())


def story_told(parse_data: dict[str, Any], cases: Sequence[Case]) -> Case | None:
    """The case a message tells of without naming it or its audit ("remind me about the boy
    whose foster carers knew him best"): by its words, else by meaning; None when it tells of
    no case that way or of none clearly."""
    text = str(parse_data.get("text") or "")
    if asks_which_case_from(text) and not tells_of_a_story(text):
        # "'<an idea>' - which case is that from?": by the case's own words only (an idea
        # the audits never had would otherwise get the case nearest in meaning)
        return case_from(text, cases)
    told = tells_of_a_story(text)
    if not told and not remembers_someone(text):
        return None
    # first by who it was about and a detail or two ("the non speaking college lad whose GP
    # knew the family"): a detail two cases share, or words no case line says, are weighed
    # with who each case is about
    recalled = recalled_case(text, cases)
    if recalled is not None or not told:
        return recalled
    with store().session() as session:
        sources = store().sources(session)
    found = case_by_content(text, cases, sources, glossary(), speaks_of_case=True)
    # last, when neither its words on every line nor its meaning point at one case: the words
    # of who each case is about (its summary) counted twice
    return (
        found
        or described_case(parse_data, cases, None)
        or case_by_content(
            text, cases, sources, glossary(), speaks_of_case=True, by_who_it_is_about=True
        )
    )


def recalled_case(text: str, cases: Sequence[Case], min_details: int = 0) -> Case | None:
    """The case a message remembers by who it was about and what happened in it
    (bot.dialogue.case_recall), when one fits clearly (with at least `min_details` details)."""
    found = CASE_RECALL.get(store()).recalled(
        text, shared_encoder().encode, glossary(), min_details
    )
    return next((case for case in cases if case.id == found), None)


def case_told_again(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "Sorry, I meant the looked-after boy", "and the one that did GCSEs at home?" right after
    a turn that named cases: the case its words tell of by who it was about and a detail
    (bot.dialogue.case_recall), asked what the message asks of it, else what the question
    before asked of the case then in hand (its key messages, what went well), else the case
    itself. None when the message does not point at someone that way, the last turn named no
    case, or no case fits clearly."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    told = None if is_button(latest) else pointed_again(text)
    if told is None:
        return None
    said = bot_texts(previous_turn(tracker.events))
    with store().session() as session:
        cases = store().cases(session)
        if not cases_said(said, cases):
            return None
        case = recalled_case(told, cases)
        if case is None:
            return None
        before = str(previous_user_parse(tracker.events).get("text") or "")
        shown = named_in(said, cases)
        asked = case_ask(told) or clause_ask(told)
        if asked is None:
            asked = case_ask(without_naming(before, shown) if shown else before)
        send(dispatcher, _replies(asked or CaseAsk.ABOUT, case, "", told))
        case_id, source_id = case.id, case.source_id
    log_event(tracker, Event(EventKind.CASE_DESCRIBED, case_id=case_id, source_id=source_id))
    return [SlotSet(AUDIT_SLOT, source_id)]


def cases_with_detail(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "Which of the mental health cases went to the extra familial risk panel", "which cases
    show good escalation", "and which one had it just finalised" (after cases were named): the
    cases whose own text says what is asked, named with its lines (bot.dialogue.case_facts);
    what the conversation spoke of last tells apart cases that say it equally when the question
    points back ("which case had one transferred over" after the statement and the EHCP); "and
    the one with home education" right after a which-case question named a case asks it again
    with that detail. None when the message does not ask which case, asks nothing of its own,
    or no case says it; nor, for "and the one with ...", when the message shows risk or
    danger (answer_learning puts the 999 line first)."""
    every = case_with_every_term(dispatcher, tracker)
    if every is not None:
        return every  # "which case had all three" after terms: "all" is no detail of a case
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or asks_which_audits_found(text):
        return None  # "were they all City cases?": where the cases were, not a detail of one
    shown = bot_texts(previous_turn(tracker.events))
    if asks_case_like_it(text) and which_case_asked(text, shown) == set():
        return None  # "which case had carers like those": the case of the learning just given
    with store().session() as session:
        cases = store().cases(session)
        just_named = bool(cases_said(bot_texts(previous_turn(tracker.events)), cases))
        sources = store().sources(session)
        source = understanding.mentioned_source(text, sources)
        if not asks_which_audited_case(text, just_named, case_names(cases)):
            # "and the one with home education" right after "which mh case had home
            # tuition" named one: the same question, of the same audit, with another detail
            before = str(previous_user_parse(tracker.events).get("text") or "")
            told = pointed_again(text)
            if (
                told is None
                or marks_risk(latest)
                or not just_named
                or not asks_which_audited_case(before, False, case_names(cases))
            ):
                return None
            text, source = told, source or understanding.mentioned_source(before, sources)
        spoken_of = (
            str(previous_user_parse(tracker.events).get("text") or "")
            if case_facts.points_back(text)
            else ""
        )
        facts = cases_saying(text, cases, glossary(), source, spoken_of)
        if not facts:
            # "which cases had <a common factor of the audit>": no one case's lines say it, a
            # finding the audit draws from all its cases does (in its own words, before any
            # case found by other words or recalled by meaning); a question pointing back
            # ("which case says that") asks for the case of the answer before (turn_before),
            # unless there is none: on a first message "that" points at its own words ("...
            # even though that is not routine")
            if spoken_of:
                return None
            findings = findings_across_cases(
                text, store().key_messages(session), glossary(), source
            )
            if findings:
                send(dispatcher, danger_first(latest, findings_reply(findings)))
                return [SlotSet(AUDIT_SLOT, findings[0].message.source_id)]
            facts = cases_by_meaning(latest, text, cases, source)
            if not facts:
                return None
        send(dispatcher, danger_first(latest, which_cases_reply(facts)))
        if too_many(facts):
            # several cases say it: none is described, the audit in focus stays
            return [SlotSet(AUDIT_SLOT, tracker.get_slot(AUDIT_SLOT))]
        for fact in facts:
            log_event(
                tracker,
                Event(
                    EventKind.CASE_DESCRIBED, case_id=fact.case.id, source_id=fact.case.source_id
                ),
            )
        audits = {fact.case.source_id for fact in facts}
    # an empty list would read as "not handled" to the actions that try this first
    return [SlotSet(AUDIT_SLOT, audits.pop() if len(audits) == 1 else None)]


def danger_first(parse_data: Mapping[str, Any], replies: list[Reply]) -> list[Reply]:
    """The replies, with 999 and the number for now on top when anything saw a sign of danger
    in the message, as a learning answer gets them: "is there a case where a lad is being
    driven off by older men every evening" asks for a case and tells a worry happening now."""
    # actions.learning imports this module: imported here, when first needed
    from actions.learning import danger_line_first, with_first

    return with_first(danger_line_first(parse_data), replies)


def cases_by_meaning(
    parse_data: Mapping[str, Any], text: str, cases: Sequence[Case], source: Source | None
) -> list[CaseFact]:
    """ "Which case had the clinic give the girl one worker throughout": no case's line says
    most of its words, the cases whose lines tell it by meaning do (bot.dialogue.case_meaning),
    each named with its own line nearest it; none when a case is remembered by who it was about
    and two details (`recalled_case`: its description answers), or none is clearly meant. Each
    detail asked is encoded once a turn (`question_vector`: the pipeline's vector when it is
    the message's own text)."""
    if recalled_case(text, cases, WHICH_CASE_DETAILS) is not None:
        return []
    found = CASE_MEANING.get(store()).cases_meaning(
        case_facts.detail_told(text),
        lambda parts: np.stack([question_vector(parse_data, part) for part in parts]),
        plural=case_facts.asks_several(text),
        source_id=source.id if source is not None else None,
        strengths_only=case_facts.asks_strengths(text),
    )
    by_id = {case.id: case for case in cases}
    return [
        CaseFact(by_id[match.case_id], [match.line])
        for match in found
        if match.case_id in by_id and match.line
    ]


def case_names(cases: Sequence[Case]) -> list[str]:
    """The cases' names, lower case: naming one asks of the audited cases ("which cases are
    like Barak's")."""
    return [case.name.lower() for case in cases if case.name]


def case_from(text: str, cases: Sequence[Case]) -> Case | None:
    """The case an idea the message quotes or tells comes from, by the words of its lines and
    its key messages (`asks_which_case_from`)."""
    with store().session() as session:
        sources = store().sources(session)
    return case_by_content(text, cases, sources, glossary(), speaks_of_case=True)


def audited_case_described(
    text: str, cases: Sequence[Case], sources: Sequence[Source]
) -> Case | None:
    """The case of a named audit a message describes by what happened in it: only with the
    audit named and the word "case", so the asker's own case ("case closed to csc, neglect
    getting worse") is never taken for an audited one."""
    if understanding.mentioned_source(text, sources) is None:
        return None
    return case_by_content(text, cases, sources, glossary())


def follow_up_on_case(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """A question about the case in focus ("what went wrong", "tell me more about her"),
    answered from that case; or one about a detail of it, pointing back with a pronoun ("how
    did they engage the family"), answered from its lines that say it; None when the message
    is neither or no case is in focus."""
    followed = what_followed_in_case(dispatcher, tracker)
    if followed is not None:
        return followed
    text = str(tracker.latest_message.get("text") or "")
    with store().session() as session:
        cases = store().cases(session)
        named = understanding.mentioned_case(
            text, cases, store().sources(session), tracker.get_slot(AUDIT_SLOT)
        )
        # "the deshawn one, more detail" after an answer citing him: what it asks of the case
        # once the name is taken out, which alone would be a topic word
        ask = case_ask(text) or (case_ask(without_naming(text, named)) if named else None)
        if ask is None and (is_button(tracker.latest_message) or not points_back(text)):
            return None
        # a detail asked with a pronoun points at a case only when the last turn showed one,
        # not an answer citing one ("is that from a real case?" asks the answer's source); the
        # case named is the one in focus, looked up once
        case = (
            (named or case_in_focus(tracker, cases))
            if ask is not None
            else _case_shown(tracker, cases)
        )
        if case is None:
            return None
        if ask is None and understanding.case_number(text) is not None:
            return None  # "and case 3 in that audit": another case, named, not a detail of this
        shown = " ".join(bot_texts(previous_turn(tracker.events)))
        replies = (
            _replies(ask, case, shown, text)
            if ask is not None
            else agency_strengths(case, text)
            or more_of_case(case, text, said_lately(tracker.events))
            or case_detail(case, text, glossary())
        )
        if replies is None:
            return None
        send(dispatcher, replies)
        case_id, source_id = case.id, case.source_id
    return _case_described(tracker, case_id, source_id)


def _case_described(tracker: Tracker, case_id: str, source_id: str) -> list[EventType]:
    """A case's lines sent: logged as the case described, its audit the one in hand."""
    log_event(tracker, Event(EventKind.CASE_DESCRIBED, case_id=case_id, source_id=source_id))
    return [SlotSet(AUDIT_SLOT, source_id)]


def _case_named_or_shown(tracker: Tracker, text: str, session: Session) -> Case | None:
    """The case the message names, else the one case the last turn showed (not an answer)."""
    cases = store().cases(session)
    return case_asked_about(
        text, cases, store().sources(session), tracker.get_slot(AUDIT_SLOT), glossary()
    ) or _case_shown(tracker, cases)


def agency_role_in_case(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "In Caryn's case, what was CAMHS's role?", "what did CAMHS do in that one" after a
    case: an agency's part in the case named, else in the one case the last turn showed (not
    an answer), from its lines that name the agency (asked what it did well, its strengths
    that do). The agency's name is often a glossary term, but its part in a case is asked,
    not what the letters mean. None when no case is named or shown, the message asks more
    than the agency's part, or no line names it."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or not asks_agency_part(text):
        return None
    with store().session() as session:
        case = _case_named_or_shown(tracker, text, session)
        if case is None:
            return None
        agencies = agencies_asked(case, without_naming(text, case))
        # "what did CAMHS do well in Caryn's case": its good practice that names the agency
        replies = agency_strengths(case, text) or (
            agency_part(case, agencies) if agencies else None
        )
        if replies is None:
            return None
        send(dispatcher, replies)
        case_id, source_id = case.id, case.source_id
    return _case_described(tracker, case_id, source_id)


def what_followed_in_case(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "What happened after the TAC?" with a case named, else right after a turn that showed
    one case and answered no key message ("which case used one?" naming Erika; after an
    answer, "what happens after the strategy meeting" asks its topic): the case's line that
    says the event (bot.dialogue.case_focus.lines_from_event), not what the event's name means.
    None when the message asks no sequel of an event, no case is in focus, or none of its
    lines says the event, nor when the message shows risk or danger (answer_learning puts
    the 999 line first)."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or marks_risk(latest):
        return None
    with store().session() as session:
        case = _case_named_or_shown(tracker, text, session)
        event = event_followed(case, without_naming(text, case)) if case is not None else None
        if case is None or event is None:
            return None
        lines = lines_from_event(case, event, glossary())
        if not lines:
            return None
        send(dispatcher, case_after_event(case, lines))
        case_id, source_id = case.id, case.source_id
    return _case_described(tracker, case_id, source_id)


MAX_CASE_DETAIL_WORDS = 3


def detail_of_case_shown(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """A few words right after a case was shown ("police role?" after how a case ended),
    answered from that case's lines that say them, though the words alone name a topic the
    audits do not cover: inside a case, its own words win. None when the message says more,
    no case was shown last, or none of its lines shares the words."""
    return _detail_of(dispatcher, tracker, lambda cases: _case_shown(tracker, cases))


def detail_of_case_in_its_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "and the interpreting?" after a case and then one of its key messages ("what was the
    young carer bit"): a few words the key message's lines do not say but the case's do are
    still about the case, which is in focus until another is shown. None when the message
    says more, the turn before the last showed no case (or the last another), the key message
    open is none of the case's, or its lines say the words (the topic answers them) or the
    case's do not."""
    text = str(tracker.latest_message.get("text") or "")
    turns = turns_before(tracker.events)
    if len(turns) < 2 or answered_in(turns[1]):
        return None

    def case_of_topic(cases: Sequence[Case]) -> Case | None:
        case = named_in(bot_texts(turns[1]), cases)
        if case is None or named_in(bot_texts(turns[0]), cases) not in (None, case):
            return None
        open_id = tracker.get_slot(KEY_MESSAGE_SLOT)
        topic = next((m for m in case.key_messages if m.id == open_id), None)
        if topic is None or matching_lines(text, message_lines(topic)):
            return None
        return case

    return _detail_of(dispatcher, tracker, case_of_topic)


def _detail_of(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    case_of: Callable[[Sequence[Case]], Case | None],
) -> list[EventType] | None:
    """The lines of the case `case_of` picks that say the few words of the message; None when
    the message says more, no case is picked, or none of its lines shares the words."""
    latest = tracker.latest_message
    text = str(latest.get("text") or "")
    if is_button(latest) or not 0 < len(topic_words(text)) <= MAX_CASE_DETAIL_WORDS:
        return None
    with store().session() as session:
        case = case_of(store().cases(session))
        replies = case_detail(case, text, glossary()) if case is not None else None
        if case is None or replies is None:
            return None
        send(dispatcher, replies)
        case_id, source_id = case.id, case.source_id
    log_event(tracker, Event(EventKind.CASE_DESCRIBED, case_id=case_id, source_id=source_id))
    return [SlotSet(AUDIT_SLOT, source_id)]


def _about_own_case(tracker: Tracker) -> bool:
    """A typed question about the asker's own case ("just thinking about a case, do the audits
    say anything about ..."), naming no audited case by name or number and no audit: a question
    for the audits' learning, though the classifier heard "case"."""
    text = str(tracker.latest_message.get("text") or "")
    if is_button(tracker.latest_message) or not speaks_of_own_case(text):
        return False
    with store().session() as session:
        cases, sources = store().cases(session), store().sources(session)
        named = understanding.mentioned_case(text, cases, sources, tracker.get_slot(AUDIT_SLOT))
        return named is None and understanding.mentioned_source(text, sources) is None


class _DescribeCaseOrAudit(Action, ABC):
    """Questions about a case and about an audit overlap ("mental health audit case 1"),
    so both intents look for a named case first, then a named audit."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        chosen = (
            cases_with_detail(dispatcher, tracker)
            or on_last_turn(dispatcher, tracker)
            or case_told_again(dispatcher, tracker)
        )
        if chosen is not None:
            return chosen
        text = tracker.latest_message.get("text") or ""
        with store().session() as session:
            printed = (
                None if is_button(tracker.latest_message) else audit_detail_replies(session, text)
            )
            if printed is not None:
                # "what phone numbers does the mental health report print": its services'
                # numbers, answered
                send(dispatcher, danger_first(tracker.latest_message, printed))
                return [context_is(Context.ANSWERED)]
        if asks_which_cases(text):
            # "so which cases are in them", in any state: the audits' cases, none described
            with store().session() as session:
                send(
                    dispatcher,
                    danger_first(tracker.latest_message, case_list(store().cases(session))),
                )
            return []
        if self.prefer_cases and _about_own_case(tracker):
            # actions.learning imports this module: imported here, when first needed
            from actions.learning import answer_learning

            return answer_learning(dispatcher, tracker)
        with store().session() as session:
            case = named_case(text, store().cases(session), tracker.get_slot(AUDIT_SLOT))
            source = understanding.mentioned_source(text, store().sources(session))
            source_id = source.id if source is not None else None
        if case is None and source is None:
            followed = follow_up_on_case(dispatcher, tracker)
            if followed is not None:
                return followed
        with store().session() as session:
            if case is None and source is None and asks_where_it_is(text):
                # "used where in the audits" after a term or a case: the one case just shown
                case = case_in_focus(tracker, store().cases(session))
            # named by name or number, its other words ask about it; found by what happened
            # in it, they describe it ("the mh audit case with the unexplained pain")
            by_name = case_asked_about(
                text,
                store().cases(session),
                store().sources(session),
                tracker.get_slot(AUDIT_SLOT),
                glossary(),
            )
            if (
                case is None
                and by_name is None
                and asks_which_audited_case(text, case_names=case_names(store().cases(session)))
            ):
                # "teen with recurrent abdo pain, no organic cause, missing school: which audit
                # case looks like this": a case told by its features, recalled by who it is
                # about and the details that fit it (bot.dialogue.case_recall); else "which
                # case had a parent in prison": no case's text says it, said plainly (never
                # the audit's cases or a case nearest in meaning)
                case = recalled_case(text, store().cases(session), WHICH_CASE_DETAILS)
                if case is None:
                    send(dispatcher, danger_first(tracker.latest_message, no_case_says()))
                    return []
            if case is None and by_name is None and not is_button(tracker.latest_message):
                # by meaning, of the audit it names, else told of by its story ("there's one
                # about a young man who ...")
                case = described_case(
                    tracker.latest_message, store().cases(session), source_id
                ) or story_told(tracker.latest_message, store().cases(session))
            described = case_or_audit(
                text,
                store().cases(session),
                store().sources(session),
                self.prefer_cases,
                tracker.get_slot(AUDIT_SLOT),
                case or by_name,
            )
            detail = (
                asked_of_case(by_name, text, glossary())
                if by_name is not None and case_ask(text) is None
                else None
            )
            if by_name is not None and case_ask(without_naming(text, by_name)) is CaseAsk.BRIEF:
                # "Caryn in one line?": the case in a few words, not its whole description
                detail = case_in_brief(by_name, text)
            if by_name is None and case is not None and described.case_id == case.id:
                # found by anything but its name (its story, "that case", its number):
                # what the message asks of it ("what was the learning?"), not only the case
                detail = told_case_replies(case, text)
            theme = (
                understanding.theme_named_whole(text, store().themes(session))
                if not self.prefer_cases and described.source_id is None
                else None
            )
            if theme is not None and detail is None:
                # a theme's whole name, asked where the audits found it wanting: no audit named,
                # but a theme whole; what was found on it, not the list of audits
                send(dispatcher, danger_first(tracker.latest_message, theme_findings(theme)))
                return []
            send(dispatcher, danger_first(tracker.latest_message, detail or described.replies))
        if described.source_id is None:
            return []
        kind = EventKind.CASE_DESCRIBED if described.case_id else EventKind.AUDIT_DESCRIBED
        log_event(tracker, Event(kind, case_id=described.case_id, source_id=described.source_id))
        return [SlotSet(AUDIT_SLOT, described.source_id)]

    @property
    @abstractmethod
    def prefer_cases(self) -> bool:
        """What to list when neither a case nor an audit is named."""


class ActionDescribeCase(_DescribeCaseOrAudit):
    prefer_cases = True

    def name(self) -> str:
        return ACTION_DESCRIBE_CASE


class ActionDescribeAudit(_DescribeCaseOrAudit):
    prefer_cases = False

    def name(self) -> str:
        return ACTION_DESCRIBE_AUDIT
