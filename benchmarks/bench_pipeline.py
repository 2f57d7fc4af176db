"""Our pipeline vs bare spaCy on the same texts, measured in one run.

    python benchmarks/bench_pipeline.py [--corpus corpus] [--model fr_core_news_md] [--rounds 3]

Prints articles/s and words/s for the bare model's ``nlp.pipe`` and for kg-extract's whole path
(our components, facts, RDF graph and serialisation), and the ratio of their times.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from extractor import prepare, read_articles
from extractor.facts import doc_result
from extractor.pipeline import bare_model, build_pipeline
from extractor.graph import PREFIXES, quads
from extractor.store import write_quads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="corpus")
    parser.add_argument("--model", default="fr_core_news_md")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    articles = list(read_articles(args.corpus))
    prepared = [prepare(a) for a in articles]
    texts = [p.text for p in prepared]
    words = sum(len(t.split()) for t in texts)
    bare, ours = bare_model(args.model), build_pipeline(args.model)
    out = tempfile.TemporaryDirectory()

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=args.batch_size):
            pass

    def run_ours() -> None:
        docs = ours.pipe(texts, batch_size=args.batch_size)
        results = [doc_result(doc, a, p) for doc, a, p in zip(docs, articles, prepared)]
        write_quads(quads(results), Path(out.name) / "kg.ttl", PREFIXES)  # as `kg-extract` writes it

    run_bare(), run_ours()  # warm-up: caches, lazy imports
    timings = {"bare spaCy": [], "kg-extract": []}
    for _ in range(args.rounds):  # interleaved, so drift hits both alike
        for name, fn in (("bare spaCy", run_bare), ("kg-extract", run_ours)):
            start = time.perf_counter()
            fn()
            timings[name].append(time.perf_counter() - start)
    print(f"{len(texts)} articles, {words} words, model {args.model}, best of {args.rounds} rounds")
    best = {name: min(values) for name, values in timings.items()}
    for name, seconds in best.items():
        print(f"{name:<12}{len(texts) / seconds:>8.1f} articles/s{words / seconds:>10.0f} words/s")
    print(f"ratio kg-extract / bare spaCy (time): {best['kg-extract'] / best['bare spaCy']:.3f}")


if __name__ == "__main__":
    main()
