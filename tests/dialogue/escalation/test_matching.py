"""Matching typed text against the data's words: situations and what was tried."""

from __future__ import annotations

import pytest

from bot.knowledge.escalation.guide import Guide
from bot.knowledge.escalation.matching import asks_for_route, match_situation, match_tried


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("the plan isn't progressing", "care-plan-not-progressing"),
        ("services refused because of immigration status", "care-plan-not-progressing"),
        (
            "adult mental health haven't replied to my requests",
            "adult-mental-health-not-responding",
        ),
        ("CMHT not responding", "adult-mental-health-not-responding"),
        ("the school haven't replied to my info request", "agency-not-responding"),
        ("the other agency won't change its decision", "professional-disagreement"),
        ("we all disagree about this family", "professional-disagreement"),
        ("the family aren't engaging", "family-not-engaging"),
        ("mum keeps cancelling appointments", "missed-appointments"),
        ("need a fuller picture of this family", "network-stuck"),
        ("social care say it is below threshold", "professional-disagreement"),
        ("3", "adult-mental-health-not-responding"),
        ("I need to escalate a concern about another agency", None),
        ("asdfgh", None),
    ],
)
def test_situations_are_matched_with_the_words_in_the_data(
    guide: Guide, text: str, route: str | None
) -> None:
    assert match_situation(guide, text) == route


