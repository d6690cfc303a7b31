"""A true-or-false quiz from the quiz questions (bot/dialogue/true_false.py): every statement
is a quiz question with one of its own options, true exactly when that option is correct; on
the abbreviations, a term with what the glossary says it or another term stands for."""

from __future__ import annotations

from bot.dialogue.terms import Term
from bot.dialogue.true_false import MIN_STATEMENTS, statements, term_statements
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


def _term(term: str, stands_for: str | None) -> Term:
    return Term(term.lower(), term, stands_for, None, "SEND audit 2016-17")


def test_term_statements_put_each_term_with_its_own_or_anothers_spelling_out() -> None:
    terms = [
        _term("CIN", "Child in need"),
        _term("LAC", "Looked After Children"),
        _term("CLA", "looked after children"),
        _term("FAST", None),
        _term("TAC", "Team around the child"),
    ]
    said = term_statements(terms)
    # FAST is not spelt out in the glossary: no statement on it
    assert [s.term.term for s in said] == ["CIN", "LAC", "CLA", "TAC"]
    assert [s.true for s in said] == [True, False, True, False]
    # a false one never borrows a spelling out that is the term's own in other letters, nor
    # one a true statement of the round gives (that would give the answer away)
    assert said[1].said == "Team around the child"
    assert said[3].said == "Looked After Children"
    assert said[0].text == "CIN stands for \u201cChild in need\u201d."


def test_a_false_term_statement_borrows_from_outside_the_round_first() -> None:
    round_terms = [
        _term("EHCP", "Education, health and care plan"),
        _term("DNA", "Did not attend"),
        _term("ICPC", "Initial child protection conference"),
        _term("MASH", "Multi-agency safeguarding hub"),
        _term("CAMHS", "Child and adolescent mental health services"),
        _term("SENCO", "Special educational needs coordinator"),
    ]
    glossary = [
        *round_terms,
        _term("PEP", "Personal education plan"),
        _term("TAC", "Team around the child"),
    ]
    said = term_statements(round_terms, glossary)
    told_true = {s.said for s in said if s.true}
    assert [s.true for s in said] == [True, False, True, False, True, False]
    for statement in said:
        if not statement.true:
            assert statement.said not in told_true
    assert {said[1].said, said[3].said} <= {"Personal education plan", "Team around the child"}
    # no glossary beyond the round: the false ones swap among themselves
    alone = term_statements(round_terms)
    told = {s.said for s in alone if s.true}
    assert all(s.said not in told for s in alone if not s.true)
