"""Plain records of what was extracted: entities, mentions, facts with evidence."""

from __future__ import annotations

import hashlib
import weakref
from contextlib import nullcontext
from itertools import islice
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .corpus import Article, Prepared, Problem, detect_language, LANGUAGE_NAMES, prepare
from .pipeline.attribution import ATTRIBUTION_KEY, Source
from .pipeline.figures import FIGURES_KEY, FigureCandidate
from .pipeline.gazetteer import COMPANY, PERSON, PRODUCT, REGION, slug
from .pipeline.relations import FACTS_KEY, Candidate
from .pipeline.timex import TIME_KEY


TYPES = {COMPANY: "Company", PRODUCT: "Product", REGION: "Region", PERSON: "Person"}
SYMMETRIC = frozenset({"partnersWith", "competesWith"})


def fact_key(relation: str, subject: str, obj: str | None) -> tuple[str, str, str | None]:
    """(relation, subject, object), with symmetric relations in one canonical order."""
    if relation in SYMMETRIC and obj is not None and obj < subject:
        return relation, obj, subject
    return relation, subject, obj


@dataclass(slots=True)
class Entity:
    """A real-world entity, one per id across the corpus."""

    id: str
    type: str  # Company, Product, Region, Person
    label: str
    surface_forms: set[str] = field(default_factory=set)
    wikidata: str | None = None
    # other types articles gave it ("la plateforme Delos Cloud" here, "Delos Cloud, filiale de SAP"
    # there): each stays on the node, so that every fact about it keeps a well-typed argument
    other_types: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: article, sentence text and its offsets in the original text."""

    article_id: str
    sentence: str
    start: int
    end: int
    rule: str
    trigger: str


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement of a relation, with its modality and evidence."""

    relation: str
    subject: str
    object: str | None
    modality: str
    evidence: Evidence
    confidence: float
    region: str | None = None
    attribution: Source | None = None  # None: the publishing outlet's own claim
    when: str | None = None  # ISO 8601 (partial) event time given by the text
    phase: str | None = None  # initial, final or current ("initialement", "finalement", "désormais")

    @property
    def key(self) -> tuple[str, str, str | None]:
        """(relation, subject, object), with symmetric relations in a canonical order."""
        return fact_key(self.relation, self.subject, self.object)

    @property
    def id(self) -> str:
        """A stable id: hash of the key, article and evidence offsets."""
        raw = "|".join(map(str, (*self.key, self.evidence.article_id, self.evidence.start, self.evidence.end)))
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Figure:
    """An amount or share stated in an article, as a structured value."""

    kind: str  # funding, investment, stake, dealValue, valuation, revenue, salesChange, marketShare
    value: Decimal  # base units; signed for changes
    unit: str  # ISO 4217 code, or "percent"
    subject: str
    text: str  # the amount as written ("1,7 milliard de dollars")
    modality: str
    evidence: Evidence
    object: str | None = None
    region: str | None = None
    product: str | None = None
    attribution: Source | None = None

    @property
    def id(self) -> str:
        """A stable id: hash of the value, article and offsets."""
        raw = "|".join(map(str, (self.kind, self.subject, self.value, self.unit, self.evidence.article_id,
                                 self.evidence.start, self.text)))
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


@dataclass
class ArticleResult:
    """Everything extracted from one article."""

    article: Article
    entities: dict[str, Entity]
    facts: list[Fact]
    dropped: list[tuple[str, str]] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    @cached_property
    def outlet(self) -> Source | None:
        """The publication the article comes from, if its metadata names one (read in loops: cached)."""
        return outlet_source(self.article.source)


def outlet_source(name: str | None) -> Source | None:
    """An outlet as a source entity (id: slug of its name)."""
    return Source("Outlet", name.strip(), slug(name.strip())) if name and name.strip() else None


