"""The list sections: Defenders, Requests, Grants, and Detention & trials (two tabs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from hrd_desk.i18n import _
from hrd_desk.ui.lists import columns as C
from hrd_desk.ui.lists.panel import ListPanel
from hrd_desk.ui.widgets import heading

if TYPE_CHECKING:
    from hrd_desk.ui.session import Session


class ListSection(QWidget):
    """One list as a section. Its location: the panel's (sort, filters, selected row)."""

    def __init__(self, session: Session, list_kind: C.ListKind) -> None:
        super().__init__()
        self.session = session
        self.title = heading(_(list_kind.title), self, scale=1.3)
        self.panel = ListPanel(session, list_kind, self)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addWidget(self.panel, 1)
        session.add_close_hook(self.close_section)

    @property
    def model(self):
        return self.panel.model

    def section_location(self) -> object:
        return self.panel.location()

    def restore_section_location(self, location: object) -> None:
        self.panel.restore_location(location)

    def section_shown(self) -> None:
        self.panel.load()

    def close_section(self) -> None:
        self.panel.close_list()


class DetentionSection(QWidget):
    """Hearings and prison visits, a tab each."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.title = heading(_("Detention & trials"), self, scale=1.3)
        self.tabs = QTabWidget(self)
        self.panels: dict[str, ListPanel] = {}
        for list_kind in (C.HEARINGS, C.PRISON_VISITS):
            panel = ListPanel(session, list_kind, self.tabs)
            self.panels[list_kind.kind] = panel
            self.tabs.addTab(panel, _(list_kind.title))
        self.tabs.currentChanged.connect(lambda _i: self.current_panel().load())
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addWidget(self.tabs, 1)
        session.add_close_hook(self.close_section)

    def current_panel(self) -> ListPanel:
        panel = self.tabs.currentWidget()
        assert isinstance(panel, ListPanel)
        return panel

    def section_location(self) -> object:
        return {
            "tab": self.current_panel().kind,
            "lists": {kind: panel.location() for kind, panel in self.panels.items()},
        }

    def restore_section_location(self, location: object) -> None:
        if not isinstance(location, dict):
            return
        lists: Any = location.get("lists")
        if isinstance(lists, dict):
            for kind, panel in self.panels.items():
                if kind in lists:
                    panel.restore_location(lists[kind])
        tab = location.get("tab")
        if tab in self.panels:
            self.tabs.setCurrentWidget(self.panels[tab])

    def section_shown(self) -> None:
        self.current_panel().load()

    def close_section(self) -> None:
        for panel in self.panels.values():
            panel.close_list()


def defenders_section(session: Session) -> ListSection:
    return ListSection(session, C.DEFENDERS)


def requests_section(session: Session) -> ListSection:
    return ListSection(session, C.REQUESTS)


def grants_section(session: Session) -> ListSection:
    return ListSection(session, C.GRANTS)


def detention_section(session: Session) -> DetentionSection:
    return DetentionSection(session)
