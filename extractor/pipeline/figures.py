"""Amounts and shares as structured values: funding, investments, stakes, deal values, sales changes…"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .base import RulesComponent
from .gazetteer import COMPANY, PRODUCT, REGION
from .relations import Candidate
from .resolver import REFS_KEY

FIGURES_KEY = "kg_figures"  # doc.user_data: list of FigureCandidate
_SPACES = "[ \u00a0\u202f]"
_NUMBER = rf"\d{{1,3}}(?:{_SPACES}\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?"


@dataclass
class FigureCandidate:
    """An amount or share read in one sentence."""

    kind: str
    value: Decimal  # base units, signed for changes
    unit: str  # ISO 4217 code, or "percent"
    subject: Span
    number: Span  # the characters of the amount ("1,7 milliard de dollars")
    cue: Span
    object: Span | None = None
    region: Span | None = None
    product: Span | None = None
    modality: str = "Asserted"

    @property
    def sentence(self) -> Span:
        """The sentence that states the figure."""
        return self.number.sent


@Language.factory(
    "kg_figures",
    default_config={"gazetteer": "kg_gazetteer", "modality": "kg_modality"},
    requires=["doc.ents", "token.dep"],
    assigns=["doc.user_data"],
)
def make_figures(nlp: Language, name: str, *, gazetteer: str, modality: str) -> FigureRules:
    """Create the figures component (empty until ``initialize`` or ``from_disk``)."""
    return FigureRules(nlp, name, gazetteer=gazetteer, modality=modality)


class FigureRules(RulesComponent):
    """Read money amounts and percentages, and type them by their nearest cue word."""

    rules_file = "figures.yaml"

    def __init__(self, nlp: Language, name: str = "kg_figures", *, gazetteer: str = "kg_gazetteer", modality: str = "kg_modality"):
        super().__init__(nlp, name)
        self.gazetteer_pipe = gazetteer
        self.modality_pipe = modality

    def set_rules(self, rules: dict[str, Any]) -> None:
        """Compile the number, currency and cue patterns of ``figures.yaml``."""
        super().set_rules(rules)
        self._scales = {k.lower(): int(v) for k, v in rules["scales"].items()}
        self._currencies = {k.lower(): v for k, v in rules["currencies"].items()}
        scales = "|".join(sorted(map(re.escape, self._scales), key=len, reverse=True))
        words = [c for c in self._currencies if c[0].isalpha()]
        signs = [c for c in self._currencies if not c[0].isalpha()]
        currency = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
        sign = "|".join(sorted(map(re.escape, signs), key=len, reverse=True))
        percent = "|".join(map(re.escape, rules["percent_signs"]))
        self._money = re.compile(
            rf"(?<![\w,])(?P<num>{_NUMBER}){_SPACES}?(?:(?P<scale>{scales})(?![\w])\.?{_SPACES}?)?"
            rf"(?:(?:de{_SPACES}|d'){_SPACES}?)?(?:(?P<word>{currency})(?![\w])|(?P<sign>{sign}))",
            re.IGNORECASE,
        )
        # "…, ASML un peu moins de 260 milliards": an amount whose currency is elided
        self._bare = re.compile(rf"(?<![\w,])(?P<num>{_NUMBER}){_SPACES}?(?P<scale>{scales})(?![\w])", re.IGNORECASE)
        self._percent = re.compile(rf"(?P<pm>[-+−]{_SPACES}?)?(?<![\w,])(?P<num>{_NUMBER}){_SPACES}?(?:{percent})(?![\w])")
        self._kinds = {kind: (spec["unit"], [c.lower() for c in spec["cues"]]) for kind, spec in rules["kinds"].items()}
        self._cue = {kind: re.compile(r"(?<![\w-])(?:" + "|".join(sorted(map(re.escape, cues), key=len, reverse=True)) + r")(?![\w-])")
                     for kind, (_, cues) in self._kinds.items()}
        # stems: a word that starts with one counts ("recul" → recule, reculé, reculent)
        self._decrease = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, rules["decrease"])) + r")")
        self._increase = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, rules["increase"])) + r")")
        self._window = int(rules.get("window", 12))

    def __call__(self, doc: Doc) -> Doc:
        figures: list[FigureCandidate] = []
        for sent in doc.sents:
            figures.extend(self.figures_of(sent))
        doc.user_data[FIGURES_KEY] = figures
        return doc

    def figures_of(self, sent: Span) -> list[FigureCandidate]:
        """The figures one sentence states."""
        text = sent.text.replace("’", "'")
        lower = text.lower()
        out = []
        for match, unit, value in self._numbers(text):
            number = sent.doc.char_span(sent.start_char + match.start(), sent.start_char + match.end(), alignment_mode="expand")
            if number is None:
                continue
            found = self._kind(lower, match.start(), match.end(), "percent" if unit == "percent" else "money")
            if unit == "percent" and self._changes(lower, match.start()):
                sales = self._cue["salesChange"].search(lower)
                if sales is not None:
                    found = ("salesChange", sales.start(), sales.end())
            if found is None:
                continue
            kind, cue_start, cue_end = found
            if kind == "salesChange":
                direction = self._direction(lower, match, value)
                if direction is None:
                    continue  # "30 % des ventes" is a share, not a change
                value = direction * abs(value)
            cue = sent.doc.char_span(sent.start_char + cue_start, sent.start_char + cue_end, alignment_mode="expand")
            subject, obj = self._parties(sent, kind, cue, number)
            if subject is None:
                continue
            figure = FigureCandidate(kind, value, unit, subject, number, cue, obj,
                                     self._region(sent), self._product(sent, kind, cue))
            figure.modality = self._modality(figure)
            out.append(figure)
        raising = next((f.subject for f in out if f.kind == "funding"), None)
        for figure in out:
            if figure.kind == "valuation":
                described = self._described(sent, figure.cue)
                figure.subject = described or raising or figure.subject
        return out

    def _described(self, sent: Span, cue: Span | None) -> Span | None:
        """The company a participle describes: "la jeune pousse, désormais valorisée 11,7 Md€"."""
        if cue is None or cue.root.dep_ not in ("acl", "amod", "appos", "advcl"):
            return None
        head = cue.root.head
        refs = list(sent.doc.spans[REFS_KEY]) if REFS_KEY in sent.doc.spans else []
        return next((m for m in [*sent.ents, *refs] if m.label_ == COMPANY and m.start <= head.i < m.end), None)

    def _numbers(self, text: str) -> list[tuple[re.Match[str], str, Decimal]]:
        found = []
        for m in self._money.finditer(text):
            unit = self._currencies[(m["word"] or m["sign"]).lower()]
            scale = self._scales.get((m["scale"] or "").lower().rstrip("."), 1)
            found.append((m, unit, _canonical(_decimal(m["num"]) * scale)))
        taken = [range(m.start(), m.end()) for m, _, _ in found]
        for m in self._bare.finditer(text):
            earlier = [f for f in found if f[0].end() <= m.start()]
            if earlier and not any(m.start() in r for r in taken):
                scale = self._scales.get(m["scale"].lower().rstrip("."), 1)
                found.append((m, earlier[-1][1], _canonical(_decimal(m["num"]) * scale)))
        taken = [range(m.start(), m.end()) for m, _, _ in found]
        for m in self._percent.finditer(text):
            if any(m.start() in r for r in taken):
                continue
            sign = -1 if m["pm"] and m["pm"].strip() in ("-", "−") else 1
            found.append((m, "percent", _canonical(sign * _decimal(m["num"]))))
        return sorted(found, key=lambda f: f[0].start())

    def _kind(self, lower: str, start: int, end: int, unit: str) -> tuple[str, int, int] | None:
        """The kind whose cue is nearest the number (in words), among those of the right unit."""
        best = None
        for kind, (kind_unit, _) in self._kinds.items():
            if kind_unit != unit:
                continue
            for cue in self._cue[kind].finditer(lower):
                after = cue.start() >= end
                gap = lower[end:cue.start()] if after else lower[cue.end():start]
                # on a tie, a share names its whole after the sign: "20 % du marché", "21 % du capital"
                rank = (len(gap.split()), 0 if after == (unit == "percent") else 1)
                if rank[0] <= self._window and (best is None or rank < best[0]):
                    best = (rank, kind, cue.start(), cue.end())
        return best[1:] if best else None

    def _changes(self, lower: str, start: int) -> bool:
        """A rise or fall word just before the number ("en hausse de 11 %", "a reculé de près de 18 %")."""
        before = " ".join(lower[:start].split()[-4:])
        return bool(self._decrease.search(before) or self._increase.search(before))

    def _direction(self, lower: str, match: re.Match[str], value: Decimal) -> int | None:
        if value < 0:
            return -1
        left, right = max(0, match.start() - 120), min(len(lower), match.end() + 60)
        window = lower[left:right]
        down = [m.start() for m in self._decrease.finditer(window)]
        up = [m.start() for m in self._increase.finditer(window)]
        if not down and not up:
            return None
        at = match.start() - left
        nearest_down = min((abs(d - at) for d in down), default=10**6)
        nearest_up = min((abs(u - at) for u in up), default=10**6)
        return -1 if nearest_down <= nearest_up else 1

    def _parties(self, sent: Span, kind: str, cue: Span | None, number: Span) -> tuple[Span | None, Span | None]:
        """Who the figure is about (and, for investments, stakes and deals, the other company)."""
        # named companies, and descriptions or pronouns resolved to one ("le groupe de Redmond")
        refs = [r for r in sent.doc.spans[REFS_KEY] if r.start >= sent.start and r.end <= sent.end] \
            if REFS_KEY in sent.doc.spans else []
        companies = sorted([e for e in [*sent.ents, *refs] if e.label_ == COMPANY], key=lambda e: e.start)
        if kind == "salesChange" and not companies:
            product = self._product(sent, kind, cue)
            return (self._maker_span(product), None) if product is not None else (None, None)
        if not companies:
            return None, None
        anchor = cue if cue is not None else number
        syntactic = _subject_of(anchor, companies) if anchor is not None else None
        before = [e for e in companies if e.end <= anchor.start]
        after = [e for e in companies if e.start >= anchor.end]
        if kind in ("investment", "stake", "dealValue"):
            # "détenue à 70 % par Reliance": the agent nearest after the number holds it
            passive = [e for e in companies if e.start >= number.end and _after_par(e)]
            if passive:
                subject = passive[0]
                obj = next((e for e in [*before[::-1], *after] if e.kb_id_ != subject.kb_id_), None)
                return subject, obj
            subject = syntactic or (before[-1] if before else None)
            obj = next((e for e in after if subject is None or e.kb_id_ != subject.kb_id_), None)
            # with only the company invested in, bought or held, the figure's owner is unknown
            return (subject, obj) if subject is not None else (None, None)
        if syntactic is not None:
            return syntactic, None
        if before:
            return before[-1], None
        return min(companies, key=lambda e: abs(e.start - number.start)), None

    def _maker_span(self, product: Span) -> Span | None:
        gazetteer = self.nlp.get_pipe(self.gazetteer_pipe).gazetteer
        entry = gazetteer.entries.get(product.kb_id_)
        maker = gazetteer.entries.get(entry.maker) if entry is not None and entry.maker else None
        if maker is None:
            return None
        span = Span(product.doc, product.start, product.end, label=COMPANY, kb_id=maker.id)
        product.doc.user_data.setdefault("kg_names", {}).setdefault(maker.id, maker.name)
        return span

    @staticmethod
    def _region(sent: Span) -> Span | None:
        for ent in sent.ents:
            if ent.label_ == REGION and ent.start > sent.start and sent.doc[ent.start - 1].lower_ in ("en", "au", "aux", "dans", "sur"):
                return ent
        return None

    @staticmethod
    def _product(sent: Span, kind: str, cue: Span | None) -> Span | None:
        if kind != "salesChange" or cue is None:
            return None
        return next((e for e in sent.ents if e.label_ == PRODUCT and 0 <= e.start - cue.end <= 3), None)

    def _modality(self, figure: FigureCandidate) -> str:
        try:
            rules = self.nlp.get_pipe(self.modality_pipe)
        except KeyError:
            return "Asserted"
        trigger = figure.cue if figure.cue is not None else figure.number
        probe = Candidate("figure", figure.subject, None, trigger, f"figure.{figure.kind}", 1.0)
        modality, _ = rules.modality_of(probe)
        return modality


def _after_par(span: Span) -> bool:
    """Whether a mention is the agent of "par" ("par Reliance", "par le géant américain")."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and doc[i].lower_ in ("le", "la", "les", "l'"):
        i -= 1
    return i >= 0 and doc[i].lower_ == "par"


def _subject_of(anchor: Span, companies: list[Span]) -> Span | None:
    """The company that is the grammatical subject of the cue's clause, if any."""
    node = anchor.root
    for _ in range(4):
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubj:pass"):
                hit = next((e for e in companies if e.start <= child.i < e.end), None)
                if hit is not None:
                    return hit
        if node.head.i == node.i:
            break
        node = node.head
    return None


def _decimal(text: str) -> Decimal:
    return Decimal(re.sub(_SPACES, "", text).replace(",", "."))


def _canonical(value: Decimal) -> Decimal:
    """A value without trailing zeros or exponent ("3300000000.0" → 3300000000), as RDF stores write it."""
    integral = value.to_integral_value()
    return integral if value == integral else value.normalize()
