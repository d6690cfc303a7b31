"""Leave one set out: each way of answering topic questions is scored on a released blind
set it did not learn from (`python -m bot nlu loso`).

The response selector's rankings come from one trained model (parsed once and kept by text
in var/); BM25, the nearest example and their fusion are rebuilt here for each held-out set
from the knowledge and the other released sets, so no candidate needs Rasa retrained.
A question is answered right when the key message answered holds what it expects (the
check `make eval` makes); an out-of-coverage question is declined when it is neither
answered nor near the knowledge. With the replies (`--replies`), each question is also given
the reply the assistant would give it on a first turn (bot/tooling/first_replies.py: a case
line, a term, a service's detail, the route finder's question, or the answer), built with the
fusion and taught lines of the other sets, and scored as `bot eval` scores a reply
(evaluation.passes); its misses are grouped by what would have held them
(bot/tooling/reply_misses.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from bot.dialogue import retrieval, understanding
from bot.dialogue.subjects import Subjects
from bot.dialogue.understanding import Ranked
from bot.knowledge.models import KeyMessage
from bot.names import OUT_OF_COVERAGE_INTENT
from bot.tooling.blind import BlindSet
from bot.tooling.blind_labels import Labelled, label, released_questions, taught_examples
from bot.tooling.compare import AnswerTexts, answer_holds
from bot.tooling.conversation_eval import is_conversation_file
from bot.tooling.evaluation import Question, load_questions, passes
from bot.tooling.fingerprint import content_digest
from bot.tooling.first_replies import FirstReply, Route
from bot.tooling.reply_misses import ReplyMiss

Parse = Callable[[str], Mapping[str, Any]]
PARSE_FIELDS = ("intent", "intent_ranking", "entities", "response_selector")
"""What the replies read of a parse (the intent's name is kept by itself)."""
Encode = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class Item:
    set_id: str
    question: Question
    holding: frozenset[str]
    """Every key message whose answer holds what the question expects (empty: out of coverage)."""
    label: str | None
    """The one key message that does, when only one does: what a set may teach."""

    @property
    def in_coverage(self) -> bool:
        return self.question.kind != "out_of_coverage"


def items(sets: Sequence[BlindSet], messages: Mapping[str, KeyMessage]) -> list[Item]:
    found = []
    answers: AnswerTexts = {}
    for set_id, question in released_questions(sets):
        holding = frozenset(k for k, m in messages.items() if answer_holds(question, m, answers))
        found.append(Item(set_id, question, holding, label(question, messages)))
    for blind_set in sets:
        if not blind_set.released:
            continue
        for path in blind_set.files:
            if is_conversation_file(path):
                continue
            for question in load_questions(path):
                if question.kind == "out_of_coverage":
                    found.append(Item(blind_set.id, question, frozenset(), None))
    return found


def cached_parses(texts: Sequence[str], parser: Callable[[], Parse], path: Path) -> dict[str, Any]:
    """The model's parse of each text, kept in `path` (the model is the same for every
    candidate, and parsing 1,500 questions takes minutes); the model loads only if a text
    is missing."""
    known: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    # a text kept before the replies read its entities and intent ranking is parsed again
    missing = [text for text in texts if set(PARSE_FIELDS) - set(known.get(text, {}))]
    parse = parser() if missing else None
    for text in missing:
        assert parse is not None
        data = parse(text)
        known[text] = {
            "text": text,
            "intent": (data.get("intent") or {}).get("name"),
            "intent_ranking": data.get("intent_ranking") or [],
            "entities": data.get("entities") or [],
            "response_selector": data.get("response_selector") or {},
        }
    if missing:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(known))
    return known


