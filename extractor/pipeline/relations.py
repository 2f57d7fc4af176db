"""Relation rules: French triggers plus dependency paths give candidate facts between mentions."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .base import RulesComponent
from .gazetteer import COMPANY, PRODUCT, REGION, Gazetteer, fold
from .pronouns import NOT_A_COMPANY_KEY
from .resolver import REFS_KEY
from .syntax import doc_text, in_other_clause, subject_like

FACTS_KEY = "kg_facts"
LISTS_KEY = "kg_lists"
CONTRASTS_KEY = "kg_contrasts"  # doc.user_data: (start, end) token ranges of contrast phrases
_CLAUSE_DEPS = {"xcomp", "ccomp", "advcl", "conj", "acl", "acl:relcl", "parataxis"}
_SUBJ_DEPS = {"nsubj", "nsubj:pass", "expl:subj"}
_PRONOUN_SUBJECTS = {"il", "elle", "ils", "elles", "celui-ci", "celle-ci"}
_NAME_TYPES = {"PRODUCT", "COMPANY"}  # a tagged name before a word makes it a verb, not a noun


_SENTENCE_END = (".", "!", "?", "…", "»", '"', "”", ")", ":", ";")


def _heading(sent: Span) -> bool:
    """A verbless title or heading ("Nothing et Mistral AI, l'alliance des outsiders"): a line of
    its own, no sentence-final punctuation, no finite verb; it names a topic, it states nothing."""
    text = sent.text.rstrip(" ")
    if not text.strip() or text.rstrip().endswith(_SENTENCE_END):
        return False  # checked first: most sentences end with a stop, and the verb test reads every token
    end = sent.start_char + len(text)
    if not (text.endswith("\n") or end >= len(doc_text(sent.doc)) or doc_text(sent.doc)[end] == "\n"):
        return False
    return not any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") for t in sent)


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
    # a relation stated inside a noun phrase ("Gemini, le modèle de Google") is not under the
    # clause's modal or negation: the rule fixes its modality
    fixed_modality: str | None = None
    # the sentence's negation belongs to the trigger itself ("ne peut pas … sans passer par")
    ignore_negation: bool = False
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


class RelationRules(RulesComponent):
    """Fire trigger rules from ``relations.yaml`` and pick their arguments among the mentions."""

    rules_file = "relations.yaml"

    def __init__(self, nlp: Language, name: str = "kg_relation_rules", *, gazetteer: str = "kg_gazetteer"):
        super().__init__(nlp, name)
        self.gazetteer_pipe = gazetteer
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._lemma_phrases = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._lemmas: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self._rule_by_key: dict[str, tuple[str, dict[str, Any]]] = {}

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer of the pipeline's gazetteer ruler."""
        return self.nlp.get_pipe(self.gazetteer_pipe).gazetteer

    def set_rules(self, rules: dict[str, Any]) -> None:
        """Install rules (as read from ``relations.yaml``) and index their triggers."""
        super().set_rules(rules)
        self._sets = {}
        self._doc_phrases = []
        self._local_hits: list[int] = []
        self._phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        # the same phrases matched on lemmas: "mettre un terme" also finds "a mis un terme"
        self._lemma_phrases = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self._lemmas = {}
        self._reflexives: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self._verb_phrases: dict[str, list[tuple[list[str], str, dict[str, Any]]]] = {}
        self._rule_by_key = {}
        self._may_trigger: dict[tuple[int, int], bool] = {}  # (LOWER, LEMMA) hashes -> any lexicon entry
        self._token_keys: list[tuple[int, int]] = []
        self._talks_lemmas: set[int] = set()  # lemma hashes of the talks an unnamed failure may refer to
        for relation, spec in rules["relations"].items():
            for rule in spec["rules"]:
                rule["_relation"] = relation
                if rule.get("kind", "trigger") != "trigger":
                    continue
                key = f"{relation}/{rule['id']}"
                self._rule_by_key[key] = (relation, rule)
                for noun in (rule.get("earlier_talks") or {}).get("nouns", []):
                    self._talks_lemmas.add(self.nlp.vocab.strings.add(noun))
                phrases = []
                for lemma in rule["lemmas"]:
                    words = list(self.nlp.tokenizer(str(lemma).lower()))
                    if len(words) == 2 and words[0].text in ("se", "s'", "s’"):
                        # "se mesurer", "s'emparer": the verb in any form, with its reflexive pronoun
                        self._reflexives.setdefault(words[1].text, []).append((relation, rule))
                    if len(words) == 1:
                        self._lemmas.setdefault(words[0].text, []).append((relation, rule))
                    else:
                        phrases.append(self.nlp.tokenizer(str(lemma).lower()))
                        if words[0].text.endswith(("er", "ir", "re")) and len(words[0].text) > 3:
                            # "passer au crible", "faire main basse": the verb in any form, the
                            # rest as written ("a passé au crible", "fait main basse")
                            self._verb_phrases.setdefault(words[0].text, []).append(
                                ([w.text for w in words[1:]], relation, rule))
                if phrases:
                    self._phrases.add(key, phrases)
                    # the phrase's words as the lemmatizer gives them ("mettre la main" is matched
                    # on "mettre le main": determiners are lemmatized to their masculine singular)
                    self._lemma_phrases.add(key, [Doc(self.nlp.vocab, words=[t.text for t in p],
                                                      lemmas=[_DET_LEMMAS.get(t.text, t.text) for t in p])
                                                  for p in phrases])
        local = rules["local_partner"]
        self._local_cues = [re.compile(r, re.I) for r in local["local_cues"]]
        # the document-wide scan runs on lower-cased text: far cheaper than re.I (cues are lower case)
        self._local_scan = [re.compile(r.lower()) for r in local["local_cues"]]
        self._obligation = [re.compile(r, re.I) for r in local["obligation_cues"]]
        self._obligation_nouns = re.compile(local.get("obligation_nouns", "(?!)"), re.I)
        self._negative_obligation = [re.compile(r, re.I) for r in local.get("negative_obligation_cues", [])]
        self._local_negated = [re.compile(r, re.I) for r in local.get("negated_cues", [])]

    # ------------------------------------------------------------------ running

    def __call__(self, doc: Doc) -> Doc:
        mentions = sorted([*doc.ents, *doc.spans[REFS_KEY]] if REFS_KEY in doc.spans else list(doc.ents), key=lambda s: s.start)
        mentions = [m for m in mentions if m.label_ in (COMPANY, PRODUCT, REGION)]
        # phrase triggers are matched once per document, then handed out per sentence
        self._doc_phrases = sorted({*self._phrases(doc, as_spans=False), *self._lemma_phrases(doc, as_spans=False)},
                                   key=lambda m: m[1])
        self._token_keys = [tuple(row) for row in doc.to_array([LOWER, LEMMA]).tolist()]
        mentions = self._without_sources(doc, mentions)
        self._name_ends = {m.end for m in mentions}
        doc.user_data[LISTS_KEY] = _surface_lists(doc, mentions)
        text = doc_text(doc)
        lowered = text.lower()
        contrasts = doc.user_data[CONTRASTS_KEY] = self._contrasts(doc, lowered)
        scan = self._local_scan if len(lowered) == len(text) else self._local_cues
        self._local_hits = sorted(m.start() for r in scan for m in r.finditer(lowered if scan is self._local_scan else text))
        facts: list[Candidate] = []
        self._facts_so_far, self._sent_starts = facts, []
        first = 0  # mentions are sorted: those before the sentence are a prefix
        for sent in doc.sents:
            self._sent_starts.append(sent.start)
            while first < len(mentions) and mentions[first].end <= sent.start:
                first += 1
            before = mentions[:first]
            in_sent = [m for m in mentions[first:] if m.start < sent.end and m.end <= sent.end]
            if _heading(sent):
                continue  # a title or heading announces what the body states: no fact of its own
            facts.extend(self._sentence_facts(sent, in_sent, before))
        if contrasts:
            facts = [f for f in facts if _fits_contrasts(f, contrasts)]
        symmetric = {r for r, spec in self.rules["relations"].items() if spec.get("symmetric")}
        facts = [self._recast(o) for f in facts if not self._foreign_product(f) for o in [self._oriented(f)] if o is not None]
        facts = self._overrides(_dedupe(self._converted(facts), symmetric))
        # an argument of the wrong type (a product's name the typer took for a firm's) makes no fact
        specs = self.rules["relations"]
        doc.user_data[FACTS_KEY] = [f for f in facts if f.relation not in specs or (
            f.subject.label_ == specs[f.relation]["subject"]
            and (f.object is None or f.object.label_ == specs[f.relation]["object"]))]
        return doc

    def _contrasts(self, doc: Doc, lowered: str) -> list[tuple[int, int]]:
        """Token ranges of the contrast phrases ("contrairement à sa rivale Anthropic"), found in
        the doc's lowercased text."""
        pattern = self._sets.get("contrast_markers")
        if pattern is None:
            # one pass over the text ("au contraire d'Apple": the elision stays on its word)
            words = sorted((re.escape(str(m).lower().replace("’", "'")) for m in self.rules.get("contrast_markers", [])),
                           key=len, reverse=True)
            pattern = self._sets["contrast_markers"] = re.compile(rf"(?<!\w)(?:{'|'.join(words)})") if words else None
        if pattern is None:
            return []
        out = []
        for match in pattern.finditer(lowered.replace("’", "'")):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is None:
                continue
            end, relative = span.start + 1, False
            while end < len(doc) and not doc[end].is_sent_start and (doc[end].text not in _CONTRAST_ENDS or (
                    doc[end].text == "," and not relative and end + 1 < len(doc)
                    and doc[end + 1].lower_ in ("qui", "dont", "où") and (relative := True))):
                end += 1
            out.append((span.start, end))
        return out

    def _oriented(self, fact: Candidate) -> Candidate | None:
        """The fact the right way round for its products' categories, or None if neither fits."""
        hosts = self.rules["relations"].get(fact.relation, {}).get("hosts_by_category")
        if not hosts or fact.object is None:
            return fact
        entries = self.gazetteer.entries
        a, b = entries.get(fact.subject.kb_id_), entries.get(fact.object.kb_id_)
        if a is None or b is None or a.category not in hosts or b.category not in hosts:
            return fact
        if b.category in hosts[a.category]:
            return fact
        if a.category in hosts[b.category]:
            return replace(fact, subject=fact.object, object=fact.subject)
        return None

    def _recast(self, fact: Candidate) -> Candidate:
        """The fact under a verb that makes it another relation ("a étudié un rachat de X":
        X considered, not acquired)."""
        recast = self.rules["relations"].get(fact.relation, {}).get("recast_under")
        if not recast:
            return fact
        verbs, node = set(recast["verbs"]), fact.trigger.root
        for _ in range(3):
            if node.head.i == node.i or node.dep_ not in ("obj", "nmod", "xcomp", "acl", "obl", "obl:arg", "obl:mod"):
                break
            node = node.head
            if node.pos_ == "VERB" and node.lemma_.lower() in verbs:
                return replace(fact, relation=recast["relation"], rule=f"{fact.rule}+{node.lemma_.lower()}")
        return fact

    def _foreign_product(self, fact: Candidate) -> bool:
        """The fact's product has a known maker that is not its subject, where the relation
        wants the subject's own product."""
        if fact.object is None or not self.rules["relations"].get(fact.relation, {}).get("object_maker_is_subject"):
            return False
        product, company = fact.object, fact.subject
        entry = self.gazetteer.entries.get(product.kb_id_)
        if entry is None or not entry.maker or entry.maker == company.kb_id_:
            return False
        return not self._same_group(entry.maker, company.kb_id_)

    def _same_group(self, a: str, b: str) -> bool:
        """One group under one brand: "Google DeepMind" makes Google's Gemini."""
        first, second = self.gazetteer.entries.get(a), self.gazetteer.entries.get(b)
        return bool(first and second and fold(first.name).split()[0] == fold(second.name).split()[0])

    def _without_sources(self, doc: Doc, mentions: list[Span]) -> list[Span]:
        """Drop the names that follow a source marker ("selon le cabinet IDC", "d'après
        Bloomberg"): a source is no party to the facts of its sentence."""
        markers = [str(m).lower().replace(" ", "") for m in self.rules.get("source_markers", [])]
        if not markers:
            return mentions
        out = []
        for mention in mentions:
            k, source = mention.start, False
            for steps in range(5):
                lead = "".join(t.lower_.replace("’", "'") for t in doc[max(mention.sent.start, k - 4) : k])
                # the name itself, or behind a determiner and a kind noun ("le cabinet", "l'agence")
                if (steps == 0 or doc[k].pos_ == "DET") and lead and any(lead.endswith(m) for m in markers):
                    source = True
                    break
                if k <= mention.sent.start or not doc[k - 1].is_lower or doc[k - 1].pos_ not in ("DET", "NOUN", "ADJ"):
                    break
                k -= 1
            if not source:
                out.append(mention)
        return out

    def _triggers(self, sent: Span) -> Iterator[tuple[Span, str, dict[str, Any]]]:
        doc = sent.doc
        for i in range(sent.start, sent.end):
            # most words are in no lexicon: skip them on their hashes, without making a Token
            hashes = self._token_keys[i]
            hit = self._may_trigger.get(hashes)
            if hit is None:
                hit = self._may_trigger[hashes] = self._in_lexicon(*hashes)
            if not hit:
                continue
            token = doc[i]
            keys = {token.lower_, token.lemma_.lower()}
            if token.pos_ in ("VERB", "AUX") or (token.lemma_.lower() == token.lower_ and token.is_lower and (
                    token.pos_ not in ("NOUN", "PROPN")
                    # a verb mistagged as a noun: no article or adjective before it ("et injecte")
                    or (token.i > sent.start and doc[token.i - 1].pos_ in ("CCONJ", "PRON", "ADV", "AUX")
                        and doc[token.i - 1].lower_ not in ("l'", "l’", "d'", "d’", "plus", "très"))
                    # or after the comma that closes an aside, with its object next ("…, équipe ses iPhone")
                    or (token.i > sent.start and doc[token.i - 1].text == "," and token.i + 1 < sent.end
                        and doc[token.i + 1].pos_ == "DET")
                    # or right after a name or a reference, with its object next ("La puce XRING
                    # O1 équipe le …", "La puce équipe le …")
                    or (token.i > sent.start and (doc[token.i - 1].ent_type_ in _NAME_TYPES or token.i in self._name_ends)
                        and token.i + 1 < sent.end
                        and doc[token.i + 1].pos_ == "DET"))):
                # the lemmatizer often leaves a conjugated verb as is ("dispute", "rachète"):
                # the infinitives its ending allows are looked up too
                keys.update(_infinitives(token.lower_))
            for key in keys:
                for relation, rule in self._lemmas.get(key, []):
                    yield doc[token.i : token.i + 1], relation, rule
            for key in keys:
                for rest, relation, rule in self._verb_phrases.get(key, []):
                    # adverbs may stand between the verb and the rest ("passe ainsi par", "faisait
                    # lui aussi appel à")
                    first = token.i + 1
                    while first < sent.end and first - token.i <= 3 and (
                            doc[first].pos_ == "ADV" or doc[first].lower_ in ("lui", "elle", "eux")) \
                            and doc[first].lower_ != rest[0]:
                        first += 1
                    end = first + len(rest)
                    if end <= sent.end and [t.lower_.replace("’", "'") for t in doc[first:end]] == rest:
                        yield doc[token.i : end], relation, rule
            reflexive_keys = [key for key in keys if key in self._reflexives]
            if reflexive_keys and token.pos_ in ("VERB", "AUX", "NOUN", "ADJ") and _reflexive(token):
                for key in reflexive_keys:
                    for relation, rule in self._reflexives[key]:
                        yield doc[token.i : token.i + 1], relation, rule
        for match_id, start, end in self._doc_phrases:
            if start >= sent.start and end <= sent.end:
                relation, rule = self._rule_by_key[self.nlp.vocab.strings[match_id]]
                yield doc[start:end], relation, rule

    def _in_lexicon(self, lower: int, lemma: int) -> bool:
        """Whether a word, by its form, lemma or a guessed infinitive, may start a trigger."""
        strings = self.nlp.vocab.strings
        form = strings[lower]
        keys = {form, strings[lemma].lower(), *_infinitives(form)}
        return any(k in self._lemmas or k in self._verb_phrases or k in self._reflexives for k in keys)

    def _sentence_facts(self, sent: Span, mentions: list[Span], before: list[Span]) -> Iterator[Candidate]:
        relations = self.rules["relations"]
        # a sentence that names nobody may still end talks reported before ("Les négociations
        # ont échoué")
        talks_only = not mentions and any(self._token_keys[i][1] in self._talks_lemmas for i in range(sent.start, sent.end))
        if mentions or talks_only:
            seen: set[tuple[int, str, str]] = set()
            for trigger, relation, rule in self._triggers(sent):
                if talks_only and not rule.get("earlier_talks"):
                    continue
                key = (trigger.start, relation, rule["id"])
                if key in seen:
                    continue
                seen.add(key)
                found = [] if rule.get("earlier_only") else list(self._apply(trigger, relation, rule, relations[relation], mentions, before))
                if not found and rule.get("clause_fallback"):
                    found = list(self._clause_fallback(trigger, relation, rule, relations[relation], mentions))
                if not found and rule.get("earlier_talks"):
                    found = self._earlier_talks(trigger, relation, rule)
                yield from _with_gapped(found, mentions, relations[relation])
            for relation, spec in relations.items() if mentions else ():
                for rule in spec["rules"]:
                    if rule.get("kind") == "adjacent":
                        yield from self._adjacent(relation, rule, spec, mentions)
                    elif rule.get("kind") == "possessive":
                        yield from self._possessive(relation, rule, spec, mentions, before)
                    elif rule.get("kind") == "known_maker":
                        yield from self._known_maker(relation, rule, spec, mentions)
                    elif rule.get("kind") == "default_on":
                        yield from self._default_on(relation, rule, spec, sent, mentions)
        yield from self._local_partner(sent, mentions, before)

    def _apply(self, trigger: Span, relation: str, rule: dict[str, Any], spec: dict[str, Any],
               mentions: list[Span], before: list[Span]) -> Iterator[Candidate]:
        subj_label, obj_label = spec["subject"], spec["object"]
        to_maker = spec.get("product_subject_to_maker", False)
        fact_subj_ok = {subj_label, PRODUCT} if to_maker else {subj_label}
        fact_obj_label = obj_label
        if rule.get("swap") and subj_label != obj_label:
            # "Google édite Gemini" for productOf(Gemini, Google): the clause's subject is the
            # fact's object, so the labels are looked for the other way round
            subj_label, obj_label = obj_label, subj_label
        head = trigger.root
        gov = _governor(head)
        confidence = float(rule.get("confidence", 0.7))
        holder_nouns = self._words(rule, "holder_nouns")
        if holder_nouns and (head.lemma_.lower() in holder_nouns or head.lower_ in holder_nouns) and head.pos_ == "NOUN":
            listed = list(self._holders(trigger, relation, rule, spec, head, mentions, before))
            if listed:
                yield from listed
                return
        # a trigger inside a longer name is no trigger ("Sequoia Capital", "Thrive Capital")
        if any(m.start <= trigger.start and trigger.end <= m.end and m.end - m.start > trigger.end - trigger.start
               for m in mentions):
            return
        # a trigger word is no argument ("Concurrent direct de Stellantis, …" tagged as a name)
        mentions = [m for m in mentions if not (m.start <= head.i < m.end) or m.end - m.start > trigger.end - trigger.start]
        if rule.get("skip_amod") and (head.dep_ == "amod" or (head.dep_ == "acl" and "Part" in head.morph.get("VerbForm"))) \
                and _mention_at(head.head, mentions, {spec["subject"], spec["object"]}) is None:
            return  # "les plateformes rivales": an adjective on a thing, not a rivalry between firms
        restrictive = rule.get("restrictive_after")
        if restrictive and trigger.end < trigger.sent.end \
                and trigger.doc[trigger.end].lower_.replace("’", "'") in restrictive:
            return  # "ne vend pas seulement des téléphones en Europe": it sells there
        if rule.get("requires_negation") and not _negated_here(head, rule["requires_negation"]):
            return  # "est présente en Inde" states a presence; only "n'est pas présente" an absence
        if rule.get("not_gerund") and trigger.start > trigger.sent.start and trigger.doc[trigger.start - 1].lower_ == "en" \
                and trigger[0].lower_.endswith("ant"):
            return  # "d'OVHcloud à Scaleway en passant par Ionos": an enumeration, no one goes through anyone
        if rule.get("passive_only") and not (any(c.dep_ == "aux:pass" for c in head.children) or (
                head.dep_ in ("acl", "appos") and "Part" in head.morph.get("VerbForm"))):
            return  # "X a cédé Y à Z" names a seller; only "Y a été cédé à Z" says who bought
        if rule.get("singular_only") and "Plur" in head.morph.get("Number"):
            return  # "les clients d'AWS": a kind of customer, none named
        if rule.get("passive_needs_agent") and any(c.dep_ == "aux:pass" for c in head.children) \
                and not any(c.dep_ == "obl:agent" or _prep(c) == "par" for c in head.children):
            return
        subj_ok = {subj_label, PRODUCT} if to_maker else {subj_label}
        cases = {c.lower_ for c in head.children if c.dep_ == "case"}
        if rule.get("counting_verbs"):
            yield from self._among(trigger, relation, rule, spec, mentions)
            return
        legal = rule.get("exclude_governors")
        if legal:
            # "son procès contre Arm", "une plainte contre X": a legal action, not a rivalry
            node = head.head if head.dep_ in ("case", "fixed") else head
            if node.dep_ == "fixed":
                node = node.head.head
            if node.head.lemma_.lower() in legal or _governor(node).lemma_.lower() in legal:
                return
        if head.dep_ in ("nmod", "compound") and head.head.lemma_.lower() in rule.get("exclude_head_nouns", []):
            return  # "le fonds d'investissement Silver Lake": a kind of firm, not an event
        if rule.get("require_case") and not cases.intersection(rule["require_case"]):
            return
        if cases.intersection(rule.get("exclude_case", [])):
            return
        if head.lemma_.lower() in rule.get("reflexive_only", []) and not any(c.lower_ in ("se", "s'", "s’") for c in head.children):
            return  # "s'offrir X" is buying it; "offrir des performances" is not
        idioms = rule.get("idiom_objects")
        if idioms and head.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "obj" and c.lemma_.lower() in idioms for c in head.children):
            return  # "reprendre l'avantage", "absorber les coûts": the verb's object is no company
        if {head.lemma_.lower(), *_infinitives(head.lower_)} & set(rule.get("not_reflexive", [])) and _reflexive(head):
            return  # "se livrer une guerre" is no delivery
        if rule.get("requires_stake") and not any(
                t.text == "%" or t.lower_ in ("pourcent", "part", "parts", "participation", "capital", "actions", "contrôle", "majorité")
                for c in head.children for t in [c, *c.children]):
            return  # "Arm, détenu à 90 % par SoftBank", "détient 10 % du capital": not "détient un record"
        market = self._words(rule, "share_of_nouns")
        if market and any(t.text == "%" and any(n.dep_ == "nmod" and n.lemma_.lower() in market for n in t.children)
                          for c in head.children for t in [c, *c.children]):
            return  # "détenir 50 % du marché chinois": a market share, not a stake
        fronted = _fronted_participle(head)
        # the company a fronted participle's "par" names ("Lancé en mai par Anthropic, …")
        agent = next((m for m in mentions if m.label_ in subj_ok and head.i < m.start and m.end <= fronted
                      and _prep(m.root) == "par"), None) if fronted is not None else None
        if fronted is not None and agent is None and any(
                c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and _prep(c) == "par") for c in head.children):
            return  # "Soutenu par l'État du Japon, Rapidus …": the one who acts is no company
        if fronted is not None and rule.get("participle_on_object"):
            # "Lancé en mai par Anthropic, Claude 4 séduit": the agent inside the fronted phrase
            # acts on the name the clause opens on after its comma
            owned = next((m for m in mentions if m.start > fronted), None)
            if agent is not None and owned is not None and owned.label_ == obj_label and owned.start - fronted <= 3 \
                    and owned.kb_id_ != agent.kb_id_:
                yield Candidate(relation, agent, owned, trigger, f"{relation}/{rule['id']}",
                                float(rule.get("confidence", 0.7)))
                return
        if rule.get("participle_on_object") and head.dep_ == "acl" and "Part" in head.morph.get("VerbForm"):
            # "Arm, détenu à 90 % par SoftBank": the agent holds the name the participle is on;
            # "Starlink Mini, le terminal compact présenté par SpaceX": or the name its noun describes
            owned = _mention_at(head.head, mentions, {obj_label})
            if owned is None and head.head.dep_ == "appos":
                owned = _mention_at(head.head.head, mentions, {obj_label})
            agent = next((m for m in mentions if m.label_ in subj_ok and head.i < m.start
                          and any(t.i == m.root.i for t in head.subtree) and _prep(m.root) == "par"), None)
            if owned is not None and agent is not None and owned.kb_id_ != agent.kb_id_:
                yield Candidate(relation, agent, owned, trigger, f"{relation}/{rule['id']}",
                                float(rule.get("confidence", 0.7)))
                return
            if rule.get("participle_only"):
                return
        generic = self._words(rule, "generic_adjectives")
        if generic and head.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in generic for c in head.children) \
                and not _mentions_in(head, mentions, None):
            return  # "leurs partenaires locaux": a kind of partner, no named one
        if rule.get("nouns_only") and head.pos_ in ("VERB", "AUX"):
            return  # "Thales s'est allié à Google": the verb, not the noun "un allié de"
        as_case = rule.get("exclude_complement_case")
        if as_case and any(c.dep_ in ("obl", "obl:arg", "obl:mod", "xcomp", "obj", "advcl") and any(
                g.dep_ in ("case", "mark") and g.lower_ in as_case for g in c.children) for c in head.children):
            return  # "Nvidia considère Huawei comme un concurrent": a judgement, not talks
        causative = self._words(rule, "requires_causative")
        if causative and not (head.head.lemma_.lower() in causative or any(c.lemma_.lower() in causative for c in head.children)):
            return
        nouns = self._words(rule, "object_nouns")
        if nouns:
            yield from self._lead(trigger, relation, rule, spec, head, nouns, mentions, before)
            return

        parties: list[Span] = []
        if "entre" in rule.get("object_preps", []) and head.pos_ == "NOUN" and subj_label == obj_label:
            # "une coentreprise entre le conglomérat HCL et le taïwanais Foxconn": the names
            # after "entre" are the parties, whoever the clause's subject is
            parties = _between(head, mentions, subj_ok)
        if len(parties) < 2 and rule.get("founders_are_partners") and head.pos_ == "NOUN":
            # "la coentreprise formée par OpenAI, SoftBank et Oracle": the founders pair up
            parties = _founders(head, mentions, subj_ok)
        if len(parties) >= 2:
            for k, a in enumerate(parties):
                for b in parties[k + 1 :]:
                    yield Candidate(relation, a, b, trigger, f"{relation}/{rule['id']}", confidence)
            return
        if rule.get("possessive_object") and head.pos_ == "NOUN":
            listed = self._possessive_apposition(trigger, relation, rule, spec, head, mentions, before)
            if listed is not None:
                yield from listed
                return
        if rule.get("fronted_phrase") and trigger.end - trigger.start > 1 and \
                all(t.is_punct for t in trigger.doc[trigger.sent.start : trigger.start]):
            yield from self._fronted(trigger, relation, rule, spec, mentions)
            return
        surface = _surface_agent(trigger, mentions, subj_ok, obj_label) if rule.get("surface_agent", True) else None
        if surface is not None:
            # "le rachat de X par Y", "X, la suite lancée l'an dernier par Y": read on the surface
            agent, patient = surface
            found = False
            # "financée par Google et Amazon": each listed agent
            for one in [agent, *_coordinated([agent], mentions, exclude=patient)[1:]]:
                pair = (patient, one) if rule.get("swap") else (one, patient)
                if pair[0].label_ in fact_subj_ok and pair[1].label_ == fact_obj_label and one.kb_id_ != patient.kb_id_:
                    yield Candidate(relation, pair[0], pair[1], trigger, f"{relation}/{rule['id']}+agent", confidence)
                    found = True
            if found:
                return
        subject, passive_obj = self._subject(gov, head, mentions, subj_ok, rule)
        if rule.get("apposed_subject") and head.pos_ == "NOUN" and len(trigger) == 1:
            # "Cerebras, le grand rival de Groq, …": a noun set beside a name says something of
            # that name, with its own complement; the clause's subject is someone else
            apposed = _apposed_name(trigger, mentions, subj_ok)
            if apposed is not None and (subject is None or subject.kb_id_ != apposed.kb_id_) \
                    and _mentions_in(head, [m for m in mentions if m.start > head.i], obj_label):
                subject, passive_obj, gov = apposed, None, head
        deal_nouns = rule.get("deal_nouns")
        deal_subject = next((c for c in gov.children if c.dep_ == "nsubj:pass"
                             and c.lemma_.lower() in deal_nouns), None) if deal_nouns else None
        if subject is not None and deal_subject is not None and passive_obj is None \
                and any(t.i == subject.root.i for t in deal_subject.subtree) \
                and {_role(subject.root), _role(subject[0])} & {"de", "d'", "d’", "du"}:
            # "Le projet de rachat d'Intel a été abandonné, Qualcomm jugeant …": the deal's target
            # is the object; who drops it is the subject of the participle beside, if any
            doer = next((m for c in gov.children if c.dep_ == "advcl" and "Part" in c.morph.get("VerbForm")
                         for s in c.children if s.dep_ == "nsubj" for m in [_mention_at(s, mentions, subj_ok)] if m), None)
            if doer is None:
                # "Le rachat de Mistral AI par Microsoft est suspendu": the deal's own agent
                doer = next((m for m in mentions if m.label_ in subj_ok and m.root.i in {t.i for t in deal_subject.subtree}
                             and _prep(m.root) == "par"), None)
            subject, passive_obj = (doer, subject) if doer is not None and doer.kb_id_ != subject.kb_id_ else (None, None)
            if subject is None:
                return
        if rule.get("noun_de_is_object") and subject is not None and head is not gov and head.pos_ == "NOUN" \
                and head.i not in range(subject.start, subject.end) and _role(subject.root) == "de" \
                and any(t.i == subject.root.i for t in head.subtree):
            # "Le rachat de CyberArk renforce Palo Alto …": the event noun heads the subject;
            # its "de" complement is what is bought, and the verb's complements are no argument
            agent = next((m for c in head.children if _prep(c) == "par" for m in [_mention_at(c, mentions, subj_ok)] if m), None)
            if agent is None:
                return
            subject, passive_obj, gov = agent, None, head
        objects = self._objects(head, gov, mentions, obj_label, rule, exclude=subject)
        inverted = False
        co_inverted: list[Span] = []
        co_agents: list[Span] = []
        if passive_obj is not None and passive_obj.label_ == obj_label and rule.get("passive_swap", True):
            if subject is not None:
                # "racheté par un consortium réunissant A, B et C": every listed agent acts
                phrase = subject.root
                for _ in range(6):
                    if phrase.dep_ == "obl:agent" or _prep(phrase) == "par" or phrase.head.i == phrase.i:
                        break
                    phrase = phrase.head
                inside = {t.i for t in phrase.subtree} if phrase.dep_ == "obl:agent" or _prep(phrase) == "par" else set()
                co_agents = [a for a in [*_coordinated([subject], mentions, exclude=passive_obj)[1:],
                                         *(m for m in mentions if m.root.i in inside)]
                             if a.kb_id_ not in (subject.kb_id_, passive_obj.kb_id_) and a.label_ in subj_ok]
                co_agents = list({a.kb_id_: a for a in co_agents}.values())
            agent_ids = {a.kb_id_ for a in co_agents}
            objects = [passive_obj, *[o for o in objects if o.kb_id_ != passive_obj.kb_id_ and o.kb_id_ not in agent_ids]]
        if subject is None and rule.get("subject_after_trigger"):
            after = _nearest(mentions, trigger.end, subj_ok, before=False, exclude=objects)
            if after is not None and after.start - trigger.end <= 2 and not any(
                    t.pos_ in ("VERB", "AUX", "ADP", "PUNCT") for t in trigger.doc[trigger.end : after.start]):
                subject = after
        if subject is None and any(c.dep_ == "nsubj" and c.lower_ in ("il", "elle") for c in gov.children):
            # "…, et il a participé au tour de X" with "il" left unresolved: the salient
            # subject of the text, not whichever name comes before in the sentence
            subject = self._pronoun_subject(gov, before, subj_ok)
            confidence -= 0.25
        if subject is None and rule.get("possessor_subject") and _possessed(trigger.root, rule["possessor_subject"]):
            # "Sa plus grosse opération reste le rachat de Beats": the company the text is about
            subject = _salient([m for m in [*before, *mentions] if m.end <= trigger.start and m not in objects], subj_ok)
            confidence -= 0.2
        if subject is None:
            # the sentence's opening name, even when the parse made it a bare complement
            bare = [o for o in objects if _role(o.root) == "none" and o.end <= trigger.start]
            subject = _topic(trigger, mentions, subj_ok, exclude=[o for o in objects if o not in bare])
            if subject is not None:
                objects = [o for o in objects if o.kb_id_ != subject.kb_id_]
            else:
                outside = [m for m in mentions if not in_other_clause(m, trigger)]
                subject = _nearest(outside, trigger.start, subj_ok, before=True, exclude=objects)
            if subject is None:
                # a badly parsed subject read as a complement ("Interrogée, Perplexity dément
                # tout accord avec Samsung"): the complement before the trigger is the subject
                earlier = [o for o in objects if o.end <= trigger.start and o.label_ in subj_ok]
                if earlier and len(objects) > 1:
                    subject = earlier[-1]
                    objects = [o for o in objects if o is not subject]
            confidence -= 0.15
            if subject is None and head.i >= 0:
                subject = self._pronoun_subject(gov, before, subj_ok)
                confidence -= 0.1
        if gov.dep_ == "acl:relcl" and head.i == gov.i and subject is not None and \
                not any(c.dep_ in _SUBJ_DEPS for c in gov.children) and \
                any(c.lower_ in _OBLIQUE_RELATIVES for c in gov.children if c.i < gov.i):
            # "un tour de table auquel ont participé Cisco et AMD": after an oblique relative
            # pronoun the name right after the verb is its (inverted) subject, and the subject
            # found above the relative clause is the other argument
            post = [o for o in objects if o.start > gov.i and _role(o.root) in ("obj", "none")
                    and o.kb_id_ != subject.kb_id_ and o.label_ in subj_ok]
            if post and subject.label_ == obj_label and subject.end <= gov.i:
                objects, inverted = [subject, *[o for o in objects if o not in post and o.kb_id_ != subject.kb_id_]], True
                subject = post[0]
                objects = [o for o in objects if o.kb_id_ != subject.kb_id_]
                co_inverted = [m for m in _coordinated([subject], mentions, exclude=None)[1:] if m.kb_id_ != objects[0].kb_id_]
        if not objects:
            # "Scale AI, dont il a acquis 49 %", "OpenAI, dans lequel Microsoft a investi",
            # "Intel, avec qui il conçoit des processeurs": the relative clause's antecedent
            antecedent = _relative_antecedent(gov, mentions, obj_label, rule.get("object_preps"))
            if antecedent is not None and (subject is None or antecedent.kb_id_ != subject.kb_id_):
                objects = [antecedent]
        if not objects and rule.get("relative_where"):
            # "l'Italie, où DeepSeek est bloqué": the place the relative clause hangs on
            for rel in (c for c in gov.children if c.lower_ == "où"):
                where = _mention_at(gov.head, mentions, {obj_label}) if gov.dep_ == "acl:relcl" else None
                if where is None:  # misparsed: the place named right before "où"
                    where = next((m for m in mentions if m.label_ == obj_label and rel.i - 2 <= m.end - 1 < rel.i), None)
                if where is not None:
                    objects = [where]
        if not objects and rule.get("place_pronoun") and any(
                c.lower_ == rule["place_pronoun"] and c.pos_ == "PRON" for n in dict.fromkeys([head, gov]) for c in n.children):
            # "Baidu, Pony.ai et WeRide n'y opèrent aucun véhicule": "y" is the place named just before
            # (in this sentence or the one before)
            places = [m for m in [*before[-6:], *mentions] if m.label_ == obj_label and m.end <= trigger.start
                      and m.sent.end >= trigger.sent.start - 1]
            if places:
                objects = [places[-1]]
                confidence -= 0.1
        mutual: list[tuple[Span, Span]] = []
        if rule.get("prefer_mutual"):
            objects = [o for o in objects if _role(o.root) in (rule.get("object_preps") or [])]
        if not objects and subject is not None and spec.get("mutual_subjects") and not self._separate_acts(head, gov, rule):
            # "Honda et Nissan ont mis fin aux discussions": the conjoined subjects are each
            # other's partners
            for other in _conjuncts(subject, mentions, {subj_label}):
                mutual.append((subject, other))
                if not spec.get("symmetric"):
                    mutual.append((other, subject))
        if mutual:
            pass
        elif not objects and rule.get("object_in_relative"):
            # "mettre un terme au projet qu'il menait avec Amazon": the complement's relative clause
            objects = [m for c in [*head.children, *gov.children] if c.dep_ in ("obj", "obl", "obl:arg", "obl:mod", "nmod")
                       for r in c.children if r.dep_ == "acl:relcl"
                       for m in _mentions_in(r, mentions, obj_label)
                       if subject is None or m.kb_id_ != subject.kb_id_][:1]
        if not objects and not mutual and rule.get("object_before") and self._bare_or_deal(head, gov, rule, trigger):
            # "Meta a approché la start-up, avant de renoncer": the partner named before
            # nor a name listed with the subject ("Microsoft et Amazon ont cessé …")
            fallback = _nearest(mentions, trigger.start, {obj_label}, before=True,
                                exclude=_list_mates(subject, mentions) if subject else [])
            if fallback is not None and _role(fallback.root) in rule.get("object_before_skip_preps", []):
                fallback = None  # "s'est tourné vers Alibaba après avoir rejeté …": the choice
            if fallback is not None and fallback.sent == trigger.sent:
                objects = [fallback]
                confidence -= 0.15
        if not objects and not mutual and rule.get("object_fallback") == "adjacent":
            # the parse missed the object: take the product right after the verb, when only
            # adverbials stand between ("a lancé mi-août ChatGPT Go", "devrait lancer en juin ses X")
            fallback = _nearest(mentions, trigger.end, {obj_label}, before=False, exclude=[subject] if subject else [])
            if fallback is not None:
                gap = list(trigger.doc[trigger.end : fallback.start])
                allowed_adp = self._words(rule, "fallback_gap_preps")
                # adverbials of time and place ("dans les prochains mois", "mercredi soir à San
                # José") and the product's kind noun ("sa nouvelle gamme") may stand between
                gap_nouns = self._words(rule, "fallback_gap_nouns")
                named = {i for m in mentions for i in range(m.start, m.end)}
                if len(gap) <= int(rule.get("fallback_max_gap", 4)) and all(
                    (t.pos_ not in ("VERB", "AUX", "SCONJ", "PRON", "PUNCT", "CCONJ", "PROPN", "NOUN")
                     or (t.pos_ in ("NOUN", "PROPN", "VERB") and (t.lower_ in gap_nouns or t.lemma_.lower() in gap_nouns))
                     or (t.pos_ in ("PROPN", "NOUN", "VERB", "X") and gap_nouns and t.i not in named and t.is_title))
                    and (t.pos_ != "ADP" or t.lower_ in allowed_adp) for t in gap
                ):
                    objects = [fallback]
                    confidence -= 0.1
        if not objects and not mutual and subject is not None and rule.get("possessive_object") and head.pos_ == "NOUN" \
                and any(c.dep_ == "det" and c.lower_ in ("son", "sa", "ses", "leur", "leurs") for c in head.children):
            # "SK Hynix domine. Samsung, son grand rival, …": the possessive names the other party,
            # the company named before the subject (in the sentence, else the one before)
            left = min(t.i for t in head.subtree)
            right = max(t.i for t in head.subtree)
            doc = trigger.doc
            # only in apposition to the subject's name ("Samsung, son grand rival," / "Son rival, BYD,")
            gap = [t for t in (doc[subject.end : left] if subject.end <= left else doc[right + 1 : subject.start])]
            if gap and all(t.text in (",", "(", "—", "-") for t in gap) and len(gap) <= 2:
                limit = min(subject.start, left)
                same = [m for m in mentions if m.end <= limit and m.label_ == obj_label and m.kb_id_ != subject.kb_id_]
                owner = same[-1] if same else None
                if owner is None:
                    prev = [m for m in before if m.label_ == obj_label and m.kb_id_ != subject.kb_id_]
                    if prev:
                        last_sent = prev[-1].sent
                        in_last = [m for m in prev if m.sent == last_sent]
                        if last_sent.end >= trigger.sent.start - 1:
                            owner = next((m for m in in_last if m.root.dep_.startswith("nsubj")), in_last[-1])
                if owner is not None:
                    objects = [owner]
                    confidence -= 0.1
        if not objects and not mutual and subject is not None and obj_label == COMPANY:
            # "SK Hynix, qui lui fournit ses mémoires", "créer une coentreprise avec lui": an
            # object pronoun stands for the company named before (other than the subject)
            preps = rule.get("object_preps") or []
            for node in [head]:
                for pron in node.children:
                    if pron.pos_ != "PRON" or pron.lower_ not in ("lui", "leur") \
                            or pron.dep_ in _SUBJ_DEPS:
                        continue
                    role = _prep(pron) or ("à" if pron.i < node.i else None)
                    if role is None or (role not in preps and _PREP_ALIASES.get(role) not in preps):
                        continue
                    pool = [m for m in [*before[-8:], *mentions] if m.end <= pron.i and m.label_ == obj_label
                            and m.kb_id_ != subject.kb_id_ and (m.sent == trigger.sent or m.sent.end >= trigger.sent.start - 1)]
                    if pool:
                        objects = [pool[-1]]
                        confidence -= 0.1
                        break
                if objects:
                    break
        guessed_object = False
        round_words = self._words(rule, "implicit_round_triggers")
        implicit = bool(round_words) and (
            trigger.text.lower().replace("’", "'") in round_words
            or any(" ".join([verb, *(t.lower_ for t in trigger[1:])]) in round_words
                   for verb in {trigger[0].lemma_.lower(), *_infinitives(trigger[0].lower_)}))
        round_nouns = set(rule.get("implicit_round_nouns", []))
        if implicit and round_nouns:
            # "a participé à l'opération": only a complement that names the round
            implicit = any(c.lemma_.lower() in round_nouns for n in dict.fromkeys([head, gov]) for c in n.children
                           if c.dep_ in ("obl", "obl:arg", "obl:mod", "obj"))
        if implicit and subject is not None and objects:
            # "Nvidia, Bpifrance et Lightspeed ont remis au pot": the subject's list mates are
            # investors beside it, not what they invest in
            mates = {m.kb_id_ for m in _list_mates(subject, mentions)}
            objects = [o for o in objects if not (o.kb_id_ in mates and o.end <= trigger.start)]
        if not objects and not mutual and subject is not None and implicit:
            # "Nvidia et Bpifrance ont remis au pot", "Microsoft, entré au capital en 2024": the
            # round is the one the article just told of; its company is the target
            raiser = self._fundraiser(trigger, mentions, before, exclude=subject)
            if raiser is not None:
                objects = [raiser]
                confidence -= 0.1
        if not objects and not mutual and not rule.get("object_fallback") and not rule.get("no_object_fallback"):
            fallback = _nearest(mentions, trigger.end, {obj_label}, before=False, exclude=[subject] if subject else [])
            if fallback is not None and any(c.dep_ in ("xcomp", "ccomp", "advcl") and "Inf" in c.morph.get("VerbForm")
                                            and trigger.end <= c.i < fallback.start for c in head.children):
                fallback = None  # "s'est engagé à investir … dans OpenAI": the name is the infinitive's
            objects = [fallback] if fallback is not None else []
            guessed_object = True
            confidence -= 0.15
        if subject is None:
            return
        objects = _coordinated(objects, mentions, exclude=subject)
        not_under = rule.get("exclude_object_heads")
        if not_under:
            # "a écarté Baidu au profit d'Alibaba": the one chosen instead is no object
            objects = [o for o in objects if o.root.head.lemma_.lower() not in not_under]
        clause_subjects = {i for o in objects for i in _next_clause_subject(o, mentions, trigger)}
        objects = [o for o in objects if o.start not in clause_subjects]
        if rule.get("not_through_infinitive") and head.pos_ in ("VERB", "AUX"):
            # "envisagerait d'entrer au capital de Visionox": the name is the infinitive's, the
            # verb is a plan of that act (read by the infinitive's own rule), not talks with it
            objects = [o for o in objects if not _under_infinitive(o.root, head)]
        if head.pos_ in ("VERB", "AUX"):
            # "a écarté Samsung et retenu TSMC" (TSMC parsed as écarté's object): a name after a
            # conjoined verb of the trigger is that verb's
            conj_verbs = [c.i for c in head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and c.i > trigger.end]
            objects = [o for o in objects if not any(v < o.start for v in conj_verbs)]
        preferred = rule.get("preferred_preps")
        if preferred and any(_role(o.root) in preferred for o in objects):
            # "intégrés à Apple Intelligence sur les iPhone": the host, not where it runs
            objects = [o for o in objects if _role(o.root) in preferred or _role(o.root) in ("de", "du", "d'")]
        co_subjects: list[Span] = []
        if rule.get("host_is_subject") and head.i == gov.i and head.pos_ == "VERB" and subject is not None \
                and not (preferred and any(_role(o.root) in preferred for o in objects)):
            # "Le catalogue d'AI Endpoints intègre Llama 3.1 et Mistral Nemo": with no "dans/à"
            # complement, the host is the active verb's grammatical subject, and the other
            # direct objects are integrated too
            nsubj = next((c for c in head.children if c.dep_ == "nsubj"), None)
            host = _mention_at(nsubj, mentions, {obj_label}) if nsubj is not None else None
            if host is not None and host.kb_id_ != subject.kb_id_:
                co_subjects = [o for o in objects if o.start > head.i and _role(o.root) in ("obj", "none")
                               and o.kb_id_ not in (subject.kb_id_, host.kb_id_)]
                objects = [host]
        if mutual:
            pairs = mutual
        elif rule.get("swap"):
            pairs = [(o, subject) for o in objects]
        else:
            pairs = [(subject, o) for o in objects]
        if rule.get("skip_companions") and not mutual and not rule.get("swap"):
            # "a injecté 500 millions dans X, aux côtés de Bosch et de Schwarz": the companions
            # take part in the same act
            sides = [c for n in dict.fromkeys([head, gov]) for c in n.children
                     if c.lemma_.lower() in ("côté", "côtés") and _prep(c) in ("aux", "à", "au")]
            companions = [m for c in sides for m in _mentions_in(c, mentions, None)
                          if m.label_ in subj_ok and not _under_apposition(m.root, c)]
            companions = _coordinated(companions, mentions, exclude=subject) if companions else []
            co_subjects += [c for c in companions if c.kb_id_ != subject.kb_id_
                            and all(c.kb_id_ != o.kb_id_ for o in objects)]
        if co_subjects and not mutual:
            pairs += [(c, o) for c in co_subjects for o in objects]
        if not mutual and subject is not None and not guessed_object:
            # "les deux groupes ont signé avec Toyota": a collective reference stands for each
            for other in _collective_partners(subject, mentions):
                pairs += [((o, other) if rule.get("swap") else (other, o)) for o in objects if o.kb_id_ != other.kb_id_]
        if not mutual and subject is not None and not guessed_object and objects:
            # "Samsung et SK hynix ont signé avec OpenAI", "Nvidia, Bpifrance et Lightspeed ont
            # remis au pot": each member of a conjoined subject takes part in the act
            for other in _subject_list(subject, trigger, mentions, subj_ok):
                if any(other.kb_id_ == o.kb_id_ for o in objects):
                    continue
                pairs += [((o, other) if rule.get("swap") else (other, o)) for o in objects if o.kb_id_ != other.kb_id_]
        if co_agents and passive_obj is not None and not mutual and not rule.get("swap"):
            pairs += [(a, passive_obj) for a in co_agents]
        if inverted and not mutual:
            pairs += [((objects[0], s2) if rule.get("swap") else (s2, objects[0])) for s2 in co_inverted]
        region = _region_of(trigger, mentions, pairs)
        for subj, obj in pairs:
            if subj.label_ not in fact_subj_ok or obj.label_ != fact_obj_label:
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

    def _earlier_talks(self, trigger: Span, relation: str, rule: dict[str, Any]) -> list[Candidate]:
        """"Les négociations ont échoué": with no party named, the talks are the last ones the
        text reported (within ``earlier_talks.window`` sentences before)."""
        spec = rule["earlier_talks"]
        nouns = set(spec["nouns"])
        gov = _governor(trigger.root)
        talks = next((c for c in gov.children if c.dep_ in _SUBJ_DEPS and c.lemma_.lower() in nouns), None)
        if talks is None and trigger.root.pos_ == "NOUN":  # "l'échec des négociations"
            talks = next((c for c in trigger.root.children if c.dep_ == "nmod" and c.lemma_.lower() in nouns), None)
        if talks is None or any(t.ent_type_ for t in talks.subtree):
            return []
        starts = [s for s in self._sent_starts if s < trigger.sent.start][-int(spec.get("window", 2)):]
        earlier = [f for f in self._facts_so_far if f.relation in spec["relations"] and f.object is not None
                   and starts and f.trigger.sent.start >= starts[0]]
        if not earlier:
            return []
        last = max(earlier, key=lambda f: f.trigger.start)
        return [Candidate(relation, last.subject, last.object, trigger, f"{relation}/{rule['id']}+earlier",
                          float(rule.get("confidence", 0.7)) - 0.15)]

    def _clause_fallback(self, trigger: Span, relation: str, rule: dict[str, Any], spec: dict[str, Any],
                         mentions: list[Span]) -> Iterator[Candidate]:
        """The parse gave no argument pair: in the trigger's clause (between clause breaks),
        exactly one mention of the right type before the verb and one after it ("Windows 11
        intègre Copilot", "Le Galaxy S25 embarque Gemini"). ``forward``: the one before is the
        fact's subject; ``reverse``: the one after is."""
        doc, sent = trigger.doc, trigger.sent
        head = trigger.root
        if trigger.end - trigger.start > 1 and head.pos_ not in ("VERB", "AUX"):
            return
        verb_like = head.pos_ in ("VERB", "AUX") or (
            head.pos_ in ("NOUN", "ADJ", "PROPN", "X") and head.is_lower and head.lemma_.lower() == head.lower_
            and head.i > sent.start and doc[head.i - 1].pos_ not in ("DET", "ADP", "ADJ", "NUM")
            and bool(_infinitives(head.lower_) & set(map(str, rule["lemmas"]))))
        if not verb_like:
            return  # only a verb states a clause's relation ("son procès contre Arm" is none)
        if head.lemma_.lower() in rule.get("reflexive_only", []) and not any(c.lower_ in ("se", "s'", "s’") for c in head.children):
            return  # "avoir reçu la moindre offre d'Apple" (tagged the verb "offrir") buys nothing
        # an active verb only: a passive or a participle is read by the parse or the surface agent
        if head.i > sent.start and (doc[head.i - 1].lower_ in ("est", "sont", "été", "était", "étaient", "sera", "seront")
                                    or any(c.dep_ == "aux:pass" for c in head.children)):
            return
        breaks = {",", ";", ":", "(", ")", "«", "»", "—", "qui", "que", "qu'", "qu’", "dont", "où", "mais", "tandis",
                  "alors", "lorsque", "quand", "si", "car", "puisque"}
        start = trigger.start
        while start > sent.start and doc[start - 1].lower_ not in breaks:
            start -= 1
        end = trigger.end
        while end < sent.end and doc[end].lower_ not in breaks and doc[end].pos_ not in ("VERB",) and not \
                (doc[end].lower_ in ("et", "ou") and end + 1 < sent.end and doc[end + 1].pos_ in ("VERB", "AUX")):
            end += 1
        subj_label, obj_label = spec["subject"], spec["object"]
        direction = rule["clause_fallback"]
        first_label, second_label = (subj_label, obj_label) if direction == "forward" else (obj_label, subj_label)
        # a list counts as one name, each member then gets the fact ("les Galaxy S26 et S26+ embarquent X")
        left = _as_lists([m for m in mentions if start <= m.start and m.end <= trigger.start])
        right = _as_lists([m for m in mentions if trigger.end <= m.start and m.end <= end])
        lefts = [g for g in left if all(m.label_ == first_label for m in g)]
        rights = [g for g in right if all(m.label_ == second_label for m in g)]
        if len(lefts) != 1 or len(rights) != 1 or len(left) != 1:
            return
        # the one after the verb must be its complement, not a name in an adverbial
        gap = [t for t in doc[trigger.end : rights[0][0].start]]
        if any(t.pos_ == "ADP" and t.lower_ not in set(rule.get("clause_fallback_preps", [])) for t in gap):
            return
        for a in lefts[0]:
            for b in rights[0]:
                subj, obj = (a, b) if direction == "forward" else (b, a)
                if subj.kb_id_ != obj.kb_id_:
                    yield Candidate(relation, subj, obj, trigger, f"{relation}/{rule['id']}+clause",
                                    round(float(rule.get("confidence", 0.7)) - 0.2, 2))

    def _fronted(self, trigger: Span, relation: str, rule: dict[str, Any], spec: dict[str, Any],
                 mentions: list[Span]) -> Iterator[Candidate]:
        """"Face à Intel et à Samsung, TSMC …": a sentence-initial phrase names the objects,
        the subject follows the comma that closes it (read on the surface)."""
        doc, sent = trigger.doc, trigger.sent
        first = next((m for m in mentions if m.start >= trigger.end and m.label_ == spec["object"]), None)
        if first is None or any(not (t.is_lower or t.is_punct) and t.pos_ != "DET" for t in doc[trigger.end : first.start]):
            return
        objects = _coordinated([first], mentions, exclude=None)
        last = max(o.end for o in objects)
        comma = next((t.i for t in doc[last : sent.end] if t.text == ","), None)
        if comma is None:
            return
        # skip a relative clause on the last object ("…, qui peinent …, TSMC")
        if comma + 1 < sent.end and doc[comma + 1].lower_ in ("qui", "que", "qu'", "qu’", "dont", "où"):
            comma = next((t.i for t in doc[comma + 1 : sent.end] if t.text == ","), None)
            if comma is None:
                return
        subject = next((m for m in mentions if m.start > comma and m.label_ == spec["subject"]), None)
        if subject is None or any(t.pos_ in ("VERB", "AUX") for t in doc[comma + 1 : subject.start]):
            return
        # "Face à BYD, Leapmotor et Xpeng …": each member of a subject list
        following = _coordinated([subject], mentions, exclude=None)[1:]
        subjects = [subject, *following] if following and _opens_clause(following[-1]) is not None else [subject]
        for subject in subjects:
            for obj in objects:
                if obj.kb_id_ != subject.kb_id_:
                    # a framing adverbial states the rivalry as background: the main verb's
                    # modal ("la start-up veut incarner …") is not about it
                    yield Candidate(relation, subject, obj, trigger, f"{relation}/{rule['id']}",
                                    float(rule.get("confidence", 0.7)), fixed_modality="Asserted")

    def _possessive_apposition(self, trigger: Span, relation: str, rule: dict[str, Any], spec: dict[str, Any],
                               head: Token, mentions: list[Span], before: list[Span]) -> list[Candidate] | None:
        """"… face à Ericsson et Huawei, ses deux grands concurrents, …": a possessive noun in
        apposition to a name or a list; each listed name stands in the relation to the owner of
        the possessive, the company named before the list (in the sentence, else the subject
        of the sentence before), never one of the listed names."""
        doc = trigger.doc
        det = [c for c in head.children if c.dep_ == "det" and c.lower_ in ("son", "sa", "ses", "leur", "leurs") and c.i < head.i]
        if not det:
            return None
        left = det[0].i
        if left < 2 or doc[left - 1].text != ",":
            return None
        if any(t.pos_ not in ("ADJ", "NUM", "ADV") for t in doc[left + 1 : head.i]):
            return None
        label = spec["object"]
        last = next((m for m in mentions if m.end == left - 1 and m.label_ == label), None)
        if last is None:
            return None
        listed = [*_preceding_list(last, mentions), last]
        ids = {m.kb_id_ for m in listed}
        first = min(m.start for m in listed)
        if first == trigger.sent.start or doc[first - 1].text in (",", ":", "(") and first - 1 == trigger.sent.start:
            return None  # "Samsung, son grand rival, …" at the head of the sentence: the usual reading
        owner = next((m for m in reversed(mentions) if m.end <= first and m.label_ == label and m.kb_id_ not in ids), None)
        if owner is None:
            prev = [m for m in before if m.label_ == label and m.kb_id_ not in ids]
            if not prev or prev[-1].sent.end < trigger.sent.start - 1:
                return []
            in_last = [m for m in prev if m.sent == prev[-1].sent]
            owner = next((m for m in in_last if subject_like(m)), in_last[-1])
        confidence = float(rule.get("confidence", 0.7)) - 0.05
        return [Candidate(relation, m, owner, trigger, f"{relation}/{rule['id']}", confidence) for m in listed]

    def _bare_or_deal(self, head: Token, gov: Token, rule: dict[str, Any], trigger: Span | None = None) -> bool:
        """The trigger has no nominal complement, or only one naming a deal ("renoncer à cette
        piste", "se retirer des discussions")."""
        deals = self._words(rule, "deal_nouns")
        comps = [c for c in head.children if c.dep_ in ("obj", "obl", "obl:arg", "obl:mod", "iobj")
                 and c.pos_ in ("NOUN", "PROPN", "PRON")]
        comps = [c for c in comps if c.lemma_.lower() not in ("an", "année", "mois", "moment", "temps", "jour", "semaine", "printemps", "été", "automne", "hiver", "bout")
                 and not c.like_num]
        # an idiom's own words ("jeter l'éponge") are no complement when nothing else is there
        if trigger is not None and all(trigger.start <= c.i < trigger.end for c in comps):
            comps = []
        # "rejeté un partenariat avec le moteur de recherche": the partner is named there
        if any(_prep(n) in ("avec", "entre") for c in comps for n in c.children if n.dep_ == "nmod"):
            return False
        return all(c.lemma_.lower() in deals for c in comps)

    def _among(self, trigger: Span, relation: str, rule: dict[str, Any], spec: dict[str, Any],
               mentions: list[Span]) -> Iterator[Candidate]:
        """"Perplexity compte Nvidia et SoftBank parmi ses investisseurs": holders → subject."""
        doc, sent = trigger.doc, trigger.sent
        i = trigger.start - 1
        while i > sent.start and doc[i].lower_ in ("ses", "leurs", "les", "son", "sa", "leur", "principaux", "premiers", "grands", "nouveaux"):
            i -= 1
        if doc[i].lower_ != "parmi":
            return
        verbs = self._words(rule, "counting_verbs", required=True)
        verb = next((t for t in reversed(list(doc[sent.start : i])) if t.lower_ in verbs), None)
        if verb is None:
            return
        label = spec["subject"]
        holders = [m for m in mentions if m.label_ == label and m.start > verb.i and m.end <= i]
        if not holders:
            # "revendique parmi ses clients China Mobile et iFlytek": the list follows the noun
            after = trigger.end + (trigger.end < sent.end and doc[trigger.end].text in (":", ","))
            first = next((m for m in mentions if m.label_ == label and m.start == after), None)
            holders = _coordinated([first], mentions, exclude=None) if first is not None else []
        target, _ = self._subject(verb, verb, mentions, {spec["object"]}, {})
        if target is None or target in holders:
            prev = doc[verb.i - 1] if verb.i > sent.start else None
            if prev is not None and prev.lower_ in ("elles", "ils"):
                return  # a plural subject: which one is unclear
            if prev is not None and prev.lower_ == "qui":
                # "La start-up, qui compte SAP … parmi ses actionnaires"
                target = next((m for m in reversed(mentions) if m.end <= prev.i and m.label_ == spec["object"]), None)
            else:
                pool = [m for m in mentions if m.end <= verb.i and m.label_ == spec["object"]]
                target = pool[0] if pool else None
        if target is None:
            return
        for holder in holders:
            if holder.kb_id_ != target.kb_id_:
                yield Candidate(relation, holder, target, trigger, f"{relation}/{rule['id']}",
                                float(rule.get("confidence", 0.7)))

    def _holders(self, trigger: Span, relation: str, rule: dict[str, Any], spec: dict[str, Any], head: Token,
                 mentions: list[Span], before: list[Span]) -> Iterator[Candidate]:
        """A noun naming holders ("les investisseurs de Wiz, parmi lesquels Sequoia et Index",
        "Nvidia figure parmi les actionnaires de Mistral AI", "ses soutiens, dont SoftBank"):
        the listed names, or the subject of "figurer parmi", hold a stake in the noun's owner
        (its "de" complement, else the company a possessive points to)."""
        doc, sent = trigger.doc, trigger.sent
        holder_label, target_label = spec["subject"], spec["object"]
        markers = [[t.lower_ for t in self.nlp.tokenizer(str(m).lower())] for m in rule.get("holder_markers", [])]
        # the owner: the noun's "de" complement
        phrase = [t for t in head.subtree if t.i >= head.i and not (t.dep_ == "acl:relcl" or t.lower_ in ("lesquels", "lesquelles", "dont"))]
        target = next((m for m in mentions if m.label_ == target_label and m.start > head.i
                       and any(t.i == m.root.i for t in phrase) and _role(m.root) == "de"
                       and m.start - head.i <= 6), None)
        owner_by_possessive = any(c.dep_ == "det" and c.lower_ in ("son", "sa", "ses", "leur", "leurs") for c in head.children)
        if target is None and owner_by_possessive:
            # "Ses actionnaires" already linked to its company by the pronoun resolver
            target = next((m for m in mentions if m.label_ == target_label and m.start <= head.i < m.end
                           and doc[m.start].lower_ in ("son", "sa", "ses", "leur", "leurs")), None)
        holders: list[Span] = []
        # "…, parmi lesquels A et B", "…, dont A et B": a list introduced after the noun's phrase
        end = max([head.i, *(m.end - 1 for m in [target] if m is not None)]) + 1
        for k in range(end, min(end + 3, sent.end)):
            if doc[k].text in (",", "("):
                continue
            for marker in markers:
                if [t.lower_ for t in doc[k : k + len(marker)]] == marker:
                    first = next((m for m in mentions if m.start >= k + len(marker) and m.label_ == holder_label), None)
                    if first is not None and all(t.pos_ in ("DET", "ADJ", "NUM", "PUNCT") or t.is_lower
                                                 for t in doc[k + len(marker) : first.start]) \
                            and first.start - (k + len(marker)) <= 3:
                        holders = _coordinated([first], mentions, exclude=target)
                    break
            break
        # "Nvidia figure parmi les actionnaires de X", "fait partie des investisseurs de X"
        if not holders and ({c.lower_ for c in head.children if c.dep_ == "case"} & {"parmi"}
                            or head.head.lemma_.lower() == "partie"):
            verb = _governor(head)
            nsubj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            found = _mention_at(nsubj, mentions, {holder_label}) if nsubj is not None else None
            if nsubj is not None and nsubj.lower_ in ("qui", "lequel", "laquelle") and verb.dep_.startswith("acl"):
                found = _mention_at(verb.head, mentions, {holder_label})
            counting = self._words(rule, "holder_counting_verbs")
            if any(c.dep_ in ("obj", "iobj") for c in verb.children) or any(t.lower_ in counting for t in doc[sent.start : head.i]):
                found = None  # "X compte A et B parmi ses actionnaires": rule among-holders
            if found is not None:
                holders = [found, *_conjuncts(found, mentions, {holder_label})]
        if not holders:
            return
        if target is None and owner_by_possessive:
            # "ses actionnaires": the company the sentence is about, else the one named before
            ids = {h.kb_id_ for h in holders}
            pool = [m for m in mentions if m.label_ == target_label and m.end <= head.i and m.kb_id_ not in ids]
            target = pool[-1] if pool else next((m for m in reversed(before) if m.label_ == target_label
                                                 and m.kb_id_ not in ids), None)
        if target is None:
            return
        for holder in holders:
            if holder.kb_id_ != target.kb_id_:
                yield Candidate(relation, holder, target, trigger, f"{relation}/{rule['id']}+holders",
                                float(rule.get("confidence", 0.7)))

    def _lead(self, trigger: Span, relation: str, rule: dict[str, Any], spec: dict[str, Any], head: Token,
              nouns: set[str], mentions: list[Span], before: list[Span]) -> Iterator[Candidate]:
        """A verb that needs a given object noun ("mener un tour de table"): active, the subject
        acts on the noun's complement; as a participle on the noun ("une levée menée par Y"),
        the agent acts on the subject of the clause the noun belongs to."""
        label = spec["object"]
        confidence = float(rule.get("confidence", 0.7))
        round_noun = head.head
        for _ in range(3):
            # "un tour de table de 45 millions d'euros mené par Y": the participle may hang on
            # the amount that completes the round noun
            if round_noun.lemma_.lower() in nouns | {"fonds"} or round_noun.dep_ != "nmod" or round_noun.pos_ != "NOUN":
                break
            round_noun = round_noun.head
        if head.dep_ == "acl" and round_noun.lemma_.lower() in nouns | {"fonds"}:
            agent = next((c for c in head.children if c.dep_ == "obl:agent" or _prep(c) == "par"), None)
            if agent is None:
                return
            actor = _mention_at(agent, mentions, {spec["subject"]})
            noun = round_noun
            while noun.dep_ in ("nmod",) and noun.head is not noun:
                noun = noun.head  # "levée de fonds …, menée par"
            target, _ = self._subject(_governor(noun), noun, mentions, {label}, {})
            pairs = [(actor, target)]
        else:
            objs = [c for c in head.children if c.dep_ in ("obj", "nsubj:pass") and c.lemma_.lower() in nouns]
            if not objs:
                return
            actor, _ = self._subject(head, head, mentions, {spec["subject"]}, rule)
            targets = [m for o in objs for m in _mentions_in(o, mentions, label)]
            if not targets and actor is not None and any(
                    d.dep_ == "det" and d.lower_ in ("le", "la", "l'", "l’", "ce", "cet", "cette")
                    for o in objs for d in o.children):
                # "Le tour de table est mené par ASML", "Accel a mené l'opération": the round
                # the article just told of
                raiser = self._fundraiser(trigger, mentions, before, exclude=actor)
                targets = [raiser] if raiser is not None else []
            pairs = [(actor, t) for t in targets]
        for subj, obj in pairs:
            if subj is None or obj is None or subj.kb_id_ == obj.kb_id_:
                continue
            yield Candidate(relation, subj, obj, trigger, f"{relation}/{rule['id']}", confidence)

    def _fundraiser(self, trigger: Span, mentions: list[Span], before: list[Span], exclude: Span | None) -> Span | None:
        """The company that raised funds in the sentence of the trigger (before it) or in one of
        the few sentences before: the subject of a raising verb ("Mistral AI a bouclé une levée",
        "au tour de Lovable d'annoncer 200 millions de fonds frais"), else the company named
        last before that verb."""
        spec = self.rules.get("fundraising") or {}
        verbs = {str(w).lower() for w in spec.get("verbs", [])}
        cues = [str(w).lower() for w in spec.get("cues", [])]
        window = int(spec.get("window", 3))
        doc = trigger.doc
        pool = [*before, *mentions]
        sents = []
        for sent in [trigger.sent, *reversed([m.sent for m in before])]:
            if all(sent.start != s.start for s in sents):
                sents.append(sent)
            if len(sents) > window:
                break
        for sent in sents:
            text = sent.text.lower()
            if not any(c in text for c in cues):
                continue
            end = trigger.start if sent.start == trigger.sent.start else sent.end
            for tok in doc[sent.start : end]:
                if tok.lemma_.lower() not in verbs and not (_infinitives(tok.lower_) & verbs):
                    continue
                here = [m for m in pool if sent.start <= m.start and m.end <= end and m.label_ == COMPANY
                        and (exclude is None or m.kb_id_ != exclude.kb_id_)]
                found, _ = self._subject(tok, tok, here, {COMPANY}, {})
                if found is None:
                    earlier = [m for m in here if m.end <= tok.i]
                    found = earlier[-1] if earlier else None
                if found is not None:
                    return found
        return None

    def _subject(self, gov: Token, head: Token, mentions: list[Span], labels: set[str],
                 rule: dict[str, Any]) -> tuple[Span | None, Span | None]:
        """The subject mention of the clause, and the passive subject (an object) if any."""
        roles = rule.get("subject_roles")
        if roles:  # e.g. integratedInto: the thing integrated is the direct object
            for role in roles:
                for child in _role_children(head, gov, role):
                    if child.lower_ in ("que", "qu'", "qui") and gov.dep_ == "acl:relcl":
                        child = gov.head  # "ChatGPT, qu'Apple a intégré à Siri"
                        found = _mention_at(child, mentions, labels) or _appositive_owner(child, mentions, labels)
                        if found is not None:
                            return found, None
                    found = _mention_at(child, mentions, labels)
                    if found is not None:
                        return found, None
        passive_obj = None
        if gov.pos_ == "VERB" and gov.dep_ == "acl" and "Part" in gov.morph.get("VerbForm") \
                and not any(c.dep_ in _SUBJ_DEPS for c in gov.children):
            # "Annapurna Labs, la société rachetée par Amazon": a past participle on a noun is a
            # passive; its agent acts on the noun, or on the name the noun is in apposition to
            agents = [c for c in gov.children if c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and _prep(c) == "par")]
            by = next((m for a in agents for m in [_mention_at(a, mentions, labels)] if m is not None), None)
            if by is not None:
                every = labels | {PRODUCT, REGION, COMPANY}
                noun = gov.head
                owner = _mention_at(noun, mentions, every)
                if owner is None or owner.kb_id_ == by.kb_id_:
                    owner = _appositive_owner(noun, mentions, every)
                if owner is not None and owner.kb_id_ != by.kb_id_:
                    return by, owner
        node: Token | None = gov
        while node is not None:
            agent = [c for c in node.children if c.dep_ in ("obl:agent",) or (c.dep_.startswith("obl") and _prep(c) == "par")]
            if agent and any(c.dep_ == "aux:pass" for c in node.children) and \
                    not any(c.dep_ in _SUBJ_DEPS for c in node.children):
                # "a accepté d'être racheté par Y": a passive infinitive; its agent acts on the
                # subject of the verb that governs it
                by = next((m for a in agent for m in [_mention_at(a, mentions, labels)] if m is not None), None)
                if by is not None:
                    up = node
                    while up.dep_ in ("xcomp", "ccomp", "conj") and up.head.i != up.i:
                        up = up.head
                        subj = next((c for c in up.children if c.dep_ in _SUBJ_DEPS), None)
                        if subj is not None:
                            passive_obj = _mention_at(subj, mentions, labels | {PRODUCT, REGION, COMPANY})
                            break
                    return by, passive_obj
            for child in node.children:
                if child.dep_ in _SUBJ_DEPS and _misparsed_object(child):
                    continue  # "après avoir courtisé Anthropic, Apple …": the object of an infinitive
                if child.dep_ in _SUBJ_DEPS:
                    target, pool = child, mentions
                    if child.lower_ in ("qui", "lequel", "laquelle") and node.dep_.startswith("acl"):
                        # the antecedent comes before the relative pronoun, whatever the parse hung under it
                        target, pool = node.head, [m for m in mentions if m.end <= child.i]
                    found = _mention_at(target, pool, labels | {PRODUCT, REGION, COMPANY})
                    if found is None and target is not child:
                        # "X, la puce phare de Qualcomm, qui …": the name the antecedent is in apposition to
                        found = _appositive_owner(target, mentions, labels)
                    topic = _dislocated_topic(target, mentions)
                    if topic is not None and (found is None or not (found.start <= target.i < found.end)):
                        found = topic  # "AMD, principal rival de Nvidia, devrait lancer …"
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
            if node.pos_ in ("VERB", "AUX") and "Part" in node.morph.get("VerbForm") and node.dep_ in ("advcl", "acl", "dep", "appos") \
                    and not any(c.dep_.startswith("aux") or c.dep_ in _SUBJ_DEPS for c in node.children):
                # "…, avec Volkswagen, redevenu numéro un grâce à ses ID.3": a participle set off
                # by a comma right after a name says something of that name
                left = min(t.i for t in node.subtree)
                if left >= 2 and node.doc[left - 1].text == ",":
                    named = next((m for m in mentions if m.end == left - 1 and m.label_ in labels), None)
                    if named is not None:
                        return named, None
            if node.pos_ in ("VERB", "AUX") and "Fin" in node.morph.get("VerbForm") \
                    and not any(c.dep_ in _SUBJ_DEPS for c in node.children):
                # "tandis qu'Oracle s'appuie sur…" with the name hung under the clause mark: the
                # name right before a finite verb (clitics aside), right after a clause opener
                named = _surface_subject(node, mentions, labels)
                if named is not None:
                    return named, None
            if node.dep_ in _CLAUSE_DEPS and node.head is not node:
                below, node = node, node.head
                if "Inf" in below.morph.get("VerbForm") and node.pos_ in ("NOUN", "PROPN"):
                    # "a opté pour Alibaba afin de déployer …" parsed under the noun: the
                    # infinitive's subject is the subject of the verb above the noun
                    node = _governor(node) if _governor(node) is not node else None
            else:
                node = None
        # a fronted apposition: "Concurrent direct de Stellantis, Renault a opté …"
        if head.pos_ == "NOUN" and head.dep_ in ("ROOT", "dep", "obl:mod", "nmod", "appos"):
            for child in head.children:
                if child.dep_ in ("parataxis", "conj") and child.pos_ in ("VERB", "AUX") and child.i > head.i:
                    for sub in child.children:
                        if sub.dep_ in ("nsubj", "nsubj:pass"):
                            found = _mention_at(sub, mentions, labels)
                            if found is not None:
                                return found, None
        # a noun trigger with "par X": "le rachat de Y par X"
        for child in head.children:
            if _prep(child) == "par":
                found = _mention_at(child, mentions, labels)
                if found is not None:
                    return found, None
        return None, passive_obj

    @staticmethod
    def _separate_acts(head: Token, gov: Token, rule: dict[str, Any]) -> bool:
        """Conjoined subjects that each act on their own are not each other's partners or
        targets: a one-way act ("Samsung et SK hynix approvisionnent …"), an activity in an
        infinitive ("Microsoft et Amazon ont cessé de vendre …"), or one done separately
        ("exploitent leurs propres centres", "chacun de leur côté", "respectivement")."""
        if rule.get("no_mutual"):
            return True
        together = rule.get("mutual_needs")
        if together and not {t.lower_ for t in gov.subtree} & set(together):
            return True  # "Baidu, Pony.ai et WeRide opèrent des robotaxis": each its own, unless "ensemble"
        for node in dict.fromkeys([head, gov]):
            if any(c.dep_ == "xcomp" and c.pos_ == "VERB" and "Inf" in c.morph.get("VerbForm") for c in node.children):
                return True
        # (and the words on the verb above: "ont chacun paraphé un accord … pour distribuer X")
        clause = {t.lower_ for t in gov.subtree} | {c.lower_ for c in gov.head.children}
        return bool(clause & {"propre", "propres", "chacun", "chacune", "respectivement", "séparément", "indépendamment"})

    def _pronoun_subject(self, gov: Token, before: list[Span], labels: set[str]) -> Span | None:
        node: Token | None = gov
        while node is not None:
            for child in node.children:
                if child.dep_ == "nsubj" and child.lower_ in _PRONOUN_SUBJECTS:
                    if child.i in gov.doc.user_data.get(NOT_A_COMPANY_KEY, ()):
                        return None
                    return _salient(before, labels)
            node = node.head if node.dep_ in _CLAUSE_DEPS and node.head is not node else None
        return None

    def _objects(self, head: Token, gov: Token, mentions: list[Span], label: str,
                 rule: dict[str, Any], exclude: Span | None) -> list[Span]:
        preps = rule.get("object_preps")
        object_deps = None
        if head.pos_ in ("VERB", "AUX") and rule.get("verb_object_deps"):
            # only the direct object's phrase: "a publié son modèle de raisonnement DeepSeek-R1"
            object_deps = set(rule["verb_object_deps"])
            preps = ["obj", "none"]
        barriers = set(rule.get("object_barriers", []))
        roots: list[Token] = []
        if head is not gov:
            roots.append(head)  # a noun trigger: its own complements ("partenariat avec X")
        roots.append(gov)
        found: list[Span] = []
        for root in roots:
            if found and root is gov and head is not gov and head.dep_ in ("appos", "nmod", "obj", "nsubj"):
                # "Samsung, rival historique d'Apple, utilise la technologie de Google": a noun
                # trigger with its own complement; the verb's complements are about something else
                break
            if root is gov and head is not gov and gov.pos_ == "PROPN" and gov.dep_ == "ROOT":
                # a name parsed as the sentence's root: its dependents are a failed parse of the
                # whole sentence, not complements of the noun trigger
                break
            for child in root.children:
                if (child.dep_ in _SUBJ_DEPS and not _misparsed_object(child)) \
                        or child.dep_ in ("punct", "cc", "mark", "aux", "aux:tense", "aux:pass", "cop"):
                    continue
                if child.dep_ in ("advcl", "ccomp", "parataxis", "conj", "acl:relcl") and root is gov:
                    continue  # another clause
                if object_deps is not None and child.dep_ not in object_deps:
                    continue
                if object_deps is not None and any(r != rule.get("_relation") for r, _ in self._lemmas.get(child.lemma_.lower(), [])):
                    continue  # "a annoncé le rachat de X": the object is another relation's event
                if rule.get("skip_companions") and child.lemma_.lower() in ("côté", "côtés") and _prep(child) in ("aux", "à", "au"):
                    continue  # "aux côtés de Coatue": a companion, not the object
                # what follows an apposition or participle clause set off after the trigger is
                # apart from it, conjuncts the parser hung on the object included
                cut = min((t.left_edge.i for t in child.subtree if t.dep_ in barriers and t.i > head.i), default=None)
                for mention in _mentions_in(child, mentions, label):
                    if exclude is not None and mention.kb_id_ == exclude.kb_id_:
                        continue
                    if cut is not None and mention.start >= cut:
                        continue  # "détient 50 % de X, l'autre moitié revenant à Y": Y holds the rest
                    role = _role(mention.root)
                    if mention.root.i not in {t.i for t in child.subtree}:
                        role = _role(mention[0])  # a split name: the role of its first word
                    if role == "none" and rule.get("inherit_head_prep") and mention.root.head.pos_ == "NOUN" \
                            and mention.root.dep_ in ("nmod", "appos", "flat", "flat:name"):
                        role = _role(mention.root.head)  # "à sa messagerie WeChat"
                    if role == "none" and mention.start > 0 and mention.doc[mention.start - 1].lower_ in self.gazetteer.demonyms():
                        # "au tour de table de la britannique Nscale", "misé sur l'américain Rivian"
                        role = _role(mention.doc[mention.start - 1])
                    if role == "none" and root.pos_ == "VERB" and mention.root.head.i == root.i \
                            and mention.root.dep_ in ("obl", "obl:mod", "obl:arg") and mention.root.i > root.i:
                        role = "obj"  # a bare name right under the verb is a misparsed direct object
                    if preps is not None and role not in preps and _PREP_ALIASES.get(role) in preps:
                        role = _PREP_ALIASES[role]  # "des deux groupes" is "de", "aux" is "à"
                    if preps is not None and role not in preps and not (
                            role in ("de", "du", "d'") and mention.root.head.i == child.i
                            and child.lemma_.lower() in rule.get("version_nouns", [])):
                        continue  # (but "a lancé la version européenne du B10" launches the B10)
                    if mention not in found:
                        found.append(mention)
        if not found and rule.get("relative_antecedent") and head.dep_ == "acl:relcl" and any(
                c.dep_ in ("obj", "mark") and c.lower_ in ("que", "qu'", "qu’") and c.i < head.i for c in head.children):
            # "Anno 117, un jeu de gestion que l'éditeur a lancé": the relative pronoun is the
            # noun the clause is on, or the name that noun describes (set off by a comma before it)
            noun = head.head
            doc = noun.doc
            left = min([noun.i, *(c.i for c in noun.children if c.dep_ == "det")])
            beside = next((m for m in mentions if m.end == left - 1), None) if left > 1 and doc[left - 1].text == "," else None
            for mention in (_mention_at(noun, mentions, {label}), beside):
                if mention is not None and mention.label_ == label and (exclude is None or mention.kb_id_ != exclude.kb_id_):
                    return [mention]
        return found

    def _words(self, rule: dict[str, Any], key: str, *, required: bool = False) -> frozenset[str]:
        """A rule's word list, lower-cased, built once per rule: the per-sentence rules would
        otherwise rebuild their sets for every sentence."""
        cache_key = (id(rule), key)
        found = self._sets.get(cache_key)
        if found is None:
            words = rule[key] if required else rule.get(key, [])
            found = self._sets[cache_key] = frozenset(str(w).lower() for w in words)
        return found

    def _word_sets(self, relation: str, rule: dict[str, Any]) -> tuple[set[str], set[str], set[str], set[str]]:
        """The word lists of an adjacency rule as sets, built once per rule."""
        key = (relation, rule["id"])
        cache = self.__dict__.setdefault("_sets", {})
        if key not in cache:
            cache[key] = (
                self._words(rule, "gap_words", required=True),
                self._words(rule, "requires_any"),
                set(rule.get("open_pos", [])),
                self._words(rule, "blocking_words"),
            )
        return cache[key]

    def _adjacent(self, relation: str, rule: dict[str, Any], spec: dict[str, Any],
                  mentions: list[Span]) -> Iterator[Candidate]:
        gap, need, open_pos, block = self._word_sets(relation, rule)
        first_label, second_label = spec["subject"], spec["object"]
        if rule.get("reverse"):
            first_label, second_label = second_label, first_label
        for i, first in enumerate(mentions):
            if first.label_ != first_label:
                continue
            for second in mentions[i + 1 :]:
                if second.start - first.end > rule.get("max_gap", 4):
                    break
                gap_tokens = list(first.doc[first.end : second.start])
                between = [t.lower_ for t in gap_tokens]
                if second.label_ != second_label:
                    if second.start > first.end:
                        break
                    continue
                if not between or any(
                    t.lower_ not in gap and not (t.pos_ in open_pos and t.is_lower) for t in gap_tokens
                ) or block.intersection(between):
                    break
                # a resolved description carries its own preposition ("la constellation |du géant
                # de Seattle|")
                if need and not need.intersection(between) and not need.intersection(t.lower_ for t in first) \
                        and second[0].lower_ not in need:
                    break
                starts = rule.get("gap_starts")
                if starts and (between[0] not in starts or len(between) < 3 or gap_tokens[1].pos_ != "DET"):
                    break  # an apposition only: ", <determiner> …"
                if need and "à" in between and _role(first.root) in ("de", "du", "des") and any(
                        t.lower_ in need for t in gap_tokens):
                    # "intégrer la technologie de la start-up à ses Galaxy S26": the name
                    # qualifies another noun, and "à ses" is where the verb's object goes; the
                    # possessive points to the clause's subject (rule possessive-product)
                    break
                subj, obj = (second, first) if rule.get("reverse") else (first, second)
                trigger = first.doc[first.end : second.start]
                # "les puces H100 et H200 de Nvidia", "Google et ses modèles Gemini et Gemma":
                # the whole list of products belongs to the maker
                if rule.get("reverse"):
                    owned = [second, *_coordinated([second], mentions, exclude=None)[1:]]
                else:
                    owned = [*_preceding_list(first, mentions), first]
                for product in owned:
                    pair = (product, obj)
                    if pair[0].kb_id_ == pair[1].kb_id_:
                        continue
                    yield Candidate(relation, pair[0], pair[1], trigger, f"{relation}/{rule['id']}",
                                    float(rule.get("confidence", 0.7)), fixed_modality=rule.get("fixed_modality"))
                break

    def _known_maker(self, relation: str, rule: dict[str, Any], spec: dict[str, Any],
                     mentions: list[Span]) -> Iterator[Candidate]:
        """A product, then close after it the maker the gazetteer gives it, introduced by "de" or
        "par" ("Le H20, l'autre modèle bridé de Nvidia", "la puce Kirin 9020, conçue par sa filiale
        HiSilicon"): the sentence states whose product it is."""
        markers = self._words(rule, "maker_markers")
        reach, distance = int(rule.get("marker_reach", 3)), int(rule.get("max_distance", 12))
        makers = [m for m in mentions if m.label_ == spec["object"] and m.label_ in self._maker_labels(m)
                  and any(t.lower_ in markers for t in m.doc[max(m.sent.start, m.start - reach):m.start])]
        if not makers:
            return
        for product in mentions:
            if product.label_ != spec["subject"]:
                continue
            entry = self.gazetteer.entries.get(product.kb_id_)
            if entry is None or not entry.maker:
                continue
            maker = next((m for m in makers if m.kb_id_ == entry.maker and 0 <= m.start - product.end <= distance), None)
            if maker is None:
                continue
            yield Candidate(relation, product, maker, product, f"{relation}/{rule['id']}",
                            float(rule.get("confidence", 0.5)), fixed_modality=rule.get("fixed_modality"))

    def _default_on(self, relation: str, rule: dict[str, Any], spec: dict[str, Any], sent: Span,
                    mentions: list[Span]) -> Iterator[Candidate]:
        """"Gemini reste l'assistant par défaut des Galaxy S26", "Sur le Galaxy S26 Ultra, Gemini
        demeure l'assistant par défaut": the product named before the marker is built into the
        host named after it with a preposition, or in a sentence-opening "Sur le X,"."""
        doc = sent.doc
        low = sent.text.lower()
        markers = [m for m in rule.get("markers", []) if m.lower().split()[0] in low]
        if not markers:
            return  # most sentences: no Token is made
        words = [t.lower_ for t in sent]
        preps = self._words(rule, "host_preps")
        products = [m for m in mentions if m.label_ == spec["subject"]]
        for marker in markers:
            parts = marker.lower().split()
            at = next((k for k in range(len(words) - len(parts) + 1) if words[k : k + len(parts)] == parts), None)
            if at is None:
                continue
            start, end = sent.start + at, sent.start + at + len(parts)
            host = next((m for m in products if end <= m.start <= end + 3
                         and doc[m.start - 1].lower_ in preps | _ARTICLES), None)
            if host is not None and not any(t.lower_ in preps for t in doc[end : host.start]):
                host = None  # the name after the marker must be introduced by "de", "des", "sur"
            if host is None:  # "Sur le Galaxy S26 Ultra, …"
                lead = [t.lower_ for t in doc[sent.start : sent.start + 2]]
                host = next((m for m in products if lead and lead[0] in preps and m.start <= sent.start + 3
                             and m.end < len(doc) and doc[m.end].text == ","), None)
            if host is None:
                continue
            # the product closest before the marker, after the fronted host if there is one
            floor = host.end if host.start < start else sent.start
            inner = next((m for m in reversed(products) if floor <= m.start and m.end <= start
                          and m.kb_id_ != host.kb_id_), None)
            if inner is None:
                continue
            yield Candidate(relation, inner, host, doc[start:end], f"{relation}/{rule['id']}",
                            float(rule.get("confidence", 0.6)))

    @staticmethod
    def _maker_labels(mention: Span) -> tuple[str, ...]:
        """A maker is named, not described: pronouns and descriptions are left to the other rules."""
        return (COMPANY,) if mention.root.pos_ == "PROPN" or mention.text[:1].isupper() else ()

    def _possessive(self, relation: str, rule: dict[str, Any], spec: dict[str, Any],
                    mentions: list[Span], before: list[Span] | None = None) -> Iterator[Candidate]:
        """"Zhipu AI prépare une version de son modèle GLM-4", "WeChat, sa messagerie": the
        owner a possessive determiner points to is the subject of its clause."""
        possessives = self._words(rule, "possessives", required=True)
        gap = self._words(rule, "gap_words", required=True)
        kinds = self._words(rule, "kind_nouns")
        open_pos = set(rule.get("open_pos", []))
        max_gap = int(rule.get("max_gap", 4))
        house = self._words(rule, "house_words")
        # "Huawei a lancé sa gamme Pura 80": the launch fact already says whose product it is
        skip = self._lemma_set(rule.get("unless_trigger_of", []))
        owned_label, owner_label = spec["subject"], spec["object"]
        for mention in mentions:
            if mention.label_ != owned_label:
                continue
            doc = mention.doc
            poss = None
            # to the left: "son (propre) modèle GLM-4", "ses iPhone 16"
            i = mention.start - 1
            while i >= mention.sent.start and mention.start - i <= max_gap + 1:
                tok = doc[i]
                if tok.lower_ in possessives:
                    poss = tok
                    break
                if tok.lower_ not in gap and tok.lower_ not in kinds and not (tok.pos_ in open_pos and tok.is_lower):
                    break
                i -= 1
            # to the right: "WeChat, sa messagerie"
            if poss is None and mention.end + 2 < mention.sent.end and doc[mention.end].text == ",":
                tok = doc[mention.end + 1]
                following = [t.lower_ for t in doc[mention.end + 2 : min(mention.end + 4, mention.sent.end)]]
                if tok.lower_ in possessives and kinds.intersection(following):
                    poss = tok
                elif tok.pos_ == "DET" and kinds.intersection(following) and house:
                    # "Galaxy AI, la suite logicielle maison": in-house is the clause subject's own
                    poss = next((t for t in doc[mention.end + 2 : min(mention.end + 7, mention.sent.end)]
                                 if t.lower_ in house), None)
                    if poss is not None and any(t.text in (",", ";") or t.pos_ in ("VERB", "AUX")
                                                for t in doc[mention.end + 2 : poss.i]):
                        poss = None
            if poss is None:
                continue
            head = poss.head
            gov = _governor(head)
            # "Huawei et ses Mate 70": the possessive points to the conjoined company
            if head.dep_ == "conj" or any(c.dep_ == "cc" for c in head.children):
                owner = _mention_at(head.head, mentions, {owner_label}) if head.dep_ == "conj" else None
                if owner is not None:
                    # (the parser also makes an apposition a conjunct: "…de Perplexity, à Bixby, son
                    # assistant vocal": Bixby's known maker, named in the sentence, owns it)
                    owner = self._known_owner(mention, owner, mentions)
                if owner is not None and owner.kb_id_ != mention.kb_id_:
                    yield Candidate(relation, mention, owner, doc[poss.i : poss.i + 1], f"{relation}/{rule['id']}",
                                    float(rule.get("confidence", 0.65)), fixed_modality=rule.get("fixed_modality"))
                    continue
                if any(c.dep_ == "cc" for c in head.children):
                    continue
                # (a "conj" with no conjunction is a misparsed apposition: "grâce à CoWoS, sa
                # technologie d'encapsulation" — read on as the clause's possessive)
            launched_obj = head.dep_ in ("obj", "nsubj:pass") or mention.root.dep_ in ("obj", "nsubj:pass")
            if (gov.lemma_.lower() in skip or gov.lower_ in skip) and launched_obj:
                continue
            # "Son modèle DeepSeek-R1 …": a possessive the pronoun resolver already linked
            owner = next((m for m in mentions if m.label_ == owner_label and m.start <= poss.i < m.end), None)
            if owner is None:
                owner, _ = self._subject(gov, head, mentions, {owner_label}, {})
            if owner is None:
                # the parse found no subject: the sentence's topic, when it is the only
                # company named before the possessive ("Naver développe son propre modèle, X")
                earlier = [m for m in mentions if m.label_ == owner_label and m.end <= poss.i and m.sent == poss.sent]
                opening = _after_dateline(poss.sent)  # "Séoul – Samsung a présenté …"
                if len(earlier) == 1 and earlier[0].start - opening <= 1:
                    owner = earlier[0]
                elif earlier and earlier[0].start - opening <= 1 and earlier[0].end < poss.sent.end \
                        and doc[earlier[0].end].text == "," and not _in_subject(poss):
                    # "Naver, qui domine … face à Google, développe son propre modèle": the
                    # opening name, set off by a comma, is the topic; the others are asides
                    owner = earlier[0]
            if owner is None and _in_subject(poss):
                # "Son modèle DeepSeek-R1 avait impressionné", "(Nvidia a appris) que ses puces H20
                # …": a possessive inside its clause's subject points to the company named just
                # before, else to the topic of the previous sentence
                earlier = [m for m in mentions if m.label_ == owner_label and m.end <= poss.i and m.sent == poss.sent]
                if earlier:
                    owner = earlier[-1]
                elif before:
                    prev = [m for m in before if m.label_ == owner_label]
                    if prev and prev[-1].sent.end >= poss.sent.start - 1:
                        in_last = [m for m in prev if m.sent == prev[-1].sent]
                        owner = next((m for m in in_last if m.root.dep_.startswith("nsubj")), None)
            launch = self._surface_launch(poss, owner, skip) \
                if skip and gov.lemma_.lower() not in skip and gov.lower_ not in skip else None
            # "ses trois franchises : A, B et C": each listed product is the owner's
            for owned in [mention, *_coordinated([mention], mentions, exclude=owner)[1:]]:
                whose = self._known_owner(owned, owner, mentions)
                if whose is not None and owned.kb_id_ != whose.kb_id_ and owned.label_ == owned_label:
                    if launch is not None and whose.kb_id_ == owner.kb_id_:
                        # "Samsung a présenté le 25 février à San Francisco sa gamme Galaxy S26",
                        # whatever the parser made of the place: the launch says whose it is
                        yield Candidate("launched", whose, owned, launch, f"launched/{rule['id']}+surface",
                                        float(rule.get("confidence", 0.65)) - 0.1)
                        continue
                    yield Candidate(relation, owned, whose, doc[poss.i : poss.i + 1], f"{relation}/{rule['id']}",
                                    float(rule.get("confidence", 0.65)), fixed_modality=rule.get("fixed_modality"))

    def _surface_launch(self, poss: Token, owner: Span | None, launch_words: set[str]) -> Span | None:
        """A launch verb between the owner and its possessive, in one clause ("Samsung a présenté
        … sa gamme"), that the parse did not make the possessive's governor."""
        if owner is None or owner.sent != poss.sent or owner.end > poss.i:
            return None
        doc = poss.doc
        for k in range(poss.i - 1, owner.end - 1, -1):
            token = doc[k]
            if token.text in (",", ";", ":", "(", "«") or token.lower_ in ("qui", "que", "qu'", "qu’", "dont", "et", "mais"):
                return None
            if token.pos_ in ("VERB", "AUX") and (token.lemma_.lower() in launch_words or token.lower_ in launch_words):
                if k - owner.end <= 3 and all(t.pos_ in ("AUX", "ADV", "PRON") for t in doc[owner.end : k]):
                    return doc[k : k + 1]
                return None
        return None

    def _known_owner(self, product: Span, owner: Span | None, mentions: list[Span]) -> Span | None:
        """The owner a possessive gives a product, checked against the product's known maker."""
        entry = self.gazetteer.entries.get(product.kb_id_)
        if entry is None or not entry.maker or (owner is not None and owner.kb_id_ == entry.maker):
            return owner
        # "Samsung n'a conclu aucun accord avec OpenAI pour installer son assistant ChatGPT":
        # the possessive points to the maker when it is named in the sentence; another firm's
        # "son assistant ChatGPT" is a product it offers, not its own
        maker = next((m for m in reversed(mentions) if m.kb_id_ == entry.maker), None)
        if maker is not None:
            return maker
        return owner if owner is not None and self._same_group(entry.maker, owner.kb_id_) else None

    def _converted(self, facts: list[Candidate]) -> list[Candidate]:
        """The facts with the readings their words turn them into: a stake bought is an
        investment, talks that failed are also a rejection."""
        converted = []
        for fact in facts:
            spec = self.rules["relations"].get(fact.relation, {})
            failed = spec.get("failed_becomes")
            text = " " + fact.sentence.text.lower().replace("’", "'") + " "
            stake = spec.get("stake_becomes")
            if stake and any(t.text == "%" or t.lower_ == "pourcent" for c in fact.trigger.root.children
                             for t in [c, *c.children]):
                # "a acquis 49 % de Scale AI": a stake, not an acquisition
                converted.append(Candidate(stake, fact.subject, fact.object, fact.trigger, fact.rule + "+stake",
                                           fact.confidence, region=fact.region))
                continue
            if failed and any(f" {c.lower()}" in text for c in spec.get("failed_cues", [])):
                # "Vivo avait mené -sans succès- des négociations avec Tata": talks that failed
                converted.append(Candidate(failed, fact.subject, fact.object, fact.trigger,
                                           fact.rule + "+failed", fact.confidence, region=fact.region))
            converted.append(fact)
        return converted

    def _overrides(self, facts: list[Candidate]) -> list[Candidate]:
        """Drop a weaker reading of the same pair in the same sentence: talks that ended are a
        rejection, not a consideration; an agreement to acquire is an acquisition."""
        stronger: dict[tuple[int, frozenset], set[str]] = {}
        for fact in facts:
            if fact.object is None:
                continue
            root = fact.trigger.root
            denial = set(self.rules.get("denial_words", []))
            if any(c.lower_ in denial for n in (root, _governor(root)) for c in n.children):
                continue  # a denied reading ("sans pour autant racheter") does not replace another
            for weaker in self.rules["relations"].get(fact.relation, {}).get("overrides", []):
                key = (fact.sentence.start, frozenset((fact.subject.kb_id_, fact.object.kb_id_)))
                stronger.setdefault(key, set()).add(weaker)
        out = []
        for fact in facts:
            if fact.object is not None:
                key = (fact.sentence.start, frozenset((fact.subject.kb_id_, fact.object.kb_id_)))
                if fact.relation in stronger.get(key, set()):
                    continue
            out.append(fact)
        return out

    def _lemma_set(self, relations: list[str]) -> frozenset[str]:
        """Single-word trigger lemmas of the given relations."""
        key = ("lemma_set", *relations)
        if key not in self._sets:
            self._sets[key] = frozenset(
                str(w).lower() for relation in relations
                for rule in self.rules["relations"].get(relation, {}).get("rules", [])
                for w in rule.get("lemmas", []) if " " not in str(w))
        return self._sets[key]

    def _local_partner(self, sent: Span, mentions: list[Span], before: list[Span]) -> Iterator[Candidate]:
        at = bisect.bisect_left(self._local_hits, sent.start_char)
        if at == len(self._local_hits) or self._local_hits[at] >= sent.end_char:
            return  # no local-partner cue in this sentence (found once per document)
        text = sent.text
        local = next((m for r in self._local_cues for m in [r.search(text)] if m), None)
        if local is None:
            return
        spec = self.rules["local_partner"]
        regions = [m for m in mentions if m.label_ == REGION]
        # each region named in the sentence with the obligation stated after it ("La Chine
        # impose …; l'Inde, elle, ne l'exige pas"): one fact per region, read from its segment
        segments: list[tuple[Span, int, int]] = []
        for i, region in enumerate(regions):
            seg_start = 0 if i == 0 else region.start_char - sent.start_char
            seg_end = regions[i + 1].start_char - sent.start_char if i + 1 < len(regions) else len(text)
            segments.append((region, seg_start, seg_end))
        found = False
        for region, seg_start, seg_end in segments:
            if region.kb_id_ in {s[0].kb_id_ for s in segments[: segments.index((region, seg_start, seg_end))]}:
                continue
            candidate = self._local_partner_fact(sent, region, seg_start, seg_end, local, spec, 0.0,
                                                 verbal_only=len(regions) > 1)
            if candidate is not None:
                found = True
                yield candidate
        if found:
            return
        region = regions[0] if regions else next((m for m in reversed(before) if m.label_ == REGION), None)
        if region is None:
            return
        candidate = self._local_partner_fact(sent, region, 0, len(text), local, spec, 0 if regions else 0.15)
        if candidate is not None:
            yield candidate

    def _local_partner_fact(self, sent: Span, region: Span, seg_start: int, seg_end: int, local: re.Match,
                            spec: dict[str, Any], penalty: float, verbal_only: bool = False) -> Candidate | None:
        text = sent.text
        segment = text[seg_start:seg_end]
        obligations = [m for r in self._obligation for m in r.finditer(text)
                       if seg_start <= m.start() < seg_end]
        verbal = [m for m in obligations if not self._obligation_nouns.fullmatch(m.group(0))]
        if verbal_only and not verbal:
            return None
        if not obligations:
            return None
        # the obligation cue carries the fact's modality: "la loi impose …" is asserted, "ne
        # l'exige pas" negated, but in "ne peut pas … sans passer par" the negation is the law's
        cue = min(verbal or obligations, key=lambda m: abs(m.start() - local.start()))
        negative = any(r.search(segment) for r in self._negative_obligation)
        denied = any(r.search(segment) for r in self._local_negated)
        start = sent.start_char + cue.start()
        trigger = sent.doc.char_span(start, sent.start_char + cue.end(), alignment_mode="expand") or sent
        return Candidate("requiresLocalPartner", region, None, trigger, f"requiresLocalPartner/{spec['id']}",
                         round(float(spec.get("confidence", 0.8)) - penalty, 2), ignore_negation=negative,
                         fixed_modality="Negated" if denied else None)

    # ------------------------------------------------------------------ serialisation


