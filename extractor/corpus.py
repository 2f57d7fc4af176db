"""Read articles (.txt, .md, .html, .jsonl), drop web noise and normalise with an offset map."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .resources import ontology_dir

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")


@dataclass(frozen=True)
class Block:
    """A paragraph of an article: a span of its original text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from the corpus; offsets everywhere refer to ``text``."""

    id: str
    text: str
    blocks: tuple[Block, ...]
    path: str
    title: str = ""
    url: str | None = None
    date: str | None = None
    source: str | None = None
    line: int | None = None
    digest: str | None = None  # the content hash of an article restored without its text

    @property
    def content_hash(self) -> str:
        """SHA-256 of the original text, hex encoded."""
        return self.digest or hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Problem:
    """A file or line that was skipped (error) or read with a caveat (warning)."""

    path: str
    reason: str
    line: int | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass
class Prepared:
    """The text handed to spaCy, with a map from each of its characters to the original text."""

    text: str
    offsets: list[int] = field(repr=False)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (noise rule, block text)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the prepared text back to the original text."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


# ----------------------------------------------------------------------------- reading


def read_articles(
    root: str | Path, *, on_problem: Callable[[Problem], None] | None = None
) -> Iterator[Article]:
    """Yield every article under ``root`` (a folder, read recursively, or one file).

    Files and folders whose name starts with ``.`` or ``_`` are skipped. A broken file or line
    is reported to ``on_problem`` and skipped; the others are still read.
    """
    root = Path(root)
    if not root.exists():
        raise InputError(f"{root}: no such file or folder")
    report = on_problem or (lambda problem: None)
    if root.is_file():
        files, base = [root], root.parent
    else:
        files, base = _corpus_files(root), root
    seen: set[str] = set()
    for path in files:
        rel = path.relative_to(base).as_posix()
        for item in _read_file(path, rel):
            if isinstance(item, Problem):
                report(item)
            elif item.id in seen:
                report(Problem(rel, f"duplicate article id {item.id!r}", item.line))
            else:
                seen.add(item.id)
                yield item


def _corpus_files(root: Path) -> list[Path]:
    out = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if any(p.startswith((".", "_")) for p in parts):
            continue
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            out.append(path)
    return out


def _read_file(path: Path, rel: str) -> Iterator[Article | Problem]:
    if path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(path, rel)  # line by line: a feed of any size is never held whole
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(rel, f"cannot read file ({exc.strerror or exc})")
        return
    if not data.strip():
        yield Problem(rel, "empty file")
        return
    if b"\x00" in data[:8192]:
        yield Problem(rel, "binary file, not text")
        return
    text, warning = _decode(data)
    if text is None:
        yield Problem(rel, warning)
        return
    if warning:
        yield Problem(rel, warning, severity="warning")
    suffix = path.suffix.lower()
    stem_id = rel.rsplit(".", 1)[0]
    try:
        if suffix in (".html", ".htm"):
            yield _html_article(text, rel, stem_id)
        elif suffix == ".md":
            yield _markdown_article(text, rel, stem_id)
        else:
            yield _text_article(text, rel, stem_id)
    except InputError as exc:
        yield Problem(rel, str(exc))


def _decode(data: bytes) -> tuple[str | None, str]:
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    candidates = {}
    for encoding in ([best.encoding] if best is not None else []) + ["cp1252"]:
        try:
            candidates[encoding] = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    candidates.pop("utf_8", None)
    if not candidates:
        return None, f"not UTF-8 (invalid byte at offset {first_bad}) and encoding not recognised"
    # detectors often confuse the Latin code pages: keep the one that reads as more French
    encoding = max(candidates, key=lambda e: sum(c in _FRENCH_LETTERS for c in candidates[e]))
    return candidates[encoding], f"not UTF-8, decoded as {encoding}"


_FRENCH_LETTERS = frozenset("éèàçêôûùîïëâœÉÈÀÇÊÔ«»’")


def _text_article(text: str, rel: str, article_id: str, **meta: Any) -> Article:
    blocks = _paragraph_blocks(text, 0, len(text))
    if not blocks:
        raise InputError("no article text")
    title = meta.pop("title", None) or text[blocks[0].start : blocks[0].end].strip()
    return Article(article_id, text, tuple(blocks), rel, title=title, **meta)


def _markdown_article(text: str, rel: str, article_id: str) -> Article:
    meta: dict[str, Any] = {}
    body_start = 0
    match = re.match(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", text, re.S)
    if match:
        try:
            front = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            raise InputError(f"bad YAML front matter ({exc.__class__.__name__})") from exc
        if not isinstance(front, dict):
            raise InputError("YAML front matter is not a mapping")
        meta = {k: _str_or_none(front.get(k)) for k in ("title", "url", "date", "source")}
        body_start = match.end()
    blocks = _paragraph_blocks(text, body_start, len(text))
    if not blocks:
        raise InputError("no article text")
    title = meta.pop("title", None) or _strip_markdown(text[blocks[0].start : blocks[0].end])
    return Article(article_id, text, tuple(blocks), rel, title=title, **meta)


def _read_jsonl(path: Path, rel: str) -> Iterator[Article | Problem]:
    """Articles of a JSONL feed, read line by line: a feed of any size is never held whole."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Problem(rel, f"cannot read file ({exc.strerror or exc})")
        return
    stem = rel.rsplit(".", 1)[0]
    with handle:
        head = handle.read(8192)
        if not head.strip():
            yield Problem(rel, "empty file")
            return
        if b"\x00" in head:
            yield Problem(rel, "binary file, not text")
            return
        handle.seek(0)
        warned = False
        for lineno, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError:
                line, warning = _decode(raw)
                if line is None:
                    yield Problem(rel, warning, lineno)
                    continue
                if not warned:
                    yield Problem(rel, warning, severity="warning")
                    warned = True
            item = _jsonl_record(line, rel, stem, lineno)
            if item is not None:
                yield item


