"""The vault: a private folder with a SQLCipher database and a key header.

``vault.header`` (see :mod:`.keyslots`) wraps a random 256-bit data key; that key is handed to
SQLCipher as a raw key (``x'…'``), so SQLCipher's own PBKDF2 never runs and a wrong passphrase is
known from the AEAD slot *before* the database is touched. After a good unwrap, "file is not a
database" therefore means corruption, never a wrong key.

Connections are opened with ``temp_store=MEMORY`` (no plaintext in SQLITE_TMPDIR),
``secure_delete=ON``, ``foreign_keys=ON``, WAL with ``synchronous=FULL``. WAL frames are
encrypted by SQLCipher like the main file (tested with a canary). ``cipher_memory_security`` is
left OFF: it doubles query time and only wipes SQLCipher's buffers while the same plaintext
lives on in Python strings we cannot wipe (docs/security.md says so).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import sqlcipher3

from hrd_desk.crypto import errors, kdf, keyslots, recovery
from hrd_desk.crypto.device import DeviceKeyring
from hrd_desk.crypto.fsperm import check_vault_folder, is_empty_or_missing, make_private_dir
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.i18n import _

HEADER_NAME = "vault.header"
DB_NAME = "vault.db"
BUSY_TIMEOUT_MS = 10_000

Connection = sqlcipher3.Connection


def header_path(folder: Path) -> Path:
    return Path(folder) / HEADER_NAME


def db_path(folder: Path) -> Path:
    return Path(folder) / DB_NAME


def is_vault(folder: Path) -> bool:
    return header_path(folder).is_file()


def wipe(buf: bytearray) -> None:
    for i in range(len(buf)):
        buf[i] = 0


def _on_read_only_fs(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): SQLite's own error stands
        return False


def keyed_connection(path: Path, data_key: bytes | bytearray) -> Connection:
    """A SQLCipher connection to *path* with our pragmas; the key never appears in SQL text."""
    try:
        return _keyed_connection(path, data_key)
    except errors.StorageIOError as exc:
        # In WAL mode SQLite must create vault.db-shm beside the database, so a vault on a
        # read-only disk or mount fails to open with "unable to open database file" (CANTOPEN),
        # which alone reads as a disk fault. Name the real cause (found by issue 10's faults).
        if _on_read_only_fs(Path(path).parent):
            raise errors.ReadOnlyStorage() from exc
        raise


def _keyed_connection(path: Path, data_key: bytes | bytearray) -> Connection:
    with storage_errors():
        # check_same_thread=False only so that lock() may close a finished worker's connection;
        # each connection is still used by one thread at a time (workers are joined first).
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        try:
            # SQLCipher prints decryption failures to stderr; we report them ourselves.
            conn.execute("PRAGMA cipher_log_level = NONE")
            raw = bytearray(b"x'") + bytearray(bytes(data_key).hex().encode()) + b"'"
            try:
                conn.set_key(raw)
            finally:
                wipe(raw)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        except BaseException:
            conn.close()
            raise
    return conn


class Vault:
    """An unlocked vault. Create with :func:`create_vault` or :func:`open_vault`."""

    def __init__(self, folder: Path, header: keyslots.Header, data_key: bytearray) -> None:
        self.folder = Path(folder)
        self.header = header
        self._key: bytearray | None = data_key
        self._connections: list[Connection] = []
        self._main: Connection | None = None

    # -- state --------------------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self._key is None

    @property
    def vault_id(self) -> str:
        return self.header.vault_id

    @property
    def db_path(self) -> Path:
        return db_path(self.folder)

    def _data_key(self) -> bytearray:
        if self._key is None:
            raise errors.VaultLocked()
        return self._key

    # -- connections --------------------------------------------------------------------------
    def connect(self) -> Connection:
        """A new connection (one per thread: SQLite connections are not shared across threads)."""
        conn = keyed_connection(self.db_path, self._data_key())
        self._connections.append(conn)
        return conn

    def release(self, conn: Connection) -> None:
        """Close a connection from :meth:`connect` (workers do this when they finish)."""
        with contextlib.suppress(sqlcipher3.Error):
            conn.close()
        if conn in self._connections:
            self._connections.remove(conn)
        if conn is self._main:
            self._main = None

    @property
    def connection(self) -> Connection:
        if self._main is None:
            self._main = self.connect()
        return self._main

    # -- key management -----------------------------------------------------------------------
    def change_passphrase(self, new_passphrase: str, params: kdf.KdfParams | None = None) -> None:
        """Rewrap the data key under a new passphrase; the database is not touched."""
        _rewrite_passphrase_slot(self.folder, self.header, self._data_key(), new_passphrase, params)

    def new_recovery_key(self) -> str:
        """Replace the recovery slot; returns the new key to show once."""
        rk = recovery.new_recovery_key()
        keyslots.set_recovery_slot(self.header, self._data_key(), rk)
        keyslots.write_header(header_path(self.folder), self.header, self._data_key())
        return recovery.format_recovery_key(rk)

    def bind_to_device(self, passphrase: str, keyring: DeviceKeyring) -> None:
        key = self._data_key()
        keyslots.open_passphrase_slot(self.header, passphrase, _device_secret(self.header, None))
        secret = keyring.create_secret(self.vault_id)
        params = keyslots.kdf_params(self.header.slot("passphrase") or {})
        keyslots.set_passphrase_slot(
            self.header,
            key,
            passphrase,
            params,
            device={"service": "hrd-desk", "account": f"vault:{self.vault_id}"},
            device_secret=secret,
        )
        keyslots.write_header(header_path(self.folder), self.header, key)

    def unbind_from_device(self, passphrase: str, keyring: DeviceKeyring) -> None:
        key = self._data_key()
        secret = keyring.load_secret(self.vault_id) if self.header.device_bound else None
        keyslots.open_passphrase_slot(self.header, passphrase, secret)
        params = keyslots.kdf_params(self.header.slot("passphrase") or {})
        keyslots.set_passphrase_slot(self.header, key, passphrase, params)
        keyslots.write_header(header_path(self.folder), self.header, key)
        keyring.delete_secret(self.vault_id)

    def export_key_for_backup(self) -> bytes:
        """The data key, for code that must key a second SQLCipher file (backups)."""
        return bytes(self._data_key())

    # -- lock ---------------------------------------------------------------------------------
    def lock(self) -> None:
        """Close every connection and overwrite the key bytes we hold."""
        for conn in list(self._connections):
            with contextlib.suppress(sqlcipher3.Error):
                conn.close()
        self._connections = []
        self._main = None
        if self._key is not None:
            wipe(self._key)
            self._key = None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()


# --- module functions ------------------------------------------------------------------------


def _device_secret(header: keyslots.Header, keyring: DeviceKeyring | None) -> bytes | None:
    if not header.device_bound:
        return None
    return (keyring or DeviceKeyring()).load_secret(header.vault_id)


def _rewrite_passphrase_slot(
    folder: Path,
    header: keyslots.Header,
    data_key: bytearray,
    new_passphrase: str,
    params: kdf.KdfParams | None,
    keyring: DeviceKeyring | None = None,
) -> None:
    slot = header.slot("passphrase") or {}
    device = slot.get("device")
    secret = _device_secret(header, keyring) if device else None
    keyslots.set_passphrase_slot(
        header,
        data_key,
        new_passphrase,
        params or kdf.calibrate(),
        device=device,
        device_secret=secret,
    )
    keyslots.write_header(header_path(folder), header, data_key)


def create_vault(
    folder: Path | str,
    passphrase: str,
    *,
    params: kdf.KdfParams | None = None,
    demo: bool = False,
) -> tuple[Vault, str]:
    """Create a vault in a new or empty folder. Returns the open vault and the recovery key."""
    folder = Path(folder)
    if not is_empty_or_missing(folder):
        raise errors.VaultExists()
    created_folder = not folder.exists()
    make_private_dir(folder)
    data_key = bytearray(secrets.token_bytes(keyslots.DATA_KEY_BYTES))
    try:
        header = keyslots.new_header(demo=demo)
        keyslots.set_passphrase_slot(header, data_key, passphrase, params or kdf.calibrate())
        rk = recovery.new_recovery_key()
        keyslots.set_recovery_slot(header, data_key, rk)
        keyslots.write_header(header_path(folder), header, data_key)
        # SQLite creates files with the process umask and gives -wal/-shm the database's mode:
        # create the file private ourselves, whatever umask the caller has.
        os.close(os.open(db_path(folder), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        vault = Vault(folder, header, data_key)
        vault.connection.execute("PRAGMA user_version").fetchone()
    except BaseException:
        # Leave nothing half-made behind: the folder was new or empty when we started.
        if created_folder:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            for child in folder.iterdir():
                child.unlink(missing_ok=True)
        raise
    return vault, recovery.format_recovery_key(rk)


def _read_raw(folder: Path) -> bytes:
    check_vault_folder(folder)
    try:
        return header_path(folder).read_bytes()
    except FileNotFoundError as exc:
        raise errors.NotAVault() from exc


def unlock_with_passphrase(
    folder: Path | str, passphrase: str, keyring: DeviceKeyring | None = None
) -> tuple[keyslots.Header, bytearray]:
    """Unwrap the data key (no database access). Raises WrongPassphrase / HeaderCorrupt."""
    return unlock_header_with_passphrase(_read_raw(Path(folder)), passphrase, keyring)


def unlock_with_recovery_key(
    folder: Path | str, recovery_text: str
) -> tuple[keyslots.Header, bytearray]:
    return unlock_header_with_recovery_key(_read_raw(Path(folder)), recovery_text)


def unlock_header_with_passphrase(
    raw: bytes, passphrase: str, keyring: DeviceKeyring | None = None
) -> tuple[keyslots.Header, bytearray]:
    """Like :func:`unlock_with_passphrase`, for key-header bytes held elsewhere (a backup)."""
    header, signed, tag = keyslots.parse(raw)
    key = keyslots.open_passphrase_slot(header, passphrase, _device_secret(header, keyring))
    _verify(signed, tag, key)
    return header, key


def unlock_header_with_recovery_key(
    raw: bytes, recovery_text: str
) -> tuple[keyslots.Header, bytearray]:
    """Like :func:`unlock_with_recovery_key`, for key-header bytes held elsewhere (a backup)."""
    header, signed, tag = keyslots.parse(raw)
    key = keyslots.open_recovery_slot(header, recovery.parse_recovery_key(recovery_text))
    _verify(signed, tag, key)
    return header, key


def _verify(signed: bytes, tag: bytes, key: bytearray) -> None:
    try:
        keyslots.verify_mac(signed, tag, key)
    except errors.HeaderCorrupt:
        wipe(key)
        raise


def open_vault(folder: Path | str, passphrase: str, keyring: DeviceKeyring | None = None) -> Vault:
    header, key = unlock_with_passphrase(folder, passphrase, keyring)
    return _open_db(Path(folder), header, key)


def open_vault_with_recovery_key(folder: Path | str, recovery_text: str) -> Vault:
    header, key = unlock_with_recovery_key(folder, recovery_text)
    return _open_db(Path(folder), header, key)


def _open_db(folder: Path, header: keyslots.Header, key: bytearray) -> Vault:
    if not db_path(folder).is_file():
        wipe(key)
        raise errors.DatabaseCorrupt()
    vault = Vault(folder, header, key)
    try:
        vault.connection  # noqa: B018 - opening proves the key and the file
    except errors.DatabaseCorrupt as exc:
        pages = damaged_pages(vault.db_path, key)
        vault.lock()
        if pages:
            raise errors.DatabaseCorrupt(
                _("{message} ({details})").format(message=exc.message, details=", ".join(pages[:5]))
            ) from exc
        raise
    except BaseException:
        vault.lock()
        raise
    return vault


def damaged_pages(path: Path, data_key: bytes | bytearray) -> list[str]:
    """SQLCipher's own words for each page that fails its HMAC ("HMAC verification failed for
    page 80"), read without the schema: when the damaged page holds the schema, the vault does
    not open, and ``check`` can still name the page (found by issue 10's fault suite)."""
    try:
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    except sqlcipher3.Error:
        return []
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        raw = bytearray(b"x'") + bytearray(bytes(data_key).hex().encode()) + b"'"
        try:
            conn.set_key(raw)
        finally:
            wipe(raw)
        conn.execute("PRAGMA query_only = ON")
        return [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
    except sqlcipher3.Error:
        return []
    finally:
        conn.close()


def change_passphrase(
    folder: Path | str,
    old_passphrase: str,
    new_passphrase: str,
    *,
    params: kdf.KdfParams | None = None,
    keyring: DeviceKeyring | None = None,
) -> None:
    """Rewrite only the passphrase slot; the database file is not opened."""
    folder = Path(folder)
    header, key = unlock_with_passphrase(folder, old_passphrase, keyring)
    try:
        _rewrite_passphrase_slot(folder, header, key, new_passphrase, params, keyring)
    finally:
        wipe(key)


def recover(
    folder: Path | str,
    recovery_text: str,
    new_passphrase: str,
    *,
    params: kdf.KdfParams | None = None,
) -> None:
    """Open with the recovery key and set a new passphrase (drops any device binding: the point
    of recovery is a new computer)."""
    folder = Path(folder)
    header, key = unlock_with_recovery_key(folder, recovery_text)
    try:
        keyslots.set_passphrase_slot(header, key, new_passphrase, params or kdf.calibrate())
        keyslots.write_header(header_path(folder), header, key)
    finally:
        wipe(key)


@contextlib.contextmanager
def transaction(conn: Connection, mode: str = "IMMEDIATE") -> Iterator[Connection]:
    """BEGIN … COMMIT, or ROLLBACK on any exception (connections run in autocommit mode)."""
    with storage_errors():
        conn.execute(f"BEGIN {mode}")
    try:
        yield conn
    except BaseException:
        with contextlib.suppress(sqlcipher3.Error):
            conn.execute("ROLLBACK")
        raise
    else:
        with storage_errors():
            try:
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlcipher3.Error):
                    conn.execute("ROLLBACK")
                raise