# ---------------------------------------------------------------------- parse helpers


def _salient(before: list[Span], labels: set[str]) -> Span | None:
    """The most salient antecedent: the last grammatical subject of the two previous
    sentences, else the last mention."""
    fitting = [m for m in reversed(before) if m.label_ in labels]
    sents: list[int] = []
    for mention in fitting:
        if mention.sent.start not in sents:
            sents.append(mention.sent.start)
        if len(sents) > 2:
            break
        if mention.root.dep_ in ("nsubj", "nsubj:pass"):
            return mention
    return fitting[0] if fitting else None


def _possessed(noun: Token, words: dict[str, list[str]]) -> bool:
    """The deal noun is the possessor's: "son rachat de Beats", "Sa plus grosse opération reste
    le rachat de Beats" (the possessive on the subject the noun is said of)."""
    if noun.pos_ != "NOUN":
        return False
    owners = [noun]
    if noun.dep_ in ("obj", "xcomp", "ROOT"):
        verb = noun if noun.dep_ == "ROOT" else noun.head
        if {verb.lemma_, *_infinitives(verb.lower_)} & set(words["copulas"]) or any(c.dep_ == "cop" for c in verb.children):
            owners += [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"]
    return any(c.dep_ == "det" and c.lower_ in words["possessives"] for o in owners for c in o.children)


def _governor(token: Token) -> Token:
    """The predicate a trigger belongs to: itself if verbal, else the verb above it."""
    node = token
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT" or node.head.i == node.i:
            return node
        if node.pos_ in ("ADJ", "NOUN") and any(c.dep_ == "cop" for c in node.children):
            return node  # a copular predicate heads its clause ("qui ne sont pas accessibles")
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
        # a multiword preposition the parser split into a head and "fixed" parts ("face" + "à")
        cases += [f for c in cases for f in c.children if f.dep_ == "fixed" and f.i < node.i]
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
    if dep in ("obj", "iobj", "nsubj:pass") or (dep == "nsubj" and _misparsed_object(node)):
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


def _relative_antecedent(gov: Token, mentions: list[Span], label: str, preps: list[str] | None) -> Span | None:
    """The name an oblique relative pronoun of ``gov``'s clause stands for."""
    rel = next((c for c in (gov.subtree if gov.dep_ == "acl:relcl" else gov.children) if c.i < gov.i and (
        c.lower_ in _COMPLEMENT_RELATIVES
        # "avec qui", "à qui": only a preposition the rule reads its object with
        or (c.lower_ == "qui" and (p := _prep(c)) is not None and (not preps or p in preps)))), None)
    if rel is None:
        return None
    if gov.dep_ == "acl:relcl" and (found := _mention_at(gov.head, mentions, {label})
                                     or _appositive_owner(gov.head, mentions, {label})) is not None:
        return found  # "Yotta, un opérateur de centres de données, avec qui elle a signé …"
    # misparsed (the clause hung elsewhere): the name right before the relative phrase
    doc, left = gov.doc, min(t.i for t in rel.subtree)
    found = next((m for m in mentions if m.label_ == label and m.end in (left, left - 1)
                  and (m.end == left or doc[left - 1].text == ",")), None)
    if found is None and left >= 2 and doc[left - 1].text == ",":
        # or the name an apposition right before stands beside ("Yotta, un opérateur de
        # centres de données de la région de Bombay, avec qui …")
        node = doc[left - 2]
        for _ in range(6):
            if (found := _appositive_owner(node, mentions, {label})) is not None or not (
                    gov.sent.start <= node.head.i < node.i):
                break
            node = node.head
    return found


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
    # (a name the parse split, "Mistral" under the noun and "AI" elsewhere, belongs where it starts)
    inside = lambda m: m.root.i in tokens or m.start in tokens
    # a list on the surface ("avec OpenAI, Oracle et Nvidia") goes where its first name goes,
    # whatever the parse did with the others
    lists = token.doc.user_data.get(LISTS_KEY, {})
    return [m for m in mentions if inside(lists.get(m.start, m)) and (label is None or m.label_ == label)]


_LIST_GLUE = {(",",), ("et",), ("ou",), ("ni",), ("puis",), (",", "et"), (",", "ou"), (",", "ni"), (",", "puis"),
              ("ainsi", "que"), (",", "ainsi", "que")}
_LIST_PREPS = {"de", "d'", "d’", "du", "des", "avec", "à", "au", "aux", "chez", "par", "pour", "sur", "entre"}


def _negated_here(head: Token, spec: dict[str, Any]) -> bool:
    """"ne … pas/plus/jamais" just before a word ("n'est pas encore présente"), not restricted
    by "seulement", "que", "le seul" after it."""
    doc, sent = head.doc, head.sent
    words = [t.lower_.replace("’", "'") for t in doc[max(sent.start, head.i - int(spec.get("window", 5))) : head.i]]
    if not any(w in ("ne", "n'") for w in words):
        return False
    # the particle before the word ("n'est pas présente") or, for a verb, just after it
    # ("n'opère encore aucun véhicule", "ne propose toujours pas")
    words += [head.lower_] + [t.lower_.replace("’", "'") for t in doc[head.i + 1 : min(sent.end, head.i + 4)]]
    hits = [k for k, w in enumerate(words) if w in spec["particles"]]
    if not hits:
        leading = set(spec.get("leading", []))
        return bool(leading) and any(t.lower_ in leading for t in doc[sent.start : head.i])
    after = words[hits[0] + 1 : hits[0] + 2]
    return not after or after[0] not in spec.get("restrictive", [])


def _list_start(mention: Span) -> int:
    """Where the surface list a mention belongs to starts (its own start outside a list)."""
    return mention.doc.user_data.get(LISTS_KEY, {}).get(mention.start, mention).start


def _list_mates(mention: Span, mentions: list[Span]) -> list[Span]:
    """The mention and the others of its surface list ("A et B": both)."""
    head = _list_start(mention)
    return [m for m in mentions if m.start == mention.start or _list_start(m) == head]


def _as_lists(mentions: list[Span]) -> list[list[Span]]:
    """Mentions grouped by the surface list they belong to (a name outside a list is its own)."""
    groups: dict[int, list[Span]] = {}
    for mention in mentions:
        groups.setdefault(_list_start(mention), []).append(mention)
    return list(groups.values())


def _surface_lists(doc: Doc, mentions: list[Span]) -> dict[int, Span]:
    """Each later member of a list of names ("A, B et C", "de A et de B") mapped to its first."""
    first_of: dict[int, Span] = {}
    run: list[Span] = []
    glue: list[list[str]] = []  # the words between run[k] and run[k + 1], prepositions left out

    def close() -> None:
        # a list ends with "et"/"ou": "A, B" alone is an apposition or two clauses
        while glue and glue[-1] == [","]:
            glue.pop(), run.pop()
        for member in run[1:]:
            first_of[member.start] = run[0]

    for mention in mentions:
        if mention.root.pos_ == "PRON":
            # "… avec OpenAI, et il a investi": a pronoun opens a clause, it is in no list
            close()
            run, glue = [], []
            continue
        if run:
            last = run[-1]
            gap = [t.lower_ for t in doc[last.end : mention.start]]
            words = [w for w in gap if w not in _LIST_PREPS]
            if (mention.label_ == last.label_ and tuple(words) in _LIST_GLUE
                    and len(gap) - len(words) <= 1 and last.sent.start == mention.sent.start):
                run.append(mention)
                glue.append(words)
                continue
            close()
        run, glue = [mention], []
    close()
    return first_of


# endings of conjugated forms and participles, with the infinitive ending they come from
_VERB_ENDINGS = [(e, "er") for e in ("eraient", "erions", "eriez", "erait", "erais", "eront", "erons", "erez", "era",
                                     "aient", "èrent", "ions", "iez", "ait", "ais", "ant", "ons", "ez", "ent",
                                     "ées", "és", "ée", "é", "es", "e", "a")] + \
                [(e, "ir") for e in ("issaient", "issait", "issent", "issons", "issez", "issant", "iraient", "irait",
                                     "iront", "ira", "ies", "ie", "is", "it", "i")] + \
                [(e, "re") for e in ("ent", "ait", "aient", "ant", "s", "t", "u", "ue", "us", "ues")]


_ARTICLES = {"le", "la", "l'", "l’", "les", "un", "une", "des", "son", "sa", "ses", "leur", "leurs"}


def _mention_from(doc: Doc, i: int, mentions: list[Span], labels: set[str]) -> Span | None:
    """The mention of one of ``labels`` starting at ``i`` (after an article)."""
    while i < len(doc) and doc[i].lower_ in _ARTICLES:
        i += 1
    return next((m for m in mentions if m.start == i and m.label_ in labels), None)


def _surface_agent(trigger: Span, mentions: list[Span], agent_labels: set[str], patient_label: str
                   ) -> tuple[Span, Span] | None:
    """Agent and patient of a nominalisation or a participle with "par", read on the surface
    when the parse fails: "le rachat de X par Y", "l'intégration de X par Y", "X, la suite
    lancée l'an dernier par Y", "X, racheté en 2015 par Y"."""
    doc, sent = trigger.doc, trigger.sent
    head = trigger.root
    if trigger.end - trigger.start != 1:
        return None
    nominal = head.pos_ == "NOUN" and head.is_lower
    participle = head.pos_ in ("VERB", "ADJ") and head.lower_.endswith(("é", "ée", "és", "ées", "i", "ie", "is", "ies", "u", "ue", "us", "ues", "it", "ite", "its", "ites"))
    if participle and head.i > sent.start and (doc[head.i - 1].pos_ == "AUX" or doc[head.i - 1].lower_ in ("a", "ont", "avait", "avaient", "est", "sont", "été")):
        return None  # a compound tense or an ordinary passive: the parse reads it
    if not (nominal or participle):
        return None

    def agent_after(k: int) -> Span | None:
        # "par Y" within a few adverbial words ("en 2015", "l'an dernier", "pour 6 milliards")
        for j in range(k, min(k + 7, sent.end)):
            tok = doc[j]
            if tok.lower_ == "par":
                return _mention_from(doc, j + 1, mentions, agent_labels)
            if tok.pos_ in ("VERB", "AUX", "PUNCT", "SCONJ", "CCONJ", "PRON") or tok.lower_ in ("qui", "que", "dont"):
                return None
        return None

    if nominal:
        k = trigger.end
        words = [t.lower_.replace("’", "'") for t in doc[k : min(k + 4, sent.end)]]
        if words[:3] == ["de", "la", "part"] and len(words) == 4 and words[3] in ("de", "d'", "du", "des"):
            # "a reçu une offre de rachat de la part de Y": Y acts on the clause's subject
            agent = _mention_from(doc, k + 4, mentions, agent_labels)
            patient = next((m for m in mentions if m.end <= trigger.start and m.sent == sent
                            and m.label_ == patient_label and subject_like(m)), None)
            if agent is not None and patient is not None and agent.kb_id_ != patient.kb_id_:
                return agent, patient
            return None
        if k >= sent.end or doc[k].lower_ not in ("de", "d'", "d’", "du", "des"):
            return None
        patient = _mention_from(doc, k + 1, mentions, {patient_label})
        if patient is None:
            return None
        agent = agent_after(patient.end)
        return (agent, patient) if agent is not None else None
    agent = agent_after(trigger.end)
    if agent is None:
        return None
    # the patient: the name right before the participle ("Qwen, développé par"), or the name a
    # noun phrase before it is in apposition to ("Galaxy AI, la suite lancée par")
    j = head.i - 1
    while j > sent.start and (doc[j].pos_ in ("ADJ", "ADV") and doc[j].is_lower):
        j -= 1
    if doc[j].text == ",":
        j -= 1
    direct = next((m for m in mentions if m.end == j + 1 and m.label_ == patient_label), None)
    if direct is not None:
        return agent, direct
    if doc[j].pos_ == "NOUN" and doc[j].is_lower:
        k = j
        while k > sent.start and doc[k - 1].lower_ in _ARTICLES | {"nouvelle", "nouveau", "jeune", "petite", "petit", "grande", "grand"}:
            k -= 1
        if k - 1 > sent.start and doc[k - 1].text == ",":
            owner = next((m for m in mentions if m.end == k - 1 and m.label_ == patient_label), None)
            if owner is not None:
                return agent, owner
    return None


def _fronted_participle(head: Token) -> int | None:
    """Where the comma closing a sentence-initial past participle's phrase stands ("Lancé en
    mai par Anthropic, …"), or None."""
    # (the cheap checks first: this runs for every trigger)
    if not head.is_sent_start or "Part" not in head.morph.get("VerbForm") or "Past" not in head.morph.get("Tense"):
        return None
    sent = head.sent
    comma = next((t.i for t in head.doc[head.i + 1 : sent.end] if t.text == ","), None)
    return comma if comma is not None and comma - head.i <= 10 else None


def _apposed_name(trigger: Span, mentions: list[Span], labels: set[str] | None = None) -> Span | None:
    """The name a noun trigger is set beside: "<name>, (le) (grand) <trigger>" (of any label
    when ``labels`` is None)."""
    doc, k = trigger.doc, trigger.start - 1
    while k > trigger.sent.start and trigger.start - k <= 3 and doc[k].pos_ in ("DET", "ADJ"):
        k -= 1
    if k >= trigger.start - 1 or doc[k].text != ",":
        return None
    return next((m for m in mentions if m.end == k and (labels is None or m.label_ in labels)), None)


def _with_gapped(found: list[Candidate], mentions: list[Span], spec: dict[str, Any]) -> list[Candidate]:
    """The facts of a trigger, plus those of a conjunct that leaves the verb out: "Microsoft y
    travaille avec Telkom, et Amazon avec l'opérateur Indosat" (Amazon–Indosat, not Microsoft–Amazon)."""
    out = list(found)
    for fact in found:
        obj = fact.object
        if obj is None or obj.start == 0:
            continue
        doc, sent = obj.doc, obj.sent
        prep = doc[obj.start - 1].lower_
        if doc[obj.start - 1].pos_ != "ADP":
            continue
        k = obj.end
        if k < sent.end and doc[k].text == ",":
            k += 1
        if k >= sent.end or doc[k].lower_ != "et":
            continue
        first = next((m for m in mentions if m.start == k + 1 and m.label_ == spec["subject"]), None)
        if first is None or first.end >= sent.end or doc[first.end].lower_ != prep:
            continue
        second = next((m for m in mentions if m.start > first.end and m.label_ == spec["object"]), None)
        if second is None or any(t.pos_ in ("VERB", "AUX") or t.text in (",", ";") for t in doc[first.end : second.start]) \
                or second.start - first.end > 4 or first.kb_id_ == second.kb_id_:
            continue
        # the gapped subject is no object of the first clause
        out = [f for f in out if not (f.trigger == fact.trigger and f.object is not None and f.object.kb_id_ == first.kb_id_)]
        out.append(replace(fact, subject=first, object=second, rule=f"{fact.rule}+gapped"))
    return out


_CLITICS = {"se", "s'", "s’", "ne", "n'", "n’", "y", "en", "lui", "leur", "l'", "l’", "le", "la", "les"}
_CLAUSE_OPENERS = {"que", "qu'", "qu’", "quand", "lorsque", "lorsqu'", "si", "mais", "et", "puisque", "puisqu'", ","}


def _surface_subject(verb: Token, mentions: list[Span], labels: set[str]) -> Span | None:
    """The name right before a finite verb that the parser left without a subject, when a
    clause opener comes just before the name ("tandis qu'Oracle s'appuie sur…")."""
    doc, k = verb.doc, verb.i - 1
    while k > verb.sent.start and doc[k].lower_ in _CLITICS:
        k -= 1
    named = next((m for m in mentions if m.end == k + 1 and m.label_ in labels), None)
    if named is None or named.start <= verb.sent.start:
        return None
    return named if doc[named.start - 1].lower_ in _CLAUSE_OPENERS else None


def _appositive_owner(noun: Token, mentions: list[Span], labels: set[str]) -> Span | None:
    """The name a common-noun phrase is in apposition to: "Annapurna Labs, la société …",
    "le Snapdragon X Elite, la puce phare de Qualcomm, qui …"."""
    if noun.pos_ != "NOUN":
        return None
    doc = noun.doc
    left = noun.i
    while left > noun.sent.start and (doc[left - 1].pos_ in ("DET", "ADJ", "NUM") and doc[left - 1].is_lower):
        left -= 1
    if left < 2 or doc[left - 1].text != ",":
        return None
    return next((m for m in mentions if m.label_ in labels and m.end == left - 1), None)


def _in_subject(token: Token) -> bool:
    """``token`` belongs to the subject phrase of its clause (on the surface: it opens the
    sentence or a "que" clause)."""
    if token.i == token.sent.start or token.doc[token.i - 1].lower_ in ("que", "qu'", "qu’"):
        return True
    node = token
    for _ in range(5):
        if node.dep_ in ("nsubj", "nsubj:pass"):
            return True
        if node.dep_ in ("ROOT", "obj", "obl", "obl:mod", "obl:arg", "iobj") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _reflexive(token: Token) -> bool:
    """The verb carries a reflexive pronoun ("se mesure", "s'est emparé", "se sont livré")."""
    doc = token.doc
    if any(c.lower_ in ("se", "s'", "s’") for c in token.children):
        return True
    k = token.i - 1
    while k >= token.sent.start and k >= token.i - 3 and (doc[k].pos_ == "AUX" or doc[k].lower_ in ("en", "y")):
        k -= 1
    return k >= token.sent.start and doc[k].lower_ in ("se", "s'", "s’")


@lru_cache(maxsize=50_000)
def _infinitives(word: str) -> frozenset[str]:
    """Infinitives a conjugated French form may come from ("rachète" → racheter, "investit" →
    investir); only used to look words up in the trigger lexicon."""
    out: set[str] = set()
    for ending, infinitive in _VERB_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: len(word) - len(ending)]
            out.add(stem + infinitive)
            out.add(stem.replace("è", "e") + infinitive)
    return frozenset(out)


