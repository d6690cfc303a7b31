"""Handout PDFs printed by Chromium and read back with poppler (pdftotext, pdfinfo): a case's
PDF holds every reflective question of the case, every 7-minute briefing is one A4 page, the
cache prints a PDF once however often it is asked for, and a printer that hangs or is missing
gives PdfFailed instead of a hung request. Fails, saying how to install, without Chromium or
poppler-utils (`make browser-deps`)."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bot.handouts.content import Handouts, Kind
from bot.handouts.pages import STYLESHEET, render_handout
from bot.handouts.pdf import PdfCache, PdfFailed, chromium_command, print_pdf
from bot.handouts.results import AnswerCount, QuestionResult, SessionResults
from bot.live_workshop.plan import Kind as StepKind
from bot.live_workshop.plan import build_plan

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(autouse=True, scope="module")
def _tools() -> None:
    for tool in (str(CHROMIUM), "pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} not found: run `make browser-deps` (chromium, poppler-utils)")


def pdf_of(handouts: Handouts, kind: Kind, handout_id: str, tmp_path: Path) -> Path:
    html = render_handout(handouts.build(kind, handout_id), stylesheet=STYLESHEET)
    out = tmp_path / f"{kind.value}-{handout_id}.pdf"
    out.write_bytes(print_pdf(html))
    return out


def words(pdf: Path) -> str:
    """The PDF's text with hyphen-free line breaks joined, spaces normalised."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", " ", text)


def info(pdf: Path) -> dict[str, str]:
    lines = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("\u2019", "'")


def test_case_pdf_holds_every_reflective_question(real_handouts: Handouts, tmp_path: Path) -> None:
    # Case 2 (Barak) has the most: eight over five key messages.
    handout = real_handouts.build(Kind.CASE, "send-barak")
    questions = [q for q, _ in handout.questions()]
    assert len(questions) == 8
    text = normalised(words(pdf_of(real_handouts, Kind.CASE, "send-barak", tmp_path)))
    for question in questions:
        assert normalised(question) in text, question
    assert "Source: SEND audit 2016-17, Case 2 (Barak)." in text
    assert info(tmp_path / "case-send-barak.pdf")["Page size"].endswith("(A4)")


def test_fixture_case_pdf(fixture_handouts: Handouts, tmp_path: Path) -> None:
    text = words(pdf_of(fixture_handouts, Kind.CASE, "send-adam", tmp_path))
    assert "Do you flag disguised compliance in supervision?" in text
    assert "All handouts" not in text, "the screen navigation is not printed"


def test_every_real_briefing_is_one_a4_page(real_handouts: Handouts, tmp_path: Path) -> None:
    briefings = [e.id for e in real_handouts.catalogue().cases if e.briefing]
    assert len(briefings) == 8
    for case_id in briefings:
        pdf = pdf_of(real_handouts, Kind.BRIEFING, case_id, tmp_path)
        details = info(pdf)
        assert details["Pages"] == "1", case_id
        assert details["Page size"].endswith("(A4)"), case_id
        text = normalised(words(pdf))
        for question, _ in real_handouts.build(Kind.BRIEFING, case_id).team_questions():
            assert normalised(question) in text, (case_id, question)
        assert "Worried about a child now?" in text and "999" in text


def test_the_cache_prints_once(fixture_handouts: Handouts) -> None:
    html = render_handout(fixture_handouts.build(Kind.BRIEFING, "send-adam"), stylesheet=STYLESHEET)
    cache = PdfCache()

    async def scenario() -> None:
        first = await asyncio.gather(*(cache.get(html) for _ in range(3)))
        assert cache.prints == 1, "concurrent requests share one print"
        again = await cache.get(html)
        assert cache.prints == 1
        assert {pdf for _, pdf in first} == {again[1]}
        assert again[1].startswith(b"%PDF")
        other = html.replace("Adam", "Adam (changed)")
        await cache.get(other)
        assert cache.prints == 2, "new content, new PDF"

    asyncio.run(scenario())


def running(group: int) -> bool:
    """Whether a live (not zombie) process of the group is left, after a second's grace."""
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        states = subprocess.run(
            ["ps", "-o", "stat=", "-g", str(group)], capture_output=True, text=True
        ).stdout.split()
        if not [state for state in states if not state.startswith("Z")]:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture
