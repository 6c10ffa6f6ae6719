"""Locking: idle auto-lock, Ctrl+L, the lock button, OS signals; nothing shows case text after;
unlocking returns to the same section and place; workers are joined."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout

from hrd_desk.ui.sections import DEFENDERS, SETTINGS
from hrd_desk.ui.workers import with_connection
from tests.conftest import PASSPHRASE
from tests.ui.helpers import (
    MARKER,
    MarkerSection,
    all_widget_texts,
    click,
    flush_deletes,
    marker_registry,
    unlock,
    widgets_with_text,
)
from tests.ui.test_unlock import make_vault


def _open(qtbot, make_shell, vault_dir: Path, **kwargs):
    make_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir, registry=marker_registry(), **kwargs)
    unlock(qtbot, shell, PASSPHRASE)
    window = shell.main_window
    window.show_section(DEFENDERS)
    assert any(MARKER in text for text in all_widget_texts())
    return shell, window


def _assert_nothing_shows_case_text(qtbot, shell) -> None:
    assert shell.is_locked
    assert shell.unlock_window is not None and shell.unlock_window.isVisible()
    # Hidden at once …
    assert not any(MARKER in text for text in all_widget_texts())
    # … and destroyed on the next turn of the event loop: no widget keeps the text.
    flush_deletes()
    qtbot.waitUntil(lambda: widgets_with_text(MARKER) == [])
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert visible == [shell.unlock_window]


def test_idle_auto_lock(qtbot, make_shell, vault_dir: Path) -> None:
    shell, _window = _open(qtbot, make_shell, vault_dir, idle_timeout_ms=400)
    vault = shell.vault
    with qtbot.waitSignal(shell.locked, timeout=5000) as blocker:
        pass
    assert blocker.args == ["idle"]
    assert vault.is_locked
    _assert_nothing_shows_case_text(qtbot, shell)


def test_input_postpones_the_idle_lock(qtbot, make_shell, vault_dir: Path) -> None:
    shell, window = _open(qtbot, make_shell, vault_dir, idle_timeout_ms=60_000)
    shell.idle.set_timeout_ms(60_000)
    qtbot.waitUntil(lambda: shell.idle.remaining_ms() < 60_000)
    before = shell.idle.remaining_ms()
    qtbot.keyClick(window.search, "a")
    assert shell.idle.remaining_ms() > before
    assert not shell.is_locked


def test_ctrl_l_locks_and_unlock_returns_to_the_same_place(
    qtbot, make_shell, vault_dir: Path
) -> None:
    shell, window = _open(qtbot, make_shell, vault_dir)
    section = window.current_section()
    assert isinstance(section, MarkerSection)
    section.record_id = 7
    # A dialog left open by a section is closed and destroyed too.
    dialog = QDialog(section)
    QVBoxLayout(dialog).addWidget(QLabel(f"Editing {MARKER}", dialog))
    dialog.open()
    qtbot.waitExposed(dialog)
    MarkerSection.closed.clear()

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() in (window, dialog))
    with qtbot.waitSignal(shell.locked) as blocker:
        qtbot.keyClick(window.search, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == ["user"]
    assert MarkerSection.closed == [True]  # the section was told to drop its models
    _assert_nothing_shows_case_text(qtbot, shell)

    unlock(qtbot, shell, PASSPHRASE)
    again = shell.main_window
    assert again is not window
    assert again.current_section_key() == DEFENDERS
    assert again.current_section().restored == [{"record": 7}]
    assert again.current_section().record_id == 7


def test_lock_button_and_settings_tab_is_remembered(qtbot, make_shell, vault_dir: Path) -> None:
    shell, window = _open(qtbot, make_shell, vault_dir)
    settings = window.show_section(SETTINGS)
    settings.tabs.setCurrentIndex(1)
    assert window.lock_button.accessibleName() == "Lock the vault"
    with qtbot.waitSignal(shell.locked):
        click(window.lock_button)
    unlock(qtbot, shell, PASSPHRASE)
    assert shell.main_window.current_section_key() == SETTINGS
    assert shell.main_window.current_section().tabs.currentIndex() == 1


def test_lock_joins_workers_and_drops_their_results(qtbot, make_shell, vault_dir: Path) -> None:
    shell, _window = _open(qtbot, make_shell, vault_dir)
    vault = shell.vault
    results: list[object] = []
    started = []

    def slow(conn, ctx):
        started.append(conn.execute("SELECT count(*) FROM settings").fetchone())
        ctx.wait(30)  # until cancelled by the lock
        return "late"

    job = shell.workers.submit(with_connection(vault, slow), on_finished=results.append)
    qtbot.waitUntil(lambda: bool(started))
    shell.lock()
    assert shell.workers.join(0)  # nothing left running: the lock joined it
    assert vault.is_locked and vault._connections == []
    flush_deletes()
    assert results == [] and job.context.cancelled


def test_system_lock_signal_locks(qtbot, make_shell, vault_dir: Path) -> None:
    shell, _window = _open(qtbot, make_shell, vault_dir)
    with qtbot.waitSignal(shell.locked) as blocker:
        shell.monitor.onPrepareForSleep(True)
    assert blocker.args == ["suspend"]
    shell.monitor.onPrepareForSleep(False)  # waking up does nothing
    assert shell.is_locked


def test_lock_when_already_locked_is_harmless(qtbot, make_shell, vault_dir: Path) -> None:
    make_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir)
    window = shell.unlock_window
    shell.lock("idle")
    assert shell.unlock_window is window


@pytest.mark.parametrize("reason", ["screensaver", "session-lock"])
def test_screen_lock_signals(qtbot, make_shell, vault_dir: Path, reason: str) -> None:
    shell, _window = _open(qtbot, make_shell, vault_dir)
    with qtbot.waitSignal(shell.locked) as blocker:
        if reason == "screensaver":
            shell.monitor.onScreenSaver(True)
        else:
            shell.monitor.onSessionLock()
    assert blocker.args == [reason]


def test_window_titles_never_show_case_text(qtbot, make_shell, vault_dir: Path) -> None:
    _shell, window = _open(qtbot, make_shell, vault_dir)
    window.show_section(SETTINGS)
    window.show_section(DEFENDERS)
    titles = {w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()}
    assert titles == {"HRD Desk"}


def test_quit_joins_workers_and_locks(qtbot, make_shell, vault_dir: Path) -> None:
    shell, _window = _open(qtbot, make_shell, vault_dir)
    vault = shell.vault
    started = []

    def slow(conn, ctx):
        started.append(True)
        ctx.wait(30)

    shell.workers.submit(with_connection(vault, slow))
    qtbot.waitUntil(lambda: bool(started))
    shell.shutdown()  # what aboutToQuit runs
    assert shell.workers.join(0)
    assert vault.is_locked and vault._connections == []
