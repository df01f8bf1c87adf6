"""Finding and replacing a hearing's known names and addresses inside free values (audit details, labels).

Only the very names and addresses the hearing holds are looked for, as whole
words, so "Bo" never eats into "Botilbud". IP addresses are removed by key
(ip, ip_address, remote_addr …) and, in texts, by their IPv4 shape.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

REDACTED = "[anonymiseret]"
IP_KEYS = frozenset({"ip", "ip_address", "remote_addr", "remote_address", "client_ip"})
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")


@dataclass
class Scrubbed:
    value: Any
    names: int = 0  # names and addresses replaced
    ips: int = 0  # IP addresses removed

    @property
    def changed(self) -> bool:
        return bool(self.names or self.ips)


class PersonalText:
    """The personal strings of one hearing: citizens' and signers' names, contacts' names and addresses."""

    def __init__(self, strings: Iterable[str | None]) -> None:
        # Longest first, so "Ion Meyer" goes whole before a shorter name inside it.
        found = {s.strip() for s in strings if s and len(s.strip()) >= 2}
        self.strings = tuple(sorted(found, key=lambda s: (-len(s), s)))
        alternatives = "|".join(re.escape(s) for s in self.strings)
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) if self.strings else None

    def mentioned_in(self, *texts: str | None) -> bool:
        return self._pattern is not None and any(self._pattern.search(t) for t in texts if t)

    def scrub(self, value: Any) -> Scrubbed:
        """`value` with every known name and address replaced and every IP address removed (a copy)."""
        if isinstance(value, str):
            text, names = self._pattern.subn(REDACTED, value) if self._pattern else (value, 0)
            text, ips = IPV4.subn(REDACTED, text)
            return Scrubbed(text, names, ips)
        if isinstance(value, dict):
            result = Scrubbed({})
            for key, item in value.items():
                if str(key).lower() in IP_KEYS:
                    result.ips += 1
                    continue
                inner = self.scrub(item)
                result.value[key] = inner.value
                result.names, result.ips = result.names + inner.names, result.ips + inner.ips
            return result
        if isinstance(value, list):
            result = Scrubbed([])
            for item in value:
                inner = self.scrub(item)
                result.value.append(inner.value)
                result.names, result.ips = result.names + inner.names, result.ips + inner.ips
            return result
        return Scrubbed(value)
