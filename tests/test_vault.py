"""Create, open, lock, change passphrase, recover — and nothing written on a wrong key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hrd_desk.crypto import errors, recovery
from hrd_desk.crypto.vault import (
    change_passphrase,
    create_vault,
    open_vault,
    open_vault_with_recovery_key,
    recover,
)
from tests.conftest import PASSPHRASE
from tests.support.files import snapshot


def _put(vault, text: str) -> None:
    vault.connection.execute("CREATE TABLE IF NOT EXISTS notes(t TEXT)")
    vault.connection.execute("INSERT INTO notes VALUES (?)", (text,))


def _notes(vault) -> list[str]:
    return [r[0] for r in vault.connection.execute("SELECT t FROM notes ORDER BY rowid")]


def test_create_open_roundtrip(vault_dir: Path) -> None:
    vault, rk = create_vault(vault_dir, PASSPHRASE)
    _put(vault, "Amal's threat report")
    vault.lock()
    assert vault.is_locked
    with pytest.raises(errors.VaultLocked):
        vault.connect()
    assert len(rk.split("-")) == recovery.GROUPS
    with open_vault(vault_dir, PASSPHRASE) as again:
        assert _notes(again) == ["Amal's threat report"]
    assert sorted(p.name for p in vault_dir.iterdir()) == ["vault.db", "vault.header"]


def test_create_refuses_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("keep me")
    with pytest.raises(errors.VaultExists):
        create_vault(tmp_path, PASSPHRASE)
    assert (tmp_path / "x").read_text() == "keep me"


def test_wrong_passphrase_writes_nothing(vault_dir: Path) -> None:
    vault, _rk = create_vault(vault_dir, PASSPHRASE)
    _put(vault, "x")
    vault.lock()
    before = snapshot(vault_dir)
    for wrong in ("", "correct horse battery stapl", PASSPHRASE + " ", PASSPHRASE.upper()):
        with pytest.raises(errors.WrongPassphrase):
            open_vault(vault_dir, wrong)
        with pytest.raises(errors.WrongPassphrase):
            change_passphrase(vault_dir, wrong, "a new passphrase here")
    assert snapshot(vault_dir) == before


def test_wrong_recovery_key_writes_nothing(vault_dir: Path) -> None:
    vault, rk = create_vault(vault_dir, PASSPHRASE)
    vault.lock()
    before = snapshot(vault_dir)
    other = recovery.format_recovery_key(recovery.new_recovery_key())
    typo = rk[:-1] + ("0" if rk[-1] != "0" else "1")
    for wrong in (other, typo, "not a key", ""):
        with pytest.raises(errors.WrongPassphrase):
            open_vault_with_recovery_key(vault_dir, wrong)
        with pytest.raises(errors.WrongPassphrase):
            recover(vault_dir, wrong, "a new passphrase here")
    assert snapshot(vault_dir) == before


def test_recovery_key_opens_and_sets_new_passphrase(vault_dir: Path) -> None:
    vault, rk = create_vault(vault_dir, PASSPHRASE)
    _put(vault, "dossier 17")
    vault.lock()
    # Typed back by hand: lower case, spaces instead of dashes, O for 0.
    typed = rk.lower().replace("-", " ").replace("0", "o")
    with open_vault_with_recovery_key(vault_dir, typed) as v:
        assert _notes(v) == ["dossier 17"]
    recover(vault_dir, typed, "brand new passphrase 2026")
    with pytest.raises(errors.WrongPassphrase):
        open_vault(vault_dir, PASSPHRASE)
    with open_vault(vault_dir, "brand new passphrase 2026") as v:
        assert _notes(v) == ["dossier 17"]
    with open_vault_with_recovery_key(vault_dir, rk) as v:  # the recovery key still works
        assert _notes(v) == ["dossier 17"]


def test_passwd_rewrites_only_the_header(vault_dir: Path) -> None:
    vault, _rk = create_vault(vault_dir, PASSPHRASE)
    _put(vault, "ledger line")
    vault.lock()
    db = vault_dir / "vault.db"
    before_db = snapshot(vault_dir)["vault.db"]
    before_stat = os.stat(db)
    change_passphrase(vault_dir, PASSPHRASE, "another good passphrase")
    assert snapshot(vault_dir)["vault.db"] == before_db
    assert os.stat(db).st_mtime_ns == before_stat.st_mtime_ns
    assert os.stat(db).st_ino == before_stat.st_ino
    with pytest.raises(errors.WrongPassphrase):
        open_vault(vault_dir, PASSPHRASE)
    with open_vault(vault_dir, "another good passphrase") as v:
        assert _notes(v) == ["ledger line"]


def test_open_vault_change_passphrase_and_new_recovery_key(vault_dir: Path) -> None:
    vault, old_rk = create_vault(vault_dir, PASSPHRASE)
    vault.change_passphrase("changed while open 123")
    new_rk = vault.new_recovery_key()
    vault.lock()
    assert new_rk != old_rk
    with pytest.raises(errors.WrongPassphrase):
        open_vault_with_recovery_key(vault_dir, old_rk)
    open_vault_with_recovery_key(vault_dir, new_rk).lock()
    open_vault(vault_dir, "changed while open 123").lock()


def test_passphrase_unicode_normalisation(vault_dir: Path) -> None:
    composed = "Çà ñ ü défenseur 2026"
    import unicodedata

    vault, _ = create_vault(vault_dir, composed)
    vault.lock()
    open_vault(vault_dir, unicodedata.normalize("NFD", composed)).lock()


def test_lock_closes_every_connection(vault: object) -> None:
    extra = vault.connect()
    main = vault.connection
    vault.lock()
    import sqlcipher3

    for conn in (extra, main):
        with pytest.raises(sqlcipher3.ProgrammingError):
            conn.execute("SELECT 1")


def test_missing_database_is_reported_not_created(vault_dir: Path) -> None:
    vault, _ = create_vault(vault_dir, PASSPHRASE)
    vault.lock()
    (vault_dir / "vault.db").unlink()
    with pytest.raises(errors.DatabaseCorrupt):
        open_vault(vault_dir, PASSPHRASE)
    assert not (vault_dir / "vault.db").exists()


def test_not_a_vault(tmp_path: Path) -> None:
    with pytest.raises(errors.NotAVault):
        open_vault(tmp_path, PASSPHRASE)
    with pytest.raises(errors.NotAVault):
        open_vault(tmp_path / "missing", PASSPHRASE)
