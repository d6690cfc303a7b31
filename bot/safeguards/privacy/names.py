"""Personal names written with capitals: after a cue ("called", "mum", "Mr"), owning someone
("Leo's mum"), with an age, beside a date of birth, or a run of capitalised words holding a
first name."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.safeguards import vocabulary
from bot.safeguards.privacy.dates import DOB_CUE
from bot.safeguards.privacy.spans import NAME, Identifier, identifier, without_overlaps
from bot.safeguards.privacy.words import POSSESSIVE

_NAME_WORD = r"(?:[A-Z][\u2019']?[A-Z]?[a-zß-öø-ÿ]+(?:[A-Z][a-zß-öø-ÿ]+)?(?:-[A-Z][a-zß-öø-ÿ]+)*)"
_LOWER_NAME_WORD = r"(?:[a-zß-öø-ÿ]+(?:-[a-zß-öø-ÿ]+)*)"

# Capitalised words that are not personal names in any safeguarding partnership's work:
# services, roles and procedures in general, London places and national organisations, days
# and months, family words, and words that start sentences. The audits' own proper nouns (case
# pseudonyms, named services) are not listed: they come from knowledge/ (see _not_names).
_GENERAL_NOT_NAMES = frozenset(
    w.lower()
    for w in """
    Case Project Young Carer Carers Independent Chair Children Child
    Social Care Services Service School Schools Nursing Nurse London Protection Procedures
    Named Professional Professionals Team Teams Around Safeguarding Board Partnership Hub Multi
    Agency Police Court Family Families Youth Justice Council NHS Trust Homerton University
    Hospital Centre Center Unit Clinic Primary Secondary Academy College Health Mental Early
    Help Designated Lead Officer Worker Workers Visitor Visiting Practice Surgery
    Alliance Core Group Plan Need Needs Conference Strategy Meeting Discussion Review Audit
    Section Panel Assessment Report Referral Referrals Local Authority Education Special
    Educational Disabilities Adult Adults Gateway Front Door First Response Emergency Duty Out
    Hours Domestic Abuse Violence Sexual Exploitation Criminal Contextual Missing Housing
    Benefits Department Ward Paediatric Paediatrics Consultant Midwife Midwifery Maternity
    Foster Fostering Adoption Looked After Leaving Virtual Head Teacher Teachers
    Year Reception Nursery Nurseries Street Road Lane Avenue Close Estate Way Grove Terrace
    Gardens Square Place Crescent Drive Mews Park High Low Green North South East West
    City Dalston Shoreditch Stoke Newington Clapton Hoxton Haggerston Stamford Hill Wick
    Islington Tower Hamlets Haringey Waltham Forest Enfield Newham Camden England Britain
    UK United Kingdom
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Christmas Easter Ramadan Eid
    I I'm I've I'd I'll Im Ive Hi Hello Dear Thanks Thank Please What When Where Who Why How
    Which Can Could Would Should Will Shall Is Are Was Were Do Does Did Has Have Had The A An
    This That These Those My Our Your Her His Their Its She He They We It If And But Or So
    Also Just Yes No Ok Okay Tell Show Give Any Not Re Fw Fwd Update Today Yesterday Tomorrow
    Last Next Mum Mom Dad Mother Father Nan Nana Grandma Grandad Grandmother Grandfather
    Baby Aunt Auntie Uncle Brother Sister Son Daughter Stepdad Stepmum Stepfather Stepmother
    Boy Girl Kid Kids Pupil Student Patient Client Person People Teen Teenager
    Mr Mrs Ms Miss Dr Mx Sir Madam Seen Spoke Called Contact Concern
    Concerns Parent Parents Guardian New Old Urgent Note Notes Minutes Agenda
    Send SEND EHC EHCP CAMHS MASH GP DSL CP CIN LAC DV FGM CSE CCE ED
    Key Messages Message Learning Lessons Findings Training Guidance Policy Threshold
    Document Documents Form Forms Online Portal Email Phone Mobile Number Address Postcode
    Flat Apartment Block Floor Room House Home Lives Living There Here Some Many All Every
    Each Both Either Neither One Two Three Four Five Six Seven Eight Nine Ten Before
    During Since Until While About From With Without Into Onto Over Under Between Through
    Because Although Though However Therefore Meanwhile Otherwise Sorry Hey Morning Afternoon
    Evening Night Question Questions Answer Answers Advice Information Sharing Consent
    Data GDPR Act Working Together Signs Safety Safe Wellbeing Welfare Support
    Supported Supporting Carried Carry Outreach Voluntary Sector Charity Church Mosque Temple
    Synagogue Library Leisure Community Communities Borough Boroughs
    Anna Freud National NSPCC Childline Samaritans Kooth Papyrus Mind
    Refuge Solace Aid Victim Victims Survivors Survivor Tavistock Portman Moorfields
    Great Ormond Royal Whittington Barts St
    Integrated Gangs Prevent Channel Operation Encompass
    """.split()
)


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Adding an audit must need no code change, so its case pseudonyms and named services are
    read from knowledge/ rather than listed here; cached, as every message is checked."""
    return _GENERAL_NOT_NAMES | vocabulary.knowledge_proper_nouns()