_PREP_ALIASES = {"des": "de", "du": "de", "d'": "de", "aux": "à", "au": "à"}
_DET_LEMMAS = {"la": "le", "les": "le", "l'": "le", "une": "un", "des": "un", "du": "de", "aux": "à",
               "sa": "son", "ses": "son", "leurs": "leur"}
_COMPLEMENT_RELATIVES = {"dont", "lequel", "laquelle", "lesquels", "lesquelles", "auquel", "auxquels", "duquel"}
_OBLIQUE_RELATIVES = {"auquel", "auxquels", "auxquelles", "laquelle", "lequel", "lesquels", "lesquelles", "duquel", "où"}
_LIST_JOINERS = {"et", "ou", "ni", "ainsi", "que", "mais", "aussi", "voire", "comme"}
_LIST_FILLERS = {",", "à", "au", "aux", "de", "d'", "du", "des", "le", "la", "les", "l'", "avec", "sur", "chez", "face"}


def _founders(noun: Token, mentions: list[Span], labels: set[str]) -> list[Span]:
    """The agents of a participle on a noun ("la coentreprise formée par A, B et C"), with the
    other members of their list."""
    for part in noun.children:
        if part.dep_ != "acl" or "Part" not in part.morph.get("VerbForm"):
            continue
        agents = [m for c in part.children if c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and _prep(c) == "par")
                  for m in _mentions_in(c, mentions, None) if m.label_ in labels]
        if agents:
            listed = _coordinated(agents[:1], mentions, exclude=None)
            return list({m.kb_id_: m for m in [*agents, *listed] if m.label_ in labels}.values())
    return []


