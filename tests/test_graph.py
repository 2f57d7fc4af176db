"""RDF contract: golden graph, SHACL, vocabulary, evidence offsets, hedged facts."""

from __future__ import annotations


import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from extractor import build_graph, extract, read_articles
from extractor.facts import SYMMETRIC
from extractor.graph import DIRECT_MODALITIES, entity_iri
from extractor.namespace import KG
from extractor.resources import ontology_dir
from extractor.store import union_graph, write_graph

from .conftest import DATA

GOLDEN_DIR = DATA / "golden"


def _diff(expected: Graph, actual: Graph) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = ["only in expected:"] + sorted(f"  {t}" for t in only_expected.serialize(format="nt").splitlines() if t)
    lines += ["only in actual:"] + sorted(f"  {t}" for t in only_actual.serialize(format="nt").splitlines() if t)
    return "\n".join(lines)


def test_golden_graph(nlp):
    """The graph of a small fixed article is exactly the golden one (regenerate: see the file)."""
    results = list(extract(nlp, read_articles(GOLDEN_DIR / "article.md")))
    # read back as Turtle, like the golden file (Turtle writes 1500000000 as the decimal 1500000000.0)
    actual = Graph().parse(data=union_graph(build_graph(results)).serialize(format="turtle"), format="turtle")
    expected = Graph().parse(GOLDEN_DIR / "expected.ttl")
    assert isomorphic(expected, actual), _diff(expected, actual)


def test_vocabulary_matches_ontology():
    """Every term declared in kg.ttl is in the DefinedNamespace and the reverse."""
    onto = Graph().parse(ontology_dir() / "kg.ttl")
    ns = str(KG._NS)
    declared = {str(s)[len(ns):] for s in onto.subjects() if str(s).startswith(ns) and str(s) != ns}
    in_code = set(KG.__annotations__)
    assert declared == in_code
    with pytest.raises(AttributeError):
        KG.partnerWith  # a typo fails loudly


def test_relations_have_french_and_english_labels():
    onto = Graph().parse(ontology_dir() / "kg.ttl")
    for term in KG.__annotations__:
        iri = KG[term]
        langs = {o.language for o in onto.objects(iri, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
        assert {"fr", "en"} <= langs, term


def test_corpus_graph_validates_with_shacl(corpus_graph):
    from pyshacl import validate

    shapes = Graph().parse(ontology_dir() / "kg-shapes.ttl")
    data = union_graph(corpus_graph) + Graph().parse(ontology_dir() / "kg.ttl")
    conforms, _, text = validate(data, shacl_graph=shapes, inference="none")
    assert conforms, text[:3000]


def test_evidence_offsets_point_into_the_original_text(corpus_results):
    checked = 0
    for result in corpus_results:
        for fact in result.facts:
            ev = fact.evidence
            assert result.article.text[ev.start : ev.end] == ev.sentence
            assert ev.rule and ev.article_id == result.article.id
            checked += 1
    assert checked > 50


def test_hedged_facts_are_never_direct_triples(corpus_graph, corpus_results):
    graph = union_graph(corpus_graph)
    direct = {(f.subject, f.relation, f.object) for r in corpus_results for f in r.facts if f.modality in DIRECT_MODALITIES}
    hedged = [f for r in corpus_results for f in r.facts if f.modality not in DIRECT_MODALITIES]
    assert hedged, "the corpus has speculative and negated statements"
    for fact in hedged:
        if (fact.subject, fact.relation, fact.object) in direct:
            continue  # the same relation is also asserted elsewhere
        obj = entity_iri(fact.object) if fact.object else Literal(True)
        assert (entity_iri(fact.subject), KG[fact.relation], obj) not in graph
        if fact.relation in SYMMETRIC:
            assert (obj, KG[fact.relation], entity_iri(fact.subject)) not in graph


def test_symmetric_relations_are_the_ontology_ones():
    onto = Graph().parse(ontology_dir() / "kg.ttl")
    declared = {str(s)[len(str(KG._NS)):] for s in onto.subjects(RDF.type, OWL.SymmetricProperty)}
    assert declared == SYMMETRIC


def test_symmetric_direct_triples_go_both_ways(corpus_graph, corpus_results):
    graph = union_graph(corpus_graph)
    pairs = [f for r in corpus_results for f in r.facts if f.relation in SYMMETRIC and f.modality in DIRECT_MODALITIES]
    assert pairs
    for fact in pairs:
        a, b, p = entity_iri(fact.subject), entity_iri(fact.object), KG[fact.relation]
        assert (a, p, b) in graph and (b, p, a) in graph


def test_one_named_graph_per_article(corpus_graph, corpus_results):
    names = {str(g.identifier) for g in corpus_graph.graphs() if len(g)}
    assert len([n for n in names if "/article/" in n]) == len(corpus_results)


@pytest.mark.parametrize("suffix", [".ttl", ".trig", ".nt", ".nq", ".jsonld"])
def test_formats_load_in_rdflib_and_oxigraph(corpus_graph, tmp_path, suffix):
    from extractor.store import load_oxigraph, load_rdflib

    path = write_graph(corpus_graph, tmp_path / f"kg{suffix}")
    triples = len(union_graph(corpus_graph))
    assert len(union_graph(load_rdflib(path))) == triples
    store = load_oxigraph(path)
    assert len({(q.subject, q.predicate, q.object) for q in store}) == triples


def test_write_is_atomic(corpus_graph, tmp_path, monkeypatch):
    path = tmp_path / "kg.ttl"
    path.write_text("previous graph", encoding="utf-8")

    def boom(items, out, *args, **kwargs):
        out.write(b"@prefix kg: <half written")
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-write

    import pyoxigraph

    monkeypatch.setattr(pyoxigraph, "serialize", boom)
    with pytest.raises(KeyboardInterrupt):
        write_graph(corpus_graph, path)
    assert path.read_text(encoding="utf-8") == "previous graph"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]


def test_every_fact_node_has_evidence(corpus_graph):
    graph = union_graph(corpus_graph)
    facts = list(graph.subjects(RDF.type, KG.Fact))
    assert facts
    for node in facts:
        for prop in (KG.evidenceText, KG.evidenceStart, KG.evidenceEnd, KG.rule, KG.modality, RDF.subject, RDF.predicate):
            assert graph.value(node, prop) is not None, (node, prop)


def test_written_graph_has_ordinary_permissions(corpus_graph, tmp_path):
    import os
    import stat

    path = write_graph(corpus_graph, tmp_path / "kg.nt")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
