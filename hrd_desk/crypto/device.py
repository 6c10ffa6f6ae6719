"""Optional "bind this vault to this computer": a device secret in the OS keyring.

The secret is mixed into the passphrase slot (HKDF salt), so a copied vault folder cannot be
attacked off this machine with the passphrase alone. The recovery slot never depends on it:
moving to a new laptop means using the recovery key.

Only native keyrings count (Windows Credential Manager, macOS Keychain, Secret Service/libsecret,
KWallet). With none, ``keyring`` either raises or — if ``keyrings.alt`` is installed — silently
writes a *plaintext* file; we treat both as "unavailable", never as an error.
"""

from __future__ import annotations

import base64
import contextlib
import secrets
from typing import Any

from hrd_desk.crypto import errors

SERVICE = "hrd-desk"
_NATIVE_MODULES = (
    "keyring.backends.Windows",
    "keyring.backends.macOS",
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
)


def _is_native(backend: Any) -> bool:
    module = type(backend).__module__
    if module.startswith("keyring.backends.chainer"):
        children = getattr(backend, "backends", [])
        return bool(children) and all(_is_native(b) for b in children)
    return module.startswith(_NATIVE_MODULES) or getattr(backend, "hrd_desk_native", False)


class DeviceKeyring:
    """The keyring we may use, or none. Pass a backend in tests; default: the OS's."""

    def __init__(self, backend: Any | None = None) -> None:
        if backend is None:
            try:
                import keyring

                backend = keyring.get_keyring()
            except Exception:  # keyring's discovery raises many types on broken desktops
                backend = None
        self._backend = backend if backend is not None and _is_native(backend) else None

    @property
    def available(self) -> bool:
        if self._backend is None:
            return False
        priority = getattr(type(self._backend), "priority", 1)
        try:
            return float(priority) > 0
        except Exception:  # a backend whose priority check itself fails is not usable
            return False

    def status_text(self) -> str:
        from hrd_desk.i18n import _

        if self.available:
            return _("Available: this computer's keyring can hold the device key.")
        return _("Unavailable: no secure system keyring was found on this computer.")

    def _account(self, vault_id: str) -> str:
        return f"vault:{vault_id}"

    def create_secret(self, vault_id: str) -> bytes:
        if not self.available:
            raise errors.KeyringUnavailable()
        secret = secrets.token_bytes(32)
        self._backend.set_password(
            SERVICE, self._account(vault_id), base64.b64encode(secret).decode()
        )
        return secret

    def load_secret(self, vault_id: str) -> bytes:
        if not self.available:
            raise errors.DeviceKeyMissing()
        try:
            stored = self._backend.get_password(SERVICE, self._account(vault_id))
        except Exception as exc:  # locked or broken keyring: same remedy for the user
            raise errors.DeviceKeyMissing() from exc
        if not stored:
            raise errors.DeviceKeyMissing()
        return base64.b64decode(stored)

    def delete_secret(self, vault_id: str) -> None:
        if self._backend is None:
            return
        with contextlib.suppress(Exception):
            self._backend.delete_password(SERVICE, self._account(vault_id))
