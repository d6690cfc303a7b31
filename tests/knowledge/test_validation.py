"""Every kind of content error is reported with file, line, item id and field.

The errors are provoked in a copy of the small fixture knowledge set, so each test knows every
error there is; knowledge/ itself is only checked to be valid, and read completely.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.knowledge.schema import COLLECTIONS, LINKS_FILE, LINKS_KEY
from bot.knowledge.validation import KnowledgeInvalid, check_knowledge
from bot.settings import PROJECT_ROOT
from tests.support import FIXTURES, KNOWLEDGE_FIXTURE

KEY_MESSAGES_FILE = Path("key_messages/send-2016-17.yml")


@pytest.fixture
def knowledge_dir(fixture_knowledge_dir: Path) -> Path:
    """The tests here break a copy of the fixture knowledge set, not of knowledge/."""
    return fixture_knowledge_dir


def errors_for(knowledge_dir: Path) -> list[str]:
    with pytest.raises(KnowledgeInvalid) as raised:
        check_knowledge(knowledge_dir)
    return raised.value.errors


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def items_in_files(root: Path) -> dict[str, int]:
    """How many items each collection's files hold, read as plain YAML."""
    return {
        spec.key: sum(
            len(yaml.safe_load(path.read_text(encoding="utf-8"))[spec.key])
            for path in root.glob(spec.pattern)
        )
        for spec in COLLECTIONS
    }


def test_the_real_knowledge_is_valid_and_read_completely() -> None:
    root = PROJECT_ROOT / "knowledge"
    knowledge = check_knowledge(root)
    assert {key: len(items) for key, items in knowledge.items.items()} == items_in_files(root)
    links = yaml.safe_load((root / LINKS_FILE).read_text(encoding="utf-8"))[LINKS_KEY]
    assert knowledge.links.keys() == links.keys()


def test_the_fixture_is_valid() -> None:
    knowledge = check_knowledge(KNOWLEDGE_FIXTURE)
    assert {key: len(items) for key, items in knowledge.items.items()} == {
        "sources": 1,
        "themes": 3,
        "cases": 3,
        "services": 3,
        "key_messages": 3,
        "urgent_contacts": 2,
        "glossary": 1,
        "escalation_steps": 4,
        "escalation_tried": 3,
        "escalation_routes": 3,
    }
    assert len(knowledge.links) == 3


def test_broken_yaml_names_file_and_line(knowledge_dir: Path) -> None:
    path = knowledge_dir / "key_messages/broken.yml"
    path.write_text('key_messages:\n  - id: broken\n    title: "unclosed\n    theme: x\n')
    errors = errors_for(knowledge_dir)
    assert len(errors) == 1
    assert errors[0].startswith("knowledge/key_messages/broken.yml:5: invalid YAML"), errors


def test_missing_required_field_names_item_and_field(knowledge_dir: Path) -> None:
    path = knowledge_dir / KEY_MESSAGES_FILE
    line = line_of(path, "- id: disguised-compliance")
    replace_in(
        path, "- id: disguised-compliance\n    title:", "- id: disguised-compliance\n    heading:"
    )
    errors = errors_for(knowledge_dir)
    where = f"knowledge/{KEY_MESSAGES_FILE}:{line}: key message 'disguised-compliance'"
    assert f"{where}: unknown field 'heading'" in errors
    assert f"{where}: missing required field 'title'" in errors


def test_duplicate_ids_name_both_places(knowledge_dir: Path) -> None:
    path = knowledge_dir / KEY_MESSAGES_FILE
    second = line_of(path, "- id: calling-professionals-meetings")
    replace_in(path, "- id: calling-professionals-meetings", "- id: disguised-compliance")
    first = line_of(path, "- id: disguised-compliance")
    where = f"knowledge/{KEY_MESSAGES_FILE}"
    assert (
        f"{where}:{second}: duplicate key message id 'disguised-compliance' "
        f"(first defined at {where}:{first})"
    ) in errors_for(knowledge_dir)


def test_unknown_service_reference(knowledge_dir: Path) -> None:
    path = knowledge_dir / KEY_MESSAGES_FILE
    replace_in(path, "[nia-project,", "[nia-projekt,")
    errors = errors_for(knowledge_dir)
    assert any(
        "key message 'children-witnessing-domestic-abuse', field 'signposts': "
        "unknown service 'nia-projekt'" in error
        for error in errors
    ), errors


def test_unknown_related_key_message(knowledge_dir: Path) -> None:
    path = knowledge_dir / "key_messages/extra.yml"
    fixture = (FIXTURES / "extra_key_message.yml").read_text()
    path.write_text(
        fixture.replace("related: [disguised-compliance]", "related: [no-such-message]")
    )
    errors = errors_for(knowledge_dir)
    assert errors == [
        "knowledge/key_messages/extra.yml:4: key message 'fixture-new-audit-message', "
        "field 'related': unknown key message 'no-such-message'"
    ]


def test_empty_reflective_prompt(knowledge_dir: Path) -> None:
    path = knowledge_dir / "key_messages/extra.yml"
    fixture = (FIXTURES / "extra_key_message.yml").read_text()
    path.write_text(
        fixture.replace('["Does adding a file make this queryable?"]', '["Is it?", " "]')
    )
    assert errors_for(knowledge_dir) == [
        "knowledge/key_messages/extra.yml:4: key message 'fixture-new-audit-message', "
        "field 'reflective_questions': item 2 is empty"
    ]


def test_wrong_types_and_bad_ids(knowledge_dir: Path) -> None:
    path = knowledge_dir / "key_messages/extra.yml"
    fixture = (FIXTURES / "extra_key_message.yml").read_text()
    path.write_text(
        fixture.replace("reviewed: 2026-11-22", "reviewed: last week").replace(
            "id: fixture-new-audit-message", "id: Fixture Message"
        )
    )
    errors = errors_for(knowledge_dir)
    where = "knowledge/key_messages/extra.yml:4: key message 'Fixture Message'"
    assert f"{where}, field 'id': 'Fixture Message' is not a lower-case hyphenated id" in errors
    assert f"{where}, field 'reviewed': must be a date written YYYY-MM-DD" in errors


def test_too_few_example_questions(knowledge_dir: Path) -> None:
    path = knowledge_dir / "key_messages/extra.yml"
    fixture = (FIXTURES / "extra_key_message.yml").read_text()
    path.write_text(fixture.replace("      - fixture question eight\n", ""))
    assert errors_for(knowledge_dir) == [
        "knowledge/key_messages/extra.yml:4: key message 'fixture-new-audit-message', "
        "field 'example_questions': needs at least 8 items, has 7"
    ]


def test_wrong_top_level_key(knowledge_dir: Path) -> None:
    (knowledge_dir / "services/more.yml").write_text("service:\n  - id: x\n")
    assert errors_for(knowledge_dir) == [
        "knowledge/services/more.yml:1: expected a mapping with the single top-level key 'services'"
    ]


def test_all_errors_are_reported_at_once(knowledge_dir: Path) -> None:
    replace_in(knowledge_dir / KEY_MESSAGES_FILE, "[nia-project,", "[nia-projekt,")
    (knowledge_dir / "services/more.yml").write_text("service: []\n")
    assert len(errors_for(knowledge_dir)) == 2
