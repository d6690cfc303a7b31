"""knowledge/README.md documents exactly the schema the validator checks."""

from __future__ import annotations

import pytest

from bot.knowledge import docs
from bot.knowledge.schema import (
    COLLECTIONS_BY_KEY,
    ESCALATION_STEPS,
    KEY_MESSAGES,
    QUIZ_QUESTIONS,
    WALKTHROUGH_STAGES,
)
from bot.knowledge.validation import KnowledgeInvalid
from bot.settings import PROJECT_ROOT

README = PROJECT_ROOT / "knowledge" / "README.md"


def test_the_readme_is_up_to_date_with_the_schema() -> None:
    assert not docs.is_stale(README), "run `python -m bot knowledge docs`"


def test_a_row_says_whether_the_field_is_required_and_what_it_holds() -> None:
    messages = docs.field_table(COLLECTIONS_BY_KEY[KEY_MESSAGES]).splitlines()
    assert messages[0] == "| field | required | type | meaning |"
    assert "| signposts | no | list of service ids | the services to point to |" in messages
    assert any(
        row.startswith("| example_questions | yes | list of text, at least 8 |") for row in messages
    )
    steps = docs.field_table(COLLECTIONS_BY_KEY[ESCALATION_STEPS])
    assert "| key_message | one of `key_message`, `reference` | key message id |" in steps
    assert "| reference_link | no (only with `reference`) | `links.yml` key |" in steps


def test_a_list_of_mappings_documents_each_field_and_the_rules_on_them() -> None:
    quiz = docs.field_table(COLLECTIONS_BY_KEY[QUIZ_QUESTIONS]).splitlines()
    assert "| options | yes | list of mappings, 3 to 4 |" in "\n".join(quiz)
    assert "| options[].text | yes | text | the option (no two alike, ignoring case) |" in quiz
    assert "| options[].correct | true on exactly one | true or false | the right answer |" in quiz
    assert "(every key message needs at least one quiz question) |" in "\n".join(quiz)
    stages = docs.field_table(COLLECTIONS_BY_KEY[WALKTHROUGH_STAGES])
    assert "| options[].happened | true on at most one | true or false |" in stages
    assert "(each verbatim one of the `reflective_questions` of its `key_messages`) |" in stages
    assert "(1, 2, 3, ... in file order for each `case`) |" in stages
    assert "(with the same `source` as the walk-through stage) |" in stages


def test_a_readme_without_a_table_block_is_an_error() -> None:
    text = README.read_text(encoding="utf-8")
    begin = text.index("<!-- begin glossary ")
    end = text.index("<!-- end glossary -->") + len("<!-- end glossary -->")
    with pytest.raises(KnowledgeInvalid) as raised:
        docs.render(text[:begin] + text[end:])
    assert raised.value.errors == [
        "README.md: no block '<!-- begin glossary (generated: python -m bot knowledge docs) -->'"
        " ... '<!-- end glossary -->' for the glossary table"
    ]
