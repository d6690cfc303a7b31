"""The conversation shapes step on real Rasa messages: the shape of a message decides where
the classifier cannot, and leaves alone the intents that already mean it."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.nlu_components import ConversationShapes
from bot.names import (
    ACKNOWLEDGE_INTENT,
    ASK_CASE_INTENT,
    ASK_HANDOUT_INTENT,
    CHOOSE_OPTION_INTENT,
    DENY_INTENT,
    DETAIL_INTENT,
    DISCUSSION_INTENT,
    FALLBACK_INTENT,
    FEEDBACK_HELPFUL_INTENT,
    FEEDBACK_NOT_HELPFUL_INTENT,
    GOODBYE_INTENT,
    HANDOUT_INTENT,
    HOW_TO_ESCALATE_INTENT,
    IMMEDIATE_RISK_INTENT,
    INSIGHTS_INTENT,
    LEARNING_INTENT,
    MORE_INTENT,
    MORE_PROMPTS_INTENT,
    NEED_HELP_INTENT,
    NONE_OF_THESE_INTENT,
    OUT_OF_SCOPE_INTENT,
    QUIZ_INTENT,
    RISK_MENTIONED,
    ROUTE_PROMPTS_INTENT,
    STOP_INTENT,
    TERM_INTENT,
    THANK_INTENT,
    URGENT_CONTACTS_INTENT,
    WALKTHROUGH_INTENT,
    WORKSHOP_INTENT,
)
from bot.safeguards.nlu_components import IdentifierMasker, SafetyFlagger

SHAPES = ConversationShapes()


def shaped(text: str, intent: str, confidence: float = 0.5, then: tuple[str, ...] = ()) -> str:
    """The intent after the step, for a message the classifier read as `intent` (at
    `confidence`), then as each of `then`."""
    message = Message(data={TEXT: text})
    ranking = [{"name": intent, "confidence": confidence}]
    ranking += [{"name": other, "confidence": 0.3} for other in then]
    message.set(INTENT, ranking[0], add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    SHAPES.process([message])
    return str(message.get(INTENT)["name"])


@pytest.mark.parametrize(
    ("text", "classified", "expected"),
    [
        ("right, ta", LEARNING_INTENT, THANK_INTENT),
        ("good good thx", ACKNOWLEDGE_INTENT, THANK_INTENT),
        ("👍", FALLBACK_INTENT, ACKNOWLEDGE_INTENT),
        ("what does CAMHS stand for", LEARNING_INTENT, TERM_INTENT),
        ("and?", FALLBACK_INTENT, MORE_INTENT),
        ("hark number", LEARNING_INTENT, DETAIL_INTENT),
        ("which audit again", FALLBACK_INTENT, DETAIL_INTENT),
        # a quiz asked for in a sentence, whatever topic its words suggest; a letter answers
        ("could you quiz the team on missed appointments", LEARNING_INTENT, QUIZ_INTENT),
        ("I need a quiz about young carers for a briefing", WORKSHOP_INTENT, QUIZ_INTENT),
        ("walk them through Barak and then quiz them", WALKTHROUGH_INTENT, WALKTHROUGH_INTENT),
        ("right, let's stop the quiz there", LEARNING_INTENT, LEARNING_INTENT),
        # a question for the quiz the asker writes asks the learning on it
        (
            "idea for a quiz - what is the risk when everyone backs mum?",
            QUIZ_INTENT,
            LEARNING_INTENT,
        ),
        # a walk-through, a handout or a live workshop asked for in a sentence, on any topic
        (
            "doing a session on siblings, walk us through that case",
            FALLBACK_INTENT,
            WALKTHROUGH_INTENT,
        ),
        ("talk me through the escalation route", HOW_TO_ESCALATE_INTENT, HOW_TO_ESCALATE_INTENT),
        ("print-out on safety plans for the nurses pls", LEARNING_INTENT, ASK_HANDOUT_INTENT),
        ("printable version of this route", HANDOUT_INTENT, HANDOUT_INTENT),
        # a contact request in so many words, whatever the classifier made of "no" or
        # "starters" (bot/safeguards/contact_requests.py); a term asked about stays one
        ("edt no?", DENY_INTENT, URGENT_CONTACTS_INTENT),
        ("contact list for the induction pack please", STOP_INTENT, ASK_HANDOUT_INTENT),
        ("the deputy is off sick, who do we tell", LEARNING_INTENT, URGENT_CONTACTS_INTENT),
        ("what is the EDT", TERM_INTENT, TERM_INTENT),
        # whom to ring, not a handout: the urgent contacts
        ("who do I ring out of hours? for a printout", LEARNING_INTENT, URGENT_CONTACTS_INTENT),
        ("staff voting on their mobiles about neglect", LEARNING_INTENT, WORKSHOP_INTENT),
        # the learning lead's question on the assistant's use
        ("which topics do staff ask about most", LEARNING_INTENT, INSIGHTS_INTENT),
        ("what does CIN stand for, a staff member asked", LEARNING_INTENT, TERM_INTENT),
        ("my emails to the sw went unanswered", LEARNING_INTENT, LEARNING_INTENT),
        ("my answer's d", FALLBACK_INTENT, CHOOSE_OPTION_INTENT),
        ("a lot of them", LEARNING_INTENT, LEARNING_INTENT),
        # a question about ratings, never "not helpful" feedback on the last answer
        ("were any answers rated unhelpful", LEARNING_INTENT, FEEDBACK_HELPFUL_INTENT),
        # a group's questions, on the walk-through, handout or topic in hand
        ("what questions could I pose to the room now", FALLBACK_INTENT, DISCUSSION_INTENT),
        ("and some prompts for group discussion with it", LEARNING_INTENT, DISCUSSION_INTENT),
        # a group's question on a situation told, with what the audits learnt: that learning
        (
            "reflective question wanted: a carer took over every appointment and the child's "
            "views were lost. what's the learning?",
            DISCUSSION_INTENT,
            LEARNING_INTENT,
        ),
        (
            "discussion prompts for the team where neglect was put down to poverty, what does "
            "the audit say",
            FALLBACK_INTENT,
            LEARNING_INTENT,
        ),
        # ... but on an audited case named: the case's discussion
        (
            "group discussion prompts on Deshawn - what are the lessons?",
            LEARNING_INTENT,
            DISCUSSION_INTENT,
        ),
        (
            "reflection questions for the team on neglect",
            ROUTE_PROMPTS_INTENT,
            ROUTE_PROMPTS_INTENT,
        ),
        ("more reflective questions", MORE_PROMPTS_INTENT, MORE_PROMPTS_INTENT),
        ("reflective questions before I escalate", LEARNING_INTENT, LEARNING_INTENT),
        ("what questions should I ask the dad", LEARNING_INTENT, LEARNING_INTENT),
        # kept: they mean it already, or mean more than the shape
        ("cheers, bye", GOODBYE_INTENT, GOODBYE_INTENT),
        ("very helpful thanks", FEEDBACK_HELPFUL_INTENT, FEEDBACK_HELPFUL_INTENT),
        ("b", CHOOSE_OPTION_INTENT, CHOOSE_OPTION_INTENT),
        ("mum keeps cancelling appointments", LEARNING_INTENT, LEARNING_INTENT),
        ("/thank", LEARNING_INTENT, LEARNING_INTENT),
        # "TA" in capitals is a teaching assistant: no word thanks, so it is not thanks
        ("the TA keeps giving one pupil lifts home after school", THANK_INTENT, FALLBACK_INTENT),
        ("thanks, I will use that with the team tomorrow", THANK_INTENT, THANK_INTENT),
        ("really useful for my supervision session next week", THANK_INTENT, THANK_INTENT),
    ],
)
def test_the_shape_decides_where_the_classifier_cannot(
    text: str, classified: str, expected: str
) -> None:
    assert shaped(text, classified) == expected


@pytest.mark.parametrize(
    ("text", "classified", "expected"),
    [
        # the step after the answer's, asked in words the classifier took for a complaint
        ("and if that gets nowhere either?", FEEDBACK_NOT_HELPFUL_INTENT, NEED_HELP_INTENT),
        ("what if they still don't reply", FEEDBACK_NOT_HELPFUL_INTENT, NEED_HELP_INTENT),
        # a complaint says so
        ("that wasn't helpful", FEEDBACK_NOT_HELPFUL_INTENT, FEEDBACK_NOT_HELPFUL_INTENT),
        # a typed question with a topic of its own is not "none of these"
        ("where would I find the escalation policy", NONE_OF_THESE_INTENT, FALLBACK_INTENT),
        ("none of those", NONE_OF_THESE_INTENT, NONE_OF_THESE_INTENT),
        ("neither", NONE_OF_THESE_INTENT, NONE_OF_THESE_INTENT),
    ],
)
def test_a_question_is_not_taken_for_feedback_on_the_candidates_or_answer(
    text: str, classified: str, expected: str
) -> None:
    assert shaped(text, classified) == expected


def test_a_phone_of_ones_own_stays_out_of_scope_and_a_service_number_is_a_detail() -> None:
    """The classifier knows a request outside the work; a detail is asked of a service."""
    assert shaped("cheapest mobile phone deal", OUT_OF_SCOPE_INTENT) == OUT_OF_SCOPE_INTENT
    assert shaped("nia project phone number?", LEARNING_INTENT) == DETAIL_INTENT


@pytest.mark.parametrize(
    "text",
    [
        "which cases go to the MASH?",
        "what cases are discussed at MARAC?",
        "what cases are referred to CAMHS",
        "which cases are stepped down to early help",
        "what cases are suitable for a TAC",
        "which cases get a child protection conference",
        "which case goes to the extra familial risk panel",
    ],
)
def test_which_cases_in_the_present_tense_keeps_the_classifiers_intent(text: str) -> None:
    # cases in general: a question on practice, never the audited cases' own text
    assert shaped(text, LEARNING_INTENT) == LEARNING_INTENT


@pytest.mark.parametrize(
    "text",
    [
        "which cases in the audit are referred to CAMHS",
        "which audited cases get a child protection conference",
        "which mh cases go to the extra familial risk panel",
        "which cases are like barak's with the dv referral",
    ],
)
def test_which_cases_of_the_audits_in_the_present_tense_asks_of_the_cases(text: str) -> None:
    assert shaped(text, LEARNING_INTENT) == ASK_CASE_INTENT


@pytest.mark.parametrize(
    ("text", "confidence", "expected"),
    [
        # the letters of "quick" read as a quiz, in a message naming none
        ("fastest train to gatwick, which is quickest?", 0.45, OUT_OF_SCOPE_INTENT),
        # a quiz's word, or a sure reading, keeps the quiz
        ("a quick test on neglect", 0.45, QUIZ_INTENT),
        ("another one", 0.45, QUIZ_INTENT),
        ("hit me", 0.99, QUIZ_INTENT),
    ],
)
def test_a_hesitant_quiz_in_no_word_of_a_quiz_is_the_classifiers_next_reading(
    text: str, confidence: float, expected: str
) -> None:
    assert shaped(text, QUIZ_INTENT, confidence, (OUT_OF_SCOPE_INTENT,)) == expected


@pytest.mark.parametrize(
    ("text", "classified"),
    [
        (
            "a case study for my team with 3 questions: a baby with a bruise, who to ring",
            URGENT_CONTACTS_INTENT,
        ),
        (
            "role play for the room based on this - he has a knife and is at the door",
            IMMEDIATE_RISK_INTENT,
        ),
        (
            "case study based on our family: how should we escalate a plan that drifts",
            HOW_TO_ESCALATE_INTENT,
        ),
        (
            "in this scenario based on a home visit, the infant was limp, who do I contact?",
            URGENT_CONTACTS_INTENT,
        ),
        ("scenario for my team: how do I escalate when the GP won't share", HOW_TO_ESCALATE_INTENT),
    ],
)
def test_a_groups_questions_never_replace_urgent_contacts_risk_or_how_to_escalate(
    text: str, classified: str
) -> None:
    assert shaped(text, classified) == classified


def test_a_scenario_exercise_on_escalation_for_a_room_is_still_a_groups_exercise() -> None:
    text = "scenario exercise on escalation - who to go to, in what order"
    assert shaped(text, HOW_TO_ESCALATE_INTENT) == DISCUSSION_INTENT


@pytest.mark.parametrize(
    "text", ["myth or fact warm up on self-harm", "fact or fiction round on early help"]
)
def test_a_quiz_the_rules_recognise_is_kept_when_the_classifier_hesitates(text: str) -> None:
    """A quiz asked in words the rules know ("myth or fact") but no word `names_no_quiz` looks
    for, read as a quiz at 0.6: the rules' quiz, not the classifier's next reading."""
    assert shaped(text, QUIZ_INTENT, 0.6, (ASK_HANDOUT_INTENT,)) == QUIZ_INTENT


def test_a_panel_asked_for_a_topic_the_audits_do_not_cover_is_not_a_term_question() -> None:
    """Round 39's review: "at risk of CSE" says an entry's word of a young person, but CSE is
    a topic the audits leave out; the coverage step's, not the Extra Familial Risk Panel."""
    assert shaped("is there a panel for young people at risk of CSE", LEARNING_INTENT) != (
        TERM_INTENT
    )
    assert shaped("is there a panel for young people who keep going missing", LEARNING_INTENT) == (
        TERM_INTENT
    )


