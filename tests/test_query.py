"""SPARQL: shipped queries, both engines, formats, read-only."""

from __future__ import annotations

import json

import pytest
from rdflib import XSD, Literal

from extractor import QueryError, resolve_query, run_query, shipped_queries
from extractor.query import format_result
from extractor.store import write_graph


@pytest.fixture(scope="module")
def graph_file(corpus_graph, tmp_path_factory):
    return write_graph(corpus_graph, tmp_path_factory.mktemp("q") / "kg.trig")


def test_shipped_queries_exist():
    assert {"partners", "rejected", "local-partner-markets", "facts", "hedged", "companies", "partner-network"} <= set(shipped_queries())


def _norm(rows) -> list[tuple[str, ...]]:
    """Rows as sortable strings; a number by its value (the engines write the decimal 1 as "1"
    or "1.0")."""
    def key(term) -> str:
        if term is None:
            return ""
        if isinstance(term, Literal) and term.datatype in (XSD.decimal, XSD.double, XSD.float):
            return repr(float(term))
        return str(term)
    return sorted(tuple(key(t) for t in row) for row in rows)


@pytest.mark.parametrize("name", sorted(shipped_queries()))
def test_engines_agree(graph_file, name):
    sparql = resolve_query(name)
    ox = run_query(graph_file, sparql, engine="oxigraph")
    rd = run_query(graph_file, sparql, engine="rdflib")
    assert ox.variables == rd.variables
    assert _norm(ox.rows) == _norm(rd.rows)
    assert ox.rows, f"{name} returns rows on the corpus"


def test_partners_query_finds_the_flagship_story(graph_file):
    rows = run_query(graph_file, resolve_query("partners")).rows
    pairs = {(str(r[0]), str(r[1])) for r in rows}
    assert ("Alibaba", "Apple") in pairs


def test_local_partner_markets_include_china(graph_file):
    rows = run_query(graph_file, resolve_query("local-partner-markets")).rows
    assert "Chine" in {str(r[0]) for r in rows}


def test_update_is_refused_and_file_untouched(graph_file):
    before = graph_file.read_bytes()
    with pytest.raises(QueryError, match="UPDATE refused"):
        run_query(graph_file, "DELETE WHERE { ?s ?p ?o }")
    assert graph_file.read_bytes() == before


def test_syntax_error_is_a_query_error(graph_file):
    with pytest.raises(QueryError, match="syntax"):
        run_query(graph_file, "SELECT ?s WHERE { ?s ?p }")


def test_formats(graph_file):
    result = run_query(graph_file, "PREFIX kg: <https://w3id.org/kg-extract/ns#> SELECT ?m (COUNT(*) AS ?n) WHERE { ?f kg:modality ?m } GROUP BY ?m ORDER BY ?m")
    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"] == ["m", "n"]
    assert {b["m"]["value"].rsplit("#", 1)[1] for b in data["results"]["bindings"]} == {"Asserted", "Reported", "Speculative", "Negated"}
    csv_text = format_result(result, "csv")
    assert csv_text.splitlines()[0] == "m,n"
    assert format_result(result, "tsv").splitlines()[0] == "m\tn"
    table = format_result(result, "table").splitlines()
    assert table[0].split() == ["m", "n"] and table[2].startswith("kg:Asserted")


def test_construct_prints_turtle(graph_file):
    result = run_query(graph_file, "PREFIX kg: <https://w3id.org/kg-extract/ns#> CONSTRUCT { ?a kg:partnersWith ?b } WHERE { ?a kg:partnersWith ?b }")
    assert result.kind == "graph" and len(result.graph) > 0
    assert "kg:partnersWith" in format_result(result)


def test_ask(graph_file):
    result = run_query(graph_file, "ASK { ?s ?p ?o }")
    assert format_result(result) == "true\n"
