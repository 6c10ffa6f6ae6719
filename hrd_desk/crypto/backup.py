"""One-file encrypted backups of a vault, and restoring them. Qt-free; knows nothing of cases.

File layout (integers big-endian)::

    magic        16 bytes   b"\\x89HRDDESK-BAK\\r\\n\\x1a\\n"  (PNG-style: catches text-mode copies)
    version       2 bytes   1
    meta_len      4 bytes
    meta                    canonical JSON: vault id, created_at (UTC), app and schema version,
                            sizes, HKDF salt (32 random bytes), nonce prefix (4 random bytes)
    kh_len        4 bytes
    key_header              the vault's ``vault.header``, byte for byte
    header_mac   32 bytes   HMAC-SHA256(mac key, every byte above)
    chunks                  AES-256-GCM(chunk i) + 16-byte tag; chunk_bytes of plaintext each,
                            the last one holds the rest

* The plaintext is the SQLCipher database file itself, so it is encrypted twice: by SQLCipher
  (pages, data key) and by this stream. The snapshot is taken with SQLite's online backup API
  into a second SQLCipher file keyed with the *same* data key — never through an unkeyed
  database (``ATTACH … KEY ''`` + ``sqlcipher_export`` would write plaintext).
* Keys: HKDF-SHA256(data key, salt=per-backup salt) → an AES key and a MAC key, so every backup
  has its own keys and nonces never repeat across files.
* Chunk i: nonce = prefix ‖ i (8 bytes); associated data = SHA-256(header) ‖ i ‖ last-flag.
  Changing any byte, swapping, dropping, truncating or appending chunks fails a tag, the header
  MAC or the exact size the authenticated header announces.
* Opening: the embedded key header is unlocked like a vault's (passphrase or recovery key), so
  a backup opens with whatever opened the vault when it was made.

Writing: temp name in the destination folder (0600, ``O_EXCL``) → fsync → read back through the
restore code (every tag, then ``cipher_integrity_check`` and ``integrity_check`` on the database
it decrypts to; that copy is SQLCipher ciphertext in a private temp folder) → rename. On any
failure the temp file is removed.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import errno
import hashlib
import hmac
import json
import os
import secrets
import shutil
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from hrd_desk import __version__
from hrd_desk.crypto import errors, keyslots
from hrd_desk.crypto.atomic import fsync_dir
from hrd_desk.crypto.device import DeviceKeyring
from hrd_desk.crypto.fsperm import is_empty_or_missing, make_private_dir
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.crypto.vault import (
    DB_NAME,
    HEADER_NAME,
    Connection,
    Vault,
    header_path,
    keyed_connection,
    transaction,
    unlock_header_with_passphrase,
    unlock_header_with_recovery_key,
    wipe,
)
from hrd_desk.i18n import _

MAGIC = b"\x89HRDDESK-BAK\r\n\x1a\n"
VERSION = 1
FORMAT_NAME = "hrd-desk/backup"
SUFFIX = ".hrdbackup"
CHUNK_BYTES = 1024 * 1024
MIN_CHUNK_BYTES = 512
MAX_CHUNK_BYTES = 16 * 1024 * 1024
MAX_META_BYTES = 64 * 1024
MAX_DB_BYTES = 1 << 50
SALT_BYTES = 32
NONCE_PREFIX_BYTES = 4
TAG_BYTES = 16
MAC_BYTES = 32
#: settings key (JSON string, ISO 8601 UTC) of the last backup that was written and verified.
LAST_BACKUP_KEY = "last_backup_at"
REMIND_AFTER = timedelta(days=7)

#: ``progress(done, total)``: bytes; a backup counts writing and reading back (2 × the database).
Progress = Callable[[int, int], None]
_U16 = struct.Struct(">H")
_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")


@dataclass(frozen=True)
class BackupReport:
    path: Path
    created_at: str
    #: size of the backup file
    size: int
    #: size of the database inside it
    db_bytes: int
    verified: bool
    #: False when ``last_backup_at`` could not be stored (no settings table, or a busy disk)
    recorded: bool


@dataclass
class RestoreReport:
    folder: Path
    vault_id: str
    backup_created_at: str
    app_version: str
    schema_version: int
    #: rows per table (user tables, in name order)
    tables: dict[str, int]
    #: what the ``check`` callback of :func:`restore_backup` returned (e.g. the audit chain)
    check: Any = None


@dataclass(frozen=True)
class _Parsed:
    header: bytes  # magic … key header: hashed into every chunk's associated data
    mac: bytes
    meta: dict[str, Any]
    key_header: bytes
    body_offset: int

    @property
    def db_bytes(self) -> int:
        return self.meta["db_bytes"]

    @property
    def chunk_bytes(self) -> int:
        return self.meta["chunk_bytes"]

    @property
    def chunks(self) -> int:
        return self.meta["chunks"]

    def expected_size(self) -> int:
        return self.body_offset + self.db_bytes + self.chunks * TAG_BYTES


# --- keys and framing ------------------------------------------------------------------------


def _keys(data_key: bytes | bytearray, salt: bytes) -> tuple[bytes, bytes]:
    okm = HKDF(algorithm=hashes.SHA256(), length=64, salt=salt, info=b"hrd-desk backup v1").derive(
        bytes(data_key)
    )
    return okm[:32], okm[32:]


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + _U64.pack(index)


def _aad(header_digest: bytes, index: int, last: bool) -> bytes:
    return header_digest + _U64.pack(index) + (b"\x01" if last else b"\x00")


def _chunk_count(db_bytes: int, chunk_bytes: int) -> int:
    return max(1, -(-db_bytes // chunk_bytes))


def _chunk_len(parsed: _Parsed, index: int) -> int:
    if index < parsed.chunks - 1:
        return parsed.chunk_bytes
    return parsed.db_bytes - parsed.chunk_bytes * (parsed.chunks - 1)


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, size: int) -> bytes:
    if not isinstance(text, str):
        raise errors.BackupCorrupt(errors.BackupCorrupt.FORMAT)
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise errors.BackupCorrupt(errors.BackupCorrupt.FORMAT) from exc
    if len(raw) != size:
        raise errors.BackupCorrupt(errors.BackupCorrupt.FORMAT)
    return raw


def _build_header(meta: dict[str, Any], key_header: bytes) -> bytes:
    body = _canonical(meta)
    return (
        MAGIC
        + _U16.pack(VERSION)
        + _U32.pack(len(body))
        + body
        + _U32.pack(len(key_header))
        + key_header
    )


# --- reading ---------------------------------------------------------------------------------


def _read_exact(fh: BinaryIO, n: int) -> bytes:
    data = fh.read(n)
    if len(data) != n:
        raise errors.BackupCorrupt(errors.BackupCorrupt.TRUNCATED)
    return data


def _int(meta: dict[str, Any], name: str, low: int, high: int) -> int:
    value = meta.get(name)
    # bool is an int in Python; a JSON true is no size.
    if type(value) is not int or not low <= value <= high:
        raise errors.BackupCorrupt(errors.BackupCorrupt.FORMAT)
    return value


def _check_meta(meta: Any) -> dict[str, Any]:
    fmt = errors.BackupCorrupt.FORMAT
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise errors.BackupCorrupt(fmt)
    if meta.get("cipher") != "AES-256-GCM" or meta.get("kdf") != "HKDF-SHA256":
        raise errors.BackupCorrupt(fmt)
    for name in ("vault_id", "created_at", "app_version"):
        if not isinstance(meta.get(name), str):
            raise errors.BackupCorrupt(fmt)
    _int(meta, "version", VERSION, VERSION)
    _int(meta, "schema_version", 0, 1 << 31)
    db_bytes = _int(meta, "db_bytes", 1, MAX_DB_BYTES)
    chunk_bytes = _int(meta, "chunk_bytes", MIN_CHUNK_BYTES, MAX_CHUNK_BYTES)
    _int(meta, "chunks", 1, MAX_DB_BYTES)
    if meta["chunks"] != _chunk_count(db_bytes, chunk_bytes):
        raise errors.BackupCorrupt(fmt)
    _unb64(meta.get("salt"), SALT_BYTES)
    _unb64(meta.get("nonce_prefix"), NONCE_PREFIX_BYTES)
    return meta


def _parse(fh: BinaryIO) -> _Parsed:
    """The header, checked for shape only (nothing is authentic until the MAC is verified)."""
    fmt = errors.BackupCorrupt.FORMAT
    magic = fh.read(len(MAGIC))
    if magic != MAGIC:
        short = 0 < len(magic) < len(MAGIC) and MAGIC.startswith(magic)
        raise errors.BackupCorrupt(errors.BackupCorrupt.TRUNCATED if short else fmt)
    (version,) = _U16.unpack(_read_exact(fh, 2))
    if version != VERSION:
        if version > VERSION:
            raise errors.BackupCorrupt(
                fmt,
                _(
                    "This backup was written by a newer version of HRD Desk (format {version}). "
                    "Update the app to restore it. Nothing was restored."
                ).format(version=version),
            )
        raise errors.BackupCorrupt(fmt)
    (meta_len,) = _U32.unpack(_read_exact(fh, 4))
    if not 0 < meta_len <= MAX_META_BYTES:
        raise errors.BackupCorrupt(fmt)
    body = _read_exact(fh, meta_len)
    try:
        meta = json.loads(body.decode("ascii"))
        canonical = _canonical(meta) == body
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise errors.BackupCorrupt(fmt) from exc
    if not canonical:
        raise errors.BackupCorrupt(fmt)
    meta = _check_meta(meta)
    (kh_len,) = _U32.unpack(_read_exact(fh, 4))
    if not 0 < kh_len <= keyslots.MAX_HEADER_BYTES:
        raise errors.BackupCorrupt(fmt)
    key_header = _read_exact(fh, kh_len)
    mac = _read_exact(fh, MAC_BYTES)
    header = MAGIC + _U16.pack(version) + _U32.pack(meta_len) + body + _U32.pack(kh_len)
    header += key_header
    return _Parsed(header, mac, meta, key_header, len(header) + MAC_BYTES)


def _authenticate(fh: BinaryIO, parsed: _Parsed, mac_key: bytes) -> None:
    """Header MAC, then the exact file size the (now authentic) header announces."""
    expected = hmac.new(mac_key, parsed.header, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, parsed.mac):
        raise errors.BackupCorrupt(errors.BackupCorrupt.AUTHENTICATION)
    inner, _signed, _tag = keyslots.parse(parsed.key_header)
    if inner.vault_id != parsed.meta["vault_id"]:
        raise errors.BackupCorrupt(errors.BackupCorrupt.FORMAT)
    size = os.fstat(fh.fileno()).st_size
    if size < parsed.expected_size():
        raise errors.BackupCorrupt(errors.BackupCorrupt.TRUNCATED)
    if size > parsed.expected_size():
        raise errors.BackupCorrupt(errors.BackupCorrupt.TRAILING)


def _decrypt_to(
    fh: BinaryIO,
    parsed: _Parsed,
    enc_key: bytes,
    out: Path,
    progress: Callable[[int], None] | None = None,
) -> str:
    """Authenticate every chunk while writing the plaintext to *out* (0600, new file).

    The plaintext is the SQLCipher file: still encrypted with the data key. Returns its SHA-256.
    """
    aead = AESGCM(enc_key)
    prefix = _unb64(parsed.meta["nonce_prefix"], NONCE_PREFIX_BYTES)
    digest = hashlib.sha256(parsed.header).digest()
    sha = hashlib.sha256()
    fh.seek(parsed.body_offset)
    with storage_errors():
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as sink:
        done = 0
        for index in range(parsed.chunks):
            last = index == parsed.chunks - 1
            sealed = _read_exact(fh, _chunk_len(parsed, index) + TAG_BYTES)
            try:
                plain = aead.decrypt(_nonce(prefix, index), sealed, _aad(digest, index, last))
            except InvalidTag as exc:
                raise errors.BackupCorrupt(errors.BackupCorrupt.AUTHENTICATION) from exc
            with storage_errors():
                sink.write(plain)
            sha.update(plain)
            done += len(plain)
            if progress:
                progress(done)
        if fh.read(1):
            raise errors.BackupCorrupt(errors.BackupCorrupt.TRAILING)
        with storage_errors():
            sink.flush()
            os.fsync(sink.fileno())
    return sha.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _inspect_db(path: Path, data_key: bytes | bytearray) -> tuple[int, dict[str, int]]:
    """Schema version and rows per table, after SQLCipher's and SQLite's integrity checks."""
    try:
        conn = keyed_connection(path, data_key)
    except errors.DatabaseCorrupt as exc:
        raise errors.BackupCorrupt(errors.BackupCorrupt.DATABASE) from exc
    try:
        with storage_errors():
            if conn.execute("PRAGMA cipher_integrity_check").fetchall():
                raise errors.BackupCorrupt(errors.BackupCorrupt.DATABASE)
            if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                raise errors.BackupCorrupt(errors.BackupCorrupt.DATABASE)
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            # table_list's type tells real tables from virtual ones and their shadow tables.
            names = sorted(
                row[1]
                for row in conn.execute("PRAGMA main.table_list")
                if row[2] == "table" and not row[1].startswith("sqlite_")
            )
            # Names come from the schema itself and are quoted as identifiers.
            count = "SELECT count(*) FROM {}"
            tables = {
                name: int(conn.execute(count.format(_quote(name))).fetchone()[0]) for name in names
            }
    except errors.DatabaseCorrupt as exc:
        raise errors.BackupCorrupt(errors.BackupCorrupt.DATABASE) from exc
    finally:
        conn.close()
    return version, tables


def _open_backup(path: Path) -> BinaryIO:
    try:
        return open(path, "rb")
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        raise errors.HrdDeskError(
            _("The backup file {path} does not exist or cannot be read.").format(path=path)
        ) from exc


# --- writing ---------------------------------------------------------------------------------


def default_backup_name(when: datetime) -> str:
    """A file name with the time only: no vault or defender names in file names."""
    return f"hrd-desk-backup-{when:%Y%m%d-%H%M%S}Z{SUFFIX}"


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _timestamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _current_key_header(vault: Vault, data_key: bytes | bytearray) -> bytes:
    """The header on disk (it may hold a passphrase changed by another process), if it is ours."""
    raw = header_path(vault.folder).read_bytes()
    _header, signed, tag = keyslots.parse(raw)
    keyslots.verify_mac(signed, tag, data_key)
    return raw


def _snapshot(vault: Vault, path: Path, data_key: bytes | bytearray) -> int:
    """A consistent copy of the live database, keyed with the same data key; its schema version.

    One ``backup`` step (pages=-1) runs in one read transaction, so the copy is the database at a
    single point in time; in WAL mode writers are not blocked meanwhile.
    """
    with storage_errors():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    target = keyed_connection(path, data_key)
    try:
        source = vault.connect()
        try:
            with storage_errors():
                source.backup(target, pages=-1)
        finally:
            vault.release(source)
        with storage_errors():
            version = int(target.execute("PRAGMA user_version").fetchone()[0])
            # One self-contained file: WAL content checkpointed into it, no -wal beside it.
            target.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        target.close()
    return version


def _settle(fh: BinaryIO) -> None:
    """Flush to the disk and drop the OS's cached pages, so the read-back reads the medium."""
    fh.flush()
    os.fsync(fh.fileno())
    if hasattr(os, "posix_fadvise"):
        with contextlib.suppress(OSError):
            os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def _encrypt(
    snapshot: Path,
    sink: BinaryIO,
    header: bytes,
    enc_key: bytes,
    prefix: bytes,
    chunk_bytes: int,
    chunks: int,
    progress: Callable[[int], None] | None,
) -> str:
    aead = AESGCM(enc_key)
    digest = hashlib.sha256(header).digest()
    sha = hashlib.sha256()
    total = snapshot.stat().st_size
    done = 0
    with open(snapshot, "rb") as src:
        for index in range(chunks):
            plain = src.read(chunk_bytes)
            last = index == chunks - 1
            sink.write(aead.encrypt(_nonce(prefix, index), plain, _aad(digest, index, last)))
            sha.update(plain)
            done += len(plain)
            if progress:
                progress(done)
        if done != total or src.read(1):
            raise errors.StorageIOError()
    return sha.hexdigest()


