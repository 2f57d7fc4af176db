"""Score the extractor against the gold annotations of ``corpus/_gold`` (per split)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from .corpus import read_articles
from .errors import InputError
from .facts import ArticleResult, Fact, extract, fact_key
from .pipeline import build_pipeline
from .pipeline.gazetteer import Gazetteer, slug

ENTITY_TYPES = ("Company", "Product", "Region")
RELATIONS = ("partnersWith", "rejected", "considered", "requiresLocalPartner", "absentFrom", "productOf",
             "integratedInto", "acquired", "investsIn", "competesWith", "launched")
# most certain first: when a fact is stated several times in an article, the first one counts
CERTAINTY = ("Asserted", "Reported", "Speculative", "Negated")
HEDGED = ("Speculative", "Negated")
FIGURE_KINDS = ("funding", "investment", "stake", "dealValue", "valuation", "revenue", "salesChange", "marketShare")
# stream fields, scored on the facts found in both gold and prediction of articles annotated for them
STREAM_FIELDS = ("attribution", "event time", "phase", "superseded")


@dataclass
class Score:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of predictions that are right (1.0 with no prediction)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold items found (1.0 with no gold item)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set, pred: set) -> None:
        """Count one article's sets."""
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def as_dict(self) -> dict[str, float | int]:
        """Plain numbers for JSON."""
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class SplitReport:
    """Scores of one split."""

    split: str
    articles: int = 0
    entities: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    facts: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    modality_correct: int = 0
    modality_total: int = 0
    modality_confusion: Counter = field(default_factory=Counter)  # (gold, predicted) → n
    hedged_as_fact: int = 0
    stream_articles: int = 0
    stream: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    figures: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    corroborated: Score = field(default_factory=Score)
    missing_articles: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def total(self, table: dict[str, Score]) -> Score:
        """Micro-averaged score over a table."""
        out = Score()
        for score in table.values():
            out.tp, out.fp, out.fn = out.tp + score.tp, out.fp + score.fp, out.fn + score.fn
        return out

    @property
    def modality_accuracy(self) -> float:
        """Share of matched facts whose modality is right."""
        return self.modality_correct / self.modality_total if self.modality_total else 1.0


def load_gold(corpus: str | Path, split: str) -> dict[str, dict[str, Any]]:
    """Gold lines of a split (``corpus/_gold/<split>.jsonl``) by article id."""
    path = Path(corpus) / "_gold" / f"{split}.jsonl"
    if not path.is_file():
        raise InputError(f"{path}: no gold annotations for split {split!r}")
    gold = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{lineno}: malformed JSON ({exc.msg})") from exc
            gold[record["article"]] = record
    return gold


class Keys:
    """Map gold names and predicted ids to one comparable key (the gazetteer id if known)."""

    def __init__(self, gazetteer: Gazetteer, typer: Any):
        self.gazetteer = gazetteer
        self.typer = typer

    def of_name(self, name: str, type_: str | None = None) -> str:
        """Key of a gold name."""
        entry = self.gazetteer.lookup(name)
        if entry is not None:
            return entry.id
        if type_ == "Company":
            return self.typer.id_of(name, "COMPANY")
        return slug(name)

    def fact(self, relation: str, subject: str, obj: str | None) -> tuple[str, str, str | None]:
        """Canonical key of a fact (symmetric relations ordered)."""
        return fact_key(relation, subject, obj)


def score_article(report: SplitReport, keys: Keys, gold: dict[str, Any], result: ArticleResult) -> None:
    """Add one article's comparison to a split report."""
    report.articles += 1
    gold_entities = {(keys.of_name(e["name"], e["type"]), e["type"]) for e in gold.get("entities", [])}
    pred_entities = {(e.id, e.type) for e in result.entities.values()}
    for type_ in ENTITY_TYPES:
        g = {k for k in gold_entities if k[1] == type_}
        p = {k for k in pred_entities if k[1] == type_}
        report.entities[type_].add(g, p)
        for key, _ in sorted(g - p):
            report.errors.append(f"{result.article.id}: missed {type_} {key}")
        for key, _ in sorted(p - g):
            report.errors.append(f"{result.article.id}: spurious {type_} {key}")
    types = {e["name"]: e["type"] for e in gold.get("entities", [])}
    # each key's most certain statement: key → its modality
    gold_facts = _by_key((_gold_key(keys, f, types), f["modality"], f["modality"]) for f in gold.get("facts", []))
    pred_facts = _by_key((keys.fact(*f.key), f.modality, f.modality) for f in result.facts)
    if gold.get("stream"):
        score_stream(report, keys, gold, result, gold_facts.keys() & pred_facts.keys())
    evidence = {keys.fact(*f.key): f.evidence for f in result.facts}
    for relation in RELATIONS:
        g = {k for k in gold_facts if k[0] == relation}
        p = {k for k in pred_facts if k[0] == relation}
        report.facts[relation].add(g, p)
        for key in sorted(g - p, key=str):
            report.errors.append(f"{result.article.id}: missed {key} [{gold_facts[key]}]")
        for key in sorted(p - g, key=str):
            ev = evidence[key]
            report.errors.append(f"{result.article.id}: spurious {key} [{pred_facts[key]}] rule {ev.rule}: {ev.sentence[:160]}")
    for key in gold_facts.keys() & pred_facts.keys():
        g, p = gold_facts[key], pred_facts[key]
        report.modality_total += 1
        report.modality_correct += g == p
        report.modality_confusion[(g, p)] += 1
        if g != p:
            report.errors.append(f"{result.article.id}: modality {key} gold {g} predicted {p}")
        if g in HEDGED and p not in HEDGED:
            report.hedged_as_fact += 1


