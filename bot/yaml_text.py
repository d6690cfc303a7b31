"""YAML text parsed by libyaml (PyYAML's C loader) when PyYAML has it: the same values as
PyYAML's own Python parser, about ten times faster. The taught data (data/**/*.yml, the taught
urgent and coverage examples) is read as every server starts and twice more by `make run`'s
fingerprint; by the Python parser that was 1.2 s of CPU per read of the training data. Invalid
YAML is parsed again by the Python parser, so its error is worded as PyYAML words it. The
bottom layer: the NLU examples' reader (bot/nlu_examples.py) uses it too."""

from __future__ import annotations

from typing import Any

import yaml

FAST_SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_with(text: str, fast: type, slow: type) -> Any:
    try:
        return yaml.load(text, Loader=fast)  # safe loaders only
    except yaml.YAMLError:
        return yaml.load(text, Loader=slow)  # raises, in its own words


def safe_load(text: str) -> Any:
    """yaml.safe_load's value, and its error for invalid YAML, by libyaml when there is one."""
    return load_with(text, FAST_SAFE_LOADER, yaml.SafeLoader)
