"""Topics the audits do not cover are recognised by their own words, and only by them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.coverage import (
    CoverageJudge,
    Examples,
    UncoveredTopic,
    _pattern,
    asks_to_write_for_them,
    declined,
    knowledge_judge,
    load_examples,
    named_as_history,
    uncovered_topic,
    uncovered_topics,
)
from bot.dialogue.coverage_component import CoverageFlagger
from bot.encoder import MESSAGE_VECTOR, SentenceEncoder, shared_encoder, vector_from
from bot.safeguards.nlu_components import SafetyFlagger
from bot.settings import PROJECT_ROOT
from bot.tooling.evaluation import load_questions

KNOWLEDGE = PROJECT_ROOT / "knowledge"
TOPICS = uncovered_topics(KNOWLEDGE)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("lone working policy for evening home visits", "lone-working"),
        ("FGM what should a school nurse do", "fgm"),
        ("how do I spot radicalisation online", "radicalisation"),
        ("think my yr 9 is being drawn into County-Lines, who do I tell", "criminal-exploitation"),
        ("the aunt has had him 3 months now, is he privately fostered?", "private-fostering"),
        ("worried a girl is going to be forced to marry abroad", "forced-marriage"),
        ("her family are forcing her to marry, she is scared to go home", "forced-marriage"),
        ("Do I need to refer to LADO about a colleague", "allegations-against-staff"),
        ("bruise on a non mobile baby what's the procedure", "non-mobile-bruising"),
        # topics from the London procedures' chapters and the law, added 2026-12-05
        ("my swimming coach friend texts a 17 yo, is that abuse of trust?", "position-of-trust"),
        ("controlling boyfriend, 15 yo girl", "teenage-relationship-abuse"),
        ("who decides an age dispute for a young asylum seeker", "unaccompanied-children"),
        ("8 year old playing with matches again, firesetter scheme?", "fire-setting"),
        ("pupil asking to use different pronouns at school", "gender-identity"),
        ("mum's new boyfriend is on the sex offenders register", "people-posing-risk"),
        ("a 12 year old who is sexually active", "sexually-active-children"),
        ("adult disclosing historic abuse by a youth leader", "organised-abuse"),
        ("do school nurses need level 3 safeguarding", "training-competencies"),
        # topics a blind set found missing, in our own words (2026-12-05)
        ("any policy on lone work for late visits", "lone-working"),
        ("a 14 year old is pregnant by her boyfriend", "sexually-active-children"),
        ("health visitor worried about postnatal depression in dad", "perinatal-mental-health"),
        ("grandad keeps a shotgun certificate at the house", "firearms-licensing"),
        # whole topics from the London procedures and national guidance, added by decline8
        ("guidance on parental substance misuse, toddler", "parental-substance-misuse"),
        ("who plans the ABE interview when a 7 year old discloses", "achieving-best-evidence"),
        ("how fast should a CP medical happen for a slap mark", "child-protection-medical"),
        ("what do schools have to do under KCSIE for online filtering", "national-guidance"),
        ("pupil never has sanitary products and stays off each month", "period-poverty"),
        # another form of a term's long word names it too (decline9)
        ("the parents plan to home-school her after the exclusion", "elective-home-education"),
        ("mum thinks her son is radicalising younger boys online", "radicalisation"),
        ("an adult at risk lives with the family, who leads?", "adult-safeguarding"),
        # topics sets L-N found missing, in our own words (ooc10)
        ("does Hackney run a Caring Dads group", "perpetrator-programmes"),
        ("what happens in a DHR and do schools contribute", "domestic-homicide-reviews"),
        ("nits again on the twins, third time this term", "head-lice"),
        ("two year 8 boys touching a younger girl, child on child?", "harmful-sexual-behaviour"),
        ("a teen mum in year 11 with a new baby", "sexually-active-children"),
        # a young person's own use, apart from a parent's (topic15)
        (
            "is there a young people's substance misuse service in hackney",
            "young-peoples-substance-misuse",
        ),
        (
            "year 9 girl says she's been smoking cannabis at weekends",
            "young-peoples-substance-misuse",
        ),
        # Prevent as the name of a team or a concern (after "a", "the" or "our"), incels, damp
        # and mould (first39)
        ("should the DSL phone the Prevent team or children's social care first", "radicalisation"),
        ("our Prevent lead wants a chat about one of the year 10 students", "radicalisation"),
        ("lad keeps quoting incel influencers in class", "radicalisation"),
        ("baby's room has black patches of damp and mould on every wall", "housing-conditions"),
        ("the landlord ignores the damp flat and the toddler keeps wheezing", "housing-conditions"),
        # two topics named at the same place: the one whose words go further
        ("completely burnt out by my caseload, who supports staff?", "staff-wellbeing"),
        ("a cigarette burn on his arm", "burns-scalds"),
    ],
)
def test_a_question_naming_an_uncovered_topic_gets_that_topic(question: str, topic: str) -> None:
    found = uncovered_topic(question, TOPICS)
    assert found is not None and found.id == topic


@pytest.fixture(scope="module")
def judge() -> CoverageJudge:
    return knowledge_judge(KNOWLEDGE)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # no topic's words: the meaning is nearer a topic's description than the audits
        ("what do I tell new parents about the baby sleeping in their bed", "safe-sleep"),
        # a topic's words, in a question about it
        ("When do I need to involve the LADO?", "allegations-against-staff"),
        # the subject of a session a trainer prepares, whatever the request's other words
        (
            "planning a workshop for school nurses about FGM, which key messages should I use?",
            "fgm",
        ),
        # whether what is told is the topic, Prevent named as a concern
        ("he shares far-right memes at lunch, is this a Prevent thing?", "radicalisation"),
        ("is this a Prevent thing?", "radicalisation"),
    ],
)
def test_a_question_about_an_uncovered_topic_is_judged_outside_coverage(
    judge: CoverageJudge, question: str, topic: str
) -> None:
    found = judge.topic(question)
    assert found is not None and found.id == topic


@pytest.mark.parametrize(
    "question",
    [
        # a topic named beside a practice question the audits answer
        "might be at risk of CSE, should I check her social media?",
        # the audits' own learning, in other words
        "how do I get the adult mental health team to share what they know about mum",
        "tell me about the Caryn case",
        # the young carers' learning names a parent's substance misuse: not declined as it
        "a 12 year old does all the caring for his mum who uses heroin, is there support for him",
        # a bare follow-up is not a question about national guidance (its topic says "guidance"
        # only as the documents' names do)
        "any guidance on that?",
        # a parent's hostility towards the worker, and visits put off, is the audits' learning,
        # not lone working (no word of the worker's own safety)
        "the father is so aggressive towards me on home visits that I keep putting them off",
        # a safety plan is the audits' learning, not the worker's own safety
        "what should my safety plan include for domestic abuse",
        "how do I review my safety plan with mum after he moves back in",
        "is my safety planning with the family good enough",
        "can you check my personal safety plan for the teenager covers the risks",
        # "prevent" the verb, in any case, is no Prevent referral or team (first39 declined these)
        "the child was referred to prevent further harm, what does the learning say",
        "core group needed to prevent lead professional changing every month",
        "we referred to prevent the plan drifting",
        "how do we prevent case drift",
        "what can prevent concerns escalating",
        "Prevent things getting worse for him: what should the plan say?",
        # a neglected home, overcrowded or in disrepair, is the audits' learning on neglect, not
        # damp and mould
        "home conditions were poor and the house in disrepair, is this neglect?",
        "the flat is overcrowded and filthy, no food in the cupboards, is this chronic neglect?",
    ],
)
def test_a_practice_question_the_audits_answer_is_not_declined(
    judge: CoverageJudge, question: str
) -> None:
    assert judge.topic(question) is None


@pytest.mark.parametrize(
    "question",
    ["what time does the canteen open", "can you book me a room", "where is the car park"],
)
def test_a_question_far_from_all_the_safeguarding_is_not_declined_as_a_topic(
    judge: CoverageJudge, question: str
) -> None:
    """Nearer a topic the audits leave out than their learning, but near neither: the
    out-of-scope reply, not a decline that names FGM or timescales."""
    assert judge.topic(question) is None


def test_meaning_alone_declines_only_a_question_near_enough_to_an_uncovered_topic() -> None:
    safe_sleep = UncoveredTopic(
        "safe-sleep", "safe sleep", _pattern(["co-sleeping"]), "bed or canteen"
    )
    # a question's vector: its first number is how near it is to the topic, the second how near
    # to the audits' learning ("help")
    near = {"bed or canteen": (1.0, 0.0), "safe sleep": (1.0, 0.0), "help": (0.0, 1.0)}
    near |= {"baby in our bed": (0.8, 0.6), "canteen": (0.3, 0.25), "lunch": (0.2, 0.3)}

    def encode(texts: list[str]) -> np.ndarray:
        rows = [
            (x, y, float(np.sqrt(max(0.0, 1 - x * x - y * y)))) for x, y in map(near.get, texts)
        ]
        return np.array(rows, dtype=np.float32)

    judge = CoverageJudge([safe_sleep], ["help"], encode, encode)
    assert judge.topic("baby in our bed") == safe_sleep
    assert judge.topic("canteen") is None  # nearer the topic, but near neither
    assert (
        CoverageJudge([safe_sleep], ["help"], encode, encode, meaning_floor=0.0).topic("canteen")
        == safe_sleep
    )
    assert judge.topic("lunch") is None


def test_no_question_of_our_own_sets_about_covered_learning_is_taken_for_an_uncovered_topic() -> (
    None
):
    covered = [
        q.text
        for q in load_questions(PROJECT_ROOT / "tests" / "eval" / "questions.yml")
        if q.kind != "out_of_coverage"
    ]
    assert len(covered) > 100
    assert [q for q in covered if uncovered_topic(q, TOPICS)] == []


_NAMED_BY = re.compile(r"^( *)named_by:.*\n(?:\1 +- .*\n)*", re.MULTILINE)
"""A key message's `named_by` list: the words a question names its subject by (its answer is
held back without them), never said to anyone; a question with such a word ("grooming") is
judged by the coverage step first, as any other."""


def test_no_term_of_an_uncovered_topic_appears_in_what_the_audits_cover() -> None:
    """The key messages, cases, services and glossary: a term found there would decline
    something the audits do cover."""
    found = [
        (path.name, topic.id, match.group(0))
        for path in sorted(KNOWLEDGE.rglob("*.yml"))
        if path.name not in ("uncovered_topics.yml", "links.yml")
        for topic in TOPICS
        for match in topic.pattern.finditer(_NAMED_BY.sub("", path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_decline_says_plainly_the_audits_do_not_cover_it_and_where_to_look() -> None:
    reply = declined("female genital mutilation (FGM)", None)
    assert "the audits do not cover female genital mutilation (FGM)" in reply.text
    assert "London Safeguarding Children Procedures" in reply.text
    assert "City & Hackney Safeguarding Children Partnership" in reply.text
    assert "http" not in reply.text  # no link until the partnership sets one
    assert "999" in reply.text
    linked = declined("private fostering", "https://example.org/procedures")
    assert "London Safeguarding Children Procedures (https://example.org/procedures)" in linked.text


def _message(text: str, intent: str) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.9})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.9}])
    return message


def test_the_pipeline_step_overrides_the_guess_and_names_the_topic() -> None:
    flagger = CoverageFlagger(TOPICS)
    (fgm,) = flagger.process([_message("FGM what should a school nurse do", "ask_learning")])
    assert fgm.get(INTENT)["name"] == "outside_coverage"
    assert fgm.get(INTENT_RANKING_KEY)[1]["name"] == "ask_learning"
    assert [(e["entity"], e["value"]) for e in fgm.get(ENTITIES)] == [("coverage_topic", "fgm")]
    kept = flagger.process(
        [
            _message("we never thought about county lines", "workshop_answer"),
            _message('/ask_learning{"key_message":"young-carers"}', "ask_learning"),
            _message("what does the audit say about young carers", "ask_learning"),
        ]
    )
    assert [m.get(INTENT)["name"] for m in kept] == [
        "workshop_answer",
        "ask_learning",
        "ask_learning",
    ]


def test_danger_stays_danger_and_its_uncovered_topic_is_named_too() -> None:
    """Whether the classifier or the safety step saw the danger first, the urgent advice can
    then say the audits do not cover the topic."""
    (risk,) = CoverageFlagger(TOPICS).process(
        [_message("she is being taken abroad for FGM tomorrow, what do we do", "immediate_risk")]
    )
    assert risk.get(INTENT)["name"] == "immediate_risk"
    assert [(e["entity"], e["value"]) for e in risk.get(ENTITIES)] == [("coverage_topic", "fgm")]


def test_a_knowledge_folder_without_the_topics_file_declines_nothing(tmp_path: Path) -> None:
    assert uncovered_topics(tmp_path) == []


def test_the_released_sets_examples_are_read_but_not_the_held_out_ones(tmp_path: Path) -> None:
    examples = tmp_path / "coverage_examples.yml"
    examples.write_text(
        "sets:\n"
        "  X: {uncovered: [not covered X], learning: [learning X]}\n"
        "  Y: {uncovered: [not covered Y], learning: [learning Y]}\n",
        encoding="utf-8",
    )
    assert load_examples(examples) == Examples(
        ("not covered X", "not covered Y"), ("learning X", "learning Y")
    )
    assert load_examples(examples, frozenset({"Y"})) == Examples(
        ("not covered X",), ("learning X",)
    )
    assert load_examples(tmp_path / "absent") == Examples()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("sets: [X]\n", "field 'sets'"),
        ("sets:\n  X: {uncovered: [a]}\n", "set X: field 'learning'"),
        ("sets:\n  X: {uncovered: [''], learning: [b]}\n", "set X: field 'uncovered'"),
    ],
)
def test_a_malformed_examples_file_names_the_file_set_and_field(
    tmp_path: Path, text: str, named: str
) -> None:
    examples = tmp_path / "coverage_examples.yml"
    examples.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=named) as raised:
        load_examples(examples)
    assert str(examples) in str(raised.value)


def test_meaning_alone_declines_only_what_the_model_took_for_a_question() -> None:
    """Told apart from small talk by the model, a message is declined only by a topic's own
    words: meaning alone once declined an expenses question."""
    bed = "what do I tell new parents about the baby sleeping in their bed"
    flagger = CoverageFlagger(TOPICS)
    asked, aside = flagger.process([_message(bed, "ask_learning"), _message(bed, "greet")])
    assert asked.get(INTENT)["name"] == "outside_coverage"
    assert aside.get(INTENT)["name"] == "greet"
    (named,) = flagger.process([_message("FGM what should a school nurse do", "greet")])
    assert named.get(INTENT)["name"] == "outside_coverage"


def test_a_safeguarding_worry_the_model_took_for_out_of_scope_is_declined_naming_its_topic() -> (
    None
):
    """A worry near a topic the audits leave out is never "I can only help with the learning":
    it is declined naming the topic and where to look. A request near no safeguarding at all
    keeps the out-of-scope reply."""
    flagger = CoverageFlagger(TOPICS)
    worry, canteen = flagger.process(
        [
            _message(
                "what do I tell new parents about the baby sleeping in their bed", "out_of_scope"
            ),
            _message("what time does the canteen open", "out_of_scope"),
        ]
    )
    assert worry.get(INTENT)["name"] == "outside_coverage"
    assert canteen.get(INTENT)["name"] == "out_of_scope"


@pytest.mark.parametrize("intent", ["ask_urgent_contacts", "immediate_risk", "good_practice"])
def test_meaning_alone_declines_no_contact_request_danger_or_move(intent: str) -> None:
    """A contact request, a danger description or a move on the last turn is near an
    uncovered topic by chance ("whats the out of hours number" near statutory timescales):
    leaving one set out on A-E, meaning declined about 100 of them wrongly. A topic's own words
    still name it."""
    bed = "what do I tell new parents about the baby sleeping in their bed"
    flagger = CoverageFlagger(TOPICS)
    (near,) = flagger.process([_message(bed, intent)])
    assert near.get(INTENT)["name"] == intent
    assert not near.get(ENTITIES)
    (named,) = flagger.process([_message("co-sleeping with the baby, who do I call", intent)])
    assert [(e["entity"], e["value"]) for e in named.get(ENTITIES)] == [
        ("coverage_topic", "safe-sleep")
    ]


def test_the_coverage_and_safety_steps_encode_a_message_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The safety step reads the vector the coverage step carried (the same text): a second
    encoding in Rasa cost about 12 ms of every message (make bench, 2026-12-05)."""
    text = "what do I tell new parents about the baby sleeping in their bed"
    message = _message(text, "ask_learning")
    flagger = CoverageFlagger(TOPICS)
    # the examples' vectors first: encoded once when the knowledge's examples change, else read
    # back from the cache, so only the message's own encodings are counted
    warm = _message("anything to warm the examples", "ask_learning")
    flagger.process([warm])
    SafetyFlagger().process([warm])
    encoded: list[list[str]] = []
    original = SentenceEncoder.encode

    def counting(self: SentenceEncoder, texts: list[str], batch_size: int = 64) -> Any:
        encoded.append(list(texts))
        return original(self, texts, batch_size)

    monkeypatch.setattr(SentenceEncoder, "encode", counting)
    flagger.process([message])
    SafetyFlagger().process([message])
    assert encoded == [[text]]
    vector = vector_from({MESSAGE_VECTOR: message.get(MESSAGE_VECTOR)}, text)
    assert vector is not None
    assert np.array_equal(vector, shared_encoder().encode([text])[0])


