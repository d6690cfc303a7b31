"""The trainer credential: one password shared by the partnership's trainers, kept only as a hash.

The deployment sets `RPA_TRAINER_PASSWORD_HASH` to what `hash_password` returns (scrypt, the
format `scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>`); the password itself is never stored or
put in the repository. Without a usable hash every trainer page answers 503 and says what to
configure: a missing setting must never leave the pages open.

Signing in gives a session cookie signed with HMAC-SHA256 (`<expires>.<id>.<signature>`),
valid for eight hours, HttpOnly, SameSite=Strict, Path=/ (so the insights and workshop pages
share it) and Secure when the request came over https. The signing key is derived from
`RPA_SESSION_SECRET` and the configured hash, so changing the password ends every session;
without the secret a random one is made at start and sessions end when the server restarts.

Sign-in and sign-out (login.py) are form posts whose Origin must be this host (a page
elsewhere cannot post them, and the Origin must be this site's whole origin), and five wrong
passwords a minute from one client address make that client wait (counted in the database, so
every instance counts together); other clients can still sign in. Checks run one at a time, so
a burst of parallel guesses is held to the same limit. Sessions live in the database too
(records.py): signing out ends a session on every instance, and after a restart.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import enum
import functools
import hashlib
import hmac
import logging
import os
import secrets
import time
import unicodedata
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar, cast
from urllib.parse import quote

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.engine import Engine
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from bot.db import shared_engine
from bot.settings import (
    ENV_SESSION_SECRET,
    ENV_TRAINER_PASSWORD_HASH,
    configured_database_url,
    load_settings,
    oidc_issuer,
    session_secret,
    trainer_password_hash,
)
from bot.web.oidc import OidcClient, oidc_from_environ
from bot.web.records import Role, SessionRecords, Signed, Throttle, prepared, record_action
from bot.web.security import TEXT_HEADERS

logger = logging.getLogger(__name__)

COOKIE = "rpa_trainer_session"
SESSION_SECONDS = 8 * 60 * 60
MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 60.0
"""Five wrong passwords a minute from one client address; then that client waits. Others,
the trainer about to start a workshop among them, can still sign in."""
SIGN_IN_DOOR = "trainer sign-in"
MIN_PASSWORD_CHARS = 12
MIN_SECRET_BYTES = 32
MIN_STRENGTH_SCORE = 3
"""zxcvbn's 0-4 scale: 3 is "safely unguessable" (about 10^10 guesses), beyond any online
attack the sign-in throttle allows."""
MAX_ESTIMATED_CHARS = 100
"""zxcvbn's time grows with length; a longer password is estimated on its first 100."""
MAX_PASSWORD_CHARS = 1024
"""Longer input is refused unchecked: hashing megabytes would only help an attacker."""

# OWASP's scrypt setting (N=2^15, r=8, p=3): 32 MiB and about 0.3 s per check on one core,
# run off the event loop so the chat is not held up while a trainer signs in.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 3
SALT_BYTES = 16
DIGEST_BYTES = 32
MAX_SCRYPT_MEMORY = 256 * 1024 * 1024
"""A configured hash needing more is refused: it would exhaust the server on every sign-in."""


