"""How often the urgent model ALONE (no rules) sees a sign of danger (POSSIBLE_DANGER) in a
blind set it did not learn from (`python -m bot nlu danger-loso`): on emergencies (recall) and
on everything else (false alarms), each released set scored by a model taught by the others
only (bot/safeguards/urgent_taught.yml's labels), beside the model taught by none.

Measured 2026-12-05 (issue 20) on sets A-I and the stress set U (/work/blind/U/urgent.yml),
shares at or above 0.3, before and after teaching (in that run U was also taught when another
set was held out):

    taught by     emergencies    risk practice   contact requests   other questions
    none          1,087/1,102    89/1,121        13/867             165/1,995
    the others    1,096/1,102    46/1,121        8/867              75/1,995

Every set gained or held: H's emergencies 119 -> 121 of 122, I's 108 -> 111 of 112 (its three
first-contact misses found without their rules), U's 128 -> 130 of 133. The model taught by
none had its examples and rules written after reading A-I, so its figures there flatter it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.encoder import ENCODED_DIR, cached_encode
from bot.safeguards.nlu_components import POSSIBLE_DANGER
from bot.safeguards.privacy import mask
from bot.safeguards.urgent_retrieval import Examples, Label, UrgentExamples, base_examples
from bot.tooling.blind import BlindSet
from bot.tooling.blind_labels import urgent_labelled
from bot.tooling.conversation_eval import is_conversation_file
from bot.tooling.evaluation import load_questions

KINDS = ("emergency", "risk_practice", "urgent_contact")
OTHER = "other"
"""Every other kind of question (topic, case, out of coverage, privacy, ...)."""


@dataclass
class Outcome:
    """Per kind of question: how many scored a sign of danger, of how many."""

    seen: dict[str, list[int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, kind: str, danger: bool) -> None:
        counts = self.seen.setdefault(kind, [0, 0])
        counts[0] += danger
        counts[1] += 1

    def merge(self, other: Outcome) -> None:
        for kind, (found, total) in other.seen.items():
            counts = self.seen.setdefault(kind, [0, 0])
            counts[0] += found
            counts[1] += total
        self.misses += other.misses

    def row(self) -> str:
        return "  ".join(
            f"{kind} {self.seen.get(kind, [0, 0])[0]}/{self.seen.get(kind, [0, 0])[1]}"
            for kind in (*KINDS, OTHER)
        )


def questions(files: Iterable[Path]) -> list[tuple[str, str]]:
    """(kind, text) of every question in these files, conversations aside."""
    return [
        (question.kind if question.kind in KINDS else OTHER, question.text)
        for path in files
        if not is_conversation_file(path)
        for question in load_questions(path)
    ]


def as_examples(labelled: Mapping[str, list[str]]) -> Examples:
    return {label: list(labelled.get(label.value, [])) for label in Label}


def score(model: UrgentExamples, asked: Sequence[tuple[str, str]], set_id: str) -> Outcome:
    """Each question as the pipeline reads it (identifiers masked), its vector cached."""
    masked = [mask(text) for _, text in asked]
    vectors = cached_encode(masked, ENCODED_DIR)
    outcome = Outcome()
    for (kind, text), seen, vector in zip(asked, masked, vectors, strict=True):
        danger = model.nearest(seen, vector).scores[Label.DANGER] >= POSSIBLE_DANGER
        outcome.add(kind, danger)
        if kind == "emergency" and not danger:
            outcome.misses.append(f"{set_id}: {text}")
    return outcome


def leave_one_set_out(
    sets: Sequence[BlindSet], extra: Mapping[str, Sequence[Path]] = {}
) -> dict[str, dict[str, Outcome]]:
    """{"none" | "others": {set id: outcome}}: the released sets, each scored by the model
    taught by no set and by every other released set; `extra` sets are scored, never taught."""
    released = {s.id: s.files for s in sets if s.released}
    taught = {set_id: as_examples(urgent_labelled(files)) for set_id, files in released.items()}
    base = base_examples()
    untaught = UrgentExamples(base)
    table: dict[str, dict[str, Outcome]] = {"none": {}, "others": {}}
    for set_id, files in {**released, **extra}.items():
        asked = questions(files)
        others = [group for other, group in taught.items() if other != set_id]
        table["none"][set_id] = score(untaught, asked, set_id)
        table["others"][set_id] = score(UrgentExamples(base, *others), asked, set_id)
    return table
