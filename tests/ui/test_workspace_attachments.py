"""Attachments: added from a file into the vault; opening asks first and only then writes a
private decrypted copy, which is gone once the vault locks."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMessageBox

from hrd_desk.cases.attachments import list_attachments
from hrd_desk.ui.preferences import qt_project_settings
from tests.support.files import files_containing
from tests.ui.helpers import click, flush_deletes
from tests.ui.workspace_support import open_workspace, seed_vault

CONTENT = b"%PDF-1.4 fictional scan of a summons \xe2\x80\x94 Kestrel\n"


def _add(qtbot, ws, path: Path) -> None:
    tab = ws.attachments
    dialog = tab.choose_file()
    assert dialog.isVisible()
    assert dialog.testOption(dialog.Option.DontUseNativeDialog)
    dialog.selectFile(str(path))
    with qtbot.waitSignal(ws.loaded, timeout=10_000):
        dialog.accept()


def test_add_then_open_only_after_the_warning(qtbot, make_shell, vault_dir, tmp_path) -> None:
    seeded = seed_vault(vault_dir)
    shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id, 8)
    tab = ws.attachments
    opened: list[QUrl] = []
    tab.viewer = opened.append
    source = tmp_path / "summons.pdf"
    source.write_bytes(CONTENT)

    _add(qtbot, ws, source)
    stored = list_attachments(shell.session.store, defender_id=seeded.defender_id)
    assert [a.filename for a in stored] == ["summons.pdf"]
    assert tab.list.row_texts()[0][0] == "summons.pdf"
    assert ws.tabs.tabText(8) == "Attachments (1)"

    # Opening asks first; declining writes nothing and opens nothing.
    tab.list.select_id(stored[0].id)
    click(tab.open_button)
    box = tab.warning
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "decrypted copy" in box.text()
    assert "deleted when HRD Desk locks" in box.text()
    assert ws.copies.paths() == [] and opened == []
    cancel = next(b for b in box.buttons() if b.text() == "Cancel")
    click(cancel)
    qtbot.waitUntil(lambda: tab.warning is None)
    assert ws.copies.paths() == [] and opened == []

    # Accepting writes one private copy and hands it to the viewer.
    click(tab.open_button)
    box = tab.warning
    accept = next(b for b in box.buttons() if b.text() == "Open a decrypted copy")
    click(accept)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=10_000)
    copy = Path(opened[0].toLocalFile())
    assert copy.read_bytes() == CONTENT
    assert copy.name == "summons.pdf"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    folder = ws.copies.folder
    assert folder is not None and copy.is_relative_to(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert ws.copies.paths() == [copy]

    # Locking removes the copy and its folder.
    shell.lock()
    assert not copy.exists()
    assert not folder.exists()


def test_opening_without_the_warning_is_not_possible(qtbot, make_shell, vault_dir, tmp_path):
    """Every way to open (button, Enter, double-click) goes through the same question."""
    seeded = seed_vault(vault_dir)
    _shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id, 8)
    tab = ws.attachments
    opened: list[QUrl] = []
    tab.viewer = opened.append
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"\xff\xd8\xff fictional")
    _add(qtbot, ws, source)
    attachment_id = tab.list.ids()[0]
    tab.list.openRequested.emit(attachment_id, "")  # what Enter or a double-click does
    assert tab.warning is not None and tab.warning.isVisible()
    assert opened == [] and ws.copies.paths() == []
    tab.warning.reject()
    qtbot.waitUntil(lambda: tab.warning is None)
    assert opened == [] and ws.copies.paths() == []


def test_the_copy_is_gone_when_the_app_quits(qtbot, make_shell, vault_dir, tmp_path) -> None:
    seeded = seed_vault(vault_dir)
    shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id, 8)
    tab = ws.attachments
    opened: list[QUrl] = []
    tab.viewer = opened.append
    source = tmp_path / "letter.txt"
    source.write_bytes(b"fictional letter")
    _add(qtbot, ws, source)
    click(tab.open_button)
    accept = next(b for b in tab.warning.buttons() if b.text() == "Open a decrypted copy")
    click(accept)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=10_000)
    copy = Path(opened[0].toLocalFile())
    assert copy.exists()
    shell.shutdown()  # what quitting does (aboutToQuit)
    assert not copy.exists()


@pytest.mark.parametrize("discreet", [False, True])
def test_the_file_dialog_forgets_where_the_file_came_from(
    qtbot, make_shell, vault_dir, tmp_path, isolated_qsettings, discreet
) -> None:
    seeded = seed_vault(vault_dir)
    shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id, 8)
    shell.session.prefs.discreet = discreet
    secret = tmp_path / "Secret-Stick-Name"
    secret.mkdir()
    source = secret / "summons.pdf"
    source.write_bytes(CONTENT)
    _add(qtbot, ws, source)
    assert ws.attachments.file_dialog is None
    flush_deletes()
    qt_project_settings().sync()
    assert "FileDialog" in Path(qt_project_settings().fileName()).read_text()
    assert files_containing(isolated_qsettings, "Secret-Stick-Name") == []
