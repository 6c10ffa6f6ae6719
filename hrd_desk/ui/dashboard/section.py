"""The dashboard section: "Needs action" sorted by date, and beside it the post at a glance.

Loading runs in a worker on a connection of its own (``vault.connect()``, released after), with
a busy bar; it runs again whenever the dashboard is shown, after a record opened from it is
saved, and when the backup time or the reminder interval changes. The clock is injectable so a
test can fix "today".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeySequence,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases import settings as vault_settings
from hrd_desk.formats import format_date, format_money, format_number
from hrd_desk.i18n import N_, _, ngettext
from hrd_desk.ui.dashboard.charts import Bar, BarChart
from hrd_desk.ui.dashboard.data import ALERT, BACKUP, ActionItem, DashboardData, load_dashboard
from hrd_desk.ui.dashboard.opening import open_item
from hrd_desk.ui.session import Session
from hrd_desk.ui.widgets import busy_bar, heading, message_label
from hrd_desk.ui.workers import Job, error_message, with_connection

Clock = Callable[[], datetime]

#: The status column's colour only underlines its word.
OVERDUE_COLOUR = QColor("#c62828")
ALERT_COLOUR = QColor("#ad1457")

RISK_COLOURS = {
    "critical": QColor("#b71c1c"),
    "high": QColor("#e65100"),
    "medium": QColor("#f9a825"),
    "low": QColor("#2e7d32"),
    "none": QColor("#9e9e9e"),
}


def _now() -> datetime:
    return datetime.now(UTC)


def status_text(item: ActionItem, today: date) -> str:
    """The status in words (never in colour alone)."""
    if item.kind == ALERT:
        return _("Alert")
    if item.overdue:
        return _("Overdue")
    if item.date == today:
        return _("Due today")
    return _("Upcoming")


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class ActionModel(QStandardItemModel):
    """The lines of "Needs action". A standard item model on purpose: the cells live on the
    C++ side, so painting calls no Python (PySide6 6.12 on Python 3.11 loses a reference to
    None for each ``headerData`` returning None and for each new QFont ``data`` returns, which
    ends in a crash after enough repaints)."""

    COLUMNS = (N_("Date"), N_("Status"), N_("What"), N_("Defender"))
    DATE, STATUS, WHAT, DEFENDER = range(4)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.COLUMNS), parent)
        self._items: list[ActionItem] = []
        self._bold = _bold()
        self.setHorizontalHeaderLabels([_(title) for title in self.COLUMNS])

    #: A post with years of history can have thousands of overdue reviews; the table shows the
    #: first ones (oldest first) and says how many there are, rather than freeze the window for
    #: a second building rows nobody scrolls to.
    MAX_ROWS = 300

    def set_items(self, items: list[ActionItem], today: date) -> None:
        self._items = list(items[: self.MAX_ROWS])
        self.removeRows(0, self.rowCount())
        for item in self._items:
            self.appendRow(self._cells(item, today))

    def _cells(self, item: ActionItem, today: date) -> list[QStandardItem]:
        if item.kind == BACKUP:
            tip = _("Press Enter or double-click to make a backup now.")
        else:
            tip = item.detail or item.label
        texts = (format_date(item.date), status_text(item, today), item.label, item.pseudonym)
        cells = []
        for text in texts:
            cell = QStandardItem(text or "—")
            cell.setEditable(False)
            cell.setToolTip(tip)
            cells.append(cell)
        status = cells[self.STATUS]
        if item.kind == ALERT or item.overdue:
            status.setForeground(QBrush(ALERT_COLOUR if item.kind == ALERT else OVERDUE_COLOUR))
            status.setFont(self._bold)
        return cells

    def items(self) -> list[ActionItem]:
        return list(self._items)

    def item_at(self, row: int) -> ActionItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None


def _group(title: str, parent: QWidget) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title, parent)
    layout = QVBoxLayout(box)
    return box, layout


class DashboardSection(QWidget):
    #: A load finished and the views show its data.
    loaded = Signal()

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.clock: Clock = clock or _now
        self.data: DashboardData | None = None
        self.job: Job | None = None
        self.dialog: QWidget | None = None
        self._generation = 0

        # -- "Needs action" (left) ------------------------------------------------------------
        title = heading(_("Needs action"), self, scale=1.3)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.busy = busy_bar(self)
        self.busy.setAccessibleName(_("Loading the dashboard"))
        self.refresh_button = QPushButton(_("Refresh"), self)
        self.refresh_button.setToolTip(_("Load the dashboard again (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence.StandardKey.Refresh, self, activated=self.refresh)

        self.banner = QFrame(self)
        self.banner.setObjectName("backupReminder")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner_text = message_label(self.banner)
        self.backup_button = QPushButton(_("Back up now…"), self.banner)
        self.backup_button.clicked.connect(self.back_up)
        banner_row = QHBoxLayout(self.banner)
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.backup_button)
        self.banner.setVisible(False)

        self.model = ActionModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("needsAction")
        self.table.setAccessibleName(_("Needs action"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        for column in (ActionModel.DATE, ActionModel.STATUS, ActionModel.DEFENDER):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ActionModel.WHAT, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.empty = message_label(self)
        self.empty.setText(_("Nothing needs action today."))
        self.empty.setVisible(False)
        self.message = message_label(self, error=True)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.busy)
        left.addWidget(self.banner)
        left.addWidget(self.message)
        left.addWidget(self.table, 1)
        left.addWidget(self.empty)

        # -- the post at a glance (right) -----------------------------------------------------
        side = QWidget(self)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        requests_box, box = _group(_("Requests by state"), side)
        self.requests_chart = BarChart(_("Requests by state"), requests_box)
        self.requests_total = QLabel(requests_box)
        box.addWidget(self.requests_chart)
        box.addWidget(self.requests_total)
        risk_box, box = _group(_("Defenders by risk level"), side)
        self.risk_chart = BarChart(_("Defenders by risk level"), risk_box)
        self.defenders_total = QLabel(risk_box)
        box.addWidget(self.risk_chart)
        box.addWidget(self.defenders_total)
        self.funds_box, box = _group(_("Funds this year"), side)
        self.funds = QTableWidget(0, 3, self.funds_box)
        self.funds.setAccessibleName(_("Funds approved and paid this year"))
        self.funds.setHorizontalHeaderLabels([_("Programme"), _("Approved"), _("Paid")])
        self.funds.verticalHeader().setVisible(False)
        self.funds.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.funds.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.funds.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.funds.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.funds.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        funds_header = self.funds.horizontalHeader()
        funds_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        funds_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        funds_header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.funds_note = message_label(self.funds_box)
        box.addWidget(self.funds)
        box.addWidget(self.funds_note)
        column.addWidget(requests_box)
        column.addWidget(risk_box)
        column.addWidget(self.funds_box)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(side)
        scroll.setMinimumWidth(340)

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(left, 3)
        outer.addWidget(scroll, 2)
        self.setTabOrder(self.refresh_button, self.backup_button)
        self.setTabOrder(self.backup_button, self.table)

        session.vaultSettingChanged.connect(self._setting_changed)

    # -- section protocol ---------------------------------------------------------------------
    def section_shown(self) -> None:
        self.refresh()

    def close_section(self) -> None:
        """The vault locks: stop loading and forget everything shown."""
        if self.job is not None:
            self.job.cancel()
            self.job = None
        self._generation += 1
        self.data = None
        self.model.set_items([], date.today())
        self.requests_chart.set_bars([])
        self.risk_chart.set_bars([])
        self.funds.setRowCount(0)

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.session.closed:
            return
        if self.job is not None:
            self.job.cancel()
        self._generation += 1
        generation = self._generation
        now = self.clock()
        self.busy.setVisible(True)
        self.refresh_button.setEnabled(False)
        self.job = self.session.workers.submit(
            with_connection(
                self.session.vault, lambda conn, ctx: load_dashboard(conn, now, check=ctx.check)
            ),
            name="dashboard",
            on_finished=lambda data: self._loaded(generation, data),
            on_failed=lambda exc: self._failed(generation, exc),
            on_cancelled=lambda: self._stopped(generation),
        )

    def is_loading(self) -> bool:
        return self.job is not None

    def _current(self, generation: int) -> bool:
        if generation != self._generation:
            return False  # an older load, overtaken by a newer one
        self.job = None
        self.busy.setVisible(False)
        self.refresh_button.setEnabled(True)
        return True

    def _stopped(self, generation: int) -> None:
        self._current(generation)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if self._current(generation):
            self.message.setText(error_message(exc))
            self.message.setVisible(True)

    def _loaded(self, generation: int, data: DashboardData) -> None:
        if not self._current(generation):
            return
        self.data = data
        self.message.setVisible(False)
        self._show_items(data)
        self._show_counts(data)
        self._show_funds(data)
        self.loaded.emit()

    def _show_items(self, data: DashboardData) -> None:
        selected = self._selected_key()
        self.model.set_items(data.items, data.today)
        overdue = sum(1 for item in data.items if item.overdue)
        text = ngettext("{n} item", "{n} items", len(data.items)).format(
            n=format_number(len(data.items))
        )
        if overdue:
            text += " · " + ngettext("{n} overdue", "{n} overdue", overdue).format(
                n=format_number(overdue)
            )
        if len(data.items) > self.model.MAX_ROWS:
            text += " · " + _("the first {n} are listed").format(
                n=format_number(self.model.MAX_ROWS)
            )
        self.summary.setText(text)
        has_items = bool(data.items)
        self.table.setVisible(has_items)
        self.empty.setVisible(not has_items)
        if data.backup_due:
            if data.last_backup is None:
                self.banner_text.setText(
                    _(
                        "This vault has never been backed up. A lost or seized laptop would "
                        "take every record with it."
                    )
                )
            else:
                self.banner_text.setText(
                    ngettext(
                        "The last backup is more than {n} day old.",
                        "The last backup is more than {n} days old.",
                        data.reminder_days,
                    ).format(n=data.reminder_days)
                )
        self.banner.setVisible(data.backup_due)
        self._reselect(selected)

    def _selected_key(self) -> tuple[str, str | None] | None:
        item = self.current_item()
        return (item.kind, item.record_id) if item is not None else None

    def _reselect(self, key: tuple[str, str | None] | None) -> None:
        if key is None:
            return
        for row, item in enumerate(self.model.items()):
            if (item.kind, item.record_id) == key:
                self.table.selectRow(row)
                return

    def _show_counts(self, data: DashboardData) -> None:
        self.requests_chart.set_bars([Bar(c.label, c.count) for c in data.requests_by_status])
        self.requests_total.setText(
            ngettext("{n} request in all", "{n} requests in all", data.requests_total).format(
                n=format_number(data.requests_total)
            )
        )
        self.risk_chart.set_bars(
            [Bar(c.label, c.count, RISK_COLOURS.get(c.key)) for c in data.defenders_by_risk]
        )
        self.defenders_total.setText(
            ngettext("{n} defender in all", "{n} defenders in all", data.defenders_total).format(
                n=format_number(data.defenders_total)
            )
        )

    def _show_funds(self, data: DashboardData) -> None:
        self.funds_box.setTitle(_("Funds this year ({year})").format(year=data.today.year))
        self.funds.setRowCount(len(data.funds))
        end = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
        for row, totals in enumerate(data.funds):
            programme = totals.programme.label if totals.programme else _("No programme")
            cells = [
                QTableWidgetItem(programme),
                QTableWidgetItem(format_money(totals.approved, totals.currency)),
                QTableWidgetItem(format_money(totals.paid, totals.currency)),
            ]
            for col, cell in enumerate(cells):
                if col:
                    cell.setTextAlignment(end)
                self.funds.setItem(row, col, cell)
        self.funds.setVisible(bool(data.funds))
        self.funds_note.setText(
            _("Grants that start this year; each currency on its own line.")
            if data.funds
            else _("No grant approved or paid this year.")
        )
        # As tall as its rows: the side column scrolls, not this table.
        self.funds.resizeRowsToContents()
        height = self.funds.horizontalHeader().sizeHint().height()
        height += self.funds.verticalHeader().length() + 2 * self.funds.frameWidth()
        self.funds.setFixedHeight(height)

    # -- opening ------------------------------------------------------------------------------
    def current_item(self) -> ActionItem | None:
        index = self.table.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def _activated(self, index: QModelIndex) -> None:
        item = self.model.item_at(index.row())
        if item is not None:
            self.open_item(item)

    def open_item(self, item: ActionItem) -> QWidget | None:
        """Open what the line is about: its record, or the backup action."""
        self.message.setVisible(False)
        if item.kind == BACKUP:
            return self.back_up()
        dialog = None
        if item.record_kind and item.record_id:
            dialog = open_item(
                self,
                self.session,
                item.record_kind,
                item.record_id,
                item.defender_id,
                on_saved=self._saved,
            )
        if dialog is None:
            self.message.setText(_("This record no longer exists."))
            self.message.setVisible(True)
            self.refresh()
        self.dialog = dialog
        return dialog

    def _saved(self, _record: object) -> None:
        self.refresh()

    def back_up(self) -> QWidget:
        from hrd_desk.ui.backup.pane import open_backup_dialog

        self.dialog = open_backup_dialog(self.session, self)
        return self.dialog

    def _setting_changed(self, key: str) -> None:
        if key in (vault_settings.LAST_BACKUP_AT, vault_settings.BACKUP_REMINDER_DAYS):
            self.refresh()
