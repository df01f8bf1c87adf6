"""What a retention run did (or, with --dry-run, would do), hearing by hearing.

Plain Danish for the command line; no personal data, only counts.
"""

from dataclasses import dataclass, field, fields
from datetime import date

# The counts of what is removed, in the order they are reported, with their Danish wording.
REMOVED = {
    "citizens_anonymised": "borgeres navne og e-mailadresser erstattet",
    "confirmations_removed": "bekræftelser af e-mailadresser fjernet",
    "signatures_removed": "underskrivernes navne erstattet",
    "submitters_removed": "svar, hvor koblingen til kontaktpersonen, der gemte eller indsendte, er fjernet",
    "drafts_emptied": "arbejdskopier (kladder) tømt",
    "notes_scrubbed": "begrundelser for at tage et sent svar med renset for navne og adresser",
    "submissions_cleaned": "indsendte versioner renset for navne og filnavne",
    "attachments_deleted": "bilag markeret som personlige slettet",
    "outbox_messages_deleted": "mails i udbakken slettet (modtager, tekst)",
    "outbox_attachments_deleted": "vedhæftede filer til de mails slettet",
    "party_links_deleted": "personlige links til parterne slettet",
    "audit_events_scrubbed": "hændelser i loggen renset for navne og adresser",
    "filing_records_scrubbed": "dokumenter til journalisering renset for navne (og ikke journaliserede svar glemt)",
    "ip_addresses_removed": "IP-adresser fjernet",
}
KEPT = {
    "comments_kept": "bemærkningernes tekst",
    "replies_kept": "forvaltningens svar",
    "memos_kept": "høringsnotater",
    "attachments_kept": "bilag, der ikke er personlige",
    "register_contacts_kept": "de inviterede parters kontaktpersoner (i partsregistret, der vedligeholdes for sig)",
}
STILL_NAMING = {
    "comments": "bemærkninger",
    "replies": "svar",
    "memos": "høringsnotater",
}


@dataclass(kw_only=True)
class Removal:
    """What was removed, as counts: by a retention run for one hearing, or for one person on request."""

    citizens_anonymised: int = 0
    confirmations_removed: int = 0
    signatures_removed: int = 0
    submitters_removed: int = 0
    drafts_emptied: int = 0
    notes_scrubbed: int = 0
    submissions_cleaned: int = 0
    attachments_deleted: int = 0
    attachment_bytes_deleted: int = 0
    outbox_messages_deleted: int = 0
    outbox_attachments_deleted: int = 0
    party_links_deleted: int = 0
    audit_events_scrubbed: int = 0
    filing_records_scrubbed: int = 0
    ip_addresses_removed: int = 0

    def removed_counts(self) -> dict[str, int]:
        """What was removed, as numbers only: safe for the audit trail."""
        names = [*REMOVED, "attachment_bytes_deleted"]
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in names}


@dataclass(kw_only=True)
class HearingRetention(Removal):
    hearing_id: int
    slug: str
    due_after: date
    comments_kept: int = 0
    replies_kept: int = 0
    memos_kept: int = 0
    attachments_kept: int = 0
    register_contacts_kept: int = 0
    # Kept texts (never edited) that still contain a name or address removed elsewhere.
    still_naming: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        lines = [f"{self.slug} (slettedato passeret: {self.due_after.isoformat()}):"]
        for name, label in REMOVED.items():
            extra = f" ({self.attachment_bytes_deleted} bytes)" if name == "attachments_deleted" else ""
            lines.append(f"  {label}: {getattr(self, name)}{extra}")
        lines.append("  bevaret: " + ", ".join(f"{label}: {getattr(self, name)}" for name, label in KEPT.items()))
        naming = [f"{STILL_NAMING[kind]}: {count}" for kind, count in self.still_naming.items() if count]
        if naming:
            lines.append(
                "  OBS: bevarede tekster nævner stadig et fjernet navn eller en fjernet adresse "
                "(gennemgå dem manuelt): " + ", ".join(naming)
            )
        return lines


@dataclass
class RetentionReport:
    today: date
    months: int
    hearings: list[HearingRetention] = field(default_factory=list)

    def summary(self, *, dry_run: bool = False) -> str:
        lines = []
        if dry_run:
            lines.append("Prøvekørsel (--dry-run): intet er ændret. Dette ville blive gjort:")
        lines.append(
            f"Sletning af personoplysninger pr. {self.today.isoformat()} "
            f"(standard: {self.months} måneder efter udvalgets beslutning)."
        )
        if not self.hearings:
            lines.append("Intet at gøre: ingen høring har passeret sin slettedato uden at være behandlet.")
        for hearing in self.hearings:
            lines += hearing.lines()
        return "\n".join(lines)
