"""Walk-throughs, quizzes, discussion questions, handouts, workshop offers (actions/activities)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import activities, cases, common, core, escalation, learning
from bot.dialogue.activity import Activity
from bot.dialogue.answers import activities as activity_answers
from bot.dialogue.case_quiz import case_questions, told_only_of
from bot.dialogue.workshop_requests import POLL_HEADING
from bot.knowledge.nlu_data import generate
from bot.knowledge.store import load_knowledge
from bot.knowledge.validation import check_knowledge
from bot.names import (
    ACTION_HANDOUT,
    ACTION_PLAN_WORKSHOP,
    ACTION_WALK_THROUGH_CASE,
    DANGER_POSSIBLE,
    KEY_MESSAGE_SLOT,
)
from bot.settings import ENV_DATABASE_URL, ENV_PUBLIC_URL, Settings
from tests.actions.trackers import answered, ranking, run, tracker, turn
from tests.support import all_text


def slots(events: list[Any]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def titles(messages: list[dict[str, Any]]) -> list[str]:
    return [b["title"] for m in messages for b in m.get("buttons") or []]


def payloads(messages: list[dict[str, Any]]) -> dict[str, str]:
    return {b["title"]: b["payload"] for m in messages for b in m.get("buttons") or []}


def words(messages: list[dict[str, Any]]) -> list[int]:
    return [len((m.get("text") or "").split()) for m in messages]


def entities(**values: str) -> list[dict[str, Any]]:
    return [{"entity": name, "value": value} for name, value in values.items()]


def test_walk_through_starts_with_what_was_known_and_the_options() -> None:
    messages, events = run(
        activities.ActionWalkThroughCase(),
        tracker("walk me through the Erika case", "walk_through_case"),
    )
    text = all_text(messages)
    assert "SEND audit 2016-17, Case 5 (Erika): stage 1 of" in text
    assert "What was known:" in text
    assert "Option A" in titles(messages)
    assert any(title.startswith("Skip") for title in titles(messages))
    activity = Activity.from_slot(slots(events)["activity"])
    assert activity is not None
    assert (activity.kind, activity.case, activity.stage, activity.waiting) == (
        "walkthrough",
        "send-erika",
        1,
        True,
    )
    assert slots(events)["context"] == "activity"


def test_walk_through_by_possessive_and_step_by_step() -> None:
    messages, _ = run(
        activities.ActionWalkThroughCase(),
        tracker("can we go through Adam's case step by step", "walk_through_case"),
    )
    assert "Case 1 (Adam): stage 1 of 2" in all_text(messages)


def test_a_pick_reveals_what_the_audit_found_with_the_source_then_next_goes_on() -> None:
    start, start_events = run(
        activities.ActionWalkThroughCase(),
        tracker("walk me through the Adam case", "walk_through_case"),
    )
    history = turn("walk me through the Adam case", start, start_events)
    messages, events = run(
        activities.ActionChooseOption(),
        tracker(
            "/choose_option",
            "choose_option",
            slots=slots(start_events),
            entities=entities(stage="send-adam-stage-1", option="B"),
            events=history,
        ),
    )
    text = all_text(messages)
    assert "You chose B: Hold off raising it with your manager for now." in text
    assert "The audit supports A: Escalate it to your manager" in text
    assert "What the audit found: This case highlighted that, due to immigration status" in text
    assert "Source: SEND audit 2016-17, Case 1 (Adam)." in text
    assert len(messages) <= 5 and max(words(messages)) <= 120
    assert "Next stage" in titles(messages)
    activity = Activity.from_slot(slots(events)["activity"])
    assert activity is not None and not activity.waiting

    # A digression in between, then "next": stage 2.
    nexts, next_events = run(
        activities.ActionNextStep(), tracker("next", "next_step", slots=slots(events))
    )
    assert "Case 1 (Adam): stage 2 of 2" in all_text(nexts)
    # Skipping reveals without a pick; then the end offers what else there is.
    revealed, revealed_events = run(
        activities.ActionChooseOption(), tracker("skip", "choose_option", slots=slots(next_events))
    )
    assert "The audit supports B:" in all_text(revealed)
    assert "Finish" in titles(revealed)
    done, done_events = run(
        activities.ActionNextStep(), tracker("next", "next_step", slots=slots(revealed_events))
    )
    assert "That was the last stage of SEND audit 2016-17, Case 1 (Adam)" in all_text(done)
    assert slots(done_events)["activity"] is None


def test_typed_letters_answer_the_stage_waiting() -> None:
    state = Activity("walkthrough", case="send-adam", stage=1).to_slot()
    messages, _ = run(
        activities.ActionChooseOption(),
        tracker("i'd go with a", "choose_option", slots={"activity": state}),
    )
    assert "That is what the audit supports." in all_text(messages)


def test_ok_after_a_reveal_goes_on_and_no_stops() -> None:
    state = Activity("walkthrough", case="send-adam", stage=1, waiting=False).to_slot()
    opened = [{"event": "slot", "name": "context", "value": "activity"}]
    history = turn("b", [{"text": "revealed"}], opened)
    messages, _ = run(
        core.ActionAcknowledge(),
        tracker("ok", "acknowledge", slots={"activity": state}, events=history),
    )
    assert "stage 2 of 2" in all_text(messages)
    messages, events = run(
        core.ActionAcknowledge(), tracker("no", "deny", slots={"activity": state}, events=history)
    )
    assert "stopped the walk-through" in all_text(messages)
    assert slots(events)["activity"] is None


def test_a_case_without_walk_through_offers_the_ones_there_are() -> None:
    messages, _ = run(
        activities.ActionWalkThroughCase(),
        tracker("walk me through case 4 of the mental health audit", "walk_through_case"),
    )
    assert "I have no walk-through of Mental health audit 2019/20, Case 4" in all_text(messages)
    assert "Walk through Case 1" in titles(messages)


def test_a_quiz_asked_for_on_a_case_says_it_is_on_that_case() -> None:
    messages, events = run(
        activities.ActionQuiz(), tracker("quiz the group on the Barak case", "quiz_me")
    )
    assert all_text(messages).startswith("On the key messages of Case 2 (Barak):")
    activity = Activity.from_slot(slots(events)["activity"])
    assert activity is not None and activity.kind == "quiz"


def test_quiz_on_an_audit_asks_its_questions_scores_and_ends() -> None:
    messages, events = run(activities.ActionQuiz(), tracker("quiz me on the SEND audit", "quiz_me"))
    assert "Quiz on the SEND audit 2016-17, question 1 of" in all_text(messages)
    activity = Activity.from_slot(slots(events)["activity"])
    assert activity is not None and activity.kind == "quiz"
    total = len(activity.questions)
    state = slots(events)
    correct = 0
    for number in range(total):
        activity = Activity.from_slot(state["activity"])
        assert activity is not None
        question_id = activity.questions[number]
        with common.store().session() as session:
            question = next(
                q for q in common.store().quiz_questions(session) if q.id == question_id
            )
            assert question.source_id == "send-2016-17"
            right = next(i for i, o in enumerate(question.options) if o.correct)
        pick = "ABCD"[right] if number % 2 == 0 else "ABCD"[(right + 1) % len(question.options)]
        correct += number % 2 == 0
        answer, answer_events = run(
            activities.ActionChooseOption(),
            tracker(
                "/choose_option",
                "choose_option",
                slots=state,
                entities=entities(quiz_question=question_id, option=pick),
            ),
        )
        text = all_text(answer)
        assert ("Correct!" in text) == (number % 2 == 0)
        assert "Source: SEND audit 2016-17" in text
        state = {**state, **slots(answer_events)}
        if number + 1 < total:
            following, next_events = run(
                activities.ActionNextStep(), tracker("next question", "next_step", slots=state)
            )
            assert f"question {number + 2} of {total}" in all_text(following)
            state = {**state, **slots(next_events)}
    assert f"That's the end of the quiz: {correct} of {total} answered correctly" in text
    assert state["activity"] is None


def test_quiz_on_the_mental_health_audit_is_not_the_send_one() -> None:
    messages, _ = run(
        activities.ActionQuiz(), tracker("test me on the mental health audit", "quiz_me")
    )
    assert "Quiz on the Mental health audit 2019/20" in all_text(messages)


@pytest.mark.parametrize(
    "selector",
    [
        ranking(("not-brought-to-appointments", 0.9)),
        # the request's own words dilute the topic: the words of the topic decide
        ranking(("difficult-conversations", 0.3), ("not-brought-to-appointments", 0.25)),
    ],
)
def test_quiz_on_a_topic_uses_the_key_message(selector: dict[str, Any]) -> None:
    messages, events = run(
        activities.ActionQuiz(),
        tracker("a quiz question on was not brought", "quiz_me", response_selector=selector),
    )
    activity = Activity.from_slot(slots(events)["activity"])
    assert activity is not None
    with common.store().session() as session:
        asked = [q for q in common.store().quiz_questions(session) if q.id in activity.questions]
    assert asked and all(q.key_message_id == "not-brought-to-appointments" for q in asked)
    assert "Quiz on Non-attendance at services (SEND audit 2016-17), question 1 of" in all_text(
        messages
    )


def test_a_topic_nothing_names_clearly_asks_which_audit() -> None:
    unclear = ranking(("sharing-safety-plans", 0.3), ("siblings-lived-experience", 0.25))
    messages, events = run(
        activities.ActionQuiz(), tracker("quiz on self harm", "quiz_me", response_selector=unclear)
    )
    assert "Which audit shall I quiz you on?" in all_text(messages)
    assert "activity" not in slots(events) or slots(events)["activity"] is None


def test_stop_in_a_quiz_gives_the_score() -> None:
    state = Activity("quiz", questions=("quiz-access-to-services",), correct=0).to_slot()
    messages, events = run(
        escalation.ActionStopEscalation(), tracker("stop", "stop", slots={"activity": state})
    )
    assert "Quiz stopped: no questions answered" in all_text(messages)
    assert slots(events)["activity"] is None


def test_stop_without_a_quiz_still_stops_the_route_finder() -> None:
    messages, _ = run(escalation.ActionStopEscalation(), tracker("stop", "stop"))
    assert "stopped the escalation route" in all_text(messages)


def test_discussion_questions_are_the_reflective_questions_not_the_summary() -> None:
    messages, _ = run(
        activities.ActionDiscussionQuestions(),
        tracker("discussion questions for the group on Erika", "discussion_questions"),
    )
    text = all_text(messages)
    assert text.startswith("Discussion questions for a group on SEND audit 2016-17, Case 5 (Erika)")
    assert "Source: SEND audit 2016-17, Case 5 (Erika)." in text
    with common.store().session() as session:
        erika = next(c for c in common.store().cases(session) if c.id == "send-erika")
        assert erika.summary not in text
    assert max(words(messages)) <= 120


def test_discussion_questions_say_which_learning_the_audit_does_not_draw_from_the_case() -> None:
    """Content review M5: the audit ties none of Case 1's walk-through messages to Case 1."""
    messages, _ = run(
        activities.ActionDiscussionQuestions(),
        tracker(
            "questions for the group on case 1 of the mental health audit", "discussion_questions"
        ),
    )
    source = all_text(messages).split("Source: ")[1]
    assert source.startswith("Mental health audit 2019/20, Case 1.")
    assert (
        "The key message 'Information Sharing: sharing safety plans' is not one the audit "
        "attributes to this case: Mental health audit 2019/20, an audited case it does not name."
    ) in source
    assert source.count("Understanding of Autism Spectrum Disorder") == 1


