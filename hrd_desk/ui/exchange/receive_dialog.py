"""Receive a bundle: choose the file, check it in a worker, accept an unknown sender explicitly,
preview every record, resolve the conflicts, import (all or nothing) in a worker.

Opening and previewing write nothing. A refused import (records that do not validate as merged,
or a vault that changed since the preview) leaves the officer's choices in place: fix them and
import again, or preview again — choices for records still in conflict are carried over.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases.errors import StaleRecord
from hrd_desk.cases.record import KINDS
from hrd_desk.cases.records_json import ImportRefused
from hrd_desk.cases.store import Store
from hrd_desk.exchange.errors import AlreadyImported, UnknownSender
from hrd_desk.exchange.identity import ContactCard
from hrd_desk.exchange.merge import ApplyReport, Preview
from hrd_desk.i18n import _, pgettext
from hrd_desk.ui.backup.job_dialog import JobDialog
from hrd_desk.ui.exchange.files import choose_bundle_file
from hrd_desk.ui.exchange.jobs import apply_bundle, preview_again, read_bundle
from hrd_desk.ui.exchange.parts import fingerprint_label, fit_to_contents
from hrd_desk.ui.exchange.preview import PreviewPage, problem_lines
from hrd_desk.ui.exchange.values import quoted, spaced_fingerprint
from hrd_desk.ui.session import Session
from hrd_desk.ui.widgets import mark_data, message_label
from hrd_desk.ui.workers import JobContext, error_message, with_connection

OPEN, PREVIEW, DONE = "open", "preview", "done"


class ReceiveBundleDialog(JobDialog):
    """``previewed(preview)`` when the preview is shown; ``imported(report)`` once applied."""

    previewed = Signal(object)
    imported = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.phase = OPEN
        self.file_dialog = None
        self.unknown: ContactCard | None = None
        self.preview_page: PreviewPage | None = None
        self.report: ApplyReport | None = None
        self._on_done = self._previewed
        self.setWindowTitle(_("Receive a bundle"))

        self.pages = QStackedWidget(self)
        self.open_page = QWidget(self.pages)
        intro = message_label(self.open_page)
        intro.setText(
            _(
                "Choose a bundle file you received. Its signature and address are checked "
                "first; then you see what it would add or change. Nothing is written until you "
                "import."
            )
        )
        self.bundle_file = mark_data(QLineEdit(self.open_page))
        self.bundle_file.setAccessibleName(_("Bundle file"))
        file_label = QLabel(_("&Bundle file:"), self.open_page)
        file_label.setBuddy(self.bundle_file)
        self.choose_button = QPushButton(_("Choose…"), self.open_page)
        self.choose_button.setAccessibleName(_("Choose the bundle file"))
        self.choose_button.clicked.connect(self.choose_file)
        self.bundle_file.textChanged.connect(self._file_changed)

        self.sender_box = QGroupBox(_("Unknown sender"), self.open_page)
        self.sender_box.setObjectName("unknownSender")
        sender_intro = message_label(self.sender_box)
        sender_intro.setText(
            _(
                "This bundle is correctly signed, but by a vault that is not among your "
                "contacts. Its card says:"
            )
        )
        self.sender_label = mark_data(QLabel(self.sender_box))
        self.sender_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sender_fingerprint = fingerprint_label(self.sender_box)
        self.sender_fingerprint.setObjectName("unknownSenderFingerprint")
        sender_advice = message_label(self.sender_box)
        sender_advice.setText(
            _(
                "Call the sender on a number you already know and ask them to read out their "
                "fingerprint. Accept only if it is the one above. Importing adds the sender to "
                "your contacts, not verified."
            )
        )
        self.accept_sender = QCheckBox(
            _("I compared the fingerprint with the sender: &accept this sender"), self.sender_box
        )
        self.accept_sender.toggled.connect(self._update)
        sender_layout = QVBoxLayout(self.sender_box)
        sender_layout.addWidget(sender_intro)
        sender_layout.addWidget(self.sender_label)
        sender_layout.addWidget(self.sender_fingerprint)
        sender_layout.addWidget(sender_advice)
        sender_layout.addWidget(self.accept_sender)
        self.sender_box.setVisible(False)

        row = QHBoxLayout()
        row.addWidget(self.bundle_file, 1)
        row.addWidget(self.choose_button)
        open_box = QVBoxLayout(self.open_page)
        open_box.setContentsMargins(0, 0, 0, 0)
        open_box.addWidget(intro)
        open_box.addSpacing(6)
        open_box.addWidget(file_label)
        open_box.addLayout(row)
        open_box.addWidget(self.sender_box)
        open_box.addStretch(1)
        self.pages.addWidget(self.open_page)

        self._add_job_widgets(
            start_text=pgettext("verb", "Open"),
            progress_name=_("Bundle progress"),
            status_name="receiveStatus",
        )
        self.again_button = self.buttons.addButton(
            _("Preview again"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.again_button.setVisible(False)
        self.again_button.clicked.connect(self.preview_again)
        box = QVBoxLayout(self)
        box.addWidget(self.pages, 1)
        box.addWidget(self.progress)
        box.addWidget(self.status)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        self._update()
        fit_to_contents(self, 620)

    # -- phase 1: the file --------------------------------------------------------------------
    def choose_file(self) -> None:
        self.file_dialog = choose_bundle_file(
            self, self.bundle_file.setText, discreet=self.session.prefs.discreet
        )

    def _file_changed(self, *_args: object) -> None:
        # Another file: an acceptance given for the previous one does not carry over.
        self.unknown = None
        self.accept_sender.setChecked(False)
        self.sender_box.setVisible(False)
        self.start_button.setText(pgettext("verb", "Open"))
        self.error.setVisible(False)
        self._update()

    def _update(self, *_args: object) -> None:
        if not hasattr(self, "start_button"):
            return
        if self.phase == OPEN:
            ready = bool(self.bundle_file.text().strip())
            if self.unknown is not None:
                ready = ready and self.accept_sender.isChecked()
        elif self.phase == PREVIEW:
            ready = self.preview_page is not None and self.preview_page.unresolved() == 0
            ready = ready and not self.again_button.isVisible()
        else:
            ready = False
        self.start_button.setEnabled(ready and not self.running)

    def start(self) -> None:
        if self.running or not self.start_button.isEnabled():
            return
        if self.phase == OPEN:
            self.open_bundle()
        elif self.phase == PREVIEW:
            self.import_bundle()

    def open_bundle(self) -> None:
        path = Path(self.bundle_file.text().strip())
        accept = self.unknown is not None and self.accept_sender.isChecked()

        def work(conn, ctx: JobContext) -> Preview:
            ctx.check()
            return read_bundle(Store(conn), path, accept_unknown_sender=accept, check=ctx.check)

        self._submit(work, self._previewed, _("Checking the bundle…"))

    def _submit(self, work, done, status: str) -> None:
        self._on_done = done
        self._run(
            self.session.workers,
            with_connection(self.session.vault, work),
            name="receive bundle",
            status=status,
            hold=None,
        )
        self.progress.setRange(0, 0)

    def _done(self, result: object) -> None:
        self._end()
        self._on_done(result)

    def _set_running(self, running: bool) -> None:
        editable = not running
        if self.phase == OPEN:
            for widget in (self.bundle_file, self.choose_button, self.accept_sender):
                widget.setEnabled(editable)
        elif self.preview_page is not None:
            self.preview_page.set_editable(editable and self.phase == PREVIEW)
        self.close_button.setText(_("Cancel") if running else _("Close"))
        self._update()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UnknownSender):
            self._end()
            self.status.setVisible(False)
            self.show_unknown_sender(exc.card)
            return
        super()._failed(exc)
        if self.phase == PREVIEW:
            self._import_failed(exc)
        self._grow()

    def _cancelled(self) -> None:
        self._end()
        self.status.setText(_("Cancelled; nothing was imported."))

    def show_unknown_sender(self, card: ContactCard) -> None:
        self.unknown = card
        self.sender_label.setText(quoted(card.label))
        self.sender_fingerprint.setText(spaced_fingerprint(card.fingerprint))
        self.sender_box.setVisible(True)
        self.accept_sender.setChecked(False)
        self.start_button.setText(_("Accept and open"))
        self.accept_sender.setFocus()
        self._update()
        self._grow()

    def _grow(self) -> None:
        if self.phase != OPEN:
            return
        width, height = self.width(), self.height()
        fit_to_contents(self, width)
        self.resize(width, max(height, self.height()))

    # -- phase 2: the preview -----------------------------------------------------------------
    def _lookup(self, kind: str, record_id: str) -> str | None:
        cls = KINDS.get(kind)
        if cls is None or self.session.closed:
            return None
        found = self.session.store.find(cls, record_id)
        return found.title() if found is not None else None

    def _previewed(self, prepared: Preview, choices: dict | None = None) -> None:
        self.status.setVisible(False)
        self.error.setVisible(False)
        old = self.preview_page
        page = PreviewPage(prepared, lookup=self._lookup, choices=choices, parent=self.pages)
        page.choicesChanged.connect(self._update)
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        if old is not None:
            self.pages.removeWidget(old)
            old.deleteLater()
        self.preview_page = page
        first_time = self.phase == OPEN
        self.phase = PREVIEW
        self.again_button.setVisible(False)
        self.start_button.setText(pgettext("verb", "Import"))
        if first_time:
            self.resize(max(self.width(), 900), max(self.height(), 680))
        self._update()
        self.previewed.emit(prepared)

    def import_bundle(self) -> None:
        page = self.preview_page
        if page is None:
            return
        prepared = page.prepared
        resolutions = page.resolutions()

        def work(conn, ctx: JobContext) -> ApplyReport:
            ctx.check()
            return apply_bundle(Store(conn), prepared, resolutions)

        self._submit(work, self._imported, _("Importing…"))

    def _imported(self, report: ApplyReport) -> None:
        self.report = report
        self.phase = DONE
        if self.preview_page is not None:
            self.preview_page.set_editable(False)
        lines = [report.summary() + "."]
        if report.contact_added:
            lines.append(
                _(
                    "The sender was added to your contacts, not verified. Verify it in Settings "
                    "→ Contacts before you send it anything."
                )
            )
        self.status.setText("\n".join(lines))
        self.status.setVisible(True)
        self.start_button.setVisible(False)
        self._update()
        self.close_button.setFocus()
        self.imported.emit(report)

    def _import_failed(self, exc: BaseException) -> None:
        """The choices stay; say what to do next."""
        page = self.preview_page
        if isinstance(exc, ImportRefused) and page is not None:
            head = exc.message.split("\n", 1)[0]
            lines = [head, *problem_lines(page.prepared, exc.problems[:20])]
            lines.append(_("Your choices are kept: change them and import again."))
            self.error.setText("\n".join(lines))
        elif isinstance(exc, StaleRecord):
            self.error.setText(
                error_message(exc)
                + "\n"
                + _("“Preview again” keeps the choices for records still in conflict.")
            )
            self.again_button.setVisible(True)
        elif isinstance(exc, AlreadyImported):
            self.phase = DONE
            self.start_button.setVisible(False)
        self._update()

    def preview_again(self) -> None:
        page = self.preview_page
        if page is None or self.running:
            return
        previous = page.prepared
        choices = page.choices()

        def work(conn, ctx: JobContext) -> Preview:
            ctx.check()
            return preview_again(Store(conn), previous)

        self.again_button.setVisible(False)
        self._submit(work, lambda fresh: self._previewed(fresh, choices), _("Previewing again…"))


def open_receive_dialog(parent: QWidget, session: Session) -> ReceiveBundleDialog:
    dialog = ReceiveBundleDialog(session, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
