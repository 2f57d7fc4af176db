"""Shared plumbing of the rule components: rules read from ``ontologies/`` and saved with the pipeline."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
import yaml
from spacy.language import Language
from spacy.util import ensure_path


class RulesComponent:
    """A component whose behaviour is a YAML file of ``ontologies/rules`` (``rules_file``).

    ``initialize`` reads the file (from ``data_dir`` or the shipped ontology folder); ``to_disk``
    and ``from_disk`` store the rules with the pipeline, so a saved pipeline needs no ontology
    folder. Subclasses index the rules in :meth:`set_rules`.
    """

    rules_file: str = ""

    def __init__(self, nlp: Language, name: str):
        self.nlp = nlp
        self.name = name
        self.rules: dict[str, Any] = {}

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None, data_dir: str | Path | None = None) -> None:
        """Load the rules file from an ontology folder (default: the shipped one)."""
        from ..resources import ontology_dir

        folder = Path(data_dir) if data_dir else ontology_dir()
        self.set_rules(yaml.safe_load((folder / "rules" / self.rules_file).read_text(encoding="utf-8")))

    def set_rules(self, rules: dict[str, Any]) -> None:
        """Install rules as read from the YAML file."""
        self.rules = rules

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the rules so that a saved pipeline carries its own data."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "rules.json", self.rules)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RulesComponent:
        """Load what :meth:`to_disk` wrote."""
        self.set_rules(srsly.read_json(ensure_path(path) / "rules.json"))
        return self
