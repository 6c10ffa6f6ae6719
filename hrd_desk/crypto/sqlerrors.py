"""Map SQLite/SQLCipher error codes to the known storage errors of :mod:`.errors`."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator

import sqlcipher3

from hrd_desk.crypto import errors

# Primary result codes (the low byte of extended codes). https://sqlite.org/rescode.html
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

_KNOWN: dict[int, type[errors.StorageError]] = {
    SQLITE_CORRUPT: errors.DatabaseCorrupt,
    SQLITE_NOTADB: errors.DatabaseCorrupt,
    SQLITE_FULL: errors.DiskFull,
    SQLITE_IOERR: errors.StorageIOError,
    SQLITE_READONLY: errors.ReadOnlyStorage,
    SQLITE_CANTOPEN: errors.StorageIOError,
    SQLITE_BUSY: errors.StorageBusy,
    SQLITE_LOCKED: errors.StorageBusy,
}


def classify(exc: BaseException) -> errors.StorageError | None:
    """The known storage error for *exc*, or None when it is a bug."""
    if isinstance(exc, sqlcipher3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None:
            known = _KNOWN.get(code & 0xFF)
            if known:
                return known()
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return errors.DiskFull()
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return errors.ReadOnlyStorage()
        if exc.errno == errno.EIO:
            return errors.StorageIOError()
    return None


@contextlib.contextmanager
def storage_errors() -> Iterator[None]:
    """Re-raise known SQLite/OS failures as typed errors; let bugs through untouched."""
    try:
        yield
    except (sqlcipher3.Error, OSError) as exc:
        known = classify(exc)
        if known is None:
            raise
        raise known from exc
