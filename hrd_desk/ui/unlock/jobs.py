"""The work behind the unlock screens, as plain functions run in a worker (no Qt here).

Each returns an open, migrated vault; the vault's main connection is made in the worker thread
and used by the GUI thread afterwards, one after the other (the connection allows it, see
``keyed_connection``). If anything fails after the vault opened, it is locked again.
"""

from __future__ import annotations

from pathlib import Path

from hrd_desk.cases import settings as vault_settings
from hrd_desk.cases.schema import migrate
from hrd_desk.crypto import keyslots
from hrd_desk.crypto.device import DeviceKeyring
from hrd_desk.crypto.vault import (
    Vault,
    create_vault,
    header_path,
    open_vault,
    open_vault_with_recovery_key,
    recover,
)


def _ready(vault: Vault) -> Vault:
    try:
        migrate(vault.connection)
    except BaseException:
        vault.lock()
        raise
    return vault


def open_with_passphrase(
    folder: Path | str, passphrase: str, keyring: DeviceKeyring | None = None
) -> Vault:
    return _ready(open_vault(folder, passphrase, keyring))


def recover_and_open(folder: Path | str, recovery_text: str, new_passphrase: str) -> Vault:
    recover(folder, recovery_text, new_passphrase)
    return _ready(open_vault_with_recovery_key(folder, recovery_text))


def create_named(folder: Path | str, passphrase: str, name: str) -> tuple[Vault, str]:
    """A new vault with its name in the encrypted settings; returns it and its recovery key."""
    vault, recovery_key = create_vault(folder, passphrase)
    _ready(vault)
    try:
        if name:
            vault_settings.set_setting(vault.connection, vault_settings.VAULT_NAME, name)
    except BaseException:
        vault.lock()
        raise
    return vault, recovery_key


def is_demo_vault(folder: Path | str) -> bool:
    """The header's demo flag, read without a key (a hint for the unlock screen only: the flag
    is authenticated when the vault opens)."""
    try:
        header, _signed, _tag = keyslots.read_header(header_path(Path(folder)))
    except Exception:  # not a vault, unreadable, damaged: no hint
        return False
    return bool(header.demo)
