"""Event time and sequence words of each candidate fact (``rules/time.yaml``)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .base import RulesComponent
from .relations import FACTS_KEY

TIME_KEY = "kg_fact_time"  # doc.user_data: one (TimeMention | None, phase | None) per candidate fact


@dataclass(frozen=True)
class TimeMention:
    """A time expression: absolute parts, or an offset from the article's date."""

    text: str
    start_char: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    year_offset: int | None = None  # "l'an dernier" → -1
    past_month: bool = False  # "en juin dernier": the last June before the article
    month_offset: int | None = None  # "le mois dernier" → -1
    weekday: int | None = None  # "mardi" → 1: the latest Tuesday up to the article's date
    year_only: bool = False  # a season: its month places it in a year, the result is the year

    def resolve(self, article_date: str | None) -> str | None:
        """ISO 8601 (partial) date of the expression, or None when it needs a missing article date."""
        ref = _parse_date(article_date)
        year = self.year
        if self.weekday is not None or self.month_offset is not None:
            if ref is None:
                return None
            day = datetime.date(*ref)
            if self.weekday is not None:
                day -= datetime.timedelta(days=(day.weekday() - self.weekday) % 7)
                return day.isoformat()
            months = day.year * 12 + day.month - 1 + self.month_offset
            return f"{months // 12:04d}-{months % 12 + 1:02d}"
        if self.year_offset is not None:
            if ref is None:
                return None
            year = ref[0] + self.year_offset
        elif year is None:
            if ref is None or self.month is None:
                return None
            year = ref[0]
            # "en juin dernier", or a month after the article's own: the previous year
            if self.month > ref[1] or (self.past_month and self.month == ref[1] and self.day is None):
                year -= 1
        parts = [f"{year:04d}"]
        if self.month is not None and self.year_offset is None and not self.year_only:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


def _parse_date(value: str | None) -> tuple[int, int, int] | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value or "")
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


@Language.factory("kg_time", default_config={}, requires=["doc.user_data"], assigns=["doc.user_data"])
def make_time(nlp: Language, name: str) -> TimeRules:
    """Create the time component (empty until ``initialize`` or ``from_disk``)."""
    return TimeRules(nlp, name)


