"""The NLU pipeline's rule components, on real Rasa messages: the model never sees an
identifier, and the rules at the end still see the message as typed."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.encoder import MESSAGE_VECTOR, shared_encoder, vector_from
from bot.names import (
    COVERAGE_TOPIC_ENTITY,
    DANGER_POSSIBLE,
    DETAIL_INTENT,
    FALLBACK_INTENT,
    FOLLOW_UP_INTENT,
    HOW_TO_ESCALATE_INTENT,
    IDENTIFIER_KINDS,
    IDENTIFIERS_INTENT,
    IMMEDIATE_RISK_INTENT,
    LEARNING_INTENT,
    NEED_HELP_INTENT,
    OUT_OF_COVERAGE_INTENT,
    OUT_OF_SCOPE_INTENT,
    RISK_MENTIONED,
    URGENT_CONTACTS_INTENT,
)
from bot.safeguards.nlu_components import (
    IdentifierMasker,
    SafetyFlagger,
    _a_pattern_seconded_weakly,
)
from bot.safeguards.urgent_retrieval import THRESHOLDS, Label, Nearest, nearest
from bot.settings import ENV_KNOWLEDGE_DIR, load_settings


def classified(text: str, intent: str = LEARNING_INTENT, topic: str | None = None) -> Message:
    """`topic`: the uncovered topic the coverage step named beside the intent."""
    message = Message(data={TEXT: text})
    IdentifierMasker().process([message])
    if topic is not None:
        message.set(ENTITIES, [{"entity": COVERAGE_TOPIC_ENTITY, "value": topic}])
    ranking = [{"name": intent, "confidence": 0.9}]
    message.set(INTENT, ranking[0], add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    SafetyFlagger().process([message])
    return message


def test_the_model_sees_the_question_without_its_identifiers() -> None:
    message = Message(
        data={TEXT: "mum is called Jade and lives at 12 Fernbank Road, she won't share info"}
    )
    IdentifierMasker().process([message])
    assert message.get(TEXT) == "mum is called and lives at , she won't share info"


def test_the_rules_still_see_the_identifiers_and_the_output_holds_only_their_kinds() -> None:
    message = classified("jayden smith keeps turning up hungry to nursery")
    assert message.get(INTENT)["name"] == IDENTIFIERS_INTENT
    output = message.as_dict(only_output_properties=True)
    assert output[IDENTIFIER_KINDS] == ["name"]
    assert "jayden" not in str(output).lower()
    assert output[INTENT_RANKING_KEY][1]["name"] == LEARNING_INTENT  # for the hand-over


def test_danger_typed_with_identifiers_is_urgent_and_the_output_still_holds_their_kinds() -> None:
    """The urgent advice warns about the details too: the actions see the text without them."""
    message = classified("Kayden Moss at 8 Rectory Road says his stepdad has a knife right now")
    assert message.get(INTENT)["name"] == IMMEDIATE_RISK_INTENT
    output = message.as_dict(only_output_properties=True)
    assert output[IDENTIFIER_KINDS] == ["name", "address"]
    assert "kayden" not in str(output).lower()


@pytest.mark.parametrize(
    "text",
    [
        "hang on, kayla at reception says a 12yo is outside alone at midnight near the "
        "estate, who do i phone",
        "hang on a sec. 9 year old left home alone overnight, mum not back, neighbour is "
        "amira. who do i ring at this hour",
    ],
)
def test_whom_to_call_with_a_danger_possible_and_a_name_gets_the_contacts(text: str) -> None:
    """The warning about identifiers, and the learning after it, took the place of the
    contacts asked for while a child may be in danger ("hang", read as a name then, is a word
    now: the names here are names)."""
    message = classified(text)
    assert message.get(INTENT)["name"] == URGENT_CONTACTS_INTENT
    assert message.as_dict(only_output_properties=True)[IDENTIFIER_KINDS] == ["name"]


def test_training_examples_are_masked_as_messages_are() -> None:
    data = TrainingData(
        [Message(data={TEXT: "Amelia Smith keeps missing school", INTENT: LEARNING_INTENT})]
    )
    IdentifierMasker().process_training_data(data)
    assert data.training_examples[0].get(TEXT) == "keeps missing school"


def test_button_payloads_are_left_as_they_are() -> None:
    payload = '/ask_learning{"key_message":"young-carers"}'
    message = Message(data={TEXT: payload})
    IdentifierMasker().process([message])
    assert message.get(TEXT) == payload


def test_an_explicit_request_for_the_route_reaches_the_route_finder() -> None:
    assert (
        classified("camhs and the sw disagree, how do i escalate this").get(INTENT)["name"]
        == HOW_TO_ESCALATE_INTENT
    )
    assert classified("what is disguised compliance").get(INTENT)["name"] == LEARNING_INTENT


def test_text_that_only_starts_with_a_slash_still_gets_the_safety_rules() -> None:
    from bot.names import IMMEDIATE_RISK_INTENT
    from bot.safeguards.nlu_components import is_payload

    assert (
        classified("/ she is in danger right now, he has a knife").get(INTENT)["name"]
        == IMMEDIATE_RISK_INTENT
    )
    assert is_payload('/ask_learning{"key_message":"young-carers"}') and is_payload("/restart")
    assert not is_payload("/ask_learning{not json") and not is_payload("/ jayden smith")


def test_the_message_is_encoded_once_and_its_vector_reaches_the_parse_output() -> None:
    """The urgent model's vector goes to the action server (bot/encoder.py), of the text the
    model saw: without the name, as the parse output's own text."""
    output = classified("jayden smith keeps turning up hungry to nursery").as_dict(
        only_output_properties=True
    )
    assert output[TEXT] == "keeps turning up hungry to nursery"
    vector = vector_from(output, output[TEXT])
    assert vector is not None
    assert np.array_equal(vector, shared_encoder().encode([output[TEXT]])[0])
    assert vector_from(output, "jayden smith keeps turning up hungry to nursery") is None
    assert "jayden" not in str(output[MESSAGE_VECTOR]).lower()


