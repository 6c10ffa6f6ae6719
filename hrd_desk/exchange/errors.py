"""Errors of the exchange, each with one translated sentence. Every one means: nothing changed.

Reading a bundle can only end in :class:`BundleCorrupt`, :class:`NotForThisVault`,
:class:`UnknownSender`, :class:`BadSignature`, :class:`AlreadyImported` or
:class:`hrd_desk.cases.records_json.ImportRefused` (signed, but records this vault refuses);
anything else is a bug. Messages never hold record values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hrd_desk.crypto.errors import HrdDeskError
from hrd_desk.i18n import _, ngettext

if TYPE_CHECKING:
    from hrd_desk.exchange.identity import ContactCard


class ExchangeError(HrdDeskError):
    pass


class BundleCorrupt(ExchangeError):
    """The file failed a check before its content could be trusted; :attr:`kind` says which."""

    #: Not an HRD Desk bundle, or a layout/version this app cannot read.
    FORMAT = "format"
    #: The file ends before its announced end.
    TRUNCATED = "truncated"
    #: Bytes follow the announced end.
    TRAILING = "trailing"
    #: The checksum over the file does not match: damaged or changed on the way.
    CHECKSUM = "checksum"
    #: age decryption failed: the encrypted part fails its authentication.
    DECRYPTION = "decryption"
    #: Decrypted, but the signed content is not a well-formed bundle.
    CONTENT = "content"

    def __init__(self, kind: str = DECRYPTION, message: str | None = None) -> None:
        self.kind = kind
        super().__init__(message)

    def default_message(self) -> str:
        if self.kind == self.FORMAT:
            return _(
                "This file is not an HRD Desk exchange bundle, or its format is not one this "
                "version can read. Nothing was imported."
            )
        if self.kind == self.TRUNCATED:
            return _(
                "The bundle is incomplete (truncated): it ends before its announced end. "
                "Nothing was imported."
            )
        if self.kind == self.TRAILING:
            return _(
                "The bundle has extra data after its end: it was changed after it was written. "
                "Nothing was imported."
            )
        if self.kind == self.CHECKSUM:
            return _(
                "The bundle was damaged or changed after it was written (its checksum does not "
                "match). Ask the sender for a new copy. Nothing was imported."
            )
        if self.kind == self.CONTENT:
            return _(
                "The bundle decrypted, but its content is not a valid bundle. Nothing was imported."
            )
        return _(
            "The bundle failed decryption and authentication: it was damaged or changed after it "
            "was written. Nothing was imported."
        )


class NotForThisVault(ExchangeError):
    """None of the bundle's recipients is this vault, or (:attr:`forwarded`) a recipient
    re-encrypted it to this vault although its sender did not address it here."""

    def __init__(self, message: str | None = None, *, forwarded: bool = False) -> None:
        self.forwarded = forwarded
        super().__init__(message)

    def default_message(self) -> str:
        if self.forwarded:
            return _(
                "This bundle is not addressed to this vault: its sender signed it for other "
                "vaults, and one of them passed it on. Nothing was imported."
            )
        return _(
            "This bundle is not addressed to this vault: none of its recipient keys is this "
            "vault's exchange key (or its recipient lines were altered). Nothing was imported."
        )


class UnknownSender(ExchangeError):
    """Correctly signed, by a vault that is not among the contacts. :attr:`card` is the
    sender's public contact card (label, keys, fingerprint) to show before accepting it."""

    def __init__(self, card: ContactCard) -> None:
        self.card = card
        self.fingerprint = card.fingerprint
        super().__init__(
            _(
                "The bundle was signed by a vault that is not among your contacts: “{label}”, "
                "fingerprint {fingerprint}. Compare the fingerprint with the sender (by phone, "
                "in person), then accept the sender explicitly to import. Nothing was imported."
            ).format(label=card.label, fingerprint=card.fingerprint)
        )


class BadSignature(ExchangeError):
    def default_message(self) -> str:
        return _(
            "The bundle's signature does not verify: it was not made by the vault it names as "
            "its sender, or it was altered. Nothing was imported."
        )


class AlreadyImported(ExchangeError):
    """This bundle (by its id) was imported before; importing it again changes nothing."""

    def __init__(self, bundle_id: str, imported_at: str) -> None:
        self.bundle_id = bundle_id
        self.imported_at = imported_at
        super().__init__(
            _("This bundle was already imported on {when}; nothing was changed.").format(
                when=imported_at[:19].replace("T", " ") + " UTC"
            )
        )


class ConflictsUnresolved(ExchangeError):
    """Records changed on both sides and no (or an incomplete) choice was given."""

    def __init__(self, conflicts: list[str]) -> None:
        self.conflicts = list(conflicts)
        head = ngettext(
            "{n} record was changed both here and by the sender; choose which version to keep. "
            "Nothing was imported.",
            "{n} records were changed both here and by the sender; choose which version to keep "
            "for each. Nothing was imported.",
            len(self.conflicts),
        ).format(n=len(self.conflicts))
        super().__init__("\n".join([head, *self.conflicts]))


class NothingToExport(ExchangeError):
    exit_code = 0

    def default_message(self) -> str:
        return _("Nothing to send: no record matches the selection. No bundle was written.")


class InvalidContactCard(ExchangeError):
    def default_message(self) -> str:
        return _(
            "This is not a valid HRD Desk contact card (or it was altered: its fingerprint does "
            "not match its keys). No contact was added."
        )


class FingerprintMismatch(ExchangeError):
    def default_message(self) -> str:
        return _(
            "The fingerprint you typed does not match this contact's keys. Do not exchange with "
            "it until you have compared the fingerprint again with its owner. Nothing was changed."
        )


class UnknownContact(ExchangeError):
    def default_message(self) -> str:
        return _("No contact matches; list them with “hrd-desk contacts DIR list”.")


class ContactNotVerified(ExchangeError):
    def __init__(self, label: str, fingerprint: str) -> None:
        super().__init__(
            _(
                "The contact “{label}” ({fingerprint}) is not verified: compare its fingerprint "
                "with its owner and mark it verified first. No bundle was written."
            ).format(label=label, fingerprint=fingerprint)
        )
