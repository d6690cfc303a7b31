"""Find identifying details about children and families in a practitioner's message.

The assistant must never store anything that identifies a child or family, and should warn
the practitioner when they type such details. Detection is rule-based so it is predictable,
auditable and needs no model. Recall matters more than precision: an over-eager redaction
costs a little readability, a missed one leaks personal data. Ordinary questions about the
audits (which use pseudonyms such as Erika) must still pass through untouched.

Redaction replaces each span with a bracketed lower-case placeholder naming what was removed,
e.g. ``[name removed]`` or ``[date of birth removed]``, so the question stays readable and
answerable, and the placeholder itself never looks like an identifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from bot.safeguards import vocabulary

NAME = "name"
DATE_OF_BIRTH = "date_of_birth"
ADDRESS = "address"
POSTCODE = "postcode"
PHONE = "phone"
EMAIL = "email"
NHS_NUMBER = "nhs_number"
SCHOOL = "school"

# Order used by describe(): roughly how a practitioner would list details of a person.
KINDS: tuple[str, ...] = (NAME, DATE_OF_BIRTH, ADDRESS, POSTCODE, PHONE, EMAIL, NHS_NUMBER, SCHOOL)

# When spans overlap, the more specific pattern wins (an email contains a name-like part).
_PRIORITY: tuple[str, ...] = (
    EMAIL,
    NHS_NUMBER,
    PHONE,
    POSTCODE,
    DATE_OF_BIRTH,
    ADDRESS,
    SCHOOL,
    NAME,
)

_PHRASES: dict[str, str] = {
    NAME: "a name",
    DATE_OF_BIRTH: "a date of birth",
    ADDRESS: "an address",
    POSTCODE: "a postcode",
    PHONE: "a phone number",
    EMAIL: "an email address",
    NHS_NUMBER: "an NHS number",
    SCHOOL: "a school's name",
}

_PLACEHOLDERS: dict[str, str] = {
    NAME: "[name removed]",
    DATE_OF_BIRTH: "[date of birth removed]",
    ADDRESS: "[address removed]",
    POSTCODE: "[postcode removed]",
    PHONE: "[phone number removed]",
    EMAIL: "[email removed]",
    NHS_NUMBER: "[NHS number removed]",
    SCHOOL: "[school removed]",
}


@dataclass(frozen=True)
class Identifier:
    """One identifying detail: its kind and where it sits in the original text."""

    kind: str
    start: int
    end: int
    text: str


# --- email, phone, postcode -------------------------------------------------------------

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

# A loose candidate: a UK prefix followed by digits with the separators people type.
# Whether it is really a phone number is decided on its digits in _is_uk_phone.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+\s?44\s?(?:\(0\)\s?)?|\(?0)[\d\s()-]{8,15}\d(?!\d)")
# Geographic (01, 02) and mobile (07) numbers belong to people; 03/08 numbers are
# services and helplines the practitioner may legitimately quote.
_PERSONAL_PHONE_PREFIX = re.compile(r"0[127]")
_PHONE_DIGITS = (10, 11)

_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)

# --- NHS number ---------------------------------------------------------------------------

_NHS_FORMATTED = re.compile(r"(?<![\d-])[1-9]\d{2}[ -]\d{3}[ -]\d{4}(?![\d-])")
_NHS_PLAIN = re.compile(r"(?<!\d)\d{10}(?!\d)")
# After an explicit cue, a 10-digit number is taken as an NHS number even when its check
# digit is wrong: a mistyped NHS number still identifies someone.
_NHS_CUE = re.compile(r"\bNHS\s*(?:no\.?|number|num|#)?\s*[:\-]?\s*$", re.IGNORECASE)
_NHS_WEIGHTS = range(10, 1, -1)

# --- dates --------------------------------------------------------------------------------

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)?\d{2}"
_FULL_DATE = re.compile(
    rf"\b(?:"
    rf"(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:(?:19|20)\d{{2}}|\d{{2}})"
    rf"|(?:19|20)\d{{2}}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    rf"|(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTHS},?\s+{_YEAR}"
    rf"|{_MONTHS}\s+{_DAY},?\s+{_YEAR}"
    rf")(?![\d/.-]\d)",
    re.IGNORECASE,
)
# With a date-of-birth cue, partial dates ("DOB 14/02", "born in March 2015") also count.
_PARTIAL_DATE = (
    rf"(?:{_DAY}\s+(?:of\s+)?{_MONTHS}|{_MONTHS}\s+(?:19|20)\d{{2}}"
    rf"|(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2])(?![/.]?\d))"
)
# A date straight after one of these is a meeting or appointment, not a date of birth.
_EVENT_BEFORE_DATE = re.compile(
    r"\b(?:meeting|conference|review|appointment|visit|panel|hearing|court|deadline|due"
    r"|held|scheduled|booked|session|training|until|by)\s+(?:is\s+|was\s+)?(?:on|for|at)?\s*$",
    re.IGNORECASE,
)
_DOB_CUE = r"(?i:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+(?:on|in))?(?:\s+the)?)"
_CUED_PARTIAL_DATE = re.compile(
    rf"\b{_DOB_CUE}\s*(?:is\s+|was\s+)?[:\-]?\s*(?P<date>{_PARTIAL_DATE})\b", re.IGNORECASE
)
# A date of birth in words: "born on the fifth of june twenty sixteen".
_ORDINAL_WORDS = (
    r"(?:(?:twenty|thirty)[\s-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth"
    r"|nineteenth|twentieth|thirtieth)"
)
_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|thousand|hundred|and|oh)"
)
_DATE_IN_WORDS = re.compile(
    rf"\b{_DOB_CUE}\s*(?P<date>{_ORDINAL_WORDS}\s+(?:of\s+)?{_MONTHS}"
    rf"(?:,?\s+(?:{_NUMBER_WORDS}\b[\s-]*){{2,5}}|\s+(?:19|20)\d{{2}})?)",
    re.IGNORECASE,
)

# --- addresses ----------------------------------------------------------------------------

_STREET_SUFFIXES = (
    "street|st|road|rd|lane|ln|avenue|ave|av|close|cl|estate|way|grove|gr|terrace|terr"
    "|gardens|gdns|square|sq|place|pl|crescent|cres|drive|dr|court|ct|mews|row|walk|hill"
    "|park|rise|parade|passage|yard|green|vale|wharf|buildings|house|mansions"
)
# Words that may not form part of a street name: they signal ordinary prose such as
# "3 times on the road" or "two close friends".
_NOT_STREET_WORDS = frozenset(
    "a an the on in at of to for from by with and or up down along across near off into"
    " times days weeks months years minutes hours kids children people friends cases"
    " families visits meetings referrals".split()
)
_ADDRESS = re.compile(
    rf"\b(?P<number>\d{{1,4}}[a-z]?(?:-\d{{1,4}}[a-z]?)?),?\s+"
    rf"(?P<street>(?:[A-Za-z][A-Za-z'\u2019-]*\s+){{1,4}}?)"
    rf"(?P<suffix>(?:{_STREET_SUFFIXES})(?:\s+(?:{_STREET_SUFFIXES}))*)\b\.?",
    re.IGNORECASE,
)

# --- names --------------------------------------------------------------------------------

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
    r"(?P<name>"
    + _NAME_WORD
    + r")\s*[,(:\-]?\s*(?:\(?\s*"
    + _DOB_CUE
    + r"\s*(?:is\s+)?[:\-]?\s*)?$"
)
_NAME_AFTER_DATE = re.compile(r"^\s*\)?\s*[,:\-\u2013]?\s*(?P<name>" + _NAME_WORD + r")\b")


def find_identifiers(text: str) -> list[Identifier]:
    """Every identifying span in the text, ordered by position, never overlapping."""
    found: dict[str, list[Identifier]] = {kind: [] for kind in KINDS}
    found[EMAIL] = list(_spans(EMAIL, _EMAIL, text))
    found[NHS_NUMBER] = _nhs_numbers(text)
    found[PHONE] = _phones(text)
    found[POSTCODE] = list(_spans(POSTCODE, _POSTCODE, text))
    found[DATE_OF_BIRTH] = _dates(text)
    found[ADDRESS] = _without_overlaps(_addresses(text) + _streets(text))
    found[SCHOOL] = _schools(text)
    found[NAME] = _without_overlaps(
        _merge_adjacent(_names(text, found[DATE_OF_BIRTH]) + _listed_names(text), text)
    )

    kept: list[Identifier] = []
    for kind in _PRIORITY:
        for candidate in found[kind]:
            if not any(_overlaps(candidate, other) for other in kept):
                kept.append(candidate)
    return sorted(kept, key=lambda ident: ident.start)


def redact(text: str) -> str:
    """The text with every identifier replaced by a placeholder naming its kind."""
    pieces: list[str] = []
    position = 0
    for ident in find_identifiers(text):
        pieces.append(text[position : ident.start])
        pieces.append(placeholder(ident.kind))
        position = ident.end
    pieces.append(text[position:])
    return "".join(pieces)


def placeholder(kind: str) -> str:
    """The text that stands in for a removed identifier of this kind."""
    return _PLACEHOLDERS[kind]


def describe(identifiers: Iterable[Identifier]) -> str:
    """A phrase such as "a name, a date of birth and an address" for the user's warning."""
    return describe_kinds(kinds_of(identifiers))


