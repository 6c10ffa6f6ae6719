"""Process hardening done first thing at start-up, before any file is created.

* ``umask 077``: every file and folder we (or SQLite, or Qt) create is private to the user.
* No core dumps (``RLIMIT_CORE = 0``) and, on Linux, ``PR_SET_DUMPABLE = 0``: a crash must not
  write the data key or decrypted records to disk, and other processes of the same user cannot
  ptrace us or read ``/proc/<pid>/mem``.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys

PR_SET_DUMPABLE = 4


def harden_process() -> None:
    os.umask(0o077)
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
