"""Copying a sensitive field: cleared after the timeout, only if the clipboard still holds it."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from hrd_desk.ui.clipboard import ClipboardGuard
from tests.conftest import PASSPHRASE
from tests.ui.helpers import unlock
from tests.ui.test_unlock import make_vault


def test_cleared_after_timeout(qtbot) -> None:
    clipboard = QGuiApplication.clipboard()
    guard = ClipboardGuard(timeout_ms=100)
    guard.copy("+961 70 123 456")
    assert clipboard.text() == "+961 70 123 456"
    assert clipboard.mimeData().data("x-kde-passwordManagerHint").data() == b"secret"
    with qtbot.waitSignal(guard.cleared, timeout=5000):
        pass
    assert clipboard.text() == ""


def test_not_cleared_if_the_user_copied_something_else(qtbot) -> None:
    clipboard = QGuiApplication.clipboard()
    guard = ClipboardGuard(timeout_ms=100)
    cleared: list[bool] = []
    guard.cleared.connect(lambda: cleared.append(True))
    guard.copy("a phone number")
    clipboard.setText("the officer's own text")
    qtbot.waitUntil(lambda: not guard.pending, timeout=5000)
    assert clipboard.text() == "the officer's own text"
    assert cleared == []


def test_default_timeout_is_thirty_seconds() -> None:
    assert ClipboardGuard().timeout_ms == 30_000


def test_lock_clears_the_clipboard_at_once(qtbot, make_shell, vault_dir) -> None:
    make_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir, clipboard_timeout_ms=600_000)
    unlock(qtbot, shell, PASSPHRASE)
    shell.session.clipboard.copy("an address")
    assert QGuiApplication.clipboard().text() == "an address"
    shell.lock()
    assert QGuiApplication.clipboard().text() == ""


def test_ctrl_c_in_a_guarded_field_goes_through_the_guard(qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from hrd_desk.ui.clipboard import guard_copies

    guard = ClipboardGuard(timeout_ms=100)
    edit = QLineEdit("Villa 4, Rue des Oliviers")
    qtbot.addWidget(edit)
    action = guard_copies(edit, guard)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "Villa 4, Rue des Oliviers"
    assert guard.pending
    with qtbot.waitSignal(guard.cleared, timeout=5000):
        pass
    action.trigger()
    assert QGuiApplication.clipboard().text() == "Villa 4, Rue des Oliviers"
    assert guard.pending
