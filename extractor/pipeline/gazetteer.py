"""Gazetteer of companies, products, outlets and regions, and the spaCy component that tags them."""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import srsly
import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path, filter_spans

from ..errors import ModelError
from .syntax import doc_text

# spaCy entity labels written by our components
COMPANY, PRODUCT, REGION, PERSON, MEDIA = "COMPANY", "PRODUCT", "REGION", "PERSON", "MEDIA"
KG_LABELS = (COMPANY, PRODUCT, REGION, PERSON)


def slug(text: str) -> str:
    """Lowercase ASCII id of a name: ``"Qwen2.5-Max"`` → ``"qwen2-5-max"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case- and accent-insensitive key of a name (apostrophes and dashes unified)."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9&+.' ]+", " ", ascii_text.lower()).split())


@dataclass
class Entry:
    """One gazetteer entity with its aliases and descriptors."""

    id: str
    label: str  # COMPANY, PRODUCT, REGION, MEDIA
    name: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    hq_city: str | None = None
    hq_adjectives: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    # people the press names the company by ("le groupe de Jensen Huang"): its heads and founders
    leaders: list[str] = field(default_factory=list)
    maker: str | None = None
    # the press's nicknames, after a category noun: "le groupe au losange", "la firme à la pomme"
    epithets: list[str] = field(default_factory=list)
    category: str | None = None
    pattern: str | None = None
    bloc: bool = False
    wikidata: str | None = None

    @property
    def names(self) -> list[str]:
        """The canonical name and aliases, with accent-free variants."""
        out: list[str] = []
        for name in [self.name, *self.aliases]:
            for variant in (name, _strip_accents(name), name.replace("'", "\u2019")):
                if variant not in out:
                    out.append(variant)
        return out


# a family pattern that starts with a brand word then a capital ("Galaxy S\d+", "Galaxy Z ?Fold")
_BRAND = re.compile(r"([A-Z][a-z]+) (?=[A-Z])")


def _strip_accents(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    ).replace("œ", "oe")


class Gazetteer:
    """All known entities, indexed by id and by folded name."""

    def __init__(self, entries: Iterable[Entry] = (), nationalities: dict[str, list[str]] | None = None):
        self.entries: dict[str, Entry] = {}
        self.nationalities: dict[str, list[str]] = nationalities or {}
        self.versions: dict[str, Any] = {"max_tokens": 0, "token_regex": []}
        self._by_name: dict[str, str] = {}
        self._hq_countries: dict[str, set[str]] = {}  # folded headquarters city → company countries
        self._demonyms: set[str] | None = None
        self._led_by: dict[str, set[str]] = {}  # folded person name → ids of the companies they head
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        """Add an entry; an id seen before is an error in the data."""
        if entry.id in self.entries:
            raise ModelError(f"gazetteer: duplicate id {entry.id!r}")
        self.entries[entry.id] = entry
        for name in entry.names:
            self._by_name.setdefault(fold(name), entry.id)
        if entry.label == COMPANY and entry.hq_city:
            self._hq_countries.setdefault(fold(entry.hq_city), set()).add(entry.country)
        if entry.label == COMPANY:
            for person in entry.leaders:
                self._led_by.setdefault(fold(person), set()).add(entry.id)

    def lookup(self, name: str) -> Entry | None:
        """Find an entry by any of its names, ignoring case and accents."""
        entry_id = self._by_name.get(fold(name))
        return self.entries.get(entry_id) if entry_id else None

    def hq_countries(self, city: str) -> set[str]:
        """Countries of the companies headquartered in a city (by folded name)."""
        return self._hq_countries.get(fold(city), set())

    def led_by(self, person: str) -> set[str]:
        """Ids of the companies a person heads ("Jensen Huang" → Nvidia)."""
        return self._led_by.get(fold(person), set())

    def nationality_of(self, country: str | None) -> list[str]:
        """French nationality adjectives (masculine singular) of an ISO country code."""
        return self.nationalities.get(country or "", [])

    def demonyms(self) -> set[str]:
        """Every nationality adjective in its four forms ("taïwanais", "taïwanaise", …), lower case."""
        if self._demonyms is None:
            forms: set[str] = set()
            for words in self.nationalities.values():
                for word in words:
                    feminine = word if word.endswith("e") else word + ("ne" if word.endswith("ien") else "e")
                    forms.update({word, feminine, word if word.endswith(("s", "x")) else word + "s", feminine + "s"})
            self._demonyms = forms
        return self._demonyms

    @classmethod
    def from_ontology(cls, directory: Path) -> Gazetteer:
        """Load ``gazetteer/`` files and the countries of pycountry (with French names)."""
        gdir = directory / "gazetteer"
        try:
            regions = yaml.safe_load((gdir / "regions.yaml").read_text(encoding="utf-8"))
            entries = list(_region_entries(regions))
            for stem, label in (("companies", COMPANY), ("products", PRODUCT), ("media", MEDIA)):
                # companies.jsonl, companies-*.jsonl…: lists may be split by theme or source
                for file in sorted(gdir.glob(f"{stem}*.jsonl")):
                    for record in srsly.read_jsonl(file):
                        entries.append(_entry(record, label))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"gazetteer data in {gdir} cannot be loaded: {exc}") from exc
        nationalities = {k: list(v) for k, v in (regions.get("nationalities") or {}).items()}
        gazetteer = cls(entries, nationalities)
        versions = gdir / "versions.yaml"
        if versions.is_file():
            gazetteer.versions = yaml.safe_load(versions.read_text(encoding="utf-8"))
        return gazetteer

    def to_records(self) -> list[dict[str, Any]]:
        """Plain records for serialisation."""
        return [asdict(e) for e in self.entries.values()]

    @classmethod
    def from_records(cls, records: Iterable[dict[str, Any]], nationalities: dict[str, list[str]]) -> Gazetteer:
        """Rebuild from :meth:`to_records` output."""
        return cls((Entry(**r) for r in records), nationalities)


def _entry(record: dict[str, Any], label: str) -> Entry:
    known = Entry.__dataclass_fields__
    data = {k: v for k, v in record.items() if k in known}
    return Entry(label=label, **{k: v for k, v in data.items() if k != "label"})


def _region_entries(data: dict[str, Any]) -> Iterable[Entry]:
    import pycountry

    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    extra = data.get("country_names") or {}
    for country in pycountry.countries:
        names = [getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)]
        french_names = [french.gettext(n) for n in names if n]
        overrides = [str(n) for n in extra.get(country.alpha_2, [])]
        canonical = overrides[0] if overrides else french_names[0]
        aliases = [n for n in [*overrides, *french_names, *(n for n in names if n)] if n != canonical]
        yield Entry(
            id=slug(canonical), label=REGION, name=canonical, aliases=list(dict.fromkeys(aliases)),
            country=country.alpha_2,
        )
    for bloc in data.get("blocs") or []:
        yield Entry(
            id=str(bloc["id"]), label=REGION, name=str(bloc["name"]),
            aliases=[str(a) for a in bloc.get("aliases") or []], bloc=True,
        )


def _national_arm(span: Span, found: list[Span], names: dict[str, str]) -> Span:
    """A country name glued after an unknown name is part of a firm's name ("Telkom Indonesia",
    "Airtel Africa"); after a known firm ("Microsoft France") it stays a place."""
    doc, k = span.doc, span.start - 1
    if span.label_ != REGION or k < 0 or any(f.start <= k < f.end for f in found):
        return span
    word = doc[k]
    if not (word.is_title or word.is_upper) or not word.is_alpha or word.pos_ not in ("PROPN", "NOUN", "X") \
            or word.ent_type_ in ("LOC",) or (k > 0 and doc[k - 1].is_title and doc[k - 1].pos_ == "PROPN"):
        return span
    text = doc[k : span.end].text
    key = slug(text)
    names.setdefault(key, text)
    return Span(doc, k, span.end, label=COMPANY, kb_id=key)


def _group_arm(span: Span, found: list[Span], names: dict[str, str], gazetteer) -> Span:
    """A group's short name followed by an acronym names another firm of the group ("LG CNS",
    "Samsung SDI"): "LG" alone stands for LG Electronics, "LG CNS" does not."""
    doc, k = span.doc, span.end
    entry = gazetteer.entries.get(span.kb_id_)
    if span.label_ != COMPANY or k >= len(doc) or entry is None or span.text == entry.name \
            or any(f.start <= k < f.end for f in found):
        return span
    word = doc[k]
    if not (word.is_upper and word.is_alpha and 2 <= len(word) <= 5) or word.whitespace_ == "" and k + 1 < len(doc) \
            and doc[k + 1].text == "-":
        return span
    text = doc[span.start : k + 1].text
    known = gazetteer.lookup(text)
    key = known.id if known else slug(text)
    names.setdefault(key, known.name if known else text)
    return Span(doc, span.start, k + 1, label=COMPANY, kb_id=key)


def _foreign_arm(span: Span, found: list[Span], names: dict[str, str], gazetteer) -> Span:
    """A known firm followed by a country named in another language than French is its national
    arm, a firm of its own ("Vodafone Spain", "Vodafone Türkiye", "SB OpenAI Japan"); with the
    French name ("Microsoft France") the firm and the place stay apart."""
    doc = span.doc
    after = next((f for f in found if f.start == span.end), None)
    if span.label_ != COMPANY or after is None or after.label_ != REGION or len(after) != 1 or not span[-1].whitespace_:
        return span
    region = gazetteer.entries.get(after.kb_id_)
    if region is None or fold(after.text) == fold(region.name):
        return span
    start = span.start
    if start > 0 and doc[start - 1].is_upper and doc[start - 1].is_alpha and doc[start - 1].whitespace_ \
            and not any(f.start <= start - 1 < f.end for f in found):
        start -= 1  # the parent's initials before it ("SB OpenAI Japan": SoftBank's)
    text = doc[start : after.end].text
    key = slug(text)
    names.setdefault(key, text)
    return Span(doc, start, after.end, label=COMPANY, kb_id=key)


# ----------------------------------------------------------------------------- component


@Language.factory(
    "kg_gazetteer",
    default_config={"overwrite_ents": True, "min_alias_length": 2},
    requires=["doc.ents"],
    assigns=["doc.ents", "doc.user_data"],
)
def make_gazetteer(nlp: Language, name: str, *, overwrite_ents: bool, min_alias_length: int) -> GazetteerRuler:
    """Create the gazetteer ruler (empty until :meth:`GazetteerRuler.initialize` or ``from_disk``)."""
    return GazetteerRuler(nlp, name, overwrite_ents=overwrite_ents, min_alias_length=min_alias_length)


class GazetteerRuler:
    """Tag gazetteer names (and versioned product families) as entities with canonical ids.

    Gazetteer matches win over overlapping statistical entities, which fixes the bare model's
    errors on known names ("Baidu" → LOC, "Qwen2.5-Max" → LOC, "Gemini de Google" as one span).
    """

    def __init__(self, nlp: Language, name: str = "kg_gazetteer", *, overwrite_ents: bool = True, min_alias_length: int = 2):
        self.nlp = nlp
        self.name = name
        self.overwrite_ents = overwrite_ents
        self.min_alias_length = min_alias_length
        self.gazetteer = Gazetteer()
        self._matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._epithets = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._families: re.Pattern[str] | None = None  # all version patterns, one group each
        self._family_of: dict[str, Entry] = {}
        self._elliptic: dict[str, tuple[str, re.Pattern[str]]] = {}  # group → (brand, pattern without it)

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None, data_dir: str | Path | None = None) -> None:
        """Load the gazetteer from an ontology folder (default: the shipped ``ontologies/``)."""
        from ..resources import ontology_dir

        self.set_gazetteer(Gazetteer.from_ontology(Path(data_dir) if data_dir else ontology_dir()))

    def set_gazetteer(self, gazetteer: Gazetteer) -> None:
        """Replace the gazetteer and rebuild the matchers."""
        self.gazetteer = gazetteer
        self._matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self._epithets = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._family_of = {}
        self._elliptic = {}
        alternatives = []
        for entry in gazetteer.entries.values():
            names = [n for n in entry.names if len(n) >= self.min_alias_length]
            self._matcher.add(entry.id, list(self.nlp.tokenizer.pipe(names)))
            if entry.epithets:
                self._epithets.add(entry.id, list(self.nlp.tokenizer.pipe(entry.epithets)))
            if entry.pattern:
                group = f"f{len(self._family_of)}"
                self._family_of[group] = entry
                alternatives.append(f"(?P<{group}>{entry.pattern})")
                brand = _BRAND.match(entry.pattern)
                if brand:  # "Galaxy S\d+…" → "S\d+…", for "ses Galaxy S26, S26+ et S26 Ultra"
                    self._elliptic[group] = (brand.group(1), re.compile(
                        rf"(?<![\w+-]){entry.pattern[brand.end():]}(?![\w-])"))
        # one pass over the text for every family pattern
        self._families = re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])") if alternatives else None
        version = "|".join(f"(?:{r})" for r in gazetteer.versions.get("token_regex", []))
        self._version = re.compile(f"^(?:{version})$") if version else None
        self._max_version_tokens = int(gazetteer.versions.get("max_tokens", 0))
        words = gazetteer.versions.get("name_words", {})
        self._name_words = int(words.get("max_tokens", 0))
        self._name_word_pos = set(words.get("pos", []))

    def __call__(self, doc: Doc) -> Doc:
        names: dict[str, str] = doc.user_data.setdefault("kg_names", {})
        spans: list[Span] = []
        for match_id, start, end in self._matcher(doc):
            entry = self.gazetteer.entries[self.nlp.vocab.strings[match_id]]
            spans.append(Span(doc, start, end, label=entry.label, kb_id=entry.id))
        for match_id, start, end in self._epithets(doc):
            if start > 0 and doc[start - 1].pos_ == "NOUN" and doc[start - 1].is_lower:  # "groupe au losange"
                entry = self.gazetteer.entries[self.nlp.vocab.strings[match_id]]
                spans.append(Span(doc, start - 1, end, label=entry.label, kb_id=entry.id))
        first_match: dict[str, int] = {}
        for m in self._families.finditer(doc_text(doc)) if self._families is not None else ():
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            family = self._family_of[m.lastgroup]
            first_match.setdefault(m.lastgroup, m.end())
            spans.append(Span(doc, span.start, span.end, label=family.label, kb_id=self._name_id(span.text, names)))
        # once "Galaxy S26" is named, "S26 Ultra" later in the article is the same family
        for group, after in first_match.items():
            if group not in self._elliptic:
                continue
            brand, pattern = self._elliptic[group]
            for m in pattern.finditer(doc_text(doc), after):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None and span[0].i > 0 and doc[span.start - 1].text != brand:
                    spans.append(Span(doc, span.start, span.end, label=self._family_of[group].label,
                                      kb_id=self._name_id(f"{brand} {span.text}", names)))
        found = [self._with_version(span, names) for span in filter_spans(spans)]
        found = [self._with_name_words(span, found, names) for span in found]
        found = [_national_arm(span, found, names) for span in found]
        armed = [_foreign_arm(span, found, names, self.gazetteer) for span in found]
        if armed != found:  # the country is now part of a firm's name
            found = [s for s in armed if not any(o.start <= s.start and s.end <= o.end and len(o) > len(s) for o in armed)]
        found = [_group_arm(span, found, names, self.gazetteer) for span in found]
        for span in found:
            entry = self.gazetteer.entries.get(span.kb_id_)
            if entry is not None:
                names.setdefault(entry.id, entry.name)
        taken = set()
        for span in found:
            taken.update(range(span.start, span.end))
        kept = [e for e in doc.ents if not taken.intersection(range(e.start, e.end))]
        if self.overwrite_ents or not kept:
            doc.ents = filter_spans([*found, *kept])
        else:
            doc.ents = filter_spans([*kept, *found])
        return doc

    def _with_version(self, span: Span, names: dict[str, str]) -> Span:
        """Extend a product name with the version after it ("Doubao" → "Doubao 1.5 Pro")."""
        if span.label_ != PRODUCT or self._version is None:
            return span
        doc, end = span.doc, span.end
        while end < len(doc) and end - span.end < self._max_version_tokens and self._version.match(doc[end].text):
            end += 1
        if end == span.end:
            return span
        return Span(doc, span.start, end, label=PRODUCT, kb_id=self._name_id(doc[span.start : end].text, names))

    def _with_name_words(self, span: Span, found: list[Span], names: dict[str, str]) -> Span:
        """Extend a product name with the capitalised words that go on naming it ("Snapdragon"
        → "Snapdragon Digital Chassis", "Copilot" → "Copilot Studio"), up to another name."""
        if span.label_ != PRODUCT or not self._name_words:
            return span
        doc, end = span.doc, span.end
        taken = {i for f in found for i in range(f.start, f.end)}
        while end < len(doc) and end - span.end < self._name_words and end not in taken and doc[end - 1].whitespace_ \
                and doc[end].is_title and doc[end].is_alpha and not doc[end].is_sent_start \
                and doc[end].pos_ in self._name_word_pos and not doc[end].ent_type_ == "LOC":
            end += 1
        if end == span.end:
            return span
        return Span(doc, span.start, end, label=PRODUCT, kb_id=self._name_id(doc[span.start : end].text, names))

    def _name_id(self, text: str, names: dict[str, str]) -> str:
        """Id of a matched name: the gazetteer's when it knows the name, else its slug."""
        known = self.gazetteer.lookup(text)
        entry_id = known.id if known else slug(text)
        names.setdefault(entry_id, known.name if known else text)
        return entry_id

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the gazetteer so that a saved pipeline carries its own data."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / "entries.jsonl", self.gazetteer.to_records())
        srsly.write_json(path / "nationalities.json", self.gazetteer.nationalities)
        srsly.write_json(path / "versions.json", self.gazetteer.versions)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> GazetteerRuler:
        """Load what :meth:`to_disk` wrote."""
        path = ensure_path(path)
        gazetteer = Gazetteer.from_records(
            srsly.read_jsonl(path / "entries.jsonl"), srsly.read_json(path / "nationalities.json")
        )
        if (path / "versions.json").is_file():
            gazetteer.versions = srsly.read_json(path / "versions.json")
        self.set_gazetteer(gazetteer)
        return self