class InvalidHash(ValueError):
    """The configured credential is not a hash this module wrote."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: str) -> bytes:
    return base64.b64decode(value.encode("ascii"), validate=True)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    """NFKC first, so a passphrase typed with composed or decomposed accents is the same."""
    return hashlib.scrypt(
        unicodedata.normalize("NFKC", password).encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=MAX_SCRYPT_MEMORY,
        dklen=length,
    )


@dataclass(frozen=True)
class PasswordHash:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    @classmethod
    def parse(cls, encoded: str) -> PasswordHash:
        parts = encoded.strip().split("$")
        if len(parts) != 6 or parts[0] != "scrypt":
            raise InvalidHash("expected scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>")
        if not all(part.isascii() and part.isdigit() for part in parts[1:4]):
            raise InvalidHash("n, r and p must be whole numbers")
        n, r, p = (int(part) for part in parts[1:4])
        try:
            salt, digest = _unb64(parts[4]), _unb64(parts[5])
        except (binascii.Error, UnicodeEncodeError) as error:
            raise InvalidHash("salt and hash must be base64") from error
        if n < 2 or n & (n - 1) or r < 1 or p < 1:
            raise InvalidHash("n must be a power of 2 above 1; r and p at least 1")
        if 128 * r * (n + p + 2) > MAX_SCRYPT_MEMORY:
            raise InvalidHash("n, r and p need more memory than a sign-in may take")
        if len(salt) < SALT_BYTES or len(digest) < DIGEST_BYTES:
            raise InvalidHash(
                f"salt and hash must be at least {SALT_BYTES} and {DIGEST_BYTES} bytes"
            )
        return cls(n, r, p, salt, digest)

    def __str__(self) -> str:
        return f"scrypt${self.n}${self.r}${self.p}${_b64(self.salt)}${_b64(self.digest)}"

    def matches(self, password: str) -> bool:
        """Compares the whole digest in constant time, so timing tells nothing of it."""
        candidate = _scrypt(password, self.salt, self.n, self.r, self.p, len(self.digest))
        return hmac.compare_digest(candidate, self.digest)


def password_problem(password: str) -> str | None:
    """Why the shared trainer password is too weak, or None: shorter than 12 characters, one
    of the 30,000 commonest passwords (zxcvbn's list, shipped in the package), or otherwise
    easy to guess by zxcvbn's estimate ("aaaaaaaaaaaa", "Password123!")."""
    if len(password) < MIN_PASSWORD_CHARS:
        return f"the trainer password needs at least {MIN_PASSWORD_CHARS} characters"
    if len(password) > MAX_PASSWORD_CHARS:
        return f"the trainer password must be at most {MAX_PASSWORD_CHARS} characters"
    if password.lower() in _common_passwords():
        return "the trainer password is one of the commonest passwords"
    estimate = zxcvbn(password[:MAX_ESTIMATED_CHARS])
    if estimate["score"] < MIN_STRENGTH_SCORE:
        return "the trainer password is easy to guess" + "".join(
            f" ({hint.rstrip('.')})" for hint in estimate["feedback"]["suggestions"][:1]
        )
    return None


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """The value for RPA_TRAINER_PASSWORD_HASH; a fresh random salt every time. A weak password
    is refused (ValueError), with a reason and the advice that works: three random words."""
    problem = password_problem(password)
    if problem:
        raise ValueError(
            f"{problem}: three or four random words are easy to share and hard to guess"
        )
    salt = secrets.token_bytes(SALT_BYTES)
    encoded = str(PasswordHash(n, r, p, salt, _scrypt(password, salt, n, r, p, DIGEST_BYTES)))
    PasswordHash.parse(encoded)  # settings the server would refuse at start are refused now
    return encoded


def verify_password(password: str, encoded: str) -> bool:
    """Whether the password is the one `encoded` (from hash_password) was made from."""
    return len(password) <= MAX_PASSWORD_CHARS and PasswordHash.parse(encoded).matches(password)


def _urlsafe(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


SHARED_PASSWORD_NAME = "trainer password (shared)"
"""Who the record says acted, for a session opened with the shared password."""


class Sessions:
    """Signed session cookies (`<expires>.<id>.<signature>`) naming a session kept in the
    database (records.TrainerSession): who it is, the role, and whether it was signed out, so
    signing out ends a session on every instance and after a restart, even for a copied
    cookie."""

    def __init__(
        self,
        key: bytes,
        engine: Engine | None = None,
        lifetime: int = SESSION_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._key = key
        self.lifetime = lifetime
        self._clock = clock
        self.records = SessionRecords(prepared(engine), clock)

    def _signature(self, payload: str) -> str:
        return _urlsafe(hmac.new(self._key, payload.encode("ascii"), hashlib.sha256).digest())

    def issue(self, name: str = SHARED_PASSWORD_NAME, role: Role = Role.LEARNING_LEAD) -> str:
        opened = self.records.open(name, role.value, self.lifetime)
        payload = f"{int(opened.expires_at)}.{opened.session_id}"
        return f"{payload}.{self._signature(payload)}"

    def who(self, cookie: str | None) -> Signed | None:
        """The session of a cookie we signed that has not expired or been signed out."""
        if not cookie or not cookie.isascii() or cookie.count(".") != 2:
            return None
        expires, session_id, signature = cookie.split(".")
        if not hmac.compare_digest(signature, self._signature(f"{expires}.{session_id}")):
            return None
        now = self._clock()
        if not expires.isdigit() or not now < int(expires) <= now + self.lifetime:
            return None
        return self.records.find(session_id)

    def valid(self, cookie: str | None) -> bool:
        return self.who(cookie) is not None

    def sign_out(self, cookie: str | None) -> None:
        session = self.who(cookie)
        if session is not None:
            self.records.sign_out(session.session_id)


class SignIn(enum.Enum):
    SIGNED_IN = "signed in"
    WRONG_PASSWORD = "wrong password"
    LOCKED_OUT = "locked out"


class TrainerAuth:
    """The credential, the sessions and the sign-in throttle, kept in `engine`'s database
    (the assistant's own in a deployment, shared by its instances)."""

    def __init__(
        self,
        password_hash: PasswordHash | None,
        secret: bytes,
        problem: str = "",
        engine: Engine | None = None,
        clock: Callable[[], float] = time.time,
        organisation: Callable[[Engine], OidcClient | None] = lambda _engine: None,
    ) -> None:
        self.password_hash = password_hash
        self.problem = problem
        key_material = str(password_hash or "").encode("ascii")
        key = hmac.new(secret, b"rpa trainer session\x00" + key_material, hashlib.sha256).digest()
        self.engine = prepared(engine)
        self.oidc = organisation(self.engine)
        """Sign-in through the organisation's identity provider, when one is configured."""
        self.sessions = Sessions(key, self.engine, clock=clock)
        self.throttle = Throttle(
            self.engine, SIGN_IN_DOOR, MAX_FAILURES, FAILURE_WINDOW_SECONDS, clock
        )
        self._checking = asyncio.Lock()

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> TrainerAuth:
        """Reads the credential and session secret; says in the log what is missing."""
        env = os.environ if environ is None else environ
        encoded = trainer_password_hash(env)
        password_hash, problem = None, ""
        with_provider = bool(oidc_issuer(env))
        if not encoded:
            problem = "" if with_provider else f"{ENV_TRAINER_PASSWORD_HASH} is not set."
        else:
            try:
                password_hash = PasswordHash.parse(encoded)
            except InvalidHash as error:
                problem = f"{ENV_TRAINER_PASSWORD_HASH} is not a valid hash: {error}."
        if problem:
            logger.warning("trainer pages closed (503): %s", problem)
        secret = session_secret(env).encode("utf-8")
        if not secret:
            logger.warning(
                "%s is not set: trainer sessions use a random secret and end on restart",
                ENV_SESSION_SECRET,
            )
            secret = secrets.token_bytes(32)
        elif len(secret) < MIN_SECRET_BYTES:
            logger.warning(
                "%s is shorter than %d characters: a short secret can be guessed offline",
                ENV_SESSION_SECRET,
                MIN_SECRET_BYTES,
            )
        database_url = configured_database_url(env) or (
            load_settings().database_url if environ is None else None
        )
        engine = shared_engine(database_url) if database_url else None
        return cls(
            password_hash,
            secret,
            problem,
            engine,
            organisation=lambda prepared_engine: oidc_from_environ(env, prepared_engine),
        )

    @property
    def configured(self) -> bool:
        return self.password_hash is not None or self.oidc is not None

    def signed_in(self, request: Request) -> bool:
        return self.who(request) is not None

    def who(self, request: Request) -> Signed | None:
        """The signed-in person making the request, if any."""
        if not self.configured:
            return None
        return self.sessions.who(request.cookies.get(COOKIE))

    def record(self, request: Request, action: str, subject: str) -> None:
        """Adds to the record of who started, ended or published what."""
        person = self.who(request)
        if person is not None:
            record_action(self.engine, person.name, person.role, action, subject)

    async def sign_in(self, password: str, client: str) -> SignIn:
        """One check at a time, and none for a client that guessed wrong too often, so guesses
        stay within the limit; other clients are not held up by that client's guesses."""
        password_hash = self.password_hash
        if password_hash is None:
            raise RuntimeError("no trainer password is configured")
        async with self._checking:
            if self.throttle.seconds_left(client) > 0:
                return SignIn.LOCKED_OUT
            ok = len(password) <= MAX_PASSWORD_CHARS and await asyncio.to_thread(
                password_hash.matches, password
            )
            if ok:
                self.throttle.succeeded(client)
            else:
                self.throttle.failed(client)
            return SignIn.SIGNED_IN if ok else SignIn.WRONG_PASSWORD

    def closed(self) -> HTTPResponse:
        """The 503 every trainer page gives while no credential is configured."""
        return response.text(
            "The trainer pages are closed: the trainer credential is not configured. "
            f"{self.problem} Set {ENV_TRAINER_PASSWORD_HASH} to the hash of the trainer password "
            '(README, "Insights for the partnership") and restart the assistant.',
            status=503,
            headers=dict(TEXT_HEADERS),
        )

    def refusal(
        self, request: Request, base: str, *, page_request: bool, role: Role = Role.TRAINER
    ) -> HTTPResponse | None:
        """None when the request may see trainer data; otherwise the answer it gets instead:
        503 while unconfigured, the sign-in page (303) for a page, 401 for anything else, and
        403 for a signed-in person without the role."""
        if not self.configured:
            return self.closed()
        person = self.who(request)
        if person is not None:
            if Role(person.role).allows(role):
                return None
            return response.text(
                f"This page is for the {role.value}; you are signed in as a {person.role}.",
                status=403,
                headers=dict(TEXT_HEADERS),
            )
        if page_request:
            target = request.path + (f"?{request.query_string}" if request.query_string else "")
            return response.redirect(
                f"{base}/login?next={quote(target, safe='')}",
                status=303,
                headers=dict(TEXT_HEADERS),
            )
        return response.text(
            "Sign in to the trainer pages first.", status=401, headers=dict(TEXT_HEADERS)
        )


@lru_cache(maxsize=1)
def shared_auth() -> TrainerAuth:
    """The one credential and session key of this process, for every trainer page (insights,
    workshop): one sign-in opens them all, and guesses count against one limit."""
    return TrainerAuth.from_environ()


def set_session_cookie(reply: HTTPResponse, value: str, max_age: int, secure: bool) -> None:
    """An empty value with max-age 0 is how the browser is told to forget the session."""
    reply.cookies[COOKIE] = value
    cookie = reply.cookies[COOKIE]
    cookie["path"] = "/"
    cookie["max-age"] = max_age
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    if secure:
        cookie["secure"] = True


Route = TypeVar("Route", bound=Callable[..., Awaitable[Any]])


def trainer_only(
    auth: TrainerAuth, base: str, *, page: bool = False, role: Role = Role.TRAINER
) -> Callable[[Route], Route]:
    """A route for signed-in trainers (or whoever `role` allows): anyone else gets
    `TrainerAuth.refusal`'s answer instead, and the route is not run. `page` routes send a
    browser to the sign-in form; the others (forms, data, downloads) answer 401."""

    def guard(route: Route) -> Route:
        @functools.wraps(route)
        async def guarded(request: Request, *args: Any, **kwargs: Any) -> Any:
            refused = auth.refusal(request, base, page_request=page, role=role)
            if refused is not None:
                return refused
            return await route(request, *args, **kwargs)

        return cast(Route, guarded)

    return guard
