"""One detail of what the conversation left open, found in its own text: "whos the named
professional" after an answer that mentions one, "what about his birth family" after a case,
"were they actually using it with him?" after an answer about the voice of a non-verbal child.

A short follow-up has too few words to be placed among all the key messages (the ranking is
unsure and the near-nothing judgement would say the audits may not cover it), but it has
plenty to be placed among the lines of the one answer or case it leans on. The lines that
share the most words with it answer it; none sharing any, what the audit found there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.dialogue.moves import FUNCTION_WORDS, POLITE, topic_words
from bot.dialogue.terms import Term, terms_named
from bot.dialogue.understanding import stem
from bot.knowledge.citations import CITED
from bot.knowledge.models import Case, KeyMessage

MAX_LINES = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str | None) -> list[str]:
    """A paragraph's sentences (nothing for no text)."""
    return [part.strip() for part in _SENTENCE_END.split(text or "") if part.strip()]


def message_lines(message: KeyMessage) -> list[str]:
    """Every line a key message's answer can give: what the audit found first (the answer
    itself shows the summary and steps), then the summary, the steps, the reflective
    questions, the services, and which case it means."""
    return [
        *sentences(message.found),
        *sentences(message.summary),
        *message.actions,
        *(question.text for question in message.reflective_questions),
        *(f"{service.name}: {service.offers}" for service in message.signposts),
        *sentences(message.case_note),
    ]


def case_lines(case: Case) -> list[str]:
    """Every line the audit gives about one case: its summary, its strengths, and what each of
    its key messages found."""
    found = [line for message in case.key_messages for line in sentences(message.found)]
    return [*sentences(case.summary), *case.strengths, *found]


EVERYDAY_WORDS: dict[str, str] = {
    "mum": "mother",
    "mom": "mother",
    "mam": "mother",
    "dad": "father",
    "stepdad": "father",
    "info": "information",
    "kid": "child",
    "kids": "children",
    "brother": "sibling",
    "brothers": "siblings",
    "sister": "sibling",
    "sisters": "siblings",
    "bro": "sibling",
    "sis": "sibling",
    "drug": "substance",
    "drugs": "substance",
    "alcohol": "substance",
    "alcoholic": "substance",
    "schooling": "education",
}
"""The everyday word a practitioner types and the word the audits write for it: "what about
mum" meets "engaged the mother", "her brothers and sisters" the siblings, "info sharing"
information sharing, "a parent using drugs" the "substance misuse" a service takes, "how did they
sort the schooling" a case's line on home education."""


ABBREVIATION = re.compile(r"\b[b-df-hj-np-tv-xz]{2}\b", re.IGNORECASE)
"""Two letters with no vowel are an abbreviation ("GP", "CP", "MH", "DV"), a topic of their
own though too short for topic_words: "gp role" after a case asks for the GP's lines."""


_WITHOUT = re.compile(
    r"(?:\b(?:could|can|did|was|were|is|are|wo|would)?\s*(?:not|never|n't|nt)|\bcannot|\bcan'?t"
    r"|\bunable\s+to)\s+(?:(?:he|she|they|we|you|i|it|the\s+\w+)\s+)?(?:be\s+)?"
    r"(?:able\s+to\s+)?(?:get|gets|getting|got|access|accessing|receive|receiving|received"
    r"|obtain|given)\b|\bno\s+access\b|\bdenied\b|\bmiss(?:ed|es|ing)?\s+out\b",
    re.IGNORECASE,
)
WITHOUT_ACCESS = "withoutaccess"
"""What someone could not get, in the asker's words and the audits' ("what was the service he
couldn't get" meets "not able to access Short breaks provision"): one word for both."""
WORD_FAMILIES: dict[str, str] = {
    "referral": "refer",
    "referrals": "refer",
    "referred": "refer",
    "referring": "refer",
    "refers": "refer",
}
"""Words of one family the crude stem keeps apart ("who referred" meets "a referral was
made")."""
_BRITISH = re.compile(r"(?<=\w{4})iz(?=(?:e|ed|es|ing|ation|ations)$)")
"""An American "-ize" spelt as the audits mostly spell it: "finalized" meets "finalised"."""
_SAYING_NOTHING = frozenset({"audit", "audits"})
"""Words a question about a line says of where it is ("in the audit"), not what it says."""


