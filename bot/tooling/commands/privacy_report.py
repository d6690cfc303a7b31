"""`python -m bot privacy-report` (`make privacy-report`): how many identifiers the detectors
catch in labelled messages, and what would be stored."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.tooling.privacy_report import recall_report, storage_report


def run(args: argparse.Namespace) -> int:
    for path in args.files:
        report = recall_report(Path(path))
        print(
            f"{path}: recall {report['recall']:.1%} of {report['identifiers']} identifiers, "
            f"{report['false_positive_messages']} of {report['negatives']} negatives flagged"
        )
        for kind, tally in sorted(report["per_kind"].items()):
            print(f"  {kind:<14} {tally['caught']}/{tally['expected']}")
        for miss in report["missed"]:
            print(f"  missed {miss['kind']}: {miss['identifier']!r} in {miss['text']!r}")
        stored = storage_report(Path(path))
        print(
            f"  stored: {stored['stored_whole']} of {stored['identifiers']} identifiers whole, "
            f"{stored['stored_in_part']} in part; {stored['negative_words_removed']} of "
            f"{stored['negative_words']} words removed from messages without identifiers"
        )
        for leak in stored["leaks"]:
            print(f"  stored {leak['identifier']!r} in {leak['stored']!r}")
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `privacy-report` command's options, for bot/tooling/cli.py."""
    parser.add_argument(
        "files",
        nargs="+",
        help="labelled message files (the Makefile's privacy-report passes tests/data/)",
    )
