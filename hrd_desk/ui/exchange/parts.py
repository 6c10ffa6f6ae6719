"""Widgets the exchange screens share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from hrd_desk.ui.widgets import mark_data, monospace_font


def fingerprint_label(parent: QWidget, scale: float = 1.5) -> QLabel:
    """A fingerprint in large, fixed-width type, left to right in every language, selectable."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setFont(monospace_font(scale))
    label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    side = (
        Qt.AlignmentFlag.AlignRight
        if QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
        else Qt.AlignmentFlag.AlignLeft
    )
    label.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return mark_data(label)


def fit_to_contents(dialog: QWidget, width: int) -> None:
    """Size *dialog* to *width* and the height its wrapped texts need at that width (a size hint
    alone is computed for a narrower width, and cuts wrapped paragraphs short)."""
    layout = dialog.layout()
    if layout is None:
        dialog.resize(width, dialog.sizeHint().height())
        return
    layout.activate()
    if layout.hasHeightForWidth():
        height = layout.totalHeightForWidth(width)
    else:
        height = layout.totalSizeHint().height()
    dialog.resize(width, max(height, layout.totalMinimumSize().height()))
