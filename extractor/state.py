"""What earlier runs extracted, so that a rerun only extracts what changed (SQLite, one row per article)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .corpus import Article, Problem
from .errors import InputError
from .facts import ArticleResult, result_from_dict, result_to_dict
from .resources import ontology_dir

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    hash TEXT,            -- content hash of the article; NULL: removed, its graph still to delete
    fingerprint TEXT,     -- what extracted it: code, rules, model
    result TEXT,          -- the ArticleResult as JSON, or {"skipped": reason, "path": …, "line": …}
    synced INTEGER NOT NULL DEFAULT 0  -- 1 once the output holds exactly this result
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)
"""


def fingerprint(model: str, data_dir: str | Path | None = None) -> str:
    """A digest of everything that decides an article's result: our code, the rules and the model."""
    digest = hashlib.sha256(model.encode("utf-8"))
    roots = [Path(__file__).resolve().parent, Path(data_dir or ontology_dir())]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".jsonl", ".ttl", ".rq")):
            digest.update(path.relative_to(root).as_posix().encode("utf-8"))
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class Known:
    """What the state knows of one article."""

    hash: str | None
    fingerprint: str | None
    synced: bool


class State:
    """One row per article: its content hash, the fingerprint that extracted it, its result, whether the output has it.

    Every write is committed at once, so a run that is interrupted keeps what it extracted and
    the next run resumes from there.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path)
            self.db.executescript(_SCHEMA)
            self.db.commit()
        except sqlite3.Error as exc:
            raise InputError(f"{self.path}: cannot open the run state ({exc})") from exc

    def get_meta(self, key: str) -> str | None:
        """A value the last run left (e.g. what the output file looked like)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Remember a value for the next run."""
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
        self.db.commit()

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def known(self) -> dict[str, Known]:
        """Every article the state holds (removed ones have no hash)."""
        rows = self.db.execute("SELECT id, hash, fingerprint, synced FROM articles")
        return {i: Known(h, f, bool(s)) for i, h, f, s in rows}

    def result(self, article_id: str) -> ArticleResult | None:
        """The stored result of an article (None if it has none: removed or skipped)."""
        row = self.db.execute("SELECT result FROM articles WHERE id = ?", (article_id,)).fetchone()
        record = json.loads(row[0]) if row and row[0] else None
        return result_from_dict(record) if record and "skipped" not in record else None

    def skip(self, article: Article, fp: str, reason: str) -> None:
        """Remember an article that gives no result (not French…), so that reruns do not retry it."""
        record = {"skipped": reason, "path": article.path, "line": article.line}
        self.db.execute("INSERT OR REPLACE INTO articles (id, hash, fingerprint, result, synced) VALUES (?, ?, ?, ?, 0)",
                        (article.id, article.content_hash, fp, json.dumps(record, ensure_ascii=False)))
        self.db.commit()

    def skipped(self, article_ids: set[str]) -> Iterator[Problem]:
        """Why the given articles were skipped when they were last extracted."""
        for article_id, record in self.db.execute("SELECT id, result FROM articles WHERE result LIKE '{\"skipped\"%'"):
            if article_id in article_ids:
                data = json.loads(record)
                yield Problem(data["path"], data["skipped"], data["line"], "skipped")

    def put(self, results: Iterable[ArticleResult], fp: str) -> None:
        """Store freshly extracted results (not yet in the output)."""
        self.db.executemany(
            "INSERT OR REPLACE INTO articles (id, hash, fingerprint, result, synced) VALUES (?, ?, ?, ?, 0)",
            [(r.article.id, r.article.content_hash, fp, json.dumps(result_to_dict(r), ensure_ascii=False)) for r in results],
        )
        self.db.commit()

    def remove(self, article_ids: Iterable[str]) -> None:
        """Mark articles as gone: their graphs are deleted from the output at the next sync."""
        self.db.executemany("UPDATE articles SET hash = NULL, result = NULL, synced = 0 WHERE id = ?",
                            [(i,) for i in article_ids])
        self.db.commit()

    def results(self) -> Iterator[ArticleResult]:
        """Every current result, in article id order."""
        for (record,) in self.db.execute("SELECT result FROM articles WHERE result IS NOT NULL ORDER BY id"):
            data = json.loads(record)
            if "skipped" not in data:
                yield result_from_dict(data)

    def pending(self) -> tuple[list[str], list[str]]:
        """Articles the output does not have yet: (ids to write, ids whose graph to delete)."""
        # the results themselves are not read: a first run over a large corpus has all of them pending
        rows = self.db.execute("SELECT id, hash IS NULL OR substr(result, 1, 10) = '{\"skipped\"' FROM articles "
                               "WHERE synced = 0 ORDER BY id").fetchall()
        return [i for i, gone in rows if not gone], [i for i, gone in rows if gone]

    def synced(self, written: Iterable[str], deleted: Iterable[str]) -> None:
        """Record that the output now holds these results and no longer holds the deleted ones."""
        self.db.executemany("UPDATE articles SET synced = 1 WHERE id = ?", [(i,) for i in [*written, *deleted]])
        self.db.executemany("DELETE FROM articles WHERE id = ? AND hash IS NULL", [(i,) for i in deleted])
        self.db.commit()


def default_state_path(output: str | Path | None, store: str | Path | None, graph_store: str | None) -> Path:
    """Where a run keeps its state: beside the store, or in .kg-extract/ beside the output file."""
    if store is not None:
        store = Path(store)
        return store.parent / ".kg-extract" / f"{store.name}.sqlite"
    if graph_store is not None:
        name = hashlib.sha256(graph_store.encode("utf-8")).hexdigest()[:12]
        return Path(".kg-extract") / f"endpoint-{name}.sqlite"
    output = Path(output or "kg.ttl")
    return output.parent / ".kg-extract" / f"{output.name}.sqlite"