def _spans(
    kind: str, pattern: re.Pattern[str], text: str, group: str | int = 0
) -> Iterator[Identifier]:
    for match in pattern.finditer(text):
        if match.group(group):
            yield _identifier(kind, text, match.start(group), match.end(group))


def _identifier(kind: str, text: str, start: int, end: int) -> Identifier:
    return Identifier(kind=kind, start=start, end=end, text=text[start:end])


def _overlaps(a: Identifier, b: Identifier) -> bool:
    return a.start < b.end and b.start < a.end


def _nhs_numbers(text: str) -> list[Identifier]:
    found = list(_spans(NHS_NUMBER, _NHS_FORMATTED, text))
    for match in _NHS_PLAIN.finditer(text):
        cued = _NHS_CUE.search(text[: match.start()]) is not None
        if cued or _valid_nhs_check_digit(match.group()):
            found.append(_identifier(NHS_NUMBER, text, match.start(), match.end()))
    return found


def _valid_nhs_check_digit(digits: str) -> bool:
    """Modulus 11, so that arbitrary 10-digit numbers (reference numbers) are not flagged."""
    total = sum(int(d) * weight for d, weight in zip(digits, _NHS_WEIGHTS, strict=False))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[-1])


def _could_be_a_name(words: list[str]) -> bool:
    """A run of capitalised words is a name only if a word in it is a first name or not an
    ordinary word: "Keisha Campbell", "Grace Brown", not "Autism Spectrum Disorder"."""
    for word in words:
        lowered = _POSSESSIVE.sub("", word).lower()
        if lowered in vocabulary.own_words():
            continue
        if lowered in vocabulary.first_names() or not vocabulary.is_ordinary(lowered):
            return True
    return False


