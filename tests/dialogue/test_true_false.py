"""A true-or-false quiz from the quiz questions (bot/dialogue/true_false.py): every statement
is a quiz question with one of its own options, true exactly when that option is correct."""

from __future__ import annotations

from bot.dialogue.true_false import MIN_STATEMENTS, statements
from bot.knowledge.store import KnowledgeStore


def test_statements_take_their_words_and_truth_from_the_quiz_true_and_false_in_turn(
    fixture_store: KnowledgeStore,
) -> None:
    with fixture_store.session() as session:
        questions = fixture_store.quiz_questions(session)
        said = statements(questions)
        assert len(said) == max(len(questions), MIN_STATEMENTS)
        # one from each question first, true and false in turn
        assert [s.question.id for s in said[: len(questions)]] == [q.id for q in questions]
        assert [s.true for s in said[:2]] == [True, False]
        for statement in said:
            option = statement.question.options[statement.option]
            assert statement.text == f"{statement.question.question} {option.text}"
            assert statement.true is option.correct
        # more than the questions: their other options, never a statement twice
        every = statements(questions, 100)
        assert len(every) == sum(len(q.options) for q in questions)
        assert len({(s.question.id, s.option) for s in every}) == len(every)
        assert len(statements(questions, 2)) == 2
