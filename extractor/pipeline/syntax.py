"""Small dependency-parse helpers shared by the rule components."""

from __future__ import annotations

from spacy.tokens import Span


def in_other_clause(mention: Span, anchor: Span) -> bool:
    """The mention sits in a relative or adverbial clause that does not contain the anchor."""
    node = mention.root
    anchor_line = {t.i for t in anchor.root.ancestors} | {anchor.root.i}
    while node.head.i != node.i:
        if node.dep_ in ("acl:relcl", "advcl") and node.i not in anchor_line:
            return True
        node = node.head
    return False