def _phones(text: str) -> list[Identifier]:
    found = []
    for match in _PHONE_CANDIDATE.finditer(text):
        if re.sub(r"\D", "", match.group()) in vocabulary.service_phone_numbers():
            continue  # a service's number from knowledge/, e.g. the Nia Project's
        if _is_uk_phone(match.group()):
            found.append(_identifier(PHONE, text, match.start(), match.end()))
    return found


def _is_uk_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if candidate.lstrip().startswith("+"):
        digits = "0" + digits[2:].removeprefix("0")
    return len(digits) in _PHONE_DIGITS and _PERSONAL_PHONE_PREFIX.match(digits) is not None


def _dates(text: str) -> list[Identifier]:
    """Full dates are treated as dates of birth unless they follow a meeting or appointment.

    Any other full date about a child (an incident, a birth) helps identify them, so erring
    towards redaction is deliberate.
    """
    found = [
        _strip_article(ident, text)
        for ident in _spans(DATE_OF_BIRTH, _FULL_DATE, text)
        if not _EVENT_BEFORE_DATE.search(text[: ident.start])
    ]
    found += list(_spans(DATE_OF_BIRTH, _CUED_PARTIAL_DATE, text, group="date"))
    found += [
        _rstrip(ident, text) for ident in _spans(DATE_OF_BIRTH, _DATE_IN_WORDS, text, group="date")
    ]
    return _without_overlaps(found)


def _rstrip(ident: Identifier, text: str) -> Identifier:
    return _identifier(ident.kind, text, ident.start, ident.start + len(ident.text.rstrip(" -")))


def _strip_article(ident: Identifier, text: str) -> Identifier:
    if ident.text.lower().startswith("the "):
        return _identifier(ident.kind, text, ident.start + 4, ident.end)
    return ident


def _without_overlaps(spans: list[Identifier]) -> list[Identifier]:
    kept: list[Identifier] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if not any(_overlaps(span, other) for other in kept):
            kept.append(span)
    return kept


def _addresses(text: str) -> list[Identifier]:
    found = []
    for match in _ADDRESS.finditer(text):
        street_words = match.group("street").split()
        if any(word.lower() in _NOT_STREET_WORDS for word in street_words):
            continue
        if not _looks_like_street(street_words, match.group("suffix")):
            continue
        found.append(_identifier(ADDRESS, text, match.start(), match.end()))
    return found


