"""Microsoft Teams channel: Rasa's Bot Framework channel with the gaps that break Teams fixed.

Rasa 3.6's BotFrameworkInput only asks the multi-tenant authority for tokens (new Azure Bot
registrations are single-tenant, and their replies are refused with 401), sends buttons that
echo their title instead of our `/intent{...}` payload, drops Adaptive Card submits (they carry
no text) and makes blocking `requests` calls on the event loop, stalling every conversation
while Azure AD or the Bot Connector answers.

Load it from credentials.yml as `bot.channels.teams.channel.TeamsInput`; the webhook is /webhooks/teams/webhook.

The assistant's text carries a little structure (paragraphs, "- " and "1. " lists, **bold**,
bare URLs; see bot/channels/webchat/widget.js). Teams renders it from Markdown in text messages, but a
hero card's text is a subset of HTML with no Markdown, and neither keeps a single "\n" as a
line break: see teams_markdown() and hero_card_html().
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import math
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import quote

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm
from rasa.core.channels.botframework import BotFrameworkInput
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse
from yarl import URL

logger = logging.getLogger(__name__)

DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"
MULTI_TENANT_AUTHORITY = "botframework.com"
HTTP_TIMEOUT_SECONDS = 10.0
# The Bot Framework SDKs accept five minutes of clock skew between the Connector and the bot.
CLOCK_SKEW_SECONDS = 300
# Microsoft rotates signing keys rarely; the SDKs refresh daily, and on an unknown key id.
KEY_CACHE_SECONDS = 24 * 3600
# An unknown key id triggers a refresh at most this often, so forged tokens cannot make us
# hammer the metadata endpoint.
KEY_REFETCH_MIN_SECONDS = 300
# Renew the Connector token this long before Azure AD says it expires.
TOKEN_RENEW_MARGIN_SECONDS = 300

_BEARER = re.compile(r"Bearer\s+(\S+)\s*$", re.IGNORECASE)
_HERO_CARD = "application/vnd.microsoft.card.hero"

# The structure in the assistant's text, as the web chat widget reads it.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_BULLET_ITEM = re.compile(r"- ")
_NUMBERED_ITEM = re.compile(r"(\d{1,9})\. ")
_CONTINUATION = re.compile(r" {3}(?=\S)")
_BOLD = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")  # "2 ** 3" is not bold
_URL = re.compile(r"https?://[^\s<>\"']+")
_TRAILING_PUNCTUATION = re.compile(r"[.,;:!?)\]]+$")
# Markdown joins lines that end in a single "\n"; two trailing spaces make a hard line break.
_MARKDOWN_HARD_BREAK = "  \n"


class Unauthorized(Exception):
    """The request does not carry a valid Bot Framework token; nothing may be processed."""


class ConnectorError(Exception):
    """Azure AD or the Bot Connector refused or failed a request the bot made."""


def token_endpoint(tenant_id: str | None) -> str:
    """Single-tenant registrations must use their own tenant's authority."""
    authority = tenant_id or MULTI_TENANT_AUTHORITY
    return f"https://login.microsoftonline.com/{authority}/oauth2/v2.0/token"


def card_action(button: Mapping[str, Any]) -> dict[str, Any]:
    """messageBack shows the title in the chat but sends us the payload, so Rasa skips NLU."""
    title = str(button.get("title") or button.get("payload") or "")
    if button.get("type") == "web_url" and button.get("url"):
        return {"type": "openUrl", "title": title, "value": button["url"]}
    payload = str(button.get("payload") or title)
    return {
        "type": "messageBack",
        "title": title,
        "displayText": title,
        "text": payload,
        "value": {"payload": payload},
    }


def _paragraphs(text: str) -> list[list[str]]:
    """The text's paragraphs (blank-line separated), each as its lines."""
    blocks = _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [block.strip("\n").split("\n") for block in blocks if block.strip()]


def _is_bullet_list(lines: list[str]) -> bool:
    return all(_BULLET_ITEM.match(line) for line in lines)


def _is_numbered_list(lines: list[str]) -> bool:
    return bool(_NUMBERED_ITEM.match(lines[0])) and all(
        _NUMBERED_ITEM.match(line) or _CONTINUATION.match(line) for line in lines
    )


def teams_markdown(text: str) -> str:
    """The text for a message with textFormat markdown: unchanged but for hard line breaks.

    Teams reads "- " and "1. " paragraphs as lists and **bold** as bold already, but joins a
    single "\n" into the line before it (MicrosoftDocs/msteams-docs#740), so every line break
    that does not start a list item gets Markdown's two trailing spaces. A numbered item's
    continuation line ("   Contact: ...") thereby stays inside the item, on its own line.
    """
    paragraphs = []
    for lines in _paragraphs(text):
        joined = lines[0]
        for line in lines[1:]:
            starts_item = _BULLET_ITEM.match(line) or _NUMBERED_ITEM.match(line)
            joined = joined.rstrip(" ") + ("\n" if starts_item else _MARKDOWN_HARD_BREAK) + line
        paragraphs.append(joined)
    return "\n\n".join(paragraphs)


