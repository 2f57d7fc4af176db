"""Modality of candidate facts: asserted, reported, speculative or negated."""

from __future__ import annotations

import re

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from .attribution import ATTRIBUTION_KEY
from .base import RulesComponent
from .relations import CONTRASTS_KEY, FACTS_KEY, Candidate, _apposed_name, _fronted_participle, _infinitives, contrast_at

MODALITIES = ("Negated", "Speculative", "Reported", "Asserted")
_CHAIN_DEPS = {"xcomp", "ccomp", "advcl", "conj", "acl", "acl:relcl", "obj", "obl", "obl:arg", "obl:mod", "nmod", "csubj"}


@Language.factory(
    "kg_modality",
    default_config={},
    requires=["doc.user_data", "token.morph", "token.dep"],
    assigns=["doc.user_data"],
)
def make_modality(nlp: Language, name: str) -> ModalityRules:
    """Create the modality component (empty until ``initialize`` or ``from_disk``)."""
    return ModalityRules(nlp, name)


def _lower(words: Iterable[str]) -> set[str]:
    return {str(w).lower() for w in words}


class ModalityRules(RulesComponent):
    """Set ``modality`` on each candidate fact from negation, modal, hearsay and source cues."""

    rules_file = "modality.yaml"

    def __init__(self, nlp: Language, name: str = "kg_modality"):
        super().__init__(nlp, name)

    def set_rules(self, rules: dict[str, Any]) -> None:
        """Install rules (as read from ``modality.yaml``)."""
        super().set_rules(rules)
        neg, spec, rep = rules["negated"], rules["speculative"], rules["reported"]
        self._neg_particles = _lower(neg["particles"])
        self._needs_ne = _lower(neg.get("needs_ne", []))
        self._litotes = {str(k).lower(): _lower(v) for k, v in (neg.get("litotes") or {}).items()}
        self._neg_verbs = _lower(neg["verbs"])
        self._neg_nouns = _lower(neg.get("nouns", []))
        self._neg_phrases = _lower(neg.get("phrases", []))
        self._neg_marks = _lower(neg.get("marks", []))
        self._modals = _lower(spec["modal_verbs"])
        self._spec_verbs = _lower(spec["verbs"])
        self._offer_verbs = _lower(spec.get("infinitive_verbs", []))
        self._offer_nouns_verbs = _lower(spec.get("offer_verbs", []))
        self._spec_words = _lower(spec["words"])
        self._spec_words_re = re.compile(
            r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(self._spec_words, key=len, reverse=True))) + r")(?!\w)")
        self._future = bool(spec.get("future_is_speculative", False))
        self._condition_marks = _lower(spec.get("condition_marks", []))
        self._not_plans = {rel: _lower(words) for rel, words in spec.get("not_a_plan_of", {}).items()}
        self._not_negations = {rel: _lower(words) for rel, words in neg.get("not_a_negation_of", {}).items()}
        self._purpose_marks = [tuple(m.lower().replace("’", "'").split()) for m in spec.get("purpose_marks", [])]
        self._concession_words = _lower(spec.get("concession_words", []))
        self._markers = _lower(rep["markers"])
        self._say_verbs = _lower(rep["verbs"])
        self._source_types = set(rep.get("source_types", []))
        self._conditional = bool(rep.get("conditional", True))
        self._barriers = set(rules.get("scope_barriers", []))
        self._modal_forms = _lower(spec.get("modal_forms", []))
        self._cond_forms = _lower(rep.get("conditional_forms", []))
        self._future_in_past_verbs = _lower(spec.get("future_in_past_verbs", []))
        # rule id -> (relation it becomes, trigger words that say so)
        self._negated_becomes = {rule: (turn["relation"], _lower(turn.get("words", [])))
                                 for rule, turn in neg.get("negated_becomes", {}).items()}
        self._plain_negations = self._neg_particles | self._neg_marks
        self._not_plan_words = {rel: _lower(words) for rel, words in spec.get("not_a_plan_words_of", {}).items()}

    def _condition(self, mark: Token) -> bool:
        """Whether a clause mark opens a condition ("si …"), not a concession ("même si …")."""
        return mark.dep_ == "mark" and mark.lower_ in self._condition_marks \
            and (mark.i == 0 or mark.nbor(-1).lower_ not in self._concession_words)

    def __call__(self, doc: Doc) -> Doc:
        facts = doc.user_data.get(FACTS_KEY, [])
        sources = doc.user_data.get(ATTRIBUTION_KEY) or [None] * len(facts)
        for fact, source in zip(facts, sources):
            fact.modality, fact.cues = self.modality_of(fact)
            if fact.modality == "Asserted" and source is not None and source.type in self._source_types \
                    and not fact.fixed_modality:
                # "…, précise le quotidien britannique" however it is parsed: a publication,
                # an unnamed source or a body tells it, not the article
                fact.modality, fact.cues = "Reported", [source.name or source.type]
            turned, words = self._negated_becomes.get(fact.rule, (None, set()))
            if not (turned and {fact.trigger.root.lemma_.lower(), fact.trigger.root.lower_} & words):
                turned = None
            # (not a choice still to make: "n'a toujours pas choisi entre Baidu et Alibaba")
            between = fact.object is not None and any(
                t.lower_ == "entre" for t in doc[min(fact.trigger.end, fact.object.start) : fact.object.start])
            if fact.modality == "Negated" and turned and not between and set(fact.cues) <= self._plain_negations:
                # "n'a pas retenu OpenAI": a candidate not chosen is a rejection, stated with the
                # clause's other cues (not a plan: "ne choisira pas X" stays a denied choice)
                negated = (fact.relation, fact.modality, fact.cues)
                fact.relation, fact.ignore_negation = turned, True
                fact.modality, fact.cues = self.modality_of(fact)
                if fact.modality not in ("Asserted", "Reported"):
                    fact.relation, fact.modality, fact.cues = negated
                    fact.ignore_negation = False
        return doc

    def modality_of(self, fact: Candidate) -> tuple[str, list[str]]:
        """The modality of a fact and the cues that decided it."""
        if getattr(fact, "fixed_modality", None):
            return fact.fixed_modality, []
        sent = fact.sentence
        # a noun beside one of the fact's names is not under its clause's verbs, only under the
        # sentence's own markers ("selon…")
        chain = [fact.trigger.root] if _appositive(fact) else _scope(_chain(fact.trigger.root), self._barriers)
        root = fact.trigger.root
        if root.pos_ == "NOUN" and any(c.dep_ == "case" and c.lower_ in ("depuis", "après") for c in root.children):
            chain = chain[:1]  # "préparerait sa plus grosse acquisition depuis le rachat de Medidata": a past event told as a landmark
        contrast = contrast_at(sent.doc.user_data.get(CONTRASTS_KEY, ()), fact.trigger.start)
        if contrast is not None:
            # "…n'a noué aucun accord avec Google, contrairement à sa rivale Anthropic": the
            # clause's negation does not reach into the contrast
            cut = next((k for k, n in enumerate(chain) if not contrast[0] <= n.i < contrast[1]), len(chain))
            chain = chain[: max(cut, 1)]
        text = " " + sent.text.lower().replace("’", "'") + " "
        if contrast is None:
            # the sentence's phrases of denial, within the trigger's part of a sentence a colon or
            # a semicolon divides ("a renoncé à s'associer à stc : nous n'étions pas d'accord")
            cuts = [t.i for t in sent if t.text in (":", ";")]
            left = max((c + 1 for c in cuts if c < fact.trigger.start), default=sent.start)
            right = min((c for c in cuts if c >= fact.trigger.end), default=sent.end)
            neg_text = text if not cuts else " " + sent.doc[left:right].text.lower().replace("’", "'") + " "
        else:
            neg_text = " " + sent.doc[contrast[0] : contrast[1]].text.lower().replace("’", "'") + " "
        trigger_ids = set(range(fact.trigger.start, fact.trigger.end))

        negs = []
        # a finite verb conjoined to a negated or denying one ("dément avoir signé avec OpenAI
        # et reste lié à Google") is not under that verb's own negation
        # (nor one set against it by "mais", whatever the tagger made of its form: "n'a signé ni avec
        # Baidu ni avec Alibaba, mais investit dans OpenAI")
        via_conj = {chain[k + 1].i for k in range(len(chain) - 1)
                    if chain[k].dep_ == "conj" and chain[k].pos_ in ("VERB", "AUX") and (
                        "Fin" in chain[k].morph.get("VerbForm") or any(c.lower_ == "mais" for c in chain[k].children)
                        # a compound tense of its own: "a renoncé à Baidu et a opté pour Alibaba"
                        or any(c.dep_.startswith("aux") and "Fin" in c.morph.get("VerbForm") for c in chain[k].children))}
        # "a écarté Samsung et retenu TSMC": a denying verb denies its complements, not its conjuncts
        conj_heads = {chain[k + 1].i for k in range(len(chain) - 1) if chain[k].dep_ == "conj"}
        # "n'exclut pas de signer avec X": a denied denial is a possibility, not a negation
        cancelled = {n.i for n in chain if n.lemma_.lower() in self._neg_verbs
                     and any(c.lower_ in ("pas", "plus", "jamais") for c in n.children)}
        # "n'est pas remis en cause": a threat denied is the fact upheld
        upheld = {n.i for n in chain if n.lemma_.lower() in self._litotes and (
            not self._litotes[n.lemma_.lower()] or any(c.lower_ in self._litotes[n.lemma_.lower()] for c in n.children))}
        for node in ([] if getattr(fact, "ignore_negation", False) else chain):
            if node.i in via_conj:
                continue
            # (a particle the parser hung under an adverb: "n'ont pas encore finalisé", "pas" under "encore")
            for child in [node, *node.children, *(g for c in node.children if c.dep_ == "advmod" for g in c.children)]:
                word = child.lower_
                if child.i in trigger_ids and fact.negation_in_trigger:
                    continue
                if word in self._neg_particles and child.dep_ in ("advmod", "det", "cc", "advmod:neg", "nmod", "obj", "fixed") or (child.dep_ == "advmod" and word == "non"):
                    if word in self._needs_ne and not _has_ne(node):
                        continue
                    if _restrictive(child):
                        continue  # "n'est pas le seul à miser sur X", "pas seulement": the fact holds
                    if node.i in cancelled or node.i in upheld:
                        continue
                    if fact.negation_in_trigger and abs(child.i - fact.trigger.start) <= 3:
                        continue
                    negs.append(word)
            if (node.i != chain[0].i or (node.pos_ == "VERB" and not fact.negation_in_trigger)) and any(
                    c.dep_ in ("obj", "nsubj:pass") and c.i not in trigger_ids and any(
                        d.dep_ == "det" and d.lower_ in ("aucun", "aucune", "nul", "nulle") for d in c.children)
                    for c in node.children):
                negs.append("aucun")  # "n'avoir déposé aucune offre pour entrer au capital de X"
            if "ni" in self._neg_particles and not fact.negation_in_trigger and node.pos_ in ("VERB", "AUX") \
                    and _has_ne(node) and node.i not in cancelled and any(
                        t.lower_ == "ni" and _clause_of(t).i == node.i for t in node.subtree):
                negs.append("ni")  # "ne travaille ni avec Baidu ni avec Alibaba": "ni" hangs under the names
            if node.lemma_.lower() in self._neg_verbs and node.i not in trigger_ids and node.i != chain[0].i \
                    and node.lemma_.lower() not in self._not_negations.get(fact.relation, ()) \
                    and node.i not in cancelled and node.i not in conj_heads:
                negs.append(node.lemma_)
            if node.lemma_.lower() in self._neg_nouns:
                negs.append(node.lemma_)
        # "sans (pour autant) racheter l'entreprise": the trigger verb under "sans"
        head = chain[0]
        negs += [c.lower_ for c in head.children if c.dep_ in ("mark", "case") and c.lower_ in self._neg_marks
                 and head.pos_ in ("VERB", "AUX") and c.i < head.i]
        if not fact.negation_in_trigger and not getattr(fact, "ignore_negation", False):
            negs += [p for p in self._neg_phrases if f" {p} " in neg_text or f" {p}" in neg_text]
        if negs and fact.object is not None and any(t.lower_ == "mais" for t in sent.doc[max(sent.start, fact.object.start - 2) : fact.object.start]):
            negs = []  # "n'a pas choisi Baidu mais Alibaba": the one after "mais" is what holds
        if negs:
            return "Negated", negs

        specs = [chain[k].lemma_ for k in range(1, len(chain)) if chain[k].i in cancelled]
        for k, node in enumerate(chain):
            lemma = node.lemma_.lower()
            if k and (lemma in self._offer_verbs and "Inf" in chain[k - 1].morph.get("VerbForm") or (
                    lemma in self._offer_nouns_verbs and k == 1 and chain[0].pos_ == "NOUN" and chain[0].dep_ == "obj")):
                specs.append(node.text)  # "a proposé de racheter X", "a proposé un partenariat à X": an offer
            modal_nodes = [node, *(c for c in node.children if c.dep_.startswith("aux") or c.dep_ == "cop")]
            if any(c.dep_ == "advcl" and any(self._condition(m) for m in c.children) for c in node.children):
                specs.append("si")  # "si les essais sont concluants, X sera intégré": a condition
            if lemma in self._modals and (_mood(node, "Cnd", "Fut") or node.lower_ in self._modal_forms):
                specs.append(node.text)
            if lemma in self._spec_verbs and node.i != chain[0].i and lemma not in self._not_plans.get(fact.relation, ()):
                specs.append(node.text)
            # a plan: the fact's own predicate, or a verb above a noun trigger ("signera un accord avec X"),
            # in the future tense
            if self._future and (node.i == chain[0].i or node.pos_ in ("VERB", "AUX")) \
                    and any(("Fut" in m.morph.get("Tense") and _future_form(m)) or _future_of_lemma(m) for m in modal_nodes):
                specs.append(node.text)
        specs += self._future_in_past(chain)
        if self._intended(chain[0]):
            specs.append("en vue de")
        specs += self._verb_before(chain[0])
        not_plans = self._not_plan_words.get(fact.relation, ())
        specs += [w for w in self._spec_words_re.findall(text) if w not in not_plans]  # "une lettre d'intention": the word after an elision too
        if specs:
            return "Speculative", specs

        reps = [m for m in self._markers if f" {m} " in text or f" {m}" in text and m.endswith("'")]
        for node in chain:
            aux = [node, *(c for c in node.children if c.dep_.startswith("aux") or c.dep_ == "cop")]
            if self._conditional and any(_is_conditional(a) or a.lower_ in self._cond_forms for a in aux):
                reps.append(node.text)
            if node.lemma_.lower() in self._say_verbs and node.i != chain[0].i and not _said_by(node, chain) \
                    and not _fronted_event(node):
                reps.append(node.text)
        root = sent.root
        # (a fact in a relative or adverbial clause is not what the main verb reports:
        # "Nvidia, qui avait investi dans OpenAI, n'a pas précisé …")
        in_scope = root.i in {n.i for n in chain}
        for child in ([root, *root.children] if in_scope else []):
            # an incise "…, révèle Bloomberg" or a saying verb at the root
            if child.lemma_.lower() in self._say_verbs and child.i not in {n.i for n in chain[:1]} \
                    and not (child.i == root.i and _said_by(child, chain)) and not _fronted_event(child):
                if child.dep_ in ("parataxis", "ROOT", "conj") and child.i != chain[0].i:
                    reps.append(child.text)
        if not reps and self._incise(fact, root):
            reps.append(root.text)
        if reps:
            return "Reported", reps
        return "Asserted", []

    def _future_in_past(self, chain: list[Token]) -> list[str]:
        """A simple conditional under a past verb of saying is the future seen from then, a plan
        ("BMW a annoncé que l'iX3 intégrerait un assistant"), not hearsay; the compound one ("a
        rapporté qu'Apple aurait signé") stays hearsay."""
        if not self._conditional:
            return []
        for k, node in enumerate(chain[:-1]):
            above = chain[k + 1]
            if node.dep_ != "ccomp" or above.lemma_.lower() not in self._future_in_past_verbs:
                continue
            simple = node.pos_ == "VERB" and not any(c.dep_.startswith("aux") for c in node.children) and _is_conditional(node)
            # (a past participle, whatever the parser made of its auxiliary: "a de son côté annoncé que")
            past = any(c.dep_ == "aux:tense" for c in above.children) or "Imp" in above.morph.get("Tense") \
                or "Past" in above.morph.get("Tense")
            if simple and past:
                return [node.text]
        return []

    def _verb_before(self, verb: Token) -> list[str]:
        """A plan or modal verb right before the fact's infinitive, where the parse lost it
        ("Apple compte s'allier à Baidu" with "compte" read as part of the name)."""
        if "Inf" not in verb.morph.get("VerbForm"):
            return []
        k = verb.i - 1
        while k > verb.sent.start and verb.doc[k].lower_.replace("’", "'") in ("se", "s'", "à", "de", "d'"):
            k -= 1
        word = verb.doc[k]
        keys = {word.lemma_.lower(), *_infinitives(word.lower_)}
        if keys & self._spec_verbs or (keys & self._modals and word.lower_ in self._modal_forms):
            return [word.text]
        return []

    def _intended(self, verb: Token) -> bool:
        """"en vue d'investir", "afin de racheter", "en vue d'une prise de participation": an
        infinitive or a deal noun of purpose is an act intended (the module's ``_purpose``
        decides scope, this the fact's own modality)."""
        doc = verb.doc

        def after_mark(start: int) -> bool:
            before = [t.lower_.replace("’", "'") for t in doc[max(verb.sent.start, start - 3) : start]]
            return any(tuple(before[-len(m):]) == m for m in self._purpose_marks)

        if verb.pos_ == "NOUN":
            # the mark opens the noun phrase, or a phrase the noun completes ("une prise de participation")
            node = verb
            for _ in range(3):
                # (the mark ends in the phrase's own preposition: "en vue d'" + "une prise")
                if after_mark(min(t.i for t in node.subtree if not (t.dep_ == "case" and t.head.i == node.i))):
                    return True
                if node.dep_ != "nmod" or node.head.pos_ != "NOUN" or node.head.i > node.i:
                    break
                node = node.head
            return False
        return verb.pos_ in ("VERB", "AUX") and "Inf" in verb.morph.get("VerbForm") and after_mark(verb.i)

    def _incise(self, fact: Candidate, root: Token) -> bool:
        """"…, a reconnu son patron": a saying verb after the clause, behind a comma, parsed as
        the root with the fact's clause below it (where the scope of modals stops)."""
        if root.lemma_.lower() not in self._say_verbs or root.i < fact.trigger.end:
            return False
        full = _chain(fact.trigger.root)
        below = next((full[k - 1] for k in range(1, len(full)) if full[k].i == root.i), None)
        if below is None or below.i > root.i or below.dep_ not in ("advcl", "ccomp", "parataxis"):
            return False
        left = min([root.i, *(c.i for c in root.children if c.dep_.startswith("aux"))])
        return left > 0 and root.doc[left - 1].text == ","


