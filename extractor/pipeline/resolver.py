"""Resolve descriptions and metonymy ("la firme de Cupertino", "le pays") to named entities."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from .base import RulesComponent
from .syntax import in_other_clause, subject_like, words_where
from .gazetteer import COMPANY, PERSON, PRODUCT, REGION, Entry, Gazetteer, fold
from .typer import KINDS_KEY

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


def named_with(person: str, ents: list[Span], before: int, window: int = 5, verbless: bool = False) -> Span | None:
    """The company named beside the person ``person`` (an id) last time before token
    ``before``: "Mark Zuckerberg, le patron de Meta", "Hélène Dubreuil, directrice de la
    stratégie d'OVHcloud" (within ``window`` words; with ``verbless``, no verb between)."""
    company = None
    for other in ents:
        if other.end > before:
            break
        if other.label_ != PERSON or other.kb_id_ != person:
            continue
        doc = other.doc

        def gap(m: Span) -> int:
            return max(m.start - other.end, other.start - m.end)

        near = [m for m in ents if m.label_ == COMPANY and m.sent == other.sent and gap(m) <= window and not (
            verbless and any(t.pos_ in ("VERB", "AUX") for t in doc[min(m.end, other.end) : max(m.start, other.start)]))]
        if near:
            company = min(near, key=gap)
    return company


def _own_subject(mention: Span, span: Span) -> bool:
    """"Meta aurait tenté de mettre la main sur la jeune pousse": a description is not the
    subject of its own clause (that would be a reflexive)."""
    if span.root.dep_.startswith("nsubj"):
        return False  # (a description that is itself a subject may take up the main subject)
    if not mention.root.dep_.startswith("nsubj"):
        # a subject the parser missed ("Meta, enfin, a pris … sans racheter l'entreprise")
        return mention.sent == span.sent and subject_like(mention)
    verb = mention.root.head
    return verb.i in {t.i for t in span.root.ancestors}


def _aside(mention: Span, span: Span, contrast: list[list[str]]) -> bool:
    """A mention of the same sentence that cannot be what a later description means: one
    inside a relative or adverbial clause the description is not in, or one introduced by a
    contrast ("contrairement à Orange", "à l'instar de Google")."""
    doc = mention.doc
    tokens = list(doc[mention.sent.start : mention.start])
    words = [t.lower_ for t in tokens]
    for k in range(len(words) - 1, -1, -1):
        # a contrast marker before the mention, or before the list it is part of
        # ("face à OpenAI, Anthropic ou Google, la start-up …"), with no verb in between
        if tokens[k].pos_ in ("VERB", "AUX"):
            break
        if any(words[max(0, k - len(c) + 1) : k + 1] == c for c in contrast):
            return True
    # "Fondée en 2023 par d'anciens chercheurs de Google, la société …": a sentence-initial
    # participle phrase describes the description itself; the names inside it are not what it means
    first = next((t for t in tokens if not (t.is_punct or t.is_space)), None)
    if first is not None and "Part" in first.morph.get("VerbForm") and first.pos_ in ("VERB", "ADJ", "AUX") \
            and any(t.text == "," for t in doc[mention.end : span.start]):
        return True
    return in_other_clause(mention, span)


def _nationality_noun(token) -> bool:
    """A nationality used as a noun or adjective ("sud-coréens", "chinois", "américains")."""
    w = fold(token.text)
    return w.endswith(("ais", "aises", "ois", "oises", "ains", "aines", "ens", "ennes", "ands", "andes", "ens",
                       "coreens", "indiens", "iens", "iennes", "ols", "oles", "ites", "ans", "anes"))


def _own_apposition(mention: Span, span: Span) -> bool:
    """"OpenAI, principal rival américain de la start-up": a description inside the apposition
    that describes a name is another company than that name."""
    doc = mention.doc
    gap = list(doc[mention.end : span.start])
    # (not the apposition itself: "Kakao, l'éditeur de KakaoTalk" is Kakao)
    return len(gap) >= 2 and gap[0].text == "," and len(gap) <= 8 and gap[-1].pos_ == "ADP" and not any(
        t.pos_ in ("VERB", "AUX", "SCONJ", "PRON") or (t.is_punct and t.i != gap[0].i) for t in gap)


