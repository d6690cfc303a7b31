"""Generates the NLU training data that is derived from `knowledge/`.

The example questions live once, with their key message; the Rasa files are build output,
committed so `rasa data validate` and reviewers see them, and a test fails when they are stale.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.dialogue.names import ASK_CASE_INTENT, learning_label
from bot.knowledge.schema import CASES, GLOSSARY, KEY_MESSAGES, SOURCES
from bot.knowledge.validation import KnowledgeSet, check_knowledge
from bot.settings import PROJECT_ROOT

HEADER = (
    "# GENERATED from knowledge/ by `python -m bot nlu generate` (run by `make knowledge`).\n"
    "# Do not edit: change knowledge/ and regenerate. `make test` fails when this is stale.\n"
)
# Each feature keeps what is generated from knowledge/ in its own generated/ folder, and only
# that: hand-written data sits beside it.
LEARNING_FILE = Path("data/learning/generated/nlu.yml")
RESPONSES_FILE = Path("data/learning/generated/responses.yml")
CASES_FILE = Path("data/cases/generated/nlu.yml")

CASE_TEMPLATES = (
    "tell me about the {name} case",
    "what happened in the {name} case",
    "what was the {name} case about",
    "summarise case {number} ({name})",
    "what did the audit learn from {name}",
    "{name} case",
    "what were the strengths in {name}'s case",
    "can you walk us through the case of {name}",
)
NUMBERED_CASE_TEMPLATES = (
    "tell me about case {number} in the {audit}",
    "what was case {number} of the {audit} about",
    "summary of {audit} case {number}",
    "what happened in case {number} ({audit})",
)


# People often say who they are before they ask ("hiya I'm a yr 8 teacher, ..."): each key
# message's first examples are repeated behind such an introduction, every introduction once
# per key message, so no role ("school nurse") leans towards the key message about that role.
INTRODUCTIONS = (
    "hi, I'm a school nurse - ",
    "hiya im a yr 8 teacher, ",
    "hello, health visitor here. ",
    "morning, I'm a newly qualified social worker and ",
    "GP here - ",
    "hi, camhs clinician, quick question: ",
    "team manager here. ",
    "hey, dsl at a primary school - ",
    "hello, I work in the police CAIT team, ",
)
INTRODUCED_EXAMPLES = len(INTRODUCTIONS)


@dataclass(frozen=True)
class GeneratedFile:
    path: Path
    text: str


def examples_block(intent: str, examples: list[str]) -> dict[str, str]:
    unique = list(dict.fromkeys(" ".join(example.split()) for example in examples))
    return {"intent": intent, "examples": "".join(f"- {example}\n" for example in unique)}


class _LiteralDumper(yaml.SafeDumper):
    pass


def _literal(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_LiteralDumper.add_representer(str, _literal)


def render(document: dict[str, object], header: str = HEADER) -> str:
    body = yaml.dump(
        {"version": "3.1", **document},
        Dumper=_LiteralDumper,
        sort_keys=False,
        allow_unicode=True,
        width=1000,
    )
    return header + body


def _case_examples(knowledge: KnowledgeSet) -> list[str]:
    audits = {source["id"]: source["short_title"] for source in knowledge.of(SOURCES)}
    examples: list[str] = []
    for case in knowledge.of(CASES):
        if case.get("name"):
            examples += [
                template.format(name=case["name"], number=case["number"])
                for template in CASE_TEMPLATES
            ]
        else:
            audit = audits[case["source"]]
            examples += [
                template.format(number=case["number"], audit=audit)
                for template in NUMBERED_CASE_TEMPLATES
            ]
    return examples


def _forms(entry: Mapping[str, Any]) -> list[str]:
    return [str(entry["term"]), *entry["expansions"]]


def glossary_forms(knowledge_dir: Path) -> dict[str, list[str]]:
    """Each glossary term and expansion (lower case) with the other forms it stands for."""
    forms: dict[str, list[str]] = {}
    for entry in check_knowledge(knowledge_dir).of(GLOSSARY):
        all_forms = [form.lower() for form in _forms(entry)]
        for form in all_forms:
            forms.setdefault(form, []).extend(other for other in all_forms if other != form)
    return forms


def with_glossary_variants(example: str, glossary: Sequence[Mapping[str, Any]]) -> list[str]:
    """The example, plus one copy per other form of each glossary term it contains."""
    variants = [example]
    for entry in glossary:
        forms = _forms(entry)
        for form in forms:
            # "DNAs", "EHCP's": abbreviations are pluralised as often as not.
            pattern = re.compile(rf"\b{re.escape(form)}(?:s|'s)?\b", re.IGNORECASE)
            if pattern.search(example):
                variants += [pattern.sub(other, example) for other in forms if other != form]
                break
    return variants


def learning_examples(
    message: Mapping[str, Any], glossary: Sequence[Mapping[str, Any]]
) -> list[str]:
    """The key message's example questions with glossary variants, then its title and actions,
    which carry the audit's own words for the topic."""
    examples = [
        variant
        for example in message["example_questions"]
        for variant in with_glossary_variants(example, glossary)
    ]
    introduced = [
        INTRODUCTIONS[(position + len(message["id"])) % len(INTRODUCTIONS)] + example
        for position, example in enumerate(message["example_questions"][:INTRODUCED_EXAMPLES])
    ]
    return examples + introduced + [message["title"], *message["actions"]]


def generate(knowledge: KnowledgeSet) -> list[GeneratedFile]:
    glossary = knowledge.of(GLOSSARY)
    learning = [
        examples_block(learning_label(message["id"]), learning_examples(message, glossary))
        for message in knowledge.of(KEY_MESSAGES)
    ]
    # Rasa wants a response per retrieval key; it is only the label the selector predicts,
    # the answer itself is composed by action_answer_learning.
    responses = {
        "utter_" + learning_label(message["id"]): [{"text": message["title"]}]
        for message in knowledge.of(KEY_MESSAGES)
    }
    cases = [examples_block(ASK_CASE_INTENT, _case_examples(knowledge))]
    return [
        GeneratedFile(LEARNING_FILE, render({"nlu": learning})),
        GeneratedFile(RESPONSES_FILE, render({"responses": responses})),
        GeneratedFile(CASES_FILE, render({"nlu": cases})),
    ]


def stale_files(knowledge: KnowledgeSet, root: Path = PROJECT_ROOT) -> list[Path]:
    """Generated files whose content on disk differs from what knowledge/ gives now."""
    stale = []
    for generated in generate(knowledge):
        target = root / generated.path
        if not target.exists() or target.read_text(encoding="utf-8") != generated.text:
            stale.append(generated.path)
    return stale


def write(knowledge: KnowledgeSet, root: Path = PROJECT_ROOT) -> list[Path]:
    """Writes only the files that changed, so Rasa's fingerprint sees no change otherwise."""
    changed = stale_files(knowledge, root)
    for generated in generate(knowledge):
        if generated.path in changed:
            target = root / generated.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(generated.text, encoding="utf-8")
    return changed
