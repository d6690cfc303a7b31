"""A service's or an urgent contact's detail asked for ("what was that number again", "and the
EDT number?"): the one path both the conversation moves (actions/moves.py) and a short message
read with the turn before (actions/turn_before.py) answer it by, so an urgent contact named is
never given a service's number."""

from __future__ import annotations

from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from actions.common import store, terms
from bot.dialogue.answers import moves as answers
from bot.dialogue.case_focus import bot_texts, cases_said
from bot.dialogue.context import Context, context_before, previous_turn, previous_user_parse
from bot.dialogue.moves import Detail, audit_detail_asked, repeated_detail
from bot.dialogue.replies import Reply
from bot.dialogue.turn_before import key_message_set
from bot.dialogue.understanding import mentioned_source
from bot.knowledge.citations import CITED
from bot.knowledge.models import KeyMessage, Service


def shown_services(session: Session, tracker: Tracker) -> list[Service]:
    """The services the last reply showed: an answer's or a detail's, not those a case's story
    mentions (a case is no service to ring)."""
    last = previous_turn(tracker.events)
    said = bot_texts(last)
    # a case's story names the case outside a source line (a detail's reply cites one)
    story = [line for text in said for line in text.splitlines() if not line.startswith(CITED)]
    if key_message_set(last) is None and cases_said(story, store().cases(session)):
        return []
    return answers.services_shown(" ".join(said), store().services(session))


def repeated_detail_replies(session: Session, tracker: Tracker, text: str) -> list[Reply] | None:
    """ "Can you repeat that number": the detail as the last reply gave it; None when the
    message asks no detail again, names a service, or the last reply gave no such detail."""
    again = repeated_detail(text)
    if again is None or answers.named_services(text, store().services(session)):
        return None
    shown = bot_texts(previous_turn(tracker.events))
    return answers.repeated(again, shown, shown_services(session, tracker))


def service_detail_replies(
    session: Session, tracker: Tracker, text: str, detail: Detail, message: KeyMessage | None
) -> list[Reply] | None:
    """The detail of the urgent contacts the message names ("the EDT number?"), else of the
    services it names (those shown or the answer's own when a word names several alike:
    "guidance link?"), else of those shown, else of the answer's (`message`) own."""
    shown = shown_services(session, tracker)
    named = answers.named_services(text, store().services(session))
    if len(named) > 1:
        # a word several services share ("guidance link?"): those shown or the answer's own
        signposted = {*shown, *(message.signposts if message is not None else [])}
        named = [service for service in named if service in signposted] or named
    contacts = answers.named_contacts(text, store().urgent_contacts(session), terms())
    if not named and not contacts:
        # "and their email?": the services the last reply printed by name
        named = shown
    answered = context_before(tracker.events) is Context.ANSWERED
    if not named and not contacts and not answered:
        # "what's their number" after "what does MASH stand for": the last message named
        # who is meant
        before = str(previous_user_parse(tracker.events).get("text") or "")
        contacts = answers.named_contacts(before, store().urgent_contacts(session), terms())
    return answers.named_detail(detail, message, named, contacts)


def audit_detail_replies(session: Session, text: str) -> list[Reply] | None:
    """ "Any telephone numbers printed in the mental health report": the numbers (emails,
    links) the audit named prints, each with its service, so "whose is that" then names the
    service; None when the message asks no detail of an audit it names."""
    detail = audit_detail_asked(text)
    if detail is None:
        return None
    source = mentioned_source(text, store().sources(session))
    if source is None:
        return None
    return answers.audit_details(detail, source, store().services(session))