def _said_by(verb: Token, chain: list[Token]) -> bool:
    """The fact sits in the subject of a saying verb, not in what it says ("Autodesk et PTC,
    concurrents du groupe, ont dévoilé des assistants", "Huawei a dévoilé sa gamme Pura 80, qui
    fonctionne sous HarmonyOS 5"): the verb reports no statement of that fact."""
    below = next((chain[k - 1] for k in range(1, len(chain)) if chain[k].i == verb.i), None)
    if below is None:
        return False
    if below.dep_ == "nsubj":
        return True  # (a passive subject is what is said: "une entrée au capital de X est évoquée")
    if below.pos_ in ("VERB", "AUX") and any(c.dep_.startswith("nsubj") and c.lower_ == "qui" for c in below.children):
        return True  # "…sa gamme Pura 80, qui fonctionne sous X": a relative clause the parser hung on the verb
    # a thing unveiled ("dévoiler sa gamme"), not a statement: a plain noun object that is not the
    # trigger, or a relative clause or apposition on the thing ("sa gamme Pura 80, qui fonctionne sous…")
    if below.i == chain[0].i or below.pos_ not in ("NOUN", "PROPN"):
        return False
    path = chain[: next(k for k in range(len(chain)) if chain[k].i == below.i)]
    return below.dep_ == "obj" or any(t.dep_ in ("acl:relcl", "appos") for t in path)


