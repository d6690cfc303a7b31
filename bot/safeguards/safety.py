"""Decide whether a message suggests a child may be at immediate risk.

When a practitioner describes a child in danger now, urgent advice (999, MASH) must come before
any learning content. This runs on every message before the NLU model's answer is used, so it is
rule-based: predictable, explainable and unaffected by retraining.

Policy, chosen to prefer safety:
- A present risk to a specific child triggers, even inside a question ("what do I do, she's
  going to kill herself").
- A general learning question about a topic does not ("how do I support a young person with
  suicidal thoughts", "what did the audit say about self-harm"): it names no particular child
  and no immediacy, so urgent advice would only get in the way of the answer.
- Past or historical events do not trigger, but recent ones with a time marker ("last night",
  "this morning") do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.one_request import once_per_request


@dataclass(frozen=True)
class RiskAssessment:
    """Whether to give urgent advice first, and which kinds of risk were recognised."""

    at_risk: bool
    matched: tuple[str, ...]


_SELF = r"(?:him|her|my|them|your|one)sel(?:f|ves)"
_KILL = r"(?:kill|hurt|harm|stab|beat|batter|burn|strangle|choke|shoot|hit|attack|rape)"
_CHILD = (
    r"(?:me|her|him|them|us|the\s+(?:child|children|kids?|baby|boy|girl|twins)"
    r"|his\s+kids|her\s+kids)\b"
)
_RECENTLY = (
    r"(?:last\s+night|this\s+(?:morning|afternoon|evening)|today|tonight|just\s+now|earlier"
    r"|an\s+hour\s+ago|yesterday)"
)
_NOW = r"(?:right\s+now|now|tonight|at\s+the\s+moment|currently|as\s+we\s+speak|today)"
_SPANS = r"(?:years?|yrs?|months?|mths?|mnths?|weeks?|wks?)"
"""Spans of time as typed, in full or short ("2 yrs ago", "18 mths ago", "a few wks back"):
a harm placed that long before is history (set AC's past overdose, in short words, got the
urgent block)."""
_A_PAST_PERIOD = r"(?:week|wk|month|mth|year|yr)"
"""A period gone by, in full or short: "last yr", "last month"."""
_DOING_WELL = (
    r"doing\s+(?:really\s+|much\s+|so\s+|very\s+|quite\s+|a\s+lot\s+)?"
    r"(?:well|better|great|fine|ok|okay|good)"
)
"""A young person said to be doing well: a state reached since the harm, not a scene now."""
_A_NEW_STAGE = (
    r"(?:at\s+)?(?:a\s+new\s+)?(?:college|school|uni|university|nursery|secondary|sixth\s+form"
    r"|work|a\s+(?:job|course)|an?\s+apprenticeship|year\s+\d+)"
)
"""A stage of life begun ("just started college"): what "just" then places is no harm."""
_JUST_HARMED_STILL_THERE = (
    r"\bjust\s+(?:been\s+|got\s+|gotten\s+|had\s+been\s+)?(?:hit|punched|kicked|hurt|attacked"
    r"|beaten|beat|burnt|burned|slapped|strangled|choked|assaulted|battered|stabbed|shaken|thrown)\b"
    r".{0,60}\bstill\s+(?:there|here|with\s+(?:him|her|them|the\s+\w+)|at\s+home"
    r"|in\s+the\s+(?:house|flat|home|room))\b"
)
"""Harm done moments ago with the child, or the one who harmed them, still where it happened ("was
just kicked and is still at home"): happening now, as _RECENTLY's "just now" is, whatever the
question around it ("does it cover a child who...")."""
_HARMING = (
    r"(?:hitting|beating|hurting|harming|cutting|stabbing|attacking|strangling|choking|kicking"
    r"|punching|burning|slapping|battering|assaulting|raping|overdosing|self\s+harming)"
)
"""Harm as it goes on: "is hitting her", "cutting again"."""
_HARM_NOW = (
    # harm going on: "he is hitting her now", "hes hitting her again", "now cutting again"
    rf"\b(?:is|are|hes|shes|theyre|im|now|still)\s+(?:still\s+)?{_HARMING}\b"
    r"(?:\s+\w+){0,3}?\s+(?:right\s+now|now|again|as\s+we\s+speak)\b"
    # pills just taken, or taken again: "has just taken another one", "just swallowed a load
    # of tablets", "shes taken 30 paracetamol"
    r"|\bjust\s+(?:taken|swallowed|had|took)\s+(?:another|an?\s+overdose"
    r"|(?:\w+\s+){0,3}?(?:pills|tablets|paracetamol|ibuprofen|meds|medication))\b"
    r"|\b(?:hes|shes|has|have|theyve)\s+(?:just\s+)?(?:taken|swallowed)\s+(?:another\s+(?:one|overdose)"
    r"|\d+|a\s+(?:load|lot|handful|bottle|packet|box|strip)\s+of)\b"
    # harm done moments ago: "his stepdad just punched him"
    r"|\bjust\s+(?:been\s+)?(?:punched|kicked|stabbed|strangled|choked|raped|beaten|attacked"
    r"|assaulted|battered)\b"
    # a state now: "shes unconscious on the floor", "now cutting again and bleeding a lot"
    r"|\b(?:is|are|hes|shes|theyre|now|still)\s+(?:\w+ing\s+(?:again\s+)?and\s+)?"
    r"(?:unconscious|bleeding)\b"
)
"""Harm happening now, told in so many words beside past harm ("took an overdose 2 yrs ago and
has just taken another one", "last year he hit her and he is hitting her now"): the history
takes none of it back. Narrow on purpose: a bare "now" beside past harm ("now doing well") is
no danger."""
_NOT_SAID = (
    r"(?<!\bnot\s)(?<!\bno\s)(?<!\bisnt\s)(?<!\barent\s)(?<!\bnot\sin\s)(?<!\bisnt\sin\s)"
    r"(?<!\barent\sin\s)(?<!\bnot\san\s)(?<!\bany\s)"
)
"""Not preceded by a denial: "not in danger", "no immediate risk", "isn't in any danger" (with
"any", "is there any immediate risk" is a question, not a danger told)."""
_AMOUNT = (
    r"(?:some|all|most|half|loads|lots|a\s+(?:load|lot|few|couple|handful|bunch|bottle|packet"
    r"|box|strip)|several|\d+|two|three|four|five|six|ten|twenty|a\s+whole|the\s+whole|whole)"
    r"(?:\s+of)?"
)
"""How much was taken: "some of", "2", "a handful of"."""

# Patterns are written against normalised text: lower case, no apostrophes, common typos fixed
# (see normalise), so "Doesn't" and "doesnt" are both written "doesnt".
_MISSED_NOT_MISSING = (
    r"(?:(?:loads|lots|a\s+lot|a\s+bit|a\s+few|so\s+much|much|some|more|days|weeks|bits|of|her|his"
    r"|their|out\s+on)\s+){0,3}(?:school|lessons?|class(?:es)?|college|education|appointments?"
    r"|appts?|nursery|meals?|sessions?|clinics?|the\s+register|days|out\b)\b"
)
"""What a child misses without going missing: "she's missing loads of school", "he is missing
appointments"."""

_A_CHILD_TAKEN = (
    r"(?:(?:the|her|his|their|my|our|a)\s+)?(?:\w+\s+)?(?:baby|newborn|infant|child|children"
    r"|kids?|son|daughter|toddler|boy|girl|twins|little\s+one|\d+\s*(?:yo|y\s*o|year\s+old|yr\s+old))\b"
)
"""The child a parent takes: "the baby", "their 3yo", "his son"."""
_TAKEN_ELSEWHERE = (
    r"(?!\s+(?:abroad|away\s+on|on\s+holiday|out\s+of\s+the\s+country|overseas|to|for\s+(?:a|the|an)"
    r"|with\s+(?:them|him|her)\s+(?:abroad|on))\b"
    rf"(?!(?:\s+\w+){{0,3}}?\s+{_NOW}\b))"
)
"""Taken somewhere or for something ("abroad", "to the GP", "on holiday"): a plan to travel or
an errand, which the audits' practice questions ask about, not a child taken now. Unless the
place is given a time now ("to her gran's in Leeds tonight"): then it is where the child is
taken now."""
_TAKING_THE_CHILD = (
    rf"\bthreat(?:en|ened|ening|ens)?\s+(?:to\s+)?(?:take|snatch|grab|kidnap|abduct|steal"
    rf"|run\s+off\s+with)\s+(?:away\s+)?{_A_CHILD_TAKEN}{_TAKEN_ELSEWHERE}"
)
"""A parent threatening to take a child ("threatening to take the baby"); the time comes from
the rest of the message, as for any danger (a threat last year is history)."""

RISK_PATTERNS: dict[str, tuple[str, ...]] = {
    "immediate_danger": (
        # "not immediate danger i think but im worried", "no immediate risk": said not to be
        rf"{_NOT_SAID}\b(?:immediate|imminent|serious)\s+(?:danger|risk)\b",
        rf"{_NOT_SAID}\bin\s+danger\b",
        r"\bat\s+risk\s+(?:right\s+)?(?:now|tonight|today)\b",
        r"\b(?:not|isnt|arent|wont\s+be)\s+safe\s+(?:at\s+home|tonight|now|right\s+now|there|to\s+go)\b",
        r"\b(?:feel|feels|feeling)\s+(?:un|not\s+)safe\b",
        r"\bunsafe\s+(?:at\s+home|tonight|now)\b",
        r"\b(?:should|do)\s+i\s+(?:call|ring|phone)\s+(?:999|the\s+police|an\s+ambulance)\b",
    ),
    "afraid_to_go_home": (
        # not said with a denial: "she isnt scared to go home today" tells a worry, not a danger
        r"\b(?<!not\s)(?<!isnt\s)(?<!arent\s)(?<!wasnt\s)(?<!werent\s)(?<!never\s)(?<!longer\s)"
        r"(?:scared|afraid|frightened|terrified|petrified|worried|too\s+scared)\s+(?:to|of)\s+(?:go|going|goin|be|being|return|returning)\s+(?:back\s+)?home\b",
        r"\b(?:dont|doesnt|do\s+not|does\s+not|wont|will\s+not|refuses?\s+to|refusing\s+to|cant|cannot)\s+(?:want\s+to\s+)?(?:go|going|return)\s+(?:back\s+)?home\b",
        r"\bif\s+(?:he|she|they|i)\s+(?:goes|go)\s+home\b",
        r"\brather\s+die\s+than\s+go\s+home\b",
        r"\b(?:hes|shes|theyre|is|are)\s+not\s+going\s+(?:back\s+)?home\b",
    ),
    "nowhere_safe_to_stay": (
        r"\bnowhere\s+(?:safe\s+)?to\s+(?:sleep|stay|go|live)\b",
        r"\bsleeping\s+(?:rough|on\s+the\s+streets?|in\s+(?:a|the)\s+park|outside)\b",
        r"\b(?:kicked|thrown|chucked)\s+(?:him\s+|her\s+|them\s+)?out\b(?!\s+of\s+(?:school|class|college|nursery))",
    ),
    "threat_to_harm": (
        rf"\bthreat(?:en|ened|ening|ens)?\s+(?:to\s+)?{_KILL}",
        r"\bthreat(?:en|ened|ening|ens)?\s+(?:the\s+)?(?:child|children|kids|baby|family|her|him|them|mum)\b",
        rf"\b(?:going\s+to|gonna|will|is\s+going\s+to|wants?\s+to|said\s+(?:he|she|they)\s+(?:will|would|is\s+going\s+to))\s+{_KILL}\s+{_CHILD}",
        rf"\b(?:hes|shes|theyre|he\s+is|she\s+is|they\s+are)\s+(?:going\s+to|gonna)\s+{_KILL}\b(?!\s+{_SELF})",
        rf"\b(?:dad|mum|father|mother|stepdad|stepfather|brother|uncle|boyfriend|partner|he|she|they)\s+(?:will|would|is\s+going\s+to)\s+{_KILL}\s+(?:me|her|him|them)\b",
    ),
    "suicide_or_self_harm": (
        rf"\b(?:going\s+to|gonna|wants?\s+to|want\s+to|plans?\s+to|planning\s+to|trying\s+to|tried\s+to|about\s+to|will|threatening\s+to|says?\s+(?:he|she|they|i)\s+(?:will|wants?\s+to))\s+(?:kill|hang|hurt|harm|cut)\s+{_SELF}",
        r"\b(?:kill|killing|hang|hanging)\s+(?:him|her|my|them)sel(?:f|ves)\b",
        r"\b(?:end|take|ending|taking)\s+(?:his|her|their|my)\s+(?:own\s+)?life\b",
        r"\b(?:want|wants|wanting)\s+to\s+die\b",
        r"\b(?:end|ending)\s+it\s+(?:all|tonight|today)\b",
        r"\b(?:plans?|planning|going|wants?|trying)\s+to\s+end\s+it\b",
        # ending it thought of or talked about: ideation told, whatever the tense ("she has
        # thought of ending it", "keeps talking about ending it"); "ending her life" and
        # "killing herself" are read by the patterns above in any words before them
        r"\b(?:thought|thoughts|thinking|thinks|talked|talking|talks|spoke|speaks)\s+(?:of|about)"
        r"\s+ending\s+it\b",
        r"\b(?:taken|took|has\s+taken|had|swallowed)\s+(?:an?\s+)?overdose\b",
        r"\boverdosed\b",
        r"\b(?:took|taken|swallowed)\s+(?:a\s+load\s+of|loads\s+of|lots\s+of|a\s+lot\s+of|all|a\s+bottle\s+of|a\s+packet\s+of|some)\s+(?:of\s+)?(?:her|his|their|the|my|mums|dads)?\s*(?:pills|tablets|paracetamol|meds|medication)\b",
        r"\b(?:took|taken|swallowed)\s+(?:a\s+)?(?:whole\s+)?(?:packet|bottle|box|strip|handful)s?\s+of\b",
        # A quantity of medicine taken, eaten or drunk, in any words for how much: "ate some of
        # dads tablets", "swallowed 2 packs", "necked half a bottle of her meds".
        rf"\b(?:took|taken|swallowed|ate|eaten|drank|drunk|necked|downed)\s+{_AMOUNT}\s+"
        r"(?:\w+\s+){0,3}?(?:pills|tablets|paracetamol|ibuprofen|meds|medication|methadone"
        r"|painkillers|antidepressants|sleeping\s+pills|packs|packets|boxes|strips)\b",
        # A farewell sent or said: a goodbye message, a note, "by the time you read this".
        r"\bby\s+the\s+time\s+(?:you|anyone|someone|they)\s+(?:read|reads|see|sees|get|gets)\s+this\b",
        r"\b(?:this\s+is|its|it\s+is)\s+(?:goodbye|the\s+end)\b",
        r"\bgoodbye\s+(?:message|note|letter|post|text|video|snap)s?\b",
        r"\b(?:(?:message|note|letter|post|text|video|snap|voice\s+note)\w*|sent|posted|wrote|written|texted)\b"
        r".{0,40}\b(?:goodbye|farewell|love\s+(?:you|u)\s+all|sorry\s+for\s+everything"
        r"|(?:ill|i\s+will)\s+be\s+gone|dont\s+blame|thanks?\s+(?:you\s+)?for\s+(?:everything|trying)"
        r"|(?:ive|i\s+have)\s+made\s+(?:my|the)\s+(?:decision|choice)|(?:my|the)\s+last\s+message"
        # thanks said as a farewell: "you were the only one who cared", "ur the only 1 who tried"
        r"|(?:you|youre|your|ur|u)\s+(?:(?:are|were|r|was)\s+)?the\s+only\s+(?:one|1|person)\s+"
        r"(?:who|that)\s+(?:\w+\s+){0,2}?(?:tried|cared|listened|helped|understood|bothered))\b",
        r"\b(?:ill|i\s+will|ill\s+soon|i\s+wont)\s+(?:be\s+gone|not\s+be\s+here|be\s+here)\s+(?:by|soon|tomorrow|tonight|much\s+longer)\b",
        r"\bon\s+(?:the|a)\s+(?:bridge|roof|ledge|railway|tracks|balcony)\b",
        r"\b(?:talking\s+about|threatening\s+to|going\s+to|gonna|will|wants?\s+to|says?\s+(?:he|she|they)\s+(?:will|wants?\s+to))\s+(?:jump|jumping)\b",
        r"\bjump\s+(?:in\s+front\s+of|off)\b",
        r"\bthreatening\s+suicide\b",
        r"\bsuicide\s+(?:note|attempt\s+(?:today|tonight|last\s+night))\b",
        r"\b(?:is|hes|shes|are|theyre|im|feeling|feels|seems|sounds|actively)\s+(?:really\s+|very\s+|so\s+|actively\s+)?suicidal\b",
        # suicidal thoughts had or told now, not a young person described by them ("a teen
        # with suicidal thoughts", "past suicidal thoughts": a practice question's subject)
        r"\b(?:having|has|is\s+having|expressing|voicing|talking\s+about|disclosed|disclosing"
        r"|reporting|telling\s+(?:me|us)\s+about|(?:hes|shes|theyre|im)\s+(?:got|getting|having))"
        r"\s+(?:\w+\s+)?suicidal\s+(?:thoughts|ideation|feelings)\b",
        r"\b(?:cut|slit|slashed)\s+(?:his|her|their|my)\s+wrists?\b",
        rf"\b(?:cutting|self\s*harming|harming\s+(?:him|her|them)sel(?:f|ves))\b.*\b{_NOW}\b",
    ),
    "being_hurt": (
        r"\b(?:is|are|being|getting|gets)\s+(?:being\s+)?(?:hit|beaten|battered|hurt|attacked|assaulted|punched|kicked|strangled|choked|abused)\b",
        rf"\b(?:hits|beats|punches|kicks|hurts|strangles|chokes|burns|batters|slaps)\s+{_CHILD}",
        rf"\b(?:hitting|beating|punching|kicking|hurting|strangling|choking|attacking|battering)\s+(?:{_CHILD}|mum|the\s+mum)",
        rf"\b(?:hit|beat|punched|kicked|strangled|choked|attacked|assaulted|burned|burnt)\s+{_CHILD}\s+(?:\w+\s+)?{_RECENTLY}",
        rf"\b{_RECENTLY}\b.*\b(?:hit|beat|punched|kicked|strangled|choked|attacked|assaulted)\s+{_CHILD}",
        r"\bhas\s+been\s+assaulted\b",
        r"\b(?:has|with|got|covered\s+in|has\s+got)\s+(?:\w+\s+)?(?:bruises|bruising|a\s+black\s+eye|burns|burn\s+marks|bite\s+marks|a\s+broken\s+\w+|a\s+fracture|injuries)\s+(?:all\s+)?(?:on|over|to|around)\b",
        r"\b(?:baby|child|toddler)\s+(?:was|has\s+been|is\s+being)\s+shaken\b",
        r"\b(?:shaking|shook|shakes)\s+(?:the|her|his|their|my|a)\s+(?:\w+\s+)?"
        r"(?:baby|newborn|infant|toddler|child|kid|little\s+one|son|daughter|boy|girl)\b",
        r"\b(?:with|has|got|has\s+got)\s+a\s+black\s+eye\b",
        r"\b(?:not\s+breathing|isnt\s+breathing|unresponsive|unconscious|floppy|bleeding\s+(?:badly|heavily|a\s+lot))\b",
        # a baby or child gone limp ("one is limp and hot"), not one who walks with a limp
        r"\b(?:is|went|gone|going|looks?|seems?|feels?|was|lying)\s+(?:all\s+|very\s+|really\s+)?limp\b",
        r"\b(?:drunk|high)\s+and\s+(?:violent|aggressive|kicking\s+off)\b",
        r"\b(?:broken|bruis\w*|burns?|burnt|cuts?|injur\w*|fracture\w*|swollen|bleeding|black\s+eye)\b"
        r".{0,80}\b(?:daddy|mummy|dad|mum|stepdad|stepmum|he|she|they|uncle|boyfriend)\s+did\s+(?:it|this|that)\b",
        r"\b(?:violent|kicking\s+off)\s+(?:right\s+)?now\b",
        _JUST_HARMED_STILL_THERE,
    ),
    "sexual_abuse": (
        r"\b(?:is|are|being|been)\s+(?:being\s+)?(?:sexually\s+(?:abused|assaulted|exploited)|raped|groomed|abused)\b",
        r"\b(?:sexually\s+abusing|raping|rapes|molesting|molests)\b",
        r"\b(?:touches|touching|touched)\s+(?:her|him|them|me)\b",
        r"\bsexual\s+abuse\s+(?:is\s+)?(?:happening|going\s+on|ongoing)\b",
        r"\b(?:in\s+a\s+car|with|picked\s+up\s+by|meeting)\s+(?:an?\s+)?older\s+(?:men|man|males?)\b.*\b(?:now|tonight|today)\b",
        r"\bolder\s+(?:men|man|males?)\s+(?:is|are)\s+(?:picking|collecting)\b",
    ),
    # Fire, and someone forcing their way in: "smoke from the flat, the kids are inside", "dad
    # has broken in".
    "fire_or_break_in": (
        r"\b(?:on\s+fire|in\s+flames|(?:house|flat|home|building|room|kitchen)\s+fire)\b",
        r"\b(?:smoke|flames?)\b.{0,40}\b(?:child|children|kids?|baby|babies|toddler|inside|in\s+there"
        r"|no\s+(?:answer|one\s+answering)|trapped)\b",
        r"\b(?:child|children|kids?|baby|babies|toddler)\b.{0,60}\b(?:smoke|flames?)\b",
        r"\b(?:broken|broke|breaking|forced\s+(?:his|her|their|a)\s+way)\s+in(?:to)?\b",
        r"\b(?:kicking|kicked|smashing|smashed|banging)\s+(?:the\s+|her\s+|their\s+)?door\s+(?:in|down)\b",
    ),
    "hiding_or_shut_in": (
        r"\b(?:im|i\s+am|is|hes|shes|theyre|are|been|was|were)\s+hiding\s+(?:in|under|behind|inside)\b",
        r"\bhiding\s+(?:in|under|behind|inside)\s+(?:my|her|his|their|the|a)\s+(?:\w+\s+)?"
        r"(?:bed|wardrobe|cupboard|bathroom|toilets?|room|bedroom|shed|garden|loft|stairwell)\b",
        r"\b(?:hes|shes|theyre|he\s+is|she\s+is|they\s+are)\s+(?:looking|searching|coming)\s+for\s+(?:me|us)\b",
        r"\blocked\s+(?:me|her|him|them|us)\s+in\b",
        r"\blocked\s+(?:in|inside)\s+(?:a|the|her|his|their|my)\s+(?:\w+\s+)?"
        r"(?:room|bedroom|bathroom|toilets?|cupboard|flat|house|car|wardrobe|shed)\b",
    ),
    "abandoned": (
        r"\b(?:found|left|abandoned|dumped)\b.{0,25}\b(?:newborn|baby|infant)\b.{0,40}"
        r"\b(?:bag|bin|bins|doorstep|stairwell|street|park|outside|alone|no\s+(?:one|adult))\b",
        r"\b(?:newborn|baby|infant)\b.{0,30}\b(?:found|left|abandoned|dumped)\s+(?:in|on|by|outside|at|alone)\b",
    ),
    "taking_the_child": (
        _TAKING_THE_CHILD,
        # snatched, or about to be: "snatched the toddler from the buggy", "about to snatch her"
        rf"\b(?:snatch|snatched|snatching|snatches|kidnapped|kidnapping|abducted|abducting)\s+"
        rf"(?:{_A_CHILD_TAKEN}|him|her|them)",
        rf"\b(?:going\s+to|gonna|hell|shell|theyll|about\s+to|trying\s+to|tried\s+to)\s+"
        rf"(?:snatch|kidnap|abduct)\s+(?:{_A_CHILD_TAKEN}|him|her|them)",
        # a grab tried: "tried to grab the baby off me" (not "I'll grab the kids from nursery",
        # nor the asker's own "I'm trying to grab him for a word")
        r"(?<!\bim\s)(?<!\bwere\s)(?<!\bi\sam\s)(?<!\bwe\sare\s)"
        rf"\b(?:trying|tried|tries|try)\s+to\s+grab\s+(?:{_A_CHILD_TAKEN}|him|her|them)",
        # taken and not to be brought back: "says she's taking the baby and won't bring her back",
        # "will take the kids and leave the country"
        rf"\btak(?:e|es|ing|en)\s+{_A_CHILD_TAKEN}.*\b(?:(?:wont|will\s+not|not\s+going\s+to|never)"
        r"\s+(?:bring|give|send|let)\s+(?:\w+\s+){0,2}?back|(?:leave|leaving|flee|fleeing)\s+the\s+country"
        r"|disappear|never\s+see\s+(?:him|her|them)\s+again)\b",
    ),
    "abduction": (
        r"\b(?:grab|grabbed|drag|dragged|bundled|pulled|forced)\s+(?:her|him|them)\s+(?:\w+\s+)?into\s+(?:a|the|his|their)\s+(?:car|van|flat|house)\b",
        r"\b(?:taken|snatched|abducted|kidnapped)\s+by\s+(?:a|an|her|his|their)\b",
        r"\b(?:got|getting|gone|went)\s+(?:in|into|off\s+in)\s+(?:a|the|his|their)\s+(?:car|van|taxi)\s+with\s+(?:an?\s+)?(?:older|unknown|adult|strange|grown)\b",
        r"\b(?:walked|ran|run|gone|went|driven|drove|made)\s+(?:off|out|away)\b(?:\s+\w+){0,3}?\s+with\s+"
        r"(?:a|the|her|his|their|my|our)\s+"
        r"(?:\w+\s+){0,2}?(?:child|baby|boy|girl|son|daughter|toddler|patient|pupil|kid)\b",
    ),
    # A carer taking a child away before the check that would protect them, or out of hospital
    # or care against the clinicians' advice: "trying to leave with him before the doctor sees
    # him", "wants to take her home before the x-ray report", "parents have left the ward with the
    # baby against medical advice".
    "removed_before_checked": (
        r"\b(?:trying|tries|tried|wants?|wanting|about|insist\w*|demand\w*|threaten\w*|going"
        r"|attempting)\s+(?:on\s+)?(?:to\s+)?(?:leave|leaving|take|taking|discharge|discharging|remove|removing"
        r"|walk(?:ing)?\s+out|go|going|run|running)\b"
        r".{0,40}\b(?:before|against)\s+(?:the\s+|a\s+|any\s+)?(?:\w+\s+){0,2}?"
        r"(?:x\s*rays?|scans?|doctors?|docs?|dr|paediatrician|paeds|consultant|reports?|results?"
        r"|assessment|medical\s+advice|advice|police|social\s+work\w*|strategy|examination"
        r"|checks?|sees?|seen)\b",
        r"\b(?:left|leaving|leave|took|taken|taking|take|discharged|discharging|removed|removing)\b"
        r".{0,60}\bagainst\s+(?:medical\s+|clinical\s+|the\s+doctors?s?\s+)?advice\b",
    ),
    "weapon": (
        # not one the police or staff already took: "arrested with a knife, the process?"
        r"\b(?<!arrested\s)(?<!caught\s)(?<!charged\s)(?<!convicted\s)(?<!searched\s)(?<!stopped\s)"
        r"(?:has|had|with|carrying|carries|got|holding|waving|brandishing|pulled|armed\s+with)\s+(?:an?\s+|his\s+|her\s+|the\s+)?(?:knife|knives|gun|blade|machete|weapon|firearm|axe|hammer|bat)\b",
        r"\b(?:gun|knife|machete|firearm|weapon)\s+in\s+the\s+(?:house|flat|home)\b",
        r"\b(?:been|was|got)\s+(?:stabbed|shot)\b",
        r"\b(?:gun\s*shots?|gunfire|shots?\s+(?:fired|heard|going\s+off))\b",
    ),
    # The child about to go home with the adult who harmed them: "rape disclosure, perpetrator
    # collecting after school", "injuries, pointing at mum's partner who is here to collect her".
    "collected_by_who_harmed": (
        r"\b(?:abuser|perpetrator|attacker|rapist|(?:who|that)\s+(?:hurt|hit|abused|raped|harmed)"
        r"\s+(?:her|him|them))\b.{0,40}\b(?:collect\w*|pick(?:s|ing)?\s+(?:her|him|them)\s+up"
        r"|picking\s+up|on\s+(?:his|her|their)\s+way)\b",
        r"\b(?:disclos\w*|injur\w*|bruis\w*|point(?:s|ed|ing)?\s+(?:at|to))\b.{0,80}"
        r"\b(?:here|outside|waiting|coming|arrived|due)\s+(?:to|for)\s+(?:collect|take|pick|get)\b",
    ),
    "missing_now": (
        r"\b(?:is|has\s+gone|went|has\s+been|hes|shes|are|gone|still)\s+missing\b"
        rf"(?!\s+{_MISSED_NOT_MISSING})",
        r"\b(?:run|ran|running)\s+(?:away|off)\b.*\b(?:tonight|today|this\s+(?:morning|afternoon|evening)|last\s+night|from\s+(?:home|care|school|the\s+(?:unit|home|placement)))\b",
        r"\b(?:has|have)\s+run\s+(?:away|off)\b",
        r"\b(?:hasnt|havent|has\s+not|didnt|did\s+not|not)\s+(?:come|came|been)\s+(?:back\s+)?home\b",
        r"\b(?:cant|cannot|can\s+not)\s+find\s+(?:her|him|them|my|the\s+(?:child|boy|girl))\b",
        r"\b(?:no\s+one|nobody|noone)\s+knows\s+where\s+(?:he|she|they)\s+(?:is|are)\b",
        r"\blast\s+seen\s+(?:with|at|in|on)\b",
        r"\bmissing\s+(?:from|since)\b(?!\s+(?:education|school\b|lessons|class|appointments?|the\s+register))",
        r"\b(?:nobody|no\s+one|noone)\s+(?:has\s+)?(?:collected|picked\s+up|come\s+for|came\s+for)\b"
        r".{0,60}\b(?:not\s+answering|no\s+answer|unreachable|cant\s+(?:reach|contact|get\s+hold)"
        r"|phones?\s+(?:off|dead)|empty)\b",
    ),
    "left_alone": (
        r"\b(?:left|leaves|leaving)\s+(?:\w+\s+){0,3}?(?:alone|on\s+(?:her|his|their)\s+own|unsupervised|home\s+alone)\b",
        r"\bhome\s+alone\b",
        r"\b(?:alone|on\s+(?:her|his|their)\s+own)\s+(?:in|at)\s+(?:the\s+)?(?:home|house|flat)\b",
        r"\bfound\s+alone\b",
        r"\b(?:children|kids|baby|twins|toddler|siblings)\s+(?:are|is|were|was)\s+(?:all\s+)?(?:alone|on\s+their\s+own)\b",
        r"\bleft\s+(?:at\s+home|in\s+the\s+(?:house|flat))\s+(?:with\s+no|without)\b",
        r"\b(?:no|without\s+an?)\s+adults?\s+(?:at\s+home|in\s+the\s+(?:house|flat)|present|around|with\s+(?:her|him|them))\b",
        r"\b(?:nobody|no\s+one|noone)\s+(?:has\s+been|is|was)\s+(?:at\s+)?home\b",
        r"\b(?:theres|there\s+is|there\s+was|(?:has|have)\s+got)\s+(?:no\s+one|nobody|noone"
        r"|no\s+adults?)\s+(?:at\s+home|in\s+the\s+(?:house|flat))\b",
        r"\b(?:nobody|no\s+one|noone)\s+(?:is\s+)?looking\s+after\b",
        r"\b(?:wandering|walking)\s+(?:the\s+street|the\s+streets|around)\s+(?:on\s+(?:his|her|their)\s+own|alone)\b",
        r"\bon\s+(?:her|his|their)\s+own\s+with\s+(?:her|him|them|mum|dad)\b",
    ),
    "carer_intoxicated": (
        r"\b(?:mum|mother|dad|father|parents?|carers?|stepdad|stepmum|partner|she|he|they)\s+(?:is|are|was|has\s+been|turned\s+up|came\s+home|seems|appears)\s+(?:\w+\s+)?(?:drunk|high|intoxicated|wasted|off\s+(?:her|his|their)\s+face|out\s+of\s+it|passed\s+out|under\s+the\s+influence)\b",
        r"\b(?:passed\s+out|collapsed)\s+(?:drunk|on\s+the\s+floor)\b",
        r"\bhigh\s+on\s+\w+\s+and\s+(?:looking\s+after|caring\s+for|in\s+charge\s+of|alone\s+with)\b",
    ),
    "child_disclosure": (
        rf"\b(?:hes|shes|theyre|he\s+is|she\s+is|they\s+are|dad\s+is|mum\s+is)\s+(?:going\s+to|gonna)\s+{_KILL}\s+me\b",
        rf"\b(?:he|she|they|dad|mum)\s+(?:will|would|said\s+(?:he|she|they)\s+would)\s+{_KILL}\s+me\b",
        rf"\b(?:he|she|they|dad|mum|stepdad)\s+{_KILL}s\s+me\b",
        r"\bi\s+(?:want|wanna)\s+to\s+die\b",
        r"\bi\s+(?:dont|do\s+not)\s+feel\s+safe\b",
        r"\b(?:please\s+)?help\s+me\b.*\b(?:scared|hurt|hit)\b",
        r"\b(?:we|they|i)\s+know\s+where\s+(?:you|your|ur)\s+(?:\w+\s+)?(?:live|lives|is)\b",
        # A cry for help and nothing more, from a child's phone: "sent me the word help"
        r"\b(?:the\s+word|just\s+(?:says?|said|saying)|only\s+(?:says?|said)|saying)\s+help\b",
    ),
}

_DENIED_TIME = (
    r"(?:right\s+now|now|rn|atm|today|tonight|at\s+the\s+(?:moment|minute)|currently|for\s+now"
    r"|at\s+present|presently|so\s+far|as\s+of\s+(?:now|today)|for\s+the\s+time\s+being"
    r"|at\s+(?:this|that)\s+(?:point|stage|time)"
    r"|this\s+(?:moment|minute|morning|afternoon|evening|weekend|week)|as\s+(?:things|it)\s+stands?)"
)
"""A time a denial can be bound to: "nobody's in danger today", "not urgent tonight", "nobody's
in danger this week", "no concerns for the time being"."""
_DANGER_NOUN = r"(?:danger|risk|harm|threat|peril)"
_DEGREE = (
    r"(?:immediate|imminent|current|present|acute|serious|real|direct|actual|significant|urgent"
    r"|high|any)"
)
_SAFETY_WORRY = (
    r"(?:safety|safeguarding|welfare|cp|child\s+protection)\s+(?:issues?|concerns?|worries|problems?"
    r"|risks?|fears?|matters?)\b"
)
"""Safety named as what worries: "no safety issues", "not a safeguarding concern"."""
_IMMEDIACY = r"(?:immediate|imminent|current|present|acute|urgent|pressing)"
"""A worry's nearness in time: "no immediate concerns" denies a danger now, where "no concerns"
alone may be about anything."""
_SAFETY_WORRY_DENIED = "no_safety_worry"
_NO_ONE = (
    r"(?:nobody|nobodys|no\s+ones?|noone|noones|none\s+of\s+(?:them|the\s+\w+)"
    r"|neither\s+of\s+them)"
)
_THE_CHILD_IS = (
    r"(?<!not\s)(?<!if\s)(?<!whether\s)(?:hes|shes|theyre|everyones|everybodys|(?:he|she|they"
    r"|everyone|everybody|(?:the\s+|my\s+|our\s+|both\s+)?(?:\w+\s+)?(?:child|children|baby|babies"
    r"|kids?|boys?|girls?|lad|son|daughter|twins|siblings|teen|teenager|young\s+person|pupil|family))"
    r"\s+(?:is|are|seems?|appears?|looks?|feels?|says\s+(?:hes|shes|theyre)))"
)
DENIALS: dict[str, str] = {
    # "nobody's in danger today", "no one's in danger rn", "none of them at risk"
    # (with where they are: "nobody in that house is at risk")
    "no_one_in_danger": rf"\b{_NO_ONE}\s+(?:(?:in|at|from|of)\s+(?:the\s+|that\s+|this\s+|our\s+"
    r"|my\s+)?\w+\s+)?(?:is\s+|are\s+|seems?\s+|appears?\s+)?(?:to\s+be\s+)?"
    rf"(?:in|at|under)\s+(?:any\s+)?(?:{_DEGREE}\s+)?{_DANGER_NOUN}\b",
    # "she's not at risk today", "children are not at immediate risk", "isn't in any danger"
    "not_in_danger": rf"\b(?:not|isnt|arent|aint|never)\s+(?:currently\s+|now\s+|presently\s+)?"
    rf"(?:in|at|under)\s+(?:any\s+)?(?:{_DEGREE}\s+)?{_DANGER_NOUN}\b",
    # "no immediate danger", "no current risk", "no crisis now" (not "no risk assessment")
    "no_danger": rf"\bno\s+(?:{_DEGREE}\s+)?(?:{_DANGER_NOUN}|emergency|crisis|urgency)\b"
    r"(?!\s+(?:assessment|factors?|management|plan|register))",
    # safety denied in other words: "no safety issues right now", "no immediate concerns", "no
    # worries about her safety", "nothing unsafe", "not a safeguarding concern today"; of a
    # place or an earlier time as readily as of now
    _SAFETY_WORRY_DENIED: rf"\bno\s+(?:{_DEGREE}\s+)?{_SAFETY_WORRY}"
    rf"|\bno\s+{_IMMEDIACY}\s+(?:concerns?|worries|issues?|problems?|fears?)\b"
    r"|\bno\s+(?:concerns?|worries|fears?)\s+(?:for|about|over|re)\s+(?:(?:his|her|their|the|anyones?)"
    r"\s+(?:\w+\s+)?)?(?:immediate\s+)?safety\b"
    r"|\bnothing\s+(?:(?:that|so|too|very|really)\s+)?(?:unsafe|dangerous|risky)\b"
    rf"|\b(?:not|isnt|arent|never)\s+(?:currently\s+|now\s+)?(?:unsafe|an?\s+{_SAFETY_WORRY})"
    r"|\bsafety\s+(?:isnt|is\s+not|not)\s+(?:an?\s+|the\s+)?(?:issue|concern|worry|problem)\b",
    # "not urgent", "nothing acute", "not an emergency", "it's not life or death"
    "not_urgent": r"\b(?:not|isnt|nothing|aint)\s+(?:(?:that|so|too|very|really|super)\s+)?"
    r"(?:urgent|an\s+emergency|emergency|immediate|acute|in\s+crisis|a\s+crisis"
    r"|life\s+(?:or|and)\s+death|critical|pressing)\b"
    # "self harming a bit, nothing serious today" (set S): its seriousness denied, not a harm
    r"|\bnothing\s+(?:(?:that|so|too|very|really|super)\s+)?serious\b",
    # "we're not worried about today"
    "not_worried_now": rf"\b(?:not|arent|isnt|nobodys|nobody\s+is|no\s+ones?)\s+(?:\w+\s+)?"
    rf"(?:worried|concerned|scared)\s+(?:about|for)\s+(?:(?:her|his|their)\s+safety\s+)?{_DENIED_TIME}\b",
    # "Not today.", "..., not now, what do I do": a bare denial of now
    "not_now": rf"(?:^|[.,;:!?(]\s*|\b(?:but|and|just|so)\s+)not\s+{_DENIED_TIME}"
    r"(?=\s*(?:[.,;:!?(]|$|but\b|and\b|maybe\b))",
    # calm said of now, or the worry placed in the long term: "nothing kicking off right
    # now", "nothing going on at the moment", "all settled", "things are calm", "worried
    # about him long term" (set V: a young carer's future got the 999 block, "kicking off
    # right now" read as a harm now)
    # Never quiet, nor "nothing happening" without a time: at a door, silence and no answer
    # are the danger ("knocked, nothing happening, toddler crying inside"; "all quiet in there
    # now", set A's baby who stopped crying), and calm that has been is not calm now.
    # Nor calm followed by "but": what comes after it is the news ("things are calm right now
    # but he said he will come back tonight and kill her").
    "calm_now": r"(?:\bnothing\s+(?:(?:is|much|really|major|big)\s+)*(?:kicking\s+off|going\s+off"
    rf"|kicked\s+off|flaring\s+up|going\s+wrong|(?:happening|going\s+on)\s+{_DENIED_TIME})\b"
    r"|\b(?:all|everything|everythings|things\s+are|home\s+is)\s+(?:calm|settled|stable)\b"
    r"|\b(?:its|it\s+has|things\s+have)\s+calmed\s+down\b"
    r"|\b(?:worried|worry|worries|concerned|thinking)\s+(?:about\s+)?(?:\w+\s+){0,3}?"
    r"(?:in\s+the\s+)?long(?:er)?\s+term\b|\bin\s+the\s+long(?:er)?\s+(?:run|term)\b)"
    rf"(?!(?:\s+{_DENIED_TIME})?[\s,;.-]*but\b)",
    # "she's safe now", "she is in a stable place right now", "he's ok today", "says shes
    # safe rn" (never "she's not safe", "if she is safe")
    "safe_now": rf"\b{_THE_CHILD_IS}\s+(?:(?:now|currently|still|totally|completely|fully|quite"
    r"|pretty|relatively|fairly|really|all)\s+)?"
    rf"(?:(?:safe|stable|settled)\b(?:\s+{_DENIED_TIME})?|(?:fine|ok|okay|alright|calm|good|well)"
    rf"\s+{_DENIED_TIME}|in\s+a\s+(?:safe|stable|settled|good|calm|better)\s+"
    rf"(?:place|placement|position|space)(?:\s+{_DENIED_TIME})?)\b",
}
"""A denial of danger now, by the way it is said: a negation ("not", "no", "nobody", "nothing")
whose scope is danger, risk, urgency or an emergency, or the child said to be safe, with the
time it is bound to ("today", "rn") or none. Issue 20: plain denials of present danger got the
999 block. Over the released sets A-P no description of a danger says any of them; requests
for the contacts do ("not an emergency but can't wait, who do I phone") and keep the
contacts."""
_BOUND_TIME = (
    r"(?:\s+(?:(?!but\b|and\b|though\b|although\b|except\b|until\b)\w+\s+){0,3}?"
    rf"{_DENIED_TIME}\b)?"
)
"""The time a denial is bound to, a few words on ("not in danger at the visit today")."""
_DENIAL = re.compile("|".join(f"(?:{pattern}){_BOUND_TIME}" for pattern in DENIALS.values()))


def denials_in(normalised: str) -> tuple[str, ...]:
    """The names of the denials of danger now in a normalised text."""
    return tuple(
        name for name, pattern in DENIALS.items() if re.search(pattern, normalised) is not None
    )


def denies_only_a_safety_worry(text: str) -> bool:
    """Its only denial is of a safety worry ("no safeguarding concerns", "nothing unsafe"),
    which may be of a place or an earlier time, not of what is told now beside it."""
    normalised = normalise(text)
    return denials_in(normalised) == (_SAFETY_WORRY_DENIED,) and not _SAID_NOT_URGENT.search(
        normalised
    )


def without_denials(normalised: str) -> str:
    """The normalised text with each denial of danger now (and the time it is bound to)
    replaced by a comma, and each way of saying it is not urgent (_SAID_NOT_URGENT: "not
    happening now", "not violent now"): its words ("danger", "at risk today") tell no danger,
    and its time no moment a danger is happening or a call is to be made."""
    return _SAID_NOT_URGENT.sub(" , ", _DENIAL.sub(" , ", normalised))


# A general or hypothetical learning question: no particular child, nothing happening now.
_GENERAL_QUESTION = re.compile(
    r"^\s*(?:how\s+(?:do|does|should|can|could|would|might|to|are|is)"
    r"|what\s+(?:do|does|did|should|can|is|are|was|were|happens|happened|about|training|support|guidance|resources)"
    r"|whats|when\s+(?:should|do|does|is|are|must)|where\s+(?:can|do|should|is)|who\s+(?:should|do|can)"
    r"|is\s+(?:there|it)|are\s+there|tell\s+me|explain|can\s+you|could\s+you|any\s+(?:advice|guidance|tips)"
    r"|advice\s+on|guidance\s+on|id\s+like\s+to|i\s+would\s+like\s+to|in\s+general)\b"
    r"|\b(?:the\s+audits?|the\s+review|the\s+research|the\s+procedures|the\s+learning|in\s+(?:\w+s\s+)?case)\b"
)
# A particular child, or something happening now, overrides the learning-question reading.
_SPECIFIC = re.compile(
    r"\b(?:he|she|hes|shes|him|his|her|hers|himself|herself)\b"
    r"|\b(?:my|our|this|these)\s+(?:\w+\s+)?(?:child|children|kid|kids|son|daughter|pupil|pupils|student|students|patient|client|baby|boy|girl|young\s+person|teenager|yp|family|class|caseload)\b"
)
_PRESENT = re.compile(
    r"\b(?:right\s+now|tonight|at\s+the\s+moment|as\s+we\s+speak|just\s+(?:told|said|disclosed|rang|called|found)|with\s+me|in\s+front\s+of\s+me)\b"
    # someone placed where they are now ("she's there now", "he is with her now")
    r"|\b(?:hes|shes|theyre|(?:he|she|they)\s+(?:is|are))\s+(?:still\s+)?(?:there|here|inside"
    r"|with\s+(?:him|her|them|the\s+\w+)|at\s+(?:his|her|their|the)\s+\w+)\s+(?:right\s+)?now\b"
    # ... or with no one named again: "has a knife and is outside the house now"
    r"|\b(?:and|who|which)\s+(?:is|are)\s+(?:still\s+)?(?:there|here|inside|outside"
    r"(?:\s+(?:the|his|her|their|my|our)\s+\w+)?)\s+(?:right\s+)?now\b"
    rf"|{_JUST_HARMED_STILL_THERE}|{_HARM_NOW}"
)
"""Said outright to be happening now: no historical word ("history of attempts", "2 yrs ago")
takes it back; harm happening now beside past harm outweighs the history."""
# Things said of a specific named child in the past are not a present risk on their own.
_HISTORICAL = re.compile(
    rf"\b(?:in\s+(?:19|20)\d{{2}}|{_SPANS}\s+ago|used\s+to|history\s+of|historic(?:al)?"
    rf"|before\s+the\s+baby\s+was\s+born|last\s+(?:{_A_PAST_PERIOD}|summer|term)|in\s+the\s+past"
    # harm told as background: "tried to hurt himself a while back", "a child who was hurt
    # before, can I call the meeting"
    rf"|a\s+while\s+(?:back|ago)|(?:days|{_SPANS})\s+back|back\s+in\s+(?:19|20)\d{{2}}"
    r"|(?:was|were|had|has\s+been|have\s+been|got)\s+(?:\w+\s+){0,2}?before"
    r"(?=\s*(?:[,.;:?!]|$))"
    # an audit's case, told or asked about: "case 3 - police and csc when she went missing?"
    r"|case\s+[1-9]|(?:the|an?|that|this|which)\s+audit(?:s|ed)?|audit\s+case)\b"
)

# Misspellings practitioners type in a hurry, mapped to the spelling the patterns use.
_TYPOS: dict[str, str] = {
    "tonite": "tonight",
    "2night": "tonight",
    "tonigt": "tonight",
    "tonght": "tonight",
    "rite": "right",
    "nw": "now",
    "scard": "scared",
    "scaerd": "scared",
    "scarred": "scared",
    "sacred": "scared",
    "afriad": "afraid",
    "afarid": "afraid",
    "afraide": "afraid",
    "frightend": "frightened",
    "frigtened": "frightened",
    "hme": "home",
    "hom": "home",
    "kil": "kill",
    "killl": "kill",
    "gona": "gonna",
    "goin": "going",
    "wanna": "want to",
    "u": "you",
    "misssing": "missing",
    "mising": "missing",
    "missin": "missing",
    "overdoes": "overdose",
    "overdoese": "overdose",
    "od": "overdose",
    "sucidal": "suicidal",
    "suicidel": "suicidal",
    "suisidal": "suicidal",
    "sucide": "suicide",
    "suicde": "suicide",
    "dangr": "danger",
    "theatened": "threatened",
    "threatend": "threatened",
    "thretened": "threatened",
    "hisself": "himself",
    "herslef": "herself",
    "himslef": "himself",
    "knive": "knife",
    "nife": "knife",
    "alon": "alone",
    "wekend": "weekend",
    "weeknd": "weekend",
    "drunck": "drunk",
    "bein": "being",
    "yp": "young person",
    "wat": "what",
    "wot": "what",
    "shud": "should",
    "urgnt": "urgent",
    "refferal": "referral",
    "reffered": "referred",
    "num": "number",
    "numbr": "number",
    "nmbr": "number",
    "nuber": "number",
    "numer": "number",
    "nunber": "number",
    "ooh": "out of hours",
}
# Words long enough that a one-letter slip is still unambiguous, corrected by edit distance.
_FUZZY_VOCABULARY: tuple[str, ...] = (
    "urgent",
    "referral",
    "social",
    "scared",
    "afraid",
    "frightened",
    "terrified",
    "petrified",
    "tonight",
    "immediate",
    "overdose",
    "overdosed",
    "overdoses",
    "suicide",
    "suicidal",
    "himself",
    "herself",
    "themselves",
    "threatened",
    "threatening",
    "strangled",
    "stabbed",
    "machete",
    "unconscious",
    "breathing",
    "unresponsive",
    "bleeding",
    "attacked",
    "assaulted",
    "sexually",
    "abusing",
    "groomed",
    "intoxicated",
    "unsupervised",
)
_FUZZY_MIN_LENGTH = 6
_FUZZY_BY_LENGTH: dict[int, tuple[str, ...]] = {
    length: tuple(known for known in _FUZZY_VOCABULARY if abs(len(known) - length) <= 1)
    for length in range(_FUZZY_MIN_LENGTH, max(map(len, _FUZZY_VOCABULARY)) + 2)
}
"""The fuzzy vocabulary's words a word of each length can be one edit from, in the
vocabulary's order: every message's words are corrected uncached (a cache would keep the words
people type), so an unknown word is compared with about a third of the vocabulary, not all."""


_DESCRIBED_BY_WHAT_WAS_SEEN = re.compile(
    r"\b(?:who|that)\s+(?:has\s+|have\s+|had\s+)?(?:saw|seen|witnessed|watched)\s+"
    r"(?:\w+\s+){1,4}?(?:being|getting|get)\s+(?:hit|beaten|battered|hurt|attacked|assaulted"
    r"|punched|kicked|abused)\b"
)
"""A child described by harm they once saw (a child who saw a parent being attacked): the
subject of a practice question, as a child "with suicidal thoughts" is, unless something is
told now (_PRESENT, _GOING_ON_NOW, _DANGER_NOW_SIGN)."""


_GOING_ON_NOW = re.compile(
    r"\b(?:is|are|hes|shes|theyre|im|its)\s+(?:being\s+|still\s+)?\w+ing\b|\b(?:has|have)\s+just\b"
)
"""Something going on or just done, told beside a child's description ("the man is waiting",
"he's being chased", "has just rung")."""


def without_what_was_seen(normalised: str) -> str:
    """The normalised text without a child's description by harm they saw, unless it or the
    rest of the message tells something now."""
    if _PRESENT.search(normalised) or re.search(rf"\b{_NOW}\b", normalised):
        return normalised
    rest = _DESCRIBED_BY_WHAT_WAS_SEEN.sub(" , ", normalised)
    # the rest tells a scene now ("says the man is waiting outside for her"): danger to read
    return normalised if _GOING_ON_NOW.search(rest) or _DANGER_NOW_SIGN.search(rest) else rest


def assess_immediate_risk(text: str) -> RiskAssessment:
    """Whether urgent advice should come first, with the names of the risk groups matched."""
    # a denial's own words tell no danger: "not at risk today", "nobody's in danger rn"
    normalised = without_what_was_seen(without_denials(normalise(text)))
    matched = tuple(
        group
        for group, patterns in RISK_PATTERNS.items()
        if any(re.search(pattern, normalised) for pattern in patterns)
    )
    if not matched or _is_learning_question(normalised):
        return RiskAssessment(at_risk=False, matched=())
    if set(matched) <= _HABIT_GROUPS and tells_a_habit(text):
        return RiskAssessment(at_risk=False, matched=())
    if (
        set(matched) <= {"nowhere_safe_to_stay"}
        and _STAYING_SOMEWHERE.search(normalised)
        and not _HARM_WHERE_STAYING.search(normalised)
    ):
        return RiskAssessment(at_risk=False, matched=())
    if set(matched) <= _UNATTENDED_GROUPS and _only_the_one_held_by_police(normalised):
        return RiskAssessment(at_risk=False, matched=())
    if set(matched) <= _SUSPECTED_GROUPS and _only_suspected(normalised):
        return RiskAssessment(at_risk=False, matched=())
    return RiskAssessment(at_risk=True, matched=matched)


_SUSPECTED_GROUPS = frozenset({"being_hurt", "sexual_abuse"})
_STAYING_SOMEWHERE = re.compile(
    r"\b(?:sofa|couch)\s*surf\w*|\b(?:sleeping|staying|kipping|dossing|living|crashing)\s+"
    r"(?:on|at|with|in)\s+(?:a\s+|his\s+|her\s+|their\s+)?(?:\w+\s+)?(?:friends?|mates?|pals?"
    r"|aunts?|aunties|uncles?|nans?|grans?|grandparents?|cousins?|sofa|couch|boyfriends?"
    r"|girlfriends?|neighbours?)\b|\bsafe\s+for\s+(?:now|tonight|the\s+moment)\b"
)
"""Somewhere a young person put out of home is staying ("sofa surfing", "on a friend's
couch", "with an uncle", "safe for now"): whose duty it is to house them is asked, not
where a child will sleep tonight."""
_HARM_WHERE_STAYING = re.compile(
    r"\b(?:men|man|males?|adults?|older|(?:1[89]|[2-9]\d)\s*(?:yo|year|years|yrs?)?|drugs?|deals?"
    r"|dealing|dealers?|guns?|knife|knives|weapons?|trap|sex|sleep\s+with|hurt\w*|hit\w*"
    r"|beat\w*|abus\w*|exploit\w*|groom\w*|traffick\w*|scared|unsafe|touch\w*"
    r"|coming\s+into|kill|suicid\w*|nowhere)\b"
)
"""Harm where the young person stays ("staying with a man twice her age", "a house where
they are given drugs", "a mate's with guns"): the staying is then the danger."""
_UNATTENDED_GROUPS = frozenset({"left_alone", "missing_now"})
_WITH_THE_POLICE = re.compile(
    r"\b(?:in\s+(?:police\s+)?(?:custody|a\s+cell|the\s+cells?|cells)|police\s+(?:station|cells?)"
    r"|police\s+(?:officers?\s+)?(?:are\s+|is\s+|have\s+|has\s+)?(?:been\s+)?(?:with|keep\w*|kept"
    r"|holding|held|got)\s+(?:him|her|them|the\s+\w+)|(?:was|been|got|is|being)\s+arrested)\b"
)
"""A child the police hold or are with ("held in custody overnight", "officers are with her") is
neither alone nor missing: what is asked is what happens in custody or what to do next (a
topic or a decline), not a child to find or to go to now."""
_ANOTHER_CHILD = re.compile(
    r"\b(?:home\s+alone|sisters?|brothers?|siblings?|bab(?:y|ies)|newborn|infant|kids|children"
    r"|twins|toddler|little\s+ones?|son|daughter|younger|older|mum|mums|mother|dad|dads|father"
    r"|parents?|step\w*|carers?|partner|boyfriend|uncle|aunt\w*|nan|gran\w*)\b"
)
"""Someone told of besides the child the police hold: a brother or sister, or a parent the
police may be holding instead ("mum was arrested and the kids are on their own", "his little
sister left in the car"): a child may then be alone or missing."""
_AN_AGE = re.compile(r"\b\d+\s*(?:yo|y\s*o|years?\s+old|yrs?\s+old|months?\s+old)\b")
"""Two ages tell two children ("the 15yo is held, his 3 year old is alone")."""
_GONE_AGAIN = re.compile(
    r"\b(?:ran|run|runs|running|gone|went|taken)\s+(?:off|away)\b|\bmissing\b|\bagain\b"
    r"|\btonight\b|\bcant\s+be\s+found\b|\bnot\s+been\s+seen\b"
)
"""A child gone after the police were with them ("the police had her but she's run off
again"): missing now."""


def _only_the_one_held_by_police(normalised: str) -> bool:
    """The police hold or are with the child, no other child is told of, and nothing after
    says the child has gone again: what happens in custody is asked, not a child to find."""
    held = _WITH_THE_POLICE.search(normalised)
    return (
        held is not None
        and not _ANOTHER_CHILD.search(normalised)
        and len(_AN_AGE.findall(normalised)) < 2
        and not _GONE_AGAIN.search(normalised[held.end() :])
    )


_HABIT_GROUPS = frozenset(
    {"threat_to_harm", "suicide_or_self_harm", "being_hurt", "taking_the_child"}
)
"""The risks a habit can be told of ("when angry"): not a weapon, a fire or a child missing."""
_SUSPECTED = re.compile(
    r"\b(?:might|may|could|possibly|suspect|think|wonder|feel\s+like|not\s+sure|reckon|maybe"
    r"|perhaps)\b.{0,30}"
    r"\bbeing\s+(?:hurt|abused|hit|harmed|sexually\s+(?:abused|exploited)|groomed|exploited)\b"
)


def _only_suspected(normalised: str) -> bool:
    """Harm suspected, and nothing said to be happening now: "I think he's being hurt but his
    mum's so stretched", "not the fact she might be being abused" ask how to act on a worry
    (the contacts and the learning), not for the urgent block."""
    return _SUSPECTED.search(normalised) is not None and not _HAPPENING_NOW.search(normalised)


# A practice question asked alongside a risk ("15yo self harming ... who else should I be
# involving?"): answered, after one line of urgent advice, never with the urgent block alone.
# "What do I do" is not one of them: it asks what to do now.
_PRACTICE_QUESTION = re.compile(
    r"\bwho\s+else\b"
    r"|\bwho\s+(?:should|do|can|must|would)\s+(?:i|we)\s+(?:be\s+)?(?:involv|inform|invit|includ|shar|liais|work)\w*"
    r"|\b(?:should|do|can|could|must)\s+(?:i|we)\s+(?:be\s+)?(?:involv|inform|invit|includ|shar|record|consider|look|escalat|request|liais|copy|send|refer\s+(?:to|on)|offer|assess)\w*"
    r"|\bwhat\s+(?:did|does|do)\s+the\s+(?:\w+\s+){0,2}?(?:audits?|review|learning|research)\b"
    r"|\b(?:any|what\s+is\s+the|whats\s+the)\s+learning\b"
    r"|\bwhat\s+(?:support|services|help)\s+(?:is|are)\s+(?:there|available)\b"
    r"|\bhow\s+(?:do|should|can|could)\s+(?:i|we)\s+(?:best\s+)?(?:help|respond|support|work|engage|involve|record|share|plan|communicate|manage|approach|talk|capture|follow)\b"
    r"|\bis\s+(?:that|this|it)\s+a\s+gap\b"
    r"|\bwhat\s+(?:do|can|should)\s+(?:i|we)\s+do\s+about\s+(?:the|his|her|their)\b"
    r"|\bwhat\s+(?:can|could|does|do|would)\s+(?:\w+\s+){0,2}offer\b"
    r"|\bany\s+(?:services?|support|help|therapy|therapies|programmes?|groups?)\s+(?:in|for|that)\b"
    # a duty asked about, not help: "do I have to tell police?", "must we report it"
    r"|\b(?:(?:do|should)\s+(?:i|we)\s+(?:legally\s+)?(?:have|need)\s+to|must\s+(?:i|we))\s+"
    r"(?:tell|inform|report|share|notify|refer)\b"
)


# Any question, when nothing in the message says the danger is happening now.
_QUESTION = re.compile(
    r"\?|\b(?:should|what|how|who(?=\s+(?:do|does|should|can|could|would|is|are|will|else|to)\b)|is\s+there|are\s+there|any|can|could|would|does|do\s+we"
    r"|do\s+i\s+need|ideas|advice|whats"
    r"|(?:am|are)\s+(?:i|we)\s+(?:allowed|meant|supposed|able|expected|obliged)\s+to"
    r"|is\s+it\s+(?:ok|okay|alright|all\s+right|legal|appropriate)\s+(?:to|for|if))\b"
)
_ASKED_WITHOUT_A_MARK = re.compile(r"\b(?:is\s+(?:it|he|she|this|that)|do\s+i|am\s+i|whos)\b")
"""A question asked without a question mark: "is it housing or childrens services", "do i let
them take the child", "am i losing focus", "whos responsible"."""
_JUST_DONE = (
    r"(?<!is\s)(?<!its\s)(?<!shes\s)(?<!hes\s)(?<!theyre\s)(?<!are\s)(?<!was\s)(?<!were\s)"
    r"(?<!im\s)(?<!thats\s)(?<!be\s)(?<!been\s)just"
    rf"(?=\s+(?:now|then|(?!started\s+{_A_NEW_STAGE}\b)\w+ed|told|said|says|rang|seen|saw|found"
    r"|heard|took|taken|left|run|ran"
    r"|gone|went|got|came|come|hit|cut|shot|sent|made|done|woke|broke|threw|thrown|fell"
    rf"|fallen|drank|drunk|ate|swallowed|bit|stole|drove|driven|showed|shown|put|happened|turned"
    r"|walked|arrived|disclosed|admitted|been|had|rung|texted|messaged|posted|on|in|at|outside"
    r"|here|back)\b)"
)
""""Just" placing what was done or where one is now ("just told me", "dad just walked out",
"just on a visit"), not "merely"
("it's just his ADHD", "is it just gossip", "do i just log it", "she's just overwhelmed"):
issue 20, set R's practice questions read as told now for a "just" of that kind."""
_SAID_NOW = (
    rf"right\s+now|rn|tonight|{_JUST_DONE}|at\s+the\s+moment|currently|as\s+we\s+speak"
    r"|happening|mins?|minutes|this\s+(?:morning|afternoon|evening)|today|what\s+do\s+i\s+do"
    # help asked for, not help a child can get: "where can the kids get help", "who should help
    # him", nor help for something someone has ("he wants help for his anger")
    r"|what\s+should\s+i\s+do\s+now|(?<!get\s)(?<!can\s)(?<!should\s)(?<!could\s)(?<!would\s)"
    r"(?<!to\s)(?<!will\s)(?<!any\s)(?<!some\s)(?<!there\s)(?<!what\s)(?<!more\s)(?<!extra\s)"
    r"help(?!\s+(?:for|with)\s+(?:his|her|their|the|this|that|my|our)\b)|pls|please|urgent|emergency"
    r"|quick|asap|999|police|ambulance"
)
"""Said to be happening now, or help pleaded for, in words other than a bare "now"."""
_HAPPENING_NOW = re.compile(
    rf"\b(?:{_SAID_NOW}|(?<!not\s)(?<!gone\s)(?<!left\s)(?<!safe\s)(?<!over\s)(?<!only\s)now"
    # what is now so is over: "mum now safe in refuge", "dad now gone"
    r"(?!\s+(?:safe|settled|gone|over|left|moved|living|lives|staying|in\s+(?:a\s+)?refuge"
    rf"|{_DOING_WELL}|back\s+(?:at|in)\s+{_A_NEW_STAGE}|at\s+{_A_NEW_STAGE})))\b"
)
_HAPPENING_NOW_IN_A_QUESTION = re.compile(
    rf"\b(?:{_SAID_NOW})\b|\b\w+ing(?:\s+\w+){{0,3}}\s+now\b|\bnow\s+\w+ing\b"
    r"|\b(?:here|outside|at\s+the\s+door)\b(?:\s+\w+){0,4}\s+now\b"
)
"""In a question a bare "now" sets a state against the past ("she's 16 now and stable", "now
back", "no marks now", "now he is angry at school"), or asks what comes next ("what now?"):
not a danger happening now on its own, unless it goes with what someone is doing or where
they are ("dad is hitting her now am i allowed to go in", "now trying to discharge", "here to
collect her now"). Issue 20: read over the practice questions of A-K
given the urgent block alone, leaving each set out of the urgent model, a third asked their
question and were read as danger now for a bare "now" alone."""


_OVER = re.compile(
    rf"\b(?:{_SPANS}\s+ago|in\s+(?:19|20)\d{{2}}"
    rf"|a\s+while\s+(?:back|ago)|(?:days|{_SPANS})\s+back"
    rf"|last\s+(?:{_A_PAST_PERIOD}|summer|winter|spring|autumn|term"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:in|over|during)\s+the\s+(?:spring|summer|autumn|winter|holidays))\b"
    # or still to come, planned for later: "on holiday abroad this summer", "planning her
    # wedding" (a risk to plan for, not a child in danger now)
    r"|\b(?:this|next)\s+(?:spring|summer|autumn|winter|holidays?|half\s+term|year|term|month)\b"
    r"|\bplanning\s+(?:her|his|their|a|the)\s+(?:wedding|marriage|trip|holiday)\b"
    r"|\b(?:safe|settled|stable|recovered|in\s+prison|in\s+custody)\s+now\b"
    r"|\bnow\s+(?:safe|settled|stable|recovered|in\s+prison|in\s+custody)\b"
    rf"|\bnow\s+{_DOING_WELL}\b|\b{_DOING_WELL}\s+now\b"
    r"|\bnot\s+urgent\b"
)
_SAID_NOT_URGENT = re.compile(
    r"\b(?:not|isnt|nothing)\s+(?:urgent|an\s+emergency|in\s+crisis|immediate)\b"
    r"|\b(?:not|isnt|arent)\s+(?:happening\s+(?:right\s+)?(?:now|today|tonight)"
    r"|in\s+(?:any\s+)?(?:immediate\s+)?danger"
    r"|acute)\b|\b(?:hes|shes|theyre)\s+safe\s+(?:now|rn|right\s+now|and|at\s+the\s+moment)\b"
    # the child said to be well now: "baby is fine now", "she's settled at the moment"
    r"|\b(?:hes|shes|theyre|(?:baby|child|kids?|children)\s+(?:is|are))\s+(?:safe|fine|ok|okay"
    r"|settled|stable|well)\s+(?:now|rn|right\s+now|at\s+the\s+moment|currently|for\s+now)\b"
    r"|\bnothing\s+(?:is\s+)?happening\s+(?:tonight|today|now|right\s+now|at\s+the\s+moment)\b"
    # the risk said not to be there now: "not violent now she says", "not missing right now",
    # "wants to die sometimes, not today", "nothing dramatic"
    # "not obviously violent right now" (set S: a session plan on past incidents)
    # (the adverb named: "not only tonight but every weekend" says it goes on)
    r"|\bnot\s+(?:(?:obviously|usually|really|currently|actually|particularly|visibly)\s+)?"
    r"(?:(?:violent|aggressive|abusive|missing|drinking|drunk|using|high)\s+)?"
    r"(?:right\s+)?(?:now|today|tonight)\b"
    r"|\bnothing\s+(?:dramatic|acute|immediate|urgent)\b"
    # danger or fear said to be absent: "no danger now", "she isnt scared to go home"
    r"|\bno\s+(?:immediate\s+|current\s+)?danger\s+(?:now|right\s+now|today|tonight|at\s+the\s+moment)\b"
    r"|\b(?:isnt|not|arent|wasnt|never)\s+(?:scared|afraid|frightened|worried|too\s+scared)\s+(?:to|of)\s+"
    r"(?:go|going|be|being|return|returning)\s+(?:back\s+)?home\b"
)
"""The person says outright that it is not urgent ("not in crisis, I just want to know how to
respond"): what the message also asks is answered, after the one line of urgent advice."""


