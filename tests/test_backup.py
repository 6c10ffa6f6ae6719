"""Backups: a restore gives back every row; any damage is refused before the target is touched."""

from __future__ import annotations

import os
import random
import secrets
import stat
import subprocess
import sys
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from hrd_desk.cases.health import check_vault
from hrd_desk.cases.schema import LATEST, migrate
from hrd_desk.crypto import backup, errors
from hrd_desk.crypto.backup import (
    backup_due,
    create_backup,
    last_backup_at,
    restore_backup,
)
from hrd_desk.crypto.vault import (
    create_vault,
    open_vault,
    open_vault_with_recovery_key,
    transaction,
)
from tests.conftest import PASSPHRASE
from tests.support.files import contains_marker, files_containing, snapshot

MARKERS = ("CANARY-5d1e0b-witness", "Ливия-قناري-Ñandú-5d1e0b")
WRITER_CHILD = Path(__file__).parent / "support" / "writer_child.py"

BackupCorrupt = errors.BackupCorrupt


# --- helpers ---------------------------------------------------------------------------------


def _fill(conn, rng: random.Random) -> None:
    """Tables a real vault could hold: text in several scripts, BLOBs (attachments), NULLs,
    a WITHOUT ROWID table, an index, a trigger, a view and a full-text index."""
    conn.executescript(
        """
        CREATE TABLE people (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT, score REAL, photo BLOB
        );
        CREATE INDEX people_name ON people(name);
        CREATE TABLE files (id TEXT PRIMARY KEY, person INTEGER REFERENCES people(id), data BLOB)
            WITHOUT ROWID;
        CREATE TABLE log (n INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT);
        CREATE TRIGGER people_log AFTER INSERT ON people
            BEGIN INSERT INTO log(what) VALUES ('person ' || new.id); END;
        CREATE VIEW named AS SELECT id, name FROM people WHERE name <> '';
        CREATE VIRTUAL TABLE notes_fts USING fts5(body);
        """
    )
    names = ["Amal Haddad", "Олена Коваль", "مريم الأحمد", "Ñandú Pérez", "李明", "Zoë 🕊️"]
    with transaction(conn):
        for i in range(300):
            conn.execute(
                "INSERT INTO people(id, name, note, score, photo) VALUES (?, ?, ?, ?, ?)",
                (
                    i,
                    f"{names[i % len(names)]} {i}",
                    None if i % 7 == 0 else "نص طويل\n" * (i % 40) + "\x00 nul inside",
                    i / 3,
                    rng.randbytes(i * 11) if i % 5 else None,
                ),
            )
        # An attachment bigger than two default (1 MiB) chunks, and a few small ones.
        conn.execute("INSERT INTO files VALUES (?, ?, ?)", ("big", 1, rng.randbytes(2_600_000)))
        for i in range(20):
            conn.execute("INSERT INTO files VALUES (?, ?, ?)", (f"f{i}", i, rng.randbytes(999)))
        conn.execute(
            "INSERT INTO notes_fts(body) VALUES (?)", ("threats after the hearing in Kharkiv",)
        )
        conn.execute("INSERT INTO settings(key, value) VALUES ('vault_name', '\"Post Á\"')")


def dump(conn) -> dict:
    """Every schema object and every row of every table (shadow tables and sqlite_* included)."""
    out: dict = {
        "user_version": conn.execute("PRAGMA user_version").fetchone()[0],
        "schema": sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")),
    }
    tables = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not r[0].startswith("sqlite_") or r[0] == "sqlite_sequence"
    ]
    for name in tables:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        if sql and sql.upper().startswith("CREATE VIRTUAL"):
            continue  # its rows are its shadow tables, dumped on their own
        rows = conn.execute(f'SELECT * FROM "{name}"').fetchall()
        out[name] = sorted(rows, key=repr)
    return out


