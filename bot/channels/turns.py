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
   Rasa's own commands (a typed /restart) answer nothing. A message delivered again (the same
   message id: a balancer retrying a request whose Rasa instance died after storing the turn,
   or Teams redelivering an activity) is answered with the replies stored for it, not
   processed twice, so the conversation keeps each turn once.

Each of these replies of our own follows the identifying-details warning when the message
holds identifiers (`_say_ours`): no action wrote them, so the action server's check never
saw them.
"""

from __future__ import annotations

import asyncio
import http.client
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.events import BotUttered, UserUttered
from sanic.request import Request

from bot.dialogue.identifiers_warning import warning_for_text
from bot.settings import trust_request_id
from bot.web.limits import TOO_LONG_REPLY, too_long

logger = logging.getLogger(__name__)

UNAVAILABLE_REPLY = (
    "I can't answer right now, please try again in a minute. "
    "If a child is in immediate danger, call 999."
)
NO_ANSWER_REPLY = (
    'I have no answer to that. Ask me a practice question in your own words, or say "help". '
    "If a child is in immediate danger, call 999."
)
"""Said when a turn ends with nothing said: every turn gets a reply, in every state."""
RASAS_OWN_COMMANDS = frozenset({"/restart", "/session_start", "/back"})
"""Rasa's built-in intents, typed: they restart or rewind the conversation and say nothing."""
REQUEST_ID_HEADER = "X-Request-ID"
"""Set by the balancer (deploy/haproxy.cfg), the same on every retry of one request."""
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
HEALTH_TIMEOUT_SECONDS = 10.0
"""An idle action server answers /health in milliseconds. One busy with other turns' actions
(it runs them on its event loop) answers it late but answers: in the single-instance cluster
burst, 50 conversations at once, up to 4.5 s on the shared 2 cores; the former 2 s limit turned
those turns away as "can't answer right now". A refused connection or an error status is
still known at once; a server silent this long cannot answer the turn in time either."""
_checks: dict[str, asyncio.Future[bool]] = {}
"""The check under way, by health URL: turns arriving while it runs wait for its answer
rather than each queueing another behind the actions (50 at once in the cluster's burst)."""


def _answers_health(url: str) -> bool:
    """GET /health, blocking: run in a thread, so its clock is the action server's, not this
    event loop's (a busy Rasa runs other turns' NLU between the steps of an aiohttp request
    and timed it out with the action server long answered)."""
    parts = urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname or "127.0.0.1", parts.port, timeout=HEALTH_TIMEOUT_SECONDS)
    try:
        connection.request("GET", parts.path or "/")
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


async def action_server_up(agent: Any) -> bool:
    """Whether the agent's action server answers /health (True when none is configured).

    rasa-sdk serves /health next to /webhook, so the health URL is the endpoint's sibling.
    Turns asking while a check is under way share it; an answer is never kept for later turns
    (one just after the server died must find it down, so that nothing is half-processed).
    """
    endpoint = getattr(agent, "action_endpoint", None)
    if endpoint is None or not getattr(endpoint, "url", None):
        return True
    url = urljoin(endpoint.url, "health")
    checking = _checks.get(url)
    if checking is None or checking.done() or checking.get_loop() is not asyncio.get_running_loop():
        checking = _checks[url] = asyncio.ensure_future(asyncio.to_thread(_answers_health, url))
    return await asyncio.shield(checking)  # a turn given up on leaves the check to the others


def message_id(value: object) -> str | None:
    """A message id that a retried delivery keeps (the balancer's REQUEST_ID_HEADER, a Teams
    activity's id), if it is well formed; otherwise None, and Rasa gives the message one."""
    return value if isinstance(value, str) and REQUEST_ID.fullmatch(value) else None


def request_message_id(
    headers: Mapping[str, str], environ: Mapping[str, str] | None = None
) -> str | None:
    """The balancer's request id, only where the deployment says a balancer sets it
    (RPA_TRUST_REQUEST_ID): a client could otherwise choose ids, and a fixed id would have
    every later message answered with the first one's replies."""
    return message_id(headers.get(REQUEST_ID_HEADER)) if trust_request_id(environ) else None


