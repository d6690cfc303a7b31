"""Named trainers signed in through the organisation: OpenID Connect (Microsoft Entra ID in
production), the authorization code flow with PKCE, through Authlib (pinned).

The partnership registers the assistant as an application in its identity provider, with two
app roles (by default "Trainer" and "LearningLead") assigned to its staff, and these redirect
addresses: `<RPA_PUBLIC_URL>/workshop/oidc/callback` and `<RPA_PUBLIC_URL>/insights/oidc/callback`
(sign-in), `<RPA_PUBLIC_URL>/workshop/login` and `<RPA_PUBLIC_URL>/insights/login` (back after
sign-out). It then sets RPA_OIDC_ISSUER (for Entra ID
`https://login.microsoftonline.com/<tenant id>/v2.0`),
RPA_OIDC_CLIENT_ID and RPA_OIDC_CLIENT_SECRET. The ID token's `roles` claim says what the person
may open; someone signed in without either role is refused.

What a sign-in remembers between leaving for the provider and coming back (state, nonce, PKCE
verifier, where to go next) is in the database, single use and valid for ten minutes, so the
callback may reach any instance behind the balancer.

Signing out ends the session at the provider too (OpenID Connect RP-Initiated Logout: the
provider's `end_session_endpoint`, with the ID token as `id_token_hint` and a registered
`post_logout_redirect_uri`), so the next sign-in asks the provider again: on a shared training
room PC, the next person is not signed in as the last one. The ID token is kept in the
database until then, beside the trainer session it opened.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import Column, Float, String, Text, delete
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.db import Base, prepare
from bot.settings import ENV_OIDC_ISSUER, OidcSettings
from bot.web.records import Role

logger = logging.getLogger(__name__)

SCOPES = "openid profile"
LOGIN_SECONDS = 600.0
"""How long the provider's sign-in may take before its state is refused."""
HTTP_TIMEOUT_SECONDS = 10.0
ALGORITHMS = ["RS256", "PS256", "ES256"]
CLOCK_LEEWAY_SECONDS = 120


class SignInFailed(Exception):
    """The provider's answer is not a sign-in we accept; the message says why, for the page."""


class PendingLogin(Base):
    """A sign-in under way at the provider, by its `state`."""

    __tablename__ = "oidc_pending_logins"

    state: str = Column(String(64), primary_key=True)
    nonce: str = Column(String(64), nullable=False)
    verifier: str = Column(String(128), nullable=False)
    redirect_uri: str = Column(Text, nullable=False)
    next_page: str = Column(Text, nullable=False)
    started_at: float = Column(Float, nullable=False, index=True)


class SignedInAtProvider(Base):
    """A trainer session opened through the provider, with the ID token the provider gave:
    signing out hands it back (`id_token_hint`) so the provider ends its session too."""

    __tablename__ = "oidc_signed_in"

    session_id: str = Column(String(64), primary_key=True)
    id_token: str = Column(Text, nullable=False)
    expires_at: float = Column(Float, nullable=False, index=True)


@dataclass(frozen=True)
class Person:
    """Who signed in, by the provider's word: a display name and the role it grants."""

    name: str
    role: str
    next_page: str
    id_token: str


def _get_json(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT_SECONDS) as reply:
        data = json.load(reply)
    if not isinstance(data, dict):
        raise SignInFailed(f"{url} did not answer with a JSON object")
    return data


