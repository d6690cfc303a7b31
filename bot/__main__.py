"""Lets `python -m bot` run the command line.

Rasa's SQLAlchemy 1.4 models warn about SQLAlchemy 2.0 on every command, which a person running
a command can do nothing about; the Makefile silences it the same way.
"""

import os
import sys

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

from bot.tooling.cli import main  # after the setting: the warning comes on import

sys.exit(main())