@dataclass
class Outcome:
    right: int = 0
    second: int = 0
    """Answered with a wrong first key message and the right one offered beside it ("Or: ...")."""
    wrong: int = 0
    needless: int = 0
    """Answered right, with a second offered beside it anyway (a line more to read)."""
    offered: int = 0
    """Candidates offered, the right key message among them."""
    offered_closest: int = 0
    """Of those offered, the right one named first ("the closest is ..."): what a surer
    ranking, or an answer given with a hedge, could turn into a right answer."""
    missed: int = 0
    out_answered: int = 0
    out_declined: int = 0
    out_offered: int = 0
    """Out-of-coverage questions given the candidates as near the audits ("did you mean one of
    these?"), neither declined nor told the audits may not cover them."""
    out_total: int = 0
    reply_right: int = 0
    """Questions whose first-turn reply holds what they expect (scored with the replies)."""
    out_answered_by_reply: int = 0
    """Out-of-coverage questions whose reply answered them with the learning or a case line."""
    sent_elsewhere: list[str] = field(default_factory=list)
    """In-coverage questions whose intent's rule runs another action (its name each): their
    replies are not built here, so they are neither right nor a reply miss."""
    replied: bool = False
    failures: list[str] = field(default_factory=list)
    reply_misses: list[ReplyMiss] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.right + self.second + self.wrong + self.offered + self.missed

    def row(self) -> str:
        share = self.right / self.total if self.total else 0.0
        by_reply = self.reply_right / self.total if self.total else 0.0
        replies = (
            f"; right by the reply {self.reply_right}/{self.total} ({by_reply:.1%}), "
            f"{len(self.sent_elsewhere)} sent to another action (not scored), out of "
            f"coverage answered by the reply {self.out_answered_by_reply}/{self.out_total}"
            if self.replied
            else ""
        )
        return (
            f"{self.right}/{self.total} ({share:.1%}) right, {self.second} right as the "
            f"second offered ({self.needless} offered beside a right one), {self.wrong} wrong, "
            f"{self.offered} offered ({self.offered_closest} the closest), {self.missed} "
            f"neither; out of coverage declined {self.out_declined}/{self.out_total}, "
            f"answered {self.out_answered}, offered as near the audits {self.out_offered}"
            f"{replies}"
        )


Decide = Callable[[str, list[Ranked]], retrieval.Opinion]
"""A candidate: from the question and the selector's ranking, the opinion it would act on."""
Build = Callable[[Sequence[Item]], Decide]
"""Builds a candidate from the items it may learn from."""
Answer = Callable[[Item, retrieval.Opinion], FirstReply]
"""The reply a question gets on a first turn, from the opinion the candidate acts on."""
AnswerFor = Callable[[Sequence[Item]], Answer]
"""Builds the replies from the items they may learn from (the other sets)."""


def score(
    decide: Decide, test: Sequence[Item], parses: Mapping[str, Any], answer: Answer | None = None
) -> Outcome:
    outcome = Outcome(replied=answer is not None)
    for item in test:
        parsed = parses[item.question.text]
        selector = understanding.key_message_ranking(parsed)
        found = decide(item.question.text, selector)
        top = found.ranking[0].key_message_id if found.ranking else None
        if answer is not None:
            score_reply(outcome, item, answer(item, found), top)
        if not item.in_coverage:
            outcome.out_total += 1
            if parsed.get("intent") == OUT_OF_COVERAGE_INTENT:
                outcome.out_declined += 1
            elif found.confident:
                outcome.out_answered += 1
            elif not found.near_knowledge:
                outcome.out_declined += 1
            else:
                outcome.out_offered += 1
            continue
        second = found.second.key_message_id if found.second else None
        if found.confident and top in item.holding:
            outcome.right += 1
            outcome.needless += second is not None
        elif found.confident and second in item.holding:
            outcome.second += 1
            outcome.failures.append(f"second {top}: {item.question.text}")
        elif found.confident:
            outcome.wrong += 1
            outcome.failures.append(f"wrong {top}: {item.question.text}")
        elif any(
            r.key_message_id in item.holding for r in found.ranking[: understanding.CANDIDATES]
        ):
            outcome.offered += 1
            outcome.offered_closest += top in item.holding
            outcome.failures.append(f"offered: {item.question.text}")
        else:
            outcome.missed += 1
            outcome.failures.append(f"missed {top}: {item.question.text}")
    return outcome


