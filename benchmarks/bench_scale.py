"""Scale benchmarks, each a ratio measured in one run on generated corpora.

    python benchmarks/bench_scale.py workers  [--articles 600]     2 worker processes vs 1 (articles/s)
    python benchmarks/bench_scale.py rerun    [--articles 1000]    rerun on an unchanged corpus vs first run
    python benchmarks/bench_scale.py sparql   [--triples 1000000]  shipped two-hop queries: Oxigraph vs rdflib
    python benchmarks/bench_scale.py memory   [--small 1000 --large 20000]   peak memory, large vs small corpus

Generated corpora are the shipped articles repeated with a distinct closing line each (so that
every article has its own content hash), written as one JSONL feed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(n: int, folder: Path, *, short: bool = False) -> Path:
    """A JSONL feed of ``n`` articles made from the shipped corpus."""
    from extractor import prepare, read_articles

    base = [prepare(a).text for a in read_articles(ROOT / "corpus")]
    if short:  # briefs: the first two paragraphs
        base = ["\n\n".join(t.split("\n\n")[:2]) for t in base]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "feed.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for k in range(n):
            text = base[k % len(base)] + f"\n\nDépêche n°{k} du fil généré."
            record = {"id": f"gen-{k}", "title": text.split("\n", 1)[0][:120], "text": text,
                      "date": f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}", "source": f"Agence {k % 9}"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def run_cli(*args: str) -> float:
    """Run ``kg-extract`` in a fresh process; returns the wall time."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "extractor.cli", *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench_workers(args: argparse.Namespace) -> None:
    from extractor.pipeline import build_pipeline
    from extractor.run import extract_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = generate(args.articles, Path(tmp) / "corpus").parent
        t = time.perf_counter()
        nlp = build_pipeline()
        load = time.perf_counter() - t
        timings, extraction = {}, {}
        for workers in (1, 2):  # the model is loaded once, here; workers are forked from this process
            t = time.perf_counter()

            def progress(done: int, total: int) -> None:
                if done == total:  # the last article is extracted: what follows is the graph's writing
                    extraction[workers] = time.perf_counter() - t

            extract_corpus(corpus, f"{tmp}/kg{workers}.nq", nlp=nlp, workers=workers, state=f"{tmp}/s{workers}.sqlite",
                           progress=progress)
            timings[workers] = time.perf_counter() - t
    print(f"{args.articles} articles; pipeline built once in {load:.1f} s (not counted)")
    for workers, seconds in timings.items():
        print(f"{workers} worker{'s' if workers > 1 else ' '}: whole run {seconds:7.1f} s  {args.articles / seconds:6.2f} articles/s"
              f"   extraction {extraction[workers]:7.1f} s  {args.articles / extraction[workers]:6.2f} articles/s")
    print(f"speed-up 2 workers / 1: whole run {timings[1] / timings[2]:.2f}x, extraction {extraction[1] / extraction[2]:.2f}x"
          f" (the rest, statements and the graph file, runs in one process)")


