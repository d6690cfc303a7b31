"""Email addresses, personal phone numbers and postcodes."""

from __future__ import annotations

import re

from bot.safeguards import vocabulary
from bot.safeguards.privacy.spans import EMAIL, PHONE, POSTCODE, Identifier, identifier, spans

EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

# A loose candidate: a UK prefix followed by digits with the separators people type.
# Whether it is really a phone number is decided on its digits in _is_uk_phone.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+\s?44\s?(?:\(0\)\s?)?|\(?0)[\d\s()-]{8,15}\d(?!\d)")
# Geographic (01, 02) and mobile (07) numbers belong to people; 03/08 numbers are
# services and helplines the practitioner may legitimately quote.
_PERSONAL_PHONE_PREFIX = re.compile(r"0[127]")
_PHONE_DIGITS = (10, 11)

POSTCODE_PATTERN = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)


def emails(text: str) -> list[Identifier]:
    return list(spans(EMAIL, EMAIL_PATTERN, text))


def postcodes(text: str) -> list[Identifier]:
    return list(spans(POSTCODE, POSTCODE_PATTERN, text))


def phones(text: str) -> list[Identifier]:
    found = []
    for match in _PHONE_CANDIDATE.finditer(text):
        if re.sub(r"\D", "", match.group()) in vocabulary.service_phone_numbers():
            continue  # a service's number from knowledge/, e.g. the Nia Project's
        if _is_uk_phone(match.group()):
            found.append(identifier(PHONE, text, match.start(), match.end()))
    return found


def _is_uk_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if candidate.lstrip().startswith("+"):
        digits = "0" + digits[2:].removeprefix("0")
    return len(digits) in _PHONE_DIGITS and _PERSONAL_PHONE_PREFIX.match(digits) is not None
