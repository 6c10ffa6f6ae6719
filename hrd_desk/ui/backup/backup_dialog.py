"""Back up the open vault: choose where, write the file in a worker, show the verified result.

The service (:func:`hrd_desk.crypto.backup.create_backup`) writes to a temporary name, reads the
whole file back and only then gives it its name; it records the time of the backup in the vault,
which the status bar and the dashboard's reminder read. While it runs, idle auto-lock waits
(a hold on the idle watcher); a lock the officer asks for still happens once the job is joined.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from hrd_desk.cases import settings as vault_settings
from hrd_desk.crypto.backup import BackupReport, create_backup, default_backup_name
from hrd_desk.formats import format_timestamp
from hrd_desk.i18n import _, isolate
from hrd_desk.ui.backup.files import choose_backup_target
from hrd_desk.ui.backup.job_dialog import STEPS, JobDialog
from hrd_desk.ui.session import Session
from hrd_desk.ui.widgets import mark_data, message_label
from hrd_desk.ui.workers import JobContext


def size_text(size: int) -> str:
    return QLocale().formattedDataSize(size)


class BackupDialog(JobDialog):
    """``backedUp(report)`` after a backup was written and verified."""

    backedUp = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.report: BackupReport | None = None
        self.file_dialog = None
        self.setWindowTitle(_("Back up this vault"))

        intro = message_label(self)
        intro.setText(
            _(
                "A backup is one encrypted file holding the whole vault. It opens with this "
                "vault's passphrase or its recovery key. Keep it on another disk, such as a USB "
                "stick, in a safe place."
            )
        )
        self.target = mark_data(QLineEdit(self))
        self.target.setAccessibleName(_("Backup file or folder"))
        self.target.setPlaceholderText(_("Choose a file, or type a folder"))
        target_label = QLabel(_("&Save to:"), self)
        target_label.setBuddy(self.target)
        self.choose_button = QPushButton(_("Choose…"), self)
        self.choose_button.setAccessibleName(_("Choose where to save the backup"))
        self.choose_button.clicked.connect(self.choose_target)
        note = message_label(self)
        note.setText(_("The file name holds only the date and time, never a name."))
        self._add_job_widgets(
            start_text=_("Back up"),
            progress_name=_("Backup progress"),
            status_name="backupStatus",
        )

        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(self.choose_button)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addSpacing(6)
        box.addWidget(target_label)
        box.addLayout(row)
        box.addWidget(note)
        box.addWidget(self.progress)
        box.addWidget(self.status)
        box.addWidget(self.error)
        box.addStretch(1)
        box.addWidget(self.buttons)
        self.target.textChanged.connect(self._update)
        self._update()
        self.resize(560, self.sizeHint().height())

    def _update(self, *_args: object) -> None:
        self.start_button.setEnabled(bool(self.target.text().strip()) and not self.running)

    # -- choosing -----------------------------------------------------------------------------
    def choose_target(self) -> None:
        # No person's name, no vault name: only the time (the service's own naming).
        name = default_backup_name(datetime.now(UTC))
        self.file_dialog = choose_backup_target(
            self, name, self.target.setText, discreet=self.session.prefs.discreet
        )

    # -- running ------------------------------------------------------------------------------
    def start(self) -> None:
        target = self.target.text().strip()
        if not target or self.running:
            return
        vault = self.session.vault

        def work(ctx: JobContext) -> BackupReport:
            def progress(done: int, total: int) -> None:
                ctx.check()  # a cancel stops the service here; it removes its temp files
                ctx.progress(done * STEPS // total if total else 0, STEPS)

            return create_backup(vault, target, progress=progress)

        self._run(
            self.session.workers,
            work,
            name="backup",
            status=_("Writing the backup, then reading it back to verify it…"),
            hold=self.session.hold_idle_lock,
        )

    def _set_running(self, running: bool) -> None:
        for widget in (self.target, self.choose_button):
            widget.setEnabled(not running)
        self.close_button.setText(_("Cancel") if running else _("Close"))
        self._update()

    def _done(self, report: BackupReport) -> None:
        self.report = report
        lines = [
            _("The backup was written and verified by reading it back."),
            _("File: {path}").format(path=isolate(report.path)),
            _("Size: {size}").format(size=size_text(report.size)),
            _("Made: {when}").format(when=isolate(format_timestamp(report.created_at))),
        ]
        if not report.recorded:
            lines.append(
                _(
                    "The time of this backup could not be recorded in the vault, so the reminder "
                    "may come early."
                )
            )
        self.status.setText("\n".join(lines))
        self.start_button.setVisible(False)
        self.target.setReadOnly(True)
        self._end()
        self.close_button.setFocus()
        # The status bar and the dashboard's reminder read the recorded time.
        self.session.vaultSettingChanged.emit(vault_settings.LAST_BACKUP_AT)
        self.backedUp.emit(report)

    def _cancelled(self) -> None:
        self._end()
        self.status.setText(_("The backup was cancelled; nothing was written."))
