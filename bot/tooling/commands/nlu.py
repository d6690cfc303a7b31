"""`python -m bot nlu generate|compare|heldout|gate`: the NLU data generated from knowledge/,
and the measures of how well the model understands questions."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.knowledge.store import KnowledgeStore
from bot.tooling import blind, compare, conversation_eval, nlu_quality
from bot.tooling.commands.knowledge import cmd_nlu_generate, knowledge_ranker
from bot.tooling.fingerprint import model_path


def cmd_nlu_compare(args: argparse.Namespace) -> int:
    """The selector, BM25, the nearest example and their fusions on the same questions."""
    files = [Path(path) for path in args.files]
    for blind_set in blind.load_manifest(Path(args.blind)) if args.blind else []:
        files += [
            path for path in blind_set.files if not conversation_eval.is_conversation_file(path)
        ]
    parse = compare.model_parser(Path(args.model) if args.model else model_path())
    store = KnowledgeStore.from_settings()
    with store.session() as session:  # the answers read the key messages' relations
        ranker, messages = knowledge_ranker(store, session)
        print(compare.compare_files(files, parse, ranker, messages))
    return 0


def cmd_nlu_heldout(args: argparse.Namespace) -> int:
    target = Path(args.out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(nlu_quality.held_out_nlu(Path(args.questions)), encoding="utf-8")
    return 0


def cmd_nlu_gate(args: argparse.Namespace) -> int:
    report = Path(args.report)
    scores = nlu_quality.per_label_f1(report)
    for label, score in sorted(scores.items(), key=lambda item: item[1]):
        print(f"  {score:.2f}  {label}")
    macro = nlu_quality.macro_f1(report)
    verdict = "OK" if macro >= nlu_quality.MACRO_F1_THRESHOLD else "BELOW THRESHOLD"
    print(f"{report}: macro F1 {macro:.3f} (threshold {nlu_quality.MACRO_F1_THRESHOLD}) {verdict}")
    return 0 if macro >= nlu_quality.MACRO_F1_THRESHOLD else 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `nlu` command's actions, for bot/tooling/cli.py."""
    actions = parser.add_subparsers(dest="action", required=True)
    generate = actions.add_parser("generate", help="write data/ files from knowledge/")
    generate.add_argument("--check", action="store_true", help="only report stale files")

    compared = actions.add_parser("compare", help="selector, BM25, nearest example side by side")
    compared.add_argument("files", nargs="*", help="question files (dev-questions format)")
    compared.add_argument("--blind", help="also every question file of this blind directory")
    compared.add_argument("--model", help="model file (default: the one for the current data)")
    heldout = actions.add_parser("heldout", help="write the held-out questions as NLU data")
    heldout.add_argument("--questions", required=True, help="labelled question file")
    heldout.add_argument("--out", default="results/heldout-nlu.yml")
    gate = actions.add_parser("gate", help="fail if macro F1 per key message is too low")
    gate.add_argument("report", help="response_selection_report.json from `rasa test nlu`")


def run(args: argparse.Namespace) -> int:
    """Handler for `python -m bot nlu <action>`."""
    return {
        "generate": cmd_nlu_generate,
        "compare": cmd_nlu_compare,
        "heldout": cmd_nlu_heldout,
        "gate": cmd_nlu_gate,
    }[args.action](args)
