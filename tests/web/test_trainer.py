"""The trainer credential without a server: hashing, session cookies, throttle, configuration."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.db import make_engine
from bot.settings import (
    ENV_DATABASE_URL,
    ENV_MODE,
    ENV_PUBLIC_URL,
    ENV_SESSION_SECRET,
    ENV_TRAINER_PASSWORD_HASH,
    ENV_TRUSTED_PROXIES,
)
from bot.web import trainer as auth
from bot.web.records import Throttle, prepared
from bot.web.security import is_https, safe_next, same_origin
from bot.web.trainer import (
    MAX_FAILURES,
    SESSION_SECONDS,
    SIGN_IN_DOOR,
    InvalidHash,
    PasswordHash,
    Sessions,
    SignIn,
    TrainerAuth,
    hash_password,
    verify_password,
)

PASSWORD = "correct horse battery staple"
FAST = {"n": 2**10, "r": 8, "p": 1}
"""Cheap scrypt settings, so the tests that need many checks stay quick."""


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeRequest:
    """What `same_origin` and `is_https` read of a Sanic request."""

    headers: dict[str, str] = field(default_factory=dict)
    scheme: str = "http"
    ip: str = "192.0.2.7"
    conn_info: None = None


def test_hash_has_the_documented_format_and_verifies_only_its_password() -> None:
    encoded = hash_password(PASSWORD)
    assert re.fullmatch(r"scrypt\$32768\$8\$3\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}", encoded)
    assert verify_password(PASSWORD, encoded)
    assert not verify_password(PASSWORD + " ", encoded)
    assert not verify_password("", encoded)
    assert PASSWORD not in encoded


def test_each_hash_has_its_own_salt() -> None:
    first, second = hash_password(PASSWORD, **FAST), hash_password(PASSWORD, **FAST)
    assert first != second
    assert verify_password(PASSWORD, first) and verify_password(PASSWORD, second)


def test_composed_and_decomposed_accents_are_the_same_password() -> None:
    encoded = hash_password("caf\u00e9 au lait du matin", **FAST)
    assert verify_password("cafe\u0301 au lait du matin", encoded)


def test_the_digest_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    encoded = hash_password(PASSWORD, **FAST)
    compared: list[tuple[Any, Any]] = []
    real = auth.hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert not verify_password("wrong password here", encoded)
    assert len(compared) == 1 and compared[0][1] == PasswordHash.parse(encoded).digest


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "Password123!", "iloveyou1234", "qwertyuiopasdf", "password12345"]
)
def test_common_or_easily_guessed_passwords_cannot_be_hashed(password: str) -> None:
    """Security review finding 11: any 12 characters were accepted."""
    with pytest.raises(ValueError, match="commonest|easy to guess"):
        hash_password(password, **FAST)


@pytest.mark.parametrize("password", ["", "short", "x" * 11, "x" * 1025])
def test_too_short_or_too_long_passwords_cannot_be_hashed(password: str) -> None:
    with pytest.raises(ValueError, match="characters"):
        hash_password(password)


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "password",
        "bcrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==",
        "scrypt$x$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$\u00b2$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1024$0$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1048576$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1024$8$1$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1024$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
    ],
)
def test_malformed_hashes_are_refused(encoded: str) -> None:
    with pytest.raises(InvalidHash):
        PasswordHash.parse(encoded)


def test_a_session_cookie_is_valid_for_eight_hours_then_expires() -> None:
    clock = Clock()
    sessions = Sessions(b"k" * 32, clock=clock)
    cookie = sessions.issue()
    assert sessions.valid(cookie)
    clock.now += SESSION_SECONDS - 1
    assert sessions.valid(cookie)
    clock.now += 1
    assert not sessions.valid(cookie)


def test_tampered_or_foreign_cookies_are_refused() -> None:
    clock = Clock()
    sessions = Sessions(b"k" * 32, clock=clock)
    cookie = sessions.issue()
    expires, session_id, signature = cookie.split(".")
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    for forged in (
        f"{int(expires) + 3600}.{session_id}.{signature}",  # a longer session
        f"{expires}.{session_id}x.{signature}",
        f"{expires}.{session_id}.{flipped}",
        f"{expires}.{session_id}",
        f"{expires}.{session_id}.{signature}.x",
        "",
        "\u00e9.\u00e9.\u00e9",
        Sessions(b"other key" * 4, clock=clock).issue(),
    ):
        assert not sessions.valid(forged), forged
    assert not sessions.valid(None)


def test_a_signed_expiry_beyond_the_lifetime_is_refused() -> None:
    """Even signed with the key, a cookie may not outlive a session (a clock set back, or a
    key that once signed longer sessions)."""
    clock = Clock()
    sessions = Sessions(b"k" * 32, clock=clock)
    long_lived = Sessions(b"k" * 32, lifetime=SESSION_SECONDS * 10, clock=clock).issue()
    assert not sessions.valid(long_lived)


def test_signing_out_ends_the_session_even_for_a_copied_cookie() -> None:
    clock = Clock()
    sessions = Sessions(b"k" * 32, clock=clock)
    cookie, other = sessions.issue(), sessions.issue()
    copy = str(cookie)
    sessions.sign_out(cookie)
    assert not sessions.valid(copy)
    assert sessions.valid(other)


def test_changing_the_password_ends_every_session() -> None:
    secret = b"s" * 32
    before = TrainerAuth(PasswordHash.parse(hash_password(PASSWORD, **FAST)), secret)
    after = TrainerAuth(PasswordHash.parse(hash_password("a new passphrase", **FAST)), secret)
    cookie = before.sessions.issue()
    assert before.sessions.valid(cookie)
    assert not after.sessions.valid(cookie)


def test_five_failures_from_one_client_make_it_wait_a_minute() -> None:
    clock = Clock(0.0)
    throttle = Throttle(prepared(None), SIGN_IN_DOOR, MAX_FAILURES, 60.0, clock)
    for _ in range(4):
        throttle.failed("192.0.2.1")
        clock.now += 1
    assert throttle.seconds_left("192.0.2.1") == 0
    throttle.failed("192.0.2.1")
    assert throttle.seconds_left("192.0.2.1") == 56
    assert throttle.seconds_left("192.0.2.2") == 0
    clock.now += 55.5
    assert throttle.seconds_left("192.0.2.1") == pytest.approx(0.5)
    clock.now += 0.5
    assert throttle.seconds_left("192.0.2.1") == 0


def test_a_success_resets_the_failure_count() -> None:
    throttle = Throttle(prepared(None), SIGN_IN_DOOR, MAX_FAILURES, 60.0, Clock(0.0))
    for _ in range(4):
        throttle.failed("192.0.2.1")
    throttle.succeeded("192.0.2.1")
    for _ in range(4):
        throttle.failed("192.0.2.1")
    assert throttle.seconds_left("192.0.2.1") == 0


def test_sign_in_checks_nothing_while_a_client_waits_and_other_clients_still_sign_in() -> None:
    """Security review finding 4: one client's guesses kept every trainer out."""
    clock = Clock(0.0)
    trainer = TrainerAuth(
        PasswordHash.parse(hash_password(PASSWORD, **FAST)), b"s" * 32, clock=clock
    )

    async def attempts() -> list[SignIn]:
        guesses = [trainer.sign_in(f"guess number {i}", "192.0.2.66") for i in range(7)]
        return [*await asyncio.gather(*guesses), await trainer.sign_in(PASSWORD, "192.0.2.66")]

    outcomes = asyncio.run(attempts())
    assert outcomes == [SignIn.WRONG_PASSWORD] * 5 + [SignIn.LOCKED_OUT] * 3
    assert asyncio.run(trainer.sign_in(PASSWORD, "192.0.2.10")) is SignIn.SIGNED_IN
    clock.now += 60
    assert asyncio.run(trainer.sign_in(PASSWORD, "192.0.2.66")) is SignIn.SIGNED_IN


