"""Re-type the statistical NER's entities that the gazetteer does not know."""

from __future__ import annotations

import re
from typing import Any

import numpy

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .base import RulesComponent
from .gazetteer import COMPANY, KG_LABELS, PERSON, PRODUCT, fold, slug
from .syntax import doc_text

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
        self._plural_determiners = {w.lower() for w in rules.get("plural_determiners", [])}
        self._apposition_naming = {w.lower() for w in rules.get("apposition_naming", [])}
        self._apposition_modifiers = {w.lower() for w in rules.get("apposition_modifiers", [])}
        self._apposition_complements = {w.lower() for w in rules.get("apposition_complements", [])}
        post = rules.get("post_apposition", {})
        self._post_determiners = {w.lower() for w in post.get("determiners", [])}
        self._post_blockers = {w.lower() for w in post.get("blockers", [])}
        self._post_initial_blockers = {w.lower() for w in post.get("initial_blockers", [])}
        self._post_bare = {w.lower() for w in post.get("bare_heads", [])}
        demonyms = rules.get("demonym_heads", {})
        self._demonym_label = demonyms.get("label")
        self._demonym_determiners = {w.lower() for w in demonyms.get("determiners", [])}
        self._demonym_forms: set[str] | None = None
        actor = rules.get("company_actor", {})
        self._actor_labels = set(actor.get("ner_labels", []))
        self._actor_verbs = {w.lower() for w in actor.get("verbs", [])}
        self._actor_founded = {w.lower() for w in actor.get("founded", [])}
        coordinated = rules.get("coordinated_companies", {})
        self._coordinated_deps = set(coordinated.get("deps", []))
        self._coordinated_pos = set(coordinated.get("pos", []))

    def _demonyms(self) -> set[str]:
        """Nationality nouns from the pipeline's gazetteer ("l'italien Arduino")."""
        # read once: the check runs on most tokens of a doc
        if self._demonym_forms is None:
            if self._demonym_label is None or "kg_gazetteer" not in self.nlp.pipe_names:
                return set()
            self._demonym_forms = self.nlp.get_pipe("kg_gazetteer").gazetteer.demonyms()
        return self._demonym_forms

    def __call__(self, doc: Doc) -> Doc:
        names: dict[str, str] = doc.user_data.setdefault("kg_names", {})
        ents: list[Span] = []
        typed = self._appositions(doc)
        typed += self._apposition_lists(doc, typed)
        typed += self._post_appositions(doc, typed)
        if typed:
            taken = {i for span in typed for i in range(span.start, span.end)}
            kept = [e for e in doc.ents if not taken.intersection(range(e.start, e.end))]
            doc.ents = sorted([*kept, *typed], key=lambda s: s.start)
        for ent in doc.ents:
            if ent.label_ in KG_LABELS or ent.label_ == "MEDIA":
                ents.append(ent)
                continue
            span = _trim(ent)
            if span is None or _dateline(span):
                continue
            label = self.type_of(span.text, ent.label_)
            if label is None and ent.label_ in self._actor_labels and self._acts_as_company(span, ent.label_):
                label = COMPANY
            if label is None:
                continue
            ents.append(self._typed(span, label, names))
        ents = self._with_coordinated(doc, ents, names)
        doc.ents = self._propagate(doc, ents)
        return doc

    def _with_coordinated(self, doc: Doc, ents: list[Span], names: dict[str, str]) -> list[Span]:
        """Unknown names coordinated with a company, as companies ("Scala et Elea")."""
        if not self._coordinated_deps:
            return ents
        at = {i: e for e in ents for i in range(e.start, e.end)}
        added: list[Span] = []
        for ent in ents:
            if ent.label_ != COMPANY:
                continue
            root = ent.root
            # the conjuncts hang on the first one: the company's own, or its head if it is one
            partners = [c for c in root.children if c.dep_ in self._coordinated_deps]
            if root.dep_ in self._coordinated_deps:
                partners.append(root.head)
            for token in partners:
                if token.i in at or not token.text[:1].isupper() or token.text.isupper() and len(token) < 2 \
                        or token.pos_ not in self._coordinated_pos or (token.pos_ == "NOUN" and token.is_sent_start) \
                        or token.ent_type_ == "LOC" or (token.i > 0 and (doc[token.i - 1].pos_ == "DET" or doc[token.i - 1].lower_ in ("des", "du", "aux", "au"))):
                    continue  # a place the model saw ("Grenoble"), a common noun ("les SUV")
                end = token.i + 1
                while end < len(doc) and end not in at and doc[end].dep_ == "flat:name" and doc[end].head.i == token.i:
                    end += 1
                span = doc[token.i : end]
                if self.type_of(span.text, "ORG") != COMPANY:
                    continue
                typed = self._typed(span, COMPANY, names)
                added.append(typed)
                at.update((i, typed) for i in range(typed.start, typed.end))
        return sorted([*ents, *added], key=lambda e: e.start) if added else ents

    def _propagate(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """One name, one entity per article: a name typed once (by the model or an apposition) is
        the same entity wherever else it occurs, also without its legal suffix ("Nirmaan Labs" →
        "Nirmaan"), even where the statistical NER missed it."""
        names: dict[str, Span] = {}
        for ent in ents:
            if ent.label_ not in (COMPANY, PRODUCT):
                continue
            for name in {ent.text, self.clean_name(ent.text) if ent.label_ == COMPANY else ent.text,
                         " ".join(w for w in ent.text.split() if w.casefold() not in self._suffixes) or ent.text}:
                if len(name) >= 3 and name[:1].isupper():
                    names.setdefault(name, ent)
        if not names:
            return ents
        # the model may take one occurrence of a firm's name for a person ("Türk Telekom")
        ents = [Span(doc, e.start, e.end, label=COMPANY, kb_id=names[e.text].kb_id_)
                if e.label_ == PERSON and e.text in names and names[e.text].label_ == COMPANY else e for e in ents]
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w-])")
        taken = {i for e in ents for i in range(e.start, e.end)}
        added = []
        for m in pattern.finditer(doc_text(doc)):
            span = doc.char_span(m.start(), m.end())
            if span is None or taken.intersection(range(span.start, span.end)):
                continue
            source = names[m.group()]
            added.append(Span(doc, span.start, span.end, label=source.label_, kb_id=source.kb_id_))
            taken.update(range(span.start, span.end))
        return sorted([*ents, *added], key=lambda e: e.start) if added else ents

    def _appositions(self, doc: Doc) -> list[Span]:
        """Names typed by the category noun before them ("la start-up H Company")."""
        known = {i for e in doc.ents if e.label_ in KG_LABELS or e.label_ == "MEDIA" for i in range(e.start, e.end)}
        found: list[Span] = []
        names: dict[str, str] = doc.user_data.setdefault("kg_names", {})
        i = 0
        while i < len(doc):
            label, after = self._head_at(doc, i)
            # after a determiner or an adjective the head is a noun whatever the tagger says
            # ("La jeune pousse lyonnaise Kaiva": "pousse" tagged as a verb)
            nominal = doc[i].pos_ in ("NOUN", "PROPN") or (i > 0 and doc[i - 1].pos_ in ("DET", "ADJ"))
            if label is None or (not nominal and doc[i].lower_ not in self._demonyms()) \
                    or _capitalised_word(doc[i]):
                i += 1  # a capitalised head mid-sentence is part of a name ("au Mobile World Congress")
                continue
            start = after
            while start < len(doc) and doc[start].is_lower and start - after <= 1 and (
                    doc[start].pos_ == "ADJ" or doc[start].lower_ in self._apposition_modifiers):
                start += 1  # "la nouvelle puce X", "la start-up parisienne X", "l'assistant maison X"
            if start + 2 < len(doc) and doc[start].lower_ in self._apposition_complements and doc[start + 1].is_lower \
                    and doc[start + 1].pos_ == "NOUN" and _name_token(doc[start + 2], first=True) and start + 2 not in known:
                start += 2  # "le fabricant d'écrans Visionox", "l'éditeur de logiciels Dassault Systèmes"
            named = next((k for k in range(start, min(start + 5, len(doc))) if doc[k].lower_ in self._apposition_naming), None)
            if named is not None and doc[start].lower_ in self._apposition_complements \
                    and all((t.is_lower and t.pos_ in ("NOUN", "ADJ", "ADP", "DET")) or t.text == ","
                            for t in doc[start + 1 : named]):
                start = named  # "ses modèles de langage, baptisés Gauss": a complement, then the naming
            if start < len(doc) and doc[start].text == "," and start + 1 < len(doc) \
                    and doc[start + 1].lower_ in self._apposition_naming:
                start += 1  # "des modèles, baptisés X"
            if start < len(doc) and doc[start].lower_ in self._apposition_naming:
                start += 1  # "une offre baptisée X"
            bracketed = start < len(doc) and doc[start].text == ","
            if bracketed:
                start += 1  # "son logiciel, X, sera…": kept only if a comma closes the name
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
            if bracketed and (end >= len(doc) or doc[end].text != ","):
                end = start  # a comma after the noun not closed after the name: no apposition
            if end > start and not known.intersection(range(start, end)):
                span = _trim(doc[start:end])
                if span is not None and self.type_of(span.text, "ORG") is not None:
                    # "Surfer-H." at a sentence end
                    found.append(self._typed(span, label, names, span.text.rstrip(".")))
                    _record_kind(doc, found[-1], doc[i : after].text)
            i = max(end, i + 1)
        return found

    def _apposition_lists(self, doc: Doc, typed: list[Span]) -> list[Span]:
        """Names listed after a plural category noun, typed by it even beside a known name ("aux
        fonds KKR, Cinven et Providence", "les opérateurs Orange, Digi et Lowi")."""
        known = {i for e in [*doc.ents, *typed] if e.label_ in KG_LABELS or e.label_ == "MEDIA" for i in range(e.start, e.end)}
        names: dict[str, str] = doc.user_data.setdefault("kg_names", {})
        found: list[Span] = []
        for i, token in enumerate(doc):
            word = token.lower_
            label = self._apposition_heads.get(word)
            if label is None and word[-1:] in ("s", "x"):
                label = self._apposition_heads.get(word[:-1])
            # (companies only: "les voitures Renault et Peugeot" lists makers, not products)
            if label != COMPANY or not token.is_lower or token.pos_ not in ("NOUN", "ADJ") or not (
                    "Plur" in token.morph.get("Number") or (i > 0 and doc[i - 1].lower_ in self._plural_determiners)):
                continue
            k = i + 1
            while k < len(doc) and doc[k].is_lower and doc[k].pos_ == "ADJ":
                k += 1  # "les fonds américains KKR et …"
            items: list[tuple[int, int]] = []
            while k < len(doc):
                end = k
                # mid-sentence, a capitalised word of the list is a name whatever its tag ("Cinven" as a verb)
                while end < len(doc) and end - k < 4 and (_name_token(doc[end], first=end == k) or (
                        _capitalised_word(doc[end]) and doc[end].is_alpha)) \
                        and doc[end].text not in self._apposition_stop and (end == k or (end in known) == (k in known)):
                    end += 1
                if end == k:
                    break
                items.append((k, end))
                if end + 1 < len(doc) and doc[end].text == "," or end < len(doc) and doc[end].lower_ in ("et", "ou"):
                    k = end + 1
                    continue
                break
            if len(items) < 2:
                continue
            for start, end in items:
                if known.intersection(range(start, end)):
                    continue
                span = _trim(doc[start:end])
                if span is not None and self.type_of(span.text, "ORG") is not None:
                    found.append(self._typed(span, label, names))
                    known.update(range(span.start, span.end))
        return found

    def _head_at(self, doc: Doc, i: int) -> tuple[str | None, int]:
        """The label of the category noun at token ``i`` and the index after it; a dashed noun the
        tokenizer split ("start-up", "sous-traitant") is read whole."""
        if i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_:
            label = self._apposition_heads.get(f"{doc[i].lower_}-{doc[i + 2].lower_}")
            if label is not None:
                return label, i + 3
        label = self._apposition_heads.get(doc[i].lower_)
        if label is None and i > 0 and doc[i - 1].lower_.replace("’", "'") in self._demonym_determiners \
                and doc[i].is_lower and doc[i].lower_ in self._demonyms():
            label = self._demonym_label  # "l'italien Arduino", "le britannique Nscale"
        return label, i + 1

    def _post_appositions(self, doc: Doc, typed: list[Span]) -> list[Span]:
        """Names the model found but could not type, typed by the description that follows them:
        "l'acquisition de Vesper, la start-up parisienne", "Yotta, un opérateur de centres de
        données", "Sonar, le modèle de recherche de Perplexity"."""
        taken = {i for span in typed for i in range(span.start, span.end)}
        names: dict[str, str] = doc.user_data.setdefault("kg_names", {})
        found: list[Span] = []
        for ent in [*doc.ents, *self._unlabelled_names(doc)]:
            if ent.label_ in KG_LABELS or ent.label_ == "MEDIA" or taken.intersection(range(ent.start, ent.end)):
                continue
            i = ent.end
            if i + 2 >= len(doc) or doc[i].text != ",":
                continue
            if doc[i + 1].lower_ in self._post_determiners:
                j = i + 2
            elif doc[i + 1].lower_ in self._post_bare:
                j = i + 1  # "Alphawave Semi, spécialiste britannique des…": no determiner
            else:
                continue
            while j < len(doc) and j - i <= 4 and doc[j].pos_ == "ADJ" and doc[j].is_lower:
                j += 1  # "la jeune pousse", "le nouveau modèle"
            label, after = self._head_at(doc, j) if j < len(doc) else (None, j)
            if label is None or _capitalised_word(doc[j]):
                continue
            # a name inside a sentence-initial phrase ("À Tokyo, …", "Présentée à San José, la
            # nouvelle gamme…"): the description after the comma is the clause's subject
            lead = doc[ent.sent.start : ent.start]
            fronted = len(lead) > 0 and (lead[0].pos_ == "ADP" or "Part" in lead[0].morph.get("VerbForm")) \
                and not any(t.text == "," for t in lead)
            if fronted or any(t.dep_.startswith("nsubj") for t in doc[j:after]):
                continue  # "À Tokyo, la start-up a levé…": a fronted phrase, then the clause's subject
            if ent.start > 0 and (doc[ent.start - 1].lower_ in self._post_blockers or (
                    doc[ent.start - 1].lower_ in self._post_initial_blockers and ent.start - 1 == ent.sent.start)):
                continue  # "Selon Kim, la société…": a source or a contrast, not a name being described
            span = _trim(ent)
            if span is None or self.type_of(span.text, "ORG") is None or taken.intersection(range(span.start, span.end)):
                continue
            found.append(self._typed(span, label, names))
            _record_kind(doc, found[-1], doc[j:after].text)
            taken.update(range(span.start, span.end))
        return found

    @staticmethod
    def _unlabelled_names(doc: Doc) -> list[Span]:
        """Capitalised words right before a comma that the model left out, inside a sentence
        ("a mis en ligne Vaani 2, un modèle vocal"): candidates for a describing apposition."""
        inside = {i for e in doc.ents if e.label_ in KG_LABELS or e.label_ == "MEDIA" for i in range(e.start, e.end)}
        out = []
        # commas found on the ORTH hashes: no Token is made for the other words
        for comma in numpy.flatnonzero(doc.to_array(ORTH) == doc.vocab.strings[","]).tolist():
            start = comma
            while start > 0 and comma - start < 4 and start - 1 not in inside and not doc[start - 1].is_sent_start \
                    and _name_token(doc[start - 1], first=False):
                start -= 1
            if start < comma and _name_token(doc[start], first=True) and doc[start].pos_ in ("PROPN", "X") \
                    and not doc[start - 1].is_sent_start and not _name_token(doc[start - 1], first=False):
                out.append(Span(doc, start, comma))
        return out

    def _acts_as_company(self, span: Span, ner_label: str) -> bool:
        """A name the model took for a place that does what only firms do: the subject of a
        business verb ("Vectane conçoit des accélérateurs") or founded ("Fondée en 2022, Vectane");
        a lone name taken for a person only when founded ("Musk a signé" is a person)."""
        root = span.root
        if ner_label != "PER" and root.dep_ == "nsubj" and root.head.pos_ == "VERB" \
                and root.head.lemma_.lower() in self._actor_verbs:
            return True
        sent = span.sent
        lead = [t.lower_ for t in span.doc[sent.start : span.start]]
        # a sentence that opens on the founding participle, then the name after its comma
        return bool(lead) and lead[0] in self._actor_founded and lead[-1] == ","

    def _typed(self, span: Span, label: str, names: dict[str, str], text: str | None = None) -> Span:
        """The span as an entity of ``label`` with its id, its canonical name recorded in ``names``."""
        key = self.id_of(span.text, label)
        text = span.text if text is None else text
        names.setdefault(key, self.clean_name(text) if label == COMPANY else text)
        return Span(span.doc, span.start, span.end, label=label, kb_id=key)

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


