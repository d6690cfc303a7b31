"""`python -m bot trainer-password`: the hash a deployment sets so that trainers can sign in
to the insights and workshop pages."""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.web.trainer import hash_password


def run(_args: argparse.Namespace) -> int:
    """Prints the hash to set as RPA_TRAINER_PASSWORD_HASH; the password itself is asked
    without echo (or read from standard input, for scripts) and never written anywhere."""
    password = (
        getpass.getpass("Trainer password: ") if sys.stdin.isatty() else sys.stdin.readline()
    ).rstrip("\n")
    try:
        print(hash_password(password))
    except ValueError as refused:
        print(refused, file=sys.stderr)
        return 2
    return 0


def add_arguments(_parser: argparse.ArgumentParser) -> None:
    """The `trainer-password` command takes no options."""
