"""Conversation moves: messages that are not new questions but lean on what the assistant's
last turn left open (bot.dialogue.context): thanks and acknowledgements in any common form,
"go on", a question about "it" or "one", "what about ...", a correction, one detail of the last
answer, a bare "what now?".

Two kinds of evidence decide, never a list of sentences: the intents of data/moves/, trained on
varied general examples, and the shape of the message here (only acknowledgement words, only
the words of asking what a term means, how many words carry a topic). What each move then does
depends on the context it meets (`resolve`), so every move gets one reply in every state.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from bot.dialogue.context import Context
from bot.dialogue.escalation.link_requests import asks_how_linked
from bot.names import (
    ACKNOWLEDGE_INTENT,
    CORRECTION_INTENT,
    DETAIL_INTENT,
    FOLLOW_UP_INTENT,
    MORE_INTENT,
    NEED_HELP_INTENT,
    THANK_INTENT,
)
from bot.safeguards.safety import WHAT_IF_OPENING
from bot.safeguards.whose_detail import detail_kind, whose_detail_asked

_TOKEN = re.compile(r"[a-z0-9]+")

THANKS_WORDS = frozenset(
    """thanks thank thankyou thanx thnx thx thks tks tx ty tyvm ta cheers appreciated
    appreciate""".split()
)
ACKNOWLEDGEMENT_WORDS = frozenset(
    """ok okay okey okie oki okies k kk fine great cool right alright allright noted grand
    lovely perfect brilliant brill fab fabulous nice good super sound understood gotcha got it
    ah ahh aah oh ohh hmm hm mm i see makes sense fair enough will do that thats that's is was
    very really so much many lots v bunch helpful useful excellent wonderful amazing awesome
    ace champion top gr8 kl np you for your help info information the all clear sorted
    right-o righto roger wilco mate love x xx with done clearer better helps helped
    today tonight now there""".split()
)
"""Words that, with nothing else in the message, only acknowledge (never yes or no: those
answer "Was this helpful?"), a session closed in them too ("that will do for today", "leave
it there for now"): never a question, nor danger that needs the urgent contacts."""
SIGN_OFF_WORDS = frozenset("night nite nighty goodnight gnight".split())
"""A sign-off ("nite", "goodnight"), which set AA's writer got the out-of-hours number for:
an acknowledgement only alone or with thanks and other sign-off words (_BESIDE_A_SIGN_OFF),
never in "up all night" or "the night he left"."""
_BESIDE_A_SIGN_OFF = (
    THANKS_WORDS | ACKNOWLEDGEMENT_WORDS | frozenset("bye byee".split())
) - frozenset("all the there today tonight was is with".split())
"""Thanks and acknowledgements a sign-off comes with ("thanks that helped, nite"), never the
words that tell a time or a place ("the night", "there all night")."""
_AFTER_A_SIGN_OFF = frozenset("all everyone folks".split())
"""Who is bid goodnight, only after the sign-off ("night all", not "all night")."""
THANKS_SYMBOLS = frozenset("\U0001f64f")  # folded hands
MAX_ACKNOWLEDGEMENT_WORDS = 7


def _symbols(text: str) -> list[str]:
    return [char for char in text if unicodedata.category(char) == "So"]


def acknowledgement_intent(text: str) -> str | None:
    """thank or acknowledge when the message only thanks or acknowledges ("ok cheers",
    "fine. thanks", "thx", "noted", a thumbs-up), else None. A message with no word at all
    (an emoji, "!!") acknowledges too."""
    lowered = text.lower().replace("\u2019", "'")
    words = _TOKEN.findall(lowered.replace("'", ""))
    if len(words) > MAX_ACKNOWLEDGEMENT_WORDS:
        return None
    if not words:
        if "?" in text or not text.strip():
            return None
        return THANK_INTENT if THANKS_SYMBOLS & set(_symbols(text)) else ACKNOWLEDGE_INTENT
    if SIGN_OFF_WORDS & set(words):
        if not _only_signs_off(words):
            return None
    elif not set(words) <= THANKS_WORDS | ACKNOWLEDGEMENT_WORDS:
        return None
    if "?" in text:
        return None  # "ok?" asks something
    thanked = bool(THANKS_WORDS & set(words)) or bool(THANKS_SYMBOLS & set(_symbols(text)))
    return THANK_INTENT if thanked else ACKNOWLEDGE_INTENT


def _only_signs_off(words: list[str]) -> bool:
    """The words sign off and nothing more: a sign-off word, thanks, "ok", and whom it is
    bid to after it ("ok night all", "thanks, nite x"), never "there all night"."""
    signed_off = False
    for word in words:
        if word in SIGN_OFF_WORDS:
            signed_off = True
        elif not (word in _BESIDE_A_SIGN_OFF or (signed_off and word in _AFTER_A_SIGN_OFF)):
            return False
    return True


_CALLING_FOR_HELP = frozenset("help helpp me please pls plz i need some us".split())
"""The words of a bare call for help ("help", "help me pls"); "help" is an acknowledgement
word only beside thanks ("thanks for your help")."""


def calls_for_help(text: str) -> bool:
    """ "help", "help!", "i need help": a bare call for help, never thanks nor an
    acknowledgement (the words of acknowledging include "help", for "thanks for your help")."""
    words = set(_TOKEN.findall(text.lower()))
    return "help" in words and words <= _CALLING_FOR_HELP


THANKING_WORDS = THANKS_WORDS | frozenset(
    """helpful useful great brilliant perfect lovely excellent wonderful amazing awesome helps
    helped""".split()
)
"""Words that thank or praise an answer, in a message of any length."""
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


def thanks_in_words(text: str) -> bool:
    """Whether a message thanks or praises in its words or a thanks symbol, or is as short as
    an acknowledgement: "TA" in capitals is a teaching assistant, not "ta" (thanks), so an
    acronym is not read as a word of thanks."""
    words = _TOKEN.findall(_ACRONYM.sub(" ", text.replace("\u2019", "'")).lower().replace("'", ""))
    if len(_TOKEN.findall(text.lower())) <= MAX_ACKNOWLEDGEMENT_WORDS:
        return True
    return bool(THANKING_WORDS & set(words)) or bool(THANKS_SYMBOLS & set(_symbols(text)))


_ASKING_ON = frozenset(
    """and but so what where which who how when why can could is are do does should would
    will any anything whats wheres whos hows whens whys tell give show""".split()
)
"""Words a question or a request opens with, after an acknowledgement ("ok fair. whats the
learning on young carers then", "cheers, tell me about case 2")."""
MIN_WORDS_AFTER_PREFACE = 3


def after_acknowledgement(text: str) -> str | None:
    """What follows an acknowledgement that only prefaces a question or a request ("ok and
    the mental health one", "ok where would I find that then"), else None."""
    words = _TOKEN.findall(text.lower().replace("'", ""))
    start = 0
    preface = (THANKS_WORDS | ACKNOWLEDGEMENT_WORDS) - _ASKING_ON
    while start < len(words) and words[start] in preface:
        start += 1
    rest = words[start:]
    if start == 0 or len(rest) < MIN_WORDS_AFTER_PREFACE or rest[0] not in _ASKING_ON:
        return None
    return " ".join(rest)


MORE_WORDS = frozenset("and then more go on else what so anything keep going please pls".split())
MORE_MARKERS = frozenset("and more else go keep".split())
MAX_SHAPE_WORDS = 5


MAX_MORE_WORDS = 7
_NEGATIONS = frozenset("no not nothing none".split())


def asks_for_more(text: str) -> bool:
    """Only the words of asking to go on: "and?", "and then", "what else", "go on", or
    "else"/"more" with function words only ("what else should I be doing", "tell me more")."""
    words = set(_TOKEN.findall(text.lower()))
    if not words or words & _NEGATIONS or not words & MORE_MARKERS:
        return False
    if len(words) <= MAX_SHAPE_WORDS and words <= MORE_WORDS:
        return True
    return (
        len(words) <= MAX_MORE_WORDS
        and bool(words & {"else", "more"})
        and words <= MORE_WORDS | FUNCTION_WORDS
    )


def asks_for_other_things(text: str) -> bool:
    """ "what else", "anything else?", "what else should I be doing": asking to go on, for
    something other than what was said ("else"), not more of the same ("go on", "more")."""
    return asks_for_more(text) and "else" in _TOKEN.findall(text.lower())


_NOT_HELPFUL = re.compile(
    r"\b(?:not|wasn'?t|isn'?t|didn'?t|doesn'?t|hasn'?t|never)\s+(?:\w+\s+){0,2}?"
    r"(?:help|helpful|helped|useful|what i (?:need|needed|wanted|asked))\b"
    r"|\bunhelpful\b|\buseless\b|\bno use\b|\bno help\b",
    re.IGNORECASE,
)
_LAST_ANSWER = frozenset("that it this answer reply response".split())
MAX_BARE_COMPLAINT_WORDS = 4


def says_not_helpful(text: str) -> bool:
    """The last answer did not help, in the person's own words: "that wasn't helpful, too
    long", "not very helpful tbh, it doesn't say what to do". A complaint points at the
    answer ("that", "it") or is short; "which answers were rated not helpful" asks about
    other answers."""
    if _NOT_HELPFUL.search(text.replace("\u2019", "'")) is None:
        return False
    words = set(_TOKEN.findall(text.lower().replace("'", "")))
    return bool(words & _LAST_ANSWER) or len(words) <= MAX_BARE_COMPLAINT_WORDS


CONTACT_WORDS = frozenset("number numbers phone tel telephone email".split())
MAX_CONTACT_WORDS = 7


_NUMBERED = re.compile(r"\b(?:number|no\.?)\s*\d", re.IGNORECASE)
"""'number 4' picks the fourth of a list (a case), it does not ask for a phone number."""


_TELL_ME = re.compile(r"\btel\s+(?:me|us)\b", re.IGNORECASE)
"""'tel me about case 1' is "tell me", not a telephone number."""


def asks_for_contact(text: str) -> bool:
    """A few words around "number" or "email": "nia number", "MASH phone?", "their email"."""
    words = _TOKEN.findall(text.lower())
    asked = set(words) & CONTACT_WORDS
    if _TELL_ME.search(text):
        asked -= {"tel"}
    return 0 < len(words) <= MAX_CONTACT_WORDS and bool(asked) and _NUMBERED.search(text) is None


_CONTACT_THEM = re.compile(
    r"\b(?:contact|reach|ring|call|phone|email|e-mail|get hold of|get in touch with|refer to)\s+"
    r"(?:them|it|that service|this service|the service|that team|this team|the team)\b"
    r"|\b(?:their|its) (?:contact|details|contact details)\b",
    re.IGNORECASE,
)


def asks_how_to_contact(text: str) -> bool:
    """ "how do I contact them", "how can I reach that service", "their contact details": a few
    words asking how to reach the service the last answer named, not the urgent contacts."""
    words = _TOKEN.findall(text.lower())
    return 0 < len(words) <= MAX_CONTACT_WORDS and _CONTACT_THEM.search(text) is not None


_HOW_TO_REACH = re.compile(
    r"\bhow\s+(?:do|can|would|should|could)\s+(?:i|we|you|u|parents|staff|families)\s+"
    r"(?:contact|reach|get\s+hold\s+of|get\s+in\s+touch\s+with|ring|call|phone|email|refer\s+to)\b",
    re.IGNORECASE,
)


def asks_how_to_reach(text: str) -> bool:
    """ "how do I get hold of ...", "how can we reach ...": how to reach whatever it names (a
    service named in it is reached its own way, not through the front door)."""
    return _HOW_TO_REACH.search(text) is not None


SOURCE_WORDS = frozenset("audit audits case cases review report source child family".split())
_ASKING_WHICH = re.compile(
    r"\bwhich\b|\bwh?at'?s?\s+(?:audit|case|report|review|source)"
    r"|^\W*(?:(?:and|so|ok)\W+)*(?:the\s+)?(?:audit|case|report|review|source)\s*\?"
    r"|^\W*(?:(?:and|so|ok)\W+)*(?:is|was|does|did)\s+(?:that|this|it)\s+(?:come\s+)?from\b",
    re.IGNORECASE,
)


_WHO_SUPPORTS = re.compile(
    r"\bwho\s+(?:else\s+)?(?:(?:can|could|would|will|might|should|else)\s+)?"
    r"(?:support|supports|help|helps|offers?|provides?|works?\s+with)\b"
    r"|\b(?:local|any|what|which)\s+(?:support|services?|help|organisations?|charit(?:y|ies)"
    r"|groups?)\b"
    r"|\bwhere\s+(?:can|could|would|do|does|should|might)\s+\w+\s+(?:get|find|go\s+for)\s+"
    r"(?:support|help)\b"
    r"|\b(?:support|help|services?)\s+(?:locally|nearby|in\s+the\s+area|round\s+here)\b",
    re.IGNORECASE,
)
SUPPORT_WORDS = frozenset(
    """support supports supporting help helps helping offer offers provide provides service
    services local locally nearby near here area round organisation organisations charity charities
    group groups get find work works else available family child young person kid parent
    parents mum dad there""".split()
)
"""Words of asking who supports someone, not a topic of their own: "young carers" in "who
supports young carers locally" is a topic, "him" or "the family" are the one just talked of."""


def asks_for_services(text: str) -> bool:
    """ "and who supports him locally?", "any local support for the family", "where can she get
    help": who helps the person the conversation is about, in no words of a topic of its
    own, so the services of what was just talked about."""
    return shaped_within(_WHO_SUPPORTS, text, SUPPORT_WORDS)


def shaped_within(shape: re.Pattern[str], text: str, asking: frozenset[str]) -> bool:
    """The message has this shape, and every word of its own is one of asking it."""
    plain = text.replace("\u2019", "'")
    return shape.search(plain) is not None and not topic_words(plain) - asking


_WHO_USES = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|but)\W+)*(?:who|where|which|what(?!\s+if)|why|how\s+come)\b.*?"
    r"\b(?:use|uses|used|using|mention(?:s|ed)?|appl(?:y|ies|ied)|talk(?:s|ed)?\s+about"
    r"|appear(?:s|ed)?|(?:come|comes|came|crop|crops|cropped|show|shows|showed)\s+up"
    r"|(?:had|has|have|got|gets|get|given|received|was\s+on|were\s+on|is\s+on|are\s+on)"
    r"\s+(?:one|ones|it|that|this|them|those|these|any)"
    # "which case was at that stage", "who was going through it": in what was just explained
    r"|(?:was|were|is|are|went|going)\s+(?:\w+\s+)?(?:at|in|under|through|on)\s+(?:that|this|it"
    r"|the\s+same)(?:\s+(?:stage|point|step|process|status|time))?)\b",
    re.IGNORECASE,
)
USE_WORDS = frozenset(
    """use uses used using mention mentions mentioned apply applies applied talk talks talked
    appear appears appeared come comes came crop crops cropped show shows showed
    case cases agency agencies service services professional professionals team teams people
    child children family families audit audits practitioner practitioners anyone had has
    have got gets get given received kid kids young people person pupil pupils stage point
    step process status going went through under""".split()
)
"""Words of asking who used a term, or who had the thing it names ("who had one in the
audit", "which cases got one"), not a topic of their own."""


