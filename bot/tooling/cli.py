"""Command line: `python -m bot <command>`; exit status non-zero on any problem."""

from __future__ import annotations

import argparse
import datetime
import getpass
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bot.channels.teams import manifest as teams_manifest
from bot.dialogue import retrieval
from bot.encoder import cached_encode
from bot.handouts import content as handouts
from bot.handouts import pages as handout_pages
from bot.handouts import pdf as handout_pdf
from bot.handouts import sign_off as sign_off_page
from bot.insights import events as usage_events
from bot.insights import export as insights_export
from bot.insights.report import THEME, Insights, enough_for_a_rate, uncovered_topic_labels
from bot.insights.report import compute as compute_insights
from bot.knowledge import docs, go_live, nlu_data, sign_off
from bot.knowledge.models import KeyMessage
from bot.knowledge.schema import GLOSSARY, KEY_MESSAGES
from bot.knowledge.store import KnowledgeStore, load_knowledge, resolve_links
from bot.knowledge.validation import KnowledgeInvalid, KnowledgeSet, check_knowledge
from bot.safeguards.urgent_retrieval import urgent_examples
from bot.settings import (
    ENV_CONFIRMATIONS_FILE,
    ENV_CORS_ORIGINS,
    ENV_DATABASE_URL,
    ENV_INSIGHTS_RETENTION_DAYS,
    ENV_LINK_PREFIX,
    ENV_LINKS_FILE,
    ENV_MAX_SOURCE_AGE_DAYS,
    ENV_RETENTION_DAYS,
    ENV_TRAINER_PASSWORD_HASH,
    PROJECT_ROOT,
    configured_database_url,
    insights_low_confidence,
    insights_retention_days,
    load_settings,
    max_content_age_days,
    max_source_age_days,
)
from bot.tooling import (
    backup,
    bench,
    blind,
    blind_labels,
    cluster,
    compare,
    conversation_eval,
    deployment_check,
    envfile,
    evaluation,
    loso,
    nlu_quality,
    retention,
    schema,
)
from bot.tooling.cluster import CURRENT_MODEL
from bot.tooling.fingerprint import model_fingerprint, model_path
from bot.tooling.privacy_report import recall_report, storage_report
from bot.tooling.serve import ServerConfig, make_private, run_foreground, run_shell
from bot.web.trainer import hash_password


def _check(knowledge: KnowledgeSet) -> str:
    counts = ", ".join(
        f"{len(items)} {key.replace('_', ' ')}" for key, items in knowledge.items.items()
    )
    return f"knowledge OK: {counts}, {len(knowledge.links)} links"


def cmd_knowledge_check(args: argparse.Namespace) -> int:
    """Validates, then lists what the partnership must still confirm, set or sign before
    go-live; with --release, anything left to confirm or sign fails the check."""
    settings = load_settings()
    today = datetime.date.today()
    knowledge, sheet = sign_off.sheet_for(settings, os.environ, today)
    print(_check(knowledge))
    confirmations = go_live.read_confirmations(
        settings.confirmations_file, go_live.confirmable_ids(knowledge)
    )
    unconfirmed = go_live.still_to_confirm(knowledge, confirmations)
    links = go_live.links_to_set(resolve_links(knowledge.links, settings.links_file, os.environ))
    if unconfirmed:
        print(f"{len(unconfirmed)} item(s) still to be confirmed before go-live:")
        print("\n".join(f"  {line}" for line in unconfirmed))
    if links:
        print(
            f"{len(links)} link(s) the audits leave blank, not set yet "
            f"({ENV_LINKS_FILE} or {ENV_LINK_PREFIX}<ID>):"
        )
        print("\n".join(f"  {line}" for line in links))
    max_age = max_content_age_days(os.environ)
    stale = [
        item
        for item in knowledge.of(KEY_MESSAGES)
        if sign_off.due_for_review(item["reviewed"], today, max_age)
    ]
    if stale:
        print(f"{len(stale)} key message(s) last reviewed more than {max_age} days ago:")
        print(
            "\n".join(f"  key message '{item['id']}' reviewed {item['reviewed']}" for item in stale)
        )
    max_source_age = max_source_age_days(os.environ)
    pages = sign_off.sources_to_review(knowledge, today, max_source_age)
    if pages:
        print(f"{len(pages)} fact(s) from public pages to check ({ENV_MAX_SOURCE_AGE_DAYS}):")
        print("\n".join(f"  {line}" for line in pages))
    unsigned = sheet.needing_signature()
    if unsigned:
        print(
            f"{len(unsigned)} item(s) the assistant can say are not signed off as they are now "
            f"({len(sheet.changed)} changed since signed): `python -m bot knowledge report`, "
            "then `python -m bot knowledge sign`"
        )
        if args.release:
            print(
                "\n".join(
                    f"  {item.where}: {item.key}: {item.sign_state.value}" for item in unsigned
                )
            )
    if args.release and (unconfirmed or unsigned):
        print("release check failed: confirm and sign the items above first", file=sys.stderr)
        return 1
    return 0