def score_reply(outcome: Outcome, item: Item, reply: FirstReply, top: str | None) -> None:
    """The reply scored as `bot eval` scores it: every expected group held."""
    if not item.in_coverage:
        outcome.out_answered_by_reply += reply.route.answers
    elif reply.route is Route.OTHER_ACTION:
        outcome.sent_elsewhere.append(reply.action or "-")
    elif passes(item.question, reply.text):
        outcome.reply_right += 1
    else:
        outcome.reply_misses.append(ReplyMiss(item.set_id, item.question, reply, top))


def leave_one_set_out(
    candidates: Mapping[str, Build],
    all_items: Sequence[Item],
    parses: Mapping[str, Any],
    answer_for: AnswerFor | None = None,
) -> dict[str, dict[str, Outcome]]:
    """Per candidate and held-out set: the outcome on that set, built from the others (and
    with `answer_for`, the replies taught by the others)."""
    set_ids = sorted({item.set_id for item in all_items})
    table: dict[str, dict[str, Outcome]] = {}
    for name, build in candidates.items():
        table[name] = {}
        for held_out in set_ids:
            train = [item for item in all_items if item.set_id != held_out]
            test = [item for item in all_items if item.set_id == held_out]
            answer = answer_for(train) if answer_for else None
            table[name][held_out] = score(build(train), test, parses, answer)
    return table


def quick_leave_one_set_out(
    all_items: Sequence[Item],
    parses: Mapping[str, Any],
    ranker_for: Ranked_,
    answer_for: AnswerFor | None = None,
) -> dict[str, Outcome]:
    """ "a+c" (taught lines and a learned fusion) on each released set, in minutes rather than
    hours (`python -m bot nlu loso --quick`): each question's rankings come once from a ranker
    taught by every set but its own, and the fusion for a held-out set is fitted on the other
    sets' rankings as they are. A held-out set's own questions are seen exactly as `loso` sees
    them; the fitted questions' rankings also had the held-out set's lines among the taught
    ones (`loso` teaches each of them without it), a leak into 20-odd weights and a threshold,
    never into a held-out question's rankings. Use it to compare candidates with each other,
    `loso` for the figure that is kept."""
    seen: list[tuple[list[list[Ranked]], bool]] = [([], False)] * len(all_items)
    about: dict[str, str] = {}
    subjects: Subjects = {}
    # what each question asks, as the ranker serving it reads it (Ranker.about)
    set_ids = sorted({item.set_id for item in all_items})
    for set_id in set_ids:
        ranker = ranker_for([item for item in all_items if item.set_id != set_id], None)
        for index, item in enumerate(all_items):
            if item.set_id == set_id:
                text = item.question.text
                seen[index] = ranker.rankings(text, selector_of(parses, text))
                about[text] = ranker.about(text)
        subjects = ranker.subjects
    candidates = [
        (item, *retrieval.candidate_features(rankings))
        for item, (rankings, _near) in zip(all_items, seen, strict=True)
    ]
    by_set: dict[str, Outcome] = {}
    for held_out in set_ids:
        fusion = fitted([c for c in candidates if c[0].set_id != held_out], parses)
        held = {
            item.question.text: found
            for item, found in zip(all_items, seen, strict=True)
            if item.set_id == held_out
        }

        def decide(
            text: str,
            _selector: list[Ranked],
            fusion: retrieval.LearnedFusion = fusion,
            held: Mapping[str, tuple[list[list[Ranked]], bool]] = held,
        ) -> retrieval.Opinion:
            # the question as serving weighs it (Ranker.opinion): without its asker, slips read
            return retrieval.fused_opinion(fusion, *held[text], about[text], subjects)

        train = [item for item in all_items if item.set_id != held_out]
        by_set[held_out] = score(
            decide,
            [item for item in all_items if item.set_id == held_out],
            parses,
            answer_for(train) if answer_for else None,
        )
    return by_set


def format_table(table: Mapping[str, Mapping[str, Outcome]]) -> str:
    lines = []
    for name, by_set in table.items():
        lines.append(name)
        for set_id, outcome in by_set.items():
            lines.append(f"  held out {set_id}: {outcome.row()}")
        lines.append(f"  all sets: {total(by_set.values()).row()}")
    return "\n".join(lines)


