"""Staff set up a hearing's alternatives on its draft: top-level sections, named by their labels, kept by their
stable keys; set before the hearing goes out, and shown on the public page."""

import re

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.hearings.alternatives.models import Alternative
from app.hearings.models import DraftVersion, Hearing, HearingState, Section
from tests.factories import make_hearing


def _three_models(state=HearingState.DRAFT) -> Hearing:
    hearing = make_hearing(state=state, sections=0, title="Helhedsplan for socialpsykiatrien")
    version = hearing.current_version
    for position, heading in enumerate(["Helhedsplanens vision", "Model 1", "Model 2", "Model 3"]):
        version.sections.append(Section(key=f"k{position}", position=position, heading=heading,
                                        body_html=f"<p>{heading} i korte træk.</p>"))
    db.session.commit()
    return hearing


def _url(hearing: Hearing) -> str:
    return f"/medarbejder/hoeringer/{hearing.slug}/alternativer"


def test_staff_choose_the_sections_that_are_the_alternatives(auth, client):
    hearing = _three_models()
    auth.log_in(officer_of=hearing.id)
    page = client.get(_url(hearing)).get_data(as_text=True)
    assert "Høringen har ingen alternativer." in page and 'value="k1"' in page

    saved = client.post(_url(hearing), data={"sections": ["k3", "k1", "k2"]})
    assert saved.status_code == 302
    db.session.expire_all()
    assert [(a.name, a.section_key, a.position) for a in hearing.alternatives] == [
        ("Model 1", "k1", 0), ("Model 2", "k2", 1), ("Model 3", "k3", 2)]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "alternatives_set")) is not None
    assert "Alternativer" in client.get(f"/medarbejder/hoeringer/{hearing.slug}").get_data(as_text=True)


def test_one_alternative_alone_is_refused_in_danish_and_the_choice_stays(auth, client):
    hearing = _three_models()
    auth.log_in(officer_of=hearing.id)
    refused = client.post(_url(hearing), data={"sections": ["k2"]})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Vælg mindst to afsnit som alternativer, eller ingen." in html
    checked = re.findall(r'<input [^>]*\bchecked\b[^>]*value="(k\d)"', html)
    assert checked == ["k2"], "the one chosen stays chosen"
    db.session.expire_all()
    assert hearing.alternatives == []


def test_choosing_none_removes_them(auth, client):
    hearing = _three_models()
    hearing.alternatives = [Alternative(position=0, name="Model 1", section_key="k1"),
                            Alternative(position=1, name="Model 2", section_key="k2")]
    db.session.commit()
    auth.log_in(officer_of=hearing.id)
    assert client.post(_url(hearing), data={}).status_code == 302
    db.session.expire_all()
    assert hearing.alternatives == []


def test_once_out_for_hearing_they_stay_and_follow_their_keys_into_a_new_version(auth, client):
    hearing = _three_models(HearingState.OPEN)
    hearing.alternatives = [Alternative(position=0, name="Model 1", section_key="k1"),
                            Alternative(position=1, name="Model 2", section_key="k2")]
    db.session.commit()
    auth.log_in(officer_of=hearing.id)
    page = client.get(_url(hearing)).get_data(as_text=True)
    assert "kan ikke længere ændres" in page and 'name="sections"' not in page
    assert client.post(_url(hearing), data={"sections": ["k1"]}).status_code == 409
    db.session.expire_all()
    assert len(hearing.alternatives) == 2

    second = DraftVersion(number=2, hearing=hearing)
    db.session.add(second)
    second.sections.append(Section(key="k2", position=0, heading="Model 2 (rettet)", body_html="<p>Rettet.</p>"))
    db.session.commit()
    model_2 = hearing.alternatives[1]
    assert model_2.section_in(second).heading == "Model 2 (rettet)"
    assert model_2.section_in(hearing.versions[0]).heading == "Model 2"


def test_the_public_page_lists_the_alternatives_with_a_link_to_each(client):
    hearing = _three_models(HearingState.OPEN)
    hearing.alternatives = [Alternative(position=0, name="Model 1", section_key="k1"),
                            Alternative(position=1, name="Model 2", section_key="k2")]
    db.session.commit()
    page = client.get(f"/hoeringer/{hearing.slug}").get_data(as_text=True)
    assert "Alternativerne" in page
    assert '<a href="#afsnit-k1">Model 1</a>' in page and '<a href="#afsnit-k2">Model 2</a>' in page


def _saved(hearing: Hearing) -> list[tuple[str, str, int]]:
    db.session.expire_all()
    return [(a.name, a.section_key, a.position) for a in hearing.alternatives]


def test_removing_the_first_moves_the_others_up(auth, client):
    hearing = _three_models()
    auth.log_in(officer_of=hearing.id)
    assert client.post(_url(hearing), data={"sections": ["k1", "k2", "k3"]}).status_code == 302
    ids = {a.section_key: a.id for a in hearing.alternatives}

    assert client.post(_url(hearing), data={"sections": ["k2", "k3"]}).status_code == 302
    assert _saved(hearing) == [("Model 2", "k2", 0), ("Model 3", "k3", 1)]
    assert {a.section_key: a.id for a in hearing.alternatives} == {"k2": ids["k2"], "k3": ids["k3"]}


def test_reordered_and_renamed_sections_swap_their_alternatives_places_and_names(auth, client):
    hearing = _three_models()
    auth.log_in(officer_of=hearing.id)
    assert client.post(_url(hearing), data={"sections": ["k1", "k2", "k3"]}).status_code == 302

    sections = {s.key: s for s in hearing.current_version.sections}
    sections["k1"].position = 4  # the draft now reads k2, k3, k1
    sections["k1"].heading, sections["k3"].heading = "Model 3", "Model 1"
    db.session.commit()
    assert client.post(_url(hearing), data={"sections": ["k1", "k2", "k3"]}).status_code == 302
    assert _saved(hearing) == [("Model 2", "k2", 0), ("Model 1", "k3", 1), ("Model 3", "k1", 2)]
