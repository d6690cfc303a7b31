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

from bot.knowledge.schema import (
    CASES,
    GLOSSARY,
    KEY_MESSAGES,
    QUIZ_QUESTIONS,
    SOURCES,
    THEMES,
    WALKTHROUGH_STAGES,
)
from bot.knowledge.validation import KnowledgeSet, check_knowledge
from bot.names import (
    ASK_CASE_INTENT,
    ASK_HANDOUT_INTENT,
    DISCUSSION_INTENT,
    QUIZ_INTENT,
    TERM_INTENT,
    WALKTHROUGH_INTENT,
    WORKSHOP_INTENT,
    learning_label,
)
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
ACTIVITIES_FILE = Path("data/activities/generated/nlu.yml")
TERMS_FILE = Path("data/moves/generated/nlu.yml")

CASE_TEMPLATES = (
    "tell me about the {name} case",
    "what happened in the {name} case",
    "what was the {name} case about",
    "summarise case {number} ({name})",
    "what did the audit learn from {name}",
    "{name} case",
    "what were the strengths in {name}'s case",
)
NUMBERED_CASE_TEMPLATES = (
    "tell me about case {number} in the {audit}",
    "what was case {number} of the {audit} about",
    "summary of {audit} case {number}",
    "what happened in case {number} ({audit})",
)


# What trainers ask for, with the names of the cases and audits in knowledge/: a case is
# named by its pseudonym ({case}) or by its number and audit; an audit by its short title or
# an alias ({audit}); a theme by its title ({theme}).
WALKTHROUGH_TEMPLATES = (
    "walk me through {case}",
    "can we go through {case_possessive} step by step",
    "take me through {case} stage by stage",
    "case walkthrough for {case}",
    "lets do {case} as a what would you do next exercise",
)
CASE_DISCUSSION_TEMPLATES = (
    "discussion questions for the group on {case}",
    "reflective questions for a team discussion of {case}",
    "what could my team discuss about {case}",
)
CASE_HANDOUT_TEMPLATES = (
    "handout for {case}",
    "7-minute briefing on {case}",
    "printable summary of {case_possessive} for the team",
    "seven minute briefing {case}",
)
AUDIT_QUIZ_TEMPLATES = (
    "quiz me on the {audit}",
    "test me on the {audit} audit",
    "quiz questions on the {audit} learning",
)
AUDIT_WORKSHOP_TEMPLATES = (
    "running a workshop on the {audit}",
    "I'm training a team on the {audit} audit next week",
    "help me plan a training session on the {audit} learning",
    "what have you got for a workshop on the {audit}",
)
AUDIT_HANDOUT_TEMPLATES = (
    "printable handout of the {audit} key messages",
    "pdf handout of the {audit} learning",
)
AUDIT_DISCUSSION_TEMPLATES = ("discussion questions on the {audit} cases",)
THEME_QUIZ_TEMPLATES = ("a quiz question on {theme}", "test me on {theme}")
THEME_HANDOUT_TEMPLATES = ("handout on {theme}",)
# Asking what a glossary term is: a few shapes per term, taking turns so each term meets two.
TERM_TEMPLATES = (
    "what does {term} stand for",
    "{term}?",
    "what is {term}",
    "what's a {term}",
    "{term} meaning",
    "what do they mean by {term}",
)
TERM_TEMPLATES_EACH = 2


def _term_examples(knowledge: KnowledgeSet) -> list[dict[str, str]]:
    examples = [
        TERM_TEMPLATES[(position * TERM_TEMPLATES_EACH + turn) % len(TERM_TEMPLATES)].format(
            term=entry["term"]
        )
        for position, entry in enumerate(knowledge.of(GLOSSARY))
        for turn in range(TERM_TEMPLATES_EACH)
    ]
    return [examples_block(TERM_INTENT, examples)]


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


def _case_names(knowledge: KnowledgeSet, only: set[str] | None = None) -> list[tuple[str, str]]:
    """Each case as a phrase and its possessive: "the Erika case", "Erika's case", or "case 2 of
    the Mental health audit 2019/20" for both."""
    audits = {source["id"]: source["short_title"] for source in knowledge.of(SOURCES)}
    names = []
    for case in knowledge.of(CASES):
        if only is not None and case["id"] not in only:
            continue
        if case.get("name"):
            names.append((f"the {case['name']} case", f"{case['name']}'s case"))
        else:
            named = f"case {case['number']} of the {audits[case['source']]}"
            names.append((named, named))
    return names


def _audit_names(knowledge: KnowledgeSet) -> list[str]:
    """Each audit's short title and its first two aliases."""
    return [
        name
        for source in knowledge.of(SOURCES)
        for name in (source["short_title"], *source.get("aliases", [])[:2])
    ]


def _filled(templates: Sequence[str], **values: str) -> list[str]:
    return [template.format(**values) for template in templates]


def _activity_examples(knowledge: KnowledgeSet) -> list[dict[str, str]]:
    walkable = {stage["case"] for stage in knowledge.of(WALKTHROUGH_STAGES)}
    audited = {case["id"] for case in knowledge.of(CASES) if not case.get("referred_only")}
    quizzed_themes = {
        message["theme"]
        for message in knowledge.of(KEY_MESSAGES)
        if message["id"] in {question["key_message"] for question in knowledge.of(QUIZ_QUESTIONS)}
    }
    themes = [theme["title"].lower() for theme in knowledge.of(THEMES)]
    quiz_themes = [
        theme["title"].lower() for theme in knowledge.of(THEMES) if theme["id"] in quizzed_themes
    ]
    walkthroughs: list[str] = []
    for case, possessive in _case_names(knowledge, walkable):
        walkthroughs += _filled(WALKTHROUGH_TEMPLATES, case=case, case_possessive=possessive)
    discussion: list[str] = []
    handouts: list[str] = []
    for case, possessive in _case_names(knowledge, audited):
        discussion += _filled(CASE_DISCUSSION_TEMPLATES, case=case, case_possessive=possessive)
        handouts += _filled(CASE_HANDOUT_TEMPLATES, case=case, case_possessive=possessive)
    quizzes: list[str] = []
    workshops: list[str] = []
    for audit in _audit_names(knowledge):
        quizzes += _filled(AUDIT_QUIZ_TEMPLATES, audit=audit)
        workshops += _filled(AUDIT_WORKSHOP_TEMPLATES, audit=audit)
        handouts += _filled(AUDIT_HANDOUT_TEMPLATES, audit=audit)
        discussion += _filled(AUDIT_DISCUSSION_TEMPLATES, audit=audit)
    for theme in quiz_themes:
        quizzes += _filled(THEME_QUIZ_TEMPLATES, theme=theme)
    for theme in themes:
        handouts += _filled(THEME_HANDOUT_TEMPLATES, theme=theme)
    return [
        examples_block(WALKTHROUGH_INTENT, walkthroughs),
        examples_block(QUIZ_INTENT, quizzes),
        examples_block(DISCUSSION_INTENT, discussion),
        examples_block(WORKSHOP_INTENT, workshops),
        examples_block(ASK_HANDOUT_INTENT, handouts),
    ]


def _forms(entry: Mapping[str, Any]) -> list[str]:
    return [str(entry["term"]), *(entry.get("expansions") or [])]


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
        GeneratedFile(ACTIVITIES_FILE, render({"nlu": _activity_examples(knowledge)})),
        GeneratedFile(TERMS_FILE, render({"nlu": _term_examples(knowledge)})),
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
