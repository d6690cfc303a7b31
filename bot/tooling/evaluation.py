"""Scores a running assistant over REST against a question file (the dev-questions format).

A reply passes when its text and button titles, lower-cased and joined, contain at least
one phrase from each group in `expect` (and `also`). Out-of-scope questions must be told
plainly that the assistant cannot help; privacy questions must also leave nothing stored.
"""

from __future__ import annotations

import json
import os
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.knowledge.yaml_source import read_yaml
from bot.web.security import ENV_REST_TOKEN

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
    token = os.environ.get(ENV_REST_TOKEN)
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
    if show_failures:
        for result in report.results:
            if not result.passed:
                lines.append(
                    f"  FAIL [{result.question.kind}] {result.question.text!r} "
                    f"-> {result.reply[:160]!r}"
                )
    return "\n".join(lines)


def format_summary(figures: Mapping[str, Mapping[str, tuple[int, int]]]) -> str:
    """One table for the whole run: each file or blind set, each kind, passed of total."""
    lines = ["summary (passed/total by kind):"]
    for name, by_kind in figures.items():
        passed = sum(p for p, _t in by_kind.values())
        total = sum(t for _p, t in by_kind.values())
        share = f"{passed / total:.1%}" if total else "-"
        lines.append(f"{name}: {passed}/{total} ({share})")
        for kind, (kind_passed, kind_total) in sorted(by_kind.items()):
            lines.append(f"  {kind:<15} {kind_passed}/{kind_total}")
    return "\n".join(lines)
