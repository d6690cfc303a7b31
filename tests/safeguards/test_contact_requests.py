"""The grammar of asking for the urgent contacts (bot/safeguards/contact_requests.py) and where
the shapes step sends it, in wordings of our own: a contact asked for in a few words, whom to
tell or ring with a time, an area or the usual person away, a referral's route with a time,
and a printed list of the contacts; never whom to escalate to, nor "who do I tell" alone.
Where the shapes step sends them: tests/dialogue/test_nlu_components.py."""

from __future__ import annotations

import pytest

from bot.dialogue.answers.safety import school_holiday_note
from bot.dialogue.urgent_contacts import names_school_holiday
from bot.knowledge.models import UrgentContact
from bot.safeguards import safety
from bot.safeguards.contact_requests import (
    asks_for_contacts,
    asks_for_contacts_handout,
    asks_for_urgent_contacts,
    asks_whom_for_a_service,
    contacts_come_first,
    detail_not_held,
    says_usual_person_away,
)


@pytest.mark.parametrize(
    "text",
    [
        # a contact in a few words; "no" after a contact's name is its number
        "edt no pls",
        "any contacts for the city?",
        "social care number hackney",
        "urgent numbers",
        # whom to ring or tell, by anyone, with a time, an area or the usual person away
        "who should staff ring over the christmas holidays",
        "who do carers call at the weekend",
        "our safeguarding lead is on leave, who do I report a concern to",
        "can't get hold of my manager, who do i tell",
        "nobody is answering at the office, who do i go to",
        "who do u ring when its late at night",
        # a referral's route with a time, or in an area when it is a safeguarding referral
        "what is the process to make an urgent referral out of hours",
        "how does a school nurse make a safeguarding referral in the city",
        # "who I call", the "do" left out; whom to report to, in a neighbourhood, and no more
        "who we ring on christmas eve",
        "I moved to a Dalston school, who do I report to?",
        # a number or a line, with a time, an area or the worry it is for
        "what's the duty phone number for the city",
        "contact number for making a safeguarding report please",
        # who takes the calls, which team takes the referral
        "who takes child protection calls at the weekend",
        "which team do I contact for a safeguarding referral",
        # a contact named with its time or area and nothing more
        "Dalston children's services after hours",
        # where to get advice about a child, with a time, or whether to refer at all: the
        # front door's duty line gives it
        "where could we get some advice tonight about a pupil",
        "who can I get advice from about whether to refer this family?",
        "who could give me some guidance on a safeguarding concern this evening",
    ],
)
def test_a_request_for_the_contacts_in_the_grammar(text: str) -> None:
    assert asks_for_urgent_contacts(text)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # whether to refer to a service other than the front door: a practice question
        ("where can we get advice on whether to refer a sibling to CAMHS", False),
        ("who can give us guidance on whether I should refer mum for a carers assessment", False),
        ("who could I speak to for advice before making a referral to the health visitor", False),
        ("where do I seek advice on whether to refer dad to the substance misuse service", False),
        # whether to refer to the front door, or at all: its duty line's consultation
        ("who can I get advice from about whether I need to refer to the MASH", True),
        ("where could we get a steer on whether to refer to children's social care", True),
        ("where can I get some advice on whether to refer or not", True),
    ],
)
def test_advice_on_whether_to_refer_elsewhere_is_no_request(text: str, asked: bool) -> None:
    assert asks_for_urgent_contacts(text) is asked


@pytest.mark.parametrize(
    "text",
    [
        "who do I tell",  # after an answer: the answer's own next step (conv10)
        "who do I escalate to",
        "who do I escalate to if my manager is away",
        "who do i refer to for speech and language in hackney",  # a service
        "how do I make a good referral",
        "who should parents contact for support with their childs mental health",
        "who can call a professionals meeting",
        "the school nurse has emailed 3 times now, who do i go to",  # "now" is no time
        "what did the audit say about contacts with the family",
        "what is MASH",
        "what's the EDT in the city",  # the glossary's
        "which team do I contact for speech therapy",
        "who takes referrals for young carers",
        "what's the phone number for the nia project",
        "the number of referrals in hackney went up",
        "i need the number for the GP, the child is unwell",
        "number for the school nurse about a child's asthma",
        "number?",  # after an answer that named a service: that service's number
        "where can I get advice on supporting young carers",  # the learning's
        "where can parents get advice about autism",
        "where can I find guidance on writing a good referral",
        "no",
    ],
)
def test_not_a_request_for_the_contacts(text: str) -> None:
    assert not asks_for_urgent_contacts(text)
    assert not asks_for_contacts_handout(text)


