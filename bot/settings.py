"""Deployment settings, read from the environment so the partnership configures without code.

Every `RPA_*` variable the assistant's Python reads is named and read here, once, and each has a
row in the README's configuration table (tests/test_settings.py checks both ways). Every setting
has a default that works from a fresh clone on a developer's machine. The variables Rasa, the
libraries or the system define (TEAMS_APP_* in credentials-teams.yml, SANIC_*, TF_*,
OPENBLAS_NUM_THREADS, SQLALCHEMY_SILENCE_UBER_WARNING, PGPASSWORD, PATH, HOME, LANG) are read
or set where they are used, since their names and meaning are not the assistant's. endpoints.yml and
endpoints-cluster.yml read RPA_TRACKER_*, RPA_ACTION_ENDPOINT_URL and RPA_ACTION_TOKEN through
Rasa's own `${...}` substitution.
"""

from __future__ import annotations

import enum
import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CURRENT_MODEL = PROJECT_ROOT / "models" / "current.tar.gz"
"""A link to the model for the current data (`make model` moves it), so the cluster's units
never need rendering again after a retraining: restarting the instances is enough."""

# The content and its database.
ENV_DATABASE_URL = "RPA_DATABASE_URL"
"""The assistant's own database (knowledge, feedback, usage events, workshops, trainer records):
any SQLAlchemy URL, so a cluster shares one PostgreSQL database; SQLite under var/ by default."""
ENV_KNOWLEDGE_DIR = "RPA_KNOWLEDGE_DIR"
"""Where the content YAML lives: a test or another partnership's set points elsewhere."""
ENV_LINKS_FILE = "RPA_LINKS_FILE"
"""The partnership's URLs for the links the audits leave blank (`links: {id: url}`), kept out
of knowledge/ because they are the deployment's, not the audits'."""
ENV_LINK_PREFIX = "RPA_LINK_"
"""RPA_LINK_<ID> sets one link, for a deployment that sets a single URL without a file."""
ENV_CONFIRMATIONS_FILE = "RPA_CONFIRMATIONS_FILE"
"""The partnership's confirmations and signed sign-off sheets (YAML): outside knowledge/ because
they are the partnership's word on the content (written by `knowledge sign` and the sign-off
page)."""
ENV_MAX_CONTENT_AGE_DAYS = "RPA_MAX_CONTENT_AGE_DAYS"
"""Days after which a key message's review is due: the partnership sets its own review cycle."""
DEFAULT_MAX_CONTENT_AGE_DAYS = 365
"""Content reviewed longer ago than this is listed as due for review."""
ENV_MAX_SOURCE_AGE_DAYS = "RPA_MAX_SOURCE_AGE_DAYS"
"""Days after which a fact copied from a public web page (`copied_on`) is listed for review."""
DEFAULT_MAX_SOURCE_AGE_DAYS = 180
"""A fact copied from a public web page longer ago than this is listed for checking again."""

# Conversations (Rasa's tracker store).
ENV_TRACKER_URL = "RPA_TRACKER_URL"
"""The conversation store as a SQLAlchemy URL (the cluster's PostgreSQL): endpoints-cluster.yml
gives it to Rasa, and `retention purge` and `db create` find the same store by it."""
ENV_TRACKER_DIALECT = "RPA_TRACKER_DIALECT"
"""endpoints.yml's dialect of the conversation store; `make run` sets sqlite."""
ENV_TRACKER_DB = "RPA_TRACKER_DB"
"""endpoints.yml's conversation database (a file for SQLite); `make run` sets var/'s."""
DEFAULT_TRACKER_DB = PROJECT_ROOT / "var" / "conversations.db"
"""Where `make run` keeps conversations (bot.tooling.serve.ServerConfig.tracker_db)."""
ENV_RETENTION_DAYS = "RPA_RETENTION_DAYS"
"""Days a conversation is kept after its last message (UK GDPR storage limitation): the
partnership decides, the tracker store and `make retention` apply it."""
DEFAULT_RETENTION_DAYS = 30
"""A conversation is about one practice question: a month covers coming back to it, and a
practitioner who returns later starts afresh."""
ENV_TRUST_REQUEST_ID = "RPA_TRUST_REQUEST_ID"
"""1 where a balancer replaces every request's X-Request-ID (deploy/rpa.env): only then may a
retried request be answered from the store, since a client could otherwise choose ids."""

