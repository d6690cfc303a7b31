"""`python -m bot handout`: one handout written for trainers preparing offline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.handouts import content as handouts
from bot.handouts import pages as handout_pages
from bot.handouts import pdf as handout_pdf
from bot.tooling.commands.database import knowledge_store


def run(args: argparse.Namespace) -> int:
    """Writes one handout for trainers preparing offline: a PDF, or the page (with its two
    stylesheets beside it) when --out ends in .html. Reads the loaded knowledge base."""
    kind, out = handouts.Kind(args.kind), Path(args.out)
    with knowledge_store() as store:
        try:
            handout = handouts.Handouts(store).build(kind, args.id)
        except handouts.NotFound as missing:
            print(missing, file=sys.stderr)
            return 2
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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `handout` command's options, for bot/tooling/cli.py."""
    parser.add_argument("kind", choices=handouts.kinds(), help="which kind of handout")
    parser.add_argument(
        "id", help="the case, audit or theme id, e.g. send-erika (see /handouts/ for all)"
    )
    parser.add_argument("--out", required=True, help="file to write: .pdf, or .html")
