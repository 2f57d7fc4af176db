"""Graph files: formats by suffix, atomic writes, loading into rdflib or Oxigraph."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .errors import InputError, QueryError

# suffix → (rdflib format, pyoxigraph format name, holds named graphs)
FORMATS: dict[str, tuple[str, str, bool]] = {
    ".ttl": ("turtle", "TURTLE", False),
    ".trig": ("trig", "TRIG", True),
    ".nt": ("nt", "N_TRIPLES", False),
    ".nq": ("nquads", "N_QUADS", True),
    ".jsonld": ("json-ld", "JSON_LD", True),
}


def format_of(path: str | Path) -> tuple[str, str, bool]:
    """The formats for a file name, by suffix; an unknown suffix is an error."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"{path}: unknown graph format {suffix!r} (use one of {', '.join(FORMATS)})")
    return FORMATS[suffix]


def union_graph(dataset: Dataset) -> Graph:
    """All triples of a dataset in one graph, with its prefixes."""
    graph = Graph()
    for prefix, ns in dataset.namespaces():
        graph.bind(prefix, ns, override=True)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def write_graph(dataset: Dataset, path: str | Path) -> Path:
    """Serialise a dataset by suffix to a temporary file, then rename: never a half-written graph."""
    write_quads(dataset.quads((None, None, None, None)), path, dict(dataset.namespaces()))
    return Path(path)


def write_quads(quads: Iterable[tuple], path: str | Path, prefixes: dict[str, str] | None = None) -> int:
    """Write (s, p, o, graph) quads of rdflib terms with Oxigraph, atomically (temporary file, rename).

    Returns the number of statements written: triple formats hold each triple once.
    """
    import pyoxigraph

    path = Path(path)
    _, ox_format, keeps_graphs = format_of(path)
    rdf_format = getattr(pyoxigraph.RdfFormat, ox_format)
    count = [0]
    if keeps_graphs:
        def counted():  # streamed to the serializer: a dataset is never held twice
            for s, p, o, g in quads:
                count[0] += 1
                yield pyoxigraph.Quad(_ox(s), _ox(p), _ox(o), _ox_graph(g))
        items = counted()
    else:
        # a triple format holds each triple once, whatever graph it came from
        items = list(dict.fromkeys(pyoxigraph.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o, _ in quads))
        count[0] = len(items)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            pyoxigraph.serialize(items, out, rdf_format, prefixes={p: str(ns) for p, ns in (prefixes or {}).items() if p})
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a graph is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count[0]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@lru_cache(maxsize=8192)
def _ox(term):  # rdflib term → pyoxigraph term (predicates, classes and entities repeat a lot: cached)
    import pyoxigraph

    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if term.language:
        return pyoxigraph.Literal(str(term), language=term.language)
    if term.datatype:
        return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
    return pyoxigraph.Literal(str(term))


def _ox_graph(name):
    import pyoxigraph

    if name is None or str(name) == str(DATASET_DEFAULT_GRAPH_ID):
        return pyoxigraph.DefaultGraph()
    return _ox(name)


def load_rdflib(path: str | Path) -> Dataset:
    """Parse a graph file into an rdflib Dataset whose default graph is the union."""
    rdflib_format, _, _ = format_of(path)
    dataset = Dataset(default_union=True)
    try:
        dataset.parse(str(path), format=rdflib_format)
    except FileNotFoundError as exc:
        raise QueryError(f"{path}: no such graph file") from exc
    except Exception as exc:  # rdflib raises many parser-specific types
        raise QueryError(f"{path}: cannot parse as {rdflib_format} ({exc.__class__.__name__}: {exc})") from exc
    return dataset


def load_oxigraph(path: str | Path):  # -> pyoxigraph.Store
    """Load a graph file into an in-memory Oxigraph store."""
    import pyoxigraph

    _, ox_format, _ = format_of(path)
    store = pyoxigraph.Store()
    try:
        store.bulk_load(path=str(path), format=getattr(pyoxigraph.RdfFormat, ox_format))
    except FileNotFoundError as exc:
        raise QueryError(f"{path}: no such graph file") from exc
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"{path}: cannot parse ({exc})") from exc
    return store
