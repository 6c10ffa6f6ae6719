"""Preferences of the person at this computer, in QSettings (a plaintext file).

Only what may be read by anyone holding the laptop goes here: window geometry, language, the
auto-lock delay, discreet mode, and — only when discreet mode is off — the folders of recently
opened vaults. Vault names, and everything else about the post or its cases, live in the
vault's encrypted ``settings`` table (:mod:`hrd_desk.cases.settings`).

Qt's own file dialogs keep a history of visited folders in ``QtProject.conf``;
:func:`scrub_file_dialog_history` removes it after each dialog in discreet mode.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "hrd-desk"
APPLICATION = "hrd-desk"

DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 120
MAX_RECENT = 5

_LANGUAGE = "ui/language"
_GEOMETRY = "ui/main_window_geometry"
_IDLE = "lock/idle_minutes"
_DISCREET = "privacy/discreet"
_RECENT = "vaults/recent"


def app_settings() -> QSettings:
    """The app's settings file (an INI file in the user's config folder)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


class Preferences:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings if settings is not None else app_settings()

    @property
    def file_name(self) -> str:
        return self._s.fileName()

    def sync(self) -> None:
        self._s.sync()

    # -- language -----------------------------------------------------------------------------
    @property
    def language(self) -> str | None:
        value = self._s.value(_LANGUAGE, "", type=str)
        return value or None

    @language.setter
    def language(self, lang: str | None) -> None:
        self._s.setValue(_LANGUAGE, lang or "")

    # -- locking ------------------------------------------------------------------------------
    @property
    def idle_minutes(self) -> int:
        try:
            value = int(self._s.value(_IDLE, DEFAULT_IDLE_MINUTES, type=int))
        except (TypeError, ValueError):
            return DEFAULT_IDLE_MINUTES
        return max(MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, value))

    @idle_minutes.setter
    def idle_minutes(self, minutes: int) -> None:
        self._s.setValue(_IDLE, max(MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, int(minutes))))

    # -- privacy ------------------------------------------------------------------------------
    @property
    def discreet(self) -> bool:
        return bool(self._s.value(_DISCREET, False, type=bool))

    @discreet.setter
    def discreet(self, on: bool) -> None:
        self._s.setValue(_DISCREET, bool(on))
        if on:
            # Turning discreet mode on also forgets what was remembered before.
            self._s.remove(_RECENT)
            scrub_file_dialog_history()
        self._s.sync()

    # -- recent vaults ------------------------------------------------------------------------
    @property
    def recent_vaults(self) -> list[str]:
        if self.discreet:
            return []
        value = self._s.value(_RECENT, [], type=list)
        return [str(v) for v in value if v]

    def add_recent_vault(self, folder: str | os.PathLike[str]) -> None:
        """Remember *folder* first in the recent list — never in discreet mode."""
        if self.discreet:
            return
        path = str(Path(folder).absolute())
        recent = [p for p in self.recent_vaults if p != path]
        self._s.setValue(_RECENT, [path, *recent][:MAX_RECENT])
        self._s.sync()

    def forget_recent_vault(self, folder: str | os.PathLike[str]) -> None:
        path = str(Path(folder).absolute())
        self._s.setValue(_RECENT, [p for p in self.recent_vaults if p != path])

    # -- window geometry ----------------------------------------------------------------------
    def main_window_geometry(self) -> QByteArray | None:
        value = self._s.value(_GEOMETRY)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_main_window_geometry(self, geometry: QByteArray) -> None:
        self._s.setValue(_GEOMETRY, geometry)


def qt_project_settings() -> QSettings:
    """Where Qt's file dialogs keep their history (``QtProject.conf``)."""
    return QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, "QtProject")


def scrub_file_dialog_history() -> None:
    """Remove the folders Qt's file dialog remembered (history, last visited, sidebar)."""
    s = qt_project_settings()
    s.beginGroup("FileDialog")
    for key in ("history", "lastVisited", "shortcuts"):
        s.remove(key)
    s.endGroup()
    s.sync()
