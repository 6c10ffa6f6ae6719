"""One conflict of an incoming bundle: a record changed here and by the sender since they last
agreed. The officer keeps this vault's version, takes the sender's, or goes field by field in a
grid (field · this vault's value · the sender's value · which to keep). Nothing is chosen
for them: until every differing field has a side, the conflict is unresolved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases.record import Record
from hrd_desk.exchange.merge import MINE, THEIRS, Item, Resolution
from hrd_desk.i18n import _
from hrd_desk.ui.exchange.values import one_line, value_text
from hrd_desk.ui.widgets import mark_data, message_label

#: The panel's modes: the whole record one way, or field by field.
FIELDS = "fields"
#: Columns of the grid.
FIELD_COLUMN, MINE_COLUMN, THEIRS_COLUMN, CHOICE_COLUMN = range(4)


@dataclass
class ConflictChoice:
    """What the officer chose so far for one conflict (kept across a refused import)."""

    mode: str | None = None
    sides: dict[str, str] = field(default_factory=dict)


def side_text(side: str) -> str:
    return _("This vault") if side == MINE else _("The sender")


class ConflictPanel(QGroupBox):
    """``changed(record_id)`` whenever the choice for this record changes."""

    changed = Signal(str)

    def __init__(
        self,
        item: Item,
        *,
        lookup: Callable[[str, str], str | None] | None = None,
        choice: ConflictChoice | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("conflictPanel")
        self.setTitle(_("Conflict: {record}").format(record=one_line(item.title())))
        text = message_label(self)
        text.setText(
            _(
                "This record was changed here and by the sender since your last exchange. "
                "Choose which version to keep: the whole record, or field by field."
            )
        )
        self.keep_mine = QRadioButton(_("Keep &this vault's version"), self)
        self.take_theirs = QRadioButton(_("Take the &sender's version"), self)
        self.by_field = QRadioButton(_("Choose &field by field"), self)
        self.modes = QButtonGroup(self)
        for button, mode in (
            (self.keep_mine, MINE),
            (self.take_theirs, THEIRS),
            (self.by_field, FIELDS),
        ):
            self.modes.addButton(button)
            button.setProperty("mode", mode)
        self.modes.buttonClicked.connect(self._mode_clicked)
        self.by_field.setVisible(bool(item.fields))

        self.grid = mark_data(QTableWidget(len(item.fields), 4, self))
        self.grid.setObjectName("conflictGrid")
        self.grid.setAccessibleName(_("Differing fields"))
        self.grid.setHorizontalHeaderLabels(
            [_("Field"), _("This vault"), _("The sender"), _("Version to keep")]
        )
        self.grid.verticalHeader().setVisible(False)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.grid.setWordWrap(True)
        self.grid.setVisible(bool(item.fields))
        self.combos: dict[str, QComboBox] = {}
        mine, theirs = item.mine, item.theirs
        for row, name in enumerate(item.fields):
            label = _field_label(theirs, name)
            cells = [
                label,
                value_text(mine, name, lookup=lookup) if mine is not None else "—",
                value_text(theirs, name, lookup=lookup),
            ]
            for column, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
                self.grid.setItem(row, column, cell)
            combo = QComboBox(self.grid)
            combo.setAccessibleName(_("Keep for {field}").format(field=label))
            combo.setPlaceholderText(_("Choose…"))
            combo.addItem(side_text(MINE), MINE)
            combo.addItem(side_text(THEIRS), THEIRS)
            combo.setCurrentIndex(-1)
            combo.currentIndexChanged.connect(self._field_changed)
            self.grid.setCellWidget(row, CHOICE_COLUMN, combo)
            self.combos[name] = combo
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(FIELD_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MINE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(THEIRS_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CHOICE_COLUMN, QHeaderView.ResizeMode.Fixed)
        widest = max((combo.sizeHint().width() for combo in self.combos.values()), default=0)
        self.grid.setColumnWidth(CHOICE_COLUMN, max(widest, header.sectionSizeHint(3)) + 8)
        header.sectionResized.connect(lambda *_a: self.grid.resizeRowsToContents())
        self.grid.resizeRowsToContents()

        radios = QHBoxLayout()
        for button in (self.keep_mine, self.take_theirs, self.by_field):
            radios.addWidget(button)
        radios.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(text)
        box.addLayout(radios)
        box.addWidget(self.grid, 1)
        self._restoring = False
        self.restore(choice or ConflictChoice())

    # -- state --------------------------------------------------------------------------------
    @property
    def record_id(self) -> str:
        return self.item.record_id

    def mode(self) -> str | None:
        button = self.modes.checkedButton()
        return button.property("mode") if button is not None else None

    def sides(self) -> dict[str, str]:
        return {
            name: combo.currentData() for name, combo in self.combos.items() if combo.currentData()
        }

    def choice(self) -> ConflictChoice:
        return ConflictChoice(self.mode(), self.sides())

    def resolution(self) -> Resolution | None:
        """What :func:`hrd_desk.exchange.merge.apply` needs, or None while undecided."""
        mode = self.mode()
        if mode in (MINE, THEIRS):
            return mode
        if mode == FIELDS:
            sides = self.sides()
            if set(sides) == set(self.item.fields):
                return sides
        return None

    def restore(self, choice: ConflictChoice) -> None:
        """Show an earlier choice (fields the record no longer has are dropped)."""
        self._restoring = True
        try:
            for name, combo in self.combos.items():
                side = choice.sides.get(name)
                combo.setCurrentIndex(combo.findData(side) if side else -1)
            button = {MINE: self.keep_mine, THEIRS: self.take_theirs, FIELDS: self.by_field}.get(
                choice.mode or ""
            )
            if choice.mode == FIELDS and not self.item.fields:
                button = None
            if button is not None:
                button.setChecked(True)
            self._apply_mode(choice.mode)
        finally:
            self._restoring = False

    def set_mode(self, mode: str) -> None:
        button = {MINE: self.keep_mine, THEIRS: self.take_theirs, FIELDS: self.by_field}[mode]
        button.setChecked(True)
        self._mode_clicked(button)

    def _mode_clicked(self, button: QRadioButton) -> None:
        self._apply_mode(button.property("mode"))
        if button.property("mode") == FIELDS:
            first = next(iter(self.combos.values()), None)
            if first is not None:
                first.setFocus()
        self.changed.emit(self.record_id)

    def _apply_mode(self, mode: str | None) -> None:
        whole = mode in (MINE, THEIRS)
        for combo in self.combos.values():
            if whole:
                combo.blockSignals(True)
                combo.setCurrentIndex(combo.findData(mode))
                combo.blockSignals(False)
            combo.setEnabled(mode == FIELDS)
        self._show_sides()

    def _field_changed(self, _index: int) -> None:
        self._show_sides()
        if not self._restoring:
            self.changed.emit(self.record_id)

    def _show_sides(self) -> None:
        """The value that will be kept, in bold (the words in the last column say it too)."""
        for row, name in enumerate(self.item.fields):
            side = self.combos[name].currentData()
            for column, mine in ((MINE_COLUMN, MINE), (THEIRS_COLUMN, THEIRS)):
                cell = self.grid.item(row, column)
                font = cell.font()
                font.setBold(side == mine)
                cell.setFont(font)

    def set_editable(self, on: bool) -> None:
        for button in (self.keep_mine, self.take_theirs, self.by_field):
            button.setEnabled(on)
        for combo in self.combos.values():
            combo.setEnabled(on and self.mode() == FIELDS)


def _field_label(record: Record, name: str) -> str:
    try:
        return type(record).field_label(name)
    except KeyError:
        return name
