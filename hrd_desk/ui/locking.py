"""When to lock: idle time, the quick-lock shortcut, and the OS locking the screen or suspending.

What locking *does* (hide and destroy every window's content, join the workers, lock the vault,
show the unlock window) is :meth:`hrd_desk.ui.app.AppShell.lock`; this module only raises the
alarm and offers :func:`close_other_windows`.

* :class:`IdleWatcher` — an application-wide event filter: any key, mouse, wheel or touch input
  in any window restarts the countdown; when it runs out, ``idle`` is emitted.
* :class:`SystemLockMonitor` — D-Bus signals, where a bus exists: logind's ``PrepareForSleep``
  (suspend) and ``Lock`` (``loginctl lock-session``), and the screensaver's ``ActiveChanged``
  (freedesktop, GNOME, MATE, Cinnamon, KDE). No bus, no QtDBus, or nobody sending these: nothing
  happens, idle locking still works. Windows and macOS do not tell Qt about a screen lock; there
  the idle timer is the guard.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import (
    QElapsedTimer,
    QEvent,
    QKeyCombination,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QToolTip, QWidget

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` after *timeout_ms* without user input anywhere in the application, and
    ``quickLock`` on Ctrl+L in any window — including a modal dialog, where the main window's
    shortcuts are blocked."""

    idle = Signal()
    quickLock = Signal()

    #: The quick-lock key (ui.md: Ctrl+L; Cmd+L on macOS, where Qt maps Ctrl to Command).
    LOCK_KEY = QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_L)

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self._timed_out)
        self._clock = QElapsedTimer()
        self._installed = False
        # Busy holds (see hold()): how many, whether the idle time ran out meanwhile, and an
        # epoch so that a hold taken before a lock cannot be released into the next session.
        self._holds = 0
        self._expired_while_held = False
        self._epoch = 0

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_timeout_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)
        if self._timer.isActive():
            self.touch()

    @property
    def running(self) -> bool:
        return self._installed

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self.touch()

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
        self._installed = False
        self._timer.stop()
        # Locking joined every job: no hold survives it.
        self._holds = 0
        self._expired_while_held = False
        self._epoch += 1

    def touch(self) -> None:
        """Input happened: start counting again."""
        self._expired_while_held = False
        self._clock.start()
        self._timer.start()

    # -- busy holds: a minimal hook for jobs that must not be cut by auto-lock (a backup) ------
    def hold(self) -> Callable[[], None]:
        """Keep idle locking from firing until the returned function is called (once).

        The lock is deferred, not lost: if the idle time ran out during the hold, ``idle`` is
        emitted when the last hold is released. Only idle locking waits; Ctrl+L and the OS
        locking the screen still lock at once (which cancels and joins the job)."""
        self._holds += 1
        epoch = self._epoch
        released = False

        def release() -> None:
            nonlocal released
            if released or epoch != self._epoch:
                return
            released = True
            self._holds -= 1
            if self._holds == 0 and self._expired_while_held:
                self._expired_while_held = False
                self.idle.emit()

        return release

    @property
    def held(self) -> bool:
        return self._holds > 0

    def _timed_out(self) -> None:
        if self._holds:
            self._expired_while_held = True
            return
        self.idle.emit()

    def remaining_ms(self) -> int:
        if not self._timer.isActive():
            return 0
        return max(0, self._timer.interval() - int(self._clock.elapsed()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Called for every event in the app: one set lookup when nothing happens.
        kind = event.type()
        if kind in _INPUT_EVENTS:
            self.touch()
            if (
                kind == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.keyCombination() == self.LOCK_KEY
            ):
                self.quickLock.emit()
                return True
        return False


class SystemLockMonitor(QObject):
    """Emits ``lockRequested(reason)`` when the OS says the screen locks or the machine sleeps."""

    lockRequested = Signal(str)

    _SCREENSAVER_INTERFACES = (
        "org.freedesktop.ScreenSaver",
        "org.gnome.ScreenSaver",
        "org.mate.ScreenSaver",
        "org.cinnamon.ScreenSaver",
    )

    def __init__(self, parent: QObject | None = None, *, session_bus=None, system_bus=None):
        super().__init__(parent)
        self._session_bus = session_bus
        self._system_bus = system_bus
        self.sources: list[str] = []

    def start(self) -> list[str]:
        """Subscribe to whatever is reachable; returns what was subscribed (for diagnostics)."""
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return []
        session = self._session_bus or QDBusConnection.sessionBus()
        system = self._system_bus or QDBusConnection.systemBus()
        if session.isConnected():
            for interface in self._SCREENSAVER_INTERFACES:
                # Any sender and path: screensavers live under many names, and a spoofed
                # signal can only lock the app.
                if self._connect(
                    session, "", "", interface, "ActiveChanged", "onScreenSaver(bool)"
                ):
                    self.sources.append(interface)
        if system.isConnected():
            if self._connect(
                system,
                "org.freedesktop.login1",
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager",
                "PrepareForSleep",
                "onPrepareForSleep(bool)",
            ):
                self.sources.append("login1.PrepareForSleep")
            if self._connect(
                system,
                "org.freedesktop.login1",
                "",
                "org.freedesktop.login1.Session",
                "Lock",
                "onSessionLock()",
            ):
                self.sources.append("login1.Session.Lock")
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_application_state)
        return self.sources

    def _connect(self, bus, service: str, path: str, interface: str, name: str, slot: str) -> bool:
        from PySide6.QtCore import SLOT

        try:
            # PySide6 takes the SLOT() string here (its stub says bytes; bytes are refused).
            return bool(bus.connect(service, path, interface, name, self, SLOT(slot)))
        except (TypeError, ValueError):
            return False

    @Slot(bool)
    def onScreenSaver(self, active: bool) -> None:
        if active:
            self.lockRequested.emit("screensaver")

    @Slot(bool)
    def onPrepareForSleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.lockRequested.emit("suspend")

    @Slot()
    def onSessionLock(self) -> None:
        self.lockRequested.emit("session-lock")

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        # Only mobile-style platforms report Suspended; on desktops this never fires.
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.lockRequested.emit("suspend")


def close_other_windows(keep: QWidget | None = None) -> None:
    """Close popups, tooltips, dialogs and every visible top-level window except *keep*, and
    schedule them for deletion, so no widget keeps case text. Hidden at once, destroyed on the
    next event-loop turn (a widget may be in the middle of delivering the very key press that
    locks). Windows a section keeps hidden must have a parent in the main window (destroyed with
    it)."""
    QToolTip.hideText()
    while (popup := QApplication.activePopupWidget()) is not None:
        popup.close()
        if QApplication.activePopupWidget() is popup:
            break
    for widget in QApplication.topLevelWidgets():
        if widget is keep or not widget.isVisible():
            continue
        if widget.windowType() == Qt.WindowType.ToolTip:
            continue
        if isinstance(widget, QDialog):
            # Ends a running exec() loop; callers must not rely on the dialog afterwards.
            widget.reject()
        widget.hide()
        with contextlib.suppress(RuntimeError):  # already deleted on the C++ side
            widget.deleteLater()
