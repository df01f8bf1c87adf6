"""Reading a letter's blocks from PDF (tagged and not), Word, ODT and e-mail, and matching its headings.

The PDFs are written here by WeasyPrint with no space between a heading and its
paragraph, the case where a reader that goes by blank lines runs the heading
into the text after it.
"""

import io
from email.message import EmailMessage

import pytest

from app.responses import letters
from app.responses.letters import documents
from app.responses.letters.matching import Index
from tools.corpus.writers import html_pdf

CSS = ("<style>body{font-family:'DejaVu Sans';font-size:10pt} h2{font-size:10pt;font-weight:bold;margin:0}"
       " p{margin:0} blockquote{margin:0 0 0 3em}</style>")
BODY = (
    "<h2>Socialpædagogisk støtte § 85</h2>"
    "<p>Handicaprådet vurderer, at der skal være mulighed for individuel støtte, da en del borgere ikke kan "
    "profitere af et gruppeforløb, og det bør stå i standarden.</p>"
    "<blockquote><p>Ydelsen gives som gruppeforløb.</p></blockquote>"
    "<h2>Merudgifter § 100</h2>"
    "<p>HR har ingen bemærkninger</p>"
)
PDF = "application/pdf"


def _letter_pdf(*, tagged: bool) -> bytes:
    return html_pdf(f"<!doctype html><html lang='da'><head><meta charset='utf-8'><title>Svar</title>{CSS}"
                    f"</head><body>{BODY}</body></html>", tagged=tagged)


@pytest.mark.parametrize("tagged", [True, False], ids=["tagged", "untagged"])
def test_a_pdf_keeps_its_headings_on_their_own_and_its_quotation_a_quotation(tagged):
    paragraphs = letters.paragraphs_of(letters.extract_text(_letter_pdf(tagged=tagged), PDF))
    assert paragraphs == [
        "Socialpædagogisk støtte § 85",
        "Handicaprådet vurderer, at der skal være mulighed for individuel støtte, da en del borgere ikke kan "
        "profitere af et gruppeforløb, og det bør stå i standarden.",
        "> Ydelsen gives som gruppeforløb.",
        "Merudgifter § 100",
        "HR har ingen bemærkninger",
    ]


def test_an_odt_letter_is_read_with_its_quotation_style():
    from odfdo import Document, Paragraph

    document = Document("text")
    document.body.clear()
    for text, style in (("Midlertidigt botilbud § 107", None), ("Borgeren visiteres efter VUM.", "Quotations"),
                        ("Det bør uddybes.", None)):
        document.body.append(Paragraph(text, style=style))
    out = io.BytesIO()
    document.save(out)
    text = letters.extract_text(out.getvalue(), letters.ODT)
    assert letters.paragraphs_of(text) == ["Midlertidigt botilbud § 107", "> Borgeren visiteres efter VUM.",
                                           "Det bør uddybes."]


def test_an_odt_that_is_not_one_is_unreadable():
    with pytest.raises(letters.Unreadable):
        letters.extract_text(b"PK\x03\x04 not a zip", letters.ODT)


def test_an_email_keeps_its_quoted_lines_as_one_quotation():
    message = EmailMessage()
    message["From"] = "Seniorrådet <senior@example.dk>"
    message.set_content("Midlertidigt botilbud § 107\n\nI udkastet står der:\n> Borgeren visiteres\n"
                        "> efter VUM.\n\nDet bør uddybes.\n")
    text = letters.extract_text(message.as_bytes(), letters.EML)
    assert letters.paragraphs_of(text) == ["Midlertidigt botilbud § 107", "I udkastet står der:",
                                           "> Borgeren visiteres efter VUM.", "Det bør uddybes."]


def test_an_html_email_reads_its_blocks_and_blockquotes():
    assert documents.html_paragraphs(
        "<div><h3>Merudgifter § 100</h3><blockquote><p>Citat fra udkastet.</p></blockquote><p>Vores forslag.</p>"
        "</div>"
    ) == ["Merudgifter § 100", "> Citat fra udkastet.", "Vores forslag."]


def test_a_word_quote_style_stays_a_quotation(corpus_quotation_docx):
    paragraphs = letters.paragraphs_of(letters.extract_text(corpus_quotation_docx, letters.DOCX))
    quoted = [p for p in paragraphs if p.startswith("> ")]
    assert len(quoted) == 1 and quoted[0].startswith("> »Voksenudredningsmetoden")


