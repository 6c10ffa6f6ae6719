"""The table view for record lists: whole-row selection, Enter opens, badges, no full scans.

Two Qt conveniences would read every row of a paged model and are turned off: type-ahead search
(``keyboardSearch`` walks the model with ``match()``) and "resize to contents" (measures up to
1,000 rows); columns are sized from their typical width and the rows already in memory instead.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from hrd_desk.ui.lists.badges import BadgeDelegate, badge_width
from hrd_desk.ui.lists.model import ID_ROLE, RecordListModel

#: Widest a column gets when sized to its contents, in average characters.
MAX_CHARS = 36


class RecordTableView(QTableView):
    #: Enter, Return or a double click on a row: the record id.
    openRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.badges = BadgeDelegate(self)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(QFontMetrics(self.font()).height() + 12)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSectionsClickable(True)
        header.setResizeContentsPrecision(0)
        self.doubleClicked.connect(self._open_index)

    def setModel(self, model) -> None:  # type: ignore[override]
        super().setModel(model)
        if isinstance(model, RecordListModel):
            model.modelReset.connect(self._install_delegates)
        self._install_delegates()

    def _install_delegates(self) -> None:
        # Only badge columns get the Python delegate; the rest stay with Qt's own, in C++.
        model = self.model()
        columns = model.columns if isinstance(model, RecordListModel) else ()
        for i in range(max(len(columns), self.horizontalHeader().count())):
            badge = i < len(columns) and columns[i].badge is not None
            if badge:
                self.setItemDelegateForColumn(i, self.badges)
            elif self.itemDelegateForColumn(i) is self.badges:
                self.setItemDelegateForColumn(i, None)

    # -- opening --------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if enter and plain and self.currentIndex().isValid():
            self._open_index(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def _open_index(self, index: QModelIndex) -> None:
        record_id = index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None
        if record_id:
            self.openRequested.emit(str(record_id))

    def keyboardSearch(self, search: str) -> None:
        """Off: it would read every page of the model looking for a match."""

    def selected_id(self) -> str | None:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row()):
            return None
        value = index.siblingAtColumn(0).data(ID_ROLE)
        return str(value) if value else None

    def select_row(self, row: int) -> None:
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            return
        index = model.index(row, max(0, self.currentIndex().column()))
        # Not selectRow(): in a right-to-left view whose columns do not fill the width it
        # looks for a column at the far edge, finds none, and clears the current row.
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    # -- sizing ---------------------------------------------------------------------------------
    def fit_columns(self) -> None:
        """Each column as wide as its header, its typical content and the rows in memory (up
        to a limit); the last one takes the rest."""
        model = self.model()
        if not isinstance(model, RecordListModel):
            return
        fm = QFontMetrics(self.font())
        header_fm = QFontMetrics(self.horizontalHeader().font())
        average = max(1, fm.averageCharWidth())
        rows = model.cached_rows()[:200]
        padding = 2 * self.style().pixelMetric(self.style().PixelMetric.PM_FocusFrameHMargin) + 16
        for i, column in enumerate(model.columns):
            title = model.headerData(i, Qt.Orientation.Horizontal)
            width = header_fm.horizontalAdvance(str(title)) + 28  # room for the sort arrow
            width = max(width, column.chars * average // 2)
            for row in rows:
                text = row.texts[i] if i < len(row.texts) else ""
                if column.badge is not None and row.tones[i]:
                    needed = badge_width(fm, text) + 8
                else:
                    needed = fm.horizontalAdvance(text)
                width = max(width, needed)
            # Long texts (categories, needs) are elided with a tooltip rather than wide.
            cap = max(
                header_fm.horizontalAdvance(str(title)) + 28,
                min(MAX_CHARS, column.chars * 3 // 2) * average,
            )
            width = min(width, cap) + padding
            self.setColumnWidth(i, width)