@pytest.mark.parametrize(
    "text",
    [
        "a printable sheet of the safeguarding numbers for reception",
        "can I get the contacts on one page for the staffroom wall",
        "contact list for the induction pack please",
        "who to call, as a poster",
        "which contact details go on my training slides",
    ],
)
def test_a_printed_list_of_the_contacts(text: str) -> None:
    assert asks_for_contacts_handout(text)


@pytest.mark.parametrize(
    "text", ["handout on young carers", "a list of the key messages for staff", "list of cases"]
)
def test_a_handout_on_a_topic_is_not_the_contacts(text: str) -> None:
    assert not asks_for_contacts_handout(text)


def test_the_usual_person_away() -> None:
    assert says_usual_person_away("my DSL's off today")
    assert says_usual_person_away("the nursery is closed")
    assert not says_usual_person_away("the DSL said it was fine")


def _contact(name: str, hours: str) -> UrgentContact:
    return UrgentContact(
        id=name.lower().replace(" ", "-"),
        name=name,
        phone="020 0000 0000",
        when=hours,
        hours=hours,
        area="Hackney",
        source="test",
        position=0,
        review_before_go_live=False,
    )


def test_a_school_holiday_keeps_the_services_hours() -> None:
    """Half term is not a bank holiday: its weekdays are office hours, said with the hours."""
    assert names_school_holiday("over the summer holidays who do staff call")
    assert names_school_holiday("it's an INSET day and school is shut")
    assert not names_school_holiday("bank holiday monday")
    office = _contact("Front door", "Monday-Friday 09:00-17:00, not bank holidays")
    duty = _contact("Duty team", "out of hours")
    note = school_holiday_note([office, duty]).text
    assert "Monday-Friday 09:00-17:00" in note
    assert "Duty team" in note


def test_the_contacts_asked_for_before_a_topic_are_the_contacts_handout() -> None:
    assert contacts_come_first("which contact details go on my training slides about referrals")
    assert not contacts_come_first("a handout on young carers with the contacts")


@pytest.mark.parametrize(
    "said",
    [
        "the plan from last night has no grandparents numbers in it, should it",
        "we couldn't find dad's phone number at the weekend, is that a gap in the plan",
    ],
)
def test_someone_elses_numbers_with_a_time_are_not_a_request(said: str) -> None:
    """A family's numbers kept in a plan, said with when: no request for the front door."""
    assert not asks_for_urgent_contacts(said)


def test_the_front_doors_number_with_a_time_is_still_a_request() -> None:
    assert asks_for_urgent_contacts("in the city, need the social care number tonight")


@pytest.mark.parametrize(
    "text",
    [
        "who do I hand this over to at the weekend",
        "which team should we flag it up with out of hours",
        "which service do I send an urgent referral to in Hackney",
    ],
)
def test_a_worry_passed_on_is_told(text: str) -> None:
    """Passing a worry on, handing it over, flagging it up: whom to tell, in other verbs."""
    assert asks_for_urgent_contacts(text)


@pytest.mark.parametrize(
    "text",
    ["a poster of who staff should ring out of hours", "one sheet: who carers phone if worried"],
)
def test_a_printed_list_of_whom_others_call(text: str) -> None:
    assert asks_for_contacts_handout(text)
    assert contacts_come_first(text)


@pytest.mark.parametrize(
    "text",
    ["who do I ring out of hours? for a printout", "who can call a strategy meeting, as a handout"],
)
def test_ones_own_call_or_a_meeting_called_is_no_printed_list(text: str) -> None:
    assert not asks_for_contacts_handout(text)


@pytest.mark.parametrize(
    "text",
    [
        "mash no?",  # the grammar's
        "whos on call tonight",  # the safety rules' phrasing
        "is there a helpline, I'm worried about a child",
        "who do I tell about a childminder",  # neither: a topic the audits do not cover
        "what is MASH",
    ],
)
def test_one_reader_of_contact_requests(text: str) -> None:
    """The safety rules ask the grammar's reader: one answer to "is this a request"."""
    assert safety.asks_for_contacts(text) is asks_for_contacts(text)
    if asks_for_urgent_contacts(text):
        assert asks_for_contacts(text)


