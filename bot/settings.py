"""Deployment settings, read from the environment so the partnership configures without code.

Every setting has a default that works from a fresh clone on a developer's machine.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent

ENV_DATABASE_URL = "RPA_DATABASE_URL"
ENV_KNOWLEDGE_DIR = "RPA_KNOWLEDGE_DIR"
ENV_LINKS_FILE = "RPA_LINKS_FILE"
ENV_LINK_PREFIX = "RPA_LINK_"
ENV_CONFIRMATIONS_FILE = "RPA_CONFIRMATIONS_FILE"
ENV_MAX_CONTENT_AGE_DAYS = "RPA_MAX_CONTENT_AGE_DAYS"
ENV_MAX_SOURCE_AGE_DAYS = "RPA_MAX_SOURCE_AGE_DAYS"
"""Days after which a fact copied from a public web page (`copied_on`) is listed for review."""
ENV_INSIGHTS_RETENTION_DAYS = "RPA_INSIGHTS_RETENTION_DAYS"
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
DEFAULT_INSIGHTS_RETENTION_DAYS = 730
"""Anonymous usage events are kept two years, long enough to plan the next audits on."""
ENV_INSIGHTS_LOW_CONFIDENCE = "RPA_INSIGHTS_LOW_CONFIDENCE"
DEFAULT_INSIGHTS_LOW_CONFIDENCE = 0.5
"""Insights count an answer given with less confidence than this apart, as possibly wrong:
the model's own bar for answering on the key message alone (understanding.CLEAR_THRESHOLD)."""
ENV_WORKSHOP_CODE_HOURS = "RPA_WORKSHOP_CODE_HOURS"
ENV_CLOCK = "RPA_CLOCK"
"""A fixed time for the server (ISO date and time, UK time unless it gives an offset; or
@<file> holding one), so tests check which urgent contact applies at 2am or on a bank holiday
against the clock, not around it; unset in production, where the clock is the real one."""
UK_TIME = ZoneInfo("Europe/London")
DEFAULT_WORKSHOP_CODE_HOURS = 4
"""A workshop's join code works this long after the start (a half-day session), or until the
trainer ends it."""


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
        database_url=env.get(ENV_DATABASE_URL) or default_database_url(),
        knowledge_dir=Path(env.get(ENV_KNOWLEDGE_DIR) or PROJECT_ROOT / "knowledge"),
        links_file=Path(links_file) if links_file else None,
        confirmations_file=Path(confirmations_file) if confirmations_file else None,
    )


def _whole_number(
    name: str, default: int, unit: str, environ: Mapping[str, str] | None = None
) -> int:
    """A setting that is a whole number of `unit`, 1 or more; ValueError says what to set."""
    value = (os.environ if environ is None else environ).get(name)
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
    value = (os.environ if environ is None else environ).get(ENV_INSIGHTS_LOW_CONFIDENCE) or ""
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
    value = ((os.environ if environ is None else environ).get(ENV_PUBLIC_URL) or "").strip()
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
    value = (os.environ if environ is None else environ).get(ENV_TRUSTED_PROXIES) or ""
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
    env = os.environ if environ is None else environ
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
    value = ((os.environ if environ is None else environ).get(ENV_CLOCK) or "").strip()
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


# The servers' processes (bot/tooling/serve.py, bot/tooling/cluster/)

ENV_ACTION_TOKEN = "RPA_ACTION_TOKEN"
"""The secret Rasa sends the action server (endpoints.yml); `make run` makes one up for each
run when it is unset."""
ENV_CORS_ORIGINS = "RPA_CORS_ORIGINS"
DEFAULT_CORS_ORIGINS = "http://localhost:5005"
ENV_BIND = "RPA_BIND"
"""The interface Rasa listens on (a reverse proxy's side); the action server always listens
on 127.0.0.1."""
DEFAULT_BIND = "127.0.0.1"
ENV_TRACKER_DIALECT = "RPA_TRACKER_DIALECT"
ENV_TRACKER_DB = "RPA_TRACKER_DB"
"""Where `make run`'s Rasa keeps conversations (endpoints.yml's tracker store)."""


def action_token(environ: Mapping[str, str] | None = None) -> str:
    """RPA_ACTION_TOKEN, or "" when unset."""
    return (os.environ if environ is None else environ).get(ENV_ACTION_TOKEN, "").strip()


def cors_origins(environ: Mapping[str, str] | None = None) -> str:
    """RPA_CORS_ORIGINS as given: exact origins separated by spaces."""
    return (os.environ if environ is None else environ).get(ENV_CORS_ORIGINS, DEFAULT_CORS_ORIGINS)


def bind_address(environ: Mapping[str, str] | None = None) -> str:
    return (os.environ if environ is None else environ).get(ENV_BIND) or DEFAULT_BIND


def tracker_store(default_db: Path, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """RPA_TRACKER_DIALECT and RPA_TRACKER_DB as `make run` passes them on to Rasa: SQLite in
    `default_db` unless they are set."""
    env = os.environ if environ is None else environ
    return {
        ENV_TRACKER_DIALECT: env.get(ENV_TRACKER_DIALECT, "sqlite"),
        ENV_TRACKER_DB: env.get(ENV_TRACKER_DB, str(default_db)),
    }