def test_a_topic_the_audits_do_not_cover_asked_whom_to_tell_keeps_its_decline() -> None:
    """Declined as a topic the audits do not cover, and asking whom it goes to with nothing
    urgent said: the decline after the urgent line (its numbers), not the urgent block (set F:
    a childminder's practice, an unregistered school, who makes an NRM referral). Said now, or
    a number asked for, it is the urgent contacts."""
    declined = classified("who do I report a youth club volunteer to?", OUT_OF_COVERAGE_INTENT)
    assert declined.get(INTENT)["name"] == OUT_OF_COVERAGE_INTENT
    assert declined.get(RISK_MENTIONED)
    urgent = classified(
        "who do I call tonight about a youth club volunteer", OUT_OF_COVERAGE_INTENT
    )
    assert urgent.get(INTENT)["name"] == URGENT_CONTACTS_INTENT


def test_danger_said_not_to_be_happening_now_gets_the_answer_after_the_urgent_line() -> None:
    """ "it's not happening now" with a question: answered after the urgent line, typos and
    all ("wat do i do"), never the urgent block instead (set F, a conversation's first turn)."""
    told = classified("a boy at my club says his dad hits him. its not happening now. wat do i do")
    assert told.get(INTENT)["name"] == LEARNING_INTENT
    assert told.get(RISK_MENTIONED)


def test_danger_said_not_to_be_there_without_a_question_gets_the_answer_not_the_block() -> None:
    """Told, not asked: "not in danger just exhausted" said outright is never the urgent block
    alone (set K: a young carer "not in danger, just exhausted", a child who "wants to die
    sometimes, not today"). Asking whom to call keeps the contacts."""
    for told in (
        "his dad hits him when he drinks and he does all the cooking. not in danger, just worn out",
        "she says she has thought of ending it, not today though, and she has a plan with camhs",
    ):
        message = classified(told)
        assert message.get(INTENT)["name"] == LEARNING_INTENT, told
        assert message.get(RISK_MENTIONED), told
    asked = classified("not an emergency but who do i ring tonight about a boy hit by his dad")
    assert asked.get(INTENT)["name"] == URGENT_CONTACTS_INTENT


def test_a_worry_over_time_told_without_a_question_gets_the_answer_after_the_urgent_line() -> None:
    """A situation told as a pattern ("keeps missing", "not taking her", "looks after her
    mum"), nothing happening now, which only the model over danger examples scores as danger
    (0.54-0.63 here): its answer after the one urgent line, not the urgent block alone (set G:
    a practice situation with a child's details got the block). Something happening now in
    the same words keeps the block."""
    for told in (
        "girl of 10 looks after her mum who uses crack, mum is often asleep in the day",
        "baby , , parents not taking her to any of her checks",
        "newborn, mum keeps missing the midwife visits and the baby is never seen",
    ):
        message = classified(told)
        assert message.get(INTENT)["name"] == LEARNING_INTENT, told
        # the urgent line with it when the model over examples reads danger in it; taught by
        # the released sets, it reads "parents not taking her to any of her checks" as practice
        assert message.get(RISK_MENTIONED) or nearest(told).label is not Label.DANGER, told
    now = classified("girl of 10 looks after her mum who has just collapsed and isnt breathing")
    assert now.get(INTENT)["name"] == IMMEDIATE_RISK_INTENT


