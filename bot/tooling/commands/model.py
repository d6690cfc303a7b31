"""`python -m bot model path|link|fingerprint`: where the model for the current data lives,
named by the fingerprint of config, domain and data, so equal data never retrains."""

from __future__ import annotations

import argparse

from bot.tooling import fingerprint
from bot.tooling.fingerprint import model_fingerprint


def cmd_model_path(_args: argparse.Namespace) -> int:
    return fingerprint.main(["path"])


def cmd_model_link(_args: argparse.Namespace) -> int:
    return fingerprint.main(["link"])


def cmd_model_fingerprint(_args: argparse.Namespace) -> int:
    print(model_fingerprint())
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `model` command's actions, for bot/tooling/cli.py."""
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("path", help="where the model for the current data lives")
    actions.add_parser("link", help="point models/current.tar.gz at that model")
    actions.add_parser("fingerprint", help="hash of config, domain and data")


def run(args: argparse.Namespace) -> int:
    """Handler for `python -m bot model <action>`."""
    return {"path": cmd_model_path, "link": cmd_model_link, "fingerprint": cmd_model_fingerprint}[
        args.action
    ](args)
