"""Known storage failures become typed errors with a user message; nothing stored is lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hrd_desk.crypto import errors
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.crypto.vault import create_vault, open_vault, transaction
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX only")


@pytest.fixture
def filled(vault_dir: Path) -> Path:
    vault, _ = create_vault(vault_dir, PASSPHRASE)
    conn = vault.connection
    conn.execute("CREATE TABLE t(x)")
    with transaction(conn):
        conn.executemany("INSERT INTO t VALUES (?)", [(f"row {i}",) for i in range(500)])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    vault.lock()
    return vault_dir


CHILD = Path(__file__).parent / "support" / "diskfull_child.py"


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "true"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _unshare_works(), reason="needs unprivileged user+mount namespaces")
def test_full_disk_is_disk_full_and_nothing_lost(filled: Path, tmp_path: Path) -> None:
    mount = tmp_path / "tiny"
    mount.mkdir()
    script = (
        f"mount -t tmpfs -o size=600k none {mount} && "
        f"exec {sys.executable} {CHILD} tmpfs {filled} {mount} '{PASSPHRASE}'"
    )
    out = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = out.stdout.splitlines()
    assert lines and lines[0].startswith("DiskFull: The disk is full"), out.stdout + out.stderr
    count, expected = (int(x.split("=")[1]) for x in lines[1].split()[:2])
    assert count == expected and count > 500
    assert lines[1].endswith("integrity=ok")


def test_file_size_limit_is_a_clear_error_and_nothing_lost(filled: Path) -> None:
    size = (filled / "vault.db").stat().st_size
    out = subprocess.run(
        [sys.executable, str(CHILD), "fsize", str(filled), PASSPHRASE, str(size + 256 * 1024)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = out.stdout.splitlines()
    # EFBIG surfaces from SQLite as an I/O error (SQLITE_FULL is only for ENOSPC).
    assert lines and lines[0].split(":")[0] in ("DiskFull", "StorageIOError"), (
        out.stdout + out.stderr
    )
    count, expected = (int(x.split("=")[1]) for x in lines[1].split()[:2])
    assert count == expected and count > 500
    assert lines[1].endswith("integrity=ok")


def test_read_only_database_write_refused(filled: Path) -> None:
    vault = open_vault(filled, PASSPHRASE)
    conn = vault.connection
    conn.execute("PRAGMA query_only = ON")
    with pytest.raises(errors.ReadOnlyStorage), transaction(conn):
        conn.execute("INSERT INTO t VALUES ('x')")
    vault.lock()


def test_corrupt_page_is_database_corrupt(filled: Path) -> None:
    db = filled / "vault.db"
    data = bytearray(db.read_bytes())
    for i in range(4096 + 100, 4096 + 200):  # inside page 2
        data[i] ^= 0xFF
    db.write_bytes(bytes(data))
    with pytest.raises(errors.DatabaseCorrupt):
        v = open_vault(filled, PASSPHRASE)
        with storage_errors():
            v.connection.execute("SELECT count(*) FROM t").fetchone()
