"""Badges: a rounded, tinted pill with a dot and the label — the colour never speaks alone.

The pill's fill is the tone's colour mixed into the view's own base colour, and the label is
drawn in the palette's text colour, so it reads the same on a light or a dark palette (and with
a high-contrast theme). The dot repeats the tone at full strength for a quick scan. Everything
is laid out from the *leading* edge, so right-to-left views get mirrored badges.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from hrd_desk.ui.lists import columns as C

#: Role holding a cell's tone (``columns.GOOD`` …) when the cell is a badge.
TONE_ROLE = Qt.ItemDataRole.UserRole + 40

#: Tone → colour, chosen to stay apart for the common colour-vision deficiencies when combined
#: with the label (the label is what counts).
TONE_COLOURS: dict[str, str] = {
    C.NEUTRAL: "#78909c",
    C.INFO: "#1e88e5",
    C.GOOD: "#2e7d32",
    C.CAUTION: "#f9a825",
    C.SERIOUS: "#ef6c00",
    C.DANGER: "#c62828",
}

_PAD_Y = 2
_MARGIN = 4


def _metrics(fm: QFontMetrics) -> tuple[int, int, int]:
    """(side padding, dot size, gap after the dot), growing with the text size."""
    h = fm.height()
    return max(8, round(h * 0.45)), max(7, round(h * 0.4)), max(5, round(h * 0.28))


def _chrome(fm: QFontMetrics) -> int:
    pad, dot, gap = _metrics(fm)
    return pad * 2 + dot + gap


def _mix(colour: QColor, base: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        colour.redF() * amount + base.redF() * (1 - amount),
        colour.greenF() * amount + base.greenF() * (1 - amount),
        colour.blueF() * amount + base.blueF() * (1 - amount),
    )


def badge_colours(tone: str, palette: QPalette) -> tuple[QColor, QColor, QColor, QColor]:
    """(fill, border, dot, text) for *tone* on *palette*."""
    tone_colour = QColor(TONE_COLOURS.get(tone, TONE_COLOURS[C.NEUTRAL]))
    base = palette.color(QPalette.ColorRole.Base)
    dark = base.lightnessF() < 0.5
    fill = _mix(tone_colour, base, 0.32 if dark else 0.18)
    border = _mix(tone_colour, base, 0.8 if dark else 0.65)
    dot = tone_colour.lighter(125) if dark else tone_colour
    text = palette.color(QPalette.ColorRole.Text)
    return fill, border, dot, text


def badge_width(fm: QFontMetrics, text: str) -> int:
    # +2: room for rounding (text of exactly its advance may still be elided)
    return _chrome(fm) + fm.horizontalAdvance(text) + 2


class BadgeDelegate(QStyledItemDelegate):
    """Draws the cells of badge columns (install it per column: other cells never reach
    Python). A badge is rendered once per label, tone, font, palette and direction, then
    reused as a pixmap: painting a screenful of badges costs one blit each."""

    CACHE_SIZE = 512

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache: OrderedDict[tuple, QPixmap] = OrderedDict()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        tone = index.data(TONE_ROLE)
        if not tone:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        # The selection and focus background first, as for any cell.
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if not text:
            return
        rtl = opt.direction == Qt.LayoutDirection.RightToLeft
        dpr = widget.devicePixelRatioF() if widget is not None else 1.0
        pixmap = self.badge_pixmap(str(text), str(tone), opt, dpr)
        size = pixmap.deviceIndependentSize().toSize()
        cell = opt.rect
        top = cell.top() + (cell.height() - size.height()) // 2
        left = cell.right() - _MARGIN - size.width() + 1 if rtl else cell.left() + _MARGIN
        painter.drawPixmap(QPoint(left, top), pixmap)

    def badge_pixmap(
        self, text: str, tone: str, option: QStyleOptionViewItem, dpr: float = 1.0
    ) -> QPixmap:
        palette = option.palette
        key = (
            text,
            tone,
            option.font.key(),
            palette.color(QPalette.ColorRole.Base).rgba(),
            palette.color(QPalette.ColorRole.Text).rgba(),
            option.direction,
            option.rect.width(),
            option.rect.height(),
            dpr,
        )
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        pixmap = render_badge(text, tone, option, dpr)
        self._cache[key] = pixmap
        while len(self._cache) > self.CACHE_SIZE:
            self._cache.popitem(last=False)
        return pixmap

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        tone = index.data(TONE_ROLE)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if tone and text:
            fm = QFontMetrics(option.font)
            size.setWidth(max(size.width(), badge_width(fm, str(text)) + 2 * _MARGIN))
            size.setHeight(max(size.height(), fm.height() + 2 * _PAD_Y + 4))
        return size


def render_badge(text: str, tone: str, option: QStyleOptionViewItem, dpr: float = 1.0) -> QPixmap:
    """The badge for *text* as a transparent pixmap, no wider than the cell allows."""
    fm = QFontMetrics(option.font)
    rtl = option.direction == Qt.LayoutDirection.RightToLeft
    cell = option.rect
    height = max(1, min(cell.height() - 2, fm.height() + 2 * _PAD_Y))
    pad, dot_size, gap = _metrics(fm)
    room = max(_chrome(fm) + fm.horizontalAdvance("…"), cell.width() - 2 * _MARGIN)
    width = min(badge_width(fm, text), room)
    text_room = width - _chrome(fm)
    # Elide only what really does not fit (elidedText cuts text of exactly the room it has).
    label = (
        text
        if fm.horizontalAdvance(text) <= text_room
        else fm.elidedText(text, Qt.TextElideMode.ElideRight, text_room)
    )
    pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(height * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    fill, border, dot, ink = badge_colours(tone, option.palette)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(border, 1))
    painter.setBrush(fill)
    radius = height / 2
    painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), radius, radius)
    dot_x = width - pad - dot_size if rtl else pad
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(dot)
    painter.drawEllipse(QRectF(dot_x, (height - dot_size) / 2, dot_size, dot_size))
    painter.setPen(ink)
    painter.setFont(option.font)
    painter.setLayoutDirection(option.direction)
    text_left = pad if rtl else pad + dot_size + gap
    align = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    painter.drawText(
        QRect(text_left, 0, text_room + 2, height),
        int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute | align),
        label,
    )
    painter.end()
    return pixmap
