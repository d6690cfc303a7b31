"""What a request for an activity names (bot/dialogue/activity_requests.py), read from parse
data as Rasa gives it, over the small fixture knowledge set."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bot.dialogue.activity_requests import (
    Request,
    asked_bullets,
    asked_count,
    asked_minutes,
    asks_for_a_plan,
    asks_for_a_true_or_false_round,
    asks_for_another,
    asks_for_case_study,
    asks_for_discussion,
    asks_for_glossary_quiz,
    asks_for_handout,
    asks_for_live_workshop,
    asks_for_scenario,
    asks_for_the_answers,
    asks_for_walkthrough,
    asks_learning_for_discussion,
    asks_of_the_whole_audit,
    asks_one_page,
    asks_to_shorten,
    names_a_session_length,
    names_true_or_false,
    names_what_is_in_hand,
    on_escalation,
    quoted_topic,
    says_what_is_quoted,
    subject_parts,
    with_answers,
    without_audience,
)
from bot.knowledge.store import KnowledgeStore


@pytest.fixture
def session(fixture_store: KnowledgeStore) -> Iterator[Session]:
    with fixture_store.session() as session:
        yield session


def message(text: str, **entities: str) -> dict[str, Any]:
    return {
        "text": text,
        "entities": [{"entity": name, "value": value} for name, value in entities.items()],
    }


def test_a_case_is_named_by_its_button_or_its_name_or_its_number_in_the_audit_talked_about(
    fixture_store: KnowledgeStore, session: Session
) -> None:
    button = Request(fixture_store, session, message("/walk_through_case", case="send-barak"))
    assert (case := button.case()) is not None and case.id == "send-barak"
    typed = Request(fixture_store, session, message("walk me through adam's case"))
    assert (case := typed.case()) is not None and case.id == "send-adam"
    by_number = Request(fixture_store, session, message("case 2 please"), "send-2016-17")
    assert (case := by_number.case()) is not None and case.id == "send-barak"
    assert Request(fixture_store, session, message("a quiz please")).case() is None


def test_an_audit_is_named_by_its_button_or_its_short_title(
    fixture_store: KnowledgeStore, session: Session
) -> None:
    button = Request(fixture_store, session, message("/plan_workshop", audit="send-2016-17"))
    assert (source := button.source()) is not None and source.id == "send-2016-17"
    typed = Request(fixture_store, session, message("running a workshop on the SEND audit"))
    assert (source := typed.source()) is not None and source.id == "send-2016-17"
    unknown = Request(fixture_store, session, message("/plan_workshop", audit="no-such-audit"))
    assert unknown.source() is None
    # "Special Educational Needs" in a title: "I need ..." names no audit
    assert Request(fixture_store, session, message("I need a handout for my team")).source() is None


def test_a_quiz_on_a_case_asks_its_key_messages_questions_only(
    fixture_store: KnowledgeStore, session: Session
) -> None:
    on_audit = Request(fixture_store, session, message("quiz me on the SEND audit")).quiz_questions(
        {}
    )
    assert on_audit is not None and len(on_audit) == 3
    on_case = Request(fixture_store, session, message("quiz me on barak")).quiz_questions({})
    assert [q.id for q in on_case or []] == ["quiz-children-witnessing-domestic-abuse"]
    on_topic = Request(
        fixture_store, session, message("quiz", key_message="disguised-compliance")
    ).quiz_questions({})
    assert [q.id for q in on_topic or []] == ["quiz-disguised-compliance"]
    assert Request(fixture_store, session, message("quiz me")).quiz_questions({}) is None
    # no one topic, but a theme: its key messages' questions
    on_theme = Request(fixture_store, session, message("quiz on engaging")).quiz_questions({})
    assert on_theme and {q.key_message.theme_id for q in on_theme} == {"engaging-families"}


def test_a_handout_theme_is_named_by_its_button_or_its_title(
    fixture_store: KnowledgeStore, session: Session
) -> None:
    button = Request(fixture_store, session, message("/ask_handout", theme="information-sharing"))
    assert (theme := button.theme()) is not None and theme.id == "information-sharing"
    typed = Request(fixture_store, session, message("handout on engaging families"))
    assert (theme := typed.theme()) is not None and theme.id == "engaging-families"
    assert Request(fixture_store, session, message("a handout")).theme() is None
    # the one theme whose title's first word is named
    led = Request(fixture_store, session, message("handout on the engaging learning"))
    assert (theme := led.theme()) is not None and theme.id == "engaging-families"


@pytest.mark.parametrize(
    ("text", "handout", "walkthrough", "live"),
    [
        ("could I have a print-out on safety plans for the team", True, False, False),
        ("hand out for tomorrow's session on siblings pls", True, False, False),
        ("one pager of the deshawn case", True, False, False),
        ("7 min briefing on social media footprint", True, False, False),
        ("take the group through the case about the foster carers", False, True, False),
        ("could you do a walkthru- sorry, walk-through of the barak case", False, True, False),
        ("stage by stage through case 2 for my team", False, True, False),
        ("walk me through how to escalate to a manager", False, False, False),
        ("talk me through the escalation route", False, False, False),
        ("case 3 - can you walk me through what happened to her", False, False, False),
        ("I want my staff voting from their phones on neglect", False, False, True),
        ("live poll on young carers for 40 people", False, False, True),
        ("what does the audit say about handing over at transition", False, False, False),
        ("could you take the group thru the barak case bit by bit", False, True, False),
        ("step through case 1 for our away day", False, True, False),
        ("explain step by step what happens at a conference", False, False, False),
        ("host a workshop on chronic neglect", False, False, True),
        ("the school ran a workshop for parents on online safety", False, False, False),
        ("have that as a pdf?", True, False, False),
        ("a printable copy for the team please", True, False, False),
        ("my manager emailed the plan as a pdf", False, False, False),
        ("could I get a hnadout for the mental health one", True, False, False),
        ("handuots for my team on young carers", True, False, False),
        ("we met at the hangout after work", False, False, False),
        ("is there a briefing on that?", True, False, False),
        ("dad gave the briefing to the school", False, False, False),
        ("let's do a stage by stage of the Deshawn case with the DSLs", False, True, False),
        ("the barak case step by step for my supervision group", False, True, False),
        ("what are the steps in the case for a referral", False, False, False),
        ("a quick poll about young carers for the team", False, False, True),
        ("I'd like the delegates voting on something about neglect", False, False, True),
        ("the school team voted to exclude him", False, False, False),
    ],
)
def test_an_activity_is_asked_for_in_a_sentence_whatever_its_topic(
    text: str, handout: bool, walkthrough: bool, live: bool
) -> None:
    assert asks_for_handout(text) is handout
    assert asks_for_walkthrough(text) is walkthrough
    assert asks_for_live_workshop(text) is live


def test_a_handout_on_a_topic_is_its_themes(
    fixture_store: KnowledgeStore, session: Session
) -> None:
    """A topic's key message, named by the response selector or a button, gives the theme of
    the handout; a theme named outright wins."""
    on_topic = Request(
        fixture_store, session, message("a handout", key_message="disguised-compliance")
    )
    topic = on_topic.topic({})
    assert topic is not None and topic.id == "disguised-compliance"
    assert (theme := on_topic.theme(topic)) is not None and theme.id == topic.theme_id
    assert Request(fixture_store, session, message("a handout")).topic({}) is None


@pytest.mark.parametrize(
    ("text", "another"),
    [
        ("and one on young carers", True),
        ("could you do one for the mental health audit as well", True),
        ("same again for Deshawn", True),
        ("another one about neglect please", True),
        ("one of the things I worry about is neglect", False),
        ("is there one for dads", False),
        ("one more", False),
        # more of the same kind, on something else (set T: the last answer's steps again)
        ("a few more about consent please", True),
        ("could I have 3 more qs on young carers", True),
        ("some more on neglect", True),
        ("a couple more on that", False),
        ("more on it", False),
    ],
)
def test_the_same_again_on_something_else(text: str, another: bool) -> None:
    assert asks_for_another(text) is another


def test_a_count_names_no_audit_but_its_years_do(
    fixture_store: KnowledgeStore, session: Session
) -> None:
    """ "for a group of 17" counts people; "2016-17" names the audit."""
    counted = Request(fixture_store, session, message("a handout for a group of 17 on neglect"))
    assert counted.source() is None
    dated = Request(fixture_store, session, message("a handout on the 2016-17 audit"))
    assert (source := dated.source()) is not None and source.id == "send-2016-17"


@pytest.mark.parametrize(
    ("text", "discussion"),
    [
        ("what could we ask the team at this point", True),
        ("what should I put to the room now", True),
        ("what would you ask the young person", False),
        ("what should I ask mum about the school", False),
        # a chair's conference or meeting is a group too; questions to reflect on are its
        ("which questions could I pose to the core group", True),
        ("what would you put to the strategy meeting", True),
        ("any prompts for us to think about", True),
        ("questions to reflect on before I escalate", False),
        ("what questions should I ask the family at the visit", False),
        ("what should I think about before the conference", False),
        # a chair's meeting on a person of the family: a real case, not a group's questions
        ("what questions could I put to the core group about mum's drinking", False),
        ("which questions should I pose to the network meeting about the baby's father", False),
        ("what would you ask the conference about grandad's role", False),
    ],
)
def test_what_to_ask_the_group_asks_for_its_questions(text: str, discussion: bool) -> None:
    assert asks_for_discussion(text) is discussion


@pytest.mark.parametrize(
    ("text", "learning"),
    [
        (
            "what's the learning when the baby's weight took all the attention and mum's low mood "
            "was missed? I want reflective questions for it",
            True,
        ),
        (
            "talking points for supervision: dad's drinking was missed. what did the audit find",
            True,
        ),
        ("reflective questions for the team on neglect", False),
        ("discussion questions on Barak", False),
        # the learning asked for with no group's questions: not a discussion at all
        ("what's the learning on chronic neglect", False),
    ],
)
def test_a_group_question_on_a_situation_told_asks_its_learning(text: str, learning: bool) -> None:
    """The audits' learning on the situation, not which case to discuss."""
    assert asks_learning_for_discussion(text) is learning
    if learning:
        assert not asks_for_discussion(text)


