"""The audit trail: entries for every change, and tampering by raw SQL is detected."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hrd_desk.cases import audit
from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.store import Store
from tests.cases.conftest import TODAY, defender, incident
from tests.conftest import PASSPHRASE
from tests.support.cli import run_cli


def test_entries_record_who_what_which_fields(store) -> None:
    d = store.add(defender())
    store.update(replace(d, notes="changed", dependants=2))
    store.delete(Defender, d.id)
    store.record_export(
        "defender",
        d.id,
        what="summary",
        detail={"level": "pseudonymise", "recipient": "headquarters"},
    )
    entries = store.history([d.id])
    assert [e.action for e in entries] == ["export", "delete", "update", "create"]
    assert entries[2].fields == ("dependants", "notes")
    assert "full_name" in entries[3].fields and "pseudonym" in entries[3].fields
    assert all(e.actor == "tester" and e.at.endswith("Z") for e in entries)
    assert entries[0].detail == {
        "what": "summary",
        "level": "pseudonymise",
        "recipient": "headquarters",
    }
    # Values never enter the log.
    rows = repr(store.conn.execute("SELECT * FROM audit_log").fetchall())
    assert "Amal" not in rows and "changed" not in rows
    assert audit.verify(store.conn).ok


def test_saving_unchanged_record_adds_no_entry(store) -> None:
    d = store.add(defender())
    before = len(store.history([d.id]))
    store.update(store.get(Defender, d.id))
    assert len(store.history([d.id])) == before


TAMPERING = {
    "edit a field": "UPDATE audit_log SET actor = 'someone else' WHERE seq = 2",
    "edit field list": "UPDATE audit_log SET fields = '[]' WHERE seq = 3",
    "delete a middle entry": "DELETE FROM audit_log WHERE seq = 2",
    "delete the last entry": "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
    "swap two rows": (
        "UPDATE audit_log SET seq = -seq WHERE seq IN (2, 3);"
        "UPDATE audit_log SET seq = 5 - seq WHERE seq IN (-2, -3);"
        "UPDATE audit_log SET seq = -seq WHERE seq < 0"
    ),
    "rehash one entry": "UPDATE audit_log SET hash = prev_hash WHERE seq = 3",
    "empty the log": "DELETE FROM audit_log",
}


def _vault_with_history(path):
    from hrd_desk.crypto.vault import create_vault

    vault, _ = create_vault(path, PASSPHRASE)
    store = Store.open(vault, actor="tester", today=lambda: TODAY)
    d = store.add(defender())
    store.add(incident(d.id))
    store.update(replace(store.get(Defender, d.id), notes="x"))
    store.add(defender(pseudonym="Other"))
    return vault


@pytest.mark.parametrize("name", sorted(TAMPERING))
def test_tampering_detected_by_verify_and_check(tmp_path, name) -> None:
    folder = tmp_path / "v"
    vault = _vault_with_history(folder)
    assert audit.verify(vault.connection).ok
    vault.connection.executescript(TAMPERING[name])
    report = audit.verify(vault.connection)
    assert not report.ok, name
    vault.lock()
    result = run_cli("check", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "audit chain broken" in result.stdout


def test_check_ok_reports_chain(tmp_path) -> None:
    folder = tmp_path / "v"
    _vault_with_history(folder).lock()
    result = run_cli("check", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.returncode == 0
    assert "audit chain of 4 entries verified" in result.stdout
