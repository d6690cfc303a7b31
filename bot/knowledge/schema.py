"""The shape of every knowledge item, declared once: the validator checks the YAML against it,
the store derives the database rows from it and knowledge/README.md's tables are rendered
from it (`python -m bot knowledge docs`), so none of them can say something else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from bot.knowledge.hours import FORMS as HOURS_FORMS
from bot.knowledge.hours import parse_hours
from bot.settings import ENV_CONFIRMATIONS_FILE


class FieldType(Enum):
    TEXT = "text"
    ITEMS = "list of mappings"
    """Each a mapping with its own fields (a question's options): `FieldSpec.fields`."""
    TEXT_LIST = "list of text"
    ID_LIST = "list of ids"
    INTEGER = "integer"
    BOOLEAN = "true or false"
    DATE = "date (YYYY-MM-DD)"
    CONTACT = "mapping of phone, email, website"
    ID = "id"
    URL = "web address (http:// or https://)"


class Marks(Enum):
    """How many mappings of a list may set a true-or-false field: a question has exactly one
    correct option, a walk-through stage at most one that the audit shows was done."""

    EXACTLY_ONE = "exactly one"
    AT_MOST_ONE = "at most one"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    description: str
    """What the field means, for the people who write the content."""
    required: bool = True
    refers_to: str | None = None
    """The collection key whose ids this field must name."""
    min_items: int = 0
    max_items: int | None = None
    needs: str | None = None
    """Another field that must be given when this one is."""
    within: str | None = None
    """Another list field of the same item that this list may only take ids from."""
    fields: tuple[FieldSpec, ...] = ()
    """For a list of mappings, the fields of each mapping."""
    marks: Marks | None = None
    """For a true-or-false field of a list's mappings: on how many of them it may be true."""
    distinct: bool = False
    """For a field of a list's mappings: no two of them may give the same value, ignoring case
    (options a workshop could not tell apart)."""
    agrees_on: str | None = None
    """For a reference: a field that the named item must give the same value as this item (a
    walk-through stage's case must be from the stage's own audit)."""
    quoted_from: tuple[str, str] | None = None
    """For a text or a list of text: (a field of ids of this item, a list of text of the items
    it names); every value must be, verbatim, one of the latter (reflective questions quoted
    from the key messages a stage links to)."""
    covers: bool = False
    """For a reference: every item of the collection it names must be named by at least one
    item (every key message has a quiz question)."""
    check: Callable[[str], object] | None = None
    """For a text, or each item of a list of text: a reader of the value whose ValueError is
    the problem to report (the hours a contact answers, a word naming a subject)."""
    counts_within: str | None = None
    """For an integer: the items giving the same value of this other field are numbered by it
    1, 2, 3, ... in file order (the stages of a case's walk-through)."""


@dataclass(frozen=True)
class OneOf:
    """Fields of which an item gives exactly one."""

    fields: tuple[str, ...]
    rule: str
    """What the content must do, in the editor's terms: the error when it does not."""


@dataclass(frozen=True)
class CollectionSpec:
    key: str
    """The single top-level key of every file of this collection."""
    label: str
    pattern: str
    """Glob, relative to the knowledge folder, of the files that hold this collection."""
    description: str
    """What the collection holds."""
    fields: tuple[FieldSpec, ...]
    one_of: OneOf | None = None

    def field(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.name == name), None)


ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def subject_pattern(words: Sequence[str]) -> re.Pattern[str]:
    """A key message's `named_by` words as one pattern: any of them, as whole words, in any
    case."""
    return re.compile(r"\b(?:" + "|".join(f"(?:{word})" for word in words) + r")\b", re.IGNORECASE)


def check_subject_word(word: str) -> None:
    """One `named_by` word: a regular expression that matches some words, never none."""
    try:
        subject_pattern([word])
    except re.error as problem:
        raise ValueError(f"{word!r} is not a regular expression ({problem})") from None
    if re.fullmatch(f"(?:{word})", ""):
        raise ValueError(f"{word!r} matches an empty text")


