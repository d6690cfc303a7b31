"""What the learning lead asks of the assistant's use, in a sentence: what practitioners ask,
what goes unanswered, how often it is used. Its shape says it whatever the words around it,
which the classifier (trained on a few such requests among many practice questions) reads
as a practice question on whatever topic they name."""

from __future__ import annotations

import re

from bot.dialogue.moves import POLITE, shaped_within, topic_words

_ASKERS = (
    r"(?:practitioners?|people|staff|users?|professionals?|colleagues|workers|folks?|teams?"
    r"|frontline|front-line|front\s+line|everyone|anyone)"
)
_ASKING = re.compile(
    rf"\b(?:what|which|whats|what's|top|show|most|common)\b.{{0,40}}\b{_ASKERS}\b"
    r"(?:\s+\w+){0,3}?\s+(?:ask|asks|asking|asked|search|searching|searched|query|querying)\b"
    rf"|\b(?:asked|searched)\s+(?:\w+\s+){{0,2}}by\s+{_ASKERS}\b"
    r"|\b(?:most|least|often|frequently|commonly)[\s-]+(?:asked|searched|popular)\b"
    r"|\b(?:questions|topics|queries|things)\s+(?:\w+\s+){0,2}asked\s+(?:about\s+)?(?:the\s+)?most\b"
    r"|\b(?:top|popular|common|frequent)\s+(?:questions|queries|topics|searches)\b",
    re.IGNORECASE,
)
_ADVICE = re.compile(
    r"\b(?:should|could|must|would|ought|(?:need|have)\s+to(?!\s+(?:know|see|find\s+out"
    r"|understand|report|show))|how\s+(?:do|can|to))\b",
    re.IGNORECASE,
)
"""What to ask, not what was asked: "what should staff ask a parent who ..."."""
_UNANSWERED = re.compile(
    r"^\W*(?:and\s+|so\s+)?what(?:'s|\s+(?:goes|went|has\s+gone|is|was|gets|got|remains))?"
    r"\s+(?:still\s+)?(?:un[\s-]?answered|not\s+answered)\W*$"
    r"|\bun[\s-]?answered\s+(?:questions|queries|topics)\b"
    r"|^\W*(?:and\s+|so\s+)?what(?:'s|s)?\s+(?:is\s*n['\u2019]?t|isnt|is\s+not|does\s*n['\u2019]?t"
    r"|doesnt|does\s+not|can\s*['\u2019]?t|cant|can\s*not|could\s*n['\u2019]?t|couldnt)\s+"
    r"(?:it|you|this|the\s+(?:assistant|bot|tool|chat))\s+(?:been\s+)?answer(?:ing|ed)?\W*$"
    r"|\b(?:questions|queries|topics)\s+(?:\w+\s+){0,3}?(?:go|goes|went|left|are|were|got|get)"
    r"\s+(?:un[\s-]?answered|not\s+answered)\b"
    r"|\b(?:questions|queries|things|topics)\s+(?:that\s+|which\s+)?(?:\w+\s+){0,2}?"
    r"(?:could\s*n[o'\u2019]?t|couldnt|can['\u2019]?t|can\s*not|did\s*n['\u2019]?t|didnt"
    r"|failed\s+to"
    r"|were\s+unable\s+to|was\s+unable\s+to|did\s+(?:\w+\s+)?fail\s+to)"
    r"\s+(?:you\s+|it\s+|we\s+|they\s+|the\s+\w+\s+)?answer\b",
    re.IGNORECASE,
)
_USAGE = re.compile(
    r"\busage\b|\banalytics\b|\bhow\s+(?:many|much|often)\b.{0,30}\b(?:used|use|using|uses)\b"
    r"|\b(?:use|usage)\s+(?:stats|statistics|figures|numbers|data|report)\b",
    re.IGNORECASE,
)
_OF_THE_ASSISTANT = re.compile(
    r"\b(?:questions?|queries|topics?|things|asks?|asked|asking|assistant|bot|chat|tool|app"
    r"|this|you|it)\b",
    re.IGNORECASE,
)


