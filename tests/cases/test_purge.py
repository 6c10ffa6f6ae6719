"""Retention purge: the defender and everything linked are gone from the database file."""

from __future__ import annotations

from datetime import date

import pytest

from hrd_desk.cases import audit
from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.errors import NotFound
from hrd_desk.cases.retention import purge_defender, purge_preview
from tests.cases.conftest import assessment, consent, defender, incident, request
from tests.support.files import contains_marker
from tests.support.sqlcipher_pages import plaintext_of

CANARY_NAME = "Zuleykha Qarabağlı-Canary"
CANARY_NOTE = "ملاحظة-كناري-9931 secret meeting place behind the mill"


def test_page_decryption_helper_sees_live_text(store, vault) -> None:
    d = store.add(defender(full_name=CANARY_NAME, pseudonym="Wren"))
    vault.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    text = plaintext_of(vault.db_path, vault.export_key_for_backup())
    assert contains_marker(text, CANARY_NAME)  # otherwise the purge test below proves nothing
    assert d.id.encode() in text


def test_purge_leaves_no_trace_in_file_or_fts(store, vault) -> None:
    keep = store.add(defender(pseudonym="Cedar", full_name="Someone Else"))
    d = store.add(defender(full_name=CANARY_NAME, pseudonym="Heron", notes=CANARY_NOTE))
    store.add(consent(d.id))
    a = store.add(assessment(d.id, facts=CANARY_NOTE))
    store.add(incident(d.id, description=f"{CANARY_NAME} was followed"))
    store.add(request(d.id, threat_summary=CANARY_NOTE, assessment_id=a.id))
    doomed_request = store.add(request(d.id, threat_summary=f"old {CANARY_NAME}"))
    store.delete(type(doomed_request), doomed_request.id)  # soft-deleted ones go too
    assert store.search("Qarabağlı")

    preview = purge_preview(store, d.id)
    assert preview.counts == {
        "defender": 1,
        "consent": 1,
        "assessment": 1,
        "incident": 1,
        "request": 2,
    }
    report = purge_defender(store, d.id)
    assert report.total == preview.total

    assert store.find(Defender, d.id, include_deleted=True) is None
    assert store.search("Qarabağlı") == [] and store.search("كناري") == []
    assert store.get(Defender, keep.id).pseudonym == "Cedar"
    conn = vault.connection
    # No row anywhere mentions the defender's id except audit entries (which hold no values).
    for (table,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'search_index%' "
        "AND name NOT IN ('audit_log', 'settings', 'schema_migrations', 'sqlite_sequence')"
    ):
        for row in conn.execute(f"SELECT * FROM {table}"):
            assert d.id not in repr(row), table
    # The whole file, decrypted page by page (free pages too), and the FTS shadow tables.
    text = plaintext_of(vault.db_path, vault.export_key_for_backup())
    for marker in (CANARY_NAME, "Qarabağlı", "كناري", "behind the mill"):
        assert not contains_marker(text, marker), marker
    assert contains_marker(text, "Cedar")
    # The audit stub: a purge entry with counts, no personal data; the chain still verifies.
    entries = audit.entries_for(conn, [d.id])
    assert entries[0].action == "purge"
    assert entries[0].detail["counts"]["request"] == 2
    assert audit.verify(conn).ok


def test_purge_unknown_defender(store) -> None:
    with pytest.raises(NotFound):
        purge_defender(store, "00000000-0000-4000-8000-000000000000")


def test_retention_review_date_required_and_future(store) -> None:
    from hrd_desk.cases.errors import ValidationError

    with pytest.raises(ValidationError) as err:
        store.add(defender(retention_review_date=None))
    assert err.value.fields == ["retention_review_date"]
    with pytest.raises(ValidationError) as err:
        store.add(defender(retention_review_date=date(2026, 1, 1)))
    assert err.value.fields == ["retention_review_date"]
    assert store.count("defender") == 0