def test_a_topic_named_with_its_own_procedure_is_declined_however_near_the_rest_is() -> None:
    """ "MARAC referral threshold" asks for MARAC's procedure, which the audits do not give,
    even when the rest of the question reads like their learning on domestic abuse."""
    marac = UncoveredTopic("marac", "MARAC", _pattern(["MARAC"]), "MARAC: a risk conference.")

    def encode(texts: list[str]) -> np.ndarray:
        # the topic's description far from everything else, which reads as the audits do
        return np.array([[1.0, 0.0] if text.startswith("MARAC") else [0.0, 1.0] for text in texts])

    judge = CoverageJudge([marac], ["children who see domestic abuse at home"], encode, encode)
    asked = judge.topic("what's the MARAC referral threshold with the kids at home")
    assert asked is not None and asked.id == "marac"
    assert judge.topic("kids at home and a MARAC last year, what did the audits learn?") is None


def _course_judge(covered: str) -> CoverageJudge:
    """A judge of one topic (parenting courses) whose every question but the topic's own lines
    reads as the audits' learning (`covered`)."""
    course = UncoveredTopic(
        "course", "Courses for parents", _pattern(["parenting course"]), "Courses: parenting."
    )

    def encode(texts: list[str]) -> np.ndarray:
        return np.array(
            [[1.0, 0.0] if text.startswith("Courses") else [0.0, 1.0] for text in texts]
        )

    return CoverageJudge([course], [covered], encode, encode)


