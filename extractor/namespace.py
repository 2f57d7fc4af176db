"""The kg-extract vocabulary as a closed rdflib namespace (mirrors ``ontologies/kg.ttl``)."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

#: Base of instance IRIs: ``entity/<id>``, ``article/<id>``, ``fact/<hash>``.
KGID = Namespace("https://w3id.org/kg-extract/id/")


class KG(DefinedNamespace):
    """kg-extract ontology: entities, facts, evidence and modality from French tech news.

    Generated from: ontologies/kg.ttl (a test keeps both in step).
    """

    _fail = True
    _NS = Namespace("https://w3id.org/kg-extract/ns#")

    # owl:Class
    Company: URIRef
    Product: URIRef
    Region: URIRef
    Person: URIRef
    Fact: URIRef
    Modality: URIRef

    # kg:Modality
    Asserted: URIRef
    Reported: URIRef
    Speculative: URIRef
    Negated: URIRef

    # relation properties
    partnersWith: URIRef
    rejected: URIRef
    considered: URIRef
    requiresLocalPartner: URIRef
    absentFrom: URIRef
    productOf: URIRef
    integratedInto: URIRef
    acquired: URIRef
    investsIn: URIRef
    competesWith: URIRef
    launched: URIRef

    # fact properties
    modality: URIRef
    region: URIRef
    evidenceText: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    rule: URIRef
    trigger: URIRef
    confidence: URIRef

    # article properties
    contentHash: URIRef
    sourcePath: URIRef

    # sources
    Outlet: URIRef
    Organization: URIRef
    AnonymousSource: URIRef
    attributedTo: URIRef

    # time
    Phase: URIRef
    Initial: URIRef
    Final: URIRef
    Current: URIRef
    eventTime: URIRef
    phase: URIRef
    supersededBy: URIRef

    # statements (corroboration across articles)
    Statement: URIRef
    supportedBy: URIRef
    articleCount: URIRef
    outletCount: URIRef
    firstReported: URIRef
    lastReported: URIRef
    strongestModality: URIRef
    weakestModality: URIRef
    aggregateConfidence: URIRef
    superseded: URIRef

    # figures
    Figure: URIRef
    FigureKind: URIRef
    Funding: URIRef
    Investment: URIRef
    Stake: URIRef
    DealValue: URIRef
    Valuation: URIRef
    Revenue: URIRef
    SalesChange: URIRef
    MarketShare: URIRef
    figureKind: URIRef
    amount: URIRef
    unit: URIRef
    amountText: URIRef
    about: URIRef
    counterparty: URIRef
    product: URIRef