@lru_cache(maxsize=50_000)
def _stems(word: str) -> frozenset[str]:
    """Gender/number-insensitive keys of a French adjective ("californiennes" ~ "californien")."""
    out = set()
    w = fold(word)
    for cand in (w, w[:-1] if w.endswith("s") else w):
        stem = cand[:-1] if cand.endswith("e") else cand
        if stem.endswith("nn"):
            stem = stem[:-1]
        out.add(stem)
    return frozenset(out)


class ReferenceResolver(RulesComponent):
    """Find descriptions of companies and places and link them to the entity they mean.

    Resolved spans go to ``doc.spans["kg_refs"]`` with the entity's label and id.
    """

    rules_file = "references.yaml"

    def __init__(self, nlp: Language, name: str = "kg_reference_resolver", *, gazetteer: str = "kg_gazetteer"):
        super().__init__(nlp, name)
        self.gazetteer_pipe = gazetteer
        self._matcher = Matcher(nlp.vocab)

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer of the pipeline's gazetteer ruler."""
        return self.nlp.get_pipe(self.gazetteer_pipe).gazetteer

    def _memo(self, name: str, words: object = None) -> dict[Any, Any]:
        """A cache kept across documents until the rules (or ``words``, the word set or gazetteer
        it reads) change: which words pass a scan, which company a description names."""
        return self._memos.setdefault((name, id(words)), {})

    def set_rules(self, rules: dict[str, Any]) -> None:
        """Install rules (as read from ``references.yaml``) and build the matcher."""
        super().set_rules(rules)
        self._memos: dict[tuple[str, int], dict[Any, Any]] = {}
        self._blocking = {fold(w) for w in rules.get("blocking_adjectives", [])}
        self._region_heads = {fold(w) for w in rules["region_heads"]}
        self._window = int(rules.get("unqualified_window", 3))
        # as the tokenizer splits them ("d'après" → d' après)
        self._contrast = [[t.lower_ for t in self.nlp.tokenizer(str(w).lower())]
                          for w in [*rules.get("contrast_markers", []), *rules.get("source_markers", [])]]
        # the kinds each typed head allows, by folded head ("start-up" is recorded as "start up")
        self._typed_folded = {fold(k): [fold(a) for a in v] for k, v in (rules.get("typed_heads") or {}).items()}
        heads = [*rules["company_heads"], *rules["region_heads"]]
        head = {"LOWER": {"IN": heads}}
        det = {"LOWER": {"IN": rules["determiners"]}}
        adj = {"POS": "ADJ", "OP": "?"}
        quals = {"POS": "ADJ", "OP": "*"}
        # (the tagger reads the second word of "Mountain View" as X)
        city = [{"LOWER": {"IN": ["de", "d'"]}}, {"POS": "PROPN"}, {"POS": {"IN": ["PROPN", "X"]}, "IS_TITLE": True, "OP": "*"}]
        self._matcher = Matcher(self.nlp.vocab)
        patterns = [[det, adj, head, quals], [det, adj, head, quals, *city]]
        # heads the tokenizer splits ("start-up" → start - up)
        self._split_heads: list[list[str]] = []
        for word in heads:
            parts = [t.lower_ for t in self.nlp.tokenizer(str(word))]
            if len(parts) > 1:
                self._split_heads.append(parts)
                seq = [{"LOWER": p} for p in parts]
                patterns += [[det, adj, *seq, quals], [det, adj, *seq, quals, *city]]
        self._matcher.add("REF", patterns, greedy="LONGEST")
        self._head_keys = {fold(w) for w in [*rules["company_heads"], *rules["region_heads"]]}

    def __call__(self, doc: Doc) -> Doc:
        refs: list[Span] = []
        matches = sorted(self._matcher(doc), key=lambda m: m[1])
        self._drop_city_names(doc, matches)
        self._sent_index = {s.start: i for i, s in enumerate(doc.sents)}
        ents = list(doc.ents)
        ent_starts = {e.start for e in ents}
        ent_tokens = {i for e in ents for i in range(e.start, e.end)}
        for _, start, end in matches:
            span = doc[start:end]
            if ent_tokens.intersection(range(start, end)) or end in ent_starts:
                continue  # part of a name, or an apposition before one ("le géant chinois Alibaba")
            if end < len(doc) and doc[end].text in ("de", "d'") and end + 1 in ent_starts:
                continue  # "la filiale de Google": a relation, not a reference
            if end + 2 < len(doc) and doc[end].text in ("de", "d'") and doc[end + 1].is_lower \
                    and doc[end + 1].pos_ == "NOUN" and end + 2 in ent_starts:
                continue  # "le groupe de distribution Schwarz": an apposition to the name
            if end < len(doc) and doc[end].lower_ in ("de", "d'", "du") and any(
                    doc[k].lower_ in ("de", "d'", "du") and k + 1 in ent_starts
                    and all(t.is_lower for t in doc[end + 1 : k])
                    for k in range(end + 2, min(end + 5, len(doc) - 1))):
                continue  # "la plateforme de développement de Nvidia": a relation, not a reference
            resolved = self.resolve(span, [*ents, *refs])
            if resolved is not None:
                label, entity_id = resolved
                refs.append(Span(doc, start, end, label=label, kb_id=entity_id))
        refs.extend(self._person_refs(doc, ents, refs))
        refs.extend(self._maker_refs(doc, refs))
        refs.extend(self._collective_refs(doc, [*ents, *refs]))
        refs.extend(self._product_refs(doc, [*ents, *refs]))
        refs.extend(self._nationality_refs(doc, [*ents, *refs]))
        doc.spans[REFS_KEY] = sorted(refs, key=lambda r: r.start)
        return doc

    def _drop_city_names(self, doc: Doc, matches: list[tuple[int, int, int]]) -> None:
        """"le groupe de Redmond": the city of a description is no company of its own, even
        when the statistical model tagged it; it is dropped when it is a known headquarters."""
        cities = self._hq_cities()
        drop = set()
        ents = list(doc.ents)  # the getter builds new spans on each access
        for _, start, end in matches:
            for ent in ents:
                if ent.start >= start and ent.end == end and ent.start > start and ent.kb_id_ not in self.gazetteer.entries \
                        and ent.label_ == COMPANY and doc[ent.start - 1].lower_ in ("de", "d'") and fold(ent.text) in cities:
                    drop.add((ent.start, ent.end))
        if drop:
            doc.ents = [e for e in doc.ents if (e.start, e.end) not in drop]

    def _hq_cities(self) -> set[str]:
        gazetteer = self.gazetteer
        if getattr(self, "_cities_of", None) is not gazetteer:  # once per gazetteer
            self._cities = {fold(e.hq_city) for e in gazetteer.entries.values() if e.label == COMPANY and e.hq_city}
            self._cities_of = gazetteer
        return self._cities

    def _person_refs(self, doc: Doc, ents: list[Span], refs: list[Span]) -> list[Span]:
        """"le groupe de Mark Zuckerberg", "la firme de Jensen Huang": a company description
        qualified by a person is the company that person was named with earlier (within a few
        words: "Mark Zuckerberg, le patron de Meta"); with no such link it stays unresolved."""
        heads = {fold(w) for w in self.rules["company_heads"]}
        dets = {fold(w) for w in self.rules["determiners"]}
        taken = {i for r in refs for i in range(r.start, r.end)}
        out: list[Span] = []
        for ent in ents:
            if ent.label_ != PERSON or ent.start < 3 or doc[ent.start - 1].lower_ not in ("de", "d'", "d’"):
                continue
            head = doc[ent.start - 2]
            start = ent.start - 3
            if head.pos_ == "ADJ" and start > 0:  # "le géant américain de …"
                head, start = doc[start], start - 1
            if fold(head.text) not in heads or fold(doc[start].text) not in dets or start in taken:
                continue
            company = named_with(ent.kb_id_, ents, start)
            led = self._led_by(ent.text, [m for m in [*ents, *refs, *out] if m.end <= start])
            if company is not None:
                out.append(Span(doc, start, head.i + 1, label=COMPANY, kb_id=company.kb_id_))
            elif led is not None:
                out.append(Span(doc, start, head.i + 1, label=COMPANY, kb_id=led))
            else:
                # a person not named with a company here ("le groupe de Jensen Huang"): the
                # description alone, which takes up the salient company as "le groupe" would
                resolved = self.resolve(doc[start : head.i + 1], [*ents, *refs, *out], topical=True)
                if resolved is not None and resolved[0] == COMPANY:
                    out.append(Span(doc, start, head.i + 1, label=COMPANY, kb_id=resolved[1]))
        return out

    def _led_by(self, person: str, before: list[Span]) -> str | None:
        """The company the gazetteer knows the person heads ("le groupe de Jensen Huang"); of
        several ("la société d'Elon Musk"), the one named last, else none."""
        led = self.gazetteer.led_by(person)
        recent = next((m.kb_id_ for m in reversed(before) if m.kb_id_ in led), None)
        return recent or (next(iter(led)) if len(led) == 1 else None)

    def _collective_refs(self, doc: Doc, mentions: list[Span]) -> list[Span]:
        """"les deux groupes", "des deux sud-coréens": a reference to the two most recent
        companies that fit; one span per company, over the same words."""
        spec = self.rules.get("collective")
        if not spec:
            return []
        dets = {fold(w) for w in spec.get("determiners", [])}
        numbers = {fold(w) for w in spec.get("numbers", [])}
        heads = {fold(w) for w in spec.get("heads", [])}
        window = int(spec.get("window", 3))
        typed = self.rules.get("typed_heads") or {}
        taken = {i for m in mentions for i in range(m.start, m.end)}
        gaz = self.gazetteer
        out: list[Span] = []
        for tok in (doc[k] for k in words_where(doc, lambda w: fold(w) in numbers, self._memo("numbers")) if k > 0):
            if fold(doc[tok.i - 1].text) not in dets:
                continue
            start, i = tok.i - 1, tok.i + 1
            while i < len(doc) and i < tok.i + 3 and doc[i].pos_ == "ADJ" and fold(doc[i].text) not in heads \
                    and doc[i].is_lower and not _nationality_noun(doc[i]):
                i += 1  # "les deux grands groupes"
            if i >= len(doc) or i in taken:
                continue
            head = doc[i]
            nationality = None
            if i == tok.i + 1 and doc[start].lower_ in ("les", "ces") and (
                    head.pos_ in ("AUX", "VERB") or head.lower_ in ("se", "s'", "s’", "ont", "sont", "ne", "n'")):
                # "Les deux ont signé un accord": the numeral alone is the subject
                head, end = tok, tok.i + 1
                singular = ""
            elif fold(head.text) not in heads:
                if head.is_lower and head.pos_ in ("NOUN", "ADJ") and _nationality_noun(head):
                    nationality = head  # "les deux sud-coréens"
                else:
                    continue
            quals = []
            if head is not tok:
                end = i + 1
                while end < len(doc) and doc[end].pos_ == "ADJ" and doc[end].is_lower:
                    quals.append(doc[end])
                    end += 1
                if nationality is not None:
                    quals.append(nationality)
                singular = fold(head.text)[:-1] if fold(head.text).endswith(("s", "x")) else fold(head.text)
            allowed = [fold(k) for k in typed.get(singular, [])]
            sent_index = self._sent_index[doc[start].sent.start]
            chosen: list[Span] = []
            for mention in sorted((m for m in mentions if m.end <= start and m.label_ == COMPANY),
                                  key=lambda m: m.start, reverse=True):
                if sent_index - self._sent_index[mention.sent.start] > (1 if head is tok else window):
                    break
                if any(c.kb_id_ == mention.kb_id_ for c in chosen):
                    continue
                entry = gaz.entries.get(mention.kb_id_)
                if entry is not None and allowed and entry.kinds and not any(
                        fold(k).startswith(a) for k in entry.kinds for a in allowed):
                    continue
                if quals and (entry is None or not all(
                        _stems(q.text) & set().union(*(_stems(k) for k in [*gaz.nationality_of(entry.country), *entry.hq_adjectives]))
                        for q in quals if not q.text.lower() in ("grands", "principaux", "autres"))):
                    continue
                chosen.append(mention)
                if len(chosen) == 2:
                    break
            if len(chosen) == 2:
                out += [Span(doc, start, end, label=COMPANY, kb_id=m.kb_id_) for m in chosen]
        return out

    def _maker_refs(self, doc: Doc, refs: list[Span]) -> list[Span]:
        """"le créateur de ChatGPT", "le fabricant de l'iPhone": the maker of a known product."""
        heads = {fold(w) for w in self.rules.get("maker_heads", [])}
        dets = {fold(w) for w in self.rules["determiners"]}
        taken = {i for r in refs for i in range(r.start, r.end)} | {i for e in doc.ents for i in range(e.start, e.end)}
        out = []
        for ent in doc.ents:
            if ent.label_ != PRODUCT:
                continue
            entry = self.gazetteer.entries.get(ent.kb_id_)
            if entry is None or not entry.maker or self.gazetteer.entries.get(entry.maker) is None:
                continue
            i = ent.start - 1
            while i > ent.sent.start and doc[i].lower_ in ("l'", "le", "la", "les"):
                i -= 1  # "de l'iPhone"
            if i - 2 < ent.sent.start or doc[i].lower_ not in ("de", "d'", "du", "des"):
                continue
            head, det = doc[i - 1], doc[i - 2]
            if fold(head.text) not in heads or fold(det.text) not in dets or {head.i, det.i} & taken:
                continue
            out.append(Span(doc, det.i, head.i + 1, label=COMPANY, kb_id=entry.maker))
        return out

    def _nationality_refs(self, doc: Doc, mentions: list[Span]) -> list[Span]:
        """"Apple a retenu le sud-coréen", "le suédois a remporté …": a nationality noun alone
        is the last company of that country named (the one that was a subject, on a tie)."""
        dets = {fold(w) for w in self.rules.get("nationality_determiners", [])}
        if not dets:
            return []
        gaz = self.gazetteer
        demonyms = gaz.demonyms()
        starts = {m.start for m in mentions}
        taken = {i for m in mentions for i in range(m.start, m.end)}
        refs = []
        for token in (doc[k] for k in words_where(doc, demonyms.__contains__, self._memo("demonyms", demonyms))):
            if token.pos_ not in ("NOUN", "ADJ", "PROPN") or token.i in taken \
                    or token.i == 0 or fold(doc[token.i - 1].text) not in dets or token.i - 1 in taken \
                    or token.i + 1 in starts or (token.i + 1 < len(doc) and doc[token.i + 1].pos_ in ("NOUN", "PROPN")):
                continue  # ("le chinois ZTE", "le sud-coréen Samsung": an apposition to the name)
            keys = _stems(token.text)

            def fits(entry: Entry | None, key: str = "") -> bool:
                return entry is not None and any(keys & _stems(n) for n in gaz.nationality_of(entry.country))

            span = doc[token.i - 1 : token.i + 1]
            before = sorted((m for m in mentions if m.end <= span.start), key=lambda m: m.start, reverse=True)
            fitting = self._fitting(span, before, fits, True)
            if fitting:
                subjects = [m for m in fitting if subject_like(m)]
                refs.append(Span(doc, span.start, span.end, label=COMPANY, kb_id=(subjects or fitting)[0].kb_id_))
        return refs

    def _product_refs(self, doc: Doc, mentions: list[Span]) -> list[Span]:
        """"La puce équipe …": a bare kind noun as subject is the last product of that kind."""
        rules = self.rules.get("products")
        if not rules:
            return []
        heads = {fold(k): set(v) for k, v in rules["heads"].items()}
        dets = {fold(w) for w in rules["determiners"]}
        window = int(rules.get("window", 2))
        taken = {i for m in mentions for i in range(m.start, m.end)}
        taken |= {m.start - 1 for m in mentions}  # "le smartphone Xiaomi 15S Pro" introduces a name
        products = [m for m in mentions if m.label_ == PRODUCT]
        recorded = doc.user_data.get(KINDS_KEY, {})
        refs = []
        for token in (doc[k] for k in words_where(doc, lambda w: fold(w) in heads, self._memo("product heads"))):
            key = fold(token.text)
            if token.dep_ not in ("nsubj", "nsubj:pass") or token.i in taken \
                    or "Plur" in token.morph.get("Number") or not products:
                continue
            children = list(token.children)
            if len(children) != 1 or children[0].dep_ != "det" or children[0].i != token.i - 1 \
                    or fold(children[0].text) not in dets:
                continue
            here = self._sent_index[token.sent.start]
            for product in reversed([m for m in products if m.end <= token.i - 1]):
                if here - self._sent_index[product.sent.start] > window:
                    break
                entry = self.gazetteer.entries.get(product.kb_id_)
                if (entry.category in heads[key]) if entry is not None else key in recorded.get(product.kb_id_, ()):
                    refs.append(Span(doc, token.i - 1, token.i + 1, label=PRODUCT, kb_id=product.kb_id_))
                    break
        return refs

    def resolve(self, span: Span, mentions: list[Span], topical: bool | None = None) -> tuple[str, str] | None:
        """The (label, id) a description refers to, or None when nothing fits."""
        head = next((t for t in span if fold(t.text) in self._heads()), None)
        head_key = head.text.lower() if head is not None else ""
        if head is None:  # a split head: its last token
            for t in span:
                for parts in getattr(self, "_split_heads", []):
                    if [x.lower_ for x in span.doc[t.i : t.i + len(parts)]] == parts:
                        head = span.doc[t.i + len(parts) - 1]
                        head_key = "".join(parts)
            if head is None:
                return None
        qualifiers = [t for t in span if t.i > head.i and t.pos_ == "ADJ"]
        if any(fold(t.text) in self._blocking for t in span if t.pos_ == "ADJ"):
            return None
        city = [t for t in span if t.i > head.i and (t.pos_ == "PROPN" or (t.pos_ == "X" and t.is_title))]
        city_name = " ".join(t.text for t in city) if city else None
        before = sorted((m for m in mentions if m.end <= span.start), key=lambda m: m.start, reverse=True)
        if fold(head.text) in self._region_heads:
            return self._resolve_region(span, qualifiers, before)
        gaz = self.gazetteer
        qualified = bool(qualifiers or city_name)

        typed = self.rules.get("typed_heads") or {}
        allowed_kinds = [fold(k) for k in typed.get(head_key, typed.get(fold(head_key), []))]

        recorded = span.doc.user_data.get(KINDS_KEY, {})

        def fits(entry: Entry | None, key: str = "") -> bool:
            if entry is not None and allowed_kinds and entry.kinds and not any(
                    fold(k).startswith(a) for k in entry.kinds for a in allowed_kinds):
                return False  # "la start-up" is not Google, "le fondeur" is a chipmaker
            if entry is None:
                # an unknown firm introduced by its kind ("la start-up Nirmaan") fits only
                # descriptions of that kind ("l'opérateur" is not Nirmaan)
                # (only kinds that are typed heads themselves: "spécialiste" says nothing)
                kinds = {k for r in recorded.get(key, ()) for k in self._typed_folded.get(r, [])}
                if allowed_kinds and kinds and not kinds & set(allowed_kinds):
                    return False
                return not qualified
            if city_name and fold(city_name) != fold(entry.hq_city or ""):
                # "le géant de Séoul" for a company of Suwon: with no company of that city named,
                # the city stands for its country (loose pass only)
                if not loose or entry.country is None or entry.country != city_country:
                    return False
            for adj in qualifiers:
                keys = _stems(adj.text)
                known = [*gaz.nationality_of(entry.country), *entry.hq_adjectives]
                if not any(keys & _stems(k) for k in known):
                    return False
            return True

        loose = False
        city_country = None
        if city_name:
            countries = gaz.hq_countries(city_name)
            city_country = next(iter(countries)) if len(countries) == 1 else None
        fitting = self._fitting(span, before, fits, qualified)
        if not fitting and city_country is not None:
            loose = True
            fitting = self._fitting(span, before, fits, False)
        if fitting:
            # a description in subject position continues the topic: the previous subject, even
            # one the parser missed ("Ubisoft dément … L'éditeur, qui …")
            topical = subject_like(span) if topical is None else topical
            subjects = [m for m in fitting if (subject_like(m) if topical else m.root.dep_.startswith("nsubj"))]
            return COMPANY, (subjects[0] if subjects else fitting[0]).kb_id_
        loose = False
        if qualified:
            # the whole gazetteer is tried: by description, since it recurs across articles
            memo = self._memo("qualified", gaz)
            key = (head_key, city_name, *(t.text for t in qualifiers))
            if key not in memo:
                candidates = [e for e in gaz.entries.values() if e.label == COMPANY and fits(e)]
                memo[key] = candidates[0].id if len(candidates) == 1 else None
            if memo[key] is not None:
                return COMPANY, memo[key]
        return None

    def _fitting(self, span: Span, before: list[Span], fits: Any, qualified: bool) -> list[Span]:
        """The fitting companies of the most recent sentence that has one (within the window
        for an unqualified description)."""
        gaz = self.gazetteer
        window = 0
        current = None
        fitting: list[Span] = []
        for mention in before:
            if mention.label_ != COMPANY or not fits(gaz.entries.get(mention.kb_id_), mention.kb_id_):
                continue
            if mention.sent == span.sent and (_aside(mention, span, self._contrast) or _own_subject(mention, span)
                                              or _own_apposition(mention, span)):
                continue  # "Contrairement à Orange, le groupe …", "où les services de Google …, le constructeur"
            if current is not None and mention.sent != current:
                break
            if mention.sent.start < span.sent.start:
                window = self._sent_index[span.sent.start] - self._sent_index[mention.sent.start]
            if not qualified and window > self._window:
                break
            current = mention.sent
            fitting.append(mention)
        return fitting

    def _resolve_region(self, span: Span, qualifiers: list, before: list[Span]) -> tuple[str, str] | None:
        before = [m for m in before if not (m.sent == span.sent and _aside(m, span, self._contrast))]
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
        return self._head_keys
