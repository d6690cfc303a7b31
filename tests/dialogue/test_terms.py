"""Questions about what a glossary term is, told from practice questions that use it."""

from __future__ import annotations

import pytest

from bot.dialogue.terms import (
    Term,
    asked_term,
    asked_terms,
    asks_for_updates,
    asks_term_in_practice,
    briefings,
    gatherings_asked,
    load_terms,
    terms_named,
    uses_term,
)
from bot.settings import PROJECT_ROOT

TERMS = load_terms(PROJECT_ROOT / "knowledge")


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("what does EDT stand for?", "EDT"),
        ("whats a tac meeting", "TAC"),
        ("ELFT??", "ELFT"),
        ("sorry, what's CYPS", "CYPS"),
        ("meaning of PLO", "PLO"),
        ("what is a CP plan", "CP plan"),
        ("explain DNAs", "DNA"),
        ("who are DVIP", "DVIP"),
        ("quick q - what does LAC mean, our new starter wondered", "LAC"),
        ("last one: SEN", "SEN"),
        ("ok and NFA?", "NFA"),
        ("send - what does it stand for exactly", "SEND"),
        ("tell me what nia is", "Nia"),
        ("what's case fc about", "Case FC"),
        ("whats the wiki profile thing you mentioned", "Wiki"),
        ("who are the children and families team", "Children and Families Team"),
        ("what's the complex care forum and when was it used", "complex care forum"),
        # named in passing, then asked about as "it": the last term named before the asking
        (
            "the college keeps a Wiki for one of our pupils who doesn't speak, what is it exactly?",
            "Wiki",
        ),
        ("a parent said there'll be a TAC next week. what's that and do I go", "TAC"),
        ("our GP lead uses HARK with some mums, what is it?", "HARK"),
        ("the LD nurse and the specialist college both mentioned a 'wiki'. what is that", "Wiki"),
    ],
)
def test_asking_what_a_term_is(text: str, term: str) -> None:
    found = asked_term(text, TERMS)
    assert found is not None and found.term == term


@pytest.mark.parametrize(
    "text",
    [
        "what does the audit say about CIN plans",
        "should I refer to MASH or call the police",
        "what is disguised compliance",
        "how fast should I refer",
        "send me the handout",
        "MASH, should I ring them today?",
        "TAC meeting keeps getting cancelled, what now",
        "whats the number for the nia project",
        "which case had the gp using hark, whats the learning",
        "what's the learning on online safety for teenagers",
        # "it" asked about as something else: what it is like, what a case was, a number asked
        # many words after the term
        "she has a CP plan, what is it like for her at home",
        "the one with the LAC boy who lost his short breaks - what was it",
        "on the EDT phone tonight and I need the number for the City of London team, what is it",
        "we had a TAC. what is it about this family that keeps us stuck",
        # "what is it then": what is going on, after a complaint, not what the term means
        "the school did a TAC and invited no one from health, what is it then",
        "they called a CIN meeting with a day's notice, what's this then?",
    ],
)
def test_a_question_that_uses_a_term_is_not_about_the_term(text: str) -> None:
    assert asked_term(text, TERMS) is None


def test_a_term_is_used_as_written_or_spelt_out() -> None:
    send = next(term for term in TERMS if term.term == "SEND")
    assert uses_term("the SEND audit", send)
    assert uses_term("Special Educational Needs and Disabilities", send)
    assert not uses_term("please send the letter", send)


