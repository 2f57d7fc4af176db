"""Small dependency-parse helpers shared by the rule components."""

from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

TEXT_KEY = "kg_text"


def doc_text(doc: Doc) -> str:
    """The document's text, joined once: ``Doc.text`` rebuilds it from every token at each call."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def words_where(doc: Doc, keep: Callable[[str], bool], memo: dict[int, bool] | None = None) -> list[int]:
    """Indices of the tokens whose lower-case form passes ``keep``, tested once per distinct word
    (and, with ``memo``, once per word across documents): a scan over every ``Token`` costs more
    than the rule it guards."""
    lowers = doc.to_array(LOWER)
    if not len(lowers):
        return []
    distinct, inverse = numpy.unique(lowers, return_inverse=True)
    strings = doc.vocab.strings
    memo = {} if memo is None else memo
    kept = numpy.array([memo[h] if h in memo else memo.setdefault(h, keep(strings[h])) for h in distinct.tolist()],
                       dtype=bool)
    return numpy.flatnonzero(kept[inverse.reshape(-1)]).tolist()


def in_other_clause(mention: Span, anchor: Span) -> bool:
    """The mention sits in a relative or adverbial clause that does not contain the anchor."""
    node = mention.root
    anchor_line = {t.i for t in anchor.root.ancestors} | {anchor.root.i}
    while node.head.i != node.i:
        if node.dep_ in ("acl:relcl", "advcl") and node.i not in anchor_line:
            return True
        node = node.head
    return False


def subject_like(mention: Span) -> bool:
    """The mention is its clause's subject: so parsed, or (when the parser failed) the bare name
    that opens its sentence, possibly after a fronted adverbial ("Ubisoft dément …",
    "Par ailleurs, Ubisoft dément …"), right before a verb or a comma-enclosed incise."""
    root = mention.root
    if root.dep_ in ("nsubj", "nsubj:pass"):
        return True
    sent = mention.sent
    if any(c.dep_ == "case" for c in root.children):
        return False
    lead = list(mention.doc[sent.start : mention.start])
    if lead and not (lead[-1].text == "," and not any(t.pos_ in ("VERB", "AUX") for t in lead)) \
            and not all(t.pos_ == "DET" or t.is_punct for t in lead):
        return False
    after = mention.doc[mention.end] if mention.end < sent.end else None
    return after is not None and (after.pos_ in ("VERB", "AUX", "ADV") or after.text == "," or root.dep_ == "ROOT"
                                  or after.lower_ in ("ne", "n'", "n’", "se", "s'", "s’", "y", "en"))
