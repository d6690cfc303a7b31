"""Immediate-risk detection: urgent advice must come first when a child is in danger now."""

from __future__ import annotations

import pytest
import yaml

from bot.one_request import one_request
from bot.safeguards import safety
from bot.safeguards.safety import (
    RISK_PATTERNS,
    RiskAssessment,
    about_the_emergency,
    asks_a_short_follow_up,
    asks_a_what_if,
    asks_for_contacts,
    asks_for_named_contact,
    asks_only_whom_to_tell,
    asks_practice_question,
    asks_to_look_up_records,
    asks_whom_to_call_now,
    assess_immediate_risk,
    denies_only_a_safety_worry,
    names_a_way_to_call,
    names_an_urgent_need,
    names_only_a_time,
    normalise,
    normalise_all,
    says_danger_has_passed,
    says_danger_is_over,
    says_not_urgent,
    tells_a_pattern,
    tells_a_scene_now,
)
from tests.support import DATA

CASES = DATA / "risk_cases.yml"
MIN_RECALL = 0.95
MAX_FALSE_POSITIVE_RATE = 0.05


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("he is in immediate danger", "immediate_danger"),
        ("she's scared to go home tonight", "afraid_to_go_home"),
        ("he doesn't want to go home", "afraid_to_go_home"),
        ("dad threatened to kill her", "threat_to_harm"),
        ("he's going to kill himself", "suicide_or_self_harm"),
        ("she wants to end her life", "suicide_or_self_harm"),
        ("she has taken an overdose", "suicide_or_self_harm"),
        ("he is on the bridge", "suicide_or_self_harm"),
        ("she keeps talking about jumping", "suicide_or_self_harm"),
        ("he keeps talking about ending it", "suicide_or_self_harm"),
        ("she told me she's been thinking of ending it", "suicide_or_self_harm"),
        ("he is being beaten by his brother", "being_hurt"),
        ("her uncle is sexually abusing her", "sexual_abuse"),
        ("the boy has a knife", "weapon"),
        ("she ran away tonight", "missing_now"),
        ("the kids were left alone at home", "left_alone"),
        ("mum is drunk and the baby is with her", "carer_intoxicated"),
        ("she said he's going to hurt me", "child_disclosure"),
        ("she thinks he's taken a load of her tablets", "suicide_or_self_harm"),
        ("a man grabbed her and dragged her into a car", "abduction"),
        ("mum has taken the baby off the ward against medical advice", "removed_before_checked"),
        ("dad took his son out of A&E against advice before the x-ray", "removed_before_checked"),
        ("the children are alone, mum is out", "left_alone"),
        ("three kids out at 1am, they say there's no one at home", "left_alone"),
        ("he's been kicked out and is sleeping rough tonight", "nowhere_safe_to_stay"),
        ("dad keeps shaking the baby to make him stop crying", "being_hurt"),
        ("her stepmum shook the little one hard in the corridor", "being_hurt"),
        ("mum is trying to take him home before the doctor sees him", "removed_before_checked"),
        ("the uncle insists on going with her before the police arrive", "removed_before_checked"),
        ("dad has taken the newborn off the unit against medical advice", "removed_before_checked"),
        ("neighbour heard gunshots at the flat, the kids are in there", "weapon"),
        ("smoke pouring out of the flat and the children are still inside", "fire_or_break_in"),
        ("her ex has broken in and the kids are upstairs", "fire_or_break_in"),
        ("the baby went limp in my arms", "being_hurt"),
        (
            "she disclosed abuse this morning, the abuser is picking her up at 3",
            "collected_by_who_harmed",
        ),
        (
            "bruises on his arms, he points at his uncle who is here to take him",
            "collected_by_who_harmed",
        ),
    ],
)
def test_each_group_triggers(text: str, group: str) -> None:
    assessment = assess_immediate_risk(text)
    assert assessment.at_risk
    assert group in assessment.matched


@pytest.mark.parametrize(
    "text",
    [
        "HE IS SCAERD TO GO HOME TONITE",
        "she is afriad to go hme",
        "he's sucidal and on the roof",
        "she theatened to kill the baby",
    ],
)
def test_tolerates_typos_and_case(text: str) -> None:
    assert assess_immediate_risk(text).at_risk


@pytest.mark.parametrize(
    "text",
    [
        "what did the audit say about self-harm",
        "how do I support a young person with suicidal thoughts",
        "what should I do if a child says they are scared to go home?",
        "how do schools respond to young people carrying knives?",
        "tell me about the Erika case",
        "mum had a history of overdoses years ago",
        # missing lessons or appointments, not a missing child (decline8, after set H)
        "he is missing college most weeks to care for his dad",
        "she's missing appointments again, is that neglect",
    ],
)
def test_learning_questions_and_past_events_do_not_trigger(text: str) -> None:
    assert assess_immediate_risk(text) == RiskAssessment(at_risk=False, matched=())


def test_a_specific_child_inside_a_question_still_triggers() -> None:
    """Choice documented in bot.safeguards.safety: a named present risk outranks question
    phrasing."""
    assert assess_immediate_risk(
        "how do I help, my pupil says she is going to kill herself"
    ).at_risk
    assert assess_immediate_risk("what do I do? he's suicidal").at_risk


def test_matched_names_are_group_names() -> None:
    assessment = assess_immediate_risk("dad has a knife and threatened to kill her tonight")
    assert set(assessment.matched) <= set(RISK_PATTERNS)
    assert assessment.matched == ("threat_to_harm", "weapon")


def test_labelled_set_recall_and_false_positives() -> None:
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    positives, negatives = cases["positives"], cases["negatives"]
    assert len(positives) >= 60 and len(negatives) >= 60
    missed = [text for text in positives if not assess_immediate_risk(text).at_risk]
    flagged = [text for text in negatives if assess_immediate_risk(text).at_risk]
    assert 1 - len(missed) / len(positives) >= MIN_RECALL, missed
    assert len(flagged) / len(negatives) <= MAX_FALSE_POSITIVE_RATE, flagged


