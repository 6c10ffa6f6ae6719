"""The optional device binding: unavailable without a native keyring, never an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrd_desk.crypto import errors
from hrd_desk.crypto.device import DeviceKeyring
from hrd_desk.crypto.vault import create_vault, open_vault, open_vault_with_recovery_key, recover
from tests.conftest import PASSPHRASE


class MemoryKeyring:
    """Stands in for a native OS keyring (Secret Service, Keychain...)."""

    priority = 5
    hrd_desk_native = True

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, user: str, password: str) -> None:
        self.items[(service, user)] = password

    def get_password(self, service: str, user: str) -> str | None:
        return self.items.get((service, user))

    def delete_password(self, service: str, user: str) -> None:
        self.items.pop((service, user), None)


class PlaintextFileKeyring:
    """What keyrings.alt would silently give us: must count as unavailable."""

    __module__ = "keyrings.alt.file"
    priority = 0.5


def test_no_backend_everything_works_and_option_unavailable(vault_dir: Path) -> None:
    ring = DeviceKeyring()  # conftest forces keyring's "fail" backend, like a bare server
    assert not ring.available
    assert "Unavailable" in ring.status_text()
    vault, _ = create_vault(vault_dir, PASSPHRASE)
    vault.connection.execute("CREATE TABLE t(x)")
    vault.lock()
    with open_vault(vault_dir, PASSPHRASE) as v:
        assert v.connection.execute("SELECT count(*) FROM t").fetchone() == (0,)
        with pytest.raises(errors.KeyringUnavailable):
            v.bind_to_device(PASSPHRASE, ring)
    assert not open_vault(vault_dir, PASSPHRASE).header.device_bound


def test_plaintext_keyring_is_not_accepted() -> None:
    assert not DeviceKeyring(PlaintextFileKeyring()).available


def test_bound_vault_needs_the_device_secret(vault_dir: Path) -> None:
    ring = DeviceKeyring(MemoryKeyring())
    assert ring.available
    vault, rk = create_vault(vault_dir, PASSPHRASE)
    vault.bind_to_device(PASSPHRASE, ring)
    vault.lock()
    open_vault(vault_dir, PASSPHRASE, keyring=ring).lock()
    # Copied to another computer (no secret there): the passphrase alone is not enough.
    with pytest.raises(errors.DeviceKeyMissing):
        open_vault(vault_dir, PASSPHRASE, keyring=DeviceKeyring(MemoryKeyring()))
    with pytest.raises(errors.DeviceKeyMissing):
        open_vault(vault_dir, PASSPHRASE)  # no keyring at all
    # The recovery key never depends on the device, and recovery unbinds.
    open_vault_with_recovery_key(vault_dir, rk).lock()
    recover(vault_dir, rk, "new laptop passphrase")
    open_vault(vault_dir, "new laptop passphrase").lock()


def test_unbind(vault_dir: Path) -> None:
    backend = MemoryKeyring()
    ring = DeviceKeyring(backend)
    vault, _ = create_vault(vault_dir, PASSPHRASE)
    vault.bind_to_device(PASSPHRASE, ring)
    assert backend.items
    vault.unbind_from_device(PASSPHRASE, ring)
    vault.lock()
    assert not backend.items
    open_vault(vault_dir, PASSPHRASE).lock()