def _misparsed_object(child: Token) -> bool:
    """A "subject" after an infinitive (or an infinitive perfect, "après avoir courtisé X"):
    an infinitive has no subject of its own, the name is its object."""
    verb = child.head
    if child.i < verb.i or verb.pos_ not in ("VERB", "AUX"):
        return False
    if "Inf" in verb.morph.get("VerbForm"):
        return True
    return "Part" in verb.morph.get("VerbForm") and any(
        c.dep_.startswith("aux") and "Inf" in c.morph.get("VerbForm") for c in verb.children)


_CONTRAST_ENDS = {",", ";", ":", ".", "!", "?", "(", ")", "—", "–"}


def _under_infinitive(token: Token, head: Token) -> bool:
    """Whether ``token`` hangs under an infinitive clause of ``head`` ("envisage d'entrer au
    capital de X": X is under "entrer")."""
    node = token
    while node.head.i != node.i and node.i != head.i:
        if node.head.i == head.i:
            return node.dep_ in ("xcomp", "ccomp") and "Inf" in node.morph.get("VerbForm")
        node = node.head
    return False


def _after_dateline(sent: Span) -> int:
    """Where a sentence's own words start, after a dateline ("Séoul – Samsung a présenté …")."""
    doc = sent.doc
    for k in range(sent.start, min(sent.start + 3, sent.end - 1)):
        if doc[k].text in ("–", "—") and all(t.text[:1].isupper() for t in doc[sent.start : k]):
            return k + 1
    return sent.start


