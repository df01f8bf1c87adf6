"""One page of a long list, for pages that would otherwise show thousands of rows at once."""

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil
from typing import Generic, TypeVar

Item = TypeVar("Item")


@dataclass
class Page(Generic[Item]):
    items: list[Item]  # what this page shows
    number: int  # this page, from 1
    count: int  # pages in all (at least 1)
    first: int  # position of the first item shown, from 1 (0 when there are none)
    last: int
    total: int


def paginate(items: Sequence[Item], number: int | None, size: int) -> Page[Item]:
    """The items of page `number`; a number out of range gives the nearest page."""
    count = max(1, ceil(len(items) / size))
    number = min(max(number or 1, 1), count)
    start = (number - 1) * size
    shown = list(items[start:start + size])
    return Page(shown, number, count, start + 1 if shown else 0, start + len(shown), len(items))