def asks_who_uses(text: str) -> bool:
    """ "who used it", "which cases use that", "where did it come up": who in the audits used
    what was just explained, in no words of a topic of its own."""
    return shaped_within(_WHO_USES, text, USE_WORDS)


_WHY = re.compile(r"^\W*(?:(?:and|so|ok|okay|but)\W+)*(?:why|how\s+come)\b", re.IGNORECASE)


def asks_why_used(text: str) -> bool:
    """ "so why do the audits talk about this one", "how come the audits mention it": why
    use what was just explained, which the learning that uses it says (not who had it)."""
    return _WHY.search(text.replace("\u2019", "'")) is not None and asks_who_uses(text)


def who_uses_narrowed(text: str) -> set[str] | None:
    """The few words of its own a question of who used or had what was just explained narrows
    it by ("which case had one transferred over", "and which one had it just finalised": what
    happened to it there); empty when it says none, None when it is no such question or says
    more than MAX_OWN_WORDS."""
    plain = text.replace("\u2019", "'")
    if _WHO_USES.search(plain) is None:
        return None
    own = topic_words(plain) - USE_WORDS
    return own if len(own) <= MAX_OWN_WORDS else None


_AREA = r"(?:hackney|city(?:\s+of\s+london)?|square\s+mile)\b"
"""The partnership's two areas as a question about where learning applies names them."""
_HOW_MANY_AUDITS = re.compile(
    r"\b(?:both|all|each|either|neither|two)\s+(?:of\s+(?:the|them)\s+)?(?:the\s+)?"
    r"(?:audits?|reports?|ones?)\b"
    r"|\b(?:just|only)\s+(?:the\s+)?(?:one|1)\s+(?:audit|report)\b"
    r"|\bone\s+(?:audit|report)\s+(?:only|or)\b"
    r"|\bone\s+or\s+(?:both|two|the\s+other)\b|^\W*(?:in\s+)?both\W*$"
    r"|\b(?:hackney|city(?:\s+of\s+london)?)\s+(?:or|and|only|too|as\s+well)\b"
    r"|\b(?:or|and|just|only|also|too)\s+(?:in\s+)?(?:the\s+)?(?:hackney|city(?:\s+of\s+london)?)\b"
    # one area asked of, in words of limiting or extending: "was it just a Hackney thing?",
    # "Hackney-specific?", "does that apply to the City", "is the City covered"
    rf"|\b(?:just|only|purely|solely|specific(?:ally)?|exclusively)\s+(?:(?:a|an|in|for|to|the)\s+)*"
    rf"{_AREA}"
    rf"|{_AREA}[\s-]+(?:only|specific|thing|based|wide|centric|focused|included|covered)\b"
    # the cases asked of by one area: "were they all Hackney cases", "any City cases?"
    rf"|\b(?:all|any)\s+(?:(?:from|in|the)\s+)*{_AREA}"
    # an area asked of the audits as a whole: "did the audits take in the City at all"
    rf"|{_AREA}\s+(?:\w+\s+)?(?:part\s+of|in|included\s+in|covered\s+(?:in|by)|among)\s+"
    r"(?:(?:the|these|those|both|your)\s+)?(?:audits?|reports?)\b"
    # the learning itself said to be found in other places ("has it been raised in other
    # places", "did that show up elsewhere"), not a place asked of ("where else can I go")
    r"|\b(?:this|that|it|(?:the|this|that)\s+learning)\s+(?:\w+\s+){0,3}?"
    r"(?:(?:come|came|comes|coming|show|shows|showed|crop|crops|cropped)\s+up|found|identified"
    r"|seen|noted|raised|mentioned|appear\w*)\s+(?:\w+\s+){0,2}?"
    r"(?:(?:any|some)\s*where\s+else|elsewhere|in\s+other\s+(?:places|audits|reviews))\b"
    r"|\b(?:apply|applies|applied|relevant|count|counts|cover|covers|covered|include|includes"
    r"|included|mean|means|true|hold|holds|go|goes|extend|extends)\s+(?:(?:to|for|in|across"
    rf"|over|the)\s+)+{_AREA}",
    re.IGNORECASE,
)
AUDITS_ASKED_WORDS = frozenset(
    """both all each either neither two one only just audit audits report reports ones same
    also too well found find finding say says said come comes came from learning point
    message lesson hackney city london borough boroughs area areas place places where
    apply applies true across whole partnership thing things specific specifically purely
    solely exclusively based wide centric focused included include includes covered cover
    covers relevant count counts mean means hold holds extend extends applied square mile
    too case cases audited sample samples child children families kids young people look looked
    looking part these those anywhere somewhere elsewhere else among identified seen noted raised
    mentioned appear appears appeared show shows showed crop crops cropped other review
    reviews been""".split()
)
"""Words of asking which audits (and where) something was found, not a topic of their own:
"was this only Hackney cases?" asks where the cases were, not about them."""


