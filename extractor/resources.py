"""Where the shipped data lives: ``ontologies/`` beside the package."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ModelError


def ontology_dir() -> Path:
    """Return the ``ontologies/`` folder (``KG_EXTRACT_ONTOLOGIES`` overrides it)."""
    env = os.environ.get("KG_EXTRACT_ONTOLOGIES")
    path = Path(env) if env else Path(__file__).resolve().parent.parent / "ontologies"
    if not (path / "kg.ttl").is_file():
        raise ModelError(f"ontology folder not found: {path} (set KG_EXTRACT_ONTOLOGIES)")
    return path


def query_dir() -> Path:
    """Return the folder of shipped SPARQL queries."""
    return ontology_dir() / "queries"