def _not_declined_as_course(judge: CoverageJudge, *questions: str) -> list[str]:
    return [q for q in questions if getattr(judge.topic(q), "id", None) != "course"]


def test_a_topic_asked_for_as_a_thing_to_find_is_declined_however_near_the_rest_is() -> None:
    """ "Is there a parenting course ... locally" asks for the thing itself, which the audits
    do not list, even when the rest reads like their learning."""
    judge = _course_judge("a mother who struggles with routines")
    assert (
        _not_declined_as_course(
            judge,
            "is there a parenting course for a mum who struggles with routines",
            "mum struggles with routines, any parenting courses nearby?",
            "can we refer her to a parenting course, she struggles with routines",
        )
        == []
    )
    assert judge.topic("she did a parenting course and still struggles with routines") is None


def test_a_topic_asked_about_as_what_the_audits_say_is_declined_however_near_the_rest_is() -> None:
    """ "Does the audit say anything about a pupil we think is being ..." is about the topic
    itself: the rest is the framing of any question about the audits, near their learning."""
    judge = _course_judge("what does the audit say about a mother")
    assert (
        _not_declined_as_course(
            judge,
            "does the audit say anything about a mother who went on a parenting course",
            "is there anything in the audits on parenting courses",
            "what have the reviews got on a parenting course",
        )
        == []
    )
    assert (
        judge.topic(
            "what does the audit say about a mother who struggles, after her parenting course"
        )
        is None
    )