def total(outcomes: Iterable[Outcome]) -> Outcome:
    """The outcomes of several held-out sets added up."""
    summed = Outcome()
    for outcome in outcomes:
        for name in _COUNTS:
            setattr(summed, name, getattr(summed, name) + getattr(outcome, name))
        summed.failures += outcome.failures
        summed.reply_misses += outcome.reply_misses
        summed.sent_elsewhere += outcome.sent_elsewhere
        summed.replied = summed.replied or outcome.replied
    return summed


_COUNTS = tuple(f.name for f in fields(Outcome) if f.type in ("int", int))


Ranked_ = Callable[[Sequence[Item], retrieval.LearnedFusion | None], retrieval.Ranker]
"""Makes the ranker taught by the given items (or by none), with a learned fusion or not."""


def taught_by(found: Sequence[Item]) -> dict[str, list[str]]:
    return taught_examples(
        Labelled(item.set_id, item.question, item.label)
        for item in found
        if item.label is not None and item.in_coverage
    )


def selector_of(parses: Mapping[str, Any], text: str) -> list[Ranked]:
    return understanding.key_message_ranking(parses[text])


def fit_fusion(
    train: Sequence[Item], parses: Mapping[str, Any], ranker_for: Ranked_, taught: bool
) -> retrieval.LearnedFusion:
    """A logistic regression over the candidates' features on `train`, each set's features
    from a ranker taught by the other sets only (so no question meets itself), and the
    threshold that answers right most often net of wrong answers, out-of-coverage questions
    answered counting as wrong."""
    found: list[Candidates] = []
    for set_id in sorted({item.set_id for item in train}):
        ranker = ranker_for([i for i in train if i.set_id != set_id] if taught else [], None)
        for item in (i for i in train if i.set_id == set_id):
            text = item.question.text
            rankings, _near = ranker.rankings(text, selector_of(parses, text))
            keys, features = retrieval.candidate_features(rankings)
            found.append((item, keys, features))
    return fitted(found, parses)


Candidates = tuple[Item, list[str], np.ndarray]
"""A question, the key messages the opinions rank near its top, and their FEATURES rows."""


def fitted(candidates: Sequence[Candidates], parses: Mapping[str, Any]) -> retrieval.LearnedFusion:
    """The logistic regression over the questions' candidates, its threshold and margin
    (`fit_fusion`)."""
    from sklearn.linear_model import LogisticRegression

    found = [(item, keys, features) for item, keys, features in candidates if keys]
    rows = [features for _item, _keys, features in found]
    targets = [key in item.holding for item, keys, _features in found for key in keys]
    model = LogisticRegression(C=1.0, max_iter=5000).fit(np.vstack(rows), np.array(targets))
    weights, bias = tuple(float(w) for w in model.coef_[0]), float(model.intercept_[0])
    tops: list[Top] = []
    for item, keys, features in found:
        likelihood = model.predict_proba(features)[:, 1]
        order = np.argsort(-likelihood, kind="stable")
        declined_anyway = parses[item.question.text].get("intent") == OUT_OF_COVERAGE_INTENT
        if not declined_anyway:
            firsts = [retrieval.Ranked(keys[i], float(likelihood[i])) for i in order[:2]]
            tops.append(Top(firsts, [r.key_message_id in item.holding for r in firsts]))
    gains = {
        threshold: sum(1 if top.right[0] else -1 for top in tops if top.first >= threshold)
        for threshold in np.round(np.arange(0.05, 0.96, 0.01), 2)
    }
    best_threshold = float(max(gains, key=lambda t: (gains[t], -t)))
    return retrieval.LearnedFusion(
        weights, bias, best_threshold, second_margin(tops, best_threshold)
    )


@dataclass(frozen=True)
class Top:
    """A question's two likeliest key messages by a fitted fusion, and whether each is right."""

    ranking: list[Ranked]
    right: list[bool]

    @property
    def first(self) -> float:
        return self.ranking[0].confidence


NEEDLESS_COST = 0.5
"""What a second offered beside a right answer costs, against a wrong answer turned into a
right one a tap away: a line more to read on a phone, and a doubt where there was none. At
1.0 a second would have to be right as often as the first it sits beside."""
MARGINS = np.round(np.arange(0.0, 0.51, 0.01), 2)


