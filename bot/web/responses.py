"""The answers our pages send: an HTML page with our headers, and a CSV download.

Some CSV cells hold what practitioners typed (minimised unanswered questions, typed feedback
reasons, workshop answers). A spreadsheet runs a cell that starts with "=", "+", "-" or "@" as a
formula, so such a cell is written with a leading apostrophe, which spreadsheets show as text
(OWASP's advice for CSV injection; tab and carriage return are treated the same way).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.web.html import PAGE_HEADERS, STATIC_DIR, STYLESHEET
from bot.web.security import TEXT_HEADERS

Cell = str | int
Rows = list[Sequence[Cell]]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSS = "text/css; charset=utf-8"
STATIC_HEADERS: Mapping[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
}
"""Our stylesheets and scripts: checked again on every load, so a release shows at once."""
BYTE_ORDER_MARK = "\ufeff"
"""At the start of a CSV download, so that Excel reads UTF-8 (titles with accents) right."""


def html(body: str, status: int = 200, headers: Mapping[str, str] | None = None) -> HTTPResponse:
    """A page of ours, with the page headers (its content security policy among them)."""
    return response.html(body, status=status, headers={**PAGE_HEADERS, **(headers or {})})


async def static_file(path: Path, mime_type: str = CSS) -> HTTPResponse:
    """A stylesheet or script of ours, from the repository's static folders."""
    return await response.file(path, mime_type=mime_type, headers=dict(STATIC_HEADERS))


def serve_trainer_stylesheet(blueprint: Blueprint) -> None:
    """trainer.css at the blueprint's own prefix (/insights/trainer.css, /handouts/trainer.css,
    ...): each area's pages stand on their own, and the route is written here once."""

    @blueprint.route(f"/{STYLESHEET}", methods=["GET"])
    async def trainer_stylesheet(_request: Request) -> HTTPResponse:
        return await static_file(STATIC_DIR / STYLESHEET)


def _formula_like(value: str) -> bool:
    """Whether a spreadsheet could read the cell as a formula: also after the spaces it may
    skip, and with compatibility forms (fullwidth U+FF1D) folded to the ASCII ones."""
    if value.startswith(FORMULA_STARTS):
        return True
    return unicodedata.normalize("NFKC", value).lstrip(" ").startswith(FORMULA_STARTS)


def safe_cell(value: Cell) -> Cell:
    """A text cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and _formula_like(value):
        return "'" + value
    return value


def rows_csv(rows: Rows) -> str:
    """Rows as CSV text (RFC 4180 line ends), every text cell safe from formulas."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def csv_download(filename: str, text: str) -> HTTPResponse:
    """CSV text (from `rows_csv`) as a file to save, named `filename`, with a byte order mark."""
    return response.text(
        BYTE_ORDER_MARK + text,
        content_type="text/csv; charset=utf-8",
        headers={**TEXT_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'},
    )