@pytest.mark.parametrize(
    ("text", "tried"),
    [
        ("not yet", "nothing-yet"),
        ("no", "nothing-yet"),
        ("my manager knows", "manager-involved"),
        ("I've emailed them twice", "agency-contacted"),
        ("both", "manager-and-agency"),
        ("told my manager and chased the agency", "manager-and-agency"),
        ("we had a professionals meeting", "professionals-meeting-held"),
        ("blah", None),
        ("rang them twice, emailed, nothing", "agency-contacted"),
        ("phoned and left a voicemail, heard nothing back", "agency-contacted"),
        # asking for the whole route in order: nothing skipped
        ("step by step please", "nothing-yet"),
        ("who goes first, my manager or the agency?", "nothing-yet"),
    ],
)
def test_what_was_tried_is_matched(guide: Guide, text: str, tried: str | None) -> None:
    assert match_tried(guide, text) == tried


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my manager doesn't know", "nothing-yet"),
        ("I haven't told my manager", "nothing-yet"),
        ("I've emailed them but my manager doesn't know yet", "agency-contacted"),
        ("I raised it with my manager to get advice", "manager-involved"),
        ("manager is aware", "manager-involved"),
    ],
)
def test_what_was_tried_respects_negation(guide: Guide, text: str, expected: str) -> None:
    assert match_tried(guide, text) == expected


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("the referral was screened out and I'm still concerned, what now", True),
        ("children's services say it doesn't meet their threshold. what are my options?", True),
        ("I disagree with the decision to close, what can we do", True),
        # another agency's decision said to be wrong, or the agency challenged (issue 20)
        ("the police made a bad call dropping it imo, what can i do", True),
        ("MASH shut the referral down far too soon - what are my options", True),
        ("early help got the threshold wrong in my view, what now", True),
        ("how do I appeal a NFA outcome from social care", True),
        # a closure told with no fault found: a practice question
        ("the case is closing next month, what can we do to prepare the children", False),
        ("who do I escalate to", True),
        # the route asked as its order (issue 19 item 2)
        ("what's the escalation ladder in hackney", True),
        ("in which order do we escalate things", True),
        ("sequence of escalation when a plan is stuck?", True),
        # another agency refusing to act, or a case nobody moves on, with what to do
        ("early help are refusing to pick up the case, what can we do", True),
        ("our referral was knocked back again and we're still worried - options?", True),
        ("social care won't budge on this one, what should we do", True),
        # a parent refusing is not an agency: the learning on it
        ("dad won't take her to the dentist, what should I do", False),
        ("mum refused the referral to early help, what now", False),
        ("what order do the steps of a core group go in", False),
        # harm growing, or an order that is not escalating's: the learning, not the route
        ("what do the audits say about escalating levels of violence between the parents", False),
        ("escalating levels of aggression from dad - what do the audits say", False),
        ("what are the stages of escalation in a teenager's behaviour", False),
        ("levels of escalating risk for a child being exploited", False),
        ("in what order do we go through the case chronology", False),
        ("which order should we go in for the core group agenda", False),
        ("what's the order of escalation if another agency won't move", True),
        # a parent or family refusing a referral names no agency: the learning, with its
        # urgent line when risk is told, never the route finder
        ("grandad pushed him over and mum will not accept the referral - what should we do", False),
        ("mother refused to accept the early help referral, what do i do now?", False),
        ("the CAMHS referral got declined by dad, what can we do", False),
        ("honestly nothing has been done at home since the last visit, really worried", False),
        ("parents are refusing to take the referral, what are my options", False),
        # the same refusals by an agency named: the route
        ("the referral was declined by social care and I'm still worried", True),
        ("our camhs referral got rejected, what now", True),
        ("nothing is being done by the police about it, what can we do", True),
        ("how do we escalate this", True),
        # a decision reported without worry or asking what to do: a practice question
        ("what does the audit say about referrals below threshold", False),
        ("what is the threshold for a carer's assessment", False),
        # whom to ask about something else than the decision: the learning, not the route
        ("social care said below threshold, who do I talk to about a family support worker", False),
        ("camhs would not accept him, who should we speak to about play therapy instead", False),
        ("the MASH turned it down and I'm not happy, who do I go to about this", True),
    ],
)
def test_a_disputed_decision_asks_for_the_route(text: str, asks: bool) -> None:
    assert asks_for_route(text) is asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # a disagreement between professionals, with a request for the way through it
        ("what's the procedure when the school nurse and the social worker disagree", True),
        ("how do we dispute the outcome of the strategy discussion", True),
        ("health and education can't agree on the risk. any formal steps to sort it?", True),
        ("how can we push back on camhs properly", True),
        # challenging a parent is a difficult conversation, not a disagreement
        ("how do I challenge a dad who minimises his drinking", False),
        # a disagreement told without asking what to do: the learning on it
        ("the parents disagree with each other about contact, anything in the audits", False),
        # another route's words fit better: that situation, which DIET's intent may still ask
        ("we disagree about why the care plan has stalled and gone nowhere, what now", False),
    ],
)
def test_the_way_through_a_disagreement_asks_for_the_route(
    guide: Guide, text: str, asks: bool
) -> None:
    assert asks_for_route(text, guide.routes) is asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # a case another agency closes, said to need to stay open, typed in a hurry or not
        (
            "social care are closing the case and we think it should remain open, who do we go to",
            True,
        ),
        ("they want to close it but it needs to stay open, what can I do", True),
        ("csc shut the case, i reckon it shud have stayed open. where do i go", True),
        ("fast closd it and i think it shud stay open, who can i talk to", True),
        # whether a case stays open, asked of the learning: no decision disputed
        ("should the case stay open while the assessment runs?", False),
        ("the case should stay open until the assessment, what does the audit say", False),
        ("does a CP plan need to stay open if the child moves to Essex, what do we do", False),
        ("must the case stay open while mum is in rehab? what can I do", False),
    ],
)
def test_a_closure_said_to_be_wrong_asks_for_the_route(text: str, asks: bool) -> None:
    assert asks_for_route(text) is asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # a stuck case with the escalation already tried and failed, and the next step asked
        ("raised it with my manager twice and got nowhere, what now?", True),
        (
            "the plan keeps drifting and my supervisor's emails to the agency haven't helped - "
            "what's the next step",
            True,
        ),
        ("escalated to the team lead, no joy. where do we go from here", True),
        (
            "the other agency has not moved on it despite my manager chasing. what else can I do",
            True,
        ),
        # a manager named without a step that failed, or nothing next asked
        ("my manager has not worked with camhs before, what's the next step for a referral", False),
        ("raised it with my manager and got nowhere", False),
        ("what does the audit say about escalating to a manager", False),
        # the failed step not the end of its clause: a practice question about something else
        ("my supervisor's suggestions have not helped dad open up, what else can we do?", False),
        ("the support the other agency offered hasn't changed much for the baby, what next", False),
        ("spoke to my DSL about it, no luck getting the TAF form, where do we go from here", False),
        ("our team lead has not sorted the visit rota yet, what now?", False),
    ],
)
def test_a_failed_step_of_escalating_asks_for_the_next(text: str, asks: bool) -> None:
    assert asks_for_route(text) is asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # the asker's own concern raised more than once, nothing since: the route, whatever
        # history of the child is told beside it
        (
            "we've escalated the neglect to the locality team three times and nothing has changed",
            True,
        ),
        (
            "I emailed the allocated worker repeatedly, past overdose last year, still no reply",
            True,
        ),
        ("sent in two referrals for the toddler and nobody has done anything", True),
        ("I chased the health visitor a second time and got nowhere with it", True),
        # raised again with an answer, or once, or nothing said to have come of it
        ("I raised it with the school nurse twice and she acted on it the same day", False),
        ("we referred the baby once and nothing has happened yet", False),
        ("I have flagged it three times and the assessment starts monday", False),
        # someone else telling or calling more than once: not the asker's concern
        ("dad rang us several times saying nothing has changed since the move", False),
        ("the lad has told his mentor twice that nothing ever changes at home", False),
        ("nan contacted us more than once, she feels stuck, what support is there", False),
        # an audited case's history, or a term, asked about: the case or the glossary
        ("which audit case had the GP referring again and again with no action taken?", False),
        ("what does drift mean, the family were referred four times", False),
        (
            "in the SEND audit the school flagged it more than once and nothing moved - outcome?",
            False,
        ),
    ],
)
def test_the_askers_own_concern_raised_again_with_nothing_since_asks_for_the_route(
    text: str, asks: bool
) -> None:
    assert asks_for_route(text) is asks
