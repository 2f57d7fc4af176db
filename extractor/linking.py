"""Verified Wikidata ids of gazetteer entities (``ontologies/gazetteer/wikidata.yaml``)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import ModelError
from .pipeline.gazetteer import REGION, Gazetteer
from .resources import ontology_dir

_QID = re.compile(r"Q[1-9]\d*")


def wikidata_ids(gazetteer: Gazetteer, folder: str | Path | None = None) -> dict[str, str]:
    """Gazetteer id → Wikidata id, for the entities whose id was verified (never a guessed one)."""
    path = Path(folder or ontology_dir()) / "gazetteer" / "wikidata.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    ids: dict[str, str] = {}
    countries = {str(code): str(qid) for code, qid in (data.get("countries") or {}).items()}
    for entry in gazetteer.entries.values():
        if entry.label == REGION and entry.country and not entry.bloc and entry.country in countries:
            ids[entry.id] = countries[entry.country]
    for record in [*(data.get("regions") or []), *(data.get("entities") or [])]:
        if record["id"] not in gazetteer.entries:
            raise ModelError(f"{path}: {record['id']!r} is not a gazetteer id")
        ids[record["id"]] = str(record["qid"])
    bad = sorted(q for q in ids.values() if not _QID.fullmatch(q))
    if bad:
        raise ModelError(f"{path}: not Wikidata ids: {', '.join(bad)}")
    return ids
