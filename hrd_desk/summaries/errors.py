"""Errors a user can meet while encrypting, saving or reopening a summary.

Messages never name a file or a person: they can end up in crash output or a screenshot.
"""

from __future__ import annotations

from hrd_desk.crypto.errors import HrdDeskError
from hrd_desk.i18n import _


class SummaryError(HrdDeskError):
    def default_message(self) -> str:
        return _("The case summary could not be produced. Nothing was written.")


class WeakPassword(SummaryError):
    def default_message(self) -> str:
        return _("This password is too weak for a summary. Use the generated password.")


class InvalidRecipient(SummaryError):
    def default_message(self) -> str:
        return _("This is not a valid age public key (it starts with age1). Nothing was written.")


class DecryptFailed(SummaryError):
    """Wrong password or key, or the file was changed. Nothing was written."""

    exit_code = 3

    def default_message(self) -> str:
        return _("Wrong password or key, or the file was damaged or changed.")


class PlaintextRefused(SummaryError):
    """A bug, not a user mistake: unencrypted bytes were handed to the encrypted writer."""

    def default_message(self) -> str:
        return _("Refusing to save an unencrypted summary. Nothing was written.")


class SaveFailed(SummaryError):
    def __init__(self, reason: str | None = None) -> None:
        if reason is None:
            super().__init__()
        else:
            super().__init__(
                _("The summary could not be saved ({reason}). Nothing was written.").format(
                    reason=reason
                )
            )

    def default_message(self) -> str:
        return _("The summary could not be saved. Nothing was written.")
