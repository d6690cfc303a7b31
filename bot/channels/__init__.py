"""The doors practitioners come in by: the intranet web chat and Microsoft Teams. Each checks and
shapes its own protocol; the conversation is the same behind both.
"""