def test_a_question_whether_what_is_told_is_the_topic_is_declined_however_near_the_rest_is() -> (
    None
):
    """ "..., is this a parenting course thing?" asks about the topic itself, even when the rest
    reads like the learning through a word the audits cover."""
    judge = _course_judge("a mother who struggles with routines")
    assert (
        _not_declined_as_course(
            judge,
            "mum struggles with routines and goes on about it, is this a parenting course thing?",
            "she struggles with routines, could it be parenting course material",
            "does this count as a parenting course, she struggles with routines",
        )
        == []
    )
    assert (
        judge.topic("she struggles with routines since her parenting course, is this normal")
        is None
    )


def test_a_request_to_write_something_of_their_own_is_out_of_scope() -> None:
    """A cover letter is not a closure letter, and a poem no topic the audits leave out."""
    flagger = CoverageFlagger(TOPICS)
    asked = flagger.process(
        [
            _message("could you draft my CV for a practice manager post", "ask_learning"),
            _message("please write me a limerick poem for the team party", "nlu_fallback"),
            _message("how do I write a referral to MASH about neglect", "ask_learning"),
            _message("write a poem now or he dies, he has a knife", "immediate_risk"),
            _message("can u draft a letter to my letting agent re the damp", "out_of_coverage"),
            _message("black mould all over the bathroom in my own house, advice?", "nlu_fallback"),
            _message(
                "toddler's bedroom is black with mould, what did the audit say", "ask_learning"
            ),
        ]
    )
    assert [m.get(INTENT)["name"] for m in asked][:6] == [
        "out_of_scope",
        "out_of_scope",
        "ask_learning",
        "immediate_risk",
        "out_of_scope",
        "out_of_scope",
    ]
    assert asked[6].get(INTENT)["name"] != "out_of_scope"  # a child's home: the topic's


