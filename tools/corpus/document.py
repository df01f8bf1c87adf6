"""What a corpus file says, before it is written as Word, OpenDocument, HTML (for PDF) or e-mail.

A `Doc` is a title page (or none) and a list of blocks in reading order; the
writers in `writers` turn the same `Doc` into each format, so the Word, ODT and
PDF copies of a draft say the same thing. `Expected` is what a test should find
in it: the sections a draft has, or the letter's headings and where each
paragraph under them belongs.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Table:
    header: tuple[tuple[Cell, ...], ...]  # header rows; a cell covered by a rowspan above is left out
    rows: tuple[tuple[str, ...], ...]
    columns: int


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    quote: bool = False  # an indented quotation


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Fields:
    """The two-column table of a quality standard: label | text (paragraphs and bullet lists)."""

    rows: tuple[tuple[str, tuple[str | tuple[str, ...], ...]], ...]


Block = Heading | Para | Bullets | Fields | Table


@dataclass(frozen=True)
class Doc:
    title: str
    subtitle: tuple[str, ...]  # the lines under the title on the title page; () with no title page
    blocks: tuple[Block, ...]
    letterhead: str | None = None  # a letter's sender, at the top of every page
    signature: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExpectedSection:
    key: str  # what the tests call it: "p84", "p84-omfang-varighed", "2.1"
    written: str  # the heading as the file writes it
    number: str | None  # the number a reader should give it ("§ 84", "2.1"), if any
    children: tuple[ExpectedSection, ...] = ()


@dataclass(frozen=True)
class ExpectedParagraph:
    text: str
    target: str  # a section key of the draft, "general", or "none" (no remark)


@dataclass(frozen=True)
class ExpectedHeading:
    text: str
    paragraphs: tuple[ExpectedParagraph, ...]


@dataclass
class Expected:
    sections: list[ExpectedSection] = field(default_factory=list)  # a draft's top-level sections
    first_section: str | None = None  # a draft's first section after the title page
    header_table: tuple[str, int] | None = None  # (text in the header, header rows) of a table to check
    headings: list[ExpectedHeading] = field(default_factory=list)  # a letter's headings, in order
