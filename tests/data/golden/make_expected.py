"""Regenerate expected.ttl after a deliberate change: python tests/data/golden/make_expected.py

Read the diff (git diff tests/data/golden/expected.ttl) before committing: the golden graph is
the contract of what one small article produces.
"""

from pathlib import Path

from extractor import build_graph, build_pipeline, extract, read_articles
from extractor.store import union_graph

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    results = list(extract(build_pipeline(), read_articles(HERE / "article.md")))
    union_graph(build_graph(results)).serialize(HERE / "expected.ttl", format="turtle")
