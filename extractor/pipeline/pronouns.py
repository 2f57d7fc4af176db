"""Link subject pronouns ("Elle a signé…") and possessive subjects ("Son PDG…") to a company."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy

from spacy.attrs import DEP
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .base import RulesComponent
from .gazetteer import COMPANY, PERSON
from .resolver import REFS_KEY, named_with
from .syntax import doc_text, subject_like

_SUBJECT_DEPS = ("nsubj", "nsubj:pass")
INTERVIEW_KEY = "kg_interview"  # doc.user_data: the Interview of a question-and-answer article
NOT_A_COMPANY_KEY = "kg_pronoun_not_company"  # doc.user_data: pronouns that stand for another noun


@dataclass(frozen=True)
class Interview:
    """Who speaks in a question-and-answer article, and where the answers are (character offsets)."""

    company: str
    person: tuple[str, str] | None  # name as written, id
    answers: tuple[tuple[int, int], ...]

    def answering(self, char: int) -> bool:
        """The offset lies in an answer."""
        return any(start <= char < end for start, end in self.answers)


@Language.factory(
    "kg_pronoun_resolver",
    default_config={},
    requires=["doc.ents", "token.dep", "doc.spans"],
    assigns=["doc.spans"],
)
def make_pronoun_resolver(nlp: Language, name: str) -> PronounResolver:
    """Create the pronoun resolver (empty until ``initialize`` or ``from_disk``)."""
    return PronounResolver(nlp, name)


class PronounResolver(RulesComponent):
    """Add a reference span for each subject pronoun or possessive subject that names a company."""

    rules_file = "pronouns.yaml"

    def set_rules(self, rules: dict[str, Any]) -> None:
        """Index the word lists of ``pronouns.yaml``."""
        super().set_rules(rules)
        self._pronouns = {w.lower() for w in rules["pronouns"]}
        self._possessives = {w.lower() for w in rules["possessives"]}
        self._roles = {w.lower() for w in rules["roles"]}
        self._window = int(rules.get("window", 2))
        self._latest = {w.lower() for w in rules.get("latest", [])}
        self._topics = [tuple(w.lower().replace("’", "'").split()) for w in rules.get("topic_markers", [])]
        self._interview = rules.get("interview", {})

    def __call__(self, doc: Doc) -> Doc:
        refs = list(doc.spans[REFS_KEY]) if REFS_KEY in doc.spans else []
        mentions = sorted([*doc.ents, *refs], key=lambda s: s.start)
        sent_of = [0] * len(doc)  # token index → sentence number
        for number, sent in enumerate(doc.sents):
            sent_of[sent.start : sent.end] = [number] * (sent.end - sent.start)
        covered = {i for m in mentions for i in range(m.start, m.end)}
        added = []
        # subjects found on the DEP hashes: no Token is made for the other words
        deps = doc.to_array(DEP)
        subjects = numpy.flatnonzero(numpy.isin(deps, [doc.vocab.strings[d] for d in _SUBJECT_DEPS]))
        for token in (doc[i] for i in subjects.tolist()):
            if token.i in covered:
                continue
            span = self._subject_span(token)
            if span is None:
                continue
            if span.end - span.start > 1 or token.lower_ in self._latest:
                antecedent = self._latest_company(token, mentions, sent_of) if self._is_latest(span) else \
                    self._antecedent(token, mentions, sent_of)
            else:
                antecedent = self._antecedent(token, mentions, sent_of)
            if antecedent is not None:
                ref = Span(doc, span.start, span.end, label=COMPANY, kb_id=antecedent.kb_id_)
                added.append(ref)
                mentions = sorted([*mentions, ref], key=lambda s: s.start)  # a chain: "Elle… Son PDG…"
        added += self._interview_voice(doc, mentions)
        added += self._quoted_voice(doc, sorted([*mentions, *added], key=lambda s: s.start))
        if added:
            doc.spans[REFS_KEY] = sorted([*refs, *added], key=lambda s: s.start)
        return doc

    def _interview_voice(self, doc: Doc, mentions: list[Span]) -> list[Span]:
        """In a question-and-answer article, "nous"/"notre" in the answers and "vous"/"votre" in
        the questions stand for the interviewee's company."""
        rules = self._interview
        text = doc_text(doc)
        if not rules or "nous" not in text.lower():
            return []
        paragraphs, start = [], 0
        for block in text.split("\n\n"):
            paragraphs.append((start, start + len(block), block.strip()))
            start += len(block) + 2
        endings = tuple(rules["question_endings"])
        openers = tuple(rules.get("question_openers", []))
        limit = int(rules.get("max_question_chars", 240))

        def question(text: str) -> bool:
            return bool(text) and len(text) <= limit and (text.endswith(endings) or (
                text.startswith(openers) and text.endswith("?")))

        asked = [question(text) for _, _, text in paragraphs]
        speaker = {w.lower() for w in rules["speaker"]}
        addressee = {w.lower() for w in rules["addressee"]}

        def words(text: str) -> set[str]:
            return set(re.findall(r"\w+", text.lower()))

        # a question counts when it addresses someone ("vos concurrents") or its answer speaks as
        # "nous": rhetorical questions in an analysis do neither
        real = sum(1 for k, ((_, _, text), q) in enumerate(zip(paragraphs, asked)) if q and text.endswith("?") and (
            words(text) & addressee or (k + 1 < len(paragraphs) and not asked[k + 1] and words(paragraphs[k + 1][2]) & speaker)))
        if real < int(rules["min_questions"]):
            return []
        first = asked.index(True)
        intro_end = paragraphs[first][0]
        # names only: a description resolved in passing may point to the wrong firm
        intro = [e for e in doc.ents if e.label_ == COMPANY and e.start_char < intro_end]
        if not intro:
            return []
        # the company the introduction is about: its first subject ("Vectane conçoit des
        # accélérateurs … un tour de table mené par Bpifrance"), else the one it names most
        subject = next((m for m in intro if subject_like(m) or _apposed_to_subject(m)), None)
        if subject is not None:
            company = subject.kb_id_
        else:
            counts: dict[str, list[int]] = {}
            for m in intro:
                counts.setdefault(m.kb_id_, []).append(m.start)
            company = max(counts, key=lambda k: (len(counts[k]), -counts[k][0]))
        # who answers: the person the introduction names with a role ("Sa présidente, Claire
        # Dumoulin, a répondu à nos questions"), not the byline's journalist ("Propos recueillis
        # par …"); the attribution component credits the answers to them
        person = next((e for e in doc.ents if e.label_ == PERSON and e.start_char < intro_end and any(
            t.lower_ in self._roles for t in doc[max(e.start - 3, 0) : min(e.end + 3, len(doc))])), None)
        doc.user_data[INTERVIEW_KEY] = Interview(
            company, (person.text, person.kb_id_) if person is not None else None,
            tuple((b, e) for (b, e, _), q in list(zip(paragraphs, asked))[first:] if not q))
        covered = {i for m in mentions for i in range(m.start, m.end)}
        refs = []
        for (begin, end, _), is_question in list(zip(paragraphs, asked))[first:]:
            voice = addressee if is_question else speaker
            span = doc.char_span(begin, end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                if token.lower_ in voice and token.i not in covered:
                    refs.append(Span(doc, token.i, token.i + 1, label=COMPANY, kb_id=company))
        return refs

    def _quoted_voice(self, doc: Doc, mentions: list[Span]) -> list[Span]:
        """« Nous avons signé … », affirme Hélène Dubreuil: "nous" in a quote is the company
        the speaker was named with."""
        rules = self.rules.get("quotes")
        if not rules or not any(t.text in rules["open"] for t in doc):
            return []
        opens, closes = set(rules["open"]), set(rules["close"])
        voice = {w.lower() for w in self._interview.get("speaker", [])}
        window = int(rules.get("speaker_window", 5))
        covered = {i for m in mentions for i in range(m.start, m.end)}
        people = [m for m in mentions if m.label_ == PERSON]
        refs, start, last = [], None, None  # last: (sentence end, company id) of the previous quote
        for token in doc:
            if token.text in opens:
                start = token.i
            elif token.text in closes and start is not None:
                speaker = next((p for p in people if token.i < p.start <= token.i + window and p.sent == token.sent), None)
                named = named_with(speaker.kb_id_, mentions, speaker.start, int(rules.get("company_window", 8)),
                                   verbless=True) if speaker is not None else None
                company = named.kb_id_ if named is not None else None
                if speaker is None and last is not None and doc[start].sent.start <= last[0]:
                    company = last[1]  # « … » in the sentence right after a credited quote
                if company is not None:
                    refs += [Span(doc, t.i, t.i + 1, label=COMPANY, kb_id=company)
                             for t in doc[start + 1 : token.i] if t.lower_ in voice and t.i not in covered]
                last = (token.sent.end, company) if company is not None else None
                start = None
        return refs

    def _is_latest(self, span: Span) -> bool:
        return any(t.lower_ in self._latest for t in span)

    def _topic(self, token: Token, mentions: list[Span]) -> Span | None:
        """"Quant à Waymo, la filiale d'Alphabet…, elle…": the sentence's fronted topic."""
        sent = token.sent
        words = [t.lower_.replace("’", "'") for t in token.doc[sent.start : min(sent.start + 3, token.i)]]
        for marker in self._topics:
            if tuple(words[: len(marker)]) == marker:
                start = sent.start + len(marker)
                first = next((m for m in mentions if start <= m.start < token.i), None)
                if first is not None and first.label_ == COMPANY and first.start - start <= 1:
                    return first
        return None

    def _latest_company(self, token: Token, mentions: list[Span], sent_of: list[int]) -> Span | None:
        """"Ce dernier", "celui-ci": the company named last (within the window)."""
        here = sent_of[token.i]
        candidates = [m for m in mentions if m.end <= token.i and here - sent_of[m.start] <= self._window
                      and m.label_ in (COMPANY, PERSON)]
        if not candidates or candidates[-1].label_ != COMPANY:
            return None  # "ce dernier" after a person is that person
        return candidates[-1]

    def _subject_span(self, token: Token) -> Span | None:
        doc = token.doc
        if token.lower_ in self._latest:
            # "ce dernier", "cette dernière", "celui-ci": a demonstrative for the last one named
            dets = [c for c in token.children if c.dep_ == "det" and c.lower_ in ("ce", "cet", "cette")]
            if dets:
                return doc[dets[0].i : token.i + 1]
            if "-" in token.text:
                return doc[token.i : token.i + 1]
            return None
        if token.lower_ in self._pronouns:
            return doc[token.i : token.i + 1]
        if token.lower_ in self._roles:
            owners = [c for c in token.children if c.dep_ == "det" and c.lower_ in self._possessives]
            if owners:
                return doc[owners[0].i : token.i + 1]
        return None

    def _antecedent(self, token: Token, mentions: list[Span], sent_of: list[int]) -> Span | None:
        here = sent_of[token.i]
        topic = self._topic(token, mentions)
        if topic is not None:
            return topic
        verb = token.head
        if verb.dep_ == "conj" and verb.head.i < token.i:
            # "Le concepteur de puces s'est engagé …, et il a participé …": the first verb's subject
            subject = next((c for c in verb.head.children if c.dep_ in _SUBJECT_DEPS and c.i < token.i), None)
            if subject is not None and subject.pos_ in ("NOUN", "PROPN") and _agrees(subject, token):
                named = next((m for m in mentions if m.start <= subject.i < m.end), None)
                return named if named is not None and named.label_ == COMPANY else None
        candidates = [
            m for m in mentions
            if m.end <= token.i and here - sent_of[m.start] <= self._window and m.label_ in (COMPANY, PERSON)
        ]
        relative = next((c for c in verb.children if c.i < token.i and "Rel" in c.morph.get("PronType")
                         and any(k.dep_ == "case" for k in c.children)), None)
        if relative is not None:
            # "Yotta, …, avec qui elle a signé": the subject of an oblique relative clause is
            # not the name the clause hangs on
            named = [m for m in candidates if m.end <= relative.i and m.label_ == COMPANY]
            candidates = [m for m in candidates if not named or m is not named[-1]]
        if not candidates:
            return None
        nearest = sent_of[candidates[-1].start]
        if token.lower_ in self._pronouns and _closer_subject(token, candidates[-1]):
            # "Quand une collectivité … équipe ses agents, elle se tourne vers…": the relation
            # rules must not guess a company for it either
            token.doc.user_data.setdefault(NOT_A_COMPANY_KEY, set()).add(token.i)
            return None
        in_sent = [m for m in candidates if sent_of[m.start] == nearest]
        subjects = [m for m in in_sent if subject_like(m) or _apposed_to_subject(m)]
        best = subjects[0] if subjects else in_sent[-1]
        if best.label_ == PERSON and token.lower_ in self._pronouns:
            return None  # "il" is the person just named, not a company
        if best.label_ != COMPANY:
            companies = [m for m in in_sent if m.label_ == COMPANY]
            return companies[-1] if companies and token.lower_ not in self._pronouns else None
        return best


def _closer_subject(pronoun: Token, last: Span) -> bool:
    """A subject noun that is no company stands between the last company and the pronoun, in
    the pronoun's sentence, and agrees with it: the pronoun is that noun."""
    sent = pronoun.sent
    for t in pronoun.doc[max(last.end, sent.start) : pronoun.i]:
        if t.dep_ in _SUBJECT_DEPS and t.pos_ == "NOUN" and t.ent_type_ == "" and _agrees(t, pronoun) \
                and not any(c.lower_ in ("son", "sa", "ses", "leur") for c in t.children) \
                and not any("Rel" in c.morph.get("PronType") for c in [*t.children, *t.head.children]):
            return True  # (not in a relative clause: "L'hébergeur, dont le chiffre d'affaires a progressé, …, qu'il")
    return False


def _agrees(noun: Token, pronoun: Token) -> bool:
    """A noun the pronoun can stand for: singular, of its gender when the tagger gives one
    ("Ses ventes ont reculé, et il a annoncé…": "il" is not "ventes")."""
    if "Plur" in noun.morph.get("Number"):
        return False
    gender = noun.morph.get("Gender")
    return not gender or gender[0] == ("Masc" if pronoun.lower_ == "il" else "Fem")


def _apposed_to_subject(mention: Span) -> bool:
    """The name stands beside its clause's subject noun ("La jeune pousse lyonnaise Kaiva annonce")."""
    root = mention.root
    return root.dep_ in ("appos", "nmod", "flat:name") and root.head.dep_ in _SUBJECT_DEPS and root.head.pos_ == "NOUN" \
        and root.head.i < root.i and not any(c.dep_ == "case" for c in root.children)

