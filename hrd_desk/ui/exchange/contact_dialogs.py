"""Small dialogs of Settings → Contacts: add a contact from its card, verify it by its
fingerprint, rename it. Each writes through :mod:`hrd_desk.exchange.contacts` (audited) on the
main connection (one short transaction) and says what went wrong in the service's words."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.crypto.errors import HrdDeskError
from hrd_desk.exchange import contacts
from hrd_desk.exchange.contacts import Contact
from hrd_desk.i18n import _, isolate
from hrd_desk.ui.exchange.files import CARD_MAX_BYTES, choose_card_file
from hrd_desk.ui.exchange.parts import fit_to_contents
from hrd_desk.ui.exchange.values import quoted, spaced_fingerprint
from hrd_desk.ui.session import Session
from hrd_desk.ui.widgets import mark_data, message_label, monospace_font
from hrd_desk.ui.workers import error_message


class _ContactDialog(QDialog):
    """Intro text, the dialog's own fields, an error line, and [action] [Cancel]."""

    def __init__(self, session: Session, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(title)
        self.setModal(True)
        self.error = message_label(self, error=True)
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = self.buttons.addButton(
            _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.rejected.connect(self.reject)
        self.box = QVBoxLayout(self)

    def _action(self, text: str) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
        button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        return button

    def _finish_layout(self, *, stretch: bool = True) -> None:
        self.box.addWidget(self.error)
        if stretch:
            self.box.addStretch(1)
        self.box.addWidget(self.buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
        width, height = self.width(), self.height()
        fit_to_contents(self, width)  # room for the message, the text above it stays whole
        self.resize(width, max(height, self.height()))

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class AddContactDialog(_ContactDialog):
    """``added(contact, is_new)`` once the card was stored (unverified) or was already known."""

    added = Signal(object, bool)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Add a contact"), parent)
        self.file_dialog = None
        intro = message_label(self)
        intro.setText(
            _(
                "Paste the contact card you received, or load its file. The contact is added "
                "as not verified: before you send anything to it, call its owner and compare "
                "the fingerprint."
            )
        )
        self.card = mark_data(QPlainTextEdit(self))
        self.card.setAccessibleName(_("Contact card"))
        self.card.setFont(monospace_font(0.9))
        self.card.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.card.setTabChangesFocus(True)
        card_label = QLabel(_("Contact &card:"), self)
        card_label.setBuddy(self.card)
        self.load_button = QPushButton(_("Load from a file…"), self)
        self.load_button.clicked.connect(self.choose_file)
        self.label = mark_data(QLineEdit(self))
        self.label.setAccessibleName(_("Your name for this contact"))
        label_label = QLabel(_("Your &name for it (optional):"), self)
        label_label.setBuddy(self.label)
        self.add_button = self._action(_("Add contact"))
        self.card.textChanged.connect(self._update)

        self.box.addWidget(intro)
        self.box.addWidget(card_label)
        self.box.addWidget(self.card, 1)
        row = QHBoxLayout()
        row.addWidget(self.load_button)
        row.addStretch(1)
        self.box.addLayout(row)
        self.box.addWidget(label_label)
        self.box.addWidget(self.label)
        self._finish_layout(stretch=False)
        self._update()
        self.resize(560, 420)

    def _update(self) -> None:
        self.add_button.setEnabled(bool(self.card.toPlainText().strip()))

    def choose_file(self) -> None:
        self.file_dialog = choose_card_file(
            self, self.load_file, discreet=self.session.prefs.discreet
        )

    def load_file(self, path: str | Path) -> None:
        try:
            with open(path, "rb") as fh:
                raw = fh.read(CARD_MAX_BYTES + 1)
        except OSError as exc:
            self.show_error(
                _("The file {path} cannot be read ({reason}).").format(
                    path=path, reason=exc.strerror or type(exc).__name__
                )
            )
            return
        if len(raw) > CARD_MAX_BYTES:
            self.show_error(_("This file is too large to be a contact card."))
            return
        self.error.setVisible(False)
        self.card.setPlainText(raw.decode("utf-8", errors="replace"))

    def submit(self) -> None:
        text = self.card.toPlainText().strip()
        if not text:
            return
        store = self.session.store
        known = {c.id for c in contacts.list_contacts(store.conn)}
        try:
            contact = contacts.add_contact(store, text, label=self.label.text().strip() or None)
        except HrdDeskError as exc:
            self.show_error(error_message(exc))
            return
        self.added.emit(contact, contact.id not in known)
        self.accept()


class VerifyContactDialog(_ContactDialog):
    """Mark a contact verified once the fingerprint its owner reads out matches its keys.

    The contact's fingerprint is not shown here on purpose: the officer types what the owner
    reads, so a card swapped on the way cannot pass by being read from the screen."""

    verified = Signal(object)

    def __init__(self, session: Session, contact: Contact, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Verify a contact"), parent)
        self.contact = contact
        who = QLabel(self)
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setText(_("Contact: {label}").format(label=quoted(contact.label)))
        steps = message_label(self)
        steps.setText(
            "\n".join(
                [
                    _(
                        "1. Call the owner of this contact on a number you already know (not one "
                        "that came with the card), or meet them."
                    ),
                    _(
                        "2. Ask them to open Settings → Contacts in their HRD Desk and read out "
                        "their fingerprint: five groups of four letters and digits."
                    ),
                    _(
                        "3. Type what they read. Do not read a fingerprint to them: they read, "
                        "you type. Spaces, dashes and capital letters do not matter."
                    ),
                ]
            )
        )
        self.fingerprint = mark_data(QLineEdit(self))
        self.fingerprint.setFont(monospace_font(1.3))
        self.fingerprint.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.fingerprint.setPlaceholderText("XXXX XXXX XXXX XXXX XXXX")
        self.fingerprint.setAccessibleName(_("Fingerprint read by the owner"))
        fp_label = QLabel(_("&Fingerprint as read by the owner:"), self)
        fp_label.setBuddy(self.fingerprint)
        self.verify_button = self._action(_("Mark as verified"))
        self.fingerprint.textChanged.connect(self._update)

        self.box.addWidget(who)
        self.box.addWidget(steps)
        self.box.addSpacing(6)
        self.box.addWidget(fp_label)
        self.box.addWidget(self.fingerprint)
        self._finish_layout()
        self._update()
        fit_to_contents(self, 560)

    def _update(self) -> None:
        self.verify_button.setEnabled(bool(self.fingerprint.text().strip()))

    def submit(self) -> None:
        typed = self.fingerprint.text().strip()
        if not typed:
            return
        try:
            contact = contacts.mark_verified(self.session.store, self.contact.id, typed)
        except HrdDeskError as exc:
            # Stays unverified; the typed text stays, to be checked against the owner again.
            self.show_error(error_message(exc))
            self.fingerprint.setFocus()
            self.fingerprint.selectAll()
            return
        self.verified.emit(contact)
        self.accept()


class RenameContactDialog(_ContactDialog):
    renamed = Signal(object)

    def __init__(self, session: Session, contact: Contact, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Rename a contact"), parent)
        self.contact = contact
        note = message_label(self)
        note.setText(
            _(
                "The name is yours: it is shown only in this vault. The fingerprint {fp} stays "
                "the same."
            ).format(fp=isolate(spaced_fingerprint(contact.fingerprint)))
        )
        self.label = mark_data(QLineEdit(self))
        self.label.setText(contact.label)
        self.label.selectAll()
        self.label.setAccessibleName(_("Name of the contact"))
        label_label = QLabel(_("&Name:"), self)
        label_label.setBuddy(self.label)
        self.rename_button = self._action(_("Rename"))
        self.label.textChanged.connect(
            lambda text: self.rename_button.setEnabled(bool(text.strip()))
        )
        self.box.addWidget(note)
        self.box.addWidget(label_label)
        self.box.addWidget(self.label)
        self._finish_layout()
        fit_to_contents(self, 480)

    def submit(self) -> None:
        try:
            contact = contacts.rename_contact(
                self.session.store, self.contact.id, self.label.text()
            )
        except HrdDeskError as exc:
            self.show_error(error_message(exc))
            return
        self.renamed.emit(contact)
        self.accept()