def _gold_key(keys: Keys, fact: dict[str, Any], types: dict[str, str]) -> tuple:
    return keys.fact(fact["relation"], keys.of_name(fact["subject"], types.get(fact["subject"])),
                     keys.of_name(fact["object"], types.get(fact["object"])) if fact.get("object") else None)


def _by_key(items: Iterable[tuple[tuple, str, Any]]) -> dict[tuple, Any]:
    """The most certain statement of each key: key → its record."""
    out: dict[tuple, tuple[str, Any]] = {}
    for key, modality, record in items:
        if key not in out or CERTAINTY.index(modality) < CERTAINTY.index(out[key][0]):
            out[key] = (modality, record)
    return {k: v[1] for k, v in out.items()}


def score_stream(report: SplitReport, keys: Keys, gold: dict[str, Any], result: ArticleResult, matched: set) -> None:
    """Score attribution, event time, phase, supersession and figures of one annotated article."""
    from .stream import supersessions

    report.stream_articles += 1
    types = {e["name"]: e["type"] for e in gold.get("entities", [])}
    g_facts = _by_key((_gold_key(keys, f, types), f["modality"], f) for f in gold.get("facts", []))
    p_facts: dict[tuple, Fact] = _by_key((keys.fact(*f.key), f.modality, f) for f in result.facts)
    # the stream fields belong to a statement: compare with the prediction from the gold's sentence
    for key in matched:
        same = [f for f in result.facts if keys.fact(*f.key) == key and _same_sentence(f.evidence.sentence, g_facts[key]["evidence"])]
        if same:
            p_facts[key] = same[0]
    later = supersessions([result])

    def source_key(kind: str, name: str | None, named: bool) -> tuple:
        # organisations ("le cabinet Counterpoint") and unnamed outlets ("la presse allemande")
        # are named too loosely to compare names
        if kind in ("Anonymous", "Organization") or not named:
            return (kind,)
        return kind, keys.of_name(name or "", kind)

    for key in sorted(matched, key=str):
        g, p = g_facts[key], p_facts[key]
        ga, pa = g.get("attribution"), p.attribution
        named = bool(ga and ga.get("name"))
        pairs = {
            "attribution": (source_key(ga["type"], ga.get("name"), named) if ga else None,
                            source_key(pa.type, pa.id if pa.type == "Person" else pa.name, named) if pa else None),
            "event time": (g.get("when"), p.when),
            "phase": (g.get("phase"), p.phase),
            "superseded": (True if g.get("superseded") else None, True if p.id in later else None),
        }
        for name, (gv, pv) in pairs.items():
            report.stream[name].add({(key, gv)} if gv is not None else set(), {(key, pv)} if pv is not None else set())
            if gv != pv:
                report.errors.append(f"{result.article.id}: {name} {key} gold {gv} predicted {pv}")
    gold_figures = {(f["kind"], keys.of_name(f["subject"], types.get(f["subject"])), _value(f["value"]), f["unit"])
                    for f in gold.get("figures", [])}
    pred_figures = {(f.kind, f.subject, _value(f.value), f.unit) for f in result.figures}
    for kind in FIGURE_KINDS:
        report.figures[kind].add({f for f in gold_figures if f[0] == kind}, {f for f in pred_figures if f[0] == kind})
    for fig in sorted(gold_figures - pred_figures, key=str):
        report.errors.append(f"{result.article.id}: missed figure {fig}")
    for fig in sorted(pred_figures - gold_figures, key=str):
        report.errors.append(f"{result.article.id}: spurious figure {fig}")


def _same_sentence(a: str, b: str) -> bool:
    norm = lambda text: " ".join(text.replace("’", "'").split())
    a, b = norm(a), norm(b)
    return a in b or b in a


def _value(value: Any) -> float:
    """A value rounded to 4 significant digits, so that 1.7e9 written two ways compares equal."""
    number = float(value)
    return float(f"{number:.4g}")