def _looks_like_street(street_words: list[str], suffix: str) -> bool:
    """Capitalised street names are trusted; lower-case ones only with an unambiguous suffix.

    "12 mare street" is an address, but "3 strategy meetings way" is not, and short
    suffixes like "st" or "way" are too common in prose to trust without capitals.
    """
    if all(word[0].isupper() for word in street_words):
        return True
    return suffix.lower() in {"street", "road", "lane", "avenue", "estate", "terrace", "gardens"}


def _names(text: str, dates: list[Identifier]) -> list[Identifier]:
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
        found += _name_words(text, match.start(group), match.end(group), min_words=1)
    for match in _TITLE_CASE_RUN.finditer(text):
        if _could_be_a_name(match.group().split()):
            found += _name_words(text, match.start(), match.end(), min_words=2)
    for date in dates:
        found += _names_beside(text, date)
    return _without_overlaps(_merge_adjacent(found, text))


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
    return [_identifier(NAME, text, match.start("first"), end)]


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
    return [_identifier(NAME, text, offset + run[0].start(), offset + run[-1].end())]


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


def _merge_adjacent(names: list[Identifier], text: str) -> list[Identifier]:
    """Join overlapping name spans found by different cues so a full name is one span."""
    merged: list[Identifier] = []
    for ident in sorted(names, key=lambda n: n.start):
        if merged and ident.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = _identifier(NAME, text, last.start, max(last.end, ident.end))
        else:
            merged.append(ident)
    return merged


# --- names, schools and streets in any case, with the name lists -----------------------------