def contrast_at(contrasts: Iterable[tuple[int, int]], i: int) -> tuple[int, int] | None:
    """The contrast phrase that holds token ``i``, if any."""
    return next(((a, b) for a, b in contrasts if a <= i < b), None)


def _fits_contrasts(fact: Candidate, contrasts: list[tuple[int, int]]) -> bool:
    """Whether the fact respects the contrast phrases of its sentence: a fact of the clause takes
    no name inside one, a fact inside one takes at least one of its names there."""
    where = contrast_at(contrasts, fact.trigger.start)
    names = [m for m in (fact.subject, fact.object) if m is not None]
    if where is None:
        return not any(a <= m.start < b for m in names for a, b in contrasts)
    inside = [where[0] <= m.start < where[1] for m in names]
    # a noun may take the clause's subject ("contrairement à sa rivale Anthropic"), a verb may not
    return all(inside) if fact.trigger.root.pos_ in ("VERB", "AUX") else any(inside)


def _coordinated(objects: list[Span], mentions: list[Span], exclude: Span | None) -> list[Span]:
    """Add the other members of a list an object heads ("face à OpenAI, Anthropic ou Google",
    "avec Intel et à Samsung"), read from the surface when the parse split the list; a list
    ends at its last member joined by a conjunction."""
    out = list(objects)
    for obj in objects:
        chain: list[tuple[Span, bool]] = []
        current = obj
        for other in mentions:
            if other.start < current.end or other.label_ != obj.label_:
                continue
            gap = [t.lower_ for t in obj.doc[current.end : other.start]]
            if gap and _apposition_then_joiner(obj.doc[current.end : other.start]):
                # "ByteDance, propriétaire de TikTok, ainsi que Tencent": an apposition inside the list
                chain.append((other, True))
                current = other
                continue
            # one descriptor right before a name ("et du japonais SoftBank", "et l'opérateur KT")
            described = len(gap) >= 2 and obj.doc[other.start - 1].is_lower and obj.doc[other.start - 1].pos_ in ("ADJ", "NOUN", "PROPN")
            words = gap[:-1] if described else gap
            if not words or any(w not in _LIST_JOINERS and w not in _LIST_FILLERS for w in words) or len(gap) > 4:
                break
            chain.append((other, any(w in _LIST_JOINERS for w in gap)))
            current = other
        last = max((k for k, (_, joined) in enumerate(chain) if joined), default=-1)
        if last >= 0 and _opens_clause(chain[last][0]) is not None:
            # "Meta s'offre 49 % de Scale AI, Google et OpenAI prennent leurs distances": the
            # names after the comma are the subject of the next clause, not more objects
            first_comma = next((k for k, (_, joined) in enumerate(chain) if not joined), None)
            last = -1 if first_comma is not None and first_comma <= last else last
        for other, _ in chain[: last + 1]:
            if exclude is not None and other.kb_id_ == exclude.kb_id_:
                break
            if all(o.kb_id_ != other.kb_id_ for o in out):
                out.append(other)
    return out


