"""Which audited case had a detail: "which of the mental health cases went to the extra
familial risk panel", "which cases show good escalation", "which case had one transferred over"
(the term just asked about), "and which one had it just finalised" (after cases were named).

The answer is in the cases' own text, so every case's lines are searched (summary, strengths,
what its key messages found in it: `case_focus.case_own_lines`, and the titles of its key
messages, which say what it is about), never the key messages' general advice, which says what
should happen, not what did. The cases whose best line says
what is asked are named with that line; when none says it, the reply says so plainly rather
than giving an audit's handout or a case's whole summary. A question that asks nothing of its
own ("which case was that", "which case was like that") is left to what the last turn left
open.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from bot.dialogue.answers.cases import several_cases_say
from bot.dialogue.answers.learning import learning_button
from bot.dialogue.case_focus import (
    MIN_SHARE_SAID,
    asked_words,
    case_own_lines,
    detail_reply,
    lines_saying_most,
)
from bot.dialogue.follow_ups import sentences
from bot.dialogue.moves import topic_words
from bot.dialogue.replies import Reply, bullets
from bot.knowledge.citations import attribution, message_citation
from bot.knowledge.models import Case, KeyMessage, Source

_WHICH_CASES = re.compile(
    r"\b(?:which|what)\s+(?:of\s+(?:the|these|those|their)\s+)?"
    r"(?:(?:audit(?:ed)?|send|mh|mental|health|other|real|both|two|three|four|five|nine)\s+){0,3}"
    r"cases?\b(?!\s+(?:types?|loads?|work\w*|notes?|records?|files?|conferences?|manage\w*"
    r"|stud(?:y|ies)|reviews?|law|holders?|numbers?))"
    r"|\bin\s+which\s+(?:audit(?:ed)?\s+)?cases?\b"
    r"|\bany\s+(?:of\s+the\s+)?(?:audit(?:ed)?\s+)?cases?\s+(?:where|with|that|which|when)\b",
    re.IGNORECASE,
)
"""Asking which case(s): "which case", "which of the mental health cases", "in which case",
"any cases where"."""
_IS_THERE_A_CASE = re.compile(
    r"\b(?:is|was|are|were)\s+there\s+(?:a|an|any)\s+(?:of\s+the\s+)?(?:audit(?:ed)?\s+)?"
    r"cases?\s+(?:where|with|that|which|when|in\s+which)\b",
    re.IGNORECASE,
)
"""Asking whether a case had something ("was there a case in which ..."): which case, for the
actions only. The same shape opens many questions about a topic the audits leave out or a
worry told now ("is there a case where a lad is being made to run drugs"): the NLU step leaves
its intent to the classifier, so the coverage step still judges it by meaning and the safety
step still sees its danger."""
_WHICH_ONES = re.compile(r"\b(?:which|what)\s+ones?\b", re.IGNORECASE)
"""Asking which of the cases just named: "and which one had it just finalised"."""
_POINTING_BACK = re.compile(r"\b(?:one|ones|it|that|this|them|those|these)\b", re.IGNORECASE)
_HAVING_WORDS = frozenset(
    """over across off away through like similar involve involved involves involving feature
    featured features include included includes get got went go going example examples use
    uses raise raised raises flag flagged flags highlight highlighted highlights bring brought
    talk talks talked linked link links happen happens both bit thing things point stuff
    hadn wasn weren didn couldn isn doesn don wouldn hasn haven""".split()
)
"""Words of a case having something ("which case involved ...", "which one was like that",
"transferred over"), not a detail of their own."""
_STRENGTH_ASKED = frozenset(
    """good well strength strengths positive positives worked helped effective effectively
    best great""".split()
)
"""Words asking for a case's good practice ("which cases show good escalation"): its strengths
only, not a finding that it should have been done sooner."""
_WORKING = frozenset("""working works succeeded successful successfully properly""".split())
"""Words of something going as it should ("which cases show escalation actually working",
"where did the TAC work successfully"): good practice asked, as "good" asks it, and no detail
of their own (no case's line says "working")."""
_NEGATION = frozenset(
    "not never stopped stop poor poorly failed fail fails failing broke broken".split()
)
"""Words that turn good practice asked into its want ("the CIN plan not working", "where
escalation never worked", "failed to work"): the cases' findings, not their strengths."""
_HAVING_NOT = frozenset("didnt wasnt werent isnt doesnt dont hasnt havent hadnt cant wont".split())
"""A negation typed without its apostrophe ("wasnt working")."""
NEGATION_REACH = 3
"""How many words before a word of good practice a negation turns it."""


def asks_strengths(text: str) -> bool:
    """Whether the message asks for good practice only ("which cases show good escalation",
    "escalation actually working"), by a word of it with no negation in the NEGATION_REACH
    words before it ("which case had a plan that was not working" asks for what went wrong)."""
    words = re.findall(r"[a-z]+(?:'t)?", text.lower().replace("\u2019", "'"))
    return any(
        word in _STRENGTH_ASKED | _WORKING
        and not any(
            before in _NEGATION or before.endswith("n't") or before in _HAVING_NOT
            for before in words[max(0, index - NEGATION_REACH) : index]
        )
        for index, word in enumerate(words)
    )


_PLURAL_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:of\s+(?:the|these|those|their)\s+)?(?:\w+\s+){0,3}?cases\b"
    r"|\bin\s+which\s+(?:audit(?:ed)?\s+)?cases\b|\bany\s+(?:of\s+the\s+)?(?:audit(?:ed)?\s+)?"
    r"cases\b|\b(?:which|what)\s+ones\b",
    re.IGNORECASE,
)
"""Asking which cases, plural ("which SEND audit cases involved looked after children"): every
case that says it, not the one saying it in most of the question's words."""