def test_danger_named_only_to_be_denied_gets_the_answer_after_one_urgent_line() -> None:
    """Issue 20: a denial of danger now ("nobody ... at risk this evening") in a practice
    question: never the urgent block alone; a risk the rules name beside its denial
    ("cutting ... not acute tonight") keeps the one urgent line it had."""
    message = classified(
        "nobody in that house is at risk this evening, should the school nurse see the plan"
    )
    assert message.get(INTENT)["name"] == LEARNING_INTENT
    named = classified(
        "he's been self harming since spring, nothing acute tonight, who else to involve"
    )
    assert named.get(INTENT)["name"] == LEARNING_INTENT
    assert named.get(RISK_MENTIONED)


def test_a_worry_told_in_passing_keeps_its_answer_or_decline_never_the_block_alone() -> None:
    """Issue 20: how a worry is told (bot/safeguards/worry.py), a professional's conduct, the
    practitioner's own busy shift: the answer or the decline, after at most one urgent line.
    The same stance with a danger told now keeps the urgent block."""
    conduct = classified(
        "the football coach keeps messaging one of the under 14s on his own phone late at night",
        OUT_OF_COVERAGE_INTENT,
    )
    assert conduct.get(INTENT)["name"] == OUT_OF_COVERAGE_INTENT
    shift = classified(
        "what should I put in the notes when a teen tells me about cutting, "
        "it's manic in here tonight"
    )
    assert shift.get(INTENT)["name"] == LEARNING_INTENT
    now = classified("heads up, dad is at the door with a knife right now")
    assert now.get(INTENT)["name"] == IMMEDIATE_RISK_INTENT


@pytest.mark.parametrize(
    ("told", "topic"),
    [
        (
            "a girl of 13 has been living with a neighbour of her gran since spring, dad abroad",
            "private-fostering",
        ),
        (
            "some older lads are now dealing from the flat of a man with learning difficulties",
            "criminal-exploitation",
        ),
        (
            "year 10 boy sharing videos about a holy war and has dropped his old friends",
            "radicalisation",
        ),
    ],
)
def test_a_topic_the_audits_do_not_cover_told_as_a_scene_gets_its_decline_alone(
    told: str, topic: str
) -> None:
    """Issue 19 item 5: a topic the audits do not cover, told as what goes on with nothing
    before someone now, gets the plain decline (its own 999 line and where to look), whatever
    the urgent model reads in it; set T's radicalisation, cuckooing and private fostering
    scenes got the urgent block."""
    message = classified(told, OUT_OF_COVERAGE_INTENT, topic)
    assert message.get(INTENT)["name"] == OUT_OF_COVERAGE_INTENT
    assert not message.get(RISK_MENTIONED)


def test_an_aside_naming_no_one_to_call_is_no_contact_request() -> None:
    """Put aside as out of scope, with a day and a place but no time to call, contact, whom,
    where or area of ours: not the urgent contacts (set T: a weather question before visits)."""
    message = classified(
        "is it going to be icy on saturday in london, I drive to visits", OUT_OF_SCOPE_INTENT
    )
    assert message.get(INTENT)["name"] == OUT_OF_SCOPE_INTENT


def test_a_time_asked_with_nothing_to_reach_at_it_is_no_contact_request() -> None:
    """Put aside as out of scope, with a day and an opening time but no contact, way to call,
    whom, where, child or worry: whatever the model over examples reads in a day asked about
    (set U: a train's Sunday hours got the contacts for Sunday)."""
    text = "what time does the swimming pool close on a sunday"
    assert nearest(text).label is Label.CONTACTS  # the model alone reads a contact's hours
    assert classified(text, OUT_OF_SCOPE_INTENT).get(INTENT)["name"] == OUT_OF_SCOPE_INTENT


