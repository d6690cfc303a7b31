"""Identifier detection and redaction: the guarantee that nothing identifying is stored."""

from __future__ import annotations

import pytest

from bot.safeguards.privacy import Identifier, describe, find_identifiers, redact
from bot.safeguards.privacy.spans import NAME
from bot.tooling.privacy_report import recall_report
from tests.support import DATA

CASES = DATA / "privacy_cases.yml"
MIN_RECALL = 0.95
MAX_FALSE_POSITIVE_RATE = 0.05


def kinds_and_texts(text: str) -> list[tuple[str, str]]:
    return [(ident.kind, ident.text) for ident in find_identifiers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("contact me at amelia.smith@example.org", [("email", "amelia.smith@example.org")]),
        ("mum's mobile is 07700 900123", [("phone", "07700 900123")]),
        ("ring 07700900123", [("phone", "07700900123")]),
        ("call +44 20 7946 0123", [("phone", "+44 20 7946 0123")]),
        ("they live in E8 1DY", [("postcode", "E8 1DY")]),
        ("postcode n167ux", [("postcode", "n167ux")]),
        ("NHS number 943 476 5919", [("nhs_number", "943 476 5919")]),
        ("nhs 9434765919", [("nhs_number", "9434765919")]),
        ("DOB 14/02/15", [("date_of_birth", "14/02/15")]),
        ("born on 14 February 2015", [("date_of_birth", "14 February 2015")]),
        ("she was born 14.2.15", [("date_of_birth", "14.2.15")]),
        ("they moved to 12 Mare Street", [("address", "12 Mare Street")]),
        ("staying at 3a Well St with friends", [("address", "3a Well St")]),
        ("staying at 40 amhurst road", [("address", "40 amhurst road")]),
        ("I'm worried about Amelia Smith", [("name", "Amelia Smith")]),
        ("a boy called Tyler", [("name", "Tyler")]),
        ("Mrs Begum refused", [("name", "Mrs Begum")]),
        ("the child's name is leah", [("name", "leah")]),
        ("Jayden 14/02/2015", [("name", "Jayden"), ("date_of_birth", "14/02/2015")]),
        ("Mum (Keisha) says the baby fell", [("name", "Keisha")]),
        ("dob 3 Sept 2014", [("date_of_birth", "3 Sept 2014")]),
        # typed on a phone: lower case, cues, titles in any case, schools, streets, words
        ("kayla brennan keeps coming in hungry", [("name", "kayla brennan")]),
        ("dad is called rocco and he drinks", [("name", "rocco")]),
        ("baby marnie has a bruise", [("name", "marnie")]),
        ("we call him dex", [("name", "dex")]),
        ("MR OKONKWO refused", [("name", "MR OKONKWO")]),
        ("she's at brampton primary", [("school", "brampton primary")]),
        ("they moved to the Pembury Court Estate", [("address", "Pembury Court Estate")]),
        ("lives on lauriston rd now", [("address", "lauriston rd")]),
        # a street of any name, told by the postcode district after it
        (
            "the family at 9 Hoxton Wharf Mews N1 won't engage",
            [("address", "9 Hoxton Wharf Mews N1")],
        ),
        ("staying at 31 Shacklewell Green E8 for now", [("address", "31 Shacklewell Green E8")]),
        (
            "born on the twelfth of march twenty twelve",
            [("date_of_birth", "twelfth of march twenty twelve")],
        ),
    ],
)
def test_finds_each_kind(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds_and_texts(text) == expected


def test_spans_point_into_the_original_text() -> None:
    text = "Amelia Smith, DOB 14/02/2015, lives at 12 Mare Street E8 1DY"
    identifiers = find_identifiers(text)
    assert [i.kind for i in identifiers] == ["name", "date_of_birth", "address", "postcode"]
    for ident in identifiers:
        assert text[ident.start : ident.end] == ident.text
    assert identifiers[0] == Identifier(kind="name", start=0, end=12, text="Amelia Smith")


def test_unformatted_ten_digit_number_needs_a_valid_check_digit() -> None:
    assert kinds_and_texts("case reference 1234567890") == []
    assert kinds_and_texts("reference 9434765919") == [("nhs_number", "9434765919")]


def test_a_mistyped_nhs_number_is_still_caught_after_an_nhs_cue() -> None:
    assert kinds_and_texts("NHS no: 1234567890") == [("nhs_number", "1234567890")]


def test_ten_digits_inside_a_code_are_no_nhs_number_unless_cued() -> None:
    """A model's fingerprint in a log line ("rpa-a7b63d5401455437") holds a valid-looking run."""
    assert kinds_and_texts("Loading model /models/rpa-a7b63d5401455437.tar.gz") == []
    assert kinds_and_texts("NHS9434765919") == [("nhs_number", "9434765919")]
    assert kinds_and_texts("ref 9434765919abc") == [("nhs_number", "9434765919")]


def test_helpline_numbers_are_not_personal_phone_numbers() -> None:
    assert kinds_and_texts("call 0808 800 5000 or 999") == []


def test_meeting_dates_are_not_dates_of_birth() -> None:
    assert kinds_and_texts("the review is on 12/03/2024") == []


@pytest.mark.parametrize(
    "text",
    [
        "what do I do if parents refuse information sharing?",
        "tell me about the Erika case",
        "mum keeps cancelling the CAMHS appointments",
        "the GP hasn't replied",
        "I work at Homerton hospital",
        "What happened to Adam, Barak, Caryn and Deshawn?",
        "Rachel's review and Case FC",
        "Is the Nia Project linked to Hackney Young Carers?",
        "Ask the Independent Chair or Children's Social Care",
        "the School Nursing Service and the Named Professional",
        "London Child Protection Procedures say to hold a Team Around the Child meeting",
        "We met on Monday in March in the City of London",
        "the SEND audit 2016-17 and the mental health audit 2019/20",
        "Speech and Language Therapy and British Transport Police",
        "3 times on the road and 2 close friends",
        "mum said dad was drinking again and the baby brother is 2",
        "will the gp share info with the school nurse at the special school",
        "who is the Named Professional for safeguarding at the trust?",
        "is 020 7683 1270 the right number for the Nia Project",
        "Which audit talks about Autism Spectrum Disorder?",
        "MASH said NFA. School is still worried.",
        "we held 3 Strategy Meetings in E8 and 2 TAC meetings",
        # a law or test named after a person names a procedure, not the person
        "can a grandmother ask the police under Sarah's Law about her daughter's new partner",
        "does Helen's Law change anything for the family",
        "are the Fraser guidelines met if she is 15 and wants the pill",
        "what does Jade\u2019s law say about parental responsibility",
    ],
)
def test_ordinary_questions_have_no_identifiers(text: str) -> None:
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # an ordinary word under a regular ending the word lists do not hold
        "dad shouts at mum and lies about it",
        "she has scratches and marks on both arms",
        # misspelt by one slip
        "mum explaned the injury as rough play",
        "baby colapsed at home",
        # "miss" the verb, not the title
        "parents miss every appointment",
        "staff could miss signs of neglect",
        # what a family member does to someone, and a number's unit after a cue
        "stepdad beat him with a belt",
        "she tried to hang herself last year",
        "baby (6 wks) seen at clinic",
    ],
)
def test_word_forms_are_not_names(text: str) -> None:
    """The word lists hold each word's plain form; a name detector reading them alone took
    "no marks" for a name (set R: 145 of 12,585 released questions had a name found, 59 now,
    most of them names indeed)."""
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("mum ruby says dad left", "ruby"),
        ("miss okafor the class teacher", "miss okafor"),
        ("dad sean hits mum", "sean"),
        ("her ex callum turned up at school", "callum"),
    ],
)
def test_names_beside_word_forms_are_still_found(text: str, name: str) -> None:
    assert kinds_and_texts(text) == [("name", name)]