@pytest.mark.parametrize(
    ("text", "over"),
    [
        ("he hurt her badly last year and is in prison now, how do we help the children", True),
        ("the toddler was found on the street in the summer, what should the plan say", True),
        ("she is settled now after the overdose, who should be at the review", True),
        # or still to come: a risk to plan for, not a child in danger now
        ("her uncle is taking her abroad next summer for a ceremony, worried, what do i do", True),
        ("family are planning his marriage overseas and he is 15. what do I do", True),
        # background to a danger that may be now, or said outright to be now
        ("history of attempts, didn't come back from leave and it's dark", False),
        ("hurt last year and he is back tonight, she is scared", False),
        ("a baby left alone in the flat", False),
    ],
)
def test_danger_placed_in_the_past_is_told_from_danger_now(text: str, over: bool) -> None:
    assert says_danger_is_over(text) is over


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("what do I do now", True),
        ("she's still not answering the door", True),
        ("police are on the way", True),
        ("which number do I ring", True),
        ("he's back and shouting", True),
        ("which case", False),
        ("how I can refer her?", False),
        ("what age they take?", False),
        ("police went in, child safe now. anything in the audits about neglect", False),
    ],
)
def test_what_goes_on_about_an_emergency_is_told_from_a_new_question(
    text: str, about: bool
) -> None:
    assert about_the_emergency(text) is about


@pytest.mark.parametrize(
    "text",
    [
        "a pupil keeps a blade in his bag, must we report it to the police?",
        "dad has a conviction for assault, do I have to tell the school?",
    ],
)
def test_a_duty_asked_about_is_a_practice_question(text: str) -> None:
    """Asked whether one must tell the police, not asking for the police: answered, after
    the urgent line (set F: a knife carried "for protection" got the urgent block)."""
    assert asks_practice_question(text)


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("the lad says it is his duty to fight for them, who do we tell?", False),
        ("what is our duty to report this to the police?", False),
        ("the statutory duty of care for schools, who has it?", False),
        ("is there a duty social worker in the city today?", True),
        ("who is the duty this afternoon?", True),
        ("can i get our duty team on the phone", True),
    ],
)
def test_a_duty_owed_is_no_duty_team(text: str, urgent: bool) -> None:
    """A duty someone owes ("his duty", "our duty to report", "duty of care") is no call to make
    now; the duty team or social worker is (set Y: a boy told that fighting abroad was "their
    duty" got the urgent contacts instead of the decline of radicalisation)."""
    assert asks_whom_to_call_now(text) is urgent


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("my duty won't answer, who else do i ring", True),
        ("how do i reach your duty after 5", True),
        ("our duty keeps ringing out, who do i tell instead", True),
        ("our duty isn't answering, who should i tell", True),
        ("got no reply from their duty, who do i tell", True),
        ("who do i tell, their duty or ours?", True),
        ("does their duty cover the weekend?", True),
        ("what's my duty here, who do i tell", False),
        ("what is my duty if a pupil tells me, who do i tell", False),
        ("she says it is her duty. who do i tell about that?", False),
    ],
)
def test_a_possessive_duty_is_owed_only_where_it_ends_a_clause(text: str, urgent: bool) -> None:
    """The duty team in "our duty isn't answering", wanted now; a duty owed in "it is her duty."
    or "what is my duty" (risk26 made every "my/our/their duty" owed, and contact requests lost
    the contacts)."""
    assert asks_whom_to_call_now(text) is urgent


@pytest.mark.parametrize(
    "text",
    [
        "nmbr for the mash?",
        "after hours CSC - who?",
        "OOH duty - who",
        "mash num",
        "sunday. social care contact?",
        "how do i do an urgnt referal to socail care",
        "where do i send an urgant refferal",
    ],
)
def test_contacts_asked_for_in_typos_and_shorthand(text: str) -> None:
    assert asks_for_contacts(text)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("duty sw?", True),
        ("On-call manager?", True),
        ("whos the emergency duty team tonight?", True),
        ("on call social worker for hackney?", True),
        ("the duty sw said no?", False),
        ("is there an on call manager in the audits?", False),
        ("social care?", False),
    ],
)
def test_a_role_on_duty_named_alone_as_a_question_asks_for_it(text: str, asked: bool) -> None:
    assert asks_for_contacts(text) is asked


@pytest.mark.parametrize(
    "text",
    [
        "what did the audit say about parents who take a child home against medical advice",
        "how do we talk to parents about the risks of shaking a baby",
    ],
)
def test_removing_or_shaking_asked_about_in_general_does_not_trigger(text: str) -> None:
    assert not assess_immediate_risk(text).at_risk


@pytest.mark.parametrize(
    "text",
    [
        "he has walked with a limp since the accident, should school refer?",
        "fire safety advice for foster carers with a toddler",
        "mum's car was broken into last month and she's anxious, is that relevant to the plan",
    ],
)
def test_a_limp_fire_safety_or_a_past_break_in_is_not_danger_now(text: str) -> None:
    assert not assess_immediate_risk(text).at_risk


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("who do I report a youth club volunteer to?", False),
        ("referral for a private fostering arrangement, who handles those", False),
        ("who do i call tonight about a child", True),
        ("number for the duty team", True),
        ("EDT?", True),
        ("who deals with police protection in the city out of hrs", True),
        ("a pupil im worried about, who do I speak to", True),
        # "ooh" said is no time; the time is OOH, or "ooh" before what it qualifies
        ("ooh what about siblings?", False),
        ("Ooh, ok. who do I report a youth club volunteer to?", False),
        ("OOH what about siblings?", True),
        ("ooh number for a private fostering arrangement", True),
        ("who covers ooh", True),
    ],
)
def test_whom_to_call_now_is_told_from_whom_a_topic_goes_to(text: str, now: bool) -> None:
    """Only a request that says now, a time, a contact or a way to call takes a topic the
    audits do not cover to the urgent contacts (nlu_components)."""
    assert asks_whom_to_call_now(text) is now


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("not acute at the moment, who should hold the safety plan?", True),
        ("she's safe and the police know. what support is there for her brother?", True),
        ("it isnt happening now, he told me yesterday", True),
        ("dad uses and she does the cooking. she's safe rn. any support for her?", True),
        ("is she safe?", False),
        ("she is not safe at home tonight", False),
        ("partner still there but not violent now she says", True),
        ("goes missing with older lads sometimes, not missing right now", True),
        ("kids left on their own a lot, nothing dramatic", True),
        ("he hasnt come home tonight and hes 12", False),
        ("not obviously violent right now, but there were past incidents", True),
        # "not only": it goes on, never a denial
        ("she has taken tablets, not only today, she is drowsy now", False),
    ],
)
def test_danger_said_outright_not_to_be_now(text: str, said: bool) -> None:
    assert says_not_urgent(text) is said


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("toddler, parents keep not taking him to his eye clinic", True),
        ("year 6 boy looks after his dad who has MS and is always tired", True),
        ("mum has been drinking for years and the house is a mess", True),
        ("baby with a new address, parents not bringing him for his jabs", True),
        # a pattern, but something happening now: never taken for a worry over time
        ("he looks after his mum and she has just collapsed", False),
        ("dad always said he'd take them and he has them in the car right now", False),
        ("a man is outside the school gate waiting for her", False),
    ],
)
def test_a_worry_that_goes_on_over_time_is_told_from_danger_now(text: str, pattern: bool) -> None:
    assert tells_a_pattern(text) is pattern


