"""One unlocked period: the open vault and the app services a section may use.

A :class:`Session` is created when the vault is unlocked and closed when it locks; sections get
it from their factory and must not keep anything from it beyond the lock (register a close hook
to drop models and caches).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from hrd_desk.cases import settings as vault_settings
from hrd_desk.cases.store import Store
from hrd_desk.crypto.device import DeviceKeyring
from hrd_desk.crypto.vault import Vault

if TYPE_CHECKING:
    from hrd_desk.ui.clipboard import ClipboardGuard
    from hrd_desk.ui.preferences import Preferences
    from hrd_desk.ui.sections import SectionRegistry
    from hrd_desk.ui.workers import Workers


class Session(QObject):
    #: A section asks the app to lock now.
    lockRequested = Signal()
    #: The language setting changed; the app rebuilds its windows in that language.
    languageChangeRequested = Signal(str)
    #: An app preference changed (e.g. the auto-lock delay).
    preferencesChanged = Signal()
    #: A vault setting changed (its key), e.g. the vault name shown in the status bar.
    vaultSettingChanged = Signal(str)

    def __init__(
        self,
        vault: Vault,
        *,
        prefs: Preferences,
        workers: Workers,
        clipboard: ClipboardGuard,
        registry: SectionRegistry,
        keyring: DeviceKeyring | None = None,
        idle_hold: Callable[[], Callable[[], None]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        #: The app's IdleWatcher.hold (see hold_idle_lock); None without an app shell.
        self._idle_hold = idle_hold
        self.vault = vault
        self.prefs = prefs
        self.workers = workers
        self.clipboard = clipboard
        self.registry = registry
        #: The OS keyring for "bind to this computer" (None: the system's, found when needed).
        self.keyring = keyring
        self._close_hooks: list[Callable[[], None]] = []
        self._store: Store | None = None
        self.closed = False

    # -- the case store (main-thread connection) -----------------------------------------------
    @property
    def store(self) -> Store:
        """Repositories on the main connection. Workers open their own with
        ``Store(vault.connect())`` and release it when done."""
        if self._store is None:
            if self.closed:
                raise RuntimeError("the session is closed (vault locked)")
            self._store = Store.open(self.vault)
        return self._store

    # -- vault settings (main-thread connection; small and fast) -------------------------------
    def setting(self, key: str, default: Any = None) -> Any:
        return vault_settings.get_setting(self.vault.connection, key, default)

    def set_setting(self, key: str, value: Any) -> None:
        vault_settings.set_setting(self.vault.connection, key, value)
        self.vaultSettingChanged.emit(key)

    @property
    def vault_name(self) -> str:
        """The post's name, or the folder's name when none was given."""
        name = self.setting(vault_settings.VAULT_NAME, "")
        return str(name) if name else self.vault.folder.name

    def device_keyring(self) -> DeviceKeyring:
        if self.keyring is None:
            self.keyring = DeviceKeyring()
        return self.keyring

    def hold_idle_lock(self) -> Callable[[], None]:
        """Keep idle auto-lock waiting while a job that must not be cut runs (a backup);
        call the returned function when it ends. Ctrl+L and the OS locking still lock."""
        return self._idle_hold() if self._idle_hold is not None else (lambda: None)

    # -- life cycle ---------------------------------------------------------------------------
    def add_close_hook(self, hook: Callable[[], None]) -> None:
        """*hook* runs when the vault locks, before the connection closes (drop models here)."""
        self._close_hooks.append(hook)

    def close(self) -> None:
        hooks, self._close_hooks = self._close_hooks, []
        for hook in reversed(hooks):
            with contextlib.suppress(Exception):  # one failing hook must not stop the lock
                hook()
        self._store = None
        self.closed = True