_HABITUAL = re.compile(
    r"\b(?:when\s+(?:(?:hes|shes|theyre|he|she|they|mum|dad|mums|dads)"
    r"\s+(?:is\s+|are\s+|gets\s+|get\s+)?)?(?:angry|cross|upset|stressed|drunk|frustrated|annoyed"
    r"|low|in\s+a\s+mood|kicks\s+off|argues|arguing|rows|drinks|drinking))\b"
)
"""A harm told as what happens when someone is in a state ("threatens to hurt herself when
angry", "hits him when stressed"): a pattern to answer, not a danger now. Not "every time"
or "whenever", which tell a child's fear as often as a habit ("flinches every time he comes
near", an emergency of set D)."""


def tells_a_habit(text: str) -> bool:
    """Whether a harm is told as happening when someone is in a state (_HABITUAL), with no word
    placing anything now and no scene told: set N's "mum threatens to hurt herself when angry"
    got the block."""
    normalised = without_denials(normalise(text))
    return (
        _HABITUAL.search(normalised) is not None
        and _HAPPENING_NOW.search(normalised) is None
        and _PRESENT.search(normalised) is None
        and not re.search(rf"\b{_RECENTLY}\b", normalised)
        and not tells_a_scene_now(text)
    )


_HARM_BEFORE = re.compile(
    rf"\b(?:used\s+to|previously|in\s+the\s+past|{_SPANS}\s+ago|before\W*(?:but|and)?\W*now"
    r"|(?:was|were)\s+\w+ing\b.{0,40}\bbefore)\b"
)
"""Harm placed before now: "used to get hit", "was hitting the kids before, now..."."""
_HARM_STOPPED = re.compile(
    r"\b(?:it|that|this|hes|shes|theyve|theyre|he|she|they|(?:he|she|they)\s+(?:has|have|had))\s+"
    r"(?:has\s+|have\s+|had\s+)?stopped\b(?!\s+(?:\w+ing|her|him|them|me|us|the|his|their)\b)"
    r"|\bnow\s+(?:its|it\s+is|things\s+are|everythings?(?:\s+is)?|all(?:\s+is)?)\s+"
    r"(?:quiet|calm|fine|ok|okay|better|settled)\b"
)
"""Said to have stopped ("it stopped", "now says he's stopped", "now its quiet"), not a child who
stopped breathing or someone stopped from leaving."""