@pytest.fixture
def corpus_quotation_docx():
    from tests.corpus import scoring

    return (scoring.CORPUS / "letter-quotation-2019.docx").read_bytes()


# ---------------------------------------------------------------- matching


# An imported draft: no numbers set, the § in a heading or only in the legal-basis field.
SECTIONS = [
    letters.SectionRef("s1", None, "Kvalitetsstandard for aflastningsordning – § 84"),
    letters.SectionRef("s2", None, "Kvalitetsstandard for socialpædagogisk bistand"),
    letters.SectionRef("s2-basis", None, "Lovgrundlag", "s2", text="Lov om social service § 85"),
    letters.SectionRef("s2-target", None, "Målgruppe", "s2", text="Voksne med nedsat funktionsevne."),
    letters.SectionRef("s3", None, "Udmåling af kontant tilskud til borgerstyret personlig assistance (BPA)"),
    letters.SectionRef("s3-basis", None, "Lovgrundlag for ydelsen", "s3", text="Lov om social service § 96"),
    letters.SectionRef("s4", None, "Beskyttet beskæftigelse"),
    letters.SectionRef("s4-basis", None, "Lovgrundlag", "s4", text="Serviceloven §§ 103 og 104"),
]


@pytest.mark.parametrize(("heading", "section"), [
    ("Socialpædagogisk støtte § 85", "s2"),  # by the § of its legal basis, though the words differ
    ("BPA- ordning § 96", "s3"),
    ("BPA-ordning", "s3"),  # by words
    ("Aflastningsordning", "s1"),  # by words: "aflastningsordning" is in "Kvalitetsstandard for aflastningsordning"
    ("Aflastning § 84. Stk. 1.", "s1"),  # by the § in the draft's heading
    ("Beskyttet beskæftigelse §§ 103 og 104", "s4"),
    ("Generelle bemærkninger", None),
    ("Lov om Social Service § 1", None),  # names a § the draft lacks: the words of the law say nothing
])
def test_a_heading_lands_on_its_section_by_number_then_by_words(heading, section):
    choices = letters.guess_choices([heading, "Vi mener, at det bør ændres."], SECTIONS)
    assert choices[1] == (letters.SECTION + section if section else letters.GENERAL)


def test_a_piece_under_a_heading_naming_a_section_the_draft_lacks_does_not_stay_on_the_one_before():
    paragraphs = ["Aflastningsordning § 84", "Vi mener, at det bør ændres.", "Ledsageordning § 97",
                  "Vi ønsker flere timer."]
    assert letters.guess_choices(paragraphs, SECTIONS)[3] == letters.GENERAL


def test_points_are_matched_by_their_number():
    plan = [letters.SectionRef("a", "1.", "Indledning"), letters.SectionRef("b", "2.", "Modellen"),
            letters.SectionRef("b1", "2.1", "Enheden", "b"), letters.SectionRef("c", "3.", "Økonomi")]
    paragraphs = ["Ad pkt. 2.1", "Åbent om aftenen.", "Ad pkt. 3", "Færre pladser."]
    assert letters.guess_choices(paragraphs, plan)[1::2] == ["section:b1", "section:c"]
    assert Index(plan).by_number("jf. punkt 1")[0] == "a"


def test_a_quotation_is_never_a_heading_and_stays_on_the_section_it_is_quoted_under():
    paragraphs = ["Aflastningsordning § 84", "> Beskyttet beskæftigelse", "Det bør ændres."]
    assert letters.guess_choices(paragraphs, SECTIONS) == ["heading", "section:s1", "section:s1"]


def test_no_remarks_under_a_heading_is_a_no_remarks_point_on_that_section():
    paragraphs = ["Socialpædagogisk støtte § 85", "Seniorrådet har ingen bemærkninger til denne standard.",
                  "BPA-ordning", "HR har ingen bemærkninger, men ønsker kortere sagsbehandling."]
    points = letters.points_from(paragraphs, letters.guess_choices(paragraphs, SECTIONS))
    assert [(p.section_key, p.no_remarks) for p in points] == [("s2", True), ("s3", False)]


def test_no_remarks_alone_is_no_remarks_to_the_hearing():
    choices = letters.guess_choices(["Ingen bemærkninger."], SECTIONS)
    assert letters.points_from(["Ingen bemærkninger."], choices) == []