def _chain(token: Token) -> list[Token]:
    """The trigger and the predicates above it, up to the sentence root."""
    out = [token]
    node = token
    # (spaCy makes a new Token object on each access: compare positions, not identity)
    while node.head.i != node.i and len(out) < 8:
        node = node.head
        out.append(node)
    return out


def _fronted_event(verb: Token) -> bool:
    """A sentence-initial participle that tells an event, not a source: "Dévoilé en janvier par
    Samsung, le Galaxy S25 …" (but "Révélé par Bloomberg, l'accord …" names one)."""
    end = _fronted_participle(verb)
    return end is not None and not any(t.ent_type_ in ("MEDIA", "PERSON") for t in verb.doc[verb.i : end])


def _appositive(fact: Candidate) -> bool:
    """The trigger is a noun set beside one of the fact's names, whatever the parse made of it
    ("Apple pourrait s'allier à Baidu, son concurrent": the rivalry is not the plan)."""
    trigger = fact.trigger
    if len(trigger) != 1 or trigger.root.pos_ != "NOUN" or fact.object is None \
            or _apposed_name(trigger, [fact.subject, fact.object]) is None:
        return False
    doc = trigger.doc
    return trigger.end >= trigger.sent.end or doc[trigger.end].text in (",", ".", ";", ")") \
        or doc[trigger.end].pos_ in ("ADJ", "ADP") or "Part" in doc[trigger.end].morph.get("VerbForm")


