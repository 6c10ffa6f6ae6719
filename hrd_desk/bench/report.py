"""The table, the machine it ran on, and the issue's targets met or missed."""

from __future__ import annotations

import contextlib
import os
import platform
import sys
from typing import Any

from hrd_desk.bench.ops import Result

#: Issue 10's targets on a 2-core machine (milliseconds, or a ratio).
SEARCH_P95_MS = 20
LIST_SORT_MS = 50
UNLOCK_BEYOND_KDF_MS = 1000
WORKSPACE_MS = 300
PDF_MS = 500
APP_OVER_RAW = 1.5
STALL_MS = 100


def machine() -> dict[str, Any]:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram = None
    with contextlib.suppress(ValueError, OSError, AttributeError):
        ram = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    import sqlcipher3

    probe = sqlcipher3.connect(":memory:")
    sqlite_v = probe.execute("SELECT sqlite_version()").fetchone()[0]
    cipher_v = probe.execute("PRAGMA cipher_version").fetchone()
    probe.close()
    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "ram_gib": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite_v,
        "sqlcipher": cipher_v[0] if cipher_v else None,
    }


def _fmt(x: float | None, digits: int = 1) -> str:
    if x is None or x != x:  # None or NaN
        return "–"
    if x >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def _ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}×"


def targets(results: list[Result], gui: dict[str, Any]) -> list[dict[str, Any]]:
    def find(prefix: str) -> list[Result]:
        return [r for r in results if r.op.startswith(prefix)]

    out: list[dict[str, Any]] = []

    def verdict(name: str, value: float | None, limit: float, unit: str, note: str = "") -> None:
        if value is None:
            out.append(
                {
                    "target": name,
                    "value": None,
                    "limit": limit,
                    "met": None,
                    "note": note or "not measured",
                }
            )
        else:
            out.append(
                {
                    "target": name,
                    "value": round(value, 2),
                    "limit": limit,
                    "unit": unit,
                    "met": value <= limit,
                    "note": note,
                }
            )

    search = find("search:")
    verdict("search p95", search[0].app.p95 if search else None, SEARCH_P95_MS, "ms")
    sorts = [r for r in find("defenders: sort by") if "first page" in r.op]
    worst = max(sorts, key=lambda r: r.app.p95) if sorts else None
    verdict(
        "list page with sort (worst column, p95)",
        worst.app.p95 if worst else None,
        LIST_SORT_MS,
        "ms",
        worst.op if worst else "",
    )
    unlock = find("unlock to first list page")
    verdict(
        "unlock to first page beyond the KDF (median)",
        unlock[0].app.median if unlock else None,
        UNLOCK_BEYOND_KDF_MS,
        "ms",
    )
    gui_unlock = find("GUI: unlock to")
    verdict(
        "GUI: unlock to the list's first page beyond the KDF",
        gui_unlock[0].app.median if gui_unlock else None,
        UNLOCK_BEYOND_KDF_MS,
        "ms",
        "" if gui_unlock else "GUI not measured",
    )
    ws = find("workspace data load") or find("defender's records")
    verdict(
        "workspace open: data load (median)", ws[0].app.median if ws else None, WORKSPACE_MS, "ms"
    )
    gui_ws = find("workspace open in the GUI")
    verdict(
        "workspace open: GUI (median)",
        gui_ws[0].app.median if gui_ws else None,
        WORKSPACE_MS,
        "ms",
        "" if gui_ws else "GUI workspace not measured",
    )
    pdf = find("summary PDF: build + encrypt")
    verdict(
        "summary PDF build + encrypt (median)", pdf[0].app.median if pdf else None, PDF_MS, "ms"
    )
    queries = [
        r
        for r in results
        if r.group in ("list", "search", "workspace", "unlock")
        and r.raw is not None
        and r.ratio() is not None
    ]
    if queries:
        worst_q = max(queries, key=lambda r: r.ratio() or 0)
        verdict(
            "app-level query work / raw SQLCipher (worst)",
            worst_q.ratio(),
            APP_OVER_RAW,
            "×",
            worst_q.op,
        )
    stalls = [gui.get(k) for k in ("stall_search_ms", "stall_scroll_ms") if gui.get(k) is not None]
    missing = [
        n
        for k, n in (("stall_search_ms", "search typing"), ("stall_scroll_ms", "list scrolling"))
        if gui.get(k) is None
    ]
    verdict(
        "GUI thread longest stall",
        max(stalls) if stalls else None,
        STALL_MS,
        "ms",
        ("not measured: " + ", ".join(missing)) if missing else "",
    )
    return out