def _stems(text: str) -> set[str]:
    """The stems of a message's topic words in the audits' words, a final "e" dropped too, so
    "outcome?" meets "Achieving outcomes" (the shared stem drops "es" from the plural only);
    with its two-letter abbreviations, and what could not be got said in one word."""
    text = _WITHOUT.sub(f" {WITHOUT_ACCESS} ", text.replace("\u2019", "'"))
    words = (
        topic_words(text) | {found.lower() for found in ABBREVIATION.findall(text)} - FUNCTION_WORDS
    ) - _SAYING_NOTHING
    return {word_stem(word) for word in words}


def word_stem(word: str) -> str:
    """A word's stem as lines and a question about them are matched: the word the audits write
    for an everyday one ("brothers": siblings, "mum": mother), one stem for a word family
    ("referral", "referred"), for both spellings ("finalised", "finalized") and with or
    without a final "e" ("escalate", "escalated")."""
    audits_word = EVERYDAY_WORDS.get(word) or WORD_FAMILIES.get(word) or word
    return stem(_BRITISH.sub("is", audits_word)).removesuffix("e")


def matching_lines(question: str, lines: Sequence[str]) -> list[str]:
    """The lines sharing the most topic words with the question (at most MAX_LINES, in their
    order, each once); none when no line shares at least half of its words (a question of its
    own shares a few words with many answers)."""
    wanted = _stems(question)
    scored = [(len(wanted & _stems(line)), line) for line in dict.fromkeys(lines)]
    best = max((score for score, _ in scored), default=0)
    if best == 0 or 2 * best < len(wanted):
        return []
    return [line for score, line in scored if score == best][:MAX_LINES]


def words_shared(question: str, lines: Sequence[str]) -> int:
    """How many of the question's words the line saying most of them says: which of two sets
    of lines a follow-up leans on ("who did the GP refer to" after an answer and a case's line
    naming the GP's referral)."""
    wanted = _stems(question)
    return max((len(wanted & _stems(line)) for line in lines), default=0)


MAX_DETAIL_WORDS = 4


def asks_within(question: str, lines: Sequence[str]) -> bool:
    """A few words that all occur in these lines ("whos the named professional" after an
    answer naming the ELFT Named Professional): a question about a detail of them."""
    wanted = _stems(question)
    said = {word for line in lines for word in _stems(line)}
    return 0 < len(wanted) <= MAX_DETAIL_WORDS and wanted <= said


_CONSENT_ASKED = re.compile(
    r"\b(?:consent\w*|agree\w*|permission|allow\w*|say\s*so|sign\w*\s+off)\b"
    r"|\b(?:mum|mom|mam|dad|parent|parents|carer|carers|family|their|his|her|the)'?s?\s+ok(?:ay)?\b"
    r"|\bsays?\s+(?:no|yes)\b|\b(?:don'?t|dont|do\s+not|not\s+to)\s+share\b"
    # a refusal: "and if they refuse", "what if they still won't let us"
    r"|\brefus\w*|\bwon'?t\s+(?:let|allow|have\s+it)\b",
    re.IGNORECASE,
)
_CONSENT_LINE = re.compile(
    r"\b(?:consent\w*|agree\w*|permission|self-refer\w*|refus\w*|says?\s+no)\b", re.IGNORECASE
)
"""A line on who must agree, or on what to do when they do not ("parents rarely say no to
sharing information, so explore the reasons for any refusal")."""
CONSENT_WORDS = frozenset(
    """consent consents consented agree agrees agreed agreement agreeing permission allow
    allowed ok okay say says need needs have has must first parent parents parental mum mums
    mom moms mam dad dads mother father carer carers family families young person child kid
    share sharing refer referral referring don dont refuse refuses refused refusing let won
    wont""".split()
)
"""Words of asking whether someone must agree, not a topic of their own."""
MAX_CONSENT_OWN_WORDS = 1


def asks_consent(text: str) -> bool:
    """ "do I need mum to agree?", "do they need the parents' consent", "what if the young
    person says don't share it": whether someone must agree to what the last answer said,
    in few words of its own."""
    plain = text.replace("\u2019", "'")
    if _CONSENT_ASKED.search(plain) is None:
        return False
    own = {word.replace("'", "") for word in topic_words(plain)} - CONSENT_WORDS
    return len(own) <= MAX_CONSENT_OWN_WORDS


