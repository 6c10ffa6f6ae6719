"""A defender's workspace: the screen with everything about one defender (issue 6, item 4).

Entry points for the rest of the app:

* :func:`open_defender_workspace` ``(host_or_session, defender_id)`` — show a defender's page.
  *host_or_session* may be the main window (any :class:`~hrd_desk.ui.sections.SectionHost`), a
  widget inside it, or the :class:`~hrd_desk.ui.session.Session` (its main window is found).
  The lists, search results and the dashboard call this to "open defender <id>".
* The section key :data:`DEFENDER` (registered with ``navigation=False``); its location is
  ``{"defender": id, "tab": index}``, so ``host.show_section(DEFENDER, {...})`` works too.
* "New ▸ Defender…" in the main window creates a defender and opens their page.
* The "Case summary…" action calls ``hrd_desk.ui.summary.open_case_summary(parent, session,
  defender_id)`` once that module exists (see :mod:`.summary_hook`).

It also adds the live likelihood × impact matrix after the "Risk" group of the threat
assessment form (``hrd_desk.ui.forms.layouts.register_extra``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from hrd_desk.i18n import N_

if TYPE_CHECKING:
    from hrd_desk.ui.sections import SectionHost, SectionRegistry
    from hrd_desk.ui.session import Session

#: The workspace's section key (not in the left navigation).
DEFENDER = "defender"


def register(registry: SectionRegistry) -> None:
    from hrd_desk.ui.workspace.risk_extra import register_risk_matrix
    from hrd_desk.ui.workspace.section import DefenderWorkspace

    registry.register_section(DEFENDER, N_("Defender"), DefenderWorkspace, navigation=False)
    registry.register_new_action("defender", N_("Defender…"), new_defender)
    register_risk_matrix()


def _host(host_or_session: object) -> SectionHost | None:
    if hasattr(host_or_session, "show_section"):
        return host_or_session  # type: ignore[return-value]
    if isinstance(host_or_session, QWidget):
        window = host_or_session.window()
        return window if hasattr(window, "show_section") else None  # type: ignore[return-value]
    # A session: its main window is the visible top-level window holding it.
    for widget in QApplication.topLevelWidgets():
        if getattr(widget, "session", None) is host_or_session and hasattr(widget, "show_section"):
            return widget  # type: ignore[return-value]
    return None


def open_defender_workspace(
    host_or_session: SectionHost | Session | QWidget, defender_id: str, tab: int = 0
) -> QWidget | None:
    """Show *defender_id*'s workspace (on *tab*); returns the workspace, or None when there is
    no main window to show it in (the vault is locked)."""
    host = _host(host_or_session)
    if host is None:
        return None
    return host.show_section(DEFENDER, {"defender": defender_id, "tab": tab})


def new_defender(host: SectionHost) -> QWidget:
    """ "New ▸ Defender…": the defender form; once saved, the new defender's page opens."""
    from PySide6.QtCore import Qt

    from hrd_desk.ui.forms.dialog import RecordDialog
    from hrd_desk.ui.workspace.editing import new_defender as blank

    store = host.session.store
    dialog = RecordDialog(store, blank(store.today), parent=host.window())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setObjectName("newDefenderDialog")
    dialog.saved.connect(lambda d: open_defender_workspace(host, d.id, 1))
    dialog.open()
    return dialog


__all__ = ["DEFENDER", "new_defender", "open_defender_workspace", "register"]