@pytest.mark.parametrize(
    ("text", "practice"),
    [
        (
            "the boy posted a picture of his injuries. am i allowed to save a copy for the record",
            True,
        ),
        ("is it okay to tell the parents before we refer", True),
        ("dad is hitting her now am i allowed to go in", False),
    ],
)
def test_asking_whether_something_is_allowed_is_a_question(text: str, practice: bool) -> None:
    assert asks_practice_question(text) is practice


@pytest.mark.parametrize(
    ("text", "practice"),
    [
        ("she overdosed in the spring, she's back at school now. how do we plan her return", True),
        ("her brother hurt her before, now she avoids him, do i share this with school", True),
        ("dad slapped him at the weekend, he says hes with his aunt now. what now?", True),
        ("grandad is shouting at the kids now, do i knock", False),
        ("stepdad now taking him out of the ward, any advice", False),
        ("the uncle she named is outside to pick her up now, what to say", False),
        ("he is on the roof right now, should i ring someone", False),
        # a number or a phone asked for: the block, which holds the contacts
        ("mum hasnt come back and its late now, which number do i give the neighbour", False),
    ],
)
def test_a_bare_now_in_a_question_is_not_danger_happening_now(text: str, practice: bool) -> None:
    """A bare "now" sets a state against the past or asks what next; what someone is doing
    now, or "right now", is still danger now (issue 20: set A-K practice questions blocked)."""
    assert asks_practice_question(text) is practice


@pytest.mark.parametrize(
    ("text", "at_risk"),
    [
        ("he's missing lots of lessons and his mum is unwell, what support is there", False),
        ("she is missing out on clubs because she looks after her brother", False),
        ("they're missing appointments again, any learning", False),
        ("she's missing, nobody has seen her since this morning", True),
        ("he is missing from his placement and it's dark", True),
    ],
)
def test_a_child_missing_school_is_not_a_missing_child(text: str, at_risk: bool) -> None:
    assert assess_immediate_risk(text).at_risk is at_risk


@pytest.mark.parametrize(
    ("text", "at_risk"),
    [
        ("i suspect the little boy may be being hurt by his uncle, how do I raise it", False),
        ("i wonder if she could be being abused, nobody else sees it", False),
        ("i think he's being hurt right now, i can hear him crying through the wall", True),
        ("he is being beaten by his dad", True),
    ],
)
def test_harm_suspected_is_told_from_harm_happening_now(text: str, at_risk: bool) -> None:
    """A worry ("I think", "might be being abused") asks how to act on it; harm said to be
    happening, or happening now, is danger."""
    assert assess_immediate_risk(text).at_risk is at_risk


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # a referral to make now is a contact request
        ("who can i refer to this afternoon, a pupil has just told me her stepdad hits her", True),
        ("where should we report it today, a boy has just disclosed", True),
        ("where do i refer for a young carers assessment", False),
        # a time that says the child is safe then asks for no call
        ("who should see the updated plan? he's fine tonight", False),
        ("she's not safe tonight, who should i ring", True),
    ],
)
def test_a_referral_now_asks_for_contacts_and_safe_for_now_does_not(text: str, asked: bool) -> None:
    assert asks_for_contacts(text) is asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("FAST sent a two line letter closing the case, when can we refer again", False),
        ("what's the FAST line", True),
        ("MASH phone line please", True),
    ],
)
def test_a_one_line_letter_from_a_front_door_asks_nothing_of_it(text: str, asked: bool) -> None:
    assert asks_for_named_contact(text) is asked


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("he overdosed in march, he's well now, should school see his plan", True),
        ("the children are fine at the moment, how do I bring the family to a meeting", True),
        ("nothing is happening right now but how do i record it", True),
        ("she's fine but he's coming back tonight", False),
        ("baby is not fine now", False),
    ],
)
def test_a_child_said_to_be_well_now_is_not_urgent(text: str, said: bool) -> None:
    """The question that comes with it is answered, after one line of urgent advice."""
    assert says_not_urgent(text) is said


@pytest.mark.parametrize(
    "text",
    [
        "not immediate danger i think but im worried about the baby, mum keeps missing checks",
        "there's no immediate risk, she's with her nan, but who should be involved next?",
        "he isnt in danger at the moment but the school keep ringing about bruises",
    ],
)
def test_danger_said_not_to_be_there_is_not_danger(text: str) -> None:
    """The words of danger denied ("not immediate danger") were read as danger told: the
    urgent block alone for a worry the person had just said was not urgent."""
    assert not assess_immediate_risk(text).at_risk


@pytest.mark.parametrize(
    "text",
    [
        "is the child in immediate danger if dad is back in the house?",
        "baby in danger, dad shaking him now",
        "she is at serious risk tonight, he has a knife",
    ],
)
def test_danger_told_is_still_danger(text: str) -> None:
    assert assess_immediate_risk(text).at_risk


@pytest.mark.parametrize(
    "text",
    [
        "case 2 - what did the police do when she went missing?",
        "in the audit, how did they respond when she had been assaulted",
    ],
)
def test_an_audit_case_asked_about_is_not_a_child_in_danger_now(text: str) -> None:
    assert not assess_immediate_risk(text).at_risk


@pytest.mark.parametrize(
    "text",
    [
        "his little brother saw dad hurt mum last year, where can he get help",
        "the older sister saw it all. who should help her with that?",
        "his mum is now safe in a refuge. what therapy can he have",
    ],
)
def test_help_a_child_can_get_is_a_practice_question(text: str) -> None:
    """ "help" is a plea ("help pls") only when it is asked for, not help a child can get; what
    is "now safe" or "now in a refuge" is over."""
    assert asks_practice_question(text)


