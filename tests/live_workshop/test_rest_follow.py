"""A REST client in a live workshop, against the session's real servers: the join reply says
which session to follow, /workshop/follow tells it when the trainer moves on (Server-Sent
Events), and "/join_workshop" then gives it the question, as the README documents."""

from __future__ import annotations

import asyncio
import json
import uuid

import aiohttp

from bot.live_workshop.service import Control
from bot.tooling.evaluation import ask
from tests.live_workshop.live import started_workshop
from tests.support import Assistant


def test_a_rest_client_follows_the_session_and_asks_for_each_next_question(
    assistant: Assistant,
) -> None:
    workshops, session_id, code = started_workshop(assistant)
    sender = uuid.uuid4().hex
    joined = ask(assistant.url, f"join {code}", sender)
    # The code to follow, and where the session was in the question shown (step/open/ended).
    assert {"workshop_follow": code, "workshop_shown": "0/0/0"} in [
        reply.get("custom") for reply in joined
    ]
    assert "Voting is not open yet" in joined[0]["text"]

    async def follow() -> list[dict[str, object]]:
        positions: list[dict[str, object]] = []
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(timeout=timeout) as client:
            url = f"{assistant.url}/workshop/follow?code={code}"
            async with client.get(url) as stream:
                assert stream.headers["Content-Type"].startswith("text/event-stream")
                async for raw in stream.content:
                    line = raw.decode().strip()
                    if not line.startswith("data: "):
                        continue
                    positions.append(json.loads(line.removeprefix("data: ")))
                    if len(positions) == 1:  # where it is now; then the trainer opens voting
                        await asyncio.to_thread(workshops.control, session_id, Control.OPEN)
                    else:
                        return positions
        return positions

    first, opened = asyncio.run(follow())
    assert first["votingOpen"] is False and opened["votingOpen"] is True
    assert opened["step"] == first["step"]
    question = ask(assistant.url, "/join_workshop", sender)
    titles = [button["title"] for reply in question for button in reply.get("buttons") or []]
    assert titles and titles[0].startswith("A. "), question
    workshops.control(session_id, Control.END)
