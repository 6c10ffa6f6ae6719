"""Errors a user can meet, each with a translated one-sentence message.

After qutebrowser's ``misc/sql.py``: storage failures the user can act on (wrong key, full disk,
I/O error, read-only, corrupt file) are *known* errors with a message; anything else is a bug and
keeps its traceback (shown with ``--debug``).
"""

from __future__ import annotations

from hrd_desk.i18n import _


class HrdDeskError(Exception):
    """Base of every error whose message is meant for the user."""

    #: CLI exit code for this error.
    exit_code = 1

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message())

    def default_message(self) -> str:
        return _("The operation failed.")

    @property
    def message(self) -> str:
        return str(self.args[0])


class VaultError(HrdDeskError):
    pass


class WrongPassphrase(VaultError):
    """Wrong passphrase or recovery key. Nothing was written."""

    exit_code = 3

    def default_message(self) -> str:
        return _("Wrong passphrase or recovery key. Nothing was changed.")


class HeaderCorrupt(VaultError):
    def default_message(self) -> str:
        return _(
            "The vault's key header is damaged or has been tampered with; "
            "restore it from a backup. Nothing was changed."
        )


class NotAVault(VaultError):
    def default_message(self) -> str:
        return _("This folder is not an HRD Desk vault.")


class VaultExists(VaultError):
    exit_code = 2

    def default_message(self) -> str:
        return _("The folder exists and is not empty; choose a new or empty folder.")


class UnsafePermissions(VaultError):
    def default_message(self) -> str:
        return _("The vault folder can be changed by other users; refusing to open it.")


class DeviceKeyMissing(VaultError):
    exit_code = 3

    def default_message(self) -> str:
        return _(
            "This vault is bound to another computer (its device key is not in this "
            "computer's keyring). Open it with the recovery key."
        )


class KeyringUnavailable(VaultError):
    def default_message(self) -> str:
        return _("No secure system keyring is available on this computer.")


class SchemaTooNew(VaultError):
    def default_message(self) -> str:
        return _(
            "This vault was written by a newer version of HRD Desk. Update the app; "
            "the vault was not changed."
        )


class VaultLocked(VaultError):
    def default_message(self) -> str:
        return _("The vault is locked.")


class BackupCorrupt(VaultError):
    """A backup file failed a check; :attr:`kind` says which (one of the constants below)."""

    #: Not an HRD Desk backup, or a layout/version this app cannot read.
    FORMAT = "format"
    #: Decryption or authentication failed: a byte was changed, chunks moved or swapped.
    AUTHENTICATION = "authentication"
    #: The file ends before its last chunk.
    TRUNCATED = "truncated"
    #: Bytes follow the last chunk.
    TRAILING = "trailing"
    #: Authentic, but the database inside fails its integrity check.
    DATABASE = "database"

    def __init__(self, kind: str = AUTHENTICATION, message: str | None = None) -> None:
        self.kind = kind
        super().__init__(message)

    def default_message(self) -> str:
        if self.kind == self.FORMAT:
            return _(
                "This file is not an HRD Desk backup, or its format is not one this version "
                "can read. Nothing was restored."
            )
        if self.kind == self.TRUNCATED:
            return _(
                "The backup file is incomplete (truncated): it ends before its last part. "
                "Nothing was restored."
            )
        if self.kind == self.TRAILING:
            return _(
                "The backup file has extra data after its end: it was changed after it was "
                "written. Nothing was restored."
            )
        if self.kind == self.DATABASE:
            return _(
                "The database inside the backup fails its integrity check. Nothing was restored."
            )
        return _(
            "The backup failed decryption and authentication: it was damaged or changed after "
            "it was written. Nothing was restored."
        )


class OutputExists(HrdDeskError):
    exit_code = 2

    def default_message(self) -> str:
        return _("The output file already exists; choose a new name or a folder.")


class StorageError(HrdDeskError):
    """A known failure of the database or the disk."""


class DatabaseCorrupt(StorageError):
    def default_message(self) -> str:
        return _(
            "The case database is damaged. Do not write to it; restore from a backup "
            "or ask for help."
        )


class DiskFull(StorageError):
    def default_message(self) -> str:
        return _("The disk is full. Nothing was saved; free some space and try again.")


class StorageIOError(StorageError):
    def default_message(self) -> str:
        return _("The disk reported an input/output error. Nothing was saved.")


class ReadOnlyStorage(StorageError):
    def default_message(self) -> str:
        return _("The vault is on a read-only disk or folder. Nothing was saved.")


class StorageBusy(StorageError):
    def default_message(self) -> str:
        return _("The vault is busy in another window or program. Try again in a moment.")
