"""`python -m bot nlu generate|compare|heldout|gate|loso|case-lines|coverage-loso|fit-fusion|
teach`: the NLU data generated from knowledge/, the measures of how well the model
understands questions and knows what the audits do not cover, and what the released blind sets
teach the ranking."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot.dialogue import coverage, retrieval
from bot.dialogue.case_practice import TAUGHT_CASE_LINES_FILE, CaseLineFinder, practice_lines
from bot.dialogue.subjects import subjects_of
from bot.dialogue.terms import load_terms
from bot.encoder import cached_encode, shared_encoder
from bot.knowledge.escalation.guide import load_guide
from bot.knowledge.models import KeyMessage
from bot.knowledge.schema import GLOSSARY
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.validation import check_knowledge
from bot.safeguards import urgent_retrieval
from bot.settings import PROJECT_ROOT, load_settings
from bot.tooling import (
    blind,
    blind_labels,
    case_lines_eval,
    compare,
    conversation_eval,
    coverage_loso,
    danger_loso,
    first_replies,
    loso,
    nlu_quality,
    reply_misses,
)
from bot.tooling.commands.knowledge import cmd_nlu_generate, knowledge_ranker
from bot.tooling.fingerprint import model_path


def _model(args: argparse.Namespace) -> Path:
    """The model parsing the questions: --model, or the one for the current data."""
    return Path(args.model) if args.model else model_path()


def cmd_nlu_compare(args: argparse.Namespace) -> int:
    """The selector, BM25, the nearest example and their fusions on the same questions."""
    files = [Path(path) for path in args.files]
    for blind_set in blind.load_manifest(Path(args.blind)) if args.blind else []:
        files += [
            path for path in blind_set.files if not conversation_eval.is_conversation_file(path)
        ]
    parse = compare.model_parser(_model(args))
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


def _key_messages(store: KnowledgeStore, session: Session) -> list[KeyMessage]:
    """The loaded key messages; none means knowledge was never loaded into this database, and
    labelling against nothing would write an empty taught.yml that looks like a real change."""
    messages = store.key_messages(session)
    if not messages:
        where = store.engine.url.render_as_string(hide_password=True)
        raise SystemExit(
            f"no key messages in the knowledge database ({where}): "
            "load knowledge first (make knowledge, or python -m bot knowledge load)"
        )
    return messages


def _loso_setup(
    args: argparse.Namespace, sets: Sequence[blind.BlindSet]
) -> tuple[list[loso.Item], dict[str, Any], loso.Ranked_]:
    """The released sets' items (`sets`: the manifest, read once by the command), the model's
    parses of them (kept in var/) and a ranker maker."""
    store = KnowledgeStore.from_settings()
    with store.session() as session:
        messages = _key_messages(store, session)
        by_id = {message.id: message for message in messages}
        items = loso.items(sets, by_id)
        glossary = check_knowledge(load_settings().knowledge_dir).of(GLOSSARY)
        texts = retrieval.message_texts(messages, glossary)
        subjects = subjects_of(messages)
    model = _model(args)
    parses = loso.cached_parses(
        [item.question.text for item in items],
        lambda: compare.model_parser(model),
        PROJECT_ROOT / "var" / "retrieval" / f"parses-{model.stem}.json",
    )
    encode = partial(cached_encode, cache_dir=retrieval.ENCODED_DIR)
    return items, parses, loso.ranker_maker(texts, items, encode, subjects)


def cmd_nlu_loso(args: argparse.Namespace) -> int:
    """Each candidate way of answering, scored on each released set it did not learn from;
    with --replies, by the reply each question would get too, and the misses grouped."""
    sets = blind.load_manifest(Path(args.blind))
    items, parses, ranker_for = _loso_setup(args, sets)
    store = KnowledgeStore.from_settings()
    with store.session() as session:  # the replies read the key messages' relations
        answer_for, holders = _replies(args, sets, store, session, ranker_for, parses)
        if args.quick:
            table = {
                QUICK_LOSO: loso.quick_leave_one_set_out(items, parses, ranker_for, answer_for)
            }
        else:
            table = loso.leave_one_set_out(
                loso.candidates(ranker_for, parses), items, parses, answer_for
            )
        print(loso.format_table(table))
        if holders is not None:
            for name, by_set in table.items():
                summed = loso.total(by_set.values())
                print(f"{name}, {reply_misses.format_misses(summed.reply_misses, holders)}")
                print(reply_misses.format_elsewhere(summed.sent_elsewhere))
    return 0


def _replies(
    args: argparse.Namespace,
    sets: Sequence[blind.BlindSet],
    store: KnowledgeStore,
    session: Session,
    ranker_for: loso.Ranked_,
    parses: Mapping[str, Any],
) -> tuple[loso.AnswerFor | None, reply_misses.Holders | None]:
    """With --replies: what builds each held-out set's first-turn replies (the ranker and the
    case lines taught by the other sets), and the pieces a missed reply is grouped by."""
    if not args.replies:
        return None, None
    messages = {message.id: message for message in _key_messages(store, session)}
    cases = store.cases(session)
    known = first_replies.Knowledge(
        messages,
        cases,
        store.services(session),
        load_terms(load_settings().knowledge_dir),
        store.urgent_contacts(session),
        load_guide(store),
    )
    lines = practice_lines(cases)
    labelled = blind_labels.case_line_labelled(sets, messages, lines)
    encode = partial(cached_encode, cache_dir=retrieval.ENCODED_DIR)

    def answer_for(train: Sequence[loso.Item]) -> loso.Answer:
        sets = {item.set_id for item in train}
        ranker = ranker_for(train, None)
        finder = CaseLineFinder(
            lines, encode, blind_labels.taught_case_lines(o for o in labelled if o.set_id in sets)
        )
        turn = first_replies.FirstTurn(ranker, finder, known)
        return lambda item, found: turn.reply(item.question.text, parses[item.question.text], found)

    return answer_for, reply_misses.Holders(known, lines)


QUICK_LOSO = "a+c: both, each question's rankings computed once (--quick)"


def _parser_of(args: argparse.Namespace) -> Callable[[str], Mapping[str, Any]]:
    """The running assistant's parse (--url), or the trained model's in this process."""
    if args.url:
        return compare.served_parser(args.url)
    return compare.model_parser(Path(args.model) if args.model else model_path())


def cmd_nlu_coverage_loso(args: argparse.Namespace) -> int:
    """The coverage judge on each released set, with the other sets' examples only."""
    sets = blind.load_manifest(Path(args.blind))
    found = coverage_loso.messages(sets)

    knowledge_dir = load_settings().knowledge_dir
    topics = coverage.uncovered_topics(knowledge_dir)
    lines = coverage.covered_lines(knowledge_dir)
    by_set = {
        s.id: coverage.load_examples(
            coverage.EXAMPLES_FILE, frozenset(o.id for o in sets if o.id != s.id)
        )
        for s in sets
        if s.released
    }
    every = sorted(
        {*lines, *(m.text for m in found)}
        | {q for e in by_set.values() for q in (*e.uncovered, *e.learning)}
        | {text for t in topics for text in (t.description, t.label)}
    )
    # the topics' other tellings, the lines most added and reworded while developing, are
    # encoded apart: kept with the rest, each new line encoded the 15,000 others again (20
    # minutes on a shared machine)
    told = sorted({text for t in topics for text in t.told_as} - set(every))
    known = {
        text: vector
        for texts in (every, told)
        if texts
        for text, vector in zip(texts, cached_encode(texts, retrieval.ENCODED_DIR), strict=True)
    }
    encode = coverage_loso.memo_encoder(known, lambda texts: shared_encoder().encode(texts))
    floors = args.meaning_floor or [coverage.MEANING_FLOOR]

    def judge_at(floor: float) -> coverage_loso.Judge:
        return lambda examples: coverage.CoverageJudge(
            topics, lines, encode, encode, examples, meaning_floor=floor
        )

    def parser() -> Callable[[str], Mapping[str, Any]]:  # called only if a text is not kept
        parse = _parser_of(args)
        return lambda text: {"intent": {"name": coverage_loso.model_intent(parse(text))}}

    # the lowest floor declines the most: its texts are every floor's
    asked = coverage_loso.needing_intent(judge_at(min(floors)), by_set, found)
    parses = loso.cached_parses(
        sorted(asked), parser, PROJECT_ROOT / "var" / "coverage" / "parses.json"
    )
    intents = {text: parse["intent"] for text, parse in parses.items()}
    for floor in floors:
        judge = judge_at(floor)
        table = coverage_loso.leave_one_set_out(judge, by_set, found, intents)
        print(f"meaning floor {floor}")
        for set_id, outcome in table.items():
            print(f"  held out {set_id}: {outcome.row()}")
            if args.failures:
                print("\n".join(f"    {failure}" for failure in outcome.failures))
        print(f"  all sets: {coverage_loso.summed(table.values()).row()}")
    return 0


