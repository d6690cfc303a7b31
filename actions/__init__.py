"""Custom actions for the Rasa action server: thin adapters over the `bot` package."""
