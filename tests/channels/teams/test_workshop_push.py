"""A Teams participant moves with the trainer: the real assistant (the session's servers) answers
real Bot Framework activities through the Teams channel, and when the trainer opens voting,
moves on or ends, the channel posts the question to the conversation unasked: a proactive
activity to the stored serviceUrl and conversation, received by a local stand-in for
Microsoft's Bot Connector (Microsoft cannot be reached from here)."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from rasa.core.channels.channel import UserMessage
from sqlalchemy import select

from bot.live_workshop.followers import Followers
from bot.live_workshop.service import Control
from bot.live_workshop.tables import WorkshopFollower
from bot.tooling.evaluation import ask
from tests.channels.teams.fake_microsoft import (
    APP_ID,
    CONVERSATION_ID,
    FakeMicrosoft,
    bot_framework_token,
    card_text,
    card_titles,
    harness,
    teams_message,
)
from tests.live_workshop.live import started_workshop
from tests.support import Assistant

MOVED_ON_WITHIN_SECONDS = 2.0
"""The issue's "phones move on within 2 s of the trainer", for Teams too."""


async def posted_after(microsoft: FakeMicrosoft, seen: int) -> tuple[dict[str, Any], float]:
    """The next activity the bot posted unasked, and how long it took to come."""
    began = time.monotonic()
    while len(microsoft.posted) <= seen:
        assert time.monotonic() - began < 10, "no proactive message came"
        await asyncio.sleep(0.05)
    conversation, authorization, activity = microsoft.posted[seen]
    assert conversation == CONVERSATION_ID
    assert authorization.startswith("Bearer connector-token-")
    return activity, time.monotonic() - began


def test_a_teams_participant_gets_each_next_question_unasked(assistant: Assistant) -> None:
    workshops, session_id, code = started_workshop(assistant)
    followers = Followers(workshops)

    async def real_assistant(message: UserMessage) -> None:
        """The real assistant answers (over REST, as this Teams user), through the Teams
        channel's own output, custom replies included, as Rasa passes them on."""
        replies = await asyncio.to_thread(ask, assistant.url, message.text or "", message.sender_id)
        for reply in replies:
            if reply.get("custom"):
                await message.output_channel.send_custom_json(message.sender_id, reply["custom"])
            elif reply.get("buttons"):
                await message.output_channel.send_text_with_buttons(
                    message.sender_id, reply.get("text") or "", reply["buttons"]
                )
            else:
                await message.output_channel.send_text_message(
                    message.sender_id, reply.get("text") or ""
                )

    async def scenario() -> None:
        async with harness(real_assistant, followers=lambda: followers) as h:
            microsoft = h.microsoft
            token = bot_framework_token(microsoft.service_url)
            joining = teams_message(microsoft.service_url, text=f"join {code}", attachments=[])
            assert await h.post(joining, token) == 200
            said = [card_text(a) for _, _, r in microsoft.replies for a in r["attachments"]]
            assert any("Voting is not open yet" in text for text in said), said
            assert all("workshop_follow" not in json.dumps(r) for _, _, r in microsoft.replies)

            workshops.control(session_id, Control.OPEN)
            activity, took = await posted_after(microsoft, 0)
            assert took < MOVED_ON_WITHIN_SECONDS
            assert activity["type"] == "message"
            assert activity["from"] == {"id": f"28:{APP_ID}", "name": "Reflective practice"}
            assert activity["conversation"] == {"id": CONVERSATION_ID}
            assert "replyToId" not in activity and "recipient" not in activity
            [card] = activity["attachments"]
            assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
            snapshot = workshops.snapshot(session_id)
            assert snapshot is not None
            assert snapshot.step.prompt.split("\n")[0][:40] in card_text(card)
            titles = card_titles(card)
            assert titles[0].startswith("A. ") and len(titles) == len(snapshot.step.options)

            # The participant presses the second option on the card posted unasked.
            content = card["content"]
            actions = content.get("actions", []) + [
                a for e in content["body"] if e["type"] == "ActionSet" for a in e["actions"]
            ]
            [action] = [a for a in actions if a["title"] == titles[1]]
            pressed = action["data"]["payload"]
            assert f'"workshop_step":"{snapshot.step_index}"' in pressed
            click = teams_message(
                microsoft.service_url,
                id="1715682105999",
                text=pressed,
                attachments=[],
                value={"payload": pressed},
            )
            replies_before = len(microsoft.replies)
            assert await h.post(click, token) == 200
            answered = microsoft.replies[replies_before:]
            assert any("Your answer is in" in json.dumps(r) for _, _, r in answered)
            counted = workshops.snapshot(session_id)
            assert counted is not None and counted.counts[1] == 1 and counted.answered == 1

            # Closing voting and the reveal post nothing; the next step does.
            workshops.control(session_id, Control.REVEAL)
            workshops.control(session_id, Control.NEXT)
            activity, took = await posted_after(microsoft, 1)
            assert took < MOVED_ON_WITHIN_SECONDS
            text = card_text(activity["attachments"][0])
            moved = workshops.snapshot(session_id)
            assert moved is not None and moved.step.heading in text
            assert "Voting is not open yet" in text

            workshops.control(session_id, Control.END)
            activity, _ = await posted_after(microsoft, 2)
            assert "This workshop has ended" in activity["text"]
            await asyncio.sleep(1.0)
            assert len(microsoft.posted) == 3  # nothing twice, nothing after the end
            with workshops.session() as session:
                assert session.scalars(select(WorkshopFollower)).all() == []

    asyncio.run(scenario())
