"""A small grammar of asking for the urgent contacts, for the words the safety rules' list of
phrasings does not reach (issue 20: "100% of the ways to ask for urgent contacts").

A request is one of:

- a contact asked for in a few words and nothing else: "contacts?", "mash no?" (no = number),
  "edt num pls", "urgent numbers for hackney";
- whom to tell, ring or refer to, asked by anyone ("who do parents or staff ring"), with what
  makes it a call to make: a time ("at half term", "outside school hours", "same day"), an area
  ("in Hackney"), or the usual person or place not there ("my DSL is off", "school is shut");
  "who do I tell" alone after an answer stays the answer's own next step (conv10), and "who do
  I escalate to" is the escalation route's, never this;
- the route for a referral with a time or an area: "the route for a GP to make a same-day
  safeguarding referral in Hackney".

A handout of the contacts is the list, sheet or page to print of them: "a contacts sheet for
new starters", "one page with the key numbers", "a list I can print of who to call".

Rules over the message as the safety rules normalise it (lower case, no apostrophes, typos
corrected), so "DSL's off" and "who do u ring" read alike.
"""

from __future__ import annotations

import re

from bot.safeguards.areas import areas_in
from bot.safeguards.safety import (
    _A_CHILD_WORRIED_ABOUT,
    _CONTACT_WORDS,
    _NOW_OR_LATER,
    _ON_DUTY,
    CALL_TO_MAKE,
    assess_immediate_risk,
    names_an_urgent_need,
    normalise,
    without_safe_times,
    without_times_of_what_is_told,
)