@pytest.mark.parametrize(
    ("text", "way_to_call"),
    [
        ("when is it good to call one", False),
        ("can a youth worker call a strategy meeting", False),
        ("should i call a conference", False),
        ("who do i call", True),
        ("call who?", True),
        ("mash phone number", True),
    ],
)
def test_calling_a_meeting_is_not_a_phone_call(text: str, way_to_call: bool) -> None:
    """After the professionals-meeting answer, "when is it good to call one" got the urgent
    contacts: "call" named a way to reach someone."""
    assert names_a_way_to_call(text) is way_to_call


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("how soon should we call a network meeting", False),
        ("can a nurse call one herself", False),
        ("should i call them back", True),
    ],
)
def test_calling_a_meeting_does_not_go_on_about_an_emergency(text: str, about: bool) -> None:
    """After urgent advice, a meeting asked about ("when is it good to call one", set J) is a
    new question, not more about the emergency: only a phone call is."""
    assert about_the_emergency(text) is about


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("mash or edt, it's nearly 5", True),
        ("is it the EDT or the front door at half five?", True),
        ("emergency duty team for the city", True),
        ("edt tonight pls", True),
        ("what does the EDT do", False),
        ("mash or the police?", False),
    ],
)
def test_a_contact_named_with_its_area_or_set_against_another_asks_for_it(
    text: str, asked: bool
) -> None:
    """ "EDT or MASH? it's 4.45pm" (set J) and "EDT Hackney" (set K) got what EDT stands for:
    which of two contacts to call, or a contact and its area, asks for the number."""
    assert asks_for_contacts(text) is asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("any advice line for nursery staff with a safeguarding worry?", True),
        ("need somebody to speak to, im concerned about a toddler at our setting", True),
        ("is there a number we could ring when a pupil is a worry", True),
        ("what contact numbers should our reception staff have", True),
        ("what should an advice line tell a worried parent", False),
        ("anyone I can talk to about my caseload stress", False),
        ("what numbers of children are on plans in hackney", False),
    ],
)
def test_someone_to_talk_to_about_a_worried_child_asks_for_contacts(text: str, asked: bool) -> None:
    assert asks_for_contacts(text) is asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("could you pull up the childs file on systmone", True),
        ("can you search RiO for this girl", True),
        ("do you have access to LCS", True),
        ("should i read the records before a core group", False),
        ("what did the audits say about recording on the system", False),
        ("can you check what the audit said", False),
    ],
)
def test_asking_the_assistant_to_look_up_records(text: str, asked: bool) -> None:
    assert asks_to_look_up_records(text) is asked


@pytest.mark.parametrize(
    ("text", "at_risk"),
    [
        ("he says he's not scared to go back home this weekend, is that enough to close", False),
        ("the twins are never frightened of going home, mum copes well", False),
        ("she's terrified to go home, her brother hits her", True),
        ("year 9 was caught with a blade at the station last month, what's the process", False),
        ("teenager in reception is holding a knife and shouting", True),
    ],
)
def test_a_fear_denied_or_a_weapon_already_taken_is_no_danger_now(text: str, at_risk: bool) -> None:
    assert assess_immediate_risk(text).at_risk is at_risk


@pytest.mark.parametrize(
    ("text", "not_urgent"),
    [
        ("mums partner used to shove the kids around, she tells me it has stopped", True),
        ("grandad was smacking him before, now everything is calm apparently", True),
        ("the toddler was crying for ages and now its quiet and no one opens", False),
        ("dad drinks most nights, mum copes, no danger right now, how do I support her", True),
        ("he tells me he's never afraid of going home, his brother shouts a lot", True),
        ("she stopped breathing for a second, she used to have fits", False),
    ],
)
def test_harm_told_as_before_and_stopped_is_not_urgent(text: str, not_urgent: bool) -> None:
    assert says_not_urgent(text) is not_urgent


@pytest.mark.parametrize(
    ("text", "scene"),
    [
        ("an older woman gives the girls cigarettes after school", False),
        ("family friend takes the boy to church where they pray the demons out of him", False),
        ("a man is dragging a little boy towards a van", True),
        ("i can hear a baby screaming upstairs and nobody answers", True),
        ("teen has taken a load of pills", True),
    ],
)
def test_a_topic_told_is_not_a_scene_happening_now(text: str, scene: bool) -> None:
    assert tells_a_scene_now(text) is scene


@pytest.mark.parametrize(
    ("text", "only_tell"),
    [
        ("the core group never meets and the plan is stuck, who should I tell", True),
        ("health keep cancelling the review, who do we escalate this to", True),
        ("who do I ring, I'm worried about a child", False),
        ("who do I tell, our DSL is off sick", False),
        ("who do i tell tonight about a 4yo left alone", False),
        ("who do I tell at childrens social care", False),
    ],
)
def test_whom_to_tell_with_nothing_to_call_now_is_not_a_contact_request(
    text: str, only_tell: bool
) -> None:
    assert asks_only_whom_to_tell(text) is only_tell


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("and if the school still won't reply?", False),
        ("what if the gp still disagrees", False),
        ("he's still not answering the door", True),
        ("police still not responding", True),
    ],
)
def test_professionals_who_do_not_listen_ask_the_route_not_about_an_emergency(
    text: str, about: bool
) -> None:
    assert about_the_emergency(text) is about


@pytest.mark.parametrize(
    "text",
    [
        "none of the children are in any danger tonight, but the school keep chasing me, what next",
        "he isnt at immediate risk this evening, can we wait for the review?",
        "no real danger at the moment, just drift. how do i get the plan moving",
        "nothing pressing, the boy is ok for now. what does good recording look like",
        "it's not that urgent. mum's drinking again though. who should I share it with",
        "the twins are settled tonight, do I need to tell the health visitor",
        "she seems safe at her nan's. could we ask the nan to the core group",
        "were not worried about her safety today, more the long run - what helps",
        # safety denied in other words, and times a denial is bound to (issue 20)
        "no safeguarding concerns at this stage, its about his transition. what helps",
        "no immediate concerns for the time being, how do i keep the plan going",
        "no worries about her safety so far, what does the audit say on carers",
        "nothing unsafe going on this week, how should I record the visits",
        "safety isn't the issue today, its the drift. who else should come",
        "nobody is at risk this week, do I need to share the letter",
    ],
)
def test_a_denial_of_danger_now_in_any_words_is_not_urgent(text: str) -> None:
    """A negation whose scope is danger, risk or urgency, or the child said to be safe, with
    the time it is bound to or none: the answer after one urgent line, not the urgent block;
    and its time is no moment to call or to be in danger."""
    assert says_not_urgent(text)
    assert not assess_immediate_risk(text).at_risk
    assert not names_an_urgent_need(text)