CASE_NAMES = ("adam", "barak", "caryn")


@pytest.mark.parametrize(
    "text",
    [
        "reflective questions about Caryn for my team, and what did the audit find",
        "what's the key message of the third case? need discussion prompts on it",
        "supervision questions on case 1 - what are the lessons",
        "talking points on Adam's story: what does the audit say?",
    ],
)
def test_a_group_question_on_a_named_case_stays_the_cases_discussion(text: str) -> None:
    """The case's own questions, whatever learning words are beside them."""
    assert not asks_learning_for_discussion(text, CASE_NAMES)
    assert asks_for_discussion(text, CASE_NAMES)


@pytest.mark.parametrize(
    "text",
    [
        # a name of no audited case, or a case of the asker's own
        "discussion questions where a foster carer spoke for Ada at every meeting, what's the "
        "learning",
        "reflective questions on a case where dad blocked every visit, what does the audit say",
    ],
)
def test_a_situation_with_no_audited_case_named_still_asks_its_learning(text: str) -> None:
    assert asks_learning_for_discussion(text, CASE_NAMES)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("a half-day training for children's centre staff", 180),
        ("a 2hr slot", 120),
        ("90 minute workshop", 90),
        ("an hour and a half with the team", 90),
        ("half an hour at the start of the away day", 30),
        ("a whole-day event", 360),
        ("a 15 yr old boy", None),
        ("seen 3 times in 12 months", None),
    ],
)
def test_the_length_a_request_asks(text: str, minutes: int | None) -> None:
    assert asked_minutes(text) == minutes


