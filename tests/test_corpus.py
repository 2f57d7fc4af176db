"""Readers, noise removal, offset map and bad input."""

from __future__ import annotations

import json

import pytest

from extractor import InputError, prepare, read_articles
from extractor.corpus import detect_language

from .conftest import make_article


def read(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    problems = []
    articles = list(read_articles(tmp_path, on_problem=problems.append))
    return articles, problems


def test_txt_title_is_first_line(tmp_path):
    articles, problems = read(tmp_path, "a.txt", "\n\nApple choisit Alibaba\n\nLa firme a tranché.\n")
    assert problems == []
    assert [(a.id, a.title) for a in articles] == [("a", "Apple choisit Alibaba")]


def test_markdown_front_matter(tmp_path):
    text = "---\ntitle: Un titre\ndate: 2025-02-13\nurl: https://example.org/a\nsource: Exemple\n---\n\n# Un titre\n\nDu **texte** avec un [lien](https://x.y).\n"
    [article], _ = read(tmp_path, "m.md", text)
    assert (article.title, article.date, article.url, article.source) == ("Un titre", "2025-02-13", "https://example.org/a", "Exemple")
    prepared = prepare(article)
    assert "Du texte avec un lien." in prepared.text
    assert "**" not in prepared.text and "https" not in prepared.text


def test_html_keeps_article_text_only(tmp_path):
    html = """<html><head><title>T</title><script>var x = "Google";</script><style>p{}</style></head>
    <body><nav><a>Accueil</a><a>Tech</a></nav><article><h1>Apple s&rsquo;allie &agrave; Alibaba</h1>
    <p class="rubric">IA</p><p class="byline">Par Laurence Girard - Publié le 12 mars 2025</p>
    <p>La firme de Cupertino a sign&eacute; un accord&nbsp;: c’est fait.</p>
    <figure><img src="x.jpg"/><figcaption>Tim Cook. © Apple</figcaption></figure>
    <aside>À lire aussi : Samsung et Google</aside></article><footer>Mentions légales Meta</footer></body></html>"""
    [article], problems = read(tmp_path, "p.html", html)
    assert problems == []
    assert article.title == "Apple s’allie à Alibaba"
    text = prepare(article).text
    assert text == "Apple s'allie à Alibaba\n\nLa firme de Cupertino a signé un accord : c'est fait."


def test_web_noise_lines_are_dropped():
    text = "Actualité\n\nApple choisit Alibaba\nPar Laurence Girard - Publié le 12 mars 2025 à 10h32\n\nLe texte commence ici et continue.\nTim Cook lors de la WWDC. © Apple\n"
    prepared = prepare(make_article(text))
    assert prepared.text == "Apple choisit Alibaba\n\nLe texte commence ici et continue."
    assert [rule for rule, _ in prepared.dropped] == ["rubric", "byline", "caption"]


@pytest.mark.parametrize(
    "original, fragment, normalised",
    [
        ("Apple s’allie à Baidu.", "Baidu", "Apple s'allie à Baidu."),
        ("après avoir exploré -puis rejeté- un partenariat avec Baidu.", "Baidu",
         "après avoir exploré - puis rejeté - un partenariat avec Baidu."),
        ("Un accord\u00a0: 1\u202f200 puces pour Huawei.", "Huawei", "Un accord : 1 200 puces pour Huawei."),
        ("Le **groupe** [Alibaba](https://a.b) signe.", "Alibaba", "Le groupe Alibaba signe."),
    ],
)
def test_offset_map_points_back_to_original(original, fragment, normalised):
    prepared = prepare(make_article(original))
    assert prepared.text == normalised
    i = prepared.text.index(fragment)
    start, end = prepared.original_span(i, i + len(fragment))
    assert original[start:end] == fragment


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", "", "empty file"),
        ("blank.md", "  \n\n", "empty file"),
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("bad.md", "---\ntitle: [oops\n---\nTexte.", "bad YAML front matter"),
    ],
)
def test_broken_files_are_reported_and_skipped(tmp_path, name, content, reason):
    (tmp_path / "ok.txt").write_text("Titre\n\nUn article qui se lit bien.", encoding="utf-8")
    articles, problems = read(tmp_path, name, content)
    assert [a.id for a in articles] == ["ok"]
    assert len(problems) == 1 and problems[0].path == name and reason in problems[0].reason


