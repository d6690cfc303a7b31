"""`python -m bot nlu compare`: each method is scored on the same questions by whether the
answer of the key message it puts first holds the expected words."""

from __future__ import annotations

from typing import Any

from bot.dialogue.retrieval import knowledge_ranker
from bot.knowledge.schema import GLOSSARY
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.knowledge.validation import check_knowledge
from bot.settings import Settings
from bot.tooling.compare import format_scores, score
from bot.tooling.evaluation import Question


def _selector(*scored: tuple[str, float]) -> dict[str, Any]:
    ranking = [
        {"intent_response_key": f"ask_learning/{key}", "confidence": value} for key, value in scored
    ]
    return {"response_selector": {"ask_learning": {"ranking": ranking}}}


def test_each_method_is_scored_on_the_learning_questions_only(settings: Settings) -> None:
    load_knowledge(settings, environ={})
    store = KnowledgeStore.from_settings(settings)
    with store.session() as session:
        messages = store.key_messages(session)
        glossary = check_knowledge(settings.knowledge_dir).of(GLOSSARY)
        ranker = knowledge_ranker(messages, glossary, settings.knowledge_dir.parent / "encoded")
        by_id = {message.id: message for message in messages}
        questions = [
            Question("topic", "she does all the caring for her unwell mum", (("young carer",),), 1),
            Question("out_of_scope", "reset my password", (("can't help",),), 2),
        ]
        wrong_selector = _selector(("chronic-neglect", 0.6), ("young-carers", 0.1))
        scores = score(questions, lambda _text: wrong_selector, ranker, by_id)
    assert scores["selector"] == (0, 1)
    assert scores["bm25"] == (1, 1)
    assert {total for _right, total in scores.values()} == {1}  # out_of_scope is left out
    assert "  selector           0/1 (0.0%)" in format_scores("set", scores)
