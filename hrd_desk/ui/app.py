"""The application shell: Qt set-up, language, unlock ↔ main window, locking, clean exit.

Start sequence of :func:`run_gui` (``hrd-desk`` without a sub-command; the process was hardened
by the CLI entry point first):

1. high-DPI policy, then the ``QApplication`` (Fusion style, the system's palette);
2. the language — ours (gettext), Qt's catalogs, ``QLocale.setDefault``, and the layout direction
   (right-to-left for Arabic) — before any widget exists;
3. the unlock window; unlocking opens (and migrates) the vault in a worker;
4. the main window for that session; the idle watcher and the OS lock signals start;
5. lock → every window's content destroyed, workers joined, vault locked, unlock window again;
6. quit → the same, then the workers' pool is joined.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from hrd_desk.crypto.device import DeviceKeyring
from hrd_desk.crypto.vault import Vault
from hrd_desk.i18n import current_language
from hrd_desk.paths import resources_dir
from hrd_desk.ui.clipboard import DEFAULT_TIMEOUT_MS, ClipboardGuard
from hrd_desk.ui.language import QtLanguage
from hrd_desk.ui.locking import IdleWatcher, SystemLockMonitor, close_other_windows
from hrd_desk.ui.main_window import SEARCH_DEBOUNCE_MS, MainWindow
from hrd_desk.ui.preferences import Preferences
from hrd_desk.ui.sections import SectionRegistry, default_registry
from hrd_desk.ui.session import Session
from hrd_desk.ui.unlock import UnlockWindow
from hrd_desk.ui.workers import Workers


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Must precede the QApplication: fractional scale factors (150 %) without rounding blur.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("hrd-desk")
    app.setOrganizationName("hrd-desk")
    app.setStyle("Fusion")
    # Packaging (issue 11): the icon for window lists, and the .desktop file's name, which
    # Wayland compositors use to find that icon (packaging/linux/hrd-desk.desktop).
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("hrd-desk")
    return app


def app_icon() -> QIcon:
    icon = QIcon()
    for png in sorted((resources_dir() / "icons").glob("hrd-desk-*.png")):
        icon.addFile(str(png))
    return icon


class AppShell(QObject):
    """Owns the windows of one app run and moves between *locked* and *unlocked*."""

    locked = Signal(str)  # the reason: "user", "idle", "screensaver", "suspend"…
    unlocked = Signal()

    def __init__(
        self,
        app: QApplication,
        prefs: Preferences | None = None,
        *,
        vault_path: str | Path | None = None,
        lang: str | None = None,
        registry: SectionRegistry | None = None,
        keyring: DeviceKeyring | None = None,
        idle_timeout_ms: int | None = None,
        clipboard_timeout_ms: int = DEFAULT_TIMEOUT_MS,
        search_debounce_ms: int = SEARCH_DEBOUNCE_MS,
        watch_system: bool = True,
        lock_monitor: SystemLockMonitor | None = None,
    ) -> None:
        super().__init__()
        self.app = app
        self.prefs = prefs or Preferences()
        self.registry = registry or default_registry()
        self.keyring = keyring
        self.language = QtLanguage(app)
        self.language.apply(lang or self.prefs.language or current_language())
        self.workers = Workers(self)
        self.clipboard = ClipboardGuard(self, timeout_ms=clipboard_timeout_ms)
        self._idle_override = idle_timeout_ms
        self.idle = IdleWatcher(self._idle_ms(), self)
        self.idle.idle.connect(lambda: self.lock("idle"))
        self.idle.quickLock.connect(lambda: self.lock("user"))
        self.monitor = lock_monitor or SystemLockMonitor(self)
        self.monitor.lockRequested.connect(self.lock)
        if watch_system:
            self.monitor.start()
        self._search_debounce_ms = search_debounce_ms
        self._initial_path = vault_path
        self.vault: Vault | None = None
        self.session: Session | None = None
        self.main_window: MainWindow | None = None
        self.unlock_window: UnlockWindow | None = None
        #: Where to return after unlocking: (vault folder, section key, section location).
        self._resume: tuple[Path, str | None, object | None] | None = None
        app.aboutToQuit.connect(self.shutdown)

    def _idle_ms(self) -> int:
        if self._idle_override is not None:
            return self._idle_override
        return self.prefs.idle_minutes * 60_000

    @property
    def is_locked(self) -> bool:
        return self.vault is None

    # -- unlock window ------------------------------------------------------------------------
    def start(self) -> None:
        self.show_unlock(self._initial_path)

    def show_unlock(self, vault_path: str | Path | None = None) -> UnlockWindow:
        old = self.unlock_window
        window = UnlockWindow(self.prefs, self.workers, vault_path=vault_path, keyring=self.keyring)
        window.unlocked.connect(self._on_unlocked)
        window.languageChangeRequested.connect(self.change_language)
        self.unlock_window = window
        window.show()
        window.raise_()
        window.activateWindow()
        window.passphrase.setFocus()
        if old is not None:
            old.replace()
        return window

    def _on_unlocked(self, vault: Vault) -> None:
        if self.vault is not None:  # a second unlock raced the first: keep one
            vault.lock()
            return
        self.vault = vault
        self.prefs.add_recent_vault(vault.folder)
        self.session = Session(
            vault,
            prefs=self.prefs,
            workers=self.workers,
            clipboard=self.clipboard,
            registry=self.registry,
            keyring=self.keyring,
            # A backup holds idle auto-lock off until it ends (IdleWatcher.hold).
            idle_hold=self.idle.hold,
            parent=self,
        )
        self.session.lockRequested.connect(lambda: self.lock("user"))
        self.session.languageChangeRequested.connect(self.change_language)
        self.session.preferencesChanged.connect(self._preferences_changed)
        resume = self._resume
        self._resume = None
        location = resume[1:] if resume and resume[0] == vault.folder else None
        # The countdown starts first, so the status bar never shows "locks in 0:00".
        self.idle.set_timeout_ms(self._idle_ms())
        self.idle.start()
        self._build_main_window(location)
        if self.unlock_window is not None:
            self.unlock_window.replace()
            self.unlock_window = None
        self.unlocked.emit()

    def _build_main_window(self, location: tuple[str | None, object | None] | None) -> None:
        assert self.session is not None
        window = MainWindow(
            self.session,
            self.registry,
            lock_remaining_ms=self.idle.remaining_ms,
            search_debounce_ms=self._search_debounce_ms,
        )
        window.lockRequested.connect(lambda: self.lock("user"))
        geometry = self.prefs.main_window_geometry()
        if geometry is not None:
            window.restoreGeometry(geometry)
        if location is not None:
            window.restore_location(*location)
        self.main_window = window
        window.show()
        window.raise_()
        window.activateWindow()

    def _preferences_changed(self) -> None:
        self.idle.set_timeout_ms(self._idle_ms())

    # -- locking ------------------------------------------------------------------------------
    def lock(self, reason: str = "user") -> None:
        """Hide and destroy every window's content, join the workers, lock the vault, and show
        the unlock window. Unlocking the same vault returns to the same section and place."""
        if self.vault is None:
            return
        vault = self.vault
        self.idle.stop()
        window = self.main_window
        if window is not None:
            self._resume = (vault.folder, *window.location())
            self.prefs.set_main_window_geometry(window.saveGeometry())
            window.close_sections()
        self.workers.shutdown()
        self.clipboard.clear_now()
        # The unlock window first: the app must never be without a visible window.
        unlock = self.show_unlock(vault.folder)
        close_other_windows(keep=unlock)
        self.main_window = None
        if self.session is not None:
            self.session.close()
            self.session.deleteLater()
            self.session = None
        self.vault = None
        vault.lock()
        self.locked.emit(reason)

    # -- language -----------------------------------------------------------------------------
    def change_language(self, lang: str) -> None:
        """Apply *lang* and rebuild the windows in it (the same screen comes back)."""
        lang = self.language.apply(lang)
        self.prefs.language = lang
        if self.vault is not None and self.main_window is not None:
            old = self.main_window
            location = old.location()
            self.prefs.set_main_window_geometry(old.saveGeometry())
            old.close_sections()
            self._build_main_window(location)
            old.hide()
            old.deleteLater()
        elif self.unlock_window is not None:
            self.show_unlock(self.unlock_window.selected_vault())

    # -- quitting -----------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Join every worker and lock the vault (connected to ``aboutToQuit``)."""
        self.idle.stop()
        if self.main_window is not None:
            self.prefs.set_main_window_geometry(self.main_window.saveGeometry())
            self.main_window.close_sections()
        self.workers.shutdown()
        self.clipboard.clear_now()
        if self.session is not None:
            self.session.close()
        if self.vault is not None:
            self.vault.lock()
            self.vault = None
        self.prefs.sync()


def run_gui(vault: str | None, lang: str | None) -> int:
    """The desktop app; returns the process exit code."""
    app = create_application()
    prefs = Preferences()
    shell = AppShell(app, prefs, vault_path=vault, lang=lang)
    shell.start()
    _smoke_test_hook(app, shell)
    code = app.exec()
    shell.shutdown()
    return int(code)


def _smoke_test_hook(app: QApplication, shell: AppShell) -> None:
    """For packaging/smoke_test.py only (issue 11): ``HRD_DESK_SMOKE_QUIT_MS=N`` quits N ms after
    start-up, through the normal quit path; ``HRD_DESK_SMOKE_SHOT=FILE.png`` first saves a picture
    of the unlock window (never the main window: it would hold case data). Unset: nothing."""
    delay = os.environ.get("HRD_DESK_SMOKE_QUIT_MS")
    if not delay:
        return
    shot = os.environ.get("HRD_DESK_SMOKE_SHOT")

    def finish() -> None:
        if shot and shell.unlock_window is not None:
            shell.unlock_window.grab().save(shot)
        app.quit()

    QTimer.singleShot(int(delay), finish)