@pytest.mark.parametrize(
    "text",
    [
        # what someone does with a school: a common word under a regular ending
        "stepdad keeps emailing nursery to ask who collects her",
        "mum phoned school twice today, what now",
        "he misses school most mondays",
        "nobody invites school nursing to the core group",
        # what kind of child or place: a common word with a negating prefix
        "is there learning on bruising in immobile babies or immobile infants",
        "parents say the children attend an unregistered school",
        # lower-case infants and juniors: children as often as schools
        "any guidance on premature infants going home",
        "the older juniors run the playground",
    ],
)
def test_ordinary_words_before_a_school_word_name_no_school(text: str) -> None:
    """Before a lower-case school word, a word made from a common one ("emailing", "immobile")
    names no school (set U: "contacting school" and "immobile infants" were read as schools)."""
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    ("text", "school"),
    [
        ("he moved to skinners academy in september", "skinners academy"),
        ("she is at barking abbey school", "barking abbey school"),
        ("nightingale primary rang about him", "nightingale primary"),
        ("the dsl at orchard primary is worried", "orchard primary"),
        ("her brother is at sebright infants", "sebright infants"),
        ("he started at ilford primary", "ilford primary"),
        ("her sister is at st marys infants", "st marys infants"),
        ("the head at st johns primary", "st johns primary"),
        ("the head of Ringing Hill School called", "Ringing Hill School"),
    ],
)
def test_school_names_are_still_found(text: str, school: str) -> None:
    """Names made from rarer words, or that are no English word, stay schools' names."""
    assert kinds_and_texts(text) == [("school", school)]


