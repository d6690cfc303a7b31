"""What a trainer uses in the chat: case walk-throughs stage by stage, quizzes, discussion
questions for a group, handouts and what to offer a workshop on an audit.

Words only: the walk-through or quiz in progress and its transitions are
bot.dialogue.activity, reading a typed option is bot.dialogue.options.

Everything comes from knowledge/ (walkthroughs/, quizzes/, cases, sources, themes): nothing
here names an audit or a case, so the next audit's YAML works after retraining. Every reply
says which audit and case it comes from, and each message fits a phone.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.dialogue import audiences
from bot.dialogue.answers.learning import first_sentence, learning_button
from bot.dialogue.case_quiz import CaseQuestion
from bot.dialogue.follow_ups import sentences
from bot.dialogue.options import SKIP, letter
from bot.dialogue.replies import Button, Reply, bullets, payload
from bot.dialogue.terms import Term
from bot.dialogue.true_false import Statement, TermStatement
from bot.dialogue.understanding import topic_stems
from bot.dialogue.workshop_plan import LONGEST, SHORTEST, Part, Segment
from bot.dialogue.workshop_requests import PLAN_HEADING, POLL_HEADING, PollPart, Running
from bot.knowledge.citations import (
    ALL_CASES,
    case_label,
    citation,
    message_citation,
    stage_citation,
    stages_citation,
)
from bot.knowledge.models import Case, KeyMessage, QuizQuestion, Source, Theme, WalkthroughStage
from bot.names import (
    ASK_HANDOUT_INTENT,
    AUDIT_SLOT,
    CASE_ENTITY,
    CHOOSE_OPTION_INTENT,
    DISCUSSION_INTENT,
    HANDOUT_KIND_ENTITY,
    KEY_MESSAGE_SLOT,
    NEXT_STEP_INTENT,
    OPTION_ENTITY,
    QUIZ_INTENT,
    QUIZ_QUESTION_ENTITY,
    STAGE_ENTITY,
    STOP_INTENT,
    THEME_ENTITY,
    WALKTHROUGH_INTENT,
    WORKSHOP_INTENT,
)
from bot.web.urls import HandoutKind, handout_links, workshop_join_link, workshop_link

MAX_QUESTIONS_PER_MESSAGE = 5
"""Discussion questions beyond this go in a second message, so neither fills a phone."""


def option_button(intent_entity: str, item_id: str, position: int) -> Button:
    return Button(
        f"Option {letter(position)}",
        payload(CHOOSE_OPTION_INTENT, **{intent_entity: item_id, OPTION_ENTITY: letter(position)}),
    )


def lettered(texts: Sequence[str]) -> str:
    return "\n".join(f"{letter(i)}. {text}" for i, text in enumerate(texts))


def _stop_button() -> Button:
    return Button("Stop", payload(STOP_INTENT))


# --- Case walk-throughs ---------------------------------------------------------------------


STEP_BY_STEP = (
    "A step-by-step walk-through in {total} stages: what was known at each, a question for "
    "the group, then what the audit found."
)
"""Said at the first stage, so a trainer who asked in other words knows what is starting."""


def walkthrough_heading(stage: WalkthroughStage, total: int) -> str:
    return (
        f"{stage.source.short_title}, {case_label(stage.case)}: " f"stage {stage.stage} of {total}."
    )


def stage_question(stage: WalkthroughStage, total: int) -> list[Reply]:
    """What was known, then the question with its options as buttons and a way to skip."""
    buttons = (
        *(option_button(STAGE_ENTITY, stage.id, i) for i in range(len(stage.options))),
        Button(
            "Skip: what the audit found",
            payload(CHOOSE_OPTION_INTENT, **{STAGE_ENTITY: stage.id, OPTION_ENTITY: SKIP}),
        ),
    )
    first = f"\n{STEP_BY_STEP.format(total=total)}" if stage.stage == 1 else ""
    return [
        Reply(f"{walkthrough_heading(stage, total)}{first}\nWhat was known: {stage.known}"),
        Reply(
            f"{stage.question}\n\n{lettered([o.text for o in stage.options])}\n\n"
            'Pick one, or say "skip". Say "stop" at any time.',
            buttons,
        ),
    ]


def stage_reveal(stage: WalkthroughStage, chosen: int | None, total: int) -> list[Reply]:
    """The audit's answer to the stage's question (after the person's pick or a skip), what it
    found, the reflective questions and the source; then the next stage is a tap away."""
    options = list(stage.options)
    supported = next(i for i, option in enumerate(options) if option.supported)
    happened = next((i for i, option in enumerate(options) if option.happened), None)
    verdict: list[str] = []
    if chosen is not None:
        verdict.append(f"You chose {letter(chosen)}: {options[chosen].text}")
        verdict.append(
            "That is what the audit supports."
            if chosen == supported
            else f"The audit supports {letter(supported)}: {options[supported].text}"
        )
    else:
        verdict.append(f"The audit supports {letter(supported)}: {options[supported].text}")
    if happened is not None and happened != supported:
        verdict.append(f"What happened in the case was closer to {letter(happened)}.")
    closing: list[str] = []
    if stage.reflective_questions:
        closing.append("To reflect on:\n" + bullets(list(stage.reflective_questions)))
    if stage.key_messages:
        closing.append("Its key messages are below.")
    closing.append(stage_citation(stage))
    last = stage.stage >= total
    onward = Button(
        "Finish" if last else "Next stage", payload(NEXT_STEP_INTENT, **{STAGE_ENTITY: stage.id})
    )
    buttons = (onward, *(learning_button(m) for m in stage.key_messages))
    if not last:
        buttons += (_stop_button(),)
    return [
        Reply("\n".join(verdict)),
        Reply(f"What the audit found: {stage.found}"),
        Reply("\n\n".join(closing), buttons),
    ]


def stage_in_short(stage: WalkthroughStage) -> Reply:
    """ "Continue" before answering a stage: what the audit supports and found, in one
    message, before the next stage, so the room moves on without losing the answer."""
    supported = next(option for option in stage.options if option.supported)
    return Reply(
        f"Stage {stage.stage}: the audit supports {supported.text}\n"
        f"What the audit found: {stage.found}\n{citation(stage.source, [stage.case])}"
    )


def on_case(case: Case, replies: list[Reply]) -> list[Reply]:
    """A quiz asked for on a case ("quiz the group on Barak"): its first message says so."""
    if not replies:
        return replies
    first = replies[0]
    heading = f"On the key messages of {case_label(case)}:"
    return [Reply(f"{heading}\n\n{first.text}", first.buttons), *replies[1:]]


def case_handout_button(case: Case) -> Button:
    kind = {CASE_ENTITY: case.id, HANDOUT_KIND_ENTITY: HandoutKind.CASE.value}
    return Button("Handout for this case", payload(ASK_HANDOUT_INTENT, **kind))


def walkthrough_finished(case: Case, source: Source, has_quiz: bool) -> list[Reply]:
    buttons: list[Button] = [
        Button(
            "Discussion questions for a group", payload(DISCUSSION_INTENT, **{CASE_ENTITY: case.id})
        ),
        case_handout_button(case),
    ]
    if has_quiz:
        buttons.append(quiz_button(source))
    return [
        Reply(
            f"That was the last stage of {source.short_title}, {case_label(case)}. "
            "Ask me anything else, or pick one below.",
            tuple(buttons),
        )
    ]


def walkthrough_button(case: Case) -> Button:
    return Button(
        f"Walk through {case_label(case)}", payload(WALKTHROUGH_INTENT, **{CASE_ENTITY: case.id})
    )


def which_walkthrough(cases: Sequence[Case]) -> list[Reply]:
    """No case named (or one without a walk-through): the cases that have one."""
    if not cases:
        return [Reply("I have no case walk-throughs yet.")]
    return [
        Reply(
            "Which case shall we walk through? I can go through these stage by stage:",
            tuple(walkthrough_button(case) for case in cases),
        )
    ]


def no_walkthrough(case: Case, cases: Sequence[Case]) -> list[Reply]:
    named = f"{case.source.short_title}, {case_label(case)}"
    return [
        Reply(
            f"I have no walk-through of {named}. These cases have one:",
            tuple(walkthrough_button(other) for other in cases),
        )
    ]


# --- Quizzes ----------------------------------------------------------------------------------


def quiz_button(source: Source) -> Button:
    return Button(
        f"Quiz on the {source.short_title}", payload(QUIZ_INTENT, **{AUDIT_SLOT: source.id})
    )


MAX_NAMED_TOPICS = 3
"""A quiz on this many key messages or fewer names them; on more, it names their audit."""


def on_topics(topics: Sequence[KeyMessage]) -> str:
    """What material on these key messages is on, each with its audit: "Consideration of
    Young Carers and Information Sharing: awareness of School Nursing Teams (Mental health
    audit 2019/20)"."""
    by_audit: dict[str, list[str]] = {}
    for topic in topics:
        by_audit.setdefault(topic.source.short_title, []).append(topic.title)
    return " and ".join(f"{' and '.join(titles)} ({audit})" for audit, titles in by_audit.items())


def quiz_question_reply(
    question: QuizQuestion,
    number: int,
    total: int,
    topics: Sequence[KeyMessage] = (),
    theme: tuple[Theme, Sequence[Source]] | None = None,
) -> list[Reply]:
    """The question and its options as buttons; a quiz on a few key messages names them, one
    on a `theme` across audits names it and them, and every question the cases its key
    message comes from (a trainer says which case it is)."""
    subject = (
        on_topics(topics)
        if topics
        else f"{theme[0].title.lower()}, from the "
        + " and the ".join(source.short_title for source in theme[1])
        if theme is not None
        else f"the {question.source.short_title}"
    )
    buttons = (
        *(
            option_button(QUIZ_QUESTION_ENTITY, question.id, i)
            for i in range(len(question.options))
        ),
        Button(
            "Skip: show the answer",
            payload(
                CHOOSE_OPTION_INTENT, **{QUIZ_QUESTION_ENTITY: question.id, OPTION_ENTITY: SKIP}
            ),
        ),
    )
    cases = question.key_message.cases
    drawn = f", from {', '.join(case_label(c) for c in cases)}" if cases else ""
    return [
        Reply(
            f"Quiz on {subject}, question {number} of {total}{drawn}:\n\n"
            f"{question.question}\n\n{lettered([o.text for o in question.options])}",
            buttons,
        )
    ]


def quiz_feedback(
    question: QuizQuestion, chosen: int | None, correct: int, answered: int, has_next: bool
) -> list[Reply]:
    right = next(i for i, option in enumerate(question.options) if option.correct)
    answer = f"{letter(right)}: {question.options[right].text}"
    if chosen is None:
        verdict = f"The answer is {answer}"
    elif chosen == right:
        verdict = f"Correct! {answer}"
    else:
        verdict = f"Not quite: you chose {letter(chosen)}. The answer is {answer}"
    text = (
        f"{verdict}\n\n{question.explanation}\n\n"
        f"Key message: {question.key_message.title}. {message_citation(question.key_message)}"
    )
    if has_next:
        buttons: tuple[Button, ...] = (
            Button(
                "Next question", payload(NEXT_STEP_INTENT, **{QUIZ_QUESTION_ENTITY: question.id})
            ),
            _stop_button(),
        )
    else:
        buttons = (learning_button(question.key_message),)
    replies = [Reply(text, buttons)]
    if not has_next:
        replies.append(quiz_score(correct, answered, question.source))
    return replies


def quiz_in_short(question: QuizQuestion, number: int) -> Reply:
    """ "Next question" before answering: the answer skipped, in one line, before the next
    question (a skip is not counted)."""
    return Reply(
        f"Question {number} skipped (not counted): the answer was {_right_option(question)}."
    )


def quiz_score(correct: int, answered: int, source: Source, stopped: bool = False) -> Reply:
    ended = "Quiz stopped" if stopped else "That's the end of the quiz"
    if answered == 0:
        return Reply(f"{ended}: no questions answered. Source: {source.short_title}.")
    return Reply(
        f"{ended}: {correct} of {answered} answered correctly. "
        f"The questions come from the {source.short_title}."
    )


def quiz_progress(correct: int, answered: int, number: int, total: int) -> list[Reply]:
    """The score so far, in the middle of a quiz, with the way on."""
    so_far = (
        f"Score so far: {correct} correct out of {answered} answered"
        if answered
        else "Score so far: none answered yet (a question skipped does not count)"
    )
    return [
        Reply(
            f"{so_far}; you are on question {number} of {total}. "
            'Answer it, or say "next" to go on or "stop" to finish.',
            (Button("Next question", payload(NEXT_STEP_INTENT)), _stop_button()),
        )
    ]


def walkthrough_progress(stage: int, total: int) -> list[Reply]:
    """Where a walk-through is, asked in the middle of one (it keeps no score)."""
    return [
        Reply(
            f"There is no score in a walk-through: you are at stage {stage} of {total}. "
            'Say "next" to go on, "go back" for the stage before, or "stop" to finish.',
            (Button("Next", payload(NEXT_STEP_INTENT)), _stop_button()),
        )
    ]


def _numbered(number: int, question: QuizQuestion) -> str:
    """A question on a sheet: its number, then its lettered options."""
    return f"{number}. {question.question}\n{lettered([o.text for o in question.options])}"


def quiz_sheet(questions: Sequence[QuizQuestion], subject: str) -> list[Reply]:
    """A quiz asked for with its answers, whole, for a trainer to print or project: the
    questions with their options, then each answer with its key message and case."""
    asked = "\n\n".join(_numbered(number, q) for number, q in enumerate(questions, 1))
    return [
        Reply(f"Quiz on {subject}, {len(questions)} questions:\n\n{asked}"),
        *quiz_answers(questions),
    ]


def quiz_answers(questions: Sequence[QuizQuestion]) -> list[Reply]:
    """Each question's answer, in order, with its key message and case ("can I have the
    answers" during a quiz: the questions are already on screen)."""
    answered = "\n".join(
        f"{number}. {_right_option(q)}. {q.key_message.title}: "
        f"{message_citation(q.key_message)}"
        for number, q in enumerate(questions, 1)
    )
    return [Reply(f"Answers:\n\n{answered}", (quiz_button(questions[0].source),))]


def true_false_sheet(statements: Sequence[Statement], subject: str) -> list[Reply]:
    """A true-or-false quiz, whole, for a trainer to read out or project: the statements
    (each a quiz question with one of its options), then each one's answer with the right
    option when it is false, its key message and its source."""
    said = "\n\n".join(f"{n}. {s.text}" for n, s in enumerate(statements, 1))
    answered = "\n".join(
        f"{n}. {'True' if s.true else f'False: the answer is {_right_option(s.question)}'}. "
        f"{s.question.key_message.title}: {message_citation(s.question.key_message)}"
        for n, s in enumerate(statements, 1)
    )
    return [
        Reply(
            f"True or false? {len(statements)} statements on {subject}, each a question from "
            f"the audits' quiz with one answer:\n\n{said}"
        ),
        Reply(f"Answers:\n\n{answered}", (quiz_button(statements[0].question.source),)),
    ]


def glossary_quiz(terms: Sequence[Term]) -> list[Reply]:
    """A quiz on the audits' abbreviations, with the answers after it: what each stands for,
    from the glossary."""
    asked = "\n".join(f"{n}. What does {t.term} stand for?" for n, t in enumerate(terms, 1))
    answered = "\n".join(
        f"{n}. {t.term}: {t.stands_for} ({t.source})" for n, t in enumerate(terms, 1)
    )
    return [
        Reply(f"Quiz on the abbreviations in the audits, {len(terms)} questions:\n\n{asked}"),
        Reply(f"Answers:\n\n{answered}"),
    ]


def _its_audit(question: CaseQuestion, questions: Sequence[CaseQuestion]) -> str:
    """The audit's short title before a question or its answer when the quiz spans both
    audits: each audit has a Case 1, and its options are its own cases."""
    if len({q.case.source_id for q in questions}) < 2:
        return ""
    return f"{question.case.source.short_title}: "


CASE_QUIZ_HEADING = "Which case is it? A quiz on the cases of"
"""How a quiz on the cases starts: "now the answers" right after it reads it back."""


def case_quiz(questions: Sequence[CaseQuestion], subject: str, answered: bool) -> list[Reply]:
    """A quiz on the cases, whole, for a trainer to read out or project: each fact the audit
    tells of one case with the cases to choose from; its answers after it when `answered`,
    else how to have them."""
    # one paragraph for all of them: each paragraph is a message on the phone
    asked = "\n".join(
        f"{n}. {_its_audit(q, questions)}Which case: \u201c{q.fact}\u201d?\n"
        f"{lettered([case_label(c) for c in q.options])}"
        for n, q in enumerate(questions, 1)
    )
    quiz = Reply(
        f"{CASE_QUIZ_HEADING} {subject}, {len(questions)} questions, each something the audit "
        f"says of one case:\n{asked}"
        + ("" if answered else '\n\nSay "answers" for the answers, each with a line on its case.')
    )
    return [quiz, *case_quiz_answers(questions)] if answered else [quiz]


def case_quiz_answers(questions: Sequence[CaseQuestion]) -> list[Reply]:
    """Each question's case, in order, with a line on the case from the audit, then the
    audit and the cases they come from."""
    answered = "\n".join(
        f"{n}. {letter(q.answer)}: {_its_audit(q, questions)}{case_label(q.case)}. "
        f"{first_sentence(q.case.summary)}"
        for n, q in enumerate(questions, 1)
    )
    cases = sorted({q.case.id: q.case for q in questions}.values(), key=lambda c: c.number)
    sources = list({c.source_id: c.source for c in cases}.values())
    cited = " ".join(
        citation(source, [c for c in cases if c.source_id == source.id]) for source in sources
    )
    return [Reply(f"Answers:\n\n{answered}\n\n{cited}", tuple(map(quiz_button, sources)))]


def glossary_true_false(statements: Sequence[TermStatement]) -> list[Reply]:
    """A true-or-false round on the audits' abbreviations (an icebreaker), with the answers
    after it: each term with what it stands for or with another's, from the glossary."""
    said = "\n".join(f"{n}. {s.text}" for n, s in enumerate(statements, 1))
    answered = "\n".join(
        f"{n}. {'True' if s.true else 'False'}: {s.term.term} stands for "
        f"\u201c{s.term.stands_for}\u201d ({s.term.source})"
        for n, s in enumerate(statements, 1)
    )
    return [
        Reply(
            f"True or false? {len(statements)} statements on the abbreviations in the audits:"
            f"\n\n{said}"
        ),
        Reply(f"Answers:\n\n{answered}"),
    ]


def which_quiz(sources: Sequence[Source]) -> list[Reply]:
    return [
        Reply(
            'Which audit shall I quiz you on? Or name a topic, e.g. "a quiz question on" and '
            "the topic.",
            tuple(quiz_button(source) for source in sources),
        )
    ]


def no_more_quiz(sources: Sequence[Source]) -> list[Reply]:
    return [Reply("No quiz is waiting. Pick one to start:", which_quiz(sources)[0].buttons)]


# --- Discussion questions ------------------------------------------------------------------


def discussion_questions(
    case: Case, stages: Sequence[WalkthroughStage], count: int | None = None, study: bool = False
) -> list[Reply]:
    """The case's reflective questions for a group: its walk-through's, in stage order, else
    those of the key messages the audit drew from it; `count` of them when so many are asked
    for, and (`study`, "a short case study on Adam with 3 questions") the case told first."""
    questions = list(dict.fromkeys(q for stage in stages for q in stage.reflective_questions))
    if not questions:
        questions = list(
            dict.fromkeys(q.text for m in case.key_messages for q in m.reflective_questions)
        )
    questions = questions[:count] if count else questions
    named = f"{case.source.short_title}, {case_label(case)}"
    if not questions:
        return [Reply(f"The audit gives no reflective questions for {named}.")]
    first, rest = questions[:MAX_QUESTIONS_PER_MESSAGE], questions[MAX_QUESTIONS_PER_MESSAGE:]
    buttons: tuple[Button, ...] = ()
    if stages:
        buttons += (walkthrough_button(case),)
    buttons += (case_handout_button(case),)
    replies = [Reply(f"Case study: {named}\n\n{case.summary}")] if study else []
    replies.append(Reply(f"Discussion questions for a group on {named}:\n{bullets(first)}"))
    if rest:
        replies.append(Reply(bullets(rest)))
    replies.append(Reply(stages_citation(case, stages), buttons))
    return replies


def case_topic_questions(
    case: Case, topic: KeyMessage, count: int | None = None, scenario: bool = False
) -> list[Reply]:
    """A group's questions on a topic, using a case ("discussion questions on disability
    masking abuse, using Caryn as the case", "a role play scenario based on Deshawn on
    transition"): the case's story and what the audit says on the topic (found in this case,
    or not drawn from it), then the questions the topic
    steers, the audit's own: those its walk-through asks where the case reaches the topic, the
    topic's, then its linked key messages'; `count` of them when so many are asked for. A
    `scenario` for a room tells the case as its situation, the questions to discuss after."""
    staged = [stage for stage in topic.stages if stage.case_id == case.id]
    linked = [topic, *topic.related]
    questions = list(
        dict.fromkeys(
            [
                *(q for stage in staged for q in stage.reflective_questions),
                *(q.text for message in linked for q in message.reflective_questions),
            ]
        )
    )[: count or MAX_QUESTIONS_PER_MESSAGE]
    named = f"{case.source.short_title}, {case_label(case)}"
    drawn = case.id in {c.id for c in topic.cases}
    found = (
        f"What the audit found, in this case: {topic.summary}"
        if drawn
        else f"The audit does not draw this learning from {case_label(case)}; what it says: "
        f"{topic.summary}"
    )
    asked_from = [
        m.title for m in linked if any(q.text in questions for q in m.reflective_questions)
    ]
    where = (
        f"The questions are the audit's own: {'its walk-through of the case, ' if staged else ''}"
        + "; ".join(asked_from)
        + "."
        if asked_from or staged
        else ""
    )
    if not questions:
        return [Reply(f"The audit gives no reflective questions on {topic.title}.")]
    cited = message_citation(topic)
    if not drawn:
        cited = f"{citation(case.source, [case])} {cited}"
    buttons = (*(walkthrough_button(case) for _ in staged[:1]), case_handout_button(case))
    opening = (
        f"A scenario on {topic.title}, from {named}.\n\nThe situation: {case.summary}"
        if scenario
        else f"Discussion questions on {topic.title}, using {named}.\n\nThe case: {case.summary}"
    )
    asking = "Questions to discuss after it" if scenario else "Questions for the group"
    return [
        Reply(f"{opening}\n\n{found}"),
        Reply(f"{asking}:\n{bullets(questions)}"),
        Reply(f"{where}\n{cited}".strip(), buttons),
    ]


MAX_THEME_TOPICS = 3
"""A theme's questions come from its first key messages that ask some: enough for a session,
short enough for a phone."""


def theme_questions(theme: Theme) -> list[Reply]:
    """A group's questions on a theme named with no one topic ("reflective questions on
    information sharing"): the reflective questions of its first key messages, each under
    its title and with its source."""
    asking = [m for m in theme.key_messages if m.reflective_questions][:MAX_THEME_TOPICS]
    if not asking:
        return [Reply(f"The audits give no reflective questions on {theme.title.lower()}.")]
    replies = [Reply(f"Questions to reflect on, on {theme.title.lower()}:")]
    for message in asking:
        questions = [q.text for q in message.reflective_questions][:MAX_QUESTIONS_PER_MESSAGE]
        replies.append(
            Reply(
                f"**{message.title}**\n{bullets(questions)}\n\n{message_citation(message)}",
                (learning_button(message),),
            )
        )
    return replies


MINUTES_PER_QUESTION = 5
"""A group discusses a reflective question for about five minutes."""


def audit_questions(source: Source, minutes: int | None = None) -> list[Reply]:
    """A group's questions on an audit's key messages as a whole ("reflective questions from
    the mental health audit key messages"): one from each key message that asks any, under
    its title, as many as `minutes` allow."""
    asking = [m for m in source.key_messages if m.reflective_questions]
    if minutes:
        asking = asking[: max(1, minutes // MINUTES_PER_QUESTION)]
    if not asking:
        return [Reply(f"The {source.short_title} gives no reflective questions.")]
    timing = f" (about {MINUTES_PER_QUESTION} minutes each)" if minutes else ""
    lines = [f"**{m.title}**: {m.reflective_questions[0].text}" for m in asking]
    return [
        Reply(
            f"Questions to reflect on, from the key messages of the {source.short_title}"
            f"{timing}:\n\n{bullets(lines)}\n\nSource: {source.short_title}.",
            tuple(learning_button(m) for m in asking[:MAX_QUESTIONS_PER_MESSAGE]),
        )
    ]


def which_discussion(cases: Sequence[Case], source: Source | None = None) -> list[Reply]:
    intro = (
        f"Which case of the {source.short_title}?"
        if source
        else "Which case would the group discuss?"
    )
    return [
        Reply(
            intro,
            tuple(
                Button(
                    f"Questions on {case.source.short_title}, {case_label(case)}"
                    if source is None
                    else f"Questions on {case_label(case)}",
                    payload(DISCUSSION_INTENT, **{CASE_ENTITY: case.id}),
                )
                for case in cases
            ),
        )
    ]


# --- Handouts ---------------------------------------------------------------------------------


def _handout(what: str, kind: HandoutKind, item_id: str, source_line: str) -> list[Reply]:
    links = handout_links(kind, item_id)
    return [Reply(f"{what}:\n{links.page}\nPDF: {links.pdf}\n\n{source_line}")]


def case_handout(case: Case, briefing: bool) -> list[Reply]:
    named = f"{case.source.short_title}, {case_label(case)}"
    what = f"7-minute briefing on {named}" if briefing else f"Printable handout on {named}"
    kind = HandoutKind.BRIEFING if briefing else HandoutKind.CASE
    return _handout(what, kind, case.id, citation(case.source, [case]))


def audit_handout(source: Source) -> list[Reply]:
    """The handout's link, and the key messages it holds, so the trainer sees what is in it
    before printing it, with the cases they come from (each key message in it names them)."""
    titles = "; ".join(message.title for message in source.key_messages)
    cases = list(
        {case.id: case for message in source.key_messages for case in message.cases}.values()
    )
    return _handout(
        f"Printable handout of the {source.short_title} key messages"
        + (f" ({titles})" if titles else ""),
        HandoutKind.AUDIT,
        source.id,
        citation(source, sorted(cases, key=lambda case: case.number)),
    )


SLIDE_BULLETS = 5
"""Key messages an audience's slide holds from each audit: more is no longer a slide."""


def audience_key_messages(
    audience: str, sources: Sequence[Source], chosen: Sequence[KeyMessage]
) -> list[Reply]:
    """The audits' key messages for one audience, as a slide's bullets ("key messages slide
    for GPs from both audits"): from every audit in `sources`, those `chosen` for it (named by
    their own words first, then by what practitioners in that role ask), each in one line
    with its source; an audit with none for them says so, and each audit's handout holds
    them all."""
    named = audiences.plural(audience.upper() if len(audience) < 4 else audience)
    scope = f"the {sources[0].short_title}" if len(sources) == 1 else "the audits"
    sections = []
    for source in sources:
        own = [m for m in chosen if m.source_id == source.id][:SLIDE_BULLETS]
        lines = [
            f"{m.title}: {first_sentence(m.summary)} "
            f"({', '.join(case_label(c) for c in m.cases) or m.case_note or ALL_CASES})"
            for m in own
        ] or [f"None of its key messages names {named}; its handout holds them all."]
        links = handout_links(HandoutKind.AUDIT, source.id)
        sections.append(
            f"**{source.short_title}**\n{bullets(lines)}\nAll its key messages: {links.page}"
        )
    return [
        Reply(
            f"Key messages for {named}, from {scope} "
            "(those whose words, or practitioners' questions on them, name the role):\n\n"
            + "\n\n".join(sections)
        )
    ]


ONE_PAGE = (
    "An audit's key messages fill more than one page; one page holds a case's 7-minute "
    'briefing (ask "briefing on" the case).'
)


def audits_handout(sources: Sequence[Source], one_page: bool = False) -> list[Reply]:
    """The audits' key messages together ("a handout with the key messages from both
    audits"): each audit's handout, with the key messages it holds; asked for on one page,
    what fits one page."""
    replies = [reply for source in sources for reply in audit_handout(source)]
    return [Reply(ONE_PAGE), *replies] if one_page else replies


def topics_handouts(topics: Sequence[KeyMessage]) -> list[Reply]:
    """Handouts asked for on topics named one by one: each topic's summary, in the handout of
    its theme (one handout for topics that share a theme)."""
    replies: list[Reply] = []
    shown: set[str] = set()
    for topic in topics:
        if topic.theme_id not in shown:
            shown.add(topic.theme_id)
            replies += theme_handout(topic.theme, topic)
        else:
            replies.append(Reply(f"{topic.title}: {topic.summary}\n\n{message_citation(topic)}"))
    return replies


def handout_in_short(topic: KeyMessage, count: int) -> list[Reply]:
    """A topic's handout asked for shorter ("five bullets max"): the key message in `count`
    bullets at most, in its own words (its summary's sentences, then its steps, none said
    twice), with the full handout's link and its source."""
    lines: list[str] = []
    for line in [*sentences(topic.summary), *topic.actions]:
        said = set().union(*(topic_stems(kept) for kept in lines)) if lines else set()
        own = topic_stems(line)
        if own and len(own - said) * 2 > len(own):  # more than half of it is new
            lines.append(line)
    shown = lines[:count]
    links = handout_links(HandoutKind.THEME, topic.theme_id)
    return [
        Reply(
            f"**{topic.title}** in {len(shown)} bullet{'s' if len(shown) != 1 else ''}:\n"
            f"{bullets(shown)}\n\nThe full handout: {links.page} (PDF: {links.pdf})\n\n"
            f"{message_citation(topic)}"
        )
    ]


def what_can_be_shorter(named: str, topics: Sequence[KeyMessage], cited: str) -> list[Reply]:
    """ "Make it shorter" after a case's or an audit's handout: that handout is the audit's own
    account, kept whole; what can be cut down is one topic's handout, and these are its
    topics."""
    titles = "; ".join(dict.fromkeys(topic.title for topic in topics))
    return [
        Reply(
            f"The handout on {named} is the audit's own account and is not cut down here. What "
            "can be shortened is a topic's handout, in a few bullets: ask for a handout on one "
            f"of its topics{f' ({titles})' if titles else ''}, then for it shorter.\n\n{cited}"
        )
    ]


def theme_handout(theme: Theme, topic: KeyMessage | None = None) -> list[Reply]:
    """The theme's handout; asked for on one topic (a key message of the theme), it names the
    topic and gives its summary, so the trainer sees the topic asked for is in it."""
    sources = list(dict.fromkeys(m.source.short_title for m in theme.key_messages))
    what = f"Printable handout of the key messages on {theme.title}"
    source_line = f"Source: {', '.join(sources)}." if sources else ""
    if topic is not None and topic.theme_id == theme.id:
        what = f"{topic.title}: {topic.summary}\n\n{what}, {topic.title} among them"
        source_line = message_citation(topic)
    return _handout(what, HandoutKind.THEME, theme.id, source_line)


def which_handout(sources: Sequence[Source], cases: Sequence[Case]) -> list[Reply]:
    audited = [case for case in cases if not case.referred_only]
    return [
        Reply(
            "Which handout? I can give an audit's key messages, a topic's, or one case "
            "(a handout or a 7-minute briefing): name the case, e.g. "
            + ", ".join(f"{case.source.short_title} {case_label(case)}" for case in audited[:2])
            + ".",
            tuple(
                Button(
                    f"{source.short_title} key messages",
                    payload(
                        ASK_HANDOUT_INTENT,
                        **{AUDIT_SLOT: source.id, HANDOUT_KIND_ENTITY: HandoutKind.AUDIT.value},
                    ),
                )
                for source in sources
            ),
        )
    ]


# --- Preparing a workshop ---------------------------------------------------------------------


def workshop_offer(source: Source, walkable: Sequence[Case], quiz_count: int) -> list[Reply]:
    """What the assistant offers a trainer for a workshop on one audit, each a tap away."""
    lines = []
    if walkable:
        lines.append("walk the group through a case, stage by stage (pick a case below)")
    lines.append("discussion questions for each case")
    intro = Reply(
        f"For a workshop on the {source.title} ({source.short_title}), I can:\n{bullets(lines)}",
        tuple(walkthrough_button(case) for case in walkable),
    )
    links = handout_links(HandoutKind.AUDIT, source.id)
    more = []
    if quiz_count:
        more.append(f"a quiz of {quiz_count} questions on its key messages")
    more.append(f"a printable handout of its key messages: {links.page} (PDF: {links.pdf})")
    more.append('a handout or a 7-minute briefing for each case: ask "handout for" the case')
    more.append(f"the live workshop page for the room, with the trainer sign-in: {workshop_link()}")
    buttons: list[Button] = []
    if quiz_count:
        buttons.append(quiz_button(source))
    audited = [case for case in source.cases if not case.referred_only]
    if audited:
        buttons.append(
            Button("Discussion questions", payload(DISCUSSION_INTENT, **{AUDIT_SLOT: source.id}))
        )
    return [
        intro,
        Reply(f"Also:\n{bullets(more)}\n\nSource: {source.short_title}.", tuple(buttons)),
    ]


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


PLAN_NAMES_AT_MOST = 6
"""Key messages a plan names in its line for them; more would be a wall of text on a phone."""


def _segment(
    segment: Segment, title: str, quiz_count: int, audits: int, covered: Sequence[str] = ()
) -> str:
    """What is done in a part of a session; a case of one of several `audits` says which, and
    the key messages part names the key messages `covered`."""
    case = segment.case
    if segment.part is Part.CASE and case is not None:
        label = case_label(case) + (f" of the {case.source.short_title}" if audits > 1 else "")
        how = (
            "walk the room through it stage by stage, voting on what to do next, then its reveal"
            if segment.walked
            else "what happened and its reflective questions, discussed in small groups"
        )
        return f"{label}: {how}"
    return {
        Part.OPENING: "welcome, aims, and the before check on the live workshop page",
        Part.KEY_MESSAGES: f"the learning of {title}: its key messages"
        + (f" ({_named(covered)})" if covered else "")
        + ", from the handout",
        Part.BREAK: "break",
        Part.QUIZ: f"quiz on the key messages ({min(quiz_count, segment.minutes // 2)} "
        "questions, the room voting)",
        Part.DISCUSSION: "discussion: the key messages' reflective questions, and what each "
        "agency would do differently",
        Part.CLOSE: "close: one thing each person will do, and the after check",
    }[segment.part]


def workshop_plan(
    title: str,
    sources: Sequence[Source],
    minutes: int,
    segments: Sequence[Segment],
    quiz_count: int,
    summary: str | None = None,
    asked: int | None = None,
    covered: Sequence[str] = (),
    left_out: Sequence[Case] = (),
) -> list[Reply]:
    """A session's timed plan on `title` (an audit, a case, a topic or topics of `sources`,
    whose `summary` leads when it is a topic), each part with its minutes, then how to change
    it and where its material is (each audit's handout); when the length `asked` could not be
    planned, saying so; the cases named that did not fit (`left_out`), saying so; the key
    messages `covered` named."""
    lines, start = [], 0
    audits = len({segment.case.source_id for segment in segments if segment.case})
    for segment in segments:
        lines.append(
            f"{_clock(start)}-{_clock(start + segment.minutes)} ({segment.minutes} min): "
            f"{_segment(segment, title, quiz_count, audits, covered)}"
        )
        start += segment.minutes
    walked = tuple(walkthrough_button(s.case) for s in segments if s.case is not None and s.walked)
    refitted = (
        f"(You asked for {_length(asked)}: a plan here runs from {SHORTEST} minutes to a "
        f"day of {LONGEST // 60} hours; for longer, run it again on another audit or case.)\n\n"
        if asked is not None and asked != minutes
        else ""
    )
    if left_out:
        named = " and ".join(case_label(case) for case in left_out)
        them = "them" if len(left_out) > 1 else "it"
        refitted += (
            f"({named} did not fit in {_length(minutes)} with time for each case and the "
            f'discussion: say "longer" or a length to take {them} in.)\n\n'
        )
    return [
        Reply(
            f"{PLAN_HEADING}{_length(minutes, '-')} workshop on {title}:\n\n"
            + refitted
            + (f"{summary}\n\n" if summary else "")
            + bullets(lines),
            walked,
        ),
        Reply(
            'Say "shorter", "longer" or a length ("make it an hour") to change it. '
            + "".join(
                f"The {source.short_title} handout: {links.page} (PDF: {links.pdf}); "
                for source in sources
                for links in [handout_links(HandoutKind.AUDIT, source.id)]
            )
            + f"the live workshop page for the room's votes: {workshop_link()}. Source: "
            + ", ".join(source.short_title for source in sources)
            + ".",
            tuple(quiz_button(source) for source in sources),
        ),
    ]


def which_part_to_swap(on_plan: Sequence[KeyMessage], other: KeyMessage | None) -> list[Reply]:
    """A change asked of the plan just given that names none of its topics ("swap the quiz
    for a role play"): a plan here changes by its length or by a topic swapped for another
    key message, so which of its topics can go, with an example of the wording, and which
    the asker means to swap."""
    titles = [message.title for message in on_plan]
    if not titles:  # a plan on a case the audit gives no key message of
        return [Reply('I can change the plan\'s length ("make it an hour", "shorter").')]
    example = f' ("swap {titles[0]} for {other.title}")' if other is not None else ""
    return [
        Reply(
            "I can change the plan's length, or swap one of its topics for another key "
            f"message of the audits{example}. Its topics: {_named(titles)}. Which topic "
            "would you like to swap, and for what?"
        )
    ]


def _named(titles: Sequence[str]) -> str:
    """Titles in a line: the first few, then how many more."""
    more = len(titles) - PLAN_NAMES_AT_MOST
    return "; ".join(titles[:PLAN_NAMES_AT_MOST]) + (f"; and {more} more" if more > 0 else "")


def _length(minutes: int, joined: str = " ") -> str:
    """ "90-minute", "3-hour" before a noun (`joined` "-"); "90 minute", "8 hour" alone."""
    if minutes < 120 or minutes % 60:
        return f"{minutes}{joined}minute" + ("s" if joined == " " and minutes != 1 else "")
    return f"{minutes // 60}{joined}hour" + ("s" if joined == " " else "")


def which_workshop(sources: Sequence[Source], poll: bool = False) -> list[Reply]:
    """Which audit a workshop (or a poll, naming no topic) is on."""
    return [
        Reply(
            "Which audit is the poll on? For a poll on one topic, name it (a poll on "
            "escalation, say) and I'll give the question to vote on and the answer to reveal."
            if poll
            else "Which audit is the workshop on?",
            tuple(
                Button(
                    f"Workshop on the {source.short_title}",
                    payload(WORKSHOP_INTENT, **{AUDIT_SLOT: source.id}),
                )
                for source in sources
            ),
        )
    ]


def _joining() -> str:
    return (
        f"The room joins on their phones at {workshop_join_link()} with the eight-digit code "
        "the presenter page shows in large type (or by scanning its QR code), or by typing "
        "“join” and the code in this chat or Teams. No app or account is needed."
    )


_RUNNING = {
    Running.JOIN: "{join} Start the session first on the live workshop page, {page} (trainer "
    "sign-in): choose a case and press “Start the session”; the lobby shows the code and "
    "how many have joined.",
    Running.RESULTS: "The votes show live on the presenter page, {page}, as bars with counts "
    "(on a “what would you do next?” stage they stay hidden until you reveal: key H shows "
    "them). Once you end the session, “Results” gives the printable results with the "
    "before/after shift and CSV files; you choose whether to publish them on the case's "
    "handouts.",
    Running.CONTROL: "The room is run from the presenter page, {page}, not from this chat: "
    "O opens voting, C closes it, R reveals the audit's finding, N or → goes to the next "
    "question, B or ← goes back, S shows the next free-text answer and E ends the session "
    "(each is a button too). {join}",
}


def running_workshop(asked: Running) -> list[Reply]:
    """How to do what a trainer asks of a live workshop (join, results, moving the room on):
    the presenter page does it, so the way there, and the workshop offer one tap away."""
    text = _RUNNING[asked].format(join=_joining(), page=workshop_link())
    return [Reply(text, (Button("Plan a workshop", payload(WORKSHOP_INTENT)),))]


def topic_activities(topic: KeyMessage) -> Reply:
    """A session asked for on a topic: its key message in short, so the trainer sees the
    topic was understood, then its quiz, a group's questions and its theme's handout, each a
    tap away (after what the audit as a whole offers)."""
    on_topic = {KEY_MESSAGE_SLOT: topic.id}
    return Reply(
        f"{topic.title}: {topic.summary}\n\nFor a session on it ({topic.source.short_title}): "
        "a quiz on it, questions for the group to discuss and a printable handout of its "
        "theme are a tap away.",
        (
            Button("Quiz on it", payload(QUIZ_INTENT, **on_topic)),
            Button("Discussion questions", payload(DISCUSSION_INTENT, **on_topic)),
            Button("Handout", payload(ASK_HANDOUT_INTENT, **{THEME_ENTITY: topic.theme_id})),
        ),
    )


def live_workshop_on(case: Case) -> Reply:
    """A live workshop asked for on a case: how to run it on that case."""
    return Reply(
        f"To run a live workshop on {case.source.short_title}, {case_label(case)}: sign in "
        f"at {workshop_link()}, choose that case and press “Start the session”. " + _joining(),
        (walkthrough_button(case),),
    )


def nothing_in_progress() -> list[Reply]:
    return [
        Reply(
            'There is no walk-through or quiz in progress. Say "walk me through" and a case, '
            'or "quiz me on" and an audit.'
        )
    ]


def walkthrough_stopped() -> list[Reply]:
    return [Reply("OK, I've stopped the walk-through. Ask me anything else.")]


def pick_an_option() -> list[Reply]:
    return [
        Reply(
            "Pick one of the options with its button or letter (your answer matches none of "
            'them), or say "skip".'
        )
    ]


def answer_the_next() -> Reply:
    """An option typed after the answer was shown: it answers nothing yet."""
    return Reply(
        "That one has been answered already, so your answer was not counted. "
        "Here is the next one: answer it with its letter."
    )


def _right_option(question: QuizQuestion) -> str:
    """The right option, lettered, without its full stop (a sentence goes on after it)."""
    right = next(i for i, option in enumerate(question.options) if option.correct)
    return f"{letter(right)}: {question.options[right].text.rstrip('.')}"


def poll_question(topic: KeyMessage, question: QuizQuestion | None) -> str:
    """The question put to the vote: the topic's quiz question with its lettered options, or
    (a topic without one) how far the room agrees with the key message."""
    if question is None:
        return f"How confident are you applying this in practice: “{topic.title}”?\n\n" + lettered(
            ["Very confident", "Fairly confident", "Not sure", "Not confident"]
        )
    return f"{question.question}\n\n{lettered([o.text for o in question.options])}"


def topic_poll(
    topic: KeyMessage, question: QuizQuestion | None, walkable: Sequence[Case]
) -> list[Reply]:
    """A poll asked for on a topic: one question for the room to vote on, from the topic's
    key message (its audit inferred from it), the answer to reveal after the vote, and how
    to have the room vote on their phones (the live workshop runs on a case it comes from)."""
    reveal = (
        f"To reveal after the vote: {_right_option(question)}. {question.explanation}"
        if question is not None
        else f"To reveal after the vote, what the audit says: {topic.summary}"
    )
    live = (
        f"For the room to vote on their phones, start a live workshop at {workshop_link()} on "
        f"{case_label(walkable[0])}, where this learning comes from. "
        if walkable
        else f"For the room to vote on their phones, use the live workshop, {workshop_link()}. "
    )
    buttons = tuple(walkthrough_button(case) for case in walkable[:1])
    return [
        Reply(
            f"{POLL_HEADING} **{topic.title}** ({topic.source.short_title}): put this to the "
            f"vote, then reveal the answer.\n\n{poll_question(topic, question)}"
        ),
        Reply(
            f"{reveal}\n\n{live}{_joining()}\n\n{message_citation(topic)}",
            (*buttons, learning_button(topic)),
        ),
    ]


def audit_polls(source: Source, questions: Sequence[QuizQuestion]) -> list[Reply]:
    """Polls asked for on an audit, so many of them ("3 poll questions on the mental health
    audit"): each a quiz question on a different key message, with the answer to reveal
    after its vote and the audit and case it comes from (a room relies on it), and how the room
    votes on their phones."""
    # one paragraph for all of them: each paragraph is a message on the phone
    polls = "\n".join(
        f"{_numbered(number, q)}\n"
        f"To reveal after the vote: {_right_option(q)} ({q.key_message.title}). "
        f"{message_citation(q.key_message)}"
        for number, q in enumerate(questions, 1)
    )
    return [
        Reply(
            f"{POLL_HEADING} the {source.short_title}: {len(questions)} questions to put to the "
            f"vote one by one, each on a different key message.\n\n{polls}"
        ),
        Reply(
            f"For the room to vote on their phones, use the live workshop, {workshop_link()}. "
            f"{_joining()} Ask for one on any topic (\u201cone on young carers\u201d). "
            f"Source: {source.short_title}.",
            (quiz_button(source),),
        ),
    ]


def poll_part_reply(
    part: PollPart, topic: KeyMessage, question: QuizQuestion | None
) -> list[Reply]:
    """The part of the poll in hand a trainer asks for: its question, its answer, or what
    the audit says (to reveal after the vote)."""
    if part is PollPart.QUESTION:
        return [
            Reply(f"The poll's question, on **{topic.title}**:\n\n{poll_question(topic, question)}")
        ]
    if part is PollPart.ANSWER and question is not None:
        return [
            Reply(
                f"The answer to discuss: {_right_option(question)}.\n\n{question.explanation}\n\n"
                f"{message_citation(topic)}",
                (learning_button(topic),),
            )
        ]
    return [
        Reply(
            f"What the audit says on **{topic.title}**, to reveal after the vote: "
            f"{topic.summary}\n\n{message_citation(topic)}",
            (learning_button(topic),),
        )
    ]