@pytest.mark.parametrize(
    ("text", "count", "answers"),
    [
        ("ten question quiz on neglect with the answers at the end", 10, True),
        ("a quiz of 8 on the send audit", 8, False),
        ("3 qs on young carers, no answers", 3, False),
        ("a quiz question on was not brought", None, False),
        ("a quiz for a room of 25", None, False),
        ("quiz us on the mental health one, one question at a time", None, False),
    ],
)
def test_how_many_questions_and_whether_with_answers(
    text: str, count: int | None, answers: bool
) -> None:
    assert asked_count(text) == count
    assert with_answers(text) is answers


@pytest.mark.parametrize(
    ("text", "plan"),
    [
        ("can you draft me a training session on the erika case", True),
        ("lesson plan please: young carers, 1 hour", False),
        ("workshop plan - disguised compliance", True),
        ("agenda for our away day on the mental health audit", True),
        ("a 30 min lunch and learn on chronic neglect", True),
        ("mum has a safety plan, CIN plan review in 2 weeks", False),
        ("help me write a lesson plan on rivers", False),
        ("during the training a delegate disclosed, 10 mins ago", False),
    ],
)
def test_a_plan_asked_for_in_so_many_words_or_by_its_length(text: str, plan: bool) -> None:
    assert (asks_for_a_plan(text) or names_a_session_length(text)) is plan


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("warm-up: true or false about the abbreviations", True),
        ("some myth or fact statements on neglect", True),
        ("T/F round on young carers", True),
        # a claim to judge, not a round to run
        ("is it true or false that a GP goes to LAC reviews?", False),
        ("true or false: the school nurse can see CIN plans", False),
        # a question of one's own, or a claim given to judge, in a round's words
        ("true/false question - should we tell the parents before a referral?", False),
        ("T/F question: do I need consent to call the school nurse", False),
        ("myth or fact statement: a GP must go to every child protection conference", False),
        ("fact or fiction question: TAC stands for team around the child", False),
    ],
)
def test_a_true_or_false_round_is_asked_for_without_the_word_quiz(text: str, asked: bool) -> None:
    assert asks_for_a_true_or_false_round(text) is asked


