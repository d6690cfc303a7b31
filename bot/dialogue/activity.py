"""The walk-through or quiz in progress, and how each turn moves it on.

A walk-through goes stage by stage: the stage's question waits for an option or a skip, then
comes its reveal, then the next stage. A quiz goes question by question: each waits for an
answer, then its feedback, counted only when it answers the question the quiz is at. The
state is ids and counts only (`Activity`, kept in the activity slot), so the person can ask
something else in between and carry on; a button carries its own stage or question, so an
old button still goes to the right one.

No Rasa here: actions/activities.py turns a tracker into `Said` and a `Step` into events.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session

from bot.dialogue.answers import activities as answers
from bot.dialogue.options import chosen_option, typed_option
from bot.dialogue.replies import Reply
from bot.dialogue.understanding import topic_stems
from bot.knowledge.models import Case, QuizQuestion, Source, WalkthroughStage
from bot.knowledge.store import KnowledgeStore

WALKTHROUGH = "walkthrough"
QUIZ = "quiz"


@dataclass(frozen=True)
class Activity:
    """The walk-through or quiz in progress, kept in the activity slot as ids and counts only.

    A walk-through is at `stage` of `case`; a quiz at `index` of `questions`. `waiting` is true
    while the stage's question or the quiz question awaits an answer (the reveal is next)."""

    kind: str
    case: str | None = None
    stage: int = 1
    questions: tuple[str, ...] = field(default_factory=tuple)
    index: int = 0
    waiting: bool = True
    correct: int = 0
    answered: int = 0

    def to_slot(self) -> dict[str, Any]:
        value = asdict(self)
        value["questions"] = list(self.questions)
        return value

    @classmethod
    def from_slot(cls, value: Any) -> Activity | None:
        if not isinstance(value, Mapping) or value.get("kind") not in (WALKTHROUGH, QUIZ):
            return None
        try:
            return cls(
                kind=str(value["kind"]),
                case=str(value["case"]) if value.get("case") else None,
                stage=int(value.get("stage") or 1),
                questions=tuple(str(q) for q in value.get("questions") or ()),
                index=int(value.get("index") or 0),
                waiting=bool(value.get("waiting")),
                correct=int(value.get("correct") or 0),
                answered=int(value.get("answered") or 0),
            )
        except (TypeError, ValueError):
            return None


Step = tuple[list[Reply], Activity | None]
"""What a turn says, and the activity in progress after it (None when there is none)."""


@dataclass(frozen=True)
class Said:
    """What the latest message gives the activity: the stage or quiz question and the option
    its button carries, and the text as typed."""

    text: str = ""
    stage: str | None = None
    question: str | None = None
    option: str | None = None


class Material:
    """The walk-throughs and quiz questions, read in one session of the knowledge store."""

    def __init__(self, store: KnowledgeStore, session: Session) -> None:
        self.store = store
        self.session = session

    def stages(self, case_id: str) -> list[WalkthroughStage]:
        return self.store.walkthrough(self.session, case_id)

    def stage_at(self, stage_id: str) -> tuple[list[WalkthroughStage], int] | None:
        """The walk-through a stage is part of, and the stage's number in it."""
        stage = self.session.get(WalkthroughStage, stage_id)
        if stage is None:
            return None
        return self.stages(stage.case_id), stage.stage

    def questions(self) -> list[QuizQuestion]:
        return self.store.quiz_questions(self.session)

    def question(self, question_id: str) -> QuizQuestion | None:
        return next((q for q in self.questions() if q.id == question_id), None)

    def walkable(self, source: Source | None = None) -> list[Case]:
        """The cases with a walk-through, of one audit or all."""
        return [
            case
            for case in self.store.cases(self.session)
            if (source is None or case.source_id == source.id) and self.stages(case.id)
        ]


# --- walk-throughs -----------------------------------------------------------------------------


def show_stage(material: Material, stages: list[WalkthroughStage], number: int) -> Step:
    """Stage `number` of the walk-through, or its end when there is none."""
    if number > len(stages):
        case, source = stages[0].case, stages[0].source
        has_quiz = bool(material.store.quiz_questions(material.session, source_id=source.id))
        return answers.walkthrough_finished(case, source, has_quiz), None
    stage = stages[number - 1]
    return answers.stage_question(stage, len(stages)), Activity(
        WALKTHROUGH, case=stage.case_id, stage=number
    )


