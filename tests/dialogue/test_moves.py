"""Conversation moves recognised by their shape and resolved by the context (no Rasa)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.dialogue.context import Context, moves_on
from bot.dialogue.moves import (
    Detail,
    Move,
    Reply,
    Target,
    acknowledgement_intent,
    after_acknowledgement,
    asks_for_contact,
    asks_for_more,
    asks_for_other_things,
    asks_for_quiz,
    asks_for_services,
    asks_for_source,
    asks_to_start_again,
    asks_what_if,
    asks_what_next,
    asks_which_audits_found,
    asks_who_uses,
    asks_whose_detail,
    asks_why_used,
    audit_detail_asked,
    calls_for_help,
    correction_target,
    corrects_with_one,
    detail_asked,
    detail_meant,
    leans_on_last_turn,
    points_back,
    points_to_another,
    repeated_detail,
    resolve,
    says_not_helpful,
    who_uses_narrowed,
)
from bot.dialogue.options import typed_letter
from bot.names import ACKNOWLEDGE_INTENT, THANK_INTENT


@pytest.mark.parametrize(
    "text",
    [
        "ty",
        "thanks v much",
        "Lovely, ta!",
        "great cheers",
        "right. thank you",
        "ok ty 🙏",
        "🙏",
        "thank you, that's much clearer",
        "thanks that helps",
    ],
)
def test_thanks_in_any_common_form(text: str) -> None:
    assert acknowledgement_intent(text) == THANK_INTENT


@pytest.mark.parametrize(
    "text",
    [
        "okie",
        "kk",
        "fair enough",
        "brill",
        "👌",
        "!!",
        "ah right ok",
        "right, done",
        "ok that's enough for now",  # a session closed: never the urgent contacts
        "good, that's all for today",
        "ok nite",  # a sign-off, never the out-of-hours number
        "goodnight all",
    ],
)
def test_acknowledgements_in_any_common_form(text: str) -> None:
    assert acknowledgement_intent(text) == ACKNOWLEDGE_INTENT


@pytest.mark.parametrize(
    "text",
    [
        "ok?",  # asks something
        "yes",  # answers "Was this helpful?"
        "a",  # answers a quiz question
        "no thanks",
        "ok thanks, and what about young carers",
        "thanks, is there anything on neglect",
        "?",
        "",
    ],
)
def test_a_message_that_says_more_is_not_an_acknowledgement(text: str) -> None:
    assert acknowledgement_intent(text) is None


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("the helpline's number?", Detail.PHONE),
        ("who do I ring", Detail.PHONE),
        ("email for them", Detail.EMAIL),
        ("which report is this from", Detail.SOURCE),
        ("what audit was that", Detail.SOURCE),
        ("website?", Detail.LINK),
        ("ok", None),
    ],
)
def test_which_detail_is_asked(text: str, detail: Detail | None) -> None:
    assert detail_asked(text) is detail


def test_a_detail_question_is_answered_with_the_detail_asked_or_asked_again_else_a_number() -> None:
    assert detail_meant("email for them") is Detail.EMAIL
    assert detail_meant("what was the name of that service again") is Detail.NAME
    assert detail_meant("and the hub?") is Detail.PHONE


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("no, wrong audit", Target.OTHER_AUDIT),
        ("I meant a different case", Target.OTHER_CASE),
        ("sorry, not that one", Target.SOMETHING_ELSE),
    ],
)
def test_what_a_correction_points_at(text: str, target: Target) -> None:
    assert correction_target(text) is target


@pytest.mark.parametrize(
    ("text", "leans"),
    [
        ("how do I organise one?", True),
        ("and if he says no?", True),
        ("what about the neighbours?", True),
        ("what about transition to adult services", False),
        ("and if mum refuses to consent to information sharing", False),
    ],
)
def test_a_follow_up_leans_on_the_last_turn_when_it_has_few_words_of_its_own(
    text: str, leans: bool
) -> None:
    assert leans_on_last_turn(text) is leans


def _resolve(move: Move, context: Context, **kwargs: object) -> Reply:
    options = {"has_topic": True, "in_activity": False, "clear_new_topic": False, **kwargs}
    return resolve(move, context, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("move", list(Move))
@pytest.mark.parametrize("context", list(Context))
@pytest.mark.parametrize("has_topic", [True, False])
@pytest.mark.parametrize("in_activity", [True, False])
def test_every_move_gets_one_reply_in_every_state(
    move: Move, context: Context, has_topic: bool, in_activity: bool
) -> None:
    reply = _resolve(move, context, has_topic=has_topic, in_activity=in_activity)
    assert isinstance(reply, Reply)
    if not has_topic:
        assert reply not in (Reply.NEXT_PART, Reply.ON_TOPIC, Reply.ALTERNATIVES)


def test_after_urgent_advice_moves_stay_urgent_but_a_correction_is_heard() -> None:
    assert _resolve(Move.MORE, Context.URGENT) is Reply.URGENT
    assert _resolve(Move.DETAIL, Context.URGENT) is Reply.URGENT
    assert _resolve(Move.HELP, Context.URGENT) is Reply.URGENT
    assert _resolve(Move.CORRECTION, Context.URGENT, target=Target.OTHER_AUDIT) is (
        Reply.OTHER_AUDIT
    )


def test_more_goes_on_with_a_walk_through_and_gives_the_next_part_of_an_answer() -> None:
    assert _resolve(Move.MORE, Context.ACTIVITY) is Reply.WORKSHOP_ON
    assert _resolve(Move.MORE, Context.ANSWERED) is Reply.NEXT_PART
    assert _resolve(Move.MORE, Context.NEUTRAL, has_topic=False) is Reply.WHICH_TOPIC


def test_a_follow_up_stays_on_the_topic_unless_it_names_another() -> None:
    assert _resolve(Move.FOLLOW_UP, Context.ANSWERED) is Reply.ON_TOPIC
    assert _resolve(Move.FOLLOW_UP, Context.ANSWERED, clear_new_topic=True) is Reply.NEW_ANSWER
    assert _resolve(Move.FOLLOW_UP, Context.START, has_topic=False) is Reply.NEW_ANSWER


def test_a_correction_goes_where_it_points() -> None:
    assert _resolve(Move.CORRECTION, Context.ACTIVITY, target=Target.OTHER_AUDIT) is (
        Reply.OTHER_AUDIT
    )
    assert _resolve(Move.CORRECTION, Context.ANSWERED, target=Target.OTHER_CASE) is (
        Reply.OTHER_CASE
    )
    assert _resolve(Move.CORRECTION, Context.ANSWERED) is Reply.ALTERNATIVES
    assert _resolve(Move.CORRECTION, Context.ANSWERED, clear_new_topic=True) is Reply.NEW_ANSWER


def test_a_bare_request_for_help_asks_what_is_happening_and_a_detail_gives_the_detail() -> None:
    for context in (Context.START, Context.ANSWERED, Context.ACTIVITY, Context.NEUTRAL):
        assert _resolve(Move.HELP, context) is Reply.WHAT_IS_HAPPENING
        assert _resolve(Move.DETAIL, context) is Reply.DETAIL


def test_help_asking_for_the_next_step_of_an_answer_stays_on_its_topic() -> None:
    assert _resolve(Move.HELP, Context.ANSWERED, asks_next=True) is Reply.ON_TOPIC
    assert (
        _resolve(Move.HELP, Context.NEUTRAL, asks_next=True, has_topic=False)
        is Reply.WHAT_IS_HAPPENING
    )


@pytest.mark.parametrize(
    ("text", "more", "contact", "source"),
    [
        ("and then?", True, False, False),
        ("keep going please", True, False, False),
        ("what?", False, False, False),
        ("the dvip number", False, True, False),
        ("their email pls", False, True, False),
        ("what number should I ring if a parent threatens staff", False, False, False),
        ("which report", False, False, True),
        ("what audit was it in", False, False, True),
        ("which audit covers neglect", False, False, False),
        ("what was case 3 about", False, False, False),
        ("number 3 please", False, False, False),
        ("tel me about the nia project", False, False, False),
        ("nia tel no", False, True, False),
        ("was it from the mental health audit", False, False, True),
        ("does this come from the send audit", False, False, True),
        ("which cases were in the send audit", False, False, False),
        ("is that from a policy on lone working", False, False, False),
        # a source word alone as the question, or softened
        ("audit?", False, False, True),
        ("so the source?", False, False, True),
        ("which report please", False, False, True),
        ("case 4?", False, False, False),
        ("audit of what?", False, False, False),
    ],
)
def test_short_shapes_of_more_a_contact_and_the_source(
    text: str, more: bool, contact: bool, source: bool
) -> None:
    assert asks_for_more(text) is more
    assert asks_for_contact(text) is contact
    assert asks_for_source(text) is source


@pytest.mark.parametrize(
    ("text", "back"),
    [
        ("is there a form for it", True),
        ("how old are they", True),
        ("can one be called by a nurse", True),
        ("what does the audit say about neglect", False),
        ("and if mum refuses consent to talk to the nursery about it", False),
    ],
)
def test_a_message_points_back_with_a_pronoun_and_few_words_of_its_own(
    text: str, back: bool
) -> None:
    assert points_back(text) is back


@pytest.mark.parametrize(
    ("text", "more"),
    [
        ("what else should i be doing", True),
        ("tell me more", True),
        ("is there anything else", True),
        ("no more", False),
        ("what else went well", False),
        ("what else is there on neglect", False),
    ],
)
def test_asking_for_more_with_function_words_only(text: str, more: bool) -> None:
    assert asks_for_more(text) is more


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("that wasnt helpful, too long and i needed to know what to actually do", True),
        ("not very helpful tbh, it doesnt say what to actually do", True),
        ("this didn't really help", True),
        ("useless", True),
        ("which answers got rated not helpful", False),  # asks about other answers
        ("that was really helpful", False),
        ("what helps a young carer", False),
    ],
)
def test_the_last_answer_did_not_help_in_any_words(text: str, complaint: bool) -> None:
    assert says_not_helpful(text) is complaint


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("ok and the mental health one", "and the mental health one"),
        ("ok. where would i find that then", "where would i find that then"),
        ("thanks, is there anything on neglect", "is there anything on neglect"),
        ("ok thanks", None),
        ("ok sounds good", None),
        ("and the other one", None),  # no acknowledgement first
        # a question opened by a contraction or a request verb
        ("fine. whats the learning on neglect", "whats the learning on neglect"),
        ("cheers, tell me about case 2", "tell me about case 2"),
        ("ok great show me the handout", "show me the handout"),
    ],
)
def test_an_acknowledgement_that_only_prefaces_a_question(text: str, rest: str | None) -> None:
    assert after_acknowledgement(text) == rest


@pytest.mark.parametrize(
    "text",
    [
        "then what",
        "and if that doesn't get anywhere",
        "and after that?",
        "what next?",
        "and if they still don't respond?",
        "ok and who's after the team manager",
        "who comes next",
    ],
)
def test_asking_for_the_next_step(text: str) -> None:
    assert asks_what_next(text)


@pytest.mark.parametrize(
    "text",
    [
        "the plan isn't progressing",
        "what if the family live in the City?",
        "the family won't engage with the plan at all",
    ],
)
def test_a_situation_or_a_question_is_not_asking_for_the_next_step(text: str) -> None:
    assert not asks_what_next(text)


@pytest.mark.parametrize(
    "text", ["and if mum says no?", "what if he refuses", "but what if dad won't"]
)
def test_a_case_of_the_last_answer(text: str) -> None:
    assert asks_what_if(text)


@pytest.mark.parametrize(
    "text",
    [
        "what about his sister? she's 9 and was in the house",
        "if a parent refuses a carers assessment for their young carer",
    ],
)
def test_a_question_with_a_topic_of_its_own_is_not_a_case_of_the_last_answer(text: str) -> None:
    assert not asks_what_if(text)


@pytest.mark.parametrize("text", ["and which child", "which young person was that"])
def test_which_child_asks_for_the_source(text: str) -> None:
    assert detail_asked(text) is Detail.SOURCE


@pytest.mark.parametrize(
    "text",
    [
        "sorry, the SEND one",
        "no, the mental health one",
        "no sorry the other one",
        "not that one - the mental health one",
        "no, the other case, the one with the lad at college",
        "sorry, the other audit - the one about mental health",
    ],
)
def test_a_correction_that_names_its_choice(text: str) -> None:
    assert corrects_with_one(text)


@pytest.mark.parametrize(
    "text",
    [
        "what is SEND",
        "is there one for the send audit",
        "the SEND one is long",
        "what does the other audit say about this",
    ],
)
def test_a_question_is_not_a_correction(text: str) -> None:
    assert not corrects_with_one(text)


@pytest.mark.parametrize(
    ("text", "quiz"),
    [
        ("could you quiz the nurses on young carers", True),
        ("set up a quick quiz around transitions for my team", True),
        ("test me on disguised compliance", True),
        ("quiz on the SEND one", True),
        ("stop the quiz please", False),
        ("is there a quiz", False),
        ("what questions could I ask the family", False),
        ("give me six quick questions on neglect", True),
        ("any quiz on transitions?", True),
        ("test the group's knowledge of young carers", True),
        ("I have two questions about the plan", False),
        # a question of the asker's own, as material for the quiz they write (set T: a quiz)
        ("Quiz question idea - why might a diagnosis distract professionals?", False),
        ("for my quiz: what should a GP do when a child is not brought?", False),
        ("quiz ideas for the team on neglect", True),
    ],
)
def test_a_quiz_asked_for_in_a_sentence(text: str, quiz: bool) -> None:
    assert asks_for_quiz(text) is quiz


@pytest.mark.parametrize(
    ("text", "letter"),
    [
        ("c", True),
        ("D.", True),
        ("I'll go with b", True),
        ("my answer's a", True),
        ("a few", False),
        ("ok", False),
        ("b12", False),
    ],
)
def test_an_options_letter_alone_answers(text: str, letter: bool) -> None:
    assert typed_letter(text) is letter


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("no the other one, with the bruising", True),
        ("a different case", True),
        ("the SEND one", False),
    ],
)
def test_a_correction_points_away_from_what_was_shown(text: str, other: bool) -> None:
    assert points_to_another(text) is other


@pytest.mark.parametrize(
    ("text", "moving_on"),
    [
        (
            "police are here now. once this is sorted, what did the audits learn about siblings",
            True,
        ),
        ("after that, any learning for next time?", True),
        ("after this he went back inside and locked the door", False),
        ("when that happened what did you do", False),
    ],
)
def test_the_learning_asked_for_once_the_emergency_is_dealt_with_moves_on(
    text: str, moving_on: bool
) -> None:
    """After urgent advice, a question about the learning "after this" is a new question, not
    the emergency going on (set G: "still sounds urgent" instead of the learning)."""
    assert moves_on(text) is moving_on


@pytest.mark.parametrize(
    ("shape", "text", "asked"),
    [
        # where what was just said comes from (set Q: declined as not covered)
        (asks_for_source, "where did this come from", True),
        (asks_for_source, "and where is that advice taken from exactly?", True),
        (asks_for_source, "where's it from", True),
        (asks_for_source, "where does the school nurse come from", False),
        (asks_for_source, "where do i send the form", False),
        # who helps the one talked about: the topic's services (set Q: a case's lines)
        (asks_for_services, "who can help the family round here", True),
        (asks_for_services, "any local services for her?", True),
        (asks_for_services, "where could they get support", True),
        (asks_for_services, "who supports children with autism", False),
        (asks_for_services, "who do i tell", False),
        # who used a term just explained (set Q: declined)
        (asks_who_uses, "which agencies used that", True),
        (asks_who_uses, "so who mentions it?", True),
        (asks_who_uses, "where was this used", True),
        (asks_who_uses, "and where does that crop up", True),
        (asks_for_source, "where does that show up", False),  # where it is used, not its source
        (asks_who_uses, "who used a chronology", False),
        # who had the thing a term names (set S: a fallback)
        (asks_who_uses, "which kids got one?", True),
        (asks_who_uses, "so who was on them", True),
        (asks_who_uses, "who has the lead for this", False),
        (asks_who_uses, "what if she has one?", False),  # a case of the asker's, not who had it
        # one audit or both, and where (set S: the audits' list)
        (asks_which_audits_found, "was it found in all the audits", True),
        (asks_which_audits_found, "hackney only or city as well?", True),
        (asks_which_audits_found, "is that hackney-specific?", True),
        (asks_which_audits_found, "does this apply to the City of London as well", True),
        (asks_which_audits_found, "only for hackney then?", True),
        (asks_which_audits_found, "is the city covered?", True),
        (asks_which_audits_found, "does the city have its own MASH", False),
        (asks_which_audits_found, "is there a hackney young carers project", False),
        (asks_which_audits_found, "one report or both?", True),
        (asks_which_audits_found, "what do both audits say about neglect", False),
        (asks_which_audits_found, "the other audit", False),
        # the cases asked of by one area (set W: "cases" was a topic word)
        (asks_which_audits_found, "were they all Hackney cases", True),
        (asks_which_audits_found, "any City of London children?", True),
        (asks_which_audits_found, "was it only hackney families?", True),
        (asks_which_audits_found, "how many hackney cases had autism", False),
        (asks_who_uses, "what is it", False),
        # a bare call for help, not thanks (issue 20: no 999 line for it)
        (calls_for_help, "i need help pls", True),
        (calls_for_help, "HELP!!", True),
        (calls_for_help, "thanks for your help", False),
        (calls_for_help, "help with a referral form", False),
    ],
)
def test_what_the_last_turn_said_asked_of_in_a_few_words(
    shape: Callable[[str], bool], text: str, asked: bool
) -> None:
    """A few words leaning on what was just said, told by their shape; a topic of their own
    ("the school nurse", "children with autism", "a chronology") is a new question."""
    assert shape(text) is asked


@pytest.mark.parametrize(
    ("text", "own"),
    [
        ("who used it", set()),
        ("which child got one transferred", {"transferred"}),
        ("and who had it recently finalized", {"recently", "finalized"}),
        ("which case had one moved across to another borough", None),
        ("what if she has one?", None),
    ],
)
def test_who_used_a_term_narrowed_by_a_few_words_of_its_own(
    text: str, own: set[str] | None
) -> None:
    """ "which child got one transferred": the words that say what happened to it there; more
    is a question of its own."""
    assert who_uses_narrowed(text) == own


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("what else", True),
        ("anything else?", True),
        ("and what else should I be doing", True),
        ("go on", False),
        ("tell me more", False),
        ("nothing else thanks", False),
    ],
)
def test_asking_for_something_other_than_what_was_said(text: str, other: bool) -> None:
    assert asks_for_other_things(text) is other


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("can you repeat that number", Detail.PHONE),
        ("sorry what was that number again", Detail.PHONE),
        ("send me that link again pls", Detail.LINK),
        ("could you resend the website", Detail.LINK),
        ("what was the email address you gave", Detail.EMAIL),
        ("remind me of the source", Detail.SOURCE),
        ("whats the name of that service again", Detail.NAME),
        ("what was that service called?", Detail.NAME),
        ("what number", None),
        ("whats the number for nia", None),
        ("say that again", None),
        ("who do i call if she goes missing again tonight", None),
        ("what was the barak case about overall", None),
    ],
)
def test_a_detail_of_the_last_answer_asked_for_again(text: str, detail: Detail | None) -> None:
    assert repeated_detail(text) is detail


@pytest.mark.parametrize(
    "text",
    [
        "up all night with him",
        "she was out the whole night",
        "the night before",
        "night feeds",
        "stayed there all night",
        "that was the night",
    ],
)
def test_night_told_of_is_no_sign_off(text: str) -> None:
    """A sign-off word acknowledges only alone or with thanks and other sign-off words."""
    assert acknowledgement_intent(text) is None


@pytest.mark.parametrize("text", ["cheers that's sorted, nite", "good night all", "ok ta, night"])
def test_a_sign_off_with_thanks_or_an_acknowledgement_is_no_question(text: str) -> None:
    assert acknowledgement_intent(text) in (ACKNOWLEDGE_INTENT, THANK_INTENT)


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("what telephone numbers are printed in the mental health report", Detail.PHONE),
        ("numbers I could ring from the SEND audit?", Detail.PHONE),
        ("phone numbers of the teams in the SEND report", Detail.PHONE),
        ("emails given in the SEND audit", Detail.EMAIL),
        ("what websites are listed in the mental health audit", Detail.LINK),
        # counts, people someone saw, how things connect: questions of the learning
        ("the numbers of young people excluded in the SEND audit", None),
        ("numbers in the mental health report on repeat referrals", None),
        ("how many phone contacts did the SEND audit record", None),
        ("contacts of the school nurse in the mental health audit", None),
        ("what links does the mental health report see between housing and self-harm", None),
    ],
)
def test_the_details_asked_of_an_audit_are_phones_emails_links_never_counts(
    text: str, detail: Detail | None
) -> None:
    """Review of round 40: an audit's numbers, emails or links as its services print them;
    "numbers of", "how many", bare numbers with no word of phoning and links between two
    things ask the learning."""
    assert audit_detail_asked(text) is detail


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("who does this number go to? whose is it", Detail.PHONE),
        ("which agency has that email", Detail.EMAIL),
        ("which agency uses this number, the boy says he's scared to go home", None),
        ("who is that link for and what does it cover on bullying", None),
    ],
)
def test_whose_a_detail_is_only_in_words_of_that_question(text: str, detail: Detail | None) -> None:
    assert asks_whose_detail(text) is detail


@pytest.mark.parametrize(
    ("text", "again"),
    [
        ("take me back to the beginning", True),
        ("back to the very top please", True),
        ("can we go back to the start", True),
        ("who sits at the top of the ladder", False),
        ("back to the top of the escalation route", False),
    ],
)
def test_back_to_the_start_is_starting_again(text: str, again: bool) -> None:
    assert asks_to_start_again(text) is again


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("so why do the audits talk about this one", True),
        ("how come the audits mention it", True),
        ("and why do they use that", True),
        ("who used it", False),
        ("why is that", False),
        ("why does the school nurse come up", False),
    ],
)
def test_why_the_audits_use_what_was_explained(text: str, why: bool) -> None:
    assert asks_why_used(text) is why