def extract(
    nlp: Language,
    articles: Iterable[Article],
    *,
    batch_size: int = 16,
    on_problem: Callable[[Problem], None] | None = None,
    check_language: bool = True,
) -> Iterator[ArticleResult]:
    """Run the pipeline over articles (in batches through ``nlp.pipe``) and yield their results."""
    report = on_problem or (lambda problem: None)

    def prepared() -> Iterator[tuple[str, tuple[Article, Prepared]]]:
        for article in articles:
            prep = prepare(article)
            if not prep.text.strip():
                report(Problem(article.path, "no article text after removing web noise", article.line))
                continue
            if check_language:
                lang, share = detect_language(prep.text)
                if lang != "fr":
                    name = LANGUAGE_NAMES.get(lang, lang)
                    report(Problem(article.path, f"not French (looks {name}), skipped", article.line, "skipped"))
                    continue
            yield prep.text, (article, prep)

    from .linking import wikidata_ids

    linked = wikidata_ids(nlp.get_pipe("kg_gazetteer").gazetteer)
    stream = prepared()
    while chunk := list(islice(stream, ZONE_ARTICLES)):
        # the strings and lexemes a chunk adds to the vocab are freed after it (results are plain
        # Python data), so memory does not grow with the size of the corpus; a pipeline's first
        # chunk runs outside a zone, as it is the one that fills the tokenizer's cache
        with nlp.memory_zone() if nlp in _WARM else nullcontext():
            for doc, (article, prep) in nlp.pipe(chunk, as_tuples=True, batch_size=batch_size):
                result = doc_result(doc, article, prep)
                for entity in result.entities.values():
                    entity.wikidata = linked.get(entity.id)
                yield result
        _WARM.add(nlp)


ZONE_ARTICLES = 256  # articles processed in one spaCy memory zone
_WARM: weakref.WeakSet[Language] = weakref.WeakSet()  # pipelines whose tokenizer cache is filled


def doc_result(doc: Doc, article: Article, prep: Prepared) -> ArticleResult:
    """Turn an annotated Doc into entities and facts with evidence in original offsets."""
    names: dict[str, str] = doc.user_data.get("kg_names", {})
    entities: dict[str, Entity] = {}
    for ent in doc.ents:
        kind = TYPES.get(ent.label_)
        if kind is None:
            continue
        entity = entities.setdefault(ent.kb_id_, Entity(ent.kb_id_, kind, names.get(ent.kb_id_, ent.text)))
        entity.surface_forms.add(_original(article, prep, ent))
    facts: list[Fact] = []
    candidates = doc.user_data.get(FACTS_KEY, [])
    sources = doc.user_data.get(ATTRIBUTION_KEY) or [None] * len(candidates)
    times = doc.user_data.get(TIME_KEY) or [(None, None)] * len(candidates)
    for cand, source, (mention, phase) in zip(candidates, sources, times):
        _add_reached(entities, names, cand.subject, cand.object, cand.region)
        when = mention.resolve(article.date) if mention is not None else None
        if source is not None and source.type != "Anonymous" and source.id not in entities:
            entities[source.id] = Entity(source.id, source.type, source.name or source.id)
        facts.append(_fact(cand, article, prep, source, when, phase))
    figures = []
    for fig in doc.user_data.get(FIGURES_KEY, []):
        _add_reached(entities, names, fig.subject, fig.object, fig.region, fig.product)
        figures.append(_figure(fig, article, prep))
    return ArticleResult(article, entities, facts, prep.dropped, figures)


def _add_reached(entities: dict[str, Entity], names: dict[str, str], *spans: Span | None) -> None:
    for span in spans:
        if span is None or span.label_ not in TYPES:
            continue
        if span.kb_id_ not in entities:
            # a mention only reached through a description or a product's maker
            entities[span.kb_id_] = Entity(span.kb_id_, TYPES[span.label_], names.get(span.kb_id_, span.kb_id_))
        elif TYPES[span.label_] != entities[span.kb_id_].type:
            # typed otherwise elsewhere in the article ("Switch" a firm there, "sa console Switch"
            # here): the fact's argument keeps the type it has in its sentence
            entities[span.kb_id_].other_types.add(TYPES[span.label_])


def _original(article: Article, prep: Prepared, span: Span) -> str:
    start, end = prep.original_span(span.start_char, span.end_char)
    return " ".join(article.text[start:end].split())


def _evidence(sent: Span, article: Article, prep: Prepared, rule: str, trigger: str) -> Evidence:
    start, end = prep.original_span(sent.start_char, sent.start_char + len(sent.text.rstrip()))
    return Evidence(article.id, article.text[start:end], start, end, rule, trigger)


def _fact(cand: Candidate, article: Article, prep: Prepared, source: Source | None = None,
          when: str | None = None, phase: str | None = None) -> Fact:
    evidence = _evidence(cand.sentence, article, prep, cand.rule, cand.trigger.text)
    # symmetric relations are written in one direction
    _, subject, obj = fact_key(cand.relation, cand.subject.kb_id_, cand.object.kb_id_ if cand.object is not None else None)
    return Fact(
        relation=cand.relation,
        subject=subject,
        object=obj,
        modality=cand.modality,
        evidence=evidence,
        confidence=cand.confidence,
        region=cand.region.kb_id_ if cand.region is not None else None,
        attribution=source,
        when=when,
        phase=phase,
    )