def bench_rerun(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = generate(args.articles, Path(tmp) / "corpus").parent
        first = run_cli(str(corpus), "-o", f"{tmp}/kg.nq", "--workers", str(args.workers))
        again = run_cli(str(corpus), "-o", f"{tmp}/kg.nq")
        with (corpus / "feed.jsonl").open("a", encoding="utf-8") as feed:
            feed.write(json.dumps({"id": "gen-extra", "text": "Orange a signé un partenariat avec Mistral AI."}) + "\n")
        one_more = run_cli(str(corpus), "-o", f"{tmp}/kg.nq")
    print(f"{args.articles} articles, whole command")
    print(f"first run            : {first:7.1f} s")
    print(f"rerun, unchanged     : {again:7.1f} s  ({100 * again / first:.1f} % of the first run)")
    print(f"rerun, one added     : {one_more:7.1f} s  ({100 * one_more / first:.1f} % of the first run)")


def bench_sparql(args: argparse.Namespace) -> None:
    import pyoxigraph
    from rdflib import Dataset

    from extractor.query import oxigraph_query, resolve_query

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "kg.nq"
        run_cli(str(ROOT / "corpus"), "-o", str(base), "--state", f"{tmp}/state.sqlite")
        lines = base.read_text(encoding="utf-8").splitlines()
        copies = max(1, -(-args.triples // len(lines)))
        big = Path(tmp) / "big.nq"
        with big.open("w", encoding="utf-8") as out:
            for k in range(copies):  # the corpus graph again and again, with its own instance IRIs
                prefix = f"https://w3id.org/kg-extract/id/c{k}/"
                out.write("\n".join(l.replace("https://w3id.org/kg-extract/id/", prefix) for l in lines) + "\n")
        store = pyoxigraph.Store()
        t = time.perf_counter()
        store.bulk_load(path=str(big), format=pyoxigraph.RdfFormat.N_QUADS)
        ox_load = time.perf_counter() - t
        dataset = Dataset(default_union=True)
        t = time.perf_counter()
        dataset.parse(str(big), format="nquads")
        rd_load = time.perf_counter() - t
        disk = pyoxigraph.Store(f"{tmp}/store")  # the on-disk store that `query --store` reads
        disk.bulk_load(path=str(big), format=pyoxigraph.RdfFormat.N_QUADS)
        disk.optimize()
        del disk
        disk = pyoxigraph.Store.read_only(f"{tmp}/store")
        print(f"{len(store)} quads; load: Oxigraph {ox_load:.1f} s, rdflib {rd_load:.1f} s ({rd_load / ox_load:.0f}x)")
        print(f"each query: the best of {args.repeat} runs per engine (results converted to rdflib terms);")
        print("Oxigraph in memory (query on a file) and on disk (query --store), rdflib in memory")
        for name in args.queries:
            sparql = resolve_query(name)
            ox, rows = _best(args.repeat, lambda: len(oxigraph_query(store, sparql).rows))
            on_disk, _ = _best(args.repeat, lambda: len(oxigraph_query(disk, sparql).rows))
            rd, rd_rows = _best(args.repeat, lambda: len(list(dataset.query(sparql))))
            print(f"{name:<16} rows {rows:>5} / {rd_rows:>5}   Oxigraph {ox:6.3f} s (disk {on_disk:6.3f} s)"
                  f"   rdflib {rd:6.2f} s   ratio {rd / ox:4.0f}x (disk {rd / on_disk:3.0f}x)")


def _best(repeat: int, run) -> tuple[float, int]:
    """The shortest wall time of ``repeat`` calls, and the last call's answer."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        answer = run()
        times.append(time.perf_counter() - t)
    return min(times), answer


def _peak_rss(*args: str) -> tuple[float, float]:
    """Peak resident memory (MiB) and wall time of one ``kg-extract`` process."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run([sys.executable, '-m', 'extractor.cli', *sys.argv[1:]], check=True, stdout=subprocess.DEVNULL); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True).stdout.split()
    return int(out[0]) / 1024, float(out[1])


def bench_memory(args: argparse.Namespace) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (args.small, args.large):
            corpus = generate(n, Path(tmp) / f"c{n}", short=True).parent
            peak, seconds = _peak_rss(str(corpus), "-o", f"{tmp}/kg{n}.nq", "--batch-size", "32")
            rows.append((n, peak, seconds))
            print(f"{n:>6} articles: peak {peak:7.1f} MiB   {seconds:7.1f} s")
    print(f"peak memory large / small: {rows[1][1] / rows[0][1]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="bench", required=True)
    p = sub.add_parser("workers")
    p.add_argument("--articles", type=int, default=600)
    p = sub.add_parser("rerun")
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--workers", type=int, default=2)
    p = sub.add_parser("sparql")
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--queries", nargs="+", default=["partner-network", "partners"])
    p.add_argument("--repeat", type=int, default=3)
    p = sub.add_parser("memory")
    p.add_argument("--small", type=int, default=1000)
    p.add_argument("--large", type=int, default=20000)
    args = parser.parse_args()
    {"workers": bench_workers, "rerun": bench_rerun, "sparql": bench_sparql, "memory": bench_memory}[args.bench](args)


if __name__ == "__main__":
    main()
