"""NLU data derived from knowledge/ is generated, and stale data is caught."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge import nlu_data
from bot.knowledge.validation import check_knowledge
from bot.settings import PROJECT_ROOT
from tests.support import add_extra_key_message


def test_committed_nlu_data_matches_knowledge() -> None:
    knowledge = check_knowledge(PROJECT_ROOT / "knowledge")
    assert nlu_data.stale_files(knowledge) == [], "run `python -m bot nlu generate`"


def test_a_new_key_message_makes_the_generated_data_stale(
    knowledge_dir: Path, tmp_path: Path
) -> None:
    for generated in nlu_data.generate(check_knowledge(knowledge_dir)):
        target = tmp_path / generated.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(generated.text)
    add_extra_key_message(knowledge_dir)
    knowledge = check_knowledge(knowledge_dir)
    assert set(nlu_data.stale_files(knowledge, tmp_path)) == {
        nlu_data.LEARNING_FILE,
        nlu_data.RESPONSES_FILE,
    }
    assert nlu_data.write(knowledge, tmp_path)
    text = (tmp_path / nlu_data.LEARNING_FILE).read_text()
    assert "- intent: ask_learning/fixture-new-audit-message" in text
    assert "- fixture question eight" in text
    assert nlu_data.stale_files(knowledge, tmp_path) == []


def test_glossary_variants_cover_each_form_and_plurals() -> None:
    glossary = [{"term": "DNA", "expansions": ["did not attend", "not brought to appointments"]}]
    assert nlu_data.with_glossary_variants("3 DNAs in a row", glossary) == [
        "3 DNAs in a row",
        "3 did not attend in a row",
        "3 not brought to appointments in a row",
    ]
    assert nlu_data.with_glossary_variants("she did not attend again", glossary) == [
        "she did not attend again",
        "she DNA again",
        "she not brought to appointments again",
    ]
    assert nlu_data.with_glossary_variants("nothing to expand", glossary) == ["nothing to expand"]
