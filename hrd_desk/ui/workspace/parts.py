"""Small building blocks of the workspace tabs: record lists, read-only key/value blocks, money
cards, checklist grids and badges. Everything shows plain text (case text is untrusted)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases import fields as F
from hrd_desk.cases.vocab import RiskLevel
from hrd_desk.i18n import _, labelled, pgettext
from hrd_desk.ui.charts.colours import level_style_sheet
from hrd_desk.ui.widgets import mark_data

_ID = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Row:
    record_id: str
    cells: Sequence[str]
    #: the record's kind, when a list mixes kinds (the Overview)
    kind: str = ""


def align_start(label: QLabel) -> QLabel:
    """Start a data label on the reading-start side of the *interface*, whatever script the
    text is in (Qt would right-align an Arabic pseudonym in an English window, and the reverse)."""
    side = Qt.AlignmentFlag.AlignRight if label.isRightToLeft() else Qt.AlignmentFlag.AlignLeft
    label.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
    return label


#: Cells longer than this also carry their whole text as a tooltip (the column elides it).
TOOLTIP_FROM = 40


#: Direction marks and isolates our own formatting adds (dates, numbers in RTL text); the
#: overrides and embeddings (U+202A–U+202E) stay out, they can disguise what text says.
_BIDI_KEPT = frozenset("\u200e\u200f\u2066\u2067\u2068\u2069")


def clean(text: object) -> str:
    """One line of untrusted text for a list cell: no control characters, no line breaks."""
    value = " ".join(("" if text is None else str(text)).split())
    if value.isprintable():  # the usual case, checked in C
        return value
    return "".join(ch for ch in value if ch.isprintable() or ch in _BIDI_KEPT)


class RecordList(QTreeWidget):
    """A flat list of records, one line each. Enter or a double-click asks to open the record
    (``openRequested(id, kind)``); ``open_on_click`` opens on a single click too (Overview)."""

    openRequested = Signal(str, str)
    currentRecordChanged = Signal(object)

    def __init__(
        self,
        headers: Sequence[str],
        name: str,
        parent: QWidget | None = None,
        *,
        open_on_click: bool = False,
        select_first: bool = True,
        min_rows: int = 0,
    ) -> None:
        super().__init__(parent)
        self._select_first = select_first
        if min_rows:
            # Inside a scroll area a list would shrink to one line; keep a few readable.
            line = self.fontMetrics().height() + 6
            self.setMinimumHeight(line * (min_rows + 1) + 2 * self.frameWidth())
        self.setColumnCount(len(headers))
        self.setHeaderLabels(list(headers))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAllColumnsShowFocus(True)
        self.setAccessibleName(name)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._kinds: dict[str, str] = {}
        self.itemActivated.connect(self._activated)
        if open_on_click:
            self.clicked.connect(self._clicked)
        self.currentItemChanged.connect(self._current_changed)

    def set_rows(self, rows: Sequence[Row], *, empty: str = "") -> None:
        keep = self.selected_id()
        self.blockSignals(True)
        try:
            self.clear()
            self._kinds = {}
            for row in rows:
                cells = [clean(c) for c in row.cells]
                item = QTreeWidgetItem(cells)
                item.setData(0, _ID, row.record_id)
                for column, text in enumerate(cells):
                    if len(text) > TOOLTIP_FROM:
                        item.setToolTip(column, text)
                self._kinds[row.record_id] = row.kind
                self.addTopLevelItem(item)
            if not rows and empty:
                item = QTreeWidgetItem([empty])
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setFirstColumnSpanned(True)
                self.addTopLevelItem(item)
                item.setFirstColumnSpanned(True)
            for column in range(self.columnCount() - 1):
                self.resizeColumnToContents(column)
                # A little slack: at exactly the text's width Qt elides it, and the elided
                # string loses its direction marks (an Arabic "5 × 3" then reads backwards).
                self.setColumnWidth(column, min(360, self.columnWidth(column) + 12))
        finally:
            self.blockSignals(False)
        if keep is not None and self.select_id(keep):
            return
        first = self.topLevelItem(0)
        if self._select_first and first is not None and first.data(0, _ID):
            self.setCurrentItem(first)
        else:
            self.currentRecordChanged.emit(None)

    def ids(self) -> list[str]:
        out = []
        for i in range(self.topLevelItemCount()):
            value = self.topLevelItem(i).data(0, _ID)
            if value:
                out.append(value)
        return out

    def row_texts(self) -> list[list[str]]:
        return [
            [self.topLevelItem(i).text(c) for c in range(self.columnCount())]
            for i in range(self.topLevelItemCount())
        ]

    def selected_id(self) -> str | None:
        item = self.currentItem()
        return item.data(0, _ID) if item is not None else None

    def select_id(self, record_id: str) -> bool:
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item.data(0, _ID) == record_id:
                self.setCurrentItem(item)
                return True
        return False

    def item_for(self, record_id: str) -> QTreeWidgetItem | None:
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item.data(0, _ID) == record_id:
                return item
        return None

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        record_id = item.data(0, _ID)
        if record_id:
            self.openRequested.emit(record_id, self._kinds.get(record_id, ""))

    def _clicked(self, index: QModelIndex) -> None:
        item = self.itemFromIndex(index)
        if item is not None:
            self._activated(item, index.column())

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        self.currentRecordChanged.emit(current.data(0, _ID) if current is not None else None)


class KeyValues(QWidget):
    """Read-only "label: value" lines (a profile, a case)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}

    def set_rows(self, rows: Sequence[tuple[str, str, str]]) -> None:
        """(key, label, value) triples; the key lets tests and callers find a value."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.values = {}
        for key, label, value in rows:
            text = QLabel(value or pgettext("no value", "—"), self)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setWordWrap(True)
            align_start(text)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setAccessibleName(label)
            mark_data(text)
            self.values[key] = text
            self.form.addRow(label, text)


class MoneyCard(QFrame):
    """A figure with its caption, e.g. "Remaining · €1,500.00"."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = QLabel(caption, self)
        self.value = QLabel("—", self)
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.value.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.value.setFont(font)
        mark_data(self.value)
        box = QVBoxLayout(self)
        box.addWidget(self.caption)
        box.addWidget(self.value)

    def set_value(self, text: str) -> None:
        self.value.setText(text)
        self.setAccessibleName(labelled(self.caption.text(), text))


