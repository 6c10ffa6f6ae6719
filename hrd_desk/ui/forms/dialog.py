"""The dialog around a record form: Save / Cancel, workflow actions, the unsaved-changes guard.

Create and edit use the same form. After Save, the store's errors are shown under their fields
and a summary line on top; nothing the user typed is lost. Workflow buttons exist for every
status of the record's state machine; those the machine does not allow from the current status
are disabled, with a tooltip saying why.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import StaleRecord, ValidationError
from hrd_desk.cases.record import Record
from hrd_desk.crypto.errors import HrdDeskError
from hrd_desk.i18n import _
from hrd_desk.ui.forms.record_form import RecordForm


def status_label(record_cls: type[Record], value: str | None) -> str:
    if value is None or record_cls.STATUS_FIELD is None:
        return "—"
    vocab = F.spec_for(record_cls, record_cls.STATUS_FIELD).vocab
    try:
        return vocab(value).label
    except ValueError:
        return value


class RecordDialog(QDialog):
    """``saved(record)`` is emitted after a successful save."""

    saved = Signal(object)

    def __init__(
        self,
        store,
        record: Record,
        *,
        fixed: dict[str, Any] | None = None,
        context: dict | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.is_new = record.version == 0
        label = record.label()
        self.setWindowTitle(
            (_("New {record}") if self.is_new else _("Edit {record}")).format(record=label.lower())
        )
        self.setModal(True)
        self.setMinimumSize(620, 520)
        self.form = RecordForm(record, fixed=fixed, context=context, parent=self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        self.action_buttons: dict[str, QPushButton] = {}
        if record.STATUS_FIELD and not self.is_new:
            layout.addLayout(self._workflow_row(record))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self._confirmed_discard = False
        #: the question box currently open (discard? save anyway?), for tests and locking
        self.question: QMessageBox | None = None

    # -- workflow ------------------------------------------------------------------------------
    def _workflow_row(self, record: Record) -> QGridLayout:
        """Every status as a button, in rows of a few: an 11-state machine (grants) must fit a
        dialog in any language, and the disabled ones still say why on hover."""
        row = QGridLayout()
        per_row = 4
        current = record.status
        allowed = record.allowed_transitions()
        vocab = F.spec_for(type(record), record.STATUS_FIELD).vocab
        for member in vocab:
            if member.value == current:
                continue
            button = QPushButton(member.label, self)
            button.setAccessibleName(_("Move to “{status}”").format(status=member.label))
            if member.value in allowed:
                button.setToolTip(_("Save and move to “{status}”").format(status=member.label))
                button.clicked.connect(lambda _c=False, m=member: self.apply_action(m))
            else:
                button.setEnabled(False)
                button.setToolTip(
                    _("Not possible from “{current}”.").format(
                        current=status_label(type(record), current)
                    )
                )
            self.action_buttons[member.value] = button
            index = len(self.action_buttons) - 1
            row.addWidget(button, index // per_row, index % per_row)
        return row

    def apply_action(self, status) -> bool:
        previous = getattr(self.form.original, type(self.form.original).STATUS_FIELD)
        self.form.set_status(status)
        if self.save():
            return True
        self.form.set_status(previous)  # refused: the status goes back, the typing stays
        return False

    # -- saving --------------------------------------------------------------------------------
    def save(self, *, warnings_accepted: bool = False) -> bool:
        """Validate and save. Warnings (a cap exceeded, a duplicate grant) are asked about in a
        non-blocking question; "Save anyway" calls this again with ``warnings_accepted``."""
        try:
            record = self.form.collect()
            verdict = self.store.check(record)
            if verdict.errors:
                raise ValidationError(verdict.errors, record.label())
            if verdict.warnings and not warnings_accepted:
                self._ask_about_warnings(verdict.warnings)
                return False
            saved = self.store.save(record)
        except ValidationError as exc:
            self.form.show_errors(exc)
            return False
        except StaleRecord as exc:
            QMessageBox.warning(self, self.windowTitle(), exc.message)
            return False
        except HrdDeskError as exc:
            self.form.summary.setText(exc.message)
            self.form.summary.setVisible(True)
            return False
        self.form.mark_clean()
        self.saved.emit(saved)
        self.accept()
        return True

    def _ask_about_warnings(self, warnings) -> None:
        text = "\n".join(str(w) for w in warnings)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.windowTitle(),
            _("Please check before saving:") + "\n\n" + text,
            QMessageBox.StandardButton.NoButton,
            self,
        )
        save = box.addButton(_("Save anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Go back"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(
            lambda _r: box.clickedButton() is save and self.save(warnings_accepted=True)
        )
        self.question = box
        box.open()

    # -- guard ---------------------------------------------------------------------------------
    # The questions are opened with open(), never exec(): a nested event loop would outlive a
    # lock, and locking must be able to close every dialog at once.
    def reject(self) -> None:
        if self.form.dirty and not self._confirmed_discard:
            self._ask_discard()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.form.dirty and not self._confirmed_discard:
            event.ignore()
            self._ask_discard()
            return
        super().closeEvent(event)

    def _ask_discard(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.windowTitle(),
            _("Discard the changes you made?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Discard).setText(_("Discard"))
        box.button(QMessageBox.StandardButton.Cancel).setText(_("Keep editing"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._discard_answered)
        self.question = box
        box.open()

    def _discard_answered(self, result: int) -> None:
        if result == QMessageBox.StandardButton.Discard:
            self.discard_without_asking()

    def discard_without_asking(self) -> None:
        """Used by locking: the vault closes now, whatever was typed."""
        self._confirmed_discard = True
        self.done(QDialog.DialogCode.Rejected)


__all__ = ["RecordDialog"]