def test_every_term_says_what_it_stands_for_or_what_its_source_or_service_says() -> None:
    for term in TERMS:
        assert isinstance(term, Term)
        assert term.stands_for or term.meaning or term.service, term.id
        assert term.source.strip(), term.id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("whats cin vs cp again", ["CIN", "CP"]),
        ("What is CSC and CIN and LAC, I must explain to new staff", ["CSC", "CIN", "LAC"]),
        ("difference between a CP plan and a CIN plan?", ["CP plan", "CIN"]),
    ],
)
def test_a_message_asking_several_terms_gets_each_in_its_order(
    text: str, expected: list[str]
) -> None:
    assert [term.term for term in asked_terms(text, TERMS)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("whats the diff between lac and cin", ["LAC", "CIN"]),
        ("is a CP plan the same as a CIN plan?", ["CP plan", "CIN"]),
        ("how is FAST different from MASH", ["FAST", "MASH"]),
        ("TAC v core group - what's the difference", ["TAC", "core group"]),
        ("are EDT and MASH the same thing", ["EDT", "MASH"]),
        ("PLO versus s47 - whats the difference", ["PLO", "s47"]),
        ("compare ICPC and strategy meeting", ["ICPC", "strategy meeting"]),
    ],
)
def test_the_difference_between_two_terms_asks_about_both(text: str, expected: list[str]) -> None:
    assert [term.term for term in asked_terms(text, TERMS)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is a statement the same thing as an EHCP", ["EHCP"]),
        ("EHCP vs statement?", ["EHCP"]),
        ("what does the audit say about EHCP statements", []),  # no difference asked
        ("difference between an EHCP and a transition plan", []),  # its entry never says it
    ],
)
def test_a_difference_with_what_the_terms_entry_names_asks_about_the_term(
    text: str, expected: list[str]
) -> None:
    """The other thing compared may be no term of its own but one the term's entry names (the
    EHCP's says a statement of special educational needs was transferred to one)."""
    assert [term.term for term in asked_terms(text, TERMS)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("would a TAC work for a family who never answer the door", "TAC"),
        ("could a core group help here", "core group"),
        ("what's the extra familial risk panel for?", "Extra Familial Risk Panel"),
        ("when should I take a case to the complex care forum", "complex care forum"),
        ("is it worth calling an ICPC for this", "ICPC"),
        ("whats the point of a strategy meeting", "strategy meeting"),
        ("what is the virtual school actually for", "Virtual School"),
        ("she missed her SEND assessment again - would a TAC help", "TAC"),
    ],
)
def test_a_term_asked_about_in_practice(text: str, expected: str) -> None:
    assert [term.term for term in asks_term_in_practice(text, TERMS)][:1] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "what does the audit say about CIN plans",
        "should I refer to MASH or call the police",
        "TAC meeting keeps getting cancelled, what now",
        "when would I refer to CAMHS",
        "mum wont engage with the TAC, what do the audits say",
        "how do we get the GP to come to the core group",
        "what does the school nursing service actually do for kids on cp plans",
        "what does MAP stand for in the mh audit",
        "whats a wiki profile for non verbal young people",
        "what ages does the young carers project work with",
    ],
)
def test_a_practice_question_that_uses_a_term_does_not_ask_about_it(text: str) -> None:
    assert asks_term_in_practice(text, TERMS) == []


def test_the_most_specific_term_named_comes_first() -> None:
    named = terms_named("the CAMHS complex care forum", TERMS)
    assert [term.term for term in named] == ["complex care forum", "CAMHS"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what does PLO mean in the mental health audit", ["PLO"]),
        ("whats EHCP stand for in the SEND report", ["EHCP"]),
        ("what does MASH mean in case 4", ["MASH"]),
        ("in that one what does TAC stand for", ["TAC"]),
    ],
)
def test_where_a_term_is_used_is_not_asked_about(text: str, expected: list[str]) -> None:
    assert [term.term for term in asked_terms(text, TERMS)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "what does child in need mean in case 3",
        "whats child in need mean in case 2?",
        "define child in need in case 4",
        "what does child in need stand for in the mental health audit?",
        "in the SEND report, what does child in need mean",
    ],
)
def test_a_term_with_in_inside_is_not_cut_for_a_place(text: str) -> None:
    """Only a place phrase ending (or opening) the clause is set aside, never the "in" of a
    term of several words."""
    term = Term("child-in-need", "child in need", None, "Section 17.", "Children Act 1989")
    assert asked_terms(text, [term]) == [term]


@pytest.mark.parametrize(
    "text",
    [
        "is that from the mental health audit or the send one",
        "what did the family support service do in the mental health audit",
        "when was the CAMHS complex care forum used in the audits",
    ],
)
def test_a_place_is_set_aside_only_when_the_meaning_is_asked(text: str) -> None:
    assert asked_terms(text, TERMS) == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        # a local name ending in a kind of body, typed as its initials or other words with a
        # kind after them (issue 19 item 6)
        ("what is the HPT service?", "Hackney Play Therapy Service"),
        ("whats the extra familial risk meeting", "Extra Familial Risk Panel"),
        ("what's the complex care panel", "complex care forum"),
        ("sorry what is an efr meeting", "Extra Familial Risk Panel"),
    ],
)
def test_a_local_name_by_its_initials_or_other_words_with_a_kind_after_them(
    text: str, term: str
) -> None:
    found = asked_term(text, TERMS)
    assert found is not None and found.term == term


@pytest.mark.parametrize(
    "text",
    [
        "what is a CAF meeting",  # "Children and Families" is no proper name's initials
        "what is a young carers assessment",  # an assessment is not a body
        "what is the EFR",  # initials only name a body beside its kind
    ],
)
def test_initials_or_words_without_a_body_name_no_local_name(text: str) -> None:
    assert asked_term(text, TERMS) is None