def consent_lines(lines: Sequence[str]) -> list[str]:
    """The lines that say who must agree, or what to do when they refuse: "With parental
    consent, refer ...", "Let families know they can also self-refer", "Share safety plans
    ..., on agreement", "explore the reasons for any refusal"; each said once."""
    return _said_once(lines, _CONSENT_LINE)


_WORDING_ASKED = re.compile(
    r"\b(?:word|words|wording|worded|phrase\w*|phrasing|rephras\w*|terminology|language"
    r"|narrative|put\s+it|say\s+it|write\s+it|call\s+it"
    r"|(?:write|say|put|call\s+it)\s+instead)\b",
    re.IGNORECASE,
)
"""Asking how to put it ("how should I word it"), or what to put in place of the words just
warned about ("what should we write instead?"; "what should we do instead" asks no wording)."""
_WORDING_LINE = re.compile(
    r"\b(?:narrative|rephras\w*|wording|worded|phrase\w*|phrasing|terminology|language"
    r"|really\s+means?)\b",
    re.IGNORECASE,
)
"""A line about the words practitioners use: "Be wary of using the narrative that parents
'seem to engage' ... rephrased", "'Did not attend' (DNAs) really mean ... not being brought"."""
WORDING_WORDS = frozenset(
    """word words wording worded phrase phrases phrasing rephrase rephrased rephrasing
    terminology language narrative put say saying write writing written instead alternative
    alternatives better different suggest suggestion suggestions use using used could would
    should good bad wrong right example examples exact exactly matter matters problem why
    report reports notes note record records recording minutes call""".split()
)
"""Words of asking about wording, not a topic of their own."""
MAX_WORDING_OWN_WORDS = 1


def asks_wording(text: str, lines: Sequence[str] = ()) -> bool:
    """ "alternative wording?", "how should I word it", "why does the wording matter": how
    to put what the last answer said, in few words of its own (words its lines say, such as
    the phrase it warns about, are not its own)."""
    return _asked_of_lines(text, _WORDING_ASKED, lines, WORDING_WORDS, MAX_WORDING_OWN_WORDS)


def _asked_of_lines(
    text: str, asked: re.Pattern[str], lines: Sequence[str], asking: frozenset[str], most: int
) -> bool:
    """The message has the shape `asked`, and at most `most` words of its own beyond the
    words of asking and the words the lines it leans on say."""
    plain = text.replace("\u2019", "'")
    if asked.search(plain) is None:
        return False
    said = {word for line in lines for word in _stems(line)}
    own = {word for word in topic_words(plain) if word not in asking}
    return len({word for word in own if _stems(word).isdisjoint(said)}) <= most


def wording_lines(lines: Sequence[str]) -> list[str]:
    """The lines that say which words to use or avoid, and why, each said once (a key
    message's finding and its step often say the same in nearly the same words)."""
    return _said_once(lines, _WORDING_LINE)


_CONTENTS_ASKED = re.compile(
    r"\bwhat\s+(?:should|must|would|does|do|will|could|needs?\s+to)\s+(?P<holder>(?:\w+\s+){0,3}?)"
    r"(?:include|contain|involve|consist\s+of|look\s+like|have\s+in\s+it)\b"
    r"|\bwhat\s+(?:goes|should\s+go|do\s+I\s+put|should\s+I\s+put)\s+in(?:to)?\s+"
    r"(?P<put_in>it|that|this|the\s+\w+)\b",
    re.IGNORECASE,
)
"""Asking what the thing the last answer recommends should hold ("what must it contain",
"what goes in it"), not what a service takes ("does it cover ..."): "cover" asks a scope."""
_CONTENTS_HOLDERS = frozenset({"plan"})
"""A holder named without the lines saying it: the plan an answer leads to."""
_NOT_CONTENTS_HOLDERS = frozenset(
    "audit audits report reports review reviews you assistant bot tool".split()
)
"""Holders whose contents are the audits' list or the assistant's scope, never a line of the
last answer."""
_CONTENTS_LINE = re.compile(
    r"\b(?:consider\w*|includ\w*|contain\w*|holistic|elements?)\b", re.IGNORECASE
)
"""A line saying what to take into account or put in: "Consider both health (medical) and social
elements", "closure letters contain enough detail for agencies to understand the rationale"."""
CONTENTS_WORDS = frozenset(
    """include contain cover involve consist look like have should must would does will
    could need needs goes put plan planning""".split()
)
MAX_CONTENTS_OWN_WORDS = 1


