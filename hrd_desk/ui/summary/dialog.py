"""Case summary dialog: language, redaction, recipient or password, preview, progress, save.

The consent service is asked first: a refusal is shown with its reasons and nothing can be
saved. The PDF is built and encrypted off the GUI thread, in memory; the save dialog suggests a
file name with no name of a person in it. In password mode the app proposes a strong generated
password, which the officer copies (cleared from the clipboard after 30 s) and sends by another
channel. A plaintext PDF exists only behind an explicit "Export unencrypted…" with a warning.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases.errors import Refused
from hrd_desk.cases.sharing import RedactionLevel
from hrd_desk.crypto.errors import HrdDeskError
from hrd_desk.i18n import LANGUAGES, _, current_language
from hrd_desk.summaries.encrypt import generate_password
from hrd_desk.summaries.service import SummaryRequest, check_consent, preview_sections
from hrd_desk.ui.language import endonym
from hrd_desk.ui.widgets import busy_bar, choose_save_file, mark_data, message_label, monospace_font

if TYPE_CHECKING:
    from hrd_desk.ui.session import Session


def suggested_file_name(today: date, recipients_mode: bool) -> str:
    """No person's name, no pseudonym: the date and what it is."""
    name = _("case-summary-{date}").format(date=today.isoformat())
    return name + (".pdf.age" if recipients_mode else ".pdf")


