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
from bot.tooling import envfile

COMMANDS_PACKAGE = "bot.tooling.commands"
# name, module, help; in the order `python -m bot --help` lists them. Modules by name: only
# the command being run is imported, since the `nlu` commands' imports (Rasa, TensorFlow) cost
# about 4 s of CPU, which every `knowledge`, `handout` or `insights` command paid for nothing.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("knowledge", f"{COMMANDS_PACKAGE}.knowledge", "validate, load or document knowledge/"),
    ("nlu", f"{COMMANDS_PACKAGE}.nlu", "NLU data generated from knowledge/"),
    ("model", f"{COMMANDS_PACKAGE}.model", "the trained model's fingerprint"),
    ("serve", f"{COMMANDS_PACKAGE}.serve", "start the action server and Rasa"),
    ("eval", f"{COMMANDS_PACKAGE}.evaluate", "score a running assistant over REST"),
    ("teams-manifest", "bot.channels.teams.manifest", "write the Teams app package (.zip)"),
    ("privacy-report", f"{COMMANDS_PACKAGE}.privacy_report", "recall of identifier detection"),
    ("bench", f"{COMMANDS_PACKAGE}.bench", "measure latency, start-up, training, memory"),
    (
        "insights",
        f"{COMMANDS_PACKAGE}.insights",
        "what practitioners asked in a date range: a summary, and CSV files",
    ),
    (
        "trainer-password",
        f"{COMMANDS_PACKAGE}.trainer_password",
        f"hash a trainer password for {ENV_TRAINER_PASSWORD_HASH} (insights and workshops)",
    ),
    ("cluster", "bot.tooling.cluster", "PostgreSQL, Redis, HAProxy and several Rasa instances"),
    ("deployment", "bot.tooling.deployment_check", "the mode, and what a production start lacks"),
    ("db", "bot.tooling.schema", "upgrade or create the tables, before any server starts"),
    ("retention", "bot.tooling.retention", f"delete conversations older than {ENV_RETENTION_DAYS}"),
    ("backup", "bot.tooling.backup", "back up or restore the knowledge database and feedback"),
    ("handout", f"{COMMANDS_PACKAGE}.handout", "write a handout (PDF, or .html) for offline use"),
)


def command_named(argv: Sequence[str]) -> str | None:
    """The command `argv` runs: its first word that names one, but an --env-file's FILE."""
    names = {name for name, _, _ in COMMANDS}
    words = iter(argv)
    for word in words:
        if word == "--env-file":
            next(words, None)
        elif word in names:
            return word
    return None


def build_parser(command: str | None) -> argparse.ArgumentParser:
    """Every command with its help, and the arguments and handler of `command` only: its module
    is the one imported."""
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
        parser_of_command = commands.add_parser(name, help=help_text)
        if name == command:
            module = importlib.import_module(module_name)
            parser_of_command.set_defaults(handler=module.run)
            module.add_arguments(parser_of_command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(command_named(argv)).parse_args(argv)
    try:
        envfile.load(Path(name) for name in args.env_file)
    except (envfile.EnvironmentFileError, OSError) as unreadable:
        print(f"error: {unreadable}", file=sys.stderr)
        return 2
    try:
        return args.handler(args)
    except KnowledgeInvalid as invalid:
        print(f"knowledge is invalid ({len(invalid.errors)} problem(s)):", file=sys.stderr)
        for problem in invalid.errors:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except Exception as error:
        # a question file's error names its file, line and field (imported here: only the
        # commands reading question files import the module that raises it)
        from bot.tooling.evaluation import QuestionFileError

        if not isinstance(error, QuestionFileError):
            raise
        print(error, file=sys.stderr)
        return 1