def _flip(data: bytes, pos: int, mask: int = 0x01) -> bytes:
    buf = bytearray(data)
    buf[pos] ^= mask
    return bytes(buf)


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def small_backup(tmp_path: Path) -> tuple[Path, str]:
    """A small vault's backup in 1 KiB chunks (many chunks to swap, drop and cut)."""
    vault, rk = create_vault(tmp_path / "src", PASSPHRASE)
    with vault:
        migrate(vault.connection)
        vault.connection.execute("CREATE TABLE t(x TEXT)")
        vault.connection.execute("INSERT INTO t VALUES ('Amal')")
        (tmp_path / "out").mkdir()
        report = create_backup(vault, tmp_path / "out" / "b.hrdbackup", chunk_bytes=1024)
    return report.path, rk


def _refused(data: bytes, where: Path, *, into_empty: bool = False, **secret: str) -> BackupCorrupt:
    """Restore *data*: refused; a missing target folder still does not exist, an empty one is
    still empty (same mode), and nothing appears beside it either."""
    where.mkdir(exist_ok=True)
    bad = where / "bad.hrdbackup"
    bad.write_bytes(data)
    target = where / "restored"
    if into_empty:
        target.mkdir(mode=0o755)
        os.chmod(target, 0o755)
    before = _listing(where)
    with pytest.raises(BackupCorrupt) as caught:
        restore_backup(bad, target, **(secret or {"passphrase": PASSPHRASE}))
    if into_empty:
        assert _listing(target) == []
        assert stat.S_IMODE(target.stat().st_mode) == 0o755
        target.rmdir()
    else:
        assert not target.exists()
    assert _listing(where) == [name for name in before if name != "restored"]
    return caught.value


# --- round trip ------------------------------------------------------------------------------


def test_round_trip_restores_every_row(tmp_path: Path) -> None:
    vault, rk = create_vault(tmp_path / "src", PASSPHRASE)
    migrate(vault.connection)
    _fill(vault.connection, random.Random(9))
    original = dump(vault.connection)
    out = tmp_path / "out"
    out.mkdir()
    report = create_backup(vault, out)
    vault.lock()

    assert report.verified and report.path.parent == out and report.path.suffix == ".hrdbackup"
    assert _listing(out) == [report.path.name]  # no temp file left
    assert stat.S_IMODE(report.path.stat().st_mode) == 0o600
    # More than two 1 MiB chunks: the attachment spans chunk boundaries.
    assert report.db_bytes > 2 * backup.CHUNK_BYTES

    restored = restore_backup(
        report.path, tmp_path / "r1", passphrase=PASSPHRASE, check=check_vault
    )
    assert restored.schema_version == LATEST == original["user_version"]
    assert restored.check.ok, restored.check.verdict()
    assert restored.tables["people"] == 300 and restored.tables["files"] == 21
    assert restored.tables["log"] == 300 and "notes_fts" not in restored.tables
    assert sorted(p.name for p in (tmp_path / "r1").iterdir()) == ["vault.db", "vault.header"]
    assert stat.S_IMODE((tmp_path / "r1").stat().st_mode) == 0o700
    for child in (tmp_path / "r1").iterdir():
        assert stat.S_IMODE(child.stat().st_mode) == 0o600

    with open_vault(tmp_path / "r1", PASSPHRASE) as again:
        assert dump(again.connection) == original
        assert again.connection.execute(
            "SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'Kharkiv'"
        ).fetchall() == [(1,)]
    with open_vault_with_recovery_key(tmp_path / "r1", rk) as again:
        assert dump(again.connection) == original

    # The recovery key opens the backup itself, too; and the result opens with the passphrase.
    restore_backup(report.path, tmp_path / "r2", recovery_key=rk.lower())
    with open_vault(tmp_path / "r2", PASSPHRASE) as again:
        assert dump(again.connection) == original


