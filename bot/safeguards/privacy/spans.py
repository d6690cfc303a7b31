"""What every detector finds: an Identifier of one kind, and the helpers that make spans
of matches and keep them apart."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

NAME = "name"
DATE_OF_BIRTH = "date_of_birth"
ADDRESS = "address"
POSTCODE = "postcode"
PHONE = "phone"
EMAIL = "email"
NHS_NUMBER = "nhs_number"
SCHOOL = "school"

# Order used by describe(): roughly how a practitioner would list details of a person.
KINDS: tuple[str, ...] = (NAME, DATE_OF_BIRTH, ADDRESS, POSTCODE, PHONE, EMAIL, NHS_NUMBER, SCHOOL)


@dataclass(frozen=True)
class Identifier:
    """One identifying detail: its kind and where it sits in the original text."""

    kind: str
    start: int
    end: int
    text: str


def spans(
    kind: str, pattern: re.Pattern[str], text: str, group: str | int = 0
) -> Iterator[Identifier]:
    for match in pattern.finditer(text):
        if match.group(group):
            yield identifier(kind, text, match.start(group), match.end(group))


def identifier(kind: str, text: str, start: int, end: int) -> Identifier:
    return Identifier(kind=kind, start=start, end=end, text=text[start:end])


def overlaps(a: Identifier, b: Identifier) -> bool:
    return a.start < b.end and b.start < a.end


def without_overlaps(spans: list[Identifier]) -> list[Identifier]:
    kept: list[Identifier] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if not any(overlaps(span, other) for other in kept):
            kept.append(span)
    return kept
