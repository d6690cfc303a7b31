"""What an abbreviation or local name stands for: "what is FAST?", "what does TAC stand for",
"CIN?", "whats cin vs cp", "what's the wiki thing". The answer is the glossary's
(knowledge/glossary.yml), which says where it comes from; a question is about a term when, the
terms taken out, only the words of asking what something means are left, so "what does the
audit say about CIN" stays a practice question."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.dialogue.stopwords import STOPWORDS
from bot.knowledge.schema import GLOSSARY
from bot.knowledge.validation import check_knowledge


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    stands_for: str | None
    meaning: str | None
    source: str
    expansions: tuple[str, ...] = ()
    service: str | None = None
    """The service (knowledge/services) the local name is: its description, when the glossary
    has no meaning of its own, and the learning that signposts it."""
    also_a_word: bool = False
    """An everyday word too ("grow up too fast"): in lower case the term only when asked about
    alone or beside a word of what it stands for (`_as_the_term`)."""

    @classmethod
    def from_entry(cls, entry: Mapping[str, Any]) -> Term:
        return cls(
            id=str(entry["id"]),
            term=str(entry["term"]),
            stands_for=entry.get("stands_for"),
            meaning=entry.get("meaning"),
            source=str(entry["source"]),
            expansions=tuple(str(e) for e in entry.get("expansions") or ()),
            service=entry.get("service"),
            also_a_word=bool(entry.get("also_a_word")),
        )


def load_terms(knowledge_dir: Path) -> list[Term]:
    return [Term.from_entry(entry) for entry in check_knowledge(knowledge_dir).of(GLOSSARY)]


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
ASKING_WORDS = frozenset(
    """what whats what's wot wat is are does do did a an the stand stands standing for mean
    means meaning meant of define definition explain short abbreviation acronym full form name
    please pls plz again exactly by you that this term word is it it's its hmm sorry sry and
    who which tell me about btw anyway again quick q one more ok so then used use when where was
    were in context thing u you mentioned mention mentioning people keep keeps said heard
    someone everyone asked really basic silly question actually vs versus or difference
    between""".split()
) | frozenset(
    """diff diffs differ differs different differences same similar alike compare compared
    comparison distinguish distinction how from as thing things v""".split()
)
"""The words of asking what something is, or how two things differ ("whats the diff between
CIN and CP", "is a CP plan the same as CIN"): with the terms taken out, nothing else may be
left."""
KIND_WORDS = frozenset(
    """meeting meetings plan plans process unit panel review reviews team service referral
    referrals letter letters enquiry enquiries tool assessment project forum profile profiles
    programme handbook page briefing briefings procedures""".split()
)
"""What a term is attached to ("a TAC meeting", "a CIN plan"): still a question about the term."""


def _pattern(form: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(word) for word in form.split())
    # "DNAs", "EHCP's": plurals and possessives.
    return re.compile(rf"(?<![\w-]){words}(?:s|'s|\u2019s)?(?![\w-])", re.IGNORECASE)


BODY_KINDS = frozenset(
    "panel panels meeting meetings forum forums team teams service services project unit group"
    " board programme conference hub".split()
)
"""What a body of people is called: a proper local name ending in one ("Hackney Play Therapy
Service") is also typed as its initials with it ("the HPT service")."""
GATHERING_KINDS = frozenset("panel panels meeting meetings forum forums".split())
"""The kinds of body that practitioners swap for one another: a local name ending in one
("Extra Familial Risk Panel") is also typed as its other words or initials with any of them
("the extra familial risk meeting"). A team, service or project is never swapped: "Hackney
children and families service" is not the City of London's Children and Families Team (an
urgent contact), nor a "family support group" the Family Support Service."""
MIN_SHORT_WORDS = 3
"""Words a local name needs before its kind for its initials to name it ("EFR panel"): two
letters ("YC project") name too many things."""
MIN_HEAD_WORDS = 2
"""Words a local name needs before its kind for those words to name it with another kind
("complex care panel" for the complex care forum): one word ("the risk meeting") names too
many things."""


def _kinds_after(form: str, kinds: frozenset[str]) -> str:
    words = r"\s+".join(re.escape(word) for word in form.split())
    alternatives = "|".join(sorted(kinds))
    return rf"(?<![\w-]){words}\s+(?:{alternatives})(?![\w-])"


def named_pattern(term: Term) -> re.Pattern[str]:
    """The term's pattern, compiled once per name (`_named_pattern`): asked of every term
    several times a message, building it each time cost every turn."""
    return _named_pattern(term.term)


@cache
def _named_pattern(name: str) -> re.Pattern[str]:
    """The term as typed: its own words, and for a local name ending in a panel, meeting or
    forum, its other words or their initials followed by any of those ("What's the EFR
    panel?", "the extra familial risk meeting" name the Extra Familial Risk Panel); a local
    name ending in another kind of body only as its initials with its own kind ("the HPT
    service"). The initials are the name's own (a proper name's, every word capitalised:
    "Children and Families" has none), and only name it beside its kind."""
    forms = [_pattern(name).pattern]
    words = name.split()
    head, kind = words[:-1], words[-1].lower()
    if kind in GATHERING_KINDS:
        kinds = GATHERING_KINDS
        if len(head) >= MIN_HEAD_WORDS:
            forms.append(_kinds_after(" ".join(head), kinds))
    elif kind in BODY_KINDS:
        kinds = frozenset({kind, kind.removesuffix("s"), kind.removesuffix("s") + "s"})
    else:
        kinds = frozenset()
    if kinds and len(head) >= MIN_SHORT_WORDS and all(word[0].isupper() for word in head):
        forms.append(_kinds_after("".join(word[0] for word in head), kinds))
    return re.compile("|".join(f"(?:{form})" for form in forms), re.IGNORECASE)


_CLAUSE = re.compile(r"\s*(?:[,;:.!]|\s-+\s|\?(?=.))\s*")
CUES = frozenset(
    """what whats what's wot wat stand stands mean means meaning define explain diff differ
    difference different same compare vs versus""".split()
)
"""Words that ask what something is; a clause that is the term alone asks it too when it
ends the message ("one more - PLO", "and CIN?")."""


TERM_MARK = "termx"
"""What a found term is replaced with, so practice shapes read the same for every term."""


def _found_terms(
    text: str, terms: Sequence[Term], asked_alone: bool = False
) -> tuple[list[tuple[int, Term]], str]:
    """The terms a text names, each found once (the longest first, so "CP plan" before "CP"
    and "complex care forum" before nothing shorter inside it) with where it starts, and the
    text with each found term blanked out. A term that is also an everyday word names the term
    as `_as_the_term` says; `asked_alone`: the text is one clause that may ask about it alone
    ("what is fast", "fast?")."""
    found: list[tuple[int, Term]] = []
    rest = text
    for term in sorted(terms, key=lambda t: len(t.term), reverse=True):
        match = named_pattern(term).search(rest)
        if match is not None and (asked_alone or _as_the_term(term, match, rest)):
            found.append((match.start(), term))
            # Blanked, not cut, so each found term keeps its place in the text.
            rest = rest[: match.start()] + " " * len(match.group(0)) + rest[match.end() :]
    return found, rest


def _as_the_term(term: Term, match: re.Match[str], text: str) -> bool:
    """Whether a term found in the text is the term, not an everyday word of the same letters:
    any term but one that is also a word (`Term.also_a_word`); that one written in capitals
    ("FAST"), or beside a word of what it stands for or a kind of body ("the fast team", "a
    map meeting"), not "grow up too fast"."""
    if not term.also_a_word or match.group(0).isupper():
        return True
    meaning = set(_WORD.findall((term.stands_for or "").lower())) - STOPWORDS
    beside = (
        _WORD.findall(text[: match.start()].lower())[-1:]
        + _WORD.findall(text[match.end() :].lower())[:1]
    )
    return bool(set(beside) & (meaning | KIND_WORDS))


def terms_named(text: str, terms: Sequence[Term]) -> list[Term]:
    """The terms a text names, the most specific (longest) first: "the CAMHS complex care
    forum" names the forum first, then CAMHS."""
    found, _rest = _found_terms(text, terms)
    return [term for _start, term in found]


_COMPARING = re.compile(
    r"\b(?:diff\w*|vs\.?|versus|v|compar\w*|distinguish\w*|distinction|alike"
    r"|same\s+(?:thing\s+)?as|same\s+thing|similar\s+to)\b",
    re.IGNORECASE,
)
"""Words that compare two things: the other thing may be one the term's entry names ("the
same for City and Hackney" compares nothing)."""
MAX_OTHER_WORDS = 3


def _said_by(term: Term) -> set[str]:
    """The words of a term's entry (what it stands for and what the source says of it), each
    also without a plural "s"."""
    words = set(_WORD.findall(" ".join([term.stands_for or "", term.meaning or ""]).lower()))
    return words | {word.removesuffix("s") for word in words}


_PLACE = (
    r"\b(?:in|from)\s+(?:the|that|this|a)?\s*(?:(?!(?:in|from)\b)[\w&'\u2019-]+\s+){0,3}?"
    r"(?:audits?|reports?|reviews?|cases?|one)\b(?:\s+\d+)?"
)
_WHERE_USED = re.compile(rf"^\s*{_PLACE}|{_PLACE}(?=[\s?.!]*$)", re.IGNORECASE)
"""Where a term is used, said beside the question of what it means ("what does CYPS mean in
the SEND audit", "what does MAP stand for in case 3", "in that one what does TAC stand for"):
the place, and any term naming it, is not asked. Only a place ending or opening the clause: a
term with "in" inside ("child in need", "child in need review") is not cut."""
MEANING_ASKED = re.compile(
    r"\b(?:mean|means|meant|meaning|stand|stands|define|definition|abbreviation|acronym|short)\b",
    re.IGNORECASE,
)
"""Words that ask what letters mean ("what did CAMHS stand for", "short for"): only then is a
place beside the term where it is used ("what did the family support service do in the mental
health audit" asks its part); asked of an agency after a case, its entry, not its part."""


def _without_where_used(clause: str) -> str:
    """A clause asking what a term means, without where it is used."""
    return _WHERE_USED.sub(" ", clause) if MEANING_ASKED.search(clause) else clause


def _terms_of_clause(clause: str, terms: Sequence[Term]) -> list[Term]:
    """The terms a clause only asks about: each found and taken out, nothing but asking words
    may be left ("whats cin vs cp again"), nor where the term is used ("what does CYPS mean in
    the SEND audit" asks CYPS, not SEND); in a question of how things differ, words the
    term's own entry says are the other thing compared ("difference between a statement and
    an EHCP": the EHCP's entry says a statement was transferred to one)."""
    found, rest = _found_terms(_without_where_used(clause), terms, asked_alone=True)
    left = set(_WORD.findall(rest.lower())) - ASKING_WORDS - KIND_WORDS
    if found and _COMPARING.search(rest) and 0 < len(left) <= MAX_OTHER_WORDS:
        said = set().union(*(_said_by(term) for _start, term in found))
        if {word.removesuffix("s") for word in left} <= said:
            left = set()
    if found and not left:
        return [term for _start, term in sorted(found, key=lambda pair: pair[0])]
    return []


def asked_terms(text: str, terms: Sequence[Term]) -> list[Term]:
    """The terms a message asks about: a clause only asks what they are ("whats an ehcp again,
    new sendco asked me"), or its last clause is the terms alone, or a clause is the terms
    alone and another only asks what "it" is ("send - what does it stand for exactly")."""
    clauses = [clause for clause in _CLAUSE.split(text) if _WORD.search(clause.lower())]
    asking_only = any(
        words <= ASKING_WORDS and words & CUES
        for words in (set(_WORD.findall(clause.lower())) for clause in clauses)
    )
    for position, clause in enumerate(clauses):
        found = _terms_of_clause(clause, terms)
        if not found:
            continue
        words = set(_WORD.findall(clause.lower()))
        if len(clauses) == 1 or words & CUES or position == len(clauses) - 1 or asking_only:
            return found
    return term_pointed_at(text, terms)


_WHAT_IT_IS = re.compile(
    r"\bwhat(?:'s|\u2019s|s|\s+is)\s+(?:it|that|this)"
    r"(?:\s+(?:exactly|actually|again|thing))?\s*(?=$|[?.!,]|\s+and\b|\s+or\b)",
    re.IGNORECASE,
)
"""Asking what "it" is after naming it (a term someone else used, then "what is it and do I
need one?"): "what is it like" or "what is it about" ask no meaning, "what was it" asks what a
case was, and "what is it then" after a complaint asks what is going on, not what the term is."""
MAX_WORDS_TO_IT = 8
"""How far before the asking the term may be: further, "it" is something said after it ("new
in the EDT rota and I need the City of London contact for daytime handover, what is it")."""


def term_pointed_at(text: str, terms: Sequence[Term]) -> list[Term]:
    """The term a message names and then asks what "it" is (_WHAT_IT_IS): the one named last
    before the asking, at most MAX_WORDS_TO_IT words before it; none when no term is."""
    asking = _WHAT_IT_IS.search(text)
    if asking is None:
        return []
    found, _rest = _found_terms(text[: asking.start()], terms)
    if not found:
        return []
    start, term = max(found, key=lambda pair: pair[0])
    after = named_pattern(term).search(text, start)
    between = text[after.end() if after else start : asking.start()]
    return [term] if len(_WORD.findall(between.lower())) <= MAX_WORDS_TO_IT else []


def asked_term(text: str, terms: Sequence[Term]) -> Term | None:
    """The first term a message asks about, if it asks about one."""
    return next(iter(asked_terms(text, terms)), None)


def uses_term(text: str, term: Term) -> bool:
    """The text uses the term as written (capitals matter: "SEND" is not "send") or spelt out."""
    if re.search(rf"(?<![\w-]){re.escape(term.term)}(?:s|'s)?(?![\w-])", text):
        return True
    spelt = [form for form in (term.stands_for, *term.expansions) if form]
    return any(_pattern(form).search(text) for form in spelt)


def texts_using(term: Term, texts: Iterable[tuple[str, str]]) -> list[str]:
    """The ids of the (id, text) pairs that use the term, in their order."""
    return [item_id for item_id, text in texts if uses_term(text, term)]


PHRASE_ASKING_WORDS = ASKING_WORDS | frozenset(
    "audit audits report reports review reviews case cases say says said".split()
)
"""Words of asking what something is in the audits: "what is X in the audit"."""
MIN_PHRASE_WORDS = 2


def phrase_beside_terms(text: str, terms: Sequence[Term]) -> list[str]:
    """The words a question about a term asks beyond it ("what is CAMHS complex care forum in
    audit": complex, care, forum), in their order; none when it asks about the term alone or
    fewer than MIN_PHRASE_WORDS words are left (one word is a kind of the term: "a CIN plan")."""
    rest = text
    for term in terms:
        rest = named_pattern(term).sub(" ", rest)
    words = [word for word in _WORD.findall(rest.lower()) if word not in PHRASE_ASKING_WORDS]
    return words if len(words) >= MIN_PHRASE_WORDS else []


_PRACTICE_SHAPES = re.compile(
    rf"""\b(?:would|could|will|might|can)\s+(?:a|an|the)?\s*{TERM_MARK}\d+\s+(?:{TERM_MARK}\d+\s+)?
        (?:meeting\s+)?(?:help|work|be\s+(?:useful|worth\s+it|appropriate|right|the\s+right
        |any\s+good)|make\s+a\s+difference)\b
    |\bwhat(?:s|'s|\u2019s)?\s+(?:(?:is|are)\s+)?(?:a|an|the)?\s*{TERM_MARK}\d+\s+
        (?:actually\s+|really\s+|even\s+)?(?:used\s+for|for\b)
    |\b(?:point|purpose)\s+of\s+(?:a|an|the)?\s*{TERM_MARK}\d+\b
    |\bworth\s+(?:calling|holding|having|asking\s+for|requesting|convening|setting\s+up
        |going\s+to|taking\s+(?:it|this|a\s+case)\s+to)\s+(?:a|an|the)?\s*{TERM_MARK}\d+\b
    |\bwhen\s+(?:would|should|do|can|could|might|to)\s+(?:i|we|you|u|one)?\s*
        (?:take|bring|use|call|hold|convene|set\s+up|ask\s+for|request|go\s+to|escalate\s+to)
        \b[^.?!]{{0,40}}\b(?:{TERM_MARK}\d+|there|it|one)\b""",
    re.IGNORECASE | re.VERBOSE,
)
"""A term asked about in practice: "would a TAC help with ...", "what is the complex care
forum used for", "when would I take a case there", "is it worth calling a TAC"."""


def asks_term_in_practice(text: str, terms: Sequence[Term]) -> list[Term]:
    """The terms a practice question asks about, when it asks whether, what for or when to use
    the thing a term names: those in the words that ask it ("we can't see her for her SEND
    assessment - would a TAC help": TAC), else every term named, the most specific first; none
    otherwise ("what does the audit say about CIN plans" asks for the learning)."""
    named = terms_named(text, terms)
    marked = text
    for index, term in enumerate(named):
        marked = named_pattern(term).sub(f" {TERM_MARK}{index} ", marked)
    shape = _PRACTICE_SHAPES.search(marked)
    if shape is None:
        return []
    asked = [term for index, term in enumerate(named) if f"{TERM_MARK}{index}" in shape.group(0)]
    return asked or named


_UPDATES = re.compile(
    r"\b(?:keep(?:ing)?\s+(?:up|abreast|informed|current)"
    r"|(?:keep(?:ing)?|stay(?:ing)?)\s+on\s+top\s+of\s+(?:the\s+)?(?:latest\s+)?"
    r"(?:updates?|changes|news)"
    r"|stay(?:ing)?\s+(?:up\s+to\s+date|informed|current|in\s+the\s+loop)"
    r"|hear(?:ing)?\s+(?:about|of)\s+(?:new|changes|updates|what)"
    r"|find\s+out\s+about\s+(?:new|changes|updates|what)"
    r"|newsletters?|bulletins?|briefings?|mailing\s+list)\b",
    re.IGNORECASE,
)
"""Keeping up asked for: keep up, stay informed, hear about what is new, or a newsletter,
bulletin or briefing; never a bare "up to date" ("are the audits up to date"), "sign up",
"keep track" or "any updates?"."""
_WHAT_IS_NEW = re.compile(
    r"\b(?:on|with|about|of|w)\s+(?:all\s+)?(?:this|that|these|those|the|our)\s+"
    r"(?:partnership(?:'s|\u2019s|s)?\s+)?(?:stuff|things|learning)\b",
    re.IGNORECASE,
)
"""What is kept up with, in no words of a topic: "on this stuff", "with the partnership's
learning"."""
UPDATE_WORDS = frozenset(
    """how do does can could would should i we you u w where what whats what's is are there any
    get got find keep keeping up stay staying on top of with w on with abreast informed current
    track date to loop in the a an updates update updated newsletter newsletters bulletin
    bulletins briefing briefings mailing list sign subscribe hear about new changes latest news
    these partnership safeguarding from for me us my our team best way ways please pls""".split()
)
"""Words of asking how to hear of what is new, with no topic of their own ("how do i keep up
w updates", "is there a newsletter I can sign up to"): no topic-ish word ("the audits", "my
work", "the learning") but in what is kept up with ("on this stuff")."""
_BRIEFING = re.compile(r"briefing|bulletin|newsletter", re.IGNORECASE)


def asks_for_updates(text: str) -> bool:
    """How to keep up with what is new, asked in no words of a topic: the briefings the audits
    name are the answer ("Things You Should Know"), not a key message that mentions them."""
    if _UPDATES.search(text) is None:
        return False
    rest = _WHAT_IS_NEW.sub(" ", text)
    words = {word.removesuffix("'s") for word in _WORD.findall(rest.lower())}
    return words <= UPDATE_WORDS


def briefings(terms: Sequence[Term]) -> list[Term]:
    """The glossary's local names that are briefings: the service each names is one."""
    return [term for term in terms if term.service and _BRIEFING.search(term.service)]


_GATHERING_ASKED = re.compile(
    r"\b(?:(?:is|are)\s+there\s+(?:an?|any|some)|any|which|what)\s+(?:[\w-]+\s+)?"
    r"(?:panels?|forums?)\b",
    re.IGNORECASE,
)
"""A panel or forum asked for ("is there a panel for this stuff", "any forum for kids who keep
going missing", "which panel looks at ..."): what it is for is told around it."""
_PANEL_KINDS = frozenset({"panel", "forum"})
"""The local names a panel or forum asked for may be: a strategy meeting or a TAC is a step of
practice, which the learning answers."""
MAX_ENTRIES_TELLING = 3
"""A word of the message tells which local name it is for when at most this many glossary
entries say it ("missing": the Extra Familial Risk Panel's alone); "health", "case" or "young"
are said by most entries and tell none."""
_NOT_TELLING = (
    STOPWORDS
    | ASKING_WORDS
    | KIND_WORDS
    | frozenset(
        "hackney city london local stuff panels forums meetings found describe further".split()
    )
)
"""Words that tell nothing of what a panel is for: asking, kinds, places, and the glossary's
own framing of what an audit found ("The mental health audit found ... It does not describe
the forum further")."""


_OF_A_CHILD = re.compile(
    r"\b(?:child(?:ren)?|kids?|young\s+(?:person|people)|yp|boys?|girls?|sons?|daughters?"
    r"|teen(?:ager)?s?|\d+\s*(?:yo|y/o|year\s+olds?)|babies|baby|infants?|toddlers?|pupils?"
    r"|he|she|they|him|her|them|camhs)\b",
    re.IGNORECASE,
)
"""Who a panel or forum is for: a child, or the child's own service (CAMHS). A word of the
message tells which panel only in a clause about them: "missing" said of a GP ("keeps missing
our strategy meetings") or of nobody ("any panel for sexual assault cases") tells none."""
_CLAUSE = re.compile(r"[.,;:!?\n]|\s[-\u2013\u2014]\s")
_ESCALATING = re.compile(r"\bescalat", re.IGNORECASE)
"""A panel or forum asked for to escalate a disagreement between professionals is a step of
escalation, which the escalation guide answers, not a local panel for the child."""


def _plain_words(text: str) -> set[str]:
    return {word.removesuffix("s") for word in _WORD.findall(text.lower())}


def _said_of_a_child(text: str) -> set[str]:
    """The words of the message's clauses that name a child, less the words naming them."""
    return {
        word
        for clause in _CLAUSE.split(text)
        if _OF_A_CHILD.search(clause)
        for word in _plain_words(_OF_A_CHILD.sub(" ", clause))
    }


def gatherings_asked(text: str, terms: Sequence[Term]) -> list[Term]:
    """The local panels and forums a message asks for by what they are for ("kid missing a few
    times ... is there a panel for this stuff": the Extra Familial Risk Panel, whose entry
    says the audited young person was missing): the glossary's names ending in a panel or
    forum whose entry says a word of the message that few entries say (`MAX_ENTRIES_TELLING`).
    None when no entry tells it: a panel the knowledge does not name is never made up. The
    word must be said of a child (`_OF_A_CHILD`), and a panel asked for to escalate is none."""
    if _GATHERING_ASKED.search(text) is None or _ESCALATING.search(text):
        return []
    entries = {term.id: _plain_words(" ".join([term.term, *_said_by(term)])) for term in terms}
    telling = {word for word in _said_of_a_child(text) - _NOT_TELLING if word.isalpha()}
    return [
        term
        for term in terms
        if term.term.split()[-1].lower() in _PANEL_KINDS
        and any(
            word in entries[term.id]
            and sum(word in said for said in entries.values()) <= MAX_ENTRIES_TELLING
            for word in telling
        )
    ]
