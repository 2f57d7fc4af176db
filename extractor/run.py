"""One extraction run over a corpus folder: read, extract what changed, update the output, summarise.

Runs are incremental: each article's result is kept in a small state database keyed by the
article's content hash and by a fingerprint of the code, rules and model. A rerun re-extracts
only added or changed articles (and loads the model only if there are any), and replaces or
removes exactly their graphs in the output.
"""

from __future__ import annotations

import hashlib
import time
from sys import intern
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language

from .corpus import Article, Problem, read_articles
from .errors import InputError
from .facts import ArticleResult, Entity, Evidence, Fact, extract, merge_entities
from .graph import PREFIXES, STATEMENTS_GRAPH, article_iri, article_triples, entity_triples, quads, stream_triples
from .pipeline import build_pipeline
from .sinks import EndpointSink, FileSink, OxigraphSink, Quad
from .state import State, default_state_path, fingerprint
from .store import format_of
from .stream import Derived, derive


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
    # the run's diff against the previous one
    added: int = 0
    changed: int = 0
    removed: int = 0
    extracted: int = 0
    facts_added: int = 0
    facts_removed: int = 0
    triples: int = 0
    output: str | None = None
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
        lines.append(f"changes: {self.added} added, {self.changed} changed, {self.removed} removed, "
                     f"{self.articles - self.added - self.changed} unchanged; "
                     f"facts +{self.facts_added} -{self.facts_removed}")
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
    store: str | Path | None = None,
    graph_store: str | None = None,
    state: str | Path | None = None,
    incremental: bool = True,
    model: str = "fr_core_news_md",
    nlp: Language | None = None,
    batch_size: int = 16,
    workers: int = 1,
    scheduler: str | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RunSummary:
    """Extract a corpus folder into a graph file, an Oxigraph store (``store``) or a SPARQL endpoint
    through its Graph Store HTTP Protocol URL (``graph_store``), re-extracting only what changed.

    ``progress(done, total)`` is called with the number of articles to extract.
    """
    started = time.perf_counter()
    if store is None and graph_store is None and output is not None:
        format_of(output)  # an unknown suffix fails before any work
    summary = RunSummary()

    def problem(p: Problem) -> None:
        summary.problems.append(p)
        if on_problem is not None:
            on_problem(p)

    fp = fingerprint(model)
    db = State(state or default_state_path(output, store, graph_store))
    try:
        known = db.known()
        # first pass: ids and hashes only, so that a corpus of any size is never held in memory
        todo: set[str] = set()
        seen: set[str] = set()
        old_facts: dict[str, set[bytes]] = {}
        for article in read_articles(corpus, on_problem=problem):
            seen.add(article.id)
            before = known.get(article.id)
            if incremental and before is not None and before.hash == article.content_hash and before.fingerprint == fp:
                continue
            if before is not None and before.hash is not None:
                summary.changed += 1
                old_facts[article.id] = _fact_ids(db.result(article.id))
            else:
                summary.added += 1
            todo.add(article.id)
        if not seen:
            raise InputError(f"{corpus}: no readable article (.txt, .md, .html, .jsonl)")
        for skipped in db.skipped(seen - todo):  # articles skipped before (not French…): said again
            problem(skipped)
        gone = [i for i, k in known.items() if k.hash is not None and i not in seen]
        for article_id in gone:
            old_facts[article_id] = _fact_ids(db.result(article_id))
        summary.removed = len(gone)

        new_facts: set[bytes] = set()
        if todo:
            # second pass: only the articles to extract, streamed
            wanted = (a for a in read_articles(corpus) if a.id in todo)
            new_facts = _extract_into(db, fp, wanted, len(todo), summary, nlp=nlp, model=model,
                                      batch_size=batch_size, workers=workers, scheduler=scheduler,
                                      on_problem=problem, progress=progress)
        db.remove(gone)
        old = set().union(*old_facts.values()) if old_facts else set()
        summary.facts_added = len(new_facts - old)
        summary.facts_removed = len(old - new_facts)

        # one pass over the stored results: counts, entities, and facts without their text for the
        # statements; the graph is then written from a second pass (memory does not grow with text)
        derived = _count(summary, db.results())
        summary.triples, summary.output = _write(db, derived, summary.entities, output, store, graph_store)
    finally:
        db.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _extract_into(db: State, fp: str, articles: Iterator[Article], total: int, summary: RunSummary, *,
                  nlp: Language | None, model: str, batch_size: int, workers: int, scheduler: str | None,
                  on_problem: Callable[[Problem], None], progress: Callable[[int, int], None] | None) -> set[bytes]:
    """Extract articles into the state, committing as it goes; returns what identifies their facts."""
    if progress is not None:
        progress(0, total)
    skipped: dict[tuple[str, int | None], Problem] = {}

    def note(p: Problem) -> None:
        skipped[(p.path, p.line)] = p
        on_problem(p)

    pending: dict[str, Article] = {}

    def tracked() -> Iterator[Article]:
        for article in articles:
            pending[article.id] = article
            yield article

    new_facts: set[bytes] = set()
    batch: list[ArticleResult] = []
    done = 0
    for result in _extract(tracked(), nlp=nlp, model=model, batch_size=batch_size, workers=workers,
                           scheduler=scheduler, on_problem=note):
        # articles before this one that gave no result were skipped (not French, no text)
        for article_id in list(pending):
            if article_id == result.article.id:
                break
            _skip(db, fp, pending.pop(article_id), skipped)
        pending.pop(result.article.id, None)
        batch.append(result)
        new_facts |= _fact_ids(result)
        done += 1
        if len(batch) >= batch_size:
            db.put(batch, fp)  # committed: an interrupted run keeps it
            batch.clear()
        if progress is not None:
            progress(done + summary.extracted, total)
    db.put(batch, fp)
    for article in list(pending.values()):
        _skip(db, fp, article, skipped)
    summary.extracted = done
    return new_facts