@pytest.mark.parametrize("chunk_bytes", [512, 4096, 1000])
def test_round_trip_at_chunk_boundaries(tmp_path: Path, chunk_bytes: int) -> None:
    # 4096 divides the database (whole pages): the last chunk is full; 1000 does not.
    vault, _rk = create_vault(tmp_path / "src", PASSPHRASE)
    vault.connection.execute("CREATE TABLE t(b BLOB)")
    vault.connection.execute("INSERT INTO t VALUES (randomblob(30000))")
    original = dump(vault.connection)
    report = create_backup(vault, tmp_path / "b.hrdbackup", chunk_bytes=chunk_bytes)
    vault.lock()
    assert report.db_bytes % 4096 == 0
    restore_backup(report.path, tmp_path / "r", passphrase=PASSPHRASE)
    with open_vault(tmp_path / "r", PASSPHRASE) as again:
        assert dump(again.connection) == original


def test_restore_into_existing_empty_folder_and_refuses_non_empty(
    small_backup: tuple[Path, str], tmp_path: Path
) -> None:
    path, _rk = small_backup
    empty = tmp_path / "empty"
    empty.mkdir(mode=0o755)
    restore_backup(path, empty, passphrase=PASSPHRASE)
    assert stat.S_IMODE(empty.stat().st_mode) == 0o700
    with open_vault(empty, PASSPHRASE) as again:
        assert again.connection.execute("SELECT x FROM t").fetchall() == [("Amal",)]

    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "mine.txt").write_text("keep")
    before = snapshot(busy)
    with pytest.raises(errors.VaultExists) as caught:
        restore_backup(path, busy, passphrase=PASSPHRASE)
    assert caught.value.exit_code == 2
    assert snapshot(busy) == before
    with pytest.raises(errors.VaultExists):
        restore_backup(path, empty, passphrase=PASSPHRASE)  # now a vault: not empty


def test_restore_creates_missing_parents(small_backup: tuple[Path, str], tmp_path: Path) -> None:
    path, _rk = small_backup
    target = tmp_path / "a" / "b" / "vault"
    restore_backup(path, target, passphrase=PASSPHRASE)
    assert (target / "vault.header").is_file()


# --- damage and tampering --------------------------------------------------------------------


def test_every_sampled_flipped_byte_is_refused(small_backup: tuple[Path, str], tmp_path: Path):
    path, _rk = small_backup
    data = path.read_bytes()
    n = len(data)
    assert n > 8 * 1024
    rng = random.Random(4242)
    positions = sorted(
        set(range(64)) | set(range(n - 64, n)) | set(rng.sample(range(64, n - 64), 72))
    )
    assert len(positions) == 200
    kinds = set()
    for i, pos in enumerate(positions):
        damaged = _flip(data, pos, rng.randrange(1, 256))
        err = _refused(damaged, tmp_path / "w", into_empty=i % 10 == 0)
        kinds.add(err.kind)
    # Damage in the framing is "format" or "truncated", in the body "authentication".
    assert BackupCorrupt.AUTHENTICATION in kinds and BackupCorrupt.FORMAT in kinds
    # The original is still fine (the loop really ran against a good file).
    restore_backup(path, tmp_path / "ok", passphrase=PASSPHRASE)


def test_damaged_body_names_authentication_failure(small_backup: tuple[Path, str], tmp_path):
    path, _rk = small_backup
    data = path.read_bytes()
    err = _refused(_flip(data, len(data) - 100), tmp_path / "w")
    assert err.kind == BackupCorrupt.AUTHENTICATION
    assert "authentication" in err.message and "Nothing was restored" in err.message
    err = _refused(_flip(data, len(data) - 100), tmp_path / "w", into_empty=True)
    assert err.kind == BackupCorrupt.AUTHENTICATION
    err = _refused(_flip(data, 3), tmp_path / "w")  # in the magic
    assert err.kind == BackupCorrupt.FORMAT and "not an HRD Desk backup" in err.message