def asks_contents(text: str, lines: Sequence[str] = (), terms: Sequence[Term] = ()) -> bool:
    """ "what must it contain", "what goes in the plan": what the thing the last answer
    recommends should hold, in few words of its own (words its lines say are not its own).
    The holder is a pronoun, the plan or a word the lines say; never the audits, a report,
    the assistant or a glossary term (`terms`), whose contents are answered elsewhere."""
    asked = _CONTENTS_ASKED.search(text.replace("\u2019", "'"))
    if asked is None:
        return False
    holder = asked.group("holder") or asked.group("put_in") or ""
    words = {word.lower() for word in re.findall(r"\w+", holder)}
    if words & _NOT_CONTENTS_HOLDERS or terms_named(holder, terms):
        return False
    said = {word for line in lines for word in _stems(line)}
    named = words - FUNCTION_WORDS - CONTENTS_WORDS - _CONTENTS_HOLDERS
    if any(_stems(word).isdisjoint(said) for word in named):
        return False
    return _asked_of_lines(text, _CONTENTS_ASKED, lines, CONTENTS_WORDS, MAX_CONTENTS_OWN_WORDS)


def contents_lines(lines: Sequence[str]) -> list[str]:
    """The lines that say what to take into account, each said once."""
    return _said_once(lines, _CONTENTS_LINE)


def _said_once(lines: Sequence[str], wanted: re.Pattern[str]) -> list[str]:
    """The lines the pattern finds, each said once (a key message's finding and its step
    often say the same in nearly the same words), at most MAX_LINES."""
    kept: list[str] = []
    for line in dict.fromkeys(lines):
        if wanted.search(line) and not any(_restates(line, other) for other in kept):
            kept.append(line)
    return kept[:MAX_LINES]


SAME_LINE_SHARE = 0.6
"""The share of a line's words another line says for the two to say the same thing."""


_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:]|\s[-\u2013\u2014]\s)\s*")


def _wording_clause(line: str) -> str:
    """The clause of a line that speaks of wording ("avoid the narrative that parents 'seem
    to engage'" in a summary listing four things to do), else the whole line."""
    return next((part for part in _CLAUSE_BREAK.split(line) if _WORDING_LINE.search(part)), line)


def _restates(line: str, other: str) -> bool:
    """Whether two lines say the same about wording: their clauses on it share most words."""
    mine, theirs = _stems(_wording_clause(line)), _stems(_wording_clause(other))
    shorter = min(len(mine), len(theirs)) or 1
    return len(mine & theirs) / shorter >= SAME_LINE_SHARE


def lines_saying(words: Sequence[str], lines: Sequence[str]) -> list[str]:
    """The lines that say every one of these words ("complex care forum": the case's line on
    "CAMHS use of the complex care forum"), each once."""
    wanted = {stem(EVERYDAY_WORDS.get(word, word)).removesuffix("e") for word in words}
    return [line for line in dict.fromkeys(lines) if wanted <= _stems(line)]


_USUAL = r"(?:usual|normal|the\s+norm|routine|standard|typical|common)"
_USUAL_ASKED = re.compile(
    rf"\b(?:is|was|are|were)(?:n'?t)?\s+(?:that|this|it|they|these|those)\s+"
    rf"(?:(?:really|quite|very|not)\s+)?{_USUAL}\b"
    rf"|\b(?:that|this|it)'?s\s+(?:(?:really|quite|very|not)\s+)?{_USUAL}\b"
    rf"|\bhow\s+{_USUAL}\s+is\s+(?:that|this|it)\b"
    r"|\b(?:does|do|did)(?:n'?t)?\s+(?:that|this|it)\s+"
    r"(?:normally|usually|typically|routinely|commonly)\s+happen"
    rf"|^\W*{_USUAL}\W*$",
    re.IGNORECASE,
)
"""A question about what was just said ("is that usual?", "does that normally happen", "is it
normal for over 13s"), never a word of its own: "should I always call a professionals
meeting", "what usually happens at one", "do parents often..." ask something new."""
_USUAL_LINE = re.compile(
    r"\b(?:not\s+)?(?:normal|usual|routine|standard|typical|common)\s+(?:practice|procedures?)\b"
    r"|\bunusual\b|\bnot\s+(?:normal|usual|routine|typical|common)\b",
    re.IGNORECASE,
)
"""A line remarking on what is usual practice: "seen with a paediatrician (not normal practice
for over 13s)", "responded to in line with standard procedures"."""
USUAL_WORDS = frozenset(
    """usual usually normal normally norm routine routinely standard typical typically common
    always often practice practise happen happens happened thing things done way procedure
    procedures expected expect year years old aged age kids children child young people
    person teen teens teenager teenagers""".split()
)
"""Words of asking whether something is usual, not a topic of their own."""


