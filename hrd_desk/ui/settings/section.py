"""The Settings section: General, Security, and the slots for Programmes and Contacts.

Two stores, on purpose: preferences of the person at this computer (language, auto-lock,
discreet mode) in :class:`~hrd_desk.ui.preferences.Preferences`; what belongs to the post (its
name, show names, backup reminder) in the vault's encrypted settings, via the session.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases import settings as vault_settings
from hrd_desk.i18n import N_, _, current_language
from hrd_desk.ui.language import language_selector
from hrd_desk.ui.main_window import backup_age_text
from hrd_desk.ui.preferences import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES
from hrd_desk.ui.sections import CONTACTS_PANE, PROGRAMMES_PANE
from hrd_desk.ui.session import Session
from hrd_desk.ui.settings.dialogs import ChangePassphraseDialog, ConfirmPassphraseDialog
from hrd_desk.ui.widgets import Placeholder, mark_data, message_label

_SLOTS = (
    (PROGRAMMES_PANE, N_("Programmes"), N_("Programmes with their caps and currencies")),
    (CONTACTS_PANE, N_("Contacts"), N_("Headquarters' public keys, with their fingerprints")),
)


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


def _form(parent: QWidget) -> QFormLayout:
    form = QFormLayout(parent)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
    return form


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _stack(*widgets: QWidget) -> QWidget:
    """Widgets one under the other; controls keep their natural width, wrapped text fills."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    for widget in widgets:
        if isinstance(widget, QLabel) and widget.wordWrap():
            column.addWidget(widget)  # an alignment here would break height-for-width
        else:
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeading)
    return box


def _with_note(control: QWidget, note: str) -> QWidget:
    """A control with its explanation right under it (kept together, wrapped)."""
    text = message_label()
    text.setText(note)
    text.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return _stack(control, text)


def _with_unit(spin: QSpinBox, unit: QLabel) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(spin)
    row.addWidget(unit)
    row.addStretch(1)
    return box


