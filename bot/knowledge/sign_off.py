"""The sign-off sheet a safeguarding lead reads and signs before go-live: every item the
assistant can say, under its id in knowledge/, with what it says, where it comes from and its
status (quoted, composed from a source, suggested, to be confirmed), and whether it is signed.

Built from the validated knowledge/ folder with the deployment's links and confirmations, the
same data `knowledge load` puts in the database; the Markdown (`markdown`) and the page and PDF
(`sign_off_page`) are two renderings of one `Sheet`, so they cannot say different things. An
item's fingerprint (`signatures.digest`) is what a signature records.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.knowledge.docs import markdown_table
from bot.knowledge.go_live import Confirmation, confirmable_ids, read_confirmations, route_step_key
from bot.knowledge.schema import (
    CASES,
    CHECK_QUESTIONS,
    COLLECTIONS_BY_KEY,
    ESCALATION_ROUTES,
    ESCALATION_STEPS,
    ESCALATION_TRIED,
    GLOSSARY,
    KEY_MESSAGES,
    LINKS_FILE,
    LINKS_KEY,
    QUIZ_QUESTIONS,
    SERVICES,
    SOURCES,
    THEMES,
    UNCOVERED_TOPICS,
    URGENT_CONTACTS,
    WALKTHROUGH_STAGES,
)
from bot.knowledge.signatures import (
    Signature,
    SignState,
    append_sign_off,
    chosen,
    digest,
    item_key,
    read_signatures,
    sign_off_entry,
    state,
)
from bot.knowledge.store import resolve_links
from bot.knowledge.validation import KnowledgeSet, Located, check_knowledge
from bot.settings import (
    DEFAULT_MAX_CONTENT_AGE_DAYS,
    DEFAULT_MAX_SOURCE_AGE_DAYS,
    Settings,
    max_content_age_days,
    max_source_age_days,
)

QUOTED = "quoted"
SUGGESTED = "suggested"
TO_CONFIRM = "to be confirmed"
ALL_CASES = "drawn from all the cases audited"


def due_for_review(reviewed: datetime.date, today: datetime.date, max_age_days: int) -> bool:
    return (today - reviewed).days > max_age_days


def composed_from(source: str) -> str:
    return f"composed from {source}"


@dataclass(frozen=True)
class SheetItem:
    collection: str
    id: str
    where: str
    """File and line in knowledge/ (or the deployment's links)."""
    says: tuple[tuple[str, str], ...]
    """What the assistant says from it, as (label, text) lines."""
    source: str
    status: str
    fingerprint: str
    signature: Signature | None = None
    review: str = ""
    """Why it is due for review, if it is (an old review date, an old copy of a web page)."""

    @property
    def key(self) -> str:
        return item_key(self.collection, self.id)

    @property
    def sign_state(self) -> SignState:
        return state(self.signature, self.fingerprint)

    @property
    def signed_text(self) -> str:
        signature, sign_state = self.signature, self.sign_state
        if signature is None:
            return "NOT SIGNED"
        when = f"{signature.by}, {signature.on.isoformat()}"
        if sign_state is SignState.CHANGED:
            return f"CHANGED SINCE SIGNED by {when}"
        return f"signed by {when}"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[SheetItem, ...]


@dataclass(frozen=True)
class Sheet:
    written: datetime.date
    sections: tuple[Section, ...]
    changed: tuple[SheetItem, ...] = field(default=())
    """Items changed since they were signed: shown first, in full."""

    @property
    def items(self) -> Iterator[SheetItem]:
        for section in self.sections:
            yield from section.items

    def needing_signature(self) -> list[SheetItem]:
        return [item for item in self.items if item.sign_state is not SignState.SIGNED]


# --- What each kind of item says, and where it comes from ----------------------------------


class _Index:
    """Lookups the items' sources need: audits' short titles, case labels, key messages."""

    def __init__(self, knowledge: KnowledgeSet) -> None:
        self.sources = {s["id"]: s for s in knowledge.of(SOURCES)}
        self.cases = {c["id"]: c for c in knowledge.of(CASES)}
        self.messages = {m["id"]: m for m in knowledge.of(KEY_MESSAGES)}
        self.quizzes = {q["id"]: q for q in knowledge.of(QUIZ_QUESTIONS)}

    def audit(self, source_id: str) -> str:
        return str(self.sources[source_id]["short_title"])

    def case(self, case_id: str) -> str:
        case = self.cases[case_id]
        name = f" ({case['name']})" if case.get("name") else ""
        return f"Case {case['number']}{name}"

    def cited(self, source_id: str, case_ids: Sequence[str], note: str | None = None) -> str:
        cases = ", ".join(self.case(case_id) for case_id in case_ids) or note or ALL_CASES
        return f"{self.audit(source_id)}, {cases}"

    def message(self, message_id: str) -> str:
        message = self.messages[message_id]
        where = self.cited(message["source"], message["cases"], message.get("case_note"))
        return f"{where}, key message '{message['title']}'"


def _options(options: Sequence[Mapping[str, Any]], marks: Mapping[str, str]) -> str:
    lines = []
    for letter, option in zip("ABCD", options, strict=False):
        shown = [label for name, label in marks.items() if option.get(name)]
        lines.append(f"{letter}. {option['text']}" + (f" [{', '.join(shown)}]" if shown else ""))
    return "\n".join(lines)


Row = tuple[tuple[tuple[str, str], ...], str, str]
"""What an item says, its source and its status."""


def _source(item: Mapping[str, Any], index: _Index) -> Row:
    says = (("Title", item["title"]), ("Overview", item.get("overview") or ""))
    return says, f"the audit itself: {item['title']}", QUOTED


def _theme(item: Mapping[str, Any], index: _Index) -> Row:
    says = (("Theme", item["title"]), ("Description", item.get("description") or ""))
    return says, "the assistant's grouping of the audits' key messages", SUGGESTED


def _case(item: Mapping[str, Any], index: _Index) -> Row:
    says = (
        ("Summary", item["summary"]),
        *(("Strength", text) for text in item.get("strengths") or []),
    )
    note = (
        " (the audit refers to it but does not summarise it)" if item.get("referred_only") else ""
    )
    return says, index.cited(item["source"], [item["id"]]) + note, QUOTED


def _service(item: Mapping[str, Any], index: _Index) -> Row:
    contact = item.get("contact") or {}
    says = (
        ("Name", item["name"]),
        ("Offers", item["offers"]),
        ("For", item["audience"]),
        *(
            (key.capitalize(), contact[key])
            for key in ("phone", "email", "website")
            if key in contact
        ),
        *((("Link", f"links.yml '{item['link']}'"),) if item.get("link") else ()),
    )
    source = index.audit(item["source"])
    status = (
        f"{TO_CONFIRM}: {item['to_confirm']}" if item.get("to_confirm") else composed_from(source)
    )
    return says, f"{source} (names the service; contact details as the audit prints them)", status


def _key_message(item: Mapping[str, Any], index: _Index) -> Row:
    says = (
        ("Title", item["title"]),
        ("Summary (composed)", item["summary"]),
        ("Found (quoted)", item["found"]),
        *(("Action (composed)", text) for text in item["actions"]),
        *(("Reflective question (quoted)", text) for text in item["reflective_questions"]),
        ("Reviewed by its author", item["reviewed"].isoformat()),
    )
    source = index.cited(item["source"], item["cases"], item.get("case_note"))
    return says, source, composed_from(source)


def _urgent_contact(item: Mapping[str, Any], index: _Index) -> Row:
    says = (
        ("Who", item["name"]),
        ("Phone", str(item["phone"])),
        ("When", item["when"]),
        ("Area", item["area"]),
    )
    source = str(item["source"])
    if item.get("source_url"):
        source += f", {item['source_url']}, copied {item['copied_on'].isoformat()}"
    else:
        source += " (no address or date copied given)"
    if item.get("confirmed_by"):
        status = f"confirmed by {item['confirmed_by']} on {item.get('confirmed_on')}"
    elif item.get("review_before_go_live"):
        status = f"{TO_CONFIRM} (not from the audits)"
    else:
        status = QUOTED
    return says, source, status


def _glossary(item: Mapping[str, Any], index: _Index) -> Row:
    says = (
        ("Term", item["term"]),
        *((("Stands for", item["stands_for"]),) if item.get("stands_for") else ()),
        *((("Meaning", item["meaning"]),) if item.get("meaning") else ()),
        *((("Also said as", ", ".join(item["expansions"])),) if item.get("expansions") else ()),
    )
    # Each entry names its source, but an expansion from a public page was written from
    # memory, not copied with a date: the lead confirms every one.
    return says, str(item["source"]), SUGGESTED


def _uncovered_topic(item: Mapping[str, Any], index: _Index) -> Row:
    says = (("Declined as not covered", item["label"]), ("Recognised by", ", ".join(item["terms"])))
    return says, "the assistant's list of topics the audits do not cover", SUGGESTED


def _step(item: Mapping[str, Any], index: _Index) -> Row:
    says = (
        ("Title", item["title"]),
        ("Who", item["who"]),
        ("What", item["what"]),
        *((("Contacts", ", ".join(item["services"])),) if item.get("services") else ()),
    )
    if item.get("key_message"):
        source = index.message(item["key_message"])
    else:
        source = str(item["reference"])
        if item.get("source_url"):
            source += f", {item['source_url']}, copied {item['copied_on'].isoformat()}"
    status = (
        f"{TO_CONFIRM}: {item['to_confirm']}" if item.get("to_confirm") else composed_from(source)
    )
    return says, source, status


def _tried(item: Mapping[str, Any], index: _Index) -> Row:
    says = (("Answer", item["label"]), ("Skips", ", ".join(item["done_steps"]) or "nothing"))
    return says, 'the assistant\'s question "what have you tried so far?"', SUGGESTED


def _route(
    item: Mapping[str, Any], index: _Index, confirmations: Mapping[str, Confirmation]
) -> Row:
    suggested = set(item.get("suggested_steps") or [])

    def step_line(number: int, step: str) -> str:
        key = route_step_key(item["id"], step)
        if step not in suggested:
            return f"{number}. {step}"
        confirmation = confirmations.get(key)
        if confirmation is not None:
            return f"{number}. {step} (its place confirmed by {confirmation.by}, {confirmation.on})"
        return f"{number}. {step} (its place here suggested, {TO_CONFIRM} as '{key}')"

    says = (
        ("Situation", item["title"]),
        ("Button", item["button"]),
        *((("Summary", item["summary"]),) if item.get("summary") else ()),
        ("Steps", "\n".join(step_line(n, s) for n, s in enumerate(item["steps"], 1))),
    )
    source = "; ".join(index.message(m) for m in item["key_messages"])
    unconfirmed = [s for s in suggested if route_step_key(item["id"], s) not in confirmations]
    status = f"{SUGGESTED} (the order of its steps)" if unconfirmed else composed_from(source)
    return says, source, status


def _stage(item: Mapping[str, Any], index: _Index) -> Row:
    marks = {"supported": "the audit supports", "happened": "what happened in the case"}
    says = (
        ("Stage", f"{index.case(item['case'])}, stage {item['stage']}"),
        ("Known (composed)", item["known"]),
        ("Question (composed)", item["question"]),
        ("Options (composed; marked)", _options(item["options"], marks)),
        ("Found (quoted)", item["found"]),
        *(("Reflective question (quoted)", text) for text in item["reflective_questions"]),
        ("Key messages", ", ".join(item["key_messages"])),
    )
    source = index.cited(item["source"], [item["case"]])
    return says, source, composed_from(source)


def _quiz(item: Mapping[str, Any], index: _Index) -> Row:
    says = (
        ("Question", item["question"]),
        ("Options (marked: the answer)", _options(item["options"], {"correct": "correct"})),
        ("Explanation", item["explanation"]),
    )
    source = index.message(item["key_message"])
    return says, source, composed_from(source)


def _check(item: Mapping[str, Any], index: _Index) -> Row:
    if item.get("confidence"):
        says: tuple[tuple[str, str], ...] = (
            ("Confidence, 1 to 5 (an action, quoted)", item["confidence"]),
        )
    else:
        quiz = index.quizzes[item["quiz_question"]]
        says = (("Knowledge (quiz question)", f"{item['quiz_question']}: {quiz['question']}"),)
    source = index.message(item["key_message"])
    return says, source, composed_from(source)


Describe = Callable[[Mapping[str, Any], _Index], Row]

_DESCRIBE: dict[str, Describe] = {
    SOURCES: _source,
    THEMES: _theme,
    CASES: _case,
    SERVICES: _service,
    KEY_MESSAGES: _key_message,
    URGENT_CONTACTS: _urgent_contact,
    GLOSSARY: _glossary,
    UNCOVERED_TOPICS: _uncovered_topic,
    ESCALATION_STEPS: _step,
    ESCALATION_TRIED: _tried,
    WALKTHROUGH_STAGES: _stage,
    QUIZ_QUESTIONS: _quiz,
    CHECK_QUESTIONS: _check,
}

_ORDER = (
    URGENT_CONTACTS,
    LINKS_KEY,
    ESCALATION_ROUTES,
    ESCALATION_STEPS,
    ESCALATION_TRIED,
    SERVICES,
    KEY_MESSAGES,
    CASES,
    WALKTHROUGH_STAGES,
    QUIZ_QUESTIONS,
    CHECK_QUESTIONS,
    GLOSSARY,
    UNCOVERED_TOPICS,
    SOURCES,
    THEMES,
)
_BY_AUDIT = (KEY_MESSAGES, CASES, WALKTHROUGH_STAGES, QUIZ_QUESTIONS, CHECK_QUESTIONS)
"""Collections long enough to sign one audit at a time."""


def _title(collection: str) -> str:
    if collection == LINKS_KEY:
        return "Links the audits leave blank"
    label = COLLECTIONS_BY_KEY[collection].label
    return f"{label[0].upper()}{label[1:]}s"


def _link_items(
    links: Mapping[str, str], deployed: Mapping[str, str], signatures: Mapping[str, Signature]
) -> Iterator[SheetItem]:
    for link_id, written in links.items():
        url = deployed.get(link_id, written)
        status = f"set by the deployment: {TO_CONFIRM}" if url else f"NOT SET ({TO_CONFIRM})"
        yield SheetItem(
            LINKS_KEY,
            link_id,
            f"knowledge/{LINKS_FILE}",
            (("URL", url or "(blank, as in the audit)"),),
            "the audit leaves this link blank" if not written else "knowledge/links.yml",
            status,
            digest({"id": link_id, "url": url}),
            signatures.get(item_key(LINKS_KEY, link_id)),
        )


def _review(
    data: Mapping[str, Any], today: datetime.date, max_age: int, max_source_age: int
) -> str:
    reviewed, copied = data.get("reviewed"), data.get("copied_on")
    if isinstance(reviewed, datetime.date) and due_for_review(reviewed, today, max_age):
        return f"DUE FOR REVIEW: last reviewed {reviewed.isoformat()}"
    if isinstance(copied, datetime.date) and due_for_review(copied, today, max_source_age):
        return f"DUE FOR REVIEW: copied from its page {copied.isoformat()}, check the page again"
    return ""


def build(
    knowledge: KnowledgeSet,
    *,
    links: Mapping[str, str],
    confirmations: Mapping[str, Confirmation],
    signatures: Mapping[str, Signature],
    today: datetime.date,
    max_age_days: int = DEFAULT_MAX_CONTENT_AGE_DAYS,
    max_source_age_days: int = DEFAULT_MAX_SOURCE_AGE_DAYS,
) -> Sheet:
    """The sheet for everything in `knowledge`, with the deployment's links (as resolved by
    `store.resolve_links`), its contact and step confirmations and the signatures so far."""
    index = _Index(knowledge)

    def items_of(collection: str, located: Sequence[Located]) -> tuple[SheetItem, ...]:
        made = []
        for item in located:
            data = item.data
            if collection == URGENT_CONTACTS and data["id"] in confirmations:
                confirmation = confirmations[data["id"]]
                data = type(data)(data, confirmed_by=confirmation.by, confirmed_on=confirmation.on)
            if collection == ESCALATION_ROUTES:
                says, source, status = _route(data, index, confirmations)
            else:
                says, source, status = _DESCRIBE[collection](data, index)
            key = item_key(collection, str(item.data["id"]))
            made.append(
                SheetItem(
                    collection,
                    str(item.data["id"]),
                    item.where,
                    says,
                    source,
                    status,
                    digest(item.data),
                    signatures.get(key),
                    _review(item.data, today, max_age_days, max_source_age_days),
                )
            )
        return tuple(made)

    sections: list[Section] = []
    for collection in _ORDER:
        if collection == LINKS_KEY:
            link_items = tuple(_link_items(knowledge.links, links, signatures))
            sections.append(Section("links", _title(LINKS_KEY), link_items))
            continue
        located = knowledge.items.get(collection, [])
        if collection in _BY_AUDIT:
            for source_id in index.sources:
                own = [item for item in located if item.data.get("source") == source_id]
                if own:
                    sections.append(
                        Section(
                            f"{collection.replace('_', '-')}-{source_id}",
                            f"{_title(collection)}: {index.audit(source_id)}",
                            items_of(collection, own),
                        )
                    )
        else:
            sections.append(
                Section(
                    collection.replace("_", "-"), _title(collection), items_of(collection, located)
                )
            )
    sheet = Sheet(today, tuple(sections))
    changed = tuple(item for item in sheet.items if item.sign_state is SignState.CHANGED)
    return Sheet(today, tuple(sections), changed)


# --- Markdown -------------------------------------------------------------------------------

HEADER = (
    "Every item the assistant can say is listed under its id in knowledge/, with what it says, "
    "where it comes from and its status: quoted (the audit's words), composed from a "
    "source (the assistant's words, resting on that source), suggested (the assistant's "
    "own, e.g. the order of a route's steps), to be confirmed (the partnership must confirm "
    "it before go-live). Each item shows whether it is signed; an item edited after it was "
    "signed is listed first, as changed since signed. python -m bot knowledge check "
    "--release fails until every item is signed as it is now."
)
SIGNATURE_LINES = (
    "Checked against the sources and signed off by (name and role): ______________________",
    "Date: ______________    Signature: ______________________",
)


def sign_command(section_id: str) -> str:
    return f'python -m bot knowledge sign --by "NAME, ROLE" --section {section_id}'


def _cell(text: str) -> str:
    return text.replace("\n", "<br>").replace("|", "\\|")


def _item_rows(items: Sequence[SheetItem]) -> list[str]:
    return markdown_table(
        ("id", "what the assistant says", "source", "status", "sign-off"),
        (
            (
                f"`{item.id}`<br>{item.where}",
                "<br>".join(f"**{label}:** {_cell(text)}" for label, text in item.says if text),
                _cell(item.source),
                _cell(" ".join(filter(None, (item.status, item.review)))),
                f"{item.signed_text}<br>`{item.fingerprint}`",
            )
            for item in items
        ),
    )


def markdown(sheet: Sheet) -> str:
    """The sheet as Markdown: what changed since it was signed, then a section per kind of
    item (per audit where there are many), each with its signature block."""
    unsigned = sheet.needing_signature()
    lines = [
        "# Sign-off sheet: reflective practice assistant",
        "",
        f"Written {sheet.written.isoformat()} from knowledge/. {HEADER}",
        "",
        f"{sum(1 for _ in sheet.items)} items; {len(unsigned)} not signed as they are now "
        f"({len(sheet.changed)} changed since signed).",
        "",
    ]
    if sheet.changed:
        lines += ["## Changed since signed", "", *_item_rows(sheet.changed), ""]
    for section in sheet.sections:
        lines += [f"## {section.title}", "", f"Section id: `{section.id}`.", ""]
        lines += _item_rows(section.items)
        lines += [
            "",
            *(f"{line}  " for line in SIGNATURE_LINES),
            "",
            f"To record it: `{sign_command(section.id)}`",
            "",
        ]
    return "\n".join(lines)


# --- From the deployment's settings -----------------------------------------------------------


def sheet_for(
    settings: Settings, environ: Mapping[str, str], today: datetime.date
) -> tuple[KnowledgeSet, Sheet]:
    """The validated knowledge and its sheet, with the deployment's links, confirmations and
    signatures (all from `settings` and `environ`, as `knowledge load` reads them)."""
    knowledge = check_knowledge(settings.knowledge_dir)
    confirmations = read_confirmations(settings.confirmations_file, confirmable_ids(knowledge))
    sheet = build(
        knowledge,
        links=resolve_links(knowledge.links, settings.links_file, environ),
        confirmations=confirmations,
        signatures=read_signatures(settings.confirmations_file),
        today=today,
        max_age_days=max_content_age_days(environ),
        max_source_age_days=max_source_age_days(environ),
    )
    return knowledge, sheet


def signable(settings: Settings, path: Path) -> Settings:
    """The settings with signatures read from `path`, which the first signature creates:
    until then nothing is signed."""
    return replace(settings, confirmations_file=path if path.exists() else None)


@dataclass(frozen=True)
class SignedSections:
    """What one signature recorded: the sections and the fingerprint of each of their items."""

    sections: tuple[str, ...]
    items: Mapping[str, str]


def sign(
    settings: Settings,
    environ: Mapping[str, str],
    by: str,
    on: datetime.date,
    sections: Sequence[str],
    path: Path,
) -> SignedSections:
    """Records a signed sheet in the confirmations file `path`: who, when and the fingerprint
    of every item of the sections named (all when none are), as the sheet shows them now. The
    one way a signature is written, from `knowledge sign` and from the learning lead's page."""
    _, sheet = sheet_for(signable(settings, path), environ, datetime.date.today())
    names = chosen((part.id for part in sheet.sections), sections)
    items = {
        item.key: item.fingerprint
        for part in sheet.sections
        if part.id in names
        for item in part.items
    }
    append_sign_off(path, sign_off_entry(by, on, names, items))
    return SignedSections(tuple(names), items)


def sources_to_review(
    knowledge: KnowledgeSet, today: datetime.date, max_age_days: int
) -> list[str]:
    """Contacts and steps taken from a public web page: those copied longer ago than
    `max_age_days` (the page may have changed), and those that do not say which page or when."""
    from_a_page: dict[str, Callable[[Mapping[str, Any]], bool]] = {
        URGENT_CONTACTS: lambda data: bool(data.get("review_before_go_live")),
        ESCALATION_STEPS: lambda data: bool(data.get("reference")),
    }
    lines = []
    for collection, is_from_a_page in from_a_page.items():
        label = COLLECTIONS_BY_KEY[collection].label
        for item in knowledge.items.get(collection, []):
            data, named = item.data, f"{item.where}: {COLLECTIONS_BY_KEY[collection].label}"
            copied = data.get("copied_on")
            if isinstance(copied, datetime.date) and due_for_review(copied, today, max_age_days):
                lines.append(
                    f"{named} '{data['id']}': copied from {data['source_url']} on "
                    f"{copied.isoformat()}, more than {max_age_days} days ago: check the page again"
                )
            elif is_from_a_page(data) and not data.get("source_url"):
                lines.append(
                    f"{named} '{data['id']}': taken from a public page, but gives no "
                    f"'source_url' and 'copied_on' (which page, copied when) for this {label}"
                )
    return lines