@pytest.mark.parametrize(
    ("text", "scenario", "escalation"),
    [
        ("a realistic scenario for the team on escalating when a plan drifts", True, True),
        ("role play based on Barak for new starters", True, False),
        ("vignette exercise about young carers", True, False),
        # a scenario mentioned while asking the learning, or a real one said not to be
        ("writing a scenario about neglect, what does the audit say about it?", False, False),
        ("this is not a scenario, a child is at risk now", False, False),
        ("in my scenario the parents refuse", False, False),
        # a real situation asked now: what I or we should do, or when it happened
        (
            "in this scenario based on a school visit the toddler had a burn, who do I call",
            False,
            False,
        ),
        ("role play for my team? no - how do we escalate the case we have", False, False),
        ("a vignette activity: what should I do about a parent who shouted at me", False, False),
        ("case study based on what happened last week with a teenager's bruises", False, False),
        ("scenario based on today's home visit, the baby was very quiet", False, False),
    ],
)
def test_a_scenario_for_a_room_is_asked_for_by_what_it_is_for(
    text: str, scenario: bool, escalation: bool
) -> None:
    assert asks_for_scenario(text) is scenario
    assert (scenario and on_escalation(text)) is escalation


def test_a_glossary_quiz_and_the_audit_as_a_whole() -> None:
    assert asks_for_glossary_quiz("test them on the abbreviations used in the reports")
    assert not asks_for_glossary_quiz("quiz me on young carers")
    assert asks_of_the_whole_audit("questions from the SEND audit's findings")
    assert not asks_of_the_whole_audit("questions on case 2 of the SEND audit")


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "a quiz about neglect and transition planning for school staff",
            ["neglect", "transition planning"],
        ),
        ("plan on sharing - safety plans, closure letters & school nurses", None),
        ("handout about non-compliant parents, from the SEND audit", None),
        ("a quiz please", []),
        ("we're doing a card for the staff room", []),
    ],
)
def test_a_requests_subjects_are_read_one_by_one_without_whom_it_is_for(
    text: str, parts: list[str] | None
) -> None:
    read, _ = subject_parts(text)
    if parts is not None:
        assert read == parts
    else:
        assert len(read) >= 2
    assert all("staff" not in part for part in read)


def test_topics_named_one_by_one_or_within_the_audit_named(
    fixture_store: KnowledgeStore, session: Session
) -> None:
    def named(text: str) -> list[str]:
        return [m.id for m in Request(fixture_store, session, message(text)).topics_named({})]

    assert named("a quiz on disguised compliance and professionals meetings") == [
        "disguised-compliance",
        "calling-professionals-meetings",
    ]
    # one topic alone is the single reading's (topic()); with its audit named, it is this one
    assert named("a quiz on disguised compliance") == []
    assert named("handout from the SEND audit about disguised compliance") == [
        "disguised-compliance"
    ]
    # the audit alone, whatever follows, and words no title has, name no topic
    assert named("quiz on the SEND audit, with answers") == []
    assert named("quiz on the SEND audit, one question at a time") == []
    # a case named: the request is on the case
    assert named("quiz on barak and disguised compliance") == []