# Who may use which door (bot/web/security.py).
ENV_MODE = "RPA_MODE"
"""production puts the assistant in front of a workforce (REST closed to callers without the
token, Secure cookies, a refused start without the settings production needs)."""
ENV_REST_TOKEN = "RPA_REST_TOKEN"
"""The bearer token the REST channel asks for in production; `make eval` and the bench send it."""
ENV_ACTION_TOKEN = "RPA_ACTION_TOKEN"
"""The token Rasa sends the action server, so nothing else on the network runs actions."""
ENV_ACTION_ENDPOINT_URL = "RPA_ACTION_ENDPOINT_URL"
"""Where Rasa finds the action server (endpoints.yml): `make run` and the cluster set it to
their own action server, a deployer to theirs behind TLS."""
ENV_CORS_ORIGINS = "RPA_CORS_ORIGINS"
"""Browser origins allowed to use the web chat: the intranet pages that embed it."""
DEFAULT_CORS_ORIGINS = "http://localhost:5005"
MIN_TOKEN_CHARS = 32
"""A shared secret shorter than this is refused: 32 characters of `secrets.token_urlsafe`
carry 190 bits, far beyond guessing over HTTP."""
ENV_PUBLIC_URL = "RPA_PUBLIC_URL"
"""The assistant's public address (scheme and host, optionally a path prefix): links the chat
gives to its own pages (handouts, the workshop page) are absolute when it is set, since Teams
cannot follow a relative link; relative otherwise."""
ENV_TRUSTED_PROXIES = "RPA_TRUSTED_PROXIES"
"""Addresses (or networks, e.g. 10.0.0.0/24) of the proxies in front of the assistant: only a
request from one of them is believed about the client's address, scheme and host
(X-Forwarded-For, -Proto, -Host). Unset, no forwarded header is believed."""
ENV_ALLOWED_HOSTS = "RPA_ALLOWED_HOSTS"
"""Host names the assistant answers to (space- or comma-separated); unset, RPA_PUBLIC_URL's
host and the loopback names. Any other Host header is refused, so a DNS-rebinding page cannot
reach a developer's copy under a name of its own."""
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")

# The trainer pages' sign-in (bot/web/trainer.py, oidc.py).
ENV_TRAINER_PASSWORD_HASH = "RPA_TRAINER_PASSWORD_HASH"
"""The scrypt hash of the trainer password (`python -m bot trainer hash`): the password itself
is never stored, and neither belongs in the repository."""
ENV_SESSION_SECRET = "RPA_SESSION_SECRET"
"""Signs the trainer's session cookies: the same for every instance of a cluster, so a trainer
signed in on one is signed in on all; unset, each start makes one and sessions end with it."""
ENV_REDIS_PASSWORD = "RPA_REDIS_PASSWORD"
"""The cluster's Redis password (lock store and trainer sessions): generated into the
deployment's secrets.env and given to Rasa through endpoints-cluster.yml."""
ENV_OIDC_ISSUER = "RPA_OIDC_ISSUER"
"""The organisation's OpenID Connect provider (Entra ID: .../<tenant id>/v2.0): set, the sign-in
page offers signing in with the organisation's account, so no shared password is needed."""
ENV_OIDC_CLIENT_ID = "RPA_OIDC_CLIENT_ID"
"""The assistant's registration at the provider; needed with RPA_OIDC_ISSUER."""
ENV_OIDC_CLIENT_SECRET = "RPA_OIDC_CLIENT_SECRET"
"""The registration's secret; needed with RPA_OIDC_ISSUER."""
ENV_OIDC_TRAINER_ROLE = "RPA_OIDC_TRAINER_ROLE"
"""The `roles` claim value that makes someone a trainer, if the organisation names it otherwise."""
DEFAULT_OIDC_TRAINER_ROLE = "Trainer"
ENV_OIDC_LEAD_ROLE = "RPA_OIDC_LEAD_ROLE"
"""The `roles` claim value of the learning lead (insights), if named otherwise."""
DEFAULT_OIDC_LEAD_ROLE = "LearningLead"