_SERVICES = r"(?:services?|servi?[cs]es|sevices|svcs?|servs)"
"""Services as typed in a hurry: "svcs", "servises", "servces" (the safety rules' spellings
are a training input of the model; these are the grammar's own)."""
_DESCRIBED_CONTACT = (
    # children's services by whom they are for: "kids svcs", "children's duty", "child services"
    # (not "the children's social worker", who may be the family's own, nor Childline)
    rf"(?:(?:childrens?|child|kids?)\s+(?:social\s+(?:care|work|{_SERVICES})|{_SERVICES}|duty"
    r"|teams?|help\s*desk|on\s+call)"
    rf"|social\s+{_SERVICES}"
    # its people by their role: "the safeguarding people", "the child protection lot"
    r"|(?:safeguarding|child\s+protection|cp)\s+(?:people|peeple|peeps|ppl|persons?|folks?|lot"
    rf"|bods|guys|duty|{_SERVICES}|social\s+workers?|sws?|on\s+call"
    r"|referrals?\s+(?:team|line|desk))"
    # a social worker or the duty by when they work: "the out of hours sw", "ooh duty", "an
    # emergency social worker", "the social worker on duty"
    r"|(?:out\s+of\s+(?:office\s+)?(?:hours|hrs)|emergency|night|overnight|weekend"
    r"|24\s*(?:hr|hrs|hour|hours)|after\s+(?:hours|hrs))\s+(?:social\s+work(?:ers?)?|sws?"
    r"|duty(?!\s+(?:on|at|in)\s+(?:the\s+)?(?:ward|shift|unit|rota)))"
    r"|(?:social\s+workers?|sws?|managers?)\s+on\s+(?:call|duty)"
    # someone at the council: "who at the council", "someone in children's services"
    r"|(?:someone|somebody|anyone|anybody|a\s+person|who)\s+(?:at|from|in)\s+(?:the\s+)?"
    r"(?:council|local\s+authority|social\s+(?:care|services)|csc"
    r"|childrens\s+(?:services|social\s+care)))"
)
"""A contact described, not named: children's services by whom they are for, the
safeguarding people by their role, a social worker by the hours they work ("city kids svcs
daytime no.", "how do i get hold of the safeguarding people in the evening")."""
_CONTACT_NAME = (
    r"(?:mash|fast|edt|emergency\s+duty(?:\s+team)?|front\s+door|ooh(?:\s+team)?"
    r"|duty\s+(?:team|social\s+worker|sw|worker|manager|senior|line|desk|officer|contact|cover)"
    r"|on\s+call(?:\s+(?:manager|social\s+worker|sw|team|worker))?"
    r"|out\s+of\s+(?:office\s+)?(?:hours|hrs)(?:\s+(?:team|service|line))?"
    r"|csc|cafs|childrens\s+(?:services|social\s+care|social\s+services)|social\s+(?:care|services)"
    r"|children\s+(?:and|&)\s+families(?:\s+(?:team|service))?"
    r"|safeguarding\s+(?:team|hub|line|helpline)"
    rf"|{_DESCRIBED_CONTACT})"
)
"""The local contacts by the names and roles practitioners use (knowledge/contacts.yml), or
described by whom they are for, who staffs them or when (_DESCRIBED_CONTACT)."""
_NUMBER_WORD = r"(?:no|nos|num|nums|number|numbers|tel|phone|ph|#|contact|contacts|details|line)"
"""A number asked for in a word: "mash no?" is the MASH's number, never "no"."""
_WHO_CALLS = (
    r"who\s+(?!(?:(?:do|does|should|can|could|would|must|shall)\s+)?(?:i|we|u|you)\b)"
    r"(?:[a-z]+\s+){1,2}?(?:(?:should|would|can|could|must|need\s+to|have\s+to|to)\s+)?"
    r"(?:call|ring|phone|contact)\b"
    r"(?!\s+(?:a|an|the)?\s*(?:\w+\s+){0,2}(?:meetings?|conference|strategy))"
)
"""Whom others call, as a list to give out: "who practitioners call", "who staff should ring";
not the asker's own call now ("who do I ring out of hours? for a printout" is whom to ring), nor
who calls a meeting ("who can call a strategy meeting")."""
_CONTACT_LIST = (
    r"(?:contacts|contact\s+(?:numbers?|details|list|sheet|info)"
    r"|(?:phone|telephone|key|urgent|emergency|safeguarding|useful|important|local|duty|referral)"
    r"\s+(?:(?:contact|phone)\s+)?(?:numbers|contacts|lines)"
    r"|numbers\s+(?:to|you|i|we|they|staff|people)\s+(?:\w+\s+)?(?:call|ring|phone)"
    r"|who\s+to\s+(?:call|ring|phone|contact|tell)"
    rf"|{_WHO_CALLS})"
)
"""The contacts as a whole: "contacts", "the key contact numbers", "numbers to ring", "who
practitioners call"."""
_AREA = (
    r"(?:hackney|(?:the\s+)?city(?:\s+of\s+london)?|city\s+(?:and|&)\s+hackney|both(?:\s+areas)?)"
)
_HOUR_IN_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_NO_SPAN_AFTER = (
    r"(?!\s+(?:years?|months?|weeks?|days?|minutes?|mins?|hours?|hrs?|times?|sessions?"
    r"|visits?|of\b))"
)
"""An hour, not a span nor a count: "after five" is the hour, "after five years" or "after five
visits" is not."""
_WHEN = (
    r"(?:right\s+now|today|tonight|this\s+(?:evening|afternoon|morning|weekend)|eve?nin(?:gs?|)"
    r"|nights?|at\s+night|overnight|late\s+(?:at\s+night|evening|tonight)|weekends?|saturdays?|sundays?|bank\s+holidays?"
    r"|half\s+term|(?:school|christmas|easter|summer|the)\s+holidays?|holidays|christmas|easter"
    r"|new\s+year|boxing\s+day|after\s+(?:school|work|hours|hrs|\d{1,2}(?:\s*(?:am|pm))?)"
    # the hour in words or o'clock, as English learnt later tells it: "after five", "after 5
    # o'clock", "in night"
    # the hour ends the phrase ("after five", "after five, who"), not a count ("after two
    # missed appointments", "from one school to another")
    rf"|(?:after|at|from|past|by)\s+{_HOUR_IN_WORDS}(?:\s*(?:oclock|pm|am)\b"
    r"|(?=\s*(?:[^\w\s]|$)|\s+(?:at\s+night|in\s+the|tonight|who|when|if|and|or)\b))"
    rf"{_NO_SPAN_AFTER}"
    r"|\d{1,2}\s*oclock|in\s+(?:the\s+)?night"
    r"|\d{1,2}\s*(?:am|pm)|out\s+of\s+(?:office\s+)?(?:hours|hrs)|ooh|same\s+day|asap"
    # the hours of the day: "daytime", "in the evening", "at 0300", "0200hrs", "24 hours"
    r"|day\s*time|night\s*time|during\s+the\s+day|(?:in|during)\s+the\s+(?:eve?nin(?:g|)|night)"
    r"|(?:in|during|outside)\s+(?:office|working)\s+hours|midnight|early\s+hours|all\s+night"
    r"|(?<!within\s)(?<!in\s)24\s*(?:hr|hrs|hour|hours|7)(?:\s+(?:line|number|team|service|duty|a\s+day))?"
    r"|at\s+(?:[01]\d|2[0-3])[0-5]\d\b(?!\s*\d)"
    r"|(?:[01]\d|2[0-3])[0-5]\d\s*(?:hrs|h)"
    r"|urgent(?:ly)?|emergency"
    r"|outside\s+(?:of\s+)?(?:the\s+)?(?:school|office|working|normal|usual|work)?\s*(?:hours|hrs|time|day)"
    r"|when\s+(?:the\s+)?(?:school|office|they|it|everyone)\s+(?:is|are|s|has|have)\s+"
    r"(?:shut|closed|close\b(?!\s+to)|gone(?:\s+home)?|off))"
)
"""A time that makes whom to tell a call to make: now, out of hours, a school holiday, the
weekend, "same day", "when the school is shut"."""
_USUAL_PERSON = (
    r"(?:dsl|dsls|ddsl|deputy(?:\s+dsl)?|designated\s+(?:safeguarding\s+)?(?:lead|person|teacher)"
    r"|(?:safeguarding\s+)?lead|manager|line\s+manager|supervisor|senior|head(?:\s*teacher)?"
    r"|head\s+of\s+year|boss|sw|social\s+worker|named\s+(?:nurse|doctor|gp)|gp|colleague"
    r"|school|office|team|practice|nursery|college)"
)
_AWAY = (
    r"(?:off(?:\s+sick|\s+today|\s+work)?|away|out|gone(?:\s+home)?|sick|unavailable|unreachable"
    r"|on\s+(?:leave|holiday|annual\s+leave|a\s+course|training|strike)|shut|closed"
    r"|not\s+(?:in|here|there|around|available|answering|picking\s+up|reachable|responding|working)"
    r"|(?:isnt|arent|wasnt)\s+(?:in|here|there|around|available|answering|picking\s+up))"
)
_ABSENT = re.compile(
    rf"\b(?:my|the|our|their|your|his|her)\s+(?:\w+\s+)?{_USUAL_PERSON}s?\s+"
    rf"(?:(?:is|are|s|was|has\s+been|have\s+been|has|have)\s+)?{_AWAY}\b"
    rf"|\b{_USUAL_PERSON}s?\s+(?:is|are|s)\s+{_AWAY}\b"
    rf"|\b(?:no|no\s+one|nobody|noone)\s+(?:{_USUAL_PERSON}\s+)?(?:is\s+)?"
    r"(?:in|around|available|answering|picking\s+up|on\s+site)\b"
    rf"|\b(?:cant|cannot|couldnt|can\s+not)\s+(?:get\s+(?:hold\s+of|through\s+to)|reach|find|contact)"
    rf"\s+(?:my|the|our|a|any)\s+(?:\w+\s+)?{_USUAL_PERSON}\b"
)
"""The person or place a worry usually goes to, not there now: "my DSL is off", "the school is
shut", "can't get hold of my manager", "nobody is answering": someone else to reach."""
_SUBJECT = r"(?:(?:[a-z]+|/|&)\s+){0,4}?"
"""Whoever is to tell: "I", "we", "parents or staff", "a GP", "the school"."""
_CALL = (
    r"(?:ring|call|phone|contact|reach|get\s+hold\s+of|get\s+through\s+to|page|bleep|hit\s+up"
    r"|get\s+on\s*to)"
)
_NOT_A_CALL_OF_A_MEETING = (
    r"(?!\s+(?:a|an|the)?\s*(?:\w+\s+){0,2}(?:meetings?|conference|strategy))"
)
_PASS_ON = (
    r"(?:pass|hand|send|take|flag)\s+(?:(?:it|this|that|them|my|our|the|a|an|any)\s+)?"
    r"(?:(?:child|childs|safeguarding|cp|urgent|new)\s+)?"
    r"(?:(?:concerns?|worry|worries|info|information|referral|disclosure|case|it|this|that)\s+)?"
    r"(?:on\s+|over\s+|up\s+)?(?:to|with)"
)
"""A worry passed on to someone: "pass a child concern to", "hand this over to", "flag it up
with" (escalation is told apart before: "who do I escalate to" is the route's)."""
_TELL = (
    r"(?:tell|inform|notify|alert|speak\s+to|talk\s+to|go\s+to|turn\s+to"
    r"|report\s+(?:it\s+|this\s+|that\s+|concerns?\s+|a\s+concern\s+|worries\s+)?to"
    r"|refer\s+(?:it\s+|this\s+|them\s+|him\s+|her\s+|a\s+child\s+)?to"
    r"|raise\s+(?:it|this|concerns?|a\s+concern)\s+with"
    rf"|{_PASS_ON})"
)
_MODAL = r"(?:do|does|should|can|could|would|will|must|shall|to|are|is)"
_NOT_A_CHILD_COLLECTED = (
    r"(?!\s+(?:the\s+|a\s+|her\s+|his\s+|my\s+|our\s+|their\s+|your\s+)?(?:kids?|child(?:ren)?"
    r"|baby|him|her|them)"
    r"\s+(?:from|after|at)\b)"
)
"""Not who collects a child ("who picks up the kids from school in the evening")."""
_WHOM_TO_CALL = re.compile(
    rf"\bwho\s+{_MODAL}\s+{_SUBJECT}{_CALL}\b{_NOT_A_CALL_OF_A_MEETING}"
    rf"|\bwho\s+(?:at|from|in)\s+(?:\w+\s+){{1,3}}?{_MODAL}\s+{_SUBJECT}{_CALL}\b"
    rf"|\b(?:who|where)\s+(?:i|we)\s+(?:(?:can|could|should|must|need\s+to|have\s+to)\s+)?"
    rf"{_CALL}\b{_NOT_A_CALL_OF_A_MEETING}"
    rf"|\b(?:i|we)\s+(?:(?:should|can|must|need\s+to|have\s+to)\s+)?{_CALL}\s+who\b"
    rf"|\bwhere\s+{_MODAL}\s+{_SUBJECT}(?:ring|call|phone)\b{_NOT_A_CALL_OF_A_MEETING}"
    r"|\bwho\s+(?:picks\s+up|answers?(?:\s+(?:the\s+)?phones?)?|covers|is\s+covering"
    rf"|takes\s+(?:the\s+)?calls?)\b{_NOT_A_CHILD_COLLECTED}"
)
_WHO_HELPS = re.compile(
    r"\bwho(?:s|\s+is|\s+are)?\s+(?:(?:can|could|will|would|should|do|does|must|to)\s+)?"
    r"(?:(?:i|we|u|you)\s+(?:(?:can|could|should|must|need\s+to|have\s+to)\s+)?)?"
    # any help with something is a service ("who can help with sleep problems at night")
    r"(?:help(?:s|ing)?\b(?!\s+(?:\w+\s+){0,2}with\b)|speak\b|talk\b)"
    r"(?!\s+(?:\w+\s+){0,2}(?:with|for)\s+(?:\w+\s+)?(?:homework|reading|lunch|dinner|shopping"
    r"|feeding|transport|travel|money|housing|benefits|forms?)\b)"
)
"""Who helps, or whom I speak, asked as English learnt later asks it ("after 5 o'clock who help
the foster carers when something happen?", "who i speak for a child worry at night"): with a
time and something wrong (`_TROUBLE`), or the usual person away, the one to call then; not who
helps with homework or housing."""
_TROUBLE = re.compile(
    r"\b(?:something\s+(?:happens?|happened|happen|goes\s+wrong|go\s+wrong|is\s+wrong|wrong|bad)"
    # a problem as the condition ("if problem"), not a service's subject ("help with sleep
    # problems")
    r"|(?:if|when)\s+(?:(?:there\s+(?:is|are|s)\s+)?(?:a|any)\s+)?problems?"
    r"|trouble|emergenc\w*|crisis|danger\w*|not\s+safe|unsafe|hurt\w*|injur\w*"
    r"|worr\w*|concern\w*|scared|frightened|missing|abuse\w*|harm\w*)\b"
)
"""Something wrong with a child or a family, told in plain words."""
_WHOM_TO_TELL = re.compile(
    rf"\bwho\s+{_MODAL}\s+{_SUBJECT}{_TELL}\b|\bwhere\s+{_MODAL}\s+{_SUBJECT}"
    r"(?:report|refer|go|turn)\b"
)
_I_OR_WE = re.compile(
    rf"\b(?:who|where)\s+(?:{_MODAL}\s+)?(?:i|we|u|you)\s+"
    rf"(?:(?:can|could|should|must|need\s+to|have\s+to)\s+)?{_CALL}\b"
)
"""Whom I call: the safety rules' own request, whatever follows ("who I call in the night",
the "do" left out as in English learnt later); another's call needs a time, an area or the
usual person away ("who should parents contact for support" is a service)."""
_REFERRAL_ROUTE = re.compile(
    r"\b(?:route|routes|way|process|pathway|procedure|where|who|number|how)\b.{0,50}"
    r"\b(?:make|send|submit|put\s+in|do|raise|place|refer)\b.{0,40}\breferrals?\b"
    r"|\breferral\s+(?:route|pathway|line|number|process|point)\b"
)
"""How or where to make a referral: with a time, the front door that takes it then."""
_NUMBER_NOUN = (
    r"(?:(?:phone|fone|telephone|tel|contact|duty|emergency|direct|referral)\s+"
    r"(?:numbers?|nos?|lines?|details)|numbers?|contact\s+details|help\s*lines?"
    rf"|(?<=which\s)phone|(?<=what\s)phone|(?:{_WHEN})\s+(?:contacts?|lines?|numbers?|nos?)"
    r"|telephone(?=\s+(?:for|of)\b))"
)
_ABOUT_A_CHILD = (
    r"(?:child|children|childs|kids?|baby|babies|young\s+person|young\s+people|pupils?|teen"
    r"|teenager|worry|worries|worried|concerns?|concerned|safeguarding|child\s+protection|abuse"
    r"|neglect|social\s+(?:care|services|workers?)|childrens?\s+(?:services|social\s+care))"
)
_A_WORRY = (
    r"(?:worry|worries|worried|concerns?|concerned|safeguarding|child\s+protection|abuse|neglect"
    r"|report\w*|social\s+(?:care|services|workers?)|childrens?\s+(?:services|social\s+care))"
)
"""What a number is for when it is the front door's: a worry or a report, social care; a child
alone is not ("number for the school nurse about a child's asthma" is the nurse's)."""
_NUMBER_FOR = re.compile(rf"\b(?<!a\s){_NUMBER_NOUN}\b(?!\s+of\b)(?P<rest>.*)")
"""A number or a line asked for ("the fone number for reporting a worry about a child", "a
separate contact number for the City"), not "a number of agencies" nor "the number of
referrals"."""
_FOR_A_CHILD = re.compile(
    rf"^.{{0,25}}\b(?:for|to|about|if|when|re)\b(?:\s+\w+){{0,4}}?\s+{_A_WORRY}\b"
)
"""What the number is for, said with it ("number for the GP, the child is unwell" is the
GP's)."""
_HOW = (
    r"\bhow\s+(?:do|can|would|should|could|does|to)\s+"
    r"(?:(?:i|we|you|u|one|staff|parents|people)\s+)?"
)
_REACH = (
    r"(?:contact|reach|get\s+hold\s+of|get\s+in\s+touch\s+with|get\s+through\s+to|ring|call|phone)"
)
_FRONT_DOOR_NAMED = rf"(?!fast\b){_CONTACT_NAME}\b"
"""A local contact by its name or role; "fast" only as the word it also is ("reach them fast")."""
_HOW_TO_REACH_THE_FRONT_DOOR = re.compile(
    rf"{_HOW}{_REACH}\s+(?:\w+\s+){{0,3}}?{_FRONT_DOOR_NAMED}"
    rf"|{_HOW}(?:refer|make\s+a\s+referral)\s+(?:\w+\s+)?to\s+(?:\w+\s+){{0,3}}?{_FRONT_DOOR_NAMED}"
    r"(?=\s*(?:[?.!,;-]|$|(?:by|on|online|phone|form|email|in|who)\b))"
    rf"|\b{_FRONT_DOOR_NAMED}.{{0,80}}{_HOW}{_REACH}\s+(?:them|it)\b"
)
"""How to reach the front door named by its role ("how do I get hold of children's social
care", "CSC in the City, how do I contact them"), or how to refer to it with nothing after
but how or where ("how do I refer to social care - online or phone?"); not how to refer to it
when something else is asked ("how do I refer to social care if the parents refuse consent"
names a reason, read as a practice question)."""
_WHERE_TO_GET_ADVICE = re.compile(
    r"\b(?:where|who)\s+(?:can|could|do|should|would|might|to)\s+(?:(?:i|we|u|you)\s+)?"
    r"(?:get|go\s+(?:to\s+)?for|seek|find|ask\s+for|turn\s+to\s+for)\s+(?:some\s+|any\s+)?"
    r"(?:advice|guidance|a\s+consultation|consultation|a\s+steer)\b"
    r"|\bwho\s+(?:can|could|will|would)\s+(?:give|offer)\s+(?:me\s+|us\s+)?(?:some\s+)?"
    r"(?:advice|guidance|a\s+consultation)\b"
    r"|\bwho\s+(?:can|could|do|should)\s+(?:i|we)\s+(?:speak|talk)\s+to\s+for\s+(?:some\s+)?"
    r"(?:advice|guidance|a\s+consultation)\b"
)
"""Where or from whom to get advice ("where can I get advice today about a child?"): with a
time, an area or the usual person away, about a child, or whether to refer, the front door,
whose duty line gives the advice (a consultation before a referral), not a topic's learning."""
_WHETHER_TO_REFER = re.compile(
    r"\b(?:whether|if)\s+(?:(?:i|we)\s+(?:should|need\s+to|ought\s+to|must|have\s+to)\s+|to\s+)"
    r"(?:make\s+a\s+referral|refer)\b|\brefer\s+or\s+not\b"
    r"|\bbefore\s+(?:(?:i|we)\s+(?:make\s+a\s+referral|refer)|making\s+a\s+referral)\b"
)
"""Whether to refer at all: the question a consultation with the front door answers."""
_REFERRAL_ELSEWHERE = re.compile(
    r"\b(?:refer|referral)\b(?:\s+\w+){0,4}?\s+"
    rf"(?:to\s+(?!(?:the\s+|a\s+)?{_FRONT_DOOR_NAMED}|(?:you|them|someone|somebody|anyone)\b)\w"
    r"|for\s+(?:an?\s+)?(?:\w+\s+){0,2}?(?:assessments?|support|services?|therapy|counselling"
    r"|treatment)\b)"
)
"""A referral to a service other than the front door ("whether to refer to CAMHS", "refer a
young carer for a carers assessment"): whether to refer there is a practice question, which
the front door's duty line does not answer."""
_WHO_TAKES = re.compile(
    r"\b(?:who|which\s+(?:\w+\s+)?(?:team|service|office|department|one)"
    r"|(?:team|service|office|department|people)\s+(?:that|which|who))\s+"
    r"(?:takes?|receives?|handles?|accepts?|deals?\s+with|gets?|covers?)\s+(?:\w+\s+){0,3}?"
    r"(?:referrals?|calls?|concerns?|nights?|weekends?)\b"
)
_WHICH_SERVICE = re.compile(
    r"\bwhich\s+(?:\w+\s+){0,2}?(?:service|team|department|office|agency|number|phone|one)\s+"
    r"(?:(?:do|should|can|would|to|must)\s+(?:(?:i|we|you|u|staff|parents|they)\s+)?"
    r"|(?:i|we|you|u|staff|parents|they)\s+(?:(?:should|can|must|need\s+to|have\s+to)\s+)?)"
    rf"(?:contact|call|ring|phone|refer\s+to|report\s+to|go\s+to|{_PASS_ON})\b"
)
"""Which team takes it: with a referral, a child or a worry, the front door, not a service
("which service do I contact for speech therapy")."""
_REFERRAL = re.compile(r"\breferrals?\b")
_ABOUT_A_CHILD_RE = re.compile(rf"\b{_ABOUT_A_CHILD}\b")
_CLAUSE_ENDS = re.compile(r"\s*(?:[?.!,;]|$|(?:if|when|in|at|here|there|now|please|pls)\b)")
"""Whom to refer to with nothing after it ("New here. Who do I refer to?"): not to a service
it names ("who do I refer to for speech and language")."""
_SAFEGUARDING = re.compile(
    r"\b(?:safeguarding|child\s+protection|cp|s47|section\s+47|concerns?|concerned|worried|worry|abuse"
    r"|neglect|at\s+risk|not\s+safe|unsafe)\b"
)
"""What makes a referral, or whom to refer to, in an area the front door's, not a service's
("who do I refer to for speech and language in Hackney")."""
_TELLING = re.compile(r"\b(?:tell|inform|notify|alert|report|pass|hand|flag)\b")
_ESCALATION = re.compile(r"\bescalat")
_WHEN_RE = re.compile(rf"\b{_WHEN}\b")
_AREA_RE = re.compile(rf"\b{_AREA}\b")
_CONTACT_ASKED = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|then|hi|hello|urgent|quick|pls|please|plz|the|your|any|all"
    r"|local|key|just|need|i\s+need|give\s+me|send\s+me|got|whats|what\s+are|what\s+is|list"
    rf"|of|{_AREA}|{_WHEN})\W+)*"
    rf"(?:{_CONTACT_NAME}\W+{_NUMBER_WORD}s?|{_CONTACT_LIST}|helplines?)"
    rf"(?:\W+(?:{_AREA}|{_WHEN}|{_CONTACT_NAME}|please|pls|plz|then|again|for|in|or|and|list"
    r"|mate|thanks|ta))*\W*$"
)
_CONTACT_WITH_WHEN_OR_WHERE = re.compile(
    r"^(?!\W*(?:what|whats|define|explain|meaning|tell\s+me\s+about|is|are|does)\b)"
    rf"\W*(?:(?:ok|okay|so|and|then|urgent|quick|the|{_AREA}|{_WHEN})\W+)*(?:\w+\W+){{0,2}}?"
    rf"{_CONTACT_NAME}"
    rf"(?:\W+(?:{_AREA}|{_WHEN}|{_NUMBER_WORD}|please|pls|plz|then|for|in|the|kids|children"
    r"|child|safeguarding|child\s+protection|cp))*\W*$"
)
"""A contact named with its area or time and nothing more: "Hackney CSC out of hours", "mash
tonight" (with a time or an area said); "what is the EDT", "what's FAST in Hackney" are the
glossary's."""
"""A contact asked for in a few words and nothing else. Not "number?" or "what's the number"
alone: after an answer that names a service, that is the service's number (the detail)."""
_HANDOUT_WORD = re.compile(
    r"\b(?:hand\s*outs?|lists?|sheets?|print(?:ed|able|er|\s+out|out|\s+off)?|posters?"
    r"|one\s+pag(?:e|er)|cards?|leaflets?|laminated?|wall|notice\s*board|pin\s+up|stick\s+(?:up|on)"
    r"|crib\s+sheet|cheat\s+sheet|pdf|slides?|deck|presentation|powerpoint|induction\s+pack)\b"
)
_CONTACTS_AS_A_WHOLE = re.compile(
    rf"\b{_CONTACT_LIST}\b(?!\s+(?:with|between|from|of\s+the\s+(?:family|child|parents?)))"
)


