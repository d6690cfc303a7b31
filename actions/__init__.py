"""Custom actions for the Rasa action server: thin adapters over the `bot` package."""

from bot.safeguards import log_privacy

log_privacy.install()