def says_not_urgent(text: str) -> bool:
    """Said outright not to be urgent (a denial of danger now, DENIALS), or harm told as before
    now and said to have stopped ("dad was hitting the kids before, now says he's stopped"): a
    worry to answer. Both are needed: an emergency can say "now its quiet" (a baby who stopped
    crying), never "used to". A denial does not take back a danger told now beside it ("not
    urgent, but he's hitting her right now")."""
    normalised = normalise(text)
    if _SAID_NOT_URGENT.search(normalised) or _DENIAL.search(normalised):
        return not danger_told_now_besides_denial(normalised)
    return bool(_HARM_BEFORE.search(normalised) and _HARM_STOPPED.search(normalised))


_WELL_NOW = re.compile(
    r"\b(?<!not\s)(?<!if\s)(?<!whether\s)(?<!say\s)(?<!says\s)(?<!said\s)(?<!claims\s)"
    r"(?:hes|shes|theyre|(?:he|she|they|(?:the\s+|our\s+|my\s+)?"
    r"(?:child|baby|kids?|children|boy|girl|young\s+person|yp|pupil))\s+(?:is|are|seems?|looks?"
    r"|appears?|says\s+(?:hes|shes|theyre)))\s+(?:(?:much|a\s+lot|a\s+bit|loads|so|all|now)\s+)?"
    r"(?:fine|ok|okay|alright|better|settled|calmer|happier|safe|well)\b"
    r"(?!\s+(?:to|if|with\s+(?:him|her|them|it)|going)\b)(?:\s+(?:now|today|again|these\s+days))?"
    r"|\b(?:its|it\s+is|it\s+has|thats|things\s+(?:are|have)|everythings?)\s+(?:now\s+)?"
    r"(?:settled|calmed\s+down|stopped|over|sorted)\b"
    # doing well since: "now doing well", "she's doing much better now"
    rf"|\b(?<!not\s)(?:now|(?:hes|shes|theyre|(?:he|she|they)\s+(?:is|are))(?:\s+now)?)\s+{_DOING_WELL}\b"
    r"(?:\s+now)?"
)
"""The child said to be well, or what happened said to be settled: "she's fine", "she seems
better", "shes fine today", "it's settled" (never "not fine", "if she's ok")."""
_HARM_OVER = re.compile(
    r"\bused\s+to\s+(?:get\s+|be\s+)?(?:hit|slap|smack|hurt|beat|kick|punch|push|shout|scream"
    r"|drink|use|self\s*harm|cut|abus|threat|lock|starv|burn|bull)\w*"
    r"|\b(?:hes|shes|theyre|(?:he|she|they|dad|father|mum|mother|partner|boyfriend|stepdad"
    r"|stepfather)\s+(?:has|have|is|are))\s+(?:gone|left|moved\s+out)\s+(?:now|for\s+good)\b"
    r"|\b(?:live|lives|living|stay|stays|staying|moved\s+in)\s+with\s+(?:\w+\s+){0,2}?now\b"
    r"|\bno\s+longer\s+(?:lives?|living|in\s+contact|around|there|at\s+home)\b"
    r"|\bafter\s+(?:he|she|they|dad|mum|the\s+\w+)\s+(?:hit|hurt|attacked|assaulted|beat|pushed"
    r"|slapped|punched|kicked)\b"
)
"""Harm told as over: "used to slap her", "he's gone now", "the children live with mother now",
"help for his anger after he hit the mother" (past violence, the family apart)."""
_HURTS_OTHER_CHILDREN = re.compile(
    r"\b(?:hit|hits|hitting|kick(?:s|ed|ing)?|bit|bites|biting|punch(?:es|ed|ing)?"
    r"|push(?:es|ed|ing)?|hurt(?:s|ing)?|attack(?:s|ed|ing)?|bully(?:ing)?|bullies|lash\w*\s+out\s+at)"
    r"\s+(?:the\s+)?other\s+(?:children|kids|pupils|students|boys|girls|young\s+people|toddlers)\b"
)
"""A child who hurts other children: behaviour to understand, not a child in danger now."""
_SCENE_TOLD = re.compile(
    r"\b(?:(?:can|could)\s+(?:hear|see|smell)|hear|hears|heard|hearing|inside|outside|here"
    r"|crying|screaming|sobbing|shaking|terrified|panicking|drowsy|sleepy|limp|unconscious"
    r"|on\s+the\s+(?:phone|line)|hung\s+up|(?:dont|doesnt|do\s+not)\s+know\s+where|no\s+idea\s+where"
    r"|(?:wont|will\s+not)\s+say)\b"
)
"""A scene being told (heard, seen, a child in distress, someone on the line, nobody knows
where): what a message saying the danger has passed does not tell."""


