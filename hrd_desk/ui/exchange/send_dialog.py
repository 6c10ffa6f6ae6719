"""Send a bundle: a defender's whole file (from the defender's page) or the hearings, visits and
court cases the chosen contacts do not have yet (from Settings → Contacts).

Only verified contacts can be ticked, unless the officer asks to see the others too and reads
why that is risky. For a defender's file the consent service is asked first; when it says no,
the bundle is made only after the officer confirms that the transfer is allowed all the same,
and that confirmation is written in the defender's history (:mod:`.jobs`). The bundle is built
and written in a worker; the dialog then says what went to whom.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.sharing import SharingDecision
from hrd_desk.cases.store import Store
from hrd_desk.exchange.bundles import ExportedBundle
from hrd_desk.exchange.contacts import Contact, list_contacts
from hrd_desk.exchange.errors import NothingToExport
from hrd_desk.i18n import _, isolate, join_list, ngettext
from hrd_desk.ui.backup.job_dialog import JobDialog
from hrd_desk.ui.exchange.files import ask_bundle_target
from hrd_desk.ui.exchange.jobs import consent_decision, send_bundle
from hrd_desk.ui.exchange.parts import fit_to_contents
from hrd_desk.ui.exchange.values import (
    contact_state,
    kind_counts,
    one_line,
    quoted,
    spaced_fingerprint,
)
from hrd_desk.ui.session import Session
from hrd_desk.ui.widgets import mark_data, message_label
from hrd_desk.ui.workers import JobContext, with_connection

_ID = Qt.ItemDataRole.UserRole
_VERIFIED = Qt.ItemDataRole.UserRole + 1


def _contact_text(contact: Contact) -> str:
    label = isolate(one_line(contact.label))
    fp = isolate(spaced_fingerprint(contact.fingerprint))
    return f"{label}   {fp}   ({contact_state(contact.verified)})"


class SendBundleDialog(JobDialog):
    """``sent(bundle)`` once the bundle file was written (an :class:`ExportedBundle`)."""

    sent = Signal(object)

    def __init__(
        self,
        session: Session,
        *,
        defender_id: str | None = None,
        preselect: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.defender_id = defender_id
        self.decision: SharingDecision | None = None
        self.path: Path | None = None
        self.made: ExportedBundle | None = None
        self.setWindowTitle(_("Send to contacts"))

        intro = message_label(self)
        if defender_id is not None:
            intro.setText(
                _(
                    "The bundle holds this defender's whole file: the defender and every record "
                    "linked to them, names included. It is encrypted so that only the contacts "
                    "you tick can open it, and signed by this vault."
                )
            )
        else:
            intro.setText(
                _(
                    "The bundle holds the hearings, prison visits and court cases the contacts "
                    "you tick do not have yet (new, or changed since your last exchange with "
                    "them), with the records they link to. It is encrypted so that only those "
                    "contacts can open it, and signed by this vault."
                )
            )
        self.who = QLabel(self)
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        self.who.setVisible(False)
        store = session.store
        if defender_id is not None:
            defender = store.find(Defender, defender_id)
            pseudonym = defender.pseudonym if defender is not None else defender_id
            self.who.setText(_("Defender: {name}").format(name=isolate(one_line(pseudonym))))
            self.who.setVisible(True)

        to_label = QLabel(_("&To:"), self)
        self.contacts = mark_data(QListWidget(self))
        self.contacts.setObjectName("sendContacts")
        self.contacts.setAccessibleName(_("Contacts to send to"))
        to_label.setBuddy(self.contacts)
        known = list_contacts(store.conn)
        for contact in known:
            item = QListWidgetItem(_contact_text(contact))
            item.setData(_ID, contact.id)
            item.setData(_VERIFIED, contact.verified)
            checked = preselect == contact.id and contact.verified
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.contacts.addItem(item)
        line = self.contacts.fontMetrics().height() + 8
        self.contacts.setMinimumHeight(line * min(6, max(3, len(known))))
        self.no_contacts = message_label(self)
        self.no_contacts.setText(
            _("There are no contacts yet. Add one in Settings → Contacts, and verify it.")
        )
        self.no_contacts.setVisible(not known)
        self.allow_unverified = QCheckBox(_("Also offer contacts that are &not verified"), self)
        self.allow_unverified.setVisible(any(not c.verified for c in known))
        self.unverified_warning = message_label(self)
        self.unverified_warning.setObjectName("unverifiedWarning")
        self.unverified_warning.setText(
            _(
                "A contact that is not verified may not be who its card says: anyone can make "
                "a card with any name. Tick one only if you are sure of it, and verify it as soon "
                "as you can."
            )
        )
        self.unverified_warning.setVisible(False)
        self.allow_unverified.toggled.connect(self._allow_unverified_toggled)

        self.consent_box = QGroupBox(_("Consent"), self)
        self.consent_text = message_label(self.consent_box)
        self.consent_text.setObjectName("consentText")
        self.send_anyway = QCheckBox(
            _("&Send anyway: this transfer is allowed all the same"), self.consent_box
        )
        self.send_anyway_note = message_label(self.consent_box)
        self.send_anyway_note.setText(
            _(
                "For example to your own headquarters, or to your own second laptop. Your "
                "decision is written in the defender's history."
            )
        )
        consent_layout = QVBoxLayout(self.consent_box)
        consent_layout.addWidget(self.consent_text)
        consent_layout.addWidget(self.send_anyway)
        consent_layout.addWidget(self.send_anyway_note)
        self.consent_box.setVisible(defender_id is not None)
        self.send_anyway.toggled.connect(self._update)
        self._add_job_widgets(
            start_text=_("Save the bundle…"),
            progress_name=_("Bundle progress"),
            status_name="sendStatus",
        )

        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addWidget(self.who)
        box.addSpacing(4)
        box.addWidget(to_label)
        box.addWidget(self.contacts, 1)
        box.addWidget(self.no_contacts)
        box.addWidget(self.allow_unverified)
        box.addWidget(self.unverified_warning)
        box.addWidget(self.consent_box)
        box.addWidget(self.progress)
        box.addWidget(self.status)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        self.contacts.itemChanged.connect(self._update)
        self._apply_flags()
        self.check_consent()
        fit_to_contents(self, 620)

    # -- choosing -----------------------------------------------------------------------------
    def _items(self) -> list[QListWidgetItem]:
        return [self.contacts.item(i) for i in range(self.contacts.count())]

    def chosen_ids(self) -> list[str]:
        return [
            item.data(_ID) for item in self._items() if item.checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, contact_id: str, checked: bool = True) -> bool:
        """Tick (or untick) a contact; False when it cannot be ticked now (not verified)."""
        for item in self._items():
            if item.data(_ID) == contact_id:
                if not item.flags() & Qt.ItemFlag.ItemIsEnabled:
                    return False
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return True
        return False

    def _apply_flags(self) -> None:
        allow = self.allow_unverified.isChecked()
        self.contacts.blockSignals(True)
        try:
            for item in self._items():
                flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
                if item.data(_VERIFIED) or allow:
                    flags |= Qt.ItemFlag.ItemIsEnabled
                elif item.checkState() == Qt.CheckState.Checked:
                    item.setCheckState(Qt.CheckState.Unchecked)
                item.setFlags(flags)
        finally:
            self.contacts.blockSignals(False)
        self._update()

    def _allow_unverified_toggled(self, on: bool) -> None:
        self.unverified_warning.setVisible(on)
        self._apply_flags()
        if on:
            self._grow()

    def _grow(self) -> None:
        width, height = self.width(), self.height()
        fit_to_contents(self, width)
        self.resize(width, max(height, self.height()))

    def check_consent(self) -> None:
        """Ask the consent service (a defender's file only) and show its answer."""
        if self.defender_id is None:
            return
        decision = consent_decision(self.session.store, self.defender_id)
        self.decision = decision
        if decision.allowed:
            lines = [
                _("The defender agreed that their file, names included, may go to headquarters.")
            ]
        else:
            lines = [
                _(
                    "The defender's consent does not cover sending their whole file, names "
                    "included, out of this vault:"
                ),
                *(f"• {reason}" for reason in decision.reasons),
            ]
        lines += [f"• {warning}" for warning in decision.warnings]
        self.consent_text.setText("\n".join(lines))
        refused = not decision.allowed
        self.send_anyway.setVisible(refused)
        self.send_anyway_note.setVisible(refused)
        if not refused:
            self.send_anyway.setChecked(False)
        self._update()

    @property
    def consent_refused(self) -> bool:
        return self.decision is not None and not self.decision.allowed

    def _update(self, *_args: object) -> None:
        if not hasattr(self, "start_button"):
            return  # still building
        ready = bool(self.chosen_ids()) and (
            not self.consent_refused or self.send_anyway.isChecked()
        )
        self.start_button.setEnabled(ready and not self.running and self.made is None)

    # -- running ------------------------------------------------------------------------------
    def start(self, path: Path | None = None) -> None:
        if self.running or not self.start_button.isEnabled():
            return
        if path is None:
            path = ask_bundle_target(
                self, self.session.store.today, discreet=self.session.prefs.discreet
            )
            # The save dialog runs its own event loop: a lock may have come meanwhile.
            if path is None or not shiboken6.isValid(self) or self.session.closed:
                return
        self.path = Path(path)
        out = self.path
        to = self.chosen_ids()
        defender_id = self.defender_id
        allow = self.allow_unverified.isChecked()
        anyway = self.consent_refused and self.send_anyway.isChecked()

        def work(conn, ctx: JobContext) -> ExportedBundle:
            ctx.check()
            return send_bundle(
                Store(conn),
                out,
                to,
                defender_id=defender_id,
                allow_unverified=allow,
                send_despite_consent=anyway,
                check=ctx.check,
            )

        self._run(
            self.session.workers,
            with_connection(self.session.vault, work),
            name="send bundle",
            status=_("Making the bundle…"),
            hold=None,
        )
        self.progress.setRange(0, 0)

    def _set_running(self, running: bool) -> None:
        for widget in (self.contacts, self.allow_unverified, self.send_anyway):
            widget.setEnabled(not running and self.made is None)
        self.close_button.setText(_("Cancel") if running else _("Close"))
        self._update()

    def _done(self, made: ExportedBundle) -> None:
        self.made = made
        total = sum(made.counts.values())
        lines = [
            _("The bundle was saved: {path}").format(path=isolate(self.path)),
            ngettext(
                "{n} record, for {contacts}:",
                "{n} records, for {contacts}:",
                total,
            ).format(n=total, contacts=join_list(quoted(c.label) for c in made.recipients)),
            kind_counts(made.counts),
            _(
                "Only these contacts, and this vault, can open it. Hand it over by any means: "
                "a USB stick, email, a messenger."
            ),
        ]
        if self.consent_refused:
            lines.append(
                _("You sent it despite the consent check; this is written in the history.")
            )
        self.status.setText("\n".join(lines))
        self.start_button.setVisible(False)
        self._end()
        self._grow()
        self.close_button.setFocus()
        self.sent.emit(made)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, NothingToExport):
            self._end()
            self.error.setVisible(False)
            self.status.setText(exc.message)
            self.status.setVisible(True)
            return
        super()._failed(exc)

    def _cancelled(self) -> None:
        self._end()
        self.status.setText(_("Cancelled: no bundle was written, nothing was recorded as sent."))


def open_send_dialog(
    parent: QWidget,
    session: Session,
    *,
    defender_id: str | None = None,
    preselect: str | None = None,
) -> SendBundleDialog:
    dialog = SendBundleDialog(session, defender_id=defender_id, preselect=preselect, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
