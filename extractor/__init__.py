"""kg-extract: French tech news to a knowledge graph with evidence and modality.

The stages, each a plain function:

>>> from extractor import read_articles, build_pipeline, extract, build_graph, write_graph, run_query
>>> nlp = build_pipeline("fr_core_news_md")
>>> results = list(extract(nlp, read_articles("corpus/")))
>>> write_graph(build_graph(results), "kg.ttl")
>>> run_query("kg.ttl", resolve_query("partners"))
"""

from .corpus import Article, Problem, prepare, read_articles
from .errors import InputError, KgError, ModelError, QueryError
from .evaluate import evaluate_corpus
from .facts import ArticleResult, Entity, Evidence, Fact, extract, merge_entities
from .graph import build_graph
from .pipeline import build_pipeline
from .query import format_result, resolve_query, run_query, shipped_queries
from .run import extract_corpus
from .store import load_oxigraph, load_rdflib, write_graph

__all__ = [
    "Article", "ArticleResult", "Entity", "Evidence", "Fact", "InputError", "KgError", "ModelError",
    "Problem", "QueryError", "build_graph", "build_pipeline", "evaluate_corpus", "extract", "extract_corpus",
    "format_result", "load_oxigraph", "load_rdflib", "merge_entities", "prepare", "read_articles",
    "resolve_query", "run_query", "shipped_queries", "write_graph",
]
