"""Command line: `python -m bot <command>`; exit status non-zero on any problem.

Every command is a module with `add_arguments(parser)` and `run(args)`: the command groups of
this package's own are in bot/tooling/commands/, the others beside what they run."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.knowledge.validation import KnowledgeInvalid
from bot.settings import ENV_RETENTION_DAYS, ENV_TRAINER_PASSWORD_HASH
from bot.tooling import envfile, evaluation

# name, module, help; in the order `python -m bot --help` lists them. Only the module of the command
# given is imported (`--help` alone imports them all): `nlu` and `bench` bring in TensorFlow and
# `insights` wordfreq, about 5 s of CPU that `db upgrade` and `serve` paid before `make run`'s
# servers could start.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("knowledge", "bot.tooling.commands.knowledge", "validate, load or document knowledge/"),
    ("nlu", "bot.tooling.commands.nlu", "NLU data generated from knowledge/"),
    ("model", "bot.tooling.commands.model", "the trained model's fingerprint"),
    ("serve", "bot.tooling.commands.serve", "start the action server and Rasa"),
    ("eval", "bot.tooling.commands.evaluate", "score a running assistant over REST"),
    ("teams-manifest", "bot.channels.teams.manifest", "write the Teams app package (.zip)"),
    ("privacy-report", "bot.tooling.commands.privacy_report", "recall of identifier detection"),
    ("bench", "bot.tooling.commands.bench", "measure latency, start-up, training, memory"),
    (
        "insights",
        "bot.tooling.commands.insights",
        "what practitioners asked in a date range: a summary, and CSV files",
    ),
    (
        "trainer-password",
        "bot.tooling.commands.trainer_password",
        f"hash a trainer password for {ENV_TRAINER_PASSWORD_HASH} (insights and workshops)",
    ),
    ("cluster", "bot.tooling.cluster", "PostgreSQL, Redis, HAProxy and several Rasa instances"),
    ("deployment", "bot.tooling.deployment_check", "the mode, and what a production start lacks"),
    ("db", "bot.tooling.schema", "upgrade or create the tables, before any server starts"),
    ("retention", "bot.tooling.retention", f"delete conversations older than {ENV_RETENTION_DAYS}"),
    ("backup", "bot.tooling.backup", "back up or restore the knowledge database and feedback"),
    ("handout", "bot.tooling.commands.handout", "write a handout (PDF, or .html) for offline use"),
)


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command named in `argv` (its first word that is not an option or an option's value),
    or None."""
    words = iter(argv)
    for word in words:
        if word == "--env-file":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Every command's parser, with the options and handler of the command `argv` names (of
    every command when it names none)."""
    chosen = chosen_command(sys.argv[1:] if argv is None else argv)
    known = {name for name, _module, _help in COMMANDS}
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--env-file",
        action="append",
        default=[],
        metavar="FILE",
        help="read settings from FILE as systemd's EnvironmentFile= does (any number, later "
        "files win, over the caller's environment too); e.g. /etc/rpa/conf/rpa.env",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, module_name, help_text in COMMANDS:
        command = commands.add_parser(name, help=help_text)
        if chosen not in known or name == chosen:
            module = importlib.import_module(module_name)
            command.set_defaults(handler=module.run)
            module.add_arguments(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser(argv).parse_args(argv)
    try:
        envfile.load(Path(name) for name in args.env_file)
    except (envfile.EnvironmentFileError, OSError) as unreadable:
        print(f"error: {unreadable}", file=sys.stderr)
        return 2
    try:
        return args.handler(args)
    except evaluation.QuestionFileError as bad_file:
        print(bad_file, file=sys.stderr)
        return 1
    except KnowledgeInvalid as invalid:
        print(f"knowledge is invalid ({len(invalid.errors)} problem(s)):", file=sys.stderr)
        for problem in invalid.errors:
            print(f"  {problem}", file=sys.stderr)
        return 1
