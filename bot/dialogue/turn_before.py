"""A short message read with the turn before it: what it asks of what was just shown (issue 19
item 3, round 38).

"Which case says that", "which case was that from again" ask where the key message just given
comes from; with words of an earlier topic ("and back to the parents thing - which case was
it?") they ask it of that topic. "And the other case with similar learning?" after an answer's
case asks the cases of the other learning on its theme. "What do I do now practically" after a
discussion asks that topic's steps. "How did they keep her education goin" right after a case is
that case's line on it, though a word of the question ("goin") is no word of the audits. "But
there are only three cases summarised?" challenges the cases just named: which the audit
summarises, which it only mentions. "Fine - what's the actual learning then?" asks the learning
of the case just discussed. Each is a shape of a few words of its own, so it never reads a first
message (the actions check a turn came before).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue.answers.learning import follow_up_buttons, learning_button
from bot.dialogue.answers.moves import named_services
from bot.dialogue.case_focus import ASKING_WORDS, asks_which_case_from, bot_texts, named_in
from bot.dialogue.context import turns_before
from bot.dialogue.follow_ups import matching_lines, sentences, stems_said, word_stem
from bot.dialogue.lead_requests import asks_which_cases
from bot.dialogue.moves import (
    FUNCTION_WORDS,
    asks_which_case,
    points_to_another,
    shaped_within,
    topic_words,
)
from bot.dialogue.replies import Reply, bullets
from bot.dialogue.understanding import stem
from bot.knowledge.citations import attribution, case_label, citation, message_citation
from bot.knowledge.models import Case, KeyMessage, Service, Source
from bot.names import KEY_MESSAGE_SLOT

_WHICH_CASE_WORDS = frozenset(
    """case cases says say said saying from again come comes came back thing things bit one
    part stuff issue earlier before first previous going topic question""".split()
)
"""Words of asking which case, and of pointing back at a topic ("the parents thing", "back
to", "going back to the earlier question"), not of the topic itself."""
MAX_TOPIC_WORDS = 3
"""How many words of an earlier topic a which-case question may carry ("the parents thing")."""
_CASE_NAMED = re.compile(r"\bcases?\s+([a-z0-9]+)", re.IGNORECASE)
_NOT_A_NAME = FUNCTION_WORDS | {"says", "saying", "from", "again", "had", "has"}
"""Words after "case" that name no case ("which case says that", "which case was it")."""
_EARLIER_TOPIC = re.compile(
    r"\bback to\b|\bearlier\b|\bbefore\b|\b(?:first|previous)\s+(?:\w+\s+)?(?:one|topic|question)\b"
    r"|\b(?:the|that)\s+(?:\w+\s+){1,2}?(?:thing|bit|stuff|part|topic|issue|one)\b",
    re.IGNORECASE,
)


_LIKE_IT = re.compile(r"\b(?:like|as)\s+(?:that|this|those|these|them|it)\b", re.IGNORECASE)
"""Words pointing at what was just shown as alike ("carers like those"); not "such", said of a
feeling ("such a pity") as often as of a kind."""
_LIKE_WORDS = frozenset({"like"})
_PEOPLE_WORDS = frozenset(
    """mum mums mother mothers dad dads father fathers parent parents carer carers family
    families stepdad stepmum sibling siblings brother brothers sister sisters grandparent
    grandparents child children kid kids baby babies""".split()
)
"""People a case is told of: "a dad like that" points at the people of the answer shown."""


def asks_case_like_it(text: str) -> bool:
    """ "which case had carers like those": people or events like those of the topic just
    shown, so the case its learning comes from."""
    return _LIKE_IT.search(text) is not None


def which_case_asked(text: str, shown: Sequence[str] = ()) -> set[str] | None:
    """The words naming the topic a which-case question asks of ("and back to the parents thing
    - which case was it?": {"parents"}; "which case says that": none, the topic just shown);
    None when the message does not ask which case, or says more than a few words of a topic.
    Pointing at what was shown ("like that"), the other words are people, or said in the
    answer `shown`; any other word is a detail of a case searched for."""
    if not (asks_which_case(text) or asks_which_case_from(text)) or asks_which_cases(text):
        return None  # "so which cases do you have": the audits' cases, whatever was just said
    named = _CASE_NAMED.search(text)
    if named is not None and named.group(1).lower() not in _NOT_A_NAME:
        return None  # "what was case FC about": a case named, asked about
    words = topic_words(text) - _WHICH_CASE_WORDS
    if words and asks_case_like_it(text):
        # alike to what was just shown: its people, or what its lines tell
        other = words - _LIKE_WORDS
        said = stems_said(shown)
        alike = all(word in _PEOPLE_WORDS or stem(word) in said for word in other)
        return set() if alike and len(other) <= MAX_TOPIC_WORDS else None
    if words and _EARLIER_TOPIC.search(text) is None:
        return None  # "which case had a parent in prison": a case searched, no topic recalled
    return words if len(words) <= MAX_TOPIC_WORDS else None


_ALIKE = re.compile(
    r"\b(?:similar|same|like|alike|related|also|too|comparable|matching)\b", re.IGNORECASE
)
_CASE = re.compile(r"\bcases?\b|\bexamples?\b", re.IGNORECASE)
_ALIKE_WORDS = frozenset(
    "case cases example examples similar same like alike related comparable matching learning "
    "lessons lesson theme points point issue issues".split()
)


def asks_other_case_alike(text: str) -> bool:
    """ "and the other case with similar learning?", "another case like that?": a case other
    than the one just named, with learning like its own, in no words of a topic of its own."""
    return (
        points_to_another(text)
        and _CASE.search(text) is not None
        and _ALIKE.search(text) is not None
        and not topic_words(text) - _ALIKE_WORDS
    )


_PRACTICAL = re.compile(
    r"\bpractical(?:ly)?\b|\bin practice\b|\bon the ground\b|\bhands[- ]on\b"
    r"|\b(?:actual|concrete|next) steps?\b",
    re.IGNORECASE,
)
_WHAT_TO_DO = re.compile(
    r"\bwhat (?:do|should|can|could|would|must) (?:i|we) (?:actually |really )?(?:do|be doing)\b"
    r"|\bwhat (?:is|'s) (?:there )?(?:for me|for us) to do\b"
    r"|\bwhat (?:are|r) (?:the|my|our) steps\b",
    re.IGNORECASE,
)
_PRACTICAL_WORDS = frozenset(
    "now practical practically practice ground hands actual concrete next steps step then here "
    "today".split()
)


def asks_practical_steps(text: str) -> bool:
    """ "what do i do now practically", "so what should we actually do in practice": the steps
    of the topic just discussed, asked in words of doing and of practice with none of a topic
    of their own (a bare "what now?" asks what is happening)."""
    return (
        _PRACTICAL.search(text) is not None
        and (_WHAT_TO_DO.search(text) is not None or len(topic_words(text)) <= 2)
        and not topic_words(text) - _PRACTICAL_WORDS
    )


_GOING_ON = r"(?:and|now|then|next|ok|okay|so|also|right|what\s+about|how\s+about|same\s+for)\W+"
_NEXT_NUMBER = re.compile(
    rf"^\W*(?:{_GOING_ON})*"
    r"(?:(?:(?:the\s+)?case\s*(?:no\.?\s*|number\s*)?(?P<named>\d{1,2}|one|two|three|four|five"
    rf"|six))|{_GOING_ON}(?P<bare>\d{{1,2}}|two|three|four|five|six))"
    r"(?:\W+(?:please|pls|plz|next|then|now|too|as\s+well))*\W*$",
    re.IGNORECASE,
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def next_case_number(text: str) -> int | None:
    """The number of the case asked next, when a number is all a message says besides words
    of going on ("and 3", "now case 3", "case four please"): after a case was shown, the case
    of that number in its audit; None for any other message ("number 3" picks from a list,
    "3 more on neglect" asks for more of an activity, a bare "2" picks the 2nd button)."""
    found = _NEXT_NUMBER.search(text.replace("\u2019", "'"))
    if found is None:
        return None
    token = (found.group("named") or found.group("bare")).lower()
    return int(token) if token.isdigit() else _NUMBERS[token]


_COUNTED = re.compile(
    r"\b(?:one|two|three|four|five|six|\d)\s+(?:\w+\s+)?cases?\b"
    r"|\bcases?\s+(?:\w+\s+)?(?:summari[sz]ed|described|audited|listed)\b",
    re.IGNORECASE,
)
_DOUBTING = re.compile(
    r"\b(?:only|just|but|thought|though|summari[sz]ed|isn'?t|aren'?t|wasn'?t|weren'?t|no)\b",
    re.IGNORECASE,
)
_COUNT_WORDS = frozenset(
    "cases case three four five two one six only just summarised summarized described "
    "audited listed thought there".split()
)


def challenges_cases_counted(text: str) -> bool:
    """ "But there are only three cases summarised?", "I thought it only had 3 cases": doubt
    of a case just named, from how many cases the audit tells of."""
    return (
        _COUNTED.search(text) is not None
        and _DOUBTING.search(text) is not None
        and not topic_words(text) - _COUNT_WORDS
    )


_LEARNING = re.compile(
    r"\b(?:learning|lessons?|learnt|learned|takeaways?|key (?:messages?|points?))\b", re.I
)
_LEARNING_WORDS = frozenset(
    """learning lesson lessons learnt learned takeaway takeaways key message messages points
    actual real main fine right okay then from there""".split()
)


def asks_learning_of_it(text: str) -> bool:
    """ "Fine - what's the actual learning then?", "so what's the lesson": the learning of
    what was just discussed, with no topic of its own."""
    return _LEARNING.search(text) is not None and not topic_words(text) - _LEARNING_WORDS


_WHO = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+)?(?:services?|agenc(?:y|ies)|teams?|organi[sz]ations?"
    r"|professionals?|departments?|clinics?|workers?|practitioners?|staff|partners?)\b|\bwho\b",
    re.IGNORECASE,
)
_DID_IT = re.compile(
    r"\b(?:did|does|do|provided|provides|ran|runs|led|leads|made|offered|offers|set\s+up"
    r"|doing)\s+(?:that|this|it|those|these)\b",
    re.IGNORECASE,
)
"""A doing verb on what was shown ("who ran that", "which team was doing it"); never a bare
"is" or "was" ("who is that for" asks whose something is)."""
_WHO_WORDS = frozenset(
    """service services agency agencies team teams organisation organisations organization
    organizations professional professionals department departments clinic clinics worker
    workers practitioner practitioners staff partner partners audit audits case report set
    exactly actually again provided provides ran runs led leads made offered offers doing""".split()
)


def asks_who_did_it(text: str) -> bool:
    """ "Who ran that", "what agency provided it?": the service or agency whose
    practice was just shown, asked in no words of a topic of its own."""
    return shaped_within(_WHO, text, _WHO_WORDS) and _DID_IT.search(text) is not None


_OTHER_CASES = re.compile(
    r"\b(?:the\s+)?(?:other|rest\s+of\s+the|remaining)\s+(?:[\w/-]+\s+){0,2}?cases\b", re.IGNORECASE
)
_OTHER_CASES_WORDS = frozenset(
    "other others rest remaining cases case audit audits about what any say said says".split()
)


def other_cases_on(text: str) -> bool:
    """ "And the rest of the cases on interpreting?", "what about the remaining cases on
    housing": the cases besides the one just discussed that say a topic, which the message
    names (it has words of its own: "the other cases?" alone points at nothing)."""
    return _OTHER_CASES.search(text) is not None and bool(topic_words(text) - _OTHER_CASES_WORDS)


def other_cases_alike(message: KeyMessage, alike: Sequence[KeyMessage]) -> list[Reply]:
    """The cases of the other learning on the theme of the one just shown, each with that
    learning: "the other case with similar learning"."""
    lines = [
        f"{attribution(other.source, other.cases)}: **{other.title}**. {other.summary}"
        for other in alike
    ]
    opening = f"Other cases with learning like **{message.title}**:"
    return [
        Reply(f"{opening}\n\n{bullets(lines)}", tuple(learning_button(other) for other in alike))
    ]


def practical_steps(message: KeyMessage) -> list[Reply]:
    """What to do in practice on the topic just discussed: its steps, with where to go when
    the audit names somewhere."""
    parts = [f"In practice, on **{message.title}**, the audit says:", bullets(message.actions)]
    if message.signposts:
        parts.append(
            "Where to go: " + "; ".join(service.name for service in message.signposts) + "."
        )
    parts.append(message_citation(message))
    return [Reply("\n\n".join(parts), follow_up_buttons(message, len(message.actions)))]


def cases_summarised(source: Source) -> list[Reply]:
    """Which cases an audit summarises and which it only mentions, said plainly when a case
    just named is doubted ("but there are only three cases summarised?")."""
    summarised = [case for case in source.cases if not case.referred_only]
    mentioned = [case for case in source.cases if case.referred_only]
    parts = [
        f"The {source.short_title} summarises {len(summarised)} cases: "
        + ", ".join(case_label(case) for case in summarised)
        + "."
    ]
    if mentioned:
        parts.append(
            "It also mentions "
            + ", ".join(f"Case {case.number}" for case in mentioned)
            + " without summarising it:\n\n"
            + bullets([case.summary for case in mentioned])
        )
    parts.append(citation(source, []) if not mentioned else citation(source, mentioned))
    buttons = tuple(learning_button(m) for case in mentioned for m in case.key_messages)
    return [Reply("\n\n".join(parts), buttons)]


def lines_on_detail(question: str, lines: Sequence[str], audits_lines: Sequence[str]) -> list[str]:
    """The lines of the case just shown that say the detail asked ("how did they keep her
    education goin": its line on home education), matched on the question's words the audits
    write at all: a word no line of theirs says ("goin") cannot tell one line from another,
    and would leave the telling word ("education") too few to match; nor can a word of asking
    about a case ("what else happened in that case")."""
    written = stems_said(audits_lines)
    known = [
        word
        for word in topic_words(question) - ASKING_WORDS
        if {stem(word), stem(word_stem(word)), word_stem(word)} & written
    ]
    return matching_lines(" ".join(known), lines) if known else []


Turn = Sequence[Mapping[str, Any]]
LOOK_BACK = 3
"""How many of the assistant's turns back "the case just discussed" may have been shown (a
decline or an unclear reply may have come between)."""
MAX_ALIKE = 3


def said_lately(events: Sequence[Mapping[str, Any]]) -> str:
    """What the assistant's last few turns said, the most recent first: "what else did that
    one have" after a case's line and then its source asks past both."""
    return " ".join(text for turn in turns_before(events)[:LOOK_BACK] for text in bot_texts(turn))


def key_message_set(turn: Turn) -> str | None:
    """The key message a turn answered (set), if it answered one."""
    return next(
        (
            str(event["value"])
            for event in reversed(turn)
            if event.get("event") == "slot"
            and event.get("name") == KEY_MESSAGE_SLOT
            and event.get("value")
        ),
        None,
    )


def answered_earlier(events: Sequence[Mapping[str, Any]]) -> list[str]:
    """The key messages this session's turns answered, the most recent first, each once."""
    return list(
        dict.fromkeys(key for key in map(key_message_set, turns_before(events)) if key is not None)
    )


def other_learning_alike(
    message: KeyMessage, others: Sequence[KeyMessage], shown: Sequence[Case]
) -> list[KeyMessage]:
    """The learning related to this one, then on its theme, that cites a case not yet shown."""
    related = {other.id for other in message.related}
    ordered = sorted(
        (
            other
            for other in others
            if other.id != message.id
            and (other.id in related or other.theme_id == message.theme_id)
        ),
        key=lambda other: other.id not in related,
    )
    return [
        other
        for other in ordered
        if other.cases and not set(other.cases) & {*shown, *message.cases}
    ][:MAX_ALIKE]


def case_discussed(events: Sequence[Mapping[str, Any]], cases: Sequence[Case]) -> Case | None:
    """The one case a turn of the last few showed, back to the last answer (after which the
    answer's learning is what is open)."""
    for turn in turns_before(events)[:LOOK_BACK]:
        if key_message_set(turn) is not None:
            return None
        case = named_in(bot_texts(turn), cases)
        if case is not None:
            return case
    return None


_REFLEXIVE_WORD = r"(?:her|him|them|my|your|our|one)sel(?:f|ves)\b"
_SELF_REFERRAL = re.compile(
    r"\b(?:refer|ring|call|phone|contact|approach|email|e-mail|apply|go\s+to|get\s+in\s+touch"
    rf"|reach\s+out)\s+(?:\w+\s+){{0,2}}?{_REFLEXIVE_WORD}|\bthemself\b|\bself[\s-]+refer\w*",
    re.IGNORECASE,
)
"""Someone contacting a service on their own ("may the carer contact them directly", "can mum
ring them herself"): the audits' "self-refer", one word family for both."""
_REFLEXIVE = re.compile(rf"\b{_REFLEXIVE_WORD}", re.IGNORECASE)
_SCOPE_WORDS = frozenset(
    """cover covers covered count counts include includes included including eligible
    eligibility qualify qualifies criteria accept accepts work works with such like something
    sumthin anything there""".split()
)
"""Words of asking a service's scope, or of vagueness ("like a handbook or sumthin"), not what
the service is asked about."""
_SCOPE = re.compile(
    r"\b(?:cover(?:s|ed)?|counts?|include[sd]?|including|eligib\w*|qualif\w*|criteria|accepts?"
    r"|works?\s+with|for\s+whom?|ages?|aged)\b",
    re.IGNORECASE,
)
"""Words asking whom or what a service takes ("does it cover ...", "would that count")."""
MAX_SERVICE_WORDS = 6
"""How many words of its own a question about a service just shown may carry ("would it take a
child looking after a dad who drinks")."""
MAX_NAMING_WORDS = 3
"""How many words a question naming a service just shown may carry ("training - where is it")."""


_WHERE_OR_ANY = re.compile(
    r"\bwhere\b|\b(?:is|are)\s+there\b|\bany\b|\bgot\b|\bhave\s+you\b|\bfind\b|\baccess\b"
    r"|\bhow\s+do\s+(?:i|we)\s+get\b",
    re.IGNORECASE,
)


def asks_where_or_any(text: str) -> bool:
    """Whether a message naming a service asks where it is or whether there is one ("training -
    where is it", "is there some kind of toolkit"), not what it is ("the wiki, what's that", the
    glossary's) nor only its name ("template?", its detail)."""
    return _WHERE_OR_ANY.search(text) is not None


def service_question(text: str) -> str:
    """The words a question asks of a service, in the audits' words: someone contacting it on
    their own is "self refer"; words of asking its scope are set aside."""
    plain = _REFLEXIVE.sub(" ", _SELF_REFERRAL.sub(" self refer ", text.replace("\u2019", "'")))
    return " ".join(sorted(topic_words(plain) - _SCOPE_WORDS))


def asks_of_service(text: str) -> bool:
    """Whether the message asks whom a service takes or whether one can contact it oneself
    (a service just shown may then answer it by its own lines)."""
    return _SELF_REFERRAL.search(text) is not None or _SCOPE.search(text) is not None


def service_lines(question: str, service: Service, named: bool) -> list[str]:
    """The lines of what a service offers and whom it is for that say the question's words;
    for a service the question names what it offers when no line says more. Whom it is for
    only when no line of its offer says the words: an offer's lines name whom it takes."""
    offers = sentences(service.offers)
    found = matching_lines(question, [*offers, service.audience]) if question else []
    if not found and named:
        return offers
    if any(line in offers for line in found):
        return [line for line in found if line != service.audience]
    return found


def service_asked_of(
    text: str, offered: Sequence[Service], signposted: Sequence[Service]
) -> tuple[Service, list[str]] | None:
    """The one service a question after an answer asks of, with its lines that say what is
    asked. A service named in a few words ("training - where is it") may be one `offered` (shown,
    or the open answer's signposts) or one a button's learning signposts (`signposted`); a
    question in a few more words asking whom it takes or whether one can contact it oneself
    is of one offered. None when no line says it, or lines of several services do."""
    question = service_question(text)
    words = len(question.split())
    candidates = list(dict.fromkeys(offered))
    named = (
        named_services(text, list(dict.fromkeys([*candidates, *signposted])))
        if words <= MAX_NAMING_WORDS and asks_where_or_any(text)
        else []
    )
    if not named and not (asks_of_service(text) and words <= MAX_SERVICE_WORDS):
        return None
    found = [
        (service, lines)
        for service in named or candidates
        if (lines := service_lines(question, service, bool(named)))
    ]
    return found[0] if len(found) == 1 else None
