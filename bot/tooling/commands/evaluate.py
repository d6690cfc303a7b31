"""`python -m bot eval`: a running assistant scored over REST on question and conversation
files, and on the blind sets (reported only)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.tooling import blind, conversation_eval, evaluation


def _score_file(
    path: Path, url: str, quiet: bool
) -> tuple[dict[str, tuple[int, int]], tuple[int, int]]:
    """Scores one question or conversation file, prints its report, and returns its figures
    by kind (a conversation file's kind is "conversation") and how many practice questions
    that mention risk got the urgent block alone, of how many."""
    if conversation_eval.is_conversation_file(path):
        results = conversation_eval.evaluate_conversations(
            url, conversation_eval.load_conversations(path)
        )
        print(conversation_eval.format_conversation_report(str(path), results, not quiet))
        return {"conversation": (sum(r.passed for r in results), len(results))}, (0, 0)
    report = evaluation.evaluate(url, evaluation.load_questions(path))
    print(evaluation.format_report(str(path), report, show_failures=not quiet))
    return report.by_kind(), report.urgent_block_instead_of_answer()


def run(args: argparse.Namespace) -> int:
    """Our own and the development files must reach the target; the blind sets are measured
    in the same run and only reported (a blind set is judged, never tuned to)."""
    failed = False
    figures: dict[str, dict[str, tuple[int, int]]] = {}
    blocked: dict[str, tuple[int, int]] = {}
    for path in args.files:
        by_kind, blocked[path] = _score_file(Path(path), args.url, args.quiet)
        figures[path] = by_kind
        passed = sum(kind_passed for kind_passed, _total in by_kind.values())
        total = sum(kind_total for _passed, kind_total in by_kind.values())
        failed = failed or total == 0 or passed / total < args.target
    for blind_set in blind.load_manifest(Path(args.blind)) if args.blind else []:
        name = f"blind set {blind_set.id}" + ("" if blind_set.released else " (not released)")
        merged: dict[str, tuple[int, int]] = {}
        alone = (0, 0)
        for file in blind_set.files:
            by_kind, (file_alone, file_risk) = _score_file(file, args.url, args.quiet)
            alone = (alone[0] + file_alone, alone[1] + file_risk)
            for kind, (passed, total) in by_kind.items():
                before = merged.get(kind, (0, 0))
                merged[kind] = (before[0] + passed, before[1] + total)
        figures[name], blocked[name] = merged, alone
    print(evaluation.format_summary(figures, blocked))
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