def test_discussion_questions_in_a_walk_through_are_on_its_case() -> None:
    walking = Activity("walkthrough", case="send-erika", stage=2, waiting=False)
    messages, _ = run(
        activities.ActionDiscussionQuestions(),
        tracker(
            "what could I put to the room at this point?",
            "discussion_questions",
            slots={"activity": walking.to_slot()},
        ),
    )
    assert all_text(messages).startswith("Discussion questions for a group on SEND audit 2016-17")
    assert "Case 5 (Erika)" in all_text(messages)


@pytest.mark.parametrize(
    ("text", "audit", "other"),
    [
        ("running a workshop on the SEND audit", "SEND audit 2016-17", "Mental health"),
        (
            "I'm training a team on the mental health audit next week",
            "Mental health audit 2019/20",
            "SEND",
        ),
    ],
)
def test_workshop_offers_the_named_audit_only(text: str, audit: str, other: str) -> None:
    messages, _ = run(activities.ActionPlanWorkshop(), tracker(text, "plan_workshop"))
    everything = all_text(messages) + " ".join(titles(messages))
    assert audit in everything and other not in everything
    assert "/workshop/" in everything and "/handouts/audit/" in everything
    assert any(title.startswith("Walk through Case") for title in titles(messages))
    assert any(title.startswith("Quiz on the") for title in titles(messages))


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("printable handout of the SEND key messages", "/handouts/audit/send-2016-17"),
        ("handout for the Adam case", "/handouts/case/send-adam"),
        ("7-minute briefing on Erika", "/handouts/briefing/send-erika"),
        ("handout on domestic abuse", "/handouts/theme/domestic-abuse"),
    ],
)
def test_handout_links(text: str, path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_PUBLIC_URL, raising=False)
    messages, _ = run(activities.ActionHandout(), tracker(text, "ask_handout"))
    assert f"\n{path}\nPDF: {path}.pdf" in all_text(messages)
    assert "Source:" in all_text(messages)
    monkeypatch.setenv(ENV_PUBLIC_URL, "https://assistant.example.org/")
    messages, _ = run(activities.ActionHandout(), tracker(text, "ask_handout"))
    assert f"https://assistant.example.org{path}.pdf" in all_text(messages)


def test_an_audits_handout_names_the_cases_its_key_messages_come_from() -> None:
    messages, _ = run(
        activities.ActionHandout(), tracker("SEND key messages as a handout", "ask_handout")
    )
    assert "Source: SEND audit 2016-17, Case 1 (Adam), Case 2 (Barak)" in all_text(messages)


def test_a_handout_on_a_topic_names_it_in_its_themes_handout() -> None:
    """Asked for on a topic, the theme's handout says the topic is in it, with its summary;
    the audit's handout says which key messages it holds."""
    messages, events = run(
        activities.ActionHandout(),
        tracker("doing a briefing for school staff, handout on young carers pls", "ask_handout"),
    )
    text = all_text(messages)
    assert "/handouts/theme/families-and-carers" in text
    assert "Consideration of Young Carers" in text and "carer's assessment" in text
    assert slots(events)["key_message"] == "young-carers"
    messages, _ = run(
        activities.ActionHandout(), tracker("handout of the mental health audit", "ask_handout")
    )
    assert "Consideration of Young Carers; " in all_text(messages)


def test_a_walk_through_asked_for_on_a_topic_walks_its_one_case() -> None:
    messages, events = run(
        activities.ActionWalkThroughCase(),
        tracker("walk us through the case on children not brought to clinics", "walk_through_case"),
    )
    assert "Case 5 (Erika): stage 1" in all_text(messages)
    assert slots(events)["audit"] == "send-2016-17"


def test_a_live_workshop_on_a_topic_is_offered_on_its_audit() -> None:
    messages, _ = run(
        activities.ActionPlanWorkshop(),
        tracker("live workshop with phone voting on social media footprints", "plan_workshop"),
    )
    assert all_text(messages).startswith("For a workshop on")
    assert "Mental health audit 2019/20" in all_text(messages)
    # the topic understood, in short, with its own activities a tap away
    assert "Social Media Footprint:" in all_text(messages)
    assert '"key_message":"social-media-footprint"' in " ".join(payloads(messages).values())


def test_how_the_room_joins_is_told_right_after_a_workshop_offer() -> None:
    before = [
        {"event": "user", "text": "a workshop on the SEND audit", "parse_data": {}},
        {"event": "action", "name": ACTION_PLAN_WORKSHOP},
        {"event": "action", "name": "action_listen"},
    ]
    offered = tracker("how will my group get in", "ask_key_message", events=before)
    messages, _ = run(activities.ActionPlanWorkshop(), offered)
    assert "/workshop/join" in all_text(messages)


def test_a_handout_without_a_subject_asks_which() -> None:
    messages, _ = run(activities.ActionHandout(), tracker("printable handout", "ask_handout"))
    assert all_text(messages).startswith("Which handout?")
    assert "/ask_handout" in " ".join(payloads(messages).values())


@pytest.mark.parametrize(
    "text",
    [
        "printable sheet of the urgent contacts",
        "a handout with the phone numbers to ring out of hours",
    ],
)
def test_a_handout_of_the_contacts_is_the_urgent_numbers(text: str) -> None:
    messages, _ = run(activities.ActionHandout(), tracker(text, "ask_handout"))
    said = all_text(messages)
    assert said.startswith("Urgent contacts, to print")
    assert "call 999" in said
    assert "Emergency Duty Team" in said and "Which handout?" not in said


def test_a_topics_handout_naming_its_service_contacts_stays_the_topics() -> None:
    messages, _ = run(
        activities.ActionHandout(),
        tracker("handout on young carers with the contacts", "ask_handout"),
    )
    assert "Urgent contacts" not in all_text(messages)