def asks_which_audits_found(text: str) -> bool:
    """ "is that in both audits?", "both reports or just one", "Hackney only or City too?":
    whether what was just said was found in one audit or both, and where, in no words of a
    topic of its own (never "the other audit", a correction, nor "which audit", its source)."""
    return shaped_within(_HOW_MANY_AUDITS, text, AUDITS_ASKED_WORDS | POLITE)


POLITE = frozenset("please pls plz again".split())
"""Words that only soften a question ("which report please", "which audit again")."""
MAX_SOURCE_WORDS = 9


_WHERE_FROM = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|but|sorry|hang on)\W+)*where(?:'?s|\s+is|\s+was|\s+does|\s+did"
    r"|\s+do)\s+(?:that|this|it|the)\b(?:\s+\w+)?\s+(?:\w+\s+)?(?:originally\s+)?from\b",
    re.IGNORECASE,
)
SAID_WORDS = frozenset(
    """learning info information answer advice point points message bit line lines quote
    come comes came coming taken originally exactly from""".split()
)
"""Words that name what the last reply said, not a topic: "where's that learning from"."""


def asks_where_from(text: str) -> bool:
    """ "where's that from?", "where does this learning come from originally": where what
    was just said comes from, whatever was said (an answer, a case's lines, good practice),
    in no words of a topic of its own."""
    return shaped_within(_WHERE_FROM, text, SOURCE_WORDS | SAID_WORDS | POLITE)


