"""A paged table model over ``Store.list``: only the pages a view asks for are read.

``rowCount()`` is the total the store reports for the current filters; ``data()`` for a row whose
page is not in memory returns a placeholder and asks a worker for that page (one job per page,
on the worker's own connection); when it arrives the rows are announced with ``dataChanged``.
At most ``max_pages`` pages are kept (least recently used first out), so scrolling through
10,000 defenders never holds them all. Sorting and filtering are the store's SQL: a change
reloads the first page (or the pages in view) and resets the model when the answer arrives,
so the old rows stay on screen for the few milliseconds in between.

Privacy: full names and other identifying columns are dropped in the worker unless the vault's
"show names" setting is on, so they never reach the GUI's memory otherwise; :meth:`close` (on
lock) drops every row and every pending answer.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication

from hrd_desk.cases.listing import ListQuery
from hrd_desk.cases.store import Store
from hrd_desk.i18n import _, isolate
from hrd_desk.ui.lists import columns as C
from hrd_desk.ui.lists.badges import TONE_ROLE
from hrd_desk.ui.workers import Job, JobContext, Workers, error_message, with_connection

#: The record id of a row.
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The raw (untranslated) value of a cell, e.g. ``"detained"``.
RAW_ROLE = Qt.ItemDataRole.UserRole + 2

PAGE_SIZE = 100
MAX_PAGES = 8
#: What a row shows until its page arrives.
LOADING = "…"

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Row:
    id: str
    values: dict[str, Any]
    texts: tuple[str, ...]
    tones: tuple[str | None, ...]


@dataclass(frozen=True)
class _Request:
    kind: str
    filters: dict[str, list[str]]
    sort: str
    descending: bool
    offsets: tuple[int, ...]
    limit: int
    columns: tuple[C.Column, ...]
    hidden: frozenset[str]
    with_grand_total: bool
    #: Wrap each cell in a first-strong isolate: in a right-to-left view, "LGBTI+" or
    #: "Acacia-141" keep their own order (and an ellipsis its side).
    isolate: bool = False


@dataclass
class _Answer:
    pages: list[tuple[int, list[Row], int]] = field(default_factory=list)
    grand_total: int | None = None
    rows_fetched: int = 0


def _fetch(request: _Request) -> Callable[[Any, JobContext], _Answer]:
    """The worker's part: read the pages, drop hidden columns, format the cells."""

    def run(conn: Any, ctx: JobContext) -> _Answer:
        store = Store(conn, actor="lists")  # read-only: the actor is never written
        answer = _Answer()
        for offset in request.offsets:
            ctx.check()
            page = store.list(
                request.kind,
                ListQuery(
                    filters=request.filters,
                    sort=request.sort,
                    descending=request.descending,
                    offset=offset,
                    limit=request.limit,
                ),
            )
            rows = []
            for item in page.rows:
                values = {k: v for k, v in item.values.items() if k not in request.hidden}
                texts = tuple(c.text(values) for c in request.columns)
                if request.isolate:
                    texts = tuple(isolate(t) if t != C.EMPTY else t for t in texts)
                rows.append(
                    Row(item.id, values, texts, tuple(c.tone(values) for c in request.columns))
                )
            answer.pages.append((offset, rows, page.total))
        if request.with_grand_total:
            answer.grand_total = store.count(request.kind)
        answer.rows_fetched = store.rows_fetched
        return answer

    return run


