"""Records JSON import/export and CSV import: all or nothing, errors named, round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hrd_desk.cases import codec
from hrd_desk.cases.csv_import import import_defenders_csv
from hrd_desk.cases.demo import build_demo
from hrd_desk.cases.records_json import ImportRefused, export_records, import_records
from hrd_desk.cases.records_schema import render
from hrd_desk.cases.store import Store
from hrd_desk.crypto.vault import create_vault
from tests.cases.conftest import TODAY, defender
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def _new_store(path: Path) -> Store:
    vault, _ = create_vault(path, PASSPHRASE)
    return Store.open(vault, actor="importer", today=lambda: TODAY)


def _doc(n: int) -> dict:
    records = [
        codec.to_dict(defender(pseudonym=f"P{i:04d}", full_name=f"Name {i}")) for i in range(n)
    ]
    return {"format": "hrd-desk/records", "version": 1, "defenders": records}


def test_one_bad_record_among_1000_stores_nothing_and_is_named(store) -> None:
    doc = _doc(1000)
    bad = doc["defenders"][617]
    bad["country"] = "Atlantis"
    with pytest.raises(ImportRefused) as err:
        import_records(store, doc)
    assert len(err.value.problems) == 1
    problem = err.value.problems[0]
    assert (problem.where, problem.record_id, problem.field) == (
        "defenders[617]",
        bad["id"],
        "country",
    )
    assert "defenders[617]" in err.value.message and "country" in err.value.message
    assert store.count("defender") == 0
    assert store.conn.execute("SELECT count(*) FROM audit_log").fetchone() == (0,)


def test_type_errors_and_unknown_fields_are_named(store) -> None:
    doc = _doc(3)
    doc["defenders"][0]["dependants"] = "three"
    doc["defenders"][1]["favourite_colour"] = "blue"
    doc["defenders"][2]["retention_review_date"] = "next year"
    doc["requests"] = [{"id": "not-a-uuid"}]
    with pytest.raises(ImportRefused) as err:
        import_records(store, doc)
    got = {(p.where, p.field) for p in err.value.problems}
    assert ("defenders[0]", "dependants") in got
    assert ("defenders[1]", "favourite_colour") in got
    assert ("defenders[2]", "retention_review_date") in got
    assert any(p.where == "requests[0]" for p in err.value.problems)
    assert store.count("defender") == 0


def test_dangling_link_refused(store) -> None:
    doc = _doc(1)
    doc["requests"] = [
        {
            "id": "6f1c2f0e-0000-4000-8000-000000000001",
            "defender_id": "6f1c2f0e-0000-4000-8000-0000000000ff",
            "received_at": "2026-11-01",
            "threat_summary": "x",
            "link_to_rights_work": "y",
        }
    ]
    with pytest.raises(ImportRefused) as err:
        import_records(store, doc)
    assert [(p.where, p.field) for p in err.value.problems] == [("requests[0]", "defender_id")]
    assert store.count("defender") == 0


def test_demo_export_import_identical_and_reimport_changes_nothing(tmp_path) -> None:
    a = _new_store(tmp_path / "a")
    build_demo(a, cases=60, seed=7, today=TODAY)
    exported = export_records(a)
    assert sum(len(v) for v in exported.values() if isinstance(v, list)) > 300
    text = json.dumps(exported, ensure_ascii=False)
    b = _new_store(tmp_path / "b")
    report = import_records(b, json.loads(text))
    assert report.total_added == sum(len(v) for v in exported.values() if isinstance(v, list))
    assert export_records(b) == exported
    audit_count = b.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    again = import_records(b, json.loads(text))
    assert again.total_added == 0 and sum(again.unchanged.values()) == report.total_added
    assert export_records(b) == exported
    assert b.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_count


def test_reimport_of_a_changed_record_is_refused(store) -> None:
    doc = _doc(2)
    import_records(store, doc)
    doc["defenders"][1]["notes"] = "edited elsewhere"
    with pytest.raises(ImportRefused) as err:
        import_records(store, doc)
    assert err.value.problems[0].where == "defenders[1]"
    assert store.get(type(defender()), doc["defenders"][1]["id"]).notes == ""


def test_not_a_records_file(store) -> None:
    for doc in (
        [],
        {"format": "other"},
        {"format": "hrd-desk/records", "version": 9},
        {"format": "hrd-desk/records", "version": 1, "aliens": []},
    ):
        with pytest.raises(ImportRefused):
            import_records(store, doc)


def test_schema_file_matches_domain_types() -> None:
    committed = (ROOT / "docs" / "records.schema.json").read_text(encoding="utf-8")
    assert committed == render(), (
        "docs/records.schema.json is stale: run "
        "`python -m hrd_desk.cases.records_schema > docs/records.schema.json`"
    )


def test_schema_accepts_an_export(tmp_path) -> None:
    schema = json.loads(render())
    store = _new_store(tmp_path / "s")
    build_demo(store, cases=10, seed=3, today=TODAY)
    exported = export_records(store)
    for key, records in exported.items():
        if not isinstance(records, list):
            continue
        props = schema["properties"][key]["items"]["properties"]
        required = schema["properties"][key]["items"]["required"]
        for record in records:
            assert set(record) <= set(props), (key, set(record) - set(props))
            assert set(required) <= set(record)


CSV_OK = (
    "Pseudonym,full_name,Categories of rights work,country,Notes,dependants\n"
    'Cedar,José Álvarez,journalist;Lawyer / judge,CO,"Threats, calls",2\n'
    "Heron,أمل حداد,woman_hrd,SY,,\n"
)


def test_csv_import_maps_headers_and_imports(store) -> None:
    report = import_defenders_csv(store, CSV_OK)
    assert report.total_added == 2
    rows = {r["pseudonym"]: r for r in store.list("defender").rows}
    assert rows["Cedar"]["full_name"] == "José Álvarez"
    assert json.loads(rows["Cedar"]["categories"]) == ["journalist", "lawyer_judge"]


def test_csv_unknown_and_missing_columns_listed(store) -> None:
    with pytest.raises(ImportRefused) as err:
        import_defenders_csv(store, "Pseudonym,Shoe size,Nickname\nCedar,42,x\n")
    message = err.value.message
    assert "Shoe size" in message and "Nickname" in message
    assert "hrd_categories" in message and "country" in message
    assert store.count("defender") == 0


def test_csv_bad_row_named_by_line(store) -> None:
    content = CSV_OK + "Wren,Somebody,astronaut,FR,,\n"
    with pytest.raises(ImportRefused) as err:
        import_defenders_csv(store, content)
    assert err.value.problems[0].where == "line 4"
    assert err.value.problems[0].field == "hrd_categories"
    assert store.count("defender") == 0
