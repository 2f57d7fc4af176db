"""Facts to RDF: one named graph per article, entities in the default graph."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from urllib.parse import quote

from rdflib import OWL, PROV, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.term import Node
from rdflib.namespace import DCTERMS

from .facts import ArticleResult, Entity, Fact
from .namespace import KG, KGID

SCHEMA = Namespace("https://schema.org/")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
DIRECT_MODALITIES = ("Asserted", "Reported")  # only these become plain (s p o) triples
Triple = tuple[Node, Node, Node]


PREFIXES = {
    "kg": str(KG._NS), "kgid": str(KGID), "schema": str(SCHEMA), "prov": str(PROV), "skos": str(SKOS),
    "owl": str(OWL), "dcterms": str(DCTERMS), "wd": str(WIKIDATA), "rdf": str(RDF), "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the prefixes users see in serialised output."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def entity_iri(entity_id: str) -> URIRef:
    """IRI of an entity."""
    return KGID[f"entity/{quote(entity_id, safe='-._~')}"]


def article_iri(article_id: str) -> URIRef:
    """IRI of an article (also the name of its graph)."""
    return KGID[f"article/{quote(article_id, safe='-._~/')}"]


def fact_iri(fact: Fact) -> URIRef:
    """IRI of a fact node."""
    return KGID[f"fact/{fact.id}"]


Quad = tuple[Node, Node, Node, URIRef | None]  # (s, p, o, graph name); None is the default graph


def quads(results: Iterable[ArticleResult], entities: dict[str, Entity] | None = None) -> Iterator[Quad]:
    """The RDF of a run as quads: entity descriptions in the default graph, each article in its own."""
    results = list(results)
    if entities is None:
        from .facts import merge_entities

        entities = merge_entities(results)
    for entity in sorted(entities.values(), key=lambda e: e.id):
        for triple in entity_triples(entity):
            yield (*triple, None)
    for result in results:
        name = article_iri(result.article.id)
        for triple in article_triples(result):
            yield (*triple, name)


def build_graph(results: Iterable[ArticleResult], entities: dict[str, Entity] | None = None) -> Dataset:
    """Build the RDF dataset: entity descriptions in the default graph, each article in its own."""
    dataset = Dataset()
    bind_prefixes(dataset)
    default = dataset.default_graph
    graphs: dict[URIRef, Graph] = {}
    for s, p, o, name in quads(results, entities):
        if name is None:
            default.add((s, p, o))
        else:
            if name not in graphs:
                graphs[name] = dataset.graph(name)
            graphs[name].add((s, p, o))
    return dataset


def entity_triples(entity: Entity) -> Iterator[Triple]:
    """Describe an entity: type, canonical label, surface forms, verified Wikidata id."""
    node = entity_iri(entity.id)
    yield node, RDF.type, KG[entity.type]
    yield node, RDFS.label, Literal(entity.label)
    for form in sorted(entity.surface_forms - {entity.label}):
        yield node, SKOS.altLabel, Literal(form)
    if entity.wikidata:
        yield node, OWL.sameAs, WIKIDATA[entity.wikidata]


def article_triples(result: ArticleResult) -> Iterator[Triple]:
    """Describe an article, the entities it mentions and its facts."""
    article = result.article
    node = article_iri(article.id)
    yield node, RDF.type, SCHEMA.NewsArticle
    yield node, RDF.type, PROV.Entity
    yield node, SCHEMA.headline, Literal(article.title)
    yield node, KG.contentHash, Literal(article.content_hash)
    yield node, KG.sourcePath, Literal(article.path)
    if article.url:
        yield node, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)
    if article.date:
        yield node, SCHEMA.datePublished, _date(article.date)
    if article.source:
        yield node, DCTERMS.source, Literal(article.source)
    for entity_id in sorted(result.entities):
        yield node, SCHEMA.mentions, entity_iri(entity_id)
    for fact in result.facts:
        yield from fact_triples(fact, node)


def fact_triples(fact: Fact, article: URIRef) -> Iterator[Triple]:
    """A fact node with evidence, and the direct triple when it is asserted or reported."""
    node = fact_iri(fact)
    predicate = KG[fact.relation]
    subject = entity_iri(fact.subject)
    obj = entity_iri(fact.object) if fact.object is not None else None
    yield node, RDF.type, KG.Fact
    yield node, RDF.subject, subject
    yield node, RDF.predicate, predicate
    if obj is not None:
        yield node, RDF.object, obj
    yield node, KG.modality, KG[fact.modality]
    if fact.region:
        yield node, KG.region, entity_iri(fact.region)
    yield node, PROV.wasDerivedFrom, article
    ev = fact.evidence
    yield node, KG.evidenceText, Literal(ev.sentence)
    yield node, KG.evidenceStart, Literal(ev.start, datatype=XSD.integer)
    yield node, KG.evidenceEnd, Literal(ev.end, datatype=XSD.integer)
    yield node, KG.rule, Literal(ev.rule)
    yield node, KG.trigger, Literal(ev.trigger)
    yield node, KG.confidence, Literal(Decimal(str(fact.confidence)), datatype=XSD.decimal)
    if fact.modality in DIRECT_MODALITIES:
        yield subject, predicate, obj if obj is not None else Literal(True)


def _date(value: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})?", value):
        return Literal(value, datatype=XSD.dateTime)
    return Literal(value)