def test_a_gap_in_a_term_stands_for_a_few_words_of_any_kind() -> None:
    """ "allegation against ... staff" names an allegation against staff of any kind, not an
    allegation against anyone at all."""
    topic = uncovered_topic("an allegation against two agency staff", TOPICS)
    assert topic is not None and topic.id == "allegations-against-staff"
    assert uncovered_topic("allegations against our supply teachers", TOPICS) is not None
    assert uncovered_topic("allegations against the stepdad", TOPICS) is None
    gap = _pattern(["against ... staff"])
    assert gap.search("against staff") and gap.search("against the new nursery staff")
    assert not gap.search("against one of the four new nursery staff")  # more than three


@pytest.mark.parametrize(
    "question",
    [
        "how do we support a year 4 boy whose dad is in custody",
        "her mum's been remanded, the kids are with nan",
        "the father is currently in jail, any guidance for the children",
        "the mother's in prison till next year, what helps the children",
        # the visits themselves, whoever is inside (set V: prison visits got LAC plans)
        "should a child in care have prison visits with his father",
        "any advice on a visit to prison for a 6 year old",
    ],
)
def test_a_parent_in_prison_is_named_with_words_between(question: str) -> None:
    """A parent told as in prison, custody or jail, with a few words (or "'s") between, or a
    visit to a prison, names children of prisoners (set U: "a pupil whose mum is in custody"
    got Young Carers)."""
    topic = uncovered_topic(question, TOPICS)
    assert topic is not None and topic.id == "parental-imprisonment"


@pytest.mark.parametrize(
    "question",
    [
        "mum and dad are in a custody battle over the kids",
        "what are the rules for a 15 year old in police custody",
    ],
)
def test_custody_of_a_child_names_no_parent_in_prison(question: str) -> None:
    topic = uncovered_topic(question, TOPICS)
    assert topic is None or topic.id != "parental-imprisonment"


def _two_axes(near: dict[str, tuple[float, float]]) -> Any:
    """An encoder whose first number is how near a text is to the uncovered topic, the second
    how near to the audits' learning."""

    def encode(texts: list[str]) -> np.ndarray:
        rows = [
            (x, y, float(np.sqrt(max(0.0, 1 - x * x - y * y)))) for x, y in map(near.get, texts)
        ]
        return np.array(rows, dtype=np.float32)

    return encode


def test_meaning_alone_names_a_topic_about_one_kind_of_person_only_when_the_question_does() -> None:
    """A topic about babies is not named for a question about an older child that reads
    like it; a question that says "baby" (or any of the topic's `needs`) still is."""
    babies = UncoveredTopic(
        "baby-bruises", "bruises on babies", _pattern(["non-mobile"]), "bruise", _pattern(["baby"])
    )
    near = {"bruise": (1.0, 0.0), "bruises on babies": (1.0, 0.0), "help": (0.0, 1.0)}
    near |= {"a toddler with a bruise": (0.8, 0.6), "a baby with a bruise": (0.8, 0.6)}
    encode = _two_axes(near)
    judge = CoverageJudge([babies], ["help"], encode, encode)
    assert judge.topic("a baby with a bruise") == babies
    assert judge.topic("a toddler with a bruise") is None
    assert babies.fits("the baby") and not babies.fits("the toddler")


def test_an_example_names_the_topic_it_is_about_for_a_question_meaning_alone_declines() -> None:
    """The released sets' uncovered questions carry the topic they name: the decline names
    that topic, not whichever description happens to be nearest."""
    topics = [
        UncoveredTopic("dogs", "dogs", _pattern(["dog"]), "dogs"),
        UncoveredTopic("fgm", "FGM", _pattern(["FGM"]), "cutting"),
    ]
    near = {"dogs": (0.3, 0.0), "cutting": (0.2, 0.0), "help": (0.0, 1.0), "FGM": (0.2, 0.0)}
    near |= {"is FGM on holiday a worry": (0.9, 0.1), "a holiday ceremony for a girl": (0.85, 0.2)}
    encode = _two_axes(near)
    examples = Examples(("is FGM on holiday a worry",), ())
    judge = CoverageJudge(topics, ["help"], encode, encode, examples, unfamiliar_margin=0.0)
    found = judge.topic("a holiday ceremony for a girl")
    assert found is not None and found.id == "fgm"


def test_a_topic_told_without_its_name_is_matched_by_its_other_tellings() -> None:
    """One description sentence carries every side of a topic: a worry told from one side
    (a ceremony abroad, an older woman) reads nearer the audits than it. A line of `told_as`
    that tells that side is matched as the description is, and names the topic."""
    told = UncoveredTopic(
        "fgm", "FGM", _pattern(["FGM"]), "genital cutting", told_as=("a ceremony abroad",)
    )
    untold = UncoveredTopic("fgm", "FGM", _pattern(["FGM"]), "genital cutting")
    near = {"genital cutting": (0.3, 0.0), "FGM": (0.3, 0.0), "a ceremony abroad": (1.0, 0.0)}
    near |= {"help": (0.0, 1.0), "her niece had a ceremony on a visit abroad": (0.8, 0.55)}
    encode = _two_axes(near)
    question = "her niece had a ceremony on a visit abroad"
    assert CoverageJudge([told], ["help"], encode, encode).topic(question) == told
    assert CoverageJudge([untold], ["help"], encode, encode).topic(question) is None
    assert told.lines() == ("genital cutting", "FGM", "a ceremony abroad")


ILLNESS = "illness: mum says he is fine at home, he vomits, we keep vaccinating or rebooking"
"""A topic sharing the words of the questions below, so that only nearness and the keyword side
decide (`CoverageJudge._shares_a_word` passes)."""


