"""Typed text quoted in a mail, so that no mail client turns it into a link.

The municipality sends mail to any address a sender gives (a citizen's
confirmation, a receipt to every contact of a party), and quotes what the
sender typed. Linked, that text would let anyone make the municipality mail a
link of their choosing under its name. So what others typed is "defanged", as
CERTs and abuse desks quote hostile addresses (CyberChef's "Defang URL"):
`https://evil.example/x` becomes `hxxps[://]evil[.]example/x`, `www.evil.dk`
becomes `www[.]evil[.]dk`. It stays readable and can be copied on purpose,
but neither our HTML part nor a mail client's own linkifier (which links bare
`evil.dk` in plain text and in HTML alike) sees an address in it. Invisible
characters (zero-width spaces) would do the same but are read aloud by some
screen readers, break copying silently and look like spam to filters.

Text the municipality's own staff wrote (the hearing letter) is not quoted.
"""

import re

# Bare host names a mail client links: a two-letter country code, or a common generic top-level domain.
# Danish abbreviations ("f.eks.", "bl.a.") and a missing space after a full stop ("svaret.Det") have no
# such ending, so they are not touched. Letters beyond a-z count: clients link "taarbæk.dk" too.
_GENERIC_TLDS = ("com|net|org|info|biz|gov|edu|int|eu|io|app|dev|xyz|online|site|top|shop|link|click|example"
                 "|nu|tv|me|co|ly|gl|to")
_HOST = re.compile(
    r"(?<![\w.-])(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:[a-z]{2}|" + _GENERIC_TLDS
    + r")(?![\w-])|(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])|(?<![\w.-])www\.[^\s<>\"]+",
    re.IGNORECASE,
)
# What every address _HOST finds holds: a full stop between two letters or digits, or "www.". A text
# without one (most prose: its full stops end sentences) is passed over without running _HOST at each word
# (a party's receipt quotes each text it sent: 12 texts took 0.6 ms of a submission's 15 ms of processor time,
# issue 20).
_MAY_HOLD_HOST = re.compile(r"[^\W_]\.[^\W_]|www\.", re.IGNORECASE)
_SCHEME = re.compile(r"\b([a-z][a-z0-9+.-]*):(//)?", re.IGNORECASE)
_LINK_SCHEMES = {"http", "https", "ftp", "ftps", "mailto", "file", "javascript", "data", "tel", "sms"}


def _scheme(match: re.Match) -> str:
    name = match.group(1)
    if name.lower() not in _LINK_SCHEMES:
        return match.group(0)
    name = re.sub("tt", "xx", name, flags=re.IGNORECASE) if name.lower().startswith("http") else name
    return f"{name}[:{match.group(2) or ''}]"


def defang(text: str | None) -> str:
    """`text` with every address in it broken up so that nothing links it; otherwise unchanged."""
    if not text:
        return text or ""
    if ":" in text:
        text = _SCHEME.sub(_scheme, text)
    if not _MAY_HOLD_HOST.search(text):
        return text
    return _HOST.sub(lambda match: match.group(0).replace(".", "[.]"), text)