_ASKING_OF_PRACTICE = re.compile(
    r"\b(?:should|shall|can|could|would|will|must|need|needs|do|does|qualif\w*|eligible"
    r"|thresholds?|criteria|meets?|best|fits?|suits?|session|discussion|module|training"
    r"|most|asked)\b",
    re.IGNORECASE,
)
"""A question on practice or a session, not on what the audited cases had: "which cases
should go to the panel", "what cases does the MASH take", "which SEND case is best for a 20
min discussion", "which audit cases get asked about most"."""


_CASES_IN_PRACTICE = re.compile(
    r"\bcases?\s+(?:go|goes|get|gets|are|is)\b(?!\s+the\s+(?:[\w'-]+\s+){1,4}?ones?\b)",
    re.IGNORECASE,
)
"""A present-tense question on cases in general: "which cases go to the MASH", "what cases are
discussed at MARAC", "which cases get a child protection conference"; not "which case is the
early help one", which points at an audited case by its theme ("the one about ..."
is left to the case told of by its story)."""
_OF_THE_AUDITS = re.compile(
    r"\baudit(?:s|ed)?\b|\b(?:send|mh|mental\s+health)\b|\bcase\s+(?:\d|one|two|three|four|five)\b",
    re.IGNORECASE,
)
"""Naming the audits or one of their cases: "which cases in the audit are ...", "which SEND
cases get ...", "is case 2 ..."."""


def asks_of_practice(text: str, case_names: Collection[str] = ()) -> bool:
    """A question on practice or a session, not on what the audited cases had: its words of
    what should be done ("which cases should go to the panel", "which cases need an
    interpreter"), or cases in the present tense ("which cases go to the MASH") unless it names
    an audit or a case (`case_names`: the cases' names, lower case)."""
    if _ASKING_OF_PRACTICE.search(text) is not None:
        return True
    if _CASES_IN_PRACTICE.search(text) is None or _OF_THE_AUDITS.search(text) is not None:
        return False
    words = set(re.findall(r"[a-z]+", text.lower()))
    return not any(name in words for name in case_names)