def _scope(chain: list[Token], barriers: set[str]) -> list[Token]:
    """The chain cut where it leaves the fact's own clause: a relative, adverbial or
    parenthetical clause, or a conjoined clause with its own subject, is not under the
    negation or the modal of the clause above it."""
    out = [chain[0]]
    for node in chain[1:]:
        below = out[-1]
        if below.dep_ in barriers and not _purpose(below) or (
            # "Le groupe, entré au capital de X en 2018, ne prendra aucune participation": a
            # participle on a noun is an aside, not under the verb of the clause
            below.dep_ == "acl" and below.pos_ in ("VERB", "AUX") and "Part" in below.morph.get("VerbForm")
        ) or (
            below.dep_ == "conj" and below.pos_ in ("VERB", "AUX")
            and any(c.dep_ in ("nsubj", "nsubj:pass") for c in below.children)
        ):
            break
        out.append(node)
    return out


def _purpose(token: Token) -> bool:
    """An infinitive of purpose ("n'a déposé aucune offre pour entrer au capital de X",
    "pourrait s'allier à X afin de conquérir Y"): the intended act is within the scope of the
    negation or the modal of the clause it serves."""
    if token.dep_ != "advcl" or "Inf" not in token.morph.get("VerbForm"):
        return False
    # (also an infinitive complement the parser hung as an adverbial: "refuse, à ce stade, de
    # s'associer à X")
    marks = [c.lower_ for c in token.children if c.dep_ in ("mark", "case") and c.i < token.i]
    before = token.doc[token.i - 3 : token.i] if token.i >= 3 else token.doc[: token.i]
    if any(t.lower_ in ("avant", "après", "sans", "au", "lieu") for t in before):
        return False  # "avant de jeter l'éponge": a time, not the complement or the aim
    return any(m in ("pour", "afin", "de", "d'", "d’") for m in marks)


