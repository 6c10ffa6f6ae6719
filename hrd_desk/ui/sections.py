"""What the main window shows: sections, "New …" actions, search handlers, settings panes.

Everything is registered on a :class:`SectionRegistry` (passed in, never a module global); the
app builds one with :func:`default_registry`, which registers the calm placeholders and then
calls ``register(registry)`` of every module in :data:`SECTION_MODULES`. To plug in a screen,
add a module there (a one-line edit) that does, for example::

    def register(registry: SectionRegistry) -> None:
        registry.register_section("defenders", N_("Defenders"), DefendersSection)
        registry.register_new_action("defender", N_("Defender…"), new_defender)
        registry.register_search_handler(show_search_results)

Registering a key that exists replaces it in place (the built-in order stays). A section is a
``QWidget`` made by ``factory(session)``; it may implement these optional methods:

* ``section_location() -> object`` and ``restore_section_location(location)``: an opaque,
  plain-data position (a record id, a tab index — never case text) remembered across a lock
  and a language change, so unlocking returns to the same screen;
* ``section_shown()``: it became the visible section;
* ``close_section()``: the vault is about to lock — drop models and caches.
Dialogs opened by a section must have a parent inside it and use ``open()``, not ``exec()``:
locking closes and destroys them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

from hrd_desk.i18n import N_, _
from hrd_desk.ui.widgets import Placeholder

if TYPE_CHECKING:
    from hrd_desk.ui.session import Session

SectionFactory = Callable[["Session"], QWidget]

#: Keys of the built-in navigation, in order (Ctrl+1 … Ctrl+6).
DASHBOARD = "dashboard"
DEFENDERS = "defenders"
REQUESTS = "requests"
GRANTS = "grants"
DETENTION = "detention"
SETTINGS = "settings"

#: Settings slots filled by other modules with :meth:`SectionRegistry.register_settings_pane`.
PROGRAMMES_PANE = "programmes"
CONTACTS_PANE = "contacts"

#: Modules with ``register(registry)``, imported by :func:`default_registry`.
SECTION_MODULES: tuple[str, ...] = (
    "hrd_desk.ui.settings",
    "hrd_desk.ui.settings.programmes",
    "hrd_desk.ui.dashboard",
    "hrd_desk.ui.backup",
    "hrd_desk.ui.workspace",
    "hrd_desk.ui.lists",
    "hrd_desk.ui.exchange",
)


class SectionHost(Protocol):
    """What "New …" actions and search handlers get: the main window, seen from outside."""

    session: Session

    def show_section(self, key: str, location: object | None = None) -> QWidget | None: ...

    def current_section_key(self) -> str | None: ...

    def window(self) -> QWidget: ...


@dataclass(frozen=True)
class SectionSpec:
    key: str
    #: Source text marked with ``N_``; translated when shown.
    title: str
    factory: SectionFactory
    #: False for screens reached from elsewhere (a defender's workspace, search results).
    navigation: bool = True


@dataclass(frozen=True)
class NewAction:
    key: str
    title: str
    handler: Callable[[SectionHost], None]


@dataclass(frozen=True)
class SettingsPane:
    key: str
    title: str
    factory: SectionFactory


class SectionRegistry:
    def __init__(self) -> None:
        self._sections: dict[str, SectionSpec] = {}
        self._new_actions: dict[str, NewAction] = {}
        self._search_handlers: list[Callable[[SectionHost, str], None]] = []
        self._settings_panes: dict[str, SettingsPane] = {}

    # -- sections -----------------------------------------------------------------------------
    def register_section(
        self, key: str, title: str, factory: SectionFactory, *, navigation: bool = True
    ) -> None:
        self._sections[key] = SectionSpec(key, title, factory, navigation)

    def sections(self) -> list[SectionSpec]:
        return list(self._sections.values())

    def navigation(self) -> list[SectionSpec]:
        return [s for s in self._sections.values() if s.navigation]

    def section(self, key: str) -> SectionSpec | None:
        return self._sections.get(key)

    # -- "New …" menu -------------------------------------------------------------------------
    def register_new_action(
        self, key: str, title: str, handler: Callable[[SectionHost], None]
    ) -> None:
        self._new_actions[key] = NewAction(key, title, handler)

    def new_actions(self) -> list[NewAction]:
        return list(self._new_actions.values())

    # -- global search ------------------------------------------------------------------------
    def register_search_handler(self, handler: Callable[[SectionHost, str], None]) -> None:
        """*handler(host, text)* runs 250 ms after the officer stops typing (text may be "")."""
        self._search_handlers.append(handler)

    def search_handlers(self) -> list[Callable[[SectionHost, str], None]]:
        return list(self._search_handlers)

    # -- settings panes -----------------------------------------------------------------------
    def register_settings_pane(self, key: str, title: str, factory: SectionFactory) -> None:
        """A tab of the Settings section; the keys ``programmes`` and ``contacts`` fill the slots
        that show a placeholder until then."""
        self._settings_panes[key] = SettingsPane(key, title, factory)

    def settings_pane(self, key: str) -> SettingsPane | None:
        return self._settings_panes.get(key)

    def settings_panes(self) -> list[SettingsPane]:
        return list(self._settings_panes.values())


def _placeholder(title: str) -> SectionFactory:
    def factory(session: Session) -> QWidget:
        return Placeholder(
            _(title), _("This part of HRD Desk is being built. Your data is safe in the vault.")
        )

    return factory


_BUILTIN = (
    (DASHBOARD, N_("Dashboard")),
    (DEFENDERS, N_("Defenders")),
    (REQUESTS, N_("Requests")),
    (GRANTS, N_("Grants")),
    (DETENTION, N_("Detention & trials")),
    (SETTINGS, N_("Settings")),
)


def default_registry(modules: tuple[str, ...] | None = None) -> SectionRegistry:
    registry = SectionRegistry()
    for key, title in _BUILTIN:
        registry.register_section(key, title, _placeholder(title))
    for name in SECTION_MODULES if modules is None else modules:
        importlib.import_module(name).register(registry)
    return registry
