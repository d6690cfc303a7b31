"""The handout pages as HTML: what each kind shows, that data is only ever text (a key message
holding markup is shown as markup, never run), the index's URLs, the 404 page, and the live
workshop results hook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.handouts.content import Handouts, Kind
from bot.handouts.pages import (
    handout_path,
    render_handout,
    render_index,
    render_not_found,
    render_pdf_failed,
)
from bot.handouts.results import AnswerCount, QuestionResult, SessionResults
from bot.settings import Settings
from tests.handouts.conftest import loaded
from tests.web.dom import parse, rows, tables

MARKUP_TITLE = '<script>alert("x")</script><b>Bold</b> & co'
MARKUP_QUESTION = "Do you <img src=x onerror=alert(1)> record it?"


def test_case_page_shows_every_part_in_order(fixture_handouts: Handouts) -> None:
    page = parse(render_handout(fixture_handouts.build(Kind.CASE, "send-adam")))
    assert page.find("h1").text() == "Case handout: Case 1 (Adam), SEND audit 2016-17"
    assert [h.text() for h in page.find_all("h2")] == [
        "The case",
        "Key messages",
        "Services and contacts",
        "Worried about a child now?",
        "Sources",
    ]
    learning = page.find("article", "learning")
    assert [h.text() for h in learning.find_all("h4")] == [
        "What the audit found",
        "Key message",
        "What to do",
        "Reflective questions",
    ]
    assert "Do you flag disguised compliance in supervision?" in learning.words()
    assert "Source: SEND audit 2016-17, Case 1 (Adam)." in learning.words()
    # each number says where it applies, except 999, which applies anywhere (content review M19)
    numbers = [n.text() for n in page.find_all("li") if ": 999 " in n.text() or "0000" in n.text()]
    assert numbers == [
        "Police or ambulance in an emergency: 999 (a child is in immediate danger)",
        "Fixture front door: 020 0000 0000 (office hours; Hackney)",
    ]
    assert page.find("main").attrs["id"] == "main"
    assert page.find("link").attrs["href"] == "/handouts/handouts.css"
    assert not page.find_all("script")


def test_briefing_page_has_the_seven_boxes(fixture_handouts: Handouts) -> None:
    page = parse(render_handout(fixture_handouts.build(Kind.BRIEFING, "send-barak")))
    boxes = page.find("ol", "briefing-boxes").find_all("li", "briefing-box")
    assert [box.find("h2").text() for box in boxes] == [
        "Background: what happened",
        "What the audit found",
        "Key learning",
        "What to do",
        "Questions for your team",
        "Services and contacts",
        "Worried about a child now?",
    ]
    # Barak's key message has no reflective question: the box says so, none is made up.
    assert "no reflective question" in boxes[4].words()
    assert "Nia Project" in boxes[5].words() and "020 7683 1270" in boxes[5].words()


def test_markup_in_the_knowledge_is_shown_as_text(fixture_settings: Settings) -> None:
    # The question is quoted verbatim by the walk-throughs too: changed everywhere.
    for path in Path(fixture_settings.knowledge_dir).rglob("*.yml"):
        text = path.read_text()
        text = text.replace('title: "Disguised compliance"', f"title: '{MARKUP_TITLE}'")
        text = text.replace(
            '"Do you flag disguised compliance in supervision?"', f'"{MARKUP_QUESTION}"'
        )
        path.write_text(text)
    handouts = loaded(fixture_settings)
    try:
        for kind in (Kind.CASE, Kind.BRIEFING):
            html = render_handout(handouts.build(kind, "send-adam"))
            page = parse(html)
            assert (
                not page.find_all("script") and not page.find_all("img") and not page.find_all("b")
            ), kind
            assert "&lt;script&gt;" in html and "&lt;img src=x" in html
            assert MARKUP_QUESTION in page.words()
        page = parse(render_handout(handouts.build(Kind.CASE, "send-adam")))
        assert page.find("article", "learning").find("h3").text() == MARKUP_TITLE
    finally:
        handouts.store.engine.dispose()


def test_only_http_links_become_links(fixture_settings: Settings) -> None:
    for url, linked in (("https://example.org/policy", True), ("javascript:alert(1)", False)):
        handouts = loaded(fixture_settings, environ={"RPA_LINK_ESCALATION_POLICY": url})
        try:
            page = parse(render_handout(handouts.build(Kind.CASE, "send-adam")))
        finally:
            handouts.store.engine.dispose()
        hrefs = [a.attrs.get("href") for a in page.find_all("a")]
        assert (url in hrefs) is linked


def test_index_links_every_handout_and_pdf_by_the_url_scheme(fixture_handouts: Handouts) -> None:
    page = parse(render_index(fixture_handouts.catalogue()))
    hrefs = {a.attrs["href"] for a in page.find_all("a")}
    expected = {
        "/handouts/audit/send-2016-17",
        "/handouts/audit/send-2016-17.pdf",
        "/handouts/case/send-adam",
        "/handouts/case/send-adam.pdf",
        "/handouts/briefing/send-adam",
        "/handouts/briefing/send-adam.pdf",
        "/handouts/briefing/send-barak.pdf",
        "/handouts/case/send-case-3",
        "/handouts/theme/engaging-families.pdf",
    }
    assert expected <= hrefs
    assert "/handouts/briefing/send-case-3" not in hrefs
    assert handout_path(Kind.CASE, "send-erika", pdf=True) == "/handouts/case/send-erika.pdf"


def test_not_found_and_pdf_failed_pages_say_what() -> None:
    page = parse(render_not_found("There is no case with the id “<x>”."))
    assert page.find("h1").text() == "Handout not found"
    assert "There is no case with the id “<x>”." in page.words()
    failed = parse(render_pdf_failed("It took too long.", "/handouts/case/send-adam"))
    assert "It took too long." in failed.words()
    assert "/handouts/case/send-adam" in {a.attrs["href"] for a in failed.find_all("a")}


RESULTS = SessionResults(
    title="Team workshop <on Adam>",
    held_on=date(2026, 11, 20),
    participants=20,
    questions=(
        QuestionResult(
            "What would you do next?",
            (
                AnswerCount("Escalate to your manager", 8, 15, supported=True),
                AnswerCount("Hold off", 12, 5),
            ),
        ),
        QuestionResult("Asked once", (AnswerCount("Yes", 3, supported=True), AnswerCount("No", 1))),
    ),
)


def test_workshop_results_are_shown_when_given(fixture_handouts: Handouts) -> None:
    handout = fixture_handouts.build(Kind.CASE, "send-adam")
    assert "Results of the workshop session" not in render_handout(handout)
    page = parse(render_handout(handout, results=RESULTS))
    section = page.find("section", "handout-section")
    words = page.words()
    assert "Team workshop <on Adam>, 20 November 2026: 20 taking part." in words
    found = tables(page)
    first = found["Question 1: What would you do next?"]
    assert rows(first) == [
        ["Escalate to your manager (the answer the audit supports)", "8 (40%)", "15 (75%)"],
        ["Hold off", "12 (60%)", "5 (25%)"],
    ]
    assert "40% before the discussion, 75% after (+35 points)." in words
    assert rows(found["Question 2: Asked once"])[0] == [
        "Yes (the answer the audit supports)",
        "3 (75%)",
    ]
    assert "Chose the answer the audit supports: 75%." in words
    assert section is not None
    briefing = render_handout(fixture_handouts.build(Kind.BRIEFING, "send-adam"), results=RESULTS)
    assert "Results of the workshop session" in briefing
