"""Scores a running assistant over REST against a question file (the dev-questions format).

A reply passes when its text and button titles, lower-cased and joined, contain at least
one phrase from each group in `expect` (and `also`). Out-of-scope questions must be told
plainly that the assistant cannot help; privacy questions must also leave nothing stored.
"""

from __future__ import annotations

import json
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.dialogue.answers.safety import NOT_URGENT_BUTTON, STILL_URGENT, URGENT_LINE_START
from bot.knowledge.yaml_source import read_yaml
from bot.settings import client_rest_token

OUT_OF_SCOPE_PHRASES = (
    "can't help",
    "cannot help",
    "can not help",
    "not able to help",
    "unable to help",
)
DECLINED_PHRASES = ("not cover", "don't cover", "doesn't cover", "not covered")
"""A safeguarding question outside the audits must be told so plainly."""
EMERGENCY_PHRASES = ("999",)
URGENT_CONTACT_PHRASES = ("020 8356 5500", "020 7332 3621", "020 8356 2710")
"""Asking who to call gets at least one of the local numbers in knowledge/contacts.yml."""
DEFAULT_GROUPS: dict[str, tuple[str, ...]] = {
    "out_of_scope": OUT_OF_SCOPE_PHRASES,
    "out_of_coverage": DECLINED_PHRASES,
    "emergency": EMERGENCY_PHRASES,
    "urgent_contact": URGENT_CONTACT_PHRASES,
}
"""What every question of a kind must get, whatever its own `expect` adds."""
KINDS = (
    "topic",
    "case",
    "emergency",
    "privacy",
    "out_of_scope",
    "trainer",
    "out_of_coverage",
    "urgent_contact",
    "risk_practice",
)
"""risk_practice: a practice question that mentions risk; it must get its answer (expect),
not the urgent advice alone."""
URGENT_BLOCK_MARK = NOT_URGENT_BUTTON.title.lower()
"""Only the urgent block offers "It's not urgent": its button tells the block, which stands in
for an answer, from the one-line 999 reminder that comes with one (issue 20 holds the block
alone to at most 5% of practice questions that mention risk)."""
URGENT_KINDS = frozenset({"emergency", "urgent_contact"})
"""The kinds that must get the urgent advice; risk_practice has its own measure (the block
alone) and is warranted one line of it (issue 20, item 5)."""
ORDINARY_EXCLUDED = URGENT_KINDS | {"risk_practice"}
STILL_URGENT_MARK = STILL_URGENT.lower()
URGENT_LINE_MARK = URGENT_LINE_START.lower()


@dataclass(frozen=True)
class FalseAlarms:
    """Urgent advice given where nothing urgent was said, counted over ordinary replies (not
    emergencies or requests for contacts): the urgent block, the "still sounds urgent" reply
    to a follow-up, and the one line of urgent advice put before an answer. Each pushes the
    answer down a phone's screen or replaces it."""

    block: int = 0
    still_urgent: int = 0
    line: int = 0
    ordinary: int = 0

    @classmethod
    def counted(cls, replies: Iterable[str]) -> FalseAlarms:
        """`replies` lower-cased as reply_text gives them, each of an ordinary item."""
        block = still = line = total = 0
        for reply in replies:
            total += 1
            if STILL_URGENT_MARK in reply:
                still += 1
            elif URGENT_BLOCK_MARK in reply:
                block += 1
            elif URGENT_LINE_MARK in reply:
                line += 1
        return cls(block, still, line, total)

    def __add__(self, other: FalseAlarms) -> FalseAlarms:
        return FalseAlarms(
            self.block + other.block,
            self.still_urgent + other.still_urgent,
            self.line + other.line,
            self.ordinary + other.ordinary,
        )

    def describe(self) -> str:
        return (
            f'{FALSE_ALARM_LABEL} urgent block {self.block}, "still sounds urgent" '
            f"{self.still_urgent}, one-line prefix {self.line} (of {self.ordinary} replies)"
        )


FALSE_ALARM_LABEL = "false alarms on ordinary items (lower is better):"


@dataclass(frozen=True)
class Question:
    kind: str
    text: str
    expect: tuple[tuple[str, ...], ...]
    line: int


@dataclass
class Result:
    question: Question
    reply: str
    passed: bool


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for result in self.results:
            tally[result.question.kind][0] += int(result.passed)
            tally[result.question.kind][1] += 1
        return {kind: (passed, total) for kind, (passed, total) in tally.items()}

    def urgent_block_instead_of_answer(self) -> tuple[int, int]:
        """Practice questions that mention risk, failed because the urgent block came instead
        of their answer, of all such questions."""
        risk = [r for r in self.results if r.question.kind == "risk_practice"]
        blocked = [r for r in risk if not r.passed and URGENT_BLOCK_MARK in r.reply]
        return len(blocked), len(risk)

    def false_alarms(self) -> FalseAlarms:
        return FalseAlarms.counted(
            r.reply for r in self.results if r.question.kind not in ORDINARY_EXCLUDED
        )

    @property
    def pass_rate(self) -> float:
        return sum(r.passed for r in self.results) / len(self.results) if self.results else 0.0