class SettingsSection(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(_scrolled(self._general_tab()), _("General"))
        self.tabs.addTab(_scrolled(self._security_tab()), _("Security"))
        registry = session.registry
        for key, title, text in _SLOTS:
            pane = registry.settings_pane(key)
            if pane is not None:
                self.tabs.addTab(pane.factory(session), _(pane.title))
            else:
                self.tabs.addTab(
                    Placeholder(_(text), _("This part of the settings is being built.")), _(title)
                )
        slot_keys = {key for key, _t, _x in _SLOTS}
        for pane in registry.settings_panes():
            if pane.key not in slot_keys:
                self.tabs.addTab(pane.factory(session), _(pane.title))
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.tabs)

    # -- section protocol ---------------------------------------------------------------------
    def section_location(self) -> int:
        return self.tabs.currentIndex()

    def restore_section_location(self, location: object) -> None:
        if isinstance(location, int) and 0 <= location < self.tabs.count():
            self.tabs.setCurrentIndex(location)

    # -- General ------------------------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        prefs = self.session.prefs

        computer = QGroupBox(_("On this computer"), page)
        form = _form(computer)
        self.language = language_selector(current_language(), computer)
        self.language.setAccessibleName(_("Language"))
        self.language.activated.connect(self._language_chosen)
        form.addRow(
            _label(_("&Language:"), self.language),
            _with_note(self.language, _("Changing the language redraws the windows at once.")),
        )
        self.idle_minutes = QSpinBox(computer)
        self.idle_minutes.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle_minutes.setValue(prefs.idle_minutes)
        self.idle_minutes.setAccessibleName(_("Lock after this many idle minutes"))
        self.idle_minutes.valueChanged.connect(self._idle_changed)
        form.addRow(
            _label(_("Lock after &idle:"), self.idle_minutes),
            _with_unit(self.idle_minutes, QLabel(_("minutes"), computer)),
        )
        self.discreet = QCheckBox(_("&Discreet mode"), computer)
        self.discreet.setChecked(prefs.discreet)
        self.discreet.toggled.connect(self._discreet_changed)
        form.addRow(
            "",
            _with_note(
                self.discreet,
                _(
                    "This computer does not remember which vaults were opened: no recent "
                    "list, and file dialogs forget the folders you visited."
                ),
            ),
        )
        outer.addWidget(computer)

        post = QGroupBox(_("For this vault (stored encrypted inside it)"), page)
        form = _form(post)
        self.vault_name = mark_data(QLineEdit(post))
        self.vault_name.setText(str(self.session.setting(vault_settings.VAULT_NAME, "")))
        self.vault_name.setAccessibleName(_("Vault name"))
        self.vault_name.setMinimumWidth(self.vault_name.fontMetrics().averageCharWidth() * 32)
        self.vault_name.editingFinished.connect(self._vault_name_changed)
        form.addRow(_label(_("Vault &name:"), self.vault_name), self.vault_name)

        self.show_names = QCheckBox(_("Show defenders' full &names by default"), post)
        self.show_names.setChecked(bool(self.session.setting(vault_settings.SHOW_NAMES, False)))
        self.show_names.toggled.connect(
            lambda on: self.session.set_setting(vault_settings.SHOW_NAMES, bool(on))
        )
        form.addRow(
            "",
            _with_note(
                self.show_names,
                _("When off, lists show pseudonyms; names appear only on request."),
            ),
        )
        self.backup_days = QSpinBox(post)
        self.backup_days.setRange(1, 365)
        self.backup_days.setValue(
            int(
                self.session.setting(
                    vault_settings.BACKUP_REMINDER_DAYS,
                    vault_settings.DEFAULT_BACKUP_REMINDER_DAYS,
                )
            )
        )
        self.backup_days.setAccessibleName(_("Backup reminder interval in days"))
        self.backup_days.valueChanged.connect(
            lambda days: self.session.set_setting(vault_settings.BACKUP_REMINDER_DAYS, int(days))
        )
        self.last_backup = QLabel(post)
        self.last_backup.setText(
            _("Last backup: {when}").format(
                when=backup_age_text(self.session.setting(vault_settings.LAST_BACKUP_AT))
            )
        )
        reminder = _with_unit(self.backup_days, QLabel(_("days"), post))
        form.addRow(
            _label(_("Remind me to &back up every:"), self.backup_days),
            _stack(reminder, self.last_backup),
        )
        outer.addWidget(post)
        outer.addStretch(1)
        return page

    def _language_chosen(self, index: int) -> None:
        lang = self.language.itemData(index)
        if lang and lang != current_language():
            self.session.languageChangeRequested.emit(lang)

    def _idle_changed(self, minutes: int) -> None:
        self.session.prefs.idle_minutes = minutes
        self.session.preferencesChanged.emit()

    def _discreet_changed(self, on: bool) -> None:
        self.session.prefs.discreet = on
        if not on:
            self.session.prefs.add_recent_vault(self.session.vault.folder)
        self.session.preferencesChanged.emit()

    def _vault_name_changed(self) -> None:
        name = self.vault_name.text().strip()
        if name != self.session.setting(vault_settings.VAULT_NAME, ""):
            self.session.set_setting(vault_settings.VAULT_NAME, name)

    # -- Security -----------------------------------------------------------------------------
    def _security_tab(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)

        passphrase = QGroupBox(_("Passphrase"), page)
        box = QVBoxLayout(passphrase)
        text = message_label(passphrase)
        text.setText(_("Change the passphrase that opens this vault. You need the current one."))
        self.change_button = QPushButton(_("Change passphrase…"), passphrase)
        self.change_button.clicked.connect(self._change_passphrase)
        box.addWidget(text)
        box.addWidget(self.change_button, 0, Qt.AlignmentFlag.AlignLeading)
        outer.addWidget(passphrase)

        device = QGroupBox(_("Bind this vault to this computer"), page)
        box = QVBoxLayout(device)
        explanation = message_label(device)
        explanation.setText(
            _(
                "When bound, the vault opens only on this computer: a secret kept in this "
                "computer's keyring is needed together with your passphrase. Someone who copies "
                "the vault folder cannot try passphrases elsewhere. To move to a new computer, "
                "use the recovery key (it removes the binding)."
            )
        )
        self.device_status = message_label(device)
        self.device_state = message_label(device)
        self.bind_button = QPushButton(device)
        self.bind_button.clicked.connect(self._toggle_binding)
        box.addWidget(explanation)
        box.addWidget(self.device_status)
        box.addWidget(self.device_state)
        box.addWidget(self.bind_button, 0, Qt.AlignmentFlag.AlignLeading)
        outer.addWidget(device)
        outer.addStretch(1)
        self._update_device()
        return page

    def _update_device(self) -> None:
        keyring = self.session.device_keyring()
        bound = self.session.vault.header.device_bound
        self.device_status.setText(keyring.status_text())
        self.device_state.setText(
            _("This vault is bound to this computer.")
            if bound
            else _("This vault is not bound to any computer.")
        )
        self.bind_button.setText(_("Remove the binding…") if bound else _("Bind to this computer…"))
        self.bind_button.setEnabled(keyring.available)

    def _change_passphrase(self) -> None:
        dialog = ChangePassphraseDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _toggle_binding(self) -> None:
        vault, keyring = self.session.vault, self.session.device_keyring()
        if vault.header.device_bound:
            title = _("Remove the binding")
            text = _("Enter the passphrase to let this vault open on any computer again.")

            def action(passphrase: str) -> None:
                vault.unbind_from_device(passphrase, keyring)
        else:
            title = _("Bind this vault to this computer")
            text = _("Enter the passphrase to bind this vault to this computer.")

            def action(passphrase: str) -> None:
                vault.bind_to_device(passphrase, keyring)

        dialog = ConfirmPassphraseDialog(self.session, title, text, action, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.succeeded.connect(self._update_device)
        dialog.open()