def says_danger_has_passed(text: str) -> bool:
    """Nothing the rules read as danger, and the message says the danger is not there now: the
    child well or it settled (_WELL_NOW), a denial of danger now (DENIALS), harm told as over
    (_HARM_OVER) or a child hurting other children (_HURTS_OTHER_CHILDREN), with no word left
    placing a danger now once those are taken out. Issue 20: set R's "used to slap her but hes
    gone now, shes fine", "the children live with mother now" and "a FAST letter ... she seems
    better" got the urgent block, the urgent model alone reading danger in what is over."""
    normalised = normalise(text)
    if assess_immediate_risk(text).at_risk or asks_for_contacts(text):
        return False
    if _SCENE_TOLD.search(normalised):
        return False
    told = (_WELL_NOW, _HARM_OVER, _HURTS_OTHER_CHILDREN)
    if not any(pattern.search(normalised) for pattern in told):
        return False
    remainder = without_denials(normalised)
    for pattern in told:
        remainder = pattern.sub(" , ", remainder)
    return not (_DANGER_NOW_SIGN.search(remainder) or _PRESENT.search(remainder))


WHAT_IF_OPENING = re.compile(r"^\W*(?:(?:and|but|so|ok|okay)\W+)*(?:what\W+)?if\b", re.IGNORECASE)
"""A message opening with "and if", "but if", "what if": the one reading of it, here for the
safeguards (normalised text) and bot/dialogue/moves.py (as typed)."""
MAX_WHAT_IF_WORDS = 8
"""A what-if follow-up is short: "and if he still says no?", "what if she refuses"."""


