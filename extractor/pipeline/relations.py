"""Relation rules: French triggers plus dependency paths give candidate facts between mentions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import srsly
import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import ensure_path

from .gazetteer import COMPANY, PRODUCT, REGION, Gazetteer
from .resolver import REFS_KEY

FACTS_KEY = "kg_facts"
_CLAUSE_DEPS = {"xcomp", "ccomp", "advcl", "conj", "acl", "acl:relcl", "parataxis"}
_SUBJ_DEPS = {"nsubj", "nsubj:pass", "expl:subj"}
_PRONOUN_SUBJECTS = {"il", "elle", "ils", "elles", "celui-ci", "celle-ci"}


@dataclass
class Candidate:
    """A fact found in one sentence, before modality is decided."""

    relation: str
    subject: Span
    object: Span | None
    trigger: Span
    rule: str
    confidence: float
    region: Span | None = None
    negation_in_trigger: bool = False
    modality: str = "Asserted"
    cues: list[str] = field(default_factory=list)

    @property
    def sentence(self) -> Span:
        """The sentence that states the fact."""
        return self.trigger.sent


@Language.factory(
    "kg_relation_rules",
    default_config={"gazetteer": "kg_gazetteer"},
    requires=["doc.ents", "token.dep", "token.lemma", "doc.spans"],
    assigns=["doc.user_data"],
)
def make_relation_rules(nlp: Language, name: str, *, gazetteer: str) -> RelationRules:
    """Create the relation rules component (empty until ``initialize`` or ``from_disk``)."""
    return RelationRules(nlp, name, gazetteer=gazetteer)


class RelationRules:
    """Fire trigger rules from ``relations.yaml`` and pick their arguments among the mentions."""

    def __init__(self, nlp: Language, name: str = "kg_relation_rules", *, gazetteer: str = "kg_gazetteer"):
        self.nlp = nlp
        self.name = name
        self.gazetteer_pipe = gazetteer
        self.rules: dict[str, Any] = {}
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._lemmas: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self._rule_by_key: dict[str, tuple[str, dict[str, Any]]] = {}

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer of the pipeline's gazetteer ruler."""
        return self.nlp.get_pipe(self.gazetteer_pipe).gazetteer

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None, data_dir: str | Path | None = None) -> None:
        """Load ``rules/relations.yaml`` from an ontology folder (default: the shipped one)."""
        from ..resources import ontology_dir

        folder = Path(data_dir) if data_dir else ontology_dir()
        self.set_rules(yaml.safe_load((folder / "rules" / "relations.yaml").read_text(encoding="utf-8")))

    def set_rules(self, rules: dict[str, Any]) -> None:
        """Install rules (as read from ``relations.yaml``) and index their triggers."""
        self.rules = rules
        self._phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._lemmas = {}
        self._rule_by_key = {}
        for relation, spec in rules["relations"].items():
            for rule in spec["rules"]:
                if rule.get("kind", "trigger") != "trigger":
                    continue
                key = f"{relation}/{rule['id']}"
                self._rule_by_key[key] = (relation, rule)
                phrases = []
                for lemma in rule["lemmas"]:
                    words = list(self.nlp.tokenizer(str(lemma).lower()))
                    if len(words) == 1:
                        self._lemmas.setdefault(words[0].text, []).append((relation, rule))
                    else:
                        phrases.append(self.nlp.tokenizer(str(lemma).lower()))
                if phrases:
                    self._phrases.add(key, phrases)
        local = rules["local_partner"]
        self._local_cues = [re.compile(r, re.I) for r in local["local_cues"]]
        self._obligation = [re.compile(r, re.I) for r in local["obligation_cues"]]

    # ------------------------------------------------------------------ running

    def __call__(self, doc: Doc) -> Doc:
        mentions = sorted([*doc.ents, *doc.spans[REFS_KEY]] if REFS_KEY in doc.spans else list(doc.ents), key=lambda s: s.start)
        mentions = [m for m in mentions if m.label_ in (COMPANY, PRODUCT, REGION)]
        facts: list[Candidate] = []
        for sent in doc.sents:
            in_sent = [m for m in mentions if m.start >= sent.start and m.end <= sent.end]
            before = [m for m in mentions if m.end <= sent.start]
            facts.extend(self._sentence_facts(sent, in_sent, before))
        doc.user_data[FACTS_KEY] = _dedupe(facts)
        return doc

    def _triggers(self, sent: Span) -> Iterator[tuple[Span, str, dict[str, Any]]]:
        doc = sent.doc
        for token in sent:
            for key in {token.lower_, token.lemma_.lower()}:
                for relation, rule in self._lemmas.get(key, []):
                    yield doc[token.i : token.i + 1], relation, rule
        for match_id, start, end in self._phrases(doc, as_spans=False):
            if start >= sent.start and end <= sent.end:
                relation, rule = self._rule_by_key[self.nlp.vocab.strings[match_id]]
                yield doc[start:end], relation, rule

    def _sentence_facts(self, sent: Span, mentions: list[Span], before: list[Span]) -> Iterator[Candidate]:
        relations = self.rules["relations"]
        if mentions:
            seen: set[tuple[int, str, str]] = set()
            for trigger, relation, rule in self._triggers(sent):
                key = (trigger.start, relation, rule["id"])
                if key in seen:
                    continue
                seen.add(key)
                yield from self._apply(trigger, relation, rule, relations[relation], mentions, before)
            for relation, spec in relations.items():
                for rule in spec["rules"]:
                    if rule.get("kind") == "adjacent":
                        yield from self._adjacent(relation, rule, spec, mentions)
        yield from self._local_partner(sent, mentions, before)

    def _apply(self, trigger: Span, relation: str, rule: dict[str, Any], spec: dict[str, Any],
               mentions: list[Span], before: list[Span]) -> Iterator[Candidate]:
        subj_label, obj_label = spec["subject"], spec["object"]
        to_maker = spec.get("product_subject_to_maker", False)
        head = trigger.root
        gov = _governor(head)
        confidence = float(rule.get("confidence", 0.7))
        subj_ok = {subj_label, PRODUCT} if to_maker else {subj_label}

        subject, passive_obj = self._subject(gov, head, mentions, subj_ok, rule)
        objects = self._objects(head, gov, mentions, obj_label, rule, exclude=subject)
        if passive_obj is not None and passive_obj.label_ == obj_label and rule.get("passive_swap", True):
            objects = [passive_obj, *[o for o in objects if o.kb_id_ != passive_obj.kb_id_]]
        if subject is None:
            subject = _nearest(mentions, trigger.start, subj_ok, before=True, exclude=objects)
            confidence -= 0.15
            if subject is None and head.i >= 0:
                subject = self._pronoun_subject(gov, before, subj_ok)
                confidence -= 0.1
        if not objects:
            fallback = _nearest(mentions, trigger.end, {obj_label}, before=False, exclude=[subject] if subject else [])
            objects = [fallback] if fallback is not None else []
            confidence -= 0.15
        if subject is None:
            return
        if rule.get("swap"):
            pairs = [(o, subject) for o in objects]
        else:
            pairs = [(subject, o) for o in objects]
        region = _region_of(trigger, mentions, pairs)
        for subj, obj in pairs:
            if subj.label_ not in subj_ok or obj.label_ != obj_label:
                continue
            if to_maker and subj.label_ == PRODUCT:
                maker = self.gazetteer.entries.get(subj.kb_id_)
                if maker is None or not maker.maker:
                    continue
                subj = Span(subj.doc, subj.start, subj.end, label=COMPANY, kb_id=maker.maker)
            if subj.kb_id_ == obj.kb_id_:
                continue
            yield Candidate(
                relation, subj, obj, trigger, f"{relation}/{rule['id']}", round(max(confidence, 0.1), 2),
                region=region if region is not None and region.kb_id_ not in (subj.kb_id_, obj.kb_id_) else None,
                negation_in_trigger=bool(rule.get("negation_in_trigger")),
            )

    def _subject(self, gov: Token, head: Token, mentions: list[Span], labels: set[str],
                 rule: dict[str, Any]) -> tuple[Span | None, Span | None]:
        """The subject mention of the clause, and the passive subject (an object) if any."""
        roles = rule.get("subject_roles")
        if roles:  # e.g. integratedInto: the thing integrated is the direct object
            for role in roles:
                for child in _role_children(head, gov, role):
                    found = _mention_at(child, mentions, labels)
                    if found is not None:
                        return found, None
        passive_obj = None
        node: Token | None = gov
        while node is not None:
            agent = [c for c in node.children if c.dep_ in ("obl:agent",) or (c.dep_.startswith("obl") and _prep(c) == "par")]
            for child in node.children:
                if child.dep_ in _SUBJ_DEPS:
                    target = child
                    if child.lower_ in ("qui", "lequel", "laquelle") and node.dep_.startswith("acl"):
                        target = node.head
                    found = _mention_at(target, mentions, labels | {PRODUCT, REGION, COMPANY})
                    if child.dep_ == "nsubj:pass" and agent:
                        passive_obj = found
                        for a in agent:
                            by = _mention_at(a, mentions, labels)
                            if by is not None:
                                return by, passive_obj
                        continue
                    if found is not None and found.label_ in labels:
                        return found, passive_obj
                    if found is not None:
                        return None, passive_obj
            node = node.head if node.dep_ in _CLAUSE_DEPS and node.head is not node else None
        # a noun trigger with "par X": "le rachat de Y par X"
        for child in head.children:
            if _prep(child) == "par":
                found = _mention_at(child, mentions, labels)
                if found is not None:
                    return found, None
        return None, passive_obj

    def _pronoun_subject(self, gov: Token, before: list[Span], labels: set[str]) -> Span | None:
        node: Token | None = gov
        while node is not None:
            for child in node.children:
                if child.dep_ == "nsubj" and child.lower_ in _PRONOUN_SUBJECTS:
                    for mention in reversed(before):
                        if mention.label_ in labels:
                            return mention
                    return None
            node = node.head if node.dep_ in _CLAUSE_DEPS and node.head is not node else None
        return None

    def _objects(self, head: Token, gov: Token, mentions: list[Span], label: str,
                 rule: dict[str, Any], exclude: Span | None) -> list[Span]:
        preps = rule.get("object_preps")
        roots: list[Token] = []
        if head is not gov:
            roots.append(head)  # a noun trigger: its own complements ("partenariat avec X")
        roots.append(gov)
        found: list[Span] = []
        for root in roots:
            for child in root.children:
                if child.dep_ in _SUBJ_DEPS or child.dep_ in ("punct", "cc", "mark", "aux", "aux:tense", "aux:pass", "cop"):
                    continue
                if child.dep_ in ("advcl", "ccomp", "parataxis", "conj", "acl:relcl") and root is gov:
                    continue  # another clause
                for mention in _mentions_in(child, mentions, label):
                    if exclude is not None and mention.kb_id_ == exclude.kb_id_:
                        continue
                    if preps is not None and _role(mention.root) not in preps:
                        continue
                    if mention not in found:
                        found.append(mention)
        return found

    def _adjacent(self, relation: str, rule: dict[str, Any], spec: dict[str, Any],
                  mentions: list[Span]) -> Iterator[Candidate]:
        gap = {w.lower() for w in rule["gap_words"]}
        need = {w.lower() for w in rule.get("requires_any", [])}
        first_label, second_label = spec["subject"], spec["object"]
        if rule.get("reverse"):
            first_label, second_label = second_label, first_label
        for i, first in enumerate(mentions):
            if first.label_ != first_label:
                continue
            for second in mentions[i + 1 :]:
                if second.start - first.end > rule.get("max_gap", 4):
                    break
                between = [t.lower_ for t in first.doc[first.end : second.start]]
                if second.label_ != second_label:
                    if second.start > first.end:
                        break
                    continue
                if not between or any(w not in gap for w in between):
                    break
                if need and not need.intersection(between):
                    break
                subj, obj = (second, first) if rule.get("reverse") else (first, second)
                trigger = first.doc[first.end : second.start]
                yield Candidate(relation, subj, obj, trigger, f"{relation}/{rule['id']}",
                                float(rule.get("confidence", 0.7)))
                break

    def _local_partner(self, sent: Span, mentions: list[Span], before: list[Span]) -> Iterator[Candidate]:
        text = sent.text
        local = next((m for r in self._local_cues for m in [r.search(text)] if m), None)
        if local is None or not any(r.search(text) for r in self._obligation):
            return
        spec = self.rules["local_partner"]
        regions = [m for m in mentions if m.label_ == REGION]
        region = regions[0] if regions else next((m for m in reversed(before) if m.label_ == REGION), None)
        confidence = float(spec.get("confidence", 0.8)) - (0 if regions else 0.15)
        if region is None:
            return
        start = sent.start_char + local.start()
        trigger = sent.doc.char_span(start, sent.start_char + local.end(), alignment_mode="expand") or sent
        yield Candidate("requiresLocalPartner", region, None, trigger, f"requiresLocalPartner/{spec['id']}",
                        round(confidence, 2))

    # ------------------------------------------------------------------ serialisation

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the rules so that a saved pipeline carries its own data."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "rules.json", self.rules)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RelationRules:
        """Load what :meth:`to_disk` wrote."""
        self.set_rules(srsly.read_json(ensure_path(path) / "rules.json"))
        return self