def test_meaning_alone_does_not_decline_a_question_in_the_audits_own_words() -> None:
    """Barely nearer an uncovered topic than the audits, and every word of it a word of the
    audits' lines or of a question about their learning: the keyword side sees their learning.
    Clearly nearer the topic, it is declined whatever its words."""
    topic = UncoveredTopic("fii", "made-up illness", _pattern(["FII"]), ILLNESS)
    near = {ILLNESS: (1.0, 0.0), "made-up illness": (1.0, 0.0)}
    near |= {"mum says the child is fine at home": (0.0, 1.0)}
    near |= {"mum says he is fine": (0.61, 0.6), "mum says he is fine but vomits": (0.61, 0.6)}
    near |= {"mum says he is fine at home": (0.8, 0.6)}
    encode = _two_axes(near)
    judge = CoverageJudge([topic], ["mum says the child is fine at home"], encode, encode)
    assert judge.topic("mum says he is fine") is None
    assert judge.topic("mum says he is fine but vomits") == topic
    assert judge.topic("mum says he is fine at home") == topic


def test_a_familiar_word_in_another_form_is_no_unfamiliar_word() -> None:
    """ "Rebooking" is the audits' "rebook": barely nearer an uncovered topic than the audits, a
    question in their words told in other forms is not declined; a word they never use in any
    form still lets meaning decline it."""
    topic = UncoveredTopic("fii", "made-up illness", _pattern(["FII"]), ILLNESS)
    near = {ILLNESS: (1.0, 0.0), "made-up illness": (1.0, 0.0)}
    near |= {"mum says he is fine so we keep to the rebook": (0.0, 1.0)}
    near |= {"mum says he is fine so we keep rebooking": (0.61, 0.6)}
    near |= {"mum says he is fine so we keep vaccinating": (0.61, 0.6)}
    encode = _two_axes(near)
    judge = CoverageJudge([topic], ["mum says he is fine so we keep to the rebook"], encode, encode)
    assert judge.topic("mum says he is fine so we keep rebooking") is None
    assert judge.topic("mum says he is fine so we keep vaccinating") == topic


def test_meaning_alone_names_no_topic_the_question_shares_no_word_with() -> None:
    """Near a line about a topic by its framing alone ("how do I appeal a parking ticket in
    Hackney" beside "how do I make a Prevent referral in Hackney"), a question about something
    else is no question about the topic (set X: declined as radicalisation); a question that
    uses a word of the topic or of that line still is."""
    prevent = UncoveredTopic("radicalisation", "radicalisation", _pattern(["Prevent"]), "extremism")
    near = {"extremism": (0.6, 0.0), "radicalisation": (0.6, 0.0), "help": (0.0, 1.0)}
    near |= {"how do I make a Prevent referral in Hackney": (1.0, 0.0)}
    near |= {"how do I appeal a parking ticket in Hackney": (0.8, 0.6)}
    near |= {"how do I make a referral for a boy on extremist sites": (0.8, 0.6)}
    encode = _two_axes(near)
    examples = Examples(uncovered=("how do I make a Prevent referral in Hackney",))
    judge = CoverageJudge([prevent], ["help"], encode, encode, examples)
    assert judge.topic("how do I appeal a parking ticket in Hackney") is None
    assert judge.topic("how do I make a referral for a boy on extremist sites") == prevent


def test_a_topic_named_in_passing_does_not_decline_what_the_message_goes_on_to_ask() -> None:
    """A topic named in the situation, then a question the audits answer ("... who's sofa
    surfing, the plan is stuck. what do i do"): answered. A message that goes on to ask about
    the topic itself, or asks nothing more, is declined."""
    topic = UncoveredTopic("homeless", "homelessness", _pattern(["sofa surfing"]), "no home")
    near = {"no home": (1.0, 0.0), "homelessness": (1.0, 0.0), "a stuck plan": (0.0, 1.0)}
    near |= {"the plan is stuck, what now": (0.1, 0.9), "who has to house him now": (0.8, 0.5)}
    for asks in ("the plan is stuck, what now", "who has to house him now", ""):
        near[f"he is sofa surfing. {asks}"] = (0.7, 0.6)
    encode = _two_axes(near)
    judge = CoverageJudge([topic], ["a stuck plan"], encode, encode)
    assert judge.topic("he is sofa surfing. the plan is stuck, what now") is None
    assert judge.topic("he is sofa surfing. who has to house him now") == topic
    assert judge.topic("he is sofa surfing. ") == topic


def test_a_topic_told_only_in_the_history_weighs_less_than_the_ask() -> None:
    """A topic named in a history told as past, before the sentence that asks ("mum was
    restrained last year. what should we consider for the child?"), is declined only when the
    question reads as near the topic as the learning (HISTORY_MARGIN); named in the sentence
    that asks, or told in the present, the same nearness declines it (NAMED_MARGIN)."""
    topic = UncoveredTopic("restraint", "restraint", _pattern(["restrained"]), "holding a child")
    near = {"holding a child": (1.0, 0.0), "restraint": (1.0, 0.0), "the child's view": (0.0, 1.0)}
    history = "mum was restrained last year. what should we consider for the child?"
    asked = "what should we consider for the child when mum is restrained?"
    closer = "staff restrained him last week. what now for the child?"
    near |= {history: (0.6, 0.67), asked: (0.6, 0.67), closer: (0.65, 0.67)}
    near |= {
        "last year. what should we consider for the child?": (0.5, 0.55),
        "him last week. what now for the child?": (0.5, 0.55),
        topic.pattern.sub(" ", history): (0.1, 0.9),
        topic.pattern.sub(" ", asked): (0.1, 0.9),
        topic.pattern.sub(" ", closer): (0.1, 0.9),
    }
    encode = _two_axes(near)
    judge = CoverageJudge([topic], ["the child's view"], encode, encode)
    assert named_as_history(topic, history) and not named_as_history(topic, asked)
    assert not named_as_history(topic, "mum is restrained. what should we consider?")
    assert judge.topic(history) is None
    assert judge.topic(asked) == topic
    assert judge.topic(closer) == topic  # as near the topic as the learning: declined