@pytest.mark.parametrize(
    "text, asked",
    [
        ("how can we reach childrens services in Dalston", True),
        ("how would staff get in touch with the duty team?", True),
        ("how do I refer to CSC - by phone?", True),
        ("the social care front door, how do we ring them", True),
        ("how do I refer to social care if the parents refuse consent", False),
        ("how does social care get in touch with parents", False),
    ],
)
def test_how_to_reach_the_front_door_by_its_role(text: str, asked: bool) -> None:
    """How to reach children's social care or a duty team is their number; how to refer with
    a reason given is a practice question."""
    assert asks_for_urgent_contacts(text) is asked


@pytest.mark.parametrize(
    "text, asked",
    [
        ("how long should my notes be, writing them up tonight", False),
        ("do we need to log every word she said today", False),
        ("need the duty social worker tonight", True),
        ("how do I get someone out tonight", True),
    ],
)
def test_how_much_or_whether_one_needs_to_is_no_request(text: str, asked: bool) -> None:
    """A time with "how much" or "do I need to" asks about practice, not whom to call."""
    assert asks_for_contacts(text) is asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # a detail of a front door named, before or after it, in a word or a few
        ("tel + email, edt and hackney social care?", True),
        ("could you list the ways in to the duty team and the EDT", True),
        ("the city childrens services address please", True),
        ("emergency duty team's phone no.", True),
        ("what are the ways in for the city of london", True),
        ("ways in which hackney schools support young carers", False),
        ("the EDT line manager told us to wait", False),
        # its name's meaning, what it does, or what came of reaching it: not the contacts
        ("what does FAST stand for in the number line", False),
        ("the number of contacts to the MASH this year", False),
        ("does social care address bruising in babies?", False),
        ("a parent rang the EDT line and says they were rude", False),
        ("EDT?", False),
    ],
)
def test_a_front_doors_detail(text: str, asked: bool) -> None:
    assert asks_for_urgent_contacts(text) is asked


def test_a_detail_the_contacts_do_not_hold_is_said_to_be_missing() -> None:
    assert detail_not_held("have you got an e-mail for the duty team") == "email"
    assert detail_not_held("phone number for the duty team") is None


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # the front door needed, with a time: a call to make
        ("I need childrens social care right now, it's Sunday", True),
        ("must reach the duty team tonight", True),
        ("need social care, half term, who", True),
        # whether it is needed, or what it should do: a practice question
        ("would this family need the duty team tonight?", False),
        ("I need social care to visit the home today", False),
        ("we don't need the duty team tonight, she is home safe", False),
    ],
)
def test_the_front_door_needed_with_a_time(text: str, asked: bool) -> None:
    assert asks_for_urgent_contacts(text) is asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # the time belongs to what is told: when the conduct happens, not when to call
        ("a tutor has been texting a year 9 boy late at night, who do we tell", False),
        ("the coach keeps sending her messages in the evenings, where do i report this", False),
        # the asker's own moment, or a time of now, still makes it a call to make
        ("a tutor has been texting a year 9 boy, who do we tell tonight", True),
        ("who do we tell at night about a child at risk", True),
    ],
)
def test_a_time_of_what_is_told_is_no_moment_to_call(text: str, asked: bool) -> None:
    assert asks_for_contacts(text) is asked


@pytest.mark.parametrize(
    "text",
    [
        # children's services by whom they are for, with a time or an area
        "hackney child svcs evening number",
        "kids social services line, weekends?",
        "the childrens duty for the city, what's their number",
        # the safeguarding people, or the social worker, by their role or hours
        "how can I reach the child protection lot after hours",
        "how do we get hold of the safeguarding folks over the weekend",
        "out of hrs sw for the city please",
        "is there an emergency social worker around on sundays",
        # whoever takes a statutory step, at a time; someone at the council
        "who deals with a section 47 at 2230",
        "who handles police protection on a bank holiday",
        "who at the local authority do I ring tonight about a 6 year old",
        "need someone from childrens services during the night, who",
        # who is on, whether someone is on call, or someone to ring about a child
        "christmas eve, whos on for kids",
        "are there any social workers on call for hackney",
        "is there anybody I could ring at midnight about a baby",
        "which children's team takes calls overnight",
        "whos the right contact for a child at 7pm",
        "it's 11pm, a teenager can't go home, I ring who",
        "who do i bleep about a child overnight",
        "24 hour number for child safeguarding?",
    ],
)
def test_a_contact_described_not_named(text: str) -> None:
    """A contact asked for by what it does, whom it is for or when (issue 20): no name of the
    MASH, the EDT or the Children and Families Team, the urgent contacts all the same."""
    assert asks_for_urgent_contacts(text)


