"""A live workshop in the session's real servers' own database (tests/conftest.py
`assistant`), started as the trainer's start page starts one (the trainer's pages are tested
with their own servers in test_workshop_browser.py)."""

from __future__ import annotations

from bot.db import make_engine
from bot.knowledge.store import KnowledgeStore
from bot.live_workshop.plan import build_plan
from bot.live_workshop.service import Workshops
from tests.support import Assistant


def started_workshop(assistant: Assistant) -> tuple[Workshops, int, str]:
    """A session on the first case with a walk-through: the service, its id and join code."""
    engine = make_engine(f"sqlite:///{assistant.knowledge_db}")
    store = KnowledgeStore(engine)
    with store.session() as session:
        case_id = next(c.id for c in store.cases(session) if store.walkthrough(session, c.id))
        source, title, steps = build_plan(store, session, case_id, with_checks=False)
    workshops = Workshops(engine)
    row = workshops.start(source, case_id, title, steps, team_mode=False)
    return workshops, row.id, row.code
