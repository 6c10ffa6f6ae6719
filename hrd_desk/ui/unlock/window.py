"""The first screen, every time: choose the vault, type the passphrase, unlock.

Wrong passphrase: a short message under the field, the field cleared and focused, nothing
written, no lockout (a lockout could destroy data, and the KDF already makes guessing slow).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.crypto.device import DeviceKeyring
from hrd_desk.crypto.errors import NotAVault, WrongPassphrase
from hrd_desk.crypto.vault import is_vault
from hrd_desk.i18n import _, current_language, isolate
from hrd_desk.ui.language import language_selector
from hrd_desk.ui.main_window import app_title
from hrd_desk.ui.passphrase import PassphraseEdit
from hrd_desk.ui.preferences import Preferences
from hrd_desk.ui.unlock.jobs import is_demo_vault, open_with_passphrase
from hrd_desk.ui.widgets import busy_bar, choose_folder, heading, mark_data, message_label
from hrd_desk.ui.workers import Workers, error_message


class UnlockWindow(QWidget):
    #: The vault is open (a :class:`~hrd_desk.crypto.vault.Vault`, migrated).
    unlocked = Signal(object)
    #: The officer chose another language; the app rebuilds this window in it.
    languageChangeRequested = Signal(str)
    #: Closed by the officer (not by the app replacing it): quit.
    closedByUser = Signal()

    def __init__(
        self,
        prefs: Preferences,
        workers: Workers,
        *,
        vault_path: str | Path | None = None,
        keyring: DeviceKeyring | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.workers = workers
        self.keyring = keyring
        self._busy_now = False
        self.setObjectName("unlockWindow")
        self.setWindowTitle(app_title())

        self.language = language_selector(current_language(), self)
        self.language.setAccessibleName(_("Language"))
        self.language.setToolTip(_("Language"))
        self.language.activated.connect(self._language_chosen)
        title = heading(app_title(), self, scale=2.0)
        purpose = message_label(self)
        purpose.setText(
            _("Encrypted, offline case files for officers protecting human rights defenders.")
        )

        self.vault_combo = QComboBox(self)
        self.vault_combo.setObjectName("vaultChoice")
        mark_data(self.vault_combo)
        self.vault_combo.setAccessibleName(_("Vault to open"))
        self.vault_combo.setPlaceholderText(_("No vault chosen yet"))
        self.vault_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.vault_combo.setMinimumContentsLength(28)
        # A path reads left to right in every language ("/tmp/x", not "tmp/x/").
        self.vault_combo.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        vault_label = QLabel(_("&Vault:"), self)
        vault_label.setBuddy(self.vault_combo)
        self.open_other = QPushButton(_("Open another vault…"), self)
        self.open_other.clicked.connect(self._choose_vault)
        self.demo_hint = message_label(self)
        self.demo_hint.setObjectName("demoHint")
        self.demo_hint.setText(
            _("This is a demo vault with fictional people. Its passphrase is “demo”.")
        )
        self.demo_hint.setVisible(False)
        self.first_run_hint = message_label(self)
        self.first_run_hint.setObjectName("firstRunHint")
        self.first_run_hint.setText(
            _("No vault yet? Create a new one, or open a vault folder you already have.")
        )
        self.first_run_hint.setVisible(False)

        self.passphrase = PassphraseEdit(_("Passphrase"), self)
        pass_label = QLabel(_("&Passphrase:"), self)
        pass_label.setBuddy(self.passphrase.edit)
        self.error = message_label(self, error=True)
        self.busy = busy_bar(self)
        self.unlock_button = QPushButton(_("Unlock"), self)
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.passphrase.returnPressed.connect(self.unlock)
        self.recovery_button = QPushButton(_("Use recovery key…"), self)
        self.recovery_button.setFlat(True)
        self.recovery_button.clicked.connect(self.use_recovery_key)
        self.create_button = QPushButton(_("Create a new vault…"), self)
        self.create_button.setFlat(True)
        self.create_button.clicked.connect(self.create_vault)
        # Backups (issue 9): a lost laptop's vault comes back from here.
        self.restore_button = QPushButton(_("Restore a backup…"), self)
        self.restore_button.setFlat(True)
        self.restore_button.clicked.connect(self.restore_backup)

        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.language)
        vault_row = QHBoxLayout()
        vault_row.addWidget(self.vault_combo, 1)
        vault_row.addWidget(self.open_other)
        unlock_row = QHBoxLayout()
        unlock_row.addWidget(self.busy, 1)
        unlock_row.addStretch(0)
        unlock_row.addWidget(self.unlock_button)
        links = QHBoxLayout()
        links.addWidget(self.recovery_button)
        links.addWidget(self.create_button)
        links.addWidget(self.restore_button)
        links.addStretch(1)

        box = QVBoxLayout(self)
        box.setContentsMargins(24, 16, 24, 20)
        box.addLayout(top)
        box.addWidget(title)
        box.addWidget(purpose)
        box.addSpacing(16)
        box.addWidget(vault_label)
        box.addLayout(vault_row)
        box.addWidget(self.demo_hint)
        box.addWidget(self.first_run_hint)
        box.addSpacing(8)
        box.addWidget(pass_label)
        box.addWidget(self.passphrase)
        box.addWidget(self.error)
        box.addSpacing(4)
        box.addLayout(unlock_row)
        box.addSpacing(12)
        box.addLayout(links)
        box.addStretch(1)

        self.setTabOrder(self.vault_combo, self.open_other)
        self.setTabOrder(self.open_other, self.passphrase.edit)
        self.setTabOrder(self.passphrase.edit, self.passphrase.toggle)
        self.setTabOrder(self.passphrase.toggle, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.recovery_button)
        self.setTabOrder(self.recovery_button, self.create_button)
        self.setTabOrder(self.create_button, self.restore_button)
        self.setTabOrder(self.restore_button, self.language)

        self._fill_vaults(vault_path)
        self.vault_combo.currentIndexChanged.connect(self._vault_changed)
        self.passphrase.textChanged.connect(self._update_buttons)
        self._vault_changed()
        self.resize(560, self.sizeHint().height())

    # -- vault choice -------------------------------------------------------------------------
    def _fill_vaults(self, vault_path: str | Path | None) -> None:
        paths: list[str] = []
        if vault_path:
            paths.append(str(Path(vault_path).absolute()))
        for path in self.prefs.recent_vaults:
            if path not in paths:
                paths.append(path)
        for path in paths:
            self.vault_combo.addItem(isolate(path), path)
        self.vault_combo.setCurrentIndex(0 if paths else -1)

    def selected_vault(self) -> str | None:
        data = self.vault_combo.currentData()
        return str(data) if data else None

    def select_vault(self, path: str | Path) -> None:
        path = str(Path(path).absolute())
        index = self.vault_combo.findData(path)
        if index < 0:
            # Isolated: a path is left-to-right even inside an Arabic window ("/tmp/x", not
            # "tmp/x/").
            self.vault_combo.insertItem(0, isolate(path), path)
            index = 0
        self.vault_combo.setCurrentIndex(index)

    def _vault_changed(self, *_args: object) -> None:
        path = self.selected_vault()
        self.demo_hint.setVisible(bool(path) and is_demo_vault(path))
        # First run: nothing to unlock, so creating a vault is the obvious next step.
        self.first_run_hint.setVisible(not path)
        self.create_button.setFlat(bool(path))
        self.create_button.setDefault(not path)
        self.unlock_button.setDefault(bool(path))
        self.error.setVisible(False)
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        has_vault = self.selected_vault() is not None
        self.unlock_button.setEnabled(
            has_vault and bool(self.passphrase.text()) and not self._busy_now
        )
        self.recovery_button.setEnabled(has_vault and not self._busy_now)

    def _choose_vault(self) -> None:
        path = choose_folder(
            self,
            _("Open a vault folder"),
            discreet=self.prefs.discreet,
            start=self.selected_vault(),
        )
        if not path:
            return
        if not is_vault(Path(path)):
            self._show_error(NotAVault().message)
            return
        self.select_vault(path)
        self.passphrase.setFocus()

    # -- unlocking ----------------------------------------------------------------------------
    def unlock(self) -> None:
        path, passphrase = self.selected_vault(), self.passphrase.text()
        if not path or not passphrase or self._busy_now:
            return
        self._set_busy(True)
        keyring = self.keyring
        self.workers.submit(
            lambda ctx: open_with_passphrase(path, passphrase, keyring),
            name="unlock",
            on_finished=self._unlocked,
            on_failed=self._failed,
            cleanup=lambda vault: vault.lock(),
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy_now = busy
        self.busy.setVisible(busy)
        for widget in (
            self.vault_combo,
            self.open_other,
            self.passphrase,
            self.create_button,
            self.restore_button,
        ):
            widget.setEnabled(not busy)
        self.unlock_button.setText(_("Unlocking…") if busy else _("Unlock"))
        self._update_buttons()

    def _unlocked(self, vault: object) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.unlocked.emit(vault)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphrase):
            self._show_error(_("Wrong passphrase. Try again."))
        else:
            self._show_error(error_message(exc))
        self.passphrase.clear()
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    # -- other ways in ------------------------------------------------------------------------
    def use_recovery_key(self) -> None:
        from hrd_desk.ui.unlock.recovery import RecoveryDialog

        path = self.selected_vault()
        if not path:
            return
        dialog = RecoveryDialog(path, self.workers, self, keyring=self.keyring)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.unlocked.connect(self.unlocked)
        dialog.open()
        self.recovery_dialog = dialog

    def create_vault(self) -> None:
        from hrd_desk.ui.unlock.wizard import CreateVaultWizard

        wizard = CreateVaultWizard(self.prefs, self.workers, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.created.connect(self.unlocked)
        wizard.kept.connect(self.select_vault)
        wizard.open()
        self.wizard = wizard

    def restore_backup(self) -> None:
        from hrd_desk.ui.backup.restore_dialog import RestoreDialog

        dialog = RestoreDialog(
            self.workers, discreet=self.prefs.discreet, keyring=self.keyring, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restored.connect(self._restored)
        dialog.open()
        self.restore_dialog = dialog

    def _restored(self, folder: str) -> None:
        # The restored vault is the one to open next (the dialog shows what was restored).
        self.select_vault(folder)
        self.passphrase.setFocus()

    def _language_chosen(self, index: int) -> None:
        lang = self.language.itemData(index)
        if lang and lang != current_language():
            self.languageChangeRequested.emit(lang)

    # -- closing ------------------------------------------------------------------------------
    def replace(self) -> None:
        """Go away for good because the app shows another window. hide(), not close(): closing
        the last visible window would quit the app."""
        self.passphrase.clear()
        self.hide()
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closedByUser.emit()
        super().closeEvent(event)
