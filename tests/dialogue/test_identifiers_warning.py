"""The identifying-details warning, checked in one place for every reply
(bot/dialogue/identifiers_warning.py), and the action server passing every action's
messages through it (bot/tooling/action_server.py)."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from bot.dialogue.answers.safety import privacy_note
from bot.dialogue.identifiers_warning import with_identifiers_warning
from bot.tooling.action_server import checked_result, guarded_app
from tests.support import serving

WARNING = "Please do not include names"
TYPED = {"text": "what now for Jayden Okafor", "identifier_kinds": ["name"]}


def said(*texts: str) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    for text in texts:
        dispatcher.utter_message(text=text)
    return dispatcher.messages


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [str(message.get("text") or "") for message in messages]


def test_a_reply_to_identifying_details_leads_with_the_warning() -> None:
    checked = texts(with_identifiers_warning(TYPED, [], said("The route.", "Its source.")))
    assert checked[0].startswith(WARNING) and "a name" in checked[0]
    assert checked[1:] == ["The route.", "Its source."]


def test_urgent_advice_stays_first_and_the_warning_follows_it() -> None:
    block = "**If a child is in immediate danger, call 999.**\n\nMASH: 020 ..."
    checked = texts(with_identifiers_warning(TYPED, [], said(block, "Half term note.")))
    assert checked[0] == block and checked[1].startswith(WARNING)
    # "Then the Emergency Duty Team ..." at 2am names 999 last: the action's context says
    # it is urgent advice
    at_two = "Then the Emergency Duty Team: 020 ...\n\nIf a child is in immediate danger, call 999."
    assert texts(with_identifiers_warning(TYPED, [], said(at_two)))[0].startswith(WARNING)
    urgent = [SlotSet("context", "urgent")]
    checked = texts(with_identifiers_warning(TYPED, [], said(at_two), urgent))
    assert checked[0] == at_two and checked[1].startswith(WARNING)


def test_a_reply_that_only_ends_with_999_is_no_urgent_advice() -> None:
    route = "Your escalation route: ...\n\nEach step names its source. In danger, call 999."
    assert texts(with_identifiers_warning(TYPED, [], said(route)))[0].startswith(WARNING)


def test_a_turn_is_warned_once() -> None:
    earlier = [
        {"event": "user", "text": "Jayden Okafor's school won't reply", "parse_data": TYPED},
        {"event": "bot", "text": privacy_note("a name")},
    ]
    assert texts(with_identifiers_warning(TYPED, earlier, said("The question."))) == [
        "The question."
    ]
    own = said(privacy_note("a name"), "The learning.")
    assert with_identifiers_warning(TYPED, [], own) == own


def test_a_warning_in_an_earlier_turn_does_not_count_for_this_one() -> None:
    earlier = [
        {"event": "user", "text": "Jayden Okafor", "parse_data": TYPED},
        {"event": "bot", "text": privacy_note("a name")},
        {"event": "user", "text": "and for Kemi Bello?", "parse_data": TYPED},
    ]
    checked = texts(with_identifiers_warning(TYPED, earlier, said("The answer.")))
    assert checked[0].startswith(WARNING)


def test_no_warning_without_identifiers_for_a_button_or_for_silence() -> None:
    plain = {"text": "what now", "identifier_kinds": []}
    assert texts(with_identifiers_warning(plain, [], said("The answer."))) == ["The answer."]
    button = {"text": '/choose_option{"option": "Kemi Bello"}', "identifier_kinds": ["name"]}
    assert texts(with_identifiers_warning(button, [], said("Next."))) == ["Next."]
    assert with_identifiers_warning(TYPED, [], []) == []


def test_a_message_parsed_without_kinds_is_read_for_identifiers_here() -> None:
    """A tracker from a test or an older model: the check finds the identifiers itself."""
    typed = {"text": "Amelia Smith DOB 14/02/2015 - who do I tell"}
    checked = texts(with_identifiers_warning(typed, [], said("Your manager.")))
    assert checked[0].startswith(WARNING) and "date of birth" in checked[0]


def _acknowledgement_call(kinds: list[str]) -> dict[str, Any]:
    """/webhook's body for the acknowledgement of a message the NLU found `kinds` in."""
    latest = {
        "text": "ok thanks, it was about",
        "intent": {"name": "acknowledge", "confidence": 1.0},
        "intent_ranking": [{"name": "acknowledge", "confidence": 1.0}],
        "entities": [],
        "identifier_kinds": kinds,
    }
    return {
        "next_action": "action_acknowledge",
        "sender_id": "practitioner",
        "tracker": {
            "sender_id": "practitioner",
            "slots": {},
            "latest_message": latest,
            "events": [{"event": "user", "text": latest["text"], "parse_data": latest}],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
        "domain": {"responses": {}},
    }


def test_the_action_server_passes_every_actions_messages_through_the_check() -> None:
    """A real action run by rasa-sdk's executor, as /webhook runs it: the acknowledgement
    of a message that also holds a name carries the warning."""
    executor = ActionExecutor()
    executor.register_package("actions")
    action_call = _acknowledgement_call(["name"])
    result = asyncio.run(executor.run(action_call))
    assert result is not None and result["responses"]
    assert not any(text.startswith(WARNING) for text in texts(result["responses"]))
    checked = checked_result(action_call, result)
    assert texts(checked["responses"])[0].startswith(WARNING)
    assert checked["events"] == result["events"]


def test_the_webhook_through_the_real_middleware_warns_only_of_identifiers() -> None:
    """The action server's app (guarded_app), called as Rasa calls it: an action call whose
    message held identifiers gets the warning first; without them the reply is the action's,
    unchanged."""
    token = "a-test-token-of-enough-length"
    app = guarded_app(token)

    async def scenario() -> None:
        async with serving(app) as port, aiohttp.ClientSession() as session:

            async def webhook(kinds: list[str]) -> list[str]:
                async with session.post(
                    f"http://127.0.0.1:{port}/webhook",
                    json=_acknowledgement_call(kinds),
                    headers={"Authorization": f"Bearer {token}"},
                ) as answer:
                    assert answer.status == 200
                    return texts((await answer.json())["responses"])

            warned, plain = await webhook(["name"]), await webhook([])
            assert warned[0].startswith(WARNING) and "a name" in warned[0]
            assert warned[1:] == plain and plain
            assert not any(text.startswith(WARNING) for text in plain)

    asyncio.run(scenario())
