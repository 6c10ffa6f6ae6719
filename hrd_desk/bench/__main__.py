"""``python -m hrd_desk.bench [--cases N] [--reps N] [--quick] [--no-gui]`` (``make bench``)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from hrd_desk.bench.report import machine, print_table, targets
from hrd_desk.bench.timing import Stats


def log(text: str) -> None:
    print(text, flush=True)


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m hrd_desk.bench", description=__doc__)
    p.add_argument("--cases", type=int, default=10_000, help="defenders in the demo vault")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--reps", type=int, default=10, help="counted repetitions of quick queries")
    p.add_argument("--import-records", type=int, default=10_000)
    p.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    p.add_argument("--no-gui", action="store_true", help="skip the GUI process")
    p.add_argument("--dir", type=Path, default=Path("bench"), help="cache/ and results.json")
    return p.parse_args(argv)


def run_gui(
    folder: Path, passphrase: str, defender: str, others: list[str], words: list[str], reps: int
) -> dict[str, Any]:
    request = {
        "folder": str(folder),
        "passphrase": passphrase,
        "defender_id": defender,
        "others": others,
        "words": words,
        "reps": reps,
    }
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # The child's preferences go to a private, throwaway config folder, not the user's.
    from hrd_desk.bench.replay import private_dir

    with private_dir("hrd-bench-home-") as home:
        for var, sub in (
            ("HOME", ""),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_STATE_HOME", "state"),
        ):
            (home / sub).mkdir(parents=True, exist_ok=True)
            env[var] = str(home / sub)
        env.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
        proc = subprocess.run(
            [sys.executable, "-m", "hrd_desk.bench.gui_child"],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=False,
        )
    if proc.returncode != 0 or not proc.stdout.strip():
        tail = (proc.stderr or "").strip().splitlines()[-5:]
        return {"error": f"GUI process exited {proc.returncode}", "stderr": tail}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    started = time.perf_counter()
    from hrd_desk.bench import replay
    from hrd_desk.bench.ops import Bench, Result, search_queries
    from hrd_desk.bench.vaultcache import PASSPHRASE, ensure_vault

    info = machine()
    log(
        f"HRD Desk benchmark — {info['cpu']}, {info['nproc']} cores, {info['ram_gib']} GiB RAM, "
        f"Python {platform.python_version()}"
    )
    folder, stamp = ensure_vault(args.dir / "cache", args.cases, args.seed, log)
    reps = 3 if args.quick else args.reps
    bench = Bench(folder, log, reps=reps, quick=args.quick)
    try:
        counts = bench.count_records()
        total = sum(counts.values())
        size = bench.vault.db_path.stat().st_size
        log(
            f"vault: {counts['defender']:,} defenders, {total:,} records, {size / 1e6:.0f} MB; "
            f"passphrase (fictional demo data): {PASSPHRASE!r}"
        )
        log(f"plain SQLite column: {replay.plain_engine()}")
        defender, linked, others = bench.pick_defender(50)

        def measured() -> None:
            log("unlock")
            bench.unlock()
            log("lists")
            bench.lists()
            log("search")
            bench.search()
            log("workspace")
            bench.workspace(defender, linked)
            log("backup")
            bench.backup()
            log("import")
            bench.import_records(args.import_records)

        bench.with_plaintext(measured)
        log("summary")
        bench.summary_pdf(defender, linked)
    finally:
        bench.close()

    gui: dict[str, Any] = {}
    if not args.no_gui:
        log("GUI (a child process, offscreen)")
        words = search_queries(12, seed=11)
        gui = run_gui(folder, PASSPHRASE, defender, others, words, 3 if args.quick else 5)
        if "error" in gui:
            log(f"  GUI: {gui['error']}: {' / '.join(gui.get('stderr', []))}")
        else:
            opens = gui.get("gui_workspace_open_ms") or []
            if opens:
                bench.add(
                    Result(
                        "workspace",
                        f"workspace open in the GUI ({linked} records)",
                        Stats(list(opens)),
                        note="open → data read in a worker → shown, offscreen",
                    )
                )
            service = next(r for r in bench.results if r.op.startswith("unlock to first"))
            built = gui.get("gui_main_window_ms")
            first_page = gui.get("gui_list_first_page_ms")
            if built is not None and first_page is not None:
                bench.add(
                    Result(
                        "unlock",
                        "GUI: unlock to the defender list's first page, beyond the KDF",
                        Stats([service.app.median + built + first_page]),
                        note="one run: open + migrate (the row above) + main window built and "
                        "shown + choosing Defenders until its first page shows",
                        extra={"main_window_ms": built, "list_first_page_ms": first_page},
                    )
                )
            for note in gui.get("notes", []):
                log(f"  note: {note}")
    results = {
        "machine": info,
        "vault": {
            **stamp,
            "records_now": total,
            "by_kind": counts,
            "db_bytes": size,
            "workspace_defender_records": linked,
        },
        "facts": bench.facts,
        "plain_engine": replay.plain_engine(),
        "results": [r.as_dict() for r in bench.results],
        "gui": gui,
        "seconds": round(time.perf_counter() - started, 1),
    }
    verdicts = targets(bench.results, gui)
    results["targets"] = verdicts
    print()
    print_table(bench.results, gui, verdicts, info, results["vault"])
    out = args.dir / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    log(f"\nresults: {out}  ({results['seconds']:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
