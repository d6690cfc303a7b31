"""The partnership's areas a message names, by name or by a neighbourhood, street or
landmark ("a flat in Dalston", "by the Barbican"): read by the safety step's reader of contact
requests (bot/safeguards/contact_requests.py) and by the urgent contacts (which number applies
where), so it sits below both."""

from __future__ import annotations

import re

from bot.knowledge.schema import AREAS

PLACES = {
    "Hackney": (
        "hackney",
        "clapton",
        "homerton",
        "dalston",
        "stoke newington",
        "stokey",
        "haggerston",
        "hoxton",
        "london fields",
        "kingsland",
        "de beauvoir",
        "stamford hill",
        "woodberry down",
        "mare street",
        "shacklewell",
        "hackney wick",
        "hackney downs",
        "hackney central",
        "springfield park",
        "well street",
        "broadway market",
        "victoria park",
    ),
    "City of London": (
        "city of london",
        # "City one?", "the city": the partnership's two areas are told apart by their names,
        # and "City & Hackney" (both) is read first
        "city",
        "square mile",
        "barbican",
        "golden lane",
        "liverpool street",
        "liverpool st",
        "moorgate",
        "st paul",
        "fleet street",
        "aldgate",
        "smithfield",
        "blackfriars",
        "cheapside",
        "guildhall",
        "mansion house",
        "bank station",
        "millennium bridge",
        "mirror pool",
        "middlesex street",
        "portsoken",
    ),
}
"""Each area's name and its neighbourhoods, streets and landmarks as practitioners name them
(public geography): "a flat in Dalston" is in Hackney, "by the Barbican" in the City."""
_AREA_WORDS = {
    area: re.compile(
        r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in places) + r")\b",
        re.IGNORECASE,
    )
    for area, places in PLACES.items()
}
_BOTH_NAMED = re.compile(r"\bcity\s*(?:&|and)\s*hackney\b", re.IGNORECASE)


_NEGATED = re.compile(
    r"\b(?:not|isn'?t|aren'?t|rather than|instead of)\s+(?:(?:in|at|from|the|for)\s+)*$",
    re.IGNORECASE,
)
"""What comes just before an area the message says it is not: "I'm City of London not
Hackney"."""


def _names(area: str, text: str) -> bool:
    return any(
        _NEGATED.search(text[: found.start()]) is None for found in _AREA_WORDS[area].finditer(text)
    )


def areas_in(text: str) -> tuple[str, ...]:
    """The areas a message names, in the partnership's order, leaving out one it says it is
    not ("City of London not Hackney"); empty when it names neither or names the partnership
    as a whole ("City & Hackney")."""
    if _BOTH_NAMED.search(text):
        return ()
    return tuple(area for area in AREAS if _names(area, text))
