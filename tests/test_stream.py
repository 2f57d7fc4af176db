"""The news stream: attribution, event time, figures, corroboration and supersession."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from rdflib import Literal

from extractor import build_graph, extract
from extractor.facts import ArticleResult
from extractor.graph import STATEMENTS_GRAPH, statement_iri
from extractor.namespace import KG
from extractor.pipeline.timex import TimeMention
from extractor.stream import statements, supersessions

from .conftest import make_article


def _run(nlp, *texts: tuple[str, str | None, str | None]) -> list[ArticleResult]:
    """Extract articles given as (text, date, outlet)."""
    articles = [replace(make_article(text, f"a{i}"), date=date, source=source) for i, (text, date, source) in enumerate(texts)]
    return list(extract(nlp, articles, check_language=False))


def _fact(results: list[ArticleResult], relation: str, subject: str, obj: str | None = None):
    found = [f for r in results for f in r.facts if f.relation == relation and {f.subject, f.object} == {subject, obj}]
    assert found, [(f.relation, f.subject, f.object) for r in results for f in r.facts]
    return found[0]


@pytest.mark.parametrize(
    "sentence, kind, name",
    [
        ("Selon Reuters, Apple aurait signé un partenariat avec Alibaba.", "Outlet", "Reuters"),
        ("Apple a signé un partenariat avec Alibaba, révèle Bloomberg.", "Outlet", "Bloomberg"),
        ("Apple a signé un partenariat avec Alibaba, a déclaré Tim Cook.", "Person", "Tim Cook"),
        ("Apple a signé un partenariat avec Alibaba, affirme un porte-parole de Samsung.", "Company", "Samsung Electronics"),
        ("Selon le cabinet Counterpoint, Apple a signé un partenariat avec Alibaba.", "Organization", None),
        ("D'après des sources proches du dossier, Apple aurait signé un partenariat avec Alibaba.", "Anonymous", None),
        # a publication the gazetteer does not know, named by the noun before it
        ("Selon le quotidien économique Maeil Business, Apple aurait signé un partenariat avec Alibaba.",
         "Outlet", "Maeil Business"),
        ("Le magazine Wired rapporte qu'Apple a signé un partenariat avec Alibaba.", "Outlet", "Wired"),
    ],
)
def test_attribution(nlp, sentence, kind, name):
    fact = _fact(_run(nlp, (sentence, None, None)), "partnersWith", "apple", "alibaba")
    assert fact.attribution is not None and fact.attribution.type == kind
    if name is not None:
        assert fact.attribution.name == name


def test_no_attribution_is_the_outlets_own_claim(nlp):
    fact = _fact(_run(nlp, ("Apple a signé un partenariat avec Alibaba.", "2025-02-13", "Le Fil Tech")),
                 "partnersWith", "apple", "alibaba")
    assert fact.attribution is None


@pytest.mark.parametrize(
    "expression, article_date, expected",
    [
        ("En 2018", "2025-02-13", "2018"),
        ("Le 14 mars 2024", None, "2024-03-14"),
        ("Le 14 mars", "2025-06-02", "2025-03-14"),
        ("Le 14 mars", "2025-02-02", "2024-03-14"),  # a month after the article's: last year
        ("En juin dernier", "2025-02-13", "2024-06"),
        ("En juin 2023", None, "2023-06"),
        ("L'an dernier", "2025-02-13", "2024"),
        ("L'an dernier", None, None),  # relative, and no article date: nothing is guessed
        ("Au premier trimestre 2024", None, "2024"),
        ("Mardi", "2025-03-20", "2025-03-18"),  # the latest Tuesday up to a Thursday's article
        ("À l'automne 2024", None, "2024"),
        ("Au printemps", "2025-02-10", "2024"),  # no spring yet in February: last year's
        ("Le mois dernier", "2025-01-15", "2024-12"),
    ],
)
def test_event_time(nlp, expression, article_date, expected):
    text = f"{expression}, Apple a signé un partenariat avec Alibaba."
    fact = _fact(_run(nlp, (text, article_date, None)), "partnersWith", "apple", "alibaba")
    assert fact.when == expected


def test_time_mention_resolution_without_date():
    assert TimeMention("l'an dernier", 0, year_offset=-1).resolve(None) is None
    assert TimeMention("en juin dernier", 0, month=6, past_month=True).resolve("2025-06-20") == "2024-06"


@pytest.mark.parametrize(
    "sentence, phase",
    [
        ("Initialement, Apple a signé un partenariat avec Alibaba.", "initial"),
        ("Apple a finalement signé un partenariat avec Alibaba.", "final"),
        ("Apple a désormais un partenariat avec Alibaba.", "current"),
        ("Apple a signé un partenariat avec Alibaba.", None),
    ],
)
def test_phase(nlp, sentence, phase):
    assert _fact(_run(nlp, (sentence, None, None)), "partnersWith", "apple", "alibaba").phase == phase


@pytest.mark.parametrize(
    "sentence, kind, subject, value, unit",
    [
        ("Mistral AI lève 600 millions d'euros auprès de fonds américains.", "funding", "mistral-ai", "600000000", "EUR"),
        ("Mistral AI a levé 1,7 milliard d'euros.", "funding", "mistral-ai", "1700000000", "EUR"),
        ("Mistral AI a bouclé un tour de table de 450 M€.", "funding", "mistral-ai", "450000000", "EUR"),
        ("Google rachète Wiz pour 32 milliards de dollars.", "dealValue", "google", "32000000000", "USD"),
        ("Nvidia investit 2,5 Md$ dans Mistral AI.", "investment", "nvidia", "2500000000", "USD"),
        ("Stellantis prend 21 % du capital de Leapmotor.", "stake", "stellantis", "21", "percent"),
        ("Les ventes d'Apple en Chine ont reculé de 11 %.", "salesChange", "apple", "-11", "percent"),
        ("Xiaomi voit ses livraisons progresser de 12,5 %.", "salesChange", "xiaomi", "12.5", "percent"),
        ("Samsung détient 20 % du marché mondial des smartphones.", "marketShare", "samsung-electronics", "20", "percent"),
        ("Mistral AI est désormais valorisée à 11,7 milliards d'euros.", "valuation", "mistral-ai", "11700000000", "EUR"),
        ("OVHcloud a réalisé un chiffre d'affaires de 1 035 millions d'euros.", "revenue", "ovhcloud", "1035000000", "EUR"),
    ],
)
def test_figures(nlp, sentence, kind, subject, value, unit):
    (result,) = _run(nlp, (sentence, None, None))
    assert [(g.kind, g.subject, g.value, g.unit) for g in result.figures] == [(kind, subject, Decimal(value), unit)]
    figure = result.figures[0]
    assert figure.evidence.sentence == sentence
    assert figure.text in sentence


def test_figure_counterparty_and_region(nlp):
    (result,) = _run(nlp, ("Google rachète Wiz pour 32 milliards de dollars.", None, None),)
    assert result.figures[0].object == "wiz"
    (result,) = _run(nlp, ("Les ventes d'Apple en Chine ont reculé de 11 %.", None, None))
    assert result.figures[0].region == "chine"


def test_a_number_without_currency_or_percent_is_not_a_figure(nlp):
    (result,) = _run(nlp, ("Mistral AI emploie 700 personnes et a levé des fonds en 2024.", None, None))
    assert result.figures == []


def test_a_speculative_figure_keeps_its_modality(nlp):
    (result,) = _run(nlp, ("Mistral AI pourrait lever 500 millions d'euros.", None, None))
    assert [(g.kind, g.modality) for g in result.figures] == [("funding", "Speculative")]


STORY = (
    ("Selon Bloomberg, Apple serait en discussions avec Baidu pour ses fonctions d'IA en Chine.", "2024-05-02", "Puces Hebdo"),
    ("Apple a signé un partenariat avec Baidu en Chine.", "2024-06-10", "Le Fil Tech"),
    ("Apple a signé un partenariat avec Baidu. Apple a signé un partenariat avec Alibaba.", "2024-06-11", "Numérique Express"),
    ("Apple a finalement renoncé à Baidu et a opté pour Alibaba.", "2025-02-13", "Le Fil Tech"),
)


@pytest.fixture(scope="module")
def story(nlp):
    return _run(nlp, *STORY)


def test_one_statement_per_fact_with_its_support(story):
    by_key = {s.key: s for s in statements(story)}
    partner = by_key[("partnersWith", "apple", "baidu")]
    assert partner.articles == {"a1", "a2"}
    assert len(partner.outlets) == 2
    assert partner.dates == ["2024-06-10", "2024-06-11"]
    assert partner.strongest == partner.weakest == "Asserted"
    talks = by_key[("considered", "apple", "baidu")]
    assert talks.strongest == "Reported" and len(talks.outlets) == 1
    assert partner.confidence > talks.confidence  # two outlets asserting beat one reporting


def test_confidence_rises_with_outlets_and_falls_with_denials(nlp):
    one = statements(_run(nlp, ("Apple a signé un partenariat avec Alibaba.", "2025-01-01", "A")))[0]
    two = statements(_run(nlp, ("Apple a signé un partenariat avec Alibaba.", "2025-01-01", "A"),
                          ("Apple a conclu un accord avec Alibaba.", "2025-01-02", "B")))[0]
    same_outlet = statements(_run(nlp, ("Apple a signé un partenariat avec Alibaba.", "2025-01-01", "A"),
                                  ("Apple a conclu un accord avec Alibaba.", "2025-01-02", "A")))[0]
    denied = statements(_run(nlp, ("Apple a signé un partenariat avec Alibaba.", "2025-01-01", "A"),
                             ("Alibaba dément tout accord avec Apple.", "2025-01-02", "B")))
    denied = next(s for s in denied if s.relation == "partnersWith")
    assert two.confidence > one.confidence == same_outlet.confidence
    assert denied.confidence < one.confidence


def test_a_later_article_supersedes_the_pairs_earlier_state(story):
    later = supersessions(story)
    talks = _fact(story[:1], "considered", "apple", "baidu")
    partner = _fact(story[1:2], "partnersWith", "apple", "baidu")
    dropped = _fact(story[3:], "rejected", "apple", "baidu")
    assert later[talks.id] == partner
    assert later[partner.id] == dropped
    assert dropped.id not in later
    alibaba = _fact(story[3:], "partnersWith", "apple", "alibaba")
    assert alibaba.id not in later
    by_key = {s.key: s for s in statements(story)}
    assert by_key[("partnersWith", "apple", "baidu")].superseded
    assert not by_key[("partnersWith", "alibaba", "apple")].superseded


def test_talks_told_after_their_outcome_come_before_it(nlp):
    results = _run(nlp, ("Apple a renoncé à Baidu. Apple avait mené des discussions avec Baidu.", "2025-02-13", "A"))
    talks, dropped = _fact(results, "considered", "apple", "baidu"), _fact(results, "rejected", "apple", "baidu")
    assert supersessions(results) == {talks.id: dropped}


def test_a_rumour_does_not_supersede(nlp):
    results = _run(nlp, ("Apple a signé un partenariat avec Baidu.", "2024-06-10", "A"),
                   ("Apple pourrait renoncer à Baidu.", "2024-07-10", "B"))
    assert supersessions(results) == {}


def test_statements_in_the_graph(story):
    dataset = build_graph(story)
    graph = dataset.graph(STATEMENTS_GRAPH)
    stmt = next(s for s in statements(story) if s.key == ("partnersWith", "apple", "baidu"))
    node = statement_iri(stmt)
    assert graph.value(node, KG.outletCount) == Literal(2)
    assert graph.value(node, KG.superseded) == Literal(True)
    assert len(set(graph.objects(node, KG.supportedBy))) == 2
    assert len(set(graph.subject_objects(KG.supersededBy))) == len(supersessions(story))
