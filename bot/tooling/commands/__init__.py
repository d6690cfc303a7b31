"""The command groups of `python -m bot`, one module each, wired in bot/tooling/cli.py."""