_DETAIL_NOUN = (
    r"(?:(?:phone|telephone|contact|direct|duty|main|office|referral)\s+)?"
    r"(?:(?:numbers|number)(?!\s+of\b)|nos|nums|num|no(?:\s*\.|(?=\s*\?))|tel|lines?"
    r"|e\s*-?\s*mails?(?:\s+address(?:es)?)?|(?:postal\s+)?address(?:es)?|contact\s+(?:details|info)"
    r"|routes?\s+in|ways?\s+in|how\s+to\s+(?:reach|contact|get\s+hold\s+of|get\s+through\s+to))"
)
"""A way to reach a contact, in a word or a few: a number ("nos", "no."), an email, an address,
the "routes in", how to reach it."""
_DETAIL_LINK = (
    r"(?:\s*(?:[:,+&/]|\b(?:for|of|to|into|in|at|on|the|hackney|city|london|and|both|our|your)\b)"
    r"\s*){0,6}"
)
"""What may stand between the detail and the contacts named: "nos for MASH + EDT", "the routes
in: Hackney MASH, City of London, and the EDT"."""
_DOOR_WITH_S = rf"{_FRONT_DOOR_NAMED[:-2]}s?\b"
_DETAIL_OF_THE_FRONT_DOOR = re.compile(
    rf"\b{_DETAIL_NOUN}(?:\b|(?<=\.)){_DETAIL_LINK}{_DOOR_WITH_S}"
    rf"|\b{_DOOR_WITH_S}\s+{_DETAIL_NOUN}\b"
    r"(?!\s+(?:of|the|this|that|it|them|a|an|managers?|said|says|told|asked)\b)"
)
"""A contact detail of a front door named: "nos for MASH + EDT", "the MASH email", "EDT's
number", "confirm the routes in: Hackney MASH"; not "the number of MASH contacts" nor "the EDT
line manager said"."""
_ROUTES_IN_AN_AREA = re.compile(rf"\b(?:routes?|ways?)\s+in\b{_DETAIL_LINK}\b{_AREA}\b")
"""The routes in for an area ("the ways in for Hackney and the City"): its front doors."""
_DOOR_AS_SUBJECT = re.compile(
    rf"\b(?:does|do|did|will|would|can|could|should|might|must|may|to)\s+(?:the\s+)?"
    rf"(?:hackney\s+|city\s+)?{_DOOR_WITH_S}\s+{_DETAIL_NOUN}\b"
)
"""The front door doing what the word also says: "does MASH address neglect", "will the EDT
email me back" ask about practice."""
_ALREADY_REACHED = re.compile(
    r"\b(?:phoned|called|rang|rung|emailed|contacted|tried|spoke\s+to|spoken\s+to|heard\s+from)"
    rf"\s+(?:\w+\s+){{0,2}}?{_DOOR_WITH_S}"
)
"""The front door already reached, the message about what came of it ("mum phoned the out of
hours line, says her son has cut his wrists"): a danger or a practice question, never its
number asked for."""
_A_TERM_ASKED = re.compile(
    r"\b(?:stands?\s+for|mean|means|meaning|define|definition|acronym|abbreviation|short\s+for)\b"
)
"""What a contact's name means: the glossary's, whatever detail word is near ("what does EDT
stand for on the contacts line")."""


