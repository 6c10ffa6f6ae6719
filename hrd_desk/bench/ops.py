"""The measured operations: each through the app's own services, then (where it is a query) the
same statements replayed on raw SQLCipher and on a plaintext copy."""

from __future__ import annotations

import random
import re
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hrd_desk.bench import replay as R
from hrd_desk.bench.timing import Stats, measure
from hrd_desk.bench.vaultcache import PASSPHRASE
from hrd_desk.cases import demo_text
from hrd_desk.cases.listing import SPECS, ListQuery
from hrd_desk.cases.record import all_kinds
from hrd_desk.cases.schema import migrate
from hrd_desk.cases.store import Store
from hrd_desk.crypto import kdf
from hrd_desk.crypto.vault import Vault, create_vault, unlock_with_passphrase, wipe

#: The GUI list model's page (hrd_desk/ui/lists/model.py PAGE_SIZE).
PAGE = 100


@dataclass
class Result:
    group: str
    op: str
    app: Stats | None
    raw: Stats | None = None
    plain: Stats | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def ratio(self) -> float | None:
        if self.app and self.raw and self.raw.median > 0:
            return self.app.median / self.raw.median
        return None

    def cipher_ratio(self) -> float | None:
        if self.raw and self.plain and self.plain.median > 0:
            return self.raw.median / self.plain.median
        return None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"group": self.group, "op": self.op}
        for name in ("app", "raw", "plain"):
            stats = getattr(self, name)
            out[name] = stats.as_dict() if stats else None
        out["app_over_raw"] = _round(self.ratio())
        out["raw_over_plain"] = _round(self.cipher_ratio())
        if self.note:
            out["note"] = self.note
        out.update(self.extra)
        return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def vocabulary() -> list[str]:
    """Every word of the demo generator's text (names, places, phrases), 3 letters or more."""
    words: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            words.update(w for w in re.findall(r"\w{3,}", value) if not w.isdigit())
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    for name in dir(demo_text):
        if name.isupper():
            walk(getattr(demo_text, name))
    return sorted(words)


def search_queries(n: int = 100, seed: int = 10) -> list[str]:
    """What officers type: whole words, prefixes as typed so far, and two-word phrases."""
    rng = random.Random(seed)
    words = vocabulary()
    queries: list[str] = []
    while len(queries) < n:
        w = rng.choice(words)
        kind = rng.random()
        if kind < 0.6:
            queries.append(w)
        elif kind < 0.85:
            queries.append(w[: rng.randint(3, max(3, min(5, len(w))))])
        else:
            queries.append(f"{w} {rng.choice(words)}")
    return queries