def reveal(
    stages: list[WalkthroughStage], number: int, chosen: int | None
) -> tuple[list[Reply], Activity]:
    stage = stages[number - 1]
    return answers.stage_reveal(stage, chosen, len(stages)), Activity(
        WALKTHROUGH, case=stage.case_id, stage=number, waiting=False
    )


# --- quizzes -----------------------------------------------------------------------------------


def start_quiz(material: Material, questions: Sequence[QuizQuestion]) -> Step:
    """A quiz on `questions` (at least one), at its first question."""
    activity = Activity(QUIZ, questions=tuple(q.id for q in questions))
    return show_question(material, activity) or [], activity


def show_question(material: Material, activity: Activity) -> list[Reply] | None:
    if activity.index >= len(activity.questions):
        return None
    by_id = {q.id: q for q in material.questions()}
    question = by_id.get(activity.questions[activity.index])
    if question is None:
        return None
    # A quiz on a few topics says which, so the person sees the topics were understood.
    topics = list(
        {
            by_id[q].key_message_id: by_id[q].key_message for q in activity.questions if q in by_id
        }.values()
    )
    named = topics if len(topics) <= answers.MAX_NAMED_TOPICS else ()
    sources = list({topic.source_id: topic.source for topic in topics}.values())
    # too many to name, of one theme in several audits: the theme, not the first one's audit
    one_theme = len({topic.theme_id for topic in topics}) == 1 and len(sources) > 1
    theme = (topics[0].theme, sources) if not named and one_theme else None
    return answers.quiz_question_reply(
        question, activity.index + 1, len(activity.questions), named, theme
    )


def quiz_feedback(activity: Activity | None, question: QuizQuestion, chosen: int | None) -> Step:
    """Feedback on an answer; counted when it answers the question the quiz is waiting on."""
    current = (
        activity is not None
        and activity.kind == QUIZ
        and activity.waiting
        and activity.index < len(activity.questions)
        and activity.questions[activity.index] == question.id
    )
    if not current or activity is None:
        return answers.quiz_feedback(question, chosen, 0, 0, has_next=False)[:1], activity
    right = chosen is not None and question.options[chosen].correct
    updated = Activity(
        QUIZ,
        questions=activity.questions,
        index=activity.index,
        waiting=False,
        correct=activity.correct + int(right),
        answered=activity.answered + int(chosen is not None),
    )
    has_next = activity.index + 1 < len(activity.questions)
    replies = answers.quiz_feedback(
        question, chosen, updated.correct, updated.answered, has_next=has_next
    )
    return replies, updated if has_next else None


_MOVING_PAST = re.compile(
    r"\b(?:next|continue|carry on|move on|moving on|keep going|onwards?)\b", re.IGNORECASE
)


def moves_past(text: str) -> bool:
    """ "continue", "next stage", "move on": the person asks for the next stage itself, not
    for the audit's answer to this one ("ok", "go on", a button)."""
    return _MOVING_PAST.search(text) is not None


class Within(str, Enum):
    """A move inside the activity in progress that is neither an answer nor "next"."""

    START = "start"
    """ "go back to the start": the walk-through's first stage again."""
    BACK = "back"
    """ "go back", "previous stage": the stage before."""
    OUTCOME = "outcome"
    """ "skip to the outcome": the walk-through's last stage."""
    NEXT = "next"
    """ "give me one more", "another question": the next stage or question."""
    LEARNING = "learning"
    """ "what's the key learning I should end on", "just list the key messages": the
    learning of what the activity is on."""
    REVEAL = "reveal"
    """ "what's the answer", "tell me the answers", "which one is right": the answer to the
    question waiting, or the one just answered again."""
    SCORE = "score"
    """ "how did I do", "what's my score": the quiz's score so far; it goes on."""