def asks_a_front_doors_detail(text: str) -> bool:
    """A number, email, address or the routes in, of a front door named (the MASH, the EDT,
    children's social care): the urgent contacts, not the name's meaning in the glossary."""
    normalised = normalise(text)
    return (
        (
            _DETAIL_OF_THE_FRONT_DOOR.search(normalised) is not None
            or _ROUTES_IN_AN_AREA.search(normalised) is not None
        )
        and _DOOR_AS_SUBJECT.search(normalised) is None
        and _ALREADY_REACHED.search(normalised) is None
        and _A_TERM_ASKED.search(normalised) is None
    )


_NOT_HELD = re.compile(r"\b(?:e\s*-?\s*mails?|(?:postal\s+)?address(?:es)?)\b")


def detail_not_held(text: str) -> str | None:
    """The contact detail asked for that the contacts do not hold (they hold a phone number and
    hours): "email" or "address", said back so the reply says there is none, then the number."""
    found = _NOT_HELD.search(normalise(text))
    if found is None or not asks_a_front_doors_detail(text):
        return None
    return "email" if "mail" in found.group() else "address"


_QUESTION_OF_NEED = re.compile(
    r"\b(?:do|does|did|should|would|will|is|if|whether|might|may)\s+(?:\w+\s+){0,2}(?:need|want)\b"
    r"|\b(?:dont|doesnt|didnt|wont|not|never|no\s+longer)\s+(?:\w+\s+)?(?:need|want)\b"
)
"""Whether someone needs the front door ("does this need social care now", "do I need CSC
tonight"), or says they do not ("we don't need CSC now, mum has calmed down"): a practice
question or a calm, not a call to make."""
_NEED_THE_FRONT_DOOR = re.compile(
    r"\b(?:need\s+to\s+(?:reach|speak\s+to|talk\s+to|call|ring|phone|contact|get\s+hold\s+of"
    r"|get\s+through\s+to)|need|needs|want|must\s+(?:reach|speak\s+to|talk\s+to|get\s+hold\s+of)"
    r"|have\s+to\s+(?:reach|speak\s+to|talk\s+to|call|ring|contact))"
    rf"\s+(?:(?:the|a|an|to)\s+)?(?:(?:hackney|city|local)\s+)?{_DOOR_WITH_S}"
    r"(?=\s*(?:$|[,.!?;:-]|now\b|asap\b|urgently\b|tonight\b|today\b|right\s+now\b|please\b"
    r"|pls\b|\d|at\s+\d|out\s+of\b|this\s+(?:evening|weekend|morning|afternoon)\b"
    rf"|(?:{_WHEN})\b))"
)
"""The front door needed, said as a need ("need csc now", "I need the duty team, it's 2am",
"must reach social care tonight"), not what it should do ("need social care to assess")."""
_NOW = re.compile(r"\bnow\b")


