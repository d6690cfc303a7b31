"""`python -m bot.tooling.service MODULE [ARGUMENTS]`: `python -m MODULE ARGUMENTS` as the
systemd units run it (deploy/systemd/), without the libraries' DeprecationWarnings in the
journal (deployment review P18).

Importing Sanic (the web server of Rasa and the action servers) turns every
DeprecationWarning on for the whole process (`filterwarnings("once", ...)` in sanic/app.py),
and Rasa shows every UserWarning once, pyparsing's deprecations among them; so each start
logged how the libraries use pkg_resources, distutils and the like: nothing an operator can
act on, and it buries the lines that matter. A service hides the DeprecationWarnings raised in
other packages' code. One raised in the assistant's own code (bot/, actions/) still shows, and
development servers and tests, which do not start through here, see them all.
"""

from __future__ import annotations

import runpy
import sys
import warnings
from pathlib import Path
from typing import TextIO

from bot.settings import PROJECT_ROOT

OWN_CODE = ("bot", "actions")
THIRD_PARTY = rf"(?!({'|'.join(OWN_CODE)})(\.|$))"
"""Matches (from the start, as the warnings module does) every module name but the project's."""


def is_own_code(filename: str) -> bool:
    path = Path(filename).resolve()
    return any(path.is_relative_to(PROJECT_ROOT / folder) for folder in OWN_CODE)


def hide_third_party_deprecations() -> None:
    """A filter in front of Sanic's (so Sanic is imported first: the filter added last is
    looked at first), and, for the filters libraries add later (Rasa's "once" for every
    UserWarning), the same rule where warnings are shown."""
    import sanic.app  # noqa: F401

    warnings.filterwarnings("ignore", category=DeprecationWarning, module=THIRD_PARTY)
    show = warnings.showwarning

    def show_unless_third_party_deprecation(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        if not issubclass(category, DeprecationWarning) or is_own_code(filename):
            show(message, category, filename, lineno, file, line)

    warnings.showwarning = show_unless_third_party_deprecation


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit("usage: python -m bot.tooling.service MODULE [ARGUMENTS]")
    hide_third_party_deprecations()
    sys.argv = argv  # what `python -m MODULE ARGUMENTS` would see (argv[0] the module)
    runpy.run_module(argv[0], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