def asks_for_source(text: str) -> bool:
    """A few words asking where the last answer comes from: "which audit", "which case is it
    from", "and which child", "was that from the mental health audit?", "where's that from";
    never "which cases were in the SEND audit", which asks for an audit's cases (one answer
    has one case)."""
    words = _TOKEN.findall(text.lower())
    own = topic_words(text) - SOURCE_WORDS
    if 0 < len(words) <= MAX_SOURCE_WORDS and asks_where_from(text):
        return True
    return (
        0 < len(words) <= MAX_CONTACT_WORDS
        and "cases" not in words
        and _ASKING_WHICH.search(text) is not None
        and bool(set(words) & SOURCE_WORDS)
        and not own
        - {"from", "come", "comes", "says", "say", "said", "exactly", "send", "mental", "health"}
        - POLITE
    )


_QUESTION = re.compile(
    r"\?|^\W*(?:(?:and|but|so|ok|okay)\W+)*(?:what|which|how|why|who|did|was|were|is|does)\b",
    re.IGNORECASE,
)


def asks_a_question(text: str) -> bool:
    """A question mark, or a question word first ("and what didn't", "what helped in that
    case"): asking, where "that helped" or "didn't help" only say how an answer did."""
    return _QUESTION.search(text) is not None


_WHAT_NEXT = re.compile(
    r"\bthen what\b|\bwhat (?:next|now|after that)\b|\b(?:what|who)(?:'s| is| comes) next\b"
    r"|\bwho(?:'s| is| do i go to| should i go to)? (?:next|after (?:that|them|him|her"
    r"|(?:my|the|our) (?:\w+ )?\w+))\b"
    r"|\bif\b.*(?:\bnot\b|n'?t\b|\bno\b|\bnothing\b|\bnowhere\b|\bstill\b|\bfails?\b)"
    r"|^\W*(?:(?:and|so|ok|okay|then)\W+)*after (?:that|this|them|those)\W*$",
    re.IGNORECASE,
)
MAX_WHAT_NEXT_WORDS = 3


def asks_what_next(text: str) -> bool:
    """Asking for the step after the one just given, with no situation of its own: "then
    what", "and if that doesn't get anywhere", "and if they still don't respond?"."""
    plain = text.replace("\u2019", "'")
    return _WHAT_NEXT.search(plain) is not None and len(topic_words(plain)) <= MAX_WHAT_NEXT_WORDS


_STILL_STUCK = re.compile(
    r"\bstill\b(?:\W+\w+){0,4}?\W+(?:no|not|nothing|stuck|refus\w*|ignor\w*|disagree\w*"
    r"|won'?t|wont|can'?t|cant|isn'?t|doesn'?t|don'?t|hasn'?t|haven'?t|unresolved|blocked)\b"
    r"|\b(?:ignor(?:e|es|ed|ing)|refus(?:e|es|ed|ing)|disagree(?:s|d)?|stuck"
    r"|(?:get|gets|getting|got|goes|going|went) nowhere"
    r"|not listening|nobody (?:is )?listening|no one (?:is )?listening|won'?t listen)\b",
    re.IGNORECASE,
)
_WHO_NEXT = re.compile(
    r"\bwho(?:'s| is| do i (?:go to|tell|ask|escalate to)| should i (?:go to|tell|ask))?"
    r"\s+(?:next|then|after(?:\s+(?:that|them|him|her|my\s+\w+|the\s+\w+))?)\b"
    r"|\b(?:and )?then who\b|\bescalate (?:it )?to who\b|\bwhere (?:do i go |to go )?next\b",
    re.IGNORECASE,
)
MAX_ESCALATION_WORDS = 3
STUCK_WORDS = frozenset(
    """still stuck nowhere getting told spoke spoken asked tried raised say says saying said
    refuse refuses refused refusing ignore ignores ignored ignoring disagree disagrees listen
    listening respond responding responded reply replied answer next wont won cant isn doesn
    don hasn haven""".split()
)
"""Words that tell how far escalating got, not a topic of their own."""