def printer_dir() -> Iterator[Path]:
    """A folder for stand-in printers that the unprivileged user printing runs as (when the
    tests run as root) can reach: pytest's own tmp_path is private to root."""
    folder = Path(tempfile.mkdtemp(prefix="rpa-printer-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder)


def test_printing_as_root_runs_chromium_as_an_unprivileged_user_with_its_sandbox(
    printer_dir: Path,
) -> None:
    """Security review finding 12: Chromium printed with --no-sandbox as root."""
    command = chromium_command("/usr/bin/chromium", Path("/p.html"), Path("/o.pdf"), Path("/x/p"))
    assert "--no-sandbox" not in command
    who = printer_dir / "chromium"
    who.write_text(
        "#!/bin/sh\n"
        'for arg; do case "$arg" in --print-to-pdf=*) out="${arg#--print-to-pdf=}";; esac; done\n'
        'printf "%%PDF-uid-$(id -u)" > "$out"\n'
    )
    who.chmod(0o755)
    pdf = print_pdf("<p>x</p>", chromium=str(who))
    assert pdf.startswith(b"%PDF-uid-") and pdf != b"%PDF-uid-0"


def test_a_printer_that_hangs_is_stopped(printer_dir: Path) -> None:
    hanging = printer_dir / "chromium"
    started = printer_dir / "pid"
    # A browser that starts a child and never finishes: both must be gone after the timeout.
    hanging.write_text(f"#!/bin/sh\necho $$ > {started}\nsleep 30 &\nsleep 30\n")
    hanging.chmod(0o755)
    cache = PdfCache(timeout=0.5, chromium=str(hanging))

    async def scenario() -> None:
        with pytest.raises(PdfFailed, match="longer than 0 seconds|longer than 1 seconds"):
            await cache.get("<p>x</p>")
        assert cache.prints == 0
        assert not running(int(started.read_text()))

    asyncio.run(scenario())


def test_a_missing_or_failing_printer_says_so(printer_dir: Path) -> None:
    with pytest.raises(PdfFailed, match="not installed"):
        print_pdf("<p>x</p>", chromium=str(printer_dir / "no-chromium"))
    failing = printer_dir / "chromium"
    failing.write_text("#!/bin/sh\nexit 3\n")
    failing.chmod(0o755)
    with pytest.raises(PdfFailed, match="status 3"):
        print_pdf("<p>x</p>", chromium=str(failing))


def test_a_request_that_goes_away_does_not_stop_the_shared_print(printer_dir: Path) -> None:
    slow = printer_dir / "chromium"
    slow.write_text(
        "#!/bin/sh\n"
        'for arg; do case "$arg" in --print-to-pdf=*) out="${arg#--print-to-pdf=}";; esac; done\n'
        'sleep 1\nprintf "%%PDF-slow" > "$out"\n'
    )
    slow.chmod(0o755)
    cache = PdfCache(chromium=str(slow))

    async def scenario() -> None:
        leaving = asyncio.ensure_future(cache.get("<p>x</p>"))
        staying = asyncio.ensure_future(cache.get("<p>x</p>"))
        await asyncio.sleep(0.2)
        leaving.cancel()
        _, pdf = await staying
        assert pdf == b"%PDF-slow"
        assert cache.prints == 1
        assert (await cache.get("<p>x</p>"))[1] == pdf and cache.prints == 1

    asyncio.run(scenario())


def test_a_briefing_with_a_workshop_s_results_is_the_one_page_briefing_then_one_page_of_results(
    real_handouts: Handouts, tmp_path: Path
) -> None:
    store = real_handouts.store
    with store.session() as session:
        quizzes = [quiz.id for quiz in store.quiz_questions(session, "send-2016-17")]
        _source, title, steps = build_plan(store, session, "send-erika", quizzes[:4], True)
    voted = [step for step in steps if step.options]
    results = SessionResults(
        title,
        date(2026, 11, 26),
        25,
        tuple(
            QuestionResult(
                step.prompt,
                tuple(
                    AnswerCount(option, 5, 5 if step.kind is StepKind.BEFORE else None, i == 0)
                    for i, option in enumerate(step.options)
                ),
            )
            for step in voted
            if step.kind is not StepKind.AFTER
        ),
    )
    html = render_handout(
        real_handouts.build(Kind.BRIEFING, "send-erika"), stylesheet=STYLESHEET, results=results
    )
    pdf = tmp_path / "briefing-with-results.pdf"
    pdf.write_bytes(print_pdf(html))
    assert info(pdf)["Pages"] == "2"
    first = subprocess.run(
        ["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Worried about a child now?" in first
    assert "Results of the workshop session" not in first
    assert "Results of the workshop session" in words(pdf)