# ---------------------------------------------------------------------- parse helpers


def _governor(token: Token) -> Token:
    """The predicate a trigger belongs to: itself if verbal, else the verb above it."""
    node = token
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT" or node.head is node:
            return node
        if node.dep_ in ("conj",) and node.head.pos_ in ("NOUN", "PROPN"):
            node = node.head
            continue
        node = node.head
    return node


def _prep(token: Token) -> str | None:
    """The preposition introducing a nominal ("avec", "auprès de"), following conjunctions."""
    node = token
    for _ in range(4):
        cases = [c for c in node.children if c.dep_ in ("case", "mark") and c.i < node.i]
        if cases:
            words = [c.lower_ for c in sorted(cases, key=lambda c: c.i)]
            if len(words) > 1:
                return " ".join(words)
            return words[0].replace("d'", "de") if words[0] == "d'" else words[0]
        if node.dep_ == "conj" and node.head is not node:
            node = node.head
            continue
        break
    return None


def _role(token: Token) -> str:
    prep = _prep(token)
    if prep:
        if prep in ("d'",):
            return "de"
        return prep
    dep = token.dep_
    node = token
    while dep == "conj" and node.head is not node:
        node = node.head
        dep = node.dep_
    if dep in ("obj", "iobj", "nsubj:pass"):
        return "obj"
    return "none"


