"""Cases and audits (actions/cases.py)."""

from __future__ import annotations

import pytest

from actions import cases
from tests.actions.trackers import run, tracker
from tests.support import all_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tell me about the Erika case", "Source: SEND audit 2016-17, Case 5 (Erika)."),
        (
            "what did the audit find in deshawns case",
            "Source: SEND audit 2016-17, Case 4 (Deshawn).",
        ),
        (
            "summary of mental health audit case three please",
            "Source: Mental health audit 2019/20, Case 3.",
        ),
        ("tell me about case 2 in the MH audit", "Source: Mental health audit 2019/20, Case 2."),
    ],
)
def test_cases_are_found_by_name_or_number(text: str, expected: str) -> None:
    messages, _ = run(cases.ActionDescribeCase(), tracker(text, "ask_case"))
    assert expected in all_text(messages)


def test_an_ambiguous_case_number_lists_the_cases() -> None:
    messages, _ = run(cases.ActionDescribeCase(), tracker("tell me about case 2", "ask_case"))
    assert all_text(messages).startswith("Which case?")


def test_audit_description_names_its_cases() -> None:
    messages, _ = run(
        cases.ActionDescribeAudit(), tracker("what did the SEND audit find", "ask_audit")
    )
    text = all_text(messages)
    assert "Case 1 (Adam), Case 2 (Barak), Case 3 (Caryn), Case 4 (Deshawn), Case 5 (Erika)" in text
    assert len(messages[0]["buttons"]) == 15
