"""Facts to RDF: one named graph per article, entities in the default graph."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import quote

from rdflib import OWL, PROV, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from .facts import ArticleResult, Entity, Fact
from .namespace import KG, KGID

SCHEMA = Namespace("https://schema.org/")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
DIRECT_MODALITIES = ("Asserted", "Reported")  # only these become plain (s p o) triples


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the prefixes users see in serialised output."""
    for prefix, ns in (("kg", KG._NS), ("kgid", KGID), ("schema", SCHEMA), ("prov", PROV),
                       ("skos", SKOS), ("owl", OWL), ("dcterms", DCTERMS), ("wd", WIKIDATA)):
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


def build_graph(results: Iterable[ArticleResult], entities: dict[str, Entity] | None = None) -> Dataset:
    """Build the RDF dataset: entity descriptions in the default graph, each article in its own."""
    results = list(results)
    if entities is None:
        from .facts import merge_entities

        entities = merge_entities(results)
    dataset = Dataset()
    bind_prefixes(dataset)
    default = dataset.default_graph
    for entity in sorted(entities.values(), key=lambda e: e.id):
        add_entity(default, entity)
    for result in results:
        add_article(dataset.graph(article_iri(result.article.id)), result)
    return dataset


def add_entity(graph: Graph, entity: Entity) -> None:
    """Describe an entity: type, canonical label, surface forms, verified Wikidata id."""
    node = entity_iri(entity.id)
    graph.add((node, RDF.type, KG[entity.type]))
    graph.add((node, RDFS.label, Literal(entity.label)))
    for form in sorted(entity.surface_forms - {entity.label}):
        graph.add((node, SKOS.altLabel, Literal(form)))
    if entity.wikidata:
        graph.add((node, OWL.sameAs, WIKIDATA[entity.wikidata]))


def add_article(graph: Graph, result: ArticleResult) -> None:
    """Describe an article, the entities it mentions and its facts, in the article's graph."""
    article = result.article
    node = article_iri(article.id)
    graph.add((node, RDF.type, SCHEMA.NewsArticle))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, SCHEMA.headline, Literal(article.title)))
    graph.add((node, KG.contentHash, Literal(article.content_hash)))
    graph.add((node, KG.sourcePath, Literal(article.path)))
    if article.url:
        graph.add((node, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.date:
        graph.add((node, SCHEMA.datePublished, _date(article.date)))
    if article.source:
        graph.add((node, DCTERMS.source, Literal(article.source)))
    for entity_id in sorted(result.entities):
        graph.add((node, SCHEMA.mentions, entity_iri(entity_id)))
    for fact in result.facts:
        add_fact(graph, fact, node)


def add_fact(graph: Graph, fact: Fact, article: URIRef) -> None:
    """Write a fact node with evidence, and the direct triple when it is asserted or reported."""
    node = fact_iri(fact)
    predicate = KG[fact.relation]
    subject = entity_iri(fact.subject)
    graph.add((node, RDF.type, KG.Fact))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    obj = entity_iri(fact.object) if fact.object is not None else None
    if obj is not None:
        graph.add((node, RDF.object, obj))
    graph.add((node, KG.modality, KG[fact.modality]))
    if fact.region:
        graph.add((node, KG.region, entity_iri(fact.region)))
    graph.add((node, PROV.wasDerivedFrom, article))
    ev = fact.evidence
    graph.add((node, KG.evidenceText, Literal(ev.sentence)))
    graph.add((node, KG.evidenceStart, Literal(ev.start, datatype=XSD.integer)))
    graph.add((node, KG.evidenceEnd, Literal(ev.end, datatype=XSD.integer)))
    graph.add((node, KG.rule, Literal(ev.rule)))
    graph.add((node, KG.trigger, Literal(ev.trigger)))
    graph.add((node, KG.confidence, Literal(Decimal(str(fact.confidence)), datatype=XSD.decimal)))
    if fact.modality in DIRECT_MODALITIES:
        graph.add((subject, predicate, obj if obj is not None else Literal(True)))


def _date(value: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})?", value):
        return Literal(value, datatype=XSD.dateTime)
    return Literal(value)
