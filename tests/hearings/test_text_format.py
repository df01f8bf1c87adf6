"""HTML <-> the simple Markdown staff edit sections in."""

import pytest
from sqlalchemy import select

from app.hearings.models import Section
from app.hearings.text_format import block_text, html_to_markdown, markdown_to_html, split_blocks


def test_every_section_of_the_2019_demo_hearing_survives_the_round_trip(app, db, demo):
    bodies = db.session.scalars(select(Section.body_html).order_by(Section.position)).all()
    assert len(bodies) > 100
    changed = [body for body in bodies if markdown_to_html(html_to_markdown(body)) != body]
    assert changed == []
    assert any("<ul>" in body for body in bodies), "the demo has lists, so they are covered"


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<p>Det er <strong>vigtigt</strong> og <em>nyt</em>.</p>", "Det er **vigtigt** og *nyt*."),
        ("<p>En<br>linje mere</p>", "En\\\nlinje mere"),
        ("<ul><li>ét<ul><li>indre</li></ul></li><li>to</li></ul>", "- ét\n  - indre\n- to"),
        ("<ol><li>først</li><li>så</li></ol><ol><li>ny liste</li></ol>", "1. først\n2. så\n\n1) ny liste"),
        ("<ul><li><p>løs</p></li><li><p>liste</p></li></ul>", "- løs\n\n- liste"),
        ("<blockquote><p>citat</p><p>to</p></blockquote>", "> citat\n>\n> to"),
        ("<h3>Stk. 2</h3><h4>Note</h4>", "### Stk. 2\n\n#### Note"),
        ('<p><a href="https://ltk.dk/a_(b)" rel="noopener noreferrer">Se <em>her</em></a></p>',
         "[Se *her*](https://ltk.dk/a_\\(b\\))"),
        ("<table><thead><tr><th>Felt</th><th>Tekst</th></tr></thead><tbody><tr><td>Omfang</td>"
         "<td>60 døgn | år</td></tr></tbody></table>",
         "| Felt | Tekst |\n| --- | --- |\n| Omfang | 60 døgn \\| år |"),
        ("<p>1. ikke en liste</p><p>- ikke et punkt</p><p># ikke en overskrift</p><p>&gt; ikke et citat</p>",
         "1\\. ikke en liste\n\n\\- ikke et punkt\n\n\\# ikke en overskrift\n\n\\> ikke et citat"),
        ("<p>* _ [x] &lt;y&gt; \\ &amp;amp; § 84, stk. 1. 2019. 5 - 3 = 2</p>",
         "\\* \\_ \\[x\\] \\<y> \\\\ \\&amp; § 84, stk. 1. 2019. 5 - 3 = 2"),
    ],
)
def test_html_becomes_readable_markdown_and_back(html, markdown):
    assert html_to_markdown(html) == markdown
    assert markdown_to_html(markdown) == html


@pytest.mark.parametrize(
    ("html", "normalised"),
    [
        ("<p>Under<u>streget</u></p>", "<p>Understreget</p>"),
        ("<p><strong>a</strong><strong>b</strong> c</p>", "<p><strong>ab</strong> c</p>"),
        ("<p>a <strong> b </strong> c</p>", "<p>a <strong>b</strong> c</p>"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
         "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>c</td><td></td></tr></tbody></table>"),
        ("Løs tekst<ul><li>a</li></ul>", "<p>Løs tekst</p><ul><li>a</li></ul>"),
        ("<p>a\n  b</p>\n<p></p>", "<p>a b</p>"),
    ],
)
def test_what_markdown_cannot_say_is_made_plain_once_then_stays(html, normalised):
    once = markdown_to_html(html_to_markdown(html))
    assert once == normalised
    assert markdown_to_html(html_to_markdown(once)) == once


@pytest.mark.parametrize(
    "markdown",
    [
        "Et afsnit\nder fortsætter.\n\nEt andet.",
        "- a\n- b\n\n  fortsat\n- c",
        "1. a\n   1. b\n2. c",
        "# Stor\n\n## Mindre\n\n##### Lille",
        "> citat med **fed**\n\nefter",
        "| a | b |\n|:--|--:|\n| 1 | 2 |",
        "Et [link](https://ltk.dk/æ?x=1&y=2) og <https://ltk.dk>",
        "    indrykket tekst\n\n```\nikke kode\n```\n\n`heller ikke`",
        "![billede](https://x/y.png) og *kursiv*\\\nny linje",
        "---\n\ntekst\n===",
    ],
)
def test_typed_markdown_is_stable_after_one_save(markdown):
    html = markdown_to_html(markdown)
    assert markdown_to_html(html_to_markdown(html)) == html


def test_markdown_is_cleaned_and_headings_fit_in_a_section():
    html = markdown_to_html("Hej <script>alert(1)</script>\n\n# Stor\n\n###### lille\n\n[x](javascript:alert(1))")
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<h3>Stor</h3><h4>lille</h4>" in html
    assert "href" not in html, "a javascript: link stays text"
    assert markdown_to_html("   \n\n") == ""
    assert markdown_to_html("    indrykket") == "<p>indrykket</p>", "no code block: our HTML has none"


def test_the_body_splits_into_blocks_with_plain_text():
    html = "Løs <em>tekst</em><p>Første.</p><ul><li>a</li><li>b</li></ul><table><tr><td>x</td></tr></table>"
    blocks = split_blocks(html)
    assert blocks == ["<p>Løs <em>tekst</em></p>", "<p>Første.</p>", "<ul><li>a</li><li>b</li></ul>",
                      "<table><tr><td>x</td></tr></table>"]
    assert [block_text(b) for b in blocks] == ["Løs tekst", "Første.", "a – b", "x"]
    assert split_blocks("") == []