_ANY_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)
_FUNCTION_WORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is was are were be been has
    have had do does did not no so he she they it his her their its him them we you i me my
    our your this that these those who what when where why how which there here then than
    just also very too all any some into onto up out off back over""".split()
)
# After these, the next word is a name whatever it is ("called precious", "known as jj").
_STRONG_NAME_CUES = frozenset("called named nicknamed".split())
_STRONG_NAME_CUE_PAIRS = frozenset(
    {
        ("call", "him"),
        ("calls", "him"),
        ("call", "her"),
        ("calls", "her"),
        ("known", "as"),
        ("goes", "by"),
        ("name", "is"),
        ("names", "are"),
        ("name", "was"),
    }
)
# After these, the next word is a name if the name lists hold it and it is not among the
# most frequent words ("baby ruby", "dad (tony)", but not "baby brother", "mum said").
_NAME_CUES = frozenset(
    """name little baby mum mom mummy mother dad daddy father nan nana nanny gran granny grandma
    grandmother grandad grandpa grandfather sister sis brother bro auntie aunt aunty uncle
    cousin son daughter stepdad stepmum stepfather stepmother boyfriend girlfriend partner pupil
    child kid twin sibling carer""".split()
)
_TITLES = frozenset("mr mrs ms miss dr mx".split())
_SCHOOL_WORDS = frozenset(
    "primary academy school college nursery secondary infants juniors".split()
)
_STREET_WORDS = frozenset(
    """road rd street st lane ln avenue ave estate grove close crescent gardens gdns terrace walk
    square sq mews drive parade rise""".split()
)
_STRONG_STREET_WORDS = frozenset("road rd street estate avenue lane".split())
COMMON_WORDS = 5_000
"""A word among the most frequent this many is too ordinary to be taken as a name even after a
cue ("mum said", "baby brother")."""


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _POSSESSIVE.sub("", m.group())) for m in _ANY_WORD.finditer(text)]


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", COMMON_WORDS)) | vocabulary.own_words()


VERY_COMMON_WORDS = 500
"""After a first name, a surname-list word this frequent ("young", "will") is not its surname."""


@lru_cache(maxsize=1)
def _very_common_words() -> frozenset[str]:
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", VERY_COMMON_WORDS))


def _is_common(word: str) -> bool:
    return word.lower() in _common_words() or word.lower() in _FUNCTION_WORDS


def _listed_names(text: str) -> list[Identifier]:
    """First names that are not ordinary words ("jayden", "amira"), in any case, with the
    surname after them; a word after a cue ("mum sarah", "mr okafor") unless it is common."""
    words = _words(text)
    found: list[Identifier] = []
    index = 0
    while index < len(words):
        start, end, word = words[index]
        lowered = word.lower()
        previous = words[index - 1][2].lower() if index > 0 else ""
        titled = previous in _TITLES
        strongly_cued = previous in _STRONG_NAME_CUES or (
            index > 1 and (words[index - 2][2].lower(), previous) in _STRONG_NAME_CUE_PAIRS
        )
        if lowered in _FUNCTION_WORDS or lowered in _TITLES:
            name = False
        elif titled or (
            strongly_cued
            and (lowered in vocabulary.first_names() or lowered not in vocabulary.own_words())
        ):
            name = True  # "her name is Will", "Mr Okafor"; not "the Named Professional"
        elif lowered in vocabulary.own_words():
            name = False
        elif previous in _NAME_CUES:
            name = lowered not in _very_common_words() and (
                lowered in vocabulary.first_names() or not vocabulary.is_known(word)
            )
        else:
            name = len(word) >= 3 and vocabulary.is_first_name(word)
        if not name:
            index += 1
            continue
        span_start = words[index - 1][0] if titled else start
        span_end = end
        while index + 1 < len(words):
            next_start, next_end, following = words[index + 1]
            if text[span_end:next_start].strip():
                break  # punctuation between: "Hassan, born ..." ends the name
            if following.lower() in _FUNCTION_WORDS or not vocabulary.is_surname(following):
                break
            if following.lower() in _very_common_words() and not following[:1].isupper():
                break
            span_end = next_end
            index += 1
        found.append(_identifier(NAME, text, span_start, span_end))
        index += 1
    return found


_SCHOOL_NAME_PARTS = frozenset("st saint c e ce of rc church the".split())


def _schools(text: str) -> list[Identifier]:
    """A named school or nursery: "gayhurst primary", "St Mark's C of E Primary", "Mossbourne
    Academy". Before a capitalised school word, capitalised words are its name; before a
    lower-case one, words that are not common."""
    words = _words(text)
    found = []
    for index, (_start, end, word) in enumerate(words):
        if word.lower() not in _SCHOOL_WORDS or index == 0:
            continue
        capitalised = word[:1].isupper()
        first = index
        while first > 0 and index - first < 5:
            previous = words[first - 1][2]
            lowered = previous.lower()
            if lowered in _SCHOOL_WORDS:
                break
            if (
                capitalised
                and (previous[:1].isupper() or lowered in _SCHOOL_NAME_PARTS)
                and (lowered not in _FUNCTION_WORDS or lowered in _SCHOOL_NAME_PARTS)
            ) or (not capitalised and (lowered in ("st", "saint") or not _is_common(previous))):
                first -= 1
            else:
                break
        while first < index and text[words[first][1] : words[first + 1][0]].strip(" '\u2019"):
            first += 1  # punctuation between ("NFA. School") ends the name
        while first < index and words[first][2].lower() in _FUNCTION_WORDS:
            first += 1  # "the" and "of" may join a name, not start it
        own = vocabulary.own_words()
        if first < index and any(w[2].lower() not in own for w in words[first:index]):
            found.append(_identifier(SCHOOL, text, words[first][0], end))
    return found


def _streets(text: str) -> list[Identifier]:
    """A street or estate without a house number: "Mare Street", "amhurst rd", "the Pembury
    Court Estate". A capitalised name is trusted; a lower-case one only if it is not a common
    word."""
    words = _words(text)
    found = []
    for index, (_start, end, word) in enumerate(words):
        suffix = word.lower()
        if suffix not in _STREET_WORDS or index == 0:
            continue
        first = index
        while first > 0 and index - first < 3:
            previous = words[first - 1][2]
            lowered = previous.lower()
            if (
                text[words[first - 1][1] : words[first][0]].strip(" '\u2019")
                or lowered in _FUNCTION_WORDS
            ):
                break
            if lowered in vocabulary.own_words() and not previous[:1].isupper():
                break
            capitalised = previous[:1].isupper() and word[:1].isupper()
            if capitalised or (suffix in _STRONG_STREET_WORDS and not _is_common(previous)):
                first -= 1
            else:
                break
        if first < index and any(
            w[2].lower() not in vocabulary.own_words() for w in words[first:index]
        ):
            found.append(_identifier(ADDRESS, text, words[first][0], end))
    return found


def mask(text: str) -> str:
    """The text with every identifier left out, for the NLU model: a name or an address says
    nothing about the practice question, and the model should never learn from one."""
    pieces: list[str] = []
    position = 0
    for ident in find_identifiers(text):
        pieces.append(text[position : ident.start])
        position = ident.end
    pieces.append(text[position:])
    return " ".join("".join(pieces).split())


def kinds_of(identifiers: Iterable[Identifier]) -> list[str]:
    """The kinds present, in the order describe() uses; no identifier's text."""
    present = {ident.kind for ident in identifiers}
    return [kind for kind in KINDS if kind in present]


def describe_kinds(kinds: Iterable[str]) -> str:
    """A phrase such as "a name and an address" from the kinds alone."""
    phrases = [_PHRASES[kind] for kind in KINDS if kind in set(kinds)]
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]