def _mood(token: Token, *values: str) -> bool:
    nodes = [token, *(c for c in token.children if c.dep_.startswith("aux"))]
    return any((v in n.morph.get("Mood") and (v != "Cnd" or _conditional_form(n))) or v in n.morph.get("Tense")
               for n in nodes for v in values)


_CONDITIONAL_ENDINGS = ("rait", "raient", "rais", "rions", "riez")
_FUTURE_ENDINGS = ("rai", "ras", "ra", "rons", "rez", "ront")


def _future_form(token: Token) -> bool:
    """The tagger's Tense=Fut checked against the spelling (it reads "dispute" as a future)."""
    return token.lower_.endswith(_FUTURE_ENDINGS) or token.lower_ in ("sera", "seront", "aura", "auront", "fera", "feront", "ira", "iront")


_FUTURE_PERSONS = ("ai", "as", "a", "ons", "ez", "ont")


def _future_of_lemma(token: Token) -> bool:
    """A future built on the infinitive ("signer" → "signera", "prendre" → "prendra"), whatever
    the tagger says (it reads "signera" as a participle)."""
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "AUX") or len(lemma) < 4:
        return False
    stem = lemma[:-1] if lemma.endswith("re") else lemma if lemma.endswith(("er", "ir")) else None
    return stem is not None and token.lower_ in {stem + p for p in _FUTURE_PERSONS}


