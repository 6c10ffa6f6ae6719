"""One list on screen: filters above, the count line, the table, a short preview below.

Enter (or a double click) opens the selected record: a defender's page for a defender, the
form for anything else (see :mod:`.opening`). The panel's *location* — sort, filters, the
selected record's id and row — is plain data (no case text), so a lock or a language change
brings the officer back to the same place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases import settings as vault_settings
from hrd_desk.i18n import _, pgettext
from hrd_desk.ui.lists import columns as C
from hrd_desk.ui.lists import opening
from hrd_desk.ui.lists.flow import FlowLayout
from hrd_desk.ui.lists.model import RecordListModel
from hrd_desk.ui.lists.view import RecordTableView
from hrd_desk.ui.widgets import mark_data, message_label

if TYPE_CHECKING:
    from hrd_desk.cases.record import Record
    from hrd_desk.ui.session import Session

#: Kinds whose rows link to a defender, counted in a defender's preview.
_LINKED_COUNTS = ("request", "grant", "prison_visit", "hearing")


class FilterBar(QWidget):
    """One combo per filter of the list ("Any status", "Detained", …) and "Clear filters".
    A combo with a filter set is shown in bold, like a chip that is on."""

    changed = Signal()

    def __init__(self, list_kind: C.ListKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list_kind = list_kind
        self.combos: dict[str, QComboBox] = {}
        #: key → the plain labels of its items (a chosen item reads "Risk level: High").
        self._labels: dict[str, list[str]] = {}
        self._specs = {spec.key: spec for spec in list_kind.filters}
        flow = FlowLayout(self)
        for spec in list_kind.filters:
            combo = QComboBox(self)
            combo.addItem(_(spec.any_text), None)
            for value, label in spec.choices():
                combo.addItem(label, value)
            combo.setAccessibleName(_(spec.name))
            combo.setToolTip(_(spec.name))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaxVisibleItems(16)
            combo.currentIndexChanged.connect(self._changed)
            self.combos[spec.key] = combo
            self._labels[spec.key] = [combo.itemText(i) for i in range(combo.count())]
            flow.addWidget(combo)
        self.clear_button = QToolButton(self)
        self.clear_button.setText(_("Clear filters"))
        self.clear_button.setToolTip(_("Show every record again"))
        self.clear_button.setAccessibleName(_("Clear filters"))
        self.clear_button.clicked.connect(self.clear)
        flow.addWidget(self.clear_button)
        self._update_look()

    def values(self) -> dict[str, list[str]]:
        out = {}
        for key, combo in self.combos.items():
            value = combo.currentData()
            if value:
                out[key] = [str(value)]
        return out

    def set_values(self, values: dict[str, list[str]]) -> None:
        """Show *values* (from a saved location) without announcing a change."""
        for key, combo in self.combos.items():
            wanted = (values.get(key) or [None])[0]
            index = combo.findData(wanted) if wanted else 0
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
        self._update_look()

    def set_filter(self, key: str, value: str | None) -> None:
        combo = self.combos[key]
        combo.setCurrentIndex(max(0, combo.findData(value)) if value else 0)

    def clear(self) -> None:
        if not self.values():
            return
        for combo in self.combos.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._changed()

    def _changed(self) -> None:
        self._update_look()
        self.changed.emit()

    def _update_look(self) -> None:
        for key, combo in self.combos.items():
            on = combo.currentIndex() > 0
            labels = self._labels[key]
            for i, label in enumerate(labels):
                if i == combo.currentIndex() and on:
                    # Translators: a filter that is on, e.g. "Risk level: High".
                    label = _("{filter}: {value}").format(
                        filter=_(self._specs[key].label), value=label
                    )
                if combo.itemText(i) != label:
                    combo.setItemText(i, label)
            font = QFont(self.font())
            font.setBold(on)
            combo.setFont(font)
        self.clear_button.setEnabled(bool(self.values()))


class Preview(QFrame):
    """A few plain-text lines about the selected record (no full name unless shown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = mark_data(message_label(self))
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.body = mark_data(message_label(self))
        self.body.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        self.hint = message_label(self)
        self.hint.setText(_("Select a row to see a summary here; Enter opens it."))
        self.open_button = QPushButton(pgettext("verb", "Open"), self)
        self.open_button.setToolTip(_("Open the selected record (Enter)"))
        self.open_button.setEnabled(False)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.body)
        text.addWidget(self.hint)
        text.addStretch(1)
        row = QHBoxLayout(self)
        row.addLayout(text, 1)
        row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        # A title and three wrapped lines, at any text size.
        margins = row.contentsMargins()
        lines = QFontMetrics(self.font()).lineSpacing() * 4
        self.setMinimumHeight(lines + margins.top() + margins.bottom() + 8)
        self.clear()

    def show_text(self, title: str, body: str) -> None:
        self.title.setText(title)
        self.body.setText(body)
        self.title.setVisible(True)
        self.body.setVisible(bool(body))
        self.hint.setVisible(False)
        self.open_button.setEnabled(True)

    def clear(self) -> None:
        self.title.clear()
        self.body.clear()
        self.title.setVisible(False)
        self.body.setVisible(False)
        self.hint.setVisible(True)
        self.open_button.setEnabled(False)


