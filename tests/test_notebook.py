"""The exploration notebook runs from top to bottom."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from extractor.store import write_graph

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def test_notebook_executes(corpus_graph, tmp_path, monkeypatch):
    graph = write_graph(corpus_graph, tmp_path / "kg.ttl")
    monkeypatch.setenv("KG_GRAPH", str(graph))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "partnerships" in outputs and "fact nodes" in outputs
    assert (tmp_path / "kg.partners.png").stat().st_size > 1000
