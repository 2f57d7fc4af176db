"""Where a run's graph goes: a file, a persistent Oxigraph store, or any SPARQL 1.1 endpoint.

Each sink has ``replace(graphs, deleted, shared)`` (the file sink, rewritten whole, has
``write_all``). Every output receives the same three parts: one named graph per article, the entity
descriptions (default graph) and the statements derived from all articles (their own named
graph). A store or an endpoint is updated per article, so a rerun touches only what changed.
"""

from __future__ import annotations

import base64
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from pathlib import Path

from rdflib import URIRef
from rdflib.term import Node

from .errors import KgError, QueryError
from .store import _ox, write_quads

Quad = tuple[Node, Node, Node, URIRef | None]

#: environment variable holding endpoint credentials: "user:password" (basic) or "Bearer <token>"
AUTH_VARIABLE = "KG_EXTRACT_ENDPOINT_AUTH"


class EndpointError(KgError):
    """A SPARQL endpoint that is down or answers errors (the run can be resumed)."""

    exit_code = 5


class FileSink:
    """A graph file, rewritten whole (temporary file, then rename) on each run."""

    def __init__(self, path: str | Path, prefixes: dict[str, str]):
        self.path = Path(path)
        self.prefixes = prefixes

    def write_all(self, quads: Iterable[Quad]) -> int:
        """Write every quad of the run; returns the number of statements written."""
        return write_quads(quads, self.path, self.prefixes)


def _graph_quads(quads: Iterable[Quad]) -> dict[URIRef | None, list[Quad]]:
    graphs: dict[URIRef | None, list[Quad]] = {}
    for quad in quads:
        graphs.setdefault(quad[3], []).append(quad)
    return graphs


def _nt(quads: Iterable[Quad]) -> str:
    """Triples of quads in N-Triples syntax (for INSERT DATA and Graph Store bodies)."""
    return "".join(f"{_ox(s)} {_ox(p)} {_ox(o)} .\n" for s, p, o, _ in quads)


class OxigraphSink:
    """A persistent Oxigraph store on disk: each article graph is replaced in one update."""

    def __init__(self, directory: str | Path):
        import pyoxigraph

        self.directory = Path(directory)
        try:
            self.store = pyoxigraph.Store(str(self.directory))
        except OSError as exc:
            raise QueryError(f"{self.directory}: cannot open the Oxigraph store ({exc})") from exc

    def replace(self, graphs: dict[URIRef, list[Quad]], deleted: Iterable[URIRef], shared: list[Quad]) -> int:
        """Replace graphs one update at a time: each is atomic, so an interrupted run leaves whole graphs."""
        for name in deleted:
            self.store.update(f"DROP SILENT GRAPH <{name}>")
        for name, quads in graphs.items():
            self.store.update(f"DROP SILENT GRAPH <{name}> ; INSERT DATA {{ GRAPH <{name}> {{ {_nt(quads)} }} }}")
        for name, quads in _graph_quads(shared).items():
            target = "DEFAULT" if name is None else f"GRAPH <{name}>"
            body = _nt(quads) if name is None else f"GRAPH <{name}> {{ {_nt(quads)} }}"
            self.store.update(f"DROP SILENT {target} ; INSERT DATA {{ {body} }}")
        self.store.flush()
        return sum(len(q) for q in graphs.values()) + len(shared)

    def close(self) -> None:
        """Release the store (its files stay)."""
        del self.store


class EndpointSink:
    """Any SPARQL 1.1 endpoint: graphs written with the Graph Store HTTP Protocol (PUT replaces a graph)."""
    RETRIES = 4  # after the first try, with a pause of BACKOFF seconds doubling each time
    BACKOFF = 0.5

    def __init__(self, graph_store: str, *, retries: int | None = None, backoff: float | None = None, timeout: float = 60.0):
        self.url = graph_store
        self.retries = self.RETRIES if retries is None else retries
        self.backoff = self.BACKOFF if backoff is None else backoff
        self.timeout = timeout

    def replace(self, graphs: dict[URIRef, list[Quad]], deleted: Iterable[URIRef], shared: list[Quad]) -> int:
        """PUT each article graph, DELETE the removed ones, PUT the default and statements graphs."""
        written = 0
        for name in deleted:
            self._send("DELETE", name, None, missing_ok=True)
        for name, quads in graphs.items():
            self._send("PUT", name, _nt(quads))
            written += len(quads)
        for name, quads in _graph_quads(shared).items():
            self._send("PUT", name, _nt(quads))
            written += len(quads)
        return written

    def _send(self, method: str, graph: URIRef | None, body: str | None, *, missing_ok: bool = False) -> None:
        """One Graph Store request on a named graph (``graph``) or the default graph (None)."""
        query = "default" if graph is None else "graph=" + urllib.parse.quote(str(graph), safe="")
        url = f"{self.url}{'&' if '?' in self.url else '?'}{query}"
        data = body.encode("utf-8") if body is not None else None
        headers = {"Content-Type": "application/n-triples"} if body is not None else {}
        headers.update(auth_header())
        response = _with_retries(lambda: urllib.request.urlopen(
            urllib.request.Request(url, data=data, method=method, headers=headers), timeout=self.timeout),
            self.retries, self.backoff, self.url, missing_ok=missing_ok)
        if response is not None:
            response.close()


def auth_header() -> dict[str, str]:
    """The Authorization header from ``KG_EXTRACT_ENDPOINT_AUTH`` (never from the command line)."""
    value = os.environ.get(AUTH_VARIABLE, "").strip()
    if not value:
        return {}
    if value.lower().startswith("bearer "):
        return {"Authorization": value}
    return {"Authorization": "Basic " + base64.b64encode(value.encode("utf-8")).decode("ascii")}


def _with_retries(call, retries: int, backoff: float, where: str, *, missing_ok: bool = False):
    """Call with exponential backoff on connection errors and 5xx answers; 4xx fails at once."""
    delay = backoff
    for attempt in range(retries + 1):
        try:
            return call()
        except urllib.error.HTTPError as exc:
            if missing_ok and exc.code == 404:
                return None
            if exc.code < 500 or attempt == retries:
                detail = exc.read()[:200].decode("utf-8", "replace").strip()
                raise EndpointError(f"{where}: HTTP {exc.code} {exc.reason}" + (f" ({detail})" if detail else "")) from None
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            if attempt == retries:
                reason = getattr(exc, "reason", exc)
                raise EndpointError(f"{where}: unreachable after {retries + 1} attempts ({reason}); "
                                    "nothing is lost, rerun to resume") from None
        time.sleep(delay)
        delay *= 2
    return None


def endpoint_query(endpoint: str, sparql: str, *, retries: int = 2, backoff: float = 0.5) -> tuple[bytes, str]:
    """POST a query with the SPARQL 1.1 protocol; returns the answer and its content type."""
    headers = {"Content-Type": "application/sparql-query",
               "Accept": "application/sparql-results+json, text/turtle;q=0.9"}
    headers.update(auth_header())
    response = _with_retries(lambda: urllib.request.urlopen(
        urllib.request.Request(endpoint, data=sparql.encode("utf-8"), method="POST", headers=headers), timeout=120),
        retries, backoff, endpoint)
    with response:
        return response.read(), response.headers.get("Content-Type", "")
