"""Facts to RDF: one named graph per article, entities in the default graph."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from urllib.parse import quote

from rdflib import OWL, PROV, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.term import Node
from rdflib.namespace import DCTERMS

from .facts import SYMMETRIC, ArticleResult, Entity, Evidence, Fact, Figure
from .namespace import KG, KGID
from .pipeline.attribution import Source
from .stream import Derived, Statement, derive

SCHEMA = Namespace("https://schema.org/")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
DIRECT_MODALITIES = ("Asserted", "Reported")  # only these become plain (s p o) triples
Triple = tuple[Node, Node, Node]
#: The named graph of what is derived from all articles together: statements and supersession.
STATEMENTS_GRAPH = KGID["graph/statements"]
PHASES = {"initial": KG.Initial, "final": KG.Final, "current": KG.Current}
FIGURE_KINDS = {"funding": KG.Funding, "investment": KG.Investment, "stake": KG.Stake, "dealValue": KG.DealValue,
                "valuation": KG.Valuation, "revenue": KG.Revenue, "salesChange": KG.SalesChange,
                "marketShare": KG.MarketShare}


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


def figure_iri(figure: Figure) -> URIRef:
    """IRI of a figure node."""
    return KGID[f"figure/{figure.id}"]


def statement_iri(statement: Statement) -> URIRef:
    """IRI of a statement node (one per relation, subject and object across the corpus)."""
    return KGID[f"statement/{statement.id}"]


def source_iri(source: Source) -> URIRef:
    """IRI of the source a fact is attributed to."""
    return KG.AnonymousSource if source.type == "Anonymous" else entity_iri(source.id)


Quad = tuple[Node, Node, Node, URIRef | None]  # (s, p, o, graph name); None is the default graph


def quads(results: Iterable[ArticleResult], entities: dict[str, Entity] | None = None,
          derived: Derived | None = None) -> Iterator[Quad]:
    """The RDF of a run as quads: entity descriptions in the default graph, each article in its own,
    statements in theirs.

    ``results`` may be a one-pass stream when ``entities`` and ``derived`` are given.
    """
    if entities is None or derived is None:
        from .facts import merge_entities

        results = list(results)
        entities = merge_entities(results) if entities is None else entities
        derived = derive(results) if derived is None else derived
    for entity in sorted(entities.values(), key=lambda e: e.id):
        for triple in entity_triples(entity):
            yield (*triple, None)
    for result in results:
        name = article_iri(result.article.id)
        for triple in article_triples(result):
            yield (*triple, name)
    for triple in stream_triples(derived):
        yield (*triple, STATEMENTS_GRAPH)


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
    for other in sorted(entity.other_types):
        yield node, RDF.type, KG[other]
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
    if result.outlet is not None:
        yield node, SCHEMA.publisher, entity_iri(result.outlet.id)
    for entity_id in sorted(result.entities):
        yield node, SCHEMA.mentions, entity_iri(entity_id)
    for fact in result.facts:
        yield from fact_triples(fact, node)
    for figure in result.figures:
        yield from figure_triples(figure, node)


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
    yield from _evidence_triples(node, fact.evidence, article)
    yield node, KG.trigger, Literal(fact.evidence.trigger)
    yield node, KG.confidence, Literal(Decimal(str(fact.confidence)), datatype=XSD.decimal)
    if fact.attribution is not None:
        yield node, KG.attributedTo, source_iri(fact.attribution)
    if fact.when:
        yield node, KG.eventTime, _event_time(fact.when)
    if fact.phase:
        yield node, KG.phase, PHASES[fact.phase]
    if fact.modality in DIRECT_MODALITIES:
        yield subject, predicate, obj if obj is not None else Literal(True)
        if fact.relation in SYMMETRIC:
            # materialised as an OWL reasoner would, so a plain pattern finds the pair from either side
            yield obj, predicate, subject


def _evidence_triples(node: URIRef, ev: Evidence, article: URIRef) -> Iterator[Triple]:
    yield node, PROV.wasDerivedFrom, article
    yield node, KG.evidenceText, Literal(ev.sentence)
    yield node, KG.evidenceStart, Literal(ev.start, datatype=XSD.integer)
    yield node, KG.evidenceEnd, Literal(ev.end, datatype=XSD.integer)
    yield node, KG.rule, Literal(ev.rule)


def figure_triples(figure: Figure, article: URIRef) -> Iterator[Triple]:
    """A figure node: kind, signed amount, unit, who it is about, and its evidence."""
    node = figure_iri(figure)
    yield node, RDF.type, KG.Figure
    yield node, KG.figureKind, FIGURE_KINDS[figure.kind]
    yield node, KG.amount, Literal(figure.value, datatype=XSD.decimal)
    yield node, KG.unit, Literal(figure.unit)
    yield node, KG.amountText, Literal(figure.text)
    yield node, KG.about, entity_iri(figure.subject)
    if figure.object:
        yield node, KG.counterparty, entity_iri(figure.object)
    if figure.region:
        yield node, KG.region, entity_iri(figure.region)
    if figure.product:
        yield node, KG.product, entity_iri(figure.product)
    yield node, KG.modality, KG[figure.modality]
    yield from _evidence_triples(node, figure.evidence, article)


def stream_triples(derived: Derived) -> Iterator[Triple]:
    """What holds across articles: one statement per fact key with its support, and supersession."""
    for earlier_id, later in sorted(derived.superseded_by.items()):
        yield KGID[f"fact/{earlier_id}"], KG.supersededBy, fact_iri(later)
    for stmt in derived.statements:
        node = statement_iri(stmt)
        yield node, RDF.type, KG.Statement
        yield node, RDF.subject, entity_iri(stmt.subject)
        yield node, RDF.predicate, KG[stmt.relation]
        if stmt.object is not None:
            yield node, RDF.object, entity_iri(stmt.object)
        for fact, _ in stmt.facts:
            yield node, KG.supportedBy, fact_iri(fact)
        yield node, KG.articleCount, Literal(len(stmt.articles), datatype=XSD.integer)
        yield node, KG.outletCount, Literal(len(stmt.outlets), datatype=XSD.integer)
        if stmt.dates:
            yield node, KG.firstReported, _date(stmt.dates[0])
            yield node, KG.lastReported, _date(stmt.dates[-1])
        yield node, KG.strongestModality, KG[stmt.strongest]
        yield node, KG.weakestModality, KG[stmt.weakest]
        yield node, KG.aggregateConfidence, Literal(Decimal(str(stmt.confidence)), datatype=XSD.decimal)
        yield node, KG.superseded, Literal(stmt.superseded)
        for region in sorted(stmt.regions):
            yield node, KG.region, entity_iri(region)


def _event_time(value: str) -> Literal:
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    return _date(value)


def _date(value: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})?", value):
        return Literal(value, datatype=XSD.dateTime)
    return Literal(value)