@pytest.mark.parametrize(
    "text",
    [
        "is there a case where a lad was stabbed on his way home from football",
        "was there a case in which a teenager was groomed online by a stranger",
    ],
)
def test_is_there_a_case_keeps_the_classifiers_intent(text: str) -> None:
    """Asking whether a case had something opens questions the audits leave out and worries
    told now too: the step leaves it to the classifier, and the coverage and safety steps after
    it judge it (the actions still read it as which case)."""
    assert shaped(text, LEARNING_INTENT) == LEARNING_INTENT
    assert shaped(text, ASK_CASE_INTENT) == ASK_CASE_INTENT


def test_which_case_still_asks_of_the_cases() -> None:
    assert shaped("which case had a lad moved between schools", LEARNING_INTENT) == ASK_CASE_INTENT


def through_shapes_and_safety(text: str, intent: str = LEARNING_INTENT) -> Message:
    """The message after the shapes step and the safety step after it, as the pipeline runs
    them, for a message the classifier read as `intent`."""
    message = Message(data={TEXT: text})
    IdentifierMasker().process([message])
    ranking = [{"name": intent, "confidence": 0.9}]
    message.set(INTENT, ranking[0], add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    SHAPES.process([message])
    SafetyFlagger().process([message])
    return message


@pytest.mark.parametrize(
    "text",
    [
        "the boy says his stepdad beats him most weekends; we have sent in three referrals and "
        "got no response, who do we escalate to?",
        "she told me her mum's partner hits her, I have flagged it to the front door twice and "
        "nothing has been done, how do I escalate this",
    ],
)
def test_a_stalled_concern_with_past_harm_gets_the_route_after_the_urgent_line(text: str) -> None:
    """The route finder decides after the safety step: harm told in the past keeps the route,
    with one urgent line before it, never the urgent block in its place."""
    message = through_shapes_and_safety(text)
    assert message.get(INTENT)["name"] == HOW_TO_ESCALATE_INTENT
    assert message.get(RISK_MENTIONED)


def test_the_askers_own_concern_raised_again_takes_the_route() -> None:
    message = through_shapes_and_safety(
        "we've referred the family to early help twice and still no reply"
    )
    assert message.get(INTENT)["name"] == HOW_TO_ESCALATE_INTENT


@pytest.mark.parametrize(
    "text",
    [
        # someone else telling something more than once: not the asker's concern stalled
        "the girl said to her tutor more than once that nothing is happening at home",
        "grandad keeps telling us he is off the drink, repeatedly, yet nothing is different",
        # an audited case's history asked about
        "in the SEND audit the school flagged it more than once and nothing moved - outcome?",
    ],
)
def test_someone_elses_telling_or_a_cases_history_is_not_the_route(text: str) -> None:
    assert through_shapes_and_safety(text).get(INTENT)["name"] != HOW_TO_ESCALATE_INTENT