def _body_layout(data: bytes) -> tuple[int, int, int]:
    """(body offset, sealed chunk size, chunk count) of a backup, from its header."""
    import io

    parsed = backup._parse(io.BytesIO(data))
    return parsed.body_offset, parsed.chunk_bytes + backup.TAG_BYTES, parsed.chunks


def test_truncation_is_refused_and_named(small_backup: tuple[Path, str], tmp_path: Path) -> None:
    path, _rk = small_backup
    data = path.read_bytes()
    body, sealed, chunks = _body_layout(data)
    lengths = {1, 10, 16, 17, 40, body - 33, body - 1, body, body + 1, len(data) - 1}
    lengths |= {len(data) - 16, len(data) - 17, body + sealed, body + sealed * (chunks - 1)}
    for length in sorted(lengths):
        err = _refused(data[:length], tmp_path / "w")
        assert err.kind == BackupCorrupt.TRUNCATED, length
        assert "truncated" in err.message
    assert _refused(b"", tmp_path / "w").kind == BackupCorrupt.FORMAT


def test_appended_bytes_are_refused(small_backup: tuple[Path, str], tmp_path: Path) -> None:
    path, _rk = small_backup
    data = path.read_bytes()
    body, sealed, _chunks = _body_layout(data)
    for extra in (b"\0", secrets.token_bytes(16), data[body : body + sealed], data):
        err = _refused(data + extra, tmp_path / "w")
        assert err.kind == BackupCorrupt.TRAILING
        assert "extra data" in err.message


def test_reordered_dropped_and_foreign_chunks_are_refused(
    small_backup: tuple[Path, str], tmp_path: Path
) -> None:
    path, rk = small_backup
    data = path.read_bytes()
    body, sealed, chunks = _body_layout(data)
    assert chunks >= 6
    parts = [data[body + i * sealed : body + (i + 1) * sealed] for i in range(chunks)]
    head = data[:body]
    swapped = [parts[1], parts[0], *parts[2:]]
    assert _refused(head + b"".join(swapped), tmp_path / "w").kind == BackupCorrupt.AUTHENTICATION
    dropped = parts[:2] + parts[3:]
    assert _refused(head + b"".join(dropped), tmp_path / "w").kind == BackupCorrupt.TRUNCATED
    # A full-size chunk moved to the end passes as "last" only if its flag and index agree.
    moved = parts[:2] + parts[3:-1] + [parts[2], parts[-1]]
    assert _refused(head + b"".join(moved), tmp_path / "w").kind == BackupCorrupt.AUTHENTICATION
    duplicated = [*parts[:-1], parts[-2], parts[-1]]
    assert _refused(head + b"".join(duplicated), tmp_path / "w").kind == BackupCorrupt.TRAILING

    # A second backup of the same vault: same data key, but its own salt, keys and nonces.
    src = open_vault(path.parent.parent / "src", PASSPHRASE)
    with src:
        other = create_backup(src, tmp_path / "other.hrdbackup", chunk_bytes=1024).path
    other_data = other.read_bytes()
    o_body, o_sealed, _ = _body_layout(other_data)
    foreign = other_data[o_body + o_sealed : o_body + 2 * o_sealed]
    spliced = head + parts[0] + foreign + b"".join(parts[2:])
    assert _refused(spliced, tmp_path / "w", recovery_key=rk).kind == (BackupCorrupt.AUTHENTICATION)


def test_wrong_passphrase_or_key_writes_nothing(
    small_backup: tuple[Path, str], tmp_path: Path
) -> None:
    path, rk = small_backup
    where = tmp_path / "w"
    where.mkdir()
    before = _listing(where)
    other_vault, other_rk = create_vault(tmp_path / "other", PASSPHRASE)
    other_vault.lock()
    attempts = [
        {"passphrase": "not the passphrase"},
        {"passphrase": PASSPHRASE.upper()},
        {"recovery_key": other_rk},  # well-formed, but another vault's
        {"recovery_key": rk[:-1] + ("0" if rk[-1] != "0" else "1")},  # a typo
    ]
    for secret in attempts:
        with pytest.raises(errors.WrongPassphrase) as caught:
            restore_backup(path, where / "restored", **secret)
        assert caught.value.exit_code == 3
        assert not (where / "restored").exists()
        assert _listing(where) == before
    empty = where / "empty"
    empty.mkdir()
    with pytest.raises(errors.WrongPassphrase):
        restore_backup(path, empty, passphrase="wrong wrong wrong")
    assert _listing(empty) == []


