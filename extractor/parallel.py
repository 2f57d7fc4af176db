"""Extraction in several processes, or on a Dask cluster: each worker loads the model once."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from multiprocessing import get_context
from typing import Any

from spacy.language import Language

from .corpus import Article, Problem
from .errors import InputError
from .facts import ArticleResult, extract

_PIPELINES: dict[str, Language] = {}  # per worker process: the model is loaded once


def _pipeline(model: str) -> Language:
    if model not in _PIPELINES:
        from .pipeline import build_pipeline

        _PIPELINES[model] = build_pipeline(model)
    return _PIPELINES[model]


def extract_chunk(model: str, articles: list[Article], batch_size: int = 16) -> tuple[list[ArticleResult], list[Problem]]:
    """Extract a list of articles in this process (the unit of work sent to a worker)."""
    problems: list[Problem] = []
    results = list(extract(_pipeline(model), articles, batch_size=batch_size, on_problem=problems.append))
    return results, problems


def chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Consecutive lists of ``size`` articles, read lazily."""
    iterator = iter(articles)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _ordered(submit: Callable[[list[Article]], Any], articles: Iterable[Article], size: int, in_flight: int,
             on_problem: Callable[[Problem], None]) -> Iterator[ArticleResult]:
    """Results in input order, with at most ``in_flight`` chunks out at once (memory stays bounded)."""
    pending: deque = deque()
    source = chunks(articles, size)
    for chunk in source:
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield from _collect(pending.popleft(), on_problem)
    while pending:
        yield from _collect(pending.popleft(), on_problem)


def _collect(future: Any, on_problem: Callable[[Problem], None]) -> Iterator[ArticleResult]:
    results, problems = future.result()
    for problem in problems:
        on_problem(problem)
    yield from results


def extract_parallel(
    articles: Iterable[Article], *, model: str, workers: int, batch_size: int = 16,
    on_problem: Callable[[Problem], None] | None = None, nlp: Language | None = None,
) -> Iterator[ArticleResult]:
    """Extract articles in ``workers`` processes; results come back in input order.

    The pipeline is built once, here, and the workers are forked from this process: they share
    its memory pages and start at once (where fork is not available, each builds its own).
    """
    report = on_problem or (lambda problem: None)
    try:
        context = get_context("fork")
        _PIPELINES[model] = nlp or _pipeline(model)
    except ValueError:
        context = get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        def submit(chunk: list[Article]) -> Future:
            return pool.submit(extract_chunk, model, chunk, batch_size)

        yield from _ordered(submit, articles, batch_size, 4 * workers, report)


def extract_on_cluster(
    articles: Iterable[Article], *, model: str, scheduler: str, batch_size: int = 16,
    on_problem: Callable[[Problem], None] | None = None,
) -> Iterator[ArticleResult]:
    """Extract articles on a Dask distributed cluster (``tcp://host:port``); results in input order."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise InputError("--scheduler needs Dask distributed: pip install 'kg-extract[cluster]'") from exc
    report = on_problem or (lambda problem: None)
    try:
        client = Client(scheduler, timeout="20s")
    except OSError as exc:
        raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from exc
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))

        def submit(chunk: list[Article]) -> Any:
            return client.submit(extract_chunk, model, chunk, batch_size, pure=False)

        yield from _ordered(submit, articles, batch_size, 4 * workers, report)
    finally:
        client.close()
