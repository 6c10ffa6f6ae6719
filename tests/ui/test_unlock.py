"""The unlock screen: wrong passphrase, right passphrase, recovery key, demo hint, Caps Lock."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hrd_desk.cases.schema import migrate
from hrd_desk.crypto import keyslots
from hrd_desk.crypto.errors import WrongPassphrase
from hrd_desk.crypto.vault import create_vault, header_path, open_vault
from hrd_desk.ui.unlock.recovery import RecoveryDialog
from tests.conftest import PASSPHRASE
from tests.support.files import snapshot
from tests.ui.helpers import click


def make_vault(folder: Path, *, demo: bool = False) -> str:
    vault, recovery_key = create_vault(folder, PASSPHRASE, demo=demo)
    migrate(vault.connection)
    vault.lock()
    return recovery_key


def test_wrong_passphrase_then_right_one(qtbot, make_shell, vault_dir: Path) -> None:
    make_vault(vault_dir)
    before = snapshot(vault_dir)
    shell = make_shell(vault_path=vault_dir)
    window = shell.unlock_window
    qtbot.waitExposed(window)
    assert window.selected_vault() == str(vault_dir)

    qtbot.keyClicks(window.passphrase.edit, "not the passphrase")
    click(window.unlock_button)
    qtbot.waitUntil(lambda: window.error.isVisible())
    assert window.error.text() == "Wrong passphrase. Try again."
    assert window.passphrase.text() == ""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.passphrase.edit)
    assert snapshot(vault_dir) == before, "a wrong passphrase must not change a byte"
    assert window.unlock_button.isEnabled() is False  # nothing typed yet

    qtbot.keyClicks(window.passphrase.edit, PASSPHRASE)
    qtbot.keyClick(window.passphrase.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.main_window is not None and shell.main_window.isVisible())
    assert shell.unlock_window is None
    assert not shiboken6.isValid(window) or not window.isVisible()
    assert shell.vault is not None and not shell.vault.is_locked


def test_unlock_shows_busy_state_while_the_kdf_runs(qtbot, make_shell, vault_dir: Path) -> None:
    make_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir)
    window = shell.unlock_window
    window.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(shell.unlocked):
        window.unlock()
        # Submitted to a worker: the GUI thread is free and says so.
        assert window.busy.isVisibleTo(window)
        assert window.unlock_button.text() == "Unlocking…"
        assert not window.unlock_button.isEnabled()


def test_recovery_key_sets_a_new_passphrase_and_opens(qtbot, make_shell, vault_dir: Path) -> None:
    recovery_key = make_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir)
    window = shell.unlock_window
    click(window.recovery_button)
    dialog = window.recovery_dialog
    assert isinstance(dialog, RecoveryDialog)
    qtbot.waitExposed(dialog)

    # A typo is caught by the key's check digits; what was typed stays for correction.
    typo = ("Z" if recovery_key[0] != "Z" else "Y") + recovery_key[1:]
    qtbot.keyClicks(dialog.key, typo)
    qtbot.keyClicks(dialog.new.first.edit, "a brand new passphrase for us")
    qtbot.keyClicks(dialog.new.second.edit, "a brand new passphrase for us")
    assert dialog.ok.isEnabled()
    click(dialog.ok)
    qtbot.waitUntil(lambda: dialog.key_error.isVisible())
    assert "typo" in dialog.key_error.text()
    assert dialog.key.text() == typo

    dialog.key.setText(recovery_key.lower().replace("-", " "))
    with qtbot.waitSignal(shell.unlocked):
        click(dialog.ok)
    assert shell.main_window is not None and shell.main_window.isVisible()
    shell.lock()
    open_vault(vault_dir, "a brand new passphrase for us").lock()
    try:
        open_vault(vault_dir, PASSPHRASE)
    except WrongPassphrase:
        pass
    else:  # pragma: no cover - the assertion that must fail if recovery kept the old slot
        raise AssertionError("the old passphrase still opens the vault")


def test_demo_vault_hint(qtbot, make_shell, tmp_path: Path) -> None:
    demo, real = tmp_path / "demo", tmp_path / "real"
    make_vault(demo, demo=True)
    make_vault(real)
    assert keyslots.read_header(header_path(demo))[0].demo
    shell = make_shell(vault_path=demo)
    window = shell.unlock_window
    qtbot.waitExposed(window)
    assert window.demo_hint.isVisible()
    assert "demo" in window.demo_hint.text()
    window.select_vault(real)
    assert not window.demo_hint.isVisible()


def test_caps_lock_warning(qtbot, make_shell, vault_dir: Path) -> None:
    make_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir)
    field = shell.unlock_window.passphrase
    qtbot.waitExposed(shell.unlock_window)
    assert not field.caps_warning.isVisible()
    qtbot.keyClick(field.edit, "A")  # upper case without Shift: Caps Lock
    assert field.caps_warning.isVisible()
    qtbot.keyClick(field.edit, "a")
    assert not field.caps_warning.isVisible()
    qtbot.keyClick(field.edit, "A", Qt.KeyboardModifier.ShiftModifier)
    assert not field.caps_warning.isVisible()


def test_show_hide_passphrase(qtbot, make_shell, vault_dir: Path) -> None:
    make_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir)
    field = shell.unlock_window.passphrase
    assert field.edit.echoMode() == field.edit.EchoMode.Password
    click(field.toggle)
    assert field.edit.echoMode() == field.edit.EchoMode.Normal
    assert field.toggle.accessibleName() == "Hide the passphrase"
    click(field.toggle)
    assert field.edit.echoMode() == field.edit.EchoMode.Password