@pytest.mark.parametrize(
    "text",
    [
        # calm said of now, or the worry placed in the long term (set V: a young carer's
        # future got the urgent block, "kicking off right now" read as a harm now)
        "dad used to drink and shout. nothing going on at the moment, what support is there",
        "gran cares for him since mum's overdose, nothing kicking off today. what can school do",
        "older brother hit him in the summer, things are calm now. who should know at college",
        "she self harmed in year 9, all settled now, should the new school get the plan",
        "i'm worried about her in the long term with dad drinking, what helps",
        "no crisis, just thinking about the kids longer term, who do I involve",
    ],
)
def test_calm_now_or_a_long_term_worry_is_not_urgent(text: str) -> None:
    """A past or background risk told with calm now ("nothing going on at the moment", "all
    settled", "things are calm") or a worry for the long term: the answer after one urgent
    line, and no moment to call."""
    assert says_not_urgent(text)
    assert not assess_immediate_risk(text).at_risk
    assert not names_an_urgent_need(text)


@pytest.mark.parametrize(
    "text",
    [
        "nothing happening at the moment but now he's outside with a knife",
        "things were calm, now dad is hitting her and I can hear it",
        "long term neglect, and tonight the baby is alone in the flat",
    ],
)
def test_calm_said_beside_a_danger_now_keeps_the_danger(text: str) -> None:
    assert assess_immediate_risk(text).at_risk


@pytest.mark.parametrize(
    "text",
    [
        "not urgent i thought, but her stepdad is hitting her right now",
        "no immediate risk earlier, now he's outside with a knife",
        "she said she was safe, now she's on the roof of the car park",
        "no safety concerns this morning but now dad is hitting her",
    ],
)
def test_a_denial_does_not_take_back_a_danger_told_now_beside_it(text: str) -> None:
    assert not says_not_urgent(text)
    assert assess_immediate_risk(text).at_risk


@pytest.mark.parametrize(
    ("text", "at_risk"),
    [
        ("his sister tried to harm herself a while ago, who should know at the new school", False),
        ("a toddler who was burnt before, are repeat attendances shared with the gp?", False),
        ("the boy took an overdose some years back, does his plan need a review", False),
        # the same harm told now
        ("his sister has just tried to harm herself, she's in the toilets", True),
        ("he tried to hang himself tonight", True),
    ],
)
def test_harm_told_as_background_is_not_danger_now(text: str, at_risk: bool) -> None:
    assert assess_immediate_risk(text).at_risk is at_risk


@pytest.mark.parametrize(
    ("text", "scene"),
    [
        ("older men are hanging round the estate day and night giving the kids lifts", False),
        ("the lad is quiet and tearful in our groups, dad wants him back in the country", False),
        # the same present tense with a word of now is a scene
        ("older men are giving the kids lifts right now, one is 12", True),
    ],
)
def test_a_present_tense_that_goes_on_over_time_is_no_scene(text: str, scene: bool) -> None:
    assert tells_a_scene_now(text) is scene


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (
            "as the school nurse can i call the strategy meeting or must it be the social worker",
            False,
        ),
        ("can i call the duty social worker tonight", True),
    ],
)
def test_a_meeting_called_beside_a_contact_is_no_contact_request(text: str, asked: bool) -> None:
    assert asks_for_contacts(text) is asked


@pytest.mark.parametrize(
    ("text", "passed"),
    [
        (
            "his stepdad used to hit him but he moved out last year, should school still record it",
            True,
        ),
        ("mum's ex used to hurt her, he's left for good, do I still refer", True),
        (
            "she had a spell of self harm in the spring but she seems much better, close the plan?",
            True,
        ),
        ("my year 2 keeps kicking the other kids at playtime, is it a safeguarding thing", True),
        (
            "after dad punched the wall the family split up, kids stay with nan now, any support",
            True,
        ),
        ("she's fine, but dad is outside with a knife right now", False),
        ("dad used to hit her and he's back at the door now", False),
        ("mum says the baby is fine but I can hear him screaming", False),
        ("the kids are fine for now but mum's ex is back, who do I ring tonight", False),
        ("she left the baby with her 8 year old and has gone out", False),
    ],
)
def test_danger_said_to_have_passed_with_nothing_placed_now(text: str, passed: bool) -> None:
    """Issue 20: harm told as over ("used to", "he's left for good", living apart now), the
    child said to be better or a child who hurts others, with no danger the rules see and no
    scene told now, is a worry to answer, not the urgent block."""
    assert says_danger_has_passed(text) is passed


@pytest.mark.parametrize(
    ("text", "what_if"),
    [
        ("and if the school still refuses?", True),
        ("what if she won't agree", True),
        (
            "if he comes round tonight and kicks off at her while the kids are there what do i do",
            False,
        ),
        ("he is still refusing to let me in", False),
    ],
)
def test_a_short_what_if_is_a_follow_up(text: str, what_if: bool) -> None:
    assert asks_a_what_if(text) is what_if


@pytest.mark.parametrize(
    ("text", "practice"),
    [
        # "just" meaning merely places nothing now
        ("mum says it's just a phase, he keeps wetting the bed. should i refer", True),
        ("is it just me or is the plan drifting, dad drinks most nights", True),
        ("do i just note it in the file, she said her brother pushes her", True),
        # help for something someone has, not help pleaded for
        ("his mum wants help with her drinking, the kids are with nan now. where can she go", True),
        # "no" the word, not a number
        ("no bruises seen, just a feeling about home. should i share it with the gp", True),
        # what was just done, or where one is now, is still told now
        ("dad just threw a chair at her, what should i do", False),
        ("just at the flat and the toddler has swallowed some pills, what do i do", False),
    ],
)
def test_a_question_is_chosen_by_what_is_asked_not_by_merely_or_help_for(
    text: str, practice: bool
) -> None:
    """Issue 20 (set R): "is it just gossip", "help for his anger" and "no marks" read as a
    danger told now or a number asked for, so the practice question under them was not
    answered. Over the released sets A-R no emergency changes reading (83 of 1,848 read as
    a practice question before and after)."""
    assert asks_practice_question(text) is practice


@pytest.mark.parametrize(
    ("text", "way"),
    [
        ("whats the no for the edt", True),
        ("mash no?", True),
        ("duty no pls", True),
        ("no one answering and no adult about", False),
        ("no marks or injuries seen", False),
    ],
)
def test_no_for_a_number_is_told_from_the_word_no(text: str, way: bool) -> None:
    assert names_a_way_to_call(text) is way


