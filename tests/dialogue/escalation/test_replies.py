"""The replies: the route step by step, the handout and the overview."""

from __future__ import annotations

from bot.dialogue.escalation.replies import guide_links, handout, overview, route_links, route_reply
from bot.knowledge.escalation.guide import Guide


def test_a_route_skips_the_steps_already_done(guide: Guide) -> None:
    route = guide.route("agency-not-responding")
    fresh = route_reply(route, guide.answer("nothing-yet"))[0].text
    assert fresh.index("1. Raise it with your manager") < fresh.index(
        "3. Escalate under the partnership's escalation policy"
    )
    assert (
        "1. Raise it with your manager (Your manager)\n"
        "   Say what is stuck, what it means for the child and what you have done so far (how "
        "to raise it is suggested here: the audit says only to escalate this to your manager).\n"
        "   Contact: CHSCB escalation policy (as named in the 2016-17 audit; the current policy "
        "to be confirmed by the partnership)\n"
    ) in fresh
    # The blank link is said once for the whole answer, not at each of the steps naming it.
    assert "not set yet" not in fresh.split("\n\n")[1]
    assert fresh.count("No link yet for:") == 1
    assert "No link yet for: CHSCB escalation policy (as named in the 2016-17 audit;" in fresh
    assert "Raise it with your manager:" not in fresh
    later = route_reply(route, guide.answer("manager-involved"))[0].text
    assert "Already done, so skipped: Raise it with your manager." in later
    assert "1. Seek resolution with the relevant agency" in later
    assert "Source: SEND audit 2016-17, Case 1 (Adam), key message 'Access to services'." in later


def test_adult_mental_health_goes_to_the_elft_named_professional(guide: Guide) -> None:
    text = route_reply(guide.route("adult-mental-health-not-responding"), None)[0].text
    assert "ELFT Named Professional for Safeguarding Children" in text
    assert "Mental health audit 2019/20, an audited case it does not name, key message" in text
    assert "(the audit gives no contact details)" in text


def test_disagreement_has_the_london_time_frame_and_the_professionals_meeting(guide: Guide) -> None:
    text = route_reply(guide.route("professional-disagreement"), None)[0].text
    assert (
        "within a working week, or within a timescale that protects the child from harm, "
        "whichever is less" in text
    )
    assert (
        "London Safeguarding Children Procedures, chapter 'Resolving Professional "
        "Differences' (para 1.4) (link not set yet)" in text
    )
    assert "Any professional in the network who has concerns about a case can call one" in text


def test_the_handout_has_every_step_contact_and_source(guide: Guide) -> None:
    route = guide.route("care-plan-not-progressing")
    text = handout(route, guide.answer("manager-involved"))
    assert text.startswith("# Escalation route: A care plan is not progressing")
    assert (
        "1. **Raise it with your manager** (already done). Who: Your manager. Say what is stuck"
        in text
    )
    assert text.count("   - Source: ") == len(route.steps)
    assert (
        "## Sources" in text
        and "   - Contact: Independent Chair of the CHSCB (as of the 2016-17 audit; the current "
        "route to be confirmed by the partnership)\n"
        in text
        and text.count("No link yet for:") == 1
    )


def test_the_overview_lists_every_route_with_a_button(guide: Guide) -> None:
    reply = overview(guide)[0]
    assert all(route.title in reply.text for route in guide.routes)
    assert (
        reply.buttons[0].payload
        == '/choose_situation{"escalation_situation":"care-plan-not-progressing"}'
    )


def test_links_name_a_contact_by_its_name_not_its_bracketed_note(guide: Guide) -> None:
    """ "would the current one be in place yet" names no contact: the notes' "the current
    policy to be confirmed" are no name, so every contact of the route is given."""
    route = guide.route("professional-disagreement")
    assert route is not None
    text = route_links(route, None, "would the current one be in place yet, link?")[0].text
    assert "professionals meeting" in text


def test_links_with_no_routes_are_the_heading_alone() -> None:
    (reply,) = guide_links(Guide((), ()), "link to the policy?")
    assert reply.text == "Links for the escalation routes:"
