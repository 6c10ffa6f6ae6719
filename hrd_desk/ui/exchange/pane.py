"""Settings → Contacts: this vault's identity and contact card, the contacts it exchanges with,
and the two everyday exchanges (send what is new, receive a bundle).

The identity is made the first time this pane is shown (:func:`ensure_identity`, audited): the
fingerprint is what the officer reads to others, so it must be there to read.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.crypto.atomic import write_atomic
from hrd_desk.crypto.errors import HrdDeskError
from hrd_desk.exchange.contacts import Contact, list_contacts
from hrd_desk.exchange.identity import Identity, ensure_identity
from hrd_desk.i18n import _, isolate, ngettext
from hrd_desk.ui.exchange.contact_dialogs import (
    AddContactDialog,
    RenameContactDialog,
    VerifyContactDialog,
)
from hrd_desk.ui.exchange.files import ask_card_target
from hrd_desk.ui.exchange.parts import fingerprint_label
from hrd_desk.ui.exchange.receive_dialog import open_receive_dialog
from hrd_desk.ui.exchange.send_dialog import open_send_dialog
from hrd_desk.ui.exchange.values import added_on, contact_state, one_line, quoted
from hrd_desk.ui.exchange.values import spaced_fingerprint as spaced
from hrd_desk.ui.session import Session
from hrd_desk.ui.widgets import mark_data, message_label
from hrd_desk.ui.workers import error_message

_ID = Qt.ItemDataRole.UserRole


class ContactsPane(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactsPane")
        self.session = session
        self.identity: Identity | None = None
        #: the dialog opened from this pane (one at a time)
        self.dialog: QWidget | None = None

        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self._identity_group(page))
        column.addWidget(self._contacts_group(page))
        column.addWidget(self._exchange_group(page))
        column.addStretch(1)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(area)
        self.load_identity()
        self.refresh()

    # -- building -----------------------------------------------------------------------------
    def _identity_group(self, parent: QWidget) -> QGroupBox:
        group = QGroupBox(_("This vault"), parent)
        intro = message_label(group)
        intro.setText(
            _(
                "Give this vault's contact card to the vaults and headquarters you exchange "
                "with. Before they trust it, they call you and you read them this fingerprint."
            )
        )
        self.own_label = mark_data(QLineEdit(group))
        self.own_label.setAccessibleName(_("Name on this vault's contact card"))
        self.own_label.editingFinished.connect(self._own_label_edited)
        self.own_fingerprint = fingerprint_label(group)
        self.own_fingerprint.setObjectName("ownFingerprint")
        self.own_fingerprint.setAccessibleName(_("This vault's fingerprint"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        name_label = QLabel(_("Name on the &card:"), group)
        name_label.setBuddy(self.own_label)
        form.addRow(name_label, self.own_label)
        form.addRow(QLabel(_("Fingerprint:"), group), self.own_fingerprint)
        self.copy_button = QPushButton(_("Copy contact card"), group)
        self.copy_button.clicked.connect(self.copy_card)
        self.save_button = QPushButton(_("Save contact card…"), group)
        self.save_button.clicked.connect(lambda: self.save_card())
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        self.identity_status = message_label(group)
        self.identity_status.setObjectName("identityStatus")
        self.identity_error = message_label(group, error=True)
        box = QVBoxLayout(group)
        box.addWidget(intro)
        box.addLayout(form)
        box.addLayout(row)
        box.addWidget(self.identity_status)
        box.addWidget(self.identity_error)
        return group

    def _contacts_group(self, parent: QWidget) -> QGroupBox:
        group = QGroupBox(_("Contacts"), parent)
        intro = message_label(group)
        intro.setText(
            _(
                "Other vaults and headquarters, known by their public keys. Bundles go only to "
                "verified contacts: verify a contact by comparing its fingerprint with its owner."
            )
        )
        self.list = QTreeWidget(group)
        self.list.setObjectName("contactsList")
        self.list.setAccessibleName(_("Contacts"))
        self.list.setHeaderLabels([_("Name"), _("Fingerprint"), _("Verified"), _("Added")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setAllColumnsShowFocus(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.header().setStretchLastSection(True)
        self.list.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        line = self.list.fontMetrics().height() + 6
        self.list.setMinimumHeight(line * 6)
        self.list.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.list.itemActivated.connect(lambda *_a: self.verify_selected())
        self.empty = message_label(group)
        self.empty.setText(
            _("No contacts yet. Add the contact card of a vault or headquarters you exchange with.")
        )
        self.add_button = QPushButton(_("Add a contact…"), group)
        self.add_button.clicked.connect(self.add_contact)
        self.verify_button = QPushButton(_("Verify…"), group)
        self.verify_button.setToolTip(_("Compare the contact's fingerprint with its owner"))
        self.verify_button.clicked.connect(self.verify_selected)
        self.rename_button = QPushButton(_("Rename…"), group)
        self.rename_button.clicked.connect(self.rename_selected)
        row = QHBoxLayout()
        for button in (self.add_button, self.verify_button, self.rename_button):
            row.addWidget(button)
        row.addStretch(1)
        self.status = message_label(group)
        self.status.setObjectName("contactsStatus")
        box = QVBoxLayout(group)
        box.addWidget(intro)
        box.addWidget(self.list)
        box.addWidget(self.empty)
        box.addLayout(row)
        box.addWidget(self.status)
        return group

    def _exchange_group(self, parent: QWidget) -> QGroupBox:
        group = QGroupBox(_("Exchange"), parent)
        intro = message_label(group)
        intro.setText(
            _(
                "Send the hearings, prison visits and court cases a contact does not have yet, "
                "or import a bundle you received. A defender's whole file is sent from the "
                "defender's page."
            )
        )
        self.send_button = QPushButton(_("Send new hearings and visits…"), group)
        self.send_button.clicked.connect(self.send_new)
        self.receive_button = QPushButton(_("Receive a bundle…"), group)
        self.receive_button.clicked.connect(self.receive)
        row = QHBoxLayout()
        row.addWidget(self.send_button)
        row.addWidget(self.receive_button)
        row.addStretch(1)
        box = QVBoxLayout(group)
        box.addWidget(intro)
        box.addLayout(row)
        return group

    # -- reading ------------------------------------------------------------------------------
    def load_identity(self) -> None:
        try:
            self.identity = ensure_identity(self.session.store)
        except HrdDeskError as exc:
            self.identity = None
            self._identity_failed(error_message(exc))
            return
        self.own_label.setText(self.identity.label)
        self.own_fingerprint.setText(spaced(self.identity.fingerprint))

    def _identity_failed(self, text: str) -> None:
        self.identity_error.setText(text)
        self.identity_error.setVisible(True)
        for widget in (self.copy_button, self.save_button, self.own_label):
            widget.setEnabled(False)

    def contacts(self) -> list[Contact]:
        return list_contacts(self.session.store.conn)

    def refresh(self) -> None:
        if self.session.closed:
            return
        keep = self.selected_id()
        found = self.contacts()
        self.list.clear()
        for contact in found:
            item = QTreeWidgetItem(
                [
                    one_line(contact.label),
                    isolate(spaced(contact.fingerprint)),
                    contact_state(contact.verified),
                    added_on(contact.added_at),
                ]
            )
            item.setData(0, _ID, contact.id)
            item.setData(2, _ID, contact.verified)
            self.list.addTopLevelItem(item)
        for column in range(self.list.columnCount() - 1):
            self.list.resizeColumnToContents(column)
            self.list.setColumnWidth(column, self.list.columnWidth(column) + 16)
        self.list.setVisible(bool(found))
        self.empty.setVisible(not found)
        if (keep is None or not self.select(keep)) and found:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.send_button.setEnabled(bool(found))
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # a bundle imported from elsewhere may have added a contact

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(0, _ID) if item is not None else None

    def selected(self) -> Contact | None:
        wanted = self.selected_id()
        return next((c for c in self.contacts() if c.id == wanted), None) if wanted else None

    def select(self, contact_id: str) -> bool:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if item.data(0, _ID) == contact_id:
                self.list.setCurrentItem(item)
                return True
        return False

    def _update_buttons(self) -> None:
        item = self.list.currentItem()
        chosen = item is not None and item.data(0, _ID) is not None
        unverified = chosen and not item.data(2, _ID)
        self.verify_button.setEnabled(bool(unverified))
        self.rename_button.setEnabled(chosen)

    def _say(self, text: str) -> None:
        self.status.setText(text)

    # -- this vault ---------------------------------------------------------------------------
    def _own_label_edited(self) -> None:
        if self.identity is None:
            return
        text = self.own_label.text().strip()
        if text == self.identity.label:
            return
        try:
            self.identity = ensure_identity(self.session.store, label=text)
        except HrdDeskError as exc:
            self.identity_error.setText(error_message(exc))
            self.identity_error.setVisible(True)
            return
        self.identity_error.setVisible(False)
        self.own_label.setText(self.identity.label)
        self.identity_status.setText(
            _("Cards you give from now on carry this name; cards already given keep theirs.")
        )

    def card_text(self) -> str:
        assert self.identity is not None
        return self.identity.card().to_text()

    def copy_card(self) -> None:
        if self.identity is None:
            return
        self.session.clipboard.copy(self.card_text())
        seconds = max(1, self.session.clipboard.timeout_ms // 1000)
        self.identity_status.setText(
            ngettext(
                "The contact card is in the clipboard for {n} second: paste it now.",
                "The contact card is in the clipboard for {n} seconds: paste it now.",
                seconds,
            ).format(n=seconds)
        )

    def save_card(self, path: Path | None = None) -> Path | None:
        if self.identity is None:
            return None
        path = path or ask_card_target(self, discreet=self.session.prefs.discreet)
        if path is None or self.session.closed:
            return None
        try:
            write_atomic(Path(path), self.card_text().encode("utf-8"), mode=0o644)
        except OSError as exc:
            self.identity_error.setText(
                _("The contact card could not be written to {path} ({reason}).").format(
                    path=isolate(path), reason=exc.strerror or type(exc).__name__
                )
            )
            self.identity_error.setVisible(True)
            return None
        self.identity_error.setVisible(False)
        self.identity_status.setText(
            _("The contact card was saved to {path}. It holds no secret.").format(
                path=isolate(path)
            )
        )
        return Path(path)

    # -- contacts -----------------------------------------------------------------------------
    def _show(self, dialog: QWidget) -> QWidget:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: QWidget) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def add_contact(self) -> AddContactDialog:
        dialog = AddContactDialog(self.session, self)
        dialog.added.connect(self._added)
        self._show(dialog)
        return dialog

    def _added(self, contact: Contact, is_new: bool) -> None:
        self.refresh()
        self.select(contact.id)
        if not is_new:
            self._say(
                _("{label} was already a contact; nothing was changed.").format(
                    label=quoted(contact.label)
                )
            )
        elif not contact.verified:
            self._say(
                _(
                    "{label} was added, not verified. Call its owner and compare the "
                    "fingerprint: Verify…"
                ).format(label=quoted(contact.label))
            )

    def verify_selected(self) -> VerifyContactDialog | None:
        contact = self.selected()
        if contact is None or contact.verified:
            return None
        dialog = VerifyContactDialog(self.session, contact, self)
        dialog.verified.connect(self._verified)
        self._show(dialog)
        return dialog

    def _verified(self, contact: Contact) -> None:
        self.refresh()
        self.select(contact.id)
        self._say(
            _("{label} is verified: the fingerprint matches its keys.").format(
                label=quoted(contact.label)
            )
        )

    def rename_selected(self) -> RenameContactDialog | None:
        contact = self.selected()
        if contact is None:
            return None
        dialog = RenameContactDialog(self.session, contact, self)
        dialog.renamed.connect(lambda c: (self.refresh(), self.select(c.id), self._say("")))
        self._show(dialog)
        return dialog

    # -- exchange -----------------------------------------------------------------------------
    def send_new(self) -> QWidget:
        dialog = open_send_dialog(self, self.session, preselect=self.selected_id())
        self.dialog = dialog
        return dialog

    def receive(self) -> QWidget:
        dialog = open_receive_dialog(self, self.session)
        dialog.imported.connect(lambda _report: self.refresh())
        self.dialog = dialog
        return dialog
