"""A child writing committed rows is SIGKILLed at random moments: nothing committed is lost."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hrd_desk.crypto.vault import create_vault, open_vault
from tests.conftest import PASSPHRASE

CHILD = Path(__file__).parent / "support" / "writer_child.py"
ROUNDS = 20

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _run_and_kill(folder: Path, start: int, delay: float) -> list[int]:
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(folder), PASSPHRASE, str(start)],
        stdout=subprocess.PIPE,
        text=True,
    )
    committed: list[int] = []
    assert proc.stdout.readline().strip() == "ready"

    def reader() -> None:
        for line in proc.stdout:
            committed.append(int(line))

    t = threading.Thread(target=reader)
    t.start()
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    t.join()
    proc.stdout.close()
    return committed


def test_sigkill_never_loses_a_committed_row(vault_dir: Path) -> None:
    vault, _ = create_vault(vault_dir, PASSPHRASE)
    vault.connection.execute("CREATE TABLE rows(n INTEGER PRIMARY KEY, payload TEXT)")
    vault.lock()
    rng = random.Random(20261124)
    expected: set[int] = set()
    start = 0
    for _round in range(ROUNDS):
        committed = _run_and_kill(vault_dir, start, rng.uniform(0.01, 0.4))
        expected.update(committed)
        with open_vault(vault_dir, PASSPHRASE) as v:
            conn = v.connection
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
            present = {r[0] for r in conn.execute("SELECT n FROM rows")}
            start = max(present, default=start) + 1
        assert expected <= present, f"lost rows: {sorted(expected - present)[:10]}"
    assert len(expected) > ROUNDS  # the children really wrote