# Features.
ENV_CHROMIUM = "RPA_CHROMIUM"
"""The browser that prints handout PDFs: a deployment's may live elsewhere."""
DEFAULT_CHROMIUM = "/usr/bin/chromium"
ENV_INSIGHTS_RETENTION_DAYS = "RPA_INSIGHTS_RETENTION_DAYS"
"""Days anonymous usage events are kept: the partnership decides how far back it plans from."""
DEFAULT_INSIGHTS_RETENTION_DAYS = 730
"""Anonymous usage events are kept two years, long enough to plan the next audits on."""
ENV_INSIGHTS_LOW_CONFIDENCE = "RPA_INSIGHTS_LOW_CONFIDENCE"
"""The confidence below which insights count an answer apart, as possibly wrong."""
DEFAULT_INSIGHTS_LOW_CONFIDENCE = 0.5
"""Insights count an answer given with less confidence than this apart, as possibly wrong:
the model's own bar for answering on the key message alone (understanding.CLEAR_THRESHOLD)."""
ENV_WORKSHOP_CODE_HOURS = "RPA_WORKSHOP_CODE_HOURS"
"""How long a live workshop's join code works: a code that works forever could be passed on."""
DEFAULT_WORKSHOP_CODE_HOURS = 4
"""A workshop's join code works this long after the start (a half-day session), or until the
trainer ends it."""
ENV_COVERAGE_HELD_OUT = "RPA_COVERAGE_HELD_OUT"
"""Released blind sets (ids, comma-separated) whose questions the coverage judge and the urgent
model leave out of their examples, so a set is scored leave-one-set-out (bot/dialogue/coverage.py,
bot/safeguards/urgent_retrieval.py); unset in production, where every released set is used."""
ENV_CLOCK = "RPA_CLOCK"
"""A fixed time for the server (ISO date and time, UK time unless it gives an offset; or
@<file> holding one), so tests check which urgent contact applies at 2am or on a bank holiday
against the clock, not around it; unset in production, where the clock is the real one."""
UK_TIME = ZoneInfo("Europe/London")


