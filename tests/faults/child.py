"""Child process for the fault-injection suite: does real work on a vault until it is killed
(or runs out of disk), printing one line after each step that has returned — i.e. is committed.

Modes (argv[1]):

``writes FOLDER PASS START``      add defenders and update earlier ones through the store;
                                  prints ``add ID`` / ``upd ID VERSION`` after each commit.
``imports FOLDER PASS DOC FIRST`` import batch FIRST, FIRST+1, … of DOC (each batch = DOC with
                                  every id renamed for that batch); prints ``batch N``.
``passwd FOLDER K``               change the passphrase from number K to K+1, K+2, …; prints
                                  ``pass N`` once passphrase N is in place.
``backup FOLDER PASS OUT``        write backups OUT/bN.hrdbackup one after another; prints
                                  ``backup PATH`` after each.
``diskfull FOLDER PASS MOUNT DOC`` (inside a namespace where MOUNT is a tiny tmpfs): copy the
                                  vault there, then write, import and back up until the disk is
                                  full; prints what was committed and the errors seen.
"""

from __future__ import annotations

import json
import shutil
import sys
import uuid
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.support import fastkdf

fastkdf.install()

from hrd_desk.cases.defenders import (  # noqa: E402
    Defender,
    DefenderStatus,
    HrdCategory,
    default_retention,
)
from hrd_desk.cases.records_json import import_records  # noqa: E402
from hrd_desk.cases.store import Store  # noqa: E402
from hrd_desk.crypto import errors  # noqa: E402
from hrd_desk.crypto.vault import change_passphrase, open_vault  # noqa: E402
from tests.faults.support import batch_text, passphrase  # noqa: E402


def say(line: str) -> None:
    print(line, flush=True)


def new_defender(n: int) -> Defender:
    return Defender(
        pseudonym=f"Kestrel-{n:06d}",
        full_name=f"Fault Person {n}",
        hrd_categories=[HrdCategory.JOURNALIST],
        country="KE",
        current_status=DefenderStatus.THREATENED,
        notes=f"note {n} " + "x" * 400,
        retention_review_date=default_retention(date.today()),
    )


def batch(doc_text: str, n: int) -> dict:
    return json.loads(batch_text(doc_text, n))


def writes(folder: str, pw: str, start: int) -> None:
    vault = open_vault(folder, pw)
    store = Store.open(vault)
    say("ready")
    n = start
    mine: list[Defender] = []
    while True:
        d = store.add(new_defender(n))
        mine.append(d)
        say(f"add {d.id}")
        if n % 2 and mine:
            old = mine[n % len(mine)]
            old.notes = f"updated {n} " + "y" * 300
            old = store.update(old)
            mine[n % len(mine)] = old
            say(f"upd {old.id} {old.version}")
        n += 1


def imports(folder: str, pw: str, doc_path: str, first: int) -> None:
    vault = open_vault(folder, pw)
    store = Store.open(vault)
    text = Path(doc_path).read_text(encoding="utf-8")
    say("ready")
    n = first
    while True:
        import_records(store, batch(text, n))
        say(f"batch {n}")
        n += 1


def passwd(folder: str, k: int) -> None:
    say("ready")
    while True:
        change_passphrase(folder, passphrase(k), passphrase(k + 1))
        k += 1
        say(f"pass {k}")


def backups(folder: str, pw: str, out: str) -> None:
    from hrd_desk.crypto.backup import create_backup

    vault = open_vault(folder, pw)
    Store.open(vault)
    say("ready")
    n = 0
    while True:
        n += 1
        path = Path(out) / f"b{n}-{uuid.uuid4().hex[:8]}.hrdbackup"
        create_backup(vault, path, work_dir=out)
        say(f"backup {path}")


def diskfull(src: str, pw: str, mount: str, doc_path: str) -> None:
    from hrd_desk.crypto.backup import create_backup

    folder = str(Path(mount) / "vault")
    shutil.copytree(src, folder)
    vault = open_vault(folder, pw)
    store = Store.open(vault)
    text = Path(doc_path).read_text(encoding="utf-8")
    before = {r[0] for r in vault.connection.execute("SELECT id FROM defenders")}
    # Writes until the disk is full.
    committed: list[str] = []
    n = 0
    try:
        while True:
            d = store.add(new_defender(900_000 + n))
            committed.append(d.id)
            n += 1
    except errors.StorageError as exc:
        say(f"error writes {type(exc).__name__}: {exc.message}")
    say(f"committed {len(committed)}")
    # An import on a full disk: refused whole.
    imported = batch(text, 777)
    try:
        import_records(store, imported)
        say("batch 777")
    except errors.StorageError as exc:
        say(f"error import {type(exc).__name__}: {exc.message}")
    # A backup onto the full disk: a clear error, no file left.
    out = Path(mount) / "backups"
    out.mkdir(exist_ok=True)
    try:
        create_backup(vault, out / "full.hrdbackup", work_dir=mount)
        say("backup written")
    except errors.StorageError as exc:
        say(f"error backup {type(exc).__name__}: {exc.message}")
    say("leftover " + json.dumps(sorted(p.name for p in out.iterdir())))
    vault.lock()
    # Reopen (the disk is still full) and count what survived.
    from hrd_desk.cases.health import check_vault

    with open_vault(folder, pw) as again:
        present = {r[0] for r in again.connection.execute("SELECT id FROM defenders")}
        report = check_vault(again)
    batch_ids = {raw["id"] for v in imported.values() if isinstance(v, list) for raw in v}
    partial = len(batch_ids & present_all(folder, pw))
    say(f"lost {len((before | set(committed)) - present)}")
    say(f"import_partial {partial if partial != len(batch_ids) else 0}")
    say(f"check {'ok' if report.ok else report.verdict()}")


def present_all(folder: str, pw: str) -> set[str]:
    from hrd_desk.cases.record import all_kinds

    out: set[str] = set()
    with open_vault(folder, pw) as v:
        for cls in all_kinds():
            out |= {r[0] for r in v.connection.execute(f"SELECT id FROM {cls.TABLE}")}
    return out


def main() -> None:
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "writes":
        writes(args[0], args[1], int(args[2]))
    elif mode == "imports":
        imports(args[0], args[1], args[2], int(args[3]))
    elif mode == "passwd":
        passwd(args[0], int(args[1]))
    elif mode == "backup":
        backups(args[0], args[1], args[2])
    elif mode == "diskfull":
        diskfull(args[0], args[1], args[2], args[3])
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
