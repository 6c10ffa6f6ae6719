"""Helpers for GUI tests: read what a person could see, click, flush deferred deletes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QWidget


def flush_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def visible_texts(widget: QWidget) -> list[str]:
    """Every text a person could read in *widget* and its visible descendants."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QTabWidget,
        QTextEdit,
    )

    texts: list[str] = []
    for w in [widget, *widget.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLineEdit):
            texts += [w.text(), w.placeholderText()]
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            texts.append(w.toPlainText())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        texts += [w.windowTitle(), w.toolTip(), w.accessibleName()]
    return [t for t in texts if t]


def all_widget_texts() -> list[str]:
    texts: list[str] = []
    for top in QApplication.topLevelWidgets():
        if top.isVisible():
            texts += visible_texts(top)
    return texts


def click(widget: QWidget) -> None:
    from PySide6.QtTest import QTest

    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def widgets_with_text(marker: str) -> list[QWidget]:
    """Every live widget (shown or not) whose text holds *marker*."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    found = []
    for w in QApplication.allWidgets():
        if isinstance(w, QLabel | QLineEdit) and marker in w.text():
            found.append(w)
    return found


def unlock(qtbot, shell, passphrase: str) -> None:
    """Type the passphrase into the shell's unlock window and wait for the main window."""
    window = shell.unlock_window
    window.passphrase.setText(passphrase)
    with qtbot.waitSignal(shell.unlocked, timeout=10_000, raising=False) as blocker:
        window.unlock()
    assert blocker.signal_triggered, f"not unlocked: {window.error.text()!r}"
    qtbot.waitExposed(shell.main_window)


#: Stands for case text (a defender's name) inside a section.
MARKER = "Marker-Defender-Zq7"


class MarkerSection(QWidget):
    """A stand-in for a case screen: shows MARKER and has a location."""

    closed: list[bool] = []

    def __init__(self, session: object) -> None:
        from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout

        super().__init__()
        self.edit = QLineEdit(MARKER, self)
        self.label = QLabel(f"Name: {MARKER}", self)
        box = QVBoxLayout(self)
        box.addWidget(self.label)
        box.addWidget(self.edit)
        self.record_id = 42
        self.restored: list[object] = []

    def section_location(self) -> object:
        return {"record": self.record_id}

    def restore_section_location(self, location: object) -> None:
        self.restored.append(location)
        if isinstance(location, dict):
            self.record_id = location["record"]

    def close_section(self) -> None:
        MarkerSection.closed.append(True)


def shell_registry():
    """The shell's own sections only (placeholders + Settings), whatever other screens are
    plugged into SECTION_MODULES: these tests are about the shell."""
    from hrd_desk.ui.sections import default_registry

    return default_registry(modules=("hrd_desk.ui.settings",))


def marker_registry():
    from hrd_desk.i18n import N_
    from hrd_desk.ui.sections import DEFENDERS

    registry = shell_registry()
    registry.register_section(DEFENDERS, N_("Defenders"), MarkerSection)
    return registry
