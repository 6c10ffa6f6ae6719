"""Small widgets and helpers shared by the windows: messages, headings, busy bars, file dialogs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QDir, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFileDialog, QLabel, QProgressBar, QVBoxLayout, QWidget

from hrd_desk.ui.preferences import scrub_file_dialog_history

#: Dynamic property on widgets that show data (paths, names, keys), not interface text; the
#: pseudo-locale test skips them.
DATA_PROPERTY = "hrdData"


def mark_data(widget: QWidget) -> QWidget:
    widget.setProperty(DATA_PROPERTY, True)
    return widget


def message_label(parent: QWidget | None = None, *, error: bool = False) -> QLabel:
    """A wrapped, plain-text label (untrusted text is never rendered as rich text)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if error:
        label.setObjectName("errorMessage")
        # Colour only underlines it: the sentence itself says what went wrong.
        label.setStyleSheet("QLabel#errorMessage { color: #d32f2f; font-weight: 600; }")
        label.setVisible(False)
    return label


def heading(text: str, parent: QWidget | None = None, *, scale: float = 1.6) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def busy_bar(parent: QWidget | None = None) -> QProgressBar:
    """An indeterminate bar, hidden until work starts."""
    bar = QProgressBar(parent)
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(10)
    bar.setVisible(False)
    return bar


def monospace_font(scale: float = 1.0) -> QFont:
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFixedPitch(True)
    if scale != 1.0 and font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    return font


class Placeholder(QWidget):
    """A calm "not here yet" page for sections whose screens are still being written."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.addStretch(1)
        title_label = heading(title, self, scale=1.4)
        title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = message_label(self)
        body.setText(text)
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(title_label)
        box.addWidget(body)
        box.addStretch(2)


def _exec_file_dialog(dialog: QFileDialog, *, discreet: bool) -> str | None:
    """Run *dialog* and return the path chosen, if any. In discreet mode Qt's own dialog is used
    (a native one may keep its own history, e.g. GTK's recently-used list) and its history is
    reset before it is destroyed and scrubbed from QtProject.conf afterwards."""
    if discreet:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    try:
        accepted = dialog.exec() == QFileDialog.DialogCode.Accepted
        files = dialog.selectedFiles() if accepted else []
        if discreet:
            # The dialog saves its history and last folder when it is destroyed: point both
            # at the home folder first.
            dialog.setDirectory(QDir.homePath())
            dialog.setHistory([])
    finally:
        # Destroy it now (not later): its destructor writes QtProject.conf, scrubbed below.
        shiboken6.delete(dialog)
    if discreet:
        scrub_file_dialog_history()
    return files[0] if files else None


def choose_folder(
    parent: QWidget | None,
    title: str,
    *,
    discreet: bool,
    start: str | Path | None = None,
) -> str | None:
    """Ask for a folder (discreet mode: see :func:`_exec_file_dialog`)."""
    dialog = QFileDialog(parent, title, str(start or QDir.homePath()))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _exec_file_dialog(dialog, discreet=discreet)


def choose_save_file(
    parent: QWidget | None, title: str, suggested_name: str, *, discreet: bool
) -> str | None:
    """Ask where to save a file, offering *suggested_name* in the home folder (discreet mode: see
    :func:`_exec_file_dialog`)."""
    dialog = QFileDialog(parent, title, str(Path(QDir.homePath()) / suggested_name))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return _exec_file_dialog(dialog, discreet=discreet)


def open_file_dialog(
    dialog: QFileDialog,
    chosen: Callable[[str], None],
    *,
    discreet: bool,
    forget: bool = False,
) -> QFileDialog:
    """Open *dialog* without blocking (a lock may close it at any moment; a nested ``exec()`` loop
    would outlive the lock); *chosen(path)* runs if a file or folder is picked.

    In discreet mode, or with *forget*, Qt's own dialog is used (a native one may keep its own
    history) and its history is reset before it is destroyed. In discreet mode QtProject.conf is
    also scrubbed once it is (the destructor writes the history back)."""
    forget = forget or discreet
    if forget:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)

    def finished(result: int) -> None:
        files = dialog.selectedFiles() if result == QFileDialog.DialogCode.Accepted else []
        if forget:
            dialog.setDirectory(QDir.homePath())
            dialog.setHistory([])
        if discreet:
            # Runs after the destructor saved the (now empty) history: scrub what remains.
            dialog.destroyed.connect(lambda *_args: scrub_file_dialog_history())
        dialog.deleteLater()
        if files:
            chosen(files[0])

    dialog.finished.connect(finished)
    dialog.open()
    return dialog
