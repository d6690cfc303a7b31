"""`python -m bot serve`: the action server and Rasa in the foreground (`make run`), or a chat
in the terminal (`make shell`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.settings import ENV_CORS_ORIGINS
from bot.tooling.serve import ServerConfig, run_foreground, run_shell


def run(args: argparse.Namespace) -> int:
    config = ServerConfig(rasa_port=args.rasa_port, actions_port=args.actions_port)
    if args.cors:
        config.cors = args.cors
    if args.model:
        config.model = Path(args.model)
    return run_shell(config) if args.shell else run_foreground(config)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `serve` command's options, for bot/tooling/cli.py."""
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--actions-port", type=int, default=5055)
    parser.add_argument(
        "--cors", help=f"allowed browser origins, space-separated (default: ${ENV_CORS_ORIGINS})"
    )
    parser.add_argument("--model", help="model file (default: the one for the current data)")
    parser.add_argument("--shell", action="store_true", help="chat in this terminal instead")