def _role_children(head: Token, gov: Token, role: str) -> Iterator[Token]:
    for root in dict.fromkeys([head, gov]):
        for child in root.children:
            if role == "obj" and child.dep_ in ("obj", "iobj"):
                yield child
            elif role == child.dep_:
                yield child
            elif role == "none" and child.dep_ in ("nmod", "appos") and _prep(child) is None:
                yield child


def _mention_at(token: Token, mentions: list[Span], labels: set[str]) -> Span | None:
    """The mention covering ``token``, else the first mention in its phrase."""
    for mention in mentions:
        if mention.start <= token.i < mention.end and mention.label_ in labels:
            return mention
    for mention in _mentions_in(token, mentions, None):
        if mention.label_ in labels and _role(mention.root) in ("none", "de"):
            return mention
    return None


def _mentions_in(token: Token, mentions: list[Span], label: str | None) -> list[Span]:
    """Mentions inside the phrase of ``token``, not crossing into embedded clauses."""
    tokens = set()
    stack = [token]
    while stack:
        node = stack.pop()
        tokens.add(node.i)
        for child in node.children:
            if child.dep_ in ("acl:relcl", "advcl", "ccomp", "parataxis") or child.dep_ in _SUBJ_DEPS:
                continue
            stack.append(child)
    return [m for m in mentions if m.root.i in tokens and (label is None or m.label_ == label)]