@pytest.mark.parametrize(
    "text",
    [
        # a team, service or project typed with another kind is another body: Hackney's
        # service is not the City of London's Children and Families Team (an urgent contact)
        "who runs the hackney children and families service, what do they do",
        "what is the islington children and families service?",
        "whats a family support group",
        "what's a young carers group for",
        "what is the hackney play therapy team",
    ],
)
def test_a_team_service_or_project_is_never_named_with_another_kind(text: str) -> None:
    assert terms_named(text, TERMS) == []


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("is there a newsletter I can sign up to", True),
        ("how do we stay up to date with the partnership's learning", True),
        ("best way to keep on top of updates?", True),
        # a topic of its own, or updates in a case: not the briefings
        ("any updates on young carers?", False),
        ("mum keeps me updated on his appointments", False),
        ("how do i keep up w updates on this stuff", True),
        # a topic-ish word, or a bare "up to date", "sign up", "keep track": not the briefings
        ("are our audits up to date?", False),
        ("how can we keep on top of our work", False),
        ("where can i sign up", False),
        ("updates?", False),
        ("is that learning up to date?", False),
        ("whats the best way to keep track", False),
    ],
)
def test_keeping_up_with_what_is_new_asks_for_the_briefings(text: str, asks: bool) -> None:
    assert asks_for_updates(text) is asks


def test_the_briefings_are_the_local_names_whose_service_is_one() -> None:
    assert [term.term for term in briefings(TERMS)] == ["Things You Should Know"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "13yo has gone missing overnight three times since may, is there a panel for it",
            ["Extra Familial Risk Panel"],
        ),
        (
            "any panel in the city for young people at risk of exploitation",
            ["Extra Familial Risk Panel"],
        ),
        (
            "camhs offer feels pitched at the wrong level of need, which forum takes that",
            ["complex care forum"],
        ),
    ],
)
def test_a_panel_asked_for_by_what_it_is_for_is_the_one_the_glossary_says_it_of(
    text: str, expected: list[str]
) -> None:
    """Round 39 (set AA's "is there a panel for this stuff"): the local panels and forums whose
    entry says a rare word of the message ("missing", "exploitation" via its risk, "level")."""
    assert [term.term for term in gatherings_asked(text, TERMS)] == expected


@pytest.mark.parametrize(
    "text",
    [
        # a panel the knowledge names for nothing the message says: none is made up
        "is there a panel for children with autism in hackney",
        "is there a panel for this",
        "boy in case 3 of the 2 audits, any panel?",
        # no panel or forum asked for
        "she went missing twice, what does the learning say",
        "what meeting should I call for a child who keeps going missing",
        # round 39's review: a word of a panel's entry said of no child, or an escalation
        "the GP keeps missing our strategy meetings, is there a forum to escalate that",
        "the health visitor keeps missing core groups, is there a forum for that",
        "what forum should I go to for escalation between professionals",
        "any panel for sexual assault cases",
        "is there a forum to escalate when camhs say the level of need is too low for her",
    ],
)
def test_no_panel_is_given_when_none_is_asked_or_none_is_said_of_it(text: str) -> None:
    assert gatherings_asked(text, TERMS) == []


@pytest.mark.parametrize(
    "text",
    [
        # the everyday word, then "what is this": not the team
        "the last month went by so fast. what is this feeling called",
        "she eats too fast, what is that about",
        "we tried to map out who lives at home. what is it",
        "things escalated fast - what is that called",
    ],
)
def test_a_term_that_is_also_a_word_is_not_read_from_the_word(text: str) -> None:
    assert asked_terms(text, TERMS) == []
    assert terms_named(text, TERMS) == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        # in capitals, asked about alone, or beside a word of what it stands for
        ("it went to FAST last week, what is it", "FAST"),
        ("what is fast", "FAST"),
        ("fast?", "FAST"),
        ("whats the fast team", "FAST"),
        ("what's a map meeting", "MAP"),
        ("hark - what is it", "HARK"),
    ],
)
def test_a_term_that_is_also_a_word_is_the_term_when_asked_or_written_so(
    text: str, term: str
) -> None:
    assert [found.term for found in asked_terms(text, TERMS)] == [term]


def test_only_terms_that_are_also_words_are_marked_so() -> None:
    marked = {term.term for term in TERMS if term.also_a_word}
    assert {"FAST", "MAP", "HARK", "SEND", "Things You Should Know"} <= marked
    # letters no one reads as a word keep being found in lower case anywhere
    assert not marked & {"CIN", "LAC", "CP", "MASH", "CAMHS"}
    assert [term.term for term in terms_named("the cin plan was closed", TERMS)] == ["CIN"]


@pytest.mark.parametrize(
    "text",
    [
        "could you send me the contacts list",
        "send the slides to my team please",
        "things you should know before a home visit",
    ],
)
def test_send_and_other_everyday_words_ask_for_no_term(text: str) -> None:
    assert terms_named(text, TERMS) == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("what does SEND cover", "SEND"),
        ("send needs in the early years", "SEND"),
        ("is there a things you should know briefing on autism", "Things You Should Know"),
    ],
)
def test_send_is_the_term_in_capitals_or_beside_its_meaning(text: str, term: str) -> None:
    assert term in [found.term for found in terms_named(text, TERMS)]