def _env(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    """The given environment (a test's, a unit's file), else the process's."""
    return os.environ if environ is None else environ


@dataclass(frozen=True)
class Settings:
    database_url: str
    knowledge_dir: Path
    links_file: Path | None
    confirmations_file: Path | None = None
    """The partnership's confirmations of contacts marked review_before_go_live (YAML)."""


def default_database_url() -> str:
    return f"sqlite:///{PROJECT_ROOT / 'var' / 'knowledge.db'}"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings of this process, or of another's `environ` (a cluster's units)."""
    env = os.environ if environ is None else environ
    links_file = env.get(ENV_LINKS_FILE)
    confirmations_file = env.get(ENV_CONFIRMATIONS_FILE)
    return Settings(
        database_url=configured_database_url(env) or default_database_url(),
        knowledge_dir=Path(env.get(ENV_KNOWLEDGE_DIR) or PROJECT_ROOT / "knowledge"),
        links_file=Path(links_file) if links_file else None,
        confirmations_file=Path(confirmations_file) if confirmations_file else None,
    )


def _whole_number(
    name: str, default: int, unit: str, environ: Mapping[str, str] | None = None
) -> int:
    """A setting that is a whole number of `unit`, 1 or more; ValueError says what to set."""
    value = _env(environ).get(name)
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name}={value!r}: a whole number of {unit}, 1 or more")
    return int(value)


def insights_retention_days(environ: Mapping[str, str] | None = None) -> int:
    return _whole_number(
        ENV_INSIGHTS_RETENTION_DAYS, DEFAULT_INSIGHTS_RETENTION_DAYS, "days", environ
    )


def insights_low_confidence(environ: Mapping[str, str] | None = None) -> float:
    """RPA_INSIGHTS_LOW_CONFIDENCE, a number from 0 to 1; ValueError says what to set."""
    value = _env(environ).get(ENV_INSIGHTS_LOW_CONFIDENCE) or ""
    if not value.strip():
        return DEFAULT_INSIGHTS_LOW_CONFIDENCE
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{ENV_INSIGHTS_LOW_CONFIDENCE}={value!r}: a number from 0 to 1, e.g. 0.5")
    return number


def workshop_code_hours(environ: Mapping[str, str] | None = None) -> int:
    return _whole_number(ENV_WORKSHOP_CODE_HOURS, DEFAULT_WORKSHOP_CODE_HOURS, "hours", environ)


def public_url(environ: Mapping[str, str] | None = None) -> str | None:
    """RPA_PUBLIC_URL without its trailing slash, or None when unset; only http(s), with a
    host and without query or fragment, since it prefixes every link the chat gives."""
    value = (_env(environ).get(ENV_PUBLIC_URL) or "").strip()
    if not value:
        return None
    parsed = urlsplit(value)
    if (
        parsed.scheme not in ("http", "https")
        or not parsed.netloc
        or parsed.query
        or parsed.fragment
    ):
        raise ValueError(
            f"{ENV_PUBLIC_URL}={value!r}: an http(s) address such as https://assistant.example.org"
        )
    return value.rstrip("/")


def trusted_proxies(
    environ: Mapping[str, str] | None = None,
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """RPA_TRUSTED_PROXIES as networks; ValueError names the entry that is not an address."""
    value = _env(environ).get(ENV_TRUSTED_PROXIES) or ""
    networks = []
    for entry in value.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(
                f"{ENV_TRUSTED_PROXIES}: {entry!r} is not an address or network such as "
                "127.0.0.1 or 10.0.0.0/24"
            ) from None
    return tuple(networks)


def allowed_hosts(environ: Mapping[str, str] | None = None) -> frozenset[str]:
    """The host names (lower case, without port) requests may name in their Host header."""
    env = _env(environ)
    listed = (env.get(ENV_ALLOWED_HOSTS) or "").replace(",", " ").split()
    if listed:
        return frozenset(host.lower() for host in listed)
    public = public_url(env)
    own = {urlsplit(public).hostname or ""} if public else set()
    return frozenset({*LOOPBACK_HOSTS, *own} - {""})


def link_override_variable(link_id: str) -> str:
    """The environment variable that sets one link, e.g. RPA_LINK_ESCALATION_POLICY."""
    return ENV_LINK_PREFIX + link_id.upper().replace("-", "_")


def now(environ: Mapping[str, str] | None = None) -> datetime:
    """The time in the UK: RPA_CLOCK when it is set, else the real time."""
    value = (_env(environ).get(ENV_CLOCK) or "").strip()
    if value.startswith("@"):
        # A file holding the time: a test moves a running server's clock by rewriting it.
        value = Path(value[1:]).read_text(encoding="utf-8").strip()
    if not value:
        return datetime.now(UK_TIME)
    try:
        fixed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{ENV_CLOCK}={value!r}: an ISO date and time such as 2026-12-05T11:00"
        ) from None
    if fixed.tzinfo is None:
        return fixed.replace(tzinfo=UK_TIME)
    return fixed.astimezone(UK_TIME)


class ConfigurationError(Exception):
    """The deployment's settings are unsafe or malformed; the message says what to set."""