def cmd_nlu_danger_loso(args: argparse.Namespace) -> int:
    """The urgent model alone on each released set, taught by none and by the other sets."""
    extra = {Path(path).parent.name: [Path(path)] for path in args.also or []}
    table = danger_loso.leave_one_set_out(blind.load_manifest(Path(args.blind)), extra)
    for taught_by, outcomes in table.items():
        total = danger_loso.Outcome()
        for set_id, outcome in outcomes.items():
            print(f"taught by {taught_by}, {set_id}: {outcome.row()}")
            total.merge(outcome)
        print(f"taught by {taught_by}, all: {total.row()}")
        if args.failures:
            print("\n".join(f"    missed {miss}" for miss in total.misses))
    return 0


def cmd_nlu_teach(args: argparse.Namespace) -> int:
    """Labels the released sets' questions and writes them for the assistant (taught.yml), with
    the coverage judge's examples (coverage_examples.yml) and the urgent model's
    (urgent_taught.yml)."""
    sets = [s for s in blind.load_manifest(Path(args.blind)) if s.id not in (args.leave_out or [])]
    store = KnowledgeStore.from_settings()
    with store.session() as session:
        messages = {message.id: message for message in _key_messages(store, session)}
        text = blind_labels.taught_text(sets, messages, Path(args.blind))
        lines = practice_lines(store.cases(session))
        case_lines = blind_labels.taught_case_lines_text(sets, messages, lines, Path(args.blind))
    examples = blind_labels.coverage_examples_text(sets, Path(args.blind))
    urgent = blind_labels.urgent_taught_text(sets, Path(args.blind))
    for path, generated in (
        (retrieval.TAUGHT_FILE, text),
        (TAUGHT_CASE_LINES_FILE, case_lines),
        (coverage.EXAMPLES_FILE, examples),
        (urgent_retrieval.TAUGHT, urgent),
    ):
        changed = blind_labels.write_generated(generated, path)
        print(f"{path}: " + ("written" if changed else "up to date"))
    return 0


