"""Answers and their follow-ups (actions/learning.py)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet

from actions import cases, common, core, fallback, learning
from bot.dialogue.answers.learning import FIRST_MESSAGE_WORDS, word_count
from bot.dialogue.answers.safety import STILL_URGENT, URGENT_LINE_START
from bot.dialogue.retrieval import Opinion
from bot.dialogue.understanding import CANDIDATES, Ranked
from bot.encoder import MESSAGE_VECTOR, SentenceEncoder, carried_vector, shared_encoder
from bot.knowledge.store import KnowledgeStore
from bot.names import DANGER_POSSIBLE, RISK_MENTIONED
from bot.settings import ENV_CLOCK
from tests.actions.trackers import answered, ranking, run, tracker, turn, urgent_turn
from tests.support import all_text
from tests.urgent_clock import WEEKDAY_10AM


def test_a_confident_question_gets_a_short_answer_with_the_rest_one_tap_away() -> None:
    messages, events = run(
        learning.ActionAnswerLearning(),
        tracker(
            "mum says yes to everything but nothing changes",
            response_selector=ranking(("disguised-compliance", 0.61), ("chronic-neglect", 0.1)),
        ),
    )
    assert len(messages) == 1
    text = messages[0]["text"]
    assert text.startswith("**Disguised Compliance")
    assert "What to do:" in text
    assert text.endswith("Source: SEND audit 2016-17, Case 3 (Caryn).")
    assert word_count(text) <= FIRST_MESSAGE_WORDS + 10
    # the reflective questions and services are behind buttons, not in the first message
    assert "Do you flag disguised compliance in supervision?" not in text
    titles = [button["title"] for button in messages[0]["buttons"]]
    assert (
        titles[:2] == ["Reflective questions", "Services and contacts"]
        or "Reflective questions" in titles
    )
    assert {"How do I escalate?", "Was this helpful? Yes", "No, not helpful"} <= set(titles)
    payloads = {b["title"]: b["payload"] for b in messages[0]["buttons"]}
    assert payloads["Reflective questions"] == '/more_prompts{"key_message":"disguised-compliance"}'
    assert events == [
        SlotSet("key_message", "disguised-compliance"),
        SlotSet("context", "answered"),
    ]


@pytest.mark.parametrize("danger", [True, False])
def test_a_confident_answer_to_a_message_with_a_sign_of_danger_comes_after_999(
    danger: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scene nobody taught it ("injured non-verbal pupil, alleged abuser collecting now", set
    H) may be ranked surely enough to be answered: the sign of danger still puts 999 and the
    number first, in the same message; without the sign, the answer alone."""
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    flags = {DANGER_POSSIBLE: True} if danger else {}
    messages, _ = run(
        learning.ActionAnswerLearning(),
        tracker(
            "non-verbal pupil with injuries, the adult she points at is outside",
            response_selector=ranking(("voice-of-non-verbal-child", 0.9), ("chronic-neglect", 0.1)),
            **flags,
        ),
    )
    text = messages[0]["text"]
    assert text.startswith(URGENT_LINE_START) is danger
    assert "999" in text if danger else "999" not in text
    assert "**" in text  # the answer is still given


def test_services_button_gives_contact_details_exactly() -> None:
    messages, _ = run(
        learning.ActionShowServices(),
        tracker(
            "/show_services",
            "show_services",
            entities=[{"entity": "key_message", "value": "children-witnessing-domestic-abuse"}],
        ),
    )
    text = all_text(messages)
    assert "phone 020 7683 1270" in text
    assert "email info@niaendingviolence.org.uk" in text
    assert "Source: SEND audit 2016-17, Case 2 (Barak)." in text


