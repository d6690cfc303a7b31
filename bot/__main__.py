"""Lets `python -m bot` run the command line.

Rasa's SQLAlchemy 1.4 models warn about SQLAlchemy 2.0 on every command, which a person running
a command can do nothing about; the Makefile silences it the same way. The libraries'
DeprecationWarnings (pkg_resources, declare_namespace, ...) are hidden as in the services
(bot/tooling/service.py, deployment review P18): dozens of them buried every command's output.
"""

import os
import sys

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

from bot.tooling.service import hide_third_party_deprecations

hide_third_party_deprecations()

from bot.tooling.cli import main  # noqa: E402  (after the setting: the warning comes on import)

sys.exit(main())
