"""The risk level of each assessment over time, over the four coloured level bands.

Time runs in the reading direction (leftwards in right-to-left languages) and the level names
sit on the reading-start side, as in the PDF summaries. Points are placed by their real distance
in time; a single assessment sits in the middle.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from hrd_desk.cases.vocab import RiskLevel
from hrd_desk.formats import format_date
from hrd_desk.i18n import _, ngettext
from hrd_desk.ui.charts.colours import INK, level_fill

LEVELS = list(RiskLevel)
#: Points named one by one in the accessible description; beyond that, first and last.
DESCRIBE_ALL = 8


def trend_text(points: list[tuple[date, RiskLevel]]) -> str:
    if not points:
        return _("No assessment with a risk level yet.")
    items = [
        _("{date}: {level}").format(date=format_date(day), level=level.label)
        for day, level in points
    ]
    if len(items) > DESCRIBE_ALL:
        items = [items[0], "…", items[-1]]
    return ngettext(
        "Risk over time, {n} assessment: {items}.",
        "Risk over time, {n} assessments: {items}.",
        len(points),
    ).format(n=len(points), items="; ".join(items))


class RiskTrend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[tuple[date, RiskLevel]] = []
        self.setObjectName("riskTrend")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Risk trend"))
        self._describe()

    @property
    def points(self) -> list[tuple[date, RiskLevel]]:
        return list(self._points)

    def set_points(self, points: list[tuple[date, RiskLevel]]) -> None:
        self._points = sorted(points, key=lambda p: p[0])
        self._describe()
        self.update()

    def _describe(self) -> None:
        text = trend_text(self._points)
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    # -- geometry -----------------------------------------------------------------------------
    def _metrics(self) -> dict[str, int]:
        fm = self.fontMetrics()
        line = fm.height()
        pad = max(4, line // 3)
        label_w = max(fm.horizontalAdvance(level.label) for level in LEVELS) + 2 * pad
        return {
            "line": line,
            "pad": pad,
            "label_w": label_w,
            "band_h": line + pad,
            "bottom": line + 2 * pad,
        }

    def sizeHint(self) -> QSize:
        m = self._metrics()
        return QSize(m["label_w"] + m["line"] * 16, len(LEVELS) * m["band_h"] + m["bottom"] + 2)

    def minimumSizeHint(self) -> QSize:
        m = self._metrics()
        return QSize(m["label_w"] + m["line"] * 8, len(LEVELS) * m["band_h"] + m["bottom"] + 2)

    def _mirror_x(self, x: float) -> float:
        return self.width() - x if self.isRightToLeft() else x

    def _mirror(self, rect: QRect) -> QRect:
        if not self.isRightToLeft():
            return rect
        return QRect(self.width() - rect.x() - rect.width(), rect.y(), rect.width(), rect.height())

    def plot_rect(self) -> QRect:
        m = self._metrics()
        width = max(1, self.width() - m["label_w"] - m["pad"])
        return self._mirror(QRect(m["label_w"], 1, width, len(LEVELS) * m["band_h"]))

    def point_position(self, index: int) -> QPointF:
        """Where the *index*-th point (oldest first) is drawn."""
        m = self._metrics()
        width = max(1, self.width() - m["label_w"] - m["pad"])
        day, level = self._points[index]
        first, last = self._points[0][0].toordinal(), self._points[-1][0].toordinal()
        share = 0.5 if last == first else (day.toordinal() - first) / (last - first)
        inset = m["line"]
        x = m["label_w"] + inset + share * max(0, width - 2 * inset)
        row = len(LEVELS) - 1 - LEVELS.index(level)
        y = 1 + row * m["band_h"] + m["band_h"] / 2
        return QPointF(self._mirror_x(x), y)

    # -- painting -----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        m = self._metrics()
        width = max(1, self.width() - m["label_w"] - m["pad"])
        text_colour = self.palette().windowText().color()
        # Visual sides, absolute: QPainter would otherwise swap Left and Right once more.
        left_side, right_side = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
        if self.isRightToLeft():
            left_side, right_side = right_side, left_side
        start = int(left_side | Qt.AlignmentFlag.AlignAbsolute)
        end = int(right_side | Qt.AlignmentFlag.AlignAbsolute)
        vcenter = int(Qt.AlignmentFlag.AlignVCenter)
        for row, level in enumerate(reversed(LEVELS)):
            y = 1 + row * m["band_h"]
            band = QColor(level_fill(level))
            band.setAlpha(140)
            painter.fillRect(self._mirror(QRect(m["label_w"], y, width, m["band_h"])), band)
            painter.setPen(text_colour)
            label = QRect(0, y, m["label_w"] - m["pad"], m["band_h"])
            # The level names stand against the plot, on the reading-start side.
            painter.drawText(self._mirror(label), end | vcenter, level.label)
        bottom = QRect(m["label_w"], 1 + len(LEVELS) * m["band_h"], width, m["bottom"])
        if not self._points:
            painter.setPen(text_colour)
            painter.drawText(
                self._mirror(bottom), int(Qt.AlignmentFlag.AlignCenter), _("No assessments yet")
            )
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        positions = [self.point_position(i) for i in range(len(self._points))]
        if len(positions) > 1:
            path = QPainterPath(positions[0])
            for point in positions[1:]:
                path.lineTo(point)
            painter.setPen(QPen(INK, max(1.5, m["line"] / 9)))
            painter.drawPath(path)
        radius = max(4.0, m["line"] / 3.5)
        for (_day, level), point in zip(self._points, positions, strict=True):
            painter.setBrush(level_fill(level))
            painter.setPen(QPen(INK, 1.5))
            painter.drawEllipse(
                QRectF(point.x() - radius, point.y() - radius, 2 * radius, 2 * radius)
            )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(text_colour)
        first, last = self._points[0][0], self._points[-1][0]
        left = QRect(bottom)
        painter.drawText(self._mirror(left), start | vcenter, format_date(first))
        if last != first:
            fm = self.fontMetrics()
            if (
                fm.horizontalAdvance(format_date(first))
                + fm.horizontalAdvance(format_date(last))
                + 2 * m["pad"]
                < width
            ):
                painter.drawText(self._mirror(left), end | vcenter, format_date(last))