class ListPanel(QWidget):
    """A filtered, sorted, paged list of one record kind."""

    #: The open-defender hook: a defender row was opened (its id). Connected by default to
    #: :func:`.opening.open_defender` (their workspace page, or their form).
    defenderRequested = Signal(str)
    #: Any other record was opened (kind, id): its form is open.
    recordOpened = Signal(str, str)

    def __init__(
        self, session: Session, list_kind: C.ListKind, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.list_kind = list_kind
        self.kind = list_kind.kind
        self.model = RecordListModel(
            list_kind,
            vault=session.vault,
            workers=session.workers,
            show_names=bool(session.setting(vault_settings.SHOW_NAMES, False)),
            parent=self,
        )
        self.filters = FilterBar(list_kind, self)
        self.count = QLabel(self)
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.count.setObjectName("listCount")
        self.error = message_label(self, error=True)
        self.table = mark_data(RecordTableView(self))
        self.table.setModel(self.model)
        self.table.setAccessibleName(_(list_kind.title))
        self.preview = Preview(self)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        # The table gets the room; the preview its few lines (the officer may drag the handle).
        splitter.setSizes([10 * self.preview.minimumHeight(), self.preview.minimumHeight()])
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.filters)
        box.addWidget(self.count)
        box.addWidget(self.error)
        box.addWidget(splitter, 1)
        self.setTabOrder(self.filters.clear_button, self.table)
        self.setTabOrder(self.table, self.preview.open_button)

        self._fitted = False
        self._pending_select: tuple[str, int] | None = None
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._failed)
        self.model.sortRejected.connect(self._show_sort)
        self.model.dataChanged.connect(self._page_arrived)
        self.model.modelReset.connect(self.preview.clear)
        self.filters.changed.connect(self._filters_changed)
        self.table.openRequested.connect(self.open_id)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.preview.open_button.clicked.connect(self.open_selected)
        self._show_sort()
        self.table.setSortingEnabled(True)
        self.count.setText(_("Loading…"))
        session.vaultSettingChanged.connect(self._setting_changed)
        self.defenderRequested.connect(
            lambda defender_id: opening.open_defender(self, self.session, defender_id)
        )

    # -- loading ------------------------------------------------------------------------------
    def load(self) -> None:
        """Read the list (first time) or read it again in place (coming back to it)."""
        if self.model.closed:
            return
        self._remember_selection()
        self.model.reload(keep_pages=self.model.has_loaded)

    def _loaded(self) -> None:
        self.error.setVisible(False)
        model = self.model
        self.count.setText(
            C.count_line(self.list_kind, model.grand_total, model.total, model.filtered)
        )
        if not self._fitted and self.model.total:
            self.table.fit_columns()
            self._fitted = True
        self._show_sort()
        self._try_select()

    def _failed(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
        self.count.setText("")

    def _show_sort(self) -> None:
        header = self.table.horizontalHeader()
        column = self.model.sort_column()
        header.blockSignals(True)
        try:
            header.setSortIndicatorShown(column >= 0)
            if column >= 0:
                header.setSortIndicator(column, self.model.sort_order())
        finally:
            header.blockSignals(False)
        header.viewport().update()

    def _filters_changed(self) -> None:
        self._remember_selection()
        self.model.set_filters(self.filters.values())

    def _setting_changed(self, key: str) -> None:
        if key == vault_settings.SHOW_NAMES and not self.model.closed:
            self._remember_selection()
            self._fitted = False
            self.model.set_show_names(bool(self.session.setting(vault_settings.SHOW_NAMES, False)))

    # -- selection ----------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        return self.table.selected_id()

    def _remember_selection(self) -> None:
        if self._pending_select is not None:
            return
        record_id = self.selected_id()
        if record_id:
            self._pending_select = (record_id, self.table.currentIndex().row())

    def _try_select(self) -> None:
        if self._pending_select is None or not self.model.has_loaded:
            return
        record_id, row = self._pending_select
        found = row if self.model.record_id(row) == record_id else self.model.find_row(record_id)
        if found >= 0:
            self._pending_select = None
            self.table.select_row(found)
            return
        if 0 <= row < self.model.total and self.model.cached_row(row) is None:
            # Its page is not read yet: scrolling there asks for it; try again when it comes.
            self.table.scrollTo(self.model.index(row, 0))
            self.model.row(row)
            return
        self._pending_select = None

    def _page_arrived(self, *_args: Any) -> None:
        if self._pending_select is not None:
            self._try_select()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.update_preview(current.row() if current.isValid() else -1)

    def update_preview(self, row: int) -> None:
        found = self.model.cached_row(row) if row >= 0 else None
        if found is None or self.session.closed:
            self.preview.clear()
            return
        texts = dict(zip((c.key for c in self.model.columns), found.texts, strict=True))
        if self.kind == "defender":
            title = texts.get("pseudonym", "")
            if self.model.show_names and found.values.get("full_name"):
                title = _("{pseudonym} · {name}").format(
                    pseudonym=title, name=found.values["full_name"]
                )
            skip = {"pseudonym", "full_name"}
        else:
            record = self.session.store.find_any(self.kind, found.id)
            title = record.title() if record is not None else ""
            skip = set()
        facts = [
            _("{label}: {value}").format(label=_(c.title), value=texts[c.key])
            for c in self.model.columns
            if c.key not in skip and texts.get(c.key) not in (None, "", C.EMPTY)
        ]
        lines = [" · ".join(facts)]
        if self.kind == "defender":
            lines.append(self._linked_counts(found.id))
        self.preview.show_text(title, "\n".join(line for line in lines if line))

    def _linked_counts(self, defender_id: str) -> str:
        store = self.session.store
        parts = []
        for kind in _LINKED_COUNTS:
            n = store.count(kind, {"defender_id": [defender_id]})
            parts.append(C.LISTS[kind].count_text(n))
        return " · ".join(parts)

    # -- opening ------------------------------------------------------------------------------
    def open_selected(self) -> None:
        record_id = self.selected_id()
        if record_id:
            self.open_id(record_id)

    def open_id(self, record_id: str) -> None:
        if self.session.closed:
            return
        if self.kind == "defender":
            self.defenderRequested.emit(record_id)
            return
        dialog = opening.edit_record(self, self.session, self.kind, record_id, on_saved=self._saved)
        if dialog is None:
            self.error.setText(_("This record is no longer in the vault."))
            self.error.setVisible(True)
            self.load()
            return
        self.recordOpened.emit(self.kind, record_id)

    def _saved(self, _record: Record) -> None:
        self.load()

    # -- location -----------------------------------------------------------------------------
    def location(self) -> dict[str, Any]:
        selected = self.selected_id()
        return {
            "sort": self.model.sort_key,
            "descending": self.model.descending,
            "filters": {k: list(v) for k, v in self.model.filters.items()},
            "selected": selected,
            "row": self.table.currentIndex().row() if selected else None,
        }

    def restore_location(self, location: object) -> None:
        if not isinstance(location, dict) or self.model.closed:
            return
        filters = location.get("filters")
        if isinstance(filters, dict):
            usable = {
                k: [str(v) for v in values]
                for k, values in filters.items()
                if k in self.filters.combos and isinstance(values, list)
            }
            self.filters.set_values(usable)
            self.model.set_filters(usable)
        sort = location.get("sort")
        if isinstance(sort, str) and sort in self.model.spec.sorts:
            self.model.set_sort(sort, bool(location.get("descending")))
            self._show_sort()
        selected, row = location.get("selected"), location.get("row")
        if isinstance(selected, str) and selected:
            self._pending_select = (selected, row if isinstance(row, int) else -1)
        if not self.model.has_loaded:
            self.model.reload(keep_pages=False)

    def close_list(self) -> None:
        """The vault is locking: drop the rows, the preview and the pending selection."""
        self._pending_select = None
        self.model.close()
        self.preview.clear()
        self.count.setText("")
