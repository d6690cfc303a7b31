"""Microsoft Teams channel: Rasa's Bot Framework channel with the gaps that break Teams fixed.

Rasa 3.6's BotFrameworkInput only asks the multi-tenant authority for tokens (new Azure Bot
registrations are single-tenant, and their replies are refused with 401), sends buttons that
echo their title instead of our `/intent{...}` payload, drops Adaptive Card submits (they carry
no text) and makes blocking `requests` calls on the event loop, stalling every conversation
while Azure AD or the Bot Connector answers.

This module plugs both directions into Rasa: TeamsInput checks each request (auth.py) and reads
the activity (incoming.py); TeamsOutput shapes the replies (formatting.py) and posts them
(connector.py), only to Microsoft's Connector hosts. A body that is not an activity is a 400
naming the field; a valid one is answered within the limits every channel shares
(bot/web/limits.py, turns.py). Load it from credentials.yml as
`bot.channels.teams.channel.TeamsInput`; the webhook is /webhooks/teams/webhook.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import quote

import aiohttp
from rasa.core.channels.botframework import BotFrameworkInput
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import SQLAlchemyError

from bot.channels.teams.auth import DEFAULT_OPENID_METADATA_URL, BotFrameworkAuth, Unauthorized
from bot.channels.teams.connector import (
    MICROSOFT_CONNECTOR_HOSTS,
    ConnectorError,
    ConnectorHosts,
    ConnectorTokens,
    HttpSession,
    post_activity,
    token_endpoint,
)
from bot.channels.teams.formatting import adaptive_card, image_card, teams_markdown
from bot.channels.teams.incoming import check_activity, incoming_message
from bot.channels.turns import message_id, take_turn
from bot.dialogue.answers import live_workshop as chat
from bot.dialogue.replies import FOLLOW_WORKSHOP, FOLLOWED_FROM, Reply
from bot.live_workshop.followers import Due, Followers, marker_in, stored_followers
from bot.safeguards import log_privacy
from bot.web.guards import GuardedBlueprint
from bot.web.limits import BadRequest, json_object, user_text

log_privacy.install()  # Rasa's warnings quote typed text; rewrite them from the start

logger = logging.getLogger(__name__)

PUSH_POLL_SECONDS = 0.5
"""How often the channel looks for live workshops that moved on (one indexed read)."""
PUSH_RETRY_SECONDS = 30.0
"""After the workshops' database failed: wait this long before trying again (one log line)."""
FollowersSource = Callable[[], Followers]