_TO_START = re.compile(
    r"\bback\s+to\s+(?:the\s+)?(?:start|beginning|first\s+stage|top)\b"
    r"|\bstart\s+(?:again|over)\b|\bfrom\s+the\s+(?:start|beginning|top)\b|\brestart\b",
    re.IGNORECASE,
)
_BACK = re.compile(
    r"\bgo\s+back\b|\bback\s+(?:one|a\s+(?:stage|step|bit|question|q))\b"
    r"|\b(?:previous|prior|earlier)\s+(?:stage|step|one|question|q)\b"
    r"|\bstep\s+back\b|\b(?:stage|question|one)\s+before\b|^\W*back\W*$"
    r"|\blast\s+(?:stage|question|one)\s+again\b",
    re.IGNORECASE,
)
_TO_OUTCOME = re.compile(
    r"\b(?:skip|jump|go|fast[\s-]?forward|straight)\s+(?:ahead\s+|on\s+)?to\s+(?:the\s+)?"
    r"(?:outcome|end|last\s+stage|final\s+stage|conclusion)\b"
    # the last part named by its place alone, as the walk-through's parts are ("and the last
    # bit", "final stage please", "what's the last step"); never "the last one", which picks
    # an option, nor "how did it end", the case's outcome
    r"|^\W*(?:(?:and|ok|okay|now|so|then|right|great|thanks|cool|lastly|finally|can\s+(?:i|we)"
    r"\s+(?:have|see|get|do)|(?:show|give|tell)\s+(?:me|us)|what(?:'s|s|\s+is|\s+about|\s+was)"
    r"|let'?s\s+(?:have|see|do))\W+)*(?:the\s+)?(?:very\s+)?(?:last|final|end|closing|concluding)"
    r"\s+(?:bit|part|stage|step|section|chunk|piece|stretch|chapter)s?"
    r"(?:\s+(?:please|pls|plz|then|now|of\s+(?:it|the\s+(?:case|walk[\s-]?through|story))))*\W*$",
    re.IGNORECASE,
)
_ONE_MORE = re.compile(
    r"^\W*(?:(?:ok|okay|right|and|now|great|cool|go\s+on)\W+)*"
    r"(?:(?:give|show|ask|send)\s+(?:me|us|them)\s+|(?:can|could)\s+(?:i|we)\s+have\s+)?"
    r"(?:(?:one|a\s+question|a\s+q)\s+more|another(?:\s+(?:one|question|q|stage))?"
    r"|(?:the\s+)?next\s+(?:one|question|q))(?:\s+(?:please|pls|then))?\W*$",
    re.IGNORECASE,
)
_REVEAL = re.compile(
    r"\b(?:what(?:'s|s|\s+is|\s+was|\s+are|\s+were)|tell\s+(?:me|us)|show\s+(?:me|us)"
    r"|give\s+(?:me|us)|reveal|which\s+(?:is|was))\s+(?:the\s+|your\s+)?(?:right\s+|correct"
    r"\s+|real\s+|actual\s+)?answers?\b"
    r"|\bwhich\s+(?:one|option|answer|letter)\s+(?:is|was)\s+(?:it|right|correct)\b"
    # "the answers please", "ok now the answers" (a quiz asked for without them)
    r"|^\W*(?:(?:and|ok|okay|right|now|so|great|go\s+on|then)\W+)*(?:the\s+)?answers?"
    r"(?:\s+(?:now|then|please|pls))*\W*$"
    r"|\bwhat\s+(?:happened|did\s+(?:they|the\s+\w+)\s+(?:actually\s+)?do)\s+(?:next|then)\b",
    re.IGNORECASE,
)
_SCORE = re.compile(
    r"\bhow\s+(?:did|am|have|'?m)\s+(?:i|we)\s+(?:do|doing|done|get\s+on|getting\s+on)\b"
    r"|\b(?:my|our|the)\s+score\b|\bhow\s+many\s+(?:did|have)\s+(?:i|we)\s+(?:get|got)\b"
    # the word alone, as a terse trainer types it: "score?", "scores so far", "and the tally"
    r"|^\W*(?:(?:and|so|ok|okay|what'?s|whats|wots|current|running)\W+)*(?:the\s+)?"
    r"(?:score|scores|tally|points|marks|results?)(?:\s+so\s+far|\s+now|\s+then)?"
    r"(?:\s+(?:please|pls|plz))?\W*$"
    r"|\bhow\s+many\s+(?:(?:have|did|do)\s+(?:i|we)\s+(?:got|get|had)\s+)?"
    r"(?:right|correct)\b",
    re.IGNORECASE,
)
_LEARNING = re.compile(
    r"\b(?:learning|learnt|learned|lessons?|key\s+messages?|take[\s-]?aways?|key\s+points?"
    r"|main\s+points?)\b",
    re.IGNORECASE,
)
_WITHIN_WORDS = frozenset(
    """end finish close wrap stage point points group room session list just stop quiz show
    give main key skip outcome this that walk walkthrough through now instead land leave
    highlight emphasise emphasize stress teach share get across home take team""".split()
)
"""Words of moving within an activity, besides those of asking about a case."""
_REVEAL_WORDS = frozenset(
    "answer answers right correct real actual next then happened question option letter".split()
)
"""The words of asking for the answer: any other word is a question of its own."""


