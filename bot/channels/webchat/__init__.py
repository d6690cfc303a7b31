"""The intranet web chat: a Rasa input channel and the widget it serves (static/)."""