_DATELINE_AFTER = {",", "/", "—", "–", "-", "("}


KINDS_KEY = "kg_kinds"  # doc.user_data: entity id -> the category nouns that introduced it


def _record_kind(doc: Doc, entity: Span, head: str) -> None:
    """Remember the noun that typed a name ("la start-up Kaiva": start-up), for descriptions
    that must fit it ("l'opérateur" is no start-up)."""
    doc.user_data.setdefault(KINDS_KEY, {}).setdefault(entity.kb_id_, set()).add(fold(head))


def _dateline(span: Span) -> bool:
    """The place of a dateline, in capitals at the head of a paragraph ("PÉKIN/WASHINGTON, 22 avril
    2025 -", "SÉOUL — …"): where the story was filed, not a party to it."""
    doc = span.doc
    if not (span.text.isupper() and sum(c.isalpha() for c in span.text) >= 4) or span.end >= len(doc):
        return False
    if doc[span.end].text not in _DATELINE_AFTER:
        return False
    start = span.start
    while start >= 2 and doc[start - 1].text == "/" and doc[start - 2].text.isupper():
        start -= 2  # "PÉKIN/WASHINGTON"
    before = doc_text(doc)[max(0, doc[start].idx - 2) : doc[start].idx]
    return start == 0 or "\n" in before


def _capitalised_word(token: Token) -> bool:
    """A capitalised (not all-caps) word inside a sentence: part of a name, not a category noun."""
    text = token.text
    return not token.is_sent_start and text[:1].isupper() and not text.isupper()


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