def _jsonl_record(line: str, rel: str, stem: str, lineno: int) -> Article | Problem | None:
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Problem(rel, f"malformed JSON ({exc.msg} at column {exc.colno})", lineno)
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return Problem(rel, "line is not an object with a 'text' string", lineno)
    body = record["text"]
    blocks = _paragraph_blocks(body, 0, len(body))
    if not blocks:
        return Problem(rel, "empty 'text'", lineno)
    return Article(
        str(record.get("id") or f"{stem}-{lineno}"),
        body,
        tuple(blocks),
        rel,
        title=_str_or_none(record.get("title")) or body[blocks[0].start : blocks[0].end],
        url=_str_or_none(record.get("url")),
        date=_str_or_none(record.get("date")),
        source=_str_or_none(record.get("source")),
        line=lineno,
    )


_HTML_DROP = (
    "script", "style", "noscript", "template", "nav", "aside", "footer", "form", "button",
    "figure", "figcaption", "iframe", "svg", "select", "input",
)
_HTML_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt")
_HTML_NOISE_CLASS = re.compile(
    r"byline|author|rubri|kicker|breadcrumb|share|social|related|caption|credit|newsletter"
    r"|advert|\bads?\b|promo|comment|cookie|tags?\b|menu|signature|read-?also|lire-aussi",
    re.I,
)


def _html_article(source: str, rel: str, article_id: str) -> Article:
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot parse HTML ({exc})") from exc
    head_title = (tree.findtext(".//title") or "").strip()
    ld = _json_ld(tree)  # read before scripts are dropped
    root = _main_element(tree)
    for el in list(root.iter(*_HTML_DROP)):
        _drop(el)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag not in ("article", "main", "body") and _HTML_NOISE_CLASS.search(marker):
            _drop(el)
    if root.tag != "header":
        for el in list(root.iter("header")):
            # a header outside the article body is site chrome; keep only its title
            h1 = el.find(".//h1")
            if h1 is not None:
                el.addprevious(h1)
            _drop(el)
    paragraphs = []
    for el in root.iter(*_HTML_BLOCKS):
        if any(anc.tag in _HTML_BLOCKS for anc in el.iterancestors()):
            continue
        words = " ".join(el.text_content().split())
        if words:
            paragraphs.append(words)
    if not paragraphs:
        raise InputError("no article text in HTML")
    text = "\n\n".join(paragraphs)
    blocks, pos = [], 0
    for para in paragraphs:
        blocks.append(Block(pos, pos + len(para)))
        pos += len(para) + 2
    h1 = tree.find(".//h1")
    title = " ".join(h1.text_content().split()) if h1 is not None else head_title
    publisher = ld.get("publisher")
    meta = {
        "url": _meta(tree, "og:url") or _link(tree, "canonical") or _str_or_none(ld.get("url")),
        "date": _meta(tree, "article:published_time") or _str_or_none(ld.get("datePublished")) or _time(tree),
        "source": _meta(tree, "og:site_name") or (_str_or_none(publisher.get("name")) if isinstance(publisher, dict) else None),
    }
    title = title or _str_or_none(ld.get("headline")) or head_title
    return Article(article_id, text, tuple(blocks), rel, title=title, **meta)