def _opens_clause(mention: Span) -> Token | None:
    """A name followed by a finite verb (after clitics or "ne"): that verb, whose subject it is."""
    doc = mention.doc
    i = mention.end
    while i < len(doc) and doc[i].lower_ in ("ne", "n'", "n’", "se", "s'", "s’", "y", "en", "lui", "leur", "l'", "l’"):
        i += 1
    if i >= len(doc):
        return None
    tok = doc[i]
    return tok if tok.pos_ in ("VERB", "AUX") and "Fin" in tok.morph.get("VerbForm") and tok.sent == mention.sent else None


def _next_clause_subject(mention: Span, mentions: list[Span], trigger: Span) -> set[int]:
    """", Google et OpenAI prennent leurs distances": after a comma, a name (or a list of
    names) followed by a finite verb is the subject of a new clause, whatever the parse says;
    the starts of the names of that list, else nothing."""
    doc = mention.doc
    if mention.start < trigger.end or doc[mention.start - 1].text not in (",", ";"):
        return set()
    run = [mention]
    for other in mentions:
        if other.start < run[-1].end or other.label_ != mention.label_:
            continue
        gap = [t.lower_ for t in doc[run[-1].end : other.start]]
        if not gap or len(gap) > 2 or any(w not in (",", "et", "ou") for w in gap):
            break
        run.append(other)
    verb = _opens_clause(run[-1])
    if verb is None or verb.i in {t.i for t in trigger.root.ancestors} or verb.i == trigger.root.i \
            or verb.head.i == trigger.root.i and verb.dep_.startswith("aux"):
        return set()  # (the main clause above a fronted subordinate one holds the trigger)
    return {m.start for m in run}


