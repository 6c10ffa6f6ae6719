"""A small horizontal bar chart whose text carries the information (label and number per row);
the bar only shows the proportion. Painted by hand, so it mirrors itself in right-to-left."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from hrd_desk.formats import format_number

_GAP = 8
_BAR_MIN = 60


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    #: None: the palette's highlight colour
    color: QColor | None = None


@dataclass(frozen=True)
class RowGeometry:
    label: QRect
    bar: QRect
    number: QRect


def row_geometry(
    row: QRect, label_width: int, number_width: int, value: int, maximum: int, rtl: bool
) -> RowGeometry:
    """Where the label, the bar and the number of one row go. Left to right: label, bar
    growing to the right, number; right to left: the mirror image."""
    bar_space = max(0, row.width() - label_width - number_width - 2 * _GAP)
    length = 0 if maximum <= 0 else round(bar_space * max(0, value) / maximum)
    if value > 0:
        length = max(length, 2)  # a non-zero count is never an invisible bar
    height = row.height()
    bar_h = max(4, height * 3 // 5)
    bar_y = row.top() + (height - bar_h) // 2
    if not rtl:
        label = QRect(row.left(), row.top(), label_width, height)
        start = label.right() + 1 + _GAP
        bar = QRect(start, bar_y, length, bar_h)
        number = QRect(start + length + _GAP, row.top(), number_width, height)
    else:
        label = QRect(row.right() + 1 - label_width, row.top(), label_width, height)
        end = label.left() - _GAP
        bar = QRect(end - length, bar_y, length, bar_h)
        number = QRect(bar.left() - _GAP - number_width, row.top(), number_width, height)
    return RowGeometry(label, bar, number)


class BarChart(QWidget):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def set_bars(self, bars: list[Bar]) -> None:
        self._bars = list(bars)
        # What the chart says, as text: for screen readers and the tooltip.
        text = "\n".join(f"{b.label}: {format_number(b.value)}" for b in self._bars)
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 6

    def _widths(self) -> tuple[int, int]:
        fm = self.fontMetrics()
        label = max((fm.horizontalAdvance(b.label) for b in self._bars), default=0)
        number = max((fm.horizontalAdvance(format_number(b.value)) for b in self._bars), default=0)
        # A little slack: eliding compares fractional widths with these rounded ones.
        return label + 4, number + 4

    def sizeHint(self) -> QSize:
        label, number = self._widths()
        return QSize(label + number + 2 * _GAP + 3 * _BAR_MIN, self._row_height() * len(self._bars))

    def minimumSizeHint(self) -> QSize:
        label, number = self._widths()
        return QSize(label + number + 2 * _GAP + _BAR_MIN, self._row_height() * len(self._bars))

    def geometries(self) -> list[RowGeometry]:
        label_w, number_w = self._widths()
        # The label column never takes more than half: long translations are elided instead.
        label_w = min(label_w, self.width() // 2)
        maximum = max((b.value for b in self._bars), default=0)
        h = self._row_height()
        return [
            row_geometry(
                QRect(0, i * h, self.width(), h),
                label_w,
                number_w,
                bar.value,
                maximum,
                self.isRightToLeft(),
            )
            for i, bar in enumerate(self._bars)
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        outline = palette.color(QPalette.ColorRole.Mid)
        rtl = self.isRightToLeft()
        # Absolute: the geometry is already mirrored; Qt must not flip the alignment again.
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        start = side | Qt.AlignmentFlag.AlignAbsolute
        fm = self.fontMetrics()
        for bar, geo in zip(self._bars, self.geometries(), strict=True):
            painter.setPen(text)
            label = fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, geo.label.width())
            painter.drawText(geo.label, start | Qt.AlignmentFlag.AlignVCenter, label)
            if geo.bar.width() > 0:
                fill = bar.color or palette.color(QPalette.ColorRole.Highlight)
                painter.fillRect(geo.bar, fill)
                painter.setPen(outline)
                painter.drawRect(geo.bar.adjusted(0, 0, -1, -1))
            painter.setPen(text)
            painter.drawText(
                geo.number, start | Qt.AlignmentFlag.AlignVCenter, format_number(bar.value)
            )
        painter.end()