def second_margin(tops: Sequence[Top], threshold: float) -> float:
    """The margin within which the runner-up is offered beside the answer: the one that turns
    the most wrong answers into right ones a tap away, net of NEEDLESS_COST for each second
    offered beside an answer that was right; the smallest such (0: never)."""

    def gain(margin: float) -> float:
        total = 0.0
        for top in tops:
            second = retrieval.runner_up(top.ranking, threshold, margin)
            if second is not None:
                total += -NEEDLESS_COST if top.right[0] else float(top.right[1])
        return total

    gains = {float(margin): gain(float(margin)) for margin in MARGINS}
    return max(gains, key=lambda m: (gains[m], -m))


def candidates(ranker_for: Ranked_, parses: Mapping[str, Any]) -> dict[str, Build]:
    """The ways of answering measured side by side (config.yml's comments, the README)."""

    def decide_with(ranker: retrieval.Ranker) -> Decide:
        return lambda text, selector: ranker.opinion(
            text, selector, understanding.is_confident(selector)
        )

    def fitted(train: Sequence[Item], taught: bool) -> Decide:
        fusion = fit_fusion(train, parses, ranker_for, taught)
        return decide_with(ranker_for(train if taught else [], fusion))

    return {
        "today: two of three agree": lambda _train: decide_with(ranker_for([], None)),
        "a: released questions as examples": lambda train: decide_with(ranker_for(train, None)),
        "c: learned fusion": lambda train: fitted(train, False),
        "a+c: both": lambda train: fitted(train, True),
    }


def ranker_maker(
    texts: Mapping[str, Sequence[str]],
    all_items: Sequence[Item],
    encode: Encode,
    subjects: Subjects | None = None,
) -> Ranked_:
    """Rankers over the knowledge's lines and those the items teach, every sentence encoded
    once (the encoder's cache is kept by the whole list, so each combination would encode
    them all again); `subjects`: the key messages of one subject (bot/dialogue/subjects.py)."""
    every = sorted(
        {line for lines in texts.values() for line in lines}
        | {item.question.text for item in all_items}
        | {retrieval.without_role(item.question.text) for item in all_items}
        | {retrieval.ask_clause(retrieval.without_role(item.question.text)) for item in all_items}
        - {""}
    )
    vectors = dict(zip(every, encode(every), strict=True))

    def lookup(batch: list[str]) -> np.ndarray:
        # a question with its slips corrected (retrieval.Ranker.about) is met only here
        unseen = sorted({text for text in batch if text not in vectors})
        if unseen:
            vectors.update(zip(unseen, encode(unseen), strict=True))
        return np.stack([vectors[text] for text in batch])

    def make(taught: Sequence[Item], fusion: retrieval.LearnedFusion | None) -> retrieval.Ranker:
        return retrieval.Ranker(texts, lookup, lookup, taught_by(taught), fusion, subjects)

    return make


def fitted_with(model: Path, taught: Path = retrieval.TAUGHT_FILE) -> dict[str, str]:
    """What a fusion is fitted with and stale without: the model whose selector rankings it
    weighs (named by its training inputs' fingerprint) and the taught lines beside them."""
    return {"model": model.name, "taught.yml": content_digest(taught)}


def write_fusion(
    fusion: retrieval.LearnedFusion, path: Path, set_ids: Sequence[str], model: Path
) -> None:
    document = {
        "fitted_on": f"released blind sets {', '.join(set_ids)} (python -m bot nlu fit-fusion)",
        "fitted_with": fitted_with(model),
        "weights": dict(zip(retrieval.FEATURES, fusion.weights, strict=True)),
        "bias": fusion.bias,
        "threshold": fusion.threshold,
        "second_margin": fusion.second_margin,
    }
    header = (
        "# The learned fusion of the three opinions (bot/dialogue/retrieval.py, LearnedFusion):\n"
        "# written by `python -m bot nlu fit-fusion`; measured leaving one set out (config.yml).\n"
    )
    path.write_text(header + yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
