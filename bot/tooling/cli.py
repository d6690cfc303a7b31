"""Command line: `python -m bot <command>`; exit status non-zero on any problem.

Every command is a module with `add_arguments(parser)` and `run(args)`: the command groups of
this package's own are in bot/tooling/commands/, the others beside what they run."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from bot.channels.teams import manifest as teams_manifest
from bot.knowledge.validation import KnowledgeInvalid
from bot.settings import ENV_RETENTION_DAYS, ENV_TRAINER_PASSWORD_HASH
from bot.tooling import backup, cluster, deployment_check, envfile, evaluation, retention, schema
from bot.tooling.commands import (
    bench,
    evaluate,
    handout,
    insights,
    knowledge,
    model,
    nlu,
    privacy_report,
    serve,
    trainer_password,
)

# name, module, help; in the order `python -m bot --help` lists them
COMMANDS: tuple[tuple[str, ModuleType, str], ...] = (
    ("knowledge", knowledge, "validate, load or document knowledge/"),
    ("nlu", nlu, "NLU data generated from knowledge/"),
    ("model", model, "the trained model's fingerprint"),
    ("serve", serve, "start the action server and Rasa"),
    ("eval", evaluate, "score a running assistant over REST"),
    ("teams-manifest", teams_manifest, "write the Teams app package (.zip)"),
    ("privacy-report", privacy_report, "recall of identifier detection"),
    ("bench", bench, "measure latency, start-up, training, memory"),
    ("insights", insights, "what practitioners asked in a date range: a summary, and CSV files"),
    (
        "trainer-password",
        trainer_password,
        f"hash a trainer password for {ENV_TRAINER_PASSWORD_HASH} (insights and workshops)",
    ),
    ("cluster", cluster, "PostgreSQL, Redis, HAProxy and several Rasa instances"),
    ("deployment", deployment_check, "the mode, and what a production start lacks"),
    ("db", schema, "upgrade or create the tables, before any server starts"),
    ("retention", retention, f"delete conversations older than {ENV_RETENTION_DAYS}"),
    ("backup", backup, "back up or restore the knowledge database and feedback"),
    ("handout", handout, "write a handout (PDF, or .html) for offline use"),
)


def build_parser() -> argparse.ArgumentParser:
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
    for name, module, help_text in COMMANDS:
        command = commands.add_parser(name, help=help_text)
        command.set_defaults(handler=module.run)
        module.add_arguments(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
