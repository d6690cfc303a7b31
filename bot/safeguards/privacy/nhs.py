"""NHS numbers: formatted, or ten digits with a valid check digit or after a cue."""

from __future__ import annotations

import re

from bot.safeguards.privacy.spans import NHS_NUMBER, Identifier, identifier, spans

_NHS_FORMATTED = re.compile(r"(?<![\d-])[1-9]\d{2}[ -]\d{3}[ -]\d{4}(?![\d-])")
_NHS_PLAIN = re.compile(r"(?<!\d)\d{10}(?!\d)")
# After an explicit cue, a 10-digit number is taken as an NHS number even when its check
# digit is wrong: a mistyped NHS number still identifies someone.
_NHS_CUE = re.compile(r"\bNHS\s*(?:no\.?|number|num|#)?\s*[:\-]?\s*$", re.IGNORECASE)
_NHS_WEIGHTS = range(10, 1, -1)


def numbers(text: str) -> list[Identifier]:
    found = list(spans(NHS_NUMBER, _NHS_FORMATTED, text))
    for match in _NHS_PLAIN.finditer(text):
        cued = _NHS_CUE.search(text[: match.start()]) is not None
        if cued or (
            _valid_nhs_check_digit(match.group())
            and not _in_a_code(text, match.start(), match.end())
        ):
            found.append(identifier(NHS_NUMBER, text, match.start(), match.end()))
    return found


def _in_a_code(text: str, start: int, end: int) -> bool:
    """Ten digits inside a longer run of letters and digits that holds other digits too (a
    model's fingerprint, "rpa-a7b63d5401455437", in a log line): a code, not an NHS number,
    unless an NHS cue comes before them ("NHS9434765919" is cued)."""
    left, right = start, end
    while left > 0 and _in_word(text[left - 1]):
        left -= 1
    while right < len(text) and _in_word(text[right]):
        right += 1
    return any(character.isdigit() for character in text[left:start] + text[end:right])


def _in_word(character: str) -> bool:
    return character.isascii() and character.isalnum()


def _valid_nhs_check_digit(digits: str) -> bool:
    """Modulus 11, so that arbitrary 10-digit numbers (reference numbers) are not flagged."""
    total = sum(int(d) * weight for d, weight in zip(digits, _NHS_WEIGHTS, strict=False))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[-1])
