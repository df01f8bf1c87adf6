"""The tally of preferences that opens the memo's remarks on a hearing with alternatives.

The committee's case sums the 2013 round up in one sentence: "De fleste
høringssvar peger på model 2, mens de to selvejende institutioner har fremlagt
en model 2½". `tally_sentences` says the same from the counts, and the memo
shows a small table beside it (HTML, Word and PDF alike).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from app.memos.content import MemoPreference


def _names(items: list[str]) -> str:
    """"A", "A og B", "A, B og C"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_('og')} {items[-1]}"


def _variant(row: MemoPreference) -> str:
    if row.label:
        return _("%(senders)s har fremlagt et eget forslag, \u201d%(name)s\u201d",
                 senders=_names(row.senders), name=row.label)
    return _("%(senders)s har fremlagt et eget forslag", senders=_names(row.senders))


def tally_sentences(rows: list[MemoPreference]) -> list[str]:
    """The tally in the committee's Danish, one sentence a part: the alternative most responses point to
    (or a tie), the variants proposed, and who prefer none. Empty without alternatives."""
    if not rows:
        return []
    alternatives = [row for row in rows if row.kind == "alternative" and row.responses]
    variants = [row for row in rows if row.kind == "variant"]
    total = sum(row.responses for row in rows)
    sentences = []
    lead = ""
    if alternatives:
        top = max(row.responses for row in alternatives)
        leaders = [row.label for row in alternatives if row.responses == top]
        if len(leaders) > 1:
            lead = _("Høringssvarene fordeler sig ligeligt mellem %(names)s (%(count)d hver)",
                     names=_names(leaders), count=top)
        elif total == 1:
            lead = _("Høringssvaret peger på %(name)s", name=leaders[0])
        elif top == total:
            lead = _("Alle %(count)d høringssvar peger på %(name)s", count=total, name=leaders[0])
        elif top * 2 > total:
            lead = _("De fleste høringssvar (%(count)d af %(total)d) peger på %(name)s",
                     count=top, total=total, name=leaders[0])
        elif all(top > row.responses for row in rows if row.kind != "alternative"):
            # the most, but not more than half: the others are spread, or prefer none, or a variant
            lead = _("Flest høringssvar (%(count)d af %(total)d) peger på %(name)s",
                     count=top, total=total, name=leaders[0])
        else:  # as many or more prefer none, or a variant of their own: not "the most"
            lead = _("%(count)d af %(total)d høringssvar peger på %(name)s", count=top, total=total,
                     name=leaders[0])
    if lead and variants:
        sentences.append(_("%(lead)s, mens %(variants)s.", lead=lead,
                           variants=f" {_('og')} ".join(_variant(row) for row in variants)))
    elif lead:
        sentences.append(lead + ".")
    else:
        sentences.append(_("Ingen høringssvar peger på nogen af alternativerne."))
        sentences += [_variant(row) + "." for row in variants]
    for row in rows:
        if row.kind == "none":
            sentences.append(ngettext("%(senders)s foretrækker ingen af alternativerne.",
                                      "%(senders)s foretrækker ingen af alternativerne.", row.responses,
                                      senders=_names(row.senders)))
    return sentences


def row_label(row: MemoPreference) -> str:
    """The first column of the tally's table."""
    if row.kind == "none":
        return _("Intet af alternativerne")
    if row.kind == "variant":
        return _("Eget forslag: %(name)s", name=row.label) if row.label else _("Eget forslag")
    return row.label


def row_senders(row: MemoPreference) -> str:
    return ", ".join(row.senders) if row.senders else _("Ingen")