def print_table(
    results: list[Result],
    gui: dict[str, Any],
    verdicts: list[dict[str, Any]],
    info: dict[str, Any],
    vault: dict[str, Any],
) -> None:
    print(
        f"Machine: {info['cpu']}, {info['nproc']} cores, {info['ram_gib']} GiB RAM; "
        f"Python {info['python']}, SQLite {info['sqlite']}, SQLCipher {info['sqlcipher']}"
    )
    print(
        f"Vault: {vault.get('defenders', '?'):,} defenders, {vault['records_now']:,} records, "
        f"{vault['db_bytes'] / 1e6:.0f} MB (demo data, seed {vault.get('seed')})"
    )
    print(
        "Times in ms: median (p95). raw SQLCipher = the same SQL statements on sqlcipher3 with "
        "no app code; plain = the same on an unencrypted copy (deleted after the run)."
    )
    print()
    head = "| operation | HRD Desk | raw SQLCipher | plain SQLite | app / raw | raw / plain |"
    print(head)
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        app = f"{_fmt(r.app.median)} ({_fmt(r.app.p95)})" if r.app else "–"
        raw = f"{_fmt(r.raw.median)} ({_fmt(r.raw.p95)})" if r.raw else "–"
        plain = f"{_fmt(r.plain.median)} ({_fmt(r.plain.p95)})" if r.plain else "–"
        print(
            f"| {r.op} | {app} | {raw} | {plain} | {_ratio(r.ratio())} | "
            f"{_ratio(r.cipher_ratio())} |"
        )
    if gui and "error" not in gui:
        print()
        peak = gui.get("rss_peak_mib")
        now = gui.get("rss_now_mib")
        print(
            f"GUI process: RSS with the list and a workspace open {_fmt(now, 0)} MiB; "
            f"peak {_fmt(peak, 0)} MiB (the peak includes Argon2id's 256 MiB during unlock); "
            f"unlock through the window {_fmt(gui.get('gui_unlock_ms'), 0)} ms (KDF included)"
        )
        print(
            f"GUI: the defender list's first page shown "
            f"{_fmt(gui.get('gui_list_first_page_ms'), 0)} ms after choosing it "
            f"({gui.get('list_rows', '?')} rows)"
        )
        stalls = []
        for key, name in (
            ("stall_search_ms", "typing in search"),
            ("stall_scroll_ms", "scrolling the list"),
            ("stall_startup_ms", "first screen filling in after unlock (not a target)"),
        ):
            value = gui.get(key)
            stalls.append(
                f"{name}: " + (f"{value:.0f} ms" if value is not None else "not measured")
            )
        print("GUI thread longest stall — " + "; ".join(stalls))
        for note in gui.get("notes", []):
            print(f"  ({note})")
        drift = gui.get("none_refcount_drift")
        if drift is not None and sys.version_info < (3, 12) and gui.get("pyside6") == "6.12.0":
            print(
                f"  NOTE: None's refcount drifted by {drift:+,} in this run. PySide6 6.12 on "
                "Python 3.11 miscounts references to None (QStandardItemModel.appendRow drops "
                "one per call); the dashboard's 20,000 rows at 10,000 defenders crash the app "
                "with 'deallocating None'. The GUI child pins None (pin_none in "
                "hrd_desk/bench/gui_child.py) to measure the rest; the app is not fixed by it."
            )
    elif gui:
        print(f"\nGUI process: {gui['error']}")
    print()
    print("Targets:")
    for v in verdicts:
        mark = {True: "met", False: "MISSED", None: "not measured"}[v["met"]]
        value = "–" if v["value"] is None else f"{v['value']}{v.get('unit', '')}"
        limit = f"≤ {v['limit']}{v.get('unit', '')}"
        note = f" — {v['note']}" if v.get("note") else ""
        print(f"  {mark:<13} {v['target']}: {value} ({limit}){note}")