CONTACT_KEYS = ("phone", "email", "website")
LINKS_KEY = "links"
LINKS_FILE = "links.yml"
LINKS_DESCRIPTION = "the deployment's URLs for links (blank where the audits left them blank)"
MIN_EXAMPLE_QUESTIONS = 8
MIN_MATCH_WORDS = 3

SOURCES = "sources"
THEMES = "themes"
CASES = "cases"
KEY_MESSAGES = "key_messages"
SERVICES = "services"
URGENT_CONTACTS = "urgent_contacts"
GLOSSARY = "glossary"
# Safeguarding topics the audits do not cover: a question on one is declined plainly and
# recorded with the topic's id, a fixed label the partnership can count.
UNCOVERED_TOPICS = "uncovered_topics"
# Escalation routes list step ids in order; each step cites a key message or a named
# reference; the "tried" answers name the steps they make unnecessary.
ESCALATION_ROUTES = "escalation_routes"
ESCALATION_STEPS = "escalation_steps"
ESCALATION_TRIED = "escalation_tried"
# Workshop content: a case's walk-through is its stages, in order; a quiz is questions on the
# key messages, each with exactly one correct option.
WALKTHROUGH_STAGES = "walkthrough_stages"
QUIZ_QUESTIONS = "quiz_questions"
# A workshop's before/after check: the same questions at its start and at its end, each a
# confidence rating (1 to 5) of one of a key message's actions, or one of the quiz questions.
CHECK_QUESTIONS = "check_questions"
CONFIDENCE_SCALE = (1, 2, 3, 4, 5)
MIN_OPTIONS = 3
MAX_OPTIONS = 4


AREAS = ("Hackney", "City of London")
"""The areas the partnership covers, as an urgent contact's `area` names them."""
BOTH_AREAS = "Hackney and City of London"
ANY_AREA = "any"


def check_area(value: str) -> str:
    if value not in (*AREAS, BOTH_AREAS, ANY_AREA):
        raise ValueError(f"{value!r} is not one of {', '.join((*AREAS, BOTH_AREAS, ANY_AREA))}")
    return value


def _id(description: str) -> FieldSpec:
    return FieldSpec("id", FieldType.ID, description)


def _dated_source(what: str) -> tuple[FieldSpec, FieldSpec]:
    """Where a fact copied from a public web page was copied from, and when: the page can
    change after the copy, so `knowledge check` lists it for review once it is older than
    RPA_MAX_SOURCE_AGE_DAYS."""
    return (
        FieldSpec(
            "source_url",
            FieldType.URL,
            f"the address of the public page the {what} was copied from",
            required=False,
            needs="copied_on",
        ),
        FieldSpec(
            "copied_on",
            FieldType.DATE,
            "the date it was copied from that page",
            required=False,
            needs="source_url",
        ),
    )


def _to_confirm(what: str) -> FieldSpec:
    return FieldSpec(
        "to_confirm",
        FieldType.TEXT,
        f"what the partnership must confirm before go-live about this {what} (e.g. contact "
        "details printed in 2016-17, or a route's last rung the audits do not name now): the "
        "sign-off sheet gives it the status 'to be confirmed'",
        required=False,
    )