@pytest.mark.parametrize(
    "text",
    [
        "8yo, recurrent abdo pain, lots of gp visits, obs normal. any learning on this?",
        "ok the resi home rang, pt's mum is on her way",
        "looks after his nan cos she cant walk far",
        "kinda worried abt the yung one tbh",
        "hold on. school ringing. 9yo left at the gate, who do i call",
        "hang on, the police are here",
        "the kids watched dad beat mum for years",
        "a girl ran into the office crying this morning",
        "pupil ran off at lunch, back now",
        "dad bitten by the family dog, kids saw it",
        "she took her mum's diazepam, about 10",
        "police called, shes home now",
        "deaf child, odd bruising on the arms",
        "what's the max dose for a 6yo",
        "Worried 14 year old, keeps crying in class",
        "can a 13 year old get the pill without her parents knowing? fraser?",
        "how does gillick competence work for a 15yo",
        "found near st johns church, the boy is with me",
    ],
)
def test_shorthand_verbs_and_first_words_are_not_names(text: str) -> None:
    """Issue 20: clinical shorthand, chat spellings, a common verb after "mum" or "dad", an
    interjection and a capitalised first word were read as names (set X: "recurrent abdo pain",
    "hang on. police calling"); 54 of 16,364 released non-privacy items of A-X had a name
    found, 8 now."""
    assert [kind for kind, _ in kinds_and_texts(text)] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("mum sarah ran off with the kids", "sarah"),
        ("leon's mum won't answer", "leon's"),
        ("the kids call her nan Grace into the room", "Grace"),
        ("Isaac, aged 6, is on a cp plan", "Isaac"),
        ("fraser is 14 and not in school", "fraser"),
        ("her name is max, max is 7", "max"),
    ],
)
def test_names_beside_these_readings_are_still_found(text: str, name: str) -> None:
    assert name in [found for kind, found in kinds_and_texts(text) if kind == "name"]


def test_a_person_named_beside_a_law_is_still_found() -> None:
    assert [kind for kind, _text in kinds_and_texts("Tom's dad asked about Sarah's Law")] == [
        "name"
    ]


def test_redact_keeps_the_question_readable() -> None:
    text = "Amelia Smith (DOB 14/02/2015) at 12 Mare Street says her dad hits her, what do I do?"
    assert redact(text) == (
        "[name removed] (DOB [date of birth removed]) at [address removed] says her dad hits her,"
        " what do I do?"
    )


def test_redact_removes_every_kind() -> None:
    text = (
        "Amelia Smith 14/02/2015, 12 Mare Street, E8 1DY, 07700 900123,"
        " a.smith@example.com, NHS 943 476 5919"
    )
    redacted = redact(text)
    for secret in (
        "Amelia",
        "Smith",
        "14/02/2015",
        "Mare",
        "E8 1DY",
        "07700",
        "example.com",
        "943 476",
    ):
        assert secret not in redacted
    assert "[NHS number removed]" in redacted and "[email removed]" in redacted