def needs_the_front_door_now(text: str) -> bool:
    """The front door needed with a time ("need csc now, it's 2am"): a call to make, the
    contacts that answer then (out of hours: the EDT), even when "not an emergency"."""
    normalised = normalise(text)
    return (
        _NEED_THE_FRONT_DOOR.search(normalised) is not None
        and _QUESTION_OF_NEED.search(normalised) is None
        and (_WHEN_RE.search(normalised) is not None or _NOW.search(normalised) is not None)
    )


def _names_an_area(text: str, normalised: str) -> bool:
    """Hackney or the City by name or by a neighbourhood ("the Square Mile", "Dalston")."""
    return _AREA_RE.search(normalised) is not None or bool(areas_in(text))


def _a_call_to_make(text: str, normalised: str, telling: bool) -> bool:
    """A time, the usual person away, or an area where the worry is told (or is about
    safeguarding): what makes whom to tell, or a referral's route, the urgent contacts."""
    if _WHEN_RE.search(normalised) or _ABSENT.search(normalised):
        return True
    return _names_an_area(text, normalised) and (
        telling or _SAFEGUARDING.search(normalised) is not None
    )


_SOMEONES = re.compile(
    r"\b(?:mum|mom|mother|dad|father|parent|carer|family|granny|nan|grandparent|relative|child"
    r"|kid|girl|boy|teen)s?\s+(?:\w+\s+)?$"
)
"""Whose numbers they are, just before them: "her wider family's numbers in the plan" are the
family's, kept in a plan, never a request for the front door's (apostrophes are gone; "their
number" may be the MASH's, so a person must be named)."""


def _asks_a_number(text: str, normalised: str) -> bool:
    """A number or a line asked for with a time, an area or a child or worry it is for; not
    the line already rung ("mum phoned the out of hours line, says ...")."""
    asked = _NUMBER_FOR.search(normalised)
    if (
        asked is None
        or _SOMEONES.search(normalised[: asked.start()])
        or _ALREADY_REACHED.search(normalised)
    ):
        return False
    rest = asked.group("rest")
    return bool(
        _WHEN_RE.search(normalised) or _names_an_area(text, normalised) or _FOR_A_CHILD.search(rest)
    )