class Bench:
    def __init__(
        self, folder: Path, log: Callable[[str], None], *, reps: int, quick: bool = False
    ) -> None:
        self.folder = folder
        self.log = log
        self.reps = reps
        self.quick = quick
        self.results: list[Result] = []
        self.facts: dict[str, Any] = {}
        header, key = unlock_with_passphrase(folder, PASSPHRASE)
        self._header = header
        self._key = bytes(key)
        self.vault = Vault(folder, header, key)
        self.store = Store.open(self.vault)
        self.conn = self.vault.connection
        self.raw = R.raw_sqlcipher(self.vault.db_path, self._key)
        self.plain: Any = None

    def close(self) -> None:
        self.raw.close()
        if self.plain is not None:
            self.plain.close()
        self.vault.lock()

    def add(self, result: Result) -> Result:
        self.results.append(result)
        app = result.app
        line = f"  {result.op:<44} app {app.median:9.2f} ms (p95 {app.p95:9.2f})" if app else ""
        if result.raw:
            line += f" | raw {result.raw.median:8.2f}"
        if result.plain:
            line += f" | plain {result.plain.median:8.2f}"
        self.log(line or f"  {result.op}: {result.note}")
        return result

    # -- the comparison -----------------------------------------------------------------------
    def compare(
        self, group: str, op: str, fn: Callable[[], Any], *, reps: int | None = None, note=""
    ) -> Result:
        reps = reps or self.reps
        statements = R.captured(self.conn, fn)
        app = measure(fn, reps=reps)
        raw = measure(lambda: R.replay(self.raw, statements), reps=reps)
        plain = measure(lambda: R.replay(self.plain, statements), reps=reps) if self.plain else None
        return self.add(Result(group, op, app, raw, plain, note, {"statements": len(statements)}))

    # -- unlock ---------------------------------------------------------------------------------
    def unlock(self) -> None:
        reps = 3 if self.quick else 5

        def unwrap() -> None:
            wipe(unlock_with_passphrase(self.folder, PASSPHRASE)[1])

        self.add(
            Result(
                "unlock",
                "key unwrap (Argon2id, calibrated)",
                measure(unwrap, reps=reps),
                note="the KDF, on purpose slow; reported apart from the rest",
            )
        )
        first_page = ListQuery(limit=PAGE)
        statements = R.captured(self.conn, lambda: self.store.list("defender", first_page))

        def app_open() -> None:
            vault = Vault(self.folder, self._header, bytearray(self._key))
            try:
                migrate(vault.connection)
                Store(vault.connection).list("defender", first_page)
            finally:
                vault.lock()

        def raw_open() -> None:
            conn = R.raw_sqlcipher(self.vault.db_path, self._key)
            R.replay(conn, statements)
            conn.close()

        def plain_open() -> None:
            conn = R.plain_sqlite(self._plain_path)
            R.replay(conn, statements)
            conn.close()

        self.add(
            Result(
                "unlock",
                "unlock to first list page (after the KDF)",
                measure(app_open, reps=self.reps),
                measure(raw_open, reps=self.reps),
                measure(plain_open, reps=self.reps) if self.plain else None,
                note="open + key SQLCipher + pragmas + schema check + first page of 100",
            )
        )

    # -- lists --------------------------------------------------------------------------------
    def lists(self) -> None:
        spec = SPECS["defender"]
        for sort in spec.sorts:
            query = ListQuery(sort=sort, limit=PAGE)
            self.compare(
                "list", f"defenders: sort by {sort}, first page", lambda q=query: self._page(q)
            )
        for sort in ("pseudonym", "updated_at"):
            query = ListQuery(sort=sort, descending=True, offset=5000, limit=PAGE)
            self.compare(
                "list",
                f"defenders: sort by {sort} desc, page at row 5,000",
                lambda q=query: self._page(q),
            )
        filters = {
            "status": {"status": ["detained"]},
            "risk": {"risk": ["high", "critical"]},
            "country": {"country": [self._common_country()]},
            "category": {"category": ["journalist"]},
            "status+risk": {"status": ["threatened"], "risk": ["high"]},
        }
        for label, flt in filters.items():
            query = ListQuery(filters=flt, sort="pseudonym", limit=PAGE)
            self.compare("list", f"defenders: filter {label}", lambda q=query: self._page(q))

        def scroll() -> None:
            for n in range(20):
                self.store.list("defender", ListQuery(offset=n * PAGE, limit=PAGE))

        self.compare("list", "defenders: scroll 20 pages (2,000 rows)", scroll)
        self.compare(
            "list",
            "requests: first page (joined pseudonym)",
            lambda: self.store.list("request", ListQuery(limit=PAGE)),
        )

    def _page(self, query: ListQuery) -> None:
        self.store.list("defender", query)

    def _common_country(self) -> str:
        row = self.conn.execute(
            "SELECT country FROM defenders WHERE deleted_at IS NULL "
            "GROUP BY country ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        return row[0]

    # -- search -------------------------------------------------------------------------------
    def search(self) -> None:
        queries = search_queries(100)
        passes = 2 if self.quick else 3
        app_ms: list[float] = []
        raw_ms: list[float] = []
        plain_ms: list[float] = []
        hits = 0
        for text in queries:
            statements = R.captured(self.conn, lambda t=text: self.store.search(t))
            hits += len(self.store.search(text))
            app_ms.append(measure(lambda t=text: self.store.search(t), reps=passes).median)
            raw_ms.append(measure(lambda s=statements: R.replay(self.raw, s), reps=passes).median)
            if self.plain is not None:
                plain_ms.append(
                    measure(lambda s=statements: R.replay(self.plain, s), reps=passes).median
                )
        self.add(
            Result(
                "search",
                "search: 100 demo-vocabulary queries (per query)",
                Stats(app_ms),
                Stats(raw_ms),
                Stats(plain_ms) if plain_ms else None,
                note="p50/p95 over the 100 queries, each the median of its passes; limit 50",
                extra={"queries": queries, "mean_hits": round(hits / len(queries), 1)},
            )
        )

    # -- one defender -------------------------------------------------------------------------
    def pick_defender(self, target: int = 50) -> tuple[str, int, list[str]]:
        """The defender whose file is nearest *target* records and whose consent allows a
        summary for headquarters; plus a few others (for the GUI to switch between)."""
        from hrd_desk.cases.errors import Refused
        from hrd_desk.summaries.service import SummaryRequest, check_consent

        counts: dict[str, int] = {}
        for cls in all_kinds():
            if cls.DEFENDER_FIELD is None:
                continue
            for did, n in self.conn.execute(
                f"SELECT defender_id, count(*) FROM {cls.TABLE} WHERE deleted_at IS NULL "
                "GROUP BY defender_id"
            ):
                counts[did] = counts.get(did, 0) + n
        ranked = sorted(counts, key=lambda d: (abs(counts[d] - target), d))
        for did in ranked:
            try:
                check_consent(self.store, SummaryRequest(did))
            except Refused:
                continue
            others = [d for d in ranked[1:50] if d != did][:5]
            self.facts["largest_file"] = max(counts.values())
            self.facts["median_file"] = statistics.median(counts.values())
            return did, counts[did], others
        raise RuntimeError("no defender in the demo vault allows a summary")

    def workspace(self, defender_id: str, linked: int) -> None:
        try:
            from hrd_desk.ui.workspace.data import load_workspace
        except ImportError:  # the GUI package is optional for the data figure
            load_workspace = None
        if load_workspace is not None:
            self.compare(
                "workspace",
                f"workspace data load ({linked} linked records)",
                lambda: load_workspace(self.store, defender_id),
                note="hrd_desk.ui.workspace.data.load_workspace (the worker's read)",
            )
        else:
            self.compare(
                "workspace",
                f"defender's records ({linked} linked records)",
                lambda: self.store.linked(defender_id),
                note="Store.linked (the GUI workspace module is not installed)",
            )

    def summary_pdf(self, defender_id: str, linked: int) -> None:
        from hrd_desk.summaries.encrypt import encrypt_pdf, generate_password
        from hrd_desk.summaries.service import SummaryRequest, build_summary_pdf

        request = SummaryRequest(defender_id)
        password = generate_password()
        reps = 3 if self.quick else 5
        pdf = build_summary_pdf(self.store, request)
        build = measure(lambda: build_summary_pdf(self.store, request), reps=reps)
        enc = measure(lambda: encrypt_pdf(pdf, password), reps=reps)

        def both() -> None:
            encrypt_pdf(build_summary_pdf(self.store, request), password)

        total = measure(both, reps=reps)
        self.add(
            Result(
                "summary",
                f"summary PDF: build ({linked} records)",
                build,
                extra={"pdf_bytes": len(pdf)},
            )
        )
        self.add(Result("summary", "summary PDF: encrypt (AES-256 R6)", enc))
        self.add(Result("summary", "summary PDF: build + encrypt", total))

    # -- whole vault --------------------------------------------------------------------------
    def backup(self) -> None:
        from hrd_desk.crypto.backup import create_backup

        reps = 2 if self.quick else 3
        with R.private_dir("hrd-bench-backup-") as work:
            n = [0]

            def next_path() -> Path:
                n[0] += 1
                for old in work.glob("*"):
                    if old.is_file():
                        old.unlink()
                return work / f"b{n[0]}"

            target = [work / "x"]

            def setup() -> None:
                target[0] = next_path()

            app = measure(
                lambda: create_backup(
                    self.vault, target[0].with_suffix(".hrdbackup"), work_dir=work
                ),
                reps=reps,
                setup=setup,
            )
            size = self.vault.db_path.stat().st_size

            def raw_copy() -> None:
                dest = R.raw_sqlcipher(target[0].with_suffix(".db"), self._key)
                self.raw.backup(dest)
                dest.close()

            raw = measure(raw_copy, reps=reps, setup=setup)
            plain = None
            if self.plain is not None:

                def plain_copy() -> None:
                    dest = R.plain_sqlite(target[0].with_suffix(".db"))
                    self.plain.backup(dest)
                    dest.close()

                plain = measure(plain_copy, reps=reps, setup=setup)
        self.add(
            Result(
                "whole vault",
                f"backup of the whole vault ({size / 1e6:.0f} MB)",
                app,
                raw,
                plain,
                note="app: snapshot, AES-GCM stream, fsync, read back and verify; "
                "raw/plain: SQLite's backup API copy only",
                extra={"db_bytes": size},
            )
        )

    def import_records(self, count: int = 10_000) -> None:
        from hrd_desk.cases.records_json import export_records, import_records

        doc = _subset(export_records(self.store), count)
        n_records = sum(len(v) for k, v in doc.items() if isinstance(v, list))
        reps = 2 if self.quick else 3
        params = kdf.FLOOR
        with R.private_dir("hrd-bench-import-") as work:
            # An empty, migrated vault: the template every repetition starts from.
            template, _rk = create_vault(work / "template", PASSPHRASE, params=params)
            migrate(template.connection)
            template.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            tkey = template.export_key_for_backup()
            template.lock()
            tdb = work / "template" / "vault.db"
            state: dict[str, Any] = {}
            n = [0]

            def fresh_vault() -> None:
                if "vault" in state:
                    state.pop("vault").lock()
                    shutil.rmtree(state.pop("folder"), ignore_errors=True)
                n[0] += 1
                folder = work / f"v{n[0]}"
                vault, _ = create_vault(folder, PASSPHRASE, params=params)
                state["vault"], state["folder"] = vault, folder
                state["store"] = Store.open(vault)

            fresh_vault()
            statements = R.captured(
                state["store"].conn, lambda: import_records(state["store"], doc)
            )
            app = measure(lambda: import_records(state["store"], doc), reps=reps, setup=fresh_vault)
            state.pop("vault").lock()

            def fresh_raw() -> None:
                if "raw" in state:
                    state.pop("raw").close()
                dest = work / f"raw{n[0]}.db"
                n[0] += 1
                shutil.copyfile(tdb, dest)
                state["raw"] = R.raw_sqlcipher(dest, tkey)

            raw = measure(lambda: R.replay(state["raw"], statements), reps=reps, setup=fresh_raw)
            state.pop("raw").close()
            plain = None
            ptemplate = work / "template-plain.db"
            R.export_plaintext(tdb, tkey, ptemplate)

            def fresh_plain() -> None:
                if "plain" in state:
                    state.pop("plain").close()
                dest = work / f"plain{n[0]}.db"
                n[0] += 1
                shutil.copyfile(ptemplate, dest)
                state["plain"] = R.plain_sqlite(dest)

            plain = measure(
                lambda: R.replay(state["plain"], statements), reps=reps, setup=fresh_plain
            )
            state.pop("plain").close()
        self.add(
            Result(
                "whole vault",
                f"import {n_records:,} records from JSON into an empty vault",
                app,
                raw,
                plain,
                note="all or nothing, validated with everything present; raw/plain replay its SQL",
                extra={"records": n_records, "statements": len(statements)},
            )
        )

    # -- the plaintext copy ---------------------------------------------------------------------
    def with_plaintext(self, body: Callable[[], None]) -> None:
        with R.plaintext_copy(self.vault.db_path, self._key) as (path, seconds):
            self._plain_path = path
            self.log(
                f"  plaintext copy for the comparison: {path} (private, made in {seconds:.1f} s; "
                "deleted when the comparison ends)"
            )
            self.plain = R.plain_sqlite(path)
            try:
                body()
            finally:
                self.plain.close()
                self.plain = None
        self.facts["plaintext_copy_deleted"] = not path.exists() and not path.parent.exists()
        self.log(
            "  plaintext copy deleted: "
            + ("yes" if self.facts["plaintext_copy_deleted"] else "NO — delete it by hand")
        )

    def count_records(self) -> dict[str, int]:
        out = {}
        for cls in all_kinds():
            out[cls.KIND] = self.conn.execute(
                f"SELECT count(*) FROM {cls.TABLE} WHERE deleted_at IS NULL"
            ).fetchone()[0]
        return out


def _subset(doc: dict[str, Any], count: int) -> dict[str, Any]:
    """Whole defenders' files, in order, until *count* records (links stay inside the subset)."""
    keys = [k for k, v in doc.items() if isinstance(v, list)]
    by_defender: dict[str, dict[str, list[Any]]] = {}
    order: list[str] = []
    for key in keys:
        for raw in doc[key]:
            did = raw.get("defender_id") or (raw.get("id") if key == "defenders" else None)
            if did is None:
                continue
            if did not in by_defender:
                by_defender[did] = {}
                order.append(did)
            by_defender[did].setdefault(key, []).append(raw)
    out: dict[str, Any] = {k: v for k, v in doc.items() if not isinstance(v, list)}
    for key in keys:
        out[key] = []
    total = 0
    for did in order:
        if total >= count:
            break
        for key, items in by_defender[did].items():
            out[key].extend(items)
            total += len(items)
    return out


def wall(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started
