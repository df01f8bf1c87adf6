"""The Word memo's page and defaults: A4 with the PDF's margins, "Side 1 af 18" in the footer, Arial 11,
Danish as the document's language (the memo and its appendix alike)."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from flask_babel import gettext as _


def page_setup(doc) -> None:
    """A4 with the PDF's margins (python-docx starts from US Letter), and "Side 1 af 18" at the
    foot of every page, as in the PDF: an agenda's attachments are cited by page."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.4)
    section.left_margin = section.right_margin = Cm(2)
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(_("Side") + " ")
    field(paragraph, "PAGE")
    paragraph.add_run(" " + _("af") + " ")
    field(paragraph, "NUMPAGES")


def set_language_and_font(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    defaults = styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), "da-DK")


def field(paragraph, instruction: str) -> None:
    """A field Word fills in when it lays out the pages (PAGE, NUMPAGES)."""
    element = OxmlElement("w:fldSimple")
    element.set(qn("w:instr"), instruction)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    element.append(run)
    paragraph._p.append(element)
