"""What the audits do not cover: safeguarding topics described in knowledge/uncovered_topics.yml.

A question on FGM or county lines used to get the nearest key message, confidently and
wrongly; a trained classifier cannot know what it was never shown, so the topics the audits
leave out are described in data. A list of words alone missed "'cutting' for her daughter"
and declined "at risk of CSE, should we be looking at her social media?", so the decision
weighs meaning: how near the question is to a topic's description against how near it is to
what the audits say (`CoverageJudge`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.dialogue.answers.core import TOPICS_BUTTON
from bot.dialogue.follow_ups import sentences
from bot.dialogue.replies import CALL_999, Reply
from bot.dialogue.retrieval import Encode
from bot.dialogue.stopwords import STOPWORDS
from bot.encoder import ENCODED_DIR, FloatArray, cached_encode, shared_encoder
from bot.knowledge.schema import CASES, GLOSSARY, KEY_MESSAGES, UNCOVERED_TOPICS
from bot.knowledge.validation import check_knowledge
from bot.safeguards.vocabulary import stems
from bot.settings import coverage_held_out
from bot.yaml_text import safe_load

PROCEDURES = "the London Safeguarding Children Procedures"
PARTNERSHIP = "the City & Hackney Safeguarding Children Partnership (CHSCP) website"
PROCEDURES_LINK = "london-child-protection-procedures"
"""The audits' own link to the London procedures (knowledge/links.yml): shown once the
partnership sets it, never invented. The partnership's site has no link id yet: named only."""


@dataclass(frozen=True)
class UncoveredTopic:
    id: str
    label: str
    pattern: re.Pattern[str]
    description: str = ""
    needs: re.Pattern[str] | None = None
    """For a topic about one kind of person or thing (a baby, an adult, staff): one of its
    words, without which meaning alone never names the topic (`CoverageJudge`)."""
    told_as: tuple[str, ...] = ()
    """The topic as a practitioner may tell it without its name: FGM as a girl "cut" on a trip
    abroad by an older woman. One description sentence carries every side of a topic, and a
    worry told from one side of it reads nearer the audits' learning than that sentence
    (`CoverageJudge` matches each of these lines as it matches the description).
    None is kept yet: eleven lines for FGM, forced marriage, trafficking, exploitation,
    radicalisation, private fostering and allegations against staff (2026-12-06) declined no
    more held-out questions leaving one set out on A-Q (916 of 951 with or without them), drew
    danger scenes nearer, and named FGM for an SEN question already declined wrongly. Add a line
    when `python -m bot nlu coverage-loso` shows it declines more than it costs."""

    def lines(self) -> tuple[str, ...]:
        """What the topic is, as meaning matches it: its description, label and other tellings."""
        return tuple(text for text in (self.description, self.label, *self.told_as) if text)

    def fits(self, text: str) -> bool:
        """Whether meaning alone may name this topic for `text`: it names what the topic is
        about, or the topic needs no such word."""
        return self.needs is None or self.needs.search(text) is not None


INFLECTED = re.compile(r"(?:ations?|ions?|ings?|ers?|ed|es|e|s)$")
VERB_ENDINGS = ("ing", "ings", "er", "ers", "ed", "es", "e", "s")
"""Other forms of a term's word that name the same thing: "home educated" names "home
educate" and "home educating", "trafficked" names "trafficking" and "traffickers". A noun in
-ion is not made from a verb ("home education" is in the audits, beside a case). By the
topics' words alone, leaving one set out on A-K (2026-12-06): 480 of 627 out-of-coverage
questions named instead of 474 ("home educate", "cuckooed", "privat fostering"), and no more
of 7,125 other messages (the same 110, all danger or contact requests the step keeps)."""
MIN_STEM = 5
"""A shorter stem ("gang" of "gangs", "cut") would name other words; such words are kept as
they are written."""


