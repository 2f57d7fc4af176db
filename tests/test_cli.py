"""The command line, through click's CliRunner."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from rdflib import Graph

from extractor import cli as cli_module
from extractor.cli import cli


@pytest.fixture()
def runner(nlp, monkeypatch):
    # the session's pipeline: the CLI would otherwise load the model again
    monkeypatch.setattr("extractor.run.build_pipeline", lambda model: nlp)
    return CliRunner()


@pytest.fixture()
def small_corpus(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Apple s'allie à Alibaba\n\nApple a noué un partenariat avec Alibaba en Chine. "
        "Selon Reuters, Apple aurait écarté Baidu. Tencent pourrait signer avec Samsung.\n", encoding="utf-8")
    (folder / "b.md").write_text("---\ntitle: Un rachat\ndate: 2025-03-18\n---\n\nGoogle a racheté Wiz pour 32 milliards de dollars.\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "en.txt").write_text(
        "Apple has chosen Alibaba as its partner for artificial intelligence in China after long talks with "
        "other companies, and the deal is expected to close this year according to the people familiar with it.\n", encoding="utf-8")
    (folder / "feed.jsonl").write_text('{"id": "j1", "text": "Nvidia investit dans Mistral AI."}\n{broken\n', encoding="utf-8")
    return folder


def test_default_command_extracts(runner, small_corpus, tmp_path):
    out = tmp_path / "kg.ttl"
    result = runner.invoke(cli, [str(small_corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "articles read: 3, skipped: 3"
    assert "  skipped: empty.txt: empty file" in lines
    assert "  skipped: feed.jsonl:2: malformed JSON (Expecting property name enclosed in double quotes at column 2)" in lines
    assert "  skipped: en.txt: not French (looks English), skipped" in lines
    assert "entities: 11 (Company 9, Region 1, Outlet 1)" in lines  # the outlet: "Selon Reuters"
    assert "facts: 6 (attributed 1, with an event time 0)" in lines
    assert "  partnersWith            3  (asserted 2, speculative 1)" in lines
    assert "  rejected                1  (reported 1)" in lines
    assert "figures: 1 (dealValue 1)" in lines
    assert "statements: 5 (in 2+ outlets 0, superseded 0)" in lines
    assert re.search(r"^graph: .*kg\.ttl \(\d+ triples\)$", result.stdout, re.M)
    assert len(Graph().parse(out)) > 50


def test_explicit_extract_and_formats(runner, small_corpus, tmp_path):
    out = tmp_path / "kg.nq"
    result = runner.invoke(cli, ["extract", str(small_corpus), "-o", str(out), "--quiet"])
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8").count("/article/") > 3


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["no/such/folder"], 2, "Error: no/such/folder: no such file or folder"),
        (["{corpus}", "-o", "kg.xml"], 2, "unknown graph format '.xml'"),
        (["query", "missing.ttl", "partners"], 4, "Error: missing.ttl: no such graph file"),
        (["query", "{graph}", "DELETE WHERE { ?s ?p ?o }"], 4, "Error: SPARQL UPDATE refused"),
        (["query", "{graph}", "nonsense"], 4, "is neither SPARQL, a .rq file nor a shipped query"),
    ],
)
def test_errors_are_one_line_with_exit_code(runner, small_corpus, tmp_path, monkeypatch, args, code, message):
    graph = tmp_path / "g.ttl"
    graph.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    args = [a.replace("{corpus}", str(small_corpus)).replace("{graph}", str(graph)) for a in args]
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, args)
    assert result.exit_code == code
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_query_shipped_and_json(runner, small_corpus, tmp_path):
    out = tmp_path / "kg.ttl"
    runner.invoke(cli, [str(small_corpus), "-o", str(out), "-q"])
    table = runner.invoke(cli, ["query", str(out), "partners"])
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split() == ["company", "partner", "modality", "articles"]
    assert table.stdout.splitlines()[2].split() == ["Alibaba", "Apple", "Asserted", "1"]
    js = runner.invoke(cli, ["query", str(out), "partners", "--format", "json", "--engine", "rdflib"])
    data = json.loads(js.stdout)
    assert data["results"]["bindings"][0]["company"]["value"] == "Alibaba"


def test_queries_lists_shipped(runner):
    result = runner.invoke(cli, ["queries"])
    assert result.exit_code == 0
    assert re.search(r"^partners\s+Partnerships asserted or reported", result.stdout, re.M)


def test_help_documents_exit_codes(runner):
    result = runner.invoke(cli, ["extract", "--help"])
    assert "Exit codes:" in result.stdout and "4  bad query" in result.stdout
    assert cli_module.EXIT_CODES.splitlines()[2].strip().startswith("0")