class OidcClient:
    """The organisation's identity provider, as this assistant's client of it. Blocking (HTTP
    to the provider): the channel calls it off the event loop."""

    def __init__(self, settings: OidcSettings, engine: Engine) -> None:
        self.settings = settings
        self.engine = engine
        prepare(engine)
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None

    def metadata(self) -> dict[str, Any]:
        """The provider's discovery document, fetched once; its issuer must be the one set."""
        if self._metadata is None:
            found = _get_json(f"{self.settings.issuer}/.well-known/openid-configuration")
            if found.get("issuer") != self.settings.issuer:
                raise SignInFailed(
                    f"the provider names itself {found.get('issuer')!r}, not {ENV_OIDC_ISSUER}"
                )
            self._metadata = found
        return self._metadata

    def keys(self, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            self._keys = KeySet.import_key_set(_get_json(self.metadata()["jwks_uri"]))  # type: ignore[arg-type]
        return self._keys

    def _session(self, redirect_uri: str) -> OAuth2Session:
        return OAuth2Session(
            self.settings.client_id,
            self.settings.client_secret,
            scope=SCOPES,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
        )

    def begin(self, redirect_uri: str, next_page: str) -> str:
        """The provider's sign-in address for a new sign-in, remembered by its state."""
        state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        verifier = secrets.token_urlsafe(64)
        url, _ = self._session(redirect_uri).create_authorization_url(
            self.metadata()["authorization_endpoint"],
            state=state,
            nonce=nonce,
            code_verifier=verifier,
        )
        now = time.time()
        with Session(self.engine, future=True) as session, session.begin():
            session.execute(
                delete(PendingLogin).where(PendingLogin.started_at < now - LOGIN_SECONDS)
            )
            session.add(
                PendingLogin(
                    state=state,
                    nonce=nonce,
                    verifier=verifier,
                    redirect_uri=redirect_uri,
                    next_page=next_page,
                    started_at=now,
                )
            )
        return str(url)

    def _take(self, state: str) -> PendingLogin:
        """The sign-in this state belongs to, removed so it can be used once only."""
        with Session(self.engine, future=True, expire_on_commit=False) as session, session.begin():
            pending = session.get(PendingLogin, state[:64]) if state else None
            if pending is None:
                raise SignInFailed("this sign-in was not started here, or was already used")
            session.delete(pending)
        if pending.started_at < time.time() - LOGIN_SECONDS:
            raise SignInFailed("this sign-in took too long; start again")
        return pending

    def finish(self, state: str, code: str) -> Person:
        """Exchanges the code for tokens, checks the ID token (signature, issuer, audience,
        expiry, nonce) and returns who signed in with which role."""
        pending = self._take(state)
        try:
            token = self._session(pending.redirect_uri).fetch_token(
                self.metadata()["token_endpoint"],
                code=code,
                code_verifier=pending.verifier,
                timeout=HTTP_TIMEOUT_SECONDS,
            )
        except Exception as error:  # the provider refused the code: say so, never a 500
            logger.warning("OpenID Connect token request refused: %s", type(error).__name__)
            raise SignInFailed("the identity provider did not accept this sign-in") from None
        id_token = str(token.get("id_token") or "")
        claims = self._claims(id_token, pending.nonce)
        return Person(self._name(claims), self._role(claims), pending.next_page, id_token)

    def remember(self, session_id: str, id_token: str, expires_at: float) -> None:
        """Keeps the ID token of a trainer session until it is signed out or expires."""
        with Session(self.engine, future=True) as session, session.begin():
            session.execute(
                delete(SignedInAtProvider).where(SignedInAtProvider.expires_at < time.time())
            )
            session.add(
                SignedInAtProvider(session_id=session_id, id_token=id_token, expires_at=expires_at)
            )

    def sign_out_address(self, session_id: str, return_to: str) -> str | None:
        """Where the browser goes to end the provider's session of this trainer session, then
        back to `return_to` (registered with the provider); None when the session was not
        opened through the provider or the provider offers no sign-out. Used once."""
        with Session(self.engine, future=True) as session, session.begin():
            row = session.get(SignedInAtProvider, session_id)
            if row is None:
                return None
            id_token = row.id_token
            session.delete(row)
        endpoint = self.metadata().get("end_session_endpoint")
        if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
            return None
        query = urlencode(
            {
                "id_token_hint": id_token,
                "post_logout_redirect_uri": return_to,
                "client_id": self.settings.client_id,
            }
        )
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    def _claims(self, id_token: str, nonce: str) -> dict[str, Any]:
        try:
            try:
                decoded = jwt.decode(id_token, self.keys(), algorithms=ALGORITHMS)
            except JoseError:  # the provider may have rolled its keys since we fetched them
                decoded = jwt.decode(id_token, self.keys(refresh=True), algorithms=ALGORITHMS)
            jwt.JWTClaimsRegistry(
                leeway=CLOCK_LEEWAY_SECONDS,
                iss={"essential": True, "value": self.settings.issuer},
                aud={"essential": True, "value": self.settings.client_id},
                nonce={"essential": True, "value": nonce},
                exp={"essential": True},
                sub={"essential": True},
            ).validate(decoded.claims)
        except (JoseError, ValueError) as error:
            logger.warning("OpenID Connect ID token refused: %s", error)
            raise SignInFailed("the identity provider's answer could not be verified") from None
        return dict(decoded.claims)

    def _role(self, claims: Mapping[str, Any]) -> str:
        roles = claims.get("roles")
        granted = set(roles) if isinstance(roles, list) else set()
        if self.settings.lead_role in granted:
            return Role.LEARNING_LEAD.value
        if self.settings.trainer_role in granted:
            return Role.TRAINER.value
        raise SignInFailed(
            "your account has no trainer role for this assistant: ask the learning lead"
        )

    @staticmethod
    def _name(claims: Mapping[str, Any]) -> str:
        for claim in ("name", "preferred_username", "email", "sub"):
            value = claims.get(claim)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return "unnamed"


def oidc_from_environ(environ: Mapping[str, str] | None, engine: Engine) -> OidcClient | None:
    settings = OidcSettings.from_environ(os.environ if environ is None else environ)
    return None if settings is None else OidcClient(settings, engine)