def asks_which_audited_case(
    text: str,
    cases_just_named: bool = False,
    case_names: Collection[str] = (),
    is_there: bool = True,
) -> bool:
    """The one test of a question asking which audited case(s) had a detail of its own: "which
    case ..." or "which of the MH cases ...", or which of the cases just named ("which one
    ..."), in no words of what practice should do (`asks_of_practice`). `is_there`: "is there
    a case where ..." asks it too (the actions; not the NLU step, `_IS_THERE_A_CASE`)."""
    which = (
        _WHICH_CASES.search(text) is not None
        or (is_there and _IS_THERE_A_CASE.search(text) is not None)
        or (cases_just_named and _WHICH_ONES.search(text) is not None)
    )
    return which and not asks_of_practice(text, case_names) and bool(detail_asked(text))


def asks_which_case_in_practice(text: str, case_names: Collection[str] = ()) -> bool:
    """ "Which cases need an interpreter", "which cases go to the MASH": which kind of case,
    in practice; it describes no audited case, whatever case's text shares its words."""
    shaped = _WHICH_CASES.search(text) or _IS_THERE_A_CASE.search(text)
    return shaped is not None and asks_of_practice(text, case_names)


def detail_asked(text: str) -> set[str]:
    """What a "which case" question asks of the cases: its words without those of asking
    which case, naming an audit, or a case having something."""
    return asked_words(None, text) - _HAVING_WORDS - _WORKING - {"one", "ones"}


def detail_told(text: str) -> str:
    """What a "which case" question tells of the case it asks for, in the asker's words: the
    question without its asking which case ("which case had ..." -> "had ...")."""
    return " ".join(_IS_THERE_A_CASE.sub(" ", _WHICH_CASES.sub(" ", text)).split())


def asks_several(text: str) -> bool:
    """Whether the question asks which cases, plural (`_PLURAL_ASKED`)."""
    return _PLURAL_ASKED.search(text) is not None


def points_back(text: str) -> bool:
    """ "which case had one transferred over": "one" is what was just spoken of."""
    return _POINTING_BACK.search(_WHICH_ONES.sub(" ", text)) is not None


@dataclass(frozen=True)
class CaseFact:
    """A case that says what was asked, and its lines that say it."""

    case: Case
    lines: list[str]


def cases_saying(
    text: str,
    cases: Sequence[Case],
    glossary: Mapping[str, Sequence[str]],
    source: Source | None = None,
    spoken_of: str = "",
) -> list[CaseFact]:
    """The cases (of `source`, else both audits) whose own lines say most of what the question
    asks, at least MIN_SHARE_SAID of it, each with those lines; several when they say it
    equally, then by what the conversation spoke of last (`spoken_of`, the message before,
    when the question points back: "which case had one transferred over" after the statement
    and the EHCP), then by every word of the question. More than MAX_CASES remaining is too
    many to name (`too_many`), apart from none saying it."""
    wanted = detail_asked(text)
    if not wanted:
        return []
    # an abbreviation spelt out in one word of its own ("dna": did not attend) would meet
    # every line saying that word ("attends college"): only forms of two words or more
    glossary = {
        key: [form for form in forms if len(topic_words(form)) > 1]
        for key, forms in glossary.items()
    }
    strengths_only = asks_strengths(text)
    found: list[tuple[int, tuple[int, int], CaseFact]] = []
    for case in cases:
        if source is not None and case.source_id != source.id:
            continue
        titles = [message.title for message in case.key_messages]
        lines = case.strengths if strengths_only else [*case_own_lines(case), *titles]
        best, said = lines_saying_most(wanted, lines, glossary)
        if best and best >= MIN_SHARE_SAID * len(wanted):
            said_too = (
                _words_said(asked_words(None, spoken_of) if spoken_of else set(), said, glossary),
                _words_said(topic_words(text) - _HAVING_WORDS - _NOT_TELLING, said, glossary),
            )
            found.append((best, said_too, CaseFact(case, said)))
    if not found:
        return []
    if asks_several(text) and not spoken_of:
        # "which cases ...": every case saying as much of it, whatever else each says
        most = max(best for best, _, _ in found)
        return [fact for best, _, fact in found if best == most]
    top = max((best, said_too) for best, said_too, _ in found)
    return [fact for best, said_too, fact in found if (best, said_too) == top]


