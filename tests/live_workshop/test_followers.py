"""Teams conversations following a live workshop: due once per move, claimed by one instance
only, gone once the end is posted, and never holding a user's id."""

from __future__ import annotations

from bot.live_workshop.followers import Followers, conversation_key, marker_in, position_marker
from bot.live_workshop.service import Control, Workshops
from bot.live_workshop.tables import WorkshopFollower

CONVERSATION = "a:1Bz7_p9QmWnXoYkR2sT4uV6wX8yZ0aB"
ADDRESS = {
    "serviceUrl": "https://smba.trafficmanager.net/uk/",
    "conversation": {"id": CONVERSATION},
    "recipient": {"id": "28:bot", "name": "Reflective practice"},
}


def test_a_follower_is_due_once_per_move_on_one_instance_and_dropped_at_the_end(
    workshops: Workshops, started: int
) -> None:
    snapshot = workshops.snapshot(started)
    assert snapshot is not None
    here, there = Followers(workshops), Followers(Workshops(workshops.engine, workshops.clock))
    assert here.follow(snapshot.code, CONVERSATION, ADDRESS)
    assert here.follow(snapshot.code, CONVERSATION, ADDRESS)  # joined again: still one
    assert not here.follow("00000000", CONVERSATION, ADDRESS)
    assert here.claim_due() == []  # it has just been shown this question

    workshops.control(started, Control.OPEN)
    claimed = here.claim_due() + there.claim_due()  # two instances poll the same database
    assert [(due.session_id, due.address, due.ended) for due in claimed] == [
        (started, ADDRESS, False)
    ]
    assert here.claim_due() == [] and there.claim_due() == []
    workshops.control(started, Control.REVEAL)  # a reveal is not a new question
    assert here.claim_due() == []
    workshops.control(started, Control.NEXT)
    assert len(there.claim_due()) == 1

    workshops.control(started, Control.END)
    [ended] = here.claim_due()
    assert ended.ended
    with workshops.session() as session:
        assert session.query(WorkshopFollower).count() == 0


def test_a_move_made_after_the_question_was_shown_is_still_posted(
    workshops: Workshops, started: int
) -> None:
    """Voting opened between the reply showing the question and the follow being recorded."""
    snapshot = workshops.snapshot(started)
    assert snapshot is not None
    followers = Followers(workshops)
    workshops.control(started, Control.OPEN)
    assert followers.follow(
        snapshot.code, CONVERSATION, ADDRESS, position_marker(snapshot.position)
    )
    assert len(followers.claim_due()) == 1
    assert marker_in("3/1/0") == "3/1/0"
    assert marker_in("3/open/0") is None and marker_in(None) is None


def test_leaving_stops_the_questions_and_no_user_id_is_kept(
    workshops: Workshops, started: int
) -> None:
    snapshot = workshops.snapshot(started)
    assert snapshot is not None
    followers = Followers(workshops)
    followers.follow(snapshot.code, CONVERSATION, ADDRESS)
    with workshops.session() as session:
        [row] = session.query(WorkshopFollower).all()
        assert row.conversation_key == conversation_key(CONVERSATION)
        assert set(row.address) == {"serviceUrl", "conversation", "recipient"}
    followers.unfollow(CONVERSATION)
    workshops.control(started, Control.OPEN)
    assert followers.claim_due() == []
