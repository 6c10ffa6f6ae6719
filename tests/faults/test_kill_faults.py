"""SIGKILL at random moments during the store's writes, imports, passphrase changes and backups.

After every kill: each step the child reported as returned (so committed) is in the vault, the
vault passes ``check`` (every page's HMAC, SQLite's integrity check, the audit chain), and the
passphrase (old or new) still opens it. tests/test_kill.py covers raw committed rows; these go
through the app's services, with their audit entries and triggers.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.demo import build_demo
from hrd_desk.cases.health import check_vault
from hrd_desk.cases.record import all_kinds
from hrd_desk.cases.store import Store
from hrd_desk.crypto import errors
from hrd_desk.crypto.backup import restore_backup
from hrd_desk.crypto.vault import change_passphrase, create_vault, open_vault
from tests.conftest import PASSPHRASE
from tests.faults.conftest import ROUNDS
from tests.faults.support import batch_ids, passphrase, run_and_kill, write_demo_doc

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]


def _all_ids(conn) -> set[str]:
    out: set[str] = set()
    for cls in all_kinds():
        out |= {r[0] for r in conn.execute(f"SELECT id FROM {cls.TABLE} WHERE deleted_at IS NULL")}
    return out


def _new_vault(folder: Path, cases: int = 0) -> None:
    vault, _ = create_vault(folder, PASSPHRASE)
    store = Store.open(vault)
    if cases:
        build_demo(store, cases=cases, seed=3)
    vault.lock()


def test_sigkill_during_store_writes(tmp_path: Path, fault_report) -> None:
    folder = tmp_path / "vault"
    _new_vault(folder)
    rng = random.Random(101)
    expected: dict[str, int] = {}
    survived = lost = 0
    for r in range(ROUNDS):
        lines = run_and_kill(
            ["writes", str(folder), PASSPHRASE, str(r * 10_000)], rng.uniform(0.05, 0.6)
        )
        for line in lines:
            parts = line.split()
            if parts[0] == "add":
                expected.setdefault(parts[1], 1)
            elif parts[0] == "upd":
                expected[parts[1]] = max(expected.get(parts[1], 1), int(parts[2]))
        with open_vault(folder, PASSPHRASE) as vault:
            store = Store(vault.connection)
            missing = [
                i
                for i, version in expected.items()
                if (rec := store.find(Defender, i)) is None or rec.version < version
            ]
            report = check_vault(vault)
        lost += len(missing)
        survived += int(not missing and report.ok)
        assert report.ok, report.verdict()
    fault_report("SIGKILL during writes", ROUNDS, survived, lost, f"{len(expected)} committed")
    assert lost == 0 and survived == ROUNDS
    assert len(expected) > ROUNDS  # the children really wrote


def test_sigkill_during_imports(tmp_path: Path, fault_report) -> None:
    source = tmp_path / "source"
    _new_vault(source, cases=8)
    with open_vault(source, PASSPHRASE) as vault:
        doc = write_demo_doc(Store(vault.connection), tmp_path / "doc.json")
    folder = tmp_path / "vault"
    _new_vault(folder)
    rng = random.Random(202)
    next_batch = 0
    done: set[int] = set()
    survived = lost = torn = 0
    for _round in range(ROUNDS):
        lines = run_and_kill(
            ["imports", str(folder), PASSPHRASE, str(tmp_path / "doc.json"), str(next_batch)],
            rng.uniform(0.05, 0.8),
        )
        done |= {int(line.split()[1]) for line in lines if line.startswith("batch ")}
        with open_vault(folder, PASSPHRASE) as vault:
            present = _all_ids(vault.connection)
            report = check_vault(vault)
        missing = sum(len(batch_ids(doc, n) - present) for n in done)
        # The batch the kill interrupted is all there (committed, not yet reported) or absent.
        n = max(done | {next_batch - 1}) + 1
        wanted = batch_ids(doc, n)
        partial = len(wanted & present)
        if partial == len(wanted):
            done.add(n)
        torn_now = 0 < partial < len(wanted)
        torn += torn_now
        next_batch = max(done | {next_batch - 1}) + 1
        lost += missing
        survived += int(not missing and not torn_now and report.ok)
        assert report.ok, report.verdict()
    fault_report(
        "SIGKILL during imports", ROUNDS, survived, lost, f"{len(done)} batches, {torn} torn"
    )
    assert lost == 0 and torn == 0 and survived == ROUNDS
    assert done


def test_sigkill_during_passphrase_change(tmp_path: Path, fault_report) -> None:
    folder = tmp_path / "vault"
    _new_vault(folder, cases=2)
    change_passphrase(folder, PASSPHRASE, passphrase(0))
    with open_vault(folder, passphrase(0)) as vault:
        before = _all_ids(vault.connection)
    rng = random.Random(303)
    k = 0
    survived = lost = changes = 0
    for _round in range(ROUNDS):
        lines = run_and_kill(["passwd", str(folder), str(k)], rng.uniform(0.01, 0.3))
        confirmed = max([int(line.split()[1]) for line in lines] or [k])
        changes += confirmed - k
        opened = None
        # The last confirmed passphrase, or the one being written when the kill came.
        for candidate in (confirmed, confirmed + 1):
            try:
                vault = open_vault(folder, passphrase(candidate))
            except errors.WrongPassphrase:
                continue
            with vault:
                present = _all_ids(vault.connection)
                report = check_vault(vault)
            opened = candidate
            break
        assert opened is not None, f"neither passphrase {confirmed} nor {confirmed + 1} opens it"
        lost += len(before - present)
        survived += int(before <= present and report.ok)
        k = opened
    fault_report("SIGKILL during passphrase change", ROUNDS, survived, lost, f"{changes} changes")
    assert lost == 0 and survived == ROUNDS


def test_sigkill_during_backup(tmp_path: Path, fault_report) -> None:
    folder = tmp_path / "vault"
    _new_vault(folder, cases=15)
    with open_vault(folder, PASSPHRASE) as vault:
        before = _all_ids(vault.connection)
    out = tmp_path / "backups"
    out.mkdir()
    rng = random.Random(404)
    seen: set[Path] = set()
    survived = lost = restored = 0
    bad_backups: list[str] = []
    for r in range(ROUNDS):
        run_and_kill(["backup", str(folder), PASSPHRASE, str(out)], rng.uniform(0.05, 1.0))
        with open_vault(folder, PASSPHRASE) as vault:
            present = _all_ids(vault.connection)
            report = check_vault(vault)
        # Every file under a backup's final name is complete: it restores with every record.
        fresh = sorted(set(out.glob("*.hrdbackup")) - seen)
        for i, path in enumerate(fresh):
            target = tmp_path / f"restored-{r}-{i}"
            try:
                restore_backup(path, target, passphrase=PASSPHRASE)
                with open_vault(target, PASSPHRASE) as again:
                    ok = _all_ids(again.connection) == before and check_vault(again).ok
            except errors.HrdDeskError as exc:
                ok, _msg = False, exc.message
            if not ok:
                bad_backups.append(path.name)
            restored += 1
        seen |= set(fresh)
        lost += len(before - present)
        survived += int(before <= present and report.ok)
    leftovers = [p.name for p in out.iterdir() if not p.name.endswith(".hrdbackup")]
    fault_report(
        "SIGKILL during backup",
        ROUNDS,
        survived,
        lost,
        f"{restored} finished backups restored, {len(bad_backups)} bad; "
        f"{len(leftovers)} ciphertext temp leftovers",
    )
    assert lost == 0 and survived == ROUNDS and not bad_backups
    # What a kill leaves behind is only ever SQLCipher pages or AES-GCM chunks, never a file
    # under a backup's name; the names say which.
    assert all(n.startswith((".b", "hrd-desk-backup-")) for n in leftovers), json.dumps(leftovers)
