"""Fault suite (issue 10), the GUI side: a vault whose database is damaged does not open; the
unlock window says so, names the page, offers "Restore a backup…", and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrd_desk.cases.schema import migrate
from hrd_desk.crypto.vault import create_vault
from hrd_desk.ui.backup.restore_dialog import RestoreDialog
from tests.conftest import PASSPHRASE
from tests.support.files import snapshot
from tests.support.sqlcipher_pages import PAGE
from tests.ui.helpers import click

pytestmark = pytest.mark.faults


def test_damaged_database_offers_restore_and_writes_nothing(
    qtbot, make_shell, vault_dir: Path
) -> None:
    vault, _ = create_vault(vault_dir, PASSPHRASE)
    migrate(vault.connection)
    vault.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    vault.lock()
    db = vault_dir / "vault.db"
    data = bytearray(db.read_bytes())
    data[100] ^= 0x5A  # page 1: the schema
    db.write_bytes(bytes(data))
    assert len(data) > PAGE
    before = snapshot(vault_dir)

    shell = make_shell(vault_path=vault_dir)
    window = shell.unlock_window
    qtbot.waitExposed(window)
    qtbot.keyClicks(window.passphrase.edit, PASSPHRASE)
    click(window.unlock_button)
    qtbot.waitUntil(lambda: window.error.isVisible())
    text = window.error.text()
    assert "damaged" in text and "restore from a backup" in text and "page 1" in text, text
    assert shell.main_window is None
    assert window.restore_button.isVisible() and window.restore_button.isEnabled()
    assert snapshot(vault_dir) == before, "a damaged vault must not change a byte"

    click(window.restore_button)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "restore_dialog", None), RestoreDialog))
    assert window.restore_dialog.isVisible()
    window.restore_dialog.reject()
    assert snapshot(vault_dir) == before
