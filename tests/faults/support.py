"""Running the fault child and killing it; building an import file from a small demo vault."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

CHILD = Path(__file__).with_name("child.py")
NAMESPACE = uuid.UUID("0b6c6f1e-5d7a-4c3e-9d51-2f0f3c8f1a10")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def passphrase(n: int) -> str:
    return f"fault passphrase number {n}"


def batch_text(doc_text: str, n: int) -> str:
    """DOC with every id renamed for batch *n* (links stay consistent), pseudonyms too."""
    text = _UUID.sub(lambda m: str(uuid.uuid5(NAMESPACE, f"{n}:{m[0]}")), doc_text)
    return re.sub(r'("pseudonym": ")([^"]*)"', lambda m: f'{m[1]}{m[2]}-b{n}"', text)


def batch_ids(doc: dict, n: int) -> set[str]:
    ids = {raw["id"] for v in doc.values() if isinstance(v, list) for raw in v}
    return {str(uuid.uuid5(NAMESPACE, f"{n}:{i}")) for i in ids}


def run_and_kill(args: list[str], delay: float, timeout: float = 60) -> list[str]:
    """Start the child, wait until it is ready, let it work *delay* seconds, SIGKILL it; the
    lines it printed (each one a step that had returned) are returned."""
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    first = proc.stdout.readline().strip()
    if first != "ready":
        proc.kill()
        err = proc.stderr.read()
        proc.wait()
        raise AssertionError(f"child did not start: {first!r} {err[-2000:]}")

    def reader() -> None:
        for line in proc.stdout:
            lines.append(line.strip())

    t = threading.Thread(target=reader)
    t.start()
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    alive = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout)
    t.join()
    err = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert alive, f"the child ended before it was killed: {err[-2000:]}"
    return lines


def write_demo_doc(store, path: Path) -> dict:
    from hrd_desk.cases.records_json import export_records

    doc = export_records(store)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return doc
