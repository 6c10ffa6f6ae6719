"""Child for disk-full tests. Modes:

``fsize FOLDER PASS LIMIT``: a file-size limit (RLIMIT_FSIZE) makes writes fail with EFBIG.
``tmpfs SRC MOUNT PASS``: run inside a namespace where MOUNT is a tiny tmpfs (real ENOSPC).
Prints the error class seen and whether every committed row survived.
"""

import resource
import shutil
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.support import fastkdf

fastkdf.install()

from hrd_desk.crypto import errors  # noqa: E402
from hrd_desk.crypto.vault import open_vault, transaction  # noqa: E402


def fill(folder: str, passphrase: str, blob: int) -> tuple[str, int]:
    vault = open_vault(folder, passphrase)
    conn = vault.connection
    committed = conn.execute("SELECT count(*) FROM t").fetchone()[0]
    seen = "none"
    try:
        for _ in range(100_000):
            with transaction(conn):
                conn.execute("INSERT INTO t VALUES (randomblob(?))", (blob,))
            committed += 1
    except errors.StorageError as exc:
        seen = f"{type(exc).__name__}: {exc.message}"
    vault.lock()
    return seen, committed


def verify(folder: str, passphrase: str, committed: int) -> str:
    with open_vault(folder, passphrase) as v:
        count = v.connection.execute("SELECT count(*) FROM t").fetchone()[0]
        ok = v.connection.execute("PRAGMA integrity_check").fetchone()[0]
    return f"count={count} expected={committed} integrity={ok}"


mode = sys.argv[1]
if mode == "fsize":
    folder, passphrase, limit = sys.argv[2], sys.argv[3], int(sys.argv[4])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    seen, committed = fill(folder, passphrase, 20_000)
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    print(seen)
    print(verify(folder, passphrase, committed))
else:
    src, mount, passphrase = sys.argv[2], sys.argv[3], sys.argv[4]
    folder = str(Path(mount) / "vault")
    shutil.copytree(src, folder)
    seen, committed = fill(folder, passphrase, 20_000)
    print(seen)
    print(verify(folder, passphrase, committed))
