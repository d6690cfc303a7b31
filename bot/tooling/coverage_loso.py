"""Leave one set out for the coverage judge (`python -m bot nlu coverage-loso`): each released
blind set judged with the out-of-coverage and learning examples of the other sets only.

What it counts: out-of-coverage questions the judge declines, and in-coverage messages it
declines wrongly, by kind (topic, case, risk_practice, the urgent kinds, conversation turns).
The judge is one of two ways the assistant declines (a question near nothing the audits say is
told so too, bot/dialogue/retrieval.py), so its out-of-coverage figure is a floor of what
`bot eval` counts; its wrong declines are all the coverage step's. The model's intent decides
whether meaning may decline (coverage_component.BY_MEANING): it is read from a running
assistant's parse once and kept in var/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bot.dialogue import coverage_component
from bot.dialogue.coverage import CoverageJudge, Examples, UncoveredTopic
from bot.dialogue.coverage_component import COVERAGE_SAW
from bot.names import OUT_OF_COVERAGE_INTENT
from bot.tooling.blind import BlindSet
from bot.tooling.conversation_eval import Turn, is_conversation_file, load_conversations
from bot.tooling.evaluation import load_questions

CONVERSATION_TURN = "conversation turn"
DECLINE_ACCEPTED = "conversation turn where a decline is expected"
DECLINE_WORDS = frozenset(
    {"not cover", "don't cover", "doesn't cover", "does not cover", "do not cover"}
)
OUT_OF_COVERAGE = "out_of_coverage"
NOT_JUDGED = frozenset({"privacy", "trainer"})
"""Kinds whose questions may name any topic, and get their own replies before the coverage
step's. An out_of_scope question ("what time does the canteen open") is judged: declining it as
a safeguarding topic the audits do not cover is as wrong as declining their learning."""


@dataclass(frozen=True)
class Message:
    set_id: str
    kind: str
    text: str


def _turn_kind(turn: Turn) -> str:
    """A turn whose expected reply may be a decline is no in-coverage message to count."""
    phrases = {phrase for group in turn.expect for phrase in group}
    return DECLINE_ACCEPTED if phrases & DECLINE_WORDS else CONVERSATION_TURN


def messages(sets: Sequence[BlindSet]) -> list[Message]:
    """Every released set's typed questions and conversation turns, by kind."""
    found = []
    for blind_set in sets:
        if not blind_set.released:
            continue
        for path in blind_set.files:
            if is_conversation_file(path):
                found += [
                    Message(blind_set.id, _turn_kind(turn), turn.say)
                    for conversation in load_conversations(path)
                    for turn in conversation.turns
                    if turn.say is not None
                ]
            else:
                found += [
                    Message(blind_set.id, q.kind, q.text)
                    for q in load_questions(path)
                    if q.kind not in NOT_JUDGED
                ]
    return found


def model_intent(parse: Mapping[str, Any]) -> str | None:
    """The intent the coverage step judged by (it records it, COVERAGE_SAW): not the top of the
    ranking, which the safety step after it may have overridden again (identifiers, danger,
    contacts), and which undercounted the declines by about 21. A parse without the record (a
    model from before it) is read from the ranking, less the coverage step's own override."""
    if COVERAGE_SAW in parse:
        saw = parse[COVERAGE_SAW]
        return str(saw) if saw else None
    ranking = [entry for entry in parse.get("intent_ranking") or [] if isinstance(entry, dict)]
    names = [str(entry.get("name")) for entry in ranking]
    if names and names[0] == OUT_OF_COVERAGE_INTENT:
        names = names[1:]
    return names[0] if names else None


@dataclass
class Outcome:
    declined: int = 0
    out_total: int = 0
    wrong: dict[str, int] = field(default_factory=dict)
    judged: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def row(self) -> str:
        wrong = ", ".join(
            f"{kind} {self.wrong.get(kind, 0)}/{total}"
            for kind, total in sorted(self.judged.items())
        )
        return (
            f"declined {self.declined}/{self.out_total}; wrongly declined "
            f"{sum(self.wrong.values())}/{sum(self.judged.values())} ({wrong})"
        )


