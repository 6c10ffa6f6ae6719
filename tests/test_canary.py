"""No plaintext reaches the disk: a marker written to the vault is in no file, in no encoding."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from hrd_desk.crypto.vault import create_vault, open_vault
from tests.conftest import PASSPHRASE
from tests.support.files import files_containing

MARKERS = ("CANARY-7f3a9c-witness", "Ливия-قناري-Ñandú-7f3a9c")


@pytest.fixture
def watched_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    for var in ("TMPDIR", "SQLITE_TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(var, str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


def test_markers_never_in_any_file(tmp_path: Path, watched_tmp: Path) -> None:
    folder = tmp_path / "vault"
    vault, _ = create_vault(folder, PASSPHRASE)
    conn = vault.connection
    conn.execute("CREATE TABLE notes(t TEXT)")
    conn.execute("CREATE INDEX notes_t ON notes(t)")
    for marker in MARKERS:
        conn.execute("INSERT INTO notes VALUES (?)", (marker * 50,))
        conn.execute("INSERT INTO notes VALUES (?)", (marker.encode("utf-16-le"),))
    # Big sorts and temp b-trees are where SQLite spills to temp files when allowed to.
    conn.execute(
        "CREATE TABLE big AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c "
        "WHERE x < 20000) SELECT x, ? || x AS t FROM c",
        (MARKERS[0],),
    )
    conn.execute("SELECT t FROM big ORDER BY t DESC").fetchall()
    # While open, the WAL holds the newest pages: they must be encrypted too.
    for marker in MARKERS:
        assert files_containing(folder, marker) == []
        assert files_containing(watched_tmp, marker) == []
    vault.lock()
    with open_vault(folder, PASSPHRASE) as again:
        count = again.connection.execute("SELECT count(*) FROM notes").fetchone()[0]
        assert count == 2 * len(MARKERS)
    for marker in MARKERS:
        assert files_containing(folder, marker) == []
        assert files_containing(watched_tmp, marker) == []
    assert os.listdir(watched_tmp) == []


def test_temp_store_is_memory(vault: object) -> None:
    assert vault.connection.execute("PRAGMA temp_store").fetchone()[0] == 2
    assert vault.connection.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert vault.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
