"""The sign-off sheet (issue 21): every item the assistant can say is on it, under its id, with
its source and status; a signed sheet is recorded in the confirmations file; the release check
fails while an item is unsigned or changed since it was signed, and names exactly those; facts
from public pages carry the page's address and the date copied, and are listed when old."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.handouts.sign_off import render_sheet
from bot.knowledge import sign_off
from bot.knowledge.schema import COLLECTIONS, ESCALATION_STEPS, QUIZ_QUESTIONS, URGENT_CONTACTS
from bot.knowledge.signatures import SignState, read_signatures
from bot.knowledge.validation import KnowledgeInvalid, check_knowledge
from bot.settings import PROJECT_ROOT, Settings
from tests.support import run_cli

TODAY = datetime.date(2026, 12, 4)


def sheet_of(knowledge_dir: Path, confirmations: Path | None = None) -> sign_off.Sheet:
    settings = Settings("sqlite://", knowledge_dir, None, confirmations)
    return sign_off.sheet_for(settings, {}, TODAY)[1]


def test_the_sheet_holds_every_item_the_assistant_can_say_with_source_and_status() -> None:
    knowledge = check_knowledge(PROJECT_ROOT / "knowledge")
    sheet = sheet_of(PROJECT_ROOT / "knowledge")
    text, page = sign_off.markdown(sheet), render_sheet(sheet)
    on_sheet = {(item.collection, item.id): item for item in sheet.items}
    for spec in COLLECTIONS:
        ids = [str(item["id"]) for item in knowledge.of(spec.key)]
        assert ids, spec.key
        for item_id in ids:
            item = on_sheet.pop((spec.key, item_id))
            assert f"`{item_id}`" in text and f"<code>{item_id}</code>" in page
            assert item.source and item.status.startswith(
                ("quoted", "composed from", "suggested", "to be confirmed", "confirmed by")
            ), (item_id, item.status)
            assert item.sign_state is SignState.UNSIGNED and "NOT SIGNED" in item.signed_text
    for link_id in knowledge.links:
        on_sheet.pop(("links", link_id))
    assert not on_sheet, "nothing on the sheet that knowledge/ does not hold"
    # What was composed is on it: the marked options of a stage, a quiz's answer and why.
    quiz = next(q for q in knowledge.of(QUIZ_QUESTIONS) if q["id"] == "quiz-access-to-services")
    answer = next(o["text"] for o in quiz["options"] if o.get("correct"))
    assert f"{answer} [correct]" in text and quiz["explanation"] in text
    assert "[the audit supports, what happened in the case]" in text
    assert "[the audit supports]" in text and "Reflective question (quoted)" in text
    # A signature block under every section, in the Markdown and on the page.
    assert text.count("signed off by (name and role)") == len(sheet.sections)
    assert page.count('class="signature-block"') == len(sheet.sections)
    # The review's cases: the Nia Project's 2016-17 number and the last rung are to confirm.
    nia = next(i for i in sheet.items if i.id == "nia-project")
    assert nia.status.startswith("to be confirmed") and ("Phone", "020 7683 1270") in nia.says
    chair = next(i for i in sheet.items if i.id == "escalate-to-independent-chair")
    assert chair.status.startswith("to be confirmed")
    procedures = next(i for i in sheet.items if i.id == "resolve-within-time-frame")
    assert "londonsafeguardingchildrenprocedures.co.uk" in procedures.source
    assert "copied 2026-12-04" in procedures.source
    # A local number shows the page it was read from and when (content review M19).
    mash = next(i for i in sheet.items if i.id == "hackney-mash")
    assert "https://www.chscp.org.uk/worried-about-a-child/, copied 2026-12-04" in mash.source


def sign_everything(knowledge_dir: Path, tmp_path: Path) -> Path:
    """Confirms the contacts and suggested steps, and signs every section, in one file."""
    path = tmp_path / "confirmations.yml"
    knowledge = check_knowledge(knowledge_dir)
    confirmable = [str(c["id"]) for c in knowledge.of(URGENT_CONTACTS)] + [
        f"{route['id']}/{step}"
        for route in knowledge.of("escalation_routes")
        for step in route.get("suggested_steps") or []
    ]
    path.write_text(
        "# The partnership's confirmations and sign-offs.\n"
        + yaml.safe_dump(
            {
                "confirmations": {
                    key: {"by": "J. Doe, lead", "on": "2026-12-01"} for key in confirmable
                }
            }
        ),
        encoding="utf-8",
    )
    signed = cli(
        knowledge_dir, tmp_path, path, "sign", "--by", "J. Doe, CHSCP lead", "--on", "2026-12-04"
    )
    assert signed.returncode == 0, signed.stderr
    return path


def cli(
    knowledge_dir: Path, tmp_path: Path, confirmations: Path, *arguments: str
) -> subprocess.CompletedProcess[str]:
    os.environ["RPA_CONFIRMATIONS_FILE"] = str(confirmations)
    try:
        return run_cli("knowledge", *arguments, knowledge_dir=knowledge_dir, tmp_path=tmp_path)
    finally:
        del os.environ["RPA_CONFIRMATIONS_FILE"]


def test_a_changed_quiz_answer_fails_the_release_check_which_names_that_item(
    knowledge_dir: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.yml"
    empty.write_text("confirmations: {}\n")
    unsigned = cli(knowledge_dir, tmp_path, empty, "check", "--release")
    assert unsigned.returncode == 1 and "quiz_questions/quiz-access-to-services: not signed" in (
        unsigned.stdout
    )
    path = sign_everything(knowledge_dir, tmp_path)
    assert path.read_text().startswith("# The partnership's confirmations"), "comments kept"
    signatures = read_signatures(path)
    assert signatures["quiz_questions/quiz-access-to-services"].by == "J. Doe, CHSCP lead"
    release = cli(knowledge_dir, tmp_path, path, "check", "--release")
    assert release.returncode == 0, release.stdout + release.stderr

    quizzes = knowledge_dir / "quizzes" / "send-2016-17.yml"
    text = quizzes.read_text()
    manager = '      - text: "Escalate it to your manager and seek resolution with the relevant '
    chair = '      - text: "Take it straight to the Independent Chair of the CHSCB."\n'
    right = "        correct: true\n"
    quizzes.write_text(
        text.replace(f'{manager}agency."\n{right}{chair}', f'{manager}agency."\n{chair}{right}', 1)
    )
    assert quizzes.read_text() != text
    failed = cli(knowledge_dir, tmp_path, path, "check", "--release")
    assert failed.returncode == 1 and "release check failed" in failed.stderr
    listed = [line.strip() for line in failed.stdout.splitlines() if re.search(r": \w+/", line)]
    line = text.splitlines().index("  - id: quiz-access-to-services") + 1
    assert listed == [
        f"knowledge/quizzes/send-2016-17.yml:{line}: quiz_questions/quiz-access-to-services: "
        "changed since signed"
    ]
    # Example questions are not said: editing them keeps the signatures.
    messages = knowledge_dir / "key_messages" / "send-2016-17.yml"
    messages.write_text(
        messages.read_text().replace("worried about drift in the care plan", "drift")
    )
    again = cli(knowledge_dir, tmp_path, path, "check", "--release")
    assert [e for e in again.stdout.splitlines() if re.search(r": \w+/", e)] == [
        f"  knowledge/quizzes/send-2016-17.yml:{line}: quiz_questions/quiz-access-to-services: "
        "changed since signed"
    ]

    # The next sheet shows it first, as changed since signed; signing its section again clears it.
    report = cli(
        knowledge_dir, tmp_path, path, "report", "--out", str(tmp_path / "s.md"), "--no-pdf"
    )
    assert report.returncode == 0, report.stderr
    sheet_text = (tmp_path / "s.md").read_text()
    first = sheet_text.index("## ")
    assert sheet_text[first:].startswith("## Changed since signed")
    changed_part = sheet_text[first : sheet_text.index("## ", first + 3)]
    assert "`quiz-access-to-services`" in changed_part and "CHANGED SINCE SIGNED by J. Doe" in (
        changed_part
    )
    assert changed_part.count("| `") == 1
    resigned = cli(
        knowledge_dir,
        tmp_path,
        path,
        "sign",
        "--by",
        "A. N. Other, lead",
        "--section",
        "quiz-questions-send-2016-17",
    )
    assert resigned.returncode == 0, resigned.stderr
    assert cli(knowledge_dir, tmp_path, path, "check", "--release").returncode == 0


def test_an_unknown_section_and_a_broken_sign_off_are_named(tmp_path: Path) -> None:
    path = tmp_path / "confirmations.yml"
    result = cli(
        PROJECT_ROOT / "knowledge", tmp_path, path, "sign", "--by", "X", "--section", "nope"
    )
    assert result.returncode == 1 and "unknown section(s): nope" in result.stderr
    path.write_text("sign_offs:\n  - by: ''\n    on: someday\n    items: [1]\n")
    with pytest.raises(KnowledgeInvalid) as raised:
        read_signatures(path)
    assert raised.value.errors == [
        f"{path}:2: sign-off 1, field 'by': who signed (name and role) is missing",
        f"{path}:2: sign-off 1, field 'on': the date (YYYY-MM-DD) is missing or invalid",
        f"{path}:2: sign-off 1, field 'items': expected a mapping of item to fingerprint",
    ]


def test_a_dated_source_is_validated_and_listed_when_old(
    knowledge_dir: Path, tmp_path: Path
) -> None:
    steps = knowledge_dir / "escalation_steps.yml"
    text = steps.read_text()
    broken = text.replace("    copied_on: 2026-12-04\n", "", 1).replace(
        "  - id: flag-in-supervision\n",
        "  - id: flag-in-supervision\n    source_url: chscp page\n",
        1,
    )
    steps.write_text(broken)
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    line = broken.splitlines().index("  - id: resolve-within-time-frame") + 1
    flag = broken.splitlines().index("  - id: flag-in-supervision") + 1
    assert (
        f"knowledge/escalation_steps.yml:{line}: escalation step 'resolve-within-time-frame': "
        "'source_url' needs a 'copied_on'"
    ) in raised.value.errors
    assert (
        f"knowledge/escalation_steps.yml:{flag}: escalation step 'flag-in-supervision', field "
        "'source_url': 'chscp page' is not a web address starting http:// or https://"
    ) in raised.value.errors

    steps.write_text(text.replace("copied_on: 2026-12-04", "copied_on: 2025-01-31", 1))
    knowledge = check_knowledge(knowledge_dir)
    old = sign_off.sources_to_review(knowledge, TODAY, 180)
    assert any(
        "escalation step 'resolve-within-time-frame': copied from http://" in entry
        and "on 2025-01-31, more than 180 days ago" in entry
        for entry in old
    )
    assert not any("resolve-within" in e for e in sign_off.sources_to_review(knowledge, TODAY, 800))
    step = next(i for i in sheet_of(knowledge_dir).items if i.id == "resolve-within-time-frame")
    assert step.review.startswith("DUE FOR REVIEW: copied from its page 2025-01-31")
    # A contact from a page that does not say which page, or when, is listed too.
    contacts = {s["id"] for s in check_knowledge(knowledge_dir).of(URGENT_CONTACTS)}
    for entry in old:
        if "urgent contact" in entry:
            assert "gives no 'source_url' and 'copied_on'" in entry
            assert any(f"'{contact}'" in entry for contact in contacts)
    assert ESCALATION_STEPS in {spec.key for spec in COLLECTIONS}


def test_the_sheet_prints_as_a_pdf(tmp_path: Path) -> None:
    """The lead's copy: the same sheet printed by the handouts' Chromium."""
    from bot.handouts.sign_off import sheet_pdf

    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(sheet_pdf(sheet_of(PROJECT_ROOT / "knowledge")))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "Sign-off sheet",
        "Quiz questions: SEND audit 2016-17",
        "020 7683 1270",
        "Signature",
    ):
        assert expected in text, expected
