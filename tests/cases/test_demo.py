"""Demo data: deterministic, multilingual, every record valid under the full rules."""

from __future__ import annotations

import re

from hrd_desk.cases.demo import build_demo
from hrd_desk.cases.record import all_kinds
from hrd_desk.cases.records_json import export_records
from hrd_desk.cases.store import Store, _Context
from hrd_desk.cases.validation import validate
from hrd_desk.crypto.vault import create_vault
from tests.cases.conftest import TODAY
from tests.conftest import PASSPHRASE


def _demo(path, seed=5, cases=80):
    vault, _ = create_vault(path, PASSPHRASE)
    store = Store.open(vault, actor="demo", today=lambda: TODAY)
    build_demo(store, cases=cases, seed=seed, today=TODAY)
    return store


def test_deterministic_for_a_seed(tmp_path) -> None:
    a = export_records(_demo(tmp_path / "a"))
    b = export_records(_demo(tmp_path / "b"))
    c = export_records(_demo(tmp_path / "c", seed=6))
    assert a == b
    assert a != c


def test_every_record_passes_validation_and_kinds_are_covered(tmp_path) -> None:
    store = _demo(tmp_path / "v", cases=150)
    seen = set()
    for cls in all_kinds():
        for record in _all(store, cls):
            verdict = validate(record, _Context(store, None))
            assert verdict.ok, (cls.KIND, record.id, [str(e) for e in verdict.errors])
            seen.add(cls.KIND)
    assert seen == {cls.KIND for cls in all_kinds()}


def _all(store, cls):
    from hrd_desk.cases.codec import from_json

    return [
        from_json(cls, r[0])
        for r in store.conn.execute(f"SELECT data FROM {cls.TABLE} WHERE deleted_at IS NULL")
    ]


def test_multilingual_names_and_realistic_links(tmp_path) -> None:
    store = _demo(tmp_path / "v", cases=120)
    names = [
        r[0] for r in store.conn.execute("SELECT json_extract(data,'$.full_name') FROM defenders")
    ]
    assert any(re.search(r"[\u0600-\u06ff]", n) for n in names)  # Arabic
    assert any(re.search(r"[\u0400-\u04ff]", n) for n in names)  # Cyrillic
    assert any(re.search(r"[áéíóúñÁÉÍÓÚÑçèêëïôûü]", n) for n in names)  # accented Latin
    counts = {
        cls.KIND: store.count(cls.KIND) if cls.KIND in ("defender", "request") else 0
        for cls in all_kinds()
    }
    assert counts["defender"] == 120 and counts["request"] > 60
    # Every request decision links an assessment of the same defender or carries a waiver.
    rows = store.conn.execute(
        "SELECT r.defender_id, a.defender_id, json_extract(r.data,'$.waiver') FROM requests r "
        "LEFT JOIN assessments a ON a.id = json_extract(r.data,'$.assessment_id') "
        "WHERE r.decision_date IS NOT NULL"
    ).fetchall()
    assert rows and all(a == b or w for a, b, w in rows)