def _html_inline(line: str) -> str:
    """One line as escaped HTML: **bold** as <strong>, bare http(s) URLs as links."""

    def linked(text: str) -> str:
        parts, last = [], 0
        for match in _URL.finditer(text):
            url = _TRAILING_PUNCTUATION.sub("", match.group())
            parts.append(html.escape(text[last : match.start()], quote=False))
            parts.append(f'<a href="{html.escape(url)}">{html.escape(url, quote=False)}</a>')
            last = match.start() + len(url)
        parts.append(html.escape(text[last:], quote=False))
        return "".join(parts)

    parts, last = [], 0
    for match in _BOLD.finditer(line):
        parts.append(linked(line[last : match.start()]))
        parts.append(f"<strong>{linked(match.group(1))}</strong>")
        last = match.end()
    parts.append(linked(line[last:]))
    return "".join(parts)


def hero_card_html(text: str) -> str:
    """The text for a hero card, whose `text` Teams renders as a subset of HTML, not Markdown.

    Microsoft documents <strong>, <ul>, <ol>, <li> and <a> for hero and thumbnail cards, and a
    "\n" there is not shown as a line break (microsoft/botframework-sdk#3182), so lines are
    joined with <br>. Everything else is escaped: "<b>" in the text stays "<b>" on screen.
    """
    blocks: list[tuple[str, str]] = []
    for lines in _paragraphs(text):
        if _is_bullet_list(lines):
            items = "".join(
                f"<li>{_html_inline(_BULLET_ITEM.sub('', line, 1))}</li>" for line in lines
            )
            blocks.append(("list", f"<ul>{items}</ul>"))
        elif _is_numbered_list(lines):
            numbered: list[list[str]] = []
            for line in lines:
                if _NUMBERED_ITEM.match(line):
                    numbered.append([_NUMBERED_ITEM.sub("", line, 1)])
                else:
                    numbered[-1].append(_CONTINUATION.sub("", line, 1))
            items = "".join(
                "<li>" + "<br>".join(_html_inline(part) for part in item) + "</li>"
                for item in numbered
            )
            start = int(_NUMBERED_ITEM.match(lines[0]).group(1))  # type: ignore[union-attr]
            opening = "<ol>" if start == 1 else f'<ol start="{start}">'
            blocks.append(("list", f"{opening}{items}</ol>"))
        else:
            blocks.append(("text", "<br>".join(_html_inline(line) for line in lines)))
    rendered = ""
    for index, (kind, block) in enumerate(blocks):
        # Lists are blocks that bring their own spacing; paragraphs need an empty line.
        if index and kind == "text" and blocks[index - 1][0] == "text":
            rendered += "<br><br>"
        rendered += block
    return rendered


def hero_card(text: str, buttons: list[dict[str, Any]]) -> dict[str, Any]:
    """A hero card attachment; `text` (not Rasa's `subtitle`) because Teams wraps it in full."""
    return {
        "contentType": _HERO_CARD,
        "content": {
            "text": hero_card_html(text),
            "buttons": [card_action(button) for button in buttons],
        },
    }


def submitted_text(value: Mapping[str, Any]) -> str:
    """What an Adaptive Card Action.Submit or messageBack means, as a user message."""
    for key in ("payload", "text", "message"):
        if isinstance(value.get(key), str) and value[key].strip():
            return value[key].strip()
    return json.dumps(value, sort_keys=True)


def _without_bot_mentions(text: str, activity: Mapping[str, Any]) -> str:
    """In channels and group chats Teams only delivers messages that @mention the bot."""
    bot_id = (activity.get("recipient") or {}).get("id")
    for entity in activity.get("entities") or []:
        if (
            isinstance(entity, dict)
            and entity.get("type") == "mention"
            and (entity.get("mentioned") or {}).get("id") == bot_id
            and entity.get("text")
        ):
            text = text.replace(entity["text"], " ")
    return " ".join(text.split())


