"""Risk level colours, the same as the PDF summaries' (hrd_desk/summaries/layout.py).

The fills are light in both palettes and the text on them is always dark ink, so a level badge
reads the same in a dark theme; the level's name is always written next to or on the colour.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from hrd_desk.cases.vocab import RiskLevel

INK = QColor("#1f2328")
#: low, medium, high, critical
LEVEL_FILLS: dict[RiskLevel, QColor] = {
    RiskLevel.LOW: QColor("#a5d6a7"),
    RiskLevel.MEDIUM: QColor("#fff176"),
    RiskLevel.HIGH: QColor("#ffb74d"),
    RiskLevel.CRITICAL: QColor("#e57373"),
}
NO_LEVEL = QColor("#d0d7de")


def level_fill(level: RiskLevel | None) -> QColor:
    return QColor(LEVEL_FILLS.get(level, NO_LEVEL)) if level is not None else QColor(NO_LEVEL)


def level_style_sheet(level: RiskLevel | None, selector: str = "QLabel") -> str:
    """A badge: the level's fill, dark text, rounded; the text says the level."""
    fill = level_fill(level).name()
    return (
        f"{selector} {{ background: {fill}; color: {INK.name()}; border-radius: 4px; "
        "padding: 2px 8px; font-weight: 600; }"
    )
