"""Who each candidate fact is attributed to: outlet, person, company, organisation or anonymous."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .base import RulesComponent
from .gazetteer import COMPANY, MEDIA, PERSON, slug
from .relations import FACTS_KEY, Candidate
from .pronouns import INTERVIEW_KEY
from .resolver import REFS_KEY

ATTRIBUTION_KEY = "kg_fact_attribution"  # doc.user_data: one Source | None per candidate fact
SOURCE_TYPES = ("Outlet", "Person", "Company", "Organization", "Anonymous")
_SUBJECT_DEPS = ("nsubj", "nsubj:pass", "expl:subj")
_DETERMINERS = ("le ", "la ", "les ", "l'", "un ", "une ", "des ", "du ", "de ", "d'")


@dataclass(frozen=True, slots=True)
class Source:
    """The source a statement is attributed to."""

    type: str  # one of SOURCE_TYPES
    name: str | None  # None for Anonymous
    id: str  # entity id (gazetteer id or slug of the name); "anonymous" for Anonymous


ANONYMOUS = Source("Anonymous", None, "anonymous")


@Language.factory("kg_attribution", default_config={}, requires=["doc.ents", "token.dep", "doc.user_data"], assigns=["doc.user_data"])
def make_attribution(nlp: Language, name: str) -> AttributionRules:
    """Create the attribution component (empty until ``initialize`` or ``from_disk``)."""
    return AttributionRules(nlp, name)


class AttributionRules(RulesComponent):
    """Find the source of each fact: "selon Reuters", "…, révèle Bloomberg", "a déclaré Tim Cook"."""

    rules_file = "attribution.yaml"

    def set_rules(self, rules: dict[str, Any]) -> None:
        """Index the lexicons of ``attribution.yaml``."""
        super().set_rules(rules)
        self._markers = re.compile(
            r"(?<![\w-])(?:" + "|".join(sorted(map(re.escape, rules["markers"]), key=len, reverse=True)) + r")\s+"
        )
        self._say = {w.lower() for w in rules["say_verbs"]}
        self._org_nouns = {w.lower() for w in rules["organization_nouns"]}
        self._orgs = {w.lower() for w in rules["organizations"]}
        self._orgs_in_text = re.compile(
            r"(?<![\w-])(?:" + "|".join(sorted(map(re.escape, self._orgs), key=len, reverse=True)) + r")(?![\w-])"
        )
        self._outlet_nouns = {w.lower() for w in rules.get("outlet_nouns", [])}
        self._anonymous = re.compile(
            r"(?<![\w-])(?:" + "|".join(sorted(map(re.escape, rules["anonymous"]), key=len, reverse=True)) + r")(?![\w-])"
        )

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[ATTRIBUTION_KEY] = [self.source_of(fact) for fact in doc.user_data.get(FACTS_KEY, [])]
        return doc

    def source_of(self, fact: Candidate) -> Source | None:
        """The source the fact's sentence credits, or None when the article speaks for itself."""
        sent = fact.sentence
        text = sent.text.lower().replace("’", "'")
        for match in self._markers.finditer(text):
            end = _phrase_end(text, match.end())
            source = self._classify(sent.doc.char_span(sent.start_char + match.end(), sent.start_char + end,
                                                       alignment_mode="expand"), text[match.end():end])
            if source is not None:
                return source
        for token in self._say_verbs(fact):
            subject = next((c for c in token.children if c.dep_ in _SUBJECT_DEPS), None)
            if subject is None and token.dep_ == "parataxis":
                # "…, révèle Bloomberg": the parser often makes the inverted subject an object
                subject = next((c for c in token.children if c.i > token.i and c.dep_ in ("obj", "nmod", "appos", "xcomp")), None)
            if subject is None or subject.pos_ == "PRON":
                continue
            span = sent.doc[subject.left_edge.i : subject.right_edge.i + 1]
            source = self._classify(span, span.text.lower().replace("’", "'"))
            if source is not None:
                return source
        source = self._incise(fact)
        if source is not None:
            return source
        if self._anonymous.search(text):
            return ANONYMOUS
        # an interview's answers are the interviewee's words, not the outlet's
        interview = sent.doc.user_data.get(INTERVIEW_KEY)
        if interview is not None and interview.person is not None and interview.answering(sent.start_char):
            name, key = interview.person
            return Source("Person", name, key)
        return None

    def _incise(self, fact: Candidate) -> Source | None:
        """A closing incise, whatever the parse: "…, rapporte le quotidien Nikkei.", "…, selon elle"."""
        sent = fact.sentence
        for token in sent:
            if token.i < fact.trigger.end or token.lemma_.lower() not in self._say:
                continue
            before = [t for t in sent.doc[sent.start : token.i] if not t.dep_.startswith("aux") and t.pos_ != "AUX"]
            if not before or before[-1].text != ",":
                continue
            end = token.i + 1
            while end < sent.end and sent.doc[end].text not in (",", ".", ";", ":", "!", "?", "(", "»"):
                end += 1
            phrase = sent.doc[token.i + 1 : end]
            if len(phrase) and phrase[0].lower_ in ("-t-il", "-t-elle", "-il", "-elle", "t", "il", "elle"):
                continue
            source = self._classify(phrase, phrase.text.lower().replace("’", "'")) if len(phrase) else None
            if source is not None:
                return source
        return None

    def _say_verbs(self, fact: Candidate) -> list[Token]:
        """Verbs of saying above the fact, then incises and the root of its sentence."""
        chain, node = [], fact.trigger.root
        while node.head.i != node.i:
            node = node.head
            chain.append(node)
        sent = fact.sentence
        incises = [t for t in sent if t.dep_ in ("parataxis", "ROOT") and t not in chain]
        return [t for t in [*chain, *incises] if t.lemma_.lower() in self._say and t.i not in range(fact.trigger.start, fact.trigger.end)]

    def _classify(self, span: Span | None, text: str) -> Source | None:
        """Type and name of the source a noun phrase names."""
        if span is None or not text.strip():
            return None
        if self._anonymous.search(text):
            return ANONYMOUS
        names: dict[str, str] = span.doc.user_data.get("kg_names", {})
        doc = span.doc
        # named sources first, then descriptions resolved to a company ("a fait savoir le groupe")
        refs = list(doc.spans[REFS_KEY]) if REFS_KEY in doc.spans else []
        ents = [e for e in [*doc.ents, *refs]
                if e.start >= span.start and e.end <= span.end and e.label_ in (MEDIA, PERSON, COMPANY)]
        if len({e.kb_id_ for e in ents if e.label_ == COMPANY}) > 1 and not any(e.label_ != COMPANY for e in ents):
            return None  # "Nvidia et Nokia ont officialisé…": the parties announcing together
        words = set(re.findall(r"[\w-]+", text))
        for ent in ents:
            name = names.get(ent.kb_id_, ent.text)
            if ent.label_ == MEDIA:
                return Source("Outlet", name, ent.kb_id_ or slug(name))
            if ent.label_ == PERSON:
                return Source("Person", ent.text, ent.kb_id_ or slug(ent.text))
            if name.lower() in self._orgs or ent.text.lower() in self._orgs:
                return Source("Organization", name, ent.kb_id_ or slug(name))
            return Source("Company", name, ent.kb_id_)
        if words & self._outlet_nouns and not words & self._org_nouns:
            name = _strip_determiner(" ".join(span.text.split()))
            return Source("Outlet", name, slug(name))
        if words & self._org_nouns:
            name = _strip_determiner(" ".join(span.text.split()))
            return Source("Organization", name, slug(name))
        known = self._orgs_in_text.search(text)
        if known:
            name = span.text[known.start() : known.end()]  # text is span.text lowercased, same offsets
            return Source("Organization", name, slug(name))
        return None


def _phrase_end(text: str, start: int) -> int:
    """Where the noun phrase after "selon" ends: a comma, a clause word or the sentence's end."""
    match = re.compile(r"[,;:.()«»\"]| qu[e']| que | qui | dont ").search(text, start)
    return match.start() if match else len(text)


def _strip_determiner(name: str) -> str:
    lowered = name.lower()
    for det in _DETERMINERS:
        if lowered.startswith(det):
            return name[len(det):].strip()
    return name