def configured_database_url(environ: Mapping[str, str] | None = None) -> str | None:
    """RPA_DATABASE_URL as set, None when unset: a command says whose database it used."""
    return _env(environ).get(ENV_DATABASE_URL) or None


def max_content_age_days(environ: Mapping[str, str]) -> int:
    """The deployment may review more or less often than DEFAULT_MAX_CONTENT_AGE_DAYS."""
    return int(environ.get(ENV_MAX_CONTENT_AGE_DAYS) or DEFAULT_MAX_CONTENT_AGE_DAYS)


def max_source_age_days(environ: Mapping[str, str]) -> int:
    return int(environ.get(ENV_MAX_SOURCE_AGE_DAYS) or DEFAULT_MAX_SOURCE_AGE_DAYS)


def link_override(link_id: str, environ: Mapping[str, str]) -> str | None:
    """The URL RPA_LINK_<ID> sets for one link, None when unset (set empty, it blanks the link)."""
    return environ.get(link_override_variable(link_id))


def conversation_retention_days(environ: Mapping[str, str] | None = None) -> int:
    """RPA_RETENTION_DAYS, a whole number of days, 1 or more (default 30)."""
    return _whole_number(ENV_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, "days", environ)


def configured_tracker_url(environ: Mapping[str, str] | None = None) -> str | None:
    """RPA_TRACKER_URL as set, None when unset (then `make run`'s SQLite file is meant)."""
    return _env(environ).get(ENV_TRACKER_URL) or None


def tracker_url(environ: Mapping[str, str]) -> str:
    """The conversation store's SQLAlchemy URL, as endpoints-cluster.yml (RPA_TRACKER_URL) or
    endpoints.yml (an SQLite file) would configure it from this environment."""
    configured = configured_tracker_url(environ)
    if configured:
        return configured
    dialect = environ.get(ENV_TRACKER_DIALECT) or "sqlite"
    if dialect != "sqlite":
        raise ValueError(f"{ENV_TRACKER_DIALECT}={dialect}: set {ENV_TRACKER_URL} to its URL")
    return f"sqlite:///{environ.get(ENV_TRACKER_DB) or DEFAULT_TRACKER_DB}"


def trust_request_id(environ: Mapping[str, str] | None = None) -> bool:
    """Whether RPA_TRUST_REQUEST_ID is 1: only then is the balancer's request id believed."""
    return _env(environ).get(ENV_TRUST_REQUEST_ID) == "1"


def chromium_path(environ: Mapping[str, str] | None = None) -> str:
    return _env(environ).get(ENV_CHROMIUM) or DEFAULT_CHROMIUM