def summed(outcomes: Iterable[Outcome]) -> Outcome:
    """Every held-out set's counts together: what a choice of constants is fitted on."""
    total = Outcome()
    for outcome in outcomes:
        total.declined += outcome.declined
        total.out_total += outcome.out_total
        for mine, theirs in ((total.wrong, outcome.wrong), (total.judged, outcome.judged)):
            for kind, count in theirs.items():
                mine[kind] = mine.get(kind, 0) + count
        total.failures += outcome.failures
    return total


def judged_topic(
    judge: CoverageJudge, message: Message, intent: str | None
) -> UncoveredTopic | None:
    """What the coverage step would name (coverage_component.CoverageFlagger.process)."""
    return coverage_component.judged_topic(judge, message.text, intent)


def score(
    judge: CoverageJudge, test: Sequence[Message], intents: Mapping[str, str | None]
) -> Outcome:
    outcome = Outcome()
    for message in test:
        topic = judged_topic(judge, message, intents.get(message.text))
        if message.kind == DECLINE_ACCEPTED:
            continue
        if message.kind == OUT_OF_COVERAGE:
            outcome.out_total += 1
            if topic is not None:
                outcome.declined += 1
            else:
                outcome.failures.append(f"not declined: {message.text}")
            continue
        outcome.judged[message.kind] = outcome.judged.get(message.kind, 0) + 1
        if topic is not None:
            outcome.wrong[message.kind] = outcome.wrong.get(message.kind, 0) + 1
            outcome.failures.append(f"declined {message.kind} as {topic.id}: {message.text}")
    return outcome


Judge = Callable[[Examples], CoverageJudge]


def examples_without(examples_by_set: Mapping[str, Examples], held_out: str) -> Examples:
    """Every set's examples but the held-out set's."""
    others = [e for set_id, e in examples_by_set.items() if set_id != held_out]
    return Examples(
        tuple(q for e in others for q in e.uncovered), tuple(q for e in others for q in e.learning)
    )


def leave_one_set_out(
    judge_with: Judge,
    examples_by_set: Mapping[str, Examples],
    all_messages: Sequence[Message],
    intents: Mapping[str, str | None],
) -> dict[str, Outcome]:
    table = {}
    for held_out in sorted({m.set_id for m in all_messages}):
        test = [m for m in all_messages if m.set_id == held_out]
        judge = judge_with(examples_without(examples_by_set, held_out))
        table[held_out] = score(judge, test, intents)
    return table


def needing_intent(
    judge_with: Judge, examples_by_set: Mapping[str, Examples], all_messages: Sequence[Message]
) -> set[str]:
    """The texts whose decision the model's intent can change: those the judge, its set held
    out, declines when meaning may decline. Any other is declined under no intent (a topic
    named is weighed by the same margins either way), so the model parses a few hundred
    messages instead of every one of 10,000 (an hour on a shared machine)."""
    texts: set[str] = set()
    for held_out in sorted({m.set_id for m in all_messages}):
        judge = judge_with(examples_without(examples_by_set, held_out))
        texts |= {
            m.text
            for m in all_messages
            if m.set_id == held_out and judge.topic(m.text, by_meaning=True) is not None
        }
    return texts


def memo_encoder(
    known: Mapping[str, np.ndarray], encode: Callable[[list[str]], np.ndarray]
) -> Callable[[list[str]], np.ndarray]:
    """The `known` vectors (every line, example and message, encoded in one batch), and each
    other text (a question with a topic's words taken out) encoded once."""
    vectors = dict(known)

    def lookup(texts: list[str]) -> np.ndarray:
        missing = [text for text in dict.fromkeys(texts) if text not in vectors]
        if missing:
            vectors.update(zip(missing, encode(missing), strict=True))
        return np.stack([vectors[text] for text in texts])

    return lookup