TOP_WORDS = frozenset(
    """top end last final highest level person point authority chain ladder line road tree
    hierarchy resort say step stage dog very reach reaches sits sit escalation escalating""".split()
)
"""Words asking where escalating ends, not a topic of their own."""
_TOP_OF_IT = re.compile(
    r"\btop\s+of\s+(?:the|that|this|it|them)\b|\b(?:at|to|reach(?:es)?)\s+the\s+(?:very\s+)?top\b"
    r"|\bhighest\s+(?:level|person|point|authority|up)\b|\bend\s+of\s+the\s+(?:line|chain|road)\b"
    r"|\blast\s+resort\b|\bfinal\s+(?:say|step|stage|level)\b|\btop\s+(?:dog|person|level)\b",
    re.IGNORECASE,
)
"""Where escalating ends: "who sits highest up the ladder", "the last resort", "who has the
final say"."""


def asks_top_of_escalation(text: str) -> bool:
    """ "Who sits highest up the ladder?", "and the last resort?": where escalating ends, in
    no words of a topic of its own (asked right after escalating was spoken of)."""
    return shaped_within(_TOP_OF_IT, text, TOP_WORDS)


def asks_to_escalate(text: str) -> bool:
    """Asking whom to go to next, or what to do when the people already asked still say no,
    ignore or disagree ("who next", "and if they still say no", "told my manager, still stuck.
    who next"), in a few words of its own: the next step of escalating, whatever the topic."""
    plain = text.replace("\u2019", "'")
    asked = _WHO_NEXT.search(plain) is not None or (
        (_STILL_STUCK.search(plain) is not None and asks_what_next(plain)) or _asks_if(plain)
    )
    return asked and len(topic_words(plain) - STUCK_WORDS) <= MAX_ESCALATION_WORDS


def _asks_if(text: str) -> bool:
    """ "and if he still says no", "what if they still ignore me": a refusal that persists;
    "and if my manager can't sort it", "and if that doesn't work": a step of escalating
    that fails."""
    if WHAT_IF_OPENING.search(text) is None:
        return False
    persists = _STILL.search(text) is not None and _STILL_STUCK.search(text) is not None
    return persists or _STEP_FAILS.search(text) is not None


_FAILING = (
    r"(?:can'?t|cannot|couldn'?t|doesn'?t|does\s+not|won'?t|wont|isn'?t|fails?|didn'?t"
    # the step getting nowhere: "and if escalating to my manager gets nowhere?" (set Z)
    r"|(?:gets?|goes|leads?)\s+nowhere|comes?\s+to\s+nothing|gets?\s+no\s+(?:response|reply|answer)"
    # worked as a step that failed, not people or a place worked with (as matching.py reads it)
    r"|(?:has|have)(?:n'?t|\s+not)\s+worked(?!\s+(?:with|in|at|for|on|as)\b))"
)
_STEP_FAILS = re.compile(
    r"\b(?:my|the|our)\s+(?:line\s+)?(?:manager|supervisor|team\s*lead(?:er)?|senior|head)"
    rf"\s+(?:\w+\s+)?{_FAILING}\b"
    rf"|\b(?:that|this|it)\s+{_FAILING}(?:\s+(?:work|get\s+anywhere|sort\s+it|resolve\s+it))?"
    r"\W*$",
    re.IGNORECASE,
)
"""The one already asked, or the step just given, failing: "if my manager can't sort it"."""


def names_failing_step(text: str) -> bool:
    """ "and if my manager can't sort it": a step of escalating named as failing, which an
    answer whose own steps name it continues itself."""
    return _STEP_FAILS.search(text.replace("\u2019", "'")) is not None


_ROLE = re.compile(r"\b(manager|supervisor|team\s*lead(?:er)?|senior|head)\b", re.IGNORECASE)


def failing_step(text: str, steps: Sequence[str]) -> int | None:
    """The step a question says did not work ("if my manager can't sort it": the step that
    escalates to the manager), so that the steps after it come first; None when no step
    is named as failing or none names that role."""
    found = _STEP_FAILS.search(text.replace("\u2019", "'"))
    role = _ROLE.search(found.group(0)) if found else None
    if role is None:
        return None
    word = re.compile(rf"\b{re.escape(role.group(1).split()[0])}", re.IGNORECASE)
    return next((i for i, step in enumerate(steps) if word.search(step)), None)


_STILL = re.compile(r"\bstill\b", re.IGNORECASE)
"""Only a refusal that goes on after it was challenged is escalated: "what if mum refuses"
is a case of the last answer, "and if she still refuses" the next step."""


_CORRECTING = (
    r"^\W*(?:(?:no|nope|sorry|oops|actually|not that one|wrong one|i meant|i mean|meant)\W+)+"
)
_CHOOSING_ONE = re.compile(
    _CORRECTING + r"(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+one\W*$", re.IGNORECASE
)
_CHOOSING_OTHER = re.compile(_CORRECTING + r"the\s+other\s+(?:case|audit|one)\b", re.IGNORECASE)
""""no, the other case, the one with the young adult": what follows describes the choice."""


_OPENS_AS_CORRECTION = re.compile(_CORRECTING, re.IGNORECASE)


def corrects(latest: Mapping[str, Any]) -> bool:
    """The message corrects the last answer: the classifier's correction, or it opens as one
    ("no, I meant ..."), which the classifier may read as a question on the words after."""
    intent = str((latest.get("intent") or {}).get("name") or "")
    text = str(latest.get("text") or "")
    return intent == CORRECTION_INTENT or _OPENS_AS_CORRECTION.search(text) is not None