def asks_a_what_if(text: str) -> bool:
    """A short "and if ...?" or "what if ...?": a case of the last answer, in a few words
    of its own ("and if he still says no?" after refusing to share information)."""
    normalised = normalise(text)
    return (
        WHAT_IF_OPENING.search(normalised) is not None
        and len(normalised.split()) <= MAX_WHAT_IF_WORDS
    )


_WHY_OPENING = re.compile(r"^\W*(?:(?:and|but|so|ok|okay)\W+)*(?:why|how\s+come)\b")
"""A message opening with "why" or "how come": the reason for what the last answer said."""


def asks_a_short_follow_up(text: str) -> bool:
    """A short what-if or why question (MAX_WHAT_IF_WORDS words at most): a case of the last
    answer, or the reason for it, in a few words of its own ("and if he still says no?", "why
    would she say no tho" after an answer on a parent refusing to share information, which set
    S gave one urgent line and a decline). Over the released sets A-S no emergency or request
    for the contacts opens so and is this short."""
    normalised = normalise(text)
    return asks_a_what_if(text) or (
        _WHY_OPENING.search(normalised) is not None and len(normalised.split()) <= MAX_WHAT_IF_WORDS
    )


_THE_ANSWER = re.compile(
    r"\b(?:key\s+messages?|learning(?:\s+points?)?|main\s+points?|takeaways?|take\s+aways?"
    r"|summary|summari[sz]e|sum\s+(?:it\s+|them\s+)?up|recap|in\s+short|in\s+brief|briefly"
    r"|bullet\s+points?|tl\s*dr|the\s+(?:answer|steps|points))\b"
)
"""The assistant's own answer or learning asked for again or in short: "the key messages in
brief", "sum it up", "recap the learning"."""
_ABOUT_THE_ANSWER_WORDS = frozenset(
    """what were was are is the a an of it them that those these this again in short brief
    briefly key message messages learning point points main takeaway takeaways take away
    aways summary summarise summarize sum up recap bullet tl dr answer steps please pls can
    could you give me us tell remind list just quick quickly so ok okay and then one more
    time once""".split()
)
"""Every word a message may hold to ask only for the answer again or in short."""


