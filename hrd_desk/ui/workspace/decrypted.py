"""Decrypted copies of attachments, for an outside viewer: the one place they touch the disk.

Only after the officer accepted the warning. Each copy goes to a private folder (0700, in
``$XDG_RUNTIME_DIR`` — memory-backed on most Linux desktops — when there is one, else the temp
folder) as a 0600 file, and every copy is overwritten and deleted when the vault locks or the
app quits (a viewer may still hold it open: the deletion is retried at exit). What a viewer does
with the file (recent lists, thumbnails) is outside our reach, and the warning says so.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
from pathlib import Path

PREFIX = "hrd-desk-open-"


def _base_dir() -> str | None:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir() and os.access(runtime, os.W_OK):
        return runtime
    return None


class DecryptedCopies:
    def __init__(self, base: str | Path | None = None) -> None:
        self._base = str(base) if base is not None else _base_dir()
        self._folder: Path | None = None
        self._registered = False

    @property
    def folder(self) -> Path | None:
        return self._folder

    def _ensure_folder(self) -> Path:
        if self._folder is None or not self._folder.is_dir():
            # mkdtemp makes the folder 0700 whatever the umask.
            self._folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=self._base))
        if not self._registered:
            atexit.register(self.remove_all)
            self._registered = True
        return self._folder

    def write(self, filename: str, content: bytes) -> Path:
        """A new private file holding *content*; the name is kept so the viewer shows it."""
        folder = self._ensure_folder()
        # One sub-folder per copy: the same file opened twice gets two copies, never a clash.
        holder = Path(tempfile.mkdtemp(dir=folder))
        path = holder / _safe_name(filename)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(content)
        except BaseException:
            with contextlib.suppress(OSError):
                path.unlink()
            raise
        return path

    def paths(self) -> list[Path]:
        if self._folder is None or not self._folder.is_dir():
            return []
        return sorted(p for p in self._folder.rglob("*") if p.is_file())

    def remove(self, path: Path) -> None:
        _shred(path)
        with contextlib.suppress(OSError):
            path.parent.rmdir()

    def remove_all(self) -> None:
        """Overwrite and delete every copy and the private folder (locking, quitting)."""
        folder = self._folder
        if folder is None:
            return
        for path in self.paths():
            _shred(path)
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            self._folder = None


def _shred(path: Path) -> None:
    """Best effort: zeros over the content first (the file system may still keep old blocks;
    on a memory-backed runtime folder there are none), then unlink."""
    with contextlib.suppress(OSError):
        size = path.stat().st_size
        with open(path, "r+b") as f:
            f.write(b"\0" * size)
            f.flush()
            os.fsync(f.fileno())
    with contextlib.suppress(OSError):
        path.unlink()


def _safe_name(name: str) -> str:
    name = name.replace("/", "_").replace("\\", "_").strip().lstrip(".")
    return name or "attachment"
