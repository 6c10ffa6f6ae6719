"""Vault-level settings: JSON values in the encrypted settings table."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrd_desk.cases.schema import migrate
from hrd_desk.cases.settings import VAULT_NAME, delete_setting, get_setting, set_setting
from hrd_desk.crypto.vault import open_vault, transaction
from tests.conftest import PASSPHRASE
from tests.support.files import files_containing


def test_round_trip_survives_reopening_and_is_encrypted(vault, vault_dir: Path) -> None:
    migrate(vault.connection)
    conn = vault.connection
    assert get_setting(conn, VAULT_NAME, "none") == "none"
    set_setting(conn, VAULT_NAME, "Post Zanzibar-Marker")
    set_setting(conn, "numbers", {"days": 7, "list": [1, 2]})
    set_setting(conn, VAULT_NAME, "Post Zanzibar-Marker 2")
    vault.lock()
    with open_vault(vault_dir, PASSPHRASE) as again:
        assert get_setting(again.connection, VAULT_NAME) == "Post Zanzibar-Marker 2"
        assert get_setting(again.connection, "numbers") == {"days": 7, "list": [1, 2]}
        delete_setting(again.connection, "numbers")
        assert get_setting(again.connection, "numbers", 0) == 0
    assert files_containing(vault_dir, "Zanzibar-Marker") == []


def test_joins_an_open_transaction(vault) -> None:
    migrate(vault.connection)
    conn = vault.connection
    with pytest.raises(RuntimeError), transaction(conn):
        set_setting(conn, "k", 1)
        raise RuntimeError("roll back")
    assert get_setting(conn, "k") is None
    with transaction(conn):
        set_setting(conn, "k", 2)
    assert get_setting(conn, "k") == 2
