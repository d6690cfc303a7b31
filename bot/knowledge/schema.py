"""The shape of every knowledge item, declared once and used by the validator and the docs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class FieldType(Enum):
    TEXT = "text"
    TEXT_LIST = "list of text"
    ID_LIST = "list of ids"
    INTEGER = "integer"
    BOOLEAN = "true or false"
    DATE = "date (YYYY-MM-DD)"
    CONTACT = "mapping of phone, email, website"
    ID = "id"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    required: bool = True
    refers_to: str | None = None
    """The collection key whose ids this field must name."""
    min_items: int = 0


@dataclass(frozen=True)
class CollectionSpec:
    key: str
    """The single top-level key of every file of this collection."""
    label: str
    pattern: str
    """Glob, relative to the knowledge folder, of the files that hold this collection."""
    fields: tuple[FieldSpec, ...]

    def field(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.name == name), None)


ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CONTACT_KEYS = ("phone", "email", "website")
LINKS_KEY = "links"
LINKS_FILE = "links.yml"
MIN_EXAMPLE_QUESTIONS = 8

SOURCES = "sources"
THEMES = "themes"
CASES = "cases"
KEY_MESSAGES = "key_messages"
SERVICES = "services"
URGENT_CONTACTS = "urgent_contacts"
GLOSSARY = "glossary"

_ID = FieldSpec("id", FieldType.ID)

COLLECTIONS: tuple[CollectionSpec, ...] = (
    CollectionSpec(
        SOURCES,
        "source",
        "sources/*.yml",
        (
            _ID,
            FieldSpec("title", FieldType.TEXT),
            FieldSpec("short_title", FieldType.TEXT),
            FieldSpec("partnership", FieldType.TEXT),
            FieldSpec("borough", FieldType.TEXT),
            FieldSpec("year", FieldType.TEXT),
            FieldSpec("theme", FieldType.TEXT),
            FieldSpec("overview", FieldType.TEXT, required=False),
            FieldSpec("aliases", FieldType.TEXT_LIST, required=False),
        ),
    ),
    CollectionSpec(
        THEMES,
        "theme",
        "themes.yml",
        (
            _ID,
            FieldSpec("title", FieldType.TEXT),
            FieldSpec("description", FieldType.TEXT, required=False),
        ),
    ),
    CollectionSpec(
        CASES,
        "case",
        "cases/*.yml",
        (
            _ID,
            FieldSpec("source", FieldType.ID, refers_to=SOURCES),
            FieldSpec("number", FieldType.INTEGER),
            FieldSpec("name", FieldType.TEXT, required=False),
            FieldSpec("summary", FieldType.TEXT),
            FieldSpec("strengths", FieldType.TEXT_LIST, required=False),
            FieldSpec("referred_only", FieldType.BOOLEAN, required=False),
        ),
    ),
    CollectionSpec(
        SERVICES,
        "service",
        "services/*.yml",
        (
            _ID,
            FieldSpec("name", FieldType.TEXT),
            FieldSpec("offers", FieldType.TEXT),
            FieldSpec("audience", FieldType.TEXT),
            FieldSpec("contact", FieldType.CONTACT, required=False),
            FieldSpec("link", FieldType.ID, required=False, refers_to=LINKS_KEY),
            FieldSpec("source", FieldType.ID, refers_to=SOURCES),
        ),
    ),
    CollectionSpec(
        KEY_MESSAGES,
        "key message",
        "key_messages/**/*.yml",
        (
            _ID,
            FieldSpec("title", FieldType.TEXT),
            FieldSpec("theme", FieldType.ID, refers_to=THEMES),
            FieldSpec("source", FieldType.ID, refers_to=SOURCES),
            FieldSpec("cases", FieldType.ID_LIST, refers_to=CASES),
            FieldSpec("summary", FieldType.TEXT),
            FieldSpec("found", FieldType.TEXT),
            FieldSpec("actions", FieldType.TEXT_LIST, min_items=1),
            FieldSpec("reflective_questions", FieldType.TEXT_LIST),
            FieldSpec("signposts", FieldType.ID_LIST, required=False, refers_to=SERVICES),
            FieldSpec("related", FieldType.ID_LIST, required=False, refers_to=KEY_MESSAGES),
            FieldSpec("example_questions", FieldType.TEXT_LIST, min_items=MIN_EXAMPLE_QUESTIONS),
            FieldSpec("reviewed", FieldType.DATE),
            FieldSpec("case_note", FieldType.TEXT, required=False),
        ),
    ),
    CollectionSpec(
        URGENT_CONTACTS,
        "urgent contact",
        "contacts.yml",
        (
            _ID,
            FieldSpec("name", FieldType.TEXT),
            FieldSpec("phone", FieldType.TEXT),
            FieldSpec("when", FieldType.TEXT),
            FieldSpec("area", FieldType.TEXT),
            FieldSpec("source", FieldType.TEXT),
            FieldSpec("review_before_go_live", FieldType.BOOLEAN),
            FieldSpec("confirmed_by", FieldType.TEXT, required=False),
            FieldSpec("confirmed_on", FieldType.DATE, required=False),
        ),
    ),
    CollectionSpec(
        GLOSSARY,
        "glossary term",
        "glossary.yml",
        (
            _ID,
            FieldSpec("term", FieldType.TEXT),
            FieldSpec("expansions", FieldType.TEXT_LIST, min_items=1),
        ),
    ),
)

COLLECTIONS_BY_KEY = {spec.key: spec for spec in COLLECTIONS}

# Escalation routes (knowledge/escalation.yml and its two companion files): each route lists
# step ids in order; each step cites a key message or a named reference; the "tried" answers
# name the steps they make unnecessary. bot.knowledge.validation also checks the rule one field cannot
# express (a step cites exactly one source) with the rest of the folder.
ESCALATION_ROUTES = "escalation_routes"
ESCALATION_STEPS = "escalation_steps"
ESCALATION_TRIED = "escalation_tried"
MIN_MATCH_WORDS = 3

COLLECTIONS = COLLECTIONS + (
    CollectionSpec(
        ESCALATION_STEPS,
        "escalation step",
        "escalation_steps.yml",
        (
            _ID,
            FieldSpec("title", FieldType.TEXT),
            FieldSpec("who", FieldType.TEXT),
            FieldSpec("what", FieldType.TEXT),
            FieldSpec("services", FieldType.ID_LIST, required=False, refers_to=SERVICES),
            FieldSpec("key_message", FieldType.ID, required=False, refers_to=KEY_MESSAGES),
            FieldSpec("reference", FieldType.TEXT, required=False),
            FieldSpec("reference_link", FieldType.ID, required=False, refers_to=LINKS_KEY),
        ),
    ),
    CollectionSpec(
        ESCALATION_TRIED,
        "escalation answer",
        "escalation_tried.yml",
        (
            _ID,
            FieldSpec("label", FieldType.TEXT),
            FieldSpec("words", FieldType.TEXT_LIST, min_items=1),
            FieldSpec("done_steps", FieldType.ID_LIST, refers_to=ESCALATION_STEPS),
        ),
    ),
    CollectionSpec(
        ESCALATION_ROUTES,
        "escalation route",
        "escalation.yml",
        (
            _ID,
            FieldSpec("title", FieldType.TEXT),
            FieldSpec("button", FieldType.TEXT),
            FieldSpec("summary", FieldType.TEXT, required=False),
            FieldSpec("words", FieldType.TEXT_LIST, min_items=MIN_MATCH_WORDS),
            FieldSpec("refines", FieldType.ID, required=False, refers_to=ESCALATION_ROUTES),
            FieldSpec("key_messages", FieldType.ID_LIST, min_items=1, refers_to=KEY_MESSAGES),
            FieldSpec("steps", FieldType.ID_LIST, min_items=1, refers_to=ESCALATION_STEPS),
            FieldSpec(
                "suggested_steps", FieldType.ID_LIST, required=False, refers_to=ESCALATION_STEPS
            ),
        ),
    ),
)

COLLECTIONS_BY_KEY = {spec.key: spec for spec in COLLECTIONS}