def too_many(facts: Sequence[CaseFact]) -> bool:
    """More cases say it equally than a reply names: what is asked tells none from another."""
    return len(facts) > MAX_CASES


_NOT_TELLING = frozenset({"case", "cases", "from"})
"""Words of any question about which case, even counted with all its others."""
MAX_CASES = 4
"""More cases saying it equally, and what is asked tells no case from another ("a child who
hadn't been seen": someone is seen in most cases)."""


def _words_said(
    words: set[str], lines: Sequence[str], glossary: Mapping[str, Sequence[str]]
) -> int:
    """How many of these words the best of the lines says: what was spoken of last, or every
    word of the question (its "young" in "young carer" tells the young carer from the foster
    carers)."""
    return lines_saying_most(words, lines, glossary)[0] if words else 0


MAX_LINES_EACH = 1


def which_cases_reply(facts: Sequence[CaseFact]) -> list[Reply]:
    """One case: its lines that say it, with the case and audit named. Several: each case
    named with its line that says it. Too many: so said, asking for more of what is sought."""
    if too_many(facts):
        return several_cases_say(len(facts))
    if len(facts) == 1:
        return detail_reply(facts[0].case, facts[0].lines)
    lines = [
        f"**{attribution(fact.case.source, [fact.case])}**: {' '.join(fact.lines[:MAX_LINES_EACH])}"
        for fact in facts
    ]
    return [Reply(f"The cases whose audit says so:\n\n{bullets(lines)}")]


def no_case_says() -> list[Reply]:
    """Said plainly when no case's text says what was asked, in words of its own: the asker's
    words echoed would be stored with the assistant's text, which is redacted only for the
    identifiers the detector finds (a name or a school it missed would be kept)."""
    return [
        Reply(
            "None of the audited cases says that: I searched every case's text in the audits "
            "and no case mentions it."
        )
    ]


@dataclass(frozen=True)
class AuditFinding:
    """A finding an audit draws from all the cases it audited, and its sentences that say what
    was asked."""

    message: KeyMessage
    lines: list[str]


def across_cases(message: KeyMessage) -> bool:
    """Whether the audit draws the key message from all its cases (it names none, and says of
    no one case instead: `case_note`), so no one case's lines hold it: "a common factor was the
    late identification of ASD"."""
    return not message.cases and not message.case_note


def findings_across_cases(
    text: str,
    messages: Sequence[KeyMessage],
    glossary: Mapping[str, Sequence[str]],
    source: Source | None = None,
) -> list[AuditFinding]:
    """ "Which cases had <a common factor of the audit>?": the key messages (of `source`, else
    both audits) drawn from all their audit's cases (`across_cases`) whose finding or summary
    says most of what is asked, at least MIN_SHARE_SAID of it, each with those sentences; asked
    only when no case's own lines say it (`cases_saying`)."""
    wanted = detail_asked(text)
    if not wanted:
        return []
    found: list[tuple[int, AuditFinding]] = []
    for message in messages:
        if not across_cases(message) or (source is not None and message.source_id != source.id):
            continue
        lines = [*sentences(message.found), *sentences(message.summary), message.title]
        best, said = lines_saying_most(wanted, lines, glossary)
        if best and best >= MIN_SHARE_SAID * len(wanted):
            found.append((best, AuditFinding(message, said[:MAX_LINES_EACH])))
    most = max((best for best, _ in found), default=0)
    return [finding for best, finding in found if best == most]


def findings_reply(findings: Sequence[AuditFinding]) -> list[Reply]:
    """No one case: the audit found it across the cases it audited, in its own words, cited
    as drawn from all of them, with the key message's learning a tap away."""
    return [
        Reply(
            "\n\n".join(
                [
                    "Not one case alone: the audit found this across all the cases it "
                    f"audited (**{finding.message.title}**):",
                    bullets(finding.lines),
                    message_citation(finding.message),
                ]
            ),
            (learning_button(finding.message),),
        )
        for finding in findings
    ]
