"""The main window skeleton: navigation and shortcuts, search, New menu, status bar."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hrd_desk.cases.settings import LAST_BACKUP_AT, VAULT_NAME
from hrd_desk.i18n import N_
from hrd_desk.ui.main_window import backup_age_text
from hrd_desk.ui.sections import (
    DASHBOARD,
    DEFENDERS,
    DETENTION,
    GRANTS,
    REQUESTS,
    SETTINGS,
)
from tests.conftest import PASSPHRASE
from tests.ui.helpers import shell_registry, unlock
from tests.ui.test_unlock import make_vault


def _open(qtbot, make_shell, vault_dir: Path, registry=None, **kwargs):
    make_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir, registry=registry or shell_registry(), **kwargs)
    unlock(qtbot, shell, PASSPHRASE)
    window = shell.main_window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return shell, window


def test_navigation_and_section_shortcuts(qtbot, make_shell, vault_dir: Path) -> None:
    _shell, window = _open(qtbot, make_shell, vault_dir)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == [
        "Dashboard",
        "Defenders",
        "Requests",
        "Grants",
        "Detention & trials",
        "Settings",
    ]
    assert window.current_section_key() == DASHBOARD
    keys = [DASHBOARD, DEFENDERS, REQUESTS, GRANTS, DETENTION, SETTINGS]
    for number, key in reversed(list(enumerate(keys, start=1))):
        qtbot.keyClick(
            window, Qt.Key(Qt.Key.Key_0.value + number), Qt.KeyboardModifier.ControlModifier
        )
        assert window.current_section_key() == key
        assert window.nav.currentItem().text() == titles[number - 1]
    window.nav.setCurrentRow(2)
    assert window.current_section_key() == REQUESTS
    # Sections not built yet show a calm placeholder.
    assert "being built" in " ".join(
        label.text() for label in window.current_section().findChildren(type(window.vault_label))
    )


def test_search_is_debounced(qtbot, make_shell, vault_dir: Path) -> None:
    seen: list[str] = []
    registry = shell_registry()
    registry.register_search_handler(lambda host, text: seen.append(text))
    _shell, window = _open(qtbot, make_shell, vault_dir, registry=registry, search_debounce_ms=50)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search
    with qtbot.waitSignal(window.searchRequested) as blocker:
        qtbot.keyClicks(window.search, "ahmed")
        assert seen == []  # not one search per key stroke
    assert blocker.args == ["ahmed"]
    assert seen == ["ahmed"]
    window.search.setText("  Tunis ")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)  # Enter searches at once
    assert seen[-1] == "Tunis"


def test_new_menu(qtbot, make_shell, vault_dir: Path) -> None:
    created: list[str] = []
    registry = shell_registry()
    registry.register_new_action("defender", N_("Defender…"), lambda host: created.append("d"))
    _shell, window = _open(qtbot, make_shell, vault_dir, registry=registry)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.new_menu.isVisible())
    [action] = window.new_menu.actions()
    assert action.text() == "Defender…"
    action.trigger()
    assert created == ["d"]
    window.new_menu.close()


def test_new_menu_placeholder(qtbot, make_shell, vault_dir: Path) -> None:
    _shell, window = _open(qtbot, make_shell, vault_dir)
    [action] = window.new_menu.actions()
    assert not action.isEnabled()


def test_status_bar(qtbot, make_shell, vault_dir: Path) -> None:
    shell, window = _open(qtbot, make_shell, vault_dir, idle_timeout_ms=300_000)
    assert window.windowTitle() == "HRD Desk"
    assert window.vault_label.text() == f"Vault: \u2068{vault_dir.name}\u2069"
    assert window.backup_label.text() == "last backup never"
    assert re.fullmatch("locks in \u2068[45]:[0-5][0-9]\u2069", window.lock_label.text())
    shell.session.set_setting(VAULT_NAME, "Post A")
    two_days = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    shell.session.set_setting(LAST_BACKUP_AT, two_days)
    assert window.vault_label.text() == "Vault: \u2068Post A\u2069"
    assert window.backup_label.text() == "last backup 2 days ago"
    assert "Post A" not in window.windowTitle()


def test_backup_age_text() -> None:
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    assert backup_age_text(None, now) == "never"
    assert backup_age_text("2026-03-10T01:00:00Z", now) == "today"
    assert backup_age_text("2026-03-09T23:00:00+00:00", now) == "yesterday"
    assert backup_age_text("2026-03-01T10:00:00Z", now) == "9 days ago"
    assert backup_age_text("garbage", now) == "unknown"


def test_a_screen_outside_the_navigation_survives_focus_and_lock(
    qtbot, make_shell, vault_dir: Path
) -> None:
    from hrd_desk.ui.sections import REQUESTS
    from tests.ui.helpers import MarkerSection, click

    registry = shell_registry()
    registry.register_section("record", N_("Record"), MarkerSection, navigation=False)
    shell, window = _open(qtbot, make_shell, vault_dir, registry=registry)
    window.show_section(REQUESTS)
    window.show_section("record", {"record": 9})
    assert window.nav.selectedItems() == []
    window.nav.setFocus()  # an item view picks a current row on focus if it has none
    qtbot.waitUntil(lambda: window.nav.hasFocus())
    assert window.current_section_key() == "record"
    with qtbot.waitSignal(shell.locked):
        click(window.lock_button)
    unlock(qtbot, shell, PASSPHRASE)
    window = shell.main_window
    assert window.current_section_key() == "record"
    assert window.current_section().restored == [{"record": 9}]
    window.nav.setFocus()
    qtbot.waitUntil(lambda: window.nav.hasFocus())
    assert window.current_section_key() == "record"
    # Clicking the highlighted-less current row goes back to it.
    item = window.nav.currentItem()
    rect = window.nav.visualItemRect(item)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_section_key() == item.data(Qt.ItemDataRole.UserRole)