_WHO_HANDLES = re.compile(
    r"\bwho(?:s|\s+(?:is|are|will|would|can|should))?\s+(?:actually\s+|exactly\s+|then\s+)?"
    r"(?:picks?\s+up|takes?|handles?|deals?\s+with"
    r"|covers?|covering|answers?|responds?\s+to)\b"
    r"(?!\s+(?:part|notes|minutes|over|his|her|their|him|them"
    r"|the\s+(?:lead|minutes|notes|chair))\b)"
    rf"{_NOT_A_CHILD_COLLECTED}"
)
"""Whoever picks up, takes, covers or deals with it, whatever "it" is ("who picks up a s47
strategy discussion", "who takes that", "who's covering"): at a time, with the usual person
away, or in an area about safeguarding, the one to call then; not who takes part or notes,
nor someone's own calls ("who should take his calls")."""
_WHO_IS_THE_CONTACT = re.compile(
    rf"\bwho(?:s|\s+is|\s+are)\s+(?:the\s+|a\s+)?(?:\w+\s+){{0,2}}?{_FRONT_DOOR_NAMED}"
    r"|\bwho(?:s|\s+is|\s+are)\s+(?:the\s+)?(?:right\s+|best\s+|first\s+)?(?:contact\b"
    r"|(?:person|people|one|team)\s+(?:(?:i|we)\s+)?(?:(?:to|should|can|would|must)\s+)?"
    r"(?:ring|call|phone|contact|speak\s+to|talk\s+to)\b)"
    rf"|\b(?:is|are)\s+there\s+(?:a|an|any|some)\s+(?:\w+\s+){{0,2}}?{_FRONT_DOOR_NAMED}"
    r"|\b(?:is|are)\s+there\s+(?:\w+\s+){0,4}?(?:i|we)\s+(?:can|could|should)\s+"
    r"(?:ring|call|phone|contact|speak\s+to|talk\s+to|get\s+hold\s+of)\b"
    r"|\bwho(?:s|\s+is|\s+are)\s+on(?:\s+(?:duty|call|shift))?(?=\s*(?:$|[?.!,]|(?:for|at|in|over"
    r"|this|today|tonight|now|right|tomorrow)\b))"
    r"(?!.*\b(?:conference|meeting|review|core\s+group|panel|strategy\s+discussion|rota)\b)"
    r"|\b(?:is|are)\s+there\s+(?:\w+\s+){0,3}?on\s+(?:call|duty)\b"
)
"""Who the front door is, by name or description ("who's the duty team for the City's kids",
"who is the children's duty line", "who's the right contact"), who is on, whether anyone is on
call or there is someone to ring: with a time, an area or the usual person away, about a
child, or a worry about a child, the contacts."""


def _a_call_for_a_child(text: str, normalised: str) -> bool:
    """A call to make (a time, the usual person away, an area) about a child or safeguarding,
    or a worry about a child: "is there someone I can talk to today" about the asker's own
    hard week is no call for the front door."""
    return _A_CHILD_WORRIED_ABOUT.search(normalised) is not None or (
        _a_call_to_make(text, normalised, telling=True)
        and (_ABOUT_A_CHILD_RE.search(normalised) is not None or names_the_front_door(text))
    )


_FRONT_DOOR_RE = re.compile(rf"\b{_FRONT_DOOR_NAMED}")


def names_the_front_door(text: str) -> bool:
    """Children's social care, the MASH, a duty or out-of-hours team named by its name or
    role: how to reach it is the urgent contacts', whatever service a word of the message
    shares ("how do I get hold of children's social care" is no "complex care forum")."""
    return _FRONT_DOOR_RE.search(normalise(text)) is not None


def says_usual_person_away(text: str) -> bool:
    """The person or place a worry usually goes to is not there ("my DSL is off", "the school
    is shut"): someone else to reach, the urgent contacts."""
    return _ABSENT.search(normalise(text)) is not None


def asks_for_urgent_contacts(text: str) -> bool:
    """Whether the message asks for the urgent contacts in the grammar above; a handout of
    them is asks_for_contacts_handout's. The habitual time of what is told ("messaging her
    late at night") is no moment to call (without_times_of_what_is_told)."""
    if asks_whom_for_a_service(text):
        return False  # "who do I contact for a child who's witnessed domestic abuse"
    normalised = without_times_of_what_is_told(normalise(text))
    if _CONTACT_ASKED.search(normalised) or (
        _CONTACT_WITH_WHEN_OR_WHERE.search(normalised)
        and (_WHEN_RE.search(normalised) or _names_an_area(text, normalised))
    ):
        return True
    if asks_a_front_doors_detail(text) or needs_the_front_door_now(text):
        return True
    if _ESCALATION.search(normalised):
        return False  # "who do I escalate to": the escalation route
    if _WHERE_TO_GET_ADVICE.search(normalised) and (
        _a_call_for_a_child(text, normalised)
        or (_WHETHER_TO_REFER.search(normalised) and not _REFERRAL_ELSEWHERE.search(normalised))
    ):
        return True
    if _HOW_TO_REACH_THE_FRONT_DOOR.search(normalised):
        return True
    if _WHO_IS_THE_CONTACT.search(normalised) and _a_call_for_a_child(text, normalised):
        return True
    if _WHO_HANDLES.search(normalised) and _a_call_to_make(text, normalised, telling=False):
        return True
    if _I_OR_WE.search(normalised) and _WHOM_TO_CALL.search(normalised):
        return True
    if _WHO_HELPS.search(normalised) and (
        # the usual person away, or a time and something wrong
        _ABSENT.search(normalised)
        or (
            _WHEN_RE.search(normalised)
            and (_TROUBLE.search(normalised) or _A_CHILD_WORRIED_ABOUT.search(normalised))
        )
    ):
        return True
    if _WHOM_TO_CALL.search(normalised):
        return _a_call_to_make(text, normalised, telling=True)
    told = _WHOM_TO_TELL.search(normalised)
    if told:
        telling = _TELLING.search(told.group()) is not None or bool(
            _CLAUSE_ENDS.match(normalised[told.end() :])
        )
        return _a_call_to_make(text, normalised, telling)
    if _WHO_TAKES.search(normalised) or _WHICH_SERVICE.search(normalised):
        return _a_call_to_make(text, normalised, telling=False) or bool(
            _REFERRAL.search(normalised) and _ABOUT_A_CHILD_RE.search(normalised)
        )
    if _REFERRAL_ROUTE.search(normalised):
        return _a_call_to_make(text, normalised, telling=False)
    return _asks_a_number(text, normalised)


def asks_for_contacts_handout(text: str) -> bool:
    """A list, sheet or page of the contacts to print or hand out ("contacts sheet for new
    starters", "one page with the key contact numbers"), not a handout on a topic that has
    contacts in it."""
    normalised = normalise(text)
    return (
        _HANDOUT_WORD.search(normalised) is not None
        and _CONTACTS_AS_A_WHOLE.search(normalised) is not None
    )


def names_the_contacts(text: str) -> bool:
    """The contacts as a whole named ("the contacts", "key numbers", "who to call"), handout
    word or none: after a handout was asked for, "can I have the key numbers" is its subject."""
    return _CONTACTS_AS_A_WHOLE.search(normalise(text)) is not None


_A_TOPIC_BEFORE = re.compile(r"\b(?:on|about|around|covering|re)\b")


def contacts_come_first(text: str) -> bool:
    """A printed list of the contacts asked for before any topic is named: "what contact
    details go on my last slide" is the contacts', wherever they go; "a handout on young
    carers with the contacts" is on young carers."""
    normalised = normalise(text)
    found = _CONTACTS_AS_A_WHOLE.search(normalised)
    return (
        asks_for_contacts_handout(text)
        and found is not None
        and _A_TOPIC_BEFORE.search(normalised[: found.start()]) is None
    )