@pytest.mark.parametrize(
    ("text", "at_risk"),
    [
        # a young person described by suicidal thoughts: the subject of a practice question
        ("pupil with past suicidal thoughts is moving to a new school, who should know", False),
        ("review meeting for a boy with suicidal ideation, what should the plan cover", False),
        # suicidal thoughts had or told now
        ("she is having suicidal thoughts and has a plan for tonight", True),
        ("he has just disclosed suicidal thoughts and says he has the means", True),
        # a harm told as what happens when someone is in a state
        ("his older brother hits him when he gets cross, the family call it normal", False),
        ("mum hits her when stressed and mum is with her right now", True),
        # a fear told "every time" is no habit of harm
        (
            "she has a black eye and flinches every time her uncle comes near, he collects at 3",
            True,
        ),
    ],
)
def test_a_description_or_a_habit_is_no_danger_now(text: str, at_risk: bool) -> None:
    """Issue 20: "a teen with suicidal thoughts" and "threatens to hurt herself when angry"
    (sets M and N) got the urgent block. Over A-R the rules then see danger in 61 rather than
    84 of A-Q's 1,948 practice questions that mention risk, and in the same 701 of 1,848
    emergencies."""
    assert assess_immediate_risk(text).at_risk is at_risk


@pytest.mark.parametrize(
    ("text", "scene"),
    [
        ("we've just been told a 16yo has been sleeping on a friend's floor for a month", False),
        ("just found out the 13yo has been skipping meals to feed her brother", False),
        ("just found out he is outside the school gate now with his older cousins", True),
    ],
)
def test_when_the_asker_found_out_is_not_when_it_happens(text: str, scene: bool) -> None:
    assert tells_a_scene_now(text) is scene


@pytest.mark.parametrize(
    ("text", "at_risk"),
    [
        # a harm's seriousness denied, bound to now, or a state denied with an adverb
        ("she's been cutting her arms again, nothing too serious today, any learning", False),
        ("mum says he's not usually aggressive now, how do we talk about the old incidents", False),
        ("nothing serious today he says, but she's going to kill herself tonight", True),
        ("he is violent right now and hitting her, I can hear it", True),
    ],
)
def test_seriousness_or_a_state_denied_now_is_no_danger_now(text: str, at_risk: bool) -> None:
    """Set S: "self harming a bit, nothing serious today" and "not obviously violent right
    now but there were past incidents" got the urgent block."""
    assert assess_immediate_risk(text).at_risk is at_risk


@pytest.mark.parametrize(
    "text",
    [
        "what does the mental health audit say about safety plans for a boy who self harms",
        "what did the SEND audit find about children who witnessed violence at home",
    ],
)
def test_what_a_named_audit_says_is_a_practice_question(text: str) -> None:
    assert asks_practice_question(text)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # a call someone received, told: no call asked for
        ("the nursery had a call from grandma and told social care, which case was it", False),
        ("the gp received a call from the school and rang social care, what happened next", False),
        ("who do i call at social care about a child tonight", True),
        ("call social care now?", True),
    ],
)
def test_a_call_received_is_no_call_asked_for(text: str, asked: bool) -> None:
    assert asks_for_contacts(text) is asked


@pytest.mark.parametrize(
    ("text", "now"),
    [
        # the habitual time of what a professional does, however far from the verb
        (
            "a coach keeps sending one of the under 15 girls messages late at night, who to tell",
            False,
        ),
        ("worried about a child who do i call at night", True),
        # a call in any form between the conduct and the time still asks whom to call then
        ("been worried sick so ringing someone at night ok", True),
    ],
)
def test_the_habitual_time_of_what_is_told_is_no_moment_to_call(text: str, now: bool) -> None:
    assert asks_whom_to_call_now(text) is now


@pytest.mark.parametrize(
    ("text", "follow_up"),
    [
        ("why would the dad refuse though", True),
        ("how come they closed it", True),
        ("and if the school still refuses?", True),
        ("why is nobody answering, the baby has been screaming for an hour and mum is out", False),
    ],
)
def test_a_short_why_or_what_if_is_a_follow_up(text: str, follow_up: bool) -> None:
    assert asks_a_short_follow_up(text) is follow_up


def test_many_texts_are_normalised_as_each_alone() -> None:
    """The urgent model's examples are normalised together, each distinct word once."""
    texts = ["shes unconsious and not breating", "Its URGNT - he's thretened her", "ok"]
    assert normalise_all(texts) == [normalise(text) for text in texts]
    assert normalise_all(texts)[0] == "shes unconscious and not breathing"


def test_one_message_is_normalised_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety step asks many questions of one message: inside one message each text's
    words are corrected once, with the same result; after it, nothing typed is remembered."""
    corrected: list[str] = []
    correct = safety._correct

    def counting(word: str) -> str:
        corrected.append(word)
        return correct(word)

    monkeypatch.setattr(safety, "_correct", counting)
    text = "shes unconsious and not breating"
    with one_request():
        first = normalise(text)
        assert normalise(text) == first == "shes unconscious and not breathing"
        assert normalise("ok") == "ok"
    assert len(corrected) == 6
    assert normalise(text) == first
    assert len(corrected) == 11


def test_only_a_safety_worry_denied_is_told_apart() -> None:
    """A safety worry may be denied of a place or an earlier time ("no safeguarding concerns
    at nursery before but ..."): nlu_components lets what is told now beside it stand."""
    assert denies_only_a_safety_worry("no safeguarding concerns at nursery but mum just rang")
    assert denies_only_a_safety_worry("nothing unsafe at home, what does the audit say on dna")
    assert not denies_only_a_safety_worry("not an emergency, no safety concerns, just advice")
    assert not denies_only_a_safety_worry("what does the audit say on dna")


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # a time gone by is when what is told happened, not the contact's hours asked
        (
            "EDT picked up a referral on one of our teens last saturday, what should handover be",
            False,
        ),
        ("the mash screened it last week and nobody rang us back, what does the audit say", False),
        ("what time does the EDT open on a saturday", True),
        ("girl missing since last night, EDT number?", True),
        ("is mash open over the weekend", True),
        # its closing time, not a case or referral it closes
        ("does the MASH close the phones at 5 on a friday", True),
        ("does EDT close the line at 8 on sundays", True),
        ("the MASH close the case after one visit, what does the audit say", False),
        ("FAST close her referral with a letter, what does the audit say", False),
    ],
)
def test_a_time_gone_by_asks_nothing_of_a_contact_named(text: str, asked: bool) -> None:
    assert asks_for_named_contact(text) is asked


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("what time does the swimming pool close on a sunday", True),
        ("when does the library open on bank holidays", True),
        ("is the mash open on a sunday", False),
        ("who is on at the weekend", False),
        ("what time do they close tonight, worried about a child", False),
        ("what number do i ring on a sunday", False),
        ("urgent, open on a saturday?", False),
        # a time told, or a follow-up whose meaning is the last answer's
        ("its 3am", False),
        ("and in office hours?", False),
    ],
)
def test_a_time_with_nothing_to_reach_at_it_is_only_a_time(text: str, only: bool) -> None:
    assert names_only_a_time(text) is only


