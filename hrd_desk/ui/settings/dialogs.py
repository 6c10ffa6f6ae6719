"""Dialogs of the Security tab: change the passphrase; confirm it for (un)binding the device."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from hrd_desk.crypto.errors import WrongPassphrase
from hrd_desk.crypto.vault import unlock_with_passphrase, wipe
from hrd_desk.i18n import _
from hrd_desk.ui.passphrase import NewPassphraseFields, PassphraseEdit
from hrd_desk.ui.session import Session
from hrd_desk.ui.widgets import busy_bar, message_label
from hrd_desk.ui.workers import JobContext, error_message


class _JobDialog(QDialog):
    """A dialog whose OK runs one job off the GUI thread, with a busy bar and an error line."""

    succeeded = Signal()

    def __init__(self, session: Session, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(title)
        self.setModal(True)
        self.error = message_label(self, error=True)
        self.busy = busy_bar(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._start)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.busy)
        self.layout_.addWidget(self.buttons)

    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def work(self) -> Callable[[JobContext], object] | None:
        raise NotImplementedError

    def _start(self) -> None:
        fn = self.work()
        if fn is None:
            return
        self._set_busy(True)
        self.session.workers.submit(fn, on_finished=self._done, on_failed=self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for child in self.findChildren(QWidget):
            if child is not self.busy and child.parent() is self:
                child.setEnabled(not busy)
        self.busy.setEnabled(True)

    def _done(self, _result: object) -> None:
        self._set_busy(False)
        self.succeeded.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.show_error(exc)

    def show_error(self, exc: BaseException) -> None:
        self.error.setText(error_message(exc))
        self.error.setVisible(True)


class ChangePassphraseDialog(_JobDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Change the passphrase"), parent)
        intro = message_label(self)
        intro.setText(
            _(
                "The new passphrase opens this vault from now on. The recovery key stays the "
                "same; nothing else in the vault changes."
            )
        )
        self.current = PassphraseEdit(_("Current passphrase"), self)
        current_label = QLabel(_("&Current passphrase:"), self)
        current_label.setBuddy(self.current.edit)
        self.new = NewPassphraseFields(self)
        self.new.changed.connect(self._update_ok)
        self.current.textChanged.connect(self._update_ok)
        self.layout_.addWidget(intro)
        self.layout_.addWidget(current_label)
        self.layout_.addWidget(self.current)
        self.layout_.addSpacing(8)
        self.layout_.addWidget(self.new)
        self.finish_layout()
        self.ok_button().setText(_("Change passphrase"))
        self._update_ok()
        self.current.setFocus()

    def _update_ok(self) -> None:
        self.ok_button().setEnabled(bool(self.current.text()) and self.new.is_acceptable())

    def work(self) -> Callable[[JobContext], object] | None:
        if not self.new.is_acceptable():
            return None
        vault = self.session.vault
        keyring = self.session.keyring
        current, new = self.current.text(), self.new.passphrase()

        def change(ctx: JobContext) -> None:
            # Prove the current passphrase first: whoever finds the app unlocked must not be
            # able to take the vault over by setting a passphrase of their own.
            _header, key = unlock_with_passphrase(vault.folder, current, keyring)
            wipe(key)
            vault.change_passphrase(new)

        return change

    def show_error(self, exc: BaseException) -> None:
        super().show_error(exc)
        if isinstance(exc, WrongPassphrase):
            self.current.clear()
            self.current.setFocus()


class ConfirmPassphraseDialog(_JobDialog):
    """Asks for the passphrase, then runs *action(passphrase)* off the GUI thread."""

    def __init__(
        self,
        session: Session,
        title: str,
        explanation: str,
        action: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, title, parent)
        self._action = action
        intro = message_label(self)
        intro.setText(explanation)
        self.passphrase = PassphraseEdit(_("Passphrase"), self)
        label = QLabel(_("&Passphrase:"), self)
        label.setBuddy(self.passphrase.edit)
        self.passphrase.textChanged.connect(lambda text: self.ok_button().setEnabled(bool(text)))
        self.layout_.addWidget(intro)
        self.layout_.addWidget(label)
        self.layout_.addWidget(self.passphrase)
        self.finish_layout()
        self.ok_button().setEnabled(False)
        self.passphrase.setFocus()

    def work(self) -> Callable[[JobContext], object] | None:
        passphrase, action = self.passphrase.text(), self._action
        return lambda ctx: action(passphrase)

    def show_error(self, exc: BaseException) -> None:
        super().show_error(exc)
        if isinstance(exc, WrongPassphrase):
            self.passphrase.clear()
            self.passphrase.setFocus()