def test_every_instance_counts_the_same_failures_and_sees_the_same_sign_out(tmp_path: Path) -> None:
    """Security review findings 4 and 7: two instances (and one restarted) on one database."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    password_hash = PasswordHash.parse(hash_password(PASSWORD, **FAST))
    first, second = (
        TrainerAuth(password_hash, b"s" * 32, engine=prepared(make_engine(url))) for _ in range(2)
    )

    async def guesses() -> list[SignIn]:
        wrong = [
            await (first if i % 2 else second).sign_in("wrong", "192.0.2.66") for i in range(5)
        ]
        return [*wrong, await first.sign_in(PASSWORD, "192.0.2.66")]

    assert asyncio.run(guesses())[-1] is SignIn.LOCKED_OUT
    cookie = first.sessions.issue()
    assert second.sessions.valid(cookie)
    second.sessions.sign_out(cookie)
    assert not first.sessions.valid(cookie)
    restarted = TrainerAuth(password_hash, b"s" * 32, engine=prepared(make_engine(url)))
    assert not restarted.sessions.valid(cookie)
    assert restarted.sessions.valid(first.sessions.issue())


def test_without_a_hash_the_pages_are_closed_and_say_what_to_set(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        trainer = TrainerAuth.from_environ({})
    assert not trainer.configured
    assert ENV_TRAINER_PASSWORD_HASH in trainer.problem
    reply = trainer.closed()
    assert reply.status == 503
    assert ENV_TRAINER_PASSWORD_HASH in reply.body.decode()
    assert ENV_SESSION_SECRET in caplog.text


def test_a_malformed_hash_closes_the_pages_too() -> None:
    trainer = TrainerAuth.from_environ({ENV_TRAINER_PASSWORD_HASH: "scrypt$oops"})
    assert not trainer.configured
    assert "not a valid hash" in trainer.problem


def test_a_configured_hash_and_secret_are_used(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    environ = {
        ENV_TRAINER_PASSWORD_HASH: hash_password(PASSWORD, **FAST),
        ENV_SESSION_SECRET: "x" * 40,
        ENV_DATABASE_URL: f"sqlite:///{tmp_path / 'shared.db'}",
    }
    with caplog.at_level(logging.WARNING):
        first, second = TrainerAuth.from_environ(environ), TrainerAuth.from_environ(environ)
    assert first.configured and caplog.text == ""
    assert second.sessions.valid(first.sessions.issue()), "one secret, one set of sessions"


def test_a_short_secret_is_warned_about(caplog: pytest.LogCaptureFixture) -> None:
    environ = {
        ENV_TRAINER_PASSWORD_HASH: hash_password(PASSWORD, **FAST),
        ENV_SESSION_SECRET: "short",
    }
    with caplog.at_level(logging.WARNING):
        assert TrainerAuth.from_environ(environ).configured
    assert "shorter than 32 characters" in caplog.text


def test_without_a_secret_sessions_end_on_restart() -> None:
    environ = {ENV_TRAINER_PASSWORD_HASH: hash_password(PASSWORD, **FAST)}
    before, after = TrainerAuth.from_environ(environ), TrainerAuth.from_environ(environ)
    assert not after.sessions.valid(before.sessions.issue())


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"host": "assistant.example:5005", "origin": "http://assistant.example:5005"}, True),
        ({"host": "ASSISTANT.example", "origin": "http://assistant.example"}, True),
        (
            {
                "host": "127.0.0.1:5005",
                "x-forwarded-host": "assistant.example",
                "x-forwarded-proto": "https",
                "origin": "https://assistant.example",
            },
            False,  # not from a trusted proxy: security review finding 13
        ),
        ({"host": "assistant.example", "origin": "http://assistant.example"}, True),
        ({"host": "assistant.example", "origin": "https://assistant.example"}, False),
        ({"host": "assistant.example"}, False),
        ({"host": "assistant.example", "origin": "null"}, False),
        ({"host": "assistant.example", "origin": "https://evil.example"}, False),
        ({"host": "assistant.example", "origin": "https://assistant.example.evil.example"}, False),
        ({"host": "assistant.example:5005", "origin": "http://assistant.example"}, False),
        ({"origin": "http://assistant.example"}, False),
    ],
)
def test_forms_are_accepted_only_from_this_host(headers: dict[str, str], expected: bool) -> None:
    assert same_origin(FakeRequest(headers)) is expected  # type: ignore[arg-type]


def test_forwarded_headers_are_believed_only_from_a_configured_proxy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forwarded = {
        "host": "127.0.0.1:5005",
        "x-forwarded-host": "assistant.example",
        "x-forwarded-proto": "https",
        "origin": "https://assistant.example",
    }
    monkeypatch.setenv(ENV_TRUSTED_PROXIES, "10.0.0.0/24 127.0.0.1")
    assert same_origin(FakeRequest(forwarded, ip="10.0.0.5"))  # type: ignore[arg-type]
    assert not same_origin(FakeRequest(forwarded, ip="192.0.2.7"))  # type: ignore[arg-type]


def test_the_whole_origin_is_compared_with_the_public_url_when_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_PUBLIC_URL, "https://assistant.example")
    request = {"host": "assistant.example"}
    for origin, expected in (
        ("https://assistant.example", True),
        ("http://assistant.example", False),
        ("https://assistant.example:8443", False),
    ):
        assert same_origin(FakeRequest({**request, "origin": origin})) is expected  # type: ignore[arg-type]


def test_https_is_told_by_the_scheme_or_a_trusted_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    proxied = {"x-forwarded-proto": "https, http"}
    assert is_https(FakeRequest({}, "https"))  # type: ignore[arg-type]
    assert not is_https(FakeRequest(proxied))  # type: ignore[arg-type]
    assert not is_https(FakeRequest({}))  # type: ignore[arg-type]
    monkeypatch.setenv(ENV_TRUSTED_PROXIES, "192.0.2.7")
    assert is_https(FakeRequest(proxied))  # type: ignore[arg-type]


def test_cookies_are_always_secure_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_MODE, "production")
    assert is_https(FakeRequest({}))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/insights/?from=2025-03-01&to=2025-03-31", "/insights/?from=2025-03-01&to=2025-03-31"),
        ("/insights/csv/channels.csv", "/insights/csv/channels.csv"),
        (None, "/insights/"),
        ("https://evil.example/insights/", "/insights/"),
        ("//evil.example/insights/", "/insights/"),
        ("/insights//evil.example", "/insights/"),
        ("/insights/\\evil", "/insights/"),
        ("/chat/", "/insights/"),
    ],
)
def test_after_sign_in_only_these_pages_are_a_destination(
    target: str | None, expected: str
) -> None:
    assert safe_next(target, "/insights") == expected
