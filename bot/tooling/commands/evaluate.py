"""`python -m bot eval`: a running assistant scored over REST on question and conversation
files, and on the blind sets (reported only)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from bot.tooling import blind, conversation_eval, evaluation


def _score_file(path: Path, url: str, quiet: bool) -> FileFigures:
    """Scores one question or conversation file, prints its report, and returns its figures
    by kind (a conversation file's kind is "conversation"), how many practice questions that
    mention risk got the urgent block alone, of how many, and its false alarms."""
    if conversation_eval.is_conversation_file(path):
        results = conversation_eval.evaluate_conversations(
            url, conversation_eval.load_conversations(path)
        )
        print(conversation_eval.format_conversation_report(str(path), results, not quiet))
        return FileFigures(
            {"conversation": (sum(r.passed for r in results), len(results))},
            (0, 0),
            conversation_eval.false_alarms(results),
        )
    report = evaluation.evaluate(url, evaluation.load_questions(path))
    print(evaluation.format_report(str(path), report, show_failures=not quiet))
    return FileFigures(
        report.by_kind(), report.urgent_block_instead_of_answer(), report.false_alarms()
    )


@dataclass(frozen=True)
class FileFigures:
    by_kind: dict[str, tuple[int, int]]
    blocked: tuple[int, int]
    alarms: evaluation.FalseAlarms


def run(args: argparse.Namespace) -> int:
    """Our own and the development files must reach the target; the blind sets are measured
    in the same run and only reported (a blind set is judged, never tuned to)."""
    failed = False
    figures: dict[str, dict[str, tuple[int, int]]] = {}
    blocked: dict[str, tuple[int, int]] = {}
    alarms: dict[str, evaluation.FalseAlarms] = {}
    for path in args.files:
        scored = _score_file(Path(path), args.url, args.quiet)
        figures[path], blocked[path], alarms[path] = scored.by_kind, scored.blocked, scored.alarms
        passed = sum(kind_passed for kind_passed, _total in scored.by_kind.values())
        total = sum(kind_total for _passed, kind_total in scored.by_kind.values())
        failed = failed or total == 0 or passed / total < args.target
    for blind_set in blind.load_manifest(Path(args.blind)) if args.blind else []:
        name = f"blind set {blind_set.id}" + ("" if blind_set.released else " (not released)")
        merged: dict[str, tuple[int, int]] = {}
        alone = (0, 0)
        found = evaluation.FalseAlarms()
        for file in blind_set.files:
            scored = _score_file(file, args.url, args.quiet)
            alone = (alone[0] + scored.blocked[0], alone[1] + scored.blocked[1])
            found += scored.alarms
            for kind, (passed, total) in scored.by_kind.items():
                before = merged.get(kind, (0, 0))
                merged[kind] = (before[0] + passed, before[1] + total)
        figures[name], blocked[name], alarms[name] = merged, alone, found
    print(evaluation.format_summary(figures, blocked, alarms))
    return 1 if failed else 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `eval` command's options, for bot/tooling/cli.py."""
    parser.add_argument(
        "files",
        nargs="+",
        help="question or conversation files (dev-questions or dev-conversations format)",
    )
    parser.add_argument("--url", default="http://localhost:5005")
    parser.add_argument("--target", type=float, default=0.95)
    parser.add_argument("--quiet", action="store_true", help="do not list failures")
    parser.add_argument(
        "--blind", help="also score every set in this blind directory's manifest.yml, reported only"
    )