def asks_only_about_the_answer(text: str) -> bool:
    """The assistant's answer or learning asked for again or in short (_THE_ANSWER), and
    nothing else told: no person, no harm, no time. The model over examples reads "again" and
    short words near danger: in a set AC case walk-through, the learning asked for once more
    in brief got the urgent line and candidates, the model alone seeing a sign of danger."""
    normalised = normalise(text)
    words = set(re.findall(r"[a-z0-9]+", normalised))
    return _THE_ANSWER.search(normalised) is not None and words <= _ABOUT_THE_ANSWER_WORDS


_A_TIME_OF_DAY = (
    # normalised text splits "18:30" and "7.30pm" into "18 : 30", "7 . 30pm"
    r"(?:\d{1,2}(?:\s*[:.]\s*\d{2})?\s*(?:am|pm)|\d{1,2}\s*oclock|(?:[01]?\d|2[0-3])\s*[:.]\s*\d{2}"
    r"|midnight|\d{1,2}\s+(?:at\s+night|in\s+the\s+(?:morning|evening|afternoon)|tonight))"
)
_A_DAY = (
    r"(?:(?:a\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|the\s+weekend"
    r"|(?:a\s+)?bank\s+holiday|christmas\s+day|boxing\s+day|new\s+years\s+day"
    r"|easter\s+(?:sunday|monday)|good\s+friday)"
)
_TIME_TOLD_NOW = re.compile(
    # the time it is: "it's 7pm", "its now gone 11pm", "it is sunday", "today is a bank holiday"
    r"\b(?:its|it\s+is|(?:today|tonight)\s+is|now)\s+(?:now\s+)?(?:gone\s+|past\s+|after\s+"
    r"|nearly\s+|almost\s+|about\s+|just\s+(?:gone|after)\s+)?"
    rf"(?P<now>{_A_TIME_OF_DAY}|{_A_DAY})\b"
    rf"|\b(?P<then>{_A_TIME_OF_DAY})\s+(?:now|here|right\s+now)\b"
)
_TIME_TO_CALL = re.compile(
    # the time of the call to make: "who do i call at 11 tonight", "who do i ring on sunday"
    r"\b(?:i|we|to|do|should|can|could|must|will|shall)\s+(?:call|ring|phone|contact"
    r"|report\s+(?:it|this|to)|refer)\b(?:\s+(?!(?:when|if|after"
    r"|because|cos|as)\b)\w+){0,3}?\s+(?:at|on|over|this)\s+"
    rf"(?P<call>{_A_TIME_OF_DAY}|{_A_DAY}|the\s+weekend)\b"
)
_SAYS_NOW = re.compile(r"\b(?:right\s+now|now|at\s+the\s+moment|as\s+we\s+speak)\b")


def says_now(text: str) -> bool:
    """ "Now" said outside a denial ("he is with me now", "right now"): a call time beside it
    is no reason to wait."""
    return _SAYS_NOW.search(without_denials(normalise(text))) is not None


@dataclass(frozen=True)
class TimeTold:
    """A time or day the asker states: as the time it is (`is_now`: today's, never moved
    forward) or as when the call is to be made (the next such moment)."""

    words: str
    is_now: bool


def time_told(text: str, danger_now: bool = False) -> TimeTold | None:
    """The time or day the asker says it is (_TIME_TOLD_NOW), else the one they will call at
    (_TIME_TO_CALL), for the urgent advice to find the number that answers then; None when it
    tells none. A danger now (`danger_now`, or "now" said) is reported now: a call time beside
    it ("should I call on Monday") is no reason to wait, only the time it is counts. The times
    of what happened ("found wandering at 3am") are neither. Set AC: an evening hour told
    beside a teenager who would not go home got the office-hours number by the server's
    clock."""
    normalised = without_safe_times(text)
    found = _TIME_TOLD_NOW.search(normalised)
    if found is not None:
        return TimeTold(_joined(found["now"] or found["then"]), is_now=True)
    if danger_now or says_now(text):
        return None
    to_call = _TIME_TO_CALL.search(normalised)
    return None if to_call is None else TimeTold(_joined(to_call["call"]), is_now=False)


def _joined(words: str) -> str:
    """A time as typed again, "18 : 30" and "7 . 30pm" as "18:30" and "7.30pm"."""
    return re.sub(r"\s*([:.])\s*", r"\1", words)


def mentions_danger_not_now(text: str) -> bool:
    """Danger named only to be denied, or beside its denial ("not at risk today", "cutting for
    months, not acute tonight"), or only suspected ("we think she's being groomed"): a
    practice question that mentions risk, answered after one urgent line (issue 20: at most
    one urgent line, never the block alone)."""
    normalised = normalise(text)
    denied = _DENIAL.search(normalised) or _SAID_NOT_URGENT.search(normalised)
    if not (denied or _SUSPECTED.search(normalised)):
        return False
    return any(
        re.search(pattern, normalised)
        for patterns in RISK_PATTERNS.values()
        for pattern in patterns
    )


_DANGER_NOW_SIGN = re.compile(
    rf"\b(?:{_RECENTLY}|right\s+now|as\s+we\s+speak|at\s+the\s+moment|currently|now|tonight"
    r"|just\s+(?:now|happened|told|said|disclosed|found|seen|heard)|mins?|minutes|here|outside"
    r"|at\s+the\s+door|on\s+(?:his|her|their)\s+way)\b"
)
"""A word placing a danger in the present, or in the hours ahead ("calm right now but he said
he will come back tonight and kill her"), outside the denial (not "still" or "just" alone:
"partner still around", "I just want to know")."""


def danger_told_now_besides_denial(normalised: str) -> bool:
    """Whether, the denials of danger now taken out, the rules still see a danger (harm only
    suspected aside: "we think she's being groomed") with a word placing it now."""
    remainder = without_denials(normalised)
    risk = assess_immediate_risk(remainder)
    if not risk.at_risk:
        return False
    if set(risk.matched) <= _SUSPECTED_GROUPS and _SUSPECTED.search(remainder):
        return False
    return _DANGER_NOW_SIGN.search(remainder) is not None


_TOLD_AS_NOW = re.compile(
    rf"{_HAPPENING_NOW.pattern}|{_PRESENT.pattern}|\b{_RECENTLY}\b"
    r"|\b(?:tomorrow|tonight|since|still|waiting|alone|nobody|no\s+one|noone|no\s+adults?|im|i\s+am"
    r"|on\s+(?:his|her|their|its|my)\s+(?:way|own)|in\s+front\s+of|on\s+the\s+(?:phone|line)"
    r"|rang|called|calling|texted|texting|messaged|messaging|live|refus\w*|not\s+(?:answering|responding"
    r"|breathing|moving|waking)|at\s+the\s+(?:door|gate))\b"
    r"|\b\d+(?:[.:]\d+)?\s*(?:am|pm|mins?|minutes|hours?|hrs?|days?)\b|\bat\s+\d"
    r"|\b(?:is|are|hes|shes|theyre|its|was|were)\s+(?!being\b)(?:\w+ly\s+)?\w+ing\b"
    # where the scene is, what is heard or seen there, what was just done
    r"|\b(?:can|could)\s+(?:hear|see|smell)\b|\b(?:heard|hears|inside|outside|here|in\s+there)\b"
    r"|\b(?:is|are|hes|shes|theyre|im|were|was)\s+(?:in|on|at)\s+(?:a|an|the|his|her|their|my)\b"
    r"|\b(?:has|have|hes|shes|theyve)\s+(?:just\s+)?(?:\w+ed|taken|gone|run|ran|got|swallowed|drunk|eaten"
    r"|driven|left|thrown|cut|shot|hit|stolen|done|made|come)\b"
    r"|\b(?:blood|bleeding|locked|barricaded|collapsed|swallowed|unconscious|not\s+rousable|blue"
    r"|smoke|fire|gas|(?:wont|cant|doesnt|didnt|couldnt|wouldnt)\s+(?:let|wake|stop|breathe|get|engage|open))\b"
    # a child in distress or unwell as told, where it is, how late
    r"|\b(?:crying|screaming|sobbing|shaking|terrified|panicking|drowsy|sleepy|limp|confused|fainted"
    r"|vomiting|fitting|not\s+making\s+sense|about\s+to|(?:dont|doesnt|do\s+not)\s+know\s+where"
    r"|at\s+night|dark|reception|door|gate|ward|(?:my|the)\s+(?:room|office|class)|last\s+seen"
    r"|getting\s+(?:\w+ed|aggressive|violent|worse)|no\s+(?:other\s+)?(?:adults?|parents?)"
    r"|(?:walked|ran|run|driven|drove|gone)\s+(?:out|away|off))\b"
)
"""What places a scene in the present: a word of now or a time, someone on the phone or at the
door, a child alone, something being done ("is dragging", "are screaming"). Not "being": "she's
being taken abroad to get married" tells a worry in the present tense, not a scene."""


_ASKERS_DISCOVERY = re.compile(
    r"\b(?:(?:i|we)\s+(?:have\s+|ve\s+)?)?just\s+(?:found\s+out|been\s+told|heard|learnt|learned"
    r"|realised|realized|discovered|noticed)\b"
)
"""When the asker learnt of it ("just found out a 15yo has been hiding her pregnancy"): the
asker's moment, not the danger's; what was found out places itself (set R gave it the urgent
block for "just")."""


def tells_a_scene_now(text: str) -> bool:
    """Whether the message places what it tells in the present (_TOLD_AS_NOW): a statement
    without any of it ("older men giving girls vapes", "mum keeps bringing him in with symptoms")
    tells a worry about a topic, which the urgent model (reading what is told, not when) can
    score as danger. A scene's present tense that goes on over time ("kids are coming and going at
    all hours") places nothing now, nor does the moment the asker found out (_ASKERS_DISCOVERY)."""
    normalised = _ASKERS_DISCOVERY.sub(" , ", normalise(text))
    if _GOES_ON_OVER_TIME.search(normalised) and not _HAPPENING_NOW.search(normalised):
        return False
    return _TOLD_AS_NOW.search(normalised) is not None


_WHOM_TO_TELL = re.compile(
    r"\bwho\s+(?:do|should|can|would|could|must)\s+(?:i|we)\s+(?:tell|report\s+(?:it\s+|this\s+)?to"
    r"|escalate\s+(?:it\s+|this\s+)?to|go\s+to|take\s+(?:it|this)\s+to|inform)\b"
    r"|\bescalate\s+to\s+who\b|\bwho\s+to\s+(?:tell|escalate\s+to)\b"
)


_USUAL_ROUTE_CLOSED = re.compile(
    r"\b(?:away|off\s+sick|on\s+leave|unavailable|shut|closed|holidays?|half\s+term"
    r"|(?:not|isnt|arent)\s+(?:in|there|around|available|answering|picking\s+up))\b"
)
"""The person or place a worry usually goes to is not there ("the DSL is away", "school is
shut", "school holiday"): someone else to reach now, the urgent contacts."""


def asks_only_whom_to_tell(text: str) -> bool:
    """Whom to tell or escalate to, with nothing that makes it a call to make now: no time, no
    contact, no way to call, no worry about a child ("care plan isnt moving, who do i tell",
    "who do i escalate to at ELFT"): the escalation learning, not the urgent contacts. "who do I
    call, I'm worried about a child" names a way to call and a worry: the contacts."""
    normalised = without_safe_times(text)
    return (
        _WHOM_TO_TELL.search(normalised) is not None
        and not asks_whom_to_call_now(text)
        and _A_CHILD_WORRIED_ABOUT.search(normalised) is None
        and re.search(rf"\b{_CONTACT_WORDS}\b", normalised) is None
        and _EMERGENCY_SERVICES.search(normalised) is None
        and _USUAL_ROUTE_CLOSED.search(normalised) is None
    )


"""The danger placed in the past ("last year", "in the summer") or said to be over ("he's in
prison now"). Not "history of" or "used to": they give the background of a danger that may be
happening now ("history of attempts, didn't come back, it's dark")."""


def says_danger_is_over(text: str) -> bool:
    """Whether the message places what it describes in the past, and nothing in it says it is
    happening now: what the model over examples (which reads what is described, not when)
    cannot tell."""
    normalised = normalise(text)
    return _OVER.search(normalised) is not None and _PRESENT.search(normalised) is None


_PHONE_CALL = r"call\b(?!\s+(?:a\s+|an\s+|the\s+)?(?:one|(?:\w+\s+)?meetings?|conference))"
_A_CALL_MADE = rf"\b{_PHONE_CALL}"
"""A phone call, not a meeting called: "when is it good to call one" (a professionals meeting,
just answered) or "can a school call a strategy meeting" asks neither for a number nor goes on
about an emergency."""
CALL_TO_MAKE = (
    r"(?<!got\sa\s)(?<!get\sa\s)(?<!gets\sa\s)(?<!had\sa\s)(?<!received\sa\s)(?<!took\sa\s)"
    rf"(?<!taken\sa\s){_PHONE_CALL}(?!\s+from\b)"
)
"""A call asked about, to make: not one someone received, told ("the school got a call from
dad and told social care", set S's question about an audit's case, read as asking whom to
call). Only for reading a request for the contacts: a call received still tells a scene ("just
had a call from a 10 year old ...")."""


_WHOM_OR_WHERE = re.compile(
    r"\b(?:who|whom|whos|where|which|numbers?|phone|telephone|tel|ring|contact|speak\s+to"
    rf"|talk\s+to)\b|{_PHONE_CALL}"
)


def asks_whom_or_where(text: str) -> bool:
    """Whom, where, which or a number asked, or a call: what a contact request says even when
    it says it is not urgent ("not an emergency, who I must tell")."""
    return _WHOM_OR_WHERE.search(without_denials(normalise(text))) is not None