def test_the_masking_step_is_known_to_rasas_cache_by_what_masks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rasa restores a step's output from its cache by config and inputs: the masker's
    fingerprint must change with the words it knows (here, the knowledge's) and not with
    where the project lies, or a retraining learns text masked by old rules."""
    knowledge = tmp_path / "copy" / "knowledge"
    shutil.copytree(load_settings().knowledge_dir, knowledge)
    before = IdentifierMasker.fingerprint_addon({})
    monkeypatch.setenv(ENV_KNOWLEDGE_DIR, str(knowledge))
    assert IdentifierMasker.fingerprint_addon({}) == before
    glossary = next(knowledge.rglob("*.yml"))
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n# a new word\n", "utf-8")
    assert IdentifierMasker.fingerprint_addon({}) != before


def test_the_classifier_alone_reading_danger_in_an_uncovered_topic_gets_its_decline() -> None:
    """The classifier's immediate_risk, with no danger the rules or the urgent model see, on a
    topic the coverage step named as not covered: the decline after one urgent line, not a key
    message (set S: a mother's own past FGM). Without a topic named, the answer as before."""
    named = classified(
        "a mum at clinic says she was circumcised as a child abroad, what must I do",
        IMMEDIATE_RISK_INTENT,
        topic="fgm",
    )
    assert named.get(INTENT)["name"] == OUT_OF_COVERAGE_INTENT
    assert named.get(RISK_MENTIONED)
    plain = classified("referred twice, came back NFA, what do I do?", IMMEDIATE_RISK_INTENT)
    assert plain.get(INTENT)["name"] == LEARNING_INTENT
    assert plain.get(RISK_MENTIONED)


@pytest.mark.parametrize(
    "text",
    [
        # silence and no answer at a door are the danger, and calm that has been is not calm
        # now (the round 34 review: each got one urgent line and a practice answer)
        "knocked for 20 minutes, nothing happening, toddler crying inside on his own",
        "its gone all quiet in there, the 9yo locked himself in the bathroom with razor blades",
        "baby was screaming for an hour, now everythings quiet and nobody is answering the door",
        "home is quiet, mum is passed out on the sofa and i cant wake her, baby 4 months crying",
        "things have been calm for months but dad just turned up drunk with a knife",
        "things are calm right now but he said he will come back tonight and kill her and the kids",
    ],
)
def test_quiet_or_calm_that_was_keeps_the_urgent_advice(text: str) -> None:
    assert classified(text, IMMEDIATE_RISK_INTENT).get(INTENT)["name"] == IMMEDIATE_RISK_INTENT


def test_a_pattern_only_the_classifier_read_as_danger_is_a_practice_worry() -> None:
    """A worry told as a pattern over time, with no scene now, that only the classifier read
    as danger and the model over examples seconded below its own threshold of danger (set W's
    home visits always put off): answered after one urgent line, not the urgent block. The
    model sure of danger, the rules seeing it, or a scene now keep the block."""
    pattern = "the twins are never brought to clinic and mum keeps cancelling the health visitor"
    weak = Nearest(None, {Label.DANGER: 0.4, Label.CONTACTS: 0.0, Label.PRACTICE: 0.6})
    sure = Nearest(Label.DANGER, {Label.DANGER: 0.6, Label.CONTACTS: 0.0, Label.PRACTICE: 0.4})
    assert _a_pattern_seconded_weakly(pattern, False, weak)
    assert not _a_pattern_seconded_weakly(pattern, True, weak)
    assert not _a_pattern_seconded_weakly(pattern, False, sure)
    scene = (
        "mum keeps cancelling the health visitor and she has just collapsed, the twins are alone"
    )
    assert not _a_pattern_seconded_weakly(scene, False, weak)


@pytest.mark.parametrize(
    "text",
    [
        "who do we ring for a pupil who has seen domestic abuse",
        "who do i call for a kid affected by domestic violence at home",
        "who do we ring for play therapy",
        "who can i contact for speech and language therapy",
    ],
)
def test_whom_to_contact_for_a_need_a_service_meets_keeps_its_learning(text: str) -> None:
    """The safety step's early return for a service's need: its learning, not the contacts;
    read unsure by the classifier ("who do I contact for play therapy"), the learning too,
    which names the service (README, "Escalation routes"), not candidates."""
    assert classified(text).get(INTENT)["name"] == LEARNING_INTENT
    assert classified(text, FALLBACK_INTENT).get(INTENT)["name"] == LEARNING_INTENT


@pytest.mark.parametrize(
    "text",
    [
        "who do we ring for a pupil who has witnessed domestic abuse who is too scared to go home",
        "who do I contact for a child affected by domestic violence who has a cut on his lip",
        "who do I call for a boy who has seen domestic violence, his stepdad is still at home",
        "who do we ring for a pupil who has seen domestic abuse, her stepdad has a knife",
    ],
)
def test_danger_told_after_a_need_a_service_meets_is_never_the_learning_alone(text: str) -> None:
    """The safety step's early return for a service's need does not take a message telling
    more than the need: the urgent contacts or block, or at least the urgent line (review of
    route27: the learning alone, no 999 line at all)."""
    message = classified(text)
    assert message.get(INTENT)["name"] in (
        URGENT_CONTACTS_INTENT,
        IMMEDIATE_RISK_INTENT,
    ) or message.get(RISK_MENTIONED)
    urgent = classified(text, URGENT_CONTACTS_INTENT)
    assert urgent.get(INTENT)["name"] in (URGENT_CONTACTS_INTENT, IMMEDIATE_RISK_INTENT)


def test_danger_the_model_alone_sees_beside_a_service_need_keeps_the_urgent_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whom to contact for a need a service meets, read as sure danger by the model over
    examples alone: the urgent block, never the learning after one line (review of route27:
    the service reading made asks_for_contacts False, which let the danger branch downgrade)."""
    import bot.safeguards.nlu_components as safety_step

    class SeesDanger:
        def nearest(self, *args: object) -> Nearest:
            return Nearest(
                Label.DANGER, {Label.DANGER: 0.7, Label.CONTACTS: 0.1, Label.PRACTICE: 0.2}
            )

    monkeypatch.setattr(safety_step, "urgent_examples", lambda: SeesDanger())
    message = classified("who do we ring for a pupil who has seen domestic abuse")
    assert message.get(INTENT)["name"] == IMMEDIATE_RISK_INTENT


@pytest.mark.parametrize("intent", [OUT_OF_COVERAGE_INTENT, "ask_follow_up", LEARNING_INTENT])
def test_harm_just_done_with_the_child_still_there_is_marked_whatever_the_intent(
    intent: str,
) -> None:
    """Read as a follow-up, a learning question or a topic not covered, harm happening now
    still gets the urgent advice first: the block, or its line before the reply."""
    message = classified("does it cover a child who was just hit and is still there", intent)
    assert message.get(INTENT)["name"] == IMMEDIATE_RISK_INTENT or message.get(RISK_MENTIONED)


@pytest.mark.parametrize(
    "intent", [LEARNING_INTENT, FALLBACK_INTENT, NEED_HELP_INTENT, FOLLOW_UP_INTENT]
)
def test_whom_to_phone_asked_with_a_name_and_a_birth_date_gets_the_contacts_and_the_warning(
    intent: str,
) -> None:
    """The rules, not the classifier alone: whatever intent the model read, the contacts come
    (the identifiers warning after them, bot/dialogue/identifiers_warning.py)."""
    message = classified("ok and for Toby Marsh born 12/09/2014, who should i phone", intent)
    output = message.as_dict(only_output_properties=True)
    assert message.get(INTENT)["name"] == URGENT_CONTACTS_INTENT
    assert output[IDENTIFIER_KINDS] == ["name", "date_of_birth"]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("whose line is this?", DETAIL_INTENT),
        ("which agency is that number for?", FOLLOW_UP_INTENT),
    ],
)
def test_whose_a_number_is_keeps_its_meaning_not_the_contacts(text: str, intent: str) -> None:
    assert classified(text, intent).get(INTENT)["name"] == intent


def test_called_off_with_no_danger_named_gets_its_answer_without_an_urgent_line() -> None:
    called_off = classified(
        "its not happening now, I only want to know in general", IMMEDIATE_RISK_INTENT
    )
    output = called_off.as_dict(only_output_properties=True)
    assert called_off.get(INTENT)["name"] == LEARNING_INTENT
    assert not output.get(RISK_MENTIONED) and not output.get(DANGER_POSSIBLE)


@pytest.mark.parametrize(
    "text",
    [
        "not urgent, but a fire has started in the bins by the nursery",
        "its not happening now, though a man with a bat is walking round the estate",
        "not an emergency, but the staffie next door got into the garden and bit a toddler",
    ],
)
def test_called_off_beside_a_danger_with_no_person_word_keeps_the_urgent_advice(text: str) -> None:
    """The calling-off lets the urgent line go only when nothing else is told: a fire, an
    animal or a weapon told beside it keeps the urgent advice first."""
    message = classified(text, IMMEDIATE_RISK_INTENT)
    output = message.as_dict(only_output_properties=True)
    assert (
        message.get(INTENT)["name"] == IMMEDIATE_RISK_INTENT
        or output.get(RISK_MENTIONED)
        or output.get(DANGER_POSSIBLE)
    )


@pytest.mark.parametrize(
    "text", ["not urgent, just wondering", "its not an emergency, I was only curious"]
)
def test_called_off_with_only_asking_words_gets_no_urgent_line(text: str) -> None:
    message = classified(text, IMMEDIATE_RISK_INTENT)
    output = message.as_dict(only_output_properties=True)
    assert message.get(INTENT)["name"] == LEARNING_INTENT
    assert not output.get(RISK_MENTIONED) and not output.get(DANGER_POSSIBLE)


def _reads(monkeypatch: pytest.MonkeyPatch, danger: float, contacts: float) -> None:
    """The model over examples fixed to read every message so (its threshold decides the
    label), for the safety step's own decisions on what it reads."""
    import bot.safeguards.nlu_components as safety_step

    label = (
        Label.CONTACTS
        if contacts >= THRESHOLDS[Label.CONTACTS]
        else (Label.DANGER if danger >= THRESHOLDS[Label.DANGER] else None)
    )
    scores = {Label.DANGER: danger, Label.CONTACTS: contacts, Label.PRACTICE: 0.1}

    class Fixed:
        def nearest(self, *args: object) -> Nearest:
            return Nearest(label, scores)

    monkeypatch.setattr(safety_step, "urgent_examples", lambda: Fixed())


@pytest.mark.parametrize(
    "text",
    ["can you recap the learning briefly", "sum up the main points again please", "key messages?"],
)
def test_the_answer_asked_again_is_no_sign_of_danger(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Set AC: the key messages asked again in short during a walk-through got the urgent line
    and candidates, the model over examples alone reading a sign of danger (0.3-0.5)."""
    _reads(monkeypatch, danger=0.4, contacts=0.0)
    message = classified(text)
    assert not message.get(DANGER_POSSIBLE) and not message.get(RISK_MENTIONED)
    assert message.get(INTENT)["name"] == LEARNING_INTENT


@pytest.mark.parametrize(
    "text",
    [
        "recap the key messages, dad is punching her right now",
        "the learning again please, the baby is not breathing",
        "just the main points, a girl beside me says she will end her life",
    ],
)
def test_the_answer_asked_beside_a_danger_keeps_urgent_advice(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _reads(monkeypatch, danger=0.4, contacts=0.0)
    message = classified(text)
    assert message.get(INTENT)["name"] == IMMEDIATE_RISK_INTENT or message.get(DANGER_POSSIBLE)


def test_the_answer_asked_is_urgent_when_the_model_is_sure(monkeypatch: pytest.MonkeyPatch) -> None:
    _reads(monkeypatch, danger=0.6, contacts=0.0)
    message = classified("the key messages in short")
    assert message.get(DANGER_POSSIBLE) or message.get(INTENT)["name"] == IMMEDIATE_RISK_INTENT


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("a bar by london fields for our team xmas drinks?", OUT_OF_SCOPE_INTENT),
        ("any good curry houses by the barbican for our leaving do on friday", OUT_OF_SCOPE_INTENT),
        # nothing but an area and a day: that day's contacts
        ("hackney new years day", URGENT_CONTACTS_INTENT),
        ("city of london on good friday?", URGENT_CONTACTS_INTENT),
        ("hackney over the bank holiday", URGENT_CONTACTS_INTENT),
        ("hackney saturday", URGENT_CONTACTS_INTENT),
        # a request, a child or a follow-up beside the place and the day: the contacts
        ("anyone on in hackney over christmas", URGENT_CONTACTS_INTENT),
        ("hackney on christmas day, who picks up", URGENT_CONTACTS_INTENT),
        ("a child near dalston junction on friday night, who do i call", URGENT_CONTACTS_INTENT),
    ],
)
def test_a_place_and_a_day_put_aside_as_out_of_scope_ask_no_contacts_alone(
    text: str, intent: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Set AC: a venue for a team's festive night out, put aside as out of scope, got the
    contacts on the model over examples' word alone; an area and a day alone keep them."""
    _reads(monkeypatch, danger=0.0, contacts=0.5)
    assert classified(text, OUT_OF_SCOPE_INTENT).get(INTENT)["name"] == intent