def _word(word: str) -> str:
    """A word of a term as a pattern: its stem and its own or a verb's ending, if it is a
    lower-case word whose stem is long enough to name nothing else; an acronym ("FGM", "CSE")
    or a short word exactly."""
    stem = INFLECTED.sub("", word)
    if not (word.islower() and word.isalpha() and len(stem) >= MIN_STEM):
        return re.escape(word)
    if stem.endswith("i") and word.endswith(("ied", "ies")):  # "married": marry, marrying
        return rf"{re.escape(stem[:-1])}(?:y|ies|ied|ying)"
    endings = sorted({word[len(stem) :], *VERB_ENDINGS} - {""}, key=len, reverse=True)
    return rf"{re.escape(stem)}(?:{'|'.join(endings)})?"


GAP = "..."
"""In a term, up to `GAP_WORDS` other words: "allegation against ... staff" names "an allegation
against one of our nursery staff" as it names "an allegation against staff"."""
GAP_WORDS = 3
_SEPARATOR = r"[\s-]+"
_BEFORE_GAP = r"(?:['\u2019]s)?"
"""The word before a gap may be possessive or say "is": "dad's ... in prison" as "dad ... in
prison"."""


def _term(term: str) -> str:
    """A term as a pattern: its words (`_word`) with any spacing or hyphen between them, and
    any `GAP` as up to `GAP_WORDS` words of any kind."""
    pattern = ""
    for word in re.split(_SEPARATOR, term.strip()):
        if word == GAP:
            pattern += rf"{_BEFORE_GAP}(?:{_SEPARATOR}[\w'&-]+){{0,{GAP_WORDS}}}"
        else:
            pattern += (_SEPARATOR if pattern else "") + _word(word)
    return pattern