@pytest.mark.parametrize(
    "text",
    [
        "does it cover a child who was just hit and is still there",
        "he has just been punched and his dad is still with him",
        "she just got kicked by her brother, he is still in the house",
        "is there guidance for a toddler just burnt by mum who is still at home",
    ],
)
def test_harm_just_done_with_the_child_still_there_is_danger_now(text: str) -> None:
    """Harm moments ago and the child still where it happened, even inside a question about
    what the audits cover: happening now, as "just now" is."""
    assert assess_immediate_risk(text).at_risk


@pytest.mark.parametrize(
    "text",
    [
        "was hit last year, still there is a worry about school",
        "she just told me she was hit at her old school years ago",
    ],
)
def test_harm_long_ago_beside_still_or_just_is_no_danger_now(text: str) -> None:
    assert not assess_immediate_risk(text).at_risk


@pytest.mark.parametrize(
    "text",
    [
        "the estranged father is in the maternity unit threatening to take the newborn",
        "ex partner turned up at the school gate threatening to snatch their daughter",
        "mum is in the car park right now threatening to take the twins",
        "grandad has just snatched his 5 year old grandson from the contact centre",
        "he tried to grab her at the nursery gate a minute ago",
    ],
)
def test_a_child_taken_or_threatened_to_be_taken_now_is_danger(text: str) -> None:
    assert assess_immediate_risk(text).at_risk, text


@pytest.mark.parametrize(
    "text",
    [
        "dad threatened to take the children abroad in the summer holidays, what powers do we have",
        "father threatened to take the kids two years ago, what does the audit say about that",
        "mum is going to take the baby to the gp tomorrow, should I go with her",
        "a girl who saw her mum being hit by dad, is early help right for her",
        "what helps children that have witnessed their mother getting beaten",
        "a 15 year old held overnight in custody without an appropriate adult, is that allowed",
        "found a 13yo wandering on his own at 2am, police have him now, what follow up is needed",
    ],
)
def test_a_plan_to_travel_harm_once_witnessed_and_a_child_with_the_police_are_no_danger_now(
    text: str,
) -> None:
    assert not assess_immediate_risk(text).at_risk, text


@pytest.mark.parametrize(
    "text",
    [
        "the boy who saw his brother being hurt is with me right now and dad is still here",
        "kids home alone and the police have been called",
        "teen missing since yesterday, police are out looking",
    ],
)
def test_what_was_seen_told_now_and_a_child_the_police_are_not_with_are_still_danger(
    text: str,
) -> None:
    assert assess_immediate_risk(text).at_risk, text


def test_a_child_alone_at_home_is_danger_whoever_else_the_police_hold() -> None:
    text = "teen in custody at the station says his baby brother is left alone at home"
    assert assess_immediate_risk(text).at_risk


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("year 9 boy keeps turning up at the nurse with stomach aches and skipping PE", True),
        ("a 12 year old who keeps coming in to reception with rashes, what do I look for", True),
        ("he keeps saying goodbye to me on the phone", False),
        ("she keeps coming in with bruises, she is in my room right now", False),
        ("a stranger keeps turning up at the youth club asking for her, he's at the door", False),
    ],
)
def test_attending_again_and_again_is_a_pattern_not_a_scene(text: str, pattern: bool) -> None:
    assert safety.tells_a_pattern(text) is pattern


@pytest.mark.parametrize(
    ("text", "danger"),
    [
        ("15 yo kicked out by her dad, staying with her aunt. who assesses her", False),
        ("lad of 17 thrown out, couch surfing at friends. whose duty to house him", False),
        ("16yo kicked out tonight, nowhere to go, sat outside the station", True),
    ],
)
def test_a_young_person_put_out_of_home_with_somewhere_to_stay_is_no_danger_now(
    text: str, danger: bool
) -> None:
    assert assess_immediate_risk(text).at_risk is danger


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("her nan minds her at weekends and nobody has spoken to nan. should we?", False),
        ("his big sister babysits them in the evenings, is she a young carer", False),
        ("which number do I use on a saturday for a teen refusing to go home", True),
    ],
)
def test_a_habit_told_in_the_present_tense_places_no_call_at_its_time(
    text: str, asks: bool
) -> None:
    assert asks_for_contacts(text) is asks


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("its not happening right now, I only wanted to know", True),
        ("not urgent, his mum shouted at him yesterday", False),
        ("not an emergency, a fire alarm keeps going off in the hostel", False),
    ],
)
def test_only_called_off_when_nothing_else_is_told(text: str, only: bool) -> None:
    assert safety.says_only_not_urgent(text) is only


@pytest.mark.parametrize(
    "text",
    [
        "dad has been arrested and the two girls are home alone",
        "the 13yo is in a cell at the station and his baby brother has been left alone",
        "police picked her up earlier but she has run off again and nobody knows where she is",
        "police held the 15 yo overnight, his 4 yo is missing from the flat",
    ],
)
def test_a_child_beside_the_one_the_police_hold_or_gone_again_is_still_danger(text: str) -> None:
    assert assess_immediate_risk(text).at_risk, text


@pytest.mark.parametrize(
    "text",
    [
        "17yo thrown out, staying with a man of 40 who gets her to meet his friends",
        "kicked out last night, sofa surfing at a flat where they are dealing",
        "kicked out by mum, crashing at a mate's and there is a knife under the bed",
    ],
)
def test_somewhere_to_stay_where_there_is_harm_is_still_danger(text: str) -> None:
    assert assess_immediate_risk(text).at_risk, text


@pytest.mark.parametrize(
    "text",
    [
        "a 15yo was arrested and kept at the station overnight, does he get an appropriate adult",
        "16 yo kicked out by stepdad, sleeping at her nan's for now, who assesses housing",
    ],
)
def test_a_child_the_police_hold_or_staying_safely_is_still_no_danger_now(text: str) -> None:
    assert not assess_immediate_risk(text).at_risk, text


