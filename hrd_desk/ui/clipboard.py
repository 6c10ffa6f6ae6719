"""Copying a sensitive field: the clipboard is cleared after a while if it still holds that text.

The officer may copy a phone number into a messenger; the number must not sit in the clipboard
(or in a clipboard manager's history) for the rest of the day. We clear it after 30 s — only if
it still holds what we put there, so nothing the officer copied since is lost — and on lock.
KDE's Klipper and similar managers honour the ``x-kde-passwordManagerHint`` hint and keep no
history of it; other managers may. Linux's *primary selection* (select-to-paste) is outside our
control.
"""

from __future__ import annotations

import atexit
import contextlib
import weakref

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QClipboard, QGuiApplication, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit

from hrd_desk.i18n import _

DEFAULT_TIMEOUT_MS = 30_000
_SECRET_HINT = "x-kde-passwordManagerHint"  # noqa: S105 - a MIME type name


#: Every guard alive, so what they put in the clipboard is taken out when the app exits.
_GUARDS: weakref.WeakSet[ClipboardGuard] = weakref.WeakSet()


@atexit.register
def _clear_at_exit() -> None:
    """Take our text out of the clipboard before the interpreter goes away.

    Besides the privacy reason, Qt frees the clipboard's contents in a C++ static destructor
    that runs after Python has finalized; if that is a QMimeData made here, shiboken then calls
    into a dead interpreter and the process dies with SIGSEGV.
    """
    for guard in list(_GUARDS):
        with contextlib.suppress(RuntimeError):  # the C++ side is already gone
            guard.clear_now(force=True)
    # A guard may have been garbage-collected while its data stayed in the clipboard: anything
    # carrying our secret hint is ours.
    if QGuiApplication.instance() is not None:
        with contextlib.suppress(RuntimeError):
            clipboard = QGuiApplication.clipboard()
            data = clipboard.mimeData(QClipboard.Mode.Clipboard)
            if data is not None and data.hasFormat(_SECRET_HINT):
                clipboard.clear(QClipboard.Mode.Clipboard)


class ClipboardGuard(QObject):
    copied = Signal()
    cleared = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
        clipboard: QClipboard | None = None,
    ) -> None:
        super().__init__(parent)
        self._clipboard = clipboard or QGuiApplication.clipboard()
        self._text: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.clear_now)
        self._data: QMimeData | None = None
        _GUARDS.add(self)

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    @timeout_ms.setter
    def timeout_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def copy(self, text: str) -> None:
        """Put *text* in the clipboard; it is taken out again after the timeout."""
        data = QMimeData()
        data.setText(text)
        data.setData(_SECRET_HINT, b"secret")
        self._clipboard.setMimeData(data, QClipboard.Mode.Clipboard)
        self._data = data
        self._text = text
        self._timer.start()
        self.copied.emit()

    def clear_now(self, *, force: bool = False) -> None:
        """Clear the clipboard if it still holds our text (called on timeout and on lock).

        *force* (at exit): also when the text matches no more but our QMimeData is still the
        clipboard's, so Qt never has to free a Python-made object after Python is gone."""
        self._timer.stop()
        text, self._text = self._text, None
        data, self._data = self._data, None
        ours = text is not None and self._clipboard.text(QClipboard.Mode.Clipboard) == text
        if force and data is not None and self._clipboard.mimeData() is data:
            ours = True
        if ours:
            self._clipboard.clear(QClipboard.Mode.Clipboard)
            self.cleared.emit()


class _GuardedCopy(QObject):
    """Routes Ctrl+C (and Ctrl+X) in a line edit through the guard."""

    def __init__(self, edit: QLineEdit, guard: ClipboardGuard) -> None:
        super().__init__(edit)
        self.edit = edit
        self.guard = guard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent) or not (
            event.matches(QKeySequence.StandardKey.Copy)
            or event.matches(QKeySequence.StandardKey.Cut)
        ):
            return False
        # ShortcutOverride: claim the key so it arrives as a KeyPress; KeyPress: copy, guarded.
        event.accept()
        if kind == QEvent.Type.KeyPress:
            self.guard.copy(self.edit.selectedText() or self.edit.text())
            return True
        return False


def guard_copies(edit: QLineEdit, guard: ClipboardGuard) -> QAction:
    """Make *edit* a sensitive field: Ctrl+C goes through *guard*, its context menu has no
    unguarded Copy, and a trailing Copy button copies the whole field."""
    edit.installEventFilter(_GuardedCopy(edit, guard))
    edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    icon = QIcon.fromTheme(QIcon.ThemeIcon.EditCopy)
    action = edit.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
    action.setText(_("Copy"))
    action.setToolTip(_("Copy (taken out of the clipboard again after 30 seconds)"))
    action.triggered.connect(lambda: guard.copy(edit.text()))
    return action