# Words that may follow "name is" but are not the name ("her name is not known").
_NOT_LOWER_NAMES = frozenset(
    "not on in the a an unknown withheld redacted blank missing wrong correct different spelt"
    " spelled being also still already only just probably unclear confidential removed"
    " he she they it his her their and or but so i im i'm from at who with is was has had"
    " and, to for of by as if".split()
)

# Words that end an organisation's name: "British Transport Police" is not a person.
_ORGANISATION_ENDINGS = frozenset(
    """police service services school academy college hospital trust centre center clinic
    project partnership team teams unit board hub council therapy therapies practice surgery
    alliance network forum group charity foundation association society institute court
    department office agency programme program initiative campaign project""".split()
)

# A name preceded by a cue that makes it a personal name even if it is a single word.
_CUE_BEFORE_NAME = re.compile(
    r"\b(?i:called|named|name\s+is|name's|names\s+are|goes\s+by|known\s+as"
    r"|(?:mum|mother|mom|dad|father|carer|nan|nana|grandma|grandmother|grandad|grandfather"
    r"|aunt|auntie|uncle|brother|sister|son|daughter|stepdad|stepfather|stepmum|stepmother"
    r"|partner|boyfriend|girlfriend|baby|child|boy|girl|pupil|student|patient|client|kid"
    r"|teenager|twin|cousin|sibling|siblings|kids|children|carer|guardian)"
    r"(?:'s\s+name)?(?:\s+(?:is|was|are))?(?:\s+called)?[,:]?"
    r"|(?:mr|mrs|ms|miss|dr|mx)\.?(?:\s+and\s+(?:mr|mrs|ms|miss|dr|mx)\.?)?)"
    r"(?:\s*\(\s*|\s+)(?P<name>" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){0,2})"
    r"(?:\s+and\s+(?P<second>" + _NAME_WORD + r"))?"
)
_CUE_BEFORE_LOWER_NAME = re.compile(
    r"\b(?:name\s+is|name's|named|goes\s+by|known\s+as)\s+(?P<first>" + _LOWER_NAME_WORD + r")\b"
    r"(?:\s+(?P<last>" + _LOWER_NAME_WORD + r")\b)?",
    re.IGNORECASE,
)
# "Leo's mum", "Kai's school": a capitalised word owning a family member or service.
_POSSESSIVE_NAME = re.compile(
    r"\b(?P<name>" + _NAME_WORD + r")['\u2019]s\s+(?i:mum|mother|mom|dad|father|parents?|carers?"
    r"|nan|gran|grandma|grandmother|grandad|brother|sister|siblings?|teacher|school|class"
    r"|social\s+worker|gp|nursery|foster|step|aunt|uncle|baby|home|house|flat|bedroom)\b"
)
# "Isaac, aged 6", "Anya Petrova, 6,", "Mia (7)": a name followed by an age.
_NAME_WITH_AGE = re.compile(
    r"\b(?P<name>" + _NAME_WORD + r")\s*(?:,\s*|\(\s*|\s+)(?:aged?\s+|is\s+)?\d{1,2}\b"
    r"(?:\s*(?:years?\s+old|yo|y/o|months?\s+old))?\s*[,)]"
    r"|\b(?P<name2>" + _NAME_WORD + r")\s+aged?\s+\d{1,2}\b"
)
_TITLE_CASE_RUN = re.compile(_NAME_WORD + r"(?:\s+" + _NAME_WORD + r")+")
_NAME_BEFORE_DATE = re.compile(
    r"(?P<name>" + _NAME_WORD + r")\s*[,(:\-]?\s*(?:\(?\s*" + DOB_CUE + r"\s*(?:is\s+)?[:\-]?\s*)?$"
)
_NAME_AFTER_DATE = re.compile(r"^\s*\)?\s*[,:\-\u2013]?\s*(?P<name>" + _NAME_WORD + r")\b")


