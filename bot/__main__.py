"""Lets `python -m bot` run the command line.

Rasa's SQLAlchemy 1.4 models warn about SQLAlchemy 2.0 on every command, which a person running
a command can do nothing about; the Makefile silences it the same way. Every command creates
its files private to their owner (umask 077): `make knowledge` made var/ and the knowledge
database readable by all until the server started (security review finding 18).
"""

import os
import sys

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

from bot.tooling.cli import main  # after the setting: the warning comes on import
from bot.tooling.serve import PRIVATE_UMASK

os.umask(PRIVATE_UMASK)

sys.exit(main())
