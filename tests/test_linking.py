"""Wikidata ids: only verified ones, every country, and the copy matches its data package."""

from __future__ import annotations

import re

import pytest
import yaml

from extractor.linking import wikidata_ids
from extractor.resources import ontology_dir


@pytest.fixture(scope="module")
def gazetteer(nlp):
    return nlp.get_pipe("kg_gazetteer").gazetteer


@pytest.fixture(scope="module")
def data():
    return yaml.safe_load((ontology_dir() / "gazetteer" / "wikidata.yaml").read_text(encoding="utf-8"))


def test_every_country_has_its_wikidata_id(gazetteer):
    ids = wikidata_ids(gazetteer)
    countries = [e for e in gazetteer.entries.values() if e.label == "REGION" and e.country and not e.bloc]
    assert len(countries) >= 249
    assert all(e.id in ids for e in countries)
    assert ids["france"] == "Q142" and ids["chine"] == "Q148"


def test_each_entity_id_records_how_it_was_verified(data, gazetteer):
    entries = [*data["regions"], *data["entities"]]
    assert len(data["entities"]) >= 100
    for entry in entries:
        assert entry["id"] in gazetteer.entries
        assert re.fullmatch(r"Q[1-9]\d*", entry["qid"])
        assert entry["verified_by"], entry["id"]
    qids = [e["qid"] for e in entries] + list(data["countries"].values())
    assert len(qids) == len(set(qids)), "a Wikidata id is given to two entities"
    dropped = {d["id"] for d in data.get("dropped", [])}
    assert not dropped & {e["id"] for e in entries}


def test_the_graph_links_entities_with_verified_ids(corpus_results):
    linked = {e.id: e.wikidata for r in corpus_results for e in r.entities.values() if e.wikidata}
    assert linked["apple"] == "Q312"
    assert "gemini" not in linked or linked["gemini"] == "Q123688361"
