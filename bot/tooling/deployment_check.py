"""What a production start needs, checked before anything starts: `make run`, `make cluster`
and the systemd units (`ExecStartPre=... -m bot deployment check`) all refuse the same missing
settings, and all say which mode they run in.

A production assistant without them looks as if it worked: without RPA_REST_TOKEN the REST
channel would answer anyone; without the trainer's hash the insights and workshop pages answer
503; with the hash but no shared RPA_SESSION_SECRET each instance signs its own cookies, so a
trainer signed in on one is sent back to sign in by the other (6 of 8 requests in the
deployment review); without RPA_PUBLIC_URL Teams gets links it cannot follow.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping

from bot.settings import (
    ENV_MODE,
    ENV_PUBLIC_URL,
    ENV_REST_TOKEN,
    ENV_SESSION_SECRET,
    ENV_TRAINER_PASSWORD_HASH,
    ConfigurationError,
    Mode,
    public_url,
    rest_token,
    session_secret,
    trainer_password_hash,
)
from bot.web.trainer import InvalidHash, PasswordHash

MIN_SESSION_SECRET_CHARS = 32


def production_problems(environ: Mapping[str, str]) -> list[str]:
    """Why a start in `environ` must be refused, one line each; none in development mode."""
    try:
        if Mode.from_environment(environ) is not Mode.PRODUCTION:
            return []
    except ConfigurationError as error:
        return [str(error)]
    problems = []
    try:
        rest_token(environ)
    except ConfigurationError as error:
        problems.append(str(error))
    encoded = trainer_password_hash(environ)
    if not encoded:
        problems.append(
            f"{ENV_TRAINER_PASSWORD_HASH} is not set: the trainer pages would answer 503 "
            "(make it with `python -m bot trainer-password`)"
        )
    else:
        try:
            PasswordHash.parse(encoded)
        except InvalidHash as error:
            problems.append(f"{ENV_TRAINER_PASSWORD_HASH} is not a valid hash: {error}")
    if len(session_secret(environ).strip()) < MIN_SESSION_SECRET_CHARS:
        problems.append(
            f"{ENV_SESSION_SECRET} must be set, at least {MIN_SESSION_SECRET_CHARS} characters, "
            "the same for every instance: otherwise a trainer signed in on one instance is "
            "sent back to sign in by another"
        )
    try:
        if public_url(environ) is None:
            problems.append(
                f"{ENV_PUBLIC_URL} is not set: the assistant's public https address "
                "(Teams needs absolute links)"
            )
    except ValueError as error:
        problems.append(str(error))
    return problems


def describe(environ: Mapping[str, str]) -> str:
    """One line naming the mode, for every tool that starts the assistant."""
    try:
        mode = Mode.from_environment(environ)
    except ConfigurationError as error:
        return f"Mode: invalid ({error})"
    if mode is Mode.PRODUCTION:
        return f"Mode: production ({ENV_MODE}=production): {rest_door(environ)}"
    return f"Mode: development ({ENV_MODE} unset or 'development'): {rest_door(environ)}"


def rest_door(environ: Mapping[str, str]) -> str:
    """Who the REST channel answers, as the channel decides it (bot.web.security.
    rest_token): a token set is enforced in development too, so saying "open" then was wrong
    (deployment review P18)."""
    try:
        token = rest_token(environ)
    except ConfigurationError as error:
        return f"REST refused to start ({error})"
    if token is not None:
        return f"REST answers only `Authorization: Bearer ${ENV_REST_TOKEN}`"
    return "REST is open to anyone who can reach it; never on a server"


def refusal(environ: Mapping[str, str]) -> str | None:
    """The message refusing a start, or None when it may go ahead."""
    problems = production_problems(environ)
    if not problems:
        return None
    return "production start refused:\n" + "\n".join(f"  - {problem}" for problem in problems)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("check", help="print the mode; exit 1 if a production start lacks a setting")


def run(_args: argparse.Namespace) -> int:
    """`python -m bot [--env-file F ...] deployment check`."""
    print(describe(os.environ), flush=True)
    refused = refusal(os.environ)
    if refused:
        print(refused, file=sys.stderr)
        return 1
    return 0
