import pytest

from bot.dialogue.escalation.link_requests import asks_for_link


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("link to the policy?", True),
        ("website for it?", True),
        ("got a link for that policy", True),
        ("link pls", True),
        ("any links?", True),
        ("whats the url of the escalation policy", True),
        ("where can I find that policy?", True),
        ("where can we read the procedure", True),
        # where a family or a meeting is: no document
        ("where is the policy on home visits in the audit about neglect going", False),
        ("where are the parents", False),
        # how two things connect, a kind of worker, or the learning: no link asked
        ("how does that link to the SEND audit?", False),
        ("is there any link between parental mental health and school refusal", False),
        ("what's the link between substance misuse and neglect in the audits", False),
        ("could you link me to the learning on young carers", False),
        ("the family has a link worker at the children's centre", False),
        ("were the two cases linked?", False),
    ],
)
def test_a_link_is_asked_only_when_one_is_asked_for(text: str, asks: bool) -> None:
    assert asks_for_link(text) is asks