class SummaryDialog(QDialog):
    def __init__(self, parent: QWidget | None, session: Session, defender_id: str) -> None:
        super().__init__(parent)
        self.session = session
        self.defender_id = defender_id
        self.job = None
        self.written: Path | None = None
        self.setWindowTitle(_("Case summary"))
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        self.refusal = message_label(self, error=True)
        layout.addWidget(self.refusal)
        form = QFormLayout()
        self.language = QComboBox(self)
        for lang in LANGUAGES:
            self.language.addItem(endonym(lang), lang)
        current = self.language.findData(current_language())
        self.language.setCurrentIndex(max(0, current))
        self.language.currentIndexChanged.connect(self.refresh)
        form.addRow(_("Language of the summary"), self.language)
        self.redaction = QComboBox(self)
        for level in (RedactionLevel.PSEUDONYMISE, RedactionLevel.NONE):
            self.redaction.addItem(level.label, level.value)
        self.redaction.currentIndexChanged.connect(self.refresh)
        form.addRow(_("Redaction"), self.redaction)
        self.recipient_label = QLineEdit(self)
        self.recipient_label.setPlaceholderText(_("Headquarters"))
        form.addRow(_("For"), self.recipient_label)
        layout.addLayout(form)

        # Password or recipient.
        self.mode_password = QRadioButton(_("Protect with a password (any PDF reader)"), self)
        self.mode_recipient = QRadioButton(_("Encrypt to a verified contact's key (age)"), self)
        self.mode_password.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.mode_password)
        group.addButton(self.mode_recipient)
        layout.addWidget(self.mode_password)
        pw_row = QHBoxLayout()
        self.password = QLineEdit(generate_password(), self)
        self.password.setFont(monospace_font())
        self.password.setReadOnly(True)
        mark_data(self.password)
        copy = QPushButton(_("Copy"), self)
        copy.setAccessibleName(_("Copy the password (cleared from the clipboard after 30 s)"))
        copy.clicked.connect(lambda: session.clipboard.copy(self.password.text()))
        new = QPushButton(_("New password"), self)
        new.clicked.connect(lambda: self.password.setText(generate_password()))
        pw_row.addWidget(self.password, 1)
        pw_row.addWidget(copy)
        pw_row.addWidget(new)
        layout.addLayout(pw_row)
        hint = message_label(self)
        hint.setText(
            _(
                "Send the password by another channel than the file (a call, another "
                "messenger), never in the same message."
            )
        )
        layout.addWidget(hint)
        layout.addWidget(self.mode_recipient)
        self.contacts = QComboBox(self)
        for contact in self._verified_contacts():
            self.contacts.addItem(f"{contact.label} — {contact.fingerprint}", contact.age_recipient)
        if self.contacts.count() == 0:
            self.mode_recipient.setEnabled(False)
            self.mode_recipient.setToolTip(
                _(
                    "No verified contact yet: add headquarters' key in Settings → Contacts and "
                    "compare its fingerprint."
                )
            )
        layout.addWidget(self.contacts)
        self.mode_password.toggled.connect(self.refresh)

        # Preview of the sections that will be included.
        layout.addWidget(QLabel(_("The summary will contain:"), self))
        self.preview = QListWidget(self)
        self.preview.setMaximumHeight(150)
        # In the summary's language, not necessarily the interface's: content, not UI text.
        mark_data(self.preview)
        layout.addWidget(self.preview)
        self.busy = busy_bar(self)
        layout.addWidget(self.busy)
        self.status = message_label(self)
        layout.addWidget(self.status)

        buttons = QHBoxLayout()
        self.plain_button = QPushButton(_("Export unencrypted…"), self)
        self.plain_button.clicked.connect(self.export_plaintext)
        self.save_button = QPushButton(_("Save encrypted summary…"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton(_("Close"), self)
        close.clicked.connect(self.reject)
        buttons.addWidget(self.plain_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.refresh()

    # -- state ---------------------------------------------------------------------------------
    def _verified_contacts(self) -> list:
        try:
            from hrd_desk.exchange.contacts import list_contacts

            return [c for c in list_contacts(self.session.vault.connection) if c.verified]
        except (ImportError, HrdDeskError):
            return []

    def request(self) -> SummaryRequest:
        return SummaryRequest(
            self.defender_id,
            lang=self.language.currentData(),
            redaction=RedactionLevel(self.redaction.currentData()),
            recipient_label=self.recipient_label.text().strip(),
        )

    def refresh(self) -> None:
        self.preview.clear()
        for title in preview_sections(self.language.currentData()):
            self.preview.addItem(title)
        try:
            warnings = check_consent(self.session.store, self.request())
        except Refused as exc:
            self.refusal.setText(exc.message)
            self.refusal.setVisible(True)
            self.save_button.setEnabled(False)
            self.plain_button.setEnabled(False)
            return
        self.refusal.setVisible(False)
        self.save_button.setEnabled(self.job is None)
        self.plain_button.setEnabled(self.job is None)
        self.status.setText(" ".join(warnings))
        self.password.setEnabled(self.mode_password.isChecked())
        self.contacts.setEnabled(self.mode_recipient.isChecked())

    # -- saving --------------------------------------------------------------------------------
    def choose_path(self, recipients_mode: bool, *, plaintext: bool = False) -> Path | None:
        name = suggested_file_name(self.session.store.today, recipients_mode and not plaintext)
        chosen = choose_save_file(
            self, _("Save the summary"), name, discreet=self.session.prefs.discreet
        )
        return Path(chosen) if chosen else None

    def save(self, *, path: Path | None = None) -> None:
        recipients_mode = self.mode_recipient.isChecked()
        path = path or self.choose_path(recipients_mode)
        if path is None:
            return
        request = self.request()
        password = None if recipients_mode else self.password.text()
        recipients = [self.contacts.currentData()] if recipients_mode else []
        if recipients_mode:
            from hrd_desk.exchange.identity import load_identity

            own = load_identity(self.session.vault.connection)
            if own is not None:
                recipients.append(own.age_recipient)
        self._start(lambda store: _export(store, request, path, password, recipients))

    def export_plaintext(self, *, path: Path | None = None, confirmed: bool = False) -> None:
        if not confirmed:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                _("Export unencrypted"),
                _(
                    "An unencrypted PDF can be read by anyone who gets the file: on a lost laptop, "
                    "in a mailbox, on a shared drive. Export it only to print it, and delete it "
                    "afterwards."
                ),
                QMessageBox.StandardButton.Cancel,
                self,
            )
            go = box.addButton(_("Export unencrypted"), QMessageBox.ButtonRole.DestructiveRole)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.finished.connect(
                lambda _r: box.clickedButton() is go and self.export_plaintext(confirmed=True)
            )
            self.question = box
            box.open()
            return
        path = path or self.choose_path(False, plaintext=True)
        if path is None:
            return
        request = self.request()
        self._start(lambda store: _export_plain(store, request, path))

    def _start(self, work) -> None:
        from hrd_desk.cases.store import Store

        vault = self.session.vault
        self.save_button.setEnabled(False)
        self.plain_button.setEnabled(False)
        self.busy.setVisible(True)
        self.status.setText(_("Building the summary…"))

        def job(ctx):
            conn = vault.connect()
            try:
                return work(Store(conn, actor=self.session.store.actor))
            finally:
                vault.release(conn)

        self.job = self.session.workers.submit(
            job, name="summary", on_finished=self._done, on_failed=self._failed
        )

    def _done(self, path: Path) -> None:
        self.job = None
        self.busy.setVisible(False)
        self.written = path
        self.status.setText(_("Saved: {name}").format(name=path.name))
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self.busy.setVisible(False)
        message = (
            exc.message
            if isinstance(exc, HrdDeskError)
            else _("The summary could not be made ({kind}). Nothing was written.").format(
                kind=type(exc).__name__
            )
        )
        self.refusal.setText(message)
        self.refusal.setVisible(True)
        self.refresh()
        self.refusal.setText(message)
        self.refusal.setVisible(True)


def _export(store, request, path, password, recipients) -> Path:
    from hrd_desk.summaries.service import export_summary

    return export_summary(store, request, path, password=password, recipients=recipients).path


def _export_plain(store, request, path) -> Path:
    from hrd_desk.summaries.encrypt import write_plaintext
    from hrd_desk.summaries.service import build_summary_pdf

    pdf = build_summary_pdf(store, request)
    written = write_plaintext(pdf, path, i_understand=True)
    store.record_export(
        "defender",
        request.defender_id,
        what="summary",
        detail={
            "level": request.redaction.value,
            "lang": request.lang,
            "recipient": request.recipient_label or "headquarters",
            "mode": "plaintext",
        },
    )
    return written


def open_case_summary(parent: QWidget, session: Session, defender_id: str) -> SummaryDialog:
    dialog = SummaryDialog(parent, session, defender_id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
