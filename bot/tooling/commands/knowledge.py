"""`python -m bot knowledge check|report|sign|load|docs`: validate knowledge/, load it into
the database, write its README tables and the sign-off sheet, and record signatures."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bot.dialogue import intent_examples, retrieval
from bot.dialogue.coverage import knowledge_judge
from bot.handouts import pdf as handout_pdf
from bot.handouts import sign_off as sign_off_page
from bot.knowledge import docs, go_live, nlu_data, sign_off
from bot.knowledge.models import KeyMessage
from bot.knowledge.schema import GLOSSARY, KEY_MESSAGES
from bot.knowledge.store import KnowledgeStore, load_knowledge, resolve_links
from bot.knowledge.validation import KnowledgeSet, check_knowledge
from bot.safeguards.urgent_retrieval import urgent_examples
from bot.settings import (
    ENV_CONFIRMATIONS_FILE,
    ENV_DATABASE_URL,
    ENV_LINK_PREFIX,
    ENV_LINKS_FILE,
    ENV_MAX_SOURCE_AGE_DAYS,
    configured_database_url,
    load_settings,
    max_content_age_days,
    max_source_age_days,
)
from bot.tooling.serve import make_private


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
        ranker, _messages = knowledge_ranker(store, session)
    print(f"{len(ranker.nearest.lines)} knowledge lines encoded in {retrieval.ENCODED_DIR}")
    # the urgent model fitted (kept by content) and the coverage judge's vectors, so the NLU
    # pipeline's load neither fits nor encodes them
    urgent_examples()
    knowledge_judge(settings.knowledge_dir)
    # and the training examples the intent's second opinion reads (bot/dialogue/intent_examples.py)
    intent_examples.training_examples()
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


def cmd_knowledge_prepare(args: argparse.Namespace) -> int:
    """`make knowledge` (and so every `make run`): check, regenerate the NLU data and load, in
    one process. As three commands, each paid about 2.5 s of CPU for the command line's imports
    before doing anything."""
    return (
        cmd_knowledge_check(argparse.Namespace(release=False))
        or cmd_nlu_generate(argparse.Namespace(check=False))
        or cmd_knowledge_load(args)
    )


def cmd_knowledge_docs(args: argparse.Namespace) -> int:
    readme = load_settings().knowledge_dir / "README.md"
    if args.check:
        stale = docs.is_stale(readme)
        if stale:
            print(f"{readme} is stale: run `python -m bot knowledge docs`", file=sys.stderr)
        return 1 if stale else 0
    print(f"{readme}: tables " + ("regenerated" if docs.write(readme) else "up to date"))
    return 0


def knowledge_ranker(
    store: KnowledgeStore, session: Session
) -> tuple[retrieval.Ranker, dict[str, KeyMessage]]:
    """The answers' ranker over the loaded key messages and the glossary: `knowledge load`
    builds it to fill its vector cache, `nlu compare` ranks with it."""
    messages = store.key_messages(session)
    glossary = check_knowledge(load_settings().knowledge_dir).of(GLOSSARY)
    ranker = retrieval.assistant_ranker(messages, glossary, retrieval.ENCODED_DIR)
    return ranker, {message.id: message for message in messages}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `knowledge` command's actions, for bot/tooling/cli.py."""
    actions = parser.add_subparsers(dest="action", required=True)
    check = actions.add_parser("check", help="validate knowledge/ and list what is left to confirm")
    check.add_argument(
        "--release", action="store_true", help="fail while anything is left to confirm"
    )
    report = actions.add_parser(
        "report", help="write the sign-off sheet (Markdown, and the page and PDF beside it)"
    )
    report.add_argument("--out", default="results/sign-off.md")
    report.add_argument("--no-pdf", action="store_true", help="write the Markdown and page only")
    sign = actions.add_parser(
        "sign", help="record a signed sign-off sheet in the confirmations file"
    )
    sign.add_argument("--by", required=True, help='who signs, name and role: "J. Doe, role"')
    sign.add_argument("--on", help="the date signed, YYYY-MM-DD (default: today)")
    sign.add_argument(
        "--section", action="append", help="a section id of the sheet (repeat; default: all)"
    )
    sign.add_argument("--file", help=f"the confirmations file (default: {ENV_CONFIRMATIONS_FILE})")
    actions.add_parser("load", help="validate and load into the database")
    actions.add_parser(
        "prepare", help="check, nlu generate and load, in one process (make knowledge)"
    )
    readme = actions.add_parser("docs", help="write README.md's tables from the schema")
    readme.add_argument("--check", action="store_true", help="only report a stale README")


def run(args: argparse.Namespace) -> int:
    """Handler for `python -m bot knowledge <action>`."""
    return {
        "check": cmd_knowledge_check,
        "report": cmd_knowledge_report,
        "sign": cmd_knowledge_sign,
        "load": cmd_knowledge_load,
        "prepare": cmd_knowledge_prepare,
        "docs": cmd_knowledge_docs,
    }[args.action](args)