def resolve_output(out: Path | str, when: datetime | None = None) -> Path:
    """The file a backup to *out* goes to (a new file, or a time-named file in a folder).

    Raises before anything is done (so the CLI can refuse before asking for a passphrase).
    """
    out = Path(out)
    if out.is_dir():
        out = out / default_backup_name(when or _now())
    elif not out.parent.is_dir():
        raise errors.HrdDeskError(
            _("The folder {path} does not exist; nothing was written.").format(path=out.parent)
        )
    if out.exists():
        raise errors.OutputExists(
            _("{path} already exists; choose a new name or a folder. Nothing was written.").format(
                path=out
            )
        )
    return out


def create_backup(
    vault: Vault,
    out: Path | str,
    *,
    chunk_bytes: int = CHUNK_BYTES,
    work_dir: Path | str | None = None,
    progress: Progress | None = None,
) -> BackupReport:
    """Write a verified backup of the open *vault* to *out* (a new file, or a folder to put a
    time-named file in). The vault may be in use meanwhile. Records ``last_backup_at``.

    *work_dir* holds the snapshot and the verification copy (both SQLCipher ciphertext) in a
    private folder that is removed afterwards; default: the system temp folder.
    """
    if not MIN_CHUNK_BYTES <= chunk_bytes <= MAX_CHUNK_BYTES:
        raise ValueError("chunk_bytes out of range")
    when = _now()
    final = resolve_output(out, when)
    data_key = bytearray(vault.export_key_for_backup())
    work = Path(tempfile.mkdtemp(prefix="hrd-desk-backup-", dir=work_dir))
    tmp: Path | None = None
    try:
        key_header = _current_key_header(vault, data_key)
        snapshot = work / "snapshot.db"
        schema_version = _snapshot(vault, snapshot, data_key)
        db_bytes = snapshot.stat().st_size
        chunks = _chunk_count(db_bytes, chunk_bytes)
        salt = secrets.token_bytes(SALT_BYTES)
        prefix = secrets.token_bytes(NONCE_PREFIX_BYTES)
        meta = {
            "format": FORMAT_NAME,
            "version": VERSION,
            "vault_id": vault.vault_id,
            "created_at": _timestamp(when),
            "app_version": __version__,
            "schema_version": schema_version,
            "db_bytes": db_bytes,
            "chunk_bytes": chunk_bytes,
            "chunks": chunks,
            "key_header_bytes": len(key_header),
            "cipher": "AES-256-GCM",
            "kdf": "HKDF-SHA256",
            "salt": _b64(salt),
            "nonce_prefix": _b64(prefix),
        }
        header = _build_header(meta, key_header)
        enc_key, mac_key = _keys(data_key, salt)
        tmp = final.with_name(f".{final.name}.{secrets.token_hex(6)}.tmp")
        with storage_errors():
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as sink:
                sink.write(header)
                sink.write(hmac.new(mac_key, header, hashlib.sha256).digest())
                written = _encrypt(
                    snapshot,
                    sink,
                    header,
                    enc_key,
                    prefix,
                    chunk_bytes,
                    chunks,
                    progress and (lambda done: progress(done, 2 * db_bytes)),
                )
                _settle(sink)
        # Not needed any more: free its space before the verification copy is written.
        snapshot.unlink()
        _verify_written(
            tmp,
            data_key,
            work,
            written,
            progress and (lambda done: progress(db_bytes + done, 2 * db_bytes)),
        )
        if final.exists():
            raise errors.OutputExists()
        with storage_errors():
            os.replace(tmp, final)
            tmp = None
            fsync_dir(final.parent)
        size = final.stat().st_size
    finally:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        shutil.rmtree(work, ignore_errors=True)
        wipe(data_key)
    try:
        recorded = record_last_backup(vault, when)
    except errors.StorageError:
        # The backup is written and verified; only the reminder will come a little early.
        recorded = False
    return BackupReport(final, _timestamp(when), size, db_bytes, verified=True, recorded=recorded)


