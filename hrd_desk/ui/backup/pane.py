"""Settings → Backups: when the last verified backup was made, "Back up now…", "Restore…"."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QPushButton, QVBoxLayout, QWidget

from hrd_desk.cases import settings as vault_settings
from hrd_desk.crypto.backup import last_backup_at
from hrd_desk.formats import format_timestamp
from hrd_desk.i18n import _, isolate, ngettext
from hrd_desk.ui.backup.backup_dialog import BackupDialog
from hrd_desk.ui.backup.restore_dialog import RestoreDialog
from hrd_desk.ui.dashboard.data import reminder_days
from hrd_desk.ui.session import Session
from hrd_desk.ui.widgets import message_label


def open_backup_dialog(session: Session, parent: QWidget) -> BackupDialog:
    dialog = BackupDialog(session, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_restore_dialog(session: Session, parent: QWidget) -> RestoreDialog:
    dialog = RestoreDialog(
        session.workers,
        discreet=session.prefs.discreet,
        keyring=session.keyring,
        hold=session.hold_idle_lock,
        parent=parent,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # Offered on the unlock screen next time (never remembered in discreet mode).
    dialog.restored.connect(session.prefs.add_recent_vault)
    dialog.open()
    return dialog


def last_backup_text(when: datetime | None, now: datetime | None = None) -> str:
    if when is None:
        return _("This vault has never been backed up.")
    days = ((now or datetime.now(UTC)) - when).days
    return ngettext(
        "Last verified backup: {when} ({n} day ago).",
        "Last verified backup: {when} ({n} days ago).",
        days,
    ).format(when=isolate(format_timestamp(when)), n=days)


class BackupPane(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.dialog: QWidget | None = None

        backup = QGroupBox(_("Backup"), self)
        box = QVBoxLayout(backup)
        self.last = message_label(backup)
        self.last.setObjectName("lastBackup")
        self.reminder = message_label(backup)
        self.backup_button = QPushButton(_("Back up now…"), backup)
        self.backup_button.clicked.connect(self.back_up)
        box.addWidget(self.last)
        box.addWidget(self.reminder)
        box.addWidget(self.backup_button, 0, Qt.AlignmentFlag.AlignLeading)

        restore = QGroupBox(_("Restore"), self)
        box = QVBoxLayout(restore)
        text = message_label(restore)
        text.setText(
            _(
                "Restore a backup into a new, empty folder, for example after a computer was "
                "lost. The vault open now is not changed."
            )
        )
        self.restore_button = QPushButton(_("Restore a backup…"), restore)
        self.restore_button.clicked.connect(self.restore)
        box.addWidget(text)
        box.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignLeading)

        outer = QVBoxLayout(self)
        outer.addWidget(backup)
        outer.addWidget(restore)
        outer.addStretch(1)
        session.vaultSettingChanged.connect(self._setting_changed)
        self.refresh()

    def refresh(self) -> None:
        conn = self.session.vault.connection
        self.last.setText(last_backup_text(last_backup_at(conn)))
        days = reminder_days(conn)
        self.reminder.setText(
            ngettext(
                "The dashboard reminds you when the last backup is older than {n} day "
                "(General tab).",
                "The dashboard reminds you when the last backup is older than {n} days "
                "(General tab).",
                days,
            ).format(n=days)
        )

    def _setting_changed(self, key: str) -> None:
        if key in (vault_settings.LAST_BACKUP_AT, vault_settings.BACKUP_REMINDER_DAYS):
            self.refresh()

    def back_up(self) -> None:
        self.dialog = open_backup_dialog(self.session, self)

    def restore(self) -> None:
        self.dialog = open_restore_dialog(self.session, self)