def incoming_message(activity: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The user's message and metadata, or None for activities that are not messages.

    Metadata deliberately leaves out attachments (Teams attaches an HTML copy of what was
    typed), card values and display names: RedactingTrackerStore scrubs event text but not
    metadata, so anything identifying placed there would be stored as typed.
    """
    if activity.get("type") != "message":
        return None
    text = _without_bot_mentions(str(activity.get("text") or ""), activity)
    value = activity.get("value")
    if isinstance(value, dict) and (value.get("payload") or not text):
        text = submitted_text(value)
    conversation_type = (activity.get("conversation") or {}).get("conversationType", "personal")
    return text, {"teams": {"conversation_type": conversation_type}}


class HttpSession:
    """One aiohttp session, opened lazily: channels are built before Sanic starts its loop."""

    def __init__(self, timeout_seconds: float = HTTP_TIMEOUT_SECONDS) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None

    def get(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def get_json(self, url: str) -> Any:
        async with self.get().get(url) as reply:
            if reply.status != 200:
                raise ConnectorError(f"GET {url} answered {reply.status}")
            return await reply.json(content_type=None)


class BotFrameworkAuth:
    """Checks the JWT the Bot Connector sends with every activity, as the SDKs do."""

    def __init__(
        self,
        app_id: str,
        http: HttpSession,
        openid_metadata_url: str = DEFAULT_OPENID_METADATA_URL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app_id = app_id
        self._http = http
        self._metadata_url = openid_metadata_url
        self._clock = clock
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched_at = -math.inf
        self._lock = asyncio.Lock()

    async def validate(
        self, auth_header: str | None, service_url: str | None, channel_id: str | None = None
    ) -> dict[str, Any]:
        """The token's claims; raises Unauthorized for anything the Connector would not send."""
        match = _BEARER.match(auth_header or "")
        if not match:
            raise Unauthorized("no Bearer token in the Authorization header")
        token = match.group(1)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise Unauthorized(f"malformed token: {error}") from error
        if header.get("alg") != "RS256":
            raise Unauthorized(f"unexpected signing algorithm {header.get('alg')!r}")
        key = await self._key(str(header.get("kid")))
        endorsements = key.get("endorsements")
        if channel_id and isinstance(endorsements, list) and channel_id not in endorsements:
            raise Unauthorized(f"signing key is not endorsed for channel {channel_id!r}")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=RSAAlgorithm.from_jwk(key),
                algorithms=["RS256"],
                audience=self.app_id,
                issuer=BOT_FRAMEWORK_ISSUER,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except (jwt.PyJWTError, ValueError) as error:
            raise Unauthorized(f"token rejected: {error}") from error
        claimed_url = claims.get("serviceurl", claims.get("serviceUrl"))
        if claimed_url is not None and str(claimed_url).rstrip("/") != (service_url or "").rstrip(
            "/"
        ):
            raise Unauthorized("token was issued for a different serviceUrl")
        return claims

    async def _key(self, kid: str) -> dict[str, Any]:
        async with self._lock:
            age = self._clock() - self._fetched_at
            if age > KEY_CACHE_SECONDS or (kid not in self._keys and age > KEY_REFETCH_MIN_SECONDS):
                await self._refresh()
        if kid not in self._keys:
            raise Unauthorized(f"unknown signing key {kid!r}")
        return self._keys[kid]

    async def _refresh(self) -> None:
        """Keeps the old keys if Microsoft cannot be reached, so an outage does not lock us out."""
        try:
            metadata = await self._http.get_json(self._metadata_url)
            jwks = await self._http.get_json(metadata["jwks_uri"])
            self._keys = {key["kid"]: key for key in jwks["keys"]}
            self._fetched_at = self._clock()
        except (
            aiohttp.ClientError,
            asyncio.TimeoutError,
            ConnectorError,
            KeyError,
            TypeError,
        ) as error:
            logger.error(
                "Could not fetch Bot Framework signing keys from %s: %r", self._metadata_url, error
            )


class ConnectorTokens:
    """The bot's own token for calling the Bot Connector, cached until shortly before expiry."""

    def __init__(
        self,
        app_id: str,
        app_password: str,
        url: str,
        http: HttpSession,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._form = {
            "grant_type": "client_credentials",
            "client_id": app_id,
            "client_secret": app_password,
            "scope": BOT_FRAMEWORK_SCOPE,
        }
        self.url = url
        self._http = http
        self._clock = clock
        self._token: str | None = None
        self._renew_at = -math.inf
        self._lock = asyncio.Lock()

    async def authorization(self) -> str:
        """The Authorization header value; one fetch even when replies are sent concurrently."""
        async with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                await self._fetch()
            return f"Bearer {self._token}"

    def forget(self) -> None:
        """Drop a token the Connector refused, e.g. after the secret was rotated."""
        self._token = None

    async def _fetch(self) -> None:
        async with self._http.get().post(self.url, data=self._form) as reply:
            if reply.status != 200:
                raise ConnectorError(
                    f"token endpoint answered {reply.status}: {(await reply.text())[:300]}"
                )
            body = await reply.json(content_type=None)
        if not isinstance(body, dict) or not body.get("access_token"):
            raise ConnectorError("token endpoint answered without an access_token")
        self._token = str(body["access_token"])
        lifetime = int(body.get("expires_in", 3600))
        self._renew_at = self._clock() + max(lifetime - TOKEN_RENEW_MARGIN_SECONDS, 0)


class TeamsOutput(OutputChannel):
    """Replies in the conversation (and thread) the incoming activity came from."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    def __init__(
        self, tokens: ConnectorTokens, http: HttpSession, activity: Mapping[str, Any]
    ) -> None:
        self._tokens = tokens
        self._http = http
        self._bot = activity["recipient"]
        self._conversation_id = str(activity["conversation"]["id"])
        self._reply_to_id = activity.get("id")
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
            "recipient": {"id": recipient_id},
            "conversation": {"id": self._conversation_id},
            **fields,
        }
        if self._reply_to_id:
            activity["replyToId"] = self._reply_to_id
        return activity

    async def send(self, activity: dict[str, Any]) -> None:
        """Logs failures instead of raising, as Rasa's channels do, so the turn is still saved."""
        try:
            await self._post(activity)
        except ConnectorError as error:
            logger.error("Teams reply not delivered: %s", error)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error("Teams reply not delivered: %r", error)

    async def _post(self, activity: dict[str, Any]) -> None:
        headers = {"Authorization": await self._tokens.authorization()}
        async with self._http.get().post(
            URL(self.url, encoded=True), json=activity, headers=headers
        ) as reply:
            if reply.status == 401:
                self._tokens.forget()
            if reply.status >= 300:
                raise ConnectorError(
                    f"Bot Connector answered {reply.status}: {(await reply.text())[:300]}"
                )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """One activity per message (Rasa splits paragraphs), so answers arrive as one post."""
        await self.send(
            self._activity(recipient_id, text=teams_markdown(text), textFormat="markdown")
        )

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send(self._activity(recipient_id, attachments=[hero_card(text, buttons)]))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        card = {"contentType": _HERO_CARD, "content": {"images": [{"url": image}]}}
        await self.send(self._activity(recipient_id, attachments=[card]))

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        """Lets a response carry e.g. an Adaptive Card attachment as-is."""
        await self.send({**self._activity(recipient_id), **json_message})


class TeamsInput(BotFrameworkInput):
    """Bot Framework input for Teams: async, single-tenant aware, payload-preserving."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Blank optional values count as unset: Rasa fails on unset variables, not empty ones."""
        if not credentials:
            cls.raise_missing_credentials_exception()

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
    ) -> None:
        # BotFrameworkInput.__init__ is skipped on purpose: it downloads the signing keys with a
        # blocking request while the channel is built; BotFrameworkAuth fetches them on demand.
        self.app_id = app_id
        self.app_password = app_password
        self.http = HttpSession()
        self.auth = BotFrameworkAuth(
            app_id, self.http, openid_metadata_url or DEFAULT_OPENID_METADATA_URL
        )
        self.tokens = ConnectorTokens(
            app_id, app_password, token_url or token_endpoint(app_tenant_id), self.http
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        teams_webhook = Blueprint("teams_webhook", __name__)

        @teams_webhook.listener("after_server_stop")
        async def close_session(_app: Any, _loop: Any) -> None:
            await self.http.close()

        @teams_webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @teams_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            activity = _json_object(request)
            try:
                await self.auth.validate(
                    request.headers.get("Authorization"),
                    activity.get("serviceUrl"),
                    activity.get("channelId"),
                )
            except Unauthorized as error:
                logger.warning("Rejected Teams request: %s", error)
                return response.text("Unauthorized", status=401)
            message = incoming_message(activity)
            if message is None:
                return response.text("", status=200)
            try:
                output = TeamsOutput(self.tokens, self.http, activity)
                sender_id = str(activity["from"]["id"])
            except (KeyError, TypeError):
                return response.text(
                    "Activity lacks from, recipient, conversation or serviceUrl.", status=400
                )
            text, metadata = message
            try:
                await on_new_message(
                    UserMessage(
                        text, output, sender_id, input_channel=self.name(), metadata=metadata
                    )
                )
            except Exception:
                logger.exception("Exception when handling a Teams message")
            return response.text("success")

        return teams_webhook


def _json_object(request: Request) -> dict[str, Any]:
    """The body as a dict, or {} so validation still runs (and fails) on junk bodies."""
    try:
        body = request.json
    except InvalidUsage:
        return {}
    return body if isinstance(body, dict) else {}