class QuestionFileError(Exception):
    """A question file entry is malformed; the message names file, line and field."""


def load_questions(path: Path) -> list[Question]:
    return [question for question, _label in load_questions_with_labels(path)]


def located_entries(path: Path, what: str) -> list[tuple[str, Any]]:
    """The entries of an evaluation file, each with "file:line (what N)" for error messages."""
    entries = read_yaml(path)
    if not isinstance(entries, list):
        raise QuestionFileError(f"{path}: expected a list of {what}s")
    return [
        (f"{path}:{getattr(entry, 'line', '?')} ({what} {number})", entry)
        for number, entry in enumerate(entries, start=1)
    ]


def load_questions_with_labels(path: Path) -> list[tuple[Question, str | None]]:
    """Questions with the key message each is about, where the file says (our own set does)."""
    questions = []
    for where, entry in located_entries(path, "question"):
        if not isinstance(entry, dict):
            raise QuestionFileError(f"{where}: not a mapping")
        kind, text = entry.get("kind"), entry.get("q")
        if kind not in KINDS:
            raise QuestionFileError(f"{where}: field 'kind' must be one of {', '.join(KINDS)}")
        if not isinstance(text, str) or not text.strip():
            raise QuestionFileError(f"{where}: field 'q' must be non-empty text")
        groups = list(entry.get("expect") or []) + list(entry.get("also") or [])
        if kind in DEFAULT_GROUPS:
            groups.append(list(DEFAULT_GROUPS[kind]))
        if not groups or not all(isinstance(g, list) and g for g in groups):
            raise QuestionFileError(f"{where}: field 'expect' must be a list of phrase lists")
        expect = tuple(tuple(str(phrase).lower() for phrase in group) for group in groups)
        label = entry.get("key_message")
        questions.append((Question(kind, text, expect, getattr(entry, "line", 0)), label))
    return questions


def reply_text(messages: list[dict[str, Any]]) -> str:
    parts: list[str] = []
    for message in messages:
        parts.append(message.get("text") or "")
        parts += [button.get("title") or "" for button in message.get("buttons") or []]
    return " ".join(parts).lower()


def ask(
    rasa_url: str,
    text: str,
    sender: str | None = None,
    timeout: float = 30.0,
    headers: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    body = json.dumps({"sender": sender or f"eval-{uuid.uuid4().hex}", "message": text}).encode()
    headers = {"Content-Type": "application/json", **(headers or {})}
    token = client_rest_token()
    if token:  # a production assistant's REST channel answers token holders only
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook", data=body, headers=headers
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def passes(question: Question, reply: str) -> bool:
    return all(any(phrase in reply for phrase in group) for group in question.expect)


def evaluate(rasa_url: str, questions: list[Question]) -> Report:
    report = Report()
    for question in questions:
        reply = reply_text(ask(rasa_url, question.text))
        report.results.append(Result(question, reply, passes(question, reply)))
    return report


def format_report(name: str, report: Report, show_failures: bool = True) -> str:
    lines = [f"{name}: {report.pass_rate:.1%} of {len(report.results)} passed"]
    for kind, (passed, total) in sorted(report.by_kind().items()):
        lines.append(f"  {kind:<13} {passed}/{total} ({passed / total:.0%})")
    blocked, risk = report.urgent_block_instead_of_answer()
    if risk:
        lines.append(f"  {BLOCKED_LABEL} {blocked}/{risk} ({blocked / risk:.1%})")
    alarms = report.false_alarms()
    if alarms.ordinary:
        lines.append(f"  {alarms.describe()}")
    if show_failures:
        for result in report.results:
            if not result.passed:
                lines.append(
                    f"  FAIL [{result.question.kind}] {result.question.text!r} "
                    f"-> {result.reply[:160]!r}"
                )
    return "\n".join(lines)


BLOCKED_LABEL = "risk_practice answered by the urgent block alone (lower is better):"


def format_summary(
    figures: Mapping[str, Mapping[str, tuple[int, int]]],
    blocked: Mapping[str, tuple[int, int]] | None = None,
    alarms: Mapping[str, FalseAlarms] | None = None,
) -> str:
    """One table for the whole run: each file or blind set, each kind, passed of total, and
    where there are practice questions that mention risk, how many got the urgent block alone;
    then the false alarms on ordinary items."""
    lines = ["summary (passed/total by kind):"]
    for name, by_kind in figures.items():
        passed = sum(p for p, _t in by_kind.values())
        total = sum(t for _p, t in by_kind.values())
        share = f"{passed / total:.1%}" if total else "-"
        lines.append(f"{name}: {passed}/{total} ({share})")
        for kind, (kind_passed, kind_total) in sorted(by_kind.items()):
            lines.append(f"  {kind:<15} {kind_passed}/{kind_total}")
        alone, risk = (blocked or {}).get(name, (0, 0))
        if risk:
            lines.append(f"  {BLOCKED_LABEL} {alone}/{risk}")
        found = (alarms or {}).get(name)
        if found is not None and found.ordinary:
            lines.append(f"  {found.describe()}")
    return "\n".join(lines)