def _skip(db: State, fp: str, article: Article, problems: dict[tuple[str, int | None], Problem]) -> None:
    found = problems.get((article.path, article.line))
    db.skip(article, fp, found.reason if found is not None else "no result")


def _fact_ids(result: ArticleResult | None) -> set[bytes]:
    """What identifies a fact for the run's diff: text moving in its article does not change it.

    (A short digest: a large run holds one per fact.)
    """
    if result is None:
        return set()
    return {hashlib.blake2b(repr((result.article.id, *f.key, f.modality, " ".join(f.evidence.sentence.split())))
                            .encode("utf-8"), digest_size=8).digest() for f in result.facts}


def _extract(articles: list[Article], *, nlp: Language | None, model: str, batch_size: int, workers: int,
             scheduler: str | None, on_problem: Callable[[Problem], None]) -> Iterator[ArticleResult]:
    """Results of the articles, in order: in this process, in worker processes, or on a Dask cluster."""
    if scheduler is not None:
        from .parallel import extract_on_cluster

        yield from extract_on_cluster(articles, model=model, scheduler=scheduler, batch_size=batch_size, on_problem=on_problem)
    elif workers > 1:
        from .parallel import extract_parallel

        yield from extract_parallel(articles, model=model, workers=workers, batch_size=batch_size,
                                    on_problem=on_problem, nlp=nlp)
    else:
        # the model is loaded only now: a run with nothing to extract never loads it
        yield from extract(nlp or build_pipeline(model), articles, batch_size=batch_size, on_problem=on_problem)


