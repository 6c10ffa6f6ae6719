"""Opening the record behind a dashboard line."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from hrd_desk.cases.record import KINDS
from hrd_desk.ui.forms.dialog import RecordDialog
from hrd_desk.ui.session import Session


def open_record(
    parent: QWidget,
    session: Session,
    record_kind: str,
    record_id: str,
    *,
    on_saved: Callable[[object], None] | None = None,
) -> RecordDialog | None:
    """Open the record in its editor (a window-modal dialog opened with ``open()``); None when
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