def corrects_with_one(text: str) -> bool:
    """ "sorry, the SEND one", "not that one - the mental health one", "no, the other case,
    the one with ...": a correction that names or describes its choice, never a question
    about the word it names."""
    return _CHOOSING_ONE.search(text) is not None or _CHOOSING_OTHER.search(text) is not None


_QUIZ_REQUEST = re.compile(
    r"\bquiz(?:zes)?\s+(?:me|us|my|our|the|them|staff|on|about|around|of|for|in)\b"
    r"|\b(?:make|run|do|give|start|set|create|have|want|need|try|write|put together)\s+"
    r"(?:\w+\s+){0,3}?quiz(?:zes)?\b"
    r"|\btest\s+(?:me|us|my\s+\w+|the\s+group|them)\s+(?:on|about)\b"
    r"|^\W*quiz\b"
    # "5 quiz questions on ...", "got a quiz?", "test the team's knowledge of ..."
    r"|\bquiz\s+(?:questions?|qs)\b|\b(?:got|any)\s+(?:a\s+)?quiz(?:zes)?\b"
    r"|\btest\s+(?:\w+['\u2019]?s?\s+){0,3}?(?:knowledge|understanding)\b"
    r"|\b(?:[3-9]|1\d|three|four|five|six|eight|ten)\s+(?:quick\s+|short\s+|multiple[\s-]choice\s+)?"
    r"(?:questions|qs)\s+(?:on|about|from|for|covering)\b"
    r"|\b(?:quick|short|multiple[\s-]choice)\s+(?:questions|qs)\s+(?:on|about|from|covering)\b",
    re.IGNORECASE,
)
_ENDING = re.compile(r"\b(?:stop|end|finish|quit|cancel|no more|enough|instead)\b", re.IGNORECASE)


_FOR_A_QUIZ_QUESTION = re.compile(
    r"\bquiz(?:\s+(?:questions?|qs))?\s+ideas?\b"
    r"|\bideas?\s+for\s+(?:a\s+|my\s+|the\s+|our\s+)?quiz(?:\s+questions?)?\b"
    r"|\b(?:for|in)\s+(?:a|my|the|our)\s+quiz(?:\s+questions?)?\s*[:,;\u2013\u2014-]",
    re.IGNORECASE,
)
"""A message offering material for a quiz question it will write itself ("Quiz idea: ...",
"thinking of ideas for a quiz - ..."), not asking for the assistant's quiz."""
_OWN_QUESTION = re.compile(
    r"\b(?:what|how|why|which|who|when|where|is|are|does|do|should)\b[^?]*\?\s*$", re.IGNORECASE
)


_MEANING = re.compile(r"\bmean(?:s|ing|t)?\b", re.IGNORECASE)
"""What a word means is a question the quiz itself asks ("For a quiz question: what does 'DNA'
really mean ...?" is answered by the quiz's question on it)."""


def asks_learning_for_quiz(text: str) -> bool:
    """ "Quiz idea: a child with complex health needs ... - what's the trap for
    professionals?": a question of its own, framed as material for a quiz the asker writes;
    it asks for the audits' learning on it, not for a quiz (unless it asks what a word means)."""
    return (
        _FOR_A_QUIZ_QUESTION.search(text) is not None
        and _OWN_QUESTION.search(text) is not None
        and _MEANING.search(text) is None
    )


def asks_for_quiz(text: str) -> bool:
    """A quiz asked for in a sentence, whatever else it says: "quiz me on missed
    appointments", "can you run a quiz on the SEND audit for my session", "make a quiz about
    young carers for the nurses"; never one that ends a quiz ("ok stop the quiz"), nor a
    question asked as material for the asker's own quiz."""
    return (
        _QUIZ_REQUEST.search(text) is not None
        and _ENDING.search(text) is None
        and not asks_learning_for_quiz(text)
    )


_A_QUIZ_WORD = re.compile(
    r"\b(?:quiz\w*|test\w*|questions?|qs|mcqs?|multiple|true|false|knowledge|poll\w*|trivia"
    r"|exam\w*|another|next|more|again)\b",
    re.IGNORECASE,
)
"""The words a quiz is asked for in (every quiz_me example of data/ says one), or the next
question of one ("another", "next", "again")."""


def names_no_quiz(text: str) -> bool:
    """A message that says no word of a quiz ("which bus gets me to stansted quickest"): the
    classifier's quiz, read from the letters of "quick", is not one."""
    return _A_QUIZ_WORD.search(text) is None


class Move(str, Enum):
    """A conversation move's name, as recorded for insights (CONVERSATION_TURN's reason)."""

    THANKS = "thanks"
    ACKNOWLEDGEMENT = "acknowledgement"
    MORE = "more"
    FOLLOW_UP = "follow_up"
    CORRECTION = "correction"
    DETAIL = "detail"
    HELP = "help"
    TERM = "term"


MOVE_OF_INTENT = {
    MORE_INTENT: Move.MORE,
    FOLLOW_UP_INTENT: Move.FOLLOW_UP,
    CORRECTION_INTENT: Move.CORRECTION,
    DETAIL_INTENT: Move.DETAIL,
    NEED_HELP_INTENT: Move.HELP,
}


class Detail(str, Enum):
    """Which one detail of the last answer is asked for."""

    PHONE = "phone"
    EMAIL = "email"
    LINK = "link"
    SOURCE = "source"
    NAME = "name"
    """The name of the service the last answer gave ("what was that service called again")."""


_DETAILS = (
    (
        Detail.SOURCE,
        re.compile(
            r"\b(?:source|audit|report|review|case|where\b.*\bfrom|cite|reference"
            r"|which (?:child|young person|family|kid))",
            re.I,
        ),
    ),
    (Detail.PHONE, re.compile(r"\b(?:numbers?|phone|tel|telephone|call|ring|no\.?)\b", re.I)),
    (Detail.EMAIL, re.compile(r"\b(?:e-?mail|address)\b", re.I)),
    (Detail.LINK, re.compile(r"\b(?:link|url|website|web|site|page|online)\b", re.I)),
)