def _apposition_then_joiner(gap: Span) -> bool:
    """The words between two list members are an apposition to the first, then a conjunction:
    ", propriétaire de TikTok, ainsi que", ", le numéro un chinois, et"."""
    words = [t.lower_ for t in gap]
    if len(words) < 4 or len(words) > 12 or words[0] != ",":
        return False
    last_comma = max(i for i, w in enumerate(words) if w == ",")
    tail = words[last_comma + 1 :]
    if last_comma == 0 or tail not in (["et"], ["ou"], ["ainsi", "que"], ["mais", "aussi"], ["et", "à"], ["et", "de"]):
        return False
    inner = list(gap)[1:last_comma]
    return bool(inner) and not any(t.pos_ in ("VERB", "AUX", "SCONJ", "PRON") or t.text in (",", ";", ":") for t in inner) \
        and inner[0].pos_ in ("DET", "NOUN", "ADJ") and inner[0].is_lower


def _under_apposition(token: Token, top: Token) -> bool:
    """``token`` sits in an apposition's complement below ``top`` ("Schwarz, propriétaire de
    Lidl": Lidl is no companion)."""
    node = token
    for _ in range(8):
        if node.i == top.i or node.head.i == node.i:
            return False
        node = node.head
        if node.dep_ == "appos" and node.i != top.i:
            return True
    return False


