"""One turn of a conversation, as every channel of ours takes it.

Almost every answer, urgent advice included, is written by a custom action. When the action
server is down, Rasa logs the failed call and carries on, so the person got silence (and a
typed "she is in danger" got nothing). A turn therefore:

1. answers a message over the limit with TOO_LONG_REPLY, before the NLU pipeline;
2. asks the action server's /health first, and if it does not answer, says UNAVAILABLE_REPLY
   without processing the message: nothing half-done is stored (a form is not advanced
   without its validation), so the conversation carries on where it was once the server is
   back and the person sends the message again;
3. runs the turn; if Rasa raised, or answered nothing while the action server has gone away
   mid-turn, says UNAVAILABLE_REPLY. An empty answer with the action server up is left empty:
   Rasa's own commands (a typed /restart) answer nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urljoin

import aiohttp
from rasa.core.channels.channel import UserMessage

from bot.channels.limits import TOO_LONG_REPLY, too_long

logger = logging.getLogger(__name__)

UNAVAILABLE_REPLY = (
    "I can't answer right now, please try again in a minute. "
    "If a child is in immediate danger, call 999."
)
HEALTH_TIMEOUT_SECONDS = 2.0
"""The action server answers /health in milliseconds; one that takes seconds cannot answer a
question in time either."""


async def action_server_up(agent: Any) -> bool:
    """Whether the agent's action server answers /health (True when none is configured).

    rasa-sdk serves /health next to /webhook, so the health URL is the endpoint's sibling.
    """
    endpoint = getattr(agent, "action_endpoint", None)
    if endpoint is None or not getattr(endpoint, "url", None):
        return True
    url = urljoin(endpoint.url, "health")
    timeout = aiohttp.ClientTimeout(total=HEALTH_TIMEOUT_SECONDS)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(url) as reply:
            return reply.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


async def take_turn(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    message: UserMessage,
    agent: Any,
    replied: Callable[[], bool],
) -> None:
    """Runs one turn; every reply, ours included, goes out through the message's channel.

    `replied` says whether the turn has sent anything through that channel.
    """
    output, sender = message.output_channel, message.sender_id
    if too_long(message.text or ""):
        await output.send_text_message(sender, TOO_LONG_REPLY)
        return
    if not await action_server_up(agent):
        logger.error("action server unavailable: %s turn not processed", message.input_channel)
        await output.send_text_message(sender, UNAVAILABLE_REPLY)
        return
    try:
        await on_new_message(message)
    except Exception:
        logger.exception("%s turn failed (message text not logged)", message.input_channel)
        await output.send_text_message(sender, UNAVAILABLE_REPLY)
        return
    if not replied() and not await action_server_up(agent):
        logger.error("action server went away during a %s turn", message.input_channel)
        await output.send_text_message(sender, UNAVAILABLE_REPLY)
