"""File dialogs of the exchange, all through the discreet-mode-aware helpers of
:mod:`hrd_desk.ui.widgets`. Suggested names hold a date only: never a person's, a contact's or
a vault's name (a file name is seen by anyone who sees the folder, the mail or the stick)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtWidgets import QFileDialog, QWidget

from hrd_desk.exchange.framing import SUFFIX
from hrd_desk.i18n import _
from hrd_desk.ui.widgets import choose_save_file, open_file_dialog

CARD_SUFFIX = ".json"
#: Contact cards are a few hundred bytes; anything much larger is not one.
CARD_MAX_BYTES = 64 * 1024


def suggested_bundle_name(today: date) -> str:
    return f"bundle-{today.isoformat()}{SUFFIX}"


def suggested_card_name() -> str:
    return f"hrd-desk-contact-card{CARD_SUFFIX}"


def _filters(own: str) -> list[str]:
    return [own, _("All files (*)")]


def bundle_filter() -> str:
    return _("HRD Desk bundles (*{suffix})").format(suffix=SUFFIX)


def card_filter() -> str:
    return _("Contact cards (*{suffix})").format(suffix=CARD_SUFFIX)


def _open_existing(
    parent: QWidget, title: str, filters: list[str], chosen: Callable[[str], None], discreet: bool
) -> QFileDialog:
    dialog = QFileDialog(parent, title, QDir.homePath() if discreet else "")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters(filters)
    return open_file_dialog(dialog, chosen, discreet=discreet)


def choose_bundle_file(
    parent: QWidget, chosen: Callable[[str], None], *, discreet: bool
) -> QFileDialog:
    """Ask for a bundle to import (not blocking); *chosen(path)* runs if one is picked."""
    return _open_existing(
        parent, _("Choose the bundle to import"), _filters(bundle_filter()), chosen, discreet
    )


def choose_card_file(
    parent: QWidget, chosen: Callable[[str], None], *, discreet: bool
) -> QFileDialog:
    """Ask for a contact card file (not blocking)."""
    return _open_existing(
        parent, _("Choose the contact card"), _filters(card_filter()), chosen, discreet
    )


def ask_bundle_target(parent: QWidget, today: date, *, discreet: bool) -> Path | None:
    chosen = choose_save_file(
        parent, _("Save the bundle as"), suggested_bundle_name(today), discreet=discreet
    )
    return Path(chosen) if chosen else None


def ask_card_target(parent: QWidget, *, discreet: bool) -> Path | None:
    chosen = choose_save_file(
        parent, _("Save the contact card as"), suggested_card_name(), discreet=discreet
    )
    return Path(chosen) if chosen else None
