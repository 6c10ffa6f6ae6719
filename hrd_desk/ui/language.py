"""The interface language on the Qt side: Qt's own catalogs, the default locale, the direction.

Our strings go through gettext (:mod:`hrd_desk.i18n`); Qt's own dialogs (file dialog, message
box buttons) use its ``qtbase_*.qm`` catalogs shipped with PySide6. Neither the locale nor the
catalogs flip the layout, so the direction is set explicitly; all of it must happen before the
windows are built (a language change rebuilds them).
"""

from __future__ import annotations

from babel import Locale
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from hrd_desk.i18n import LANGUAGES, babel_locale_name, set_language


def endonym(lang: str) -> str:
    """A language's name in itself ("Français", "العربية"): findable without knowing English."""
    try:
        name = Locale.parse(babel_locale_name(lang)).get_display_name(babel_locale_name(lang))
    except (ValueError, TypeError):
        name = None
    name = name or lang
    return name[:1].upper() + name[1:]


def language_selector(current: str, parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for lang in LANGUAGES:
        combo.addItem(endonym(lang), lang)
    index = combo.findData(current)
    combo.setCurrentIndex(max(0, index))
    return combo


class QtLanguage:
    """Keeps the installed Qt translator so that a language change can replace it."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self._translator: QTranslator | None = None

    def apply(self, lang: str | None) -> str:
        lang = set_language(lang or "en")
        locale = QLocale(babel_locale_name(lang))
        QLocale.setDefault(locale)
        if self._translator is not None:
            self.app.removeTranslator(self._translator)
            self._translator = None
        translator = QTranslator(self.app)
        path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if lang != "en" and translator.load(locale, "qtbase", "_", path):
            self.app.installTranslator(translator)
            self._translator = translator
        self.app.setLayoutDirection(locale.textDirection())
        return lang