def _main_element(tree: Any) -> Any:
    """The element holding the article: the <article>/<main> with the most paragraph text.

    Real pages carry teaser <article>s in menus and sidebars; without any, the element whose
    own paragraphs hold the most text (the usual readability heuristic).
    """
    candidates = [el for tag in ("article", "main") for el in tree.iter(tag)]
    if candidates:
        return max(candidates, key=_paragraph_text_length)
    body = tree.find(".//body")
    root = body if body is not None else tree
    parents = {p.getparent() for p in root.iter("p") if p.getparent() is not None}
    best = max(parents, key=lambda el: sum(len(p.text_content()) for p in el.findall("p")), default=None)
    if best is not None and sum(len(p.text_content()) for p in best.findall("p")) > 200:
        return best
    return root


def _paragraph_text_length(el: Any) -> int:
    return sum(len(p.text_content()) for p in el.iter("p"))


def _json_ld(tree: Any) -> dict[str, Any]:
    """The schema.org NewsArticle of a page's JSON-LD, if any (headline, date, publisher)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except json.JSONDecodeError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if isinstance(item, dict) and "Article" in str(item.get("@type", "")):
                return item
    return {}


def _drop(el: Any) -> None:
    # keep the tail text: it belongs to the parent, not to the dropped element
    el.drop_tree()


def _meta(tree: Any, prop: str) -> str | None:
    for el in tree.iter("meta"):
        if el.get("property") == prop or el.get("name") == prop:
            return el.get("content") or None
    return None


def _link(tree: Any, rel: str) -> str | None:
    for el in tree.iter("link"):
        if el.get("rel") == rel:
            return el.get("href") or None
    return None


def _time(tree: Any) -> str | None:
    el = tree.find(".//time")
    return el.get("datetime") if el is not None else None


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


_HEADING_END = re.compile(r"[.!?:;…»\"”)]\s*$")


def _paragraph_blocks(text: str, start: int, end: int) -> list[Block]:
    """Split text into paragraphs at blank lines and line ends; only hard-wrapped lines are joined."""
    blocks: list[Block] = []
    for para in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text[start:end]):
        lines = list(re.finditer(r"[^\n]+", para.group()))
        first = None
        for i, line in enumerate(lines):
            lstart = start + para.start() + line.start()
            lend = start + para.start() + line.end()
            if first is None:
                first = lstart
            is_last = i == len(lines) - 1
            ends = bool(_HEADING_END.search(line.group()))
            heading = len(line.group().split()) <= 15 and not ends
            if is_last or heading or ends:
                blocks.append(Block(first, lend))
                first = None
    return [b for b in blocks if text[b.start : b.end].strip()]


def _strip_markdown(text: str) -> str:
    return re.sub(r"^[#>*\-\s]+|[*_`]+", "", text).strip()


# ----------------------------------------------------------------------------- normalising


@lru_cache(maxsize=4)
def load_noise_rules(path: str | None = None) -> dict[str, Any]:
    """Load the web-noise rules (rubrics, bylines, captions) from ``ontologies/noise.yaml``."""
    file = Path(path) if path else ontology_dir() / "noise.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    return {
        "rubrics": {r.casefold() for r in data["rubrics"]},
        "patterns": [(p["id"], re.compile(p["regex"], re.I)) for p in data["patterns"]],
        "max_rubric_words": int(data.get("max_rubric_words", 3)),
    }


# (regex, replacement): applied in order to each block; replacements keep the offset map
_NORMALISE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]"), ""),  # invisible characters
    (re.compile(r"[\u2019\u2018\u02bc\u2032`´]"), "'"),
    (re.compile(r"[\u00a0\u202f\u2007\u2009\u200a\t\r\n]"), " "),
    (re.compile(r"[\u201c\u201d\u201e]"), '"'),
    (re.compile(r"[\u2010\u2011]"), "-"),
    (re.compile(r"\u2026"), "..."),
    (re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)|^#{1,6} |^> |^[*+-] ", re.M), ""),
    (re.compile(r"(?<=\s)-(?=\w)|^-(?=\w)"), "- "),  # "-puis rejeté-": dashes used as brackets
    (re.compile(r"(?<=\w)-(?=[\s,;.])"), " -"),
    (re.compile(r" {2,}"), " "),
]
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def prepare(article: Article) -> Prepared:
    """Normalise the article's paragraphs, drop web noise, and join them for spaCy."""
    rules = load_noise_rules()
    out_chars: list[str] = []
    offsets: list[int] = []
    dropped: list[tuple[str, str]] = []
    seen_body = False
    for block in article.blocks:
        chunk, chunk_offsets = _normalise(article.text, block.start, block.end)
        stripped = chunk.strip()
        if not stripped:
            continue
        noise = _noise(stripped, rules, seen_body)
        if noise:
            dropped.append((noise, stripped))
            continue
        seen_body = seen_body or len(stripped.split()) > 12
        lead = len(chunk) - len(chunk.lstrip())
        chunk_offsets = chunk_offsets[lead : lead + len(stripped)]
        if out_chars:
            gap = offsets[-1] + 1
            out_chars.append("\n\n")
            offsets.extend([gap, gap])
        out_chars.append(stripped)
        offsets.extend(chunk_offsets)
    text = "".join(out_chars)
    offsets.append(offsets[-1] + 1 if offsets else 0)
    return Prepared(text, offsets, dropped)


