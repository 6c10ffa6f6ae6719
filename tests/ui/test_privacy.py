"""Discreet mode: no vault path or name in QSettings or Qt's file-dialog history."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from hrd_desk.cases.settings import VAULT_NAME, set_setting
from hrd_desk.crypto.vault import open_vault
from hrd_desk.ui.preferences import Preferences, qt_project_settings
from hrd_desk.ui.sections import SETTINGS
from tests.conftest import PASSPHRASE
from tests.support.files import files_containing
from tests.ui.helpers import click, unlock
from tests.ui.test_unlock import make_vault

PARENT_NAME = "Cases-Of-Northern-Post"
FOLDER_NAME = "Northern-Post-Vault-Q4"
VAULT_LABEL = "Secret Post Label"


def _vault(tmp_path: Path) -> Path:
    folder = tmp_path / PARENT_NAME / FOLDER_NAME
    make_vault(folder)
    with open_vault(folder, PASSPHRASE) as vault:
        set_setting(vault.connection, VAULT_NAME, VAULT_LABEL)
    return folder


def _choose_in_file_dialog(folder: Path) -> None:
    """Answer the next modal file dialog with *folder* (it runs its own event loop)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        dialog.setDirectory(str(folder.parent))
        dialog.selectFile(str(folder))
        dialog.accept()

    QTimer.singleShot(0, answer)


def _open_through_the_dialog(qtbot, make_shell, prefs: Preferences, folder: Path):
    shell = make_shell(prefs=prefs)
    window = shell.unlock_window
    qtbot.waitExposed(window)
    _choose_in_file_dialog(folder)
    click(window.open_other)
    assert window.selected_vault() == str(folder)
    unlock(qtbot, shell, PASSPHRASE)
    assert VAULT_LABEL in shell.main_window.vault_label.text()
    shell.lock()
    unlock(qtbot, shell, PASSPHRASE)
    shell.shutdown()
    prefs.sync()
    qt_project_settings().sync()
    return shell


def _leaks(config: Path) -> list[Path]:
    found: set[Path] = set()
    for marker in (PARENT_NAME, FOLDER_NAME, VAULT_LABEL):
        found.update(files_containing(config, marker))
    return sorted(found)


def test_discreet_mode_leaves_no_trace(qtbot, make_shell, tmp_path, isolated_qsettings) -> None:
    folder = _vault(tmp_path)
    prefs = Preferences()
    prefs.discreet = True
    _open_through_the_dialog(qtbot, make_shell, prefs, folder)
    qt_conf = Path(qt_project_settings().fileName())
    # Both files were written (so the check below looks at something real) …
    assert qt_conf.is_file() and qt_conf.is_relative_to(isolated_qsettings)
    assert Path(prefs.file_name).is_file()
    assert "FileDialog" in qt_conf.read_text()
    # … and neither holds the vault's folder or its name.
    assert _leaks(isolated_qsettings) == []
    assert Preferences().recent_vaults == []


def test_without_discreet_mode_the_vault_is_remembered(
    qtbot, make_shell, tmp_path, isolated_qsettings
) -> None:
    folder = _vault(tmp_path)
    prefs = Preferences()
    assert not prefs.discreet
    _open_through_the_dialog(qtbot, make_shell, prefs, folder)
    assert Preferences().recent_vaults == [str(folder)]
    assert Path(prefs.file_name) in _leaks(isolated_qsettings)
    # The vault's name is never written outside the vault, discreet or not.
    assert files_containing(isolated_qsettings, VAULT_LABEL) == []
    # Next start: the unlock window offers it.
    shell = make_shell(prefs=Preferences())
    assert shell.unlock_window.selected_vault() == str(folder)


def test_turning_discreet_mode_on_forgets(qtbot, make_shell, tmp_path, isolated_qsettings) -> None:
    folder = _vault(tmp_path)
    prefs = Preferences()
    shell = make_shell(prefs=prefs, vault_path=folder)
    unlock(qtbot, shell, PASSPHRASE)
    assert prefs.recent_vaults == [str(folder)]
    settings = shell.main_window.show_section(SETTINGS)
    settings.discreet.setChecked(True)
    prefs.sync()
    assert prefs.recent_vaults == []
    assert _leaks(isolated_qsettings) == []
