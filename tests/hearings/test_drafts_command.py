"""`flask drafts import SLUG FILE [--dry-run]`: the page's import from the command line, printed as a tree."""

from sqlalchemy import select

from app.extensions import db
from app.hearings.models import HearingState, Section
from tests.corpus import scoring
from tests.factories import make_hearing

CATALOGUE = scoring.CORPUS / "catalogue-2019.docx"


def _invoke(app, *args: str):
    return app.test_cli_runner().invoke(args=["drafts", "import", *args])


def test_a_dry_run_prints_the_tree_with_numbers_and_saves_nothing(app):
    hearing = make_hearing(state=HearingState.DRAFT, sections=0)
    db.session.commit()

    result = _invoke(app, hearing.slug, str(CATALOGUE), "--dry-run")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["Titel: Kvalitetsstandarder på det specialiserede voksenområde",
                         "Undertitel: Lyngby-Taarbæk Kommune – Høringsudkast – Center for Social Indsats, 2019"]
    assert lines[2] == "Forord"
    assert lines[3] == "Kvalitetsstandard for aflastningsordning – § 84  [Fundet i overskriften.]"  # the § once
    assert lines[4] == "  Lovgrundlag for ydelsen"
    assert "§ 82 Tidlig forebyggende indsats  [Fundet i lovgrundlaget.]" in lines
    assert "  Bilag 2  [Fundet i overskriften.]" in lines  # a field of § 85: one level down
    tree = lines[2:-1]
    assert lines[-1] == f"{len(tree)} afsnit. Intet er gemt (--dry-run)."
    assert sum(1 for line in tree if not line.startswith(" ")) == 12
    assert db.session.scalar(select(Section.id).where(Section.version_id == hearing.current_version.id)) is None


def test_the_import_saves_the_sections_with_their_numbers(app):
    hearing = make_hearing(state=HearingState.DRAFT, sections=0)
    db.session.commit()

    result = _invoke(app, hearing.slug, str(CATALOGUE))

    assert result.exit_code == 0, result.output
    saved = db.session.scalars(select(Section.id).where(Section.version_id == hearing.current_version.id)).all()
    assert result.output.splitlines()[-1] == f"{len(saved)} afsnit er gemt i høringen {hearing.slug}."
    top = db.session.execute(select(Section.number, Section.heading).where(
        Section.version_id == hearing.current_version.id, Section.parent_id.is_(None)).order_by(Section.position)).all()
    assert len(top) == 12 and all(number for number, _ in top[1:])
    assert tuple(top[2]) == ("§ 82", "Tidlig forebyggende indsats")


def test_pasted_text_from_a_file_and_the_refusals(app, tmp_path):
    hearing = make_hearing(state=HearingState.DRAFT, sections=0)
    opened = make_hearing(state=HearingState.OPEN)
    db.session.commit()
    text = tmp_path / "udkast.md"
    text.write_text("# Merudgifter\n\n## Lovgrundlag\n\nLov om Social Service § 100.\n", encoding="utf-8")
    broken = tmp_path / "udkast.docx"
    broken.write_bytes(b"%PDF-1.4 not really")  # read by its content: a broken PDF, whatever its name

    pasted = _invoke(app, hearing.slug, str(text), "--dry-run")
    assert pasted.exit_code == 0, pasted.output
    assert pasted.output.splitlines()[0] == "§ 100 Merudgifter  [Fundet i lovgrundlaget.]"

    for args, message in (((hearing.slug, str(broken)), "PDF-filen er beskadiget"),
                          (("findes-ikke", str(text)), "Der er ingen høring med adressen 'findes-ikke'."),
                          ((opened.slug, str(text)), "kan kun rettes som en ny version")):
        refused = _invoke(app, *args)
        assert refused.exit_code == 1 and message in refused.output, refused.output
