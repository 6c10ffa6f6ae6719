"""Numbered migrations; a vault from a newer app is refused and left byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrd_desk.cases import schema
from hrd_desk.crypto import errors
from hrd_desk.crypto.vault import create_vault, open_vault
from tests.conftest import PASSPHRASE
from tests.support.files import snapshot


def test_fresh_vault_migrates_to_latest_once(vault: object) -> None:
    assert schema.migrate(vault.connection) == schema.LATEST
    assert schema.migrate(vault.connection) == 0
    assert schema.schema_version(vault.connection) == schema.LATEST
    rows = vault.connection.execute("SELECT version FROM schema_migrations").fetchall()
    assert [r[0] for r in rows] == list(range(1, schema.LATEST + 1))


def test_failed_step_rolls_back(vault: object, monkeypatch: pytest.MonkeyPatch) -> None:
    good = schema.migrations()
    bad = [*good, schema.Migration(len(good) + 1, "broken", "CREATE TABLE half(x); SELECT nope();")]
    monkeypatch.setattr(schema, "migrations", lambda: bad)
    monkeypatch.setattr(schema, "LATEST", len(bad))
    with pytest.raises(Exception, match="nope"):
        schema.migrate(vault.connection)
    conn = vault.connection
    assert schema.schema_version(conn) == len(good)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name='half'").fetchone() == (0,)


def test_newer_schema_refused_and_untouched(vault_dir: Path) -> None:
    vault, _ = create_vault(vault_dir, PASSPHRASE)
    schema.migrate(vault.connection)
    vault.connection.execute(f"PRAGMA user_version = {schema.LATEST + 5}")
    vault.lock()
    before = snapshot(vault_dir)
    with open_vault(vault_dir, PASSPHRASE) as v, pytest.raises(errors.SchemaTooNew):
        schema.migrate(v.connection)
    assert snapshot(vault_dir) == before