def _count(summary: RunSummary, results: Iterable[ArticleResult]) -> Derived:
    """Fill the summary from a stream of results; returns what holds across them (derived from
    their facts without evidence text, so that memory does not grow with the text)."""
    light: list[ArticleResult] = []
    for result in results:
        summary.articles += 1
        merge_entities([result], into=summary.entities)
        for f in result.facts:
            summary.facts[(f.relation, f.modality)] += 1
            summary.attributed += f.attribution is not None
            summary.dated += f.when is not None
        summary.figures.update(g.kind for g in result.figures)
        a = result.article
        # what the statements need of an article: id, date and outlet (not its title or path)
        article = Article(a.id, "", (), "", date=a.date, source=a.source and intern(a.source), digest=a.digest)
        light.append(ArticleResult(article, {}, [_without_text(f) for f in result.facts]))
    derived = derive(light)
    summary.statements = len(derived.statements)
    summary.corroborated = sum(len(s.outlets) >= 2 for s in derived.statements)
    summary.superseded = sum(s.superseded for s in derived.statements)
    return derived


def _without_text(fact: Fact) -> Fact:
    """A fact without its sentence, its names shared: a large run holds one per fact."""
    ev = fact.evidence
    return replace(fact, relation=intern(fact.relation), subject=intern(fact.subject),
                   object=fact.object and intern(fact.object), modality=intern(fact.modality),
                   region=fact.region and intern(fact.region),
                   evidence=Evidence(intern(ev.article_id), "", ev.start, ev.end, intern(ev.rule), ""))


def _shared_quads(derived: Derived, entities: dict[str, Entity]) -> list[Quad]:
    """What depends on all articles together: entity descriptions and statements."""
    out: list[Quad] = [(*t, None) for e in sorted(entities.values(), key=lambda e: e.id) for t in entity_triples(e)]
    out += [(*t, STATEMENTS_GRAPH) for t in stream_triples(derived)]
    return out


def _write(db: State, derived: Derived, entities: dict[str, Entity], output: str | Path | None,
           store: str | Path | None, graph_store: str | None) -> tuple[int, str | None]:
    """Bring the output up to date; returns (statements written, where)."""
    pending, deleted = db.pending()
    if store is None and graph_store is None:
        if output is None:
            return 0, None
        path = Path(output)
        last = db.get_meta("file")
        if not pending and not deleted and last is not None and _file_mark(path) == last.rsplit(" ", 1)[0]:
            return int(last.rsplit(" ", 1)[1]), str(output)  # nothing changed, the file is as written
        written = FileSink(output, PREFIXES).write_all(quads(db.results(), entities, derived))
        db.synced(pending, deleted)
        db.set_meta("file", f"{_file_mark(path)} {written}")
        return written, str(output)
    where = str(store if store is not None else graph_store)
    if not pending and not deleted and db.get_meta(where) is not None:
        return int(db.get_meta(where) or 0), where  # nothing changed since the last sync
    sink = OxigraphSink(store) if store is not None else EndpointSink(graph_store)
    total = 0
    try:
        sink.replace({}, [article_iri(i) for i in deleted], [])
        db.synced([], deleted)
        # a few articles at a time, each recorded once written: an interruption loses nothing
        for start in range(0, len(pending), SYNC_CHUNK):
            chunk = pending[start : start + SYNC_CHUNK]
            graphs = {article_iri(i): [(*t, article_iri(i)) for t in article_triples(db.result(i))] for i in chunk}
            total += sink.replace(graphs, [], [])
            db.synced(chunk, [])
        total += sink.replace({}, [], _shared_quads(derived, entities))
    finally:
        if isinstance(sink, OxigraphSink):
            sink.close()
    db.set_meta(where, str(total))
    return total, where


def _file_mark(path: Path) -> str:
    """What identifies a written file: its absolute path, size and modification time."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


SYNC_CHUNK = 64  # articles written to a store or an endpoint between two state commits


def graph_store_url(endpoint: str, graph_store: str | None = None) -> str:
    """The Graph Store HTTP Protocol URL of an endpoint: the one given, else Oxigraph's ``/store``."""
    if graph_store:
        return graph_store
    if endpoint.rstrip("/").endswith("/query"):
        return endpoint.rstrip("/")[: -len("/query")] + "/store"
    raise InputError(f"{endpoint}: also give the endpoint's Graph Store URL (--graph-store URL)")