def cmd_nlu_fit_fusion(args: argparse.Namespace) -> int:
    """Fits the learned fusion on every released set and writes it for the assistant, with
    the taught lines it was fitted beside."""
    cmd_nlu_teach(args)
    items, parses, ranker_for = _loso_setup(args, blind.load_manifest(Path(args.blind)))
    items = [item for item in items if item.set_id not in (args.leave_out or [])]
    fusion = loso.fit_fusion(items, parses, ranker_for, taught=True)
    loso.write_fusion(
        fusion, retrieval.FUSION_FILE, sorted({i.set_id for i in items}), _model(args)
    )
    print(f"{retrieval.FUSION_FILE}: threshold {fusion.threshold}")
    return 0


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
    lined = actions.add_parser(
        "case-lines", help="case lines with practice answers, leaving one released set out"
    )
    lined.add_argument("--blind", default=str(blind.BLIND_DIR), help="blind sets directory")
    lined.add_argument("--model", help="model file (default: the one for the current data)")
    lined.add_argument("--failures", action="store_true", help="list each miss")
    lined.add_argument(
        "--untaught", action="store_true", help="case lines found by their own words only"
    )
    judged = actions.add_parser(
        "coverage-loso", help="the coverage judge, leaving one released blind set out"
    )
    judged.add_argument("--blind", default=str(blind.BLIND_DIR), help="blind sets directory")
    judged.add_argument("--model", help="model file (default: the one for the current data)")
    judged.add_argument("--url", help="a running assistant to parse with instead of the model")
    judged.add_argument("--failures", action="store_true", help="list each miss")
    judged.add_argument(
        "--meaning-floor",
        type=float,
        action="append",
        help="judge with this floor instead of MEANING_FLOOR (repeat to compare several)",
    )
    danger = actions.add_parser(
        "danger-loso", help="the urgent model alone, leaving one released blind set out"
    )
    danger.add_argument("--blind", default=str(blind.BLIND_DIR), help="blind sets directory")
    danger.add_argument(
        "--also", action="append", help="a further question file to score (never taught)"
    )
    danger.add_argument("--failures", action="store_true", help="list each missed emergency")
    for name, what in (
        ("loso", "each way of answering, leaving one released blind set out"),
        ("fit-fusion", "fit the learned fusion on the released blind sets"),
        ("teach", "label the released blind sets' questions (taught.yml)"),
    ):
        held = actions.add_parser(name, help=what)
        held.add_argument("--blind", default=str(blind.BLIND_DIR), help="blind sets directory")
        if name != "teach":
            held.add_argument("--model", help="model file (default: the one for the current data)")
        if name != "loso":
            held.add_argument(
                "--leave-out", action="append", help="a released set to hold out (to measure)"
            )
        else:
            held.add_argument(
                "--quick",
                action="store_true",
                help="only a+c, each question's rankings computed once: minutes, not hours",
            )
            held.add_argument(
                "--replies",
                action="store_true",
                help="score the reply each question would get too, and group its misses",
            )