@pytest.mark.parametrize(
    ("text", "danger"),
    [
        ("I'll grab the children from breakfast club now", False),
        ("he will take his son to football now", False),
        ("mum wants to grab the baby from her nan's at 5 today", False),
        ("she'll take the twins back to hers now that contact is done", False),
        ("we're trying to grab her for five minutes after assembly today", False),
        ("her ex tried to grab the toddler out of the car seat just now", True),
        ("dad is threatening to take the kids to Lagos tonight", True),
        ("she is taking the baby and says she will never bring him back", True),
    ],
)
def test_taking_a_child_is_danger_only_when_threatened_snatched_or_not_to_be_returned(
    text: str, danger: bool
) -> None:
    assert assess_immediate_risk(text).at_risk is danger, text


@pytest.mark.parametrize(
    ("text", "danger"),
    [
        ("a yp on my caseload texted me tonight: you were the only person that ever cared", True),
        ("got a snap from him saying u r the only 1 who really listened. bye", True),
        ("late sunday, a care leaver messaged 'your the only one that bothered, sorry'", True),
        # the same words as praise or as a worry told, with no farewell sent
        ("she told me in supervision last year that I'm the only one who listens to her", False),
        ("you were the only one who tried to engage the family, well done", False),
        ("what does the audit say about young people who feel nobody cares", False),
    ],
)
def test_thanks_sent_as_a_farewell_is_danger(text: str, danger: bool) -> None:
    """A young person's message thanking the one who "tried" or "cared" is a goodbye (set AC,
    after both its figures: the examples alone had put it just below a sign of danger)."""
    assert assess_immediate_risk(text).at_risk is danger


@pytest.mark.parametrize(
    "text",
    [
        "she took an OD 18 mths ago and is doing much better now, what support is there",
        "boy self harmed a few wks back, now doing well at college. anything I should do",
        "mum took too many tablets last yr; how should school check in with the siblings",
        "tried to end his life 2 yrs back, settled at his apprenticeship now, any follow up",
    ],
)
def test_harm_told_as_past_in_short_words_is_no_danger_now(text: str) -> None:
    """Set AC: a past overdose told in short words ("yrs ago", "last yr", "now doing well")
    got the urgent block; the same history in full words did not."""
    assert not assess_immediate_risk(text).at_risk, text
    assert safety.says_danger_is_over(text) or safety.says_danger_has_passed(text), text


@pytest.mark.parametrize(
    "text",
    [
        "she took an overdose 20 mins ago and is drowsy",
        "overdosed 2 yrs ago and has taken another overdose right now",
        "he took an overdose last night, now doing well? no, he's not waking up",
        "she just started cutting herself and is bleeding heavily",
        "15yo missing since last wk, she's there now with the man",
    ],
)
def test_harm_told_now_beside_a_past_is_still_danger(text: str) -> None:
    assert assess_immediate_risk(text).at_risk, text


@pytest.mark.parametrize(
    "text",
    [
        # pills just taken, or taken again, beside a past overdose, short words or full
        "overdosed 3 yrs ago and she has just swallowed another one",
        "took an overdose 3 years ago and has just taken another one",
        "od'd a few mths back and has just taken a packet of paracetamol",
        "had an od last year and shes taken 20 ibuprofen, texted me from the park",
        # harm going on, beside harm told as past
        "dad punched him last yr and he is punching him now",
        "stepdad hit her 2 years ago and he is hitting her again",
        "self harmed months ago and now is cutting again and bleeding heavily",
        # a state now beside a past: unconscious, bleeding
        "overdosed last month, much better now, yet he is unconscious in the toilets",
        "self harmed 6 mths ago, doing ok now, but she is bleeding a lot",
        # harm just done, or someone with a weapon placed now, beside a past one
        "in care 2 yrs ago, her stepdad just attacked her with a knife",
        "his cousin was stabbed last yr, now a lad with a blade and is outside the school now",
    ],
)
def test_harm_happening_now_outweighs_harm_told_as_past(text: str) -> None:
    """Review of round 41: harm happening now beside harm told as past ("yrs ago", "last
    year") lost the urgent block; any present harm outweighs the history."""
    assert assess_immediate_risk(text).at_risk, text


@pytest.mark.parametrize(
    ("text", "told", "is_now"),
    [
        ("girl, 14, won't leave our office for home - it is 8pm, who do we phone", "8pm", True),
        ("its now gone 11pm and mum hasnt collected her", "11pm", True),
        ("it's 18:30 and the taxi never came for him", "18:30", True),
        ("its 7.30pm, nan has not turned up for her", "7.30pm", True),
        ("it is 4.55pm and the foster carer cant be reached", "4.55pm", True),
        ("19:45 now and no one has collected the twins", "19:45", True),
        ("who do i ring at 10 tonight if he comes back", "10 tonight", False),
        ("who should i call on sunday about this", "sunday", False),
        ("today is a bank holiday, dad is drunk and shouting at the kids", "a bank holiday", True),
    ],
)
def test_the_time_the_asker_says_it_is_or_will_call_at(text: str, told: str, is_now: bool) -> None:
    """Set AC: the time it is, told beside a danger, was ignored for the server's clock;
    the time told decides office hours or out of hours (the time it is as today's)."""
    assert safety.time_told(text) == safety.TimeTold(told, is_now)


@pytest.mark.parametrize(
    "text",
    [
        # when it happened, not now nor a call to make
        "found her outside the station at 2am, who do i call",
        "attended a domestic call at 4am, whats the learning",
        "it has been 3 years since the last referral",
        # a call time beside "now" is no reason to wait
        "mum is hitting him now, should i ring on tuesday",
    ],
)
def test_no_time_told_to_wait_for(text: str) -> None:
    assert safety.time_told(text) is None


def test_a_call_time_beside_a_danger_now_is_ignored_but_the_time_it_is_kept() -> None:
    """Review of round 41: "should I call on Monday" beside a danger now got Monday's office
    hours; a danger is reported now, at the time the asker says it is."""
    assert safety.time_told("he beat her, can i report it on monday", danger_now=True) is None
    told = safety.time_told("its 9pm, he beat her, can i report it on monday", danger_now=True)
    assert told == safety.TimeTold("9pm", is_now=True)


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("somewhere nice for the office christmas do?", False),
        ("the easter fair at the children's centre", False),
        ("who is on call over christmas", True),
        ("number for hackney at easter", True),
    ],
)
def test_a_festival_is_a_time_to_call_unless_it_names_an_occasion(text: str, urgent: bool) -> None:
    assert safety.asks_whom_to_call_now(text) is urgent
