"""The Rasa domain split by feature: `domain.yml` holds what belongs to the whole assistant, and
each `data/<feature>/domain.yml` what belongs to that feature, beside its NLU data and rules.

Rasa takes one domain path, and a folder given as the domain would also pull in the features'
response files. The importer named in config.yml gives every Rasa command (train, data
validate, test, interactive) the same merged domain, so none of them needs an extra flag.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.shared.core.domain import Domain
from rasa.shared.importers.rasa import RasaFileImporter
from rasa.shared.utils.io import read_yaml_file

from bot.settings import PROJECT_ROOT

DOMAIN_FILE = "domain.yml"
FEATURES_DIR = "data"


def domain_files(root: Path = PROJECT_ROOT) -> list[Path]:
    """The assistant-wide domain first, then each feature's, in a stable order."""
    return [root / DOMAIN_FILE, *sorted((root / FEATURES_DIR).glob(f"**/{DOMAIN_FILE}"))]


def load_domain(root: Path = PROJECT_ROOT) -> Domain:
    """Merged as Rasa merges a domain folder: file by file, as dictionaries."""
    combined: dict[str, Any] = {}
    for path in domain_files(root):
        Domain.from_file(str(path))  # raises InvalidDomain naming the file
        combined = Domain.merge_domain_dicts(read_yaml_file(str(path)), combined)
    return Domain.from_dict(combined)


class FeatureDomainImporter(RasaFileImporter):
    """Rasa's own file importer, with the features' domain files merged into the domain."""

    def get_domain(self) -> Domain:
        root = Path(self._domain_path).resolve().parent if self._domain_path else PROJECT_ROOT
        return load_domain(root)