_ABOUT_THE_EMERGENCY = re.compile(
    r"\bwhat\s+(?:now|next|do\s+(?:i|we)\s+do|should\s+(?:i|we)\s+do|can\s+(?:i|we)\s+do"
    r"|else\s+(?:do|should|can)\s+(?:i|we)\s+do)\b|\bnow\s+what\b|\bwhat\s+if\s+(?:he|she|they)\b"
    r"|^\W*(?:please\s+|pls\s+)?help\W*$|\bhelp\s+(?:me|us|pls|please|now)\b"
    r"|\b(?:still|again)\b|\b(?:police|ambulance|paramedics?|999|security)\b"
    r"|\b(?:hes|shes|theyre|he\s+is|she\s+is|they\s+are|its)\s+(?:back|here|gone|coming|leaving"
    r"|outside|inside|getting|not\s+answering|locked)\b"
    r"|\b(?:not|isnt|wont|cant|doesnt|didnt)\s+(?:answering|answer|pick(?:ing)?\s+up|open(?:ing)?"
    r"|let(?:ting)?\s+(?:me|us)|come\s+out|leave|breathing|waking)\b"
    r"|\b\d+\s*(?:mins?|minutes|secs?|seconds)\b|\b(?:numbers?|phone|ring|contact)\b|"
    + _A_CALL_MADE
)
"""What goes on about an emergency just described: what to do now, someone still there, the
police on their way, nobody answering, minutes left, a number to call."""


_NOT_HEARD = re.compile(
    r"\b(?:ignor\w*|disagree\w*|say\s+no|close\s+(?:it|the\s+case)"
    r"|(?:dont|doesnt|wont|not|never|havent|hasnt)\s+(?:listen\w*|repl\w*|get\w*\s+back"
    r"|call\w*\s+(?:me\s+|us\s+)?back|agree\w*)"
    r"|(?:they|team|services?|sw|social\s+work\w*|camhs|gp|school|manager|agency|professionals?)"
    r"\s+(?:still\s+)?(?:dont|doesnt|wont|not|never|isnt|arent)\s+(?:\w+\s+)?(?:respond\w*|act\w*))\b"
)
"""Professionals who do not listen, reply or act: "what if they still ignore me" asks how to
escalate, not about an emergency ("still" alone would say it goes on)."""
_EMERGENCY_SERVICES = re.compile(r"\b(?:police|ambulance|paramedics?|999|111|a\s*&?\s*e)\b")


def about_the_emergency(text: str) -> bool:
    """Whether a message typed after urgent advice goes on about the emergency rather than
    asking something new ("which case", "how do I refer her", a practice question): only
    then is it answered as urgent again (the message's own danger, a number asked for, a time
    or an area, are told by the caller). Said to be over ("safe now") is never urgent."""
    normalised = normalise(text)
    if says_danger_is_over(text):
        return False
    if (
        _NOT_HEARD.search(normalised)
        and not _EMERGENCY_SERVICES.search(normalised)
        and assess_immediate_risk(text).matched == ()
        and not asks_for_contacts(text)
    ):
        return False
    return _ABOUT_THE_EMERGENCY.search(normalised) is not None or asks_for_contacts(text)


_GOES_ON = (
    r"\b(?:at\s+all\s+hours|all\s+hours|day\s+and\s+night|all\s+the\s+time|constantly|whenever"
    r"|coming\s+and\s+going|every\s+(?:morning|evening|weekend|month|session|visit)"
    r"|in\s+(?:my|our|the|her|his|their)\s+(?:sessions|lessons|appointments|visits|classes|groups))\b"
)
"""What goes on at any hour or whenever they meet: "kids coming and going at all hours", "the
girl is crying in my sessions": a present tense that tells no scene now."""
_GOES_ON_OVER_TIME = re.compile(_GOES_ON)
_PATTERN_OVER_TIME = re.compile(
    r"\b(?:keeps?|kept)\s+(?:\w+\s+)?(?:not|missing|cancell?ing|being|having|going)\b"
    r"|\bnot\s+(?:bringing|taking|brought|taken)\b"
    r"|\b(?:always|often|usually|never|regularly|every\s+(?:day|week|night|time))\b"
    r"|\bfor\s+(?:years|months|weeks|ages)\b|\bmost\s+(?:days|nights|evenings|weeks)\b"
    r"|\b(?:looks|looking|look)\s+after\s+(?:his|her|their|the)\b|\bcares?\s+for\s+(?:his|her|their)\b"
    rf"|{_GOES_ON}"
)


_ATTENDING_AGAIN = re.compile(
    r"\b(?:keeps?|kept)\s+(?:on\s+)?(?:coming\s+(?:in|into|to|back)|turning\s+up|showing\s+up"
    r"|presenting|attending|complaining\s+of)\b"
)
"""Attending again and again ("keeps coming back with the same rash", "kept showing up at the
GP"): a pattern, unless someone is told to be there now (_THERE_NOW)."""
_THERE_NOW = re.compile(
    r"\b(?:hes|shes|theyre|is|are)\s+(?:still\s+)?(?:in|at|outside|by)\s+(?:the|a|her|his|their"
    r"|our|my)\b"
)
"""Someone placed somewhere now ("he's in the car park", "is outside the school"): a man who
keeps turning up and is there now is a scene, not a pattern."""


def tells_a_pattern(text: str) -> bool:
    """Whether the message tells something that goes on over time ("keeps missing", "keeps
    coming in with", "parents not bringing her", "looks after his mum", "for years") and nothing
    in it says it is happening now: a worry to answer, which the model over danger examples
    (reading what is described, not when) can score as danger. Measured on the released sets
    A-G: of the emergencies only that model saw (0.5-0.75), none tells a pattern without a word
    of now."""
    normalised = normalise(text)
    attending = _ATTENDING_AGAIN.search(normalised) is not None and not (
        _THERE_NOW.search(normalised) or _DANGER_NOW_SIGN.search(normalised)
    )
    return (
        _PATTERN_OVER_TIME.search(normalised) is not None or attending
    ) and _HAPPENING_NOW.search(normalised) is None


_OWN_SHIFT = re.compile(
    r"\b(?:it['\u2019]?s|it\s+is|we['\u2019]?re|we\s+are|i['\u2019]?m|i\s+am|been|(?:shift|ward|unit|dept"
    r"|department|clinic|office)\s+is|(?:it|things)\s+(?:is|are))"
    r"\s+(?:so\s+|really\s+|absolutely\s+|completely\s+|totally\s+)?(?:mental|manic|mad|crazy"
    r"|busy|hectic|chaos|chaotic|rammed|heaving|slammed|packed|nuts|short\s+staffed|swamped"
    r"|flat\s+out|run\s+off\s+(?:my|our)\s+feet)"
    r"(?:\s+(?:in\s+here|here|on\s+(?:the\s+)?(?:ward|unit|shift)|at\s+work))?"
    r"\s+(?:tonight|today|right\s+now|rn|at\s+the\s+moment|atm|now)\b"
    r"|\b(?:i['\u2019]?m|i\s+am|we['\u2019]?re|we\s+are)\s+on\s+(?:a\s+)?(?:night\s+shift|nights|lates|shift|duty)"
    r"\s+(?:tonight|today|now|right\s+now|rn)\b",
    re.IGNORECASE,
)
"""The practitioner's own shift placed now ("it's mental in here tonight", "I'm on nights
tonight"), as typed or normalised: the time is the shift's, not a danger's nor a call's; not
"on call tonight", which can tell the moment an emergency was phoned in."""


def without_own_shift(text: str) -> str:
    """The text, as typed or normalised, without the practitioner's own shift placed now
    (_OWN_SHIFT)."""
    return _OWN_SHIFT.sub(" , ", text)


def asks_practice_question(text: str) -> bool:
    """Whether the message asks a practice question (who to involve, what the audit said),
    whatever risk it also mentions: in so many words, or any question about a risk that
    nothing says is happening now (the time of a denial, "nobody's in danger today", says
    nothing happens)."""
    normalised = without_own_shift(without_denials(normalise(text)))
    if _PRACTICE_QUESTION.search(normalised):
        return True
    if names_a_way_to_call(text):
        # which number, whom to phone: a danger told with it gets the urgent block, which
        # holds the contacts ("which team do I phone at 3am", "its now 10pm - which number")
        return bool(_QUESTION.search(normalised)) and not _HAPPENING_NOW.search(normalised)
    asked = _QUESTION.search(normalised) or _ASKED_WITHOUT_A_MARK.search(normalised)
    return bool(asked) and not _HAPPENING_NOW_IN_A_QUESTION.search(normalised)


# Asking whom to call now, in the words the rules know; the model over labelled examples
# (bot/safeguards/urgent_retrieval.py) catches the rest.
_DUTY_ROLES = r"(?:team|social\s+worker|sw|worker|manager|senior)"
"""The duty team or the role on duty: "duty team", "duty sw", "duty senior"."""
_ON_DUTY = (
    rf"(?:edt|emergency\s+duty(?:\s+team)?|duty\s+{_DUTY_ROLES}"
    r"|on\s+call(?:\s+(?:manager|social\s+worker|sw|worker|senior|team))?"
    r"|out\s+of\s+(?:office\s+)?(?:hours|hrs))"
)
"""The roles and teams on duty now: named alone as a question ("on call sw?"), each asks who
it is and how to reach them."""
_CONTACT_WORDS = (
    rf"(?:{_ON_DUTY}|mash|fast|duty\s+(?:line|desk|officer)"
    r"|front\s+door|children\s+and\s+families(?:\s+team)?|social\s+(?:care|services|work(?:er)?)"
    r"|childrens\s+(?:services|social\s+care)|csc|police\s+protection"
    r"|after\s+(?:hours|hrs)|safeguarding\s+(?:team|hub|line))"
)
"""The local contacts by the roles and teams practitioners name: a duty social worker, the
on-call manager, the front door, children's social care (CSC), police protection."""
_AN_OCCASION = (
    r"(?!\s+(?:do|dos|party|parties|lunch|dinner|meal|drinks|night\s+out|social|jumpers?"
    r"|cards?|gifts?|presents?|markets?|fair|concert|play|show|raffle|quiz|decorations?|tree)\b)"
)
"""A festival named as the occasion of something ("our Christmas do", "the Easter fair"): no
time to call at."""
_NOW_OR_LATER = (
    r"(?:tonight|today|right\s+now|this\s+(?:evening|weekend)|at\s+the\s+weekend|weekends?"
    rf"|saturdays?|sundays?|bank\s+holidays?|(?:easter|christmas|new\s+year){_AN_OCCASION}"
    r"|boxing\s+day"
    r"|\d{1,2}\s*(?:am|pm)|middle\s+of\s+the\s+night|overnight|late\s+at\s+night)"
)


CONTACT_NAMES: dict[str, re.Pattern[str]] = {
    "emergency-duty-team": re.compile(
        r"\bedt\b|\bemergency\s+duty(?:\s+(?:team|service|social\s+work(?:er)?))?\b"
        r"|\bout\s+of\s+hours\s+(?:duty\s+)?team\b"
    ),
    "hackney-mash": re.compile(
        r"\bmash\b|\bmulti\s+agency\s+safeguarding\s+hub\b|\bfirst\s+access(?:\s+and\s+screening)?\b"
    ),
    "city-of-london-children-and-families": re.compile(
        r"\bchildren\s+(?:and|&)\s+families\s+(?:team|service)\b"
    ),
}
"""Each local contact of knowledge/contacts.yml (by id) as practitioners name it: asked for by
name, it comes first whatever the clock says. FAST, a word too, counts typed in capitals."""
_FAST = re.compile(r"\bFAST\b")
_ABOUT_A_CONTACT = re.compile(
    r"\b(?:numbers?|phone|telephone|tel|ring|call|contact|details|reach|get\s+hold"
    # its line, not a letter of one line ("closed with a one line letter")
    r"|(?<!one\s)(?<!two\s)(?<!single\s)line(?!\s+(?:letter|email|reply|response|summary|note))"
    # its hours, not a harm that may come back ("what to do if it starts again")
    r"|hours|what\s+time|times|open|opens"
    # its closing time, not a case or a referral it closes ("FAST close my referral, letter say
    # no further action": a decision, set Z)
    # ("does the MASH close the phones at 5" is its hours)
    r"|(?:close|closes)(?!\s+(?:(?:the|a|an|this|that|their|its)\s+)?(?:cases?|referrals?|files?)\b"
    r"|\s+(?:my|our|his|her)\b)"
    r"|(?:start|starts|finish|finishes)(?!\s+(?:again|\w+ing)\b)"
    r"|when\s+(?:does|do|is|are|will)|same|cover|covers|both|weekends?|nights?|tonight)\b"
)
"""Its number, its hours or whom it covers: not "when I should refer again" after a FAST
closure letter, a practice question."""


def contacts_named(text: str) -> tuple[str, ...]:
    """The ids of the local contacts a message names, in the order of CONTACT_NAMES."""
    normalised = normalise(text)
    found = [id_ for id_, name in CONTACT_NAMES.items() if name.search(normalised)]
    if _FAST.search(text) and "hackney-mash" not in found:
        found.append("hackney-mash")
    return tuple(found)


def asks_for_named_contact(text: str) -> bool:
    """A contact named by name with its number, its hours or whom it covers asked about
    ("number for EDT hackney", "what time does the EDT start?"), not what it is."""
    return (
        bool(contacts_named(text)) and _ABOUT_A_CONTACT.search(without_safe_times(text)) is not None
    )


_OWED = ("mandatory", "statutory", "legal", "moral", "prevent")
_POSSESSIVES = ("my", "your", "his", "her", "their", "our", "its")
_TOLD_AS_OWED = "".join(
    rf"(?!(?<=\b{owner}\s)duty\s*(?:$|[.!;]|here\b))(?<!\bwhat\sis\s{owner}\s)(?<!\bwhats\s{owner}\s)"
    for owner in _POSSESSIVES
)
"""A possessive's duty is a duty owed where "duty" ends a clause ("it is their duty.", "is it
my duty here?") or in "what is my duty": "their duty isn't picking up" is the duty team."""
_THE_DUTY = (
    rf"(?:duty(?=\s+(?:{_DUTY_ROLES}|social|sws|line|desk|officer|number|no|contact|cover)\b)|"
    + "".join(rf"(?<!\b{owner}\s)" for owner in _OWED)
    + _TOLD_AS_OWED
    + r"duty(?!\s+(?:of\s+care|to\s+(?!(?:speak|talk)\b)\w+)))"
)
"""The duty team or a duty social worker ("duty sw", "the duty", "on duty"), not a duty owed
("their duty", "my duty here", "the Prevent duty", "a duty to report", "duty of care"): set Y's
"... telling the younger ones that fighting abroad is their duty. who do i tell" was read as
asking for the duty team now and got the urgent contacts instead of the decline of
radicalisation."""
_AN_URGENT_NEED = (
    r"(?:now|urgent|urgently|emergency|out\s+of\s+(?:office\s+)?(?:hours|hrs)"
    rf"|after\s+(?:hours|hrs)|on\s+call|{_THE_DUTY}|front\s+door|place\s+of\s+safety"
    r"|police\s+protection"
    r"|at\s+night|midnight|helpline|takes\s+referrals|refer\w*\s+to\s+(?:childrens\s+)?social\s+care"
    r"|where\s+(?:do\s+|can\s+|should\s+)?i\s+(?:make|send)\s+(?:a|an|the|my)\s+referral"
    r"|(?:worried|concerned|worry)\s+about\s+(?:a|the|this|one)\s+(?:child|kids?|pupil|young\s+person|baby)"
    r"|(?:child|kid|pupil)\s+(?:im|i\s+am)\s+(?:worried|concerned)\s+about)"
)
"""Now, out of hours, a duty or front door, a place of safety, a referral, a worry about a
child: an urgent need, beside any time it is named at."""
_NOW_OR_A_WAY_TO_CALL = re.compile(rf"\b{_NOW_OR_LATER}\b|\b{_AN_URGENT_NEED}\b")