def test_the_next_audit_works_from_its_yaml_alone(
    fixture_knowledge_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fixture set's cases get walk-throughs, quizzes and generated training examples with
    no code naming them."""
    settings = Settings(f"sqlite:///{tmp_path / 'fixture.db'}", fixture_knowledge_dir, None)
    load_knowledge(settings, environ={})
    monkeypatch.setenv(ENV_DATABASE_URL, settings.database_url)
    messages, _ = run(
        activities.ActionWalkThroughCase(), tracker("walk me through Barak", "walk_through_case")
    )
    assert "Case 2 (Barak): stage 1 of 2" in all_text(messages)
    messages, _ = run(activities.ActionQuiz(), tracker("quiz me on the send audit", "quiz_me"))
    assert "question 1 of 3" in all_text(messages)
    generated = "".join(f.text for f in generate(check_knowledge(fixture_knowledge_dir)))
    assert "walk me through the Barak case" in generated
    assert "7-minute briefing on the Adam case" in generated


def test_an_audit_named_by_its_alias_wins_over_another_audits_title_words() -> None:
    messages, _ = run(
        activities.ActionPlanWorkshop(),
        tracker(
            "doing a multi agency learning session on the send audit findings next month",
            "plan_workshop",
        ),
    )
    assert "SEND audit 2016-17" in all_text(messages)
    assert "Mental health" not in all_text(messages)


def test_reflective_questions_on_a_topic_are_its_reflective_questions() -> None:
    """ "reflective questions on information sharing for supervision training": the named
    topic's own questions, not the escalation routes."""
    messages, events = run(
        activities.ActionDiscussionQuestions(),
        tracker(
            "reflective questions about sharing safety plans for my supervision group",
            "discussion_questions",
        ),
    )
    text = all_text(messages)
    assert "questions to reflect on" in text
    assert "safety plan" in text.lower()
    assert "?" in text
    assert slots(events)["context"] == "answered"


def test_questions_to_go_with_a_case_handout_are_on_that_case() -> None:
    """After a case's handout, "and a few reflective questions to go with it" names nothing:
    the case the handout was of is the one."""
    shown, shown_events = run(
        activities.ActionHandout(), tracker("handout for the Adam case", "ask_handout")
    )
    messages, _ = run(
        activities.ActionDiscussionQuestions(),
        tracker(
            "and some questions to go with it",
            "discussion_questions",
            events=turn("handout for the Adam case", shown, shown_events),
        ),
    )
    assert all_text(messages).startswith("Discussion questions for a group on SEND audit 2016-17")
    assert "Case 1 (Adam)" in all_text(messages)


def test_reflective_questions_read_as_the_routes_prompts_with_no_route_are_a_groups() -> None:
    """The classifier reads "reflective questions" as the escalation route's prompts; with no
    route in hand, a topic handed out is what they are on."""
    shown, shown_events = run(
        activities.ActionHandout(),
        tracker("doing a briefing for school staff, handout on young carers pls", "ask_handout"),
    )
    messages, _ = run(
        escalation.ActionEscalationPrompts(),
        tracker(
            "add a couple of reflective questions to it",
            "escalation_prompts",
            events=turn("handout on young carers", shown, shown_events),
        ),
    )
    text = all_text(messages)
    assert "young carers" in text.lower() and "?" in text
    assert "escalation routes" not in text.lower()


def test_one_on_another_topic_after_a_handout_is_that_topics_handout() -> None:
    """ "and one on young carers" names no activity: the turn before, a handout, says which."""
    shown, shown_events = run(
        activities.ActionHandout(), tracker("handout on the SEND audit", "ask_handout")
    )
    before = [
        *turn("handout on the SEND audit", shown, shown_events),
        {"event": "action", "name": "action_handout"},
    ]
    messages, _ = run(
        learning.ActionAnswerLearning(),
        tracker("and one on young carers", "ask_learning", events=before),
    )
    text = all_text(messages)
    assert "/handouts/theme/families-and-carers" in text
    assert "young carers" in text.lower()


def test_a_few_more_on_another_topic_after_a_groups_questions_are_its_questions() -> None:
    """ "a few more about young carers" after reflective questions on one topic: the same
    kind, on the topic it names (set T: the last topic's steps)."""
    asked = "reflective questions on calling a professionals meeting please"
    shown, shown_events = run(
        activities.ActionDiscussionQuestions(),
        tracker(
            asked,
            "discussion_questions",
            response_selector=ranking(("calling-professionals-meetings", 0.9)),
        ),
    )
    before = [
        *turn(asked, shown, shown_events),
        {"event": "action", "name": "action_discussion_questions"},
    ]
    messages, _ = run(
        learning.ActionAnswerLearning(),
        tracker(
            "could we have a few more about young carers",
            events=before,
            response_selector=ranking(("young-carers", 0.9)),
        ),
    )
    text = all_text(messages)
    assert "**Consideration of Young Carers**: questions to reflect on" in text
    assert "professionals meeting" not in text.lower()


def test_one_on_another_topic_after_an_answer_is_not_a_handout() -> None:
    messages, _ = run(
        learning.ActionAnswerLearning(),
        tracker("and one on young carers", "ask_learning", events=answered("disguised-compliance")),
    )
    assert "/handouts/" not in all_text(messages)


def test_reflective_questions_on_a_theme_are_its_topics_questions() -> None:
    """ "information sharing" names a theme of several topics, not one: each of its first
    topics' questions, under its title and with its source."""
    messages, _ = run(
        activities.ActionDiscussionQuestions(),
        tracker("reflective questions on information sharing for my team", "discussion_questions"),
    )
    text = all_text(messages)
    assert text.startswith("Questions to reflect on, on information sharing:")
    assert text.count("Source:") >= 2 and "?" in text
    assert not text.startswith("Which case")
    assert max(words(messages)) <= 120


def test_discussion_questions_on_a_topic_in_everyday_words_are_that_topics() -> None:
    """No key message's title or examples name it and the selector is unsure of the whole
    request: the words after "about" alone, judged as a question, find the topic."""
    messages, events = run(
        activities.ActionDiscussionQuestions(),
        tracker(
            "what questions could the group discuss about parents saying no to us contacting "
            "school",
            "discussion_questions",
            response_selector=ranking(
                ("difficult-conversations", 0.3),
                ("non-compliant-parents-information-sharing", 0.28),
            ),
        ),
    )
    assert SlotSet(KEY_MESSAGE_SLOT, "non-compliant-parents-information-sharing") in events
    assert not all_text(messages).startswith("Which")


@pytest.mark.parametrize(
    ("text", "key_message", "expected"),
    [
        (
            "discussion questions about FAST closure letters for my team",
            "fast-closure-letters",
            ["Its key message: When a referral is closed by FAST", "asks on it elsewhere:"],
        ),
        # the walk-through stage revealing the topic asks the room the audit's own questions
        # for that point of the case: offered first
        (
            "reflective questions on GPs hearing about plans for children in care",
            "gp-information-looked-after-children",
            ["walk-through of Case 1 (Adam)", "Do you solely rely on family members or carers"],
        ),
    ],
)
def test_discussion_questions_on_a_topic_the_audit_asks_none_on_give_its_key_message(
    text: str, key_message: str, expected: list[str]
) -> None:
    """The audit asks no reflective question on some topics: the trainer gets what it says on
    the topic (to frame a question from), then the questions it asks on it elsewhere."""
    messages, events = run(
        activities.ActionDiscussionQuestions(),
        tracker(text, "discussion_questions", response_selector=ranking((key_message, 0.9))),
    )
    assert SlotSet(KEY_MESSAGE_SLOT, key_message) in events
    said = all_text(messages)
    assert said.startswith("The audit asks no reflective question on")
    assert all(part in said for part in expected) and "?" in said


def _walked_to_stage_2() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    start, start_events = run(
        activities.ActionWalkThroughCase(),
        tracker("walk me through the Erika case", "walk_through_case"),
    )
    history = turn("walk me through the Erika case", start, start_events)
    shown, shown_events = run(
        activities.ActionNextStep(),
        tracker("continue", "next_step", slots=slots(start_events), events=history),
    )
    return [*history, *turn("continue", shown, shown_events)], slots(shown_events)


def test_the_learning_asked_in_a_walk_through_is_its_cases() -> None:
    history, walking = _walked_to_stage_2()
    messages, events = run(
        learning.ActionAnswerLearning(),
        tracker("what's the key learning I should end on", slots=walking, events=history),
    )
    assert all_text(messages).startswith("What the audit learned from Case 5 (Erika)")
    assert Activity.from_slot(slots(events)["activity"]) is not None  # "next" still goes on


@pytest.mark.parametrize(
    ("text", "intent", "stage"),
    [
        ("go back to the start", "next_step", "stage 1 of"),
        ("can we go back a stage", "ask_learning", "stage 1 of"),
        ("skip to the outcome", "choose_option", "stage 4 of 4"),
    ],
)
def test_moves_inside_a_walk_through(text: str, intent: str, stage: str) -> None:
    history, walking = _walked_to_stage_2()
    action = {
        "next_step": activities.ActionNextStep(),
        "choose_option": activities.ActionChooseOption(),
        "ask_learning": learning.ActionAnswerLearning(),
    }[intent]
    messages, _ = run(action, tracker(text, intent, slots=walking, events=history))
    assert stage in all_text(messages)


def _in_a_quiz(text: str) -> tuple[list[dict[str, Any]], list[Any]]:
    """What the typed `text` gets, read as a practice question, right after a quiz began."""
    start, start_events = run(
        activities.ActionQuiz(), tracker("quiz me on the mental health audit", "quiz_me")
    )
    return run(
        learning.ActionAnswerLearning(),
        tracker(
            text,
            slots=slots(start_events),
            events=turn("quiz me on the mental health audit", start, start_events),
        ),
    )


def test_the_key_messages_asked_in_a_quiz_stop_it_for_its_audits() -> None:
    messages, events = _in_a_quiz("ok stop the quiz - just list the key messages")
    text = all_text(messages)
    assert "Mental health audit 2019/20" in text and "key messages" in text.lower()
    assert slots(events)["activity"] is None


def test_one_more_in_a_quiz_goes_on_with_it() -> None:
    """The first question unanswered: its answer, as "next" gives it."""
    messages, events = _in_a_quiz("give me one more")
    assert "The answer is" in all_text(messages)
    assert slots(events)["context"] == "activity"


def test_the_answers_asked_in_a_quiz_are_each_with_its_source() -> None:
    messages, events = _in_a_quiz("can I have all the answers, with where each comes from")
    text = all_text(messages)
    assert text.startswith("Answers:")
    assert "Source: Mental health audit 2019/20" in text
    assert slots(events)["context"] == "activity"


def test_a_handout_naming_nothing_is_the_one_just_given() -> None:
    """ "can I have that as a pdf" right after a handout: that handout again, its PDF in it."""
    shown, shown_events = run(
        activities.ActionHandout(), tracker("handout for the Adam case", "ask_handout")
    )
    before = [
        *turn("handout for the Adam case", shown, shown_events),
        {"event": "action", "name": "action_handout"},
    ]
    messages, _ = run(
        activities.ActionHandout(),
        tracker("can I have that as a pdf", "ask_handout", events=before),
    )
    assert "/handouts/case/send-adam.pdf" in all_text(messages)


def test_a_handout_naming_nothing_after_an_answer_is_its_topics() -> None:
    messages, _ = run(
        activities.ActionHandout(),
        tracker(
            "could I get that printed",
            "ask_handout",
            slots={"key_message": "young-carers"},
            events=answered("young-carers"),
        ),
    )
    assert "/handouts/theme/families-and-carers" in all_text(messages)


def test_an_answer_in_words_in_a_walk_through_reveals_that_option() -> None:
    start, start_events = run(
        activities.ActionWalkThroughCase(),
        tracker("walk me through the Erika case", "walk_through_case"),
    )
    messages, events = run(
        learning.ActionAnswerLearning(),
        tracker(
            "bring the professionals together in a TAC meeting",
            slots=slots(start_events),
            events=turn("walk me through the Erika case", start, start_events),
        ),
    )
    assert "You chose B" in all_text(messages) or "B." in all_text(messages)
    activity = Activity.from_slot(slots(events)["activity"])
    assert activity is not None and not activity.waiting


def test_a_practice_question_after_a_stages_reveal_is_answered() -> None:
    """Nothing waits on an answer after the reveal: the question is a practice question."""
    revealed = Activity("walkthrough", case="send-erika", stage=1, waiting=False)
    messages, _ = run(
        learning.ActionAnswerLearning(),
        tracker(
            "what does the audit say about a child not being brought",
            slots={"activity": revealed.to_slot(), "context": "activity"},
            events=turn(
                "/choose_option", [], [{"event": "slot", "name": "context", "value": "activity"}]
            ),
        ),
    )
    assert "brought" in all_text(messages).lower()


def test_the_audit_named_after_which_walk_through_walks_the_case_asked_by_number() -> None:
    before = [
        {
            "event": "user",
            "text": "take me through case 2",
            "parse_data": {"text": "take me through case 2"},
        },
        {"event": "action", "name": ACTION_WALK_THROUGH_CASE},
        {"event": "action", "name": "action_listen"},
    ]
    dispatcher = CollectingDispatcher()
    corrected = tracker("no, the SEND one", "correction", events=before)
    events = activities.walk_in_audit_named(dispatcher, corrected, "send-2016-17")
    assert events is not None and "Barak" in all_text(dispatcher.messages)
    elsewhere = tracker("no, the SEND one", "correction")
    assert activities.walk_in_audit_named(CollectingDispatcher(), elsewhere, "send-2016-17") is None


def test_a_poll_on_a_topic_is_its_question_and_answer_then_each_part_on_asking() -> None:
    """A poll asked on a topic puts the topic's question to the vote, the audit inferred
    from it, never "which audit"; asked after it, the question, the answer and what the
    audit says are each the poll's."""
    on_topic = entities(key_message="calling-professionals-meetings")
    asked = "a poll for the room on this please"
    messages, events = run(
        activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop", entities=on_topic)
    )
    text = all_text(messages)
    assert text.startswith(POLL_HEADING) and "Who can call a professionals meeting?" in text
    assert "C. Any professional in the network" in text and "/workshop/" in text
    assert "Which audit" not in text
    history = turn(asked, messages, events)
    for said, expected in (
        ("and the options again?", "Who can call a professionals meeting?"),
        ("so which one is correct", "The answer to discuss: C: Any professional"),
        ("what did the audit find", "What the audit says on"),
    ):
        dispatcher = CollectingDispatcher()
        later = tracker(said, slots=slots(events), events=history)
        assert activities.within_poll(dispatcher, later) is not None
        assert expected in all_text(dispatcher.messages)
    unrelated = tracker("so which one is correct", slots=slots(events))
    assert activities.within_poll(CollectingDispatcher(), unrelated) is None


def test_a_bare_move_with_nothing_running_says_so() -> None:
    messages, _ = run(activities.ActionChooseOption(), tracker("skip this one", "choose_option"))
    assert "no walk-through or quiz in progress" in all_text(messages)


def test_a_message_saying_more_than_a_move_is_understood_with_nothing_running() -> None:
    """ "pass it on" read as a quiz's pass, with no quiz: the contacts it asks for."""
    messages, _ = run(
        activities.ActionChooseOption(),
        tracker("which service should we pass it on to at the weekend", "choose_option"),
    )
    text = all_text(messages)
    assert "no walk-through or quiz in progress" not in text
    assert "999" in text


def test_the_last_topic_a_request_names_is_the_one_its_questions_are_on() -> None:
    """ "questions about <the group's subject> ..., ones on <topic>": the last topic named."""
    messages, events = run(
        activities.ActionDiscussionQuestions(),
        tracker(
            "I'm putting together reflective questions about neglect for my team, could I have "
            "some on young carers?",
            "discussion_questions",
        ),
    )
    assert SlotSet(KEY_MESSAGE_SLOT, "young-carers") in events, all_text(messages)[:200]


def test_a_poll_for_an_audience_is_on_its_topic_not_an_audit_the_audience_names() -> None:
    """ "health visitors": "health" is a word of the mental health audit's title, but the
    room is who votes, not what on."""
    messages, events = run(
        activities.ActionPlanWorkshop(),
        tracker(
            "a poll for a group of health visitors about parents who hop between services",
            "plan_workshop",
        ),
    )
    assert all_text(messages).startswith("A poll for the room on **Non-compliant parents**")
    assert SlotSet(KEY_MESSAGE_SLOT, "non-compliant-parents-information-sharing") in events


def test_whom_a_request_is_for_is_no_part_of_the_topic_it_names() -> None:
    """ "on <topic> for school nurses": the phrase the request is on stops before its
    audience, or the audience's own key message (school nursing) is taken for the topic."""
    messages, events = run(
        activities.ActionDiscussionQuestions(),
        tracker(
            "reflective questions on young carers for school nurses please", "discussion_questions"
        ),
    )
    assert SlotSet(KEY_MESSAGE_SLOT, "young-carers") in events, all_text(messages)[:200]


def test_a_session_plan_fits_the_length_asked_and_changes_with_the_next_turn() -> None:
    """A plan asked on an audit with a length is timed to it, its cases named; "make it
    shorter" or a new length right after gives the plan again at that length, on the same
    audit; another audit named keeps the length."""
    asked = "could you design a morning session for our DSLs on the mental health audit"
    messages, events = run(activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop"))
    text = all_text(messages)
    assert text.startswith("A plan for a 3-hour workshop on the Mental health audit 2019/20")
    assert "2:50-3:00" in text and "Case 1" in text and "break" in text
    # the key messages it covers, named in their part (the first few on a phone)
    assert "its key messages (Understanding of Autism Spectrum Disorder (ASD); " in text
    assert slots(events)["audit"] == "mental-health-2019-20"
    history = turn(asked, messages, events)
    for said, heading in (
        ("can we cut it down to an hour", "A plan for a 60-minute workshop"),
        ("too long, make it shorter", "A plan for a 2-hour workshop"),
        ("45 mins?", "A plan for a 45-minute workshop"),
        ("same but for the send audit", "A plan for a 3-hour workshop on the SEND audit"),
    ):
        changed, _ = run(
            activities.ActionPlanWorkshop(),
            tracker(said, "ask_learning", slots=slots(events), events=history),
        )
        assert all_text(changed).startswith(heading), said
    # no plan just given: a length alone plans nothing
    alone, _ = run(activities.ActionPlanWorkshop(), tracker("45 mins?", "plan_workshop"))
    assert not all_text(alone).startswith("A plan for")


@pytest.mark.parametrize(
    ("asked", "heading", "said"),
    [
        ("plan an 8 hour workshop on the SEND audit", "6-hour", "8 hours"),
        ("a 2 day workshop on the SEND audit please", "6-hour", "12 hours"),
        ("a 5 minute session on the SEND audit", "15-minute", "5 minutes"),
    ],
)
def test_a_length_no_plan_can_have_is_said_not_replaced(
    asked: str, heading: str, said: str
) -> None:
    """Eight hours, two days or five minutes asked: the nearest plan, saying what was asked
    and why, never the usual 90 minutes in silence."""
    messages, _ = run(activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop"))
    text = all_text(messages)
    assert text.startswith(f"A plan for a {heading} workshop on the SEND audit"), text
    assert f"You asked for {said}" in text


def test_a_plan_on_a_topic_leads_with_its_key_message_and_both_audits_take_turns() -> None:
    on_topic, _ = run(
        activities.ActionPlanWorkshop(),
        tracker("put together a 40 minute session on young carers", "plan_workshop"),
    )
    text = all_text(on_topic)
    assert text.startswith("A plan for a 40-minute workshop on Consideration of Young Carers")
    assert "carer's assessment" in text
    both, _ = run(
        activities.ActionPlanWorkshop(),
        tracker("plan a full day training across both the audits", "plan_workshop"),
    )
    text = all_text(both)
    assert "on the audits together" in text and "Their themes:" in text
    assert "of the SEND audit 2016-17" in text and "of the Mental health audit 2019/20" in text


def test_a_quiz_of_a_number_with_answers_is_a_sheet_and_without_them_runs() -> None:
    sheet, events = run(
        activities.ActionQuiz(),
        tracker("4 questions on the mental health audit plus answer sheet", "quiz"),
    )
    text = all_text(sheet)
    assert "4 questions" in text and "\n4. " in text and "\n5. " not in text
    assert "Answers:" in text and "Source: Mental health audit 2019/20" in text
    assert "activity" not in slots(events)
    running, events = run(
        activities.ActionQuiz(), tracker("a three question quiz on the SEND audit", "quiz")
    )
    assert "question 1 of 3" in all_text(running)
    assert len(slots(events)["activity"]["questions"]) == 3


def test_a_quiz_on_the_abbreviations_asks_those_named_first_with_their_answers() -> None:
    messages, _ = run(
        activities.ActionQuiz(), tracker("test my team on the jargon, e.g. LAC and DNA", "quiz")
    )
    text = all_text(messages)
    assert "1. What does DNA stand for?" in text and "2. What does LAC stand for?" in text
    assert "DNA: Did not attend" in text and "LAC: Looked After Children" in text


def test_an_audits_key_messages_give_a_groups_questions_as_a_whole() -> None:
    messages, _ = run(
        activities.ActionDiscussionQuestions(),
        tracker(
            "15 mins in supervision - reflection questions from the SEND audit's key messages",
            "ask_discussion_questions",
        ),
    )
    text = all_text(messages)
    assert text.startswith("Questions to reflect on, from the key messages of the SEND audit")
    assert "**Access to services**" in text and text.count("\n- ") == 3


def test_a_poll_on_a_theme_is_on_the_key_message_its_words_name() -> None:
    messages, _ = run(
        activities.ActionPlanWorkshop(),
        tracker("quick poll about escalating concerns for the room", "plan_workshop"),
    )
    text = all_text(messages)
    assert text.startswith(f"{POLL_HEADING} **Access to services**")
    assert "Escalate it to your manager" in text


# --- material on exactly the subjects named (issue 19 items 1 and 3, round 34) ---------------


def test_a_quiz_on_two_topics_named_asks_their_questions_only_and_names_them() -> None:
    messages, events = run(
        activities.ActionQuiz(),
        tracker("quiz for my team about chronic neglect and transition planning", "quiz"),
    )
    text = all_text(messages)
    assert text.startswith("Quiz on Chronic Neglect and Transition planning (SEND audit 2016-17)")
    assert [q.split("-", 1)[1] for q in slots(events)["activity"]["questions"]] == [
        "chronic-neglect",
        "holistic-transition-planning",
    ]


def test_a_plan_on_two_topics_covers_those_and_changes_length_on_the_same_topics() -> None:
    asked = "plan a 60 minute session on disguised compliance and non-compliant parents"
    messages, events = run(activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop"))
    text = all_text(messages)
    heading = (
        "A plan for a 60-minute workshop on Disguised Compliance and Chaotic Families and "
        "Non-compliant parents (SEND audit 2016-17):"
    )
    assert text.startswith(heading), text[:200]
    assert "Case 2 (Barak)" not in text  # a case neither topic draws on
    shorter, _ = run(
        activities.ActionPlanWorkshop(),
        tracker(
            "cut it to 45 mins",
            "ask_learning",
            slots=slots(events),
            events=turn(asked, messages, events),
        ),
    )
    assert all_text(shorter).startswith(heading.replace("60-minute", "45-minute"))


def test_a_handout_on_a_topic_of_the_audit_named_is_the_topics_not_the_audits() -> None:
    messages, events = run(
        activities.ActionHandout(),
        tracker("handout from the mental health audit about social media", "ask_handout"),
    )
    text = all_text(messages)
    assert text.startswith("Social Media Footprint: ") and "/handouts/theme/online-safety" in text
    assert "/handouts/audit/" not in text
    assert slots(events)[KEY_MESSAGE_SLOT] == "social-media-footprint"


def test_a_handout_of_both_audits_gives_each_and_says_what_fits_one_page() -> None:
    messages, _ = run(
        activities.ActionHandout(),
        tracker(
            "single page of the key messages across both audits for my managers", "ask_handout"
        ),
    )
    text = all_text(messages)
    assert text.startswith("An audit's key messages fill more than one page")
    assert (
        "/handouts/audit/send-2016-17" in text and "/handouts/audit/mental-health-2019-20" in text
    )


def test_a_true_or_false_quiz_puts_the_quiz_questions_with_their_own_options() -> None:
    messages, events = run(
        activities.ActionQuiz(),
        tracker("5 T/F statements on professionals meetings please", "quiz"),
    )
    text = all_text(messages)
    assert text.startswith("True or false? 5 statements on Calling Professionals Meetings")
    assert "\n5. " in text and "\n6. " not in text.split("Answers:")[0]
    assert "1. Who can call a professionals meeting? Any professional in the network" in text
    assert "1. True. Calling Professionals Meetings" in text
    assert "2. False: the answer is " in text
    assert "activity" not in slots(events)


def test_a_quoted_phrase_names_the_topic_that_says_it_and_another_poll_follows() -> None:
    asked = "poll for the room on the term 'seem to engage'"
    messages, events = run(activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop"))
    assert all_text(messages).startswith(f"{POLL_HEADING} **Non-compliant parents**")
    dispatcher = CollectingDispatcher()
    again = activities.another_of_the_same(
        dispatcher,
        tracker(
            "and another about young carers",
            "ask_learning",
            slots=slots(events),
            events=turn(asked, messages, events),
        ),
    )
    assert again is not None
    assert all_text(dispatcher.messages).startswith(f"{POLL_HEADING} **Consideration of Young")


def test_a_groups_questions_on_two_topics_are_each_topics_in_turn() -> None:
    messages, events = run(
        activities.ActionDiscussionQuestions(),
        tracker(
            "reflective questions about young carers and social media, for supervision",
            "ask_discussion_questions",
        ),
    )
    assert len(messages) == 2
    assert "Young Carers" in messages[0]["text"] and "Social Media" in messages[1]["text"]
    assert slots(events)[KEY_MESSAGE_SLOT] == "social-media-footprint"


def test_a_handout_on_a_theme_across_both_audits_is_the_themes() -> None:
    messages, _ = run(
        activities.ActionHandout(),
        tracker("handout on the neglect learning from both the audits", "ask_handout"),
    )
    assert "/handouts/theme/neglect" in all_text(messages)


def test_the_last_part_of_a_walk_through_named_by_its_place_is_its_last_stage() -> None:
    """ "ok the final part please" in a walk-through: its last stage, whichever intent the
    NLU read (set V: declined as nothing close)."""
    state = Activity("walkthrough", case="send-adam", stage=1, waiting=False).to_slot()
    opened = [{"event": "slot", "name": "context", "value": "activity"}]
    history = turn("next", [{"text": "revealed"}], opened)
    for action, intent in (
        (learning.ActionAnswerLearning(), "ask_learning"),
        (core.ActionAcknowledge(), "acknowledge"),
    ):
        current = tracker(
            "ok the final part please", intent, slots={"activity": state}, events=history
        )
        messages, _ = run(action, current)
        assert "Case 1 (Adam): stage 2 of 2" in all_text(messages), intent


def test_polls_on_an_audit_asked_by_number_are_each_on_another_key_message() -> None:
    """ "4 questions to vote on from the SEND audit": so many polls, one key message each,
    each with its answer to reveal; then "one on young carers" is a poll on that topic."""
    asked = "can I have 4 poll questions about the SEND audit for my team day"
    messages, events = run(activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop"))
    text = all_text(messages)
    assert text.startswith(f"{POLL_HEADING} the SEND audit 2016-17: 4 questions")
    assert text.count("To reveal after the vote:") == 4
    assert slots(events)["audit"] == "send-2016-17"
    dispatcher = CollectingDispatcher()
    again = activities.another_of_the_same(
        dispatcher,
        tracker(
            "now do one on young carers",
            "ask_learning",
            slots=slots(events),
            events=turn(asked, messages, events),
        ),
    )
    assert again is not None
    assert all_text(dispatcher.messages).startswith(f"{POLL_HEADING} **Consideration of Young")


@pytest.mark.parametrize(
    "asked",
    [
        "give me 3 questions to vote on from the mental health audit",
        "I need 2 poll questions on the SEND audit for a briefing",
    ],
)
def test_each_poll_on_an_audit_names_the_audit_and_case_its_answer_comes_from(asked: str) -> None:
    messages, _ = run(activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop"))
    polls = [
        line for line in all_text(messages).splitlines() if "To reveal after the vote:" in line
    ]
    assert polls
    assert all("Source: " in line for line in polls)


def test_a_poll_on_a_topic_for_a_sectors_staff_is_on_the_topic_not_an_audit() -> None:
    """ "for health staff": "health" is the mental health audit's word, but the staff vote."""
    messages, _ = run(
        activities.ActionPlanWorkshop(),
        tracker("a quick poll for our health staff on young carers", "plan_workshop"),
    )
    assert all_text(messages).startswith(f"{POLL_HEADING} **Consideration of Young Carers**")


def test_a_plan_on_both_audits_is_theirs_whatever_its_audience_is_called() -> None:
    messages, _ = run(
        activities.ActionPlanWorkshop(),
        tracker(
            "plan a 2 hour session on both audits, audience: mental health nurses and teachers",
            "plan_workshop",
        ),
    )
    assert all_text(messages).startswith("A plan for a 2-hour workshop on the audits together")


def test_a_part_of_the_plan_swapped_for_a_topic_puts_that_topic_in_and_its_handout_follows() -> (
    None
):
    asked = "plan a 90 minute session on the SEND audit"
    messages, events = run(activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop"))
    history = turn(asked, messages, events)
    said = "can you replace the case recording part with something about young carers"
    swapped, swap_events = run(
        activities.ActionPlanWorkshop(),
        tracker(said, "ask_learning", slots=slots(events), events=history),
    )
    text = all_text(swapped)
    assert text.startswith("A plan for a 90-minute workshop on the SEND audit 2016-17")
    assert (
        "Consideration of Young Carers (Mental health audit 2019/20) in place of Case Recording"
        in text
    )
    assert slots(swap_events)[KEY_MESSAGE_SLOT] == "young-carers"
    handout, _ = run(
        activities.ActionHandout(),
        tracker(
            "a printable handout to go with that bit",
            "ask_handout",
            slots={**slots(events), **slots(swap_events)},
            events=[*history, *turn(said, swapped, swap_events)],
        ),
    )
    assert "Young Carers" in all_text(handout)


def _after_a_plan_on_the_send_audit(said: str) -> tuple[list[dict[str, Any]], list[Any]]:
    """What the plan action answers `said` with, right after a 90-minute plan on the SEND audit."""
    asked = "plan a 90 minute session on the SEND audit"
    messages, events = run(activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop"))
    return run(
        activities.ActionPlanWorkshop(),
        tracker(said, "ask_learning", slots=slots(events), events=turn(asked, messages, events)),
    )


@pytest.mark.parametrize(
    "said",
    [
        "swap the case recording bit for young carers",
        "instead of case recording can we cover young carers",
    ],
)
def test_a_topic_from_the_other_audit_swapped_into_a_plan_cites_both_audits(said: str) -> None:
    swapped, _ = _after_a_plan_on_the_send_audit(said)
    text = all_text(swapped)
    assert "Consideration of Young Carers (Mental health audit 2019/20) in place of" in text
    assert "Source: SEND audit 2016-17, Mental health audit 2019/20." in text


def test_a_case_study_with_so_many_questions_tells_the_case_then_that_many() -> None:
    messages, _ = run(
        activities.ActionDiscussionQuestions(),
        tracker("case study of Erika plus two prompts for the group", "ask_discussion_questions"),
    )
    assert messages[0]["text"].startswith("Case study: SEND audit 2016-17, Case 5 (Erika)")
    assert messages[1]["text"].count("\n- ") == 2


@pytest.mark.parametrize(
    ("said", "minutes"),
    [("change the length to 45 minutes", "45-minute"), ("change the session to 2 hours", "2-hour")],
)
def test_a_length_asked_in_a_swaps_words_changes_the_plans_length(said: str, minutes: str) -> None:
    reply, _ = _after_a_plan_on_the_send_audit(said)
    assert all_text(reply).startswith(f"A plan for a {minutes} workshop on the SEND audit")


def test_what_can_change_in_a_plan_with_no_topic_is_its_length() -> None:
    (reply,) = activity_answers.which_part_to_swap([], None)
    assert "length" in reply.text and "topics" not in reply.text


@pytest.mark.parametrize(
    "said",
    [
        "swap the quiz for a role play",
        "instead of the walkthrough, do a quiz",
        "can you change the audience to GPs",
        "replace the second half with small group work",
    ],
)
def test_a_swap_naming_no_topic_of_the_plan_says_which_can_be_swapped(said: str) -> None:
    """Review finding (round 35, 2e): a swap's wording right after a plan, with no topic in
    it, got "Which audit is the workshop on?" though the plan's audit was known."""
    reply, reply_events = _after_a_plan_on_the_send_audit(said)
    text = all_text(reply)
    assert "which audit" not in text.lower()
    assert "Its topics: " in text and "Case Recording" in text
    assert '("swap ' in text
    assert reply_events == []


def test_a_plans_timings_asked_after_it_give_the_same_plan_part_by_part() -> None:
    timed, _ = _after_a_plan_on_the_send_audit("and the timings?")
    text = all_text(timed)
    assert text.startswith("A plan for a 90-minute workshop on the SEND audit 2016-17")
    assert "0:00-0:10 (10 min)" in text


def test_a_quiz_on_two_topics_named_asks_both_even_when_one_title_opens_another() -> None:
    """ "wider family" is the whole title of one key message and the start of another's."""
    messages, events = run(
        activities.ActionQuiz(), tracker("quiz questions on wider family and neglect", "quiz_me")
    )
    heading = all_text(messages).split("\n")[0]
    assert "Quiz on Wider family (Mental health" in heading and "Chronic Neglect" in heading
    assert "lived experience" not in heading
    activity = Activity.from_slot(slots(events)["activity"])
    assert activity is not None and len(activity.questions) == 2


def test_a_true_or_false_icebreaker_on_the_abbreviations_is_the_glossarys() -> None:
    messages, _ = run(
        activities.ActionQuiz(), tracker("warm-up: T/F round on the jargon in the audits")
    )
    statements, answers = (m["text"] for m in messages)
    assert statements.startswith("True or false? 10 statements on the abbreviations")
    assert "1. DNA stands for \u201cDid not attend\u201d." in statements
    assert (
        "1. True: DNA" in answers
        and "2. False: DV stands for \u201cDomestic violence\u201d" in (answers)
    )


def test_a_groups_questions_on_a_topic_using_a_case_are_steered_by_the_topic() -> None:
    """The questions the walk-through asks where the case reaches the topic come first, with
    the case's story and what the audit found; not the case's questions on other topics."""
    messages, events = run(
        activities.ActionDiscussionQuestions(),
        tracker("prompts about transition planning for the team, using Deshawn's case"),
    )
    text = all_text(messages)
    assert text.startswith(
        "Discussion questions on Transition planning, using SEND audit 2016-17, Case 4 (Deshawn)."
    )
    assert "The case: " in text and "What the audit found, in this case:" in text
    assert slots(events)[KEY_MESSAGE_SLOT] == "holistic-transition-planning"
    # a topic the audit does not draw from the case: said so, with the topic's own learning
    other, _ = run(
        activities.ActionDiscussionQuestions(),
        tracker("discussion questions on young carers using Deshawn as the case"),
    )
    assert "The audit does not draw this learning from Case 4 (Deshawn)" in all_text(other)


def test_a_scenario_on_escalation_tells_an_audited_situation_then_its_route_to_reveal() -> None:
    messages, _ = run(
        activities.ActionDiscussionQuestions(),
        tracker("a realistic scenario exercise for the room on escalating, in order"),
    )
    story, route = (m["text"] for m in messages)
    assert story.startswith("A scenario exercise on escalation: a care plan is not progressing")
    assert "Source: SEND audit 2016-17, Case 1 (Adam)." in story
    assert "Ask the room: who would you go to, and in what order?" in story
    # the audit's finding names the route: it is told with the route, after the room answers
    assert "What the audit found" not in story and "manager" not in story.lower()
    assert route.startswith("The route, in order (to reveal):\n\n1. Raise it with your manager")
    assert "What the audit found: " in route
    assert "Independent Chair of the CHSCB" in route
    # a situation its words describe: that route
    described, _ = run(
        activities.ActionDiscussionQuestions(),
        tracker("scenario for the group on escalating when adult mental health won't reply"),
    )
    assert "ELFT Named Professional" in all_text(described)


def test_a_scenario_on_a_topic_is_its_audited_case_with_the_topics_questions() -> None:
    messages, _ = run(
        activities.ActionDiscussionQuestions(),
        tracker("short scenario exercise on children not brought to appointments"),
    )
    text = all_text(messages)
    assert text.startswith(
        "A scenario on Non-attendance at services, from SEND audit 2016-17, Case 5"
    )
    assert "The situation: " in text and "Questions to discuss after it:" in text


def test_key_messages_for_an_audience_come_from_every_audit_and_name_the_role_first() -> None:
    messages, _ = run(
        activities.ActionHandout(), tracker("key messages slide for GPs from both audits")
    )
    text = all_text(messages)
    assert text.startswith("Key messages for GPs, from the audits")
    send, mental_health = (
        text.index("**SEND audit 2016-17**"),
        text.index("**Mental health audit 2019/20**"),
    )
    # the one whose own words name GPs leads its audit's bullets
    first = text[send:].split("\n")[1]
    assert first.startswith("- Information Sharing and Communication: GPs and plans for Looked")
    assert mental_health and "/handouts/audit/send-2016-17" in text
    # an audit named: that audit's only
    one, _ = run(
        activities.ActionHandout(),
        tracker("key messages for school nurses from the mental health audit, as bullets"),
    )
    assert "SEND audit" not in all_text(one)
    assert "School Nursing" in all_text(one)


def test_a_chairs_questions_for_a_conference_are_on_the_topic_left_open() -> None:
    """A word on the answer's cases between them leaves the topic open: "what questions
    should I put to my conference" is on it, not on a topic whose examples say "conference"."""
    history = [
        *answered("wider-family-network", "learning on wider family in safety planning?"),
        *turn(
            "which review was that",
            [{"text": "The cases whose audit says so: Mental health audit 2019/20, Case 3."}],
            [{"event": "slot", "name": "context", "value": "neutral"}],
        ),
    ]
    messages, _ = run(
        activities.ActionDiscussionQuestions(),
        tracker("what questions should I put to my conference", "discuss_case", events=history),
    )
    assert all_text(messages).startswith("**Wider family**")


@pytest.mark.parametrize(
    "text",
    [
        "case study for the team with 3 questions: the baby had a bruise on a home visit",
        "a scenario based on a toddler left alone with burns, for my group",
        "discussion questions on neglect, the child has marks on his neck",
    ],
)
def test_a_groups_questions_on_a_sign_of_danger_come_after_999(text: str) -> None:
    messages, _ = run(
        activities.ActionDiscussionQuestions(),
        tracker(text, intent="discussion_questions", **{DANGER_POSSIBLE: True}),
    )
    assert "999" in messages[0]["text"]
    assert len(messages) > 1
    calm, _ = run(activities.ActionDiscussionQuestions(), tracker(text))
    assert "999" not in calm[0]["text"]


@pytest.mark.parametrize(
    "said",
    [
        "what is the learning to pass on to my team about record keeping?",
        "key messages to go through with the school nurse about young carers",
        "what learning came out after the adam review",
        "what did the audit find on missed health appointments",
    ],
)
def test_within_a_poll_a_topic_or_case_of_its_own_is_not_the_polls_part(said: str) -> None:
    on_topic = entities(key_message="calling-professionals-meetings")
    asked = "a poll for the room on this please"
    messages, events = run(
        activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop", entities=on_topic)
    )
    history = turn(asked, messages, events)
    later = tracker(said, slots=slots(events), events=history)
    assert activities.within_poll(CollectingDispatcher(), later) is None
    itself = tracker(
        "now the learning to share after the vote", slots=slots(events), events=history
    )
    assert activities.within_poll(CollectingDispatcher(), itself) is not None


@pytest.mark.parametrize(
    ("said", "case"),
    [
        ("discussion questions using case 2 from the MH audit", "Case 2"),
        ("reflective questions for the team, using case 3 of the mental health audit", "Case 3"),
        ("group prompts using case 1 in the mental health audit 2019/20", "Case 1"),
    ],
)
def test_a_case_named_by_its_audits_title_is_not_a_topic_of_its_own(said: str, case: str) -> None:
    """The audit's title ("mental health") names the case's audit, not a topic beside it."""
    messages, _ = run(activities.ActionDiscussionQuestions(), tracker(said))
    assert all_text(messages).startswith(
        f"Discussion questions for a group on Mental health audit 2019/20, {case}:"
    )


@pytest.mark.parametrize(
    "said",
    [
        "scenario for the group on escalating when adult mental health won't reply",
        "role play exercise for my team on escalation routes",
        "a vignette for the room: escalating a drifting plan, who first?",
    ],
)
def test_an_escalation_scenario_keeps_the_audits_finding_for_the_reveal(said: str) -> None:
    messages, _ = run(activities.ActionDiscussionQuestions(), tracker(said))
    story, route = (m["text"] for m in messages)
    assert "Source: " in story and "What the audit found" not in story
    found = route.split("What the audit found: ", 1)[1].split("\n\nSources:")[0]
    assert found and found not in story


def test_a_quiz_on_an_audits_cases_asks_which_case_each_fact_is_then_its_answers() -> None:
    """ "a 4 question quiz on the SEND audit cases": facts of its cases, each told of one case
    only, the cases as options; "now the answers" after it gives each case with a line on it."""
    asked = "Put together a 4 question quiz about the SEND audit cases for my team"
    messages, events = run(activities.ActionQuiz(), tracker(asked, "quiz_me"))
    text = all_text(messages)
    assert text.startswith(f"{activity_answers.CASE_QUIZ_HEADING} the SEND audit 2016-17, 4 ")
    assert "Case 1 (Adam)" in text and "Answers" not in text
    assert len(messages) == 1 and text.count("\n\n") == 1  # a phone's messages
    with common.store().session() as session:
        cases = common.store().cases(session)
        for question in case_questions(cases, len(cases)):
            assert told_only_of(question.fact, question.case, cases)
    dispatcher = CollectingDispatcher()
    again = activities.case_quiz_answers_again(
        dispatcher,
        tracker(
            "ok now can I have the answers",
            "ask_learning",
            slots=slots(events),
            events=turn(asked, messages, events),
        ),
    )
    assert again is not None
    answered = all_text(dispatcher.messages)
    assert (
        answered.startswith("Answers:") and "Source: SEND audit 2016-17, Case 1 (Adam)" in answered
    )


@pytest.mark.parametrize(
    "said", ["answers", "now the answers", "can I have the answers", "ok answers pls"]
)
def test_the_case_quizs_own_prompt_said_back_gives_its_answers_and_nothing_after(said: str) -> None:
    """The quiz says Say "answers": that word gets them, and the reply ends there (no decline
    nor other reply of the chain after it)."""
    from actions.last_turn import on_last_turn

    asked = "a 3 question quiz on the SEND audit cases please"
    messages, events = run(activities.ActionQuiz(), tracker(asked, "quiz_me"))
    dispatcher = CollectingDispatcher()
    again = on_last_turn(
        dispatcher,
        tracker(said, "nlu_fallback", slots=slots(events), events=turn(asked, messages, events)),
    )
    assert again
    assert len(dispatcher.messages) == 1
    assert all_text(dispatcher.messages).startswith("Answers:")


@pytest.mark.parametrize(
    ("said", "on"),
    [
        ("quiz on disguised compliance using the SEND cases", "isguised compliance"),
        ("true or false on the SEND cases", "rue or false"),
    ],
)
def test_a_quiz_on_a_topic_or_true_or_false_from_the_cases_is_no_case_quiz(
    said: str, on: str
) -> None:
    messages, _ = run(activities.ActionQuiz(), tracker(said, "quiz_me"))
    text = all_text(messages)
    assert not text.startswith(activity_answers.CASE_QUIZ_HEADING) and on in text


@pytest.mark.parametrize(
    "said",
    [
        "a handout on the SEND audit for parents",
        "can I get a handout about the SEND audit to give to foster carers",
        "handout on the SEND audit for families please",
    ],
)
def test_whom_an_audits_handout_is_for_is_read_before_a_topic(said: str) -> None:
    messages, _ = run(activities.ActionHandout(), tracker(said, "ask_handout"))
    assert all_text(messages).startswith("Printable handout of the SEND audit 2016-17 key")


@pytest.mark.parametrize(
    "fits_another",
    [
        "Learning Disability",
        "Learning Difficulties",
        "repeatedly presenting",
        "multiple hospital attendances",
        "complex health needs",
        "as experts",
        "attends a Hackney special school",
    ],
)
def test_a_case_quiz_asks_only_reviewed_facts_none_that_fits_another_case(
    fits_another: str,
) -> None:
    with common.store().session() as session:
        cases = common.store().cases(session)
        questions = case_questions(cases, 100)
    assert {q.case.id for q in questions} == {c.id for c in cases if not c.referred_only}
    # the reviewed list is what is asked: no fact of it is dropped as fitting another case
    assert {q.fact for q in questions} == {f for c in cases for f in c.quiz_facts}
    for question in questions:
        assert question.fact in question.case.quiz_facts
        assert fits_another.lower() not in question.fact.lower()


def test_a_case_quiz_across_both_audits_names_each_questions_audit_and_each_answers() -> None:
    """Each audit has a Case 1: the audit's short title goes with every question and answer."""
    asked = "a 6 question quiz covering both audits' cases, with answers"
    messages, _ = run(activities.ActionQuiz(), tracker(asked, "quiz_me"))
    quiz, answered = (m["text"] for m in messages)
    questions = [line for line in quiz.splitlines() if "Which case:" in line]
    answers = [line for line in answered.splitlines() if line[:1].isdigit()]
    assert len(questions) == len(answers) == 6
    titles = ("SEND audit 2016-17: ", "Mental health audit 2019/20: ")
    for line in [*questions, *answers]:
        assert any(title in line for title in titles), line
    assert {t for t in titles for line in questions if t in line} == set(titles)


def test_a_plan_on_a_theme_of_an_audit_named_is_on_the_audits_key_messages_of_it() -> None:
    messages, _ = run(
        activities.ActionPlanWorkshop(),
        tracker(
            "plan me a 90 minute session about transitions into adulthood with the SEND audit's "
            "cases",
            "plan_workshop",
        ),
    )
    heading = messages[0]["text"].split("\n")[0]
    assert "Transitioning into Adulthood and Transition planning" in heading
    assert "Case 2 (Barak)" in messages[0]["text"] and "Case 4 (Deshawn)" in messages[0]["text"]


def shortened_after_handout(
    said: str, asked: str = "handout on children not brought to appointments", **parse: Any
) -> tuple[list[Any] | None, CollectingDispatcher]:
    """handout_shortened on a message right after the handout asked."""
    messages, events = run(activities.ActionHandout(), tracker(asked, "ask_handout"))
    history = turn(asked, messages, events)
    history.insert(1, {"event": "action", "name": ACTION_HANDOUT})
    dispatcher = CollectingDispatcher()
    shortened = activities.handout_shortened(
        dispatcher, tracker(said, slots=slots(events), events=history, **parse)
    )
    return shortened, dispatcher


def test_a_topics_handout_asked_shorter_is_its_own_words_in_so_many_bullets() -> None:
    shortened, dispatcher = shortened_after_handout("can you cut it down to 3 bullet points")
    assert shortened is not None
    text = all_text(dispatcher.messages)
    # its summary's two sentences: its steps say nothing more
    assert text.count("\n- ") == 2
    assert "really means that children are not being brought" in text
    assert "/handouts/theme/" in text and "Source: SEND audit 2016-17" in text


@pytest.mark.parametrize(
    "said",
    [
        "shorter please, they trimmed his timetable and his dad hit him last night",
        "make it shorter",
    ],
)
def test_a_message_the_safety_rules_mark_is_never_a_handout_cut_down(said: str) -> None:
    shortened, dispatcher = shortened_after_handout(said, risk_mentioned=True)
    assert shortened is None and not dispatcher.messages


def test_every_topic_of_a_handout_on_several_is_shortened() -> None:
    shortened, dispatcher = shortened_after_handout(
        "shorter please, 3 bullets each", asked="a handout on young carers and school nursing"
    )
    assert shortened is not None
    text = all_text(dispatcher.messages)
    assert text.count(" in 3 bullets:") == 2 and text.count("Source: ") == 2


@pytest.mark.parametrize(
    ("asked", "named"),
    [
        ("handout for the Adam case", "SEND audit 2016-17, Case 1 (Adam)"),
        ("a printable handout of the mental health audit", "the Mental health audit 2019/20"),
    ],
)
def test_a_case_or_audit_handout_asked_shorter_says_what_can_be_shortened(
    asked: str, named: str
) -> None:
    shortened, dispatcher = shortened_after_handout("can you make it shorter", asked=asked)
    assert shortened
    text = all_text(dispatcher.messages)
    assert text.startswith(f"The handout on {named} is the audit's own account")
    assert "a topic's handout" in text and "Source: " in text


def test_a_poll_on_a_quoted_phrase_asks_the_question_that_quotes_it() -> None:
    """The audit quotes part of the phrase ("parents 'seem to engage'"); the topic's question
    on that phrase is put to the vote, not its first."""
    messages, _ = run(
        activities.ActionPlanWorkshop(),
        tracker(
            "quick poll about the wording 'parents seem to engage' for the room", "plan_workshop"
        ),
    )
    assert "Why should professionals be wary of writing that parents" in all_text(messages)


@pytest.mark.parametrize(
    "said",
    [
        "shorter for the team",
        "a briefer version for the huddle please",
        "summary for my manager?",
        "tl;dr for staff",
    ],
)
def test_a_shorter_version_for_someone_is_a_handout_cut_down(said: str) -> None:
    """Whom or what the shorter version is for ("for the team", "for the huddle") is no topic
    of its own, and "briefer", "summary", "tl;dr" ask as "shorter" does."""
    shortened, dispatcher = shortened_after_handout(said)
    assert shortened is not None, said
    text = all_text(dispatcher.messages)
    assert " bullets:" in text and "Source: SEND audit 2016-17" in text, said


@pytest.mark.parametrize(
    "said",
    [
        "a short session for the team",
        "brief the team",
        "short training session",
        "a brief meeting with parents",
        "is this too long for a team meeting",
        "the session was too long",
        "short of staff",
        "summary for parents",
    ],
)
def test_a_short_thing_to_plan_after_an_answer_is_no_shorter_answer(said: str) -> None:
    """A session, a meeting, a family or staff numbers named with "short" or "brief" after an
    answer ask for something of their own, not the answer again in a few bullets."""
    history = answered("chronic-neglect", "neglect")
    dispatcher = CollectingDispatcher()
    assert activities.handout_shortened(dispatcher, tracker(said, events=history)) is None, said
    assert not dispatcher.messages


def test_a_topics_answer_asked_shorter_for_the_team_is_its_own_words_in_a_few_bullets() -> None:
    history = answered("chronic-neglect", "neglect")
    messages, events = run(
        learning.ActionAnswerLearning(),
        tracker("can you make that briefer for the team", events=history),
    )
    text = all_text(messages)
    assert text.startswith("**Chronic Neglect** in ") and "Source: " in text
    assert SlotSet(KEY_MESSAGE_SLOT, "chronic-neglect") in events


def test_a_handout_of_the_poll_just_given_is_on_the_polls_topic_and_its_case_follows() -> None:
    """Issue 19: "make that into a sheet" right after a poll is the poll's topic ("make",
    "into" are no words of another topic), and "where's that from" then names its case."""
    on_topic = entities(key_message="disguised-compliance")
    asked = "a vote for the room on this one"
    polled, poll_events = run(
        activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop", entities=on_topic)
    )
    assert all_text(polled).startswith(POLL_HEADING)
    history = turn(asked, polled, poll_events)
    for said in ("could you make that into a handout", "put this in a one pager please"):
        messages, events = run(
            activities.ActionHandout(),
            tracker(said, "ask_handout", slots=slots(poll_events), events=history),
        )
        assert "Disguised Compliance" in all_text(messages), said
        assert SlotSet(KEY_MESSAGE_SLOT, "disguised-compliance") in events
        later = [*history, *turn(said, messages, events)]
        cited, _ = run(
            cases.ActionDescribeCase(),
            tracker("where's that from, which case", "ask_case", slots=slots(events), events=later),
        )
        assert "Caryn" in all_text(cited)


def test_a_handout_to_go_with_a_plan_after_a_change_asked_of_it_is_the_plans_topic() -> None:
    """Issue 19: a plan, then a change of an activity it cannot make (a question back), then
    "a sheet to accompany that?": the plan's topic, not "which handout?"."""
    asked = "plan me a 90 minute session on young carers"
    planned, plan_events = run(activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop"))
    assert all_text(planned).startswith("A plan for a 90-minute workshop on")
    history = turn(asked, planned, plan_events)
    change = "replace the first exercise with a role play"
    changed, change_events = run(
        activities.ActionPlanWorkshop(),
        tracker(change, "plan_workshop", slots=slots(plan_events), events=history),
    )
    assert all_text(changed).rstrip().endswith("?")
    history += turn(change, changed, change_events)
    messages, _ = run(
        activities.ActionHandout(),
        tracker(
            "a sheet to accompany that?", "ask_handout", slots=slots(plan_events), events=history
        ),
    )
    text = all_text(messages)
    assert "Young Carers" in text and "Which handout" not in text


def test_the_learning_in_short_during_a_walk_through_is_its_key_messages_titles() -> None:
    """ "remind me of the key points, briefly" in a walk-through: the case's key messages in
    a line each (titles), never urgent advice nor the whole of each."""
    state = Activity("walkthrough", case="send-erika", stage=1, waiting=False).to_slot()
    opened = [{"event": "slot", "name": "context", "value": "activity"}]
    history = turn("next", [{"text": "revealed"}], opened)
    current = tracker(
        "remind us what the key points were, in short",
        "ask_learning",
        slots={"activity": state},
        events=history,
    )
    said = all_text(run(learning.ActionAnswerLearning(), current)[0])
    assert said.startswith("The key messages from Case 5 (Erika), in short:")
    assert "Non-compliant parents" in said and "Non-attendance at services" in said
    assert "999" not in said


def test_a_plan_on_two_cases_named_plans_both_and_keeps_them_when_changed() -> None:
    asked = "plan me an hour long session using Erika and Adam"
    messages, events = run(activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop"))
    text = all_text(messages)
    assert text.startswith("A plan for a 60-minute workshop on Case 5 (Erika) and Case 1 (Adam)")
    assert "Case 5 (Erika):" in text and "Case 1 (Adam):" in text
    assert "Non-compliant parents" in text and "Access to services" in text
    longer, _ = run(
        activities.ActionPlanWorkshop(),
        tracker("make it 2 hours", "plan_workshop", events=turn(asked, messages, events)),
    )
    assert all_text(longer).startswith(
        "A plan for a 2-hour workshop on Case 5 (Erika) and Case 1 (Adam)"
    )


def test_a_quiz_on_a_theme_from_both_audits_takes_each_audits_questions_in_turn() -> None:
    messages, events = run(
        activities.ActionQuiz(),
        tracker("quiz questions on information sharing from the two audits", "quiz_me"),
    )
    text = all_text(messages)
    assert text.startswith("Quiz on information sharing, from the ")
    assert "Mental health audit 2019/20" in text and "SEND audit 2016-17" in text
    activity = Activity.from_slot(slots(events)["activity"])
    assert activity is not None
    with common.store().session() as session:
        audits = {
            question.source_id
            for question in common.store().quiz_questions(session)
            if question.id in activity.questions[:2]
        }
    assert len(audits) == 2


def test_a_plan_on_cases_named_that_do_not_all_fit_says_so_and_is_titled_on_those_held() -> None:
    asked = "plan a 30 min session for the team using Caryn, Barak and Erika"
    messages, _ = run(activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop"))
    text = all_text(messages)
    assert "did not fit in 30 minutes" in text
    assert not text.startswith("A plan for a 30-minute workshop on Case 3 (Caryn) and")
    forty = "plan a 45 min session for the team using Caryn, Barak and Erika"
    messages, _ = run(activities.ActionPlanWorkshop(), tracker(forty, "plan_workshop"))
    text = all_text(messages)
    assert text.startswith("A plan for a 45-minute workshop on Case 3 (Caryn), SEND audit")
    assert "Case 2 (Barak) and Case 5 (Erika) did not fit in 45 minutes" in text
    assert "quiz on the key messages" not in text


def _vote_on_escalation() -> list[dict[str, Any]]:
    """The events of a turn that gave the room a poll on escalation."""
    asked = "a room vote on escalation please"
    messages, events = run(activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop"))
    assert all_text(messages).startswith(POLL_HEADING)
    return turn(asked, messages, events)


def _asks_another_poll(text: str, history: list[dict[str, Any]]) -> bool:
    dispatcher = CollectingDispatcher()
    current = tracker(text, "ask_learning", events=history)
    done = activities.another_of_the_same(dispatcher, current) is not None
    return done and all_text(dispatcher.messages).startswith(POLL_HEADING)


def test_one_on_a_topic_after_a_poll_and_its_answer_is_a_poll_on_it() -> None:
    """A poll, then its right answer asked, then "can you do one for neglect too": a poll on
    neglect, the poll still in hand; "a poll on neglect now" is not so shaped."""
    history = _vote_on_escalation()
    history += turn("so what's the right answer", [{"text": "The audit's answer is ..."}], [])
    assert (
        activities.another_of_the_same(
            CollectingDispatcher(), tracker("a poll on neglect now", "ask_learning", events=history)
        )
        is None
    )
    assert _asks_another_poll("can you do one for neglect too", history)


def test_more_on_a_topic_after_a_poll_then_a_learning_answer_is_no_poll() -> None:
    """A poll, then a learning question answered, then "a few more about advocacy" or "do one
    for consent": more learning, not a poll; the same words right after the poll are a poll."""
    poll = _vote_on_escalation()
    history = poll + answered("chronic-neglect", "learning on neglect in the SEND audit")
    for asked in ("a few more about advocacy", "do one for consent", "same again for transitions"):
        assert not _asks_another_poll(asked, history), asked
    assert _asks_another_poll("a few more about advocacy", poll)
    # "more on" never reaches back past the turn before, even over a part of the poll
    parted = poll + turn("so what's the right answer", [{"text": "The answer ..."}], [])
    assert not _asks_another_poll("three more about advocacy", parted)


def _walk_started() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The slots and events of a walk-through just started on Adam's case."""
    start, start_events = run(
        activities.ActionWalkThroughCase(),
        tracker("take us through Adam's case", "walk_through_case"),
    )
    return slots(start_events), turn("take us through Adam's case", start, start_events)


@pytest.mark.parametrize("flagged", [True, False])
def test_a_walk_through_asked_with_danger_in_it_opens_with_999_only_then(flagged: bool) -> None:
    flags = {DANGER_POSSIBLE: True} if flagged else {}
    messages, _ = run(
        activities.ActionWalkThroughCase(),
        tracker(
            "walk through Adam, my nephew just collapsed and isn't waking",
            "walk_through_case",
            **flags,
        ),
    )
    first = str(messages[0].get("text") or "")
    assert ("999" in first) is flagged
    assert "Case 1 (Adam): stage 1 of" in all_text(messages)
    assert sum("999" in str(m.get("text") or "") for m in messages) == int(flagged)


@pytest.mark.parametrize("flagged", [True, False])
def test_a_choice_or_next_with_danger_in_it_opens_with_999_only_then(flagged: bool) -> None:
    flags = {DANGER_POSSIBLE: True} if flagged else {}
    state, history = _walk_started()
    for action, text, intent in (
        (
            activities.ActionChooseOption(),
            "option b, and her stepdad has a knife out now",
            "choose_option",
        ),
        (activities.ActionNextStep(), "next one, the twins are locked in with him", "next_step"),
    ):
        messages, _ = run(action, tracker(text, intent, slots=state, events=history, **flags))
        assert messages, text
        assert ("999" in str(messages[0].get("text") or "")) is flagged, text
        assert len(messages) > 1 or not flagged, text


def test_a_plan_on_cases_named_by_number_is_on_each_of_them() -> None:
    asked = "plan a 90 minute session on case 2 and case 4 of the SEND audit"
    messages, _ = run(activities.ActionPlanWorkshop(), tracker(asked, "plan_workshop"))
    text = all_text(messages)
    assert text.startswith("A plan for a 90-minute workshop on Case 2 (Barak) and Case 4 (Deshawn)")
    assert "Case 2 (Barak):" in text and "Case 4 (Deshawn):" in text
