"""`python -m bot model path|link|fingerprint`: where the model for the current data lives,
named by the fingerprint of config, domain and data, so equal data never retrains."""

from __future__ import annotations

import argparse
import os
import sys

from bot.settings import PROJECT_ROOT
from bot.tooling.cluster import CURRENT_MODEL
from bot.tooling.fingerprint import model_fingerprint, model_path


def cmd_model_path(_args: argparse.Namespace) -> int:
    print(model_path())
    return 0


def cmd_model_link(_args: argparse.Namespace) -> int:
    """Points models/current.tar.gz at the model for the current data: the units name the
    link, so after a retraining restarting the instances is enough."""
    target = PROJECT_ROOT / model_path()
    if not target.exists():
        print(f"{target}: no trained model; run `make model`", file=sys.stderr)
        return 1
    temporary = CURRENT_MODEL.with_name(f".{CURRENT_MODEL.name}.{os.getpid()}")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target.name)
    temporary.replace(CURRENT_MODEL)  # atomic: a starting instance never finds no link
    print(f"{CURRENT_MODEL.relative_to(PROJECT_ROOT)} -> {target.name}")
    return 0


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