# The safety rules' phrasings of a request (whom to call now, a number, someone to talk to
# about a worried-about child): read whatever intent the classifier gave, and weighed by the
# safety step against it (bot/safeguards/nlu_components.py).
_CONTACTS_REQUEST = re.compile(
    # a phone call, not a meeting called: "can I call the meeting or only the social worker"
    rf"\b(?:number|numbers|phone|telephone|contact|contacts|ring|{CALL_TO_MAKE}|reach"
    rf"|get\s+hold\s+of)\b.{{0,40}}\b{_CONTACT_WORDS}\b"
    rf"|\b{_CONTACT_WORDS}s?\b.{{0,30}}\b(?:number|numbers|phone|telephone|contact\s+details|details"
    r"|(?:phone|help|advice|duty|direct|contact|telephone)\s*line)\b"
    r"|\bwho\s+(?:do|should|can|would)\s+i\s+(?:call|ring|phone|contact|tell|report\s+to)\b(?!\s+a\s+(?:professionals|meeting|strategy))"
    r"|\bwho(?:s|\s+is|\s+are)?\s+on\s+call\b|\bout\s+of\s+hours\s+(?:number|line|contact|team|service)\b"
    r"|\bplace\s+of\s+safety\b"
    r"|\bwho\s+to\s+(?:call|ring|phone|contact|tell|speak\s+to)\b"
    r"|\bwho(?:s|\s+is|\s+are)\s+the\s+(?:person|people|one|team)\s+to\s+(?:call|ring|phone|contact)\b"
    r"|\bwho(?:s|\s+is)\s+(?:open|available|around|on\s+duty|working|on\s+(?:at|over|this|tonight))\b"
    rf"|\b{_CONTACT_WORDS}s?\b.{{0,20}}\bopen\b"
    # how to, not how much ("how much do I need to write down tonight"); a need, not whether
    # one has to ("do I need to record it tonight" asks about practice)
    r"|\b(?:who|how(?!\s+(?:much|many|long|often|far|come|old)\b)|(?<!do\si\s)(?<!do\swe\s)need"
    rf"|speak|talk|get\s+hold|attend|come\s+out|reach)\b.{{0,60}}\b{_NOW_OR_LATER}\b"
    # (whom to ask about the child is whom to consult, no call: "in ED tonight, nobody knows
    # how he communicates. who should we be asking?", set V; "who should we ask to take her
    # tonight" still asks for help)
    rf"|\b{_NOW_OR_LATER}\b.{{0,60}}\b(?:who\s+(?:do|can|should|is)(?!\s+(?:we|i)\s+(?:be\s+asking|ask(?:ing)?\s+about)\b)"
    r"|how\s+do\s+i\s+(?:get|reach|contact)|who\s+is\s+open)\b"
    r"|\b(?:who|which|what)\b.{0,40}\b(?:out\s+of\s+hours|after\s+hours|on\s+call)\b"
    # a referral to make now: "where do i refer today if a child has just disclosed"
    rf"|\b(?:where|who)\s+(?:do|can|should|would|to)\s+(?:i\s+|we\s+)?(?:refer|report)\b"
    rf".{{0,60}}\b(?:{_NOW_OR_LATER}|just\s+(?:disclosed|told|said))\b"
    r"|\bwhere\s+(?:do|can|should)\s+i\s+(?:send|make|take|report)\s+(?:a|an|my|the)\s+"
    r"(?:urgent\s+)?(?:safeguarding\s+)?(?:referral|concern)\b"
    r"|\b(?:worried|concerned|worry)\s+about\s+(?:a|this|the)\s+(?:child|kid|young\s+person|baby|teenager)\b.{0,40}\b(?:what\s+do\s+i\s+do|who\s+(?:do|should|can|could|would|to|is|will)|now|tonight|urgent)\b"
    rf"|\b(?:seen|visited|assessed|picked\s+up)\s+by\s+{_CONTACT_WORDS}\b.{{0,20}}\b{_NOW_OR_LATER}\b"
    rf"|\bwho\s+(?:takes|receives|handles|deals\s+with)\b.{{0,30}}\b{_CONTACT_WORDS}\b"
    rf"|\b{_CONTACT_WORDS}\s+(?:notif\w*|referrals?|calls?)\s+(?:go|goes|get\s+sent)\s+to\b"
    r"|\b(?:quickest|fastest)\s+way\s+(?:in|to\s+(?:reach|contact|refer|get\s+(?:hold|through|in)))\b"
    r"|\burgent\s+(?:contacts?|numbers?|referral)\b|\breport\s+(?:a\s+)?(?:concern|abuse)\b.{0,20}\b(?:now|today|tonight|urgently)\b"
    # two contacts set against each other, "EDT or MASH? it's 4.45pm": which one to call
    rf"|\b{_CONTACT_WORDS}\s+or\s+(?:the\s+)?{_CONTACT_WORDS}\b"
    # a contact named with its area or time and nothing more: "EDT Hackney", "mash tonight"
    rf"|^\W*{_CONTACT_WORDS}(?:\s+(?:for\s+)?(?:hackney|(?:the\s+)?city(?:\s+of\s+london)?"
    rf"|{_NOW_OR_LATER}|now|please|pls))+\W*$"
    # a contact named and "who?" or "contact?" asked of it, and nothing more: "OOH CP - who?",
    # "sat am. csc contact?"
    rf"|\b{_CONTACT_WORDS}\b.{{0,30}}\b(?:who|contacts?)\W*$"
    # a role on duty asked for by name and nothing more: "on call sw?", "whos the duty manager
    # tonight?" (not what it said or did: "the duty sw said no?")
    rf"|^\W*(?:\w+\s+){{0,3}}{_ON_DUTY}(?:\s+(?:please|pls|now|tonight|number|no|details"
    r"|hackney|city|for\s+(?:hackney|the\s+city|city\s+of\s+london)))*\s*\?\W*$"
)


_SOMEONE_TO_CALL = re.compile(
    r"\b(?:is\s+there|are\s+there|any|i\s+need|need|want|get|find|have\s+you\s+got)\s+"
    r"(?:someone|somebody|anyone|anybody|a\s+person|a\s+professional)\s+"
    r"(?:(?:i|we)\s+(?:can|could)\s+|to\s+)(?:talk|speak|ring|call|phone)\b"
    r"|\b(?:is\s+there|are\s+there|any|whats|what\s+is|whos|who\s+is|which\s+is|give\s+me|i\s+need"
    r"|need)\s+(?:a|an|the|any)?\s*(?:\w+\s+){0,2}(?:helplines?|help\s+lines?|advice\s+lines?"
    r"|(?:phone|telephone)\s+lines?|numbers?\s+(?:i|we)\s+(?:can|could|should)\s+(?:ring|call|phone))\b"
)
"""Someone to talk to, a helpline or advice line, a number to ring, asked for: with a worry
about a child (_A_CHILD_WORRIED_ABOUT) a contact request, whatever contact it names or none
("is there an advice line for staff"), not what a helpline should tell parents."""
_NUMBERS_TO_GIVE = re.compile(
    r"\b(?:which|what)\s+(?:phone\s+|telephone\s+|contact\s+|useful\s+|key\s+|local\s+|emergency\s+)?"
    r"numbers\s+(?:should|do|can|would|must|to)\b(?!.{0,20}\b(?:children|cases|referrals|families)\b)"
)
"""The contact numbers to give out ("what numbers should staff have", "which numbers do I put
on a poster"): the urgent contacts hold them; not how many children or cases."""


def asks_by_a_contacts_name_or_role(text: str) -> bool:
    """Whom to call, a number, or where to report now, by a contact's name or role; or someone
    to talk to, a helpline or a number to ring, when a child is a worry, at any time (times
    that say the child is safe then, and denials of danger, read out first). Without the
    grammar's "a number with an area": what a service's own details give way to ("contact
    details for hackney CAMHS" is the service's)."""
    normalised = without_safe_times(text)
    if _CONTACTS_REQUEST.search(normalised) or _NUMBERS_TO_GIVE.search(normalised):
        return True
    return bool(_SOMEONE_TO_CALL.search(normalised) and _A_CHILD_WORRIED_ABOUT.search(normalised))