_ASKING_FRAME = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|also|then|now|right|thanks|cheers|great)\W+)*(?:(?:can|could)\s+"
    r"(?:you|i|we)\s+(?:see|have|get|show\s+me)\s+|(?:please\s+)?(?:show|list|give|tell)\s+"
    r"(?:me|us)\s+)?(?:what|which|whats|what's|any|the|top|most|where)\b"
    # "for the board report I need to know what people ask": the question after its frame
    r"|\b(?:need|want|like|have|wish)\s+to\s+(?:know|see|find\s+out|understand|report(?:\s+on)?)"
    r"\s+(?:what|which|where)\b",
    re.IGNORECASE,
)
"""A question or a request for a list, at the message's start: "what ...", "which ...", "show
me what ...", "and the top ..."."""
_ASKED_VERB = re.compile(
    r"\b(?:ask|asks|asked|asking|search|searches|searched|searching|query|queried|queries"
    r"|look(?:s|ed|ing)?\s+up|come\s+up|comes\s+up|came\s+up|coming\s+up|raised|type[sd]?"
    r"|(?:come|comes|came|coming)\s+in|us(?:e|es|ed|ing)\s+(?:it|this|you)\s+for)\b",
    re.IGNORECASE,
)
_MOST = re.compile(
    r"\b(?:most|top|often|frequently|commonly|common|popular|frequent|hot|trending|trends?"
    r"|mainly|usually)\b|\bwhat\s+(?:kinds?|sorts?|types?)\s+of\b"
    r"|\busing\s+(?:it|this|you)\s+for\b"
    r"|\bwhat\s+(?:questions|queries)\s+(?:are|have\s+been)\s+(?:coming|come)\s+in\b",
    re.IGNORECASE,
)
_ASKED_THINGS = re.compile(
    r"\b(?:topics?|questions?|queries|things|themes?|subjects?|searches|requests)\b", re.IGNORECASE
)
_NOT_ANSWERED = re.compile(
    r"\bun[\s-]?answered\b|\bno\s+answers?\b"
    # "which questions does it struggle with", "where does it fall down"
    r"|\b(?:struggl(?:e|es|ed|ing)|fall(?:s|ing)?\s+down|fell\s+down|fail(?:s|ed|ing)?\s+(?:on|at)"
    r"|stump(?:s|ed)?|trip(?:s|ped)?\s+(?:it\s+)?up|gets?\s+wrong|got\s+wrong)\b"
    r"|(?:\bnot|\bcannot|n['\u2019]t|\bnever|\bfail(?:s|ed|ing)?\s+to|\bunable\s+to|\bcouldnt|\bcant|\bdidnt"
    r"|\bdoesnt|\bisnt)\s+(?:\w+\s+){0,4}?answer(?:s|ed|ing)?\b",
    re.IGNORECASE,
)
_BY_THE_ASSISTANT = re.compile(
    r"\b(?:it|you|we|the\s+(?:assistant|bot|tool|chat|chatbot|app|audits?)|this)\b"
    r"|^\W*(?:(?:and|so|ok|show\s+me|tell\s+me)\W+)*what(?:'s|s)?\s+(?:is\s+|has\s+|have\s+)?"
    r"(?:not|n't|never|still|gone|going|getting|went|goes|un|isn['\u2019]?t|aren['\u2019]?t"
    r"|wasn['\u2019]?t|hasn['\u2019]?t|haven['\u2019]?t)",
    re.IGNORECASE,
)
_PEOPLE_IN_A_CASE = re.compile(
    r"\b(?:mum|mother|dad|father|parents?|carers?|famil(?:y|ies)|child|children|kids?|baby"
    r"|young\s+person|teen|girl|boy|he|she|his|her|social\s+worker|sw|gp|school|manager|agency"
    r"|csc|mash|police|camhs|nurse|health\s+visitor|emails?|calls?|referrals?|letters?|door|phone)\b",
    re.IGNORECASE,
)
"""Someone or something in a case: "what didn't mum answer", "my emails went unanswered"."""


def _asks_about_use(text: str) -> bool:
    """The lead's questions by their parts, whatever the words between: asking what is asked
    most ("what do people ask most", "which topics come up most", "what's the top topic"), or
    what goes unanswered ("what didn't it answer", "what are we not able to answer"), with
    no one in a case named."""
    if _ASKING_FRAME.search(text) is None or _PEOPLE_IN_A_CASE.search(text) is not None:
        return False
    if _ADVICE.search(text) is not None:
        return False
    popular = _MOST.search(text) is not None and (
        _ASKED_VERB.search(text) is not None or _ASKED_THINGS.search(text) is not None
    )
    unanswered = _NOT_ANSWERED.search(text) is not None and (
        _BY_THE_ASSISTANT.search(text) is not None or _ASKED_THINGS.search(text) is not None
    )
    return popular or unanswered


_OF_THE_AUDITS = re.compile(
    r"\b(?:across|in|of|from|between|within|through|throughout|shared\s+by|common\s+to"
    r"|run(?:s|ning)?\s+through)\s+(?:(?:both|the|all|each|these|those|two|our)\s+)*"
    r"(?:of\s+(?:the\s+)?)?(?:two\s+)?(?:audits|reports|reviews)\b"
    r"|\bboth\s+(?:the\s+)?(?:audits|reports|reviews)\b|\b(?:the\s+)?(?:two|2)\s+audits\b",
    re.IGNORECASE,
)
"""The audits, more than one, named as where something is: "across both audits", "in the
audits", "common to the two reports"."""