_MOVE_WORDS = _REVEAL_WORDS | frozenset(
    """pass skip skipping dunno idea know don choose chose pick go going with option options
    first second third fourth last carry continue back resume move onwards nxt keep lets one
    please pls okay sure guess reckon think stage quiz walkthrough walk through case show
    reveal tell just""".split()
)
"""The words of an activity's own moves: an answer, a skip, "next", "back to the quiz"."""


def only_an_activity_move(own_words: frozenset[str] | set[str]) -> bool:
    """Whether a message says nothing besides an activity's moves ("pass", "skip this one",
    "next q", "i'd go with c"): with no walk-through or quiz running, only such a message is
    told none is in progress; "which team do I pass a concern to tonight" says more (a team,
    tonight) and is understood as any message is."""
    return not own_words - _MOVE_WORDS


def move_within(text: str, own_words: frozenset[str] | set[str]) -> Within | None:
    """The move the message makes inside the activity in progress, if any; `own_words` are
    its topic words besides those of asking about a case, so "the learning on young carers"
    (a topic of its own) is none."""
    if _TO_START.search(text):
        return Within.START
    if _BACK.search(text):
        return Within.BACK
    if _TO_OUTCOME.search(text):
        return Within.OUTCOME
    if _ONE_MORE.search(text):
        return Within.NEXT
    if _SCORE.search(text):
        return Within.SCORE
    if _REVEAL.search(text) and not own_words - _WITHIN_WORDS - _REVEAL_WORDS:
        return Within.REVEAL
    if _LEARNING.search(text) and not own_words - _WITHIN_WORDS:
        return Within.LEARNING
    return None


MIN_WORDS_ANSWERED = 2
"""An answer in words shares at least two words with its option: one ("the child") is too
little to tell an answer from a question, unless the message says it is an answer."""


_ANSWERING = re.compile(
    r"^\W*(?:(?:the|my)\s+answer(?:'s|\s+is|\s+would\s+be)?|is\s+it|(?:i\s+)?think\s+it(?:'s|\s+is)?"
    r"|i(?:'d|\s+would|'ll|\s+will)?\s+(?:say|go\s+with|choose|pick)|it(?:'s|s|\s+is)"
    r"|maybe|probably|answer)\b",
    re.IGNORECASE,
)
"""Words that say the rest is an answer ("is it 'not being brought'?", "the answer is ..."):
one shared word is then enough."""


def worded_option(text: str, options: Sequence[str]) -> int | None:
    """The option an answer in words picks ("escalate it to my manager", "the virtual
    school", "is it 'not being brought'?"): the one holding clearly the most of its words, two
    or more and at least a third of them; when the message says it answers, the option
    sharing most; None when none leads."""
    said = topic_stems(text)
    if not said or not options:
        return None
    shared = sorted(
        ((len(said & topic_stems(option)), position) for position, option in enumerate(options)),
        reverse=True,
    )
    best, position = shared[0]
    runner_up = shared[1][0] if len(shared) > 1 else 0
    if _ANSWERING.search(text):  # said to be an answer: the option it leads on
        return position if best >= 1 and best > runner_up else None
    clear = best >= MIN_WORDS_ANSWERED and 3 * best >= len(said) and best > runner_up
    return position if clear else None