def test_redaction_is_stable_when_applied_twice() -> None:
    once = redact("Amelia Smith, DOB 14/02/2015, E8 1DY, 07700 900123")
    assert redact(once) == once
    assert find_identifiers(once) == []


def test_redact_leaves_text_without_identifiers_unchanged() -> None:
    text = "tell me about the Erika case"
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Amelia Smith", "a name"),
        ("Amelia Smith DOB 14/02/2015", "a name and a date of birth"),
        ("Amelia Smith, 12 Mare Street, DOB 14/02/2015", "a name, a date of birth and an address"),
        ("E8 1DY or 07700 900123", "a postcode and a phone number"),
        ("nothing here", ""),
    ],
)
def test_describe_lists_kinds_in_a_fixed_order(text: str, phrase: str) -> None:
    assert describe(find_identifiers(text)) == phrase


def test_labelled_set_is_big_enough() -> None:
    report = recall_report(CASES)
    assert report["messages"] - report["negatives"] >= 80
    assert report["negatives"] >= 40
    assert set(report["per_kind"]) == {
        "name",
        "date_of_birth",
        "address",
        "postcode",
        "phone",
        "email",
        "nhs_number",
    }


def test_recall_and_false_positives_on_labelled_set() -> None:
    report = recall_report(CASES)
    assert report["recall"] >= MIN_RECALL, report["missed"]
    assert report["false_positive_rate"] <= MAX_FALSE_POSITIVE_RATE, report["false_positives"]


def test_recall_on_the_held_out_set_never_used_for_tuning() -> None:
    """Measured 96.7% (29 of 30) when written; the gate leaves room for one more miss."""
    report = recall_report(DATA / "privacy_heldout.yml")
    assert report["recall"] >= 0.93
    assert report["false_positive_messages"] == 0


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # "max" beside the number it limits is short for maximum (set W: "shorter, 5 bullets
        # max" got the privacy warning instead of the shorter handout)
        ("can you do 3 points max", []),
        ("a 20 min max session plan", []),
        ("max of ten questions please", []),
        ("max 4 slides for the briefing", []),
        # and a child's name whatever follows
        ("max is 7 and his mum drinks", ["max"]),
        ("Max, 7, lives with nan", ["Max"]),
        ("mum and max came to clinic", ["max"]),
        ("her name is max", ["max"]),
    ],
)
def test_max_beside_a_number_is_a_maximum_and_elsewhere_a_name(text: str, names: list[str]) -> None:
    assert [found.text for found in find_identifiers(text) if found.kind == NAME] == names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("spoke to mum sarah she said dad hits the kids", "sarah"),
        ("rang dad tony he was drunk", "tony"),
        ("child amber he hurt her", "amber"),
        ("daughter ruby his friend touched her", "ruby"),
        ("mum grace the school says is drinking", "grace"),
        ("mum jo away for the weekend", "jo"),
        ("dad rob out all night", "rob"),
        ("max on his own at home", "max"),
        ("met mum kim her partner", "kim"),
        ("son jack they say is being groomed", "jack"),
        ("nan rose her boyfriend shouts at the baby", "rose"),
        ("sister holly back at home with the stepdad", "holly"),
    ],
)
def test_a_first_name_after_a_cue_before_a_pronoun_or_article(text: str, name: str) -> None:
    """Safety: a lower-case first name after "mum", "dad", "child" ... and before he, his, her,
    the, away or out was read as a word in use and stored (review of round 36)."""
    assert name in [found for kind, found in kinds_and_texts(text) if kind == "name"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Fraser is 14 and asked for the pill", "Fraser"),
        ("fraser wants the pill hes 14", "fraser"),
        ("does Fraser need consent, he is 14", "Fraser"),
        ("my client fraser (15) asked about contraception", "fraser"),
    ],
)
def test_a_child_called_fraser_in_a_consent_question(text: str, name: str) -> None:
    """Safety: any "Fraser" in a consent question was dropped as the test's name."""
    assert name in [found for kind, found in kinds_and_texts(text) if kind == "name"]