def _conditional_form(token: Token) -> bool:
    """The tagger's Mood=Cnd checked against the spelling (it reads "restent" as conditional)."""
    return token.lower_.endswith(_CONDITIONAL_ENDINGS)


def _is_conditional(token: Token) -> bool:
    """A conditional form: the tagger's Mood=Cnd checked against the spelling, or the spelling
    alone where the tagger read an imperfect."""
    return ("Cnd" in token.morph.get("Mood") and _conditional_form(token)) or _spelled_conditional(token)


def _spelled_conditional(token: Token) -> bool:
    """A conditional the tagger read as an imperfect: the infinitive's stem with the imperfect's
    ending ("envisagerait", "prendraient"), which the imperfect of the same verb never is
    ("déclarait")."""
    form, lemma = token.lower_, token.lemma_.lower()
    if token.pos_ not in ("VERB", "AUX"):
        return False
    base = form[:-5] if form.endswith("raient") else form[:-3] if form.endswith("rait") else ""
    return bool(base) and (base == lemma and lemma.endswith(("er", "ir")) or lemma.endswith("re") and base == lemma[:-1])


_RESTRICTIVE = {"seul", "seule", "seuls", "seules", "unique", "uniques", "seulement", "uniquement"}


def _restrictive(particle: Token) -> bool:
    """"pas le seul", "pas seulement", "pas uniquement": the negation bears on exclusivity,
    not on the fact."""
    doc = particle.doc
    following = [t.lower_ for t in doc[particle.i + 1 : min(particle.i + 4, len(doc))]]
    if following[:1] and following[0] in _RESTRICTIVE:
        return True
    return len(following) > 1 and following[0] in ("le", "la", "les", "l'", "un", "une") and following[1] in _RESTRICTIVE


def _clause_of(token: Token) -> Token:
    """The nearest verb above a word (the word's own clause)."""
    node = token.head
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def _has_ne(token: Token) -> bool:
    return any(c.lower_ in ("ne", "n'") for c in token.children)