def waiting_options(material: Material, activity: Activity) -> list[str]:
    """The texts of the options the activity waits on an answer to (none when it waits on
    nothing)."""
    if not activity.waiting:
        return []
    if activity.kind == WALKTHROUGH and activity.case:
        stages = material.stages(activity.case)
        if 0 < activity.stage <= len(stages):
            return [option.text for option in stages[activity.stage - 1].options]
        return []
    question = material.question(activity.questions[activity.index]) if activity.questions else None
    return [option.text for option in question.options] if question is not None else []


# --- answers, next and stop --------------------------------------------------------------------


def _position(chosen: int | str | None) -> int | None:
    """An option's position, or None for a skip."""
    return chosen if isinstance(chosen, int) else None


def answer(material: Material, said: Said, activity: Activity | None) -> Step:
    """An answer to a stage's or a quiz question's options: the one its button names, else
    the one the activity in progress waits on ("b", "option 2", "skip")."""
    if said.stage:
        found = material.stage_at(said.stage)
        if found is None:
            return answers.nothing_in_progress(), activity
        stages, number = found
        chosen = chosen_option(said.option, len(stages[number - 1].options))
        return reveal(stages, number, _position(chosen))
    if said.question:
        question = material.question(said.question)
        if question is None:
            return answers.nothing_in_progress(), activity
        chosen = chosen_option(said.option, len(question.options))
        return quiz_feedback(activity, question, _position(chosen))
    if activity is None:
        return answers.nothing_in_progress(), activity
    if not activity.waiting:
        # a letter after the answer was shown: the next question or stage, to answer with it
        replies, following = go_on(material, Said(), activity)
        return [answers.answer_the_next(), *replies], following
    if activity.kind == WALKTHROUGH and activity.case:
        stages = material.stages(activity.case)
        if not stages or activity.stage > len(stages):
            return answers.nothing_in_progress(), None
        typed = typed_option(said.text, len(stages[activity.stage - 1].options))
        if typed is None:
            return answers.pick_an_option(), activity
        return reveal(stages, activity.stage, _position(typed))
    question = material.question(activity.questions[activity.index])
    if question is None:
        return answers.nothing_in_progress(), None
    typed = typed_option(said.text, len(question.options))
    if typed is None:
        return answers.pick_an_option(), activity
    return quiz_feedback(activity, question, _position(typed))


def go_on(material: Material, said: Said, activity: Activity | None) -> Step:
    """The reveal or answer if one is waiting, else the next stage or question; a button
    names the stage or question it follows, so an old button still goes to the right one."""
    if said.stage:
        found = material.stage_at(said.stage)
        if found is None:
            return answers.nothing_in_progress(), activity
        stages, number = found
        return show_stage(material, stages, number + 1)
    if said.question and activity is not None and said.question in activity.questions:
        activity = Activity(
            QUIZ,
            questions=activity.questions,
            index=activity.questions.index(said.question),
            waiting=False,
            correct=activity.correct,
            answered=activity.answered,
        )
    if activity is None:
        return answers.nothing_in_progress(), None
    if activity.kind == WALKTHROUGH and activity.case:
        stages = material.stages(activity.case)
        if not stages:
            return answers.nothing_in_progress(), None
        if activity.waiting and activity.stage <= len(stages):
            if not moves_past(said.text):
                return reveal(stages, activity.stage, None)
            # "continue", "next stage" before answering: the answer in short, then onward
            stage_shown, onward = show_stage(material, stages, activity.stage + 1)
            return [answers.stage_in_short(stages[activity.stage - 1]), *stage_shown], onward
        return show_stage(material, stages, activity.stage + 1)
    skipped: list[Reply] = []
    if activity.waiting:
        question = material.question(activity.questions[activity.index])
        if question is not None and not moves_past(said.text):
            return quiz_feedback(activity, question, None)
        if question is not None:
            # "next question" before answering: the answer in short, then the next one
            skipped = [answers.quiz_in_short(question, activity.index + 1)]
    following = Activity(
        QUIZ,
        questions=activity.questions,
        index=activity.index + 1,
        correct=activity.correct,
        answered=activity.answered,
    )
    shown = show_question(material, following)
    if shown is None:
        question = material.question(activity.questions[-1])
        if question is None:
            return answers.nothing_in_progress(), None
        score = answers.quiz_score(activity.correct, activity.answered, question.source)
        return [*skipped, score], None
    return [*skipped, *shown], following


