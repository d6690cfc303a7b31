"""The handout routes over HTTP, mounted by Rasa's own `register` in a real Sanic server over
the fixture knowledge: pages, PDFs (cached, with ETag), the 404s naming what is missing, the
503 page when the printer fails, the stylesheets, headers, and the workshop results hook."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import aiohttp
from rasa.core.channels.channel import register
from sanic import Sanic

from bot.handouts.content import Handouts, Kind
from bot.handouts.pdf import PdfCache
from bot.handouts.results import AnswerCount, QuestionResult, SessionResults
from bot.handouts.routes import HandoutsInput, ResultsFor, no_results
from bot.web.html import PAGE_HEADERS
from tests.support import serving
from tests.web.dom import parse

Sanic.test_mode = True


@dataclass
class Harness:
    base_url: str
    client: aiohttp.ClientSession
    pdfs: PdfCache

    async def get(self, path: str, **headers: str) -> tuple[aiohttp.ClientResponse, bytes]:
        async with self.client.get(
            f"{self.base_url}{path}", headers=headers, allow_redirects=False
        ) as reply:
            return reply, await reply.read()


@asynccontextmanager
async def harness(
    handouts: Handouts, pdfs: PdfCache | None = None, results_for: ResultsFor = no_results
) -> AsyncIterator[Harness]:
    cache = pdfs or PdfCache()
    app = Sanic(f"handouts_test_{uuid.uuid4().hex}", configure_logging=False)
    register(
        [HandoutsInput(lambda: handouts, results_for=results_for, pdfs=cache)], app, "/webhooks/"
    )
    timeout = aiohttp.ClientTimeout(total=60)
    async with serving(app) as port, aiohttp.ClientSession(timeout=timeout) as client:
        yield Harness(f"http://127.0.0.1:{port}", client, cache)


def run(scenario: object) -> None:
    asyncio.run(scenario())  # type: ignore[operator]


def assert_page_headers(reply: aiohttp.ClientResponse) -> None:
    for name, value in PAGE_HEADERS.items():
        assert reply.headers[name] == value, name
    assert reply.headers["Content-Type"].startswith("text/html")


def test_index_and_every_kind_of_page(fixture_handouts: Handouts) -> None:
    async def scenario() -> None:
        async with harness(fixture_handouts) as h:
            reply, _ = await h.get("/handouts")
            assert reply.status in (301, 302) and reply.headers["Location"] == "/handouts/"
            reply, body = await h.get("/handouts/")
            assert reply.status == 200
            assert_page_headers(reply)
            assert "/handouts/briefing/send-adam.pdf" in body.decode()
            for path, title in (
                ("/handouts/case/send-adam", "Case handout: Case 1 (Adam), SEND audit 2016-17"),
                ("/handouts/briefing/send-adam", "7-minute briefing: Case 1 (Adam)"),
                ("/handouts/audit/send-2016-17", "Audit handout: SEND audit 2016-17"),
                ("/handouts/theme/engaging-families", "Theme handout: Engaging families"),
            ):
                reply, body = await h.get(path)
                assert reply.status == 200, path
                assert_page_headers(reply)
                page = parse(body.decode())
                assert page.find("h1").text().startswith(title)
                hrefs = {a.attrs["href"] for a in page.find_all("a")}
                assert f"{path}.pdf" in hrefs and "/handouts/" in hrefs
            for name in ("handouts.css", "trainer.css"):
                reply, body = await h.get(f"/handouts/{name}")
                assert reply.status == 200 and reply.headers["Content-Type"].startswith("text/css")
            assert body.startswith(b"/*")

    run(scenario)


def test_unknown_ids_and_kinds_get_a_404_page_naming_them(fixture_handouts: Handouts) -> None:
    async def scenario() -> None:
        async with harness(fixture_handouts) as h:
            for path, said in (
                ("/handouts/case/nobody", "There is no case with the id “nobody” in the audits."),
                ("/handouts/case/nobody.pdf", "There is no case with the id “nobody”"),
                ("/handouts/audit/send-1999", "There is no audit with the id “send-1999”."),
                ("/handouts/theme/knitting", "There is no theme with the id “knitting”."),
                ("/handouts/briefing/send-case-3", "has no 7-minute briefing"),
                ("/handouts/leaflet/send-adam", "There is no kind of handout called “leaflet”"),
                ("/handouts/case/%3Cb%3Ex%3C%2Fb%3E", "There is no case with the id “<b>x</b>”"),
            ):
                reply, body = await h.get(path)
                assert reply.status == 404, path
                assert_page_headers(reply)
                page = parse(body.decode())
                assert page.find("h1").text() == "Handout not found"
                assert said in page.words(), path
                assert not page.find_all("b")
            assert h.pdfs.prints == 0

    run(scenario)


def test_pdf_is_served_cached_and_revalidated(fixture_handouts: Handouts) -> None:
    async def scenario() -> None:
        async with harness(fixture_handouts) as h:
            reply, pdf = await h.get("/handouts/briefing/send-adam.pdf")
            assert reply.status == 200
            assert reply.headers["Content-Type"] == "application/pdf"
            assert reply.headers["Content-Disposition"] == (
                'inline; filename="handout-briefing-send-adam.pdf"'
            )
            assert reply.headers["X-Content-Type-Options"] == "nosniff"
            assert pdf.startswith(b"%PDF")
            etag = reply.headers["ETag"]
            again, same = await h.get("/handouts/briefing/send-adam.pdf")
            assert same == pdf and again.headers["ETag"] == etag
            assert h.pdfs.prints == 1
            unchanged, empty = await h.get(
                "/handouts/briefing/send-adam.pdf", **{"If-None-Match": etag}
            )
            assert unchanged.status == 304 and empty == b""
            assert h.pdfs.prints == 1

    run(scenario)


def test_a_failing_printer_gets_a_503_page_and_the_page_still_works(
    fixture_handouts: Handouts, tmp_path: Path
) -> None:
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)

    async def scenario() -> None:
        async with harness(fixture_handouts, PdfCache(chromium=str(broken))) as h:
            reply, body = await h.get("/handouts/case/send-adam.pdf")
            assert reply.status == 503
            assert_page_headers(reply)
            page = parse(body.decode())
            assert page.find("h1").text() == "The PDF could not be made just now"
            assert "/handouts/case/send-adam" in {a.attrs["href"] for a in page.find_all("a")}
            reply, _ = await h.get("/handouts/case/send-adam")
            assert reply.status == 200

    run(scenario)


def test_workshop_results_come_through_the_hook(fixture_handouts: Handouts) -> None:
    asked: list[tuple[Kind, str]] = []

    def results_for(kind: Kind, handout_id: str) -> SessionResults | None:
        asked.append((kind, handout_id))
        if handout_id != "send-adam":
            return None
        return SessionResults(
            "Adam workshop",
            date(2026, 11, 20),
            4,
            (QuestionResult("What next?", (AnswerCount("Escalate", 1, 3, supported=True),)),),
        )

    async def scenario() -> None:
        async with harness(fixture_handouts, results_for=results_for) as h:
            _, body = await h.get("/handouts/case/send-adam")
            assert "Results of the workshop session" in body.decode()
            _, body = await h.get("/handouts/case/send-barak")
            assert "Results of the workshop session" not in body.decode()
        assert asked == [(Kind.CASE, "send-adam"), (Kind.CASE, "send-barak")]

    run(scenario)