class TimeRules(RulesComponent):
    """Find each fact's event time and sequence word (initial, final, current) in its sentence."""

    rules_file = "time.yaml"

    def set_rules(self, rules: dict[str, Any]) -> None:
        """Compile the expressions of ``time.yaml``."""
        super().set_rules(rules)
        self._months = {k.lower(): int(v) for k, v in rules["months"].items()}
        months = "|".join(sorted(map(re.escape, self._months), key=len, reverse=True))
        low, high = rules["year_range"]
        self._years = (int(low), int(high))
        preps = "|".join(sorted(map(re.escape, rules["year_prepositions"]), key=len, reverse=True))
        rel = "|".join(sorted(map(re.escape, rules["relative_years"]), key=len, reverse=True))
        self._relative = {k.lower(): int(v) for k, v in rules["relative_years"].items()}
        self._relative_months = {k.lower(): int(v) for k, v in (rules.get("relative_months") or {}).items()}
        relm = "|".join(sorted(map(re.escape, self._relative_months), key=len, reverse=True)) or "(?!)"
        self._weekdays = {k.lower(): int(v) for k, v in (rules.get("weekdays") or {}).items()}
        days = "|".join(map(re.escape, self._weekdays)) or "(?!)"
        self._seasons = {k.lower(): int(v) for k, v in (rules.get("seasons") or {}).items()}
        seasons = "|".join(map(re.escape, self._seasons)) or "(?!)"
        periods = "|".join(map(re.escape, rules["periods"]))
        ordinals = "|".join(sorted(map(re.escape, rules["period_ordinals"]), key=len, reverse=True))
        self._pattern = re.compile(
            rf"\b(?:le |du |au |depuis le |dès le )?(?P<day>1er|[0-3]?\d) (?P<dmonth>{months})(?: (?P<dyear>\d{{4}}))?\b"
            rf"|\b(?P<month>{months})(?: (?P<myear>\d{{4}})| (?P<last>dernier))?\b"
            rf"|\b(?:{ordinals}) (?:{periods})(?: (?P<pyear>\d{{4}}))?"
            rf"|(?P<rel>{rel})"
            rf"|(?P<relm>{relm})"
            rf"|\b(?:au |à l'|en |cet |ce |l'|le )(?P<season>{seasons})(?: (?P<syear>\d{{4}})| dernier)?\b"
            rf"|\b(?P<weekday>{days})(?: (?:dernier|soir|matin))?\b(?! \d)"
            rf"|(?:\b(?:{preps})\s)(?P<year>\d{{4}})\b",
        )
        self._timeless = set(rules.get("timeless_relations", []))
        self._month_preps = {w.lower() for w in rules["month_prepositions"]}
        self._phases = [(phase, re.compile(r"(?<![\w-])(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?![\w-])"))
                        for phase, words in rules["phases"].items()]

    def __call__(self, doc: Doc) -> Doc:
        times: list[tuple[TimeMention | None, str | None]] = []
        cache: dict[int, tuple[list[TimeMention], list[tuple[int, str]]]] = {}
        for fact in doc.user_data.get(FACTS_KEY, []):
            sent = fact.sentence
            if sent.start not in cache:
                cache[sent.start] = (self.mentions(sent), self.phases(sent))
            if fact.relation in self._timeless:
                times.append((None, None))
                continue
            mentions, phases = cache[sent.start]
            at = fact.trigger.start_char
            # only what modifies the fact's own clause or a clause above it
            mentions = [m for m in mentions if _governs(doc, m.start_char, fact.trigger.root)]
            phases = [p for p in phases if _governs(doc, p[0], fact.trigger.root)]
            mention = min(mentions, key=lambda m: abs(m.start_char - at), default=None)
            phase = min(phases, key=lambda p: abs(p[0] - at))[1] if phases else None
            times.append((mention, phase))
        doc.user_data[TIME_KEY] = times
        return doc

    def mentions(self, sent: Span) -> list[TimeMention]:
        """Time expressions of a sentence (offsets in the Doc)."""
        text = sent.text.lower().replace("’", "'")
        out = []
        for m in self._pattern.finditer(text):
            start = sent.start_char + m.start()
            if m["dmonth"]:
                day = 1 if m["day"] == "1er" else int(m["day"])
                if 1 <= day <= 31:
                    year = int(m["dyear"]) if m["dyear"] and self._in_range(m["dyear"]) else None
                    out.append(TimeMention(m[0], start, year, self._months[m["dmonth"]], day))
            elif m["month"]:
                if m["myear"] and self._in_range(m["myear"]):
                    out.append(TimeMention(m[0], start, int(m["myear"]), self._months[m["month"]]))
                elif m["last"] or self._after_preposition(text, m.start()):
                    out.append(TimeMention(m[0], start, None, self._months[m["month"]], past_month=bool(m["last"])))
            elif m["rel"]:
                out.append(TimeMention(m[0], start, year_offset=self._relative[m["rel"]]))
            elif m["relm"]:
                out.append(TimeMention(m[0], start, month_offset=self._relative_months[m["relm"]]))
            elif m["season"]:
                year = int(m["syear"]) if m["syear"] and self._in_range(m["syear"]) else None
                out.append(TimeMention(m[0], start, year, self._seasons[m["season"]], year_only=True))
            elif m["weekday"]:
                out.append(TimeMention(m[0], start, weekday=self._weekdays[m["weekday"]]))
            elif m["pyear"] and self._in_range(m["pyear"]):
                out.append(TimeMention(m[0], start, int(m["pyear"])))
            elif m["year"] and self._in_range(m["year"]):
                out.append(TimeMention(m[0], start, int(m["year"])))
        return out

    def phases(self, sent: Span) -> list[tuple[int, str]]:
        """Sequence words of a sentence: (offset in the Doc, phase)."""
        text = sent.text.lower().replace("’", "'")
        return sorted((sent.start_char + m.start(), phase) for phase, rx in self._phases for m in rx.finditer(text))

    def _after_preposition(self, text: str, at: int) -> bool:
        """"en juin", "début mars", "depuis avril": a month used as a time."""
        return text[max(0, at - 12):at].rstrip().rsplit(" ", 1)[-1] in self._month_preps

    def _in_range(self, year: str) -> bool:
        return self._years[0] <= int(year) <= self._years[1]


def _clause(token: Token) -> Token:
    """The predicate a token belongs to: itself or its nearest verbal ancestor (or the root)."""
    node = token
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


def _governs(doc: Doc, char: int, trigger: Token) -> bool:
    """Whether the expression at ``char`` belongs to the trigger's clause or to one above it."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return False
    if trigger.left_edge.i <= span[0].i <= trigger.right_edge.i and span[0].i in {t.i for t in trigger.subtree}:
        return True  # it qualifies the trigger's own phrase ("actionnaire depuis 2018")
    clause = _clause(span[0])
    node = _clause(trigger)
    for _ in range(12):
        if node.i == clause.i:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False
