"""Errors of the case store. Every message is translated and names the field it is about."""

from __future__ import annotations

from dataclasses import dataclass

from hrd_desk.crypto.errors import HrdDeskError
from hrd_desk.i18n import _, ngettext


@dataclass(frozen=True)
class FieldError:
    """One problem with one field. ``field`` is the path (``tranches[2].amount``)."""

    field: str
    message: str
    label: str = ""

    def __str__(self) -> str:
        return f"{self.label or self.field}: {self.message}"


class ValidationError(HrdDeskError):
    """The record was not saved; ``errors`` says which fields and why."""

    def __init__(self, errors: list[FieldError], record_label: str | None = None) -> None:
        self.errors = list(errors)
        head = ngettext(
            "{n} field needs attention", "{n} fields need attention", len(self.errors)
        ).format(n=len(self.errors))
        if record_label:
            head = f"{record_label}: {head}"
        #: "Request: 2 fields need attention" (the summary line of a form)
        self.head = head
        super().__init__(head + ": " + "; ".join(str(e) for e in self.errors))

    def for_field(self, name: str) -> list[FieldError]:
        return [e for e in self.errors if e.field == name or e.field.startswith(name + "[")]

    @property
    def fields(self) -> list[str]:
        return [e.field for e in self.errors]


class NotFound(HrdDeskError):
    def default_message(self) -> str:
        return _("The record was not found (it may have been deleted).")


class StaleRecord(HrdDeskError):
    """Saved by someone else (another window, an import) since it was loaded."""

    def default_message(self) -> str:
        return _(
            "This record was changed elsewhere since you opened it. Reopen it and apply your "
            "changes again; nothing was saved."
        )


class Refused(HrdDeskError):
    """A policy (consent, retention) forbids the operation; ``reasons`` says why."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons))