_WHOM_FOR = re.compile(
    r"\b(?:who|where|which\s+(?:\w+\s+)?(?:service|team|organisation|charity|project|agency))\s+"
    rf"(?:(?:{_MODAL})\s+)?(?:(?:i|we|u|you|parents|families|staff|they)\s+)?"
    r"(?:(?:can|could|should|must|need\s+to|have\s+to)\s+)?"
    rf"(?:{_CALL}|refer\s+(?:\w+\s+)?to|go(?:\s+to)?|speak\s+to|talk\s+to|signpost\s+(?:\w+\s+)?to)"
    r"\s+(?:for|about|regarding|re)\s+"
)
"""Whom to reach for something or someone: "who do I contact for", "who should I call about",
"where can parents go for", "which charity do we refer to for"."""
_SOMEONE_WHO = (
    r"(?:(?:a|an|the|my|our|this|that|these|those|any|some|his|her|their)\s+)?(?:\w+\s+){0,2}?"
    r"(?:child|children|kids?|young\s+(?:person|people)|teens?|teenagers?|baby|babies|family"
    r"|families|parents?|mums?|mothers?|dads?|fathers?|siblings?|brothers?|sisters?|pupils?"
    r"|students?|boys?|girls?|sons?|daughters?)"
)
_A_NEED_A_SERVICE_MEETS = re.compile(
    # someone told by what they have been through or live with, not a harm done to them now:
    # "a child who's witnessed domestic abuse", "kids affected by a parent's drinking"
    rf"^(?P<through>{_SOMEONE_WHO}\s+(?:(?:who|that)\s+|whos\s+|whove\s+|thats\s+)?"
    r"(?:(?:has|have|had|s|is|are|was|were)\s+)?(?:been\s+)?(?:witnessed|witnessing|seen|saw|heard|exposed\s+to|affected\s+by|through"
    r"|bereaved|grieving|caring\s+for|looking\s+after|a\s+young\s+carer)\b)"
    # or the support itself: "play therapy", "speech and language", "a carers assessment"
    r"|^(?:\w+\s+){0,4}?(?:support|therapy|therapist|counsell\w*|counsel\w*|speech\s+and\s+language"
    r"|speech\s+therapy|respite|short\s+breaks?|carers?\s+assessments?|mentoring|mentor"
    r"|tutoring|parenting\s+(?:support|courses?|programmes?|classes|groups?)|activities"
    r"|youth\s+clubs?|young\s+carers?)\b"
    # and whom it is for, told by what they have been through: "counselling for a bereaved boy"
    rf"(?:\s+(?:for|with)\s+{_SOMEONE_WHO}\s+(?:(?:who|that)\s+|whos\s+|whove\s+|thats\s+)?"
    r"(?:(?:has|have|had|s|is|are|was|were)\s+)?(?:been\s+)?(?:witnessed|witnessing|seen|saw"
    r"|heard|exposed\s+to|affected\s+by|through|bereaved|grieving|caring\s+for|looking\s+after)\b)?"
)
"""What a service meets, said after "for": someone described by what they have witnessed or
been through, or the kind of support (knowledge/services/services.yml lists whom each service
is for)."""
_NOW_IN_THE_NEED = re.compile(
    r"\b(?:now|right\s+now|just|tonight|today|currently|still|being|keeps?|is\s+getting"
    r"|immediate\w*|urgent\w*)\b"
)
"""A need told as going on now ("a child who has just witnessed", "who is being hit"), or help
asked for now ("immediate support"), anywhere in the message: a call to make, never a
service's."""
_TOLD_AFTER_THE_NEED = re.compile(
    # a clause break and more told: "..., mum has been stabbed", "... domestic abuse. he's hurt"
    r"[,;:.!?-]\s*\w"
    # or a second clause, or more told of the child or the family: "... and dad has a knife",
    # "... who is scared to go home", "... whose mum has collapsed", "a family where dad has a gun"
    r"|\b(?:and|but|or|so|because|cos|as|who|whos|whose|which|that|where|when|while|whilst"
    r"|is|isnt|are|has|hasnt|have|had|was|were|will|wont|cant|can|did|does|do|dont|now|still"
    r"|just|he|she|they|hes|shes|theyre|theyve|mum|dad|mother|father|parent|partner)\b"
)
"""Anything told after the need a service meets: the question is no longer only whom to
contact for that need (set Z's "who do I contact for a child who's witnessed domestic abuse"
tells nothing after it)."""
_VIOLENCE_WITNESSED = re.compile(
    r"\b(?:stab\w*|murder\w*|kill\w*|shoot\w*|shot|knife|knives|gun\w*|strangl\w*|chok\w*"
    r"|rape\w*|sexual\s+assault\w*|attack\w*|assault\w*|fight\w*)\b"
)
"""Violence witnessed that is a crime to report, not only a need a service meets ("a child
who witnessed a stabbing"): the urgent contacts."""


def asks_whom_for_a_service(text: str) -> bool:
    """Whom to contact for a need a service meets, with no danger or worry told and nothing
    that makes it a call to make (no time, area, usual person away, front door, safeguarding
    concern): "who do I contact for a child who's witnessed domestic abuse" (set Z, answered
    with the urgent contacts) asks for the service the audits name (the Nia Project); "who do
    I contact for a child at risk", "who do I contact, a child is being hurt", "who do I ring
    for social care" stay the urgent contacts."""
    normalised = without_safe_times(text)
    asked = _WHOM_FOR.search(normalised)
    if asked is None:
        return False
    rest = normalised[asked.end() :]
    need = _A_NEED_A_SERVICE_MEETS.match(rest)
    if need is None:
        return False
    after = rest[need.end() :]
    if (
        _TOLD_AFTER_THE_NEED.search(after)
        or _VIOLENCE_WITNESSED.search(after)
        or assess_immediate_risk(text).at_risk
        or names_an_urgent_need(text)
    ):
        # danger, an urgent need, or anything more told after the need ("..., the perpetrator
        # is at the door", "... and dad has a knife"): the urgent contacts (review of route27)
        return False
    clause = re.split(r"[?.!;,]|\s(?:and|but|so|because|as)\s", rest, maxsplit=1)[0]
    # what was witnessed or lived through may be a harm ("domestic abuse"); the rest may not
    told = normalised[: asked.start()] + " " + rest[len(clause) if need["through"] else 0 :]
    return not (
        _NOW_IN_THE_NEED.search(normalised)
        or _a_call_to_make(text, normalised, telling=True)
        or names_the_front_door(text)
        or _A_CHILD_WORRIED_ABOUT.search(normalised)
        or _SAFEGUARDING.search(told)
        or _TROUBLE.search(told)
    )


def asks_for_contacts(text: str) -> bool:
    """The one reader of "is this a request for the urgent contacts": asked in so many words
    (the grammar above, asks_for_urgent_contacts, which takes over from whatever the
    classifier read) or in the safety rules' phrasings, which the safety step weighs against
    the intent ("who do I tell" about a childminder is a topic the audits do not cover). Whom
    to contact for a need a service meets is the service's (asks_whom_for_a_service)."""
    return (
        asks_for_urgent_contacts(text) or asks_by_a_contacts_name_or_role(text)
    ) and not asks_whom_for_a_service(text)