COLLECTIONS: tuple[CollectionSpec, ...] = (
    CollectionSpec(
        SOURCES,
        "source",
        "sources/*.yml",
        "one entry per audit",
        (
            _id("e.g. `send-2016-17`"),
            FieldSpec("title", FieldType.TEXT, "the audit's title as printed"),
            FieldSpec(
                "short_title", FieldType.TEXT, "how answers cite it, e.g. `SEND audit 2016-17`"
            ),
            FieldSpec("partnership", FieldType.TEXT, "who ran the audit"),
            FieldSpec("borough", FieldType.TEXT, "e.g. Hackney"),
            FieldSpec("year", FieldType.TEXT, "e.g. `2016-17` (a string)"),
            FieldSpec("theme", FieldType.TEXT, "the audit's theme"),
            FieldSpec(
                "overview",
                FieldType.TEXT,
                "the audit's overall findings, as printed",
                required=False,
            ),
            FieldSpec(
                "aliases",
                FieldType.TEXT_LIST,
                "other ways practitioners name the audit (`SEND`, `MH`, `2019/20`), to recognise "
                "it in questions",
                required=False,
            ),
        ),
    ),
    CollectionSpec(
        THEMES,
        "theme",
        "themes.yml",
        "the themes used to browse key messages",
        (
            _id("e.g. `information-sharing`"),
            FieldSpec("title", FieldType.TEXT, "the theme's name, as practitioners browse by it"),
            FieldSpec(
                "description",
                FieldType.TEXT,
                "what the theme covers, shown with its key messages",
                required=False,
            ),
        ),
    ),
    CollectionSpec(
        CASES,
        "case",
        "cases/*.yml",
        "the audited cases",
        (
            _id("e.g. `send-erika`"),
            FieldSpec("source", FieldType.ID, "the audit the case is from", refers_to=SOURCES),
            FieldSpec("number", FieldType.INTEGER, "the case number in its audit"),
            FieldSpec(
                "name",
                FieldType.TEXT,
                "the pseudonym the audit gives (`Erika`); absent for numbered cases",
                required=False,
            ),
            FieldSpec(
                "summary",
                FieldType.TEXT,
                "the audit's case summary, verbatim; for a case the audit only refers to, what "
                "it says of it",
            ),
            FieldSpec(
                "strengths",
                FieldType.TEXT_LIST,
                "strengths / effective practice, verbatim (bold marks removed)",
                required=False,
            ),
            FieldSpec(
                "about",
                FieldType.TEXT_LIST,
                "how the case may be remembered without its name, each a short phrase from the "
                "audit's text: the young person's needs, the services, what happened, what went "
                "well or wrong (`non-verbal`, `GP surgery knew the family for a long time`); who "
                "it is about (age, boy or girl) is read from the summary",
                required=False,
            ),
            FieldSpec(
                "quiz_facts",
                FieldType.TEXT_LIST,
                "what a quiz on the audit's cases may ask of this case (which case is it?), each "
                "the audit's own words, checked against the audit, that it tells of this case "
                "and of no other (not `Learning Disability` when another case has `Learning "
                "Difficulties`, nor a review's learning the case only recalls); a case without "
                "them is never asked",
                required=False,
            ),
            FieldSpec(
                "referred_only",
                FieldType.BOOLEAN,
                "`true` when the audit refers to the case but does not summarise it (mental "
                "health Case 4: it only says what the case highlighted)",
                required=False,
            ),
        ),
    ),
    CollectionSpec(
        SERVICES,
        "service",
        "services/*.yml",
        "services and resources the audits name",
        (
            _id("e.g. `nia-project`"),
            FieldSpec("name", FieldType.TEXT, "as the audit names it"),
            FieldSpec("offers", FieldType.TEXT, "what it offers, from the audit"),
            FieldSpec("audience", FieldType.TEXT, "who it is for"),
            FieldSpec(
                "contact",
                FieldType.CONTACT,
                "`phone`, `email`, `website`, exactly as the audit prints them",
                required=False,
            ),
            FieldSpec(
                "link", FieldType.ID, "the service's page", required=False, refers_to=LINKS_KEY
            ),
            FieldSpec("source", FieldType.ID, "the audit that names it", refers_to=SOURCES),
            _to_confirm("service"),
        ),
    ),
    CollectionSpec(
        KEY_MESSAGES,
        "key message",
        "key_messages/**/*.yml",
        "the audits' key messages",
        (
            _id("stable id, never reused"),
            FieldSpec("title", FieldType.TEXT, "the audit's heading"),
            FieldSpec("theme", FieldType.ID, "the theme it is browsed under", refers_to=THEMES),
            FieldSpec("source", FieldType.ID, "the audit it comes from", refers_to=SOURCES),
            FieldSpec(
                "cases",
                FieldType.ID_LIST,
                "the cases the audit attaches the message to; an empty list means the audit "
                "draws it from all its cases",
                refers_to=CASES,
            ),
            FieldSpec("summary", FieldType.TEXT, "plain language, two or three sentences"),
            FieldSpec("found", FieldType.TEXT, "what the audit found (close to the audit's words)"),
            FieldSpec(
                "actions", FieldType.TEXT_LIST, "what to do, each from the audit", min_items=1
            ),
            FieldSpec(
                "reflective_questions",
                FieldType.TEXT_LIST,
                "every question the audit asks on it, verbatim; may be an empty list only if "
                "the audit asks none",
            ),
            FieldSpec(
                "signposts",
                FieldType.ID_LIST,
                "the services to point to",
                required=False,
                refers_to=SERVICES,
            ),
            FieldSpec(
                "related",
                FieldType.ID_LIST,
                "related key messages",
                required=False,
                refers_to=KEY_MESSAGES,
            ),
            FieldSpec(
                "example_questions",
                FieldType.TEXT_LIST,
                "practitioner phrasings; the NLU training data is generated from these",
                min_items=MIN_EXAMPLE_QUESTIONS,
            ),
            FieldSpec(
                "reviewed", FieldType.DATE, "when the content was last checked against the audit"
            ),
            FieldSpec(
                "named_by",
                FieldType.TEXT_LIST,
                "for a key message of one subject, answered only when a question names it: the "
                "words that name the subject, each a regular expression matched as whole words "
                "in any case (`autis\\w*`, `special\\s+interests?`); without it, any question "
                "may be answered with it",
                required=False,
                min_items=1,
                check=check_subject_word,
            ),
            FieldSpec(
                "case_note",
                FieldType.TEXT,
                "where `cases` is empty: what the audit says instead, e.g. `an audited case it "
                'does not name` ("This case highlighted ..."); without it the citation says '
                '"drawn from all the cases audited"',
                required=False,
            ),
        ),
    ),
    CollectionSpec(
        URGENT_CONTACTS,
        "urgent contact",
        "contacts.yml",
        "urgent-advice contacts (configuration, from a named public source)",
        (
            _id("e.g. `hackney-mash`"),
            FieldSpec("name", FieldType.TEXT, "who answers"),
            FieldSpec("phone", FieldType.TEXT, "as published"),
            FieldSpec(
                "when", FieldType.TEXT, "e.g. `Monday to Friday, office hours` / `out of hours`"
            ),
            FieldSpec(
                "hours",
                FieldType.TEXT,
                f"when it answers, UK time, which decides the number given first: {HOURS_FORMS}",
                check=parse_hours,
            ),
            FieldSpec(
                "area",
                FieldType.TEXT,
                "`Hackney`, `City of London`, `Hackney and City of London` or `any`",
                check=check_area,
            ),
            FieldSpec("source", FieldType.TEXT, "the named public source it comes from"),
            *_dated_source("number"),
            FieldSpec(
                "review_before_go_live",
                FieldType.BOOLEAN,
                "`true` for a number the audits do not give (copied from a public page): it "
                "must be confirmed before go-live",
            ),
            FieldSpec(
                "confirmed_by",
                FieldType.TEXT,
                "who in the partnership confirmed the number (name and role)",
                required=False,
            ),
            FieldSpec("confirmed_on", FieldType.DATE, "when they confirmed it", required=False),
        ),
    ),
    CollectionSpec(
        GLOSSARY,
        "glossary term",
        "glossary.yml",
        "abbreviations and local names, what they stand for and where that comes from: "
        'answered when asked ("what is FAST?") and used to generate NLU data',
        (
            _id("e.g. `dv`"),
            FieldSpec("term", FieldType.TEXT, "the abbreviation or name as typed, e.g. `DV`"),
            FieldSpec(
                "expansions",
                FieldType.TEXT_LIST,
                "words used for it interchangeably in questions, e.g. `domestic violence`, "
                "`domestic abuse` (each example question is repeated with the other forms)",
                required=False,
            ),
            FieldSpec(
                "stands_for",
                FieldType.TEXT,
                "what it stands for, as the source spells it out; left out when no source does",
                required=False,
            ),
            FieldSpec(
                "meaning",
                FieldType.TEXT,
                "what the source says about it, in its words (for a term no source spells out, "
                "this is all the assistant says)",
                required=False,
            ),
            FieldSpec(
                "source",
                FieldType.TEXT,
                "the audit and its wording, or a named public page; never an invented expansion",
            ),
            FieldSpec(
                "service",
                FieldType.ID,
                "for a local service, panel or tool: the service it is, whose description is "
                "given when there is no `meaning`, and whose learning is offered",
                required=False,
                refers_to=SERVICES,
            ),
            FieldSpec(
                "also_a_word",
                FieldType.BOOLEAN,
                'true for a term that is also an everyday English word (`FAST`: "grow up too '
                'fast"): typed in lower case it names the term only when asked about alone '
                '("what is fast") or beside a word of what it stands for ("the fast team")',
                required=False,
            ),
        ),
    ),
    CollectionSpec(
        UNCOVERED_TOPICS,
        "uncovered topic",
        "uncovered_topics.yml",
        "safeguarding topics the audits do not cover: a question naming one is told so, "
        "pointed to the London procedures and the partnership, and counted under the id",
        (
            _id("the label insights count it under, e.g. `fgm`"),
            FieldSpec("label", FieldType.TEXT, "the topic as the reply names it"),
            FieldSpec(
                "description",
                FieldType.TEXT,
                "what questions on the topic are about, in a practitioner's words: a question "
                "nearer to it than to the audits' learning is declined (bot/dialogue/coverage.py)",
            ),
            FieldSpec("source", FieldType.TEXT, "the named public source the topic is taken from"),
            FieldSpec(
                "terms",
                FieldType.TEXT_LIST,
                "words that name the topic and nothing the audits cover (whole words, any case; "
                '"..." stands for up to three other words)',
                min_items=1,
            ),
            FieldSpec(
                "needs",
                FieldType.TEXT_LIST,
                "for a topic about one kind of person or thing (a baby, an adult, staff): the "
                "words for it, one of which a question must say to be declined by meaning alone",
                required=False,
            ),
            FieldSpec(
                "told_as",
                FieldType.TEXT_LIST,
                'the topic as a practitioner may tell it without its name ("her niece was taken '
                "abroad to be 'cut'\"): each line is matched by meaning like the description, so a "
                "worry that never says the topic's words is still declined naming it",
                required=False,
            ),
        ),
    ),
    CollectionSpec(
        ESCALATION_STEPS,
        "escalation step",
        "escalation_steps.yml",
        "the steps the routes are made of",
        (
            _id("e.g. `raise-with-manager`"),
            FieldSpec("title", FieldType.TEXT, "a short name, e.g. `Raise it with your manager`"),
            FieldSpec("who", FieldType.TEXT, "who the practitioner goes to, or who acts"),
            FieldSpec(
                "what",
                FieldType.TEXT,
                "what to do, close to the source's words; shown under the title, so it does "
                "not start by repeating it",
            ),
            FieldSpec(
                "services",
                FieldType.ID_LIST,
                "services whose contact details or link go with the step (blank links stay "
                "blank)",
                required=False,
                refers_to=SERVICES,
            ),
            FieldSpec(
                "key_message",
                FieldType.ID,
                "the audit key message the step comes from (cited with its audit and cases)",
                required=False,
                refers_to=KEY_MESSAGES,
            ),
            FieldSpec(
                "reference",
                FieldType.TEXT,
                "a named source that is not an audit, e.g. `London Safeguarding Children "
                "Procedures, professional conflict resolution chapter`",
                required=False,
            ),
            FieldSpec(
                "reference_link",
                FieldType.ID,
                "the reference's page",
                required=False,
                refers_to=LINKS_KEY,
                needs="reference",
            ),
            *_dated_source("step's wording"),
            _to_confirm("step"),
        ),
        one_of=OneOf(
            ("key_message", "reference"),
            "cite exactly one source, either 'key_message' (an audit's key message) or "
            "'reference' (e.g. a procedures chapter)",
        ),
    ),
    CollectionSpec(
        ESCALATION_TRIED,
        "escalation answer",
        "escalation_tried.yml",
        'the answers to "what have you tried so far?"',
        (
            _id("e.g. `manager-involved`"),
            FieldSpec(
                "label", FieldType.TEXT, "the button label, e.g. `My manager is already involved`"
            ),
            FieldSpec(
                "words",
                FieldType.TEXT_LIST,
                "words or phrases that recognise a typed answer (as for routes)",
                min_items=1,
            ),
            FieldSpec(
                "done_steps",
                FieldType.ID_LIST,
                "steps this answer makes unnecessary (may be empty: `[]`); a route shows them "
                "as already done",
                refers_to=ESCALATION_STEPS,
            ),
        ),
    ),
    CollectionSpec(
        ESCALATION_ROUTES,
        "escalation route",
        "escalation.yml",
        "the escalation routes, one per situation",
        (
            _id("e.g. `agency-not-responding`; also the button payload value"),
            FieldSpec("title", FieldType.TEXT, "the situation in full, as the route's heading"),
            FieldSpec("button", FieldType.TEXT, "the short button label"),
            FieldSpec(
                "summary",
                FieldType.TEXT,
                "one or two sentences shown when the situation is confirmed",
                required=False,
            ),
            FieldSpec(
                "words",
                FieldType.TEXT_LIST,
                "words or phrases that recognise a typed description; whole words, and a word "
                "ending in `*` matches its longer forms (`disagree*` matches `disagreement`)",
                min_items=MIN_MATCH_WORDS,
            ),
            FieldSpec(
                "refines",
                FieldType.ID,
                "a more general route that this route takes over from when both match (adult "
                'mental health refines "an agency isn\'t responding")',
                required=False,
                refers_to=ESCALATION_ROUTES,
            ),
            FieldSpec(
                "key_messages",
                FieldType.ID_LIST,
                "the context of the route, and its reflective prompts",
                min_items=1,
                refers_to=KEY_MESSAGES,
            ),
            FieldSpec(
                "steps",
                FieldType.ID_LIST,
                "the route's steps, in order",
                min_items=1,
                refers_to=ESCALATION_STEPS,
            ),
            FieldSpec(
                "suggested_steps",
                FieldType.ID_LIST,
                "those of its steps whose place in this route no source gives (the step itself "
                "cites an audit or the procedures, but putting it here is the assistant's "
                "suggestion): the route says so to the user, `knowledge check` lists them and "
                "`--release` fails until the partnership confirms each as `route-id/step-id` in "
                f"`{ENV_CONFIRMATIONS_FILE}`",
                required=False,
                refers_to=ESCALATION_STEPS,
                within="steps",
            ),
        ),
    ),
    CollectionSpec(
        WALKTHROUGH_STAGES,
        "walk-through stage",
        "walkthroughs/*.yml",
        "case walk-throughs for workshops: a decision point per stage, then the audit's finding",
        (
            _id("e.g. `send-erika-stage-1`"),
            FieldSpec(
                "case",
                FieldType.ID,
                "the audited case the stage walks through",
                refers_to=CASES,
                agrees_on="source",
            ),
            FieldSpec("source", FieldType.ID, "the audit, cited with the case", refers_to=SOURCES),
            FieldSpec(
                "stage",
                FieldType.INTEGER,
                "the stage's place in the case's walk-through",
                counts_within="case",
            ),
            FieldSpec(
                "known",
                FieldType.TEXT,
                "what was known at this point, quoted or closely paraphrased from the audit: no "
                "fact, name, date, number, service or procedure it does not give",
            ),
            FieldSpec(
                "question",
                FieldType.TEXT,
                "the decision put to the room, e.g. `What would you do next?`",
            ),
            FieldSpec(
                "options",
                FieldType.ITEMS,
                "the answers to choose from",
                min_items=MIN_OPTIONS,
                max_items=MAX_OPTIONS,
                fields=(
                    FieldSpec("text", FieldType.TEXT, "the option", distinct=True),
                    FieldSpec(
                        "supported",
                        FieldType.BOOLEAN,
                        "the option the audit supports: what was done, or what it says should "
                        "have been",
                        required=False,
                        marks=Marks.EXACTLY_ONE,
                    ),
                    FieldSpec(
                        "happened",
                        FieldType.BOOLEAN,
                        "the option the audit shows was done, where it says (the supported one "
                        "when that was done)",
                        required=False,
                        marks=Marks.AT_MOST_ONE,
                    ),
                ),
            ),
            FieldSpec("found", FieldType.TEXT, "the reveal: what the audit found, in its words"),
            FieldSpec(
                "key_messages",
                FieldType.ID_LIST,
                "the key messages the reveal links to",
                min_items=1,
                refers_to=KEY_MESSAGES,
                agrees_on="source",
            ),
            FieldSpec(
                "reflective_questions",
                FieldType.TEXT_LIST,
                "the questions the room reflects on after the reveal",
                min_items=1,
                quoted_from=("key_messages", "reflective_questions"),
            ),
        ),
    ),
    CollectionSpec(
        QUIZ_QUESTIONS,
        "quiz question",
        "quizzes/*.yml",
        "multiple-choice questions on the key messages, for workshops and self-study",
        (
            _id("e.g. `quiz-access-to-services`"),
            FieldSpec("source", FieldType.ID, "the audit the quiz is on", refers_to=SOURCES),
            FieldSpec(
                "key_message",
                FieldType.ID,
                "what the question tests, and its citation (with the key message's audit and "
                "cases): the correct option follows from its summary or actions, or the audit",
                refers_to=KEY_MESSAGES,
                agrees_on="source",
                covers=True,
            ),
            FieldSpec("question", FieldType.TEXT, "the question"),
            FieldSpec(
                "options",
                FieldType.ITEMS,
                "the answers to choose from; the wrong ones plausible but wrong by the audit",
                min_items=MIN_OPTIONS,
                max_items=MAX_OPTIONS,
                fields=(
                    FieldSpec("text", FieldType.TEXT, "the option", distinct=True),
                    FieldSpec(
                        "correct",
                        FieldType.BOOLEAN,
                        "the right answer",
                        required=False,
                        marks=Marks.EXACTLY_ONE,
                    ),
                ),
            ),
            FieldSpec(
                "explanation",
                FieldType.TEXT,
                "why the correct option is right, in the key message's or the audit's words; "
                "shown after answering, with the citation",
            ),
        ),
    ),
    CollectionSpec(
        CHECK_QUESTIONS,
        "before/after question",
        "checks/*.yml",
        "the questions a workshop on the audit asks at its start and again at its end, to show "
        "the shift in confidence or knowledge",
        (
            _id("e.g. `check-escalate-to-manager`"),
            FieldSpec("source", FieldType.ID, "the audit the workshop is on", refers_to=SOURCES),
            FieldSpec(
                "key_message",
                FieldType.ID,
                "the key message the question is about",
                refers_to=KEY_MESSAGES,
                agrees_on="source",
            ),
            FieldSpec(
                "confidence",
                FieldType.TEXT,
                "a confidence question: one of its key message's actions, which the room rates "
                "from 1 (not at all confident to do this) to 5 (very confident)",
                required=False,
                quoted_from=("key_message", "actions"),
            ),
            FieldSpec(
                "quiz_question",
                FieldType.ID,
                "a knowledge question: the quiz question asked before and after",
                required=False,
                refers_to=QUIZ_QUESTIONS,
                agrees_on="key_message",
            ),
        ),
        one_of=OneOf(
            ("confidence", "quiz_question"),
            "give either `confidence` (a key message's action to rate) or `quiz_question`",
        ),
    ),
)

COLLECTIONS_BY_KEY = {spec.key: spec for spec in COLLECTIONS}