def _could_be_a_name(words: list[str]) -> bool:
    """A run of capitalised words is a name only if a word in it is a first name or not an
    ordinary word: "Keisha Campbell", "Grace Brown", not "Autism Spectrum Disorder"."""
    for word in words:
        lowered = POSSESSIVE.sub("", word).lower()
        if lowered in vocabulary.own_words():
            continue
        if lowered in vocabulary.first_names() or not vocabulary.is_ordinary(lowered):
            return True
    return False


def capitalised(text: str, dates: list[Identifier]) -> list[Identifier]:
    found = cued(text, dates)
    for match in _TITLE_CASE_RUN.finditer(text):
        if _could_be_a_name(match.group().split()):
            found += _name_words(text, match.start(), match.end(), min_words=2)
    return without_overlaps(merge_adjacent(found, text))


def cued(text: str, dates: list[Identifier]) -> list[Identifier]:
    """The names a cue makes names ("called", "his sister", "'s mum", an age or a birth date
    beside it), whatever else the word may mean: a child called after a country is still
    named ("the girl is called Jersey")."""
    found: list[Identifier] = []
    for match in _CUE_BEFORE_NAME.finditer(text):
        for group in ("name", "second"):
            if match.group(group):
                found += _name_words(text, match.start(group), match.end(group), min_words=1)
    for match in _CUE_BEFORE_LOWER_NAME.finditer(text):
        found += _lower_case_name(text, match)
    for match in _POSSESSIVE_NAME.finditer(text):
        found += _name_words(text, match.start("name"), match.end("name"), min_words=1)
    for match in _NAME_WITH_AGE.finditer(text):
        group = "name" if match.group("name") else "name2"
        if _could_be_a_name([match.group(group)]):  # not "Vulnerable 15 year old, ..."
            found += _name_words(text, match.start(group), match.end(group), min_words=1)
    for date in dates:
        found += _names_beside(text, date)
    return found


def _lower_case_name(text: str, match: re.Match[str]) -> list[Identifier]:
    """After "name is", people often type names in lower case; keep up to first + surname."""
    first, last = match.group("first").lower(), (match.group("last") or "").lower()
    if first in _NOT_LOWER_NAMES or first in _not_names():
        return []
    end = (
        match.end("last")
        if last and last not in _NOT_LOWER_NAMES and last not in _not_names()
        else match.end("first")
    )
    return [identifier(NAME, text, match.start("first"), end)]


def _name_words(text: str, start: int, end: int, min_words: int) -> list[Identifier]:
    """Split a run of capitalised words at non-name words; keep runs long enough to be names.

    Words directly before an organisation ending ("Speech and Language Therapy") are part of
    the organisation's name, so they are dropped rather than kept as a person's name.
    """
    results: list[Identifier] = []
    run: list[re.Match[str]] = []
    not_names = _not_names()
    for word in re.finditer(r"\S+", text[start:end]):
        lowered = word.group().lower()
        if lowered in _ORGANISATION_ENDINGS:
            run = []
        elif lowered in not_names:
            results += _run_to_name(text, start, run, min_words)
            run = []
        else:
            run.append(word)
    results += _run_to_name(text, start, run, min_words)
    return results