class Mode(enum.Enum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Mode:
        value = (environ.get(ENV_MODE) or cls.DEVELOPMENT.value).strip().lower()
        try:
            return cls(value)
        except ValueError:
            raise ConfigurationError(
                f"{ENV_MODE}={value!r}: expected 'production' or 'development'"
            ) from None


def shared_secret(environ: Mapping[str, str], name: str) -> str | None:
    """The token in `name`, None when unset; a token too short to be safe is refused."""
    token = (environ.get(name) or "").strip()
    if not token:
        return None
    if len(token) < MIN_TOKEN_CHARS:
        raise ConfigurationError(
            f"{name} must be at least {MIN_TOKEN_CHARS} characters, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    return token


def rest_token(environ: Mapping[str, str]) -> str | None:
    """The token REST callers must present: required in production, where starting without it
    is refused (an open REST channel would let anyone on the network read any conversation
    whose sender id they guess, bypassing the web chat's random ids)."""
    token = shared_secret(environ, ENV_REST_TOKEN)
    if token is None and Mode.from_environment(environ) is Mode.PRODUCTION:
        raise ConfigurationError(
            f"{ENV_MODE}=production needs {ENV_REST_TOKEN}: the REST channel only answers "
            f"callers with `Authorization: Bearer <{ENV_REST_TOKEN}>`"
        )
    return token


def client_rest_token(environ: Mapping[str, str] | None = None) -> str | None:
    """RPA_REST_TOKEN as a client of the REST channel presents it (`make eval`, the bench):
    unchecked, since the server it talks to is the one that judges it."""
    return _env(environ).get(ENV_REST_TOKEN) or None


def cors_origins(environ: Mapping[str, str] | None = None) -> str:
    """RPA_CORS_ORIGINS as set (space-separated), else the server's own page on localhost."""
    return _env(environ).get(ENV_CORS_ORIGINS) or DEFAULT_CORS_ORIGINS


def trainer_password_hash(environ: Mapping[str, str] | None = None) -> str:
    """RPA_TRAINER_PASSWORD_HASH, stripped; empty when unset."""
    return _env(environ).get(ENV_TRAINER_PASSWORD_HASH, "").strip()


def session_secret(environ: Mapping[str, str] | None = None) -> str:
    """RPA_SESSION_SECRET as set (empty when unset: each start then makes a random one)."""
    return _env(environ).get(ENV_SESSION_SECRET, "")


def oidc_issuer(environ: Mapping[str, str] | None = None) -> str:
    """RPA_OIDC_ISSUER, stripped; empty when the organisation's sign-in is not configured."""
    return _env(environ).get(ENV_OIDC_ISSUER, "").strip()


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str
    trainer_role: str = DEFAULT_OIDC_TRAINER_ROLE
    lead_role: str = DEFAULT_OIDC_LEAD_ROLE

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> OidcSettings | None:
        """None when RPA_OIDC_ISSUER is unset; ValueError names a missing companion setting."""
        issuer = oidc_issuer(environ).rstrip("/")
        if not issuer:
            return None
        client_id = (environ.get(ENV_OIDC_CLIENT_ID) or "").strip()
        client_secret = (environ.get(ENV_OIDC_CLIENT_SECRET) or "").strip()
        if not client_id or not client_secret:
            raise ValueError(
                f"{ENV_OIDC_ISSUER} is set: set {ENV_OIDC_CLIENT_ID} and {ENV_OIDC_CLIENT_SECRET}"
            )
        return cls(
            issuer,
            client_id,
            client_secret,
            (environ.get(ENV_OIDC_TRAINER_ROLE) or DEFAULT_OIDC_TRAINER_ROLE).strip(),
            (environ.get(ENV_OIDC_LEAD_ROLE) or DEFAULT_OIDC_LEAD_ROLE).strip(),
        )


# The servers' processes (bot/tooling/serve.py, bot/tooling/cluster/)

ENV_BIND = "RPA_BIND"
"""The interface Rasa listens on (a reverse proxy's side); the action server always listens
on 127.0.0.1."""
DEFAULT_BIND = "127.0.0.1"


def action_token(environ: Mapping[str, str] | None = None) -> str:
    """RPA_ACTION_TOKEN, or "" when unset (`make run` then makes one up for each run)."""
    return _env(environ).get(ENV_ACTION_TOKEN, "").strip()


def bind_address(environ: Mapping[str, str] | None = None) -> str:
    return _env(environ).get(ENV_BIND) or DEFAULT_BIND


def tracker_store(default_db: Path, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """RPA_TRACKER_DIALECT and RPA_TRACKER_DB as `make run` passes them on to Rasa: SQLite in
    `default_db` unless they are set."""
    env = _env(environ)
    return {
        ENV_TRACKER_DIALECT: env.get(ENV_TRACKER_DIALECT, "sqlite"),
        ENV_TRACKER_DB: env.get(ENV_TRACKER_DB, str(default_db)),
    }


def coverage_held_out(environ: Mapping[str, str] | None = None) -> frozenset[str]:
    value = _env(environ).get(ENV_COVERAGE_HELD_OUT) or ""
    return frozenset(part.strip() for part in value.split(",") if part.strip())
