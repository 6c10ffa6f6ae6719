"""Open a vault with the recovery key and set a new passphrase (the forgotten-passphrase path)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.crypto.device import DeviceKeyring
from hrd_desk.crypto.errors import WrongPassphrase
from hrd_desk.crypto.recovery import GROUP, GROUPS
from hrd_desk.i18n import _, isolate
from hrd_desk.ui.passphrase import NewPassphraseFields
from hrd_desk.ui.unlock.jobs import recover_and_open
from hrd_desk.ui.widgets import busy_bar, mark_data, message_label, monospace_font
from hrd_desk.ui.workers import Workers, error_message


class RecoveryDialog(QDialog):
    """Emits ``unlocked(vault)`` once the new passphrase is set and the vault is open."""

    unlocked = Signal(object)

    def __init__(
        self,
        folder: str | Path,
        workers: Workers,
        parent: QWidget | None = None,
        *,
        keyring: DeviceKeyring | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = str(folder)
        self.workers = workers
        self.setWindowTitle(_("Use the recovery key"))
        self.setModal(True)
        intro = message_label(self)
        intro.setText(
            _(
                "Type the recovery key you wrote down when the vault was created ({groups} groups "
                "of {size} letters and digits), then choose a new passphrase. If the vault was "
                "bound to a computer, the binding is removed."
            ).format(groups=GROUPS, size=GROUP)
        )
        folder_label = mark_data(QLabel(isolate(self.folder), self))
        folder_label.setTextFormat(Qt.TextFormat.PlainText)
        folder_label.setWordWrap(True)
        self.key = mark_data(QLineEdit(self))
        self.key.setFont(monospace_font(1.2))
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.key.setAccessibleName(_("Recovery key"))
        # A recovery key reads left to right whatever the interface language.
        self.key.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        key_label = QLabel(_("&Recovery key:"), self)
        key_label.setBuddy(self.key)
        self.key_error = message_label(self, error=True)
        self.new = NewPassphraseFields(self)
        self.error = message_label(self, error=True)
        self.busy = busy_bar(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Set passphrase and open"))
        self.buttons.accepted.connect(self._start)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addWidget(folder_label)
        box.addSpacing(6)
        box.addWidget(key_label)
        box.addWidget(self.key)
        box.addWidget(self.key_error)
        box.addSpacing(6)
        box.addWidget(self.new)
        box.addWidget(self.error)
        box.addWidget(self.busy)
        box.addWidget(self.buttons)
        self.key.textChanged.connect(self._update)
        self.new.changed.connect(self._update)
        self._update()
        self.key.setFocus()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)

    def _update(self) -> None:
        typed = "".join(ch for ch in self.key.text() if ch.isalnum())
        self.ok.setEnabled(len(typed) == GROUP * GROUPS and self.new.is_acceptable())

    def _start(self) -> None:
        if not self.ok.isEnabled():
            return
        self._busy(True)
        folder, text, new = self.folder, self.key.text(), self.new.passphrase()
        self.workers.submit(
            lambda ctx: recover_and_open(folder, text, new),
            on_finished=self._done,
            on_failed=self._failed,
            cleanup=lambda vault: vault.lock(),
        )

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.key, self.new, self.buttons):
            widget.setEnabled(not busy)

    def _done(self, vault: object) -> None:
        self._busy(False)
        self.new.clear()
        self.key.clear()
        self.accept()
        self.unlocked.emit(vault)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        if isinstance(exc, WrongPassphrase):
            # Keep what was typed: a recovery key with one typo is fixed, not retyped.
            self.key_error.setText(exc.message)
            self.key_error.setVisible(True)
            self.error.setVisible(False)
            self.key.setFocus()
        else:
            self.key_error.setVisible(False)
            self.error.setText(error_message(exc))
            self.error.setVisible(True)
        self._update()