def test_non_utf8_file_is_decoded_with_a_warning(tmp_path):
    text = "Le géant chinois Alibaba a été choisi par la firme américaine Apple pour son téléphone en Chine, après des études.\n"
    [article], problems = read(tmp_path, "latin.txt", text.encode("cp1252"))
    assert article.text == text
    assert problems[0].severity == "warning" and "not UTF-8" in problems[0].reason


def test_malformed_jsonl_line_names_file_and_line(tmp_path):
    lines = [json.dumps({"id": "a", "title": "A", "text": "Premier article."}), "{not json", json.dumps({"id": "b", "text": "Deuxième."}), json.dumps({"id": "c"})]
    articles, problems = read(tmp_path, "feed.jsonl", "\n".join(lines))
    assert [a.id for a in articles] == ["a", "b"]
    assert [(p.path, p.line) for p in problems] == [("feed.jsonl", 2), ("feed.jsonl", 4)]
    assert str(problems[0]).startswith("feed.jsonl:2: malformed JSON")


def test_duplicate_ids_are_reported(tmp_path):
    lines = [json.dumps({"id": "a", "text": "Un."}), json.dumps({"id": "a", "text": "Deux."})]
    articles, problems = read(tmp_path, "feed.jsonl", "\n".join(lines))
    assert len(articles) == 1 and "duplicate article id" in problems[0].reason


def test_hidden_and_underscore_paths_are_skipped(tmp_path):
    (tmp_path / "_gold").mkdir()
    (tmp_path / "_gold" / "dev.jsonl").write_text('{"article": "x"}', encoding="utf-8")
    (tmp_path / ".cache.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a,b", encoding="utf-8")
    articles, problems = read(tmp_path, "a.txt", "Titre\n\nTexte.")
    assert [a.id for a in articles] == ["a"] and problems == []


def test_missing_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        list(read_articles(tmp_path / "nope"))


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Apple has chosen Alibaba as its partner for the launch of its artificial intelligence features in China, "
         "after talks with several other companies that were not selected in the end.", "en"),
        ("Apple a choisi Alibaba comme partenaire pour le lancement de ses fonctions d'intelligence artificielle "
         "en Chine, après des discussions avec plusieurs autres entreprises qui n'ont pas été retenues.", "fr"),
        ("Apple ha elegido a Alibaba como socio para el lanzamiento de sus funciones de inteligencia artificial "
         "en China, después de conversaciones con otras empresas que no fueron seleccionadas al final.", "es"),
    ],
)
def test_language_detection(text, lang):
    assert detect_language(text)[0] == lang


def test_html_picks_the_article_not_the_teasers(tmp_path):
    teaser = "<article class='teaser'><h2>Samsung et Google</h2><p>Un court résumé.</p></article>"
    body = "".join(f"<p>Paragraphe {i} du vrai article sur Apple et Alibaba, assez long pour compter.</p>" for i in range(5))
    html = f"""<html><head><script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
    "headline": "Apple et Alibaba", "datePublished": "2025-02-13", "publisher": {{"@type": "Organization", "name": "Exemple Tech"}}}}</script></head>
    <body><header>{teaser}</header><div id="content"><article><h1>Apple et Alibaba</h1>{body}</article></div>{teaser}</body></html>"""
    [article], _ = read(tmp_path, "real.html", html)
    text = prepare(article).text
    assert "Samsung" not in text and text.count("Paragraphe") == 5
    assert (article.title, article.date, article.source) == ("Apple et Alibaba", "2025-02-13", "Exemple Tech")


def test_html_without_article_element_uses_densest_block(tmp_path):
    body = "".join(f"<p>Phrase {i} de l'article principal, qui parle de Renault et de Google.</p>" for i in range(6))
    html = f"<html><body><div class='menu'><p>Accueil</p></div><div class='story'>{body}</div><div><p>Mentions</p></div></body></html>"
    [article], _ = read(tmp_path, "plain.html", html)
    text = prepare(article).text
    assert text.count("Phrase") == 6 and "Mentions" not in text and "Accueil" not in text
