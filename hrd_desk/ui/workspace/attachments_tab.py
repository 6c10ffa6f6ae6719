"""The Attachments tab: files kept encrypted in the vault; opening one writes a decrypted copy.

Adding reads the file and stores it in a worker (files may be large). Opening always asks
first, in words that say what happens: a decrypted copy is written for the viewer, kept in a
private folder and deleted when HRD Desk locks or quits, but the viewer may keep its own traces.
Only "Open a decrypted copy" goes on; the copy is then written in a worker and handed to the
system's viewer (``viewer``, replaceable in tests).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from hrd_desk.cases.attachments import MAX_BYTES, add_attachment, delete_attachment, read_attachment
from hrd_desk.cases.store import Store
from hrd_desk.formats import format_number, format_timestamp
from hrd_desk.i18n import _, isolate, labelled
from hrd_desk.ui.widgets import mark_data, message_label, open_file_dialog
from hrd_desk.ui.workers import error_message, with_connection
from hrd_desk.ui.workspace.data import WorkspaceData
from hrd_desk.ui.workspace.parts import RecordList, Row, button_row, clean
from hrd_desk.ui.workspace.tabs import Tab, kind_label

if TYPE_CHECKING:
    from hrd_desk.ui.workspace.section import DefenderWorkspace


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{n} MB").format(n=format_number(round(size / (1024 * 1024), 1)))
    if size >= 1024:
        return _("{n} KB").format(n=format_number(round(size / 1024)))
    return _("{n} bytes").format(n=format_number(size))


class AttachmentsTab(Tab):
    def __init__(self, ws: DefenderWorkspace) -> None:
        super().__init__(ws)
        #: Opens a decrypted copy in the system's viewer (tests put a recorder here).
        self.viewer: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.file_dialog: QFileDialog | None = None
        self.warning: QMessageBox | None = None
        self.list = RecordList(
            [_("File"), _("Attached to"), _("Size"), _("Added"), _("By")],
            _("Attached files"),
            self,
        )
        self.list.openRequested.connect(lambda aid, _k: self.ask_open(aid))
        self.target = QComboBox(self)
        self.target.setAccessibleName(_("Attach the file to"))
        mark_data(self.target)
        target_label = QLabel(_("Attach to:"), self)
        target_label.setBuddy(self.target)
        self.add = QPushButton(_("Add from a file…"), self)
        self.add.clicked.connect(self.choose_file)
        self.open_button = QPushButton(_("Open…"), self)
        self.open_button.setToolTip(
            _("Opening writes a decrypted copy for the viewer; you will be asked first.")
        )
        self.open_button.clicked.connect(lambda: self.ask_open(self.list.selected_id()))
        self.delete = QPushButton(_("Delete…"), self)
        self.delete.clicked.connect(lambda: self.ask_delete(self.list.selected_id()))
        for button in (self.open_button, self.delete):
            button.setEnabled(False)
        self.list.currentRecordChanged.connect(self._selection)
        self.status = message_label(self)
        self.status.setObjectName("attachmentStatus")
        mark_data(self.status)
        note = QLabel(
            _(
                "Files are kept encrypted inside the vault. Opening one writes a decrypted copy "
                "that another program can read."
            ),
            self,
        )
        note.setWordWrap(True)
        add_row = QHBoxLayout()
        add_row.addWidget(target_label)
        add_row.addWidget(self.target, 1)
        add_row.addWidget(self.add)
        box = QVBoxLayout(self)
        box.addWidget(note)
        box.addWidget(self.list, 1)
        box.addLayout(button_row(self.open_button, self.delete))
        box.addLayout(add_row)
        box.addWidget(self.status)
        self._data: WorkspaceData | None = None

    def _selection(self, attachment_id: str | None) -> None:
        ok = bool(attachment_id) and self._attachment(attachment_id) is not None
        self.open_button.setEnabled(ok)
        self.delete.setEnabled(ok)

    def _attachment(self, attachment_id: str | None):
        if self._data is None or not attachment_id:
            return None
        return next((a for a in self._data.attachments if a.id == attachment_id), None)

    # -- showing ------------------------------------------------------------------------------
    def show_data(self, data: WorkspaceData) -> None:
        self._data = data
        rows = []
        for att in data.attachments:
            record = data.find(att.record_id)
            owner = kind_label(att.record_kind)
            if record is not None and record is not data.defender:
                owner = labelled(owner, record.title())
            rows.append(
                Row(
                    att.id,
                    [
                        att.filename,
                        owner,
                        size_text(att.size),
                        format_timestamp(att.created_at),
                        att.created_by,
                    ],
                )
            )
        self.list.set_rows(rows, empty=_("No file attached yet."))
        keep = self.target.currentData()
        self.target.clear()
        self.target.addItem(_("The defender's file"), data.defender_id)
        for entry in data.timeline():
            if entry.record_id != data.defender_id:
                self.target.addItem(
                    labelled(kind_label(entry.kind), clean(entry.title)),
                    entry.record_id,
                )
        index = self.target.findData(keep)
        self.target.setCurrentIndex(max(0, index))
        self._selection(self.list.selected_id())

    def clear(self) -> None:
        super().clear()
        self._data = None
        self.target.clear()
        self.status.clear()

    # -- adding -------------------------------------------------------------------------------
    def choose_file(self) -> QFileDialog:
        dialog = QFileDialog(self, _("Attach a file"), QDir.homePath())
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.finished.connect(lambda _r: setattr(self, "file_dialog", None))
        # Forgotten even outside discreet mode: where a file came from says something about
        # the case (and native dialogs keep their own recent-files lists).
        self.file_dialog = open_file_dialog(
            dialog, self.attach_file, discreet=self.ws.session.prefs.discreet, forget=True
        )
        return dialog

    def attach_file(self, path: str) -> None:
        data = self._data
        if data is None or not path:
            return
        record = data.find(self.target.currentData()) or data.defender
        name = Path(path).name
        try:
            size = os.path.getsize(path)
        except OSError:
            self._say(_("The file cannot be read."))
            return
        if size > MAX_BYTES:
            self._say(
                _("Files over {n} MB cannot be attached.").format(n=MAX_BYTES // (1024 * 1024))
            )
            return
        vault = self.ws.session.vault

        def job(conn, ctx):
            content = Path(path).read_bytes()
            ctx.check()
            return add_attachment(Store(conn), record, name, content)

        self._say(_("Adding {name}…").format(name=isolate(name)))
        self.ws.session.workers.submit(
            with_connection(vault, job),
            name="attach",
            on_finished=lambda att: self._attached(att.filename),
            on_failed=lambda exc: self._say(error_message(exc)),
        )

    def _attached(self, name: str) -> None:
        self._say(_("{name} was added, encrypted in the vault.").format(name=isolate(name)))
        self.ws.reload()

    def _say(self, text: str) -> None:
        self.status.setText(text)

    # -- opening ------------------------------------------------------------------------------
    def ask_open(self, attachment_id: str | None) -> QMessageBox | None:
        att = self._attachment(attachment_id)
        if att is None:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Open a decrypted copy?"),
            _(
                "To show “{name}”, HRD Desk must write a decrypted copy of it to a private "
                "temporary folder on this computer and hand it to another program. The copy is "
                "deleted when HRD Desk locks or closes, but that program may keep its own "
                "traces (recent files, thumbnails, caches). Open it only on a computer you "
                "trust."
            ).format(name=isolate(att.filename)),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("openAttachmentWarning")
        self.accept_button = box.addButton(
            _("Open a decrypted copy"), QMessageBox.ButtonRole.AcceptRole
        )
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        accept = self.accept_button
        box.finished.connect(
            lambda _r: self._warning_answered(box.clickedButton() is accept, att.id)
        )
        self.warning = box
        box.open()
        return box

    def _warning_answered(self, accepted: bool, attachment_id: str) -> None:
        self.warning = None
        if accepted:
            self._open_copy(attachment_id)

    def _open_copy(self, attachment_id: str) -> None:
        copies = self.ws.copies
        vault = self.ws.session.vault

        def job(conn, ctx):
            att, content = read_attachment(Store(conn), attachment_id)
            ctx.check()
            return copies.write(att.filename, content)

        self.ws.session.workers.submit(
            with_connection(vault, job),
            name="open attachment",
            on_finished=self._copy_ready,
            on_failed=lambda exc: self._say(error_message(exc)),
            cleanup=copies.remove,  # locked meanwhile: nobody will view it, remove it now
        )

    def _copy_ready(self, path: Path) -> None:
        self._say(
            _("A decrypted copy was handed to the viewer; it is deleted when HRD Desk locks.")
        )
        self.viewer(QUrl.fromLocalFile(str(path)))

    # -- deleting -----------------------------------------------------------------------------
    def ask_delete(self, attachment_id: str | None) -> QMessageBox | None:
        att = self._attachment(attachment_id)
        if att is None:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Delete the file?"),
            _("“{name}” will be destroyed in the vault at once; this cannot be undone.").format(
                name=isolate(att.filename)
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        delete = box.addButton(_("Delete the file"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("Keep it"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: box.clickedButton() is delete and self._delete(att.id))
        self.warning = box
        box.open()
        return box

    def _delete(self, attachment_id: str) -> None:
        try:
            delete_attachment(self.ws.session.store, attachment_id)
        except Exception as exc:  # shown, not raised: the tab stays usable
            self._say(error_message(exc))
            return
        self.ws.reload()
