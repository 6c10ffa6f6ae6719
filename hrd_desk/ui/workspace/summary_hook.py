"""The "Case summary…" action: handed to the summary screen when it exists, never faked.

Contract for the colleague writing it: a module ``hrd_desk.ui.summary`` (or
``hrd_desk.ui.summaries``) with a function

    open_case_summary(parent: QWidget, session: Session, defender_id: str) -> object

that opens its dialog with ``open()`` (parented to *parent*, so locking closes it). Until one of
those exists, the action says calmly that summaries are not available yet.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from hrd_desk.i18n import _

if TYPE_CHECKING:
    from hrd_desk.ui.session import Session

SUMMARY_MODULES = ("hrd_desk.ui.summary", "hrd_desk.ui.summaries")
ENTRY_POINT = "open_case_summary"


def find_summary_opener(
    modules: tuple[str, ...] = SUMMARY_MODULES,
) -> Callable[[QWidget, Session, str], object] | None:
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name or name.startswith(f"{exc.name}."):
                continue  # not written yet
            raise  # the module exists but is broken: a bug to see, not to hide
        opener = getattr(module, ENTRY_POINT, None)
        if callable(opener):
            return opener
    return None


def open_case_summary(
    parent: QWidget,
    session: Session,
    defender_id: str,
    *,
    modules: tuple[str, ...] = SUMMARY_MODULES,
) -> QMessageBox | object:
    """Open the summary screen for *defender_id*, or say that it is not available yet."""
    opener = find_summary_opener(modules)
    if opener is not None:
        return opener(parent, session, defender_id)
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _("Case summary"),
        _("Case summaries are not available in this version yet. Nothing was created or shared."),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("summaryNotAvailable")
    box.open()
    return box
