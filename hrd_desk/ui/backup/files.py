"""File dialogs for backups that never block and forget what they saw in discreet mode.

Like :func:`hrd_desk.ui.widgets.choose_folder`, but opened with ``open()``: a lock may close
them at any moment (a nested ``exec()`` loop would outlive the lock). In discreet mode Qt's own
dialog is used (a native one may keep its own history, e.g. GTK's recently-used list); its
history is reset before it is destroyed, and QtProject.conf is scrubbed once it is (the
destructor writes the history back).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDir
from PySide6.QtWidgets import QFileDialog, QWidget

from hrd_desk.crypto.backup import SUFFIX
from hrd_desk.i18n import _
from hrd_desk.ui.preferences import scrub_file_dialog_history


def _forget(dialog: QFileDialog, discreet: bool) -> None:
    if discreet:
        dialog.setDirectory(QDir.homePath())
        dialog.setHistory([])
        # Runs after the destructor saved the (now empty) history: scrub what remains.
        dialog.destroyed.connect(lambda *_args: scrub_file_dialog_history())
    dialog.deleteLater()


def _open(dialog: QFileDialog, discreet: bool, chosen: Callable[[str], None]) -> QFileDialog:
    if discreet:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)

    def finished(result: int) -> None:
        files = dialog.selectedFiles() if result == QFileDialog.DialogCode.Accepted else []
        _forget(dialog, discreet)
        if files:
            chosen(files[0])

    dialog.finished.connect(finished)
    dialog.open()
    return dialog


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
    return _open(dialog, discreet, chosen)


def choose_backup_file(
    parent: QWidget, chosen: Callable[[str], None], *, discreet: bool, start: str | None = None
) -> QFileDialog:
    """Ask for an existing backup file to restore."""
    dialog = QFileDialog(parent, _("Choose the backup to restore"), _start(discreet, start))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters([backup_filter(), _("All files (*)")])
    return _open(dialog, discreet, chosen)


def choose_restore_folder(
    parent: QWidget, chosen: Callable[[str], None], *, discreet: bool, start: str | None = None
) -> QFileDialog:
    """Ask for the (new, empty) folder to restore into."""
    dialog = QFileDialog(parent, _("Choose an empty folder for the restored vault"))
    dialog.setDirectory(_start(discreet, start))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _open(dialog, discreet, chosen)