class RecordListModel(QAbstractTableModel):
    """Rows of one record kind (see :mod:`hrd_desk.ui.lists.columns`), paged from the store."""

    #: A (re)load finished: rows, total and counts are current.
    loaded = Signal()
    #: Reading failed; the sentence to show.
    failed = Signal(str)
    #: A sort was asked for a column that cannot be sorted (the view puts its arrow back).
    sortRejected = Signal()

    def __init__(
        self,
        list_kind: C.ListKind,
        *,
        vault: Any,
        workers: Workers,
        show_names: bool = False,
        page_size: int = PAGE_SIZE,
        max_pages: int = MAX_PAGES,
        columns: tuple[str, ...] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        from hrd_desk.cases.listing import SPECS

        self.list_kind = list_kind
        self.spec = SPECS[list_kind.kind]
        self._vault = vault
        self._workers = workers
        self._only = columns
        self._show_names = bool(show_names)
        self._columns = self._visible_columns()
        self.page_size = page_size
        self.max_pages = max(2, max_pages)
        self.filters: dict[str, list[str]] = {}
        self.sort_key = self.spec.default_sort
        self.descending = self.spec.default_descending
        #: Rows read from the store by this model's jobs (``Store.rows_fetched`` summed).
        self.rows_fetched = 0
        #: Rows matching the filters, and all rows of the kind.
        self.total = 0
        self.grand_total = 0
        self.closed = False
        self.has_loaded = False
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._pending: set[int] = set()
        self._jobs: set[Job] = set()
        self._generation = 0
        self._reloading = False
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self._start_reload)
        self._keep_offsets = False

    # -- columns --------------------------------------------------------------------------------
    def _visible_columns(self) -> tuple[C.Column, ...]:
        cols = self.list_kind.columns
        if self._only is not None:
            cols = tuple(c for key in self._only for c in cols if c.key == key)
        return tuple(c for c in cols if self._show_names or not c.identifying)

    @property
    def columns(self) -> tuple[C.Column, ...]:
        return self._columns

    def column_index(self, key: str) -> int:
        for i, column in enumerate(self._columns):
            if column.key == key:
                return i
        return -1

    @property
    def show_names(self) -> bool:
        return self._show_names

    def set_show_names(self, on: bool) -> None:
        """Full names (and other identifying columns) appear or go: the pages are read again,
        since rows read without names do not have them."""
        on = bool(on)
        if on == self._show_names or self.closed:
            return
        self._show_names = on
        self.beginResetModel()
        self._columns = self._visible_columns()
        self._generation += 1
        self._pages.clear()
        self._pending.clear()
        self.endResetModel()
        self.reload()

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.closed else self.total

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(column.title)
        if role == Qt.ItemDataRole.ToolTipRole and column.sort is None:
            return _("This column cannot be sorted.")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.closed:
            return None
        row = self.row(index.row())
        col = index.column()
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole and col == 0:
                return LOADING
            return None
        if not 0 <= col < len(row.texts):
            return None
        column = self._columns[col]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[col]
        if role == TONE_ROLE:
            return row.tones[col]
        if role == ID_ROLE:
            return row.id
        if role == RAW_ROLE:
            return row.values.get(column.key)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = row.texts[col]
            return text if len(text) > column.chars else None
        if role == Qt.ItemDataRole.AccessibleTextRole and column.badge is not None:
            return _("{label}: {value}").format(label=_(column.title), value=row.texts[col])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind in (C.MONEY, C.NUMBER):
                return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns) or self._columns[column].sort is None:
            self.sortRejected.emit()
            return
        self.set_sort(self._columns[column].sort or "", order == Qt.SortOrder.DescendingOrder)

    # -- rows ---------------------------------------------------------------------------------
    def row(self, row: int) -> Row | None:
        """The row if its page is in memory; otherwise None, and the page is asked for."""
        if self.closed or not 0 <= row < self.total:
            return None
        offset = row - row % self.page_size
        page = self._pages.get(offset)
        if page is None:
            self._request_page(offset)
            return None
        self._pages.move_to_end(offset)
        index = row - offset
        return page[index] if index < len(page) else None

    def cached_row(self, row: int) -> Row | None:
        """The row if its page is in memory (never reads)."""
        if not 0 <= row < self.total:
            return None
        offset = row - row % self.page_size
        page = self._pages.get(offset)
        index = row - offset
        return page[index] if page is not None and index < len(page) else None

    def cached_rows(self) -> list[Row]:
        return [row for page in self._pages.values() for row in page]

    def cached_offsets(self) -> list[int]:
        return sorted(self._pages)

    def find_row(self, record_id: str) -> int:
        """The row of *record_id* among the pages in memory, or -1."""
        for offset, page in self._pages.items():
            for i, row in enumerate(page):
                if row.id == record_id:
                    return offset + i
        return -1

    def record_id(self, row: int) -> str | None:
        found = self.cached_row(row)
        return found.id if found else None

    @property
    def loading(self) -> bool:
        return self._reloading or bool(self._pending) or self._reload_timer.isActive()

    # -- sorting and filtering ------------------------------------------------------------------
    def sort_column(self) -> int:
        for i, column in enumerate(self._columns):
            if column.sort == self.sort_key:
                return i
        return -1

    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder

    def set_sort(self, key: str, descending: bool) -> None:
        if key not in self.spec.sorts:
            raise KeyError(key)
        if (key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = key, bool(descending)
        self.reload(keep_pages=False)

    def set_filters(self, filters: dict[str, list[str]]) -> None:
        cleaned = {k: list(v) for k, v in filters.items() if v}
        categories = self.spec.kind == "defender"  # the store's special filter
        for key in cleaned:
            if key not in self.spec.filters and not (key == "category" and categories):
                raise KeyError(key)
        if cleaned == self.filters:
            return
        self.filters = cleaned
        self.reload(keep_pages=False)

    def set_filter(self, key: str, values: list[str] | None) -> None:
        filters = dict(self.filters)
        if values:
            filters[key] = list(values)
        else:
            filters.pop(key, None)
        self.set_filters(filters)

    @property
    def filtered(self) -> bool:
        return bool(self.filters)

    # -- loading ------------------------------------------------------------------------------
    def reload(self, *, keep_pages: bool = True) -> None:
        """Read again (soon: several calls in one event-loop turn make one read). With
        *keep_pages*, the pages in memory are read again too (a refresh after a save)."""
        if self.closed:
            return
        self._keep_offsets = self._keep_offsets or keep_pages
        if not keep_pages:
            self._keep_offsets = False
        self._generation += 1  # answers to older questions are dropped
        self._pending.clear()
        self._reloading = True
        self._reload_timer.start()

    def _start_reload(self) -> None:
        if self.closed:
            return
        offsets = tuple(self.cached_offsets()) if self._keep_offsets and self._pages else (0,)
        self._keep_offsets = False
        generation = self._generation
        self._submit(offsets, generation, reload=True)

    def _request_page(self, offset: int) -> None:
        if self._reloading or offset in self._pending or self.closed:
            return
        self._pending.add(offset)
        self._submit((offset,), self._generation, reload=False)

    def _submit(self, offsets: tuple[int, ...], generation: int, *, reload: bool) -> None:
        hidden = frozenset(
            c.key for c in self.list_kind.columns if c.identifying and not self._show_names
        )
        request = _Request(
            kind=self.spec.kind,
            filters={k: list(v) for k, v in self.filters.items()},
            sort=self.sort_key,
            descending=self.descending,
            offsets=offsets,
            limit=self.page_size,
            columns=self._columns,
            hidden=hidden,
            with_grand_total=reload,
            isolate=QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft,
        )
        holder: list[Job] = []

        def finished(answer: _Answer) -> None:
            self._job_ended(holder)
            self._arrived(answer, generation, reload)

        def failed(exc: BaseException) -> None:
            self._job_ended(holder)
            if generation == self._generation and not self.closed:
                self._reloading = False
                self._pending.clear()
                self.failed.emit(error_message(exc))

        job = self._workers.submit(
            with_connection(self._vault, _fetch(request)),
            name=f"list:{self.spec.kind}",
            on_finished=finished,
            on_failed=failed,
            on_cancelled=lambda: self._job_ended(holder),
        )
        holder.append(job)
        self._jobs.add(job)

    def _job_ended(self, holder: list[Job]) -> None:
        for job in holder:
            self._jobs.discard(job)

    def _arrived(self, answer: _Answer, generation: int, reload: bool) -> None:
        if self.closed:
            return
        self.rows_fetched += answer.rows_fetched
        if generation != self._generation:
            return
        if reload:
            self.beginResetModel()
            self._pages.clear()
            self._pending.clear()
            for offset, rows, total in answer.pages:
                self._pages[offset] = rows
                self.total = total
            if not answer.pages:
                self.total = 0
            if answer.grand_total is not None:
                self.grand_total = answer.grand_total
            self._reloading = False
            self.has_loaded = True
            self.endResetModel()
            self.loaded.emit()
            return
        for offset, rows, total in answer.pages:
            self._pending.discard(offset)
            if total != self.total:
                # Someone added or removed a record meanwhile: read again, in place.
                self._pages[offset] = rows
                self.reload()
                return
            self._pages[offset] = rows
            self._pages.move_to_end(offset)
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)
            if rows:
                self.dataChanged.emit(
                    self.index(offset, 0),
                    self.index(min(offset + len(rows), self.total) - 1, len(self._columns) - 1),
                )

    # -- life cycle ---------------------------------------------------------------------------
    def close(self) -> None:
        """The vault is locking: forget every row and every answer still on its way."""
        self._reload_timer.stop()
        for job in list(self._jobs):
            job.discard()
        self._jobs.clear()
        self.beginResetModel()
        self.closed = True
        self._generation += 1
        self._pages.clear()
        self._pending.clear()
        self._reloading = False
        self.total = 0
        self.grand_total = 0
        self.endResetModel()
