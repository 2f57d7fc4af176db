"""Plain records of what was extracted: entities, mentions, facts with evidence."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from .corpus import Article, Prepared, Problem, detect_language, LANGUAGE_NAMES, prepare
from .pipeline.gazetteer import COMPANY, PERSON, PRODUCT, REGION
from .pipeline.relations import FACTS_KEY, Candidate


TYPES = {COMPANY: "Company", PRODUCT: "Product", REGION: "Region", PERSON: "Person"}
SYMMETRIC = frozenset({"partnersWith", "competesWith"})


def fact_key(relation: str, subject: str, obj: str | None) -> tuple[str, str, str | None]:
    """(relation, subject, object), with symmetric relations in one canonical order."""
    if relation in SYMMETRIC and obj is not None and obj < subject:
        return relation, obj, subject
    return relation, subject, obj


@dataclass
class Entity:
    """A real-world entity, one per id across the corpus."""

    id: str
    type: str  # Company, Product, Region, Person
    label: str
    surface_forms: set[str] = field(default_factory=set)
    wikidata: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: article, sentence text and its offsets in the original text."""

    article_id: str
    sentence: str
    start: int
    end: int
    rule: str
    trigger: str


@dataclass(frozen=True)
class Fact:
    """One statement of a relation, with its modality and evidence."""

    relation: str
    subject: str
    object: str | None
    modality: str
    evidence: Evidence
    confidence: float
    region: str | None = None

    @property
    def key(self) -> tuple[str, str, str | None]:
        """(relation, subject, object), with symmetric relations in a canonical order."""
        return fact_key(self.relation, self.subject, self.object)

    @property
    def id(self) -> str:
        """A stable id: hash of the key, article and evidence offsets."""
        raw = "|".join(map(str, (*self.key, self.evidence.article_id, self.evidence.start, self.evidence.end)))
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


@dataclass
class ArticleResult:
    """Everything extracted from one article."""

    article: Article
    entities: dict[str, Entity]
    facts: list[Fact]
    dropped: list[tuple[str, str]] = field(default_factory=list)


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

    for doc, (article, prep) in nlp.pipe(prepared(), as_tuples=True, batch_size=batch_size):
        yield doc_result(doc, article, prep)


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
    for cand in doc.user_data.get(FACTS_KEY, []):
        for span in (cand.subject, cand.object, cand.region):
            if span is not None and span.kb_id_ not in entities and span.label_ in TYPES:
                # a mention only reached through a description or a product's maker
                entities[span.kb_id_] = Entity(span.kb_id_, TYPES[span.label_], names.get(span.kb_id_, span.kb_id_))
        facts.append(_fact(cand, article, prep))
    return ArticleResult(article, entities, facts, prep.dropped)


def _original(article: Article, prep: Prepared, span: Span) -> str:
    start, end = prep.original_span(span.start_char, span.end_char)
    return " ".join(article.text[start:end].split())


def _fact(cand: Candidate, article: Article, prep: Prepared) -> Fact:
    sent = cand.sentence
    start, end = prep.original_span(sent.start_char, sent.start_char + len(sent.text.rstrip()))
    evidence = Evidence(
        article.id, article.text[start:end], start, end, cand.rule, cand.trigger.text
    )
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
    )


def merge_entities(results: Iterable[ArticleResult]) -> dict[str, Entity]:
    """One entity per id across articles, with all surface forms seen."""
    merged: dict[str, Entity] = {}
    for result in results:
        for entity in result.entities.values():
            known = merged.setdefault(entity.id, Entity(entity.id, entity.type, entity.label, set(), entity.wikidata))
            known.surface_forms |= entity.surface_forms
    return merged