def _run_to_name(
    text: str, offset: int, run: list[re.Match[str]], min_words: int
) -> list[Identifier]:
    if len(run) < min_words:
        return []
    return [identifier(NAME, text, offset + run[0].start(), offset + run[-1].end())]


def _names_beside(text: str, date: Identifier) -> list[Identifier]:
    before = _NAME_BEFORE_DATE.search(text[: date.start])
    if before:
        return _name_words(text, before.start("name"), before.end("name"), min_words=1)
    after = _NAME_AFTER_DATE.match(text[date.end :])
    if after:
        return _name_words(
            text, date.end + after.start("name"), date.end + after.end("name"), min_words=1
        )
    return []


_EPONYM = re.compile(
    r"(?:['\u2019]s)?\s+(?i:laws?|guidelines?|competence|competency|criteria|ruling|principles?"
    r"|compliant)\b"
)
"""A name that names a law or a test, not a person: "Clare's Law" (the domestic violence
disclosure scheme), "Sarah's Law", "Fraser guidelines", "Gillick competence", a
"Merton compliant" age assessment. Asking about one is a question about the procedure, and no
one's identifying detail."""


_CONSENT_TESTS = frozenset({"gillick", "fraser"})
"""The tests of a child's capacity to consent, named alone ("Fraser/Gillick?", "whats
fraser") in a question about consent."""
_ABOUT_CONSENT = re.compile(r"\b(?:gillick|consent|contracepti|pill\b|competen)", re.IGNORECASE)
_THE_TEST_ASKED = re.compile(
    r"\b(?:what\s+(?:is|s|are)|whats|use|using|used|apply|applying|applied)\s+(?:the\s+)?$"
    r"|\b(?:fraser|gillick)\s*(?:or|and|/|&)\s*$",
    re.IGNORECASE,
)
_THE_TEST_NAMED = re.compile(
    r"^\s*(?:[/&]|or\b|and\b)\s*(?:fraser|gillick)\b"
    r"|^(?:['\u2019]s)?\s+(?:rules?|tests?|competent|assessment)\b",
    re.IGNORECASE,
)


def _a_consent_test(text: str, name: Identifier) -> bool:
    """The name asked about as the test ("what is fraser?", "fraser or gillick", "use fraser",
    "gillick competent", "Fraser rules"), not a child called Fraser ("Fraser is 14 and asked
    for the pill")."""
    return (
        name.text.lower() in _CONSENT_TESTS
        and bool(
            name.text.lower() == "gillick"
            or _THE_TEST_ASKED.search(text[: name.start])
            or _THE_TEST_NAMED.match(text[name.end :])
            or (  # asked alone: "... without her parents knowing? fraser?"
                re.search(r"(?:^|[.!?,;:])\s*$", text[: name.start]) is not None
                and re.match(r"\s*\?", text[name.end :]) is not None
            )
        )
    )


def not_eponyms(names: list[Identifier], text: str) -> list[Identifier]:
    """The names less those whose last word is followed by a law or a test's word, and the
    consent tests' names in a question about consent."""
    about_consent = bool(_ABOUT_CONSENT.search(text))
    kept = []
    for name in names:
        if about_consent and _a_consent_test(text, name):
            continue
        after = _EPONYM.search(text, name.start + 1)
        if after is None or after.start() > name.end:
            kept.append(name)
    return kept


def merge_adjacent(names: list[Identifier], text: str) -> list[Identifier]:
    """Join overlapping name spans found by different cues so a full name is one span."""
    merged: list[Identifier] = []
    for ident in sorted(names, key=lambda n: n.start):
        if merged and ident.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = identifier(NAME, text, last.start, max(last.end, ident.end))
        else:
            merged.append(ident)
    return merged
