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
from tests.support import EXTRA_KEY_MESSAGE, KNOWLEDGE_FIXTURE, add_extra_key_message

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
        "uncovered_topics": 1,
        "escalation_steps": 4,
        "escalation_tried": 3,
        "escalation_routes": 3,
        "walkthrough_stages": 4,
        "quiz_questions": 3,
        "check_questions": 3,
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
    fixture = EXTRA_KEY_MESSAGE.read_text()
    add_extra_key_message(
        knowledge_dir,
        fixture.replace("related: [disguised-compliance]", "related: [no-such-message]"),
    )
    errors = errors_for(knowledge_dir)
    assert errors == [
        "knowledge/key_messages/next.yml:4: key message 'fixture-new-audit-message', "
        "field 'related': unknown key message 'no-such-message'"
    ]


def test_empty_reflective_prompt(knowledge_dir: Path) -> None:
    fixture = EXTRA_KEY_MESSAGE.read_text()
    add_extra_key_message(
        knowledge_dir,
        fixture.replace('["Does adding a file make this queryable?"]', '["Is it?", " "]'),
    )
    assert errors_for(knowledge_dir) == [
        "knowledge/key_messages/next.yml:4: key message 'fixture-new-audit-message', "
        "field 'reflective_questions': item 2 is empty"
    ]


def test_a_cases_quiz_facts_are_checked_as_a_list_of_text(knowledge_dir: Path) -> None:
    path = knowledge_dir / "cases/send-2016-17.yml"
    line = line_of(path, "- id: send-adam")
    replace_in(path, "    number: 1\n", '    number: 1\n    quiz_facts: ["his own words", " "]\n')
    assert errors_for(knowledge_dir) == [
        f"knowledge/cases/send-2016-17.yml:{line}: case 'send-adam', "
        "field 'quiz_facts': item 2 is empty"
    ]


def test_wrong_types_and_bad_ids(knowledge_dir: Path) -> None:
    fixture = EXTRA_KEY_MESSAGE.read_text()
    add_extra_key_message(
        knowledge_dir,
        fixture.replace("reviewed: 2026-11-22", "reviewed: last week").replace(
            "id: fixture-new-audit-message", "id: Fixture Message"
        ),
    )
    errors = errors_for(knowledge_dir)
    where = "knowledge/key_messages/next.yml:4: key message 'Fixture Message'"
    assert f"{where}, field 'id': 'Fixture Message' is not a lower-case hyphenated id" in errors
    assert f"{where}, field 'reviewed': must be a date written YYYY-MM-DD" in errors


def test_too_few_example_questions(knowledge_dir: Path) -> None:
    fixture = EXTRA_KEY_MESSAGE.read_text()
    add_extra_key_message(knowledge_dir, fixture.replace("      - fixture question eight\n", ""))
    assert errors_for(knowledge_dir) == [
        "knowledge/key_messages/next.yml:4: key message 'fixture-new-audit-message', "
        "field 'example_questions': needs at least 8 items, has 7"
    ]