def _verify_written(
    path: Path,
    data_key: bytes | bytearray,
    work: Path,
    expected: str,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Read the new file back through the restore code; BackupCorrupt if anything differs."""
    check_dir = work / "verify"
    make_private_dir(check_dir)
    try:
        with open(path, "rb") as fh:
            parsed = _parse(fh)
            _header, signed, tag = keyslots.parse(parsed.key_header)
            keyslots.verify_mac(signed, tag, data_key)
            enc_key, mac_key = _keys(data_key, _unb64(parsed.meta["salt"], SALT_BYTES))
            _authenticate(fh, parsed, mac_key)
            copy = check_dir / DB_NAME
            if _decrypt_to(fh, parsed, enc_key, copy, progress) != expected:
                raise errors.BackupCorrupt(errors.BackupCorrupt.AUTHENTICATION)
            _inspect_db(copy, data_key)
    except (errors.BackupCorrupt, errors.HeaderCorrupt) as exc:
        kind = getattr(exc, "kind", errors.BackupCorrupt.AUTHENTICATION)
        raise errors.BackupCorrupt(
            kind,
            _(
                "The new backup did not read back correctly, so it was deleted; the disk may "
                "be failing. Try another disk. The vault was not changed."
            ),
        ) from exc
    finally:
        shutil.rmtree(check_dir, ignore_errors=True)


# --- the "last backup" setting -----------------------------------------------------------------


def _has_settings(conn: Connection) -> bool:
    with storage_errors():
        row = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'"
        ).fetchone()
    return row is not None


def record_last_backup(vault: Vault, when: datetime) -> bool:
    """Store *when* as ``last_backup_at``; False if the vault has no settings table (no schema)."""
    conn = vault.connect()
    try:
        if not _has_settings(conn):
            return False
        with transaction(conn), storage_errors():
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (LAST_BACKUP_KEY, json.dumps(_timestamp(when.astimezone(UTC)))),
            )
    finally:
        vault.release(conn)
    return True


def last_backup_at(conn: Connection) -> datetime | None:
    """When the last verified backup was taken (UTC), or None if never (or unreadable)."""
    if not _has_settings(conn):
        return None
    with storage_errors():
        row = conn.execute(
            "SELECT value FROM settings WHERE key = ?", (LAST_BACKUP_KEY,)
        ).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(row[0])
        when = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return None
    return when.replace(tzinfo=UTC)


def backup_due(
    conn: Connection, *, now: datetime | None = None, max_age: timedelta = REMIND_AFTER
) -> bool:
    """True when there is no verified backup, or the last one is older than *max_age*."""
    last = last_backup_at(conn)
    return last is None or (now or datetime.now(UTC)) - last > max_age


# --- restoring -------------------------------------------------------------------------------


def _make_parents(folder: Path) -> list[Path]:
    """Create the missing folders up to *folder*; returns them deepest first (to undo)."""
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700)
    return missing


def _move_file(src: Path, dst: Path) -> None:
    try:
        os.rename(src, dst)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        # Another disk (an empty USB stick's root): copy, make it durable, then drop the source.
        with open(src, "rb") as fin:
            fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fout:
                shutil.copyfileobj(fin, fout, CHUNK_BYTES)
                fout.flush()
                os.fsync(fout.fileno())
        src.unlink()


def _install(staging: Path, target: Path) -> None:
    """Move the verified staging folder into place: one rename when possible."""
    try:
        # POSIX rename() also replaces an *empty* folder, atomically.
        os.rename(staging, target)
    except OSError:
        # Windows, a mount point, or a folder that is no longer empty.
        if not target.is_dir() or not is_empty_or_missing(target):
            raise errors.VaultExists() from None
        moved: list[Path] = []
        try:
            # The header last: until it is there, the folder is not a vault.
            for name in (DB_NAME, HEADER_NAME):
                _move_file(staging / name, target / name)
                moved.append(target / name)
        except BaseException:
            for path in moved:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        staging.rmdir()
    make_private_dir(target)
    fsync_dir(target)
    fsync_dir(target.parent)


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def restore_backup(
    backup_file: Path | str,
    target_dir: Path | str,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    keyring: DeviceKeyring | None = None,
    check: Callable[[Vault], Any] | None = None,
    progress: Progress | None = None,
) -> RestoreReport:
    """Restore a backup into a new or empty folder, after verifying all of it.

    Give exactly one of *passphrase* and *recovery_key*. Raises :class:`errors.VaultExists`
    (target not empty), :class:`errors.WrongPassphrase`, :class:`errors.BackupCorrupt`; in each
    case the target is as it was (a folder that did not exist still does not).

    *check* is called with the restored vault, open, and its result goes into the report; the
    cases layer passes its health check (audit chain) here, which this module cannot import.
    """
    if (passphrase is None) == (recovery_key is None):
        raise ValueError("give a passphrase or a recovery key")
    target = Path(target_dir)
    if not is_empty_or_missing(target):
        raise errors.VaultExists()
    with _open_backup(Path(backup_file)) as fh:
        parsed = _parse(fh)
        try:
            if passphrase is not None:
                header, key = unlock_header_with_passphrase(parsed.key_header, passphrase, keyring)
            else:
                header, key = unlock_header_with_recovery_key(parsed.key_header, recovery_key)
        except errors.HeaderCorrupt as exc:
            # Keep a specific reason (KDF parameters below the floor); damage gets ours.
            specific = exc.message if exc.message != errors.HeaderCorrupt().message else None
            raise errors.BackupCorrupt(errors.BackupCorrupt.AUTHENTICATION, specific) from exc
        try:
            report = _restore_unlocked(fh, parsed, key, target, progress)
            if check is not None:
                with Vault(target, header, bytearray(key)) as restored:
                    report.check = check(restored)
        finally:
            wipe(key)
    return report


def _restore_unlocked(
    fh: BinaryIO, parsed: _Parsed, key: bytearray, target: Path, progress: Progress | None
) -> RestoreReport:
    enc_key, mac_key = _keys(key, _unb64(parsed.meta["salt"], SALT_BYTES))
    _authenticate(fh, parsed, mac_key)
    # Staged beside the target (same disk: the final step is a rename), never inside it.
    created = _make_parents(target.parent)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restore-", dir=target.parent))
        try:
            _decrypt_to(
                fh,
                parsed,
                enc_key,
                staging / DB_NAME,
                progress and (lambda done: progress(done, parsed.db_bytes)),
            )
            version, tables = _inspect_db(staging / DB_NAME, key)
            with storage_errors():
                _write_new(staging / HEADER_NAME, parsed.key_header)
                fsync_dir(staging)
                _install(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    except BaseException:
        for folder in created:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    meta = parsed.meta
    return RestoreReport(
        folder=target,
        vault_id=meta["vault_id"],
        backup_created_at=meta["created_at"],
        app_version=meta["app_version"],
        schema_version=version,
        tables=tables,
    )