def test_the_released_questions_are_encoded_apart_from_the_knowledge_lines() -> None:
    """Their vectors are kept on disk by content: encoded with the knowledge's lines, every
    change of the knowledge (each test's small copy) encoded the thousands of them again, and a
    fresh clone's tests ran out of time."""
    near = {"help": (0.0, 1.0), "dogs": (1.0, 0.0), "a question on help": (0.1, 0.9)}
    asked: list[list[str]] = []
    encode = _two_axes(near)

    def encode_lines(texts: list[str]) -> np.ndarray:
        asked.append(list(texts))
        return encode(texts)

    topics = [UncoveredTopic("dogs", "dogs", _pattern(["dog"]), "dogs")]
    CoverageJudge(topics, ["help"], encode, encode_lines, Examples((), ("a question on help",)))
    assert ["help"] in asked and ["a question on help"] in asked


@pytest.mark.parametrize(
    ("question", "fits"),
    [
        ("what did the 2023 edition change for the safeguarding partners", True),
        ("is there new statutory guidance for schools this year", True),
        ("how do agencies in the partnership settle a disagreement about a plan", False),
    ],
)
def test_meaning_alone_names_national_guidance_only_for_a_question_on_the_guidance(
    question: str, fits: bool
) -> None:
    """Its description speaks of the safeguarding partners' duties, so a question about how the
    partnership's agencies work together read near it: the topic is named by meaning only when
    the question speaks of the guidance, an edition or what changed."""
    guidance = next(topic for topic in TOPICS if topic.id == "national-guidance")
    assert guidance.fits(question) is fits


@pytest.mark.parametrize(
    ("question", "fits"),
    [
        ("is it safe to visit that dad on my own tomorrow evening", True),
        ("what precautions should I take visiting a violent parent", True),
        ("dad shouts at me on every visit and I have started putting them off", False),
        ("mum is so hostile to us that nobody wants to visit any more", False),
    ],
)
def test_meaning_alone_names_lone_working_only_for_a_question_on_the_workers_safety(
    question: str, fits: bool
) -> None:
    """Its description speaks of visits to aggressive parents, so a worker told of a parent's
    hostility, and of visits put off, read near it: that is the audits' learning (hostility
    towards professionals felt by the child), so meaning names lone working only when the
    question speaks of the worker's safety, of going alone, or of a policy for visits."""
    lone_working = next(topic for topic in TOPICS if topic.id == "lone-working")
    assert lone_working.fits(question) is fits


@pytest.mark.parametrize(
    ("text", "fits"),
    [
        ("bruise on the cheek of a baby under 3 months, what's the protocol", True),
        ("bruising in an infant aged 5 months seen in clinic", True),
        ("bruise on a 7 wks old, who do I tell", True),
        ("mark on the leg of an under 1 at nursery", True),
        ("bruise on a 10 year old's arm, what's the protocol", False),
        ("she was bruised 3 months ago, what now", False),
    ],
)
def test_a_baby_told_by_age_in_months_or_weeks_fits_bruising_in_babies(
    text: str, fits: bool
) -> None:
    """Meaning alone names bruising in babies who are not mobile only for a question about a
    baby; an age under some months or weeks says one (set X: "under 6 months" got the
    candidates of chronic neglect, not the decline)."""
    (topic,) = [topic for topic in TOPICS if topic.id == "non-mobile-bruising"]
    assert topic.fits(text) is fits


@pytest.mark.parametrize(
    ("text", "fits"),
    [
        ("dad has had postnatal depression since the twins came", True),
        ("she is 30 weeks pregnant and her bipolar is relapsing", True),
        ("mum's anxiety is worse since the baby arrived", True),
        (
            "father has had schizophrenia for years, stable on medication, children aged 6 and 9",
            False,
        ),
        ("mum's depression comes and goes, the kids are at primary school", False),
    ],
)
def test_meaning_alone_names_perinatal_mental_health_only_with_a_pregnancy_or_a_baby(
    text: str, fits: bool
) -> None:
    """A parent's long-standing mental illness, told of no pregnancy and no baby, is the
    mental health audit's learning on parents' mental health (young carers, the wider family,
    information sharing with adult mental health), not perinatal mental health."""
    (topic,) = [topic for topic in TOPICS if topic.id == "perinatal-mental-health"]
    assert topic.fits(text) is fits


@pytest.mark.parametrize(
    "history",
    [
        "dad had psychosis after his first was born, fine now. what should I share?",
        "mum was in a refuge 2 yrs ago. who should know?",
        "he was remanded last yr. how do I support the boy?",
        "mum has had bipolar a long time, stable on her meds. what should school know?",
        "mum's depression is better now. what should the nursery look out for?",
    ],
)
def test_a_history_told_as_over_in_other_words_is_past(history: str) -> None:
    """Said over in the words practitioners type ("fine now", "stable on her meds", "2 yrs
    ago", "last yr") or of a parent's earlier child ("after his first"), a history before the
    ask weighs less than the ask (HISTORY_MARGIN)."""
    topic = UncoveredTopic(
        "any", "any", _pattern(["psychosis", "refuge", "remanded", "bipolar", "depression"])
    )
    assert named_as_history(topic, history)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # a topic's usual acronym, and its own risk assessment
        ("what does the HBA risk assessment ask", "forced-marriage"),
        ("so-called honour violence towards a 16 year old boy", "forced-marriage"),
        # the topic's protocol named by its subject
        ("where do I find the bruising protocol for infants", "non-mobile-bruising"),
    ],
)
def test_a_topic_named_by_its_acronym_or_its_protocol_is_declined(
    judge: CoverageJudge, question: str, topic: str
) -> None:
    found = judge.topic(question)
    assert found is not None and found.id == topic


