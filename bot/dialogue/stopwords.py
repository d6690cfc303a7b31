"""The words that say nothing of what a question is about, in one module of its own: the
retrieval ranks without them and the readers of terms and coverage ignore them, and the terms
reader sits below the follow-up reader that the retrieval uses."""

from __future__ import annotations

STOPWORDS = frozenset(
    """a about after all also am an and any are as at be been being but by can could did do
    does doing for from had has have having he her hers him his how i if in into is it its
    just me my no not of on or our she should so than that the their them then there these
    they this those to too us was we were what when where which who why will with would you
    your im ive dont""".split()
)
