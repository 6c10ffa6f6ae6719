"""GUI fixtures: settings isolated per test, a shell with short timers, helpers to drive it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from hrd_desk.ui.locking import close_other_windows
from tests.ui.helpers import flush_deletes, shell_registry

#: The offscreen platform cannot raise windows, grab input for popups or pass size hints; it says
#: so as a Qt warning, which is not ours to fix. Every other Qt warning still fails the test.
_OFFSCREEN_LIMITS = (
    r"This plugin does not support "
    r"(raise\(\)|propagateSizeHints\(\)|grabbing the (keyboard|mouse))"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(_OFFSCREEN_LIMITS))


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path, qapp: QApplication) -> Iterator[Path]:
    """Every QSettings file (ours and Qt's QtProject.conf) goes to this test's own folder.

    QSettings caches the user config folder for the whole process, so the per-test HOME of
    tests/conftest.py is not enough: point every format and scope at tmp explicitly.
    """
    config = tmp_path / "qsettings"
    config.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(fmt, scope, str(config))
    locale = QLocale()
    direction = qapp.layoutDirection()
    yield config
    QLocale.setDefault(locale)
    qapp.setLayoutDirection(direction)
    for translator in qapp.findChildren(QTranslator):  # Qt's catalogs installed by a test
        qapp.removeTranslator(translator)
        translator.deleteLater()


@pytest.fixture
def make_shell(qapp: QApplication) -> Iterator[Callable[..., object]]:
    """Build an :class:`AppShell` with short timers and no D-Bus; torn down after the test.
    Unless a registry is given, only the shell's own sections are plugged in."""
    from hrd_desk.ui.app import AppShell
    from hrd_desk.ui.preferences import Preferences

    shells: list[AppShell] = []

    def make(**kwargs: object) -> AppShell:
        kwargs.setdefault("watch_system", False)
        kwargs.setdefault("search_debounce_ms", 20)
        if kwargs.get("registry") is None:
            kwargs["registry"] = shell_registry()
        prefs = kwargs.pop("prefs", None) or Preferences()
        shell = AppShell(qapp, prefs, **kwargs)  # type: ignore[arg-type]
        shells.append(shell)
        shell.start()
        return shell

    yield make
    for shell in shells:
        shell.shutdown()
        shell.language.apply("en")  # removes Qt's translator for the next test
    close_other_windows()
    flush_deletes()
    for shell in shells:
        shell.deleteLater()
    flush_deletes()
