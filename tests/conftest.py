"""Shared fixtures: the pipeline is built once per session, the corpus extracted once."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import build_graph, build_pipeline, extract, read_articles
from extractor.corpus import Article, _paragraph_blocks

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def nlp():
    """The full extraction pipeline on fr_core_news_md (loaded once)."""
    return build_pipeline("fr_core_news_md")


@pytest.fixture(scope="session")
def corpus_results(nlp):
    """Results of the whole shipped corpus."""
    return list(extract(nlp, read_articles(CORPUS)))


@pytest.fixture(scope="session")
def corpus_graph(corpus_results):
    """The RDF dataset of the whole shipped corpus."""
    return build_graph(corpus_results)


def make_article(text: str, article_id: str = "t") -> Article:
    """An in-memory article from plain text."""
    return Article(article_id, text, tuple(_paragraph_blocks(text, 0, len(text))), f"{article_id}.txt")


@pytest.fixture(scope="session")
def run_text(nlp):
    """Extract one text; returns its ArticleResult."""
    def run(text: str):
        return next(extract(nlp, [make_article(text)], check_language=False))
    return run
