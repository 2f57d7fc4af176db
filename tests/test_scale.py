"""Scale: incremental runs, resuming, worker processes, the Oxigraph store and a real SPARQL endpoint."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from extractor import run as run_module
from extractor.errors import ModelError
from extractor.query import resolve_query, run_endpoint_query, run_store_query
from extractor.run import extract_corpus
from extractor.sinks import EndpointError, EndpointSink
from extractor.store import load_rdflib, union_graph

from .conftest import CORPUS

ARTICLES = ["dev/a01-apple-alibaba-chine-depeche.txt", "dev/a02-apple-alibaba-analyse.md",
            "dev/b06-google-rachat-wiz.html", "dev/c05-amazon-anthropic-cohere-poolside-levees.txt"]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    for rel in ARTICLES:
        target = folder / Path(rel).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / rel, target)
    return folder


@pytest.fixture()
def no_model(monkeypatch):
    """Make any attempt to load the model fail: what runs after it extracts nothing."""
    def refuse(*args, **kwargs):
        raise ModelError("the model was loaded")

    monkeypatch.setattr(run_module, "build_pipeline", refuse)


def _graph(path: Path) -> Graph:
    return union_graph(load_rdflib(path))


def _edit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip() + "\n\nOrange a signé un partenariat avec Mistral AI.\n", encoding="utf-8")


def test_rerun_on_an_unchanged_corpus_extracts_nothing(nlp, corpus, tmp_path, monkeypatch):
    out = tmp_path / "kg.trig"
    first = extract_corpus(corpus, out, nlp=nlp)
    assert (first.added, first.changed, first.removed, first.extracted) == (4, 0, 0, 4)
    before = _graph(out)

    def refuse(*args, **kwargs):
        raise ModelError("the model was loaded")

    monkeypatch.setattr(run_module, "build_pipeline", refuse)
    again = extract_corpus(corpus, out)  # no nlp given: loading the model would fail
    assert (again.added, again.changed, again.removed, again.extracted) == (0, 0, 0, 0)
    assert (again.facts_added, again.facts_removed) == (0, 0)
    assert again.articles == 4
    assert isomorphic(before, _graph(out))


def test_an_edited_added_or_deleted_article_changes_only_its_own_graph(nlp, corpus, tmp_path):
    out = tmp_path / "kg.trig"
    extract_corpus(corpus, out, nlp=nlp)
    _edit(corpus / "a02-apple-alibaba-analyse.md")
    (corpus / "a01-apple-alibaba-chine-depeche.txt").unlink()
    shutil.copy(CORPUS / "dev/c02-cybersecurite-palo-alto-cyberark.md", corpus / "c02.md")
    summary = extract_corpus(corpus, out, nlp=nlp)
    assert (summary.added, summary.changed, summary.removed, summary.extracted) == (1, 1, 1, 2)
    assert summary.facts_added > 0 and summary.facts_removed > 0
    # the same graph as a run from scratch on the new corpus
    fresh = tmp_path / "fresh.trig"
    extract_corpus(corpus, fresh, nlp=nlp, state=tmp_path / "fresh.sqlite")
    assert isomorphic(_graph(out), _graph(fresh))
    assert "a01-apple-alibaba-chine-depeche" not in out.read_text(encoding="utf-8")


def test_an_interrupted_run_resumes_where_it_stopped(nlp, corpus, tmp_path):
    out = tmp_path / "kg.ttl"

    def stop_after_two(done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        extract_corpus(corpus, out, nlp=nlp, batch_size=1, progress=stop_after_two)
    assert not out.exists()  # nothing half written
    resumed = extract_corpus(corpus, out, nlp=nlp, batch_size=1)
    assert resumed.extracted == 2 and resumed.articles == 4
    fresh = tmp_path / "fresh.ttl"
    extract_corpus(corpus, fresh, nlp=nlp, state=tmp_path / "fresh.sqlite")
    assert isomorphic(_graph(out), _graph(fresh))


def test_two_worker_processes_give_the_same_graph(nlp, corpus, tmp_path):
    one, two = tmp_path / "one.nq", tmp_path / "two.nq"
    extract_corpus(corpus, one, nlp=nlp)
    summary = extract_corpus(corpus, two, workers=2, batch_size=2)
    assert summary.extracted == 4
    assert isomorphic(_graph(one), _graph(two))


def test_oxigraph_store_is_updated_per_article(nlp, corpus, tmp_path):
    store = tmp_path / "store"
    extract_corpus(corpus, store=store, nlp=nlp)
    count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a <https://schema.org/NewsArticle> } }"
    assert int(run_store_query(store, count).rows[0][0]) == 4
    partners = run_store_query(store, resolve_query("partners"))
    assert partners.rows
    _edit(corpus / "a02-apple-alibaba-analyse.md")
    summary = extract_corpus(corpus, store=store, nlp=nlp)
    assert (summary.changed, summary.extracted) == (1, 1)
    ask = ("ASK { ?f <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?s ; "
           "<http://www.w3.org/ns/prov#wasDerivedFrom> ?a . FILTER(CONTAINS(STR(?a), 'a02')) "
           "?s <http://www.w3.org/2000/01/rdf-schema#label> 'Orange' }")
    assert run_store_query(store, ask).boolean
    assert int(run_store_query(store, count).rows[0][0]) == 4


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def oxigraph_server(tmp_path):
    """A real `oxigraph serve` on 127.0.0.1 (from the oxigraph package)."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        pytest.fail("the oxigraph server is part of the test dependencies (pip install -e '.[test]')")
    port = _free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "oxdata"), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def test_endpoint_full_run_rerun_after_an_edit(nlp, corpus, tmp_path, oxigraph_server):
    query_url, store_url = f"{oxigraph_server}/query", f"{oxigraph_server}/store"
    state = tmp_path / "endpoint.sqlite"
    extract_corpus(corpus, graph_store=store_url, state=state, nlp=nlp)
    local = tmp_path / "local.nq"
    extract_corpus(corpus, local, nlp=nlp, state=tmp_path / "local.sqlite")
    remote = run_endpoint_query(query_url, "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }").graph
    default = run_endpoint_query(query_url, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph
    assert isomorphic(default, _graph(local))
    assert len(remote) < len(default)  # entity descriptions are in the default graph
    assert run_endpoint_query(query_url, resolve_query("partners")).rows == run_store_query(_store_of(local, tmp_path), resolve_query("partners")).rows
    _edit(corpus / "a02-apple-alibaba-analyse.md")
    summary = extract_corpus(corpus, graph_store=store_url, state=state, nlp=nlp)
    assert (summary.changed, summary.extracted) == (1, 1)
    extract_corpus(corpus, local, nlp=nlp, state=tmp_path / "local.sqlite")
    default = run_endpoint_query(query_url, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph
    assert isomorphic(default, _graph(local))


def _store_of(graph_file: Path, tmp_path: Path) -> Path:
    import pyoxigraph

    folder = tmp_path / f"from-{graph_file.stem}"
    store = pyoxigraph.Store(str(folder))
    store.bulk_load(path=str(graph_file), format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    del store
    return folder


def test_endpoint_down_then_up_loses_nothing(nlp, corpus, tmp_path, oxigraph_server, monkeypatch):
    state = tmp_path / "endpoint.sqlite"
    down = f"http://127.0.0.1:{_free_port()}/store"
    monkeypatch.setattr(EndpointSink, "RETRIES", 1)
    monkeypatch.setattr(EndpointSink, "BACKOFF", 0.01)
    with pytest.raises(EndpointError, match="unreachable after 2 attempts"):
        extract_corpus(corpus, graph_store=down, state=state, nlp=nlp)
    # the extraction is kept: once the endpoint answers, the rerun only writes
    monkeypatch.setattr(run_module, "build_pipeline", lambda *a, **k: pytest.fail("the model was loaded"))
    summary = extract_corpus(corpus, graph_store=f"{oxigraph_server}/store", state=state)
    assert summary.extracted == 0 and summary.articles == 4
    count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a <https://schema.org/NewsArticle> } }"
    assert int(run_endpoint_query(f"{oxigraph_server}/query", count).rows[0][0]) == 4


class _Failing(http.server.BaseHTTPRequestHandler):
    calls = 0

    def do_PUT(self):  # noqa: N802 (http.server's naming)
        type(self).calls += 1
        self.send_response(503)
        self.end_headers()
        self.wfile.write(b"overloaded")

    do_DELETE = do_POST = do_PUT

    def log_message(self, *args):
        pass


def test_endpoint_answering_errors_is_retried_then_reported(nlp, corpus, tmp_path, monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(EndpointSink, "RETRIES", 2)
    monkeypatch.setattr(EndpointSink, "BACKOFF", 0.01)
    try:
        with pytest.raises(EndpointError, match="HTTP 503"):
            extract_corpus(corpus, graph_store=f"http://127.0.0.1:{server.server_port}/store",
                           state=tmp_path / "s.sqlite", nlp=nlp)
    finally:
        server.shutdown()
    assert _Failing.calls == 3  # the first try and two retries


def test_dask_local_cluster_gives_the_same_graph(nlp, corpus, tmp_path):
    import distributed
    local = tmp_path / "local.nq"
    extract_corpus(corpus, local, nlp=nlp)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        summary = extract_corpus(corpus, tmp_path / "cluster.nq", scheduler=cluster.scheduler_address, batch_size=2)
    assert summary.extracted == 4
    assert isomorphic(_graph(local), _graph(tmp_path / "cluster.nq"))


def test_a_jsonl_feed_is_read_line_by_line(tmp_path, monkeypatch):
    from extractor.corpus import read_articles

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(f'{{"id": "n{k}", "text": "Apple investit dans Mistral AI. Dépêche {k}."}}\n' for k in range(300))
                    + "{broken\n", encoding="utf-8")

    def whole_file(self):
        raise AssertionError(f"{self} read whole")

    monkeypatch.setattr(Path, "read_bytes", whole_file)
    monkeypatch.setattr(Path, "read_text", whole_file)
    problems = []
    articles = read_articles(feed, on_problem=problems.append)
    assert next(articles).id == "n0"  # the first article comes before the file is read to its end
    assert sum(1 for _ in articles) == 299
    assert [(p.line, p.reason.split(" (")[0]) for p in problems] == [(301, "malformed JSON")]


def test_cli_store_and_query(corpus, tmp_path):
    from click.testing import CliRunner

    from extractor.cli import cli

    runner = CliRunner()
    store = tmp_path / "store"
    first = runner.invoke(cli, [str(corpus), "--store", str(store)])
    assert first.exit_code == 0, first.output
    assert "changes: 4 added, 0 changed, 0 removed, 0 unchanged" in first.stdout
    again = runner.invoke(cli, [str(corpus), "--store", str(store)])
    assert "changes: 0 added, 0 changed, 0 removed, 4 unchanged; facts +0 -0" in again.stdout
    result = runner.invoke(cli, ["query", "--store", str(store), "partners", "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.startswith("company,partner,modality,articles")
    wrong = runner.invoke(cli, ["query", "--store", str(store)])
    assert wrong.exit_code == 2
    missing = runner.invoke(cli, ["query", "--store", str(tmp_path / "nothing"), "partners"])
    assert missing.exit_code == 4 and "no Oxigraph store there" in missing.output


def test_state_pending_tells_graphs_to_write_from_graphs_to_delete(tmp_path):
    from extractor.corpus import Article
    from extractor.facts import ArticleResult
    from extractor.state import State

    def article(i: str) -> Article:
        return Article(i, f"Texte {i}.", (), f"{i}.txt")

    state = State(tmp_path / "state.sqlite")
    state.put([ArticleResult(article("kept"), {}, []), ArticleResult(article("gone"), {}, [])], "fp")
    state.skip(article("english"), "fp", "not French (looks English), skipped")
    state.remove(["gone"])
    assert state.pending() == (["kept"], ["english", "gone"])
    state.synced(["kept"], ["english", "gone"])
    assert state.pending() == ([], [])
    state.close()