def reveal_answer(material: Material, activity: Activity) -> Step:
    """ "what's the answer": the answer to the stage or question waiting (as a skip), else
    the one just answered again, counts unchanged, so the person can go on from it."""
    if activity.waiting:
        return go_on(material, Said(), activity)
    if activity.kind == WALKTHROUGH and activity.case:
        stages = material.stages(activity.case)
        if not 0 < activity.stage <= len(stages):
            return answers.nothing_in_progress(), None
        return reveal(stages, activity.stage, None)
    question = (
        material.question(activity.questions[activity.index])
        if activity.index < len(activity.questions)
        else None
    )
    if question is None:
        return answers.nothing_in_progress(), None
    has_next = activity.index + 1 < len(activity.questions)
    replies = answers.quiz_feedback(
        question, None, activity.correct, activity.answered, has_next=has_next
    )
    return replies[:1], activity


def quiz_back(material: Material, activity: Activity, to_start: bool) -> Step | None:
    """ "previous question", "start again" in a quiz: that question again, waiting for an
    answer (from the start, the score too); None when there is none to show."""
    back = Activity(
        QUIZ,
        questions=activity.questions,
        index=0 if to_start else max(0, activity.index - (1 if activity.waiting else 0)),
        correct=0 if to_start else activity.correct,
        answered=0 if to_start else activity.answered,
    )
    shown = show_question(material, back)
    return None if shown is None else (shown, back)


def score_so_far(material: Material, activity: Activity) -> list[Reply]:
    """ "how did I do": a quiz's score so far and what is next; a walk-through's stage."""
    if activity.kind != QUIZ:
        stages = material.stages(activity.case) if activity.case else []
        return answers.walkthrough_progress(activity.stage, len(stages))
    return answers.quiz_progress(
        activity.correct, activity.answered, activity.index + 1, len(activity.questions)
    )


def stopped(material: Material, activity: Activity) -> list[Reply]:
    """What "stop" says: a quiz gives its score so far."""
    if activity.kind == QUIZ and activity.questions:
        question = material.question(activity.questions[0])
        if question is not None:
            return [answers.quiz_score(activity.correct, activity.answered, question.source, True)]
    return answers.walkthrough_stopped()


# --- corrections ("no, the other audit", "I meant Barak") --------------------------------------


def quiz_instead(
    material: Material, activity: Activity, named: Sequence[QuizQuestion] | None
) -> list[QuizQuestion]:
    """The questions a correction in a quiz asks for: those it names, else the quiz on another
    audit (empty when there is none)."""
    if named and tuple(q.id for q in named) != activity.questions:
        return list(named)
    current = material.question(activity.questions[0]) if activity.questions else None
    others = [
        s
        for s in material.store.sources(material.session)
        if current is None or s.id != current.source_id
    ]
    return material.store.quiz_questions(material.session, source_id=others[0].id) if others else []


def walk_instead(
    material: Material, activity: Activity, named: Case | None, other_audit: bool
) -> Case | list[Case]:
    """The case a correction in a walk-through asks for: the one it names, else the only other
    case with a walk-through (on another audit for "the other audit"); else those to pick from."""
    if named is not None and named.id != activity.case and material.stages(named.id):
        return named
    cases = material.store.cases(material.session)
    current = next((c for c in cases if c.id == activity.case), None)
    choices = [
        c
        for c in material.walkable()
        if c.id != activity.case
        and (not other_audit or current is None or c.source_id != current.source_id)
    ]
    return choices[0] if len(choices) == 1 else choices