_AGAIN = re.compile(
    r"\b(?:repeat|again|resend|re-?send|re-?share|once\s+more|one\s+more\s+time|remind\s+me"
    r"|say\s+(?:that|it)|(?:you\s+)?(?:just\s+)?(?:gave|said|sent|mentioned|shared|posted|put))\b"
    r"|\bwhat\s+(?:was|were)\s+(?:that|those)\b",
    re.IGNORECASE,
)
_BACK_TO = re.compile(
    r"\b(?:that|the|those|this|your|ur|same)\s+(?:\w+\s+)?(?:number|numbers|phone|link|links"
    r"|website|site|email|address|source|name|url|page|service|services)\b",
    re.IGNORECASE,
)
_NAMED = re.compile(r"\b(?:name|called)\b", re.IGNORECASE)
MAX_REPEAT_WORDS = 12


def repeated_detail(text: str) -> Detail | None:
    """The one detail of the last answer asked for again: "can you repeat that number", "send
    me that link again", "what was the source again", "whats the name of that service again";
    None when the message does not point back at a detail ("who do I call if she goes missing
    again", "what was the barak case about")."""
    words = _TOKEN.findall(text.lower())
    if not 0 < len(words) <= MAX_REPEAT_WORDS or _BACK_TO.search(text) is None:
        return None
    if _AGAIN.search(text) is None:
        return None
    for detail, pattern in (*_DETAILS[1:], _DETAILS[0]):
        if pattern.search(text):
            return detail
    return Detail.NAME if _NAMED.search(text) else None


_AUDIT_DETAIL = re.compile(
    r"\b(?P<what>(?:phone|telephone|contact|tel)\s+(?:numbers|nos|details)"
    r"|(?:numbers|nos|contacts)\b(?!\s+of\b)|phones|e-?mails|e-?mail\s+addresses|links|websites"
    r"|web\s+addresses|urls)\b"
    r"(?:\s+\w+){0,4}?\s+(?:in|from|of|does|did|do|has|have|inside)\s+(?:\w+\s+){0,5}?"
    r"(?:audit|report)s?\b",
    re.IGNORECASE,
)
"""Details asked of an audit as a whole, in the plural: "which phone numbers does the SEND
audit give", "any emails in the mental health report" (the services it prints them for);
never "numbers of" or "contacts of" something (how many, whom someone saw)."""
_BARE_NUMBERS = re.compile(r"^(?:numbers|nos)$", re.IGNORECASE)
_PHONE_WORDS = re.compile(
    r"\b(?:phones?|telephones?|tel|contacts?|dial|(?:to\s+)?(?:call|ring))\b", re.IGNORECASE
)
"""Words that make bare "numbers" telephone numbers ("numbers to ring in the SEND audit"),
not counts ("the numbers in the SEND audit on children with plans")."""
_HOW_MANY = re.compile(r"\bhow\s+many\b", re.IGNORECASE)


def audit_detail_asked(text: str) -> Detail | None:
    """The kind of detail asked of an audit as a whole (its numbers, emails or links), or
    None when the message asks none of an audit: a count ("how many", bare "numbers" with no
    word of phoning) or how things connect ("links ... between") is a question of the
    learning."""
    found = _AUDIT_DETAIL.search(text)
    if found is None or _HOW_MANY.search(text) is not None:
        return None
    what = found.group("what")
    if _BARE_NUMBERS.match(what) and _PHONE_WORDS.search(text) is None:
        return None
    kind = Detail(detail_kind(what))
    return None if kind is Detail.LINK and asks_how_linked(text) else kind


def asks_whose_detail(text: str) -> Detail | None:
    """The kind of detail whose owner is asked ("who owns that phone number": a phone), when the
    message is nothing but that question (bot/safeguards/whose_detail.py, the one reading the
    safety step shares); None for any other message."""
    kind = whose_detail_asked(text)
    return None if kind is None else Detail(kind)


_START_AGAIN = re.compile(
    r"\b(?:start|begin|starting|beginning)(?:\s+\w+){0,2}?\s+(?:again|over|afresh|fresh|anew)\b"
    r"|\b(?:re-?start|reset|clear|wipe|scratch|afresh)\b|\bfrom\s+the\s+(?:top|start|beginning)\W*$"
    r"|\bnew\s+(?:question|topic|chat|conversation|query)\b|\bsomething\s+else\b"
    r"|\bback\s+to\s+the\s+(?:very\s+)?(?:start|beginning|top)\b(?!\s+of\b)|\bforget\b",
    re.IGNORECASE,
)


def asks_to_start_again(text: str) -> bool:
    """ "let's start over", "new question", "from the top", "take me back to the beginning":
    starting again, in its own words, in any state (a quiz or walk-through included: the
    training data has "go back to the start" start again); "who sits at the top of the
    ladder" or "back to the start of the quiz" only share words with it, and ask of the last
    turn."""
    return _START_AGAIN.search(text) is not None


_WHICH_CASE = re.compile(
    r"\b(?:which|what|whose)\s+(?:\w+\s+)?(?:cases?|child|kid|family|young\s+person|yp|person)\b"
    r"|^\W*(?:(?:and|so|ok|okay)\W+)*(?:the\s+)?cases?\W*(?:please|pls)?\W*$",
    re.IGNORECASE,
)


def asks_which_case(text: str) -> bool:
    """ "which case", "Which case please", "and which child was that": the case (not only the
    audit) what was just said comes from."""
    return _WHICH_CASE.search(text) is not None


def detail_meant(text: str) -> Detail:
    """The detail a detail question is answered with: the one it asks, or asks again, else a
    number (what "the MASH?" wants)."""
    return detail_asked(text) or repeated_detail(text) or Detail.PHONE


def detail_asked(text: str) -> Detail | None:
    """The detail a message asks for: its source first ("which audit is that from"), then a
    number, an email, a link."""
    for detail, pattern in _DETAILS:
        if pattern.search(text):
            return detail
    return None


_OTHER = re.compile(r"\b(?:other|another|different|second|first|previous|last)\b", re.I)
_AUDIT_WORDS = re.compile(r"\baudits?\b|\breports?\b", re.I)
_CASE_WORDS = re.compile(r"\bcases?\b|\bchild\b|\bfamily\b", re.I)


MAX_OWN_WORDS = 2


def points_to_another(text: str) -> bool:
    """ "the other one", "a different case": the message points away from what was shown."""
    return _OTHER.search(text) is not None