def cmd_knowledge_report(args: argparse.Namespace) -> int:
    """Writes the sign-off sheet from knowledge/ (with the deployment's links, confirmations
    and signatures): the Markdown, the page beside it and, unless --no-pdf, its PDF."""
    _, sheet = sign_off.sheet_for(load_settings(), os.environ, datetime.date.today())
    target = Path(args.out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(sign_off.markdown(sheet), encoding="utf-8")
    page = target.with_suffix(".html")
    page.write_text(sign_off_page.render_sheet(sheet), encoding="utf-8")
    handout_pdf.copy_stylesheets(page.parent)
    written = [target, page]
    if not args.no_pdf:
        try:
            target.with_suffix(".pdf").write_bytes(sign_off_page.sheet_pdf(sheet))
        except handout_pdf.PdfFailed as failed:
            print(failed, file=sys.stderr)
            return 1
        written.append(target.with_suffix(".pdf"))
    print(f"sign-off sheet written to {', '.join(map(str, written))}")
    return 0


def cmd_knowledge_sign(args: argparse.Namespace) -> int:
    """Records a signed sheet in the confirmations file: who, when and the fingerprint of
    every item of the sections signed, as the sheet shows them now."""
    settings = load_settings()
    path = Path(args.file) if args.file else settings.confirmations_file
    if path is None:
        print(f"name the file: --file, or {ENV_CONFIRMATIONS_FILE}", file=sys.stderr)
        return 2
    try:
        on = datetime.date.fromisoformat(args.on) if args.on else datetime.date.today()
    except ValueError:
        print(f"--on {args.on!r}: a date written YYYY-MM-DD", file=sys.stderr)
        return 2
    signed = sign_off.sign(settings, os.environ, args.by, on, args.section or [], path)
    print(
        f"signed {len(signed.items)} item(s) of {len(signed.sections)} section(s) "
        f"by {args.by} on {on}: {path}"
    )
    return 0


def cmd_knowledge_load(_args: argparse.Namespace) -> int:
    settings = load_settings()
    knowledge = load_knowledge(settings)
    # A SQLite database is private to its owner from the start, not only once the server
    # starts (security review finding 18: `make knowledge` left it readable by all).
    url = make_url(settings.database_url)
    if url.drivername.startswith("sqlite") and url.database:
        make_private([Path(url.database)])
    # `make cluster` loads this one first (its `make model` step) and PostgreSQL after: say
    # which is which (deployment review P18)
    which = "" if configured_database_url() else f" (make run's; {ENV_DATABASE_URL} unset)"
    print(f"{_check(knowledge)}; loaded into {settings.database_url}{which}")
    # the example questions' sentence vectors, so the action server's first answer does not
    # encode them (kept by content in var/encoded: unchanged questions cost a file read)
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        ranker, _messages = _knowledge_ranker(store, session)
    print(f"{len(ranker.nearest.lines)} knowledge lines encoded in {retrieval.ENCODED_DIR}")
    # and the urgent examples' vectors, so the NLU pipeline's load does not encode them
    urgent_examples()
    return 0


def cmd_knowledge_docs(args: argparse.Namespace) -> int:
    readme = load_settings().knowledge_dir / "README.md"
    if args.check:
        stale = docs.is_stale(readme)
        if stale:
            print(f"{readme} is stale: run `python -m bot knowledge docs`", file=sys.stderr)
        return 1 if stale else 0
    print(f"{readme}: tables " + ("regenerated" if docs.write(readme) else "up to date"))
    return 0


def cmd_nlu_generate(args: argparse.Namespace) -> int:
    knowledge = check_knowledge(load_settings().knowledge_dir)
    if args.check:
        stale = nlu_data.stale_files(knowledge)
        for path in stale:
            print(f"{path} is stale: run `python -m bot nlu generate`", file=sys.stderr)
        return 1 if stale else 0
    changed = nlu_data.write(knowledge)
    print(
        "NLU data " + (f"regenerated: {', '.join(map(str, changed))}" if changed else "up to date")
    )
    return 0


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


def cmd_serve(args: argparse.Namespace) -> int:
    config = ServerConfig(rasa_port=args.rasa_port, actions_port=args.actions_port)
    if args.cors:
        config.cors = args.cors
    if args.model:
        config.model = Path(args.model)
    return run_shell(config) if args.shell else run_foreground(config)


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


def cmd_eval(args: argparse.Namespace) -> int:
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


def _knowledge_ranker(
    store: KnowledgeStore, session: Session
) -> tuple[retrieval.Ranker, dict[str, KeyMessage]]:
    messages = store.key_messages(session)
    glossary = check_knowledge(load_settings().knowledge_dir).of(GLOSSARY)
    ranker = retrieval.assistant_ranker(messages, glossary, retrieval.ENCODED_DIR)
    return ranker, {message.id: message for message in messages}


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
        ranker, messages = _knowledge_ranker(store, session)
        print(compare.compare_files(files, parse, ranker, messages))
    return 0


def _loso_setup(args: argparse.Namespace) -> tuple[list[loso.Item], dict[str, Any], loso.Ranked_]:
    """The released sets' items, the model's parses of them (kept in var/) and a ranker maker."""
    store = KnowledgeStore.from_settings()
    with store.session() as session:
        messages = store.key_messages(session)
        by_id = {message.id: message for message in messages}
        items = loso.items(blind.load_manifest(Path(args.blind)), by_id)
        glossary = check_knowledge(load_settings().knowledge_dir).of(GLOSSARY)
        texts = retrieval.message_texts(messages, glossary)
    model = Path(args.model) if args.model else model_path()
    parses = loso.cached_parses(
        [item.question.text for item in items],
        lambda: compare.model_parser(model),
        PROJECT_ROOT / "var" / "retrieval" / f"parses-{model.stem}.json",
    )
    encode = partial(cached_encode, cache_dir=retrieval.ENCODED_DIR)
    return items, parses, loso.ranker_maker(texts, items, encode)


def cmd_nlu_loso(args: argparse.Namespace) -> int:
    """Each candidate way of answering, scored on each released set it did not learn from."""
    items, parses, ranker_for = _loso_setup(args)
    table = loso.leave_one_set_out(loso.candidates(ranker_for, parses), items, parses)
    print(loso.format_table(table))
    return 0


def cmd_nlu_teach(args: argparse.Namespace) -> int:
    """Labels the released sets' questions and writes them for the assistant (taught.yml)."""
    sets = [s for s in blind.load_manifest(Path(args.blind)) if s.id not in (args.leave_out or [])]
    store = KnowledgeStore.from_settings()
    with store.session() as session:
        messages = {message.id: message for message in store.key_messages(session)}
        text = blind_labels.taught_text(sets, messages, Path(args.blind))
    changed = blind_labels.write_taught(text, retrieval.TAUGHT_FILE)
    print(f"{retrieval.TAUGHT_FILE}: " + ("written" if changed else "up to date"))
    return 0


def cmd_nlu_fit_fusion(args: argparse.Namespace) -> int:
    """Fits the learned fusion on every released set and writes it for the assistant, with
    the taught lines it was fitted beside."""
    cmd_nlu_teach(args)
    items, parses, ranker_for = _loso_setup(args)
    items = [item for item in items if item.set_id not in (args.leave_out or [])]
    fusion = loso.fit_fusion(items, parses, ranker_for, taught=True)
    loso.write_fusion(fusion, retrieval.FUSION_FILE, sorted({i.set_id for i in items}))
    print(f"{retrieval.FUSION_FILE}: threshold {fusion.threshold}")
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


def cmd_bench(args: argparse.Namespace) -> int:
    if args.workshop_only:
        results = bench.run_workshop_benchmarks()
    else:
        results = bench.run_benchmarks(
            Path(args.questions), include_training=not args.skip_training
        )
    bench.write(results, Path(args.out))
    print(json.dumps(results, indent=2))
    return 0


def cmd_privacy_report(args: argparse.Namespace) -> int:
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


def since_value(value: str) -> int | datetime.date:
    """--since: a number of days ("30d") or a date ("2026-01-01")."""
    days = re.fullmatch(r"([1-9]\d*)d", value)
    if days:
        return int(days[1])
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r}: give a number of days such as 30d, or a date such as 2026-01-01"
        ) from None