_BOTH_AUDITS = re.compile(
    r"\b(?:both|two|2|all)\s+(?:of\s+)?(?:the\s+|our\s+)?(?:audits|reports)\b", re.IGNORECASE
)


def names_the_audits(text: str) -> bool:
    """ "using both audits", "across all the audits": the audits together, not one."""
    return _BOTH_AUDITS.search(text) is not None


_THEMES = re.compile(
    r"\b(?:themes?|topics?|issues|threads|patterns|messages|findings|learning|lessons|things"
    r"|points|take-?aways|headlines|highlights)\b",
    re.IGNORECASE,
)
_NEED_TO_KNOW = re.compile(
    r"\b(?:(?:should|must|do)(?:\s+(?:i|we|you|they))?(?:\s+(?:need|have|ought)\s+to)?"
    r"|(?:need|have|ought|got)\s+to)\s+(?:know|be\s+aware\s+of|take\s+away|remember)\b",
    re.IGNORECASE,
)
"""What the asker must know of the audits: asking for their main learning, not advice."""
_INTRODUCING = re.compile(
    r"^\W*(?:(?:hi|hello|hey)\W+)?(?:(?:i'?m|im|i\s+am|as)\s+(?:a\s+|an\s+)?)?"
    r"(?:new|newly\s+qualified|just\s+started|starting|(?:first|second)\s+(?:week|day|month))\b"
    r"[^,.;:!?\u2013\u2014]*(?:[,.;:!?\u2013\u2014]|\s-\s)",
    re.IGNORECASE,
)
"""The asker introducing themself before the question ("first week as a sw, ...", "I'm new
to the team - ..."): who asks, not what."""
_ASKED_BY_PEOPLE = re.compile(
    rf"\b{_ASKERS}\b|\b(?:ask|asks|asked|asking|search\w*|quer(?:y|ies|ied)|typed?)\b",
    re.IGNORECASE,
)


THEME_WORDS = frozenset(
    """theme themes topic topics issues threads patterns messages message findings learning
    lessons key main common commonest shared recurring recur recurrent same overlap overlapping
    similar similarities both two all each across between within through throughout run runs
    running audit audits report reports review reviews come comes coming came crop crops
    appear appear appears there big biggest top overall overarching emerge emerged emerging
    cross cutting cross-cutting things points takeaways take-aways headlines highlights
    important know from""".split()
)
"""Words of asking for the audits' themes, not a topic of their own: "what's the learning
in the audits on young carers" asks for a topic."""


def asks_for_themes(text: str) -> bool:
    """ "What are the common themes across both audits?", "which topics come up in the two
    audits", "first week as a sw, what are the main things from these audits i should know":
    the audits' own themes, asked of the audits together, whoever introduces the question;
    never what practitioners ask most ("the common themes people ask about"), which the
    insights page shows."""
    asked = _NEED_TO_KNOW.sub(" know ", _INTRODUCING.sub(" ", text))
    return (
        (_THEMES.search(asked) is not None or _NEED_TO_KNOW.search(text) is not None)
        and _OF_THE_AUDITS.search(asked) is not None
        and not topic_words(asked) - THEME_WORDS
        and _ASKED_BY_PEOPLE.search(asked) is None
        and _ADVICE.search(asked) is None
    )


def asks_for_insights(text: str) -> bool:
    """ "What have practitioners been asking about most?", "show me the questions the audits
    couldn't answer", "how many staff have used it this month", "what didn't it answer";
    never a practice question about asking ("what should I ask mum?") or an answer not given
    by a family ("mum didn't answer the door"), nor the audits' own themes ("the common
    themes across both audits")."""
    if asks_for_themes(text):
        return False
    if _ASKING.search(text) is not None:
        return _ADVICE.search(text) is None
    if _UNANSWERED.search(text) is not None or _asks_about_use(text):
        return True
    return _USAGE.search(text) is not None and _OF_THE_ASSISTANT.search(text) is not None


_AUDIT_OVERVIEW = re.compile(
    r"(?:\bwhat(?:'s|s|\s+is|\s+was)\s+in|\b(?:overview|summary|rundown|run-down|outline)\s+of"
    r"|\b(?:sum\s+up|summari[sz]e|outline)|\bremind\s+me\s+(?:of|about))"
    r"\s+(?:the\s+|that\s+)?(?:[\w/-]+\s+){0,5}?audits?"
    r"(?:\s+(?:overall|again|please|pls|as\s+a\s+whole|in\s+general))*\W*$",
    re.IGNORECASE,
)


_AUDIT_CASES = re.compile(
    r"\b(?:which|what)\s+(?:cases|children|families|young\s+people)\s+(?:(?:are|were|did|does)\s+)?"
    r"(?:in|from|covered|included|audited|looked\s+at|reviewed)\b"
    r"(?:\s+(?:in|by))?\s+(?:the\s+|that\s+)?(?:[\w/-]+\s+){0,4}?(?:audits?|one|report)\W*$",
    re.IGNORECASE,
)