def test_the_words_naming_a_subject_are_checked_one_by_one(knowledge_dir: Path) -> None:
    """`named_by`: each a regular expression that matches some words (fix38d)."""
    fixture = EXTRA_KEY_MESSAGE.read_text()
    add_extra_key_message(
        knowledge_dir,
        fixture.replace(
            "    reviewed: 2026-11-22",
            "    reviewed: 2026-11-22\n    named_by:\n      - 'stim(?:s|ming'\n      - 'a?'\n"
            "      - 'special\\s+interests?'",
        ),
    )
    where = "knowledge/key_messages/next.yml:4: key message 'fixture-new-audit-message'"
    errors = errors_for(knowledge_dir)
    assert len(errors) == 1 and errors[0].startswith(
        f"{where}, field 'named_by': item 1: 'stim(?:s|ming' is not a regular expression ("
    )
    add_extra_key_message(
        knowledge_dir, fixture.replace("2026-11-22", "2026-11-22\n    named_by: ['a?']")
    )
    assert errors_for(knowledge_dir) == [
        f"{where}, field 'named_by': item 1: 'a?' matches an empty text"
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


WALKTHROUGHS_FILE = Path("walkthroughs/send-2016-17.yml")
QUIZZES_FILE = Path("quizzes/send-2016-17.yml")


def test_a_question_has_exactly_one_correct_option(knowledge_dir: Path) -> None:
    path = knowledge_dir / QUIZZES_FILE
    replace_in(path, '"Any professional."\n        correct: true\n', '"Any professional."\n')
    replace_in(path, '"Only the parent."\n', '"Only the parent."\n        correct: true\n')
    where = f"knowledge/{QUIZZES_FILE}"
    assert errors_for(knowledge_dir) == [
        f"{where}:{line_of(path, 'id: quiz-children-witnessing')}: quiz question "
        "'quiz-children-witnessing-domestic-abuse', field 'options': 'correct: true' is on "
        "items 1 and 2; it must be on exactly one",
        f"{where}:{line_of(path, 'id: quiz-calling-professionals')}: quiz question "
        "'quiz-calling-professionals-meetings', field 'options': 'correct: true' is on no item; "
        "it must be on exactly one",
    ]


def test_a_stage_has_exactly_one_supported_option_and_at_most_one_that_happened(
    knowledge_dir: Path,
) -> None:
    path = knowledge_dir / WALKTHROUGHS_FILE
    replace_in(
        path,
        '"Call a professionals meeting."\n        supported: true\n',
        '"Call a professionals meeting."\n',
    )
    replace_in(
        path, '"Support the parent only."\n', '"Support the parent only."\n        happened: true\n'
    )
    where = f"knowledge/{WALKTHROUGHS_FILE}"
    assert errors_for(knowledge_dir) == [
        f"{where}:{line_of(path, 'id: send-adam-2')}: walk-through stage 'send-adam-2', field "
        "'options': 'supported: true' is on no item; it must be on exactly one",
        f"{where}:{line_of(path, 'id: send-barak-1')}: walk-through stage 'send-barak-1', field "
        "'options': 'happened: true' is on items 1 and 2; it must be on at most one",
    ]


def test_options_are_distinct_ignoring_case(knowledge_dir: Path) -> None:
    path = knowledge_dir / QUIZZES_FILE
    replace_in(path, '"Only a manager."', '"ONLY the  social worker."')
    assert errors_for(knowledge_dir) == [
        f"knowledge/{QUIZZES_FILE}:{line_of(path, 'id: quiz-calling-professionals')}: quiz "
        "question 'quiz-calling-professionals-meetings', field 'options': items 1 and 3 give the "
        "same 'text' (ignoring case): 'ONLY the  social worker.'"
    ]


def test_three_or_four_options(knowledge_dir: Path) -> None:
    path = knowledge_dir / WALKTHROUGHS_FILE
    replace_in(path, '      - text: "Close the case."\n', "")
    replace_in(
        path,
        '"Leave it to the police."\n',
        '"Leave it to the police."\n      - text: "Ask the school."\n',
    )
    where = f"knowledge/{WALKTHROUGHS_FILE}"
    assert errors_for(knowledge_dir) == [
        f"{where}:{line_of(path, 'id: send-adam-1')}: walk-through stage 'send-adam-1', field "
        "'options': needs at least 3 items, has 2",
        f"{where}:{line_of(path, 'id: send-barak-1')}: walk-through stage 'send-barak-1', field "
        "'options': takes at most 4 items, has 5",
    ]


def test_an_option_is_checked_field_by_field_at_its_own_line(knowledge_dir: Path) -> None:
    path = knowledge_dir / QUIZZES_FILE
    replace_in(path, '- text: "Close the case."', '- txt: "Close the case."')
    replace_in(
        path,
        '"Flag it in supervision."\n        correct: true',
        '"Flag it in supervision."\n        correct: "true"',
    )
    replace_in(path, '      - text: "Only the parent."\n', '      - "Only the parent."\n')
    where = f"knowledge/{QUIZZES_FILE}"
    label = "quiz question 'quiz-disguised-compliance', field 'options'"
    assert errors_for(knowledge_dir) == [
        f"{where}:{line_of(path, 'Flag it in supervision')}: {label}, item 2, field 'correct': "
        "must be true or false",
        f"{where}:{line_of(path, 'Close the case')}: {label}, item 3: unknown field 'txt'",
        f"{where}:{line_of(path, 'Close the case')}: {label}, item 3: missing required field "
        "'text'",
        f"{where}:{line_of(path, 'id: quiz-children-witnessing')}: quiz question "
        "'quiz-children-witnessing-domestic-abuse', field 'options': item 1 is not a mapping",
        f"{where}:{line_of(path, 'id: quiz-disguised-compliance')}: {label}: 'correct: true' is "
        "on no item; it must be on exactly one",
    ]


def test_walkthroughs_and_quizzes_name_existing_cases_key_messages_and_audits(
    knowledge_dir: Path,
) -> None:
    walkthroughs, quizzes = knowledge_dir / WALKTHROUGHS_FILE, knowledge_dir / QUIZZES_FILE
    replace_in(walkthroughs, "key_messages: [disguised-compliance]", "key_messages: [disguised]")
    replace_in(quizzes, "source: send-2016-17", "source: send-2061-17")
    replace_in(quizzes, "key_message: calling-professionals-meetings", "key_message: meetings")
    errors = errors_for(knowledge_dir)
    assert (
        f"knowledge/{WALKTHROUGHS_FILE}:{line_of(walkthroughs, 'id: send-adam-1')}: walk-through "
        "stage 'send-adam-1', field 'key_messages': unknown key message 'disguised'"
    ) in errors
    quiz = f"knowledge/{QUIZZES_FILE}"
    assert (
        f"{quiz}:{line_of(quizzes, 'id: quiz-disguised')}: quiz question "
        "'quiz-disguised-compliance', field 'source': unknown source 'send-2061-17'"
    ) in errors
    assert (
        f"{quiz}:{line_of(quizzes, 'id: quiz-calling')}: quiz question "
        "'quiz-calling-professionals-meetings', field 'key_message': unknown key message 'meetings'"
    ) in errors


def test_cases_and_key_messages_are_of_the_items_own_audit(knowledge_dir: Path) -> None:
    source = (knowledge_dir / "sources/send-2016-17.yml").read_text(encoding="utf-8")
    (knowledge_dir / "sources/other.yml").write_text(
        source.replace("id: send-2016-17", "id: other-audit"), encoding="utf-8"
    )
    walkthroughs, quizzes = knowledge_dir / WALKTHROUGHS_FILE, knowledge_dir / QUIZZES_FILE
    stage = line_of(walkthroughs, "id: send-barak-2")
    replace_in(
        walkthroughs,
        "case: send-barak\n    source: send-2016-17\n    stage: 2",
        "case: send-barak\n    source: other-audit\n    stage: 2",
    )
    replace_in(quizzes, "source: send-2016-17", "source: other-audit")
    assert errors_for(knowledge_dir) == [
        f"knowledge/{WALKTHROUGHS_FILE}:{stage}: walk-through stage 'send-barak-2', field "
        "'case': case 'send-barak' has source 'send-2016-17', not 'other-audit'",
        f"knowledge/{WALKTHROUGHS_FILE}:{stage}: walk-through stage 'send-barak-2', field "
        "'key_messages': key message 'calling-professionals-meetings' has source "
        "'send-2016-17', not 'other-audit'",
        f"knowledge/{QUIZZES_FILE}:{line_of(quizzes, 'id: quiz-disguised')}: quiz question "
        "'quiz-disguised-compliance', field 'key_message': key message 'disguised-compliance' "
        "has source 'send-2016-17', not 'other-audit'",
    ]


def test_reflective_questions_are_verbatim_from_the_linked_key_messages(
    knowledge_dir: Path,
) -> None:
    path = knowledge_dir / WALKTHROUGHS_FILE
    replace_in(
        path,
        '      - "Do you flag disguised compliance in supervision?"\n',
        '      - "Do you flag disguised compliance in supervision"\n'
        '      - "Who else holds part of the picture?"\n',
    )
    where = f"knowledge/{WALKTHROUGHS_FILE}:{line_of(path, 'id: send-adam-1')}"
    label = "walk-through stage 'send-adam-1', field 'reflective_questions'"
    assert errors_for(knowledge_dir) == [
        f"{where}: {label}: item 1 is not, verbatim, one of the reflective_questions of its "
        "key_messages (disguised-compliance): 'Do you flag disguised compliance in supervision'",
        f"{where}: {label}: item 2 is not, verbatim, one of the reflective_questions of its "
        "key_messages (disguised-compliance): 'Who else holds part of the picture?'",
    ]


def test_the_stages_of_a_case_are_numbered_in_file_order(knowledge_dir: Path) -> None:
    path = knowledge_dir / WALKTHROUGHS_FILE
    replace_in(
        path,
        "case: send-adam\n    source: send-2016-17\n    stage: 2",
        "case: send-adam\n    source: send-2016-17\n    stage: 3",
    )
    replace_in(
        path,
        "case: send-barak\n    source: send-2016-17\n    stage: 1",
        "case: send-barak\n    source: send-2016-17\n    stage: 2",
    )
    where = f"knowledge/{WALKTHROUGHS_FILE}"
    assert errors_for(knowledge_dir) == [
        f"{where}:{line_of(path, 'id: send-adam-2')}: walk-through stage 'send-adam-2', field "
        "'stage': is 3, expected 2: the walk-through stages of case 'send-adam' are numbered "
        "1, 2, 3, ... in file order",
        f"{where}:{line_of(path, 'id: send-barak-1')}: walk-through stage 'send-barak-1', field "
        "'stage': is 2, expected 1: the walk-through stages of case 'send-barak' are numbered "
        "1, 2, 3, ... in file order",
        f"{where}:{line_of(path, 'id: send-barak-2')}: walk-through stage 'send-barak-2', field "
        "'stage': is 2, expected 3: the walk-through stages of case 'send-barak' are numbered "
        "1, 2, 3, ... in file order",
    ]


def test_every_key_message_has_a_quiz_question(knowledge_dir: Path) -> None:
    quizzes = knowledge_dir / QUIZZES_FILE
    text = quizzes.read_text(encoding="utf-8")
    quizzes.write_text(
        text[: text.index("  - id: quiz-calling-professionals-meetings")], encoding="utf-8"
    )
    messages = knowledge_dir / KEY_MESSAGES_FILE
    assert errors_for(knowledge_dir) == [
        f"knowledge/{KEY_MESSAGES_FILE}:{line_of(messages, '- id: calling-professionals')}: key "
        "message 'calling-professionals-meetings': no quiz question (quizzes/*.yml) names it in "
        "its field 'key_message'"
    ]


def test_a_before_after_question_quotes_an_action_or_names_a_quiz_question_of_its_message(
    knowledge_dir: Path,
) -> None:
    checks = knowledge_dir / "checks" / "fixture.yml"
    checks.parent.mkdir(exist_ok=True)
    checks.write_text(
        "check_questions:\n"
        "  - id: check-triangulate\n"
        "    source: send-2016-17\n"
        "    key_message: disguised-compliance\n"
        '    confidence: "Triangulate what the family tells you."\n'
        "  - id: check-quiz\n"
        "    source: send-2016-17\n"
        "    key_message: disguised-compliance\n"
        "    quiz_question: quiz-disguised-compliance\n"
        "  - id: check-made-up\n"
        "    source: send-2016-17\n"
        "    key_message: disguised-compliance\n"
        '    confidence: "Trust what the family tells you."\n'
        "  - id: check-other-message\n"
        "    source: send-2016-17\n"
        "    key_message: disguised-compliance\n"
        "    quiz_question: quiz-children-witnessing-domestic-abuse\n"
        "  - id: check-both\n"
        "    source: send-2016-17\n"
        "    key_message: disguised-compliance\n"
        '    confidence: "Triangulate what the family tells you."\n'
        "    quiz_question: quiz-disguised-compliance\n",
        encoding="utf-8",
    )
    errors = errors_for(knowledge_dir)
    assert len(errors) == 3, errors
    assert "check-made-up', field 'confidence': item 1 is not, verbatim, one of the actions" in (
        errors[1] + errors[2] + errors[0]
    )
    assert any("check-other-message', field 'quiz_question'" in error for error in errors)
    assert any("check-both'" in error and "either `confidence`" in error for error in errors)


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        ("    description: cutting\n    terms: []\n", "terms"),
        # the description is what a question's meaning is weighed against: it must be there
        ("    terms: [FGM]\n", "description"),
    ],
)
def test_an_uncovered_topic_without_terms_or_description_is_named_with_file_line_and_field(
    knowledge_dir: Path, fields: str, missing: str
) -> None:
    (knowledge_dir / "uncovered_topics.yml").write_text(
        "uncovered_topics:\n  - id: fgm\n    label: FGM\n"
        "    source: London Safeguarding Children Procedures\n" + fields
    )
    errors = errors_for(knowledge_dir)
    assert len(errors) == 1 and errors[0].startswith("knowledge/uncovered_topics.yml:2"), errors
    assert missing in errors[0]


def test_a_folder_checked_again_unchanged_gives_an_equal_copy(knowledge_dir: Path) -> None:
    first = check_knowledge(knowledge_dir)
    first.of("themes")[0]["title"] = "changed by a caller"
    again = check_knowledge(knowledge_dir)
    assert again.of("themes")[0]["title"] == "Information sharing"
    assert again.of("themes")[0].line == first.of("themes")[0].line


def test_a_file_changed_to_the_same_size_at_once_is_read_again(knowledge_dir: Path) -> None:
    check_knowledge(knowledge_dir)
    replace_in(knowledge_dir / "themes.yml", "Information sharing", "Information Sharing")
    assert check_knowledge(knowledge_dir).of("themes")[0]["title"] == "Information Sharing"
    replace_in(knowledge_dir / "themes.yml", 'title: "Information Sharing"', "title: [x")
    assert any("invalid YAML" in error for error in errors_for(knowledge_dir))