def cmd_nlu_case_lines(args: argparse.Namespace) -> int:
    """Case lines with practice answers, each released set held out in turn: right and wrong
    answers without lines, with today's thresholds, and with thresholds chosen on the others."""
    sets = blind.load_manifest(Path(args.blind))
    items, parses, ranker_for = _loso_setup(args, sets)
    store = KnowledgeStore.from_settings()
    with store.session() as session:
        messages = {message.id: message for message in _key_messages(store, session)}
        lines = practice_lines(store.cases(session))
        encode = partial(cached_encode, cache_dir=retrieval.ENCODED_DIR)
        labelled = blind_labels.case_line_labelled(sets, messages, lines)
        build = loso.candidates(ranker_for, parses)["a+c: both"]
        plain = ranker_for([], None)
        totals = {name: case_lines_eval.Outcome() for name in ("without", "today", "held out")}
        for held_out in sorted({item.set_id for item in items}):
            train = [item for item in items if item.set_id != held_out]
            # the case lines taught by the other sets only (--untaught: by none)
            taught = blind_labels.taught_case_lines(
                one for one in labelled if one.set_id != held_out and not args.untaught
            )
            finder = CaseLineFinder(lines, encode, taught)
            decide = build(train)
            found = case_lines_eval.seen(
                [item for item in items if item.set_id == held_out], decide, parses, plain, finder
            )
            at = case_lines_eval.chosen(
                case_lines_eval.seen(train, decide, parses, plain, finder), messages
            )
            for name, with_lines in (
                ("without", None),
                ("today", case_lines_eval.today()),
                ("held out", at),
            ):
                outcome = case_lines_eval.score(found, messages, with_lines)
                totals[name].add(outcome)
                print(f"held out {held_out}, {name} {with_lines or ''}: {outcome.row()}")
        for name, outcome in totals.items():
            print(f"all sets, {name}: {outcome.row()}")
        if args.failures:
            print("\n".join(totals["today"].failures))
    return 0


def run(args: argparse.Namespace) -> int:
    """Handler for `python -m bot nlu <action>`."""
    return {
        "generate": cmd_nlu_generate,
        "compare": cmd_nlu_compare,
        "heldout": cmd_nlu_heldout,
        "gate": cmd_nlu_gate,
        "loso": cmd_nlu_loso,
        "case-lines": cmd_nlu_case_lines,
        "coverage-loso": cmd_nlu_coverage_loso,
        "danger-loso": cmd_nlu_danger_loso,
        "fit-fusion": cmd_nlu_fit_fusion,
        "teach": cmd_nlu_teach,
    }[args.action](args)
