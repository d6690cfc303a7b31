"""The assistant's own database: its tables and their migrations (bot/db.py)."""