def _nearest(mentions: list[Span], index: int, labels: set[str], *, before: bool,
             exclude: Iterable[Span | None]) -> Span | None:
    skip = {m.kb_id_ for m in exclude if m is not None}
    pool = [m for m in mentions if m.label_ in labels and m.kb_id_ not in skip]
    if before:
        pool = [m for m in pool if m.end <= index]
        return pool[-1] if pool else None
    pool = [m for m in pool if m.start >= index]
    return pool[0] if pool else None


def _region_of(trigger: Span, mentions: list[Span], pairs: list[tuple[Span, Span]]) -> Span | None:
    """A region adverbial of the sentence ("En Chine, …", "sur le marché indien")."""
    used = {m.kb_id_ for pair in pairs for m in pair}
    for mention in mentions:
        if mention.label_ != REGION or mention.kb_id_ in used:
            continue
        if _prep(mention.root) in ("en", "au", "aux", "dans", "sur"):
            return mention
    return None


def _dedupe(facts: list[Candidate]) -> list[Candidate]:
    """One candidate per (sentence, relation, subject, object): the most confident."""
    best: dict[tuple, Candidate] = {}
    for fact in facts:
        obj = fact.object.kb_id_ if fact.object is not None else None
        key = (fact.sentence.start, fact.relation, fact.subject.kb_id_, obj)
        if key not in best or fact.confidence > best[key].confidence:
            best[key] = fact
    return list(best.values())