def _normalise(text: str, start: int, end: int) -> tuple[str, list[int]]:
    chunk = text[start:end]
    offsets = list(range(start, end))
    # a Markdown link keeps its text, each character still pointing at its original place
    chunk, offsets = _rewrite(_MD_LINK, chunk, offsets, lambda m, offs: (m.group(1), offs[m.start(1) : m.end(1)]))
    for pattern, repl in _NORMALISE:
        chunk, offsets = _rewrite(pattern, chunk, offsets, lambda m, offs, repl=repl: _replace(m, offs, repl))
    return chunk, offsets


def _replace(m: re.Match[str], offsets: list[int], repl: str) -> tuple[str, list[int]]:
    anchor = offsets[m.start()] if m.start() < len(offsets) else offsets[-1]
    span = offsets[m.start() : m.end()] or [anchor]
    # same-length replacements keep a one-to-one map; others point at the match start
    return repl, span if len(span) == len(repl) else [anchor] * len(repl)


def _rewrite(
    pattern: re.Pattern[str], text: str, offsets: list[int],
    replace: Callable[[re.Match[str], list[int]], tuple[str, list[int]]],
) -> tuple[str, list[int]]:
    """Substitute every match, carrying the offset map along."""
    parts: list[str] = []
    new: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        parts.append(text[pos : m.start()])
        new.extend(offsets[pos : m.start()])
        repl, repl_offsets = replace(m, offsets)
        parts.append(repl)
        new.extend(repl_offsets)
        pos = m.end()
    parts.append(text[pos:])
    new.extend(offsets[pos:])
    return "".join(parts), new


def _noise(block: str, rules: dict[str, Any], seen_body: bool) -> str | None:
    for rule_id, regex in rules["patterns"]:
        if regex.search(block):
            return rule_id
    words = block.split()
    if block.rstrip(".").casefold() in rules["rubrics"]:
        return "rubric"
    if not seen_body and len(words) <= rules["max_rubric_words"] and not _HEADING_END.search(block):
        # a short unpunctuated line before the body (kicker, section name) is a rubric
        if len(words) <= 2:
            return "rubric"
    return None


# ----------------------------------------------------------------------------- language


@lru_cache(maxsize=1)
def _stop_words() -> dict[str, frozenset[str]]:
    import importlib

    out = {}
    for lang in ("fr", "en", "es", "de", "it", "pt", "nl"):
        module = importlib.import_module(f"spacy.lang.{lang}.stop_words")
        out[lang] = frozenset(w for w in module.STOP_WORDS if len(w) > 1)
    return out


LANGUAGE_NAMES = {
    "fr": "French", "en": "English", "es": "Spanish", "de": "German",
    "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
}


def detect_language(text: str) -> tuple[str, float]:
    """Guess the language from stop-word shares; return (code, share of its stop words)."""
    words = re.findall(r"[^\W\d_]+", text.casefold())[:2000]
    if len(words) < 15:
        return "fr", 0.0  # too short to tell: do not reject
    shares = {
        lang: sum(w in stops for w in words) / len(words) for lang, stops in _stop_words().items()
    }
    lang = max(shares, key=lambda k: shares[k])
    # French stop words overlap other Romance lists: only reject on a clear margin
    if lang != "fr" and shares[lang] < shares["fr"] * 1.25:
        lang = "fr"
    return lang, shares[lang]
