"""The benchmark's demo vault: built once per (cases, seed, schema, app version) and reused.

It lives in ``bench/cache/`` (git-ignored). It holds fictional demo data only, under a
passphrase printed in the output; its key slot uses the real, calibrated Argon2id parameters so
that the unlock figure is the one an officer waits for.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from hrd_desk import __version__
from hrd_desk.cases import schema
from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.demo import build_demo
from hrd_desk.cases.record import all_kinds
from hrd_desk.cases.store import Store
from hrd_desk.crypto.vault import create_vault, is_vault

#: Fictional data only; written here on purpose so the cached vault can be reopened.
PASSPHRASE = "bench demo vault - fictional data"  # noqa: S105 - fictional demo data
#: The issue's workspace and summary measure a defender with about 50 linked records; demo
#: files are smaller (the largest at 10,000 defenders has 22), so one file is topped up.
WORKSPACE_RECORDS = 50


def _file_size(store: Store, defender_id: str) -> int:
    total = 0
    for cls in all_kinds():
        if cls.DEFENDER_FIELD is not None:
            total += store.conn.execute(
                f"SELECT count(*) FROM {cls.TABLE} WHERE defender_id = ? AND deleted_at IS NULL",
                (defender_id,),
            ).fetchone()[0]
    return total


def top_up_one_file(store: Store, target: int, seed: int) -> int:
    """Give the largest file whose consent allows a summary more demo incidents, through the
    store (validated and audited), until it holds *target* linked records. Returns how many."""
    from hrd_desk.cases.demo import Gen, make_incidents
    from hrd_desk.cases.errors import Refused, ValidationError
    from hrd_desk.summaries.service import SummaryRequest, check_consent

    rows = store.conn.execute(
        "SELECT defender_id, count(*) AS n FROM incidents WHERE deleted_at IS NULL "
        "GROUP BY defender_id ORDER BY n DESC, defender_id LIMIT 200"
    ).fetchall()
    for defender_id, _n in rows:
        try:
            check_consent(store, SummaryRequest(defender_id))
        except Refused:
            continue
        defender = store.get(Defender, defender_id)
        break
    else:
        return 0
    g = Gen(random.Random(seed + 50), store.today)
    start = datetime.fromisoformat(defender.created_at[:10]).date()
    added = 0
    have = _file_size(store, defender.id)
    while have < target:
        for incident in make_incidents(g, defender, start):
            if have >= target:
                break
            try:
                store.add(incident)
            except ValidationError:
                continue
            have += 1
            added += 1
    return added


def _stamp(cases: int, seed: int) -> dict[str, object]:
    return {
        "cases": cases,
        "seed": seed,
        "schema": schema.LATEST,
        "app": __version__,
        "workspace_records": WORKSPACE_RECORDS,
    }


def ensure_vault(
    cache: Path, cases: int, seed: int, log: Callable[[str], None]
) -> tuple[Path, dict[str, object]]:
    """The cached vault's folder, built if missing or stale, and what its stamp says."""
    cache.mkdir(parents=True, exist_ok=True)
    folder = cache / f"demo-{cases}-seed{seed}"
    stamp_file = cache / f"demo-{cases}-seed{seed}.json"
    wanted = _stamp(cases, seed)
    if is_vault(folder) and stamp_file.is_file():
        stamp = json.loads(stamp_file.read_text(encoding="utf-8"))
        if {k: stamp.get(k) for k in wanted} == wanted:
            log(f"reusing the cached demo vault {folder}")
            return folder, stamp
    shutil.rmtree(folder, ignore_errors=True)
    stamp_file.unlink(missing_ok=True)
    log(f"building a demo vault of {cases:,} defenders in {folder} (once; cached after)")
    started = time.perf_counter()
    vault, _recovery = create_vault(folder, PASSPHRASE, demo=True)
    try:
        store = Store.open(vault)
        last = [started]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if now - last[0] >= 10 or done == total:
                last[0] = now
                log(f"  {done:,}/{total:,} defenders, {now - started:.0f} s")

        report = build_demo(store, cases=cases, seed=seed, progress=progress)
        topped = top_up_one_file(store, WORKSPACE_RECORDS, seed)
        log(f"  one defender's file topped up to {WORKSPACE_RECORDS} records (+{topped})")
        vault.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        vault.lock()
    stamp = {
        **wanted,
        "defenders": report.defenders,
        "records": report.records + topped,
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    stamp_file.write_text(json.dumps(stamp, indent=1), encoding="utf-8")
    log(f"  built: {report.defenders:,} defenders, {report.records:,} records")
    return folder, stamp