def _pattern(terms: Sequence[str]) -> re.Pattern[str]:
    """Whole words, any case, any spacing or hyphen between words, any form of a long word
    (`_word`), a plural "s" allowed."""
    alternatives = sorted((_term(term) for term in terms), key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?:s|'s)?(?![\w-])", re.IGNORECASE)


def uncovered_topics(knowledge_dir: Path) -> list[UncoveredTopic]:
    return [
        UncoveredTopic(
            str(entry["id"]),
            str(entry["label"]),
            _pattern(entry["terms"]),
            str(entry["description"]),
            _pattern(entry["needs"]) if entry.get("needs") else None,
            tuple(str(line) for line in entry.get("told_as") or ()),
        )
        for entry in check_knowledge(knowledge_dir).of(UNCOVERED_TOPICS)
    ]


def uncovered_topic(text: str, topics: Sequence[UncoveredTopic]) -> UncoveredTopic | None:
    """The topic the message names first, if it names one; of two named at the same place, the
    one whose words go further ("burnt out" is staff wellbeing, not "burnt", a burn)."""
    found = [
        (match.start(), -match.end(), topic)
        for topic in topics
        if (match := topic.pattern.search(text))
    ]
    return min(found, key=lambda named: named[:2])[2] if found else None


MEANING_MARGIN = 0.0
"""A question that names no topic's words is declined when it is nearer what the audits do not
cover than anything they say (cosine similarity, all-MiniLM-L6-v2)..."""
MEANING_FLOOR = 0.5
"""... and near enough to it: a question far from both ("what time does the canteen open",
0.33 from the nearest uncovered example, 0.30 from the learning) is about neither, and gets the
out-of-scope reply, not a decline naming a safeguarding topic. Chosen leaving one set out on
A-G (`python -m bot nlu coverage-loso --meaning-floor X`, 2026-12-05; floors 0, 0.3, 0.35, 0.4,
0.45, 0.5, 0.55): 0.5 declined 389 of 430 held-out out-of-coverage questions, as 0 did, and
wrongly declined 83 of 4,906 other messages (0 of 61 out_of_scope) instead of 100 (1); 0.55
declined 3 fewer."""
ASIDE_MARGIN = 0.15
"""A message the model read as out of scope ("how do I request annual leave", "city of london
out of hours children") is declined by meaning alone only when it is clearly nearer a topic the
audits leave out than anything they say: a worry told about honour, a forced marriage or a baby
asleep in a car seat is (0.35 and more); a request the model rightly put aside reads barely
nearer one (0.02 to 0.10 for the four that leaving one set out on A-Q declined as section 20,
home alone and parental substance misuse at the plain margin, 2026-12-06)."""
NAMED_MARGIN = -0.1
COVERED_WITHOUT_NAME = 0.55
"""A question that names a topic is declined unless it is a practice question the audits
answer that merely mentions the topic: nearer the audits' learning than the topic by more than
0.1, and still as near as 0.55 to a line of the learning with the topic's words taken out ("at
risk of CSE, should we be looking at her social media?").
Chosen leaving one set out on blind sets A-E (`python -m bot nlu coverage-loso`, 2026-12-05;
36 combinations of 0-0.06, -0.3 to -0.1 and 0.55-0.65): against the margins before (0.02, -0.2,
0.6), the judge declined 248 of 280 held-out out-of-coverage questions instead of 244, and
wrongly declined 20 of 2,570 topic, case, risk-practice questions and conversation turns
instead of 22."""
ITS_OWN_PROCEDURE = re.compile(
    r"\s+(?:referrals?|thresholds?|process|procedures?|protocols?|pathways?|guidance|"
    r"risk\s+assessments?|"
    r"policy|policies|rules|forms?|checklists?|scor(?:e|es|ing)|criteria)\b",
    re.IGNORECASE,
)
"""A topic's words followed by one of these ("MARAC referral threshold", "LADO process", "HBA
risk assessment") ask for that topic's own procedure, which the audits do not give, however
near the rest of the question is to their learning ("... for DV with kids in the house")."""
ASKS_IF_THERE_IS = re.compile(
    r"(?:\b(?:is|are)\s+there\s+(?:an?\s+|any\s+|some\s+)?|\bany\s+|\blocal\s+"
    r"|\brefer\s+(?:\w+\s+)?(?:to|for)\s+(?:an?\s+|the\s+)?)(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
AVAILABLE_HERE = re.compile(
    r"\s*(?:locally|near\s+(?:me|here|us)|nearby|available|in\s+(?:hackney|the\s+city|london))\b",
    re.IGNORECASE,
)
"""A topic's words asked for as a thing to find ("is there a perpetrator programme ...", "any
DA perpetrator programmes locally?", "refer dad to a ... course"): the question is about the
topic itself, which the audits do not give, however near the rest reads to their learning
("dads who are violent at home")."""
ASKS_WHAT_THE_AUDITS_SAY = re.compile(
    r"\b(?:audits?|learning|reviews?)\b(?:\s+[\w'-]+){0,4}?\s+(?:say|says|said|cover|covers|"
    r"covered|mention|mentions|have|has|got)\b(?:\s+(?:anything|something|much))?\s+"
    r"(?:about|on|for|re|regarding)\b(?:\s+[\w'-]+){0,6}\s*$"
    r"|\b(?:anything|something)\s+(?:in|from)\s+(?:the\s+)?(?:audits?|learning)\s+"
    r"(?:about|on|for|re|regarding)\b(?:\s+[\w'-]+){0,6}\s*$",
    re.IGNORECASE,
)
"""The topic asked about as what the audits say ("does the audit say anything about a pupil we
think is being radicalised?"): the rest of the question is its framing, which reads like any
question about the audits' learning, so it is no practice question merely mentioning the
topic."""
A_SESSION_ON = re.compile(
    r"\b(?:sessions?|training|workshops?|presentations?|lessons?|modules?|courses?"
    r"|briefings?|seminars?|webinars?|slides?|decks?|handouts?|quiz(?:zes)?|walk-?throughs?"
    r"|discussions?|case\s+stud(?:y|ies)|away\s*days?|inset(?:\s+days?)?)\s+"
    r"(?:(?:for\s+(?:\w+\s+){1,3}?)?(?:on|about|around|covering|re|regarding))\s+"
    r"(?:(?:the|a|an)\s+)?(?:[\w'-]+\s+){0,2}$"
    r"|\bteach(?:es|ing)?\s+(?:\w+\s+){0,2}?(?:about|on)\s+(?:(?:the|a|an)\s+)?(?:[\w'-]+\s+){0,2}$",
    re.IGNORECASE,
)
"""A topic's words as the subject of a session being prepared ("designing a session on child
criminal exploitation and the NRM. What do the audits give me?", "a workshop for DSLs about
county lines"): the trainer asks what the audits give on the topic itself, which they do not
cover, however near the rest of the request reads to the learning trainers ask for."""
WRITING_FOR_THEM = re.compile(
    r"\b(?:write|draft|compose|proof-?read|rewrite|translate)\b(?:\s+\w+){0,4}?\s+"
    r"(?:an?\s+|my\s+|me\s+an?\s+|me\s+)?(?:cover\s+letter|cv|resume|job\s+application|"
    r"e-?mail\s+to\s+hr|(?:e-?mail|letter|complaint|message)\s+to\s+my\s+(?:own\s+)?"
    r"(?:landlord|letting\s+agent|bank)|poem|essay|speech|song|joke|birthday)",
    re.IGNORECASE,
)
"""A request to write something of the person's own (a cover letter, a poem, an email to HR or
to their own landlord) is no safeguarding question: it gets the plain "I can't help with that",
not the nearest key message ("closure letters" for a cover letter, set K) nor a decline naming
a topic. Over every message of the released sets A-K (2026-12-06) it names only their
out-of-scope requests (12) and one turn asking for a leaving-do speech. A letter to "the"
landlord is a practitioner's for a family, and stays a question."""
OWN_HOME = re.compile(
    r"\b(?:in|of|at|for|about)\s+my\s+own\s+(?:flat|house|home|place|bedroom|kitchen|bathroom"
    r"|car|garden)\b",
    re.IGNORECASE,
)
"""The person's own home ("a leak at my own place"): the damp-and-mould topic is children's
homes (set AB), so their own is no safeguarding question, unless a child or a family is told of
in the message too."""
SOMEONE_ELSES_HOME = re.compile(
    r"\b(?:child|children|kids?|baby|babies|toddler|famil(?:y|ies|ys)|tenants?|mum|dad|parents?"
    r"|young\s+person|yp|son|daughter|client)\b",
    re.IGNORECASE,
)


def asks_to_write_for_them(text: str) -> bool:
    """A writing request of their own, or a question about their own home with no child or
    family told of in it."""
    return WRITING_FOR_THEM.search(text) is not None or (
        OWN_HOME.search(text) is not None and SOMEONE_ELSES_HOME.search(text) is None
    )


LEARNING_KINDS = frozenset({"topic", "case", "risk_practice"})
"""The kinds of evaluation question the audits' learning answers."""


@dataclass(frozen=True)
class Examples:
    """Questions people wrote, beside the knowledge's own words: about topics the audits do
    not cover, and about their learning."""

    uncovered: tuple[str, ...] = ()
    learning: tuple[str, ...] = ()


NO_EXAMPLES = Examples()


EXAMPLES_FILE = Path(__file__).with_name("coverage_examples.yml")
"""The released blind sets' questions, by set: generated by `python -m bot nlu teach`, so the
running assistant reads neither tests/ nor the tooling."""


def load_examples(path: Path = EXAMPLES_FILE, held_out: frozenset[str] = frozenset()) -> Examples:
    """The examples of every set in the file but the `held_out` ones; no file: none. An entry
    that is not a list of questions is an error naming the file, set and field."""
    if not path.exists():
        return Examples()
    document = safe_load(path.read_text(encoding="utf-8")) or {}
    sets = document.get("sets") if isinstance(document, dict) else None
    if not isinstance(sets, dict):
        raise ValueError(f"{path}: field 'sets' must map each set id to its questions")
    uncovered: list[str] = []
    learning: list[str] = []
    for set_id, kinds in sets.items():
        for field, found in (("uncovered", uncovered), ("learning", learning)):
            questions = kinds.get(field) if isinstance(kinds, dict) else None
            if not isinstance(questions, list) or not all(
                isinstance(q, str) and q for q in questions
            ):
                raise ValueError(f"{path}: set {set_id}: field '{field}' must list questions")
            if set_id not in held_out:
                found.extend(questions)
    return Examples(tuple(uncovered), tuple(learning))


def covered_lines(knowledge_dir: Path) -> list[str]:
    """What the audits say, as a question about it reads: each key message's example questions,
    title and actions, each case by its name and summary, and each glossary term."""
    knowledge = check_knowledge(knowledge_dir)
    lines = [
        line
        for message in knowledge.of(KEY_MESSAGES)
        for line in (*message["example_questions"], message["title"], *message["actions"])
    ]
    for case in knowledge.of(CASES):
        lines += [f"the {case.get('name') or 'case ' + str(case['number'])} case", case["summary"]]
    return lines + [f"what is {term['term']}" for term in knowledge.of(GLOSSARY)]


ASKS_IF_IT_IS = re.compile(
    r"\b(?:(?:is|was|could|might|would)\s+(?:this|it|that)(?:\s+be)?"
    r"|(?:does|do|would)\s+(?:this|it|that)\s+count\s+as|sounds?\s+like)\s+"
    r"(?:(?:an?|classed\s+as|considered|counted\s+as)\s+)?(?:[\w'-]+\s+)?$",
    re.IGNORECASE,
)
"""Whether what is told is the topic ("... is this a Prevent thing?", "could it be county
lines", "does this count as private fostering"): the question is about the topic itself, however
near the rest reads to the learning through a word the audits cover (a young person with autism
told of beside online hate groups reads nearest the autism learning)."""


def _asks_its_procedure(topic: UncoveredTopic, text: str) -> bool:
    """The topic's own procedure, the topic asked for as a thing to find (ASKS_IF_THERE_IS),
    asked about as what the audits say (ASKS_WHAT_THE_AUDITS_SAY), whether what is told is the
    topic (ASKS_IF_IT_IS), or the subject of a session a trainer prepares (A_SESSION_ON)."""
    return any(
        ITS_OWN_PROCEDURE.match(text, match.end())
        or AVAILABLE_HERE.match(text, match.end())
        or ASKS_IF_THERE_IS.search(text[: match.start()])
        or ASKS_WHAT_THE_AUDITS_SAY.search(text[: match.start()])
        or ASKS_IF_IT_IS.search(text[: match.start()])
        or A_SESSION_ON.search(text[: match.start()])
        for match in topic.pattern.finditer(text)
    )


def _nearest(vectors: np.ndarray, vector: np.ndarray) -> float:
    return float((vectors @ vector).max()) if len(vectors) else -1.0


HISTORY_MARGIN = -0.05
"""A topic named only in a history told as past, before the sentence that asks ("her mum
being restrained by police during a crisis last year. What should professionals consider for
the child?", "a history of postpartum psychosis, now well ... CSC asked us for information and
we were slow to respond. What's the expectation?"), is background to the ask: the question is
declined when it reads as near the topic as the learning (less than 0.05 nearer the learning),
not 0.1 nearer (`NAMED_MARGIN`); the rest of the test (`COVERED_WITHOUT_NAME`) is the same.
Leaving one set out on A-W (2026-12-07), of the 192 messages naming a topic only before the
sentence that asks, it answers 6 risk practice questions declined before (sets C, K, T, W) and
declines no fewer out-of-coverage questions; told in the present ("parents in a bitter custody
battle ... is this safeguarding?", "Foster carer wants to smack as discipline. What are the
rules?"), the same margin would have answered four of them."""
_SPAN = r"(?:years?|yrs?|months?|mths?|weeks?|wks?)"
_WELL = r"(?:well|better|stable|settled|recovered|ok|okay|fine|good)"
TOLD_AS_PAST = re.compile(
    rf"\b(?:{_SPAN}\s+ago|a\s+while\s+(?:back|ago)"
    rf"|last\s+(?:{_SPAN}|term|summer|winter|spring|autumn)|in\s+the\s+past"
    rf"|history\s+of|previously|now\s+{_WELL}|{_WELL}\s+now"
    r"|stable\s+on\s+(?:her\s+|his\s+|their\s+)?(?:medication|meds|treatment)"
    r"|(?:with|after)\s+(?:her|his|their)\s+(?:first|eldest|older)"
    r"|(?:has|have|s|is|was)\s+(?:stopped|recovered|been\s+addressed))\b",
    re.IGNORECASE,
)
"""What places a history in the past, or says it is over: "last year" (or "last yr"), "6
months ago" ("6 mths ago"), "a history of", "now well", "seems ok now", "stable on medication",
"he's stopped", "it's been addressed", and an illness told of a parent's earlier child ("had
postnatal depression with her first")."""


POINTS_BACK = re.compile(
    r"\b(?:sisters?|brothers?|siblings?|cousins?|watch\s+(?:out\s+)?for|signs?|be\s+doing"
    r"|doing\s+about|happen\w*\s+again|still\s+at\s+risk|at\s+risk\s+of\s+(?:it|this|that))\b",
    re.IGNORECASE,
)
"""What, after a history, asks about the topic itself: a sibling at risk of it, what to watch
for, what school should be doing about it ("She was forced into marriage 2 yrs ago, she's ok
now. Her sister is 15. What should I watch for?")."""


def named_as_history(topic: UncoveredTopic, text: str) -> bool:
    """Whether every mention of the topic is in a history told as past (TOLD_AS_PAST), before
    the sentence that asks (the last with a question mark, else the last), and what follows
    it does not point back at the topic (POINTS_BACK)."""
    told = sentences(text)
    asking = ([place for place, part in enumerate(told) if "?" in part] or [len(told) - 1])[-1]
    history = " ".join(told[:asking])
    mentions = list(topic.pattern.finditer(text))
    return (
        asking > 0
        and topic.pattern.search(" ".join(told[asking:])) is None
        and TOLD_AS_PAST.search(history) is not None
        and not (mentions and POINTS_BACK.search(text[mentions[-1].end() :]))
    )


MIN_ASK_WORDS = 4
ASK_COVERED = 0.6
ASK_MARGIN = 0.25
"""What a message asks after naming a topic in passing, to be answered instead of declined
(`CoverageJudge._asks_after`): at least 4 words, at least 0.6 near a line of the learning and
0.25 nearer it than the nearest line about a topic the audits leave out. Leaving one set out on
A-V (2026-12-07), a margin of 0.15 declined 12 fewer out-of-coverage questions, whose generic ask
after the topic reads near the learning ("... - how does it work?", "is this safeguarding?");
0.25 declined none fewer and wrongly declined 3 fewer turns and practice questions. The rest is
encoded once more, only for a message that names a topic."""
_LEADING = re.compile(r"^[\s,.;:!?)-]+")


AUDIT_WORD = re.compile(r"[a-z]{3,}")


def _stem(word: str) -> str:
    """A word without a plural "s", so "carers" is the audits' "carer"."""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def words_of(text: str) -> set[str]:
    return {_stem(word) for word in AUDIT_WORD.findall(text.lower())}


NOT_CONTENT = STOPWORDS | {"hackney", "city", "london", "audit", "learning"}
"""Words that tell no topic: function words, and the partnership's places and its audits, which
any question may name."""


def content_words(text: str) -> set[str]:
    """The words of `text` that may tell its topic, in their plain forms (a plural "s" or a
    regular ending undone): "visits" is "visit", "referred" is "refer"."""
    found = set()
    for word in words_of(text):
        if word not in NOT_CONTENT:
            found |= {word, *(_stem(stem) for stem in stems(word))}
    return found


def unfamiliar_words(text: str, vocabulary: frozenset[str]) -> set[str]:
    """The words of `text` the audits' lines never use, in any regular form: "rebooking" is
    their "rebook" (the appointment rebooked), no word of a subject they leave out."""
    return {
        word
        for word in words_of(text) - vocabulary
        if not any(_stem(stem) in vocabulary for stem in stems(word))
    }


UNFAMILIAR_MARGIN = 0.03
"""Meaning alone declines a question barely nearer what the audits leave out than what they say
(by less than this) only when the keyword side agrees: one of its words is a word the audits'
lines and the released sets' questions about their learning never use. A question told in
the audits' own words ("I suspect something is going on at home but mum hasn't confirmed it")
is about their learning however near an uncovered example it reads."""


class CoverageJudge:
    """Whether a question is about a topic the audits do not cover, by its words and by its
    meaning: a topic wins only when the question is about it, not when it names it beside a
    practice question the audits answer."""

    def __init__(
        self,
        topics: Sequence[UncoveredTopic],
        covered: Sequence[str],
        encode: Encode,
        encode_lines: Encode,
        examples: Examples = NO_EXAMPLES,
        meaning_floor: float = MEANING_FLOOR,
        unfamiliar_margin: float = UNFAMILIAR_MARGIN,
    ) -> None:
        self.topics = list(topics)
        self.meaning_floor = meaning_floor
        self.encode = encode
        described = [(t, text) for t in self.topics for text in t.lines()]
        self.described = self._vectors(encode_lines, [text for _topic, text in described])
        self.uncovered = self._vectors(encode_lines, list(examples.uncovered))
        # encoded apart, so the released questions' vectors (thousands) are kept on disk under
        # their own content and a change of the knowledge (a test's small copy) encodes only its
        # lines: together, a fresh clone's tests encoded all of them again for each copy
        parts = [part for part in (list(covered), list(examples.learning)) if part]
        self.covered = (
            np.concatenate([encode_lines(part) for part in parts])
            if parts
            else self._vectors(encode_lines, [])
        )
        # every uncovered line, a description or an example, with the topic it is about: an
        # example by the topic it names, else by the description nearest it
        self.described_topics = [topic for topic, _text in described]
        self.outside = (
            np.concatenate([self.described, self.uncovered])
            if len(self.uncovered)
            else self.described
        )
        self.outside_lines = [text for _topic, text in described] + list(examples.uncovered)
        self.outside_topics = self.described_topics + [
            self._topic_of(question, vector)
            for question, vector in zip(examples.uncovered, self.uncovered, strict=True)
        ]
        self.needing = [topic for topic in self.topics if topic.needs is not None]
        self.unfit = [
            np.array([line_topic is topic for line_topic in self.outside_topics])
            for topic in self.needing
        ]
        self.unfamiliar_margin = unfamiliar_margin
        self.vocabulary = frozenset().union(
            *(words_of(line) for line in (*covered, *examples.learning))
        )

    @staticmethod
    def _vectors(encode_lines: Encode, texts: list[str]) -> np.ndarray:
        return encode_lines(texts) if texts else np.zeros((0, 384), dtype=np.float32)

    def _topic_of(self, question: str, vector: np.ndarray) -> UncoveredTopic:
        named = uncovered_topic(question, self.topics)
        if named is not None:
            return named
        return self.described_topics[int((self.described @ vector).argmax())]

    def _shares_a_word(self, text: str, topic: UncoveredTopic, vector: np.ndarray) -> bool:
        """Whether the question uses a word of the topic it reads nearest (`content_words`): of
        its description, label or tellings, or of the nearest line said about it. A question
        about something else altogether ("how do I appeal a parking ticket I got outside a home
        visit in Hackney") may read near a line about a topic by its framing alone ("How do I
        make a Prevent referral in Hackney"), and is no question about the topic."""
        lines = [*topic.lines()]
        near = np.where(
            np.array([line_topic is topic for line_topic in self.outside_topics]),
            self.outside @ vector,
            -1.0,
        )
        lines.append(self.outside_lines[int(near.argmax())])
        return bool(content_words(text) & content_words(" ".join(lines)))

    def _nearest_outside(
        self, text: str, vector: np.ndarray, named: UncoveredTopic | None = None
    ) -> tuple[float, UncoveredTopic | None]:
        """How near the question is to what the audits do not cover, and the topic of that
        nearest line, among the topics meaning may name for it (`UncoveredTopic.fits`, or the
        topic it names): "a child who had bruising before" is no question about babies who
        are not mobile."""
        near = self.outside @ vector
        for topic, lines in zip(self.needing, self.unfit, strict=True):
            if topic is not named and not topic.fits(text):
                near = np.where(lines, -1.0, near)
        if not len(near):
            return -1.0, None
        best = int(near.argmax())
        return float(near[best]), self.outside_topics[best]

    def _asks_after(self, named: UncoveredTopic, text: str) -> bool:
        """The topic is named in passing: the message goes on, after its last mention, to ask
        something the audits answer ("... who's sofa surfing, the plan is stuck. what do i
        do": a stuck plan is escalated). The rest must be a question of its own (`MIN_ASK_WORDS`),
        near a line of the learning (`ASK_COVERED`) and clearly nearer it than anything the
        audits leave out (`ASK_MARGIN`); "... sofa surfing. is it housing or children's services
        who accommodate him" asks about the topic itself."""
        rest = _LEADING.sub("", text[list(named.pattern.finditer(text))[-1].end() :])
        if len(rest.split()) < MIN_ASK_WORDS:
            return False
        vector = self.encode([rest])[0]
        near = _nearest(self.covered, vector)
        outside, _topic = self._nearest_outside(rest, vector, named)
        return near >= ASK_COVERED and near - outside >= ASK_MARGIN

    def topic(
        self,
        text: str,
        by_meaning: bool = True,
        vector: FloatArray | None = None,
        meaning_margin: float = MEANING_MARGIN,
    ) -> UncoveredTopic | None:
        """The topic the question is about; with `by_meaning` false, only a topic it names
        (and not beside a practice question the audits answer). `vector`: the text's sentence
        vector when the caller has it. `meaning_margin`: how much nearer a topic than the
        audits a question naming none must be (`ASIDE_MARGIN` for one read as out of scope)."""
        named = uncovered_topic(text, self.topics)
        if not len(self.described) or (named is None and not by_meaning):
            return named
        if vector is None:
            vector = self.encode([text])[0]
        outside, best = self._nearest_outside(text, vector, named)
        margin = outside - _nearest(self.covered, vector)
        if named is None:
            near_enough = outside >= self.meaning_floor
            sure = margin >= self.unfamiliar_margin or bool(unfamiliar_words(text, self.vocabulary))
            if not (margin > meaning_margin and near_enough and sure) or best is None:
                return None
            return best if self._shares_a_word(text, best, vector) else None
        if _asks_its_procedure(named, text):
            return named
        if self._asks_after(named, text):
            return None
        if margin > (HISTORY_MARGIN if named_as_history(named, text) else NAMED_MARGIN):
            return named
        without_name = self.encode([named.pattern.sub(" ", text)])[0]
        return named if _nearest(self.covered, without_name) < COVERED_WITHOUT_NAME else None


def knowledge_judge(
    knowledge_dir: Path, topics: Sequence[UncoveredTopic] | None = None
) -> CoverageJudge:
    """The judge the NLU pipeline uses: the shared encoder, the lines' vectors kept in
    var/encoded (`python -m bot knowledge load` encodes them before the servers start), and the
    released blind sets' questions as examples (less any RPA_COVERAGE_HELD_OUT)."""
    return CoverageJudge(
        uncovered_topics(knowledge_dir) if topics is None else topics,
        covered_lines(knowledge_dir),
        lambda texts: shared_encoder().encode(texts),  # the weights load on first use
        lambda texts: cached_encode(texts, ENCODED_DIR),
        load_examples(EXAMPLES_FILE, coverage_held_out()),
    )


def where_to_look(procedures_url: str | None) -> str:
    """Where to look for what the audits do not cover."""
    procedures = f"{PROCEDURES} ({procedures_url})" if procedures_url else PROCEDURES
    return (
        f"Look in {procedures} and on {PARTNERSHIP}, or ask your organisation's safeguarding lead."
    )


def declined(topic_label: str, procedures_url: str | None, after_urgent: bool = False) -> Reply:
    """Plain about the gap, and where to look instead; the topic is named so the person
    knows they were understood. After urgent advice (`after_urgent`) the 999 line is not
    said twice."""
    gap = f"the audits do not cover {topic_label}, so I have no learning to give on it"
    if after_urgent:
        return Reply(f"For the practice question: {gap}. {where_to_look(procedures_url)}")
    return Reply(
        f"Sorry, {gap} and I won't guess. {where_to_look(procedures_url)} {CALL_999}",
        (TOPICS_BUTTON,),
    )
