"""Backup and restore through the app: the dashboard's reminder, the backup action (a real,
verified file), idle auto-lock held off meanwhile, and restoring into a new folder."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog

from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.schema import migrate
from hrd_desk.cases.settings import LAST_BACKUP_AT, VAULT_NAME, set_setting
from hrd_desk.cases.store import Store
from hrd_desk.crypto.backup import create_backup, restore_backup
from hrd_desk.crypto.errors import VaultExists, WrongPassphrase
from hrd_desk.crypto.vault import create_vault, open_vault
from hrd_desk.ui.backup.backup_dialog import BackupDialog
from hrd_desk.ui.backup.pane import BackupPane
from hrd_desk.ui.backup.restore_dialog import RestoreDialog
from hrd_desk.ui.dashboard.data import BACKUP
from hrd_desk.ui.dashboard.section import DashboardSection
from hrd_desk.ui.locking import IdleWatcher
from hrd_desk.ui.preferences import Preferences, qt_project_settings
from hrd_desk.ui.sections import SETTINGS, default_registry
from tests.cases.conftest import defender
from tests.conftest import PASSPHRASE
from tests.support.files import files_containing, snapshot
from tests.ui.helpers import click, flush_deletes, unlock

PSEUDONYM = "Kestrel-Zq9"
#: The shell with the dashboard and the backup pane (what these tests are about).
MODULES = ("hrd_desk.ui.settings", "hrd_desk.ui.dashboard", "hrd_desk.ui.backup")
POST = "Northern Post Label"


def _vault(folder: Path, *, last_backup: datetime | None) -> str:
    """A vault with one defender; returns its recovery key."""
    vault, recovery_key = create_vault(folder, PASSPHRASE)
    try:
        migrate(vault.connection)
        Store(vault.connection, actor="tester").add(defender(pseudonym=PSEUDONYM))
        set_setting(vault.connection, VAULT_NAME, POST)
        if last_backup is not None:
            set_setting(vault.connection, LAST_BACKUP_AT, f"{last_backup:%Y-%m-%dT%H:%M:%SZ}")
    finally:
        vault.lock()
    return recovery_key


def _dashboard(qtbot, shell) -> DashboardSection:
    page = shell.main_window.current_section()
    assert isinstance(page, DashboardSection)
    qtbot.waitUntil(lambda: page.data is not None and not page.is_loading(), timeout=10_000)
    return page


def _backup_lines(page: DashboardSection) -> list[str]:
    return [item.label for item in page.model.items() if item.kind == BACKUP]


def _visible(kind: type):
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, found
    return found[0]


def test_reminder_then_a_backup_through_the_app(qtbot, make_shell, tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    _vault(folder, last_backup=datetime.now(UTC) - timedelta(days=10))
    shell = make_shell(vault_path=folder, registry=default_registry(MODULES))
    unlock(qtbot, shell, PASSPHRASE)
    page = _dashboard(qtbot, shell)
    assert page.banner.isVisible()
    assert _backup_lines(page) == ["Last backup is older than 7 days"]
    assert next(i for i in page.model.items() if i.kind == BACKUP).overdue

    click(page.backup_button)
    dialog = _visible(BackupDialog)
    assert not dialog.start_button.isEnabled()  # nowhere to write yet

    # "Choose…": a non-blocking save dialog suggesting a name with the time only
    usb = tmp_path / "usb"
    usb.mkdir()
    click(dialog.choose_button)
    chooser = dialog.file_dialog
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    suggested = Path(chooser.selectedFiles()[0]).name
    assert re.fullmatch(r"hrd-desk-backup-\d{8}-\d{6}Z\.hrdbackup", suggested)
    assert PSEUDONYM not in suggested and "Northern" not in suggested
    chooser.setDirectory(str(usb))
    chooser.selectFile(str(usb / suggested))
    chooser.accept()
    assert dialog.target.text() == str(usb / suggested)
    assert dialog.start_button.isEnabled()

    with qtbot.waitSignal(dialog.backedUp, timeout=30_000) as blocker:
        click(dialog.start_button)
        # While it runs, idle auto-lock is held off.
        assert shell.idle.held
        assert dialog.close_button.text() == "Cancel"
    report = blocker.args[0]
    written = usb / suggested
    assert report.path == written and report.verified and report.recorded
    assert written.is_file()
    assert "written and verified" in dialog.status.text()
    assert dialog.close_button.text() == "Close"
    qtbot.waitUntil(lambda: not shell.idle.held)
    # No case data in the file as plaintext, and it really opens (restore = full check).
    assert files_containing(usb, PSEUDONYM) == []
    restored = restore_backup(written, tmp_path / "check", passphrase=PASSPHRASE)
    assert restored.tables["defenders"] == 1

    # The reminder goes, and the status bar says so.
    qtbot.waitUntil(lambda: not page.banner.isVisible() and not page.is_loading(), timeout=10_000)
    assert _backup_lines(page) == []
    assert shell.main_window.backup_label.text() == "last backup today"
    click(dialog.close_button)
    assert not dialog.isVisible()


def test_backup_refused_over_an_existing_file_keeps_the_reminder(
    qtbot, make_shell, tmp_path: Path
) -> None:
    folder = tmp_path / "vault"
    _vault(folder, last_backup=None)
    taken = tmp_path / "taken.hrdbackup"
    taken.write_bytes(b"someone else's file")
    shell = make_shell(vault_path=folder, registry=default_registry(MODULES))
    unlock(qtbot, shell, PASSPHRASE)
    page = _dashboard(qtbot, shell)
    assert _backup_lines(page) == ["No backup of this vault yet"]
    dialog = page.open_item(next(i for i in page.model.items() if i.kind == BACKUP))
    assert isinstance(dialog, BackupDialog) and dialog.isVisible()
    dialog.target.setText(str(taken))
    click(dialog.start_button)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert "already exists" in dialog.error.text()
    assert taken.read_bytes() == b"someone else's file"
    assert page.banner.isVisible()
    qtbot.waitUntil(lambda: not shell.idle.held)
    dialog.reject()


def test_backup_to_a_folder_from_settings(qtbot, make_shell, tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    _vault(folder, last_backup=None)
    shell = make_shell(vault_path=folder, registry=default_registry(MODULES))
    unlock(qtbot, shell, PASSPHRASE)
    settings = shell.main_window.show_section(SETTINGS)
    pane = next(
        settings.tabs.widget(i)
        for i in range(settings.tabs.count())
        if isinstance(settings.tabs.widget(i), BackupPane)
    )
    assert pane.last.text() == "This vault has never been backed up."
    click(pane.backup_button)
    dialog = _visible(BackupDialog)
    out = tmp_path / "backups"
    out.mkdir()
    dialog.target.setText(str(out))  # a folder: the file gets a time-only name
    with qtbot.waitSignal(dialog.backedUp, timeout=30_000):
        click(dialog.start_button)
    [written] = list(out.iterdir())
    assert written.name.startswith("hrd-desk-backup-")
    assert pane.last.text().startswith("Last verified backup: ")
    dialog.reject()


def test_discreet_mode_file_dialog_leaves_no_folder_behind(
    qtbot, make_shell, tmp_path: Path, isolated_qsettings: Path
) -> None:
    folder = tmp_path / "vault"
    _vault(folder, last_backup=None)
    prefs = Preferences()
    prefs.discreet = True
    shell = make_shell(vault_path=folder, prefs=prefs, registry=default_registry(MODULES))
    unlock(qtbot, shell, PASSPHRASE)
    page = _dashboard(qtbot, shell)
    click(page.backup_button)
    dialog = _visible(BackupDialog)
    secret = tmp_path / "Secret-Stick-Name"
    secret.mkdir()
    click(dialog.choose_button)
    chooser = dialog.file_dialog
    chooser.setDirectory(str(secret))
    chooser.selectFile(str(secret / "b.hrdbackup"))
    chooser.accept()
    assert dialog.target.text() == str(secret / "b.hrdbackup")
    flush_deletes()
    qt_project_settings().sync()
    assert files_containing(isolated_qsettings, "Secret-Stick-Name") == []
    dialog.reject()


def test_idle_hold_defers_the_lock_until_released(qtbot) -> None:
    watcher = IdleWatcher(20)
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    watcher._timer.start()  # counting, without the app-wide input filter
    release = watcher.hold()
    qtbot.waitUntil(lambda: watcher._expired_while_held, timeout=5_000)
    assert fired == []
    release()
    assert fired == [True]
    release()  # once only
    assert fired == [True]
    # A hold taken before a lock cannot leak into the next session.
    stale = watcher.hold()
    watcher.stop()
    assert not watcher.held
    stale()
    assert not watcher.held and fired == [True]


# -- restore --------------------------------------------------------------------------------


def _backup_file(tmp_path: Path) -> tuple[Path, str]:
    source = tmp_path / "source"
    recovery_key = _vault(source, last_backup=None)
    with open_vault(source, PASSPHRASE) as vault:
        report = create_backup(vault, tmp_path)
    return report.path, recovery_key


def _restore_dialog(qtbot, make_shell, tmp_path: Path) -> tuple[object, RestoreDialog]:
    shell = make_shell()
    window = shell.unlock_window
    qtbot.waitExposed(window)
    click(window.restore_button)
    dialog = window.restore_dialog
    assert isinstance(dialog, RestoreDialog) and dialog.isVisible()
    return shell, dialog


def test_restore_from_the_unlock_screen_gives_a_vault_that_opens(
    qtbot, make_shell, tmp_path: Path
) -> None:
    backup, _key = _backup_file(tmp_path)
    shell, dialog = _restore_dialog(qtbot, make_shell, tmp_path)
    target = tmp_path / "new laptop" / "restored"
    dialog.backup_file.setText(str(backup))
    dialog.folder.setText(str(target))
    assert not dialog.start_button.isEnabled()  # no secret yet
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.restored, timeout=30_000) as blocker:
        click(dialog.start_button)
    assert blocker.args == [str(target)]
    text = dialog.status.text()
    assert "1 defender" in text
    assert "Check of the restored vault: OK" in text
    assert dialog.passphrase.text() == ""  # not kept once done
    click(dialog.close_button)
    # The unlock screen offers the restored vault; it opens with the same passphrase.
    window = shell.unlock_window
    assert window.selected_vault() == str(target)
    unlock(qtbot, shell, PASSPHRASE)
    assert shell.vault.folder == target
    [found] = shell.session.store.list("defender").rows
    assert found["pseudonym"] == PSEUDONYM
    assert shell.session.store.find(Defender, found.id) is not None


def test_restore_with_the_recovery_key(qtbot, make_shell, tmp_path: Path) -> None:
    backup, recovery_key = _backup_file(tmp_path)
    _shell, dialog = _restore_dialog(qtbot, make_shell, tmp_path)
    target = tmp_path / "restored"
    dialog.backup_file.setText(str(backup))
    dialog.folder.setText(str(target))
    click(dialog.use_recovery)
    assert dialog.recovery_key.isVisible() and not dialog.passphrase.isVisible()
    dialog.recovery_key.setText(recovery_key)
    with qtbot.waitSignal(dialog.restored, timeout=30_000):
        click(dialog.start_button)
    open_vault(target, PASSPHRASE).lock()
    dialog.reject()


def test_restore_refusals_leave_the_target_as_it_was(qtbot, make_shell, tmp_path: Path) -> None:
    backup, _key = _backup_file(tmp_path)
    _shell, dialog = _restore_dialog(qtbot, make_shell, tmp_path)
    target = tmp_path / "restored"
    dialog.backup_file.setText(str(backup))
    dialog.folder.setText(str(target))
    dialog.passphrase.setText("not the passphrase")
    click(dialog.start_button)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=30_000)
    assert dialog.error.text() == WrongPassphrase().message
    assert dialog.passphrase.text() == ""
    assert not target.exists()

    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("keep me")
    before = snapshot(busy)
    dialog.folder.setText(str(busy))
    dialog.passphrase.setText(PASSPHRASE)
    click(dialog.start_button)
    qtbot.waitUntil(lambda: dialog.error.text() == VaultExists().message, timeout=30_000)
    assert snapshot(busy) == before
    dialog.reject()
    assert not dialog.isVisible()


def test_restore_from_settings_is_offered_next_time(qtbot, make_shell, tmp_path: Path) -> None:
    backup, _key = _backup_file(tmp_path)
    folder = tmp_path / "vault"
    _vault(folder, last_backup=None)
    shell = make_shell(vault_path=folder, registry=default_registry(MODULES))
    unlock(qtbot, shell, PASSPHRASE)
    settings = shell.main_window.show_section(SETTINGS)
    pane = next(
        settings.tabs.widget(i)
        for i in range(settings.tabs.count())
        if isinstance(settings.tabs.widget(i), BackupPane)
    )
    click(pane.restore_button)
    dialog = _visible(RestoreDialog)
    target = tmp_path / "second"
    dialog.backup_file.setText(str(backup))
    dialog.folder.setText(str(target))
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.restored, timeout=30_000):
        click(dialog.start_button)
    assert str(target) in shell.prefs.recent_vaults
    assert shell.vault.folder == folder  # the open vault is not touched
    dialog.reject()