class TeamsOutput(OutputChannel):
    """Replies in the conversation (and thread) the incoming activity came from."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    def __init__(
        self,
        tokens: ConnectorTokens,
        http: HttpSession,
        activity: Mapping[str, Any],
        hosts: ConnectorHosts = MICROSOFT_CONNECTOR_HOSTS,
        followers: FollowersSource | None = None,
    ) -> None:
        """`activity` is the incoming one (a reply goes to its thread) or a stored conversation
        reference (conversation_reference(): a proactive message); `followers` records the
        conversation as following a live workshop when the assistant says so."""
        self._tokens = tokens
        self._http = http
        self._hosts = hosts
        self._followers = followers
        self.sent = 0
        """Replies this turn has sent (or tried to), so the turn knows it was not silent."""
        self._bot = activity["recipient"]
        self._conversation_id = str(activity["conversation"]["id"])
        self._reply_to_id = activity.get("id")
        self.reference = conversation_reference(activity)
        # Replying to the activity keeps the answer in the user's thread in team channels.
        self.url = (
            f"{str(activity['serviceUrl']).rstrip('/')}/v3/conversations/"
            f"{quote(self._conversation_id, safe='')}/activities"
        )
        if self._reply_to_id:
            self.url += f"/{quote(str(self._reply_to_id), safe='')}"

    def _activity(self, recipient_id: str, **fields: Any) -> dict[str, Any]:
        activity: dict[str, Any] = {
            "type": "message",
            "from": self._bot,
            "conversation": {"id": self._conversation_id},
            **fields,
        }
        if recipient_id:  # a proactive message goes to the conversation, not to a user id
            activity["recipient"] = {"id": recipient_id}
        if self._reply_to_id:
            activity["replyToId"] = self._reply_to_id
        return activity

    async def send(self, activity: dict[str, Any]) -> None:
        """Logs failures instead of raising, as Rasa's channels do, so the turn is still saved."""
        self.sent += 1
        try:
            await post_activity(self._http, self._tokens, self.url, activity, self._hosts)
        except ConnectorError as error:
            logger.error("Teams reply not delivered: %s", error)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error("Teams reply not delivered: %r", error)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """One activity per message (Rasa splits paragraphs), so answers arrive as one post."""
        await self.send(
            self._activity(recipient_id, text=teams_markdown(text), textFormat="markdown")
        )

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send(self._activity(recipient_id, attachments=[adaptive_card(text, buttons)]))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send(self._activity(recipient_id, attachments=[image_card(image)]))

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        """Lets a response carry e.g. an Adaptive Card attachment as-is. The live workshop to
        follow (FOLLOW_WORKSHOP) is not posted: the conversation is recorded as following it,
        and gets each next question unasked (TeamsInput.push_workshops)."""
        if FOLLOW_WORKSHOP in json_message:
            shown = marker_in(json_message.get(FOLLOWED_FROM))
            await self.follow(str(json_message[FOLLOW_WORKSHOP] or ""), shown)
            return
        await self.send({**self._activity(recipient_id), **json_message})

    async def follow(self, code: str, shown: str | None = None) -> None:
        if self._followers is None:
            return
        followers = self._followers()
        try:
            if code:
                await asyncio.to_thread(
                    followers.follow, code, self._conversation_id, self.reference, shown
                )
            else:
                await asyncio.to_thread(followers.unfollow, self._conversation_id)
        except SQLAlchemyError as error:
            logger.error("Teams conversation could not follow the workshop: %r", error)

    async def send_replies(self, replies: list[Reply]) -> None:
        """Posts replies made outside a turn (a workshop's next question), as Rasa would."""
        for reply in replies:
            if reply.buttons:
                buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
                await self.send_text_with_buttons("", reply.text, buttons)
            else:
                await self.send_text_message("", reply.text)


def conversation_reference(activity: Mapping[str, Any]) -> dict[str, Any]:
    """What a proactive message needs of an activity: where the Bot Connector is, the
    conversation, and the bot's own account (Teams' `recipient` of an incoming message);
    the user's id is not kept."""
    return {
        "serviceUrl": str(activity["serviceUrl"]),
        "conversation": {"id": str(activity["conversation"]["id"])},
        "recipient": activity["recipient"],
    }


