"""The 5 × 5 likelihood × impact matrix with the current cell framed.

Likelihood runs across in the reading direction (rightwards, or leftwards in right-to-left
languages), impact upwards. Each cell is filled with its level's colour *and* carries the level's
name; the current cell is framed in dark ink and its name set in bold. The layout follows the
PDF summaries (impact title horizontal in the gutter: rotated Arabic is hard to read).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from hrd_desk.cases.assessments import risk_level
from hrd_desk.cases.vocab import RiskLevel
from hrd_desk.formats import format_number
from hrd_desk.i18n import _
from hrd_desk.ui.charts.colours import INK, level_fill

SIZE = 5


def position_text(likelihood: int | None, impact: int | None) -> str:
    """The position in words, for screen readers and tooltips."""
    if not _valid(likelihood) or not _valid(impact):
        return _("Likelihood and impact are not set yet.")
    level = risk_level(likelihood, impact)
    return _("Likelihood {likelihood} of 5, impact {impact} of 5. Risk level: {level}.").format(
        likelihood=format_number(likelihood),
        impact=format_number(impact),
        level=level.label,
    )


def _valid(value: int | None) -> bool:
    return isinstance(value, int) and 1 <= value <= SIZE


class RiskMatrix(QWidget):
    """``set_position(likelihood, impact)``; either may be None (nothing framed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._likelihood: int | None = None
        self._impact: int | None = None
        self.setObjectName("riskMatrix")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Risk matrix, likelihood by impact"))
        self._describe()

    # -- state --------------------------------------------------------------------------------
    @property
    def likelihood(self) -> int | None:
        return self._likelihood

    @property
    def impact(self) -> int | None:
        return self._impact

    @property
    def level(self) -> RiskLevel | None:
        if _valid(self._likelihood) and _valid(self._impact):
            return risk_level(self._likelihood, self._impact)
        return None

    def set_position(self, likelihood: int | None, impact: int | None) -> None:
        self._likelihood = likelihood if _valid(likelihood) else None
        self._impact = impact if _valid(impact) else None
        self._describe()
        self.update()

    def _describe(self) -> None:
        text = position_text(self._likelihood, self._impact)
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    # -- geometry (computed left-to-right, mirrored at the end) ---------------------------------
    def _metrics(self) -> dict[str, int]:
        fm = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        bfm = QFontMetrics(bold)
        line = fm.height()
        pad = max(4, line // 3)
        widest = max(bfm.horizontalAdvance(level.label) for level in RiskLevel)
        cell_w = max(widest + 2 * pad, line * 3)
        cell_h = max(line * 2, line + 2 * pad)
        tick_w = max(fm.horizontalAdvance(format_number(n)) for n in range(1, SIZE + 1)) + 2 * pad
        title = fm.horizontalAdvance(_("Impact"))
        gutter = min(max(title + 2 * pad, line * 3), line * 7)
        return {
            "line": line,
            "pad": pad,
            "cell_w": cell_w,
            "cell_h": cell_h,
            "tick_w": tick_w,
            "gutter": gutter,
            "bottom": 2 * line + 3 * pad,
        }

    def sizeHint(self) -> QSize:
        m = self._metrics()
        width = m["gutter"] + m["tick_w"] + SIZE * m["cell_w"] + m["pad"]
        height = m["pad"] + SIZE * m["cell_h"] + m["bottom"]
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _layout(self) -> dict[str, object]:
        m = self._metrics()
        grid_x = m["gutter"] + m["tick_w"]
        grid_y = m["pad"]
        return {**m, "grid_x": grid_x, "grid_y": grid_y}

    def _mirror(self, rect: QRect) -> QRect:
        if not self.isRightToLeft():
            return rect
        return QRect(self.width() - rect.x() - rect.width(), rect.y(), rect.width(), rect.height())

    def cell_rect(self, likelihood: int, impact: int) -> QRect:
        """Where a cell is drawn, in widget coordinates (mirrored in right-to-left)."""
        g = self._layout()
        rect = QRect(
            g["grid_x"] + (likelihood - 1) * g["cell_w"],
            g["grid_y"] + (SIZE - impact) * g["cell_h"],
            g["cell_w"],
            g["cell_h"],
        )
        return self._mirror(rect)

    # -- painting -----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        g = self._layout()
        painter = QPainter(self)
        try:
            self._paint(painter, g)
        finally:
            painter.end()

    def _paint(self, painter: QPainter, g: dict) -> None:
        cw, ch, pad, line = g["cell_w"], g["cell_h"], g["pad"], g["line"]
        gx, gy = g["grid_x"], g["grid_y"]
        text_colour = self.palette().windowText().color()
        regular = QFont(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        for lk in range(1, SIZE + 1):
            for im in range(1, SIZE + 1):
                level = risk_level(lk, im)
                # One pixel of background between cells, inside the left-to-right rectangle,
                # so the mirrored drawing is the exact mirror image.
                ltr = QRect(gx + (lk - 1) * cw, gy + (SIZE - im) * ch, cw - 1, ch - 1)
                rect = self._mirror(ltr)
                painter.fillRect(rect, level_fill(level))
                current = (lk, im) == (self._likelihood, self._impact)
                painter.setFont(bold if current else regular)
                painter.setPen(INK)
                text = QFontMetrics(painter.font()).elidedText(
                    level.label, Qt.TextElideMode.ElideRight, rect.width() - 2
                )
                painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        if _valid(self._likelihood) and _valid(self._impact):
            frame = max(3, line // 6)
            ltr = QRect(
                gx + (self._likelihood - 1) * cw,
                gy + (SIZE - self._impact) * ch,
                cw - 1,
                ch - 1,
            )
            for strip in (
                QRect(ltr.x(), ltr.y(), ltr.width(), frame),
                QRect(ltr.x(), ltr.bottom() - frame + 1, ltr.width(), frame),
                QRect(ltr.x(), ltr.y(), frame, ltr.height()),
                QRect(ltr.right() - frame + 1, ltr.y(), frame, ltr.height()),
            ):
                painter.fillRect(self._mirror(strip), INK)
        painter.setFont(regular)
        painter.setPen(text_colour)
        center = int(Qt.AlignmentFlag.AlignCenter)
        for n in range(1, SIZE + 1):
            label = format_number(n)
            under = QRect(gx + (n - 1) * cw, gy + SIZE * ch, cw, line + pad)
            painter.drawText(self._mirror(under), center, label)
            beside = QRect(g["gutter"], gy + (SIZE - n) * ch, g["tick_w"], ch)
            painter.drawText(self._mirror(beside), center, label)
        title = QRect(gx, gy + SIZE * ch + line + pad, SIZE * cw, line + pad)
        painter.drawText(self._mirror(title), center, _("Likelihood"))
        gutter = QRect(0, gy, g["gutter"], SIZE * ch)
        painter.drawText(self._mirror(gutter), center | int(Qt.TextFlag.TextWordWrap), _("Impact"))
