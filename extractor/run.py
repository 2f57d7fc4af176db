"""One extraction run over a corpus folder: read, extract, build and write the graph, summarise."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from .corpus import Article, Problem, read_articles
from .errors import InputError
from .facts import ArticleResult, Entity, extract, merge_entities
from .graph import PREFIXES, quads
from .pipeline import build_pipeline
from .store import format_of, write_quads
from .stream import statements


@dataclass
class RunSummary:
    """What a run read, skipped, found and wrote."""

    articles: int = 0
    problems: list[Problem] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: Counter = field(default_factory=Counter)  # (relation, modality) → count
    attributed: int = 0  # facts credited to a source other than the publishing outlet
    dated: int = 0  # facts with an event time
    figures: Counter = field(default_factory=Counter)  # kind → count
    statements: int = 0
    corroborated: int = 0  # statements carried by at least two outlets
    superseded: int = 0
    triples: int = 0
    output: Path | None = None
    seconds: float = 0.0

    @property
    def skipped(self) -> list[Problem]:
        """Files or lines that were not processed."""
        return [p for p in self.problems if p.severity != "warning"]

    def render(self) -> str:
        """The summary printed by ``kg-extract``."""
        lines = [f"articles read: {self.articles}, skipped: {len(self.skipped)}"]
        for problem in self.problems:
            tag = "warning" if problem.severity == "warning" else "skipped"
            lines.append(f"  {tag}: {problem}")
        types = Counter(e.type for e in self.entities.values())
        lines.append(f"entities: {sum(types.values())} (" + ", ".join(
            f"{t} {types[t]}" for t in ("Company", "Product", "Region", "Person", "Outlet", "Organization") if types[t]) + ")")
        total = sum(self.facts.values())
        lines.append(f"facts: {total} (attributed {self.attributed}, with an event time {self.dated})")
        relations = sorted({r for r, _ in self.facts})
        for relation in relations:
            per = {m: self.facts[(relation, m)] for m in ("Asserted", "Reported", "Speculative", "Negated")}
            detail = ", ".join(f"{m.lower()} {n}" for m, n in per.items() if n)
            lines.append(f"  {relation:<21}{sum(per.values()):>4}  ({detail})")
        lines.append(f"figures: {sum(self.figures.values())}" + (" (" + ", ".join(
            f"{k} {n}" for k, n in sorted(self.figures.items())) + ")" if self.figures else ""))
        lines.append(f"statements: {self.statements} (in 2+ outlets {self.corroborated}, superseded {self.superseded})")
        if self.output is not None:
            lines.append(f"graph: {self.output} ({self.triples} triples)")
        lines.append(f"elapsed: {self.seconds:.1f} s")
        return "\n".join(lines) + "\n"


def extract_corpus(
    corpus: str | Path,
    output: str | Path | None = "kg.ttl",
    *,
    model: str = "fr_core_news_md",
    nlp: Language | None = None,
    batch_size: int = 16,
    on_problem: Callable[[Problem], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[RunSummary, list[ArticleResult]]:
    """Extract a corpus folder into a graph file (written atomically) and summarise the run.

    ``progress(done, total)`` is called once before the first article and after each one.
    """
    started = time.perf_counter()
    if output is not None:
        format_of(output)  # an unknown suffix fails before any work
    summary = RunSummary()

    def problem(p: Problem) -> None:
        summary.problems.append(p)
        if on_problem is not None:
            on_problem(p)

    articles: list[Article] = list(read_articles(corpus, on_problem=problem))
    if not articles:
        raise InputError(f"{corpus}: no readable article (.txt, .md, .html, .jsonl)")
    nlp = nlp or build_pipeline(model)
    results: list[ArticleResult] = []
    if progress is not None:
        progress(0, len(articles))
    for done, result in enumerate(extract(nlp, articles, batch_size=batch_size, on_problem=problem), 1):
        results.append(result)
        if progress is not None:
            progress(done, len(articles))
    summary.articles = len(results)
    summary.entities = merge_entities(results)
    summary.facts = Counter((f.relation, f.modality) for r in results for f in r.facts)
    summary.attributed = sum(f.attribution is not None for r in results for f in r.facts)
    summary.dated = sum(f.when is not None for r in results for f in r.facts)
    summary.figures = Counter(g.kind for r in results for g in r.figures)
    stmts = statements(results)
    summary.statements = len(stmts)
    summary.corroborated = sum(len(s.outlets) >= 2 for s in stmts)
    summary.superseded = sum(s.superseded for s in stmts)
    if output is not None:
        # straight to the file through Oxigraph: an rdflib Dataset is not needed to write
        summary.triples = write_quads(quads(results, summary.entities), output, PREFIXES)
        summary.output = Path(output)
    summary.seconds = time.perf_counter() - started
    return summary, results