def asks_usual(text: str, lines: Sequence[str] = ()) -> bool:
    """ "is that usual?", "is that normal practice", "does that normally happen", "is it
    routine for over 13s?": whether what the last answer said is the usual way, in no words
    of its own (words its lines say, such as "over 13s", are not its own)."""
    plain = text.replace("\u2019", "'")
    if _USUAL_ASKED.search(plain) is None:
        return False
    said = {word for line in lines for word in _stems(line)}
    own = {word for word in topic_words(plain) if word not in USUAL_WORDS}
    return not {word for word in own if _stems(word).isdisjoint(said)}


MIN_WORDS_OF_A_LINE_SHOWN = 4
"""Fewer words than this ("Non-compliant parents") are a heading, not a line shown."""


def shows_line_of(said: str, lines: Sequence[str]) -> bool:
    """Whether a message shows a sentence of one of these lines (a case's line after an
    answer), not only names them in its Source line: a sentence of it within one of them."""
    shown = [
        sentence
        for line in said.replace("*", "").splitlines()
        if not line.startswith(CITED)
        for sentence in sentences(line.lstrip("-\u2022 "))
        if len(sentence.split()) >= MIN_WORDS_OF_A_LINE_SHOWN
    ]
    return any(sentence in line for sentence in shown for line in lines)


def usual_lines(lines: Sequence[str]) -> list[str]:
    """The lines that remark on what is usual practice, each once; a reflective question
    ("is it normal practice to...?") asks the reader, it says nothing of what is usual."""
    return [
        line
        for line in dict.fromkeys(lines)
        if _USUAL_LINE.search(line) and not line.rstrip().endswith("?")
    ][:MAX_LINES]


OTHER_AUDIT = re.compile(
    r"\b(?:the|that)\s+(?:other|second|different)\s+(?:audit|report|review|one)\b"
    r"|\b(?:another|a\s+different)\s+(?:audit|report|review)\b",
    re.IGNORECASE,
)
_OTHER_AUDIT_WORDS = frozenset(
    """audit audits report reports review reviews other second different another anything
    something learning key message messages lesson lessons say says said mention mentions
    mentioned found find cover covers covered similar same wrong meant mean instead rather
    oops nope""".split()
)
"""Words of asking what the other audit has, or of correcting to it ("wrong one, the other
audit please"), not the subject asked of it."""
_SUBJECT_OPENED = re.compile(r"\b(?:on|about|for|re|regarding)\s+(?P<subject>.+)", re.IGNORECASE)
"""Where the subject asked of the other audit starts ("anything for GPs", "what does it say
on interpreters"): the rest of the question ("what did the other audit recommend", "examples
in the other audit") is how it is asked, never its subject."""
_QUESTION_WORDS = frozenset("what which who whom whose when where why how".split())


def other_audit_subject(text: str) -> list[str] | None:
    """The subject a message asks of the other audit ("is there anything for GPs in the other
    audit?" -> ["gps"]), from the phrase "on", "about", "for", "re" or "regarding" opens; None
    when it names the other audit and no subject (a correction, or a question asked of it
    in words of its own)."""
    if OTHER_AUDIT.search(text) is None:
        return None
    opened = _SUBJECT_OPENED.search(text)
    if opened is None:
        return None
    left_out = _OTHER_AUDIT_WORDS | POLITE | _QUESTION_WORDS
    subject = [w for w in topic_words(opened.group("subject")) if w not in left_out]
    return subject or None


def stems_said(lines: Sequence[str]) -> set[str]:
    """Every word's stem in the lines, as the subject asked is stemmed: the subject is said
    there when all its stems are (a key message's lines name "GPs", "siblings")."""
    return {stem(word) for line in lines for word in re.findall(r"[a-z0-9]+", line.lower())}


def as_typed(text: str, words: Sequence[str]) -> str:
    """The subject's words as the person typed them, in their order ("GPs")."""
    typed = [w for w in re.findall(r"[\w'-]+", text) if w.lower() in set(words)]
    return " ".join(dict.fromkeys(typed))
