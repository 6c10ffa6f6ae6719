"""Unlocking key-header bytes held outside a vault folder (what a backup carries)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrd_desk.crypto import errors
from hrd_desk.crypto.vault import (
    create_vault,
    unlock_header_with_passphrase,
    unlock_header_with_recovery_key,
    unlock_with_passphrase,
    unlock_with_recovery_key,
)
from tests.conftest import PASSPHRASE


def test_bytes_and_folder_unlock_give_the_same_key(vault_dir: Path) -> None:
    vault, rk = create_vault(vault_dir, PASSPHRASE)
    expected = bytearray(vault.export_key_for_backup())
    vault.lock()
    raw = (vault_dir / "vault.header").read_bytes()
    for header, key in (
        unlock_header_with_passphrase(raw, PASSPHRASE),
        unlock_header_with_recovery_key(raw, rk),
        unlock_with_passphrase(vault_dir, PASSPHRASE),
        unlock_with_recovery_key(vault_dir, rk),
    ):
        assert key == expected and header.vault_id == vault.vault_id


def test_bytes_unlock_refuses_wrong_secrets_and_damage(vault_dir: Path) -> None:
    vault, _rk = create_vault(vault_dir, PASSPHRASE)
    vault.lock()
    raw = (vault_dir / "vault.header").read_bytes()
    with pytest.raises(errors.WrongPassphrase):
        unlock_header_with_passphrase(raw, PASSPHRASE + "!")
    with pytest.raises(errors.WrongPassphrase):
        unlock_header_with_recovery_key(raw, "0000-0000-0000-0000-0000-0000-0000")
    for pos in (0, len(raw) // 2, len(raw) - 2):
        damaged = bytearray(raw)
        damaged[pos] ^= 0x04
        with pytest.raises(errors.HeaderCorrupt):
            unlock_header_with_passphrase(bytes(damaged), PASSPHRASE)
    with pytest.raises(errors.HeaderCorrupt):
        unlock_header_with_passphrase(raw[:-5], PASSPHRASE)
