"""Re-type the statistical NER's entities that the gazetteer does not know."""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .base import RulesComponent
from .gazetteer import COMPANY, KG_LABELS, PERSON, PRODUCT, slug

_DETERMINERS = re.compile(r"^(le|la|les|l'|du|des|de la|de l')\s*", re.I)
_LEADING_NOUNS = re.compile(
    r"^(groupe|société|entreprise|firme|start-up|startup|géant|constructeur|fabricant|éditeur|opérateur)\s+",
    re.I,
)


@Language.factory(
    "kg_entity_typer",
    default_config={},
    requires=["doc.ents"],
    assigns=["doc.ents", "doc.user_data"],
)
def make_entity_typer(nlp: Language, name: str) -> EntityTyper:
    """Create the entity typer (empty until :meth:`EntityTyper.initialize` or ``from_disk``)."""
    return EntityTyper(nlp, name)


class EntityTyper(RulesComponent):
    """Turn ORG/PER/LOC/MISC into COMPANY/PRODUCT/PERSON by rules, drop the rest.

    Entities already typed by the gazetteer are left alone. Unknown names get an id from their
    text without determiners and legal suffixes, so "Zhipu AI" and "Zhipu" meet.
    """

    rules_file = "typer.yaml"

    def set_rules(self, rules: dict[str, Any]) -> None:
        """Index the rules of ``typer.yaml``."""
        super().set_rules(rules)
        self._drop_words = {w.casefold() for w in rules.get("drop_words", [])}
        self._drop = [re.compile(r) for r in rules.get("drop_regex", [])]
        self._product = [re.compile(r) for r in rules.get("product_regex", [])]
        self._suffixes = {s.casefold() for s in rules.get("company_suffixes", [])}
        self._defaults = rules.get("default_types", {})
        self._min_length = int(rules.get("min_length", 2))
        self._apposition_heads = {
            w.lower(): label for label, words in rules.get("appositions", {}).items() for w in words
        }
        self._apposition_stop = set(rules.get("apposition_stop", []))

    def __call__(self, doc: Doc) -> Doc:
        names: dict[str, str] = doc.user_data.setdefault("kg_names", {})
        ents: list[Span] = []
        typed = self._appositions(doc)
        if typed:
            taken = {i for span in typed for i in range(span.start, span.end)}
            kept = [e for e in doc.ents if not taken.intersection(range(e.start, e.end))]
            doc.ents = sorted([*kept, *typed], key=lambda s: s.start)
        for ent in doc.ents:
            if ent.label_ in KG_LABELS or ent.label_ == "MEDIA":
                ents.append(ent)
                continue
            span = _trim(ent)
            if span is None:
                continue
            label = self.type_of(span.text, ent.label_)
            if label is None:
                continue
            key = self.id_of(span.text, label)
            names.setdefault(key, self.clean_name(span.text) if label == COMPANY else span.text)
            ents.append(Span(doc, span.start, span.end, label=label, kb_id=key))
        doc.ents = ents
        return doc

    def _appositions(self, doc: Doc) -> list[Span]:
        """Names typed by the category noun before them ("la start-up H Company")."""
        known = {i for e in doc.ents if e.label_ in KG_LABELS or e.label_ == "MEDIA" for i in range(e.start, e.end)}
        found: list[Span] = []
        names: dict[str, str] = doc.user_data.setdefault("kg_names", {})
        i = 0
        while i < len(doc):
            label = self._apposition_heads.get(doc[i].lower_)
            if label is None or doc[i].pos_ not in ("NOUN", "PROPN"):
                i += 1
                continue
            start = i + 1
            while start < len(doc) and doc[start].pos_ == "ADJ" and doc[start].is_lower and start - i <= 2:
                start += 1  # "la nouvelle puce X", "la start-up parisienne X"
            end = start
            while end < len(doc) and end - start < 5:
                token = doc[end]
                glued = end > start and token.text in "-." and not doc[end - 1].whitespace_ and not token.whitespace_
                if not (glued or _name_token(token, first=end == start)):
                    break  # "Surfer-H" is one name even when split at the dash
                if token.text in self._apposition_stop or end in known:
                    break
                end += 1
            while end > start and doc[end - 1].text in "-.":
                end -= 1
            if end > start and not known.intersection(range(start, end)):
                span = _trim(doc[start:end])
                if span is not None and self.type_of(span.text, "ORG") is not None:
                    key = self.id_of(span.text, label)
                    text = span.text.rstrip(".")  # "Surfer-H." at a sentence end
                    names.setdefault(key, self.clean_name(text) if label == COMPANY else text)
                    found.append(Span(doc, span.start, span.end, label=label, kb_id=key))
            i = max(end, i + 1)
        return found

    def type_of(self, text: str, ner_label: str) -> str | None:
        """The kg label of an unknown name, or None to drop it."""
        if len(text) < self._min_length or text.casefold() in self._drop_words:
            return None
        if any(r.search(text) for r in self._drop):
            return None
        if any(r.search(text) for r in self._product):
            return PRODUCT
        words = text.split()
        if len(words) > 1 and words[-1].casefold() in self._suffixes:
            return COMPANY
        label = self._defaults.get(ner_label)
        if label == PERSON and len(words) < 2:
            return None  # a lone first or last name is too ambiguous to keep
        return label

    def clean_name(self, text: str) -> str:
        """The name without legal suffixes ("Zhipu AI Inc." → "Zhipu AI")."""
        words = text.split()
        while len(words) > 1 and words[-1].casefold() in self._suffixes - {"ai", "labs"}:
            words.pop()
        return " ".join(words)

    def id_of(self, text: str, label: str) -> str:
        """The corpus-wide id of an unknown name."""
        if label != COMPANY:
            return slug(text)
        words = text.split()
        while len(words) > 1 and words[-1].casefold() in self._suffixes:
            words.pop()
        return slug(" ".join(words))


def _name_token(token: Token, *, first: bool) -> bool:
    """A word of a proper name: capitalised or with digits, not a common word."""
    text = token.text
    if token.is_punct or token.is_space or not text[:1].isalnum():
        return False
    if first:
        return (text[:1].isupper() or any(c.isdigit() for c in text)) and token.pos_ in ("PROPN", "X", "NOUN", "NUM", "ADJ")
    return text[:1].isupper() or any(c.isdigit() for c in text) or text.lower() in ("pro", "max", "ultra", "mini", "plus")


def _trim(ent: Span) -> Span | None:
    """Drop determiners, generic nouns and punctuation around a name."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].is_punct or doc[start].is_space or _DETERMINERS.fullmatch(doc[start].text + " ")):
        start += 1
    while start < end and _LEADING_NOUNS.fullmatch(doc[start].text + " "):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]
