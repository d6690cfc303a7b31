"""The services' DeprecationWarnings (deployment review P18): the libraries' hidden, the
assistant's own shown (bot/tooling/service.py)."""

from __future__ import annotations

import subprocess
import sys
import warnings

from bot.settings import PROJECT_ROOT
from bot.tooling.service import hide_third_party_deprecations


class LibraryDeprecation(UserWarning, DeprecationWarning):
    """Like pyparsing's PyparsingDeprecationWarning: a UserWarning too."""


def warned(module: str, category: type[Warning] = DeprecationWarning) -> list[str]:
    """What a service shows of a warning raised in `module`, once Rasa has set UserWarnings to
    show once (rasa.utils.common.configure_logging_and_warnings, after the service's filter)."""
    filename = str(PROJECT_ROOT / module.replace(".", "/")) + ".py"
    with warnings.catch_warnings(record=True) as caught:
        hide_third_party_deprecations()
        warnings.filterwarnings("once", category=UserWarning)
        warnings.warn_explicit("old API", category, filename, 1, module=module)
    return [str(warning.message) for warning in caught]


def test_a_library_deprecation_is_hidden_in_a_service() -> None:
    for module in ("sanic_cors.extension", "pkg_resources", "botocore.httpsession", "botx"):
        assert warned(module) == [], module
        assert warned(module, LibraryDeprecation) == [], module


def test_the_assistants_own_deprecations_still_show() -> None:
    for module in ("bot.tooling.cli", "bot.dialogue.moves", "actions.fallback"):
        assert warned(module) == ["old API"], module
        assert warned(module, LibraryDeprecation) == ["old API"], module


def test_other_warnings_still_show() -> None:
    assert warned("sanic_cors.extension", UserWarning) == ["old API"]


def test_a_command_prints_no_library_deprecation() -> None:
    """`python -m bot ...` as a person runs it: the same rule as the services (before it,
    `model path` alone printed three pkg_resources warnings)."""
    finished = subprocess.run(
        [sys.executable, "-m", "bot", "model", "path"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert finished.stdout.startswith("models/rpa-")
    assert "DeprecationWarning" not in finished.stderr, finished.stderr
