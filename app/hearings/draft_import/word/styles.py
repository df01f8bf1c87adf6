"""What a Word style and a Word list definition mean for the import.

`Styles` tells, for each style id and following the base styles, whether a
paragraph is a heading (and of which level), a title, part of a table of
contents, a list item, numbered, bold, italic or underlined; `Numbering`
reads the list definitions, to tell bullets from numbers and to count the
number ("1.2") a numbered heading shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from app.hearings import draft_import as shared
from app.hearings.draft_import import plain_text
from app.hearings.draft_import.word.ooxml import int_value, on_off, value_of

_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)([1-9])$")
_TITLE_STYLES = {"title", "titel"}
_SUBTITLE_STYLES = {"subtitle", "undertitel"}
_TOC_STYLE = re.compile(r"^(?:toc|indholdsfortegnelse)[1-9]?$|^tocheading$|^overskrift(?:til)?indholdsfortegnelse$")
_ORDERED_LIST_STYLES = ("listnumber", "opstillingmedtal", "opstillingtal", "opstillingmednummer")
_LIST_STYLES = ("listbullet", "listparagraph", "listeafsnit", "opstillingmedpunkttegn", "opstillingpunkttegn")


def _normalise(name: str | None) -> str:
    return re.sub(r"[^0-9a-zæøå]", "", (name or "").lower())


def num_pr(ppr) -> tuple[str | None, int | None] | None:
    num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num_pr is None:
        return None
    num_id, ilvl = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
    return (
        num_id.get(qn("w:val")) if num_id is not None else None,
        int_value(ilvl.get(qn("w:val")), 0) if ilvl is not None else None,
    )


@dataclass
class StyleInfo:
    heading_level: int | None = None
    title: bool = False
    subtitle: bool = False
    skip: bool = False
    list_kind: str | None = None  # "ul" or "ol" from the style's name
    list_level: int = 0
    numbering: tuple[str | None, int | None] | None = None
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    size: float | None = None  # the font size in points the style (or one it is based on) sets


# Word's font size when neither a style nor the document's defaults set one (ECMA-376: 10 pt).
DEFAULT_SIZE = 10.0


def font_size(rpr) -> float | None:
    """The font size in points that run properties set (w:sz, in half-points), or None."""
    size = rpr.find(qn("w:sz")) if rpr is not None else None
    half_points = int_value(size.get(qn("w:val")), 0) if size is not None else 0
    return half_points / 2 if half_points > 0 else None


class Styles:
    """What each style means for the import, by style id, following the base styles.

    Matching is by name and by id, so English ("Heading 1"), Danish
    ("Overskrift 1", or the id "Overskrift1" that Danish Word writes) and a
    custom style based on a heading all count; failing a name, a style's
    outline level decides. Read from the XML, so that one odd style does not
    make the whole document unreadable.
    """

    def __init__(self, document) -> None:
        self._by_id: dict[str, object] = {}
        self._default: dict[str, str] = {}
        for style in document.styles.element.findall(qn("w:style")):
            style_id, kind = style.get(qn("w:styleId")), style.get(qn("w:type"), "paragraph")
            self._by_id.setdefault(style_id, style)
            if style.get(qn("w:default")) in ("1", "true", "on"):
                self._default.setdefault(kind, style_id)
        self._info: dict[str | None, StyleInfo] = {}
        defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default_size = font_size(defaults) or DEFAULT_SIZE

    def get(self, style_id: str | None, kind: str = "paragraph") -> StyleInfo:
        style_id = style_id or self._default.get(kind)
        if style_id not in self._info:
            self._info[style_id] = self._describe(self._chain(style_id))
        return self._info[style_id]

    def _chain(self, style_id: str | None) -> list:
        chain, seen = [], set()
        while style_id in self._by_id and style_id not in seen and len(chain) < 20:
            seen.add(style_id)
            style = self._by_id[style_id]
            chain.append(style)
            style_id = value_of(style.find(qn("w:basedOn")))
        return chain

    def _describe(self, chain: list) -> StyleInfo:
        info = StyleInfo()
        if not chain:
            return info
        names = [(_normalise(value_of(s.find(qn("w:name")))), _normalise(s.get(qn("w:styleId")))) for s in chain]
        info.skip = any(_TOC_STYLE.match(n) for n in names[0])
        for pair in names:
            match = next((m for m in map(_HEADING_STYLE.match, pair) if m), None)
            if match:
                info.heading_level = int(match[1])
                break
        if info.heading_level is None:
            info.heading_level = next((lvl for s in chain if (lvl := outline_level(s.find(qn("w:pPr"))))), None)
        info.title = info.heading_level is None and any(n in _TITLE_STYLES for pair in names for n in pair)
        info.subtitle = info.heading_level is None and any(n in _SUBTITLE_STYLES for pair in names for n in pair)
        own = names[0][0] or names[0][1]
        if own.startswith(_ORDERED_LIST_STYLES):
            info.list_kind = "ol"
        elif own.startswith(_LIST_STYLES):
            info.list_kind = "ul"
        info.list_level = max(int_value(own[-1:], 1) - 1, 0) if info.list_kind and own[-1:].isdigit() else 0
        info.numbering = next((n for s in chain if (n := num_pr(s.find(qn("w:pPr")))) and n[0]), None)
        for name, tag in (("bold", "w:b"), ("italic", "w:i"), ("underline", "w:u")):
            value = next((v for s in chain if (v := on_off(_rpr_child(s, tag))) is not None), None)
            setattr(info, name, value)
        info.size = next((size for s in chain if (size := font_size(s.find(qn("w:rPr"))))), None)
        return info


def outline_level(ppr) -> int | None:
    outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    level = int_value(outline.get(qn("w:val")), 9) if outline is not None else 9
    return level + 1 if 0 <= level < 9 else None


def _rpr_child(element, tag: str):
    rpr = element.find(qn("w:rPr"))
    return rpr.find(qn(tag)) if rpr is not None else None


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


class Numbering:
    """Word's list definitions: whether a list is numbered, and the number a heading shows."""

    def __init__(self, document) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}
        self._family: dict[str, str] = {}
        self._counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.part_related_by(RT.NUMBERING).element
        except (KeyError, ValueError):
            return
        abstract = {a.get(qn("w:abstractNumId")): _levels(a) for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            family = ref.get(qn("w:val")) if ref is not None else None
            levels = dict(abstract.get(family, {}))
            for override in num.findall(qn("w:lvlOverride")):
                levels.update(_levels(override))
            num_id = num.get(qn("w:numId"))
            self._levels[num_id] = levels
            self._family[num_id] = family or num_id

    def kind(self, num_id: str, ilvl: int) -> str | None:
        level = self._levels.get(num_id, {}).get(ilvl)
        if level is None or level.fmt == "none":
            return None
        return "ul" if level.fmt == "bullet" else "ol"

    def advance(self, num_id: str, ilvl: int) -> str | None:
        """Count this paragraph; the number as Word shows it ("1.2"), or None for bullets."""
        levels = self._levels.get(num_id, {})
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self._counters.setdefault(self._family[num_id], {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        referenced = [levels.get(int(k) - 1) for k in re.findall(r"%([1-9])", level.text)]
        if not referenced or any(lv is None or lv.fmt not in _COUNTERS for lv in referenced):
            return None

        def value(match: re.Match) -> str:
            k = int(match[1]) - 1
            return _COUNTERS[levels[k].fmt](counters.get(k, levels[k].start))

        number = plain_text(re.sub(r"%([1-9])", value, level.text)).rstrip(".)")
        return number[: shared.MAX_NUMBER_CHARS] or None


def _levels(parent) -> dict[int, _Level]:
    levels = {}
    for lvl in parent.findall(qn("w:lvl")):
        fmt, text, start = (lvl.find(qn(tag)) for tag in ("w:numFmt", "w:lvlText", "w:start"))
        levels[int_value(lvl.get(qn("w:ilvl")), 0)] = _Level(
            fmt=fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
            text=text.get(qn("w:val"), "") if text is not None else "",
            start=int_value(start.get(qn("w:val")), 1) if start is not None else 1,
        )
    return levels


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


_COUNTERS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
}