@pytest.mark.parametrize(
    "text",
    [
        # a statutory step, a service or a time mentioned in a practice question
        "who should attend a s47 strategy discussion",
        "who takes the lead in a section 47 enquiry tonight",
        "who takes notes at the strategy discussion",
        "should the school nurse be invited to the strategy discussion in the evening",
        "the out of hours social worker visited last night, what should I record",
        "what if kids services don't respond within 24 hours",
        "what do the safeguarding people mean by threshold",
        "is there a safeguarding team in every school",
        "does the duty team do home visits at night",
        "is there anyone I can talk to about the training in the evening",
        # someone's own calls, a child collected, a line already rung
        "dad rings the school every evening, who should take his calls",
        "who picks up the kids from school in the evening",
        "mum phoned the out of hours line last night and says they were rude",
        # a meeting's attendance, a statutory timescale, the asker's own officer or children,
        # a phone number's first digits, others' calls (round 32's review)
        "who is on at the child protection conference today",
        "whos on for the childs review meeting today",
        "who is responsible for holding the strategy discussion within 24 hours",
        "ring the mash at 0207 356 5500",
        "how do i contact our designated safeguarding officer",
        "how do i get hold of the child protection officer at school",
        "who picks up my kids from school at 3pm",
        "how do young people in hackney know who they can contact about online bullying",
    ],
)
def test_a_service_a_time_or_a_strategy_discussion_mentioned_is_no_request(text: str) -> None:
    assert not asks_for_urgent_contacts(text)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # whom to ask about the child: someone to consult, no call to make (set V)
        ("on the ward tonight, no one knows what her signs mean. who should we be asking?", False),
        ("at the clinic today with dad, he uses a talker. who do i ask about it", False),
        # whom to call at that time is still asked
        ("on the ward tonight and worried about a child, who should we call?", True),
        ("tonight who should we ask to take a 15yo whose mum wont let her back in", True),
        ("who do i ask tonight for a place of safety for him", True),
    ],
)
def test_whom_to_ask_about_a_child_is_no_call(text: str, asked: bool) -> None:
    assert asks_for_contacts(text) is asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("who help families at night if child not safe", True),
        ("if something happen to child in night, who help?", True),
        ("sunday who help when the child is in danger", True),
        ("who will help foster carer in the night if problem", True),
        ("when office is close who I must phone for the child", True),
        ("after 8 o'clock who i speak for a child worry", True),
        ("who can help us after five when the social worker gone home", True),
        ("who helps the kids with homework after school", False),
        ("who can help a family with housing problems at the weekend", False),
        ("after five years in care who helps care leavers", False),
        ("who helps young carers at weekends", False),
    ],
)
def test_who_helps_when_something_is_wrong_at_a_time(text: str, asked: bool) -> None:
    """Whom to call asked as English learnt later asks it: who helps, or whom I speak or must
    phone, at an hour told in words or o'clock, when something is wrong (set X: "after 5
    o'clock who help the foster carers ..." got a key message about foster carers)."""
    assert asks_for_urgent_contacts(text) is asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("who should parents contact after two missed appointments", False),
        ("who should parents contact when a child moves from one school to another", False),
        ("who do schools tell after three absences", False),
        ("who do social workers tell after two failed placements", False),
        ("who do i refer to after two referrals closed", False),
        ("who do we tell when the office is close to capacity", False),
        ("who should the nursery inform after four late pick ups", False),
        ("who do i call after five", True),
        ("who do i call after five, the office is shut", True),
        ("who do i tell after seven tonight", True),
        ("who do we ring after six at night", True),
        ("who do i call when the school is close", True),
    ],
)
def test_an_hour_in_words_ends_the_phrase(text: str, asked: bool) -> None:
    """An hour in words is a time only where it ends the phrase ("after five, ..."); "after
    two missed appointments" counts, and "close to capacity" is no office shut."""
    assert asks_for_urgent_contacts(text) is asked


