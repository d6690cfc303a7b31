"""The words a practitioner calls a child's parents and carers by, written once for every reader
that needs them (a carer relied on, a parent who owns a symptom or keeps to a plan, a chair's
meeting about a person of the family). A pattern's text, to be placed inside other patterns;
no Rasa here."""

from __future__ import annotations

FAMILY_ADULT = (
    r"(?:(?:foster|kinship|family|connected)\s+)?carers?|foster\s+(?:mums?|dads?|parents?)"
    r"|mums?|moms?|mothers?|dads?|fathers?|parents?"
    r"|step[\s-]?(?:mums?|dads?|mothers?|fathers?|parents?)"
    r"|grand(?:ma|pa|mother|father|d?ad|parents?)s?|gran|grann(?:y|ie)|nan|nana|aunt(?:ie)?s?|uncles?"
)
"""A parent or carer of the child (a pattern's text, with no word boundaries of its own)."""
