"""Opening the record behind a dashboard line.

With the defender workspace registered (:mod:`hrd_desk.ui.workspace`), the defender's page
opens on the tab that lists the record, and the record's form opens on top once the page has
loaded. Without it, the record's form opens over the dashboard.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from hrd_desk.cases.record import KINDS
from hrd_desk.ui.forms.dialog import RecordDialog
from hrd_desk.ui.session import Session

#: The workspace's section key (``hrd_desk.ui.workspace.DEFENDER``).
WORKSPACE = "defender"

#: The workspace tab (its attribute) that lists each kind of record.
TAB_FOR_KIND = {
    "defender": "profile",
    "consent": "profile",
    "request": "requests",
    "incident": "incidents",
    "assessment": "assessments",
    "grant": "grants",
    "disbursement": "grants",
    "prison_visit": "visits",
    "court_case": "trials",
    "hearing": "trials",
}


def open_item(
    parent: QWidget,
    session: Session,
    record_kind: str,
    record_id: str,
    defender_id: str | None,
    *,
    on_saved: Callable[[object], None] | None = None,
) -> QWidget | None:
    """Open the record: in its defender's workspace when there is one, else in its form.
    None when the record no longer exists."""
    if record_kind not in KINDS or session.store.find_any(record_kind, record_id) is None:
        return None
    workspace = open_in_workspace(parent, session, record_kind, record_id, defender_id)
    if workspace is not None:
        return workspace
    return open_record(parent, session, record_kind, record_id, on_saved=on_saved)


def open_in_workspace(
    parent: QWidget, session: Session, record_kind: str, record_id: str, defender_id: str | None
) -> QWidget | None:
    if not defender_id or session.registry.section(WORKSPACE) is None:
        return None
    try:
        from hrd_desk.ui.workspace import open_defender_workspace
    except ImportError:
        return None
    workspace = open_defender_workspace(parent, defender_id)
    if workspace is None:
        return None
    tab = getattr(workspace, TAB_FOR_KIND.get(record_kind, ""), None)
    tabs = getattr(workspace, "tabs", None)
    if tab is not None and tabs is not None and tabs.indexOf(tab) >= 0:
        tabs.setCurrentWidget(tab)
    loaded = getattr(workspace, "loaded", None)
    failed = getattr(workspace, "failed", None)
    if loaded is None or not hasattr(workspace, "open_record"):
        return workspace

    def disconnect() -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            loaded.disconnect(when_loaded)
        if failed is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                failed.disconnect(when_failed)

    def when_loaded(loaded_id: str) -> None:
        if loaded_id != defender_id:
            return
        disconnect()
        workspace.open_record(record_kind, record_id)

    def when_failed(_text: str) -> None:
        disconnect()

    loaded.connect(when_loaded)
    if failed is not None:
        failed.connect(when_failed)
    return workspace


def open_record(
    parent: QWidget,
    session: Session,
    record_kind: str,
    record_id: str,
    *,
    on_saved: Callable[[object], None] | None = None,
) -> RecordDialog | None:
    """Open the record in its form (a window-modal dialog opened with ``open()``); None when
    it no longer exists (deleted or purged since the dashboard was loaded)."""
    if record_kind not in KINDS:
        return None
    record = session.store.find_any(record_kind, record_id)
    if record is None:
        return None
    cls = type(record)
    fixed = {}
    if cls.DEFENDER_FIELD and getattr(record, cls.DEFENDER_FIELD, None):
        # The record stays with its defender; the form need not offer to move it.
        fixed[cls.DEFENDER_FIELD] = getattr(record, cls.DEFENDER_FIELD)
    dialog = RecordDialog(session.store, record, fixed=fixed, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_saved is not None:
        dialog.saved.connect(on_saved)
    dialog.open()
    return dialog
