"""A concern raised more than once that nothing has moved ("flagged it to social care three
times and still no progress"): whatever the child's history told beside it, what is asked is
the next step up, the escalation route, not the learning on that history. No Rasa here."""

from __future__ import annotations

import re

_RAISED = re.compile(
    r"\b(?:raised|reported|flagged|referred|re-?referred|escalated|chased|emailed|rang|phoned"
    r"|called|contacted|told|(?:made|sent|did)\s+(?:a\s+|another\s+)?(?:\w+\s+)?referrals?)\b",
    re.IGNORECASE,
)
"""A concern raised, by any channel."""
_REPEATED = re.compile(
    r"\b(?:twice|(?:two|three|four|five|several|many|multiple|\d+)\s*(?:times|x)"
    r"|more\s+than\s+once|again\s+and\s+again|repeatedly|over\s+and\s+over|a\s+second\s+time"
    r"|(?:second|third|fourth)\s+(?:time|referral|email|call))\b",
    re.IGNORECASE,
)
"""More than once."""
_STALLED = re.compile(
    r"\b(?:nothing|no\s*one|nobody)\s+(?:\w+\s+){0,3}?(?:mov\w*|happen\w*|chang\w*|done|progress\w*"
    r"|acted|act|came\s+of\s+it)\b"
    r"|\bno\s+(?:progress|response|reply|action|movement|change|feedback|outcome)\b"
    r"|\b(?:still|not)\s+(?:\w+\s+){0,2}?(?:moving|progressing|heard\s+back|acted\s+on)\b"
    r"|\bstuck\b|\b(?:going|got|getting)\s+nowhere\b|\bstalled\b|\bdrift\w*",
    re.IGNORECASE,
)
"""Nothing moving since."""


def tells_concern_stalled(text: str) -> bool:
    """Whether the message tells a concern raised more than once with nothing moving since:
    all three told (a concern raised once, or raised again with an answer, is not stalled)."""
    return all(pattern.search(text) for pattern in (_RAISED, _REPEATED, _STALLED))