def test_an_unsure_selector_backed_by_both_second_opinions_answers() -> None:
    """BM25 and the nearest example both put Non-attendance first for these words."""
    messages, events = run(
        learning.ActionAnswerLearning(),
        tracker(
            "paeds appts keep getting missed, mum always has an excuse",
            response_selector=ranking(
                ("not-brought-to-appointments", 0.12),
                ("disguised-compliance", 0.11),
                ("chronic-neglect", 0.1),
            ),
        ),
    )
    assert events[0] == SlotSet("key_message", "not-brought-to-appointments")
    assert messages[0]["text"].startswith("**Non-attendance at services**")


def test_low_confidence_offers_the_top_candidates_as_buttons() -> None:
    messages, events = run(
        learning.ActionAnswerLearning(),
        tracker(
            # vague but near the audits' lines (a bare "hmm" is near nothing they say)
            "worried about this one",
            response_selector=ranking(
                ("not-brought-to-appointments", 0.12),
                ("disguised-compliance", 0.11),
                ("chronic-neglect", 0.1),
                ("young-carers", 0.05),
            ),
        ),
    )
    assert events == [SlotSet("context", "candidates")]
    assert "can't help" in messages[0]["text"]
    assert 'The closest is "Non-attendance at services": ' in messages[0]["text"]
    # the third place is the learned fusion's to weigh (bot/dialogue/fusion.yml)
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[:2] == ["Non-attendance at services", "Disguised Compliance and Chaotic Families"]
    assert len(titles) == 4 and titles[-1] == "None of these"
    assert (
        messages[0]["buttons"][0]["payload"]
        == '/ask_learning{"key_message":"not-brought-to-appointments"}'
    )


def test_reflective_questions_button_gives_every_question() -> None:
    messages, _ = run(
        learning.ActionMorePrompts(),
        tracker("/more_prompts", "more_prompts", slots={"key_message": "disguised-compliance"}),
    )
    text = all_text(messages)
    assert "Are you confident in challenging parents around engagement with services?" in text
    assert (
        "Do you re-refer families to CSC when they are not engaging with universal services?"
        in text
    )
    assert "Do you flag disguised compliance in supervision?" in text


def test_feedback_is_stored_anonymously_on_an_answered_key_message(
    loaded_store: KnowledgeStore,
) -> None:
    history = answered("young-carers")
    messages, _ = run(
        learning.ActionRecordFeedback(),
        tracker(
            "/feedback_helpful",
            "feedback_helpful",
            entities=[{"entity": "key_message", "value": "young-carers"}],
            events=history,
        ),
    )
    assert "recorded anonymously" in all_text(messages)
    run(
        learning.ActionRecordFeedback(),
        tracker(
            "not really helpful",
            "feedback_not_helpful",
            slots={"key_message": "young-carers"},
            events=history,
        ),
    )
    with loaded_store.session() as session:
        assert loaded_store.feedback_counts(session) == {"young-carers": (1, 1)}


@pytest.mark.parametrize("intent", ["feedback_helpful", "feedback_not_helpful"])
@pytest.mark.parametrize("key_message", ["<script>x</script>", "young-carers", "no-such-message"])
def test_forged_feedback_is_never_stored(
    loaded_store: KnowledgeStore, intent: str, key_message: str
) -> None:
    """Typed payloads can name anything; only a key message this conversation was answered
    with (here: disguised compliance) may be recorded."""
    history = answered("disguised-compliance")
    messages, _ = run(
        learning.ActionRecordFeedback(),
        tracker(
            f'/{intent}{{"key_message": "{key_message}"}}',
            intent,
            entities=[{"entity": "key_message", "value": key_message}],
            events=history,
        ),
    )
    assert messages, "feedback always gets a reply"
    assert "recorded" not in all_text(messages)
    with loaded_store.session() as session:
        assert loaded_store.feedback_counts(session) == {}