def test_a_quoted_phrase_names_the_key_message_whose_own_words_say_it(
    fixture_store: KnowledgeStore, session: Session
) -> None:
    messages = fixture_store.key_messages(session)
    said = next(m for m in messages if m.id == "disguised-compliance").summary.split()[:4]
    quoted = quoted_topic(f"a poll on the phrase '{' '.join(said)}'", messages)
    assert quoted is not None and quoted.id == "disguised-compliance"
    assert quoted_topic("a poll on 'no such words here'", messages) is None
    assert quoted_topic("a poll on disguised compliance", messages) is None


@pytest.mark.parametrize(
    ("text", "true_or_false", "count", "one_page"),
    [
        ("true or false quiz on neglect, 8 statements", True, 8, False),
        ("a T/F quiz with six questions", True, 6, False),
        ("myth or fact quiz on DNAs", True, None, False),
        ("a one-pager on the SEND audit", False, None, True),
        ("quiz on the SEND audit, 4 multiple choice questions", False, 4, False),
        ("is it true that a professionals meeting can be called by anyone", False, None, False),
    ],
)
def test_a_requests_format_and_count_are_read_from_its_words(
    text: str, true_or_false: bool, count: int | None, one_page: bool
) -> None:
    assert names_true_or_false(text) is true_or_false
    assert asked_count(text) == count
    assert asks_one_page(text) is one_page


def test_an_audit_another_sentence_names_does_not_hold_the_topic(
    fixture_store: KnowledgeStore, session: Session
) -> None:
    text = "For a session on disguised compliance I want a question. What does the SEND audit say?"
    assert Request(fixture_store, session, message(text)).topics_named({}) == []


@pytest.mark.parametrize(
    ("text", "planned"),
    [
        ("what would you cover in a 1 hour session on neglect", True),
        ("what goes in a training session about young carers?", True),
        ("what should I include in my lunch and learn on information sharing", True),
        ("outline for a session on was not brought", True),
        ("what should a safety plan include", False),
        ("what should the CIN plan include for this family", False),
        ("what does the training say about escalation", False),
        ("what should a team meeting about a child include", False),
        # a session in the work with a family or in supervision: a practice question
        ("what should I cover in a direct work session with an 8 year old sibling", False),
        ("what should go in a one to one session with a teenager who self harms", False),
        ("what would a supervision session cover when the plan has stalled", False),
        ("what should I include in a return home interview session after she went missing", False),
        ("what should I cover in a session with a dad to hear his side", False),
        ("what should a training session for parents include", True),
    ],
)
def test_what_a_session_should_include_asks_for_its_plan(text: str, planned: bool) -> None:
    assert asks_for_a_plan(text) is planned


@pytest.mark.parametrize(
    ("text", "study"),
    [
        ("case study of Erika plus two prompts for the group", True),
        ("a vignette on Barak with 4 questions for discussion", True),
        ("a case study on Deshawn", False),
        ("what questions to discuss with mum", False),
        ("can you write me a vignette about Adam for supervision, questions too", True),
        ("a case study of Barak, 3 prompts", True),
        # about the case study, not its questions for a group
        ("what were the main points in the case study about Barak?", False),
        ("I've got a few questions on the Erika case study", False),
        ("quick question about the vignette on Deshawn", False),
    ],
)
def test_a_case_study_comes_with_its_questions(text: str, study: bool) -> None:
    assert asks_for_case_study(text) is study


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("a poll on young carers for our health staff", "a poll on young carers"),
        (
            "plan a session on both audits, mixed audience (police, health)",
            "plan a session on both audits, mixed",
        ),
        ("a quiz on escalation, audience: school nurses", "a quiz on escalation,"),
    ],
)
def test_a_sectors_staff_or_an_audience_is_who_listens(text: str, left: str) -> None:
    assert without_audience(text).split() == left.split()