@pytest.mark.parametrize(
    "text",
    [
        "fraser guidelines for a 15yo wanting the pill",
        "is she gillick competent for contraception",
        "fraser or gillick for the pill?",
        "what is fraser? for contraception",
        "do i use fraser for the pill at 14",
        "apply fraser to a 15 year old asking for contraception",
        "are the fraser rules about consent or the pill",
    ],
)
def test_the_consent_tests_asked_about_are_no_names(text: str) -> None:
    assert [kind for kind, _ in kinds_and_texts(text) if kind == "name"] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("dad AJ hit him", "AJ"),
        ("brother TJ hit her", "TJ"),
        ("uncle DJ took her phone", "DJ"),
        ("step dad, tony, hits her", "tony"),
        ("mum, dawn, drinks", "dawn"),
        ("the child, ruby, has bruises", "ruby"),
        ("her brother (leon) is 16", "leon"),
    ],
)
def test_initials_and_names_set_off_by_commas_after_a_cue(text: str, name: str) -> None:
    """Capital initials after a cue name someone; a name between commas is said of the cue."""
    assert name in [found for kind, found in kinds_and_texts(text) if kind == "name"]


@pytest.mark.parametrize(
    "text",
    [
        "my pupil ran away at lunch and hasnt come back",
        "the boy watched dad beat his mum most weekends",
        "both kids saw stepdad beat their mother",
        "her dad beat her mum in front of the baby",
        "a mum ran out of the clinic crying",
    ],
)
def test_a_verb_before_whom_it_is_done_to_is_still_no_name(text: str) -> None:
    """Keeping the round's gains: a verb between a cue and "his mum" or "away" names no one."""
    assert [kind for kind, _ in kinds_and_texts(text) if kind == "name"] == []


@pytest.mark.parametrize(
    "text",
    [
        "a year 11 lad keeps saying online he wants to go and fight in iraq or syria",
        "the twins moved over from India in the summer and speak no English yet",
        "dad took the children back to kenya for six weeks, is that a worry?",
        "grandparents live in Georgia and the family fly out every Easter",
        "the family came from Sierra Leone two years ago",
        "parents from a Polish Romanian background, what did the audits say on interpreters",
        "our age checks for asylum-seeking teens, are they merton compliant enough",
    ],
)
def test_countries_languages_and_a_compliance_test_are_no_names(text: str) -> None:
    assert [ident for ident in find_identifiers(text) if ident.kind == NAME] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("a girl called Syria says her step dad hits her", "Syria"),
        ("mum said India has not slept since friday", "India"),
        ("Kenya (6) came in with a burn on her arm", "Kenya"),
        ("met with mum Georgia and her partner on tuesday", "Georgia"),
        ("Amira wants to travel to Syria with her cousin", "Amira"),
    ],
)
def test_names_that_are_also_places_are_still_found_as_names(text: str, name: str) -> None:
    assert name in [ident.text for ident in find_identifiers(text) if ident.kind == NAME]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the toddler is called Jersey and she is 2", "Jersey"),
        ("her brother Armenia keeps going missing", "Armenia"),
        ("Jamaica's dad was drunk at pick up", "Jamaica"),
        ("Lebanon (9) told me about the bruise", "Lebanon"),
        ("the baby, Egypt, was born early", "Egypt"),
        ("talked to Asia after school, she wants to go into care", "Asia"),
    ],
)
def test_a_name_a_cue_finds_is_kept_even_when_it_is_a_place(text: str, name: str) -> None:
    """Only a span found by capitals or the word lists alone may be a place: a cue ("called",
    "her brother", "'s dad", an age, speaking to) makes the country a child's name."""
    assert name in [ident.text for ident in find_identifiers(text) if ident.kind == NAME]


@pytest.mark.parametrize(
    "text",
    [
        "he keeps saying he will travel to syria when he is 18",
        "the mum was deported to Jamaica last year, the kids stayed with nan",
    ],
)
def test_a_place_gone_to_stays_no_name_beside_the_cue_fix(text: str) -> None:
    assert [ident for ident in find_identifiers(text) if ident.kind == NAME] == []