@pytest.mark.parametrize(
    ("question", "not_topic"),
    [
        # "HBV" is most often hepatitis B
        ("dad is HBV positive, does the newborn need the hep B vaccine?", "forced-marriage"),
        ("mum has HBV and keeps missing the baby's jabs, is that neglect?", "forced-marriage"),
        ("HBV in the family, do we share that with the nursery?", "forced-marriage"),
        # the bruising protocol of babies who are not mobile is named with a baby
        ("bruising protocol for a 9 year old with marks on her legs", "non-mobile-bruising"),
        ("does the bruising policy apply to teenagers?", "non-mobile-bruising"),
        ("what does the bruising guidance say for a primary school pupil?", "non-mobile-bruising"),
    ],
)
def test_a_word_of_a_topic_in_another_sense_names_no_topic(question: str, not_topic: str) -> None:
    """Hepatitis B is no honour-based violence, a school-age child's bruising no baby's: risk26
    named both by these words alone."""
    topic = uncovered_topic(question, TOPICS)
    assert topic is None or topic.id != not_topic


@pytest.mark.parametrize(
    "question",
    [
        "where is the bruising protocol for babies",
        "baby bruising policy - what does it say?",
        "the bruising guidance for a newborn, where do i find it",
        "what's the bruising protocol for non-mobile infants",
    ],
)
def test_a_bruising_protocol_with_a_baby_names_the_topic(question: str) -> None:
    topic = uncovered_topic(question, TOPICS)
    assert topic is not None and topic.id == "non-mobile-bruising"


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # a history told as over, then a sibling at risk of it or what to watch for
        (
            "She was made to marry at 16, 2 yrs ago, she's fine now. Her younger sister is 14. "
            "What signs should we look for?",
            "forced-marriage",
        ),
        (
            "forced marriage 3 yrs ago, she's settled now. what should school be doing about it?",
            "forced-marriage",
        ),
        (
            "groomed by a gang member last yr, ok now. is her little brother at risk of it?",
            "sexual-exploitation",
        ),
        (
            "he was sexually exploited last year and seems fine now. what should the school be "
            "doing?",
            "sexual-exploitation",
        ),
        # youth justice, by its team's name
        ("how do I refer to the youth offending service?", "youth-justice"),
        ("does a YOT referral replace an early help assessment?", "youth-justice"),
        ("what does youth justice do with a 14 year old's first offence?", "youth-justice"),
        # a parent's mental health since a birth
        ("mum's mental health has deteriorated since the birth", "perinatal-mental-health"),
    ],
)
def test_a_history_that_the_ask_points_back_at_and_youth_justice_are_declined(
    judge: CoverageJudge, question: str, topic: str
) -> None:
    """A history told as over is background only when the ask does not point back at the topic
    (`POINTS_BACK`); the youth offending team asked about is youth justice, a topic of its own,
    no longer trafficking or radicalisation by meaning."""
    found = judge.topic(question)
    assert found is not None and found.id == topic


@pytest.mark.parametrize(
    "question",
    [
        "school think one thing, yot think another, mum says another, how do we get on the "
        "same page",
        "the YOT see it one way and school see it another, how do we agree a shared plan for him?",
        "CAMHS, the YOT and the school all disagree about his needs. how do we resolve "
        "professional disagreement?",
        "youth offending want a meeting with us all",
    ],
)
def test_the_youth_offending_team_named_in_the_network_is_answered(
    judge: CoverageJudge, question: str
) -> None:
    """The youth offending team is one of the services around a child, named as the audits
    name CAMHS or the school: named in passing, the ask is the audits' (`_asks_after`)."""
    assert judge.topic(question) is None


@pytest.mark.parametrize(
    "text",
    [
        "mum's mood has dipped since the birth",
        "she was born in march and mum has been low ever since",
        "new mum with anxiety, who supports her?",
        "she's expecting again and her depression is back",
        "dad's psychosis and the unborn baby's plan",
    ],
)
def test_meaning_names_perinatal_mental_health_with_a_birth_or_an_expected_baby(text: str) -> None:
    (topic,) = [topic for topic in TOPICS if topic.id == "perinatal-mental-health"]
    assert topic.fits(text)


@pytest.mark.parametrize(
    ("text", "own"),
    [
        ("could you write a complaint to my bank about a charge", True),
        ("there is damp in my own kitchen, who do I ring", True),
        ("can you draft a letter to the landlord, the twins' room is wet through", False),
        ("write an email to the letting agent for the family about their boiler", False),
        ("my own house had mould too, but what about the baby's flat", False),
    ],
)
def test_only_the_askers_own_letter_or_home_is_their_own(text: str, own: bool) -> None:
    """A letter to "the" landlord, or a home a child or family is told of in, is a
    practitioner's for a family: a question, not an out-of-scope request."""
    assert asks_to_write_for_them(text) is own


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("is there a case where a 14 year old was married off in the summer", "forced-marriage"),
        (
            "was there a case in which a lad was made to sell drugs in another county",
            "criminal-exploitation",
        ),
    ],
)
def test_is_there_a_case_on_an_uncovered_topic_is_declined(text: str, topic: str) -> None:
    """The shape of asking for a case does not keep a topic the audits leave out from being
    declined by meaning (the shapes step leaves the classifier's intent)."""
    from bot.dialogue.nlu_components import ConversationShapes

    message = _message(text, "ask_learning")
    ConversationShapes().process([message])
    (judged,) = CoverageFlagger(TOPICS).process([message])
    assert judged.get(INTENT)["name"] == "outside_coverage"
    assert [e["value"] for e in judged.get(ENTITIES)] == [topic]
