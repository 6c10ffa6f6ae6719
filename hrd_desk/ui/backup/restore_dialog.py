"""Restore a backup into a new, empty folder, and say what was restored.

The service (:func:`hrd_desk.crypto.backup.restore_backup`) verifies the whole file before it
writes anything, writes only into a new or empty folder, and leaves the target as it was on any
failure; then the restored vault gets the same health check as ``hrd-desk check`` (every page,
the schema version, the audit chain). The vault open now, if any, is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases.health import check_vault
from hrd_desk.cases.record import all_kinds
from hrd_desk.crypto.backup import RestoreReport, restore_backup
from hrd_desk.crypto.device import DeviceKeyring
from hrd_desk.crypto.errors import VaultExists, WrongPassphrase
from hrd_desk.formats import format_number, format_timestamp
from hrd_desk.i18n import _, isolate, ngettext
from hrd_desk.ui.backup.files import choose_backup_file, choose_restore_folder
from hrd_desk.ui.backup.job_dialog import STEPS, JobDialog
from hrd_desk.ui.passphrase import PassphraseEdit
from hrd_desk.ui.widgets import mark_data, message_label, monospace_font
from hrd_desk.ui.workers import JobContext, Workers


def restored_summary(report: RestoreReport) -> list[str]:
    """What a person wants to know about a restore, one line each."""
    tables = report.tables
    defenders = tables.get("defenders", 0)
    records = sum(tables.get(cls.TABLE, 0) for cls in all_kinds())
    lines = [
        _("The backup was verified and restored into:"),
        isolate(report.folder),
        _("Backup made: {when}").format(when=isolate(format_timestamp(report.backup_created_at))),
        ngettext(
            "{n} defender, {records} records in all.",
            "{n} defenders, {records} records in all.",
            defenders,
        ).format(n=format_number(defenders), records=format_number(records)),
    ]
    if "audit_log" in tables:
        lines.append(
            ngettext("{n} history entry.", "{n} history entries.", tables["audit_log"]).format(
                n=format_number(tables["audit_log"])
            )
        )
    if report.check is not None:
        lines.append(
            _("Check of the restored vault: {verdict}").format(verdict=report.check.verdict())
        )
    lines.append(_("It opens with the passphrase or recovery key of the backed-up vault."))
    return lines


class RestoreDialog(JobDialog):
    """``restored(folder)`` after a backup was restored and checked."""

    restored = Signal(str)

    def __init__(
        self,
        workers: Workers,
        *,
        discreet: bool,
        keyring: DeviceKeyring | None = None,
        hold: Callable[[], Callable[[], None]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workers = workers
        self.discreet = discreet
        self.keyring = keyring
        self._hold = hold
        self.report: RestoreReport | None = None
        self.file_dialog = None
        self.setWindowTitle(_("Restore a backup"))

        intro = message_label(self)
        intro.setText(
            _(
                "The whole backup is verified before anything is written. It is restored into "
                "a new, empty folder; no existing vault is changed."
            )
        )
        self.backup_file = mark_data(QLineEdit(self))
        self.backup_file.setAccessibleName(_("Backup file"))
        file_label = QLabel(_("&Backup file:"), self)
        file_label.setBuddy(self.backup_file)
        self.choose_file_button = QPushButton(_("Choose…"), self)
        self.choose_file_button.setAccessibleName(_("Choose the backup file"))
        self.choose_file_button.clicked.connect(self.choose_file)

        self.folder = mark_data(QLineEdit(self))
        self.folder.setAccessibleName(_("New folder for the restored vault"))
        self.folder.setPlaceholderText(_("A folder that does not exist yet, or an empty one"))
        folder_label = QLabel(_("Restore &into:"), self)
        folder_label.setBuddy(self.folder)
        self.choose_folder_button = QPushButton(_("Choose…"), self)
        self.choose_folder_button.setAccessibleName(_("Choose the folder to restore into"))
        self.choose_folder_button.clicked.connect(self.choose_folder)

        self.use_passphrase = QRadioButton(_("With the &passphrase"), self)
        self.use_recovery = QRadioButton(_("With the &recovery key"), self)
        self.use_passphrase.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.use_passphrase)
        group.addButton(self.use_recovery)
        self.passphrase = PassphraseEdit(_("Passphrase of the backed-up vault"), self)
        self.recovery_key = mark_data(QLineEdit(self))
        self.recovery_key.setFont(monospace_font(1.1))
        self.recovery_key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.recovery_key.setAccessibleName(_("Recovery key"))
        self.recovery_key.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.recovery_key.setVisible(False)
        self.use_passphrase.toggled.connect(self._secret_kind_changed)

        self._add_job_widgets(
            start_text=_("Restore"),
            progress_name=_("Restore progress"),
            status_name="restoreStatus",
        )

        file_row = QHBoxLayout()
        file_row.addWidget(self.backup_file, 1)
        file_row.addWidget(self.choose_file_button)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_folder_button)
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.use_passphrase)
        secret_row.addWidget(self.use_recovery)
        secret_row.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addSpacing(6)
        box.addWidget(file_label)
        box.addLayout(file_row)
        box.addWidget(folder_label)
        box.addLayout(folder_row)
        box.addSpacing(6)
        box.addLayout(secret_row)
        box.addWidget(self.passphrase)
        box.addWidget(self.recovery_key)
        box.addWidget(self.progress)
        box.addWidget(self.status)
        box.addWidget(self.error)
        box.addStretch(1)
        box.addWidget(self.buttons)
        for edit in (self.backup_file, self.folder, self.recovery_key):
            edit.textChanged.connect(self._update)
        self.passphrase.textChanged.connect(self._update)
        self._update()
        self.resize(580, self.sizeHint().height())

    def secret(self) -> str:
        if self.use_passphrase.isChecked():
            return self.passphrase.text()
        return self.recovery_key.text().strip()

    def _secret_kind_changed(self, passphrase: bool) -> None:
        self.passphrase.setVisible(passphrase)
        self.recovery_key.setVisible(not passphrase)
        (self.passphrase if passphrase else self.recovery_key).setFocus()
        self._update()

    def _update(self, *_args: object) -> None:
        ready = all((self.backup_file.text().strip(), self.folder.text().strip(), self.secret()))
        self.start_button.setEnabled(ready and not self.running)

    # -- choosing -----------------------------------------------------------------------------
    def choose_file(self) -> None:
        self.file_dialog = choose_backup_file(
            self, self.backup_file.setText, discreet=self.discreet
        )

    def choose_folder(self) -> None:
        self.file_dialog = choose_restore_folder(self, self.folder.setText, discreet=self.discreet)

    # -- running ------------------------------------------------------------------------------
    def start(self) -> None:
        if not self.start_button.isEnabled() or self.running:
            return
        backup = Path(self.backup_file.text().strip())
        target = Path(self.folder.text().strip())
        if self.use_passphrase.isChecked():
            secret = {"passphrase": self.passphrase.text()}
        else:
            secret = {"recovery_key": self.recovery_key.text().strip()}
        keyring = self.keyring

        def work(ctx: JobContext) -> RestoreReport:
            def progress(done: int, total: int) -> None:
                ctx.check()  # a cancel stops before anything is installed; the target stays
                ctx.progress(done * STEPS // total if total else 0, STEPS)

            return restore_backup(
                backup, target, keyring=keyring, check=check_vault, progress=progress, **secret
            )

        self._run(
            self.workers,
            work,
            name="restore",
            status=_("Verifying the backup and restoring it…"),
            hold=self._hold,
        )

    def _set_running(self, running: bool) -> None:
        for widget in (
            self.backup_file,
            self.folder,
            self.choose_file_button,
            self.choose_folder_button,
            self.use_passphrase,
            self.use_recovery,
            self.passphrase,
            self.recovery_key,
        ):
            widget.setEnabled(not running)
        self.close_button.setText(_("Cancel") if running else _("Close"))
        self._update()

    def _done(self, report: RestoreReport) -> None:
        self.report = report
        self.passphrase.clear()
        self.recovery_key.clear()
        self.status.setText("\n".join(restored_summary(report)))
        self.start_button.setVisible(False)
        self._end()
        for widget in (
            self.backup_file,
            self.folder,
            self.choose_file_button,
            self.choose_folder_button,
            self.use_passphrase,
            self.use_recovery,
        ):
            widget.setEnabled(False)
        # Done: no field for a secret stays on screen.
        self.passphrase.setVisible(False)
        self.recovery_key.setVisible(False)
        self.close_button.setFocus()
        self.restored.emit(str(report.folder))

    def _failed(self, exc: BaseException) -> None:
        super()._failed(exc)
        if isinstance(exc, WrongPassphrase) and self.use_passphrase.isChecked():
            self.passphrase.clear()
            self.passphrase.setFocus()
        elif isinstance(exc, VaultExists):
            self.folder.setFocus()
            self.folder.selectAll()

    def _cancelled(self) -> None:
        self._end()
        self.status.setText(_("The restore was cancelled; nothing was written."))

    # -- closing ------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        self.passphrase.clear()
        self.recovery_key.clear()
        super().done(result)
