"""Handouts for trainers and practitioners: per case, per audit, per theme and as a one-page
7-minute briefing, as print-ready HTML and PDF, built only from the published audit content.

`content` assembles what a handout says from the KnowledgeStore (every fact with its audit and
case), `results` is the typed hook for a live workshop session's results, `render` turns both
into escaped HTML, `pdf` prints that HTML with Chromium (cached by content) and `channel`
serves it all from Rasa's own server at /handouts/.
"""