class ChecklistView(RecordList):
    """A checklist as recorded (item · answer · number · note), read-only."""

    def __init__(self, name: str, parent: QWidget | None = None, *, numbers: bool = True):
        headers = [_("Item"), _("Answer"), _("Number"), _("Note")]
        if not numbers:
            headers.remove(_("Number"))
        self._numbers = numbers
        super().__init__(headers, name, parent, select_first=False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

    def set_checklist(self, vocab, answers: dict[object, F.ChecklistAnswer]) -> None:
        rows = []
        for item in vocab:
            line = answers.get(item)
            answer = line.answer.label if line is not None and line.answer is not None else "—"
            note = line.note if line is not None else ""
            cells = [item.label, answer]
            if self._numbers:
                number = "" if line is None or line.value is None else str(line.value)
                cells.append(number)
            cells.append(note)
            rows.append(Row(item.value, cells))
        self.set_rows(rows)


def badge(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def set_risk_badge(label: QLabel, level: RiskLevel | None) -> None:
    text = (
        _("Risk: {level}").format(level=level.label)
        if level is not None
        else _("Risk: not assessed")
    )
    label.setText(text)
    label.setAccessibleName(text)
    label.setStyleSheet(level_style_sheet(level))


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def push_button(text: str, parent: QWidget | None = None, *, shortcut: str = "") -> QPushButton:
    button = QPushButton(text, parent)
    if shortcut:
        button.setShortcut(QKeySequence(shortcut))
    return button


class SideBySide(QWidget):
    """Widgets side by side when the width allows, else one under the other (at 200 % text
    the risk matrix and the trend do not fit next to each other)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        # The size hints below decide; the layout must not impose the side-by-side minimum.
        self.box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._widgets: list[QWidget] = []

    def add(self, widget: QWidget, stretch: int = 0) -> None:
        self._widgets.append(widget)
        self.box.addWidget(widget, stretch)

    @property
    def stacked(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.TopToBottom

    def _side_by_side_width(self) -> int:
        spacing = self.box.spacing() * max(0, len(self._widgets) - 1)
        return sum(w.minimumSizeHint().width() for w in self._widgets) + spacing

    def minimumSizeHint(self) -> QSize:
        hints = [w.minimumSizeHint().expandedTo(w.minimumSize()) for w in self._widgets]
        if not hints:
            return QSize(0, 0)
        width = max(h.width() for h in hints)
        if self.stacked:
            height = sum(h.height() for h in hints) + self.box.spacing() * (len(hints) - 1)
        else:
            height = max(h.height() for h in hints)
        return QSize(width, height)

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        wanted = (
            QBoxLayout.Direction.TopToBottom
            if event.size().width() < self._side_by_side_width()
            else QBoxLayout.Direction.LeftToRight
        )
        if wanted != self.box.direction():
            self.box.setDirection(wanted)
            self.updateGeometry()
        super().resizeEvent(event)
