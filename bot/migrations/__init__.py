"""Alembic's migrations of the assistant's own database (run through bot/db.py)."""