@pytest.mark.parametrize(
    "text",
    [
        "who can help with sleep problems at night",
        "who helps with mental health problems in the holidays",
        "who can help with debt problems this evening",
        "who helps families with behaviour problems at the weekend",
        "who can help me with the concerns section of the form tonight",
        "who could help us with worries about toileting at the weekend",
    ],
)
def test_help_with_something_at_a_time_is_a_service(text: str) -> None:
    """Who helps with a problem is a service asked about, not whom to call now."""
    assert asks_for_urgent_contacts(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "at midnight who can help for a baby we worry about",
        "who can help tonight for a girl we are concerned for",
        "who help at weekend if a teen might harm himself",
    ],
)
def test_who_helps_for_a_child_worried_about_is_still_urgent(text: str) -> None:
    """A worry, a concern or harm is still something wrong when no help "with" is asked."""
    assert asks_for_urgent_contacts(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "who should I contact about a child who has seen domestic violence at home",
        "who do you contact for a kid affected by domestic abuse",
        "who do I speak to for a teenager who has been through domestic violence",
        "who do we ring for support for a young carer",
        "who do i call for play therapy",
        "which charity do we refer to for counselling for a bereaved boy",
        "where can parents go for parenting support",
        # the need alone, nothing told after it (route27's gain, kept by its review)
        "who do we contact for counselling for a boy who has been bereaved",
        "who do i ring for a kid affected by domestic violence?",
    ],
)
def test_whom_to_contact_for_a_need_a_service_meets_is_the_service(text: str) -> None:
    """Someone described by what they have witnessed or been through, or a kind of support,
    asked for with nothing that makes it a call: a service's, never the urgent contacts."""
    assert asks_whom_for_a_service(text) is True
    assert asks_for_contacts(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "who do I contact, a child is being hurt",
        "who do I contact for a child at risk",
        "who do I contact for a child who is being abused",
        "who do I contact for a child who has been abused",
        "who do i contact for a child who just witnessed dad hit mum",
        "who do I ring for a child who has witnessed domestic violence tonight",
        "who do I contact for a kid who saw domestic abuse, in hackney",
        "worried about a girl who's witnessed domestic abuse, who do I contact",
        "who do I contact for a boy who witnessed domestic abuse and is scared to go home",
        "who do I call for support for a child at risk",
        "who do i ring for childrens social care",
        "my DSL is off, who do I call for a pupil who saw violence at home",
    ],
)
def test_a_contact_asked_with_danger_a_worry_or_a_call_to_make_stays_urgent(text: str) -> None:
    """Harm done now or to the child, a worry, a time, an area, the front door or the usual
    person away: the urgent contacts, whatever need is named."""
    assert asks_whom_for_a_service(text) is False
    assert asks_for_contacts(text) is True


@pytest.mark.parametrize(
    "text",
    [
        # danger told after the need a service meets (review of route27)
        "who do I ring for a boy who has seen domestic violence, his stepdad is outside the house",
        "who should I contact for a girl affected by domestic abuse, her mum has been knifed",
        "who do I call for a kid who witnessed domestic violence and his dad has a blade",
        "who do I contact for a teen who has seen domestic abuse and is bleeding from his head",
        "who do we ring for a pupil who has witnessed domestic abuse who is too scared to go home",
        "who do I contact for a child affected by domestic violence who has a cut on his lip",
        "who do i call for support for a pupil who has swallowed a load of tablets",
        "who do I contact for support for a young carer, her dad has passed out on the floor",
        "who do I ring for a family affected by domestic abuse with no safe place to stay tonight",
        "who do I contact for support for a household where the dad keeps a shotgun",
        "who do I call for a boy who has seen domestic violence, his stepdad is still at home",
        "who do I ring for a boy who saw his stepdad choke his mum, he refuses to go home",
        "who do I contact for a girl who heard her stepdad say he would kill her mum",
        "who do I ring for a boy affected by his mum's drinking, she is driving him home drunk",
        "who do I contact for support for a boy who has told me he wants to end his life",
        "who do I contact for immediate support for a young carer",
        "who do we call for a child who saw a shooting",
        "who do I contact for a child who witnessed a murder",
    ],
)
def test_whom_to_contact_for_a_need_with_danger_or_more_told_is_the_urgent_contacts(
    text: str,
) -> None:
    """Danger, an urgent need, help asked for now, violence witnessed or anything at all told
    after the need a service meets: the urgent contacts, never the service's learning alone."""
    assert asks_whom_for_a_service(text) is False
    assert asks_for_contacts(text) is True