def _figure(fig: FigureCandidate, article: Article, prep: Prepared) -> Figure:
    cue = fig.cue.text if fig.cue is not None else ""
    return Figure(
        kind=fig.kind, value=fig.value, unit=fig.unit, subject=fig.subject.kb_id_,
        text=_original(article, prep, fig.number), modality=fig.modality,
        evidence=_evidence(fig.sentence, article, prep, f"figure.{fig.kind}", cue),
        object=fig.object.kb_id_ if fig.object is not None else None,
        region=fig.region.kb_id_ if fig.region is not None else None,
        product=fig.product.kb_id_ if fig.product is not None else None,
    )


def result_to_dict(result: ArticleResult) -> dict[str, Any]:
    """A JSON-ready record of an article's result (its text is not kept, its hash is)."""
    a = result.article
    return {
        "article": {"id": a.id, "path": a.path, "title": a.title, "url": a.url, "date": a.date,
                    "source": a.source, "line": a.line, "hash": a.content_hash},
        "entities": [[e.id, e.type, e.label, sorted(e.surface_forms), e.wikidata, sorted(e.other_types)]
                     for e in result.entities.values()],
        "facts": [_fact_record(f) for f in result.facts],
        "figures": [_figure_record(g) for g in result.figures],
        "dropped": [list(d) for d in result.dropped],
    }


def result_from_dict(record: dict[str, Any]) -> ArticleResult:
    """The inverse of :func:`result_to_dict`."""
    a = record["article"]
    article = Article(a["id"], "", (), a["path"], a["title"], a["url"], a["date"], a["source"], a["line"], a["hash"])
    entities = {e[0]: Entity(e[0], e[1], e[2], set(e[3]), e[4], set(e[5] if len(e) > 5 else ())) for e in record["entities"]}
    facts = [Fact(f["relation"], f["subject"], f["object"], f["modality"], Evidence(*f["evidence"]), f["confidence"],
                  f["region"], _source(f["attribution"]), f["when"], f["phase"]) for f in record["facts"]]
    figures = [Figure(g["kind"], Decimal(g["value"]), g["unit"], g["subject"], g["text"], g["modality"],
                      Evidence(*g["evidence"]), g["object"], g["region"], g["product"], _source(g["attribution"]))
               for g in record["figures"]]
    return ArticleResult(article, entities, facts, [tuple(d) for d in record["dropped"]], figures)


def _evidence_record(ev: Evidence) -> list[Any]:
    return [ev.article_id, ev.sentence, ev.start, ev.end, ev.rule, ev.trigger]


def _source_record(source: Source | None) -> list[str | None] | None:
    return [source.type, source.name, source.id] if source is not None else None


def _source(record: list[str | None] | None) -> Source | None:
    return Source(*record) if record else None


def _fact_record(f: Fact) -> dict[str, Any]:
    return {"relation": f.relation, "subject": f.subject, "object": f.object, "modality": f.modality,
            "evidence": _evidence_record(f.evidence), "confidence": f.confidence, "region": f.region,
            "attribution": _source_record(f.attribution), "when": f.when, "phase": f.phase}


def _figure_record(g: Figure) -> dict[str, Any]:
    return {"kind": g.kind, "value": str(g.value), "unit": g.unit, "subject": g.subject, "text": g.text,
            "modality": g.modality, "evidence": _evidence_record(g.evidence), "object": g.object,
            "region": g.region, "product": g.product, "attribution": _source_record(g.attribution)}


def merge_entities(results: Iterable[ArticleResult], into: dict[str, Entity] | None = None) -> dict[str, Entity]:
    """One entity per id across articles, with all surface forms seen (added to ``into`` if given)."""
    merged: dict[str, Entity] = {} if into is None else into
    for result in results:
        outlet = result.outlet
        if outlet is not None:
            merged.setdefault(outlet.id, Entity(outlet.id, outlet.type, outlet.name or outlet.id, {outlet.name or outlet.id}))
        for entity in result.entities.values():
            known = merged.setdefault(entity.id, Entity(entity.id, entity.type, entity.label, set(), entity.wikidata))
            known.surface_forms |= entity.surface_forms
            known.other_types |= {entity.type, *entity.other_types} - {known.type}
    return merged