def test_not_helpful_asks_what_was_missing_and_offers_the_next_closest() -> None:
    question_ranking = ranking(
        ("young-carers", 0.5), ("siblings-lived-experience", 0.2), ("wider-family-network", 0.1)
    )
    history = answered(
        "young-carers", "child does all the caring at home", response_selector=question_ranking
    )
    messages, events = run(
        learning.ActionRecordFeedback(),
        tracker(
            "not really helpful",
            "feedback_not_helpful",
            slots={"key_message": "young-carers"},
            events=history,
        ),
    )
    assert "What were you looking for?" in messages[0]["text"]
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert set(titles[:2]) == {"Wider family: lived experience of siblings", "Wider family"}
    assert "Consideration of Young Carers" not in titles
    assert events == [SlotSet("context", "asked_what_missing")]


def after_urgent(
    action: Any, text: str, intent: str, confidence: float = 0.9, **parse: Any
) -> tuple[list[Any], list[Any]]:
    """`action` run on `text` typed right after urgent advice, with a key message ranked at
    `confidence`."""
    return run(
        action,
        tracker(
            text,
            intent,
            events=urgent_turn(),
            response_selector=ranking(("recording-wishes-and-feelings", confidence)),
            **parse,
        ),
    )


@pytest.mark.parametrize(
    ("action", "text", "intent"),
    [
        (
            learning.ActionAnswerLearning(),
            "school finishes in 20 mins, do i let him go home??",
            "ask_learning",
        ),
        (fallback.ActionOfferCandidates(), "what do I do now", "nlu_fallback"),
        (fallback.ActionCoreFallback(), "what number do I call", "nlu_fallback"),
        (core.ActionOutOfScope(), "what number do I call", "out_of_scope"),
        (core.ActionAcknowledge(), "right", "acknowledge"),
        (core.ActionAcknowledge(), "ok", "affirm"),
    ],
)
def test_after_urgent_advice_follow_ups_stay_urgent(
    action: Any, text: str, intent: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    messages, events = after_urgent(action, text, intent, 0.6)
    reply = all_text(messages)
    assert "999" in reply
    assert "Case Recording" not in reply
    assert events == [SlotSet("context", "urgent")]


@pytest.mark.parametrize(
    ("action", "text", "intent"),
    [
        (learning.ActionAnswerLearning(), "how do I record what the child wants", "ask_learning"),
        (fallback.ActionOfferCandidates(), "which case was that", "nlu_fallback"),
        (core.ActionAcknowledge(), "no", "deny"),
    ],
)
def test_after_urgent_advice_a_new_question_is_answered_not_told_it_still_sounds_urgent(
    action: Any, text: str, intent: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing in it about the emergency (no sign of danger, no number, no time or area, no
    "what now"): urgency does not carry over to it (set D: "which case", "how I can refer
    her?" got "This still sounds urgent")."""
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    messages, events = after_urgent(action, text, intent)
    reply = all_text(messages)
    assert messages and STILL_URGENT not in reply and "999" not in reply
    assert SlotSet("context", "urgent") not in events


def test_after_urgent_advice_a_sign_of_danger_keeps_it_urgent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    messages, events = after_urgent(
        learning.ActionAnswerLearning(),
        "the boyfriend has come back to the flat",
        "ask_learning",
        **{DANGER_POSSIBLE: True},
    )
    assert STILL_URGENT in all_text(messages)
    assert events == [SlotSet("context", "urgent")]


def test_a_button_after_urgent_advice_moves_on() -> None:
    messages, _ = run(
        learning.ActionAnswerLearning(),
        tracker(
            '/ask_learning{"key_message":"young-carers"}',
            events=urgent_turn(),
            entities=[{"entity": "key_message", "value": "young-carers"}],
        ),
    )
    assert "Young Carers" in all_text(messages)
    assert "999" not in all_text(messages)


def test_what_link_says_plainly_there_is_none_yet_and_invents_nothing() -> None:
    messages, _ = run(
        learning.ActionShowLinks(),
        tracker("what link?", "ask_link", slots={"key_message": "young-carers"}),
    )
    text = all_text(messages)
    assert (
        "Hackney Young Carers Project: No contact yet: its link was left blank in the audit" in text
    )
    assert "http" not in text
    messages, _ = run(
        learning.ActionShowLinks(),
        tracker(
            "what link?", "ask_link", slots={"key_message": "children-witnessing-domestic-abuse"}
        ),
    )
    assert "020 7683 1270" in all_text(messages)


def test_all_steps_button_gives_every_action() -> None:
    with common.store().session() as session:
        message = common.store().key_message(session, "access-to-services")
        assert message is not None
        expected = list(message.actions)
    messages, _ = run(
        learning.ActionMoreActions(),
        tracker(
            "/more_actions",
            "more_actions",
            entities=[{"entity": "key_message", "value": "access-to-services"}],
        ),
    )
    for action in expected:
        assert action in all_text(messages)


def test_the_topic_just_answered_asked_again_is_a_follow_up_not_the_same_answer() -> None:
    question = "and if my manager cant sort it"
    messages, events = run(
        learning.ActionAnswerLearning(),
        tracker(
            question,
            slots={"key_message": "access-to-services"},
            events=answered("access-to-services"),
            response_selector=ranking(("access-to-services", 0.95)),
        ),
    )
    text = all_text(messages)
    # the step after the one that did not work (the manager), not the whole answer again
    assert "Independent Chair" in text
    steps = text.split("Where to go")[0]
    assert "Seek resolution with the relevant agency." in steps
    assert "escalate this to your manager" not in steps
    assert "Was this helpful?" not in text
    assert not [e for e in events if e.get("name") == "key_message"]


def test_and_if_right_after_an_answer_is_a_case_of_that_answer_not_a_new_topic() -> None:
    events = answered("children-witnessing-domestic-abuse")
    current = tracker(
        "and if mum says no?",
        slots={"key_message": "children-witnessing-domestic-abuse"},
        events=events,
        response_selector=ranking(("non-compliant-parents", 0.93)),
    )
    messages, _ = run(learning.ActionAnswerLearning(), current)
    said = all_text(messages)
    assert "On **Children who witness Domestic Abuse**" in said
    assert "parental consent" in said and "self-refer" in said
    assert "Non-compliant parents" not in said


UNSURE = ranking(("calling-professionals-meetings", 0.21), ("records-outside-caseload", 0.2))
"""A ranking nothing can be answered from: a few words have too little to place them."""


def _unsure_after_the_elft_answer(text: str) -> str:
    current = tracker(
        text,
        slots={"key_message": "adult-mental-health-escalation"},
        events=answered("adult-mental-health-escalation"),
        response_selector=UNSURE,
    )
    messages, _ = run(learning.ActionAnswerLearning(), current)
    return all_text(messages)


def test_a_few_words_naming_a_detail_of_the_last_answer_get_that_detail() -> None:
    said = _unsure_after_the_elft_answer("whos the named professional")
    assert "ELFT Named Professional for Safeguarding Children" in said
    assert "nothing close" not in said and "Did you mean" not in said


def _after_a_case_shown(
    question: str, follow_up: str, intent: str = "follow_up", action: Any = None, **slots: Any
) -> str:
    """What a follow-up (read as `intent`, run by `action`, answering a question by default)
    gets right after the case a question asked about."""
    shown, returned = run(cases.ActionDescribeCase(), tracker(question, "ask_case"))
    current = tracker(
        follow_up,
        intent,
        slots=slots,
        events=turn(question, shown, returned),
        response_selector=UNSURE,
    )
    messages, _ = run(action or learning.ActionAnswerLearning(), current)
    return all_text(messages)


def test_a_follow_up_on_the_case_just_shown_gets_the_lines_of_that_case() -> None:
    said = _after_a_case_shown("tell me about the Adam case", "what about his birth family")
    assert "contact with his birth family" in said
    assert "Case 1 (Adam)" in said and "nothing close" not in said


def test_a_new_question_after_an_answer_is_not_taken_for_a_detail_of_it() -> None:
    said = _unsure_after_the_elft_answer("lone working policy for evening home visits")
    assert "On **Information Sharing" not in said


PAEDS = "paeds appts keep getting missed, mum always has an excuse"
PAEDS_SELECTOR = ranking(
    ("not-brought-to-appointments", 0.12), ("disguised-compliance", 0.11), ("chronic-neglect", 0.1)
)


@pytest.fixture
def encoded(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The texts the action server encodes from now on (the knowledge's vectors are loaded
    first, so only a message's encoding is seen)."""
    learning.opinion({"text": "warm up"})
    seen: list[list[str]] = []
    original = SentenceEncoder.encode

    def counting(self: SentenceEncoder, texts: list[str], batch_size: int = 64) -> Any:
        seen.append(list(texts))
        return original(self, texts, batch_size)

    monkeypatch.setattr(SentenceEncoder, "encode", counting)
    return seen


def test_the_vector_the_nlu_pipeline_carried_is_used_not_encoded_again(
    encoded: list[list[str]],
) -> None:
    carried = carried_vector(PAEDS, shared_encoder().encode([PAEDS])[0])
    encoded.clear()
    messages, events = run(
        learning.ActionAnswerLearning(),
        tracker(PAEDS, response_selector=PAEDS_SELECTOR, **{MESSAGE_VECTOR: carried}),
    )
    assert encoded == []
    assert events[0] == SlotSet("key_message", "not-brought-to-appointments")


def test_the_carried_vector_decides_the_nearest_example() -> None:
    """The opinion with the carried vector of these words is the one encoding them gives; with
    a vector of other words, carried for these, it is another: the carried vector is used."""
    question = {"text": PAEDS, "response_selector": PAEDS_SELECTOR}
    plain = learning.opinion(question)
    own, elsewhere = shared_encoder().encode(
        [PAEDS, "mum keeps uploading videos of her son to facebook"]
    )
    assert learning.opinion({**question, **carried(PAEDS, own)}) == plain
    assert learning.opinion({**question, **carried(PAEDS, elsewhere)}) != plain


def carried(text: str, vector: Any) -> dict[str, Any]:
    return {MESSAGE_VECTOR: carried_vector(text, vector)}


@pytest.mark.parametrize(
    "parse",
    [
        {},  # a model older than the vector, or a message read back from the tracker store
        {MESSAGE_VECTOR: {"text_sha256": "0" * 16, "float32": "AAAA"}},  # of another text
        {MESSAGE_VECTOR: "not a vector"},
    ],
)
def test_without_a_carried_vector_for_its_text_the_message_is_encoded(
    encoded: list[list[str]], parse: dict[str, Any]
) -> None:
    messages, events = run(
        learning.ActionAnswerLearning(), tracker(PAEDS, response_selector=PAEDS_SELECTOR, **parse)
    )
    assert encoded == [[PAEDS]]
    assert events[0] == SlotSet("key_message", "not-brought-to-appointments")


@pytest.mark.parametrize(
    ("asked", "word"),
    [("and what helped", "helpful"), ("were any answers marked useless", "useful")],
)
def test_asking_what_helped_is_pointed_to_the_insights_in_the_persons_word(
    asked: str, word: str
) -> None:
    messages, events = run(learning.ActionRecordFeedback(), tracker(asked, "feedback_helpful"))
    said = all_text(messages)
    assert "/insights/" in said and f"rated {word}" in said
    assert "thank" not in said.lower()
    assert events == []


def test_a_bare_what_now_with_nothing_open_asks_what_is_happening() -> None:
    messages, _ = run(fallback.ActionOfferCandidates(), tracker("what now?", "nlu_fallback"))
    said = all_text(messages)
    assert said.startswith("What's happening?")
    assert "nothing close" not in said


def test_two_close_key_messages_get_the_likelier_answered_and_the_other_one_tap_away(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the ranking's first two are within its margin (bot/dialogue/fusion.yml), the first
    message still fits a phone and names both sources; the other is the first button."""
    close = Opinion(
        [Ranked("young-carers", 0.5), Ranked("adult-mental-health-escalation", 0.48)],
        True,
        second=Ranked("adult-mental-health-escalation", 0.48),
    )
    monkeypatch.setattr(learning, "opinion", lambda _parse: close)
    messages, events = run(
        learning.ActionAnswerLearning(),
        tracker("she does a lot of the caring for mum when mum is unwell. anything on that"),
    )
    assert len(messages) == 1
    text = messages[0]["text"]
    assert text.startswith("**Consideration of Young Carers**")
    assert "Or did you mean **" in text and text.count("Source: ") == 2
    assert word_count(text) <= FIRST_MESSAGE_WORDS + 10
    first = messages[0]["buttons"][0]
    assert first["title"].startswith("Or: ")
    assert first["payload"] == '/ask_learning{"key_message":"adult-mental-health-escalation"}'
    assert events == [SlotSet("key_message", "young-carers"), SlotSet("context", "answered")]


def test_a_question_only_a_cases_good_practice_answers_gets_that_line_with_its_source() -> None:
    """No key message says what worked to engage a mother with little English; Case 2 of the
    mental health audit does (issue 19: such questions got only candidates)."""
    messages, events = run(
        learning.ActionAnswerLearning(),
        tracker(
            "mother barely speaks english and we cant engage her, would a therapist who shares "
            "her culture or an interpreter help",
            response_selector=ranking(
                ("wider-family-network", 0.12),
                ("young-carers", 0.11),
                ("siblings-lived-experience", 0.1),
            ),
        ),
    )
    text = messages[0]["text"]
    assert "family therapist from the same cultural background" in text
    assert text.endswith("Source: Mental health audit 2019/20, Case 2.")
    assert word_count(text) <= FIRST_MESSAGE_WORDS
    assert messages[0]["buttons"], "the closest key messages stay a tap away"
    assert SlotSet("context", "candidates") in events


def test_the_step_a_question_asks_about_is_shown_first_even_when_the_audit_lists_it_late() -> None:
    # Re-referring a family that is not engaging is Disguised Compliance's fifth step: the
    # first message shows three, so the step asked about would be a tap away.
    question = "the family still won't engage with universal services, when do i go back to csc"
    messages, _ = run(
        learning.ActionAnswerLearning(),
        tracker(
            question,
            response_selector=ranking(("disguised-compliance", 0.9), ("chronic-neglect", 0.05)),
        ),
    )
    text = messages[0]["text"]
    steps = text.split("What to do:")[1]
    assert steps.lstrip().startswith("- Consider re-referring families already known to CSC")
    assert word_count(text) <= FIRST_MESSAGE_WORDS + 10
    # a question about the first steps keeps the audit's order
    messages, _ = run(
        learning.ActionAnswerLearning(),
        tracker(
            "mum says yes to everything but nothing changes",
            response_selector=ranking(("disguised-compliance", 0.9), ("chronic-neglect", 0.05)),
        ),
    )
    steps = messages[0]["text"].split("What to do:")[1]
    assert steps.lstrip().startswith("- Think about patterns of engagement")


def test_a_new_fact_about_the_situation_just_answered_is_answered_from_that_topic() -> None:
    """Unclear on its own, nearest the answer just given: more of the same situation, so the
    topic's lines answer it, never the same topic offered back as a candidate."""
    current = tracker(
        "dad has since said no to it as well",
        slots={"key_message": "non-compliant-parents-information-sharing"},
        events=answered("non-compliant-parents-information-sharing"),
        response_selector=ranking(
            ("non-compliant-parents-information-sharing", 0.3), ("disguised-compliance", 0.2)
        ),
    )
    messages, events = run(learning.ActionAnswerLearning(), current)
    said = all_text(messages)
    assert "On **Non-compliant parents**" in said
    assert "Did you mean" not in said and "nothing close" not in said
    assert SlotSet("key_message", "non-compliant-parents-information-sharing") in events


def test_how_the_case_just_shown_ended_is_told_in_any_words() -> None:
    said = _after_a_case_shown(
        "what happened in case 2 of the mental health audit", "and where are they now"
    )
    assert "What came of Case 2" in said
    assert "Family Support Service" in said and "nothing close" not in said


def test_a_question_about_the_case_in_focus_read_as_feedback_is_answered_from_the_case() -> None:
    said = _after_a_case_shown(
        "tell me about the Deshawn case",
        "and what went badly for him?",
        "feedback_not_helpful",
        learning.ActionRecordFeedback(),
    )
    assert "What the audit learned from Case 4 (Deshawn)" in said
    assert "what were you looking for" not in said.lower()


def test_another_case_named_after_a_case_is_that_case_not_a_detail_of_the_first() -> None:
    said = _after_a_case_shown(
        "what happened in case 2 of the mental health audit",
        "what about the third case in that audit",
        audit="mental-health-2019-20",
    )
    assert "Case 3" in said.split("\n")[0]
    assert "sexual assault" in said


def test_a_case_the_message_names_was_not_shown_by_a_turn_before_it() -> None:
    with common.store().session() as session:
        barak = common.store().case(session, "send-barak")
        assert barak is not None
        first = tracker("in case 2 how did they help the mother")
        assert not learning.case_shown_last(first, barak)
        question = "tell me about the Barak case"
        shown, returned = run(cases.ActionDescribeCase(), tracker(question, "ask_case"))
        after = tracker("and mum?", events=turn(question, shown, returned))
        assert learning.case_shown_last(after, barak)


def _said_after_an_answer(
    text: str, key_message: str, intent: str = "follow_up", action: Any = None
) -> str:
    """What `text` (read as `intent`, run by `action`) gets right after `key_message` was the
    answer, with a ranking nothing can be answered from."""
    current = tracker(
        text,
        intent,
        slots={"key_message": key_message},
        events=answered(key_message),
        response_selector=UNSURE,
    )
    messages, _ = run(action or learning.ActionAnswerLearning(), current)
    return all_text(messages)


def test_how_things_ended_after_an_answer_citing_one_case_is_asked_of_that_case() -> None:
    said = _said_after_an_answer(
        "and how did it end up for him?", "children-witnessing-domestic-abuse"
    )
    assert "What came of Case 2 (Barak)" in said


def test_a_short_follow_up_near_nothing_is_read_against_the_answer_not_declined(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A few words right after an answer are too few to place among all the key messages, so
    the ranker finds them near nothing the audits say; the answer just given can still serve
    them, so they are answered from it, never told the audits may not cover it."""
    monkeypatch.setattr(
        learning, "opinion", lambda _parse: Opinion([], False, near_knowledge=False)
    )
    said = _said_after_an_answer("where can we get that", "children-witnessing-domestic-abuse")
    assert "On **Children who witness Domestic Abuse**" in said
    assert "Where to go" in said
    assert "nothing close" not in said and "Did you mean" not in said


def test_a_question_read_as_feedback_right_after_an_answer_is_answered_from_it(
    loaded_store: KnowledgeStore,
) -> None:
    """ "which person is that?" is no rating of the answer: it leans on it, so it is answered
    from it and nothing is recorded."""
    said = _said_after_an_answer(
        "which person is that?",
        "adult-mental-health-escalation",
        "feedback_helpful",
        learning.ActionRecordFeedback(),
    )
    assert "recorded" not in said
    assert "Adult Mental Health" in said or "ELFT" in said
    with loaded_store.session() as session:
        assert loaded_store.feedback_counts(session) == {}


@pytest.mark.parametrize("text", ["right, that's done for today", "ok lovely, enough for now"])
def test_a_session_closed_in_acknowledgement_words_gets_no_urgent_line(text: str) -> None:
    """Whatever the urgent model near it made of it, a message of acknowledgement words only
    tells of no danger; a message with a word of its own keeps the line."""
    assert learning.danger_line_first({"text": text, DANGER_POSSIBLE: True}) is None
    assert learning.urgent_line_first({"text": text, RISK_MENTIONED: True}) is None
    kept = learning.danger_line_first({"text": "ok he has a knife", DANGER_POSSIBLE: True})
    assert kept is not None and kept.text.startswith(URGENT_LINE_START)


@pytest.mark.parametrize(
    ("text", "calls_off"),
    [
        ("honestly nothing urgent, he mentioned a row with his dad ages ago and he's ok now", True),
        ("not an emergency, just want to know what to record", True),
        ("what should I record about it", False),
    ],
)
def test_a_false_alarm_called_off_after_one_urgent_line_gets_no_999_again(
    text: str, calls_off: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20 item 5: after a reply with one urgent line, a message saying it is not urgent
    returns to the question without 999 again, whatever the urgent model reads in its words;
    one that does not say so keeps the line its marks give."""
    monkeypatch.setenv(ENV_CLOCK, WEEKDAY_10AM)
    selector = ranking(("recording-wishes-and-feelings", 0.9), ("chronic-neglect", 0.1))
    first = "a child could be at risk, what do the audits say"
    messages, events = run(
        learning.ActionAnswerLearning(),
        tracker(first, response_selector=selector, **{RISK_MENTIONED: True}),
    )
    assert "999" in messages[0]["text"]
    history = turn(first, messages, events, **{RISK_MENTIONED: True})
    messages, _ = run(
        learning.ActionAnswerLearning(),
        tracker(
            text,
            events=history,
            response_selector=selector,
            **{RISK_MENTIONED: True, DANGER_POSSIBLE: True},
        ),
    )
    assert ("999" in all_text(messages)) is not calls_off


def test_what_about_a_side_the_answer_never_names_is_the_other_side_of_its_theme() -> None:
    """ "what about health side" after "Transitioning into Adulthood", read as a question: the
    key message on the theme whose lines say health ("Consider both health (medical) and
    social elements"), not the same answer again (set Y)."""
    history = answered("transition-to-adulthood", "when to start transition planning")
    current = tracker(
        "what about health side",
        slots={"key_message": "transition-to-adulthood"},
        events=history,
        response_selector=ranking(
            ("transition-to-adulthood", 0.9), ("holistic-transition-planning", 0.05)
        ),
    )
    said = all_text(run(learning.ActionAnswerLearning(), current)[0])
    assert said.startswith("**Transition planning**"), said[:200]
    assert "medical" in said


def test_a_coming_of_age_told_beside_another_subject_offers_the_transition_learning(
    loaded_store: KnowledgeStore,
) -> None:
    """Round 39 (sets W, X, Z, AA): a young person reaching 18 told beside a caring role, a care
    history or a diagnosis gets the transition learning a tap away, whatever is answered."""
    messages, _events = run(
        learning.ActionAnswerLearning(),
        tracker(
            "17 year old carer looks after her mum who has bipolar, she turns 18 in the"
            " spring. what support is there for her?",
            response_selector=ranking(("young-carers", 0.9)),
        ),
    )
    text = all_text(messages)
    assert text.index("Young Carers") < text.index("Or did you mean")
    assert "Transition" in text[text.index("Or did you mean") :]


def test_a_coming_of_age_told_puts_the_transition_learning_first_within_the_usual_few_buttons(
    loaded_store: KnowledgeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The transition learning first among the candidates, then the best ranked: no more
    buttons than any other list of candidates, for a phone's screen."""
    ranked = ["not-brought-to-appointments", "disguised-compliance", "chronic-neglect"]
    unsure = Opinion([Ranked(key, 0.1) for key in ranked], False)
    monkeypatch.setattr(learning, "opinion", lambda _parse: unsure)
    messages, events = run(
        learning.ActionAnswerLearning(), tracker("worried about this one, he turns 18 next month")
    )
    assert events == [SlotSet("context", "candidates")]
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "transition" in titles[0].lower(), titles
    assert len(titles) == CANDIDATES + 1 and titles[-1] == "None of these"
    assert titles[1] == "Non-attendance at services", titles  # the best ranked kept
