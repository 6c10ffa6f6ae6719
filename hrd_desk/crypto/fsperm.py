"""The vault folder and every file in it are the user's alone."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from hrd_desk.crypto import errors
from hrd_desk.i18n import _

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def make_private_dir(path: Path) -> None:
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, PRIVATE_DIR)


def check_vault_folder(path: Path) -> None:
    """Refuse a folder others can write; tighten files others could read.

    A folder writable by someone else lets them swap the header or the database under us (both
    are authenticated, but swapping in an old copy is a rollback). Readable files are merely
    tightened: their contents are ciphertext, and refusing would lock the officer out.
    """
    if not path.is_dir():
        raise errors.NotAVault()
    if os.name != "posix":
        return
    st = path.stat()
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH) or st.st_uid != os.geteuid():
        raise errors.UnsafePermissions(
            _(
                "Other users can change the vault folder {path}; refusing to open it. "
                "Make it private (chmod 700) and try again."
            ).format(path=path)
        )
    if st.st_mode & 0o077:
        os.chmod(path, PRIVATE_DIR)
    for entry in path.iterdir():
        with contextlib.suppress(FileNotFoundError):
            mode = entry.lstat().st_mode
            if stat.S_ISREG(mode) and mode & 0o077:
                os.chmod(entry, PRIVATE_FILE)


def is_empty_or_missing(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))
