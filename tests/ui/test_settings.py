"""The Settings section: app preferences, vault settings, passphrase, device binding, slots."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QWidget

from hrd_desk.cases.settings import BACKUP_REMINDER_DAYS, SHOW_NAMES, VAULT_NAME, get_setting
from hrd_desk.crypto.device import DeviceKeyring
from hrd_desk.crypto.errors import WrongPassphrase
from hrd_desk.crypto.vault import open_vault
from hrd_desk.i18n import N_
from hrd_desk.ui.preferences import Preferences
from hrd_desk.ui.sections import CONTACTS_PANE, SETTINGS
from hrd_desk.ui.settings.dialogs import ChangePassphraseDialog, ConfirmPassphraseDialog
from tests.conftest import PASSPHRASE
from tests.test_keyring import MemoryKeyring
from tests.ui.helpers import click, shell_registry, unlock
from tests.ui.test_unlock import make_vault

NEW = "an entirely new passphrase here"


def _settings(qtbot, make_shell, vault_dir: Path, **kwargs):
    make_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir, **kwargs)
    unlock(qtbot, shell, PASSPHRASE)
    return shell, shell.main_window.show_section(SETTINGS)


def _dialog(kind: type) -> QWidget:
    qtbot_found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)]
    return next(w for w in qtbot_found if w.isVisible())


def test_preferences_and_vault_settings(qtbot, make_shell, vault_dir: Path) -> None:
    shell, page = _settings(qtbot, make_shell, vault_dir)
    assert page.idle_minutes.value() == 5
    page.idle_minutes.setValue(12)
    assert Preferences().idle_minutes == 12
    assert shell.idle.timeout_ms == 12 * 60_000

    page.vault_name.setText("Post B")
    page.vault_name.editingFinished.emit()
    assert shell.main_window.vault_label.text() == "Vault: \u2068Post B\u2069"
    assert not page.show_names.isChecked()
    page.show_names.setChecked(True)
    assert page.backup_days.value() == 7
    page.backup_days.setValue(14)
    conn = shell.vault.connection
    assert get_setting(conn, VAULT_NAME) == "Post B"
    assert get_setting(conn, SHOW_NAMES) is True
    assert get_setting(conn, BACKUP_REMINDER_DAYS) == 14
    assert page.last_backup.text() == "Last backup: never"


def test_change_passphrase(qtbot, make_shell, vault_dir: Path) -> None:
    shell, page = _settings(qtbot, make_shell, vault_dir)
    click(page.change_button)
    dialog = _dialog(ChangePassphraseDialog)
    qtbot.waitExposed(dialog)
    assert not dialog.ok_button().isEnabled()
    dialog.current.setText("wrong current passphrase")
    dialog.new.first.setText(NEW)
    dialog.new.second.setText(NEW)
    assert dialog.ok_button().isEnabled()
    click(dialog.ok_button())
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == WrongPassphrase().message
    assert dialog.current.text() == ""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.current.edit)

    dialog.current.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.succeeded):
        click(dialog.ok_button())
    shell.lock()
    open_vault(vault_dir, NEW).lock()


def test_binding_unavailable_is_a_status_not_an_error(qtbot, make_shell, vault_dir) -> None:
    _shell, page = _settings(qtbot, make_shell, vault_dir)
    assert page.device_status.text().startswith("Unavailable: ")
    assert page.device_state.text() == "This vault is not bound to any computer."
    assert not page.bind_button.isEnabled()


def test_bind_to_this_computer(qtbot, make_shell, vault_dir: Path) -> None:
    keyring = DeviceKeyring(MemoryKeyring())
    shell, page = _settings(qtbot, make_shell, vault_dir, keyring=keyring)
    assert page.device_status.text().startswith("Available: ")
    assert page.bind_button.isEnabled()
    click(page.bind_button)
    dialog = _dialog(ConfirmPassphraseDialog)
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.succeeded):
        click(dialog.ok_button())
    assert shell.vault.header.device_bound
    assert page.device_state.text() == "This vault is bound to this computer."
    assert page.bind_button.text() == "Remove the binding…"
    shell.lock()
    # Unlocking through the window uses this computer's keyring.
    unlock(qtbot, shell, PASSPHRASE)


def test_slots_for_programmes_and_contacts(qtbot, make_shell, vault_dir: Path) -> None:
    registry = shell_registry()
    registry.register_settings_pane(
        CONTACTS_PANE, N_("Contacts"), lambda session: QLabel("contacts pane")
    )
    _shell, page = _settings(qtbot, make_shell, vault_dir, registry=registry)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles == ["General", "Security", "Programmes", "Contacts"]
    assert "being built" in " ".join(
        label.text() for label in page.tabs.widget(2).findChildren(QLabel)
    )
    assert isinstance(page.tabs.widget(3), QLabel)
    assert page.tabs.widget(3).text() == "contacts pane"