async def stored_replies(agent: Any, message: UserMessage) -> list[dict[str, Any]] | None:
    """What the assistant answered to this message, if the conversation holds it already;
    None if it does not (the usual case). Only the sender's own conversation is read, so a
    reused id can only ever replay that person's own answer."""
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return None
    tracker = await store.retrieve(message.sender_id)
    if tracker is None:
        return None
    replies: list[dict[str, Any]] | None = None
    for event in tracker.events:
        if isinstance(event, UserUttered):
            if replies is not None:
                break
            if event.message_id == message.message_id:
                replies = []
        elif replies is not None and isinstance(event, BotUttered):
            replies.append(event.message())
    return replies


async def handle_once(
    on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage, agent: Any
) -> None:
    """Processes the message unless the conversation holds it already, in which case its
    stored replies are sent again. The check and the processing share the conversation's lock
    (as Rasa's own Agent.handle_message takes it), so a redelivery that arrives while the
    first delivery is still being processed waits, then finds it stored."""
    lock_store, processor = getattr(agent, "lock_store", None), getattr(agent, "processor", None)
    if lock_store is None or processor is None or not agent.is_ready():
        await on_new_message(message)  # no agent to take the lock of: Rasa's own path
        return
    output, sender = message.output_channel, message.sender_id
    async with lock_store.lock(sender):
        replies = await stored_replies(agent, message)
        if replies is None:
            await processor.handle_message(message)
            return
        logger.warning(
            "%s message processed before: answered from the store", message.input_channel
        )
        for reply in replies:
            await output.send_response(sender, {key: part for key, part in reply.items() if part})


async def _say_ours(message: UserMessage, reply: str) -> None:
    """One of the channels' own replies (too long, no answer, unavailable), after the
    identifying-details warning when the message holds identifiers: no action wrote it, so
    the action server's check never saw it, and such a message is warned in every state."""
    output, sender = message.output_channel, message.sender_id
    warning = warning_for_text(message.text or "")
    if warning is not None:
        await output.send_text_message(sender, warning)
    await output.send_text_message(sender, reply)


async def take_turn(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    message: UserMessage,
    agent: Any,
    replied: Callable[[], bool],
    retryable: bool = False,
) -> None:
    """Runs one turn; every reply, ours included, goes out through the message's channel.

    `replied` says whether the turn has sent anything through that channel. `retryable`: the
    message's id came with the delivery, so it may be delivered again; otherwise Rasa made
    the id up and the store need not be read.
    """
    if too_long(message.text or ""):
        await _say_ours(message, TOO_LONG_REPLY)
        return
    if not await action_server_up(agent):
        logger.error("action server unavailable: %s turn not processed", message.input_channel)
        await _say_ours(message, UNAVAILABLE_REPLY)
        return
    try:
        if retryable:
            await handle_once(on_new_message, message, agent)
        else:
            await on_new_message(message)
    except Exception:
        logger.exception("%s turn failed (message text not logged)", message.input_channel)
        await _say_ours(message, UNAVAILABLE_REPLY)
        return
    if replied():
        return
    if not await action_server_up(agent):
        logger.error("action server went away during a %s turn", message.input_channel)
        await _say_ours(message, UNAVAILABLE_REPLY)
    elif (message.text or "").strip() not in RASAS_OWN_COMMANDS:
        logger.warning("a %s turn said nothing: the no-answer reply sent", message.input_channel)
        await _say_ours(message, NO_ANSWER_REPLY)


async def collected_turn(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    request: Request,
    sender: str,
    text: str,
    channel: str,
) -> list[dict[str, Any]]:
    """A turn of a channel that answers in the HTTP response (REST, web chat): the replies."""
    collector = CollectingOutputChannel()
    retry_id = request_message_id(request.headers)
    message = UserMessage(text, collector, sender, input_channel=channel, message_id=retry_id)
    agent = getattr(request.app.ctx, "agent", None)
    await take_turn(
        on_new_message,
        message,
        agent,
        lambda: bool(collector.messages),
        retryable=retry_id is not None,
    )
    return collector.messages
