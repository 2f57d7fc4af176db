"""Facts across a news stream: one statement per fact with its support, and supersession in time."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .facts import ArticleResult, Fact

# most certain first
MODALITY_ORDER = ("Asserted", "Reported", "Speculative", "Negated")
# what a statement in each modality adds to the belief that the fact holds
MODALITY_WEIGHT = {"Asserted": 1.0, "Reported": 0.7, "Speculative": 0.3, "Negated": 0.0}
# each outlet that denies the fact halves the aggregate confidence
DENIAL_FACTOR = 0.5
# the states a company pair goes through: talks, then a choice or a refusal
LIFECYCLE = frozenset({"considered", "partnersWith", "rejected"})
PHASE_RANK = {"initial": 0, None: 1, "final": 2, "current": 2}
# with no time to tell, talks come before their outcome ("a rompu avec Baidu, avec qui il discutait")
LIFECYCLE_RANK = {"considered": 0, "partnersWith": 1, "rejected": 1}


@dataclass
class Statement:
    """One (relation, subject, object) across the corpus, with the facts that support it."""

    relation: str
    subject: str
    object: str | None
    facts: list[tuple[Fact, ArticleResult]] = field(default_factory=list)
    superseded: bool = False

    @property
    def key(self) -> tuple[str, str, str | None]:
        """(relation, subject, object) as in :attr:`Fact.key`."""
        return self.relation, self.subject, self.object

    @property
    def id(self) -> str:
        """A stable id: hash of the key."""
        return hashlib.sha1("|".join(map(str, self.key)).encode("utf-8")).hexdigest()[:16]

    @property
    def articles(self) -> set[str]:
        """Ids of the supporting articles."""
        return {result.article.id for _, result in self.facts}

    @property
    def outlets(self) -> set[str]:
        """Ids of the distinct outlets that published a supporting article (when known)."""
        return {result.outlet.id for _, result in self.facts if result.outlet is not None}

    @property
    def dates(self) -> list[str]:
        """Publication dates of the supporting articles, sorted."""
        return sorted({result.article.date for _, result in self.facts if result.article.date})

    @property
    def strongest(self) -> str:
        """The most certain modality seen."""
        return min((f.modality for f, _ in self.facts), key=MODALITY_ORDER.index)

    @property
    def weakest(self) -> str:
        """The least certain modality seen."""
        return max((f.modality for f, _ in self.facts), key=MODALITY_ORDER.index)

    @property
    def regions(self) -> set[str]:
        """Regions the supporting facts are qualified by."""
        return {f.region for f, _ in self.facts if f.region}

    @property
    def confidence(self) -> float:
        """Belief that the fact holds: a noisy-or over independent outlets, halved per denying outlet.

        An outlet counts once (its best statement); articles without a named outlet count each
        as their own source.
        """
        best: dict[str, tuple[float, str]] = {}
        for fact, result in self.facts:
            voice = result.outlet.id if result.outlet is not None else f"article:{result.article.id}"
            score = fact.confidence * MODALITY_WEIGHT[fact.modality]
            if voice not in best or MODALITY_ORDER.index(fact.modality) < MODALITY_ORDER.index(best[voice][1]):
                best[voice] = (score, fact.modality)
        disbelief, denials = 1.0, 0
        for score, modality in best.values():
            if modality == "Negated":
                denials += 1
            disbelief *= 1.0 - score
        return round((1.0 - disbelief) * DENIAL_FACTOR**denials, 4)


@dataclass
class Derived:
    """What holds across articles: the statements, and each superseded fact's successor."""

    statements: list[Statement]
    superseded_by: dict[str, Fact]


def derive(results: Iterable[ArticleResult]) -> Derived:
    """Statements and supersession of a set of results, each computed once."""
    results = list(results)
    later = supersessions(results)
    return Derived(statements(results, later), later)


def statements(results: Iterable[ArticleResult], later: dict[str, Fact] | None = None) -> list[Statement]:
    """Group facts by (relation, subject, object) across articles and mark superseded statements
    (``later``: the result of :func:`supersessions`, computed here if not given)."""
    results = list(results)
    grouped: dict[tuple, Statement] = {}
    for result in results:
        for fact in result.facts:
            stmt = grouped.setdefault(fact.key, Statement(*fact.key))
            stmt.facts.append((fact, result))
    if later is None:
        later = supersessions(results)
    for stmt in grouped.values():
        # a statement is over when every statement of it that holds has been reversed since
        standing = [f for f, _ in stmt.facts if f.modality != "Negated"]
        stmt.superseded = bool(standing) and all(f.id in later for f in standing)
    return sorted(grouped.values(), key=lambda s: (s.relation, s.subject, s.object or ""))


def supersessions(results: Iterable[ArticleResult]) -> dict[str, Fact]:
    """For each fact of a company pair's lifecycle, the first later fact that changes its state.

    States are considered → partnersWith | rejected, and a denial. Order within an article: the
    sequence word (initialement < — < finalement), then the event time, then the position;
    across articles: the event time or else the publication date, when both are known. Only a
    statement that is asserted, reported or denied can change a state, not a rumour.
    """
    by_pair: dict[frozenset, list[tuple[Fact, ArticleResult]]] = defaultdict(list)
    for result in results:
        for fact in result.facts:
            if fact.relation in LIFECYCLE and fact.object is not None:
                by_pair[frozenset((fact.subject, fact.object))].append((fact, result))
    out: dict[str, Fact] = {}
    for items in by_pair.values():
        for fact, result in items:
            successors = [(g, r) for g, r in items
                          if g.modality != "Speculative" and _state(g) != _state(fact) and _before(fact, result, g, r)]
            if successors:
                first = min(successors, key=lambda gr: _order_key(*gr))
                out[fact.id] = first[0]
    return out


def _state(fact: Fact) -> tuple[str, bool]:
    return fact.relation, fact.modality == "Negated"


def _time(fact: Fact, result: ArticleResult) -> str | None:
    return fact.when or result.article.date


def _order_key(fact: Fact, result: ArticleResult) -> tuple:
    return (_time(fact, result) or "", PHASE_RANK[fact.phase], fact.evidence.start)


def _before(a: Fact, ra: ArticleResult, b: Fact, rb: ArticleResult) -> bool:
    """Whether fact ``a`` is known to come before fact ``b``."""
    if ra.article.id == rb.article.id:
        ta, tb = _time(a, ra), _time(b, rb)
        n = min(len(ta), len(tb)) if ta and tb else 0
        if n and ta[:n] != tb[:n]:
            return ta[:n] < tb[:n]
        if LIFECYCLE_RANK[a.relation] != LIFECYCLE_RANK[b.relation]:
            return LIFECYCLE_RANK[a.relation] < LIFECYCLE_RANK[b.relation]
        return (PHASE_RANK[a.phase], a.evidence.start) < (PHASE_RANK[b.phase], b.evidence.start)
    ta, tb = _time(a, ra), _time(b, rb)
    if not ta or not tb:
        return False
    n = min(len(ta), len(tb), 10)
    return ta[:n] < tb[:n]