def date_value(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: give a date such as 2026-01-31") from None


def _listed(heading: str, lines: list[str]) -> list[str]:
    return [heading, *(lines or ["  none"])]


def _rate(part: int, whole: int) -> str:
    """A percentage, or the counts with a caution when too few for one to mean much."""
    if enough_for_a_rate(whole):
        return f"{part / whole:.1%}"
    return f"{part:,} of {whole:,}: too few for a rate"


def insights_summary(insights: Insights, top_key_messages: int = 5, top_groups: int = 3) -> str:
    """What the learning lead reads first; the CSV files hold the rest."""
    funnel = insights.funnel
    outcomes = insights.outcomes
    stopped = ", ".join(f"{step}: {count:,}" for step, count in funnel.stopped_at)
    ungrouped = insights.unanswered_ungrouped
    themes = [gap for gap in insights.practice_gaps if gap.kind == THEME]
    return "\n".join(
        [
            f"Insights {insights.start} to {insights.end} (UTC days, both included)",
            f"Questions: {insights.questions:,}; not understood: {insights.unanswered:,} "
            f"({_rate(insights.unanswered, insights.questions)})",
            f"Answered: {outcomes.all_answered:,}, of them with low confidence (below "
            f"{insights.low_confidence_below:g}): {outcomes.low_confidence:,}; outside the "
            f"audits' coverage: {outcomes.declined:,}",
            f"Not counted as questions (acknowledgements, corrections, workshop and quiz "
            f"answers, typed reasons): {outcomes.conversation_turns:,}",
            *_listed(
                "Most answered key messages:",
                [
                    f"  {item.answered:6,}  {item.title} ({item.theme})"
                    for item in insights.top_key_messages[:top_key_messages]
                ],
            ),
            *_listed(
                "Largest groups of unanswered questions:",
                [
                    f'  {group.size:6,}  {group.label}: "{group.examples[0]}"'
                    for group in insights.unanswered_groups[:top_groups]
                ]
                + ([f"  and {ungrouped:,} with no word left to group by"] if ungrouped else []),
            ),
            *_listed(
                "Topics outside the audits' coverage:",
                [
                    f"  {topic.questions:6,}  {topic.topic}"
                    for topic in insights.declined_topics[:top_groups]
                ],
            ),
            f"Escalation route finder: {funnel.started:,} started, "
            f"{funnel.situation_known:,} situation known, {funnel.completed:,} completed; "
            f"stopped at {stopped}",
            *_listed(
                "Least asked themes:",
                [f"  {gap.questions:6,}  {gap.theme}" for gap in reversed(themes[-3:])],
            ),
        ]
    )


def cmd_insights(args: argparse.Namespace) -> int:
    """Computes the insights of the range, prints the summary and writes the CSV files."""
    until = args.until or datetime.datetime.now(datetime.timezone.utc).date()
    start = (
        until - datetime.timedelta(days=args.since - 1)
        if isinstance(args.since, int)
        else args.since
    )
    if start > until:
        print(f"--since {start} is after --until {until}", file=sys.stderr)
        return 2
    try:
        low_confidence = insights_low_confidence()
    except ValueError as refused:
        print(refused, file=sys.stderr)
        return 2
    store = KnowledgeStore.from_settings()
    labels = uncovered_topic_labels(load_settings().knowledge_dir)
    try:
        insights = compute_insights(store, start, until, low_confidence, labels)
    finally:
        store.engine.dispose()
    print(insights_summary(insights))
    written = insights_export.write(insights, Path(args.out))
    print(f"{len(written)} CSV files written to {args.out}")
    return 0


def cmd_trainer_password(_args: argparse.Namespace) -> int:
    """Prints the hash to set as RPA_TRAINER_PASSWORD_HASH; the password itself is asked
    without echo (or read from standard input, for scripts) and never written anywhere."""
    password = (
        getpass.getpass("Trainer password: ") if sys.stdin.isatty() else sys.stdin.readline()
    ).rstrip("\n")
    try:
        print(hash_password(password))
    except ValueError as refused:
        print(refused, file=sys.stderr)
        return 2
    return 0


def cmd_insights_purge(_args: argparse.Namespace) -> int:
    """Deletes the usage events older than the retention period (RPA_INSIGHTS_RETENTION_DAYS)."""
    try:
        days = insights_retention_days()
    except ValueError as bad_setting:
        print(bad_setting, file=sys.stderr)
        return 2
    store = KnowledgeStore.from_settings()
    try:
        purged = usage_events.purge(store, days)
    finally:
        store.engine.dispose()
    print(f"purged {purged} usage event(s) older than {days} days")
    return 0


def cmd_handout(args: argparse.Namespace) -> int:
    """Writes one handout for trainers preparing offline: a PDF, or the page (with its two
    stylesheets beside it) when --out ends in .html. Reads the loaded knowledge base."""
    kind, out = handouts.Kind(args.kind), Path(args.out)
    store = KnowledgeStore.from_settings()
    try:
        handout = handouts.Handouts(store).build(kind, args.id)
    except handouts.NotFound as missing:
        print(missing, file=sys.stderr)
        return 2
    finally:
        store.engine.dispose()
    html = handout_pages.render_handout(handout, stylesheet=handout_pages.STYLESHEET)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".html":
        out.write_text(html, encoding="utf-8")
        handout_pdf.copy_stylesheets(out.parent)
    else:
        try:
            out.write_bytes(handout_pdf.print_pdf(html))
        except handout_pdf.PdfFailed as failed:
            print(failed, file=sys.stderr)
            return 1
    print(f"{handout.title}: written to {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument(
        "--env-file",
        action="append",
        default=[],
        metavar="FILE",
        help="read settings from FILE as systemd's EnvironmentFile= does (any number, later "
        "files win, over the caller's environment too); e.g. /etc/rpa/conf/rpa.env",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str,
        handler: Callable[[argparse.Namespace], int],
        help_text: str,
        parent: argparse._SubParsersAction[argparse.ArgumentParser] = commands,
    ) -> argparse.ArgumentParser:
        sub = parent.add_parser(name, help=help_text)
        sub.set_defaults(handler=handler)
        return sub

    knowledge = commands.add_parser("knowledge", help="validate, load or document knowledge/")
    knowledge_commands = knowledge.add_subparsers(dest="action", required=True)
    check = add(
        "check",
        cmd_knowledge_check,
        "validate knowledge/ and list what is left to confirm",
        knowledge_commands,
    )
    check.add_argument(
        "--release", action="store_true", help="fail while anything is left to confirm"
    )
    report = add(
        "report",
        cmd_knowledge_report,
        "write the sign-off sheet (Markdown, and the page and PDF beside it)",
        knowledge_commands,
    )
    report.add_argument("--out", default="results/sign-off.md")
    report.add_argument("--no-pdf", action="store_true", help="write the Markdown and page only")
    sign = add(
        "sign",
        cmd_knowledge_sign,
        "record a signed sign-off sheet in the confirmations file",
        knowledge_commands,
    )
    sign.add_argument("--by", required=True, help='who signs, name and role: "J. Doe, role"')
    sign.add_argument("--on", help="the date signed, YYYY-MM-DD (default: today)")
    sign.add_argument(
        "--section", action="append", help="a section id of the sheet (repeat; default: all)"
    )
    sign.add_argument("--file", help=f"the confirmations file (default: {ENV_CONFIRMATIONS_FILE})")
    add("load", cmd_knowledge_load, "validate and load into the database", knowledge_commands)
    readme = add(
        "docs", cmd_knowledge_docs, "write README.md's tables from the schema", knowledge_commands
    )
    readme.add_argument("--check", action="store_true", help="only report a stale README")

    nlu = commands.add_parser("nlu", help="NLU data generated from knowledge/")
    nlu_commands = nlu.add_subparsers(dest="action", required=True)
    generate = add("generate", cmd_nlu_generate, "write data/ files from knowledge/", nlu_commands)
    generate.add_argument("--check", action="store_true", help="only report stale files")

    compared = add(
        "compare", cmd_nlu_compare, "selector, BM25, nearest example side by side", nlu_commands
    )
    compared.add_argument("files", nargs="*", help="question files (dev-questions format)")
    compared.add_argument("--blind", help="also every question file of this blind directory")
    compared.add_argument("--model", help="model file (default: the one for the current data)")
    for name, command, what in (
        ("loso", cmd_nlu_loso, "each way of answering, leaving one released blind set out"),
        ("fit-fusion", cmd_nlu_fit_fusion, "fit the learned fusion on the released blind sets"),
        ("teach", cmd_nlu_teach, "label the released blind sets' questions (taught.yml)"),
    ):
        held = add(name, command, what, nlu_commands)
        held.add_argument("--blind", default=str(blind.BLIND_DIR), help="blind sets directory")
        if name != "teach":
            held.add_argument("--model", help="model file (default: the one for the current data)")
        if name != "loso":
            held.add_argument(
                "--leave-out", action="append", help="a released set to hold out (to measure)"
            )
    heldout = add(
        "heldout", cmd_nlu_heldout, "write the held-out questions as NLU data", nlu_commands
    )
    heldout.add_argument("--questions", required=True, help="labelled question file")
    heldout.add_argument("--out", default="results/heldout-nlu.yml")
    gate = add("gate", cmd_nlu_gate, "fail if macro F1 per key message is too low", nlu_commands)
    gate.add_argument("report", help="response_selection_report.json from `rasa test nlu`")

    model = commands.add_parser("model", help="the trained model's fingerprint")
    model_commands = model.add_subparsers(dest="action", required=True)
    add("path", cmd_model_path, "where the model for the current data lives", model_commands)
    add("link", cmd_model_link, "point models/current.tar.gz at that model", model_commands)
    add("fingerprint", cmd_model_fingerprint, "hash of config, domain and data", model_commands)
    serve = add("serve", cmd_serve, "start the action server and Rasa")
    serve.add_argument("--rasa-port", type=int, default=5005)
    serve.add_argument("--actions-port", type=int, default=5055)
    serve.add_argument(
        "--cors", help=f"allowed browser origins, space-separated (default: ${ENV_CORS_ORIGINS})"
    )
    serve.add_argument("--model", help="model file (default: the one for the current data)")
    serve.add_argument("--shell", action="store_true", help="chat in this terminal instead")
    evaluate = add("eval", cmd_eval, "score a running assistant over REST")
    evaluate.add_argument(
        "files",
        nargs="+",
        help="question or conversation files (dev-questions or dev-conversations format)",
    )
    evaluate.add_argument("--url", default="http://localhost:5005")
    evaluate.add_argument("--target", type=float, default=0.95)
    evaluate.add_argument("--quiet", action="store_true", help="do not list failures")
    evaluate.add_argument(
        "--blind", help="also score every set in this blind directory's manifest.yml, reported only"
    )
    teams = add("teams-manifest", teams_manifest.run, "write the Teams app package (.zip)")
    teams_manifest.add_arguments(teams)
    privacy = add("privacy-report", cmd_privacy_report, "recall of identifier detection")
    privacy.add_argument(
        "files",
        nargs="+",
        help="labelled message files (the Makefile's privacy-report passes tests/data/)",
    )
    bench_command = add("bench", cmd_bench, "measure latency, start-up, training, memory")
    bench_command.add_argument(
        "--questions", required=True, help="question file the simulated practitioners ask"
    )
    bench_command.add_argument("--out", default="results/bench.json")
    bench_command.add_argument("--skip-training", action="store_true")
    bench_command.add_argument(
        "--workshop-only",
        action="store_true",
        help="only the live workshop's measures, on a fresh server (votes to the chart, phones)",
    )
    insights = add(
        "insights",
        cmd_insights,
        "what practitioners asked in a date range: a summary, and CSV files",
    )
    insights.add_argument(
        "--since",
        type=since_value,
        default=30,
        help="a number of days ending on --until (30d, the default), or a first date",
    )
    insights.add_argument(
        "--until", type=date_value, help="the last date, included (default: today, UTC)"
    )
    insights.add_argument("--out", default="results/insights", help="folder for the CSV files")
    add(
        "trainer-password",
        cmd_trainer_password,
        f"hash a trainer password for {ENV_TRAINER_PASSWORD_HASH} (insights and workshops)",
    )
    cluster.add_arguments(
        add("cluster", cluster.run, "PostgreSQL, Redis, HAProxy and several Rasa instances")
    )
    deployment_check.add_arguments(
        add("deployment", deployment_check.run, "the mode, and what a production start lacks")
    )
    schema.add_arguments(
        add("db", schema.run, "upgrade or create the tables, before any server starts")
    )
    retention.add_arguments(
        add("retention", retention.run, f"delete conversations older than {ENV_RETENTION_DAYS}")
    )
    backup.add_arguments(
        add("backup", backup.run, "back up or restore the knowledge database and feedback")
    )
    handout = add("handout", cmd_handout, "write a handout (PDF, or .html) for offline use")
    handout.add_argument("kind", choices=handouts.kinds(), help="which kind of handout")
    handout.add_argument(
        "id", help="the case, audit or theme id, e.g. send-erika (see /handouts/ for all)"
    )
    handout.add_argument("--out", required=True, help="file to write: .pdf, or .html")
    insights_commands = insights.add_subparsers(dest="action")
    add(
        "purge",
        cmd_insights_purge,
        f"delete usage events older than {ENV_INSIGHTS_RETENTION_DAYS}",
        insights_commands,
    )
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
