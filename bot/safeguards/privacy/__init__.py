"""Find identifying details about children and families in a practitioner's message.

The assistant must never store anything that identifies a child or family, and should warn
the practitioner when they type such details. Detection is rule-based so it is predictable,
auditable and needs no model. Recall matters more than precision: an over-eager redaction
costs a little readability, a missed one leaks personal data. Ordinary questions about the
audits (which use pseudonyms such as Erika) must still pass through untouched.

Redaction replaces each span with a bracketed lower-case placeholder naming what was removed,
e.g. ``[name removed]`` or ``[date of birth removed]``, so the question stays readable and
answerable, and the placeholder itself never looks like an identifier.
"""

# The detectors, one module a family: contacts (email, phone, postcode), nhs, dates,
# addresses (with streets), schools, names (capitalised, with cues) and name_lists (any case,
# from the word lists), less places (countries and languages); words holds what the any-case
# detectors share, spans the Identifier.

from __future__ import annotations

from collections.abc import Iterable

from bot.safeguards.privacy import (
    addresses,
    contacts,
    dates,
    name_lists,
    names,
    nhs,
    places,
    schools,
)
from bot.safeguards.privacy.spans import (
    ADDRESS,
    DATE_OF_BIRTH,
    EMAIL,
    KINDS,
    NAME,
    NHS_NUMBER,
    PHONE,
    POSTCODE,
    SCHOOL,
    Identifier,
    overlaps,
    without_overlaps,
)

__all__ = [
    "ADDRESS",
    "DATE_OF_BIRTH",
    "EMAIL",
    "KINDS",
    "NAME",
    "NHS_NUMBER",
    "PHONE",
    "POSTCODE",
    "SCHOOL",
    "Identifier",
    "describe",
    "describe_kinds",
    "find_identifiers",
    "kinds_of",
    "mask",
    "placeholder",
    "redact",
]

# When spans overlap, the more specific pattern wins (an email contains a name-like part).
_PRIORITY: tuple[str, ...] = (
    EMAIL,
    NHS_NUMBER,
    PHONE,
    POSTCODE,
    DATE_OF_BIRTH,
    ADDRESS,
    SCHOOL,
    NAME,
)

_PHRASES: dict[str, str] = {
    NAME: "a name",
    DATE_OF_BIRTH: "a date of birth",
    ADDRESS: "an address",
    POSTCODE: "a postcode",
    PHONE: "a phone number",
    EMAIL: "an email address",
    NHS_NUMBER: "an NHS number",
    SCHOOL: "a school's name",
}

_PLACEHOLDERS: dict[str, str] = {
    NAME: "[name removed]",
    DATE_OF_BIRTH: "[date of birth removed]",
    ADDRESS: "[address removed]",
    POSTCODE: "[postcode removed]",
    PHONE: "[phone number removed]",
    EMAIL: "[email removed]",
    NHS_NUMBER: "[NHS number removed]",
    SCHOOL: "[school removed]",
}


def find_identifiers(text: str) -> list[Identifier]:
    """Every identifying span in the text, ordered by position, never overlapping."""
    found: dict[str, list[Identifier]] = {kind: [] for kind in KINDS}
    found[EMAIL] = contacts.emails(text)
    found[NHS_NUMBER] = nhs.numbers(text)
    found[PHONE] = contacts.phones(text)
    found[POSTCODE] = contacts.postcodes(text)
    found[DATE_OF_BIRTH] = dates.of_birth(text)
    found[ADDRESS] = without_overlaps(
        addresses.numbered(text) + addresses.districted(text) + addresses.streets(text)
    )
    found[SCHOOL] = schools.named(text)
    found[NAME] = without_overlaps(
        places.not_places(
            names.not_eponyms(
                names.merge_adjacent(
                    names.capitalised(text, found[DATE_OF_BIRTH]) + name_lists.listed_names(text),
                    text,
                ),
                text,
            ),
            text,
            names.cued(text, found[DATE_OF_BIRTH]),
        )
    )

    kept: list[Identifier] = []
    for kind in _PRIORITY:
        for candidate in found[kind]:
            if not any(overlaps(candidate, other) for other in kept):
                kept.append(candidate)
    return sorted(kept, key=lambda ident: ident.start)


def redact(text: str) -> str:
    """The text with every identifier replaced by a placeholder naming its kind."""
    pieces: list[str] = []
    position = 0
    for ident in find_identifiers(text):
        pieces.append(text[position : ident.start])
        pieces.append(placeholder(ident.kind))
        position = ident.end
    pieces.append(text[position:])
    return "".join(pieces)


def placeholder(kind: str) -> str:
    """The text that stands in for a removed identifier of this kind."""
    return _PLACEHOLDERS[kind]


def describe(identifiers: Iterable[Identifier]) -> str:
    """A phrase such as "a name, a date of birth and an address" for the user's warning."""
    return describe_kinds(kinds_of(identifiers))


def mask(text: str) -> str:
    """The text with every identifier left out, for the NLU model: a name or an address says
    nothing about the practice question, and the model should never learn from one."""
    pieces: list[str] = []
    position = 0
    for ident in find_identifiers(text):
        pieces.append(text[position : ident.start])
        position = ident.end
    pieces.append(text[position:])
    return " ".join("".join(pieces).split())


def kinds_of(identifiers: Iterable[Identifier]) -> list[str]:
    """The kinds present, in the order describe() uses; no identifier's text."""
    present = {ident.kind for ident in identifiers}
    return [kind for kind in KINDS if kind in present]


def describe_kinds(kinds: Iterable[str]) -> str:
    """A phrase such as "a name and an address" from the kinds alone."""
    phrases = [_PHRASES[kind] for kind in KINDS if kind in set(kinds)]
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]