def test_verification_failure_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that corrupts what it stores: the read-back notices and nothing is left behind."""
    vault, _rk = create_vault(tmp_path / "src", PASSPHRASE)
    migrate(vault.connection)
    out = tmp_path / "out"
    out.mkdir()
    temp = tmp_path / "tmp"
    temp.mkdir()
    real_settle = backup._settle

    def settle_then_rot(fh) -> None:
        real_settle(fh)
        (written,) = out.glob(".*.tmp")
        with open(written, "r+b") as again:
            again.seek(-10, os.SEEK_END)
            byte = again.read(1)
            again.seek(-10, os.SEEK_END)
            again.write(bytes([byte[0] ^ 0x40]))

    monkeypatch.setattr(backup, "_settle", settle_then_rot)
    with pytest.raises(BackupCorrupt) as caught:
        create_backup(vault, out, work_dir=temp)
    assert "did not read back correctly" in caught.value.message
    assert _listing(out) == [] and _listing(temp) == []
    assert last_backup_at(vault.connection) is None  # a failed backup is not recorded
    monkeypatch.setattr(backup, "_settle", real_settle)
    create_backup(vault, out, work_dir=temp)
    assert len(_listing(out)) == 1 and _listing(temp) == []
    vault.lock()


def test_output_checks(tmp_path: Path) -> None:
    vault, _rk = create_vault(tmp_path / "src", PASSPHRASE)
    with vault:
        existing = tmp_path / "taken.hrdbackup"
        existing.write_bytes(b"someone's file")
        with pytest.raises(errors.OutputExists) as caught:
            create_backup(vault, existing)
        assert caught.value.exit_code == 2
        assert existing.read_bytes() == b"someone's file"
        with pytest.raises(errors.HrdDeskError, match="does not exist"):
            create_backup(vault, tmp_path / "missing" / "b.hrdbackup")
        assert not (tmp_path / "missing").exists()


def test_restore_of_a_missing_file_is_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(errors.HrdDeskError, match="does not exist"):
        restore_backup(tmp_path / "nope.hrdbackup", tmp_path / "r", passphrase=PASSPHRASE)
    assert not (tmp_path / "r").exists()


# --- no plaintext on disk --------------------------------------------------------------------


@pytest.fixture
def watched_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    for var in ("TMPDIR", "SQLITE_TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(var, str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


def test_canary_never_in_backup_or_temp(tmp_path: Path, watched_tmp: Path) -> None:
    vault, _rk = create_vault(tmp_path / "src", PASSPHRASE)
    conn = vault.connection
    migrate(conn)
    conn.execute("CREATE TABLE notes(t TEXT, b BLOB)")
    for marker in MARKERS:
        conn.execute("INSERT INTO notes VALUES (?, ?)", (marker * 40, marker.encode("utf-16-le")))
        conn.execute("INSERT INTO settings VALUES (?, ?)", (marker, f'"{marker}"'))
    conn.execute(
        "CREATE TABLE big AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c "
        "WHERE x < 20000) SELECT x, ? || x AS t FROM c",
        (MARKERS[1],),
    )
    out = tmp_path / "out"
    out.mkdir()
    seen: list[list[str]] = []

    def scan(done: int, total: int) -> None:
        # While the snapshot and the verification copy exist: look at them too.
        seen.append(sorted(str(p.relative_to(watched_tmp)) for p in watched_tmp.rglob("*")))
        for marker in MARKERS:
            assert files_containing(watched_tmp, marker) == []
            assert files_containing(out, marker) == []

    report = create_backup(vault, out, chunk_bytes=64 * 1024, progress=scan)
    vault.lock()
    assert any(any(name.endswith("snapshot.db") for name in names) for names in seen)
    assert any(any(name.endswith("verify/vault.db") for name in names) for names in seen)
    data = report.path.read_bytes()
    for marker in MARKERS:
        assert not contains_marker(data, marker)
    assert _listing(watched_tmp) == []

    target = tmp_path / "restored"

    def scan_restore(done: int, total: int) -> None:
        for marker in MARKERS:
            assert files_containing(tmp_path, marker) == []

    restore_backup(report.path, target, passphrase=PASSPHRASE, progress=scan_restore)
    for marker in MARKERS:
        assert files_containing(tmp_path, marker) == []
    assert _listing(watched_tmp) == []
    with open_vault(target, PASSPHRASE) as again:
        assert again.connection.execute("SELECT count(*) FROM big").fetchone()[0] == 20000


# --- backup while the vault is being written ---------------------------------------------------


class _PairWriter(threading.Thread):
    """Commits (a, b) pairs and a counter in one transaction each, on its own connection."""

    def __init__(self, vault) -> None:
        super().__init__(daemon=True)
        self.vault = vault
        self.committed = 0
        self.cond = threading.Condition()
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        conn = self.vault.connect()
        try:
            k = 0
            while not self.stop.is_set():
                with transaction(conn):
                    conn.execute(
                        "INSERT INTO pairs(k, side, pad) VALUES (?, 'a', randomblob(3000)), "
                        "(?, 'b', randomblob(3000))",
                        (k, k),
                    )
                    conn.execute("UPDATE counter SET n = n + 1")
                k += 1
                with self.cond:
                    self.committed = k
                    self.cond.notify_all()
        except BaseException as exc:  # reported by the test
            self.error = exc
            with self.cond:
                self.cond.notify_all()
        finally:
            self.vault.release(conn)

    def wait_for(self, count: int) -> int:
        with self.cond:
            assert self.cond.wait_for(
                lambda: self.committed >= count or self.error is not None, timeout=60
            )
        assert self.error is None, self.error
        return self.committed


def test_backup_while_another_connection_writes(tmp_path: Path) -> None:
    vault, _rk = create_vault(tmp_path / "src", PASSPHRASE)
    conn = vault.connection
    migrate(conn)
    conn.execute("CREATE TABLE pairs(k INTEGER, side TEXT, pad BLOB, PRIMARY KEY (k, side))")
    conn.execute("CREATE TABLE counter(n INTEGER)")
    conn.execute("INSERT INTO counter VALUES (0)")
    # Enough data that the snapshot is not instantaneous.
    conn.execute(
        "CREATE TABLE ballast AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
        "WHERE x < 3000) SELECT randomblob(4000) AS b FROM c"
    )
    writer = _PairWriter(vault)
    writer.start()
    try:
        before = writer.wait_for(20)
        during: list[int] = []

        def meanwhile(done: int, total: int) -> None:
            # The snapshot is taken: the writer must go on committing while we encrypt.
            if not during:
                during.append(writer.committed)
                writer.wait_for(writer.committed + 3)

        report = create_backup(
            vault, tmp_path / "b.hrdbackup", chunk_bytes=256 * 1024, progress=meanwhile
        )
        after = writer.wait_for(writer.committed + 20)
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None
    restored = restore_backup(report.path, tmp_path / "r", passphrase=PASSPHRASE, check=check_vault)
    assert restored.check.ok, restored.check.verdict()
    with open_vault(tmp_path / "r", PASSPHRASE) as again:
        c = again.connection
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert c.execute("PRAGMA cipher_integrity_check").fetchall() == []
        n = c.execute("SELECT n FROM counter").fetchone()[0]
        assert c.execute("SELECT count(*) FROM pairs").fetchone()[0] == 2 * n
        assert (
            c.execute(
                "SELECT count(*) FROM pairs a JOIN pairs b ON a.k = b.k AND a.side = 'a' "
                "AND b.side = 'b'"
            ).fetchone()[0]
            == n
        )
        assert [r[0] for r in c.execute("SELECT DISTINCT k FROM pairs ORDER BY k")] == list(
            range(n)
        )
    # One point in time between the start and the end of the backup.
    # (+1: a commit can land just before the snapshot and be counted by the writer just after.)
    assert before <= n <= during[0] + 1 and during[0] < after
    vault.lock()


def test_backup_while_another_process_writes(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    vault, _rk = create_vault(folder, PASSPHRASE)
    vault.connection.execute("CREATE TABLE rows(n INTEGER PRIMARY KEY, payload TEXT)")
    proc = subprocess.Popen(
        [sys.executable, str(WRITER_CHILD), str(folder), PASSPHRASE, "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        printed_before = [int(proc.stdout.readline()) for _ in range(30)]
        report = create_backup(vault, tmp_path / "b.hrdbackup")
        printed_after = [int(proc.stdout.readline()) for _ in range(30)]
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    vault.lock()
    restore_backup(report.path, tmp_path / "r", passphrase=PASSPHRASE)
    with open_vault(tmp_path / "r", PASSPHRASE) as again:
        c = again.connection
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        present = [r[0] for r in c.execute("SELECT n FROM rows ORDER BY n")]
    # A prefix of the committed rows, holding at least every row committed before the backup.
    assert present == list(range(len(present)))
    assert max(printed_before) < len(present)
    assert printed_after  # the writer went on after the backup


# --- the "last backup" reminder --------------------------------------------------------------


def test_last_backup_is_recorded_only_after_success(tmp_path: Path) -> None:
    from datetime import datetime

    vault, _rk = create_vault(tmp_path / "src", PASSPHRASE)
    with vault:
        conn = vault.connection
        migrate(conn)
        assert last_backup_at(conn) is None and backup_due(conn)
        report = create_backup(vault, tmp_path)
        assert report.recorded
        when = last_backup_at(conn)
        assert when is not None and when.tzinfo is not None
        assert when.strftime("%Y-%m-%dT%H:%M:%SZ") == report.created_at
        # Stored as a JSON string, as every setting is.
        raw = conn.execute("SELECT value FROM settings WHERE key = 'last_backup_at'").fetchone()[0]
        assert raw == f'"{report.created_at}"'
        assert not backup_due(conn, now=when + timedelta(days=6, hours=23))
        assert backup_due(conn, now=when + timedelta(days=7, seconds=1))
        assert not backup_due(conn, now=when + timedelta(days=20), max_age=timedelta(days=30))
        assert isinstance(when, datetime)


def test_vault_without_schema_backs_up_without_recording(tmp_path: Path) -> None:
    vault, _rk = create_vault(tmp_path / "src", PASSPHRASE)
    with vault:
        report = create_backup(vault, tmp_path / "b.hrdbackup")
        assert not report.recorded
        assert last_backup_at(vault.connection) is None
    restored = restore_backup(report.path, tmp_path / "r", passphrase=PASSPHRASE)
    assert restored.schema_version == 0 and restored.tables == {}


def test_backup_of_a_weak_kdf_vault_is_refused_by_the_shipped_floor(
    small_backup: tuple[Path, str], tmp_path: Path
) -> None:
    """A test-profile vault's backup does not open in the shipped app either (as the vault)."""
    from tests.support import fastkdf

    path, _rk = small_backup
    fastkdf.uninstall()
    try:
        with pytest.raises(BackupCorrupt, match="below the safe minimum"):
            restore_backup(path, tmp_path / "r", passphrase=PASSPHRASE)
    finally:
        fastkdf.install()
    assert not (tmp_path / "r").exists()
