"""Resolve descriptions and metonymy ("la firme de Cupertino", "le pays") to named entities."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
import yaml
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from .gazetteer import COMPANY, REGION, Entry, Gazetteer, fold

REFS_KEY = "kg_refs"


@Language.factory(
    "kg_reference_resolver",
    default_config={"gazetteer": "kg_gazetteer"},
    requires=["doc.ents", "token.pos", "token.lemma"],
    assigns=["doc.spans"],
)
def make_resolver(nlp: Language, name: str, *, gazetteer: str) -> ReferenceResolver:
    """Create the reference resolver (empty until ``initialize`` or ``from_disk``)."""
    return ReferenceResolver(nlp, name, gazetteer=gazetteer)


def _stems(word: str) -> set[str]:
    """Gender/number-insensitive keys of a French adjective ("californiennes" ~ "californien")."""
    out = set()
    w = fold(word)
    for cand in (w, w[:-1] if w.endswith("s") else w):
        stem = cand[:-1] if cand.endswith("e") else cand
        if stem.endswith("nn"):
            stem = stem[:-1]
        out.add(stem)
    return out


class ReferenceResolver:
    """Find descriptions of companies and places and link them to the entity they mean.

    Resolved spans go to ``doc.spans["kg_refs"]`` with the entity's label and id.
    """

    def __init__(self, nlp: Language, name: str = "kg_reference_resolver", *, gazetteer: str = "kg_gazetteer"):
        self.nlp = nlp
        self.name = name
        self.gazetteer_pipe = gazetteer
        self.rules: dict[str, Any] = {}
        self._matcher = Matcher(nlp.vocab)

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer of the pipeline's gazetteer ruler."""
        return self.nlp.get_pipe(self.gazetteer_pipe).gazetteer

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None, data_dir: str | Path | None = None) -> None:
        """Load ``rules/references.yaml`` from an ontology folder (default: the shipped one)."""
        from ..resources import ontology_dir

        folder = Path(data_dir) if data_dir else ontology_dir()
        self.set_rules(yaml.safe_load((folder / "rules" / "references.yaml").read_text(encoding="utf-8")))

    def set_rules(self, rules: dict[str, Any]) -> None:
        """Install rules (as read from ``references.yaml``) and build the matcher."""
        self.rules = rules
        self._blocking = {fold(w) for w in rules.get("blocking_adjectives", [])}
        self._region_heads = {fold(w) for w in rules["region_heads"]}
        self._window = int(rules.get("unqualified_window", 3))
        heads = [*rules["company_heads"], *rules["region_heads"]]
        head = {"LOWER": {"IN": heads}}
        det = {"LOWER": {"IN": rules["determiners"]}}
        adj = {"POS": "ADJ", "OP": "?"}
        quals = {"POS": "ADJ", "OP": "*"}
        city = [{"LOWER": {"IN": ["de", "d'"]}}, {"POS": "PROPN", "OP": "+"}]
        self._matcher = Matcher(self.nlp.vocab)
        self._matcher.add("REF", [[det, adj, head, quals], [det, adj, head, quals, *city]], greedy="LONGEST")

    def __call__(self, doc: Doc) -> Doc:
        refs: list[Span] = []
        ent_starts = {e.start for e in doc.ents}
        ent_tokens = {i for e in doc.ents for i in range(e.start, e.end)}
        for _, start, end in sorted(self._matcher(doc), key=lambda m: m[1]):
            span = doc[start:end]
            if ent_tokens.intersection(range(start, end)) or end in ent_starts:
                continue  # part of a name, or an apposition before one ("le géant chinois Alibaba")
            if end < len(doc) and doc[end].text in ("de", "d'") and end + 1 in ent_starts:
                continue  # "la filiale de Google": a relation, not a reference
            resolved = self.resolve(span, [*doc.ents, *refs])
            if resolved is not None:
                label, entity_id = resolved
                refs.append(Span(doc, start, end, label=label, kb_id=entity_id))
        doc.spans[REFS_KEY] = refs
        return doc

    def resolve(self, span: Span, mentions: list[Span]) -> tuple[str, str] | None:
        """The (label, id) a description refers to, or None when nothing fits."""
        head = next(t for t in span if fold(t.text) in self._heads())
        qualifiers = [t for t in span if t.i > head.i and t.pos_ == "ADJ"]
        if any(fold(t.text) in self._blocking for t in span if t.pos_ == "ADJ"):
            return None
        city = [t for t in span if t.i > head.i and t.pos_ == "PROPN"]
        city_name = " ".join(t.text for t in city) if city else None
        before = sorted((m for m in mentions if m.end <= span.start), key=lambda m: m.start, reverse=True)
        if fold(head.text) in self._region_heads:
            return self._resolve_region(span, qualifiers, before)
        gaz = self.gazetteer
        qualified = bool(qualifiers or city_name)

        def fits(entry: Entry | None) -> bool:
            if entry is None:
                return not qualified
            if city_name and fold(city_name) != fold(entry.hq_city or ""):
                return False
            for adj in qualifiers:
                keys = _stems(adj.text)
                known = [*gaz.nationality_of(entry.country), *entry.hq_adjectives]
                if not any(keys & _stems(k) for k in known):
                    return False
            return True

        # the most recent sentence with a fitting company; in it, prefer the grammatical subject
        window = 0
        current = None
        fitting: list[Span] = []
        for mention in before:
            if mention.label_ != COMPANY or not fits(gaz.entries.get(mention.kb_id_)):
                continue
            if current is not None and mention.sent != current:
                break
            if mention.sent.start < span.sent.start:
                window = sum(1 for s in span.doc.sents if mention.sent.start <= s.start < span.sent.start)
            if not qualified and window > self._window:
                break
            current = mention.sent
            fitting.append(mention)
        if fitting:
            subjects = [m for m in fitting if m.root.dep_.startswith("nsubj")]
            return COMPANY, (subjects[0] if subjects else fitting[0]).kb_id_
        if qualified:
            candidates = [e for e in gaz.entries.values() if e.label == COMPANY and fits(e)]
            if len(candidates) == 1:
                return COMPANY, candidates[0].id
        return None

    def _resolve_region(self, span: Span, qualifiers: list, before: list[Span]) -> tuple[str, str] | None:
        gaz = self.gazetteer
        if qualifiers:  # "le marché chinois" → the country whose nationality adjective it is
            keys = set().union(*(_stems(q.text) for q in qualifiers))
            for entry in gaz.entries.values():
                if entry.label == REGION and not entry.bloc and entry.country:
                    if any(keys & _stems(n) for n in gaz.nationality_of(entry.country)):
                        return REGION, entry.id
            return None
        if fold(span.root.text) != "pays":
            return None
        for mention in before:
            entry = gaz.entries.get(mention.kb_id_)
            if mention.label_ == REGION and entry is not None and not entry.bloc:
                return REGION, mention.kb_id_
        return None

    def _heads(self) -> set[str]:
        return {fold(w) for w in [*self.rules["company_heads"], *self.rules["region_heads"]]}

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the rules so that a saved pipeline carries its own data."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "rules.json", self.rules)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ReferenceResolver:
        """Load what :meth:`to_disk` wrote."""
        self.set_rules(srsly.read_json(ensure_path(path) / "rules.json"))
        return self