def _preceding_list(mention: Span, mentions: list[Span]) -> list[Span]:
    """The members of a list that ends with ``mention`` ("H100, H200 et B200"), read from the
    surface: same-label names joined by commas or a conjunction, nearest first excluded."""
    out: list[Span] = []
    current = mention
    joined = False
    for other in reversed([m for m in mentions if m.end <= mention.start]):
        gap = [t.lower_ for t in mention.doc[other.end : current.start]]
        if other.label_ != mention.label_ or not gap or len(gap) > 2 or \
                any(w not in (",", "et", "ou") for w in gap):
            break
        joined = joined or any(w in ("et", "ou") for w in gap)
        if current is mention and not joined:
            break  # "X, Y de Nvidia" is an apposition, not a list: the last link needs "et"/"ou"
        out.insert(0, other)
        current = other
    return out


def _dislocated_topic(target: Token, mentions: list[Span]) -> Span | None:
    """"AMD, principal rival de Nvidia, devrait …": the subject phrase is an apposition to the
    name before it, which is the real subject."""
    left = min(t.i for t in target.subtree if not t.is_punct) if any(not t.is_punct for t in target.subtree) else target.i
    doc = target.doc
    if left < 2 or doc[left - 1].text != ",":
        return None
    for mention in mentions:
        if mention.end == left - 1 and mention.label_ == COMPANY and mention.sent == target.sent:
            if mention.start == mention.sent.start or doc[mention.start - 1].text in (",", ":"):
                return mention
    return None


def _topic(trigger: Span, mentions: list[Span], labels: set[str], exclude: list[Span]) -> Span | None:
    """When the parse gives no subject: the name that opens the sentence (after a fronted
    adverbial such as "En janvier,"), the usual subject of a French news sentence."""
    sent = trigger.sent
    skip = {m.kb_id_ for m in exclude}
    # (a place named in a fronted adverbial is skipped: "En France enfin, Iliad, …")
    first = next((m for m in mentions if m.start >= sent.start and (m.label_ in labels or m.label_ != REGION)), None)
    if first is None or first.end > trigger.start or first.label_ not in labels or first.kb_id_ in skip:
        return None
    lead = list(sent.doc[sent.start : first.start])
    if not lead or (lead[-1].text == "," and not any(t.pos_ in ("VERB", "AUX") for t in lead)) \
            or all(t.pos_ == "DET" for t in lead):
        return first
    return None


def _conjuncts(mention: Span, mentions: list[Span], labels: set[str]) -> list[Span]:
    """Mentions coordinated with ``mention`` ("Honda et Nissan")."""
    heads = {mention.root.i}
    # "les deux entreprises": the other company a collective reference stands for
    out: list[Span] = [m for m in _collective_partners(mention, mentions) if m.label_ in labels]
    doc = mention.doc
    for other in mentions:  # on the surface, when the parse split the pair
        if other.label_ in labels and other.kb_id_ != mention.kb_id_:
            left, right = (other, mention) if other.start < mention.start else (mention, other)
            if [t.lower_ for t in doc[left.end : right.start]] == ["et"]:
                out.append(other)
    for other in mentions:
        if other is mention or other.label_ not in labels or other.kb_id_ == mention.kb_id_:
            continue
        node = other.root
        for _ in range(3):
            if node.dep_ != "conj" or node.head is node:
                break
            node = node.head
            if node.i in heads:
                if other not in out:
                    out.append(other)
                break
    return out


def _subject_list(subject: Span, trigger: Span, mentions: list[Span], labels: set[str]) -> list[Span]:
    """The other members of a list the subject belongs to, before the trigger ("Samsung et SK
    hynix ont signé", "Nvidia, Bpifrance et les fonds Lightspeed et Accel ont remis au pot"),
    read on the surface: names joined by commas or a conjunction (one kind noun may introduce a
    name: "et les fonds américains X"), with at least one conjunction."""
    if subject.end > trigger.start or subject.root.pos_ == "PRON":
        return []  # "… avec OpenAI, et il a investi": a pronoun opens a clause, it is in no list
    doc = subject.doc
    same = [m for m in mentions if m.label_ == subject.label_ and m.end <= trigger.start and m.root.pos_ != "PRON"]

    def link(gap: list[Token]) -> str | None:
        words = [t.lower_ for t in gap]
        if words in ([","],):
            return ","
        if words and words[0] in ("et", "ou", "ni", "puis") and (len(words) == 1 or (
                len(words) <= 5 and gap[1].pos_ == "DET" and all(t.is_lower and t.pos_ in ("NOUN", "ADJ") for t in gap[2:]))):
            return "et"
        if words[:2] in ([",", "et"], [",", "ni"], [",", "puis"]) and len(words) == 2:
            return "et"
        return None

    members, joined = [subject], False
    left = subject
    for other in reversed([m for m in same if m.end <= subject.start]):
        kind = link(list(doc[other.end : left.start]))
        if kind is None:
            break
        joined = joined or kind == "et"
        members.insert(0, other)
        left = other
    right = subject
    for other in [m for m in same if m.start >= subject.end]:
        kind = link(list(doc[right.end : other.start]))
        if kind is None:
            break
        joined = joined or kind == "et"
        members.append(other)
        right = other
    if len(members) < 2 or not joined:
        return []
    # the list must end right before the predicate (or its clitics, adverbs, an incise)
    gap = list(doc[right.end : trigger.start])
    if gap and gap[0].pos_ in ("ADP", "NOUN", "PROPN") and gap[0].lower_ not in ("y", "en"):
        return []
    return [m for m in members if m.kb_id_ != subject.kb_id_ and m.label_ in labels]


def _collective_partners(mention: Span, mentions: list[Span]) -> list[Span]:
    """The other companies a collective reference ("les deux groupes") stands for: mentions over
    the same words with another id."""
    return [m for m in mentions if m.start == mention.start and m.end == mention.end
            and m.kb_id_ != mention.kb_id_ and m.label_ == mention.label_]


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


def _between(head: Token, mentions: list[Span], labels: set[str]) -> list[Span]:
    """The distinct names of a noun's "entre A et B" complement, read on the surface (the parse
    often hangs "et le taïwanais B" elsewhere): determiners, adjectives and common nouns may
    stand before each name ("entre le conglomérat HCL et le taïwanais Foxconn")."""
    doc = head.doc
    entre = next((c for comp in head.children if comp.dep_ in ("nmod", "obl", "obl:mod")
                  for c in comp.children if c.dep_ == "case" and c.lower_ == "entre"), None)
    if entre is None:
        return []
    starts = {m.start: m for m in mentions if m.label_ in labels}
    out: list[Span] = []
    i, after_and = entre.i + 1, False
    while i < head.sent.end:
        token = doc[i]
        if i in starts:
            mention = starts[i]
            if all(o.kb_id_ != mention.kb_id_ for o in out):
                out.append(mention)
            if after_and:
                break
            i = mention.end
            continue
        if token.lower_ == "et":
            after_and = True
        elif not (token.text == "," or token.pos_ in ("DET", "ADJ") or (token.pos_ in ("NOUN", "PROPN") and token.is_lower)):
            break
        i += 1
    return out if after_and else []


def _dedupe(facts: list[Candidate], symmetric: set[str] | frozenset[str] = frozenset()) -> list[Candidate]:
    """One candidate per (sentence, relation, subject, object): the most confident (a symmetric
    relation's pair in either order is one fact)."""
    best: dict[tuple, Candidate] = {}
    for fact in facts:
        obj = fact.object.kb_id_ if fact.object is not None else None
        subj = fact.subject.kb_id_
        if fact.relation in symmetric and obj is not None and obj < subj:
            subj, obj = obj, subj
        key = (fact.sentence.start, fact.relation, subj, obj)
        if key not in best or fact.confidence > best[key].confidence:
            best[key] = fact
    return list(best.values())