def names_an_urgent_need(text: str) -> bool:
    """Now, a time, out of hours, a duty or front door, a worry about a child: what makes "the
    number" the urgent contacts' rather than a service's the last answer gave."""
    return _NOW_OR_A_WAY_TO_CALL.search(without_safe_times(text)) is not None


_AN_URGENT_NEED_NAMED = re.compile(rf"\b{_AN_URGENT_NEED}\b")


def names_an_urgent_need_besides_a_time(text: str) -> bool:
    """Now, an emergency, out of hours, a duty or front door, a worry about a child: an urgent
    need other than a time alone ("tonight", "at the weekend"), which asks when, not how
    urgent."""
    return _AN_URGENT_NEED_NAMED.search(without_safe_times(text)) is not None


_A_TIME_ASKED = re.compile(
    r"\b(?:what\s+time|when\s+(?:does|do|is|are)|opening\s+times?|open|opens|close|closes|shut"
    r"|shuts|runs?\s+(?:till|until|to)|stop\s+running)\b"
)
"""When something opens, closes or runs, asked: not a time told ("its 3am")."""


def names_only_a_time(text: str) -> bool:
    """When something opens, closes or runs, asked (_A_TIME_ASKED), and nothing a request for
    the urgent contacts says beside it (_says_nothing_a_request_says): "what time does the
    overground run till on a sunday", "is the library open saturdays". Issue 20 item 5: set
    U's question about a train's hours, put aside as out of scope, was given the contacts for
    Sunday, the model over examples alone reading a day asked about as a contact's hours."""
    return _A_TIME_ASKED.search(
        without_safe_times(text)
    ) is not None and _says_nothing_a_request_says(text)


_A_VENUE_OR_OCCASION = re.compile(
    r"\b(?:restaurants?|pubs?|bars?|cafes?|curry\s+houses?|somewhere\s+to\s+(?:eat|go|meet)"
    r"|places?\s+to\s+(?:eat|go|meet)|venues?|hotels?|party|parties|meal|dinner|lunch|drinks"
    r"|night\s+out|celebration|secret\s+santa|whats\s+on|(?:christmas|xmas|team|office|works|leaving"
    r"|our|the|end\s+of\s+(?:year|term))\s+do)\b"
)
"""A venue or an occasion out ("a pub near the town hall", "our team do", "drinks on
friday"): what a message put aside as out of scope names, where a request names a need."""


def names_nothing_to_call_for(text: str) -> bool:
    """A venue or occasion named (_A_VENUE_OR_OCCASION), and nothing a request for the urgent
    contacts says, whatever place or day it names ("somewhere to eat near the town hall for
    our end of year meal"). A message that is only an area and a day ("city of london on
    boxing day") names no venue: a request for that day's contacts. Set AC: a venue for a
    team's festive meal, put aside as out of scope, was given the contacts, the model over
    examples alone reading a place of ours and a festival as a contact's hours."""
    return _A_VENUE_OR_OCCASION.search(normalise(text)) is not None and (
        _says_nothing_a_request_says(text)
    )


def _says_nothing_a_request_says(text: str) -> bool:
    """No contact, team or service of ours, no way to call, no whom or where, nothing urgent,
    no child, no one of a family, no referral, office hours or follow-up opening, and no
    worry."""
    normalised = without_safe_times(text)
    return (
        _AN_URGENT_NEED_NAMED.search(normalised) is None
        and _A_CHILD_NAMED.search(normalised) is None
        and _A_CHILD_WORRIED_ABOUT.search(normalised) is None
        and re.search(rf"\b{_CONTACT_WORDS}\b", normalised) is None
        and not (asks_whom_or_where(text) or names_a_way_to_call(text) or contacts_named(text))
    )


def asks_whom_to_call_now(text: str) -> bool:
    """A contact request that says now, names a contact, a time or a way to call: "who do I
    report to" about a childminder or an unregistered school (a topic the audits do not
    cover) says none of them."""
    return names_an_urgent_need(text) or names_a_way_to_call(text) or bool(contacts_named(text))


_SAFE_FOR_NOW = re.compile(
    rf"\b(?<!not\s)(?:shes|hes|theyre|is|are|im|were|all|safe\s+and)\s+(?:ok|okay|fine|safe|settled|asleep)"
    rf"\s+(?:for\s+)?{_NOW_OR_LATER}"
    rf"|\b(?:nothing|not)\s+(?:is\s+)?happening\s+(?:right\s+now|now|{_NOW_OR_LATER})"
)
"""A time that says the child is safe then ("she's ok tonight"), or that nothing happens then
("nothing happening today"): no call to make then."""


_HABITUAL_TIME = (
    r"(?:late\s+at\s+night|at\s+night|(?:late\s+)?in\s+the\s+(?:evenings?|night)|overnight"
    r"|(?:at|on|over)\s+(?:the\s+)?weekends|at\s+all\s+hours|all\s+hours|after\s+school)"
)
_TIME_OF_WHAT_IS_TOLD = re.compile(
    r"(?P<told>\b(?!(?:call|ring|phon|contact|report|refer|tell|work|cover|open|answer|need"
    r"|start|finish|clos|happen)\w*\b)(?:\w{3,}(?:ing|ed)|does|goes|stays|sleeps|visits|cares"
    r"|helps|spends|looks\s+after|minds|babysits)\b"
    # the words between name what was done, never a call or whom to reach ("worried about a
    # child who do i call at night" asks for the night's number)
    r"(?:\s+(?!(?:call|ring|phon|contact|reach|refer|report)\w*\b|(?:who|number|no)\b)\w+){0,7}?)\s+"
    + _HABITUAL_TIME
    + r"\b"
)
"""A time of day that belongs to what someone is told to do, again and again ("has been
messaging a 14yo late at night", "kept out overnight", "hanging around the shop after
school"): when the conduct happens, not a moment the asker has to call in. Set R's "volunteer
... messaging a 14yo girl late at night on whatsapp, where does that go" was given the
out-of-hours contacts as if it asked whom to ring at night; set S's, with six words between
("messaging a 14 yo girl on insta late at night"), too; set Z's relative who cares for a
child on weekends was given the weekend's number: a habit told in the present tense ("minds
them on saturdays") is one too. Only habitual times: "been drinking tonight, who do I tell"
keeps its moment."""


def without_times_of_what_is_told(normalised: str) -> str:
    """The normalised text without a habitual time of the conduct it tells
    (_TIME_OF_WHAT_IS_TOLD), the verb kept."""
    return _TIME_OF_WHAT_IS_TOLD.sub(r"\g<told>", normalised)


_PAST_TIME = re.compile(
    rf"(?<!since\s)\b(?:last|previous)\s+(?:night|weekend|{_A_PAST_PERIOD}|term|summer|winter"
    r"|spring|autumn|christmas|easter|half\s+term|bank\s+holiday|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday)\b"
)
"""A time gone by ("last weekend", "last Sunday"): when what is told happened, not a moment to
call ("since last night" keeps it: a child missing since then is missing now). Set U's "EDT
picked up a teen ... last weekend, on monday nobody had the safety plan" was read as asking
the EDT's weekend hours."""


def without_safe_times(text: str) -> str:
    """The normalised text without the times that say the child is safe then, nor any denial
    of danger now ("Not today.", "not urgent tonight"), nor the habitual time of what is told
    ("messaging her late at night"), nor a time gone by ("last weekend"): a time in them is no
    moment to call."""
    safe = _SAFE_FOR_NOW.sub(" ", without_denials(normalise(text)))
    return without_times_of_what_is_told(_PAST_TIME.sub(" ", safe))


_A_CHILD = (
    r"(?:child|children|childs|kids?|baby|babies|infant|toddler|boy|girl|twins|pupils?|student"
    r"|young\s+(?:person|people)|teenager|teen|family|safeguarding)"
)
_A_CHILD_NAMED = re.compile(
    rf"\b{_A_CHILD}\b|\b(?:referral|refer|someone|anyone|somebody|anybody|need|lads?|sons?"
    r"|daughters?|mum|dad|mother|father|parents?|carers?|victim|\d+\s*(?:yo|yrs?|years?)"
    r"|office|in\s+hours)\b"
    # a follow-up, whose meaning is the last answer's ("and in office hours?", "what if it's
    # the weekend")
    r"|^\W*(?:and|but|so|what\s+if|what\s+about|how\s+about)\b"
)
"""A child, someone of a family, a referral or someone needed, office hours, or a follow-up:
what a time asked about is for, in a contact request."""
_A_CHILD_WORRIED_ABOUT = re.compile(
    r"\b(?:worried|concerned|worry|worries|worrying|concerns?|scared|frightened)\b.{0,40}"
    rf"\b{_A_CHILD}\b|\b(?:safeguarding|child\s+protection|{_A_CHILD})\b.{{0,40}}"
    r"\b(?:concerns?|worry|worries|worried)\b"
)


def asks_for_contacts(text: str) -> bool:
    """Whether the message asks for the urgent contacts, as the one reader of contact requests
    (bot/safeguards/contact_requests.py) reads it: here for the rules of this module that ask
    it of a message told after urgent advice."""
    from bot.safeguards.contact_requests import asks_for_contacts as read  # imports this module

    return read(text)


_RECORDS_SYSTEM = (
    r"(?:mosaic|emis|rio|systmone|system\s*one|lcs|liquidlogic|eclipse|carefirst|the\s+system"
    r"|the\s+database|(?:their|his|her|the\s+(?:familys?|childs?|boys?|girls?|babys?|mums?|dads?))\s+"
    r"(?:\w+\s+)?(?:file|files|records?|case\s+notes|notes))"
)
_LOOK_UP_RECORDS = re.compile(
    r"\b(?:can|could|would|will)\s+(?:you|u|ya)\s+(?:please\s+|pls\s+|just\s+)?"
    r"(?:look|check|search|find|pull|access|see|open|get|read|tell\s+me\s+what|go\s+into|log\s+into)\b"
    rf".{{0,40}}\b(?:(?:on|in|into|from|at|up)\s+)?{_RECORDS_SYSTEM}\b"
    rf"|\b(?:do|have|can)\s+(?:you|u)\s+(?:have\s+|got\s+)?(?:access|see|read|get\s+into|look\s+at)\s+(?:to\s+)?{_RECORDS_SYSTEM}\b"
    rf"|\b(?:whats|what\s+is|what\s+does)\s+(?:on\s+)?{_RECORDS_SYSTEM}\s+(?:say|show)\b"
)
"""Asking the assistant to look a family or child up in a records system (Mosaic, EMIS, RiO,
SystmOne, LCS, "the system", "their file"): it has no access; asked of "you", so "should I
check the records before a meeting" stays a practice question."""


def asks_to_look_up_records(text: str) -> bool:
    """Whether the message asks the assistant to look someone up in case records."""
    return _LOOK_UP_RECORDS.search(normalise(text)) is not None


_NUMBER_NO = (
    r"(?:(?:the|ur|your|their|its|whats|phone|contact|tel|mash|edt|fast|duty|hours|hrs|team"
    r"|direct|office|emergency|mobile)\s+no\b|\bno\b(?=\s*(?:\?|$|\.|for\b|of\b|pls\b|please\b"
    r"|plz\b|to\s+(?:call|ring|phone)\b)))"
)
""""No" for a number ("the no for EDT", "MASH no?", "duty no pls"), not the word "no" ("no
marks or injuries", "no one"): set R's practice question read as asking for a number."""
_WAY_TO_CALL = re.compile(
    rf"\b(?:numbers?|{_NUMBER_NO}|phone|telephone|tel|line|ring|contact|reach|get\s+hold)\b|"
    + _A_CALL_MADE
)


def names_a_way_to_call(text: str) -> bool:
    """A number, a phone, ringing or calling, named in so many words: what tells "MASH
    number?" (the urgent contacts) from "what is MASH" (the glossary)."""
    return _WAY_TO_CALL.search(normalise(text)) is not None


_ONLY_ASKING = frozenset(
    "i im am i'm was it its is this that so and but just only really simply asking ask asked"
    " a question general generally in wondering wonder want wanted to know curious out of"
    " interest hypothetically for future reference".split()
)
"""The words a calling-off may come with and still tell nothing ("just asking in general", "I
was only wondering"): any other word may name a danger or someone in it."""


def says_only_not_urgent(text: str) -> bool:
    """Said not to be happening now and nothing more than that and asking words: nothing told
    to give an urgent line for. Whatever else is told beside the calling-off (a person, a
    fire, an animal, a threat) keeps the line: the rules cannot list every danger."""
    normalised = normalise(text)
    if not says_not_urgent(text):
        return False
    left = re.findall(r"[a-z0-9']+", without_denials(normalised))
    return all(word in _ONLY_ASKING for word in left)


def _is_learning_question(normalised: str) -> bool:
    """A question about a topic, or about the past, rather than about a child in danger now."""
    if _PRESENT.search(normalised):
        return False
    if _SPECIFIC.search(normalised) and not _HISTORICAL.search(normalised):
        return False
    return bool(_GENERAL_QUESTION.search(normalised) or _HISTORICAL.search(normalised))


_INTERJECTION = re.compile(
    r"(?:^|(?<=[.!?]))\s*(?-i:(?!OOH\b))o+h+\b(?=\s*[,!.?]|\s*$|\s+(?:what\s+about|how\s+about|"
    r"ok|okay|right|interesting|nice|good|great|wow|thanks|thank|cool|so|and|that|thats|"
    r"i|yes|yeah|really|lovely|fair)\b)",
    re.IGNORECASE,
)
"""An "ooh" said, not the time: "ooh what about siblings?", "Ooh, ok", "oooh!". The time is
written OOH, or before what it qualifies ("ooh number", "ooh team", "who is ooh")."""


def without_interjections(text: str) -> str:
    """The text without an "ooh" that is a sound of interest, so it names no time (the
    spellings read "ooh" as "out of hours")."""
    return _INTERJECTION.sub(" ", text)


def normalise(text: str) -> str:
    """Lower case, no apostrophes, typos corrected, so patterns stay short and readable. The
    safety step asks a dozen questions of one message, and each normalised it again (11 to 19
    times a message, its typo search on every word each time): within one request (the NLU
    pipeline's message, an action server request) a text is normalised once."""
    return once_per_request(("normalised", text), lambda: _normalised(text))


def _normalised(text: str) -> str:
    return " ".join(_correct(word) for word in _words(text))


def normalise_all(texts: Iterable[str]) -> list[str]:
    """Many texts normalised, each distinct word corrected once: the urgent model's 12,700
    examples hold 207,000 words of which 10,000 differ, and each unknown long word is compared
    with the whole fuzzy vocabulary (1.5 million comparisons, 4 of the 7 s of CPU its fit took).
    The memo lasts the call only: no word a person typed is kept by a cache."""
    corrected: dict[str, str] = {}

    def correct(word: str) -> str:
        if word not in corrected:
            corrected[word] = _correct(word)
        return corrected[word]

    return [" ".join(correct(word) for word in _words(text)) for text in texts]


def _words(text: str) -> list[str]:
    lowered = without_interjections(text).lower().replace("\u2019", "'")
    lowered = lowered.replace("'", "").replace("-", " ")
    return re.findall(r"[a-z0-9]+|[^a-z0-9\s]", lowered)


def _correct(word: str) -> str:
    if word in _TYPOS:
        return _TYPOS[word]
    if len(word) < _FUZZY_MIN_LENGTH or word in _FUZZY_VOCABULARY:
        return word
    for known in _FUZZY_BY_LENGTH.get(len(word), ()):
        if within_one_edit(word, known):
            return known
    return word


def within_one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours (Damerau distance 1)."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
