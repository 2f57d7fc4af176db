"""The kg-extract command line: a thin layer over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click_default_group import DefaultGroup

from . import evaluate as evaluation
from .errors import KgError
from .pipeline import MODELS
from .query import ENGINES, FORMATS, format_result, resolve_query, run_endpoint_query, run_query, run_store_query, shipped_queries
from .run import extract_corpus, graph_store_url
from .sinks import AUTH_VARIABLE

EXIT_CODES = """\b
Exit codes:
  0  success (some files may have been skipped: the summary lists them)
  1  unexpected error
  2  bad input: missing folder, no readable article, unknown output format
  3  the spaCy model or the ontology data cannot be loaded
  4  bad query or graph file, or an UPDATE refused
  5  a SPARQL endpoint is down or answers errors (rerun to resume: nothing is lost)
"""


class KgGroup(DefaultGroup):
    """A default group that turns our errors into one line on stderr and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=KgGroup, default="extract", default_if_no_args=False, epilog=EXIT_CODES)
@click.version_option(package_name="kg-extract")
def cli() -> None:
    """Turn French tech-news articles into a knowledge graph you can query with SPARQL.

    \b
    kg-extract corpus/                    extract every article into kg.ttl
    kg-extract query kg.ttl partners      run a shipped query (or SPARQL text, or a .rq file)
    kg-extract eval                       score the extractor against the gold annotations
    """


@cli.command(epilog=EXIT_CODES)
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("kg.ttl"), show_default=True,
              help="Graph file; the format follows the suffix: .ttl .trig .nt .nq .jsonld")
@click.option("--store", type=click.Path(file_okay=False, path_type=Path),
              help="Write into a persistent Oxigraph store (a folder) instead of a file.")
@click.option("--endpoint", metavar="URL",
              help=f"Write into a SPARQL 1.1 endpoint (its query URL) instead of a file; credentials from ${AUTH_VARIABLE}.")
@click.option("--graph-store", metavar="URL", help="The endpoint's Graph Store HTTP Protocol URL (default: Oxigraph's /store).")
@click.option("--model", type=click.Choice(MODELS), default=MODELS[0], show_default=True, help="French spaCy model.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Extract in this many processes (each loads the model once).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Extract on a Dask distributed cluster.")
@click.option("--batch-size", type=click.IntRange(1, 1000), default=16, show_default=True, help="Articles per nlp.pipe batch.")
@click.option("--full", is_flag=True, help="Re-extract every article, even those unchanged since the last run.")
@click.option("--state", type=click.Path(dir_okay=False, path_type=Path),
              help="Run state database (default: .kg-extract/ beside the output).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def extract(corpus: Path, output: Path, store: Path | None, endpoint: str | None, graph_store: str | None, model: str,
            workers: int, scheduler: str | None, batch_size: int, full: bool, state: Path | None, quiet: bool) -> None:
    """Extract entities and facts from every article under CORPUS into a graph.

    Runs are incremental: only articles added or changed since the last run are extracted,
    and the output changes only for them (and for removed articles).
    """
    def warn(problem) -> None:
        click.echo(f"{'warning' if problem.severity == 'warning' else 'skipped'}: {problem}", err=True)

    bars: list = []

    def progress(done: int, total: int) -> None:
        if not bars:  # drawn on stderr, only for a person watching a terminal
            bars.append(click.progressbar(length=total, label="articles", file=sys.stderr))
            bars[0].__enter__()
        bars[0].update(done - bars[0].pos)

    show_bar = not quiet and sys.stderr.isatty()
    try:
        summary = extract_corpus(
            corpus, output, store=store, graph_store=graph_store_url(endpoint, graph_store) if endpoint else None,
            state=state, incremental=not full, model=model, workers=workers, scheduler=scheduler,
            batch_size=batch_size, on_problem=warn, progress=progress if show_bar else None)
    finally:
        for bar in bars:
            bar.__exit__(None, None, None)
    if not quiet:
        click.echo(summary.render(), nl=False)


@cli.command(epilog=EXIT_CODES)
@click.argument("args", nargs=-1, required=True, metavar="[GRAPH] QUERY")
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), help="Query an Oxigraph store folder.")
@click.option("--endpoint", metavar="URL", help=f"Query a SPARQL 1.1 endpoint; credentials from ${AUTH_VARIABLE}.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="SELECT/ASK output; json is SPARQL 1.1 Query Results JSON. CONSTRUCT/DESCRIBE print Turtle.")
@click.option("--engine", type=click.Choice(ENGINES), default="oxigraph", show_default=True, help="SPARQL engine for a file.")
def query(args: tuple[str, ...], store: Path | None, endpoint: str | None, fmt: str, engine: str) -> None:
    """Run a read-only SPARQL QUERY over GRAPH (a file), a --store or an --endpoint.

    QUERY is SPARQL text, a .rq file, or the name of a shipped query
    (see `kg-extract queries`).
    """
    remote = store is not None or endpoint is not None
    if len(args) != (1 if remote else 2):
        raise click.UsageError("give QUERY with --store/--endpoint, GRAPH QUERY otherwise")
    sparql = resolve_query(args[-1])
    if store is not None:
        result = run_store_query(store, sparql)
    elif endpoint is not None:
        result = run_endpoint_query(endpoint, sparql)
    else:
        result = run_query(Path(args[0]), sparql, engine=engine)
    click.echo(format_result(result, fmt), nl=False)


@cli.command()
def queries() -> None:
    """List the shipped queries with their first comment line."""
    for name, path in shipped_queries().items():
        first = next((l[1:].strip() for l in path.read_text(encoding="utf-8").splitlines() if l.startswith("#")), "")
        click.echo(f"{name:<24}{first}")


@cli.command(name="eval", epilog=EXIT_CODES)
@click.option("--corpus", "corpus", type=click.Path(path_type=Path), default=Path("corpus"), show_default=True,
              help="Corpus folder (gold annotations in its _gold/ folder).")
@click.option("--split", type=click.Choice(["dev", "heldout", "all"]), default="all", show_default=True)
@click.option("--model", type=click.Choice(MODELS), default=MODELS[0], show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--errors", "show_errors", is_flag=True, help="Also list each missed and spurious fact.")
def eval_command(corpus: Path, split: str, model: str, fmt: str, show_errors: bool) -> None:
    """Score entities, facts and modality against the gold annotations, per split."""
    splits = ["dev", "heldout"] if split == "all" else [split]
    reports = evaluation.evaluate_corpus(corpus, splits, model=model)
    if fmt == "json":
        click.echo(evaluation.reports_json(reports))
    else:
        click.echo(evaluation.render_reports(reports, show_errors=show_errors), nl=False)


if __name__ == "__main__":
    cli()
