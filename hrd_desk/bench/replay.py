"""The same SQL without the app: statements captured from the app's connection, replayed on a
raw ``sqlcipher3`` connection to the vault and on a plaintext copy.

Capture uses SQLite's statement trace, which hands over each statement with its bound values
expanded. Each trigger firing is reported too, as the text of the statement that fired it again
(that is what the driver's expanded SQL gives), so a statement repeated back to back is kept
once: the trigger runs again when its statement is replayed. (An identical read issued twice in
a row by the app would be replayed once: that can only flatter the raw figures.) The statements
are held in memory only.

The plaintext copy is made with SQLCipher's ``sqlcipher_export`` into a database attached with
an empty key, in a private temporary folder (mode 0700) that :func:`plaintext_copy` removes on
the way out, whatever happens. Demo data only; never point this at a real vault.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from hrd_desk.crypto.vault import wipe

#: FTS5's ``contentless_delete`` (used by the search index) needs SQLite 3.43 or newer.
STDLIB_READS_VAULT_SCHEMA = sqlite3.sqlite_version_info >= (3, 43, 0)


@contextlib.contextmanager
def capture(conn: Any) -> Iterator[list[str]]:
    statements: list[str] = []

    def keep(sql: str) -> None:
        if sql.lstrip().startswith("--") or (statements and statements[-1] == sql):
            return
        statements.append(sql)

    conn.set_trace_callback(keep)
    try:
        yield statements
    finally:
        conn.set_trace_callback(None)


def captured(conn: Any, fn: Callable[[], Any]) -> list[str]:
    with capture(conn) as statements:
        fn()
    return statements


def replay(conn: Any, statements: list[str]) -> int:
    """Run *statements* and read every row; returns the number of rows read."""
    rows = 0
    for sql in statements:
        rows += len(conn.execute(sql).fetchall())
    return rows


def raw_sqlcipher(path: Path, data_key: bytes | bytearray) -> Any:
    """The vault through sqlcipher3 alone: raw key, in-memory temp store, nothing else of ours."""
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    raw = bytearray(b"x'") + bytearray(bytes(data_key).hex().encode()) + b"'"
    try:
        conn.set_key(raw)
    finally:
        wipe(raw)
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def plain_sqlite(path: Path) -> Any:
    """A plaintext database: Python's sqlite3 when it can read our schema, otherwise the same
    SQLite engine that sqlcipher3 carries, with no key (no codec, no encryption)."""
    if STDLIB_READS_VAULT_SCHEMA:
        conn: Any = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    else:
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def plain_engine() -> str:
    if STDLIB_READS_VAULT_SCHEMA:
        return f"Python sqlite3, SQLite {sqlite3.sqlite_version}"
    probe = sqlcipher3.connect(":memory:")
    version = probe.execute("SELECT sqlite_version()").fetchone()[0]
    probe.close()
    return (
        f"SQLite {version} inside sqlcipher3 without a key (Python's own sqlite3 here is "
        f"SQLite {sqlite3.sqlite_version}, too old for the search index's FTS5 options)"
    )


def export_plaintext(src: Path, data_key: bytes | bytearray, dest: Path) -> None:
    conn = raw_sqlcipher(src, data_key)
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(dest),))
        conn.execute("SELECT sqlcipher_export('plain')").fetchall()
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()


@contextlib.contextmanager
def private_dir(prefix: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix=prefix))  # mkdtemp: mode 0700
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def plaintext_copy(src: Path, data_key: bytes | bytearray) -> Iterator[tuple[Path, float]]:
    """An unencrypted copy of *src* for the comparison; deleted on exit. Yields (path, seconds
    it took to make)."""
    with private_dir("hrd-bench-plain-") as folder:
        dest = folder / "plain.db"
        started = time.perf_counter()
        export_plaintext(src, data_key, dest)
        yield dest, time.perf_counter() - started
    assert not folder.exists()
