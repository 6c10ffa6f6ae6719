"""Hostile storage: a full disk, a read-only folder, a path with spaces and non-ASCII letters,
a damaged database page and a truncated write-ahead log.

tests/test_storage_errors.py covers raw rows on a full disk and a file-size limit; here the
app's own services (store writes, an import, a backup) meet a full disk.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hrd_desk.cases.demo import build_demo
from hrd_desk.cases.health import check_vault
from hrd_desk.cases.records_json import export_records, import_records
from hrd_desk.cases.store import Store
from hrd_desk.crypto import errors
from hrd_desk.crypto.backup import create_backup, restore_backup
from hrd_desk.crypto.vault import create_vault, open_vault
from tests.conftest import PASSPHRASE
from tests.faults.conftest import unshare_works
from tests.faults.support import CHILD, write_demo_doc
from tests.support.cli import run_cli
from tests.support.files import snapshot
from tests.support.sqlcipher_pages import FRAME_HEADER, PAGE, WAL_HEADER

pytestmark = [pytest.mark.faults, pytest.mark.skipif(os.name != "posix", reason="POSIX only")]
needs_namespaces = pytest.mark.skipif(
    not unshare_works(), reason="needs unprivileged user+mount namespaces"
)


def _demo_vault(folder: Path, cases: int = 3) -> set[str]:
    vault, _ = create_vault(folder, PASSPHRASE)
    store = Store.open(vault)
    build_demo(store, cases=cases, seed=5)
    ids = _ids(vault)
    vault.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    vault.lock()
    return ids


def _ids(vault) -> set[str]:
    from hrd_desk.cases.record import all_kinds

    out: set[str] = set()
    for cls in all_kinds():
        out |= {r[0] for r in vault.connection.execute(f"SELECT id FROM {cls.TABLE}")}
    return out


@needs_namespaces
def test_disk_full_during_writes_import_and_backup(tmp_path: Path, fault_report) -> None:
    src = tmp_path / "vault"
    _demo_vault(src, cases=2)
    with open_vault(src, PASSPHRASE) as vault:
        write_demo_doc(Store(vault.connection), tmp_path / "doc.json")
    mount = tmp_path / "tiny"
    mount.mkdir()
    script = (
        f"mount -t tmpfs -o size=1500k none {mount} && "
        f"exec {sys.executable} {CHILD} diskfull {src} '{PASSPHRASE}' {mount} {tmp_path}/doc.json"
    )
    out = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = out.stdout.splitlines()
    said = {
        line.split()[0] + (" " + line.split()[1] if line.startswith("error") else ""): line
        for line in lines
    }
    full = errors.DiskFull().message
    assert said.get("error writes", "").endswith(f"DiskFull: {full}"), out.stdout + out.stderr
    assert int(said["committed"].split()[1]) > 0
    # The import and the backup on the full disk: refused with a sentence, nothing half-done.
    assert said.get("error import", "").split(": ", 1)[0].endswith(("DiskFull", "StorageIOError"))
    assert "batch 777" not in said
    assert said.get("error backup", "").split(": ", 1)[0].endswith(("DiskFull", "StorageIOError"))
    assert said["leftover"] == "leftover []"
    lost = int(said["lost"].split()[1])
    partial = int(said["import_partial"].split()[1])
    assert said["check"] == "check ok", said["check"]
    fault_report(
        "disk full (tmpfs): writes, import, backup",
        1,
        int(lost == 0 and not partial),
        lost,
        f"{said['committed'].split()[1]} writes committed before ENOSPC",
    )
    assert lost == 0 and partial == 0


@needs_namespaces
def test_read_only_vault_folder_is_a_clear_error(tmp_path: Path, fault_report) -> None:
    folder = tmp_path / "vault"
    ids = _demo_vault(folder)
    before = snapshot(folder)
    code = (
        f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})\n"
        "from tests.support import fastkdf; fastkdf.install()\n"
        "from hrd_desk.crypto import errors\n"
        "from hrd_desk.crypto.vault import open_vault\n"
        "try:\n"
        f"    open_vault({str(folder)!r}, {PASSPHRASE!r})\n"
        "    print('opened')\n"
        "except errors.HrdDeskError as exc:\n"
        "    print(type(exc).__name__ + ': ' + exc.message)\n"
    )
    script = (
        f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && "
        f'exec {sys.executable} -c "$CODE"'
    )
    out = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CODE": code},
        check=False,
    )
    assert out.stdout.strip() == f"ReadOnlyStorage: {errors.ReadOnlyStorage().message}", (
        out.stdout + out.stderr
    )
    assert snapshot(folder) == before
    with open_vault(folder, PASSPHRASE) as vault:
        lost = len(ids - _ids(vault))
        assert check_vault(vault).ok
    fault_report("read-only vault folder", 1, int(lost == 0), lost, "ReadOnlyStorage, unchanged")
    assert lost == 0


def test_vault_on_a_path_with_spaces_and_non_ascii(tmp_path: Path, fault_report) -> None:
    base = tmp_path / "Dossiers été 2026" / "خزنة  Ünïcödé – 保险库"
    folder = base / "my vault"
    ids = _demo_vault(folder, cases=2)
    with open_vault(folder, PASSPHRASE) as vault:
        store = Store.open(vault)
        doc = export_records(store)
        (base / "backups é").mkdir()
        backup = create_backup(vault, base / "backups é" / "copie 1.hrdbackup")
    assert run_cli("check", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n").returncode == 0
    restored = base / "restaurée ü"
    restore_backup(backup.path, restored, passphrase=PASSPHRASE)
    other = base / "import ✓"
    vault, _ = create_vault(other, PASSPHRASE)
    import_records(Store.open(vault), doc)
    vault.lock()
    lost = 0
    for where in (folder, restored, other):
        with open_vault(where, PASSPHRASE) as v:
            lost += len(ids - _ids(v))
            assert check_vault(v).ok
    fault_report(
        "path with spaces and non-ASCII",
        1,
        int(lost == 0),
        lost,
        "create, check, backup, restore, import",
    )
    assert lost == 0


def _corrupt_page(db: Path, page: int) -> None:
    data = bytearray(db.read_bytes())
    data[(page - 1) * PAGE + 100] ^= 0x5A
    db.write_bytes(bytes(data))


def test_corrupt_page_is_named_by_check_and_restore_never_overwrites(
    tmp_path: Path, fault_report
) -> None:
    folder = tmp_path / "vault"
    _demo_vault(folder)
    with open_vault(folder, PASSPHRASE) as vault:
        backup = create_backup(vault, tmp_path / "before.hrdbackup").path
    db = folder / "vault.db"
    pages = db.stat().st_size // PAGE
    rng = random.Random(7)
    rounds = named = 0
    # Any page, the schema's included (then the vault does not open, and says which page).
    for page in [1, *sorted(rng.sample(range(2, pages + 1), 5))]:
        shutil.copyfile(db, tmp_path / "good.db")
        _corrupt_page(db, page)
        result = run_cli("check", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
        said = result.stdout + result.stderr
        assert result.returncode == 1, said
        assert "Traceback" not in said
        rounds += 1
        named += f"HMAC verification failed for page {page}" in said
        assert f"page {page}" in said and ("PROBLEM:" in said or "damaged" in said), said
        shutil.copyfile(tmp_path / "good.db", db)
    # Page 1 damaged: opening fails with DatabaseCorrupt, names the page, and writes nothing.
    _corrupt_page(db, 1)
    before = snapshot(folder)
    with pytest.raises(errors.DatabaseCorrupt) as caught:
        open_vault(folder, PASSPHRASE)
    assert "page 1" in caught.value.message and "restore from a backup" in caught.value.message
    assert snapshot(folder) == before
    # Restoring never goes over the damaged vault: only into a new or empty folder.
    with pytest.raises(errors.VaultExists):
        restore_backup(backup, folder, passphrase=PASSPHRASE)
    assert snapshot(folder) == before
    restore_backup(backup, tmp_path / "restored", passphrase=PASSPHRASE)
    with open_vault(tmp_path / "restored", PASSPHRASE) as vault:
        assert check_vault(vault).ok
    fault_report(
        "corrupt database page", rounds, named, 0, f"check named {named}/{rounds} pages, exit 1"
    )
    assert named == rounds


def test_truncated_wal_keeps_a_consistent_prefix(tmp_path: Path, fault_report) -> None:
    """A WAL cut short (a disk that lost its tail, a copy made mid-write): SQLite's recovery
    keeps every transaction whose frames are whole and drops the rest. ``check`` cannot name
    this — nothing inside the vault remembers the lost tail — so the test pins what *is*
    guaranteed: the vault opens, passes every check, and holds exactly the earliest
    transactions, with no hole and nothing from the cut-off part half-applied."""
    from tests.faults.child import new_defender

    folder = tmp_path / "vault"
    vault, _ = create_vault(folder, PASSPHRASE)
    store = Store.open(vault)
    vault.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    added = [store.add(new_defender(i)).id for i in range(30)]
    # A copy of the folder as a crash would leave it: the WAL not yet checkpointed.
    shutil.copytree(folder, tmp_path / "crash")
    vault.lock()
    wal = tmp_path / "crash" / "vault.db-wal"
    frames = (wal.stat().st_size - WAL_HEADER) // (FRAME_HEADER + PAGE)
    rng = random.Random(11)
    rounds = survived = 0
    tail_lost = 0
    for cut in sorted(rng.sample(range(1, frames), 4)):
        trial = tmp_path / f"trial-{cut}"
        shutil.copytree(tmp_path / "crash", trial)
        os.truncate(trial / "vault.db-wal", WAL_HEADER + cut * (FRAME_HEADER + PAGE) + 1000)
        with open_vault(trial, PASSPHRASE) as v:
            report = check_vault(v)
            present = {r[0] for r in v.connection.execute("SELECT id FROM defenders")}
        kept = [i for i in added if i in present]
        assert report.ok, report.verdict()
        assert kept == added[: len(kept)], "a hole: a later write survived an earlier one"
        tail_lost += len(added) - len(kept)
        rounds += 1
        survived += 1
    fault_report(
        "truncated WAL",
        rounds,
        survived,
        0,
        f"not detectable by check; {tail_lost} records were in the cut-off tails",
    )
    assert json.dumps(added)  # the writes happened