def score_corroboration(report: SplitReport, keys: Keys, golds: dict[str, dict[str, Any]],
                        results: dict[str, ArticleResult]) -> None:
    """Statements carried by at least two outlets: from gold facts versus from extracted facts."""
    gold_outlets: dict[tuple, set[str]] = defaultdict(set)
    pred_outlets: dict[tuple, set[str]] = defaultdict(set)
    for article_id, record in golds.items():
        result = results.get(article_id)
        if result is None or result.outlet is None or not record.get("stream"):
            continue
        types = {e["name"]: e["type"] for e in record.get("entities", [])}
        for fact in record.get("facts", []):
            gold_outlets[_gold_key(keys, fact, types)].add(result.outlet.id)
        for fact in result.facts:
            pred_outlets[keys.fact(*fact.key)].add(result.outlet.id)
    report.corroborated.add({k for k, v in gold_outlets.items() if len(v) >= 2},
                            {k for k, v in pred_outlets.items() if len(v) >= 2})


def evaluate_corpus(
    corpus: str | Path, splits: Iterable[str] = ("dev", "heldout"), *, model: str = "fr_core_news_md",
    nlp: Language | None = None,
) -> list[SplitReport]:
    """Run the extractor over the corpus once and score each split against its gold."""
    golds = {split: load_gold(corpus, split) for split in splits}
    wanted = {article_id for gold in golds.values() for article_id in gold}
    articles = [a for a in read_articles(corpus) if a.id in wanted]
    nlp = nlp or build_pipeline(model)
    results = {r.article.id: r for r in extract(nlp, articles)}
    keys = Keys(nlp.get_pipe("kg_gazetteer").gazetteer, nlp.get_pipe("kg_entity_typer"))
    reports = []
    for split, gold in golds.items():
        report = SplitReport(split)
        for article_id, record in sorted(gold.items()):
            if article_id not in results:
                report.missing_articles.append(article_id)
                continue
            score_article(report, keys, record, results[article_id])
        score_corroboration(report, keys, gold, results)
        reports.append(report)
    return reports


def _row(name: str, score: Score) -> str:
    return (f"  {name:<22}{score.precision:>6.2f}{score.recall:>6.2f}{score.f1:>6.2f}"
            f"{score.tp + score.fn:>6}{score.tp + score.fp:>6}")


def render_reports(reports: list[SplitReport], *, show_errors: bool = False) -> str:
    """The tables printed by ``kg-extract eval``."""
    lines: list[str] = []
    header = f"  {'':<22}{'P':>6}{'R':>6}{'F1':>6}{'gold':>6}{'pred':>6}"
    for report in reports:
        lines.append(f"== {report.split}: {report.articles} articles ==")
        if report.missing_articles:
            lines.append(f"  not read: {', '.join(report.missing_articles)}")
        lines.append("entities" + header[8:])
        for type_ in ENTITY_TYPES:
            lines.append(_row(type_, report.entities[type_]))
        lines.append(_row("all entities", report.total(report.entities)))
        lines.append("facts" + header[5:])
        for relation in RELATIONS:
            lines.append(_row(relation, report.facts[relation]))
        lines.append(_row("all facts", report.total(report.facts)))
        lines.append(f"modality accuracy: {report.modality_accuracy:.2f} on {report.modality_total} matched facts")
        lines.append(f"speculative or negated facts written as asserted/reported: {report.hedged_as_fact}")
        if report.stream_articles:
            lines.append(f"stream fields, on {report.stream_articles} annotated articles")
            lines.append(header)
            for name in STREAM_FIELDS:
                lines.append(_row(name, report.stream[name]))
            lines.append(_row("statements, 2+ outlets", report.corroborated))
            lines.append("figures" + header[7:])
            for kind in FIGURE_KINDS:
                lines.append(_row(kind, report.figures[kind]))
            lines.append(_row("all figures", report.total(report.figures)))
        if show_errors:
            lines.extend(f"  - {e}" for e in report.errors)
        lines.append("")
    return "\n".join(lines)


def reports_json(reports: list[SplitReport]) -> str:
    """The scores as JSON."""
    out = {}
    for r in reports:
        out[r.split] = {
            "articles": r.articles,
            "entities": {k: r.entities[k].as_dict() for k in ENTITY_TYPES} | {"all": r.total(r.entities).as_dict()},
            "facts": {k: r.facts[k].as_dict() for k in RELATIONS} | {"all": r.total(r.facts).as_dict()},
            "modality_accuracy": round(r.modality_accuracy, 4),
            "modality_matched": r.modality_total,
            "hedged_as_fact": r.hedged_as_fact,
            "stream_articles": r.stream_articles,
            "stream": {k: r.stream[k].as_dict() for k in STREAM_FIELDS} | {"corroborated": r.corroborated.as_dict()},
            "figures": {k: r.figures[k].as_dict() for k in FIGURE_KINDS} | {"all": r.total(r.figures).as_dict()},
        }
    return json.dumps(out, indent=2)
