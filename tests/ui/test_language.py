"""Languages: Arabic mirrors every window; every string of ours goes through _() (pseudo-locale);
the language selector rebuilds the windows in the chosen language."""

from __future__ import annotations

import gettext
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTabWidget,
    QWidget,
)

from hrd_desk import i18n
from hrd_desk.ui.sections import SETTINGS
from hrd_desk.ui.unlock.window import UnlockWindow
from hrd_desk.ui.widgets import DATA_PROPERTY
from tests.conftest import PASSPHRASE
from tests.ui.helpers import unlock
from tests.ui.test_unlock import make_vault

RTL = Qt.LayoutDirection.RightToLeft


def test_cli_lang_ar_gives_a_right_to_left_app(qtbot, vault_dir: Path) -> None:
    """The real entry point: ``hrd-desk --lang ar --vault DIR``."""
    from hrd_desk.cli import main

    make_vault(vault_dir)
    seen: dict[str, object] = {}

    def look_and_quit() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, UnlockWindow)]
        window = next(w for w in windows if w.isVisible())
        seen["rtl"] = window.isRightToLeft()
        seen["vault"] = window.selected_vault()
        seen["qt"] = QCoreApplication.translate("QPlatformTheme", "Cancel")
        seen["locale"] = QLocale().name()
        # hide(), not close(): closing the last window inside exec() leaves a Quit behind
        # that would stop every later test's event loop.
        window.hide()
        QApplication.instance().quit()

    QTimer.singleShot(0, look_and_quit)
    umask = os.umask(0o022)
    try:
        assert main(["--lang", "ar", "--vault", str(vault_dir)]) == 0
    finally:
        os.umask(umask)
    assert seen["rtl"] is True
    assert seen["vault"] == str(vault_dir)
    assert seen["qt"] != "Cancel"  # Qt's own strings come from its Arabic catalog
    assert str(seen["locale"]).startswith("ar")


def test_arabic_main_window_is_mirrored(qtbot, make_shell, vault_dir: Path) -> None:
    make_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir, lang="ar")
    assert QApplication.layoutDirection() == RTL
    assert shell.unlock_window.layoutDirection() == RTL
    unlock(qtbot, shell, PASSPHRASE)
    window = shell.main_window
    assert window.layoutDirection() == RTL
    assert window.isRightToLeft()
    # The navigation sits on the right, the section to its left.
    nav = window.nav.mapTo(window, window.nav.rect().topLeft())
    stack = window.stack.mapTo(window, window.stack.rect().topLeft())
    assert nav.x() > stack.x()


def test_language_selector_rebuilds_the_unlock_window(qtbot, make_shell, vault_dir: Path) -> None:
    make_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir, lang="en")
    old = shell.unlock_window
    assert not old.isRightToLeft()
    index = old.language.findData("ar")
    old.language.setCurrentIndex(index)
    old.language.activated.emit(index)
    new = shell.unlock_window
    assert new is not old
    assert new.isRightToLeft()
    assert i18n.current_language() == "ar"
    assert shell.prefs.language == "ar"
    assert new.selected_vault() == str(vault_dir)
    assert new.language.currentData() == "ar"


def test_settings_language_rebuilds_the_main_window(qtbot, make_shell, vault_dir: Path) -> None:
    make_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir, lang="en")
    unlock(qtbot, shell, PASSPHRASE)
    old = shell.main_window
    settings = old.show_section(SETTINGS)
    index = settings.language.findData("ar")
    settings.language.setCurrentIndex(index)
    settings.language.activated.emit(index)
    new = shell.main_window
    assert new is not old and new.isRightToLeft()
    assert new.current_section_key() == SETTINGS
    assert not shell.is_locked


# -- every string through _() ---------------------------------------------------------------


class Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"⟦{singular if n == 1 else plural}⟧"

    def pgettext(self, context: str, message: str) -> str:
        return f"⟦{message}⟧"


#: Qt's own texts (from Qt's catalogs, not ours).
_QT_OWNED = {
    "&Next >",
    "< &Back",
    "Cancel",
    "&Finish",
    "OK",
    "&OK",
    "&Cancel",
    "Help",
    "&Help",
    "Scroll Left",
    "Scroll Right",
}


def _is_data(widget: QWidget) -> bool:
    w: QWidget | None = widget
    while w is not None:
        if w.property(DATA_PROPERTY):
            return True
        w = w.parentWidget()
    return False


def _texts(widget: QWidget) -> list[tuple[str, str]]:
    found = []
    for w in [widget, *widget.findChildren(QWidget)]:
        if _is_data(w) or w.objectName().startswith("qt_"):
            continue
        texts = [w.toolTip(), w.accessibleName()]
        if w.isWindow():
            texts.append(w.windowTitle())
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            texts += [w.item(i).text() for i in range(w.count())]
        found += [
            (type(w).__name__, t)
            for t in texts
            if any(c.isalpha() for c in t) and t not in _QT_OWNED  # Qt's own, from its catalogs
        ]
    return found


def _untranslated(widget: QWidget) -> list[tuple[str, str]]:
    return [(kind, text) for kind, text in _texts(widget) if "⟦" not in text]


@pytest.fixture
def pseudo() -> None:
    i18n.use_translations("en", Pseudo())


def test_every_visible_string_is_translatable(qtbot, make_shell, vault_dir: Path) -> None:
    make_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir, lang="en")
    i18n.use_translations("en", Pseudo())
    unlock_window = shell.show_unlock(vault_dir)
    checked = _texts(unlock_window)
    assert len(checked) > 10
    assert _untranslated(unlock_window) == []

    unlock_window.create_vault()
    wizard = unlock_window.wizard
    assert _untranslated(wizard) == []
    wizard.close()

    unlock_window.use_recovery_key()
    assert _untranslated(unlock_window.recovery_dialog) == []
    unlock_window.recovery_dialog.close()

    unlock(qtbot, shell, PASSPHRASE)
    window = shell.main_window
    for key in [spec.key for spec in shell.registry.navigation()]:
        window.show_section(key)
    assert _untranslated(window) == []
    settings = window.section_widget(SETTINGS)
    settings._change_passphrase()
    dialogs = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    assert dialogs and all(_untranslated(d) == [] for d in dialogs)
