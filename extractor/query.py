"""SPARQL over a graph file, with Oxigraph (default) or rdflib, and result formatting."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import QueryError
from .graph import bind_prefixes
from .resources import query_dir
from .store import load_oxigraph, load_rdflib

ENGINES = ("oxigraph", "rdflib")
FORMATS = ("table", "csv", "tsv", "json")


@dataclass
class QueryResult:
    """Rows of a SELECT, the answer of an ASK, or the graph of a CONSTRUCT/DESCRIBE."""

    kind: str  # "select", "ask", "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


def shipped_queries() -> dict[str, Path]:
    """The named queries shipped in ``ontologies/queries`` (name → file)."""
    return {p.stem: p for p in sorted(query_dir().glob("*.rq"))}


def resolve_query(text_or_name: str) -> str:
    """A query given as SPARQL text, a ``.rq`` file, or the name of a shipped query."""
    shipped = shipped_queries()
    if text_or_name in shipped:
        return shipped[text_or_name].read_text(encoding="utf-8")
    if text_or_name.endswith(".rq"):
        path = Path(text_or_name)
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return path.read_text(encoding="utf-8")
    if not any(word in text_or_name.upper() for word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE")):
        names = ", ".join(shipped) or "none"
        raise QueryError(f"{text_or_name!r} is neither SPARQL, a .rq file nor a shipped query ({names})")
    return text_or_name


def _refuse_updates(sparql: str) -> None:
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parseQuery(sparql)
        return
    except Exception as query_error:  # not a query: is it an update?
        try:
            parseUpdate(sparql)
        except Exception:
            raise QueryError(f"SPARQL syntax error: {query_error}") from None
    raise QueryError("SPARQL UPDATE refused: kg-extract query is read-only (the graph is untouched)")


def run_query(graph_file: str | Path, sparql: str, *, engine: str = "oxigraph") -> QueryResult:
    """Run a read-only SPARQL query over a graph file (its default graph is the union)."""
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r} (use {' or '.join(ENGINES)})")
    _refuse_updates(sparql)
    if engine == "rdflib":
        return _rdflib_query(load_rdflib(graph_file), sparql)
    return oxigraph_query(load_oxigraph(graph_file), sparql)


def run_store_query(directory: str | Path, sparql: str) -> QueryResult:
    """Run a read-only query on a persistent Oxigraph store written by ``kg-extract --store``."""
    import pyoxigraph

    _refuse_updates(sparql)
    if not (Path(directory).is_dir() and any(Path(directory).iterdir())):
        raise QueryError(f"{directory}: no Oxigraph store there")
    try:
        store = pyoxigraph.Store.read_only(str(directory))
    except OSError as exc:
        raise QueryError(f"{directory}: cannot open the Oxigraph store ({exc})") from exc
    return oxigraph_query(store, sparql)


def run_endpoint_query(endpoint: str, sparql: str) -> QueryResult:
    """Run a read-only query on a SPARQL 1.1 endpoint (SPARQL protocol, POST)."""
    from .sinks import endpoint_query

    _refuse_updates(sparql)
    body, content_type = endpoint_query(endpoint, sparql)
    if "json" not in content_type:
        graph = bind_prefixes(Graph())
        graph.parse(data=body.decode("utf-8"), format="turtle" if "turtle" in content_type else "xml")
        return QueryResult("graph", graph=graph)
    data = json.loads(body)
    if "boolean" in data:
        return QueryResult("ask", boolean=bool(data["boolean"]))
    variables = data["head"]["vars"]
    rows = [tuple(_json_term(b.get(v)) for v in variables) for b in data["results"]["bindings"]]
    return QueryResult("select", variables, rows)


def _json_term(value: dict | None) -> Node | None:
    """A term of SPARQL 1.1 Query Results JSON as an rdflib term."""
    if value is None:
        return None
    if value["type"] == "uri":
        return URIRef(value["value"])
    if value["type"] == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


def _rdflib_query(dataset, sparql: str) -> QueryResult:
    try:
        result = dataset.query(sparql)
    except Exception as exc:
        raise QueryError(f"query failed: {exc}") from exc
    if result.type == "ASK":
        return QueryResult("ask", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = bind_prefixes(Graph())
        for triple in result.graph:
            graph.add(triple)
        return QueryResult("graph", graph=graph)
    variables = [str(v) for v in result.vars]
    return QueryResult("select", variables, [tuple(row) for row in result])


def oxigraph_query(store, sparql: str) -> QueryResult:
    """Run a query on a pyoxigraph Store and convert terms to rdflib's."""
    import pyoxigraph

    try:
        result = store.query(sparql, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from exc
    if isinstance(result, pyoxigraph.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, pyoxigraph.QueryTriples):
        graph = bind_prefixes(Graph())
        for triple in result:
            graph.add((_term(triple.subject), _term(triple.predicate), _term(triple.object)))
        return QueryResult("graph", graph=graph)
    variables = [v.value for v in result.variables]
    rows = [tuple(_term(solution[v]) for v in variables) for solution in result]
    return QueryResult("select", variables, rows)


def _term(term) -> Node | None:
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"unsupported term in result: {term!r}")


# ---------------------------------------------------------------------- formatting


def _plain(term: Node | None, prefixes: dict[str, str] | None = None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef) and prefixes:
        for prefix, ns in prefixes.items():
            if str(term).startswith(ns) and prefix:
                return f"{prefix}:{str(term)[len(ns):]}"
    return str(term)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result: a table, CSV, TSV or SPARQL 1.1 Query Results JSON; graphs as Turtle."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if result.kind == "graph":
        return result.graph.serialize(format="turtle")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        return json.dumps(_results_json(result), ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_plain(t) for t in row])
        return out.getvalue()
    prefixes = {p: str(ns) for p, ns in bind_prefixes(Graph()).namespaces() if p in ("kg", "kgid", "schema")}
    prefixes = {"entity": prefixes["kgid"] + "entity/", "article": prefixes["kgid"] + "article/", **prefixes}
    cells = [[_plain(t, prefixes) for t in row] for row in result.rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def _results_json(result: QueryResult) -> dict:
    bindings = []
    for row in result.rows:
        binding = {}
        for var, term in zip(result.variables, row):
            if term is None:
                continue
            if isinstance(term, URIRef):
                binding[var] = {"type": "uri", "value": str(term)}
            elif isinstance(term, BNode):
                binding[var] = {"type": "bnode", "value": str(term)}
            else:
                value: dict = {"type": "literal", "value": str(term)}
                if term.language:
                    value["xml:lang"] = term.language
                elif term.datatype:
                    value["datatype"] = str(term.datatype)
                binding[var] = value
        bindings.append(binding)
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
