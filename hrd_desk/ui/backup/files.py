"""File dialogs for backups: never blocking, and forgetting what they saw in discreet mode
(both through :func:`hrd_desk.ui.widgets.open_file_dialog`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDir
from PySide6.QtWidgets import QFileDialog, QWidget

from hrd_desk.crypto.backup import SUFFIX
from hrd_desk.i18n import _
from hrd_desk.ui.widgets import open_file_dialog


def _start(discreet: bool, start: str | None) -> str:
    # Discreet: always the home folder. Otherwise Qt's remembered folder ("" lets Qt choose).
    return QDir.homePath() if discreet else (start or "")


def backup_filter() -> str:
    return _("HRD Desk backups (*{suffix})").format(suffix=SUFFIX)


def choose_backup_target(
    parent: QWidget,
    suggested_name: str,
    chosen: Callable[[str], None],
    *,
    discreet: bool,
    start: str | None = None,
) -> QFileDialog:
    """Ask where to write a new backup; *chosen(path)* runs if the officer picks a file."""
    dialog = QFileDialog(parent, _("Save the backup as"), _start(discreet, start))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilter(backup_filter())
    dialog.setDefaultSuffix(SUFFIX.lstrip("."))
    dialog.selectFile(suggested_name)
    return open_file_dialog(dialog, chosen, discreet=discreet)


def choose_backup_file(
    parent: QWidget, chosen: Callable[[str], None], *, discreet: bool, start: str | None = None
) -> QFileDialog:
    """Ask for an existing backup file to restore."""
    dialog = QFileDialog(parent, _("Choose the backup to restore"), _start(discreet, start))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters([backup_filter(), _("All files (*)")])
    return open_file_dialog(dialog, chosen, discreet=discreet)


def choose_restore_folder(
    parent: QWidget, chosen: Callable[[str], None], *, discreet: bool, start: str | None = None
) -> QFileDialog:
    """Ask for the (new, empty) folder to restore into."""
    dialog = QFileDialog(parent, _("Choose an empty folder for the restored vault"))
    dialog.setDirectory(_start(discreet, start))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return open_file_dialog(dialog, chosen, discreet=discreet)
