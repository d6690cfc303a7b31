"""The reply naming the insights page's grouped views names them as the page titles them."""

from __future__ import annotations

import re

from bot.dialogue.answers.learning import insights_views
from bot.insights.views import VIEWS


def test_the_views_named_in_the_chat_are_the_pages_own_titles() -> None:
    (reply,) = insights_views()
    named = re.findall(r'"([^"]+)"', reply.text)
    # a title is named whole, or up to its colon ("Practice gaps: choosing ...")
    titles = {view.title for view in VIEWS} | {view.title.split(":")[0] for view in VIEWS}
    assert named and set(named) <= titles
    keys = {view.key for view in VIEWS if view.title in named or view.title.split(":")[0] in named}
    assert keys == {"unanswered-groups", "declined-topics", "practice-gaps"}