_WHICH_AUDITS = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|hi|hey|right|sorry)\W+)*"
    r"(?:(?:which|what)\s+(?:\w+\s+)?(?:audits|reports|reviews)"
    r"|(?:list|name|show)\s+(?:me\s+)?(?:the|your|all\s+the)\s+(?:audits|reports))\b",
    re.IGNORECASE,
)
_WHICH_CASES = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|hi|hey|right|sorry)\W+)*"
    r"(?:(?:which|what)\s+cases\s+(?:are\s+there|do\s+you\s+(?:have|hold|know)|have\s+you\s+got"
    r"|(?:have\s+)?you\s+got|are\s+(?:available|held|covered|included))"
    r"|(?:list|name|show)\s+(?:me\s+)?(?:(?:the|your|all(?:\s+the)?)\s+)?cases)\b",
    re.IGNORECASE,
)
"""The cases the audits hold, asked in any state ("so which cases are in them", "list the
cases"): the audits' cases listed, as the audits themselves are by _WHICH_AUDITS."""
_WHICH_AUDITS_WORDS = frozenset(
    """which what audits reports reviews audit report review know knows got have has hold
    holds cover covers covered include includes included there available use uses using used
    based built draw draws drawn from about list name show all case multi agency multiagency
    learning exactly currently now""".split()
)
"""Words of asking which audits the assistant holds, not a topic of their own."""


def asks_which_audits(text: str) -> bool:
    """ "what audits have you got?", "which reports is this based on", "list the audits":
    the audits the assistant holds, asked in no words of a topic ("which audits mention
    young carers" asks for that topic's learning)."""
    return shaped_within(_WHICH_AUDITS, text, _WHICH_AUDITS_WORDS | POLITE)


def asks_which_cases(text: str) -> bool:
    """ "so which cases are in them", "which cases do you have": the audits' cases, asked in no
    words of a topic ("which cases had a parent in prison" asks a case's text)."""
    return shaped_within(_WHICH_CASES, text, _WHICH_AUDITS_WORDS | {"cases"} | POLITE)


def asks_what_an_audit_holds(text: str) -> bool:
    """ "remind me what's in the 2019/20 MH audit overall", "a rundown of the SEND audit",
    "which cases are in the SEND one": the audit as a whole (its cases and key messages),
    asked with nothing after the audit's name; "what's in the audit about young carers" asks
    for a topic's learning instead. Which audits there are is asked of them all the same way."""
    return (
        _AUDIT_OVERVIEW.search(text) is not None
        or _AUDIT_CASES.search(text) is not None
        or asks_which_audits(text)
        or asks_which_cases(text)
    )


_OVER_THEM = re.compile(
    r"\b(?:patterns?|themes?|trends?|topics?|group(?:s|ed|ing)?|clusters?|common|commonest"
    r"|break\s*(?:it|them|those|that)?\s*down|breakdown|categor\w+|gaps?"
    r"|stand\s+out|recurr\w*|repeat\w*|summar\w+|overview|in\s+common|similar)\b"
    # "which fall outside the audits?", "the ones beyond them": the questions declined
    r"|(?:\bnot|n['\u2019]?t|\bnever)\s+(?:\w+\s+)?(?:cover(?:ed|s)?|in\s+(?:the\s+)?audits?)\b"
    r"|\b(?:outside|beyond|uncovered)\b",
    re.IGNORECASE,
)
"""Words of grouping, patterns, themes or gaps: "what kind of help is there" right after the
insights asks for help, not what the insights hold (a kind or type names no grouping)."""
OVER_THEM_WORDS = frozenset(
    """patterns pattern themes theme trends trend topics topic groups group grouped grouping
    clusters cluster common commonest break breakdown down categories category categorise kinds
    kind sorts sort types type gaps gap stand out recurring recur recurrent repeated repeating
    summary summarise summarize overview similar similarities any spot see notice emerging
    emerge there help close closing fill filling address tackle what would could should show
    anything have share
    tell give main biggest top most
    audit audits cover covers covered uncovered outside beyond fall falls don dont doesn doesnt
    isnt aren arent ones""".split()
)
"""Words of asking what the insights just pointed to hold, with no topic of their own (its
questions outside the audits' coverage among them)."""


def asks_over_insights(text: str) -> bool:
    """ "Any patterns in those?", "what would help us close those gaps?", "break them down by
    topic", "which fall outside the audits?": the learning lead asking what the questions or
    feedback the insights page was just named for hold, which its grouped views answer."""
    return shaped_within(_OVER_THEM, text, OVER_THEM_WORDS)