class TeamsInput(BotFrameworkInput):
    """Bot Framework input for Teams: async, single-tenant aware, payload-preserving."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Blank optional values count as unset: Rasa fails on unset variables, not empty ones."""
        if not credentials:
            # This raises; `return` tells mypy so, as Rasa ships no type information.
            return cls.raise_missing_credentials_exception()

        def setting(key: str) -> str | None:
            value = str(credentials.get(key) or "").strip()
            return value or None

        app_id, app_password = setting("app_id"), setting("app_password")
        if not app_id or not app_password:
            raise RasaException(
                "The teams channel needs app_id and app_password in credentials.yml."
            )
        return cls(
            app_id,
            app_password,
            app_tenant_id=setting("app_tenant_id"),
            token_url=setting("token_url"),
            openid_metadata_url=setting("openid_metadata_url"),
        )

    def __init__(
        self,
        app_id: str,
        app_password: str,
        app_tenant_id: str | None = None,
        token_url: str | None = None,
        openid_metadata_url: str | None = None,
        connector_hosts: ConnectorHosts = MICROSOFT_CONNECTOR_HOSTS,
        followers: FollowersSource | None = stored_followers,
    ) -> None:
        """`followers`: the live workshops' followers (None: this channel does not take part
        in workshops, e.g. in tests of the channel alone)."""
        # BotFrameworkInput.__init__ is skipped on purpose: it downloads the signing keys with a
        # blocking request while the channel is built; BotFrameworkAuth fetches them on demand.
        self.app_id = app_id
        self.app_password = app_password
        self.connector_hosts = connector_hosts
        self.followers = followers
        self.http = HttpSession()
        self.auth = BotFrameworkAuth(
            app_id,
            self.http,
            openid_metadata_url or DEFAULT_OPENID_METADATA_URL,
            connector_hosts=connector_hosts,
        )
        self.tokens = ConnectorTokens(
            app_id, app_password, token_url or token_endpoint(app_tenant_id), self.http
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        teams_webhook = GuardedBlueprint("teams_webhook", __name__)

        pushing: list[asyncio.Task[None]] = []

        @teams_webhook.listener("before_server_start")
        async def start_pushing(_app: Any, _loop: Any) -> None:
            if self.followers is not None:
                pushing.append(asyncio.create_task(self.push_workshops(self.followers)))

        @teams_webhook.listener("before_server_stop")
        async def stop_pushing(_app: Any, _loop: Any) -> None:
            for task in pushing:
                task.cancel()
            pushing.clear()

        @teams_webhook.listener("after_server_stop")
        async def close_session(_app: Any, _loop: Any) -> None:
            await self.http.close()

        @teams_webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @teams_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            try:
                activity = json_object(request.body)
                check_activity(activity)
            except BadRequest as error:
                return response.json({"error": str(error)}, status=400)
            try:
                await self.auth.validate(
                    request.headers.get("Authorization"),
                    activity["serviceUrl"],
                    activity["channelId"],
                )
            except Unauthorized as error:
                logger.warning("Rejected Teams request: %s", error)
                return response.text("Unauthorized", status=401)
            incoming = incoming_message(activity)
            if incoming is None:
                return response.text("", status=200)
            text, metadata = incoming
            if not text.strip():
                return response.text("", status=200)  # nothing typed: an image, a sticker
            try:
                text = user_text(text, "activity.text")
            except BadRequest as error:
                return response.json({"error": str(error)}, status=400)
            output = TeamsOutput(
                self.tokens, self.http, activity, self.connector_hosts, self.followers
            )
            activity_id = message_id(activity.get("id"))
            message = UserMessage(
                text,
                output,
                str(activity["from"]["id"]),
                input_channel=self.name(),
                metadata=metadata,
                message_id=activity_id,
            )
            agent = getattr(request.app.ctx, "agent", None)
            await take_turn(
                on_new_message,
                message,
                agent,
                lambda: output.sent > 0,
                retryable=activity_id is not None,
            )
            return response.text("success")

        return teams_webhook

    async def push_workshops(self, followers: FollowersSource) -> None:
        """Posts each Teams conversation in a live workshop its next question when the trainer
        moves on or opens voting, and the end when the session ends, as the web chat gets
        them: a proactive message to the conversation it joined from. Runs while the server
        does; any instance may post, each follower once (Followers.claim_due)."""
        failing = False
        while True:
            try:
                due = await asyncio.to_thread(followers().claim_due)
                failing = False
            except SQLAlchemyError as error:
                if not failing:
                    logger.error("Workshop questions not posted to Teams: %r", error)
                failing = True
                await asyncio.sleep(PUSH_RETRY_SECONDS)
                continue
            for item in due:
                await self.push(followers, item)
            await asyncio.sleep(PUSH_POLL_SECONDS)

    async def push(self, followers: FollowersSource, due: Due) -> None:
        snapshot = await asyncio.to_thread(followers().workshops.snapshot, due.session_id)
        if snapshot is None:
            return
        output = TeamsOutput(self.tokens, self.http, due.address, self.connector_hosts)
        await output.send_replies(chat.question(snapshot))