def leans_on_last_turn(text: str) -> bool:
    """Few words of its own beyond pronouns and function words: "how would I set one up?",
    "and if she says no?", "what about his sister?"."""
    return len(topic_words(text)) <= MAX_OWN_WORDS


def asks_what_if(text: str) -> bool:
    """ "And if mum says no?", "what if he refuses": a case of the last answer, in a few
    words of its own, never a new topic."""
    return WHAT_IF_OPENING.search(text) is not None and leans_on_last_turn(text)


_WHAT_ABOUT = re.compile(
    r"^\W*(?:(?:and|but|so|ok|okay|right)\W+)*(?:what|how)\s+about\b", re.IGNORECASE
)


def asks_what_about(text: str) -> bool:
    """ "what about the mum, she's used to being in every conversation", "and how about
    school": another side of the topic just answered, in words of its own."""
    return _WHAT_ABOUT.search(text) is not None


_AND_ABOUT = re.compile(
    r"^\W*(?:and|also|plus)\s+(?:(?:the|his|her|their|its|any)\s+)?[a-z]\w*\W*$", re.IGNORECASE
)
_NOT_A_SUBJECT = re.compile(r"\b(?:if|when|then|else|more|next|one|ones|other|another)\b", re.I)


def asks_and_about(text: str) -> bool:
    """ "and his sisters?", "also his dad": one more subject on the topic just answered, in a
    word of its own (never "and if ...", "and then", "and the other one")."""
    return _AND_ABOUT.search(text) is not None and _NOT_A_SUBJECT.search(text) is None


_POINTING = frozenset(
    "that it this them they one ones those these there he she him her his".split()
)
MAX_WORDS_POINTING_BACK = 3


def points_back(text: str) -> bool:
    """A pronoun or "one" with few words of its own: "is there a template for that", "what
    ages do they take" can only be about the last answer."""
    words = set(_TOKEN.findall(text.lower()))
    return bool(words & _POINTING) and len(topic_words(text)) <= MAX_WORDS_POINTING_BACK


class Target(str, Enum):
    """What a correction points at when it names nothing itself."""

    OTHER_AUDIT = "other_audit"
    OTHER_CASE = "other_case"
    SOMETHING_ELSE = "something_else"


def correction_target(text: str) -> Target:
    """ "the other audit", "no, the other case", or just "sorry I meant something else"."""
    pointing = _OTHER.search(text) is not None or leans_on_last_turn(text)
    if pointing and _AUDIT_WORDS.search(text):
        return Target.OTHER_AUDIT
    if pointing and _CASE_WORDS.search(text):
        return Target.OTHER_CASE
    return Target.SOMETHING_ELSE


FUNCTION_WORDS = frozenset(
    """a an and the if what about how would could should i we you he she they it its it's
    one ones that this those these them him her his their there then so but or do does did
    done doing to of on in for with be is are was were can will just also too again still
    then ok okay well what's whats who whom which when where why set up get make go about
    sorry meant mean no not yes yeah my me our your say said tell more else other another
    any some way do i have has had got whos hows wheres whens whys thats theres actually tho
    though anyway really""".split()
)
"""Words that carry no topic; "actually", "tho", "anyway" only colour a new fact about the
same situation ("they actually refused consent tho")."""


def topic_words(text: str) -> set[str]:
    """The words of a message that could carry a topic of their own."""
    return {
        word
        for word in _TOKEN.findall(text.lower())
        if word not in FUNCTION_WORDS and len(word) > 2
    }


class Reply(str, Enum):
    """What a move gets, in the context it meets."""

    URGENT = "urgent"
    """The urgent contacts again: the person may still be in an emergency."""
    WORKSHOP_ON = "workshop_on"
    """Go on with the walk-through or quiz."""
    NEXT_PART = "next_part"
    """The next part of the last answer (all steps, then reflective questions, ...)."""
    ON_TOPIC = "on_topic"
    """The last topic's steps that fit the follow-up."""
    NEW_ANSWER = "new_answer"
    """The message is clear on its own: answer it as a question."""
    OTHER_AUDIT = "other_audit"
    """The same topic, or the same activity, in the other audit."""
    OTHER_CASE = "other_case"
    """The cases to choose from."""
    ALTERNATIVES = "alternatives"
    """The next closest answers to the question asked before."""
    DETAIL = "detail"
    """The one detail asked for."""
    WHAT_IS_HAPPENING = "what_is_happening"
    """A question about what is happening, with the main choices."""
    WHICH_TOPIC = "which_topic"
    """Nothing is open to lean on: ask what it is about."""


def resolve(
    move: Move,
    context: Context,
    *,
    has_topic: bool,
    in_activity: bool,
    clear_new_topic: bool,
    target: Target = Target.SOMETHING_ELSE,
    asks_next: bool = False,
) -> Reply:
    """The one reply a move gets where the conversation is. `has_topic`: a key message was
    answered in this conversation; `in_activity`: a walk-through or quiz is in progress;
    `clear_new_topic`: the message names another key message clearly on its own;
    `asks_next`: the message asks for the step after one just given ("who's next after my
    manager"), which is help with the answer on screen, not a bare request for help."""
    if context is Context.URGENT and move is not Move.CORRECTION:
        return Reply.URGENT
    if move is Move.HELP:
        return Reply.ON_TOPIC if has_topic and asks_next else Reply.WHAT_IS_HAPPENING
    if move is Move.DETAIL:
        return Reply.DETAIL
    if move is Move.MORE:
        if context is Context.ACTIVITY or (in_activity and not has_topic):
            return Reply.WORKSHOP_ON
        return Reply.NEXT_PART if has_topic else Reply.WHICH_TOPIC
    if move is Move.CORRECTION:
        if target is Target.OTHER_AUDIT:
            return Reply.OTHER_AUDIT
        if target is Target.OTHER_CASE:
            return Reply.OTHER_CASE
        if clear_new_topic:
            return Reply.NEW_ANSWER
        return Reply.ALTERNATIVES if has_topic else Reply.WHICH_TOPIC
    # A follow-up: a new topic when it names one clearly, else the last one.
    if clear_new_topic:
        return Reply.NEW_ANSWER
    return Reply.ON_TOPIC if has_topic else Reply.NEW_ANSWER