@pytest.mark.parametrize(
    ("text", "in_hand"),
    [
        ("and a handout to go with that section", True),
        ("a printable sheet to go with it", True),
        ("handout on this bit please", True),
        ("could you make this into a printable sheet", True),
        ("put that in a one pager for the team", True),
        ("do it as a handout pls", True),
        ("turn the young carers learning into a handout", False),
        ("a handout on young carers", False),
    ],
)
def test_material_for_what_was_just_given(text: str, in_hand: bool) -> None:
    assert names_what_is_in_hand(text) is in_hand


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("can I have the answers with a line from the audit for each", True),
        ("all the answers pls", True),
        ("answer key?", True),
        ("what's the answer", False),
        ("not the answers yet", False),
        ("a quiz without answers", False),
        ("could you show me the answers for that quiz", True),
        ("what were the right answers?", True),
        ("send us the answers please", True),
        # a mention while answering, or a refusal, is not a request for the sheet
        ("please don't show me the answers, I'd like a go first", False),
        ("do not tell us the answers yet", False),
        ("I reckon the answers are a and d", False),
        ("no idea about the answers to be honest", False),
        ("does the audit say what the answers are?", False),
        ("could be c? guessing the answers is hard", False),
    ],
)
def test_the_answers_of_a_quiz_asked_for_whole(text: str, asked: bool) -> None:
    assert asks_for_the_answers(text) is asked


@pytest.mark.parametrize(
    "said",
    [
        "could you write me a short vignette for team training on young carers, questions after",
        "give me a role play for our staff training on escalation",
        "create a quiz for the training session on neglect",
        "give me a scenario to use in a training session on young carers",
        "make me a quiz at the end of the workshop on escalation",
    ],
)
def test_material_asked_for_a_session_is_no_plan_of_the_session(said: str) -> None:
    assert not asks_for_a_plan(said)


@pytest.mark.parametrize(
    "said",
    [
        "give me a 45 minute training session on neglect",
        "create a role play training session on disguised compliance",
        "plan an exercise-based session on young carers",
        "build me a case study session on the SEND audit",
        "outline a vignette workshop on escalation for health visitors",
        "design a scenario based training session about self-harm",
        "put together a quiz style seminar on information sharing",
    ],
)
def test_a_session_named_by_its_kind_or_length_is_still_a_plan(said: str) -> None:
    assert asks_for_a_plan(said)


@pytest.mark.parametrize(
    ("said", "bullets"),
    [
        ("shorter please, five bullets max", 5),
        ("can you trim it to 3 points", 3),
        ("shorter", None),
        ("shorter for the team", None),
        ("a briefer one for the GPs, 4 points", 4),
        ("can I get a summary for the governors", None),
        ("sum it up for my manager", None),
        ("in a nutshell for the huddle?", None),
        ("cut-down version for a whatsapp to staff", None),
        ("too long for the students, 3 bullets", 3),
        ("can you make that briefer", None),
        ("that's a bit long, 4 points", 4),
        ("brief version for the huddle", None),
        ("in brief please", None),
    ],
)
def test_a_shorter_version_is_asked_with_its_bullets(said: str, bullets: int | None) -> None:
    assert asks_to_shorten(said)
    assert asked_bullets(said) == bullets


def test_a_longer_request_is_not_a_shorter_one() -> None:
    assert not asks_to_shorten("make it longer with more bullets")


@pytest.mark.parametrize(
    "said",
    [
        "the school trimmed her day to two hours and her stepdad shouted at her again, help",
        "his contact with mum was shortened after she turned up drunk, what now",
        "our visits got condensed into one and the baby has a bruise nobody can explain",
        "they cut it down to one session a week and he says his brother hurts him",
        "short breaks for the team",
        "brief the team on neglect",
        "a summary of the neglect learning for the team",
        "a short session for the team",
        "brief the team",
        "short training session",
        "short meeting",
        "a brief meeting with parents",
        "is this too long for a team meeting",
        "the session was too long",
        "short of staff",
        "summary for parents",
    ],
)
def test_shorter_words_in_a_message_of_its_own_ask_nothing_shorter(said: str) -> None:
    assert not asks_to_shorten(said)


def test_a_phrase_quoted_whole_is_found_where_the_audit_quotes_part_of_it() -> None:
    said = "a poll on 'parents seem to engage' please"
    assert says_what_is_quoted(said, "Why write that parents 'seem to engage'?")
    assert says_what_is_quoted("the word 'expert'", "carers seen as 'experts'")
    assert not says_what_is_quoted("the word 'expert'", "expertise matters")
